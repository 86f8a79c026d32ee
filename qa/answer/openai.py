"""Backend `openai`: any OpenAI-compatible chat server (OpenAI, DeepSeek, Qwen, Ollama, vLLM,
llama.cpp) through LangChain's ChatOpenAI.

The length limit is sent as `max_tokens`, the field every such server reads: ChatOpenAI's own
`max_tokens` goes out as `max_completion_tokens`, which llama.cpp's server ignores, so a reply
would run until the context is full. Every failure becomes a one-line BackendError that names
the URL and the setting to look at, and never the API key.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

import httpx
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
            max_retries=settings.openai_retries,
            temperature=0,
            use_responses_api=False,  # compatible servers speak chat completions only
            extra_body=_limit(settings.max_tokens),
        )

    def _complete(self, messages: Sequence[Message], max_tokens: int) -> str:
        try:
            return self._chat.invoke(_wire(messages), extra_body=_limit(max_tokens)).text
        except Exception as exc:  # every failure of the call, reported in one line
            raise self._error(exc) from None

    def _stream(self, messages: Sequence[Message], max_tokens: int) -> Iterator[tuple[str, str]]:
        try:
            for chunk in self._chat.stream(_wire(messages), extra_body=_limit(max_tokens)):
                yield chunk.text, chunk.response_metadata.get("finish_reason") or ""
        except Exception as exc:  # every failure of the call, reported in one line
            raise self._error(exc) from None

    def _error(self, exc: Exception) -> BackendError:
        """The one-line reason a call failed, naming the URL and the setting to check."""
        url = self._url
        if isinstance(exc, openai.APITimeoutError | httpx.TimeoutException):
            return BackendError(
                f"no reply from {url} within {self._settings.openai_timeout:g} s "
                "(setting openai_timeout, QA_OPENAI_TIMEOUT)"
            )
        if isinstance(exc, openai.APIConnectionError | httpx.TransportError):
            cause: BaseException = exc  # the socket's own words: "Connection refused"
            while cause.__cause__ is not None:
                cause = cause.__cause__
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


def _limit(max_tokens: int) -> dict[str, Any]:
    """The reply's length limit under the name every compatible server reads."""
    return {"max_tokens": max_tokens}


def _wire(messages: Sequence[Message]) -> list[dict[str, str]]:
    return [m.as_dict() for m in messages]

"""Backend `llamacpp`: a local GGUF model run in this process by llama-cpp-python.

For a machine with no server and no network. llama-cpp-python is an optional extra
(`pip install -e '.[llamacpp]'`), imported only when this backend is chosen; the model is
loaded once per backend and used by one caller at a time.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from qa.answer import BackendError, register
from qa.answer.chat import ChatBackend
from qa.answer.prompt import Message
from qa.config import Settings

if TYPE_CHECKING:
    from llama_cpp import Llama

log = logging.getLogger(__name__)

# The budget (context_tokens) is counted with tiktoken; a model's own tokenizer can need up to
# about twice as many tokens for Chinese, so the window leaves room for that and the reply.
TOKENIZER_SLACK = 2


@register
class LlamaCppBackend(ChatBackend):
    """Answers with a local GGUF model (QA_LLAMACPP_MODEL); the call only, the rest is
    ChatBackend."""

    name: ClassVar[str] = "llamacpp"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self._lock = threading.Lock()  # a llama context serves one generation at a time
        self._llm = _load(settings)

    def _complete(self, messages: Sequence[Message], max_tokens: int) -> str:
        with self._lock:
            reply = self._call(messages, max_tokens, stream=False)
        try:
            return reply["choices"][0]["message"]["content"] or ""
        except (KeyError, IndexError, TypeError):
            raise BackendError("llama-cpp-python returned a reply with no message") from None

    def _stream(self, messages: Sequence[Message], max_tokens: int) -> Iterator[tuple[str, str]]:
        with self._lock:
            chunks = self._call(messages, max_tokens, stream=True)
            try:
                for chunk in chunks:
                    choice = chunk["choices"][0]
                    piece = choice.get("delta", {}).get("content") or ""
                    yield piece, choice.get("finish_reason") or ""
            except ValueError as exc:  # a stream checks the prompt's length when it starts
                raise _refused(exc) from None

    def _call(self, messages: Sequence[Message], max_tokens: int, stream: bool) -> Any:
        try:
            return self._llm.create_chat_completion(
                messages=[m.as_dict() for m in messages],  # type: ignore[misc]
                max_tokens=max_tokens,
                temperature=0.0,
                stream=stream,
            )
        except ValueError as exc:
            raise _refused(exc) from None


def _refused(exc: ValueError) -> BackendError:
    """llama.cpp raises ValueError when a prompt overflows the model's window."""
    return BackendError(
        f"the local model could not take the prompt ({' '.join(str(exc).split())}); "
        "lower context_tokens (QA_CONTEXT_TOKENS)"
    )


def _load(settings: Settings) -> Llama:
    """The model named by QA_LLAMACPP_MODEL, with a window that fits prompt and reply."""
    if not settings.llamacpp_model:
        raise BackendError(
            "backend llamacpp needs a GGUF model file: set QA_LLAMACPP_MODEL "
            "(setting llamacpp_model)"
        )
    path = Path(settings.llamacpp_model).expanduser()
    if not path.is_file():
        raise BackendError(f"QA_LLAMACPP_MODEL names {path}, which is not a file")
    try:
        from llama_cpp import Llama
    except ImportError:
        raise BackendError(
            "backend llamacpp needs llama-cpp-python: pip install -e '.[llamacpp]'"
        ) from None
    try:
        return Llama(
            model_path=str(path),
            n_ctx=TOKENIZER_SLACK * settings.context_tokens + settings.max_tokens,
            n_threads=os.cpu_count() or 1,
            verbose=False,
        )
    except (ValueError, RuntimeError) as exc:
        raise BackendError(
            f"cannot load {path} as a GGUF model (QA_LLAMACPP_MODEL): {' '.join(str(exc).split())}"
        ) from None

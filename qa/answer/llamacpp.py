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
from qa.answer.cite import ABSTAIN_PHRASE
from qa.answer.prompt import REWRITE_MAX_TOKENS, Message, answer_prompt, read_rewrite
from qa.answer.prompt import rewrite_prompt as build_rewrite_prompt
from qa.config import Settings
from qa.records import Passage, Turn

if TYPE_CHECKING:
    from llama_cpp import Llama

log = logging.getLogger(__name__)

# The budget (context_tokens) is counted with tiktoken; a model's own tokenizer can need up to
# about twice as many tokens for Chinese, so the window leaves room for that and the reply.
TOKENIZER_SLACK = 2


@register
class LlamaCppBackend:
    """Answers with a local GGUF model (QA_LLAMACPP_MODEL). `passages_sent` tells which of
    the passages `generate` numbered for the model: hand those to `cite.verify`."""

    name: ClassVar[str] = "llamacpp"
    streams: ClassVar[bool] = True

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._lock = threading.Lock()  # a llama context serves one generation at a time
        self._llm = _load(settings)

    def passages_sent(self, question: str, passages: Sequence[Passage]) -> tuple[Passage, ...]:
        return answer_prompt(question, passages, self._settings.context_tokens).passages

    def standalone(self, question: str, history: Sequence[Turn]) -> str:
        if not history:
            return question
        messages = build_rewrite_prompt(question, history, self._settings.context_tokens)
        limit = min(REWRITE_MAX_TOKENS, self._settings.max_tokens)
        with self._lock:
            reply = self._complete(messages, limit, stream=False)
        try:
            text = reply["choices"][0]["message"]["content"] or ""
        except (KeyError, IndexError, TypeError):
            raise BackendError("llama-cpp-python returned a reply with no message") from None
        return read_rewrite(text, question)

    def generate(
        self, question: str, history: Sequence[Turn], passages: Sequence[Passage]
    ) -> Iterator[str]:
        # `history` is not sent: the pipeline asks the standalone() form of the question.
        prompt = answer_prompt(question, passages, self._settings.context_tokens)
        if not prompt.passages:
            yield ABSTAIN_PHRASE
            return
        finish = ""
        with self._lock:
            chunks = self._complete(prompt.messages, self._settings.max_tokens, stream=True)
            try:
                for chunk in chunks:
                    choice = chunk["choices"][0]
                    finish = choice.get("finish_reason") or finish
                    piece = choice.get("delta", {}).get("content")
                    if piece:
                        yield piece
            except ValueError as exc:  # a stream checks the prompt's length when it starts
                raise _refused(exc) from None
        if finish == "length":
            log.warning(
                "the answer was cut at max_tokens=%d (setting max_tokens, QA_MAX_TOKENS)",
                self._settings.max_tokens,
            )

    def _complete(self, messages: Sequence[Message], max_tokens: int, stream: bool) -> Any:
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

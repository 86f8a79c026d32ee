"""What every chat-model backend shares: the prompts, the passages they number, the follow-up
rewrite, streaming the answer and warning when it was cut. A backend on top of this only
makes the call (`_complete` for one reply, `_stream` for the answer's pieces)."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import ClassVar

from qa.answer.cite import ABSTAIN_PHRASE
from qa.answer.prompt import REWRITE_MAX_TOKENS, Message, answer_prompt, read_rewrite
from qa.answer.prompt import rewrite_prompt as build_rewrite_prompt
from qa.config import Settings
from qa.records import Passage, Turn

log = logging.getLogger(__name__)


class ChatBackend:
    """A backend that answers with a chat model. `passages_sent` tells which of the passages
    `generate` numbered for the model: hand those to `cite.verify`."""

    name: ClassVar[str]
    streams: ClassVar[bool] = True

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    # ------------------------------------------------------------ what a backend implements

    def _complete(self, messages: Sequence[Message], max_tokens: int) -> str:
        """The model's whole reply to `messages` (BackendError when the call fails)."""
        raise NotImplementedError

    def _stream(self, messages: Sequence[Message], max_tokens: int) -> Iterator[tuple[str, str]]:
        """The reply in pieces, as (text, finish reason or "") pairs."""
        raise NotImplementedError

    # ------------------------------------------------------------------- shared behaviour

    def passages_sent(self, question: str, passages: Sequence[Passage]) -> tuple[Passage, ...]:
        return answer_prompt(question, passages, self._settings.context_tokens).passages

    def standalone(self, question: str, history: Sequence[Turn]) -> str:
        if not history:
            return question
        messages = build_rewrite_prompt(question, history, self._settings.context_tokens)
        limit = min(REWRITE_MAX_TOKENS, self._settings.max_tokens)
        return read_rewrite(self._complete(messages, limit), question)

    def generate(
        self, question: str, history: Sequence[Turn], passages: Sequence[Passage]
    ) -> Iterator[str]:
        # `history` is not sent: the pipeline asks the standalone() form of the question.
        prompt = answer_prompt(question, passages, self._settings.context_tokens)
        if not prompt.passages:
            yield ABSTAIN_PHRASE
            return
        finish = ""
        for text, reason in self._stream(prompt.messages, self._settings.max_tokens):
            finish = reason or finish
            if text:
                yield text
        if finish == "length":
            log.warning(
                "the answer was cut at max_tokens=%d (setting max_tokens, QA_MAX_TOKENS)",
                self._settings.max_tokens,
            )

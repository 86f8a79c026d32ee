"""Answer backends: one protocol, chosen by name.

A backend is a small class in a module of this package, decorated with `@register`:
it has a `name`, says whether it `streams`, turns a follow-up into a standalone question,
and `generate`s answer text with [n] markers pointing at the numbered passages it was
given. Citations are then checked by `qa.answer.cite`, never trusted. Adding a backend
touches one file: modules here are discovered by name, and import their optional
dependencies only when used.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator, Sequence
from typing import ClassVar, Protocol, TypeVar

from qa.config import Settings
from qa.errors import QAError
from qa.records import Passage, Turn


class BackendError(QAError, RuntimeError):
    """The backend could not answer (server down, timeout, HTTP error); the message says which."""


class AnswerBackend(Protocol):
    name: ClassVar[str]
    streams: ClassVar[bool]

    def standalone(self, question: str, history: Sequence[Turn]) -> str:
        """The question as it would be asked without the conversation before it."""
        ...

    def generate(
        self, question: str, history: Sequence[Turn], passages: Sequence[Passage]
    ) -> Iterator[str]:
        """Answer text in pieces (one piece when the backend cannot stream)."""
        ...

    def passages_sent(self, question: str, passages: Sequence[Passage]) -> tuple[Passage, ...]:
        """The passages `generate` numbered [1]..[n] (an LLM's prompt budget may drop some);
        citations are verified against these only."""
        ...


B = TypeVar("B", bound=type)
_REGISTRY: dict[str, Callable[[Settings], AnswerBackend]] = {}
_SKIP = {"cite", "prompt", "chat", "features"}  # helpers of the backends, not backends


def register(cls: B) -> B:
    _REGISTRY[cls.name] = cls
    return cls


def _discover() -> None:
    for info in pkgutil.iter_modules(__path__):
        if info.name not in _SKIP:
            importlib.import_module(f"{__name__}.{info.name}")


def backend_names() -> list[str]:
    _discover()
    return sorted(_REGISTRY)


def get_backend(name: str, settings: Settings) -> AnswerBackend:
    _discover()
    try:
        factory = _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise BackendError(
            f"unknown answer backend '{name}' (setting backend, QA_BACKEND); known: {known}"
        ) from None
    return factory(settings)

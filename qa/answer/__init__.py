"""Answer backends: one protocol, chosen by name.

A backend is a small class in a module of this package named as the backend, decorated
with `@register`:
it has a `name`, says whether it `streams`, turns a follow-up into a standalone question,
and `generate`s answer text with [n] markers pointing at the numbered passages it was
given. Citations are then checked by `qa.answer.cite`, never trusted. Adding a backend
touches one file: modules here are listed by name without being imported (so `qa --help`
stays fast), and a backend's module, with its dependencies, is imported when it is asked for.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
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
# How a backend's module declares its class: its source has this line (read, not imported).
_DECLARES = "\n@register\n"


def register(cls: B) -> B:
    _REGISTRY[cls.name] = cls
    return cls


def backend_names() -> list[str]:
    """The backends this package has: one module each, named as the backend. The backends'
    helpers (features, clauses, cite, …) are modules here too; a backend's module is the one
    whose source registers a class, so a new helper never shows up as a backend."""
    here = Path(__path__[0])
    return sorted(
        info.name
        for info in pkgutil.iter_modules(__path__)
        if (here / f"{info.name}.py").is_file()
        and _DECLARES in (here / f"{info.name}.py").read_text(encoding="utf-8")
    )


def get_backend(name: str, settings: Settings) -> AnswerBackend:
    known = backend_names()
    if name not in known:
        raise BackendError(
            f"unknown answer backend '{name}' (setting backend, QA_BACKEND); "
            f"known: {', '.join(known)}"
        )
    importlib.import_module(f"{__name__}.{name}")
    factory = _REGISTRY.get(name)
    if factory is None:  # a module must register the backend it is named for
        raise BackendError(f"module {__name__}.{name} registers no backend called '{name}'")
    return factory(settings)

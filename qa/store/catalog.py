"""The catalog: one SQLite database per index, the source of truth for what is indexed.

It holds the settings the index was made with, the files (what an update compares with the
documents folder), the paragraphs and chunks (chunk id → paragraph), the lexical index (FTS5
over jieba tokens, rowid = chunk id) and the sounds of its words (for qa.crosslingual).
Opening it reads nothing whole: every question is a query.

Commit point: a write is ONE transaction (`Catalog.write`), so an index changes all at once
or not at all; a kill -9, a full disk or an exception mid-write leaves the previous content
(SQLite's rollback, WAL journal). Readers take no lock (WAL: they never wait for the writer)
and see a new write through `generation()`, a counter every commit increments.

Lexical search is BM25 over chunks stored as space-joined jieba tokens (qa.lexical.tokenize),
so the query is tokenised the same way. FTS5 is the lexical index: incremental, on disk and
in the same transaction as the rest. Its bm25() is slow on large indexes (51 ms p50 on 10^5
chunks of /work/shared/bench sentences, eval/bench_store.py), so past bm25.SNAPSHOT_MIN
chunks a bm25s snapshot (memory-mapped; 0.5 ms p50 there) ranks the chunks it holds and FTS5
only those added since (qa.store.bm25).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from qa.records import Chunk, Paragraph
from qa.store import bm25
from qa.store.bm25 import Snapshot
from qa.store.errors import IndexCorrupt, IndexMissing, reason

CATALOG = "catalog.sqlite"
FORMAT = 2  # 1 was the JSON layout of gen-*/chunks.json
LAST_CHAR = "\U0010ffff"  # sorts after every character: name + it bounds the names it starts
BATCH = 900  # ids per `IN (...)` query, below SQLite's smallest variable limit
# FTS5 tokenizer: the text is already cut by jieba and space-joined, so only white space may
# split it (figures like "4.8" and names with symbols stay one token); no case or accent folding.
TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* M* N* P* S* Co'"

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    source TEXT PRIMARY KEY, sha256 TEXT NOT NULL, size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL, chunks INTEGER NOT NULL, problem TEXT NOT NULL,
    reader TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS paragraphs (
    id INTEGER PRIMARY KEY, source TEXT NOT NULL, article INTEGER NOT NULL,
    paragraph INTEGER NOT NULL, title TEXT NOT NULL, section TEXT NOT NULL,
    text TEXT NOT NULL, search_text TEXT NOT NULL, page INTEGER, places TEXT NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS paragraph_place ON paragraphs (source, article, paragraph);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY, paragraph INTEGER NOT NULL, part INTEGER NOT NULL,
    text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chunk_paragraph ON chunks (paragraph);
CREATE VIRTUAL TABLE IF NOT EXISTS lexical USING fts5 (tokens, tokenize="{TOKENIZER}");
CREATE VIRTUAL TABLE IF NOT EXISTS lexical_terms USING fts5vocab (lexical, row);
CREATE TABLE IF NOT EXISTS sounds (
    term TEXT NOT NULL, name TEXT NOT NULL, sound TEXT NOT NULL,
    PRIMARY KEY (term, name)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sound_key ON sounds (sound);
-- chunk ids removed here whose vectors the vector index may still hold
CREATE TABLE IF NOT EXISTS dead (id INTEGER PRIMARY KEY);
"""


class FileEntry(NamedTuple):
    """What the catalog knows of one document: enough to tell whether it changed. A named
    tuple, not a dataclass: an update reads one per file (67,568 at a million chunks), and
    building frozen dataclasses took a third of a second of it."""

    sha256: str
    size: int
    mtime_ns: int
    chunks: int
    problem: str = ""
    reader: str = ""  # READER_VERSION that read it: a newer reader reads every file again


@dataclass(frozen=True)
class IndexInfo:
    """How the index was made (the catalog's settings)."""

    embedder: str
    dim: int
    chunking: dict[str, Any]
    store: str
    vectors: str  # the folder of the vector index, relative to the index folder
    next_id: int = 1  # the next chunk id to give
    reserved: int = 1  # ids below it may have been added by a write that never committed
    generation: int = 0  # incremented by every commit
    updated: str = ""
    lexical: str = ""  # the BM25 snapshot folder (qa.store.bm25); "" = FTS5 alone
    lexical_upto: int = 0  # the snapshot holds the chunks below this id
    format: int = FORMAT


@dataclass(frozen=True)
class Change:
    """One update of the catalog, written in one transaction by `Catalog.write`."""

    info: IndexInfo
    files: dict[str, FileEntry]  # the files whose entry is new or differs (all on a rebuild)
    forget_files: tuple[str, ...] = ()  # files no longer in the documents folder
    drop_sources: tuple[str, ...] = ()  # files whose paragraphs and chunks go
    paragraphs: tuple[Paragraph, ...] = ()  # the new paragraphs
    chunks: tuple[tuple[int, Chunk, str], ...] = ()  # (id, chunk, space-joined tokens)
    sounds: tuple[tuple[str, str, str], ...] = ()  # (term, name, sound) of new words
    rebuild: bool = False  # drop everything first
    dropped: list[int] = field(default_factory=list, compare=False)  # filled: ids removed


class Catalog:
    """One open connection to an index's catalog.sqlite."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.db = connection
        self._snapshot: tuple[str, Snapshot | None] = ("", None)  # loaded on first use

    @classmethod
    def open(cls, folder: Path, *, create: bool = False) -> Catalog:
        """The catalog in `folder`: IndexMissing when there is none (and not `create`),
        IndexCorrupt when it cannot be read."""
        path = Path(folder) / CATALOG
        if not path.exists() and not create:
            raise IndexMissing(f"no index in {folder}")
        try:
            db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")  # a commit survives a power cut
            db.execute("PRAGMA busy_timeout=30000")
            if create:
                db.executescript(SCHEMA)
            else:
                db.execute("SELECT count(*) FROM settings").fetchone()
        except sqlite3.DatabaseError as exc:
            raise IndexCorrupt(f"index in {folder} is unreadable ({reason(exc)})") from exc
        return cls(path, db)

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------------ reading

    def info(self) -> IndexInfo:
        """The settings; IndexCorrupt when they are missing or of another format."""
        try:
            rows = dict(self.db.execute("SELECT key, value FROM settings").fetchall())
            data = {k: json.loads(v) for k, v in rows.items()}
            info = IndexInfo(**data)
        except (sqlite3.DatabaseError, ValueError, TypeError) as exc:
            raise IndexCorrupt(
                f"index in {self.path.parent} is unreadable ({reason(exc)})"
            ) from exc
        if info.format != FORMAT:
            raise IndexCorrupt(f"index in {self.path.parent} is of format {info.format}")
        return info

    def generation(self) -> int:
        """The commit counter: changes whenever a writer has committed."""
        try:
            row = self.db.execute("SELECT value FROM settings WHERE key='generation'").fetchone()
        except sqlite3.DatabaseError:
            return -1
        return int(json.loads(row[0])) if row else -1

    def files(self) -> dict[str, FileEntry]:
        rows = self.db.execute(
            "SELECT source, sha256, size, mtime_ns, chunks, problem, reader FROM files "
            "ORDER BY source"
        )
        return {r[0]: FileEntry(*r[1:]) for r in rows}

    def count(self, table: str) -> int:
        if table not in ("chunks", "paragraphs", "files"):
            raise ValueError(table)
        return int(self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def stats(self) -> dict[str, int]:
        """How many documents, articles and paragraphs are indexed (with paragraphs)."""
        row = self.db.execute(
            "SELECT count(DISTINCT source), "
            "(SELECT count(*) FROM (SELECT DISTINCT source, article FROM paragraphs)), count(*) "
            "FROM paragraphs"
        ).fetchone()
        return {"documents": row[0], "articles": row[1], "paragraphs": row[2]}

    def dead(self) -> np.ndarray:
        """Chunk ids removed from the catalog whose vectors may still be in the index."""
        return np.fromiter((r[0] for r in self.db.execute("SELECT id FROM dead")), np.int64)

    def chunk_paragraphs(self, ids: Iterable[int]) -> dict[int, int]:
        """Live chunk id → paragraph id, for those of `ids` still in the catalog."""
        out: dict[int, int] = {}
        for batch in _batches(list(ids)):
            marks = ",".join("?" * len(batch))
            out.update(
                self.db.execute(f"SELECT id, paragraph FROM chunks WHERE id IN ({marks})", batch)
            )
        return out

    def paragraphs(self, ids: Iterable[int]) -> dict[int, Paragraph]:
        """Paragraph id → Paragraph for those of `ids` in the catalog."""
        out: dict[int, Paragraph] = {}
        for batch in _batches(list(ids)):
            marks = ",".join("?" * len(batch))
            rows = self.db.execute(f"SELECT {_PARAGRAPH} WHERE id IN ({marks})", batch)
            out.update((r[0], _paragraph(r)) for r in rows)
        return out

    def following(self, source: str, article: int, paragraph: int, limit: int) -> list[Paragraph]:
        """The next `limit` paragraphs of one article after `paragraph`, in order."""
        rows = self.db.execute(
            f"SELECT {_PARAGRAPH} WHERE source = ? AND article = ? AND paragraph > ? "
            "ORDER BY paragraph LIMIT ?",
            (source, article, paragraph, limit),
        )
        return [_paragraph(r) for r in rows]

    def all_paragraphs(self) -> Iterator[Paragraph]:
        """Every paragraph in file, article and paragraph order (one row at a time)."""
        rows = self.db.execute(f"SELECT {_PARAGRAPH} ORDER BY source, article, paragraph")
        return (_paragraph(r) for r in rows)

    def allowed_chunks(self, source: str | None, article: int | None) -> np.ndarray:
        """The chunk ids of the paragraphs that pass the filters (a file name or its start;
        an article number)."""
        where, args = _filters(source, article)
        rows = self.db.execute(
            f"SELECT c.id FROM chunks c JOIN paragraphs p ON p.id = c.paragraph {where}", args
        )
        return np.fromiter((r[0] for r in rows), dtype=np.int64)

    def lexical(
        self,
        tokens: Sequence[str],
        limit: int,
        source: str | None = None,
        article: int | None = None,
    ) -> list[tuple[int, int, float]]:
        """(chunk id, paragraph id, BM25 score) of the `limit` best chunks for the tokens
        (any of them), best first; a token twice counts twice, as in the query."""
        query = " OR ".join('"' + t.replace('"', '""') + '"' for t in tokens if t.strip())
        if not query or limit <= 0:
            return []
        name, upto = self._lexical_setting()
        snapshot = self._load_snapshot(name) if name else None
        if snapshot is None:
            return self._fts(query, limit, source, article, 0)
        allowed = None
        if source is not None or article is not None:
            allowed = self.allowed_chunks(source, article)
        # removed chunks are still in the snapshot: ask for more, keep the live ones
        base = snapshot.top(list(tokens), 2 * limit, allowed)
        paragraph = self.chunk_paragraphs(cid for cid, _ in base)
        hits = [(cid, paragraph[cid], score) for cid, score in base if cid in paragraph]
        hits += self._fts(query, limit, source, article, upto)
        hits.sort(key=lambda h: (-h[2], h[0]))
        return hits[:limit]

    def _fts(
        self, query: str, limit: int, source: str | None, article: int | None, since: int
    ) -> list[tuple[int, int, float]]:
        """FTS5's BM25 ranking of the chunks with id >= `since`."""
        if source is None and article is None:  # FTS5 ranks alone; only the best are joined
            rows = self.db.execute(
                "SELECT l.id, c.paragraph, -l.r FROM (SELECT rowid AS id, bm25(lexical) AS r "
                "FROM lexical WHERE lexical MATCH ? AND rowid >= ? ORDER BY r LIMIT ?) l "
                "JOIN chunks c ON c.id = l.id ORDER BY l.r, l.id",
                (query, since, limit),
            )
        else:
            where, args = _filters(source, article)
            rows = self.db.execute(
                "SELECT l.rowid, c.paragraph, -bm25(lexical) FROM lexical l "
                "JOIN chunks c ON c.id = l.rowid JOIN paragraphs p ON p.id = c.paragraph "
                f"WHERE lexical MATCH ? AND l.rowid >= ? AND {where.removeprefix('WHERE ')} "
                "ORDER BY bm25(lexical), l.rowid LIMIT ?",
                [query, since, *args, limit],
            )
        return [(int(r[0]), int(r[1]), float(r[2])) for r in rows]

    def _lexical_setting(self) -> tuple[str, int]:
        rows = dict(
            self.db.execute(
                "SELECT key, value FROM settings WHERE key IN ('lexical', 'lexical_upto')"
            ).fetchall()
        )
        return json.loads(rows.get("lexical", '""')), int(json.loads(rows.get("lexical_upto", "0")))

    def _load_snapshot(self, name: str) -> Snapshot | None:
        """The snapshot `name`, loaded once; None when it cannot be read (FTS5 then ranks
        everything: slower, not wrong)."""
        if self._snapshot[0] != name:
            try:
                self._snapshot = (name, Snapshot(self.path.parent / name))
            except (OSError, ValueError, KeyError):
                self._snapshot = (name, None)
        return self._snapshot[1]

    def snapshot_due(self) -> bool:
        """Whether a new BM25 snapshot should be written: the index is past SNAPSHOT_MIN
        chunks and the chunks added or removed since the last one pass SNAPSHOT_SHARE."""
        live = self.count("chunks")
        if live < bm25.SNAPSHOT_MIN:
            return False
        name, upto = self._lexical_setting()
        held = bm25.snapshot_rows(self.path.parent / name) if name else None  # not loaded
        if held is None:
            return True
        added = self.db.execute("SELECT count(*) FROM chunks WHERE id >= ?", (upto,)).fetchone()
        kept = live - int(added[0])
        changed = int(added[0]) + (held - kept)
        return changed > bm25.SNAPSHOT_SHARE * held

    def write_snapshot(self) -> tuple[str, int]:
        """Write a BM25 snapshot of every chunk now in the catalog and name it here (its own
        small transaction, after the update's: the update is whole without it)."""
        rows = [
            (int(i), str(t))
            for i, t in self.db.execute("SELECT rowid, tokens FROM lexical ORDER BY rowid")
        ]
        upto = max((i for i, _ in rows), default=0) + 1
        name = bm25.build(self.path.parent, rows)
        with _transaction(self.db):
            _set(self.db, "lexical", name)
            _set(self.db, "lexical_upto", upto)
        bm25.remove_others(self.path.parent, keep=name)
        return name, upto

    def __contains__(self, term: object) -> bool:
        """Whether a live chunk has this token (the BM25 vocabulary, for qa.crosslingual)."""
        if not isinstance(term, str):
            return False
        row = self.db.execute("SELECT 1 FROM lexical_terms WHERE term = ?", (term,)).fetchone()
        return row is not None

    def sounding(self, sound: str) -> list[str]:
        """Corpus names whose toneless pinyin is `sound` (of live words only)."""
        rows = self.db.execute("SELECT DISTINCT name, term FROM sounds WHERE sound = ?", (sound,))
        return sorted({name for name, term in rows if term in self})

    def known_sounds(self, terms: Iterable[str]) -> set[str]:
        """Which of `terms` already have their sounds recorded."""
        out: set[str] = set()
        for batch in _batches(list(terms)):
            marks = ",".join("?" * len(batch))
            rows = self.db.execute(f"SELECT term FROM sounds WHERE term IN ({marks})", batch)
            out.update(r[0] for r in rows)
        return out

    # ------------------------------------------------------------------ writing

    def checkpoint(self) -> None:
        """Copy the WAL into the database and truncate it (after a write: the WAL would
        otherwise keep the size of the largest update). Best effort: a reader still on an
        older snapshot only delays it."""
        try:
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.DatabaseError:
            return

    def reserve(self, until: int) -> None:
        """Record, before vectors are added, that ids below `until` may be in the vector
        index: a write killed before its commit leaves them to the next writer to remove."""
        with _transaction(self.db):
            _set(self.db, "reserved", until)

    def clear_dead(self, ids: np.ndarray) -> None:
        """The vectors of `ids` are gone from the vector index: forget them."""
        with _transaction(self.db):
            for batch in _batches(ids.tolist()):
                marks = ",".join("?" * len(batch))
                self.db.execute(f"DELETE FROM dead WHERE id IN ({marks})", batch)

    def write(self, change: Change) -> None:
        """Apply `change` in one transaction: all of it, or (on any error) none of it.
        The ids of the chunks it removes are put in `dead` and in `change.dropped`."""
        db = self.db
        with _transaction(db):
            if change.rebuild:
                # the old vectors are in another folder, removed after the commit
                for table in ("files", "paragraphs", "chunks", "lexical", "sounds", "dead"):
                    db.execute(f"DELETE FROM {table}")
            for source in change.drop_sources:
                ids = [
                    r[0]
                    for r in db.execute(
                        "SELECT c.id FROM chunks c JOIN paragraphs p ON p.id = c.paragraph "
                        "WHERE p.source = ?",
                        (source,),
                    )
                ]
                change.dropped.extend(ids)
                for batch in _batches(ids):
                    marks = ",".join("?" * len(batch))
                    db.execute(f"DELETE FROM chunks WHERE id IN ({marks})", batch)
                    db.execute(f"DELETE FROM lexical WHERE rowid IN ({marks})", batch)
                    db.executemany("INSERT OR IGNORE INTO dead (id) VALUES (?)", _rows(batch))
                db.execute("DELETE FROM paragraphs WHERE source = ?", (source,))
            place: dict[tuple[str, int, int], int] = {}
            for p in change.paragraphs:
                cursor = db.execute(
                    "INSERT INTO paragraphs (source, article, paragraph, title, section, text, "
                    "search_text, page, places) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        p.source,
                        p.article,
                        p.paragraph,
                        p.title,
                        p.section,
                        p.text,
                        p.search_text,
                        p.page,
                        json.dumps(list(p.places), ensure_ascii=False),
                    ),
                )
                place[(p.source, p.article, p.paragraph)] = int(cursor.lastrowid or 0)
            db.executemany(
                "INSERT INTO chunks (id, paragraph, part, text) VALUES (?, ?, ?, ?)",
                (
                    (cid, place[(c.source, c.article, c.paragraph)], c.part, c.text)
                    for cid, c, _ in change.chunks
                ),
            )
            db.executemany(
                "INSERT INTO lexical (rowid, tokens) VALUES (?, ?)",
                ((cid, tokens) for cid, _, tokens in change.chunks),
            )
            db.executemany(
                "INSERT OR IGNORE INTO sounds (term, name, sound) VALUES (?, ?, ?)", change.sounds
            )
            # only the entries that changed: at 10^5 files, rewriting all took seconds
            db.executemany("DELETE FROM files WHERE source = ?", _rows(change.forget_files))
            db.executemany(
                "INSERT OR REPLACE INTO files (source, sha256, size, mtime_ns, chunks, problem, "
                "reader) VALUES (?, ?, ?, ?, ?, ?, ?)",
                ((s, *e) for s, e in change.files.items()),
            )
            for key, value in asdict(change.info).items():
                _set(db, key, value)


class _transaction:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception (Ctrl-C included)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is None:
            self.db.execute("COMMIT")
        elif self.db.in_transaction:
            self.db.execute("ROLLBACK")


_PARAGRAPH = (
    "id, source, article, title, section, paragraph, text, search_text, page, places "
    "FROM paragraphs"
)


def _paragraph(row: Sequence[Any]) -> Paragraph:
    return Paragraph(*row[1:8], page=row[8], places=tuple(json.loads(row[9])))


def _filters(source: str | None, article: int | None) -> tuple[str, list[Any]]:
    clauses, args = [], []
    if source is not None:  # the file name, or its start ("002" picks 002_….txt): a range
        clauses.append("p.source >= ? AND p.source < ?")  # of the index on paragraphs
        args += [source, source + LAST_CHAR]
    if article is not None:
        clauses.append("p.article = ?")
        args.append(article)
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", args


def _set(db: sqlite3.Connection, key: str, value: Any) -> None:
    db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, json.dumps(value, ensure_ascii=False)),
    )


def _batches(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def _rows(items: Iterable[Any]) -> Iterator[tuple[Any]]:
    return ((i,) for i in items)

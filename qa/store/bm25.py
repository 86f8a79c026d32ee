"""A BM25 snapshot of a large index's chunks: bm25s, saved as arrays and memory-mapped.

Why: FTS5's bm25() scores every chunk that holds any query word, one row at a time; on 10^5
chunks of real Chinese sentences that took 51 ms p50 (311 ms p95) a query against bm25s's
0.5 ms (25 ms p95) (eval/bench_store.py, 2 cores shared with other jobs). FTS5 stays the
incremental, transactional lexical index (the chunks added since the snapshot, the
vocabulary, small indexes); above SNAPSHOT_MIN chunks the catalog also keeps a snapshot of
every chunk's tokens in bm25s, and a query scores the snapshot with bm25s and only the chunks
added since with FTS5 (a rowid range it evaluates before scoring). Chunks removed since the
snapshot are dropped by the catalog join. The two parts' scores are both BM25 over the same
tokens (bm25s: Lucene IDF, k1 1.5; FTS5: k1 1.2), close enough to merge a delta of at most
SNAPSHOT_SHARE of the snapshot; a new snapshot is written past that share.

Files: `bm25-<id>/` in the index folder (bm25s's own npy arrays, no pickle, and its JSON
vocabulary, plus `ids.npy`: the chunk id of every row). The catalog names the current one.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import numpy as np

PREFIX = "bm25-"
IDS = "ids.npy"
# Below this many chunks FTS5 alone ranks (a snapshot costs a rebuild; FTS5 on 10^4 chunks
# is a few ms). Chosen from the 10^5 measurement above: FTS5's cost grows with the corpus.
SNAPSHOT_MIN = 20_000
# A new snapshot when the chunks added or removed since the last pass this share of it.
SNAPSHOT_SHARE = 0.10


class Snapshot:
    """A memory-mapped bm25s index and the chunk id of each of its rows (ascending)."""

    def __init__(self, path: Path) -> None:
        import bm25s

        self.path = path
        self.model = bm25s.BM25.load(str(path), mmap=True, load_corpus=False, show_progress=False)
        self.ids = np.load(path / IDS, mmap_mode="r", allow_pickle=False)
        self.vocabulary: dict[str, int] = self.model.vocab_dict

    def top(
        self, tokens: list[str], limit: int, allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """(chunk id, BM25) of the `limit` best rows for the tokens, best first; with
        `allowed`, only those chunk ids."""
        known = [t for t in tokens if t in self.vocabulary]
        if not known or limit <= 0:
            return []
        scores = np.asarray(self.model.get_scores(known), dtype=np.float32)
        if allowed is not None:  # ids are sorted: look the allowed ones up
            pos = np.minimum(np.searchsorted(self.ids, allowed), max(len(self.ids) - 1, 0))
            pos = pos[self.ids[pos] == allowed]
            kept = np.zeros_like(scores)
            kept[pos] = scores[pos]
            scores = kept
        hits = np.flatnonzero(scores > 0)
        if hits.size > limit:
            hits = hits[np.argpartition(-scores[hits], limit - 1)[:limit]]
        order = hits[np.lexsort((self.ids[hits], -scores[hits]))]
        return [(int(self.ids[i]), float(scores[i])) for i in order]


def snapshot_rows(path: Path) -> int | None:
    """How many chunks the snapshot at `path` holds (the length of its ids file, read without
    loading the BM25 model: a writer asks this on every update); None when unreadable."""
    try:
        return len(np.load(path / IDS, mmap_mode="r", allow_pickle=False))
    except (OSError, ValueError):
        return None


def build(folder: Path, rows: list[tuple[int, str]]) -> str:
    """Write a snapshot of (chunk id, space-joined tokens) rows into a new folder under
    `folder`; its name. Nothing is named by the catalog yet: a kill leaves a folder the next
    writer removes."""
    import bm25s

    name = f"{PREFIX}{uuid.uuid4().hex[:12]}"
    path = folder / name
    try:
        model = bm25s.BM25()
        model.index([tokens.split() for _, tokens in rows], show_progress=False)
        model.save(str(path), show_progress=False)
        np.save(path / IDS, np.asarray([i for i, _ in rows], dtype=np.int64), allow_pickle=False)
        for file in path.iterdir():
            fd = os.open(file, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    return name


def remove_others(folder: Path, keep: str) -> None:
    """Remove snapshot folders the catalog does not name (a reader that mapped one keeps it)."""
    for path in folder.glob(f"{PREFIX}*"):
        if path.name != keep:
            shutil.rmtree(path, ignore_errors=True)

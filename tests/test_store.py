"""The store's own promises, below the pipeline: the faiss store switches from exact to an
inverted file past EXACT_MAX and keeps ids, removals and filters across compaction and
reopening; the catalog answers BM25, filters and vocabulary questions with SQL; a store name
that does not exist, or another than the index was built with, is one line."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from conftest import MINILM
from typer.testing import CliRunner

import qa.cli
import qa.store.bm25
import qa.store.faiss as faiss_store
from qa.config import Settings
from qa.lexical import tokenize
from qa.pipeline import Pipeline
from qa.store import IndexMismatch, Store
from qa.store.vectors import open_vectors

DIM = 32
TIANJIN = "天津推行战区制改革\n\n天津推行“战区制、主官上、权下放”体制创新,明确街道为主战区。\n"


def clustered_rows(n: int, seed: int = 0) -> np.ndarray:
    """Unit rows in a few tight clusters, like texts on a few topics (harder than spread-out
    random points for an approximate index)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(8, DIM))
    rows = centres[rng.integers(0, 8, size=n)] + 0.3 * rng.normal(size=(n, DIM))
    rows = rows.astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_faiss_goes_from_exact_to_an_inverted_file_past_exact_max_and_keeps_its_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(faiss_store, "EXACT_MAX", 300)
    monkeypatch.setattr(faiss_store, "DELTA_MIN", 50)
    rows = clustered_rows(600)
    ids = np.arange(1000, 1600, dtype=np.int64)
    index = open_vectors("faiss", tmp_path, DIM)
    index.add(ids[:200], rows[:200])
    index.flush()
    assert not index.approximate and len(index) == 200  # type: ignore[attr-defined]
    index.add(ids[200:], rows[200:])
    index.flush()  # 600 > EXACT_MAX: compacted into one IVF + SQ8 base
    assert index.approximate and len(index) == 600  # type: ignore[attr-defined]
    assert all(index.search(rows[i], 1)[0][0] == ids[i] for i in range(0, 600, 37))

    index.remove(ids[:100])
    index.flush()
    reopened = open_vectors("faiss", tmp_path, DIM)
    assert len(reopened) == 500
    for i in range(0, 600, 23):
        hits = [h for h, _ in reopened.search(rows[i], 10)]
        assert not set(hits) & set(ids[:100].tolist())  # tombstones never come back
        if i >= 100:
            assert hits[0] == ids[i]
    allowed = ids[[5, 150, 400]]  # a filter: the removed id 5 stays out
    assert {h for h, _ in reopened.search(rows[150], 10, allowed)} == {1150, 1400}
    names = {p.name for p in tmp_path.iterdir()} - {"faiss.json"}
    assert all(n.startswith("faiss-") for n in names)
    assert len(names) <= 3  # base, delta, tombstones: no file left unreferenced


def test_the_catalog_answers_bm25_filters_and_vocabulary_with_sql(
    small_settings: Settings,
) -> None:
    pipeline = Pipeline(small_settings)
    pipeline.index()
    catalog = Store.load(small_settings.index).catalog
    best = catalog.lexical(tokenize("梅河口 网格"), 5)
    [jilin] = catalog.paragraphs([best[0][1]]).values()
    assert (jilin.source, jilin.paragraph) == ("001_jilin.txt", 1)
    assert [s for *_, s in best] == sorted((s for *_, s in best), reverse=True)
    only = catalog.lexical(tokenize("梅河口 社区"), 5, source="002")
    assert only and {p.source for p in catalog.paragraphs(pid for _, pid, _ in only).values()} == {
        "002_lanzhou.txt"
    }
    assert catalog.lexical(tokenize("梅河口"), 5, source="002") == []
    assert catalog.allowed_chunks("003", None).size == 2
    assert catalog.allowed_chunks(None, 2).size == 0
    assert "梅河口" in catalog and "meihekou" not in catalog
    assert catalog.sounding("meihekou") == ["梅河口"]
    assert catalog.stats() == {"documents": 3, "articles": 3, "paragraphs": 6}

    (small_settings.docs / "001_jilin.txt").unlink()
    pipeline.index()
    assert "梅河口" not in catalog and catalog.sounding("meihekou") == []  # live words only
    assert catalog.lexical(tokenize("梅河口"), 5) == []


def test_an_unknown_store_is_one_line(small_settings: Settings) -> None:
    argv = ["index", "--store", "nosuch", "--docs", str(small_settings.docs)]
    result = CliRunner().invoke(
        qa.cli.app, [*argv, "--index", str(small_settings.index)], env={"QA_EMBEDDER": MINILM}
    )
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "error: unknown store 'nosuch'; known: faiss, milvus "
        "(setting `store`, env QA_STORE, flag --store)"
    )


def test_an_index_of_another_store_asks_for_a_rebuild(small_settings: Settings) -> None:
    Pipeline(replace(small_settings, store="faiss")).index()
    with pytest.raises(IndexMismatch, match="built with store 'faiss' but the settings ask"):
        Pipeline(replace(small_settings, store="milvus")).search("梅河口")


def test_a_large_index_ranks_with_a_bm25_snapshot_and_fts5_for_what_came_after(
    small_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past SNAPSHOT_MIN chunks (4 here, 20 000 in use) bm25s ranks the snapshot's chunks and
    FTS5 the ones added since; removed ones are dropped by the catalog."""
    monkeypatch.setattr(qa.store.bm25, "SNAPSHOT_MIN", 4)
    monkeypatch.setattr(qa.store.bm25, "SNAPSHOT_SHARE", 1.0)  # no new snapshot in this test
    pipeline = Pipeline(small_settings)
    pipeline.index()
    store = Store.load(small_settings.index)
    info, catalog = store.info, store.catalog
    assert info.lexical.startswith("bm25-") and info.lexical_upto == 7
    assert (small_settings.index / info.lexical / "ids.npy").is_file()
    [(cid, pid, _), *_] = catalog.lexical(tokenize("梅河口 网格"), 5)
    assert catalog.paragraphs([pid])[pid].source == "001_jilin.txt" and cid < 7
    only = catalog.lexical(tokenize("梅河口 社区"), 5, source="002")
    assert {catalog.paragraphs([p])[p].source for _, p, _ in only} == {"002_lanzhou.txt"}

    (small_settings.docs / "004_tianjin.txt").write_text(TIANJIN, encoding="utf-8")
    (small_settings.docs / "001_jilin.txt").unlink()
    pipeline.index()
    assert Store.load(small_settings.index).info.lexical == info.lexical  # the same snapshot
    [(cid, pid, _), *_] = catalog.lexical(tokenize("天津 战区制"), 5)
    assert cid >= 7 and catalog.paragraphs([pid])[pid].source == "004_tianjin.txt"
    assert catalog.lexical(tokenize("梅河口"), 5) == []  # in the snapshot, gone from the index
    assert pipeline.search("天津 战区制", k=1, mode="lexical")[0].source == "004_tianjin.txt"

    monkeypatch.setattr(qa.store.bm25, "SNAPSHOT_SHARE", 0.1)
    monkeypatch.setattr(qa.store.bm25, "SNAPSHOT_MIN", 2)
    (small_settings.docs / "003_beijing.txt").unlink()
    pipeline.index()  # removed and added since pass the share: a new snapshot, the old goes
    now = Store.load(small_settings.index).info
    assert now.lexical != info.lexical and not (small_settings.index / info.lexical).exists()
    assert [p.name for p in small_settings.index.glob("bm25-*")] == [now.lexical]

"""The store's own promises, below the pipeline: the faiss store switches from exact to HNSW
past EXACT_MAX and keeps ids, removals and filters across compaction and reopening; the
catalog answers BM25, filters and vocabulary questions with SQL; a store name that does not
exist, or another than the index was built with, is one line."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from conftest import MINILM
from typer.testing import CliRunner

import qa.cli
import qa.store.faiss as faiss_store
from qa.config import Settings
from qa.lexical import tokenize
from qa.pipeline import Pipeline
from qa.store import IndexMismatch, Store
from qa.store.vectors import open_vectors

DIM = 32


def clustered_rows(n: int, seed: int = 0) -> np.ndarray:
    """Unit rows in a few tight clusters, like texts on a few topics (harder than spread-out
    random points for an approximate index)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(8, DIM))
    rows = centres[rng.integers(0, 8, size=n)] + 0.3 * rng.normal(size=(n, DIM))
    rows = rows.astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_faiss_goes_from_exact_to_hnsw_past_exact_max_and_keeps_its_ids(
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
    index.flush()  # 600 > EXACT_MAX: compacted into one HNSW base
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

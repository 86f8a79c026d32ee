"""The index changes all at once or not at all. Every write ends in one SQLite transaction of
the catalog (its commit point, counted by `generation`); a full disk, an exception or a kill -9
in the middle of the write leaves the previous index answering, and what the write left (vectors
of ids it never committed) is removed by the next writer, with one line said. Readers take no
lock: while a writer works they answer from the last complete index."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result
from conftest import MINILM
from typer.testing import CliRunner

import qa.cli
import qa.store
from qa.config import Settings
from qa.pipeline import Pipeline
from qa.store import Store, StoreError

QA = Path(sys.executable).with_name("qa")
TIANJIN = (
    "天津推行战区制改革\n\n"
    "天津推行“战区制、主官上、权下放”体制创新,明确街道为主战区。\n\n"
    "党工委书记为总指挥,强化工作一线处置权和统筹权。\n"
)
ENV = {**os.environ, "QA_EMBEDDER": MINILM, "HF_HUB_OFFLINE": "1", "PYTHONPATH": os.getcwd()}


def qa_cli(settings: Settings, *args: str) -> Result:
    argv = [*args, "--docs", str(settings.docs), "--index", str(settings.index)]
    return CliRunner().invoke(qa.cli.app, argv, env={"QA_EMBEDDER": MINILM})


def generation(folder: Path) -> int:
    """The catalog's commit counter, read as another process would."""
    return Store.load(folder).info.generation


def leftovers(folder: Path) -> list[str]:
    """What an unfinished write would leave: chunk ids reserved but never committed, vector
    folders or files the index does not name."""
    info = Store.load(folder).info
    left = [f"id {i}" for i in range(info.next_id, info.reserved)]
    left += [p.name for p in folder.glob("vectors-*") if p.name != info.vectors]
    listed = json.loads((folder / info.vectors / "faiss.json").read_text(encoding="utf-8"))
    names = {listed["base"], listed["tombstones"], *listed["deltas"]}
    left += [p.name for p in (folder / info.vectors).glob("faiss-*") if p.name not in names]
    return left


def test_each_write_is_one_commit_and_nothing_is_left_behind(small_settings: Settings) -> None:
    pipeline = Pipeline(small_settings)
    pipeline.index()
    index = small_settings.index
    first = generation(index)
    assert sorted(p.name for p in index.iterdir() if not p.name.startswith((".", "catalog"))) == [
        Store.load(index).info.vectors
    ]

    (small_settings.docs / "004_tianjin.txt").write_text(TIANJIN, encoding="utf-8")
    pipeline.index()
    assert generation(index) == first + 1

    (small_settings.docs / "004_tianjin.txt").unlink()
    pipeline.index()
    assert generation(index) == first + 2
    assert leftovers(index) == [] and len(Store.load(index).vectors) == 6


def test_a_reader_sees_a_new_commit_and_reopens(small_settings: Settings) -> None:
    reader = Pipeline(small_settings)
    assert reader.search("兰州 大党委", k=1)[0].source == "002_lanzhou.txt"
    writer = Pipeline(small_settings)
    (small_settings.docs / "004_tianjin.txt").write_text(TIANJIN, encoding="utf-8")
    writer.index()
    (small_settings.docs / "004_tianjin.txt").write_text(TIANJIN + "\n街道吹哨。\n", "utf-8")
    writer.index()  # the chunks the reader's vectors hold for the first version are gone
    assert reader.retriever.store.info.generation == generation(small_settings.index)
    assert reader.search("天津 战区制", k=1)[0].source == "004_tianjin.txt"


def test_an_index_of_the_earlier_layout_is_rebuilt_with_one_line(
    small_settings: Settings,
) -> None:
    index = small_settings.index  # issue 10's layout: CURRENT naming a generation folder
    (index / "gen-0123").mkdir(parents=True)
    for name in ("chunks.faiss", "chunks.json", "manifest.json"):
        (index / "gen-0123" / name).write_text("{}", encoding="utf-8")
    (index / "CURRENT").write_text("gen-0123\n", encoding="utf-8")

    result = qa_cli(small_settings, "search", "梅河口 网格", "--json", "-k", "1")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        f"index in {index} has the layout of an earlier version; rebuilding it"
    )
    assert json.loads(result.stdout)["passages"][0]["source"] == "001_jilin.txt"
    assert not (index / "CURRENT").exists() and not (index / "gen-0123").exists()


@pytest.mark.parametrize("step", ["vectors", "catalog"])
def test_a_write_error_at_any_step_keeps_the_previous_index(
    small_settings: Settings, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """ENOSPC injected into the vectors' flush, or the catalog's transaction (after its
    last row: SQLite rolls all of it back)."""
    Pipeline(small_settings).index()
    index = small_settings.index
    before = generation(index)

    def full(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if step == "vectors":
        monkeypatch.setattr(qa.store.faiss.faiss, "write_index", full)
    else:
        real_set = qa.store.catalog._set

        def set_then_full(db: object, key: str, value: object) -> None:
            if key == "generation":  # after every row of the update, in the transaction
                full()
            real_set(db, key, value)  # type: ignore[arg-type]

        monkeypatch.setattr(qa.store.catalog, "_set", set_then_full)

    (small_settings.docs / "004_tianjin.txt").write_text(TIANJIN, encoding="utf-8")
    with pytest.raises(StoreError) as failed:
        Pipeline(small_settings).index()
    assert str(failed.value) == (
        f"could not write the index in {index} (No space left on device); "
        "the previous index is kept"
    )
    assert generation(index) == before and len(Store.load(index)) == 6

    notes: list[str] = []  # a reader asks while the disk is still full: the old index answers
    answer = Pipeline(small_settings, notify=notes.append).ask("兰州有多少在职党员到社区报到?")
    assert not answer.error and answer.citations[0].source == "002_lanzhou.txt"
    assert any("the previous index is kept; answering from it" in n for n in notes)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs: a real full disk (needs root and mount, as in CI containers). The
    catalog with its journal (WAL) takes about 250 KB for the three small files."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_keeps_the_previous_index_answering(
    small_settings: Settings, small_disk: Path
) -> None:
    settings_on_disk = Settings(**{**small_settings.__dict__, "index": small_disk / "index"})
    first = qa_cli(settings_on_disk, "index")
    assert first.exit_code == 0, first.output
    before = generation(settings_on_disk.index)
    filler, n = small_disk / "filler", 0
    try:  # fill the disk, then give back less than the update needs
        with filler.open("wb") as f:
            while True:
                f.write(b"\0" * 4096)
                f.flush()
                os.fsync(f.fileno())
                n += 1
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    os.truncate(filler, max(0, (n - 2) * 4096))

    (small_settings.docs / "004_tianjin.txt").write_text(TIANJIN * 30, encoding="utf-8")
    failed = qa_cli(settings_on_disk, "index")
    assert failed.exit_code == 1
    assert failed.stderr.strip().splitlines()[-1] == (
        f"error: could not write the index in {settings_on_disk.index} "
        "(No space left on device); the previous index is kept"
    )
    assert generation(settings_on_disk.index) == before
    assert len(Store.load(settings_on_disk.index)) == 6

    asked = qa_cli(settings_on_disk, "ask", "兰州有多少在职党员到社区报到?", "--json")
    assert asked.exit_code == 0, asked.output
    assert json.loads(asked.stdout)["citations"][0]["source"] == "002_lanzhou.txt"
    assert "the previous index is kept; answering from it" in asked.stderr
    assert "Traceback" not in asked.output

    filler.unlink()  # space again: the next run writes the update
    again = qa_cli(settings_on_disk, "index")
    assert again.exit_code == 0 and "1 added" in again.stdout, again.output


def _paused_writer(settings: Settings, signal_file: Path, where: str) -> subprocess.Popen:
    """A real `Pipeline.index()` process that stops at a known point and says so in a file:
    `where` is "write" (the new vectors flushed, the catalog not committed yet) or
    "embed" (holding the writer's lock while it embeds)."""
    script = textwrap.dedent(
        f"""
        import time
        from dataclasses import replace
        from pathlib import Path
        import qa.store.update
        from qa.config import Settings
        from qa.pipeline import Pipeline

        def pause():
            Path({str(signal_file)!r}).write_text("paused")
            time.sleep(600)

        if {where!r} == "write":
            real = qa.store.update._commit
            def commit(*args, **kwargs):
                pause()
                return real(*args, **kwargs)
            qa.store.update._commit = commit
        else:
            real = qa.store.update.embed_texts
            def embed_texts(*args, **kwargs):
                pause()
                return real(*args, **kwargs)
            qa.store.update.embed_texts = embed_texts
        settings = replace(
            Settings(), docs=Path({str(settings.docs)!r}), index=Path({str(settings.index)!r}),
            embedder={MINILM!r},
        )
        Pipeline(settings).index()
        """
    )
    writer = subprocess.Popen([sys.executable, "-c", script], env=ENV)
    for _ in range(1200):
        if signal_file.exists() or writer.poll() is not None:
            break
        time.sleep(0.1)
    assert signal_file.exists(), "the writer never reached its pause"
    return writer


def test_kill_9_in_the_middle_of_the_write_leaves_the_previous_index_answering(
    small_settings: Settings, tmp_path: Path
) -> None:
    Pipeline(small_settings).index()
    index = small_settings.index
    before = generation(index)
    (small_settings.docs / "004_tianjin.txt").write_text(TIANJIN, encoding="utf-8")
    writer = _paused_writer(small_settings, tmp_path / "paused", "write")
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=30)

    assert generation(index) == before  # nothing committed
    assert leftovers(index) == ["id 7", "id 8"]  # its vectors were flushed, never committed
    assert len(Store.load(index)) == 6 and len(Store.load(index).vectors) == 8

    where = ["--docs", str(small_settings.docs), "--index", str(index)]
    asked = subprocess.run(
        [str(QA), "ask", "兰州有多少在职党员到社区报到?", "--json", *where],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=300,
    )
    assert asked.returncode == 0, asked.stderr
    assert json.loads(asked.stdout)["citations"][0]["source"] == "002_lanzhou.txt"
    assert "removed an unfinished index write" in asked.stderr
    assert "Traceback" not in asked.stderr
    assert leftovers(index) == [] and "004_tianjin.txt" in Store.load(index).files()
    assert len(Store.load(index).vectors) == len(Store.load(index)) == 8


def test_a_reader_answers_from_the_last_index_while_a_writer_works(
    small_settings: Settings, tmp_path: Path
) -> None:
    """No waiting on the writer's lock: the question is answered while it still embeds."""
    Pipeline(small_settings).index()
    (small_settings.docs / "004_tianjin.txt").write_text(TIANJIN, encoding="utf-8")
    writer = _paused_writer(small_settings, tmp_path / "paused", "embed")
    try:
        asked = qa_cli(small_settings, "ask", "兰州有多少在职党员到社区报到?", "--json")
        assert writer.poll() is None  # the writer is still at work
    finally:
        writer.kill()
        writer.wait(timeout=30)
    assert asked.exit_code == 0, asked.output
    assert json.loads(asked.stdout)["citations"][0]["source"] == "002_lanzhou.txt"
    assert "another qa process is updating the index" in asked.stderr
    assert "answering from the last complete index" in asked.stderr

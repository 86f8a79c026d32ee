"""The index changes all at once or not at all. Every write is a new generation folder and one
atomic switch of CURRENT; a full disk, an exception or a kill -9 in the middle of the write
leaves the previous index answering, with its unfinished files removed and one line said.
Readers take no lock: while a writer works they answer from the last complete index."""

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
from qa.store import Store, StoreError, generation_folder

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


def generations(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("gen-"))


def leftovers(folder: Path) -> list[str]:
    """What an unfinished write would leave: hidden temp files and folders."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".tmp-"))


def test_each_write_is_a_new_generation_and_only_the_previous_one_is_kept(
    small_settings: Settings,
) -> None:
    pipeline = Pipeline(small_settings)
    pipeline.index()
    index = small_settings.index
    first = generation_folder(index)
    assert first is not None and generations(index) == [first.name]
    assert (index / "CURRENT").read_text(encoding="utf-8").strip() == first.name
    assert sorted(p.name for p in first.iterdir()) == [
        "chunks.faiss",
        "chunks.json",
        "manifest.json",
    ]

    (small_settings.docs / "004_tianjin.txt").write_text(TIANJIN, encoding="utf-8")
    pipeline.index()
    second = generation_folder(index)
    assert second is not None and second != first
    assert generations(index) == sorted([first.name, second.name])  # a reader may still load it

    (small_settings.docs / "004_tianjin.txt").unlink()
    pipeline.index()
    third = generation_folder(index)
    assert third is not None and generations(index) == sorted([second.name, third.name])
    assert leftovers(index) == []


def test_a_reader_holding_a_removed_generation_reopens_the_current_one(
    small_settings: Settings,
) -> None:
    reader = Pipeline(small_settings)
    assert reader.search("兰州 大党委", k=1)[0].source == "002_lanzhou.txt"
    writer = Pipeline(small_settings)
    (small_settings.docs / "004_tianjin.txt").write_text(TIANJIN, encoding="utf-8")
    writer.index()
    (small_settings.docs / "004_tianjin.txt").write_text(TIANJIN + "\n街道吹哨。\n", "utf-8")
    writer.index()  # the generation the reader loaded is gone now
    assert reader.retriever.store.path is not None
    assert reader.search("天津 战区制", k=1)[0].source == "004_tianjin.txt"
    assert reader.retriever.store.path == generation_folder(small_settings.index)


def test_an_index_from_before_generations_is_read_and_moved_into_one(
    small_settings: Settings,
) -> None:
    Pipeline(small_settings).index()
    index = small_settings.index
    gen = generation_folder(index)
    assert gen is not None
    for path in gen.iterdir():  # the flat layout of earlier versions
        path.rename(index / path.name)
    gen.rmdir()
    (index / "CURRENT").unlink()

    assert Store.load(index).vectors.ntotal == 6 and generation_folder(index) == index
    result = qa_cli(small_settings, "search", "梅河口 网格", "--json", "-k", "1")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["passages"][0]["source"] == "001_jilin.txt"

    (small_settings.docs / "004_tianjin.txt").write_text(TIANJIN, encoding="utf-8")
    assert Pipeline(small_settings).index().added == ("004_tianjin.txt",)
    assert (index / "CURRENT").is_file() and len(generations(index)) == 1
    (small_settings.docs / "004_tianjin.txt").unlink()
    Pipeline(small_settings).index()
    assert not (index / "chunks.faiss").exists() and not (index / "manifest.json").exists()


@pytest.mark.parametrize("step", ["faiss", "manifest", "switch"])
def test_a_write_error_at_any_step_keeps_the_previous_index(
    small_settings: Settings, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """ENOSPC injected into the vectors, the last metadata file, or the switch itself."""
    Pipeline(small_settings).index()
    index = small_settings.index
    before = generation_folder(index)

    def full(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if step == "faiss":
        monkeypatch.setattr(qa.store.faiss, "write_index", full)
    elif step == "manifest":
        real = qa.store._write_json

        def json_then_full(path: Path, data: object) -> None:
            if path.name == "manifest.json":
                full()
            real(path, data)

        monkeypatch.setattr(qa.store, "_write_json", json_then_full)
    else:
        real_replace = os.replace

        def no_switch(src: str | Path, dst: str | Path) -> None:
            if Path(dst).name == "CURRENT":
                full()
            real_replace(src, dst)

        monkeypatch.setattr(qa.store.os, "replace", no_switch)

    (small_settings.docs / "004_tianjin.txt").write_text(TIANJIN, encoding="utf-8")
    with pytest.raises(StoreError) as failed:
        Pipeline(small_settings).index()
    assert str(failed.value) == (
        f"could not write the index in {index} (No space left on device); "
        "the previous index is kept"
    )
    assert generation_folder(index) == before and generations(index) == [before.name]
    assert leftovers(index) == []
    assert Store.load(index).vectors.ntotal == 6

    notes: list[str] = []  # a reader asks while the disk is still full: the old index answers
    answer = Pipeline(small_settings, notify=notes.append).ask("兰州有多少在职党员到社区报到?")
    assert not answer.error and answer.citations[0].source == "002_lanzhou.txt"
    assert any("the previous index is kept; answering from it" in n for n in notes)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KB tmpfs: a real full disk (needs root and mount, as in CI containers)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
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
    before = generation_folder(settings_on_disk.index)
    filler, n = small_disk / "filler", 0
    try:  # fill the disk, then give back less than a generation needs
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
    assert generation_folder(settings_on_disk.index) == before
    assert leftovers(settings_on_disk.index) == [] and len(generations(settings_on_disk.index)) == 1

    asked = qa_cli(settings_on_disk, "ask", "兰州有多少在职党员到社区报到?", "--json")
    assert asked.exit_code == 0, asked.output
    assert json.loads(asked.stdout)["citations"][0]["source"] == "002_lanzhou.txt"
    assert "the previous index is kept; answering from it" in asked.stderr
    assert "Traceback" not in asked.output

    filler.unlink()  # space again: the next run writes the new generation
    again = qa_cli(settings_on_disk, "index")
    assert again.exit_code == 0 and "1 added" in again.stdout


def _paused_writer(settings: Settings, signal_file: Path, where: str) -> subprocess.Popen:
    """A real `Pipeline.index()` process that stops at a known point and says so in a file:
    `where` is "write" (the new generation's metadata written, nothing switched yet) or
    "embed" (holding the writer's lock while it embeds)."""
    script = textwrap.dedent(
        f"""
        import time
        from dataclasses import replace
        from pathlib import Path
        import qa.store
        from qa.config import Settings
        from qa.pipeline import Pipeline

        def pause():
            Path({str(signal_file)!r}).write_text("paused")
            time.sleep(600)

        if {where!r} == "write":
            real = qa.store._write_json
            def write_json(path, data):
                real(path, data)
                if path.name == "chunks.json":
                    pause()
            qa.store._write_json = write_json
        else:
            real = qa.store.embed_texts
            def embed_texts(*args, **kwargs):
                pause()
                return real(*args, **kwargs)
            qa.store.embed_texts = embed_texts
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
    before = generation_folder(index)
    (small_settings.docs / "004_tianjin.txt").write_text(TIANJIN, encoding="utf-8")
    writer = _paused_writer(small_settings, tmp_path / "paused", "write")
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=30)

    assert generation_folder(index) == before  # nothing switched
    assert [n for n in leftovers(index) if n.startswith(".tmp-gen-")]  # what it left
    assert Store.load(index).vectors.ntotal == 6

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
    assert leftovers(index) == [] and "004_tianjin.txt" in Store.load(index).manifest.files


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

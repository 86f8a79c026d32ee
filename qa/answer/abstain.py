"""When the extractive answerer says the articles do not answer.

The sentence scorer (qa.answer.extractive) ranks sentences against each other and is
fitted on which sentence answers; whether the best of them answers at all is a second
question. A second logistic regression, the gate, reads the ranking (GATE_FEATURES) and
gives the probability that the question is answered by these passages. Its weights and threshold
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

# The ranking as the gate sees it: the scorer's confidence in its best sentence, calibrated
# on unanswerable questions. Tried and not kept (eval/answers.md, 2026-12-03): also how far
# the best sentence stands above the next and whether one of the five best says a thing of
# the asked kind. Out of fold on cmrc's training side those three abstained on fewer of the
# unanswerable questions (71.4 % against 73.7 %, both at 4.7 % false abstentions), and on
# the held-out sets they abstained more often when the answer was there (wild 6 % against
# 0 %). Ten of the best sentence's own features besides learned cmrc's passages: 14.5 %
# false abstentions on drcd.
GATE_FEATURES: tuple[str, ...] = (
    "best_logit",  # the scorer's log-odds for the best sentence
)


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
    return {"best_logit": _logit(ranked[0].score)}


def gate_matrix(rankings: Sequence[Sequence[Candidate]]) -> np.ndarray:
    """One row per (non-empty) ranking, in GATE_FEATURES order."""
    return np.array(
        [[gate_features(r)[n] for n in GATE_FEATURES] for r in rankings], dtype=np.float64
    )

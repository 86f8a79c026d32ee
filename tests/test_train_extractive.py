"""How eval/train_extractive.py chooses the abstention threshold: the false abstentions it
allows are a limit for every answerable set, so a noisy estimate must stay under it."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))
import train_extractive as te


def test_abstaining_on_4_of_100_answerable_questions_is_not_within_5_percent() -> None:
    # 4 % measured on 100 questions may well be 8 % on the next hundred
    pos = np.array([0.1] * 4 + [0.9] * 96)
    assert te.false_abstain_bound(pos, 0.5) > te.MAX_FALSE_ABSTAIN
    assert te.false_abstain_bound(pos, 0.05) < te.MAX_FALSE_ABSTAIN  # abstains on none


def test_the_threshold_gives_up_abstaining_before_it_breaks_the_false_abstention_budget() -> None:
    answerable = np.linspace(0.3, 1.0, 200)
    unanswerable = np.linspace(0.0, 0.6, 100)
    t = te.choose_threshold(answerable, unanswerable)
    assert te.false_abstain_bound(answerable, t) <= te.MAX_FALSE_ABSTAIN
    assert np.mean(unanswerable < t) > 0.3  # it still abstains where it safely can


def test_a_lead_within_noise_does_not_buy_weaker_regularisation() -> None:
    # 150 questions: 0.813 against 0.793 is three questions, well within one standard error
    assert te.choose_c({0.1: 0.793, 0.3: 0.813, 1.0: 0.807, 3.0: 0.807}, 150) == 0.1


def test_a_lead_beyond_one_standard_error_is_taken() -> None:
    assert te.choose_c({0.1: 0.70, 0.3: 0.81, 1.0: 0.80}, 150) == 0.3

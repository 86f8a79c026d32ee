"""A question typed the way people type into a chat box is the question they ask: full-width
letters and digits from an input method in full-width mode, a courtesy opener ("请问",
"你好，我想知道", "Please tell me"), stray spaces. eval/bench_questions.py measures the same
on whole question sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.config import load_settings
from qa.pipeline import Pipeline
from qa.question import as_asked

REVIEW = """城市基层党建工作综述

兰州市深化在职党员到社区报到工作机制,4.8万名在职党员到社区报到。全市426个社区全部成立“大党委”。

天津推行“战区制、主官上、权下放”体制改革,明确街道为主战区。
"""


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        ("Ｈｏｗ ｍａｎｙ Ｐａｒｔｙ ｍｅｍｂｅｒｓ？", "How many Party members?"),
        ("２０２３年兰州有多少名党员？", "2023年兰州有多少名党员?"),
        ("请问，兰州有多少名党员?", "兰州有多少名党员?"),
        ("你好，我想知道  兰州有多少名党员", "兰州有多少名党员"),
        ("麻烦问一下：谁是书记?", "谁是书记?"),
        ("Please tell me: how many Party members?", "How many Party members?"),
        ("  兰州有多少名党员?\n", "兰州有多少名党员?"),
        ("货运量达到多少 待闸时间有多长", "货运量达到多少,待闸时间有多长"),  # a typed pause
        ("兰州 2023年 How many?", "兰州 2023年 How many?"),  # spaces beside Latin and digits
    ],
)
def test_layout_and_courtesy_are_not_part_of_the_question(typed: str, asked: str) -> None:
    assert as_asked(typed) == asked


@pytest.mark.parametrize("typed", ["问题是什么?", "请假制度是什么?", "知道创宇是什么公司?"])
def test_words_that_only_begin_like_courtesy_stay(typed: str) -> None:
    assert as_asked(typed) == typed


def test_a_question_that_is_only_courtesy_stays_as_typed() -> None:
    assert as_asked("请问？") == "请问?"


@pytest.fixture
def bot(tmp_path: Path) -> Pipeline:
    docs = tmp_path / "documents"
    docs.mkdir()
    (docs / "review.txt").write_text(REVIEW, encoding="utf-8")
    return Pipeline(load_settings(docs=docs, index=tmp_path / "index", backend="extractive"))


def test_a_full_width_english_question_is_answered_like_the_plain_one(bot: Pipeline) -> None:
    plain = bot.ask("How many in-service Party members reported to communities in Lanzhou?")
    wide = bot.ask(
        "Ｈｏｗ ｍａｎｙ ｉｎ－ｓｅｒｖｉｃｅ Ｐａｒｔｙ ｍｅｍｂｅｒｓ ｒｅｐｏｒｔｅｄ "
        "ｔｏ ｃｏｍｍｕｎｉｔｉｅｓ ｉｎ Ｌａｎｚｈｏｕ？"
    )
    assert "4.8万" in plain.text
    assert wide.text == plain.text


def test_a_courteous_question_is_answered_like_the_plain_one(bot: Pipeline) -> None:
    plain = bot.ask("兰州全市有多少个社区成立了大党委?")
    polite = bot.ask("你好，请问兰州全市有多少个社区成立了大党委？")
    assert "426个社区" in plain.text
    assert polite.text == plain.text
    assert polite.question == "兰州全市有多少个社区成立了大党委?"  # what was answered

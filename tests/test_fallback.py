"""A model that says "not found" although its passages hold the answer: the fallback backend
(extractive by default) reads the same passages, and its answer is verified like any other.
The model is a local server speaking the OpenAI wire format; retrieval, index and the
extractive answerer are real."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import write_corpus
from fake_openai_server import FakeOpenAI, Scene

from qa.answer.cite import ABSTAIN_PHRASE
from qa.config import ConfigError, Settings, load_settings
from qa.pipeline import Pipeline
from qa.schema import answer_json

pytestmark = pytest.mark.usefixtures("_no_key_from_outside")

ANSWERABLE = "兰州有多少名在职党员到社区报到?"
NOT_IN_THE_ARTICLES = "杭州市共建成了多少个社区党群服务中心?"


@pytest.fixture
def settings(tmp_path: Path, fake: FakeOpenAI) -> Settings:
    """The openai backend against a model that always says the passages do not answer."""
    fake.scenes["shrug"] = Scene(reply=f"{ABSTAIN_PHRASE}。")
    docs = write_corpus(tmp_path / "documents")
    base = load_settings(docs=docs, index=tmp_path / "index", backend="openai")
    return replace(
        base, openai_base_url=fake.url("shrug"), openai_model="fake-model", openai_retries=0
    )


def test_a_model_that_finds_nothing_is_backed_by_the_extractive_reader(
    settings: Settings,
) -> None:
    answer = Pipeline(settings).ask(ANSWERABLE)
    assert not answer.abstained
    assert answer.fallback == "extractive"
    assert "4.8万" in answer.text
    (citation,) = answer.citations
    assert citation.source == "002_lanzhou.txt" and "4.8万名在职党员" in citation.quote
    assert answer_json(answer)["fallback"] == "extractive"  # `qa ask --json` says who answered


def test_the_fallback_still_abstains_when_the_articles_do_not_say(settings: Settings) -> None:
    answer = Pipeline(settings).ask(NOT_IN_THE_ARTICLES)
    assert answer.abstained and answer.citations == ()
    assert answer.fallback == ""
    assert "fallback" not in answer_json(answer)


def test_fallback_none_lets_the_abstention_stand(settings: Settings) -> None:
    answer = Pipeline(replace(settings, fallback="none")).ask(ANSWERABLE)
    assert answer.abstained and answer.fallback == ""


def test_a_model_that_is_down_is_an_error_not_a_fallback(settings: Settings) -> None:
    down = replace(settings, openai_base_url="http://127.0.0.1:9/v1", openai_timeout=5.0)
    answer = Pipeline(down).ask(ANSWERABLE)
    assert answer.abstained and answer.error and answer.fallback == ""


def test_an_unknown_fallback_is_named_in_one_line(settings: Settings) -> None:
    with pytest.raises(ConfigError, match="fallback"):
        Pipeline(replace(settings, fallback="oracle")).ask(ANSWERABLE)


def test_the_chat_says_which_backend_answered(settings: Settings) -> None:
    from qa.ui import chat_text

    answer = Pipeline(settings).ask(ANSWERABLE)
    assert "extractive" in chat_text(answer)  # the note under the answer
    assert "extractive" not in chat_text(
        Pipeline(replace(settings, fallback="none")).ask(ANSWERABLE)
    )

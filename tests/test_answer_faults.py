"""What the `openai` backend does when the server misbehaves: each fault ends in a one-line
BackendError that names what to fix, or in an abstention; never a traceback, never a
citation that `cite.verify` did not check."""

from __future__ import annotations

import logging
import re
import socket
from dataclasses import replace

import pytest
from fake_openai_server import FakeOpenAI, Scene

from qa.answer import BackendError, get_backend
from qa.answer.cite import ABSTAIN_PHRASE, verify
from qa.answer.prompt import answer_prompt, prompt_tokens
from qa.config import Settings
from qa.records import Answer, Passage, Turn

PASSAGES = (
    Passage("000_a.txt", 1, "北京街道", "", 2, "北京市共有街道150个,社区3000多个。", 0.9),
    Passage("001_b.txt", 3, "吉林街道", "", 1, "吉林省有街道200个。全省推行街道体制改革。", 0.7),
)
pytestmark = pytest.mark.usefixtures("_no_key_from_outside")

QUESTION = "北京市有多少个街道?"
SECRET = "sk-test-secret-0123456789"


def settings(url: str, **changes: float | int | str) -> Settings:
    base = Settings(openai_base_url=url, openai_model="fake-model", openai_retries=0)
    return replace(base, **changes)


def ask(url: str, **changes: float | int | str) -> Answer:
    """What the pipeline does: generate, then verify against the passages that were sent."""
    backend = get_backend("openai", settings(url, **changes))
    text = "".join(backend.generate(QUESTION, [], PASSAGES))
    return verify(QUESTION, text, backend.passages_sent(QUESTION, PASSAGES))


def failure(url: str, **changes: float | int | str) -> BackendError:
    with pytest.raises(BackendError) as caught:
        ask(url, **changes)
    error = caught.value
    assert "\n" not in str(error)
    assert error.__cause__ is None and error.__suppress_context__  # no chained traceback
    return error


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_endpoint_down_names_the_url_and_setting() -> None:
    url = f"http://127.0.0.1:{closed_port()}/v1"
    error = failure(url)
    assert url in str(error)
    assert "QA_OPENAI_BASE_URL" in str(error)
    assert "refused" in str(error).lower()


def test_slow_server_times_out_with_the_setting_named(fake: FakeOpenAI) -> None:
    fake.scenes["slow"] = Scene(reply="北京市共有街道150个[1]。", delay=10)
    error = failure(fake.url("slow"), openai_timeout=0.5)
    assert "0.5 s" in str(error)
    assert "QA_OPENAI_TIMEOUT" in str(error)


def test_slow_rewrite_times_out_too(fake: FakeOpenAI) -> None:
    fake.scenes["slow"] = Scene(reply="吉林有多少个街道?", delay=10)
    backend = get_backend("openai", settings(fake.url("slow"), openai_timeout=0.5))
    with pytest.raises(BackendError, match="QA_OPENAI_TIMEOUT"):
        backend.standalone("那吉林呢?", [Turn(QUESTION, "150个[1]。")])


def test_server_error_is_reported_and_retried_as_configured(fake: FakeOpenAI) -> None:
    fake.scenes["broken"] = Scene(status=500, error="model crashed")
    error = failure(fake.url("broken"), openai_retries=1)
    assert "HTTP 500" in str(error)
    assert "model crashed" in str(error)
    assert len(fake.sent("broken")) == 2  # the first try and one retry (openai_retries=1)


def test_refused_key_points_at_the_variable_and_never_shows_it(
    fake: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    fake.scenes["auth"] = Scene(status=401, error=f"Incorrect API key provided: {SECRET}")
    error = failure(fake.url("auth"))
    assert "HTTP 401" in str(error)
    assert "OPENAI_API_KEY" in str(error)
    assert SECRET not in str(error)
    assert fake.requests[0].headers["authorization"] == f"Bearer {SECRET}"


def test_server_echoing_the_key_in_a_500_does_not_leak_it(
    fake: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    fake.scenes["echo"] = Scene(status=503, error=f"upstream rejected key {SECRET}")
    error = failure(fake.url("echo"))
    assert "HTTP 503" in str(error)
    assert SECRET not in str(error)


def test_unknown_model_names_the_model_setting(fake: FakeOpenAI) -> None:
    error = failure(fake.url("nowhere"))  # no such scene: the fake answers 404
    assert "HTTP 404" in str(error)
    assert "QA_OPENAI_MODEL" in str(error)


@pytest.mark.parametrize("body", [b"not json at all", b'{"object": "chat.completion"}'])
def test_malformed_reply_is_reported(fake: FakeOpenAI, body: bytes) -> None:
    fake.scenes["garbled"] = Scene(raw=body)
    assert "malformed reply" in str(failure(fake.url("garbled")))
    backend = get_backend("openai", settings(fake.url("garbled")))
    with pytest.raises(BackendError, match="malformed reply"):
        backend.standalone("那吉林呢?", [Turn(QUESTION, "150个。")])


def test_marker_for_a_passage_that_does_not_exist_is_dropped(fake: FakeOpenAI) -> None:
    fake.scenes["extra"] = Scene(reply="北京市共有街道150个[1][7]。")
    answer = ask(fake.url("extra"))
    assert not answer.abstained
    assert "[7]" not in answer.text
    assert [(c.n, c.source, c.paragraph) for c in answer.citations] == [(1, "000_a.txt", 2)]
    assert answer.citations[0].quote in PASSAGES[0].text


def test_markers_for_missing_passages_are_repaired_to_the_passage_that_says_it(
    fake: FakeOpenAI,
) -> None:
    fake.scenes["ghost"] = Scene(reply="北京市共有街道150个[7]。社区3000多个[9]。")
    answer = ask(fake.url("ghost"))
    assert not answer.abstained
    assert answer.text == "北京市共有街道150个[1]。社区3000多个[1]。"
    assert [c.paragraph for c in answer.citations] == [PASSAGES[0].paragraph]


def test_markers_for_missing_passages_on_claims_no_passage_says_mean_abstention(
    fake: FakeOpenAI,
) -> None:
    fake.scenes["ghost2"] = Scene(reply="上海市共有街道107个[7]。")
    answer = ask(fake.url("ghost2"))
    assert answer.abstained
    assert answer.citations == ()
    assert ABSTAIN_PHRASE in answer.text


def test_marker_pointing_at_a_passage_dropped_for_the_budget_is_not_trusted(
    fake: FakeOpenAI,
) -> None:
    """Passage 2 did not fit the prompt, so the model never saw it: [2] cannot stand."""
    fake.scenes["unseen"] = Scene(reply="吉林省有街道200个[2]。")
    budget = prompt_tokens(answer_prompt(QUESTION, PASSAGES[:1], 10_000).messages)
    answer = ask(fake.url("unseen"), context_tokens=budget)
    backend = get_backend("openai", settings(fake.url("unseen"), context_tokens=budget))
    assert backend.passages_sent(QUESTION, PASSAGES) == PASSAGES[:1]
    assert "吉林" not in fake.sent("unseen")[0]["messages"][1]["content"]
    assert answer.abstained


def test_cut_reply_is_logged_with_the_setting(
    fake: FakeOpenAI, caplog: pytest.LogCaptureFixture
) -> None:
    fake.scenes["cut"] = Scene(reply="北京市共有街道", finish_reason="length")
    with caplog.at_level(logging.WARNING, logger="qa.answer.openai"):
        ask(fake.url("cut"), max_tokens=5)
    assert "max_tokens=5" in caplog.text
    assert "QA_MAX_TOKENS" in caplog.text


def test_no_passages_abstains_without_calling_the_server(fake: FakeOpenAI) -> None:
    fake.scenes["idle"] = Scene(reply="我是猫[1]。")
    backend = get_backend("openai", settings(fake.url("idle")))
    text = "".join(backend.generate(QUESTION, [], []))
    assert verify(QUESTION, text, []).abstained
    assert fake.requests == []


def test_missing_model_or_endpoint_is_a_clear_error() -> None:
    with pytest.raises(BackendError, match="QA_OPENAI_MODEL"):
        get_backend("openai", Settings(openai_base_url="http://127.0.0.1:1/v1"))
    with pytest.raises(BackendError, match=r"QA_OPENAI_BASE_URL.*OPENAI_API_KEY"):
        get_backend("openai", Settings(openai_model="gpt-4o-mini"))


# ---------------------------------------------------------------- the overall deadline


def spent_in(error: BackendError) -> float:
    """The time the message says was spent: "… (stopped after 2.6 s; …)"."""
    match = re.search(r"stopped after ([\d.]+) s", str(error))
    assert match, str(error)
    return float(match.group(1))


def test_a_server_that_trickles_is_stopped_at_the_deadline(fake: FakeOpenAI) -> None:
    """One chunk a second would take 20 s; QA_OPENAI_TIMEOUT=2 ends the whole answer."""
    fake.scenes["trickle"] = Scene(reply="北京市共有街道150个。" * 6, piece=4, interval=1.0)
    error = failure(fake.url("trickle"), openai_timeout=2.0)
    assert str(error).startswith(f"no complete reply from {fake.url('trickle')} within 2 s")
    assert 2.0 <= spent_in(error) < 4.0  # the deadline, plus at most one chunk's wait
    assert "QA_OPENAI_TIMEOUT" in str(error)


def test_retries_share_the_deadline_and_the_message_says_the_time_spent(
    fake: FakeOpenAI,
) -> None:
    """Before: three attempts of 2 s each, and a message that said "within 2 s"."""
    fake.scenes["silent"] = Scene(reply="无关", delay=30)
    error = failure(fake.url("silent"), openai_timeout=2.0, openai_retries=2)
    assert str(error).startswith(f"no complete reply from {fake.url('silent')} within 2 s")
    assert spent_in(error) < 4.0 and len(fake.sent("silent")) <= 2


def test_a_retry_that_fits_in_the_deadline_still_happens(fake: FakeOpenAI) -> None:
    fake.scenes["busy"] = Scene(status=503, error="overloaded")
    error = failure(fake.url("busy"), openai_timeout=10.0, openai_retries=2)
    assert "HTTP 503" in str(error) and len(fake.sent("busy")) == 3


def test_a_reset_in_the_middle_of_the_stream_says_the_server_closed_it(
    fake: FakeOpenAI,
) -> None:
    fake.scenes["reset"] = Scene(reply="北京市共有街道150个,社区3000多个。", reset_after=2)
    error = failure(fake.url("reset"))
    text = str(error)
    assert text.startswith(f"the server at {fake.url('reset')} closed the connection")
    assert "in the middle of the answer" in text and "cannot reach" not in text

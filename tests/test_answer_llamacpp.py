"""The `llamacpp` backend: a real GGUF (Gemma 3 270M) run in this process by llama-cpp-python.
The tiny base model answers poorly; these tests check the plumbing and that whatever it
says only reaches the user through `cite.verify`."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import assert_citations_hold
from helpers_llama import gguf_path

from qa.answer import BackendError, get_backend
from qa.answer.cite import verify
from qa.answer.llamacpp import LlamaCppBackend
from qa.config import Settings
from qa.records import Passage, Turn

PASSAGES = (
    Passage("000_a.txt", 1, "北京街道", "", 2, "北京市共有街道150个,社区3000多个。", 0.9),
    Passage("001_b.txt", 3, "吉林街道", "", 1, "吉林省有街道200个。全省推行街道体制改革。", 0.7),
)
QUESTION = "北京市有多少个街道?"


def settings(model: Path | str, max_tokens: int = 24) -> Settings:
    return Settings(llamacpp_model=str(model), max_tokens=max_tokens, context_tokens=1000)


@pytest.fixture(scope="module")
def backend() -> Iterator[LlamaCppBackend]:
    loaded = get_backend("llamacpp", settings(gguf_path(), max_tokens=8))
    assert isinstance(loaded, LlamaCppBackend)
    yield loaded


def test_streams_an_answer_that_verify_checks() -> None:
    backend = get_backend("llamacpp", settings(gguf_path(), max_tokens=24))
    pieces = list(backend.generate(QUESTION, [], PASSAGES))
    assert len(pieces) > 1
    sent = backend.passages_sent(QUESTION, PASSAGES)
    assert sent == PASSAGES
    assert_citations_hold(verify(QUESTION, "".join(pieces), sent), sent)


def test_stops_at_max_tokens(backend: LlamaCppBackend, caplog: pytest.LogCaptureFixture) -> None:
    from llama_cpp import Llama

    with caplog.at_level(logging.WARNING, logger="qa.answer.llamacpp"):
        text = "".join(backend.generate("请详细介绍北京市和吉林省的街道情况。", [], PASSAGES))
    assert "max_tokens=8" in caplog.text
    vocab = Llama(model_path=str(gguf_path()), vocab_only=True, verbose=False)
    assert 0 < len(vocab.tokenize(text.encode(), add_bos=False)) <= 8


def test_rewrites_a_follow_up(backend: LlamaCppBackend) -> None:
    history = [Turn("北京市有多少个街道?", "北京市共有街道150个[1]。")]
    rewritten = backend.standalone("那吉林呢?", history)
    assert rewritten.strip() and "\n" not in rewritten
    assert backend.standalone(QUESTION, []) == QUESTION


def test_no_passages_abstains_without_the_model(backend: LlamaCppBackend) -> None:
    assert verify(QUESTION, "".join(backend.generate(QUESTION, [], [])), []).abstained


def test_model_setting_missing_or_wrong_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BackendError, match="QA_LLAMACPP_MODEL"):
        get_backend("llamacpp", Settings())
    with pytest.raises(BackendError, match="not a file"):
        get_backend("llamacpp", settings(tmp_path / "absent.gguf"))
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"this is not a GGUF file" * 100)
    with pytest.raises(BackendError, match="cannot load") as caught:
        get_backend("llamacpp", settings(junk))
    assert "\n" not in str(caught.value)


def test_missing_extra_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # what an install without it looks like
    with pytest.raises(BackendError, match=r"pip install -e '\.\[llamacpp\]'"):
        get_backend("llamacpp", settings(gguf_path()))

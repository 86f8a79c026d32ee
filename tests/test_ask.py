"""Asking end to end, as the README shows it: `qa ask` in text and JSON, many questions
from standard input, a follow-up, and the library call, over a small corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from qa import Pipeline, Turn
from qa.config import Settings

QA = str(Path(sys.executable).with_name("qa"))


def run_qa(settings: Settings, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    where = ["--docs", str(settings.docs), "--index", str(settings.index)]
    return subprocess.run(
        [QA, *args, *where],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        env={"HF_HUB_OFFLINE": "1", "QA_EMBEDDER": settings.embedder, "PATH": "/usr/bin:/bin"},
    )


def test_qa_ask_prints_the_answer_and_where_each_marker_points(small_settings: Settings) -> None:
    result = run_qa(small_settings, "ask", "兰州有多少名在职党员到社区报到?")
    assert result.returncode == 0, result.stderr
    assert "4.8万名在职党员到社区报到[1]" in result.stdout
    assert "[1] 兰州全域党建引领全域治理 (002_lanzhou.txt, article 1, paragraph 1)" in result.stdout


def test_qa_ask_json_has_the_design_fields(small_settings: Settings) -> None:
    result = run_qa(
        small_settings, "ask", "北京推动部分街道为多少名快递员提供了公租房宿舍?", "--json"
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert set(out) == {"question", "answer", "abstained", "citations", "passages", "timings"}
    (citation,) = out["citations"]
    assert set(citation) == {"n", "source", "article", "title", "paragraph", "quote"}
    assert (citation["source"], citation["paragraph"]) == ("003_beijing.txt", 2)
    assert citation["quote"] == "北京推动部分街道为2100多名快递员提供公租房宿舍。"
    assert {"retrieve", "answer", "total"} <= set(out["timings"])


def test_qa_ask_dash_answers_one_question_a_line(small_settings: Settings) -> None:
    questions = "兰州全市有多少个社区成立了大党委?\n\n杭州市共建成了多少个社区党群服务中心?\n"
    result = run_qa(small_settings, "ask", "-", stdin=questions)
    assert result.returncode == 0, result.stderr
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert "426个社区" in first["answer"] and not first["abstained"]
    assert second["abstained"] and second["citations"] == []


def test_an_empty_question_is_one_line_not_a_traceback(small_settings: Settings) -> None:
    result = run_qa(small_settings, "ask", "   ")
    assert result.returncode == 2
    assert "the question is empty" in result.stderr and "Traceback" not in result.stderr


def test_an_llm_endpoint_that_is_down_is_one_line(small_settings: Settings) -> None:
    result = run_qa(small_settings, "ask", "北京推行了什么改革?", "--backend", "openai")
    assert result.returncode != 0
    assert "error:" in result.stderr and "Traceback" not in result.stderr


def test_the_library_call_answers_follow_ups_in_context(small_settings: Settings) -> None:
    (small_settings.docs / "004_couriers.txt").write_text(
        "兰州关爱快递员\n\n兰州推动部分街道为300多名快递员提供公租房宿舍。\n", encoding="utf-8"
    )
    bot = Pipeline(small_settings)
    first = bot.ask("北京推动部分街道为多少名快递员提供了公租房宿舍?")
    assert "2100多名快递员" in first.text and "300多名" not in first.text
    follow = bot.ask("那兰州呢?", history=[Turn(first.question, first.text)])
    assert follow.question == "兰州推动部分街道为多少名快递员提供了公租房宿舍?"
    assert "300多名快递员" in follow.text and "2100" not in follow.text
    assert {c.source for c in follow.citations} == {"004_couriers.txt"}


def test_a_filter_keeps_the_answer_inside_one_source(small_settings: Settings) -> None:
    bot = Pipeline(replace(small_settings, top_k=3))
    answer = bot.ask("北京推行了什么改革?", source="001")
    assert all(p.source.startswith("001") for p in answer.passages)
    assert answer.abstained


@pytest.mark.parametrize("question", ["", "   "])
def test_the_library_refuses_an_empty_question(small_settings: Settings, question: str) -> None:
    from qa.retrieve import QueryError

    with pytest.raises(QueryError):
        Pipeline(small_settings).ask(question)

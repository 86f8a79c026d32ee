"""`qa eval` as a user runs it: a question file in, an answer file, a report and a
summary out; bad input, Ctrl-C and --resume handled with one clear line each.

The pipeline's `ask` is replaced by the small real answerer of test_evaluate (the extractive
backend over a tmp corpus), built from the settings the command resolved.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result as CliResult
from conftest import MINILM
from test_evaluate import QUESTIONS, docs, extractive_ask, interrupted_on, lines, write_questions
from typer.testing import CliRunner

import qa.cli
from qa.config import Settings
from qa.evaluate import Ask
from qa.records import Answer

__all__ = ["docs"]  # the fixture, shared with test_evaluate

Qa = Callable[..., CliResult]


@pytest.fixture
def qa_eval(monkeypatch: pytest.MonkeyPatch, docs: Path, tmp_path: Path) -> Qa:
    """Run `qa eval ARGS --docs DOCS -k 2`, answering with `wrap(extractive answerer)`."""

    def run(*args: str, wrap: Callable[[Ask], Ask] = lambda ask: ask) -> CliResult:
        def make_ask(settings: Settings) -> Ask:
            return wrap(extractive_ask(settings.docs, k=settings.top_k))

        monkeypatch.setattr(qa.cli, "_eval_ask", make_ask)
        monkeypatch.chdir(tmp_path)
        argv = ["eval", *args, "--docs", str(docs), "-k", "2"]
        return CliRunner().invoke(qa.cli.app, argv)

    return run


@pytest.fixture
def questions(tmp_path: Path) -> Path:
    return write_questions(tmp_path / "dev.jsonl", QUESTIONS)


def test_eval_writes_answers_report_and_plot(qa_eval: Qa, questions: Path, tmp_path: Path) -> None:
    result = qa_eval(str(questions), "--out", "answers.jsonl", "--report", "out/report.md")
    assert result.exit_code == 0, result.output
    rows = lines(tmp_path / "answers.jsonl")
    assert [r["id"] for r in rows] == ["tianjin", "jilin", "hangzhou", "meihekou"]
    assert [r["scores"]["correct"] for r in rows] == [True, True, True, False]
    report = (tmp_path / "out/report.md").read_text(encoding="utf-8")
    assert "backend `extractive`, k = 2" in report and "![metrics](report.png)" in report
    assert (tmp_path / "out/report.png").stat().st_size > 10_000
    assert "answer accuracy" in result.stdout and "66.7% (2/3)" in result.stdout
    assert "4/4" in result.stderr  # the progress bar ran to the end


def test_out_defaults_to_a_file_beside_the_questions(
    qa_eval: Qa, questions: Path, tmp_path: Path
) -> None:
    assert qa_eval(str(questions)).exit_code == 0
    assert len(lines(tmp_path / "dev-answers.jsonl")) == 4


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "error: question file missing.jsonl does not exist"),
        ("", "error: question file missing.jsonl is empty"),
        ("{oops\n", "error: no usable question in missing.jsonl"),
    ],
)
def test_a_missing_empty_or_unusable_file_is_one_line_and_no_traceback(
    qa_eval: Qa, tmp_path: Path, content: str | None, message: str
) -> None:
    if content is not None:
        (tmp_path / "missing.jsonl").write_text(content, encoding="utf-8")
    result = qa_eval("missing.jsonl")
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_a_broken_line_is_named_and_the_run_goes_on(qa_eval: Qa, tmp_path: Path) -> None:
    write_questions(tmp_path / "q.jsonl", QUESTIONS[:2], extra='{"id": "x", "question"\n')
    result = qa_eval("q.jsonl", "--out", "a.jsonl", "--report", "r.md")
    assert result.exit_code == 0
    assert "skipped q.jsonl line 3: not valid JSON (Expecting ':' delimiter)\n" in result.stderr
    assert len(lines(tmp_path / "a.jsonl")) == 2
    assert "- line 3: not valid JSON" in (tmp_path / "r.md").read_text(encoding="utf-8")


def test_ctrl_c_keeps_the_answers_and_says_how_to_resume(
    qa_eval: Qa, questions: Path, tmp_path: Path
) -> None:
    stopped = qa_eval(str(questions), "--out", "a.jsonl", wrap=lambda ask: interrupted_on(3, ask))
    assert stopped.exit_code == 130
    message = " ".join(stopped.stderr.split())
    assert "interrupted: 2 of 4 questions answered, kept in a.jsonl" in message
    assert f"qa eval {questions} --out a.jsonl -k 2 --docs" in message and "--resume" in message
    assert [r["id"] for r in lines(tmp_path / "a.jsonl")] == ["tianjin", "jilin"]

    asked: list[str] = []

    def counting(ask: Ask) -> Ask:
        return lambda question: asked.append(question) or ask(question)

    resumed = qa_eval(str(questions), "--out", "a.jsonl", "--resume", wrap=counting)
    assert resumed.exit_code == 0
    assert "resuming: 2 of 4 questions already answered" in resumed.stderr
    assert len(asked) == 2
    ids = [r["id"] for r in lines(tmp_path / "a.jsonl")]
    assert sorted(ids) == sorted(q["id"] for q in QUESTIONS) and len(ids) == len(set(ids))


def test_a_backend_error_is_on_its_line_and_the_run_goes_on(
    qa_eval: Qa, questions: Path, tmp_path: Path
) -> None:
    def failing_on_jilin(ask: Ask) -> Ask:
        def ask_or_fail(question: str) -> Answer:
            if question.startswith("吉林"):
                raise ConnectionError("model server refused the connection")
            return ask(question)

        return ask_or_fail

    result = qa_eval(str(questions), "--out", "a.jsonl", wrap=failing_on_jilin)
    assert result.exit_code == 0
    rows = {r["id"]: r for r in lines(tmp_path / "a.jsonl")}
    assert rows["jilin"]["error"] == "ConnectionError: model server refused the connection"
    assert "error" not in rows["tianjin"] and len(rows) == 4
    assert "1 questions got an error" in result.stderr


def test_compare_puts_two_runs_side_by_side(qa_eval: Qa, questions: Path, tmp_path: Path) -> None:
    assert qa_eval(str(questions), "--out", "base.jsonl").exit_code == 0
    worse = tmp_path / "q-worse.jsonl"
    rows = [
        {**q, "question": q["question"].replace("天津", "北京")} if q["id"] == "tianjin" else q
        for q in QUESTIONS
    ]
    worse.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    result = qa_eval(
        str(worse), "--out", "new.jsonl", "--compare", "base.jsonl", "--report", "r.md"
    )
    assert result.exit_code == 0, result.output
    assert "right → wrong: tianjin (right → " in result.stdout
    assert "wrong → right: none" in result.stdout
    report = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "| metric | base.jsonl | this run | delta |" in report
    assert "- **tianjin**" in report.split("### Right → wrong (1)")[1]


def test_a_missing_compare_file_is_one_line(qa_eval: Qa, questions: Path) -> None:
    result = qa_eval(str(questions), "--compare", "nope.jsonl")
    assert result.exit_code == 1
    assert "error: answer file nope.jsonl does not exist" in result.stderr


def test_an_unknown_backend_is_one_line(qa_eval: Qa, questions: Path) -> None:
    result = qa_eval(str(questions), "--backend", "gpt-17")
    assert result.exit_code == 2
    assert "unknown answer backend 'gpt-17'" in result.stderr


def test_the_backends_offered_are_the_backends_not_their_helper_modules() -> None:
    # the help, the error message and the UI's dropdown list these: a helper module of the
    # answer package (features, clauses, typed) is no backend a user could choose
    from qa.answer import backend_names

    assert backend_names() == ["extractive", "llamacpp", "openai"]


def test_the_real_pipeline_end_to_end(
    monkeypatch: pytest.MonkeyPatch, small_docs: Path, tmp_path: Path
) -> None:
    """No stand-in: `qa eval` builds the index (MiniLM) and answers through Pipeline.ask."""
    monkeypatch.setenv("QA_EMBEDDER", MINILM)
    monkeypatch.chdir(tmp_path)
    rows = [
        {
            "id": "meihekou",
            "question": "梅河口市打造了多少个网格党群服务站?",
            "answer_keys": ["100"],
            "evidence": [["001", "梅河口市精心打造100个网格党群服务站"]],
        },
        {
            "id": "lanzhou",
            "question": "兰州有多少名在职党员到社区报到?",
            "answer_keys": ["4.8万"],
            "evidence": [["002", "4.8万名在职党员到社区报到"]],
        },
        {
            "id": "hangzhou",
            "question": "杭州市共建成了多少个社区党群服务中心?",
            "unanswerable": True,
        },
    ]
    write_questions(tmp_path / "q.jsonl", rows)
    argv = ["eval", "q.jsonl", "--out", "a.jsonl", "--report", "r.md"]
    argv += ["--docs", str(small_docs), "--index", str(tmp_path / "index"), "-k", "3"]
    result = CliRunner().invoke(qa.cli.app, argv)
    assert result.exit_code == 0, result.output
    answers = {r["id"]: r for r in lines(tmp_path / "a.jsonl")}
    assert {k: r["scores"]["correct"] for k, r in answers.items()} == {
        "meihekou": True,
        "lanzhou": True,
        "hangzhou": True,
    }
    assert {"retrieve", "answer", "total"} <= set(answers["lanzhou"]["timings"])
    assert len(answers["lanzhou"]["passages"]) == 3
    assert answers["meihekou"]["citations"][0]["source"] == "001_jilin.txt"
    report = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "| correct | 100.0% (3/3) | 3 graded questions |" in report
    assert "| groundedness | 100.0% (2/2) | 2 quotes |" in report


def test_a_pipeline_that_cannot_start_leaves_the_last_answers_alone(
    monkeypatch: pytest.MonkeyPatch, questions: Path, tmp_path: Path
) -> None:
    (tmp_path / "a.jsonl").write_text('{"id": "tianjin"}\n', encoding="utf-8")

    def stale_index(settings: Settings) -> Ask:
        raise RuntimeError("index was built with other chunking settings; run `qa index`")

    monkeypatch.setattr(qa.cli, "_eval_ask", stale_index)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(qa.cli.app, ["eval", str(questions), "--out", "a.jsonl"])
    assert result.exit_code == 1
    assert result.stderr == (
        "error: cannot answer questions: index was built with other chunking settings; "
        "run `qa index`\n"
    )
    assert (tmp_path / "a.jsonl").read_text(encoding="utf-8") == '{"id": "tianjin"}\n'

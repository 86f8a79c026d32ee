"""`qa eval` with a question the pipeline refuses (emoji only): its line carries the words
`qa ask` says for it, and the report calls it a refused question, not a backend error."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import MINILM
from typer.testing import CliRunner

import qa.cli
from qa.config import Settings

NO_WORDS = "the query has no words or figures to search for"


def test_an_emoji_only_question_reads_as_the_cli_own_message(
    small_settings: Settings, tmp_path: Path
) -> None:
    where = ["--docs", str(small_settings.docs), "--index", str(small_settings.index)]
    env = {"QA_EMBEDDER": MINILM, "QA_BACKEND": "extractive"}
    asked = CliRunner().invoke(qa.cli.app, ["ask", "😀🎉", *where], env=env)
    assert (asked.exit_code, asked.stderr.splitlines()[-1]) == (2, f"error: {NO_WORDS}")

    questions = tmp_path / "q.jsonl"
    rows = [
        {"id": "emoji", "question": "😀🎉", "answer_keys": ["x"]},
        {"id": "lanzhou", "question": "兰州有多少名在职党员到社区报到?", "answer_keys": ["4.8万"]},
    ]
    questions.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    out = tmp_path / "a.jsonl"
    ran = CliRunner().invoke(
        qa.cli.app, ["eval", str(questions), "--out", str(out), *where], env=env
    )
    assert ran.exit_code == 0, ran.output
    lines = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert lines["emoji"]["error"] == NO_WORDS
    assert lines["emoji"]["scores"]["reason"] == "question refused"
    assert "error" not in lines["lanzhou"] and lines["lanzhou"]["scores"]["correct"]
    assert "backend error" not in ran.stderr and "1 questions got an error" in ran.stderr

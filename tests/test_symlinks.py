"""Symbolic links in documents/: a link that leads outside the folder would put any file on
the machine (a key, a password file) into answers, so it is skipped with one line; a link
to a document already there is read once, not twice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import MINILM
from typer.testing import CliRunner

from qa.cli import app
from qa.ingest import load_corpus

SECRET = "内部配置\n\nSECRET_TOKEN=sk-live-123456 这是服务器的密钥,不应出现在回答里。\n"


@pytest.fixture
def linked_docs(tmp_path: Path, small_docs: Path) -> Path:
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (small_docs / "notes.txt").symlink_to(outside / "secret.txt")
    (small_docs / "jilin-again.txt").symlink_to(small_docs / "001_jilin.txt")
    (small_docs / "sub").mkdir()
    (small_docs / "sub" / "up.txt").symlink_to(Path("..") / ".." / "private" / "secret.txt")
    return small_docs


def test_links_outside_are_named_and_links_inside_are_read_once(linked_docs: Path) -> None:
    corpus = load_corpus(linked_docs)
    assert {p.source: p.message for p in corpus.problems} == {
        "notes.txt": "a link to a file outside the documents folder; not read",
        "sub/up.txt": "a link to a file outside the documents folder; not read",
    }
    sources = [a.source for a in corpus.articles]
    assert sources == ["001_jilin.txt", "002_lanzhou.txt", "003_beijing.txt"]
    assert all("SECRET_TOKEN" not in p.text for a in corpus.articles for p in a.paragraphs)


def test_a_link_outside_never_reaches_the_index_or_an_answer(
    linked_docs: Path, tmp_path: Path
) -> None:
    where = ["--docs", str(linked_docs), "--index", str(tmp_path / "index")]
    env = {"QA_EMBEDDER": MINILM}
    indexed = CliRunner().invoke(app, ["index", *where], env=env)
    assert indexed.exit_code == 0, indexed.output
    skipped = [line for line in indexed.stderr.splitlines() if line.startswith("skipped")]
    assert skipped == [
        "skipped notes.txt: a link to a file outside the documents folder; not read",
        "skipped sub/up.txt: a link to a file outside the documents folder; not read",
    ]
    assert "3 added" in indexed.stdout and "embedded 6 chunks" in indexed.stdout

    searched = CliRunner().invoke(app, ["search", "SECRET_TOKEN 密钥", "--json", *where], env=env)
    assert searched.exit_code == 0, searched.output
    found = json.loads(searched.stdout)["passages"]
    assert found and all("SECRET" not in p["text"] for p in found)
    assert {p["source"] for p in found} <= {"001_jilin.txt", "002_lanzhou.txt", "003_beijing.txt"}

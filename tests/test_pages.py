"""A paragraph read from a PDF keeps its page, from the index to the citation: `qa ask`
prints "p. 2", its JSON has an optional `page`, and text files have none."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINILM, settings_for

from qa.config import PROJECT_ROOT
from qa.pipeline import Pipeline
from qa.records import Citation, Passage
from qa.schema import citation_json, passage_json

QA = str(Path(sys.executable).with_name("qa"))
PDF = PROJECT_ROOT.parent / "shared" / "eval" / "wild" / "documents" / "changjiang-shuiyun.pdf"
TEXT = "吉林梅河口建设网格党群服务站\n\n梅河口市精心打造100个网格党群服务站,为居民提供服务。\n"


def test_page_is_in_the_json_only_when_the_paragraph_has_one() -> None:
    cited = Citation(1, "a.pdf", 1, "标题", 3, "引文。", page=2)
    plain = Citation(1, "a.txt", 1, "标题", 3, "引文。")
    assert citation_json(cited)["page"] == 2
    assert "page" not in citation_json(plain)
    assert passage_json(Passage("a.pdf", 1, "t", "", 3, "x", 0.5, 2))["page"] == 2
    assert "page" not in passage_json(Passage("a.txt", 1, "t", "", 3, "x", 0.5))


@pytest.fixture
def pdf_docs(tmp_path: Path) -> Path:
    if not PDF.is_file():
        pytest.skip("wild corpus not present")
    docs = tmp_path / "documents"
    docs.mkdir()
    shutil.copy(PDF, docs)
    (docs / "jilin.txt").write_text(TEXT, encoding="utf-8")
    return docs


def test_pages_survive_the_index_and_reach_the_citations(pdf_docs: Path, tmp_path: Path) -> None:
    settings = settings_for(pdf_docs, tmp_path / "index")
    Pipeline(settings).index()
    reloaded = Pipeline(settings)  # the pages come back from the index on disk
    pages = {p.source: p.page for p in reloaded.retriever.store.catalog.all_paragraphs()}
    assert pages["jilin.txt"] is None and pages["changjiang-shuiyun.pdf"] in (1, 2)
    paragraphs = list(reloaded.retriever.store.catalog.all_paragraphs())
    second_page = [p for p in paragraphs if p.source.endswith(".pdf") and p.page == 2]
    assert second_page  # the article runs on to page 2

    env = {**os.environ, "HF_HUB_OFFLINE": "1", "QA_EMBEDDER": MINILM}
    env["PYTHONPATH"] = str(PROJECT_ROOT)
    where = ["--docs", str(pdf_docs), "--index", str(tmp_path / "index")]
    question = "三峡水运新通道工程总投资约多少亿元?"
    out = subprocess.run(
        [QA, "ask", question, "--json", *where], capture_output=True, text=True, env=env
    )
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    cited = [c for c in answer["citations"] if c["source"].endswith(".pdf")]
    assert cited and all(isinstance(c["page"], int) for c in cited)
    assert all("page" not in p for p in answer["passages"] if p["source"] == "jilin.txt")
    text = subprocess.run([QA, "ask", question, *where], capture_output=True, text=True, env=env)
    assert f"p. {cited[0]['page']})" in text.stdout

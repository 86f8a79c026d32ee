"""What a hostile tester found in the chat UI: an upload that overwrote a seed, an `ask`
endpoint that failed with Gradio's opaque AppError, an unreadable upload reported as
"embedded 0 chunks", a status panel that kept its start-up counts, uploaded HTML rendered
in the chat, and `..\\x.txt` refused as a wrong file type."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CORPUS, MINILM, write_corpus
from gradio_client import Client
from test_ui import CHROMIUM, CHROMIUM_FLAGS, start_server

from qa.ingest import load_corpus
from qa.records import Answer, Citation, Passage
from qa.ui import chat_text, replace_document, save_uploads, upload_refusal

PLANTED = "梅河口市<img src=x onerror=alert(1)>新建120个网格党群服务站。"


def upload_file(folder: Path, name: str, data: bytes) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return str(folder / name)


def test_an_upload_never_overwrites_a_document(tmp_path: Path) -> None:
    docs = write_corpus(tmp_path / "documents")
    seed = (docs / "003_beijing.txt").read_bytes()
    other = upload_file(tmp_path / "up", "003_beijing.txt", "新内容\n\n只有一句。\n".encode())
    saved, notes = save_uploads([other], docs)
    assert saved == ["003_beijing (2).txt"]
    assert notes == [
        "003_beijing.txt 已存在,新文件另存为 003_beijing (2).txt(要替换原文件,请用“替换文档”)"
    ]
    assert (docs / "003_beijing.txt").read_bytes() == seed
    assert save_uploads([other], docs)[0] == ["003_beijing (3).txt"]

    same = upload_file(tmp_path / "again", "003_beijing.txt", seed)
    assert save_uploads([same], docs) == ([], ["003_beijing.txt 已在文档中,内容相同,未重复加入"])


def test_replacing_a_document_is_explicit_and_keeps_a_backup(tmp_path: Path) -> None:
    docs = write_corpus(tmp_path / "documents")
    seed = (docs / "002_lanzhou.txt").read_bytes()
    new = "兰州新稿\n\n兰州市有5万名在职党员到社区报到。\n"
    backup = replace_document(
        upload_file(tmp_path / "up", "whatever.txt", new.encode()), "002_lanzhou.txt", docs
    )
    assert (docs / "002_lanzhou.txt").read_text(encoding="utf-8") == new
    assert backup.parent == docs / ".backup" and backup.read_bytes() == seed
    assert backup.name.endswith("-002_lanzhou.txt")
    assert sorted(a.source for a in load_corpus(docs).articles) == sorted(CORPUS)  # not read


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("..\\x.txt", "文件名不合法(不能含路径或斜杠)"),
        ("../../etc/cron.d/evil.txt", "文件名不合法(不能含路径或斜杠)"),
        ("..x.txt", "文件名不合法(不能以“.”开头)"),  # what a browser leaves of ..\x.txt
        (".hidden.md", "文件名不合法(不能以“.”开头)"),
        ("report.xlsx", "只接受 .txt、.md、.markdown、.html、.htm、.pdf、.docx 文件"),
        ("report.pdf", ""),
        ("新闻.txt", ""),
    ],
)
def test_a_refused_name_says_the_real_reason(name: str, reason: str) -> None:
    assert upload_refusal(name) == reason


def test_document_html_shows_as_text_in_the_chat() -> None:
    passage = Passage("x.txt", 1, "<b>标题</b>", "", 1, PLANTED, 1.0)
    answer = Answer(
        "问题", f"{PLANTED}[1]", (Citation(1, "x.txt", 1, "<b>标题</b>", 1, PLANTED),), False
    )
    shown = chat_text(answer)
    assert "<img" not in shown and "<b>" not in shown
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown and "&lt;b&gt;标题" in shown
    assert '<a href="#qa-src-1">[1]</a>' in shown  # our own markup stays
    assert "<img" not in chat_text(Answer("问题", PLANTED, (), True, (passage,)))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    tmp = tmp_path_factory.mktemp("ui-faults")
    for url in start_server(tmp, QA_EMBEDDER=MINILM):
        yield url, tmp


@pytest.mark.parametrize("question", ["", "   ", "😀🎉"])
def test_the_ask_endpoint_answers_a_question_it_cannot_search_with_an_error_field(
    server: tuple[str, Path], question: str
) -> None:
    url, tmp = server
    result = Client(url, verbose=False).predict(question, api_name="/ask")
    assert set(result) == {
        "question",
        "answer",
        "abstained",
        "citations",
        "passages",
        "timings",
        "error",
    }
    assert result["abstained"] and result["citations"] == []
    assert result["error"] in {
        "the question is empty",
        "the query has no words or figures to search for",
    }
    assert "Traceback" not in (tmp / "serve.log").read_text(encoding="utf-8")


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
def test_uploads_in_the_browser_keep_the_seed_say_why_and_refresh_the_counts(
    server: tuple[str, Path], tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, tmp = server
    seed = (tmp / "documents" / "001_jilin.txt").read_bytes()
    same_name = upload_file(tmp_path, "001_jilin.txt", f"吉林新稿\n\n{PLANTED}\n".encode())
    binary = upload_file(tmp_path / "b", "rnd.txt", bytes(range(256)) * 8)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        expect(page.locator("#status")).to_contain_text("文档 3", timeout=30_000)
        page.get_by_role("tab", name="文档").click()
        page.locator("input[type=file][multiple]").set_input_files([same_name, binary])
        page.wait_for_timeout(1500)  # the upload reaches the server before the click
        page.locator("#upload").click()
        log = page.locator("#upload-log")
        expect(log).to_contain_text("已加入 001_jilin (2).txt", timeout=120_000)
        expect(log).to_contain_text("未能读取 rnd.txt:binary file, not text")
        expect(log).to_contain_text("001_jilin.txt 已存在,新文件另存为 001_jilin (2).txt")
        assert "rnd.txt" not in log.inner_text().split("未能读取")[0]

        page.reload()  # a new visitor sees the documents as they are now
        expect(page.locator("#status")).to_contain_text("文档 4", timeout=30_000)
        box = page.locator("#question textarea")
        box.fill("梅河口市新建了多少个网格党群服务站?")
        box.press("Enter")
        chat = page.locator("#chat")
        expect(chat).to_contain_text("<img src=x onerror=alert(1)>", timeout=60_000)
        assert chat.locator("img[src=x]").count() == 0
        browser.close()
    assert (tmp / "documents" / "001_jilin.txt").read_bytes() == seed

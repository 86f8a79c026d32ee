"""Bad files get one clear line each, and never stop the rest of the corpus being read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app
from qa.ingest import load_corpus
from qa.ingest.read import repair_mojibake

SEEDS = Path(__file__).resolve().parent.parent / "documents"
ARTICLE = "标题一则\n\n新华社北京6月1日电 兰州市有4.8万名在职党员到社区报到。\n\n第二段说明情况。\n"


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


def problems(folder: Path, **kw: float) -> dict[str, str]:
    return {p.source: p.message for p in load_corpus(folder, **kw).problems}


def test_empty_file_is_named_and_the_rest_is_read(docs: Path) -> None:
    (docs / "empty.txt").write_text("", encoding="utf-8")
    corpus = load_corpus(docs)
    assert problems(docs) == {"empty.txt": "empty file"}
    assert [a.source for a in corpus.articles] == ["good.txt"]


def test_binary_file_is_named(docs: Path) -> None:
    (docs / "photo.txt").write_bytes(bytes(range(256)) * 40)
    assert problems(docs) == {"photo.txt": "binary file, not text"}


def test_gb18030_file_is_read_correctly(docs: Path) -> None:
    (docs / "gbk.txt").write_bytes(ARTICLE.replace("兰州", "太原").encode("gb18030"))
    corpus = load_corpus(docs)
    assert corpus.problems == ()
    text = " ".join(p.text for p in corpus.paragraphs() if p.source == "gbk.txt")
    assert "太原市有4.8万名在职党员到社区报到" in text


def test_a_scraped_page_saved_as_mojibake_is_read_back_as_chinese(docs: Path) -> None:
    # UTF-8 Chinese misread through cp1252, Latin-1 or a Cyrillic code page and saved again
    # ("å…°å·žå¸‚", "е…°е·һеёӮ"); one such line among clean ones, the rest of the file untouched
    body = ARTICLE.replace("兰州", "白银").split("\n")
    body[2] = body[2].encode("utf-8").decode("latin-1")
    (docs / "latin.txt").write_text("\n".join(body), encoding="utf-8")
    cyrillic = ARTICLE.replace("兰州", "天水").encode("utf-8").decode("ptcp154")
    (docs / "cyrillic.txt").write_text(cyrillic, encoding="utf-8")
    corpus = load_corpus(docs)
    for source, city in (("latin.txt", "白银"), ("cyrillic.txt", "天水")):
        text = " ".join(p.text for p in corpus.paragraphs() if p.source == source)
        assert f"{city}市有4.8万名在职党员到社区报到" in text and "第二段说明情况" in text
    # a title of rare characters is read back too; accented Latin and ordinary Chinese,
    # simplified or traditional, are no mojibake
    assert repair_mojibake("短叶水蜈蚣".encode().decode("latin-1")) == "短叶水蜈蚣"
    assert repair_mojibake("Café au lait, naïve") == "Café au lait, naïve"
    assert repair_mojibake("黨羣服務中心紅色課堂。") == "黨羣服務中心紅色課堂。"


def test_traditional_big_file_over_the_limit_gets_one_line(docs: Path) -> None:
    with (docs / "huge.txt").open("w", encoding="utf-8") as f:
        for _ in range(50 * 1024):
            f.write("城市基层党建" * 57 + "。\n\n")  # ~50 MB
    message = problems(docs)["huge.txt"]
    assert "MB is over the 20 MB limit" in message and "QA_MAX_FILE_MB" in message
    assert len(load_corpus(docs).articles) == 1


def test_names_with_spaces_and_chinese_characters(docs: Path) -> None:
    (docs / "城市 党建 综述.md").write_text("# 综述标题\n\n" + ARTICLE, encoding="utf-8")
    corpus = load_corpus(docs)
    assert corpus.problems == ()
    assert {a.source for a in corpus.articles} == {"good.txt", "城市 党建 综述.md"}


def test_unsupported_type_is_named(docs: Path) -> None:
    (docs / "sheet.xlsx").write_bytes(b"PK\x03\x04 not really")
    message = problems(docs)["sheet.xlsx"]
    assert "unsupported file type '.xlsx'" in message
    assert ".pdf" in message and ".docx" in message  # the message says what is readable


def test_damaged_pdf_and_docx_get_one_line_each_and_the_rest_is_read(docs: Path) -> None:
    (docs / "report.pdf").write_bytes(b"%PDF-1.4 not really")
    (docs / "notes.docx").write_bytes(b"PK\x03\x04 truncated zip")
    found = problems(docs)
    assert set(found) == {"report.pdf", "notes.docx"}
    assert found["report.pdf"].startswith("not a readable PDF")
    assert "docx" in found["notes.docx"]
    assert all("\n" not in m for m in found.values())
    assert [a.source for a in load_corpus(docs).articles] == ["good.txt"]


def test_html_page_is_read_as_text(docs: Path) -> None:
    page = "<html><head><title>x</title><script>var a=1;</script></head><body>"
    page += "<h1>网页标题</h1><p>兰州市有4.8万名在职党员到社区报到,开展志愿服务。</p></body></html>"
    (docs / "page.html").write_text(page, encoding="utf-8")
    corpus = load_corpus(docs)
    (article,) = [a for a in corpus.articles if a.source == "page.html"]
    assert article.title == "网页标题"
    assert "var a" not in article.paragraphs[0].text


def test_empty_documents_folder_gives_a_clear_message(tmp_path: Path) -> None:
    (tmp_path / "documents").mkdir()
    result = CliRunner().invoke(app, ["sources", "--docs", str(tmp_path / "documents")])
    assert result.exit_code == 0
    assert "no articles found" in result.output


def test_missing_documents_folder_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["sources", "--docs", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "does not exist" in result.output
    assert "Traceback" not in result.output


def test_sources_json_keeps_the_design_shape(tmp_path: Path) -> None:
    shutil.copy(SEEDS / "003_77d3a71f4cfa9fbc.txt", tmp_path)
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    result = CliRunner().invoke(app, ["sources", "--docs", str(tmp_path), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [(d["source"], d["article"]) for d in data] == [("003_77d3a71f4cfa9fbc.txt", 1)]
    first = data[0]["paragraphs"][0]
    assert set(first) == {"paragraph", "text"} and first["paragraph"] == 1
    assert "skipped bad.txt: binary file" in result.stderr


def test_english_file_keeps_its_title_byline_and_joined_paragraphs(docs: Path) -> None:
    (docs / "town.txt").write_text(
        "A Town in Summer\n\nBy Jane Smith\n\nThe town was quiet in the summer.\n\n"
        "The town hall opened a service centre, and 40 volunteers joined\n\n"
        "the grid teams in June.\n",
        encoding="utf-8",
    )
    (article,) = [a for a in load_corpus(docs).articles if a.source == "town.txt"]
    assert article.title == "A Town in Summer"
    assert [p.text for p in article.paragraphs] == [
        "The town was quiet in the summer.",
        "The town hall opened a service centre, and 40 volunteers joined the grid teams in June.",
    ]

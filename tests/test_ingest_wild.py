"""Reading the wild corpus (../shared/eval/wild/documents): real articles nobody here wrote,
in the formats users bring. Each file is named with the ugliness it checks; the reference is
its clean twin in documents-txt (title line, then one heading or paragraph a line).

The files are not copied into the repository: the tests skip when the folder is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.config import PROJECT_ROOT
from qa.ingest import load_corpus
from qa.ingest.clean import compact
from qa.records import Article, Corpus

WILD = PROJECT_ROOT.parent / "shared" / "eval" / "wild"
DOCS = WILD / "documents"
TWINS = WILD / "documents-txt"

pytestmark = pytest.mark.skipif(not DOCS.is_dir(), reason="wild corpus not present")

# Page furniture the wild pages carry; none of it may be a title or a paragraph.
CHROME = (
    "来源:",
    "责任编辑",
    "分享到",
    "纠错",
    "字号",
    "打印本页",
    "关闭窗口",
    "版权所有",
    "ICP备",
    "相关链接",
    "相关新闻",
    "热点排行",
    "浏览次数",
    "当前位置",
    "首页|",
    "发布时间",
    "第1页/共2页",
    "—1—",
    "—2—",
    "城市与治理周刊",
    "经济参考周报",
    "[图片]",
    "本文转载",
)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(DOCS)


def article(corpus: Corpus, name: str) -> Article:
    (found,) = [a for a in corpus.articles if a.source == name]  # exactly one per file
    return found


def twin(name: str) -> tuple[str, list[str]]:
    lines = [ln for ln in (TWINS / f"{Path(name).stem}.txt").read_text("utf-8").split("\n")]
    lines = [ln for ln in lines if ln.strip()]
    return lines[0], lines[1:]


FILES = [
    "weinan-cunqi-lianjian.html",  # news page: nav, dateline, toolbar, sidebar, footer, <h3>s
    "ai-shuxue-yanjiu.html",  # inline style/script/JSON-LD/noscript text around the article
    "renmin-chengshi.pdf",  # two columns, running header, "— n —", paragraphs over breaks
    "changjiang-shuiyun.pdf",  # running header and footer "第 n 页 / 共 2 页", source line
    "qianwei-sixiao-gongzuofa.docx",  # Title + Subtitle, Heading 2/3, a table
    "jinhua-yilao-yixiao.docx",  # Title, Subtitle (a column name), run-in headings
    "tianjin-xiangmu-dangjian.txt",  # CRLF web copy: nav, toolbar, editor, related links, ICP
    "gaomi-dangqun-fuwu.txt",  # traditional script, corner quotes, 【label】, (一), (完)
]


def test_the_wild_corpus_is_eight_articles_one_per_file(corpus: Corpus) -> None:
    assert corpus.problems == ()
    assert sorted(a.source for a in corpus.articles) == sorted(FILES)


@pytest.mark.parametrize("name", FILES)
def test_title_is_the_articles_own(corpus: Corpus, name: str) -> None:
    title, _ = twin(name)
    got = article(corpus, name)
    # A Word file's Subtitle may be the second half of the headline (the twin joins them).
    assert compact(got.title) in {compact(title), compact(title).replace(compact(got.subtitle), "")}


@pytest.mark.parametrize("name", FILES)
def test_every_paragraph_and_heading_of_the_twin_is_read(corpus: Corpus, name: str) -> None:
    _, lines = twin(name)
    got = article(corpus, name)
    paragraphs = [compact(p.text) for p in got.paragraphs]
    sections = " ".join(compact(p.section) for p in got.paragraphs)
    for line in lines:
        assert any(compact(line) in p for p in paragraphs) or compact(line) in sections, line


@pytest.mark.parametrize("name", FILES)
def test_no_page_furniture_is_a_title_or_a_paragraph(corpus: Corpus, name: str) -> None:
    got = article(corpus, name)
    for text in [got.title, got.subtitle, *(p.text for p in got.paragraphs)]:
        flat = compact(text)
        for junk in CHROME:
            assert compact(junk) not in flat, (junk, text[:40])


def test_pdf_paragraphs_run_across_columns_and_pages_and_keep_their_page(corpus: Corpus) -> None:
    got = article(corpus, "renmin-chengshi.pdf")
    pages = [p.page for p in got.paragraphs]
    assert pages[0] == 1 and pages[-1] == 3
    assert pages == sorted(pages)  # reading order
    _, lines = twin("renmin-chengshi.pdf")
    # No paragraph was cut where a column or page ended: the twin's paragraphs match whole.
    twins = {compact(ln) for ln in lines}
    assert sum(compact(p.text) in twins for p in got.paragraphs) == len(got.paragraphs)


def test_docx_table_rows_are_one_line_each(corpus: Corpus) -> None:
    got = article(corpus, "qianwei-sixiao-gongzuofa.docx")
    rows = [p.text for p in got.paragraphs if " | " in p.text]
    assert len(rows) == 11
    assert all(r.count(" | ") == 2 for r in rows)
    assert all(p.page is None for p in got.paragraphs)


def test_docx_heading_and_sub_heading_name_the_section(corpus: Corpus) -> None:
    got = article(corpus, "qianwei-sixiao-gongzuofa.docx")
    _, lines = twin("qianwei-sixiao-gongzuofa.docx")
    first_body = next(p for p in got.paragraphs if p.section)
    # A Heading 2 with a Heading 3 right under it: the section names both.
    assert first_body.section.count(" ") >= 1
    twin_lines = {compact(ln) for ln in lines}
    assert all(compact(part) in twin_lines for part in first_body.section.split())

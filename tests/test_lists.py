"""A list announced in one paragraph and itemised in the paragraphs after it ("…有以下三项
做法。" then "一是…", "二是…"): the question that asks for the list is answered with each
item, cited to its own paragraph, though search finds the announcement."""

from __future__ import annotations

from pathlib import Path

from qa.config import load_settings
from qa.enumeration import announces, item_number, items
from qa.pipeline import Pipeline
from qa.records import Answer

# Made up: an announcing paragraph, three items with an explanation between two of them.
PRACTICES = """某区推进社区治理的经验做法

近年来，某区坚持党建引领社区治理，群众满意度持续提升。该区主要有以下三项做法。

一是建强社区党组织，推动党员下沉网格。

全区共组建网格党支部120个，覆盖所有小区。

二是完善议事协商机制，做到居民事居民议。

三是整合服务资源，打造十五分钟生活圈。

下一步，该区将继续深化社区治理改革。
"""


# Made up: the list given inside one paragraph, its items cut by semicolons.
ONE_PARAGRAPH = """某街道为民服务的做法

某街道把为民服务落到实处，其做法有三条：一是开设夜间服务窗口，方便上班族办事；二是组建志愿服务队，定期走访独居老人；三是建立民情台账，做到事事有回音。

今年以来，该街道办结群众诉求1200余件。
"""


def ask_about(tmp_path: Path, article: str, question: str) -> Answer:
    """The real pipeline (extractive, Chinese embedder, hybrid search) over one article."""
    docs = tmp_path / "documents"
    docs.mkdir()
    (docs / "article.txt").write_text(article, encoding="utf-8")
    settings = load_settings(docs=docs, index=tmp_path / "index", backend="extractive")
    return Pipeline(settings).ask(question)


def test_an_item_opens_with_its_number_in_the_ways_reports_write_it() -> None:
    assert [item_number(t) for t in ("一是建强", "（二）完善", "3. 整合", "其四，", "十一是")] == [
        1,
        2,
        3,
        4,
        11,
    ]
    assert item_number("一方面要建强") is None and item_number("2021年全区") is None
    # the list goes on while the numbers do, past the paragraphs that explain an item
    assert items(["一是甲", "说明", "二是乙", "三是丙", "一是另一个列表"]) == [0, 2, 3]


def test_a_paragraph_announces_a_list_by_its_end() -> None:
    assert announces("当前，尤其需要处理好以下三对关系。")
    assert announces("具体做法如下：")
    assert not announces("以下是记者了解到的情况，供参考，全区共有120个网格。")


def test_the_announced_items_answer_the_question_each_cited_to_its_paragraph(
    tmp_path: Path,
) -> None:
    answer = ask_about(tmp_path, PRACTICES, "某区推进社区治理有哪三项做法？")
    for item in ("一是建强社区党组织", "二是完善议事协商机制", "三是整合服务资源"):
        assert item in answer.text
    cited = {c.quote.split("，")[0]: c.paragraph for c in answer.citations}
    assert cited["一是建强社区党组织"] < cited["二是完善议事协商机制"] < cited["三是整合服务资源"]


def test_a_list_inside_one_paragraph_is_answered_with_all_its_items(tmp_path: Path) -> None:
    answer = ask_about(tmp_path, ONE_PARAGRAPH, "某街道为民服务有哪些做法？")
    for item in ("一是开设夜间服务窗口", "二是组建志愿服务队", "三是建立民情台账"):
        assert item in answer.text
    assert {c.paragraph for c in answer.citations} == {1}

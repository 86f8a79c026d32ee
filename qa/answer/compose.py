"""The answer text of the extractive answerer: the answering clause of each chosen sentence
with its passage's marker, the date or the cause the sentence before gives, the sentence
after that says what is asked, and the items of a list the lead sentence announces.

Markers point at passages, numbered from 1 in the order the answerer was given them;
qa.answer.cite then checks every claim against its passage and quotes the whole sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.answer.asked import QuestionInfo, asks_reason, asks_year
from qa.answer.cite import ABSTAIN_PHRASE, scrub
from qa.answer.clauses import MIN_CLAUSE, clause
from qa.answer.features import (
    CAUSE,
    SAME_TIME,
    Candidate,
    defines_label,
    hinges,
    says_it_before,
    year_conflict,
)
from qa.answer.typed import (
    MONTH_OR_DAY,
    asked_years_of,
    of_asked_measure,
    split_clauses,
    typed_spans,
)
from qa.enumeration import announces, items, opens_list
from qa.ingest.clean import compact
from qa.records import Passage
from qa.sentences import split_sentences

_TRAILING = "。!?！？;；…,，、:： "  # marks an answer clause may end in, left off
# How many sentences back a sentence dated by pointing back ("由此", "同年") may find its
# date: the event it points to and a sentence or two about it. Set by reading, not fitted.
ANTECEDENT_REACH = 3
# How many of the question's words the best sentence lacks that the sentence before must
# say for the answer to begin there. Set by reasoning, not fitted (on the training side,
# cmrc and rgb, 1 and 2 change no answer): one word may be said in passing, two set the
# scene the question asks about.
BEGUN_BEFORE_TERMS = 2


# A figure over another span of time than one year's or one month's: years or months from one
# to another ("2013—2021年", "1-8月"), a yearly average, a running total, a part of the year
# ("Q4", "一季度", "上半年"). Another measure than the asked period's figure, so no rival to
# it unless the question asks over such a span too.
PERIOD_SPAN = re.compile(
    r"\d{4}\s*[-—–~～至到]\s*\d{4}\s*年|\d{1,2}\s*[-—–~～至到]\s*\d{1,2}\s*月|年均|累计"
    r"|(?<![A-Za-z])Q[1-4](?!\d)|[一二三四1-4]季度|[上下]半年|前三季"
)


def compose(
    chosen: Sequence[Candidate], info: QuestionInfo, passages: Sequence[Passage] = ()
) -> str:
    """The answer text: each chosen sentence's answering clause with its passage's marker,
    scrubbed of anything in the document that looks like a marker or a source line. A clause
    that says only things an earlier one says (another report of the same figure or name)
    adds its marker to that one instead of repeating it: one claim, several sources; one
    that shows none of its figures or names is left out."""
    listed = _listed(chosen[0], passages) if chosen else []
    if listed:  # "…需要处理好以下三对关系[1]。一是…[2]。二是…[3]。"
        lead = chosen[0]
        head = _stated(lead.sentence, info, lead.typed, passages[lead.index - 1].title)
        return f"{head}[{lead.index}]。" + "".join(f"{text}[{n}]。" for text, n in listed)
    pieces: list[tuple[str, list[int], set[str]]] = []  # clause, markers, its things
    for c in chosen:
        title = passages[c.index - 1].title if len(passages) >= c.index else ""
        text = _stated(c.sentence, info, c.typed, title)
        if not text:
            continue
        plain = compact(text)
        things = {t for t in map(compact, c.typed) if t and t in plain}
        same = next((p for p in pieces if things and things <= p[2]), None)
        if same is not None:
            same[1].append(c.index)
        elif not pieces or not c.typed or (things and _same_question(plain, pieces[0][0], info)):
            pieces.append((text, [c.index], things))
        # else: another article's clause that shows none of its figures or names, or
        # answers about something else, says nothing more about what is asked
    if not pieces:
        return f"{ABSTAIN_PHRASE}。"
    lead = chosen[0]
    before = (
        _antecedent(lead, info, passages)
        or _said_before(lead, info, passages)
        or _begun_before(lead, info, passages)
    )
    after = _continued(lead, info, passages) or _cause_after(lead, info, passages)
    paragraph = passages[lead.index - 1].text if len(passages) >= lead.index else ""
    stated = "".join(
        f"{text}{''.join(f'[{n}]' for n in marks)}"
        + (_mark_after(text, paragraph) if after and k == len(pieces) - 1 else "。")
        for k, (text, marks, _) in enumerate(pieces)
    )
    return (
        (f"{before}[{lead.index}]{_mark_after(before, paragraph)}" if before else "")
        + stated
        + (f"{after}[{lead.index}]。" if after else "")
    )


# Marks that join two halves of one sentence: the answer keeps them between the halves, as
# the quote does ("…河川带来丰富的水源；因此，畜牧业发达"), instead of closing the first.
_HALF_MARKS = "；;"


def _mark_after(text: str, paragraph: str) -> str:
    """The mark that follows `text` in its paragraph when it joins two halves of a sentence,
    "。" otherwise."""
    at = paragraph.find(text)
    mark = paragraph[at + len(text) : at + len(text) + 1] if at >= 0 and text else ""
    return mark if mark and mark in _HALF_MARKS else "。"


def _listed(c: Candidate, passages: Sequence[Passage]) -> list[tuple[str, int]]:
    """The items of the list `c` announces, each as its opening clause and its passage's
    number, in order (qa.enumeration): the sentences after it in its paragraph when it
    announces one there ("其职能有四个方面：一是…；二是…；"), or the paragraphs after it that
    the passages hold when it ends its paragraph announcing one ("…以下三对关系。" then
    paragraphs "一是…", "二是…")."""
    sentences, at = place_in_paragraph(c, passages)
    if at is None:
        return []
    home = passages[c.index - 1]
    rest = sentences[at + 1 :]
    opened = opens_list(c.sentence)
    if opened or (announces(c.sentence) and rest):
        return [(_item_head(rest[i]), c.index) for i in items(rest, 2 if opened else 1)]
    if not announces(c.sentence) or rest:
        return []
    later = sorted(
        (p.paragraph, n)
        for n, p in enumerate(passages, start=1)
        if (p.source, p.article) == (home.source, home.article) and p.paragraph > home.paragraph
    )
    found = items([passages[n - 1].text for _, n in later])
    return [(_item_head(passages[later[i][1] - 1].text), later[i][1]) for i in found]


def _item_head(text: str) -> str:
    """What an item says in its opening clause ("一是发展与安全的关系,要统筹…" → "一是发展与
    安全的关系"), or its first sentence when that clause is too short to say anything."""
    first = split_sentences(text)[0].strip() if text.strip() else ""
    opening = split_clauses(first)[0] if first else ""
    return (opening if len(compact(opening)) >= MIN_CLAUSE else first).rstrip(_TRAILING)


def _antecedent(c: Candidate, info: QuestionInfo, passages: Sequence[Passage]) -> str:
    """The clause of the nearest sentence before `c` (at most ANTECEDENT_REACH back in its
    paragraph) that holds the asked-for date, when `c` holds none and dates itself by
    pointing back ("同年7月,…授予其荣誉称号" after "1992年…", "…船队由此诞生" two sentences
    after "1988年5月,…"), or names only a month when the year is asked ("十月,…修成…"
    in a chronicle: the year the paragraph last named): without it the answer says "that
    year", not which. Only for dates: "他" or "该" points back to the article's subject as
    often as to the sentence before."""
    if info.kind != "date" or c.typed:
        return ""
    plain = compact(scrub(c.sentence))
    # a chronicle's "十月,…" is in the year the paragraph last named, however far back
    running = asks_year(info.text) and bool(MONTH_OR_DAY.search(plain))
    if not (running or SAME_TIME.search(plain)):
        return ""
    sentences, at = place_in_paragraph(c, passages)
    if not at:  # not found, or the paragraph's first sentence
        return ""
    for before in reversed(sentences[0 if running else max(0, at - ANTECEDENT_REACH) : at]):
        typed = typed_spans(info.kind, before, info)
        if typed:
            return _stated(before, info, typed, passages[c.index - 1].title)
    return ""


def _said_before(c: Candidate, info: QuestionInfo, passages: Sequence[Passage]) -> str:
    """The sentence before `c` when `c` only restates what the question asks about and the
    answer is said before it (features.says_it_before): a why-question's cause ("…雨水充足;
    因此,茶叶产量高"; Chinese prose gives the cause first) or the thing a pointing word
    stands for ("湖泊保护协会于1990年成立…。…画家张三发起成立这一组织。")."""
    return _sentence_before(c, passages) if says_it_before(c.sentence, info.text) else ""


def _begun_before(c: Candidate, info: QuestionInfo, passages: Sequence[Passage]) -> str:
    """The sentence before `c` when the question asks for no kind of thing and that sentence
    says at least BEGUN_BEFORE_TERMS of the question's words that `c` does not (nor the
    passage's title, nor the question's hinge words): the answer runs over both ("以某市地铁
    为例,应放缓新线扩张。" then "重点转向提升换乘体验" for "以某市地铁为例,…把重点从什么转向
    什么"; "…当局推行某项政策…。" then "…报纸被迫停刊" for "因为当局的什么政策而停刊")."""
    if info.kind or c.typed or defines_label(c.sentence, info.text):
        return ""  # a label's definition ("“1”是…") answers alone, whatever its paragraph says
    before = _sentence_before(c, passages)
    plain = compact(c.sentence)
    title = compact(passages[c.index - 1].title)
    missing = [
        t.text
        for t in info.terms
        if not t.number
        and len(t.text) > 1
        and t.text not in info.hinge
        and t.text not in plain
        and t.text not in title
    ]
    return before if sum(t in compact(before) for t in missing) >= BEGUN_BEFORE_TERMS else ""


def _sentence_before(c: Candidate, passages: Sequence[Passage]) -> str:
    """The sentence before `c` in its paragraph, scrubbed and without its closing mark; ""
    when `c` opens the paragraph or is not found in it."""
    sentences, at = place_in_paragraph(c, passages)
    return scrub(sentences[at - 1]).strip().rstrip(_TRAILING) if at else ""


def _sentence_after(c: Candidate, passages: Sequence[Passage]) -> str:
    """The sentence after `c` in its paragraph, as written; "" when `c` ends the paragraph or
    is not found in it."""
    sentences, at = place_in_paragraph(c, passages)
    return sentences[at + 1] if at is not None and at + 1 < len(sentences) else ""


def _continued(c: Candidate, info: QuestionInfo, passages: Sequence[Passage]) -> str:
    """The sentence after `c` when the question asks for no kind of thing and that sentence
    says one of its hinge words (what its question word asks about) that `c` does not: the
    best sentence says the question's topic ("以某市公交为例,应收紧新线路规模"), the next one
    what is asked of it ("重点转向提升线路服务质量" for "把重点从什么转向什么")."""
    if info.kind or c.typed:
        return ""
    following = _sentence_after(c, passages)
    if not hinges(info.hinge, compact(following)) - hinges(info.hinge, compact(c.sentence)):
        return ""
    return scrub(following).strip().rstrip(_TRAILING)


# A sentence that opens by giving the cause of what the sentence before it says ("这是因为…",
# "原因在于…", "由于…"): Chinese prose gives a cause after the result as often as before it.
_GIVES_CAUSE = re.compile(
    r"^(?:这|此|那|其)?(?:主要)?(?:是)?(?:因为|由于|缘于|源于)|^(?:其|主要)?原因(?:是|在于|有)"
)


def _cause_after(c: Candidate, info: QuestionInfo, passages: Sequence[Passage]) -> str:
    """The sentence after `c` when the question asks why, `c` gives no cause of its own and
    the next sentence opens with one ("1927年发生经济大恐慌…。" then "这是因为有效需求赶不上
    大量生产的缘故" for "…大恐慌的成因是什么")."""
    if not asks_reason(info.text) or CAUSE.search(compact(scrub(c.sentence))):
        return ""
    following = scrub(_sentence_after(c, passages)).strip()
    return following.rstrip(_TRAILING) if _GIVES_CAUSE.match(compact(following)) else ""


def _stated(sentence: str, info: QuestionInfo, typed: Sequence[str], title: str) -> str:
    """The clause of a sentence an answer states, without the marks it may end in."""
    typed = of_asked_measure(typed, sentence, info)
    return clause(scrub(sentence), info, typed, title).strip().rstrip(_TRAILING)


def place_in_paragraph(c: Candidate, passages: Sequence[Passage]) -> tuple[list[str], int | None]:
    """The sentences of `c`'s paragraph and where `c` stands among them (None when the
    passage is not given or does not hold it)."""
    if len(passages) < c.index:
        return [], None
    sentences = [s.strip() for s in split_sentences(passages[c.index - 1].text)]
    return sentences, sentences.index(c.sentence) if c.sentence in sentences else None


def _same_question(plain: str, lead: str, info: QuestionInfo) -> bool:
    """Whether another article's clause answers what the lead's does: it says one of the
    question's hinge words or the thing a how-many question counts when the lead says one
    ("城镇新增就业" beside "城镇调查失业率" is another measure), and names the asked year or
    none (2019's figure is no rival to 2022's)."""
    words = (*info.hinge, info.focus) if info.focus else info.hinge
    if hinges(words, compact(lead)) and not hinges(words, plain):
        return False
    if PERIOD_SPAN.search(plain) and not PERIOD_SPAN.search(compact(info.text)):
        return False  # "2013—2021年…年均增长6.1%" is no rival to 2021's "增长9.6%"
    return not year_conflict(asked_years_of(info.text), plain)

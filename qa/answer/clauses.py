"""The part of a sentence that answers: the clause (or run of clauses) that says both the
asked-for thing and what it is about, cut at the sentence's clause marks.

The extractive answerer (qa.answer.extractive) states this clause and cites the whole
sentence. The rules are Chinese grammar and punctuation, not any one text's: a clause mark
inside brackets ends no clause, a colon after a verb introduces what follows, the clauses
after a subject share it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.answer.asked import QuestionInfo, asks_several, jieba_module
from qa.answer.features import (
    aspect_terms,
    char_share,
    contrast_conflict,
    hinges,
    said,
    year_conflict,
)
from qa.answer.typed import (
    asked_years_of,
    figures_of,
    said_whole,
    says_when_only,
    split_clauses,
    years,
)
from qa.ingest.clean import compact

# An answer clause (typed.split_clauses) shorter than MIN_CLAUSE characters takes its
# neighbour too, so "90个议席" reads as "53名候选人竞选90个议席". Chosen on the training side
# of eval/train_extractive.py (cmrc + rgb) by the median answer length.
MIN_CLAUSE = 8
# How many clauses away the clause holding the asked-for thing may be from the one saying
# what is asked ("1994年,马飚出任…助理,步入政界"). Chosen by reading cmrc's training side;
# on all of cmrc 1, 2 and 3 give 0.767, 0.777 and 0.780 (eval/answers.md).
REACH = 2
# A clause holding a thing says what is asked when it says at least this share of what the
# best clause says: one shared character ("主" in "主席" for "主动") is not enough.
# Chosen by reading cmrc's training side; on all of cmrc 0.3, 0.5 and 0.7 give 0.773, 0.777
# and 0.777 (eval/answers.md).
ABOUT_SHARE = 0.5
# A sentence's opening clause that says who reports what follows ("据统计", "据新华社报道",
# "财政报告显示", "他表示"): news attributes a figure or a claim to its source, and an answer
# that begins right after it keeps it. At most ATTRIBUTION_CHARS characters: a longer clause
# says more than a source. Set by reading Chinese news, not fitted.
ATTRIBUTION_CHARS = 16
_ATTRIBUTION = re.compile(
    rf"据\S{{1,{ATTRIBUTION_CHARS}}}|\S{{1,{ATTRIBUTION_CHARS}}}(?:显示|表示|指出|称|透露|介绍|报道|说)"
)
_QUOTED_TITLE = re.compile(r"《[^《》]*》")  # a work's title: names a report, not the event
_CLAUSE_MARK = re.compile(r"[,，;；。]")


def clause(sentence: str, question: QuestionInfo, typed: Sequence[str], title: str = "") -> str:
    """The part of a sentence that answers. For a question that asks for a kind of thing
    (a figure, a date, a name, a place) the answer says both the thing and what it is about:
    the clause that holds one of the sentence's things and the question's words (or its
    hinge words, when the passage's title already says the rest), or failing
    that the clause saying most of what is asked (the question's words the passage's `title`
    does not say: the title's are the topic) joined to the nearest clause holding a thing,
    or the other way round; too short a clause takes the one before it. Of several clauses
    holding a thing, the one naming the asked year leads (2024's figure is no answer about
    2022), then the one saying more of the question's hinge words (what its question word
    asks about: "闭幕时间" asks about 闭幕, not the meeting); in a yearly series ("2019年…
    1031万,…2022年1193万") the clause naming the asked year holds its figure even when only
    the first says what is counted. A next clause joins only when it says a hinge word the
    answer does not yet ("身高2米11,体重118公斤") and no year other than the asked one; for a
    question that asks in two clauses ("投入了多少…,打造了多少…") so does the clause before. Any
    other question is answered by the whole sentence: its answer has no shape to find."""
    if not typed:
        return _named_clause(sentence, question) or sentence.strip()
    parts = split_clauses(sentence)
    if len([p for p in parts if p]) <= 1:
        return sentence.strip()
    if "第几" in question.text:  # "排第几": the rank ("第二位"), not the figure ranked
        whole = compact(sentence)
        typed = [t for t in typed if "第" + compact(t) in whole] or typed

    asked = aspect_terms(question.terms, title) or list(question.terms)
    plains = [compact(p) for p in parts]
    # a figure is said whole and not as a date's digits ("以4比0" holds 4, "4月20日" does not)
    things = [
        any(said_whole(compact(t), figures_of(plain, question)) for t in typed) for plain in plains
    ]
    about = [char_share(asked, plain) for plain in plains]
    words = [said(question.terms, plain) for plain in plains]
    # a headline or a work's title quoted in the clause names a report, not the event
    # ("发表题为《…潜艇悄然下水》的报道" does not say when it was launched)
    # ... and a hinge word the passage's title says is its topic, which every clause is about
    # ("某市是某省下辖的地级市" says the city the title names, not what it was in a dynasty);
    # a title with a clause mark is an untitled text's opening words, which name no topic
    topic = "" if _CLAUSE_MARK.search(title) else compact(title)
    hinge = [w for w in question.hinge if w not in topic] or list(question.hinge)
    hinged = [hinges(hinge, _QUOTED_TITLE.sub("", plain)) for plain in plains]
    asked_years = asked_years_of(question.text)
    # 1: names the asked year; 0.5: names no year; 0: names only others (2024's figure is
    # no answer about 2022)
    dated = [
        1.0 if years(plain) & asked_years else 0.5 - year_conflict(asked_years, plain) / 2
        for plain in plains
    ]

    # the clause whose figure counts what a how-many question counts ("…六大板块" for
    # "有几个板块"): a figure of another measure answers another question
    counted = [
        bool(question.focus)
        and any(
            re.search(re.escape(compact(t)) + r"\S{0,2}" + re.escape(question.focus), plain)
            for t in typed
        )
        for plain in plains
    ]
    most = max(about)
    # for a figure, the clause saying what is counted ("观影总人次342.02万") leads one that only
    # names the asked year ("2022清明档总票房1.20亿"): a name or a place has no such words
    figure = question.kind == "quantity"
    # a clause on another part of a divided matter ("常住人口城镇化率…" for "户籍人口城镇化率")
    # answers about that part, whatever else it says
    other_part = [contrast_conflict(compact(question.text), plain) for plain in plains]
    both = [
        i
        for i in range(len(parts))
        if things[i] and (hinged[i] or (about[i] > 0 and about[i] >= ABOUT_SHARE * most))
    ]
    if not any(dated[i] == 1.0 for i in both):  # a yearly series: "2019年…1031万,…2022年1193万"
        both += [i for i in range(len(parts)) if things[i] and dated[i] == 1.0]
    asking = max(range(len(parts)), key=lambda i: (about[i], words[i], -i))
    holding = [i for i in range(len(parts)) if things[i] and abs(i - asking) <= REACH]
    if both:  # one clause says the thing and what it is about
        best = max(
            both,
            key=lambda i: (
                -other_part[i],
                dated[i] > 0 if figure else dated[i],
                counted[i],
                len(hinged[i]),
                dated[i],
                about[i],
                words[i],
                -i,
            ),
        )
        lo, hi = best, best + 1
        while lo - 1 in both and hinged[lo - 1] >= hinged[best] and dated[lo - 1] == dated[best]:
            lo -= 1  # "甲、乙领衔主演,丙、丁等主演的…": the clause before answers the same
    elif holding:  # what is asked, then the thing that answers it
        nearest = min(holding, key=lambda i: (abs(i - asking), i))
        earlier = [i for i in holding if i < asking]
        if question.kind == "person" and _PRONOUN.match(plains[asking]) and earlier:
            nearest = max(earlier)  # "…狄奥多西平定内乱,…他也是最后一位…的皇帝": 他 is
            # the person named before, not the one named after
        lo, hi = min(asking, nearest), max(asking, nearest) + 1
    elif any(things):  # the thing alone ("10月23日"): with what it is about beside it
        best = max(
            (i for i in range(len(parts)) if things[i]), key=lambda i: (about[i], words[i], -i)
        )
        lo, hi = best, best + 1
        beside = [i for i in (best - 1, best + 1) if 0 <= i < len(parts) and about[i] > 0]
        if beside:
            nearest = max(beside, key=lambda i: (about[i], -i))
            lo, hi = min(lo, nearest), max(hi, nearest + 1)
    else:  # the thing spans a clause mark: the clause saying most of what is asked
        lo, hi = asking, asking + 1
    while (
        hi < len(parts)
        and things[hi]
        and about[hi] > 0
        and dated[hi] > 0
        and (hinged[hi] - set().union(*hinged[lo:hi]) or not any(hinged[lo:hi]))
    ):
        hi += 1  # "200多个联盟,解决6600多件难题": a question may ask for two figures
    while (
        lo > 0
        and asks_several(question.text)
        and things[lo - 1]
        and about[lo - 1] > 0
        and dated[lo - 1] > 0
        and hinged[lo - 1] - set().union(*hinged[lo:hi])
    ):
        lo -= 1  # "投入…300多万元,打造…120个" for "投入了多少…,打造了多少…": a question
        # asking in two clauses may be answered by the clause before too
    if hi < len(parts) and _CHANGE_FROM.match(plains[hi - 1]) and _CHANGE_TO.match(plains[hi]):
        hi += 1  # "从九章共61条,增至十章共86条": a change's start is said with where it went
    while question.kind == "place" and hi < len(parts) and _locates_further(plains[hi], things[hi]):
        hi += 1  # "位于某州的北部,某湖畔", "位于某省境内,距某城63千米": one place
    if question.kind == "person" and lo > 0 and _SUBJECTLESS.match(plains[lo]):
        # "李四成为冲击者,在决赛中击败张三,夺得冠军": the clauses after the first share its
        # subject, and the person asked for is who did it, not whom it was done to
        subject = next(
            (
                k
                for k in range(lo - 1, max(lo - 1 - REACH, -1), -1)
                if _opens_with(plains[k], typed)
            ),
            None,
        )
        if subject is not None:
            lo = subject
    if lo > 0 and says_when_only(plains[lo - 1]) and years(plains[lo - 1]) - asked_years:
        lo -= 1  # "2013—2021年,我国工业增加值年均增长6.1%": the clause before says in which
        # years, and the question did not
    if lo == 1 and _ATTRIBUTION.fullmatch(plains[0]):
        lo = 0  # "2006年度财政报告显示,冰雪皇后超过5600家店铺…": who says it stays with it
    while len("".join(plains[lo:hi])) < MIN_CLAUSE and (lo > 0 or hi < len(parts)):
        if lo > 0:
            lo -= 1
        else:
            hi += 1
    if (
        hi < len(parts)
        and _INTRODUCES.match(sentence, _join_end(sentence, parts[lo:hi]))
        and introduces(parts[hi - 1])
    ):
        hi += 1  # "地理位置为：威斯康辛州北部": what the clause announces follows its colon
    return _join(sentence, parts[lo:hi])


# A clause that names what a question of no kind asks for: one of its hinge words, a copula
# and a quoted name ("…的主题为“绿色出行”", "吉祥物叫“小蓝”"). Chinese news quotes a
# theme, a slogan, a mascot or a word of the year; the clauses after it say more about it,
# the clauses before it set it in time and place.
_NAMED_AFTER = r"\S{0,6}?(?:是|为|叫|叫做|称为|名为|定为)\s*[“「『《\"]"


def _named_clause(sentence: str, question: QuestionInfo) -> str:
    """A sentence up to the clause that names what a question of no kind asks for with a
    quoted name; "" when no clause does."""
    parts = split_clauses(sentence)
    if len([p for p in parts if p]) <= 1 or not question.hinge:
        return ""
    for k, part in enumerate(parts):
        if any(re.search(re.escape(w) + _NAMED_AFTER, part) for w in question.hinge):
            return _join(sentence, parts[: k + 1])
    return ""


# A colon that may introduce what follows; not one between digits (a clock's "14:46", "70:1").
_INTRODUCES = re.compile(r"：|:(?!\d)")
# jieba's tags of a last word that announces what a colon introduces: a verb ("表示：", "包括："),
# a preposition or copula ("为："), a count ("分两类："). A noun before a colon is a label
# ("日期：", "来源：", "单位："): what follows it is a field of the page, not the answer.
_ANNOUNCING_TAGS = ("v", "p", "q", "m")


def introduces(text: str) -> bool:
    """Whether a clause that a colon ends introduces what follows it."""
    words = [p for p in jieba_module().posseg.cut(text) if p.word.strip()]
    return bool(words) and (
        words[-1].flag.startswith(_ANNOUNCING_TAGS) or words[-1].word in ("如下", "以下")
    )


def _join_end(sentence: str, parts: Sequence[str]) -> int:
    """Where the mark right after consecutive clauses stands in their sentence."""
    return _span(sentence, parts)[1]


# A clause that goes on saying where a place lies: how far from or next to another place
# ("距县城15公里", "毗邻机场"), or a place and where by it ("太湖之滨", "长江以北"). A
# direction of its own ("东接…") answers another question ("北面与哪个州相邻").
_DISTANCE = re.compile(r"(?:距离?|离|毗邻|邻近|靠近|紧邻|濒临)")
_BY_A_PLACE = re.compile(r"(?:畔|岸|滨|边|旁|附近|一带|境内|之间|以[东南西北])$")
LOCATING_CLAUSE_CHARS = 16  # the longest clause that only goes on saying where: set by reading


def _locates_further(plain: str, names_place: bool) -> bool:
    """Whether a clause after a where-answer says more of the same place."""
    plain = plain.rstrip("。.")
    if len(plain) > LOCATING_CLAUSE_CHARS:
        return False
    return bool(_DISTANCE.match(plain)) or (names_place and bool(_BY_A_PLACE.search(plain)))


# A clause that says where a change started ("从九章共61条", "由3家") and the next clause
# that says where it went ("增至…", "下降到…", "调整为…"): one change, said across a comma.
_CHANGE_FROM = re.compile(r"[从由]")
_CHANGE_TO = re.compile(r"(?:[增减降升提扩缩涨跌下上变调改]\S{0,2}?)?(?:至|到|为)")
# A pronoun opening a clause points back to a person named before it (他, 她, 其).
_PRONOUN = re.compile(r"(?:[他她]们?|其)")
# What opens a clause that has no subject of its own and shares the one before it (Chinese
# drops a repeated subject): a preposition, a conjunction or an adverb before the verb.
_SUBJECTLESS = re.compile(
    r"(?:在|于|并|且|又|也|还|再|便|就|随后|之后|然后|首次|曾|已|将|以|凭借|通过)"
)


def _opens_with(plain: str, typed: Sequence[str]) -> bool:
    """Whether a clause begins with one of the typed things (its subject)."""
    return any(t and plain.startswith(compact(t)) for t in typed)


def _join(sentence: str, parts: Sequence[str]) -> str:
    """Consecutive clauses as the sentence wrote them (with the marks between them)."""
    begin, end = _span(sentence, parts)
    return sentence[begin:end].strip(" ,，、:：;；")


def _span(sentence: str, parts: Sequence[str]) -> tuple[int, int]:
    """Where consecutive clauses begin and end in their sentence."""
    first, last = parts[0], parts[-1]
    begin = sentence.find(first) if first else 0
    end = sentence.find(last, begin) + len(last) if last else len(sentence)
    return max(begin, 0), end

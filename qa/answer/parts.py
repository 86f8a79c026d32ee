"""A question that asks for several things, cut into one question per thing.

"甲社区和乙村分别能拿到多少收入?" asks two figures, one per village; "书记由谁来当?这家
公司又推动哪个党支部…?" asks two questions at once. One best sentence answers only one of
them, so the extractive answerer answers each part and joins the answers. The rules are
Chinese grammar, not any question's words: a question mark inside the question ends a
question, 分别/各 ("respectively", "each") distributes the sentence over the items a
coordinator (和, 与, 及, 以及, 、) joins just before it, and clauses that each ask a figure
("开展了多少次…,解决了多少个问题?") are a question each.
"""

from __future__ import annotations

import re
from itertools import pairwise

from qa.answer.asked import jieba_module

# "each of them": the items joined before it are asked about one by one. The character after
# 各 makes it a distributive verb (各有, 各是, 各为, 各由, 各自), not the pronoun in 各地.
_SEVERAL = re.compile(r"分别各?|分別各?|各自|各(?=[有是为為由占])")
# What joins the items of a list.
_AND = re.compile(r"以及|和|与|與|及|、")
# Where a clause ends: the items are looked for in the clauses before the distributive word,
# nearest first.
_CLAUSE_MARK = re.compile(r"[,，;；:：]")
# A question mark that another question follows.
_INNER_QUESTION = re.compile(r"(?<=[?？])\s*(?=\S)")
# An item longer than this is not a noun phrase of a list but a clause; a question that
# would split into more parts than this is a list to be answered as a whole. Set by reading
# Chinese news questions, not fitted.
MAX_ITEM_CHARS = 15
MAX_PARTS = 4


def parts(question: str) -> list[str]:
    """The questions one question asks, in its order; the question itself when it asks one."""
    out: list[str] = []
    for piece in _INNER_QUESTION.split(question.strip()):
        if piece.strip():
            for q in _distribute(piece.strip()):
                out.extend(_figures(q))
    return out if 1 < len(out) <= MAX_PARTS else [question]


# Question words; a clause that says one asks something. Two clauses that each ask a figure
# ("开展了多少次…,解决了多少个问题") are two questions, each answered by its own sentence.
_ASKS = re.compile(r"多少|几(?!乎)|什么|哪|谁|何|怎|如何|多久|多长|多大")
_ASKS_FIGURE = re.compile(r"多少|几(?!乎)")


def _figures(question: str) -> list[str]:
    """ "甲县累计开展了多少次…,解决了多少个问题?" → ["甲县累计开展了多少次…?", "甲县解决了多少
    个问题?"]: one question per clause that asks, when every clause that asks asks a figure
    and at least two do. A clause that asks nothing ("截至2021年底,") stays with the clause
    after it; a later part without the subject the first asking clause opens with takes it
    (`_subject`)."""
    clauses = [c for c in re.split(r"(?<=[,，])", question) if c.strip()]
    asking = [c for c in clauses if _ASKS.search(c)]
    if len(asking) < 2 or not all(_ASKS_FIGURE.search(c) for c in asking):
        return [question]
    groups: list[str] = []
    pending = ""
    for c in clauses:
        pending += c
        if _ASKS.search(c):
            groups.append(pending)
            pending = ""
    groups[-1] += pending  # a closing clause that asks nothing joins the last part
    topic = _subject(asking[0])
    first, *rest = (g.rstrip(",，?？") for g in groups)
    if not topic:  # "修建德余高速乌江特大桥花了多少钱,总投资是多少": the names it is about
        return [first + "?"] + [_named(asking[0], g) + g + "?" for g in rest]
    return [first + "?"] + [(g if topic in g else topic + g) + "?" for g in rest]


def _named(clause: str, part: str) -> str:
    """The names of places, people and bodies a clause says and a later part does not: what
    a part without a subject of its own asks about."""
    return "".join(
        word
        for word, flag in jieba_module().posseg.cut(clause)
        if flag.startswith(("ns", "nr", "nt", "nz")) and word not in part
    )


def _subject(clause: str) -> str:
    """The nouns a clause opens with, its subject ("杭州市志愿服务队累计开展了…" → 杭州市志愿
    服务队; "某县“小板凳”服务队…" → 某县): a later clause that asks without one asks about it,
    and its place must be named for the answer (a place swapped for another is no answer)."""
    subject = ""
    for word, flag in jieba_module().posseg.cut(clause):
        if not flag.startswith(("n", "j")):
            break
        subject += word
    return subject


def _distribute(question: str) -> list[str]:
    """ "A和B分别…" → ["A…", "B…"]; the question itself when it has no such list."""
    several = _SEVERAL.search(question)
    if not several:
        return [question]
    before, after = question[: several.start()], question[several.end() :]
    clauses = list(_CLAUSE_MARK.finditer(before))
    ends = [len(before)] + [m.start() for m in reversed(clauses)]
    starts = [m.end() for m in reversed(clauses)] + [0]
    for start, end in zip(starts, ends, strict=True):  # nearest clause first
        # within a clause the list is one of the stretches between its 的, nearest first:
        # "文中的甲社区和乙村" (the items own nothing after them), "甲社区和乙村的集体收入"
        # (the items own what is asked about)
        cuts = [start] + [start + m.end() for m in re.finditer("的", before[start:end])]
        bounds = [*cuts, end]
        for lo, hi in reversed(list(pairwise(bounds))):
            listed = before[lo:hi].removesuffix("的")
            items = [i.strip() for i in _AND.split(listed)]
            if len(items) >= 2 and all(0 < len(i) <= MAX_ITEM_CHARS for i in items):
                stop = lo + len(listed)
                items = _sharing_tail(items)
                return [before[:lo] + item + before[stop:] + after for item in items]
    return [question[: several.start()] + after]


def _sharing_tail(items: list[str]) -> list[str]:
    """ "2011年和2012年高考报名人数" → ["2011年高考报名人数", "2012年高考报名人数"]: when the
    last item opens with words of the same kinds as each other item ("2012年" as "2011年",
    "上海" as "北京"), the rest of it ("高考报名人数") is what they all own."""
    tagged = [list(jieba_module().posseg.cut(i)) for i in items]
    n = len(tagged[0])
    last = tagged[-1]
    if len(last) <= n or any(len(t) != n for t in tagged[:-1]):
        return items
    kinds = [f for _, f in last[:n]]
    if any([f for _, f in t] != kinds for t in tagged[:-1]):
        return items
    tail = "".join(w for w, _ in last[n:])
    return [i + tail for i in items[:-1]] + [items[-1]]

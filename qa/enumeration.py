"""Lists an article announces and the paragraphs that hold their items.

Chinese reports and commentaries announce a list in one paragraph ("当前，城市治理尤其
需要处理好以下三对关系。", "主要做法如下：") and give its items in the paragraphs after it,
each opening with its number ("一是…", "（二）…", "3. …"), often with other paragraphs
between them. A search finds the announcing paragraph; its items say what it announces.
Retrieval (`qa.pipeline.Pipeline.search_asked`) adds them to the passages, and the extractive
answerer answers with the announcement and each item's opening clause.
"""

from __future__ import annotations

import re

# A sentence that announces what follows: "以下/如下/下列 …" at its end, or a colon.
ANNOUNCES = re.compile(r"(?:以下|如下|下列)[^，,。！？!?]{0,12}[。:：]\s*$|[:：]\s*$")
_NUMERALS = "一二三四五六七八九十"
# An item's number as it opens a paragraph: "一是", "其二", "第三，", "（四）", "五、", "6.",
# "（7）". The Chinese numerals of news and reports, not any one article's.
_ITEM = re.compile(
    rf"^\s*(?:([{_NUMERALS}]{{1,3}})是|其([{_NUMERALS}]{{1,3}})[，,、是：:]"
    rf"|第([{_NUMERALS}]{{1,3}})[，,、是：:]|[（(]([{_NUMERALS}]{{1,3}}|\d{{1,2}})[）)]"
    rf"|([{_NUMERALS}]{{1,3}})、|(\d{{1,2}})[、.．](?!\d))"
)
# How many paragraphs after the announcing one may hold its items, and at most how many items
# an answer lists. Set by reasoning, not fitted: an item with two or three paragraphs of
# explanation, and lists of up to ten points.
ITEMS_WITHIN = 24
MAX_ITEMS = 10


def announces(text: str) -> bool:
    """Whether a paragraph (or sentence) ends by announcing a list."""
    return bool(ANNOUNCES.search(text.strip()))


def item_number(text: str) -> int | None:
    """The number a paragraph opens with as a list item ("二是…" → 2), None when it opens
    with none."""
    m = _ITEM.match(text)
    if not m:
        return None
    return number_value(next(g for g in m.groups() if g))


def items(following: list[str], first: int = 1) -> list[int]:
    """The positions, among the paragraphs (or sentences) after an announcing one, of its
    items: those that open with first, first + 1, … in order; the list ends where the
    numbering does not go on."""
    found: list[int] = []
    for n, text in enumerate(following[:ITEMS_WITHIN]):
        number = item_number(text)
        if number is None:
            continue
        if number != first + len(found):
            break
        found.append(n)
        if len(found) == MAX_ITEMS:
            break
    return found


def opens_list(sentence: str) -> bool:
    """Whether a sentence announces a list and gives its first item after a colon ("其职能有
    四个方面：一是…；"), so that the sentences after it go on from item 2."""
    colon = re.search(r"[:：]", sentence)
    return bool(colon) and item_number(sentence[colon.end() :]) == 1


def number_value(text: str) -> int | None:
    """The value of a number in digits or in Chinese numerals below a thousand ("十九" → 19,
    "两百" → 200); None when it is neither."""
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in "十百":
            total += (digit or 1) * (10 if ch == "十" else 100)
            digit = 0
        else:
            return None
    return total + digit


_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}

"""The places an article is about, found once when documents are read.

A sentence late in an article often leaves its place unsaid ("the city set up 426 …" in an
article on 兰州). Answer backends read these home places from each Passage, so they never
go back to the files.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from qa.answer.place_levels import named_place

# Place words that name no particular place (jieba tags them `ns`): they never make an
# article "about" somewhere, and a question naming them asks about no particular place.
# The kinds of place ("都市", "山区") are generic too: "city" in an English question is the
# kind asked for, glossed 城市 or 都市.
GENERIC_PLACES = frozenset(
    {"城市", "全国", "我国", "中国", "全省", "全市", "地方", "基层", "国家"}
    | {"都市", "大城市", "山区"}
)
# A count of states or provinces ("两国", "北美三国", "东北三省", "多国"), which jieba's
# dictionary tags as a place: it names no particular one.
COUNTED_PLACES = re.compile(r"[一二两三四五六七八九十几多数诸]+[国省]")


def is_generic_place(word: str) -> bool:
    """Whether a place word names no particular place (GENERIC_PLACES, COUNTED_PLACES)."""
    return word in GENERIC_PLACES or bool(COUNTED_PLACES.fullmatch(word))


# A place counts as an article's home when the article names it at least this share as
# often as its most-named place (an article is mostly about one or two places).
HOME_SHARE = 0.5


@lru_cache(maxsize=1)
def _posseg():  # jieba is untyped
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg


# "Ancient" before a state ("古希腊", "古罗马"): the same place as a text's "古典希腊" or "希腊".
_ANCIENT = re.compile(r"古(.{2,})")


def place_stem(word: str) -> str:
    """A place name without its 市/省/州/县/区 ("杭州市" → "杭州"), the 各国 of all its
    parts ("欧洲各国" → "欧洲") or the 古 of an ancient state a dictionary names as a place
    ("古希腊" → "希腊"; not "古田县" → "古田", nor "古北口" → "北口"): matches either form."""
    word = re.sub(r"(?<=..)(?:[市省州县区]|各[国地省市州县区])$", "", word)
    ancient = _ANCIENT.fullmatch(word)
    if ancient and named_place(ancient.group(1)):
        return ancient.group(1)
    return word


def places(text: str) -> list[str]:
    """The place names jieba's dictionary tags in `text` (normalised, simplified), as stems,
    in order. Without jieba's HMM: its guesses at unknown words are mostly not places
    ("长约", "治港" on bench articles) and cost seven times the dictionary look-up (on 303
    articles of the seeds, wild and bench sets: 8.6 CPU-s against 1.1)."""
    return [
        place_stem(p.word)
        for p in _posseg().cut(text, HMM=False)
        if p.flag == "ns" and p.word not in GENERIC_PLACES and len(p.word) > 1
    ]


def home_places(texts: Iterable[str]) -> tuple[str, ...]:
    """The places an article (its title and paragraphs' search texts) is about, most-named
    first."""
    counts = Counter(p for text in texts for p in places(text))
    if not counts:
        return ()
    top = max(counts.values())
    return tuple(p for p, c in counts.most_common() if c >= top * HOME_SHARE)

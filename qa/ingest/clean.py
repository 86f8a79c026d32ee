"""Two texts for every paragraph: a display text that stays close to the source, and a
normalised search text (simplified script, NFKC, no pinyin, no layout spaces).

Both sides of every comparison (search, citation checks, evaluation) go through
`normalise`, so a traditional-script paragraph matches a simplified question.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef\u2014\u2026\u201c\u201d\u2018\u2019"
_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"

# "標(biāo)志", "網(wǎng)": a pinyin syllable with a tone mark, in brackets (after a hanzi, or
# after the debris a mis-encoded run left in its place: "?。▍^(qū)").
_PINYIN = re.compile(rf"[(（]([a-zü{_TONE}]{{1,7}})[)）]")
# A space the column layout or OCR left between two Chinese characters or figures.
_LAYOUT_SPACE = re.compile(
    rf"(?<=[{CJK}{CJK_PUNCT}])[ \t\u3000\u00a0]+(?=[{CJK}{CJK_PUNCT}0-9])"
    rf"|(?<=[{CJK}{CJK_PUNCT}0-9])[ \t\u3000\u00a0]+(?=[{CJK}{CJK_PUNCT}])"
)
# Page-jump notes of a newspaper: "(上接01版)", "(下转B2版)".
_PAGE_JUMP = re.compile(r"[(（](?:上接|下转|下轉|上接第|转|轉)[^()（）]{0,8}版[)）]")
# A run of 8+ characters repeated back to back: OCR and layout duplication.
_REPEAT = re.compile(r"(.{8,}?)\1+")
# Curly and corner quotes to straight ones (corner quotes are how Taiwan and Hong Kong
# pages write “” and ‘’).
_QUOTES = str.maketrans(
    {"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"', "『": "'", "』": "'"}
)


def _has_tone(syllable: str) -> bool:
    return any(ch in _TONE for ch in syllable)


# Mis-encoded pages lose the opening bracket ("變?yōu)椤") and leave markup behind ("?/p>").
_BROKEN_PINYIN = re.compile(rf"\?[a-zü{_TONE}]{{0,6}}[{_TONE}][a-zü{_TONE}]{{0,6}}\)")
_MARKUP = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]{0,9}\s*/?>|\?/[a-zA-Z]{1,6}>")


def strip_pinyin(text: str) -> str:
    text = _PINYIN.sub(lambda m: "" if _has_tone(m.group(1)) else m.group(0), text)
    return _MARKUP.sub("", _BROKEN_PINYIN.sub("", text))


def remove_layout_spaces(text: str) -> str:
    return _LAYOUT_SPACE.sub("", text)


def collapse_repeats(text: str) -> str:
    return _REPEAT.sub(r"\1", text)


def strip_page_jumps(text: str) -> str:
    return _PAGE_JUMP.sub("", text)


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def display_text(text: str) -> str:
    """What a reader sees and what citations quote: the source's script, minus layout debris."""
    text = strip_pinyin(text)
    text = strip_page_jumps(text)
    text = remove_layout_spaces(text.strip(" \t\u3000\u00a0"))
    text = collapse_repeats(text)
    return re.sub(r"[ \t\u3000\u00a0]{2,}", " ", text).strip()


def display_title(text: str) -> str:
    """Titles keep the space between their two halves ("深化… 不断提升…")."""
    text = strip_pinyin(text).strip(" \t\u3000\u00a0#*")
    text = text.replace("**", "")
    return re.sub(r"[ \t\u3000\u00a0]+", " ", text).strip()


def normalise(text: str) -> str:
    """The search form: NFKC, no pinyin, simplified, straight quotes, spaces only between words."""
    text = unicodedata.normalize("NFKC", strip_pinyin(text))
    text = to_simplified(text).translate(_QUOTES)
    text = remove_layout_spaces(text)
    return re.sub(r"\s+", " ", text).strip()


def compact(text: str) -> str:
    """The comparison form of DESIGN.md: `normalise`, then every white space removed."""
    return re.sub(r"\s+", "", normalise(text))

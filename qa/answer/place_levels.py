"""Which level of place a question asks for, and which level a place name is.

"这条老街位于哪个国家?" is not answered by the streets a sentence names, nor "震中位于哪个
省?" by the countries around it. A where-question that names its level (国家, 省, 城市)
takes only places that may be of that level; a place whose level is not known still may.
"""

from __future__ import annotations

import re
from functools import cache

from qa.crosslingual import glosses, place_names

# How a question names the level it asks for, and the level it stands for.
ASKED_LEVELS = (
    ("country", re.compile(r"哪[一]?[个個]?国家|哪[一]?[个個]?國家|哪国|哪國|什么国家|什麼國家")),
    # a state of a federation is a province's level ("哪一个州")
    ("province", re.compile(r"哪[一]?[个個]?[省州]|什么[省州]|什麼[省州]")),
    ("city", re.compile(r"哪[一]?[个個座]?城市|什么城市|什麼城市")),
    # a county, a district, a town or a village: what lies inside a city ("哪个县", "哪个镇"),
    # not a region ("哪个区域")
    ("local", re.compile(r"(?:哪[一]?[个個座]?|什么|什麼)(?:[县縣镇鎮乡鄉村]|[区區](?!域))")),
)
# How a name ends when it says its level: a state of old ("晋国") or of now ("英国"), a
# province or autonomous region, a city, and what lies inside one (streets, districts, towns).
_ENDS = (
    ("country", re.compile(r"^[^\W\d_]{1,3}[国國]$")),
    ("province", re.compile(r"(?:省|自治区|自治區)$")),
    ("city", re.compile(r"市$")),
    ("local", re.compile(r"(?:街|路|巷|站|区|區|县|縣|镇|鎮|乡|鄉|村|道)$")),
)
# How CC-CEDICT glosses a province, a state or a city ("Zhejiang province …", "Ningxia Hui
# Autonomous Region …", "Nevada, US state", "Wuzhou, prefecture-level city in Guangxi").
_GLOSSES = (
    (
        "province",
        re.compile(
            r"^[A-Z][\w'-]*(?: [A-Z][\w'-]*)*(?:, [A-Z]+)?"
            r" (?:[Pp]rovince|Autonomous Region|[Ss]tate)\b"
        ),
    ),
    ("city", re.compile(r"^[A-Z][\w' -]*(?:,| \(| )[^;]{0,20}?\b(?:city|capital)\b")),
)


# CLDR's codes for what is no place of one level: unions, the UN, pseudo and unknown regions
_NOT_TERRITORIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})


@cache
def countries() -> frozenset[str]:
    """The countries' and territories' names in Chinese, simplified and traditional, as the
    Unicode CLDR gives them (through Babel): "冰岛", "瑞士"."""
    from babel import Locale

    names: set[str] = set()
    for locale in ("zh", "zh_Hant"):
        territories = Locale.parse(locale).territories
        names.update(
            name
            for code, name in territories.items()
            if code.isalpha() and code not in _NOT_TERRITORIES
        )
    return frozenset(names)


def asked_level(question: str) -> str:
    """The level of place a question asks for: "country", "province", "city", "local" (a
    county, a district, a town) or ""."""
    for level, pattern in ASKED_LEVELS:
        if pattern.search(question):
            return level
    return ""


def named_place(word: str) -> bool:
    """Whether a general resource names `word` as a place: CC-CEDICT glosses it as one
    (`crosslingual.place_names`) or the CLDR as a country or territory (`countries`)."""
    return word in countries() or word in place_names()


def level(place: str) -> str:
    """The level a place name says it is, "" when neither its form nor a dictionary says."""
    if place in countries():
        return "country"
    for name, pattern in _ENDS:
        if pattern.search(place):
            return name
    for name, pattern in _GLOSSES:
        if any(pattern.search(d) for d in glosses(place)):
            return name
    return ""


def street_name(place: str, text: str) -> bool:
    """Whether a text names the place only as the start of a street's or a station's name,
    which jieba cuts in two ("新桥|路")."""
    return (
        all(_STREET.match(text, m.end()) for m in re.finditer(re.escape(place), text))
        and place in text
    )


_STREET = re.compile(r"[路街巷站]")


def fits(place: str, asked: str, street: bool = False) -> bool:
    """Whether a place may be of the asked level: a country answers no question about a
    province or a city, nor a city or a street one about a country.
    `street`: the text names it only as part of a street's name (`street_name`)."""
    if not asked:
        return True
    found = "local" if street else level(place)
    return found in ("", asked) or (asked == "city" and found == "local")

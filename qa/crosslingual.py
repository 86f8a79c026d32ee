"""English question → Chinese terms of the corpus, so BM25 can see English questions.

Two generic sources, no answers: a small glossary of the domain's vocabulary
(sub-district = 街道, grid = 网格, blow the whistle = 吹哨 …), and place and person names
matched by sound: a capitalised word ("Meihekou") is looked up among the corpus's own words
by their toneless pinyin (梅河口 → "meihekou").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pypinyin import lazy_pinyin

# The vocabulary of urban grassroots Party building and of the news around it.
# English phrase (any inflection the stemmer folds) → Chinese term(s), separated by spaces.
GLOSSARY: dict[str, str] = {
    "sub district": "街道",
    "subdistrict": "街道",
    "street": "街道",
    "township": "乡镇",
    "town": "镇",
    "village": "村",
    "county": "县",
    "province": "省",
    "city": "城市 市",
    "urban": "城市",
    "community": "社区",
    "neighborhood": "小区 社区",
    "neighbourhood": "小区 社区",
    "residential compound": "小区",
    "resident": "居民",
    "residents committee": "居委会",
    "grid": "网格",
    "grid member": "网格员",
    "party": "党",
    "party member": "党员",
    "party building": "党建",
    "party organization": "党组织",
    "party organisation": "党组织",
    "party committee": "党委",
    "party working committee": "党工委",
    "party branch": "党支部",
    "party masses": "党群",
    "masses": "群众",
    "service station": "服务站",
    "service center": "服务中心",
    "service centre": "服务中心",
    "service": "服务",
    "blow the whistle": "吹哨",
    "whistle": "吹哨",
    "report for duty": "报到",
    "report to": "报到",
    "department": "部门",
    "grassroots": "基层",
    "governance": "治理",
    "reform": "改革",
    "system": "体制 制度",
    "mechanism": "机制",
    "cadre": "干部",
    "official": "干部",
    "volunteer": "志愿者",
    "property management": "物业",
    "enterprise": "企业",
    "social organization": "社会组织",
    "courier": "快递员",
    "delivery worker": "快递员",
    "housing": "住房",
    "dormitory": "宿舍",
    "epidemic": "疫情",
    "pandemic": "疫情",
    "prevention and control": "防控",
    "in service": "在职",
    "joint conference": "联席会议",
    "alliance": "联盟",
    "budget": "预算",
    "fund": "经费 基金",
    "funding": "经费",
    "fiscal": "财政",
    "responsibility": "职责 责任",
    "list": "清单",
    "power": "权力",
    "build": "建设 打造",
    "construct": "建设",
    "station": "站",
    "pilot": "试点",
    "education": "教育",
    "training": "培训",
    "red": "红色",
    "innovation": "创新",
    "burden": "负担 减负",
    "unify": "统一",
    "integrate": "融合",
    "coordination": "统筹 协调",
    "co construction": "共建",
    "new media": "新媒体",
    "platform": "平台",
    "economic corridor": "经济走廊",
    "railway": "铁路",
    "high speed rail": "高铁",
    "freight train": "班列",
    "china europe": "中欧",
    "satellite": "卫星",
    "rocket": "火箭",
    "launch": "发射",
    "traditional chinese medicine": "中医药",
    "talent": "人才",
    "seminar": "研讨会",
    "embassy": "使馆",
    "think tank": "智库",
    "centenary": "百年",
    "hundredth anniversary": "百年",
}

_LATIN_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_CJK = re.compile(r"[\u3400-\u9fff]")
_MAX_PHRASE = 4
# A Chinese place name often ends in its kind; the name alone is what English spells.
_NAME_SUFFIX = "省市县区州镇乡村"


def stem(word: str) -> str:
    """A crude English stem, enough to fold "stations"/"station", "reporting"/"report"."""
    word = word.lower().removesuffix("'s")
    for suffix in ("ing", "ies", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def _stems(phrase: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in _LATIN_WORD.findall(phrase.replace("-", " ")))


_GLOSSARY_STEMS: dict[tuple[str, ...], str] = {}
for _english, _chinese in GLOSSARY.items():  # "fund" and "funding" share a stem: merge
    _key = _stems(_english)
    _GLOSSARY_STEMS[_key] = " ".join(
        dict.fromkeys(f"{_GLOSSARY_STEMS.get(_key, '')} {_chinese}".split())
    )


def is_latin(query: str) -> bool:
    """True for a question written mostly in a Latin-script language."""
    latin = sum(len(w) for w in _LATIN_WORD.findall(query))
    return latin > 0 and latin > 2 * len(_CJK.findall(query))


def toneless(text: str) -> str:
    return "".join(lazy_pinyin(text)).lower()


class CrossLingual:
    """Chinese terms for an English question, drawn from a corpus vocabulary."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.by_sound: dict[str, set[str]] = {}
        for word in vocabulary:
            if len(word) < 2 or not all(_CJK.match(ch) for ch in word):
                continue
            names = {word}
            if len(word) >= 3 and word[-1] in _NAME_SUFFIX:
                names.add(word[:-1])
            for name in names:
                self.by_sound.setdefault(toneless(name), set()).add(name)

    def terms(self, query: str) -> list[str]:
        """Chinese terms for the question's domain words and names; [] for a Chinese one."""
        if not is_latin(query):
            return []
        words = [w.split("'")[0] for w in _LATIN_WORD.findall(query.replace("-", " "))]
        stems = [stem(w) for w in words]
        out: list[str] = []
        used = [False] * len(words)
        i = 0
        while i < len(words):
            for n in range(min(_MAX_PHRASE, len(words) - i), 0, -1):
                chinese = _GLOSSARY_STEMS.get(tuple(stems[i : i + n]))
                if chinese:
                    out.extend(chinese.split())
                    used[i : i + n] = [True] * n
                    i += n
                    break
            else:
                i += 1
        out.extend(self._names(words, used))
        return list(dict.fromkeys(out))

    def _names(self, words: list[str], used: list[bool]) -> list[str]:
        """Corpus words that sound like the capitalised words (alone or run together)."""
        found: list[str] = []
        for i, word in enumerate(words):
            if used[i] or not word[:1].isupper():
                continue
            run = word
            for j in range(i, min(i + 3, len(words))):
                if j > i:
                    if used[j] or not words[j][:1].isupper():
                        break
                    run += words[j]
                if len(run) >= 4:
                    found.extend(sorted(self.by_sound.get(run.lower(), ())))
        return found

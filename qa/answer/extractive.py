"""The offline default: answer with the retrieved sentences themselves, no model needed.

The answer is the sentence that says most of what the question asks (its rare words,
names and figures weigh most), plus the sentences of other articles that say it too
(two reviews giving figures for different years). Each sentence carries the marker of
its passage, so every claim is a quotation. When no sentence covers enough of the
question, or a place or figure the question names is absent from the article, it abstains.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from qa.answer import register
from qa.answer.cite import ABSTAIN_PHRASE
from qa.config import Settings
from qa.crosslingual import CrossLingual, is_latin
from qa.ingest import load_corpus
from qa.ingest.clean import CJK, compact, normalise
from qa.ingest.read import list_documents
from qa.records import Passage, Turn
from qa.sentences import split_sentences

MIN_COVERAGE = 0.6  # share of the question's weighted terms the answer sentence must hold
ALSO_CITE = 0.8  # other articles' sentences within this share of the best are cited too
MAX_SENTENCES = 3

_QUESTION_WORDS = {
    "什么",
    "哪些",
    "哪个",
    "哪里",
    "哪儿",
    "哪两方",
    "哪",
    "多少",
    "几",
    "几个",
    "怎样",
    "怎么",
    "如何",
    "是否",
    "为什么",
    "谁",
    "是",
    "的",
    "了",
    "在",
    "有",
    "和",
    "与",
    "及",
    "吗",
    "呢",
    "共",
    "上",
    "中",
    "对",
    "为",
    "将",
    "把",
    "被",
    "由",
    "等",
    "方面",
    "情况",
    "比例",
    "第",
}
_GENERIC_PLACES = {"城市", "全国", "我国", "中国", "全省", "全市", "地方", "基层", "国家"}
_QUANTITY = re.compile(
    r"多少|几[个名项件次位条]|比例|百分之|how many|how much|what percentage", re.I
)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_FOLLOW_UP = re.compile(
    r"^(那么?|还有|另外|and|what about)\s*(.{1,12}?)\s*(呢|的情况|怎么样)?[??]?$", re.I
)


@lru_cache(maxsize=1)
def _jieba():  # jieba is untyped
    import jieba
    import jieba.analyse
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba


@lru_cache(maxsize=1)
def _idf() -> tuple[dict[str, float], float]:
    tfidf = _jieba().analyse.default_tfidf
    return tfidf.idf_freq, tfidf.median_idf


@dataclass(frozen=True)
class Term:
    text: str
    weight: float
    place: bool = False
    number: bool = False
    focus: bool = False


_WH = re.compile(r"多少|几|哪|什么|谁|how many|how much|which|what|where|who", re.I)


def question_terms(question: str) -> list[Term]:
    """The words of the question an answer should contain, weighted by rarity; for a
    "how many" question, the word it counts ("第几次飞行", "多少名快递员") is its focus."""
    idf, median = _idf()
    terms: dict[str, Term] = {}
    quantity = bool(_QUANTITY.search(question))
    after_wh: str | None = None
    before_wh: str | None = None
    seen_wh = False
    for pair in _jieba().posseg.cut(normalise(question)):
        word, flag = pair.word.strip(), pair.flag
        if _WH.fullmatch(word) or word.startswith(("多少", "几")):
            seen_wh = True
            continue
        if not word or word in _QUESTION_WORDS or not re.search(rf"[{CJK}0-9A-Za-z]", word):
            continue
        if _NUMBER.fullmatch(word):
            terms[word] = Term(word, 12.0, number=True)
            continue
        place = flag == "ns" and word not in _GENERIC_PLACES
        stem = _place_stem(word) if place else word
        weight = max(idf.get(word, median), 2.0) * (1.5 if place else 1.0)
        if len(stem) == 1 and not place:
            weight *= 0.3
        terms.setdefault(stem, Term(stem, weight, place=place))
        if seen_wh and after_wh is None and len(stem) > 1:
            after_wh = stem
        elif not seen_wh and len(stem) > 1:
            before_wh = stem
    focus = (after_wh or before_wh) if quantity else None
    return [
        replace(t, focus=True, weight=t.weight * 2) if t.text == focus else t
        for t in terms.values()
    ]


def coverage(terms: Sequence[Term], text: str) -> float:
    """Weighted share of the terms found in `text` (long terms count by their character pairs)."""
    total = sum(t.weight for t in terms)
    if not total:
        return 0.0
    plain = compact(text)
    found = 0.0
    for t in terms:
        if t.text in plain:
            found += t.weight
        elif len(t.text) >= 3 and not t.number:
            pairs = [t.text[i : i + 2] for i in range(len(t.text) - 1)]
            found += t.weight * 0.7 * sum(p in plain for p in pairs) / len(pairs)
    return found / total


@dataclass(frozen=True)
class Candidate:
    index: int  # 1-based passage number
    sentence: str
    score: float
    named: bool = True  # every place the question names is in the sentence or its headings


@register
class Extractive:
    """Quotes the sentences that answer the question; needs no model and no network."""

    name = "extractive"
    streams = False

    def __init__(self, settings: Settings) -> None:
        self.docs = settings.docs
        self.max_file_mb = settings.max_file_mb

    def _home_places(self) -> dict[tuple[str, int], frozenset[str]]:
        """Each article's home places, read again only when a document has changed."""
        stamp = tuple((p.name, p.stat().st_mtime_ns) for p in list_documents(self.docs))
        return _home_places(self.docs, self.max_file_mb, stamp)

    def standalone(self, question: str, history: Sequence[Turn]) -> str:
        """ "那吉林呢?" after "天津…推行了什么创新?" → "吉林…推行了什么创新?"."""
        match = _FOLLOW_UP.match(question.strip())
        if not history or not match:
            return question
        subject = match.group(2)
        previous = history[-1].question
        for pair in _jieba().posseg.cut(previous):
            if pair.flag in ("ns", "nr", "nt", "nz") and pair.word not in _GENERIC_PLACES:
                return previous.replace(pair.word, subject, 1)
        return f"{subject}:{previous}"

    def terms(self, question: str, passages: Sequence[Passage]) -> list[Term]:
        """The question's terms; an English question's are the Chinese words of the
        passages that its words and names stand for ("Meihekou" → 梅河口)."""
        if not is_latin(question):
            return question_terms(question)
        vocabulary = {w for p in passages for w in _jieba().lcut(normalise(p.title + p.text))}
        chinese = CrossLingual(vocabulary).terms(question)
        return question_terms(" ".join(chinese)) if chinese else []

    def candidates(self, question: str, passages: Sequence[Passage]) -> list[Candidate]:
        """Every sentence of every passage, scored by how much of the question it answers.

        A sentence is read with its paragraph and title around it (the satellite's name is
        in the headline, its flight number in the second paragraph), and must name the
        places and figures the question names, unless its article is about that place.
        """
        terms = self.terms(question, passages)
        quantity = bool(_QUANTITY.search(question))
        where = bool(re.search(r"哪里|哪儿|去哪|where", question, re.I))
        asked_numbers = {t.text for t in terms if t.number}
        places = [t for t in terms if t.place]
        numbers = [t for t in terms if t.number]
        homes = self._home_places()
        out: list[Candidate] = []
        for i, passage in enumerate(passages, start=1):
            home = homes.get((passage.source, passage.article), frozenset())
            sentences = split_sentences(passage.text)
            for j, sentence in enumerate(sentences):
                # A sentence is read with its neighbours and its headings: the satellite's
                # name is in the headline, its flight number in the next paragraph.
                local = passage.title + passage.section + "".join(sentences[max(0, j - 1) : j + 2])
                plain = compact(local)
                if any(t.text not in plain and t.text not in home for t in places):
                    continue
                if any(t.text not in plain for t in numbers):
                    continue
                score = 0.6 * coverage(terms, sentence) + 0.4 * coverage(terms, local)
                if any(t.focus and t.text not in compact(sentence) for t in terms):
                    score *= 0.6
                for t in places:  # a place named only further up the article counts less
                    if t.text not in compact(sentence):
                        score *= 0.9 if t.text in plain else 0.8
                new_numbers = set(_NUMBER.findall(compact(sentence))) - asked_numbers
                if quantity and not new_numbers:
                    score *= 0.7  # "how many" is not answered without a figure
                if (quantity and new_numbers) or (where and _new_place(sentence, question)):
                    score += 0.1
                score += 0.02 / i  # retrieval rank breaks ties
                own = compact(passage.title + passage.section + sentence)
                named = all(t.text in own for t in places)
                out.append(Candidate(i, sentence.strip(), score, named))
        return sorted(out, key=lambda c: -c.score)

    def choose(self, question: str, passages: Sequence[Passage]) -> list[Candidate]:
        ranked = self.candidates(question, passages)
        if not ranked or ranked[0].score < MIN_COVERAGE:
            return []
        best = ranked[0]
        chosen = [best]
        seen = {(passages[best.index - 1].source, passages[best.index - 1].article)}
        for c in ranked[1:]:
            if len(chosen) >= MAX_SENTENCES or c.score < best.score * ALSO_CITE:
                break
            key = (passages[c.index - 1].source, passages[c.index - 1].article)
            if key not in seen and c.named:
                chosen.append(c)
                seen.add(key)
        return chosen

    def passages_sent(self, question: str, passages: Sequence[Passage]) -> tuple[Passage, ...]:
        return tuple(passages)

    def generate(
        self, question: str, history: Sequence[Turn], passages: Sequence[Passage]
    ) -> Iterator[str]:
        chosen = self.choose(question, passages)
        if not chosen:
            yield f"{ABSTAIN_PHRASE}。"
            return
        yield "".join(f"{c.sentence}[{c.index}]" for c in chosen)


def _place_stem(word: str) -> str:
    """A place name without its 市/省/州/县/区 ("杭州市" → "杭州"): matches either form."""
    return re.sub(r"(?<=..)[市省州县区]$", "", word)


def _places(text: str) -> list[str]:
    return [
        _place_stem(p.word)
        for p in _jieba().posseg.cut(text)
        if p.flag == "ns" and p.word not in _GENERIC_PLACES
    ]


def _new_place(sentence: str, question: str) -> bool:
    asked = set(_places(normalise(question)))
    return any(p not in asked for p in _places(normalise(sentence)))


@lru_cache(maxsize=4)
def _home_places(
    docs: Path, max_file_mb: float, stamp: tuple[tuple[str, int], ...]
) -> dict[tuple[str, int], frozenset[str]]:
    """The places an article is about: those it names at least half as often as its
    most-named place (003 is about 兰州 though its last paragraphs never say so)."""
    homes: dict[tuple[str, int], frozenset[str]] = {}
    for article in load_corpus(docs, max_file_mb).articles:
        text = article.title + "".join(p.search_text for p in article.paragraphs)
        counts: dict[str, int] = {}
        for place in _places(text):
            counts[place] = counts.get(place, 0) + 1
        top = max(counts.values(), default=0)
        homes[(article.source, article.number)] = frozenset(
            p for p, c in counts.items() if c * 2 >= top
        )
    return homes

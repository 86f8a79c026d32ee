"""The offline default: answer with the retrieved text itself, no generative model needed.

Every sentence of the retrieved passages is scored by a logistic regression over general
features (qa.answer.features): how much of the question it says, how close its meaning is,
whether it holds the kind of thing asked for (a figure, a date, a name, a place). The weights
and the abstention threshold are data (extractive_weights.json, written by
eval/train_extractive.py on bench sets, with what they were fitted on). When no sentence is
likely enough to answer, it abstains: passages on the topic that lack the asked-for figure,
name or date are not an answer.

The answer states the clause that answers, with its passage's marker; the citation (built in
qa.answer.cite) quotes the whole sentence. Other articles' sentences that give a different
figure or name for the same question are shown beside it, each with its own marker.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from qa.answer import register
from qa.answer.cite import ABSTAIN_PHRASE, scrub
from qa.answer.features import (
    FEATURES,
    Candidate,
    QuestionInfo,
    Term,
    analyse,
    aspect_terms,
    candidates,
    matrix,
    said,
)
from qa.config import Settings
from qa.crosslingual import CrossLingual, is_latin
from qa.embed import get_embedder, normalise_rows
from qa.ingest.clean import compact, normalise
from qa.places import GENERIC_PLACES
from qa.records import Passage, Turn
from qa.sentences import split_sentences

WEIGHTS = Path(__file__).with_name("extractive_weights.json")
# A clause is cut at these marks; an answer clause shorter than MIN_CLAUSE characters takes
# its neighbour too, so "90个议席" reads as "53名候选人竞选90个议席". Chosen on the training
# side of eval/train_extractive.py (cmrc + rgb) by the median answer length.
_CLAUSE_END = re.compile(r"[,，:：;；]")
MIN_CLAUSE = 8
MAX_ANSWERS = 3  # one answer and at most two other articles' differing figures or names
# Two figures are about the same thing when the same words follow them ("4.8万|名在职党员" /
# "12万|名在职党员"): this many characters after each must match. Chosen by reading, not fitted:
# a measure word and the first characters of the noun it counts.
SAME_THING_CHARS = 4
_FOLLOW_UP = re.compile(
    r"^(那么?|还有|另外|and|what about)\s*(.{1,12}?)\s*(呢|的情况|怎么样)?[??]?$", re.I
)


@dataclass(frozen=True)
class Weights:
    """The fitted scorer: one weight per named feature, a bias, and the thresholds."""

    features: tuple[str, ...]
    coef: np.ndarray
    bias: float
    threshold: float  # abstain when no sentence's probability reaches this
    also: float  # another article's differing answer is shown from this share of the best

    def probability(self, x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(x @ self.coef + self.bias)))


@lru_cache(maxsize=2)
def load_weights(path: Path = WEIGHTS) -> Weights:
    """The weights JSON; its feature names must be the ones this code computes."""
    data = json.loads(path.read_text(encoding="utf-8"))
    names = tuple(data["features"])
    if set(names) != set(FEATURES):
        raise ValueError(f"{path} is for other features ({', '.join(names)}); retrain it")
    by_name = dict(zip(names, data["coef"], strict=True))
    return Weights(
        features=FEATURES,
        coef=np.array([by_name[n] for n in FEATURES], dtype=np.float64),
        bias=float(data["bias"]),
        threshold=float(data["threshold"]),
        also=float(data["also"]),
    )


def clause(sentence: str, question: QuestionInfo, typed: Sequence[str], title: str = "") -> str:
    """The part of a sentence that answers. For a question that asks for a kind of thing
    (a figure, a date, a name, a place): the clauses that say one, from the one saying most
    of the question's words (those the passage's `title` does not say count twice: they are
    what is asked about, the title's are the topic; then the first) through the neighbours
    that say more; too short a clause takes the one before it. Any other question is
    answered by the whole sentence: its answer has no shape to find."""
    if not typed:
        return sentence.strip()
    parts: list[str] = []
    start = 0
    for m in _CLAUSE_END.finditer(sentence):
        parts.append(sentence[start : m.start()])
        start = m.end()
    parts.append(sentence[start:])
    parts = [p.strip() for p in parts]
    if len([p for p in parts if p]) <= 1:
        return sentence.strip()

    asked = aspect_terms(question.terms, title)

    def words(part: str, terms: Sequence[Term] = question.terms) -> float:
        return said(terms, compact(part))

    def has_typed(part: str) -> bool:
        plain = compact(part)
        return any(compact(t) in plain for t in typed)

    best = max(
        range(len(parts)),
        key=lambda i: (has_typed(parts[i]), words(parts[i], asked) + words(parts[i]), -i),
    )
    lo, hi = best, best + 1
    while hi < len(parts) and has_typed(parts[hi]) and words(parts[hi], asked):
        hi += 1  # "200多个联盟,解决6600多件难题": a question may ask for two figures
    while len(compact("".join(parts[lo:hi]))) < MIN_CLAUSE and (lo > 0 or hi < len(parts)):
        if lo > 0:
            lo -= 1
        else:
            hi += 1
    return _join(sentence, parts[lo:hi])


def _join(sentence: str, parts: Sequence[str]) -> str:
    """Consecutive clauses as the sentence wrote them (with the marks between them)."""
    first, last = parts[0], parts[-1]
    begin = sentence.find(first) if first else 0
    end = sentence.find(last, begin) + len(last) if last else len(sentence)
    return sentence[max(begin, 0) : end].strip(" ,，、:：;；")


@register
class Extractive:
    """Quotes the clause that answers the question; needs no generative model or network."""

    name = "extractive"
    streams = False

    def __init__(self, settings: Settings, weights: Weights | None = None) -> None:
        self.embedder_name = settings.embedder
        self._weights = weights
        self._vectors: dict[str, np.ndarray] = {}  # sentence → vector, for this process

    @property
    def weights(self) -> Weights:
        if self._weights is None:
            self._weights = load_weights()
        return self._weights

    def standalone(self, question: str, history: Sequence[Turn]) -> str:
        """ "那吉林呢?" after "天津…推行了什么创新?" → "吉林…推行了什么创新?"."""
        match = _FOLLOW_UP.match(question.strip())
        if not history or not match:
            return question
        subject = match.group(2)
        previous = history[-1].question
        from qa.answer.features import _jieba

        for pair in _jieba().posseg.cut(previous):
            if pair.flag in ("ns", "nr", "nt", "nz") and pair.word not in GENERIC_PLACES:
                return previous.replace(pair.word, subject, 1)
        return f"{subject}:{previous}"

    def question(self, question: str, passages: Sequence[Passage]) -> QuestionInfo:
        """The question's analysis; an English question's words are the Chinese words of the
        passages its words and names stand for."""
        if not is_latin(question):
            return analyse(question)
        from qa.answer.features import _jieba

        vocabulary = {w for p in passages for w in _jieba().lcut(normalise(p.title + p.text))}
        return analyse(question, CrossLingual(vocabulary).groups(question))

    def cosines(self, question: str, passages: Sequence[Passage]) -> list[list[float]]:
        """The embedder's cosine of the question and every sentence (vectors kept per
        sentence, so a passage seen again is not embedded again)."""
        embedder = get_embedder(self.embedder_name)
        sentences = [split_sentences(p.text) for p in passages]
        new = list(dict.fromkeys(s for ss in sentences for s in ss if s not in self._vectors))
        if new:
            if len(self._vectors) > 50_000:
                self._vectors.clear()
            vectors = normalise_rows(embedder.embed(new))
            self._vectors.update(zip(new, vectors, strict=True))
        q = normalise_rows(embedder.embed([question], query=True))[0]
        return [[float(self._vectors[s] @ q) for s in ss] for ss in sentences]

    def describe(self, question: str, passages: Sequence[Passage]) -> list[Candidate]:
        """Every sentence with its features (not yet scored)."""
        info = self.question(question, passages)
        return candidates(info, passages, self.cosines(question, passages))

    def candidates(self, question: str, passages: Sequence[Passage]) -> list[Candidate]:
        """Every sentence with its probability of answering, best first."""
        return rank(self.describe(question, passages), self.weights)

    def choose(self, question: str, passages: Sequence[Passage]) -> list[Candidate]:
        return select(self.candidates(question, passages), passages, self.weights)

    def passages_sent(self, question: str, passages: Sequence[Passage]) -> tuple[Passage, ...]:
        return tuple(passages)

    def generate(
        self, question: str, history: Sequence[Turn], passages: Sequence[Passage]
    ) -> Iterator[str]:
        chosen = self.choose(question, passages)
        if not chosen:
            yield f"{ABSTAIN_PHRASE}。"
            return
        yield compose(chosen, self.question(question, passages), passages)


def rank(cands: Sequence[Candidate], weights: Weights) -> list[Candidate]:
    """The candidates with their probability of answering, best first."""
    if not cands:
        return []
    p = weights.probability(matrix(cands))
    scored = [replace(c, score=float(s)) for c, s in zip(cands, p, strict=True)]
    return sorted(scored, key=lambda c: -c.score)


def select(
    ranked: Sequence[Candidate], passages: Sequence[Passage], weights: Weights
) -> list[Candidate]:
    """The best sentence when it is likely enough to answer, and other articles' sentences
    that are nearly as likely and say a different figure or name for the same question.
    A sentence whose article names none of the places the question names answers about
    somewhere else (a figure for 梅河口 is no answer about 杭州), and one whose surroundings
    name years but not the one asked answers about another year (a 2021 figure is no answer
    about 2023): never chosen. On cmrc's training side the year rule lost 2 of 200 answering
    sentences, both "同年" after the year, which no longer conflicts."""
    ranked = [
        c
        for c in ranked
        if c.features.get("places_missing", 0.0) < 1.0
        and c.features.get("year_conflict", 0.0) < 1.0
    ]
    if not ranked or ranked[0].score < weights.threshold:
        return []
    best = ranked[0]
    chosen = [best]
    said = {compact(t) for t in best.typed}
    counted = _followers(best)
    seen = {_article(passages[best.index - 1])}
    for c in ranked[1:]:
        if len(chosen) >= MAX_ANSWERS:
            break
        new = {compact(t) for t in c.typed} - said
        key = _article(passages[c.index - 1])
        # A differing figure is a conflict only about the same thing: its article must name
        # every place the question names (兰州's figure is no answer about 北京).
        same_subject = c.features.get("places_missing", 0.0) == 0.0
        if not (new and key not in seen and same_subject):
            continue
        # Nearly as likely an answer, or a figure for the very thing the best one counts
        # (a planted "12万名在职党员" beside the real "4.8万名在职党员": both are shown).
        if c.score >= best.score * weights.also or _followers(c, new) & counted:
            chosen.append(c)
            said |= new
            seen.add(key)
    return chosen


def _followers(c: Candidate, items: set[str] | None = None) -> set[str]:
    """The words right after each of a candidate's typed answers: what the figure counts."""
    plain = compact(scrub(c.sentence))
    out = set()
    for item in items if items is not None else {compact(t) for t in c.typed}:
        start = plain.find(item)
        while start >= 0:
            after = plain[start + len(item) : start + len(item) + SAME_THING_CHARS]
            if len(after) == SAME_THING_CHARS and re.search(r"[\u4e00-\u9fff]", after):
                out.add(after)
            start = plain.find(item, start + 1)
    return out


def compose(
    chosen: Sequence[Candidate], info: QuestionInfo, passages: Sequence[Passage] = ()
) -> str:
    """The answer text: each chosen sentence's answering clause with its passage's marker,
    scrubbed of anything in the document that looks like a marker or a source line."""
    pieces = []
    for c in chosen:
        title = passages[c.index - 1].title if len(passages) >= c.index else ""
        text = clause(scrub(c.sentence), info, c.typed, title).strip().rstrip("。!?！？;；…")
        if text:
            pieces.append(f"{text}[{c.index}]。")
    return "".join(pieces) if pieces else f"{ABSTAIN_PHRASE}。"


def _article(passage: Passage) -> tuple[str, int]:
    return passage.source, passage.article

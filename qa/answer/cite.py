"""Citations are checked, not trusted.

A backend's text carries [n] markers that should point at the numbered passages it was
given. Here every marker is checked: one that points at no passage is removed; one that
points at a passage that does not support its sentence is moved to a given passage that
does (a small model often cites [2] for what [1] says); a sentence no passage supports is
dropped. Every quote is copied from the cited paragraph, never from the backend; an answer
left with no valid citation is an abstention.

Documents are data: a marker or a source line ("(某某.txt, article 1, paragraph 14)") that
a document carries never reaches the answer text as if the bot had written it (`scrub`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from qa.ingest.clean import compact, to_simplified
from qa.places import places
from qa.records import Answer, Citation, Passage
from qa.sentences import split_sentences

ABSTAIN_PHRASE = "资料中没有找到答案"
_ABSTAIN_SIGNS = (ABSTAIN_PHRASE, "没有找到答案", "无法回答", "未提及", "没有提及", "没有相关信息")
_MARKER = re.compile(r"\s?(?:\[(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\]|【(\d{1,3})】)")
_TRAILING_PUNCT = re.compile(r"[。！？!?；;…]*$")
MIN_SUPPORT = 0.3  # share of a claim's character pairs that its cited sentence must contain
# What a document may carry that looks like the bot's own citation apparatus: reference
# markers ([1], 【2】, ［3］) and source lines naming a file, an article or a paragraph.
_DOC_MARKER = re.compile(
    r"\s?(?:\[\s*\d{1,3}(?:\s*[,，、]\s*\d{1,3})*\s*\]|【\s*\d{1,3}\s*】|［\s*\d{1,3}\s*］)"
)
_SOURCE_LINE = re.compile(
    r"[(（][^()（）]{0,120}?(?:\.(?:txt|md|markdown|html?|pdf|docx?)\b|\barticle\s*\d|"
    r"\bparagraph\s*\d|第\s*\d+\s*[篇段])[^()（）]{0,120}[)）]",
    re.I,
)


def scrub(text: str) -> str:
    """Document text without anything that would pass for the bot's markers or source lines."""
    return _SOURCE_LINE.sub("", _DOC_MARKER.sub("", text))


def scrub_source_lines(text: str) -> str:
    """A backend's sentence without source lines (its [n] markers are read before this)."""
    return _SOURCE_LINE.sub("", text)


def char_pairs(text: str) -> set[str]:
    """The overlapping character pairs of a text's comparison form (letters, figures, %)."""
    chars = compact(text)
    chars = re.sub(r"[^\w%.]", "", chars)
    return {chars[i : i + 2] for i in range(len(chars) - 1)}


_FIGURE = re.compile(r"\d+(?:\.\d+)?")
# A figure and the measure word that says what it counts ("3000余名" counts people, "3000余次"
# visits), with what may stand between them: a multiplier, "余"/"多". Chinese measure words,
# not any one text's.
_MEASURES = "个名位人项件次条家所座种岁天倍类只头匹张本部台辆架艘枚届场轮期批层级处对户间栋"
_COUNTED = re.compile(
    rf"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:[万亿千百]|百万|千万)?\s*(?:余|多)?\s*([{_MEASURES}]?)"
)


def _figures(text: str) -> list[tuple[str, str]]:
    """The figures of a text, each with the measure word after it ("" when none)."""
    return [(m.group(1), m.group(2)) for m in _COUNTED.finditer(text)]


def says_figure(figure: str, measure: str, plain: str) -> bool:
    """The text states this figure as a whole number ("1" is not said by "14"), and when the
    claim counts it with a measure word, not only with another one ("3000余名队员" is not
    supported by "3000余次")."""
    counts = {m for f, m in _figures(plain) if f == figure}
    if not counts:
        return False
    return not measure or measure in counts or "" in counts


def support(claim: str, sentence: str, given: str = "") -> float:
    """How much of the claim the sentence says, 0..1, on normalised character pairs; 0 when
    the claim states a figure the sentence does not (200 is not supported by 150, see
    `says_figure`). Figures the
    question (`given`) already states are its subject, not the answer ("遥感三十五号02组"
    restated while the sentence says "这组卫星"): only the figures the claim adds must be there."""
    claim_pairs = char_pairs(claim)
    if not claim_pairs:
        return 0.0
    plain = compact(sentence)
    stated = set(_FIGURE.findall(compact(given)))
    if any(f not in stated and not says_figure(f, m, plain) for f, m in _figures(compact(claim))):
        return 0.0
    return len(claim_pairs & char_pairs(sentence)) / len(claim_pairs)


@lru_cache(maxsize=256)
def _claim_places(claim: str) -> tuple[str, ...]:
    """The places a claim names, tagged once: verify asks for every passage it checks."""
    return tuple(places(compact(claim)))


def foreign_places(claim: str, passage: Passage) -> list[str]:
    """Places the claim names that neither the paragraph, its title nor its article's home
    places name: a claim that moves a figure to another city ("兰州有5.3万…" from an article
    on 吉林) is not supported by it."""
    said = compact(" ".join([passage.title, passage.text, *passage.places]))
    return [p for p in _claim_places(claim) if p not in said]


def best_quote(claim: str, passage: Passage, given: str = "") -> tuple[str, float]:
    """The sentence of the paragraph that best supports `claim`, copied verbatim; none when
    the claim names a place the passage does not."""
    best, score = "", 0.0
    if foreign_places(claim, passage):
        return best, score
    for sentence in split_sentences(passage.text):
        s = support(claim, sentence, given)
        if s > score:
            best, score = sentence, s
    return best.strip(), score


def is_abstention(text: str) -> bool:
    plain = compact(text)
    return not plain or any(sign in plain for sign in _ABSTAIN_SIGNS)


def _claims(text: str) -> list[tuple[str, list[int]]]:
    """(sentence without markers, marker numbers) pairs; a marker that opens a sentence
    belongs to the sentence before it ("…体制。[1]北京…")."""
    out: list[tuple[str, list[int]]] = []
    for sentence in split_sentences(text):
        numbers: list[int] = []
        lead = True
        pos = 0
        for m in _MARKER.finditer(sentence):
            found = [int(n) for n in re.split(r"\s*[,，、]\s*", m.group(1) or m.group(2))]
            if lead and not sentence[pos : m.start()].strip() and out:
                out[-1][1].extend(found)
            else:
                lead = False
                numbers.extend(found)
            pos = m.end()
        bare = _MARKER.sub("", sentence).strip()
        if bare:
            out.append((bare, numbers))
    return out


def _with_markers(sentence: str, numbers: list[int]) -> str:
    if not numbers:
        return sentence
    marks = "".join(f"[{n}]" for n in numbers)
    tail = _TRAILING_PUNCT.search(sentence)
    cut = tail.start() if tail else len(sentence)
    return f"{sentence[:cut]}{marks}{sentence[cut:]}"


def _supporting(
    claim: str, passages: Sequence[Passage], min_support: float, given: str
) -> int | None:
    """The 1-based number of the given passage that best supports the claim, if any does."""
    scores = [best_quote(claim, p, given)[1] for p in passages]
    if not scores or max(scores) < min_support:
        return None
    return scores.index(max(scores)) + 1


def verify(
    question: str, text: str, passages: Sequence[Passage], min_support: float = MIN_SUPPORT
) -> Answer:
    """The Answer a backend's text deserves: markers that hold up, repaired where another
    given passage supports the claim, renumbered 1.. in order of first use, each with a
    quote from its paragraph; a claim no passage supports is left out."""
    if is_abstention(text):
        return abstain(question, passages)
    citations: dict[int, Citation] = {}  # passage index -> citation
    quoted: dict[int, list[str]] = {}  # passage index -> the sentences its claims rest on
    lines: list[str] = []
    for raw_claim, numbers in _claims(text):
        claim = scrub_source_lines(raw_claim).strip()
        if not compact(claim):
            continue
        kept: dict[int, str] = {}  # passage index -> the sentence that supports the claim
        for n in dict.fromkeys(numbers):
            if not 1 <= n <= len(passages):
                continue
            sentence, score = best_quote(claim, passages[n - 1], question)
            if score >= min_support:
                kept[n] = sentence
        if not kept:
            repaired = _supporting(claim, passages, min_support, question)
            if repaired is None:
                continue  # no given passage says this: never keep it
            kept = {repaired: best_quote(claim, passages[repaired - 1], question)[0]}
        marks: list[int] = []
        for n, sentence in kept.items():
            passage = passages[n - 1]
            quoted.setdefault(n, []).append(sentence)
            citations[n] = Citation(
                n=citations[n].n if n in citations else len(citations) + 1,
                source=passage.source,
                article=passage.article,
                title=passage.title,
                paragraph=passage.paragraph,
                quote=span_quote(passage.text, quoted[n]),
                page=passage.page,
            )
            marks.append(citations[n].n)
        lines.append(_with_markers(_in_script_of(claim, passages[next(iter(kept)) - 1]), marks))
    if not citations:
        return abstain(question, passages)
    return Answer(
        question=question,
        text="".join(lines),
        citations=tuple(sorted(citations.values(), key=lambda c: c.n)),
        abstained=False,
        passages=tuple(passages),
    )


def span_quote(paragraph: str, sentences: Sequence[str]) -> str:
    """The paragraph's text from the first of the sentences to the last, verbatim: two
    claims resting on two sentences of one paragraph both show in its one quote."""
    spans = [(paragraph.find(s), len(s)) for s in dict.fromkeys(sentences) if s]
    spans = [(at, n) for at, n in spans if at >= 0]
    if not spans:
        return sentences[0] if sentences else ""
    begin = min(at for at, _ in spans)
    end = max(at + n for at, n in spans)
    return paragraph[begin:end].strip()


def _in_script_of(claim: str, passage: Passage) -> str:
    """The claim in simplified characters when its source is written in them: a model that
    drifts into traditional characters (or back) should not change the script it quotes."""
    simplified = to_simplified(claim)
    if simplified != claim and to_simplified(passage.text) == passage.text:
        return simplified
    return claim


def abstain(question: str, passages: Sequence[Passage], error: str = "") -> Answer:
    """No supported answer: say so plainly, and keep the closest passages as related reading."""
    return Answer(
        question=question,
        text=f"{ABSTAIN_PHRASE}。",
        citations=(),
        abstained=True,
        passages=tuple(passages),
        error=error,
    )

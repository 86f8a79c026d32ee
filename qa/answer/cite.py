"""Citations are checked, not trusted.

A backend's text carries [n] markers that should point at the numbered passages it was
given. Here every marker is checked: one that points at no passage, or at a passage that
does not support its sentence, is removed; every quote is copied from the cited paragraph,
never from the backend; an answer left with no valid citation is an abstention.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.ingest.clean import compact
from qa.records import Answer, Citation, Passage
from qa.sentences import split_sentences

ABSTAIN_PHRASE = "资料中没有找到答案"
_ABSTAIN_SIGNS = (ABSTAIN_PHRASE, "没有找到答案", "无法回答", "未提及", "没有提及", "没有相关信息")
_MARKER = re.compile(r"\s?(?:\[(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\]|【(\d{1,3})】)")
_TRAILING_PUNCT = re.compile(r"[。！？!?；;…]*$")
MIN_SUPPORT = 0.3  # share of a claim's character pairs that its cited sentence must contain


def _pairs(text: str) -> set[str]:
    chars = compact(text)
    chars = re.sub(r"[^\w%.]", "", chars)
    return {chars[i : i + 2] for i in range(len(chars) - 1)}


def support(claim: str, sentence: str) -> float:
    """How much of the claim the sentence says, 0..1, on normalised character pairs."""
    claim_pairs = _pairs(claim)
    if not claim_pairs:
        return 0.0
    return len(claim_pairs & _pairs(sentence)) / len(claim_pairs)


def best_quote(claim: str, passage: Passage) -> tuple[str, float]:
    """The sentence of the paragraph that best supports `claim`, copied verbatim."""
    best, score = "", 0.0
    for sentence in split_sentences(passage.text):
        s = support(claim, sentence)
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


def verify(
    question: str, text: str, passages: Sequence[Passage], min_support: float = MIN_SUPPORT
) -> Answer:
    """The Answer a backend's text deserves: only markers that hold up, renumbered 1.. in
    order of first use, each with a quote from its paragraph."""
    if is_abstention(text):
        return abstain(question, passages)
    citations: dict[int, Citation] = {}  # passage index -> citation
    lines: list[str] = []
    for claim, numbers in _claims(text):
        kept: list[int] = []
        for n in dict.fromkeys(numbers):
            if not 1 <= n <= len(passages):
                continue
            passage = passages[n - 1]
            quote, score = best_quote(claim, passage)
            if score < min_support:
                continue
            if n not in citations:
                citations[n] = Citation(
                    n=len(citations) + 1,
                    source=passage.source,
                    article=passage.article,
                    title=passage.title,
                    paragraph=passage.paragraph,
                    quote=quote,
                    page=passage.page,
                )
            kept.append(citations[n].n)
        lines.append(_with_markers(claim, kept))
    if not citations:
        return abstain(question, passages)
    return Answer(
        question=question,
        text="".join(lines),
        citations=tuple(sorted(citations.values(), key=lambda c: c.n)),
        abstained=False,
        passages=tuple(passages),
    )


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

"""The JSON shapes other tools rely on (DESIGN.md "Interfaces"): one place, so the CLI,
the batch evaluation and the UI's `ask` endpoint cannot drift apart."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from qa.records import Answer, Citation, Corpus, Passage


def passage_json(p: Passage) -> dict[str, Any]:
    out: dict[str, Any] = {
        "source": p.source,
        "article": p.article,
        "title": p.title,
        "paragraph": p.paragraph,
        "text": p.text,
        "score": round(p.score, 6),
    }
    if p.page is not None:  # optional: only paragraphs of PDFs have a page
        out["page"] = p.page
    return out


def citation_json(c: Citation) -> dict[str, Any]:
    """A citation; `page` only when the cited paragraph is on a PDF page."""
    return {k: v for k, v in asdict(c).items() if k != "page" or v is not None}


def search_json(query: str, passages: list[Passage]) -> dict[str, Any]:
    return {"query": query, "passages": [passage_json(p) for p in passages]}


def answer_json(answer: Answer) -> dict[str, Any]:
    out: dict[str, Any] = {
        "question": answer.question,
        "answer": answer.text,
        "abstained": answer.abstained,
        "citations": [citation_json(c) for c in answer.citations],
        "passages": [passage_json(p) for p in answer.passages],
        "timings": {k: round(v, 4) for k, v in answer.timings.items()},
    }
    if answer.error:
        out["error"] = answer.error
    if answer.fallback:
        out["fallback"] = answer.fallback
    return out


def corpus_json(corpus: Corpus) -> list[dict[str, Any]]:
    return [
        {
            "source": a.source,
            "article": a.number,
            "title": a.title,
            "paragraphs": [{"paragraph": p.paragraph, "text": p.text} for p in a.paragraphs],
        }
        for a in corpus.articles
    ]

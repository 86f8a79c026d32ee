"""Query → the paragraphs that answer it, best first.

Two rankers see the query: dense (FAISS over chunk vectors; a paragraph ranks by its best
chunk) finds paraphrases and English questions, BM25 finds exact figures and names. Reciprocal
rank fusion joins them by rank, not score, so neither ranker's scale dominates. An English
question also reaches BM25 through the Chinese terms `qa.crosslingual` finds for it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import faiss
import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from qa.crosslingual import CrossLingual
from qa.embed import Embedder, normalise_rows
from qa.errors import QAError
from qa.ingest.clean import normalise
from qa.lexical import Lexical, tokenize
from qa.records import Passage
from qa.store import Store

Mode = Literal["hybrid", "dense", "lexical"]
Ranking = list[tuple[int, float]]  # (paragraph position in the store, score), best first
MAX_QUERY_CHARS = 1000
_WORD = re.compile(r"\w", re.UNICODE)


class QueryError(QAError, ValueError):
    """A query that cannot be searched (empty, or no words at all)."""

    exit_code = 2


@dataclass(frozen=True)
class SearchOptions:
    """How the rankers are run and joined; the defaults are what eval/bench.py measured best."""

    rrf_k: int = 60  # reciprocal rank fusion: score = sum of weight / (rrf_k + rank)
    depth: int = 50  # how many paragraphs of each ranking take part in the fusion
    dense_weight: float = 1.0
    lexical_weight: float = 1.0
    lexical_unit: Literal["chunk", "paragraph"] = "chunk"
    # An English question's Chinese corpus terms (qa.crosslingual) join the BM25 query, and
    # the text the dense ranker embeds: the small multilingual model alone ranks the right
    # paragraph of an English question anywhere in the first 30 (eval/retrieval.md).
    crosslingual: bool = True
    dense_terms: bool = True


def prepare_query(query: str) -> str:
    """The normalised query, cut to MAX_QUERY_CHARS; QueryError if nothing is left to search."""
    text = normalise(query or "")
    if not text:
        raise QueryError("the query is empty")
    if not _WORD.search(text):
        raise QueryError("the query has no words or figures to search for")
    return text[:MAX_QUERY_CHARS]


def source_matches(source: str, wanted: str) -> bool:
    """A source filter is a file name or the start of one ("002" picks 002_….txt)."""
    return source == wanted or source.startswith(wanted)


class Retriever:
    """Hybrid search over one loaded Store."""

    def __init__(
        self, store: Store, embedder: Embedder, options: SearchOptions | None = None
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.options = options or SearchOptions()
        # BM25 scores chunks, not paragraphs: in a long paragraph the sentences that match
        # would otherwise be diluted by its length.
        if self.options.lexical_unit == "chunk":
            self._units = np.fromiter(store.chunk_paragraph.values(), dtype=np.int64)
            texts = [store.chunks[cid].text for cid in store.chunk_paragraph]
        else:
            self._units = np.arange(len(store.paragraphs), dtype=np.int64)
            texts = [p.search_text for p in store.paragraphs]
        self.lexical = Lexical(texts)
        self.crosslingual = CrossLingual(self.lexical.vocabulary)
        # One query at a time over a small flat index: FAISS's own threads would only spin
        # against the embedder's (measured: 2.4 ms → 0.1 ms per search).
        faiss.omp_set_num_threads(1)

    def allowed(self, source: str | None = None, article: int | None = None) -> np.ndarray:
        """Mask over the store's paragraphs that pass the filters."""
        return np.fromiter(
            (
                (source is None or source_matches(p.source, source))
                and (article is None or p.article == article)
                for p in self.store.paragraphs
            ),
            dtype=bool,
            count=len(self.store.paragraphs),
        )

    def terms(self, query: str) -> list[str]:
        """Chinese corpus terms for an English query ([] for a Chinese one, or when off)."""
        return self.crosslingual.terms(query) if self.options.crosslingual else []

    def dense(self, query: str, mask: np.ndarray, terms: Sequence[str] = ()) -> Ranking:
        """Paragraph positions by their best chunk's cosine to the query."""
        text = "\n".join([query, " ".join(terms)]) if terms and self.options.dense_terms else query
        vector = normalise_rows(self.embedder.embed([text], query=True))[0]
        depth = self.store.vectors.ntotal if not mask.all() else 4 * self.options.depth
        best: dict[int, float] = {}
        for cid, score in self.store.search(vector, depth):
            pos = self.store.chunk_paragraph.get(cid)
            if pos is not None and mask[pos] and pos not in best:
                best[pos] = score
        return sorted(best.items(), key=lambda kv: -kv[1])

    def bm25(self, query: str, mask: np.ndarray, terms: Sequence[str] = ()) -> Ranking:
        """Paragraph positions by the BM25 of their best chunk, for the query and its terms."""
        tokens = tokenize(query) + [t for term in terms for t in tokenize(term)]
        scores = np.where(mask[self._units], self.lexical.scores(tokens), 0.0)
        best: dict[int, float] = {}
        for i in np.argsort(-scores, kind="stable"):
            if scores[i] <= 0:
                break
            best.setdefault(int(self._units[i]), float(scores[i]))
        return list(best.items())

    def rank(self, query: str, mask: np.ndarray, mode: Mode = "hybrid") -> Ranking:
        """Paragraph positions, best first, with the score that ranked them."""
        terms = self.terms(query)
        if mode == "dense":
            return self.dense(query, mask, terms)
        if mode == "lexical":
            return self.bm25(query, mask, terms)
        o = self.options
        fused: dict[int, float] = {}
        rankings = (
            (o.dense_weight, self.dense(query, mask, terms)),
            (o.lexical_weight, self.bm25(query, mask, terms)),
        )
        for weight, ranking in rankings:
            for rank, (pos, _) in enumerate(ranking[: o.depth], start=1):
                fused[pos] = fused.get(pos, 0.0) + weight / (o.rrf_k + rank)
        return sorted(fused.items(), key=lambda kv: -kv[1])

    def search(
        self,
        query: str,
        k: int = 5,
        source: str | None = None,
        article: int | None = None,
        mode: Mode = "hybrid",
    ) -> list[Passage]:
        """The `k` best paragraphs for `query` (QueryError if it cannot be searched)."""
        text = prepare_query(query)
        if k <= 0 or not self.store.paragraphs:
            return []
        ranking = self.rank(text, self.allowed(source, article), mode)
        return [self._passage(pos, score) for pos, score in ranking[:k]]

    def _passage(self, pos: int, score: float) -> Passage:
        p = self.store.paragraphs[pos]
        return Passage(
            p.source,
            p.article,
            p.title,
            p.section,
            p.paragraph,
            p.text,
            round(score, 6),
            page=p.page,
            places=tuple(p.places),
        )


class Searcher(Protocol):
    def search(
        self, query: str, k: int = ..., source: str | None = ..., article: int | None = ...
    ) -> Sequence[Passage]: ...


def passage_document(passage: Passage) -> Document:
    """A Passage as a LangChain Document: the paragraph text, its citation in the metadata."""
    return Document(
        page_content=passage.text,
        metadata={
            "source": passage.source,
            "article": passage.article,
            "title": passage.title,
            "section": passage.section,
            "paragraph": passage.paragraph,
            "page": passage.page,
            "score": passage.score,
        },
    )


class PassageRetriever(BaseRetriever):
    """The hybrid search as a LangChain retriever (for chains that expect one)."""

    searcher: Any
    k: int = 5
    source: str | None = None
    article: int | None = None

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        passages = self.searcher.search(query, k=self.k, source=self.source, article=self.article)
        return [passage_document(p) for p in passages]

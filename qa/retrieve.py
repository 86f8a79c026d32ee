"""Query → the paragraphs that answer it, best first.

Two rankers see the query: dense (the vector store over chunk vectors; a paragraph ranks by
its best chunk) finds paraphrases and English questions, BM25 (the catalog's FTS5 index over
chunk tokens) finds exact figures and names. Reciprocal rank fusion joins them by rank, not
score, so neither ranker's scale dominates. An English question also reaches BM25 through the
Chinese terms `qa.crosslingual` finds for it. Nothing of the corpus is held in memory: both
rankers give chunk ids, the fusion is per paragraph id, and only the top k paragraphs are
read from the catalog; source and article filters are SQL.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from qa.crosslingual import CrossLingual
from qa.embed import Embedder, normalise_rows
from qa.enumeration import ITEMS_WITHIN, announces, items
from qa.errors import QAError
from qa.ingest.clean import normalise
from qa.lexical import tokenize
from qa.records import Paragraph, Passage
from qa.store import Store

Mode = Literal["hybrid", "dense", "lexical"]
Ranking = list[tuple[int, float]]  # (paragraph id in the catalog, score), best first
Filter = tuple[str | None, int | None]  # (source, article)
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
    # How many chunks each ranker returns per paragraph of `depth`: a paragraph ranks by its
    # best chunk, so a few more chunks than paragraphs are asked for.
    chunks_per_paragraph: int = 4
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


class Retriever:
    """Hybrid search over one open Store."""

    def __init__(
        self, store: Store, embedder: Embedder, options: SearchOptions | None = None
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.options = options or SearchOptions()
        # The BM25 vocabulary is the catalog's own (FTS5 terms), looked up per word.
        self.crosslingual = CrossLingual(store.catalog)
        if store.info.store == "faiss":
            # One query at a time: FAISS's own threads would only spin against the
            # embedder's (measured on a small flat index: 2.4 ms → 0.1 ms per search).
            import faiss

            faiss.omp_set_num_threads(1)

    def allowed(self, source: str | None = None, article: int | None = None) -> np.ndarray | None:
        """The chunk ids that pass the filters; None when there is no filter."""
        if source is None and article is None:
            return None
        return self.store.catalog.allowed_chunks(source, article)

    def terms(self, query: str) -> list[str]:
        """Chinese corpus terms for an English query ([] for a Chinese one, or when off)."""
        return self.crosslingual.terms(query) if self.options.crosslingual else []

    def dense(self, query: str, where: Filter = (None, None), terms: Sequence[str] = ()) -> Ranking:
        """Paragraph ids by their best chunk's cosine to the query."""
        text = "\n".join([query, " ".join(terms)]) if terms and self.options.dense_terms else query
        vector = normalise_rows(self.embedder.embed([text], query=True))[0]
        allowed = self.allowed(*where)
        if allowed is not None and allowed.size == 0:
            return []
        depth = self.options.chunks_per_paragraph * self.options.depth
        hits = self.store.search(vector, depth, allowed)
        paragraph = self.store.catalog.chunk_paragraphs(cid for cid, _ in hits)
        best: dict[int, float] = {}
        for cid, score in hits:
            pid = paragraph.get(cid)  # None: an id the catalog no longer (or never) held
            if pid is not None and pid not in best:
                best[pid] = score
        return sorted(best.items(), key=lambda kv: -kv[1])

    def bm25(self, query: str, where: Filter = (None, None), terms: Sequence[str] = ()) -> Ranking:
        """Paragraph ids by the BM25 of their best chunk, for the query and its terms."""
        tokens = tokenize(query) + [t for term in terms for t in tokenize(term)]
        depth = self.options.chunks_per_paragraph * self.options.depth
        best: dict[int, float] = {}
        for _, pid, score in self.store.catalog.lexical(tokens, depth, *where):
            best.setdefault(pid, score)
        return list(best.items())

    def rank(self, query: str, where: Filter = (None, None), mode: Mode = "hybrid") -> Ranking:
        """Paragraph ids, best first, with the score that ranked them."""
        terms = self.terms(query)
        if mode == "dense":
            return self.dense(query, where, terms)
        if mode == "lexical":
            return self.bm25(query, where, terms)
        o = self.options
        fused: dict[int, float] = {}
        rankings = (
            (o.dense_weight, self.dense(query, where, terms)),
            (o.lexical_weight, self.bm25(query, where, terms)),
        )
        for weight, ranking in rankings:
            for rank, (pid, _) in enumerate(ranking[: o.depth], start=1):
                fused[pid] = fused.get(pid, 0.0) + weight / (o.rrf_k + rank)
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
        if k <= 0:
            return []
        ranking = self.rank(text, (source, article), mode)[:k]
        found = self.store.catalog.paragraphs(pid for pid, _ in ranking)
        return [_passage(found[pid], score) for pid, score in ranking if pid in found]

    def listed_items(self, passages: Sequence[Passage]) -> list[Passage]:
        """The items of the lists the passages announce ("…以下三对关系。" → the paragraphs
        "一是…", "二是…" after it), those not among the passages already, with the
        announcing passage's score (qa.enumeration)."""
        have = {(p.source, p.article, p.paragraph) for p in passages}
        out: list[Passage] = []
        for p in passages:
            if not announces(p.text):
                continue
            after = self.store.catalog.following(p.source, p.article, p.paragraph, ITEMS_WITHIN)
            for n in items([q.text for q in after]):
                q = after[n]
                if (q.source, q.article, q.paragraph) not in have:
                    have.add((q.source, q.article, q.paragraph))
                    out.append(_passage(q, p.score))
        return out


def _passage(p: Paragraph, score: float) -> Passage:
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

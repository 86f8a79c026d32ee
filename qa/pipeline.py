"""The stages wired together, as one object built from Settings.

The index is opened (and built or updated when missing or stale) on first use, and reopened
when another process has rewritten it, so a long-running front end sees new documents
without a restart and never reads half an update.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import replace
from itertools import groupby
from time import perf_counter

from qa.answer import AnswerBackend, BackendError, backend_names, get_backend
from qa.answer.cite import abstain, verify
from qa.answer.parts import parts
from qa.chunk import ChunkSettings
from qa.config import ConfigError, Settings, load_settings
from qa.embed import Embedder, get_embedder
from qa.question import as_asked
from qa.records import Answer, Article, Passage, Turn
from qa.retrieve import Mode, PassageRetriever, QueryError, Retriever, SearchOptions
from qa.store import IndexReport, Notify, Store, open_index, quiet, update_index

# A question of several parts is answered from at most this many times k paragraphs (the
# whole question's and each part's best, in turn): two parts' worth, so that an LLM's
# prompt stays short. Set by reasoning, not fitted.
PARTS_PASSAGES_PER_K = 2


class Pipeline:
    """Search (and, later, answer) over the documents named by the settings."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        progress: bool = False,
        notify: Notify = quiet,
        chunking: ChunkSettings | None = None,
        options: SearchOptions | None = None,
    ) -> None:
        self.settings = settings or load_settings()
        self.chunking = chunking or ChunkSettings(max_tokens=self.settings.chunk_tokens)
        self.options = options
        self.progress = progress
        self.notify = notify
        self.last_report: IndexReport | None = None
        self._retriever: Retriever | None = None
        self._backends: dict[str, AnswerBackend] = {}
        self._lock = threading.RLock()  # one search at a time; answer backends run outside it
        self.fallback = _fallback_name(self.settings)  # named now: a misspelt one fails first

    @property
    def embedder(self) -> Embedder:
        return get_embedder(self.settings.embedder)

    def index(self, rebuild: bool = False) -> IndexReport:
        """Build or update the index now; what changed is in the report."""
        store, report = update_index(
            self.settings.index,
            self.settings.docs,
            self.embedder,
            self.chunking,
            store=self.settings.store,
            uri=self.settings.milvus_uri or None,
            rebuild=rebuild,
            max_file_mb=self.settings.max_file_mb,
            progress=self.progress,
            notify=self.notify,
        )
        self._use(store)
        self.last_report = report
        return report

    @property
    def retriever(self) -> Retriever:
        """The retriever over the current index: opened (built, updated) on first use, and
        again when another process has rewritten the index since."""
        if self._retriever is None or self._retriever.store.changed_on_disk():
            store, report = open_index(
                self.settings.index,
                self.settings.docs,
                self.embedder,
                self.chunking,
                store=self.settings.store,
                uri=self.settings.milvus_uri or None,
                max_file_mb=self.settings.max_file_mb,
                progress=self.progress,
                notify=self.notify,
            )
            self.last_report = report
            self._use(store)
        assert self._retriever is not None
        return self._retriever

    def search(
        self,
        query: str,
        k: int | None = None,
        source: str | None = None,
        article: int | None = None,
        mode: Mode = "hybrid",
    ) -> list[Passage]:
        """The best paragraphs for `query`, best first (QueryError if it cannot be searched)."""
        k = self.settings.top_k if k is None else k
        return self.retriever.search(query, k=k, source=source, article=article, mode=mode)

    def search_asked(
        self,
        question: str,
        k: int | None = None,
        source: str | None = None,
        article: int | None = None,
    ) -> list[Passage]:
        """The paragraphs a question is answered from. One that asks several things
        (qa.answer.parts: "…和…分别…", two questions in one line) also gets the best
        paragraphs for each part, taken in turn with the whole question's, so that a part
        answered in another article than the rest is not crowded out; at most
        PARTS_PASSAGES_PER_K × k of them. A paragraph that announces a list ("…以下四对
        关系。") brings the paragraphs that hold its items, after the others
        (qa.enumeration)."""
        k = self.settings.top_k if k is None else k
        asked = parts(question)
        if len(asked) == 1:
            passages = self.search(question, k=k, source=source, article=article)
        else:
            found = [
                self.search(q, k=k, source=source, article=article) for q in [question, *asked]
            ]
            merged: dict[tuple[str, int, int], Passage] = {}
            for place in range(k):
                for ranked in found:
                    if place < len(ranked):
                        p = ranked[place]
                        merged.setdefault((p.source, p.article, p.paragraph), p)
            passages = list(merged.values())[: PARTS_PASSAGES_PER_K * k]
        return passages + self.retriever.listed_items(passages)

    def as_langchain(
        self, k: int | None = None, source: str | None = None, article: int | None = None
    ) -> PassageRetriever:
        """This pipeline's search as a LangChain BaseRetriever."""
        k = self.settings.top_k if k is None else k
        return PassageRetriever(searcher=self, k=k, source=source, article=article)

    def backend(self, name: str | None = None) -> AnswerBackend:
        """The answer backend by name (the settings' by default), created once."""
        name = name or self.settings.backend
        if name not in self._backends:
            self._backends[name] = get_backend(name, self.settings)
        return self._backends[name]

    def stream(
        self,
        question: str,
        history: Sequence[Turn] = (),
        *,
        k: int | None = None,
        source: str | None = None,
        article: int | None = None,
        backend: str | None = None,
    ) -> Iterator[str | Answer]:
        """Answer text as the backend writes it, then the verified Answer, always last.

        A backend that fails (server down, timeout) gives an abstention that carries the
        error and the passages found; an empty question raises QueryError."""
        started = perf_counter()
        question = as_asked(question)
        if not question:
            raise QueryError("the question is empty")
        try:
            answerer = self.backend(backend)
            standalone = answerer.standalone(question, history) if history else question
        except BackendError as exc:
            yield abstain(question, (), error=str(exc))
            return
        searched = perf_counter()
        with self._lock:
            passages = self.search_asked(standalone, k=k, source=source, article=article)
        found = perf_counter()
        pieces: list[str] = []
        try:
            for piece in answerer.generate(standalone, history, passages):
                pieces.append(piece)
                if answerer.streams:
                    yield piece
        except BackendError as exc:
            answer = abstain(standalone, passages, error=str(exc))
        else:
            sent = answerer.passages_sent(standalone, passages)
            answer = verify(standalone, "".join(pieces), sent)
            answer = self._fall_back(answer, answerer, standalone, history, passages)
        done = perf_counter()
        timings = {
            "retrieve": found - searched,
            "answer": done - found,
            "total": done - started,
        }
        yield replace(answer, timings=timings)

    def ask(
        self,
        question: str,
        history: Sequence[Turn] = (),
        *,
        k: int | None = None,
        source: str | None = None,
        article: int | None = None,
        backend: str | None = None,
    ) -> Answer:
        """The verified Answer to `question`, with citations, or an abstention."""
        for item in self.stream(
            question, history, k=k, source=source, article=article, backend=backend
        ):
            if isinstance(item, Answer):
                return item
        raise AssertionError("stream() always ends with an Answer")

    def _fall_back(
        self,
        answer: Answer,
        answerer: AnswerBackend,
        question: str,
        history: Sequence[Turn],
        passages: Sequence[Passage],
    ) -> Answer:
        """When a backend abstains although it ran (a small model says "not found" for a
        figure its passages hold), the settings' fallback backend reads the same passages.
        Its answer is verified like any other and kept only when it does not abstain too, so
        an answer still needs a passage that supports it; `Answer.fallback` names it."""
        name = self.fallback
        if not name or name == answerer.name:
            return answer
        if not answer.abstained or answer.error or not passages:
            return answer
        try:
            other = self.backend(name)
            text = "".join(other.generate(question, history, passages))
        except BackendError:
            return answer
        second = verify(question, text, other.passages_sent(question, passages))
        return answer if second.abstained else replace(second, fallback=name)

    def articles(self) -> tuple[Article, ...]:
        """The indexed articles, in file and article order (from the index, not the files)."""
        paragraphs = self.retriever.store.catalog.all_paragraphs()
        out = []
        for (source, number), group in groupby(paragraphs, key=lambda p: (p.source, p.article)):
            paras = tuple(group)
            out.append(Article(source, number, paras[0].title, "", paras))
        return tuple(out)

    def stats(self) -> dict[str, str | int]:
        counts = self.retriever.store.catalog.stats()
        return {
            "embedder": self.settings.embedder,
            "backend": self.settings.backend,
            "store": self.settings.store,
            "index": str(self.settings.index),
            **counts,
        }

    def close(self) -> None:
        """Close the index (the next search opens it again)."""
        with self._lock:
            if self._retriever is not None:
                self._retriever.store.close()
                self._retriever = None

    def _use(self, store: Store) -> None:
        if self._retriever is None or self._retriever.store is not store:
            self._retriever = Retriever(store, self.embedder, self.options)


def _fallback_name(settings: Settings) -> str:
    """The fallback backend the settings name ("" for none), checked against the backends
    there are, so a misspelt one is named before any question is answered."""
    name = settings.fallback
    if name in ("", "none"):
        return ""
    if name not in backend_names():
        known = ", ".join(backend_names())
        raise ConfigError(f"setting 'fallback' names an unknown backend '{name}'; known: {known}")
    return name

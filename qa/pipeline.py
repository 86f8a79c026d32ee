"""The stages wired together, as one object built from Settings.

The index is opened (and built or updated when missing or stale) on first use, and reopened
when another process has rewritten it, so a long-running front end sees new documents
without a restart and never reads half an update.
"""

from __future__ import annotations

from qa.chunk import ChunkSettings
from qa.config import Settings, load_settings
from qa.embed import Embedder, get_embedder
from qa.records import Passage
from qa.retrieve import Mode, PassageRetriever, Retriever, SearchOptions
from qa.store import IndexReport, Notify, Store, open_index, quiet, update_index


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

    def as_langchain(
        self, k: int | None = None, source: str | None = None, article: int | None = None
    ) -> PassageRetriever:
        """This pipeline's search as a LangChain BaseRetriever."""
        k = self.settings.top_k if k is None else k
        return PassageRetriever(searcher=self, k=k, source=source, article=article)

    def _use(self, store: Store) -> None:
        if self._retriever is None or self._retriever.store is not store:
            self._retriever = Retriever(store, self.embedder, self.options)

"""The plain records that flow between the pipeline's stages.

Every stage takes and returns these frozen dataclasses, so a reader can follow the
data from a file on disk to a cited answer without chasing dicts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Paragraph:
    """The unit of citation: paragraph `paragraph` of article `article` of file `source`."""

    source: str
    article: int
    title: str
    section: str
    paragraph: int
    text: str
    search_text: str
    page: int | None = None  # the PDF page the paragraph starts on; None for other files
    places: tuple[str, ...] = ()  # the places its article is about (qa.places), for answering


@dataclass(frozen=True)
class Article:
    source: str
    number: int
    title: str
    subtitle: str
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Problem:
    """A file (or part of one) the reader could not use, with a one-line reason."""

    source: str
    message: str


@dataclass(frozen=True)
class Document:
    """One file of the corpus after reading: its articles, or the reason it has none."""

    source: str
    sha256: str
    articles: tuple[Article, ...]
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Corpus:
    documents: tuple[Document, ...]

    @property
    def articles(self) -> tuple[Article, ...]:
        return tuple(a for d in self.documents for a in d.articles)

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(p for d in self.documents for p in d.problems)

    def paragraphs(self) -> Iterator[Paragraph]:
        for article in self.articles:
            yield from article.paragraphs


@dataclass(frozen=True)
class Chunk:
    """What gets embedded: a paragraph, or a window of sentences of a long one."""

    source: str
    article: int
    title: str
    section: str
    paragraph: int
    part: int
    text: str

    @property
    def key(self) -> str:
        return f"{self.source}#{self.article}.{self.paragraph}.{self.part}"


@dataclass(frozen=True)
class Passage:
    """A retrieved paragraph, best-first, with the score that ranked it."""

    source: str
    article: int
    title: str
    section: str
    paragraph: int
    text: str
    score: float
    page: int | None = None  # PDF page of the paragraph, when it has one
    places: tuple[str, ...] = ()  # the places its article is about (qa.places)


@dataclass(frozen=True)
class Turn:
    """One earlier exchange of a conversation, for follow-up questions ("那吉林呢?")."""

    question: str
    answer: str


@dataclass(frozen=True)
class Citation:
    n: int
    source: str
    article: int
    title: str
    paragraph: int
    quote: str
    page: int | None = None  # PDF page of the cited paragraph, when it has one


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    citations: tuple[Citation, ...]
    abstained: bool
    passages: tuple[Passage, ...] = ()
    timings: dict[str, float] = field(default_factory=dict, compare=False)
    error: str = ""  # why the backend could not answer (endpoint down, timeout); "" when fine
    fallback: str = ""  # the backend that answered after the asked one abstained; "" if none

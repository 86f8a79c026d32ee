"""documents/ → Corpus: read each file, clean it, cut it into articles and paragraphs.

One bad file never stops the rest: it becomes a Problem on its Document.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from qa.ingest.clean import normalise
from qa.ingest.read import UnreadableFile, list_documents, read_document
from qa.ingest.segment import segment, segment_blocks
from qa.places import home_places
from qa.records import Article, Corpus, Document, Problem

# Bump when a change to the reader changes the paragraphs it makes: every index then reads
# and embeds its documents again on its next update, instead of keeping the old text.
READER_VERSION = "9"


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def with_places(article: Article) -> Article:
    """The article with its home places on every paragraph (kept in the index with them)."""
    texts = [normalise(article.title), *(p.search_text for p in article.paragraphs)]
    home = home_places(texts)
    return replace(article, paragraphs=tuple(replace(p, places=home) for p in article.paragraphs))


def load_document(path: Path, docs: Path, max_bytes: int) -> Document:
    source = path.relative_to(docs).as_posix()
    try:
        digest = file_digest(path)
        raw = read_document(path, docs, max_bytes)
        if raw.blocks is not None:
            articles = segment_blocks(source, raw.blocks)
        else:
            articles = segment(source, raw.text)
        articles = [with_places(a) for a in articles]
    except UnreadableFile as exc:
        return Document(source, "", (), (Problem(source, str(exc)),))
    except OSError as exc:
        return Document(source, "", (), (Problem(source, f"cannot read: {exc}"),))
    problems = () if articles else (Problem(source, "no article text found"),)
    return Document(source, digest, tuple(articles), problems)


def load_corpus(docs: Path, max_file_mb: float = 20.0) -> Corpus:
    """Every document under `docs`, in file-name order."""
    max_bytes = int(max_file_mb * 2**20)
    skipped: list[Problem] = []
    documents = [load_document(p, docs, max_bytes) for p in list_documents(docs, skipped)]
    documents += [Document(p.source, "", (), (p,)) for p in skipped]
    return Corpus(tuple(documents))


__all__ = ["READER_VERSION", "load_corpus", "load_document"]

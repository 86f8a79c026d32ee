"""Readers for structured file types, one module each, registered by file suffix.

Each reader turns a file into Blocks (qa.ingest.blocks) or raises ExtractionError with a
one-line reason; plain text and Markdown do not come here (qa.ingest.read decodes them).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qa.ingest.blocks import Block


class ExtractionError(Exception):
    """The file's text could not be taken out; str(exc) is the one-line reason."""


Reader = Callable[[bytes], list[Block]]


def _html(data: bytes) -> list[Block]:
    from qa.ingest.formats.html import read_html

    return read_html(data)


def _pdf(data: bytes) -> list[Block]:
    from qa.ingest.formats.pdf import read_pdf

    return read_pdf(data)


def _docx(data: bytes) -> list[Block]:
    from qa.ingest.formats.docx import read_docx

    return read_docx(data)


# Suffix → reader. The libraries load on first use, so `qa` starts fast without them.
READERS: dict[str, Reader] = {".html": _html, ".htm": _html, ".pdf": _pdf, ".docx": _docx}

__all__ = ["READERS", "Block", "ExtractionError", "Path"]

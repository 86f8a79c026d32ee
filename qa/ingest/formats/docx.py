"""Word files by python-docx: styles say what a paragraph is, tables read a row a line.

Title/Subtitle styles are the article's title and subtitle, Heading styles its sections
(a Heading 1 before any title is the title), other paragraphs are body text, and each table
row becomes one line "a | b | c", in the order the body holds them.
"""

from __future__ import annotations

import io
import re
import zipfile

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from qa.ingest.blocks import CELL_SEPARATOR, Block, BlockKind
from qa.ingest.formats import ExtractionError

# Style names as Word writes them (English built-ins) and as localised copies name them.
_TITLE = re.compile(r"^(title|标题|標題)$", re.I)
_SUBTITLE = re.compile(r"^(subtitle|副标题|副標題)$", re.I)
_HEADING = re.compile(r"^(heading|标题|標題)\s*(\d)$", re.I)


def _kind(style: str, have_title: bool) -> BlockKind:
    if _TITLE.match(style):
        return "title"
    if _SUBTITLE.match(style):
        return "subtitle"
    heading = _HEADING.match(style)
    if heading:
        return "title" if heading.group(2) == "1" and not have_title else "heading"
    return "paragraph"


def _rows(table: Table) -> list[str]:
    lines = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = re.sub(r"\s+", " ", cell.text).strip()
            if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                cells.append(text)
        if cells:
            lines.append(CELL_SEPARATOR.join(cells))
    return lines


def read_docx(data: bytes) -> list[Block]:
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ExtractionError(f"not a readable Word .docx file ({exc})") from exc
    blocks: list[Block] = []
    have_title = False
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "tbl":
            blocks.extend(Block("row", line) for line in _rows(Table(child, document)))
            continue
        if tag != "p":
            continue
        para = Paragraph(child, document)
        text = para.text.strip()
        if not text:
            continue
        style = para.style.name if para.style is not None else ""
        kind = _kind(style or "", have_title)
        have_title = have_title or kind == "title"
        blocks.append(Block(kind, text))
    return blocks

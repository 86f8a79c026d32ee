"""PDFs with a text layer, by pypdfium2: lines with their boxes → paragraphs with their page.

pypdfium2 gives the text in the order the page was set (columns one after the other) and
clean code points, and a box and font size for every character. From those:

- running headers and footers (a line repeated in the page margins on most pages) and page
  numbers ("— 2 —", "第 1 页 / 共 2 页", "Page 2 of 5") are dropped;
- a paragraph starts at an indented line, after a line that stops short of its column's right
  edge, after a larger vertical gap, or where the font size changes; otherwise a line runs
  on, so paragraphs broken at a column or page edge are joined;
- text clearly larger than the body is a title, slightly larger a section heading;
- CJK radical code points (⼀ U+2F00 for 一) that some PDF producers emit fold to ideographs.

A PDF with no text at all (a scan) is an ExtractionError: it needs OCR first.
"""

from __future__ import annotations

import itertools
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from qa.ingest.blocks import Block, BlockKind
from qa.ingest.formats import ExtractionError

# Share of the page height at the top and bottom where running headers and footers sit.
MARGIN_ZONE = 0.12
# A margin line is a running header/footer when it repeats (digits aside) on this share of pages.
REPEAT_SHARE = 0.5
# Title: font this many times the body size; section heading: larger than body by this factor.
TITLE_SCALE = 1.3
HEADING_SCALE = 1.05
# A line ending this many character widths short of its column's right edge ends a paragraph;
# a line starting this many widths right of the column's left edge opens one (first-line indent).
SHORT_LINE_EMS = 1.5
INDENT_EMS = 0.8
# A vertical gap this many times the usual line pitch separates paragraphs.
GAP_PITCHES = 1.6
# Columns: left edges further apart than this share of the page width are different columns.
COLUMN_GAP = 0.2

# Lines that are only a page number: "— 2 —", "2", "第 1 页 / 共 2 页", "Page 2 of 5", "2/5".
PAGE_NUMBER = re.compile(
    r"^[\s—–\-·•]*(?:第?\s*\d{1,4}\s*页?(?:\s*[/／]\s*共?\s*\d{1,4}\s*页?)?"
    r"|page\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|\d{1,4}\s*/\s*\d{1,4})[\s—–\-·•]*$",
    re.I,
)
# CJK Radicals Supplement and Kangxi Radicals: NFKC maps the Kangxi ones (U+2F00–U+2FD5)
# and a few supplement ones to the ideographs they stand for.
_RADICALS = re.compile("[\u2e80-\u2fdf]")


@dataclass
class Line:
    page: int
    text: str
    left: float
    right: float
    top: float
    bottom: float
    size: float


def fold_radicals(text: str) -> str:
    return _RADICALS.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)


def _lines_of(page: pdfium.PdfPage, number: int) -> list[Line]:
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        if len(text) != count:  # characters outside the BMP: read one at a time
            text = "".join(textpage.get_text_range(i, 1) or " " for i in range(count))
        lines: list[Line] = []
        current: list[int] = []

        def flush() -> None:
            chars = [i for i in current if not text[i].isspace()]
            if chars:
                boxes = [textpage.get_charbox(i) for i in chars]
                sizes = Counter(
                    round(pdfium_c.FPDFText_GetFontSize(textpage.raw, i), 1) for i in chars
                )
                lines.append(
                    Line(
                        page=number,
                        text=fold_radicals("".join(text[i] for i in current).strip()),
                        left=min(b[0] for b in boxes),
                        right=max(b[2] for b in boxes),
                        top=max(b[3] for b in boxes),
                        bottom=min(b[1] for b in boxes),
                        size=sizes.most_common(1)[0][0],
                    )
                )
            current.clear()

        for i, ch in enumerate(text):
            if ch in "\r\n":
                flush()
            else:
                current.append(i)
        flush()
        return lines
    finally:
        textpage.close()


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _drop_furniture(lines: list[Line], heights: dict[int, float]) -> list[Line]:
    """Lines that are page numbers, or repeat in the margins of most pages."""

    def in_margin(line: Line) -> bool:
        h = heights[line.page]
        return line.top > h * (1 - MARGIN_ZONE) or line.bottom < h * MARGIN_ZONE

    pages = len(heights)
    seen = Counter(
        key for key in {(ln.page, _furniture_key(ln.text)) for ln in lines if in_margin(ln)}
    )
    repeated = Counter(key for _, key in seen)
    return [
        ln
        for ln in lines
        if not PAGE_NUMBER.match(ln.text)
        and not (
            pages >= 2
            and in_margin(ln)
            and repeated[_furniture_key(ln.text)] >= max(2, REPEAT_SHARE * pages)
        )
    ]


def _body_size(lines: list[Line]) -> float:
    weight: Counter[float] = Counter()
    for ln in lines:
        weight[ln.size] += len(ln.text)
    return weight.most_common(1)[0][0]


def _kind(size: float, body: float) -> BlockKind:
    if size >= body * TITLE_SCALE:
        return "title"
    if size > body * HEADING_SCALE:
        return "heading"
    return "paragraph"


def _columns(lines: list[Line], width: float) -> list[tuple[float, float]]:
    """(left, right) edges of the page's text columns, from its body lines' left edges."""
    lefts = sorted(ln.left for ln in lines)
    groups: list[list[float]] = []
    for x in lefts:
        if groups and x - groups[-1][-1] <= COLUMN_GAP * width:
            groups[-1].append(x)
        else:
            groups.append([x])
    cols = []
    for g in groups:
        members = [ln for ln in lines if g[0] <= ln.left <= g[-1]]
        # Most lines of a column run full width: the median right edge is the column's, and a
        # masthead or a line across the page does not move it.
        cols.append((min(g), statistics.median(ln.right for ln in members)))
    return cols


def _column_of(line: Line, cols: list[tuple[float, float]]) -> tuple[float, float]:
    best = cols[0]
    for col in cols:
        if col[0] - 2 <= line.left:
            best = col
    return best


def _paragraphs(lines: list[Line], widths: dict[int, float]) -> list[Block]:
    body = _body_size(lines)
    body_lines = [ln for ln in lines if _kind(ln.size, body) == "paragraph"]
    em = statistics.median((ln.right - ln.left) / max(len(ln.text), 1) for ln in body_lines)
    cols = {
        page: _columns([ln for ln in body_lines if ln.page == page] or body_lines, widths[page])
        for page in widths
    }
    pitches = [
        a.top - b.top
        for a, b in itertools.pairwise(body_lines)
        if a.page == b.page and 0 < a.top - b.top < 4 * em
    ]
    pitch = statistics.median(pitches) if pitches else 2 * em
    blocks: list[Block] = []
    prev: Line | None = None
    ended = True
    for ln in lines:
        kind = _kind(ln.size, body)
        left, right = _column_of(ln, cols[ln.page])
        indented = ln.left - left > INDENT_EMS * em
        same_column = prev is not None and prev.page == ln.page and prev.top > ln.top
        gap = same_column and prev is not None and prev.top - ln.top > GAP_PITCHES * pitch
        new = (
            prev is None
            or ended
            or indented
            or gap
            or _kind(prev.size, body) != kind
            or (kind == "paragraph" and abs(prev.size - ln.size) > 0.5)
        )
        if new:
            blocks.append(Block(kind, ln.text, ln.page))
        else:
            last = blocks[-1]
            glue = " " if last.text[-1:].isascii() and ln.text[:1].isascii() else ""
            blocks[-1] = Block(last.kind, last.text + glue + ln.text, last.page)
        ended = kind == "paragraph" and right - ln.right > SHORT_LINE_EMS * em
        prev = ln
    return blocks


def read_pdf(data: bytes) -> list[Block]:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ExtractionError(f"not a readable PDF ({exc})") from exc
    try:
        lines: list[Line] = []
        heights: dict[int, float] = {}
        widths: dict[int, float] = {}
        for number, page in enumerate(pdf, start=1):
            widths[number], heights[number] = page.get_size()
            lines.extend(_lines_of(page, number))
            page.close()
    except pdfium.PdfiumError as exc:
        raise ExtractionError(f"PDF text could not be read ({exc})") from exc
    finally:
        pdf.close()
    if not lines:
        raise ExtractionError("PDF has no text layer (a scan or images only; OCR it first)")
    lines = _drop_furniture(lines, heights)
    if not lines:
        raise ExtractionError("PDF has only page headers and numbers, no body text")
    return _paragraphs(lines, widths)

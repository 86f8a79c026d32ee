"""The common form every structured file is read into: blocks in reading order.

HTML, PDF and Word files say (or show, by font size and style) which text is a title, a
heading or a paragraph; their readers keep that as a Block, and the segmenter turns blocks
into articles without guessing from line shapes as it must for plain text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["title", "subtitle", "heading", "paragraph", "row"]
# Between the cells of a table row, which is read as one line ("项目 | 完成情况 | 备注").
CELL_SEPARATOR = " | "


@dataclass(frozen=True)
class Block:
    """One title, heading, paragraph or table row of a document.

    `page` is the 1-based page a paragraph starts on (PDF only), so citations can say "p. 2".
    """

    kind: BlockKind
    text: str
    page: int | None = None

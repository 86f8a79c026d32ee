"""Web pages: the article's main text by trafilatura, with its <h1> title and section headings.

trafilatura drops navigation, sidebars, related links, footers, scripts and styles; its XML
output keeps the article's own <h2>–<h4> as `<head>` elements, so sections survive. Pages too
small for its main-text scoring (a bare <h1> and <p>) fall back to their visible blocks.
"""

from __future__ import annotations

import re

import lxml.html
import trafilatura
from lxml import etree

from qa.ingest.blocks import CELL_SEPARATOR, Block
from qa.ingest.formats import ExtractionError

# Elements whose text is never the article, for the fallback reading of small pages.
_HIDDEN = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template")
# "标题 - 栏目 - 网站" / "标题_栏目_网站": the site and channel names a <title> carries.
_TITLE_SUFFIX = re.compile(r"\s*(?:[-_|｜—–]\s*[^-_|｜—–]{1,20}\s*){1,3}$")


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _page_title(tree: lxml.html.HtmlElement) -> str:
    for h1 in tree.iter("h1"):
        text = _clean(h1.text_content())
        if text:
            return text
    title = tree.find(".//title")
    if title is not None and title.text:
        return _TITLE_SUFFIX.sub("", _clean(title.text)) or _clean(title.text)
    return ""


def _row(cells: list[str]) -> str:
    return CELL_SEPARATOR.join(c for c in cells if c)


def _main_blocks(xml: str) -> list[Block]:
    """trafilatura's XML `<main>` as blocks: <head> headings, <p> paragraphs, list items,
    and one line per table row."""
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    blocks: list[Block] = []
    for el in main if main is not None else []:
        if el.tag == "head":
            text = _clean("".join(el.itertext()))
            if text:
                kind = "title" if el.get("rend") == "h1" else "heading"
                blocks.append(Block(kind, text))
        elif el.tag == "list":
            for item in el.iter("item"):
                text = _clean("".join(item.itertext()))
                if text:
                    blocks.append(Block("paragraph", text))
        elif el.tag == "table":
            for row in el.iter("row"):
                line = _row([_clean("".join(c.itertext())) for c in row.iter("cell")])
                if line:
                    blocks.append(Block("row", line))
        else:
            text = _clean("".join(el.itertext()))
            if text:
                blocks.append(Block("paragraph", text))
    return blocks


def _visible_blocks(tree: lxml.html.HtmlElement) -> list[Block]:
    """Every heading and paragraph outside page furniture elements, for small pages."""
    for bad in tree.xpath("|".join(f"//{tag}" for tag in _HIDDEN)):
        bad.drop_tree()
    blocks: list[Block] = []
    for el in tree.iter("h1", "h2", "h3", "h4", "p", "li"):
        text = _clean(el.text_content())
        if not text:
            continue
        kind = {"h1": "title", "p": "paragraph", "li": "paragraph"}.get(el.tag, "heading")
        blocks.append(Block(kind, text))  # type: ignore[arg-type]
    return blocks


def read_html(data: bytes) -> list[Block]:
    from qa.ingest.read import decode

    markup, _ = decode(data)
    try:
        tree = lxml.html.fromstring(markup.encode("utf-8"), parser=_parser())
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"not a readable HTML page ({exc})") from exc
    title = _page_title(tree)
    xml = trafilatura.extract(
        markup,
        output_format="xml",
        include_tables=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        with_metadata=False,
    )
    blocks = _main_blocks(xml) if xml else []
    if not any(b.kind == "paragraph" for b in blocks):
        blocks = [b for b in _visible_blocks(tree) if b.kind != "title"]
    if blocks and blocks[0].kind == "title":
        title, blocks = title or blocks[0].text, blocks[1:]
    return ([Block("title", title)] if title else []) + [b for b in blocks if b.text != title]


def _parser() -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)

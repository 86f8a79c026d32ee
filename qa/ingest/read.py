"""Files to text: find the encoding, refuse what is not text, and say why in one line."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from charset_normalizer import from_bytes

from qa.errors import QAError
from qa.records import Problem

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES


class UnreadableFile(QAError):
    """The file cannot be used; str(exc) is the one-line reason shown to the user."""


@dataclass(frozen=True)
class RawText:
    source: str
    text: str
    encoding: str


def list_documents(docs: Path, problems: list[Problem] | None = None) -> list[Path]:
    """Every file under `docs` to look at, in a stable order; hidden ones are skipped.

    A symbolic link is read only when it stays inside `docs`: a link that resolves outside
    would put any file on the machine into answers, so it is skipped and named in
    `problems`; a link to a file that is listed anyway is skipped, so each text is read once.
    """
    if not docs.is_dir():
        return []
    root = docs.resolve()
    found = sorted(
        p
        for p in docs.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(docs).parts)
    )
    plain = {p.resolve() for p in found if not p.is_symlink()}
    kept, linked = [], set()
    for path in found:
        if path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(root):
                if problems is not None:
                    source = path.relative_to(docs).as_posix()
                    problems.append(
                        Problem(source, "a link to a file outside the documents folder; not read")
                    )
                continue
            if target in plain or target in linked:
                continue
            linked.add(target)
        kept.append(path)
    return kept


def decode(data: bytes) -> tuple[str, str]:
    """Bytes to text: UTF-8 (BOM or not), UTF-16 with BOM, GB18030, else a detector's guess."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise UnreadableFile("not text in any encoding we can recognise")
    return str(best), best.encoding


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control > len(head) * 0.05


class _HTMLText(HTMLParser):
    """Visible text of an HTML page, one block element per paragraph."""

    BLOCKS = frozenset(
        ["p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section", "article"]
    )
    HIDDEN = frozenset(["script", "style", "noscript", "head", "nav", "footer"])

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")
        if tag in {"h1", "h2"} and not self.hidden:
            self.parts.append("# ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(markup: str) -> str:
    parser = _HTMLText()
    parser.feed(markup)
    text = html.unescape("".join(parser.parts))
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


def read_document(path: Path, docs: Path, max_bytes: int) -> RawText:
    """Read one file as text, or raise UnreadableFile with the reason."""
    source = path.relative_to(docs).as_posix()
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise UnreadableFile(f"unsupported file type '{suffix or '(none)'}' (readable: {kinds})")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise UnreadableFile(
                f"{size / 2**20:.1f} MB is over the {max_bytes / 2**20:.0f} MB limit "
                "(setting max_file_mb, QA_MAX_FILE_MB)"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"cannot read: {exc.strerror or exc}") from exc
    if not data.strip():
        raise UnreadableFile("empty file")
    if looks_binary(data):
        raise UnreadableFile("binary file, not text")
    text, encoding = decode(data)
    if suffix in HTML_SUFFIXES:
        text = html_to_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UnreadableFile("no text in file")
    return RawText(source=source, text=text, encoding=encoding)

"""Files to text: find the encoding, refuse what is not text, and say why in one line."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from charset_normalizer import from_bytes

from qa.errors import QAError
from qa.ingest.blocks import Block
from qa.ingest.clean import to_simplified
from qa.ingest.formats import READERS, ExtractionError
from qa.records import Problem

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
STRUCTURED_SUFFIXES = set(READERS)  # .html .htm .pdf .docx: read into blocks
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | STRUCTURED_SUFFIXES


class UnreadableFile(QAError):
    """The file cannot be used; str(exc) is the one-line reason shown to the user."""


@dataclass(frozen=True)
class RawText:
    """A file as read: plain text for the line classifier, or blocks from a structured file."""

    source: str
    text: str
    encoding: str
    blocks: tuple[Block, ...] | None = None


@dataclass(frozen=True)
class FoundFile:
    """A file of the documents folder as one directory scan saw it (its size and mtime are
    what an update compares with the catalog, so it need not stat the file again)."""

    path: str
    size: int
    mtime_ns: int


def list_documents(docs: Path, problems: list[Problem] | None = None) -> list[Path]:
    """Every file under `docs` to look at, in a stable order; hidden ones are skipped."""
    return [Path(f.path) for f in document_files(docs, problems).values()]


def document_files(docs: Path, problems: list[Problem] | None = None) -> dict[str, FoundFile]:
    """Every file under `docs` to look at, by its path relative to `docs` (with "/"), in a
    stable order; hidden files and folders are skipped, and so are links to folders.

    A symbolic link to a file is read only when it stays inside `docs`: a link that resolves
    outside would put any file on the machine into answers, so it is skipped and named in
    `problems`; a link to a file that is listed anyway is skipped, so each text is read once.
    One directory scan, no per-file path objects or resolution: 67,568 files are listed in
    about 0.3 s (resolving every file took 12 s).
    """
    if not docs.is_dir():
        return {}
    found: list[tuple[list[str], FoundFile, bool]] = []  # (path parts, file, is a link)
    _scan(str(docs), [], found)
    found.sort(key=lambda f: f[0])  # the order of pathlib's sorted paths
    plain = {"/".join(parts) for parts, _, link in found if not link}
    root = docs.resolve()
    kept: dict[str, FoundFile] = {}
    linked: set[Path] = set()
    for parts, file, link in found:
        source = "/".join(parts)
        if link:
            target = Path(file.path).resolve()
            if not target.is_relative_to(root):
                if problems is not None:
                    problems.append(
                        Problem(source, "a link to a file outside the documents folder; not read")
                    )
                continue
            if target.relative_to(root).as_posix() in plain or target in linked:
                continue
            linked.add(target)
        kept[source] = file
    return kept


def _scan(folder: str, parts: list[str], found: list[tuple[list[str], FoundFile, bool]]) -> None:
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            here = [*parts, entry.name]
            if entry.is_dir(follow_symlinks=False):
                _scan(entry.path, here, found)
            elif entry.is_file():  # follows a link: a link to a file is a file
                try:
                    st = entry.stat()
                except OSError:  # removed meanwhile, or a link that broke
                    continue
                file = FoundFile(entry.path, st.st_size, st.st_mtime_ns)
                found.append((here, file, entry.is_symlink()))


# Byte-order marks, longest first: the encoding they announce is certain.
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Chinese legacy encodings a file without a BOM may be in. Big5 bytes often decode as
# GB18030 without error (and the reverse), so every one that decodes is scored, not the first.
_CHINESE_ENCODINGS = ("gb18030", "big5", "big5hkscs")
# How much text the encoding choice looks at.
_SAMPLE = 20000


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    """GB2312 level 1: the 3,755 commonest simplified characters (rows 0xB0–0xD7)."""
    chars = []
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.append(bytes([hi, lo]).decode("gb2312"))
    return frozenset(chars)


def cleanness(text: str) -> float:
    """Share of the East Asian characters of `text` that are common Chinese ones once
    simplified: a right decoding reads as ordinary words, a wrong one as rare characters,
    kana and compatibility forms. Punctuation (U+3000–U+303F, full-width forms) is not counted.
    """
    common = _common_chars()
    sample = to_simplified(text[:_SAMPLE])
    wide = [
        ch
        for ch in sample
        if ord(ch) >= 0x2E80 and not ("\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uff65")
    ]
    if not wide:
        return 1.0
    return sum(ch in common for ch in wide) / len(wide)


def decode(data: bytes) -> tuple[str, str]:
    """Bytes to text: a BOM's encoding, else UTF-8, else the cleanest Chinese decoding;
    Unicode text's mojibake lines read back (`repair_mojibake`).

    A file that no encoding decodes without replacement characters is refused, never
    indexed as garbage.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return repair_mojibake(data.decode(encoding).lstrip("\ufeff")), encoding
            except UnicodeDecodeError as exc:
                raise UnreadableFile(f"damaged {encoding} text ({exc.reason})") from exc
    try:
        return repair_mojibake(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates: dict[str, str] = {}
    for encoding in _CHINESE_ENCODINGS:
        try:
            candidates[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            continue
    best = from_bytes(data).best()
    if best is not None and best.encoding not in candidates:
        candidates[best.encoding] = str(best)
    if not candidates:
        raise UnreadableFile(
            "not text in any encoding we can recognise (UTF-8, UTF-16, GB18030, Big5): "
            "it decodes only with replacement characters"
        )
    encoding = max(candidates, key=lambda e: cleanness(candidates[e]))
    return candidates[encoding], encoding


# The code pages UTF-8 Chinese is most often misread as and then saved again: "ä¸­æ–‡"
# through cp1252 or Latin-1, "涓枃" through GBK, "е№ҙ" through a Cyrillic page (scraped
# pages carry all three). Encoding such a line back gives the UTF-8 bytes it was.
MOJIBAKE_CODECS = ("cp1252", "latin-1", "gbk", "cp1251", "ptcp154", "koi8_r", "cp866")
# A line that reads this cleanly (`cleanness`) is ordinary Chinese and is left alone; a
# repair of a line cut inside a character must read at least this cleanly to be taken. Set
# by reasoning, not fitted: right decodings of news score near 1.0, mojibake read as Chinese
# near 0.3 (a title of rare characters, "短叶水蜈蚣", may score lower: it decodes whole).
CLEAN_LINE = 0.9
# Bytes a repaired line may lose at its ends: a line cut inside a character ("§»д»Ґ…").
_CUT_BYTES = 3


def _han_count(text: str) -> int:
    return sum("\u3400" <= ch <= "\u9fff" for ch in text)


def _common_count(text: str) -> int:
    common = _common_chars()
    return sum(ch in common for ch in to_simplified(text))


def _suspect(line: str) -> bool:
    """Whether a line may be mojibake: not ASCII, and either Latin-1 or Cyrillic letters
    among its characters or Chinese that reads as rare characters."""
    if line.isascii():
        return False
    if any("\u00c0" <= ch <= "\u00ff" or "\u0400" <= ch <= "\u04ff" for ch in line):
        return True
    return cleanness(line) < CLEAN_LINE


def _repaired_line(line: str) -> str:
    if not _suspect(line):
        return line
    han, common = _han_count(line), _common_count(line)
    for codec in MOJIBAKE_CODECS:
        try:
            raw = line.encode(codec)
        except UnicodeEncodeError:
            continue
        fixed = raw.decode("utf-8", errors="replace")
        cut = fixed.count("\ufffd")
        if cut > _CUT_BYTES:
            continue
        fixed = fixed.replace("\ufffd", "")
        # bytes that decode as UTF-8 whole are the text they were (by chance they almost
        # never do, and never into more Chinese characters); a line cut inside a character
        # must also read as ordinary Chinese
        if not cut and _han_count(fixed) > han:
            return fixed
        if cut and _common_count(fixed) > common and cleanness(fixed) >= CLEAN_LINE:
            return fixed
    return line


def repair_mojibake(text: str) -> str:
    """Text with every line that is UTF-8 Chinese misread through another code page
    (MOJIBAKE_CODECS) read back as it was; other lines as they are."""
    return "\n".join(_repaired_line(line) for line in text.split("\n"))


def looks_binary(data: bytes) -> bool:
    if data.startswith(tuple(bom for bom, _ in _BOMS)):
        return False
    head = data[:8192]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control > len(head) * 0.05


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
    if suffix in STRUCTURED_SUFFIXES:
        try:
            blocks = READERS[suffix](data)
        except ExtractionError as exc:
            raise UnreadableFile(str(exc)) from exc
        except Exception as exc:  # a library failing on a damaged file: one line, not a crash
            reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
            raise UnreadableFile(f"{suffix[1:]} extraction failed ({reason})") from exc
        if not blocks:
            raise UnreadableFile("no text in file")
        return RawText(source=source, text="", encoding=suffix[1:], blocks=tuple(blocks))
    if looks_binary(data):
        raise UnreadableFile("binary file, not text")
    text, encoding = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UnreadableFile("no text in file")
    return RawText(source=source, text=text, encoding=encoding)

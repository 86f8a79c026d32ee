"""Chinese (and English) sentence splitting, shared by chunking, answering and citing."""

from __future__ import annotations

import re

# A sentence ends at 。!?; (full or half width, after NFKC), an ellipsis, or an English
# full stop before a space.
_END = re.compile(r"[。！？!?；;]+|\.{3,}|…+|(?<=[A-Za-z0-9)\"'])\.(?=\s)")
_CLOSERS = "”’)）」』"
# An English full stop before a space that ends no sentence: an initial ("George W. Carter",
# "S. G."), a title or Latin abbreviation ("Dr. Maria Keller", "St. Louis", "var. alba"),
# or a list number opening a line or following a sentence ("。 1. 按时报名"). Chinese text quotes
# English names this way in encyclopaedias and in news about people abroad.
_NOT_AN_END = re.compile(
    r"(?:^|[^A-Za-z])(?:[A-Z]|Dr|Mr|Mrs|Ms|Mt|St|Jr|Sr|Prof|Gen|Col|Capt|Lt|Rev|Sen|Rep|Gov"
    r"|No|Nos|Vol|vs|var|subsp|sp|spp|ca|cf|al|etc|Inc|Co|Corp|Ltd|Jan|Feb|Mar|Apr|Jun|Jul"
    r"|Aug|Sep|Sept|Oct|Nov|Dec)$"
    r"|(?:^|[\s。！？!?；;])\d{1,2}$"
)
# ... nor does one before a lower-case word: the sentence goes on ("Dr. Anna de Vries").
_GOES_ON = re.compile(r"\s+[a-z]")


# A work's title may hold an end mark ("《加油！向未来》", "《谁？》"): a mark inside title marks
# that close within this many characters ends no sentence. Titles are short; a 《 left open
# (a page cut mid-title) protects nothing beyond it.
MAX_TITLE_CHARS = 30


def _in_title(text: str, at: int) -> bool:
    """Whether position `at` is inside a 《…》 title that closes soon after."""
    opened = text.rfind("《", max(0, at - MAX_TITLE_CHARS), at)
    if opened < 0 or "》" in text[opened:at]:
        return False
    closed = text.find("》", at, opened + MAX_TITLE_CHARS + 1)
    return closed > 0 and "《" not in text[at:closed]


# A question mark followed by a comma asks nothing: it stands for a character the page's
# encoding lost ("…住在深水?,早期…" for 深水埗), and the sentence goes on.
_LOST_CHARACTER = re.compile(r"\?+[,，、]")


def _ends(text: str, m: re.Match[str]) -> bool:
    """Whether the end mark `m` ends a sentence: not inside a work's title, not a lost
    character's question mark, and an English full stop not after an initial or an
    abbreviation."""
    if _in_title(text, m.start()) or _LOST_CHARACTER.match(text, m.start()):
        return False
    if m.group() != ".":
        return True
    before = text[max(0, m.start() - 8) : m.start()]
    return not (_NOT_AN_END.search(before) or _GOES_ON.match(text, m.end()))


def split_sentences(text: str) -> list[str]:
    """Whole sentences, in order, each with the closing quotes that follow its end mark.

    Search text has straight quotes, so a `"` after an end mark closes the sentence only
    when the sentence has an odd number of them; otherwise it opens the next one.
    """
    out: list[str] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        if end <= start or not _ends(text, m):
            continue
        while end < len(text):
            ch = text[end]
            if ch in _CLOSERS or (ch in "\"'" and text.count(ch, start, end) % 2 == 1):
                end += 1
            else:
                break
        out.append(text[start:end])
        start = end
    out.append(text[start:])
    return [s for s in (s.strip() for s in out) if s]

"""Chinese (and English) sentence splitting, shared by chunking, answering and citing."""

from __future__ import annotations

import re

# A sentence ends at 。!?; (full or half width, after NFKC), an ellipsis, or an English
# full stop before a space.
_END = re.compile(r"[。！？!?；;]+|\.{3,}|…+|(?<=[A-Za-z0-9)\"'])\.(?=\s)")
_CLOSERS = "”’)）」』"


def split_sentences(text: str) -> list[str]:
    """Whole sentences, in order, each with the closing quotes that follow its end mark.

    Search text has straight quotes, so a `"` after an end mark closes the sentence only
    when the sentence has an odd number of them; otherwise it opens the next one.
    """
    out: list[str] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        if end <= start:
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

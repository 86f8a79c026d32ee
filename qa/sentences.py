"""Chinese (and English) sentence splitting, shared by chunking, answering and citing."""

from __future__ import annotations

import re

# A sentence ends at 。!?;… (full or half width), with any closing quotes kept on it.
_END = re.compile(r"(?<=[。!?!?;;…])(?![”’」』\"')）)…。!?!?])|(?<=[。!?!?…][”’」』\"'])")


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph, verbatim: "".join(result) == text with outer spaces trimmed."""
    text = text.strip()
    if not text:
        return []
    parts = [s for s in _END.split(text) if s]
    out: list[str] = []
    for part in parts:
        if out and not part.strip(" \u3000"):
            out[-1] += part
        else:
            out.append(part)
    return out

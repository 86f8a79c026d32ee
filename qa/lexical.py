"""Jieba tokens of the normalised text, for BM25: finds exact figures, names and terms that
a small embedding model blurs. The BM25 index itself is the catalog's FTS5 table
(qa.store.catalog), written with these tokens and queried with them."""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import jieba

jieba.setLogLevel(logging.WARNING)

# Question words and particles: frequent in questions, never what the answer is about.
_STOPWORDS = """的 了 和 与 及 是 在 有 为 对 等 中 也 都 把 被 将 让 从 向 以 之 而 并 或 个 其
    这 那 吗 呢 吧 啊 什么 多少 哪些 哪个 哪里 哪 如何 怎样 怎么 为什么 几 是否 谁 何 共 了解
    the a an of to in on and or for by with is are was were be been did do does how what which
    who whom whose when where why many much"""
STOPWORDS = frozenset(_STOPWORDS.split())
_WORD = re.compile(r"\w", re.UNICODE)


@lru_cache(maxsize=1)
def _jieba_ready() -> bool:
    jieba.initialize()
    return True


def tokenize(text: str) -> list[str]:
    """Search tokens of a normalised text: jieba's fine-grained cut, lower-cased, no
    punctuation or stop words (a long word also yields its parts, so "梅河口市" meets
    "梅河口")."""
    _jieba_ready()
    tokens = (t.strip().lower() for t in jieba.lcut_for_search(text))
    return [t for t in tokens if t and _WORD.search(t) and t not in STOPWORDS]

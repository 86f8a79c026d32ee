"""Question answering with paragraph-level citations over Chinese news articles.

from qa import Pipeline
answer = Pipeline().ask("天津在街道管理体制上推行了什么创新?")
answer.text, answer.citations      # "…[1]。", (Citation(n=1, source=…, paragraph=7, quote=…),)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qa.records import Answer, Citation, Passage, Turn

if TYPE_CHECKING:
    from qa.pipeline import Pipeline

__version__ = "0.1.0"
__all__ = ["Answer", "Citation", "Passage", "Pipeline", "Turn"]


def __getattr__(name: str) -> Any:
    """`qa.Pipeline` is imported on first use: it pulls in FAISS, jieba and BM25, which
    `qa sources` and the tests of other stages do not need."""
    if name == "Pipeline":
        from qa.pipeline import Pipeline

        return Pipeline
    raise AttributeError(f"module 'qa' has no attribute {name!r}")

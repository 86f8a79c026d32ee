"""Question answering with paragraph-level citations over Chinese news articles.

from qa import Pipeline
passages = Pipeline().search("天津在街道管理体制上推行了什么创新?")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qa.records import Answer, Citation, Passage

if TYPE_CHECKING:
    from qa.pipeline import Pipeline

__version__ = "0.1.0"
__all__ = ["Answer", "Citation", "Passage", "Pipeline"]


def __getattr__(name: str) -> Any:
    """`qa.Pipeline` is imported on first use: it pulls in FAISS, jieba and BM25, which
    `qa sources` and the tests of other stages do not need."""
    if name == "Pipeline":
        from qa.pipeline import Pipeline

        return Pipeline
    raise AttributeError(f"module 'qa' has no attribute {name!r}")

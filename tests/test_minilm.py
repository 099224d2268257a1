"""The numpy MiniLM runtime gives sentence-transformers' vectors (real model, real text)."""

from __future__ import annotations

import numpy as np
import pytest

from app.core.minilm import MiniLMEncoder
from app.core.providers import embedding_model_path, make_embeddings
from app.core.settings import Settings

pytestmark = pytest.mark.slow

TEXTS = [
    "What is a p-value?",
    "A p-value is the probability, assuming H0 is true, of a result at least as extreme as the one observed.",
    "whats the difference between using * and @ on two numpy matrices? I get different numbers",
    "Ünïcode — naïve café 😀 データ",
    "",
    "gradient " * 400,  # longer than the model's 256 tokens: truncated the same way
    "`df.groupby('city')['price'].mean()` splits, applies and combines.",
]


@pytest.fixture(scope="module")
def both(real_embeddings):
    return MiniLMEncoder(embedding_model_path(Settings()), batch_size=3), real_embeddings


def test_documents_match_sentence_transformers(both):
    mine, theirs = both
    a, b = np.array(mine.embed_documents(TEXTS)), np.array(theirs.embed_documents(TEXTS))
    assert a.shape == b.shape == (len(TEXTS), 384)
    assert np.abs(a - b).max() < 1e-5
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)


def test_query_matches_and_batching_does_not_change_a_vector(both):
    mine, theirs = both
    q = TEXTS[0]
    assert np.abs(np.array(mine.embed_query(q)) - np.array(theirs.embed_query(q))).max() < 1e-5
    alone = np.array(mine.embed_documents([TEXTS[1]]))[0]
    padded = np.array(mine.embed_documents(TEXTS))[1]  # batched with longer and shorter texts
    assert np.abs(alone - padded).max() < 1e-5


def test_settings_choose_the_runtime():
    assert isinstance(make_embeddings(Settings()), MiniLMEncoder)  # auto: numpy for answering
    assert isinstance(make_embeddings(Settings(embedding_backend="numpy"), bulk=True), MiniLMEncoder)
    assert not isinstance(make_embeddings(Settings(), bulk=True), MiniLMEncoder)
    assert make_embeddings(Settings(embedding_backend="numpy")).embed_documents([]) == []

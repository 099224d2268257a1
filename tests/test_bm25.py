"""The inverted-index BM25 gives the Okapi scores the textbook formula gives."""

from __future__ import annotations

import math

import pytest

from app.core.bm25 import Bm25

DOCS = [
    ["gradient", "descent", "moves", "against", "the", "gradient"],
    ["the", "learning", "rate", "scales", "each", "gradient", "step"],
    ["a", "random", "forest", "averages", "many", "trees"],
    ["the", "the", "the"],
    ["stochastic", "gradient", "descent", "uses", "a", "minibatch"],
]


def okapi(docs, query, k1=1.5, b=0.75, eps=0.25):
    n = len(docs)
    avg = sum(map(len, docs)) / n
    vocab = {t for d in docs for t in d}
    raw = {t: math.log(n - sum(t in d for d in docs) + 0.5) - math.log(sum(t in d for d in docs) + 0.5) for t in vocab}
    floor = eps * sum(raw.values()) / len(raw)
    idf = {t: v if v >= 0 else floor for t, v in raw.items()}
    out = []
    for d in docs:
        s = 0.0
        for t in query:
            tf = d.count(t)
            s += idf.get(t, 0.0) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(d) / avg))
        out.append(s)
    return out


@pytest.mark.parametrize(
    "query",
    [["gradient"], ["gradient", "descent"], ["the", "gradient"], ["gradient", "gradient"], ["unknown"], []],
)
def test_scores_are_the_okapi_formula(query):
    assert list(Bm25(DOCS).scores(query)) == pytest.approx(okapi(DOCS, query))


def test_a_term_in_most_documents_gets_the_idf_floor_not_a_negative_weight():
    docs = [["common", "x"], ["common", "y"], ["common", "z"], ["rare"]]
    bm = Bm25(docs)
    assert bm.idf["common"] > 0
    assert bm.scores(["common"])[3] == 0.0


def test_empty_library():
    assert len(Bm25([]).scores(["x"])) == 0

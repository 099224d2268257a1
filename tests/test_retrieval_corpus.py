"""Retrieval over the whole shipped corpus with the real embedding model and real Chroma."""

from __future__ import annotations

import pytest

from app.answering.retrieval import rrf_fuse

pytestmark = pytest.mark.slow


def test_rrf_rewards_agreement():
    scores = rrf_fuse([["a", "b", "c"], ["b", "a", "d"]], k=60)
    assert scores["a"] == scores["b"] > scores["c"] > 0
    assert set(scores) == {"a", "b", "c", "d"}


def test_each_items_reading_is_found_from_its_title(corpus_services):
    misses = []
    for _, _, item in corpus_services.corpus.roadmap.iter_items():
        question = f"Can you explain {item.title} ({', '.join(item.topics)})?"
        retrieval = corpus_services.retriever.retrieve(question, k=5)
        top = [h.metadata["source_id"] for h in retrieval.candidates[:5]]
        if f"reading/{item.id}" not in top:
            misses.append((item.id, top))
    assert misses == []


PARAPHRASES = [
    ("my model is great on training data but bad on new data, what's going on?", "Model Evaluation"),
    ("how do I pick the best settings for my random forest without trying everything?", "Model Evaluation"),
    ("what's the trick that lets a network reuse what it learned on ImageNet?", "Deep Learning"),
    ("how do I keep track of which run used which learning rate?", "MLOps"),
    ("how can I put my trained model behind an HTTP endpoint?", "Deployment"),
    ("how do I forecast monthly sales that have a yearly pattern?", "Time Series Analysis"),
    ("how does an agent learn which action is best by trial and error?", "Reinforcement Learning"),
    ("how do I fill in missing values in my table?", "Data Basics"),
    ("how do I turn words into vectors?", "Natural Language Processing (NLP)"),
    ("how does Netflix guess which movies I'll like?", "Specialization Areas"),
    ("what does it mean for a matrix to have an eigenvector?", "Mathematics & Statistics"),
    ("how do I undo a bad commit?", "Programming"),
]


@pytest.mark.parametrize(("question", "section"), PARAPHRASES)
def test_paraphrased_questions_reach_the_right_section(corpus_services, question, section):
    hits = corpus_services.retriever.retrieve(question, k=3).hits
    assert section in [h.metadata["section"] for h in hits]


def test_bm25_is_built_once_per_index_version(corpus_services, monkeypatch):
    import app.answering.retrieval as retrieval

    retriever = corpus_services.retriever
    retriever.retrieve("warm up", k=1)
    built = []
    monkeypatch.setattr(retrieval._Bm25Index, "__init__", lambda self, c: built.append(c))
    for q in ("precision", "recall", "xgboost"):
        retriever.retrieve(q, k=2)
    assert built == []


def test_stage_filter_and_diversity(corpus_services):
    hits = corpus_services.retriever.retrieve("how do neural networks learn", k=4, stage=3).hits
    assert hits and {h.metadata["stage"] for h in hits} == {3}
    per_source = {}
    for h in hits:
        per_source[h.metadata["source_id"]] = per_source.get(h.metadata["source_id"], 0) + 1
    assert max(per_source.values()) <= 2

"""Term weights from a fixed table (app.core.term_weights): the formula, the table the shipped corpus
carries, and weights that do not move when an unrelated document joins the index."""

from __future__ import annotations

import json
import math

import pytest

from app.answering.chain import Tutor
from app.core import term_weights
from app.core.text import stem
from app.core.vectorstore import IndexParams
from ingest.indexer import run_ingest
from tests.conftest import REPO
from tests.test_chain import DOCS, reading_sources, services  # noqa: F401 (the tiny real index with word-hash embeddings)


def test_idf_is_log_of_documents_over_document_frequency_per_stem():
    docs = [["models", "train"], ["model", "lightgbm"], ["model"]]
    table = term_weights.idf_table(docs)
    assert table[stem("model")] == pytest.approx(math.log(4 / 3.5))  # in all three ("models" stems alike)
    assert table[stem("lightgbm")] == pytest.approx(math.log(4 / 1.5))
    assert table[stem("lightgbm")] > table[stem("model")]


def test_a_term_the_table_lacks_weighs_as_much_as_its_rarest():
    table = {"model": 0.2, "lightgbm": 3.0}
    assert term_weights.weight(table, "model") == 0.2
    assert term_weights.weight(table, "xgboost") == 3.0
    assert term_weights.weight(table, "xgboost", top=5.0) == 5.0


def test_a_missing_or_unreadable_table_means_the_index_weights(tmp_path):
    assert term_weights.load(tmp_path) is None
    (tmp_path / term_weights.FILE).write_text("{not json", encoding="utf-8")
    assert term_weights.load(tmp_path) is None
    (tmp_path / term_weights.FILE).write_text(json.dumps({"weights": {"model": 0.5}}), encoding="utf-8")
    assert term_weights.load(tmp_path) == {"model": 0.5}


def test_the_shipped_corpus_carries_a_table_that_weighs_names_above_common_words():
    table = term_weights.load(REPO / "corpus")
    assert table is not None and len(table) > 3000
    for rare, common in (("lightgbm", "model"), ("sarima", "data"), ("bellman", "learn")):
        assert table[stem(rare)] > 2 * table[stem(common)], (rare, common)


def test_the_table_still_knows_most_of_the_corpus_words():
    """A word the table lacks weighs as the rarest: fine for a note's few new names, wrong once many
    words are new. Below 80% of the corpus's words (88% in session 32), rebuild the table
    (`python -m evals.term_weights build`) and review the answers it moves."""
    from app.core.text import tokenize

    table = term_weights.load(REPO / "corpus")
    words = {stem(w) for d in ("readings", "concepts") for p in (REPO / "corpus" / d).glob("*.md")
             for w in tokenize(p.read_text(encoding="utf-8"))}  # fmt: skip
    assert sum(w in table for w in words) / len(words) >= 0.8


def _ingest(services, extra: dict):  # noqa: F811
    s = services.settings
    run_ingest(
        services.client,
        s.collection,
        services.embeddings,
        IndexParams(s.embedding_model, s.chunk_tokens, s.chunk_overlap_tokens),
        reading_sources({**DOCS, **extra}),
    )


# a note on another topic that uses the precision question's words everywhere
NOTE = {
    "concept/c-shares": (
        "Software Engineering",
        1,
        "## Definition\n\nA share of a positive result is a share; positives share the predicted share.",
    )
}


def test_the_weights_decide_which_unit_is_quoted():
    """Why the weights must hold still: two units as close in meaning, each covering one of the
    question's names, and the heavier name's unit is the one quoted."""
    from app.answering.evidence import candidates, select_evidence

    passages = ["Bagging trains many trees on bootstrap samples.", "Boosting trains trees one after another."]
    question = "how do bagging and boosting train their trees?"
    cands = candidates(passages, question)
    common = {stem("train"): 0.2, stem("trees"): 0.2}

    def quoted(bagging: float, boosting: float) -> str:
        weights = {stem("bagging"): bagging, stem("boosting"): boosting, **common}
        return select_evidence(question, cands, [0.8, 0.8], ["a", "b"], k=1, idf=weights)[0].text

    assert quoted(3.0, 0.3).startswith("Bagging") and quoted(0.3, 3.0).startswith("Boosting")


def test_a_document_added_on_another_topic_moves_the_index_weights_but_not_the_fixed_table(services):  # noqa: F811
    """Read live from the index, "share", "positive" and "predicted" weigh less once a note uses them
    everywhere; the tutor given the fixed table keeps its weights."""
    table = dict(services.retriever.idf())
    fixed = Tutor(services.settings, None, services.retriever, services.embeddings, term_weights=table)
    live = Tutor(services.settings, None, services.retriever, services.embeddings)
    assert live._weights() == table

    _ingest(services, NOTE)

    assert live._weights() != table  # the index's own weights moved
    assert live._weights()[stem("share")] < table[stem("share")]
    assert fixed._weights() == table


def test_build_writes_the_active_indexs_table(services, tmp_path, monkeypatch):  # noqa: F811
    import app.services
    from evals.term_weights import main

    settings = services.settings.model_copy(update={"corpus_dir": tmp_path})
    monkeypatch.setattr(
        app.services,
        "build_services",
        lambda: app.services.Services(settings, embeddings=services.embeddings, client=services.client),
    )
    assert main(["build"]) == 0
    assert term_weights.load(tmp_path) == pytest.approx(services.retriever.idf())
    assert main(["other"]) == 2

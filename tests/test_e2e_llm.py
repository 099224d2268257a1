"""End to end on the real defaults: packaged model via llama.cpp, MiniLM, Chroma on disk."""

from __future__ import annotations

import pytest

from app.services import Services
from evals.metrics import fragment

pytestmark = [pytest.mark.slow, pytest.mark.llm]


def _tutor(corpus_services, real_llm, **settings):
    services = Services(
        corpus_services.settings.model_copy(update=settings),
        llm=real_llm,
        embeddings=corpus_services.embeddings,
        client=corpus_services.client,
    )
    return services.tutor


@pytest.fixture(scope="module")
def tutor(corpus_services, real_llm):
    return _tutor(corpus_services, real_llm)


def test_answers_with_whole_cited_sentences_of_the_right_section(tutor):
    answer = tutor.ask("What is the difference between precision and recall?")
    assert not answer.refused
    cited = [c for c in answer.citations if c.cited]
    assert any(c.section == "Model Evaluation" for c in cited), [c.section for c in cited]
    body = answer.answer.lower()
    assert "precision" in body and "recall" in body
    assert fragment(answer.answer, answer.refused).value == 0.0  # whole sentences, no header, no bare [1]
    for sentence in answer.sentences:  # every shown sentence is the readings' own, cited
        assert sentence["supported"] and sentence["citations"], sentence
    assert answer.timings.evidence_s > 0 and answer.tokens == 0  # the embedded model writes nothing by default


def test_the_models_explanation_is_shown_only_where_the_checks_pass(corpus_services, real_llm):
    tutor = _tutor(corpus_services, real_llm, explanation="checked")
    answer = tutor.ask("Why is accuracy misleading on imbalanced data?")
    assert not answer.refused and answer.tokens > 0 and answer.timings.first_token_s > answer.timings.evidence_s
    evidence, _, explanation = answer.answer.partition("\n\n")
    assert evidence.strip() and all(s["supported"] for s in answer.sentences)
    for dropped in answer.dropped:  # what the checks refused is recorded with a reason, never shown
        assert dropped["reason"] and dropped["text"] not in answer.answer


def test_out_of_scope_question_is_refused(tutor):
    answer = tutor.ask("How should I prune my rose bushes in autumn?")
    assert answer.refused and answer.citations == []


def test_follow_up_is_rewritten_into_a_standalone_question(tutor):
    history = [
        ("user", "What is XGBoost?"),
        ("assistant", "XGBoost is a gradient boosting library that builds trees one after another [1]."),
    ]
    answer = tutor.ask("And how does LightGBM compare?", history=history)
    assert "lightgbm" in answer.standalone_question.lower()
    assert any(c.source_id == "reading/s2-ensemble-methods" for c in answer.citations)

"""End to end on the real defaults: packaged model via llama.cpp, MiniLM, Chroma on disk."""

from __future__ import annotations

import pytest

from app.services import Services

pytestmark = [pytest.mark.slow, pytest.mark.llm]


@pytest.fixture(scope="module")
def tutor(corpus_services, real_llm):
    services = Services(
        corpus_services.settings, llm=real_llm, embeddings=corpus_services.embeddings, client=corpus_services.client
    )
    return services.tutor


def test_answers_with_a_citation_from_the_right_section(tutor):
    answer = tutor.ask("What is the difference between precision and recall?")
    assert not answer.refused
    assert len(answer.answer.split()) >= 8
    cited = [c for c in answer.citations if c.cited]
    assert any(c.section == "Model Evaluation" for c in cited), [c.section for c in cited]
    body = answer.answer.lower()
    assert "precision" in body and "recall" in body
    assert answer.tokens > 0 and answer.timings.first_token_s > 0


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

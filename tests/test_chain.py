"""The answering service on a tiny real index (Chroma on disk) with a scripted LLM."""

from __future__ import annotations

import pytest

from app.chain import Tutor, format_context, refusal_text
from app.index import IndexParams
from app.providers import make_chroma_client
from app.services import Services
from ingest.indexer import run_ingest
from ingest.sources import Source
from tests.fakes import ScriptedChat

DOCS = {
    "reading/s2-metrics": (
        "Model Evaluation",
        2,
        "## Key definitions\n\nPrecision is the share of predicted "
        "positives that are truly positive. Recall is the share of actual positives the model finds.",
    ),
    "reading/s2-ensemble-methods": (
        "Algorithms",
        2,
        "## XGBoost and LightGBM\n\nXGBoost grows trees level by level "
        "while LightGBM grows them leaf-wise with histogram-based splits.",
    ),
    "reading/s3-mdp": (
        "Reinforcement Learning",
        3,
        "## Intuition\n\nA Markov decision process has states, actions, "
        "transition probabilities, rewards and a discount factor.",
    ),
}


@pytest.fixture
def services(settings, fake_embeddings):
    settings = settings.model_copy(update={"min_relevance": -2.0, "top_k": 2})
    client = make_chroma_client(settings)
    sources = [
        Source(
            source_id=sid,
            source_type="reading",
            origin="corpus",
            title=sid.split("/")[1],
            url_or_path=sid,
            text=text,
            stage=stage,
            section=section,
            item_id=sid.split("/")[1],
        )
        for sid, (section, stage, text) in DOCS.items()
    ]
    run_ingest(
        client,
        settings.collection,
        fake_embeddings,
        IndexParams(settings.embedding_model, settings.chunk_tokens, settings.chunk_overlap_tokens),
        sources,
    )
    return Services(settings, embeddings=fake_embeddings, client=client)


def tutor_with(services, *responses):
    llm = ScriptedChat(responses=list(responses), received=[], kwargs_seen=[])
    return Tutor(services.settings, llm, services.retriever, services.embeddings), llm


def test_a_passage_header_copied_by_the_model_is_not_shown(services):
    header = "[1] s2-metrics (stage 2, Model Evaluation)"
    sentence = "Precision is the share of predicted positives that are truly positive."
    tutor, _ = tutor_with(services, f"{header}\n{sentence[:-1]} [1].")
    *tokens, answer = tutor.stream("what is precision versus recall")
    assert "".join(tokens) == answer.answer
    assert answer.answer.startswith("Precision is") and "s2-metrics" not in answer.answer
    assert [s["text"] for s in answer.sentences] == [sentence]


def test_streams_tokens_then_a_cited_answer(services):
    tutor, llm = tutor_with(services, "Precision is the share of predicted positives that are truly positive [1].")
    parts = list(tutor.stream("what is precision versus recall"))
    *tokens, answer = parts
    assert len(tokens) > 3 and all(isinstance(t, str) for t in tokens)
    assert "".join(tokens) == answer.answer
    assert not answer.refused
    cited = [c for c in answer.citations if c.cited]
    assert [c.source_id for c in cited] == ["reading/s2-metrics"]
    assert cited[0].section == "Model Evaluation" and cited[0].n == 1
    assert answer.sentences[0]["supported"] is True
    # the passage the answer cites is the one that was in the prompt under that number
    prompt = llm.received[-1][-1].content
    assert "[1] s2-metrics" in prompt and "Precision is the share" in prompt
    assert answer.timings.total_s >= answer.timings.first_token_s >= answer.timings.retrieve_s > 0


def test_unsupported_sentence_is_flagged(services):
    tutor, _ = tutor_with(
        services,
        "Precision is the share of predicted positives that are truly positive [1]. "
        "Quantum annealers compute it in constant time on Mars [1].",
    )
    answer = tutor.ask("what is precision")
    assert [s["supported"] for s in answer.sentences] == [True, False]
    assert answer.to_json()["all_supported"] is False


def test_missing_citation_is_added_from_evidence(services):
    tutor, _ = tutor_with(services, "XGBoost grows trees level by level while LightGBM grows them leaf-wise.")
    answer = tutor.ask("how does lightgbm differ from xgboost")
    assert answer.answer.endswith("[1].")
    assert [c["source_id"] for c in answer.to_json()["citations"]] == ["reading/s2-ensemble-methods"]


def test_weak_evidence_refuses_without_calling_the_llm(services):
    services.settings.min_relevance = 2.0  # nothing can reach it
    tutor, llm = tutor_with(services, "should never be used")
    answer = tutor.ask("how do I grow tomatoes")
    assert answer.refused and llm.received == []
    assert answer.answer.startswith("The roadmap material I have does not cover that")
    assert answer.to_json()["citations"] == [] and answer.nearest_sections


def test_follow_up_is_condensed_with_history_before_retrieval(services):
    tutor, llm = tutor_with(services, "How does LightGBM compare to XGBoost?", "LightGBM grows trees leaf-wise [1].")
    history = [("user", "What is XGBoost?"), ("assistant", "XGBoost grows trees level by level [1].")]
    answer = tutor.ask("and how does it compare to LightGBM?", history=history)
    assert answer.standalone_question == "How does LightGBM compare to XGBoost?"
    assert "What is XGBoost?" in llm.received[0][0].content  # the condense prompt saw the history
    assert answer.citations[0].source_id == "reading/s2-ensemble-methods"


def test_stage_filter_restricts_sources(services):
    tutor, _ = tutor_with(services, "A Markov decision process has states [1].")
    answer = tutor.ask("what is a markov decision process", stage=3)
    assert {c.stage for c in answer.citations} == {3}


def test_hint_mode_uses_the_socratic_prompt(services):
    tutor, llm = tutor_with(services, "What fraction of predicted positives are right? Read [1].")
    tutor.ask("what is precision", mode="hint")
    assert "guiding question" in llm.received[-1][0].content


def test_context_numbers_passages_and_says_where_they_come_from():
    from app.retrieval import Hit

    hits = [
        Hit("a#0", "Title A > H\nBody A", {"title": "Title A", "stage": 2, "section": "Algorithms"}),
        Hit("r#0", "Overview\nBody R", {"title": "Overview", "stage": 0, "section": ""}),
    ]
    assert (
        format_context(hits, ["Body A", "Body R"])
        == "[1] Title A (stage 2, Algorithms)\nBody A\n\n[2] Overview (roadmap)\nBody R"
    )
    assert refusal_text(["A (stage 1)"]).endswith("The nearest sections are: A (stage 1).")


def test_go_deeper_mode_uses_more_passages_and_the_detailed_prompt(services):
    tutor, llm = tutor_with(services, "Details [1].")
    services.settings.top_k = 1
    explain = tutor.ask("what is precision and recall and xgboost", mode="explain")
    deeper = tutor.ask("what is precision and recall and xgboost", mode="deeper")
    assert len(deeper.citations) > len(explain.citations) == 1
    assert "detailed explanation" in llm.received[-1][0].content

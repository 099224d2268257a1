"""The answering service on a tiny real index (Chroma on disk) with a scripted LLM."""

from __future__ import annotations

import pytest

from app.answering.chain import Selection, Tutor, _asks_more, format_notes, refusal_text
from app.answering.evidence import Evidence
from app.core.corpus import Question
from app.core.vectorstore import IndexParams, make_chroma_client
from app.services import Services
from ingest.indexer import run_ingest
from ingest.sources import Source
from tests.fakes import ScriptedChat, WordHashEmbeddings

DOCS = {
    "reading/s2-metrics": (
        "Model Evaluation",
        2,
        "## Key definitions\n\nPrecision is the share of predicted "
        "positives that are truly positive. Recall is the share of actual positives the model finds.\n\n"
        "## Worked example\n\nA fraud model flags 60 transactions, of which 40 are fraud, so its precision "
        "is 40 / 60 = 0.667.",
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


def reading_sources(docs: dict) -> list[Source]:
    """Readings from {source id: (section, stage, text)}, as the corpus loader makes them."""
    return [
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
        for sid, (section, stage, text) in docs.items()
    ]


@pytest.fixture
def services(settings):
    fake_embeddings = WordHashEmbeddings()
    settings = settings.model_copy(update={"min_relevance": -2.0, "top_k": 2, "explanation": "checked"})
    client = make_chroma_client(settings)
    run_ingest(
        client,
        settings.collection,
        fake_embeddings,
        IndexParams(settings.embedding_model, settings.chunk_tokens, settings.chunk_overlap_tokens),
        reading_sources(DOCS),
    )
    return Services(settings, embeddings=fake_embeddings, client=client)


def tutor_with(services, *responses, questions=()):
    llm = ScriptedChat(responses=list(responses), received=[], kwargs_seen=[])
    return Tutor(services.settings, llm, services.retriever, services.embeddings, questions), llm


PRECISION = "Precision is the share of predicted positives that are truly positive."


def test_streams_evidence_then_a_checked_explanation(services):
    tutor, llm = tutor_with(services, "Precision tells you how many predicted positives are truly positive [1].")
    parts = list(tutor.stream("what is precision versus recall"))
    *shown, answer = parts
    assert all(isinstance(t, str) for t in shown)
    assert "".join(shown) == answer.answer
    # the evidence (whole sentences of the reading, cited) is shown before the model says anything
    assert shown[0].startswith(PRECISION[:-1] + " [1].") and "Recall is the share" in shown[0]
    assert answer.answer.endswith("truly positive [1].") and len(shown) == 2
    assert not answer.refused and answer.dropped == []
    cited = [c for c in answer.citations if c.cited]
    assert [c.source_id for c in cited] == ["reading/s2-metrics"]
    assert cited[0].section == "Model Evaluation" and cited[0].n == 1
    assert all(s["supported"] for s in answer.sentences)
    # the model saw only the evidence, as numbered notes, and no passage headers
    prompt = llm.received[-1][-1].content
    assert f"[1] {PRECISION}" in prompt and "s2-metrics (stage" not in prompt
    assert llm.kwargs_seen[-1]["max_tokens"] <= 100
    t = answer.timings
    assert t.total_s >= t.first_token_s >= t.evidence_s >= t.retrieve_s > 0


def test_a_sentence_the_checks_cannot_tie_to_the_evidence_is_not_shown(services):
    tutor, _ = tutor_with(
        services,
        "Precision tells you how many predicted positives are truly positive [1]. "
        "Quantum annealers compute it in constant time on Mars [1].",
    )
    answer = tutor.ask("what is precision")
    assert "Quantum" not in answer.answer
    assert answer.dropped == [
        {"text": "Quantum annealers compute it in constant time on Mars.", "reason": "not tied to the evidence"}
    ]
    assert answer.to_json()["all_supported"] is True


def test_a_flipped_paraphrase_is_not_shown(services):
    tutor, _ = tutor_with(services, "Precision is not the share of predicted positives that are truly positive [1].")
    answer = tutor.ask("what is precision")
    assert " not " not in answer.answer
    assert answer.dropped[0]["reason"] == "negation differs from the evidence"


def test_a_copied_note_number_at_the_start_is_removed_and_a_missing_citation_added(services):
    tutor, _ = tutor_with(
        services, "[1] Unlike XGBoost, which grows trees level by level, LightGBM grows them leaf-wise."
    )
    answer = tutor.ask("how does lightgbm differ from xgboost")
    assert answer.answer.endswith(
        "Unlike XGBoost, which grows trees level by level, LightGBM grows them leaf-wise [1]."
    )
    assert "\n\n[1]" not in answer.answer
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


def _question(qid, qtype, text, heading="Key definitions"):
    extra = {"options": ["a", "b", "c", "d"], "answer": 0} if qtype == "mcq" else {"answer": True}
    return Question(
        id=qid, item_id="s2-metrics", type=qtype, question=text, explanation="e", difficulty=1, heading=heading, **extra
    )


def test_hint_mode_asks_the_banks_guiding_questions_and_gives_no_answer(services, monkeypatch):
    monkeypatch.setattr("app.answering.chain.HINT_MIN_COSINE", 0.1)  # word-hash embeddings: low cosines all round
    bank = [
        _question("q1", "mcq", "Which cases does precision count in its denominator?"),
        _question("q2", "true_false", "Precision ignores false negatives."),
        _question("q3", "mcq", "What does a fraud model's worked example show?", heading="Worked example"),
    ]
    tutor, llm = tutor_with(services, "never used", questions=bank)
    answer = tutor.ask("what is precision", mode="hint")
    assert llm.received == []  # no model: the questions are the bank's, vetted
    asked = ["Which cases does precision count" in answer.answer, "True or false: Precision ignores" in answer.answer]
    assert any(asked)  # the bank's questions on precision (the second only when about as close)
    assert "worked example" not in answer.answer  # another heading's question
    assert PRECISION not in answer.answer  # the answer itself is not given away
    assert "Then read [1]:" in answer.answer and answer.citations[0].cited


def test_notes_number_each_evidence_unit_by_its_passage():
    selection = Selection([], [Evidence("Recall is TP / (TP + FN) [1].", 0, 0, 1.0), Evidence("B is b.", 1, 3, 0.5)])
    assert format_notes(selection) == "[1] Recall is TP / (TP + FN).\n[2] B is b."
    assert refusal_text(["A (stage 1)"]).endswith("The nearest sections are: A (stage 1).")


def test_units_answering_numbered_questions_run_as_one_paragraph_per_number():
    units = [Evidence("A is a.", 0, 0, 1.0), Evidence("A' is a'.", 0, 1, 1.0), Evidence("B is b.", 1, 4, 1.0)]
    numbered = Selection([], units, numbers={(0, 0): "1", (1, 4): "2"})
    assert numbered.text() == "**(1)** A is a [1]. A' is a' [1].\n\n**(2)** B is b [2]."
    lead = Selection([], units, numbers={(1, 4): "2"})  # a formula quoted above the numbered answers
    assert lead.text() == "A is a [1]. A' is a' [1].\n\n**(2)** B is b [2]."
    assert Selection([], units).text() == "A is a [1]. A' is a' [1]. B is b [2]."


def test_go_deeper_adds_the_readings_worked_example(services):
    tutor, _ = tutor_with(services, "Precision tells you how many predicted positives are truly positive [1].")
    explain = tutor.ask("what is precision", mode="explain")
    deeper = tutor.ask("what is precision", mode="deeper")
    assert "Worked example" not in explain.answer
    assert "**Worked example (from the reading).**\n\nA fraud model flags 60 transactions" in deeper.answer


def test_hint_mode_without_a_close_bank_question_points_at_the_idea_to_think_about(services):
    tutor, llm = tutor_with(services, "never used", questions=[_question("q1", "mcq", "Which tree grows leaf-wise?")])
    answer = tutor.ask("what is precision", mode="hint")
    assert llm.received == [] and "Which tree" not in answer.answer
    assert answer.answer.startswith("Try answering this first:\nThink about") and "Then read [1]" in answer.answer
    assert PRECISION not in answer.answer


def test_a_message_over_the_limit_is_cut_with_a_notice_and_still_answered(services):
    tutor, llm = tutor_with(services, "Precision counts how many flagged cases are truly positive [1].")
    huge = "what is precision? " + "x" * 200_000
    *shown, answer = list(tutor.stream(huge, history=[("user", "hi"), ("assistant", "hello")]))
    limit = services.settings.max_question_chars
    assert shown[0].startswith(f"_(Your message has {len(huge):,} characters; I read its first {limit:,}.)_")
    assert "Precision" in answer.answer and len(answer.question) == limit
    assert all(len(str(m)) < 10 * limit for call in llm.received for m in call)  # the model never saw it all


def test_an_answer_that_needs_no_generation_never_makes_the_model(services):
    """The LLM may be given as a function; an extractive answer (explanation off) never calls it,
    so `tutor ask` does not pay for loading llama.cpp."""
    made = []

    def make_llm():
        made.append(1)
        return ScriptedChat(responses=["Precision counts true positives [1]."], received=[], kwargs_seen=[])

    settings = services.settings.model_copy(update={"explanation": "off"})
    tutor = Tutor(settings, make_llm, services.retriever, services.embeddings)
    answer = tutor.ask("what is precision versus recall")
    assert not answer.refused and PRECISION[:-1] in answer.answer
    assert made == []
    explaining = Tutor(services.settings, make_llm, services.retriever, services.embeddings)
    assert explaining.ask("what is precision versus recall").answer.endswith("[1].")
    assert made == [1]


class _EndMarkingChat(ScriptedChat):
    """Records, in `events`, each word streamed and the end of the stream."""

    events: list[str] = []

    def _stream(self, messages, stop=None, run_manager=None, **kwargs):
        for chunk in super()._stream(messages, stop, run_manager, **kwargs):
            self.events.append("token")
            yield chunk
        self.events.append("end")


@pytest.mark.parametrize("backend", ["llamacpp", "openai"])
def test_the_embedded_models_explanation_is_checked_after_it_ends_a_servers_while_it_streams(
    services, monkeypatch, backend
):
    """On the cores the model uses, a check run mid-stream slows every token (tutor bench measured
    0.66x the bare tokens/s), so the embedded model's text is checked once it is complete; a
    server's is read ahead in a thread while finished sentences are checked."""
    import app.answering.chain as chain

    settings = services.settings.model_copy(update={"llm_backend": backend})
    said = (
        "Precision tells you how many predicted positives are truly positive [1]. "
        "Recall tells you how many actual positives the model finds [1]."
    )
    llm = _EndMarkingChat(responses=[said], received=[], kwargs_seen=[], events=[])
    events = llm.events
    tutor = Tutor(settings, llm, services.retriever, services.embeddings)
    judge = chain._Checker._judge

    def noted(self, sentence):
        events.append("check")
        yield from judge(self, sentence)

    monkeypatch.setattr(chain._Checker, "_judge", noted)
    threads = []
    real_prefetched = chain.prefetched
    monkeypatch.setattr(chain, "prefetched", lambda items: (threads.append(1), real_prefetched(items))[1])
    answer = tutor.ask("what is precision versus recall")
    assert answer.tokens > 5 and events.count("check") == 2
    if backend == "llamacpp":
        assert events.index("check") > events.index("end") and threads == []
    else:
        assert threads == [1]
    assert answer.answer.endswith("the model finds [1].") and answer.dropped == []


def test_an_answer_written_in_advance_is_completed_only_when_the_message_asks_more():
    # one question: its entry's units answer it, and completing it appended another pitfall as stray text
    assert not _asks_more("Why does git revert delete the bad commit from the history?")
    assert not _asks_more("My loop never calls zero_grad and the loss blows up. What's wrong?")
    # two asked parts, or "also": the entry may answer only the first
    assert _asks_more("What does the d in ARIMA mean, and how do I tell whether my series needs it?")
    assert _asks_more("I wrote nn.Dropout(p=0.9) to keep 90%. Also, do I need to rescale at inference?")

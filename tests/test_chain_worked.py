"""The learner's own computation in an answer: shown with the evidence, cited to the formula's
passage, recorded as computed, never in a hint. A tiny real index (Chroma on disk), scripted LLM."""

from __future__ import annotations

import pytest

from app.answering.chain import Tutor
from app.core.vectorstore import IndexParams, make_chroma_client
from app.services import Services
from ingest.indexer import run_ingest
from ingest.sources import Source
from tests.fakes import ScriptedChat, WordHashEmbeddings

METRICS = (
    "## Key definitions\n\n- **Precision** = TP / (TP + FP): of the flagged cases, the share that are positive.\n"
    "- **Recall** = TP / (TP + FN): of the positive cases, the share the model flags.\n\n"
    "## Worked example\n\nA fraud model has TP = 40, FP = 20 and FN = 10, so precision = 40 / 60 = 0.667 "
    "and recall = 40 / 50 = 0.8."
)
OTHER = "## Intuition\n\nA Markov decision process has states, actions, rewards and a discount factor."


@pytest.fixture
def tutor(settings):
    embeddings = WordHashEmbeddings()
    settings = settings.model_copy(update={"min_relevance": -2.0, "top_k": 2, "explanation": "off"})
    client = make_chroma_client(settings)
    sources = [
        Source(sid, "reading", "corpus", sid.split("/")[1], sid, text, stage, section, item_id=sid.split("/")[1])
        for sid, stage, section, text in (
            ("reading/s2-metrics", 2, "Model Evaluation", METRICS),
            ("reading/s3-mdp", 3, "Reinforcement Learning", OTHER),
        )
    ]
    params = IndexParams(settings.embedding_model, settings.chunk_tokens, settings.chunk_overlap_tokens)
    run_ingest(client, settings.collection, embeddings, params, sources)
    services = Services(settings, embeddings=embeddings, client=client)
    llm = ScriptedChat(responses=["never used"], received=[], kwargs_seen=[])
    return Tutor(settings, llm, services.retriever, embeddings)


QUESTION = "My model got TP = 30, FP = 10, FN = 20. What are its precision and recall?"


def test_the_learners_numbers_are_worked_and_cited_to_the_formula(tutor):
    *shown, answer = list(tutor.stream(QUESTION))
    assert "".join(shown) == answer.answer
    assert "**With your numbers**" in shown[0]  # with the evidence, before any generation
    assert "Precision = TP / (TP + FP) = 30 / (30 + 10) = 0.75" in answer.answer
    assert "Recall = TP / (TP + FN) = 30 / (30 + 20) = 0.6" in answer.answer
    assert answer.worked == "confusion" and answer.to_json()["worked"] == "confusion"
    computed = [s for s in answer.sentences if s.get("computed")]
    assert len(computed) == 3 and all(s["supported"] for s in computed)  # precision, recall, F1
    formula = next(c for c in answer.citations if c.n == computed[0]["citations"][0])
    assert formula.cited and formula.source_id == "reading/s2-metrics" and "**Precision** = TP" in formula.text


def test_no_computation_without_numbers_of_the_learners_own_or_in_a_hint(tutor):
    assert tutor.ask("what is precision?").worked == ""
    hint = tutor.ask(QUESTION, mode="hint")
    assert hint.worked == "" and "0.75" not in hint.answer


def test_the_computation_uses_the_learners_words_not_the_condensed_follow_up(tutor, monkeypatch):
    """A model's rewrite of a follow-up could change a number: the calculator reads the message itself."""
    monkeypatch.setattr(Tutor, "condense", lambda self, q, h: "precision with TP = 99, FP = 1, FN = 0")
    answer = tutor.ask(QUESTION, history=[("user", "hi"), ("assistant", "hello")])
    assert "30 / (30 + 10) = 0.75" in answer.answer and "99" not in answer.answer


def test_the_computation_is_worked_when_retrieval_gives_nothing_quotable(tutor, monkeypatch):
    """Session 28: new concept notes pushed the probability reading out of a churn question's pool, and the
    answer became a refusal although the calculator was sure of every number. It cites its own reading."""
    import app.answering.chain as chain

    monkeypatch.setattr(chain, "_pool", lambda *args, **kwargs: [])
    answer = tutor.ask(QUESTION)
    assert not answer.refused and answer.worked == "confusion"
    assert "30 / (30 + 10) = 0.75" in answer.answer
    assert {c.source_id for c in answer.citations if c.cited} == {"reading/s2-metrics"}


def test_evidence_from_a_reading_the_computation_does_not_use_is_left_out(tutor):
    """heldout10: k-means' Lloyd's algorithm was quoted above an attention computation. Here the
    message's words pull the MDP passage, but what is worked is precision and recall."""
    question = (
        "For my Markov decision process agent with states, actions, rewards and a discount factor, the "
        "classifier got TP = 30, FP = 10, FN = 20. What are its precision and recall?"
    )
    retrieved = {h.metadata["source_id"] for h in tutor.retriever.retrieve(question).candidates}
    assert "reading/s3-mdp" in retrieved  # the neighbour is really there to be quoted
    answer = tutor.ask(question)
    assert "30 / (30 + 10) = 0.75" in answer.answer
    assert "Markov decision process has states" not in answer.answer
    assert {c.source_id for c in answer.citations if c.cited} == {"reading/s2-metrics"}


def test_the_readings_example_with_other_numbers_gives_way_to_the_learners_own(tutor):
    question = "Can you work my example like the reading's: TP = 30, FP = 10, FN = 20. Precision and recall?"
    answer = tutor.ask(question)
    assert "30 / (30 + 10) = 0.75" in answer.answer
    assert "40 / 60" not in answer.answer and "yours differ" not in answer.answer
    assert "**Precision** = TP / (TP + FP)" in answer.answer  # the definition stays as the evidence


TREES = (
    "## Key definitions\n\n- **Decision tree**: a model that splits the data on one feature at a time; a deep tree "
    "can memorize its training set.\n\n## Worked example\n\n```python\n"
    "from sklearn.tree import DecisionTreeClassifier\n"
    "tree = DecisionTreeClassifier(max_depth=4).fit(X_train, y_train)\n```\n"
)


def test_a_code_only_entry_is_not_the_answer_to_a_learner_who_asked_no_code(settings):
    """heldout10: 'DecisionTreeClassifier with max_depth=None: 100% train, 72% val; which is the problem?'
    matched an entry whose answer is a code block, shown bare with a dangling [1] (garbled)."""
    from app.core.faq import Entry, FaqIndex

    embeddings = WordHashEmbeddings()
    settings = settings.model_copy(
        update={"min_relevance": -2.0, "top_k": 2, "explanation": "off", "faq_min_similarity": 0.3}
    )
    client = make_chroma_client(settings)
    source = Source("reading/s2-trees", "reading", "corpus", "s2-trees", "s2-trees", TREES, 2, "Algorithms")
    params = IndexParams(settings.embedding_model, settings.chunk_tokens, settings.chunk_overlap_tokens)
    run_ingest(client, settings.collection, embeddings, params, [source])
    services = Services(settings, embeddings=embeddings, client=client)
    asked = ("example of scikit-learn code for a DecisionTreeClassifier with max_depth",)
    entry = Entry("s2-trees", "Worked example", ("from sklearn.tree import",), asked, stage=2, section="Algorithms")
    index = FaqIndex([entry], embeddings.embed_documents(list(asked)))
    tutor = Tutor(settings, None, services.retriever, embeddings, (), index)
    plain = tutor.ask("DecisionTreeClassifier with max_depth None: 100% train accuracy, 72% val. which is the problem?")
    assert "```" not in plain.answer and not plain.matched
    code = tutor.ask("example of scikit-learn code for a DecisionTreeClassifier with max_depth")
    assert "```" in code.answer and code.matched


SCREENING = (
    "## Intuition\n\nMissing a sick patient in a screening test is far worse than a false alarm, so screening "
    "favours recall. Which mistake hurts more depends on the application.\n\n"
    "## Key definitions\n\n- **Precision** = TP / (TP + FP): of the flagged cases, the share that are positive.\n"
    "- **Recall** = TP / (TP + FN): of the positive cases, the share the model flags.\n"
)


def test_the_sentence_stating_the_formula_is_quoted_above_the_computation(settings):
    """heldout13: a Pearson r worked by hand under only the 'r near 0' pitfall, and a Bayes update under
    hypothesis-testing sentences: the learner never read the rule the numbers follow. The sentence
    whose formula the calculator applies is quoted even when the selection picked only other units."""
    embeddings = WordHashEmbeddings()
    settings = settings.model_copy(update={"min_relevance": -2.0, "top_k": 2, "explanation": "off"})
    client = make_chroma_client(settings)
    source = Source("reading/s2-metrics", "reading", "corpus", "s2-metrics", "s2-metrics", SCREENING, 2, "Eval")
    params = IndexParams(settings.embedding_model, settings.chunk_tokens, settings.chunk_overlap_tokens)
    run_ingest(client, settings.collection, embeddings, params, [source])
    services = Services(settings, embeddings=embeddings, client=client)
    tutor = Tutor(settings, None, services.retriever, embeddings)
    question = "For a sick patient screening test, which mistake hurts more? Mine has TP = 30, FP = 10, FN = 20"
    answer = tutor.ask(question)
    evidence = answer.answer.split("**With your numbers**")[0]
    assert "30 / (30 + 10) = 0.75" in answer.answer and "screening favours recall" in evidence
    assert evidence.lstrip().startswith("**Precision** = TP / (TP + FP)")


def test_a_replayed_example_is_framed_only_when_the_learner_gave_other_numbers():
    """heldout14: "2 instances running 24/7" got the frame although the example's 2 instances are the
    learner's; and the frame said "yours differ" as if the tutor had worked them, which it had not."""
    from app.answering.chain import EXAMPLE_FRAME, _frame_example
    from app.answering.evidence import Evidence
    from app.answering.retrieval import Hit

    hits = [Hit("c1", "", {"heading_path": "Worked example"})]
    units = [Evidence("An always-on endpoint on 2 instances for 30 days: 2 x 720 x 0.20 = $288.", 0, 0, 1.0)]
    same = _frame_example("a model deployed on 2 instances running 24/7: endpoint or batch?", hits, units)
    assert same == units
    other = _frame_example("our endpoint runs on 3 instances at $0.50/h, cost per month?", hits, units)
    assert other[0].text.startswith(EXAMPLE_FRAME) and "could not work your own numbers" in other[0].text
    # heldout17: "yours go through the same steps" was read as a false claim where the learner's case differs
    assert "with its own numbers, not yours" in other[0].text and "same steps" not in other[0].text
    # heldout16: a sentence of the example with no number is its point, not its numbers
    point = [Evidence("The fold models exist only to produce the estimate; refit the final model on all.", 0, 0, 1)]
    assert _frame_example("fold 3 scored 0.94 vs 0.90 for the others, deploy fold 3?", hits, point) == point


def test_a_framed_example_comes_after_what_answers_the_learner():
    """heldout19: an answer opening with the frame and another case's numbers was read as answering a
    different question (garbled); the reading's own point comes first, the example after it, in order."""
    from app.answering.chain import EXAMPLE_FRAME, _frame_example
    from app.answering.evidence import Evidence
    from app.answering.retrieval import Hit

    hits = [Hit("c1", "", {"heading_path": "Worked example"}), Hit("c2", "", {"heading_path": "Common pitfalls"})]
    units = [
        Evidence("Two features with covariance [[2, 1], [1, 2]] have eigenvalues 3 and 1.", 0, 0, 1.0),
        Evidence("The first component explains 3 / (3 + 1) = 75% of the variance.", 0, 1, 0.9),
        Evidence("The highest-variance directions need not be the ones that separate classes.", 1, 0, 0.8),
    ]
    out = _frame_example("12 features, the first two components explain 71%: can they predict churn?", hits, units)
    assert [u.text for u in out][0] == units[2].text
    assert out[1].text == EXAMPLE_FRAME + units[0].text and out[2].text == units[1].text


LINALG = "## Key definitions\n\n- **Dot product**: u . v = sum_i u_i v_i; it underlies cosine similarity.\n"
EMBEDDINGS = (
    "## Key definitions\n\n- **Embedding**: a dense vector for a token.\n\n"
    "## Common pitfalls\n\n- **Comparing raw dot products**: a dot product grows with vector length, so use cosine.\n"
)


def test_a_pitfall_written_for_the_question_stays_above_a_computation_from_another_reading(settings):
    """heldout14: "w has the bigger dot product with u, so w is more similar, right?" matched an entry of
    the embeddings reading whose pitfall corrects the premise, but only the dot product's reading (the
    calculator's) was kept above the cosines."""
    from app.core.faq import Entry, FaqIndex

    embeddings = WordHashEmbeddings()
    settings = settings.model_copy(
        update={"min_relevance": -2.0, "top_k": 3, "explanation": "off", "faq_min_similarity": 0.3}
    )
    client = make_chroma_client(settings)
    sources = [
        Source(sid, "reading", "corpus", sid.split("/")[1], sid.split("/")[1], text, stage, "Maths")
        for sid, stage, text in (
            ("reading/s1-linear-algebra", 1, LINALG),
            ("reading/s3-tokenization-embeddings", 3, EMBEDDINGS),
        )
    ]
    params = IndexParams(settings.embedding_model, settings.chunk_tokens, settings.chunk_overlap_tokens)
    run_ingest(client, settings.collection, embeddings, params, sources)
    services = Services(settings, embeddings=embeddings, client=client)
    asked = ("bigger dot product means more similar embedding?",)
    entry = Entry(
        "s3-tokenization-embeddings",
        "Common pitfalls",
        ("**Comparing raw dot products**",),
        asked,
        stage=3,
        section="Maths",
    )
    index = FaqIndex([entry], embeddings.embed_documents(list(asked)))
    tutor = Tutor(settings, None, services.retriever, embeddings, (), index)
    answer = tutor.ask(
        "u = (1, 3, -2), w = (4, 2, 0): cosine similarity? bigger dot product means more similar embedding?"
    )
    assert answer.matched and "0.5976" in answer.answer
    assert "Comparing raw dot products" in answer.answer.split("**With your numbers**")[0]


def test_each_unit_is_embedded_alone_so_its_vector_does_not_depend_on_what_was_asked_before(tutor):
    """A text's vector in a batch depends on the texts padded beside it; the cache must not keep
    whichever batch came first (an answer moved with the questions asked before it)."""
    batches = []
    embed = tutor.embeddings.embed_documents

    def recording(texts):
        batches.append(list(texts))
        return embed(texts)

    tutor.embeddings.embed_documents = recording
    try:
        tutor.ask(QUESTION)
        tutor.ask("What does a Markov decision process have?")
    finally:
        tutor.embeddings.embed_documents = embed
    assert batches and all(len(b) == 1 for b in batches), [len(b) for b in batches]


BOOSTING = (
    "## Key definitions\n\n**XGBoost** adds an explicit regularization term to the boosting objective, "
    "Omega = gamma T + lambda / 2 sum w^2, penalizing the number of leaves T and large leaf weights w. It uses a "
    "second-order approximation of the loss, which gives each leaf a closed-form weight.\n"
)


def test_a_formula_already_quoted_inside_a_longer_unit_is_not_quoted_again(settings):
    """heldout22: the Omega sentence was quoted alone as the formula and again inside the unit that joins it
    to the sentence leaning on it ("It uses ..."): the learner read the same sentence twice."""
    embeddings = WordHashEmbeddings()
    settings = settings.model_copy(update={"min_relevance": -2.0, "top_k": 2, "explanation": "off"})
    client = make_chroma_client(settings)
    source = Source(
        "reading/s2-ensemble-methods",
        "reading",
        "corpus",
        "s2-ensemble-methods",
        "s2-ensemble-methods",
        BOOSTING,
        2,
        "Supervised",
    )
    params = IndexParams(settings.embedding_model, settings.chunk_tokens, settings.chunk_overlap_tokens)
    run_ingest(client, settings.collection, embeddings, params, [source])
    services = Services(settings, embeddings=embeddings, client=client)
    tutor = Tutor(settings, None, services.retriever, embeddings)
    question = (
        "XGBoost regularization term, gamma = 1 and lambda = 2: tree A has 2 leaves with weights 1, -1 and brings "
        "the training loss to 10; tree B has 3 leaves with weights 1, 1, 2 and brings it to 8. It uses a "
        "second-order approximation, right? which tree does the objective prefer?"
    )
    answer = tutor.ask(question)
    evidence = answer.answer.split("**With your numbers**")[0]
    assert "objective = 10 + 4 = 14" in answer.answer  # Omega = 1 x 2 + 0.5 x 2 x 2
    assert evidence.count("adds an explicit regularization term") == 1, evidence


def test_a_unit_standing_inside_another_picked_unit_is_quoted_once():
    """heldout23: BERT's definition quoted whole from one passage, then its first sentence again from
    the next chunk: the answer repeated itself. The shorter copy goes; different units stay."""
    from app.answering.chain import _without_repeats
    from app.answering.evidence import Evidence

    whole = Evidence("**BERT** is an encoder pre-trained with masked language modelling. It uses WordPiece.", 0, 0, 1.0)
    part = Evidence("**BERT** is an encoder pre-trained with masked language modelling.", 1, 0, 0.9)
    other = Evidence("**GPT** is a decoder pre-trained with next-token prediction.", 1, 1, 0.8)
    assert _without_repeats([whole, part, other]) == [whole, other]
    assert _without_repeats([part, whole]) == [whole]
    assert _without_repeats([part, part]) == [part]
    # words inside another word do not count: "tree" is not inside "trees are"
    near = Evidence("A tree.", 0, 2, 0.5)
    assert _without_repeats([near, Evidence("Subtree splits.", 0, 3, 0.5)]) == [
        near,
        Evidence("Subtree splits.", 0, 3, 0.5),
    ]

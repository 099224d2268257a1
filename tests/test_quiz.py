"""Quiz selection, exact grading, progress and spaced repetition (no model needed). The progress
tests run on SQLite and on a real PostgreSQL server (the `progress_url` fixture)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from app.core.corpus import load_corpus
from app.learning.grading import grade_choice
from app.learning.progress import ProgressStore, mastery, mastery_over_time
from app.learning.quiz import QuizService, public_question, select_questions
from tests.conftest import REPO


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(REPO / "corpus")


@pytest.fixture
def store(progress_url):
    return ProgressStore(progress_url)


def test_every_bank_choice_question_grades_its_key_correct_and_each_distractor_incorrect(corpus):
    for q in corpus.questions:
        if q.type == "mcq":
            assert grade_choice(q, q.answer).verdict == "correct", q.id
            assert grade_choice(q, "ABCD"[q.answer]).verdict == "correct", q.id
            assert grade_choice(q, q.options[q.answer]).verdict == "correct", q.id
            for i, option in enumerate(q.options):
                if i != q.answer:
                    assert grade_choice(q, i).verdict == "incorrect", (q.id, i)
                    assert grade_choice(q, option).verdict == "incorrect", (q.id, i)
        elif q.type == "true_false":
            assert grade_choice(q, "true" if q.answer else "false").verdict == "correct", q.id
            assert grade_choice(q, "false" if q.answer else "true").verdict == "incorrect", q.id
            assert grade_choice(q, "maybe").verdict == "incorrect", q.id


def test_selection_never_repeats_and_mixes_types(corpus):
    section_of = {i: sec.name for i, (_, sec, _) in corpus.items.items()}
    quiz = select_questions(corpus.questions, section_of, 12, {}, set(), random.Random(1))
    assert len({q.id for q in quiz}) == 12
    assert [q.type for q in quiz[:3]] == ["mcq", "true_false", "short_answer"]


def test_selection_weights_up_due_cards_and_weak_sections(corpus):
    section_of = {i: sec.name for i, (_, sec, _) in corpus.items.items()}
    bank = [q for q in corpus.questions if section_of[q.item_id] in ("Programming", "Data Basics")]
    due = {q.id for q in bank[:5]}
    strong = {"Programming": 1.0, "Data Basics": 0.0}
    picks = {"due": 0, "weak": 0, "strong": 0}
    for seed in range(200):
        for q in select_questions(bank, section_of, 3, strong, due, random.Random(seed)):
            picks["due"] += q.id in due
            picks["weak" if section_of[q.item_id] == "Data Basics" else "strong"] += 1
    n_mcq = sum(q.type == "mcq" for q in bank)  # the five due questions are multiple choice
    assert picks["due"] > 2.5 * 200 * 5 / n_mcq  # 2.5x their share of the one mcq slot per quiz
    assert picks["weak"] > 1.5 * picks["strong"]


def test_fsrs_card_advances_after_correct_and_resets_after_wrong(store):
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    store.record("ann", "q1", 1, "Programming", "A", "correct", when=t0)
    first_due = store.cards("ann")["q1"]["due"]
    store.record("ann", "q1", 1, "Programming", "A", "correct", when=first_due)
    second = store.cards("ann")["q1"]
    assert second["due"] - first_due > first_due - t0  # intervals grow
    store.record("ann", "q1", 1, "Programming", "B", "incorrect", when=second["due"])
    reset = store.cards("ann")["q1"]
    assert reset["due"] - second["due"] < timedelta(hours=1)  # back to a short relearning step
    assert reset["stability"] < second["stability"]
    assert [q for q, _ in store.due("ann", reset["due"] + timedelta(seconds=1))] == ["q1"]


def test_progress_survives_a_restart_and_learners_are_separate(progress_url):
    url = progress_url
    first = ProgressStore(url)
    first.record("ann", "q1", 2, "Algorithms", "x", "correct")
    first.record("bob", "q2", 1, "Programming", "y", "incorrect")
    first.engine.dispose()
    again = ProgressStore(url)
    assert [a.question_id for a in again.attempts("ann")] == ["q1"]
    assert [a.verdict for a in again.attempts("bob")] == ["incorrect"]
    assert set(again.learners()) == {"ann", "bob"}


def test_mastery_weighs_recent_attempts_most(store):
    for verdict in ["incorrect", "incorrect", "correct", "correct"]:
        store.record("ann", "q", 1, "Programming", "", verdict)
    attempts = store.attempts("ann")
    value = mastery(attempts)["Programming"]
    assert value == pytest.approx((1 + 0.7) / (1 + 0.7 + 0.49 + 0.343))
    assert [round(r["mastery"], 6) for r in mastery_over_time(attempts)][-1] == round(value, 6)


def test_quiz_service_records_each_answer_with_its_session(corpus, store):
    service = QuizService(corpus, store, embed=None, rng=random.Random(3))
    quiz = service.start("ann", n=4, stage=2)
    assert {service.stage_of[q.item_id] for q in quiz.questions} == {2}
    choice = next(q for q in quiz.questions if q.type != "short_answer")
    feedback = service.answer(quiz, choice, "true" if choice.type == "true_false" else choice.answer)
    assert feedback.verdict == "correct" and feedback.citations[0]["heading"] == choice.heading
    assert "See “" in feedback.feedback
    assert [a.question_id for a in store.attempts("ann")] == [choice.id]
    shown = public_question(choice, corpus)
    assert "answer" not in shown and "explanation" not in shown and shown["stage"] == 2


def test_due_scope_serves_only_due_questions(corpus, store):
    service = QuizService(corpus, store, embed=None, rng=random.Random(0))
    q = corpus.questions[0]
    store.record("ann", q.id, 1, "x", "", "incorrect")
    later = datetime.now(UTC) + timedelta(days=1)
    assert [x.id for x in service.start("ann", n=5, due=True, now=later).questions] == [q.id]


def test_an_answer_over_the_limit_is_graded_cut_with_a_notice_and_an_empty_one_is_refused(tmp_path):
    from langchain_core.embeddings import DeterministicFakeEmbedding

    from app.core.corpus import load_corpus
    from app.core.settings import Settings
    from app.learning.progress import ProgressStore
    from app.learning.quiz import QuizService

    corpus = load_corpus(Settings().corpus_dir)
    store = ProgressStore(f"sqlite:///{tmp_path / 'p.db'}")
    quiz = QuizService(corpus, store, DeterministicFakeEmbedding(size=16).embed_documents, max_answer_chars=100)
    question = next(q for q in corpus.questions if q.type == "short_answer")
    feedback = quiz.answer("ana", question, "bias " * 250_000)
    assert feedback.feedback.startswith("(Your answer has 1,250,000 characters; I graded its first 100.)")
    assert len(store.attempts("ana")[0].answer) == 100
    with pytest.raises(ValueError, match="empty answer"):
        quiz.answer("ana", question, "   ")
    assert len(store.attempts("ana")) == 1


def test_feedback_quotes_the_learner_names_what_is_missing_and_says_when_it_is_unsure(corpus, tmp_path):
    from langchain_core.embeddings import DeterministicFakeEmbedding

    from app.learning.grading import Grade

    quiz = QuizService(
        corpus, ProgressStore(f"sqlite:///{tmp_path / 'p.db'}"), DeterministicFakeEmbedding(size=8).embed_documents
    )
    q = next(q for q in corpus.questions if q.type == "short_answer" and len(q.key_points) >= 2)
    first, second = q.key_points[0], q.key_points[1]
    detail = [{"key_point": first, "covered": True, "clause": "my own words for it."},
              {"key_point": second, "covered": False, "clause": ""}]  # fmt: skip
    partial = quiz._feedback(q, Grade("partially_correct", [first], [second], detail))
    assert partial.startswith(f"Partly right. You have “my own words for it” ({first.replace(' | ', ' or ')}).")
    assert f"Still missing: {second.replace(' | ', ' or ')}." in partial and q.heading in partial
    unsure = quiz._feedback(q, Grade("partially_correct", [first], [second], detail, unsure=True))
    assert "cannot place your answer with confidence" in unsure and q.key_text.rstrip(".") in unsure
    against = [{"clause": "loc selects by position.", "reason": "pairs"}]
    wrong = quiz._feedback(q, Grade("incorrect", [], [first, second], detail, against))
    assert wrong.startswith("Not quite: “loc selects by position” says the opposite of the key.")


def test_a_swap_of_the_banks_roles_is_graded_incorrect_and_the_feedback_quotes_it(corpus, tmp_path):
    """s1-large-datasets-q11 says which transformations are narrow and which wide: an answer that
    trades them is wrong whatever the trees make of its key words, and the feedback quotes the
    clause; the same words the right way round are not flagged."""
    from langchain_core.embeddings import DeterministicFakeEmbedding

    quiz = QuizService(
        corpus, ProgressStore(f"sqlite:///{tmp_path / 'p.db'}"), DeterministicFakeEmbedding(size=8).embed_documents
    )
    q = next(q for q in corpus.questions if q.id == "s1-large-datasets-q11")
    assert q.roles, "the bank question lost its role constraints"
    swapped = (
        "Narrow transformations such as groupBy and join need a shuffle, while wide ones such as filter and"
        " select keep the data where it is."
    )
    feedback = quiz.grade(q, swapped)
    assert feedback.verdict == "incorrect"
    assert feedback.feedback.startswith(
        "Not quite: “Narrow transformations such as groupBy and join need a shuffle” swaps who does what."
    )
    right = quiz.grade(
        q,
        "Narrow transformations such as filter and select need no shuffle, while wide ones such as groupBy and"
        " join need a shuffle.",
    )
    assert "swaps who does what" not in right.feedback

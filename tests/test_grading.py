"""Short-answer grading and generated-question verification with the real embedding model."""

from __future__ import annotations

import json

import pytest

from app.core.corpus import load_corpus
from app.learning.grading import grade_short_answer
from app.learning.question_gen import Draft, draft_question, verify
from evals.train_grader import scores
from tests.conftest import REPO
from tests.test_grading_rules import CASES

pytestmark = pytest.mark.slow

PASSAGE = (
    "Precision is TP / (TP + FP): of the cases the model flagged as positive, the fraction that really are "
    "positive. Recall is TP / (TP + FN): of the truly positive cases, the fraction the model found. "
    "Accuracy is misleading on imbalanced data because always predicting the majority class scores high."
)


@pytest.fixture(scope="module")
def embed(real_embeddings):
    return real_embeddings.embed_documents


def test_every_model_answer_in_the_bank_grades_correct(embed):
    corpus = load_corpus(REPO / "corpus")
    failing = [
        q.id
        for q in corpus.questions
        if q.type == "short_answer"
        and grade_short_answer(q.key_points, q.answer, embed, reference=q.answer, question=q.question).verdict
        != "correct"
    ]
    assert failing == []


def test_agreement_with_teacher_labels_the_trees_were_not_trained_on(embed):
    """evals/datasets/grading.jsonl: 96 answers labelled by a teacher, written apart from the two
    training sets (grading-kinds*.jsonl); `python -m evals.train_grader` prints the same figures."""
    rows = [json.loads(line) for line in (REPO / "evals" / "datasets" / "grading.jsonl").read_text().splitlines()]
    assert len(rows) >= 60
    verdicts = [
        grade_short_answer(
            r["key_points"], r["student_answer"], embed, reference=r["reference_answer"], question=r["question"]
        ).verdict
        for r in rows
    ]
    s = scores([r["label"] for r in rows], verdicts)
    print(f"\ngrader on {len(rows)} teacher labels: {s}")
    # regression gates under the level measured for the shipped trees (0.885 / 0.0 / 0.844)
    assert s["agreement"] >= 0.86 and s["false_accept"] <= 0.04 and s["correct_credited"] >= 0.8


@pytest.mark.parametrize(("reference", "points", "right", "swapped"), CASES)
def test_hand_made_role_swaps_are_incorrect_and_the_right_answers_are_not(embed, reference, points, right, swapped):
    bad = grade_short_answer(points, swapped, embed, reference=reference)
    assert bad.verdict == "incorrect" and bad.contradicted, bad
    good = grade_short_answer(points, right, embed, reference=reference)
    assert good.verdict != "incorrect" and not good.contradicted, good


@pytest.mark.parametrize(
    "answer",
    [
        "A learning rate that is too large never overshoots or diverges.",
        "A large rate never overshoots or diverges; a small rate never converges slowly.",
    ],
)
def test_hand_made_negations_are_incorrect(embed, answer):
    reference = "A learning rate that is too large overshoots the minimum or diverges; too small converges slowly."
    points = ["too large overshoots or diverges", "too small converges very slowly"]
    assert grade_short_answer(points, answer, embed, reference=reference).verdict == "incorrect"


def test_the_key_in_other_words_is_credited(embed):
    reference = "A learning rate that is too large overshoots the minimum or diverges; too small converges slowly."
    points = ["too large overshoots or diverges", "too small converges very slowly"]
    good = grade_short_answer(
        points, "Too large a rate overshoots and diverges; too small converges very slowly.", embed, reference=reference
    )
    assert good.verdict == "correct", good


@pytest.mark.parametrize(
    ("qid", "terse", "twins"),
    [
        (
            "s3-q-learning-q09",
            "targets from a frozen copy, synced every C steps, so they don't move every update; training more stable",
            ["targets from the online net, so they move every update; training less stable",
             "online net from a frozen copy; targets move every update so training more stable"],
        ),
        (
            "s1-calculus-q10",
            "too big: overshoots, may diverge; too small: converges very slowly",
            ["too big: never overshoots or diverges; too small: converges quickly"],
        ),
        (
            "s1-calculus-q11",
            "could be a saddle point or a max; even a min may be only local, not global",
            ["can't be a saddle point or a max; a min is always the global one"],
        ),
    ],
)  # fmt: skip
def test_hand_made_terse_notes_are_credited_and_their_negated_or_swapped_twins_are_not(embed, qid, terse, twins):
    """Written for this test, not from a labelled set: notes that pack the key points into a few
    clauses with "don't" / "not", and their twins that negate or swap them. (Known gap: a swap of
    "too big" and "too small" on s1-calculus-q10, a question without role constraints, is still
    credited; so is a shuffle of s1-calculus-q11's terms.)"""
    q = next(q for q in load_corpus(REPO / "corpus").questions if q.id == qid)

    def grade(answer):
        roles = [r.model_dump() for r in q.roles or []] or None
        return grade_short_answer(
            q.key_points, answer, embed, reference=q.answer, question=q.question, roles=roles, order=q.order,
            exact=q.exact,
        )  # fmt: skip

    assert grade(terse).verdict == "correct"
    for twin in twins:
        assert grade(twin).verdict != "correct", twin


def test_a_paraphrase_the_pairing_test_flags_is_not_graded_incorrect_where_its_roles_are_bound(embed):
    """Written for this test: "run every configuration with several seeds" pairs two words the key
    keeps in separate clauses, which the contradiction rules' pairing test reads as a swap; the
    question's role constraints bind its roles, so the trees decide (and the swap stays incorrect)."""
    q = next(q for q in load_corpus(REPO / "corpus").questions if q.id == "s4-experiment-tracking-q10")
    roles = [r.model_dump() for r in q.roles]

    def grade(answer):
        return grade_short_answer(q.key_points, answer, embed, reference=q.answer, question=q.question, roles=roles)

    good = grade("The top run may just be a lucky seed. Run every configuration with several seeds and compare the "
                 "average score and how much it varies.")  # fmt: skip
    assert good.verdict != "incorrect" and not good.contradicted, good
    bad = grade("The average over several seeds is noisy luck; the single top run is the reliable, stable number.")
    assert bad.verdict == "incorrect" and bad.contradicted, bad


GOOD = Draft(
    "What does recall measure?",
    [
        "The fraction of truly positive cases the model found",
        "The fraction of all predictions that are correct",
        "The average squared error of predictions",
        "The number of features used by the model",
    ],
    0,
    "Recall is TP / (TP + FN).",
)


def test_verification_accepts_a_sound_question(embed):
    assert verify(GOOD, "s2-metrics", "Key definitions", PASSAGE, [], embed) == []


@pytest.mark.parametrize(
    ("draft", "reason"),
    [
        (Draft(GOOD.question, GOOD.options, 2, ""), "key not supported"),  # wrong key
        (Draft(GOOD.question, [GOOD.options[0]] * 2 + GOOD.options[2:], 0, "x"), "schema"),  # duplicate options
        (
            Draft(
                "What does recall measure?",
                [
                    "The number of GPUs needed for training",
                    "The fraction of all predictions that are correct",
                    "The learning rate schedule",
                    "The depth of the decision tree",
                ],
                0,
                "x",
            ),
            "key not supported",
        ),  # unsupported key
        (
            Draft(
                GOOD.question,
                [
                    "The fraction of truly positive cases the model found",
                    "Of the cases the model flagged as positive, the fraction that really are positive",
                    "The average squared error",
                    "The tree depth",
                ],
                0,
                "x",
            ),
            "distractor 2 is supported",
        ),  # a distractor that is also true
        (Draft(GOOD.question, GOOD.options[:3] + ["None of the above"], 0, "x"), "none of the above"),
    ],
)
def test_verification_rejects_planted_bad_questions(embed, draft, reason):
    reasons = verify(draft, "s2-metrics", "Key definitions", PASSAGE, [], embed)
    assert any(reason in r for r in reasons), reasons


def test_verification_rejects_a_near_duplicate_of_the_bank(embed):
    reasons = verify(GOOD, "s2-metrics", "Key definitions", PASSAGE, ["What does recall measure exactly?"], embed)
    assert any("near-duplicate" in r for r in reasons)


@pytest.mark.llm
def test_the_real_model_drafts_schema_valid_json(real_llm):
    draft = draft_question(real_llm, PASSAGE)
    assert draft.question and len(draft.options) == 4 and 0 <= draft.answer_index <= 3

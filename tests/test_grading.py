"""Short-answer grading and generated-question verification with the real embedding model."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from app.core.corpus import load_corpus
from app.learning.grading import grade_short_answer
from app.learning.question_gen import Draft, draft_question, verify
from tests.conftest import REPO

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
        and grade_short_answer(q.key_points, q.answer, embed, reference=q.answer).verdict != "correct"
    ]
    assert failing == []


def test_agreement_with_teacher_labels(embed):
    rows = [json.loads(line) for line in (REPO / "evals" / "datasets" / "grading.jsonl").read_text().splitlines()]
    assert len(rows) >= 60
    confusion = Counter(
        (
            r["label"],
            grade_short_answer(r["key_points"], r["student_answer"], embed, reference=r["reference_answer"]).verdict,
        )
        for r in rows
    )
    agreement = sum(n for (label, verdict), n in confusion.items() if label == verdict) / len(rows)
    wrong = sum(n for (label, _), n in confusion.items() if label == "incorrect")
    false_accept = confusion[("incorrect", "correct")] / wrong
    print(
        f"\ngrader agreement {agreement:.3f} on {len(rows)} labelled answers; "
        f"incorrect graded correct {false_accept:.3f}; confusion {dict(confusion)}"
    )
    # a regression gate at the level measured when the grader was tuned (0.53 / 0.125), not a goal
    assert agreement >= 0.5 and false_accept <= 0.15


def test_agreement_on_answers_to_every_short_answer_question_written_outside_the_tuning(embed):
    """evals/datasets/grading-heldout.jsonl: 7 answers per short-answer question of the bank (96 x 7),
    one of each kind (paraphrase, terse, partial, wrong, role-swapped, negated, off-topic), written
    and labelled by a helper who had not seen the grader; no threshold was tuned on it."""
    rows = [json.loads(x) for x in (REPO / "evals" / "datasets" / "grading-heldout.jsonl").read_text().splitlines()]
    assert len(rows) == 672
    verdicts = [
        grade_short_answer(r["key_points"], r["student_answer"], embed, reference=r["reference_answer"]).verdict
        for r in rows
    ]
    confusion = Counter((r["label"], v) for r, v in zip(rows, verdicts, strict=True))
    by_kind = Counter(r["kind"] for r in rows)
    right = Counter(r["kind"] for r, v in zip(rows, verdicts, strict=True) if v == r["label"])
    agreement = sum(n for (label, verdict), n in confusion.items() if label == verdict) / len(rows)
    false_accept = confusion[("incorrect", "correct")] / sum(
        n for (lab, _), n in confusion.items() if lab == "incorrect"
    )
    credited = confusion[("correct", "correct")] / sum(n for (lab, _), n in confusion.items() if lab == "correct")
    print(
        f"\nheld-out grading: agreement {agreement:.3f}, wrong accepted as correct {false_accept:.3f}, "
        f"correct credited {credited:.3f}; right per kind "
        + ", ".join(f"{k} {right[k]}/{by_kind[k]}" for k in sorted(by_kind))
    )
    # regression gates at the measured level (0.549 / 0.159 / swapped 24 of 96), not the goals
    assert agreement >= 0.52 and false_accept <= 0.18 and right["swapped"] >= 20 and right["negated"] >= 45


def test_negated_restatement_is_not_credited(embed):
    points = ["too large overshoots or diverges", "too small converges very slowly"]
    good = grade_short_answer(
        points, "Too large a rate overshoots and diverges; too small converges very slowly.", embed
    )
    bad = grade_short_answer(
        points, "A large rate never overshoots or diverges; a small rate never converges slowly.", embed
    )
    assert good.verdict == "correct" and bad.verdict == "incorrect"


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

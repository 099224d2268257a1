"""Two calculators called directly on the normalized question as `work` would: what a 2 x 2 matrix does to
areas (`determinant_area`, maths, not yet registered) and LoRA's merge worked by hand (`lora`, deep, extended).
Every figure was computed by hand in the comment beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.deep import lora
from app.answering.compute.maths import determinant_area
from app.answering.compute.parse import normalize
from tests.compute_checks import cited_document, text_of

# --- determinant_area (s1-linear-algebra) ------------------------------------------------------------

AREA_QUESTION = (
    "Geometry question. I apply A = [[3, 1], [1, -1]] to 2-D points. A square of side 2 in the input - what area "
    "does it have after A, and does A flip it? Then for B = [[2, 4], [1, 2]], what happens to that square, and can "
    "I invert B to recover the original points?"
)


def test_determinant_area_answers_the_learners_question():
    worked = determinant_area(normalize(AREA_QUESTION))
    text = text_of(worked)
    assert worked.kind == "determinant_area" and worked.source_id == "s1-linear-algebra"
    assert re.search(worked.cue, cited_document(worked))
    assert "square of side 2: area 2 × 2 = 4" in text
    # det A = 3 x (-1) - 1 x 1 = -4: areas x 4, 4 -> 16, flipped
    assert "det A = 3 × (-1) - 1 × 1 = -4" in text
    assert "A scales every area by |det A| = 4: the shape's area 4 becomes 4 × 4 = 16" in text
    assert "det A < 0: A also flips orientation" in text
    # det B = 2 x 2 - 4 x 1 = 0; column 2 [4, 2] = 2 x column 1 [2, 1]
    assert "det B = 2 × 2 - 4 × 1 = 0" in text
    assert "column 2 [4, 2] = 2 × column 1 [2, 1]" in text
    assert "onto the line through [2, 1] (rank 1)" in text
    assert "the shape's area 4 becomes 0" in text
    assert "B [2, 0] = [4, 2] and B [0, 1] = [4, 2]" in text
    assert "LinAlgError: Singular matrix" in worked.note
    assert "A^-1" not in text  # the inverse is asked of B only


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # det = 2 x 3 - 0 x 0 = 6; unit square 1 -> 6; keeps orientation
        (
            "What does the determinant of M = [[2, 0], [0, 3]] do to a unit square? Does it flip orientation?",
            ["det M = 2 × 3 - 0 × 0 = 6", "area 1 becomes 1 × 6 = 6", "M keeps orientation"],
        ),
        # det = 1 x 4 - 2 x 3 = -2; area 5 -> 10; flipped
        (
            "I transform the plane with [[1, 2], [3, 4]]. A triangle with area 5 - what is its new area, and is it "
            "flipped?",
            ["det A = 1 × 4 - 2 × 3 = -2", "area 5 becomes 5 × 2 = 10", "A also flips orientation"],
        ),
        # swap matrix: det = 0 x 0 - 1 x 1 = -1; a 2 by 3 rectangle keeps area 6, flipped; inverse = itself
        (
            "Apply D = [[0, 1], [1, 0]] to a 2 by 3 rectangle: its area afterwards, does it get mirrored, and is D "
            "invertible?",
            ["det D = 0 × 0 - 1 × 1 = -1", "area 6 becomes 6 × 1 = 6", "flips orientation", "= [[0, 1], [1, 0]]"],
        ),
        # det = 1 x 4 - 2 x 2 = 0; column 2 [2, 4] = 2 x column 1 [1, 2]; C[2, 0] = C[0, 1] = [2, 4]
        (
            "Does C = [[1, 2], [2, 4]] squash the plane? Can I invert it?",
            ["det C = 1 × 4 - 2 × 2 = 0", "column 2 [2, 4] = 2 × column 1 [1, 2]", "C [2, 0] = [2, 4] and C [0, 1]"],
        ),
    ],
)
def test_determinant_area_reads_other_phrasings(question, expected):
    worked = determinant_area(normalize(question))
    text = text_of(worked)
    for part in expected:
        assert part in text
    assert re.search(worked.cue, cited_document(worked))


@pytest.mark.parametrize(
    "question",
    [
        # a confusion matrix and the area under the ROC curve: not a map of the plane
        "My confusion matrix is [[50, 10], [5, 35]]; what is the area under the ROC curve?",
        # no matrix
        "What is the area of a square of side 2, and what is a determinant?",
        # a 3 x 3 matrix: not read
        "What is the determinant of [[1, 2, 3], [4, 5, 6], [7, 8, 10]] and how does it scale volume?",
        # a different method on a 2 x 2 matrix
        "What are the eigenvalues of A = [[2, 1], [1, 2]]?",
        # two matrices, one unnamed: which the question asks of is not clear
        "Apply A = [[1, 2], [3, 4]] and then [[0, 1], [1, 0]] to a unit square: new area?",
    ],
)
def test_determinant_area_computes_nothing_when_unsure(question):
    assert determinant_area(normalize(question)) is None


# --- lora: merging W + (alpha / r) B A (s3-transfer-learning) ------------------------------------------

LORA_QUESTION = (
    "want to see what lora actually does to a weight matrix. toy case: W = [[1, 0, 2], [0, 1, -1]] (2x3), rank "
    "r = 1, B = [[0.5], [-1]], A = [[2, 0, 1]], alpha = 4. what's the merged weight? how many params does the "
    "adapter train here vs W, and for a 2048x2048 layer with r = 8? does merging make inference slower?"
)


def test_lora_merges_the_learners_matrices_and_counts_both_sizes():
    worked = lora(normalize(LORA_QUESTION))
    text = text_of(worked)
    assert worked.kind == "lora" and worked.source_id == "s3-transfer-learning"
    assert re.search(worked.cue, cited_document(worked))
    assert "scale α / r = 4 / 1 = 4" in text
    # BA = [[0.5*2, 0.5*0, 0.5*1], [-1*2, -1*0, -1*1]] = [[1, 0, 0.5], [-2, 0, -1]]
    assert "= [[1, 0, 0.5], [-2, 0, -1]]" in text
    assert "(α / r) BA = 4 × BA = [[4, 0, 2], [-8, 0, -4]]" in text
    assert "= [[5, 0, 4], [-8, 1, -5]]" in text
    # 1 x (2 + 3) = 5 against 6
    assert "1 × (2 + 3) = 5 parameters, against W's 2 × 3 = 6" in text
    # 2048 x 2048 = 4,194,304; 8 x (2048 + 2048) = 32,768 = 0.78%
    assert "2,048 × 2,048 = 4,194,304 parameters" in text
    assert "16,384 + 16,384 = 32,768 parameters" in text
    assert "that is 0.78% of the full matrix" in text
    assert "inference costs nothing extra" in worked.note


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # scale 2 / 1 = 2; BA = [[1, -1], [2, -2]]; update [[2, -2], [4, -4]]; W' = [[4, -1], [4, -1]]; 4 vs 4
        (
            "LoRA merge by hand: W = [[2, 1], [0, 3]], B = [[1], [2]], A = [[1, -1]], rank r = 1, lora_alpha = 2. "
            "merged weights?",
            ["scale α / r = 2 / 1 = 2", "[[2, -2], [4, -4]]", "= [[4, -1], [4, -1]]", "= 4 parameters, against"],
        ),
        # r = 2, scale 1 / 2 = 0.5; BA = [[1, 0], [0, 2], [1, 2]]; W' = [[1.5, 1], [1, 2], [1.5, 2]];
        # 2 x (3 + 2) = 10 vs 6; 4096 x 4096 at rank 16: 16 x 8192 = 131,072 of 16,777,216 = 0.78%
        (
            "LoRA: W = [[1, 1], [1, 1], [1, 1]], B = [[1, 0], [0, 1], [1, 1]], A = [[1, 0], [0, 2]], alpha = 1. "
            "merged W? and the params for a 4096 x 4096 projection at rank 16?",
            [
                "scale α / r = 1 / 2 = 0.5",
                "[[1, 0], [0, 2], [1, 2]]",
                "= [[1.5, 1], [1, 2], [1.5, 2]]",
                "2 × (3 + 2) = 10 parameters, against W's 3 × 2 = 6",
                "65,536 + 65,536 = 131,072 parameters",
            ],
        ),
        # the old reading: a layer size and a rank only
        (
            "LoRA with rank 4 on a weight matrix of shape 512 x 2048: how many params?",
            ["512 × 2,048 = 1,048,576 parameters", "2,048 + 8,192 = 10,240 parameters", "0.98%"],
        ),
    ],
)
def test_lora_reads_other_phrasings(question, expected):
    worked = lora(normalize(question))
    text = text_of(worked)
    for part in expected:
        assert part in text
    assert re.search(worked.cue, cited_document(worked))


@pytest.mark.parametrize(
    "question",
    [
        # no alpha, no layer size
        "LoRA: W = [[1, 0], [0, 1]], B = [[1], [1]], A = [[1, 2]]. what is the merged weight?",
        # B does not fit W (3 rows against 2)
        "LoRA: W = [[1, 0], [0, 1]], B = [[1], [1], [1]], A = [[1, 2]], alpha = 2. merged weight?",
        # the rank written (2) is not B's and A's (1)
        "LoRA with rank r = 2: W = [[1, 0], [0, 1]], B = [[1], [1]], A = [[1, 2]], alpha = 2. merged weight?",
        # not LoRA
        "W = [[1, 0], [0, 1]], B = [[1], [1]], A = [[1, 2]], alpha = 2. what is W + BA?",
        # LoRA with no numbers
        "does merging a LoRA adapter make inference slower?",
    ],
)
def test_lora_computes_nothing_when_unsure(question):
    assert lora(normalize(question)) is None


def test_the_area_reading_stays_out_of_questions_about_the_determinant_itself():
    """Earlier questions that name the determinant for a trace check or a conditioning premise got an unasked
    area block beside the eigen working (blind pairwise, session 34)."""
    from app.answering.compute import work

    for question in (
        "matrix A = [[3, 2], [2, 3]]. what are its eigenvalues and eigenvectors? sanity-check them with the trace "
        "and the determinant",
        "A = [[1, 1], [1, 1.001]] has determinant 0.001, so it is nearly singular and ill-conditioned, right?",
    ):
        assert "determinant_area" not in [w.kind for w in work(question)]

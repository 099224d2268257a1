"""The h32 review (part A): the angle between the negative gradient and the line to the minimum, with the overshoot
of one step (`calculus`, maths); the margin of a confidence interval against the sample size (`margin_scaling`,
h32_a, not yet registered); an XGBoost leaf told by its rows' gradients and Hessians (`leaf_weight`, models); a
fraud model's counts in words with the random-ranking AP and ROC-AUC baselines (`described_counts`, models). Each is
called directly on the normalized question as `work` would; every figure was worked by hand in the comment beside
it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.h32_a import margin_scaling
from app.answering.compute.maths import calculus
from app.answering.compute.models import described_counts, leaf_weight
from app.answering.compute.parse import normalize
from tests.compute_checks import cited_document, text_of


def _cites(worked) -> None:
    assert re.search(worked.cue, cited_document(worked)), (worked.source_id, worked.cue)


# --- the angle between the step and the direction to the minimum (calculus) --------------------------------------

GRADIENT_QUESTION = (
    "gradient descent on f(x, y) = x^2 + 9y^2, I'm at (3, 1). what's the gradient, and what's the angle between the "
    "step direction (negative gradient) and the straight line to the minimum at (0, 0)? also where does one step "
    "with lr 0.1 land me and what's f there?"
)


def test_angle_to_the_minimum_and_the_overshoot_of_one_step():
    worked = calculus(normalize(GRADIENT_QUESTION))
    text = text_of(worked)
    # ∇f = (2x, 18y) = (6, 18); to the minimum (-3, -1); cos = (18 + 18) / (√360 × √10) = 36 / 60 = 0.6, 53.13°
    assert "(6, 18)" in text
    assert "cosine = 36 / (√360 × √10) = 36 / 60 = 0.6" in text
    assert "an angle of 53.1°" in text
    # (3, 1) - 0.1 × (6, 18) = (2.4, -0.8); f = 5.76 + 9 × 0.64 = 11.52; y crossed 0
    assert "the point becomes (2.4, -0.8) and f = 11.52" in text
    assert "y went from 1 to -0.8, past the minimum's y = 0" in text
    assert "from 18 to 11.52" in text
    assert "Hessian" not in text  # nobody asked whether (0, 0) is a minimum
    _cites(worked)


def test_angle_on_another_bowl_with_an_overshoot():
    # ∇ = (2x, 8y) = (4, 8) at (2, 1); to (0, 0): (-2, -1); cos = (8 + 8) / (√80 × √5) = 16 / 20 = 0.8, 36.87°
    # step lr 0.2: (2 - 0.8, 1 - 1.6) = (1.2, -0.6); f = 1.44 + 4 × 0.36 = 2.88
    q = (
        "f(x, y) = x^2 + 4y^2, starting at (2, 1), one gradient descent step with learning rate 0.2. What angle does "
        "the negative gradient make with the direction to the minimum at (0, 0)?"
    )
    worked = calculus(normalize(q))
    text = text_of(worked)
    assert "cosine = 16 / (√80 × √5) = 16 / 20 = 0.8" in text
    assert "an angle of 36.9°" in text
    assert "(1.2, -0.6) and f = 2.88" in text
    assert "y went from 1 to -0.6" in text
    _cites(worked)


def test_angle_without_an_overshoot():
    # ∇ = (8x, 2y) = (8, 4) at (1, 2); to (0, 0): (-1, -2); cos = (8 + 8) / (√80 × √5) = 0.8
    # step lr 0.1: (1 - 0.8, 2 - 0.4) = (0.2, 1.6); f = 4 × 0.04 + 2.56 = 2.72: nothing crosses 0
    q = (
        "gradient descent on f(x, y) = 4x^2 + y^2 at (1, 2) with lr 0.1: the angle between the step and the line to "
        "the minimum at (0, 0), and one step?"
    )
    worked = calculus(normalize(q))
    text = text_of(worked)
    assert "= 16 / 20 = 0.8" in text
    assert "(0.2, 1.6) and f = 2.72" in text
    assert "overshot" not in text


@pytest.mark.parametrize(
    "question",
    [
        # no angle asked: the plain step, citing the worked descent
        "gradient descent on f(x, y) = x^2 + 9y^2 at (3, 1) with lr 0.1: where does one step land?",
        # an angle asked but no point to aim at
        "gradient descent on f(x, y) = x^2 + 9y^2 at (3, 1) with lr 0.1: what angle does the step make?",
    ],
)
def test_no_angle_without_a_named_minimum(question):
    worked = calculus(normalize(question))
    text = text_of(worked)
    assert "cosine" not in text and "overshot" not in text
    assert worked.cue == r"Gradient descent by hand"


def test_no_overshoot_claim_when_the_point_is_not_a_minimum():
    # x^2 - y^2 has a saddle at (0, 0): the angle is shown, the "overshoot past the minimum" is not
    q = (
        "gradient descent on f(x, y) = x^2 - y^2 at (1, 1) with lr 0.1: the angle between the step and the line to "
        "the minimum at (0, 0)?"
    )
    text = text_of(calculus(normalize(q)))
    assert "overshot" not in text


# --- the margin of a confidence interval and the sample size (margin_scaling) ------------------------------------

MARGIN_QUESTION = (
    "survey of 300 users gave a 95% CI for the satisfaction rate of about ±4 percentage points. management wants ±1 "
    "point. how many users do we need? and what would the margin be if we just doubled to 600?"
)


def test_margin_needs_sixteen_times_the_users_and_doubling_divides_by_root_two():
    worked = margin_scaling(normalize(MARGIN_QUESTION))
    text = text_of(worked)
    # 4 / 1 = 4, 4² = 16, 300 × 16 = 4,800; 600 / 300 = 2, 4 / √2 = 2.8284
    assert "4 / 1 = 4 times narrower, so n must grow by 4² = 16: 300 × 16 = 4,800" in text
    assert "±4 / 1.4142 = ±2.8284" in text
    assert worked.kind == "margin_scaling"
    _cites(worked)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 3 / 2 = 1.5, 1.5² = 2.25, 1,000 × 2.25 = 2,250
        (
            "Our poll of 1,000 voters has a margin of error of 3 points. How many voters do we need for a margin of "
            "error of 2 points?",
            "1,000 × 2.25 = 2,250",
        ),
        # 4 × 400 = 1,600; 5 / √4 = 2.5
        (
            "With n = 400 the 95% confidence interval is ±5%. What is the margin if we quadruple the sample?",
            "±5 / 2 = ±2.5",
        ),
        # 1,000 / 250 = 4; 6 / 2 = 3
        (
            "A sample of 250 respondents gives a CI of ±6 points; if we increase to 1,000 respondents, what's the "
            "margin?",
            "1,000 / 250 = 4 times the data divides the margin by √4 = 2: ±6 / 2 = ±3",
        ),
        # 2 / 0.5 = 4, 16 × 120 = 1,920
        (
            "120 customers gave a confidence interval of +/- 2 points, we need +/- 0.5. how many customers are "
            "required?",
            "120 × 16 = 1,920",
        ),
    ],
)
def test_margin_other_phrasings(question, expected):
    worked = margin_scaling(normalize(question))
    assert expected in text_of(worked)
    _cites(worked)


@pytest.mark.parametrize(
    "question",
    [
        "survey of 300 users gave a 95% CI of ±4 points. what does it mean?",  # nothing to scale to
        "survey of 300 users gave a 95% CI of ±4 points; how many users for a 99% CI of ±1?",  # z changes too
        "A/B test: baseline 10%, MDE ±1 point, power 80%: how many users per arm?",  # the power formula
        "how does the margin of a confidence interval change with sample size?",  # no numbers
        "300 users gave a CI of ±4 points; if we doubled to 500 users, what's the margin?",  # 2 × 300 is not 500
    ],
)
def test_margin_computes_nothing(question):
    assert margin_scaling(normalize(question)) is None


# --- an XGBoost leaf told by its rows' gradients and Hessians (leaf_weight) --------------------------------------

LEAF_QUESTION = (
    "trying to understand XGBoost's leaf values. four rows land in one leaf, their gradients are -2, -5, 1 and -4 and "
    "every hessian is 1. what's the optimal leaf weight with lambda = 1? and with lambda = 0 or lambda = 6?"
)


def test_leaf_weight_from_row_gradients():
    worked = leaf_weight(normalize(LEAF_QUESTION))
    text = text_of(worked)
    # G = -2 - 5 + 1 - 4 = -10, H = 4; w* = 10 / 5 = 2, 10 / 4 = 2.5, 10 / 10 = 1
    assert "G = sum of the gradients = -2 - 5 + 1 - 4 = -10" in text
    assert "H = sum of the Hessians = 1 + 1 + 1 + 1 = 4" in text
    assert "λ = 1: w* = -G / (H + λ) = 10 / (4 + 1) = 2" in text
    assert "λ = 0: w* = -G / (H + λ) = 10 / (4 + 0) = 2.5" in text
    assert "λ = 6: w* = -G / (H + λ) = 10 / (4 + 6) = 1" in text
    _cites(worked)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # G = 0.5 - 1.5 - 2 = -3, H = 0.25 + 0.5 + 0.25 = 1; w* = 3 / (1 + 2) = 1
        (
            "XGBoost leaf with three rows: gradients = 0.5, -1.5, -2, hessians = 0.25, 0.5, 0.25. leaf weight for "
            "lambda = 2?",
            "3 / (1 + 2) = 1",
        ),
        # G = 3 + 1 = 4, H = 2 × 2 = 4; w* = -4 / (4 + 4) = -0.5
        (
            "two rows in an xgboost leaf have gradients 3 and 1, each hessian is 2; optimal leaf value with λ = 4?",
            "-4 / (4 + 4) = -0.5",
        ),
    ],
)
def test_leaf_weight_other_phrasings(question, expected):
    worked = leaf_weight(normalize(question))
    assert expected in text_of(worked)
    _cites(worked)


@pytest.mark.parametrize(
    "question",
    [
        "XGBoost leaf: gradients are -2, -5, 1 and -4, every hessian is 1. optimal leaf weight?",  # no λ
        "XGBoost leaf: gradients are -2, -5, 1 and -4, hessians are 1, 1, 1. weight with lambda = 1?",  # 3 for 4 rows
        "XGBoost leaf: gradients are -2, -5, 1 and -4. weight with lambda = 1?",  # no Hessians
        "the gradients are -2, -5, 1 and -4 and every hessian is 1; lambda = 1 for the ridge term?",  # not a leaf
    ],
)
def test_leaf_weight_computes_nothing(question):
    assert leaf_weight(normalize(question)) is None


# --- counts in words with the random-ranking baselines (described_counts) ----------------------------------------

FRAUD_QUESTION = (
    "fraud model on 10,000 transactions, 50 are fraud. it flags 80, of which 40 are real fraud. precision, recall, "
    "F1, FPR? and what AP and ROC-AUC would a random-ranking model get on this data, to compare against?"
)


def test_fraud_counts_and_random_baselines():
    worked = described_counts(normalize(FRAUD_QUESTION))
    text = text_of(worked)
    # TP 40, FP 40, FN 10, TN 9,910; P 0.5, R 0.8, F1 80 / 130 = 0.6154; FPR 40 / 9,950 = 0.00402; AP ≈ 0.005
    assert "TP = 40" in text and "FP = 80 - 40 = 40" in text and "FN = 50 - 40 = 10" in text and "= 9,910" in text
    assert "Precision = 40 / 80 = 0.5; recall = 40 / 50 = 0.8" in text
    assert "= 80 / 130 = 0.6154" in text
    assert "40 / 9,950 = 0.00402" in text
    assert "50 / 10,000 = 0.005" in text and "ROC-AUC is 0.5" in text
    _cites(worked)


def test_other_counts_with_random_baselines():
    # TP 30, FP 90, FN 10, TN 1,870: P 0.25, R 0.75, F1 60 / 160 = 0.375; random AP 40 / 2,000 = 0.02
    q = (
        "2,000 emails, 40 are spam. the filter flagged 120, of which 30 were spam. precision and recall, and what "
        "average precision would random ranking give? what about ROC AUC?"
    )
    text = text_of(worked := described_counts(normalize(q)))
    assert "Precision = 30 / 120 = 0.25; recall = 30 / 40 = 0.75" in text
    assert "60 / 160 = 0.375" in text
    assert "40 / 2,000 = 0.02" in text
    _cites(worked)


@pytest.mark.parametrize(
    "question",
    [
        "fraud model on 10,000 transactions, 50 are fraud. it flags 80. precision and recall?",  # hits unknown
        "fraud model on 10,000 transactions. it flags 80, of which 40 are real fraud. precision?",  # positives unknown
        "what AP and ROC-AUC does a random-ranking model get?",  # no numbers
    ],
)
def test_counts_compute_nothing(question):
    assert described_counts(normalize(question)) is None


def test_no_baseline_unless_asked():
    q = "fraud model on 10,000 transactions, 50 are fraud. it flags 80, of which 40 are real fraud. precision?"
    worked = described_counts(normalize(q))
    assert "random" not in text_of(worked)
    assert worked.cue == r"\*\*Precision\*\* = TP"

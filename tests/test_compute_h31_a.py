"""Calculators from the h31 blind review (group A), called directly on the normalized question as `work` would:
churn features counted from a snapshot date, ARIMA(1,1,0) with a constant beside the same model without one, one
ALS half-step for a user factor (h31_a), and Cohen's kappa from a 2x2 table of two raters' counts (`rater_kappa`
in sweep_b). Every figure was worked by hand in the comment beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.h31_a import als_user_step, arima_constant, snapshot_features
from app.answering.compute.parse import Worked, normalize
from app.answering.compute.sweep_b import rater_kappa
from tests.compute_checks import cited_document, text_of


def _cites(worked: Worked | None, kind: str) -> str:
    assert worked is not None and worked.kind == kind
    assert re.search(worked.cue, cited_document(worked))
    return text_of(worked)


# --- snapshot-date features (c-date-time-features) ------------------------------------------------------------

SNAPSHOT_QUESTION = (
    "building churn features as of a snapshot date of 2025-06-01 (label = churned during the following month). one "
    "customer signed up 2024-11-15 and ordered on 2025-04-03, 2025-05-20 and 2025-06-09. what should tenure_days and "
    "days_since_last_order be? my current code does (pd.Timestamp.now() - last_order).days with last_order = max over "
    "all of their orders, and I'm running it today, 2025-09-15 - what does that give, and is it a problem?"
)


def test_snapshot_features_count_from_the_snapshot_and_flag_the_later_order():
    text = _cites(snapshot_features(normalize(SNAPSHOT_QUESTION)), "snapshot_features")
    # 15 days left of November + 31 + 31 + 28 + 31 + 30 + 31 = 197 to May 31, + 1 = 198
    assert "tenure_days = 2025-06-01 - 2024-11-15 = 198 days" in text
    assert "2025-04-03, 2025-05-20 (2 orders); 2025-06-09 is on or after the snapshot and is left out" in text
    # 11 days left of May + 1 = 12
    assert "days_since_last_order = 2025-06-01 - 2025-05-20 = 12 days" in text
    assert "leaks the future" in text and "2025-06-01 - 2025-06-09 = -8 days" in text
    # 21 days left of June + 31 + 31 + 15 = 98
    assert "2025-09-15 - 2025-06-09 = 98 days" in text
    assert "filter ts < snapshot" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # the concept note's own example: 2024-01-15 -> 2025-03-01 is 366 - 14 + 59 = 411 days; 9 days since 02-20;
        # the 03-10 order is after the snapshot, 03-01 - 03-10 = -9
        (
            "churn snapshot 2025-03-01: customer signed up 2024-01-15, ordered on 2025-02-20 and 2025-03-10. "
            "tenure and recency?",
            ["= 411 days", "2025-03-01 - 2025-02-20 = 9 days", "= -9 days"],
        ),
        # month names: Jan 31 + Feb 29 (2024 leap) + 31 + 30 + 31 + 30 = 182; 1 July - 30 June = 1
        (
            "As of a snapshot date of 1 July 2024, a user who joined on 1 January 2024 ordered on 15 June 2024 and "
            "30 June 2024. tenure_days and days since last order?",
            ["2024-07-01 - 2024-01-01 = 182 days", "2024-07-01 - 2024-06-30 = 1 day", "(2 orders)"],
        ),
        # tenure 30; last order before is 12-10: 21 days; 01-05 is after: -5; now 02-01 - 01-05 = 27
        (
            "snapshot 2024-12-31; signed up 2024-12-01; ordered on 2024-12-10, 2025-01-05; running it today, "
            "2025-02-01. what are the features?",
            ["= 30 days", "2024-12-31 - 2024-12-10 = 21 days", "= -5 days", "2025-02-01 - 2025-01-05 = 27 days"],
        ),
    ],
)
def test_snapshot_features_read_other_phrasings(question, expected):
    text = _cites(snapshot_features(normalize(question)), "snapshot_features")
    for figure in expected:
        assert figure in text


@pytest.mark.parametrize(
    "question",
    [
        "customer signed up 2024-11-15 and ordered on 2025-04-03. what's the tenure?",  # no snapshot
        "snapshot date 2025-06-01; the customer ordered on 2025-04-03 and 2025-05-20. tenure_days?",  # no signup
        # a date with no role (the label window's end)
        "snapshot 2025-06-01, label window ends 2025-07-01; signed up 2024-11-15, ordered on 2025-04-03. features?",
        "snapshot 2025-06-01 or snapshot 2025-05-01? signed up 2024-11-15, ordered on 2025-04-03",  # two snapshots
        "why should duration features be computed from the snapshot date?",  # no dates
    ],
)
def test_snapshot_features_compute_nothing_when_unsure(question):
    assert snapshot_features(normalize(question)) is None


# --- ARIMA(1,1,0) with a constant (s3-classical-forecasting) ----------------------------------------------------

ARIMA_QUESTION = (
    "fitted ARIMA(1,1,0) on weekly signups WITH a constant: y'_t = 3 + 0.5·y'_(t-1) + e_t. last two values were 50 "
    "then 52. forecasts for the next 3 weeks? and compare with the same model without the constant "
    "(y'_t = 0.5·y'_(t-1) + e_t) - where does each one head long-term?"
)


def test_arima_constant_forecasts_drift_and_compares_with_no_constant():
    text = _cites(arima_constant(normalize(ARIMA_QUESTION)), "arima_constant")
    assert "last difference: 52 - 50 = 2" in text
    # 3 + 0.5 x 2 = 4 -> 56; 3 + 0.5 x 4 = 5 -> 61; 3 + 0.5 x 5 = 5.5 -> 66.5
    assert "difference 3 + 0.5 × 2 = 4, forecast 56" in text
    assert "difference 3 + 0.5 × 4 = 5, forecast 61" in text
    assert "difference 3 + 0.5 × 5 = 5.5, forecast 66.5" in text
    assert "c / (1 - phi) = 3 / 0.5 = 6" in text and "straight line" in text
    # without: 1, 0.5, 0.25 -> 53, 53.5, 53.75; level 52 + 2 x 0.5 / 0.5 = 54
    assert "differences 1, 0.5, 0.25, forecasts 53, 53.5, 53.75" in text
    assert "levels off at 52 + 2 × 0.5 / (1 - 0.5) = 54" in text


@pytest.mark.parametrize(
    ("question", "expected", "absent"),
    [
        # diff 5; 2 + 0.6 x 5 = 5 -> 110; again 5 -> 115; drift 2 / 0.4 = 5; no comparison asked
        (
            "ARIMA(1,1,0) with drift: y'_t = 2 + 0.6·y'_(t-1) + e_t, y_99 = 100, y_100 = 105. forecast the next "
            "2 steps",
            ["t = 101: difference 2 + 0.6 × 5 = 5, forecast 110", "t = 102: difference", "forecast 115", "= 5, so"],
            "without the constant",
        ),
        # diff 4; 1 - 0.5 x 4 = -1 -> 13; 1 + 0.5 = 1.5 -> 14.5; 1 - 0.75 = 0.25 -> 14.75; drift 1 / 1.5 = 0.6667;
        # without: -2, 1, -0.5 -> 12, 13, 12.5; level 14 + 4 x (-0.5) / 1.5 = 12.6667
        (
            "ARIMA(1,1,0): Δy_t = 1 - 0.5 Δy_(t-1) + e_t. the last two values were 10 and 14. forecasts? and with no "
            "constant?",
            [
                "forecast 13",
                "forecast 14.5",
                "forecast 14.75",
                "= 1 / 1.5 = 0.6667",
                "forecasts 12, 13, 12.5",
                "12.6667",
            ],
            None,
        ),
    ],
)
def test_arima_constant_reads_other_phrasings(question, expected, absent):
    text = _cites(arima_constant(normalize(question)), "arima_constant")
    for figure in expected:
        assert figure in text
    if absent:
        assert absent not in text


@pytest.mark.parametrize(
    "question",
    [
        # no constant: the existing `arima` calculator's case
        "ARIMA(1,1,0) without a constant: y'_t = 0.5·y'_(t-1) + e_t; last two values were 100 and 104. forecasts?",
        "ARIMA(1,1,0) with a constant: y'_t = 3 + 0.5·y'_(t-1) + e_t. forecast the next 3 weeks",  # no last values
        "ARIMA(2,1,0) with y'_t = 3 + 0.5·y'_(t-1) + e_t, last two values 50 and 52",  # another order
        "ARIMA(1,1,0) y'_t = 3 + 1.2·y'_(t-1) + e_t, last two values 50 and 52. forecasts?",  # explosive phi
        "AR(1): y_t = 3 + 0.5 y_(t-1) + e_t with y_100 = 52",  # no differencing
    ],
)
def test_arima_constant_computes_nothing_when_unsure(question):
    assert arima_constant(normalize(question)) is None


# --- one ALS half-step, k = 1 (s5-recommender-systems) ---------------------------------------------------------

ALS_QUESTION = (
    "ALS by hand with k = 1 and no biases (prediction = p_u·q_i). item factors are fixed for this half-step: q_A = 2, "
    "q_B = 1, q_C = 0.5. user u rated A = 4, B = 3, C = 1. minimizing sum of (r - p·q)² + λp² with λ = 0.5 (penalty "
    "counted once), what's p_u? what predictions does it give for A, B, C and for an item D with q_D = 1.5 that u "
    "hasn't rated? and what would p_u be with λ = 0?"
)


def test_als_user_step_solves_the_ridge_closed_form():
    text = _cites(als_user_step(normalize(ALS_QUESTION)), "als_user_step")
    # 8 + 3 + 0.5 = 11.5; 4 + 1 + 0.25 = 5.25; 11.5 / 5.75 = 2
    assert "Σ q_i r_ui = 2 × 4 + 1 × 3 + 0.5 × 1 = 11.5" in text
    assert "Σ q_i² = 2² + 1² + 0.5² = 5.25" in text
    assert "p_u = 11.5 / (5.25 + 0.5) = 11.5 / 5.75 = 2" in text
    assert "A 2 × 2 = 4, B 2 × 1 = 2, C 2 × 0.5 = 1" in text
    assert "unrated: D 2 × 1.5 = 3" in text
    # 11.5 / 5.25 = 2.190476
    assert "with λ = 0: p_u = 11.5 / 5.25 = 2.1905" in text
    assert "parallelizes" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 1 x 2 + 3 x 5 = 17; 1 + 9 = 10; 17 / 11 = 1.54545; predictions 1.5455 and 4.6364
        (
            "one ALS step for a user, k = 1, no biases. fixed item factors q_X = 1, q_Y = 3; the user rated X = 2 and "
            "Y = 5; lambda = 1. what is p_u?",
            ["= 17", "= 10", "p_u = 17 / (10 + 1) = 17 / 11 = 1.5455", "Y 1.5455 × 3 = 4.6364"],
        ),
        # 1 x 3 + 1 x 5 = 8; 1 + 1 = 2; 8 / 4 = 2; unrated C: 2 x 2 = 4
        (
            "alternating least squares with one latent factor: q_A = 1, q_B = 1, q_C = 2. ratings: A: 3, B: 5. "
            "λ = 2. user factor and the prediction for C?",
            ["p_u = 8 / (2 + 2) = 8 / 4 = 2", "unrated: C 2 × 2 = 4"],
        ),
    ],
)
def test_als_user_step_reads_other_phrasings(question, expected):
    text = _cites(als_user_step(normalize(question)), "als_user_step")
    for figure in expected:
        assert figure in text


@pytest.mark.parametrize(
    "question",
    [
        "ALS with user and item biases: q_A = 2, q_B = 1; user rated A = 4, B = 3; λ = 0.5. p_u?",  # biases
        "ALS, k = 1: q_A = 2, q_B = 1; user rated A = 4, B = 3. p_u?",  # no lambda
        "ALS with k = 2: q_A = 2, q_B = 1; user rated A = 4, B = 3; λ = 0.5",  # more factors
        "ALS, k = 1: q_A = 2, q_B = 1; user rated A = 4, E = 3; λ = 0.5",  # a rated item with no factor
        "SGD for matrix factorization: q_A = 2, q_B = 1; user rated A = 4, B = 3; λ = 0.5",  # another optimizer
        "ALS, k = 1: q_A = 2, q_B = 1; user rated A = 4, B = 3; loss with (λ/2)p², λ = 0.5",  # halved penalty
    ],
)
def test_als_user_step_computes_nothing_when_unsure(question):
    assert als_user_step(normalize(question)) is None


# --- Cohen's kappa from a 2x2 table of counts (rater_kappa, c-mcc-kappa) -------------------------------------------

KAPPA_QUESTION = (
    "two of us labelled the same 200 support tickets as urgent / not urgent. I marked 40 urgent, my colleague marked "
    "50; we both said urgent on 30 and both said not urgent on 140. we agree 85% of the time, which sounds great - "
    "what's Cohen's kappa, and how would the usual scale describe it?"
)


def test_rater_kappa_from_a_table_of_counts():
    text = _cites(rater_kappa(normalize(KAPPA_QUESTION)), "rater_kappa")
    assert "observed agreement p_o = (30 + 140) / 200 = 0.85" in text
    assert "40 / 200 = 0.2 and 50 / 200 = 0.25" in text
    # 0.05 + 0.60 = 0.65; 0.20 / 0.35 = 0.5714
    assert "0.2 × 0.25 + 0.8 × 0.75 = 0.05 + 0.6 = 0.65" in text
    assert "(0.85 - 0.65) / (1 - 0.65) = 0.2 / 0.35 = 0.5714" in text
    assert "moderate (0.41-0.60)" in text
    assert "by chance" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # both-no = 100 - 30 - 20 + 15 = 65; p_o = 0.8; p_e = 0.06 + 0.56 = 0.62; 0.18 / 0.38 = 0.47368
        (
            "Two annotators each labelled 100 emails. A said spam on 30, B said spam on 20; both said spam on 15. "
            "Cohen's kappa?",
            ["both said not spam on 65", "p_o = (15 + 65) / 100 = 0.8", "= 0.62", "0.18 / 0.38 = 0.4737", "moderate"],
        ),
        # items = 60 + 45 - 40 + 85 = 150; p_o = 125 / 150 = 0.8333; p_e = 0.12 + 0.42 = 0.54; 0.2933 / 0.46 = 0.6377
        (
            "kappa for two raters: rater A flagged 60 of the images as defective, rater B flagged 45; both flagged "
            "defective on 40 and both said not defective on 85",
            ["(40 + 85) / 150 = 0.8333", "0.4 × 0.3 + 0.6 × 0.7 = 0.12 + 0.42 = 0.54", "= 0.6377", "substantial"],
        ),
    ],
)
def test_rater_kappa_reads_other_tables(question, expected):
    text = _cites(rater_kappa(normalize(question)), "rater_kappa")
    for figure in expected:
        assert figure in text


@pytest.mark.parametrize(
    "question",
    [
        # the four cells add up to 40 + 50 - 30 + 150 = 210, not 200
        "two raters on 200 tickets: I marked 40 urgent, colleague marked 50, both said urgent on 30 and both said "
        "not urgent on 150. kappa?",
        "I marked 40 urgent, my colleague marked 50; both said urgent on 30. Cohen's kappa?",  # no total, no both-no
        "200 tickets; we both said urgent on 30 and both said not urgent on 140. kappa?",  # no rater counts
        # the stated agreement is not the table's 0.85
        "200 tickets: I marked 40 urgent, colleague marked 50; both said urgent on 30, both said not urgent on 140; "
        "we agree 90% of the time. kappa?",
        # "normal" is not read as the opposite of "abnormal"
        "Cohen's kappa? 150 scans; Dr A marked 60 abnormal, Dr B marked 45 abnormal; both said abnormal on 40, both "
        "said normal on 85",
    ],
)
def test_rater_kappa_table_computes_nothing_when_unsure(question):
    assert rater_kappa(normalize(question)) is None

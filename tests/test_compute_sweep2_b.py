"""Calculators of the second stage-2 sweep (`app.answering.compute.sweep2_b`), called directly on the normalized
question as `work` would. Every figure below was computed by hand in the comment beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.parse import Worked, normalize
from app.answering.compute.sweep2_b import cluster_inertia, mape, odds_multiplier, r2_from_rmse, threshold_metrics
from tests.compute_checks import cited_document, text_of


def _cites(worked: Worked | None, kind: str) -> None:
    assert worked is not None and worked.kind == kind
    assert re.search(worked.cue, cited_document(worked))


# --- MAPE ----------------------------------------------------------------------------------------------------


def test_mape_from_actuals_and_forecasts():
    q = "My forecasts were 110, 95, 130 and 80 and the actual sales were 100, 100, 120 and 90. What's the MAPE?"
    worked = mape(normalize(q))
    _cites(worked, "mape")
    text = text_of(worked)
    # 10/100 = 0.1, 5/100 = 0.05, 10/120 = 0.08333, 10/90 = 0.1111; sum 0.3444 / 4 = 0.0861 -> 8.6%
    assert "10 / 120 = 0.08333" in text
    assert "= 0.3444 / 4 = 8.6%" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 2/2 = 1, 5/50 = 0.1, 4/40 = 0.1, 3/60 = 0.05: 1.25 / 4 = 31.3%; point 1 gives 1 / 1.25 = 80%
        (
            "actuals = [2, 50, 40, 60], predictions = [4, 45, 44, 57]. compute MAPE",
            ["1.25 / 4 = 31.3%", "Point 1 (actual 2) alone gives 80% of the total"],
        ),
        # an actual of 0: undefined
        ("y_true [0, 10, 20] and y_pred [1, 9, 22], what is the mean absolute percentage error?", ["undefined"]),
    ],
)
def test_mape_other_phrasings(question, expected):
    worked = mape(normalize(question))
    _cites(worked, "mape")
    for figure in expected:
        assert figure in text_of(worked)


@pytest.mark.parametrize(
    "question",
    [
        "Why does MAPE break when actual values are near zero?",  # no numbers
        "MAPE of 10, 20, 30 and 12, 18, 33?",  # which list is the actuals is not said
        "actuals 10, 20, 30 and forecasts 12, 18, 33: what is the MAE?",  # not MAPE
        "actuals 10, 20, 30 and forecasts 12, 18: MAPE?",  # lengths differ
    ],
)
def test_mape_computes_nothing_when_unsure(question):
    assert mape(normalize(question)) is None


# --- precision, recall and F1 at a threshold ------------------------------------------------------------------


def test_threshold_metrics_from_scores_and_labels():
    q = (
        "I have scores 0.9, 0.8, 0.65, 0.4, 0.3 with labels 1, 0, 1, 1, 0. At a threshold of 0.5 what are "
        "precision, recall and F1?"
    )
    worked = threshold_metrics(normalize(q))
    _cites(worked, "threshold_metrics")
    text = text_of(worked)
    # flagged 0.9 (1), 0.8 (0), 0.65 (1): TP 2, FP 1; 0.4 (1) missed: FN 1; 0.3 (0): TN 1
    assert "TP = 2, FP = 1, FN = 1, TN = 1" in text
    assert "precision = TP / (TP + FP) = 2 / 3 = 0.6667" in text
    assert "recall = TP / (TP + FN) = 2 / 3 = 0.6667" in text
    assert "F1 = 2TP / (2TP + FP + FN) = 4 / 6 = 0.6667" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # > 0.65: 0.95 (1), 0.7 (1) -> TP 2, FP 0; 0.1 (1) missed -> FN 1; 0.55, 0.2, 0.6 (0) -> TN 3
        (
            "predicted probabilities [0.95, 0.7, 0.55, 0.2, 0.1, 0.6], true labels [1, 1, 0, 0, 1, 0], threshold "
            "0.65 -> precision and recall?",
            ["TP = 2, FP = 0, FN = 1, TN = 3", "2 / 2 = 1", "2 / 3 = 0.6667"],
        ),
        # labels first; > 0.3: 0.8 (0), 0.5 (1), 0.35 (1) -> TP 2, FP 1; 0.1 (1) FN 1; 0.2 (0) TN 1
        (
            "labels: 0, 1, 1, 1, 0; model scores: 0.8, 0.5, 0.35, 0.1, 0.2. with a 0.3 cutoff what's the recall?",
            ["TP = 2, FP = 1, FN = 1, TN = 1", "accuracy = (TP + TN) / n = 3 / 5 = 0.6"],
        ),
    ],
)
def test_threshold_metrics_other_phrasings(question, expected):
    worked = threshold_metrics(normalize(question))
    _cites(worked, "threshold_metrics")
    for figure in expected:
        assert figure in text_of(worked)


@pytest.mark.parametrize(
    "question",
    [
        "scores 0.9, 0.5, 0.3 labels 1, 0, 1, threshold 0.5: precision?",  # a score on the threshold
        "scores 0.9, 0.6, 0.3 labels 1, 0, 1: precision and recall?",  # no threshold
        "scores 0.9, 0.6, 0.3 labels 1, 0, 1, thresholds 0.5 and 0.7: precision?",  # two thresholds
        "0.9, 0.6, 0.3 and 1, 0, 1 at threshold 0.5: precision?",  # the lists are not named
        "How does raising the threshold from 0.5 to 0.7 change precision?",  # no data
    ],
)
def test_threshold_metrics_computes_nothing_when_unsure(question):
    assert threshold_metrics(normalize(question)) is None


# --- R-squared from RMSE and the target's standard deviation -------------------------------------------------


def test_r2_from_rmse_and_target_sd():
    q = "My regression model has RMSE 4.2 and the target has standard deviation 6. What's the R²?"
    worked = r2_from_rmse(normalize(q))
    _cites(worked, "r2_from_rmse")
    text = text_of(worked)
    # 4.2² = 17.64; 6² = 36; 17.64 / 36 = 0.49; R² = 0.51
    assert "MSE = RMSE² = 4.2² = 17.64" in text
    assert "R² = 1 - MSE / variance = 1 - 17.64 / 36 = 1 - 0.49 = 0.51" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 100 / 144 = 0.69444 -> 0.3056 (the corpus's "about 0.31 for 12")
        ("RMSE = 10, standard deviation of the target is 12, what R-squared is that?", ["= 1 - 0.6944 = 0.3056"]),
        # MSE 30, variance 25: 1 - 1.2 = -0.2, worse than the mean
        (
            "test MSE is 30 and the variance of the target is 25. what's the R^2?",
            ["1 - 30 / 25 = 1 - 1.2 = -0.2", "worse than always predicting the mean"],
        ),
    ],
)
def test_r2_from_rmse_other_phrasings(question, expected):
    worked = r2_from_rmse(normalize(question))
    _cites(worked, "r2_from_rmse")
    for figure in expected:
        assert figure in text_of(worked)


@pytest.mark.parametrize(
    "question",
    [
        "RMSE is 5 and R² is 0.8, what is the target's standard deviation?",  # R² given
        "RMSE 5, standard deviation of the residuals 4.8: R²?",  # residuals, not the target
        "RMSE 5 on train and RMSE 7 on test, target sd 10: R²?",  # two RMSEs
        "What does R² mean when RMSE is small?",  # no numbers
    ],
)
def test_r2_from_rmse_computes_nothing_when_unsure(question):
    assert r2_from_rmse(normalize(question)) is None


# --- inertia of given clusters --------------------------------------------------------------------------------


def test_cluster_inertia_one_dimensional():
    q = "Cluster 1 has points 1, 2, 3 and cluster 2 has points 8, 10, 12. What is the inertia?"
    worked = cluster_inertia(normalize(q))
    _cites(worked, "cluster_inertia")
    text = text_of(worked)
    # means 2 and 10; squares 1 + 0 + 1 = 2 and 4 + 0 + 4 = 8; total 10
    assert "cluster 1: centroid = mean of 1, 2, 3 = 2; squared distances 1 + 0 + 1 = 2" in text
    assert "inertia J = sum over clusters = 10" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # A: mean (2, 2); 1 + 1, 0 + 1, 1 + 1 -> 1 + 1 + 2 = 4; B: mean (8.5, 9); 0.25 + 1 twice -> 2.5; total 6.5
        (
            "cluster A: [[1, 2], [2, 3], [3, 1]], cluster B: [[8, 8], [9, 10]]. compute the within-cluster sum of "
            "squares",
            ["= (2, 2); squared distances 1 + 1 + 2 = 4", "= (8.5, 9); squared distances 1.25 + 1.25 = 2.5", "= 6.5"],
        ),
        # 1: mean (1.5, 1.5) -> 0.5 + 0.5 = 1; 2: mean (7, 6) -> 2 + 2 + 0 = 4; total 5
        ("cluster 1 = (1, 1), (2, 2) and cluster 2 = (6, 5), (8, 7), (7, 6). inertia?", ["sum over clusters = 5"]),
    ],
)
def test_cluster_inertia_other_phrasings(question, expected):
    worked = cluster_inertia(normalize(question))
    _cites(worked, "cluster_inertia")
    for figure in expected:
        assert figure in text_of(worked)


@pytest.mark.parametrize(
    "question",
    [
        "Why does inertia always decrease as k grows?",  # no clusters
        "cluster 1 has points 1, 2, 3 with centroid 2.5, cluster 2 has 8, 10: inertia?",  # a centroid given
        "inertia for k = 2 is 40 and for k = 3 is 25, where is the elbow?",  # no clusters listed
        "cluster 1 has points 1, 2, 3 and cluster 2 has points [1, 2], [3, 4]. inertia?",  # dimensions differ
    ],
)
def test_cluster_inertia_computes_nothing_when_unsure(question):
    assert cluster_inertia(normalize(question)) is None


# --- odds multiplier of a logistic coefficient ----------------------------------------------------------------


def test_odds_multiplier_for_one_coefficient():
    q = "In my logistic regression the coefficient for age is 0.3. How much do the odds change per year?"
    worked = odds_multiplier(normalize(q))
    _cites(worked, "odds_multiplier")
    # e^0.3 = 1.34986 -> 1.3499, +35%
    assert "age: e^0.3 = 1.3499, so one more unit multiplies the odds by 1.3499 (+35%)" in text_of(worked)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # e^-0.5 = 0.60653 -> 0.6065 (-39.3%); e^0.02 = 1.0202 (+2%)
        (
            "logistic regression: coefficient for income is -0.5 and coefficient for age is 0.02. interpret as odds",
            ["income: e^(-0.5) = 0.6065", "(-39.3%)", "age: e^0.02 = 1.0202"],
        ),
        # e^0.04 = 1.0408; e^0.4 = 1.49182 -> 1.4918
        (
            "In a logistic model age has a coefficient of 0.04; how do the odds change per 10 years?",
            ["e^0.04 = 1.0408", "e^(10 × 0.04) = e^0.4 = 1.4918"],
        ),
    ],
)
def test_odds_multiplier_other_phrasings(question, expected):
    worked = odds_multiplier(normalize(question))
    _cites(worked, "odds_multiplier")
    for figure in expected:
        assert figure in text_of(worked)


@pytest.mark.parametrize(
    "question",
    [
        "In my linear regression the coefficient for age is 0.3. What does it mean?",  # not logistic, no odds
        "Why does a logistic coefficient multiply the odds?",  # no coefficient
        "logistic regression odds: the coefficient for age is 0.3 and the coefficient for age is 0.5?",  # two values
        "logistic regression: the coefficient is 0.3, how do the odds change?",  # no feature named
    ],
)
def test_odds_multiplier_computes_nothing_when_unsure(question):
    assert odds_multiplier(normalize(question)) is None

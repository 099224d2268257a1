"""Session 36 (heldout34), blind set A calculators, called
directly on the normalized question as `work` would: stationary points of a two-variable polynomial
classified by the Hessian, the reading's imputer/scaler/one-hot ColumnTransformer on a tiny table, Pearson and
Spearman for stores described in groups, and a covariance matrix built by the spectral theorem. Every figure
below was worked by hand in the comment beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.h34_a import column_pipeline, grouped_correlation, spectral_covariance, stationary_points
from app.answering.compute.parse import normalize
from tests.compute_checks import cited_document, text_of


def _cites(worked) -> None:
    assert re.search(worked.cue, cited_document(worked))


# --- stationary points ----------------------------------------------------------------------------------

CALCULUS = (
    "hw problem: f(x, y) = x³ − 3x + y². find all the stationary points and classify each one (min / max / saddle). "
    "also i ran gradient descent from (−1, 0.5) with a small learning rate and it converged to (−1, 0) with the "
    "gradient basically 0. what kind of point did it end up at, and why did it get stuck there?"
)


def test_stationary_points_learner_question():
    worked = stationary_points(normalize(CALCULUS))
    text = text_of(worked)
    _cites(worked)
    # grad = (3x^2 - 3, 2y) = 0 at x = ±1, y = 0; Hessian [[6x, 0], [0, 2]]
    assert "(3x^2 - 3, 2y)" in text
    assert "∇f = 0 at (-1, 0) and (1, 0)" in text
    # (-1, 0): eigenvalues -6, 2, saddle, f = -1 + 3 = 2; (1, 0): 6, 2, minimum, f = 1 - 3 = -2
    assert "at (-1, 0): Hessian [[-6, 0], [0, 2]], eigenvalues -6 and 2: a saddle point" in text
    assert "f = 2" in text
    assert "at (1, 0): Hessian [[6, 0], [0, 2]], eigenvalues 6 and 2: a local minimum, f = -2" in text
    assert "the run stopped at (-1, 0), a saddle point" in text
    assert "started on x = -1, where df/dx = 3x^2 - 3 = 0 for every y: descent never changes x" in text
    assert "not proof of a minimum" in worked.note
    assert "unbounded below" in worked.note


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 2x - 2 = 0, 2y = 0 -> (1, 0); Hessian [[2, 0], [0, 2]] minimum; f = 1 - 2 = -1
        (
            "Find the critical points of f(x, y) = x^2 + y^2 - 2x and classify them.",
            ["∇f = 0 at (1, 0)", "eigenvalues 2 and 2: a local minimum, f = -1"],
        ),
        # 3a^2 - 12 = 0 -> a = ±2, b = 0; g_aa = 6a: (-2, 0) -12 and 2 saddle, g = -8 + 24 = 16;
        # (2, 0) 12 and 2 minimum, g = 8 - 24 = -16
        (
            "What are the stationary points of g(a, b) = a^3 - 12a + b^2? Is each a min, max or saddle?",
            [
                "∇g = 0 at (-2, 0) and (2, 0)",
                "at (-2, 0): Hessian [[-12, 0], [0, 2]], eigenvalues -12 and 2: a saddle point",
                "g = 16",
                "eigenvalues 12 and 2: a local minimum, g = -16",
            ],
        ),
        # 2x + y = 0, x - 2y = 0 -> (0, 0); Hessian [[2, 1], [1, -2]]: trace 0, det -5, eigenvalues ±√5 = ±2.2361
        (
            "classify the critical point(s) of f(x, y) = x^2 - y^2 + xy",
            ["∇f = 0 at (0, 0)", "eigenvalues 2.2361 and -2.2361: a saddle point"],
        ),
    ],
)
def test_stationary_points_other_phrasings(question, expected):
    worked = stationary_points(normalize(question))
    text = text_of(worked)
    _cites(worked)
    for piece in expected:
        assert piece in text


@pytest.mark.parametrize(
    "question",
    [
        "f(x, y) = x^3 - 3x + y^2: what is the gradient at (-1, 0.5)?",  # no stationary points asked
        "find the stationary points of f(x) = x^3 - 3x",  # one variable: maths.calculus's
        "stationary points of f(x, y) = (x - y)^2?",  # a whole line of them, not isolated points
        "what is a stationary point and how do I classify it with the Hessian?",  # no function
    ],
)
def test_stationary_points_computes_nothing(question):
    assert stationary_points(normalize(question)) is None


# --- the ColumnTransformer -------------------------------------------------------------------------------

PIPELINE = (
    "Using the reading's preprocessing setup on a tiny table: age goes through SimpleImputer(strategy='median', "
    "add_indicator=True) then StandardScaler, and city goes through SimpleImputer(strategy='most_frequent') then "
    "OneHotEncoder(handle_unknown='ignore'). Training rows: ages 20, 30, NaN, 40, 50 and cities paris, lima, paris, "
    "tokyo, lima. What feature vector does the fitted ColumnTransformer produce for a new customer with a missing "
    "age and city 'oslo'?"
)


def test_column_pipeline_learner_question():
    worked = column_pipeline(normalize(PIPELINE))
    text = text_of(worked)
    _cites(worked)
    # median of 20, 30, 40, 50 = 35; ages [20, 30, 35, 40, 50], flags [0, 0, 1, 0, 0]
    assert "median of the observed 20, 30, 40, 50 = 35" in text
    assert "[20, 30, 35, 40, 50], with the was-missing flag [0, 0, 1, 0, 0]" in text
    # sd = sqrt((225 + 25 + 0 + 25 + 225) / 5) = sqrt(100) = 10; z = 0
    assert "√((225 + 25 + 0 + 25 + 225) / 5) = 10" in text
    assert "z = (35 - 35) / 10 = 0" in text
    # flag: mean 0.2, sd sqrt(0.16) = 0.4, (1 - 0.2) / 0.4 = 2
    assert "(1 - 0.2) / 0.4 = 2" in text
    assert "'oslo' was never seen" in text and "[0, 0, 0]" in text
    assert "[0, 2, 0, 0, 0]" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # age 45: (45 - 35) / 10 = 1; flag 0: (0 - 0.2) / 0.4 = -0.5; lima is the first of lima, paris, tokyo
        (
            PIPELINE.replace("a missing age and city 'oslo'", "age 45 and city 'lima'"),
            ["z = (45 - 35) / 10 = 1", "(0 - 0.2) / 0.4 = -0.5", "[1, -0.5, 1, 0, 0]"],
        ),
        # mean of 10, 20, 30 = 20; [10, 20, 20, 30] mean 20, sd sqrt(200 / 4) = 7.0711; (40 - 20) / 7.0711 = 2.8284;
        # categories kyiv, oslo, rome -> rome = [0, 0, 1]
        (
            "My pipeline: SimpleImputer(strategy='mean') + StandardScaler on age; SimpleImputer(strategy="
            "'most_frequent') + OneHotEncoder(handle_unknown='ignore') on city. Training: ages 10, NaN, 20, 30 and "
            "cities rome, oslo, rome, kyiv. New customer: age 40, city rome. What vector comes out?",
            ["mean of the observed values = 60 / 3 = 20", "= 7.0711", "[2.8284, 0, 0, 1]"],
        ),
    ],
)
def test_column_pipeline_other_phrasings(question, expected):
    worked = column_pipeline(normalize(question))
    text = text_of(worked)
    _cites(worked)
    for piece in expected:
        assert piece in text


@pytest.mark.parametrize(
    "question",
    [
        PIPELINE.replace("OneHotEncoder(handle_unknown='ignore')", "OneHotEncoder()"),  # unseen city raises
        PIPELINE.replace(" for a new customer with a missing age and city 'oslo'", ""),  # no new row
        PIPELINE.replace("ages 20, 30, NaN, 40, 50", "ages 20, 30, 40, 50, 60"),  # indicator with nothing missing
        "Why should SimpleImputer and StandardScaler be fitted on the training rows only?",  # no numbers
    ],
)
def test_column_pipeline_computes_nothing(question):
    assert column_pipeline(normalize(question)) is None


# --- Pearson and Spearman for groups of stores ------------------------------------------------------------

STORES = (
    "5 stores: four small ones each spent $1k on ads and sold 3, 5, 4 and 6 (thousand units); our flagship spent $8k "
    "and sold 12. What's the Pearson r between ad spend and sales, and the Spearman correlation? What happens to r if "
    "I drop the flagship, and what should I conclude?"
)


def test_grouped_correlation_learner_question():
    worked = grouped_correlation(normalize(STORES))
    text = text_of(worked)
    _cites(worked)
    # spend in dollars: mean 2400, Σdxdy = 42000, Σdx² = 39.2e6, Σdy² = 50; r = 42/√1960 = 0.9487
    assert "Σdx·dy = 42,000, Σdx² = 39,200,000, Σdy² = 50" in text
    assert "= 0.9487" in text
    # ranks [2.5 x4, 5] and [1, 3, 2, 4, 5]: Σ = 5, 5, 10 -> 5/√50 = 0.7071
    assert "[2.5, 2.5, 2.5, 2.5, 5] and [1, 3, 2, 4, 5]" in text
    assert "5 / √50 = 0.7071" in text
    assert "r = 0 / 0 is undefined" in text
    assert "zero variance" in text
    assert "Anscombe" in worked.note and "causation" in worked.note


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # x 2000 x3, 10000; y 10, 12, 14, 30: Σdxdy = 108000, Σdx² = 48e6, Σdy² = 251 -> r = 0.9839;
        # ranks [2, 2, 2, 4], [1, 2, 3, 4] -> 3 / √15 = 0.7746; without the head office spend is constant
        (
            "Three branches each spent $2k on marketing and sold 10, 12 and 14 units; the head office spent $10k and "
            "sold 30. Pearson correlation and Spearman? What if I drop the head office?",
            ["Σdx·dy = 108,000, Σdx² = 48,000,000, Σdy² = 251", "= 0.9839", "3 / √15 = 0.7746", "undefined"],
        ),
        # x 2000, 2000, 4000, 6000; y 4, 6, 9, 11: Σdxdy = 17000, Σdx² = 11e6, Σdy² = 29 -> r = 0.9518
        (
            "Pearson correlation: two stores each spent $2k and sold 4 and 6; one store spent $4k and sold 9; another "
            "spent $6k and sold 11.",
            ["Σdx·dy = 17,000, Σdx² = 11,000,000, Σdy² = 29", "= 0.9518"],
        ),
        (
            "Four small stores each spent $1k on ads and sold 3, 5, 4 and 6 thousand units, and the flagship spent "
            "$8k and sold 12. Spearman rank correlation?",
            ["= 0.9487", "5 / √50 = 0.7071"],
        ),
    ],
)
def test_grouped_correlation_other_phrasings(question, expected):
    worked = grouped_correlation(normalize(question))
    text = text_of(worked)
    _cites(worked)
    for piece in expected:
        assert piece in text


@pytest.mark.parametrize(
    "question",
    [
        STORES.replace("each ", ""),  # one spend beside a list of sales, not said to be each store's
        "four stores each spent $1k on ads and sold 3, 5, 4 and 6. What's the Pearson r?",  # one group only
        "four stores each spent $1k and sold 3, 5, 4 and 6; the flagship spent $8k and sold 12. Total sales?",
        "What is the difference between Pearson and Spearman correlation?",
    ],
)
def test_grouped_correlation_computes_nothing(question):
    assert grouped_correlation(normalize(question)) is None


# --- a covariance matrix from its principal directions -----------------------------------------------------

COVARIANCE = (
    "I want to simulate 2-feature data whose main direction of spread is the diagonal (1, 1) with variance 9, and "
    "variance 1 along the perpendicular direction. What covariance matrix should I plug into "
    "np.random.multivariate_normal? Please sanity-check it with the trace and determinant, and tell me the "
    "correlation between the two features and how much variance PC1 would explain."
)


def test_spectral_covariance_learner_question():
    worked = spectral_covariance(normalize(COVARIANCE))
    text = text_of(worked)
    _cites(worked)
    # 9 [[.5, .5], [.5, .5]] + [[.5, -.5], [-.5, .5]] = [[5, 4], [4, 5]]
    assert "= [[5, 4], [4, 5]]" in text
    assert "A (1, 1) = (9, 9) = 9 × (1, 1)" in text
    assert "trace 5 + 5 = 10 = 9 + 1; determinant 5 × 5 - 4² = 9 = 9 × 1" in text
    assert "4 / √(5 × 5) = 0.8" in text
    assert "9 / (9 + 1) = 0.9 = 90% of the variance" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 4 [[.5, .5], [.5, .5]] + 2 [[.5, -.5], [-.5, .5]] = [[3, 1], [1, 3]]; trace 6, det 8; corr 1/3; 4/6
        (
            "Build a covariance matrix with variance 4 along the direction (1, 1) and variance 2 along the "
            "orthogonal direction. Check the trace and determinant.",
            ["= [[3, 1], [1, 3]]", "determinant 3 × 3 - 1² = 8 = 4 × 2", "1 / √(3 × 3) = 0.3333", "66.7%"],
        ),
        # u = (3, 4)/5: 10 [[.36, .48], [.48, .64]] + 5 [[.64, -.48], [-.48, .36]] = [[6.8, 2.4], [2.4, 8.2]];
        # trace 15, det 55.76 - 5.76 = 50; corr 2.4 / √55.76 = 0.3214; 10 / 15 = 66.7%
        (
            "covariance matrix for data spread along the direction [3, 4] with variance 10 and with variance 5 "
            "perpendicular to it?",
            ["= [[6.8, 2.4], [2.4, 8.2]]", "= 50 = 10 × 5", "= 0.3214", "10 / (10 + 5)"],
        ),
        # axis-aligned: [[5, 0], [0, 2]], corr 0, 5/7 = 71.4%
        (
            "What covariance matrix gives variance 5 along the axis (1, 0) and variance 2 in the perpendicular "
            "direction?",
            ["= [[5, 0], [0, 2]]", "0 / √(5 × 2) = 0", "71.4%"],
        ),
    ],
)
def test_spectral_covariance_other_phrasings(question, expected):
    worked = spectral_covariance(normalize(question))
    text = text_of(worked)
    _cites(worked)
    for piece in expected:
        assert piece in text


@pytest.mark.parametrize(
    "question",
    [
        "What covariance matrix has variance 9 along the diagonal direction (1, 1)?",  # no perpendicular variance
        COVARIANCE.replace("variance 1 along", "variance -1 along"),  # not a valid variance
        "Find the eigenvalues of the covariance matrix [[5, 4], [4, 5]] and its perpendicular eigenvectors.",
        "Why are the eigenvectors of a covariance matrix perpendicular?",
    ],
)
def test_spectral_covariance_computes_nothing(question):
    assert spectral_covariance(normalize(question)) is None

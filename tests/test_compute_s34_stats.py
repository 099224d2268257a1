"""Three calculators for heldout29's statistics questions, called directly on the normalized question as `work`
would: `multiple_testing` (evaluation) extended to a count of tests with the p-values observed, and two new ones
in `models`, `adjusted_r2` and `vif` (not yet registered in `app.answering.compute.CALCULATORS`). Every figure
below was computed by hand in the comment beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.evaluation import multiple_testing
from app.answering.compute.models import adjusted_r2, vif
from app.answering.compute.parse import Worked, normalize
from tests.compute_checks import cited_document, text_of


def _cites(worked: Worked | None, kind: str) -> None:
    assert worked is not None and worked.kind == kind
    assert re.search(worked.cue, cited_document(worked))


# --- multiple testing: a count of tests at one alpha, and the p-values observed ------------------------------

BONFERRONI_QUESTION = (
    "we tried 15 different feature-set variants this sprint and tested each one against the baseline at alpha = 0.05 "
    "(separate, roughly independent tests). only variant #11 came out significant, p = 0.02. if in reality none of "
    "the 15 helps, how many 'significant' results should we expect just by chance, and whats the probability of "
    "getting at least one? what would the Bonferroni cutoff be, and does 0.02 clear it?"
)


def test_multiple_testing_reads_a_count_of_tests_and_one_observed_p_value():
    worked = multiple_testing(normalize(BONFERRONI_QUESTION))
    _cites(worked, "multiple_testing")
    assert worked.source_id == "s1-probability-statistics"
    text = text_of(worked)
    # 15 x 0.05 = 0.75 expected false positives; 0.95^15 = 0.46329, so 1 - 0.4633 = 0.5367
    assert "m × alpha = 15 × 0.05 = 0.75" in text
    assert "1 - (1 - 0.05)^15 = 1 - 0.4633 = 0.5367" in text
    # Bonferroni: 0.05 / 15 = 0.003333; 0.02 is above it
    assert "alpha / m = 0.05 / 15 = 0.003333; p = 0.02 ≥ 0.003333: does not pass" in text
    assert "p = 0.02 is below 0.05 on its own but not below the cutoff 0.003333" in worked.note
    assert "confirm on fresh data" in worked.note
    assert "Holm" not in text  # 14 of the 15 p-values are unknown: Holm's step-down cannot be run


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 20 x 0.01 = 0.2; 0.99^20 = 0.81791 -> 0.1821; 0.01 / 20 = 0.0005: 0.0004 passes, 0.004 does not
        (
            "We ran 20 independent tests at the 1% level; two came out significant, with p-values of 0.004 and 0.0004."
            " Bonferroni?",
            [
                "20 × 0.01 = 0.2",
                "1 - 0.8179 = 0.1821",
                "0.01 / 20 = 0.0005; p = 0.004 ≥ 0.0005: does not pass; p = 0.0004 < 0.0005: passes",
            ],
        ),
        # no p-value yet: 10 x 0.05 = 0.5; 0.95^10 = 0.59874 -> 0.4013; 0.05 / 10 = 0.005
        (
            "I compared 10 models against the baseline, each at alpha = 0.05. What's the chance of at least one false "
            "positive by chance?",
            ["m = 10 tests, each at alpha = 0.05", "10 × 0.05 = 0.5", "1 - 0.5987 = 0.4013", "0.05 / 10 = 0.005"],
        ),
        # every p-value known: 8 x 0.1 = 0.8; 0.9^8 = 0.43047 -> 0.5695; 0.1 / 8 = 0.0125 keeps 0.01;
        # Holm 0.01 < 0.0125, then 0.02 against 0.1 / 7 = 0.01429 fails -> 1 pass
        (
            "m = 8 hypotheses, alpha = 0.1, p-values 0.01, 0.02, 0.03, 0.2, 0.3, 0.4, 0.5 and 0.9. Holm correction?",
            ["3 have p < 0.1 on their own", "1 - 0.4305 = 0.5695", "0.1 / 8 = 0.0125; passing: 0.01", "-> 1 pass"],
        ),
    ],
)
def test_multiple_testing_reads_other_phrasings(question, expected):
    worked = multiple_testing(normalize(question))
    _cites(worked, "multiple_testing")
    text = text_of(worked)
    for figure in expected:
        assert figure in text


@pytest.mark.parametrize(
    "question",
    [
        "Bonferroni for 12 tests?",  # no alpha
        "Why use a Bonferroni correction when running many tests?",  # no numbers
        "my ridge model has 20 features, alpha = 0.05, and too many false positives at the 0.5 threshold",  # not tests
        # two counts: 20 variants, or 60 tests?
        "we tested 20 variants at alpha = 0.05, running 3 tests per variant; p = 0.01. bonferroni?",
        # six p-values from five tests
        "ran 5 tests at alpha = 0.05 with p-values 0.01, 0.02, 0.03, 0.04, 0.2, 0.3 - bonferroni?",
        "p-values 0.01 and 0.2: significant at 0.05?",  # two p-values and no count: nothing to correct
    ],
)
def test_multiple_testing_computes_nothing_when_unsure(question):
    assert multiple_testing(normalize(question)) is None


# --- variance inflation factors ------------------------------------------------------------------------------

VIF_QUESTION = (
    "I have 4 numeric features going into a linear model. The correlation heatmap's biggest off-diagonal |r| is 0.6, "
    "so I assumed multicollinearity isn't an issue. A colleague regressed each feature on the other three and got "
    "R² = 0.30, 0.50, 0.95 and 0.96. What are the variance inflation factors, and should I be worried?"
)


def test_vif_from_each_features_r_squared_on_the_others():
    worked = vif(normalize(VIF_QUESTION))
    _cites(worked, "vif")
    assert worked.source_id == "c-correlation-limits"
    text = text_of(worked)
    # 1/0.7 = 1.4286, 1/0.5 = 2, 1/0.05 = 20, 1/0.04 = 25
    assert "feature 1: 1 / (1 - 0.3) = 1 / 0.7 = 1.4286" in text
    assert "feature 2: 1 / (1 - 0.5) = 1 / 0.5 = 2" in text
    assert "feature 3: 1 / (1 - 0.95) = 1 / 0.05 = 20" in text
    assert "feature 4: 1 / (1 - 0.96) = 1 / 0.04 = 25" in text
    assert "25 times the variance (√25 = 5 times the standard error)" in text
    assert "Feature 3 and feature 4 (VIF 20 and 25) are 95% and 96% explained" in worked.note
    assert "strong multicollinearity" in worked.note and "heatmap is pairwise only" in worked.note


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 1 / 0.2 = 5: moderate
        ("VIF for a feature whose R² on the others is 0.8?", ["1 / (1 - 0.8) = 1 / 0.2 = 5", "moderate"]),
        # 1/0.8 = 1.25, 1/0.6 = 1.6667, 1/0.9 = 1.1111: all below 5
        (
            "VIFs: regressing x1, x2, x3 on the rest gives R^2 of 0.2, 0.4 and 0.1",
            ["1 / 0.8 = 1.25", "1 / 0.6 = 1.6667", "1 / 0.9 = 1.1111", "Every VIF is below 5"],
        ),
        # 1/0.1 = 10, 1/0.25 = 4
        ("variance inflation factors for R2 values [0.9, 0.75]", ["1 / 0.1 = 10", "1 / 0.25 = 4", "strong"]),
    ],
)
def test_vif_reads_other_phrasings(question, expected):
    worked = vif(normalize(question))
    _cites(worked, "vif")
    text = text_of(worked)
    for figure in expected:
        assert figure in text


@pytest.mark.parametrize(
    "question",
    [
        "What is a VIF and why use it instead of the correlation matrix?",  # no numbers
        "my model's R² is 0.92; is VIF a problem?",  # the model's R², not a feature's on the others
        "VIF when a feature's R² on the others is 1?",  # infinite
        "3 features; VIFs from R² = 0.2, 0.3, 0.4 and 0.5",  # four R² for three features
        "regressed each feature on the others: R² = 0.3, 0.5. worried?",  # no VIF asked: a different question
        "VIF if R² = 95%?",  # a percentage
    ],
)
def test_vif_computes_nothing_when_unsure(question):
    assert vif(normalize(question)) is None


# --- adjusted R-squared ----------------------------------------------------------------------------------------

ADJUSTED_QUESTION = (
    "house-price regressor, prices in units of $100k. on 6 held-out houses: actual 3, 5, 8, 6, 10, 4 and predicted "
    "4, 5, 6, 6, 13, 4. can you give me MAE, RMSE and R²? second thing: on the training set (60 houses) my 5-feature "
    "model has R² = 0.720, and adding 10 more features pushed training R² to 0.735. what are the adjusted R² values - "
    "did the extra features actually help?"
)


def test_adjusted_r2_of_two_models_on_the_training_set():
    worked = adjusted_r2(normalize(ADJUSTED_QUESTION))
    _cites(worked, "adjusted_r2")
    assert worked.source_id == "c-regression-metrics"
    text = text_of(worked)
    assert "n = 60 examples" in text  # the training set, not the 6 held-out houses
    # 1 - 0.28 x 59 / 54 = 1 - 0.30593 = 0.69407
    assert "p = 5: 1 - (1 - 0.72) × (60 - 1) / (60 - 5 - 1) = 1 - 0.28 × 59 / 54 = 1 - 0.3059 = 0.6941" in text
    # 5 + 10 = 15 features: 1 - 0.265 x 59 / 44 = 1 - 0.35534 = 0.64466
    assert (
        "p = 15 (5 + 10): 1 - (1 - 0.735) × (60 - 1) / (60 - 15 - 1) = 1 - 0.265 × 59 / 44 = 1 - 0.3553 = 0.6447"
        in (text)
    )
    assert "adjusted R² 0.6941 -> 0.6447" in text
    assert "the 10 extra features do not pay for themselves" in worked.note


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 1 - 0.36 x 199 / 191 = 1 - 0.37508 = 0.6249
        ("Adjusted R-squared: n = 200, p = 8, R^2 = 0.64?", ["1 - 0.36 × 199 / 191 = 1 - 0.3751 = 0.6249"]),
        # 1 - 0.5 x 39 / 36 = 0.4583; 1 - 0.42 x 39 / 33 = 0.5036: higher with 6
        (
            "with 3 features R2 = 0.50 and with 6 features R2 = 0.58, on 40 samples. adjusted R2 for each?",
            ["1 - 0.5 × 39 / 36 = 1 - 0.5417 = 0.4583", "1 - 0.42 × 39 / 33 = 1 - 0.4964 = 0.5036", "higher with 6"],
        ),
        # the count after the value: 1 - 0.1 x 24 / 20 = 1 - 0.12 = 0.88
        ("R² = 0.9 with 4 predictors on 25 rows, adjusted R²?", ["p = 4: ", "1 - 0.1 × 24 / 20 = 1 - 0.12 = 0.88"]),
    ],
)
def test_adjusted_r2_reads_other_phrasings(question, expected):
    worked = adjusted_r2(normalize(question))
    _cites(worked, "adjusted_r2")
    text = text_of(worked)
    for figure in expected:
        assert figure in text


@pytest.mark.parametrize(
    "question",
    [
        "adjusted R² for a model with R² = 0.9 on 20 rows?",  # no number of features
        "adjusted R2 with 5 features and R2 = 0.8?",  # no number of examples
        "adjusted R² with 10 features, R² = 0.99 on 11 rows",  # n - p - 1 = 0
        "adjusted R²: 60 rows or 80 rows, 5 features, R² = 0.7",  # which n?
        "adjusted R2: 30 rows, 5 features R2 0.8; removing 2 features R2 0.78",  # a count coming down: not read
        "my 5-feature model has R² = 0.72 on 60 rows",  # adjusted R² not asked
        "What is adjusted R-squared and why does it penalize features?",  # no numbers
    ],
)
def test_adjusted_r2_computes_nothing_when_unsure(question):
    assert adjusted_r2(normalize(question)) is None

"""Seven calculators from a sweep of stage 1 (`app.answering.compute.sweep_a`, not yet registered in
`app.answering.compute.CALCULATORS`), called directly on the normalized question as `work` would: an A/B test's
sample size and power, a two-proportion z-test, a sample ratio mismatch, the standard error of a mean, a discrete
distribution's expectation and variance, SQL aggregates over NULLs, and np.std against pandas' .std(). Every figure
below was computed by hand in the comment beside it (and checked against scipy.stats)."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.parse import Worked, normalize
from app.answering.compute.sweep_a import (
    ab_sample_size,
    discrete_expectation,
    mean_standard_error,
    sample_ratio_mismatch,
    sql_null_aggregates,
    std_ddof,
    two_proportion_test,
)
from tests.compute_checks import cited_document, text_of


def _cites(worked: Worked | None, kind: str) -> None:
    assert worked is not None and worked.kind == kind
    assert re.search(worked.cue, cited_document(worked))


# --- an A/B test's sample size per arm and its power (c-ab-testing) --------------------------------------------

AB_QUESTION = (
    "We're planning an A/B test on the signup page. Current signup rate is 8% and we'd like to detect an increase to "
    "9.5%, two-sided alpha = 0.05 with 80% power. How many visitors per arm? We only get about 3,000 visitors per arm "
    "a week - what power would one week give?"
)


def test_ab_sample_size_per_arm_and_the_power_of_the_users_there_are():
    worked = ab_sample_size(normalize(AB_QUESTION))
    _cites(worked, "ab_sample_size")
    assert worked.source_id == "c-ab-testing"
    text = text_of(worked)
    # z = 1.96 and 0.8416; (1.959964 + 0.841621)² = 7.848880
    assert "z_(1-α/2) = 1.96; power 0.8: z_(1-β) = 0.8416; (1.96 + 0.8416)² = 7.8489" in text
    # 0.08 × 0.92 + 0.095 × 0.905 = 0.0736 + 0.085975 = 0.159575; 7.84888 × 0.159575 = 1.252485; / 0.015² = 5,566.6
    assert "0.0736 + 0.085975 = 0.159575" in text
    assert "= 1.2525 / 0.000225 = 5,566.6 → 5,567 users per arm, 11,134 in total" in text
    # 0.015 × √(3,000 / 0.159575) = 0.015 × 137.113 = 2.0567; - 1.96 = 0.0967; Φ(0.0967) = 0.5385
    assert "0.015 × √(3,000 / 0.159575) - 1.96 = 2.0567 - 1.96 = 0.09673" in text
    assert "power = Φ(0.09673) = 0.539, about 53.9%" in text
    assert "none given" not in text  # alpha and power were both given
    assert "about four times as many users" in worked.note


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # (1.959964 + 1.281552)² = 10.5074; 0.16 + 0.1716 = 0.3316; 10.5074 × 0.3316 / 0.02² = 8,710.65 -> 8,711
        (
            "A/B test sample size: p1 = 0.2, p2 = 0.22, alpha 0.05, power 90%?",
            ["(1.96 + 1.2816)² = 10.5074", "= 3.4843 / 0.0004 = 8,710.65 → 8,711 users per arm, 17,422 in total"],
        ),
        # a 10% relative lift on 20% is 22%: the same 8,711; no alpha given, so the usual 0.05 is said to be assumed
        (
            "A/B test sample size for a 10% relative lift on a 20% baseline, 90% power?",
            ["20% → 22%", "8,711 users per arm", "α = 0.05 (the usual level; none given)"],
        ),
        # the reading's own example: 0.01 × √(4,000 / 0.1039) - 1.96 = 1.9621 - 1.96 = 0.0021; power about 50%
        (
            "Our A/B test has 4,000 users per arm; control converts at 5% and the MDE is 1 percentage point. "
            "What power do we have?",
            ["0.01 × √(4,000 / 0.1039) - 1.96 = 1.9621 - 1.96 = 0.002141", "power = Φ(0.002141) = 0.501"],
        ),
        # heldout24: 0.09 + 0.0979 = 0.1879 -> 14,748.05 -> 14,749; 0.09 + 0.1056 = 0.1956 -> 3,838.1 -> 3,839;
        # 2,000 per arm: 0.01 × √(2,000 / 0.1879) = 1.0317, - 1.96 = -0.9283, Φ = 0.177
        (
            "Planning an A/B test for a new checkout recommender. Baseline conversion is 10% and we want to be able to "
            "detect a lift to 11% with a two-sided test at alpha = 0.05 and 80% power. How many users do we need per "
            "arm? What if we only care about detecting 10% -> 12%? We were planning on 2,000 users per arm - what "
            "power would that give us for the 1-point lift?",
            [
                "= 1.4748 / 0.0001 = 14,748.05 → 14,749 users per arm",
                "= 1.5352 / 0.0004 = 3,838.1 → 3,839 users per arm",
                "3.84 times as many users (14,749 / 3,839)",
                "(10% → 11%): z_(1-β) = 0.01 × √(2,000 / 0.1879) - 1.96 = 1.0317 - 1.96 = -0.9283",
                "power = Φ(-0.9283) = 0.177, about 17.7%",
            ],
        ),
    ],
)
def test_ab_sample_size_reads_other_phrasings(question, expected):
    worked = ab_sample_size(normalize(question))
    _cites(worked, "ab_sample_size")
    text = text_of(worked)
    for figure in expected:
        assert figure in text


def test_ab_power_alone_does_not_compute_a_sample_size_nobody_asked_for():
    worked = ab_sample_size(
        normalize("We have 4,000 users per arm, control converts at 5% and the MDE is 1 percentage point. Power?")
    )
    text = text_of(worked)
    assert "users per arm, " not in text and "z_(1-β) = 0.8416" not in text  # no n, no assumed 80% power
    assert "With power below 50%" not in worked.note  # 0.501 is just above one half


@pytest.mark.parametrize(
    "question",
    [
        "A/B test: baseline 5%, we want to detect a lift of 1%. How many users per arm?",  # 1 point, or 1% of 5%?
        "What is statistical power in an A/B test?",  # no numbers
        "A/B test: baseline 5% and we want to increase power to 90%. How many users?",  # 90% is a power, not a rate
        "How many users per arm do we need for an A/B test with 80% power?",  # no rates
        # 50% is the control's share of traffic, not its conversion rate
        "A/B test: the control arm gets 50% of traffic and we want to detect a lift to 11%. How many users per arm?",
        "A/B test: control converts at 5%, we want to detect 6%. Sample size per arm?",  # a rate of 6%, or 6% lift?
        "A/B test with alpha 0.05 and alpha 0.01, baseline 10%, lift to 12%: users per arm?",  # two alphas
    ],
)
def test_ab_sample_size_computes_nothing_when_unsure(question):
    assert ab_sample_size(normalize(question)) is None


# --- a two-proportion z-test on A/B results (s1-probability-statistics) ---------------------------------------

TWO_PROPORTION_QUESTION = (
    "We ran an A/B test on the checkout button: control had 9,800 visitors with 392 purchases, the new button had "
    "9,750 visitors with 468 purchases. Is the difference statistically significant, and how big could the lift "
    "really be?"
)


def test_two_proportion_test_on_ab_results():
    worked = two_proportion_test(normalize(TWO_PROPORTION_QUESTION))
    _cites(worked, "two_proportion_test")
    assert worked.source_id == "s1-probability-statistics"
    text = text_of(worked)
    # 392 / 9,800 = 0.04 and 468 / 9,750 = 0.048: +0.008, 20% relative
    assert "control: 392 / 9,800 = 0.04; new: 468 / 9,750 = 0.048; difference 0.008 (+20% relative)" in text
    # pooled 860 / 19,550 = 0.04399; SE = √(0.04399 × 0.95601 × (1/9,800 + 1/9,750)) = √(8.6046e-6) = 0.002933
    assert "(392 + 468) / (9,800 + 9,750) = 0.04399" in text and "= 0.002933" in text
    # z = 0.008 / 0.002933 = 2.727; two-sided p = 0.00639 (scipy: 0.0063865)
    assert "z = (0.048 - 0.04) / 0.002933 = 2.727; two-sided p-value (normal approximation) = 0.006386" in text
    assert "≤ α = 0.05 (the usual level; none given): reject H0" in text
    # unpooled SE √(0.04 × 0.96 / 9,800 + 0.048 × 0.952 / 9,750) = 0.002933; 0.008 ± 1.96 × 0.002933 = ±0.00575
    assert "= [0.0023, 0.0137], 0.23 to 1.37 percentage points" in text
    assert "worth shipping" in worked.note


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 200/4,000 = 0.05, 248/4,000 = 0.062; pooled 0.056; SE √(0.056 × 0.944 × 2/4,000) = 0.005141; z = 2.334;
        # p = 0.0196
        (
            "Version A: 200/4,000 signed up, version B: 248/4,000 signed up. p-value?",
            ["Version A: 200 / 4,000 = 0.05; version B: 248 / 4,000 = 0.062", "= 2.334", "= 0.01959", "reject H0"],
        ),
        # 0.05 vs 0.06, pooled 0.055, SE 0.00456, z = 2.193, p = 0.0283 > 0.01; 99% interval with 2.576
        (
            "A/B results: 250 of 5,000 users converted in control and 300 of 5,000 in treatment. Significant at "
            "alpha = 0.01?",
            ["group 1: 250 / 5,000 = 0.05", "= 2.193", "p = 0.02829 > α = 0.01: fail to reject H0", "99% interval"],
        ),
        # one-sided, H1 the second higher: p = 1 - Φ(2.193) = 0.01415
        (
            "Control: 250 of 5,000 converted; treatment: 300 of 5,000 converted. One-sided z-test?",
            [
                "(H1: treatment has the higher rate)",
                "one-sided p-value (normal approximation) = 0.01415",
                "90% interval",
            ],
        ),
    ],
)
def test_two_proportion_test_reads_other_phrasings(question, expected):
    worked = two_proportion_test(normalize(question))
    _cites(worked, "two_proportion_test")
    text = text_of(worked)
    for figure in expected:
        assert figure in text


@pytest.mark.parametrize(
    "question",
    [
        # two models on the same examples are paired: not two independent proportions
        "Model A got 430 of 500 right and model B got 445 of 500 right on the same test set. Significant?",
        # asked as a chi-squared test: `chi_squared_table`
        "Control: 5,000 users, 250 converted. Treatment: 5,000 users, 300 converted. Chi-squared test?",
        "Is the treatment's 540 conversions significant?",  # one count, no totals
        "We split traffic 50/50 and got 480 vs 540 conversions, significant?",  # no group sizes
        "What does a p-value of 0.03 mean in an A/B test?",  # no counts
        "A: 100 of 1,000 converted, B: 120 of 1,000 converted, C: 130 of 1,000 converted. Significant?",  # 3 groups
    ],
)
def test_two_proportion_test_computes_nothing_when_unsure(question):
    assert two_proportion_test(normalize(question)) is None


# --- a sample ratio mismatch (c-ab-testing) -------------------------------------------------------------------

SRM_QUESTION = (
    "Our experiment was supposed to be a 50/50 split, but after two weeks control has 10,200 users and treatment has "
    "9,800. Is that a sample ratio mismatch or just noise?"
)


def test_sample_ratio_mismatch_of_a_planned_even_split():
    worked = sample_ratio_mismatch(normalize(SRM_QUESTION))
    _cites(worked, "sample_ratio_mismatch")
    assert worked.source_id == "c-ab-testing"
    text = text_of(worked)
    # 20,000 users, 10,000 expected each; 200² / 10,000 = 4 twice -> chi-squared 8; p = erfc(2) = 0.004678
    assert "expected 10,000 and 10,000; observed 10,200 and 9,800 (51% / 49%)" in text
    assert "= 4 + 4 = 8, with 1 degree of freedom" in text
    assert "p-value = 0.004678" in text
    assert "check assignment and logging" in worked.note


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # the reading's example: 750² / 49,250 = 11.4213 twice = 22.843; p = 1.76e-6, "about 0.000002"
        (
            "Our experiment had a planned 50/50 split but ended at 50,000 versus 48,500 users (98,500 in total). "
            "Is that a sample ratio mismatch?",
            ["11.4213 + 11.4213 = 22.843", "p-value = 0.0000018", "very unlikely by chance"],
        ),
        # 60/40 of 10,000: 150² / 6,000 = 3.75 and 150² / 4,000 = 5.625 -> 9.375; p = 0.0022
        (
            "A 60/40 allocation gave 6,150 vs 3,850 users - is the split off?",
            ["expected 6,000 and 4,000", "3.75 + 5.625 = 9.375", "p-value = 0.0022"],
        ),
        # 12² / 1,000 = 0.144 twice = 0.288; p = 0.5915, shown to three places
        (
            "Equal split: A has 1,012 and B has 988 users, is that a problem?",
            ["0.144 + 0.144 = 0.288", "p-value = 0.592", "no sign of a sample ratio mismatch"],
        ),
    ],
)
def test_sample_ratio_mismatch_reads_other_phrasings(question, expected):
    worked = sample_ratio_mismatch(normalize(question))
    _cites(worked, "sample_ratio_mismatch")
    text = text_of(worked)
    for figure in expected:
        assert figure in text


@pytest.mark.parametrize(
    "question",
    [
        "What is a sample ratio mismatch?",  # no numbers
        "We split traffic 50/50 and got 480 vs 540 conversions, significant?",  # conversions, not users
        "planned 50/50 split; we saw 10,200 and 9,800 and 9,900 users. mismatch?",  # three counts
        "We planned a 60/40 split and got 3,850 vs 6,150 users. Is the split off?",  # which arm is the 60%?
        "70/30 train/test split of 10,000 rows: how many test rows are expected?",  # a data split, no two arms
    ],
)
def test_sample_ratio_mismatch_computes_nothing_when_unsure(question):
    assert sample_ratio_mismatch(normalize(question)) is None


# --- the standard error of a mean (s1-probability-statistics) -------------------------------------------------

SEM_QUESTION = (
    "Our API latency has a standard deviation of 45 ms. If I measure 81 requests and the sample mean is 210 ms, "
    "what's the standard error of the mean and a 95% interval? How many requests would I need to get the standard "
    "error under 2 ms?"
)


def test_mean_standard_error_interval_and_the_sample_size_for_a_target():
    worked = mean_standard_error(normalize(SEM_QUESTION))
    _cites(worked, "mean_standard_error")
    assert worked.source_id == "s1-probability-statistics"
    text = text_of(worked)
    # 45 / √81 = 45 / 9 = 5
    assert "σ / √n = 45 / √81 = 45 / 9 = 5" in text
    # 210 ± 1.96 × 5 = 210 ± 9.8
    assert "210 ± 1.96 × 5 = 210 ± 9.8 = [200.2, 219.8]" in text
    # (45 / 2)² = 506.25 -> 507
    assert "(45 / 2)² = 506.25, so 507 values" in text
    assert "t critical value" not in worked.note  # n = 81 is not small
    assert "spread of the sample mean" in worked.note


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 15 / 5 = 3; half of it needs 4 × 25 = 100; doubling n: 3 / √2 = 2.1213
        (
            "sd = 15, n = 25: standard error? and how many samples to halve it?",
            ["15 / √25 = 15 / 5 = 3", "needs 4 × 25 = 100 values", "(to 2.1213)"],
        ),
        # (8 / 0.5)² = 256
        (
            "The standard deviation is 8. How many measurements do I need to get the standard error below 0.5?",
            ["(8 / 0.5)² = 256, so 256 values"],
        ),
        # 3 / √16 = 0.75; 12.4 ± 1.47 = [10.93, 13.87]; n = 16 is small: the t note
        (
            "sample mean = 12.4, standard deviation 3, n = 16: standard error and 95% interval?",
            ["3 / √16 = 3 / 4 = 0.75", "12.4 ± 1.47 = [10.93, 13.87]", "t critical value"],
        ),
    ],
)
def test_mean_standard_error_reads_other_phrasings(question, expected):
    worked = mean_standard_error(normalize(question))
    _cites(worked, "mean_standard_error")
    text = text_of(worked)
    for figure in expected:
        assert figure in text


@pytest.mark.parametrize(
    "question",
    [
        "My model got 344 of 400 right; standard error?",  # a proportion: `proportion_ci`
        "Poisson arrivals 12 per hour: standard error of the mean over 36 hours?",  # `poisson`
        "What does the central limit theorem say?",  # no numbers
        "Standard deviation 10, samples of 50 and 200: standard errors?",  # two sample sizes
        "The standard deviation of the sample mean is 5 with n = 100. What is the standard error?",  # that is the SE
        "The regression coefficient has a standard error of 0.3 with n = 50 and sd 2",  # a coefficient's SE
    ],
)
def test_mean_standard_error_computes_nothing_when_unsure(question):
    assert mean_standard_error(normalize(question)) is None


# --- the expectation and variance of a discrete distribution (s1-probability-statistics) ----------------------

EXPECTATION_QUESTION = (
    "A support ticket needs 1, 2, 3 or 4 replies with probabilities 0.4, 0.3, 0.2 and 0.1. What is the expected "
    "number of replies and the variance?"
)


def test_discrete_expectation_and_variance():
    worked = discrete_expectation(normalize(EXPECTATION_QUESTION))
    _cites(worked, "discrete_expectation")
    assert worked.source_id == "s1-probability-statistics"
    text = text_of(worked)
    # 0.4 + 0.6 + 0.6 + 0.4 = 2
    assert "E[X] = Σ x P(x) = 1 × 0.4 + 2 × 0.3 + 3 × 0.2 + 4 × 0.1 = 2" in text
    # 1 × 0.4 + 0 + 1 × 0.2 + 4 × 0.1 = 1; E[X²] = 0.4 + 1.2 + 1.8 + 1.6 = 5, 5 - 4 = 1
    assert "(1 - 2)² × 0.4 + (2 - 2)² × 0.3 + (3 - 2)² × 0.2 + (4 - 2)² × 0.1 = 1" in text
    assert "E[X²] - E[X]² = 5 - 2² = 1" in text
    assert "standard deviation = √1 = 1" in text
    assert "need not be a value" not in worked.note  # 2 is one of the values


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 0.1 + 1.2 + 0.9 = 2.2; 1.44 × 0.1 + 0.04 × 0.6 + 0.64 × 0.3 = 0.36; √0.36 = 0.6
        (
            "P(X=1) = 0.1, P(X=2) = 0.6, P(X=3) = 0.3. Expected value and variance?",
            ["= 2.2", "E[X²] - E[X]² = 5.2 - 2.2² = 0.36", "√0.36 = 0.6"],
        ),
        # 1 + 0.6 + 0 = 1.6; 70.56 × 0.1 + 0.16 × 0.3 + 2.56 × 0.6 = 8.64; √8.64 = 2.9394
        (
            "A game pays 10 with probability 0.1, 2 with probability 0.3 and 0 with probability 0.6. What's the "
            "expected value?",
            ["10 × 0.1 + 2 × 0.3 + 0 × 0.6 = 1.6", "= 8.64", "√8.64 = 2.9394", "1.6 is not one of them"],
        ),
        # 0.2 + 0.2 = 0.4; E[X²] = 0.2 + 0.4 = 0.6; 0.6 - 0.16 = 0.44; √0.44 = 0.6633
        (
            "The number of defects is 0, 1 or 2 with probabilities 70%, 20% and 10%. Expected number and variance?",
            ["0 × 0.7 + 1 × 0.2 + 2 × 0.1 = 0.4", "0.6 - 0.4² = 0.44", "√0.44 = 0.6633"],
        ),
    ],
)
def test_discrete_expectation_reads_other_phrasings(question, expected):
    worked = discrete_expectation(normalize(question))
    _cites(worked, "discrete_expectation")
    text = text_of(worked)
    for figure in expected:
        assert figure in text


@pytest.mark.parametrize(
    "question",
    [
        "X takes values 0, 1, 2 with probabilities 0.2, 0.5, 0.4: E[X]?",  # they sum to 1.1
        "A die roll: what is the expected value?",  # no probabilities written
        "You win 100 with probability 0.01 and lose 2 with probability 0.99. Expected value?",  # sign in the words
        "Each visitor clicks independently with probability 0.04; 500 visitors: expected clicks?",  # `binomial`
        "values 1, 2, 3 with probabilities 0.5 and 0.5: mean?",  # three values, two probabilities
    ],
)
def test_discrete_expectation_computes_nothing_when_unsure(question):
    assert discrete_expectation(normalize(question)) is None


# --- SQL aggregates over a column with NULLs (c-sql-nulls-joins) ----------------------------------------------

SQL_QUESTION = (
    "Table payments has amount values 25, NULL, 40, 0, NULL and 15. What do SELECT COUNT(*), COUNT(amount), "
    "SUM(amount), AVG(amount) FROM payments return? I thought AVG would be 80 / 6. And how many rows does "
    "WHERE amount <> 0 keep?"
)


def test_sql_null_aggregates_skip_nulls_and_where_drops_them():
    worked = sql_null_aggregates(normalize(SQL_QUESTION))
    _cites(worked, "sql_null_aggregates")
    assert worked.source_id == "c-sql-nulls-joins"
    text = text_of(worked)
    assert "amount: 25, NULL, 40, 0, NULL, 15: 6 rows, 2 of them NULL" in text
    assert "COUNT(*) = 6 (every row); COUNT(amount) = 4" in text
    # 25 + 40 + 0 + 15 = 80; 80 / 4 = 20, against 80 / 6 = 13.3333 with NULL as 0
    assert "SUM(amount) = 25 + 40 + 0 + 15 = 80" in text
    assert "AVG(amount) = SUM(amount) / COUNT(amount) = 80 / 4 = 20" in text
    assert "AVG(COALESCE(amount, 0)) = 80 / 6 = 13.3333" in text
    # <> 0 keeps 25, 40, 15; the two NULL rows are UNKNOWN, kept only with OR amount IS NULL: 5
    assert "WHERE amount <> 0: 3 rows (25, 40, 15)" in text and "OR amount IS NULL keeps 5" in text
    assert "left out of both" in worked.note


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # the reading's numbers: 60 / 4 = 15, not 60 / 6 = 10
        (
            "In SQL, the amounts are 10, NULL, 20, NULL, 30 and 0. What do COUNT(*), COUNT(amount) and AVG(amount) "
            "return?",
            ["COUNT(*) = 6", "COUNT(amount) = 4", "= 60 / 4 = 15", "AVG(COALESCE(amount, 0)) = 60 / 6 = 10"],
        ),
        # a pipe table: 4 + 8 + 12 = 24; 24 / 3 = 8 against 24 / 4 = 6; MIN 4, MAX 12
        (
            "Table t:\n| id | score |\n|----|-------|\n| 1  | 4     |\n| 2  | NULL  |\n| 3  | 8     |\n| 4  | 12    |\n"
            "SELECT AVG(score), MIN(score), MAX(score) FROM t; why is AVG 8 and not 6?",
            [
                "score: 4, NULL, 8, 12: 4 rows, 1 of them NULL",
                "= 24 / 3 = 8",
                "= 24 / 4 = 6",
                "MIN(score) = 4, MAX(score) = 12",
            ],
        ),
        # heldout24: 60 / 4 = 15; WHERE discount <> 10 keeps 20, 30, 0
        (
            "Quick SQL check. Table `orders`:\n\n```\norder_id | discount\n1        | 10\n2        | NULL\n"
            "3        | 20\n4        | NULL\n5        | 30\n6        | 0\n```\n\n"
            "`SELECT COUNT(*), COUNT(discount), SUM(discount), AVG(discount) FROM orders;` - AVG treats NULL as 0, "
            "so I expect the average to be 60/6 = 10. Right? And how many rows does `WHERE discount <> 10` return?",
            ["= 60 / 4 = 15", "WHERE discount <> 10: 3 rows (20, 30, 0)", "OR discount IS NULL keeps 5"],
        ),
    ],
)
def test_sql_null_aggregates_reads_other_phrasings(question, expected):
    worked = sql_null_aggregates(normalize(question))
    _cites(worked, "sql_null_aggregates")
    text = text_of(worked)
    for figure in expected:
        assert figure in text


@pytest.mark.parametrize(
    "question",
    [
        "Why does AVG ignore NULL?",  # no values
        "SELECT AVG(price) FROM items WHERE price > 10; prices 5, 15, NULL, 25",  # the AVG runs over filtered rows
        "What does AVG(amount) give for 10, 20 and 30 in SQL?",  # no NULL
        "SELECT region, AVG(sales) FROM t GROUP BY region; sales are 10, NULL, 20",  # per group
        "SQL: AVG(a) and AVG(b) for 1, NULL, 3?",  # two columns: which one is listed?
    ],
)
def test_sql_null_aggregates_computes_nothing_when_unsure(question):
    assert sql_null_aggregates(normalize(question)) is None


# --- np.std against pandas' .std() (s1-python) ----------------------------------------------------------------

STD_QUESTION = (
    "df['x'] = [3, 7, 7, 19]. np.std gives 6.0 but df['x'].std() gives 6.93. Which one is right, and which does "
    "StandardScaler use?"
)


def test_std_ddof_divides_by_n_and_by_n_minus_one():
    worked = std_ddof(normalize(STD_QUESTION))
    _cites(worked, "std_ddof")
    assert worked.source_id == "s1-python"
    text = text_of(worked)
    # mean 36 / 4 = 9; 36 + 4 + 4 + 100 = 144
    assert "mean = 36 / 4 = 9; squared deviations: 36 + 4 + 4 + 100 = 144" in text
    # √(144 / 4) = 6; √(144 / 3) = √48 = 6.9282; √(4/3) = 1.1547
    assert "(ddof=0: np.std's default, and StandardScaler): √(144 / 4) = √36 = 6" in text
    assert "√(144 / 3) = √48 = 6.9282" in text
    assert "√(4 / 3) = 1.1547" in text
    assert "Neither is a bug" in worked.note


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # heldout24: SS 32; √(32/8) = 2, √(32/7) = 2.1381
        (
            "x = [2, 4, 4, 4, 5, 5, 7, 9]. np.std(x) gives 2.0 but pd.Series(x).std() gives 2.138. which one is "
            "correct?? and which one does StandardScaler use",
            ["√(32 / 8) = √4 = 2", "√(32 / 7) = √4.5714 = 2.1381"],
        ),
        # mean 6, SS 9 + 1 + 1 + 9 = 20; √5 = 2.2361, √6.6667 = 2.582
        (
            "What's the sample vs population standard deviation of 3, 5, 7, 9?",
            ["= 20", "√(20 / 4) = √5 = 2.2361", "√(20 / 3) = √6.6667 = 2.582"],
        ),
        # SS 8; √(8/3) = 1.633, √(8/2) = 2
        ("std with ddof=1 for [10, 12, 14]?", ["√(8 / 3) = √2.6667 = 1.633", "√(8 / 2) = √4 = 2"]),
    ],
)
def test_std_ddof_reads_other_phrasings(question, expected):
    worked = std_ddof(normalize(question))
    _cites(worked, "std_ddof")
    text = text_of(worked)
    for figure in expected:
        assert figure in text


@pytest.mark.parametrize(
    "question",
    [
        "np.std of [1, 2, 3, 4]?",  # one library, nothing to compare: `zscore` and others work a spread
        "Why does pandas std differ from numpy std?",  # no values
        # heldout26: about outliers, np.std named only once
        "training column weekly_hours_worked: 41, 38, 45, 36, 40, 430, 39, 43, 37. I used the |z| > 3 rule to find "
        "outliers and nothing got flagged (np.std gives the 430 a z of about 2.83).",
        # imputation: `imputed_spread`
        "feature with 10 rows: 4, 6, 8, 10, 12 and five NaN; after mean imputation np.std vs pandas std?",
        "sample vs population std of [5, 5, 5]?",  # no spread at all
    ],
)
def test_std_ddof_computes_nothing_when_unsure(question):
    assert std_ddof(normalize(question)) is None

"""Two calculators not yet registered in `app.answering.compute.CALCULATORS`, so called directly on the
normalized question as `work` would: smoothed target encoding (stats) and the Brier score with a binned
reliability check and its ECE (evaluation). Every figure below was computed by hand in the comment beside it;
the encodings also match scikit-learn's TargetEncoder, the bins and the Brier score its calibration_curve
and brier_score_loss."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.evaluation import brier_ece
from app.answering.compute.parse import Worked, normalize
from app.answering.compute.stats import target_encoding
from tests.compute_checks import cited_document, text_of


def _cited_section(worked: Worked) -> str:
    """The `##` section of the cited reading whose text the cue first matches."""
    section = ""
    for line in cited_document(worked).splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        if re.search(worked.cue, line):
            return section
    raise AssertionError((worked.source_id, worked.cue))


# --- target encoding ---------------------------------------------------------------------------------

TARGET_QUESTION = (
    "target encoding question. overall churn rate in my training set is 8%. Oslo has only 6 customers (3 churned), "
    "Berlin has 400 (60 churned). with smoothing weight m = 10 toward the overall mean, what values do Oslo and "
    "Berlin get? also, is it fine to compute these means on the whole training set and then train on those same rows?"
)


def test_target_encoding_pulls_a_small_category_toward_the_overall_mean_and_warns_of_leakage():
    worked = target_encoding(normalize(TARGET_QUESTION))
    text = text_of(worked)
    assert worked.kind == "target_encoding"
    assert "(n × category mean + m × overall mean) / (n + m), with m = 10 and overall mean 0.08" in text
    # Oslo: 3/6 = 0.5; (6 x 0.5 + 10 x 0.08) / 16 = 3.8 / 16 = 0.2375, its own mean weighted 6/16 = 0.375
    assert "Oslo: raw mean 3 / 6 = 0.5; (6 × 0.5 + 10 × 0.08) / (6 + 10) = (3 + 0.8) / 16 = 0.2375" in text
    assert "(its own mean weighted 6 / 16 = 0.375)" in text
    # Berlin: 60/400 = 0.15; (60 + 0.8) / 410 = 0.148292..., its own mean weighted 400/410 = 0.97561
    assert "Berlin: raw mean 60 / 400 = 0.15; (400 × 0.15 + 10 × 0.08) / (400 + 10) = (60 + 0.8) / 410 = 0.1483" in text
    # the pull toward the overall mean is m / (n + m): 10/16 = 62.5% for Oslo, 10/410 = 2.4% for Berlin
    assert "Oslo (6 rows) is pulled strongly toward the overall mean, from 0.5 to 0.2375 (62.5% of the way" in text
    assert "Berlin (400 rows) barely moves, from 0.15 to 0.1483 (2.4% of the way to 0.08)" in text
    assert "each row's own label leaks into its feature" in worked.note
    assert "out-of-fold" in worked.note and "TargetEncoder does that in fit_transform" in worked.note
    assert "training split only" in worked.note


def test_target_encoding_cites_the_readings_formula():
    worked = target_encoding(normalize(TARGET_QUESTION))
    assert worked.source_id == "c-categorical-encoding"
    assert _cited_section(worked) == "Example"  # "smoothing with a weight of m = 10 gives (4 × 0.5 + 10 × 0.10) ..."


@pytest.mark.parametrize(
    "question",
    [
        "Mean encoding with smoothing: global mean 0.08, m = 10. Oslo: 3 of 6 churned; Berlin: 60 out of 400 churned. "
        "What are the encoded values?",
        "TargetEncoder(smooth=10) on the city column. The prior (overall mean) is 0.08. Oslo has 6 customers with a "
        "churn rate of 50%, Berlin has 400 customers with a churn rate of 15%. What does each city get?",
        "For target encoding, 80 out of 1,000 customers churned overall. In Oslo I have 6 customers, 3 of whom "
        "churned; Berlin (churn rate 15%, n = 400). Smoothing weight of 10?",
    ],
)
def test_target_encoding_reads_other_phrasings(question):
    text = text_of(target_encoding(normalize(question)))
    assert "(6 × 0.5 + 10 × 0.08) / (6 + 10) = (3 + 0.8) / 16 = 0.2375" in text
    assert "(400 × 0.15 + 10 × 0.08) / (400 + 10) = (60 + 0.8) / 410 = 0.1483" in text


def test_target_encoding_reproduces_the_readings_lima_example():
    text = text_of(
        target_encoding(
            "target encoding: overall churn 0.1, smoothing m = 10. Lima has only 4 customers, 2 of whom churned."
        )
    )
    # the reading: (4 x 0.5 + 10 x 0.10) / (4 + 10) = 3 / 14, about 0.21
    assert "(4 × 0.5 + 10 × 0.1) / (4 + 10) = (2 + 1) / 14 = 0.2143" in text


def test_target_encoding_matches_scikit_learns_target_encoder_fitted_on_all_rows():
    sklearn = pytest.importorskip("sklearn.preprocessing")
    import numpy as np

    # Oslo 6 rows (3 churned), Berlin 400 (60), the rest 594 (17): 80 of 1,000 churned, 8% overall
    cities = ["Oslo"] * 6 + ["Berlin"] * 400 + ["Rest"] * 594
    churned = [1] * 3 + [0] * 3 + [1] * 60 + [0] * 340 + [1] * 17 + [0] * 577
    encoder = sklearn.TargetEncoder(smooth=10, target_type="binary").fit(np.array(cities).reshape(-1, 1), churned)
    learned = dict(zip(encoder.categories_[0], encoder.encodings_[0], strict=True))
    assert learned["Oslo"] == pytest.approx(3.8 / 16) and learned["Berlin"] == pytest.approx(60.8 / 410)
    text = text_of(target_encoding(normalize(TARGET_QUESTION)))
    assert f"= {learned['Oslo']:.4f}" in text and f"= {learned['Berlin']:.4f}" in text


@pytest.mark.parametrize(
    "question",
    [
        # no smoothing weight: TargetEncoder's default smooth="auto" is another formula
        "target encoding: overall churn rate 8%. Oslo has 6 customers (3 churned). What value does Oslo get?",
        # no overall mean
        "target encoding with m = 10: Oslo has 6 customers (3 churned). What value?",
        # two weights: which one?
        "target encoding, overall rate 8%, m = 10 or m = 20: Oslo has 6 customers (3 churned).",
        # the count before the name: whose 400 is it?
        "target encoding: overall rate 8%, m = 10. I have 6 customers in Oslo (3 churned) and 400 in Berlin "
        "(60 churned).",
        # the same city twice with different counts
        "target encoding: overall rate 8%, m = 10, Oslo has 6 customers (3 churned), Oslo has 8 customers (2 churned)",
        # more churners than customers
        "target encoding: overall rate 8%, m = 10. Oslo has 6 customers (7 churned).",
        # the overall rate said inside a city's sentence
        "target encoding m = 10. Oslo has 6 customers and the overall rate is 8%.",
        # not about target encoding
        "overall churn rate 8%, m = 10. Oslo has 6 customers (3 churned): what is the chance a customer churns?",
    ],
)
def test_target_encoding_computes_nothing_when_a_number_is_missing_or_unclear(question):
    assert target_encoding(normalize(question)) is None


# --- the Brier score, a reliability check and the ECE ------------------------------------------------

CALIBRATION_QUESTION = (
    "calibration sanity check on a toy set. predicted churn probabilities: 0.1, 0.3, 0.3, 0.2, 0.9, 0.8, 0.7, 0.8; "
    "actual outcomes: 0, 0, 1, 0, 1, 0, 1, 0. what's the Brier score? and with two bins (below / above 0.5), what "
    "does the reliability check look like and what's the ECE?"
)


def test_brier_score_and_a_two_bin_reliability_check_with_the_ece():
    worked = brier_ece(normalize(CALIBRATION_QUESTION))
    text = text_of(worked)
    assert worked.kind == "brier_ece"
    # (p - y)^2: 0.01, 0.09, 0.49, 0.04, 0.01, 0.64, 0.09, 0.64; sum 2.01; 2.01 / 8 = 0.25125
    assert "(0.3 - 1)² = 0.49" in text and "(0.8 - 0)² = 0.64" in text
    assert "Brier score = mean squared difference = 2.01 / 8 = 0.25125" in text
    # always 0.5: 0.25; always the base rate 3/8: 0.375 x 0.625 = 0.234375
    assert "always predicting 0.5 scores 0.25" in text
    assert "base rate 3/8 = 0.375 scores 0.375 × 0.625 = 0.234375" in text
    # low bin 0.1, 0.3, 0.3, 0.2: mean 0.9 / 4 = 0.225, 1 of 4 churned = 0.25
    assert "bin [0, 0.5]: 4 predictions (0.1, 0.3, 0.3, 0.2), mean 0.9 / 4 = 0.225; observed 1 of 4 = 0.25" in text
    # high bin 0.9, 0.8, 0.7, 0.8: mean 3.2 / 4 = 0.8, 2 of 4 = 0.5: too high, overconfident
    assert "bin (0.5, 1]: 4 predictions (0.9, 0.8, 0.7, 0.8), mean 3.2 / 4 = 0.8; observed 2 of 4 = 0.5" in text
    assert "gap |0.8 - 0.5| = 0.3: predictions too high: overconfident" in text
    # a 0.025 gap on four examples is noise, not a calibration verdict
    assert "gap |0.225 - 0.25| = 0.025: close to the diagonal (predictions slightly low)" in text
    # ECE = 4/8 x 0.025 + 4/8 x 0.3 = 0.0125 + 0.15 = 0.1625
    assert "= (4/8) × 0.025 + (4/8) × 0.3 = 0.0125 + 0.15 = 0.1625" in text
    assert "worse than always predicting 0.5 (0.25)" in worked.note
    assert "the worst bin, (0.5, 1], predicts 0.8 on average against 0.5 observed" in worked.note


def test_brier_ece_cites_the_readings_definition():
    worked = brier_ece(normalize(CALIBRATION_QUESTION))
    assert worked.source_id == "c-calibration"
    assert _cited_section(worked) == "Measuring calibration"  # the Brier and ECE bullets, one chunk


def test_brier_ece_reads_bracketed_lists_and_equal_width_bins_as_scikit_learn_bins_them():
    worked = brier_ece(
        normalize(
            "y_true = [0, 0, 1, 0, 1, 0, 1, 0], y_prob = [0.1, 0.3, 0.3, 0.2, 0.9, 0.8, 0.7, 0.8]. Brier score? "
            "And the ECE with 5 equal-width bins?"
        )
    )
    text = text_of(worked)
    assert "2.01 / 8 = 0.25125" in text
    # edges 0, 0.2, 0.4, 0.6, 0.8, 1 (an edge value in the lower bin): [0, 0.2] holds 0.1, 0.2 (mean 0.15, 0 of 2);
    # (0.2, 0.4] 0.3, 0.3 (0.3, 1 of 2); (0.6, 0.8] 0.8, 0.7, 0.8 (2.3 / 3, 1 of 3); (0.8, 1] 0.9 (1 of 1)
    assert "bin [0, 0.2]: 2 predictions (0.1, 0.2), mean 0.3 / 2 = 0.15; observed 0 of 2 = 0" in text
    assert "bin (0.6, 0.8]: 3 predictions (0.8, 0.7, 0.8), mean 2.3 / 3 = 0.766667; observed 1 of 3 = 0.333333" in text
    assert "bin (0.8, 1]: 1 prediction (0.9)" in text
    assert "empty bins, which add nothing: (0.4, 0.6]" in text
    # 2/8 x 0.15 + 2/8 x 0.2 + 3/8 x 13/30 + 1/8 x 0.1 = 0.0375 + 0.05 + 0.1625 + 0.0125 = 0.2625
    assert "= 0.0375 + 0.05 + 0.1625 + 0.0125 = 0.2625" in text

    calibration = pytest.importorskip("sklearn.calibration")
    metrics = pytest.importorskip("sklearn.metrics")
    y, p = [0, 0, 1, 0, 1, 0, 1, 0], [0.1, 0.3, 0.3, 0.2, 0.9, 0.8, 0.7, 0.8]
    observed, predicted = calibration.calibration_curve(y, p, n_bins=5)
    assert list(observed) == pytest.approx([0, 0.5, 1 / 3, 1]) and list(predicted) == pytest.approx(
        [0.15, 0.3, 2.3 / 3, 0.9]
    )
    assert metrics.brier_score_loss(y, p) == pytest.approx(0.25125)


def test_brier_ece_reproduces_the_readings_churn_example():
    worked = brier_ece(
        "scores 0.1, 0.2, 0.2, 0.2, 0.3, 0.7, 0.7, 0.8, 0.9, 0.9 with outcomes 0, 0, 1, 0, 0, 1, 0, 0, 1, 1: Brier "
        "score and ECE with two bins?"
    )
    text = text_of(worked)
    # the reading: 2.06 / 10 = 0.206; low bin 0.2 vs 0.2, high bin 0.8 vs 0.6; ECE 0.5 x 0 + 0.5 x 0.2 = 0.1
    assert "2.06 / 10 = 0.206" in text
    assert "(5/10) × 0 + (5/10) × 0.2 = 0 + 0.1 = 0.1" in text
    assert "beats both constant baselines (0.25 and 0.24)" in worked.note


def test_brier_alone_when_no_bins_are_named_and_pairs_read_either_way_round():
    worked = brier_ece("Brier score for outcomes 1, 0, 1, 1 with predicted probabilities 0.9, 0.2, 0.6, 0.5?")
    text = text_of(worked)
    # 0.01 + 0.04 + 0.16 + 0.25 = 0.46; 0.46 / 4 = 0.115; base rate 3/4: 0.75 x 0.25 = 0.1875
    assert "0.46 / 4 = 0.115" in text and "0.75 × 0.25 = 0.1875" in text
    assert "bin" not in text and "ECE" not in text
    pairs = brier_ece(
        "calibration check, (probability, outcome) pairs: (0.9, 1), (0.2, 0), (0.6, 1), (0.5, 0). Brier score and "
        "the reliability check with two bins split at 0.5?"
    )
    text = text_of(pairs)
    # 0.01 + 0.04 + 0.16 + 0.25 = 0.46 / 4 = 0.115; 0.5 on the edge goes to the lower bin: (0.2 + 0.5) / 2 = 0.35
    assert "0.46 / 4 = 0.115" in text
    assert "bin [0, 0.5]: 2 predictions (0.2, 0.5), mean 0.7 / 2 = 0.35; observed 0 of 2 = 0" in text
    assert "a prediction exactly on an edge (0.5) counts in the lower bin" in text
    # ECE = 0.5 x 0.35 + 0.5 x 0.25 = 0.175 + 0.125 = 0.3
    assert "= 0.175 + 0.125 = 0.3" in text


@pytest.mark.parametrize(
    "question",
    [
        # lists of different lengths
        "Brier score: predicted probabilities 0.1, 0.3, 0.8; outcomes 0, 1, 1, 0",
        # a probability above 1
        "Brier score: predicted probabilities 0.1, 1.3, 0.8; outcomes 0, 1, 1",
        # an outcome that is not 0 or 1
        "Brier score: predicted probabilities 0.1, 0.3, 0.8; outcomes 0, 2, 1",
        # two 0/1 lists, neither named: which holds the predictions?
        "calibration: 0, 1, 1, 0 against 1, 0, 1, 1. Brier?",
        # only one list
        "Brier score of 0.1, 0.3, 0.8?",
        # not about calibration
        "predicted probabilities 0.1, 0.3, 0.8; outcomes 0, 1, 1: what is the log loss?",
    ],
)
def test_brier_ece_computes_nothing_when_the_lists_are_unclear(question):
    assert brier_ece(normalize(question)) is None

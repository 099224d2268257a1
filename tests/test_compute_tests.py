"""Four computations heldout27 asked that no calculator read (so the answer gave only the reading's rule):
a chi-squared test of independence from group counts, MASE against the naive forecast, the splits of
scikit-learn's TimeSeriesSplit, and what a truncated SVD stores. Every figure was computed by hand in the
comment beside it; the chi-squared p-values and the splits also match SciPy and scikit-learn."""

from __future__ import annotations

import pytest

from app.answering.compute import work
from app.answering.compute.models import _tss_folds
from app.answering.compute.stats import chi2_sf
from tests.conftest import steps


def test_chi_squared_test_of_independence_from_group_totals_and_events():
    text = steps(
        "Is churn related to plan type? Basic plan: 200 customers, 30 churned. Premium: 300 customers, 30 "
        "churned. Can you do a chi-squared test of independence by hand (no continuity correction): expected "
        "counts, the statistic, the p-value? Is it significant at 0.05?"
    )
    # 60 of 500 churned: expected 200 x 60 / 500 = 24 and 176; 300 x 60 / 500 = 36 and 264
    assert "Basic plan 24 churned, 176 not; Premium 36 churned, 264 not" in text
    # 36/24 + 36/176 + 36/36 + 36/264 = 1.5 + 0.2045 + 1 + 0.1364 = 2.8409; df 1; p = erfc(sqrt(1.4205))
    assert "= 2.8409" in text and "degrees of freedom = (2 - 1) × (2 - 1) = 1" in text
    assert "p-value = P(χ² ≥ 2.8409) = 0.09189" in text and "not significant at 0.05" in text  # scipy: 0.091888
    # Yates: (|6| - 0.5)^2 = 30.25 over each expected: 1.2604 + 0.1719 + 0.8403 + 0.1146 = 2.3872
    assert "chi-squared = 2.3872" in text
    # three groups written "N of M": 20/100, 30/100, 50/100; expected 33.33 each; df 2
    three = steps(
        "chi-squared test please: variant A: 20 of 100 users converted, variant B: 30 of 100 users converted, "
        "variant C: 50 of 100 users converted"
    )
    assert "degrees of freedom = (3 - 1) × (2 - 1) = 2" in three and "reject independence" in three


@pytest.mark.parametrize(
    "x,df,expected", [(2.84, 1, 0.09194), (5.0, 2, 0.08208), (7.3, 3, 0.06293), (11.0, 4, 0.02656)]
)
def test_chi_squared_tail_matches_scipy(x, df, expected):
    assert chi2_sf(x, df) == pytest.approx(expected, abs=5e-5)


def test_mase_scaled_by_the_in_sample_naive_forecast_and_the_naive_forecast_scored():
    text = steps(
        "Scoring a forecast with MASE. Monthly training series: 120, 132, 125, 140, 151, 146. Test months: "
        "actuals 150 and 158, my model forecast 155 and 152. What are the MAE and the MASE? And how does a naive "
        "'repeat the last value' forecast score on the same two months?"
    )
    # naive errors 12, 7, 15, 11, 5: mean 10; errors 5 and 6: MAE 5.5, MASE 0.55; naive 146: 4 and 12, MAE 8
    assert "their mean, the scale, is 50 / 5 = 10" in text
    assert "MAE = 5.5; MASE = 5.5 / 10 = 0.55" in text
    assert "MAE = 8; MASE = 8 / 10 = 0.8" in text and "beats the naive one" in text
    assert work("what is MASE and why is it better than MAPE?") == [] or all(
        w.kind != "mase" for w in work("what is MASE and why is it better than MAPE?")
    )


def test_time_series_split_folds_as_scikit_learn_makes_them():
    text = steps(
        "I've got 48 months of data, one row per month, sorted by date. With sklearn's TimeSeriesSplit(n_splits=5) "
        "and default settings, which months go into train and test in each split? How does it change with "
        "n_splits=3, and what would gap=2 do?"
    )
    # 48 // 6 = 8: tests 9-16 ... 41-48; 48 // 4 = 12; a gap of 2 ends training two months before each test
    assert "split 1: train months 1-8, test 9-16" in text and "split 5: train months 1-40, test 41-48" in text
    assert "test_size = 48 // (3 + 1) = 12" in text and "split 3: train months 1-36, test 37-48" in text
    assert "split 1: train 1-6, test 9-16" in text and "split 5: train 1-38, test 41-48" in text


def test_time_series_split_folds_match_scikit_learn():
    import numpy as np
    from sklearn.model_selection import TimeSeriesSplit

    for n, k, gap, size, most in [
        (48, 5, 0, None, None),
        (100, 4, 3, 10, 30),
        (50, 5, 1, None, 20),
        (30, 2, 0, 5, None),
    ]:
        ref = TimeSeriesSplit(n_splits=k, gap=gap, test_size=size, max_train_size=most).split(np.zeros(n))
        assert [(tr[0] + 1, tr[-1] + 1, te[0] + 1, te[-1] + 1) for tr, te in ref] == _tss_folds(n, k, size, gap, most)


def test_truncated_svd_storage_break_even_and_error_from_the_kept_energy():
    text = steps(
        "I'm compressing a 1000 x 800 grayscale image with truncated SVD, keeping the top 50 singular values and "
        "their vectors. How many numbers do I have to store compared with the full image? Past what k does it stop "
        "saving space? If the 50 kept singular values account for 95% of the sum of squared singular values, how "
        "big is the relative reconstruction error in the Frobenius norm?"
    )
    # 50 x 1801 = 90,050 against 800,000: 11.3%, 8.88 : 1; 800,000 / 1801 = 444.2; sqrt(0.05) = 0.2236
    assert "50 × (1000 + 800 + 1) = 90,050" in text and "800,000" in text
    assert "11.3% of the original" in text and "8.88 : 1" in text
    assert "k < 800,000 / 1801 = 444.2" in text and "from k = 445 on" in text
    assert "√0.05 = 0.2236" in text and "not 5%" in text


def test_a_box_through_a_stretch_and_a_letterbox_resize():
    text = steps(
        "Resizing for my detector, which takes 640x640 input. Original image is 1280x720 with a ground-truth box "
        "(x1, y1, x2, y2) = (320, 180, 640, 540). (a) If I just stretch-resize to 640x640, what's the new box? "
        "(b) With letterbox resizing, what are the scale, the padding and the new box?"
    )
    # stretch: x by 0.5, y by 640/720 = 0.8889: (160, 160, 320, 480), 160 x 320 against 320 x 360
    assert "(160, 160, 320, 480)" in text and "width / height = 0.5" in text
    # letterbox: s = 0.5, 640 x 360, (640 - 360) / 2 = 140 above and below: y' = 0.5 y + 140
    assert "s = min(640 / 1280, 640 / 720) = 0.5" in text and "140 pixels at the top and at the bottom" in text
    assert "(160, 230, 320, 410)" in text and "y = (y' - 140) / 0.5" in text
    # the model's size written first and the photo's second: 800 x 600 into 416: s = 0.52, pad 52
    other = steps("the model takes 416x416; resizing a 800x600 photo with a box (0, 0, 400, 300), what is the new box?")
    assert "(0, 52, 208, 208)" in other


def test_two_candidate_replies_scored_by_total_and_per_token_log_probability():
    text = steps(
        "comparing two candidate replies my LM scored. Reply A has 3 tokens with probabilities 0.6, 0.5, 0.5. "
        "Reply B has 6 tokens: 0.8, 0.7, 0.8, 0.6, 0.7, 0.7. which reply has the higher total probability, and "
        "which has the higher average log-probability per token?"
    )
    # A: 0.15, ln = -1.8971, / 3 = -0.6324; B: 0.131712, ln = -2.0271, / 6 = -0.3379
    assert "= 0.15, ln P = -1.8971" in text and "-1.8971 / 3 = -0.6324" in text
    assert "= 0.1317, ln P = -2.0271" in text and "-2.0271 / 6 = -0.3379" in text
    assert "highest total probability: Reply A; highest average log-probability per token: Reply B" in text


def test_a_grid_counts_an_axis_of_strings_too():
    text = steps(
        '```python\nparam_grid = {"kernel": ["linear", "rbf"],\n              "C": [0.1, 1, 10, 100],\n'
        '              "gamma": [0.001, 0.01, 0.1, 1, 10]}\nGridSearchCV(SVC(), param_grid, cv=5)\n```\n'
        "How many model fits is this?"
    )
    # heldout27: the kernel list was dropped (4 x 5 = 20, 100 fits): 2 x 4 x 5 = 40 configurations, 200 fits + 1
    assert "Configurations: 2 × 4 × 5 = 40" in text and "40 × 5 = 200" in text and "= 201" in text


def test_an_n_step_q_learning_target_against_the_one_step_update():
    text = steps(
        "trying 3-step Q-learning targets. from (s0, a0) the next three rewards were 0, 0, 1 and the episode "
        "didn't end; in s3, max_a Q(s3, a) = 2.0. gamma = 0.9, alpha = 0.1, Q(s0, a0) is currently 0.5. what's the "
        "3-step target and the updated Q(s0, a0)? compare with the plain 1-step update if max_a Q(s1, a) = 0.4"
    )
    # 0.81 x 1 + 0.729 x 2 = 2.268; 0.5 + 0.1 x 1.768 = 0.6768; one step: 0.9 x 0.4 = 0.36, 0.5 - 0.014 = 0.486
    assert "= 0 + 0.9 × 0 + 0.81 × 1 + 0.729 × 2 = 2.268" in text
    assert "0.5 + 0.1 × (2.268 - 0.5) = 0.6768" in text and "= 0.36; update: 0.5 + 0.1 × (0.36 - 0.5) = 0.486" in text
    # an episode that ended: no bootstrap, 1 + 0.9 x 2 = 2.8
    ended = steps("2-step q-learning target: rewards were 1, 2 and then the episode ended. gamma = 0.9")
    assert "nothing to bootstrap from" in ended and "= 1 + 0.9 × 2 = 2.8" in ended

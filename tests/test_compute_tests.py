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

"""Calculators from the h33 review (B): PCA of a singular 2x2 covariance matrix (models.pca_covariance, extended),
ARIMA(0,1,1) forecasts, named policies of a small stochastic MDP and the largest LSTM / GRU hidden size within a
parameter budget (h33_b, not yet registered, so called directly on the normalized question as `work` would).
Every figure below was worked by hand in the comment beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.h33_b import arima_011, mdp_policies, recurrent_budget
from app.answering.compute.models import pca_covariance
from app.answering.compute.parse import Worked, normalize
from tests.compute_checks import cited_document, text_of


def _cites(worked: Worked | None) -> str:
    text = text_of(worked)
    assert worked is not None and re.search(worked.cue, cited_document(worked))
    return text


# --- PCA of a singular covariance matrix ---------------------------------------------------------------------------

PCA_QUESTION = (
    "two centered features with covariance matrix [[4, 2], [2, 1]]. what are the PCA eigenvalues, the first "
    "component and its explained variance ratio? something feels off about the 2nd one"
)


def test_pca_of_perfectly_correlated_features_gives_all_variance_to_pc1():
    text = _cites(pca_covariance(normalize(PCA_QUESTION)))
    # trace 5, determinant 4 - 4 = 0: eigenvalues 5 and 0; PC1 (2, 1)/sqrt 5; ratio 5 / 5 = 100%
    assert "5 and 0" in text
    assert "= 100%" in text and "[0.8944, 0.4472]" in text
    # PC2 (1, -2)/sqrt 5 with 0%; r = 2 / sqrt(4 x 1) = 1, feature 1 = 2 x feature 2
    assert "[0.4472, -0.8944]" in text and "0%" in text
    assert "r = 2 / √(4 × 1) = 1" in text and "feature 1 = 2 × feature 2" in text


def test_pca_singular_other_numbers():
    # [[9, 3], [3, 1]]: trace 10, det 0 -> 10 and 0; PC1 (3, 1)/sqrt 10 = (0.9487, 0.3162); r = 3 / 3 = 1
    text = _cites(
        pca_covariance(normalize("PCA on covariance [[9, 3], [3, 1]]: explained variance of each component?"))
    )
    assert "10 and 0" in text and "100%" in text and "[0.9487, 0.3162]" in text and "× feature 2" in text
    # [[1, -2], [-2, 4]]: eigenvalues 5 and 0, r = -2 / 2 = -1, feature 1 = -2/4 = -0.5 x feature 2
    text = _cites(pca_covariance(normalize("covariance matrix [[1, -2], [-2, 4]], what does PCA give?")))
    assert "5 and 0" in text and "= -1" in text and "feature 1 = -0.5 × feature 2" in text


@pytest.mark.parametrize(
    "question",
    [
        "PCA with covariance matrix [[4, 3], [3, 1]]?",  # 9 > 4: not a covariance matrix
        "covariance matrix [[4, 2], [2, 1]], what are its eigenvalues?",  # no PCA asked
        "PCA of two features, covariance 4 and 1, what share does PC1 explain?",  # no matrix
    ],
)
def test_pca_singular_near_misses(question):
    assert pca_covariance(normalize(question)) is None


def test_pca_non_singular_unchanged():
    text = text_of(pca_covariance(normalize("PCA, covariance matrix [[2, 1], [1, 2]]")))
    assert "3 and 1" in text and "75%" in text and "correlation r" not in text


# --- ARIMA(0,1,1) forecasts ----------------------------------------------------------------------------------------

ARIMA_QUESTION = (
    "fitted ARIMA(0,1,1) with no constant, so the differences follow y'_t = e_t + 0.5 e_(t-1). last value y_100 = "
    "200 and the last estimated shock is e_100 = 6. forecasts for t = 101, 102, 103? where does it go long term?"
)


def test_arima_011_question():
    text = _cites(arima_011(normalize(ARIMA_QUESTION)))
    # difference 0.5 x 6 = 3 -> 203, then future shocks forecast 0 -> 203, 203; fixed level, widening intervals
    assert "0.5 × 6 = 3" in text and "200 + 3 = 203" in text
    assert "t = 102" in text and "t = 103" in text and "t = 104" not in text
    assert "fixed level 203" in text and "widening" in text


def test_arima_011_theta_named_and_negative():
    # theta = -0.4, e_50 = 5: difference -0.4 x 5 = -2 -> 120 - 2 = 118, then 118
    q = "ARIMA(0,1,1), theta = -0.4, no constant. y_50 = 120 and e_50 = 5. forecast t = 51 and t = 52"
    text = _cites(arima_011(normalize(q)))
    assert "= -2" in text and "118" in text and "t = 52" in text and "t = 53" not in text


def test_arima_011_with_drift():
    # 0.3 + (-0.4)(-2) = 1.1 -> 51.1, then + 0.3 each: 51.4, 51.7; a straight line
    q = "ARIMA(0,1,1) with drift: Δy_t = 0.3 + e_t - 0.4 e_(t-1). y_20 = 50, e_20 = -2. forecasts for t = 21, 22, 23?"
    worked = arima_011(normalize(q))
    text = _cites(worked)
    assert "= 1.1" in text and "51.1" in text and "51.4" in text and "51.7" in text
    assert "straight line" in text


@pytest.mark.parametrize(
    "question",
    [
        "ARIMA(1,1,0) with phi = 0.5, y_99 = 190, y_100 = 200. forecasts for t = 101, 102?",  # other model
        "ARIMA(0,1,1), y'_t = e_t + 0.5 e_(t-1), last value y_100 = 200. forecasts?",  # no shock
        "ARIMA(0,1,1) with a constant, y'_t = e_t + 0.5 e_(t-1), y_100 = 200, e_100 = 6",  # constant not given
        "ARIMA(0,1,1), y'_t = e_t + 0.5 e_(t-1), y_100 = 200, e_99 = 6. forecasts?",  # shock at another time
        "what does an ARIMA(0,1,1) forecast look like long term?",  # no numbers
    ],
)
def test_arima_011_near_misses(question):
    assert arima_011(normalize(question)) is None


# --- named policies of a small stochastic MDP ----------------------------------------------------------------------

MDP_QUESTION = (
    "machine MDP from the reading (cool/slow: +1 stay cool; cool/fast: +2 go hot; hot/slow: 0, cool w.p. 0.5 else "
    "hot; hot/fast: -5 stay hot) but with gamma = 0.5. what are the values of the policy 'fast when cool, slow when "
    "hot' vs 'always slow'? which is better now?"
)


def test_mdp_policies_question():
    text = _cites(mdp_policies(normalize(MDP_QUESTION)))
    # fast-cool: V(c) = 2 + 0.5 V(h), V(h) = V(c)/3 -> V(c) = 2.4, V(h) = 0.8
    assert "V(cool) = 2.4, V(hot) = 0.8" in text
    # always slow: V(c) = 1 / 0.5 = 2, V(h) = 0.5 + 0.25 V(h) -> 2/3
    assert "V(cool) = 2, V(hot) = 2/3" in text
    # better: fast-cool; greedy: in cool slow 1 + 0.5 x 2.4 = 2.2 vs fast 2.4
    assert "'fast when cool, slow when hot' is at least as good" in text
    assert "= 2.2" in text and "so it is optimal" in text


def test_mdp_policies_reading_format_two_gammas():
    # gamma 0.9: always slow V(c) = 10, V(h) = 4.5 / 0.55 = 8.1818; fast-cool V(c) = 22 / 2.9 = 7.5862
    q = (
        "cool, slow: reward 1, stays cool. cool, fast: reward 2, becomes hot. hot, slow: reward 0 (cooling down), "
        "becomes cool with probability 0.5, stays hot with probability 0.5. hot, fast: reward -5, stays hot. "
        "compare the policies 'always slow' and 'fast when cool, slow when hot' with gamma = 0.9 and gamma = 0.5"
    )
    text = _cites(mdp_policies(normalize(q)))
    assert "V(cool) = 10, V(hot) = 90/11" in text
    assert "7.586" in text
    assert "γ = 0.9: 'always slow' is at least as good" in text
    assert "γ = 0.5: 'fast when cool, slow when hot' is at least as good" in text


def test_mdp_policies_other_numbers():
    # always wait: V(L) = 1 / 0.2 = 5, V(H) = 3.6 / 0.52 = 90/13 = 6.923
    # work-low: 0.264 V(H) = 2.96 -> V(H) = 370/33 = 11.212, V(L) = 395/33 = 11.970
    q = (
        "low/wait: +1 stay low; low/work: +3 go high; high/wait: +2, low w.p. 0.4 else high; high/work: -1 stay "
        "high. gamma = 0.8. value of the policy 'always wait' vs 'work when low, wait when high'?"
    )
    text = _cites(mdp_policies(normalize(q)))
    assert "V(low) = 5, V(high) = 90/13" in text
    assert "V(low) = 395/33 ≈ 11.97, V(high) = 370/33 ≈ 11.212" in text
    assert "'work when low, wait when high' is at least as good" in text and "so it is optimal" in text


@pytest.mark.parametrize(
    "question",
    [
        # no discount
        "cool/slow: +1 stay cool; cool/fast: +2 go hot; hot/slow: 0, cool w.p. 0.5 else hot; hot/fast: -5 stay "
        "hot. values of the policy 'always slow'?",
        # a policy that does not say what to do in hot
        "cool/slow: +1 stay cool; cool/fast: +2 go hot; hot/slow: 0, cool w.p. 0.5 else hot; hot/fast: -5 stay "
        "hot. gamma = 0.5. value of the policy 'fast when cool'?",
        # a random transition without its probability
        "cool/slow: +1 stay cool; cool/fast: +2 go hot; hot/slow: 0, cool or hot; hot/fast: -5 stay hot. "
        "gamma = 0.5. value of the policy 'always slow'?",
        # value iteration of a different MDP form, no named policy
        "in state 'high' it can 'search' (reward 1.8, goes to 'low') or 'wait' (reward 1, stays 'high'). "
        "gamma = 0.9. what is the optimal policy?",
        "what is the value of a policy in an MDP?",
    ],
)
def test_mdp_policies_near_misses(question):
    assert mdp_policies(normalize(question)) is None


# --- the largest LSTM / GRU hidden size within a budget -------------------------------------------------------------

BUDGET_QUESTION = (
    "i have a budget of about 50,000 params for one recurrent layer with 20 input features (pytorch, default two "
    "bias vectors). what's the biggest hidden_size i can use for nn.LSTM, and for nn.GRU?"
)


def test_recurrent_budget_question():
    text = _cites(recurrent_budget(normalize(BUDGET_QUESTION)))
    # LSTM: 4 x 101 x 123 = 49,692 <= 50,000 < 4 x 102 x 124 = 50,592
    assert "4 × 101 × 123 = 49,692" in text and "50,592" in text and "largest hidden_size is 101" in text
    # GRU: 3 x 118 x 140 = 49,560 <= 50,000 < 3 x 119 x 141 = 50,337
    assert "3 × 118 × 140 = 49,560" in text and "50,337" in text and "largest hidden_size is 118" in text
    assert "sequence length" in text


def test_recurrent_budget_other_phrasings():
    # GRU, 64 inputs, 100k: 3 x 152 x 218 = 99,408; 3 x 153 x 219 = 100,521
    q = "max hidden size for an nn.GRU with input_size = 64 and at most 100k params?"
    text = _cites(recurrent_budget(normalize(q)))
    assert "99,408" in text and "100,521" in text and "largest hidden_size is 152" in text and "LSTM" not in text
    # LSTM, 10 inputs, 20,000: 4 x 64 x 76 = 19,456; 4 x 65 x 77 = 20,020
    q = "parameter budget of 20,000 and 10 input features: largest hidden size for an LSTM?"
    text = _cites(recurrent_budget(normalize(q)))
    assert "19,456" in text and "20,020" in text and "largest hidden_size is 64" in text


@pytest.mark.parametrize(
    "question",
    [
        "how many parameters does nn.LSTM(input_size=20, hidden_size=100) have?",  # a count, not a budget
        "budget of 50,000 params, what's the biggest hidden_size for nn.LSTM?",  # no input size
        "20 input features, what's the biggest hidden_size for nn.LSTM?",  # no budget
        "budget of 50,000 params, 20 input features, biggest hidden_size for a 2 layers nn.LSTM?",  # stacked
        "what's the biggest hidden_size for an LSTM?",
    ],
)
def test_recurrent_budget_near_misses(question):
    assert recurrent_budget(normalize(question)) is None

"""Session 36 (heldout35), blind set A: mini-batch gradient steps on a one-number toy, the mean, standard deviation
and averages' range of a two-valued latency mix, an XGBoost leaf under log-loss (through `leaf_weight`) and the
row-centred result `broadcast` now adds, called directly on the normalized question as `work` would.
Every figure below was computed by hand in the comment beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.h35_a import latency_mix, sgd_minibatch_toy
from app.answering.compute.maths import broadcast
from app.answering.compute.models import leaf_weight
from app.answering.compute.parse import Worked, normalize
from tests.compute_checks import cited_document, text_of


def _cites(worked: Worked) -> None:
    assert re.search(worked.cue, cited_document(worked))


# --- mini-batch gradient steps (c-gradient-descent) ----------------------------------------------------------

SGD_QUESTION = (
    "trying to get a feel for SGD noise with a toy. i'm fitting a single number w to the data [1, 2, 6, 7] with "
    "L(w) = mean of (w - x_i)^2, currently w = 3, lr = 0.1. what's the full-batch gradient and where does one step "
    "take me? then with mini-batches of 2: what do batch {1, 2} and batch {6, 7} give? one of them makes the full "
    "loss go UP, so is minibatch SGD just broken?"
)


def test_sgd_toy_gives_full_and_minibatch_steps_of_the_learner():
    worked = sgd_minibatch_toy(normalize(SGD_QUESTION))
    text = text_of(worked)
    # gradients 2(3 - x) = 4, 2, -6, -8; mean -2; w = 3 + 0.2 = 3.2; loss (4 + 1 + 9 + 16)/4 = 7.5 -> 7.14
    assert "[4, 2, -6, -8]" in text and "= -2" in text
    assert "= 3.2" in text and "7.5 → 7.14" in text and "w = 4" in text
    # batch {1, 2}: (4 + 2)/2 = 3, w = 2.7, loss (2.89 + 0.49 + 10.89 + 18.49)/4 = 8.19; {6, 7}: -7, 3.7, 6.59
    assert "= 3, w = 3 - 0.1 × 3 = 2.7; the full loss rises to 8.19" in text
    assert "= -7, w = 3 - 0.1 × (-7) = 3.7; the full loss falls to 6.59" in text
    # the six pairs average to the full gradient
    assert "all 6 possible batches of 2, the batch gradient is -2" in text
    assert "noisy estimate" in text and "not a bug" in text
    _cites(worked)


def test_sgd_toy_other_numbers():
    q = (
        "SGD toy: data = [2, 4, 9], L(w) = average of (x_i - w)^2, w0 = 1, learning rate 0.5. what is the full-batch "
        "gradient and one step? and the mini-batch {2, 4}?"
    )
    text = text_of(sgd_minibatch_toy(normalize(q)))
    # gradients 2(1 - x) = -2, -6, -16; mean -8; w = 1 + 4 = 5; loss 74/3 = 24.6667 -> (16 + 1 + 16)/3 ... at w = 5:
    # (3^2 + 1^2 + 4^2)/3 = 26/3 = 8.6667
    assert "[-2, -6, -16]" in text and "= -8" in text and "24.6667 → 8.6667" in text
    # batch {2, 4}: mean of -2, -6 = -4; w = 1 + 2 = 3; loss (1 + 1 + 36)/3 = 12.6667, lower than 24.6667
    assert "= -4, w = 1 - 0.5 × (-4) = 3; the full loss falls to 12.6667" in text
    assert "not a bug" not in text


def test_sgd_toy_batch_size_one_averages_to_the_full_gradient():
    q = "stochastic gradient with mini-batches of 1: data [0, 4], L(w) = mean of (w - x)^2, w = 1, lr = 0.25. step?"
    text = text_of(sgd_minibatch_toy(normalize(q)))
    # gradients 2, -6; mean -2; w = 1.5; loss (1 + 9)/2 = 5 -> (2.25 + 6.25)/2 = 4.25; (2 - 6)/2 = -2 over 2 batches
    assert "= -2" in text and "= 1.5" in text and "5 → 4.25" in text
    assert "all 2 possible batches of 1, the batch gradient is -2" in text


@pytest.mark.parametrize(
    "question",
    [
        # no learning rate
        "SGD toy: data [1, 2, 6, 7], L(w) = mean of (w - x_i)^2, w = 3. what's the full-batch gradient?",
        # a summed loss, not a mean
        "SGD toy: data [1, 2, 6, 7], L(w) = sum of (w - x_i)^2, w = 3, lr = 0.1. full-batch gradient?",
        # a batch that is not part of the data
        "minibatch SGD: data [1, 2, 6, 7], L(w) = mean of (w - x_i)^2, w = 3, lr = 0.1; batch {3, 5}?",
        # a different method: momentum with no loss of this form
        "SGD with momentum 0.9, lr = 0.1, gradients [1, 2, 3]: what are the velocities?",
        "is minibatch SGD just broken if the loss goes up?",
    ],
)
def test_sgd_toy_computes_nothing_without_its_numbers(question):
    assert sgd_minibatch_toy(normalize(question)) is None


# --- a two-valued latency mix (s1-probability-statistics) ----------------------------------------------------

LATENCY_QUESTION = (
    "Our model API has a cache: about 80% of requests are hits and take 5 ms, the other 20% miss and take 105 ms. "
    "What's the expected latency and its standard deviation per request? The dashboard shows the average of each "
    "batch of 100 requests - roughly what range should 95% of those averages fall in? Does that also mean individual "
    "latencies are roughly normal around 25 ms?"
)


def test_latency_mix_of_the_learner():
    worked = latency_mix(normalize(LATENCY_QUESTION))
    text = text_of(worked)
    # 0.8*5 + 0.2*105 = 25; E[X^2] = 20 + 2205 = 2225; var 2225 - 625 = 1600; sd 40; SE 40/10 = 4; 25 +/- 7.84
    assert "= 25 ms" in text and "= 2,225" in text and "= 1,600" in text and "= 40 ms" in text
    assert "= 4 ms" in text and "17.16 to 32.84 ms" in text
    assert "not single requests" in text and "none near 25 ms" in text
    _cites(worked)


def test_latency_mix_other_numbers():
    q = (
        "90% of calls take 2 ms and 10% take 52 ms. What's the expected latency and standard deviation, and the range "
        "of 95% of the averages of 25 calls?"
    )
    worked = latency_mix(normalize(q))
    text = text_of(worked)
    # E = 1.8 + 5.2 = 7; E[X^2] = 3.6 + 270.4 = 274; var 274 - 49 = 225; sd 15; SE 15/5 = 3; 7 +/- 5.88
    assert "= 7 ms" in text and "= 274" in text and "= 225" in text and "= 15 ms" in text
    assert "= 3 ms" in text and "1.12 to 12.88 ms" in text
    _cites(worked)


def test_latency_mix_three_groups_without_averages():
    q = "70% of queries take 10 ms, 20% take 20 ms and 10% take 100 ms; what's the mean and standard deviation?"
    worked = latency_mix(normalize(q))
    text = text_of(worked)
    # E = 7 + 4 + 10 = 21; E[X^2] = 70 + 80 + 1000 = 1150; var 1150 - 441 = 709; sd sqrt(709) = 26.6271
    assert "= 21 ms" in text and "= 1,150" in text and "= 709" in text and "26.6271 ms" in text
    assert "standard error" not in text and "none near" not in text  # 20 ms is near 21
    _cites(worked)


@pytest.mark.parametrize(
    "question",
    [
        # shares do not add up to 100%
        "80% of requests take 5 ms and 10% take 105 ms. expected latency and standard deviation?",
        # no spread asked
        "80% of requests take 5 ms, the other 20% take 105 ms. is the cache worth it?",
        # two units
        "80% of requests take 5 ms, the other 20% take 2 seconds. expected latency and standard deviation?",
        "what is the standard deviation of latency?",
    ],
)
def test_latency_mix_computes_nothing_without_its_numbers(question):
    assert latency_mix(normalize(question)) is None


# --- an XGBoost leaf under log-loss (s2-ensemble-methods) ----------------------------------------------------

XGB_QUESTION = (
    "Trying to see XGBoost's leaf formula w* = -G/(H + lambda) with log-loss instead of squared error. One leaf holds "
    "5 rows with labels 1, 1, 1, 1, 0 and the current raw score (log-odds) is 0 for all of them. What are the "
    "gradients and hessians, and the leaf weight for lambda = 1 and lambda = 0? With eta = 0.3 and lambda = 1, what "
    "probability do these rows get after this tree?"
)


def test_logloss_leaf_of_the_learner():
    worked = leaf_weight(normalize(XGB_QUESTION))
    text = text_of(worked)
    # p = 0.5; g = -0.5 (x4), +0.5; G = -1.5; h = 0.25 each, H = 1.25; w = 1.5/2.25 = 0.6667, 1.5/1.25 = 1.2
    assert "G = 4 × (-0.5) + 1 × 0.5 = -1.5" in text and "H = 5 × 0.25 = 1.25" in text
    assert "= 0.6667" in text and "= 1.2" in text
    # 0.3 * 0.6667 = 0.2; sigmoid(0.2) = 0.550; best constant ln 4 = 1.386
    assert "= 0.2, so p = sigmoid(0.2) = 0.55" in text and "1.386" in text
    _cites(worked)


def test_logloss_leaf_other_numbers():
    q = (
        "XGBoost with logistic loss: a leaf has 4 rows, labels 1, 0, 0, 0, raw score 0 for each, lambda = 0. "
        "leaf weight?"
    )
    text = text_of(leaf_weight(normalize(q)))
    # G = -0.5 + 1.5 = 1; H = 4 * 0.25 = 1; w = -1/1 = -1; best constant ln(1/3) = -1.099
    assert "G = 1 × (-0.5) + 3 × 0.5 = 1" in text and "H = 4 × 0.25 = 1" in text
    assert "= -1" in text and "-1.099" in text


def test_logloss_leaf_from_a_nonzero_score():
    q = "binary log-loss leaf in xgboost: labels 1, 1, 0, raw score = 1, lambda = 1, eta = 0.5. leaf value and new p?"
    text = text_of(leaf_weight(normalize(q)))
    # p = sigmoid(1) = 0.7311; G = 2(-0.2689) + 0.7311 = 0.1932; h = 0.1966, H = 0.5898; w = -0.1932/1.5898 = -0.1215
    # new score 1 - 0.0608 = 0.9392; sigmoid = 0.719
    assert "p = sigmoid(1) = 0.7311" in text and "= 0.1932" in text and "= 0.5898" in text
    assert "= -0.1215" in text and "p = sigmoid(0.9392) = 0.719" in text


@pytest.mark.parametrize(
    "question",
    [
        # regression targets, not 0/1 labels
        "xgboost log-loss leaf: labels 3, 5, 8, raw score 0, lambda = 1. leaf weight?",
        # no raw score
        "xgboost log-loss leaf with labels 1, 1, 0 and lambda = 1: leaf weight?",
        # no lambda
        "xgboost log-loss leaf with labels 1, 1, 0, raw score 0: leaf weight?",
        # row count disagrees with the labels
        "xgboost log-loss: a leaf of 4 rows with labels 1, 1, 0, raw score 0, lambda = 1. leaf weight?",
    ],
)
def test_logloss_leaf_computes_nothing_without_its_numbers(question):
    assert leaf_weight(normalize(question)) is None


# --- the row-centred result `broadcast` adds (s1-python) -----------------------------------------------------

CENTRE_QUESTION = (
    "centering rows of a small array: a = np.array([[2., 4.], [6., 10.]]). i wrote a - a.mean(axis=1) and it ran "
    "with no error (unlike my 3x4 array last week which crashed). what did it actualy compute, and what should the "
    "row-centered result be?"
)


def test_broadcast_gives_the_row_centred_result():
    worked = broadcast(normalize(CENTRE_QUESTION))
    text = text_of(worked)
    # row means [3, 8] subtracted from the columns: [[-1, -4], [3, 2]], row sums -5 and 5; meant: [[-1, 1], [-2, 2]]
    assert "[[-1, -4], [3, 2]]" in text and "[-5, 5]" in text
    assert "[[-1, 1], [-2, 2]]; every row sums to 0" in text and "keepdims=True" in text
    _cites(worked)


def test_broadcast_row_centred_other_numbers():
    q = "b = np.array([[0., 2.], [4., 10.]]); what does b - b.mean(axis=1) give?"
    text = text_of(broadcast(normalize(q)))
    # means [1, 7]: [[0-1, 2-7], [4-1, 10-7]] = [[-1, -5], [3, 3]], sums [-6, 6]; meant [[-1, 1], [-3, 3]]
    assert "[[-1, -5], [3, 3]]" in text and "[-6, 6]" in text and "[[-1, 1], [-3, 3]]" in text


@pytest.mark.parametrize(
    "question",
    [
        # equal row means: subtracting them column-wise is already right
        "a = np.array([[1., 3.], [0., 4.]]); what does a - a.mean(axis=1) give?",
        # column centring is what axis=0 means
        "a = np.array([[2., 4.], [6., 10.]]); what does a - a.mean(axis=0) give?",
    ],
)
def test_broadcast_adds_no_row_centring_when_nothing_is_wrong(question):
    worked = broadcast(normalize(question))
    assert worked is None or "row-centred as meant" not in text_of(worked)

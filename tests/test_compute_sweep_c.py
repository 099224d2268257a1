"""The calculators of the stage 3 sweep (`app.answering.compute.sweep_c`, not yet registered in
`app.answering.compute.CALCULATORS`), called directly on the normalized question as `work` would: ADF and KPSS
p-values read together, gradient clipping by norm and by value, step-decay and cosine-annealing learning rates,
multinomial naive Bayes on labelled messages, max and average pooling of a small map, Holt and damped-trend
forecasts, and the action count of a discretized action space. Every figure below was computed by hand in the
comment beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.parse import Worked, normalize
from app.answering.compute.sweep_c import (
    discretized_actions,
    grad_clipping,
    holt_forecast,
    lr_decay,
    naive_bayes,
    pooling_grid,
    stationarity_tests,
)
from tests.compute_checks import cited_document, text_of


def _cites(worked: Worked | None, kind: str, source: str) -> str:
    assert worked is not None and worked.kind == kind
    assert worked.source_id == source
    assert re.search(worked.cue, cited_document(worked))
    return text_of(worked)


def _has(text: str, figures: list[str]) -> None:
    for figure in figures:
        assert figure in text, figure


# --- ADF and KPSS read together (c-stationarity-tests) -------------------------------------------------------

STATIONARITY_QUESTION = (
    "I ran adfuller and kpss on my weekly demand series: the ADF p-value is 0.03 and the KPSS p-value is 0.02. "
    "So is it stationary or do I still need to difference it?"
)


def test_stationarity_reads_both_tests_and_the_four_case_table():
    worked = stationarity_tests(normalize(STATIONARITY_QUESTION))
    text = _cites(worked, "stationarity_tests", "c-stationarity-tests")
    # ADF 0.03 < 0.05 rejects its unit root; KPSS 0.02 < 0.05 rejects its stationarity: both reject
    assert "ADF (null hypothesis: a unit root, non-stationary): p = 0.03 < 0.05 (the usual level)" in text
    assert "rejects the unit root: evidence that the series is stationary" in text
    assert "KPSS (null hypothesis: stationary around a constant level): p = 0.02 < 0.05" in text
    assert "rejects stationarity: evidence that the series is non-stationary" in text
    assert "difference-stationary series, so differencing is the usual remedy" in text
    assert "opposite sides of the null" in worked.note


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # one ADF p-value, the usual misreading: 0.40 ≥ 0.05 cannot reject the unit root
        (
            "ran an ADF test on my monthly sales series and got p = 0.40. since p > 0.05 the series is stationary, so "
            "I can fit an ARMA directly without differencing, yes?",
            ["p = 0.4 ≥ 0.05 (the usual level)", "cannot reject the unit root", "on ADF alone: difference the series"],
        ),
        # the other misreading: 0.003 < 0.05 is evidence FOR stationarity
        (
            "ADF test on my monthly sales gives p = 0.003, so the series is non-stationary and I need to difference "
            "it before fitting ARIMA, right?",
            ["p = 0.003 < 0.05", "evidence that the series is stationary", "no differencing needed on this evidence"],
        ),
        # ADF 0.2 ≥ 0.05 and KPSS 0.1 ≥ 0.05: neither rejects; 0.1 is the top of statsmodels' KPSS table
        (
            "p-values: ADF 0.2, KPSS 0.1 at alpha = 0.05. what now?",
            ["p = 0.2 ≥ 0.05, so it cannot reject", "it means 0.1 or larger", "trend-stationary series"],
        ),
        # at the 1% level 0.02 and 0.04 both stay above 0.01: neither rejects
        (
            "the p-value of the ADF test is 0.02 and KPSS gives 0.04 at the 1% level",
            ["p = 0.02 ≥ 0.01", "p = 0.04 ≥ 0.01", "ADF sees a unit root while KPSS sees stationarity"],
        ),
        # KPSS alone, run around a trend: 0.01 < 0.05 rejects
        (
            'kpss(y, regression="ct") returns p = 0.01 for my series. stationary?',
            ["stationary around a trend): p = 0.01", "it means 0.01 or smaller", "on KPSS alone: difference"],
        ),
    ],
)
def test_stationarity_reads_other_phrasings(question, expected):
    text = _cites(stationarity_tests(normalize(question)), "stationarity_tests", "c-stationarity-tests")
    _has(text, expected)


@pytest.mark.parametrize(
    "question",
    [
        "What does the ADF test check, and how is KPSS different?",  # no p-value
        # raw and differenced series: two p-values per test
        "raw series: ADF p = 0.62, KPSS p = 0.01. first differences: ADF p = 0.003, KPSS p = 0.1",
        "ADF statistic is -3.4 with 12 lags; is that stationary?",  # a statistic, not a p-value
        "ADF p = 0.03 at alpha = 0.5",  # not a plausible test level
        "my Ljung-Box test on the residuals gives p = 0.02",  # another test
    ],
)
def test_stationarity_computes_nothing_when_unsure(question):
    assert stationarity_tests(normalize(question)) is None


# --- gradient clipping by norm and by value (s3-sequence-models) -------------------------------------------

CLIPPING_QUESTION = (
    "my LSTM's loss spikes every now and then so I'm adding gradient clipping. toy check: say the gradient is "
    "g = (3, -4, 12). what do clip_grad_norm_ with max_norm = 5 and clip_grad_value_ with clip_value = 5 each turn it "
    "into? they're the same thing anyway - both just cap the gradient at 5"
)


def test_grad_clipping_by_norm_and_by_value():
    worked = grad_clipping(normalize(CLIPPING_QUESTION))
    text = _cites(worked, "grad_clipping", "s3-sequence-models")
    # ‖g‖ = √(9 + 16 + 144) = 13; 5 / 13 = 0.384615: (1.1538, -1.5385, 4.6154)
    assert "‖g‖ = √(3² + (-4)² + 12²) = √169 = 13" in text
    assert "multiplied by 5 / 13 = 0.3846: [1.1538, -1.5385, 4.6154], with norm 5 and the same direction" in text
    # by value: (3, -4, 5), norm √50 = 7.0711; cosine 85 / (13 × 7.0711) = 0.9247, 22.4 degrees
    assert "[3, -4, 5], with norm 7.0711; its direction turns by 22.4° (cosine with the original 0.9247)" in text
    assert "keeps its direction" in worked.note


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # ‖g‖² = 0.25 + 4 + 1 + 16 = 21.25, ‖g‖ = 4.6098; × 1 / 4.6098 = 0.2169
        (
            "gradient [0.5, -2.0, 1.0, 4.0], clip_grad_norm_(model.parameters(), 1.0) - what comes out?",
            ["√21.25 = 4.6098", "1 / 4.6098 = 0.2169: [0.1085, -0.4339, 0.2169, 0.8677]"],
        ),
        # the norm only: 1 / 50 = 0.02
        (
            "My gradient vector has norm 50 and max_norm = 1 in clip_grad_norm_. By what factor is it scaled?",
            ["‖g‖ = 50", "multiplied by 1 / 50 = 0.02"],
        ),
        # ‖(1, 2)‖ = √5 = 2.2361 ≤ 10: unchanged
        (
            "gradient (1, 2) with max_norm = 10: does clipping change it?",
            ["√5 = 2.2361", "≤ 10, so the gradient is left"],
        ),
        # one limit for both methods, the reading's own phrasing
        (
            "For the gradient (3, -4, 12), a limit of 5 gives what by norm and by value?",
            ["5 / 13 = 0.3846", "[3, -4, 5]"],
        ),
    ],
)
def test_grad_clipping_reads_other_phrasings(question, expected):
    text = _cites(grad_clipping(normalize(question)), "grad_clipping", "s3-sequence-models")
    _has(text, expected)


@pytest.mark.parametrize(
    "question",
    [
        "Why clip gradients by norm rather than by value?",  # no numbers
        "clip_grad_norm_ with max_norm = 1 on gradients (3, 4) and (1, 1)?",  # two vectors
        "gradient (3, 4), max_norm = 1 and max_norm = 2",  # two thresholds
        "I clip my predictions to the range 0 to 1",  # not a gradient
        "clip_grad_value_ with clip_value = 1 - what does it do?",  # no gradient to cap
    ],
)
def test_grad_clipping_computes_nothing_when_unsure(question):
    assert grad_clipping(normalize(question)) is None


# --- step decay and cosine annealing (c-learning-rate-schedules) ---------------------------------------------

STEP_QUESTION = "Step decay: lr starts at 0.1 and is divided by 10 every 30 epochs. What is the lr at epoch 75?"


def test_step_decay_at_an_epoch():
    worked = lr_decay(normalize(STEP_QUESTION))
    text = _cites(worked, "lr_decay", "c-learning-rate-schedules")
    # epoch 75 trains after 74 steps: ⌊74 / 30⌋ = 2 drops, 0.1 × 0.1² = 0.001
    assert "after t scheduler steps lr = 0.1 × 0.1^⌊t / 30⌋" in text
    assert "epochs 1-30: 0.1; epochs 31-60: 0.01; epochs 61-90: 0.001" in text
    assert "epoch 75 (after 74 steps, ⌊t / 30⌋ = 2): 0.1 × 0.1^2 = 0.001" in text


COSINE_QUESTION = "Cosine annealing from 0.1 to 0 over 100 epochs: what's the lr at epoch 25?"


def test_cosine_annealing_at_an_epoch():
    worked = lr_decay(normalize(COSINE_QUESTION))
    text = _cites(worked, "lr_decay", "c-learning-rate-schedules")
    # after 24 steps: cos(0.24π) = 0.7290, 0.1 × 1.7290 / 2 = 0.08645; after 25 steps cos(π/4): 0.08536
    assert (
        "epoch 25 (after 24 steps): 0 + 0.1 × (1 + cos(π × 24 / 100)) / 2 = 0 + 0.1 × (1 + 0.729) / 2 = 0.08645" in text
    )
    assert "epoch 25 comes after 25 steps: 0.08536" in text
    assert "halfway (t = 50) it is (lr0 + eta_min) / 2 = 0.05" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # epoch 30 after 29 steps keeps 0.1; epoch 31 after 30 steps: 0.01; counted from 0, epoch 30 is at 0.01
        (
            "StepLR(optimizer, step_size=30, gamma=0.1) with lr=0.1. What lr do epochs 30 and 31 use?",
            ["epoch 30 (after 29 steps, ⌊t / 30⌋ = 0): 0.1 × 0.1^0 = 0.1", "epoch 31 (after 30 steps", "= 0.01"],
        ),
        # after 50 epochs: ⌊50 / 20⌋ = 2 halvings, 0.05 × 0.25 = 0.0125
        (
            "learning rate 0.05, halved every 20 epochs. What is it after 50 epochs?",
            ["after 50 epochs (after 50 steps, ⌊t / 20⌋ = 2): 0.05 × 0.5^2 = 0.0125"],
        ),
        # milestones 30 and 80: epoch 50 has passed one, epoch 90 two
        (
            "MultiStepLR with milestones=[30, 80], gamma=0.1 and lr = 0.1: lr at epochs 10, 50 and 90?",
            ["epochs 1-30: 0.1; epochs 31-80: 0.01; from epoch 81: 0.001", "epoch 90 (after 89 steps"],
        ),
        # eta_min defaults to 0: 0.0003 × (1 + 0.7071) / 2 = 0.0002561, and half of 0.0003 at t = 500
        (
            "CosineAnnealingLR(opt, T_max=1000) with lr=3e-4: lr at step 250 and at step 500?",
            ["eta_min = 0 (PyTorch's default)", "after 250 steps: 0 + 0.0003", "= 0.0002561", "= 0.00015"],
        ),
        # 1e-5 + 0.00099 × (1 + 0.7071) / 2 = 0.000855
        (
            "cosine decay from 1e-3 to 1e-5 over 10000 steps, what's the lr after 2500 steps?",
            ["from 0.001 to eta_min = 0.00001", "= 0.000855"],
        ),
    ],
)
def test_lr_decay_reads_other_phrasings(question, expected):
    text = _cites(lr_decay(normalize(question)), "lr_decay", "c-learning-rate-schedules")
    _has(text, expected)


@pytest.mark.parametrize(
    "question",
    [
        # the warmup offset is not worked
        "warmup for 5 epochs then cosine annealing to 0 over 95 epochs, base lr 0.4; lr at epoch 53?",
        "StepLR step_size 30 gamma 0.1 - why does my lr drop at epoch 31?",  # no starting rate
        "cosine similarity between two embeddings at epoch 5",  # not a schedule
        "lr 0.1, divided by 10 every 30 epochs and also by 2 every 10 epochs: lr at epoch 40?",  # two rules
        "Step decay with lr 0.1 every 30 epochs: lr at epoch 40?",  # no factor
        "CosineAnnealingLR with T_max = 50, lr 0.01: lr at epoch 80?",  # past T_max
    ],
)
def test_lr_decay_computes_nothing_when_unsure(question):
    assert lr_decay(normalize(question)) is None


# --- multinomial naive Bayes on labelled messages (c-naive-bayes) -------------------------------------------

NAIVE_BAYES_QUESTION = (
    'Naive Bayes: spam messages "win cash now" and "cash prize", ham messages "lunch now" and "see you at lunch". '
    'Classify "cash now" with Laplace smoothing.'
)


def test_naive_bayes_with_laplace_smoothing():
    worked = naive_bayes(normalize(NAIVE_BAYES_QUESTION))
    text = _cites(worked, "naive_bayes", "c-naive-bayes")
    # spam: 5 words (cash twice), ham: 6 words; |V| = 8 (win cash now prize lunch see you at)
    assert "P(spam) = 2/4 = 0.5, P(ham) = 2/4 = 0.5" in text
    assert "spam 5, ham 6; vocabulary |V| = 8" in text
    # P(cash|spam) = 3/13, P(now|spam) = 2/13; P(cash|ham) = 1/14, P(now|ham) = 2/14
    assert "P(cash|spam) = (2 + 1) / (5 + 8) = 0.2308; P(now|spam) = (1 + 1) / (5 + 8) = 0.1538" in text
    assert "P(cash|ham) = (0 + 1) / (6 + 8) = 0.07143" in text
    # 0.5 × 3/13 × 2/13 = 0.01775; 0.5 × 1/14 × 2/14 = 0.005102; 0.01775 / 0.02285 = 0.7768
    assert "score(spam) = 0.5 × 0.2308 × 0.1538 = 0.01775" in text
    assert "score(ham) = 0.5 × 0.07143 × 0.1429 = 0.005102" in text
    assert "P(spam|message) = 0.01775 / 0.02285 = 0.7768" in text
    assert "prediction: spam" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # pos: 6 words (great ×3), neg: 5 (boring ×3), |V| = 6; pos 0.5 × 4/12 × 1/12 × 2/12 = 0.002315,
        # neg 0.5 × 1/11 × 4/11 × 2/11 = 0.003005; neg wins with 0.5649
        (
            'Multinomial naive Bayes by hand. Training: "great plot great acting" (pos), "boring plot" (neg), "great '
            'fun" (pos), "boring boring film" (neg). Test review: "great boring plot". Use add-one smoothing.',
            ["score(pos) = 0.5 × 0.3333 × 0.08333 × 0.1667 = 0.002315", "= 0.5649", "prediction: neg"],
        ),
        # no smoothing: 'buy' never in ham, so P(buy|ham) = 0 and ham is vetoed; 'please' unseen, ignored
        (
            'naive bayes without smoothing: spam: "buy now", "buy cheap pills"; ham: "see you now", "call me". '
            'Classify the new message "buy now please"',
            ["'please' is outside the training vocabulary", "P(buy|ham) = 0 / 5 = 0", "ham -∞", "prediction: spam"],
        ),
        # single quotes and labels after each message: spam 2/3 × 3/14 × 1/14 = 0.0102, ham 1/3 × 1/11 × 2/11 =
        # 0.00551, posterior 0.6494
        (
            "Train naive Bayes on 'win money now' (spam), 'meeting at noon' (ham), 'win a prize' (spam). Predict the "
            "class of 'win meeting'.",
            ["P(spam) = 2/3 = 0.6667", "one-letter words", "P(spam|message) = 0.0102 / 0.01571 = 0.6494"],
        ),
    ],
)
def test_naive_bayes_reads_other_phrasings(question, expected):
    text = _cites(naive_bayes(normalize(question)), "naive_bayes", "c-naive-bayes")
    _has(text, expected)


@pytest.mark.parametrize(
    "question",
    [
        'Bernoulli naive Bayes: spam "a b", ham "c d", spam "a d". Classify the new message "a c"',  # another model
        "Why does naive Bayes need Laplace smoothing?",  # no messages
        'naive bayes: "good movie" and "bad movie". classify "good film"',  # no classes
        'naive Bayes: spam: "win now", ham: "hi there". classify "win" and "hi"',  # two messages to classify?
        "naive Bayes with P(spam) = 0.4, P(free|spam) = 0.2, P(free|ham) = 0.01: is 'free' spam?",  # no messages
    ],
)
def test_naive_bayes_computes_nothing_when_unsure(question):
    assert naive_bayes(normalize(question)) is None


# --- max and average pooling (c-pooling) ----------------------------------------------------------------------

POOLING_QUESTION = (
    "what does 2x2 max pooling give on this feature map: [[1, 5, 2, 0], [3, 4, 8, 1], [0, 2, 6, 7], [9, 1, 3, 2]]?"
)


def test_max_pooling_of_a_small_map():
    worked = pooling_grid(normalize(POOLING_QUESTION))
    text = _cites(worked, "pooling_grid", "c-pooling")
    # floor((4 - 2) / 2) + 1 = 2; windows max(1, 5, 3, 4) = 5, max(2, 0, 8, 1) = 8, max(0, 2, 9, 1) = 9,
    # max(6, 7, 3, 2) = 7
    assert "floor((4 - 2) / 2) + 1 = 2 rows" in text and "stride defaults to the window size" in text
    assert "rows 1-2, columns 1-2: max(1, 5, 3, 4) = 5" in text
    assert "max pooling output: [[5, 8], [9, 7]]" in text
    assert "only to the position of its maximum" in worked.note


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # max [[6, 4], [8, 9]]; means (1+3+5+6)/4 = 3.75, (2+4+1+2)/4 = 2.25, (7+2+1+8)/4 = 4.5, (9+0+3+4)/4 = 4;
        # global 58 / 16 = 3.625
        (
            "Apply 2x2 max pooling and average pooling with stride 2 to the feature map [[1, 3, 2, 4], [5, 6, 1, 2], "
            "[7, 2, 9, 0], [1, 8, 3, 4]]. Also global average pooling?",
            ["[[6, 4], [8, 9]]", "average pooling output: [[3.75, 2.25], [4.5, 4]]", "58 / 16 = 3.625"],
        ),
        # 5x5 with a 2x2 window: floor(3 / 2) + 1 = 2, the fifth row and column dropped
        (
            "nn.MaxPool2d(2) on a 5x5 map [[1,2,3,4,5],[6,7,8,9,10],[11,12,13,14,15],[16,17,18,19,20],"
            "[21,22,23,24,25]]",
            ["floor((5 - 2) / 2) + 1 = 2 rows", "are dropped (PyTorch rounds down)", "[[7, 9], [17, 19]]"],
        ),
        # 3x3 window, stride 1 on 4x4: floor(1 / 1) + 1 = 2 per side
        (
            "max pooling with a 3x3 window and stride 1 over [[1, 0, 2, 3], [4, 6, 6, 8], [3, 1, 1, 0], [1, 2, 2, 4]]",
            ["floor((4 - 3) / 1) + 1 = 2 rows", "[[6, 8], [6, 8]]"],
        ),
        # rows written one by one: (2+4+8+6)/4 = 5, (1+0+3+5)/4 = 2.25, (1+1+0+3)/4 = 1.25, (7+2+2+9)/4 = 5
        (
            "rows [2, 4, 1, 0], [8, 6, 3, 5], [1, 1, 7, 2] and [0, 3, 2, 9]: what does 2x2 average pooling give?",
            ["average pooling output: [[5, 2.25], [1.25, 5]]"],
        ),
    ],
)
def test_pooling_reads_other_phrasings(question, expected):
    text = _cites(pooling_grid(normalize(question)), "pooling_grid", "c-pooling")
    _has(text, expected)


@pytest.mark.parametrize(
    "question",
    [
        "max pooling on [[1, 2], [3, 4]] with padding=1",  # padding is not worked
        "pooling on [[1, 2], [3, 4]]",  # which pooling?
        "Conv 2x2 kernel [[1, 0], [0, 1]] on [[1,2,3],[4,5,6],[7,8,9]] then max pool 2x2",  # a convolution first
        "Why is 2x2 max pooling only a little translation invariant?",  # no map
        "2x3 max pooling on [[1, 2, 3], [4, 5, 6], [7, 8, 9]]",  # a non-square window
        "2x2 max pooling on a 2-channel map [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]",  # channels
    ],
)
def test_pooling_computes_nothing_when_unsure(question):
    assert pooling_grid(normalize(question)) is None


# --- Holt and damped-trend forecasts (c-exponential-smoothing) -----------------------------------------------

HOLT_QUESTION = (
    "Our Holt model finished the training period with level 120 and trend 3 units per month. What does it forecast "
    "1, 2 and 5 months ahead?"
)


def test_holt_forecasts_from_level_and_trend():
    worked = holt_forecast(normalize(HOLT_QUESTION))
    text = _cites(worked, "holt_forecast", "c-exponential-smoothing")
    # 120 + h × 3: 123, 126, 135
    assert "h = 1: 120 + 1 × 3 = 123" in text
    assert "h = 2: 120 + 2 × 3 = 126" in text
    assert "h = 5: 120 + 5 × 3 = 135" in text


DAMPED_QUESTION = (
    "Damped trend with phi = 0.9, level 200, slope 4: forecasts for h = 1 to 3, and where does it level off?"
)


def test_damped_trend_forecasts_level_off():
    worked = holt_forecast(normalize(DAMPED_QUESTION))
    text = _cites(worked, "holt_forecast", "c-exponential-smoothing")
    # 200 + 0.9 × 4 = 203.6; 200 + 1.71 × 4 = 206.84; 200 + 2.439 × 4 = 209.756; limit 200 + 0.9 / 0.1 × 4 = 236
    assert "h = 1: 200 + 0.9 × 4 = 203.6 (undamped: 204)" in text
    assert "h = 2: 200 + (0.9 + 0.81) × 4 = 200 + 1.71 × 4 = 206.84 (undamped: 208)" in text
    assert "h = 3: 200 + (0.9 + 0.81 + 0.729) × 4 = 200 + 2.439 × 4 = 209.756" in text
    assert "φ / (1 - φ) = 9, so the forecasts level off at 200 + 9 × 4 = 236" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 50 - 2h: 48, 46, 44, 42
        (
            "Holt's linear trend ended with level l_t = 50 and trend b_t = -2. what are the forecasts for the next 4 "
            "months?",
            ["h = 1: 50 + 1 × (-2) = 48", "h = 4: 50 + 4 × (-2) = 42"],
        ),
        # Σ 0.8^j for j = 1..10 = 4 (1 - 0.8^10) = 3.5705; 1000 + 71.41 = 1071.4101; limit 1000 + 4 × 20 = 1080
        (
            "damped Holt: last level 1000, last trend 20, damping factor 0.8. 10-step-ahead forecast and where does it "
            "level off?",
            ["1,000 + 3.5705 × 20 = 1,071.4101 (undamped: 1,200)", "level off at 1,000 + 4 × 20 = 1,080"],
        ),
    ],
)
def test_holt_reads_other_phrasings(question, expected):
    text = _cites(holt_forecast(normalize(question)), "holt_forecast", "c-exponential-smoothing")
    _has(text, expected)


@pytest.mark.parametrize(
    "question",
    [
        # a series with alpha and beta: the smoothing itself, exp_smoothing's job
        "Holt's linear trend by hand: series 20, 24, 25, 29, alpha = 0.5, beta = 0.4, initial level l1 = 20 and trend "
        "b1 = 24 - 20 = 4. forecasts for the next 3 periods?",
        "Holt's method with level 100 and trend 5 - why does it keep going up?",  # no horizon
        "Holt-Winters with level 100, trend 2 and seasonal index 1.2: forecast the next 3 months",  # seasonal
        "damped trend, level 200, slope 4, next 3 steps",  # no phi
        "SES ended with level 14.75; forecast the next 3 periods",  # no trend, not Holt
    ],
)
def test_holt_computes_nothing_when_unsure(question):
    assert holt_forecast(normalize(question)) is None


# --- discretized continuous actions for DQN (s3-q-learning) --------------------------------------------------

ACTIONS_QUESTION = (
    "A robot arm has 4 joints and I discretize each torque into 11 levels so I can use a DQN. How many outputs does "
    "the network need?"
)


def test_discretized_actions_multiply():
    worked = discretized_actions(normalize(ACTIONS_QUESTION))
    text = _cites(worked, "discretized_actions", "s3-q-learning")
    # 11^4 = 14,641; 4 × 11 = 44; 11^5 = 161,051
    assert "11^4 = 14,641 discrete actions" in text
    assert "4 × 11 = 44" in text and "to 161,051" in text
    assert "DDPG or SAC" in worked.note


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 21^3 = 9,261
        (
            "I want to use DQN to control a robot arm. The actions are 3 joint torques, each continuous in [-1, 1]. "
            "My plan is to discretize each torque into 21 levels and train a normal DQN. Is that workable?",
            ["21^3 = 9,261"],
        ),
        # 5^2 = 25
        (
            "My drone has 2 continuous actions (thrust and yaw). If I discretize each into 5 bins for Q-learning, how "
            "many actions?",
            ["5^2 = 25"],
        ),
        # 7^6 = 117,649
        ("discretize a 6-joint arm's torques into 7 levels each for DQN", ["7^6 = 117,649"]),
    ],
)
def test_discretized_actions_reads_other_phrasings(question, expected):
    text = _cites(discretized_actions(normalize(question)), "discretized_actions", "s3-q-learning")
    _has(text, expected)


@pytest.mark.parametrize(
    "question",
    [
        "The DQN has 4 actions and epsilon 0.1: probability of the greedy action?",  # nothing discretized
        # the state is discretized, not the action
        "CartPole has 2 actions; I discretize the 4 state variables into 10 bins each for tabular Q-learning. How big "
        "is the Q-table?",
        # two level counts
        "4 joints for DQN: 5 levels for the first two and 9 levels for the others. How many actions?",
        "Why can't DQN handle continuous actions?",  # no numbers
    ],
)
def test_discretized_actions_computes_nothing_when_unsure(question):
    assert discretized_actions(normalize(question)) is None

"""Session 36 (heldout35), blind set B: random search's wall-clock time over GPUs against sequential Bayesian
optimization (`search_wall_clock`, new) and its chance of a top-5% trial when BO's budget is named too (`counts`,
extended); a logistic coefficient's effect on the probabilities customers start from (`odds_multiplier`,
extended); policy iteration on the s3-mdp machine from a named starting policy (`policy_iteration`, new); and the
full backward pass and SGD step of the neural nets reading's tiny network (`forward`, extended). Called directly
on the normalized question as `work` would; every figure was worked by hand in the comment beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.deep import forward
from app.answering.compute.h35_b import policy_iteration, search_wall_clock
from app.answering.compute.models import counts
from app.answering.compute.parse import Worked, normalize
from app.answering.compute.sweep2_b import odds_multiplier
from tests.compute_checks import cited_document, text_of


def _cites(worked: Worked) -> None:
    assert re.search(worked.cue, cited_document(worked))


# --- random search over GPUs against sequential Bayesian optimization ------------------------------------------

TUNING_QUESTION = (
    "We have 8 GPUs and each training run takes 30 min. Option A: random search with 48 trials. Option B: Bayesian "
    "optimization run sequentially (one trial after another), which a colleague says should only need about 20 "
    "trials. How long does each option take wall-clock? And what's the chance the 48 random trials include at least "
    "one config from the top 5% of the search space?"
)


def test_wall_clock_of_random_search_and_sequential_bo():
    worked = search_wall_clock(normalize(TUNING_QUESTION))
    text = text_of(worked)
    assert worked.kind == "search_wall_clock" and worked.source_id == "s2-hyperparameter-tuning"
    _cites(worked)
    # 48 / 8 = 6 rounds x 30 min = 180 min = 3 h; BO 20 x 30 = 600 min = 10 h; 48 sequential = 1,440 min = 24 h
    assert "48 / 8 → 6 rounds × 30 min = 180 min = 3 h" in text
    assert "20 × 30 min = 600 min = 10 h, with one GPU busy and 7 idle" in text
    assert "48 × 30 min = 1,440 min = 24 h" in text
    assert "so random search finishes first" in text


def test_chance_of_a_top_trial_with_bo_budget_named_too():
    worked = counts(normalize(TUNING_QUESTION))
    _cites(worked)
    # 1 - 0.95^48 = 1 - 0.0853 = 0.9147
    assert "1 - 0.95^48 = 0.9147" in text_of(worked)


def test_chance_other_numbers_random_budget_named_as_random():
    q = (
        "Random search with 30 trials versus a TPE study of 10 trials. What is the chance that the 30 random trials "
        "include one configuration from the top 10%?"
    )
    # 0.9^30 = 0.04239, 1 - 0.04239 = 0.9576
    assert "1 - 0.9^30 = 0.9576" in text_of(counts(normalize(q)))


def test_chance_two_random_budgets_computes_no_chance():
    q = (
        "Random search with 30 trials or 50 random trials: what is the chance of at least one from the top 10%, and "
        "how many trials do I need?"
    )
    worked = counts(normalize(q))
    assert worked is None or "top 10% =" not in text_of(worked)


def test_wall_clock_hours_and_rounds_rounded_up():
    q = (
        "We have 4 GPUs and each trial takes 2 hours. Random search with 10 trials, or Bayesian optimization one trial "
        "at a time with 6 trials: what is the wall-clock time of each?"
    )
    text = text_of(search_wall_clock(normalize(q)))
    # ceil(10 / 4) = 3 rounds x 120 min = 360 min = 6 h; BO 6 x 120 = 720 min = 12 h
    assert "10 / 4 → 3 rounds × 120 min = 360 min = 6 h" in text
    assert "6 × 120 min = 720 min = 12 h, with one GPU busy and 3 idle" in text


def test_wall_clock_random_search_only():
    q = "How long does a random search of 25 trials take wall-clock on 10 GPUs if each run takes 12 minutes?"
    worked = search_wall_clock(normalize(q))
    # ceil(25 / 10) = 3 rounds x 12 min = 36 min
    assert "25 / 10 → 3 rounds × 12 min = 36 min" in text_of(worked)
    assert len(worked.steps) == 1


@pytest.mark.parametrize(
    "q",
    [
        # no GPU count
        "Random search with 48 trials, each run takes 30 min: how long does it take wall-clock?",
        # two times per run
        "8 GPUs, each run takes 30 min or 45 min: how long does random search with 48 trials take wall-clock?",
        # grid search, not random search
        "Grid search over 48 configurations on 8 GPUs, each run takes 30 min: how long wall-clock?",
        # no time asked
        "8 GPUs, each run takes 30 min: random search with 48 trials; which hyperparameters matter most?",
        "How long does random search take compared with Bayesian optimization?",
    ],
)
def test_wall_clock_near_misses(q):
    assert search_wall_clock(normalize(q)) is None


def test_wall_clock_parallel_bo_is_not_worked_as_sequential():
    q = (
        "8 GPUs, each run takes 30 min. Random search with 48 trials, or Bayesian optimization with 20 trials in "
        "parallel batches: how long does each take wall-clock?"
    )
    text = text_of(search_wall_clock(normalize(q)))
    assert "6 rounds × 30 min = 180 min = 3 h" in text and "Bayesian" not in text


# --- a logistic coefficient from the probabilities customers start at --------------------------------------------

CHURN_QUESTION = (
    "Logistic regression churn model, the coefficient on support_calls is 0.7. Marketing wants a simple line like "
    "'every 3 extra support calls raise churn risk by X percentage points'. For customers currently at 20%, 50% and "
    "90% predicted churn, what would 3 more calls do to each? Is there a single X I can give them?"
)


def test_odds_multiplier_from_each_starting_probability():
    worked = odds_multiplier(normalize(CHURN_QUESTION))
    text = text_of(worked)
    assert worked.kind == "odds_multiplier" and worked.source_id == "s2-supervised-learning"
    _cites(worked)
    # 3 x 0.7 = 2.1, e^2.1 = 8.1662
    assert "e^(3 × 0.7) = e^2.1 = 8.1662" in text
    # 0.25 x 8.1662 = 2.0415 -> 2.0415 / 3.0415 = 67.1%; 1 -> 8.1662 -> 89.1%; 9 -> 73.4955 -> 98.7%
    assert "odds 0.2 / 0.8 = 0.25; × 8.1662 = 2.0415; p = 2.0415 / (1 + 2.0415) = 67.1%" in text
    assert "67.1% (+47.1 percentage points)" in text
    assert "= 89.1% (+39.1 percentage points)" in text
    assert "× 8.1662 = 73.4955" in text and "= 98.7% (+8.7 percentage points)" in text
    assert "no single percentage-point figure" in text
    assert "association" in worked.note


def test_odds_multiplier_baselines_other_numbers():
    q = (
        "In our logistic regression the coefficient for age is 0.05. What does every 10 extra years do to patients at "
        "10% and 60% predicted risk?"
    )
    text = text_of(odds_multiplier(normalize(q)))
    # e^0.5 = 1.6487; 0.1111 x 1.6487 = 0.1832 -> 15.5% (+5.5); 1.5 x 1.6487 = 2.4731 -> 71.2% (+11.2)
    assert "e^(10 × 0.05) = e^0.5 = 1.6487" in text
    assert "15.5% (+5.5 percentage points)" in text and "71.2% (+11.2 percentage points)" in text


def test_odds_multiplier_negative_coefficient_one_more_unit():
    q = (
        "Logistic regression: the coefficient on discount is -0.4. A customer at 30% churn probability gets one more "
        "discount; what is the new probability?"
    )
    text = text_of(odds_multiplier(normalize(q)))
    # e^-0.4 = 0.6703; 0.4286 x 0.6703 = 0.2873 -> 0.2873 / 1.2873 = 22.3% (-7.7)
    assert "22.3% (-7.7 percentage points)" in text


@pytest.mark.parametrize(
    "q",
    [
        # no starting probability and no odds
        "Logistic regression, the coefficient on support_calls is 0.7. What does it mean?",
        # starting probabilities but no change named
        "Logistic regression, the coefficient on support_calls is 0.7. Customers at 20% and 50% predicted churn: what "
        "happens?",
        # linear regression, not logistic
        "Linear regression, the coefficient on support_calls is 0.7. For customers at 20% predicted churn, what do 3 "
        "more calls do?",
        # two features, which one changes is not clear
        "Logistic regression, the coefficient on calls is 0.7 and the coefficient on tenure is -0.2. For customers at "
        "20% predicted churn, what do 3 more calls do?",
    ],
)
def test_odds_multiplier_baseline_near_misses(q):
    assert odds_multiplier(normalize(q)) is None


# --- policy iteration on the machine example ------------------------------------------------------------------------

MDP_QUESTION = (
    "Policy iteration by hand on the cool/hot machine from the MDP reading (gamma 0.9), starting from the policy "
    "'always fast'. What are V(cool) and V(hot) for that policy, what does the improvement step pick, and how many "
    "rounds until it stops changing?"
)


def test_policy_iteration_from_always_fast():
    worked = policy_iteration(normalize(MDP_QUESTION))
    text = text_of(worked)
    assert worked.kind == "policy_iteration" and worked.source_id == "s3-mdp"
    _cites(worked)
    # V(hot) = -5 + 0.9 V(hot) -> -50; V(cool) = 2 + 0.9 x -50 = -43
    assert "evaluate 'always fast'" in text and "V(cool) = -43, V(hot) = -50" in text
    # cool: slow 1 + 0.9 x -43 = -37.7 > fast -43; hot: slow 0.9 x (0.5 x -43 + 0.5 x -50) = -41.85 > fast -50
    assert "Q(cool, slow) = 1 + 0.9 × -43 = -37.7" in text
    assert "Q(hot, slow) = 0 + 0.9 × (0.5 × -43 + 0.5 × -50) = -41.85" in text
    assert "the new policy is 'always slow'" in text
    # always slow: V(cool) = 10, V(hot) = 4.5 / 0.55 = 8.1818; fast 9.3636 < 10, 2.3636 < 8.1818: unchanged
    assert "V(cool) = 10, V(hot) = 8.1818" in text and "Q(cool, fast) = 2 + 0.9 × 8.1818 = 9.3636" in text
    assert "it stopped after 2 evaluation-improvement rounds with 'always slow'" in text


def test_policy_iteration_gamma_half_takes_three_rounds():
    q = "Run policy iteration on the machine example from the MDP reading with γ = 0.5, starting from always fast."
    text = text_of(policy_iteration(normalize(q)))
    # fast: V(hot) = -5 / 0.5 = -10, V(cool) = 2 - 5 = -3 -> slow 1 - 1.5 = -0.5, hot slow 0.5 x -6.5 = -3.25: slow
    assert "V(cool) = -3, V(hot) = -10" in text and "the new policy is 'always slow'" in text
    # slow: V(cool) = 2, V(hot) = 0.5 / 0.75 = 0.6667 -> cool fast 2 + 0.3333 = 2.3333 > 2
    assert "V(cool) = 2, V(hot) = 0.6667" in text and "the new policy is 'fast when cool, slow when hot'" in text
    # fast/slow: V(cool) = 2 + 0.5 V(hot), V(hot) = V(cool) / 3 -> 2.4, 0.8; unchanged
    assert "it stopped after 3 evaluation-improvement rounds with 'fast when cool, slow when hot'" in text
    assert "V(cool) = 2.4, V(hot) = 0.8" in text


def test_policy_iteration_start_per_state():
    q = (
        "Policy iteration on the reading's machine example (gamma 0.9), starting with slow when cool and fast when "
        "hot: what happens?"
    )
    text = text_of(policy_iteration(normalize(q)))
    # V(cool) = 10, V(hot) = -50; hot slow 0.9 x (5 - 25) = -18 > -50: always slow, then unchanged
    assert "V(cool) = 10, V(hot) = -50" in text and "= -18" in text
    assert "it stopped after 2 evaluation-improvement rounds with 'always slow'" in text


@pytest.mark.parametrize(
    "q",
    [
        # value iteration, not policy iteration
        "Value iteration on the cool/hot machine from the MDP reading, gamma 0.9, starting from zeros: two sweeps?",
        # no starting policy
        "Policy iteration on the cool/hot machine from the MDP reading, gamma 0.9: how many rounds?",
        # a model of the learner's own
        "Policy iteration on the cool/hot machine example with a reward of 3 for fast when cool, starting from always "
        "fast: values?",
        # not the machine example
        "Policy iteration on a 4x4 gridworld, gamma 0.9, starting from always left: how many rounds?",
    ],
)
def test_policy_iteration_near_misses(q):
    assert policy_iteration(normalize(q)) is None


# --- the tiny network's full backward pass ---------------------------------------------------------------------------

NET_QUESTION = (
    "Using the tiny network from the neural nets reading (x = [1, 2], W1 = [[0.5, -1], [1, 0.5]], b1 = [0, -1], "
    "ReLU, w2 = [2, -1], b2 = 0.5, sigmoid output) but with true label y = 0 this time: what's the loss, and the "
    "gradients for w2, b2, W1 and b1? After one SGD step with lr 0.1, what's the new loss?"
)


def test_forward_full_backward_pass_and_new_loss():
    worked = forward(normalize(NET_QUESTION))
    text = text_of(worked)
    _cites(worked)
    # p = σ(-0.5) = 0.3775, loss -ln(0.6225) = 0.4741
    assert "cross-entropy for y = 0: -ln(1 - p) = 0.4741" in text
    # dL/dh = 0.3775 x [2, -1] = [0.7551, -0.3775]; ReLU keeps unit 2: [0, -0.3775]; outer with x = [1, 2]
    assert "dL/db2 = p - y = 0.3775; dL/dh = (p - y) w2 = [0.7551, -0.3775]" in text
    assert "dL/dW1 = that × xᵀ = [[0, 0], [-0.3775, -0.7551]]; dL/db1 = [0, -0.3775]" in text
    # W1 row 2: 1 + 0.0378, 0.5 + 0.0755; b1[1] = -1 + 0.0378; b2 = 0.5 - 0.0378
    assert "W1 = [[0.5, -1], [1.0378, 0.5755]], b1 = [0, -0.9622], w2 = [2, -1.0378], b2 = 0.4622" in text
    # h2 = 1.0378 + 1.1510 - 0.9622 = 1.2265; z = -1.0378 x 1.2265 + 0.4622 = -0.8106; p = 0.3078; -ln(0.6922) = 0.3678
    assert "z = -0.8106, p = σ(-0.8106) = 0.3078; new loss -ln(1 - p) = 0.3678" in text


def test_forward_full_backward_pass_label_one():
    q = (
        "Tiny network: x = [1, 2], W1 = [[0.5, -1], [1, 0.5]], b1 = [0, -1], ReLU hidden layer, w2 = [2, -1], "
        "b2 = 0.5, sigmoid output, y = 1. Compute the gradients for W1 and b1, then the loss after one step with "
        "learning rate 0.1."
    )
    text = text_of(forward(normalize(q)))
    # p - y = -0.6225; dL/dh = [-1.2449, 0.6225]; pre-activation gradient [0, 0.6225]; dW1 row 2 = [0.6225, 1.2449]
    assert "dL/dW1 = that × xᵀ = [[0, 0], [0.6225, 1.2449]]; dL/db1 = [0, 0.6225]" in text
    # W1 row 2 = [0.9378, 0.3755], b1 = [0, -1 - 0.0622] = [0, -1.0622], w2 = [2, -0.9378], b2 = 0.5622
    # h2 = 0.9378 + 0.7510 - 1.0622 = 0.6265; z = -0.9378 x 0.6265 + 0.5622 = -0.0253; p = 0.4937; -ln p = 0.7059
    assert "b1 = [0, -1.0622], w2 = [2, -0.9378], b2 = 0.5622" in text
    assert "h = [0, 0.6265]" in text and "new loss -ln p = 0.7059" in text


def test_forward_without_hidden_gradients_asked_stays_short():
    q = (
        "Tiny network: x = [1, 2], W1 = [[0.5, -1], [1, 0.5]], b1 = [0, -1], ReLU, w2 = [2, -1], b2 = 0.5, sigmoid "
        "output, y = 1, learning rate 0.1: what is the new w2?"
    )
    text = text_of(forward(normalize(q)))
    assert "w2 ← w2 - 0.1 × dL/dw2 = [2, -0.9378]" in text and "dL/dW1" not in text

"""Session 34 calculators, called directly on the normalized question as `work` would: the discount weight of a
reward k steps away with the effective horizon and the γ for a wanted horizon (`discount_weights`, extended), the
Monte Carlo, TD(0) and n-step targets for V(s) from one episode (`mc_td_targets`, new, not yet registered), and the
weights simple exponential smoothing puts on past observations and on the initial level (`ses_weights`, new, not
yet registered). Every figure below was computed by hand in the comment beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.by_hand import discount_weights, exp_smoothing, ses_weights
from app.answering.compute.deep import mc_td_targets
from app.answering.compute.parse import normalize
from tests.compute_checks import cited_document, text_of

# --- the discount weight of a delayed reward and the effective horizon (s3-mdp) ---------------------------

MDP_QUESTION = (
    "Warehouse robot RL setup: the +10 reward for finishing a delivery usually comes about 40 steps after the robot "
    "picks the item up. With gamma = 0.9 (a reward k steps away weighted by gamma^k), what is that +10 worth at "
    "pick-up time? What's the usual rule-of-thumb horizon for gamma = 0.9, which gamma would give a horizon of about "
    "50 steps, and what would the +10 be worth then?"
)


def test_discount_weights_answers_the_warehouse_robot():
    worked = discount_weights(normalize(MDP_QUESTION))
    text = text_of(worked)
    assert worked.kind == "discount_weights" and worked.source_id == "s3-mdp"
    assert re.search(worked.cue, cited_document(worked))
    # 0.9^40 = e^(40 ln 0.9) = e^(-4.2144) = 0.014781; 10 x 0.014781 = 0.1478
    assert "γ^40 = 0.9^40 = 0.01478, so the reward of 10 is worth 10 × 0.01478 = 0.1478 now" in text
    # 1 / (1 - 0.9) = 10
    assert "effective horizon about 1 / (1 - γ) = 10 steps" in text
    # 1 / (1 - γ) = 50 -> γ = 1 - 1/50 = 0.98; 0.98^40 = e^(40 ln 0.98) = e^(-0.80811) = 0.44570; x 10 = 4.457
    assert "1 / (1 - γ) = 50 gives γ = 1 - 1/50 = 0.98" in text
    assert "γ^40 = 0.98^40 = 0.4457, so the reward of 10 is worth 10 × 0.4457 = 4.457 now" in text
    assert "r / (1 - γ)" in worked.note and "converges more slowly" in worked.note


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 0.95^20 = 0.358486, x 5 = 1.7924; horizon 1 / 0.05 = 20; wanted 100 -> 0.99, 0.99^20 = 0.817907, x 5 = 4.0895
        (
            "With γ = 0.95, a reward of 5 that comes 20 steps later: what is it worth now? Which gamma gives an "
            "effective horizon of 100 steps?",
            ["0.95^20 = 0.3585", "= 1.7924 now", "= 20 steps", "γ = 1 - 1/100 = 0.99", "0.99^20 = 0.8179", "= 4.0895"],
        ),
        # 0.99^100 = 0.366032, x 1; horizon 1 / 0.01 = 100
        (
            "gamma = 0.99: a +1 bonus arrives 100 steps after the start. what's it worth, and what's the horizon?",
            ["0.99^100 = 0.366", "1 × 0.366 = 0.366 now", "= 100 steps"],
        ),
        # 0.8^10 = 0.107374, x 50 = 5.3687; horizon 1 / 0.2 = 5; wanted 20 -> 0.95, 0.95^10 = 0.598737, x 50 = 29.9368
        (
            "I want a horizon of about 20 steps: which gamma should I use? my current gamma = 0.8 and the goal reward "
            "of 50 arrives 10 steps later.",
            ["0.8^10 = 0.1074", "= 5.3687 now", "= 5 steps", "γ = 1 - 1/20 = 0.95", "0.95^10 = 0.5987", "= 29.9368"],
        ),
    ],
)
def test_discount_weights_reads_other_phrasings(question, expected):
    text = text_of(discount_weights(normalize(question)))
    for figure in expected:
        assert figure in text, (figure, text)


@pytest.mark.parametrize(
    "question",
    [
        "a reward 10 steps away, discounted with a horizon of about 50 steps: what is it worth?",  # no gamma
        "with gamma = 0.9 the episode ends after 40 steps; how many updates?",  # no reward k steps away
        "gamma = 0.9 and the target network syncs 40 steps after each update. why unstable?",  # not a reward
        "value iteration with gamma = 0.9: how many sweeps to cut the error tenfold?",  # another method
        "why does a discount factor make a far reward count less?",  # no numbers
    ],
)
def test_discount_weights_computes_nothing_unsure(question):
    assert discount_weights(normalize(question)) is None


# --- Monte Carlo, TD(0) and n-step targets for V(s) (c-monte-carlo-vs-td) ----------------------------------

TD_QUESTION = (
    "mc vs td by hand. one episode went A -> B -> C -> end, with rewards 1 (leaving A), 0 (leaving B) and 6 "
    "(leaving C). gamma 0.9, alpha 0.5, current estimates V(A)=2, V(B)=3, V(C)=4. for updating V(A): whats the "
    "monte carlo target, the TD(0) target and a 2-step target, and what does V(A) become under each? which target "
    "is biased and which one is noisy?"
)


def test_mc_td_targets_answers_the_learners_episode():
    worked = mc_td_targets(normalize(TD_QUESTION))
    text = text_of(worked)
    assert worked.kind == "mc_td_targets" and worked.source_id == "c-monte-carlo-vs-td"
    assert re.search(worked.cue, cited_document(worked))
    # G = 1 + 0.9 x 0 + 0.81 x 6 = 5.86; 2 + 0.5 x 3.86 = 3.93
    assert "G = 1 + 0.9 × 0 + 0.81 × 6 = 1 + 0 + 4.86 = 5.86; V(A) ← 2 + 0.5 × (5.86 - 2) = 3.93" in text
    # 1 + 0.9 x 3 = 3.7; 2 + 0.5 x 1.7 = 2.85
    assert "r + γ V(B) = 1 + 0.9 × 3 = 3.7; V(A) ← 2 + 0.5 × (3.7 - 2) = 2.85" in text
    # 1 + 0.9 x 0 + 0.81 x 4 = 4.24; 2 + 0.5 x 2.24 = 3.12
    assert "γ^2 V(C) = 1 + 0.9 × 0 + 0.81 × 4 = 1 + 0 + 3.24 = 4.24; V(A) ← 2 + 0.5 × (4.24 - 2) = 3.12" in text
    assert "unbiased" in worked.note and "high variance" in worked.note and "biased whenever" in worked.note


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # MC: 0 + 0.5 x 2 + 0.25 x (-1) = 0.75, 1 + 0.1 x (-0.25) = 0.975; TD(0): 0 + 0.5 x 2 = 1, V stays 1
        (
            "Monte Carlo vs TD(0): episode s0 -> s1 -> s2 -> terminal, rewards [0, 2, -1], gamma = 0.5, alpha = 0.1, "
            "V(s0) = 1, V(s1) = 2, V(s2) = 0. Targets for V(s0)?",
            [
                "G = 0 + 0.5 × 2 + 0.25 × (-1) = 0 + 1 - 0.25 = 0.75; V(s0) ← 1 + 0.1 × (0.75 - 1) = 0.975",
                "r + γ V(s1) = 0 + 0.5 × 2 = 1; V(s0) ← 1 + 0.1 × (1 - 1) = 1",
            ],
        ),
        # from B: TD(0) 2 + 0.9 x V(C) = 2, 0 + 0.2 x 2 = 0.4; 3-step 2 + 0.9 x 3 + 0.81 x 4 + 0.729 x V(E) = 7.94,
        # 0.2 x 7.94 = 1.588
        (
            "TD(0) and 3-step targets for updating V(B): episode A -> B -> C -> D -> E -> end with rewards 1, 2, 3, "
            "4, 5, gamma 0.9, alpha 0.2, all values start at 0",
            [
                "r + γ V(C) = 2 + 0.9 × 0 = 2; V(B) ← 0 + 0.2 × (2 - 0) = 0.4",
                "= 2 + 0.9 × 3 + 0.81 × 4 + 0.729 × 0 = 2 + 2.7 + 3.24 + 0 = 7.94; V(B) ← 0 + 0.2 × (7.94 - 0) = 1.588",
            ],
        ),
        # Z terminal: MC 3 + 1 x 4 = 7, 5 + 0.5 x 2 = 6; TD(0) 3 + 1 x V(Y) = 5, V stays 5
        (
            "MC target and TD target for V(X): X -> Y -> Z, then the episode ends; rewards 3, 4 (Z is terminal). "
            "γ = 1, α = 0.5, V(X) = 5, V(Y) = 2.",
            [
                "G = 3 + 1 × 4 = 7; V(X) ← 5 + 0.5 × (7 - 5) = 6",
                "r + γ V(Y) = 3 + 1 × 2 = 5; V(X) ← 5 + 0.5 × (5 - 5) = 5",
            ],
        ),
    ],
)
def test_mc_td_targets_reads_other_phrasings(question, expected):
    worked = mc_td_targets(normalize(question))
    text = text_of(worked)
    for figure in expected:
        assert figure in text, (figure, text)


@pytest.mark.parametrize(
    "question",
    [
        # V(B) missing: the TD(0) target cannot be formed
        "MC vs TD for V(A): episode A -> B -> C -> end, rewards 1, 0, 6, gamma 0.9, alpha 0.5, V(A)=2, V(C)=4",
        # the episode has not ended: no Monte Carlo return
        "MC target? episode A -> B -> C so far (still running), rewards 1, 0, gamma 0.9, V(A)=2, V(B)=3, V(C)=4",
        # action values: Q-learning's calculators, not this one
        "Q-learning vs MC: A -> B -> end, rewards 1, 2, gamma 0.9, alpha 0.5, V(A) = 1, V(B) = 0",
        # A visited twice: first-visit or every-visit?
        "MC vs TD: A -> B -> A -> end, rewards 1, 2, 3, gamma 0.9, alpha 0.5, V(A) = 1, V(B) = 0",
        # two rewards for three steps
        "MC vs TD: A -> B -> C -> end with rewards 1 and 0, gamma 0.9, V(A)=2, V(B)=3, V(C)=4",
        # TD(lambda) is not worked
        "TD(lambda) with lambda 0.5: A -> B -> end, rewards 1, 2, gamma 0.9, V(A) = 1, V(B) = 0",
        "monte carlo vs td: which target has more variance, and why is TD biased?",  # no numbers
    ],
)
def test_mc_td_targets_computes_nothing_unsure(question):
    assert mc_td_targets(normalize(question)) is None


# --- the weights of simple exponential smoothing (c-exponential-smoothing) ---------------------------------

SES_QUESTION = (
    "Simple exponential smoothing with alpha = 0.4 on weekly demand, initial level l0 set before week 1. After 10 "
    "weeks of updates, how much weight does the forecast put on each of the 4 most recent weeks, and how much is "
    "still sitting on l0? Same numbers for alpha = 0.1? And will my 3-weeks-ahead forecast be different from next "
    "week's?"
)


def test_ses_weights_answers_the_weekly_demand():
    question = normalize(SES_QUESTION)
    worked = ses_weights(question)
    text = text_of(worked)
    assert worked.kind == "ses_weights" and worked.source_id == "c-exponential-smoothing"
    assert re.search(worked.cue, cited_document(worked))
    # 0.4, 0.4 x 0.6 = 0.24, 0.4 x 0.36 = 0.144, 0.4 x 0.216 = 0.0864; together 1 - 0.1296 = 0.8704;
    # l0 keeps 0.6^10 = 0.0060466
    assert "0.4, 0.4 × 0.6 = 0.24, 0.4 × 0.6^2 = 0.144, 0.4 × 0.6^3 = 0.0864 (together 1 - 0.6^4 = 0.8704)" in text
    assert "l_0 keeps 0.6^10 = 0.006047" in text
    # 0.1, 0.09, 0.081, 0.0729; together 1 - 0.6561 = 0.3439; l0 keeps 0.9^10 = 0.348678
    assert "0.1, 0.1 × 0.9 = 0.09, 0.1 × 0.9^2 = 0.081, 0.1 × 0.9^3 = 0.0729 (together 1 - 0.9^4 = 0.3439)" in text
    assert "l_0 keeps 0.9^10 = 0.3487" in text
    assert "the same number as the one-step forecast" in text
    assert "With alpha = 0.1 the initial level still carries" in worked.note  # 0.35 matters, 0.006 does not
    assert "alpha = 0.4 the initial" not in worked.note
    assert exp_smoothing(question) is None  # no series of its own to smooth


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 0.2, 0.16, 0.128; 1 - 0.8^3 = 0.488; 0.8^20 = 0.011529
        (
            "For SES (alpha 0.2), what weights do the last 3 observations get, and how much weight is left on the "
            "initial level after 20 observations?",
            ["0.2, 0.2 × 0.8 = 0.16, 0.2 × 0.8^2 = 0.128 (together 1 - 0.8^3 = 0.488)", "l_0 keeps 0.8^20 = 0.01153"],
        ),
        # 0.5, 0.25, 0.125, 0.0625, 0.03125; 1 - 0.5^5 = 0.96875; 0.5^12 = 0.000244
        (
            "exponential smoothing weights: alpha = 0.5 vs alpha = 0.9, most recent five months? after 12 months of "
            "data how much on the starting level?",
            [
                "0.5 × 0.5^4 = 0.03125 (together 1 - 0.5^5 = 0.9688)",
                "l_0 keeps 0.5^12 = 0.0002441",
                "0.9 × 0.1^4 = 0.00009",
            ],
        ),
        # 0.3, 0.21 (0.51); 0.6, 0.24 (0.84); flat forecast
        (
            "SES with alphas 0.3 and 0.6 — weight on the most recent 2 days, and will the 7-days-ahead forecast "
            "differ?",
            [
                "0.3, 0.3 × 0.7 = 0.21 (together 1 - 0.7^2 = 0.51)",
                "0.6, 0.6 × 0.4 = 0.24 (together 1 - 0.4^2 = 0.84)",
                "the last level l_t for every h",
            ],
        ),
    ],
)
def test_ses_weights_reads_other_phrasings(question, expected):
    text = text_of(ses_weights(normalize(question)))
    for figure in expected:
        assert figure in text, (figure, text)


@pytest.mark.parametrize(
    "question",
    [
        "simple exponential smoothing with alpha = 0.3 on 20, 30, 25: weights?",  # a series: exp_smoothing's
        "Holt-Winters weights with alpha 0.4 for the last 4 weeks?",  # seasonal: not worked
        "exponential smoothing weights for the last 4 weeks?",  # no alpha
        "how much weight does a 4-week moving average put on the last 4 weeks, alpha = 0.05 significance?",  # not SES
        "SES alpha = 1.5: weights on the last 3 weeks?",  # alpha outside (0, 1)
        "why does exponential smoothing put more weight on recent data?",  # no numbers
    ],
)
def test_ses_weights_computes_nothing_unsure(question):
    assert ses_weights(normalize(question)) is None

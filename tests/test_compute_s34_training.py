"""Session 34 calculators not yet registered in `app.answering.compute.CALCULATORS`, so called directly on the
normalized question as `work` would: a reward model's pairwise preference and loss, the KL-penalised reward of
PPO, the linear scaling rule with LinearLR warmup and ExponentialLR decay (training), and the cyclic sin/cos
encoding of hours, weekdays or months with the distances between them (stats). Every figure below was computed
by hand in the comment beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.parse import Worked, normalize
from app.answering.compute.stats import cyclic_encoding
from app.answering.compute.training import kl_reward, lr_schedule, reward_preference
from tests.compute_checks import cited_document, text_of


def cited(worked: Worked) -> None:
    """The cue finds the formula's sentence in the cited concept note (the tutor quotes the chunk it matches)."""
    assert re.search(worked.cue, cited_document(worked)), (worked.source_id, worked.cue)


# --- the learner questions (heldout29), verbatim ------------------------------------------------------

RLHF_QUESTION = (
    "Reward-model sanity check for our RLHF pipeline. On one comparison the labeller preferred answer A, but our "
    "reward model currently scores A = 0.4 and B = 1.1. What probability does the model give to 'A is better', and "
    "what's the pairwise loss on this pair? After a few epochs the scores are A = 1.6, B = 0.2 - same two numbers "
    "again? And in the PPO stage, one response gets reward 2.3 but its log-probability under the policy is 8 nats "
    "higher than under the SFT model; with a KL penalty weight of 0.05, what reward does PPO actually optimize for it?"
)
LR_QUESTION = (
    "Paper recipe: SGD, lr 0.1 at batch size 256. I can fit batch 768. Using the linear scaling rule, what peak lr "
    "should I use? Plan: LinearLR(start_factor=0.1, total_iters=5) as warmup, stepped once per epoch, then multiply "
    "the lr by 0.95 after every epoch (ExponentialLR). What lr do I get in epochs 1 through 6, and what is it down to "
    "after 40 of those 0.95 decays?"
)
HOURS_QUESTION = (
    "For a churn model with logistic regression I have the order hour (0-23). Orders at 23:00, 01:00 and 12:00: as "
    "raw integers 23 and 1 are 22 apart while 1 and 12 are only 11 apart, which is obviously backwards. Can you work "
    "out the sin/cos encoding (period 24) for those three hours and the Euclidean distances 23↔1 and 1↔12? And why "
    "not just keep the sine column?"
)


def test_reward_preference_on_the_learner_question():
    worked = reward_preference(normalize(RLHF_QUESTION))
    text = text_of(worked)
    assert worked.kind == "reward_preference" and worked.source_id == "c-instruction-tuning-rlhf"
    cited(worked)
    # 0.4 - 1.1 = -0.7; σ(-0.7) = 1 / (1 + e^0.7) = 1 / 3.013753 = 0.331812; -ln 0.331812 = ln 3.013753 = 1.103186
    assert "P(A preferred) = σ(r_A - r_B) = σ(0.4 - 1.1) = σ(-0.7) = 1 / (1 + e^0.7) = 0.3318" in text
    assert (
        "A chosen: loss = -ln σ(r_chosen - r_rejected) = -ln σ(r_A - r_B) = -ln σ(-0.7) = -ln 0.3318 = 1.1032" in text
    )
    assert "disagreeing with the labeller" in text
    # 1.6 - 0.2 = 1.4; σ(1.4) = 1 / (1 + e^-1.4) = 1 / 1.246597 = 0.802184; -ln 0.802184 = 0.220417
    assert "σ(1.6 - 0.2) = σ(1.4) = 1 / (1 + e^(-1.4)) = 0.8022" in text
    assert "-ln σ(1.4) = -ln 0.8022 = 0.2204 (the model agrees with the labeller)" in text


def test_kl_reward_on_the_learner_question():
    worked = kl_reward(normalize(RLHF_QUESTION))
    text = text_of(worked)
    assert worked.kind == "kl_reward" and worked.source_id == "c-instruction-tuning-rlhf"
    cited(worked)
    # 0.05 × 8 = 0.4; 2.3 - 0.4 = 1.9
    assert "penalty = β × KL = 0.05 × 8 = 0.4" in text
    assert "reward PPO maximises = r - β × KL = 2.3 - 0.4 = 1.9" in text
    assert "reward hacking" in worked.note


def test_lr_schedule_on_the_learner_question():
    worked = lr_schedule(normalize(LR_QUESTION))
    text = text_of(worked)
    assert worked.kind == "lr_schedule" and worked.source_id == "c-learning-rate-schedules"
    cited(worked)
    # 768 / 256 = 3; 3 × 0.1 = 0.3
    assert "the batch grows 768 / 256 = 3 times, so the learning rate does too: 3 × 0.1 = 0.3" in text
    # factors 0.1 + 0.9 t / 5 = 0.1, 0.28, 0.46, 0.64, 0.82, 1; × 0.3 = 0.03, 0.084, 0.138, 0.192, 0.246, 0.3
    assert (
        "epoch 1: 0.3 × 0.1 = 0.03, epoch 2: 0.3 × 0.28 = 0.084, epoch 3: 0.3 × 0.46 = 0.138, "
        "epoch 4: 0.3 × 0.64 = 0.192, epoch 5: 0.3 × 0.82 = 0.246, epoch 6: 0.3 × 1 = 0.3"
    ) in text
    # 0.95^40 = 0.128512; 0.3 × 0.128512 = 0.038554
    assert "after 40 decays lr = 0.3 × 0.95^40 = 0.3 × 0.1285 = 0.03855" in text
    # ln 0.5 / ln 0.95 = 0.693147 / 0.051293 = 13.51
    assert "halves every ln 0.5 / ln 0.95 = 13.5 decays" in text
    assert "square-root" in worked.note and "after the optimizer's steps" in worked.note


def test_cyclic_encoding_on_the_learner_question():
    worked = cyclic_encoding(normalize(HOURS_QUESTION))
    text = text_of(worked)
    assert worked.kind == "cyclic_encoding" and worked.source_id == "c-date-time-features"
    cited(worked)
    # sin(345°) = -0.258819, cos(345°) = 0.965926; 15°: (0.258819, 0.965926); 180°: (0, -1)
    assert "23:00: angle 360° × 23 / 24 = 345°, (sin, cos) = (-0.2588, 0.9659)" in text
    assert "01:00: angle 360° × 1 / 24 = 15°, (sin, cos) = (0.2588, 0.9659)" in text
    assert "12:00: angle 360° × 12 / 24 = 180°, (sin, cos) = (0, -1)" in text
    # 23↔1: √(0.517638² + 0) = 0.517638 (= 2 sin(2π/24)); 1↔12: √(0.258819² + 1.965926²) = √(0.066987 + 3.864865)
    # = √3.931852 = 1.982890
    assert "23:00 ↔ 01:00: raw gap |23 - 1| = 22, 2 around the circle" in text
    assert "= √(0.2679 + 0) = 0.5176" in text
    assert "01:00 ↔ 12:00: raw gap |1 - 12| = 11, 11 around the circle" in text
    assert "√((0.2588 - 0)² + (0.9659 - (-1))²) = √(0.06699 + 3.8649) = 1.9829" in text
    # neighbours: 2 sin(π/24) = 2 × 0.130526 = 0.261052
    assert "2 × sin(π/24) = 0.2611" in text
    # the sine alone: 1 and 11 both sin 15° = sin 165° = 0.258819, cosines ±0.965926
    assert "01:00 and 11:00 both have sine 0.2588 (cosines 0.9659 and -0.9659)" in text
    assert "tree models usually do fine with the plain integer" in worked.note


# --- other phrasings, other numbers -------------------------------------------------------------------


def test_reward_preference_reads_chosen_and_rejected_scores():
    worked = reward_preference(
        normalize(
            "Our reward model gives the chosen response a score of 2.0 and the rejected one 0.5. "
            "What preference probability and loss?"
        )
    )
    text = text_of(worked)
    cited(worked)
    # 2.0 - 0.5 = 1.5; σ(1.5) = 1 / 1.223130 = 0.817574; -ln 0.817574 = 0.201413
    assert "σ(r_chosen - r_rejected) = σ(2 - 0.5) = σ(1.5) = 1 / (1 + e^(-1.5)) = 0.8176" in text
    assert "loss = -ln σ(r_chosen - r_rejected) = -ln 0.8176 = 0.2014" in text


def test_reward_preference_takes_the_loss_of_the_answer_the_human_preferred():
    worked = reward_preference(
        normalize(
            "Reward model check: r_A = 2.1, r_B = 2.5, and the human preferred B. Bradley-Terry probability and loss?"
        )
    )
    text = text_of(worked)
    # σ(-0.4) = 1 / (1 + 1.491825) = 0.401312; B chosen: σ(0.4) = 0.598688, -ln 0.598688 = 0.513015
    assert "P(A preferred) = σ(r_A - r_B) = σ(2.1 - 2.5) = σ(-0.4) = 1 / (1 + e^0.4) = 0.4013" in text
    assert "B chosen: loss = -ln σ(r_chosen - r_rejected) = -ln σ(r_B - r_A) = -ln σ(0.4) = -ln 0.5987 = 0.513" in text


def test_reward_preference_without_a_stated_preference_gives_no_loss():
    worked = reward_preference(normalize("The reward model scores A = 0.4 and B = 1.1. What's P(A is better)?"))
    text = text_of(worked)
    assert "σ(-0.7) = 1 / (1 + e^0.7) = 0.3318; P(B preferred) = 1 - 0.3318 = 0.6682" in text
    assert "chosen: loss" not in text
    assert "needs which answer the labeller preferred" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 0.2 × 3 = 0.6; 1.2 - 0.6 = 0.6
        (
            "PPO: reward-model score of 1.2, KL divergence from the reference model is 3 nats, beta = 0.2. "
            "What reward is optimised?",
            "r - β × KL = 1.2 - 0.6 = 0.6",
        ),
        # 0.1 × 2.5 = 0.25; 0.8 - 0.25 = 0.55
        (
            "RLHF with kl_coef=0.1: a sample with reward 0.8 and log-ratio = 2.5. Penalised reward?",
            "r - β × KL = 0.8 - 0.25 = 0.55",
        ),
    ],
)
def test_kl_reward_other_phrasings(question, expected):
    worked = kl_reward(normalize(question))
    cited(worked)
    assert expected in text_of(worked)


def test_lr_schedule_scaling_then_exponential_decay():
    worked = lr_schedule(
        normalize(
            "Reference: learning rate 0.2 with batch size 512; I'm moving to batch 2048. Linear scaling rule gives "
            "what lr? Then ExponentialLR(gamma=0.9): what's the lr after 10 decays?"
        )
    )
    text = text_of(worked)
    cited(worked)
    # 2048 / 512 = 4; 4 × 0.2 = 0.8; 0.9^10 = 0.348678; 0.8 × 0.348678 = 0.278943; ln 0.5 / ln 0.9 = 6.58
    assert "2,048 / 512 = 4 times, so the learning rate does too: 4 × 0.2 = 0.8" in text
    assert "after 10 decays lr = 0.8 × 0.9^10 = 0.8 × 0.3487 = 0.2789" in text
    assert "halves every ln 0.5 / ln 0.9 = 6.6 decays" in text


def test_lr_schedule_warmup_from_the_optimizer_lr():
    worked = lr_schedule(
        normalize(
            "opt = SGD(params, lr=0.4); LinearLR(opt, start_factor=0.25, total_iters=3) stepped every epoch. "
            "What lr in epochs 1-4?"
        )
    )
    text = text_of(worked)
    cited(worked)
    assert worked.cue.startswith(r"\*\*Warmup\*\*")
    # factors 0.25 + 0.75 t / 3 = 0.25, 0.5, 0.75, 1; × 0.4 = 0.1, 0.2, 0.3, 0.4
    assert (
        "epoch 1: 0.4 × 0.25 = 0.1, epoch 2: 0.4 × 0.5 = 0.2, epoch 3: 0.4 × 0.75 = 0.3, epoch 4: 0.4 × 1 = 0.4" in text
    )


def test_lr_schedule_exponential_decay_alone():
    worked = lr_schedule(normalize("exponential decay: lr 0.1 and gamma 0.95, what is it after 50 epochs?"))
    cited(worked)
    # 0.95^50 = 0.076945; 0.1 × 0.076945 = 0.0076945 (the note's "about 0.0077 after 50 epochs")
    assert "after 50 decays lr = 0.1 × 0.95^50 = 0.1 × 0.07694 = 0.007694" in text_of(worked)


def test_cyclic_encoding_of_weekdays():
    worked = cyclic_encoding(
        normalize("Cyclic encoding of day of week (0-6): what are the sin/cos features and the distances 6↔0 and 0↔3?")
    )
    text = text_of(worked)
    cited(worked)
    # 6 → 308.57°: (sin, cos) = (-0.781831, 0.623490); 3 → 154.29°: (0.433884, -0.900969)
    assert "6: angle 360° × 6 / 7 = 308.6°, (sin, cos) = (-0.7818, 0.6235)" in text
    # d(6, 0) = 2 sin(π/7) = 0.867767; d(0, 3) = 2 sin(3π/7) = 1.949856
    assert "6 ↔ 0: raw gap |6 - 0| = 6, 1 around the circle" in text and "= 0.8678" in text
    assert "0 ↔ 3: raw gap |0 - 3| = 3, 3 around the circle" in text and "= 1.9499" in text


def test_cyclic_encoding_of_months_counted_from_one():
    worked = cyclic_encoding(
        normalize("I sin/cos encode the month (1-12). Months 12 and 1: encoded values and distance?")
    )
    text = text_of(worked)
    # period 12: month 12 → 360° = (0, 1), month 1 → 30° = (0.5, 0.866025); d = 2 sin(π/12) = 0.517638
    assert "cyclic encoding with period 12" in text
    assert "12 ↔ 1: raw gap |12 - 1| = 11, 1 around the circle" in text and "= 0.5176" in text


# --- near-misses: nothing computed ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        # no reward model: an A/B test's two numbers
        "A/B test: conversion for variant A = 0.4 and B = 1.1 percent. Which is better?",
        # DPO's loss (log-probability ratios and beta), not the reward model's
        "DPO instead of a reward model: beta = 0.1, chosen log-ratio 2, rejected -1; A = 2 and B = -1. Loss?",
        # no scores
        "How does a reward model turn the labeller's choice between answer A and answer B into a loss?",
        # two labellers disagree: which answer is the chosen one is unclear
        "One labeller preferred A and another labeller preferred B; the reward model scores A = 1 and B = 2. Loss?",
    ],
)
def test_reward_preference_computes_nothing(question):
    assert reward_preference(normalize(question)) is None


@pytest.mark.parametrize(
    "question",
    [
        # no penalty weight
        "One response gets reward 2.3 and is 8 nats higher under the policy than the SFT model. KL-penalised reward?",
        # no per-response KL
        "PPO with a KL penalty weight of 0.05 and a reward of 2.3: what does it optimise?",
        # KL between two distributions, no reward
        "KL divergence between N(0, 1) and N(1, 1) with beta = 0.5?",
    ],
)
def test_kl_reward_computes_nothing(question):
    assert kl_reward(normalize(question)) is None


@pytest.mark.parametrize(
    "question",
    [
        # one batch size only: the new batch is missing
        "Linear scaling rule: lr 0.1 at batch size 256. What if I use a bigger batch?",
        # LinearLR without its arguments: PyTorch's defaults are not assumed
        "I use LinearLR as warmup with lr = 0.1, stepped per epoch. What lr in the first epochs?",
        # another schedule (cosine annealing), no warmup or exponential decay
        "Cosine annealing from lr 0.1 over 100 epochs: the lr at epoch 50?",
        # no numbers
        "Why does the linear scaling rule need warmup with ExponentialLR?",
    ],
)
def test_lr_schedule_computes_nothing(question):
    assert lr_schedule(normalize(question)) is None


@pytest.mark.parametrize(
    "question",
    [
        # sinusoidal positional encoding of a transformer, not a cyclic feature
        "Sinusoidal positional encoding: sin/cos of position 3 with 10000^(2i/d), d = 4, hours 1 and 2?",
        # one-hot, not cyclic
        "One-hot encode the hours 23, 1 and 12 for logistic regression: distances?",
        # no values
        "Why is cyclic encoding of the hour better than the raw integer for a linear model?",
        # the period is unclear: hours and months named, no period
        "Cyclic sin/cos encoding of hours 23 and 1 and months 12 and 1: distances?",
    ],
)
def test_cyclic_encoding_computes_nothing(question):
    assert cyclic_encoding(normalize(question)) is None

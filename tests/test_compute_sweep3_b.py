"""Calculators of `app.answering.compute.sweep3_b` (stage 3-5 gaps of the third corpus sweep), called directly on the
normalized question as `work` would. Every figure below was computed by hand in the comment beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.parse import Worked, normalize
from app.answering.compute.sweep3_b import bellman_backup, conv_output_prose, epsilon_decay, residual_gain
from tests.compute_checks import cited_document, text_of


def _cites(worked: Worked | None, kind: str) -> str:
    assert worked is not None and worked.kind == kind
    assert re.search(worked.cue, cited_document(worked))
    return text_of(worked)


# --- one-step Bellman backup ---------------------------------------------------------------------------------


def test_bellman_backup_expectation():
    q = (
        "Bellman backup: state s has reward 1, with probability 0.7 it goes to s1 with V(s1)=10 and probability 0.3 "
        "to s2 with V(s2)=5, gamma 0.9. What is V(s)?"
    )
    text = _cites(bellman_backup(normalize(q)), "bellman_backup")
    # 0.7 x 10 + 0.3 x 5 = 8.5; 1 + 0.9 x 8.5 = 8.65
    assert "1 + 0.9 × (0.7 × 10 + 0.3 × 5) = 1 + 0.9 × 8.5 = 8.65" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 0.5 x 4 + 0.5 x 8 = 6; 2 + 0.9 x 6 = 7.4
        (
            "Under my policy, from state A I get reward 2 and move to B (V=4) with prob 0.5 or C (V=8) with prob "
            "0.5. gamma = 0.9. One-step Bellman expectation backup for V(A)?",
            "2 + 0.9 × 6 = 7.4",
        ),
        # left: 0 + 0.9 x 10 = 9; right: 1 + 0.9 x 6 = 6.4; max = 9
        (
            "Bellman optimality: action left gives reward 0 and leads to A, action right gives reward 1 and leads to "
            "B. V(A)=10, V(B)=6, gamma 0.9. What is V*(s)?",
            "V*(s) = max over actions = 9, by taking action left",
        ),
        # stay: 1 + 0.9 x (0.8 x 5 + 0.2 x 10) = 1 + 0.9 x 6 = 6.4; go: 0 + 0.9 x 10 = 9
        (
            "From state s, 'stay' gives reward 1 and leads to A with probability 0.8 or to B with probability 0.2; "
            "'go' gives reward 0 and leads to B. V*(A) = 5, V*(B) = 10, gamma = 0.9. Bellman optimality backup?",
            "action stay: 1 + 0.9 × (0.8 × 5 + 0.2 × 10) = 1 + 0.9 × 6 = 6.4",
        ),
    ],
)
def test_bellman_backup_phrasings(question, expected):
    assert expected in _cites(bellman_backup(normalize(question)), "bellman_backup")


@pytest.mark.parametrize(
    "question",
    [
        "What is the Bellman equation?",
        # probabilities sum to 0.9
        "Bellman backup: reward 1, with probability 0.5 to s1, probability 0.4 to s2, V(s1)=2, V(s2)=4, gamma=0.9",
        # V(s2) missing
        "Bellman backup with gamma 0.9: reward 1, goes to s1 with probability 0.6 and s2 with probability 0.4. "
        "V(s1)=3.",
        # two discounts
        "Bellman equation V(s) for gamma = 0.9 and gamma = 0.5, reward 1, to s1 with probability 1, V(s1)=2",
        # a number whose role is not read
        "Bellman backup, reward 1 at 3 steps, to s1 with probability 1, V(s1)=2, gamma 0.9",
        # a Q-learning update, not a backup from known values
        "Bellman backup for Q(s, a) with alpha 0.1, reward 1, to s1 with probability 1, V(s1)=2, gamma 0.9",
    ],
)
def test_bellman_backup_near_misses(question):
    assert bellman_backup(normalize(question)) is None


# --- epsilon decay ---------------------------------------------------------------------------------------------


def test_epsilon_decay_linear():
    q = "Epsilon decays linearly from 1.0 to 0.05 over 10000 steps. What is epsilon at step 4000?"
    text = _cites(epsilon_decay(normalize(q)), "epsilon_decay")
    # (1 - 0.05) / 10000 = 0.000095 per step; 1 - 4000 x 0.000095 = 1 - 0.38 = 0.62
    assert "(1 - 0.05) / 10,000 = 0.000095 per step" in text
    assert "ε = 1 - 4,000 × 0.000095 = 0.62" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 0.995^200 = e^(200 ln 0.995) = e^(-1.0025) = 0.367; ln(0.01) / ln(0.995) = 918.7 -> episode 919
        (
            "epsilon starts at 1.0 and decays by 0.995 per episode with a floor of 0.01. What is epsilon after 200 "
            "episodes and when does it hit the floor?",
            "1 × 0.995^200 = 0.367",
        ),
        (
            "epsilon starts at 1.0 and decays by 0.995 per episode with a floor of 0.01. When does it hit the floor?",
            "so from episode 919 on ε = 0.01",
        ),
        # 0.9 / 50000 = 0.000018; 1 - 20000 x 0.000018 = 0.64; 60000 > 50000 -> 0.1
        (
            "Linear epsilon schedule from 1 to 0.1 over 50,000 steps: value at step 20,000 and after 60,000 steps?",
            "at step 60,000: past step 50,000, ε stays at its final value 0.1",
        ),
        # 0.5 x 0.9^10 = 0.5 x 0.3487 = 0.1743
        (
            "I multiply epsilon by 0.9 every episode, initial epsilon 0.5, eps decay. What is it after 10 episodes?",
            "0.5 × 0.9^10 = 0.1743",
        ),
    ],
)
def test_epsilon_decay_phrasings(question, expected):
    assert expected in _cites(epsilon_decay(normalize(question)), "epsilon_decay")


@pytest.mark.parametrize(
    "question",
    [
        "Why is epsilon decayed during Q-learning?",
        # not said to be linear: could be exponential
        "Epsilon decays from 1.0 to 0.05 over 10000 steps. What is epsilon at step 4000?",
        # "decays by 0.1" may be a subtraction
        "epsilon starts at 1.0 and decays by 0.1 per episode. What is it after 5 episodes?",
        # no start value
        "epsilon decays by 0.99 per episode, floor 0.05. After 100 episodes?",
        # step units differ (episodes against steps)
        "Epsilon decays linearly from 1.0 to 0.1 over 1000 episodes. What is it at step 500?",
        # learning-rate decay, not epsilon
        "learning rate decay by 0.95 per epoch with epsilon 1e-8 in Adam, starts at 0.1, after 10 epochs?",
    ],
)
def test_epsilon_decay_near_misses(question):
    assert epsilon_decay(normalize(question)) is None


# --- conv output size from prose -------------------------------------------------------------------------------


def test_conv_output_prose():
    q = "A 3x3 conv with stride 2 and padding 1 on a 64x64 input: what is the output size?"
    text = _cites(conv_output_prose(normalize(q)), "conv_output_prose")
    # (64 + 2 - 3) / 2 = 31.5 -> 31, + 1 = 32
    assert "floor((64 + 2 × 1 - 3) / 2) + 1 = floor(31.5) + 1 = 32" in text
    assert "32 x 32" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # same padding: p = (5 - 1) / 2 = 2; (32 + 4 - 5) / 1 + 1 = 32
        ("5x5 convolution, stride 1, 'same' padding on a 32x32 image, output size?", "padding = (5 - 1) / 2 = 2"),
        # (224 + 6 - 7) / 2 = 111.5 -> 111, + 1 = 112
        ("Conv layer with kernel 7, stride 2, padding 3 on 224x224 input. Output spatial size?", "= 112"),
        # no padding: (28 - 5) / 1 + 1 = 24
        ("Output size of a 5x5 convolution with no padding on a 28x28 image?", "floor(23) + 1 = 24"),
        # 100 x 60 with 3x3, stride 2, pad 1: (100 - 1) / 2 = 49.5 -> 50; (60 - 1) / 2 = 29.5 -> 30
        ("what's the output size of a 3x3 conv, stride 2, padding 1, on a 100x60 feature map?", "50 x 30"),
    ],
)
def test_conv_output_prose_phrasings(question, expected):
    assert expected in _cites(conv_output_prose(normalize(question)), "conv_output_prose")


@pytest.mark.parametrize(
    "question",
    [
        "How does stride change the output size of a conv layer?",
        # layer calls belong to layer_shapes
        "Conv2d(3, 16, kernel_size=3, stride=2, padding=1) on a 64x64 input: output size?",
        # several layers
        "A 3x3 conv with stride 2 and padding 1 on a 64x64 input, then a 2x2 max pool: output size?",
        # two kernel sizes
        "A 3x3 conv and a 5x5 conv with stride 1 on a 32x32 input: output size?",
        # 'same' with stride 2 is not accepted by PyTorch
        "3x3 conv, stride 2, 'same' padding on a 32x32 input: output size?",
        # no input size
        "A 3x3 conv with stride 2 and padding 1: what is the output size?",
        # "zero padding" of an unstated width
        "A 3x3 conv with zero padding and stride 1 on a 32x32 input: output size?",
        # dilation
        "A 3x3 conv with dilation 2 and padding 1 on a 64x64 input: output size?",
    ],
)
def test_conv_output_prose_near_misses(question):
    assert conv_output_prose(normalize(question)) is None


# --- residual versus plain stack -------------------------------------------------------------------------------


def test_residual_gain():
    q = (
        "In a residual network each branch multiplies its input by 0.2. With 20 blocks, what's the gradient through "
        "a plain stack vs residual blocks?"
    )
    text = _cites(residual_gain(normalize(q)), "residual_gain")
    # 0.2^20 = 1.048576e-14; 1.2^20 = 38.3376
    assert "0.2^20 = 1.05e-14" in text
    assert "1.2^20 = 38.3376" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 1.5^6 = 11.390625
        ("6 residual blocks, each computing x + 0.5x: how much does the skip connection path amplify?", "11.3906"),
        # 0.3^8 = 0.00006561; 1.3^8 = 8.1573
        ("With skip connections and F(x) = 0.3x in each of 8 layers, compare the plain and residual gain", "8.1573"),
    ],
)
def test_residual_gain_phrasings(question, expected):
    assert expected in _cites(residual_gain(normalize(question)), "residual_gain")


@pytest.mark.parametrize(
    "question",
    [
        "Why do residual connections help gradients flow?",
        # no depth
        "In a residual block each branch multiplies its input by 0.1. What is the gradient?",
        # two depths
        "Residual blocks computing x + 0.1x: compare 10 blocks and 20 blocks",
        # no residual connection named
        "Each layer multiplies its input by 0.5; with 10 layers what is the gradient?",
    ],
)
def test_residual_gain_near_misses(question):
    assert residual_gain(normalize(question)) is None

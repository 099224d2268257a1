"""Calculators of `app.answering.compute.sweep2_c` (stage 3 gaps of the second corpus sweep), called directly on the
normalized question as `work` would. Every figure below was computed by hand in the comment beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.parse import Worked, normalize
from app.answering.compute.sweep2_c import (
    bert_masking,
    frozen_trainable,
    gelu_values,
    grad_accumulation,
    inverted_dropout,
    macro_f1,
)
from tests.compute_checks import cited_document, text_of


def _cites(worked: Worked | None, kind: str) -> str:
    assert worked is not None and worked.kind == kind
    assert re.search(worked.cue, cited_document(worked))
    return text_of(worked)


# --- gradient accumulation -----------------------------------------------------------------------------------


def test_grad_accumulation_steps_for_an_effective_batch():
    q = (
        "My GPU only fits a batch of 16 but I want an effective batch size of 128. How many steps of gradient "
        "accumulation do I need and what do I divide the loss by?"
    )
    text = _cites(grad_accumulation(normalize(q)), "grad_accumulation")
    assert "128 / 16 = 8" in text  # 16 x 8 = 128
    assert "divide each mean-reduced loss by 8" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 32 x 2 GPUs = 64 per pass; 64 x 4 = 256
        (
            "Using gradient accumulation over 4 steps with micro-batches of 32 on 2 GPUs, what's the effective batch?",
            "64 × 4 = 256",
        ),
        ("batch size = 8, target batch 64, gradient accumulation steps?", "64 / 8 = 8"),  # 8 x 8 = 64
    ],
)
def test_grad_accumulation_phrasings(question, expected):
    assert expected in _cites(grad_accumulation(normalize(question)), "grad_accumulation")


@pytest.mark.parametrize(
    "question",
    [
        "Why does PyTorch accumulate gradients across backward() calls?",
        "Gradient accumulation with a batch of 16 and an effective batch of 100?",  # 100 is not a multiple of 16
        "I want an effective batch of 256 with gradient accumulation; how many steps?",  # micro-batch missing
        "Batch of 32, accumulate over 4 steps, or accumulate over 8 steps?",  # two step counts
    ],
)
def test_grad_accumulation_near_misses(question):
    assert grad_accumulation(normalize(question)) is None


# --- macro-F1 ------------------------------------------------------------------------------------------------


def test_macro_f1_from_per_class_scores():
    q = "My per-class F1 scores are 0.9, 0.6 and 0.3. What is the macro-F1?"
    text = _cites(macro_f1(normalize(q)), "macro_f1")
    assert "(0.9 + 0.6 + 0.3) / 3 = 1.8 / 3 = 0.6" in text  # 1.8 / 3 = 0.6


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Class A has F1 = 0.82, class B F1 = 0.4. macro F1?", "1.22 / 2 = 0.61"),  # (0.82 + 0.4) / 2
        ("macro average of F1 [0.75, 0.5, 0.25, 1.0]?", "2.5 / 4 = 0.625"),  # 2.5 / 4
    ],
)
def test_macro_f1_phrasings(question, expected):
    assert expected in _cites(macro_f1(normalize(question)), "macro_f1")


@pytest.mark.parametrize(
    "question",
    [
        "What is macro-F1 and when should I use it instead of micro-F1?",
        "Macro-F1 with precision 0.8, 0.6, 0.5 and recall 0.7, 0.4, 0.9?",  # precision and recall, not F1
        "My F1 scores are 0.9, 0.6 and 0.3; what is the weighted F1?",  # not macro
        "Macro-F1 for class counts 120, 45 and 30?",  # counts, not scores
    ],
)
def test_macro_f1_near_misses(question):
    assert macro_f1(normalize(question)) is None


# --- GELU ----------------------------------------------------------------------------------------------------


def test_gelu_values_at_two_points():
    text = _cites(gelu_values(normalize("Compute GELU(1.5) and GELU(-0.5)")), "gelu_values")
    # Phi(1.5) = 0.93319 -> 1.39979; Phi(-0.5) = 0.30854 -> -0.15427
    assert "Φ(1.5) = 0.9332, GELU = 1.5 × 0.9332 = 1.3998" in text
    assert "Φ(-0.5) = 0.3085, GELU = -0.5 × 0.3085 = -0.1543" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("what is the GELU of x = 2?", "GELU = 2 × 0.9772 = 1.9545"),  # Phi(2) = 0.97725
        ("GELU for inputs z = [-1, 0, 1]", "GELU = -1 × 0.1587 = -0.1587"),  # Phi(-1) = 0.15866
    ],
)
def test_gelu_phrasings(question, expected):
    assert expected in _cites(gelu_values(normalize(question)), "gelu_values")


@pytest.mark.parametrize(
    "question",
    [
        "Why do transformers use GELU instead of ReLU?",
        "Compare ReLU and GELU at z = [-1, 1]",  # several activations: another calculator's question
        "GELU in BERT has 12 layers, what is it?",
        "Is GELU smooth at 0?",
    ],
)
def test_gelu_near_misses(question):
    assert gelu_values(normalize(question)) is None


# --- inverted dropout ----------------------------------------------------------------------------------------


def test_inverted_dropout_scale():
    q = "With dropout p = 0.2, inverted dropout scales kept activations by what factor?"
    text = _cites(inverted_dropout(normalize(q)), "inverted_dropout")
    assert "1 / 0.8 = 1.25" in text  # 1 / (1 - 0.2)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 1 / 0.5 = 2: 2 -> 4, 4 -> 8, 1 -> 2
        (
            "Dropout rate 0.5, activations [2, 4, 1]: after inverted dropout scaling what do the kept ones become?",
            "2 → 4, 4 → 8, 1 → 2",
        ),
        ("keep_prob = 0.8 in TF dropout, what's the scale factor?", "1 / 0.8 = 1.25"),  # p = 0.2
    ],
)
def test_inverted_dropout_phrasings(question, expected):
    assert expected in _cites(inverted_dropout(normalize(question)), "inverted_dropout")


@pytest.mark.parametrize(
    "question",
    [
        "Why does inverted dropout scale activations during training?",
        "Dropout p = 0.2 in one layer and p = 0.5 in another: what scale factor?",  # two rates
        "Dropout of 0.3 and batch norm momentum 0.1: which goes first?",  # no scaling asked
        "keep_prob 0.9 and dropout 0.1, scale factor for inverted dropout?",  # both given: not read
    ],
)
def test_inverted_dropout_near_misses(question):
    assert inverted_dropout(normalize(question)) is None


# --- BERT masking --------------------------------------------------------------------------------------------


def test_bert_masking_of_one_sequence():
    q = (
        "In BERT with a sequence of 512 tokens, 15% are selected for masking. How many get replaced by [MASK], "
        "random tokens, or kept?"
    )
    text = _cites(bert_masking(normalize(q)), "bert_masking")
    # 0.15 x 512 = 76.8; 0.8 x 76.8 = 61.44; 0.1 x 76.8 = 7.68
    assert "15% × 512 = 76.8" in text
    assert "0.8 × 76.8 = 61.44" in text
    assert "0.1 × 76.8 = 7.68" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 32 x 128 = 4,096; 0.15 x 4,096 = 614.4; 0.8 x 614.4 = 491.52
        ("For BERT MLM on a batch of 32 sequences of 128 tokens, how many tokens are masked?", "0.8 × 614.4 = 491.52"),
        # 0.15 x 200 = 30; 24 / 3 / 3
        ("A 200-token input to BERT: how many tokens get masked, with the 80/10/10 rule?", "0.8 × 30 = 24"),
    ],
)
def test_bert_masking_phrasings(question, expected):
    assert expected in _cites(bert_masking(normalize(question)), "bert_masking")


@pytest.mark.parametrize(
    "question",
    [
        "Why does BERT mask tokens instead of predicting the next one?",
        "BERT has a 30,000 token vocabulary and 512 tokens max; how many are masked?",  # two token counts
        "BERT masking on 128 tokens with a 40% dropout rate?",  # an unexplained percentage
        "GPT predicts 512 tokens left to right; how many are masked?",  # not BERT
    ],
)
def test_bert_masking_near_misses(question):
    assert bert_masking(normalize(question)) is None


# --- frozen backbone -----------------------------------------------------------------------------------------


def test_frozen_trainable_share():
    q = (
        "I froze a backbone of 23.5 million parameters and train a new head with 20,490 parameters. What fraction "
        "of parameters is trainable?"
    )
    text = _cites(frozen_trainable(normalize(q)), "frozen_trainable")
    # 23,500,000 + 20,490 = 23,520,490; 20,490 / 23,520,490 = 0.000871
    assert "23,500,000 + 20,490 = 23,520,490" in text
    assert "20,490 / 23,520,490 = 0.0008712" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 2048 x 10 + 10 = 20,490
        (
            "ResNet-50 backbone has 23.5M params, frozen, and I add a 2048-to-10 linear head. What share is trainable?",
            "2,048 × 10 weights + 10 biases = 20,490",
        ),
        # 512 x 5 + 5 = 2,565; 11,200,000 + 2,565 = 11,202,565
        (
            "Freeze the 11.2 million parameter backbone and put a Linear(512, 5) classifier on top: trainable share?",
            "11,200,000 + 2,565 = 11,202,565",
        ),
    ],
)
def test_frozen_trainable_phrasings(question, expected):
    assert expected in _cites(frozen_trainable(normalize(question)), "frozen_trainable")


@pytest.mark.parametrize(
    "question",
    [
        "Should I freeze the backbone or fine-tune the whole thing?",
        "I froze the backbone, trained a head with 20,490 parameters; what share is trainable?",  # no size
        "ResNet-50 backbone frozen, 2048-to-10 head: how many trainable parameters in total?",  # no backbone size
        "Freeze a 25M parameter backbone, head of 5,000 parameters or a 512-to-5 head?",  # two heads
    ],
)
def test_frozen_trainable_near_misses(question):
    assert frozen_trainable(normalize(question)) is None

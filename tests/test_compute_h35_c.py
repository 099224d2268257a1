"""Calculators for the h35 blind review (C), called directly on the normalized question as `work` would: macro,
micro and weighted F1 from one binary confusion matrix (extended `sweep2_c.macro_f1`), an LSTM cell with constant
gates over many steps (new, `h35_c.lstm_constant_gates`), per-token perplexities under different tokenizers turned
into total NLL (new, `h35_c.perplexity_total_nll`) and one ALS user update with vector item factors (new,
`h35_c.als_user_vector`). Every figure was worked by hand in the comment beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.h35_c import als_user_vector, lstm_constant_gates, perplexity_total_nll
from app.answering.compute.parse import normalize
from app.answering.compute.sweep2_c import macro_f1
from tests.compute_checks import cited_document, text_of


def _cites(worked) -> str:
    assert worked is not None
    assert re.search(worked.cue, cited_document(worked))
    return text_of(worked)


# --- macro / micro / weighted F1 of a binary classifier -----------------------------------------------------

F1_QUESTION = (
    "toxic comment classifier, 1,000 comments, 80 are toxic. results: TP = 60, FN = 20, FP = 20, TN = 900. "
    "f1_score gives 0.75, but with average='macro' I get 0.864 and 'micro' gives 0.96. which of these is 'the' F1 "
    "and which should go in my report?"
)


def test_binary_averages_reference_question():
    text = _cites(macro_f1(normalize(F1_QUESTION)))
    assert "F1 = 2TP / (2TP + FP + FN) = 120 / (120 + 20 + 20) = 0.75" in text
    assert "F1 = 1,800 / (1,800 + 20 + 20) = 0.9783" in text  # the non-toxic class
    assert "macro-F1 = (0.75 + 0.9783) / 2 = 0.8641" in text
    assert "(60 + 900) / 1,000 = 0.96" in text  # micro = accuracy
    assert "weighted F1 = (80 × 0.75 + 920 × 0.9783) / 1,000 = 0.96" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # pos F1 = 80/(80+10+20) = 0.7273; neg F1 = 1740/(1740+20+10) = 0.9831; macro 0.8552
        ("TP = 40, FP = 10, FN = 20, TN = 870. What are the macro F1 and micro F1?", "= 0.8552"),
        # micro = (40 + 870) / 940 = 0.9681
        ("TP = 40, FP = 10, FN = 20, TN = 870. What are the macro F1 and micro F1?", "(40 + 870) / 940 = 0.9681"),
        # pos F1 = 100/(100+5+5) = 0.9091, neg F1 = 100/(100+5+5) = 0.9091 -> macro 0.9091; weighted the same
        (
            "With 50 true positives, 5 false positives, 5 false negatives and 50 true negatives, what is the "
            "weighted F1 and the macro-F1?",
            "macro-F1 = (0.9091 + 0.9091) / 2 = 0.9091",
        ),
    ],
)
def test_binary_averages_phrasings(question, expected):
    assert expected in _cites(macro_f1(normalize(question)))


@pytest.mark.parametrize(
    "question",
    [
        "TP = 60, FN = 20, FP = 20. What is macro-F1?",  # TN missing
        "TP = 60, FN = 20, FP = 20, TN = 900. What is the F1 score?",  # no average asked: the confusion calculator
        "What is the difference between macro and micro F1?",  # no numbers
        "TP = 60, FP = 20, FN = 20, TN = 900, TP = 50. macro F1?",  # TP given twice
    ],
)
def test_binary_averages_near_misses(question):
    assert macro_f1(normalize(question)) is None


# --- an LSTM cell with constant gates ---------------------------------------------------------------------

LSTM_QUESTION = (
    "in the LSTM worked example c goes from 2.0 to 2.0, which looks like a coincidence. if the gates stayed at "
    "f = 0.9, i = 0.5, candidate = 0.4, o = 0.8 for many steps, where does the cell state end up? starting from "
    "c = 0, what is it after 1, 10 and 50 steps, and what if it starts at 5? what's h at the end?"
)


def test_lstm_constant_gates_reference_question():
    text = _cites(lstm_constant_gates(normalize(LSTM_QUESTION)))
    assert "c* = 0.2 / (1 - 0.9) = 2" in text
    # from 0: 2 - 2 × 0.9^t -> 0.2, 2 - 2 × 0.34868 = 1.3026, 2 - 2 × 0.005154 = 1.9897
    assert "after 1 step: 2 + (-2) × 0.9^1 = 0.2" in text
    assert "after 10 steps: 2 + (-2) × 0.9^10 = 1.3026" in text
    assert "after 50 steps: 2 + (-2) × 0.9^50 = 1.9897" in text
    # from 5: 2 + 3 × 0.34868 = 3.046, 2 + 3 × 0.005154 = 2.0155
    assert "after 10 steps: 2 + (3) × 0.9^10 = 3.046" in text
    assert "after 50 steps: 2 + (3) × 0.9^50 = 2.0155" in text
    assert "h = o × tanh(c*) = 0.8 × tanh(2) = 0.8 × 0.964 = 0.7712" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # c* = 0.5 × 1 / (1 - 0.8) = 2.5; from 0 after 2 steps: 0.5, then 0.9 -> 2.5 - 2.5 × 0.64 = 0.9
        (
            "An LSTM cell with forget gate 0.8, input gate 0.5, candidate 1.0 held constant. Starting from c_0 = 0, "
            "what is c after 2 steps and where does it settle?",
            "after 2 steps: 2.5 + (-2.5) × 0.8^2 = 0.9",
        ),
        # c* = 0.2 × 0.5 / 0.01 = 10; h* = 0.5 × tanh(10) = 0.5 × 1 = 0.5
        (
            "If an LSTM keeps f = 0.99, i = 0.2, c~ = 0.5, o = 0.5 for many steps, where does the cell state "
            "converge and what is h there?",
            "c* = 0.1 / (1 - 0.99) = 10",
        ),
        # c* = 0.5 × (-0.6) / 0.5 = -0.6; from 1 after 3 steps: -0.6 + 1.6 × 0.125 = -0.4
        (
            "LSTM with constant gates f = 0.5, i = 0.5, candidate = -0.6: starting at 1, what is the cell state "
            "after 3 steps?",
            "after 3 steps: -0.6 + (1.6) × 0.5^3 = -0.4",
        ),
    ],
)
def test_lstm_constant_gates_phrasings(question, expected):
    assert expected in _cites(lstm_constant_gates(normalize(question)))


@pytest.mark.parametrize(
    "question",
    [
        # one step with a previous cell state: the one-step `lstm` calculator's question, no steps or settling
        "LSTM step: c_{t-1} = 2.0, f = 0.9, i = 0.5, candidate = 0.4, o = 0.8. What are c_t and h_t?",
        "LSTM with f = 0.9 and i = 0.5 for many steps: where does the cell state end up?",  # no candidate
        "LSTM gates f = 0.9, i = 0.5, candidate = 0.4: what is c after 10 steps?",  # no starting cell state
        "Why does an LSTM cell state converge when the forget gate is below 1?",  # no numbers
        "GRU with f = 0.9, i = 0.5, candidate = 0.4 over many steps from c = 0, after 10 steps?",  # a GRU
    ],
)
def test_lstm_constant_gates_near_misses(question):
    assert lstm_constant_gates(normalize(question)) is None


# --- perplexity across tokenizers -------------------------------------------------------------------------

PPL_QUESTION = (
    "Comparing two LMs on the same 10,000-word test set. Model A's tokenizer turns it into 13,000 tokens and A gets "
    "perplexity 12; model B's tokenizer makes 11,000 tokens and B gets perplexity 18. I know per-token perplexities "
    "aren't comparable across tokenizers - can you convert them into something that is, and tell me which model "
    "actually predicts the text better?"
)


def test_perplexity_total_nll_reference_question():
    text = _cites(perplexity_total_nll(normalize(PPL_QUESTION)))
    assert "model A: 13,000 × ln(12) = 13,000 × 2.4849 = 32,304 nats" in text  # 13,000 × 2.484907 = 32,303.8
    assert "model B: 11,000 × ln(18) = 11,000 × 2.8904 = 31,794 nats" in text  # 11,000 × 2.890372 = 31,794.1
    assert "model B has the lower total NLL" in text
    assert "model A's lower perplexity does not make it the better predictor" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # X: 5,000 × ln 20 = 5,000 × 2.9957 = 14,979; Y: 4,000 × ln 30 = 4,000 × 3.4012 = 13,605 -> Y
        (
            "On the same text, model X uses 5,000 tokens with perplexity 20 and model Y uses 4,000 tokens with "
            "perplexity 30. Which is better?",
            "model Y has the lower total NLL (13,605 vs 14,979 nats)",
        ),
        # 1: 2,000 × ln 10 = 4,605; 2: 2,500 × ln 9 = 2,500 × 2.1972 = 5,493 -> model 1
        (
            "Same validation document: LM 1 has a perplexity of 10 over 2,000 tokens, LM 2 has perplexity 9 over "
            "2,500 tokens. Which model is better?",
            "model 1 has the lower total NLL (4,605 vs 5,493 nats)",
        ),
    ],
)
def test_perplexity_total_nll_phrasings(question, expected):
    assert expected in _cites(perplexity_total_nll(normalize(question)))


@pytest.mark.parametrize(
    "question",
    [
        # different test sets: the totals do not compare
        "Model A gets perplexity 12 on 13,000 tokens and model B gets perplexity 18 on 11,000 tokens of another set.",
        # B's token count missing
        "On the same text model A has 13,000 tokens and perplexity 12, model B has perplexity 18.",
        "Why can't I compare perplexity across tokenizers on the same test set?",  # no numbers
        "On the same text, model A assigns probabilities 0.5, 0.25 to two tokens; model B 0.4, 0.4. Perplexity?",
    ],
)
def test_perplexity_total_nll_near_misses(question):
    assert perplexity_total_nll(normalize(question)) is None


# --- one ALS user update with vector item factors --------------------------------------------------------

ALS_QUESTION = (
    "Light users are getting weird recommendations from our ALS model, so I want to work through one user update by "
    "hand. k = 2 factors, no biases, item factors fixed at q_A = (1, 0), q_B = (1, 1), q_C = (0, 2). The user has "
    "only two ratings, A = 4 and B = 5. With the closed form p_u = (Q_u^T Q_u + lambda I)^-1 Q_u^T r_u, what is p_u "
    "for lambda = 1 and for lambda = 0, and what does each predict for A, B and the unrated C? What does that tell "
    "me about light users?"
)


def test_als_user_vector_reference_question():
    text = _cites(als_user_vector(normalize(ALS_QUESTION)))
    assert "Q_u^T Q_u = [[2, 1], [1, 1]]" in text
    assert "Q_u^T r_u = (9, 5)" in text
    # [[3, 1], [1, 2]]^-1 = (1/5)[[2, -1], [-1, 3]]; (1/5)(18 - 5, -9 + 15) = (2.6, 1.2)
    assert "λ = 1: Q_u^T Q_u + λI = [[3, 1], [1, 2]], determinant 5; solving gives p_u = (2.6, 1.2)" in text
    assert "A: 2.6 × 1 + 1.2 × 0 = 2.6 (rated 4)" in text
    assert "B: 2.6 × 1 + 1.2 × 1 = 3.8 (rated 5)" in text
    assert "C: 2.6 × 0 + 1.2 × 2 = 2.4 (unrated)" in text
    assert "solving gives p_u = (4, 1)" in text  # λ = 0: exact fit
    assert "C: 4 × 0 + 1 × 2 = 2 (unrated)" in text
    assert "memorize" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # Q_u = [[1, 1], [2, 0]]: Q^TQ = [[5, 1], [1, 1]] + 0.5 I = [[5.5, 1], [1, 1.5]], det 7.25;
        # Q^T r = (1×3 + 2×4, 1×3) = (11, 3); p = (1/7.25)(1.5×11 - 3, -11 + 5.5×3) = (13.5, 5.5)/7.25
        # = (1.8621, 0.7586); prediction X = 2.6207, Y = 3.7241
        (
            "ALS with item factors q_X = [1, 1], q_Y = [2, 0]; the user rated X = 3 and Y = 4, lambda = 0.5. "
            "What is p_u?",
            "solving gives p_u = (1.8621, 0.7586)",
        ),
        # one rating, λ = 2: Q^TQ = [[4, 0], [0, 0]] + 2I = [[6, 0], [0, 2]], Q^T r = (10, 0) -> p = (1.6667, 0)
        (
            "alternating least squares, k = 2: q_P = (2, 0), q_R = (1, 1). The user rated only P: P = 5. "
            "With λ = 2, what is the user vector and the prediction for item R?",
            "R: 1.6667 × 1 + 0 × 1 = 1.6667 (unrated)",
        ),
    ],
)
def test_als_user_vector_phrasings(question, expected):
    assert expected in _cites(als_user_vector(normalize(question)))


@pytest.mark.parametrize(
    "question",
    [
        # biases in the model: another update
        "ALS with user and item biases, q_A = (1, 0), q_B = (1, 1); ratings A = 4, B = 5, lambda = 1. p_u?",
        "ALS, q_A = (1, 0), q_B = (1, 1); ratings A = 4, B = 5. What is p_u?",  # no lambda
        "ALS with q_A = (1, 0), q_B = (1, 1, 2); ratings A = 4, B = 5, lambda = 1.",  # factor lengths differ
        "ALS, k = 3, q_A = (1, 0), q_B = (1, 1); ratings A = 4, B = 5, lambda = 1.",  # k disagrees with the vectors
        "How does ALS solve for a user vector in closed form?",  # no numbers
        "ALS with q_A = (1, 0), q_B = (1, 1), lambda = 0; what is p_u?",  # no ratings
    ],
)
def test_als_user_vector_near_misses(question):
    assert als_user_vector(normalize(question)) is None

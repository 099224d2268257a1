"""Calculators for the h32 review (set B), called directly on the normalized question as `work` would: the value-
iteration sweeps for an error cut by a factor (`vi_sweeps`, sweep_c), Q* along a corridor with terminal ends
(`corridor_qstar`, h32_b, not yet registered), the embedding matrix's share of a model (`embedding_size`, sizing)
and the words of documents a context window holds (`context_budget`, sizing). Every figure below was worked by
hand in the comment beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.h32_b import corridor_qstar
from app.answering.compute.parse import Worked, normalize
from app.answering.compute.sizing import context_budget, embedding_size
from app.answering.compute.sweep_c import vi_sweeps
from tests.compute_checks import cited_document, text_of


def _cites(worked: Worked | None, kind: str, source: str) -> str:
    assert worked is not None
    assert worked.kind == kind and worked.source_id == source
    assert re.search(worked.cue, cited_document(worked))
    return text_of(worked)


# --- value-iteration sweeps for an N-fold cut (s3-mdp) -------------------------------------------------------------

VI_QUESTION = (
    "value iteration: each sweep shrinks the max error by at least a factor gamma. with gamma = 0.95, how many sweeps "
    "guarantee the error drops 100-fold? and with gamma = 0.9?"
)


def test_vi_sweeps_h32_s3_mdp_1():
    text = _cites(vi_sweeps(normalize(VI_QUESTION)), "vi_sweeps", "s3-mdp")
    assert "a 100-fold drop needs γ^k ≤ 1 / 100 = 0.01" in text
    # ln(0.01) = -4.60517, ln(0.95) = -0.051293: 89.78 -> 90
    assert "γ = 0.95: k ≥ ln(0.01) / ln(0.95) = -4.6052 / -0.05129 = 89.8, that is 90 sweeps" in text
    # ln(0.9) = -0.105361: 43.71 -> 44
    assert "γ = 0.9: k ≥ ln(0.01) / ln(0.9) = -4.6052 / -0.1054 = 43.7, that is 44 sweeps" in text
    # 90 / 44 = 2.045
    assert "γ = 0.95 needs 90 / 44 = 2.05 times as many sweeps as γ = 0.9" in text
    assert "converges more slowly" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # the reading's rule: ln(0.1) / ln(0.9) = -2.302585 / -0.105361 = 21.85 -> 22
        (
            "Value iteration with γ = 0.9: how many sweeps to cut the error tenfold?",
            ["a 10-fold drop needs γ^k ≤ 1 / 10 = 0.1", "= 21.9, that is 22 sweeps"],
        ),
        # 0.1% of the initial error: 1,000-fold; ln(0.001) / ln(0.99) = -6.907755 / -0.0100503 = 687.3 -> 688
        (
            "In value iteration, how many iterations until the max error falls to 0.1% of its initial value, discount "
            "factor 0.99?",
            ["a 1,000-fold drop", "ln(0.001) / ln(0.99) = -6.9078 / -0.01005 = 687.3, that is 688 sweeps"],
        ),
        # ln(0.001) / ln(0.8) = -6.907755 / -0.223144 = 30.96 -> 31
        (
            "value iteration with gamma 0.8: how many sweeps reduce the error by a factor of 1,000?",
            ["ln(0.001) / ln(0.8) = -6.9078 / -0.2231 = 31, that is 31 sweeps"],
        ),
    ],
)
def test_vi_sweeps_fold_other_phrasings(question, expected):
    text = _cites(vi_sweeps(normalize(question)), "vi_sweeps", "s3-mdp")
    for figure in expected:
        assert figure in text


@pytest.mark.parametrize(
    "question",
    [
        "value iteration: how many sweeps for a 100-fold drop?",  # no discount factor
        "value iteration with gamma = 0.9, how many sweeps until the error is under 0.01?",  # no bound on the start
        "policy iteration with gamma = 0.9: how many sweeps for a 100-fold drop?",  # a different method
        # a reward bound given only in part: the other kind of question, not a bare factor
        "value iteration, rewards up to 10, gamma = 0.9: how many sweeps for a 100-fold drop?",
        "value iteration with gamma 0.9 and 0.99: how many sweeps do I need?",  # no target at all
        "how does value iteration converge?",  # no numbers
    ],
)
def test_vi_sweeps_fold_computes_nothing_when_unsure(question):
    assert vi_sweeps(normalize(question)) is None


# --- Q* along a corridor (s3-q-learning) -----------------------------------------------------------------------------

CORRIDOR_QUESTION = (
    "corridor with states 0..6, both ends terminal, reward 1 only for stepping into state 6, gamma = 0.95. what are "
    "Q*(2, right) and Q*(2, left)? and Q*(5, right)?"
)


def test_corridor_qstar_h32_s3_q_learning_2():
    text = _cites(corridor_qstar(normalize(CORRIDOR_QUESTION)), "corridor_qstar", "s3-q-learning")
    # 2 -> 3 -> 4 -> 5 -> 6: reward on move 4, 0.95^3 = 0.857375
    assert (
        "Q*(2, right): to state 3, then 3 more moves right, so the reward comes on move 4: 1 × 0.95^3 = 0.857375"
        in text
    )
    # to 1, then 5 moves right: V*(1) = 0.95^4 = 0.81450625; Q = 0.95^5 = 0.7737809 -> 0.773781
    assert "V*(1) = 1 × 0.95^4 = 0.814506" in text
    assert "Q*(2, left) = 0 + 0.95 × V*(1) = 1 × 0.95^5 = 0.773781" in text
    assert "Q*(5, right): the step lands in terminal state 6, so the target is just r = 1" in text
    assert "Q*(5, right) = 1" in text
    assert "right is the greedy action everywhere" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # the reading's five-state corridor: Q*(1, right) = 0.9^2 = 0.81, Q*(1, left) = 0 (terminal 0), Q*(3, right) = 1
        (
            "Five-state corridor, states 0 to 4, states 0 and 4 are terminal, reward 1 for reaching state 4, "
            "gamma 0.9: Q*(1, right), Q*(1, left), Q*(3, right)?",
            ["1 × 0.9^2 = 0.81", "Q*(1, left) = 0", "Q*(3, right) = 1"],
        ),
        # reward 10 at the left end 0: Q*(3, left) = 10 × 0.8^2 = 6.4; Q*(3, right) via 4: V*(4) = 10 × 0.8^3 = 5.12,
        # 0.8 × 5.12 = 4.096
        (
            "A chain of states 0-5 where both ends are terminal and there is a reward of 10 for stepping into state 0, "
            "γ = 0.8. What is Q*(3, left) and Q*(3, right)?",
            ["10 × 0.8^2 = 6.4", "V*(4) = 10 × 0.8^3 = 5.12", "= 10 × 0.8^4 = 4.096", "left is the greedy action"],
        ),
        # states 0..10, reward 2 at the right end, γ = 0.5: Q*(8, right) = 2 × 0.5 = 1; Q*(8, left) = 2 × 0.5^3 = 0.25
        (
            "corridor, states 0 to 10, both ends are terminal, reward 2 on entering the right end, discount 0.5. "
            "Q*(8, right) and Q*(8, left)?",
            ["2 × 0.5^1 = 1", "2 × 0.5^3 = 0.25"],
        ),
    ],
)
def test_corridor_qstar_other_phrasings(question, expected):
    text = _cites(corridor_qstar(normalize(question)), "corridor_qstar", "s3-q-learning")
    for figure in expected:
        assert figure in text


@pytest.mark.parametrize(
    "question",
    [
        # a terminal state asked
        "corridor with states 0..6, both ends terminal, reward 1 only for stepping into state 6, gamma = 0.95. "
        "what is Q*(6, right)?",
        # a step cost changes every value
        "corridor with states 0..6, both ends terminal, reward 1 for stepping into state 6 and -1 per step, "
        "gamma = 0.95. Q*(2, right)?",
        # the ends are not said to be terminal
        "corridor with states 0..6, reward 1 only for stepping into state 6, gamma = 0.95. what is Q*(2, right)?",
        # no discount factor
        "corridor with states 0..6, both ends terminal, reward 1 only for stepping into state 6. what is Q*(2, right)?",
        # a Q-learning update, not Q*
        "corridor with states 0..6, both ends terminal, reward 1 only for stepping into state 6, gamma = 0.95, "
        "alpha = 0.5: Q(2, right) after one update?",
        "what is Q* in a corridor?",  # no numbers
    ],
)
def test_corridor_qstar_computes_nothing_when_unsure(question):
    assert corridor_qstar(normalize(question)) is None


# --- the embedding matrix and its share of the model (s3-tokenization-embeddings) ----------------------------------

EMBEDDING_QUESTION = (
    "our BERT-like model has a 30,000-token WordPiece vocab and hidden size 768. how many parameters does the token "
    "embedding matrix alone have, and what share is that of ~110M total? also is looking up row i different from "
    "multiplying a one-hot by the matrix?"
)


def test_embedding_size_h32_s3_tokenization_embeddings_1():
    worked = embedding_size(normalize(EMBEDDING_QUESTION))
    text = _cites(worked, "embedding_size", "s3-tokenization-embeddings")
    # 30,000 x 768 = 23,040,000
    assert "embedding matrix: 30,000 tokens × 768 dimensions = 23,040,000 parameters" in text
    # 23.04 / 110 = 0.20945 -> 20.9%
    assert "share of the 110,000,000 parameters in all: 23,040,000 / 110,000,000 = 20.9%" in text
    assert "same result as multiplying a one-hot vector" in worked.note
    assert "neighbouring ids say nothing about related meanings" in worked.note


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 50,257 x 768 = 38,597,376; / 124,000,000 = 0.31127 -> 31.1%
        (
            "GPT-2 small: vocabulary size 50,257, embedding dimension 768, 124 million parameters in total. What "
            "fraction of the parameters is the token embedding?",
            ["= 38,597,376 parameters", "38,597,376 / 124,000,000 = 31.1%"],
        ),
        # 32,000 x 4,096 = 131,072,000; / 7e9 = 0.018725 -> 1.9%
        (
            "A 32,000-token BPE vocab with d_model = 4096 in a 7B model: embedding parameters, and what percent of "
            "the model?",
            ["32,000 tokens × 4,096 dimensions = 131,072,000 parameters", "131,072,000 / 7,000,000,000 = 1.9%"],
        ),
        # "vocabulary size" is not the dimension: 32,000 x 512 = 16,384,000
        (
            "embedding matrix for vocabulary size 32,000 and dimension 512?",
            ["32,000 tokens × 512 dimensions = 16,384,000 parameters"],
        ),
    ],
)
def test_embedding_size_other_phrasings(question, expected):
    text = _cites(embedding_size(normalize(question)), "embedding_size", "s3-tokenization-embeddings")
    for figure in expected:
        assert figure in text


def test_embedding_size_gives_no_share_unless_asked():
    text = text_of(embedding_size(normalize("a 30,000-token vocab, hidden size 768, 110M parameters: embedding size?")))
    assert "23,040,000 parameters" in text and "share" not in text


@pytest.mark.parametrize(
    "question",
    [
        # no embedding dimension
        "our BERT-like model has a 30,000-token WordPiece vocab. how many parameters does the token embedding matrix "
        "have, and what share is that of ~110M total?",
        "BERT has hidden size 768 and 110M parameters: what share is the embedding matrix?",  # no vocabulary size
        "a 30,000-token vocabulary and hidden size 768: how many attention heads?",  # no embedding asked
        "is looking up row i different from multiplying a one-hot by the embedding matrix?",  # no numbers
    ],
)
def test_embedding_size_computes_nothing_when_unsure(question):
    assert embedding_size(normalize(question)) is None


# --- words of documents in a context window (s5-nlp-language-models) -------------------------------------------------

CONTEXT_QUESTION = (
    "our model has a 16,384-token context window. the system prompt is 1,200 tokens and we reserve 800 tokens for the "
    "reply. at about 1.3 tokens per word, how many words of user documents can we fit?"
)


def test_context_budget_h32_s5_nlp_language_models_1():
    text = _cites(context_budget(normalize(CONTEXT_QUESTION)), "context_budget", "s5-nlp-language-models")
    # 16,384 - 1,200 - 800 = 14,384; / 1.3 = 11,064.6
    assert "16,384 - 1,200 (system prompt) - 800 (reply reserve) = 14,384 tokens left for the text" in text
    assert "14,384 / 1.3 = 11,064.6 words, so at most 11,064 whole words, not 16,384" in text
    assert "silently" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # the reading's example: 8,192 / 1.3 = 6,301.5
        (
            "With a context window of 8,192 tokens and 1.3 tokens per word, how many words fit?",
            ["8,192 / 1.3 = 6,301.5 words, so at most 6,301 whole words"],
        ),
        # 4,096 - 300 - 500 = 3,296; / 1.5 = 2,197.3
        (
            "A 4096-token context window, a 300-token system prompt, 500 tokens for the answer, 1.5 tokens per word: "
            "how many words of retrieved text can I add?",
            ["4,096 - 300 (system prompt) - 500 (reply reserve) = 3,296", "3,296 / 1.5 = 2,197.3 words"],
        ),
        # 128,000 - 2,000 = 126,000; / 1.25 = 100,800
        (
            "128,000-token context window, system prompt of 2,000 tokens, roughly 1.25 tokens per word. How many words "
            "can the documents be?",
            ["128,000 - 2,000 (system prompt) = 126,000", "126,000 / 1.25 = 100,800 words"],
        ),
    ],
)
def test_context_budget_words_left_other_phrasings(question, expected):
    text = _cites(context_budget(normalize(question)), "context_budget", "s5-nlp-language-models")
    for figure in expected:
        assert figure in text


@pytest.mark.parametrize(
    "question",
    [
        "a 2,048 context window: how many words fit?",  # no tokens per word
        # retrieved chunks are another token count to subtract
        "Our 8192-token context window holds a 1000-token system prompt plus 10 retrieved chunks of 300 tokens, at "
        "1.3 tokens per word: how many words fit?",
        # tokens asked, not words
        "our model has a 16,384-token context window. the system prompt is 1,200 tokens. at about 1.3 tokens per "
        "word, how many tokens do we have left?",
        "how many words fit in a context window?",  # no numbers
    ],
)
def test_context_budget_words_left_computes_nothing_when_unsure(question):
    assert context_budget(normalize(question)) is None

"""The h31 review's B questions: the target rate with and without a value plus the 0/1 flag's correlation
(`missing_target_rate`, extended), the k-distance elbow before a DBSCAN run (`dbscan_1d`, extended), the zero-weight
case of a residual stack (`residual_gain`, extended), and two new counts (`skipgram_counts`, `bert_masked_count`).
Called directly on the normalized question as `work` would; every figure was worked by hand in the comment beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.by_hand import dbscan_1d
from app.answering.compute.h31_b import bert_masked_count, skipgram_counts
from app.answering.compute.parse import Worked, normalize
from app.answering.compute.sweep2_a import missing_target_rate
from app.answering.compute.sweep3_b import residual_gain
from tests.compute_checks import cited_document, text_of


def _cites(worked: Worked | None, kind: str) -> None:
    assert worked is not None and worked.kind == kind
    assert re.search(worked.cue, cited_document(worked))


LOAN = (
    "loan data, 2,000 applicants. annual_income is blank for 400 of them. 100 of those 400 defaulted, vs 160 of the "
    "1,600 who did give an income. a teammate correlated a 0/1 'income_missing' flag with the 0/1 default label, got "
    "something small, and wants to just drop the rows with missing income. can you work out the two default rates and "
    "that correlation, and say what you'd do with the column?"
)
DBSCAN = (
    "1-D toy data for DBSCAN: 0, 1, 2, 3, 10, 11, 12, 30 with min_samples = 3 (sklearn counts the point itself). can "
    "you do the k-distance numbers for picking eps, then run DBSCAN with that eps - which clusters and which noise? "
    "and what would eps = 8 do?"
)
WORD2VEC = (
    "counting training signal. skip-gram Word2Vec with a window of 2 words on each side, one sentence: 'the cat sat on "
    "the mat' (6 tokens). how many (centre, context) pairs does it produce? with negative sampling K = 5, how many "
    "sigmoid terms is that, vs scoring the full softmax over a 10,000-word vocab for every pair? how many training "
    "examples would CBOW make from the same sentence? and for contrast, roughly how many tokens does BERT's masked LM "
    "predict in one 512-token sequence?"
)
RESIDUAL = (
    "toy check on why skip connections help. 8 blocks in a row, and each block's branch just multiplies its input by "
    "0.2. plain stack (output = branch only) vs residual blocks (output = x + 0.2x): what's the derivative of the "
    "final output with respect to the input in each case? and what happens to each if all branch weights start at 0?"
)

CASES = [
    # 100/400 = 0.25, 160/1,600 = 0.1, ratio 2.5; flag mean 0.2, target 260/2,000 = 0.13, both 0.05;
    # cov 0.05 - 0.026 = 0.024; sqrt(0.16 × 0.1131) = 0.1345; r = 0.178
    (
        missing_target_rate,
        LOAN,
        ["100 / 400 = 0.25", "160 / 1,600 = 0.1", "ratio 0.25 / 0.1 = 2.5", "0.05 - 0.2 × 0.13 = 0.024", "= 0.178"],
    ),
    # 300/1,000 = 0.3, 400/4,000 = 0.1; target 700/5,000 = 0.14, both 0.06; cov 0.06 - 0.028 = 0.032;
    # sqrt(0.16 × 0.1204) = 0.1388; r = 0.231
    (
        missing_target_rate,
        "We have 5,000 customers; age is missing for 1,000 of them. 300 of those 1,000 churned, while 400 of the 4,000 "
        "with age present churned. What's the churn rate in each group and the correlation between a missing-age "
        "indicator and churn?",
        ["300 / 1,000 = 0.3", "400 / 4,000 = 0.1", "0.06 - 0.2 × 0.14 = 0.032", "= 0.231"],
    ),
    # the concept note's loan example: 36/200 = 0.18, 72/800 = 0.09; cov 0.036 - 0.0216 = 0.0144; r = 0.116 (about 0.12)
    (
        missing_target_rate,
        "Default rate: 36 of 200 applicants with income missing defaulted, versus 72 of 800 where income was reported."
        " What's the phi correlation of the missing flag with default?",
        ["36 / 200 = 0.18", "72 / 800 = 0.09", "= 0.0144", "= 0.116"],
    ),
    # k = 2: 0->2, 1->1, 2->1, 3->2, 10->2, 11->1, 12->2, 30->19 (12 is 18 away, 11 is 19); elbow 2 -> 19, eps = 2;
    # clusters {0,1,2,3}, {10,11,12}, 30 noise; eps = 8 chains 3 and 10 (7 apart) into one cluster
    (
        dbscan_1d,
        DBSCAN,
        [
            "0 → 2, 1 → 1, 2 → 1, 3 → 2, 10 → 2, 11 → 1, 12 → 2, 30 → 19",
            "sorted: 1, 1, 1, 2, 2, 2, 2, 19",
            "eps = 2",
            "{0, 1, 2, 3} (label 0), {10, 11, 12} (label 1)",
            "noise (label -1): 30",
            "with eps = 8 and min_samples = 3: core points 0, 1, 2, 3, 10, 11, 12; clusters {0, 1, 2, 3, 10, 11, 12}; "
            "1 noise point",
        ],
    ),
    # the concept note's line example: k = 2 distances 2, 1, 1, 2, 2, 1, 2, 5, 6; sorted 1,1,1,2,2,2,2,5,6; the jump
    # 2 -> 5 (3) is at least twice every other (1); eps = 2: {1,2,3,4}, {8,9,10}; 15 and 16 have 2 points each: noise
    (
        dbscan_1d,
        "DBSCAN on 1, 2, 3, 4, 8, 9, 10, 15, 16 with min_samples = 3: compute the k-distance plot and choose eps at "
        "the elbow",
        ["sorted: 1, 1, 1, 2, 2, 2, 2, 5, 6", "eps = 2", "{1, 2, 3, 4} (label 0), {8, 9, 10} (label 1)", "15, 16"],
    ),
    # 0.2^8 = 2.56e-6, 1.2^8 = 4.2998; zero weights: plain 0, residual identity (1)
    (
        residual_gain,
        RESIDUAL,
        [
            "0.2^8 = 2.56e-6",
            "1.2^8 = 4.2998",
            "derivative 0^8 = 0",
            "identity with derivative 1^8 = 1",
            "normalization",
        ],
    ),
    # 0.5^5 = 0.03125, 1.5^5 = 7.59375
    (
        residual_gain,
        "5 residual blocks, each branch multiplies its input by 0.5. gradient through the stack? and if the weights "
        "are initialized to zero?",
        ["0.5^5 = 0.0312", "1.5^5 = 7.5938", "derivative 0^5 = 0", "1^5 = 1"],
    ),
    # 2 + 3 + 4 + 4 + 3 + 2 = 18 pairs; 18 × 6 = 108; 18 × 10,000 = 180,000; CBOW 6 examples
    (
        skipgram_counts,
        WORD2VEC,
        ["2 + 3 + 4 + 4 + 3 + 2 = 18", "18 × (1 + 5) = 108", "18 × 10,000 = 180,000", "6 examples", "2 to 4 context"],
    ),
    # 4 tokens, window 1: 1 + 2 + 2 + 1 = 6 pairs; 6 × (1 + 3) = 24
    (
        skipgram_counts,
        "skip-gram with window 1 on each side over 'I like deep learning' - how many pairs? with 3 negatives each, "
        "how many sigmoid terms?",
        ["1 + 2 + 2 + 1 = 6", "6 × (1 + 3) = 24"],
    ),
    # 5 tokens, window 2: 2 + 3 + 4 + 3 + 2 = 14 pairs; CBOW 5 examples with 2 to 4 context words
    (
        skipgram_counts,
        'CBOW with a window of two words either side on "we love training small models" - how many training '
        "examples, and how many (centre, context) pairs would skip-gram make?",
        ["2 + 3 + 4 + 3 + 2 = 14", "5 examples", "2 to 4 context"],
    ),
    # 0.15 × 512 = 76.8, about 77
    (bert_masked_count, WORD2VEC, ["0.15 × 512 = 76.8, about 77"]),
    # 0.15 × 128 = 19.2, about 19 (two token counts, so bert_masking stands aside)
    (
        bert_masked_count,
        "BERT MLM: with sequences of 128 tokens and a 30,000-token vocabulary, how many tokens get masked per "
        "sequence?",
        ["0.15 × 128 = 19.2, about 19"],
    ),
]


@pytest.mark.parametrize(("fn", "question", "expected"), CASES)
def test_computes(fn, question, expected):
    worked = fn(normalize(question))
    _cites(worked, fn.__name__)
    text = text_of(worked)
    for figure in expected:
        assert figure in text, (figure, text)


def test_zero_weights_only_when_asked():
    worked = residual_gain(normalize("5 residual blocks, each branch multiplies its input by 0.5. gradient?"))
    assert worked is not None and "0^5" not in text_of(worked)


def test_no_correlation_unless_asked():
    worked = missing_target_rate(
        normalize("Rows with income missing: 120 of 400 churned; rows with income present: 300 of 3600 churned. Rates?")
    )
    assert worked is not None and "r = " not in text_of(worked)


NEAR_MISSES = [
    # the present group is never given
    (missing_target_rate, "2,000 applicants, income blank for 400. 100 of those 400 defaulted. correlation?"),
    # the two groups are the same size: which count belongs to which is not clear
    (
        missing_target_rate,
        "2,000 applicants. income is blank for 1,000 of them. 100 of those 1,000 defaulted, vs 160 of the 1,000 "
        "others. default rates?",
    ),
    # no count of rows missing the value
    (
        missing_target_rate,
        "2,000 applicants, 100 of those 400 defaulted vs 160 of the 1,600 others; income missing sometimes. rates?",
    ),
    (missing_target_rate, "should I correlate a 0/1 missing indicator with the default label?"),
    # no min_samples, no eps
    (dbscan_1d, "DBSCAN k-distance on 0, 1, 2, 10, 11, 12, 30: which eps?"),
    # evenly spaced: no elbow to read
    (dbscan_1d, "DBSCAN k-distance for 0, 1, 2, 3, 4, 5 with min_samples = 3: pick eps"),
    (dbscan_1d, "How do I read a k-distance plot for DBSCAN?"),
    # no factor, no block count
    (residual_gain, "residual blocks: what happens if all branch weights start at 0?"),
    # no window
    (skipgram_counts, "skip-gram on 'the cat sat on the mat': how many pairs?"),
    # a window size without sides: 5 in total or 5 on each side?
    (skipgram_counts, "skip-gram with window size 5 on 'the cat sat on the mat': how many pairs?"),
    # the stated token count disagrees with the sentence
    (skipgram_counts, "skip-gram, window of 2 words on each side, 'the cat sat on the mat' (7 tokens): pairs?"),
    # two sentences
    (skipgram_counts, "skip-gram, window of 1 on each side, 'a b c' and 'd e f g': pairs?"),
    (skipgram_counts, "What is the difference between skip-gram and CBOW?"),
    # the plain case is bert_masking's
    (bert_masked_count, "BERT masks 15% of a 512-token sequence, how many are masked?"),
    # another masking rate
    (bert_masked_count, "BERT MLM masking 20% of sequences of 128 tokens with a 30,000-token vocab: how many?"),
    (bert_masked_count, "How does BERT's masked LM work?"),
]


@pytest.mark.parametrize(("fn", "question"), NEAR_MISSES)
def test_near_misses_compute_nothing(fn, question):
    assert fn(normalize(question)) is None

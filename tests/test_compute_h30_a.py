"""Calculators of the h30 sweep in `sweep_a`, called directly on the normalized question as `work` would: the sample
ratio mismatch check reading "25,400 users in A and 24,600 in B", the rows dropna keeps when columns miss
independently, Simpson's paradox from per-group counts, and the size of a Hessian. Every figure below was computed by
hand in the comment beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.parse import Worked, normalize
from app.answering.compute.sweep_a import dropna_survival, hessian_size, sample_ratio_mismatch, simpsons_paradox
from tests.compute_checks import cited_document, text_of


def _cites(worked: Worked | None, kind: str) -> None:
    assert worked is not None and worked.kind == kind
    assert re.search(worked.cue, cited_document(worked))


# --- sample ratio mismatch: counts followed by their arms --------------------------------------------------------

SRM_QUESTION = (
    "Our A/B test was supposed to be a 50/50 split. After one week: 25,400 users in A and 24,600 in B. Is that "
    "difference just noise? How would I check it, and does it matter for reading the test?"
)


def test_srm_reads_counts_followed_by_their_arm():
    worked = sample_ratio_mismatch(normalize(SRM_QUESTION))
    _cites(worked, "sample_ratio_mismatch")
    text = text_of(worked)
    # 50,000 users, 25,000 expected each; 400² / 25,000 = 6.4 twice -> 12.8
    assert "expected 25,000 and 25,000; observed 25,400 and 24,600 (50.8% / 49.2%)" in text
    assert "= 6.4 + 6.4 = 12.8, with 1 degree of freedom" in text
    # sd = √(50,000 × 0.25) = 111.8; z = 400 / 111.8 = 3.58; p = erfc(√6.4) = 0.000347
    assert "√(50,000 × 0.5 × 0.5) = 111.8, z = (25,400 - 25,000) / 111.8 = 3.58, and z² = 12.8" in text
    assert "p-value = 0.0003466" in text
    assert "very unlikely by chance" in worked.note and "no longer be comparable" in worked.note


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 20,000 users: 300² / 10,000 = 9 twice -> 18; z = 300 / √5,000 = 300 / 70.7 = 4.24; p = erfc(3) = 0.000022
        (
            "We run a 50/50 split; 10,300 users in control and 9,700 in treatment. Just noise?",
            ["observed 10,300 and 9,700", "9 + 9 = 18", "= 70.7, z = (10,300 - 10,000) / 70.7 = 4.24", "0.000022"],
        ),
        # the arms named the other way round: A = 5,100, B = 4,900; 100² / 5,000 = 2 twice -> 4; z = 100 / 50 = 2;
        # p = erfc(√2) = 0.0455
        (
            "50/50 split: 4,900 users in B and 5,100 in A. Could that be chance?",
            ["observed 5,100 and 4,900", "2 + 2 = 4", "z = (5,100 - 5,000) / 50 = 2", "p-value = 0.0455"],
        ),
    ],
)
def test_srm_reads_other_phrasings(question, expected):
    text = text_of(sample_ratio_mismatch(normalize(question)))
    for figure in expected:
        assert figure in text


@pytest.mark.parametrize(
    "question",
    [
        "After one week: 25,400 users in A and 24,600 in B. Is that difference just noise?",  # no planned split
        "50/50 split: 25,400 users in A and 24,600 in A. Just noise?",  # one arm twice
        "50/50 split: 25,400 conversions in A and 24,600 in B, just noise?",  # conversions, not users
        "Is a 50/50 split ever just noise?",  # no counts
    ],
)
def test_srm_computes_nothing_when_unsure(question):
    assert sample_ratio_mismatch(normalize(question)) is None


# --- rows dropna keeps -------------------------------------------------------------------------------------------

DROPNA_QUESTION = (
    "Before modelling I was going to just run df = df.dropna() on my training table (50,000 rows). Six feature "
    "columns have missing rates of 5%, 8%, 10%, 12%, 15% and 20%. If the gaps are independent of each other, what "
    "fraction of rows survive, how many rows is that, and is this a reasonable approach?"
)


def test_dropna_survival_multiplies_the_present_shares():
    worked = dropna_survival(normalize(DROPNA_QUESTION))
    _cites(worked, "dropna_survival")
    assert worked.source_id == "s1-probability-statistics"
    text = text_of(worked)
    # 0.95 × 0.92 = 0.874; × 0.9 = 0.7866; × 0.88 = 0.692208; × 0.85 = 0.5883768; × 0.8 = 0.47070144
    assert "P(row kept) = 0.95 × 0.92 × 0.9 × 0.88 × 0.85 × 0.8 = 0.4707 (47.1%)" in text
    # 50,000 × 0.47070144 = 23,535.07 -> 23,535 kept, 26,465 dropped
    assert "of 50,000 rows: 50,000 × 0.4707 ≈ 23,535 kept, 26,465 dropped" in text
    # bounds: all gaps in the same rows keeps 1 - 0.2 = 80%; never overlapping keeps 1 - 0.7 = 30%
    assert "would keep 80%" in text and "= 0.3 (30%)" in text
    assert "MCAR" in worked.note and "missing-indicator" in worked.note


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 0.9 × 0.8 × 0.7 = 0.504; 1,000 × 0.504 = 504 kept, 496 dropped
        (
            "Three columns are missing 10%, 20% and 30% of their values, independently. How many of my 1,000 rows "
            "does dropna keep?",
            ["0.9 × 0.8 × 0.7 = 0.504 (50.4%)", "504 kept, 496 dropped"],
        ),
        # 0.98 × 0.97 = 0.9506; no row count given
        (
            "If I drop every row with a missing value and two columns have 2% and 3% NaN (independent gaps), what "
            "share of rows is left?",
            ["0.98 × 0.97 = 0.9506 (95.1%)"],
        ),
    ],
)
def test_dropna_survival_reads_other_phrasings(question, expected):
    text = text_of(dropna_survival(normalize(question)))
    for figure in expected:
        assert figure in text


@pytest.mark.parametrize(
    "question",
    [
        # no independence: overlapping gaps keep more rows
        "df.dropna() on 50,000 rows, columns missing 5%, 8% and 10%: how many rows survive?",
        # six columns named, five rates given
        "dropna with six columns missing 5%, 8%, 10%, 12% and 15%, independent gaps: what share survives?",
        # another percentage beside the list
        "I want to keep 80% of rows; with dropna and independent missing rates of 5%, 8% and 10%, do I?",
        "Is dropna reasonable when missing values are independent across columns?",  # no rates
    ],
)
def test_dropna_survival_computes_nothing_when_unsure(question):
    assert dropna_survival(normalize(question)) is None


# --- Simpson's paradox -------------------------------------------------------------------------------------------

SIMPSON_QUESTION = (
    "Retention EDA, need a sanity check. Overall: guided onboarding 600 users, 330 still active after 90 days; "
    "self-serve onboarding 600 users, 360 active. So self-serve is better. But split by plan: Free plan - guided 400 "
    "users / 180 active, self-serve 100 / 40. Pro plan - guided 200 / 150, self-serve 500 / 320. Can you compute the "
    "rates and tell me what's going on?"
)


def test_simpsons_paradox_rates_mix_and_reversal():
    worked = simpsons_paradox(normalize(SIMPSON_QUESTION))
    _cites(worked, "simpsons_paradox")
    assert worked.source_id == "s1-eda"
    text = text_of(worked)
    # 330/600 = 55%, 360/600 = 60%
    assert "overall: guided 330 / 600 = 55%, self-serve 360 / 600 = 60%: self-serve higher by 5 points" in text
    # 180/400 = 45%, 40/100 = 40%; 150/200 = 75%, 320/500 = 64%
    assert "Free plan: guided 180 / 400 = 45%, self-serve 40 / 100 = 40%: guided higher by 5 points" in text
    assert "Pro plan: guided 150 / 200 = 75%, self-serve 320 / 500 = 64%: guided higher by 11 points" in text
    # guided: 400/600 = 66.7% on Free; self-serve: 500/600 = 83.3% on Pro; Pro pooled 470/700 = 67.1%
    assert "of guided's 600, 400 in Free plan (66.7%), 200 in Pro plan (33.3%)" in text
    assert "Free plan 220 / 500 = 44%, Pro plan 470 / 700 = 67.1%" in text
    assert "guided is higher in every group but self-serve is higher overall: Simpson's paradox" in text
    assert "83.3% of self-serve's total is in Pro plan" in text
    assert "confounder" in worked.note and "randomized experiment" in worked.note


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # kidney stones, overall summed: A 273/350 = 78%, B 289/350 = 82.6%; small A 81/87 = 93.1%, B 234/270 =
        # 86.7%; large A 192/263 = 73%, B 55/80 = 68.75% -> 68.8%; B has 270/350 = 77.1% in small (315/357 = 88.2%)
        (
            "Kidney stone data, split by stone size. Small stones: treatment A 81 of 87 patients recovered, treatment "
            "B 234 of 270. Large stones: treatment A 192 of 263, treatment B 55 of 80. Overall B looks better. "
            "Compute the rates?",
            [
                "overall (groups summed): A 273 / 350 = 78%, B 289 / 350 = 82.6%: B higher by 4.6 points",
                "Small stones: A 81 / 87 = 93.1%, B 234 / 270 = 86.7%: A higher by 6.4 points",
                "Large stones: A 192 / 263 = 73%, B 55 / 80 = 68.8%: A higher by 4.3 points",
                "Simpson's paradox. 77.1% of B's total is in Small stones",
            ],
        ),
        # no reversal: East new 60/100 = 60%, old 50/100 = 50%; West new 30/100 = 30%, old 20/100 = 20%;
        # summed new 90/200 = 45%, old 70/200 = 35%
        (
            "Is this Simpson's paradox? East region: new 60 / 100, old 50 / 100. West region: new 30 / 100, "
            "old 20 / 100. Overall?",
            ["new 90 / 200 = 45%, old 70 / 200 = 35%: new higher by 10 points", "no reversal"],
        ),
    ],
)
def test_simpsons_paradox_reads_other_phrasings(question, expected):
    text = text_of(simpsons_paradox(normalize(question)))
    for figure in expected:
        assert figure in text


@pytest.mark.parametrize(
    "question",
    [
        "What is Simpson's paradox?",  # no numbers
        # one comparison, no groups: a two-proportion test
        "Overall, control 120 / 1,000 converted and treatment 150 / 1,000 converted, split by nothing. Significant?",
        # a stated overall that the groups do not add up to (guided 700, groups 600)
        "Overall: guided 700 users / 330 active, self-serve 600 / 360. Split by plan: Free plan - guided 400 / 180, "
        "self-serve 100 / 40. Pro plan - guided 200 / 150, self-serve 500 / 320.",
        # three counts: no two arms per group
        "Split by plan, overall? Free plan: 400 / 180, 100 / 40, 50 / 20.",
    ],
)
def test_simpsons_paradox_computes_nothing_when_unsure(question):
    assert simpsons_paradox(normalize(question)) is None


# --- the size of a Hessian ---------------------------------------------------------------------------------------

HESSIAN_QUESTION = (
    "ok so why does nobody use newton's method on real models? mine has 2.5 million parameters. how many entries "
    "would the hessian have, and how much memory is that in float32 compared with the gradient? and what if i only "
    "store half of it since it's symmetric?"
)


def test_hessian_size_entries_and_memory():
    worked = hessian_size(normalize(HESSIAN_QUESTION))
    _cites(worked, "hessian_size")
    assert worked.source_id == "s1-calculus"
    text = text_of(worked)
    # (2.5 × 10^6)² = 6.25 × 10^12; × 4 bytes = 2.5 × 10^13 = 25 TB
    assert "n² = (2,500,000)² = 6.25 × 10^12 entries" in text
    assert "6.25 × 10^12 × 4 = 2.5 × 10^13 bytes ≈ 25 TB" in text
    # gradient: 2.5 × 10^6 × 4 = 10^7 bytes = 10 MB
    assert "2,500,000 × 4 = 1 × 10^7 bytes ≈ 10 MB, so the Hessian is n = 2,500,000 times larger" in text
    # n(n + 1)/2 = 3,125,001,250,000 ≈ 3.125 × 10^12; × 4 ≈ 1.25 × 10^13 = 12.5 TB
    assert "n(n + 1)/2 ≈ 3.125 × 10^12 entries" in text and "≈ 12.5 TB" in text
    assert "first-order methods" in worked.note


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # n = 10^6: n² = 10^12; fp16 2 bytes: 2 × 10^12 = 2 TB; gradient 2,000,000 bytes = 2 MB
        (
            "Newton's method on a 1 million parameter network: how big is the Hessian in fp16?",
            ["= 1 × 10^12 entries", "in 16-bit floats (2 bytes each): 1 × 10^12 × 2 = 2 × 10^12 bytes ≈ 2 TB", "2 MB"],
        ),
        # n = 10,000: n² = 10^8; × 8 = 8 × 10^8 = 800 MB; gradient 80,000 bytes = 80 KB;
        # n(n + 1)/2 = 50,005,000 ≈ 5.001 × 10^7, × 8 = 400,040,000 bytes ≈ 400.04 MB
        (
            "My MLP has 10,000 weights; how many entries does its Hessian have, and how many bytes in float64?",
            ["= 1 × 10^8 entries", "≈ 800 MB", "≈ 80 KB", "≈ 5.001 × 10^7 entries", "≈ 400.04 MB"],
        ),
        # "a million parameters", no precision named: float32 by default; 10^12 × 4 = 4 TB
        ("How much memory would the Hessian of a model with a million parameters take?", ["≈ 4 TB"]),
    ],
)
def test_hessian_size_reads_other_phrasings(question, expected):
    text = text_of(hessian_size(normalize(question)))
    for figure in expected:
        assert figure in text


@pytest.mark.parametrize(
    "question",
    [
        "How big is the Hessian of a neural network?",  # no parameter count
        "Compare the Hessian for 2 million parameters and 7 million parameters.",  # two counts
        "XGBoost uses gradients and hessians of 1 million rows: how much memory?",  # rows, not parameters
        "Hessian of 1 million parameters: float32 or fp16, how much memory?",  # two precisions
        "My model has 2.5 million parameters; how much memory do the gradients take in float32?",  # no Hessian
    ],
)
def test_hessian_size_computes_nothing_when_unsure(question):
    assert hessian_size(normalize(question)) is None

"""h30 questions that got no computation: the break-even threshold and the decision on a scored case from costs
written "~$240" (`error_costs`, `app.answering.compute.sweep_b`), and how many value-iteration sweeps guarantee a
max error below a tolerance (`vi_sweeps`, `app.answering.compute.sweep_c`, not yet registered). Each is called
directly on the normalized question as `work` would. Every figure below was computed by hand in the comment
beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.parse import Worked, normalize
from app.answering.compute.sweep_b import error_costs
from app.answering.compute.sweep_c import vi_sweeps
from tests.compute_checks import cited_document, text_of


def _cites(worked: Worked | None, kind: str, source: str) -> None:
    assert worked is not None and worked.kind == kind and worked.source_id == source
    assert re.search(worked.cue, cited_document(worked))


# --- the break-even threshold and a scored case (c-calibration) ----------------------------------------------

COST_QUESTION = (
    "our fraud model's probabilities look calibrated on a holdout reliability curve. a missed fraud costs us ~$240 on "
    "average, a false alarm (manual review) ~$12. what threshold should we flag at instead of 0.5? a transaction "
    "scored 0.08 - flag it or not? and does anything change if the model had been trained with class weights?"
)


def test_error_costs_threshold_and_scored_case_h30_s2_metrics_1():
    worked = error_costs(normalize(COST_QUESTION))
    _cites(worked, "error_costs", "c-calibration")
    text = text_of(worked)
    # 12 / 252 = 0.047619
    assert "flagging pays off when p × 240 > (1 - p) × 12, that is p > 12 / (12 + 240) = 0.04762" in text
    assert "flag above 0.04762 rather than at the default 0.5" in text
    # 0.08 x 240 = 19.2; 0.92 x 12 = 11.04
    assert "score 0.08: not flagging risks 0.08 × 240 = $19.2 expected" in text
    assert "flagging costs (1 - 0.08) × 12 = 0.92 × 12 = $11.04 expected; 0.08 > 0.04762, so flag it" in text
    assert "class weights and resampling inflate the rare class's predicted probabilities" in worked.note
    assert "true class balance" in worked.note


@pytest.mark.parametrize(
    ("question", "expected", "in_note"),
    [
        # 200 / 5,200 = 0.038462; 0.03 x 5,000 = 150 against 0.97 x 200 = 194: do not flag
        (
            "A missed default costs about $5,000, a false alarm about $200. Customer with predicted probability of "
            "0.03: approve or flag?",
            [
                "p > 200 / (200 + 5,000) = 0.03846",
                "score 0.03: not flagging risks 0.03 × 5,000 = $150 expected, flagging costs (1 - 0.03) × 200 = 0.97 "
                "× 200 = $194 expected; 0.03 < 0.03846, so do not flag it",
            ],
            "recalibrating first",
        ),
        # ratio 10 : 1; 1 / 11 = 0.090909; 0.2 x 10 = 2 against 0.8 x 1 = 0.8: flag
        (
            "A false negative costs 10 times a false positive. Our model was trained with class_weight='balanced'. "
            "One case scored 0.2: flag it? What threshold?",
            [
                "p > 1 / (1 + 10) = 0.09091",
                "score 0.2: not flagging risks 0.2 × 10 = 2 expected, flagging costs (1 - 0.2) × 1 = 0.8 × 1 = 0.8 "
                "expected (in units of one false alarm); 0.2 > 0.09091, so flag it",
            ],
            "class weights and resampling inflate",
        ),
        # 15 / 315 = 0.047619; 0.04: 12 against 0.96 x 15 = 14.4, do not flag; 0.06: 18 against 0.94 x 15 = 14.1, flag
        (
            "A missed fraud costs €300 and a false alarm costs €15. Two transactions scored 0.04 and 0.06 - flag them?",
            [
                "p > 15 / (15 + 300) = 0.04762",
                "score 0.04: not flagging risks 0.04 × 300 = €12 expected, flagging costs (1 - 0.04) × 15 = 0.96 × 15 "
                "= €14.4 expected; 0.04 < 0.04762, so do not flag it",
                "score 0.06: not flagging risks 0.06 × 300 = €18 expected, flagging costs (1 - 0.06) × 15 = 0.94 × 15 "
                "= €14.1 expected; 0.06 > 0.04762, so flag it",
            ],
            "calibrated",
        ),
    ],
)
def test_error_costs_scored_cases_other_phrasings(question, expected, in_note):
    worked = error_costs(normalize(question))
    _cites(worked, "error_costs", "c-calibration")
    text = text_of(worked)
    for figure in expected:
        assert figure in text
    assert in_note in worked.note


@pytest.mark.parametrize(
    "question",
    [
        "A missed fraud costs ~$240. A transaction scored 0.08 - flag it or not?",  # no cost of a false alarm
        # an F1 score is not a case to decide on, and nothing is asked
        "Our F1 score of 0.8 - a missed fraud costs $240 and a false alarm costs $12. Is that a lot?",
        "A missed fraud costs $240 and a false alarm $12. A transaction scored 1.5 - flag it?",  # not a probability
        "A transaction scored 0.08 by our fraud model. Flag it or not?",  # no costs at all
    ],
)
def test_error_costs_scored_case_computes_nothing_when_unsure(question):
    assert error_costs(normalize(question)) is None


# --- value-iteration sweeps for a tolerance (s3-mdp) -----------------------------------------------------------

VI_QUESTION = (
    "value iteration question. rewards are between 0 and 10 every step and V starts at 0. how many sweeps do i need "
    "to be sure the max error vs V* is under 0.1 with gamma = 0.95? and with gamma = 0.99? trying to understand why "
    "my 0.99 run takes forever"
)


def test_vi_sweeps_h30_s3_mdp_1():
    worked = vi_sweeps(normalize(VI_QUESTION))
    _cites(worked, "vi_sweeps", "s3-mdp")
    text = text_of(worked)
    # 10 / 0.05 = 200; ln(0.0005) / ln(0.95) = -7.6009 / -0.051293 = 148.18 -> 149
    assert (
        "γ = 0.95: first error at most 10 / (1 - 0.95) = 200; need 0.95^k × 200 ≤ 0.1, so k ≥ ln(0.1 / 200) / "
        "ln(0.95) = 148.2, that is 149 sweeps" in text
    )
    # 10 / 0.01 = 1,000; ln(0.0001) / ln(0.99) = -9.2103 / -0.010050 = 916.4 -> 917
    assert "γ = 0.99: first error at most 10 / (1 - 0.99) = 1,000" in text
    assert "k ≥ ln(0.1 / 1,000) / ln(0.99) = 916.4, that is 917 sweeps" in text
    # 917 / 149 = 6.154
    assert "γ = 0.99 needs 917 / 149 = 6.2 times as many sweeps as γ = 0.95" in text
    assert "worst-case" in worked.note and "policy iteration" in worked.note


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 1 / 0.1 = 10; ln(0.001) / ln(0.9) = -6.9078 / -0.10536 = 65.56 -> 66
        (
            "In value iteration with rewards in [0, 1] and V initialized to zeros, how many iterations until the "
            "error is below 0.01 for gamma = 0.9?",
            ["1 / (1 - 0.9) = 10", "ln(0.01 / 10) / ln(0.9) = 65.6, that is 66 sweeps"],
        ),
        # 5 / 0.2 = 25; ln(0.00004) / ln(0.8) = -10.127 / -0.22314 = 45.38 -> 46
        (
            "value-iteration: rewards from 0 to 5, starting from V = 0, discount factor 0.8. How many sweeps to get "
            "within 1e-3 of V*?",
            ["5 / (1 - 0.8) = 25", "ln(0.001 / 25) / ln(0.8) = 45.4, that is 46 sweeps"],
        ),
        # 0.5: 1 / 0.5 = 2, ln(0.005) / ln(0.5) = 7.64 -> 8; 0.9: 66 as above; 66 / 8 = 8.25
        (
            "Value iteration, rewards between 0 and 1, V starts at 0, tolerance 0.01. How many sweeps with gamma 0.5 "
            "versus gamma 0.9?",
            [
                "γ = 0.5: first error at most 1 / (1 - 0.5) = 2",
                "ln(0.01 / 2) / ln(0.5) = 7.6, that is 8 sweeps",
                "that is 66 sweeps",
                "γ = 0.9 needs 66 / 8 = 8.3 times as many sweeps as γ = 0.5",
            ],
        ),
    ],
)
def test_vi_sweeps_other_phrasings(question, expected):
    worked = vi_sweeps(normalize(question))
    _cites(worked, "vi_sweeps", "s3-mdp")
    text = text_of(worked)
    for figure in expected:
        assert figure in text


@pytest.mark.parametrize(
    "question",
    [
        # where V starts is not said
        "value iteration, rewards between 0 and 10. how many sweeps to get the error under 0.1 with gamma = 0.9?",
        # negative rewards: the bound R / (1 - γ) from [0, R] does not apply
        "value iteration with rewards between -1 and 1 and V starts at 0: how many sweeps for error under 0.1, "
        "gamma = 0.9?",
        # no tolerance
        "value iteration, rewards between 0 and 10, V starts at 0, gamma = 0.9. how many sweeps do I need?",
        # a different method
        "Q-learning with rewards between 0 and 1, Q starts at 0: how many episodes until the error is under 0.1 "
        "with gamma = 0.9?",
        # no discount factor
        "value iteration, rewards between 0 and 10, V starts at 0. how many sweeps for error under 0.1?",
        "how does value iteration converge?",  # no numbers
    ],
)
def test_vi_sweeps_computes_nothing_when_unsure(question):
    assert vi_sweeps(normalize(question)) is None

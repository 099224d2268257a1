"""heldout32: a Simpson's paradox story with its groups labelled one after another ("Small accounts: ... Large
accounts: ...") and the overall counts last, without the arms' names, was refused: `simpsons_paradox` wanted "split
by" or "within" and the overall counts first."""

from __future__ import annotations

import re

from app.answering.compute.parse import normalize
from app.answering.compute.sweep_a import simpsons_paradox
from tests.compute_checks import cited_document

FLOWS = (
    "A/B-ish analysis of two onboarding flows. Small accounts: flow X converted 81 of 87, flow Y 234 of 270. Large "
    "accounts: X 192 of 263, Y 55 of 80. Overall Y converts better (289/350 vs 273/350), so Y is the better flow for "
    "everyone, right?"
)


def test_groups_labelled_in_turn_with_the_overall_last():
    worked = simpsons_paradox(normalize(FLOWS))
    assert worked is not None and re.search(worked.cue, cited_document(worked))
    text = "\n".join(worked.steps)
    # 81/87 = 93.1% vs 234/270 = 86.7%; 192/263 = 73.0% vs 55/80 = 68.75%; summed 273/350 = 78% vs 289/350 = 82.6%
    assert "Small accounts: X 81 / 87 = 93.1%, Y 234 / 270 = 86.7%: X higher" in text
    assert "Large accounts: X 192 / 263 = 73%, Y 55 / 80 = 68.8%: X higher" in text
    assert "X 273 / 350 = 78%, Y 289 / 350 = 82.6%: Y higher" in text
    assert "Simpson's paradox" in text


def test_an_overall_that_does_not_add_up_is_not_dropped():
    # the stated overall (300/350) is not the groups' sum (273/350): nothing is worked rather than a guess
    wrong_total = FLOWS.replace("289/350 vs 273/350", "289/350 vs 300/350")
    assert simpsons_paradox(normalize(wrong_total)) is None


def test_labelled_groups_without_an_overall_word_compute_nothing():
    no_overall = "Small accounts: X converted 81 of 87, Y 234 of 270. Large accounts: X 192 of 263, Y 55 of 80."
    assert simpsons_paradox(normalize(no_overall)) is None

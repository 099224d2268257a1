"""The "Not quite." opener: a learner's own claim put up for confirmation, answered by a pitfall."""

from __future__ import annotations

import pytest

from app.answering.evidence import PITFALL_LEAD
from app.answering.premise import asks_to_confirm, opens_with_no

PITFALL = PITFALL_LEAD + "**Misreading the p-value.** It is *not* the probability that H0 is true."


@pytest.mark.parametrize(
    "message",
    [
        "My p-value came out as 0.03, so there's only a 3% chance the null hypothesis is true, right?",
        "reset is fine since it's unpushed, and my edits stay in the files, right? then I push",
        "I'll deploy C=1 since it won most often and report 0.86 as C=1's accuracy. OK?",
        "we don't need extra worker processes. Correct?",
        "So the lr should be fine??",
        "single linkage makes compact groups. Sound right?",
        "That's how discriminative lrs are supposed to work, yes?",
        "the scaler never sees y, so it can't leak anything, isn't it?",
        "I treat them as independent: P = 0.012. Is that OK?",
        "it is just scaling, no?",
    ],
)
def test_a_claim_of_the_learners_own_put_up_for_confirmation(message):
    assert asks_to_confirm(message)


@pytest.mark.parametrize(
    "message",
    [
        "whats the point of bayesian optimization if random search already works ok?",
        "A colleague says it's too good to be true. Is she right?",
        "My manager says accuracy is enough here. Is my manager right about that?",
        "The blog says to scale before splitting; who's right?",
        "What is a p-value?",
        "How do I pick k for k-means?",
        "Which one is correct for a skewed target, MAE or RMSE?",
    ],
)
def test_a_question_or_someone_elses_claim_is_not_a_claim_to_confirm(message):
    assert not asks_to_confirm(message)


FAR = lambda: (0.3, 0.7)  # noqa: E731 (cosines to the pitfall's words and to the matched question)


def test_the_opener_needs_every_signal():
    claim = "My p-value is 0.03, so there's a 3% chance H0 is true, right?"
    assert opens_with_no(claim, PITFALL, True, False, FAR)
    # not a pitfall first, not from a question written in advance, split by numbers, or no tag
    assert not opens_with_no(claim, "Compute the **p-value** ...", True, False, FAR)
    assert not opens_with_no(claim, PITFALL, False, False, FAR)
    assert not opens_with_no(claim, PITFALL, True, True, FAR)
    assert not opens_with_no("why is a p-value not P(H0)?", PITFALL, True, False, FAR)


@pytest.mark.parametrize(
    ("to_correction", "to_belief", "opens"),
    [
        (0.30, 0.70, True),  # states the misconception
        (0.45, 0.52, True),
        (0.45, 0.49, False),  # not nearer the misconception by the margin
        (0.52, 0.90, False),  # restates the correction's words
        (0.75, 0.74, False),
    ],
)
def test_a_claim_worded_like_the_correction_is_not_told_no(to_correction, to_belief, opens):
    claim = "so the column keeps the same skew after standardizing, right?"
    assert opens_with_no(claim, PITFALL, True, False, lambda: (to_correction, to_belief)) is opens


def test_the_closeness_is_not_computed_unless_the_other_signals_hold():
    def boom():
        raise AssertionError("embedded for nothing")

    assert not opens_with_no("What is a p-value?", PITFALL, True, False, boom)

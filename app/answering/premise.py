"""A learner's own claim, put up for confirmation, that a reading's pitfall answers: the answer says
"Not quite." before the pitfall instead of leaving the premise standing.

Blind reviewers of heldout34 and heldout35 marked 22 of 24 false-premise answers partial or wrong,
most for "never says no": the pitfall that corrects the learner was there, the outright "no" was not.
A model cannot be trusted to judge the learner's statement, and embedding similarity does not see
polarity, so the opener rests on two signals that do not come from a model: the learner asks to have
their own claim confirmed ("..., right?", "Correct?", "should be fine?"), and the answer's first unit
is a pitfall the questions written in advance matched. Over the 1,445 dataset questions (session 36's
answers) the pair fired on 82 false-premise questions and on one whose premise was arguable (a loss
that blows up with Adam at 1e-3: "so the lr should be fine??", answered by forgetting zero_grad).
Questions about someone else's claim ("my colleague says ... is she right?") are left alone: the
answer to those can be yes."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from app.answering.evidence import PITFALL_LEAD

OPENER = "Not quite. "
# The pitfall matches a correct statement of the same point as well as the misconception (embedding
# similarity does not see polarity): on 64 true claims written to confirm each reading's pitfalls two
# by two, the tag and the pitfall alone said "Not quite." to 37. A learner restating the correction
# uses its words; one stating the misconception is nearer the question written for it. With both
# bounds, 36 of the 80 false premises above kept the opener and 1 of the 37 true claims did.
NEAR_CORRECTION = 0.5
BELIEF_MARGIN = 0.05

# a tag asking to confirm what the learner just said; "ok?" and "okay?" only after a comma or "is that"
# ("whats the point of bayesian optimization if random search already works ok?" asks no confirmation)
_CONFIRM = re.compile(
    r"(?:\b(?:right|correct|yes|yeah|true|yep)\s*\?"
    r"|,\s*(?:ok|okay|no)\s*\?"
    r"|\b(?:isn'?t|doesn'?t|won'?t|aren'?t|don'?t|wouldn'?t) (?:it|that|this|they|there|we)\s*\?"
    r"|\bshould(?:n'?t)? be (?:fine|ok|okay|safe|enough)\b"
    r"|\bam i (?:right|correct)\b"
    r"|\b(?:is|was) (?:that|this) (?:right|correct|ok|okay|fine|reasonable)\b"
    r"|(?:^|[.!?]\s+)(?:ok|okay|reasonable|sound right|makes sense)\s*\?)",
    re.I,
)
# someone else's claim: the reply may well be "yes, they are right"
_THEIRS = re.compile(
    r"\b(?:is|are|was) (?:she|he|they|my (?:\w+ )?(?:colleague|teammate|manager|boss|lead|friend|coworker|"
    r"co-worker|professor|teacher|mentor|reviewer|senior)|the (?:blog|article|tutorial|post|book|reviewer))\b"
    r"[^?]*\b(?:right|correct)\b|\bwho(?:'s| is) right\b",
    re.I,
)


def asks_to_confirm(message: str) -> bool:
    """Does the learner put a claim of their own up for confirmation?"""
    return bool(_CONFIRM.search(message)) and not _THEIRS.search(message)


def opens_with_no(
    message: str,
    lead: str,
    matched: bool,
    numbered: bool,
    closeness: Callable[[], Sequence[float]],
) -> bool:
    """Should the answer say "Not quite." first? Only when the learner asks to confirm their claim,
    the answer's first unit (`lead`) is a reading's pitfall, that pitfall came from a question written
    in advance (`matched`), the answer is not split by the learner's numbered questions (one "no"
    cannot speak for every number), and the message reads as the misconception rather than as its
    correction: `closeness()` gives the message's cosine to the pitfall's own words and to the matched
    question, and the message must be far from the first (under NEAR_CORRECTION) and nearer the
    second by BELIEF_MARGIN. Computed last: it embeds."""
    if not (matched and not numbered and lead.startswith(PITFALL_LEAD) and asks_to_confirm(message)):
        return False
    to_correction, to_belief = closeness()
    return to_correction < NEAR_CORRECTION and to_belief - to_correction > BELIEF_MARGIN

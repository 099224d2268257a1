"""Grading quiz answers. Multiple choice and true/false exactly; short answers from what is known
in advance about the question.

A short answer is described by features that need no language model (`answer_features.py`): how
well each key point (or one of its alternatives) lines up with a clause of the answer in words and
in meaning, whether the answer negates a key point, pairs the reference's terms the other way round
or puts them in another order, how close it is to the question and the reference. Gradient-boosted
trees trained on labelled answers turn those into the verdict (`verdict_model.py`). When the trees
are unsure (no verdict has half the probability) the verdict is "partially correct" and says so: the
learner is asked to check against the key rather than told a confident wrong "incorrect". The
covered / missing key points and any contradicted sentence are kept for the feedback.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from app.core.corpus import Question
from app.learning.answer_features import Alignment, answer_features, contradictions, split_clauses, stem
from app.learning.roles import RoleCheck, check_roles
from app.learning.verdict_model import VerdictModel, load_model

__all__ = [
    "VERDICT_SCORES",
    "Grade",
    "contradictions",
    "decide",
    "grade_choice",
    "grade_short_answer",
    "parse_true_false",
    "split_clauses",
    "stem",
]

Verdict = Literal["correct", "partially_correct", "incorrect"]
# What each verdict is worth: mastery, FSRS ratings and the eval judge all read this one table.
VERDICT_SCORES: dict[str, float] = {"correct": 1.0, "partially_correct": 0.5, "incorrect": 0.0}
Embed = Callable[[list[str]], list[list[float]]]
UNSURE_BELOW = 0.5  # the trees' top probability under this: "partially correct, check against the key"
# "correct" at least this probable and at least twice as probable as "incorrect": credited even where
# the trees lean "partially correct" (they learned "short" from the partial answers, and a terse note
# that makes every point in a few words sits between the two)
CREDIT_AT, CREDIT_OVER_INCORRECT = 0.35, 2.0
# the trees say "incorrect" but give "correct" at least this, where the question's role constraints
# read every role the answer gives as its own and it carries no more negations than the reference:
# unsure ("partly right, as far as I can tell"), not a confident "incorrect"
HEDGE_AT = 0.05


@dataclass
class Grade:
    verdict: Verdict
    covered: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    detail: list[dict] = field(default_factory=list)
    contradicted: list[dict] = field(default_factory=list)  # {"clause", "reason"}: says the opposite
    unsure: bool = False  # the grader cannot place the answer with confidence: check against the key
    probabilities: dict[str, float] = field(default_factory=dict)

    @property
    def score(self) -> float:
        return VERDICT_SCORES[self.verdict]


def parse_true_false(answer: str) -> bool | None:
    value = answer.strip().lower()
    if value in {"true", "t", "yes", "y", "1"}:
        return True
    if value in {"false", "f", "no", "n", "0"}:
        return False
    return None


def grade_choice(question: Question, answer: str | int | bool) -> Grade:
    """Multiple choice (option index, option letter or option text) and true/false: exact."""
    if question.type == "true_false":
        given = answer if isinstance(answer, bool) else parse_true_false(str(answer))
        ok = given is not None and given == question.answer
    else:
        options = question.options or []
        if isinstance(answer, int) and not isinstance(answer, bool):
            index = answer
        elif isinstance(answer, str) and len(answer.strip()) == 1 and answer.strip().upper() in "ABCD":
            index = "ABCD".index(answer.strip().upper())
        else:
            text = str(answer).strip().casefold()
            index = next((i for i, o in enumerate(options) if o.strip().casefold() == text), -1)
        ok = index == question.answer
    return Grade("correct" if ok else "incorrect")


def decide(
    probabilities: dict[str, float],
    features: dict[str, float],
    unsure_below: float = UNSURE_BELOW,
    roles: RoleCheck | None = None,
) -> tuple[Verdict, bool]:
    """The most probable verdict, or "partially correct" flagged unsure when none is probable enough.
    An answer in which the contradiction rules find two roles swapped or a term flipped ("loc selects
    by position, iloc by label"; "raising the threshold raises recall"), or a key point's own words
    negated in a sentence whose polarity differs from the reference's, is incorrect whatever the
    trees say: the trees learn swaps from the labelled sets only loosely (a swap reuses the key's
    words), and a learner who says the opposite in the right words must not hear "correct".

    Where the trees lean "partially correct" but give "correct" at least CREDIT_AT and at least
    twice the probability of "incorrect", the answer is credited: they learned brevity from the
    partial answers, and a terse note that makes every point ("grads shrink over many steps, so no
    long-range deps; fix: LSTM/GRU") lands between the two. Swaps, flips and negations found by the
    rules above are incorrect before this is asked.

    So is one that, by the question's own role constraints (`roles`), gives a thing only another's
    property or names the steps of a procedure out of order; one that binds some roles rightly and
    some the other way round is at most partially correct.

    Where those constraints exist and read every role the answer gives as its own, they overrule the
    contradiction rules' pairing test (`c_swap`: two of the reference's terms in one clause that
    the reference keeps apart). That test knows no roles, only which words share a clause, and a
    correct answer in its own sentences pairs words the key happens not to ("backpropagation
    through time multiplies the gradient ...", "run each configuration with several seeds"); the
    constraints, written from the key for who does what, are the better judge of a swap there.

    For the same reason an answer the trees call incorrect while giving "correct" at least HEDGE_AT
    is "partially correct" flagged unsure where those constraints read every role it gives as its
    own and it has no more negations than the reference: a correct note or example in its own
    words ("shuffling = model gets to see the future ... split by time instead: train on the earlier
    part, test on the latest chunk") is what the trees misjudge most, and who does what was checked.
    Never "correct": that stays the trees' call."""
    if roles is not None and (roles.role_swap or roles.inverted):
        return "incorrect", False
    roles_hold = roles is not None and bool(roles.bound) and not roles.swapped
    pairing = features.get("c_swap") and not roles_hold
    if pairing or features.get("c_flip") or (features.get("pol_skip") and features.get("c_neg")):
        return "incorrect", False
    verdict, top = max(probabilities.items(), key=lambda kv: kv[1])
    right, wrong = probabilities.get("correct", 0.0), probabilities.get("incorrect", 0.0)
    if verdict != "correct" and right >= CREDIT_AT and right >= CREDIT_OVER_INCORRECT * wrong:
        verdict, top = "correct", unsure_below  # partly or fully right, never wrong: the benefit of the doubt
    if verdict == "incorrect" and roles_hold and not features.get("neg_more") and right >= HEDGE_AT:
        return "partially_correct", True
    if top < unsure_below:
        return "partially_correct", True
    if roles is not None and roles.mixed and verdict == "correct":
        return "partially_correct", False
    return verdict, False  # type: ignore[return-value]


def grade_short_answer(
    key_points: list[str],
    answer: str,
    embed: Embed,
    reference: str = "",
    question: str = "",
    model: VerdictModel | None = None,
    roles: list[dict] | None = None,
    order: list[list[str]] | None = None,
    exact: bool = False,
) -> Grade:
    """Grade one short answer; `embed` returns normalised vectors (dot = cosine). `reference` is the
    model answer and `question` the question asked (both features of the verdict); `roles`, `order`
    and `exact` are the question's role constraints (`app.learning.roles`)."""
    if not answer.strip():
        return Grade("incorrect", [], list(key_points))
    features, alignments, against = answer_features(key_points, answer, reference, question, embed)
    probabilities = (model or load_model()).probabilities(features)
    check = check_roles(answer, roles, order, exact) if roles or order else None
    verdict, unsure = decide(probabilities, features, roles=check)
    if check is not None:
        against = (
            [{"clause": c, "reason": "swaps who does what"} for c in check.swapped]
            + [
                {"clause": f"{later} before {earlier}", "reason": "steps out of order"}
                for later, earlier in check.inverted
            ]
            + against
        )
    covered = [a.key_point for a in alignments if a.covered]
    missing = [a.key_point for a in alignments if not a.covered]
    return Grade(
        verdict,
        covered,
        missing,
        [_detail(a) for a in alignments],
        against if verdict == "incorrect" else [],
        unsure=unsure,
        probabilities={k: round(v, 3) for k, v in probabilities.items()},
    )


def _detail(a: Alignment) -> dict:
    return {
        "key_point": a.key_point,
        "covered": a.covered,
        "lexical": round(a.lexical, 3),
        "semantic": round(a.semantic, 3),
        "clause": a.clause,
    }

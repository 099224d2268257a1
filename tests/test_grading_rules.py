"""Hand-made role swaps and negations: an answer that uses the key's words but says the opposite is
not credited. Fast: word-hash embeddings; the contradiction checks need no model."""

from __future__ import annotations

import pytest

from app.learning.grading import contradictions, grade_short_answer
from tests.fakes import WordHashEmbeddings

EMBED = WordHashEmbeddings().embed_documents

CASES = [
    (
        "A Type I error is rejecting a true null hypothesis; a Type II error is failing to reject a false null "
        "hypothesis.",
        ["Type I rejects a true null", "Type II fails to reject a false null"],
        "A Type I error is rejecting a true null hypothesis, and a Type II error is failing to reject a false one.",
        "A Type I error is failing to reject a false null hypothesis, and a Type II error is rejecting a true one.",
    ),
    (
        "loc selects rows by label, while iloc selects rows by integer position.",
        ["loc selects by label", "iloc selects by integer position"],
        "loc picks rows by their label and iloc picks rows by integer position.",
        "loc selects rows by integer position, while iloc selects rows by label.",
    ),
    (
        "Q-learning's target takes the max over next actions, which makes it off-policy, whereas SARSA uses the "
        "action actually taken next, which makes it on-policy.",
        [
            "Q-learning uses the max over next actions",
            "SARSA uses the action actually taken",
            "Q-learning is off-policy",
        ],
        "Q-learning's target uses the max over next actions, so it is off-policy, whereas SARSA uses the action "
        "actually taken next, so it is on-policy.",
        "SARSA's target takes the max over next actions, which makes it off-policy, whereas Q-learning uses the "
        "action actually taken next, which makes it on-policy.",
    ),
    (
        "Flask does not validate request bodies by itself, while FastAPI validates them from type hints.",
        ["FastAPI validates requests from type hints", "Flask does not validate by itself"],
        "FastAPI checks request bodies against the type hints, while Flask does not validate them by itself.",
        "Flask validates request bodies from type hints, while FastAPI does not validate them by itself.",
    ),
]


@pytest.mark.parametrize(("reference", "points", "right", "swapped"), CASES)
def test_a_role_swapped_answer_is_incorrect_and_the_right_one_is_not(reference, points, right, swapped):
    bad = grade_short_answer(points, swapped, EMBED, reference=reference)
    assert bad.verdict == "incorrect" and bad.contradicted, bad
    good = grade_short_answer(points, right, EMBED, reference=reference)
    assert not good.contradicted and good.verdict != "incorrect", good


def test_a_negated_restatement_is_incorrect():
    reference = "A learning rate that is too large overshoots the minimum or diverges; too small converges slowly."
    points = ["too large overshoots or diverges", "too small converges slowly"]
    bad = grade_short_answer(points, "A learning rate that is too large never overshoots or diverges.", EMBED,
                             reference=reference)  # fmt: skip
    assert bad.verdict == "incorrect"
    assert contradictions("Too large a rate does not overshoot the minimum.", reference)


def test_alternatives_in_a_key_point_accept_either_fix():
    points = ["same arguments cause a cache hit", "pass the date as an input | disable caching for that step"]
    one = grade_short_answer(points, "Same arguments cause a cache hit; disable caching for that step.", EMBED)
    other = grade_short_answer(points, "Same arguments cause a cache hit; pass the date as an input.", EMBED)
    assert one.verdict == other.verdict == "correct"


def _embed_with(cosines: dict[str, float]):
    """Unit vectors whose cosine with the key point [1, 0] is the given value per text."""
    import math

    def embed(texts):
        out = []
        for t in texts:
            c = cosines.get(t, 1.0 if t == "the key point" else 0.0)
            out.append([c, math.sqrt(max(0.0, 1 - c * c))])
        return out

    return embed


def test_a_near_miss_in_meaning_is_flagged_for_the_learner_to_check_but_the_verdict_stays():
    near = grade_short_answer(
        ["the key point"], "Something said otherwise", _embed_with({"Something said otherwise": 0.55})
    )
    far = grade_short_answer(["the key point"], "Something unrelated", _embed_with({"Something unrelated": 0.2}))
    hit = grade_short_answer(["the key point"], "Something equivalent", _embed_with({"Something equivalent": 0.7}))
    assert (near.verdict, near.unsure) == ("incorrect", True)
    assert (far.verdict, far.unsure) == ("incorrect", False)
    assert (hit.verdict, hit.unsure) == ("correct", False)

"""Who does what: hand-made answers read against role constraints written from the key
(app.learning.roles), the verdict rule around them, and the bank's own constraints checked against
its keys. Fast: no model."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.corpus import load_corpus
from app.learning.grading import decide
from app.learning.roles import RoleCheck, check_roles

LOC = [{"who": ["loc"], "does": ["label"]}, {"who": ["iloc"], "does": ["integer position", "position"]}]
ERRORS = [
    {"who": ["type i"], "does": ["reject a true", "rejecting a true"]},
    {"who": ["type ii"], "does": ["fail to reject", "failing to reject"]},
]
KMEANS = [{"who": ["point"], "does": ["nearest centroid"]}, {"who": ["centroid"], "does": ["mean"]}]
EIGEN = [
    {"who": ["eigenvector"], "does": ["direction", "not rotate"]},
    {"who": ["eigenvalue"], "does": ["stretch factor", "factor"]},
]
STEPS = [["zero_grad", "clear the gradients"], ["forward"], ["backward"], ["optimizer.step", "step"]]


@pytest.mark.parametrize(
    ("roles", "exact", "right", "swapped"),
    [
        (
            LOC,
            False,
            "loc selects rows by label, while iloc selects them by integer position.",
            "loc selects rows by integer position, while iloc selects rows by label.",
        ),
        (
            ERRORS,
            True,
            "A Type I error is rejecting a true null hypothesis, and a Type II error is failing to reject a false one.",
            "A Type I error is failing to reject a false null hypothesis, and a Type II error is rejecting a true one.",
        ),
        (
            KMEANS,
            False,
            "Assign each point to the nearest centroid, then move each centroid to the mean of its points.",
            "Move each point to the mean of its centroid, then assign each centroid to the nearest point.",
        ),
        (
            EIGEN,
            True,
            "An eigenvector is a direction the matrix does not rotate; the eigenvalue is the stretch factor.",
            "An eigenvalue is the direction the matrix only stretches, and the eigenvector is the stretch factor.",
        ),
    ],
)
def test_a_swap_of_who_does_what_is_found_and_the_right_answer_is_bound(roles, exact, right, swapped):
    good = check_roles(right, roles, None, exact)
    bad = check_roles(swapped, roles, None, exact)
    assert good.bound and not good.swapped and not good.role_swap
    assert bad.swapped and bad.role_swap


def test_a_negated_swap_is_not_a_swap():
    """ "loc does not select by position" gives loc no property: nothing to flag."""
    check = check_roles("loc does not select by integer position; iloc does.", LOC, None)
    assert not check.swapped


def test_an_answer_half_right_half_swapped_is_mixed():
    check = check_roles("loc selects by label. iloc also selects by label.", LOC, None)
    assert check.mixed and not check.role_swap


def test_a_paraphrase_without_the_roles_words_is_left_to_the_trees():
    assert check_roles("The two indexers differ in how they address rows.", LOC, None) == RoleCheck()


def test_steps_named_out_of_order_are_inverted_and_in_order_are_not():
    right = "Call optimizer.zero_grad(), run the forward pass, call loss.backward(), then optimizer.step()."
    wrong = "Run the forward pass, call optimizer.step(), then loss.backward(), and clear the gradients last."
    assert check_roles(right, None, STEPS).inverted == []
    assert check_roles(wrong, None, STEPS).inverted


def test_steps_ordered_in_words_are_not_read_by_position():
    """ "Call backward() after the forward pass" names backward first and is right."""
    answer = "Call loss.backward() after the forward pass, and optimizer.step() once the gradients exist."
    assert check_roles(answer, None, STEPS).inverted == []


def test_a_swap_or_inversion_is_incorrect_and_a_mixed_answer_at_most_partial_whatever_the_trees_say():
    confident = {"correct": 0.9, "partially_correct": 0.05, "incorrect": 0.05}
    assert decide(confident, {}, roles=RoleCheck(swapped=["x"]))[0] == "incorrect"
    assert decide(confident, {}, roles=RoleCheck(inverted=[("b", "a")]))[0] == "incorrect"
    assert decide(confident, {}, roles=RoleCheck(bound=["y"], swapped=["x"]))[0] == "partially_correct"
    assert decide(confident, {}, roles=RoleCheck(bound=["y"]))[0] == "correct"


BANK = [q for q in load_corpus(Path(__file__).parents[1] / "corpus").questions if q.roles or q.order]


@pytest.mark.skipif(not BANK, reason="no question carries role constraints")
@pytest.mark.parametrize("q", BANK, ids=lambda q: q.id)
def test_the_banks_keys_pass_their_own_role_constraints(q):
    """The reference answer, and its key points read as one answer, bind the roles and keep the
    steps in order: a constraint the key itself breaks would mark the right answer wrong."""
    roles = [r.model_dump() for r in q.roles or []]
    for text in (q.answer, "; ".join(p.split(" | ")[0] for p in q.key_points or [])):
        check = check_roles(text, roles, q.order, q.exact)
        assert not check.swapped and not check.inverted, (text, check)
    if roles:
        assert check_roles(q.answer, roles, None, q.exact).bound, "the key binds no role: the constraint reads nothing"


PR = [
    {"who": ["recall"], "does": ["down", "drop", "lower"]},
    {"who": ["precision"], "does": ["up", "rise", "higher"]},
]
DETECTORS = [
    {"who": ["faster r-cnn"], "does": ["two-stage", "two stages", "slower"]},
    {"who": ["yolo"], "does": ["one-stage", "single pass", "faster", "real-time"]},
]
SOLVE = [
    {"who": ["solve"], "does": ["faster", "more stable"]},
    {"who": ["inverse", "inverting"], "does": ["slower", "less stable", "amplifies"]},
]


def test_a_clause_that_says_two_things_is_read_in_two_parts():
    """ "precision goes down while recall goes up" gives each its own verb: no comma splits it."""
    swapped = check_roles("Raising the threshold means precision goes down while recall goes up.", PR, None)
    right = check_roles("Raising the threshold means recall goes down and precision goes up.", PR, None)
    assert swapped.role_swap and len(swapped.swapped) == 2
    assert len(right.bound) == 2 and not right.swapped


def test_a_name_in_a_contrast_does_not_start_a_part_or_hold_the_clause():
    answer = "BERT, unlike Word2Vec and GloVe, gives each word a vector that depends on its sentence."
    roles = [{"who": ["word2vec", "glove"], "does": ["fixed", "static"]}, {"who": ["bert"], "does": ["depends"]}]
    check = check_roles(answer, roles, None)
    assert check.bound and not check.swapped
    assert check_roles("np.linalg.solve is faster than computing the inverse.", SOLVE, None).bound
    assert not check_roles("np.linalg.solve is faster than computing the inverse.", SOLVE, None).swapped


def test_a_phrase_goes_to_the_nearest_name_in_a_part_that_names_both():
    """ "assigned to it" belongs to the centroids named just before it, not to the point."""
    roles = [
        {"who": ["point"], "does": ["nearest", "assigned"]},
        {"who": ["centroid"], "does": ["mean", "moved"]},
    ]
    assert check_roles("Then each point is moved to the mean of the centroids assigned to it.", roles, None).role_swap
    assert check_roles("Each point is assigned to the centroid nearest to it.", roles, None).bound


def test_a_word_of_a_things_name_is_not_a_property():
    """The "faster" of "Faster R-CNN" does not say Faster R-CNN is fast."""
    assert not check_roles("Faster R-CNN proposes regions first and then classifies each one.", DETECTORS, None).swapped
    assert check_roles("Faster R-CNN runs in a single pass, so it is the real-time one.", DETECTORS, None).role_swap


def test_a_phrase_set_aside_with_instead_or_rather_is_not_given():
    """ "Instead of one overall label, ABSA labels each aspect" gives ABSA nothing of the other's."""
    roles = [
        {"who": ["aspect-based", "absa"], "does": ["per aspect", "separately"]},
        {"who": ["ordinary", "document-level"], "does": ["overall label", "single label"]},
    ]
    right = "Instead of giving the whole review one overall label, ABSA scores the sentiment per aspect."
    assert not check_roles(right, roles, None, True).swapped
    assert check_roles("ABSA gives the whole review one overall label.", roles, None, True).role_swap


def test_two_things_that_trade_phrases_are_a_swap_whatever_else_is_right():
    """zero_grad named rightly does not make "backward() updates the weights ... step() computes the
    gradients" half right."""
    roles = [
        {"who": ["zero_grad"], "does": ["clear"]},
        {"who": ["backward"], "does": ["compute the gradients"]},
        {"who": ["optimizer.step"], "does": ["update the weights"]},
    ]
    traded = check_roles(
        "Call zero_grad() to clear old gradients, then backward() to update the weights, and then "
        "optimizer.step() to compute the gradients.",
        roles,
        None,
    )
    assert traded.bound and traded.exchanged and traded.role_swap and not traded.mixed
    one_way = check_roles("zero_grad() clears them; backward() and step() both update the weights.", roles, None)
    assert not one_way.exchanged


def test_an_arrow_in_a_terse_answer_cuts_a_clause_like_a_comma():
    terse = "precision -> down, recall -> up"
    assert check_roles(terse, PR, None).role_swap
    assert check_roles("recall -> down, precision -> up", PR, None).bound


def test_a_phrase_of_symbols_only_finds_nothing():
    assert (
        check_roles("epsilon is small", [{"who": ["epsilon"], "does": ["ε"]}, {"who": ["x"], "does": ["y"]}], None)
        == RoleCheck()
    )


def test_a_phrase_is_measured_from_the_nearest_word_of_a_long_name():
    """ "the current production model beats the candidate": "beats" follows the production model's
    last word, not its first."""
    roles = [
        {"who": ["candidate"], "does": ["beats", "matches"]},
        {"who": ["current production model"], "does": ["reference"]},
    ]
    assert check_roles("Release only if the current production model beats the candidate.", roles, None).role_swap
    assert check_roles("Release only if the candidate beats the current production model.", roles, None).bound


def test_avoiding_or_preventing_a_phrase_does_not_give_it():
    roles = [{"who": ["state"], "does": ["private"]}, {"who": ["interface"], "does": ["exposed"]}]
    assert not check_roles("Encapsulation avoids a state that is exposed to other code.", roles, None).swapped

"""Hand-made role swaps and negations, and the grader's rules around the trees. Fast: word-hash
embeddings; the contradiction checks need no model. The same cases through the real embedding
model and the trained trees: tests/test_grading.py."""

from __future__ import annotations

import pytest

from app.learning.answer_features import FEATURES, align, answer_features
from app.learning.grading import contradictions, decide, grade_short_answer
from app.learning.verdict_model import load_model
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
def test_the_contradiction_rules_find_the_swap_and_not_the_right_answer(reference, points, right, swapped):
    assert contradictions(swapped, reference)
    assert not contradictions(right, reference)


def test_a_negated_restatement_contradicts_the_reference():
    reference = "A learning rate that is too large overshoots the minimum or diverges; too small converges slowly."
    assert contradictions("Too large a rate does not overshoot the minimum.", reference)


@pytest.mark.parametrize("rule", ["c_swap", "c_flip"])
def test_a_swap_or_flipped_term_is_incorrect_whatever_the_trees_say(rule):
    confident = {"correct": 0.9, "partially_correct": 0.05, "incorrect": 0.05}
    assert decide(confident, dict.fromkeys(FEATURES, 0.0)) == ("correct", False)
    assert decide(confident, {**dict.fromkeys(FEATURES, 0.0), rule: 1.0}) == ("incorrect", False)


def test_an_answer_the_trees_cannot_place_is_partially_correct_and_flagged():
    torn = {"correct": 0.45, "partially_correct": 0.1, "incorrect": 0.45}
    assert decide(torn, dict.fromkeys(FEATURES, 0.0)) == ("partially_correct", True)
    assert decide({"correct": 0.2, "partially_correct": 0.2, "incorrect": 0.6}, {}) == ("incorrect", False)


def test_an_empty_answer_is_incorrect_without_asking_the_model():
    grade = grade_short_answer(["a point"], "   ", EMBED)
    assert (grade.verdict, grade.missing) == ("incorrect", ["a point"])


def test_alignment_reads_either_alternative_of_a_key_point():
    points = ["same arguments cause a cache hit", "pass the date as an input | disable caching for that step"]
    for answer in ("Same arguments cause a cache hit; disable caching for that step.",
                   "Same arguments cause a cache hit; pass the date as an input."):  # fmt: skip
        alignments, _ = align(points, answer, EMBED)
        assert all(a.covered for a in alignments), alignments


def test_a_clause_that_negates_a_key_points_words_is_a_polarity_clash_not_a_match():
    alignments, _ = align(["too large overshoots or diverges"], "A large rate never overshoots or diverges.", EMBED)
    assert alignments[0].polarity_clash and alignments[0].lexical < 0.5


def test_the_features_are_the_models_features_in_order():
    features, alignments, _ = answer_features(
        ["rate of change in one variable"], "The rate of change in one variable.", "Rate of change.", "What?", EMBED
    )
    assert tuple(features) == FEATURES == load_model().features
    assert alignments[0].covered


def test_a_one_letter_symbol_is_not_a_role_that_can_be_swapped():
    reference = (
        "It is the rate of change of the function with respect to one variable while all the other variables "
        "are held fixed; for f(x, y), df/dx treats y as a constant."
    )
    paraphrase = "how fast f changes when you nudge just one input and freeze all the others"
    assert contradictions(paraphrase, reference) == []


def test_note_taking_shorthand_reads_as_words():
    from app.learning.answer_features import expand_shorthand, split_clauses

    text = expand_shorthand("rebase rewrites commits w/ new hashes -> teammates' copies diverge, slope wrt x & y")
    assert "with new hashes" in text and "with respect to x and y" in text
    assert len(split_clauses(text)) == 2  # the arrow ends a clause
    terse = expand_shorthand("could be a saddle point or a max, not a min; mean + check the std; z = w.x, lr too big")
    assert "a maximum, not a minimum" in terse and "mean and check" in terse
    assert "z is w.x" in terse and "learning rate too big" in terse
    assert expand_shorthand("maximal minutes") == "maximal minutes"  # whole words only


def test_where_the_questions_role_constraints_bind_every_role_they_overrule_the_pairing_test():
    """The pairing test (`c_swap`: two reference terms in one clause that the reference keeps
    apart) knows only which words share a clause; where the bank's constraints read each role the
    answer gives as its own, they judge who does what, and the trees give the verdict."""
    from app.learning.roles import RoleCheck

    confident = {"correct": 0.9, "partially_correct": 0.05, "incorrect": 0.05}
    pairing = {**dict.fromkeys(FEATURES, 0.0), "c_swap": 1.0}
    bound = RoleCheck(bound=["the mean over several seeds is stable"])
    assert decide(confident, pairing, roles=bound) == ("correct", False)
    assert decide(confident, pairing) == ("incorrect", False)  # no constraints: the pairing test stands
    assert decide(confident, pairing, roles=RoleCheck()) == ("incorrect", False)  # constraints that bind nothing
    mixed = RoleCheck(bound=["a"], swapped=["b"], given=[(0, 1)])
    assert decide(confident, pairing, roles=mixed) == ("incorrect", False)  # one role the other way round
    assert decide(confident, {**pairing, "c_flip": 1.0}, roles=bound) == ("incorrect", False)  # a flipped term


def test_where_the_trees_lean_partial_but_correct_is_close_and_incorrect_far_the_answer_is_credited():
    """A terse note that makes every point sits between the partial answers (short) and the correct
    ones; "correct" at CREDIT_AT and twice "incorrect" credits it. The rules still come first."""
    from app.learning.grading import CREDIT_AT
    from app.learning.roles import RoleCheck

    leaning = {"correct": CREDIT_AT + 0.05, "partially_correct": 0.55, "incorrect": 0.05}
    plain = dict.fromkeys(FEATURES, 0.0)
    assert decide(leaning, plain) == ("correct", False)
    assert decide({"correct": CREDIT_AT - 0.05, "partially_correct": 0.65, "incorrect": 0.05}, plain)[0] == (
        "partially_correct"
    )
    torn = {"correct": 0.4, "partially_correct": 0.35, "incorrect": 0.25}  # incorrect too close: unsure
    assert decide(torn, plain) == ("partially_correct", True)
    for rule in ("c_swap", "c_flip"):
        assert decide(leaning, {**plain, rule: 1.0}) == ("incorrect", False)
    mixed = RoleCheck(bound=["a"], swapped=["b"], given=[(0, 1)])
    assert decide(leaning, plain, roles=mixed) == ("partially_correct", False)
    assert decide(leaning, plain, roles=RoleCheck(swapped=["b"], given=[(0, 1)])) == ("incorrect", False)


def test_a_first_or_last_that_numbers_the_steps_is_no_flipped_term():
    reference = (
        "First call optimizer.zero_grad() to clear the old gradients, then run the forward pass and compute the "
        "loss, then call loss.backward() to compute new gradients, and finally call optimizer.step() to update "
        "the parameters."
    )
    for right in ("Last, optimizer.step() uses those gradients to change the weights.",
                  "You first wipe the old gradients, then run the forward pass and the loss, then backpropagate, and "
                  "last you let the optimizer change the weights."):  # fmt: skip
        assert contradictions(right, reference) == [], right
    flipped = contradictions("Zero the old gradients last, after optimizer.step() updates the parameters.", reference)
    assert flipped and "'last'" in flipped[0]["reason"]


def test_a_first_or_last_that_dates_a_thing_is_no_flipped_term():
    """ "wipe last batch's grads" names the previous batch, not the place of a step."""
    reference = (
        "First call optimizer.zero_grad() to clear the old gradients, then run the forward pass and compute the "
        "loss, then call loss.backward() to compute new gradients, and finally call optimizer.step() to update "
        "the parameters."
    )
    assert contradictions("1) optimizer.zero_grad() -> wipe last batch's grads", reference) == []
    assert contradictions("Clear the gradients from the last epoch before the forward pass.", reference) == []


def test_each_line_and_each_lower_case_sentence_of_a_note_is_read_on_its_own():
    """A note puts one case per line and starts sentences in lower case; read as one sentence, its
    pieces pair terms the reference keeps apart ("LoRA" with the full matrix's 16,777,216)."""
    from app.learning.answer_features import answer_sentences

    note = "should be white noise, no autocorrelation left. check the residual ACF (small p = missed structure)."
    assert answer_sentences(note) == [
        "should be white noise, no autocorrelation left.",
        "check the residual ACF (small p = missed structure).",
    ]
    assert answer_sentences("full: 4096 x 4096\nLoRA r=8: 65,536") == ["full: 4096 x 4096", "LoRA r=8: 65,536"]
    assert answer_sentences("e.g. a bat vs. a bank, i.e. two senses") == ["e.g. a bat vs. a bank, i.e. two senses"]
    reference = (
        "The residuals of a well-specified model should look like white noise, with no autocorrelation left. You "
        "can check by plotting the residual ACF or running a Ljung-Box test; a small p-value means the model has "
        "missed some structure."
    )
    answer = (
        "should be white noise, no autocorrelation left. check the residual ACF or do a Ljung-Box test (small p "
        "= model missed something)."
    )
    assert contradictions(answer, reference) == []
    lora = (
        "Updating the full matrix means training 4096 x 4096 = 16,777,216 parameters (about 16.8 million), whereas "
        "LoRA keeps it frozen and trains only A (8 x 4096) and B (4096 x 8), i.e. 65,536 parameters: about 0.4%, "
        "under one percent of the original matrix."
    )
    example = "full: 4096 x 4096 = 16,777,216\nLoRA r=8: A 8x4096 = 32,768 + B 4096x8 = 32,768 -> 65,536"
    assert contradictions(example, lora) == []


def test_the_pairing_test_sets_clauses_of_one_reference_sentence_against_each_other_not_two():
    reference = (
        "When an RNN is trained with backpropagation through time, gradients are multiplied through many time "
        "steps and tend to shrink toward zero (or blow up), so the network struggles to learn long-range "
        "dependencies. Gated variants such as LSTMs and GRUs were designed to fix this; gradient clipping handles "
        "the exploding case."
    )
    right = (
        "When you backprop through time, the gradient gets multiplied by the recurrent weights (the Jacobian) once "
        "for every time step, so over a long sequence it decays towards zero."
    )
    assert contradictions(right, reference) == []
    loc = "loc selects rows by label, while iloc selects rows by integer position."
    swapped = contradictions("loc selects rows by integer position, while iloc selects rows by label.", loc)
    assert swapped and swapped[0]["reason"].startswith("pairs '")


def test_a_negation_counts_only_in_the_clause_the_answer_speaks_to():
    """The key's "which gating does not prevent" is about gating; "the gradients exploded" says
    nothing about gating and contradicts nothing. A lone "no" is the answer "no", not a negation."""
    reference = (
        "A likely cause is exploding gradients, which gating does not prevent. The standard fix is to clip the "
        "gradient norm and, if needed, lower the learning rate."
    )
    assert contradictions("Most likely the gradients exploded.", reference) == []
    assert contradictions("The standard fix is not to clip the gradient norm.", reference)
    accuracy = (
        "Accuracy becomes misleading because always predicting the majority class already scores 97%, so evaluate "
        "with precision, recall, F1 or ROC-AUC."
    )
    assert contradictions("accuracy is useless here (97% by always saying no); so use precision/recall", accuracy) == []
    assert contradictions("accuracy is not misleading: always predicting the majority scores 97%", accuracy)


def test_where_the_role_constraints_hold_an_answer_the_trees_call_incorrect_but_not_surely_is_unsure():
    """A correct note or example in its own words is what the trees misjudge most; where the bank's
    constraints read every role it gives as its own and it negates no more than the key, a doubtful
    "incorrect" becomes "partly right, check it against the key", never "correct"."""
    from app.learning.grading import HEDGE_AT
    from app.learning.roles import RoleCheck

    doubtful = {"correct": HEDGE_AT + 0.05, "partially_correct": 0.02, "incorrect": 0.93 - HEDGE_AT}
    sure = {"correct": HEDGE_AT - 0.01, "partially_correct": 0.02, "incorrect": 0.99 - HEDGE_AT}
    plain = dict.fromkeys(FEATURES, 0.0)
    bound = RoleCheck(bound=["train on the earlier part", "test on the latest chunk"])
    assert decide(doubtful, plain, roles=bound) == ("partially_correct", True)
    assert decide(doubtful, plain) == ("incorrect", False)  # no constraints: the trees' verdict
    assert decide(doubtful, plain, roles=RoleCheck()) == ("incorrect", False)  # constraints that bind nothing
    assert decide(sure, plain, roles=bound) == ("incorrect", False)
    assert decide(doubtful, {**plain, "neg_more": 1.0}, roles=bound) == ("incorrect", False)  # more negations
    mixed = RoleCheck(bound=["a"], swapped=["b"], given=[(0, 1)])
    assert decide(doubtful, plain, roles=mixed) == ("incorrect", False)
    assert decide(doubtful, {**plain, "c_flip": 1.0}, roles=bound) == ("incorrect", False)

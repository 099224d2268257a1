"""The filter that keeps a flipped paraphrase from being shown (app.answering.claims), on hand-made cases."""

import pytest

from app.answering.claims import check_claim, form_problem
from app.core.contradiction import contradiction

P_VALUE = (
    "A p-value is the probability, assuming H0 is true, of data at least as extreme as observed. "
    "It is not the probability that H0 is true."
)
ACCURACY = "A single number such as accuracy hides this distinction, and on imbalanced data it can be misleading."
LOC = "loc selects rows by label, while iloc selects rows by integer position."
THRESHOLD = "Raising the threshold makes recall go down or stay the same, while precision usually goes up."
FRAUD = "Precision = 40 / 60 = 0.667 and recall = 40 / 50 = 0.80."


@pytest.mark.parametrize(
    ("sentence", "evidence"),
    [
        ("It is the probability that H0 is true.", "It is not the probability that H0 is true."),  # negation dropped
        ("Accuracy does not hide this distinction on imbalanced data.", ACCURACY),  # negation added
        ("loc selects rows by integer position, while iloc selects rows by label.", LOC),  # roles swapped
        ("Raising the threshold makes recall go up.", THRESHOLD),  # direction flipped
        ("Raising the threshold makes precision go down, while recall goes up.", THRESHOLD),
        ("Recall = 40 / 50 = 0.85.", FRAUD),  # number changed
        ("Bagging mainly reduces bias.", "Bagging mainly reduces variance; boosting mainly reduces bias."),
    ],
)
def test_contradictions_are_caught(sentence, evidence):
    assert contradiction(sentence, evidence), sentence
    verdict = check_claim(sentence, [evidence], [0.8])
    assert not verdict.shown and verdict.reason


@pytest.mark.parametrize(
    ("sentence", "evidence"),
    [
        ("A p-value is not the probability that H0 is true [1].", P_VALUE),
        ("loc picks rows by their label, and iloc picks rows by integer position.", LOC),
        ("Recall = 40 / 50 = 0.80 here.", FRAUD),
    ],
)
def test_faithful_paraphrases_pass(sentence, evidence):
    assert contradiction(sentence, evidence) == ""


def test_a_faithful_short_explanation_is_shown_with_its_evidence_number():
    evidence = [ACCURACY, "Good evaluation means picking the metric that reflects the real cost of each error."]
    verdict = check_claim("On imbalanced data a single number like accuracy can mislead.", evidence, [0.8, 0.3])
    assert verdict.shown and verdict.evidence == 0


def test_an_unrelated_sentence_is_not_tied_to_the_evidence():
    verdict = check_claim("[1, 1] and [1, -1] are orthogonal, as the spectral theorem promises.", [P_VALUE], [0.1])
    assert not verdict.shown


def test_a_near_copy_of_the_evidence_is_dropped_as_redundant():
    for copy in (LOC, "loc selects rows by label while iloc selects rows by integer position [1]."):
        verdict = check_claim(copy, [LOC], [0.99])
        assert not verdict.shown and verdict.reason == "repeats the evidence"


def test_words_taken_from_the_question_are_not_support():
    evidence = ["A factory is a function that creates objects from a name or config."]
    sentence = "To try a new idea without touching the main code, use a factory function."
    question = "how do i try out a new idea for my model without messing up the main code?"
    assert check_claim(sentence, evidence, [0.7]).shown is False
    assert check_claim("Yes, you can try a new idea.", evidence, [0.5], question).reason == "restates the question"


@pytest.mark.parametrize(
    "sentence",
    [
        "The passage states that recall is TP / (TP + FN).",
        "Based on the context provided, recall matters.",
        "### Key definitions",
        "Recall is the share of actual positives that the model",
        "[1]",
    ],
)
def test_form_problems(sentence):
    assert form_problem(sentence)

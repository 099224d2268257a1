"""Session 36 (heldout34), blind set B: the reading's Pipeline with three steps and a transform for new rows
(`pipeline`, extended), the pseudo-residuals of gradient boosting for squared and absolute error
(`boosting_pseudo_residuals`, new), random search's chance and its inverse (`counts`, extended)
and the standard error of a test accuracy for two test sets (`proportion_ci`, extended). Called directly on the
normalized question as `work` would; every figure was worked by hand in the comment beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.h34_b import boosting_pseudo_residuals
from app.answering.compute.models import counts
from app.answering.compute.parse import Worked, normalize
from app.answering.compute.stats import pipeline, proportion_ci
from tests.compute_checks import cited_document, text_of


def _cites(worked: Worked) -> None:
    assert re.search(worked.cue, cited_document(worked))


# --- the reading's Pipeline: a chain of steps, and transform with the fitted state -----------------------------

PIPELINE_QUESTION = (
    "Using the reading's Transformer / Clipper / Standardizer / Pipeline classes: what does "
    "Pipeline([Clipper(0, 10), Standardizer(), Clipper(-1, 1)]).fit_transform(X) return for "
    "X = np.array([[-5.], [2.], [4.], [6.], [30.]])? Then I want to score new rows [[12.], [3.]] with the state "
    "learned here, but that Pipeline class only has fit_transform. How should I add a transform method, and what do "
    "the two new rows come out as?"
)


def test_pipeline_chain_fits_each_step_on_the_previous_output_and_transforms_new_rows():
    worked = pipeline(normalize(PIPELINE_QUESTION))
    text = text_of(worked)
    assert worked.kind == "pipeline" and worked.source_id == "s1-software-engineering"
    _cites(worked)
    # clip: [0, 2, 4, 6, 10]; mean 22/5 = 4.4; variance 59.2/5 = 11.84, std 3.4409
    assert "np.clip([-5, 2, 4, 6, 30]) = [0, 2, 4, 6, 10]" in text
    assert "mean = 4.4, std (population, NumPy's default) = 3.4409" in text
    # (0-4.4)/3.4409 = -1.2787, -0.6975, -0.1162, 0.465, 1.6275; clipped to [-1, 1]
    assert "fit_transform(X) returns [-1, -0.6975, -0.1162, 0.465, 1]" in text
    assert "for step in self.steps: X = step.transform(X)" in text
    # 12 -> 10 -> 1.6275 -> 1; 3 -> 3 -> -1.4/3.4409 = -0.4069 -> -0.4069
    assert "new rows, Clipper(0, 10): [10, 3]" in text
    assert "transform(new rows) returns [1, -0.4069]" in text
    assert "_mean and _std" in worked.note and "refit" in worked.note


def test_pipeline_chain_other_numbers():
    q = (
        "With the reading's classes, what does Pipeline([Clipper(0, 5), Standardizer(), Clipper(-1.5, 1.5)])"
        ".fit_transform(X) give for X = np.array([[1.], [2.], [3.], [9.]])? And the new rows [[7.], [-2.]] through "
        "a transform?"
    )
    worked = pipeline(normalize(q))
    text = text_of(worked)
    # clip [1, 2, 3, 5]; mean 2.75; variance 8.75/4 = 2.1875, std 1.479; z = -1.1832, -0.5071, 0.169, 1.5213
    assert "mean = 2.75, std (population, NumPy's default) = 1.479" in text
    assert "fit_transform(X) returns [-1.1832, -0.5071, 0.169, 1.5]" in text
    # 7 -> 5 -> 1.5213 -> 1.5; -2 -> 0 -> -2.75 / 1.479 = -1.8593 -> -1.5
    assert "new rows, stored mean 2.75 and std 1.479: (x - 2.75) / 1.479 = [1.5213, -1.8593]" in text
    assert "transform(new rows) returns [1.5, -1.5]" in text


def test_pipeline_chain_standardizes_twice():
    q = (
        "What does Pipeline([Standardizer(), Clipper(-1, 1), Standardizer()]).fit_transform(X) return, "
        "X = [[0.], [0.], [0.], [4.]]?"
    )
    worked = pipeline(normalize(q))
    text = text_of(worked)
    # mean 1, std √3 = 1.7321: z = [-0.5774 x3, 1.7321]; clip -> [-0.5774 x3, 1]; mean -0.183, std 0.683 ->
    # (-0.5774 + 0.183) / 0.683 = -0.5774 and (1 + 0.183) / 0.683 = 1.7321
    assert "mean = 1, std (population, NumPy's default) = 1.7321" in text
    assert "fit_transform(X) returns [-0.5774, -0.5774, -0.5774, 1.7321]" in text
    assert "transform(new rows)" not in text


def test_pipeline_two_steps_unchanged():
    q = "Pipeline([Clipper(0, 5), Standardizer()]).fit_transform(X) for X = np.array([[1.], [2.], [3.], [10.]])?"
    text = text_of(pipeline(normalize(q)))
    assert "(x - 2.75) / 1.479 = [-1.1832, -0.5071, 0.169, 1.5213]" in text


@pytest.mark.parametrize(
    "q",
    [
        # a step the reading does not define
        "Pipeline([Clipper(0, 10), Imputer(), Standardizer()]).fit_transform(X) for X = np.array([[1.], [2.], [40.]])?",
        # two columns, neither named X nor new rows
        "Pipeline([Clipper(0, 10), Standardizer(), Clipper(-1, 1)]) on [[1.], [2.], [3.]] and [[3.], [4.]]?",
        # no Standardizer: nothing learned from the data, and not the reading's example
        "Pipeline([Clipper(0, 10), Clipper(-1, 1)]).fit_transform(X) for X = np.array([[1.], [2.], [30.]])?",
        # no data
        "How should I add a transform method to Pipeline([Clipper(0, 10), Standardizer(), Clipper(-1, 1)])?",
    ],
)
def test_pipeline_chain_computes_nothing_when_unsure(q):
    assert pipeline(normalize(q)) is None


# --- gradient boosting: the first tree's pseudo-residuals --------------------------------------------------------

BOOSTING_QUESTION = (
    "gradient boosting by hand, targets are 2, 4, 9, 25. for squared error (L = ½(y − F)²) i start from the mean, "
    "for absolute error (L = |y − F|) from the median. what pseudo-residuals does the first tree get fit to in each "
    "case? ppl say the absolute-loss version is more robust to the 25, why?"
)


def test_boosting_pseudo_residuals_for_squared_and_absolute_error():
    worked = boosting_pseudo_residuals(normalize(BOOSTING_QUESTION))
    text = text_of(worked)
    assert worked.kind == "boosting_pseudo_residuals" and worked.source_id == "s2-ensemble-methods"
    _cites(worked)
    # mean 40/4 = 10: residuals -8, -6, -1, 15
    assert "F0 = mean = (2 + 4 + 9 + 25) / 4 = 10" in text
    assert "y - 10 = [-8, -6, -1, 15]" in text
    # median (4 + 9)/2 = 6.5: signs -1, -1, +1, +1
    assert "F0 = median = (4 + 9) / 2 of [2, 4, 9, 25] = 6.5" in text
    assert "sign(y - 6.5) = [-1, -1, +1, +1]" in text
    assert "the target 25 pulls with 15 under squared error (the next largest pull is 8)" in text
    assert "more robust to outliers" in worked.note


def test_boosting_pseudo_residuals_squared_only():
    q = "Gradient boosting with squared error, targets y = (3, 5, 10): what pseudo-residuals does the first tree fit?"
    text = text_of(boosting_pseudo_residuals(normalize(q)))
    # mean 18/3 = 6: -3, -1, 4
    assert "y - 6 = [-3, -1, 4]" in text
    assert "absolute error" not in text


def test_boosting_pseudo_residuals_absolute_only_odd_count():
    q = "Gradient boosting with absolute loss (MAE), targets are 1, 3, 8: F0 is the median; pseudo-residuals?"
    text = text_of(boosting_pseudo_residuals(normalize(q)))
    # median 3 (the middle value): signs -1, 0, +1
    assert "F0 = median = the middle value of [1, 3, 8] = 3" in text
    assert "sign(y - 3) = [-1, 0, +1]" in text
    assert "squared error L" not in text


@pytest.mark.parametrize(
    "q",
    [
        # no loss named: the pseudo-residuals depend on it
        "gradient boosting, targets are 2, 4, 9, 25: what pseudo-residuals does the first tree get?",
        # Huber loss: another gradient
        "gradient boosting with Huber loss, targets are 2, 4, 9, 25: pseudo-residuals of the first tree?",
        # no targets
        "in gradient boosting with squared error, what are the pseudo-residuals of the first tree?",
        # not boosting
        "random forest with squared error, targets are 2, 4, 9: what does the first tree fit?",
    ],
)
def test_boosting_pseudo_residuals_computes_nothing_when_unsure(q):
    assert boosting_pseudo_residuals(normalize(q)) is None


# --- random search: the chance of the top q, and the q for a chance ----------------------------------------------

SEARCH_QUESTION = (
    "We can only afford 40 random-search trials. (a) What's the probability that at least one lands in the top 5% "
    "of the search space? (b) Turned around: what's the smallest 'top q' slice we can be 90% sure of hitting with "
    "those 40 trials? (c) Does it matter that we're tuning 6 hyperparameters rather than 2?"
)


def test_random_search_chance_and_its_inverse():
    worked = counts(normalize(SEARCH_QUESTION))
    text = text_of(worked)
    assert worked.source_id == "s2-hyperparameter-tuning"
    _cites(worked)
    # 1 - 0.95^40 = 1 - 0.1285 = 0.8715
    assert "1 - 0.95^40 = 0.8715" in text
    # q = 1 - 0.1^(1/40) = 1 - 0.9441 = 0.05594
    assert "q = 1 - 0.1^(1/40) = 1 - 0.9441 = 0.05594, about the top 5.6%" in text
    assert "not on how many hyperparameters" in worked.note


def test_random_search_chance_other_numbers():
    q = "With 60 random search trials, what's the chance at least one lands in the top 5%?"
    text = text_of(counts(normalize(q)))
    # 0.95^60 = 0.04607, so 0.9539
    assert "1 - 0.95^60 = 0.9539" in text
    assert "Smallest top slice" not in text


def test_random_search_inverse_other_numbers():
    q = "We run 20 random-search trials. What is the smallest top fraction we can be 95% confident of hitting?"
    text = text_of(counts(normalize(q)))
    # q = 1 - 0.05^(1/20) = 1 - exp(-2.9957/20) = 1 - 0.8609 = 0.1391
    assert "q = 1 - 0.05^(1/20) = 1 - 0.8609 = 0.1391, about the top 13.9%" in text
    assert "Random search: chance" not in text


@pytest.mark.parametrize(
    "q",
    [
        # no top slice and no confidence: nothing to compute
        "We have 40 random-search trials; is random search better than grid search?",
        # grid search: the formula is random search's
        "What's the chance that at least one of 40 grid-search trials lands in the top 5%?",
        # no confidence level for the inverse
        "What's the smallest top slice we can hit with 40 random-search trials?",
        # random search named, a split asked without "how many": not computed here
        "With random search on 1,000 rows and an 80/20 split, which hyperparameters matter?",
    ],
)
def test_random_search_computes_nothing_when_unsure(q):
    assert counts(normalize(q)) is None


# --- the standard error of a test accuracy --------------------------------------------------------------------

TEST_SET_QUESTION = (
    "Two projects. Small one: 1,000 labelled rows, an 80/20 split gives a 200-row test set. Big one: 2 million rows "
    "and I plan a 1% test set. If both models are about 85% accurate, how precise is each test-set estimate "
    "(standard error and a rough 95% interval)? Is 1% really enough, and what would you do on the small one?"
)


def test_test_accuracy_standard_error_for_two_test_sets():
    worked = proportion_ci(normalize(TEST_SET_QUESTION))
    text = text_of(worked)
    assert worked.source_id == "s1-probability-statistics"
    _cites(worked)
    # √(0.85 × 0.15 / 200) = √0.0006375 = 0.02525; 1.96 × = 0.04949
    assert "√(0.85 × 0.15 / 200) = 0.02525" in text
    assert "0.85 ± 0.04949 = [0.8005, 0.8995]" in text
    # 1% of 2,000,000 = 20,000; √(0.1275 / 20000) = 0.002525
    assert "1% of 2,000,000 = 20,000 rows" in text
    assert "√(0.85 × 0.15 / 20,000) = 0.002525" in text
    assert "0.85 ± 0.004949 = [0.8451, 0.8549]" in text
    assert "100 times the rows gives an interval √100 = 10 times narrower" in text


def test_test_accuracy_standard_error_one_set():
    q = "My classifier is 90% accurate on a 400-row test set. What's the standard error and a 95% interval?"
    text = text_of(proportion_ci(normalize(q)))
    # √(0.9 × 0.1 / 400) = 0.015; 1.96 × 0.015 = 0.0294
    assert "√(0.9 × 0.1 / 400) = 0.015" in text
    assert "0.9 ± 0.0294 = [0.8706, 0.9294]" in text


def test_test_accuracy_standard_error_two_sets_as_a_decimal():
    q = (
        "Accuracy of 0.8 on a test set of 100 examples. A second model has the same accuracy on a test set of "
        "2,500 examples. What is the standard error of each?"
    )
    text = text_of(proportion_ci(normalize(q)))
    # √(0.16/100) = 0.04, ±0.0784; √(0.16/2500) = 0.008, ±0.01568; 25 times the rows, 5 times narrower
    assert "√(0.8 × 0.2 / 100) = 0.04" in text and "[0.7216, 0.8784]" in text
    assert "√(0.8 × 0.2 / 2,500) = 0.008" in text and "[0.7843, 0.8157]" in text
    assert "√25 = 5 times narrower" in text


@pytest.mark.parametrize(
    "q",
    [
        # two accuracies: which test set each belongs to is not said
        "Model A is 85% accurate on a 200-row test set. Model B is 90% accurate on a 500-row test set. SE of each?",
        # a share with no total
        "I plan a 1% test set and the model is 85% accurate. What is the standard error?",
        # no accuracy
        "What is the standard error for a 200-row test set?",
        # not a test accuracy
        "Standard error of the mean with sigma = 5 and n = 100?",
    ],
)
def test_test_accuracy_computes_nothing_when_unsure(q):
    assert proportion_ci(normalize(q)) is None


def test_a_squared_error_round_asked_as_leaves_and_predictions_is_left_to_boosting():
    # no pseudo-residuals, negative gradient or absolute error named: `boosting` works the whole round, and a
    # second block of the same residuals would repeat it
    question = normalize(
        "boosting by hand to check i get it: targets 2, 4, 9, 13, squared error, start from the mean. the first "
        "tree puts rows 1-2 in one leaf and rows 3-4 in the other. what are the predictions and MSE after that tree "
        "with learning rate 0.1?"
    )
    assert boosting_pseudo_residuals(question) is None


def test_f1_when_the_learner_averages_precision_and_recall():
    # heldout34: "the plain average of its precision and recall"; X: 2 x 0.95 x 0.10 / 1.05 = 0.181, Y: 0.55 / 1.05
    # = 0.5238, both averages 0.525
    from app.answering.compute.sweep_b import f_from_pr

    worked = f_from_pr(
        normalize(
            "To keep reports simple I summarise each classifier with the plain average of its precision and recall. "
            "Model X has precision 0.95 and recall 0.10, model Y has precision 0.55 and recall 0.50, so both score "
            "0.525 and I'll tell the team they're equivalent. OK?"
        )
    )
    assert worked is not None
    text = text_of(worked)
    assert "0.181" in text and "0.5238" in text and "0.525" in text
    assert f_from_pr(normalize("Model X has precision 0.95 and recall 0.10. Is it good?")) is None

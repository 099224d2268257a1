"""Worked computations with the learner's own numbers: every figure below was computed by hand."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.answering import compute
from app.answering.compute import fmt, work

READINGS = Path(__file__).resolve().parents[1] / "corpus" / "readings"


def steps(question: str) -> str:
    worked = work(question)
    assert worked is not None, question
    return "\n".join(worked.steps) + "\n" + worked.note


def test_confusion_matrix_metrics():
    text = steps("For a screening model I got TP = 30, FP = 10, FN = 20, TN = 940. Precision, recall and F1?")
    assert "30 / (30 + 10) = 0.75" in text
    assert "30 / (30 + 20) = 0.6" in text
    assert "60 / (60 + 10 + 20) = 0.6667" in text  # 2*30 / 90
    assert "(30 + 940) / 1,000 = 0.97" in text
    assert "recall is the weaker" in text


def test_confusion_counts_written_in_words_and_a_cell_given_twice_is_ambiguous():
    assert "45 / (45 + 5) = 0.9" in steps("45 true positives, 5 false positives and 15 false negatives: precision?")
    assert work("TP = 30, FP = 10, FN = 20 and later TP = 31") is None


def test_bayes_with_a_false_positive_rate_and_a_question_that_refers_back_to_a_rate():
    text = steps(
        "A fraud rule catches 95% of real fraud and wrongly flags 10% of legit transactions. Fraud is 2% of all "
        "transactions. If a transaction gets flagged, what's the chance it's actually fraud? "
        "Why so much lower than 95%?"
    )
    # P(+) = 0.95*0.02 + 0.1*0.98 = 0.019 + 0.098 = 0.117; 0.019 / 0.117 = 0.16239
    assert "= 0.019 + 0.098 = 0.117" in text
    assert "0.019 / 0.117 = 0.1624" in text
    assert "190 of 1,170 flagged cases are real" in text
    assert "base-rate fallacy" in text


def test_bayes_with_specificity_and_one_in_n():
    text = steps(
        "A disease affects 1 in 200 people. The test is 99% sensitive and 95% specific. "
        "If I test positive, how likely is it?"
    )
    # 0.99*0.005 = 0.00495; 0.05*0.995 = 0.04975; sum 0.0547; 0.00495/0.0547 = 0.090494
    assert "0.00495 + 0.04975 = 0.0547" in text
    assert "= 0.09049" in text


def test_bayes_computes_nothing_when_a_role_is_missing_or_two_rates_share_a_clause():
    assert work("A test catches 90% of cases. If it is positive, what is the probability I am sick?") is None
    assert work("A test with 90% sensitivity 5% false positives, 1% prevalence: P(sick | positive)?") is None


def test_iou_of_corner_boxes_and_of_xywh_boxes():
    text = steps("IoU between ground truth (0, 0, 100, 100) and prediction (50, 0, 150, 100)?")
    assert "width min(100, 150) - max(0, 50) = 50" in text
    assert "Union = 10,000 + 10,000 - 5,000 = 15,000" in text
    assert "IoU = 5,000 / 15,000 = 0.3333" in text
    assert "does not count" in text
    # (x, y, w, h): (10, 10, 20, 20) -> (10, 10, 30, 30); (20, 20, 20, 20) -> (20, 20, 40, 40): 100 / 700
    xywh = steps("boxes given as (x, y, w, h): (10, 10, 20, 20) and (20, 20, 20, 20). What is their IoU?")
    assert "IoU = 100 / 700 = 0.1429" in xywh
    assert work("IoU of boxes (50, 50, 10, 10) and (0, 0, 20, 20)?") is None  # not corners: unclear format


def test_parameter_counts_dense_conv_and_an_mlp():
    text = steps(
        "For a 64x64 RGB input, parameters of a dense layer to 50 units vs a 3x3 conv with 32 output channels?"
    )
    assert "64 × 64 × 3 = 12,288" in text
    assert "= 614,450 parameters" in text  # 12,288 * 50 + 50
    assert "3 × 3 × 3 × 32 weights + 32 biases = 896" in text
    assert "686 times" in text  # 614,450 / 896 = 685.8
    mlp = steps("how many params in an MLP 784 -> 128 -> 10?")
    assert "784 × 128 weights + 128 biases = 100,480" in mlp and "= 101,770 parameters" in mlp


def test_broadcasting_compatible_and_incompatible():
    assert "(5, 3)" in steps("NumPy broadcasting: what happens when I add a (5, 1) array to a (3,) array?")
    text = steps("can numpy broadcast shapes (4, 3) and (4,)?")
    assert "3 and 4: neither equal nor 1" in text and "do not broadcast" in text


def test_reductions_along_each_axis_of_a_literal_array():
    text = steps("For a = np.array([[1, 2], [3, 6]]), what do a.mean(axis=0) and a.mean(axis=1) return?")
    assert "= [2, 4]" in text and "= [1.5, 4.5]" in text
    assert "= [3, 12]" in steps("x = [[1, 2, 0], [4, 5, 3]]; what is x.sum(axis=1)?")


def test_gradient_of_a_polynomial_at_a_point():
    text = steps("how would I get the gradient of f(x, y) = 3x^2 + xy at the point (1, 2)?")
    assert "df/dx = 6x + y" in text and "df/dy = x" in text
    assert "Gradient at (1, 2) = (8, 1)" in text


def test_gradient_descent_steps_by_hand():
    text = steps("minimize L(w) = (w - 3)^2 with gradient descent, learning rate 0.1, starting at w = 0: 3 steps?")
    assert "w = 0 - 0.1 × (-6) = 0.6" in text
    assert "w = 1.08 - 0.1 × (-3.84) = 1.464" in text  # the reading's own steps, recomputed


def test_softmax_discounted_return_and_q_update():
    assert "[0.6652, 0.2447, 0.09]" in steps("softmax of [2, 1, 0]?")  # e^2, e, 1 over 11.107
    assert "= 1 + 0 + 1.62 = 2.62" in steps("rewards 1, 0, 2 with gamma 0.9: discounted return?")
    q = steps(
        "Q-learning: alpha = 0.1, gamma = 0.9, reward 2, current Q(s, a) = 1.5, next state Q-values 3 and 4. New Q?"
    )
    assert "2 + 0.9 × 4 = 5.6" in q and "1.5 + 0.1 × 4.1 = 1.91" in q


def test_zscore_dot_product_and_matrix_vector():
    assert "z = (75 - 50) / 10 = 2.5" in steps("feature with mean 50 and std 10: z-score of 75?")
    text = steps("dot product and cosine similarity of [1, 2, 3] and [4, 5, 6]?")
    assert "= 32" in text and "0.9746" in text  # 32 / (sqrt 14 * sqrt 77)
    assert "A v = [3, 7]" in steps("multiply [[1, 2], [3, 4]] times [1, 1]")


def test_runs_over_seeds_compare_means_not_the_best_run():
    text = steps("Config A got AUC 0.862, 0.864, 0.863 and config B got 0.871, 0.850, 0.855 over 3 seeds. Is B better?")
    assert "A: mean = (0.862 + 0.864 + 0.863) / 3 = 0.863" in text
    assert "B: mean = (0.871 + 0.85 + 0.855) / 3 = 0.8587" in text
    assert "A has the higher mean" in text


def test_grid_fits_fold_sizes_and_dag_critical_path():
    assert "6 × 5 = 30" in steps(
        "grid search over C in [0.1, 1, 10] and gamma in [0.01, 0.1] with 5-fold CV: how many fits?"
    )
    assert "2,000 / 5 = 400" in steps("I have 2,000 samples and use 5-fold CV, how many samples per fold?")
    dag = steps(
        "extract (5 min), then two feature tasks (30 min and 10 min), then train (60 min), then evaluate (5 min). "
        "How long in parallel vs one after another?"
    )
    assert "5 + 30 + 10 + 60 + 5 = 110 min" in dag and "5 + max(30, 10) + 60 + 5 = 100 min" in dag


@pytest.mark.parametrize(
    "question",
    [
        "What is precision?",
        "Explain Bayes' theorem with the disease-test example",
        "why do CNNs need fewer parameters than dense layers?",
        "How does NumPy broadcasting work?",
        "what is the gradient of a function?",
    ],
)
def test_questions_without_numbers_of_their_own_get_no_computation(question):
    assert work(question) is None


def test_every_calculator_cites_a_passage_its_reading_really_has():
    """The formula's citation is found by `cue` in the reading at answer time: check each one here."""
    found = [
        c
        for q in (
            "TP = 3, FP = 1, FN = 2",
            "A test catches 90% of cases and wrongly flags 5% of healthy people. 1% have it. Chance if positive?",
            "IoU of (0, 0, 2, 2) and (1, 1, 3, 3)?",
            "parameters of a 3x3 conv with 16 output channels from 8 input channels",
            "parameters of a dense layer from 100 inputs to 10 units",
            "broadcast (2, 1) with (3,)",
            "[[1, 2], [3, 4]] mean(axis=0)",
            "gradient of f(x, y) = x^2 + y at (1, 1)",
            "L(w) = w^2, learning rate 0.1, start at w = 1, one step of gradient descent",
            "softmax of [1, 0]",
            "rewards 1, 1 with gamma 0.5, the return?",
            "Q-learning alpha = 0.5, gamma = 0.9, reward 1, current Q(s, a) = 2, next state values 3 and 5",
            "z-score of 7 with mean 5 and std 2",
            "dot product of [1, 0] and [0, 1]",
            "extract (5 min), then a (3 min) and b (4 min) in parallel, then c (1 min): wall-clock?",
            "grid with [1, 2] and [3, 4, 5], 3-fold: how many fits?",
            "1,000 samples with 5-fold CV: how many per fold?",
            "fold scores 0.9, 0.8, 0.85 in 3-fold cv: mean?",
            "seeds: config A 0.9, 0.8, 0.85 and config B 0.7, 0.75, 0.8",
        )
        if (c := work(q)) is not None
    ]
    assert {c.kind for c in found} == {f.__name__ for f in compute.CALCULATORS}
    cues = {(c.source_id, c.cue) for c in found}
    for source_id, cue in cues:
        path = READINGS / f"{source_id}.md"
        assert re.search(cue, path.read_text(encoding="utf-8")), (source_id, cue)


def test_small_numbers_keep_four_significant_figures():
    assert fmt(0.00495) == "0.00495"
    assert fmt(12288) == "12,288"
    assert fmt(2.5) == "2.5"

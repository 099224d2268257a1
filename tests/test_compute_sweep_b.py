"""Calculators from the sweep of stage 2's evaluation and algorithms readings (`app.answering.compute.sweep_b`,
not yet registered in `app.answering.compute.CALCULATORS`), each called directly on the normalized question as
`work` would: F1 and F-beta from a precision and a recall, one node's Gini impurity and entropy, the cost of
misses and false alarms, nested and leave-one-out CV plans, a random forest's max_features draw, k-means++
seeding probabilities and Cohen's kappa from two raters' agreement. Every figure below was computed by hand in
the comment beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute import CALCULATORS
from app.answering.compute.parse import Worked, normalize
from app.answering.compute.sweep_b import (
    cv_plan,
    error_costs,
    f_from_pr,
    kmeanspp_probs,
    max_features_draw,
    node_impurity,
    rater_kappa,
)
from tests.compute_checks import cited_document, text_of

NEW = (f_from_pr, node_impurity, error_costs, cv_plan, max_features_draw, kmeanspp_probs, rater_kappa)


def _cites(worked: Worked | None, kind: str) -> None:
    assert worked is not None and worked.kind == kind
    assert re.search(worked.cue, cited_document(worked))


def test_the_new_kinds_are_registered_once_each():
    names = [c.__name__ for c in CALCULATORS]
    assert all(names.count(f.__name__) == 1 for f in NEW)


# --- F1 and F-beta from a precision and a recall (s2-metrics) ------------------------------------------------

F1_QUESTION = (
    "my classifier gets precision 0.8 and recall 0.5 on the validation set. what's the F1 score, and why is it "
    "lower than the plain average of the two?"
)


def test_f1_from_a_precision_and_a_recall():
    worked = f_from_pr(normalize(F1_QUESTION))
    _cites(worked, "f_from_pr")
    assert worked.source_id == "s2-metrics"
    text = text_of(worked)
    # 2 x 0.8 x 0.5 = 0.8; 0.8 / 1.3 = 0.61538; the arithmetic mean is 0.65
    assert "F1 = 2PR / (P + R) = 2 × 0.8 × 0.5 / (0.8 + 0.5) = 0.8 / 1.3 = 0.6154" in text
    assert "the arithmetic mean would be 0.65" in text
    assert "harmonic mean" in worked.note


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # F1 = 1.08 / 1.5 = 0.72; F2 = 5 x 0.54 / (4 x 0.6 + 0.9) = 2.7 / 3.3 = 0.81818
        (
            "Precision is 0.6 and recall is 0.9, what is the F2 score?",
            [
                "= 1.08 / 1.5 = 0.72",
                "F2 (β = 2): (1 + β²)PR / (β²P + R) = 5 × 0.6 × 0.9 / (4 × 0.6 + 0.9) = 2.7 / 3.3 = 0.8182",
            ],
        ),
        # A: 0.54 / 1.2 = 0.45; B: 0.72 / 1.2 = 0.6
        (
            "Model A: precision 0.9, recall 0.3. Model B: precision 0.6, recall 0.6. Which has the higher F1?",
            [
                "Model A: F1 = 2PR / (P + R) = 2 × 0.9 × 0.3 / (0.9 + 0.3) = 0.54 / 1.2 = 0.45",
                "Model B: F1 = ",
                "= 0.6",
            ],
        ),
        # percentages: F1 = 0.8 / 1.3 = 0.6154; F0.5 = 1.25 x 0.4 / (0.25 x 0.8 + 0.5) = 0.5 / 0.7 = 0.71429
        (
            "precision and recall are 80% and 50%; F1 and F0.5?",
            ["0.8 / 1.3 = 0.6154", "F0.5 (β = 0.5): ", "= 0.5 / 0.7 = 0.7143"],
        ),
        # the quiz question: 2 x 0.5 x 1 / 1.5 = 0.66667
        ("A model has precision 0.5 and recall 1.0. What is its F1-score?", ["= 1 / 1.5 = 0.6667"]),
        # the number before its label: 0.72 / 1.3 = 0.55385
        ("the model gets 90% precision at 40% recall. F1?", ["2 × 0.9 × 0.4 / (0.9 + 0.4) = 0.72 / 1.3 = 0.5538"]),
        # two thresholds, the second unlabelled: 0.9 / 1.35 = 0.66667; 0.33 / 0.83 = 0.39759
        (
            "At threshold 0.5 I get precision 0.75 and recall 0.6; at 0.7 precision 0.5 and recall 0.33. F1 at each?",
            ["pair 1: F1 = ", "= 0.9 / 1.35 = 0.6667", "pair 2: F1 = ", "= 0.33 / 0.83 = 0.3976"],
        ),
    ],
)
def test_f_from_pr_reads_other_phrasings(question, expected):
    worked = f_from_pr(normalize(question))
    _cites(worked, "f_from_pr")
    text = text_of(worked)
    for figure in expected:
        assert figure in text


@pytest.mark.parametrize(
    "question",
    [
        "TP = 30, FP = 10, FN = 20: precision 0.75, recall 0.6, F1?",  # counts: the confusion-matrix calculators
        "why is F1 a harmonic mean and not the normal average of precision and recall?",  # no numbers
        "my precision is 0.8; what F1 can I expect?",  # no recall
        "precision@10 is 0.3 and recall@10 is 0.6, F1?",  # a ranking's precision@k
        "precision 0.8 and recall 140%: F1?",  # not a share
        "model A has precision 0.9 and recall 0.3, model B has precision 0.6 - F1 of each?",  # B's recall missing
        "precision 0.8 and recall 0.5, is that good?",  # no F-score asked
    ],
)
def test_f_from_pr_computes_nothing_when_unsure(question):
    assert f_from_pr(normalize(question)) is None


# --- Gini impurity and entropy of one node (s2-supervised-learning) ------------------------------------------

NODE_QUESTION = (
    "A decision tree node has 20 samples: 12 positive and 8 negative. What's its Gini impurity and its entropy?"
)


def test_gini_and_entropy_of_one_node():
    worked = node_impurity(normalize(NODE_QUESTION))
    _cites(worked, "node_impurity")
    assert worked.source_id == "s2-supervised-learning"
    text = text_of(worked)
    assert "class shares positive 12/20 = 0.6, negative 8/20 = 0.4" in text
    # 1 - (0.36 + 0.16) = 0.48
    assert "Gini = 1 - (0.6² + 0.4²) = 1 - 0.52 = 0.48" in text
    # 0.6 x 0.73697 + 0.4 x 1.32193 = 0.44218 + 0.52877 = 0.97095
    assert "entropy = -(0.6 log2 0.6 + 0.4 log2 0.4) = 0.971 bits" in text
    assert "Gini at most 1 - 1/2 = 0.5 and entropy at most log2 2 = 1 bit" in worked.note


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # three classes: 1 - (0.16 + 0.1225 + 0.0625) = 0.655; at most 1 - 1/3 = 0.6667
        (
            "Gini impurity of a leaf with 40 cats, 35 dogs and 25 birds?",
            ["cats 40/100 = 0.4, dogs 35/100 = 0.35, birds 25/100 = 0.25", "= 1 - 0.345 = 0.655", "1 - 1/3 = 0.6667"],
        ),
        # A: 0.9 x 0.152 + 0.1 x 3.32193 = 0.13679 + 0.33219 = 0.469; B: 1 bit
        (
            "node A has 9 yes / 1 no and node B has 5 yes / 5 no. which is purer by entropy?",
            ["node A: class shares yes 9/10 = 0.9", "= 0.469 bits", "node B: ", "= 1 bit"],
        ),
        # shares: 1 - (0.49 + 0.09) = 0.42; 0.7 x 0.51457 + 0.3 x 1.73697 = 0.3602 + 0.52109 = 0.88129
        (
            "what's the impurity of a node that is 70% class A and 30% class B?",
            ["A 70% = 0.7, B 30% = 0.3", "Gini = 1 - (0.7² + 0.3²) = 1 - 0.58 = 0.42", "= 0.8813 bits"],
        ),
        # the quiz question: 1 - (0.25 + 0.25) = 0.5
        (
            "A decision tree node contains 5 positive and 5 negative examples. What is its Gini impurity?",
            ["Gini = 1 - (0.5² + 0.5²) = 1 - 0.5 = 0.5"],
        ),
    ],
)
def test_node_impurity_reads_other_phrasings(question, expected):
    worked = node_impurity(normalize(question))
    _cites(worked, "node_impurity")
    text = text_of(worked)
    for figure in expected:
        assert figure in text


@pytest.mark.parametrize(
    "question",
    [
        # a split: `gini_split` works the children and the weighted impurity
        "decision tree node with 20 samples: 12 pos, 8 neg. candidate split sends 8 samples left (7 pos, 1 neg) and "
        "12 right (5 pos, 7 neg). whats the gini decrease?",
        "What is Gini impurity?",  # no numbers
        "A node has 20 samples: 12 positive and 9 negative. Gini?",  # 12 + 9 is not 20
        "the entropy of a coin flipped 10 times: 5 heads and 5 tails",  # not a tree node
        "Gini coefficient of a town with 30 rich and 70 poor people?",  # economics, not a node
        "cross-entropy loss for 3 cats and 2 dogs in the batch?",  # a loss, not an impurity
        # counts of the data set, not of a node
        "A random forest with the gini criterion on 5,000 rows: 4,000 legit and 1,000 fraud. What's the gini "
        "importance of a feature?",
    ],
)
def test_node_impurity_computes_nothing_when_unsure(question):
    assert node_impurity(normalize(question)) is None


# --- the cost of misses and false alarms (c-class-imbalance, c-calibration) -----------------------------------

COST_QUESTION = (
    "Spam filter test: 5,000 emails, 400 of them spam. At threshold 0.5 it flags 300 (270 actually spam). At "
    "threshold 0.3 it flags 450 (360 spam). A missed spam costs us $2 and a false positive (a real email hidden) "
    "costs $10. Which threshold is cheaper overall?"
)


def test_error_costs_at_two_thresholds():
    worked = error_costs(normalize(COST_QUESTION))
    _cites(worked, "error_costs")
    assert worked.source_id == "c-class-imbalance"
    text = text_of(worked)
    # 0.5: FP = 300 - 270 = 30, FN = 400 - 270 = 130; 130 x 2 + 30 x 10 = 260 + 300 = 560
    assert "threshold 0.5: TP = 270, FP = 300 - 270 = 30, FN = 400 - 270 = 130" in text
    assert "cost = FN × $2 + FP × $10 = 130 × 2 + 30 × 10 = 260 + 300 = $560" in text
    # TN = 5,000 - 270 - 30 - 130 = 4,570; accuracy 4,840 / 5,000 = 0.968
    assert "precision 270 / 300 = 0.9, recall 270 / 400 = 0.675, accuracy (270 + 4,570) / 5,000 = 0.968" in text
    # 0.3: FP = 90, FN = 40; 40 x 2 + 90 x 10 = 80 + 900 = 980; TN = 4,510, accuracy 4,870 / 5,000 = 0.974
    assert "threshold 0.3: TP = 360, FP = 450 - 360 = 90, FN = 400 - 360 = 40" in text
    assert "= 80 + 900 = $980" in text
    assert "accuracy (360 + 4,510) / 5,000 = 0.974" in text
    # never flagging: 400 x 2 = 800, dearer than 560
    assert "flagging nothing, for comparison: all 400 positives missed, 400 × 2 = $800" in text
    assert "cheapest: threshold 0.5 at $560" in text
    # break-even 10 / 12 = 0.83333
    assert "p > 10 / (10 + 2) = 0.8333" in text
    assert "threshold 0.3 has the higher accuracy but threshold 0.5 costs less" in worked.note
    assert "calibrated" in worked.note


@pytest.mark.parametrize(
    ("question", "source", "expected"),
    [
        # heldout18: 90 x 500 + 40 x 10 = 45,400; 30 x 500 + 430 x 10 = 19,300; TN 19,760 and 19,370
        (
            "Fraud model on 20,000 transactions, 200 of them fraud. At threshold 0.5 it flags 150 (110 actually "
            "fraud). At threshold 0.2 it flags 600 (170 fraud). A missed fraud costs us $500 on average and a false "
            "alarm costs $10 of analyst time. Threshold 0.5 has the higher accuracy, so we keep it - agreed? Please "
            "compute accuracy, precision, recall and total cost for both.",
            "c-class-imbalance",
            [
                "= 45,000 + 400 = $45,400",
                "accuracy (110 + 19,760) / 20,000 = 0.9935",
                "= 15,000 + 4,300 = $19,300",
                "accuracy (170 + 19,370) / 20,000 = 0.977",
                "cheapest: threshold 0.2 at $19,300",
                "200 × 500 = $100,000",
            ],
        ),
        # no operating point: 20 / 520 = 0.038462
        (
            "A missed fraud costs $500 and a false alarm costs $20. At what predicted probability should I flag a "
            "transaction?",
            "c-calibration",
            ["flagging pays off when p × 500 > (1 - p) × 20, that is p > 20 / (20 + 500) = 0.03846"],
        ),
        # a ratio: 1 / (1 + 10) = 0.090909
        (
            "If a false negative costs 10 times a false positive, what decision threshold should I use on calibrated "
            "probabilities?",
            "c-calibration",
            ["p > 1 / (1 + 10) = 0.09091"],
        ),
        # cells per threshold, the prices before the errors: 20 x 100 + 10 x 10 = 2,100; 5 x 100 + 45 x 10 = 950
        (
            "with a cost of $100 per false negative and $10 per false positive, which threshold? at threshold 0.5: "
            "TP = 40, FP = 10, FN = 20. at threshold 0.3: TP = 55, FP = 45, FN = 5",
            "c-class-imbalance",
            [
                "threshold 0.5: TP = 40, FP = 10, FN = 20; cost = FN × $100 + FP × $10 = 20 × 100 + 10 × 10 = 2,000 + "
                "100 = $2,100",
                "threshold 0.3: TP = 55, FP = 45, FN = 5; ",
                "= 500 + 450 = $950",
                "cheapest: threshold 0.3 at $950",
            ],
        ),
        # caught out of the positives, $1k: FN = 20; 20 x 1,000 + 300 x 25 = 27,500
        (
            "Our model catches 80 of 100 frauds and raises 300 false alarms. A missed fraud costs $1k and a false "
            "alarm costs $25. Total cost?",
            "c-class-imbalance",
            ["TP = 80, FP = 300, FN = 20; ", "= 20,000 + 7,500 = $27,500", "precision 80 / 380 = 0.2105"],
        ),
        # error counts given: 12 x 200 + 40 x 5 = 2,400 + 200 = 2,600
        (
            "My model makes 40 false positives and 12 false negatives. A false positive costs $5 and a false "
            "negative costs $200. Total cost?",
            "c-class-imbalance",
            ["FP = 40, FN = 12; cost = FN × $200 + FP × $5 = 12 × 200 + 40 × 5 = 2,400 + 200 = $2,600"],
        ),
    ],
)
def test_error_costs_reads_other_phrasings(question, source, expected):
    worked = error_costs(normalize(question))
    _cites(worked, "error_costs")
    assert worked.source_id == source
    text = text_of(worked)
    for figure in expected:
        assert figure in text


def test_error_costs_says_when_flagging_nothing_is_cheapest():
    # 0.5: 130 x 1 + 30 x 20 = 730; 0.3: 40 + 1,800 = 1,840; nothing: 400 x 1 = 400
    question = COST_QUESTION.replace("costs us $2", "costs us $1").replace("costs $10", "costs $20")
    text = text_of(error_costs(normalize(question)))
    assert "= 130 + 600 = $730" in text
    assert "flagging nothing ($400) costs less than every setting given" in text
    assert "cheapest:" not in text


@pytest.mark.parametrize(
    "question",
    [
        "A missed fraud costs a lot more than a false alarm. Which threshold should I use?",  # no numbers
        "A false alarm costs $10. At threshold 0.5 it flags 150 (110 fraud). Total cost?",  # no cost of a miss
        "Our cloud bill costs $500 a month; should the alert threshold be 80%?",  # not error costs
        # two costs for a false alarm
        "A missed fraud costs $500; a false alarm costs $10 or a false alarm costs $20 depending on the analyst. "
        "Threshold?",
        # flagged but not how many of them were fraud
        "Fraud model on 20,000 transactions, 200 of them fraud. At threshold 0.5 it flags 150. A missed fraud costs "
        "$500 and a false alarm $10. Total cost?",
        "A missed fraud costs $500 and a false alarm costs $10. Is that a lot?",  # nothing to count, no threshold asked
        # FN = 15 written, but 50 frauds - 40 caught is 10
        "1,000 transactions, 50 fraud. TP = 40, FP = 20, FN = 15. A false negative costs $200 and a false positive "
        "costs $5. Cost?",
        # the counts exceed the total
        "100 transactions, 50 fraud. TP = 40, FP = 70. A false negative costs $200 and a false positive costs $5.",
    ],
)
def test_error_costs_computes_nothing_when_unsure(question):
    assert error_costs(normalize(question)) is None


# --- nested and leave-one-out cross-validation (s2-train-test-cv) ----------------------------------------------

NESTED_QUESTION = (
    "I have 3,000 labelled rows, set aside 10% as a test set, and run nested cross-validation on the rest: outer "
    "5-fold, inner 4-fold GridSearchCV over 6 configurations. How many rows does each model see and how many fits "
    "is that?"
)


def test_nested_cv_sizes_and_fits():
    worked = cv_plan(normalize(NESTED_QUESTION))
    _cites(worked, "cv_plan")
    assert worked.source_id == "s2-train-test-cv"
    text = text_of(worked)
    # 3,000 x 0.1 = 300 test rows, 2,700 left; 2,700 / 5 = 540 per outer fold, 2,160 to train
    assert "test hold-out: 3,000 × 0.1 = 300; the CV runs on 3,000 - 300 = 2,700" in text
    assert "outer 5-fold on 2,700: each outer fold validates on 2,700 / 5 = 540 and trains on 2,160" in text
    # 2,160 / 4 = 540 to validate, 1,620 to train
    assert "each inner model trains on 1,620 and validates on 2,160 / 4 = 540" in text
    # 6 x 4 + 1 = 25 per outer fold; 5 x 25 = 125
    assert "6 configurations × 4 inner folds + 1 refit of the best on the outer training split" in text
    assert "(refit=True, scikit-learn's default) = 25" in text
    assert "nested CV: 5 outer folds × 25 = 125 fits" in text
    assert "final search" not in text  # not asked


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # heldout18: 240 test, 960 dev; 192 / 768; inner 256 / 512; 8 x 3 + 1 = 25, x 5 = 125; final 25 more = 150
        (
            "Planning nested CV. 1,200 labelled rows; I hold out 20% as a final test set. On the rest: outer 5-fold "
            "CV, and inside each outer training split a GridSearchCV with 3-fold CV over 8 configurations "
            "(refit=True). How many rows does each model train/validate on at each level, and how many model fits in "
            "total? Then I'll run one more GridSearchCV (same grid, 3-fold) on all non-test rows to get the final "
            "model - how many fits does that add?",
            [
                "1,200 × 0.2 = 240",
                "validates on 960 / 5 = 192 and trains on 768",
                "trains on 512 and validates on 768 / 3 = 256",
                "nested CV: 5 outer folds × 25 = 125 fits",
                "inner models train on 640 and validate on 320; 8 × 3 + 1 refit = 25 more fits, 150 in all",
            ],
        ),
        # 12 x 3 + 1 = 37; 5 x 37 = 185
        (
            "Nested CV with 5 outer folds and 3 inner folds over a grid of 12 configurations: how many fits in total?",
            ["12 configurations × 3 inner folds", "= 37", "5 outer folds × 37 = 185 fits"],
        ),
        # leave-one-out: 350 fits on 349 rows; 10-fold: 35 to validate, 315 to train
        (
            "How many models does leave-one-out cross-validation fit on 350 rows? compare with 10-fold",
            [
                "leave-one-out on 350 rows: 350 fits, each trained on 349 rows and validated on 1",
                "10-fold for comparison: 10 fits, each trained on 315 rows and validated on 350 / 10 = 35",
            ],
        ),
    ],
)
def test_cv_plan_reads_other_phrasings(question, expected):
    worked = cv_plan(normalize(question))
    _cites(worked, "cv_plan")
    text = text_of(worked)
    for figure in expected:
        assert figure in text


@pytest.mark.parametrize(
    "question",
    [
        "What is nested cross-validation, and when do I need it instead of normal k-fold CV?",  # no numbers
        "nested CV with outer 5-fold and inner 3-fold on 1,000 rows - how many fits?",  # no configurations
        "nested CV over 10 configurations with 5-fold and 3-fold CV: how many fits?",  # which is the outer?
        "is leave-one-out CV the gold standard?",  # no rows
        "5-fold CV on 1,000 rows: how many fits?",  # plain k-fold: the `counts` calculator's
    ],
)
def test_cv_plan_computes_nothing_when_unsure(question):
    assert cv_plan(normalize(question)) is None


# --- the features a random forest draws at each split (s2-ensemble-methods) -----------------------------------

FOREST_QUESTION = (
    "RandomForestClassifier with 100 trees on a table with 49 features and max_features='sqrt'. How many features "
    "does each split look at, and how likely is it that my best feature is even considered?"
)


def test_max_features_draw_with_sqrt():
    worked = max_features_draw(normalize(FOREST_QUESTION))
    _cites(worked, "max_features_draw")
    assert worked.source_id == "s2-ensemble-methods"
    text = text_of(worked)
    # √49 = 7 of 49; 7 / 49 = 0.142857; 100 x 0.142857 = 14.2857
    assert "max_features='sqrt' with 49 features: √49 = 7 candidate features" in text
    assert "7 / 49 = 0.1429 (14.3%); left out 85.7% of the time" in text
    assert "about 100 × 0.1429 = 14.2857 root splits can use it" in text
    assert "ρσ²" in worked.note


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # heldout27: √64 = 8; 8 / 64 = 0.125; 500 x 0.125 = 62.5; None: all 64
        (
            "random forest classifier, 64 features, max_features='sqrt'. one feature, contract_type, is way stronger "
            "than all the others. at a split how many candidate features does a tree look at, and what's the chance "
            "contract_type is one of them? with 500 trees, in about how many can the root split even use it? what "
            "about max_features=None?",
            ["√64 = 8", "8 / 64 = 0.125 (12.5%)", "500 × 0.125 = 62.5 root splits", "max_features=None: all 64"],
        ),
        # log2 100 = 6.64 -> 6; 0.3 x 100 = 30
        (
            "RandomForestClassifier on 100 features with max_features='log2' vs max_features=0.3: how many features "
            "per split?",
            ["int(log2 100) = int(6.6439) = 6", "6 / 100 = 0.06", "int(0.3 × 100) = 30", "30 / 100 = 0.3"],
        ),
        # a count: 10 of 40 = 0.25
        (
            "random forest with 40 features and max_features=10, how often is a given feature available?",
            ["10 / 40 = 0.25"],
        ),
    ],
)
def test_max_features_draw_reads_other_phrasings(question, expected):
    worked = max_features_draw(normalize(question))
    _cites(worked, "max_features_draw")
    text = text_of(worked)
    for figure in expected:
        assert figure in text


@pytest.mark.parametrize(
    "question",
    [
        "what does max_features do in a random forest?",  # no numbers
        "random forest with max_features='sqrt': how many features per split?",  # no feature count
        "random forest with 64 features and max_features=80?",  # more than there are
        "random forest with 64 features and max_features='auto'?",  # depends on the scikit-learn version
        "XGBoost with colsample_bytree=0.5 on 64 features: how many per tree?",  # not max_features
    ],
)
def test_max_features_draw_computes_nothing_when_unsure(question):
    assert max_features_draw(normalize(question)) is None


# --- k-means++ seeding (s2-unsupervised-learning) ------------------------------------------------------------

KMEANSPP_QUESTION = (
    "k-means++ with k = 3 on points 1, 2, 3, 10, 11, 20. first centroid = 2. probabilities for the next centroid? and "
    "if 20 is picked next, the probabilities for the third?"
)


def test_kmeanspp_probabilities_for_two_picks():
    worked = kmeanspp_probs(normalize(KMEANSPP_QUESTION))
    _cites(worked, "kmeanspp_probs")
    assert worked.source_id == "s2-unsupervised-learning"
    text = text_of(worked)
    # squared distances to 2: 1, 0, 1, 64, 81, 324 -> 471; 324 / 471 = 0.68790
    assert "(2): 1 → 1, 2 → 0, 3 → 1, 10 → 64, 11 → 81, 20 → 324; sum 471" in text
    assert "20 → 324/471 = 0.6879" in text and "10 → 64/471 = 0.1359" in text and "1 → 1/471 = 0.002123" in text
    # with 2 and 20 chosen: 1, 0, 1, 64, 81, 0 -> 147; 81 / 147 = 0.55102, 64 / 147 = 0.43537
    assert "(2, 20): 1 → 1, 2 → 0, 3 → 1, 10 → 64, 11 → 81, 20 → 0; sum 147" in text
    assert "11 → 81/147 = 0.551" in text and "10 → 64/147 = 0.4354" in text
    assert "samples rather than taking the farthest point" in worked.note


@pytest.mark.parametrize(
    ("question", "expected", "absent"),
    [
        # heldout18: 0, 1, 25, 121, 144 -> 291; 144 / 291 = 0.49485; k = 2, so no third pick
        (
            "K-means++ on the 1-D points 0, 1, 5, 11, 12 with k = 2. Say the first centroid is 0. What's the "
            "probability of each point becoming the second centroid? If 12 gets picked, where does Lloyd's algorithm "
            "converge and what's the inertia?",
            ["sum 291", "12 → 144/291 = 0.4948", "11 → 121/291 = 0.4158", "5 → 25/291 = 0.08591"],
            "(0, 12)",
        ),
        # 2-D: 0, 1, 16, 25 -> 42; 25 / 42 = 0.59524
        (
            "kmeans++ 2-D points (0, 0), (1, 0), (4, 0), (4, 3); the first centroid is (0, 0). chance of each being "
            "picked next?",
            ["(4, 3) → 25/42 = 0.5952", "(4, 0) → 16/42 = 0.381", "(1, 0) → 1/42 = 0.02381"],
            "(0, 0) → 0, (1, 0) → 1, (4, 0) → 16, (4, 3) → 25, (0, 0)",  # the centroid is not a fifth point
        ),
        # a bracketed list: 36, 16, 0, 64 -> 116; 64 / 116 = 0.55172
        (
            "k-means++ on points [2, 4, 8, 16], first centroid = 8",
            ["2 → 36, 4 → 16, 8 → 0, 16 → 64; sum 116", "16 → 64/116 = 0.5517"],
            "(8, ",
        ),
    ],
)
def test_kmeanspp_reads_other_phrasings(question, expected, absent):
    worked = kmeanspp_probs(normalize(question))
    _cites(worked, "kmeanspp_probs")
    text = text_of(worked)
    for figure in expected:
        assert figure in text
    assert absent not in text


@pytest.mark.parametrize(
    "question",
    [
        "how does k-means++ pick its starting centroids?",  # no numbers
        "k-means++ on 0, 1, 5, 11, 12 with the first centroid is 7",  # 7 is not a data point
        "k-means on points 0, 1, 5, 11, 12 with the first centroid is 0",  # plain k-means
        "k-means++ on points 0, 1, 5 and then 2, 4, 6, 8; the first centroid is 0",  # two lists
        "k-means++ on points 0, 1, 5, 11, 12: what's the chance each one is picked first?",  # uniform, no centroid
    ],
)
def test_kmeanspp_computes_nothing_when_unsure(question):
    assert kmeanspp_probs(normalize(question)) is None


# --- Cohen's kappa from two raters (c-mcc-kappa) -------------------------------------------------------------

KAPPA_QUESTION = (
    "Two annotators labeled 200 items; they agreed on 170. Annotator 1 said yes 40% of the time and annotator 2 said "
    "yes 30%. Cohen's kappa?"
)


def test_rater_kappa_from_agreement_and_label_rates():
    worked = rater_kappa(normalize(KAPPA_QUESTION))
    _cites(worked, "rater_kappa")
    assert worked.source_id == "c-mcc-kappa"
    text = text_of(worked)
    # p_o = 170 / 200 = 0.85; p_e = 0.12 + 0.42 = 0.54; kappa = 0.31 / 0.46 = 0.67391
    assert "observed agreement p_o = 170 / 200 = 0.85" in text
    assert "p_e = both yes + both no = 0.4 × 0.3 + 0.6 × 0.7 = 0.12 + 0.42 = 0.54" in text
    assert "kappa = (p_o - p_e) / (1 - p_e) = (0.85 - 0.54) / (1 - 0.54) = 0.31 / 0.46 = 0.6739" in text
    assert "substantial (0.61-0.80)" in text
    assert "class balance" in worked.note


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # the note's own case: p_e = 0.01 + 0.81 = 0.82; 0.08 / 0.18 = 0.4444
        (
            "two raters agree on 90% of items and each says yes 10% of the time. what's kappa?",
            ["p_o = 0.9", "0.1 × 0.1 + 0.9 × 0.9 = 0.01 + 0.81 = 0.82", "0.08 / 0.18 = 0.4444", "moderate"],
        ),
        # counts: 120 / 150 = 0.8, 60 / 150 = 0.4, 45 / 150 = 0.3; 0.26 / 0.46 = 0.56522
        (
            "Two doctors graded 150 scans. They agreed on 120 of the 150. Dr A labelled 60 of the 150 as abnormal, "
            "Dr B labelled 45 of the 150 as abnormal. Cohen's kappa?",
            ["p_o = 120 / 150 = 0.8", "0.4 × 0.3 + 0.6 × 0.7", "0.26 / 0.46 = 0.5652"],
        ),
        # agreement as a share, label rates with their label after: p_e = 0.54; 0.31 / 0.46 = 0.67391
        (
            "raters reached 85% agreement; A flagged 40% of the reviews as fake and B flagged 30% as fake. kappa?",
            ["p_o = 0.85", "0.4 × 0.3 + 0.6 × 0.7 = 0.12 + 0.42 = 0.54", "0.31 / 0.46 = 0.6739"],
        ),
        # each says yes half the time: p_e = 0.5; (0.9 - 0.5) / 0.5 = 0.8
        (
            "kappa if two raters agree on 90% of items and each says yes half the time?",
            ["0.4 / 0.5 = 0.8", "substantial"],
        ),
    ],
)
def test_rater_kappa_reads_other_phrasings(question, expected):
    worked = rater_kappa(normalize(question))
    _cites(worked, "rater_kappa")
    text = text_of(worked)
    for figure in expected:
        assert figure in text


@pytest.mark.parametrize(
    "question",
    [
        "TP = 50, FP = 25, FN = 10, TN = 415. Compute kappa.",  # a confusion matrix: `mcc_kappa`
        "Is a kappa of 0.45 good?",  # no agreement to work from
        # one rater's share of "yes" beside the other's share of "no"
        "Annotators on 100 tweets agreed 80% of the time; A said yes 30% of the time, B said no 60%. kappa?",
        "raters agreed on 95% of items; A said yes 40% of the time and B said yes 70%. kappa?",  # impossible agreement
        "two raters agree on 90% of items. kappa?",  # no label rates
        # one rater's share of "fake" beside the other's share of "real"
        "raters reached 85% agreement; A flagged 40% of the reviews as fake and B flagged 60% as real. kappa?",
        # "both said yes" is the share where both said yes, not each rater's share of yes
        "two raters agree on 85% of items; both said yes on 40% of them. kappa?",
    ],
)
def test_rater_kappa_computes_nothing_when_unsure(question):
    assert rater_kappa(normalize(question)) is None

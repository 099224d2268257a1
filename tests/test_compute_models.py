"""Classical-ML calculators reading phrasings they missed (heldout13): a confusion matrix written as a table,
classes with names of their own in a tree split, targets and leaves of a boosting round written in words,
k-means data assigned in code. Every figure below was computed by hand."""

from __future__ import annotations

from app.answering.compute import work
from tests.conftest import steps


def kinds(question: str) -> list[str]:
    return [w.kind for w in work(question)]


# --- a confusion matrix as a table ------------------------------------------------------------------

FRAUD_TABLE = """Our fraud check on 200 transactions:

| | predicted fraud | predicted not fraud |
|---|---|---|
| actual fraud | 12 | 8 |
| actual not fraud | 6 | 174 |

What are its precision, recall, F1, accuracy and FPR, and is the accuracy any good?"""


def test_a_markdown_confusion_table_is_read_with_the_positive_class_from_its_labels():
    # TP 12, FN 8, FP 6, TN 174 (total 200)
    text = steps(FRAUD_TABLE)
    assert "From your table (positive class: fraud): TP = 12, FN = 8, FP = 6, TN = 174" in text
    assert "12 / (12 + 6) = 0.6667" in text  # 12 / 18
    assert "12 / (12 + 8) = 0.6" in text  # 12 / 20
    assert "24 / (24 + 6 + 8) = 0.6316" in text  # 24 / 38 = 0.631578...
    assert "(12 + 174) / 200 = 0.93" in text  # 186 / 200
    assert "6 / 180 = 0.03333" in text  # FP / (FP + TN)
    # never flagging fraud: 180 / 200 = 0.9; the model is (186 - 180) / 200 = 0.03 above it
    assert "(FP + TN) / total = 180 / 200 = 0.9 and catch no positive at all (recall 0)" in text
    assert "the model's accuracy is 0.03 above that" in text


def test_a_table_with_predictions_as_rows_is_turned_the_right_way():
    # the same counts with the axes swapped: the actual classes are the columns now
    question = (
        "confusion matrix:\n"
        "| | actually fraud | actually not fraud |\n|---|---|---|\n"
        "| predicted fraud | 12 | 6 |\n| predicted not fraud | 8 | 174 |\nprecision and recall?"
    )
    text = steps(question)
    assert "TP = 12, FN = 8, FP = 6, TN = 174" in text
    assert "12 / (12 + 6) = 0.6667" in text and "12 / (12 + 8) = 0.6" in text


def test_plain_text_rows_and_a_majority_of_positives():
    # TP 50, FN 20, FP 5, TN 25: accuracy 75 / 100; positives 70 are the majority, so the trivial
    # model says positive every time: 70 / 100 = 0.7, and the model is (25 - 20) / 100 = 0.05 above it
    question = (
        "my results\n"
        "                 predicted positive    predicted negative\n"
        "actual positive        50                    20\n"
        "actual negative         5                    25\n"
        "accuracy and F1?"
    )
    text = steps(question)
    assert "TP = 50, FN = 20, FP = 5, TN = 25" in text
    assert "(50 + 25) / 100 = 0.75" in text
    assert "100 / (100 + 5 + 20) = 0.8" in text  # F1 = 2TP / (2TP + FP + FN) = 100 / 125
    assert "(TP + FN) / total = 70 / 100 = 0.7" in text and "0.05 above that" in text
    # one space between the column labels: each label starts at its 'predicted'
    single = "predicted yes predicted no\nactual yes 50 20\nactual no 5 25\nrecall?"
    assert "TP = 50, FN = 20, FP = 5, TN = 25" in steps(single)


def test_a_table_computes_nothing_when_its_orientation_or_positive_class_is_unclear():
    assert "TP = 12, FN = 8, FP = 6, TN = 174" in steps(FRAUD_TABLE)  # the table, read as it is written
    rows = "|---|---|---|\n| {a} | 12 | 8 |\n| {b} | 6 | 174 |\nprecision?"
    no_axes = "| | fraud | not fraud |\n" + rows.format(a="fraud", b="not fraud")  # which axis is the truth?
    no_negative = "| | predicted cat | predicted dog |\n" + rows.format(a="actual cat", b="actual dog")
    both_predicted = "| | predicted fraud | predicted not fraud |\n" + rows.format(a="pred fraud", b="pred not fraud")
    three_rows = "| | predicted fraud | predicted not fraud |\n" + rows.format(a="actual fraud", b="actual not fraud")
    three_rows = three_rows.replace("\nprecision?", "\n| actual unsure | 1 | 2 |\nprecision?")
    disagrees = FRAUD_TABLE + " (TP = 13 by my count)"  # the table and the text give two TPs
    for question in (no_axes, no_negative, both_predicted, three_rows, disagrees):
        assert "confusion" not in kinds(question), question


# --- Gini (and entropy) with classes named by the learner --------------------------------------------


def test_gini_reads_classes_with_their_own_names_and_a_balanced_parent():
    # parent 15/15: 1 - 0.25 - 0.25 = 0.5; left 9/1: 1 - 0.81 - 0.01 = 0.18; right 6/14: 1 - 0.09 - 0.49 = 0.42
    # weighted 10/30 x 0.18 + 20/30 x 0.42 = 0.06 + 0.28 = 0.34; decrease 0.5 - 0.34 = 0.16
    # parent entropy -(0.5 log2 0.5 + 0.5 log2 0.5) = 1 bit
    text = steps(
        "tree node: 30 rows, 15 from each class (X and Y). a split puts 10 rows (9 X, 1 Y) on the left and "
        "20 rows (6 X, 14 Y) on the right. gini before and after? and the entropy of the parent?"
    )
    assert "parent (15/15): 1 - (15/30)² - (15/30)² = 0.5" in text
    assert "left 9/1: Gini 0.18; right 6/14: Gini 0.42; weighted 10/30 × 0.18 + 20/30 × 0.42 = 0.34" in text
    assert "decrease 0.16" in text
    assert "= 1 bit, the most two classes can have" in text
    assert "information gain" not in text  # only the parent's entropy was asked


def test_gini_with_information_gain_and_word_class_names():
    # parent 8/8: Gini 0.5; children 6/2 and 2/6: 1 - 0.5625 - 0.0625 = 0.375 each; weighted 0.375; decrease 0.125
    # H(6/8, 2/8) = 0.75 x 0.41504 + 0.25 x 2 = 0.81128; gain 1 - 0.81128 = 0.18872
    text = steps(
        "Gini and information gain please: a node with 8 cats and 8 dogs; the left child gets 6 cats, 2 dogs "
        "and the right one 2 cats, 6 dogs"
    )
    assert "weighted 8/16 × 0.375 + 8/16 × 0.375 = 0.375; decrease 0.125" in text
    assert "= 0.8113 bits" in text
    assert "information gain = 1 - 0.8113 = 0.1887 bits" in text
    # a pure child written '(all X)': parent 6/6 0.5; left 4/0 0; right 2/6 0.375; weighted 8/12 x 0.375 = 0.25
    pure = steps("gini: node has 6 X, 6 Y. left gets 4 (all X), right gets 8 (2 X, 6 Y)")
    assert "weighted 4/12 × 0 + 8/12 × 0.375 = 0.25; decrease 0.25" in pure


def test_gini_computes_nothing_when_the_children_do_not_add_up_to_the_parent():
    # the same node read right: parent 15/15 is 0.5, and 9 + 6 = 15 X, 1 + 14 = 15 Y in the children
    assert "parent (15/15)" in steps(
        "gini: 30 rows, 15 from each class; left 10 rows (9 X, 1 Y), right 20 rows (6 X, 14 Y)"
    )
    # 9 + 5 = 14 X in the children, but the parent has 15 of each
    assert "gini_split" not in kinds(
        "gini: 30 rows, 15 from each class; left 10 rows (9 X, 1 Y), right 20 rows (5 X, 15 Y)"
    )
    # two different pairs of names, each written twice: which are the classes?
    assert "gini_split" not in kinds("gini: left 3 A, 1 B and 2 C, 2 D; right 1 A, 3 B and 2 C, 2 D; parent 4 A, 4 B")


# --- one boosting round written in words -------------------------------------------------------------


def test_boosting_reads_targets_in_words_and_samples_named_for_the_leaves():
    # F0 = (1 + 3 + 5 + 11) / 4 = 5; residuals -4, -2, 0, 6; MSE (16 + 4 + 0 + 36) / 4 = 14
    # leaves: samples 1-3 mean residual -6 / 3 = -2, sample 4: 6; lr 0.2: 5 - 0.4 = 4.6, 5 + 1.2 = 6.2
    # new residuals -3.6, -1.6, 0.4, 4.8; MSE (12.96 + 2.56 + 0.16 + 23.04) / 4 = 9.68, down 4.32
    text = steps(
        "boosting with squared loss: the targets are 1, 3, 5 and 11, learning rate 0.2. the first stump puts "
        "samples 1, 2 and 3 in one leaf and sample 4 in the other. predictions and MSE?"
    )
    assert "F0 = mean of [1, 3, 5, 11] = 5; residuals [-4, -2, 0, 6]; MSE = 14" in text
    assert "rows 1-3: -2; row 4: 6" in text
    assert "[4.6, 4.6, 4.6, 6.2]" in text
    assert "new residuals [-3.6, -1.6, 0.4, 4.8]; new MSE = 9.68 (down 4.32)" in text


def test_boosting_leaves_need_not_be_neighbours():
    # F0 = 28 / 4 = 7; residuals -5, 3, -3, 5; MSE 68 / 4 = 17; leaves {1, 3}: -4, {2, 4}: 4
    # lr 0.5: 5, 9, 5, 9; residuals -3, 1, -1, 3; MSE 20 / 4 = 5, down 12
    text = steps(
        "gradient boosting by hand, targets are 2, 10, 4 and 12, learning rate 0.5; the stump sends rows 1 and 3 "
        "to one leaf and rows 2 and 4 to the other"
    )
    assert "rows 1, 3: -4; rows 2, 4: 4" in text
    assert "[5, 9, 5, 9]" in text and "new MSE = 5 (down 12)" in text


def test_boosting_computes_nothing_when_targets_disagree_or_leaves_miss_a_row():
    # read right: F0 = 9 / 3 = 3; residuals -2, 0, 2; leaves -1 and 2; lr 0.1: 2.9, 2.9, 3.2
    assert "[2.9, 2.9, 3.2]" in steps("boosting: targets are 1, 3, 5; lr 0.1; rows 1-2 vs row 3")
    assert "boosting" not in kinds("boosting: targets are 1, 3, 5 but y = [1, 3, 6]; lr 0.1; rows 1-2 vs row 3")
    assert "boosting" not in kinds("boosting: targets are 1, 3, 5, 7; lr 0.1; rows 1-2 vs row 4")


# --- k-means data assigned in code --------------------------------------------------------------------


def test_lloyds_algorithm_on_lists_assigned_in_code():
    # round 1 from [1, 2]: {1} {2, 6, 12, 13} -> [1, 33/4 = 8.25]
    # round 2: 2 is 1 from 1 and 6.25 from 8.25; 6 is 5 vs 2.25 -> {1, 2} {6, 12, 13} -> [1.5, 31/3 = 10.3333]
    # round 3: 6 is 4.5 from 1.5 and 4.3333 from 10.3333: nothing moves, converged
    # inertia (0.25 + 0.25) + (4.3333² + 1.6667² + 2.6667²) = 0.5 + (18.7778 + 2.7778 + 7.1111) = 29.1667
    text = steps("```\ndata = [1, 2, 6, 12, 13]\ncentroids = [1, 2]\n```\nstep me through lloyd's algorithm")
    assert "round 1: assign to centroids [1, 2] → {1}; {2, 6, 12, 13}; new centroids [1, 8.25]" in text
    assert "→ {1, 2}; {6, 12, 13}; new centroids [1.5, 10.3333]" in text
    assert "round 3 changes no assignment, so it has converged" in text
    assert "= 29.1667, cluster by cluster (0.25 + 0.25) + (18.7778 + 2.7778 + 7.1111)" in text


def test_kmeans_reads_a_numpy_column_and_refuses_what_does_not_fit():
    # {0} {1, 7, 8} -> [0, 16/3]; {0, 1} {7, 8} -> [0.5, 7.5]; unchanged; inertia 4 x 0.25 = 1
    text = steps("k-means by hand:\nX = np.array([[0], [1], [7], [8]])\ninit = [[0], [1]]")
    assert "new centroids [0, 5.3333]" in text and "new centroids [0.5, 7.5]" in text
    assert "centroids = 1, cluster by cluster (0.25 + 0.25) + (0.25 + 0.25)" in text
    # k = 3 with two starting centroids; points of two features; the points given twice differently
    assert "kmeans" not in kinds("k-means:\npoints = [0, 1, 7, 8]\nk = 3\ninit_centroids = [0, 1]")
    assert "kmeans" not in kinds("lloyd's algorithm on points = [[0, 1], [1, 1], [7, 2]], centroids = [0, 1]")
    assert "kmeans" not in kinds("k-means on points 0, 1, 7, 8 from centroids 0 and 1; oops, points = [0, 1, 7, 9]")


# --- heldout14: classes named by the question, and two splits scored by entropy ----------------------

LOAN_TABLE = """Loan model scored on 500 applicants.

| | predicted default | predicted repay |
|---|---|---|
| actual default | 18 | 12 |
| actual repay | 22 | 448 |

{ask}"""


def test_a_table_whose_classes_are_both_names_takes_the_positive_class_the_question_asks_about():
    # default asked about: TP 18, FN 12, FP 22, TN 448 (total 500)
    text = steps(LOAN_TABLE.format(ask="How good is it on the default class? precision, recall, F1?"))
    assert "From your table (positive class: default): TP = 18, FN = 12, FP = 22, TN = 448" in text
    assert "18 / (18 + 22) = 0.45" in text  # 18 / 40
    assert "18 / (18 + 12) = 0.6" in text  # 18 / 30
    assert "36 / (36 + 22 + 12) = 0.5143" in text  # 36 / 70 = 0.514285...
    assert "(18 + 448) / 500 = 0.932" in text  # 466 / 500
    assert "22 / 470 = 0.04681" in text  # FP / (FP + TN) = 0.046808...
    # always saying repay: 470 / 500 = 0.94; the model is (22 - 18) / 500 = 0.008 below it
    assert "(FP + TN) / total = 470 / 500 = 0.94" in text
    assert "the model's accuracy is 0.008 below that" in text


def test_the_other_class_named_positive_turns_the_cells_round_and_no_named_class_computes_nothing():
    # repay as positive: TP 448, FN 22, FP 12, TN 18; precision 448 / 460 = 0.97391, recall 448 / 470 = 0.95319
    text = steps(LOAN_TABLE.format(ask="Taking repay as the positive class, what are precision and recall?"))
    assert "From your table (positive class: repay): TP = 448, FN = 22, FP = 12, TN = 18" in text
    assert "448 / (448 + 12) = 0.9739" in text and "448 / (448 + 22) = 0.9532" in text
    # neither class named, or both: which one is positive is not clear
    assert "confusion" not in kinds(LOAN_TABLE.format(ask="What are precision and recall?"))
    assert "confusion" not in kinds(LOAN_TABLE.format(ask="Precision for the default class and the repay class?"))


def test_entropy_compares_two_splits_written_without_separators_and_names_the_pick():
    # parent 10/10: H = 1 bit
    # A: 7/3 and 3/7 each H = -(0.7 log2 0.7 + 0.3 log2 0.3) = 0.881291; weighted 0.881291; gain 0.118709
    # B: 6/0 pure (H 0) and 4/10: H = -(2/7 log2 2/7 + 5/7 log2 5/7) = 0.863121; weighted 14/20 x 0.863121
    #    = 0.604184; gain 0.395816 -> B wins
    question = (
        "root has 20 rows, 10 yes 10 no. Candidate A cuts it into 7 yes 3 no and 3 yes 7 no; candidate B "
        "into 6 yes 0 no and 4 yes 10 no. Info gain of both with entropy? which is chosen"
    )
    text = steps(question)
    assert "split A: weighted child entropy = 10/20 × 0.8813 + 10/20 × 0.8813 = 0.8813 bits" in text
    assert "split A: information gain = 1 - 0.8813 = 0.1187 bits" in text
    assert "split B: weighted child entropy = 6/20 × 0 + 14/20 × 0.8631 = 0.6042 bits" in text
    assert "split B: information gain = 1 - 0.6042 = 0.3958 bits" in text
    assert "The tree picks split B, the larger information gain" in text
    # children that do not add back up to the parent: nothing
    assert "gini_split" not in kinds(question.replace("4 yes 10 no", "4 yes 9 no"))


def test_gini_reads_pairs_written_without_separators_too():
    # parent 10/10: 0.5; A 7/3 and 3/7: 1 - 0.49 - 0.09 = 0.42 each, decrease 0.08
    # B 6/0: 0 and 4/10: 1 - (4/14)² - (10/14)² = 0.408163; weighted 14/20 x 0.408163 = 0.285714, decrease 0.214286
    text = steps(
        "gini: parent 10 yes 10 no; split A gives 7 yes 3 no and 3 yes 7 no, split B gives 6 yes 0 no and "
        "4 yes 10 no. which split?"
    )
    assert "split A: left 7/3: Gini 0.42; right 3/7: Gini 0.42; weighted 10/20 × 0.42 + 10/20 × 0.42 = 0.42" in text
    assert "weighted 6/20 × 0 + 14/20 × 0.4082 = 0.2857; decrease 0.2143" in text
    assert "The tree picks split B" in text


def test_random_trials_for_a_chance_written_with_for_are_counted():
    text = steps("random search: how many random trials for a 95% chance that one lands in the top 10%?")
    # 1 - 0.9^n >= 0.95 -> n >= ln(0.05) / ln(0.9) = 28.43 -> 29
    assert "1 - 0.9^n ≥ 0.95 → n ≥ ln(0.05) / ln(0.9) = 28.43, so 29 trials" in text


# --- heldout15: classes written "N of class X", k-means data called data, regression lists in words ---


def test_gini_reads_counts_written_of_class_after_the_node_size():
    # parent 6/4: 1 - 0.36 - 0.16 = 0.48; left 4/0: 0; right 2/4: 1 - 1/9 - 4/9 = 4/9 = 0.4444
    # weighted 4/10 x 0 + 6/10 x 4/9 = 4/15 = 0.26667; decrease 0.48 - 0.26667 = 0.21333
    # parent entropy -(0.6 log2 0.6 + 0.4 log2 0.4) = 0.44218 + 0.52877 = 0.97095 bits
    question = (
        "a node holds 10 rows, 6 of class P and 4 of class Q. one split sends 4 rows (all P) left and 6 "
        "(2 P, 4 Q) right. gini before and after the split, the drop, and the parent's entropy?"
    )
    text = steps(question)
    assert "parent (6/4): 1 - (6/10)² - (4/10)² = 0.48" in text
    assert "left 4/0: Gini 0; right 2/4: Gini 0.4444; weighted 4/10 × 0 + 6/10 × 0.4444 = 0.2667" in text
    assert "= 0.2667; decrease 0.2133" in text
    assert "parent (6/4): H = -[(6/10) log2(6/10) + (4/10) log2(4/10)] = 0.971 bits" in text
    # "in class" reads the same way: the same node and split
    assert "decrease 0.2133" in steps(question.replace("6 of class P and 4 of class Q", "6 in class P, 4 in class Q"))
    # the children hold 4 + 3 = 7 P, but the parent has 6: nothing
    assert "gini_split" not in kinds(question.replace("(2 P, 4 Q)", "(3 P, 4 Q)"))


def test_kmeans_reads_points_called_data_or_observations():
    # round 1 from [1, 3]: {1} {3, 9, 16, 18} -> [1, 46/4 = 11.5]
    # round 2: 3 is 2 from 1 and 8.5 from 11.5; 9 is 8 vs 2.5 -> {1, 3} {9, 16, 18} -> [2, 43/3 = 14.3333]
    # round 3: 9 is 7 from 2 and 5.3333 from 14.3333: nothing moves, converged
    # inertia (1 + 1) + (256/9 + 25/9 + 121/9) = 2 + (28.4444 + 2.7778 + 13.4444) = 420/9 = 46.6667
    text = steps("lloyd's algorithm by hand on the 1-D data: 1, 3, 9, 16, 18 with k = 2 and initial centroids 1 and 3")
    assert "round 1: assign to centroids [1, 3] → {1}; {3, 9, 16, 18}; new centroids [1, 11.5]" in text
    assert "round 2: assign to centroids [1, 11.5] → {1, 3}; {9, 16, 18}; new centroids [2, 14.3333]" in text
    assert "round 3 changes no assignment, so it has converged" in text
    assert "= 46.6667, cluster by cluster (1 + 1) + (28.4444 + 2.7778 + 13.4444)" in text
    assert "= 46.6667" in steps("k-means (k=2) on the observations 1, 3, 9, 16, 18 from centroids 1 and 3")
    # the data given twice, differently: which is meant?
    twice = "k-means on data: 1, 3, 9, 16, 18 from centroids 1 and 3; I mean points 1, 3, 9, 16, 19"
    assert "kmeans" not in kinds(twice)


def test_regression_losses_read_lists_in_words_by_what_each_is_called():
    # errors (prediction - target) 1, 0, -6: MSE (1 + 0 + 36) / 3 = 12.3333; MAE (1 + 0 + 6) / 3 = 2.3333
    # Huber delta 2: 0.5 x 1 = 0.5, 0, 2 x (6 - 1) = 10 -> 10.5 / 3 = 3.5
    text = steps("targets are 4, 6, 9 and the model predicts 5, 6, 3; MSE, MAE and Huber with delta = 2?")
    assert "errors (prediction - target): [1, 0, -6]" in text
    assert "MSE = (1 + 0 + 36) / 3 = 12.3333" in text
    assert "MAE = (1 + 0 + 6) / 3 = 2.3333" in text
    assert "Huber (δ = 2) per point: [0.5, 0, 10]; mean = 3.5" in text
    # the predictions named first: the same errors
    reversed_ = steps("my model predicted 5, 6, 3 where the actual values were 4, 6, 9. MSE and MAE?")
    assert "errors (prediction - target): [1, 0, -6]" in reversed_
    # lists not named, or both names before the first list: which one is the target is not clear
    assert "reg_losses" not in kinds("MSE between 4, 6, 9 versus 5, 6, 3?")
    assert "reg_losses" not in kinds("targets and predictions: 4, 6, 9; 5, 6, 3. MSE and MAE?")


def test_ridge_and_lasso_weights_of_a_line_through_the_origin():
    """heldout16: 'fitting y = w*x (no intercept) to (-2, -3), (1, 1), (2, 4) ... w with no penalty, ridge
    lambda = 6, lasso lambda = 6, and the lambda that makes lasso's w exactly 0' got nothing."""
    text = "\n".join(
        w.text()
        for w in work(
            "fit y = w*x to (1, 2), (2, 3) and (3, 5) by sum of squared errors plus a penalty: w with ridge lambda"
            " = 4 and with lasso lambda = 10? when is the lasso weight exactly zero?"
        )
    )
    assert "Σxy = 1 × 2 + 2 × 3 + 3 × 5 = 23; Σx² = 1² + 2² + 3² = 14" in text  # 2 + 6 + 15
    assert "no penalty: w = Σxy / Σx² = 23 / 14 = 1.6429" in text
    assert "w = Σxy / (Σx² + λ) = 23 / 18 = 1.2778" in text
    assert "w = (|Σxy| - λ/2) / Σx² = (23 - 5) / 14 = 1.2857" in text  # 18 / 14
    assert "once λ ≥ 2|Σxy| = 46" in text
    # two ridge strengths for one fit: which is asked is unclear
    assert not [
        w
        for w in work("y = w*x on (1, 2), (2, 3): ridge lambda = 1 or ridge lambda = 2?")
        if w.kind == "penalized_line"
    ]

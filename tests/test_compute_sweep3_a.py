"""The third sweep's stage 1-2 calculators in `app.answering.compute.sweep3_a`, called directly on the normalized
question as `work` would: array memory, a big table's size, train/test(/validation) split sizes, one-hot width, the
majority-class baseline, a lone 2 x 2 determinant and successive halving. Every figure below was computed by hand in
the comment beside it (split sizes also checked against scikit-learn's `train_test_split`)."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.parse import Worked, normalize
from app.answering.compute.sweep3_a import (
    array_memory,
    determinant_2x2,
    majority_baseline,
    one_hot_width,
    split_sizes,
    successive_halving,
    table_bytes,
)
from tests.compute_checks import cited_document, text_of


def _cites(worked: Worked | None, kind: str) -> None:
    assert worked is not None and worked.kind == kind
    assert re.search(worked.cue, cited_document(worked))


def _check(fn, question: str, kind: str, expected: list[str]) -> None:
    worked = fn(normalize(question))
    _cites(worked, kind)
    text = text_of(worked)
    for figure in expected:
        assert figure in text, (figure, text)


# --- array memory ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 10,000 x 512 = 5,120,000 elements x 4 bytes = 20,480,000 bytes = 20.48 MB; / 1,048,576 = 19.53 MiB
        (
            "How much memory does a float32 array of shape 10,000 x 512 take, in MB?",
            ["10,000 × 512 = 5,120,000", "5,120,000 × 4 = 20,480,000 bytes", "20.48 MB", "19.53 MiB"],
        ),
        # 50,000 x 784 = 39,200,000 x 4 = 156,800,000 bytes = 156.8 MB = 149.54 MiB
        (
            "np.zeros((50000, 784), dtype=np.float32) - how much RAM is that?",
            ["50,000 × 784 = 39,200,000", "156,800,000 bytes", "156.8 MB", "149.54 MiB"],
        ),
        # 2,000,000 x 40 = 80,000,000; x 8 = 640,000,000 (640 MB, 610.35 MiB); x 4 = 320,000,000 (320 MB)
        (
            "a dataframe with 2 million rows and 40 float64 columns, how much memory? what if I convert to float32?",
            ["2,000,000 × 40 = 80,000,000", "80,000,000 × 8 = 640,000,000 bytes", "610.35 MiB", "320 MB"],
        ),
        # 1,000 x 1,000 x 8 = 8,000,000 bytes = 8 MB = 7.63 MiB
        ("What's the size in bytes of a 1000x1000 float64 numpy matrix?", ["8,000,000 bytes", "8 MB", "7.63 MiB"]),
    ],
)
def test_array_memory(question, expected):
    _check(array_memory, question, "array_memory", expected)


@pytest.mark.parametrize(
    "question",
    [
        "A 7B-parameter model in float16: how much memory do the weights need?",
        "What is the rank of a float32 matrix of shape 100 x 50?",
        "I have 60,000 images of 28x28 stored as float32. How much memory?",
        "Should I convert my float64 columns to float32 to save memory?",
        "Memory of an array of shape (1000, 512) and another of shape (512, 10) in float32?",
    ],
)
def test_array_memory_near_misses(question):
    assert array_memory(normalize(question)) is None


# --- table size from rows x bytes per row ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 3e9 x 200 = 600e9 bytes = 600 GB; / 2^30 = 558.79 GiB
        (
            "Our table has 3 billion rows at 200 bytes per row. How big is it in GB?",
            ["3,000,000,000 × 200 = 600,000,000,000 bytes", "600 GB", "558.79 GiB"],
        ),
        # 1.5e9 x 120 = 180e9 bytes = 180 GB = 167.64 GiB
        (
            "A log table with 1.5 billion rows, each row ~ 120 bytes. How much storage?",
            ["1,500,000,000 × 120 = 180,000,000,000 bytes", "180 GB", "167.64 GiB"],
        ),
        # 12e9 x 250 = 3e12 bytes = 3,000 GB = 3 TB
        (
            "clickstream: 12 billion rows of roughly 250 bytes each - what's the total size?",
            ["12,000,000,000 × 250 = 3,000,000,000,000 bytes", "3,000 GB", "3 TB"],
        ),
    ],
)
def test_table_bytes(question, expected):
    _check(table_bytes, question, "table_bytes", expected)


@pytest.mark.parametrize(
    "question",
    [
        "3 billion rows at 200 bytes per row and my laptop has 16 GB of RAM - can pandas load it?",
        "The events table has 2 billion rows. How long would a full scan take?",
        "A table with 2 billion rows and 50 columns: should I use Spark?",
    ],
)
def test_table_bytes_near_misses(question):
    assert table_bytes(normalize(question)) is None


# --- train/test/validation split sizes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # ceil(1,235 x 0.2) = ceil(247) = 247; train 988 (sklearn: 988 / 247)
        (
            "If I have 1,235 rows and call train_test_split with test_size=0.2, how many rows end up in the test "
            "set and train set?",
            ["ceil(1,235 × 0.2) = ceil(247) = 247", "1,235 - 247 = 988"],
        ),
        # test 2,000; rest 8,000; val ceil(8,000 x 0.25) = 2,000; train 6,000
        (
            "I have 10,000 samples, I split 20% off for test and then 25% of the rest for validation. "
            "How many in each?",
            ["= 2,000", "10,000 - 2,000 = 8,000", "ceil(8,000 × 0.25) = ceil(2,000) = 2,000", "8,000 - 2,000 = 6,000"],
        ),
        # ceil(4,537 x 0.15) = ceil(680.55) = 681; rest 3,856; 0.15 / 0.85 = 0.17647, x 3,856 = 680.47 -> 681;
        # train 3,175 (sklearn: 3,175 / 681 / 681)
        (
            "I have 4,537 examples and want a 70/15/15 train/val/test split. how many rows in each?",
            ["ceil(680.55) = 681", "4,537 - 681 = 3,856", "ceil(680.47) = 681", "3,856 - 681 = 3,175"],
        ),
        # ceil(1,001 x 0.2) = ceil(200.2) = 201; train 800 (sklearn: 800 / 201)
        (
            "an 80/20 train/test split of 1,001 images: how many in the test set?",
            ["ceil(200.2) = 201", "1,001 - 201 = 800"],
        ),
    ],
)
def test_split_sizes(question, expected):
    _check(split_sizes, question, "split_sizes", expected)


@pytest.mark.parametrize(
    "question",
    [
        "5-fold cross-validation on 1,000 rows after holding out 20% for test: how big is each fold?",
        "With test_size=0.2, how many rows go to the test set?",
        "I have 1,000 rows and 500 images; test_size=0.2. How many test rows?",
        "a 20/80 split of 1,000 rows: how many in the test set?",
        "I split 1,000 rows 70/15/15 into train/test/val. How many each?",
        "A/B test with a 90/10 split of 50,000 customers: how many in the treatment?",
        "a 90/10 split of 2,000 rows between two warehouses - how many rows go to each?",
    ],
)
def test_split_sizes_near_misses(question):
    assert split_sizes(normalize(question)) is None


# --- one-hot width -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 4 + 7 + 12 = 23; drop='first': 23 - 3 = 20
        (
            "I one-hot encode 3 categorical columns with 4, 7 and 12 categories. How many columns do I get? "
            "And with drop='first'?",
            ["4 + 7 + 12 = 23 columns", "23 - 3 = 20 columns"],
        ),
        # 5 + 30 = 35; + 6 numeric = 41
        (
            "OneHotEncoder on a color column with 5 categories and a city column with 30 categories plus 6 numeric "
            "columns: how many output columns?",
            ["5 + 30 = 35 columns", "35 + 6 = 41"],
        ),
        # 3 columns x 8 categories = 24; handle_unknown adds none
        (
            "pd.get_dummies / OneHotEncoder(handle_unknown='ignore') on 3 columns with 8 categories each - how many "
            "features?",
            ["8 + 8 + 8 = 24 columns", "adds no column"],
        ),
    ],
)
def test_one_hot_width(question, expected):
    _check(one_hot_width, question, "one_hot_width", expected)


@pytest.mark.parametrize(
    "question",
    [
        "Target encoding vs one-hot for a column with 500 categories: how many columns would target encoding give?",
        "Why does one-hot encoding of a city column make the matrix sparse?",
        "Feature hashing vs one-hot for 10,000 categories: how many columns with hashing to 1024 bins?",
    ],
)
def test_one_hot_width_near_misses(question):
    assert one_hot_width(normalize(question)) is None


# --- majority-class baseline -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 950 / 1,000 = 0.95
        (
            "My dataset has 950 negatives and 50 positives. What accuracy does always predicting the majority class "
            "get?",
            ["950 + 50 = 1,000", "(negatives): accuracy = 950 / 1,000 = 0.95 (95%)"],
        ),
        # 700 / 1,000 = 0.7; 72% is above
        (
            "Class counts are 700 cats, 200 dogs and 100 birds. What's the majority-class baseline accuracy? my model "
            "gets 72% accuracy",
            ["700 / 1,000 = 0.7 (70%)", "72% is above the 70% baseline"],
        ),
        # 9,870 / 10,000 = 0.987; 98.5% not above
        (
            "Fraud data: 9,870 legit vs 130 fraud. Model accuracy is 98.5% - does it beat a DummyClassifier that "
            "predicts the most frequent class?",
            ["9,870 + 130 = 10,000", "9,870 / 10,000 = 0.987 (98.7%)", "98.5% is not above"],
        ),
    ],
)
def test_majority_baseline(question, expected):
    _check(majority_baseline, question, "majority_baseline", expected)


@pytest.mark.parametrize(
    "question",
    [
        "950 negatives and 50 positives; the model has TP = 30, FP = 20. What are precision and recall?",
        "Majority vote of 3 models that predict 1, 0 and 1: what's the ensemble's prediction?",
        "500 cats and 500 dogs: what's the majority-class baseline?",
        "Why is accuracy misleading with a majority class of 99%?",
    ],
)
def test_majority_baseline_near_misses(question):
    assert majority_baseline(normalize(question)) is None


# --- a lone 2 x 2 determinant ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 3 x 4 - 2 x 6 = 12 - 12 = 0: singular
        (
            "What is the determinant of [[3, 2], [6, 4]]? Is it invertible?",
            ["3 × 4 - 2 × 6 = 12 - 12 = 0", "singular (no inverse)"],
        ),
        # 2 x 3 - 1 x 1 = 5; inverse (1/5)[[3, -1], [-1, 2]] = [[0.6, -0.2], [-0.2, 0.4]]
        (
            "determinant of the 2x2 matrix [[2, 1], [1, 3]] and its inverse",
            ["= 6 - 1 = 5", "invertible", "[[0.6, -0.2], [-0.2, 0.4]]"],
        ),
        # 4 x (-1) - 3 x 2 = -4 - 6 = -10
        ("compute det(A) for A = [[4, 3], [2, -1]]", ["4 × (-1) - 3 × 2 = -4 - 6 = -10", "invertible"]),
    ],
)
def test_determinant_2x2(question, expected):
    _check(determinant_2x2, question, "determinant_2x2", expected)


@pytest.mark.parametrize(
    "question",
    [
        "A = [[2, 0], [0, 3]]: what is its determinant and how does it change the area of the unit square?",
        "determinant of [[1, 2, 3], [4, 5, 6], [7, 8, 10]]",
        "eigenvalues and determinant of [[2, 1], [1, 2]]",
        "Is the determinant of [[1, 2], [3, 4]] times [[0, 1], [1, 0]] negative?",
    ],
)
def test_determinant_2x2_near_misses(question):
    assert determinant_2x2(normalize(question)) is None


# --- successive halving ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 81 -> 27 -> 9 -> 3 -> 1: 5 rounds
        (
            "Successive halving with 81 configurations and eta = 3: how many rounds and how many configs survive "
            "each round?",
            ["81 → 27 → 9 → 3 → 1", "rounds = 5"],
        ),
        # 64 -> 32 -> ... -> 1: 7 rounds, each 64 epochs; total 448 vs 64 x 64 = 4,096
        (
            "Hyperband: start 64 configs, keep half each round, min budget 1 epoch. How many rounds and total epochs?",
            ["64 → 32 → 16 → 8 → 4 → 2 → 1", "rounds = 7", "round 7: 1 × 64 = 64", "total = 448 epochs", "4,096"],
        ),
        # 100 -> 33 -> 11 -> 3 -> 1 (floor); ceil: 100 -> 34 -> 12 -> 4 -> 2 -> 1; budget 2, 6, 18, 54, 162 epochs:
        # 100 x 2 + 33 x 6 + 11 x 18 + 3 x 54 + 1 x 162 = 200 + 198 + 198 + 162 + 162 = 920
        (
            "successive halving of 100 candidates, reduction factor 3, starting with 2 epochs each: total budget?",
            ["100 → 33 → 11 → 3 → 1", "100 → 34 → 12 → 4 → 2 → 1", "round 4: 3 × 54 = 162", "total = 920 epochs"],
        ),
    ],
)
def test_successive_halving(question, expected):
    _check(successive_halving, question, "successive_halving", expected)


@pytest.mark.parametrize(
    "question",
    [
        "Successive halving with eta = 3: why does it save compute?",
        "Random search over 81 configurations with 3 epochs each: total epochs?",
        "Successive halving with 81 configs, eta = 3, keep half each round?",
        "How does Hyperband differ from successive halving?",
    ],
)
def test_successive_halving_near_misses(question):
    assert successive_halving(normalize(question)) is None

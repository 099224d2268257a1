"""Calculators of the second stage-1 sweep (`app.answering.compute.sweep2_a`), called directly on the normalized
question as `work` would. Every figure below was computed by hand in the comment beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.parse import Worked, normalize
from app.answering.compute.sweep2_a import (
    columnar_read_share,
    condition_number,
    finite_difference_check,
    independence_check,
    matmul_shape,
    missing_target_rate,
)
from tests.compute_checks import cited_document, text_of


def _cites(worked: Worked | None, kind: str) -> None:
    assert worked is not None and worked.kind == kind
    assert re.search(worked.cue, cited_document(worked))


CASES = [
    # f(2.01) = 8.120601, f(1.99) = 7.880599; forward 12.0601 (error 0.0601), central 0.240002 / 0.02 = 12.0001
    (
        finite_difference_check,
        "For f(x) = x^3 at x = 2 with h = 0.01, what is the error of the forward difference vs the central difference?",
        ["= 12.0601, error 0.0601", "= 12.0001, error 0.0001"],
    ),
    # f(w) = w^2, w = 3, h = 0.1: forward (9.61 - 9) / 0.1 = 6.1, central (9.61 - 8.41) / 0.2 = 6
    (
        finite_difference_check,
        "gradient check: f(w) = w^2 at w = 3, step h = 0.1, forward vs central?",
        ["= 6.1, error 0.1", "= 6, error 0"],
    ),
    # L(w) = w^3 - 2w at w = 1, h = 0.1 (the reading's pitfall): L(1.1) = -0.869, L(1) = -1, L(0.9) = -1.071;
    # forward 0.131 / 0.1 = 1.31, central 0.202 / 0.2 = 1.01
    (
        finite_difference_check,
        "Numerical finite difference check of L(w) = w^3 - 2w at w = 1 using h = 0.1?",
        ["= 1.31, error 0.31", "= 1.01, error 0.01"],
    ),
    # 10 / 0.01 = 1000
    (
        condition_number,
        "My matrix has singular values 10, 2 and 0.01. What is its condition number?",
        ["10 / 0.01 = 1,000"],
    ),
    # |-0.5| = 0.5: 50 / 0.5 = 100
    (
        condition_number,
        "The eigenvalues of my symmetric matrix are 50 and -0.5, what's the condition number?",
        ["50 / 0.5 = 100"],
    ),
    (condition_number, "condition number if the singular values are [4, 0]?", ["infinite"]),
    # (32, 128) @ (128, 10) -> (32, 10)
    (
        matmul_shape,
        "If A has shape (32, 128) and B has shape (128, 10), what is the shape of A @ B?",
        ["result (32, 10)"],
    ),
    (
        matmul_shape,
        "If A has shape (32, 128) and B has shape (128, 10), what is the shape of B @ A?",
        ["inner dimensions 10 and 32 differ"],
    ),
    (matmul_shape, "What shape do I get multiplying a 64x300 matrix by a 300x5 matrix?", ["result (64, 5)"]),
    # 0.3 x 0.5 = 0.15 = P(A and B): independent
    (
        independence_check,
        "P(A) = 0.3, P(B) = 0.5 and P(A and B) = 0.15. Are A and B independent?",
        ["0.3 × 0.5 = 0.15", "are independent"],
    ),
    # 0.4 x 0.25 = 0.1 < 0.2: dependent, P(A|B) = 0.2 / 0.25 = 0.8
    (
        independence_check,
        "Is it independent? P(A) = 40%, P(B) = 25%, P(A ∩ B) = 20%",
        ["0.4 × 0.25 = 0.1", "dependent", "0.2 / 0.25 = 0.8"],
    ),
    (
        independence_check,
        "Are rain R and traffic T independent if P(R) = 0.2, P(T) = 0.5, P(R and T) = 0.1?",
        ["are independent"],
    ),
    # 5 / 200 = 0.025; 80 GB x 0.025 = 2 GB
    (
        columnar_read_share,
        "A Parquet file has 200 columns and my query reads 5 of them. What share is read? The file is 80 GB.",
        ["5 / 200 = 0.025", "about 2 GB read"],
    ),
    # 6/240 = 0.025; 30/365 = 0.08219; 1200 GB x 0.025 x 0.08219 = 2.47 GB
    (
        columnar_read_share,
        "1.2 TB of Parquet, 240 columns, 365 daily partitions by date; my query needs 6 columns for the last 30 days.",
        ["6 / 240 = 0.025", "30 / 365 = 0.08219", "about 2.47 GB read"],
    ),
    (
        columnar_read_share,
        "With columnar storage, a query touching 3 of 120 columns reads what share?",
        ["3 / 120 = 0.025"],
    ),
    # 120/400 = 0.3; 300/3600 = 0.08333; overall 420/4000 = 0.105
    (
        missing_target_rate,
        "Rows with income missing: 120 of 400 churned; rows with income present: 300 of 3600 churned. What's the churn"
        " rate with and without the missing value?",
        ["120 / 400 = 0.3", "300 / 3,600 = 0.08333", "= 0.105"],
    ),
    # 36/200 = 0.18, 72/800 = 0.09, ratio 2
    (
        missing_target_rate,
        "Default rate: 36 of 200 applicants with income missing defaulted, versus 72 of 800 where income was reported."
        " Is missingness informative?",
        ["36 / 200 = 0.18", "72 / 800 = 0.09", "ratio 0.18 / 0.09 = 2"],
    ),
    (
        missing_target_rate,
        "Target rate where age is null: 10/50; where age is non-null: 40/950. MCAR?",
        ["10 / 50 = 0.2", "40 / 950 = 0.04211"],
    ),
]


@pytest.mark.parametrize(("fn", "question", "expected"), CASES)
def test_computes(fn, question, expected):
    worked = fn(normalize(question))
    _cites(worked, fn.__name__)
    text = text_of(worked)
    for figure in expected:
        assert figure in text


NEAR_MISSES = [
    (finite_difference_check, "What is a finite difference gradient check?"),
    (finite_difference_check, "For f(x) = x^3 at x = 2, compare forward and central differences."),  # no h
    (finite_difference_check, "f(x) = x^3 at x = 2 with h = 0.01: what is f'(2)?"),  # not a finite-difference question
    (condition_number, "The eigenvalues of my matrix are 5 and 1, condition number?"),  # not said to be symmetric
    (condition_number, "What is a condition number?"),
    (condition_number, "The singular values are 3, 2 and 1. What's the rank?"),
    (matmul_shape, "What is the shape of A @ B?"),
    (matmul_shape, "x has shape (8, 32, 128) and W has shape (128, 64): shape of x @ W?"),  # batched
    (matmul_shape, "Broadcasting a (3, 1) array with a (1, 4) array gives what shape product?"),
    (independence_check, "P(A) = 0.3 and P(B) = 0.5. Are A and B independent?"),  # no joint
    (independence_check, "P(A) = 0.3, P(B) = 0.5, P(A and B) = 0.15. What is P(A or B)?"),
    (independence_check, "P(A) = 0.3, P(B) = 0.5, P(A and C) = 0.15. Independent?"),
    (columnar_read_share, "Why is Parquet faster than CSV?"),
    (columnar_read_share, "My CSV has 200 columns and I need 5 of them."),
    (columnar_read_share, "1 TB of Parquet, 100 columns in 365 partitions, query needs 4 columns for country = 'FR'."),
    (missing_target_rate, "120 of 400 rows have income missing. Should I drop them?"),
    (missing_target_rate, "What does missing not at random mean for the churn rate?"),
    (missing_target_rate, "Churn is 30% where income is missing and 8% where present."),
]


@pytest.mark.parametrize(("fn", "question"), NEAR_MISSES)
def test_near_misses_compute_nothing(fn, question):
    assert fn(normalize(question)) is None

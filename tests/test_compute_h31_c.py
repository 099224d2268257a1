"""Three calculators from the h31 blind set, not yet registered in `app.answering.compute.CALCULATORS`, so called
directly on the normalized question as `work` would: WHERE against HAVING on a small orders table given in prose,
logistic regression on squared features, and a chain of conv / pool layers in prose with ceil_mode and anchors.
Every figure below was worked by hand in the comment beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.h31_c import conv_chain_prose, logistic_squared, sql_where_having
from app.answering.compute.parse import normalize
from app.answering.compute.sweep_a import sql_null_aggregates
from tests.compute_checks import cited_document, text_of

# --- WHERE against HAVING -------------------------------------------------------------------------------------

SQL_QUESTION = (
    "SQL practice. orders(customer_id, amount): c1 has 40, 60, 80; c2 has 120, NULL, 30; c3 has 55, 70, 90, 20; "
    "c4 has 200. I want customers with at least 2 orders over $50. my first try, WHERE amount > 50 AND COUNT(*) >= 2, "
    "errored about misusing an aggregate. what's the right query and what does it return? what comes back if I drop "
    "the amount filter and keep only HAVING COUNT(*) >= 2? and which customers spent more than $150 in total on "
    "orders over $50?"
)


def test_sql_where_having_answers_the_learners_question():
    worked = sql_where_having(normalize(SQL_QUESTION))
    text = text_of(worked)
    assert worked.kind == "sql_where_having" and worked.source_id == "c-sql-nulls-joins"
    assert re.search(worked.cue, cited_document(worked))
    # WHERE amount > 50: c1 keeps 60, 80; c2 keeps 120 (30 fails, NULL unknown); c3 keeps 55, 70, 90; c4 keeps 200
    assert "on c1 (40, 60, 80) keeps 60, 80 (40 fails)" in text
    assert "on c2 (120, NULL, 30) keeps 120 (30 fails; NULL > 50 is UNKNOWN, so that row is dropped)" in text
    assert "on c3 (55, 70, 90, 20) keeps 55, 70, 90 (20 fails)" in text
    # counts 2, 1, 3, 1: HAVING COUNT(*) >= 2 keeps c1 and c3
    assert "c1 = 2, c2 = 1, c3 = 3, c4 = 1; HAVING COUNT(*) >= 2 returns c1, c3" in text
    assert (
        "SELECT customer_id, COUNT(*) AS n FROM orders WHERE amount > 50 GROUP BY customer_id HAVING COUNT(*) >= 2"
        in text
    )
    # without the WHERE: 3, 3, 4, 1 -> c1, c2, c3, c2 wrongly (only 1 order over 50)
    assert "c1 = 3, c2 = 3, c3 = 4, c4 = 1; HAVING COUNT(*) >= 2 returns c1, c2, c3, wrongly including c2" in text
    # sums over kept rows: 140, 120, 215, 200 -> > 150: c3, c4
    assert (
        "c1 = 60 + 80 = 140; c2 = 120; c3 = 55 + 70 + 90 = 215; c4 = 200; HAVING SUM(amount) > 150 returns c3, c4"
        in text
    )


def test_sql_null_aggregates_leaves_grouped_rows_to_sql_where_having():
    assert sql_null_aggregates(normalize(SQL_QUESTION)) is None


def test_sql_where_having_reads_a_having_sum_query():
    # WHERE revenue >= 20: s1 keeps 20, 30 (sum 50); s2 keeps 50 (NULL dropped); s3 keeps nothing; SUM > 40: s1, s2
    question = (
        "SQL question. sales(store, revenue): s1 has 10, 20, 30; s2 has NULL, 50; s3 has 5. SELECT store FROM sales "
        "WHERE revenue >= 20 GROUP BY store HAVING SUM(revenue) > 40 -- which stores come back?"
    )
    text = text_of(sql_where_having(normalize(question)))
    assert "on s3 (5) keeps no rows (5 fails)" in text
    assert "s1 = 20 + 30 = 50; s2 = 50; HAVING SUM(revenue) > 40 returns s1, s2" in text


def test_sql_where_having_reads_dollar_amounts_and_prose_counts():
    # WHERE amount > 50: A keeps 100, B keeps 60, 70, C keeps 90; counts 1, 2, 1 -> at least 2: B
    question = (
        "orders(customer_id, amount): A has $100, $20; B has 60, 70, NULL; C has 90. I need customers with at least "
        "2 orders above 50 but WHERE amount > 50 AND COUNT(*) >= 2 fails. What query works and what does it return?"
    )
    text = text_of(sql_where_having(normalize(question)))
    assert "A = 1, B = 2, C = 1; HAVING COUNT(*) >= 2 returns B" in text


@pytest.mark.parametrize(
    "question",
    [
        # no row filter: which rows the count is of is not said
        "SQL: orders(customer_id, amount): c1 has 40, 60, 80; c2 has 120, NULL, 30. HAVING COUNT(*) >= 2 returns what?",
        # one group only
        "SQL: orders(customer_id, amount): c1 has 40, 60, 80. WHERE amount > 50 with HAVING COUNT(*) >= 2?",
        # no numbers
        "SQL: what is the difference between WHERE and HAVING?",
        # a count of orders, not the orders' amounts
        "SQL: Alice has 3 orders, Bob has 2 orders. WHERE amount > 50 HAVING COUNT(*) >= 2?",
    ],
)
def test_sql_where_having_computes_nothing_when_unsure(question):
    assert sql_where_having(normalize(question)) is None


# --- logistic regression on squared features ------------------------------------------------------------------

RING_QUESTION = (
    "my classes look like a ring: positives outside a circle, negatives inside. I added squared features (x1², x2²) "
    "and logistic regression learned b = -4 and weight 1 on each squared feature. what probabilities does it give the "
    "points (1, 1), (2, 1) and (0, 2), what does the decision boundary look like in the original x1-x2 plane, and "
    "what's the log-loss at (1, 1) if that point is actually positive?"
)


def test_logistic_squared_answers_the_learners_question():
    worked = logistic_squared(normalize(RING_QUESTION))
    text = text_of(worked)
    assert worked.source_id == "s2-supervised-learning" and re.search(worked.cue, cited_document(worked))
    # z = -4 + 1 + 1 = -2, p = 1/(1+e^2) = 0.11920
    assert "(1, 1): z = -4 + 1 × 1² + 1 × 1² = -4 + 1 + 1 = -2; p = 1 / (1 + e^(2)) = 0.1192" in text
    # z = -4 + 4 + 1 = 1, p = 0.73106
    assert "(2, 1): z = -4 + 1 × 2² + 1 × 1² = -4 + 4 + 1 = 1; p = 1 / (1 + e^(-1)) = 0.7311" in text
    assert "(0, 2): z = -4 + 1 × 0² + 1 × 2² = -4 + 0 + 4 = 0; p = 1 / (1 + e^(0)) = 0.5 exactly" in text
    assert "x1² + x2² = 4, a circle of radius √4 = 2 around the origin, positives predicted outside it" in text
    # -ln 0.119203 = 2.126928
    assert "log-loss at (1, 1) with y = 1: -ln 0.1192 = 2.1269" in text


def test_logistic_squared_reads_a_written_score():
    # z = 2 - 0.5 x1² - 0.5 x2²: (1, 1) -> 1, p = 0.7311; (-2, 2) -> 2 - 2 - 2 = -2, p = 0.1192;
    # boundary 0.5 x1² + 0.5 x2² = 2, radius 2, positives inside; y = 0 at (-2, 2): -ln(0.8808) = 0.12693
    question = (
        "logistic regression with squared features, score z = 2 - 0.5x1^2 - 0.5x2^2. what is p at (1, 1) and "
        "(-2, 2)? where is the decision boundary? log-loss at (-2, 2) if y = 0"
    )
    text = text_of(logistic_squared(normalize(question)))
    assert "(-2, 2): z = 2 + (-0.5) × (-2)² + (-0.5) × 2² = 2 - 2 - 2 = -2; p = 1 / (1 + e^(2)) = 0.1192" in text
    assert "0.5·x1² + 0.5·x2² = 2, a circle of radius √4 = 2 around the origin, positives predicted inside it" in text
    assert "log-loss at (-2, 2) with y = 0: -ln(1 - 0.1192) = -ln 0.8808 = 0.1269" in text


def test_logistic_squared_reads_two_weights_as_an_ellipse():
    # z = -8 + 2 x1² + 0.5 x2²: (1, 2) -> -8 + 2 + 2 = -4, p = 1/(1+e^4) = 0.017986
    # boundary 2 x1² + 0.5 x2² = 8: half-axes sqrt(8/2) = 2 along x1 and sqrt(8/0.5) = 4 along x2
    question = (
        "Logistic regression on x1^2 and x2^2 has intercept -8 and weights 2 and 0.5 on the squared features. "
        "probability at (1, 2)? decision boundary?"
    )
    text = text_of(logistic_squared(normalize(question)))
    assert "(1, 2): z = -8 + 2 × 1² + 0.5 × 2² = -8 + 2 + 2 = -4; p = 1 / (1 + e^(4)) = 0.01799" in text
    assert "half-axes √(8 / 2) = 2 along x1 and √(8 / 0.5) = 4 along x2" in text


@pytest.mark.parametrize(
    "question",
    [
        # no bias given
        "logistic regression with squared features x1², x2² and weight 1 on each squared feature: p at (1, 1)?",
        # a product feature too
        "logistic regression on x1², x2² and x1*x2 with b = -4 and weight 1 on each squared feature: p at (1, 1)?",
        # plain logistic regression, no squares
        "logistic regression with w = [1, 2], b = -4 and x = (1, 1): what is p?",
        # no point to score
        "logistic regression with squared features, b = -4 and weight 1 on each squared feature. why a circle?",
    ],
)
def test_logistic_squared_computes_nothing_when_unsure(question):
    assert logistic_squared(normalize(question)) is None


# --- a chain of conv / pool layers in prose ---------------------------------------------------------------------

CHAIN_QUESTION = (
    "sizing a small detector backbone for 200×200 inputs: Conv 7×7 stride 2 padding 3 -> MaxPool 3×3 stride 2 "
    "padding 1 -> Conv 3×3 stride 2 padding 1 -> MaxPool2d(2). what's the spatial size after each layer? what changes "
    "if the last pool uses ceil_mode=True? and with 9 anchors per feature-map position, how many anchors does each "
    "version give?"
)


def test_conv_chain_prose_answers_the_learners_question():
    worked = conv_chain_prose(normalize(CHAIN_QUESTION))
    text = text_of(worked)
    assert worked.source_id == "c-cnn-shapes" and re.search(worked.cue, cited_document(worked))
    assert "Conv 7x7, stride 2, padding 3: floor((200 + 6 - 7) / 2) + 1 = floor(99.5) + 1 = 100" in text
    assert "MaxPool 3x3, stride 2, padding 1: floor((100 + 2 - 3) / 2) + 1 = floor(49.5) + 1 = 50" in text
    assert "Conv 3x3, stride 2, padding 1: floor((50 + 2 - 3) / 2) + 1 = floor(24.5) + 1 = 25" in text
    assert "(stride 2 and padding 0 by default): floor((25 + 0 - 2) / 2) + 1 = floor(11.5) + 1 = 12" in text
    assert "ceil((25 + 0 - 2) / 2) + 1 = ceil(11.5) + 1 = 13 instead of 12" in text
    # 12 x 12 x 9 = 1,296; 13 x 13 x 9 = 1,521
    assert "anchors: 12 × 12 positions × 9 = 1,296" in text
    assert "anchors with ceil_mode=True: 13 × 13 positions × 9 = 1,521" in text


def test_conv_chain_prose_reads_then_and_pool_calls():
    # 224 -> conv3 s1 p1: 224 -> maxpool 2: 111 + 1 = 112 -> conv5 s2: floor(107/2) + 1 = 54
    # -> avgpool 3 s3: 17 + 1 = 18
    question = (
        "A CNN on 224x224 images: conv 3x3 stride 1 padding 1, then max pool 2x2, then conv 5x5 stride 2 -> "
        "AvgPool2d(3, stride=3). what is the output size after each layer?"
    )
    text = text_of(conv_chain_prose(normalize(question)))
    assert "floor((224 + 2 - 3) / 1) + 1 = 223 + 1 = 224" in text
    assert "floor((112 + 0 - 5) / 2) + 1 = floor(53.5) + 1 = 54" in text
    assert "AvgPool 3x3, stride 3, padding 0 (padding 0 by default): floor((54 + 0 - 3) / 3) + 1 = 17 + 1 = 18" in text


def test_conv_chain_prose_reads_an_input_heading_the_chain():
    # 64 -> floor(63/2)+1 = 32 -> floor(31/2)+1 = 16 -> maxpool 3 s2: floor(13/2)+1 = 7; ceil: 7 + 1 = 8
    # (the last window starts at 14 < 16, so PyTorch keeps it); anchors 7*7*5 = 245, 8*8*5 = 320
    question = (
        "input 64×64 -> Conv 3×3 stride 2 padding 1 -> Conv 3×3 stride 2 padding 1 -> MaxPool 3×3 stride 2. what size "
        "is the feature map? with ceil_mode=True on the last pool? 5 anchors per position, how many anchors?"
    )
    text = text_of(conv_chain_prose(normalize(question)))
    assert "floor((16 + 0 - 3) / 2) + 1 = floor(6.5) + 1 = 7" in text
    assert "ceil(6.5) + 1 = 8 instead of 7" in text
    assert "anchors: 7 × 7 positions × 5 = 245" in text and "8 × 8 positions × 5 = 320" in text


@pytest.mark.parametrize(
    "question",
    [
        # no input size
        "Conv 7×7 stride 2 padding 3 -> MaxPool 3×3 stride 2 padding 1 -> Conv 3×3 stride 2 padding 1. sizes?",
        # a layer that is not read
        "200x200 input: Conv 7x7 stride 2 padding 3 -> MaxPool 3x3 stride 2 padding 1 -> something else. sizes?",
        # dilation: another formula
        "for 200x200 inputs: Conv 7x7 stride 2 dilation 2 -> MaxPool 3x3 stride 2. sizes?",
        # one layer only, no chain
        "what is the output size of a 3x3 conv with stride 2 on a 64x64 input?",
    ],
)
def test_conv_chain_prose_computes_nothing_when_unsure(question):
    assert conv_chain_prose(normalize(question)) is None

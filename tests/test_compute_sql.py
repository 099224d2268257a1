"""SQL window functions on the learner's rows: every figure below worked by hand."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.parse import normalize
from app.answering.compute.sql import window_functions
from tests.compute_checks import cited_document, text_of


def run(question: str):
    return window_functions(normalize(question))


def test_a_running_sum_with_a_tied_day_and_the_three_ranking_functions():
    worked = run(
        "one user's payments (payment_id, day, amount): (1, Mar 1, 15), (2, Mar 2, 25), (3, Mar 2, 10), "
        "(4, Mar 4, 50). what does SUM(amount) OVER (PARTITION BY user_id ORDER BY day) give, and ordered by day, "
        "payment_id? and for scores 95, 95, 80, 70 ordered descending, ROW_NUMBER, RANK and DENSE_RANK?"
    )
    text = text_of(worked)
    assert "row 1 (Mar 1) 15, row 2 (Mar 2) 50, row 3 (Mar 2) 50, row 4 (Mar 4) 100" in text  # 25 + 10 tie
    assert "row 1 15, row 2 40, row 3 50, row 4 100" in text
    assert "RANK: 1, 1, 3, 4" in text and "DENSE_RANK: 1, 1, 2, 3" in text and "ROW_NUMBER: 1, 2, 3, 4" in text
    assert re.search(worked.cue, cited_document(worked))


def test_an_ascending_order_and_a_frame_that_leaves_the_current_row_out():
    text = text_of(run("RANK vs DENSE_RANK for latencies 30, 10, 20, 10, 20 sorted ascending?"))
    assert "scores ordered ascending: 10, 10, 20, 20, 30" in text
    assert "RANK: 1, 1, 3, 3, 5" in text and "DENSE_RANK: 1, 1, 2, 2, 3" in text
    text = text_of(
        run(
            "rows (1, day 1, 5), (2, day 1, 7), (3, day 2, 4): SUM(x) OVER (ORDER BY day) and with ROWS BETWEEN "
            "UNBOUNDED PRECEDING AND 1 PRECEDING?"
        )
    )
    assert "row 1 (day 1) 12, row 2 (day 1) 12, row 3 (day 2) 16" in text
    assert "row 1 NULL (no earlier row), row 2 5, row 3 12" in text


@pytest.mark.parametrize(
    "question",
    [
        "ROW_NUMBER vs RANK vs DENSE_RANK: what's the difference?",  # no numbers
        "scores 95, 80, 70 ordered descending: ROW_NUMBER, RANK, DENSE_RANK?",  # no tie: all three agree
        "scores 95, 95, 80: what do RANK and DENSE_RANK give?",  # the order's direction is not said
        "rows (1, Mar 2, 5), (2, Mar 1, 7), (3, Mar 2, 4): SUM(x) OVER (ORDER BY day)?",  # Mar 2 split: order unknown
        "rows (1, Mar 1, 5), (2, Mar 2, 7), (3, Mar 3, 4): SUM(x) OVER (ORDER BY day)?",  # no tie to show
        "my scores were 3, 3, 4 out of 5, what's the average?",  # no window function
    ],
)
def test_nothing_is_computed_without_a_tie_an_order_or_a_window_function(question):
    assert run(question) is None


def test_a_rows_frame_over_active_days_only_is_set_against_the_calendar_window():
    text = text_of(
        run(
            "7-day count: SUM(sessions) OVER (PARTITION BY user_id ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT "
            "ROW). rows Mar 1 (3), Mar 2 (1), Mar 5 (2), Mar 9 (4), Mar 10 (1), Mar 20 (2), Mar 21 (5). Mar 21 = 18?"
        )
    )
    assert "the 7 rows from Mar 1 to Mar 21, 3 + 1 + 2 + 4 + 1 + 2 + 5 = 18, spanning 21 calendar days" in text
    assert "the last 7 calendar days up to Mar 21 hold only Mar 20, Mar 21: 2 + 5 = 7" in text
    text = text_of(run("ROWS BETWEEN 2 PRECEDING AND CURRENT ROW over Jan 30 (1), Feb 1 (2), Feb 2 (4), Feb 3 (8)?"))
    assert "1 + 2 + 4 = 7" not in text and "2 + 4 + 8 = 14, spanning 3 calendar days" in text  # Feb 1-3
    assert "hold only Feb 1, Feb 2, Feb 3: 2 + 4 + 8 = 14" in text
    assert run("ROWS BETWEEN 2 PRECEDING AND CURRENT ROW over Mar 3 (1), Mar 1 (2), Mar 2 (4)?") is None  # not in order

"""Four calculators extended for the h33 blind set, called directly on the normalized question as `work` would:
SQL NULL aggregates on a column described in words (`sql_null_aggregates`), the rank of a 2 x 2 matrix and how many
solutions B x = b has (`determinant_2x2`), where 95% of sample averages fall and whether averaging makes single values
normal (`mean_standard_error`), and the metrics of two cases that differ only in TN (`confusion`). Every figure was
worked by hand in the comment beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute import work
from app.answering.compute.models import confusion
from app.answering.compute.parse import normalize
from app.answering.compute.sweep3_a import determinant_2x2
from app.answering.compute.sweep_a import mean_standard_error, sql_null_aggregates
from tests.compute_checks import cited_document, text_of


def _cites(worked) -> None:
    assert re.search(worked.cue, cited_document(worked)), (worked.source_id, worked.cue)


# --- SQL NULL aggregates on a column described in words ----------------------------------------------------------

SQL_QUESTION = (
    "sessions table, 10 rows. purchase_amount is NULL for the 6 sessions with no purchase; the other four are 20, 35, "
    "0 and 45. what do COUNT(*), COUNT(purchase_amount), SUM and AVG(purchase_amount) return? my dashboard labels AVG "
    "as 'revenue per session' - is that right? and how many rows does WHERE purchase_amount < 30 give?"
)


def test_sql_nulls_in_words_gives_the_reference_figures():
    worked = sql_null_aggregates(normalize(SQL_QUESTION))
    text = text_of(worked)
    assert worked.kind == "sql_null_aggregates"
    assert "COUNT(*) = 10 (every row); COUNT(purchase_amount) = 4" in text
    assert "SUM(purchase_amount) = 20 + 35 + 0 + 45 = 100" in text
    assert "AVG(purchase_amount) = SUM(purchase_amount) / COUNT(purchase_amount) = 100 / 4 = 25" in text
    # revenue per session divides by all 10 sessions: 100 / 10 = 10, not AVG's 25
    assert "'per session' divides by every session: SUM(purchase_amount) / COUNT(*) = 100 / 10 = 10" in text
    assert "not a per-session figure" in text
    # < 30 keeps 20 and 0; the 6 NULL rows are UNKNOWN
    assert "WHERE purchase_amount < 30: 2 rows (20, 0); on the 6 NULL rows the comparison is UNKNOWN" in text
    _cites(worked)
    assert [w.kind for w in work(SQL_QUESTION)] == ["sql_null_aggregates"]


def test_sql_nulls_in_words_other_phrasings():
    # 3 NULLs + 10, 20, 30: COUNT(*) 6, COUNT 3, SUM 60, AVG 20, per user 60 / 6 = 10; > 15 keeps 20, 30
    worked = sql_null_aggregates(
        normalize(
            "orders table with 6 rows: discount is NULL for 3 of them and the remaining three are 10, 20 and 30. "
            "what do COUNT(discount) and AVG(discount) give, and is AVG the discount per user? WHERE discount > 15?"
        )
    )
    text = text_of(worked)
    assert "COUNT(*) = 6 (every row); COUNT(discount) = 3" in text
    assert "AVG(discount) = SUM(discount) / COUNT(discount) = 60 / 3 = 20" in text
    assert "SUM(discount) / COUNT(*) = 60 / 6 = 10" in text
    assert "WHERE discount > 15: 2 rows (20, 30)" in text
    # 2 rows are NULL, the other 5: 1, 2, 3, 4, 5: SUM 15, AVG 15 / 5 = 3, COALESCE 15 / 7 = 2.1429
    worked = sql_null_aggregates(
        normalize("score column: 2 rows are NULL, the other 5 are 1, 2, 3, 4 and 5. SUM(score) and AVG(score)?")
    )
    text = text_of(worked)
    assert "COUNT(*) = 7 (every row); COUNT(score) = 5" in text
    assert "AVG(score) = SUM(score) / COUNT(score) = 15 / 5 = 3" in text
    assert "AVG(COALESCE(score, 0)) = 15 / 7 = 2.1429" in text


@pytest.mark.parametrize(
    "question",
    [
        # the row count disagrees with 6 NULLs + 4 values
        "sessions table, 12 rows. amount is NULL for the 6 sessions; the other four are 20, 35, 0 and 45. AVG(amount)?",
        # "the other four" but five values listed
        "amount is NULL for the 6 sessions; the other four are 20, 35, 0, 10 and 45. AVG(amount)?",
        # no NULL count
        "amount has some NULLs; the other values are 20, 35, 0 and 45. what does AVG(amount) return?",
        # no SQL at all
        "the value is NULL for 6 people; the other four are 20, 35, 0 and 45. what is the mean?",
    ],
)
def test_sql_nulls_in_words_computes_nothing_when_unsure(question):
    assert sql_null_aggregates(normalize(question)) is None


# --- rank and the solutions of B x = b ----------------------------------------------------------------------------

SYSTEM_QUESTION = (
    "B = [[2, 4], [1, 2]]. whats det B and rank? i want to solve B x = b for b = (6, 3) and for b = (6, 4) - how many "
    "solutions does each have? np.linalg.solve just errors out"
)


def test_singular_system_gives_the_reference_figures():
    worked = determinant_2x2(normalize(SYSTEM_QUESTION))
    text = text_of(worked)
    assert "det = ad - bc = 2 × 2 - 4 × 1 = 4 - 4 = 0" in text
    assert "rank = 1: one column is a multiple of the other" in text
    # (6, 3) = 3 × (2, 1): 2 x1 + 4 x2 = 6, e.g. (3, 0); (6, 4) is off the line
    assert "b = (6, 3) is a multiple of the column (2, 1)" in text
    assert "infinitely many solutions, every x with 2 × x1 + 4 × x2 = 6, e.g. (3, 0)" in text
    assert "b = (6, 4) is not a multiple of the column (2, 1)" in text and "no solution" in text
    assert "LinAlgError: Singular matrix" in text and "np.linalg.lstsq" in text
    _cites(worked)
    assert [w.kind for w in work(SYSTEM_QUESTION)] == ["determinant_2x2"]


def test_systems_other_phrasings():
    # [[1, 3], [2, 6]]: det 6 - 6 = 0, rank 1; [2, 4] = 2 × (1, 2): infinitely many; [1, 1]: none
    worked = determinant_2x2(
        normalize(
            "A = [[1, 3], [2, 6]], determinant and rank? how many solutions for A x = b with b = [2, 4] or b = [1, 1]?"
        )
    )
    text = text_of(worked)
    assert "rank = 1" in text
    assert "b = (2, 4) is a multiple of the column (1, 2)" in text and "e.g. (2, 0)" in text
    assert "b = (1, 1) is not a multiple of the column (1, 2)" in text
    assert "LinAlgError" not in text  # NumPy not mentioned
    # [[3, 1], [1, 2]]: det 6 - 1 = 5, rank 2; x = ((2 × 5 - 1 × 5) / 5, (3 × 5 - 1 × 5) / 5) = (1, 2)
    text = text_of(determinant_2x2(normalize("det of [[3, 1], [1, 2]] and its rank; solve A x = b for b = (5, 5)")))
    assert "rank = 2: det ≠ 0" in text
    assert "b = (5, 5): det ≠ 0, so exactly one solution, x = A⁻¹ b = (1, 2)" in text
    # the bare determinant question is unchanged: no rank or solution steps
    text = text_of(determinant_2x2(normalize("what is the determinant of [[2, 4], [1, 2]]?")))
    assert "rank" not in text and "solution" not in text


@pytest.mark.parametrize(
    "question",
    [
        # two matrices: which one is meant
        "det and rank of [[2, 4], [1, 2]] and [[1, 0], [0, 1]]? solve A x = b for b = (6, 3)",
        # a 3 x 3 matrix
        "rank and determinant of [[1, 2, 3], [2, 4, 6], [1, 1, 1]]? solve A x = b, b = (1, 2, 3)",
        # no matrix at all
        "how many solutions does a singular system have? what is the rank and det of a singular matrix?",
        # area: another calculator's question
        "det of [[2, 4], [1, 2]]: what area does the unit square get? rank?",
    ],
)
def test_systems_compute_nothing_when_unsure(question):
    assert determinant_2x2(normalize(question)) is None


# --- where 95% of averages fall, and single values stay skewed ----------------------------------------------------

SE_QUESTION = (
    "per-request latency of our API is right-skewed, mean 200 ms, SD 120 ms. every minute we log the average of 36 "
    "requests. whats the standard error of that average, and roughly where do 95% of those minute-averages fall? how "
    "many requests per average would i need to halve the SE? and does averaging make the individual latencies normal?"
)


def test_standard_error_gives_the_reference_figures():
    worked = mean_standard_error(normalize(SE_QUESTION))
    text = text_of(worked)
    assert "σ / √n = 120 / √36 = 120 / 6 = 20" in text
    # 200 ± 1.96 × 20 = 200 ± 39.2
    assert (
        "about 95% of averages of 36 fall within 1.96 standard errors of the mean: 200 ± 1.96 × 20 = 200 ± 39.2 = "
        in text
    )
    assert "[160.8, 239.2]" in text
    assert "half the standard error (10) needs 4 × 36 = 144 values" in text
    assert "Averaging does not change the single values" in worked.note and "skewed" in worked.note
    _cites(worked)
    assert [w.kind for w in work(SE_QUESTION)] == ["mean_standard_error"]


def test_standard_error_other_phrasings():
    # SE = 30 / 10 = 3; 50 ± 5.88 = [44.12, 55.88]
    text = text_of(
        mean_standard_error(
            normalize(
                "order values have mean 50 and standard deviation 30; by the CLT, what is the standard error of the "
                "average of 100 orders and the range of the averages?"
            )
        )
    )
    assert (
        "about 95% of averages of 100 fall within 1.96 standard errors of the mean: 50 ± 1.96 × 3 = 50 ± 5.88" in text
    )
    assert "[44.12, 55.88]" in text
    # a sample's mean: a confidence interval, 12.4 ± 1.96 × 0.5 = [11.42, 13.38]
    text = text_of(
        mean_standard_error(
            normalize("sample of 25 measurements, sample mean 12.4, sd 2.5. standard error and 95% interval?")
        )
    )
    assert (
        "95% interval for the true mean (normal approximation): 12.4 ± 1.96 × 0.5 = 12.4 ± 0.98 = [11.42, 13.38]"
        in text
    )
    assert "Averaging does not change" not in text


@pytest.mark.parametrize(
    "question",
    [
        # no n
        "latency is right-skewed, mean 200 ms, SD 120 ms. what is the standard error, where do 95% of averages fall?",
        # no standard deviation
        "mean 200 ms over the average of 36 requests: standard error and 95% range of the averages?",
        # no standard error asked: a spread of single values
        "latency mean 200 ms, SD 120 ms, 36 requests: where do 95% of single requests fall?",
    ],
)
def test_standard_error_computes_nothing_when_unsure(question):
    assert mean_standard_error(normalize(question)) is None


# --- two cases differing only in TN -------------------------------------------------------------------------------

METRICS_QUESTION = (
    "week of data: TP 45, FP 15, FN 30, TN 410. then a month with the same TP/FP/FN but TN = 4,910. accuracy, "
    "precision, recall, F1 and FPR for both - which numbers moved and why?"
)


def test_two_tn_cases_give_the_reference_figures():
    worked = confusion(normalize(METRICS_QUESTION))
    text = text_of(worked)
    assert "Precision = TP / (TP + FP) = 45 / (45 + 15) = 0.75 in both" in text
    assert "Recall = TP / (TP + FN) = 45 / (45 + 30) = 0.6 in both" in text
    assert "F1 = 2TP / (2TP + FP + FN) = 90 / (90 + 15 + 30) = 0.6667 in both" in text
    # 455 / 500 = 0.91, 15 / 425 = 0.035294; 4955 / 5000 = 0.991, 15 / 4925 = 0.0030457
    assert "accuracy = (TP + TN) / total = (45 + 410) / 500 = 0.91" in text
    assert "false-positive rate = FP / (FP + TN) = 15 / 425 = 0.03529" in text
    assert "(45 + 4,910) / 5,000 = 0.991" in text and "15 / 4,925 = 0.003046" in text
    assert "Only accuracy and the false-positive rate moved" in worked.note
    _cites(worked)
    assert [w.kind for w in work(METRICS_QUESTION)] == ["confusion"]


def test_two_tn_cases_other_phrasings():
    # TP 80, FP 20, FN 20; TN 900 then 90: P = R = 0.8, F1 = 160 / 200 = 0.8
    # 980 / 1020 = 0.960784, 20 / 920 = 0.021739; 170 / 210 = 0.809524, 20 / 110 = 0.181818
    worked = confusion(
        normalize("TP = 80, FP = 20, FN = 20, TN = 900. another test set has the same TP, FP and FN but TN = 90.")
    )
    text = text_of(worked)
    assert "F1 = 2TP / (2TP + FP + FN) = 160 / (160 + 20 + 20) = 0.8 in both" in text
    assert "(80 + 900) / 1,020 = 0.9608" in text and "20 / 920 = 0.02174" in text
    assert "(80 + 90) / 210 = 0.8095" in text and "20 / 110 = 0.1818" in text
    assert "Fewer true negatives make them look worse" in worked.note
    # words: 10 true positives, 5 false positives, 5 false negatives, true negatives 85 then 985
    # F1 = 20 / 30 = 0.6667; 95 / 105 = 0.9048, 5 / 90 = 0.05556; 995 / 1005 = 0.99, 5 / 990 = 0.00505
    text = text_of(
        confusion(
            normalize(
                "true positives 10, false positives 5, false negatives 5, true negatives 85; later the same counts "
                "but true negatives 985. how do accuracy and FPR change?"
            )
        )
    )
    assert "(10 + 85) / 105 = 0.9048" in text and "5 / 90 = 0.05556" in text
    assert "(10 + 985) / 1,005 = 0.99" in text and "5 / 990 = 0.005051" in text


@pytest.mark.parametrize(
    "question",
    [
        # two TN values without saying the rest stayed the same
        "TP 45, FP 15, FN 30, TN 410. a month later TP 50, FP 20, FN 25, TN 4,910. accuracy?",
        # FN changes too: two FN values
        "TP 45, FP 15, FN 30, TN 410; then the same TP and FP but FN 40 and TN 4,910. accuracy and F1?",
        # one TN only: the ordinary single case, not the comparison
        "TP 45, FP 15, FN 30 and the same TP later, TN 410. which metrics?",
    ],
)
def test_two_tn_cases_compute_nothing_when_unsure(question):
    worked = confusion(normalize(question))
    assert worked is None or "in both" not in text_of(worked)

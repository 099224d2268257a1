"""Session h30, systems calculators not yet registered, called directly on the normalized question as `work` would:
a skewed key in a Spark shuffle and salting it (`skewed_key`), and a spot training job interrupted once, without
checkpoints and with a checkpoint every c hours, against on demand (`spot_interruption`). Every figure was worked
by hand in the comment beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.parse import normalize
from app.answering.compute.systems import skewed_key, spot_interruption
from tests.compute_checks import cited_document, text_of

# --- a skewed key in a Spark shuffle --------------------------------------------------------------------------

SKEW_QUESTION = (
    "spark groupBy('account_id').agg(...) over 600M rows with 400 shuffle partitions. turns out one internal test "
    "account has 90M of those rows. roughly how many rows does a typical task get vs the task that gets that account? "
    "if i salt that key into 30 sub-keys how big does the biggest task get? and wouldn't just adding executors be "
    "easier?"
)


def test_skewed_key_gives_the_typical_task_the_hot_task_and_the_salted_one():
    worked = skewed_key(normalize(SKEW_QUESTION))
    text = text_of(worked)
    assert worked.kind == "skewed_key" and worked.source_id == "s1-large-datasets"
    assert re.search(worked.cue, cited_document(worked))
    # 600M / 400 = 1.5M; (600M - 90M) / 400 = 1.275M
    assert "600 million rows / 400 partitions = 1.5 million rows per task" in text
    assert "(600 million - 90 million) / 400 = 510 million / 400 ≈ 1.275 million rows per typical task" in text
    # 90M + 1.275M = 91.275M, 91.275 / 1.5 = 60.85 times the average
    assert "90 million + 1.275 million ≈ 91.275 million rows, 60.9 times the average" in text
    # 90M / 30 = 3M; 3M + 1.275M = 4.275M; 91.275 / 4.275 = 21.35 times smaller
    assert "90 million / 30 = 3 million rows per sub-key" in text
    assert "3 million + 1.275 million ≈ 4.275 million rows (21.4 times smaller)" in text
    assert "combines the 30 partial results" in text
    assert "More executors cannot speed up a skewed stage" in worked.note


@pytest.mark.parametrize(
    ("question", "figures"),
    [
        (
            # 1,200M / 200 = 6M; (1,200 - 200) / 200 = 5M; 200 + 5 = 205M, 205 / 6 = 34.17;
            # salted: 200 / 50 = 4M, 4 + 5 = 9M, 205 / 9 = 22.78 times smaller
            "Our Spark join shuffles 1.2 billion rows into 200 partitions (spark.sql.shuffle.partitions = 200); a "
            "single bot user holds 200 million rows. How many rows per task, and how big is the straggler? What if I "
            "salt it with 50 salt values?",
            [
                "1,200 million rows / 200 partitions = 6 million rows per task",
                "≈ 5 million rows per typical task",
                "200 million + 5 million ≈ 205 million rows, 34.2 times the average",
                "200 million / 50 = 4 million rows per sub-key",
                "4 million + 5 million ≈ 9 million rows (22.8 times smaller)",
            ],
        ),
        (
            # 20% of 80M = 16M; 80M / 100 = 800,000; 64M / 100 = 640,000; 16M + 0.64M = 16.64M, 16.64 / 0.8 = 20.8
            "groupBy on customer_id in Spark: 80 million rows, 100 partitions, and one customer has 20% of the rows. "
            "Typical task vs the skewed task?",
            [
                "80 million rows / 100 partitions = 800,000 rows per task",
                "(80 million - 16 million) / 100 = 64 million / 100 ≈ 640,000 rows per typical task",
                "16 million + 640,000 ≈ 16.64 million rows, 20.8 times the average",
            ],
        ),
    ],
)
def test_skewed_key_reads_other_phrasings(question, figures):
    worked = skewed_key(normalize(question))
    text = text_of(worked)
    for figure in figures:
        assert figure in text
    assert re.search(worked.cue, cited_document(worked))


@pytest.mark.parametrize(
    "question",
    [
        # no partition count
        "spark skew: 600M rows, and one account has 90M rows. how bad is the hot task?",
        # two partition counts
        "spark groupBy over 600M rows with 200 or 400 partitions; one account has 90M rows. skew per task?",
        # no hot key: rows per task only, not this method
        "a spark shuffle of 600M rows into 400 partitions: how many rows per task?",
        # tasks and waves from data size (spark_waves), no rows
        "100 GB with 128 MB partitions on 10 executors x 4 cores, each task ~2 min: how many tasks and waves?",
        # the key's rows are not fewer than the total
        "spark groupBy over 90M rows with 400 partitions; one account has 600M rows. skewed task?",
        "",
    ],
)
def test_skewed_key_computes_nothing_when_unsure(question):
    assert skewed_key(normalize(question)) is None


# --- a spot training job interrupted once -------------------------------------------------------------------

SPOT_QUESTION = (
    "cost check with made-up prices: training takes 8 h on 4 GPU instances, on-demand $3.00/h each, spot is 70% off. "
    "say the spot job gets interrupted once, 6.5 h in. what does it cost if my script saves no checkpoints vs if it "
    "checkpoints every hour? and vs just running on-demand?"
)


def test_spot_interruption_compares_no_checkpoints_hourly_checkpoints_and_on_demand():
    worked = spot_interruption(normalize(SPOT_QUESTION))
    text = text_of(worked)
    assert worked.kind == "spot_interruption" and worked.source_id == "s4-cloud-ml"
    assert re.search(worked.cue, cited_document(worked))
    # 4 x 8 x 3 = 96; spot 3 x 0.3 = 0.90, 4 x 8 x 0.9 = 28.80
    assert "on demand: 4 × 8 h × $3.00 = $96.00" in text
    assert "$3.00 × 0.3 = $0.90 per instance-hour; without an interruption 4 × 8 × $0.90 = $28.80" in text
    # no checkpoints: 4 x (6.5 + 8) x 0.9 = 52.20
    assert "4 × (6.5 + 8 = 14.5 h) × $0.90 = $52.20" in text
    # hourly: last checkpoint at 6 h, 0.5 h lost, 4 x 8.5 x 0.9 = 30.60 = 31.9% of 96
    assert "is at hour 6, so only 6.5 - 6 = 0.5 h is lost: 4 × (8 + 0.5 = 8.5 h) × $0.90 = $30.60" in text
    assert "31.9% of the on-demand $96.00" in text
    assert "checkpoint_s3_uri" in worked.note and "load the latest checkpoint itself" in worked.note


@pytest.mark.parametrize(
    ("question", "figures"),
    [
        (
            # on demand 2 x 10 x 2.5 = 50; spot 1.00; none: 2 x 17 x 1 = 34; every 3 h: at 6, lose 1, 2 x 11 = 22 (44%)
            "Spot instances are 60% off the $2.50/hour on-demand price. My job runs 10 hours on 2 instances; if it is "
            "preempted at hour 7, what does it cost without checkpoints vs with a checkpoint every 3 hours?",
            [
                "on demand: 2 × 10 h × $2.50 = $50.00",
                "2 × (7 + 10 = 17 h) × $1.00 = $34.00",
                "is at hour 6, so only 7 - 6 = 1 h is lost: 2 × (10 + 1 = 11 h) × $1.00 = $22.00, 44% of",
            ],
        ),
        (
            # on demand 3 x 12 x 4 = 144; spot 1.00; none: 3 x 21.5 = 64.50;
            # every 0.75 h: floor(9.5 / 0.75) = 12 -> 9 h, lose 0.5, 3 x 12.5 = 37.50 (26.0%)
            "3 nodes on spot (on-demand $4/h each, spot 75% off), a 12-hour training job, interrupted after 9.5 hours. "
            "Cost with no checkpoints vs checkpointing every 45 minutes?",
            [
                "on demand: 3 × 12 h × $4.00 = $144.00",
                "3 × (9.5 + 12 = 21.5 h) × $1.00 = $64.50",
                "a checkpoint every 0.75 h: the last one by hour 9.5 is at hour 9, so only 9.5 - 9 = 0.5 h is lost: "
                "3 × (12 + 0.5 = 12.5 h) × $1.00 = $37.50",
            ],
        ),
        (
            # on demand 2 x 6 x 1 = 12; spot 0.30; none: 2 x 11 x 0.3 = 6.60
            "spot is 70% off: a 6 h run on 2 instances at $1/h on-demand, interrupted once at hour 5. My script saves "
            "no checkpoints. What does it cost?",
            ["on demand: 2 × 6 h × $1.00 = $12.00", "2 × (5 + 6 = 11 h) × $0.30 = $6.60"],
        ),
    ],
)
def test_spot_interruption_reads_other_phrasings(question, figures):
    worked = spot_interruption(normalize(question))
    text = text_of(worked)
    for figure in figures:
        assert figure in text
    assert re.search(worked.cue, cited_document(worked))


@pytest.mark.parametrize(
    "question",
    [
        # no interruption time (cloud_cost's case)
        "training takes 8 h on 4 instances, $3.00/h on-demand, spot is 70% off, and it checkpoints every hour. cost?",
        # interrupted twice
        "8 h on 4 instances at $3.00/h, spot 70% off, interrupted twice, first at hour 6.5. checkpoints every hour?",
        # checkpoints at an interval not in hours
        "8 h on 4 instances at $3.00/h, spot 70% off, interrupted 6.5 h in; it checkpoints every epoch. cost?",
        # no spot discount given
        "8 h on 4 instances at $3.00/h on spot, interrupted 6.5 h in, no checkpoints. cost?",
        # interrupted after the run would have finished
        "8 h on 4 instances at $3.00/h, spot 70% off, interrupted at hour 9, no checkpoints. cost?",
        # no checkpoint words at all: whether it resumes is not said
        "8 h on 4 instances at $3.00/h, spot 70% off, interrupted 6.5 h in. cost?",
    ],
)
def test_spot_interruption_computes_nothing_when_unsure(question):
    assert spot_interruption(normalize(question)) is None

"""The cron calculator (`cron_schedule`, not yet registered in `app.answering.compute.CALCULATORS`), called
directly on the normalized question as `work` would. Every reading below was worked by hand from the
standard cron fields (minute 0-59, hour 0-23, day of month 1-31, month 1-12, day of week 0-7 with 0 and 7
both Sunday) in the comment beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.cron import cron_schedule
from app.answering.compute.parse import normalize
from tests.compute_checks import cited_document, text_of

LEARNER = "how do I read an Airflow cron schedule like `30 4 * * 1-5`? and what timezone does @daily use?"


def test_learner_question_reads_each_field_then_the_sentence_and_the_daily_preset():
    worked = cron_schedule(normalize(LEARNER))
    text = text_of(worked)
    assert worked.kind == "cron_schedule"
    # 30 -> minute 30; 4 -> hour 4; * * -> every day of every month; 1-5 -> Monday (1) to Friday (5)
    assert "minute `30`: minute 30" in text
    assert "hour `4`: hour 4" in text
    assert "day of month `*`: every day of the month" in text
    assert "month `*`: every month" in text
    assert "day of week `1-5`: Monday to Friday" in text
    assert "in one sentence: at 04:30, Monday to Friday" in text
    # the reading: @daily means midnight, in the DAG's timezone (UTC unless set otherwise)
    assert "@daily = `0 0 * * *`: midnight (00:00) every day" in text
    assert "DAG's timezone, which is UTC unless set otherwise" in text
    assert "EITHER" not in text  # day of month is *, so no OR rule to state


def test_cites_the_cron_fields_definition():
    worked = cron_schedule(normalize(LEARNER))
    assert worked is not None and worked.source_id == "s4-pipeline-automation"
    assert re.search(worked.cue, cited_document(worked))
    assert "**Cron fields**" in cited_document(worked)[re.search(worked.cue, cited_document(worked)).start() :][:20]


def test_every_six_hours_in_double_quotes():
    # */6 over hours 0-23 -> 0, 6, 12, 18; minute 0 -> 00:00, 06:00, 12:00, 18:00 every day
    text = text_of(cron_schedule(normalize('my DAG has schedule "0 */6 * * *" - when does it run?')))
    assert "hour `*/6`: every 6 hours (hours 0, 6, 12 and 18)" in text
    assert "in one sentence: at 00:00, 06:00, 12:00 and 18:00, every day" in text


def test_first_of_the_month_written_plainly():
    # 15 2 1 * * -> minute 15 of hour 2 on day 1 of every month: 02:15 on the 1st
    text = text_of(cron_schedule(normalize("what does the cron line 15 2 1 * * do")))
    assert "day of month `1`: day 1" in text
    assert "in one sentence: at 02:15, on day 1 of the month" in text
    assert "timezone" not in text  # no Airflow in the question: nothing said about its timezone


def test_day_names_and_a_month_range():
    # 0 9 * JAN-MAR MON-FRI -> 09:00, Monday to Friday, in January to March
    text = text_of(cron_schedule(normalize("crontab entry `0 9 * JAN-MAR MON-FRI`, explain please")))
    assert "month `JAN-MAR`: January to March" in text
    assert "day of week `MON-FRI`: Monday to Friday" in text
    assert "in one sentence: at 09:00, Monday to Friday, in January to March" in text


def test_every_fifteen_minutes_and_sunday_as_seven():
    # */15 -> minutes 0, 15, 30, 45 of every hour; 60 / 15 = 4 a hour, so every 15 minutes
    text = text_of(cron_schedule(normalize("Airflow schedule `*/15 * * * *`")))
    assert "minute `*/15`: every 15 minutes (minutes 0, 15, 30 and 45)" in text
    assert "in one sentence: every 15 minutes, every day" in text
    # 5-7 -> Friday, Saturday, Sunday (7 = Sunday); 9-17/4 -> hours 9, 13, 17; 3 times a day
    text = text_of(cron_schedule(normalize("cron: 0 9-17/4 * * 5-7")))
    assert "hour `9-17/4`: every 4 hours from 9 to 17 (hours 9, 13 and 17)" in text
    assert "day of week `5-7`: Friday to Sunday (0 and 7 are both Sunday)" in text
    assert "in one sentence: at 09:00, 13:00 and 17:00, Friday to Sunday" in text


def test_day_of_month_and_day_of_week_both_restricted_is_or():
    # 0 0 1,15 * 1 -> midnight on the 1st, the 15th, and every Monday (either matches)
    text = text_of(cron_schedule(normalize("my cron job is `0 0 1,15 * 1`, does it run only on Mondays the 1st?")))
    assert "day of month `1,15`: days 1 and 15" in text
    assert "EITHER of them (OR)" in text
    assert "in one sentence: at 00:00, on days 1 and 15 of the month or every Monday (either one is enough)" in text


@pytest.mark.parametrize(
    "question",
    [
        "I upgraded the cron package to version 3 1 2 4 and now my DAG fails",  # a version, four numbers
        "Airflow schedule `0 30 4 * * 1-5`, is that right?",  # 6 fields (seconds first)
        "Quartz cron 0 0 12 * * ? fires at noon, what is the Airflow one?",  # 6-field Quartz
        "my pipeline job scores were 3 5 7 9 1 over five runs",  # five numbers, no cron
        "the job ran on 12 05 2024 14 30 and failed",  # a date and time
        "my scheduled job computes 2 * 3 * 4",  # arithmetic
        "cron `60 4 * * *` never runs",  # minute 60 is out of range
        "cron `0 4 * 13 *` ?",  # month 13
        "what is the difference between `0 2 * * *` and `30 4 * * 1-5` in cron?",  # two expressions
        "what does @daily mean in Airflow?",  # a preset alone, no expression
        "cron `0 0 30 2 *`",  # 30 February never comes
    ],
)
def test_near_misses_compute_nothing(question):
    assert cron_schedule(normalize(question)) is None

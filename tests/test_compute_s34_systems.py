"""Session 34 (heldout29), systems calculators called directly on the normalized question, as `work` would: the row
counts of a pandas merge from two DataFrame literals (`merge_rows`), an Airflow sensor's checks and timeout
(`sensor_checks`), and a nightly table scored through the API against a batch job (`throughput`, extended). Every
figure was worked by hand in the comment beside it; the merge counts and dtypes are also checked against pandas."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.parse import normalize
from app.answering.compute.systems import merge_rows, sensor_checks, throughput
from tests.compute_checks import cited_document, text_of

# --- pandas merge row counts -------------------------------------------------------------------------------

MERGE_QUESTION = """pandas merge question.
```python
customers = pd.DataFrame({"customer_id": [10, 11, 12, 12], "plan": ["a", "b", "c", "c"]})  # 12 got in twice by mistake
tickets = pd.DataFrame({"customer_id": [10, 10, 12, 12, 12, 15], "priority": [1, 2, 1, 3, 2, 1]})
m = pd.merge(customers, tickets, on="customer_id", how=..., indicator=True)
```
How many rows do how='inner', 'left' and 'outer' give? What does the _merge column show, what happens if I add \
validate='one_to_many', and what dtype does priority have after the left merge?"""


def test_merge_rows_counts_the_fan_out_of_a_duplicated_key():
    worked = merge_rows(normalize(MERGE_QUESTION))
    text = text_of(worked)
    assert worked.kind == "merge_rows" and worked.source_id == "c-pandas-combining"
    assert re.search(worked.cue, cited_document(worked))
    # customer 10: 1 x 2 = 2 rows; customer 12: 2 x 3 = 6 rows; inner 8
    assert "key 10: 1 × 2 = 2; key 12: 2 × 3 = 6; 2 + 6 = 8 rows" in text
    # left adds customer 11 (9), outer adds ticket 15 too (10); right is not asked
    assert (
        "left: 8 matched + 1 row of customers (key 11) without a match, NaN in the columns of tickets = 9 rows" in text
    )
    assert "outer: 8 matched + 1 row of customers (key 11) + 1 row of tickets (key 15) = 10 rows" in text
    assert "right:" not in text
    assert (
        "'both' on the 8 matched rows; 'left_only' on 1 row of customers (key 11) in the left and outer merges; "
        "'right_only' on 1 row of tickets (key 15) in the outer merge" in text
    )
    assert "but 12 appears 2 times in customers, so pd.merge raises a MergeError" in text
    assert "priority (int64) becomes float64 after the left and outer merges" in text
    # after drop_duplicates: inner 2 + 3 = 5, left 6, outer 7
    assert "after customers.drop_duplicates() the counts would be 5 (inner), 6 (left), 7 (outer)" in text


@pytest.mark.parametrize(
    "question, expected",
    [
        # the concept note's orders example: inner 1 x 2 + 1 x 1 = 3, left 3 + 1 (customer 3) = 4, outer 4 + 1 = 5;
        # one_to_one fails on customer 1's two orders, one_to_many passes; amount gets NaN for customer 3
        (
            'customers = pd.DataFrame({"customer_id": [1, 2, 3]})\n'
            'orders = pd.DataFrame({"customer_id": [1, 1, 2, 4], "amount": [30, 50, 40, 20]})\n'
            'm = customers.merge(orders, on="customer_id", how="left", indicator=True)\n'
            "How many rows for the inner, left and outer merges? Does validate='one_to_one' pass? "
            "And validate='one_to_many'?",
            [
                "key 1: 1 × 2 = 2; key 2: 1 × 1 = 1; 2 + 1 = 3 rows",
                "= 4 rows",
                "outer: 3 matched + 1 row of customers (key 3) + 1 row of orders (key 4) = 5 rows",
                "but 1 appears 2 times in orders, so pd.merge raises a MergeError",
                "validate='one_to_many': the key is unique in customers, so the check passes",
                "amount (int64) becomes float64 after the left and outer merges: the NaN filled in for key 3",
            ],
        ),
        # keys spelled differently, string ids: 'a' 3 x 1 = 3 inner; right 3 + 2 ('b', 'c') = 5; outer 3 + 2 + 2 = 7;
        # n (events) gets NaN for 'b', 'c' in right and outer; age (users) gets NaN for 'd' in outer
        (
            'events = pd.DataFrame({"user": ["a", "a", "a", "d", "d"], "n": [1, 2, 3, 4, 5]})\n'
            'users = pd.DataFrame({"uid": ["a", "b", "c"], "age": [30, 40, 50]})\n'
            "pd.merge(events, users, left_on='user', right_on='uid', how='right', validate='many_to_one') - "
            "rows and dtypes for how='right' and 'outer'?",
            [
                "key 'a': 3 × 1 = 3; 3 rows",
                "right: 3 matched + 2 rows of users (keys 'b', 'c') without a match, NaN in the columns of events = "
                "5 rows",
                "outer: 3 matched + 2 rows of events (key 'd') + 2 rows of users (keys 'b', 'c') = 7 rows",
                "validate='many_to_one': the key is unique in users, so the check passes",
                "age (int64) becomes float64 after the outer merge",
                "n (int64) becomes float64 after the right and outer merges",
            ],
        ),
        # no how named: all four; a two-column key; inner (1, 1): 2 x 1 = 2; left 2 + 1 = 3; right 2 + 1 = 3;
        # outer 4; many_to_many never raises
        (
            "a = pd.DataFrame({'shop': [1, 1, 2], 'day': [1, 1, 1], 'sales': [5, 6, 7]})\n"
            "b = pd.DataFrame({'shop': [1, 3], 'day': [1, 1], 'temp': [20, 25]})\n"
            "m = pd.merge(a, b, on=['shop', 'day'], validate='many_to_many') how many rows does the merge give?",
            [
                "key (1, 1): 2 × 1 = 2; 2 rows",
                "left: 2 matched + 1 row of a (key (2, 1)) without a match",
                "right: 2 matched + 1 row of b (key (3, 1)) without a match, NaN in the columns of a = 3 rows",
                "= 4 rows",
                "validate='many_to_many' checks nothing: it never raises",
            ],
        ),
    ],
)
def test_merge_rows_reads_other_phrasings(question, expected):
    worked = merge_rows(normalize(question))
    text = text_of(worked)
    for part in expected:
        assert part in text
    assert re.search(worked.cue, cited_document(worked))


@pytest.mark.parametrize(
    "question",
    [
        # no merge call: which frame is left is not said
        'a = pd.DataFrame({"k": [1, 2]})\nb = pd.DataFrame({"k": [1, 1]})\nhow many rows if I merge them?',
        # concat, not merge
        'a = pd.DataFrame({"k": [1, 2]})\nb = pd.DataFrame({"k": [1, 1]})\npd.concat([a, b]) rows? not a merge',
        # the key is not a literal list
        'a = pd.DataFrame({"k": list(range(5))})\nb = pd.DataFrame({"k": [1, 1]})\npd.merge(a, b, on="k") rows?',
        # a missing key: pandas matches NaN with NaN, unlike SQL
        'a = pd.DataFrame({"k": [1, np.nan]})\nb = pd.DataFrame({"k": [1, np.nan]})\npd.merge(a, b, on="k") rows?',
        # int ids against string ids raise in pandas
        'a = pd.DataFrame({"k": [1, 2]})\nb = pd.DataFrame({"k": ["1", "2"]})\npd.merge(a, b, on="k") rows?',
        # no numbers
        "what does validate='one_to_many' do in pd.merge?",
        # the merge names a frame never defined
        'a = pd.DataFrame({"k": [1, 2]})\npd.merge(a, orders, on="k") how many rows?',
    ],
)
def test_merge_rows_computes_nothing_without_two_literal_frames_and_a_call(question):
    assert merge_rows(normalize(question)) is None


def test_merge_rows_agrees_with_pandas_on_random_frames():
    pd = pytest.importorskip("pandas")
    import random

    rng = random.Random(34)
    for _ in range(150):
        ka = [rng.randint(1, 5) for _ in range(rng.randint(1, 6))]
        kb = [rng.randint(1, 5) for _ in range(rng.randint(1, 6))]
        xa, yb = [rng.randint(0, 9) for _ in ka], [rng.randint(0, 9) for _ in kb]
        rule = rng.choice(["one_to_one", "one_to_many", "many_to_one"])
        question = (
            f'a = pd.DataFrame({{"k": {ka}, "x": {xa}}})\nb = pd.DataFrame({{"k": {kb}, "y": {yb}}})\n'
            f'm = pd.merge(a, b, on="k", indicator=True, validate="{rule}")'
        )
        steps = merge_rows(normalize(question)).steps
        a, b = pd.DataFrame({"k": ka, "x": xa}), pd.DataFrame({"k": kb, "y": yb})
        for how in ("inner", "left", "right", "outer"):
            m = pd.merge(a, b, on="k", how=how)
            line = next(s for s in steps if s.startswith(f"{how}:"))
            assert re.search(rf"\b{len(m)} rows$", line), (question, how, line)
            for col in ("x", "y"):
                said = any(s.startswith(f"{col} (int64) becomes float64") and f"{how} " in s for s in steps)
                assert said == (str(m[col].dtype) == "float64"), (question, how, col)
        try:
            pd.merge(a, b, on="k", validate=rule)
            raises = False
        except pd.errors.MergeError:
            raises = True
        assert any("raises a MergeError" in s for s in steps) == raises, question


# --- Airflow sensor checks ---------------------------------------------------------------------------------

SENSOR_QUESTION = (
    "our daily DAG run starts at 01:00 and the first task is S3KeySensor(mode='reschedule', poke_interval=600, "
    "timeout=5*60*60) waiting for a partner file. yesterday the file landed at 03:47. when did the sensor succeed, "
    "and which check was that (counting the 01:00 check as #1)? if the file never shows up, when does it fail and "
    "what happens to the train task after it? and if we had left the default poke mode, how long would a worker "
    "slot have been tied up yesterday?"
)


def test_sensor_checks_finds_the_check_that_sees_the_file():
    worked = sensor_checks(normalize(SENSOR_QUESTION))
    text = text_of(worked)
    assert worked.kind == "sensor_checks" and worked.source_id == "c-airflow-sensors"
    assert re.search(worked.cue, cited_document(worked))
    assert "poke_interval = 600 s = 10 min: the sensor checks at 01:00 (#1), 01:10 (#2), 01:20 (#3)" in text
    # 03:47 is 167 min after 01:00; ceil(167 / 10) = 17 intervals: 03:50, check 1 + 17 = 18
    assert "#1 + ceil(167 / 10) = 1 + 17 = 18, at 01:00 + 17 × 10 min = 03:50" in text
    # timeout 5 x 60 x 60 = 18,000 s = 5 h: fails at 06:00, downstream upstream_failed
    assert "timeout = 5*60*60 = 18,000 s = 5 h after the start: 06:00" in text
    assert "at 01:00 + 5 h = 06:00" in text and "upstream_failed" in text
    assert "a timed-out sensor fails at once" in text
    # poke mode: 01:00 to 03:50 = 2 h 50 min; reschedule: only during the 18 checks
    assert "from 01:00 to 03:50 = 2 h 50 min" in text and "only during the 18 short checks" in text
    assert "the default is 7 days" in worked.note


@pytest.mark.parametrize(
    "question, expected",
    [
        # the concept note's partner-file example: 05:12 is 192 min after 02:00; ceil(192 / 5) = 39: 05:15, the 40th
        # check; poke mode 3 h 15 min; fails at 08:00
        (
            'The DAG starts at 02:00 with S3KeySensor(mode="reschedule", poke_interval=300, timeout=6 * 60 * 60). '
            "The file landed at 05:12. Which check finds it, and when would it fail if the file never comes?",
            ["= 1 + 39 = 40, at 02:00 + 39 × 5 min = 05:15", "= 08:00", "= 3 h 15 min", "during the 40 short checks"],
        ),
        # prose: 23:20 is 80 min after 22:00; ceil(80 / 15) = 6: 23:30, check 7; timeout 2 h: midnight
        (
            "our sensor has a poke_interval of 15 minutes and a timeout of 2 hours; the run begins at 22:00 and the "
            "file arrived at 23:20. when does the sensor succeed?",
            [
                "= 1 + 6 = 7, at 22:00 + 6 × 15 min = 23:30",
                "at 22:00 + 2 h = 00:00 the next day",
                "from 22:00 to 23:30 = 1 h 30 min",
            ],
        ),
        # no timeout: the default 7 days; 04:05 is 5 min after 04:00, ceil(5 / 2) = 3: 04:06, check 4
        (
            "FileSensor(poke_interval=120) in a DAG that starts at 04:00; the file showed up at 04:05. which check "
            "sees it?",
            ["no timeout given: the default is 7 days", "= 1 + 3 = 4, at 04:00 + 3 × 2 min = 04:06", "= 6 min"],
        ),
        # the file comes after the timeout (02:00): already failed; poke mode holds the slot the whole hour
        (
            "the DAG starts at 01:00 and a sensor with poke_interval=600, timeout=3600 waits for a file. it landed "
            "at 02:30. when did the sensor succeed?",
            ["after the timeout at 02:00: the sensor has already failed", "up to 1 h"],
        ),
    ],
)
def test_sensor_checks_reads_other_phrasings(question, expected):
    worked = sensor_checks(normalize(question))
    text = text_of(worked)
    for part in expected:
        assert part in text
    assert re.search(worked.cue, cited_document(worked))


@pytest.mark.parametrize(
    "question",
    [
        # no poke_interval
        "our DAG starts at 01:00 with a sensor waiting for a file, which landed at 03:47. when did the sensor succeed?",
        # a deferrable sensor waits in the triggerer
        "the DAG starts at 01:00; S3KeySensor(deferrable=True, poke_interval=600, timeout=18000); the file landed "
        "at 03:47. which check?",
        # no start time
        "a sensor with poke_interval=600 and timeout=18000 waits for a file that landed at 03:47. which check?",
        # another time of day this does not read
        "the DAG starts at 01:00, sensor poke_interval=600, timeout=18000, file landed at 03:47; training must be "
        "done by 05:00. in time?",
        # a timeout in words not read: not the 7-day default
        "the DAG starts at 01:00 with a sensor, poke_interval=600, that times out after 5 hours. file landed at 03:47?",
        # the file before the start: already there, or the next day?
        "the DAG starts at 05:00 with a sensor, poke_interval=600, timeout=18000; the file landed at 03:47.",
        # no numbers
        "what is the difference between poke and reschedule mode for an Airflow sensor?",
    ],
)
def test_sensor_checks_computes_nothing_when_a_time_is_missing_or_unclear(question):
    assert sensor_checks(normalize(question)) is None


# --- a nightly table through the API against a batch job ----------------------------------------------------

SERVING_QUESTION = (
    "We score all 3.6 million customers every night by calling our own FastAPI /predict once per customer. Each "
    "request takes about 45 ms and we run 6 worker processes, each handling one request at a time. Roughly how long "
    "does the nightly run take, and how many workers would we need to finish in one hour this way? A colleague says "
    "a batch job calling predict on chunks of 100,000 rows (about 1.5 s per chunk) would be way faster - how long "
    "would that take?"
)


def test_throughput_times_a_nightly_table_through_the_api_and_as_a_batch_job():
    worked = throughput(normalize(SERVING_QUESTION))
    text = text_of(worked)
    assert worked.kind == "throughput" and worked.source_id == "s4-model-serving"
    assert re.search(worked.cue, cited_document(worked))
    # 6 / 0.045 = 133.33 requests per second
    assert "6 workers, one request at a time each: 6 / 0.045 s = 133.3333 requests per second" in text
    # 3,600,000 x 0.045 / 6 = 27,000 s = 7.5 h
    assert "3,600,000 × 0.045 s / 6 workers = 27,000 s ≈ 7.5 h" in text
    # 3,600,000 x 0.045 / 3,600 = 45 workers
    assert "to finish in 1 h: 3,600,000 × 0.045 s / 3,600 s = 45 concurrent workers" in text
    # 3,600,000 / 100,000 = 36 chunks x 1.5 s = 54 s; 27,000 / 54 = 500
    assert "3,600,000 / 100,000 = 36 chunks × 1.5 s = 54 s, about 500 times faster" in text
    assert "batch job" in worked.note and "no web server" in worked.note


@pytest.mark.parametrize(
    "question, expected",
    [
        # the reading's pitfall: 5,000,000 x 0.03 / 6 = 25,000 s = 6.94 h
        (
            "We score 5 million rows nightly through our API at 30 ms per request with 6 gunicorn workers. How long "
            "does it take?",
            ["5,000,000 × 0.03 s / 6 workers = 25,000 s ≈ 6.9 h"],
        ),
        # 1,200,000 x 0.08 / 4 = 24,000 s = 6.67 h; 96,000 / 7,200 = 13.33 -> 14 workers; 24 batches x 2 s = 48 s
        (
            "Scoring 1.2 million users every night via the /predict endpoint, 80 ms per request, 4 workers. How many "
            "workers to be done within 2 hours? An offline batch job with batches of 50,000 rows takes 2 s per batch.",
            [
                "1,200,000 × 0.08 s / 4 workers = 24,000 s ≈ 6.7 h",
                "to finish in 2 h: 1,200,000 × 0.08 s / 7,200 s = 13.3333, so 14 concurrent workers",
                "1,200,000 / 50,000 = 24 chunks × 2 s = 48 s, about 500 times faster",
            ],
        ),
        # a loop of POSTs: 2,000,000 x 0.04 / 8 = 10,000 s = 2.78 h
        (
            "We need churn scores for all 2 million customers every night. Plan: a script loops over customers and "
            "POSTs each one to our FastAPI /predict. Each prediction takes about 40 ms and we run 8 workers, each "
            "handling one request at a time. How long will the nightly run take?",
            ["2,000,000 × 0.04 s / 8 workers = 10,000 s ≈ 2.8 h"],
        ),
        # no worker count, only the deadline: 800,000 x 0.1 / 1,800 = 44.4 -> 45 workers
        (
            "We predict for 800k customers nightly, one request per customer at 100 ms each. How many workers "
            "would we need to finish within 30 minutes?",
            ["to finish in 30 min: 800,000 × 0.1 s / 1,800 s = 44.4444, so 45 concurrent workers"],
        ),
    ],
)
def test_throughput_reads_other_table_phrasings(question, expected):
    worked = throughput(normalize(question))
    text = text_of(worked)
    for part in expected:
        assert part in text
    assert re.search(worked.cue, cited_document(worked))


@pytest.mark.parametrize(
    "question",
    [
        # neither a worker count nor a deadline: the time cannot be divided
        "We score 3.6 million customers every night through our API, 45 ms per request. How long does it take?",
        # two latencies: which one is meant is not clear
        "We score 3.6 million customers nightly with 6 workers; a request takes 45 ms on CPU or 12 ms on GPU. How "
        "long?",
        # a chunk time on the API (several rows per request): not a batch job, and the rows are not the requests
        "We score 2 million rows nightly through the API, sending 1,000 rows per request, 1.5 s per chunk, "
        "with 4 workers. How long?",
    ],
)
def test_throughput_computes_no_table_when_a_number_is_missing_or_unclear(question):
    worked = throughput(normalize(question))
    assert worked is None or "rows, one request each" not in text_of(worked)


def test_throughput_without_a_table_keeps_citing_littles_law():
    worked = throughput(normalize("each prediction takes 50 ms; with 4 workers what throughput?"))
    assert worked.cue == r"Little's law" and "4 / 0.05 s = 80 requests per second" in text_of(worked)

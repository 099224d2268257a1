"""Session 33 (heldout33), blind set C, called directly on the normalized question as `work` would: threaded
gunicorn workers with their model memory and the GIL (`throughput`, extended), a DAG's night when a task fails and
is retried (`dag`, extended), and lettered convolution cases (`conv_parts`, new, not yet registered). Every figure
was worked by hand in the comment beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.h33_c import conv_parts
from app.answering.compute.parse import normalize
from app.answering.compute.systems import dag, throughput
from tests.compute_checks import cited_document, text_of


def _works(calculator, question: str, kind: str, expected: list[str]) -> str:
    worked = calculator(normalize(question))
    text = text_of(worked)
    assert worked.kind == kind
    assert re.search(worked.cue, cited_document(worked))
    for part in expected:
        assert part in text, (part, text)
    return text


# --- throughput with threads, the GIL and model memory -------------------------------------------------------

SERVING_QUESTION = (
    "gunicorn with 4 worker processes x 3 threads each, model file 800 MB, one prediction ~40 ms of CPU. how much "
    "memory do the model copies take? what throughput can i really expect, and how many processes for a 250 req/s "
    "peak?"
)


def test_throughput_gives_threads_the_gil_and_the_model_memory():
    # 12 slots / 0.04 = 300; GIL: 4 / 0.04 = 100; 250 x 0.04 = 10 processes; 4 x 800 = 3,200 MB (not 12 x 800 =
    # 9,600); 10 x 800 = 8,000 MB
    text = _works(
        throughput,
        SERVING_QUESTION,
        "throughput",
        [
            "4 worker processes × 3 threads = 12 requests at once: 12 / 0.04 s = 300 requests per second",
            "as prediction is CPU-bound, the GIL",
            "4 / 0.04 s = 100 requests per second",
            "250 × 0.04 = 10, so about 10 workers (worker processes",
            "4 processes × 800 MB = 3,200 MB (3.2 GB)",
            "not 12 × 800 MB = 9,600 MB (9.6 GB)",
            "10 × 800 MB = 8,000 MB (8 GB)",
        ],
    )
    assert "global interpreter lock" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 2 x 4 = 8 slots / 0.05 = 160; GIL 2 / 0.05 = 40; memory 2 x 1.5 = 3 GB, not 8 x 1.5 = 12 GB
        (
            "uvicorn with 2 worker processes with 4 threads each, model 1.5 GB, a prediction takes 50 ms on CPU. "
            "RAM for the models and throughput?",
            [
                "8 requests at once: 8 / 0.05 s = 160 requests per second",
                "2 / 0.05 s = 40 requests per second",
                "2 processes × 1.5 GB = 3 GB",
                "not 8 × 1.5 GB = 12 GB",
            ],
        ),
        # 3 x 2 = 6 / 0.2 = 30; GIL 3 / 0.2 = 15; peak 30 x 0.2 = 6; 3 x 600 = 1,800 MB; 6 x 600 = 3,600 MB
        (
            "3 processes x 2 threads, 200 ms per prediction, model weights 600 MB; how many for a 30 req/s peak, and "
            "how much memory?",
            [
                "6 / 0.2 s = 30 requests per second",
                "if prediction is CPU-bound, the GIL",
                "3 / 0.2 s = 15 requests per second",
                "30 × 0.2 = 6, so about 6 workers",
                "3 processes × 600 MB = 1,800 MB (1.8 GB)",
                "6 × 600 MB = 3,600 MB (3.6 GB)",
            ],
        ),
    ],
)
def test_throughput_reads_threads_in_prose(question, expected):
    _works(throughput, question, "throughput", expected)


@pytest.mark.parametrize(
    "question",
    [
        # no latency: nothing to divide by
        "gunicorn with 4 worker processes x 3 threads each, model file 800 MB. how much memory do the models take?",
        # two thread counts
        "4 worker processes with 3 threads each, or 2 threads per worker? 40 ms per prediction, throughput?",
        # no numbers
        "what throughput can gunicorn workers with threads really reach for a CPU-bound model?",
    ],
)
def test_throughput_computes_nothing_without_its_numbers(question):
    assert throughput(normalize(question)) is None


def test_throughput_without_threads_adds_no_gil_step():
    # 4 / 0.04 = 100, one request per worker: no threads, so no GIL line and no thread memory line
    worked = throughput(normalize("gunicorn with 4 workers, 40 ms per prediction, model 800 MB: throughput?"))
    text = text_of(worked)
    assert "4 / 0.04 s = 100 requests per second" in text
    assert "GIL" not in text and "threads share" not in text


# --- a DAG's night with a failing, retried task ---------------------------------------------------------------

DAG_QUESTION = (
    "nightly DAG: extract (10 min) -> f_a (15 min) and f_b (25 min) in parallel -> train (30 min). train has "
    "retries=2 and retry_delay=10 min. normal wall-clock time? and if train fails twice at the very end of its 30 min "
    "and then succeeds? how many attempts max?"
)


def test_dag_works_the_failing_night_and_idempotency():
    # 10 + 25 + 30 = 65 (80 in sequence); 1 + 2 = 3 attempts; 2 x (30 + 10) + 30 = 110; 10 + 25 + 110 = 145
    text = _works(
        dag,
        DAG_QUESTION,
        "dag",
        [
            "10 + 15 + 25 + 30 = 80 min",
            "10 + max(15, 25) + 30 = 65 min",
            "= 3 attempts at most",
            "train: 2 failed attempts × (30 + 10 retry delay) + 30 = 110 min",
            "10 + max(15, 25) + 110 = 145 min",
        ],
    )
    assert "idempotent" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 5 + 20 + 40 = 65; fit: 1 x (10 + 5) + 40 = 55; 5 + 20 + 55 = 80
        (
            "DAG: load (5 min) -> a (20 min) and b (12 min) in parallel -> fit (40 min). fit has retries=3 and "
            "retry_delay=5 min. wall-clock time? and if fit fails once after 10 min and then succeeds?",
            ["5 + max(20, 12) + 40 = 65 min", "1 failed attempts × (10 + 5 retry delay) + 40 = 55 min", "= 80 min"],
        ),
        # 2 + 3 + 1 = 6; score: 2 x (1 + 1) + 1 = 5; 2 + 3 + 5 = 10
        (
            "nightly DAG: prep (2 h) -> x (1 h) and y (3 h) in parallel -> score (1 h). score has 2 retries, "
            "retry_delay=1 h. critical path? if score crashes twice at the end of each attempt and then succeeds?",
            [
                "2 + max(1, 3) + 1 = 6 h",
                "2 failed attempts × (1 + 1 retry delay) + 1 = 5 h",
                "2 + max(1, 3) + 5 = 10 h",
            ],
        ),
    ],
)
def test_dag_reads_other_failure_phrasings(question, expected):
    _works(dag, question, "dag", expected)


@pytest.mark.parametrize(
    "question",
    [
        # retries=1 cannot give a success after two failures
        "DAG: extract (10 min) -> f_a (15 min) and f_b (25 min) in parallel -> train (30 min). train has retries=1 and "
        "retry_delay=10 min. wall-clock? if train fails twice at the end of its 30 min and then succeeds?",
        # the failing attempt's length does not match the task's duration
        "DAG: extract (10 min) -> f_a (15 min) and f_b (25 min) in parallel -> train (30 min). train has retries=2 and "
        "retry_delay=10 min. wall-clock? if train fails twice at the end of its 20 min and then succeeds?",
        # no success stated
        "DAG: extract (10 min) -> f_a (15 min) and f_b (25 min) in parallel -> train (30 min). train has retries=2 and "
        "retry_delay=10 min. wall-clock? what if train fails twice after 5 min?",
    ],
)
def test_dag_shows_no_failing_night_when_unsure(question):
    worked = dag(normalize(question))
    assert worked is not None  # the normal critical path still stands
    assert "failed attempts" not in text_of(worked)


# --- lettered convolution cases ----------------------------------------------------------------------------

CONV_QUESTION = (
    "conv output sizes: input 64x64. (a) 5x5 conv, stride 1 - what padding keeps it 64? (b) 3x3 conv, stride 2, "
    "padding 1 on 64, and on 65? (c) 4x4, stride 2, padding 0 on 64?"
)


def test_conv_parts_works_each_lettered_case():
    # (a) 64 + 2p - 5 + 1 = 64 -> 2p = 4, p = 2; (b) floor(63 / 2) + 1 = 32, floor(64 / 2) + 1 = 33;
    # (c) floor(60 / 2) + 1 = 31
    text = _works(
        conv_parts,
        CONV_QUESTION,
        "conv_parts",
        [
            "(a) k = 5, s = 1: (64 + 2p - 5) / 1 + 1 = 64 needs 2p = 4, so padding p = 2",
            "(b) k = 3, s = 2, p = 1 on 64: floor((64 + 2 × 1 - 3) / 2) + 1 = floor(31.5) + 1 = 32",
            "on 65: floor((65 + 2 × 1 - 3) / 2) + 1 = floor(32) + 1 = 33",
            "(c) k = 4, s = 2, p = 0 on 64: floor((64 + 2 × 0 - 4) / 2) + 1 = floor(30) + 1 = 31",
        ],
    )
    assert "rounded down" in text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # (a) (32 + 2 - 3) / 1 + 1 = 32; (b) floor(31 / 2) + 1 = 16; (c) floor(31 / 2) + 1 = 16
        (
            "Conv layer output size on a 32x32 input: a) 3x3 kernel, stride 1, padding 1; b) 7x7 conv with stride 2 "
            "and padding 3; c) 2x2 conv, stride 2, padding 0 on 33?",
            [
                "(a) k = 3, s = 1, p = 1 on 32: floor((32 + 2 × 1 - 3) / 1) + 1 = floor(31) + 1 = 32",
                "floor(15.5) + 1 = 16",
                "(c) k = 2, s = 2, p = 0 on 33",
            ],
        ),
        # (1) 28 + 2p - 7 + 1 = 28 -> 2p = 6, p = 3; (2) floor(99 / 3) + 1 = 34
        (
            "conv sizes: (1) 7x7 conv, stride 1, what padding keeps it 28 on 28? (2) 5x5 conv, stride 3, padding 2 on "
            "100?",
            ["(1) k = 7, s = 1: (28 + 2p - 7) / 1 + 1 = 28 needs 2p = 6, so padding p = 3", "floor(33) + 1 = 34"],
        ),
    ],
)
def test_conv_parts_reads_other_phrasings(question, expected):
    _works(conv_parts, question, "conv_parts", expected)


@pytest.mark.parametrize(
    "question",
    [
        # an even kernel: no whole padding keeps 64 with stride 1
        "conv output sizes: input 64x64. (a) 4x4 conv, stride 1 - what padding keeps it 64? (b) 3x3 conv, stride 2, "
        "padding 1?",
        # dilation: another formula
        "conv output sizes: input 64x64. (a) 3x3 conv, stride 2, padding 1 (b) 3x3 conv, dilation 2",
        # no input size anywhere
        "conv output sizes: (a) 3x3 conv, stride 2, padding 1 (b) 5x5 conv, stride 1",
        # one convolution, no lettered parts
        "what is the output size of a 3x3 conv with stride 2 and padding 1 on a 64x64 input?",
        # pooling, not a convolution's cases
        "conv net sizes on 32x32: (a) 2x2 max pool, stride 2 (b) 3x3 conv, stride 1, padding 1",
    ],
)
def test_conv_parts_computes_nothing_when_unsure(question):
    assert conv_parts(normalize(question)) is None

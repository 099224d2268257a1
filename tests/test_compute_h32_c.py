"""The h32 blind set (third helper): a task graph in prose or arrows with its critical path (`dag_graph`), NumPy
broadcasting on the pairs of named arrays the learner combines (`broadcast`, extended), and cosine similarity
beside Pearson correlation on raw ratings (`cosine_pearson`). Called directly on the normalized question as `work`
would; every figure was computed by hand in the comment beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.h32_c import cosine_pearson, dag_graph
from app.answering.compute.maths import broadcast
from app.answering.compute.parse import normalize
from app.answering.compute.systems import dag
from tests.compute_checks import cited_document, text_of

# --- dag_graph ---------------------------------------------------------------------------------------------------

DAG_QUESTION = (
    "nightly DAG: extract (15 min) -> clean (10) -> f_user (25); f_item (30) also runs right after extract; train "
    "(45) needs both f_user and f_item; then evaluate (8) and explain (12) run in parallel after train; publish (3) "
    "needs both. how long if run one after another vs as a DAG? and train has retries=2, how many attempts max?"
)


def test_dag_graph_works_the_learners_graph():
    worked = dag_graph(normalize(DAG_QUESTION))
    text = text_of(worked)
    assert worked.kind == "dag_graph"
    assert "one after another: 15 + 10 + 25 + 30 + 45 + 8 + 12 + 3 = 148 min" in text
    # clean 25, f_user 50, f_item 45, train max(50, 45) + 45 = 95, evaluate 103, explain 107, publish 110
    assert "f_user 25 + 25 = 50" in text and "f_item 15 + 30 = 45" in text
    assert "train max(50, 45) + 45 = 95" in text
    assert "publish max(103, 107) + 3 = 110" in text
    assert "extract → clean → f_user → train → explain → publish = 15 + 10 + 25 + 45 + 12 + 3 = 110 min" in text
    assert "retries=2 on train: the first attempt plus 2 retries = 1 + 2 = 3 attempts at most" in text
    assert "110 min instead of 148 min" in text and "saving 38 min" in text
    # slack: f_item may finish by 50 (finishes 45), evaluate by 107 (finishes 103)
    assert "f_item could take 5 min longer" in text and "evaluate could take 4 min longer" in text
    assert "idempotent" in worked.note
    assert re.search(worked.cue, cited_document(worked))
    assert dag(normalize(DAG_QUESTION)) is None  # the chain calculator leaves the branches alone


def test_dag_graph_branch_then_join_in_hours_with_retries_on_a_task():
    q = (
        "pipeline with tasks: load (2 h) -> split (1 h); featurize (3 h) runs after load; fit (4 h) requires split "
        "and featurize; then score (1 h). critical path? retries=3 on fit"
    )
    # sequential 2 + 1 + 3 + 4 + 1 = 11; split 3, featurize 5, fit max(3, 5) + 4 = 9, score 10
    text = text_of(dag_graph(normalize(q)))
    assert "one after another: 2 + 1 + 3 + 4 + 1 = 11 h" in text
    assert "fit max(3, 5) + 4 = 9" in text
    assert "load → featurize → fit → score = 2 + 3 + 4 + 1 = 10 h" in text
    assert "retries=3 on fit: the first attempt plus 3 retries = 1 + 3 = 4 attempts at most" in text
    assert "split could take 2 h longer" in text


def test_dag_graph_side_branch_off_the_middle():
    q = (
        "my airflow DAG: ingest (20 min) -> validate (5 min) -> train (60 min). report (10 min) also runs right after "
        "validate. deploy (4 min) needs both train and report. how long sequentially vs as a DAG?"
    )
    # 20 + 5 + 60 + 10 + 4 = 99; train 85, report 35, deploy max(85, 35) + 4 = 89; report slack 85 - 35 = 50
    text = text_of(dag_graph(normalize(q)))
    assert "= 99 min" in text
    assert "ingest → validate → train → deploy = 20 + 5 + 60 + 4 = 89 min" in text
    assert "saving 10 min" in text and "report could take 50 min longer" in text


def test_dag_graph_without_units():
    q = "a (5) -> b (10) -> c (20); d (7) also runs after a; e (3) needs both c and d. what is the critical path?"
    # 45 in sequence; c 35, d 12, e max(35, 12) + 3 = 38
    text = text_of(dag_graph(normalize(q)))
    assert "5 + 10 + 20 + 7 + 3 = 45" in text
    assert "a → b → c → e = 5 + 10 + 20 + 3 = 38" in text


@pytest.mark.parametrize(
    "question",
    [
        # a dependency on a task that was never given
        "a (5) -> b (10) -> c (20); d (7) also runs after a; e (3) needs both c and x. critical path?",
        # a task given two durations
        "a (5) -> b (10) -> c (20); d (7) also runs after a; e (3) needs both c and d; b (4). critical path?",
        # a relation it does not read ("in parallel with"): computing nothing beats guessing
        "a (5) -> b (10) -> c (20); d (7) runs in parallel with b; e (3) needs both c and d. critical path?",
        # a plain chain: `dag` works it
        "a (5 min) -> b (10 min) -> c (3 min). how long as a DAG?",
        # "both" with three tasks before it
        "a (5) -> b (10); c (3) and d (4) and e (6) run after b; f (2) needs both. critical path?",
        # no durations
        "in a DAG, extract -> clean -> train, and report also runs after extract. what is the critical path?",
    ],
)
def test_dag_graph_computes_nothing_when_unsure(question):
    assert dag_graph(normalize(question)) is None


# --- broadcast on the named pairs -------------------------------------------------------------------------------

BROADCAST_QUESTION = (
    "numpy broadcasting check: a has shape (8, 1, 6). what shape do I get for a + b with b.shape = (7, 1), with "
    "c.shape = (7,), and with d.shape = (6,)? which ones error?"
)


def test_broadcast_pairs_the_arrays_the_learner_names():
    worked = broadcast(normalize(BROADCAST_QUESTION))
    text = text_of(worked)
    assert "a + b: (8, 1, 6) with (7, 1) gives shape (8, 7, 6)" in text
    assert "a + c: (8, 1, 6) and (7,) do not broadcast: NumPy raises a ValueError" in text
    assert "a + d: (8, 1, 6) with (6,) gives shape (8, 1, 6)" in text
    assert "(7,) with (6,)" not in text  # the pair nobody asked about
    assert re.search(worked.cue, cited_document(worked))


def test_broadcast_named_pairs_written_out():
    q = "x.shape = (4, 3), y.shape = (3,), z.shape = (4,). which of x * y and x * z broadcast?"
    # (4, 3) * (3,) -> (4, 3); (4, 3) * (4,): last dims 3 vs 4 -> error
    text = text_of(broadcast(normalize(q)))
    assert "x * y: (4, 3) with (3,) gives shape (4, 3)" in text
    assert "x * z: (4, 3) and (4,) do not broadcast" in text


def test_broadcast_named_outer_pair():
    q = "broadcast: p has shape (5, 1) and q has shape (1, 4); what is p - q?"
    # (5, 1) - (1, 4) -> (5, 4)
    assert "p - q: (5, 1) with (1, 4) gives shape (5, 4)" in text_of(broadcast(normalize(q)))


def test_broadcast_unnamed_shapes_still_pair_in_order():
    q = "do the shapes (5, 3) and (5,) broadcast? also (4, 1) + (1, 6)?"
    text = text_of(broadcast(normalize(q)))
    assert "(5, 3) and (5,) do not broadcast" in text and "(4, 1) with (1, 6) gives shape (4, 6)" in text


@pytest.mark.parametrize(
    "question",
    [
        "a has shape (8, 1, 6) and b.shape = (7, 1). what is np.dot used for?",  # no arrays combined
        "the IoU of boxes (0, 0, 2, 2) and (1, 1, 3, 3)?",  # coordinates, not shapes
        "what is numpy broadcasting?",  # no shapes
    ],
)
def test_broadcast_computes_nothing_when_unsure(question):
    assert broadcast(normalize(question)) is None


# --- cosine similarity beside Pearson ---------------------------------------------------------------------------

COSINE_QUESTION = (
    "item-item similarity on raw ratings: the same three users rated item X 5, 4, 3 and item Y 3, 4, 5. what's the "
    "cosine similarity and the Pearson correlation? they can't both be right?"
)


def test_cosine_pearson_gives_both_with_the_learners_ratings():
    worked = cosine_pearson(normalize(COSINE_QUESTION))
    text = text_of(worked)
    # 15 + 16 + 15 = 46; both norms² 50; 46 / 50 = 0.92. deviations (1, 0, -1), (-1, 0, 1): -2 / 2 = -1
    assert "X · Y = 5×3 + 4×4 + 3×5 = 15 + 16 + 15 = 46" in text
    assert "cosine = 46 / √(50 × 50) = 46 / 50 = 0.92" in text
    assert "deviations [1, 0, -1] and [-1, 0, 1]" in text
    assert "r = -2 / √(2 × 2) = -1" in text
    assert "Here cosine is 0.92 while r = -1" in worked.note
    assert worked.source_id == "s5-recommender-systems"
    assert re.search(worked.cue, cited_document(worked))


def test_cosine_pearson_bracketed_lists():
    q = (
        "cosine similarity between item A rated [5, 3, 4, 4] and item B rated [3, 1, 2, 3]? and the pearson "
        "correlation?"
    )
    # dot 15 + 3 + 8 + 12 = 38; 66 and 23; 38 / sqrt(1518) = 38 / 38.9615 = 0.9753
    # means 4 and 2.25; products 0.75 + 1.25 + 0 + 0 = 2; squares 2 and 2.75; 2 / sqrt(5.5) = 0.8528
    text = text_of(cosine_pearson(normalize(q)))
    assert "cosine = 38 / √(66 × 23) = 38 / 38.9615 = 0.9753" in text
    assert "r = 2 / √(2 × 2.75) = 0.8528" in text
    assert "Here cosine" not in text  # both positive: no contrast claimed


def test_cosine_pearson_four_users():
    q = "users rated item X 2, 4, 5, 1 and item Y 1, 5, 5, 2: cosine similarity vs pearson correlation?"
    # dot 2 + 20 + 25 + 2 = 49; 46 and 55; 49 / sqrt(2530) = 0.9742; means 3, 3.25; Sxy 10; 10 / sqrt(127.5) = 0.8856
    text = text_of(cosine_pearson(normalize(q)))
    assert "= 49" in text and "= 0.9742" in text and "r = 10 / √(10 × 12.75) = 0.8856" in text


@pytest.mark.parametrize(
    "question",
    [
        "cosine similarity of 1, 2, 3 and 4, 5, 6?",  # Pearson not asked: the dot-product calculator's
        "pearson correlation of 1, 2, 3 and 4, 5, 9?",  # cosine not asked: `pearson` works it
        "cosine similarity and pearson for item X ratings 5, 4, 3?",  # one list only
        "cosine vs pearson: item X 5, 4, 3, 2 and item Y 3, 4, 5?",  # lengths differ
        "adjusted cosine and pearson for 5, 4, 3 and 3, 4, 5?",  # a different method
    ],
)
def test_cosine_pearson_computes_nothing_when_unsure(question):
    assert cosine_pearson(normalize(question)) is None

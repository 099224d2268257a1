"""The chain-of-products calculator in more phrasings, and the weights' memory at each precision: every
figure below was computed by hand."""

from __future__ import annotations

import re

import pytest

from app.answering.compute import work
from app.answering.compute.parse import normalize
from app.answering.compute.sizing import matmul_order, weights_memory
from tests.compute_checks import cited_document, text_of

# --- matmul_order -------------------------------------------------------------------------------


def test_matmul_order_shapes_in_parentheses_and_a_vector_by_its_length():
    (worked,) = [
        w
        for w in work(
            "I have A (2000 x 50), B (50 x 2000) and a vector x of length 2000. does (A @ B) @ x give the same result "
            "as A @ (B @ x)? roughly how many multiplications does each take? my code does the first one and it's slow"
        )
        if w.kind == "matmul_order"
    ]
    text = text_of(worked)
    # (AB)x: 2000·50·2000 = 200,000,000, then 2000·2000 = 4,000,000; A(Bx): 50·2000 + 2000·50 = 200,000
    assert "= 2000 x 2000, 2,000 × 50 × 2,000 = 200,000,000 multiplications" in text
    assert "2,000 × 2,000 × 1 = 4,000,000; total 204,000,000" in text
    assert "B x is (50 x 2000)(2000 x 1) = 50 x 1, 50 × 2,000 × 1 = 100,000" in text
    assert "2,000 × 50 × 1 = 100,000; total 200,000" in text
    assert "204,000,000 / 200,000 = 1,020 times fewer multiplications for A (B x)" in text
    assert "associative, so (AB)x = A(Bx)" in worked.note and "A @ (B @ x)" in worked.note
    assert re.search(worked.cue, cited_document(worked))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 300·20·300 = 1,800,000 + 300·300 = 90,000; 20·300 + 300·20 = 12,000; 1,890,000 / 12,000 = 157.5
        (
            "A: 300 by 20, B: 20 by 300, x (300,): is (AB)x or A(Bx) cheaper?",
            ["300 × 20 × 300 = 1,800,000", "total 1,890,000", "total 12,000", "= 157.5 times fewer"],
        ),
        # 1000·10·1000 + 1000·1000 = 11,000,000; 10·1000 + 1000·10 = 20,000: 550 times
        (
            "A is a 1000 x 10 matrix, B is 10x1000 and x is a 1000-dimensional vector. my code runs A @ B @ x, slow?",
            ["total 11,000,000", "total 20,000", "= 550 times fewer multiplications for A (B x)"],
        ),
        # (AB)x: 1·100·10 + 1·10 = 1,010; A(Bx): 100·10 + 1·100 = 1,100; 1,100 / 1,010 = 1.089
        (
            "A is 1x100, B is 100x10, x of length 10: (A @ B) @ x or A @ (B @ x)?",
            ["total 1,010", "total 1,100", "1,100 / 1,010 = 1.1 times fewer multiplications for (A B) x"],
        ),
    ],
)
def test_matmul_order_other_phrasings(question, expected):
    worked = matmul_order(normalize(question))
    assert worked is not None
    text = text_of(worked)
    for part in expected:
        assert part in text, part


@pytest.mark.parametrize(
    "question",
    [
        "A (2000 x 50), B (50 x 2000), x of length 50: (A @ B) @ x or A @ (B @ x)?",  # x does not fit B's columns
        "A (2000 x 50), B (50 x 2000), x of length 2000, later x of length 50: (A @ B) @ x?",  # which x?
        "A (2000 x 50), B (50 x 2000): (A @ B) @ x or A @ (B @ x)?",  # x's length missing
        "B (50 x 2000) and x of length 2000: (A @ B) @ x or A @ (B @ x)?",  # A's shape missing
        "A (2000 x 50), B (50 x 2000) and x of length 2000: how many multiplications?",  # no order asked about
    ],
)
def test_matmul_order_computes_nothing_when_a_shape_is_missing_or_unclear(question):
    assert matmul_order(normalize(question)) is None


# --- weights_memory -------------------------------------------------------------------------------

SERVE_13B = (
    "we want to serve a 13B-parameter model on one 24 GiB GPU. how much memory do the weights take in fp16, int8, "
    "and 4-bit with one 16-bit scale per 64 weights? which ones fit, and does quantizing the weights also shrink the "
    "KV cache?"
)


def test_weights_memory_at_three_precisions_against_a_gib_gpu():
    worked = weights_memory(normalize(SERVE_13B))
    assert worked is not None and worked.kind == "weights_memory"
    text = text_of(worked)
    assert "parameters × bits per weight / 8" in text
    # 13e9 × 2 = 26e9 bytes = 24.2144 GiB > 24 GiB
    assert "13,000,000,000 × 2 = 26,000,000,000 bytes = 26 GB ≈ 24.21 GiB: does not fit in 24 GiB" in text
    # 13e9 bytes = 12.1072 GiB; 24 - 12.1072 = 11.8928
    assert "13,000,000,000 × 1 = 13,000,000,000 bytes = 13 GB ≈ 12.11 GiB: fits in 24 GiB, leaving 11.89 GiB" in text
    # 4 + 16/64 = 4.25 bits; 13e9 × 4.25 / 8 = 6,906,250,000 bytes = 6.4319 GiB
    assert "4 + 16/64 = 4.25 bits a weight" in text
    assert "13,000,000,000 × 4.25 / 8 = 6,906,250,000 bytes = 6.906 GB ≈ 6.43 GiB: fits in 24 GiB" in text
    assert "Only int8 and 4-bit" in worked.note
    assert "does not shrink the KV cache" in worked.note
    assert worked.source_id == "c-llm-memory"
    assert re.search(worked.cue, cited_document(worked))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 7e9 × 4 = 28 GB > 16 GB by 12; 7e9 × 2 = 14 GB = 13.04 GiB, 2 GB left
        (
            "How much VRAM do the weights of a 7 billion parameter model need in fp32 and bf16? My GPU has 16 GB.",
            [
                "7,000,000,000 × 4 = 28,000,000,000 bytes = 28 GB ≈ 26.08 GiB: does not fit in 16 GB (over by 12 GB)",
                "= 14 GB ≈ 13.04 GiB: fits in 16 GB, leaving 2 GB",
                "Only bf16 fits on one 16 GB GPU",
            ],
        ),
        # group size 128 with an assumed 16-bit scale: 4.125 bits; 70e9 × 4.125 / 8 = 36,093,750,000 = 33.6149 GiB
        (
            "Llama-2 70B in 4-bit, group size 128: how much memory for the weights?",
            [
                "assuming one 16-bit scale per group",
                "4 + 16/128 = 4.125 bits a weight",
                "= 36,093,750,000 bytes = 36.094 GB ≈ 33.61 GiB",
            ],
        ),
        # the reading's own example: 7e9 × (4 + 16/128) / 8 = 3,609,375,000 bytes ≈ 3.61 GB; fp16 14 GB = 13.04 GiB
        (
            "a 7B model in fp16 or in int4 with a 16-bit scale per 128 weights: how big are the weights?",
            ["= 14,000,000,000 bytes = 14 GB ≈ 13.04 GiB", "= 3,609,375,000 bytes = 3.609 GB ≈ 3.36 GiB"],
        ),
        # 1.3e9 × 4 = 5.2 GB = 4.8429 GiB
        ("a 1.3B model in float32: how big is the checkpoint on disk?", ["= 5,200,000,000 bytes = 5.2 GB ≈ 4.84 GiB"]),
        # the KV cache's fp16 is not a precision of the weights: int8 only, 7 GB of a 24 GB card
        (
            "7B model: weights in int8, KV cache in fp16, how much memory do the weights take on a 24GB GPU?",
            ["= 7 GB ≈ 6.52 GiB: fits in 24 GB, leaving 17 GB", "The weights fit on one 24 GB GPU"],
        ),
    ],
)
def test_weights_memory_other_phrasings(question, expected):
    worked = weights_memory(normalize(question))
    assert worked is not None
    text = text_of(worked)
    for part in expected:
        assert part in text, part
    assert "fp16 (" not in text or "fp16" in question.split("KV cache")[0]  # the KV cache's fp16 is not a row


@pytest.mark.parametrize(
    "question",
    [
        "how much memory do a model's weights take in fp16?",  # no parameter count
        "a 7B and a 13B model in fp16: how much memory?",  # which model?
        "Mixtral 8x7B in fp16: how much memory?",  # experts: the total is not 8 x 7B
        "13B model on a 24 GB GPU: how much memory for the weights?",  # no precision
        "group size 64 for 4-bit and int8 on a 13B model: memory?",  # whose scales?
        "8B model in 4-bit with 16-bit scales, group size 128 or group size 64: memory?",  # which group size?
        "fine-tuning a 7B model with Adam in fp32 on an 80GB GPU: memory?",  # training: `training_memory`
        "KV cache of a 7B model, 32 layers, d_model 4096, fp16, 4,096 tokens: memory?",  # KV cache sizing: `kv_cache`
        (  # the weights' size is given, the question is the KV cache's
            "KV cache for our 13B model: 40 layers, hidden size 5120, 40 heads, fp16, 2,048-token prompts, batch of 4; "
            "weights take 26 GB on an 80 GB GPU, how many full contexts fit?"
        ),
    ],
)
def test_weights_memory_computes_nothing_when_a_number_is_missing_or_unclear(question):
    assert weights_memory(normalize(question)) is None


def test_weights_memory_compares_in_the_learners_unit_and_skips_several_gpus():
    # 26e9 bytes against 24 GB (not GiB): over by 2 GB
    gb = text_of(weights_memory("a 13B model in fp16 on a 24 GB GPU: do the weights fit?"))
    assert "= 26 GB ≈ 24.21 GiB: does not fit in 24 GB (over by 2 GB)" in gb
    # two GPUs share the weights: no verdict for one
    two = text_of(weights_memory("70B parameters in int4 on two 24 GB GPUs: memory of the weights?"))
    assert "= 35,000,000,000 bytes = 35 GB ≈ 32.6 GiB" in two and "fit" not in two.split("\n")[1]

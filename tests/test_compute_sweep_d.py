"""The calculators of the stage 4-5 sweep (`app.answering.compute.sweep_d`), called directly on the normalized question
as `work` would (they are not yet registered in `app.answering.compute.CALCULATORS`): an Airflow task's retries in
time, the anchors of a detector's feature maps, the YOLOv1 cell responsible for an object, mAP from per-class APs, the
DPO loss of a preference pair, the bandwidth ceiling of single-request decoding and a document cut into overlapping
chunks. Every figure below was computed by hand in the comment beside it."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.parse import Worked, normalize
from app.answering.compute.sweep_d import (
    anchor_count,
    decode_speed,
    dpo_loss,
    mean_ap,
    rag_chunks,
    task_retries,
    yolo_cell,
)
from tests.compute_checks import cited_document, text_of


def _cites(worked: Worked | None, kind: str) -> None:
    assert worked is not None and worked.kind == kind
    assert re.search(worked.cue, cited_document(worked))


def _works(calculator, question: str, kind: str, expected: list[str]) -> None:
    worked = calculator(normalize(question))
    _cites(worked, kind)
    text = text_of(worked)
    for figure in expected:
        assert figure in text, (figure, text)


# --- task_retries (s4-pipeline-automation) -----------------------------------------------------------------------

RETRIES_QUESTION = (
    "Airflow DAG starting at 01:30: extract (20 min) >> train (45 min) >> evaluate (10 min). default_args has "
    "retries=2 and retry_delay=10 minutes. If train fails every time, how many attempts does it get and how long after "
    "it first starts is it marked failed (each failing attempt still runs the full 45 min)? And if train fails on the "
    "first 2 attempts and succeeds on the 3rd, when does the whole run finish?"
)


def test_task_retries_works_attempts_time_and_the_chain():
    # 1 + 2 = 3 attempts; all fail: 3 × 45 + 2 × 10 = 135 + 20 = 155 min
    # fails twice then succeeds: 2 × (45 + 10) + 45 = 155 min; chain 20 + 155 + 10 = 185 min; 01:30 + 3 h 05 = 04:35
    _works(
        task_retries,
        RETRIES_QUESTION,
        "task_retries",
        [
            "the first attempt plus 2 retries = 3 attempts at most",
            "3 attempts × 45 min + 2 retry delays × 10 min = 155 min",
            "2 × (45 + 10 retry delay) + 45 = 155 min for the task",
            "20 before it + 155 + 10 after it = 185 min, so a run starting at 01:30 ends at 04:35",
        ],
    )
    worked = task_retries(normalize(RETRIES_QUESTION))
    assert "upstream_failed" in worked.note


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 4 attempts; 4 × 0.5 min + 3 × 2 min = 2 + 6 = 8 min
        (
            "My Airflow task has retries=3, retry_delay=timedelta(minutes=2), and each attempt crashes after 30 "
            "seconds. How long before the task is finally marked failed?",
            ["= 4 attempts at most", "4 attempts × 0.5 min + 3 retry delays × 2 min = 8 min"],
        ),
        # 5 attempts, nothing about time
        (
            "An Airflow task is configured with retries=4. How many attempts can it get at most?",
            ["= 5 attempts at most"],
        ),
        # fails twice (4 min each) then succeeds in 12: 2 × (4 + 5) + 12 = 30; all fail: 4 × 4 + 3 × 5 = 31
        (
            "The load task in my DAG has retries=3 and retry_delay=5 min. Tonight it fails twice then succeeds in the "
            "usual 12 min; each failed attempt fails after 4 minutes. How long does the task take, and how long would "
            "it take to be marked failed if every attempt failed?",
            ["2 × (4 + 5 retry delay) + 12 = 30 min", "4 attempts × 4 min + 3 retry delays × 5 min = 31 min"],
        ),
        # two failures before a success need retries ≥ 2
        (
            "Airflow task with retries=1 and retry_delay=5 min; it fails twice then succeeds, each attempt fails after "
            "3 min. How many attempts, and when is it marked failed?",
            ["= 2 attempts at most", "2 attempts × 3 min + 1 retry delay × 5 min = 11 min", "needs retries ≥ 2"],
        ),
    ],
)
def test_task_retries_reads_other_phrasings(question, expected):
    _works(task_retries, question, "task_retries", expected)


@pytest.mark.parametrize(
    "question",
    [
        # retries named, but nothing about attempts or time asked
        "Airflow: our load_events task appends the day's rows to a table. it failed halfway once, got retried "
        "(retries=2), and now that day has duplicate rows. why did that happen and how do I make retries safe?",
        # not Airflow: an HTTP client with growing delays
        "My HTTP client has retries=3 with exponential backoff starting at 1 s. How long can a request take?",
        # exponential backoff: the delays are not one fixed retry_delay
        "Airflow task with retries=2 and retry_exponential_backoff=True, retry_delay=5 min, each attempt fails after "
        "10 min. Worst case?",
        # two settings compared
        "What does retries=1 vs retries=3 change for a task's attempts?",
        # a DAG with a parallel group and only the attempts asked: the DAG calculator states them
        "nightly airflow DAG: extract (12 min), then three feature tasks in parallel (18, 25 and 9 min), then train "
        "(50 min). how long as a DAG? and with retries=3 on train, how many attempts max before it's marked failed?",
    ],
)
def test_task_retries_computes_nothing_for_near_misses(question):
    assert task_retries(normalize(question)) is None


# --- anchor_count (c-anchor-boxes) ------------------------------------------------------------------------------

ANCHOR_QUESTION = (
    "How many anchors does Faster R-CNN's RPN produce with 9 anchors per position on an 800 x 608 image and a backbone "
    "with stride 16? And if each anchor gets 2 objectness scores and 4 box offsets, how many outputs in total?"
)


def test_anchor_count_from_image_size_and_stride():
    # 800 / 16 = 50, 608 / 16 = 38; 50 × 38 = 1,900 positions × 9 = 17,100 anchors; × (2 + 4) = 102,600; 9 × 6 = 54
    _works(
        anchor_count,
        ANCHOR_QUESTION,
        "anchor_count",
        [
            "800 / 16 = 50 by 608 / 16 = 38 positions",
            "50 × 38 = 1,900 positions × 9 anchors = 17,100 anchors",
            "17,100 anchors × (2 + 4) = 102,600 numbers, 9 × 6 = 54 per position",
        ],
    )


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 6,400 × 3 = 19,200; 1,600 × 3 = 4,800; 400 × 3 = 1,200; total 25,200
        (
            "An FPN detector has feature maps of 80x80, 40x40 and 20x20 with 3 anchors per location. How many anchors?",
            ["80 × 80 = 6,400 positions × 3 anchors = 19,200", "19,200 + 4,800 + 1,200 = 25,200 anchors"],
        ),
        # 3 scales × 3 ratios = 9; 64 × 64 = 4,096 × 9 = 36,864
        (
            "With 3 scales and 3 aspect ratios at every position of a 64x64 feature map, how many anchors does the RPN "
            "score?",
            ["64 × 64 = 4,096 positions × 9 anchors = 36,864 anchors"],
        ),
        # 50 × 38 = 1,900 × 9 = 17,100
        (
            "Faster R-CNN with nine anchors per position on a 50 x 38 feature map: how many anchors in total?",
            ["50 × 38 = 1,900 positions × 9 anchors = 17,100 anchors"],
        ),
    ],
)
def test_anchor_count_reads_other_phrasings(question, expected):
    _works(anchor_count, question, "anchor_count", expected)


@pytest.mark.parametrize(
    "question",
    [
        "An anchor centred at (100, 100) with width 64 and height 128 is matched to a ground-truth box centred at "
        "(110, 90) with width 80 and height 120. What are the offsets?",
        "Why does Faster R-CNN use 9 anchors per position?",
        "A 50 x 38 feature map: how many anchors would the RPN place on it?",
        # 600 / 16 = 37.5: the map's size depends on the backbone's padding
        "9 anchors per position on a 1000 x 600 image with stride 16: how many anchors?",
    ],
)
def test_anchor_count_computes_nothing_for_near_misses(question):
    assert anchor_count(normalize(question)) is None


# --- yolo_cell (s5-computer-vision) -----------------------------------------------------------------------------

YOLO_CELL_QUESTION = (
    "YOLOv1 with S = 7 on a 448x448 image: a cat's box is centred at (300, 150) with width 100 and height 200. Which "
    "grid cell is responsible for it, and what are its x, y, w, h targets?"
)


def test_yolo_cell_finds_the_responsible_cell_and_targets():
    # cell 448 / 7 = 64; 300 / 64 = 4.6875 -> column 4, 150 / 64 = 2.34375 -> row 2; in-cell 0.6875, 0.3438
    # w = 100 / 448 = 0.2232, h = 200 / 448 = 0.4464
    _works(
        yolo_cell,
        YOLO_CELL_QUESTION,
        "yolo_cell",
        [
            "448 / 7 = 64 px wide",
            "column floor(300 / 64) = floor(4.6875) = 4, row floor(150 / 64) = floor(2.3438) = 2",
            "the cell in row 2, column 4 is responsible",
            "x = 4.6875 - 4 = 0.6875, y = 2.3438 - 2 = 0.3438",
            "w = 100 / 448 = 0.2232, h = 200 / 448 = 0.4464",
        ],
    )


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 416 / 13 = 32; 200 / 32 = 6.25 -> 6; 330 / 32 = 10.3125 -> 10
        (
            "A YOLO model with a 13 x 13 grid on a 416x416 input: a dog's centre is at (200, 330). Which cell is "
            "responsible?",
            [
                "floor(6.25) = 6",
                "floor(10.3125) = 10",
                "row 10, column 6",
                "x = 6.25 - 6 = 0.25, y = 10.3125 - 10 = 0.3125",
            ],
        ),
        # 0.52 × 7 = 3.64 -> 3; 0.91 × 7 = 6.37 -> 6
        (
            "In YOLOv1 (S = 7) a normalized label has centre (0.52, 0.91). Which grid cell is responsible?",
            ["floor(0.52 × 7) = floor(3.64) = 3", "floor(0.91 × 7) = floor(6.37) = 6", "row 6, column 3"],
        ),
        # 0.3 × 10 is exactly 3: column 3, not 2
        (
            "YOLO grid with S = 10, normalized centre at (0.3, 0.75): which cell is responsible?",
            ["floor(0.3 × 10) = floor(3) = 3", "row 7, column 3"],
        ),
    ],
)
def test_yolo_cell_reads_other_phrasings(question, expected):
    _works(yolo_cell, question, "yolo_cell", expected)


@pytest.mark.parametrize(
    "question",
    [
        "YOLOv1 with S = 7, B = 2 and C = 20: what is the output shape?",
        "A YOLOv1-style detector uses a 7 x 7 grid with B = 2 boxes per cell. For C = 80 classes, how many numbers "
        "does each grid cell output?",
        # the centre lies outside the image
        "Which grid cell is responsible for an object centred at (500, 150) in a 448x448 image with S = 7?",
        # no grid size
        "In YOLO, which cell is responsible for an object centred at (300, 150) in a 448x448 image?",
    ],
)
def test_yolo_cell_computes_nothing_for_near_misses(question):
    assert yolo_cell(normalize(question)) is None


# --- mean_ap (s5-computer-vision) -------------------------------------------------------------------------------

MAP_QUESTION = "My detector's per-class APs are 0.72 for car, 0.55 for person and 0.61 for bike. What is the mAP?"


def test_mean_ap_averages_the_per_class_aps():
    # (0.72 + 0.55 + 0.61) / 3 = 1.88 / 3 = 0.62667
    _works(
        mean_ap,
        MAP_QUESTION,
        "mean_ap",
        ["car 0.72, person 0.55, bike 0.61", "(0.72 + 0.55 + 0.61) / 3 = 1.88 / 3 = 0.6267"],
    )


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # (0.81 + 0.64 + 0.7 + 0.35) / 4 = 2.5 / 4 = 0.625
        (
            "per-class AP: car 0.81, truck 0.64, bus 0.70, cyclist 0.35. what's the mAP@0.5?",
            ["(0.81 + 0.64 + 0.7 + 0.35) / 4 = 2.5 / 4 = 0.625"],
        ),
        # (0.9 + 0.7) / 2 = 0.8
        ("AP for cat is 0.9 and AP for dog is 0.7; mean average precision?", ["(0.9 + 0.7) / 2 = 1.6 / 2 = 0.8"]),
        # (0.5 + 0.3 + 0.4) / 3 = 1.2 / 3 = 0.4
        (
            "At IoU 0.5 the APs per class are: helmet: 0.5, vest: 0.3, boots: 0.4. So the mAP is?",
            ["helmet 0.5, vest 0.3, boots 0.4", "1.2 / 3 = 0.4"],
        ),
    ],
)
def test_mean_ap_reads_other_phrasings(question, expected):
    _works(mean_ap, question, "mean_ap", expected)


@pytest.mark.parametrize(
    "question",
    [
        "our detector scores mAP@0.5 = 0.62 on validation. so it finds 62% of the objects and 62% of its boxes are "
        "correct, right?",
        "My detector gets AP50 = 0.62 and AP75 = 0.41. What's the mAP?",
        "I evaluated my detector and got COCO mAP 0.38, but the repo README says the same model gets 0.62 mAP@0.5 on "
        "the same data. Did I mess something up?",
        "mAP is 0.45 on COCO and 0.62 on VOC for the same model. Why so different?",
        "Computing AP for the 'car' class: 3 ground-truth cars, detections 0.95 TP, 0.90 FP, 0.80 TP. Then if "
        "'pedestrian' has AP 0.60, what's the mAP@0.5?",
    ],
)
def test_mean_ap_computes_nothing_for_near_misses(question):
    assert mean_ap(normalize(question)) is None


# --- dpo_loss (c-instruction-tuning-rlhf) -----------------------------------------------------------------------

DPO_QUESTION = (
    "DPO with beta = 0.2: relative to the reference, the policy raises the chosen response's log-probability by 1.5 "
    "and lowers the rejected one's by 0.5. What are the margin and the loss?"
)


def test_dpo_loss_from_log_probability_changes():
    # margin 0.2 × (1.5 + 0.5) = 0.4; σ(0.4) = 0.59869; loss -ln 0.59869 = 0.51302; implicit rewards 0.3, -0.1
    _works(
        dpo_loss,
        DPO_QUESTION,
        "dpo_loss",
        [
            "0.2 × (1.5 - (-0.5)) = 0.2 × 2 = 0.4",
            "-ln σ(0.4) = -ln 0.5987 = 0.513",
            "chosen 0.3, rejected -0.1",
        ],
    )


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # Δc = -12 + 13.5 = 1.5, Δr = -15 + 14.2 = -0.8; margin 0.1 × 2.3 = 0.23; σ = 0.55725; loss 0.58475
        (
            "DPO loss: policy log-probs chosen = -12.0, rejected = -15.0; reference log-probs chosen = -13.5, "
            "rejected = -14.2; beta = 0.1.",
            ["-12 - (-13.5) = 1.5", "-15 - (-14.2) = -0.8", "0.1 × 2.3 = 0.23", "-ln 0.5572 = 0.5847"],
        ),
        # Δc = 1, Δr = 0.5; margin 0.5 × 0.5 = 0.25; σ = 0.56218; loss 0.57594
        (
            "For DPO (β = 0.5), log π(chosen) = -20, log π_ref(chosen) = -21, log π(rejected) = -18, "
            "log π_ref(rejected) = -18.5. Loss?",
            ["-20 - (-21) = 1", "-18 - (-18.5) = 0.5", "0.5 × 0.5 = 0.25", "-ln 0.5622 = 0.5759"],
        ),
        # both rise: Δc = 2, Δr = 0.5; margin 0.1 × 1.5 = 0.15; σ = 0.53743; loss 0.62096
        (
            "Direct preference optimization, beta = 0.1: the policy increases the log-probability of the chosen "
            "response by 2 relative to the reference, but the rejected response's log-probability also increases by "
            "0.5. Loss?",
            ["0.1 × (2 - 0.5) = 0.1 × 1.5 = 0.15", "-ln 0.5374 = 0.621"],
        ),
    ],
)
def test_dpo_loss_reads_other_phrasings(question, expected):
    _works(dpo_loss, question, "dpo_loss", expected)


@pytest.mark.parametrize(
    "question",
    [
        # a reward model's pairwise loss, not DPO
        "The reward model scores the chosen answer 1.2 and the rejected answer 0.3. What's the preference probability "
        "and the loss?",
        "Is DPO with beta = 0.1 better than PPO?",
        # the rejected response's change is missing
        "DPO: the chosen response's log-probability went up by 2. beta = 0.1. Loss?",
        # beta is missing
        "DPO raises the chosen log-prob by 2 and lowers the rejected by 1. What is the loss?",
    ],
)
def test_dpo_loss_computes_nothing_for_near_misses(question):
    assert dpo_loss(normalize(question)) is None


# --- decode_speed (c-llm-memory) --------------------------------------------------------------------------------

DECODE_QUESTION = (
    "A 7B model in fp16 on a GPU with 1 TB/s of memory bandwidth: what's the maximum decoding speed in tokens per "
    "second for one request?"
)


def test_decode_speed_is_bandwidth_over_weight_bytes():
    # 7e9 × 2 = 14 GB; 14 / 1,000 GB/s = 14 ms; 1,000 / 14 = 71.43 -> 71.4
    _works(
        decode_speed,
        DECODE_QUESTION,
        "decode_speed",
        [
            "7 × 10^9 parameters × 2 bytes = 14 GB",
            "14 / 1,000 = 14 ms per token",
            "1,000 / 14 ≈ 71.4 tokens per second",
        ],
    )


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 26 GB: 1008 / 26 = 38.77; 6.5 GB: 1008 / 6.5 = 155.08
        (
            "13B model, fp16 vs 4-bit, on an RTX 4090 with 1008 GB/s memory bandwidth: tokens/s ceiling for a single "
            "user?",
            ["13 × 10^9 parameters × 2 bytes = 26 GB", "1,008 / 26 ≈ 38.8 tokens", "1,008 / 6.5 ≈ 155.1 tokens"],
        ),
        # 936 / 4.1 = 228.29
        (
            "my 4-bit model file is 4.1 GB and the GPU has 936 GB/s bandwidth; how fast can it decode at best (tokens "
            "per second)?",
            ["weights: 4.1 GB", "936 / 4.1 ≈ 228.3 tokens per second"],
        ),
        # 7 GB on 2,000 GB/s: 3.5 ms, 285.7
        (
            "A 7B model in int8 on a GPU with 2 TB/s memory bandwidth: max tokens/s when generating for one request?",
            ["7 × 10^9 parameters × 1 bytes = 7 GB", "7 / 2,000 = 3.5 ms", "2,000 / 7 ≈ 285.7 tokens"],
        ),
    ],
)
def test_decode_speed_reads_other_phrasings(question, expected):
    _works(decode_speed, question, "decode_speed", expected)


@pytest.mark.parametrize(
    "question",
    [
        "A 7B model in fp16 on a 1 TB/s GPU serving a batch of 16 requests: tokens per second?",
        "How fast is a 70B MoE with 13B active parameters on 3.35 TB/s bandwidth in tokens per second?",
        "PCIe gives 32 GB/s; how long to load a 14 GB model?",
        # no precision: the weight bytes are unknown
        "A 7B model on a GPU with 1 TB/s bandwidth: tokens per second?",
        "A 7B model in fp16: how much memory for the weights?",
        # a disk's bandwidth, and training tokens: not the decoding ceiling
        "Our NVMe disk reads 3 GB/s. Training a 7B fp16 model, how many tokens per second can we feed it?",
    ],
)
def test_decode_speed_computes_nothing_for_near_misses(question):
    assert decode_speed(normalize(question)) is None


# --- rag_chunks (c-rag-pipeline) --------------------------------------------------------------------------------

CHUNK_QUESTION = (
    "For our RAG bot, a 3,000-token article is split into 400-token chunks with a 50-token overlap. How many chunks, "
    "and where does each start?"
)


def test_rag_chunks_counts_overlapping_chunks():
    # step 400 - 50 = 350; 1 + ceil(2,600 / 350 = 7.43) = 9; starts 0 ... 2,800; last 200 tokens; 8 × 400 + 200 = 3,400
    _works(
        rag_chunks,
        CHUNK_QUESTION,
        "rag_chunks",
        [
            "400 - 50 = 350 tokens after the one before",
            "1 + ceil((3,000 - 400) / 350) = 1 + ceil(7.4286) = 9",
            "0, 350, 700, 1,050, 1,400, 1,750, 2,100, 2,450, 2,800",
            "(200 tokens)",
            "8 × 400 + 200 = 3,400, 400 more than the document's 3,000",
        ],
    )


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 1 + ceil(1,500 / 450) = 5 per article; 300 × 5 = 1,500
        (
            "We have 300 articles of 2,000 tokens each, chunked into 500-token chunks with a 50-token overlap. How "
            "many chunks in the index?",
            ["1 + ceil(3.3333) = 5", "0, 450, 900, 1,350, 1,800", "300 × 5 = 1,500 chunks"],
        ),
        # overlap 10% of 800 = 80, step 720; 1 + ceil(9,200 / 720 = 12.78) = 14; last start 9,360, 640 tokens
        (
            "Split a 10,000-token manual into chunks of 800 tokens with 10% overlap. How many chunks?",
            ["800 - 80 = 720", "= 14", "0, 720, 1,440, 2,160, 2,880, ..., 9,360", "(640 tokens)"],
        ),
        # no overlap: 1 + ceil(688 / 512) = 3; starts 0, 512, 1,024; last 176
        (
            "How many 512-token chunks does a 1,200-token document make, with no overlap?",
            ["1 + ceil((1,200 - 512) / 512) = 1 + ceil(1.3438) = 3", "0, 512, 1,024", "(176 tokens)"],
        ),
    ],
)
def test_rag_chunks_reads_other_phrasings(question, expected):
    _works(rag_chunks, question, "rag_chunks", expected)


@pytest.mark.parametrize(
    "question",
    [
        # BERT's input limit, not a chunk size: the token_chunks calculator's question
        "my support doc is about 1,000 words and bert's tokenizer turns it into 1,300 tokens. bert-base takes at most "
        "512 tokens including [CLS] and [SEP]. if i split it into chunks that overlap by 128 tokens, how many chunks?",
        "Should my RAG chunks be 500 tokens with overlap?",
        "A 3,000-token document in 400-token chunks with some overlap: how many chunks?",
        "We score data in chunks of 10,000 rows; 2 million rows take how many chunks?",
        # the overlap is as large as the chunk
        "A 2,000-token article in 300-token chunks with a 300-token overlap: how many chunks?",
    ],
)
def test_rag_chunks_computes_nothing_for_near_misses(question):
    assert rag_chunks(normalize(question)) is None

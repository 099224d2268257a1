"""Kubernetes probe timings and decoding an anchor's predicted offsets into a box: every figure below was
computed by hand."""

from __future__ import annotations

import re

import pytest

from app.answering.compute.parse import normalize
from app.answering.compute.systems import anchor_decode, anchor_offsets, probe_timing
from tests.compute_checks import cited_document, text_of

# --- probe_timing -------------------------------------------------------------------------------------------


def test_probe_timing_liveness_loop_startup_threshold_and_readiness_removal():
    worked = probe_timing(
        normalize(
            "our model server takes about 150 s to load the model. with a liveness probe on default settings "
            "(initialDelaySeconds 0, periodSeconds 10, failureThreshold 3), what happens? what failureThreshold would "
            "a startupProbe with periodSeconds 10 need? and once a pod goes unhealthy, how long until a readiness "
            "probe with periodSeconds 5 and failureThreshold 2 stops sending it traffic?"
        )
    )
    text = text_of(worked)
    assert "defaults for a field left out: initialDelaySeconds 0, periodSeconds 10, failureThreshold 3" in text
    # liveness: 0 + 3 x 10 = 30 s < 150 s: killed before it is ready, again and again
    assert "= 0 + 3 × 10 = 30 s of failed probes" in text and "30 s < 150 s" in text and "restart loop" in text
    # startup: failureThreshold x 10 >= 150 -> 15 (150 s, no slack); about twice the load: 30 (300 s)
    assert "failureThreshold ≥ 150 / 10 = 15, i.e. 15 × 10 = 150 s, exactly the load with no slack" in text
    assert "failureThreshold 30, i.e. 30 × 10 = 300 s" in text
    # readiness: 2 x 5 = 10 s, out of the Service's endpoints, not restarted
    assert "= 2 × 5 = 10 s until it is marked not ready and removed from the Service's endpoints" in text
    assert "it is not restarted" in text
    assert "30 s, before the 150 s load ends" in worked.note
    assert worked.source_id == "c-health-checks"
    assert re.search(worked.cue, cited_document(worked))


@pytest.mark.parametrize(
    ("question", "expected", "note"),
    [
        # 2.5 min = 150 s; liveness held back by the startup probe; startup 0 + 20 x 5 = 100 s < 150 s: needs 30
        (
            "loading the model takes 2.5 minutes. livenessProbe: periodSeconds: 10, failureThreshold: 3, "
            "initialDelaySeconds: 60. startupProbe: periodSeconds: 5, failureThreshold: 20. will the pod come up?",
            [
                "= 60 + 3 × 10 = 90 s of failed probes",
                "only begins once the startup probe has succeeded",
                "= 0 + 20 × 5 = 100 s of failed probes allowed for starting",
                "100 s < the 150 s load",
                "failureThreshold ≥ 150 / 5 = 30, so at least 30",
            ],
            "allows only about 100 s, less than the 150 s load",
        ),
        # both probes every 15 s, 4 failures: 4 x 15 = 60 s out of the Service, 60 s to a restart
        (
            "Our readiness and liveness probes run every 15 seconds and act after 4 consecutive failures. If the "
            "server hangs, how long until traffic stops and until it is restarted?",
            [
                "readiness probe: once the Pod stops answering, about failureThreshold × periodSeconds = 4 × 15 = 60 s",
                "liveness probe: a container that stops answering is killed and restarted after about "
                "failureThreshold × periodSeconds = 4 × 15 = 60 s",
            ],
            "out of the Service after about 60 s without restarting it",
        ),
        # (125 - 20) / 10 = 10.5 -> 11, 20 + 110 = 130 s; twice the load: (250 - 20) / 10 = 23, 20 + 230 = 250 s
        (
            "a 125-second model load; startup probe periodSeconds 10, initialDelaySeconds 20: what failureThreshold?",
            [
                "20 + failureThreshold × 10 ≥ 125",
                "(125 - 20) / 10 = 10.5, rounded up to 11, i.e. 20 + 11 × 10 = 130 s, only 5 s more than the load",
                "failureThreshold 23, i.e. 20 + 23 × 10 = 250 s",
            ],
            "needs failureThreshold 11 or more (say 23)",
        ),
        # "default settings" with no numbers: periodSeconds 10; 3 min = 180 s -> 18, twice: 36
        (
            "the model loads in 3 minutes. startup probe on default settings: what failureThreshold would it need?",
            [
                "defaults for a field left out",
                "failureThreshold ≥ 180 / 10 = 18, i.e. 18 × 10 = 180 s",
                "failureThreshold 36, i.e. 36 × 10 = 360 s",
            ],
            "",
        ),
        # liveness 45 + 3 x 10 = 75 s >= 60 s load: it loads with 15 s to spare
        (
            "model loads in 60 seconds; liveness probe initialDelaySeconds 45, periodSeconds 10, failureThreshold 3",
            ["= 45 + 3 × 10 = 75 s of failed probes", "75 s ≥ 60 s, so it loads before the probe gives up, with 15 s"],
            "",
        ),
    ],
)
def test_probe_timing_other_phrasings(question, expected, note):
    worked = probe_timing(normalize(question))
    text = text_of(worked)
    for piece in expected:
        assert piece in text, piece
    assert note in worked.note


@pytest.mark.parametrize(
    "question",
    [
        # failureThreshold missing and "default" not said
        "model takes 150 s to load. liveness probe with periodSeconds 10: will it restart?",
        # two load times
        "the model takes 2 minutes to load, or 150 s on a slow node: what failureThreshold would a startup probe "
        "with periodSeconds 10 need?",
        # two periods
        "liveness probe with periodSeconds 10 or 20 and failureThreshold 3; the model loads in 150 s",
        # no probe named
        "the model takes 150 s to load with periodSeconds 10 and failureThreshold 3",
    ],
)
def test_probe_timing_computes_nothing_when_a_number_is_missing_or_ambiguous(question):
    assert probe_timing(normalize(question)) is None


# --- anchor_decode ------------------------------------------------------------------------------------------


def test_anchor_decode_box_corners_and_rpn_labels():
    question = normalize(
        "decoding an RPN prediction by hand: anchor centred at (200, 150) with width 100 and height 50, predicted "
        "offsets tx = 0.1, ty = -0.2, tw = 0.405, th = 0. what box is that (centre, size and corners)? also, during "
        "training would this anchor be labelled positive, negative or ignored if its best IoU with any ground-truth "
        "box were 0.75? 0.55? 0.2?"
    )
    worked = anchor_decode(question)
    text = text_of(worked)
    # 200 + 0.1 x 100 = 210; 150 - 0.2 x 50 = 140; 100 e^0.405 = 149.93025; 50 e^0 = 50
    assert "x = x_a + t_x × w_a = 200 + 0.1 × 100 = 210" in text
    assert "y = y_a + t_y × h_a = 150 + (-0.2) × 50 = 140" in text
    assert "w = w_a × exp(t_w) = 100 × e^0.405 = 100 × 1.499303 = 149.9303 (about 149.9)" in text
    assert "h = h_a × exp(t_h) = 50 × e^0 = 50 × 1 = 50" in text
    # 210 -/+ 74.965125 = 135.034875, 284.965125; 140 -/+ 25 = 115, 165
    assert "x1 = x - w/2 = 210 - 74.9651 = 135.0349" in text and "y1 = y - h/2 = 140 - 25 = 115" in text
    assert "(135.0349, 115, 284.9651, 165), about (135, 115, 285, 165) to the nearest pixel" in text
    assert "best IoU 0.75 > 0.7: positive" in text
    assert "best IoU 0.55, between 0.3 and 0.7: ignored" in text
    assert "best IoU 0.2 < 0.3: negative" in text
    assert "centre by (10, -10)" in worked.note
    assert worked.source_id == "c-anchor-boxes"
    assert re.search(worked.cue, cited_document(worked))
    assert anchor_offsets(question) is None  # no ground-truth box to encode


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 50 + 0.25 x 32 = 58; 50 - 0.125 x 64 = 42; 32; 64 e^0.693 = 127.98; y1 = 42 - 63.99 < 0: clipped
        (
            "anchor (x_a, y_a, w_a, h_a) = (50, 50, 32, 64) and predicted (tx, ty, tw, th) = (0.25, -0.125, 0, 0.693):"
            " decode the box. RetinaNet labels for IoU 0.45 and 0.5?",
            [
                "= 50 + 0.25 × 32 = 58",
                "= 50 + (-0.125) × 64 = 42",
                "64 × 1.999706 = 127.9812 (about 128)",
                "about (42, -22, 74, 106) to the nearest pixel",
                "clip decoded boxes to the image borders",
                "best IoU 0.45: ignored",
                "best IoU 0.5: positive",
            ],
        ),
        # a 64x128 anchor: 100 + 6.4 = 106.4, 100 + 25.6 = 125.6, 64 e^-0.1 = 57.91, 128 e^0.3 = 172.78
        (
            "a 64x128 anchor centred at (100, 100); offsets (0.1, 0.2, -0.1, 0.3). decoded box? positive or "
            "ignored at IoU 0.7 or 0.3?",
            [
                "= 100 + 0.1 × 64 = 106.4",
                "= 100 + 0.2 × 128 = 125.6",
                "64 × e^-0.1 = 64 × 0.904837 = 57.9096",
                "128 × e^0.3 = 128 × 1.349859 = 172.7819",
                "about (77, 39, 135, 212)",
                "best IoU 0.7, between 0.3 and 0.7: ignored",
                "torchvision and Detectron2 count IoU ≥ 0.7 as positive",
                "best IoU 0.3, between 0.3 and 0.7: ignored",
            ],
        ),
        # 100 + 0.5 x 40 = 120; 60 - 0.25 x 80 = 40; 40 e^-0.693 = 20.003; corners about (110, -9, 130, 89)
        (
            "Anchor box: centre (100, 60), w = 40, h = 80. The RPN outputs tx=0.5,ty=-0.25,tw=-0.693,th=0.2. Decode.",
            ["= 100 + 0.5 × 40 = 120", "= 60 + (-0.25) × 80 = 40", "= 20.0029 (about 20)", "about (110, -9, 130, 89)"],
        ),
    ],
)
def test_anchor_decode_other_phrasings(question, expected):
    text = text_of(anchor_decode(normalize(question)))
    for piece in expected:
        assert piece in text, piece


def test_anchor_decode_leaves_out_labels_under_the_learners_own_thresholds():
    text = text_of(
        anchor_decode(
            normalize(
                "anchor centred at (200, 150) with width 100 and height 50, tx = 0.1, ty = -0.2, tw = 0.405, th = 0; "
                "labelled positive with IoU 0.6 if the positive threshold is 0.5?"
            )
        )
    )
    assert "= 210" in text and "IoU" not in text


@pytest.mark.parametrize(
    "question",
    [
        # the anchor's height is missing
        "anchor centred at (200, 150) with width 100, predicted offsets tx = 0.1, ty = -0.2, tw = 0.405, th = 0. box?",
        # two anchors: which one was the prediction made for?
        "anchor centred at (10, 10) width 4 height 4 and another anchor centred at (20, 20) width 8 height 8; "
        "tx = 0.1, ty = 0, tw = 0, th = 0",
        # t_h is missing
        "anchor centred at (200, 150) with width 100 and height 50, predicted offsets tx = 0.1, ty = -0.2, tw = 0.405",
        # t_x given twice with different values
        "anchor centred at (0, 0) with width 10 and height 10: tx = 0.1, ty = 0, tw = 0, th = 0, or tx = 0.2?",
    ],
)
def test_anchor_decode_computes_nothing_when_a_number_is_missing_or_ambiguous(question):
    assert anchor_decode(normalize(question)) is None


def test_anchor_decode_leaves_the_regression_targets_to_anchor_offsets():
    question = normalize(
        "anchor with centre (50, 40), width 20, height 10; ground-truth box with centre (54, 35), width 40,"
        " height 10. What are the regression targets t_x, t_y, t_w, t_h?"
    )
    assert anchor_decode(question) is None and anchor_offsets(question) is not None

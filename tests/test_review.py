"""The reader-review tools (evals/review.py): a fixed stratified sample, packets, the tally."""

import json

from evals.review import draw_sample, tally, write_packet
from tests.conftest import REPO


def _golden():
    return [json.loads(line) for line in (REPO / "evals" / "datasets" / "golden.jsonl").read_text().splitlines()]


def test_the_sample_is_stratified_by_stage_and_repeatable():
    rows = _golden()
    ids = draw_sample(rows)
    assert ids == draw_sample(rows) and len(set(ids)) == len(ids) == 70
    stage = {r["id"]: r["stage"] for r in rows}
    answerable = [i for i in ids if stage[i] is not None]
    assert len(answerable) == 60 and len(ids) - len(answerable) == 10
    assert {stage[i] for i in answerable} == {1, 2, 3, 4, 5}
    assert all(sum(stage[i] == s for i in answerable) >= 3 for s in range(1, 6))
    assert ids == json.loads((REPO / "docs" / "evals" / "review" / "sample.json").read_text())


def test_a_held_out_sample_never_draws_a_question_of_the_earlier_sample():
    rows = _golden()
    first = draw_sample(rows)
    held_out = draw_sample(rows, answerable=40, out_of_scope=0, seed=34, exclude=first)
    assert len(held_out) == 40 and not set(held_out) & set(first)
    assert held_out == json.loads((REPO / "docs" / "evals" / "review" / "heldout-sample.json").read_text())


def test_the_packet_shows_the_answer_and_the_text_of_each_cited_passage():
    rows = {r["id"]: r for r in _golden()[:1]}
    rid = next(iter(rows))
    record = {
        "id": rid,
        "kind": "golden",
        "system": "tutor",
        "refused": False,
        "answer": "A is B [1].",
        "citations": [{"n": 1, "source_id": "reading/x", "heading": "H", "text": "A is B."}],
    }
    packet = write_packet([record], rows, [rid], "tutor")
    assert rows[rid]["question"] in packet and "> A is B [1]." in packet and "    A is B." in packet


def test_the_tally_follows_review_md():
    labels = [
        {
            "id": "a",
            "system": "t",
            "label": "correct",
            "false_claims": 0,
            "key_points_conveyed": 2,
            "key_points_total": 2,
            "citations": {"yes": 2},
        },
        {
            "id": "b",
            "system": "t",
            "label": "wrong",
            "false_claims": 1,
            "key_points_conveyed": 0,
            "key_points_total": 2,
            "citations": {"no": 1, "yes": 1},
        },
        {"id": "c", "system": "t", "label": "refused-ok", "false_claims": 0, "key_points_total": 0},
    ]
    t = tally(labels)["t"]
    assert t["labels"] == {"correct": 1, "wrong": 1, "refused-ok": 1}
    assert t["correct_share"] == 0.5 and t["false_claim_share"] == 0.333 and t["false_claims"] == 1
    assert t["key_points_share"] == 0.5 and t["citation_yes_share"] == 0.75


def test_the_tally_counts_false_claims_written_out_as_a_list():
    labels = [
        {
            "system": "t",
            "label": "wrong",
            "false_claims": ["SES trends upward"],
            "key_points_conveyed": 0,
            "key_points_total": 2,
        },
        {"system": "t", "label": "correct", "false_claims": [], "key_points_conveyed": 2, "key_points_total": 2},
        {"system": "t", "label": "partial", "false_claims": 2, "key_points_conveyed": 1, "key_points_total": 2},
    ]
    t = tally(labels)["t"]
    assert t["false_claims"] == 3 and t["false_claim_share"] == round(2 / 3, 3)

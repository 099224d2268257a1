"""Every eval metric on hand-made cases whose answers are worked out by hand."""

from __future__ import annotations

import pytest

from evals import metrics as m
from evals.metrics import fragment


def rounded(x: float):
    """Summaries are rounded to 4 decimal places."""
    return pytest.approx(x, abs=1e-4)


def golden(metrics: dict, refused=False, tokens=10, first=2.0, total=7.0, stage=1) -> dict:
    return {
        "kind": "golden",
        "stage": stage,
        "metrics": metrics,
        "refused": refused,
        "tokens": tokens,
        "timings": {"first_token_s": first, "total_s": total},
    }


# --- retrieval -----------------------------------------------------------------------------------


def test_hit_at_5_counts_a_section_match_in_the_first_five_only():
    ranked = ["Algorithms", "Programming", "Data Basics", "MLOps", "Deployment", "Model Evaluation"]
    assert m.hit_at_k(ranked, "model evaluation", 5).value == 0.0  # 6th is too late
    assert m.hit_at_k(ranked, "model evaluation", 6).value == 1.0
    assert m.hit_at_k(ranked, "MLOPS", 5).value == 1.0  # case-insensitive
    assert m.hit_at_k(ranked, None).value is None  # out-of-scope rows have no section
    assert m.hit_at_k([], "MLOps").value == 0.0


def test_reciprocal_rank_is_one_over_the_first_matching_rank():
    ranked = ["Programming", "Algorithms", "Algorithms", "MLOps"]
    assert m.reciprocal_rank(ranked, "algorithms").value == pytest.approx(1 / 2)
    assert m.reciprocal_rank(ranked, "MLOps").value == pytest.approx(1 / 4)
    assert m.reciprocal_rank(ranked, "Deployment").value == 0.0
    late = ["x"] * 10 + ["Deployment"]  # rank 11
    assert m.reciprocal_rank(late, "Deployment", k=10).value == 0.0
    assert m.reciprocal_rank(ranked, "").value is None


def test_mrr_is_the_mean_of_reciprocal_ranks():
    records = [
        golden({"rr_at_10": 1.0}),
        golden({"rr_at_10": 0.5}),
        golden({"rr_at_10": 0.0}),
        golden({"rr_at_10": None}),
    ]  # the last row has no section: left out, not zero
    assert m.aggregate(records)["mrr_at_10"] == rounded(0.5)


# --- answers -------------------------------------------------------------------------------------


def test_key_point_recall_is_the_covered_share_and_zero_when_refused():
    points = ["a", "b", "c", "d"]
    score = m.key_point_recall(points, ["a", "c", "d"], refused=False)
    assert score.value == 0.75 and "missing: b" in score.reason
    assert m.key_point_recall(points, points, refused=False).value == 1.0
    assert m.key_point_recall(points, ["a", "b"], refused=True).value == 0.0
    assert m.key_point_recall([], [], refused=False).value is None
    assert m.key_point_recall(["a"], ["z"], refused=False).value == 0.0  # foreign point ignored


def test_groundedness_is_the_supported_sentence_share_of_answered_rows():
    sentences = [
        {"text": "A.", "supported": True},
        {"text": "B.", "supported": False},
        {"text": "C.", "supported": True},
    ]
    score = m.groundedness(sentences, refused=False)
    assert score.value == pytest.approx(2 / 3) and "1 unsupported: B." in score.reason
    assert m.groundedness(sentences, refused=True).value is None  # refusals are not judged
    assert m.groundedness([], refused=False).value == 0.0  # an answer nothing could be checked in
    # a bare citation is not a claim, even though the sentence check calls it supported
    bare = [{"text": "", "supported": True}, {"text": "[1] [2]", "supported": True}]
    assert m.groundedness(bare, refused=False).value == 0.0
    assert m.groundedness([*bare, *sentences], refused=False).value == pytest.approx(2 / 3)


def test_citation_precision_is_the_share_of_cited_passages_in_the_right_section():
    assert m.citation_precision(["MLOps", "mlops", "Deployment"], "MLOps", refused=False).value == (
        pytest.approx(2 / 3)
    )
    assert m.citation_precision(["Deployment"], "MLOps", refused=False).value == 0.0
    assert m.citation_precision([], "MLOps", refused=False).value is None
    assert m.citation_precision(["MLOps"], "MLOps", refused=True).value is None
    assert m.citation_precision(["MLOps"], None, refused=False).value is None


@pytest.mark.parametrize(
    ("refused", "answerable", "correct", "false_refusal"),
    [
        (False, True, 1.0, 0.0),  # answered an answerable question
        (True, True, 0.0, 1.0),  # refused an answerable question
        (True, False, 1.0, None),  # refused an out-of-scope question
        (False, False, 0.0, None),  # answered an out-of-scope question
    ],
)
def test_refusal_accuracy_and_false_refusal(refused, answerable, correct, false_refusal):
    assert m.refusal_correct(refused, answerable).value == correct
    assert m.false_refusal(refused, answerable).value == false_refusal


def test_refusal_rates_over_a_set_of_rows():
    rows = [(False, True), (True, True), (True, False), (False, False), (False, True)]
    records = [
        golden(
            {
                "refusal_correct": m.refusal_correct(r, a).value,
                "false_refusal": m.false_refusal(r, a).value,
            },
            refused=r,
        )
        for r, a in rows
    ]
    summary = m.aggregate(records)
    assert summary["refusal_accuracy"] == rounded(3 / 5)
    assert summary["false_refusal_rate"] == rounded(1 / 3)  # 1 of the 3 answerable


# --- grading -------------------------------------------------------------------------------------


def test_grader_agreement_and_false_accept_rate():
    pairs = [
        ("correct", "correct"),
        ("incorrect", "incorrect"),
        ("correct", "incorrect"),
        ("partially_correct", "correct"),
        ("partially_correct", "incorrect"),
    ]
    records = [
        {
            "kind": "grading",
            "stage": 2,
            "metrics": {
                "grader_agrees": m.grader_agrees(v, label).value,
                "grader_false_accept": m.grader_false_accept(v, label).value,
            },
        }
        for v, label in pairs
    ]
    summary = m.aggregate(records)
    assert summary["grader_agreement"] == rounded(2 / 5)
    assert summary["grader_false_accept_rate"] == rounded(1 / 3)  # 1 of 3 labelled incorrect
    assert summary["n"] == 0 and summary["n_grading"] == 5


# --- latency -------------------------------------------------------------------------------------


def test_percentile_interpolates_like_numpy():
    assert m.percentile([4.0, 1.0, 3.0, 2.0], 0.5) == pytest.approx(2.5)
    assert m.percentile([1.0, 2.0, 3.0, 4.0], 0.95) == pytest.approx(3.85)
    assert m.percentile([7.0], 0.95) == 7.0
    assert m.percentile([], 0.5) is None


def test_tokens_per_second_is_tokens_over_decode_time():
    assert m.tokens_per_second([40, 20], [2.0, 1.0]) == pytest.approx(20.0)
    assert m.tokens_per_second([], []) is None


def test_latency_figures_skip_refused_and_silent_answers():
    records = [
        golden({}, first=1.0, total=3.0, tokens=40),
        golden({}, first=3.0, total=4.0, tokens=20),
        golden({}, refused=True, first=0.0, total=0.1, tokens=0),
        golden({}, first=0.0, total=9.0, tokens=0),
    ]  # generated nothing: no first token
    summary = m.aggregate(records)
    assert summary["ttft_p50_s"] == rounded(2.0)
    assert summary["ttft_p95_s"] == rounded(2.9)
    assert summary["tokens_per_s"] == rounded(60 / 3.0)
    assert summary["n"] == 4


# --- summaries and gates -------------------------------------------------------------------------


def test_by_stage_groups_rows_and_keeps_rows_without_a_stage_apart():
    records = [
        golden({"hit_at_5": 1.0}, stage=1),
        golden({"hit_at_5": 0.0}, stage=2),
        golden({"hit_at_5": 1.0}, stage=2),
        golden({"refusal_correct": 1.0}, stage=None),
    ]
    stages = m.by_stage(records)
    assert list(stages) == ["1", "2", "none"]
    assert stages["2"]["hit_at_5"] == 0.5 and stages["2"]["n"] == 2
    assert stages["none"]["hit_at_5"] is None and stages["none"]["refusal_accuracy"] == 1.0


def test_ratios_divide_tutor_by_baseline_and_skip_zero_or_missing():
    ratios = m.ratios(
        {"hit_at_5": 0.9, "groundedness": 0.8, "mrr_at_10": 0.5},
        {"hit_at_5": 0.6, "groundedness": 0.0, "mrr_at_10": None},
    )
    assert ratios["hit_at_5"] == pytest.approx(1.5)
    assert ratios["groundedness"] is None and ratios["mrr_at_10"] is None and "n" not in ratios


def test_gates_pass_fail_and_skip():
    summary = {
        "hit_at_5": 0.8,
        "false_refusal_rate": 0.3,
        "grader_agreement": None,
        "ratios": {"groundedness": 0.9},
    }
    gates = {
        "min": {"hit_at_5": 0.8, "grader_agreement": 0.5},
        "max": {"false_refusal_rate": 0.2},
        "min_ratio": {"groundedness": 1.0},
    }
    results = {(g.kind, g.metric): g for g in m.check_gates(summary, gates)}
    assert results[("min", "hit_at_5")].passed is True  # equal to the threshold passes
    assert results[("max", "false_refusal_rate")].passed is False
    assert "FAILS" in results[("max", "false_refusal_rate")].reason
    assert results[("min_ratio", "groundedness")].passed is False
    assert results[("min", "grader_agreement")].passed is None  # no grading rows: skipped


def test_gates_reject_unknown_metrics_and_kinds():
    with pytest.raises(ValueError, match="unknown metric"):
        m.check_gates({}, {"min": {"hit_at_50": 0.5}})
    with pytest.raises(ValueError, match="unknown gate kind"):
        m.check_gates({}, {"at_least": {"hit_at_5": 0.5}})


# --- quiz key validity (evals.quiz_keys) ----------------------------------------------------------


def _bag_embed(texts):
    """Hashed bag of words, normalised: the cosine of two texts measures their shared words."""
    import hashlib
    import math

    out = []
    for t in texts:
        v = [0.0] * 512
        for w in t.lower().replace(".", " ").split():
            v[int(hashlib.md5(w.encode()).hexdigest(), 16) % 512] += 1.0
        n = math.sqrt(sum(x * x for x in v)) or 1.0
        out.append([x / n for x in v])
    return out


PASSAGE = (
    "Precision is the share of predicted positives that are truly positive. "
    "Recall is the share of actual positives that the model finds."
)


def _q(**kw):
    from app.core.corpus import Question

    base = {"id": "s2-metrics-q01", "item_id": "s2-metrics", "explanation": "-", "difficulty": 1}
    return Question(**{**base, "heading": "Key definitions", **kw})


def test_quiz_key_validity_on_hand_made_questions():
    from evals.quiz_keys import key_validity

    good = _q(
        type="mcq",
        question="What is precision?",
        options=[
            "The share of predicted positives that are truly positive",
            "The colour of ripe bananas",
            "A way to bake bread",
            "The speed of light in water",
        ],
        answer=0,
    )
    assert key_validity(good, PASSAGE, _bag_embed).value == 1.0
    wrong_key = good.model_copy(update={"answer": 1})  # the passage backs option 0, not the key
    score = key_validity(wrong_key, PASSAGE, _bag_embed)
    assert score.value == 0.0 and score.reason == "not in the passage: The colour of ripe bananas"
    number = good.model_copy(update={"options": ["0.6", "0.3", "6", "1"]})
    assert key_validity(number, PASSAGE, _bag_embed).value is None  # no words to look for
    points = ["share of actual positives", "that the model finds"]
    short = _q(type="short_answer", question="Define recall.", answer="-", key_points=points)
    assert key_validity(short, PASSAGE, _bag_embed).value == 1.0
    missing = short.model_copy(update={"key_points": [points[0], "harmonic mean of both"]})
    assert "harmonic mean of both" in key_validity(missing, PASSAGE, _bag_embed).reason
    true_tf = _q(type="true_false", question="Recall is the share of actual positives the model finds.", answer=True)
    assert key_validity(true_tf, PASSAGE, _bag_embed).value == 1.0
    false_tf = true_tf.model_copy(update={"answer": False})
    assert key_validity(false_tf, PASSAGE, _bag_embed).value is None  # not checkable by evidence


def test_quiz_key_records_find_the_passage_under_the_heading_and_aggregate():
    from app.core.corpus import Reading
    from evals.quiz_keys import heading_passage, quiz_key_records

    reading = Reading(
        id="s2-metrics",
        item_id="s2-metrics",
        stage=2,
        section="Model Evaluation",
        title="Metrics",
        body=f"## Intuition\n\nCounting errors.\n\n## Key definitions\n\n{PASSAGE}\n\n## Worked example\n\nNumbers.",
        path="x.md",
    )
    assert heading_passage(reading, "Key definitions") == PASSAGE
    assert heading_passage(reading, "Nope") is None
    questions = [
        _q(type="short_answer", question="Define recall.", answer="-", key_points=["actual positives", "model finds"]),
        _q(type="short_answer", question="F1?", answer="-", key_points=["harmonic mean", "precision and recall"]),
        _q(type="true_false", question="Precision is recall.", answer=False),
        _q(type="short_answer", question="?", answer="-", key_points=["x", "y"], heading="Gone"),
    ]
    records = quiz_key_records(questions, {"s2-metrics": reading}, {"s2-metrics": 2}, _bag_embed)
    assert [r["metrics"]["quiz_key_valid"] for r in records] == [1.0, 0.0, None, 0.0]
    assert "no passage under 'Gone'" in records[3]["reasons"]["quiz_key_valid"]
    summary = m.aggregate(records)
    assert summary["quiz_key_validity"] == pytest.approx(1 / 3, abs=1e-4) and summary["n_quiz_keys"] == 3
    assert summary["n"] == 0


# --- fragment_rate: the answer format rules --------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        ("", "empty"),
        ("[1] Precision is the share of flagged cases that are right.", "bare citation"),
        ("a probability that H0 is true, nor the probability the result happened by chance [2].", "starts mid"),
        ("Covariance matrices are symmetric, which is why [1]", "ends mid"),
        ("[1] Model Evaluation (stage 2, Model Evaluation)\nPrecision is TP / (TP + FP) [1].", "bare citation"),
        ("Evaluation metrics (stage 2, Model Evaluation)\nPrecision is TP / (TP + FP) [1].", "pasted label"),
        ("### Key definitions\nPrecision is TP / (TP + FP) [1].", "pasted heading"),
    ],
)
def test_fragments_are_caught(answer, why):
    assert fragment(answer, False).value == 1.0, why


@pytest.mark.parametrize(
    "answer",
    [
        "Precision is TP / (TP + FP) [1]. Recall is TP / (TP + FN) [1].",
        "**Views versus copies.** Basic slicing returns a *view* [1].",
        "The roadmap material I have does not cover that, so I won't guess.",
        "The roadmap material I have does not cover that. The nearest sections are: Deployment (stage 4).",
        "Use `df.loc` for labels [2].\n\n**Worked example.** A fraud model flags 60 cases [3].",
    ],
)
def test_whole_answers_are_not_fragments(answer):
    assert fragment(answer, False).value == 0.0, fragment(answer, False).reason

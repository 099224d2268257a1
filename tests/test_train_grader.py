"""The grader's trees: exported from scikit-learn as plain arrays that predict the same, the file
in the repository trained on the datasets as they are now, and the training report's arithmetic."""

from __future__ import annotations

import hashlib
import json
import random

from app.core.corpus import load_corpus
from app.learning.answer_features import FEATURES
from app.learning.verdict_model import MODEL_PATH, VerdictModel, load_model
from evals.train_grader import export, key_word_answers, scores
from tests.conftest import REPO


def test_exported_trees_give_scikit_learns_probabilities_and_survive_json():
    import numpy as np
    from sklearn.ensemble import GradientBoostingClassifier

    rng = random.Random(3)
    X = np.array([[rng.random() for _ in FEATURES] for _ in range(150)])
    y = np.array(["correct" if x[1] > 0.6 else "incorrect" if x[2] < 0.4 else "partially_correct" for x in X])
    fitted = GradientBoostingClassifier(n_estimators=20, max_depth=2, random_state=0).fit(X, y)
    model = VerdictModel.from_json(json.loads(json.dumps(export(fitted, {"note": "x"}).to_json())))
    mine = [[model.probabilities(dict(zip(FEATURES, x, strict=True)))[c] for c in fitted.classes_] for x in X.tolist()]
    assert np.abs(np.array(mine) - fitted.predict_proba(X)).max() < 1e-9
    assert model.meta == {"note": "x"}


def test_the_shipped_trees_were_trained_on_the_datasets_as_committed():
    """Edit a labelled set and this fails until `python -m evals.train_grader` is rerun."""
    meta = load_model().meta
    for name, digest in meta["trained_on"].items():
        path = REPO / "evals" / "datasets" / name
        assert hashlib.sha256(path.read_bytes()).hexdigest()[:16] == digest, name
    assert load_model(MODEL_PATH).features == FEATURES
    assert meta["grouped_cv"]["n"] == sum(len(p.read_text().splitlines()) for p in
                                          (REPO / "evals" / "datasets" / n for n in meta["trained_on"]))  # fmt: skip


def test_answers_in_the_keys_own_words_are_made_for_every_short_answer_question():
    questions = load_corpus(REPO / "corpus").questions
    rows = key_word_answers(questions)
    short = [q for q in questions if q.type == "short_answer"]
    assert len(rows) == 3 * len(short) and {r["label"] for r in rows} == {"correct"}
    first = next(r for r in rows if r["kind"] == "key_key_points")
    assert "|" not in first["student_answer"]


def test_scores_count_agreement_false_accepts_credit_and_the_matrix():
    labels = ["correct", "correct", "incorrect", "incorrect", "partially_correct"]
    verdicts = ["correct", "incorrect", "correct", "incorrect", "partially_correct"]
    s = scores(labels, verdicts, ["a", "a", "b", "b", "c"])
    assert (s["agreement"], s["false_accept"], s["correct_credited"]) == (0.6, 0.5, 0.5)
    assert s["confusion"]["incorrect"]["correct"] == 1 and s["right_per_kind"] == {"a": "1/2", "b": "1/2", "c": "1/1"}


def test_a_feature_just_above_a_threshold_goes_the_way_scikit_learns_float32_sends_it():
    from app.learning.verdict_model import Tree

    tree = Tree(feature=(0, -1, -1), threshold=(0.5, 0.0, 0.0), left=(1, -1, -1), right=(2, -1, -1), value=(0, 1, 2))
    model = VerdictModel(("f",), ("a", "b"), (0.0, 0.0), 1.0, ((tree, Tree((-1,), (0.0,), (-1,), (-1,), (0.0,))),), {})
    just_above = 0.5 + 1e-12  # above the threshold in float64, equal to it in float32
    assert model.probabilities({"f": just_above}) == model.probabilities({"f": 0.5})
    assert model.probabilities({"f": 0.6})["a"] != model.probabilities({"f": 0.5})["a"]

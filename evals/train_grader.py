"""Train the short-answer grader's verdict trees on labelled answers and report how they do on
questions they were not trained on.

    python -m evals.train_grader [--train evals/datasets/grading-kinds.jsonl evals/datasets/grading-kinds-b.jsonl]
                                 [--test evals/datasets/grading.jsonl ...] [--out app/learning/verdict_model.json]

The written answers are joined by the key's own words, as correct (`key_word_answers`). Features come
from `app.learning.answer_features` with the real embedding model. The report:
grouped cross-validation on the training answers (folds by question, so every figure is on
questions whose answers the trees never saw), then the final trees (trained on all training answers)
on each --test set, written by other people. Each with agreement, wrong answers accepted as
correct, correct answers credited, per-kind counts and the label x verdict matrix. The exported
file carries these figures and the training data's hashes. Pure parts: `scores`, `export`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

from app.learning.answer_features import FEATURES, answer_features
from app.learning.grading import decide
from app.learning.roles import RoleCheck, check_roles
from app.learning.verdict_model import MODEL_PATH, Tree, VerdictModel

__all__ = ["export", "scores"]

DATA = Path(__file__).parent / "datasets"
PARAMS = {
    "max_depth": 5,
    "learning_rate": 0.05,
    "n_estimators": 150,
    "min_samples_leaf": 10,
    "subsample": 0.8,
    "random_state": 0,
}
LABELS = ("correct", "partially_correct", "incorrect")


def scores(labels: list[str], verdicts: list[str], kinds: list[str] | None = None) -> dict:
    """Agreement, wrong accepted as correct, correct credited, right per kind, label x verdict."""
    pairs = list(zip(labels, verdicts, strict=True))
    wrong = [v for lab, v in pairs if lab == "incorrect"]
    right = [v for lab, v in pairs if lab == "correct"]
    out = {
        "n": len(pairs),
        "agreement": round(sum(lab == v for lab, v in pairs) / max(1, len(pairs)), 3),
        "false_accept": round(wrong.count("correct") / max(1, len(wrong)), 3),
        "correct_credited": round(right.count("correct") / max(1, len(right)), 3),
        "confusion": {lab: {v: sum(1 for p in pairs if p == (lab, v)) for v in LABELS} for lab in LABELS},
    }
    if kinds:
        total, hit = Counter(kinds), Counter(k for k, (lab, v) in zip(kinds, pairs, strict=True) if lab == v)
        out["right_per_kind"] = {k: f"{hit[k]}/{total[k]}" for k in sorted(total)}
    return out


def export(model, meta: dict) -> VerdictModel:
    """scikit-learn's GradientBoostingClassifier as plain trees (classes in the model's order)."""
    import numpy as np

    stages = tuple(
        tuple(
            Tree(
                tuple(int(f) for f in est.tree_.feature),
                tuple(float(t) for t in est.tree_.threshold),
                tuple(int(c) for c in est.tree_.children_left),
                tuple(int(c) for c in est.tree_.children_right),
                tuple(float(v) for v in est.tree_.value[:, 0, 0]),
            )
            for est in stage
        )
        for stage in model.estimators_
    )
    probe = np.zeros((1, model.n_features_in_))
    tree_sum = [
        sum(tree(list(probe[0])) for tree in (stage[k] for stage in stages)) for k in range(len(model.classes_))
    ]
    raw = model.decision_function(probe)[0]
    init = tuple(float(r - model.learning_rate * s) for r, s in zip(raw, tree_sum, strict=True))
    return VerdictModel(FEATURES, tuple(str(c) for c in model.classes_), init, float(model.learning_rate), stages, meta)


def key_word_answers(questions) -> list[dict]:
    """Correct answers in the key's own words, made from the bank: the reference answer, its
    sentences in reverse order without capitals or final stops, and the key points joined (first
    alternative each). The written sets avoid the key's wording on purpose (a paraphrase must use
    other words), and role swaps reuse it; without these rows the trees learn that an answer close
    to the reference's words is a swap, and mark the textbook answer incorrect."""
    from app.core.text import split_sentences

    out = []
    for q in questions:
        if q.type != "short_answer":
            continue
        sentences = split_sentences(q.answer) or [q.answer]
        variants = {
            "reference": q.answer,
            "reordered": " ".join(s.rstrip(".").lower() for s in reversed(sentences)),
            "key_points": "; ".join(p.split(" | ")[0] for p in q.key_points),
        }
        for kind, answer in variants.items():
            out.append(
                {
                    "id": f"kw-{q.id}-{kind}",
                    "question_id": q.id,
                    "question": q.question,
                    "reference_answer": q.answer,
                    "key_points": q.key_points,
                    "student_answer": answer,
                    "label": "correct",
                    "kind": f"key_{kind}",
                }
            )
    return out


def _rows(paths: list[Path]) -> list[dict]:
    return [json.loads(line) for p in paths for line in p.read_text().splitlines() if line.strip()]


def _features(rows: list[dict], embed, label: str) -> list[list[float]]:
    out = []
    for i, r in enumerate(rows, 1):
        f, _, _ = answer_features(r["key_points"], r["student_answer"], r["reference_answer"], r["question"], embed)
        out.append([f[name] for name in FEATURES])
        if i % 50 == 0 or i == len(rows):
            print(f"\r  features {label}: {i}/{len(rows)}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return out


def role_checks(rows: list[dict], questions) -> list[RoleCheck | None]:
    """Each answer read against its bank question's role constraints (None where it has none)."""
    bank = {q.id: q for q in questions}
    out = []
    for r in rows:
        q = bank.get(r.get("question_id", ""))
        if q is None or not (q.roles or q.order):
            out.append(None)
            continue
        out.append(check_roles(r["student_answer"], [b.model_dump() for b in q.roles or []], q.order, q.exact))
    return out


def _verdicts(model: VerdictModel, matrix: list[list[float]], checks: list[RoleCheck | None]) -> list[str]:
    out = []
    for x, check in zip(matrix, checks, strict=True):
        features = dict(zip(FEATURES, x, strict=True))
        out.append(decide(model.probabilities(features), features, roles=check)[0])
    return out


def _print(title: str, s: dict) -> None:
    print(
        f"{title}: n={s['n']} agreement {s['agreement']:.3f}, wrong accepted as correct {s['false_accept']:.3f}, "
        f"correct credited {s['correct_credited']:.3f}"
    )
    if "right_per_kind" in s:
        print("  right per kind: " + ", ".join(f"{k} {v}" for k, v in s["right_per_kind"].items()))
    print("  label \\ verdict   " + "  ".join(f"{v:>17}" for v in LABELS))
    for lab in LABELS:
        print(f"  {lab:<17} " + "  ".join(f"{s['confusion'][lab][v]:>17}" for v in LABELS))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.train_grader", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--train", type=Path, nargs="+", default=[DATA / "grading-kinds.jsonl", DATA / "grading-kinds-b.jsonl"]
    )
    parser.add_argument("--test", type=Path, nargs="*", default=[DATA / "grading.jsonl"])
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)

    import numpy as np
    import sklearn
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.model_selection import GroupKFold

    from app.core.providers import make_embeddings
    from app.core.settings import Settings

    embed = make_embeddings(Settings(), bulk=True).embed_documents
    from app.core.corpus import load_corpus

    questions = load_corpus(Path(__file__).parents[1] / "corpus").questions
    train = _rows(args.train) + key_word_answers(questions)
    checks = role_checks(train, questions)
    X = np.array(_features(train, embed, "train"))
    y = np.array([r["label"] for r in train])
    groups = np.array([r["question_id"] for r in train])
    kinds = [r.get("kind", "?") for r in train]

    verdicts = np.empty(len(y), dtype=object)
    for fold, (tr, te) in enumerate(GroupKFold(n_splits=args.folds).split(X, y, groups), 1):
        fitted = GradientBoostingClassifier(**PARAMS).fit(X[tr], y[tr])
        verdicts[te] = _verdicts(export(fitted, {}), X[te].tolist(), [checks[i] for i in te])
        print(f"\r  cross-validation fold {fold}/{args.folds}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    written = [i for i, r in enumerate(train) if not r["id"].startswith("kw-")]
    cv = scores([y[i] for i in written], [verdicts[i] for i in written], [kinds[i] for i in written])
    _print(f"grouped {args.folds}-fold CV, written answers, {len(set(groups))} questions held out in turn", cv)
    key_words = [i for i in range(len(train)) if i not in set(written)]
    credited = sum(verdicts[i] == "correct" for i in key_words) / max(1, len(key_words))
    print(f"grouped CV, answers in the key's own words: {credited:.3f} of {len(key_words)} graded correct")
    cv["key_words_credited"] = round(credited, 3)

    fitted = GradientBoostingClassifier(**PARAMS).fit(X, y)
    meta = {
        "trained_on": {p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:16] for p in args.train},
        "rows": len(train),
        "key_word_rows": sum(1 for r in train if r["id"].startswith("kw-")),
        "params": PARAMS,
        "sklearn": sklearn.__version__,
        "unsure_below": "see app.learning.grading.UNSURE_BELOW",
        "grouped_cv": cv,
        "tests": {},
    }
    model = export(fitted, meta)
    mismatch = float(np.abs(np.array([list(model.probabilities(dict(zip(FEATURES, x, strict=True))).values())
                                      for x in X.tolist()]) - fitted.predict_proba(X)).max())  # fmt: skip
    assert mismatch < 1e-9, f"exported trees disagree with scikit-learn by {mismatch}"
    for path in args.test:
        rows = _rows([path])
        verdicts = _verdicts(model, _features(rows, embed, path.name), role_checks(rows, questions))
        s = scores([r["label"] for r in rows], verdicts, [r.get("kind", "?") for r in rows])
        meta["tests"][path.name] = s
        _print(f"final trees on {path.name} (not trained on)", s)
    args.out.write_text(json.dumps(model.to_json(), separators=(",", ":")) + "\n")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The grader's verdict from answer features: gradient-boosted trees read from a JSON file. Pure.

The trees are trained by `python -m evals.train_grader` on labelled answers (scikit-learn's
GradientBoostingClassifier) and exported as plain arrays, so grading needs no pickle and no
scikit-learn at run time, and the file shows what it was trained on and how it scored on
questions held out of the training.
"""

from __future__ import annotations

import json
import math
import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = ["MODEL_PATH", "VerdictModel", "load_model"]

MODEL_PATH = Path(__file__).with_name("verdict_model.json")


@dataclass(frozen=True)
class Tree:
    feature: tuple[int, ...]  # -1 at a leaf
    threshold: tuple[float, ...]  # go left when x[feature] <= threshold
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]

    def __call__(self, x: list[float]) -> float:
        node = 0
        while self.feature[node] >= 0:
            node = self.left[node] if x[self.feature[node]] <= self.threshold[node] else self.right[node]
        return self.value[node]


@dataclass(frozen=True)
class VerdictModel:
    features: tuple[str, ...]
    classes: tuple[str, ...]
    init: tuple[float, ...]  # raw score per class before any tree
    learning_rate: float
    trees: tuple[tuple[Tree, ...], ...]  # per boosting stage, one tree per class
    meta: dict

    def probabilities(self, features: dict[str, float]) -> dict[str, float]:
        x = [_float32(float(features[name])) for name in self.features]
        raw = list(self.init)
        for stage in self.trees:
            for k, tree in enumerate(stage):
                raw[k] += self.learning_rate * tree(x)
        top = max(raw)
        exp = [math.exp(r - top) for r in raw]
        total = sum(exp)
        return {c: e / total for c, e in zip(self.classes, exp, strict=True)}

    def to_json(self) -> dict:
        return {
            "features": list(self.features),
            "classes": list(self.classes),
            "init": list(self.init),
            "learning_rate": self.learning_rate,
            "trees": [
                [
                    {"feature": t.feature, "threshold": t.threshold, "left": t.left, "right": t.right, "value": t.value}
                    for t in stage
                ]
                for stage in self.trees
            ],
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, data: dict) -> VerdictModel:
        trees = tuple(
            tuple(
                Tree(tuple(t["feature"]), tuple(t["threshold"]), tuple(t["left"]), tuple(t["right"]), tuple(t["value"]))
                for t in stage
            )
            for stage in data["trees"]
        )
        return cls(
            tuple(data["features"]),
            tuple(data["classes"]),
            tuple(data["init"]),
            float(data["learning_rate"]),
            trees,
            data.get("meta", {}),
        )


def _float32(value: float) -> float:
    """scikit-learn's trees compare features as float32: round the same way so that a value just
    above a threshold in float64 goes the same side as in training."""
    return struct.unpack("f", struct.pack("f", value))[0]


@cache
def load_model(path: Path = MODEL_PATH) -> VerdictModel:
    return VerdictModel.from_json(json.loads(path.read_text()))

"""Session 34 (heldout34), blind set B: the pseudo-residuals the first tree of gradient boosting is fitted to, for
squared error (start from the mean, residuals y - F) and for absolute error (start from the median, the sign of
y - F), each the negative gradient of its loss. Pure functions."""

from __future__ import annotations

import re
import statistics

from app.answering.compute.models import _targets
from app.answering.compute.parse import Worked, fmt, signed_sum, vec

_SQUARED = r"squared[- ]error|squared loss|\bL2\b|\bMSE\b|½\s*\(y\s*-\s*F\)\s*(?:²|\^2)|\(y\s*-\s*F\)\s*(?:²|\^2)"
_ABSOLUTE = r"absolute[- ](?:error|loss)|\bL1\b|\bMAE\b|\|\s*y\s*-\s*F\s*\|"


def _signed(x: float) -> str:
    return f"+{fmt(x)}" if x > 0 else fmt(x)


def boosting_pseudo_residuals(question: str) -> Worked | None:
    """'gradient boosting, targets 2, 4, 9, 25: what pseudo-residuals does the first tree get, for squared error from
    the mean and for absolute error from the median?': r_i = -∂L/∂F at F0, y - F0 for ½(y - F)², sign(y - F0) for
    |y - F|."""
    if not re.search(r"boost", question, re.I):
        return None
    if not re.search(r"pseudo[- ]?residuals?|negative gradient|first tree", question, re.I):
        return None
    if not re.search(r"pseudo[- ]?residuals?|negative gradient|absolute", question, re.I):
        return None  # a squared-error round asked as leaves and predictions: `boosting` works it whole
    if re.search(r"huber|quantile|log[- ]?loss|cross[- ]entropy|logistic|classif|exponential loss", question, re.I):
        return None  # other losses have other gradients
    ys = _targets(question)
    if not ys or len(ys) < 2 or len(ys) > 12:
        return None
    squared, absolute = re.search(_SQUARED, question, re.I), re.search(_ABSOLUTE, question, re.I)
    if not squared and not absolute:
        return None  # the pseudo-residuals depend on the loss: none named, none computed
    steps: list[str] = []
    if squared:
        f0 = sum(ys) / len(ys)
        res = [y - f0 for y in ys]
        steps.append(
            f"squared error L = ½(y - F)²: F0 = mean = ({signed_sum(ys)}) / {len(ys)} = {fmt(f0)}; "
            f"-∂L/∂F = y - F, so the first tree is fitted to y - {fmt(f0)} = {vec(res)}"
        )
    if absolute:
        f0 = statistics.median(ys)
        ordered = sorted(ys)
        mid = len(ys) // 2
        how = (
            f"the middle value of {vec(ordered)}"
            if len(ys) % 2
            else f"({fmt(ordered[mid - 1])} + {fmt(ordered[mid])}) / 2 of {vec(ordered)}"
        )
        signs = [(y > f0) - (y < f0) for y in ys]
        steps.append(
            f"absolute error L = |y - F|: F0 = median = {how} = {fmt(f0)}; -∂L/∂F = sign(y - F), so the first "
            f"tree is fitted to sign(y - {fmt(f0)}) = [{', '.join(_signed(s) for s in signs)}]"
        )
    if squared and absolute:
        f_mean = sum(ys) / len(ys)
        far = max(range(len(ys)), key=lambda i: abs(ys[i] - f_mean))
        rest = max(abs(ys[i] - f_mean) for i in range(len(ys)) if i != far) if len(ys) > 1 else 0
        steps.append(
            f"the target {fmt(ys[far])} pulls with {fmt(ys[far] - f_mean)} under squared error (the next largest "
            f"pull is {fmt(rest)}), but with at most 1 in size under absolute error"
        )
        note = (
            "Under squared error a point's pull grows with its residual, so one extreme target can dominate the trees; "
            "under absolute error every pull is ±1 (0 on the median), which is why it is more robust to outliers. "
            "Each tree's output is added scaled by the learning rate ν, and the next round recomputes the "
            "pseudo-residuals from the updated predictions."
        )
    else:
        note = (
            "Each tree's output is added scaled by the learning rate ν, and the next round recomputes the "
            "pseudo-residuals from the updated predictions."
        )
    return Worked("boosting_pseudo_residuals", "s2-ensemble-methods", r"\*\*pseudo-residuals\*\*", tuple(steps), note)

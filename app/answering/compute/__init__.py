"""Worked computations with the learner's own numbers. Pure functions, no model.

Heldout review (heldout6): about a quarter of the questions gave numbers of their own ("TP = 30,
FP = 10 ...", "a 64x64 RGB input", "f(x, y) = 3x^2 + xy at (1, 2)") and got the reading's method
with the reading's numbers, never their own result. The small model cannot be trusted with
arithmetic, so each calculator reads the numbers from the question, does the arithmetic in Python
and shows every step, citing the reading that teaches the formula. A calculator computes nothing
when it cannot tell which number is which (two candidates for one role, a role missing): showing
no result is better than showing a wrong one as the tutor's.

The calculators live by roadmap stage: `maths` (stage 1 mathematics and NumPy), `stats`
(probability, statistics, data preparation), `models` (classical ML), `deep` (neural networks, RL,
NLP) and `systems` (production and applications); `parse` holds what they share. `work(question)`
returns the first calculator's `Worked` result, or None.
"""

from __future__ import annotations

from collections.abc import Callable

from app.answering.compute.deep import discounted, params, q_update, softmax
from app.answering.compute.maths import axis, broadcast, calculus, linalg
from app.answering.compute.models import confusion, counts, runs
from app.answering.compute.parse import Worked, fmt
from app.answering.compute.stats import bayes, zscore
from app.answering.compute.systems import dag, iou

__all__ = ["CALCULATORS", "Worked", "fmt", "work"]

CALCULATORS: tuple[Callable[[str], Worked | None], ...] = (
    confusion,
    bayes,
    iou,
    params,
    axis,
    broadcast,
    calculus,
    softmax,
    discounted,
    q_update,
    zscore,
    linalg,
    dag,
    counts,
    runs,
)


def work(question: str) -> Worked | None:
    """The learner's own computation, done step by step, or None when no calculator is sure."""
    for calculator in CALCULATORS:
        try:
            result = calculator(question)
        except (ValueError, ZeroDivisionError, OverflowError, IndexError, KeyError, TypeError):
            result = None
        if result is not None and result.steps:
            return result
    return None

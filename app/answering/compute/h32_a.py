"""Calculators from the h32 review: how the margin of a confidence interval scales with the sample size (the
sample needed for a narrower margin, the margin a bigger sample gives). Each reads the learner's numbers only
when it is sure of them and returns None otherwise. Pure functions."""

from __future__ import annotations

import math
import re

from app.answering.compute.parse import NUM, Worked, fmt, to_float

# --- the margin of a confidence interval and the sample size (s1-probability-statistics) ----------------------

_INTERVAL = re.compile(r"confidence interval|\bCI\b|margin of error|\bmargin\b", re.I)
_OTHER_METHOD = re.compile(r"\bMDE\b|minimum detectable|\bpower\b|two[- ]sided test|p[- ]value", re.I)
# "±4 percentage points", "+/- 3%", "plus or minus 2", "a margin of error of 5 points"
_MARGIN = re.compile(
    rf"(?:±|\+/-|\+-|plus or minus)\s*({NUM})(?!\s*(?:users|people|respondents|customers|participants|samples))"
    rf"|margin(?:\s+of\s+error)?\s*(?:of|is|was|=|:)?\s*(?:about|around|roughly|approximately|~)?\s*({NUM})\b"
    rf"(?!\s*(?:users|people|respondents|customers|participants|samples))",
    re.I,
)
_UNITS = (
    r"(?:users|people|respondents|customers|participants|samples|observations|subjects|responses|visitors|"
    r"patients|households|voters)"
)
_SIZE = re.compile(rf"\b(\d[\d,]*)\s+(?:\w+\s+)?{_UNITS}\b|\bn\s*=\s*(\d[\d,]*)\b", re.I)
_TO_SIZE = re.compile(
    r"\b(?:doubl\w*|tripl\w*|quadrupl\w*|go(?:es|ing)?|increas\w*|grow\w*|rais\w*|bump\w*|scal\w*|expand\w*)\s+"
    r"(?:it\s+|n\s+|the\s+(?:sample|survey)(?:\s+size)?\s+)?to\s+(\d[\d,]*)\b",
    re.I,
)
_MULTIPLE = re.compile(r"\b(doubl|tripl|quadrupl)\w*", re.I)
_ASKS_SIZE = re.compile(r"how many|sample size|\bneed\b|required|enough", re.I)
_CONFIDENCE = re.compile(
    rf"({NUM})\s*%\s*(?:confidence|CI\b|interval)|confidence(?: level)?\s*(?:of\s*)?({NUM})\s*%", re.I
)


def margin_scaling(question: str) -> Worked | None:
    """ "300 users gave a 95% CI of ±4 points; we want ±1: how many users? and the margin at 600?" -> the margin
    scales with the standard error σ / √n, so n × (4 / 1)² = 4,800 users, and 4 / √(600 / 300) = ±2.83."""
    if not _INTERVAL.search(question) or _OTHER_METHOD.search(question):
        return None
    levels = {to_float(m[1] or m[2]) for m in _CONFIDENCE.finditer(question)}
    if len(levels) > 1:
        return None  # a different confidence level changes z as well as n
    margins = [to_float(m[1] or m[2]) for m in _MARGIN.finditer(question)]
    margins = list(dict.fromkeys(margins))
    sizes = list(dict.fromkeys(int((m[1] or m[2]).replace(",", "")) for m in _SIZE.finditer(question)))
    targets = list(dict.fromkeys(int(m[1].replace(",", "")) for m in _TO_SIZE.finditer(question)))
    if not margins or len(margins) > 2 or not sizes or len(targets) > 1 or min(margins) <= 0:
        return None
    n, m1 = sizes[0], margins[0]
    others = [s for s in sizes[1:] if s not in targets]
    if others or n <= 1:
        return None  # a third sample size: which one is the survey's is not clear
    n2 = targets[0] if targets else (sizes[1] if len(sizes) == 2 else None)
    multiple = {"doubl": 2, "tripl": 3, "quadrupl": 4}
    said = {multiple[m[1].lower()] for m in _MULTIPLE.finditer(question)}
    if len(said) > 1:
        return None
    if said:
        k = said.pop()
        if n2 is None:
            n2 = k * n
        elif n2 != k * n:
            return None  # "doubled to 500" from 300: the words and the number disagree
    steps = [
        "the margin of the interval is z × the standard error, σ / √n, so at the same confidence it scales as 1 / √n"
    ]
    asked = False
    if len(margins) == 2 and _ASKS_SIZE.search(question):
        m2 = margins[1]
        ratio = m1 / m2
        need = n * ratio**2
        need_n = math.ceil(need - 1e-9)
        steps.append(
            f"from ±{fmt(m1)} to ±{fmt(m2)} is {fmt(m1)} / {fmt(m2)} = {fmt(ratio)} times narrower, so n must grow by "
            f"{fmt(ratio)}² = {fmt(ratio**2)}: {n:,} × {fmt(ratio**2)} = {fmt(need)}"
            + ("" if need_n == need else f", so {need_n:,}")
        )
        asked = True
    if n2 is not None and n2 != n:
        factor = n2 / n
        root = math.sqrt(factor)
        steps.append(
            f"{n2:,} / {n:,} = {fmt(factor)} times the data divides the margin by √{fmt(factor)} = {fmt(root)}: "
            f"±{fmt(m1)} / {fmt(root)} = ±{fmt(m1 / root)}"
        )
        asked = True
    if not asked:
        return None
    note = (
        "Precision is expensive: halving an interval needs four times the data. This assumes the same confidence "
        "level and a similar spread (for a rate, a similar proportion) in the bigger sample."
    )
    return Worked(
        "margin_scaling",
        "s1-probability-statistics",
        r"The standard error shrinks with the square root of the",
        tuple(steps),
        note,
    )

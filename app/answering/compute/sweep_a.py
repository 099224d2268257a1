"""Calculators from a sweep of stage 1 (probability and statistics, A/B tests, SQL, Python) for computations no
other calculator worked: an A/B test's sample size per arm and power, a two-proportion z-test on A/B results, a
sample ratio mismatch check, the standard error of a mean, the expectation and variance of a discrete
distribution, SQL aggregates over a column with NULLs, np.std against pandas' .std(), the rows dropna keeps when
columns miss independently, Simpson's paradox from per-group counts, and the size of a Hessian. Each reads the learner's
numbers only when it is sure of them and returns None otherwise. Pure functions."""

from __future__ import annotations

import math
import re
from statistics import NormalDist

from app.answering.compute.h31_c import sql_groups
from app.answering.compute.parse import (
    BYTES_PER_VALUE,
    NUM,
    SCALE,
    WORDS,
    Worked,
    as_rate,
    bracketed,
    fmt,
    literal,
    pct,
    prose_lists,
    prose_spans,
    scaled,
    to_float,
)

_Z = NormalDist()
# a rate written as a percentage or a decimal below 1 ("10%", "0.05"), not "3 out of 4"
_PCT = rf"(?:{NUM})\s*(?:%|percent\b)|(?<![\d.,])0?\.\d+(?!\d|\.\d)"
_UNIT = r"(?<![\d.])[01](?!\d|\.\d)"  # a probability of exactly 0 or 1
_UNITS = r"(?:users|visitors|people|customers|sessions|samples|participants|subjects|accounts|members|players)"


def _rate(text: str) -> float | None:
    value = as_rate(text)
    return value if value is not None and 0 < value < 1 else None


def _alpha(question: str) -> tuple[float, bool] | None:
    """The significance level and whether it was given (the usual 0.05 otherwise); None when two are given."""
    found = {
        r
        for m in re.finditer(
            rf"(?:\balpha|α|significance(?:\s+level)?)\s*(?:of|=|:|is|at)?\s*({_PCT})|({_PCT})\s+(?:significance|level)\b",
            question,
            re.I,
        )
        if (r := _rate(m[1] or m[2])) is not None
    }
    found |= {1 - r for m in re.finditer(rf"({_PCT})\s+confidence", question, re.I) if (r := _rate(m[1])) is not None}
    found = {round(a, 10) for a in found}
    if len(found) > 1:
        return None
    return (found.pop(), True) if found else (0.05, False)


# --- an A/B test's sample size per arm and its power (c-ab-testing) --------------------------------------------

_NOT_TRAFFIC = r"(?!\s*(?:of\s+(?:the\s+|all\s+)?)?(?:traffic|users|visitors|split|allocation|sessions))"
_OTHER_RATE = re.compile(r"power|alpha|α|significance|confidence|sample|traffic|split", re.I)
_LIFT = r"(?:lift|uplift|increase|improvement|rise|raise|jump|bump|boost|go(?:es)? up|move|detect\w*|improv\w*)"


def _ab_pairs(question: str) -> list[tuple[float, float]] | None:
    """(control rate, treatment rate at the MDE) pairs the question names; None when a rate's meaning is unclear."""
    base = {
        r
        for m in re.finditer(
            r"(?:baseline|control|current|existing|today'?s)\s+(?:(?!(?:gets?|got|receives?|received|has|had)\b)\w+\s+){0,2}?"
            r"(?:rate|conversion|CTR|converts?|converting)?\s*(?:is|of|=|:|at|around|about|sits at)?\s*"
            rf"(?:about\s+)?({_PCT}){_NOT_TRAFFIC}"
            rf"|\bp_?1\s*=\s*({_PCT})|({_PCT})\s+(?:baseline|control)\b",
            question,
            re.I,
        )
        if (r := _rate(m[1] or m[2] or m[3])) is not None
    }
    if len(base) > 1:
        return None
    p1 = next(iter(base)) if base else None
    pairs: list[tuple[int, float, float]] = []  # where each is named, then the two rates
    for m in re.finditer(rf"(?:from\s+)?({_PCT})\s*(?:->|→|=>|to)\s*({_PCT})", question, re.I):
        if _OTHER_RATE.search(question[max(0, m.start() - 25) : m.start()]):
            continue  # "power from 80% to 90%": not the conversion rates
        a, b = _rate(m[1]), _rate(m[2])
        if a is not None and b is not None:
            pairs.append((m.start(), a, b))
    if p1 is not None:
        for m in re.finditer(rf"{_LIFT}\b[^.?!%\d]{{0,25}}?\bto\s+({_PCT})|\bp_?2\s*=\s*({_PCT})", question, re.I):
            if _OTHER_RATE.search(m[0]):
                continue  # "increase power to 90%"
            if (b := _rate(m[1] or m[2])) is not None:
                pairs.append((m.start(), p1, b))
        points = (
            r"percentage[- ]points?|pp\b|%\s*points?\b|(?:-|\s)points?\s+(?:lift|uplift|increase|difference|change|MDE)"
        )
        for m in re.finditer(rf"(?<![\d.])({NUM})\s*(?:{points})", question, re.I):
            pairs.append((m.start(), p1, p1 + to_float(m[1]) / 100))
        relative = (
            rf"({_PCT})\s+relative\b|relative\s+(?:lift|uplift|increase|improvement|change|MDE)\s+(?:of\s+)?({_PCT})"
        )
        for m in re.finditer(relative, question, re.I):
            if (r := as_rate(m[1] or m[2])) is not None:
                pairs.append((m.start(), p1, p1 * (1 + r)))
    # "a lift of 1%", "a 2% MDE": one percentage point or 2% of the baseline? Not clear.
    unclear = re.search(
        rf"(?<!relative )(?:lift|uplift|increase|improvement|MDE|effect)\s+(?:of|is|=)\s*(?:{_PCT})"
        r"(?!\s*(?:relative|absolute|points?))"
        rf"|(?:{_PCT})(?<!relative)\s+(?:lift|uplift|increase|improvement|MDE)\b",
        question,
        re.I,
    )
    if unclear and not re.search(r"\brelative\b", question[max(0, unclear.start() - 12) : unclear.start()], re.I):
        return None
    named = dict.fromkeys((round(a, 10), round(b, 10)) for _, a, b in sorted(pairs))
    return [(a, b) for a, b in named if 0 < b < 1 and a != b] or None


def ab_sample_size(question: str) -> Worked | None:
    """Two proportions, control p1 and treatment p2 at the MDE: users per arm n ≈ (z_(1-α/2) + z_(1-β))² ×
    [p1(1 - p1) + p2(1 - p2)] / (p1 - p2)² for each pair named; and, for a number of users per arm given, the power
    Φ(|p1 - p2| √(n / [p1(1 - p1) + p2(1 - p2)]) - z_(1-α/2)). α is 0.05 two-sided and power 80% unless given."""
    if not re.search(r"\bA/?B\b|per arm|per (?:group|variant)|experiment|split test", question, re.I):
        return None
    if not re.search(
        r"\bpower\b|sample size|how many (?:users|visitors|people|customers|samples|sessions)|per arm|per group|"
        r"per variant|minimum detectable|\bMDE\b",
        question,
        re.I,
    ):
        return None
    if re.search(r"\bchi|sample ratio|\bSRM\b", question, re.I):
        return None
    pairs = _ab_pairs(question)
    alpha_given = _alpha(question)
    if not pairs or len(pairs) > 4 or alpha_given is None:
        return None
    alpha, alpha_said = alpha_given
    powers = {
        r
        for m in re.finditer(
            rf"({_PCT})\s+(?:statistical\s+)?power|\bpower\s*(?:of|=|:|is|at)?\s*({_PCT})", question, re.I
        )
        if (r := _rate(m[1] or m[2])) is not None
    }
    if len(powers) > 1:
        return None
    power_said = bool(powers)
    power = powers.pop() if powers else 0.8
    arms = {
        to_float(m[1] or m[2])
        for m in re.finditer(
            rf"({NUM})\s+(?:{_UNITS}\s+)?(?:per|in each|each|an?|for each)\s+(?:arm|group|variant|side|bucket)\b"
            rf"|\bn\s*=\s*({NUM})\s+(?:{_UNITS}\s+)?per\s+(?:arm|group|variant)",
            question,
            re.I,
        )
    }
    arms = {n for n in arms if n >= 2}
    if len(arms) > 2:
        return None
    one_sided = bool(re.search(r"one[- ](?:sided|tailed)", question, re.I))
    z_alpha = _Z.inv_cdf(1 - alpha) if one_sided else _Z.inv_cdf(1 - alpha / 2)
    z_beta = _Z.inv_cdf(power)
    factor = (z_alpha + z_beta) ** 2
    side = "one-sided" if one_sided else "two-sided"
    z_name = "z_(1-α)" if one_sided else "z_(1-α/2)"
    said = "" if alpha_said else " (the usual level; none given)"
    steps = [f"{side} α = {fmt(alpha)}{said}: {z_name} = {fmt(z_alpha)}"]
    asks_n = bool(re.search(r"sample size|how many|\bneed|required|per arm\?", question, re.I)) or not arms
    sizes = []
    if asks_n:
        said_power = "" if power_said else " (the usual choice; none given)"
        steps[0] += (
            f"; power {fmt(power)}{said_power}: z_(1-β) = {fmt(z_beta)}; "
            f"({fmt(z_alpha)} + {fmt(z_beta)})² = {fmt(factor)}"
        )
        for p1, p2 in pairs:
            var = p1 * (1 - p1) + p2 * (1 - p2)
            n = factor * var / (p1 - p2) ** 2
            need = math.ceil(n - 1e-9)
            sizes.append(need)
            steps.append(
                f"{pct(p1)} → {pct(p2)}: variance term {fmt(p1)} × {fmt(1 - p1)} + {fmt(p2)} × {fmt(1 - p2)} = "
                f"{fmt(p1 * (1 - p1), 6)} + {fmt(p2 * (1 - p2), 6)} = {fmt(var, 6)}; "
                f"n ≈ {fmt(factor)} × {fmt(var, 6)} / ({fmt(p2)} - {fmt(p1)})² = {fmt(factor * var)} / "
                f"{fmt((p2 - p1) ** 2)} = {fmt(n, 2)} → "
                f"{need:,} users per arm, {2 * need:,} in total"
            )
        if len(sizes) == 2 and sizes[0] != sizes[1]:
            small, big = sorted(sizes)
            steps.append(
                f"the smaller difference needs {fmt(big / small, 2)} times as many users ({big:,} / {small:,})"
            )
    low_power = False
    for n in sorted(arms):
        for p1, p2 in pairs:
            var = p1 * (1 - p1) + p2 * (1 - p2)
            root = abs(p2 - p1) * math.sqrt(n / var)
            z = root - z_alpha
            achieved = _Z.cdf(z)
            low_power |= achieved < 0.5
            steps.append(
                f"power with {fmt(n)} users per arm ({pct(p1)} → {pct(p2)}): z_(1-β) = {fmt(abs(p2 - p1))} × "
                f"√({fmt(n)} / {fmt(var, 6)}) - {fmt(z_alpha)} = {fmt(root)} - {fmt(z_alpha)} = {fmt(z)}; "
                f"power = Φ({fmt(z)}) = {fmt(achieved, 3)}, about {pct(achieved)}"
            )
    note = (
        "Because (p1 - p2) is squared in the denominator, halving the detectable difference needs about four times "
        "as many users; the formula assumes independent users, a sample size fixed in advance and samples large "
        "enough for the normal approximation."
    )
    if low_power:
        note += (
            " With power below 50% a real effect of that size is missed more often than found, so a non-significant "
            "result would not show that the change has no effect."
        )
    return Worked(
        "ab_sample_size", "c-ab-testing", r"the normal approximation gives the sample size per arm", tuple(steps), note
    )


# --- a two-proportion z-test on A/B results (s1-probability-statistics) ---------------------------------------

_EVENT = r"(?:conversions?|converted|clicks?|clicked|sign-?ups?|signed up|purchases?|purchased|bought|orders?|churned)"
_LABEL = re.compile(
    r"\b(control|treatment|variant\s+[A-Z]\b|version\s+[A-Z]\b|group\s+[A-Z]\b|arm\s+[A-Z]\b|(?<![\w/])[AB](?![\w/])|"
    r"old|new|baseline)",
    re.I,
)


def _ab_counts(question: str) -> list[tuple[int, int, float, float]] | None:
    """(start, end, successes, trials) of each group's result, in order; None when a result is unclear."""
    found = []
    patterns = (
        rf"({NUM})\s*(?:{_EVENT}\s+)?(?:out of|of|/)\s*({NUM})(?!\d|[.,]\d)(?!\s*(?:split|traffic|allocation))"
        rf"\s*(?:{_UNITS})?",
        rf"({NUM})\s+{_UNITS}\b[^.;?!\d]{{0,30}}?({NUM})\s+(?:of (?:them|those)\s+)?{_EVENT}",
        rf"({NUM})\s+{_EVENT}\s+(?:from|among|in|on|across)\s+({NUM})\s+{_UNITS}",
    )
    for i, pattern in enumerate(patterns):
        for m in re.finditer(pattern, question, re.I):
            a, b = to_float(m[1]), to_float(m[2])
            k, n = (b, a) if i == 1 else (a, b)
            if not (0 <= k <= n and n >= 10 and k == int(k) and n == int(n)) or (i == 0 and k + n == 100 and n < 100):
                continue  # not a count of successes among users ("50/50" is a split)
            if any(s < m.end() and m.start() < e for s, e, _, _ in found):
                continue  # the same words read by an earlier pattern
            found.append((m.start(), m.end(), k, n))
    return sorted(found) or None


def two_proportion_test(question: str) -> Worked | None:
    """Two groups' successes out of their users (an A/B test's results): the rates, the pooled rate, the pooled
    standard error, z = (p2 - p1) / SE, the two-sided p-value (normal approximation) against α, and the confidence
    interval of the difference with the unpooled standard error."""
    if not re.search(
        r"significan|p-?value|z[- ]?test|two[- ]proportion|hypothesis test|by chance|real (?:difference|lift|effect)",
        question,
        re.I,
    ):
        return None
    if not re.search(rf"\bA/?B\b|control|treatment|variant|version [AB]\b|{_EVENT}", question, re.I):
        return None
    if re.search(
        r"\bchi|sample ratio|\bSRM\b|accura|correct|\bright\b|test set|same (?:examples|data|users)|paired",
        question,
        re.I,
    ):
        return None
    counts = _ab_counts(question)
    alpha_given = _alpha(question)
    if not counts or len(counts) != 2 or alpha_given is None:
        return None
    alpha, alpha_said = alpha_given
    (s1, _, k1, n1), (s2, _, k2, n2) = counts
    labels = []
    for start, prev_end in ((s1, 0), (s2, counts[0][1])):
        names = _LABEL.findall(question[max(prev_end, start - 40) : start])
        labels.append(names[-1].strip() if names else "")
    if not all(labels) or labels[0].lower() == labels[1].lower():
        labels = ["group 1", "group 2"]
    p1, p2 = k1 / n1, k2 / n2
    pooled = (k1 + k2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return None
    z = (p2 - p1) / se
    one_sided = bool(re.search(r"one[- ](?:sided|tailed)", question, re.I))
    p_value = 1 - _Z.cdf(z) if one_sided else math.erfc(abs(z) / math.sqrt(2))  # one-sided: H1 the second is higher
    z_crit = _Z.inv_cdf(1 - alpha) if one_sided else _Z.inv_cdf(1 - alpha / 2)
    se_diff = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    level = pct(1 - alpha) if not one_sided else pct(1 - 2 * alpha)
    low, high = p2 - p1 - z_crit * se_diff, p2 - p1 + z_crit * se_diff
    a, b = labels
    said = "" if alpha_said else " (the usual level; none given)"
    steps = [
        f"H0: both groups have the same rate{f' (H1: {b} has the higher rate)' if one_sided else ''}. "
        f"{a}: {fmt(k1)} / {fmt(n1)} = {fmt(p1)}; {b}: {fmt(k2)} / {fmt(n2)} = "
        f"{fmt(p2)}; difference {fmt(p2 - p1)}"
        + (f" ({'+' if p2 >= p1 else ''}{pct((p2 - p1) / p1)} relative)" if p1 > 0 else ""),
        f"pooled rate under H0 = ({fmt(k1)} + {fmt(k2)}) / ({fmt(n1)} + {fmt(n2)}) = {fmt(pooled)}; standard error = "
        f"√({fmt(pooled)} × {fmt(1 - pooled)} × (1/{fmt(n1)} + 1/{fmt(n2)})) = {fmt(se)}",
        f"z = ({fmt(p2)} - {fmt(p1)}) / {fmt(se)} = {fmt(z, 3)}; {'one' if one_sided else 'two'}-sided p-value "
        f"(normal approximation) = {_small(p_value)}",
        f"p = {_small(p_value)} {'≤' if p_value <= alpha else '>'} α = {fmt(alpha)}{said}: "
        + ("reject H0, the difference is statistically significant" if p_value <= alpha else "fail to reject H0"),
        f"{level} interval for the difference (unpooled SE √({fmt(p1)} × {fmt(1 - p1)} / {fmt(n1)} + {fmt(p2)} × "
        f"{fmt(1 - p2)} / {fmt(n2)}) = {fmt(se_diff)}): {fmt(p2 - p1)} ± {fmt(z_crit, 3)} × {fmt(se_diff)} = "
        f"[{fmt(round(low, 4))}, {fmt(round(high, 4))}], {fmt(round(100 * low, 2))} to "
        f"{fmt(round(100 * high, 2))} percentage points",
    ]
    if p_value <= alpha:
        note = (
            "Significant is not the same as worth shipping: compare the interval for the lift with the smallest lift "
            "worth shipping (the MDE)."
        )
    else:
        note = (
            "Not significant is not proof of no effect: the test may have had too little power for a difference this "
            "size, and the interval shows which differences the data still allow."
        )
    note += " The test assumes independent users and a sample size fixed in advance (no stopping at a lucky peek)."
    return Worked(
        "two_proportion_test", "s1-probability-statistics", r"Compute a \*\*test statistic\*\*", tuple(steps), note
    )


# --- a sample ratio mismatch (c-ab-testing) -------------------------------------------------------------------


def _small(p: float) -> str:
    """A p-value with two significant figures written out (0.0000018), or a bound below 10^-12."""
    if p < 1e-12:
        return "below 0.000000000001"
    if p >= 0.0001:
        return fmt(p, 3)
    return f"{p:.{1 - math.floor(math.log10(p))}f}"


def sample_ratio_mismatch(question: str) -> Worked | None:
    """A planned split ("50/50", "60/40", "equal") and the users each arm got: expected counts, the chi-squared
    goodness-of-fit statistic with 1 degree of freedom and its p-value."""
    if not re.search(r"sample ratio|\bSRM\b|split|allocation|assign", question, re.I):
        return None
    if not re.search(
        r"sample ratio|\bSRM\b|mismatch|uneven|imbalanc|unbalanc|broken|bug|chi|significan|p-?value|by chance|off\b|"
        r"expected|problem|normal|\bok\b|okay|worr|concern|suspicious|fine|noise|chance",
        question,
        re.I,
    ):
        return None
    plan = re.findall(r"(?<![\d.])(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])(?:\s*(?:split|allocation|traffic))?", question)
    plans = {(int(a), int(b)) for a, b in plan if int(a) + int(b) == 100 and int(a) * int(b) > 0}
    if re.search(r"\b(?:equal|even|50-50|fifty[- ]fifty)\s+(?:split|allocation|traffic)", question, re.I):
        plans.add((50, 50))
    if len(plans) != 1:
        return None
    share_a, share_b = plans.pop()
    big = r"(\d{1,3}(?:,\d{3})+|\d{3,})(?!,?\d)"
    pairs = set()
    for m in re.finditer(
        rf"{big}\s*(?:{_UNITS}\s*)?(?:vs\.?|versus|against|and)\s*{big}(?!\s*(?:%|{_EVENT}))(?:\s*{_UNITS})?",
        question,
        re.I,
    ):
        pairs.add((to_float(m[1]), to_float(m[2])))
    arms = re.findall(
        rf"(?:control|treatment|variant\s+\w|group\s+\w|arm\s+\w|\b[AB]\b)\s*(?:group|arm)?\s*(?:got|had|has|received|"
        rf"gets|with|:|=)\s*{big}(?!\s*(?:%|{_EVENT}))",
        question,
        re.I,
    )
    if len(arms) == 2:
        pairs.add((to_float(arms[0]), to_float(arms[1])))
    # "25,400 users in A and 24,600 in B": each count followed by its arm
    arm = r"(?:in|for|to|on)\s+(?:(?:group|arm|variant|version)\s+)?(A|B|control|treatment)\b"
    for m in re.finditer(
        rf"{big}\s*(?:{_UNITS}\s*)?(?:were\s+)?{arm}\s*(?:,|and|vs\.?|versus|against)\s*(?:only\s+)?{big}\s*"
        rf"(?:{_UNITS}\s*)?(?:were\s+)?{arm}",
        question,
        re.I,
    ):
        first, second = m[2].lower(), m[4].lower()
        if first == second:
            return None
        a, b = to_float(m[1]), to_float(m[3])
        pairs.add((b, a) if first in ("b", "treatment") and second in ("a", "control") else (a, b))
    if len(pairs) != 1:
        return None
    a, b = pairs.pop()
    total = a + b
    others = {to_float(x) for x in re.findall(big, question)} - {a, b, total}
    if others:
        return None  # a third arm, or counts of something else: which two are the arms is not sure
    if total < 20 or (share_a != share_b and (a > b) != (share_a > share_b)):
        return None  # an uneven plan with the counts the other way round: which arm is which is not sure
    ea, eb = total * share_a / 100, total * share_b / 100
    chi2 = (a - ea) ** 2 / ea + (b - eb) ** 2 / eb
    p_value = math.erfc(math.sqrt(chi2 / 2))
    sd = math.sqrt(total * share_a / 100 * share_b / 100)
    steps = [
        f"planned {share_a}/{share_b} of {fmt(total)} users: expected {fmt(ea)} and {fmt(eb)}; observed {fmt(a)} and "
        f"{fmt(b)} ({pct(a / total)} / {pct(b / total)})",
        f"chi-squared = ({fmt(a)} - {fmt(ea)})² / {fmt(ea)} + ({fmt(b)} - {fmt(eb)})² / {fmt(eb)} = "
        f"{fmt((a - ea) ** 2 / ea)} + {fmt((b - eb) ** 2 / eb)} = {fmt(chi2, 3)}, with 1 degree of freedom",
        f"equivalently, the first arm's count is Binomial({fmt(total)}, {fmt(share_a / 100)}) if the split works: "
        f"standard deviation √({fmt(total)} × {fmt(share_a / 100)} × {fmt(share_b / 100)}) = {fmt(sd, 1)}, "
        f"z = ({fmt(a)} - {fmt(ea)}) / {fmt(sd, 1)} = {fmt((a - ea) / sd, 2)}, and z² = {fmt(chi2, 3)}",
        f"p-value = {_small(p_value)}",
    ]
    if p_value < 0.001:
        note = (
            "A split this far from the plan is very unlikely by chance: it signals broken assignment or logging (for "
            "example one variant losing some users), so the groups may no longer be comparable; find the cause "
            "before reading the test's results."
        )
    elif p_value < 0.05:
        note = (
            "The split is off by more than chance usually gives: check assignment and logging before trusting results."
        )
    else:
        note = "The split is within what chance gives for the planned ratio: no sign of a sample ratio mismatch."
    return Worked("sample_ratio_mismatch", "c-ab-testing", r"sample ratio mismatch", tuple(steps), note)


# --- the standard error of a mean (s1-probability-statistics) -------------------------------------------------

_SIGMA = r"(?:standard deviation|\bstd(?:\.|ev)?|\bsd\b|σ|\bsigma\b)"


# where the averages of n values fall (the mean given is the population's): "where do 95% of those averages fall"
_WHERE_AVERAGES = re.compile(
    r"95\s*%\s+of\s+(?:the\s+|those\s+|these\s+|our\s+|my\s+)?(?:[\w-]+\s+)?(?:averages|means)\b|"
    r"(?:averages|means)\s+(?:\w+\s+){0,3}fall\b|range\s+of\s+(?:the\s+)?(?:[\w-]+\s+)?(?:averages|means)\b",
    re.I,
)


def mean_standard_error(question: str) -> Worked | None:
    """A standard deviation σ of single values and a sample size n: the standard error of their mean σ / √n; with
    the sample's mean, a 95% interval (normal approximation); the n for a target standard error, and what halving
    it takes."""
    if not re.search(r"standard error|\bSEM\b|central limit|\bCLT\b", question, re.I):
        return None
    if re.search(
        r"poisson|proportion|\bof\s+[\d,]+\s+(?:\w+\s+){0,2}(?:right|correct)|coefficient|regression|OLS|statsmodels",
        question,
        re.I,
    ):
        return None
    if re.search(rf"{_SIGMA}\s+of\s+the\s+(?:sample\s+)?(?:mean|average)", question, re.I):
        return None  # that is the standard error itself
    sigmas = {
        to_float(m[1])
        for m in re.finditer(
            rf"{_SIGMA}\s*(?:of|is|=|:|was|about|around|roughly|≈)?\s*(?:about\s+|around\s+)?({NUM})", question, re.I
        )
    }
    units = (
        r"(?:samples|observations|requests|measurements|users|runs|readings|data points|examples|values|people|"
        r"customers|patients|items|trials|sessions|students)"
    )
    ns = {
        to_float(m[1] or m[2] or m[3])
        for m in re.finditer(
            rf"\bn\s*=\s*({NUM})|(?:average|mean|sample|batch)\s+(?:of|over|across)\s+({NUM})\b|({NUM})\s+(?:random\s+|independent\s+)?{units}",
            question,
            re.I,
        )
    }
    targets = {
        to_float(m[1])
        for m in re.finditer(
            rf"standard error\s+(?:\w+\s+){{0,2}}?(?:to|below|under|of at most|at most|≤|<=?)\s*({NUM})", question, re.I
        )
    }
    if len(sigmas) != 1 or len(ns) > 1 or (not ns and not targets):
        return None
    sigma = sigmas.pop()
    targets = {t for t in targets if 0 < t < sigma}
    if sigma <= 0 or (not ns and not targets):
        return None
    steps = []
    n = ns.pop() if ns else None
    if n is not None:
        if n < 2 or n != int(n):
            return None
        se = sigma / math.sqrt(n)
        steps.append(
            f"standard error of the mean = σ / √n = {fmt(sigma)} / √{fmt(n)} = {fmt(sigma)} / {fmt(math.sqrt(n))} = "
            f"{fmt(se)}"
        )
        means = {
            to_float(m[1])
            for m in re.finditer(
                rf"(?:sample\s+)?(?:mean|average)\s*(?:is|=|:|was|came out (?:at|as)|of|(?=\s))\s*({NUM})(?!\d|[.,]\d)"
                rf"(?!\s*{units})",
                question,
                re.I,
            )
        }
        means.discard(n)
        if len(means) == 1:
            mu = means.pop()
            low, high = mu - 1.96 * se, mu + 1.96 * se
            spread = f"{fmt(mu)} ± 1.96 × {fmt(se)} = {fmt(mu)} ± {fmt(1.96 * se)} = [{fmt(low)}, {fmt(high)}]"
            if _WHERE_AVERAGES.search(question):
                steps.append(
                    f"about 95% of averages of {fmt(n)} fall within 1.96 standard errors of the mean: {spread}"
                )
            else:
                steps.append(f"95% interval for the true mean (normal approximation): {spread}")
        if re.search(r"\bhal(?:f|ve|ving)|twice as (?:precise|narrow)|double", question, re.I):
            steps.append(
                f"half the standard error ({fmt(se / 2)}) needs 4 × {fmt(n)} = {fmt(4 * n)} values; doubling n to "
                f"{fmt(2 * n)} only divides it by √2 ≈ 1.414 (to {fmt(se / math.sqrt(2))})"
            )
    for t in sorted(targets)[:2]:
        need = (sigma / t) ** 2
        steps.append(
            f"standard error ≤ {fmt(t)}: σ / √n ≤ {fmt(t)} means n ≥ (σ / {fmt(t)})² = ({fmt(sigma)} / {fmt(t)})² = "
            f"{fmt(need)}, so {math.ceil(need - 1e-9):,} values"
        )
    note = (
        f"The standard error shrinks with √n. By the central limit theorem it describes the spread of the sample mean, "
        f"not of single values, whose standard deviation stays {fmt(sigma)} however many you collect."
    )
    if re.search(r"skew|(?:make|made|become|are|is)\s+(?:the\s+)?(?:individual|single|each)\b", question, re.I):
        note += (
            " Averaging does not change the single values: they keep their own (for example skewed) distribution; only "
            "the average is approximately normal."
        )
    if any("interval" in step for step in steps) and n is not None and n < 30:
        note += (
            " With σ estimated from a sample this small, a t critical value (a bit above 1.96) gives a slightly wider "
            "interval."
        )
    return Worked(
        "mean_standard_error", "s1-probability-statistics", r"standard error\s+sigma / sqrt\(n\)", tuple(steps), note
    )


# --- the expectation and variance of a discrete distribution (s1-probability-statistics) ----------------------

_LIST = rf"(?:{NUM})(?:\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:{NUM})){{1,9}}"
_PLIST = rf"(?:{_PCT}|{_UNIT})(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:{_PCT}|{_UNIT})){{1,9}}"


def _pmf(question: str) -> list[tuple[float, float]] | None:
    """(value, probability) pairs read one way only; None when two ways disagree or none is found."""
    ways = []
    pairs = [
        (to_float(m[1]), m[2]) for m in re.finditer(rf"P\s*\(\s*X\s*=\s*({NUM})\s*\)\s*=\s*({_PCT}|{_UNIT})", question)
    ]
    if pairs:
        ways.append(pairs)
    pairs = [
        (to_float(m[1]), m[2])
        for m in re.finditer(
            rf"(?<![\w.])\$?({NUM})\s*(?:\$|dollars?|points?|euros?)?\s+with\s+(?:a\s+)?probability\s+(?:of\s+)?({_PCT})",
            question,
            re.I,
        )
    ]
    if pairs:
        ways.append(pairs)
    m = re.search(
        rf"(?:values?\s*(?:of\s+)?(?:are\s+|:\s*|=\s*)?)?(?<![\w.])\[?({_LIST})\]?\s*(?:[a-z]+\s+){{0,2}}?,?\s*"
        r"(?:with|and|having)\s+(?:respective\s+|the\s+)?"
        rf"probabilities\s*(?:of\s+|are\s+|:\s*|=\s*)?\[?({_PLIST})\]?",
        question,
        re.I,
    )
    if m:
        xs = re.findall(NUM, m[1])
        ps = re.findall(rf"{_PCT}|{_UNIT}", m[2])
        if len(xs) != len(ps):
            return None
        ways.append([(to_float(x), p) for x, p in zip(xs, ps, strict=True)])
    if len(ways) != 1:
        return None
    out = []
    for x, p in ways[0]:
        prob = as_rate(p)
        if prob is None or not 0 <= prob <= 1:
            return None
        out.append((x, prob))
    return out


def discrete_expectation(question: str) -> Worked | None:
    """A discrete random variable's values and their probabilities (summing to 1): E[X] = Σ x P(x), Var(X) =
    E[(X - E[X])²] = Σ (x - E[X])² P(x) and the standard deviation."""
    if not re.search(
        r"expect(?:ed value|ation)|E\s*\[\s*X\s*\]|E\s*\(\s*X\s*\)|\bmean\b|variance|Var\s*\(|standard deviation",
        question,
        re.I,
    ):
        return None
    if not re.search(r"probabilit|P\s*\(\s*X\s*=|\bPMF\b", question, re.I):
        return None
    if re.search(
        r"binomial|poisson|independent|\btrials?\b|\blos[et]\b|\bloss|\bpay\b|\bcosts?\b|\bfees?\b|\bstakes?\b",
        question,
        re.I,
    ):
        return None  # a count over trials (`binomial`), or a value whose sign the words carry
    pmf = _pmf(question)
    if not pmf or not 2 <= len(pmf) <= 10 or len({x for x, _ in pmf}) != len(pmf):
        return None
    total = sum(p for _, p in pmf)
    if abs(total - 1) > 1e-9:
        return None
    mean = sum(x * p for x, p in pmf)
    var = sum((x - mean) ** 2 * p for x, p in pmf)
    second = sum(x * x * p for x, p in pmf)
    steps = [
        "probabilities sum to " + " + ".join(fmt(p) for _, p in pmf) + " = 1",
        "E[X] = Σ x P(x) = "
        + " + ".join(f"{fmt(x) if x >= 0 else f'({fmt(x)})'} × {fmt(p)}" for x, p in pmf)
        + f" = {fmt(mean)}",
        "Var(X) = E[(X - E[X])²] = "
        + " + ".join(f"({fmt(x)} - {fmt(mean)})² × {fmt(p)}" for x, p in pmf)
        + f" = {fmt(var)}; check: E[X²] - E[X]² = {fmt(second)} - {fmt(mean)}² = {fmt(second - mean * mean)}",
        f"standard deviation = √{fmt(var)} = {fmt(math.sqrt(var))}",
    ]
    note = "E[X] is the long-run average over many draws"
    note += (
        f"; it need not be a value X can take ({fmt(mean)} is not one of them)."
        if all(abs(x - mean) > 1e-9 for x, _ in pmf)
        else "."
    )
    return Worked(
        "discrete_expectation", "s1-probability-statistics", r"Var\(X\) = E\[\(X - E\[X\]\)\^2\]", tuple(steps), note
    )


# --- SQL aggregates over a column with NULLs (c-sql-nulls-joins) ----------------------------------------------

_CELL = rf"(?:{NUM}|NULL)"
_NULL_LIST = re.compile(rf"(?<![\w.]){_CELL}(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+){_CELL}){{2,}}(?!\w|\.\d)", re.I)
_AGG = re.compile(r"\b(AVG|SUM|COUNT|MIN|MAX)\s*\(\s*(?:DISTINCT\s+)?(?:\w+\.)?(\w+|\*)\s*\)", re.I)


def _table_column(question: str, column: str) -> list[float | None] | None:
    """The cells of a pipe-separated table's column named `column` (None for NULL); None without such a table."""
    lines = [line for line in question.splitlines() if "|" in line]
    for i, line in enumerate(lines):
        cells = [c.strip().lower() for c in line.strip().strip("|").split("|")]
        if column.lower() not in cells:
            continue
        at = cells.index(column.lower())
        values: list[float | None] = []
        for row in lines[i + 1 :]:
            parts = [c.strip() for c in row.strip().strip("|").split("|")]
            if all(re.fullmatch(r"[-:= ]*", p) for p in parts):
                continue  # a separator line
            if len(parts) != len(cells):
                return None
            cell = parts[at]
            if re.fullmatch(r"NULL", cell, re.I):
                values.append(None)
            elif re.fullmatch(NUM, cell):
                values.append(to_float(cell))
            else:
                return None
        return values or None
    return None


def _rows(k: int, what: str) -> str:
    return f"{k} {what} row" if k == 1 else f"{k} {what} rows"


_COUNT_WORD = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten)"


def _count(text: str) -> int:
    return int(text) if text.isdigit() else WORDS[text.lower()]


def _prose_nulls(question: str) -> list[float | None] | None:
    """A column described in words: "10 rows ... NULL for the 6 sessions with no purchase; the other four are 20,
    35, 0 and 45" -> six NULLs then the four values; None unless the NULL count, the other values and (when given)
    the row count agree."""
    nulls = {
        _count(m[1] or m[2])
        for m in re.finditer(
            rf"\bNULL\s+(?:for|in|on)\s+(?:the\s+)?(?:other\s+)?{_COUNT_WORD}\b|"
            rf"\b{_COUNT_WORD}\s+(?:of\s+them|\w+)\s+(?:are|is|were|have|has)\s+(?:a\s+)?NULL\b",
            question,
            re.I,
        )
    }
    others = list(
        re.finditer(
            rf"\b(?:the\s+)?(?:other|remaining|rest)\s+(?:{_COUNT_WORD}\s+)?(?:\w+\s+)?(?:are|were|have|:)\s*",
            question,
            re.I,
        )
    )
    if len(nulls) != 1 or len(others) != 1:
        return None
    lists = [(start, values) for start, _, values in prose_spans(question) if start == others[0].end()]
    if len(lists) != 1:
        return None
    known = lists[0][1]
    if others[0][1] and _count(others[0][1]) != len(known):
        return None
    k = nulls.pop()
    rows = {
        int(to_float(m[1]))
        for m in re.finditer(rf"\b({NUM})\s+(?:rows|records)\b(?!\s+(?:are|were|is|have|has)\b)", question, re.I)
    }
    if len(rows) > 1 or (rows and rows.pop() != k + len(known)):
        return None
    return [None] * k + list(known)


_PER_ROW = r"\bper\s+(session|row|user|visitor|visit|customer|order|record|request|account|member|day|click)\b"


def sql_null_aggregates(question: str) -> Worked | None:
    """A column's values with NULLs (a list, or a pipe table's column named in an aggregate): COUNT(*) against
    COUNT(col), SUM and AVG = SUM / COUNT(col) skipping NULLs, what treating NULL as 0 would give, MIN and MAX when
    asked, and how many rows a WHERE comparison on the column keeps (NULL rows are UNKNOWN, so dropped)."""
    if not re.search(r"\bNULL\b", question, re.I):
        return None
    if not re.search(r"\b(?:AVG|SUM|COUNT|MIN|MAX)\s*\(|\bSQL\b|\bSELECT\b|\bWHERE\b", question, re.I):
        return None
    for statement in re.findall(r"\bSELECT\b(?:[^;`\n?.]|\.(?=\w))*", question, re.I):
        if _AGG.search(statement) and re.search(r"\b(?:WHERE|HAVING|GROUP\s+BY|JOIN|OVER)\b", statement, re.I):
            return None  # the aggregate runs over filtered rows, groups or a join: not this column as listed
    if sql_groups(question):
        return None  # several groups' rows ("c1 has 40, 60; c2 has 120, NULL"): a grouped query, `sql_where_having`
    columns = list(dict.fromkeys(c for _, c in _AGG.findall(question) if c != "*"))
    if len(columns) > 1:
        return None
    column = columns[0] if columns else None
    values = _table_column(question, column) if column else None
    if values is None:
        flat = re.sub(rf"\(\s*({_CELL})\s*\)", r"\1", question, flags=re.I)  # VALUES (10), (NULL), (20)
        flat = re.sub(rf"(?:\w+\.)?\w+\s*(?:<>|!=|<=|>=|=|<|>)\s*{NUM}", " ", flat)  # conditions are not data
        found = [m[0] for m in _NULL_LIST.finditer(flat) if re.search(r"NULL", m[0], re.I) and re.search(r"\d", m[0])]
        if not found:
            values = _prose_nulls(question)
            if values is None:
                return None
        elif len(found) != 1:
            return None
        else:
            values = [
                None if re.fullmatch(r"NULL", c, re.I) else to_float(c) for c in re.findall(_CELL, found[0], re.I)
            ]
    name = column or "col"
    known = [v for v in values if v is not None]
    if not known or len(known) == len(values) or len(values) > 30:
        return None
    n, m, total = len(values), len(known), sum(known)
    shown = ", ".join("NULL" if v is None else fmt(v) for v in values)
    steps = [
        f"{name}: {shown}: {n} rows, {n - m} of them NULL",
        f"COUNT(*) = {n} (every row); COUNT({name}) = {m} (only rows where {name} is not NULL)",
        f"SUM({name}) = {' + '.join(fmt(v) for v in known)} = {fmt(total)} (NULLs skipped)",
        f"AVG({name}) = SUM({name}) / COUNT({name}) = {fmt(total)} / {m} = {fmt(total / m)}",
        f"treating NULL as 0, AVG(COALESCE({name}, 0)) = {fmt(total)} / {n} = {fmt(total / n)}: right only if a "
        "missing value really means 0",
    ]
    if per := re.search(_PER_ROW, question, re.I):
        unit = per[1].lower()
        steps.append(
            f"'per {unit}' divides by every {unit}: SUM({name}) / COUNT(*) = {fmt(total)} / {n} = {fmt(total / n)}; "
            f"AVG({name}) = {fmt(total / m)} divides only by the {m} rows with a value, so it is the average over "
            f"{unit}s with a recorded {name}, not a per-{unit} figure"
        )
    if re.search(r"\bMIN\s*\(|\bMAX\s*\(|minimum|maximum", question, re.I):
        steps.append(f"MIN({name}) = {fmt(min(known))}, MAX({name}) = {fmt(max(known))} (NULLs skipped)")
    ops = {"<>": lambda a, b: a != b, "!=": lambda a, b: a != b, "=": lambda a, b: a == b, "<": lambda a, b: a < b,
           ">": lambda a, b: a > b, "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b}  # fmt: skip
    for m_ in re.finditer(rf"\bWHERE\s+(?:\w+\.)?(\w+)\s*(<>|!=|<=|>=|=|<|>)\s*({NUM})", question, re.I):
        if column and m_[1].lower() != column.lower():
            continue
        op, v = m_[2], to_float(m_[3])
        kept = [x for x in known if ops[op](x, v)]
        steps.append(
            f"WHERE {m_[1]} {op} {fmt(v)}: {len(kept)} row{'' if len(kept) == 1 else 's'} "
            f"({', '.join(fmt(x) for x in kept) or 'none'}); on the {_rows(n - m, 'NULL')} the comparison is UNKNOWN, "
            f"so they are dropped too; adding OR {m_[1]} IS NULL keeps {len(kept) + n - m}"
        )
    note = (
        "A 0 is a real value that counts in both the sum and the count of an average, while a NULL is left out of both."
    )
    return Worked(
        "sql_null_aggregates", "c-sql-nulls-joins", r"AVG\(col\) equals SUM\(col\) / COUNT\(col\)", tuple(steps), note
    )


# --- np.std against pandas' .std() (s1-python) ----------------------------------------------------------------


def std_ddof(question: str) -> Worked | None:
    """One list of values and the two standard deviations asked about: dividing by n (ddof=0: np.std, StandardScaler)
    and by n - 1 (ddof=1: pandas' .std())."""
    libraries = sum(
        bool(re.search(p, question, re.I))
        for p in (r"np\.std|numpy", r"pandas|pd\.|\.std\(\)", r"StandardScaler", r"statistics\.stdev")
    )
    named = (
        libraries >= 2
        or re.search(r"ddof|Bessel", question, re.I)
        or (re.search(r"\bsample\b", question, re.I) and re.search(r"\bpopulation\b", question, re.I))
        or re.search(r"\bn\s*-\s*1\b", question)
    )
    if not named or not re.search(r"std|standard deviation|variance|\bvar\b", question, re.I):
        return None
    if re.search(r"\bNaN\b|missing|imput|fillna", question, re.I):
        return None  # observed values and filled ones: `imputed_spread`
    lists = [
        v
        for _, t in bracketed(question)
        if (v := literal(t)) is not None and v and all(isinstance(x, float) for x in v)
    ]
    if not lists:
        lists = [v for v in prose_lists(question) if len(v) >= 3]
    if len(lists) != 1 or not 2 <= len(lists[0]) <= 30:
        return None
    xs = lists[0]
    n = len(xs)
    mean = sum(xs) / n
    ss = sum((x - mean) ** 2 for x in xs)
    if ss == 0:
        return None
    steps = [
        f"mean = {fmt(sum(xs))} / {n} = {fmt(mean)}; squared deviations: "
        + " + ".join(fmt((x - mean) ** 2) for x in xs)
        + f" = {fmt(ss)}",
        f"divide by n (ddof=0: np.std's default, and StandardScaler): √({fmt(ss)} / {n}) = √{fmt(ss / n)} = "
        f"{fmt(math.sqrt(ss / n))}",
        f"divide by n - 1 (ddof=1: pandas' .std() default, or np.std(x, ddof=1)): √({fmt(ss)} / {n - 1}) = "
        f"√{fmt(ss / (n - 1))} = {fmt(math.sqrt(ss / (n - 1)))}",
        f"the two differ by the factor √(n / (n - 1)) = √({n} / {n - 1}) = {fmt(math.sqrt(n / (n - 1)))}, which "
        "shrinks toward 1 as n grows",
    ]
    note = (
        "Neither is a bug: dividing by n - 1 estimates the variance of the larger population the values were drawn "
        "from without bias, dividing by n gives the spread of these values themselves. Pass ddof to make NumPy and "
        "pandas agree."
    )
    return Worked("std_ddof", "s1-python", r"`np\.std` and Pandas `\.std\(\)` disagree", tuple(steps), note)


# --- the rows dropna keeps when columns miss independently (s1-data-cleaning) ---------------------------------

_PCT_ITEM = rf"{NUM}\s*%?"
_PCT_LIST = re.compile(rf"(?<![\w.,]){_PCT_ITEM}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+){_PCT_ITEM})+")


def dropna_survival(question: str) -> Worked | None:
    """Each column's missing rate p_i, the gaps independent of each other: the share of rows with no gap, the
    product of (1 - p_i), the rows that leaves of the table's rows, and the bounds any overlap of the gaps allows."""
    if not re.search(r"dropna|drop(?:ping)?\s+(?:every|all|any)\s+rows?|listwise|complete[- ]case", question, re.I):
        return None
    if not re.search(r"independen|uncorrelated", question, re.I):
        return None  # overlapping gaps keep more rows: the product holds only for independent ones
    if not re.search(r"missing|\bNaN|\bnull|gaps?\b|blank|empty", question, re.I):
        return None
    lists = []
    for m in _PCT_LIST.finditer(question):
        items = re.findall(rf"({NUM})\s*(%?)", m[0])
        if items[-1][1] != "%":
            continue  # a list of counts, not of rates
        lists.append((m.start(), m.end(), [to_float(v) / 100 for v, _ in items]))
    if len(lists) != 1:
        return None
    start, end, rates = lists[0]
    outside = question[:start] + " " + question[end:]
    if re.search(rf"{NUM}\s*%", outside) or not 2 <= len(rates) <= 30 or not all(0 < p < 1 for p in rates):
        return None  # another rate beside the list: which are the columns' is not sure
    words = "|".join(WORDS)
    stated = re.findall(rf"\b(\d+|{words})\s+(?:\w+\s+)?(?:columns|features|variables|fields)", question, re.I)
    counts = {int(c) if c.isdigit() else WORDS[c.lower()] for c in stated}
    if counts and counts != {len(rates)}:
        return None  # "six columns" with five rates: one is missing or one is not a column's
    rows = {to_float(r) for r in re.findall(rf"({NUM})\s*(?:rows|records|observations|examples|samples)", question)}
    kept = math.prod(1 - p for p in rates)
    steps = [
        f"a row survives dropna only if all {len(rates)} values are present; per column that chance is "
        + ", ".join(f"1 - {fmt(p)} = {fmt(1 - p)}" for p in rates),
        f"with independent gaps, P(row kept) = {' × '.join(fmt(1 - p) for p in rates)} = {fmt(kept)} ({pct(kept)})",
    ]
    if len(rows) == 1:
        n = rows.pop()
        steps.append(
            f"of {fmt(n)} rows: {fmt(n)} × {fmt(kept)} ≈ {fmt(round(n * kept))} kept, "
            f"{fmt(n - round(n * kept))} dropped"
        )
    worst = max(rates)
    floor = 1 - sum(rates)
    disjoint = f"1 - {' - '.join(fmt(p) for p in rates)} = {fmt(floor)}"
    disjoint += f" ({pct(floor)})" if floor >= 0 else ", so possibly none"
    steps.append(
        f"for comparison, the worst single column alone drops {pct(worst)}; if the gaps fell in the same rows dropna "
        f"would keep {pct(1 - worst)}, if they never overlapped only {disjoint}"
    )
    note = (
        "Missing values spread over several columns add up: dropping every row with a gap can discard a large share "
        "of the data, and unless the values are missing completely at random (MCAR) the rows left are a biased "
        "sample. Imputing (for example the training median, inside a Pipeline) with a missing-indicator column keeps "
        "every row."
    )
    return Worked(
        "dropna_survival",
        "s1-probability-statistics",
        r"independent if P\(A and B\) = P\(A\) P\(B\)",
        tuple(steps),
        note,
    )


# --- Simpson's paradox from per-group counts (s1-eda) ---------------------------------------------------------

_OUTCOME = (
    r"(?:(?:still|were|are|stayed|remained)\s+)?(?:active|retained|converted|conversions?|churned|survived|recovered|"
    r"successes|successful|passed|clicked|clicks|bought|purchased|admitted|cured|stayed|returned)"
)
_WHO = r"(?:users|people|customers|patients|students|applicants|visitors|accounts|members|subjects|sessions)"


def _group_counts(question: str) -> list[tuple[int, int, int, int]]:
    """(start, end, successes, total) of each count pair: '400 users / 180 active', '600 users, 330 still active',
    '180 of 400', '40/100' (the smaller number is the successes)."""
    found = []
    pattern = (
        rf"(?<![\w.,/])({NUM})\s*(?:({_WHO})\s*)?(/|,|out of|of)\s*({NUM})(?![\d/%])\s*(?:(?:{_WHO})\s*)?"
        rf"({_OUTCOME})?"
    )
    for m in re.finditer(pattern, question, re.I):
        if m[3] == "," and not (m[2] and m[5]):
            continue  # "600, 330" is a list unless the words say users and outcome
        x, y = to_float(m[1]), to_float(m[4])
        if x != int(x) or y != int(y) or max(x, y) == 0:
            continue
        if m[3] in ("of", "out of") and x > y:
            continue
        found.append((m.start(), m.end(), int(min(x, y)), int(max(x, y))))
    return found


def simpsons_paradox(question: str) -> Worked | None:
    """Two arms' successes and totals within each of two or more subgroups (and the combined counts, given or
    summed): every rate, which arm is ahead overall and in each group, and when the direction reverses how the arms'
    mix over groups with different rates explains it."""
    # or the groups labelled one after another ("Small accounts: X converted 81 of 87, ... Large accounts: X 192 of
    # 263, ...", heldout32, refused before)
    labelled_groups = len(re.findall(r"(?:^|[.;!?]\s+)[A-Za-z][\w -]{1,30}:\s", question)) >= 2
    if not labelled_groups and not re.search(
        r"simpson|(?:split|broken down|break(?:ing)? (?:it )?down|segment(?:ed)?|stratif\w*)\s+by|\bwithin\b|"
        r"per[- ]group",
        question,
        re.I,
    ):
        return None
    if not re.search(r"simpson|overall|combined|aggregate|pooled|in total|all together|total", question, re.I):
        return None
    pairs = _group_counts(question)
    if len(pairs) < 4 or len(pairs) % 2:
        return None
    # the overall counts last ("Overall Y converts better (289/350 vs 273/350)"), often without the arms' names: the
    # groups summed, when they are the same two counts
    if len(pairs) >= 6 and re.search(
        r"overall|combined|in total|totals?\b|aggregate|pooled|all together",
        question[max(0, pairs[-2][0] - 80) : pairs[-2][0]],
        re.I,
    ):
        body = pairs[:-2]
        summed = {(sum(p[2] for p in body[j::2]), sum(p[3] for p in body[j::2])) for j in (0, 1)}
        if summed == {pairs[-2][2:], pairs[-1][2:]}:
            pairs = body
    windows, prev = [], 0
    for start, end, _, _ in pairs:
        windows.append(question[max(prev, start - 80) : start])
        prev = end
    token = r"[A-Za-z][\w-]*"
    spelled = {w.lower(): w for win in windows for w in re.findall(token, win)}
    candidates = {w.lower() for win in windows for w in re.findall(token, win)[-3:]} - {
        "users", "and", "the", "with", "had", "has", "got", "vs", "versus", "plan", "group", "of", "in", "for", "on",
    }  # fmt: skip
    # a word before every count ("treatment" in "treatment A ..., treatment B ...") names no arm
    candidates = {
        c for c in candidates if not all(re.search(rf"(?i)(?<![\w-]){re.escape(c)}(?![\w-])", w) for w in windows)
    }

    def arm_of(window: str, names: tuple[str, str]) -> tuple[str, int] | None:
        """The arm named last in the window, and how many words follow it before the count."""
        words = [w.lower() for w in re.findall(token, window)]
        for back, w in enumerate(reversed(words)):
            if w in names:
                return w, back
        return None

    valid = []
    for a in sorted(candidates):
        for b in sorted(candidates):
            if a >= b:
                continue
            found = [arm_of(w, (a, b)) for w in windows]
            if None in found:
                continue
            arms = [f[0] for f in found]  # type: ignore[index]
            if all({arms[i], arms[i + 1]} == {a, b} for i in range(0, len(arms), 2)):
                valid.append((sum(f[1] for f in found), a, b, arms))  # type: ignore[index]
    valid.sort()
    if not valid or (len(valid) > 1 and valid[0][0] == valid[1][0]):
        return None  # no two words name the arms of every count, or two readings are as close
    _, a, b, arms = valid[0]
    first = arms[0]  # the arm named first is shown first
    names = (first, b if first == a else a)
    shown = (spelled[names[0]], spelled[names[1]])
    blocks = []
    for i in range(0, len(pairs), 2):
        block = {arms[i]: pairs[i][2:], arms[i + 1]: pairs[i + 1][2:]}
        blocks.append((pairs[i][0], (block[names[0]], block[names[1]])))
    names = shown  # as the learner wrote them
    sums = tuple((sum(bl[j][0] for _, bl in blocks[1:]), sum(bl[j][1] for _, bl in blocks[1:])) for j in range(2))
    stated = re.search(r"overall|combined|in total|totals?\b|aggregate|pooled|all together", windows[0], re.I)
    if len(blocks) >= 3 and blocks[0][1] == sums:
        overall, groups, given = blocks[0][1], blocks[1:], True
    elif stated and len(blocks) >= 3:
        return None  # a stated overall that the groups do not add up to
    else:
        groups, given = blocks, False
        overall = tuple((sum(bl[j][0] for _, bl in groups), sum(bl[j][1] for _, bl in groups)) for j in range(2))
        if len(blocks) >= 3 and any(bl[j][1] > overall[j][1] for _, bl in blocks for j in range(2)):
            return None  # one block is larger than all together: a stated total that does not add up
    if len(groups) < 2 or len(groups) > 6:
        return None
    # the groups' names: "Free plan - ...", "Pro: ..." just before each group's first count
    labels = []
    for k, (start, _) in enumerate(groups):
        window = question[max(0, start - 60) : start]
        m = list(re.finditer(r"\b([A-Z][\w-]*(?:\s+[a-z][\w-]*)?)\s*(?::|\s-|\s–)\s+(?=[^:]*$)", window))
        labels.append(m[-1][1] if m else f"group {k + 1}")
    if len(set(labels)) != len(labels):
        labels = [f"group {k + 1}" for k in range(len(groups))]

    def rate(k: int, n: int) -> float:
        return k / n if n else math.nan

    def compare(block: tuple, where: str) -> tuple[str, int]:
        (k1, n1), (k2, n2) = block
        r1, r2 = rate(k1, n1), rate(k2, n2)
        if r1 == r2:
            verdict, sign = "equal", 0
        else:
            ahead = names[0] if r1 > r2 else names[1]
            verdict, sign = f"{ahead} higher by {fmt(100 * abs(r1 - r2), 1)} points", 1 if r1 > r2 else -1
        text = f"{where}: {names[0]} {k1} / {n1} = {pct(r1)}, {names[1]} {k2} / {n2} = {pct(r2)}: {verdict}"
        return text, sign

    if any(n == 0 for _, bl in groups for _, n in bl):
        return None
    overall_text, overall_sign = compare(overall, "overall" if given else "overall (groups summed)")
    steps = [overall_text]
    signs = []
    for label, (_, block) in zip(labels, groups, strict=True):
        text, sign = compare(block, label)
        steps.append(text)
        signs.append(sign)
    for j, name in enumerate(names):
        shares = ", ".join(
            f"{bl[j][1]} in {label} ({pct(bl[j][1] / overall[j][1])})"
            for label, (_, bl) in zip(labels, groups, strict=True)
        )
        steps.append(f"mix: of {name}'s {overall[j][1]}, {shares}")
    group_rates = [
        (label, bl[0][0] + bl[1][0], bl[0][1] + bl[1][1]) for label, (_, bl) in zip(labels, groups, strict=True)
    ]
    steps.append(
        "each group's rate, both arms together: "
        + ", ".join(f"{label} {k} / {n} = {pct(k / n)}" for label, k, n in group_rates)
    )
    reversed_ = overall_sign != 0 and all(s == -overall_sign for s in signs)
    if reversed_:
        within = names[0] if signs[0] > 0 else names[1]
        outside = names[1] if within == names[0] else names[0]
        best = max(group_rates, key=lambda g: g[1] / g[2])
        j = names.index(outside)
        share_out = dict(zip(labels, (bl[j][1] / overall[j][1] for _, bl in groups), strict=True))[best[0]]
        share_in = dict(zip(labels, (bl[1 - j][1] / overall[1 - j][1] for _, bl in groups), strict=True))[best[0]]
        reason = f"{within} is higher in every group but {outside} is higher overall: Simpson's paradox"
        if share_out > share_in:
            reason += (
                f". {pct(share_out)} of {outside}'s total is in {best[0]}, the group with the highest rate "
                f"({pct(best[1] / best[2])}), against {pct(share_in)} of {within}'s"
            )
        steps.append(reason)
        note = (
            "When groups differ in their rates and the arms are spread over them unevenly, the combined comparison "
            "mostly reflects the mix, so the grouping variable is a confounder and the within-group comparison is "
            "the fairer one. It is still an association, not proof of cause: confirm it on fresh data or with a "
            "randomized experiment before acting on it."
        )
    else:
        if all(s == overall_sign for s in signs):
            steps.append("every group points the same way as the combined counts: no reversal")
        else:
            steps.append("the groups disagree with each other: no single direction holds within every group")
        note = (
            "Simpson's paradox is a reversal in every group against the combined counts; without one, still compare "
            "within groups when the arms are spread over groups with different rates unevenly."
        )
    return Worked("simpsons_paradox", "s1-eda", r"In Simpson's paradox", tuple(steps), note)


# --- the size of a Hessian (s1-calculus) ----------------------------------------------------------------------

_DTYPES = {**BYTES_PER_VALUE, "double": 8}


def _sci(x: float) -> str:
    if x < 1e7:
        return fmt(x)
    e = math.floor(math.log10(x))
    return f"{fmt(x / 10**e, 3)} × 10^{e}"


def _bytes(x: float) -> str:
    for unit, size in (("PB", 1e15), ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if x >= size:
            return f"{fmt(x / size, 2)} {unit}"
    return f"{fmt(x)} bytes"


def hessian_size(question: str) -> Worked | None:
    """A model's parameter count n: the Hessian's n² entries, n(n + 1)/2 for one triangle of the symmetric matrix,
    their bytes at the precision named (float32 otherwise) against the gradient's n values."""
    if not re.search(r"hessian", question, re.I):
        return None
    found = {
        scaled(m)
        for m in re.finditer(
            rf"(?<![\w.])({NUM})\s*(billion|million|thousand|[bmk])?\s*(?:trainable\s+)?(?:parameters?|params|weights)\b",
            question,
            re.I,
        )
    }
    found |= {
        SCALE[m[1].lower()]
        for m in re.finditer(r"\ba\s+(billion|million|thousand)\s+(?:parameters?|params|weights)\b", question, re.I)
    }
    if len(found) != 1:
        return None
    n = found.pop()
    if n != int(n) or n < 2:
        return None
    named = {
        _DTYPES[d.lower()]
        for d in re.findall(r"\b(float64|fp64|double|float32|fp32|float16|fp16|bfloat16|bf16)\b", question, re.I)
    }
    if len(named) > 1:
        return None
    size = named.pop() if named else 4
    dtype = {8: "float64", 4: "float32", 2: "16-bit floats"}[size]
    full, half = n * n, n * (n + 1) / 2
    steps = [
        f"with n = {fmt(n)} parameters the Hessian is an n × n matrix: n² = ({_sci(n)})² = {_sci(full)} entries",
        f"in {dtype} ({size} bytes each): {_sci(full)} × {size} = {_sci(full * size)} bytes ≈ {_bytes(full * size)}",
        f"the gradient has n = {_sci(n)} entries: {_sci(n)} × {size} = {_sci(n * size)} bytes ≈ {_bytes(n * size)}, "
        f"so the Hessian is n = {_sci(n)} times larger",
        f"symmetric, one triangle with its diagonal: n(n + 1)/2 {'=' if half < 1e7 else '≈'} {_sci(half)} entries, "
        f"× {size} = "
        f"{_sci(half * size)} bytes ≈ {_bytes(half * size)}: still about half of the full matrix",
    ]
    note = (
        "Newton's method would also have to solve a linear system with this matrix at every step, which is why deep "
        "learning relies on first-order methods such as SGD, momentum and Adam that need only the gradient."
    )
    return Worked("hessian_size", "s1-calculus", r"the Hessian has n\^2 entries", tuple(steps), note)

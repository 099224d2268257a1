"""Calculators for how results are read: many significance tests at once, latency percentiles from a
load test, and top-k accuracy from the ranks of the true class. Each reads the learner's numbers only
when it is sure of them and returns None otherwise. Pure functions."""

from __future__ import annotations

import math
import re
from fractions import Fraction

from app.answering.compute.parse import (
    NUM,
    PLAIN,
    WORDS,
    Worked,
    a_range,
    bracketed,
    fmt,
    literal,
    pct,
    prose_spans,
    shape_of,
    to_float,
)

# --- many tests at once (s1-probability-statistics) ----------------------------------------------

_P = r"(?:0?\.\d+|0|1)(?![\d.]*\d)"
_P_LIST = re.compile(
    rf"(?:\bp[- ]?values?\s*(?:are|were|was|is|of|=|:)?|(?<!at )\bp\s*(?:=|:|is|was|of))\s*"
    rf"({_P}(?:\s*(?:,|;|and|,\s*and)\s*{_P})*)",
    re.I,
)
# the level each test is run at: "alpha = 0.05", "at the 5% level", "significant at p < 0.05"
_ALPHA = (
    re.compile(rf"(?:\balpha|α|significance level)(?:\s*(?:=|of|at|is|:))?\s*({NUM})", re.I),
    re.compile(rf"({NUM})\s*%\s*(?:significance\s+)?level", re.I),
    re.compile(r"(?:significan\w*\s+(?:at\s+|if\s+)?|threshold\s+(?:of\s+)?|\bat\s+)p\s*<=?\s*(0?\.\d+)", re.I),
    re.compile(r"significan\w*\s+at\s+(?:the\s+)?(0?\.\d+)\b(?!\s*%)", re.I),
)
# how many tests were run: "m = 15", "20 independent tests", "we tried 15 different feature-set variants"
_COUNT_WORD = rf"(\d+|{'|'.join(WORDS)})"
# up to three words between a count and what was tested ("15 different feature-set variants"), not "3 of the tests"
_BETWEEN = r"(?:(?!(?:of|were|was|are|had|came|passed|with|in|at|on|that|which)\b)[\w/-]+\s+){0,3}?"
_TESTS = r"(?:tests|t-tests|hypothes[ie]s|comparisons)"
_TESTED = (
    r"(?:tests|t-tests|hypothes[ie]s|comparisons|variants|variations|versions|metrics|models|arms|experiments|"
    r"treatments|segments|subgroups|endpoints|features|outcomes|changes|ideas)"
)
_COUNTS = (
    re.compile(r"\bm\s*=\s*(\d+)\b"),
    re.compile(rf"(?<![\w.#$,-]){_COUNT_WORD}\s+{_BETWEEN}{_TESTS}\b", re.I),
    re.compile(
        rf"\b(?:tested|ran|run|running|tried|trying|compared|comparing|evaluated|checked|performed|testing)\s+"
        rf"(?:about\s+|some\s+|roughly\s+)?{_COUNT_WORD}\s+{_BETWEEN}{_TESTED}\b",
        re.I,
    ),
)
_MANY_TESTS = re.compile(
    r"bonferroni|\bholm\b|multiple (?:comparisons|testing|tests|hypothes)|family[- ]?wise|\bfwer\b|by (?:pure )?chance"
    r"|at least one|false positives?|correct(?:ion|ed|ing)?\b",
    re.I,
)


def _alpha(question: str) -> float | None:
    """The one level the tests are run at; None when none is given or two differ."""
    found = set()
    for i, pattern in enumerate(_ALPHA):
        for m in pattern.finditer(question):
            found.add(to_float(m[1]) / (100 if i == 1 else 1))
    return found.pop() if len(found) == 1 else None


def _test_count(question: str) -> int | None:
    """The number of tests run, when the question states one number for it; None otherwise."""
    found = {int(WORDS.get(m[1].lower(), 0) or m[1]) for pattern in _COUNTS for m in pattern.finditer(question)}
    return found.pop() if len(found) == 1 else None


def multiple_testing(question: str) -> Worked | None:
    """Tests run at one alpha: three or more p-values, or the number of tests with the ones observed
    ("15 variants at alpha = 0.05 ... p = 0.02"). About m * alpha false positives pure noise would give, the
    chance of at least one, and which p-values pass Bonferroni (alpha / m) and, all p-values known, Holm's
    step-down."""
    ps = [float(x) for m in _P_LIST.finditer(question) for x in re.findall(r"0?\.\d+|\b[01]\b", m[1])]
    count = _test_count(question) if _MANY_TESTS.search(question) else None
    if count is None:
        if len(ps) < 3:
            return None
        alpha = _alpha(question) if re.search(r"\balpha|α|level|p\s*<|significan\w*\s+at", question, re.I) else 0.05
    else:
        alpha = _alpha(question)
        ps = list(dict.fromkeys(ps))  # "p = 0.02 ... does p = 0.02 clear it?" is one test, said twice
    if alpha is None or not 0 < alpha < 1 or any(not 0 <= p <= 1 for p in ps):
        return None
    m = count or len(ps)
    if m < 2 or len(ps) > m:
        return None
    every = len(ps) == m  # every test's p-value known: Holm can be run
    alone = [p for p in ps if p < alpha]
    bonf = alpha / m
    if every:
        first = f"m = {m} tests at alpha = {fmt(alpha)}: {len(alone)} have p < {fmt(alpha)} on their own"
    elif ps:
        first = (
            f"m = {m} tests at alpha = {fmt(alpha)}; the p-value{'s' if len(ps) > 1 else ''} given "
            f"({', '.join(fmt(p) for p in ps)}): {len(alone)} below {fmt(alpha)} on "
            f"{'its' if len(ps) == 1 else 'their'} own"
        )
    else:
        first = f"m = {m} tests, each at alpha = {fmt(alpha)}"
    steps = [
        first,
        f"if none of the {m} had any effect, about m × alpha = {m} × {fmt(alpha)} = {fmt(m * alpha)} would still "
        f"come out 'significant' by chance; treating the tests as independent, the chance of at least one such false "
        f"positive is 1 - (1 - {fmt(alpha)})^{m} = 1 - {fmt((1 - alpha) ** m)} = {fmt(1 - (1 - alpha) ** m)}",
    ]
    passing = [p for p in ps if p < bonf]
    if every:
        steps.append(
            f"Bonferroni: test each at alpha / m = {fmt(alpha)} / {m} = {fmt(bonf)}; "
            + (f"passing: {', '.join(fmt(p) for p in passing)}" if passing else "none passes")
        )
    else:
        steps.append(
            f"Bonferroni: test each at alpha / m = {fmt(alpha)} / {m} = {fmt(bonf)}"
            + "".join(
                f"; p = {fmt(p)} {'<' if p < bonf else '≥'} {fmt(bonf)}: {'passes' if p < bonf else 'does not pass'}"
                for p in ps
            )
        )
    if not every:
        if not ps:
            note = (
                f"With {m} tests, a result needs p below {fmt(bonf)}, not {fmt(alpha)}, to keep the chance of any "
                f"false positive across all {m} at or below {fmt(alpha)}."
            )
        else:

            def said(group: list[float]) -> str:
                items = [f"p = {fmt(p)}" for p in group]
                return f"{', '.join(items[:-1])} and {items[-1]}" if len(items) > 1 else items[0]

            middle = [p for p in ps if bonf <= p < alpha]
            never = [p for p in ps if p >= alpha]
            parts = []
            if passing:
                parts.append(
                    f"{said(passing)} {'is' if len(passing) == 1 else 'are'} below the Bonferroni cutoff {fmt(bonf)}."
                )
            if middle:
                one = len(middle) == 1
                parts.append(
                    f"{said(middle)} {'is' if one else 'are'} below {fmt(alpha)} on {'its' if one else 'their'} "
                    f"own but not below the cutoff {fmt(bonf)}: treat "
                    f"{'it as a hypothesis' if one else 'them as hypotheses'} to confirm on fresh data."
                )
            if never:
                parts.append(
                    f"{said(never)} {'is' if len(never) == 1 else 'are'} not below {fmt(alpha)} even without a "
                    "correction."
                )
            note = " ".join(parts) + (
                " A p-value is computed assuming no effect: it is not the probability that there is none."
                if passing or middle
                else " A p-value above the threshold is not evidence of no effect: the test may lack power."
            )
        return Worked("multiple_testing", "s1-probability-statistics", r"\*\*Multiple comparisons", tuple(steps), note)
    holm_pass: list[float] = []
    checks = []
    for i, p in enumerate(sorted(ps)):
        limit = alpha / (m - i)
        checks.append(f"{fmt(p)} vs {fmt(alpha)}/{m - i} = {fmt(limit)}")
        if p >= limit:
            break
        holm_pass.append(p)
    steps.append(
        "Holm (smallest p first, against alpha / (m - i), stop at the first that fails): "
        + "; ".join(checks)
        + f" -> {len(holm_pass)} pass"
    )
    note = (
        f"Of the {len(alone)} results under {fmt(alpha)} alone, {len(holm_pass)} "
        f"{'survives' if len(holm_pass) == 1 else 'survive'} a correction for "
        f"{m} tests. A p-value above the threshold is not evidence of no effect: the test may lack power."
    )
    return Worked("multiple_testing", "s1-probability-statistics", r"\*\*Multiple comparisons", tuple(steps), note)


# --- latency percentiles from a load test (s4-model-serving) -------------------------------------

_GROUP = re.compile(
    rf"(?<![\w.])(\d[\d,]*)\s+(?:requests?\s+|of them\s+|calls?\s+)?(?:took|take|taking|at|were|in)\s+"
    rf"(?:about\s+)?({NUM})\s*(ms|s)\b",
    re.I,
)


def latency_percentiles(question: str) -> Worked | None:
    """Counts of requests at each latency ("90 took 40 ms, 8 took 300 ms, 2 took 3,000 ms"): the
    mean and the percentiles asked for (p50, p95, p99 when none is named), by the nearest rank."""
    if not re.search(r"\bp\d{2}\b|percentile|latenc", question, re.I):
        return None
    groups = [
        (int(to_float(c)), to_float(v) * (1000 if u.lower() == "s" else 1)) for c, v, u in _GROUP.findall(question)
    ]
    if len(groups) < 2 or any(c <= 0 for c, _ in groups):
        return None
    values = sorted(v for c, v in groups for _ in range(c))
    n = len(values)
    if n > 100_000:
        return None
    asked = sorted({int(x) for x in re.findall(r"\bp(\d{2})\b", question, re.I) if 0 < int(x) < 100})
    asked = asked or [50, 95, 99]
    mean = sum(values) / n
    steps = [
        f"{n} requests: " + ", ".join(f"{c} at {fmt(v)} ms" for c, v in sorted(groups, key=lambda g: g[1])),
        "mean = (" + " + ".join(f"{c} × {fmt(v)}" for c, v in groups) + f") / {n} = {fmt(mean)} ms",
    ]
    for q in asked:
        rank = math.ceil(q / 100 * n)
        steps.append(
            f"p{q}: the {rank}th of the {n} sorted latencies (nearest rank, ceil({q}% × {n})) = "
            f"{fmt(values[rank - 1])} ms"
        )
    note = (
        f"The mean ({fmt(mean)} ms) mixes the fast majority with the slow tail and hides it; the percentiles show "
        f"what the slowest requests feel (here up to {fmt(values[-1])} ms)."
    )
    # "p99 < 500 ms", "p95 under 200 ms": the target is met or missed by that percentile, not by the mean
    for q, limit, unit in re.findall(
        rf"\bp(\d{{2}})\s*(?:<=?|under|below|of at most)\s*({NUM})\s*(ms|s)\b", question, re.I
    ):
        q, limit = int(q), to_float(limit) * (1000 if unit.lower() == "s" else 1)
        if 0 < q < 100:
            value = values[math.ceil(q / 100 * n) - 1]
            verdict = "meets" if value < limit else "misses"
            note += f" The target p{q} < {fmt(limit)} ms: p{q} = {fmt(value)} ms {verdict} it, whatever the mean."
    return Worked("latency_percentiles", "s4-model-serving", r"\*\*Latency and throughput", tuple(steps), note)


# --- top-k accuracy from the ranks of the true class (s5-computer-vision) ------------------------


def top_k_ranks(question: str) -> Worked | None:
    """The rank of the true class for each example ("ranked 1, 1, 2, 1, 3"): top-k accuracy for each k
    up to the number of classes, and what a top-k with k at least the number of classes means."""
    if not re.search(r"top[- ]?\d", question, re.I):
        return None
    m = re.search(r"rank(?:ed|s)?\b[^.?!\d]{0,60}?((?:\d+\s*,\s*){3,}\d+)", question, re.I)
    if not m:
        return None
    ranks = [int(x) for x in re.findall(r"\d+", m[1])]
    named = re.search(r"(\d+)\s+(?:classes|categories|labels)\b", question, re.I)
    classes = int(named[1]) if named else None
    if any(r < 1 for r in ranks) or (classes and max(ranks) > classes):
        return None
    n = len(ranks)
    ks = {int(k) for k in re.findall(r"top[- ]?(\d+)", question, re.I)} | {1}
    if classes:  # every k short of the number of classes says something; the learner's own ks too
        ks |= set(range(1, classes))
    ks = sorted(ks)
    steps = [f"{n} examples, rank of the true class: {', '.join(map(str, ranks))}"]
    for k in ks:
        hits = sum(r <= k for r in ranks)
        steps.append(f"top-{k}: true class within the first {k} in {hits} of {n} = {pct(hits / n)}")
    note = ""
    if classes:
        full = [k for k in ks if k >= classes]
        if full:
            note = (
                f"With {classes} classes, top-{full[0]} ranks every class, so it is 100% for any model, even a random "
                f"one: it says nothing. Top-k is informative only for k well below the number of classes."
            )
    return Worked("top_k_ranks", "s5-computer-vision", r"\*\*top-1 accuracy", tuple(steps), note)


# --- a canary's error rate against the stable version's (s4-deployment-tools) --------------------

_REQUESTS = re.compile(rf"({NUM})\s+(?:requests|calls|predictions)\b(?:\s+in total)?|total of\s+({NUM})", re.I)
_SHARE = re.compile(rf"({NUM})\s*%\s+(?:of\s+(?:the\s+)?)?(?:traffic|requests)", re.I)


def canary_rates(question: str) -> Worked | None:
    """Total requests, the canary's share of the traffic and each version's error count: counts become
    rates (errors / requests each version served), and the canary's rate against the stable one's."""
    if not re.search(r"\bcanary\b", question, re.I):
        return None
    total = [m[1] or m[2] for m in _REQUESTS.finditer(question)]
    share = {m[1] for m in _SHARE.finditer(question)}
    canary = re.search(rf"({NUM})\s+(?:errors?\s+)?(?:on|for|from|in)\s+(?:the\s+)?(?:new\s+)?canary", question, re.I)
    stable = re.search(
        rf"({NUM})\s+(?:errors?\s+)?(?:on|for|from|in)\s+(?:the\s+)?(?:old\s+|current\s+)?(?:stable|old|current|baseline)",
        question,
        re.I,
    )
    if len(set(total)) != 1 or len(share) != 1 or not canary or not stable:
        return None
    n, p = to_float(total[0]), to_float(share.pop()) / 100
    if not 0 < p < 1 or n <= 0:
        return None
    n_canary, n_stable = n * p, n * (1 - p)
    e_canary, e_stable = to_float(canary[1]), to_float(stable[1])
    if e_canary > n_canary or e_stable > n_stable:
        return None
    r_canary, r_stable = e_canary / n_canary, e_stable / n_stable

    def rate(x: float) -> str:  # 0.85%, not pct's 0.9%: error rates are small
        return f"{fmt(100 * x, 3)}%"

    steps = [
        f"requests served: canary {pct(p)} × {fmt(n)} = {fmt(n_canary)}; stable {fmt(n)} - {fmt(n_canary)} = "
        f"{fmt(n_stable)}",
        f"error rates: canary {fmt(e_canary)} / {fmt(n_canary)} = {rate(r_canary)}; stable {fmt(e_stable)} / "
        f"{fmt(n_stable)} = {rate(r_stable)}",
    ]
    if r_stable > 0 and r_canary > 0:
        ratio = r_canary / r_stable
        steps.append(
            f"canary against stable: {rate(r_canary)} / {rate(r_stable)} = {fmt(ratio, 2)} times"
            if ratio >= 1
            else f"stable against canary: {rate(r_stable)} / {rate(r_canary)} = {fmt(1 / ratio, 2)} times"
        )
    worse = r_canary > r_stable
    note = "Compare rates, not counts: the canary served only a small share of the requests. Its error rate is " + (
        "higher, so do not promote it: roll it back (or hold it) and investigate first."
        if worse
        else "not higher; promote in steps while watching the rates, not all at once."
    )
    return Worked("canary_rates", "s4-deployment-tools", r"\*\*canary\*\* release sends", tuple(steps), note)


_LABEL_WORD = r"(?:positive|negative|pos|neg)"


def ranked_labels(question: str) -> Worked | None:
    """True labels listed in score order ("sorted by score: positive, negative, positive, ..."): precision
    and recall at each cutoff, average precision (the mean of the precision at each positive's rank) and
    ROC-AUC (the share of positive-negative pairs ranked the right way round), and what a random ranker
    gets (AP about the positive rate, AUC 0.5)."""
    if not re.search(r"sorted|ranked|in (?:score )?order|highest first|top first", question, re.I):
        return None
    run = re.search(rf"({_LABEL_WORD}(?:\s*(?:,|and)\s*{_LABEL_WORD}){{3,}})", question, re.I)
    if not run:
        return None
    labels = [w.lower().startswith("pos") for w in re.findall(_LABEL_WORD, run[1], re.I)]
    pos, neg = sum(labels), len(labels) - sum(labels)
    if not pos or not neg or len(labels) > 30:
        return None
    steps, tp, hits = [], 0, []
    for k, is_pos in enumerate(labels, 1):
        tp += is_pos
        if is_pos:
            hits.append(tp / k)
        steps.append(
            f"top {k} ({'positive' if is_pos else 'negative'}): precision {tp}/{k} = {fmt(tp / k)}, "
            f"recall {tp}/{pos} = {fmt(tp / pos)}"
        )
    ap = sum(hits) / pos
    steps.append(f"average precision = ({' + '.join(fmt(h) for h in hits)}) / {pos} = {fmt(ap)}")
    above = [sum(1 for later in labels[i + 1 :] if not later) for i, is_pos in enumerate(labels) if is_pos]
    steps.append(
        f"ROC-AUC: each positive outranks the negatives below it, {' + '.join(map(str, above))} = {sum(above)} of "
        f"{pos} × {neg} = {pos * neg} pairs, AUC = {fmt(sum(above) / (pos * neg))}"
    )
    steps.append(
        f"a random ranker: AUC 0.5 on average, and average precision about the positive rate, "
        f"{pos}/{len(labels)} = {fmt(pos / len(labels))}"
    )
    return Worked("ranked_labels", "s2-metrics", r"\*\*ROC-AUC\*\*", tuple(steps))


# --- the Brier score and a binned reliability check with its ECE (c-calibration) -------------------

_CALIBRATION = re.compile(
    r"\bbrier\b|calibrat|reliability (?:diagram|curve|check|plot|table)|\bECE\b|expected calibration error", re.I
)
_PREDICTED = re.compile(
    r"prob\w*|predict\w*|scores?\b|forecasts?\b|confidences?\b|y_?(?:prob|pred|score|hat)\w*|p_?hat|\bp\b", re.I
)
_OBSERVED = re.compile(
    r"outcomes?\b|labels?\b|actual\w*|true\b|truth\b|observed|targets?\b|results?\b|y_?true|\by\b", re.I
)
_BIN_COUNT = re.compile(
    rf"\b(\d+|{'|'.join(WORDS)})\s+(?:equal[- ]width\s+|equal[- ]sized\s+|equally[- ]spaced\s+|uniform\s+)?bins\b"
    r"|\bn_bins\s*=\s*(\d+)",
    re.I,
)
_BIN_SPLIT = re.compile(
    r"(?:below|under|above|over)\s*(?:/|and|or|vs\.?|,)?\s*(?:(?:above|over|below|under)\s+)?(?:at\s+)?(0?\.\d+)"
    r"|(?:split|cut|threshold|boundary|edge)\s+(?:at|of|=)?\s*(0?\.\d+)",
    re.I,
)


def _role(before: str) -> str | None:
    """'p' or 'y' from the words nearest before a list ("predicted probabilities:", "actual outcomes:")."""
    found = [("p", m.end()) for m in _PREDICTED.finditer(before)] + [("y", m.end()) for m in _OBSERVED.finditer(before)]
    return max(found, key=lambda f: f[1])[0] if found else None


def _calibration_lists(question: str) -> tuple[list[Fraction], list[Fraction]] | None:
    """The predicted probabilities and the 0/1 outcomes, each read exactly ("0.1" is 1/10); None when
    there are not exactly two lists or which is which is unclear."""
    spans = [(at, at + len(t), v) for at, t in bracketed(question) if (v := literal(t)) is not None]
    spans = [
        (a, b, v)
        for a, b, v in spans
        if len(shape_of(v) or ()) == 1
        and not (len(v) == 2 and (a_range(question, a) or re.search(r"\bbins?\b", question[max(0, a - 20) : a], re.I)))
    ]  # "bins [0, 0.5] and (0.5, 1]" names a bin, not data
    if not spans:
        spans = prose_spans(question)
    if len(spans) != 2:
        pairs = re.findall(rf"\(\s*({PLAIN})\s*,\s*({PLAIN})\s*\)", question)
        if spans or len(pairs) < 3:
            return None
        first, second = [Fraction(a) for a, _ in pairs], [Fraction(b) for _, b in pairs]
        binary = [all(x in (0, 1) for x in v) for v in (first, second)]
        if binary == [False, True]:
            return first, second
        return (second, first) if binary == [True, False] else None
    lists = [[Fraction(repr(float(x))) for x in v] for _, _, v in spans]
    roles = [_role(question[(spans[0][1] if i else 0) : spans[i][0]][-60:]) for i in range(2)]
    binary = [all(x in (0, 1) for x in v) for v in lists]
    if roles in (["p", "y"], ["p", None], [None, "y"]):  # one list named is enough: the other is the other
        probs, outcomes = lists
    elif roles in (["y", "p"], ["y", None], [None, "p"]):
        outcomes, probs = lists
    elif roles == [None, None] and binary.count(True) == 1:  # nothing named: the 0/1 list holds the outcomes
        probs, outcomes = (lists[1], lists[0]) if binary[0] else (lists[0], lists[1])
    else:
        return None
    return probs, outcomes


def _edges(question: str) -> list[Fraction] | None:
    """The bin edges asked for: 'two bins (below / above 0.5)' -> [0, 1/2, 1], '10 equal-width bins' ->
    [0, 1/10, ..., 1]; None when no binning (or one this does not compute, such as quantile bins) is named."""
    if re.search(r"quantile|equal[- ](?:frequency|count|mass)|same number of", question, re.I):
        return None
    counts = {WORDS.get((m[1] or m[2]).lower()) or int(m[1] or m[2]) for m in _BIN_COUNT.finditer(question)}
    splits = set()
    for b in re.finditer(r"\bbins?\b", question, re.I):
        near = question[max(0, b.start() - 40) : b.end() + 60]
        splits |= {Fraction(m[1] or m[2]) for m in _BIN_SPLIT.finditer(near)}
    if len(counts) > 1 or len(splits) > 1:
        return None
    count = counts.pop() if counts else None
    if splits:
        split = splits.pop()
        if count not in (None, 2) or not 0 < split < 1:
            return None
        return [Fraction(0), split, Fraction(1)]
    if count is None or not 1 <= count <= 20:
        return None
    return [Fraction(i, count) for i in range(count + 1)]


def brier_ece(question: str) -> Worked | None:
    """Predicted probabilities and 0/1 outcomes: the Brier score (the mean squared difference) against
    always predicting 0.5 (0.25) and always predicting the base rate (p̄(1 - p̄)); with bins named ("two bins
    below / above 0.5", "5 equal-width bins") the reliability check, each bin's mean prediction against its
    observed rate, and ECE = Σ (bin size / n) × |mean prediction - observed rate|. A prediction on an edge
    counts in the lower bin, as in scikit-learn's calibration_curve. Exact (fractions)."""
    if not _CALIBRATION.search(question):
        return None
    found = _calibration_lists(question)
    if found is None:
        return None
    probs, outcomes = found
    n = len(probs)
    if n != len(outcomes) or not 2 <= n <= 50:
        return None
    if any(not 0 <= p <= 1 for p in probs) or any(y not in (0, 1) for y in outcomes):
        return None
    squared = [(p - y) ** 2 for p, y in zip(probs, outcomes, strict=True)]
    brier = sum(squared) / n
    base = Fraction(sum(outcomes), n)
    base_brier = base * (1 - base)
    steps = [
        "squared errors (p - y)²: "
        + ", ".join(
            f"({fmt(p, 6)} - {fmt(y)})² = {fmt(s, 6)}" for p, y, s in zip(probs, outcomes, squared, strict=True)
        ),
        f"Brier score = mean squared difference = {fmt(sum(squared), 6)} / {n} = {fmt(brier, 6)} (0 is perfect)",
        f"to compare: always predicting 0.5 scores 0.25; always predicting the base rate {fmt(sum(outcomes))}/{n} = "
        f"{fmt(base, 6)} scores {fmt(base, 6)} × {fmt(1 - base, 6)} = {fmt(base_brier, 6)}",
    ]
    if brier > Fraction(1, 4):
        verdict = f"A Brier score of {fmt(brier, 6)} is worse than always predicting 0.5 (0.25)"
    elif brier > base_brier:
        verdict = (
            f"A Brier score of {fmt(brier, 6)} beats always predicting 0.5 (0.25) but not always predicting the "
            f"base rate ({fmt(base_brier, 6)})"
        )
    elif base_brier == Fraction(1, 4):
        verdict = f"A Brier score of {fmt(brier, 6)} beats always predicting 0.5, here also the base rate (0.25)"
    else:
        verdict = f"A Brier score of {fmt(brier, 6)} beats both constant baselines (0.25 and {fmt(base_brier, 6)})"
    edges = _edges(question)
    if edges is None:
        note = verdict + (f", though {n} examples make it a noisy estimate." if n < 100 else ".")
        return Worked("brier_ece", "c-calibration", _BRIER_CUE, tuple(steps), note)
    bins, empty = [], []
    for i, (lo, hi) in enumerate(zip(edges, edges[1:], strict=False)):
        label = f"{'[' if i == 0 else '('}{fmt(lo, 6)}, {fmt(hi, 6)}]"
        members = [(p, y) for p, y in zip(probs, outcomes, strict=True) if (lo < p or (i == 0 and p == lo)) and p <= hi]
        if not members:
            empty.append(label)
            continue
        size = len(members)
        mean = sum(p for p, _ in members) / size
        rate = Fraction(sum(y for _, y in members), size)
        bins.append((label, size, mean, rate, abs(mean - rate)))
        steps.append(
            f"bin {label}: {size} prediction{'s' if size > 1 else ''} ({', '.join(fmt(p, 6) for p, _ in members)}), "
            "mean "
            f"{fmt(sum(p for p, _ in members), 6)} / {size} = {fmt(mean, 6)}; observed {fmt(rate * size)} of {size} = "
            f"{fmt(rate, 6)}; gap |{fmt(mean, 6)} - {fmt(rate, 6)}| = {fmt(abs(mean - rate), 6)}: "
            f"{_direction(mean, rate)}"
        )
    if empty:
        steps.append(f"empty bins, which add nothing: {', '.join(empty)}")
    on_edge = sorted({p for p in probs if p in edges[1:-1]})
    if on_edge:
        steps.append(
            f"a prediction exactly on an edge ({', '.join(fmt(p, 6) for p in on_edge)}) counts in the lower bin, as "
            "scikit-learn's calibration_curve does"
        )
    ece = sum(Fraction(size, n) * gap for _, size, _, _, gap in bins)
    terms = " + ".join(f"({size}/{n}) × {fmt(gap, 6)}" for _, size, _, _, gap in bins)
    products = " + ".join(fmt(Fraction(size, n) * gap, 6) for _, size, _, _, gap in bins)
    steps.append(
        "ECE = Σ (bin size / n) × |mean prediction - observed rate| = "
        + terms
        + (f" = {products}" if len(bins) > 1 else "")
        + f" = {fmt(ece, 6)}"
    )
    label, size, mean, rate, gap = max(bins, key=lambda b: b[4])
    note = (
        f"{verdict}, and every bin sits on the diagonal"
        if gap == 0
        else f"{verdict}, and the worst bin, {label}, predicts {fmt(mean, 6)} on average against {fmt(rate, 6)} "
        f"observed ({_direction(mean, rate)})"
    )
    if ece < Fraction(1, 20):
        note += (
            "; a small ECE alone does not make a good model (predicting the base rate for everyone gets an ECE near "
            "0), so read it beside the Brier score"
        )
    elif n < 100:
        note += (
            f"; with only {n} examples ({min(b[1] for b in bins)} in the smallest non-empty bin) these estimates are "
            "very noisy"
        )
    return Worked("brier_ece", "c-calibration", _BRIER_CUE, tuple(steps), note + ".")


_BRIER_CUE = r"\*\*The Brier score\*\* is the mean squared"


def _direction(mean: Fraction, rate: Fraction) -> str:
    """Which way a bin is off: too high above a rate is overconfident when the bin predicts the positive class
    (mean above 0.5), too low when it predicts the negative one; a gap under 0.05 is close to the diagonal
    (on a few examples, noise)."""
    if mean == rate:
        return "on the diagonal"
    side = "too high" if mean > rate else "too low"
    if abs(mean - rate) < Fraction(1, 20):
        return f"close to the diagonal (predictions slightly {side[4:]})"
    if mean == Fraction(1, 2):
        return f"predictions {side}"
    extreme = (mean > rate) == (mean > Fraction(1, 2))
    return f"predictions {side}: {'overconfident' if extreme else 'underconfident'}"

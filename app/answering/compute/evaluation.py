"""Calculators for how results are read: many significance tests at once, latency percentiles from a
load test, and top-k accuracy from the ranks of the true class. Each reads the learner's numbers only
when it is sure of them and returns None otherwise. Pure functions."""

from __future__ import annotations

import math
import re

from app.answering.compute.parse import NUM, Worked, fmt, labelled, pct, to_float

# --- many tests at once (s1-probability-statistics) ----------------------------------------------

_P_LIST = re.compile(
    r"p[- ]?values?\s*(?:are|were|of|=|:)?\s*((?:0?\.\d+|0|1)(?:\s*(?:,|;|and)\s*(?:0?\.\d+|0|1)){2,})", re.I
)


def multiple_testing(question: str) -> Worked | None:
    """Three or more p-values from tests run at one alpha: how many pass alone, what about m * alpha
    false positives pure noise would give, and which pass Bonferroni (alpha / m) and Holm's step-down."""
    m_list = _P_LIST.search(question)
    if not m_list:
        return None
    ps = [float(x) for x in re.findall(r"0?\.\d+|\b[01]\b", m_list[1])]
    alpha = labelled(question, r"alpha|α|significance level", sep=r"(?:=|of|at)") or 0.05
    if not 0 < alpha < 1 or len(ps) < 3 or any(not 0 <= p <= 1 for p in ps):
        return None
    m = len(ps)
    alone = [p for p in ps if p < alpha]
    bonf = alpha / m
    steps = [
        f"m = {m} tests at alpha = {fmt(alpha)}: {len(alone)} have p < {fmt(alpha)} on their own",
        f"if none of the {m} had any effect, about m × alpha = {m} × {fmt(alpha)} = {fmt(m * alpha)} would still "
        f"come out 'significant' by chance; the chance of at least one such false positive is "
        f"1 - (1 - {fmt(alpha)})^{m} = {fmt(1 - (1 - alpha) ** m)}",
        f"Bonferroni: test each at alpha / m = {fmt(alpha)} / {m} = {fmt(bonf)}; "
        + (f"passing: {', '.join(fmt(p) for p in ps if p < bonf)}" if any(p < bonf for p in ps) else "none passes"),
    ]
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

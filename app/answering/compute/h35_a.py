"""Session 35 (heldout35), blind set A: full-batch and mini-batch gradient steps on a one-number squared-error toy
(c-gradient-descent), the mean, standard deviation and averages' range of a two-valued latency mix
(s1-probability-statistics), and an XGBoost leaf under log-loss (g = p - y, h = p(1 - p), called from
`models.leaf_weight`). Pure functions."""

from __future__ import annotations

import itertools
import math
import re

from app.answering.compute.parse import NUM, Worked, factor, fmt, labelled, sigmoid, signed_sum, to_float, vec

_LIST = rf"({NUM}(?:\s*,\s*{NUM})+)"


def _numbers(text: str) -> list[float]:
    return [to_float(v) for v in re.findall(NUM, text)]


# --- full-batch and mini-batch gradient steps on L(w) = mean (w - x_i)^2 (c-gradient-descent) ----------------

_MEAN_SQUARED = re.compile(
    r"(?:mean|average)\s+(?:of\s+)?(?:the\s+)?\(\s*(?:w\s*-\s*x_?i?|x_?i?\s*-\s*w)\s*\)\s*(?:\^\s*2|²|\*\*\s*2)", re.I
)


def _loss(w: float, xs: list[float]) -> float:
    return sum((w - x) ** 2 for x in xs) / len(xs)


def sgd_minibatch_toy(question: str) -> Worked | None:
    """'fitting w to the data [1, 2, 6, 7] with L(w) = mean of (w - x_i)^2, w = 3, lr = 0.1; full-batch step, and
    batches {1, 2} and {6, 7}?': per-example gradients 2(w - x_i), the full gradient their mean, one step
    w - lr * g and the full loss after it; the same for each mini-batch; with a batch size, the average of the
    batch gradients over every batch of that size (the full gradient)."""
    if not re.search(r"mini-?\s?batch|\bSGD\b|stochastic|full[- ]batch", question, re.I):
        return None
    if not re.search(r"gradient|\bstep", question, re.I) or not _MEAN_SQUARED.search(question):
        return None
    if re.search(r"\bsum\s+of\s+(?:the\s+)?\(\s*(?:w|x)", question, re.I):
        return None  # a summed loss has a different gradient
    data_list = rf"\bdata(?:\s*set)?(?:\s+points?)?\s*(?:=|:|is|are|of)?\s*\[\s*{_LIST}\s*\]"
    data = {tuple(_numbers(m[1])) for m in re.finditer(data_list, question, re.I)}
    w0 = labelled(question, r"(?<![\w(])w_?0?", sep=r"(?:=|is|at)", flags=0)
    lr = labelled(question, r"\blr\b|learning rate|\beta\b|η|step size")
    if len(data) != 1 or w0 is None or lr is None or not 0 < lr < 10:
        return None
    xs = list(data.pop())
    if not 2 <= len(xs) <= 12:
        return None
    batches = [_numbers(m[1]) for m in re.finditer(rf"\{{\s*{_LIST}\s*\}}", question)]
    batches += [_numbers(m[1]) for m in re.finditer(rf"\bbatch\s*(?:=|:)?\s*\[\s*{_LIST}\s*\]", question, re.I)]
    for b in batches:  # a batch must be some of the data's values, each at most as often as in the data
        if any(b.count(v) > xs.count(v) for v in b) or len(b) >= len(xs):
            return None
    size_of = rf"(?:mini-?\s?)?batch(?:es)?\s+(?:of|size)\s*(?:=|of)?\s*({NUM})\b"
    sizes = {int(to_float(m[1])) for m in re.finditer(size_of, question, re.I)}
    sizes = {k for k in sizes if 1 <= k < len(xs)}

    def grad(values: list[float]) -> float:
        return sum(2 * (w0 - x) for x in values) / len(values)

    each = [2 * (w0 - x) for x in xs]
    g = grad(xs)
    w1 = w0 - lr * g
    loss0, loss1 = _loss(w0, xs), _loss(w1, xs)
    mean = sum(xs) / len(xs)
    steps = [
        f"each example's gradient dL/dw = 2(w - x_i) at w = {fmt(w0)}: {vec(each)}",
        f"full-batch gradient = their mean = ({signed_sum(each)}) / {len(xs)} = {fmt(g)}",
        f"one step: w = {fmt(w0)} - {fmt(lr)} × {factor(g)} = {fmt(w1)}; full loss {fmt(loss0)} → {fmt(loss1)} "
        f"(the minimum is at the data mean, w = {fmt(mean)})",
    ]
    ups = []
    seen = set()
    for b in batches:
        if tuple(b) in seen:
            continue
        seen.add(tuple(b))
        gb = grad(b)
        wb = w0 - lr * gb
        lb = _loss(wb, xs)
        change = "rises" if lb > loss0 + 1e-12 else "falls" if lb < loss0 - 1e-12 else "stays"
        if change == "rises":
            ups.append(b)
        steps.append(
            f"batch {{{', '.join(fmt(v) for v in b)}}}: gradient = mean of {vec([2 * (w0 - x) for x in b])} = "
            f"{fmt(gb)}, w = {fmt(w0)} - {fmt(lr)} × {factor(gb)} = {fmt(wb)}; the full loss {change} to {fmt(lb)}"
        )
    for k in sorted(sizes)[:1]:
        combos = list(itertools.combinations(range(len(xs)), k))
        if len(combos) > 200:
            continue
        avg = sum(grad([xs[i] for i in c]) for c in combos) / len(combos)
        steps.append(
            f"averaged over all {len(combos)} possible batches of {k}, the batch gradient is {fmt(avg)}, equal to the "
            f"full-batch gradient {fmt(g)}"
        )
    note = (
        "A mini-batch gradient is a noisy estimate of the full-batch gradient: right on average, so a single step can "
        "overshoot or even raise the full loss, while each step is much cheaper."
    )
    if ups:
        note += (
            " That one batch raised the loss is this noise, not a bug; a smaller or decaying learning rate, larger "
            "batches or momentum reduce the wobble."
        )
    cue = r"averages the gradient over a small random batch"
    return Worked("sgd_minibatch_toy", "c-gradient-descent", cue, tuple(steps), note)


# --- the mean and standard deviation of a two-valued mix, and the range of its averages (s1-probability-statistics)

_UNIT = r"(ms|milliseconds?|seconds?|secs?|s)\b"
_SHARE = re.compile(
    rf"({NUM})\s*(?:%|percent)[^%;?]{{0,60}}?\b(?:take|takes|taking|took|last|lasts)\s+(?:about\s+|around\s+|~\s*)?"
    rf"({NUM})\s*{_UNIT}",
    re.I,
)
_BATCH_N = re.compile(
    rf"(?:average|mean)s?\s+(?:of|over|across)\s+(?:each\s+|every\s+)?(?:(?:batch|window|group)\s+of\s+)?({NUM})\s+"
    rf"(?:requests|calls|queries)|\b(?:batch|window|group)(?:es|s)?\s+of\s+({NUM})\s+(?:requests|calls|queries)",
    re.I,
)


def latency_mix(question: str) -> Worked | None:
    """'80% of requests take 5 ms, the other 20% take 105 ms: expected latency and standard deviation; the range of
    95% of averages of 100 requests?': E[X] = Σ p x, Var(X) = E[X²] - E[X]², σ / √n and E[X] ± 1.96 σ / √n."""
    if not re.search(r"expect|average|\bmean\b", question, re.I):
        return None
    if not re.search(r"standard deviation|\bstd\b|\bSD\b|variance|spread|range", question, re.I):
        return None
    groups = [(to_float(m[1]) / 100, to_float(m[2]), m[3].lower()) for m in _SHARE.finditer(question)]
    if not 2 <= len(groups) <= 5 or abs(sum(p for p, _, _ in groups) - 1) > 1e-9:
        return None
    units = {"ms" if u.startswith(("ms", "milli")) else "s" for _, _, u in groups}
    if len(units) != 1 or any(not 0 < p < 1 for p, _, _ in groups) or len({x for _, x, _ in groups}) != len(groups):
        return None
    unit = units.pop()
    pmf = [(p, x) for p, x, _ in groups]
    mean = sum(p * x for p, x in pmf)
    second = sum(p * x * x for p, x in pmf)
    var = second - mean * mean
    sd = math.sqrt(max(var, 0.0))
    steps = [
        "E[X] = Σ p x = " + " + ".join(f"{fmt(p)} × {fmt(x)}" for p, x in pmf) + f" = {fmt(mean)} {unit}",
        "E[X²] = " + " + ".join(f"{fmt(p)} × {fmt(x * x)}" for p, x in pmf) + f" = {fmt(second)}",
        f"Var(X) = E[X²] - E[X]² = {fmt(second)} - {fmt(mean * mean)} = {fmt(var)}, so the standard deviation is "
        f"√{fmt(var)} = {fmt(sd)} {unit}",
    ]
    ns = {to_float(m[1] or m[2]) for m in _BATCH_N.finditer(question)}
    cue = r"Var\(X\) = E\[\(X - E\[X\]\)\^2\]"
    if len(ns) == 1 and (n := ns.pop()) >= 2 and n == int(n):
        se = sd / math.sqrt(n)
        steps.append(
            f"an average of {fmt(n)} independent requests: standard error σ / √n = {fmt(sd)} / √{fmt(n)} = "
            f"{fmt(se)} {unit}"
        )
        steps.append(
            f"by the central limit theorem about 95% of those averages fall within {fmt(mean)} ± 1.96 × {fmt(se)} = "
            f"{fmt(mean - 1.96 * se)} to {fmt(mean + 1.96 * se)} {unit}"
        )
        cue = r"standard error sigma / sqrt\(n\)"
    values = sorted(x for _, x in pmf)
    note = (
        "The central limit theorem makes the averages approximately normal, not single requests: each request still "
        f"takes one of {', '.join(fmt(v) for v in values[:-1])} or {fmt(values[-1])} {unit}"
    )
    note += f", none near {fmt(mean)} {unit}." if all(abs(v - mean) > 0.1 * sd for v in values) else "."
    slow_p, slow = max(pmf, key=lambda t: t[1])
    note += (
        f" {fmt(100 * slow_p)}% of requests take {fmt(slow)} {unit}, so report percentiles of single requests for user "
        "experience; the range for averages assumes the requests are independent."
    )
    return Worked("latency_mix", "s1-probability-statistics", cue, tuple(steps), note)


# --- an XGBoost leaf under log-loss (s2-ensemble-methods), called from models.leaf_weight -------------------------

_LAMBDAS = re.compile(rf"(?:λ|lambda|reg_lambda)\s*(?:=|of|:)\s*({NUM})", re.I)


def leaf_from_logloss(question: str) -> Worked | None:
    """'log-loss, one leaf holds 5 rows with labels 1, 1, 1, 1, 0, raw score 0 for all; leaf weight for lambda = 1
    and lambda = 0; with eta = 0.3 the new probability?': p = sigmoid(score), g_i = p - y_i, h_i = p(1 - p),
    w* = -G / (H + λ), then sigmoid(score + eta w*)."""
    if not re.search(r"log[- ]?loss|logistic|binary|cross[- ]entropy|log[- ]odds", question, re.I):
        return None
    label_list = rf"\blabels?\s*(?:are|of|=|:)?\s*[\[(]?({NUM}(?:\s*,\s*(?:and\s+)?{NUM})+)"
    labels = [_numbers(m[1]) for m in re.finditer(label_list, question, re.I)]
    if len(labels) != 1 or any(y not in (0.0, 1.0) for y in labels[0]):
        return None
    ys = labels[0]
    rows = {to_float(m[1]) for m in re.finditer(rf"\b({NUM})\s+(?:rows|examples|samples|instances)\b", question, re.I)}
    if rows and rows != {len(ys)}:
        return None
    scores = {
        to_float(m[1])
        for m in re.finditer(
            rf"(?:raw (?:score|prediction|margin)|log[- ]odds|margin)\)?\s*(?:\([^)]{{0,20}}\)\s*)?"
            rf"(?:is|=|of|:)?\s*({NUM})(?!\s*(?:rows|%))",
            question,
            re.I,
        )
    }
    lams = list(dict.fromkeys(to_float(m[1]) for m in _LAMBDAS.finditer(question)))
    if len(scores) != 1 or not lams or any(lam < 0 for lam in lams):
        return None
    s = scores.pop()
    p = sigmoid(s)
    gs = [p - y for y in ys]
    h1 = p * (1 - p)
    g, h = sum(gs), h1 * len(ys)
    pos = int(sum(ys))
    steps = [
        f"raw score {fmt(s)} gives p = sigmoid({fmt(s)}) = {fmt(p)} for every row",
        f"gradients g_i = p - y_i: {fmt(p - 1)} for each of the {pos} positive rows, {fmt(p)} for each of the "
        f"{len(ys) - pos} negative ones; G = {pos} × {factor(p - 1)} + {len(ys) - pos} × {fmt(p)} = {fmt(g)}",
        f"Hessians h_i = p(1 - p) = {fmt(p)} × {fmt(1 - p)} = {fmt(h1)} each; H = {len(ys)} × {fmt(h1)} = {fmt(h)}",
    ]
    weights = {}
    for lam in lams:
        if h + lam <= 0:
            return None
        weights[lam] = -g / (h + lam)
        steps.append(f"λ = {fmt(lam)}: w* = -G / (H + λ) = {fmt(-g)} / ({fmt(h)} + {fmt(lam)}) = {fmt(weights[lam])}")
    eta = labelled(question, r"learning rate|\beta\b|η|shrinkage")
    paired = re.search(rf"(?:eta|η|learning rate)\s*=\s*{NUM}\s*(?:,|and)\s*(?:λ|lambda)\s*=\s*({NUM})", question, re.I)
    lam = to_float(paired[1]) if paired else (lams[0] if len(lams) == 1 else None)
    if eta is not None and 0 < eta <= 1 and lam in weights:
        new = s + eta * weights[lam]
        steps.append(
            f"with η = {fmt(eta)} and λ = {fmt(lam)}: raw score {fmt(s)} + {fmt(eta)} × {fmt(weights[lam])} = "
            f"{fmt(new)}, so p = sigmoid({fmt(new)}) = {fmt(sigmoid(new), 3)}"
        )
    note = (
        "Under log-loss each Hessian is p(1 - p), not 1 as for squared error, so rows already predicted confidently "
        "count less; λ pulls the leaf value towards 0 and the learning rate takes only part of the step."
    )
    if 0 < pos < len(ys) and 0.0 in weights:
        best = math.log(pos / (len(ys) - pos)) - s
        note += f" With λ = 0 the leaf takes one Newton step towards the best constant change, {fmt(best, 3)}."
    return Worked("leaf_weight", "s2-ensemble-methods", r"w\^\* = -G/\(H \+ \\lambda\)", tuple(steps), note)

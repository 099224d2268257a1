"""Calculators from a second sweep of stage 2 for methods no other calculator worked with the learner's own
numbers: MAPE from actuals and forecasts (c-regression-metrics), precision, recall and F1 after a decision
threshold is applied to labelled scores (s2-metrics), R-squared from an RMSE and the target's standard deviation
(c-regression-metrics), the inertia of clusters the learner lists (s2-unsupervised-learning) and the odds
multiplier e^w of a logistic regression coefficient (s2-supervised-learning). Each reads the learner's numbers
only when it is sure of them and returns None otherwise. Pure functions."""

from __future__ import annotations

import math
import re

from app.answering.compute.parse import (
    NUM,
    Worked,
    bracketed,
    factor,
    fmt,
    literal,
    pct,
    prose_spans,
    shape_of,
    to_float,
)

_ACTUALS = r"\b(?:actuals?|true|targets?|observed|real|y_true|ground[- ]truth|actually)\b"
_FORECASTS = r"\b(?:forecasts?|forecasted|predict\w*|preds?|y_pred|y_hat|estimates?|estimated)\b"


def _lists(question: str) -> list[tuple[int, int, list]]:
    """The flat lists of a question: in brackets, else written in words; each with where it starts and ends."""
    found = [(i, i + len(t), v) for i, t in bracketed(question) if (v := literal(t)) is not None]
    found = [(i, j, v) for i, j, v in found if len(shape_of(v) or ()) == 1]
    return found or prose_spans(question)


def _roles(question: str, spans: list[tuple[int, int]], first: str, second: str) -> bool | None:
    """Whether the first of two lists is the `first` role, read from the words just before each list; None unless
    each list is named, one of each."""
    roles, prev = [], 0
    for start, end in spans:
        before = question[prev:start]
        a, b = re.search(first, before, re.I), re.search(second, before, re.I)
        roles.append("a" if a and not b else "b" if b and not a else None)
        prev = end
    return roles[0] == "a" if sorted(roles, key=str) == ["a", "b"] else None


# --- MAPE from actuals and forecasts (c-regression-metrics) ---------------------------------------------------


def mape(question: str) -> Worked | None:
    """Actuals and forecasts, each list named: MAPE = (100%/n) Σ |y - ŷ| / |y|, per point; undefined when an
    actual is 0, and the note names the point that dominates when an actual is small."""
    if not re.search(r"\bMAPE\b|mean absolute percent(?:age)? error", question, re.I):
        return None
    found = _lists(question)
    if len(found) != 2 or len(found[0][2]) != len(found[1][2]) or len(found[0][2]) < 2:
        return None
    actual_first = _roles(question, [(i, j) for i, j, _ in found], _ACTUALS, _FORECASTS)
    if actual_first is None:
        return None
    y, yhat = (found[0][2], found[1][2]) if actual_first else (found[1][2], found[0][2])
    n = len(y)
    steps = [f"actuals y = {', '.join(fmt(v) for v in y)}; forecasts ŷ = {', '.join(fmt(v) for v in yhat)}"]
    zeros = [i for i, v in enumerate(y) if v == 0]
    if zeros:
        which = ", ".join(str(i + 1) for i in zeros)
        steps.append(f"point {which} has actual 0, so |y - ŷ| / |y| divides by 0: MAPE is undefined for these numbers")
        note = (
            "MAPE divides each error by the actual value, so it is undefined when an actual is 0 and explodes near "
            "0; use MAE, RMSE or a scaled error such as MASE instead."
        )
        return Worked("mape", "c-regression-metrics", r"\*\*MAPE\*\*", tuple(steps), note)
    terms = [abs(a - b) / abs(a) for a, b in zip(y, yhat, strict=True)]
    steps.append(
        "|y - ŷ| / |y| per point: "
        + ", ".join(f"{fmt(abs(a - b))} / {fmt(abs(a))} = {fmt(t)}" for a, b, t in zip(y, yhat, terms, strict=True))
    )
    total = sum(terms)
    steps.append(f"MAPE = ({' + '.join(fmt(t) for t in terms)}) / {n} = {fmt(total)} / {n} = {pct(total / n)}")
    worst = max(range(n), key=lambda i: terms[i])
    note = "MAPE is a relative error: each point's error is divided by its actual value."
    if total and terms[worst] / total > 0.5 and n > 2 and abs(y[worst]) < max(abs(v) for v in y):
        note += (
            f" Point {worst + 1} (actual {fmt(y[worst])}) alone gives {pct(terms[worst] / total)} of the total: "
            "an actual near 0 makes its percentage error explode, and MAPE is undefined when an actual is 0."
        )
    else:
        note += " It is undefined when an actual is 0 and explodes for actuals near 0."
    return Worked("mape", "c-regression-metrics", r"\*\*MAPE\*\*", tuple(steps), note)


# --- precision, recall and F1 at a threshold on labelled scores (s2-metrics) ----------------------------------

_SCORES = r"\b(?:scores?|scored|probabilit(?:y|ies)|predict\w*|p_hat|predict_proba|outputs?|confidences?)\b"
_LABELS = r"\b(?:labels?|labell?ed|true|actual|ground[- ]truth|y_true|classes|outcomes?|targets?)\b"


def threshold_metrics(question: str) -> Worked | None:
    """Scores and 0/1 labels, each list named, and one decision threshold: the confusion counts of predicting
    positive at a score above the threshold, then precision, recall and F1. None when a score equals the threshold."""
    if not re.search(r"\b(?:threshold|cut-?off)", question, re.I):
        return None
    if not re.search(r"\b(?:precision|recall|f1|f-score|confusion|tpr|sensitivity)\b", question, re.I):
        return None
    if re.search(r"\b(?:thresholds|cut-?offs)\b", question, re.I):
        return None  # several thresholds: which one is meant is not clear
    thresholds = set(re.findall(rf"\b(?:thresholds?|cut-?offs?)\s*(?:of|=|:|is|at|to)?\s*({NUM})", question, re.I))
    thresholds |= set(re.findall(rf"(?<![\w.])({NUM})\s+(?:threshold|cut-?off)", question, re.I))
    if len({to_float(t) for t in thresholds}) != 1:
        return None
    t = to_float(thresholds.pop())
    if not 0 < t < 1:
        return None
    found = [(i, j, v) for i, j, v in _lists(question) if not (len(v) == 2 and t in v)]
    if len(found) != 2 or len(found[0][2]) != len(found[1][2]) or len(found[0][2]) < 2:
        return None
    scores_first = _roles(question, [(i, j) for i, j, _ in found], _SCORES, _LABELS)
    if scores_first is None:
        return None
    s, y = (found[0][2], found[1][2]) if scores_first else (found[1][2], found[0][2])
    if set(y) - {0.0, 1.0} or not all(0 <= v <= 1 for v in s) or not set(s) - {0.0, 1.0}:
        return None
    if any(abs(v - t) < 1e-12 for v in s):
        return None  # ≥ or >: which side a score equal to the threshold falls on is not clear
    pred = [1 if v > t else 0 for v in s]
    tp = sum(1 for p, a in zip(pred, y, strict=True) if p and a)
    fp = sum(1 for p, a in zip(pred, y, strict=True) if p and not a)
    fn = sum(1 for p, a in zip(pred, y, strict=True) if not p and a)
    tn = len(y) - tp - fp - fn
    flagged = [fmt(v) for v in s if v > t]
    steps = [
        f"predict positive when the score is above {fmt(t)}: {len(flagged)} of {len(s)} flagged "
        f"({', '.join(flagged) if flagged else 'none'})",
        f"against the labels: TP = {tp}, FP = {fp}, FN = {fn}, TN = {tn}",
    ]
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    steps.append(
        f"precision = TP / (TP + FP) = {tp} / {tp + fp} = {fmt(precision)}"
        if precision is not None
        else "precision = TP / (TP + FP) is undefined: nothing is flagged"
    )
    steps.append(
        f"recall = TP / (TP + FN) = {tp} / {tp + fn} = {fmt(recall)}"
        if recall is not None
        else "recall = TP / (TP + FN) is undefined: no positive labels"
    )
    if 2 * tp + fp + fn:
        steps.append(f"F1 = 2TP / (2TP + FP + FN) = {2 * tp} / {2 * tp + fp + fn} = {fmt(2 * tp / (2 * tp + fp + fn))}")
    steps.append(f"accuracy = (TP + TN) / n = {tp + tn} / {len(y)} = {fmt((tp + tn) / len(y))}")
    note = (
        "Raising the threshold flags fewer cases: recall goes down or stays the same, while precision usually "
        "goes up; lowering it does the reverse."
    )
    return Worked("threshold_metrics", "s2-metrics", r"\*\*decision threshold\*\*", tuple(steps), note)


# --- R-squared from an RMSE and the target's standard deviation (c-regression-metrics) -------------------------

_SD = r"(?:standard deviation|std(?:\.|ev)?|sd|σ|sigma)"


def r2_from_rmse(question: str) -> Worked | None:
    """An RMSE (or MSE) and the target's standard deviation (or variance): R² = 1 - MSE / Var(y)."""
    if not re.search(r"\bR\s*(?:²|\^\s*2|2\b|-?squared)|coefficient of determination", question, re.I):
        return None
    if re.search(r"\bR\s*(?:²|\^\s*2|2|-?squared)\s*(?:of|=|:|is|was)\s*-?\d|adjusted", question, re.I):
        return None  # an R² given: the question runs the other way
    if re.search(
        r"(?:residual|error)s?(?:'s?)?\s+(?:standard deviation|std|sd|variance)|"
        rf"{_SD}\s+of\s+(?:the\s+)?(?:residuals?|errors?|predictions?)",
        question,
        re.I,
    ):
        return None
    rmse = set(re.findall(rf"\bRMSE\s*(?:of|=|:|is|was)?\s*(?:about\s+)?({NUM})", question, re.I))
    mse = set(re.findall(rf"(?<![\w-])MSE\s*(?:of|=|:|is|was)?\s*(?:about\s+)?({NUM})", question, re.I))
    sd = set(
        re.findall(
            rf"{_SD}\s*(?:of\s+(?:the\s+)?(?:target|y|labels?|outcome|response|house prices|prices)\w*\s*)?"
            rf"(?:of|=|:|is|was)?\s*(?:about\s+)?({NUM})",
            question,
            re.I,
        )
    )
    var = set(
        re.findall(
            rf"\bvariance\s*(?:of\s+(?:the\s+)?(?:target|y|labels?|outcome|response)\w*\s*)?"
            rf"(?:of|=|:|is|was)?\s*(?:about\s+)?({NUM})",
            question,
            re.I,
        )
    )
    if not re.search(r"\b(?:target|y|labels?|outcome|response|prices?|values?)\b", question, re.I):
        return None  # whose spread it is must be said
    if len(rmse) + len(mse) != 1 or len(sd) + len(var) != 1:
        return None
    steps = []
    if rmse:
        r = to_float(rmse.pop())
        m = r * r
        steps.append(f"MSE = RMSE² = {fmt(r)}² = {fmt(m)}")
    else:
        m = to_float(mse.pop())
    if sd:
        s = to_float(sd.pop())
        v = s * s
        steps.append(f"variance of the target = SD² = {fmt(s)}² = {fmt(v)}")
    else:
        v = to_float(var.pop())
    if v <= 0 or m < 0:
        return None
    r2 = 1 - m / v
    steps.append(f"R² = 1 - MSE / variance = 1 - {fmt(m)} / {fmt(v)} = 1 - {fmt(m / v)} = {fmt(r2)}")
    note = (
        "R² = 1 - MSE / variance of the target holds with the variance dividing by n; a sample standard deviation "
        "(n - 1) changes the result slightly. The same RMSE gives a higher R² on a target that varies more, so R² "
        "is not comparable across datasets."
    )
    if r2 < 0:
        note += " A negative R² means the model does worse than always predicting the mean."
    return Worked(
        "r2_from_rmse", "c-regression-metrics", r"R-squared = 1 - MSE / variance of the target", tuple(steps), note
    )


# --- inertia of clusters the learner lists (s2-unsupervised-learning) -----------------------------------------

_CLUSTER = re.compile(r"\b(?i:cluster)(?:\s+([A-Z])|\s*(\d+))\b\s*(?i:has|with|contains|holds|gets|=|:|is)?")


def _points(text: str) -> list[list[float]] | None:
    """The points written right after a cluster's name: a bracketed list (flat for 1-D, of pairs for 2-D),
    tuples '(1, 2), (3, 4)', or numbers in words; None when unclear."""
    text = text.strip()
    text = re.sub(r"^(?:has|with|contains|holds|gets|=|:|is|the|points?)\s*", "", text, flags=re.I)
    text = re.sub(r"^(?:the\s+)?points?\s*(?:=|:)?\s*", "", text, flags=re.I)
    if text.startswith("["):
        groups = bracketed(text)
        if not groups or groups[0][0] != 0:
            return None
        if re.match(r"\s*(?:,|and)\s*(?:and\s+)?\[", text[len(groups[0][1]) :]):
            return None  # "[1, 2], [3, 4]": points in separate brackets, read as neither one list nor pairs
        v = literal(groups[0][1])
        shape = shape_of(v) if v is not None else None
        if not shape or len(shape) > 2 or (len(shape) == 2 and shape[1] > 3):
            return None
        return [[x] for x in v] if len(shape) == 1 else v  # type: ignore[union-attr]
    if text.startswith("("):
        pairs = re.match(rf"(?:\(\s*{NUM}\s*,\s*{NUM}\s*\)(?:\s*,\s*(?:and\s+)?|\s+and\s+)?)+", text)
        if not pairs:
            return None
        return [[to_float(a), to_float(b)] for a, b in re.findall(rf"\(\s*({NUM})\s*,\s*({NUM})\s*\)", pairs[0])]
    spans = prose_spans(text)
    if not spans or spans[0][0] != 0:
        m = re.match(rf"({NUM})\s+and\s+({NUM})(?![\w.,])", text)  # two points: "3 and 5"
        return [[to_float(m[1])], [to_float(m[2])]] if m else None
    return [[x] for x in spans[0][2]]


def cluster_inertia(question: str) -> Worked | None:
    """Clusters named with their points ('cluster 1 has points 1, 2, 3'): each centroid (the mean), each point's
    squared distance to it, and the inertia, the within-cluster sum of squares."""
    if not re.search(r"\binertia\b|within[- ]cluster sum of squares|\bWCSS\b", question, re.I):
        return None
    if re.search(
        rf"\b(?:centroids?|cent(?:er|re)s?)\b[^.?!]{{0,30}}?(?:=|:|is|are|at|of)\s*[\[(]?\s*{NUM}", question, re.I
    ):
        return None  # centroids given: they may not be the means of the points
    heads = list(_CLUSTER.finditer(question))
    if not heads or len({m[1] or m[2] for m in heads}) != len(heads):
        return None
    clusters = []
    for k, m in enumerate(heads):
        end = heads[k + 1].start() if k + 1 < len(heads) else len(question)
        pts = _points(question[m.end() : end])
        if not pts:
            return None
        clusters.append((m[1] or m[2], pts))
    dims = {len(p) for _, pts in clusters for p in pts}
    if len(dims) != 1 or len(clusters) > 8 or sum(len(p) for _, p in clusters) > 40:
        return None
    dim = dims.pop()
    steps, total = [], 0.0
    for name, pts in clusters:
        mu = [sum(p[d] for p in pts) / len(pts) for d in range(dim)]
        sq = [sum((p[d] - mu[d]) ** 2 for d in range(dim)) for p in pts]
        total += sum(sq)
        centre = fmt(mu[0]) if dim == 1 else "(" + ", ".join(fmt(c) for c in mu) + ")"
        shown = [fmt(p[0]) if dim == 1 else "(" + ", ".join(fmt(c) for c in p) + ")" for p in pts]
        steps.append(
            f"cluster {name}: centroid = mean of {', '.join(shown)} = {centre}; squared distances "
            f"{' + '.join(fmt(v) for v in sq)} = {fmt(sum(sq))}"
        )
    if len(clusters) > 1:
        steps.append(f"inertia J = sum over clusters = {fmt(total)}")
    note = (
        "Inertia is the within-cluster sum of squared distances to each cluster's centroid; it always falls as k "
        "grows (0 when every point is its own cluster), so it compares clusterings with the same k."
    )
    return Worked(
        "cluster_inertia", "s2-unsupervised-learning", r"It minimizes the \*\*inertia\*\*", tuple(steps), note
    )


# --- odds multiplier e^w of a logistic regression coefficient (s2-supervised-learning) -------------------------

_COEF = re.compile(
    rf"\b(?:coefficient|coef|weight|w)\s+(?:for|of|on)\s+(?:the\s+)?([a-z_][\w-]*)\s*(?:is|=|:|of|was)\s*({NUM})"
    rf"|\b([a-z_][\w-]*)\s+(?:has|gets)\s+(?:a\s+)?(?:coefficient|coef|weight)\s*(?:of|=|:)?\s*({NUM})",
    re.I,
)
_UNITS = r"(?:years?|units?|points?|dollars?|kg|cm|months?|days?|hours?|visits?|thousand)"


_BASELINES = re.compile(
    rf"\b(?:at|from|of|currently|baselines?|starting at)\s+((?:{NUM}\s*%\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+))*"
    rf"{NUM}\s*%)\s*(?:predicted|churn|risk|probabilit|chance|default|conversion|likelihood)",
    re.I,
)


def _baselines(question: str) -> list[float]:
    """The probabilities a logistic model's change is asked from ("customers currently at 20%, 50% and 90% predicted
    churn"), as fractions; [] when none is written or two lists are."""
    found = {m[1] for m in _BASELINES.finditer(question)}
    if len(found) != 1:
        return []
    values = [to_float(v) / 100 for v in re.findall(rf"({NUM})\s*%", found.pop())]
    return values if all(0 < v < 1 for v in values) else []


# names that are settings, not features: their values are no coefficients
_NOT_FEATURES = {"lambda", "λ", "alpha", "α", "eta", "η", "gamma", "γ", "beta", "β", "c", "lr", "temperature"}


def odds_multiplier(question: str) -> Worked | None:
    """A logistic regression coefficient named for its feature ('the coefficient for age is 0.3'): one more unit
    multiplies the odds by e^w; for 'per 10 years', by e^(10w)."""
    if not re.search(r"logistic|log[- ]odds|logit", question, re.I):
        return None
    baselines = _baselines(question)
    if not re.search(r"\bodds\b", question, re.I) and not baselines:
        return None  # without odds named, only a question about probabilities it starts from is worked
    coefs: dict[str, float] = {}
    for m in _COEF.finditer(question):
        name, value = (m[1], m[2]) if m[1] else (m[3], m[4])
        if name.lower() in {"the", "a", "an", "this", "that", "it", "feature", "model", "which", "my"}:
            return None
        if name.lower() in _NOT_FEATURES:
            return None  # a hyperparameter ("lambda = 1" in XGBoost's leaf formula), not a feature's weight
        if name.lower() in coefs and coefs[name.lower()] != to_float(value):
            return None
        coefs[name.lower()] = to_float(value)
    if not coefs or len(coefs) > 4 or any(abs(w) > 20 for w in coefs.values()):
        return None
    if re.search(r"\b(?:standardi[sz]ed|scaled|normali[sz]ed)\b", question, re.I):
        unit_note = " With standardized features, one unit is one standard deviation of the raw feature."
    else:
        unit_note = ""
    spans = set(
        re.findall(rf"\b(?:per|by|of|every)\s+({NUM})\s+(?:more\s+|extra\s+|additional\s+)?{_UNITS}\b", question, re.I)
    )
    if len(coefs) == 1:  # "3 extra support calls" for the feature support_calls
        tokens = {t for part in re.split(r"[_-]", next(iter(coefs))) for t in (part, part.rstrip("s")) if t}
        for m in re.finditer(rf"({NUM})\s+(?:more|extra|additional)\s+((?:[a-z_]+\s+)?[a-z_]+)", question, re.I):
            if tokens & {w.lower().rstrip("s") for w in m[2].split()} | tokens & {w.lower() for w in m[2].split()}:
                spans.add(m[1])
    k = to_float(spans.pop()) if len(spans) == 1 else None
    if k is not None and (k <= 0 or k == 1):
        k = None
    steps = []
    for name, w in coefs.items():
        mult = math.exp(w)
        change = f"{'+' if mult >= 1 else '-'}{pct(abs(mult - 1))}"
        steps.append(
            f"{name}: e^{factor(w)} = {fmt(mult)}, so one more unit multiplies the odds by {fmt(mult)} ({change})"
        )
        if k is not None and len(coefs) == 1:
            steps.append(
                f"{name}, {fmt(k)} units: e^({fmt(k)} × {factor(w)}) = e^{factor(k * w)} = {fmt(math.exp(k * w))}"
            )
    note = (
        "The score z = w·x + b is the log-odds, so a unit increase in a feature, the others held fixed, adds w to "
        "the log-odds and multiplies the odds by e^w; the change in probability depends on where p starts." + unit_note
    )
    one_more = re.search(r"\b(?:one|1|each|every|an?)\s+(?:more|extra|additional)\b", question, re.I)
    if baselines and (len(coefs) != 1 or (k is None and not one_more)):
        if not re.search(r"\bodds\b", question, re.I):
            return None  # which change, or which feature, the probabilities are asked for is not clear
        baselines = []
    if baselines:
        (name, w), units = next(iter(coefs.items())), k or 1.0
        mult = math.exp(units * w)
        moves = []
        for p0 in baselines:
            odds = p0 / (1 - p0)
            new_odds = odds * mult
            p1 = new_odds / (1 + new_odds)
            moves.append(p1 - p0)
            steps.append(
                f"from p = {pct(p0)}: odds {fmt(p0)} / {fmt(1 - p0)} = {fmt(odds)}; × {fmt(mult)} = {fmt(new_odds)}; "
                f"p = {fmt(new_odds)} / (1 + {fmt(new_odds)}) = {pct(p1)} ({'+' if p1 >= p0 else '-'}"
                f"{fmt(100 * abs(p1 - p0), 1)} percentage points)"
            )
        if len(baselines) > 1:
            spread = f"{fmt(100 * min(moves, key=abs), 1)} to {fmt(100 * max(moves, key=abs), 1)}"
            steps.append(f"the same change moves the probability by {spread} points: no single percentage-point figure")
        note = (
            f"The coefficient acts on the log-odds, so {fmt(units)} more unit{'s' if units != 1 else ''} of {name} "
            f"multiply every customer's odds by the same e^{factor(units * w)} = {fmt(mult)}, but through the sigmoid "
            "the change in probability depends on where p starts: large in the middle range, small near 0 or 1 "
            "(for a small change, largest at 50%); it holds with the other features "
            "fixed and describes an association, not a causal effect."
        )
    return Worked("odds_multiplier", "s2-supervised-learning", r"multiplies the odds by", tuple(steps), note)

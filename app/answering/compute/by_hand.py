"""Calculators for procedures learners run by hand on a few numbers: agglomerative clustering of points
on a line, SMOTE's synthetic points, and one SGD step of logistic regression. Each reads the learner's
numbers only when it is sure of them and returns None otherwise. Pure functions."""

from __future__ import annotations

import math
import re

from app.answering.compute.parse import (
    NUM,
    PLAIN,
    WORDS,
    Worked,
    bracketed,
    factor,
    fmt,
    labelled,
    literal,
    named_value,
    pct,
    prose_lists,
    shape_of,
    signed_sum,
    symmetric_eigen,
    to_float,
    vec,
)

# --- agglomerative clustering on a line (s2-unsupervised-learning) --------------------------------

_LINKAGES = {
    "single": min,
    "complete": max,
    "average": lambda d: sum(d) / len(d),
}


def _merges(points: list[float], linkage: str) -> list[tuple[list[float], list[float], float]]:
    """Bottom-up merges: (cluster a, cluster b, linkage distance), closest pair first (ties: leftmost)."""
    clusters = [[p] for p in sorted(points)]
    out = []
    join = _LINKAGES[linkage]
    while len(clusters) > 1:
        best = None
        for i in range(len(clusters)):
            for j in range(i + 1, len(clusters)):
                d = join([abs(x - y) for x in clusters[i] for y in clusters[j]])
                if best is None or d < best[0] - 1e-12:
                    best = (d, i, j)
        d, i, j = best
        out.append((clusters[i], clusters[j], d))
        clusters = [c for k, c in enumerate(clusters) if k not in (i, j)] + [clusters[i] + clusters[j]]
        clusters.sort(key=min)
    return out


def _cluster(values: list[float]) -> str:
    return "{" + ", ".join(fmt(v) for v in sorted(values)) + "}"


def agglomerative_1d(question: str) -> Worked | None:
    """Points on a line ("1-D points 1, 2, 6, 7, 15"): the merge order and heights for each linkage the
    learner names, and the clusters left when the dendrogram is cut at a height."""
    if not re.search(r"agglomerative|hierarchical|dendrogram", question, re.I):
        return None
    linkages = [k for k in _LINKAGES if re.search(rf"\b{k}[- ]linkage|\b{k}\b(?=[^.?!]*linkage)", question, re.I)]
    runs = re.findall(rf"points?\s+(?:at\s+)?((?:{PLAIN})(?:\s*(?:,|and)\s*(?:{PLAIN})){{2,}})", question, re.I)
    if not linkages or len(runs) != 1 or re.search(r"\(\s*-?\d", runs[0]):
        return None
    points = [float(v) for v in re.findall(PLAIN, runs[0])]
    if not 3 <= len(points) <= 12 or len(set(points)) != len(points):
        return None
    cut = labelled(question, r"(?:cut|cutting)[^.?!]{0,40}?(?:at\s+)?(?:a\s+)?height", sep=r"(?:of|=|at)?")
    steps = []
    for linkage in linkages:
        merges = _merges(points, linkage)
        steps.append(
            f"{linkage} linkage: " + "; ".join(f"merge {_cluster(a)} + {_cluster(b)} at {fmt(d)}" for a, b, d in merges)
        )
        if cut is not None:
            left = len(points) - sum(1 for _, _, d in merges if d <= cut)
            steps.append(f"{linkage} linkage cut at height {fmt(cut)}: the merges at or below it leave {left} clusters")
    note = (
        "Single linkage joins clusters by their closest points, complete linkage by their farthest, so complete "
        "linkage merges the same points at greater heights."
        if {"single", "complete"} <= set(linkages)
        else ""
    )
    return Worked("agglomerative_1d", "s2-unsupervised-learning", r"\*\*Agglomerative", tuple(steps), note)


# --- SMOTE's synthetic points (s2-metrics) ------------------------------------------------------


def smote_points(question: str) -> Worked | None:
    """A rare-class row x, its chosen neighbour and the random numbers drawn: x + λ (neighbour - x) for
    each λ, a point on the segment between them, never a copy."""
    if not re.search(r"\bsmote\b", question, re.I):
        return None
    tuples = re.findall(rf"\(\s*({PLAIN}(?:\s*,\s*{PLAIN})+)\s*\)", question)
    lams = re.findall(
        r"random (?:numbers?|values?|draws?)[^.?!]{0,30}?((?:0?\.\d+)(?:\s*(?:,|and)\s*0?\.\d+)*)", question, re.I
    )
    if len(tuples) != 2 or len(lams) != 1:
        return None
    x, nb = ([float(v) for v in re.findall(PLAIN, t)] for t in tuples)
    if len(x) != len(nb):
        return None
    steps = [f"difference neighbour - x = ({', '.join(fmt(b - a) for a, b in zip(x, nb, strict=True))})"]
    for lam in (float(v) for v in re.findall(r"0?\.\d+", lams[0])):
        if not 0 <= lam <= 1:
            return None
        new = [a + lam * (b - a) for a, b in zip(x, nb, strict=True)]
        steps.append(f"λ = {fmt(lam)}: x + {fmt(lam)} × difference = ({', '.join(fmt(v) for v in new)})")
    note = (
        "Each synthetic row lies on the segment between the two real rows: SMOTE interpolates, it does not copy "
        "rows as random oversampling does. Resample only the training part of each fold, never before splitting."
    )
    return Worked("smote_points", "c-class-imbalance", r"\*\*SMOTE", tuple(steps), note)


# --- one SGD step of logistic regression (s2-supervised-learning) --------------------------------


def _first_vector(question: str, label: str) -> list[float] | None:
    m = re.search(rf"(?<![\w.])(?:{label})\s*=\s*\[([^\]]+)\]", question)
    if not m:
        return None
    values = re.findall(PLAIN, m[1])
    return [float(v) for v in values] if values else None


def logistic_step(question: str) -> Worked | None:
    """Weights, bias, one example, its label and a learning rate: p, the log-loss gradient (p - y) x and
    (p - y), the step against it, and p and the log-loss after it. The learner's own (later) results are
    not read: the first w, b and x the message gives are the starting point."""
    if not re.search(r"logistic", question, re.I) or not re.search(r"\bstep\b|\bSGD\b|update", question, re.I):
        return None
    w, x = _first_vector(question, "w"), _first_vector(question, "x")
    b = re.search(rf"(?<![\w.])b\s*=\s*({NUM})", question)
    y = re.search(r"(?:label|\by)\s*(?:is|=)\s*([01])\b", question, re.I)
    lr = labelled(question, r"learning rate|\blr\b|\beta\b|η", sep=r"(?:of|=|is)?")
    if w is None or x is None or len(w) != len(x) or not y or lr is None or lr <= 0:
        return None
    bias, label = to_float(b[1]) if b else 0.0, int(y[1])

    def forward(w_: list[float], b_: float) -> tuple[float, float, float]:
        z = sum(a * c for a, c in zip(w_, x, strict=True)) + b_
        p = 1 / (1 + math.exp(-z))
        return z, p, -math.log(p if label == 1 else 1 - p)

    z, p, loss = forward(w, bias)
    g = p - label
    new_w = [a - lr * g * c for a, c in zip(w, x, strict=True)]
    new_b = bias - lr * g
    z2, p2, loss2 = forward(new_w, new_b)
    steps = [
        f"before: z = w·x + b = {fmt(z)}, p = σ({fmt(z)}) = {fmt(p)}, log-loss = {fmt(loss)}",
        f"gradient of the log-loss: (p - y) x = ({fmt(p)} - {label}) × {vec(x)} = {vec([g * c for c in x])}; "
        f"for b: p - y = {fmt(g)}",
        f"step against it: w = {vec(w)} - {fmt(lr)} × {vec([g * c for c in x])} = {vec(new_w)}; "
        f"b = {fmt(bias)} - {fmt(lr)} × {factor(g)} = {fmt(new_b)}",
        f"after: z = {fmt(z2)}, p = {fmt(p2)}, log-loss = {fmt(loss2)}",
    ]
    note = (
        "(y - p) x is the negative of the log-loss gradient: subtracting it climbs the loss. Either subtract "
        "(p - y) x or add (y - p) x. "
        + (
            "The loss goes down after the step, as it must for a small enough learning rate."
            if loss2 < loss
            else "Here the loss still rises: the learning rate is too large for this step."
        )
    )
    return Worked("logistic_step", "s2-supervised-learning", r"\\sigma\(z\) = 1/\(1\+e\^\{-z\}\)", tuple(steps), note)


# --- batch normalization in eval mode, dropout beside it (c-dropout-batchnorm) --------------------


def batchnorm_eval(question: str) -> Worked | None:
    """A batch-norm feature's running mean and variance, gamma, beta and one input: the eval-mode output
    γ (x - running_mean) / √(running_var + ε) + β; the running mean after a batch with a given mean
    (PyTorch's momentum 0.1 unless given); and what inverted dropout does to the value in training."""
    if not re.search(r"batch[ -]?norm", question, re.I):
        return None
    mean = labelled(question, r"running[_ ]mean", sep=r"(?:=|:|is|of)")
    var = labelled(question, r"running[_ ]var(?:iance)?", sep=r"(?:=|:|is|of)")
    gamma = labelled(question, r"gamma|γ", sep=r"(?:=|:|is|of)")
    beta = labelled(question, r"beta|β", sep=r"(?:=|:|is|of)")
    xs = set(re.findall(rf"(?<![\w.])x\s*=\s*({NUM})", question))
    if None in (mean, var, gamma, beta) or len(xs) != 1 or var < 0:
        return None
    eps = labelled(question, r"eps(?:ilon)?|ε", sep=r"(?:=|:|is|of)") or 0.0
    x = to_float(xs.pop())
    sd = math.sqrt(var + eps)
    if sd == 0:
        return None
    y = gamma * (x - mean) / sd + beta
    eps_text = f" + {fmt(eps)}" if eps else ""
    steps = [
        f"eval mode uses the running statistics, not the batch's: x̂ = (x - running_mean) / √(running_var{eps_text}) "
        f"= ({fmt(x)} - {fmt(mean)}) / √{fmt(var + eps)} = {fmt((x - mean) / sd)}",
        f"output = γ x̂ + β = {fmt(gamma)} × {fmt((x - mean) / sd)} + {factor(beta)} = {fmt(y)}",
    ]
    p = labelled(question, r"dropout\s*\(\s*p|dropout(?:\s+with)?\s+p|\bp", sep=r"(?:=|of)")
    if p is not None and 0 < p < 1 and re.search(r"dropout", question, re.I):
        steps.append(
            f"inverted dropout (p = {fmt(p)}) in training: the value is zeroed with probability {fmt(p)}, otherwise "
            f"scaled by 1 / (1 - {fmt(p)}): {fmt(y)} / {fmt(1 - p)} = {fmt(y / (1 - p))}; in eval mode it passes "
            f"unchanged"
        )
    batch = re.search(rf"batch\s+(?:has|with|of)\s+(?:a\s+)?mean\s*(?:=|of|is)?\s*({NUM})", question, re.I)
    if batch:
        m = labelled(question, r"momentum", sep=r"(?:=|of|is)") or 0.1
        new = (1 - m) * mean + m * to_float(batch[1])
        steps.append(
            f"running_mean after a training batch with mean {fmt(to_float(batch[1]))} (momentum {fmt(m)}): "
            f"{fmt(1 - m)} × {fmt(mean)} + {fmt(m)} × {fmt(to_float(batch[1]))} = {fmt(new)}"
        )
    return Worked("batchnorm_eval", "c-dropout-batchnorm", r"in eval mode batch normalization uses", tuple(steps))


# --- first and seasonal differences (s3-classical-forecasting) ------------------------------------

_PERIODS = {"quarterly": 4, "monthly": 12, "daily": 7}


def differencing(question: str) -> Worked | None:
    """A series given year by year ("2023 = 100, 120, 90, 150 and 2024 = ...") or as one list, and its
    season length (quarterly 4, monthly 12, or "m = 4"): first differences y_t - y_{t-1}, seasonal
    differences y_t - y_{t-m}, and the seasonal naive forecast of the next season."""
    if not re.search(r"differenc", question, re.I):
        return None
    years = re.findall(rf"\b(?:19|20)\d\d\s*(?:=|:)\s*((?:{NUM})(?:\s*,\s*(?:{NUM}))+)", question)
    lists = years or [m for m in re.findall(rf"(?:{NUM})(?:\s*,\s*(?:{NUM})){{5,}}", question)]
    if not lists or (not years and len(lists) != 1):
        return None
    series = [to_float(v) for span in lists for v in re.findall(NUM, span)]
    named = [p for word, p in _PERIODS.items() if re.search(rf"\b{word}\b", question, re.I)]
    given = labelled(question, r"\bm|season(?:al)? (?:length|period)", sep=r"(?:=|of|is)")
    m = int(given) if given and given == int(given) else (named[0] if len(named) == 1 else None)
    if years and m is None:
        m = len(re.findall(NUM, lists[0]))
    if not m or m < 2 or len(series) < m + 2 or len(series) > 60:
        return None
    first = [b - a for a, b in zip(series, series[1:], strict=False)]
    seasonal = [series[i] - series[i - m] for i in range(m, len(series))]
    steps = [
        f"series ({len(series)} values, season length m = {m}): {', '.join(fmt(v) for v in series)}",
        f"first differences y_t - y_(t-1): {', '.join(fmt(v) for v in first)}",
        f"seasonal differences y_t - y_(t-{m}): {', '.join(fmt(v) for v in seasonal)}",
        f"seasonal naive forecast of the next {m}: the last season repeated, {', '.join(fmt(v) for v in series[-m:])}",
    ]
    flat = max(seasonal) - min(seasonal) <= 0.25 * (max(first) - min(first))
    note = (
        f"The first differences still swing with the season; the seasonal differences are "
        f"{'constant' if max(seasonal) == min(seasonal) else 'nearly constant'}, so "
        f"seasonal differencing (D = 1, m = {m}) removes the pattern."
        if flat
        else ""
    )
    return Worked("differencing", "s3-classical-forecasting", r"seasonal difference is", tuple(steps), note)


# --- Q* from known state values (s3-mdp) ----------------------------------------------------------

_ACTION = re.compile(
    rf"'(\w+)'\s+(?:gives|pays|earns|yields)\s+(?:a\s+)?(?:reward\s+(?:of\s+)?)?({NUM})(?:\s+reward)?\s+and\s+"
    r"(?:leads|goes|moves|takes\s+you)\s+to\s+(.*?)(?=\.\s|\.$|\?|;|$)",
    re.I,
)
_TO = re.compile(rf"(?:state\s+)?(\w+)\s+with\s+(?:probability\s+({NUM})|certainty)", re.I)


def q_from_values(question: str) -> Worked | None:
    """Actions written "'go' gives reward 1 and leads to A with probability 0.6 or to B with probability
    0.4" and known values V*(A), V*(B): Q*(s, a) = R + γ Σ P(s') V*(s') for each action and each γ named,
    and the best action at each."""
    values = dict(re.findall(rf"V\*?\s*\(\s*(\w+)\s*\)\s*=\s*({NUM})", question))
    gammas = list(dict.fromkeys(to_float(g) for g in re.findall(rf"(?:gamma|γ)\s*=\s*({NUM})", question, re.I)))
    actions = _ACTION.findall(question)
    if len(values) < 1 or not gammas or len(actions) < 2 or any(not 0 <= g <= 1 for g in gammas):
        return None
    model = []
    for name, reward, rest in actions:
        moves = [(s, 1.0 if p == "" else to_float(p)) for s, p in _TO.findall(rest)]
        if not moves or any(s not in values for s, _ in moves) or abs(sum(p for _, p in moves) - 1) > 1e-9:
            return None
        model.append((name, to_float(reward), moves))
    steps, picks = [], []
    for g in gammas:
        qs = []
        for name, r, moves in model:
            inner = " + ".join(f"{fmt(p)} × {fmt(to_float(values[s]))}" for s, p in moves)
            q = r + g * sum(p * to_float(values[s]) for s, p in moves)
            qs.append((q, name))
            steps.append(f"γ = {fmt(g)}: Q*({name}) = {fmt(r)} + {fmt(g)} × ({inner}) = {fmt(q)}")
        best = max(qs)
        ties = [n for q, n in qs if abs(q - best[0]) < 1e-9]
        steps.append(f"γ = {fmt(g)}: best action {' or '.join(ties)} (V* = max = {fmt(best[0])})")
        picks.append(tuple(ties))
    note = (
        "The best action changes with γ: the larger γ, the more the value of where an action leads counts against "
        "its immediate reward."
        if len(set(picks)) > 1
        else ""
    )
    return Worked("q_from_values", "s3-mdp", r"\*\*Bellman optimality equation", tuple(steps), note)


# --- tabular Q-learning along a corridor (s3-q-learning) ------------------------------------------


def corridor_q(question: str) -> Worked | None:
    """A chain of states S0 -> S1 -> ... -> goal with one action, a reward only on reaching the goal, Q
    starting at 0 and updated in order along each episode: the Q-values after each episode asked, and
    the values they converge to (reward × γ^k from the goal)."""
    chain = re.search(
        r"\b([A-Za-z]+)0\s*(?:->|→)\s*\1?1(?:\s*(?:->|→)\s*\1?\d)*\s*(?:->|→)\s*(?:the\s+)?goal", question
    )
    if not chain or not re.search(r"q[- ]learning|Q\s*\(", question, re.I):
        return None
    states = re.findall(r"(?:->|→)?\s*([A-Za-z]+\d)", chain[0])
    alpha = labelled(question, r"alpha|α", sep=r"(?:=|of|is)")
    gamma = labelled(question, r"gamma|γ", sep=r"(?:=|of|is)")
    reward = re.search(
        rf"([+-]?{NUM})\s+on\s+the\s+step\s+(?:from\s+\w+\s+)?into\s+(?:the\s+)?(?:terminal\s+)?goal", question, re.I
    )
    reward = reward or re.search(
        rf"reward\s+(?:of\s+)?([+-]?{NUM})\s+(?:for|on)\s+reaching\s+(?:the\s+)?goal", question, re.I
    )
    episodes = [
        int(x)
        for x in re.findall(r"episodes?\s+((?:\d+\s*(?:,|and)\s*)*\d+)", question, re.I)
        for x in re.findall(r"\d+", x)
    ]
    if alpha is None or gamma is None or not reward or not 2 <= len(states) <= 6 or not 0 < alpha <= 1:
        return None
    r = to_float(reward[1].lstrip("+"))
    wanted = sorted(set(episodes)) or [1, 2, 3]
    if max(wanted) > 50:
        return None
    q = [0.0] * len(states)
    steps = [
        f"update Q(s) ← Q(s) + {fmt(alpha)} [r + {fmt(gamma)} Q(next) - Q(s)], in the order {', '.join(states)}; "
        f"the step into the goal has target {fmt(r)} (terminal: nothing after it)"
    ]
    for episode in range(1, max(wanted) + 1):
        for i in range(len(states)):
            target = r if i == len(states) - 1 else gamma * q[i + 1]
            q[i] += alpha * (target - q[i])
        if episode in wanted:
            steps.append(
                f"after episode {episode}: " + ", ".join(f"Q({s}) = {fmt(v)}" for s, v in zip(states, q, strict=True))
            )
    limit = [r * gamma ** (len(states) - 1 - i) for i in range(len(states))]
    steps.append(
        "converged (Q(s) = r γ^k, k the steps after s before the goal): "
        + ", ".join(f"Q({s}) = {fmt(v)}" for s, v in zip(states, limit, strict=True))
    )
    note = (
        "Updating in order from the start, the reward moves back only one state per episode: each state learns from "
        "its successor's value as it was before that successor's own update in the same episode."
    )
    return Worked("corridor_q", "s3-q-learning", r"\*\*Q-learning update", tuple(steps), note)


# --- singular values of a matrix with two rows or two columns (s1-linear-algebra) -----------------


def svd_two(question: str) -> Worked | None:
    """A 2 x n or n x 2 matrix (n >= 3, so not square): its singular values from the eigenvalues of the
    2 x 2 matrix A A^T (or A^T A), then its rank and condition number. A square matrix is left to
    `eigen`."""
    if not re.search(r"\bSVD\b|singular values?", question, re.I):
        return None
    mats = [v for _, t in bracketed(question) if (v := literal(t)) is not None and len(shape_of(v) or ()) == 2]
    if len(mats) != 1 or 2 not in shape_of(mats[0]):
        return None
    a = [[float(x) for x in row] for row in mats[0]]
    rows, cols = shape_of(mats[0])
    square = rows == cols == 2
    if square and (a[0][0] + a[1][1]) ** 2 >= 4 * (a[0][0] * a[1][1] - a[0][1] * a[1][0]):
        return None  # real eigenvalues: `eigen` shows the singular values beside them when they are asked
    wide = rows == 2 and not square
    m = a if wide else [list(c) for c in zip(*a, strict=True)]  # the two vectors whose Gram matrix is 2 x 2
    g11, g12, g22 = (sum(x * y for x, y in zip(m[i], m[j], strict=True)) for i, j in ((0, 0), (0, 1), (1, 1)))
    high, low, _ = symmetric_eigen(g11, g12, g22)
    s1, s2 = math.sqrt(max(high, 0.0)), math.sqrt(max(low, 0.0))
    gram = "A A^T" if wide else "A^T A"
    rank = sum(s > 1e-9 for s in (s1, s2))
    steps = [
        (
            f"A is 2 x 2 with complex eigenvalues, which are not its singular values; {gram} (symmetric): "
            if square
            else f"A is {rows} x {cols}: not square, but {gram} is 2 x 2 (and symmetric): "
        )
        + f"[[{fmt(g11)}, {fmt(g12)}], [{fmt(g12)}, {fmt(g22)}]]",
        f"its eigenvalues: {fmt(high)} and {fmt(low)}; singular values σ = √: {fmt(s1)} and {fmt(s2)}",
        f"rank = number of non-zero singular values = {rank}",
        f"condition number σ_max / σ_min = {fmt(s1)} / {fmt(s2)} = {fmt(s1 / s2)}"
        if s2 > 1e-9
        else "condition number: σ_min = 0, so it is infinite (A is rank-deficient)",
    ]
    if square:
        note = (
            "Eigenvalues and singular values coincide (up to sign) only for symmetric matrices; the singular values, "
            "the square roots of A^T A's eigenvalues, say how much A stretches."
            + (
                " Equal singular values: A stretches every direction equally (a rotation times a scale)."
                if abs(s1 - s2) < 1e-9
                else ""
            )
        )
        return Worked("svd_two", "s1-linear-algebra", r"The singular values are the square roots", tuple(steps), note)
    note = (
        f"Every real matrix has an SVD, square or not; no padding is needed. The other Gram matrix "
        f"({'A^T A' if wide else 'A A^T'}, {max(rows, cols)} x {max(rows, cols)}) has the same non-zero eigenvalues "
        + ("plus a zero." if max(rows, cols) == 3 else f"plus {max(rows, cols) - 2} zeros.")
    )
    return Worked("svd_two", "s1-linear-algebra", r"The singular values are the square roots", tuple(steps), note)


# --- MA(1) forecasts (s3-classical-forecasting) ---------------------------------------------------


def ma_forecast(question: str) -> Worked | None:
    """An MA(1) with a mean, y_t = mu + e_t + theta e_(t-1), and the last estimated shock: the forecast
    one step ahead is mu + theta e_T, and every later one is mu (future shocks are forecast as 0)."""
    if not re.search(r"\bMA\s*\(\s*1\s*\)|moving[- ]average", question, re.I):
        return None
    eq = re.search(
        rf"y_?\(?t\)?\s*=\s*({NUM})\s*\+\s*e_?\(?t\)?\s*([+-])\s*({NUM})\s*[·*×]?\s*e_?[({{]?t\s*-\s*1[)}}]?",
        question,
        re.I,
    )
    mu = to_float(eq[1]) if eq else labelled(question, r"\bmu|μ|mean", sep=r"(?:=|of|is)")
    theta = (to_float(eq[3]) * (-1 if eq[2] == "-" else 1)) if eq else labelled(question, r"theta|θ", sep=r"(?:=|is)")
    shock = re.findall(rf"\b(?:e|ε|epsilon)_?\(?(\d+)\)?\s*=\s*({NUM})", question, re.I)
    if mu is None or theta is None or len(shock) != 1:
        return None
    t, e = int(shock[0][0]), to_float(shock[0][1])
    one = mu + theta * e
    sign, th = ("+", fmt(theta)) if theta >= 0 else ("-", fmt(-theta))
    times = fmt(theta) if theta >= 0 else f"({fmt(theta)})"
    steps = (
        f"the model: y_t = {fmt(mu)} + e_t {sign} {th} e_(t-1); at t = {t} the estimated shock is e_{t} = {fmt(e)}",
        f"t = {t + 1}: ŷ = {fmt(mu)} + {times} × {factor(e)} = {fmt(one)} (the future shock e_{t + 1} is "
        "forecast as 0)",
        f"t = {t + 2} and later: ŷ = {fmt(mu)} + {times} × 0 = {fmt(mu)} (every shock after t = {t} is unknown, "
        "forecast as 0)",
    )
    doubt = re.search(r"(?:broken|bug|wrong|weird|shouldn'?t|should not)", question, re.I)
    note = (
        f"{'Not a bug: a' if doubt else 'A'}n MA(1) remembers only the last shock, so its forecasts return to the "
        "mean after one step. A stationary AR model regresses on past values, so its forecasts return to the mean "
        "gradually; an ARIMA model with a difference levels off at a new value instead."
    )
    return Worked("ma_forecast", "s3-classical-forecasting", r"\*\*MA\(q\)\.\*\*", steps, note)


# --- one series of observations, shared by DBSCAN and exponential smoothing ---------------------


def _series(question: str) -> list[float] | None:
    """The one series of observations: a list in brackets or written in words, at least three values."""
    found = [v for _, t in bracketed(question) if (v := literal(t)) is not None and len(shape_of(v) or ()) == 1]
    found = found or prose_lists(question)
    found = [v for v in found if len(v) >= 3]
    return found[0] if len(found) == 1 else None


# --- DBSCAN on a line (c-dbscan) -------------------------------------------------------------------


def _dbscan(points: list[float], eps: float, min_samples: int) -> tuple[list[list[int]], list[bool], list[int]]:
    """Each point's eps-neighbours (itself included, distance <= eps), which are core points, and the
    labels scikit-learn gives: clusters grown from core points in data order, border points joining the
    first cluster that reaches them, noise -1."""
    near = [[j for j, q in enumerate(points) if abs(p - q) <= eps + 1e-9] for p in points]
    core = [len(n) >= min_samples for n in near]
    labels = [-1] * len(points)
    cluster = -1
    for i in range(len(points)):
        if labels[i] != -1 or not core[i]:
            continue
        cluster += 1
        labels[i], frontier = cluster, [i]
        while frontier:
            k = frontier.pop(0)
            for j in near[k]:
                if labels[j] == -1:
                    labels[j] = cluster
                    if core[j]:
                        frontier.append(j)
    return near, core, labels


def dbscan_1d(question: str) -> Worked | None:
    """1-D points, eps and min_samples (scikit-learn's convention: the point itself counts): each point's
    neighbourhood, the core, border and noise points and the clusters; again for a second min_samples or
    eps the learner asks about."""
    if not re.search(r"\bdbscan\b", question, re.I):
        return None
    points = _series(question)
    eps = [to_float(v) for v in re.findall(rf"(?:\beps(?:ilon)?|ε)\s*(?:=|of|is|to|:)?\s*({NUM})", question, re.I)]
    mins = [
        int(to_float(v))
        for v in re.findall(
            rf"(?:min_?samples|min_?pts|minpts|min\s+samples)\s*(?:=|of|is|to|:)?\s*({NUM})", question, re.I
        )
    ]
    eps, mins = list(dict.fromkeys(eps)), list(dict.fromkeys(mins))
    if re.search(
        rf"(?:\beps(?:ilon)?|ε|min_?samples|min_?pts|minpts)\s*(?:=|of|is|to|:)?\s*{NUM}\s*(?:,|or|and|vs)\s*{NUM}",
        question,
        re.I,
    ):
        return None  # several values in one breath: which run is meant is not clear
    kdist: list[str] = []
    if points is not None and len(mins) == 1 and re.search(r"k-?\s?dist|\bknee\b|\belbow\b", question, re.I):
        kdist, elbow = _k_distance_steps(points, mins[0])
        if elbow is None:
            return None  # no clear elbow: which eps the learner should pick is not clear
        picked = re.search(
            r"(?:that|the\s+(?:chosen|picked|elbow))\s+eps|(?:pick|choos|select|find)\w*\s+eps", question, re.I
        )
        if not eps or picked:
            eps = list(dict.fromkeys([elbow, *eps]))
    if points is None or not eps or not mins or len(eps) > 2 or len(mins) > 2 or len(points) > 15:
        return None
    if re.search(
        r"not\s+count|exclud\w*\s+(?:the\s+)?(?:point\s+)?itself|without\s+(?:the\s+point\s+)?itself", question, re.I
    ):
        return None  # another convention than scikit-learn's: which one the counts follow is not clear
    if any(e <= 0 for e in eps) or any(m < 1 for m in mins):
        return None
    e0, m0 = eps[0], mins[0]
    near, core, labels = _dbscan(points, e0, m0)
    steps = kdist + [
        f"points within eps = {fmt(e0)} of each (the point itself counted, as scikit-learn does): "
        + "; ".join(
            f"{fmt(p)}: {{{', '.join(fmt(points[j]) for j in n)}}} → {len(n)}"
            for p, n in zip(points, near, strict=True)
        )
    ]
    cores = [fmt(p) for p, c in zip(points, core, strict=True) if c]
    steps.append(f"core points (at least {m0}): {', '.join(cores) if cores else 'none'}")
    border = [
        f"{fmt(p)} (near {fmt(next(points[j] for j in near[i] if core[j]))})"
        for i, p in enumerate(points)
        if not core[i] and any(core[j] for j in near[i])
    ]
    noise = [fmt(p) for p, lab in zip(points, labels, strict=True) if lab == -1]
    steps.append(
        f"border points (not core, within {fmt(e0)} of a core point): {', '.join(border) if border else 'none'}"
    )
    steps.append(f"noise (label -1): {', '.join(noise) if noise else 'none'}")
    groups = sorted(set(labels) - {-1})
    if groups:
        steps.append(
            "clusters: "
            + ", ".join(
                f"{{{', '.join(fmt(p) for p, lab in zip(points, labels, strict=True) if lab == g)}}} (label {g})"
                for g in groups
            )
            + f"; scikit-learn's labels_ in your order: [{', '.join(str(v) for v in labels)}]"
        )
    else:
        steps.append("no core point, so no cluster: every point is noise")
    for e, m in [(e0, m) for m in mins[1:]] + [(e, m0) for e in eps[1:]]:
        near2, core2, labels2 = _dbscan(points, e, m)
        groups2 = sorted(set(labels2) - {-1})
        noise2 = sum(1 for lab in labels2 if lab == -1)
        if groups2:
            shown = ", ".join(
                "{" + ", ".join(fmt(p) for p, lab in zip(points, labels2, strict=True) if lab == g) + "}"
                for g in groups2
            )
            steps.append(
                f"with eps = {fmt(e)} and min_samples = {m}: core points "
                f"{', '.join(fmt(p) for p, c in zip(points, core2, strict=True) if c)}; clusters {shown}; "
                f"{noise2} noise point{'s' if noise2 != 1 else ''}"
            )
        else:
            most = max(len(n) for n in near2)
            steps.append(
                f"with eps = {fmt(e)} and min_samples = {m}: no point has {m} points within {fmt(e)} (the most is "
                f"{most}), so there is no core point, no cluster, and all {len(points)} points are noise (-1)"
            )
    note = (
        "DBSCAN needs no number of clusters, and leaves sparse points as noise instead of forcing them into a "
        "cluster; a border point within eps of core points of two clusters joins the one that reaches it first."
    )
    if kdist:
        cue = r"The k-distance of a point is the distance to its k-th nearest other point"
        return Worked("dbscan_1d", "c-dbscan", cue, tuple(steps), note)
    return Worked("dbscan_1d", "c-dbscan", r"\*\*A core point\*\*", tuple(steps), note)


def _k_distance_steps(points: list[float], min_samples: int) -> tuple[list[str], float | None]:
    """Each point's k-distance with k = min_samples - 1 (scikit-learn counts the point itself), the sorted
    curve, and the eps at its elbow: the value just before the one jump that is at least twice every other jump
    and more than doubles the curve (None when there is no such jump)."""
    k = min_samples - 1
    if k < 1 or len(points) <= k or len(set(points)) != len(points):
        return [], None
    dists = []
    for i, p in enumerate(points):
        others = sorted(abs(p - q) for j, q in enumerate(points) if j != i)
        dists.append(others[k - 1])
    curve = sorted(dists)
    jumps = [b - a for a, b in zip(curve, curve[1:], strict=False)]
    if not jumps:
        return [], None
    big = max(jumps)
    at = jumps.index(big)
    rest = [j for i, j in enumerate(jumps) if i != at]
    if big <= 0 or any(j * 2 > big for j in rest) or curve[at] <= 0 or curve[at + 1] <= 2 * curve[at]:
        return [], None
    nth = {1: "nearest", 2: "2nd-nearest", 3: "3rd-nearest"}.get(k, f"{k}th-nearest")
    steps = [
        f"k-distance with k = min_samples - 1 = {min_samples} - 1 = {k}, the distance to each point's {nth} other "
        "point: " + ", ".join(f"{fmt(p)} → {fmt(d)}" for p, d in zip(points, dists, strict=True)),
        f"sorted: {', '.join(fmt(d) for d in curve)}; the biggest jump is {fmt(curve[at])} → {fmt(curve[at + 1])}, "
        f"so the elbow gives eps = {fmt(curve[at])}",
        f"a point is core exactly when its k-distance is at most eps: with eps = {fmt(curve[at])}, "
        f"{sum(d <= curve[at] for d in dists)} of {len(points)} points are core",
    ]
    return steps, curve[at]


# --- simple exponential smoothing and Holt's trend (c-exponential-smoothing) ---------------------

_SMOOTHING = re.compile(r"exponential(?:ly)?\s+smooth|\bSES\b|\bholt\b", re.I)
_HORIZON = re.compile(
    rf"next\s+(\d+|{'|'.join(WORDS)})\s+(?:\w+\s+)?(?:months?|weeks?|days?|periods?|steps?|years?|quarters?|hours?)",
    re.I,
)


def exp_smoothing(question: str) -> Worked | None:
    """A series and alpha: the SES level l_t = alpha y_t + (1 - alpha) l_(t-1) after each observation,
    started at the first observation unless an initial level is given, and the flat forecast; with beta
    and Holt's method named (or a trend asked for), Holt's level and slope, started at b = y_2 - y_1, and
    the forecasts l + h b. Seasonal (Holt-Winters) and damped versions are not worked."""
    if not _SMOOTHING.search(question) or re.search(r"winters|seasonal|damp|\bphi\b|φ|gamma|γ", question, re.I):
        return None
    if re.search(
        rf"(?:\balpha|α)s?\s*(?:=|of|is|:)?\s*{NUM}\s*(?:,\s*|\s+(?:and|or|vs\.?|versus|to)\s+){NUM}", question, re.I
    ):
        return None  # two alphas compared: which one the series is smoothed with is not clear
    alpha = labelled(question, r"\balpha|α", sep=r"(?:=|of|is|:)?")
    y = _series(question)
    if alpha is None or not 0 < alpha <= 1 or y is None:
        return None
    beta = labelled(question, r"\bbeta|β", sep=r"(?:=|of|is|:)?")
    holt = beta is not None and bool(re.search(r"\bholt\b|trend", question, re.I))
    if beta is not None and not holt or holt and not 0 < beta <= 1:
        return None
    given = labelled(question, r"initial\s+level|l_?\{?0\}?|starting\s+level", sep=r"(?:=|of|is|:|at|to)?")
    h = _HORIZON.search(question)
    horizon = max(1, min(6, (WORDS.get(h[1].lower()) or int(h[1])) if h else 3))
    a, na = fmt(alpha), fmt(1 - alpha)
    steps: list[str] = []
    if holt:
        level, slope = y[0], y[1] - y[0]
        steps.append(
            f"start: l_1 = y_1 = {fmt(level)}, b_1 = y_2 - y_1 = {fmt(y[1])} - {fmt(y[0])} = {fmt(slope)} "
            f"(alpha = {a}, beta = {fmt(beta)})"
        )
        for t, v in enumerate(y[1:], 2):
            new = alpha * v + (1 - alpha) * (level + slope)
            new_slope = beta * (new - level) + (1 - beta) * slope
            steps.append(
                f"t = {t}: l_{t} = {a} × {fmt(v)} + {na} × ({fmt(level)} + {fmt(slope)}) = {fmt(new)}; "
                f"b_{t} = {fmt(beta)} × ({fmt(new)} - {fmt(level)}) + {fmt(1 - beta)} × {fmt(slope)} = {fmt(new_slope)}"
            )
            level, slope = new, new_slope
        n = len(y)
        steps.append(
            "forecasts: "
            + "; ".join(
                f"t = {n + k}: {fmt(level)} + {k} × {fmt(slope)} = {fmt(level + k * slope)}"
                for k in range(1, horizon + 1)
            )
        )
        if re.search(r"simple exponential|\bSES\b", question, re.I):  # "how would SES compare?"
            ses, levels = y[0], []
            for t, v in enumerate(y[1:], 2):
                ses = alpha * v + (1 - alpha) * ses
                levels.append(f"l_{t} = {fmt(ses)}")
            steps.append(
                f"simple exponential smoothing with alpha = {a} from l_1 = {fmt(y[0])}: {', '.join(levels)}; it "
                f"forecasts {fmt(ses)} for every horizon, against Holt's {fmt(level + slope)} one step ahead"
            )
        note = (
            "Holt's forecasts follow the last slope in a straight line; a damped trend makes them level off. "
            "The start b_1 = y_2 - y_1 is one common choice, and a fitting library estimates the starting values "
            "with alpha and beta, so its numbers can differ."
        )
        return Worked(
            "exp_smoothing", "c-exponential-smoothing", r"Holt's linear trend method adds a slope", tuple(steps), note
        )
    if given is not None and given != y[0]:
        level, start = given, 1
        steps.append(f"start: l_0 = {fmt(given)} (your initial level), alpha = {a}")
    else:
        level, start = y[0], 2
        steps.append(f"start: l_1 = y_1 = {fmt(y[0])} (the level starts at the first observation), alpha = {a}")
    errors = []
    for t, v in enumerate(y[start - 1 :], start):
        new = alpha * v + (1 - alpha) * level
        errors.append(v - level)
        steps.append(
            f"t = {t}: forecast {fmt(level)}, actual {fmt(v)} (error {fmt(v - level)}); "
            f"l_{t} = {a} × {fmt(v)} + {na} × {fmt(level)} = {fmt(new)}"
        )
        level = new
    n = len(y)
    steps.append(
        f"forecasts for t = {', '.join(str(n + k) for k in range(1, horizon + 1))}: "
        f"{', '.join(fmt(level) for _ in range(horizon))} (every horizon gets the last level)"
    )
    trend = (
        " On this rising series every one-step error was positive: SES lags behind a trend."
        if all(e > 0 for e in errors)
        else " On this falling series every one-step error was negative: SES lags behind a trend."
        if all(e < 0 for e in errors)
        else ""
    )
    doubt = re.search(r"trend|upward|downward|rising|growing|carry", question, re.I)
    note = (
        f"{'No: s' if doubt else 'S'}imple exponential smoothing has no trend term, so its forecast is flat at the "
        f"last level whatever the horizon.{trend} Holt's linear trend method adds a slope."
    )
    return Worked("exp_smoothing", "c-exponential-smoothing", r"updates a level with", tuple(steps), note)


# --- the weights simple exponential smoothing puts on past observations (c-exponential-smoothing) ------

_PERIOD = r"(?:weeks?|months?|days?|observations?|periods?|values?|points?|years?|quarters?|hours?)"
_COUNT = rf"(\d+|{'|'.join(WORDS)})"
_ALPHAS = re.compile(
    rf"(?:\balpha|α)s?\s*(?:=|of|is|:)?\s*({NUM}(?:\s*(?:,|and|or|vs\.?|versus|,\s*and)\s*{NUM})*)", re.I
)
_RECENT = re.compile(
    rf"{_COUNT}\s+(?:most\s+recent|latest|last|newest)\s+(?:\w+\s+)?{_PERIOD}"
    rf"|(?:last|latest|most\s+recent|newest)\s+{_COUNT}\s+(?:\w+\s+)?{_PERIOD}",
    re.I,
)
_UPDATES = re.compile(
    rf"\bafter\s+{_COUNT}\s+(?:\w+\s+)?(?:{_PERIOD}|updates?|steps?)\b"
    rf"|\b{_COUNT}\s+(?:\w+\s+)?{_PERIOD}\s+of\s+(?:updates|data|history|observations|smoothing)\b",
    re.I,
)
_AHEAD = re.compile(rf"{_COUNT}[- ](?:{_PERIOD}|steps?)[- ]ahead|multi[- ]step|\bh[- ]step|further ahead", re.I)


def _count(text: str) -> int:
    return WORDS.get(text.lower()) or int(text)


def _share(x: float) -> str:
    """A weight between 0 and 1 shown without rounding to 0 or 1: 0.99999 is not 1."""
    return "more than 0.9999" if x > 0.9999 else "less than 0.000001" if x < 1e-6 else fmt(x)


def ses_weights(question: str) -> Worked | None:
    """The weights simple exponential smoothing gives past observations, asked without a series: unrolling
    l_t = alpha y_t + (1 - alpha) l_(t-1) gives the k-th most recent observation alpha (1 - alpha)^(k - 1) and
    leaves (1 - alpha)^t on the initial level after t updates, for each alpha named; and the forecast is the
    same last level at every horizon. Holt, Holt-Winters and damped versions are not worked."""
    if not _SMOOTHING.search(question) or not re.search(r"\bweights?\b|\bweighted\b", question, re.I):
        return None
    if re.search(r"winters|seasonal (?:index|indices|factor)|damp|\bphi\b|φ|gamma|γ|\bbeta\b|β", question, re.I):
        return None
    found = list(_ALPHAS.finditer(question))
    alphas = list(dict.fromkeys(to_float(v) for m in found for v in re.findall(NUM, m[1])))
    if not alphas or len(alphas) > 4 or any(not 0 < a < 1 for a in alphas):
        return None
    rest = question
    for m in reversed(found):
        rest = rest[: m.start()] + rest[m.end() :]
    if _series(rest) is not None:
        return None  # a series of its own is smoothed by exp_smoothing
    recent = {_count(a or b) for a, b in _RECENT.findall(question)}
    updates = {_count(a or b) for a, b in _UPDATES.findall(question)}
    if len(recent) > 1 or len(updates) > 1:
        return None
    k = recent.pop() if recent else 3
    t = updates.pop() if updates else None
    if not 1 <= k <= 12 or t is not None and not k <= t <= 1000:
        return None
    steps = [
        "unrolling l_t = alpha y_t + (1 - alpha) l_(t-1): the most recent observation gets alpha, the one before "
        "alpha (1 - alpha), then alpha (1 - alpha)^2, ..."
        + (f", and the initial level l_0 keeps (1 - alpha)^t after t = {t} updates" if t else "")
    ]
    heavy = []
    for a in alphas:
        weights = [a * (1 - a) ** j for j in range(k)]
        shown = ", ".join(
            fmt(w) if j == 0 else f"{fmt(a)} × {fmt(1 - a)}{'' if j == 1 else f'^{j}'} = {_share(w)}"
            for j, w in enumerate(weights)
        )
        line = (
            f"alpha = {fmt(a)}: the {k} most recent observations get {shown} "
            f"(together 1 - {fmt(1 - a)}^{k} = {_share(1 - (1 - a) ** k)})"
        )
        if t:
            left = (1 - a) ** t
            line += f"; l_0 keeps {fmt(1 - a)}^{t} = {_share(left)}"
            if left >= 0.05:
                heavy.append(f"alpha = {fmt(a)}")
        steps.append(line)
    if _AHEAD.search(question):
        steps.append(
            "forecast h steps ahead = the last level l_t for every h: the forecast several steps ahead is the same "
            "number as the one-step forecast"
        )
    note = (
        "The weights shrink geometrically with age, so a small alpha spreads them over a long history and a large "
        "one follows the newest observations."
    )
    if heavy:
        note += f" With {' and '.join(heavy)} the initial level still carries a real share after {t} updates, so "
        note += "how it is set matters."
    note += " SES forecasts are flat, with no trend or seasonality; Holt's method adds a trend."
    return Worked("ses_weights", "c-exponential-smoothing", r"Unrolling the SES recursion gives", tuple(steps), note)


# --- two linear layers without an activation (c-activation-functions) ----------------------------


def _matrix(question: str, name: str) -> list | None:
    """A named weight matrix or bias; a weight written as one row ("W2 = [2, 1]") read as a 1 x n matrix."""
    value = named_value(question, name)
    if value and not isinstance(value[0], list) and name.lower().startswith("w"):
        return [value]
    return value


def collapse_linear(question: str) -> Worked | None:
    """W1, b1, W2, b2 of two layers with the activation removed: the single layer they equal,
    W = W2 W1 and b = W2 b1 + b2, and, for an input x given, the output with and without ReLU."""
    if not re.search(r"(?:remov|drop|without|no)\w*\s+(?:the\s+)?(?:relu|activation|nonlinearit)", question, re.I):
        return None
    w1, b1 = _matrix(question, "W_?1"), _matrix(question, "b_?1")
    w2, b2 = _matrix(question, "W_?2"), _matrix(question, "b_?2")
    if None in (w1, b1, w2, b2):
        return None
    n_hidden, n_in = shape_of(w1) or (0, 0)
    if shape_of(w2) is None or len(w2[0]) != n_hidden or len(b1) != n_hidden or len(b2) != len(w2):
        return None
    w = [[sum(w2[i][k] * w1[k][j] for k in range(n_hidden)) for j in range(n_in)] for i in range(len(w2))]
    b = [sum(w2[i][k] * b1[k] for k in range(n_hidden)) + b2[i] for i in range(len(w2))]
    steps = [
        "without an activation: y = W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2)",
        f"W = W2 W1 = {vec(w[0]) if len(w) == 1 else '[' + ', '.join(vec(r) for r in w) + ']'}; "
        f"b = W2 b1 + b2 = {vec(b)}",
    ]
    if len(w) == 1:
        terms = " + ".join(f"{fmt(c)}·x{j + 1}" for j, c in enumerate(w[0]))
        steps.append(f"one linear layer: y = {terms} + {fmt(b[0])}".replace("+ -", "- "))
    x = re.search(r"\bx\s*=\s*(\[[^\[\]]*\])", question)
    xs = literal(x[1]) if x else None
    if xs and len(xs) == n_in and re.search(r"relu", question, re.I):
        pre = [sum(r[j] * xs[j] for j in range(n_in)) + bb for r, bb in zip(w1, b1, strict=True)]
        h = [max(0.0, v) for v in pre]
        out = [sum(r[k] * h[k] for k in range(n_hidden)) + bb for r, bb in zip(w2, b2, strict=True)]
        linear = [sum(r[j] * xs[j] for j in range(n_in)) + bb for r, bb in zip(w, b, strict=True)]
        steps.append(
            f"with ReLU at x = {vec(xs)}: W1 x + b1 = {vec(pre)}, ReLU gives {vec(h)}, output W2 h + b2 = {vec(out)} "
            f"(the collapsed linear layer gives {vec(linear)})"
        )
    note = (
        "Two linear layers with nothing between them are one linear layer, however many hidden units they have: "
        "the network can only draw a straight decision boundary, so it cannot learn XOR. Put the nonlinearity back."
    )
    return Worked(
        "collapse_linear", "c-activation-functions", r"without them a stack of linear layers", tuple(steps), note
    )


# --- XGBoost's regularized objective for candidate trees (s2-ensemble-methods) -------------------

_TREE = re.compile(
    rf"tree\s+(\w+)\s+has\s+(\d+)\s+leaves\s+with\s+(?:leaf\s+)?weights?\s+((?:{NUM})(?:\s*,\s*(?:and\s+)?(?:{NUM}))*)"
    rf"[^.;]*?\b(?:loss\s+(?:to|of|=|is)|(?:brings|gets|takes)\s+it\s+(?:down\s+)?to)\s*({NUM})",
    re.I,
)


def xgb_objective(question: str) -> Worked | None:
    """gamma, lambda and candidate trees ("tree A has 3 leaves with weights 0.8, -0.5, 0.3 and brings the
    training loss to 52"): Omega = gamma T + lambda/2 sum w^2 per tree, the regularized objective, the
    tree it prefers, and (when asked) which one wins without regularization."""
    if not re.search(r"omega|Ω|regulari[sz]", question, re.I):
        return None
    # "would it change with gamma = lambda = 0?" asks about no penalty; the values are the others
    zero = re.compile(
        r"(?:gamma|γ)\s*=\s*(?:lambda|λ)\s*=\s*0(?![.\d])|(?:lambda|λ)\s*=\s*(?:gamma|γ)\s*=\s*0(?![.\d])"
    )
    given = zero.sub("", question)
    gamma = labelled(given, r"gamma|γ", sep=r"=")
    lam = labelled(given, r"lambda|λ", sep=r"=")
    trees = [
        (m[1], int(m[2]), [to_float(v) for v in re.findall(NUM, m[3])], to_float(m[4]))
        for m in _TREE.finditer(question)
    ]
    if gamma is None or lam is None or len(trees) < 2 or any(len(w) != n for _, n, w, _ in trees):
        return None
    steps, totals = [], []
    for name, n, weights, loss in trees:
        squares = sum(w * w for w in weights)
        omega = gamma * n + 0.5 * lam * squares
        totals.append((loss + omega, name))
        steps.append(
            f"tree {name}: Ω = {fmt(gamma)} × {n} + 0.5 × {fmt(lam)} × {fmt(squares)} = {fmt(omega)} (sum of squared "
            f"weights {fmt(squares)}); objective = {fmt(loss)} + {fmt(omega)} = {fmt(loss + omega)}"
        )
    best = min(totals)[1]
    steps.append(f"the regularized objective prefers tree {best} (lowest loss + Ω)")
    plain = min((loss, name) for name, _, _, loss in trees)[1]
    if zero.search(question) or re.search(r"without (?:the )?regulari|no regulari", question, re.I):
        steps.append(f"with γ = λ = 0 (no penalty) only the training loss counts: tree {plain} wins")
    note = (
        f"The penalty charges every leaf and every large leaf weight: tree {plain}'s smaller training loss is not "
        "worth its extra complexity."
        if best != plain
        else ""
    )
    return Worked("xgb_objective", "s2-ensemble-methods", r"adds an explicit regularization term", tuple(steps), note)


# --- a majority vote of independent classifiers (s2-ensemble-methods) ----------------------------


def majority_vote(question: str) -> Worked | None:
    """Classifiers each p accurate with independent errors: a majority vote of n is right when more than
    half are, P(X > n/2) for X ~ Binomial(n, p), for each odd n asked."""
    if not re.search(r"majority vote|vote", question, re.I) or not re.search(r"independen", question, re.I):
        return None
    acc = re.search(rf"each\s+({NUM})\s*%\s+accurate|accuracy\s+(?:of\s+)?({NUM})", question, re.I)
    sizes = [int(v) for v in re.findall(r"\bwith\s+(\d+)\b(?:\s+of them)?", question, re.I)]
    if not acc or not sizes:
        return None
    p = to_float(acc[1]) / 100 if acc[1] else to_float(acc[2])
    if not 0 < p < 1 or any(n % 2 == 0 or n > 1001 for n in sizes):
        return None
    steps = []
    for n in dict.fromkeys(sizes):
        need = n // 2 + 1
        right = sum(math.comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(need, n + 1))
        steps.append(
            f"{n} voters: right when at least {need} are, P(X ≥ {need}) for X ~ Binomial({n}, {fmt(p)}) = {fmt(right)}"
        )
    note = (
        "That holds only for independent errors. The trees of a random forest learn from overlapping samples of "
        "the same data, so their errors are correlated: the averaged variance keeps a ρσ² part that more trees "
        "cannot remove, which is why the forest decorrelates trees with random feature subsets."
    )
    return Worked("majority_vote", "s2-ensemble-methods", r"pairwise\s+correlation", tuple(steps), note)


# --- a probability from a model trained on undersampled data (c-class-imbalance) -----------------


def undersampled_probability(question: str) -> Worked | None:
    """Positives and negatives in the data, the negatives undersampled to a count, and the model's score
    on the balanced data: the score's odds times the kept share of negatives, back to a probability."""
    if not re.search(r"undersampl|down-?sampl", question, re.I):
        return None
    pos = re.search(rf"({NUM})\s+(?:frauds?|positives?|churners?|defaults?|spam)\b", question, re.I)
    neg = re.search(rf"({NUM})\s+(?:legit\w*|negatives?|non-\w+|normal|genuine|ham)\b", question, re.I)
    kept = re.search(rf"down to\s+({NUM})", question, re.I)
    score = re.search(rf"(?:outputs?|predicts?|gives?|score(?:s| of)?)\s+({NUM})\b", question, re.I)
    if not pos or not neg or not kept or not score:
        return None
    n_pos, n_neg, n_kept, s = (to_float(x[1]) for x in (pos, neg, kept, score))
    if not 0 < s < 1 or not 0 < n_kept < n_neg:
        return None
    beta = n_kept / n_neg
    odds = s / (1 - s)
    real_odds = odds * beta
    prob = real_odds / (1 + real_odds)
    base = n_pos / (n_pos + n_neg)
    steps = (
        f"share of negatives kept: β = {fmt(n_kept)} / {fmt(n_neg)} = {fmt(beta)}",
        f"the score's odds: {fmt(s)} / {fmt(1 - s)} = {fmt(odds)}; with every negative back, the odds shrink by β: "
        f"{fmt(odds)} × {fmt(beta)} = {fmt(real_odds)}",
        f"probability: {fmt(real_odds)} / (1 + {fmt(real_odds)}) = {fmt(prob)} ({pct(prob)}), against a base rate of "
        f"{fmt(n_pos)} / {fmt(n_pos + n_neg)} = {pct(base)}",
    )
    note = (
        "A model trained on rebalanced data overstates the rare class: its score is not a real-world probability "
        "until it is corrected for the sampling or recalibrated on data with the true balance."
    )
    return Worked(
        "undersampled_probability", "c-class-imbalance", r"\*\*Using probabilities from a reweighted", steps, note
    )


# --- how many leaves a tree can have (s2-supervised-learning) ------------------------------------


def leaf_cap(question: str) -> Worked | None:
    """max_depth, min_samples_leaf and the training rows: 2^depth leaves at most by depth, n //
    min_samples_leaf by leaf size; the smaller is the cap, and predict_proba has at most that many values."""
    depth = labelled(question, r"max_depth", sep="=")
    leaf = labelled(question, r"min_samples_leaf", sep="=")
    rows = re.search(rf"({NUM})\s+(?:rows|samples|examples|training rows)", question, re.I)
    if depth is None or leaf is None or not rows or leaf < 1:
        return None
    n = to_float(rows[1])
    by_depth, by_leaf = 2 ** int(depth), int(n // leaf)
    cap = min(by_depth, by_leaf)
    steps = (
        f"by depth: at most 2^{int(depth)} = {fmt(by_depth)} leaves",
        f"by leaf size: every leaf holds at least {fmt(leaf)} of the {fmt(n)} rows, so at most floor({fmt(n)} / "
        f"{fmt(leaf)}) = {by_leaf} leaves",
        f"cap: {cap} leaves ({cap - 1} splits); predict_proba returns a leaf's class shares, so at most {cap} distinct "
        f"probability vectors",
    )
    note = (
        f"2^depth is only an upper bound: with min_samples_leaf = {fmt(leaf)} the tree cannot memorize single rows."
        if by_leaf < by_depth
        else ""
    )
    return Worked("leaf_cap", "s2-supervised-learning", r"`max_depth` or `min_samples_leaf`", steps, note)


# --- AR(1) forecasts with a constant (s3-classical-forecasting) ----------------------------------


def ar_forecast(question: str) -> Worked | None:
    """y_t = c + phi_1 y_(t-1) + ... + phi_p y_(t-p) + e_t (p <= 3) and the last p values: forecasts for each step
    asked, earlier forecasts standing in for values not yet seen, and the long-run mean c / (1 - sum of phi)
    they return to when the model is stationary."""
    eq = re.search(
        rf"y_?\(?t\)?\s*=\s*({NUM})((?:\s*[+-]\s*{NUM}\s*[·*×]?\s*y_?[({{]?t\s*-\s*\d[)}}]?){{1,3}})\s*\+\s*e",
        question,
        re.I,
    )
    if not eq:
        return None
    terms = re.findall(rf"([+-])\s*({NUM})\s*[·*×]?\s*y_?[({{]?t\s*-\s*(\d)[)}}]?", eq[2])
    lags = {int(k): to_float(v) * (-1 if sign == "-" else 1) for sign, v, k in terms}
    p = max(lags)
    if len(lags) != len(terms) or p > 3:
        return None
    phis = [lags.get(k, 0.0) for k in range(1, p + 1)]
    c = to_float(eq[1])
    last = {int(k): to_float(v) for k, v in re.findall(rf"\by_?\{{?(\d+)\}}?\s*=\s*({NUM})", question)}
    if len(last) != p or max(last) - min(last) != p - 1:
        return None  # the last p values, consecutive
    t = max(last)
    asked = [
        int(v)
        for v in re.findall(
            r"\d+", " ".join(re.findall(r"t\s*=\s*(\d+(?:\s*,\s*\d+)*(?:\s*,?\s*and\s*\d+)?)", question))
        )
    ]
    horizon = max((a - t for a in asked if a > t), default=3)
    horizon = max(1, min(horizon, 6))
    values = dict(last)
    steps = []
    for h in range(1, horizon + 1):
        now = t + h
        parts = [(phi, values[now - k]) for k, phi in enumerate(phis, 1)]
        nxt = c + sum(phi * v for phi, v in parts)
        terms_text = " + ".join(f"{fmt(phi)} × {factor(v)}" for phi, v in parts)
        steps.append(f"t = {now}: ŷ = {fmt(c)} + {terms_text} = {fmt(nxt)}")
        values[now] = nxt
    total = sum(phis)
    stationary = (
        abs(phis[0]) < 1
        if p == 1
        else (total < 1 and phis[1] - phis[0] < 1 and abs(phis[1]) < 1 if p == 2 else sum(abs(v) for v in phis) < 1)
    )
    if stationary:
        named = "φ" if p == 1 else " + ".join(f"φ{k}" for k in range(1, p + 1))
        steps.append(
            f"long run: the mean c / (1 - {'(' + named + ')' if p > 1 else named}) = {fmt(c)} / {fmt(1 - total)} = "
            f"{fmt(c / (1 - total))}"
            + (f"; the gap to it shrinks by a factor {fmt(phis[0])} each step" if p == 1 else "")
        )
    note = (
        f"A stationary AR({p}) forecast returns to its mean; an ARIMA model with a difference models the changes, so "
        "its forecast levels off at a new value instead of a fixed mean."
    )
    return Worked("ar_forecast", "s3-classical-forecasting", r"\*\*AR\(p\)\.\*\*", tuple(steps), note)


# --- what a discount factor does to a reward k steps away (s3-mdp) -------------------------------

_STEPS_AWAY = re.compile(r"(\d+)\s+steps?\s+(?:away|ahead|later|in the future|from now)", re.I)
# "the +10 comes about 40 steps after the pick-up": read only in a sentence about a reward
_STEPS_AFTER = re.compile(r"(\d+)\s+steps?\s+after\b", re.I)
_REWARDED = re.compile(r"\breward\b|\bworth\b|\bbonus\b|\bpayoff\b", re.I)
# the reward's size: "the +10 reward", "a reward of 10" (not "a reward 10 steps away")
_AMOUNT = re.compile(
    rf"(?<![\w.])(\+?{NUM})\s+(?:reward|bonus|payoff)\b|\b(?:reward|bonus|payoff)\s+of\s+(\+?{NUM})(?!\s*(?:steps?|%))",
    re.I,
)
# the discount factor asked for a horizon: "which gamma would give a horizon of about 50 steps"
_ABOUT = r"(?:of\s+)?(?:about\s+|around\s+|roughly\s+|approximately\s+|~\s*)?"
_WANTED_HORIZON = re.compile(
    rf"(?:which|what)\s+(?:gamma|γ|discount(?:\s+factor)?)\b[^.?]{{0,30}}?\bhorizon\s+{_ABOUT}(\d+)\s*steps?"
    rf"|(?:gamma|γ|discount(?:\s+factor)?)\s+(?:for|to get|to give|giving|that gives|would give)\s+(?:an?\s+)?"
    rf"(?:effective\s+)?horizon\s+{_ABOUT}(\d+)\s*steps?"
    rf"|horizon\s+{_ABOUT}(\d+)\s*steps?[^.?]{{0,30}}?(?:which|what)\s+(?:gamma|γ|discount)",
    re.I,
)


def discount_weights(question: str) -> Worked | None:
    """γ and rewards k steps away: γ^k each (and the reward's worth now, when its size is given), the
    effective horizon 1 / (1 - γ), the half-life, the γ that keeps a reward N steps away at a share asked
    ("at least half"), and the γ whose horizon is a number of steps asked ("which gamma gives a horizon of
    about 50 steps"), with the same rewards weighted by it."""
    gamma = labelled(question, r"gamma|γ", sep=r"(?:=|of)")
    ks = [int(k) for k in _STEPS_AWAY.findall(question)]
    ks += [
        int(k)
        for sentence in re.split(r"(?<=[.?!])\s+", question)
        if _REWARDED.search(sentence)
        for k in _STEPS_AFTER.findall(sentence)
    ]
    wanted = {int(next(g for g in m.groups() if g)) for m in _WANTED_HORIZON.finditer(question)}
    if gamma is None or not 0 < gamma < 1 or not ks and not wanted or len(wanted) > 1:
        return None
    horizon = next(iter(wanted), None)
    if horizon is not None and horizon < 2:
        return None
    amounts = {to_float(a or b) for a, b in _AMOUNT.findall(question)}
    amount = amounts.pop() if len(amounts) == 1 else None
    ks = list(dict.fromkeys(ks))

    def weighted(g: float, k: int) -> str:
        text = f"γ^{k} = {fmt(g)}^{k} = {fmt(g**k)}"
        if amount is not None:
            text += f", so the reward of {fmt(amount)} is worth {fmt(amount)} × {fmt(g**k)} = {fmt(amount * g**k)} now"
        return text

    steps = [f"a reward {k} steps away is weighted {weighted(gamma, k)}" for k in ks]
    steps.append(
        f"effective horizon about 1 / (1 - γ) = {fmt(1 / (1 - gamma), 1)} steps; the weight halves every "
        f"ln 0.5 / ln {fmt(gamma)} = {fmt(math.log(0.5) / math.log(gamma), 1)} steps"
    )
    half = re.search(r"(\d+)\s+steps?\s+away\s+still\s+counts?\s+(?:at least\s+)?half", question, re.I)
    if half:
        n = int(half[1])
        need = 0.5 ** (1 / n)
        steps.append(f"γ^{n} ≥ 0.5 needs γ ≥ 0.5^(1/{n}) = {fmt(need)} (horizon about {fmt(1 / (1 - need), 0)} steps)")
    if horizon is not None:
        longer = 1 - 1 / horizon
        steps.append(
            f"a horizon of about {horizon} steps: 1 / (1 - γ) = {horizon} gives γ = 1 - 1/{horizon} = {fmt(longer)}"
        )
        steps += [f"with γ = {fmt(longer)} a reward {k} steps away is weighted {weighted(longer, k)}" for k in ks]
    note = (
        "γ sets how fast future rewards fade, not how many steps the agent plans: a reward beyond the horizon "
        "counts for little."
    )
    if horizon is not None:
        note += (
            " A γ closer to 1 lets distant rewards count, but returns grow (a constant reward r forever is worth "
            "r / (1 - γ)) and value iteration converges more slowly, since each sweep shrinks its error only by a "
            "factor γ."
        )
    return Worked("discount_weights", "s3-mdp", r"effective horizon near", tuple(steps), note)


# --- stacked convolutions against one large kernel (s3-neural-networks) --------------------------

_WORD_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5}


def conv_stack(question: str) -> Worked | None:
    """n stacked k x k convolutions (stride 1) against one K x K: receptive fields 1 + n(k - 1) and K, and
    the parameters of each with C_in -> C_out channels in every layer (biases included)."""
    stack = re.search(r"\b(two|three|four|five|\d)\s+stacked\s+(\d)\s*x\s*\2\b", question, re.I)
    single = re.search(r"(?:a\s+)?single\s+(\d)\s*x\s*\1\b", question, re.I)
    chans = re.search(r"(\d+)\s+input\s+and\s+(\d+)\s+output\s+channels", question, re.I)
    if not stack or not single:
        return None
    n = _WORD_COUNT.get(stack[1].lower()) or int(stack[1])
    k, big = int(stack[2]), int(single[1])
    rf = 1 + n * (k - 1)
    steps = [
        f"receptive field: each stride-1 {k}x{k} layer adds {k - 1}: "
        + ", ".join(str(1 + i * (k - 1)) for i in range(1, n + 1))
        + f"; {n} layers see {rf}x{rf}, a single {big}x{big} sees {big}x{big}"
    ]
    if chans:
        cin, cout = int(chans[1]), int(chans[2])
        one = k * k * cin * cout + cout
        layers = one + (n - 1) * (k * k * cout * cout + cout)
        wide = big * big * cin * cout + cout
        steps += [
            f"one {k}x{k} layer, {cin} -> {cout}: {k}·{k}·{cin}·{cout} + {cout} = {fmt(one)}; "
            f"{n} layers: {fmt(layers)}",
            f"one {big}x{big} layer: {big}·{big}·{cin}·{cout} + {cout} = {fmt(wide)}; "
            f"the stack has {fmt(layers / wide, 2)} of it",
        ]
    note = (
        f"The stack sees the same {rf}x{rf} region with fewer parameters and {n} nonlinearities instead of one."
        if rf == big
        else ""
    )
    return Worked("conv_stack", "s3-neural-networks", r"stacking layers widens the region", tuple(steps), note)


# --- one attention head or several (s3-sequence-models) ------------------------------------------


def attention_heads(question: str) -> Worked | None:
    """d_model and head counts: d_k = d_model / h per head, and the Q, K, V and output projections,
    4 (d_model² + d_model) parameters whatever the number of heads."""
    d = labelled(question, r"d_model", sep=r"(?:=|of|is)")
    heads = sorted({int(h) for h in re.findall(r"(\d+)\s+(?:attention\s+)?heads?\b", question, re.I)})
    if d is None or not heads or d != int(d) or any(int(d) % h for h in heads):
        return None
    d = int(d)
    proj = d * d + d
    steps = [f"{h} head{'s' if h > 1 else ''}: d_k = {d} / {h} = {d // h} per head" for h in heads]
    steps.append(
        f"Q, K, V and output projections, each {d} x {d} + {d} bias = {fmt(proj)}; total 4 × {fmt(proj)} = "
        f"{fmt(4 * proj)}, the same for {' and '.join(str(h) for h in heads)} head{'s' if heads[-1] > 1 else ''}"
    )
    note = (
        "The heads split the model dimension instead of copying it: more heads give more separate attention "
        "patterns, not more parameters."
    )
    return Worked("attention_heads", "c-attention", r"\*\*Multi-head attention\*\* runs", tuple(steps), note)


# --- NDCG from the positions of the relevant items (s5-recommender-systems) ----------------------


def ndcg_positions(question: str) -> Worked | None:
    """Binary relevance and, per ranker, the positions of the relevant items in its top k: DCG = Σ 1 /
    log2(position + 1), the ideal DCG with all relevant items on top, and NDCG@k for each."""
    if not re.search(r"ndcg", question, re.I):
        return None
    k = re.search(r"ndcg\s*@\s*(\d+)", question, re.I)
    rankers = re.findall(
        r"ranker\s+(\w)\s+(?:has\s+them\s+)?at\s+positions?\s+(\d+(?:\s*(?:,|and)\s*\d+)*)", question, re.I
    )
    if not k or len(rankers) < 1:
        return None
    depth = int(k[1])
    found = [(name, [int(p) for p in re.findall(r"\d+", spots)]) for name, spots in rankers]
    rel = {len(p) for _, p in found}
    if len(rel) != 1 or any(p > depth for _, ps in found for p in ps):
        return None
    r = rel.pop()
    ideal = sum(1 / math.log2(i + 1) for i in range(1, min(r, depth) + 1))
    steps = [
        f"ideal: the {r} relevant items at positions 1-{r}: IDCG = "
        + " + ".join(fmt(1 / math.log2(i + 1), 3) for i in range(1, r + 1))
        + f" = {fmt(ideal, 3)}"
    ]
    for name, ps in found:
        dcg = sum(1 / math.log2(p + 1) for p in ps)
        terms = " + ".join(f"1/log2({p + 1})" for p in ps)
        steps.append(
            f"ranker {name}: DCG = {terms} = {fmt(dcg, 3)}; "
            f"NDCG@{depth} = {fmt(dcg, 3)} / {fmt(ideal, 3)} = {fmt(dcg / ideal, 3)}"
        )
    note = (
        "Precision@k and recall@k ignore the order inside the top k; NDCG rewards relevant items placed near the top."
    )
    return Worked("ndcg_positions", "s5-recommender-systems", r"precision@k, recall@k or NDCG", tuple(steps), note)


# --- sample autocorrelation (s3-classical-forecasting) ----------------------------------------------


def acf_by_hand(question: str) -> Worked | None:
    """The sample autocorrelation at the lags asked, as statsmodels' `acf` computes it: deviations
    from the series' mean, r_k = Σ d_t d_(t+k) / Σ d_t², with the approximate 95% band ±1.96/√n
    for lag 1 and Bartlett's wider band for later lags (what `plot_acf` shades)."""
    if not re.search(r"\bacf\b|autocorrelation", question, re.I):
        return None
    series = _series(question)
    if series is None or len(series) < 4:
        return None
    named = re.findall(r"\blags?[- ]?(\d)\b(?:\s*(?:and|,)\s*(\d)\b)?", question, re.I)
    lags = sorted({int(x) for pair in named for x in pair if x})
    lags = [k for k in lags if 1 <= k < len(series) - 1] or [1, 2]
    n = len(series)
    mean = sum(series) / n
    dev = [x - mean for x in series]
    denom = sum(d * d for d in dev)
    if denom == 0:
        return None
    steps = [
        f"mean = {fmt(sum(series))} / {n} = {fmt(mean)}; deviations {', '.join(fmt(d) for d in dev)}; "
        f"sum of squares = {fmt(denom)}"
    ]
    values: dict[int, float] = {}
    for k in range(1, max(lags) + 1):
        products = [dev[t] * dev[t + k] for t in range(n - k)]
        values[k] = sum(products) / denom
        if k in lags:
            steps.append(
                f"lag {k}: Σ d_t·d_(t+{k}) = {signed_sum(products)} = {fmt(sum(products))}, so r_{k} = "
                f"{fmt(sum(products))} / {fmt(denom)} = {fmt(values[k])}"
            )
    for k in lags:
        width = 1.96 * math.sqrt((1 + 2 * sum(values[j] ** 2 for j in range(1, k))) / n)
        rule = f"±1.96/√{n}" if k == 1 else f"±1.96·√((1 + 2·Σ r_j² for j < {k}) / {n})"
        inside = abs(values[k]) < width
        steps.append(
            f"95% band at lag {k}: {rule} = ±{fmt(width)}; |r_{k}| = {fmt(abs(values[k]))} is "
            + ("inside it, not significant" if inside else "outside it, significant")
        )
    note = (
        "The denominator is the whole series' sum of squares for every lag (statsmodels' acf), so r_k is not exactly "
        "the Pearson correlation of the series with its own shifted copy; with few points the bands are wide."
    )
    return Worked("acf_by_hand", "s3-classical-forecasting", r"\*\*ACF and PACF\.\*\*", tuple(steps), note)


# --- MASE: a forecast's MAE scaled by the in-sample naive forecast's (s3-classical-forecasting) ----

_NUMS = rf"{NUM}(?:\s*(?:,|and|,\s*and)\s*{NUM})+"


def _listed_after(question: str, label: str) -> list[float] | None:
    """The numbers listed after a label ("training series: 120, 132, 125", "actuals 150 and 158"), or
    in brackets after it; None when the label is absent or carries no list of at least two numbers."""
    m = re.search(rf"(?:{label})[^\d\[\-.;?]{{0,40}}(\[[^\]]*\]|{_NUMS})", question, re.I)
    if not m:
        return None
    text = m[1].strip("[]")
    return [to_float(v) for v in re.findall(rf"(?<![\w.]){NUM}", text)] or None


def mase(question: str) -> Worked | None:
    """MASE asked with a training series, test actuals and the model's forecasts: the in-sample one-step
    (or seasonal, "m = 12") naive errors and their mean, the forecast's MAE and MASE, and, when asked, the
    naive forecast that repeats the last training value scored the same way (as Hyndman and Koehler define it)."""
    if not re.search(r"\bMASE\b|mean absolute scaled error", question, re.I):
        return None
    train = _listed_after(question, r"train(?:ing)?(?:\s+(?:series|data|values|months|set))?")
    actual = _listed_after(question, r"actuals?|actual values|observed|test (?:months|values|data)?")
    forecast = _listed_after(question, r"(?:my |model(?:'s)? )?(?:forecasts?|predictions?|predicted)")
    if not train or not actual or not forecast or len(actual) != len(forecast) or len(train) < 3:
        return None
    season = labelled(question, r"\bm|season(?:al)? (?:period|lag)", sep=r"(?:=|of|is)")
    m = int(season) if season and season == int(season) and 1 <= season < len(train) else 1
    diffs = [abs(train[i] - train[i - m]) for i in range(m, len(train))]
    scale = sum(diffs) / len(diffs)
    if scale == 0:
        return None
    lag = "previous value" if m == 1 else f"value {m} steps earlier"
    steps = [
        f"in-sample naive errors (each training value minus the {lag}): "
        + ", ".join(
            f"|{fmt(train[i])} - {fmt(train[i - m])}| = {fmt(d)}"
            for i, d in zip(range(m, len(train)), diffs, strict=True)
        )
        + f"; their mean, the scale, is {fmt(sum(diffs))} / {len(diffs)} = {fmt(scale)}"
    ]
    errors = [abs(a - f) for a, f in zip(actual, forecast, strict=True)]
    mae = sum(errors) / len(errors)
    steps.append(
        "your forecast's errors: "
        + ", ".join(f"|{fmt(a)} - {fmt(f)}| = {fmt(e)}" for a, f, e in zip(actual, forecast, errors, strict=True))
        + f"; MAE = {fmt(mae)}; MASE = {fmt(mae)} / {fmt(scale)} = {fmt(mae / scale)}"
    )
    naive = None
    if re.search(r"naive|repeat|last value|persistence", question, re.I):
        last = train[-1]
        naive_errors = [abs(a - last) for a in actual]
        naive = sum(naive_errors) / len(naive_errors)
        steps.append(
            f"the naive forecast repeats the last training value, {fmt(last)}: errors "
            + ", ".join(fmt(e) for e in naive_errors)
            + f"; MAE = {fmt(naive)}; MASE = {fmt(naive)} / {fmt(scale)} = {fmt(naive / scale)}"
        )
    verdict = "below 1 means smaller errors than" if mae < scale else "of 1 or more means errors no smaller than"
    note = (
        f"A MASE {verdict} the one-step naive forecast made inside the training data. MASE has no units and, unlike "
        "MAPE, works when an actual value is zero."
    )
    if naive is not None:
        better = "beats" if mae < naive else "does not beat"
        note += f" On these test points your forecast {better} the naive one (MAE {fmt(mae)} against {fmt(naive)})."
    if len(actual) < 5:
        note += f" With only {len(actual)} test points the comparison is very noisy."
    return Worked("mase", "s3-classical-forecasting", r"MAPE with values near zero", tuple(steps), note)


# --- an n-step Q-learning target against the one-step one (s3-q-learning) --------------------------


def nstep_q(question: str) -> Worked | None:
    """An n-step target asked with the n rewards, max_a Q at the state n steps on, gamma, alpha and the
    current Q(s0, a0): G = r1 + γ r2 + ... + γ^(n-1) r_n + γ^n max_a Q(s_n, a) (no bootstrap when the
    episode ended), the update, and the one-step update beside it when max_a Q(s1, a) is given."""
    m = re.search(r"\b(\d)[- ]step\b", question, re.I)
    if not m or not re.search(r"q[- ]learning|target|return|\bTD\b", question, re.I):
        return None
    n = int(m[1])
    rewards = _listed_after(question, r"rewards?(?:\s+(?:were|are|of))?")
    gamma = labelled(question, r"gamma|γ", sep=r"(?:=|of|is)")
    alpha = labelled(question, r"alpha|α", sep=r"(?:=|of|is)")
    q0 = re.search(rf"Q\s*\(\s*s_?0\s*,\s*a_?0\s*\)\s*(?:is\s+(?:currently\s+|now\s+)?|=\s*)({NUM})", question)
    if not (2 <= n <= 9) or not rewards or len(rewards) != n or gamma is None or not 0 <= gamma <= 1:
        return None
    ended = re.search(r"(?<!n't )(?<!not )\b(?:ended|terminal|terminat\w*|episode (?:is )?over)\b", question, re.I)
    ended = ended and not re.search(r"didn'?t end|did not end|not terminal|non-?terminal", question, re.I)
    boot = re.search(rf"max\w*\s*Q\s*\(\s*s_?{n}\b[^)]*\)\s*=\s*({NUM})", question)
    if not ended and not boot:
        return None
    terms = [f"{fmt(gamma**i)} × {fmt(r)}" if i else fmt(r) for i, r in enumerate(rewards)]
    target = sum(gamma**i * r for i, r in enumerate(rewards))
    if not ended:
        tail = to_float(boot[1])
        terms.append(f"{fmt(gamma**n)} × {fmt(tail)}")
        target += gamma**n * tail
    powers = ["r1", "γ r2"] + [f"γ^{i} r{i + 1}" for i in range(2, n)]
    steps = [
        f"{n}-step target: G = {' + '.join(powers)}"
        + (" (the episode ended, so nothing to bootstrap from)" if ended else f" + γ^{n} max_a Q(s{n}, a)")
        + f" = {' + '.join(terms)} = {fmt(target)}"
    ]
    if alpha is not None and q0:
        old = to_float(q0[1])
        new = old + alpha * (target - old)
        steps.append(f"update: Q(s0, a0) = {fmt(old)} + {fmt(alpha)} × ({fmt(target)} - {fmt(old)}) = {fmt(new)}")
        one = re.search(rf"max\w*\s*Q\s*\(\s*s_?1\b[^)]*\)\s*=\s*({NUM})", question)
        if one:
            t1 = rewards[0] + gamma * to_float(one[1])
            new1 = old + alpha * (t1 - old)
            steps.append(
                f"1-step target: r1 + γ max_a Q(s1, a) = {fmt(rewards[0])} + {fmt(gamma)} × {fmt(to_float(one[1]))} = "
                f"{fmt(t1)}; update: {fmt(old)} + {fmt(alpha)} × ({fmt(t1)} - {fmt(old)}) = {fmt(new1)}"
            )
    note = (
        f"The {n}-step target contains rewards observed up to {n} steps later, so reward information travels back "
        f"{n} states per update instead of one; it rests on more sampled rewards (more variance, less bootstrap "
        "bias), and if the later actions were exploratory it reflects the behaviour policy, not the greedy one."
    )
    return Worked("nstep_q", "s3-q-learning", r"Expecting the reward to reach early states", tuple(steps), note)

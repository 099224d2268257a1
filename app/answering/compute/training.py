"""Calculators for how models are trained and judged: log-uniform search ranges, PCA from singular
values, cross-entropy over epochs, the bias-variance sum, Q-learning step sizes, L1 and L2 penalty
slopes, the sigmoid's shrinking of gradients, perplexity from a loss, gradient descent on a quadratic
(steps to a tolerance), the number of test runs git bisect needs, a reward model's pairwise preference and loss,
PPO's KL-penalised reward, and the linear scaling rule with LinearLR warmup and ExponentialLR decay. Each reads
the learner's numbers only when it is sure of them and returns None otherwise. Pure functions."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from fractions import Fraction

import numpy as np  # float32 arithmetic, as PyTorch does it

from app.answering.compute.parse import (
    NUM,
    PLAIN,
    WORDS,
    Worked,
    factor,
    fmt,
    fraction,
    labelled,
    pct,
    sigmoid,
    to_float,
)

# --- uniform vs log-uniform search (s2-hyperparameter-tuning) ----------------------------------


def log_uniform(question: str) -> Worked | None:
    """Sampling a scale parameter between low and high: the share of trials below each cut-off the
    learner names, uniformly and log-uniformly."""
    if not re.search(r"log[- ]?uniform|log scale|logarithmic", question, re.I):
        return None
    span = re.search(rf"between\s+({NUM})\s+and\s+({NUM})|from\s+({NUM})\s+to\s+({NUM})", question, re.I)
    if not span:
        return None
    low, high = (to_float(x) for x in (span[1] or span[3], span[2] or span[4]))
    cuts = [to_float(c) for c in re.findall(rf"below\s+({NUM})", question, re.I)]
    cuts = [c for c in dict.fromkeys(cuts) if low < c < high]
    if not 0 < low < high or not cuts:
        return None
    steps = []
    for c in cuts:
        uniform = (c - low) / (high - low)
        logs = (math.log10(c) - math.log10(low)) / (math.log10(high) - math.log10(low))
        steps.append(
            f"below {fmt(c)}: uniform ({fmt(c)} - {fmt(low)}) / ({fmt(high)} - {fmt(low)}) = {fmt(uniform)} "
            f"({pct(uniform)}); log-uniform (log10 {fmt(c)} - log10 {fmt(low)}) / (log10 {fmt(high)} - "
            f"log10 {fmt(low)}) = {fmt(logs)} ({pct(logs)})"
        )
    decades = math.log10(high / low)
    note = (
        f"Log-uniform sampling gives each of the {fmt(decades, 2)} decades between {fmt(low)} and {fmt(high)} "
        "the same share of trials; uniform sampling puts most of them in the top decade."
    )
    return Worked("log_uniform", "s2-hyperparameter-tuning", r"\*\*Search space\*\*", tuple(steps), note)


# --- PCA from the singular values of centered data (s2-unsupervised-learning) -------------------


def svd_pca(question: str) -> Worked | None:
    """Singular values s of centered data with n rows: covariance eigenvalues s^2 / (n - 1), explained
    variance ratios s^2 / sum s^2, their running total, and the components for a share asked for."""
    if not re.search(r"singular values?", question, re.I):
        return None
    if re.search(r"condition(?:ing)? number|ill[- ]conditioned|well[- ]conditioned", question, re.I) and not re.search(
        r"variance|\bPCA\b|component", question, re.I
    ):
        return None  # the matrix's conditioning (condition_number), not PCA's explained variance
    m = re.search(
        rf"singular values?\s*(?:are|of|=|:|gives?)?\s*((?:{PLAIN})(?:\s*(?:,|and)\s*(?:{PLAIN}))+)", question
    )
    if not m:
        return None
    rows = set(re.findall(rf"({NUM})\s+rows", question))  # "n = 101" or "101 rows"
    n = labelled(question, r"\bn", sep=r"=") or (to_float(rows.pop()) if len(rows) == 1 else None)
    s = [float(x) for x in re.findall(PLAIN, m[1])]
    if any(v < 0 for v in s) or not any(s):
        return None
    squares = [v * v for v in s]
    total = sum(squares)
    steps = []
    if n and n > 1:
        eig = [q / (n - 1) for q in squares]
        steps.append(
            "covariance eigenvalues λ = s² / (n - 1) = "
            + ", ".join(f"{fmt(q)} / {fmt(n - 1)} = {fmt(e)}" for q, e in zip(squares, eig, strict=True))
            + f"; total variance {fmt(sum(eig))}"
        )
    ratios = [q / total for q in squares]
    steps.append(
        f"explained variance ratio s² / Σs² (Σs² = {fmt(total)}): "
        + ", ".join(
            f"PC{i} {fmt(q)} / {fmt(total)} = {fmt(r)}" for i, (q, r) in enumerate(zip(squares, ratios, strict=True), 1)
        )
    )
    running, cumulative = 0.0, []
    for r in ratios:
        running += r
        cumulative.append(running)
    steps.append("cumulative: " + ", ".join(fmt(c) for c in cumulative))
    share = re.search(rf"({NUM})\s*%\s*of\s+(?:the\s+)?variance|at least\s+({NUM})\s*%", question, re.I)
    if share:
        want = to_float(share[1] or share[2]) / 100
        k = next((i for i, c in enumerate(cumulative, 1) if c >= want - 1e-12), None)
        if k:
            steps.append(f"at least {pct(want)} of the variance: keep {k} components ({pct(cumulative[k - 1])})")
    note = "The variance a component explains goes with the squared singular value, not the singular value."
    return Worked(
        "svd_pca", "s2-unsupervised-learning", r"singular value decomposition of the centered", tuple(steps), note
    )


# --- cross-entropy of the probabilities given to the true class (c-loss-functions) -------------


def cross_entropy(question: str) -> Worked | None:
    """Mean cross-entropy -ln p of the probability each example's true class got, for each list of
    probabilities the learner gives (epochs, models), with accuracy at 0.5 for a binary task."""
    if not re.search(r"cross[- ]entropy|log[- ]?loss", question, re.I):
        return None
    if not re.search(r"probabilit\w* (?:of|for|given to|assigned to) (?:the )?(?:true|correct)", question, re.I):
        return None
    groups = re.findall(
        rf"((?:epoch|model|run|step)\s*\w*)\s*(?:->|:|=|gives?)\s*((?:{PLAIN})(?:\s*,\s*(?:{PLAIN}))+)", question, re.I
    )
    if not groups:
        return None
    steps = []
    binary = bool(re.search(r"binary", question, re.I))
    for name, values in groups[:4]:
        p = [float(x) for x in re.findall(PLAIN, values)]
        if any(not 0 < v <= 1 for v in p):
            return None
        losses = [-math.log(v) for v in p]
        mean = sum(losses) / len(losses)
        line = (
            f"{name.strip()}: -ln p = "
            + ", ".join(fmt(v, 3) for v in losses)
            + f"; sum {fmt(sum(losses), 3)}, mean {fmt(mean, 3)}"
        )
        if binary:
            right = sum(v > 0.5 for v in p)
            line += f"; accuracy at 0.5: {right}/{len(p)} = {fmt(right / len(p))}"
        steps.append(line)
    note = (
        "Cross-entropy grows without bound as a confident prediction turns out wrong, so one example can move "
        "the mean loss while accuracy, which only checks the side of the threshold, stays the same."
    )
    return Worked("cross_entropy", "c-loss-functions", r"\*\*Binary cross-entropy\*\*", tuple(steps), note)


# --- expected squared error = bias^2 + variance + noise (c-bias-variance) ----------------------


def bias_variance_sum(question: str) -> Worked | None:
    if not re.search(r"bias\s*(?:\^\s*2|²|squared)", question, re.I) or not re.search(r"variance", question, re.I):
        return None
    bias2 = labelled(question, r"bias\s*(?:\^\s*2|²|squared)", sep=r"(?:of|=|:|is)?")
    var = labelled(question, r"(?<!noise )\bvariance", sep=r"(?:of|=|:|is)")
    noise_sd = labelled(question, r"noise (?:std|sd|standard deviation)", sep=r"(?:of|=|:|is)?")
    noise_var = labelled(question, r"noise variance|irreducible (?:noise|error)", sep=r"(?:of|=|:|is)")
    if bias2 is None or var is None or (noise_sd is None) == (noise_var is None):
        return None
    steps = []
    if noise_var is None:
        noise_var = noise_sd**2
        steps.append(f"irreducible noise = noise variance = {fmt(noise_sd)}² = {fmt(noise_var)}")
    total = bias2 + var + noise_var
    steps.append(
        f"expected squared error = bias² + variance + noise = {fmt(bias2)} + {fmt(var)} + {fmt(noise_var)} "
        f"= {fmt(total)}"
    )
    steps.append(f"RMSE ≈ √{fmt(total)} = {fmt(math.sqrt(total))}")
    target = re.search(rf"(?:under|below|less than)\s+({NUM})", question, re.I)
    if target:
        goal = to_float(target[1])
        if noise_var >= goal:
            reach = f"the noise alone is {fmt(noise_var)}, so no model and no amount of data can get below it"
        else:
            reach = f"bias² + variance must fall by at least {fmt(total - goal)} (the noise, {fmt(noise_var)}, stays)"
        steps.append(f"target {fmt(goal)}: {reach}; model and data act only on bias² + variance = {fmt(bias2 + var)}")
    return Worked("bias_variance_sum", "c-bias-variance", r"irreducible noise", tuple(steps))


# --- Q-learning step size on one state-action pair (s3-q-learning) ----------------------------


def q_step_sizes(question: str) -> Worked | None:
    """Updates Q <- Q + alpha (r - Q) on a pair whose next state is terminal, for each step size the
    learner names (a number, or 1/n for a running mean), over the rewards in the order given."""
    if not re.search(r"\bQ\b", question) or not re.search(r"alpha|α|learning rate", question, re.I):
        return None
    if not re.search(r"terminal|ends the episode|episode ends", question, re.I):
        return None
    rewards = re.search(
        rf"rewards?\s+(?:come|arrive|are)\s+(?:in\s+)?as\s+((?:{PLAIN})(?:\s*,\s*(?:{PLAIN}))+)", question, re.I
    )
    if not rewards:
        return None
    r = [float(x) for x in re.findall(PLAIN, rewards[1])]
    start = labelled(question, r"starting from Q|Q0|initial Q", sep=r"(?:=|:|is|at)?") or 0.0
    alphas: list[str] = list(dict.fromkeys(re.findall(r"(?:alpha|α)\s*=\s*(1\s*/\s*n|\d+(?:\.\d+)?)", question, re.I)))
    if not alphas:
        return None
    steps = []
    for a in alphas:
        q, values = start, []
        for n, reward in enumerate(r, 1):
            step = 1 / n if "/" in a else float(a)
            q = q + step * (reward - q)
            values.append(q)
        label = "1/n" if "/" in a else fmt(float(a))
        steps.append(f"α = {label}: Q after each update = " + ", ".join(fmt(v, 3) for v in values))
    mean = sum(r) / len(r)
    note = (
        f"With α = 1 Q copies the last reward; a constant α < 1 keeps a recency-weighted average; α = 1/n is the "
        f"running mean of the rewards ({fmt(mean, 3)} here)."
    )
    return Worked("q_step_sizes", "s3-q-learning", r"the target is just", tuple(steps), note)


# --- L1 and L2 penalties and their slopes (c-regularization) ----------------------------------


def penalty_slopes(question: str) -> Worked | None:
    if not re.search(r"\bL1\b", question) or not re.search(r"\bL2\b", question):
        return None
    lam = labelled(question, r"lambda|λ|alpha", sep=r"=")
    ws = re.findall(rf"\bw\s*=\s*({NUM})", question)
    if lam is None or lam <= 0 or not ws:
        return None
    steps = []
    for text in dict.fromkeys(ws):
        w = to_float(text)
        sign = (w > 0) - (w < 0)
        steps.append(
            f"w = {fmt(w)}: L1 penalty λ|w| = {fmt(lam * abs(w))}, slope λ·sign(w) = {fmt(lam * sign)}; "
            f"L2 penalty λw² = {fmt(lam * w * w)}, slope 2λw = {fmt(2 * lam * w)}"
        )
    note = (
        "L1's slope stays at λ however small w gets, so it can push a weight to exactly zero; L2's slope fades "
        "as w approaches zero, so ridge shrinks weights without zeroing them."
    )
    return Worked("penalty_slopes", "c-regularization", r"L1 produces exact zeros", tuple(steps), note)


# --- how far activation derivatives alone can shrink a gradient (c-backpropagation) -------------


def sigmoid_depth(question: str) -> Worked | None:
    if not re.search(r"sigmoid", question, re.I) or not re.search(r"gradient", question, re.I):
        return None
    depth = re.findall(r"(\d+)[- ](?:layers?|sigmoid layers?)", question, re.I)
    depth = [int(d) for d in dict.fromkeys(depth)]
    if len(depth) != 1 or not 1 < depth[0] <= 200:
        return None
    L = depth[0]
    bound = 0.25**L
    steps = [
        "the sigmoid's derivative σ(z)(1 - σ(z)) is at most 0.25 (at z = 0)",
        f"{L} sigmoid layers: at most 0.25^{L} = {bound:.3g}, a shrinking of at least {fmt(1 / bound, 0)}-fold",
    ]
    if re.search(r"relu", question, re.I):
        steps.append(
            f"{L} ReLU layers with active units: derivative 1 each, 1^{L} = 1 (no shrinking from the activations)"
        )
    note = "The weights enter the product too, so real gradients differ; the activation factors alone set this bound."
    return Worked("sigmoid_depth", "c-backpropagation", r"at most 0\.25", tuple(steps), note)


# --- perplexity from a mean cross-entropy loss (s5-nlp-language-models) ------------------------


def perplexity_from_loss(question: str) -> Worked | None:
    if not re.search(r"perplexity", question, re.I) or not re.search(r"loss|cross[- ]entropy|NLL", question, re.I):
        return None
    if re.search(r"\bbits?\b|log2|log base 2", question, re.I):
        return None  # perplexity is 2^loss then; not read here
    m = re.search(
        rf"(?:loss|cross[- ]entropy|NLL)[^.?!]*?(?:from|of|=|is|was)\s+({NUM})(?:\s+(?:down |up )?to\s+({NUM}))?",
        question,
        re.I,
    )
    if not m:
        return None
    losses = [to_float(x) for x in m.groups() if x]
    if any(not 0 <= v < 50 for v in losses):
        return None
    steps = [f"loss {fmt(v)} nats per token: perplexity = e^{fmt(v)} = {fmt(math.exp(v), 2)}" for v in losses]
    vocab = re.search(rf"uniform\w*\s+(?:over|across)\s+(?:a |our |the )?({NUM})[- ]token", question, re.I)
    if vocab:
        v = to_float(vocab[1])
        steps.append(
            f"uniform guess over {fmt(v)} tokens: loss ln {fmt(v)} = {fmt(math.log(v), 2)}, perplexity = {fmt(v)}"
        )
    return Worked("perplexity_from_loss", "s5-nlp-language-models", r"\*\*Perplexity\*\*", tuple(steps))


__all__ = [
    "bias_variance_sum",
    "cross_entropy",
    "log_uniform",
    "penalty_slopes",
    "perplexity_from_loss",
    "q_step_sizes",
    "sigmoid_depth",
    "svd_pca",
]


# --- what a forget gate keeps over many steps (s3-sequence-models) ---------------------------------


def gate_decay(question: str) -> Worked | None:
    """A cell state carried by a forget gate f with the input gate closed: c_0 × f^n after each number of
    steps asked, and the f that keeps half (or another share) after the longest of them."""
    if not re.search(r"forget gate", question, re.I):
        return None
    f = labelled(question, r"\bf(?:_t)?|forget gate(?:\s+(?:sits|stays)\s+(?:around|at|near))?", sep=r"(?:=|of|is|at)?")
    c0 = labelled(question, r"\bc(?:_0|_t)?|cell state", sep=r"(?:=|of|is|at)")
    spans = re.findall(r"after\s+((?:\d+\s*(?:,|and|or)\s*)*\d+)\s+(?:time\s+)?steps", question, re.I)
    ns = sorted({int(x) for span in spans for x in re.findall(r"\d+", span)})
    if f is None or not 0 < f < 1 or not ns or max(ns) > 100_000:
        return None
    start = c0 if c0 is not None else 1.0
    what = f"c = {fmt(start)}" if c0 is not None else "a share 1 of the memory"
    steps = [f"with the input gate near 0, each step multiplies the cell by f: c_n = c_0 × f^n, from {what}"]
    steps += [f"after {n} steps: {fmt(start)} × {fmt(f)}^{n} = {fmt(start * f**n)}" for n in ns]
    note = ""
    half = re.search(r"\b(half|a third|a quarter|\d+\s*%)\b", question, re.I)
    if half and re.search(r"\bwhat f\b|which f|f would|need", question, re.I):
        share = {"half": 0.5, "a third": 1 / 3, "a quarter": 0.25}.get(half[1].lower())
        share = share if share is not None else to_float(half[1].rstrip("% ")) / 100
        n = ns[-1]
        if 0 < share < 1:
            need = share ** (1 / n)
            steps.append(
                f"to keep {fmt(share)} after {n} steps: f^{n} = {fmt(share)}, f = {fmt(share)}^(1/{n}) = {fmt(need)}"
            )
            note = (
                f"Keeping {fmt(f)} per step sounds like a lot, but it compounds: after {n} steps only "
                f"{fmt(f**n)} of the memory is left. Long memory needs f very close to 1."
            )
    return Worked("gate_decay", "s3-sequence-models", r"c_t = f_t", tuple(steps), note)


# --- how hard each regression loss pulls on one error (c-loss-functions) ---------------------------


def loss_gradients(question: str) -> Worked | None:
    """The size of the gradient with respect to the prediction, for each error the learner names, under
    squared error (e², gradient 2|e|), absolute error (|e|, gradient 1) and Huber (|e| ≤ δ: e; beyond: δ)."""
    if not re.search(r"gradient|derivative|pull", question, re.I):
        return None
    named = [k for k, pat in (("MSE", r"\bMSE\b|squared error"), ("MAE", r"\bMAE\b|absolute error"),
                              ("Huber", r"\bhuber\b")) if re.search(pat, question, re.I)]  # fmt: skip
    span = re.search(rf"errors?\s+(?:of\s+)?((?:{NUM})(?:\s*(?:,|and|or)\s*(?:{NUM}))+)", question, re.I)
    if len(named) < 2 or not span:
        return None
    errors = [abs(to_float(v)) for v in re.findall(NUM, span[1])]
    delta = labelled(question, r"delta|δ", sep=r"(?:=|of|is)")
    if "Huber" in named and (delta is None or delta <= 0):
        return None
    steps = []
    for e in errors:
        parts = []
        if "MSE" in named:
            parts.append(f"squared error e² = {fmt(e * e)}, gradient 2|e| = {fmt(2 * e)}")
        if "MAE" in named:
            parts.append(f"absolute error |e| = {fmt(e)}, gradient 1")
        if "Huber" in named:
            inside = e <= delta
            loss = 0.5 * e * e if inside else delta * (e - 0.5 * delta)
            parts.append(
                f"Huber (δ = {fmt(delta)}) {'0.5 e²' if inside else 'δ(|e| - 0.5 δ)'} = {fmt(loss)}, gradient "
                f"{'|e| = ' + fmt(e) if inside else 'δ = ' + fmt(delta)}"
            )
        steps.append(f"error {fmt(e)}: " + "; ".join(parts))
    if len(errors) >= 2 and "MSE" in named:
        big, small = max(errors), min(errors)
        if small:
            steps.append(
                f"the error {fmt(big)} pulls {fmt(big / small)} times harder than {fmt(small)} under squared error, "
                "equally hard under absolute error"
            )
    note = (
        "Squared error makes a model predict the mean, absolute error the median; Huber keeps squared error's "
        "behaviour for small errors and caps the pull of outliers. Where predictions are added up (a budget), "
        "the mean is what sums correctly, and for a right-skewed target the median sits below it."
    )
    return Worked("loss_gradients", "c-loss-functions", r"\*\*Huber loss\*\*", tuple(steps), note)


# --- BCELoss on a sigmoid against BCEWithLogitsLoss, for one large logit (c-loss-functions) -------


def logit_bce(question: str) -> Worked | None:
    """One example's label and logit, with nn.BCELoss on torch.sigmoid(logit) beside nn.BCEWithLogitsLoss:
    the exact loss (softplus, as the logits loss computes it), the sigmoid in float32, and, when it rounds
    to exactly 0 or 1, BCELoss's log clamped at -100."""
    if not re.search(r"BCELoss", question) or not re.search(r"BCEWithLogits", question):
        return None
    logit = labelled(question, r"\blogit(?:\s+for\s+(?:it|this example|the example))?", sep=r"(?:is|=|of|:)?")
    label = re.search(r"\blabel\s*(?:is|=|of)?\s*([01])\b|\by\s*=\s*([01])\b", question, re.I)
    if logit is None or not label:
        return None
    y = int(label[1] or label[2])
    z = logit if y == 0 else -logit  # the loss is softplus of the logit pushed the wrong way
    exact = max(z, 0.0) + math.log1p(math.exp(-abs(z)))
    p32 = float(np.float32(1) / (np.float32(1) + np.exp(np.float32(-logit))))
    steps = [
        f"label {y}, logit {fmt(logit)}: the loss is -ln({'1 - σ(z)' if y == 0 else 'σ(z)'}) = "
        f"ln(1 + e^({fmt(z)})) ≈ {fmt(exact)}; BCEWithLogitsLoss computes this from the logit (log-sum-exp), so it "
        f"gives {fmt(exact)}",
        f"σ({fmt(logit)}) in float32 = {fmt(p32, 10) if 0 < p32 < 1 else fmt(p32)}",
    ]
    clamped = (y == 0 and p32 == 1.0) or (y == 1 and p32 == 0.0)
    if clamped:
        steps.append(
            f"BCELoss then takes ln({'1 - 1' if y == 0 else '0'}) = ln 0 = -∞, which it clamps at -100: loss 100, "
            "whatever the logit"
        )
    note = (
        f"100 is not a harsher, more honest loss: it is the clamp on ln 0, reached because float32 rounds the sigmoid "
        f"to exactly {1 - y}. The true loss is {fmt(exact)}, and it keeps growing with the logit. Use "
        "BCEWithLogitsLoss on the raw logit."
        if clamped
        else "BCEWithLogitsLoss on the raw logit is the numerically stable choice."
    )
    return Worked(
        "logit_bce", "c-loss-functions", r"`nn.BCEWithLogitsLoss` and `nn.CrossEntropyLoss` take", tuple(steps), note
    )


# --- gradient descent with momentum on a quadratic (c-gradient-descent) --------------------------


def momentum_steps(question: str) -> Worked | None:
    """L(w) = a w², a start, a learning rate and β, with the update v = β v + grad, w = w - lr v: the first
    steps of momentum beside plain gradient descent at the same learning rate."""
    if not re.search(r"momentum", question, re.I) or re.search(
        r"\(\s*1\s*-\s*(?:beta|β)\s*\)\s*\*?\s*grad", question, re.I
    ):
        return None
    loss = re.search(rf"L\(w\)\s*=\s*({NUM})?\s*\*?\s*w\s*(?:\^|\*\*)\s*2\b(?!\s*[+-])", question)
    start = labelled(question, r"(?:start(?:ing)?(?: at)?|from)\s+w", sep=r"=")
    # the first learning rate named: the learner's own ("lr = 0.1"), not the one argued about later ("lr = 1.0")
    first = re.search(rf"(?:\blr|learning rate|\beta\b|η)\s*(?:=|of)\s*({NUM})", question, re.I)
    lr = to_float(first[1]) if first else None
    beta = labelled(question, r"(?:momentum\s+)?(?:beta|β)", sep=r"(?:=|of)")
    count = re.search(r"first\s+(\d+)\s+steps", question, re.I)
    if not loss or start is None or lr is None or beta is None or not 0 < beta < 1:
        return None
    if not re.search(r"v\s*=\s*(?:beta|β)\s*\*?\s*v\s*\+\s*(?:grad|g\b|∇)", question, re.I):
        return None
    a = to_float(loss[1]) if loss[1] else 1.0
    n = min(int(count[1]), 10) if count else 4
    w, v, plain = start, 0.0, start
    signs = {start > 0}
    steps = [f"gradient of {fmt(a) if a != 1 else ''}w² is {fmt(2 * a)}w; start w = {fmt(start)}, v = 0"]
    for i in range(1, n + 1):
        g = 2 * a * w
        v = beta * v + g
        w = w - lr * v
        plain = plain - lr * 2 * a * plain
        signs.add(w > 0)
        steps.append(
            f"step {i}: grad {fmt(g)}, v = {fmt(beta)} × v + grad = {fmt(v)}, w = {fmt(w)}; plain gradient descent: "
            f"w = {fmt(plain)}"
        )
    h = lr * 2 * a  # on a quadratic, heavy-ball momentum converges exactly when 0 < lr L'' < 2 (1 + β)
    verdict = (
        f"converges: on a quadratic, momentum converges whenever lr × L'' is between 0 and 2(1 + β) = "
        f"{fmt(2 * (1 + beta))}, and here it is {fmt(h)}"
        if 0 < h < 2 * (1 + beta)
        else f"diverges: lr × L'' = {fmt(h)} is not between 0 and 2(1 + β) = {fmt(2 * (1 + beta))}"
    )
    crossed = "; here the gradient changes sign and the velocity partly cancels" if len(signs) > 1 else ""
    note = (
        f"Momentum {verdict}. It is not plain gradient descent with a {fmt(1 / (1 - beta), 0)} times larger learning "
        f"rate: that factor 1/(1 - β) applies only when the gradient stays the same for many steps{crossed}."
    )
    return Worked("momentum_steps", "c-gradient-descent", r"\*\*Momentum\*\*", tuple(steps), note)


# --- gradient descent on a one-dimensional quadratic: steps to a tolerance (s1-calculus) -----------

_GD_VAR = r"[a-zθ]"
# a(w - c)^2, (c - w)^2 or a w^2, with an optional "L(w) =" in front: "0.5(w - 10)^2", "(w-3)**2", "2(x + 1)^2"
_GD_QUAD = re.compile(
    rf"(?:\b(?:L|f|J|loss)\s*\(\s*(?P<name>{_GD_VAR})\s*\)\s*=\s*)?"
    rf"(?P<a>½|{PLAIN}(?:\s*/\s*{PLAIN})?)?\s*\*?\s*"
    rf"(?:\(\s*(?P<v>{_GD_VAR})\s*(?P<sign>[+-])\s*(?P<c>\d+(?:\.\d+)?)\s*\)"
    rf"|\(\s*(?P<c2>-?\d+(?:\.\d+)?)\s*-\s*(?P<v2>{_GD_VAR})\s*\)"
    rf"|(?<![^\W\d_])(?P<v3>{_GD_VAR}))"
    r"\s*(?:\^|\*\*)\s*2(?!\d|\.\d)"
)
_GD_SCI = rf"(?:10\s*\^\s*-?\d+|{NUM}(?:e-?\d+)?)"
_GD_LR_NAME = r"(?:\beta\b|η|\blr\b|learning[- ]rates?|step[- ]sizes?|\balpha\b|α)"
_GD_LR_ITEM = rf"{NUM}(?![\d.]|\s*(?:steps?|iterations?|updates?|epochs?|%|times|tol\w*)\b)"
_GD_LR_LIST = rf"{_GD_LR_ITEM}(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+){_GD_LR_ITEM})*"


def _gd_number(text: str) -> Fraction:
    """'0.01' -> 1/100, '1e-3' -> 1/1000, '10^-3' -> 1/1000, '½' -> 1/2, '1/2' -> 1/2, exactly."""
    text = text.replace(" ", "")
    if text == "½":
        return Fraction(1, 2)
    if m := re.fullmatch(r"10\^(-?\d+)", text):
        return Fraction(10) ** int(m[1])
    if "/" in text:
        top, bottom = text.split("/")
        return fraction(top) / fraction(bottom)
    return Fraction(Decimal(text.replace(",", "")))


def _gd_loss(question: str) -> tuple[Fraction, Fraction, str] | None:
    """The one quadratic a(v - c)^2 in the question as (a, c, v); None when there is none, two different
    ones, or the square is one term of a longer expression ('w^2 + (w - 3)^2', '-(w - 3)^2')."""
    found = set()
    for m in _GD_QUAD.finditer(question):
        before, after = question[: m.start()].rstrip(), question[m.end() :]
        if (not m["name"] and re.search(r"[-+*/^(]$", before)) or re.match(r"\s*[-+*/^]\s*[\w(.]", after):
            return None  # one term of a longer expression, or a minus in front
        v = m["v"] or m["v2"] or m["v3"]
        if m["name"] and m["name"] != v:
            return None
        a = _gd_number(m["a"]) if m["a"] else Fraction(1)
        if m["c"] is not None:
            c = fraction(m["c"]) * (1 if m["sign"] == "-" else -1)
        else:
            c = fraction(m["c2"]) if m["c2"] is not None else Fraction(0)
        found.add((a, c, v))
    return found.pop() if len(found) == 1 else None


def _gd_shift(v: str, c: Fraction) -> str:
    """(w - 10), (x + 1), w."""
    if c == 0:
        return v
    return f"({v} - {_gd_exact(c)})" if c > 0 else f"({v} + {_gd_exact(-c)})"


def _gd_exact(x: Fraction) -> str:
    """A number of the question (or 1/a) as written exactly: '2', '0.00125', or '1/3' where a decimal would be
    rounded."""
    for places in range(4, 13):
        text = fmt(x, places)
        if Fraction(Decimal(text.replace(",", ""))) == x:
            return text
    return f"{x.numerator}/{x.denominator}"


def _gd_coef(x: Fraction) -> str:
    """A coefficient written before a bracket or a power: '2', '(2/3)'."""
    text = _gd_exact(x)
    return f"({text})" if "/" in text else text


def _gd_and(items: list[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _gd_beside(x: Fraction | float, tol: Fraction) -> str:
    """x with enough digits to tell it from the tolerance it is compared with (0.000001000015 > 0.000001)."""
    places = 4
    while fmt(x, places) == fmt(tol) and x != tol and places < 20:
        places += 1
    return fmt(x, places)


def _gd_steps_to(q: Fraction, d0: Fraction, tol: Fraction) -> int | None:
    """The smallest k with q^k × d0 ≤ tol (q = |factor| < 1), checked exactly; None when q ≥ 1 (never)."""
    if d0 <= tol:
        return 0
    if q == 0:
        return 1
    if q >= 1:
        return None
    k = max(1, math.ceil(math.log(tol / d0) / math.log(q) - 1e-9))
    if k <= 20_000:  # the float logarithm can sit a hair off an exact boundary: settle it with fractions
        while k > 1 and q ** (k - 1) * d0 <= tol:
            k -= 1
        while q**k * d0 > tol:
            k += 1
    return k


def gd_quadratic(question: str) -> Worked | None:
    """Gradient descent on L(w) = a(w - c)^2 from a start w0, for each learning rate η the learner names: each
    step multiplies the distance to c by 1 - 2aη, so it takes the smallest k with |1 - 2aη|^k |w0 - c| ≤ tol
    steps to come within a tolerance; without a tolerance, the factor and the first iterates. It converges only
    for 0 < η < 1/a, lands in one step at η = 1/(2a), bounces forever at η = 1/a and diverges beyond."""
    if not re.search(r"gradient descent|\bGD\b|" + _GD_LR_NAME, question, re.I):
        return None
    if re.search(r"momentum|\badam\b|nesterov|rmsprop|newton", question, re.I):
        return None  # another update rule (`momentum_steps` works momentum)
    if not re.search(r"gradient descent|\bGD\b|\bsteps?\b|iterat|converge|diverge|update", question, re.I):
        return None
    loss = _gd_loss(question)
    if loss is None:
        return None
    a, c, v = loss
    if a <= 0:
        return None  # no minimum to descend to
    starts = set()
    for pattern in (
        rf"(?:start\w*|initiali[sz]\w*|beginning)\s+(?:(?:at|from|with)\s+)?{v}\s*=\s*({NUM})",
        rf"(?:start\w*|initiali[sz]\w*|beginning)\s+(?:at|from)\s+({NUM})",
        rf"\bfrom\s+{v}\s*=\s*({NUM})",
        rf"(?<![\w.]){v}_?0\s*=\s*({NUM})",
        rf"(?<![\w.]){v}\s*\(\s*0\s*\)\s*=\s*({NUM})",
        rf"\binitial\s+(?:value\s+(?:of\s+)?)?{v}\s*(?:=|of|is)\s*({NUM})",
        rf"(?<![\w.]){v}\s+starts?\s+(?:at|from)\s+({NUM})",
    ):
        starts |= {fraction(s) for s in re.findall(pattern, question, re.I)}
    rates = [
        fraction(x)
        for span in re.findall(rf"{_GD_LR_NAME}\s*(?:=|of|is|:|in|at|to)?\s*[\[{{(]?\s*({_GD_LR_LIST})", question, re.I)
        for x in re.findall(rf"{NUM}(?![\d.])", span)
    ]
    rates = list(dict.fromkeys(rates))
    if len(starts) != 1 or not rates or len(rates) > 8 or any(eta <= 0 for eta in rates):
        return None
    w0 = starts.pop()
    tols = []
    for m in re.finditer(
        rf"within\s+(?:a\s+)?(?:distance\s+of\s+)?({_GD_SCI})|\btol(?:erance)?\s*(?:=|of|is|:)?\s*({_GD_SCI})"
        rf"|\|\s*{v}\s*-\s*[^|]{{1,12}}\|\s*(?:<=?|≤)\s*({_GD_SCI})",
        question,
        re.I,
    ):
        if re.search(r"\b(?:loss|cost)\b", question[max(0, m.start() - 30) : m.start()], re.I):
            continue  # a tolerance on the loss, not on the distance to the minimum: not read
        tols.append(_gd_number(next(g for g in m.groups() if g)))
    tols = [t for t in dict.fromkeys(tols) if t > 0][:3]
    if not tols and len(rates) < 2:
        return None  # one rate, no tolerance: `calculus` works its steps
    count = re.search(
        rf"\b(\d+|{'|'.join(WORDS)})\s+(?:gradient[- ]descent\s+|GD\s+)?(?:steps?|iterations?|updates?)\b",
        question,
        re.I,
    )
    number = (int(count[1]) if count[1].isdigit() else WORDS[count[1].lower()]) if count else 0
    shown = min(number, 10) if number > 0 else 4

    two_a = 2 * a
    d0 = abs(w0 - c)
    shift = _gd_shift(v, c)
    rate = "η" if two_a == 1 else f"{_gd_coef(two_a)}η"
    head = "" if a == 1 else _gd_coef(a)
    bare = shift.strip("()")
    minimum = f"({_gd_exact(c)})" if c < 0 else _gd_exact(c)
    slope = bare if two_a == 1 else f"{_gd_coef(two_a)}{shift}"
    steps = [
        f"L({v}) = {head}{shift}²: L'({v}) = 2 × {_gd_coef(a)} × {shift} = {slope}, zero at the minimum "
        f"{v} = {_gd_exact(c)}",
        f"a step {v} ← {v} - η L'({v}) gives {bare} ← (1 - {rate}){shift}: each step multiplies the distance to "
        f"{_gd_exact(c)} by the factor 1 - 2aη = 1 - {rate}",
        f"start {v} = {_gd_exact(w0)}: distance |{_gd_exact(w0)} - {minimum}| = {_gd_exact(d0)}",
    ]
    for tol in [t for t in tols if d0 <= t]:
        steps.append(f"the start is already within {_gd_exact(tol)} of {_gd_exact(c)}: 0 steps for any η")
    tols = [t for t in tols if d0 > t]
    kinds: dict[str, list[str]] = {}
    for eta in rates:
        r = 1 - two_a * eta
        q = abs(r)
        factor_text = f"1 - {_gd_exact(eta)}" if two_a == 1 else f"1 - {_gd_coef(two_a)} × {_gd_exact(eta)}"
        lead = f"η = {_gd_exact(eta)}: factor {factor_text} = {_gd_exact(r)}"
        iterates = [c + r**k * (w0 - c) for k in range(shown + 1)]
        path = f"{v} = " + ", ".join(fmt(x) for x in iterates) + ", …"
        if d0 == 0:
            kind = "start"
            text = f"{lead}; the start is the minimum, the gradient is 0 and {v} never moves"
        elif r == 0:
            kind = "one step"
            text = f"{lead}: the first step lands exactly on {v} = {_gd_exact(c)}" + (": 1 step" if tols else "")
        elif r == -1:
            kind = "bounces"
            there, back = _gd_exact(w0), _gd_exact(2 * c - w0)
            never = f" and never comes within {_gd_exact(tols[0])}" if tols else ""
            text = (
                f"{lead}: {v} = {there}, {back}, {there}, {back}, … bounces between them forever, the distance stays "
                f"{_gd_exact(d0)}{never}"
            )
        elif q > 1:
            kind = "diverges"
            text = f"{lead}: {path}: the distance grows {_gd_exact(q)} times each step, so it diverges"
        else:
            kind = "from one side" if r > 0 else "alternates"
            side = "" if r > 0 else f" (each step jumps to the other side of {_gd_exact(c)})"
            if not tols:
                text = f"{lead}: {path}{side}"
            else:
                counts = []
                for tol in tols:
                    k = _gd_steps_to(q, d0, tol)
                    if k <= 2000:
                        before, after = q ** (k - 1) * d0, q**k * d0
                    else:  # the exact powers grow too long to be worth it: floats, for showing only
                        before, after = float(q) ** (k - 1) * float(d0), float(q) ** k * float(d0)
                    base = _gd_coef(q) if r > 0 else f"|{_gd_exact(r)}|"
                    check = (
                        f"{base}^{k - 1} × {_gd_exact(d0)} = {_gd_beside(before, tol)} > {_gd_exact(tol)}, "
                        f"{base}^{k} × {_gd_exact(d0)} = {_gd_beside(after, tol)} ≤ {_gd_exact(tol)}"
                        if k >= 1
                        else f"{_gd_exact(d0)} ≤ {_gd_exact(tol)} already"
                    )
                    counts.append(f"{check}: {k:,} steps to come within {_gd_exact(tol)}")
                shown_path = f"; {path}{side}" if r < 0 else ""
                text = f"{lead}{shown_path}; " + "; ".join(counts)
        kinds.setdefault(kind, []).append(_gd_exact(eta))
        steps.append(text)
    edge, best = _gd_exact(1 / a), _gd_exact(1 / two_a)
    steps.append(
        f"|1 - {rate}| < 1 only for 0 < η < 1/a = {edge}: η = 1/(2a) = {best} lands in one step, η between "
        f"{best} and {edge} overshoots and alternates but converges, η = {edge} bounces forever and larger η diverges"
    )
    said = {
        "one step": "lands in one step",
        "from one side": "approaches from one side",
        "alternates": "overshoots and alternates but converges",
        "bounces": "bounces forever",
        "diverges": "diverges",
        "start": "never moves (it starts at the minimum)",
    }
    parts = [f"with η = {_gd_and(etas)} it {said[kind]}" for kind, etas in kinds.items()]
    note = f"On this loss, {_gd_and(parts)}: gradient descent converges only for 0 < η < {edge}."
    return Worked("gd_quadratic", "s1-calculus", r"For any quadratic loss L\(w\) = a\(w - c\)\^2", tuple(steps), note)


# --- how many test runs git bisect needs (s1-git) ---------------------------------------------------

_BISECT_SECONDS = {"s": 1, "min": 60, "h": 3600}


def _bisect_unit(word: str) -> str:
    word = word.lower()
    return "s" if word.startswith("s") else "min" if word.startswith("m") else "h"


def _bisect_time(total: Fraction, unit: str) -> str:
    """A total in the learner's unit, with the next larger unit beside it when it reaches one of those."""
    text = f"{fmt(total)} {unit}"
    if unit == "s" and total >= 60:
        text += f" ({fmt(total / 60, 1)} min)"
    elif unit == "min" and total >= 60:
        text += f" ({fmt(total / 60, 1)} h)"
    elif unit == "h" and total >= 48:
        text += f" ({fmt(total / 24, 1)} days)"
    return text


def bisect_runs(question: str) -> Worked | None:
    """git bisect over N suspect commits (those after the last known-good one): a binary search, so at most
    ⌈log2 N⌉ test runs against up to N checking every commit, and, with the time of one run, both totals."""
    if not re.search(r"\bbisect", question, re.I) and not (
        re.search(r"binary search", question, re.I) and re.search(r"\bcommits?\b", question, re.I)
    ):
        return None
    counts = {
        to_float(x)
        for pair in re.findall(
            rf"(?<![\w.^])({NUM})\s+(?:[a-z]+\s+)?(?:commits|revisions)\b|\bcommits\s*(?:=|:)\s*({NUM})"
            r"|\bHEAD~(\d+)\b",  # "git bisect start HEAD HEAD~300": the good commit 300 back, 300 suspects
            question,
            re.I,
        )
        for x in pair
        if x
    }
    if len(counts) != 1:
        return None
    n = counts.pop()
    if n != int(n) or not 2 <= n <= 1e9:
        return None
    n = int(n)
    runs = (n - 1).bit_length()  # ⌈log2 n⌉: the smallest k with 2^k ≥ n
    left, seq = n, [f"{n:,}"]
    while left > 1:
        left = (left + 1) // 2
        seq.append(f"{left:,}")
    good = re.search(r"\b(v\d+(?:\.\d+)*)\b[^.?!]{0,30}?\b(?:fine|good|ok|okay|worked|passed)\b", question, re.I)
    good_name = f"{good[1]} (the last known-good commit)" if good else "the last known-good commit"
    steps = [
        f"git bisect is a binary search over the {n:,} suspect commits: mark {good_name} good and the current "
        "commit bad; Git checks out the commit halfway between, you run the evaluation there and mark it good or "
        "bad (git bisect good / git bisect bad), and the half that cannot hold the first bad commit is dropped",
        f"suspects left after each run, at worst (half, rounded up): {' → '.join(seq)}",
    ]
    log = math.log2(n)
    if n == 1 << runs:
        steps.append(f"runs = log2 {n:,} = {runs}: exactly {runs} runs, since 2^{runs} = {n:,}")
    else:
        steps.append(
            f"runs = ⌈log2 {n:,}⌉: log2 {n:,} ≈ {fmt(log, 2)}, and 2^{runs - 1} = {2 ** (runs - 1):,} < {n:,} ≤ "
            f"{2**runs:,} = 2^{runs}, so at most {runs} runs ({runs - 1} on some outcomes, as the halves are not all "
            "equal)"
        )
    steps.append(f"checking every commit instead: up to {n:,} runs, one per commit")
    durations = {
        (fraction(m[0]) * _BISECT_SECONDS[_bisect_unit(m[1])], _bisect_unit(m[1]), fraction(m[0]))
        for m in re.findall(
            rf"(?<![\w.])({NUM})\s*-?\s*(seconds?|secs?|minutes?|mins?|hours?|hrs?|h)\b", question, re.I
        )
    }
    timed = ""
    if len({seconds for seconds, _, _ in durations}) == 1:
        _, unit, each = durations.pop()
        fast, slow = _bisect_time(runs * each, unit), _bisect_time(n * each, unit)
        per = f"{fmt(each)} {unit}"
        steps.append(f"at {per} per run: {runs} × {per} = {fast}, against {n:,} × {per} = {slow}")
        timed = f" ({fast.split(' (')[0]})"
        slow_total = f" ({slow.split(' (')[0]})"
    else:
        slow_total = ""
    steps.append(
        "git bisect run <script> automates it: the script exits 0 for a good commit, 1 to 127 (but not 125) for a "
        "bad one and 125 to skip a commit that cannot be tested; git bisect reset returns you to where you started"
    )
    note = (
        f"Bisecting needs at most {runs} evaluation runs{timed} instead of up to {n:,}{slow_total}, provided each "
        "run calls good or bad reliably: on a noisy metric one wrong mark sends the search into the wrong half."
    )
    return Worked(
        "bisect_runs", "s1-git", r"bisect\W+finds the responsible commit by binary search", tuple(steps), note
    )


# --- a reward model's pairwise preference and loss (c-instruction-tuning-rlhf) ---------------------

_RM_SCORE = r"(?:=|:|at|scores?|gets?|got|of)"
# "A = 0.4 and B = 1.1", "r_A = 1.6, r_B = 0.2", "A: 0.4 vs B: 1.1"
_RM_PAIR = re.compile(
    rf"(?<![\w'])(?:r_?)?([A-Z])\s*{_RM_SCORE}\s*({NUM})(?!\.?\d)\s*(?:,|;|/|\band\b|\bvs\.?|\bversus\b)?\s*"
    rf"(?:and\s+)?(?:(?:answer|response|output|completion)\s+)?(?:r_?)?([A-Z])\s*{_RM_SCORE}\s*({NUM})(?!\.?\d)"
)
# "0.4 for A and 1.1 for B"
_RM_PAIR_FOR = re.compile(
    rf"({NUM})\s+for\s+(?:(?:answer|response|output|completion)\s+)?([A-Z])\b\s*(?:,|and)\s*(?:and\s+)?({NUM})\s+for\s+"
    r"(?:(?:answer|response|output|completion)\s+)?([A-Z])\b"
)
_RM_ITEM = r"(?:(?i:answer|response|output|completion|option)\s+)?"
# which answer the labeller preferred: stated, not asked ("the probability that A is preferred" is not a statement);
# the answer's name is a capital letter ("preferred a longer answer" names none)
_RM_CHOSEN = (
    rf"(?i:labell?ers?|annotators?|raters?|humans?|users?|judges?|we)\s+(?:\w+\s+)?(?i:preferred|picked|chose|liked|"
    rf"prefers|picks|chooses|likes)\s+{_RM_ITEM}([A-Z])\b",
    r"(?<![\w'])([A-Z])\s+(?i:was|got)\s+(?i:the\s+)?(?i:preferred|chosen|picked|winner)\b",
    rf"\b(?i:chosen)\s+{_RM_ITEM}(?i:is|was|=|:)\s*([A-Z])\b",
    r"\b(?i:preferred)\s+(?i:answer|response|output|completion|option)\s+(?:(?i:is|was)\s+|[=:]\s*)?([A-Z])\b",
)


def _rm_labelled(question: str, word: str) -> set[float]:
    """The score of the chosen (or rejected) answer: 'r_chosen = 2.0', 'the chosen answer scores 2.0',
    '2.0 for the chosen answer'."""
    found = re.findall(
        rf"\b(?:r_)?{word}(?:\s+(?:answer|response|one|completion|output))?\s*(?:(?:=|:|scores?|gets?|got|is|has|at|of)\s*)?"
        rf"(?:a\s+)?(?:score\s+(?:of\s+)?)?({NUM})(?!\.?\d|\s*(?:%|times|x\b))|({NUM})\s+for\s+the\s+{word}\b",
        question,
        re.I,
    )
    return {to_float(a or b) for a, b in found}


def _rm_pair_steps(first: str, r1: float, second: str, r2: float, chosen: str | None) -> list[str]:
    """P(first preferred) = σ(r1 - r2), and the loss -ln σ(r_chosen - r_rejected) when the chosen one is known."""
    d = r1 - r2
    p = sigmoid(d)
    head = f"{first} = {fmt(r1)}, {second} = {fmt(r2)}"
    lines = [
        f"{head}: P({first} preferred) = σ(r_{first} - r_{second}) = σ({fmt(r1)} - {factor(r2)}) = σ({fmt(d)}) = "
        f"1 / (1 + e^{factor(-d)}) = {fmt(p)}; P({second} preferred) = 1 - {fmt(p)} = {fmt(1 - p)}"
    ]
    if chosen is None:
        return lines
    margin = d if chosen == first else -d
    rejected = second if chosen == first else first
    p_chosen = sigmoid(margin)
    loss = max(-margin, 0.0) + math.log1p(math.exp(-abs(margin)))  # -ln σ(m), computed stably
    side = (
        "the model agrees with the labeller"
        if margin > 0
        else "a tie, the model has no preference"
        if margin == 0
        else "the model ranks the rejected answer higher, disagreeing with the labeller"
    )
    lines.append(
        f"{chosen} chosen: loss = -ln σ(r_chosen - r_rejected) = -ln σ(r_{chosen} - r_{rejected}) = "
        f"-ln σ({fmt(margin)}) = -ln {fmt(p_chosen)} = {fmt(loss)} ({side})"
    )
    return lines


def reward_preference(question: str) -> Worked | None:
    """A reward model's scores for two answers to one prompt (one pair or the same pair at several times):
    the modelled preference probability σ(r_A - r_B) (Bradley-Terry), and the pairwise loss
    -ln σ(r_chosen - r_rejected) when the question says which answer the labeller preferred."""
    if not re.search(r"reward[- ]model|bradley[- ]terry|preference model", question, re.I):
        return None
    if re.search(r"\bDPO\b|direct preference", question, re.I):
        return None  # DPO's loss works on log-probability ratios with a beta: not this one
    pairs = [(m[1], to_float(m[2]), m[3], to_float(m[4])) for m in _RM_PAIR.finditer(question)]
    pairs += [(m[2], to_float(m[1]), m[4], to_float(m[3])) for m in _RM_PAIR_FOR.finditer(question)]
    pairs = [p for p in dict.fromkeys(pairs) if p[0] != p[2]]
    chosen_found = {m for pattern in _RM_CHOSEN for m in re.findall(pattern, question)}
    if len(chosen_found) > 1:  # two different answers said to be preferred: which one is unclear
        return None
    chosen = chosen_found.pop() if chosen_found else None
    steps = []
    if pairs:
        if len(pairs) > 4:
            return None
        for first, r1, second, r2 in pairs:
            steps += _rm_pair_steps(first, r1, second, r2, chosen if chosen in (first, second) else None)
        if chosen is None or any(chosen not in (a, b) for a, _, b, _ in pairs):
            steps.append("the loss -ln σ(r_chosen - r_rejected) needs which answer the labeller preferred")
    else:
        good, bad = _rm_labelled(question, "chosen"), _rm_labelled(question, "rejected")
        if len(good) != 1 or len(bad) != 1:
            return None
        r_good, r_bad = good.pop(), bad.pop()
        d = r_good - r_bad
        p = sigmoid(d)
        loss = max(-d, 0.0) + math.log1p(math.exp(-abs(d)))
        steps = [
            f"P(chosen preferred) = σ(r_chosen - r_rejected) = σ({fmt(r_good)} - {factor(r_bad)}) = σ({fmt(d)}) = "
            f"1 / (1 + e^{factor(-d)}) = {fmt(p)}",
            f"loss = -ln σ(r_chosen - r_rejected) = -ln {fmt(p)} = {fmt(loss)}",
        ]
    note = (
        "Only the difference of the two scores counts, not their level. The loss is ln 2 ≈ 0.693 for a tie, falls "
        "toward 0 as the chosen answer's lead grows and rises about linearly with the gap when the model ranks the "
        "two the wrong way round."
    )
    return Worked(
        "reward_preference",
        "c-instruction-tuning-rlhf",
        r"the loss −log sigmoid\(r_chosen − r_rejected\)",
        tuple(steps),
        note,
    )


# --- the KL-penalised reward PPO maximises in RLHF (c-instruction-tuning-rlhf) ---------------------


def kl_reward(question: str) -> Worked | None:
    """A response's reward-model score r, how many nats more likely the policy makes it than the SFT (reference)
    model (the per-sample KL estimate log π - log π_SFT) and the penalty weight β: the reward PPO maximises,
    r - β × KL."""
    if not re.search(r"\bKL\b|\bkl_?coef|kullback", question, re.I) or not re.search(r"\breward", question, re.I):
        return None
    rewards = {
        to_float(x)
        for x in re.findall(
            rf"\breward(?:[- ]model)?\s+(?:score\s+)?(?:of\s+|=\s*|:\s*|is\s+)?({NUM})(?!\.?\d)", question, re.I
        )
    }
    kls = {
        to_float(a or b)
        for a, b in re.findall(
            rf"({NUM})\s*nats?\s+(?:higher|more|above|greater|larger)\b"
            rf"|\b(?:KL(?:\s+divergence)?|log[- ]?(?:probability[- ]|prob[- ])?ratio)"
            r"(?:\s+(?:from|to)\s+(?:the\s+)?(?:reference|SFT|ref|initial|frozen)(?:\s+(?:model|policy))?)?"
            rf"\s*(?:estimate\s+)?(?:of|=|:|is)\s*"
            rf"({NUM})(?!\.?\d)",
            question,
            re.I,
        )
    }
    betas = {
        to_float(a or b or c)
        for a, b, c in re.findall(
            rf"(?:\bKL[- ]?(?:penalty\s+)?|\bpenalty\s+)(?:weight|coefficient|coef|strength)\s*(?:of|=|:|is)?\s*({NUM})"
            rf"|\bkl_?coef\w*\s*=\s*({NUM})|(?:\bbeta|β)\s*(?:=|of|:|is)\s*({NUM})",
            question,
            re.I,
        )
    }
    if len(rewards) != 1 or len(kls) != 1 or len(betas) != 1:
        return None
    r, kl, beta = rewards.pop(), kls.pop(), betas.pop()
    if kl < 0 or beta <= 0:
        return None
    penalty = beta * kl
    steps = (
        f"KL term for this response: log π_policy - log π_SFT = {fmt(kl)} nats",
        f"penalty = β × KL = {fmt(beta)} × {fmt(kl)} = {fmt(penalty)}",
        f"reward PPO maximises = r - β × KL = {fmt(r)} - {fmt(penalty)} = {fmt(r - penalty)}",
    )
    note = (
        "The penalty grows as the policy makes a response more likely than the SFT model would, so it keeps the "
        "policy close to the SFT model, which limits reward hacking and drift into strange text that only exploits "
        "blind spots of the reward model."
    )
    return Worked(
        "kl_reward", "c-instruction-tuning-rlhf", r"maximise the reward model's score minus a KL penalty", steps, note
    )


# --- the linear scaling rule, LinearLR warmup and ExponentialLR decay (c-learning-rate-schedules) ----

_LR = r"(?:\blr\b|learning[- ]rate)"
_BATCH = r"\bbatch(?:es)?(?:[- ]size)?"


def _lr_scaling(question: str) -> tuple[float, float, float] | None:
    """The reference learning rate, its batch size and the learner's new batch size ('lr 0.1 at batch size 256.
    I can fit batch 768'); None unless each is named once."""
    base = re.findall(
        rf"{_LR}\s*(?:=|of|:|is)?\s*({NUM})(?!\.?\d)\s*(?:at|with|for|@)\s*(?:an?\s+|the\s+)?{_BATCH}\s*(?:of|=|:|is)?\s*"
        rf"({NUM})(?!\.?\d)|{_BATCH}\s*(?:of|=|:|is)?\s*({NUM})(?!\.?\d)\s*(?:,|with|at|and|uses?|used)?\s*(?:an?\s+|the\s+)?"
        rf"{_LR}\s*(?:=|of|:|is)?\s*({NUM})(?!\.?\d)",
        question,
        re.I,
    )
    pairs = {(to_float(a or d), to_float(b or c)) for a, b, c, d in base}
    if len(pairs) != 1:
        return None
    lr, b0 = pairs.pop()
    batches = {to_float(x) for x in re.findall(rf"{_BATCH}\s*(?:of|=|:|is)?\s*({NUM})(?!\.?\d)", question, re.I)}
    others = batches - {b0}
    if len(others) != 1 or lr <= 0 or b0 <= 0:
        return None
    return lr, b0, others.pop()


def lr_schedule(question: str) -> Worked | None:
    """A learning-rate plan worked epoch by epoch: the linear scaling rule (lr × k for a k times larger batch),
    LinearLR warmup factors start + (end - start) × min(t, T) / T after t scheduler steps, and ExponentialLR's
    lr × γ^n after n decays. Each part is worked when its own words and numbers are there."""
    steps: list[str] = []
    notes: list[str] = []
    cue = ""
    peak: float | None = None
    if re.search(rf"linear(?:ly)?[- ]scal|scal\w*\s+(?:the\s+)?{_LR}\s+linearly", question, re.I):
        scaled_lr = _lr_scaling(question)
        if scaled_lr is None:
            return None  # the peak the schedule starts from is not known either
        lr, b0, b1 = scaled_lr
        k = b1 / b0
        peak = lr * k
        steps.append(
            f"linear scaling rule: the batch grows {fmt(b1)} / {fmt(b0)} = {fmt(k)} times, so the learning rate does "
            f"too: {fmt(k)} × {fmt(lr)} = {fmt(peak)}"
        )
        if re.search(r"square[- ]root|sqrt|√", question, re.I):
            steps.append(
                f"the gentler square-root rule instead: √{fmt(k)} × {fmt(lr)} = {fmt(math.sqrt(k))} × {fmt(lr)} = "
                f"{fmt(math.sqrt(k) * lr)}"
            )
        cue = r"The linear scaling rule multiplies the learning rate by k when the batch size is multiplied by k"
        notes.append(
            "The linear scaling rule is a heuristic for SGD that breaks down at very large batches; for Adam a "
            "gentler square-root increase is often suggested."
        )
    else:
        lrs = {to_float(x) for x in re.findall(rf"{_LR}\s*(?:=|of|:|is)?\s*({NUM})(?!\.?\d)", question, re.I)}
        peak = lrs.pop() if len(lrs) == 1 else None
    warm = re.search(r"LinearLR\s*\(([^)]*)\)", question)
    per_batch = re.search(r"(?:per|each|every)\s+(?:mini-?)?(?:batch|iteration|optimi[sz]er step)", question, re.I)
    per_epoch = re.search(r"(?:per|each|every|once an?)\s+epoch", question, re.I) and not per_batch
    end = 1.0
    if warm and peak is not None:
        args = warm[1]
        start = re.search(rf"start_factor\s*=\s*({NUM})", args)
        total = re.search(r"total_iters\s*=\s*(\d+)\b", args)
        end_m = re.search(rf"end_factor\s*=\s*({NUM})", args)
        end = to_float(end_m[1]) if end_m else 1.0
        if not start or not total:
            return None  # PyTorch's defaults (1/3 over 5 steps) are not assumed
        s, t_max = to_float(start[1]), int(total[1])
        if not 0 < s <= 1 or not 0 < end <= 1 or not 1 <= t_max <= 100_000:
            return None
        rise = (end - s) / t_max
        steps.append(
            f"LinearLR(start_factor={fmt(s)}, total_iters={t_max}): after t scheduler steps the factor is "
            f"{fmt(s)} + ({fmt(end)} - {fmt(s)}) × min(t, {t_max}) / {t_max}, rising {fmt(rise)} a step from "
            f"{fmt(s)} to {fmt(end)}"
        )
        shown = list(range(t_max + 1)) if t_max <= 12 else [0, 1, 2, t_max - 1, t_max]
        unit = "epoch" if per_epoch else "period"
        parts = []
        for t in shown:
            f = s + (end - s) * min(t, t_max) / t_max
            parts.append(f"{unit} {t + 1}: {fmt(peak)} × {fmt(f)} = {fmt(peak * f)}")
            if t_max > 12 and t == 2:
                parts.append("…")
        where = "once per epoch" if per_epoch else "once per period"
        steps.append(f"stepped {where}, {unit} t + 1 trains with the factor after t steps: " + ", ".join(parts))
        cue = cue or r"\*\*Warmup\*\* raises the learning rate from a small value to its target"
        notes.append(
            "Warmup protects freshly initialized weights from huge early updates; step the scheduler at the "
            "frequency its total_iters counts, after the optimizer's steps."
        )
    decay = re.search(r"ExponentialLR|exponential(?:ly)?\s+decay|decays?\s+exponentially", question, re.I)
    if decay and peak is not None and end == 1.0:
        gammas = {
            to_float(a or b)
            for a, b in re.findall(
                rf"\bgamma\s*(?:=|of|:|is)?\s*({NUM})(?!\.?\d)"
                rf"|(?:multipl\w*|scal\w*|decay\w*|shrink\w*|cut\w*)\s+(?:the\s+)?(?:{_LR}\s+|it\s+)?by\s+"
                rf"(?:a\s+factor\s+(?:of\s+)?)?({NUM})(?!\.?\d)",
                question,
                re.I,
            )
        }
        counts = re.findall(
            r"(?<![\d.])(\d+)\s+(?:(?:of\s+)?(?:those|these|the|such)\s+)?(?:\d*\.\d+\s+)?(?:(?:exponential|gamma|lr)\s+)?"
            r"(?:decays|decay steps|multiplications)\b",
            question,
            re.I,
        )
        if not warm:  # without a warmup, each epoch after the start is one decay
            counts += re.findall(r"\bafter\s+(\d+)\s+epochs\b", question, re.I)
        ns = sorted({int(n) for n in counts})
        g = gammas.pop() if len(gammas) == 1 and ns and len(ns) <= 4 and max(ns) <= 100_000 else None
        if g is not None and 0 < g < 1:
            for n in ns:
                steps.append(
                    f"ExponentialLR (γ = {fmt(g)}): after {n} decays lr = {fmt(peak)} × {fmt(g)}^{n} = {fmt(peak)} × "
                    f"{fmt(g**n)} = {fmt(peak * g**n)}"
                )
            steps.append(f"it halves every ln 0.5 / ln {fmt(g)} = {fmt(math.log(0.5) / math.log(g), 1)} decays")
            cue = cue or r"\*\*Exponential decay\*\* multiplies the learning rate by a constant gamma"
    if not steps:
        return None
    return Worked("lr_schedule", "c-learning-rate-schedules", cue, tuple(steps), " ".join(notes))

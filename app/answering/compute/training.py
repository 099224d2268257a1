"""Calculators for how models are trained and judged: log-uniform search ranges, PCA from singular
values, cross-entropy over epochs, the bias-variance sum, Q-learning step sizes, L1 and L2 penalty
slopes, the sigmoid's shrinking of gradients, and perplexity from a loss. Each reads the learner's
numbers only when it is sure of them and returns None otherwise. Pure functions."""

from __future__ import annotations

import math
import re

import numpy as np  # float32 arithmetic, as PyTorch does it

from app.answering.compute.parse import NUM, PLAIN, Worked, fmt, labelled, pct, to_float

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

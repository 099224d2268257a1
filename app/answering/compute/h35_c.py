"""Calculators from the h35 blind review (C): an LSTM cell run for many steps with constant gates (its fixed point
and how fast it is reached, s3-sequence-models), two language models' per-token perplexities turned into the total
negative log-likelihood of the same text (s5-nlp-language-models), and one ALS user update with k-dimensional item
factors (s5-recommender-systems). Each reads the learner's numbers only when it is sure of them and returns None
otherwise. Pure functions."""

from __future__ import annotations

import math
import re
from fractions import Fraction

from app.answering.compute.deep import _LSTM_PART
from app.answering.compute.parse import NUM, PLAIN, Worked, factor, fmt, labelled, to_float

# --- an LSTM cell with constant gates over many steps (s3-sequence-models) --------------------------------------

_STEP_COUNTS = re.compile(r"after\s+((?:\d+)(?:\s*(?:,\s*and|,|and|or)\s*\d+)*)\s+(?:more\s+)?(?:time\s*)?steps?", re.I)
_START = re.compile(
    rf"(?:start\w*|initial(?:ly|ised|ized)?|begin\w*)\s+(?:cell state\s+)?(?:from|at|with|of)?\s*"
    rf"(?:c(?:_?0|_?\{{0\}})?\s*=\s*)?({NUM})(?!\s*(?:steps?|%))"
    rf"|\bc_?\{{?0\}}?\s*=\s*({NUM})",
    re.I,
)


def lstm_constant_gates(question: str) -> Worked | None:
    """The LSTM update c_t = f c_(t-1) + i c~ iterated with gates held constant: c after the asked numbers of steps
    from each starting cell state, the level it settles at (c = i c~ / (1 - f)) and h = o tanh(c) there."""
    if not re.search(r"\blstm\b|cell state", question, re.I):
        return None
    if re.search(r"\bgru\b", question, re.I):
        return None
    gates = {
        k: labelled(question, rf"(?:{label})(?:\s*(?:gate|value))?\s*(?:comes? out|is|=|of|:|at)?", sep="")
        for k, label in _LSTM_PART.items()
        if k != "c_prev"
    }
    if None in (gates["f"], gates["i"], gates["cand"]):
        return None  # the output gate may be missing (then no h)
    f, i, g, o = gates["f"], gates["i"], gates["cand"], gates["o"]
    if not (0 <= f < 1 and 0 <= i <= 1 and -1 <= g <= 1) or (o is not None and not 0 <= o <= 1):
        return None
    counts: list[int] = []
    for m in _STEP_COUNTS.finditer(question):
        counts += [int(x) for x in re.findall(r"\d+", m[1])]
    counts = sorted(set(counts))
    settle = re.search(
        r"many steps|end up|settle|converge|steady state|fixed point|long run|in the limit"
        r"|stay(?:s|ed)? (?:at|constant)|held constant|constant gates",
        question,
        re.I,
    )
    if not counts and not settle:
        return None
    if any(n < 1 or n > 10_000 for n in counts):
        return None
    starts: list[float] = []
    for m in _START.finditer(question):
        value = to_float(m[1] or m[2])
        if value not in starts:
            starts.append(value)
    if counts and not starts:
        return None  # steps asked without a starting cell state
    write = i * g
    fixed = write / (1 - f)
    steps = [
        f"each step: c_t = f × c_(t-1) + i × c~ = {fmt(f)} × c_(t-1) + {fmt(i)} × {factor(g)} = "
        f"{fmt(f)} × c_(t-1) + {fmt(write)}",
        f"c stops changing when c = {fmt(f)} c + {fmt(write)}, i.e. c* = {fmt(write)} / (1 - {fmt(f)}) = {fmt(fixed)}",
        f"each step shrinks the gap to c* by the forget factor: c_t = c* + (c_0 - c*) × f^t = "
        f"{fmt(fixed)} + (c_0 - {fmt(fixed)}) × {fmt(f)}^t",
    ]
    for c0 in starts:
        values = []
        for n in counts:
            c = c0
            for _ in range(n):
                c = f * c + write
            values.append(
                f"after {n} step{'s' if n > 1 else ''}: {fmt(fixed)} + ({fmt(c0 - fixed)}) × {fmt(f)}^{n} = {fmt(c)}"
            )
        if values:
            steps.append(f"from c_0 = {fmt(c0)}: " + "; ".join(values))
        if o is not None and counts:
            c = c0
            for _ in range(counts[-1]):
                c = f * c + write
            steps.append(
                f"from c_0 = {fmt(c0)}, h after {counts[-1]} steps = o × tanh(c) = {fmt(o)} × tanh({fmt(c)}) = "
                f"{fmt(o * math.tanh(c))}"
            )
    if o is not None:
        steps.append(
            f"at the fixed point: h = o × tanh(c*) = {fmt(o)} × tanh({fmt(fixed)}) = {fmt(o)} × "
            f"{fmt(math.tanh(fixed))} = {fmt(o * math.tanh(fixed))}"
        )
    note = (
        f"The level the cell settles at is set by what is written each step and the forget gate (c* = i c~ / (1 - f)), "
        f"while the forget gate alone sets how fast the starting value is forgotten: about 1 / (1 - f) = "
        f"{fmt(1 / (1 - f), 1)} steps per factor of e."
    )
    return Worked(
        "lstm_constant_gates",
        "s3-sequence-models",
        r"c_t = f_t \\odot c_\{t-1\} \+ i_t \\odot \\tilde\{c\}_t",
        tuple(steps),
        note,
    )


# --- perplexities under different tokenizers, on the same text (s5-nlp-language-models) -------------------------

_MODEL = re.compile(r"\b(?:model|LM)\s+([A-Z1-9])\b", re.I)
_TOKENS = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)\s*(k|thousand|million)?\s+(?:\w+\s+)?tokens\b", re.I)
_PPL = re.compile(rf"(?:perplexity|\bPPL)\s*(?:of|=|:|is|was|gets?|got)?\s*(?:about\s+|~\s*)?({NUM})(?![\d%])", re.I)
_SCALE = {"k": 1e3, "thousand": 1e3, "million": 1e6}


def perplexity_total_nll(question: str) -> Worked | None:
    """Two or more models scored on the same text, each with its own token count and per-token perplexity: each
    model's total NLL of the text = tokens × ln(PPL), comparable across tokenizers, and which assigns the text the
    higher probability."""
    if not re.search(r"perplexit", question, re.I) or not re.search(r"\btokens?\b", question, re.I):
        return None
    if not re.search(r"\bsame\b|\bidentical\b", question, re.I):
        return None  # the totals compare only when both models score the same text
    marks = list(_MODEL.finditer(question))
    segments: list[tuple[str, int, int]] = []  # (model, start, end)
    for m in marks:
        name = m[1].upper()
        if segments and segments[-1][0] == name:
            continue
        if any(s[0] == name for s in segments):
            return None  # a model comes back after another: which numbers are whose is not clear
        if segments:
            segments[-1] = (segments[-1][0], segments[-1][1], m.start())
        segments.append((name, m.start(), len(question)))
    if len(segments) < 2:
        return None
    models = []
    for name, start, end in segments:
        part = question[start:end]
        tokens = {to_float(t) * _SCALE.get((s or "").lower(), 1) for t, s in _TOKENS.findall(part)}
        ppls = {to_float(p) for p in _PPL.findall(part)}
        if len(tokens) != 1 or len(ppls) != 1:
            return None
        n, ppl = tokens.pop(), ppls.pop()
        if n < 1 or ppl < 1:
            return None
        models.append((name, n, ppl))
    steps = ["perplexity = exp(average NLL per token), so the text's total NLL = tokens × ln(perplexity)"]
    totals = []
    for name, n, ppl in models:
        total = n * math.log(ppl)
        totals.append((total, name))
        steps.append(
            f"model {name}: {fmt(n)} × ln({fmt(ppl)}) = {fmt(n)} × {fmt(math.log(ppl))} = {fmt(total, 0)} nats"
        )
    totals.sort()
    (best, winner), (second, runner) = totals[0], totals[1]
    if round(best) == round(second):
        return None  # a tie within rounding: no winner to name
    steps.append(
        f"model {winner} has the lower total NLL ({fmt(best, 0)} vs {fmt(second, 0)} nats), so it assigns the same "
        f"text e^{fmt(second - best, 0)} times the probability that model {runner} does"
    )
    low_ppl = min(models, key=lambda x: x[2])[0]
    note = (
        "Each total is minus the log-probability the model gives the whole text, which means the same thing whatever "
        "the tokenizer, so totals on the same text compare models with different tokenizers; per-token perplexity "
        "does not"
        + (
            f", which is why model {low_ppl}'s lower perplexity does not make it the better predictor here."
            if low_ppl != winner
            else "."
        )
    )
    return Worked(
        "perplexity_total_nll", "s5-nlp-language-models", r"\*\*Perplexity\*\*: \$PPL = \\exp", tuple(steps), note
    )


# --- one ALS user update with k-dimensional item factors (s5-recommender-systems) --------------------------------

_VECTOR = rf"[\(\[]\s*{PLAIN}(?:\s*,\s*{PLAIN})+\s*[\)\]]"
_ITEM_Q = re.compile(rf"\bq_?\{{?([A-Za-z0-9]\w{{0,5}}?)\}}?\s*=\s*({_VECTOR})")
_LAMBDA = re.compile(rf"(?:λ|lambda|\breg(?:ularization)?(?:\s+strength)?)\s*(?:of|=|:|is)?\s*({NUM})(?!\s*I\b)", re.I)


def _solve(a: list[list[Fraction]], b: list[Fraction]) -> list[Fraction] | None:
    """Gauss-Jordan elimination in exact fractions; None for a singular matrix."""
    n = len(b)
    m = [row[:] + [b[r]] for r, row in enumerate(a)]
    for col in range(n):
        pivot = next((r for r in range(col, n) if m[r][col] != 0), None)
        if pivot is None:
            return None
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(n):
            if r != col and m[r][col] != 0:
                ratio = m[r][col] / m[col][col]
                m[r] = [x - ratio * y for x, y in zip(m[r], m[col], strict=True)]
    return [m[r][n] / m[r][r] for r in range(n)]


def _det2(a: list[list[Fraction]]) -> Fraction:
    return a[0][0] * a[1][1] - a[0][1] * a[1][0]


def _vec(values) -> str:
    return "(" + ", ".join(fmt(float(v)) for v in values) + ")"


def _mat(rows) -> str:
    return "[" + ", ".join("[" + ", ".join(fmt(float(v)) for v in row) + "]" for row in rows) + "]"


def als_user_vector(question: str) -> Worked | None:
    """One ALS user update with the item factors fixed as vectors (k >= 2, no biases): p_u = (Q_u^T Q_u + λI)^-1
    Q_u^T r_u for each λ the learner gives, and its predictions p_u · q_i for the rated and unrated items."""
    if not re.search(r"\bALS\b|alternating least squares|Q_u\^?T\s*Q_u", question, re.I):
        return None
    if re.search(r"n_u|ALS-WR|weighted[\s-]+(?:λ|lambda)|implicit|confidence", question, re.I):
        return None
    if re.search(r"\bbias", question, re.I) and not re.search(r"\bno\s+(?:user\s+or\s+item\s+)?bias", question, re.I):
        return None
    if re.search(r"(?:λ|lambda)\s*/\s*2|\b1\s*/\s*2\b|½|per rating|for each rating|each rating's", question, re.I):
        return None  # a halved penalty, or one counted per rating: another closed form
    qs: dict[str, list[Fraction]] = {}
    for m in _ITEM_Q.finditer(question):
        values = [Fraction(v) for v in re.findall(PLAIN, m[2])]
        if m[1] in qs and qs[m[1]] != values:
            return None
        qs[m[1]] = values
    if len(qs) < 2:
        return None
    k = len(next(iter(qs.values())))
    if any(len(v) != k for v in qs.values()) or not 2 <= k <= 4:
        return None
    stated_k = set(re.findall(r"\bk\s*=\s*(\d+)", question))
    if stated_k and stated_k != {str(k)}:
        return None
    ratings: dict[str, Fraction] = {}
    for m in re.finditer(
        rf"(?<![\w.])(?<!q_)([A-Za-z]\w{{0,5}})\s*(?:=|:)\s*({NUM})(?!\d|\.\d|\s*,\s*{PLAIN}\s*\))", question
    ):
        if m[1] not in qs:
            continue
        value = Fraction(m[2].replace(",", ""))
        if m[1] in ratings and ratings[m[1]] != value:
            return None
        ratings[m[1]] = value
    if not ratings:
        return None
    lambdas = []
    for x in _LAMBDA.findall(question):
        value = Fraction(x.replace(",", ""))
        if value not in lambdas:
            lambdas.append(value)
    if not lambdas or len(lambdas) > 3 or any(x < 0 for x in lambdas):
        return None
    names = list(ratings)
    gram = [[sum(qs[n][a] * qs[n][b] for n in names) for b in range(k)] for a in range(k)]
    rhs = [sum(qs[n][a] * ratings[n] for n in names) for a in range(k)]
    steps = [
        "Q_u stacks the factors of the rated items: " + ", ".join(f"q_{n} = {_vec(qs[n])}" for n in names),
        f"Q_u^T Q_u = {_mat(gram)}",
        "Q_u^T r_u = "
        + _vec(rhs)
        + " ("
        + "; ".join(
            " + ".join(f"{factor(float(qs[n][a]))} × {factor(float(ratings[n]))}" for n in names) for a in range(k)
        )
        + ")",
    ]
    for lam in lambdas:
        a = [[gram[r][c] + (lam if r == c else 0) for c in range(k)] for r in range(k)]
        p = _solve(a, rhs)
        if p is None:
            return None
        line = f"λ = {fmt(float(lam))}: Q_u^T Q_u + λI = {_mat(a)}"
        if k == 2:
            det = _det2(a)
            line += f", determinant {fmt(float(det))}"
        steps.append(line + f"; solving gives p_u = {_vec(p)}")
        preds = []
        for n, q in qs.items():
            value = sum(x * y for x, y in zip(p, q, strict=True))
            terms = " + ".join(f"{fmt(float(x))} × {factor(float(y))}" for x, y in zip(p, q, strict=True))
            tag = f" (rated {fmt(float(ratings[n]))})" if n in ratings else " (unrated)"
            preds.append(f"{n}: {terms} = {fmt(float(value))}{tag}")
        steps.append(f"λ = {fmt(float(lam))} predictions p_u · q_i: " + "; ".join(preds))
    note = (
        "With as many factors as ratings and no penalty, p_u can reproduce a light user's ratings exactly, i.e. "
        "memorize them; λ shrinks p_u, and with it the predictions, toward zero, most for users with few ratings."
    )
    if len(ratings) > k or all(x > 0 for x in lambdas):
        note = (
            "λ shrinks p_u toward zero, and because it is added once per user it weighs most on users with few "
            "ratings; this is half of an ALS step, and the other half solves each item factor the same way."
        )
    return Worked(
        "als_user_vector",
        "s5-recommender-systems",
        r"with Q fixed, each \$p_u\$ is a small ridge regression",
        tuple(steps),
        note,
    )

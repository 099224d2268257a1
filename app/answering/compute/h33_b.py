"""Stage 3 calculators from the h33 review: ARIMA(0,1,1) forecasts from the last value and the last shock, named
policies of a small stochastic MDP evaluated exactly, and the largest LSTM / GRU hidden size within a parameter
budget. Each calculator reads the learner's numbers only when it is sure of them and returns None otherwise.
Pure functions."""

from __future__ import annotations

import itertools
import math
import re
from fractions import Fraction

from app.answering.compute.parse import GAMMA, NUM, Worked, factor, fmt, to_float

# --- ARIMA(0,1,1) forecasts (s3-classical-forecasting) -----------------------------------------------------------

_DY = r"(?:y'|[Δ∇]\s*y)_?[{(]?t[})]?"
_E_NOW = r"(?:e|ε|epsilon)_?[{(]?t[})]?"
_E_BEFORE = r"(?:e|ε|epsilon)_?[{(]?t\s*-\s*1[})]?"
# "y'_t = e_t + 0.5 e_(t-1)", "Δy_t = 0.3 + e_t - 0.4 e_(t-1)"
_MA_DIFF = re.compile(
    rf"{_DY}\s*=\s*(?:({NUM})\s*\+\s*)?{_E_NOW}\s*([+-])\s*({NUM})\s*[·*×]?\s*{_E_BEFORE}(?!\w)", re.I
)


def arima_011(question: str) -> Worked | None:
    """ARIMA(0,1,1): the differences follow y'_t = c + e_t + theta e_(t-1). With the last value y_T and the last
    estimated shock e_T, the forecast difference is c + theta e_T one step ahead and c after that (future shocks are
    forecast as 0), so without a constant the forecasts stay at y_T + theta e_T."""
    if not re.search(r"arima\s*\(\s*0\s*,\s*1\s*,\s*1\s*\)", question, re.I):
        return None
    eqs = {
        (to_float(m[1]) if m[1] else None, to_float(m[3]) * (-1 if m[2] == "-" else 1))
        for m in _MA_DIFF.finditer(question)
    }
    theta = None
    const: float | None = None
    if len(eqs) == 1:
        const, theta = eqs.pop()
    elif eqs:
        return None
    else:
        found = set(re.findall(rf"(?:theta|θ)(?:_?1)?\s*(?:=|is|of)\s*({NUM})", question, re.I))
        if len(found) != 1:
            return None
        theta = to_float(found.pop())
    named_c = set(re.findall(rf"(?:constant|drift|\bc\b|\bmu\b|μ)\s*(?:=|is|of)\s*({NUM})", question, re.I))
    no_c = re.search(r"\b(?:no|without(?: a| the)?)\s+(?:constant|drift)\b", question, re.I)
    if const is None and named_c:
        if len(named_c) != 1 or no_c:
            return None
        const = to_float(named_c.pop())
    if const is None and re.search(r"\bwith (?:a |the )?(?:constant|drift)\b", question, re.I):
        return None  # a constant said to be there but its value not read
    c = const or 0.0
    if const and no_c:
        return None
    ys = {(int(t), to_float(v)) for t, v in re.findall(rf"\by_?[{{(]?(\d+)[}})]?\s*=\s*({NUM})", question)}
    shocks = {
        (int(t), to_float(v))
        for t, v in re.findall(rf"(?:\be|ε|epsilon)_?[{{(]?(\d+)[}})]?\s*=\s*({NUM})", question, re.I)
    }
    if len(ys) != 1 or len(shocks) != 1:
        return None
    (t_last, y_last), (t_shock, e_last) = ys.pop(), shocks.pop()
    if t_shock != t_last:
        return None
    asked = [
        int(t)
        for found in re.findall(r"(?<!['\w])t\s*=\s*(\d+(?:\s*(?:,|and|to|-)\s*\d+)*)(?![\d.])", question)
        for t in re.findall(r"\d+", found)
        if int(t) > t_last
    ]
    horizon = max(1, min(max(asked) - t_last if asked else 3, 6))
    first = c + theta * e_last
    with_c = f"{fmt(c)} + " if c else ""
    steps = [
        f"the model is an MA(1) on the differences: y'_t = {with_c}e_t + {factor(theta)} e_(t-1); at t = {t_last} "
        f"the value is {fmt(y_last)} and the estimated shock e_{t_last} = {fmt(e_last)}",
        f"t = {t_last + 1}: forecast difference {with_c}{factor(theta)} × {factor(e_last)} = {fmt(first)} (the future "
        f"shock e_{t_last + 1} is forecast as 0), so ŷ = {fmt(y_last)} + {factor(first)} = {fmt(y_last + first)}",
    ]
    level = y_last + first
    for i in range(2, horizon + 1):
        level += c
        steps.append(
            f"t = {t_last + i}: both shocks are future ones, forecast difference {fmt(c)}, so ŷ = {fmt(level)}"
        )
    if c:
        steps.append(
            f"long run: the forecast is a straight line rising by {fmt(c)} per step from {fmt(y_last + first)}"
            if c > 0
            else f"long run: the forecast is a straight line falling by {fmt(-c)} per step from {fmt(y_last + first)}"
        )
        note = (
            "With d = 1 and a constant the long-range point forecast is a straight line (drift), and the prediction "
            "intervals keep widening with the horizon."
        )
        cue = r"a straight line when d = 1 with a constant"
    else:
        steps.append(f"long run: the forecast stays at the fixed level {fmt(y_last + first)}")
        note = (
            "With d = 1 and no constant the long-range point forecast stays at a fixed level, not the series' mean, "
            "while the prediction intervals keep widening with the horizon."
        )
        cue = r"a fixed level when d = 1 without a constant"
    return Worked("arima_011", "s3-classical-forecasting", cue, tuple(steps), note)


# --- named policies of a small stochastic MDP (s3-mdp) -----------------------------------------------------------

_PAIR = re.compile(r"\b([a-z]\w{0,11})\s*(?:/|\+|,)\s*([a-z]\w{0,11})\s*(?::|→|->)", re.I)
_PROB = re.compile(rf"(?:\bwp\b|\bw/p\b|with prob(?:ability)?|prob(?:ability)?\s*(?:of|=)?)\s*({NUM})", re.I)
_STAYS = re.compile(r"\b(?:stays?|staying|remains?)\b", re.I)
_MOVES = re.compile(r"\b(?:moves?|goes|go|becomes?|turns?|returns?|falls?|switch\w*|to)\b", re.I)


def _transitions(text: str, here: str, states: set[str]) -> list[tuple[Fraction, str]] | None:
    """'stay cool' -> [(1, cool)]; 'cool w.p. 0.5 else hot' -> [(1/2, cool), (1/2, hot)]; None when unclear."""
    parts = [p for p in re.split(r"\belse\b|\botherwise\b|\bor\b|,|\band\b", text) if p.strip()]
    found: list[tuple[Fraction | None, str]] = []
    for part in parts:
        named = [s for s in states if re.search(rf"(?<![\w']){re.escape(s)}(?![\w'])", part, re.I)]
        if len(named) > 1:
            return None
        if named:
            target = named[0]
        elif _STAYS.search(part):
            target = here
        else:
            return None
        rest = re.sub(rf"(?<![\w']){re.escape(target)}(?![\w'])", " ", part, flags=re.I)
        if re.search(r"\d", re.sub(_PROB, " ", rest)):
            return None  # a number that is not this transition's probability
        prob = _PROB.search(part)
        found.append((Fraction(prob[1]) if prob else None, target))
    missing = [i for i, (p, _) in enumerate(found) if p is None]
    if len(found) == 1 and missing:
        return [(Fraction(1), found[0][1])]
    if len(missing) > 1:
        return None
    known = sum((p for p, _ in found if p is not None), Fraction(0))
    if missing:
        if not 0 < known < 1:
            return None
        found[missing[0]] = (1 - known, found[missing[0]][1])
    if sum(p for p, _ in found) != 1:  # type: ignore[misc]
        return None
    return found  # type: ignore[return-value]


def _stochastic_mdp(question: str) -> dict[str, dict[str, tuple[Fraction, list[tuple[Fraction, str]]]]] | None:
    """'cool/slow: +1 stay cool; hot/slow: 0, cool w.p. 0.5 else hot; ...' -> {state: {action: (reward,
    [(probability, next state)])}}; None unless every state has the same actions, each fully read."""
    text = re.sub(r"\bw\.\s*p\.", "wp", question, flags=re.I)
    text = re.sub(r"\bw/\s*p\b", "wp", text, flags=re.I)
    text = re.sub(r"\s*\([^()\d]*\)", "", text)  # "reward 0 (cooling down)"
    pairs = list(_PAIR.finditer(text))
    if not 3 <= len(pairs) <= 9:
        return None
    states = {m[1].lower() for m in pairs}
    actions = {m[2].lower() for m in pairs}
    if len(states) < 2 or len(actions) < 2 or states & actions:
        return None
    model: dict[str, dict[str, tuple[Fraction, list[tuple[Fraction, str]]]]] = {}
    for i, m in enumerate(pairs):
        end = pairs[i + 1].start() if i + 1 < len(pairs) else len(text)
        segment = re.split(r";|\)|(?<!\d)\.(?!\d)", text[m.end() : end])[0]
        reward = re.match(rf"\s*(?:reward\s*(?:of\s*|=\s*)?)?([+-]?\s*{NUM})\s*,?\s*", segment, re.I)
        if not reward:
            return None
        s, a = m[1].lower(), m[2].lower()
        options = _transitions(segment[reward.end() :], s, states)
        if options is None or a in model.get(s, {}):
            return None
        model.setdefault(s, {})[a] = (Fraction(reward[1].replace(" ", "").lstrip("+")), options)
    if any(set(acts) != actions for acts in model.values()) or len(model) != len(states):
        return None
    return model


def _named_policies(question: str, states: list[str], actions: list[str]) -> list[tuple[str, dict[str, str]]]:
    """Quoted policies: 'always slow', 'fast when cool, slow when hot', 'slow in cool and fast in hot'; a quote that
    names actions but not one for every state makes the result empty (unclear)."""
    found: list[tuple[str, dict[str, str]]] = []
    act = "|".join(map(re.escape, actions))
    st = "|".join(map(re.escape, states))
    for m in re.finditer(r"(?<!\w)'([^']{3,80})'(?!\w)|\"([^\"]{3,80})\"", question):
        text = (m[1] or m[2]).strip()
        if not re.search(rf"\b(?:{act})\b", text, re.I):
            continue
        pick: dict[str, str] = {}
        always = re.fullmatch(
            rf"(?:always|only)\s+(?:run\s+)?({act})|({act})\s+(?:always|everywhere|in (?:both|all|every) states?)",
            text,
            re.I,
        )
        if always:
            pick = dict.fromkeys(states, (always[1] or always[2]).lower())
        else:
            for part in re.split(r",|;|\band\b|\belse\b|\botherwise\b", text):
                part = part.strip()
                if not part:
                    continue
                one = re.fullmatch(
                    rf"(?:run\s+)?({act})\s+(?:when|in|if|while|at)\s+(?:it'?s\s+|state\s+)?({st})"
                    rf"|(?:when|in|if)\s+({st})\s*:?\s*(?:run\s+)?({act})",
                    part,
                    re.I,
                )
                if not one:
                    return []
                s, a = (one[2], one[1]) if one[1] else (one[3], one[4])
                if s.lower() in pick:
                    return []
                pick[s.lower()] = a.lower()
        if set(pick) != set(states):
            return []
        found.append((text, pick))
    return found


def _evaluate(model: dict, pick: dict[str, str], gamma: Fraction, states: list[str]) -> list[Fraction] | None:
    """V = R + gamma P V solved exactly (Gauss-Jordan on fractions)."""
    n = len(states)
    rows = []
    for i, s in enumerate(states):
        reward, options = model[s][pick[s]]
        row = [Fraction(int(i == j)) for j in range(n)]
        for p, t in options:
            row[states.index(t)] -= gamma * p
        rows.append(row + [reward])
    for c in range(n):
        pivot = next((r for r in range(c, n) if rows[r][c] != 0), None)
        if pivot is None:
            return None
        rows[c], rows[pivot] = rows[pivot], rows[c]
        for r in range(n):
            if r != c and rows[r][c] != 0:
                f = rows[r][c] / rows[c][c]
                rows[r] = [x - f * y for x, y in zip(rows[r], rows[c], strict=True)]
    return [rows[r][n] / rows[r][r] for r in range(n)]


def _show(x: Fraction) -> str:
    if x.denominator == 1 or len(str(x.denominator)) > 3:
        return fmt(float(x))
    return f"{x} ≈ {fmt(float(x), 3)}" if x.denominator not in (2, 4, 5, 8, 10, 20, 25) else fmt(float(x))


def mdp_policies(question: str) -> Worked | None:
    """Quoted deterministic policies of a small MDP whose actions may move at random ('hot/slow: 0, cool w.p. 0.5
    else hot'): each policy's Bellman expectation equations and their exact solution at each discount asked, which
    policy is better, and whether it is greedy with respect to its own values (then it is optimal)."""
    if not re.search(r"\bpolic(?:y|ies)\b", question, re.I):
        return None
    gammas = list(dict.fromkeys(Fraction(g) for g in GAMMA.findall(question)))
    if not gammas or any(not 0 <= g < 1 for g in gammas):
        return None
    model = _stochastic_mdp(question)
    if not model:
        return None
    states = list(model)
    actions = list(next(iter(model.values())))
    policies = _named_policies(question, states, actions)
    if not policies:
        if not re.search(r"\b(?:all|every|each)\s+(?:deterministic\s+|the\s+)?polic(?:y|ies)\b", question, re.I):
            return None
        if len(actions) ** len(states) > 8:
            return None
        policies = [
            (
                ", ".join(f"{a} when {s}" for s, a in zip(states, combo, strict=True)),
                dict(zip(states, combo, strict=True)),
            )
            for combo in itertools.product(actions, repeat=len(states))
        ]
    if len(policies) > 8:
        return None

    def eq(s: str, a: str, g: Fraction) -> str:
        reward, options = model[s][a]
        inner = " + ".join(f"{fmt(float(p))} V({t})" if p != 1 else f"V({t})" for p, t in options)
        inner = f"({inner})" if len(options) > 1 else inner
        return f"{fmt(float(reward))} + {fmt(float(g))} {inner}"

    steps = [
        "model: "
        + "; ".join(
            f"{s}, {a}: reward {fmt(float(r))}"
            + (
                ", " + " or ".join(f"{t} w.p. {fmt(float(p))}" for p, t in opts)
                if len(opts) > 1
                else f" → {opts[0][1]}"
            )
            for s, acts in model.items()
            for a, (r, opts) in acts.items()
        )
    ]
    for gamma in gammas:
        results = []
        for name, pick in policies:
            v = _evaluate(model, pick, gamma, states)
            if v is None:
                return None
            results.append((name, pick, v))
            steps.append(
                f"γ = {fmt(float(gamma))}, '{name}': "
                + "; ".join(f"V({s}) = {eq(s, pick[s], gamma)}" for s in states)
                + " → "
                + ", ".join(f"V({s}) = {_show(x)}" for s, x in zip(states, v, strict=True))
            )
        if len(results) > 1:
            best = [r for r in results if all(all(x >= y for x, y in zip(r[2], o[2], strict=True)) for o in results)]
            if best:
                name, pick, v = best[0]
                values = dict(zip(states, v, strict=True))
                checks = []
                greedy = True
                for s in states:
                    qs = {}
                    for a in actions:
                        reward, options = model[s][a]
                        qs[a] = reward + gamma * sum(p * values[t] for p, t in options)
                    checks.append(
                        f"in {s}: " + " vs ".join(f"{a} {eq(s, a, gamma)} = {_show(q)}" for a, q in qs.items())
                    )
                    if qs[pick[s]] < max(qs.values()):
                        greedy = False
                steps.append(
                    f"γ = {fmt(float(gamma))}: '{name}' is at least as good in every state"
                    + ("" if len(best) == 1 else " (tied)")
                )
                steps.append(
                    f"one-step check with its values: {'; '.join(checks)}: "
                    + (
                        "it is greedy with respect to its own values, so it is optimal"
                        if greedy
                        else "another action looks better somewhere, so it can still be improved"
                    )
                )
            else:
                steps.append(
                    f"γ = {fmt(float(gamma))}: neither policy is better in every state; it depends on the start"
                )
    note = (
        "Each value is the immediate reward plus the discounted, probability-weighted value of where you land; a "
        "smaller γ weighs later rewards less, which favours actions that pay now."
    )
    return Worked("mdp_policies", "s3-mdp", r"\*\*Bellman expectation equation", tuple(steps), note)


# --- the largest LSTM / GRU hidden size within a parameter budget (s3-sequence-models) --------------------------


def recurrent_budget(question: str) -> Worked | None:
    """PyTorch's nn.LSTM has 4 h (n + h + 2) parameters and nn.GRU 3 h (n + h + 2) (two bias vectors); the largest
    hidden size h whose count stays within the learner's budget, for each layer named."""
    named = [m.upper() for m in dict.fromkeys(x.lower() for x in re.findall(r"\b(lstm|gru)\b", question, re.I))]
    if not named:
        return None
    if not re.search(r"\b(?:biggest|largest|max(?:imum)?|most|highest)\b", question, re.I) or not re.search(
        r"hidden", question, re.I
    ):
        return None
    if re.search(
        r"num_layers\s*=\s*(?!1\b)\d|bidirectional|\b(?:two|three|\d+)\s+(?:stacked\s+)?layers\b", question, re.I
    ):
        return None
    budgets = {
        to_float(m[1]) * (1000 if m[2] else 1)
        for m in re.finditer(
            rf"(?:budget\s+(?:of\s+)?(?:about\s+|around\s+|roughly\s+|~\s*)?|at most\s+|under\s+|up to\s+"
            rf"|max(?:imum)?\s+(?:of\s+)?)"
            rf"({NUM})\s*(k\b)?\s*(?:trainable\s+)?(?:params|parameters|weights)\b",
            question,
            re.I,
        )
    }
    budgets |= {
        to_float(m[1]) * (1000 if m[2] else 1)
        for m in re.finditer(
            rf"param(?:eter)?s?\s+budget\s+(?:of\s+|is\s+|=\s*)?(?:about\s+|around\s+|roughly\s+|~\s*)?({NUM})\s*(k\b)?"
            rf"|({NUM})\s*(k\b)?\s*(?:-|\s)?param(?:eter)?s?\s+budget",
            question,
            re.I,
        )
        for m in [(None, m[1] or m[3], m[2] or m[4])]
    }
    inputs = {
        int(to_float(a or b))
        for a, b in re.findall(
            rf"({NUM})\s+input features|input(?:[ _]size| features| dim(?:ension)?)\s*(?:of|=|:|is)?\s*({NUM})",
            question,
            re.I,
        )
    }
    if len(budgets) != 1 or len(inputs) != 1:
        return None
    budget, n = budgets.pop(), inputs.pop()
    if budget < 100 or n < 1 or budget > 1e10:
        return None
    steps = []
    for model in named:
        blocks = 4 if model == "LSTM" else 3
        # the largest h with blocks × h × (n + h + 2) <= budget: the root of blocks h² + blocks (n + 2) h - budget
        h = int((-(n + 2) + math.sqrt((n + 2) ** 2 + 4 * budget / blocks)) / 2)
        while blocks * (h + 1) * (n + h + 3) <= budget:
            h += 1
        while h > 0 and blocks * h * (n + h + 2) > budget:
            h -= 1
        if h < 1:
            return None
        fits, over = blocks * h * (n + h + 2), blocks * (h + 1) * (n + h + 3)
        steps.append(
            f"nn.{model}: {blocks} × h × ({n} + h + 2); h = {h} gives {blocks} × {h} × {n + h + 2} = {fits:,}, "
            f"h = {h + 1} gives {blocks} × {h + 1} × {n + h + 3} = {over:,} (over {fmt(budget)}), so the largest "
            f"hidden_size is {h}"
        )
    steps.append("the same weights are reused at every time step, so the count does not depend on the sequence length")
    note = (
        "A GRU has three weight blocks to the LSTM's four, so the same budget buys it a wider state; hidden_size is "
        "the width of the state vector, not how many steps the layer remembers."
        if len(named) == 2
        else "hidden_size is the width of the state vector, not how many steps the layer remembers."
    )
    return Worked(
        "recurrent_budget",
        "s3-sequence-models",
        r"4 × hidden_size × \(input_size \+ hidden_size \+ 2\)",
        tuple(steps),
        note,
    )

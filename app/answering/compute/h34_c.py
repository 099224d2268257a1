"""Calculators from the h34 blind review (C): the s3-mdp reading's machine example (cool/hot, slow/fast) asked
about by name, with its model taken from the reading: all four Q*(s, a), what one non-greedy step costs, and the
value of a policy that mixes the two actions at random. Each reads the learner's numbers only when it is sure of
them and returns None otherwise. Pure functions."""

from __future__ import annotations

import itertools
import re
from fractions import Fraction

from app.answering.compute.h33_b import mdp_policies
from app.answering.compute.parse import GAMMA, NUM, Worked, fmt, to_float

# --- the machine example of s3-mdp -------------------------------------------------------------------------

_STATES = ("cool", "hot")
_ACTIONS = ("slow", "fast")
# the reading's model: reward and [(probability, next state)] of each state and action
_R = {("cool", "slow"): Fraction(1), ("cool", "fast"): Fraction(2), ("hot", "slow"): Fraction(0)}
_R[("hot", "fast")] = Fraction(-5)
_P = {
    ("cool", "slow"): [(Fraction(1), "cool")],
    ("cool", "fast"): [(Fraction(1), "hot")],
    ("hot", "slow"): [(Fraction(1, 2), "cool"), (Fraction(1, 2), "hot")],
    ("hot", "fast"): [(Fraction(1), "hot")],
}
_EXAMPLE = re.compile(
    r"machine\s+(?:example|mdp)|(?:cool|hot)\s*/\s*(?:cool|hot)\s+(?:machine|example)"
    r"|example\s+(?:from|in|of)\s+the\s+(?:mdp\s+)?reading|reading'?s?\s+(?:machine|cool)",
    re.I,
)
_RANDOM = (
    r"(?:flips?\s+a\s+(?:fair\s+)?coin|(?:a\s+)?(?:fair\s+)?coin[- ]flip(?:s|ping)?|50\s*/\s*50|50-50"
    r"|(?:uniformly\s+)?at\s+random|randomly|equally\s+likely)"
)


def _solve(pi: dict[str, dict[str, Fraction]], gamma: Fraction) -> dict[str, Fraction] | None:
    """V^pi of the machine MDP, exactly: the two Bellman expectation equations solved as a linear system."""
    r = {s: sum(pi[s][a] * _R[(s, a)] for a in _ACTIONS) for s in _STATES}
    p = {s: {t: sum(pi[s][a] * q for a in _ACTIONS for q, u in _P[(s, a)] if u == t) for t in _STATES} for s in _STATES}
    a11, a12 = 1 - gamma * p["cool"]["cool"], -gamma * p["cool"]["hot"]
    a21, a22 = -gamma * p["hot"]["cool"], 1 - gamma * p["hot"]["hot"]
    det = a11 * a22 - a12 * a21
    if det == 0:
        return None
    return {
        "cool": (r["cool"] * a22 - a12 * r["hot"]) / det,
        "hot": (a11 * r["hot"] - a21 * r["cool"]) / det,
    }


def _backup(s: str, a: str, gamma: Fraction, v: dict[str, Fraction]) -> tuple[str, Fraction]:
    """'R + γ × (Σ P V)' written out with the values, and its result."""
    nxt = _P[(s, a)]
    inner = (
        fmt(float(v[nxt[0][1]]))
        if len(nxt) == 1
        else "(" + " + ".join(f"{fmt(float(q))} × {fmt(float(v[t]))}" for q, t in nxt) + ")"
    )
    value = _R[(s, a)] + gamma * sum(q * v[t] for q, t in nxt)
    return f"{fmt(float(_R[(s, a)]))} + {fmt(float(gamma))} × {inner}", value


def _equation(s: str, pi: dict[str, dict[str, Fraction]], gamma: Fraction) -> str:
    """The Bellman expectation equation of one state under `pi`, in symbols V(cool), V(hot)."""
    terms = []
    for a in _ACTIONS:
        if not pi[s][a]:
            continue
        nxt = _P[(s, a)]
        inner = (
            f"V({nxt[0][1]})" if len(nxt) == 1 else "(" + " + ".join(f"{fmt(float(q))} V({t})" for q, t in nxt) + ")"
        )
        body = f"{fmt(float(_R[(s, a)]))} + {fmt(float(gamma))} {inner}"
        terms.append(body if pi[s][a] == 1 else f"{fmt(float(pi[s][a]))}({body})")
    return f"V({s}) = " + " + ".join(terms)


def _mixed_policy(question: str) -> dict[str, dict[str, Fraction]] | None:
    """A policy picking slow or fast at random (a fair coin) in one state and one fixed action in the other ("flips a
    fair coin between slow and fast when cool but always runs slow when hot"); None when none is described."""
    mixed = re.search(
        rf"{_RANDOM}\s+(?:between\s+)?(?:running\s+)?(slow|fast)\s+(?:and|or)\s+(slow|fast)\s+(?:when|in)\s+"
        r"(?:the\s+)?(?:machine\s+is\s+)?(cool|hot)\b",
        question,
        re.I,
    )
    if not mixed or mixed[1].lower() == mixed[2].lower():
        return None
    state = mixed[3].lower()
    other = "hot" if state == "cool" else "cool"
    rest = question[: mixed.start()] + " ; " + question[mixed.end() :]
    fixed = re.findall(
        r"\b(?:always\s+)?(?:runs?\s+|running\s+|goes\s+|plays?\s+|chooses?\s+|picks?\s+)?(slow|fast)\s+(?:when|in)\s+"
        rf"(?:the\s+)?(?:machine\s+is\s+)?({other})\b",
        rest,
        re.I,
    )
    if len({a.lower() for a, _ in fixed}) != 1:
        return None
    action = fixed[0][0].lower()
    half = Fraction(1, 2)
    return {
        state: {"slow": half, "fast": half},
        other: {a: Fraction(int(a == action)) for a in _ACTIONS},
    }


def machine_mdp(question: str) -> Worked | None:
    """The s3-mdp reading's machine example named in the question (its rewards and moves taken from the reading, the
    learner's γ or the reading's 0.9): V* of both states, all four Q*(s, a) = R + γ Σ P V*, the loss of taking one
    action once and then acting optimally, and the value of a policy that flips a fair coin in one state."""
    if not re.search(r"\b(?:cool|hot)\b", question, re.I):
        return None
    if not _EXAMPLE.search(question) or not re.search(r"\bslow\b|\bfast\b", question, re.I):
        return None
    if re.search(r"reward\w*\s*(?:of|=|:|is)?\s*-?\d|\bprobability\s*(?:of\s*)?\d", question, re.I):
        return None  # the learner gives a model of their own: the general MDP calculators read it
    if not re.search(r"\bQ\*|\bQ\s*\(|Q-values?|action[- ]values?|\blose\b|\bloss\b|polic(?:y|ies)", question, re.I):
        return None
    if mdp_policies(question) is not None:
        return None  # the learner wrote the model out and named policies: `mdp_policies` solves them
    gammas = set(GAMMA.findall(question))
    if len(gammas) > 1:
        return None
    gamma = Fraction(gammas.pop().replace(",", "")) if gammas else Fraction(9, 10)
    if not 0 <= gamma < 1:
        return None
    best = None
    for combo in itertools.product(_ACTIONS, repeat=2):
        pi = {s: {a: Fraction(int(a == c)) for a in _ACTIONS} for s, c in zip(_STATES, combo, strict=True)}
        v = _solve(pi, gamma)
        if v is None:
            return None
        if best is None or all(v[s] >= best[1][s] for s in _STATES):
            best = (combo, v)
    assert best is not None
    combo, vstar = best
    # the learner's V* must agree with the reading's model at this γ, or they changed the example
    for s in _STATES:
        said = {
            to_float(x) for x in re.findall(rf"V\*?\s*\(\s*{s}\s*\)\s*(?:=|≈|~|is)\s*(?:about\s+)?({NUM})", question)
        }
        if len(said) > 1 or any(abs(x - float(vstar[s])) > 0.01 * max(1.0, abs(float(vstar[s]))) for x in said):
            return None
    steps = [
        f"with γ = {fmt(float(gamma))}, the best policy is {combo[0]} when cool, {combo[1]} when hot, and solving its "
        f"Bellman equations gives V*(cool) = {fmt(float(vstar['cool']))}, V*(hot) = {fmt(float(vstar['hot']))}"
    ]
    q: dict[tuple[str, str], Fraction] = {}
    for s in _STATES:
        for a in _ACTIONS:
            shown, q[(s, a)] = _backup(s, a, gamma, vstar)
            steps.append(f"Q*({s}, {a}) = R + γ Σ P(s') V*(s') = {shown} = {fmt(float(q[(s, a)]))}")
    steps.append(
        "V*(s) = max over a of Q*(s, a): "
        + "; ".join(
            f"{s}: max({fmt(float(q[(s, 'slow')]))}, {fmt(float(q[(s, 'fast')]))}) = {fmt(float(vstar[s]))}"
            for s in _STATES
        )
    )
    once = re.search(r"\b(slow|fast)\s+once\b[^.?!]{0,40}?\b(cool|hot)\b", question, re.I) or re.search(
        r"\b(?:in|when)\s+(?:the\s+)?(cool|hot)\b[^.?!]{0,40}?\b(slow|fast)\s+once\b", question, re.I
    )
    if once and re.search(r"\blose\b|\bloss\b|\bcost\b|\bworse\b|how much", question, re.I):
        a, s = (once[1].lower(), once[2].lower()) if once[1].lower() in _ACTIONS else (once[2].lower(), once[1].lower())
        loss = vstar[s] - q[(s, a)]
        steps.append(
            f"{a} once in {s}, then optimal: worth Q*({s}, {a}) = {fmt(float(q[(s, a)]))}, a loss of "
            f"V*({s}) - Q*({s}, {a}) = {fmt(float(vstar[s]))} - {fmt(float(q[(s, a)]))} = {fmt(float(loss))}"
        )
    pi = _mixed_policy(question)
    if pi:
        v = _solve(pi, gamma)
        if v is None:
            return None
        steps.append(
            "the coin-flip policy, Bellman expectation equations: "
            + "; ".join(_equation(s, pi, gamma) for s in _STATES)
        )
        steps.append(
            f"solved: V(cool) = {fmt(float(v['cool']))}, V(hot) = {fmt(float(v['hot']))}, against V* = "
            f"{fmt(float(vstar['cool']))} and {fmt(float(vstar['hot']))}"
        )
    note = (
        "Acting greedily on Q* gives the optimal policy, and a policy that mixes actions has values that are weighted "
        "averages of action values, so it can never beat always taking the best one."
    )
    return Worked("machine_mdp", "s3-mdp", r"\*\*Bellman optimality equation", tuple(steps), note)

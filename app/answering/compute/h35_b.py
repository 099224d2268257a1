"""Calculators from the h35 blind review (B): the wall-clock time of random search spread over GPUs against
Bayesian optimization run one trial after another (s2-hyperparameter-tuning), and policy iteration by hand on the
s3-mdp reading's machine example from a starting policy the learner names. Each reads the learner's numbers only
when it is sure of them and returns None otherwise. Pure functions."""

from __future__ import annotations

import math
import re
from fractions import Fraction

from app.answering.compute.h33_b import mdp_policies
from app.answering.compute.h34_c import _ACTIONS, _EXAMPLE, _STATES, _backup, _equation, _solve
from app.answering.compute.parse import GAMMA, NUM, WORDS, Worked, fmt, to_float

# --- random search over GPUs against sequential Bayesian optimization (s2-hyperparameter-tuning) ----------------

_COUNT = rf"(\d+|{'|'.join(WORDS)})"
_BO = r"bayesian[- ]optimi[sz]ation|\bBO\b|\bTPE\b|gaussian[- ]process"
_SEQUENTIAL = r"sequential(?:ly)?|one (?:trial )?(?:after (?:another|the other)|at a time)|in series|serially"


def _count(text: str) -> int:
    return WORDS.get(text.lower()) or int(text)


def _hours(minutes: float) -> str:
    return f"{fmt(minutes)} min" if minutes < 60 else f"{fmt(minutes)} min = {fmt(minutes / 60, 2)} h"


def search_wall_clock(question: str) -> Worked | None:
    """'8 GPUs, each run 30 min: random search with 48 trials, or Bayesian optimization run sequentially with 20
    trials: how long does each take?': random trials are independent, so ceil(n / GPUs) rounds x time per run;
    sequential BO takes its trials x time per run, one GPU busy at a time."""
    if not re.search(r"random[- ]search|random trials", question, re.I):
        return None
    if not re.search(r"wall[- ]?clock|how long|how much time|take[sn]?\b.{0,30}\b(?:hours?|time)", question, re.I):
        return None
    gpus = {_count(g) for g in re.findall(rf"{_COUNT}\s+(?:\w+\s+)?(?:GPUs|workers|machines)\b", question, re.I)}
    times = re.findall(rf"({NUM})\s*(minutes?|mins?|hours?|hrs?|h)\b", question, re.I)
    if len(gpus) != 1 or len({(t, u[0].lower()) for t, u in times}) != 1:
        return None
    g = gpus.pop()
    per = to_float(times[0][0]) * (60 if times[0][1][0].lower() == "h" else 1)
    if g < 1 or per <= 0:
        return None
    if not re.search(r"\b(?:each|per|every|a)\s+(?:training\s+)?(?:run|trial|evaluation|fit)", question, re.I):
        return None  # the time is not clearly the time of one trial
    random_n = {
        int(n)
        for n in re.findall(
            r"random[- ]search\s+(?:with|of|using|running)\s+(\d+)\s+trials|(\d+)\s+random(?:[- ]search)?\s+trials",
            question,
            re.I,
        )
        for n in n
        if n
    }
    if len(random_n) != 1:
        return None
    n = random_n.pop()
    rounds = math.ceil(n / g)
    steps = [
        f"random search: the {n} trials are independent, so all {g} GPUs run at once: {n} / {g} → {rounds} rounds "
        f"× {fmt(per)} min = {_hours(rounds * per)}"
    ]
    note = "Random-search trials are independent, so they fill every GPU at once."
    bo = re.search(_BO, question, re.I)
    if bo:
        sentence = re.split(r"(?<=[.?!])\s+", question[bo.start() :])[0]
        bo_n = {int(x) for x in re.findall(r"(\d+)\s+(?:\w+\s+)?trials", sentence, re.I)}
        parallel = re.search(r"parallel|asynchronous|\d+\s+(?:workers|GPUs)|batch of", sentence, re.I)
        if len(bo_n) == 1 and re.search(_SEQUENTIAL, sentence, re.I) and not parallel:
            m = bo_n.pop()
            steps.append(
                f"Bayesian optimization, one trial after another: {m} × {fmt(per)} min = {_hours(m * per)}, "
                + (f"with one GPU busy and {g - 1} idle" if g > 1 else "on the one GPU")
            )
            steps.append(
                f"for comparison, the {n} random trials run one after another would take {n} × {fmt(per)} min = "
                f"{_hours(n * per)}"
            )
            faster = "random search" if rounds * per < m * per else "Bayesian optimization"
            if rounds * per == m * per:
                faster = "neither"
            steps.append(
                f"wall-clock: {_hours(rounds * per)} against {_hours(m * per)}, so {faster} finishes first"
                if faster != "neither"
                else f"wall-clock: both take {_hours(m * per)}"
            )
            note = (
                "Random-search trials are independent, so they fill every GPU at once; Bayesian optimization picks "
                "each trial from the results so far, so run sequentially it uses one GPU at a time, and needing fewer "
                "trials saves wall-clock time only when parallel hardware is scarce or each trial is very expensive."
            )
    return Worked(
        "search_wall_clock",
        "s2-hyperparameter-tuning",
        r"Every trial is independent, so random search parallelizes trivially",
        tuple(steps),
        note,
    )


# --- policy iteration on the machine example of s3-mdp -----------------------------------------------------------


def _start_policy(question: str) -> tuple[str, str] | None:
    """The starting policy as (action when cool, action when hot): "starting from the policy 'always fast'", "start
    with slow when cool and fast when hot"; None when none is named or two are."""
    start = re.search(r"\b(?:start(?:ing|s)?|initial(?:ly|i[sz]ed?)?|begin(?:ning|s)?)\b", question, re.I)
    if not start:
        return None
    rest = question[start.start() : start.start() + 120]
    always = {a.lower() for a in re.findall(r"\balways\s+(?:runs?\s+|run\s+|go(?:es)?\s+)?(slow|fast)\b", rest, re.I)}
    per_state = {
        s.lower(): a.lower()
        for a, s in re.findall(r"\b(slow|fast)\s+(?:when|in|if)\s+(?:the\s+machine\s+is\s+)?(cool|hot)\b", rest, re.I)
    }
    if len(always) == 1 and not per_state:
        a = always.pop()
        return a, a
    if not always and len(per_state) == 2:
        return per_state["cool"], per_state["hot"]
    return None


def _name(pi: tuple[str, str]) -> str:
    return f"always {pi[0]}" if pi[0] == pi[1] else f"{pi[0]} when cool, {pi[1]} when hot"


def policy_iteration(question: str) -> Worked | None:
    """Policy iteration on the s3-mdp reading's machine example (its rewards and moves taken from the reading, the
    learner's γ or the reading's 0.9) from the starting policy the learner names: each round evaluates the policy
    (solving its Bellman equations), then makes it greedy on those values, until it stops changing."""
    if not re.search(r"policy[- ]iteration", question, re.I):
        return None
    if not re.search(r"\b(?:cool|hot)\b|\bmachine\b", question, re.I) or not _EXAMPLE.search(question):
        return None
    if re.search(r"reward\w*\s*(?:of|=|:|is)?\s*-?\d|\bprobability\s*(?:of\s*)?\d", question, re.I):
        return None  # a model of the learner's own
    if mdp_policies(question) is not None:
        return None
    gammas = set(GAMMA.findall(question))
    if len(gammas) > 1:
        return None
    gamma = Fraction(gammas.pop().replace(",", "")) if gammas else Fraction(9, 10)
    if not 0 < gamma < 1:
        return None
    policy = _start_policy(question)
    if policy is None:
        return None
    steps: list[str] = []
    for rounds in range(1, 6):
        pi = {s: {a: Fraction(int(a == c)) for a in _ACTIONS} for s, c in zip(_STATES, policy, strict=True)}
        v = _solve(pi, gamma)
        if v is None:
            return None
        eqs = "; ".join(_equation(s, pi, gamma) for s in _STATES)
        steps.append(
            f"round {rounds}, evaluate '{_name(policy)}': {eqs} → V(cool) = {fmt(float(v['cool']))}, "
            f"V(hot) = {fmt(float(v['hot']))}"
        )
        choice = []
        parts = []
        for s, current in zip(_STATES, policy, strict=True):
            q = {}
            for a in _ACTIONS:
                shown, q[a] = _backup(s, a, gamma, v)
                parts.append(f"Q({s}, {a}) = {shown} = {fmt(float(q[a]))}")
            best = max(_ACTIONS, key=lambda a: q[a])
            choice.append(current if q[current] == q[best] else best)  # a tie keeps the current action
        new = (choice[0], choice[1])
        verdict = "unchanged, so policy iteration stops" if new == policy else f"the new policy is '{_name(new)}'"
        steps.append(f"round {rounds}, improve (greedy on these values): {'; '.join(parts)} → {verdict}")
        if new == policy:
            steps.append(
                f"it stopped after {rounds} evaluation-improvement rounds with '{_name(policy)}', "
                f"V(cool) = {fmt(float(v['cool']))}, V(hot) = {fmt(float(v['hot']))}"
            )
            break
        policy = new
    else:
        return None
    note = (
        "Policy iteration usually needs only a few rounds, each running a full policy evaluation, while value "
        "iteration makes one cheap update per sweep but needs more sweeps; both reach an optimal policy."
    )
    return Worked(
        "policy_iteration",
        "s3-mdp",
        r"\*\*Policy iteration\*\* alternates evaluation with improvement",
        tuple(steps),
        note,
    )

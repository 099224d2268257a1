"""Stage 3 optimal action values from the h32 review: Q* along a deterministic corridor of numbered states whose two
ends are terminal, with a single reward for stepping into one end. Each calculator reads the learner's numbers only
when it is sure of them and returns None otherwise. Pure functions."""

from __future__ import annotations

import re

from app.answering.compute.parse import NUM, Worked, fmt, labelled, to_float

# --- Q* along a corridor with terminal ends (s3-q-learning) ------------------------------------------------------

# "states 0..6", "states 0 to 6", "states 0-6", "states 0 through 6"
_STATES = re.compile(r"\bstates?\s+(\d{1,2})\s*(?:\.\.\.?|…|-|to|through)\s*(\d{1,2})\b", re.I)
_ENDS = re.compile(
    r"\bboth\s+ends\s+(?:are\s+)?terminal\b|\bends\s+are\s+terminal\b|\bterminal\s+at\s+both\s+ends\b|"
    r"\bstates?\s+(\d{1,2})\s+and\s+(\d{1,2})\s+(?:are\s+)?(?:terminal|end\s+the\s+episode)\b",
    re.I,
)
# "reward 1 only for stepping into state 6", "a reward of 1 for reaching state 6", "reward +1 on entering the right end"
_REWARD = re.compile(
    rf"\breward\s+(?:of\s+)?\+?({NUM})\s+(?:only\s+)?(?:for|on|when|upon)\s+(?:stepping|moving|arriving|getting)?\s*"
    r"(?:into|in|at|to|reaching|entering|reaches|enters)?\s*(?:the\s+)?(?:state\s+(\d{1,2})\b|(right|left)\s+end\b)",
    re.I,
)
_ASKED = re.compile(
    r"\bQ\s*(?:\*|\^\*|\^\{\*\})\s*\(\s*(?:s\s*=\s*)?(\d{1,2})\s*,\s*(?:a\s*=\s*)?(right|left)\s*\)", re.I
)


def corridor_qstar(question: str) -> Worked | None:
    """A corridor of states lo..hi moved along by left and right, both ends terminal, a reward R > 0 only for
    stepping into one end: Q*(s, a) for each pair asked, as R γ^(k-1) with k the moves to that end on the best
    plan after taking a (0 for a step into the other end), and the greedy action."""
    if not re.search(r"\bcorridor\b|\bchain\b|\bgrid\s*world\b|\bline\b", question, re.I):
        return None
    span = {(int(m[1]), int(m[2])) for m in _STATES.finditer(question)}
    if len(span) != 1:
        return None
    lo, hi = span.pop()
    if not 2 <= hi - lo <= 30:
        return None
    ends = _ENDS.search(question)
    if not ends or (ends[1] and {int(ends[1]), int(ends[2])} != {lo, hi}):
        return None
    rewards = {(to_float(m[1]), m[2], (m[3] or "").lower()) for m in _REWARD.finditer(question)}
    if len(rewards) != 1 or len(re.findall(r"\breward", question, re.I)) != 1:
        return None  # a second reward or a step cost changes every value
    if re.search(
        r"penalt|\bcost\b|per\s+step|each\s+step|every\s+step|slip|stochastic|random(?:ly)?\b", question, re.I
    ):
        return None
    r, state, side = rewards.pop()
    goal = int(state) if state else (hi if side == "right" else lo)
    if goal not in (lo, hi) or not r > 0:
        return None
    gamma = labelled(question, r"gamma|γ|discount(?:\s+factor)?", sep=r"(?:=|of|is|:)?")
    if gamma is None or not 0 < gamma < 1:
        return None
    if re.search(
        r"\bafter\s+(?:one|two|three|\d+|the\s+first)\s+(?:episodes?|updates?|steps?)|\balpha\b|α", question, re.I
    ):
        return None  # the values after some updates, not Q*
    asked = []
    for m in _ASKED.finditer(question):
        pair = (int(m[1]), m[2].lower())
        if pair not in asked:
            asked.append(pair)
    if not asked or any(not lo < s < hi for s, _ in asked):
        return None  # no pair asked, or a terminal or unknown state
    toward = "right" if goal == hi else "left"
    other = lo if goal == hi else hi

    def moves_from(s: int) -> int:  # moves to the goal on the best plan from s
        return abs(goal - s)

    g = fmt(gamma)
    steps = [
        f"moving {toward} is always best: the only reward, {fmt(r)}, comes on the step into state {goal}, and state "
        f"{other} ends the episode with nothing; a reward received on the k-th move from now is worth γ^(k-1) = "
        f"{g}^(k-1) of it now"
    ]
    for s, a in asked:
        nxt = s + (1 if a == "right" else -1)
        name = f"Q*({s}, {a})"
        if nxt == goal:
            steps.append(
                f"{name}: the step lands in terminal state {goal}, so the target is just r = {fmt(r)} with no "
                f"bootstrapping: {name} = {fmt(r)}"
            )
        elif nxt == other:
            steps.append(
                f"{name}: the step lands in terminal state {other} with reward 0 and nothing after: {name} = 0"
            )
        else:
            m = moves_from(nxt)
            k = 1 + m
            v = r * gamma ** (k - 1)
            shown = fmt(v, 6 if v < 1 else 4)
            if a == toward:
                steps.append(
                    f"{name}: to state {nxt}, then {m} more moves {toward}, so the reward comes on move {k}: "
                    f"{fmt(r)} × {g}^{k - 1} = {shown}"
                )
            else:
                after = r * gamma ** (m - 1)
                steps.append(
                    f"{name}: to state {nxt} with reward 0, from which the best plan is {m} moves {toward}: "
                    f"V*({nxt}) = {fmt(r)} × {g}^{m - 1} = {fmt(after, 6 if after < 1 else 4)}, so {name} = 0 + {g} × "
                    f"V*({nxt}) = {fmt(r)} × {g}^{k - 1} = {shown}"
                )
    away = "left" if toward == "right" else "right"
    steps.append(
        f"in every state from {lo + 1} to {hi - 1}, Q*(s, {toward}) > Q*(s, {away}), so {toward} is the greedy "
        "action everywhere"
    )
    note = (
        "Each step away from the reward delays it by one more move and costs another factor of γ, so the values fall "
        "off geometrically with the distance to the rewarding end, as in the reading's five-state corridor."
    )
    return Worked("corridor_qstar", "s3-q-learning", r"The learned values match \$Q\^\*\$", tuple(steps), note)

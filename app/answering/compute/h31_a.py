"""Calculators from the h31 blind review: point-in-time churn features counted from a snapshot date
(c-date-time-features), ARIMA(1,1,0) forecasts with a constant beside the same model without one
(s3-classical-forecasting) and one ALS half-step for a user's factor with the item factors fixed, k = 1
(s5-recommender-systems). Each reads the learner's numbers only when it is sure of them and returns None
otherwise. Pure functions."""

from __future__ import annotations

import re
from datetime import date

from app.answering.compute.parse import NUM, Worked, factor, fmt, to_float

# --- churn features as of a snapshot date (c-date-time-features) ----------------------------------------------

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
    )
}
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# "2025-06-01", "1 June 2025", "June 1, 2025"
_DATE = rf"(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
_DATES = rf"{_DATE}(?:\s*(?:,\s*and|,|and|&)\s*{_DATE})*"


def _day(text: str) -> date | None:
    text = text.strip().lower()
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(rf"(\d{{1,2}})\s+({_MONTH})\s+(\d{{4}})", text):
            return date(int(m[3]), _MONTHS[m[2][:3]], int(m[1]))
        if m := re.fullmatch(rf"({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", text):
            return date(int(m[3]), _MONTHS[m[1][:3]], int(m[2]))
    except ValueError:
        return None
    return None


def _role(question: str, pattern: str, many: bool = False) -> tuple[list[date], list[tuple[int, int]]] | None:
    """The dates written after a role's words, and where they stand; None when the role has two readings."""
    found: list[date] = []
    spans: list[tuple[int, int]] = []
    for m in re.finditer(
        rf"(?:{pattern})\s*(?:date\s*)?(?:of|=|:|is|was|on|at|,)?\s*(?:on\s+)?({_DATES if many else _DATE})",
        question,
        re.I,
    ):
        for d in re.finditer(_DATE, m[1], re.I):
            day = _day(d[0])
            if day is None:
                return None
            found.append(day)
            spans.append((m.start(1) + d.start(), m.start(1) + d.end()))
    return found, spans


def _days(start: date, end: date) -> str:
    n = (end - start).days
    return f"{end} - {start} = {n:,} day{'' if abs(n) == 1 else 's'}"


def snapshot_features(question: str) -> Worked | None:
    """A snapshot date, a signup date and order dates (and the day a script runs): tenure and days since the last
    order counted from the snapshot with only the orders before it, and what a max over all orders and now()
    give instead."""
    if not re.search(r"\bsnapshot\b", question, re.I):
        return None
    snap = _role(question, r"\bsnapshot|\bas of")
    signup = _role(question, r"\bsign(?:ed)?[\s-]?up|\bjoined|\bregistered")
    orders = _role(question, r"\bordered|\borders?\b(?:\s+(?:were|was|placed|dated))?|\bpurchased|\bbought", many=True)
    now = _role(question, r"\btoday|\bnow\b(?:\s*\(\))?|\bruns?\s+(?:it\s+)?on|\brunning\s+it(?:\s+today)?")
    if None in (snap, signup, orders, now):
        return None
    snaps, signups, order_days, nows = (sorted(set(r[0])) for r in (snap, signup, orders, now))  # type: ignore[index]
    if len(snaps) != 1 or len(signups) != 1 or not order_days or len(nows) > 1:
        return None
    # every date written must have exactly one role: an unread date is a number not understood
    spans = {s for r in (snap, signup, orders, now) for s in r[1]}  # type: ignore[index]
    written = {(m.start(), m.end()) for m in re.finditer(_DATE, question, re.I)}
    if written != spans:
        return None
    snapshot, joined = snaps[0], signups[0]
    if joined >= snapshot or any(d < joined for d in order_days):
        return None
    before = [d for d in order_days if d < snapshot]
    after = [d for d in order_days if d >= snapshot]
    steps = [f"tenure_days = {_days(joined, snapshot)}"]
    shown = ", ".join(str(d) for d in before) or "none"
    steps.append(
        f"orders before the snapshot (ts < {snapshot}): {shown} ({len(before)} order{'s' if len(before) != 1 else ''})"
        + (f"; {', '.join(str(d) for d in after)} is on or after the snapshot and is left out" if after else "")
    )
    if before:
        last = before[-1]
        steps.append(f"days_since_last_order = {_days(last, snapshot)}")
    else:
        steps.append("days_since_last_order: no order before the snapshot, so the feature is missing for this row")
    latest = order_days[-1]
    if after:
        steps.append(
            f"max over all orders picks {latest}, after the snapshot: it leaks the future; counted from the snapshot "
            f"it would give {_days(latest, snapshot)}"
        )
    if nows:
        today = nows[0]
        if today < latest:
            return None
        steps.append(
            f"(now() - last_order).days run on {today}: {_days(latest, today)}, a value "
            "that changes with the day the script runs"
        )
    note = (
        "Every duration and recency feature should be counted from the row's snapshot date using only events before "
        "it (filter ts < snapshot, then (snapshot - last).dt.days), because that is what the model can know when it "
        "is used; now() depends on the run date."
    )
    return Worked(
        "snapshot_features",
        "c-date-time-features",
        r"Every duration and recency feature must be measured from the prediction or snapshot date",
        tuple(steps),
        note,
    )


# --- ARIMA(1,1,0) with a constant (s3-classical-forecasting) ---------------------------------------------------

_DY, _NOW, _BEFORE = r"(?:y'|[Δ∇]\s*y)", r"_?[{(]?t[})]?", r"_?[{(]?t\s*-\s*1[})]?"
_WITH_C = re.compile(rf"{_DY}{_NOW}\s*=\s*({NUM})\s*([+-])\s*({NUM})\s*[·*×]?\s*{_DY}{_BEFORE}")
_NO_C = re.compile(rf"{_DY}{_NOW}\s*=\s*([+-]?\s*{NUM})\s*[·*×]?\s*{_DY}{_BEFORE}")


def arima_constant(question: str) -> Worked | None:
    """ARIMA(1,1,0) written with a constant, y'_t = c + phi y'_(t-1), and the last two values: the forecast
    differences and levels, the drift c / (1 - phi) they approach; and, when the question also asks about the
    model without the constant, its forecasts and the level they settle at."""
    if not re.search(r"arima\s*\(\s*1\s*,\s*1\s*,\s*0\s*\)", question, re.I):
        return None
    with_c = {(to_float(m[1]), to_float(m[3]) * (-1 if m[2] == "-" else 1)) for m in _WITH_C.finditer(question)}
    if len(with_c) != 1:
        return None
    c, phi = with_c.pop()
    if c == 0 or not abs(phi) < 1:
        return None
    no_c = {to_float(m[1].replace(" ", "")) for m in _NO_C.finditer(question)}
    if len(no_c) > 1:
        return None
    compare = no_c.pop() if no_c else None
    if compare is None and re.search(r"\b(?:without|no)\s+(?:the\s+|a\s+)?constant", question, re.I):
        compare = phi
    ys = re.findall(rf"\by_?\{{?(\d+)\}}?\s*=\s*({NUM})", question)
    last = [
        m
        for m in re.finditer(
            rf"\blast two (?:values|observations|points|weeks|days|months)\D{{0,12}}?({NUM})"
            rf"\s*(?:,|and|then|,\s*then)\s*({NUM})(?![\d,])",
            question,
            re.I,
        )
    ]
    if ys and last or len(last) > 1:
        return None
    if last:
        a, b, names = to_float(last[0][1]), to_float(last[0][2]), None
    else:
        if len(ys) != 2:
            return None
        (t1, a), (t2, b) = sorted((int(t), to_float(v)) for t, v in ys)
        if t2 != t1 + 1:
            return None
        names = t2
    ahead = re.search(
        r"next\s+(\d+|two|three|four|five|six)\s+(?:steps|values|periods|points|weeks|days|months)", question, re.I
    )
    words = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
    horizon = (words.get(ahead[1].lower()) or int(ahead[1])) if ahead else 3
    horizon = max(1, min(horizon, 6))

    def when(i: int) -> str:
        return f"t = {names + i}" if names else f"step {i}"

    diff = b - a
    steps = [f"last difference: {fmt(b)} - {fmt(a)} = {fmt(diff)}"]
    d, level = diff, b
    for i in range(1, horizon + 1):
        nxt = c + phi * d
        level += nxt
        steps.append(
            f"with the constant, {when(i)}: difference {fmt(c)} + {fmt(phi)} × {factor(d)} = {fmt(nxt)}, "
            f"forecast {fmt(level)}"
        )
        d = nxt
    drift = c / (1 - phi)
    steps.append(
        f"long run with the constant: the differences approach c / (1 - phi) = {fmt(c)} / {fmt(1 - phi)} = "
        f"{fmt(drift)}, so the forecast becomes a straight line changing by about {fmt(drift)} per step (drift)"
    )
    if compare is not None:
        if not abs(compare) < 1:
            return None
        d, level = diff, b
        shown = []
        for _ in range(horizon):
            d = compare * d
            level += d
            shown.append((d, level))
        steps.append(
            f"without the constant (phi = {fmt(compare)}): differences "
            + ", ".join(fmt(x) for x, _ in shown)
            + ", forecasts "
            + ", ".join(fmt(y) for _, y in shown)
        )
        limit = b + diff * compare / (1 - compare)
        steps.append(
            f"long run without the constant: the differences shrink to 0 and the forecast levels off at {fmt(b)} + "
            f"{factor(diff)} × {factor(compare)} / (1 - {factor(compare)}) = {fmt(limit)}"
        )
    note = (
        "With d = 1, a constant makes the long-range forecast a straight line (drift), while without one it settles "
        "at a fixed level; in both cases the prediction intervals keep widening with the horizon."
    )
    return Worked(
        "arima_constant",
        "s3-classical-forecasting",
        r"a straight line when d = 1 with a constant",
        tuple(steps),
        note,
    )


# --- one ALS half-step for a user factor, k = 1 (s5-recommender-systems) ----------------------------------------

_LAMBDA = re.compile(rf"(?:λ|lambda|\breg(?:ularization)?(?:\s+strength)?)\s*(?:of|=|:|is)?\s*({NUM})", re.I)


def als_user_step(question: str) -> Worked | None:
    """One user's ratings, fixed scalar item factors (k = 1, no biases) and lambda: p_u = sum(q_i r_ui) /
    (sum(q_i^2) + lambda), its predictions for rated and unrated items, and p_u without the penalty when asked."""
    if not re.search(r"\bALS\b|alternating least squares", question, re.I):
        return None
    if re.search(r"\bk\s*=\s*(?!1\b)\d", question) or re.search(
        r"n_u|ALS-WR|weighted[\s-]+(?:λ|lambda)", question, re.I
    ):
        return None
    if re.search(r"\bbias", question, re.I) and not re.search(r"\bno\s+(?:user\s+or\s+item\s+)?bias", question, re.I):
        return None
    if re.search(r"(?:λ|lambda)\s*/\s*2|\b1\s*/\s*2\b|½|per rating|for each rating|each rating's", question, re.I):
        return None  # a halved penalty, or one counted per rating: another closed form
    if "[" in question:
        return None  # factor vectors: k > 1
    qs: dict[str, float] = {}
    for m in re.finditer(rf"\bq_?\{{?([A-Za-z0-9]\w{{0,5}})\}}?\s*=\s*({NUM})(?!\d|\.\d|\s*,\s*{NUM})", question):
        if m[1] in qs and qs[m[1]] != to_float(m[2]):
            return None
        qs[m[1]] = to_float(m[2])
    rated = re.search(
        rf"\b(?:rated|ratings?(?:\s+(?:are|were|of))?|gave)\s*:?\s*((?:[A-Za-z]\w{{0,5}}\s*[=:]\s*{NUM}(?:\s*(?:,\s*and|,|and)\s*)?)+)",
        question,
    )
    if not qs and not rated:
        return _als_users(question)
    if not rated or len(qs) < 2:
        return None
    ratings: dict[str, float] = {}
    for name, value in re.findall(rf"([A-Za-z]\w{{0,5}})\s*[=:]\s*({NUM})", rated[1]):
        if name in ratings or name not in qs:
            return None
        ratings[name] = to_float(value)
    if len(ratings) < 2:
        return None
    lambdas = {to_float(m) for m in _LAMBDA.findall(question)}
    nonzero = {x for x in lambdas if x != 0}
    if len(nonzero) != 1 or len(lambdas - nonzero - {0.0}) or min(lambdas) < 0:
        return None
    lam = nonzero.pop()
    also_zero = 0.0 in lambdas
    names = list(ratings)
    sxy = sum(qs[n] * ratings[n] for n in names)
    sxx = sum(qs[n] ** 2 for n in names)
    p = sxy / (sxx + lam)
    steps = [
        "with the item factors fixed, p_u solves a one-factor ridge regression: p_u = Σ q_i r_ui / (Σ q_i² + λ)",
        "Σ q_i r_ui = " + " + ".join(f"{factor(qs[n])} × {factor(ratings[n])}" for n in names) + f" = {fmt(sxy)}",
        "Σ q_i² = " + " + ".join(f"{factor(qs[n])}²" for n in names) + f" = {fmt(sxx)}",
        f"p_u = {fmt(sxy)} / ({fmt(sxx)} + {fmt(lam)}) = {fmt(sxy)} / {fmt(sxx + lam)} = {fmt(p)}",
        "predictions p_u × q_i: " + ", ".join(f"{n} {fmt(p)} × {factor(qs[n])} = {fmt(p * qs[n])}" for n in names),
    ]
    unrated = [n for n in qs if n not in ratings]
    if unrated:
        steps.append("unrated: " + ", ".join(f"{n} {fmt(p)} × {factor(qs[n])} = {fmt(p * qs[n])}" for n in unrated))
    if also_zero:
        if not sxx:
            return None
        steps.append(
            f"with λ = 0: p_u = {fmt(sxy)} / {fmt(sxx)} = {fmt(sxy / sxx)}, so the penalty shrinks p_u toward 0"
        )
    note = (
        "This is half of an ALS step: the next half fixes the user factors and solves each item factor the same way, "
        "and because each user (or item) is solved on its own, every half-step parallelizes."
    )
    return Worked(
        "als_user_step",
        "s5-recommender-systems",
        r"with Q fixed, each \$p_u\$ is a small ridge regression",
        tuple(steps),
        note,
    )


_COUNT_WORDS = {"a single": 1, "one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_COUNT_WORDS |= {"eight": 8, "nine": 9, "ten": 10, "twenty": 20}
_USER_RATED = re.compile(
    r"\buser\s+([A-Za-z0-9]\w{0,5})\s+(?:has\s+)?(?:rated|rates)\s+(?:only\s+|just\s+)?"
    r"(a single|one|two|three|four|five|six|seven|eight|nine|ten|twenty|a|\d+)\s+items?\b",
    re.I,
)


def _als_users(question: str) -> Worked | None:
    """Users described by how many items they rated, each with one factor q and one rating ("user A rated a single
    item (q = 1.5) with 5 stars; user B rated ten items, every one with q = 1.5 and 5 stars"): each user's p_u =
    n q r / (n q² + λ), its prediction p_u q, and the same without the penalty when λ = 0 is asked too."""
    found = list(_USER_RATED.finditer(question))
    if len(found) < 1 or len({m[1] for m in found}) != len(found):
        return None
    users = []
    for j, m in enumerate(found):
        end = found[j + 1].start() if j + 1 < len(found) else len(question)
        segment = question[m.end() : end]
        segment = re.split(r"(?<!\d)[.?!](?!\d)", segment)[0]  # this user's sentence only
        count = _COUNT_WORDS.get(m[2].lower()) or int(m[2])
        qs = set(re.findall(rf"\bq(?:_i)?\s*=\s*({NUM})", segment))
        stars = set(re.findall(rf"({NUM})\s*(?:stars?|-star)", segment, re.I))
        stars |= set(re.findall(rf"\brat(?:ing|ed)s?\s*(?:of|=|:)?\s*({NUM})", segment, re.I))
        if len(qs) != 1 or len(stars) != 1 or count < 1:
            return None
        if count > 1 and not re.search(r"\b(?:every|each|all)\b", segment, re.I):
            return None  # several items: the one q and rating must be said to hold for each
        users.append((m[1], count, to_float(qs.pop()), to_float(stars.pop())))
    lambdas = {to_float(x) for x in _LAMBDA.findall(question)}
    nonzero = {x for x in lambdas if x != 0}
    if len(nonzero) != 1 or min(lambdas) < 0:
        return None
    lam = nonzero.pop()
    also_zero = 0.0 in lambdas
    steps = ["with the item factors fixed, p_u solves a one-factor ridge regression: p_u = Σ q_i r_ui / (Σ q_i² + λ)"]
    for name, n, q, r in users:
        sxy, sxx = n * q * r, n * q * q
        if not sxx:
            return None
        p = sxy / (sxx + lam)
        sums = f"{fmt(q)} × {fmt(r)}" if n == 1 else f"{n} × {fmt(q)} × {fmt(r)}"
        squares = f"{fmt(q)}²" if n == 1 else f"{n} × {fmt(q)}²"
        item = "1 item" if n == 1 else f"{n} items"
        line = (
            f"user {name} ({item}, q = {fmt(q)}, rating {fmt(r)}), λ = {fmt(lam)}: p = {sums} / ({squares} + "
            f"{fmt(lam)}) = {fmt(sxy)} / {fmt(sxx + lam)} = {fmt(p)}; predicts {fmt(p)} × {factor(q)} = {fmt(p * q)}"
        )
        steps.append(line)
        if also_zero:
            steps.append(
                f"user {name}, λ = 0: p = {fmt(sxy)} / {fmt(sxx)} = {fmt(sxy / sxx)}; predicts "
                f"{fmt(sxy / sxx)} × {factor(q)} = {fmt(sxy / sxx * q)}"
            )
    note = (
        "λ is added once per user however many ratings they have, so it shrinks the factor of a user with few ratings "
        "much more than one with many; without it, a single rating is reproduced exactly, i.e. memorized."
    )
    return Worked(
        "als_user_step",
        "s5-recommender-systems",
        r"with Q fixed, each \$p_u\$ is a small ridge regression",
        tuple(steps),
        note,
    )

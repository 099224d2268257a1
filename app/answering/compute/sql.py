"""SQL window functions on the learner's own rows (c-sql-window-functions): ranking functions on a list
of scores with ties, and a running SUM ordered by a column with ties (the default RANGE frame) against
one ordered by a unique key."""

from __future__ import annotations

import re
from datetime import date

from app.answering.compute.parse import NUM, Worked, fmt, to_float

_RANKING = re.compile(r"\b(ROW_NUMBER|DENSE_RANK|RANK)\b", re.I)
_SCORES = re.compile(
    rf"(?:scores?|values?|points|marks|grades)\s*(?:of|are|were|=|:)?\s*((?:{NUM})(?:\s*,\s*(?:and\s+)?{NUM}){{2,}})",
    re.I,
)
_LIST = re.compile(rf"((?:{NUM})(?:\s*,\s*(?:and\s+)?{NUM}){{2,}})")
_ROW = re.compile(rf"\(\s*(\d+)\s*,\s*([^,()]{{1,20}}?)\s*,\s*\$?({NUM})\s*\)")


def _ranks(values: list[float]) -> tuple[list[int], list[int], list[int]]:
    """ROW_NUMBER, RANK and DENSE_RANK of values already in the order asked (ties keep listed order)."""
    rows, ranks, dense = [], [], []
    for i, v in enumerate(values):
        rows.append(i + 1)
        if i and v == values[i - 1]:
            ranks.append(ranks[-1])
            dense.append(dense[-1])
        else:
            ranks.append(i + 1)
            dense.append((dense[-1] + 1) if dense else 1)
    return rows, ranks, dense


def _rank_steps(question: str) -> list[str]:
    m = _SCORES.search(question) or (None if _ROW.search(question) else _LIST.search(question))
    if not m:
        return []
    values = [to_float(v) for v in re.findall(NUM, m[1])]
    if len(values) > 12 or len(set(values)) == len(values):
        return []  # without a tie the three functions agree: nothing to show
    desc = re.search(r"\bdesc|descending|highest first|largest first", question, re.I)
    asc = re.search(r"\basc\b|ascending|lowest first|smallest first", question, re.I)
    if bool(desc) == bool(asc):
        return []  # which way the scores are ordered is not said (or both are)
    ordered = sorted(values, reverse=bool(desc))
    rows, ranks, dense = _ranks(ordered)
    shown = ", ".join(fmt(v) for v in ordered)
    way = "descending" if desc else "ascending"
    return [
        f"scores ordered {way}: {shown}",
        f"ROW_NUMBER: {', '.join(map(str, rows))} (tied rows still get different numbers, in an arbitrary order)",
        f"RANK: {', '.join(map(str, ranks))} (ties share a rank and the next rank skips the tied places)",
        f"DENSE_RANK: {', '.join(map(str, dense))} (ties share a rank and the next rank follows without a gap)",
    ]


def _running_steps(question: str) -> list[str]:
    if not re.search(r"\bSUM\s*\(", question, re.I) or not re.search(r"ORDER\s+BY", question, re.I):
        return []
    rows = [(int(i), key.strip(), to_float(v)) for i, key, v in _ROW.findall(question)]
    if len(rows) < 3 or len({r[0] for r in rows}) != len(rows):
        return []
    keys = [r[1] for r in rows]
    order = list(dict.fromkeys(keys))
    if keys != sorted(keys, key=order.index) or len(order) == len(keys):
        return []  # a day's rows not listed together (their order is unknown), or no tie to show
    ids = [r[0] for r in rows]
    if ids != sorted(ids):
        return []
    by_key: dict[str, float] = {}
    running = 0.0
    for _, key, v in rows:
        by_key[key] = by_key.get(key, 0.0) + v
    seen = 0.0
    for key in order:
        seen += by_key[key]
        by_key[key] = seen
    totals = [by_key[key] for _, key, _ in rows]
    steps = [
        "ORDER BY the day alone, default frame RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW: rows tied on "
        "the day are all in the frame, so they share one total: "
        + ", ".join(f"row {i} ({key}) {fmt(t)}" for (i, key, _), t in zip(rows, totals, strict=True))
    ]
    parts = []
    for i, _, v in rows:
        running += v
        parts.append(f"row {i} {fmt(running)}")
    steps.append("ORDER BY day, id (a unique order, so each total stops at its own row): " + ", ".join(parts))
    if re.search(r"1\s+PRECEDING|previous rows?|earlier rows?|before the (?:current|row)", question, re.I):
        before, parts = 0.0, []
        for i, _, v in rows:
            parts.append(f"row {i} {fmt(before) if before else 'NULL (no earlier row)'}")
            before += v
        steps.append("ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING (the current row left out): " + ", ".join(parts))
    return steps


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAY_VALUE = re.compile(rf"\b({'|'.join(_MONTHS)})[a-z]*\.?\s+(\d{{1,2}})\s*\(\s*({NUM})\s*\)", re.I)
_ROWS_FRAME = re.compile(r"ROWS\s+BETWEEN\s+(\d+)\s+PRECEDING\s+AND\s+CURRENT\s+ROW", re.I)


def _rows_as_days(question: str) -> list[str]:
    """'ROWS BETWEEN 6 PRECEDING AND CURRENT ROW' over rows only for active days ("Mar 1 (3), Mar 2 (1), Mar 5
    (2), ..."): the sum the ROWS frame gives on the last row against the sum over the last n + 1 calendar days."""
    frame = _ROWS_FRAME.search(question)
    rows = _DAY_VALUE.findall(question)
    if not frame or len(rows) < 3:
        return []
    days = [date(2023, _MONTHS.index(m[:3].lower()) + 1, int(d)) for m, d, _ in rows]
    if days != sorted(days) or len(set(days)) != len(days):
        return []  # one row per active day, in order
    values = [to_float(v) for _, _, v in rows]
    n = int(frame[1])
    last, label = days[-1], f"{rows[-1][0]} {rows[-1][1]}"
    window = values[-(n + 1) :]
    first = rows[-len(window)]
    kept = [(f"{m} {d}", v) for (m, d, _), day, v in zip(rows, days, values, strict=True) if (last - day).days <= n]
    span = (last - days[-len(window)]).days + 1
    return [
        f"ROWS BETWEEN {n} PRECEDING AND CURRENT ROW on the {label} row: the {len(window)} rows from "
        f"{first[0]} {first[1]} to {label}, {' + '.join(fmt(v) for v in window)} = {fmt(sum(window))}, spanning "
        f"{span} calendar days",
        f"the last {n + 1} calendar days up to {label} hold only "
        + (f"{', '.join(k for k, _ in kept)}: {' + '.join(fmt(v) for _, v in kept)} = {fmt(sum(v for _, v in kept))}"),
    ]


def window_functions(question: str) -> Worked | None:
    """Ranking functions on the learner's scores and running sums on their rows; nothing without a tie,
    an order direction for the ranks, or rows listed by day."""
    if not (
        _RANKING.search(question)
        or _ROWS_FRAME.search(question)
        or re.search(r"\bOVER\s*\(|window function", question, re.I)
    ):
        return None
    days = _rows_as_days(question)
    if days:  # rows only for active days: ROWS counts rows, not days
        note = (
            "ROWS counts rows, not time: with rows only for active days, a frame of n + 1 rows can reach back weeks. "
            "Build one row per calendar day first, with zero for a day without activity, and the frame of "
            "n + 1 rows is then n + 1 days."
        )
        return Worked("window_functions", "c-sql-window-functions", r"covers seven days", tuple(days), note)
    steps = _running_steps(question) + (_rank_steps(question) if _RANKING.search(question) else [])
    if not steps:
        return None
    note = (
        "Ordering by the day alone leaves tied rows in an unspecified order; adding a unique column such as the "
        "id makes the running total, and ROW_NUMBER, repeatable."
    )
    return Worked("window_functions", "c-sql-window-functions", r"RANGE BETWEEN|ROW_NUMBER", tuple(steps), note)

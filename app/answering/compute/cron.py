"""A standard 5-field cron expression read field by field (s4-pipeline-automation): minute, hour, day of
month, month and day of week, with ranges, lists, steps and names, then said in one sentence; and the
Airflow presets (@daily, @hourly, ...) the question names, as their cron equivalent."""

from __future__ import annotations

import re

from app.answering.compute.parse import Worked

_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_DAY_NAMES = {d[:3].upper(): i for i, d in enumerate(_DAYS)}
_MONTH_NAMES = {m[:3].upper(): i + 1 for i, m in enumerate(_MONTHS)}
_NAMES = "|".join([*_DAY_NAMES, *_MONTH_NAMES])

# name, lowest, highest, the names it accepts
_FIELDS = (
    ("minute", 0, 59, {}),
    ("hour", 0, 23, {}),
    ("day of month", 1, 31, {}),
    ("month", 1, 12, _MONTH_NAMES),
    ("day of week", 0, 7, _DAY_NAMES),
)
# a token that may belong to a cron-like run, Quartz's "?", "L", "W" and "#" included (so that a 6- or
# 7-field Quartz expression is one run too long, never a 5-field one)
_CRONISH = re.compile(rf"(?:[0-9*?/,#LW-]|{_NAMES})+", re.I)
_ELEMENT = re.compile(rf"(\*|\d+|{_NAMES})(?:-(\d+|{_NAMES}))?(?:/(\d+))?", re.I)
_CONTEXT = re.compile(r"\b(?:cron\w*|crontab|schedul\w*|airflow|dags?|jobs?|workflows?|pipelines?)\b|@\w+ly\b", re.I)
_STRONG_CONTEXT = re.compile(r"\bcron(?:tab)?\b", re.I)
_PRESETS = {
    "@hourly": ("0 * * * *", "minute 0 of every hour"),
    "@daily": ("0 0 * * *", "midnight (00:00) every day"),
    "@weekly": ("0 0 * * 0", "midnight (00:00) every Sunday"),
    "@monthly": ("0 0 1 * *", "midnight (00:00) on day 1 of every month"),
    "@yearly": ("0 0 1 1 *", "midnight (00:00) on 1 January"),
    "@annually": ("0 0 1 1 *", "midnight (00:00) on 1 January"),
}


def _cronish(token: str) -> bool:
    """Could the token be a cron field? A bare lowercase word ("may", "sat") is read as a word."""
    if token.isalpha():
        return (
            token in ("L", "W")
            or (token.upper() in _DAY_NAMES or token.upper() in _MONTH_NAMES)
            and (not token.islower() or token.upper() in _DAY_NAMES and token not in ("sat", "sun"))
        )
    return bool(_CRONISH.fullmatch(token) and re.search(rf"[0-9*?]|{_NAMES}", token, re.I))


def _runs(question: str) -> list[tuple[list[str], bool]]:
    """Runs of consecutive cron-like tokens, each with whether it was written inside quotes or backticks;
    quotes, brackets and sentence punctuation end a run."""
    runs: list[tuple[list[str], bool]] = []
    for i, segment in enumerate(re.split(r"[`'\"]", question)):
        quoted = i % 2 == 1
        run: list[str] = []
        for token in segment.split():
            core = token.lstrip("([{")
            if core != token and run:
                runs.append((run, quoted))
                run = []
            end = core if core == "?" else core.rstrip(".,;:!?)]}")
            if _cronish(end):
                run.append(end)
                if end != core:
                    runs.append((run, quoted))
                    run = []
            elif run:
                runs.append((run, quoted))
                run = []
        if run:
            runs.append((run, quoted))
    return runs


def _value(text: str, names: dict[str, int]) -> int:
    return names[text.upper()] if text.upper() in names else int(text)


def _parse(raw: str, low: int, high: int, names: dict[str, int]) -> list[tuple[int, int, int, str]] | None:
    """A field's elements as (first, last, step, form); None when any is malformed or out of range."""
    elements = []
    for part in raw.split(","):
        m = _ELEMENT.fullmatch(part)
        if not m:
            return None
        start, end, step = m[1], m[2], m[3]
        if start == "*":
            if end:
                return None
            first, last, form = low, high, "every"
        else:
            if (start.isalpha() or (end and end.isalpha())) and not names:
                return None
            try:
                first = _value(start, names)
                last = _value(end, names) if end else first
            except (KeyError, ValueError):
                return None
            if step and not end:
                return None  # "5/15" means different things in different crons
            form = "range" if end else "single"
        if not (low <= first <= last <= high):
            return None
        n = int(step) if step else 1
        if n < 1 or (step and n > last - first):
            return None  # a step of 0, or one that never fires twice
        elements.append((first, last, n, "step" if step else form))
    return elements


def _values(elements: list[tuple[int, int, int, str]], dow: bool = False) -> list[int]:
    found = set()
    for first, last, step, _ in elements:
        found.update(v % 7 if dow else v for v in range(first, last + 1, step))
    return sorted(found)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _numbers(values: list[int]) -> str:
    shown = [str(v) for v in values]
    return _join(shown) if len(shown) <= 8 else ", ".join(shown[:3]) + ", ..., " + shown[-1]


def _label(field: str, v: int) -> str:
    if field == "month":
        return _MONTHS[v - 1]
    if field == "day of week":
        return _DAYS[v % 7]
    return str(v)


_UNIT = {"minute": "minute", "hour": "hour", "day of month": "day", "month": "month", "day of week": "day"}


def _element_words(field: str, element: tuple[int, int, int, str], dow: bool) -> str:
    first, last, step, form = element
    named = field in ("month", "day of week")
    prefix = "" if named else _UNIT[field] + ("s " if form != "single" else " ")
    if form == "single":
        return prefix + _label(field, first)
    if form == "range":
        return f"{prefix}{_label(field, first)} to {_label(field, last)}"
    values = _values([element], dow)
    listed = _join([_label(field, v) for v in values]) if named else _numbers(values)
    span = (
        ""
        if (first, last) == (_FIELDS_BY_NAME[field][1], _FIELDS_BY_NAME[field][2])
        else (f" from {_label(field, first)} to {_label(field, last)}")
    )
    return f"every {step} {_UNIT[field]}s{span} ({prefix}{listed})"


_FIELDS_BY_NAME = {f[0]: f for f in _FIELDS}


def _field_words(field: str, raw: str, elements: list[tuple[int, int, int, str]]) -> str:
    if raw == "*":
        return {
            "minute": "every minute",
            "hour": "every hour",
            "day of month": "every day of the month",
            "month": "every month",
            "day of week": "every day of the week",
        }[field]
    dow = field == "day of week"
    if field not in ("month", "day of week") and len(elements) > 1 and all(e[3] == "single" for e in elements):
        return f"{_UNIT[field]}s {_join([str(e[0]) for e in elements])}"
    text = _join([_element_words(field, e, dow) for e in elements])
    if dow and re.search(r"\b[07]\b", raw):
        text += " (0 and 7 are both Sunday)"
    return text


def _days_phrase(field: str, raw: str, elements: list[tuple[int, int, int, str]]) -> str:
    """The days of a restricted day-of-month or day-of-week field, as said in the sentence."""
    dow = field == "day of week"
    if dow:
        if len(elements) == 1 and elements[0][3] == "range":
            return _element_words(field, elements[0], dow)
        return "every " + _join([_DAYS[v] for v in _values(elements, dow)])
    values = _values(elements)
    if len(elements) == 1 and elements[0][3] == "range":
        return f"on days {values[0]} to {values[-1]} of the month"
    return f"on day{'s' if len(values) > 1 else ''} {_numbers(values)} of the month"


def _time_phrase(fields: dict[str, tuple[str, list]]) -> str:
    (m_raw, m_el), (h_raw, h_el) = fields["minute"], fields["hour"]
    minutes, hours = _values(m_el), _values(h_el)
    every_n = m_el[0][2] if len(m_el) == 1 and m_el[0][3] == "step" and m_el[0][:2] == (0, 59) else None
    if every_n and 60 % every_n == 0:
        minute_part = f"every {every_n} minutes"
    elif m_raw == "*":
        minute_part = "every minute"
    else:
        minute_part = f"at minute{'s' if len(minutes) > 1 else ''} {_numbers(minutes)}"
    if h_raw == "*":
        return minute_part if minute_part.startswith("every") else minute_part + " of every hour"
    if m_raw != "*" and len(minutes) * len(hours) <= 6:
        return "at " + _join([f"{h:02d}:{m:02d}" for h in hours for m in minutes])
    of = " during" if minute_part.startswith("every") else " of"
    if len(h_el) == 1 and h_el[0][3] == "range":
        window = f"{hours[0]:02d}:{minutes[0]:02d} to {hours[-1]:02d}:{minutes[-1]:02d}"
        return f"{minute_part}{of} hours {hours[0]} to {hours[-1]} ({window})"
    return f"{minute_part}{of} hour{'s' if len(hours) > 1 else ''} {_numbers(hours)}"


def _expression(question: str) -> tuple[str, ...] | None:
    """The one 5-field cron expression the question gives; None for none, several, or a longer run."""
    found = set()
    for tokens, quoted in _runs(question):
        if len(tokens) < 5:
            continue
        if len(tokens) > 5:
            return None  # a 6- or 7-field (Quartz) expression, or numbers that are not a schedule
        if not any("*" in t or re.search(_NAMES, t, re.I) for t in tokens):
            continue  # five plain numbers: a version, a date, a list of values
        if not (quoted or _CONTEXT.search(question)):
            continue
        if re.fullmatch(r"\d+ \* \d+ \* \d+", " ".join(tokens)) and not (quoted and _STRONG_CONTEXT.search(question)):
            continue  # "2 * 3 * 4" is arithmetic unless quoted in a question about cron
        found.add(tuple(tokens))
    return found.pop() if len(found) == 1 else None


def cron_schedule(question: str) -> Worked | None:
    """A standard 5-field cron expression (`30 4 * * 1-5`) read field by field and said in one sentence
    ("at 04:30, Monday to Friday"), with the Airflow presets the question names as cron expressions."""
    tokens = _expression(question)
    if tokens is None:
        return None
    fields: dict[str, tuple[str, list]] = {}
    for (name, low, high, names), raw in zip(_FIELDS, tokens, strict=True):
        elements = _parse(raw, low, high, names)
        if elements is None:
            return None
        fields[name] = (raw, elements)
    dom_raw, dom_el = fields["day of month"]
    dow_raw, dow_el = fields["day of week"]
    dom_set, dow_set = dom_raw != "*", dow_raw != "*"
    if dom_set and dow_set and (dom_raw.startswith("*") or dow_raw.startswith("*")):
        return None  # "*/2" beside a restricted day field: crons disagree on whether it restricts
    if dom_set and dow_set and len(_values(dow_el, True)) == 7:
        return None
    if dom_set and not dow_set:
        longest = max({2: 29, 4: 30, 6: 30, 9: 30, 11: 30}.get(m, 31) for m in _values(fields["month"][1]))
        if min(_values(dom_el)) > longest:
            return None  # "30 2" (30 February) never comes

    steps = [
        f"the five fields are minute, hour, day of month, month and day of week: `{' '.join(tokens)}`",
        *(f"{name} `{raw}`: {_field_words(name, raw, el)}" for name, (raw, el) in fields.items()),
    ]
    if dom_set and dow_set:
        days = (
            f"{_days_phrase('day of month', dom_raw, dom_el)} or {_days_phrase('day of week', dow_raw, dow_el)}"
            " (either one is enough)"
        )
        steps.append(
            "both day of month and day of week are restricted, so standard cron runs on a day that matches "
            "EITHER of them (OR), not only on days that match both"
        )
    elif dom_set:
        days = _days_phrase("day of month", dom_raw, dom_el)
    elif dow_set:
        days = _days_phrase("day of week", dow_raw, dow_el)
    else:
        days = "every day"
    month_raw, month_el = fields["month"]
    months = "" if month_raw == "*" else ", in " + _join([_element_words("month", e, False) for e in month_el])
    steps.append(f"in one sentence: {_time_phrase(fields)}, {days}{months}")

    for preset in dict.fromkeys(p.lower() for p in re.findall(r"@\w+\b", question)):
        if preset in _PRESETS:
            cron, words = _PRESETS[preset]
            steps.append(f"{preset} = `{cron}`: {words}")
    if re.search(r"airflow|\bdags?\b|time ?zone|\butc\b|@\w+ly\b", question, re.I):
        steps.append("in Airflow these times are in the DAG's timezone, which is UTC unless set otherwise")
    note = (
        "Read the fields left to right as minute, hour, day of month, month, day of week; `*` means every value, "
        "`a-b` a range, `a,b` a list and `/n` every n-th value of the range."
    )
    cue = r"\*\*Cron fields\*\*: the five fields"
    return Worked("cron_schedule", "s4-pipeline-automation", cue, tuple(steps), note)

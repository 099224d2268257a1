"""Calculators for how big things are: a rating matrix dense and factorized, and a conversation
against a model's context window. Each reads the learner's numbers only when it is sure of them and
returns None otherwise. Pure functions."""

from __future__ import annotations

import re

from app.answering.compute.parse import NUM, Worked, fmt, labelled, pct, to_float

_COUNT = r"(\d[\d,]*(?:\.\d+)?)\s*(million|thousand|k|m)?"
_SCALE = {"million": 1e6, "m": 1e6, "thousand": 1e3, "k": 1e3}


def _count(m: re.Match | None) -> float | None:
    return to_float(m[1]) * _SCALE.get((m[2] or "").lower(), 1) if m else None


def mf_size(question: str) -> Worked | None:
    """Users, items and observed ratings, and a factor size k: the matrix's density, the dense matrix's
    memory (float32, or float64 if named), and matrix factorization's parameters against its cells."""
    if not re.search(r"matrix factori[sz]ation|\bsparse|sparsity|dense", question, re.I):
        return None
    users = _count(re.search(rf"{_COUNT}\s+users\b", question, re.I))
    items = _count(re.search(rf"{_COUNT}\s+(?:items|movies|products|songs|books)\b", question, re.I))
    ratings = _count(re.search(rf"{_COUNT}\s+(?:observed\s+)?(?:ratings|interactions|clicks|plays)\b", question, re.I))
    k = labelled(question, r"\bk", sep=r"=")
    if not users or not items or not ratings or ratings > users * items:
        return None
    cells = users * items
    width = 8 if re.search(r"float64|double", question, re.I) else 4
    steps = [
        f"cells: {fmt(users)} users × {fmt(items)} items = {fmt(cells)}",
        f"density: {fmt(ratings)} / {fmt(cells)} = {pct(ratings / cells)} observed, so {pct(1 - ratings / cells)} "
        f"of the cells are unknown",
        f"dense matrix at {width} bytes a cell ({'float64' if width == 8 else 'float32'}): {fmt(cells)} × {width} = "
        f"{fmt(cells * width / 1e9, 2)} GB; the observed ratings alone as (user, item, rating) triples: "
        f"{fmt(ratings)} rows",
    ]
    note = ""
    if k and k == int(k) and k > 0:
        factors = (users + items) * k
        biases = users + items if re.search(r"bias", question, re.I) else 0
        total = factors + biases
        bias_text = f" + biases {fmt(users)} + {fmt(items)} = {fmt(biases)}" if biases else ""
        steps.append(
            f"matrix factorization with k = {fmt(k)}: user factors {fmt(users)} × {fmt(k)} = {fmt(users * k)}, "
            f"item factors {fmt(items)} × {fmt(k)} = {fmt(items * k)}{bias_text}; total {fmt(total)}"
        )
        steps.append(f"parameters against cells: {fmt(total)} / {fmt(cells)} = {pct(total / cells)}")
        note = (
            f"The factorization has about {fmt(cells / total, 0)} times fewer numbers than the matrix has cells, and "
            "it is fitted only on the observed ratings, so the unknown cells are never stored."
        )
    return Worked("mf_size", "s5-recommender-systems", r"Matrix factorization approximates R", tuple(steps), note)


def context_budget(question: str) -> Worked | None:
    """A context window in tokens, a conversation in words and the tokenizer's tokens per word, with the
    system prompt and the reply's reserve: the tokens needed against the window."""
    if not re.search(r"context(?: window| length)?", question, re.I) or not re.search(r"words?\b", question, re.I):
        return None
    window = re.search(
        rf"({NUM})[- ](?:token\s+)?context(?: window| length)?|context (?:window|length) (?:of|is)\s+({NUM})",
        question,
        re.I,
    )
    rate = re.search(rf"({NUM})\s+tokens?\s+(?:per|a|each|/)\s*word", question, re.I)
    words = re.findall(rf"~?\s*({NUM})\s+words\b", question, re.I)
    system = re.search(rf"system prompt\D{{0,20}}({NUM})\s+tokens|({NUM})[- ]token system prompt", question, re.I)
    reply = re.search(
        rf"({NUM})\s+tokens\s+for\s+the\s+(?:reply|answer|output|response)|(?:reply|answer|output)\D{{0,20}}({NUM})\s+tokens",
        question,
        re.I,
    )
    if not window or not rate:
        return None
    size = to_float(window[1] or window[2])
    per_word = to_float(rate[1])
    sizes = [to_float(w) for w in words if to_float(w) != size]
    if not sizes or not 0.5 <= per_word <= 5:
        return None
    longest = max(sizes)
    history = longest * per_word
    # in the order they fill the window: system prompt, conversation, the reply's reserve
    budget = [
        (label, value)
        for label, value in (
            ("system prompt", to_float(system[1] or system[2]) if system else None),
            ("conversation", history),
            ("reply reserve", to_float(reply[1] or reply[2]) if reply else None),
        )
        if value is not None
    ]
    total = sum(value for _, value in budget)
    parts = " + ".join(f"{fmt(value)} ({label})" for label, value in budget)
    steps = [
        f"the window counts tokens, not words: {fmt(longest)} words × {fmt(per_word)} tokens per word = "
        f"{fmt(history)} tokens",
        f"needed: {parts} = {fmt(total)} tokens against a window of {fmt(size)}",
        f"{'over' if total > size else 'under'} by {fmt(abs(total - size))} tokens",
    ]
    note = (
        "Over the window, something is cut: unless the history is trimmed or summarised on purpose, the earliest "
        "turns are dropped silently, and the first message is the first to go."
        if total > size
        else ""
    )
    return Worked("context_budget", "s5-nlp-language-models", r"\*\*Context window\*\*", tuple(steps), note)


# --- how big a table is against a machine's memory (s1-large-datasets) ---------------------------

_ROWS_BYTES = re.compile(
    rf"{_COUNT}\s+rows\b[^.;?]{{0,30}}?\b(?:at|of)\s+(?:about\s+|roughly\s+|around\s+|~\s*)?({NUM})\s+bytes\s+"
    r"(?:each\b|(?:per|a|each)\s+row)",
    re.I,
)


def _gb(size: float) -> str:
    return f"{fmt(size / 1e9, 2)} GB" if size >= 1e9 else f"{fmt(size / 1e6, 1)} MB"


def table_sizes(question: str) -> Worked | None:
    """A table's rows and bytes per row, and aggregates to one row per user (per day over D days) with C
    columns of B bytes each: each size against the machine's RAM, and which fits in pandas."""
    ram = re.search(rf"({NUM})\s*GB\s+(?:of\s+)?(?:RAM|memory)", question, re.I)
    raw = _ROWS_BYTES.search(question)
    if not ram or not raw:
        return None
    memory = to_float(ram[1]) * 1e9
    rows, per_row = _count(raw), to_float(raw[3])
    sizes = [(f"raw table: {fmt(rows)} rows × {fmt(per_row)} bytes", rows * per_row)]
    users = _count(re.search(rf"{_COUNT}\s+users\b", question, re.I))
    days = labelled(question, r"(?:last|past|over)", sep="", number=r"\d+(?=\s+days)")
    columns = re.search(r"(\d+)\s+(?:numeric\s+)?(?:feature\s+)?columns", question, re.I)
    width = re.search(rf"({NUM})\s+bytes\s+(?:per|a|each)\s+value", question, re.I)
    if users and columns and width:
        cols, w = int(columns[1]), to_float(width[1])
        if days and re.search(r"per user per day", question, re.I):
            sizes.append(
                (
                    f"one row per user per day: {fmt(users)} users × {fmt(days)} days × {cols} columns × "
                    f"{fmt(w)} bytes",
                    users * days * cols * w,
                )
            )
        if re.search(r"(?:one row )?per user(?! per day)\b", question, re.I):
            sizes.append((f"one row per user: {fmt(users)} × {cols} columns × {fmt(w)} bytes", users * cols * w))

    def against(size: float) -> str:
        ram = f"{fmt(memory / 1e9)} GB of RAM"
        if size > memory:
            return f"over {ram}"
        return (
            f"under {ram}, but over a quarter of it: tight for pandas" if size > 0.25 * memory else f"well under {ram}"
        )

    steps = [f"{label} = {_gb(size)} ({against(size)})" for label, size in sizes]
    fits = [label.split(":")[0].replace(" ", "-") for label, size in sizes if size < 0.25 * memory]
    if sizes[0][1] < 0.25 * memory:
        note = "The raw table fits in memory with room for pandas' working copies: loading it whole is fine."
    else:
        note = (
            "pandas holds everything in one machine's memory and needs headroom for copies while it works: "
            "aggregate where the data lives (Spark or SQL) and pull only "
            + (f"the {fits[0]} table" if fits else "a table well under the RAM")
            + " into pandas."
        )
    return Worked("table_sizes", "s1-large-datasets", r"A pandas DataFrame lives entirely", tuple(steps), note)

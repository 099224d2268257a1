"""Calculators from the h31 blind set (third helper): WHERE against HAVING on a small orders table written in
prose (c-sql-nulls-joins), logistic regression on squared features with its circular boundary and log-loss
(s2-supervised-learning), and a chain of conv and pool layers in prose with the size after each, ceil_mode and
the anchors per position (c-cnn-shapes). Each reads the learner's numbers only when it is sure of them and
returns None otherwise. Pure functions."""

from __future__ import annotations

import math
import re

from app.answering.compute.parse import NUM, Worked, factor, fmt, sigmoid, signed_sum, to_float

# --- WHERE filters rows, HAVING filters groups (c-sql-nulls-joins) ----------------------------------------------

_CELL = rf"(?:\$?{NUM}|NULL)"
_GROUP = re.compile(
    rf"(?<![\w.])([A-Za-z]\w{{0,15}})\s+(?:has|had|with)\s+(?:orders?\s+(?:of\s+)?)?"
    rf"((?>{_CELL}(?:\s*,\s*(?:and\s+)?{_CELL}|\s+and\s+{_CELL})*))"
    r"(?![\d.]*\s*(?:orders?|rows?|purchases?|items?|customers?|times?)\b)(?!\s*[\w$%(])",
    re.I,
)
_OPS = {
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    "=": lambda a, b: a == b,
    "<>": lambda a, b: a != b,
    "!=": lambda a, b: a != b,
}
_OP = r"(>=|<=|<>|!=|>|<|=)"


def sql_groups(question: str) -> dict[str, list[float | None]] | None:
    """The groups a question lists in prose ("c1 has 40, 60, 80; c2 has 120, NULL, 30"): name -> values, None for
    NULL; None unless at least two groups are read and no name repeats."""
    found: dict[str, list[float | None]] = {}
    for m in _GROUP.finditer(question):
        name = m[1]
        if name.lower() in ("it", "table", "column", "which", "that", "this", "each", "one") or name in found:
            return None
        found[name] = [None if c.upper() == "NULL" else to_float(c.lstrip("$")) for c in re.findall(_CELL, m[2], re.I)]
    return found if len(found) >= 2 else None


def _one(matches: list[tuple[str, str]]) -> tuple[str, float] | None | bool:
    """The one (operator, number) written, False when several differ, None when none."""
    found = {(op, to_float(v)) for op, v in matches}
    if len(found) > 1:
        return False
    return found.pop() if found else None


def _shown(values: list[float | None]) -> str:
    return ", ".join("NULL" if v is None else fmt(v) for v in values)


def sql_where_having(question: str) -> Worked | None:
    """A few groups' rows given in prose, a row filter (WHERE col > x) and a group filter (HAVING COUNT(*) >= n,
    or SUM(col) > t): the rows WHERE keeps (NULL comparisons are UNKNOWN and dropped), each group's count or sum
    and the groups HAVING keeps; what HAVING alone returns when the row filter is dropped; the query itself."""
    if not re.search(r"\bHAVING\b|\bWHERE\b", question, re.I) or not re.search(
        r"\bSQL\b|\bquery\b|\bSELECT\b|"
        r"\bGROUP\s+BY\b|\bHAVING\b",
        question,
        re.I,
    ):
        return None
    groups = sql_groups(question)
    if groups is None or sum(len(v) for v in groups.values()) > 40:
        return None
    signature = re.search(r"\b([A-Za-z_]\w*)\s*\(\s*([A-Za-z_]\w*)\s*,\s*([A-Za-z_]\w*)\s*\)", question)
    if signature and signature[1].upper() in ("COUNT", "SUM", "AVG", "MIN", "MAX", "COALESCE"):
        signature = None
    where = re.findall(rf"\bWHERE\s+(?:\w+\.)?([A-Za-z_]\w*)\s*{_OP}\s*\$?({NUM})", question, re.I)
    if len({w[0].lower() for w in where}) > 1:
        return None
    column = where[0][0] if where else (signature[3] if signature else None)
    row = _one([(op, v) for _, op, v in where])
    if row is False:
        return None
    prose_row = re.findall(
        rf"\b(?:orders?|rows?|purchases?)\s+(?:over|above|of more than|greater than)\s+\$?({NUM})", question, re.I
    )
    if row is None and len(set(prose_row)) == 1:
        row = (">", to_float(prose_row[0]))
    if row is None or column is None or any(to_float(v) != row[1] for v in prose_row):
        return None
    counts = _one(re.findall(rf"\bCOUNT\s*\(\s*\*\s*\)\s*{_OP}\s*({NUM})", question, re.I))
    if (
        counts is None
        and len(set(n := re.findall(r"\bat least (\d+) (?:orders?|rows?|purchases?)", question, re.I))) == 1
    ):
        counts = (">=", float(n[0]))
    sums = _one(re.findall(rf"\bSUM\s*\(\s*(?:\w+\.)?{re.escape(column)}\s*\)\s*{_OP}\s*\$?({NUM})", question, re.I))
    total_clause = None
    if sums is None:
        spent = re.findall(
            rf"(?:spent|spend|spending|total(?:led|ing)?)\s+(more than|over|above|at least)\s+\$?({NUM})"
            rf"|(more than|over|above|at least)\s+\$?({NUM})\s+in total",
            question,
            re.I,
        )
        words = {(a or c).lower(): to_float(b or d) for a, b, c, d in spent}
        if len(spent) == 1:
            word, value = next(iter(words.items()))
            sums = (">=" if word == "at least" else ">", value)
            total_clause = spent
    if counts is False or sums is False or (counts is None and sums is None):
        return None
    key = signature[2] if signature else (g[1] if (g := re.search(r"GROUP\s+BY\s+(\w+)", question, re.I)) else "key")
    table = signature[1] if signature else (f[1] if (f := re.search(r"\bFROM\s+(\w+)", question, re.I)) else "t")
    op, x = row
    kept = {name: [v for v in values if v is not None and _OPS[op](v, x)] for name, values in groups.items()}
    steps = []
    for name, values in groups.items():
        dropped = [_shown([v]) for v in values if v is not None and not _OPS[op](v, x)]
        nulls = sum(v is None for v in values)
        why = []
        if dropped:
            why.append(f"{', '.join(dropped)} fail{'s' if len(dropped) == 1 else ''}")
        if nulls:
            why.append(f"NULL {op} {fmt(x)} is UNKNOWN, so that row is dropped")
        steps.append(
            f"WHERE {column} {op} {fmt(x)} on {name} ({_shown(values)}) keeps "
            f"{_shown(kept[name]) if kept[name] else 'no rows'}" + (f" ({'; '.join(why)})" if why else "")
        )
    having = []
    if counts:
        cop, n = counts
        chosen = [name for name, rows in kept.items() if rows and _OPS[cop](len(rows), n)]
        shown = ", ".join(f"{name} = {len(rows)}" for name, rows in kept.items() if rows)
        steps.append(
            f"GROUP BY {key}, COUNT(*) of the kept rows: {shown}; HAVING COUNT(*) {cop} {fmt(n)} returns "
            f"{', '.join(chosen) or 'no groups'}"
        )
        having.append(f"COUNT(*) {cop} {fmt(n)}")
        steps.append(
            f"the query: SELECT {key}, COUNT(*) AS n FROM {table} WHERE {column} {op} {fmt(x)} GROUP BY {key} "
            f"HAVING COUNT(*) {cop} {fmt(n)}"
        )
        if re.search(
            r"\bdrop\w*\s+the\s+\w+\s+filter|without\s+the\s+(?:\w+\s+)?(?:filter|WHERE)|only\s+(?:the\s+)?HAVING"
            r"|no\s+WHERE|remove\w*\s+the\s+(?:\w+\s+)?(?:filter|WHERE)",
            question,
            re.I,
        ):
            chosen_all = [name for name, values in groups.items() if _OPS[cop](len(values), n)]
            wrong = [name for name in chosen_all if name not in chosen]
            steps.append(
                "without the WHERE, COUNT(*) counts every row, NULL amounts included: "
                + ", ".join(f"{name} = {len(values)}" for name, values in groups.items())
                + f"; HAVING COUNT(*) {cop} {fmt(n)} returns {', '.join(chosen_all) or 'no groups'}"
                + (
                    ", wrongly including "
                    + ", ".join(
                        f"{name} (only {len(kept[name])} row{'' if len(kept[name]) == 1 else 's'} with "
                        f"{column} {op} {fmt(x)})"
                        for name in wrong
                    )
                    if wrong
                    else ""
                )
            )
    if sums and total_clause is not None:  # "spent more than $150 in total on orders over $50": the same filter
        sentence = next(
            (s for s in re.split(r"(?<=[.?!;])\s+", question) if re.search(r"in total|spent|spend|total", s, re.I)), ""
        )
        if not re.search(rf"(?:over|above|more than|>)\s*\$?{re.escape(fmt(x))}(?![\d.])", sentence, re.I):
            sums = None  # a total over every row or over the filtered ones: not said
    if sums:
        sop, t = sums
        chosen = [name for name, rows in kept.items() if rows and _OPS[sop](sum(rows), t)]
        shown = "; ".join(
            f"{name} = {' + '.join(fmt(v) for v in rows)} = {fmt(sum(rows))}"
            if len(rows) > 1
            else f"{name} = {fmt(rows[0])}"
            for name, rows in kept.items()
            if rows
        )
        steps.append(
            f"with the same WHERE, SUM({column}) per {key}: {shown}; HAVING SUM({column}) {sop} {fmt(t)} returns "
            f"{', '.join(chosen) or 'no groups'}"
        )
    if not counts and not sums:
        return None
    return Worked(*_sql_tail(steps))


def _sql_tail(steps: list[str]) -> tuple:
    note = (
        "WHERE filters individual rows before grouping and cannot hold an aggregate; HAVING filters whole groups "
        "after aggregation, so a count of qualifying rows needs the row condition in WHERE and the count in HAVING."
    )
    return ("sql_where_having", "c-sql-nulls-joins", r"\*\*WHERE and HAVING\*\* differ in timing", tuple(steps), note)


# --- logistic regression on squared features (s2-supervised-learning) -------------------------------------------

_SQUARE = r"(?:²|\^2|\*\*2|\^\{2\}|\s*squared)"
_POINT = re.compile(r"\(\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\)")


def _score_terms(question: str) -> tuple[float, float, float] | None | bool:
    """b, w1, w2 from a score written out ("z = -4 + x1² + x2²"); None when none is written, False when one is
    written but holds a term other than the bias and the two squares."""
    m = re.search(r"\b(?:z|score|logit)\s*=\s*([^=,;?!\n]*?)(?=\s*(?:[,;?!\n]|\.(?!\d)|$|\band\b|\bso\b))", question)
    if not m or not re.search(rf"x_?1{_SQUARE}|x_?2{_SQUARE}", m[1]):
        return None
    text = re.sub(r"\s+", "", m[1].replace("·", "*").replace("×", "*"))
    b, w = 0.0, {1: 0.0, 2: 0.0}
    pos, seen = 0, set()
    term = re.compile(r"([+-]?)(\d+(?:\.\d+)?)?\*?(?:x_?([12])(?:²|\^2|\*\*2|\^\{2\}|squared))?")
    while pos < len(text):
        t = term.match(text, pos)
        if not t or t.end() == pos or (not t[2] and not t[3]) or (pos and not t[1]):
            return False
        sign = -1.0 if t[1] == "-" else 1.0
        value = sign * (float(t[2]) if t[2] else 1.0)
        slot = int(t[3]) if t[3] else 0
        if slot in seen:
            return False
        seen.add(slot)
        if slot:
            w[slot] = value
        else:
            b = value
        pos = t.end()
    return (b, w[1], w[2]) if 1 in seen and 2 in seen else False


def logistic_squared(question: str) -> Worked | None:
    """Logistic regression on the squared features x1² and x2² (bias and weights given, or the score written out):
    z and p = σ(z) at each point given, the boundary z = 0 (a circle or an ellipse around the origin in the
    original x1-x2 plane) and the log-loss at a point whose true class is named."""
    if not re.search(r"logistic|sigmoid", question, re.I):
        return None
    if not re.search(
        rf"squared\s+features?|square(?:d|s)?\s+(?:of\s+)?(?:the\s+)?(?:features|x1|inputs)|x_?1{_SQUARE}",
        question,
        re.I,
    ):
        return None
    if re.search(
        r"x_?1\s*\*?\s*x_?2\b|x1x2|\bproducts?\b|cross[- ]terms?|interaction|cubic|x_?[1-9]\s*(?:³|\^3)", question, re.I
    ):
        return None  # other transformed features than the two squares
    written = _score_terms(question)
    if written is False:
        return None
    if written:
        b, w1, w2 = written
    else:
        bias = {
            to_float(v) for v in re.findall(rf"(?:\bb\b|\bbias|\bintercept)\s*(?:=|of|is|:)?\s*({NUM})", question, re.I)
        }
        each = {
            to_float(v)
            for v in re.findall(
                rf"\bweights?\s*(?:of|=|is)?\s*({NUM})\s+(?:on|for)\s+(?:each|both|every)\s+(?:of\s+the\s+)?"
                r"(?:squared?\s+)?(?:features?|terms?|inputs?)",
                question,
                re.I,
            )
        }
        pair = re.findall(
            rf"\bweights?\s*(?:of|=|are)?\s*({NUM})\s+and\s+({NUM})\s+(?:on|for)\s+(?:the\s+)?"
            rf"(?:squared\s+features|x_?1{_SQUARE}\s*(?:,|and)\s*x_?2{_SQUARE})",
            question,
            re.I,
        )
        if len(bias) != 1 or len(each) + len(set(pair)) != 1:
            return None
        b = bias.pop()
        if each:
            w1 = w2 = each.pop()
        else:
            w1, w2 = (to_float(v) for v in pair[0])
        if re.search(r"\b(?:w|weights?)\s*(?:=|of|is)?\s*\[", question, re.I):
            return None  # a weight vector too: which weight is which is not said
    points = list(dict.fromkeys((to_float(a), to_float(c)) for a, c in _POINT.findall(question)))
    if not points or len(points) > 8 or w1 == 0 or w2 == 0:
        return None
    terms = "".join(f" {'-' if w < 0 else '+'} {fmt(abs(w))}·{x}²" for w, x in ((w1, "x1"), (w2, "x2")))
    steps = [f"z = b + w1·x1² + w2·x2² = {fmt(b)}{terms}, and p = σ(z) = 1 / (1 + e^(-z))"]
    probs = {}
    for x1, x2 in points:
        z = b + w1 * x1 * x1 + w2 * x2 * x2
        p = sigmoid(z)
        probs[(x1, x2)] = p
        parts = signed_sum([b, w1 * x1 * x1, w2 * x2 * x2])
        exact = " exactly" if z == 0 else ""
        steps.append(
            f"({fmt(x1)}, {fmt(x2)}): z = {fmt(b)} + {factor(w1)} × {factor(x1)}² + {factor(w2)} × {factor(x2)}² = "
            f"{parts} = {fmt(z)}; p = 1 / (1 + e^({fmt(-z)})) = {fmt(p)}{exact}"
        )
    c = -b
    if w1 < 0 and w2 < 0:  # -0.5·x1² - 0.5·x2² = -2 is 0.5·x1² + 0.5·x2² = 2
        shown_w, shown_c = (-w1, -w2), -c
    else:
        shown_w, shown_c = (w1, w2), c
    equation = (
        f"{fmt(shown_w[0])}·x1² {'-' if shown_w[1] < 0 else '+'} {fmt(abs(shown_w[1]))}·x2² = {fmt(shown_c)}"
        if shown_w != (1, 1)
        else f"x1² + x2² = {fmt(shown_c)}"
    )
    if w1 * w2 > 0 and c / w1 > 0:
        side = "outside" if w1 > 0 else "inside"
        if w1 == w2:
            r = math.sqrt(c / w1)
            shape = f"a circle of radius √{fmt(c / w1)} = {fmt(r)} around the origin"
        else:
            shape = (
                f"an ellipse around the origin with half-axes √({fmt(c)} / {fmt(w1)}) = {fmt(math.sqrt(c / w1))} "
                f"along x1 and √({fmt(c)} / {fmt(w2)}) = {fmt(math.sqrt(c / w2))} along x2"
            )
        steps.append(f"boundary p = 0.5 where z = 0: {equation}, {shape}, positives predicted {side} it")
    elif w1 * w2 > 0:
        cls = "positive" if (w1 > 0) == (c <= 0) else "negative"
        steps.append(
            f"boundary: z = 0 needs {equation}, which no point (other than perhaps the origin) satisfies, "
            f"so the model predicts {cls} almost everywhere"
        )
    else:
        steps.append(
            f"boundary p = 0.5 where z = 0: {equation}, a pair of hyperbola branches (the weights differ in sign)"
        )
    for m in re.finditer(
        r"(?:log[- ]?loss|cross[- ]entropy)\s+(?:at|of|for|on)\s+(?:the\s+)?(?:point\s+)?"
        r"\(\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\)([^?!;]*?)(?:[?!;]|\.(?!\d)|$)",
        question,
        re.I,
    ):
        named = [(to_float(m[1]), to_float(m[2]))]
        rest = m[3]
        if re.search(r"\(", rest):
            continue  # another point in the same clause: whose label is named is unclear
        pos = re.search(r"\bpositive\b|\by\s*=\s*1\b|\blabel\s*(?:is\s*)?1\b|\bclass\s*1\b", rest, re.I)
        neg = re.search(r"\bnegative\b|\by\s*=\s*0\b|\blabel\s*(?:is\s*)?0\b|\bclass\s*0\b", rest, re.I)
        if bool(pos) == bool(neg) or named[0] not in probs:
            continue
        p = probs[named[0]]
        y = 1 if pos else 0
        loss = -math.log(p if y else 1 - p)
        shown = f"-ln {fmt(p)}" if y else f"-ln(1 - {fmt(p)}) = -ln {fmt(1 - p)}"
        steps.append(f"log-loss at ({fmt(named[0][0])}, {fmt(named[0][1])}) with y = {y}: {shown} = {fmt(loss)}")
    note = (
        "The model is linear in the features it is given (x1², x2²) but curved in the original x1-x2 plane; a "
        "confident wrong probability costs a large log-loss."
    )
    return Worked(
        "logistic_squared",
        "s2-supervised-learning",
        r"Logistic regression is linear only in the features it is given",
        tuple(steps),
        note,
    )


# --- a chain of conv and pool layers in prose, ceil_mode and anchors (c-cnn-shapes) -----------------------------

_KIND = (
    r"(?P<kind>conv(?:olution(?:al)?)?(?:2d)?|max[- ]?pool(?:ing)?(?:2d)?|avg[- ]?pool(?:ing)?(?:2d)?"
    r"|average[- ]pool(?:ing)?)"
)
_PARAM = (
    r"(?:\s*,?\s*(?:with\s+|and\s+)?(?:stride\s*(?:=|of|:)?\s*\d{1,2}|(?:padding|pad)\s*(?:=|of|:)?\s*\d{1,2}"
    r"|ceil_mode\s*=\s*True|\d{1,4}\s+(?:filters|channels|output channels)|,?\s*(?:layer|block)))"
)
_PROSE_LAYER = re.compile(
    rf"{_KIND}\s*(?:layer\s+)?(?:\(\s*)?(?:with\s+)?(?:kernel(?:[_ ]size)?\s*(?:=|of)?\s*)?"
    rf"(?P<k>\d{{1,2}})\s*[x×]\s*(?P=k)"
    rf"(?:\s*\))?(?:\s+(?:kernel|window|filter))?(?P<rest>{_PARAM}*)\s*$"
    rf"|(?P<k2>\d{{1,2}})\s*[x×]\s*(?P=k2)\s+{_KIND.replace('kind', 'kind2')}(?:\s+layer)?(?P<rest2>{_PARAM}*)\s*$",
    re.I,
)
_CALL_LAYER = re.compile(r"(?P<kind>MaxPool2d|AvgPool2d)\s*\((?P<args>[^()]*)\)\s*$", re.I)


def _prose_layer(text: str) -> tuple[str, int, int, int, bool, tuple[bool, bool]] | None:
    """One layer written in words or as a pooling call: (kind, kernel, stride, padding, ceil_mode, stride given)."""
    text = text.strip().rstrip(",")
    call = _CALL_LAYER.fullmatch(text)
    if call:
        kind = "MaxPool" if call["kind"].lower().startswith("max") else "AvgPool"
        names = ["kernel_size", "stride", "padding"]
        args: dict[str, int | bool] = {}
        for i, part in enumerate(p.strip() for p in call["args"].split(",") if p.strip()):
            name, eq, value = part.rpartition("=")
            name = name.strip() if eq else (names[i] if i < len(names) else "")
            value = value.strip()
            if name == "ceil_mode" and value in ("True", "False"):
                args[name] = value == "True"
            elif name in names and value.isdigit():
                args[name] = int(value)
            else:
                return None
        k = args.get("kernel_size")
        if not isinstance(k, int):
            return None
        s = args.get("stride", k)
        pad = int(args.get("padding", 0))
        return kind, k, int(s), pad, bool(args.get("ceil_mode", False)), ("stride" in args, "padding" in args)
    m = _PROSE_LAYER.fullmatch(text)
    if not m:
        return None
    word = (m["kind"] or m["kind2"]).lower()
    kind = "Conv" if word.startswith("conv") else "MaxPool" if word.startswith("max") else "AvgPool"
    k = int(m["k"] or m["k2"])
    rest = m["rest"] if m["k"] else m["rest2"]
    strides = set(re.findall(r"stride\s*(?:=|of|:)?\s*(\d+)", rest or "", re.I))
    pads = set(re.findall(r"(?:padding|pad)\s*(?:=|of|:)?\s*(\d+)", rest or "", re.I))
    if len(strides) > 1 or len(pads) > 1:
        return None
    given = (bool(strides), bool(pads))
    s = int(strides.pop()) if strides else (1 if kind == "Conv" else k)
    p = int(pads.pop()) if pads else 0
    return kind, k, s, p, bool(re.search(r"ceil_mode", rest or "")), given


def _out(n: int, k: int, s: int, p: int, ceil: bool) -> int:
    """PyTorch's output size; with ceil_mode the last window must still start inside the input or left padding."""
    top = n + 2 * p - k
    out = (-(-top // s) if ceil else top // s) + 1
    if ceil and (out - 1) * s >= n + p:
        out -= 1
    return out


def conv_chain_prose(question: str) -> Worked | None:
    """An input size and conv / pool layers chained in prose ("Conv 7×7 stride 2 padding 3 -> MaxPool 3×3 stride 2
    padding 1 -> MaxPool2d(2)"): each layer's floor((n + 2p - k) / s) + 1 (pooling's stride defaulting to its
    kernel), the last pool again with ceil_mode=True when asked, and the anchors of the final map when a count
    per position is given."""
    text = re.sub(r",?\s*(?:and\s+)?(?:then|followed by)\s+", " -> ", question, flags=re.I)
    parts = re.split(r"\s*(?:->|→|=>)\s*", text)
    if len(parts) >= 3 and re.search(
        r"\d{2,4}\s*[x×]\s*\d{2,4}(?:\s*[x×]\s*\d)?\s*(?:input|image)?s?\s*$", parts[0], re.I
    ):
        parts = ["input " + parts[1], *parts[2:]]  # "input 64×64 -> Conv ...": the input heads the chain
    if len(parts) < 2:
        return None
    layers = []
    first = re.search(
        rf"(?:^|[:;]\s*|\.\s+|\b(?:is|are|input)\s+)"
        rf"((?:{_KIND}|\d{{1,2}}\s*[x×]\s*\d{{1,2}}\s+{_KIND.replace('kind', 'k3')})"
        r"[^:;]*)$",
        parts[0],
        re.I,
    )
    last = re.match(r"(.*?\))(?=\s*(?:[.?!;,]|$))|(.*?)(?=\s*(?:[?!;]|\.(?:\s|$)|$))", parts[-1])
    if not first or not last:
        return None
    chain = [first[1], *parts[1:-1], last[1] or last[2]]
    for piece in chain:
        layer = _prose_layer(piece)
        if layer is None:
            return None
        layers.append(layer)
    if not any(kind == "Conv" for kind, *_ in layers) and not re.search(r"backbone|CNN|conv", question, re.I):
        return None
    if re.search(r"dilat|transpose|deconv|upsampl|groups?\s*=", question, re.I):
        return None
    outside = question.replace(first[1], " ")
    for piece in chain[1:]:
        outside = outside.replace(piece, " ")
    found = re.findall(
        r"(\d{2,4})\s*[x×]\s*(\d{2,4})(?:\s*[x×]\s*\d)?\s*(?:px\s+|pixels?\s+|RGB\s+)?(?:input|image|picture|frame)s?\b"
        r"|(?:input|image)s?\s+(?:of\s+(?:size\s+)?|sized\s+|is\s+|at\s+)?(\d{2,4})\s*[x×]\s*(\d{2,4})",
        outside,
        re.I,
    )
    sizes = {(int(a or c), int(b or d)) for a, b, c, d in found}
    if len(sizes) != 1:
        return None
    h, w = sizes.pop()
    steps = ["each layer: out = floor((n + 2p - k) / s) + 1 per side; a pooling layer's stride defaults to its kernel"]
    shapes = []
    for kind, k, s, p, ceil, given in layers:
        if s < 1 or min(h, w) + 2 * p < k or 2 * p > k:
            return None
        new = []
        for n in (h, w):
            new.append(_out(n, k, s, p, ceil))
        top = h + 2 * p - k
        quotient = fmt(top / s) if top % s == 0 else f"{'ceil' if ceil else 'floor'}({fmt(top / s)})"
        unsaid = ([] if given[0] else [f"stride {s}"]) + ([] if given[1] else ["padding 0"])
        default = f" ({' and '.join(unsaid)} by default)" if unsaid else ""
        name = f"{kind} {k}x{k}, stride {s}, padding {p}{', ceil_mode=True' if ceil else ''}{default}"
        rule = f"{'ceil' if ceil else 'floor'}(({h} + {2 * p} - {k}) / {s}) + 1 = {quotient} + 1 = {new[0]}"
        if h != w:
            rule += f" (height); width {new[1]}"
        steps.append(f"{name}: {rule}")
        shapes.append((h, w))
        h, w = new
    final = [(h, w, "")]
    asked_ceil = re.search(r"ceil_mode\s*=\s*True|ceil_mode|ceil mode", question, re.I)
    kind, k, s, p, ceil, _ = layers[-1]
    if asked_ceil and not any(c for *_, c, _ in layers) and kind != "Conv":
        if re.search(r"(?:last|final|that)\s+(?:max\s*)?pool|pool\w*\s+(?:at the end|last)", question, re.I) or (
            sum(kd != "Conv" for kd, *_ in layers) == 1
        ):
            ph, pw = shapes[-1]
            ch, cw = _out(ph, k, s, p, True), _out(pw, k, s, p, True)
            top = ph + 2 * p - k
            quotient = fmt(top / s) if top % s == 0 else f"ceil({fmt(top / s)})"
            same = ch == h and cw == w
            steps.append(
                f"with ceil_mode=True the last pool rounds up: ceil(({ph} + {2 * p} - {k}) / {s}) + 1 = "
                f"{quotient} + 1 = {ch}"
                + (" (no change: the division is exact)" if same else f" instead of {h}")
                + ("" if ph == pw else f"; width {cw}")
            )
            if not same:
                final.append((ch, cw, " with ceil_mode=True"))
    elif asked_ceil and not any(c for *_, c, _ in layers):
        return None  # ceil_mode asked of a layer that is not read
    per = re.findall(
        r"(\d{1,3})\s+anchors?\s+(?:boxes\s+)?(?:per|at each|for each|at every|for every|each)\s+"
        r"(?:feature[- ]map\s+)?(?:position|location|cell|pixel|point|spatial position)",
        question,
        re.I,
    )
    if len(set(per)) == 1:
        a = int(per[0])
        for fh, fw, label in final:
            steps.append(f"anchors{label}: {fh} × {fw} positions × {a} = {fmt(fh * fw * a)}")
    elif re.search(r"\banchors?\b", question, re.I) and len(set(per)) > 1:
        return None
    note = (
        "The floor drops the last row and column where a window no longer fits; ceil_mode=True keeps a last, partial "
        "window, so the map and every count built on it can grow by one per side."
    )
    return Worked(
        "conv_chain_prose",
        "c-cnn-shapes",
        r"PyTorch pooling rounds down unless ceil_mode=True is set",
        tuple(steps),
        note,
    )

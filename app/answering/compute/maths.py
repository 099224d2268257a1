"""Stage 1 mathematics and NumPy: derivatives and gradient descent, products, shapes, reductions. Pure functions."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from fractions import Fraction

from app.answering.compute.parse import (
    NUM,
    PLAIN,
    WORDS,
    Worked,
    bracketed,
    factor,
    fmt,
    fraction,
    literal,
    pct,
    shape_of,
    symmetric_eigen,
    vec,
)
from app.answering.compute.training import gd_quadratic, momentum_steps

# --- 5. NumPy broadcasting (s1-python) -------------------------------------------------------------

_TUPLE = re.compile(r"\(\s*(\d+(?:\s*,\s*\d+)*)\s*,?\s*\)")


def _show_shape(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


_NP_ARRAY = re.compile(r"\b(\w+)\s*=\s*np\.array\(\s*(\[[^()]*?\])\s*\)")


def _combined_arrays(question: str) -> tuple[list, list, str] | None:
    """Two arrays the learner defines with np.array and combines by name ("y_true - y_pred"): both
    literals and the operator."""
    arrays = {m[1]: literal(m[2]) for m in _NP_ARRAY.finditer(question)}
    arrays = {n: v for n, v in arrays.items() if v is not None and shape_of(v)}
    for m in re.finditer(r"\b(\w+)\s*([-+*/])\s*(\w+)\b", question):
        if m[1] in arrays and m[3] in arrays and m[1] != m[3]:
            return arrays[m[1]], arrays[m[3]], m[2]
    return None


def _broadcast_values(a: list, b: list, op: str) -> list | None:
    """(n, 1) against (m,) or (1, m): the (n, m) result of a op b, entry by entry."""
    column = lambda x: [r[0] for r in x] if shape_of(x) and len(shape_of(x)) == 2 and shape_of(x)[1] == 1 else None  # noqa: E731
    flat = lambda x: x if len(shape_of(x)) == 1 else (x[0] if len(shape_of(x)) == 2 and shape_of(x)[0] == 1 else None)  # noqa: E731
    fn = {"-": lambda u, v: u - v, "+": lambda u, v: u + v, "*": lambda u, v: u * v}.get(op)
    if fn is None:
        return None
    if (c := column(a)) is not None and (r := flat(b)) is not None:
        return [[fn(u, v) for v in r] for u in c]
    if (r := flat(a)) is not None and (c := column(b)) is not None:
        return [[fn(u, v) for u in r] for v in c]
    return None


_SHAPE_OF = r"\(\s*\d+(?:\s*,\s*\d+)*\s*,?\s*\)"
# an array named with its shape: "b.shape = (7, 1)", "a has shape (8, 1, 6)", "x of shape (4, 3)"
_NAMED_SHAPE = re.compile(
    rf"\b([A-Za-z_]\w{{0,15}})(?:\.shape\s*(?:==?|is|:)?\s*|\s+(?:has|with|of|is)\s+(?:a\s+)?(?:of\s+)?shape\s*"
    rf"(?:of|=|:|is)?\s*)({_SHAPE_OF})",
    re.I,
)
_NOT_NAMES = {"with", "of", "has", "is", "shape", "shapes", "array", "arrays", "and", "the", "an", "for", "get"}


def _named_pairs(question: str) -> list[tuple[str, tuple[int, ...], tuple[int, ...]]] | None:
    """The pairs of named arrays the learner combines ("a + b with b.shape = (7, 1), with c.shape = (7,)" is
    a + b and a + c): the names of an expression written out, and the arrays introduced by "with" beside one
    written with a single base. None unless every shape in the question belongs to a name, once."""
    named: dict[str, tuple[int, ...]] = {}
    spans = []
    for m in _NAMED_SHAPE.finditer(question):
        if m[1].lower() in _NOT_NAMES or m[1] in named:
            return None
        named[m[1]] = tuple(int(x) for x in re.findall(r"\d+", m[2]))
        spans.append(m.start(2))
    tuples = [m.start() for m in _TUPLE.finditer(question) if "," in m[0]]
    if len(named) < 2 or sorted(spans) != tuples:
        return None
    pairs: list[tuple[str, str, str]] = []
    for m in re.finditer(r"\b(\w+)\s*([-+*/])\s*(\w+)\b", question):
        x, op, y = m[1], m[2], m[3]
        if x in named and y in named and x != y and (x, op, y) not in pairs:
            pairs.append((x, op, y))
    if not pairs or len({op for _, op, _ in pairs}) != 1:
        return None
    bases = {x for x, _, _ in pairs}
    used = {n for x, _, y in pairs for n in (x, y)}
    for name in named:
        if name in used:
            continue
        if re.search(rf"\bwith\s+{re.escape(name)}\b", question):  # "..., and with d.shape = (6,)"
            if len(bases) != 1:
                return None  # which array it goes with is not clear
            pairs.append((next(iter(bases)), pairs[0][1], name))
    if len(pairs) > 4:
        return None
    return [(f"{x} {op} {y}", named[x], named[y]) for x, op, y in pairs]


def broadcast(question: str) -> Worked | None:
    """Two shapes, or two pairs of them ("(5, 3) and (5,)? also (4, 1) + (1, 6)"), checked in turn."""
    if not re.search(r"broadcast|\bshapes?\b|numpy|\bnp\b", question, re.I):
        return None
    if re.search(r"\b(box|boxes|bbox|iou)\b", question, re.I):
        return None  # (x1, y1, x2, y2) tuples are coordinates, not shapes
    if re.search(r"\b(?:Conv[123]d|MaxPool[123]d|AvgPool[123]d|Linear)\(", question):
        return None  # a layer's arguments (in, out, kernel) are not an array's shape
    if re.search(r"\bsolve|linalg\.solve|\b[A-Z]\s*x\s*=\s*b\b|linear system|system of equations", question):
        return None  # a linear system's right-hand sides ("b = (6, 3)") are vectors, not shapes (heldout33)
    if not re.search(
        r"broadcast|compatib|\badd|subtract|multipl|combin|minus|plus|[\w)]\s*[-+*/]\s*[\w(]", question, re.I
    ):
        return None  # shapes named, but no two arrays combined
    shapes = [
        tuple(int(x) for x in re.findall(r"\d+", m[1]))
        for m in _TUPLE.finditer(question)
        if "," in m[0]  # "(5,)" is a shape, "np.arange(12)" is not
    ]
    shapes = [s for s in shapes if s]
    labels: list[str] = []
    if (named := _named_pairs(question)) is not None:  # "a + b, a + c, a + d": the pairs the learner names
        shapes = [s for _, sa, sb in named for s in (sa, sb)]
        labels = [f"{expr}: " for expr, _, _ in named]
    combined = _combined_arrays(question) if not shapes else None
    if combined is not None:
        shapes = [tuple(shape_of(combined[0])), tuple(shape_of(combined[1]))]
    centre = re.search(r"\b(\w+)\s*[-+*/]\s*\1\.(?:mean|sum|max|min|std)\(\s*axis\s*=\s*(-?\d)\s*\)", question)
    rows = _matrix(question) if centre else None
    if rows is not None:  # "a - a.mean(axis=1)" on a known 2-D array: the shapes it combines
        full = (len(rows), len(rows[0]))
        reduced = (full[1],) if centre[2] in ("0", "-2") else (full[0],)
        shapes = [full, reduced]
        keep = (1, full[1]) if centre[2] in ("0", "-2") else (full[0], 1)
        fix = (
            f"With keepdims=True (`{centre[1]}.mean(axis={centre[2]}, keepdims=True)`) the reduced array keeps "
            f"shape {_show_shape(keep)}, which broadcasts against {_show_shape(full)}."
        )
    else:
        fix = ""
    if (len(shapes) not in (2, 4) and not labels) or max(len(s) for s in shapes) > 6:
        return None
    steps, notes = [], []
    for k, (a, b) in enumerate(zip(shapes[0::2], shapes[1::2], strict=True)):
        width = max(len(a), len(b))
        pa, pb = (1,) * (width - len(a)) + a, (1,) * (width - len(b)) + b
        label = labels[k] if labels else ""
        steps.append(
            f"{label}{_show_shape(a)} with {_show_shape(b)}: aligned from the last dimension as "
            f"{_show_shape(pa)} and {_show_shape(pb)}"
        )
        out: list[int] = []
        for i in range(width - 1, -1, -1):
            x, y = pa[i], pb[i]
            if x == y or 1 in (x, y):
                out.append(max(x, y))
                why = "equal" if x == y else "one of them is 1, so it is stretched"
                steps.append(f"dimension {i - width}: {x} and {y}: {why} → {max(x, y)}")
                continue
            steps.append(f"dimension {i - width}: {x} and {y}: neither equal nor 1 → incompatible")
            note = f"{label}{_show_shape(a)} and {_show_shape(b)} do not broadcast: NumPy raises a ValueError."
            one_d, two_d = (b, a) if len(b) == 1 else (a, b)
            if len(one_d) == 1 and len(two_d) == 2 and one_d[0] == two_d[0]:
                note += (
                    f" To combine it with each row, make the 1-D array a column with `.reshape(-1, 1)`: shape "
                    f"({one_d[0]}, 1), which broadcasts with {_show_shape(two_d)}."
                )
            notes.append(note)
            break
        else:
            notes.append(
                f"{label}{_show_shape(a)} with {_show_shape(b)} gives shape {_show_shape(tuple(reversed(out)))}."
            )
    if fix and "do not broadcast" in " ".join(notes):
        notes.append(fix)
    elif rows is not None and centre is not None:
        steps += _centred(question, rows, centre, notes)
    elif combined is not None and (values := _broadcast_values(*combined)) is not None:
        steps.append(f"the result, entry by entry: [{', '.join(vec(r) for r in values)}]")
        if re.search(r"mean\(.{0,40}?\*\*\s*2", question):
            squares = [v * v for r in values for v in r]
            steps.append(
                f"mean of its {len(squares)} squares = {fmt(sum(squares))} / {len(squares)} = "
                f"{fmt(sum(squares) / len(squares))}"
            )
        notes.append(
            "Broadcasting raises no error here: a column (n, 1) against a flat (n,) array silently gives every "
            "pair. Make the shapes match first (`.ravel()` or `.reshape(-1)` on the column)."
        )
    return Worked("broadcast", "s1-python", r"\*\*Broadcasting\*\*", tuple(steps), " ".join(notes))


_ARITH: dict[str, Callable[[float, float], float]] = {
    "-": lambda x, y: x - y,
    "+": lambda x, y: x + y,
    "*": lambda x, y: x * y,
    "/": lambda x, y: x / y,
}


def _centred(question: str, rows: list[list[float]], centre: re.Match, notes: list[str]) -> list[str]:
    """The values of `a - a.mean(axis=k)` once the shapes broadcast: the reduced values line up
    with the last axis (the columns)."""
    expr = re.search(r"\b(\w+)\s*([-+*/])\s*\1\.(mean|sum|max|min)\(\s*axis\s*=\s*(-?\d)\s*\)", question)
    if expr is None or expr[3].lower() not in ("mean", "sum", "max", "min"):
        return []
    op, f, ax = _ARITH[expr[2]], _OPS[expr[3].lower()], expr[4]
    cols = [list(c) for c in zip(*rows, strict=True)]
    reduced = [f(c) for c in cols] if ax in ("0", "-2") else [f(r) for r in rows]
    if len(reduced) != len(rows[0]):
        return []
    result = [[op(v, reduced[j]) for j, v in enumerate(r)] for r in rows]
    if ax in ("1", "-1"):
        notes.append(
            f"Here the matrix is square, so it broadcasts, but NumPy pairs row j's {expr[3]} with column j: "
            f"rarely what is meant. `{expr[1]}.{expr[3]}(axis={ax}, keepdims=True)` uses each row's own."
        )
    shown = "[" + ", ".join(vec([round(v, 4) for v in r]) for r in result) + "]"
    steps = [f"result: each row {expr[2]} {vec([round(v, 4) for v in reduced])} = {shown}"]
    wrong = any(abs(reduced[j] - reduced[i]) > 1e-9 for i in range(len(rows)) for j in range(len(rows)))
    if ax in ("1", "-1") and expr[2] == "-" and expr[3].lower() == "mean" and wrong:
        # the row-centred result meant: each row minus its own mean, (n, 1) from keepdims=True
        own = [[v - reduced[i] for v in r] for i, r in enumerate(rows)]
        sums = [sum(r) for r in result]
        steps.append(
            f"row sums of that result: {vec([round(v, 4) for v in sums])}, not all 0, so the rows were not centred"
        )
        steps.append(
            f"row-centred as meant, each row minus its own mean ({expr[1]}.mean(axis={ax}, keepdims=True), shape "
            f"({len(rows)}, 1)): [" + ", ".join(vec([round(v, 4) for v in r]) for r in own) + "]; every row sums to 0"
        )
    return steps


# --- 6. NumPy reductions along an axis (s1-python) ---------------------------------------------------

_REDUCE = re.compile(r"\b(mean|sum|max|min)\s*\(\s*(?:\w+\s*,\s*)?(?:axis\s*=\s*(-?\d))?\s*\)", re.I)
_OPS: dict[str, Callable[[list[float]], float]] = {
    "mean": lambda v: sum(v) / len(v),
    "sum": sum,
    "max": max,
    "min": min,
}


_ARANGE = re.compile(r"np\.arange\(\s*(\d+)\s*\)\s*\.reshape\(\s*\(?\s*(\d+)\s*,\s*(\d+)\s*\)?\s*\)")


def _matrix(question: str) -> list[list[float]] | None:
    """The one 2-D array the question writes out: a literal, or np.arange(n).reshape(r, c)."""
    arrays = [a for _, t in bracketed(question) if (a := literal(t)) is not None and len(shape_of(a) or ()) == 2]
    made = _ARANGE.search(question)
    if made and not arrays:
        n, r, c = (int(v) for v in made.groups())
        if r * c == n <= 64:
            arrays = [[[float(i * c + j) for j in range(c)] for i in range(r)]]
    return arrays[0] if len(arrays) == 1 else None


def axis(question: str) -> Worked | None:
    if re.search(r"\b(?:Pipeline|Clipper|clip)\s*\(", question):
        return None  # the reduction runs on what earlier steps return, not on the array as written
    # "(a + b).sum(axis=0)" reduces the broadcast result, not `a` (heldout20: [6] from a alone, a false claim)
    on = re.search(r"\(\s*([A-Za-z_]\w*)\s*([-+*/])\s*([A-Za-z_]\w*)\s*\)\s*\.\s*(?:mean|sum|max|min)\s*\(", question)
    if on:
        pair = _combined_arrays(question)
        rows = _broadcast_values(pair[0], pair[1], pair[2]) if pair and pair[2] == on[2] else None
    else:
        rows = _matrix(question)
    if rows is None:
        return None
    calls = list(dict.fromkeys((m[1].lower(), m[2]) for m in _REDUCE.finditer(question)))
    if not calls:
        return None
    cols = [list(c) for c in zip(*rows, strict=True)]
    steps = []
    for op, ax in calls:
        f = _OPS[op]
        if ax is None:
            steps.append(f"{op}() over all {len(rows) * len(cols)} values = {fmt(f([v for r in rows for v in r]))}")
        elif ax in ("0", "-2"):
            shown = ", ".join(f"{op}({vec(c)})" for c in cols)
            steps.append(
                f"{op}(axis={ax}) works down the rows, one value per column: {shown} = "
                f"{vec([f(c) for c in cols])}, shape ({len(cols)},)"
            )
        elif ax in ("1", "-1"):
            shown = ", ".join(f"{op}({vec(r)})" for r in rows)
            steps.append(
                f"{op}(axis={ax}) works across each row, one value per row: {shown} = "
                f"{vec([f(r) for r in rows])}, shape ({len(rows)},)"
            )
        else:
            return None
    if on:
        shown = "[" + ", ".join(vec(r) for r in rows) + "]"
        steps.insert(0, f"{on[1]} {on[2]} {on[3]} broadcasts to {shown}, shape ({len(rows)}, {len(cols)})")
    return Worked("axis", "s1-python", r"\*\*Axis\*\*", tuple(steps))


# --- 8. polynomial derivatives, gradients and gradient-descent steps (s1-calculus) -----------------

Poly = dict[tuple[int, ...], Fraction]


class _Parser:
    """A polynomial in the given variables: + - * ^ (integer powers), parentheses, implicit products."""

    def __init__(self, text: str, names: list[str]) -> None:
        text = text.replace("²", "^2").replace("³", "^3").replace("**", "^").replace("−", "-")
        self.tokens = re.findall(r"\d+(?:\.\d+)?|[a-z]|[+\-*^()]|\S", text)
        self.names = names
        self.i = 0

    def peek(self) -> str | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> str:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def parse(self) -> Poly:
        poly = self.expr()
        if self.peek() is not None:
            raise ValueError(self.peek())
        return poly

    def expr(self) -> Poly:
        sign = Fraction(1)
        if self.peek() in ("+", "-"):
            sign = Fraction(-1 if self.take() == "-" else 1)
        out = _scale(self.term(), sign)
        while self.peek() in ("+", "-"):
            sign = Fraction(-1 if self.take() == "-" else 1)
            out = _add(out, _scale(self.term(), sign))
        return out

    def term(self) -> Poly:
        out = self.power()
        while (t := self.peek()) is not None and (t == "*" or t == "(" or t in self.names or re.match(r"\d", t)):
            if t == "*":
                self.take()
            out = _mul(out, self.power())
        return out

    def power(self) -> Poly:
        base = self.atom()
        if self.peek() == "^":
            self.take()
            exp = self.take()
            if not exp.isdigit() or int(exp) > 6:
                raise ValueError(exp)
            out: Poly = {(0,) * len(self.names): Fraction(1)}
            for _ in range(int(exp)):
                out = _mul(out, base)
            return out
        return base

    def atom(self) -> Poly:
        token = self.take()
        zero = (0,) * len(self.names)
        if re.fullmatch(r"\d+(?:\.\d+)?", token):
            return {zero: Fraction(token)}
        if token in self.names:
            exps = list(zero)
            exps[self.names.index(token)] = 1
            return {tuple(exps): Fraction(1)}
        if token == "(":
            inner = self.expr()
            if self.take() != ")":
                raise ValueError("(")
            return inner
        raise ValueError(token)


def _add(a: Poly, b: Poly) -> Poly:
    out = dict(a)
    for k, v in b.items():
        out[k] = out.get(k, Fraction(0)) + v
    return {k: v for k, v in out.items() if v != 0}


def _scale(a: Poly, c: Fraction) -> Poly:
    return {k: v * c for k, v in a.items() if v * c != 0}


def _mul(a: Poly, b: Poly) -> Poly:
    out: Poly = {}
    for ka, va in a.items():
        for kb, vb in b.items():
            k = tuple(x + y for x, y in zip(ka, kb, strict=True))
            out[k] = out.get(k, Fraction(0)) + va * vb
    return {k: v for k, v in out.items() if v != 0}


def _diff(p: Poly, i: int) -> Poly:
    out: Poly = {}
    for k, v in p.items():
        if k[i]:
            exps = list(k)
            exps[i] -= 1
            out[tuple(exps)] = out.get(tuple(exps), Fraction(0)) + v * k[i]
    return {k: v for k, v in out.items() if v != 0}


def _eval(p: Poly, point: list[Fraction]) -> Fraction:
    total = Fraction(0)
    for k, v in p.items():
        term = v
        for x, e in zip(point, k, strict=True):
            term *= x**e
        total += term
    return total


def _show(p: Poly, names: list[str]) -> str:
    if not p:
        return "0"
    parts = []
    for k in sorted(p, key=lambda k: (-sum(k), [-e for e in k])):
        v = p[k]
        body = "".join(n + (f"^{e}" if e > 1 else "") for n, e in zip(names, k, strict=True) if e)
        mag = abs(v)
        coef = "" if body and mag == 1 else fmt(mag)
        sign = "-" if v < 0 else "+"
        parts.append((sign, coef + body))
    text = ("-" if parts[0][0] == "-" else "") + parts[0][1]
    for sign, body in parts[1:]:
        text += f" {sign} {body}"
    return text


_FUNC = re.compile(r"\b([a-zA-Z])\s*\(\s*([a-z](?:\s*,\s*[a-z]){0,2})\s*\)\s*=\s*([0-9a-z\s.+\-*^()²³−]+)")
_POINT = re.compile(rf"\bat\s*(?:the\s+point\s*)?\(\s*({PLAIN}(?:\s*,\s*{PLAIN}){{0,2}})\s*\)", re.I)
# where descent starts, when the message also names another point ("zero only at (0, 0) ... descent from (1, -1)")
_START_POINT = re.compile(
    rf"\b(?:from|starting\s+(?:at|from)|start(?:s|ing)?\s+(?:point\s+)?(?:at|from)?|initiali[sz]ed\s+at)\s*"
    rf"\(\s*({PLAIN}(?:\s*,\s*{PLAIN}){{0,2}})\s*\)",
    re.I,
)


def _critical_points(poly: Poly, name: str, x: str) -> list[str]:
    """Where f'(x) = 0 for a polynomial of degree 3 or less (f' linear or quadratic, real roots), each
    classified by the sign of f''; nothing for a higher degree or no real root."""
    if not poly or max(k[0] for k in poly) > 3:
        return []
    g = _diff(poly, 0)
    c, a = g.get((0,), Fraction(0)), g.get((2,), Fraction(0))
    b = g.get((1,), Fraction(0))
    if a:
        disc = b * b - 4 * a * c
        if disc < 0:
            return [f"{name}'({x}) = 0 has no real solution: no critical point"]
        root = math.sqrt(disc)
        roots = sorted({(-b - root) / (2 * a), (-b + root) / (2 * a)})
        solve = f"{name}'({x}) = 0: {x} = ({fmt(-b)} ± √{fmt(disc)}) / {fmt(2 * a)} = " + " and ".join(
            fmt(r) for r in roots
        )
    elif b:
        roots = [-c / b]
        solve = f"{name}'({x}) = 0: {x} = {fmt(-c)} / {fmt(b)} = {fmt(roots[0])}"
    else:
        return []
    second = _diff(g, 0)
    out = [solve, f"{name}''({x}) = {_show(second, [x])}"]
    for r in roots:
        curve = float(_eval(second, [Fraction(r)]))
        value = float(_eval(poly, [Fraction(r)]))
        kind = (
            "a local minimum"
            if curve > 0
            else "a local maximum"
            if curve < 0
            else "not decided by the second derivative"
        )
        out.append(f"{x} = {fmt(r)}: {name}''({fmt(r)}) = {fmt(curve)}, {kind}, {name}({fmt(r)}) = {fmt(value)}")
    return out


def read_polynomial(m: re.Match) -> tuple[list[str], dict] | None:
    """The variable names and the parsed polynomial of a `_FUNC` match ("f(x, y) = x^3 - 3x + y^2 at ..."): the body
    runs to the first word or mark that ends the formula; None when it does not parse."""
    names = [v.strip() for v in m[2].split(",")]
    body = re.split(
        r"\s(?:at|when|with|for|and|starting|start|from|using|if|is|wrt|the|so|but|then|which|where|has)\b|\?|,\s|\.\s",
        m[3] + " ",
    )[0]
    try:
        return names, _Parser(body.strip().rstrip("."), names).parse()
    except (ValueError, IndexError, ZeroDivisionError):
        return None


def calculus(question: str) -> Worked | None:
    if re.search(r"momentum", question, re.I) and momentum_steps(question):
        return None  # `momentum_steps` works the steps asked, plain gradient descent beside them
    if gd_quadratic(question):
        return None  # `gd_quadratic` works a quadratic's steps to a tolerance, or compares the rates asked
    m = _FUNC.search(question)
    if not m:
        return None
    name = m[1]
    read = read_polynomial(m)
    if read is None:
        return None
    names, poly = read
    if not poly or all(not any(k) for k in poly):
        return None  # a value ("Q(s, a) = 1.5"), not a function of its variables
    grads = [_diff(poly, i) for i in range(len(names))]
    steps = []
    if len(names) == 1:
        steps.append(f"{name}'({names[0]}) = {_show(grads[0], names)}")
    else:
        for v, g in zip(names, grads, strict=True):
            others = ", ".join(n for n in names if n != v)
            steps.append(f"d{name}/d{v} = {_show(g, names)} ({others} held fixed)")
    points = _points(question, names)
    point = points[0] if points else None
    critical = []
    if len(names) == 1 and re.search(r"critical|stationary|local (?:min|max)|turning point", question, re.I):
        critical = _critical_points(poly, name, names[0])
        steps += critical
    rates = learning_rates(question)
    start = _START_POINT.search(question)
    if start and len(found := [fraction(v) for v in re.findall(PLAIN, start[1])]) == len(names):
        point = found
    if rates and point is not None and re.search(r"gradient descent|\bsteps?\b|update|iterat", question, re.I):
        count = step_count(question)
        notes = []
        for lr in rates:
            head = f"learning rate {fmt(lr)}: " if len(rates) > 1 else ""
            losses = _descend(poly, names, name, grads, list(point), lr, count, steps, head)
            notes.append(_descent_note(poly, names, lr, losses, head))
        if _ASKS_BOUNCE.search(question) and (bounce := _bounce(poly, names, point)):
            steps.append(bounce)
        direction = _direction(grads, names, list(point), question)
        steps[len(names) : len(names)] = direction
        steps += _second_order_test(poly, names, name, question)
        cue = r"Gradient descent by hand"
        if any("cosine =" in d for d in direction):  # the angle to the minimum: the pitfall that works it
            cue = r"Expecting the negative gradient to point at the minimum"
            if len(rates) == 1 and (over := _overshoot(poly, names, grads, list(point), rates[0], question)):
                steps.append(over)
        return Worked("calculus", "s1-calculus", cue, tuple(steps), " ".join(notes))
    if points and len(names) == 1:
        second = _diff(grads[0], 0)
        asks_kind = re.search(r"\b(min(?:imum)?|max(?:imum)?|stationary|critical|saddle)\b", question, re.I)
        if asks_kind:
            steps.append(f"{name}''({names[0]}) = {_show(second, names)}")
        for p in points:
            at = fmt(p[0])
            slope = _eval(grads[0], p)
            steps.append(f"At {names[0]} = {at}: {name}'({at}) = {fmt(slope)}")
            if asks_kind:
                curve = _eval(second, p)
                if slope != 0:
                    kind = "the slope is not 0, so it is not a stationary point (neither a minimum nor a maximum)"
                elif curve > 0:
                    kind = f"{name}'({at}) = 0 and {name}''({at}) = {fmt(curve)} > 0: a local minimum"
                elif curve < 0:
                    kind = f"{name}'({at}) = 0 and {name}''({at}) = {fmt(curve)} < 0: a local maximum"
                else:
                    kind = f"{name}''({at}) = 0: the second-derivative test cannot tell"
                steps.append(f"At {names[0]} = {at}: {kind}")
        cue = r"\*\*Second derivative" if asks_kind else r"\*\*Derivative\*\*"
        return Worked("calculus", "s1-calculus", cue, tuple(steps))
    if point is not None:
        values = [_eval(g, list(point)) for g in grads]
        at = ", ".join(fmt(p) for p in point)
        if len(names) == 1:
            steps.append(f"At {names[0]} = {at}: {name}'({at}) = {fmt(values[0])}")
        else:
            for v, val in zip(names, values, strict=True):
                steps.append(f"At ({at}): d{name}/d{v} = {fmt(val)}")
            steps.append(f"Gradient at ({at}) = ({', '.join(fmt(v) for v in values)})")
            steps += _direction(grads, names, list(point), question)
    steps += _second_order_test(poly, names, name, question)
    cue = r"\*\*Second derivative" if critical else r"\*\*Gradient\*\*: the vector"
    return Worked("calculus", "s1-calculus", cue, tuple(steps))


_ASKS_DIRECTION = re.compile(
    r"how long|\blength\b|magnitude|\bnorm\b|unit (?:direction|vector)|steepest|points? (?:straight )?(?:at|to)"
    r"|\bangle\b",
    re.I,
)
_AIMED_AT = re.compile(
    rf"(?:points?\s+(?:straight\s+|directly\s+|right\s+)?(?:at|to|towards?)\D{{0,30}}"
    rf"|(?:line|direction|path|vector|way)\s+(?:straight\s+|directly\s+)?(?:to|towards?)\s+(?:the\s+)?"
    rf"(?:minimum|minimizer|optimum|min)\s*(?:at|of|=|is)?\s*)"
    rf"\(\s*({PLAIN})\s*,\s*({PLAIN})\s*\)",
    re.I,
)
# the learner asks to check the point itself, not only the direction to it
_ASKS_KIND = re.compile(r"saddle|hessian|critical|stationary|second[- ]derivative|\bis\s+(?:it|that|this|\(0)", re.I)


def _direction(grads: list[Poly], names: list[str], point: list, question: str) -> list[str]:
    """For a question on the gradient's length or the steepest direction at a point: |∇f|, the unit
    direction of steepest descent, and, when the learner says it points at a point (the minimum), the
    direction to that point and the angle between the two."""
    if len(names) != 2 or not _ASKS_DIRECTION.search(question):
        return []
    g = [float(_eval(d, point)) for d in grads]
    size = math.hypot(*g)
    if size == 0:
        return []
    at = ", ".join(fmt(p) for p in point)
    unit = [-v / size for v in g]
    steps = [
        f"length of the gradient at ({at}): √({fmt(g[0])}² + {fmt(g[1])}²) = {fmt(size)}",
        f"steepest descent, as a unit direction: -∇f / |∇f| = ({fmt(unit[0])}, {fmt(unit[1])})",
    ]
    aim = _AIMED_AT.search(question)
    if aim:
        target = [float(fraction(aim[1])), float(fraction(aim[2]))]
        to = [t - float(p) for t, p in zip(target, point, strict=True)]
        length = math.hypot(*to)
        if length:
            toward = [v / length for v in to]
            cos = unit[0] * toward[0] + unit[1] * toward[1]
            angle = math.degrees(math.acos(max(-1.0, min(1.0, cos))))
            dot = -(g[0] * to[0] + g[1] * to[1])
            steps.append(
                f"step direction -∇f = ({fmt(-g[0])}, {fmt(-g[1])}); straight line to ({fmt(target[0])}, "
                f"{fmt(target[1])}): ({fmt(to[0])}, {fmt(to[1])}); cosine = {fmt(dot)} / (√{fmt(size * size)} × "
                f"√{fmt(length * length)}) = {fmt(dot)} / {fmt(size * length)} = {fmt(cos)}"
            )
            steps.append(
                f"direction to ({fmt(target[0])}, {fmt(target[1])}): ({fmt(toward[0])}, {fmt(toward[1])}); cosine with "
                f"the steepest-descent direction {fmt(cos)}, an angle of {fmt(angle, 1)}°"
                + ("" if abs(cos - 1) < 1e-9 else ": the negative gradient does not point at it")
            )
    return steps


def _overshoot(poly: Poly, names: list[str], grads: list[Poly], point: list, lr: Fraction, question: str) -> str | None:
    """After one step toward a minimum the learner names (checked: zero gradient, positive-definite Hessian),
    the coordinates that jumped past the minimum's coordinate: the zig-zag across a narrow valley."""
    aim = _AIMED_AT.search(question)
    if not aim or len(names) != 2:
        return None
    target = [fraction(aim[1]), fraction(aim[2])]
    if any(_eval(g, target) for g in grads):
        return None
    fxx, fyy, fxy = (_eval(_diff(grads[i], j), target) for i, j in ((0, 0), (1, 1), (0, 1)))
    if not (fxx > 0 and fxx * fyy - fxy * fxy > 0) or max(sum(k) for k in poly) != 2:
        return None
    new = [x - lr * _eval(g, point) for x, g in zip(point, grads, strict=True)]
    crossed = [
        f"{v} went from {fmt(a)} to {fmt(b)}, past the minimum's {v} = {fmt(t)}"
        for v, a, b, t in zip(names, point, new, target, strict=True)
        if (a - t) * (b - t) < 0
    ]
    if not crossed:
        return None
    return "; ".join(crossed) + ": the step overshot across the valley (the zig-zag of an elongated bowl)"


_CLAIMED_POINT = re.compile(
    rf"(?:zero|vanish\w*|critical point|stationary point|minimum|maximum|saddle)\D{{0,25}}"
    rf"\(\s*({PLAIN})\s*,\s*({PLAIN})\s*\)",
    re.I,
)


def _second_order_test(poly: Poly, names: list[str], name: str, question: str) -> list[str]:
    """For a function of two variables and a point the learner calls a zero of the gradient or a
    minimum ("the gradient is zero at (0, 0) so that has to be the minimum"): the gradient there and
    the Hessian's test (heldout20: x^2 - 2y^2 has a saddle at (0, 0), and descent rightly leaves it). Not
    when the point only names where a direction aims ("the straight line to the minimum at (0, 0)") and
    nothing asks about the point itself (heldout h32)."""
    m = _CLAIMED_POINT.search(question)
    if len(names) != 2 or not m:
        return []
    aim = _AIMED_AT.search(question)
    aimed_only = aim and aim.start() <= m.end(2) <= aim.end() and _ASKS_DIRECTION.search(question)
    if aimed_only and not _ASKS_KIND.search(question):
        return []
    point = [fraction(m[1]), fraction(m[2])]
    at = ", ".join(fmt(p) for p in point)
    grads = [_diff(poly, i) for i in range(2)]
    g = [_eval(d, point) for d in grads]
    (a, b), c = names, name
    fxx, fyy, fxy = (_eval(_diff(grads[i], j), point) for i, j in ((0, 0), (1, 1), (0, 1)))
    det = fxx * fyy - fxy * fxy
    steps = [f"at ({at}): gradient = ({fmt(g[0])}, {fmt(g[1])})"]
    if any(g):
        return steps + [f"the gradient at ({at}) is not zero, so ({at}) is not a critical point"]
    steps.append(
        f"second derivatives at ({at}): d²{c}/d{a}² = {fmt(fxx)}, d²{c}/d{b}² = {fmt(fyy)}, "
        f"d²{c}/d{a}d{b} = {fmt(fxy)}; "
        f"Hessian determinant = {fmt(fxx)} × {fmt(fyy)} - {fmt(fxy)}² = {fmt(det)}"
    )
    if det < 0:
        kind = "a saddle point, not a minimum: the function curves up in one direction and down in another"
    elif det > 0:
        kind = "a local minimum" if fxx > 0 else "a local maximum"
    else:
        kind = "the second-derivative test cannot tell (determinant 0)"
    return steps + [f"({at}) is {kind}"]


def _points(question: str, names: list[str]) -> list[list[Fraction]]:
    """The points the question names, in order: "at (1, 2)", or "x = 3" (one variable: up to three
    of them, "slope at x = 3? is x = 1 a min?"); [] when unclear."""
    m = _POINT.search(question)
    if m:
        values = [fraction(v) for v in re.findall(PLAIN, m[1])]
        return [values] if len(values) == len(names) else []
    per_name = []
    for n in names:
        hits = list(dict.fromkeys(re.findall(rf"\b{n}(?:_?0)?\s*=\s*({NUM})", question)))
        if not hits:
            return []
        per_name.append(hits)
    if len(names) == 1:
        return [[fraction(v)] for v in per_name[0][:3]]
    if any(len(h) != 1 for h in per_name):
        return []
    return [[fraction(h[0]) for h in per_name]]


def _at(names: list[str], x: list[Fraction]) -> str:
    return ", ".join(f"{n} = {fmt(v)}" for n, v in zip(names, x, strict=True))


def _descent_note(poly: Poly, names: list[str], lr: Fraction, losses: list[Fraction], head: str = "") -> str:
    """What the steps show: the loss falling or growing, and for a one-variable quadratic the factor
    each step multiplies the distance to the minimum by, (1 - lr L''), as the reading derives."""
    if losses[-1] == losses[0]:  # heldout23: "the loss grows from 25 to 25" for a bounce
        note = f"{head.capitalize()}the loss is back at {fmt(losses[0])}."
    else:
        trend = "falls" if losses[-1] < losses[0] else "grows"
        note = f"{head.capitalize()}the loss {trend} from {fmt(losses[0])} to {fmt(losses[-1])}."
    degree = max(sum(k) for k in poly)
    if len(names) == 1 and degree == 2:
        curve = _eval(_diff(_diff(poly, 0), 0), [Fraction(0)])
        if curve > 0:
            factor = 1 - lr * curve
            note += (
                f" For this quadratic L'' = {fmt(curve)}, so each step multiplies the distance to the minimum by "
                f"1 - {fmt(lr)} × {fmt(curve)} = {fmt(factor)}; steps converge only when that factor is between "
                f"-1 and 1, that is for learning rates between 0 and 2 / {fmt(curve)} = {fmt(2 / curve)}"
                + (
                    ", so this learning rate is too large and the steps overshoot further each time."
                    if abs(factor) > 1
                    else "."
                )
            )
    return note


_ASKS_BOUNCE = re.compile(
    r"bounc|oscillat|back and forth|forever|zig-?zag|ping-?pong|flip-?flop|diverg|blow(?:s|ing)? up", re.I
)


def _bounce(poly: Poly, names: list[str], point: list[Fraction]) -> str | None:
    """For a one-variable quadratic, the learning rate at which gradient descent swings forever between
    two points: the factor 1 - lr L'' is -1, so lr = 2 / L''; above it the distance grows."""
    if len(names) != 1 or max(sum(k) for k in poly) != 2:
        return None
    slope = _diff(poly, 0)
    curve, slope_at_0 = _eval(_diff(slope, 0), [Fraction(0)]), _eval(slope, [Fraction(0)])
    if curve <= 0:
        return None
    lowest, start = -slope_at_0 / curve, point[0]
    mirror = 2 * lowest - start
    v = names[0]
    return (
        f"it bounces back and forth forever when the factor is -1: 1 - η × {fmt(curve)} = -1, so η = 2 / {fmt(curve)} "
        f"= {fmt(2 / curve)}; each step then mirrors {v} across the minimum {v} = {fmt(lowest)}, so {v} alternates "
        f"between {fmt(start)} and {fmt(mirror)}, and any η above {fmt(2 / curve)} makes the distance grow, so the "
        "steps diverge"
    )


def learning_rates(question: str) -> list[Fraction]:
    """The learning rates named, in order ("with learning rate 0.25 ... bump it to 1.2"): at most two."""
    m = re.findall(
        rf"(?:learning rate|\blr\b|\beta\b|η|step size|alpha|α)\s*(?:of|=|:|is|to)?\s*(?:\w+\s+)?(?:to\s+)?({NUM})",
        question,
        re.I,
    )
    values = list(dict.fromkeys(m))
    return [fraction(v) for v in values] if 1 <= len(values) <= 2 else []


def _descend(poly, names, name, grads, x, lr, count, steps, head) -> list[Fraction]:
    """`count` gradient-descent steps from `x`, each appended to `steps`; the losses along the way."""
    losses = [_eval(poly, x)]
    steps.append(f"{head}start: {_at(names, x)}, {name} = {fmt(losses[0])}")
    for s in range(1, count + 1):
        g = [_eval(gi, x) for gi in grads]
        new = [xi - lr * gi for xi, gi in zip(x, g, strict=True)]
        losses.append(_eval(poly, new))
        if len(names) == 1:
            steps.append(
                f"{head}step {s}: {name}'({fmt(x[0])}) = {fmt(g[0])}, so {names[0]} = {fmt(x[0])} - {fmt(lr)} × "
                f"({fmt(g[0])}) = {fmt(new[0])}, and {name} = {fmt(losses[-1])}"
            )
        else:
            steps.append(
                f"{head}step {s}: gradient at ({', '.join(fmt(v) for v in x)}) = ({', '.join(fmt(v) for v in g)}), "
                f"so the point becomes ({', '.join(fmt(v) for v in new)}) and {name} = {fmt(losses[-1])}"
            )
        x = new
    return losses


_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}


def step_count(question: str) -> int:
    """How many steps are asked for: "3 steps", "two newton steps", "the first three iterates", "steps 1, 2 and 3",
    "steps 1-3", "after step 3", "the third update"; the furthest one when several are named."""
    counts = [1]
    for m in re.finditer(
        r"(\d+|one|two|three|four|five)\s+(?:(?!(?:and|or|to)\b)[a-z][\w-]*\s+){0,2}?(?:steps|iterations|updates)\b"
        r"|first\s+(\d+|two|three|four|five)\s+(?:\w+\s+)?(?:values|steps|iterates|iterations)",
        question,
        re.I,
    ):
        word = m[1] or m[2]
        counts.append(int(word) if word.isdigit() else WORDS[word.lower()])
    # numbered steps: "steps 1, 2 and 3", "iterations 1 to 4", "after step 3"
    for m in re.finditer(
        r"\b(?:steps?|iterations?|updates?|iterates?)\s+(\d+(?:\s*(?:,\s*and|,|and|-|to|through)\s*\d+)*)(?!\d|\.\d)",
        question,
        re.I,
    ):
        counts += [int(n) for n in re.findall(r"\d+", m[1])]
    ordinal = r"\b(first|second|third|fourth|fifth|\d+(?:st|nd|rd|th))\s+(?:steps?|iterations?|updates?)"
    for m in re.finditer(ordinal, question, re.I):
        word = m[1].lower()
        counts.append(_ORDINALS[word] if word in _ORDINALS else int(word[:-2]))
    return max(1, min(max(counts), 10))


# --- 12. dot product, cosine similarity, matrix times vector (s1-linear-algebra) -------------------

_NAMED_TUPLE = re.compile(rf"\b([a-zA-Z]\w?)\s*=\s*\(\s*({PLAIN}(?:\s*,\s*{PLAIN})+)\s*\)")


def named_products(question: str) -> Worked | None:
    """Two named square matrices and the products asked of them by name: AB, BA (not commutative), and
    NumPy's A * B, which multiplies entry by entry."""
    named = {m[1]: literal(m[2]) for m in _NAMED_MATRIX.finditer(question)}
    named = {n: m for n, m in named.items() if m is not None and len(shape_of(m) or ()) == 2}
    pairs = [(a, b) for a, b in re.findall(r"\b([A-Z])\s*(?:@\s*)?([A-Z])\b", question) if a in named and b in named]
    pairs = list(dict.fromkeys(pairs))
    elementwise = re.findall(r"\b([A-Z])\s*\*\s*([A-Z])\b", question)
    elementwise = [(a, b) for a, b in elementwise if a in named and b in named]
    if not pairs and not elementwise:
        return None

    def matmul(x: list, y: list) -> list | None:
        if len(x[0]) != len(y):
            return None
        return [[sum(x[i][k] * y[k][j] for k in range(len(y))) for j in range(len(y[0]))] for i in range(len(x))]

    def show(m: list) -> str:
        return "[" + ", ".join(vec(row) for row in m) + "]"

    steps, results = [], {}
    for a, b in pairs[:3]:
        product = matmul(named[a], named[b])
        if product is None:
            return None
        results[(a, b)] = product
        steps.append(f"{a}{b} = {show(product)} (entry (i, j) = row i of {a} · column j of {b})")
    if len(results) >= 2:
        (p1, m1), (p2, m2) = list(results.items())[:2]
        if set(p1) == set(p2) and p1 != p2:
            same = "equal here" if m1 == m2 else "not equal: matrix multiplication is not commutative"
            steps.append(f"{''.join(p1)} and {''.join(p2)} are {same}")
    for a, b in elementwise[:1]:
        x, y = named[a], named[b]
        if shape_of(x) != shape_of(y):
            return None
        prod = [[u * v for u, v in zip(rx, ry, strict=True)] for rx, ry in zip(x, y, strict=True)]
        steps.append(f"NumPy's {a} * {b} multiplies entry by entry: {show(prod)} (the matrix product is {a} @ {b})")
    return Worked("named_products", "s1-linear-algebra", r"\*\*Matrix product\*\*", tuple(steps))


def linalg(question: str) -> Worked | None:
    """Products of the arrays the question gives, taken in pairs: a matrix and a vector (A v), two
    matrices (AB), two vectors (dot product, cosine when asked). Vectors may be named tuples
    ("a = (3, 0, 4)") when the question asks for a dot product or cosine."""
    if not re.search(r"dot|cosine|inner product|multiply|product|times|@|matmul|orthogonal|\bA ?v\b", question, re.I):
        return None
    if re.search(r"eigen|attention|\bquer(?:y|ies)\b|\bkeys?\b|item[- ]based", question, re.I):
        return None  # other computations on the same arrays (eigen, attention, item-based CF)
    if (analogy := _analogy(question)) is not None:
        return analogy if analogy.steps else None
    arrays = [v for _, t in bracketed(question) if (v := literal(t)) is not None and shape_of(v)]
    if not arrays and re.search(r"dot|cosine|orthogonal", question, re.I):
        arrays = [[float(x) for x in re.findall(PLAIN, m[2])] for m in _NAMED_TUPLE.finditer(question)]
    if len(arrays) < 2 or len(arrays) > 4:
        return None
    if len(arrays) == 3:
        if len(shape_of(arrays[0])) == 2:
            pairs = (
                [(arrays[0], arrays[1]), (arrays[1], arrays[2])]
                if len(shape_of(arrays[1])) == 2
                else [(arrays[0], arrays[1])]
            )
        else:
            pairs = [(arrays[0], arrays[1]), (arrays[0], arrays[2])]  # a compared with b, then with c
    else:
        pairs = list(zip(arrays[0::2], arrays[1::2], strict=True))
    steps: list[str] = []
    notes: list[str] = []
    for a, b in pairs:
        done = _product(a, b, question)
        if done is None:
            return None
        steps += done[0]
        notes += [done[1]] if done[1] else []
    return Worked("linalg", "s1-linear-algebra", r"\*\*Dot product\*\*", tuple(steps), " ".join(notes))


_NAMED_VECTOR = re.compile(r"\b([A-Za-z_]\w*)\s*=\s*(\[[^\[\]]*\])")
_SUM_OF_NAMES = re.compile(r"\b([A-Za-z_]\w*)((?:\s*[-+]\s*[A-Za-z_]\w*){2,})")


def _cosine(a: list[float], b: list[float]) -> float | None:
    na, nb = math.sqrt(sum(x * x for x in a)), math.sqrt(sum(y * y for y in b))
    return sum(x * y for x, y in zip(a, b, strict=True)) / (na * nb) if na and nb else None


def _analogy(question: str) -> Worked | None:
    """Named vectors combined ("king - man + woman") and the result compared by cosine with the
    vectors named after it ("with queen and with king"): None when the message combines no named
    vectors; a Worked with no steps when it does but they cannot all be read (then nothing is shown:
    heldout20 got the cosines of neighbouring pairs instead, a false claim)."""
    vectors = {m[1]: v for m in _NAMED_VECTOR.finditer(question) if (v := literal(m[2])) and len(shape_of(v)) == 1}
    found = next((m for m in _SUM_OF_NAMES.finditer(question) if m[1] in vectors), None)
    if len(vectors) < 3 or found is None:
        return None
    terms = [("+", found[1])] + re.findall(r"([-+])\s*([A-Za-z_]\w*)", found[2])
    if any(name not in vectors for _, name in terms) or len({len(vectors[n]) for _, n in terms}) != 1:
        return Worked("linalg", "s1-linear-algebra", r"\*\*Dot product\*\*", ())
    result = [0.0] * len(vectors[terms[0][1]])
    for sign, name in terms:
        result = [r + (1 if sign == "+" else -1) * x for r, x in zip(result, vectors[name], strict=True)]
    expression = " ".join(f"{sign} {name}" for sign, name in terms)[2:]
    shown = " ".join(f"{sign} {vec(vectors[name])}" for sign, name in terms)[2:]
    steps = [f"{expression} = {shown} = {vec([round(x, 6) for x in result])}"]
    after = question[found.end() :]
    targets = [n for n in dict.fromkeys(re.findall(r"[A-Za-z_]\w*", after)) if n in vectors]
    for name in targets or [n for n in vectors if n not in {t for _, t in terms}]:
        c = _cosine(result, vectors[name])
        if c is None:
            return Worked("linalg", "s1-linear-algebra", r"\*\*Dot product\*\*", ())
        steps.append(f"cosine({expression}, {name} {vec(vectors[name])}) = {fmt(c)}")
    return Worked("linalg", "s1-linear-algebra", r"\*\*Dot product\*\*", tuple(steps))


def _product(a: list, b: list, question: str) -> tuple[list[str], str] | None:
    """The steps and a note for one product; None when the pair is not a product this can show."""
    sa, sb = shape_of(a), shape_of(b)
    if not sa or not sb:
        return None
    if len(sa) == 1 and len(sb) == 1:
        if sa != sb:
            return None
        dot = sum(x * y for x, y in zip(a, b, strict=True))
        products = " + ".join(f"{factor(x)} × {factor(y)}" for x, y in zip(a, b, strict=True))
        steps = [f"{vec(a)} · {vec(b)} = {products} = {fmt(dot)}"]
        note = f"{vec(a)} and {vec(b)} have dot product 0, so they are orthogonal." if dot == 0 else ""
        if dot != 0 and re.search(r"orthogonal|perpendicular", question, re.I):
            note = f"{vec(a)} and {vec(b)} have a non-zero dot product, so they are not orthogonal."
        if re.search(r"cosine|angle|similar", question, re.I):
            na, nb = math.sqrt(sum(x * x for x in a)), math.sqrt(sum(y * y for y in b))
            if na and nb:
                steps.append(
                    f"cosine = {fmt(dot)} / (||{vec(a)}|| × ||{vec(b)}||) = {fmt(dot)} / ({fmt(na)} × {fmt(nb)}) "
                    f"= {fmt(dot / (na * nb))}"
                )
        return steps, note
    if len(sa) == 2 and len(sb) == 1:
        if sa[1] != sb[0]:
            return [f"A is {sa[0]} × {sa[1]} and v has {sb[0]} entries: the inner dimensions differ"], (
                "The product A v is not defined."
            )
        result = [sum(x * y for x, y in zip(row, b, strict=True)) for row in a]
        steps = [
            f"row {i + 1} · v = "
            + " + ".join(f"{factor(x)} × {factor(y)}" for x, y in zip(row, b, strict=True))
            + f" = {fmt(value)}"
            for i, (row, value) in enumerate(zip(a, result, strict=True))
        ]
        steps.append(
            f"A v = {vec(result)}, shape ({sa[0]},): a ({sa[0]} × {sa[1]}) matrix times a length-{sb[0]} vector"
        )
        return steps, ""
    if len(sa) == 2 and len(sb) == 2:
        if sa[1] != sb[0]:
            return [f"A is {sa[0]} × {sa[1]} and B is {sb[0]} × {sb[1]}: the inner dimensions differ"], (
                "The product AB is not defined."
            )
        cols = list(zip(*b, strict=True))
        result = [[sum(x * y for x, y in zip(row, col, strict=True)) for col in cols] for row in a]
        steps = [f"A is {sa[0]} × {sa[1]}, B is {sb[0]} × {sb[1]}, so AB is {sa[0]} × {sb[1]}"]
        steps += [
            f"entry ({i + 1}, {j + 1}) = row {i + 1} of A · column {j + 1} of B = {fmt(result[i][j])}"
            for i in range(len(a))
            for j in range(len(cols))
        ][:9]
        steps.append("AB = [" + ", ".join(vec(r) for r in result) + "]")
        return steps, ""
    return None


# --- eigenvalues and eigenvectors of a 2 x 2 matrix (s1-linear-algebra) ----------------------------


def _small(v: list[float]) -> list[float]:
    """An eigenvector scaled to read simply: the first non-zero entry made 1."""
    lead = next((x for x in v if abs(x) > 1e-12), 1.0)
    return [x / lead for x in v]


_NAMED_MATRIX = re.compile(r"\b([A-Z])\s*=\s*(\[\s*\[[^\]]*\]\s*,\s*\[[^\]]*\]\s*\])")


def eigen(question: str) -> Worked | None:
    if not re.search(r"eigen", question, re.I):
        return None
    mats = [v for _, t in bracketed(question) if (v := literal(t)) is not None and shape_of(v) == (2, 2)]
    # several named matrices: the one named last before the eigenvalues are asked ("A = ... and B = ...:
    # AB? Separately, for C = [[1, 2], [2, 4]]: ... its eigenvalues?" is C's); else one named A ("A =
    # [[4, 1], [2, 3]] ... like in the [[2,1],[1,2]] example")
    named = [(m.start(), m[1], literal(m[2])) for m in _NAMED_MATRIX.finditer(question)]
    named = [(at, name, m) for at, name, m in named if m is not None and shape_of(m) == (2, 2)]
    asked = re.search(r"eigen", question, re.I).start()
    before = [m for at, _, m in named if at < asked]
    name = "A"  # the matrix as the steps call it: the learner's own name for it when there are several
    if len(mats) > 1 and len(named) > 1 and before:
        mats = [before[-1]]
        name = [n for at, n, _ in named if at < asked][-1]
    elif len(mats) > 1 and [m for _, name, m in named if name == "A"]:
        mats = [m for _, name, m in named if name == "A"][:1]
    if len(mats) != 1:
        return None
    (a, b), (c, d) = mats[0]
    tr, det = a + d, a * d - b * c
    disc = tr * tr - 4 * det
    steps = [
        f"det({name} - λI) = ({fmt(a)} - λ)({fmt(d)} - λ) - {factor(b)} × {factor(c)} = λ² - {factor(tr)}λ "
        f"+ {factor(det)} = 0"
    ]
    if disc < 0:
        steps.append(f"discriminant {fmt(tr)}² - 4 × {factor(det)} = {fmt(disc)} < 0: the eigenvalues are complex")
        re_, im = tr / 2, math.sqrt(-disc) / 2
        steps.append(
            f"λ = ({fmt(tr)} ± i√{fmt(-disc)}) / 2 = {fmt(re_)} ± {'' if im == 1 else fmt(im)}i; check: sum "
            f"{fmt(2 * re_)} = trace, "
            f"product {fmt(re_)}² + {fmt(im)}² = {fmt(re_ * re_ + im * im)} = determinant"
        )
        doubt = re.search(r"\b(?:bug|broken|wrong|error)\b", question, re.I)
        note = (
            f"{'Not a numerical bug: a' if doubt else 'A'} real matrix that is not symmetric can have complex "
            "eigenvalues (it rotates every vector, so no real direction is only stretched)."
        )
        return Worked("eigen", "s1-linear-algebra", r"Characteristic equation", tuple(steps), note)
    root = math.sqrt(disc)
    lams = [(tr + root) / 2, (tr - root) / 2]
    steps.append(f"λ = ({fmt(tr)} ± √{fmt(disc)}) / 2 = {fmt(lams[0])} and {fmt(lams[1])}")
    steps.append(
        f"check: sum {fmt(lams[0] + lams[1])} = trace {fmt(tr)}, product {fmt(lams[0] * lams[1])} = "
        f"determinant {fmt(det)}"
    )
    if det == 0 and any(mats[0][0] + mats[0][1]):
        steps.append("determinant 0, so an eigenvalue is 0: the matrix is singular (not invertible) and has rank 1")
    vectors = []
    for lam in dict.fromkeys(lams):
        if abs(b) > 1e-12:
            v = [b, lam - a]
        elif abs(c) > 1e-12:
            v = [lam - d, c]
        else:
            v = [1.0, 0.0] if abs(lam - a) < 1e-12 else [0.0, 1.0]
        v = _small(v)
        vectors.append(v)
        av = [a * v[0] + b * v[1], c * v[0] + d * v[1]]
        steps.append(f"λ = {fmt(lam)}: eigenvector {vec(v)} ({name} {vec(v)} = {vec(av)} = {fmt(lam)} × {vec(v)})")
    note = ""
    if len(vectors) == 2:
        dot = vectors[0][0] * vectors[1][0] + vectors[0][1] * vectors[1][1]
        if abs(b - c) < 1e-12:
            note = "The matrix is symmetric, so its eigenvectors are orthogonal (the spectral theorem)."
        else:
            note = (
                f"The matrix is not symmetric ({fmt(b)} ≠ {fmt(c)}), so nothing makes its eigenvectors orthogonal: "
                f"here their dot product is {fmt(dot)}. Orthogonal eigenvectors are guaranteed only "
                "for symmetric matrices."
            )
    if re.search(r"condition(?:ing)? number|\bcond\b", question, re.I) and (step := _condition(a, b, c, d)):
        steps.append(step)
    rank_one = bool(re.search(r"rank[- ]?(?:1|one)\b|low[- ]rank", question, re.I))
    if rank_one or re.search(r"singular values?|\bsvd\b", question, re.I):
        steps += _rank_one(a, b, c, d)[: 2 if rank_one else 1]
    return Worked("eigen", "s1-linear-algebra", r"Characteristic equation", tuple(steps), note)


def _rank_one(a: float, b: float, c: float, d: float) -> list[str]:
    """The singular values, and the best rank-1 approximation σ1 u1 v1ᵀ (Eckart-Young)."""
    top, low, v = symmetric_eigen(a * a + c * c, a * b + c * d, b * b + d * d)  # of AᵀA
    s1, s2 = math.sqrt(top), math.sqrt(max(low, 0.0))
    if s1 < 1e-12:
        return []
    u = [(a * v[0] + b * v[1]) / s1, (c * v[0] + d * v[1]) / s1]
    best = [[s1 * u[0] * v[0], s1 * u[0] * v[1]], [s1 * u[1] * v[0], s1 * u[1] * v[1]]]
    symmetric = abs(b - c) < 1e-12
    how = "the absolute values of the eigenvalues, A being symmetric" if symmetric else "√ of the eigenvalues of AᵀA"
    return [
        f"singular values ({how}): σ1 = {fmt(s1)}, σ2 = {fmt(s2)}",
        f"best rank-1 approximation = σ1 u1 v1ᵀ with v1 = {vec([round(x, 4) for x in v])}, u1 = A v1 / σ1 = "
        f"{vec([round(x, 4) for x in u])}: [[{fmt(best[0][0])}, {fmt(best[0][1])}], [{fmt(best[1][0])}, "
        f"{fmt(best[1][1])}]]; the error it leaves has size σ2 = {fmt(s2)} (Eckart-Young)",
    ]


def _condition(a: float, b: float, c: float, d: float) -> str | None:
    """sigma_max / sigma_min, the singular values being the square roots of A^T A's eigenvalues."""
    p, q, r = a * a + c * c, a * b + c * d, b * b + d * d  # A^T A = [[p, q], [q, r]]
    root = math.sqrt(max((p - r) ** 2 + 4 * q * q, 0.0))
    high, low = math.sqrt((p + r + root) / 2), math.sqrt(max((p + r - root) / 2, 0.0))
    if low < 1e-12:
        return "condition number: the smallest singular value is 0, so A is singular (infinitely ill-conditioned)"
    if abs(b - c) < 1e-12:
        how = "A is symmetric, so its singular values are the absolute values of its eigenvalues"
    else:
        how = "singular values = square roots of the eigenvalues of AᵀA"
    return f"condition number = σ_max / σ_min = {fmt(high)} / {fmt(low)} = {fmt(high / low)} ({how})"


# --- two linear equations in two unknowns (s1-linear-algebra) --------------------------------------

_TERM = r"([+-]?\s*\d*\.?\d*)\s*\*?\s*([a-z])"
_EQUATION = re.compile(
    rf"(?<![\w.]){_TERM}\s*([+-])\s*(\d*\.?\d*)\s*\*?\s*([a-z])\s*=\s*(-?\d+(?:\.\d+)?)(?!\w|\.\d)", re.I
)


def _coefficient(text: str) -> float:
    """'2' -> 2, '' or '+' -> 1, '-' -> -1 (the number written before a variable)."""
    text = text.replace(" ", "")
    return -1.0 if text == "-" else 1.0 if text in ("", "+") else float(text)


def linear_system(question: str) -> Worked | None:
    """Two equations a x + b y = e and c x + d y = f: the determinant, the inverse, the solution
    x = A^-1 b and the check; none when the determinant is 0 or the unknowns differ."""
    found = list(_EQUATION.finditer(question))
    if len(found) != 2:
        return None
    rows, names = [], []
    for m in found:
        first, second = m[2].lower(), m[5].lower()
        if first == second:
            return None
        b = _coefficient(m[4]) * (-1 if m[3] == "-" else 1)
        coefficients = {first: _coefficient(m[1]), second: b}
        rows.append((coefficients, float(m[6])))
        names.append((first, second))
    u, v = names[0]
    if set(names[1]) != {u, v}:
        return None
    (r1, e), (r2, f) = rows
    a, b, c, d = r1[u], r1[v], r2[u], r2[v]
    det = a * d - b * c
    if det == 0:
        return None
    inv = [[d / det, -b / det], [-c / det, a / det]]
    x, y = inv[0][0] * e + inv[0][1] * f, inv[1][0] * e + inv[1][1] * f
    steps = (
        f"A = [[{fmt(a)}, {fmt(b)}], [{fmt(c)}, {fmt(d)}]] for the unknowns ({u}, {v}), right-hand side "
        f"[{fmt(e)}, {fmt(f)}]",
        f"det(A) = {factor(a)} × {factor(d)} - {factor(b)} × {factor(c)} = {fmt(det)}",
        f"A^-1 = (1 / {factor(det)}) × [[{fmt(d)}, {fmt(-b)}], [{fmt(-c)}, {fmt(a)}]] = "
        f"[[{fmt(inv[0][0])}, {fmt(inv[0][1])}], [{fmt(inv[1][0])}, {fmt(inv[1][1])}]]",
        f"{u} = {factor(inv[0][0])} × {factor(e)} + {factor(inv[0][1])} × {factor(f)} = {fmt(x)}; "
        f"{v} = {factor(inv[1][0])} × {factor(e)} + {factor(inv[1][1])} × {factor(f)} = {fmt(y)}",
        f"check: {factor(a)} × {factor(x)} + {factor(b)} × {factor(y)} = {fmt(a * x + b * y)}; "
        f"{factor(c)} × {factor(x)} + {factor(d)} × {factor(y)} = {fmt(c * x + d * y)}",
    )
    note = (
        "In NumPy, np.linalg.solve(A, b) gives the same answer without forming the inverse, which is faster and "
        "more stable numerically; a determinant of 0 would mean no unique solution."
    )
    return Worked("linear_system", "s1-linear-algebra", r"\*\*Identity and inverse\*\*", steps, note)


# --- truncated SVD: storage, break-even rank and the error from the kept energy (s1-linear-algebra) --

_DIMS = re.compile(r"\b(\d{1,6})\s*(?:x|×|by)\s*(\d{1,6})\b")
_KEPT = re.compile(
    r"(?:top|first|keep(?:ing)?(?:\s+(?:only\s+)?(?:the\s+)?(?:top|first|largest)?)?|rank[- ]?|\bk\s*=)\s*(\d{1,6})\b",
    re.I,
)
_ENERGY = re.compile(
    rf"({NUM})\s*%\s+of\s+(?:the\s+)?(?:sum of (?:the\s+)?squared singular values|(?:total\s+)?energy|"
    r"squared singular values|variance|total variance)",
    re.I,
)


def svd_storage(question: str) -> Worked | None:
    """A rank-k truncated SVD of an m x n matrix (an image compressed, say): the numbers stored,
    k(m + n + 1) against mn, the compression ratio, the largest k that still saves space, and, given the
    share of squared singular values kept, the relative Frobenius error sqrt(1 - share) by Eckart-Young."""
    if not re.search(r"\bSVD\b|singular value", question, re.I):
        return None
    dims, kept = _DIMS.search(question), _KEPT.search(question)
    if not dims or not kept:
        return None
    m, n, k = int(dims[1]), int(dims[2]), int(kept[1])
    if not (1 <= k < min(m, n)) or m < 2 or n < 2:
        return None
    stored, full = k * (m + n + 1), m * n
    steps = [
        f"rank {k}: {k} left singular vectors of length {m}, {k} right singular vectors of length {n} and {k} "
        f"singular values, so {k} × ({m} + {n} + 1) = {fmt(stored)} numbers, against {m} × {n} = {fmt(full)} for "
        f"the full matrix",
        f"that is {pct(stored / full)} of the original, a compression ratio of {fmt(full / stored, 2)} : 1",
        f"storage is smaller only while k ({m} + {n} + 1) < {fmt(full)}, that is k < {fmt(full)} / {m + n + 1} = "
        f"{fmt(full / (m + n + 1), 2)}, so from k = {math.floor(full / (m + n + 1)) + 1} on nothing is saved",
    ]
    note = (
        "The truncated SVD is the best rank-k approximation (Eckart-Young), and its squared Frobenius error is "
        "the sum of the squared singular values left out."
    )
    energy = _ENERGY.search(question)
    if energy:
        share = float(energy[1].replace(",", "")) / 100
        if 0 < share < 1:
            err = math.sqrt(1 - share)
            steps.append(
                f"kept share of the squared singular values {pct(share)}, so the relative error "
                f"||A - A_k||_F / ||A||_F "
                f"= √(1 - {fmt(share)}) = √{fmt(1 - share)} = {fmt(err)}, about {pct(err)}"
            )
            note += (
                f" The {pct(share)} counts squared singular values (energy); the Frobenius norm takes a square root, "
                f"so the error is {pct(err)}, not {pct(1 - share)}."
            )
    return Worked("svd_storage", "s1-linear-algebra", r"Eckart-Young", tuple(steps), note)


# --- what a 2 x 2 matrix does to areas: |det|, orientation, collapse (s1-linear-algebra) ------------

# the method's own words: the determinant named, or what a map does to areas and orientation
_DET_WORDS = re.compile(r"\bdeterminants?\b|\bdet\b|orientation|parallelogram|squash|collapse", re.I)
_AREA_WORDS = re.compile(r"\bareas?\b|\bflips?\b|reflect|mirror", re.I)
_MAP_WORDS = re.compile(r"\bappl(?:y|ies|ied)\b|transform|\bmaps?\b|points|plane|square|triangle|rectangle|shape", re.I)
_NOT_GEOMETRY = re.compile(r"confusion|\broc\b|\bauc\b|under the curve|precision|recall|accuracy", re.I)


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _shape_area(question: str) -> tuple[float, str] | None:
    """The area of the input shape the question names, with how it was found ("2 × 2 = 4"); None when none
    or two different ones are named."""
    found: set[tuple[float, str]] = set()
    if re.search(r"\bunit square\b", question, re.I):
        found.add((1.0, "unit square: area 1"))
    for m in re.finditer(
        rf"\bsquare\s+(?:of|with)\s+(?:a\s+)?side(?:\s+length)?\s*(?:of|=)?\s*({NUM})", question, re.I
    ):
        s = _number(m[1])
        found.add((s * s, f"square of side {fmt(s)}: area {fmt(s)} × {fmt(s)} = {fmt(s * s)}"))
    for m in re.finditer(rf"\b({NUM})\s*(?:x|×|by)\s*({NUM})\s+(?:square|rectangle)", question, re.I):
        w, h = _number(m[1]), _number(m[2])
        found.add((w * h, f"{fmt(w)} × {fmt(h)} shape: area {fmt(w * h)}"))
    for m in re.finditer(
        rf"\brectangle\s+(?:of|with sides?)?\s*({NUM})\s*(?:x|×|by)\s*({NUM})(?!\s*(?:x|×|by))", question, re.I
    ):
        w, h = _number(m[1]), _number(m[2])
        found.add((w * h, f"{fmt(w)} × {fmt(h)} shape: area {fmt(w * h)}"))
    for m in re.finditer(rf"\b(?:of|with|has|an?)\s+area\s*(?:of|=|is)?\s*({NUM})(?!\s*(?:x|×|by))", question, re.I):
        a = _number(m[1])
        found.add((a, f"input shape: area {fmt(a)}"))
    areas = {a for a, _ in found}
    if len(areas) != 1 or next(iter(areas)) <= 0:
        return None
    return min(found, key=lambda f: len(f[1]))


def _asked_of(words: re.Pattern, name: str, question: str, count: int) -> bool:
    """Does the question ask `words` (invert, inverse) of the matrix `name`: within a few words of its name, or
    anywhere when it is the only matrix?"""
    if count == 1:
        return bool(words.search(question))
    near = rf"(?:{words.pattern})\W+(?:\w+\W+){{0,2}}?{name}\b|\b{name}\W+(?:\w+\W+){{0,2}}?(?:{words.pattern})"
    return bool(re.search(near, question, re.I))


def determinant_area(question: str) -> Worked | None:
    """What a 2 x 2 matrix does to areas: det = ad - bc; |det| scales every area, a negative det flips
    orientation, det = 0 squashes the plane onto a line (dependent columns, no inverse). With the area of an
    input shape given (a square of side 2), its area after the map."""
    if _NOT_GEOMETRY.search(question):
        return None
    if not _AREA_WORDS.search(question) and not re.search(r"orientation|parallelogram|squash|collapse", question, re.I):
        return None  # the determinant asked for itself (a trace check, a conditioning premise): `eigen`'s to show
    if not _DET_WORDS.search(question) and not _MAP_WORDS.search(question):
        return None
    arrays = [(at, v) for at, t in bracketed(question) if (v := literal(t)) is not None and shape_of(v)]
    if any(len(shape_of(v)) > 2 or (len(shape_of(v)) == 2 and shape_of(v) != (2, 2)) for _, v in arrays):
        return None  # a matrix this does not read (3 x 3, 2 x 3): which one is meant is not clear
    mats = [(at, v) for at, v in arrays if shape_of(v) == (2, 2)]
    if not mats or len(mats) > 3:
        return None
    names = {m.start(2): m[1] for m in _NAMED_MATRIX.finditer(question)}
    named = [(names.get(at), v) for at, v in mats]
    if len(named) > 1 and any(n is None for n, _ in named):
        return None  # two matrices, not both named: which the question asks of is not clear
    if len(named) == 1 and named[0][0] is None:
        named = [("A", named[0][1])]
    shape = _shape_area(question)
    steps: list[str] = []
    if shape:
        steps.append(shape[1])
    inverse = re.compile(r"invert|inverse|undo|recover", re.I)
    singular = False
    for name, ((a, b), (c, d)) in named:
        det = a * d - b * c
        steps.append(f"det {name} = {factor(a)} × {factor(d)} - {factor(b)} × {factor(c)} = {fmt(det)}")
        if abs(det) > 1e-12:
            line = f"{name} scales every area by |det {name}| = {fmt(abs(det))}"
            if shape:
                line += f": the shape's area {fmt(shape[0])} becomes {fmt(shape[0])} × {fmt(abs(det))} = "
                line += f"{fmt(shape[0] * abs(det))}"
            steps.append(line)
            if det < 0:
                steps.append(f"det {name} < 0: {name} also flips orientation, as a reflection does")
            else:
                steps.append(f"det {name} > 0: {name} keeps orientation (no flip)")
            if _asked_of(inverse, name, question, len(named)):
                inv = [[d / det, -b / det], [-c / det, a / det]]
                steps.append(
                    f"det {name} ≠ 0, so {name} is invertible: {name}^-1 = (1 / {factor(det)}) × "
                    f"[[{fmt(d)}, {fmt(-b)}], [{fmt(-c)}, {fmt(a)}]] = [{vec(inv[0])}, {vec(inv[1])}]"
                )
            continue
        singular = True
        c1, c2 = [a, c], [b, d]
        if not any(c1) and not any(c2):
            steps.append(f"{name} is all zeros: it sends every point to the origin (rank 0); every area becomes 0")
            continue
        if any(c1):
            lead = 0 if abs(a) > 1e-12 else 1
            t = c2[lead] / c1[lead]
            line = f"column 2 {vec(c2)} = {fmt(t)} × column 1 {vec(c1)}, so the columns are "
            line += f"linearly dependent and {name} squashes the plane onto the line through {vec(c1)} (rank 1)"
            pair = ([t, 0.0], [0.0, 1.0]) if abs(t) > 1e-12 else ([0.0, 1.0], [0.0, 0.0])
        else:
            line = f"column 1 is [0, 0], so {name} squashes the plane onto the line through "
            line += f"{vec(c2)} (rank 1)"
            pair = ([1.0, 0.0], [0.0, 0.0])
        steps.append(line)
        out = [a * pair[0][0] + b * pair[0][1], c * pair[0][0] + d * pair[0][1]]
        area = f"; the shape's area {fmt(shape[0])} becomes 0" if shape else ""
        steps.append(f"every area becomes 0{area}")
        steps.append(
            f"different inputs land on the same output: {name} {vec(pair[0])} = {vec(out)} and {name} "
            f"{vec(pair[1])} = {vec(out)}, so no inverse can recover the original points"
        )
    note = "The absolute value of the determinant is the factor by which the matrix scales areas; its sign says "
    note += "whether orientation is kept (+) or flipped (-)."
    if singular:
        note += (
            " A zero determinant means the matrix has no inverse: NumPy's inv raises LinAlgError: Singular matrix "
            "when it detects an exact dependence (rounding can hide one)."
        )
    return Worked(
        "determinant_area", "s1-linear-algebra", r"\*\*Determinant\*\*: the absolute value of det A", tuple(steps), note
    )

"""Derivatives of one-variable functions beyond polynomials (ln, exp, sqrt, sigmoid, tanh), by the chain
rule, with gradient-descent and Newton steps, stationary points and convexity. Pure functions; SymPy (a
dependency of PyTorch, imported only when a question names such a function) does the algebra.

Polynomials are `maths.calculus`'s; this takes "f(w) = ln(1 + w^2)", "f(x) = x^2 - ln(x)" and the like.
The learner's text reaches SymPy's parser only after every word in it is checked against a short list of
function names and the one variable, so nothing else can be evaluated."""

from __future__ import annotations

import math
import re

from app.answering.compute.maths import learning_rates, step_count
from app.answering.compute.parse import NUM, Worked, fmt

# "f(w) = ...", "L(x) = ..." with one variable; the body may name the functions below
_FUNC1 = re.compile(r"\b([a-zA-Z])\s*\(\s*([a-z])\s*\)\s*=\s*([^=?]+)")
_NOT_POLY = re.compile(r"\b(?:ln|log|exp|sqrt|sigmoid|sigma|tanh|sin|cos)\s*\(|\be\s*\^", re.I)
_START = re.compile(
    rf"(?:\bstart(?:ing|s)?\s+(?:at|from)|\bfrom|initiali[sz]ed\s+(?:at|to)|\b[a-z]_?0)\s*(?:[a-z]_?0?\s*)?(?:=|at)?\s*({NUM})",
    re.I,
)
_AT = re.compile(rf"\bat\s+[a-z]\s*=\s*({NUM})")


def _formula(body: str, var: str):
    """The SymPy expression of `body`'s longest readable prefix, or None."""
    import sympy
    from sympy.parsing.sympy_parser import (
        convert_xor,
        implicit_multiplication_application,
        parse_expr,
        standard_transformations,
    )

    x = sympy.Symbol(var, real=True)
    names = {
        "ln": sympy.log,
        "log": sympy.log,
        "exp": sympy.exp,
        "sqrt": sympy.sqrt,
        "sigmoid": lambda u: 1 / (1 + sympy.exp(-u)),
        "sigma": lambda u: 1 / (1 + sympy.exp(-u)),
        "tanh": sympy.tanh,
        "sin": sympy.sin,
        "cos": sympy.cos,
        "e": sympy.E,
        var: x,
    }
    # the longest prefix that reads as a formula of the variable alone ("x^2 - ln(x) for x > 0")
    cuts = sorted({m.start() for m in re.finditer(r"[\s.,;:?]", body)} | {len(body)}, reverse=True)
    for cut in cuts:
        text = body[:cut].strip().rstrip(".")
        text = text.replace("²", "^2").replace("³", "^3").replace("−", "-").replace("**", "^")
        if not text or text.count("(") != text.count(")") or not re.fullmatch(r"[0-9a-z.\s+\-*/^()]+", text):
            continue
        if any(w not in names for w in re.findall(r"[a-z]+", text)):
            continue
        if re.search(r"\^\s*\(?[\d.\s]+\)?\s*\^|\^\s*\(?\s*\d{3,}", text):
            continue  # a power tower or a huge power ("9^9^9") would take SymPy forever to evaluate
        try:
            expr = parse_expr(
                text,
                local_dict=names,
                global_dict={"Integer": sympy.Integer, "Float": sympy.Float, "Rational": sympy.Rational},
                transformations=standard_transformations + (implicit_multiplication_application, convert_xor),
            )
        except Exception:  # noqa: BLE001 - any text SymPy cannot read is simply not this calculator's
            continue
        if getattr(expr, "free_symbols", None) == {x}:
            return sympy.nsimplify(expr, rational=True), x  # 0.5w as w/2: no "1.0·" in the steps
    return None


def _tidy(expr, slack: int = 0):
    """A derivative in its plainest form: factored over a common denominator, never rewritten into
    hyperbolic functions the learner did not write (SymPy's `simplify` turns a sigmoid's into cosh).
    With `slack`, the chain rule's own product form is kept unless another is that much shorter:
    (e^(w/2) - 2)·e^(w/2) shows the rule, -2e^(w/2) + e^w hides it."""
    import sympy

    forms = [expr, sympy.factor(sympy.together(expr)), sympy.cancel(expr)]
    best = min(forms, key=lambda f: (f.has(sympy.cosh, sympy.sinh), sympy.count_ops(f)))
    if (
        isinstance(expr, sympy.Mul)
        and not expr.has(sympy.cosh)
        and sympy.count_ops(expr) <= sympy.count_ops(best) + slack
    ):
        return expr
    return best


def _show(expr) -> str:
    import sympy

    text = sympy.sstr(expr).replace("**", "^").replace("log(", "ln(").replace("*", "·")
    return text


def _chain(expr, x, name: str, var: str) -> str | None:
    """The chain rule spelled out when `expr` is an outer function of an inner expression."""
    import sympy

    outer = None
    if isinstance(expr, (sympy.log, sympy.exp, sympy.tanh, sympy.sin, sympy.cos)) and expr.args[0] != x:
        inner = expr.args[0]
        outer = type(expr)(sympy.Symbol("u"))
    elif isinstance(expr, sympy.Pow) and expr.base != x and expr.base.has(x) and not expr.exp.has(x):
        inner = expr.base
        outer = sympy.Symbol("u") ** expr.exp
    if outer is None:
        return None
    u = sympy.Symbol("u")
    g = "h" if name == "g" else "g"
    d_outer = sympy.diff(outer, u)
    d_inner = sympy.simplify(sympy.diff(inner, x))
    return (
        f"Chain rule: {name}({var}) = {g}(u) with {g}(u) = {_show(outer)} and u = {_show(inner)}; "
        f"{g}'(u) = {_show(d_outer)} and du/d{var} = {_show(d_inner)}, so {name}'({var}) = {g}'(u) · du/d{var}"
    )


def _value(expr, x, at: float) -> float:
    return float(expr.subs(x, at).evalf())


def _positive_domain(expr, x) -> bool:
    """ln(x) or sqrt(x) of the bare variable: the function lives on x > 0."""
    import sympy

    return any(a.args[0] == x for a in expr.atoms(sympy.log)) or any(
        p.base == x and p.exp.is_Rational and not p.exp.is_integer for p in expr.atoms(sympy.Pow)
    )


def _real_roots(expr, x, positive: bool) -> list[float] | None:
    """Real zeros of `expr` (of its numerator when it is a fraction); None when SymPy cannot list them."""
    import sympy

    num = sympy.numer(sympy.together(expr))
    # exp(...) never vanishes: (1 - x)·exp(-x) is zero where 1 - x is
    num = sympy.Mul(*[f for f in sympy.Mul.make_args(sympy.factor(num)) if not isinstance(f, sympy.exp)])
    try:
        poly = sympy.Poly(num, x)
        roots = sorted({float(r) for r in poly.real_roots()}) if poly.degree() > 0 else []
    except sympy.PolynomialError:  # ln or exp of the variable: exp(x) - 2 = 0 at ln 2
        found = sympy.solveset(num, x, domain=sympy.Reals)
        if not isinstance(found, sympy.FiniteSet):
            return None
        roots = sorted({float(r) for r in found})
    return [r for r in roots if r > 0] if positive else roots


def _convexity(second, x, var: str, name: str, positive: bool) -> str | None:
    roots = _real_roots(second, x, positive)
    if roots is None:
        return None
    lo = 0.0 if positive else -math.inf
    edges = [lo, *roots, math.inf]
    negative = []
    for a, b in zip(edges, edges[1:], strict=False):
        probe = (a + b) / 2 if math.isfinite(a) and math.isfinite(b) else (b - 1 if math.isfinite(b) else a + 1)
        if a == 0.0 and positive and not math.isfinite(b):
            probe = 1.0
        if _value(second, x, probe) < 0:
            negative.append((a, b))
    where = f" for {var} > 0" if positive else ""
    if not negative:
        return f"{name}''({var}) ≥ 0 everywhere{where}, so {name} is convex{where}"

    def span(a: float, b: float) -> str:
        if not math.isfinite(a):
            return f"{var} < {fmt(b)}"
        if not math.isfinite(b):
            return f"{var} > {fmt(a)}"
        return f"{fmt(a)} < {var} < {fmt(b)}"

    parts = " and ".join(span(a, b) for a, b in negative)
    return f"{name}''({var}) < 0 for {parts}, so {name} is not convex (it curves downward there)"


def calculus_symbolic(question: str) -> Worked | None:
    if not _NOT_POLY.search(question):
        return None
    m = _FUNC1.search(question)
    if not m:
        return None
    name, var = m[1], m[2]
    found = _formula(m[3], var)
    if found is None:
        return None
    import sympy

    expr, x = found
    first = _tidy(sympy.diff(expr, x), slack=3)
    second = _tidy(sympy.diff(first, x))
    positive = _positive_domain(expr, x)
    steps = []
    if chain := _chain(expr, x, name, var):
        steps.append(chain)
    steps.append(f"{name}'({var}) = {_show(first)}")
    newton = re.search(r"newton", question, re.I)
    asks_convex = re.search(r"convex|concave|curv", question, re.I)
    asks_min = re.search(r"\b(?:min|max)(?:imum|imise|imize)?\b|stationary|critical|optimum|peak", question, re.I)
    if newton or asks_convex or asks_min:
        steps.append(f"{name}''({var}) = {_show(second)}")
    start = _START.search(question)
    rates = learning_rates(question)
    count = step_count(question)
    if start and (rates or newton):
        w0 = float(start[1])
        if rates:
            w = w0
            steps.append(f"Gradient descent from {var} = {fmt(w)}, {name} = {fmt(_value(expr, x, w))}")
            for lr in rates[:1]:
                for s in range(1, count + 1):
                    g = _value(first, x, w)
                    new = w - float(lr) * g
                    steps.append(
                        f"step {s}: {name}'({fmt(w)}) = {fmt(g)}, so {var} = {fmt(w)} - {fmt(lr)} × ({fmt(g)}) = "
                        f"{fmt(new)}, and {name}({fmt(new)}) = {fmt(_value(expr, x, new))}"
                    )
                    w = new
        if newton:
            w = w0
            steps.append(f"Newton's method from {var} = {fmt(w)}: {var} ← {var} - {name}'({var}) / {name}''({var})")
            for s in range(1, count + 1):
                g, h = _value(first, x, w), _value(second, x, w)
                if h == 0:
                    steps.append(f"Newton step {s}: {name}''({fmt(w)}) = 0, so Newton's step is undefined")
                    break
                new = w - g / h
                steps.append(
                    f"Newton step {s}: {var} = {fmt(w)} - ({fmt(g)}) / ({fmt(h)}) = {fmt(new)}, "
                    f"{name}({fmt(new)}) = {fmt(_value(expr, x, new))}"
                )
                w = new
    if asks_min or newton:
        roots = _real_roots(first, x, positive)
        if roots:
            for r in roots:
                curve = _value(second, x, r)
                kind = (
                    "a minimum" if curve > 0 else "a maximum" if curve < 0 else "not decided by the second derivative"
                )
                steps.append(
                    f"{name}'({var}) = 0 at {var} = {fmt(r)}, where {name}''({var}) = {fmt(curve)}: {kind}, "
                    f"{name} = {fmt(_value(expr, x, r))}"
                )
    if asks_convex and (verdict := _convexity(second, x, var, name, positive)):
        steps.append(verdict)
    # the points asked about: "at x = 2", or a derivative the learner evaluated ("so g'(0) = 0.5")
    points = [] if start else [m[1] for m in _AT.finditer(question)]
    points += re.findall(rf"\b{name}'\(\s*({NUM})\s*\)", question)
    for a in dict.fromkeys(float(p) for p in points):
        steps.append(
            f"At {var} = {fmt(a)}: {name}({fmt(a)}) = {fmt(_value(expr, x, a))}, "
            f"{name}'({fmt(a)}) = {fmt(_value(first, x, a))}"
        )
    return Worked("calculus_symbolic", "s1-calculus", r"\*\*Chain rule\*\*", tuple(steps))

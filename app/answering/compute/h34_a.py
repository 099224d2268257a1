"""Session 34 (heldout34), blind set A: a covariance matrix built from its principal directions and
variances by the spectral theorem (trace, determinant, correlation, PC1's share); Pearson and Spearman
for stores described in groups ("four stores each spent 1k and sold 3, 5, 4 and 6; the flagship spent 8k
and sold 12"), with one store dropped; the reading's imputer, scaler and one-hot ColumnTransformer on a
tiny table and a new row; and the stationary points of a two-variable polynomial classified by the
Hessian, with where gradient descent stopped. Pure functions."""

from __future__ import annotations

import math
import re

from app.answering.compute.maths import _FUNC, _START_POINT, read_polynomial
from app.answering.compute.parse import NUM, PLAIN, Worked, fmt, fraction, prose_lists, to_float
from app.answering.compute.stats import _ranks

# --- a covariance matrix from its principal directions ------------------------------------------------

_VEC2 = rf"[\(\[]\s*({PLAIN})\s*,\s*({PLAIN})\s*[\)\]]"
_VARIANCE = rf"\bvariances?\s*(?:of|=|:|is)?\s*({NUM})"


def spectral_covariance(question: str) -> Worked | None:
    """A 2x2 covariance matrix with variance l1 along a direction (p, q) and l2 along the perpendicular:
    A = l1 u uᵀ + l2 v vᵀ (A = Q Λ Qᵀ), checked by trace and determinant, with the correlation and PC1's share."""
    if not re.search(r"covariance", question, re.I) or not re.search(r"perpendicular|orthogonal", question, re.I):
        return None
    if not re.search(r"direction|along|spread|axis", question, re.I):
        return None
    vectors = re.findall(_VEC2, question)
    if len(vectors) != 1:
        return None
    p, q = (fraction(v) for v in vectors[0])
    if not p and not q:
        return None
    found = list(re.finditer(_VARIANCE, question, re.I))
    perp = list(re.finditer(r"perpendicular|orthogonal", question, re.I))
    if len(found) != 2 or len(perp) != 1:
        return None
    # the variance written next to the word "perpendicular", nothing but a few words between them
    # ("variance 1 along the perpendicular", "perpendicular direction has variance 1"), is the perpendicular one
    p0, p1 = perp[0].span()
    gaps = [question[v.end() : p0] if v.end() <= p0 else question[p1 : v.start()] for v in found]
    near = [i for i, gap in enumerate(gaps) if len(gap) <= 30 and not re.search(r"[,;:]|\band\b|variance", gap)]
    if len(near) != 1:
        return None
    l2, l1 = fraction(found[near[0]][1]), fraction(found[1 - near[0]][1])
    if l1 <= 0 or l2 <= 0:
        return None
    n2 = p * p + q * q
    uu = [[p * p / n2, p * q / n2], [p * q / n2, q * q / n2]]
    vv = [[q * q / n2, -p * q / n2], [-p * q / n2, p * p / n2]]
    a = [[l1 * uu[i][j] + l2 * vv[i][j] for j in range(2)] for i in range(2)]
    norm = f"√{fmt(n2)}"

    def mat(m):
        return "[[" + "], [".join(", ".join(fmt(x) for x in row) for row in m) + "]]"

    au = (a[0][0] * p + a[0][1] * q, a[1][0] * p + a[1][1] * q)
    av = (a[0][0] * q - a[0][1] * p, a[1][0] * q - a[1][1] * p)
    trace, det = a[0][0] + a[1][1], a[0][0] * a[1][1] - a[0][1] * a[1][0]
    corr = float(a[0][1]) / math.sqrt(float(a[0][0] * a[1][1]))
    share = l1 / (l1 + l2)
    top = "PC1" if l1 >= l2 else "PC2"
    steps = (
        f"spectral theorem: A = Q Λ Qᵀ = {fmt(l1)} u uᵀ + {fmt(l2)} v vᵀ with u = ({fmt(p)}, {fmt(q)}) / {norm} "
        f"(variance {fmt(l1)}) and the perpendicular v = ({fmt(q)}, {fmt(-p)}) / {norm} (variance {fmt(l2)})",
        f"u uᵀ = {mat(uu)}, v vᵀ = {mat(vv)}",
        f"A = {fmt(l1)} × {mat(uu)} + {fmt(l2)} × {mat(vv)} = {mat(a)}",
        f"check: A ({fmt(p)}, {fmt(q)}) = ({fmt(au[0])}, {fmt(au[1])}) = {fmt(l1)} × ({fmt(p)}, {fmt(q)}); "
        f"A ({fmt(q)}, {fmt(-p)}) = ({fmt(av[0])}, {fmt(av[1])}) = {fmt(l2)} × ({fmt(q)}, {fmt(-p)})",
        f"trace {fmt(a[0][0])} + {fmt(a[1][1])} = {fmt(trace)} = {fmt(l1)} + {fmt(l2)}; determinant "
        f"{fmt(a[0][0])} × {fmt(a[1][1])} - {fmt(a[0][1])}² = {fmt(det)} = {fmt(l1)} × {fmt(l2)}",
        f"both eigenvalues ({fmt(l1)}, {fmt(l2)}) are positive, so A is a valid (positive-definite) covariance matrix",
        f"correlation = cov / (σ1 σ2) = {fmt(a[0][1])} / √({fmt(a[0][0])} × {fmt(a[1][1])}) = {fmt(corr)}",
        f"the component along ({fmt(p)}, {fmt(q)}) explains {fmt(l1)} / ({fmt(l1)} + {fmt(l2)}) = {fmt(share)} "
        f"= {fmt(100 * share, 1)}% of the variance",
    )
    note = (
        f"The eigenvectors of a covariance matrix are its principal directions and its eigenvalues the variances along "
        f"them, so {top} is the direction with the larger variance; pass {mat(a)} as `cov` to "
        "np.random.multivariate_normal."
    )
    return Worked("spectral_covariance", "s1-linear-algebra", r"A = Q Lambda Q\^T with Q orthogonal", steps, note)


# --- Pearson and Spearman for groups of stores --------------------------------------------------------

_AMOUNT = rf"\$?\s*({NUM})\s*(k|thousand)?\b"
_SOLD_LIST = rf"({NUM}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+){NUM})*)"
_GROUP = re.compile(rf"\bspen[dt]s?\s+{_AMOUNT}[^.;]*?\b(?:sold|sales? of)\s+{_SOLD_LIST}", re.I)
_EACH = re.compile(r"\beach\b|\ball\b|\bevery\b", re.I)
_DROP = re.compile(r"\b(?:drop(?:ping)?|remov(?:e|ing)|exclud(?:e|ing)|without|leav(?:e|ing) out)\b", re.I)


def _pearson_steps(x: list[float], y: list[float], label: str) -> tuple[list[str], float | None]:
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx, syy = sum((a - mx) ** 2 for a in x), sum((b - my) ** 2 for b in y)
    head = f"{label}: means {fmt(mx)} and {fmt(my)}; Σdx·dy = {fmt(sxy)}, Σdx² = {fmt(sxx)}, Σdy² = {fmt(syy)}"
    if not sxx or not syy:
        which = "x" if not sxx else "y"
        return [head + f"; Σd{which}² = 0, so r = {fmt(sxy)} / 0 is undefined"], None
    r = sxy / math.sqrt(sxx * syy)
    return [head + f"; r = {fmt(sxy)} / √({fmt(sxx)} × {fmt(syy)}) = {fmt(sxy)} / √{fmt(sxx * syy)} = {fmt(r)}"], r


def grouped_correlation(question: str) -> Worked | None:
    """Pearson's r and Spearman's ρ for spend/sales pairs written as groups ("four stores each spent $1k
    and sold 3, 5, 4 and 6; our flagship spent $8k and sold 12"), and r with the single store dropped."""
    if not re.search(r"pearson|spearman|correlation|\bcorr\b", question, re.I):
        return None
    groups = list(_GROUP.finditer(question))
    if len(groups) < 2:
        return None
    x: list[float] = []
    y: list[float] = []
    sizes = []
    for g in groups:
        spend = to_float(g[1]) * (1000 if g[2] else 1)
        sold = [to_float(v) for v in re.findall(NUM, g[3])]
        if len(sold) > 1 and not _EACH.search(question[max(0, g.start() - 30) : g.start() + 5]):
            return None  # a list of sales beside one spend only when each store spent it
        x += [spend] * len(sold)
        y += sold
        sizes.append(len(sold))
    if len(x) < 3:
        return None
    steps = [f"pairs (spend, sales): {', '.join(f'({fmt(a)}, {fmt(b)})' for a, b in zip(x, y, strict=True))}"]
    lines, r = _pearson_steps(x, y, "Pearson")
    steps += lines
    rho = None
    if re.search(r"spearman|rank", question, re.I):
        rx, ry = _ranks(x), _ranks(y)
        shown = " and ".join("[" + ", ".join(fmt(v) for v in rk) + "]" for rk in (rx, ry))
        label = f"Spearman ρ, the Pearson r of the ranks {shown} (ties share their average rank)"
        rlines, rho = _pearson_steps(rx, ry, label)
        steps += rlines
    dropped = None
    if _DROP.search(question) and sizes.count(1) == 1 and len(groups) == 2:
        i = sizes.index(1)
        start = sum(sizes[:i])
        kx, ky = x[:start] + x[start + 1 :], y[:start] + y[start + 1 :]
        dlines, dropped = _pearson_steps(kx, ky, f"without the store at ({fmt(x[start])}, {fmt(y[start])})")
        steps += dlines
        if dropped is None and len(set(kx)) == 1:
            steps.append(
                f"every remaining store spent the same {fmt(kx[0])}, so spend has zero variance: the rest of the data "
                "say nothing about how sales respond to spend"
            )
    note = (
        "A correlation built on one extreme point can vanish without it, as in Anscombe's quartet, so plot the "
        "data before trusting r; and correlation does not show causation, since a third variable (such as store "
        "size) can drive both spend and sales."
    )
    if r is None:
        return None
    return Worked(
        "grouped_correlation",
        "s1-eda",
        r"\*\*Spearman correlation\*\*: the Pearson correlation of the ranks",
        tuple(steps),
        note,
    )


# --- the reading's ColumnTransformer on a tiny table ----------------------------------------------------

_WORDS = r"([a-z][a-z ]*?(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:[a-z][a-z ]*?(?:\s*,\s*(?:and\s+)?|\s+and\s+)){1,}[a-z]+)\b"


def column_pipeline(question: str) -> Worked | None:
    """SimpleImputer(median or mean, add_indicator) + StandardScaler on one numeric column and
    SimpleImputer(most_frequent) + OneHotEncoder(handle_unknown='ignore') on one category column, fitted on
    the training rows and applied to a new row: the output vector, every statistic from the training rows."""
    if not re.search(r"SimpleImputer", question) or not re.search(r"StandardScaler", question):
        return None
    if not re.search(r"OneHotEncoder", question) or not re.search(r"\bnew\b", question, re.I):
        return None
    strategy = re.findall(r"strategy\s*=\s*['\"](\w+)['\"]", question)
    if not strategy or strategy[0] not in ("median", "mean"):
        return None
    indicator = bool(re.search(r"add_indicator\s*=\s*True", question))
    ignore = bool(re.search(r"handle_unknown\s*=\s*['\"]ignore['\"]", question))
    new_at = re.search(r"\bnew\b", question, re.I).start()
    train, new = question[:new_at], question[new_at:]
    lists = prose_lists(train, allow_nan=True)
    if len(lists) != 1 or len(lists[0]) < 3:
        return None
    values = lists[0]
    seen = [v for v in values if not math.isnan(v)]
    missing = len(values) - len(seen)
    m = re.search(r"\b(?:cities|city|categories|category)\s*(?:are|=|:)?\s*" + _WORDS, train, re.I)
    if not m:
        return None
    cats = [c.strip().lower() for c in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", m[1]) if c.strip()]
    if len(cats) != len(values) or any(c in ("nan", "missing", "none") or " " in c for c in cats):
        return None
    if len(seen) < 2 or (indicator and not missing):
        return None
    # the new row: a missing number or one number, and a category
    gap = r"missing (?:age|value|number)|(?:age|value)\s*(?:is\s+)?(?:missing|nan|unknown)|\bno age\b"
    if re.search(gap, new, re.I):
        x_new = None
    else:
        found = re.findall(rf"\bage\s*(?:of|=|:|is)?\s*({NUM})", new, re.I)
        if len(found) != 1:
            return None
        x_new = to_float(found[0])
    cm = re.search(r"\b(?:city|category)\s*(?:of|=|:|is)?\s*['\"]?([a-z]+)['\"]?", new, re.I)
    if not cm:
        return None
    c_new = cm[1].lower()
    ordered = sorted(seen)
    k = len(ordered)
    fill = (ordered[(k - 1) // 2] + ordered[k // 2]) / 2 if strategy[0] == "median" else sum(seen) / k
    how = (
        f"median of the observed {', '.join(fmt(v) for v in ordered)} = {fmt(fill)}"
        if strategy[0] == "median"
        else f"mean of the observed values = {fmt(sum(seen))} / {k} = {fmt(fill)}"
    )
    filled = [fill if math.isnan(v) else v for v in values]
    flags = [1.0 if math.isnan(v) else 0.0 for v in values]
    mean = sum(filled) / len(filled)
    sd = math.sqrt(sum((v - mean) ** 2 for v in filled) / len(filled))
    if not sd:
        return None
    steps = [
        f"imputer learns the {how}; training column becomes [{', '.join(fmt(v) for v in filled)}]"
        + (f", with the was-missing flag [{', '.join(fmt(v) for v in flags)}]" if indicator else ""),
        f"StandardScaler on the training rows (dividing by n): mean {fmt(mean)}, standard deviation "
        f"√(({' + '.join(fmt((v - mean) ** 2) for v in filled)}) / {len(filled)}) = {fmt(sd)}",
    ]
    value = fill if x_new is None else x_new
    z = (value - mean) / sd
    out = [z]
    steps.append(
        f"new row: {'missing, filled with ' + fmt(fill) if x_new is None else fmt(x_new)}; z = ({fmt(value)} - "
        f"{fmt(mean)}) / {fmt(sd)} = {fmt(z)}"
    )
    if indicator:
        fm = sum(flags) / len(flags)
        fsd = math.sqrt(fm * (1 - fm))
        flag = 1.0 if x_new is None else 0.0
        fz = (flag - fm) / fsd
        out.append(fz)
        steps.append(
            f"flag column: mean {fmt(fm)}, standard deviation √({fmt(fm)} × {fmt(1 - fm)}) = {fmt(fsd)}; "
            f"the new flag {fmt(flag)} scales to ({fmt(flag)} - {fmt(fm)}) / {fmt(fsd)} = {fmt(fz)}"
        )
    categories = sorted(set(cats))
    onehot = [1.0 if c == c_new else 0.0 for c in categories]
    if c_new in categories:
        steps.append(f"one-hot over the learned categories {', '.join(categories)}: '{c_new}' -> {onehot}")
    elif ignore:
        steps.append(
            f"one-hot over the learned categories {', '.join(categories)}: '{c_new}' was never seen, so "
            f"handle_unknown='ignore' gives all zeros [{', '.join('0' for _ in categories)}]"
        )
    else:
        return None  # the default handle_unknown='error' raises on an unseen category
    out += onehot
    steps.append(f"output vector (numeric block, then the one-hot block): [{', '.join(fmt(v) for v in out)}]")
    note = (
        "Every statistic (the fill value, the means and standard deviations, the category list) was learned from "
        "the training rows only and applied unchanged to the new row, which is what keeps test data from leaking."
    )
    return Worked(
        "column_pipeline",
        "s1-data-cleaning",
        r"every statistic used in preprocessing - means, standard deviations, medians, category lists",
        tuple(steps),
        note,
    )


# --- stationary points of a two-variable polynomial ---------------------------------------------------

_ENDED = re.compile(
    rf"\b(?:converged|converges|ended|ends|stuck|stopped|stops|settled|landed|got)\s+(?:up\s+)?(?:at|to|in|on)\s*"
    rf"(?:the\s+point\s*)?\(\s*({PLAIN})\s*,\s*({PLAIN})\s*\)",
    re.I,
)


def stationary_points(question: str) -> Worked | None:
    """All points where the gradient of a two-variable polynomial is zero, each classified by its Hessian's
    eigenvalues (both positive: minimum, both negative: maximum, mixed: saddle), and which of them a gradient
    descent run stopped at, with why when a partial derivative is zero along the whole line it started on."""
    if not re.search(r"\b(?:stationary|critical)\s+points?\b", question, re.I):
        return None
    m = _FUNC.search(question)
    if not m:
        return None
    read = read_polynomial(m)
    if read is None:
        return None
    names, poly = read
    if len(names) != 2 or names[0] == names[1]:
        return None
    if not poly or max(sum(k) for k in poly) > 4 or max(sum(k) for k in poly) < 2:
        return None
    import sympy

    x, y = sympy.symbols(names, real=True)
    f = sum(sympy.Rational(c.numerator, c.denominator) * x ** k[0] * y ** k[1] for k, c in poly.items())
    fx, fy = sympy.expand(sympy.diff(f, x)), sympy.expand(sympy.diff(f, y))
    try:
        sols = sympy.solve([fx, fy], [x, y], dict=True)
    except (NotImplementedError, ValueError):
        return None
    points = []
    for s in sols:
        if x not in s or y not in s or not (s[x].is_number and s[y].is_number):
            return None  # a line of stationary points, not isolated ones
        if not (s[x].is_real and s[y].is_real):
            continue
        points.append((s[x], s[y]))
    if not points or len(points) > 6:
        return None
    points.sort(key=lambda p: (float(p[0]), float(p[1])))
    a, b, n = names[0], names[1], m[1]
    show = lambda e: str(e).replace("**", "^").replace("*", "")  # noqa: E731
    fxx, fyy, fxy = sympy.diff(f, x, 2), sympy.diff(f, y, 2), sympy.diff(f, x, y)
    steps = [
        f"∇{n} = (d{n}/d{a}, d{n}/d{b}) = ({show(fx)}, {show(fy)})",
        "∇" + n + " = 0 at " + " and ".join(f"({_num(p)}, {_num(q)})" for p, q in points),
        f"Hessian = [[{show(fxx)}, {show(fxy)}], [{show(fxy)}, {show(fyy)}]]",
    ]
    kinds = {}
    for p, q in points:
        hxx, hyy, hxy = (float(h.subs({x: p, y: q})) for h in (fxx, fyy, fxy))
        tr, det = hxx + hyy, hxx * hyy - hxy * hxy
        root = math.sqrt(max(tr * tr - 4 * det, 0.0))
        l1, l2 = (tr + root) / 2, (tr - root) / 2
        if l1 > 0 and l2 > 0:
            kind = "a local minimum"
        elif l1 < 0 and l2 < 0:
            kind = "a local maximum"
        elif l1 * l2 < 0:
            kind = "a saddle point (curving up in one direction, down in the other)"
        else:
            kind = "not decided by the Hessian (an eigenvalue is 0)"
        kinds[(float(p), float(q))] = kind
        value = f.subs({x: p, y: q})
        eig = f"{fmt(hxx)} and {fmt(hyy)}" if hxy == 0 else f"{fmt(l1)} and {fmt(l2)}"
        steps.append(
            f"at ({_num(p)}, {_num(q)}): Hessian [[{fmt(hxx)}, {fmt(hxy)}], [{fmt(hxy)}, {fmt(hyy)}]], eigenvalues "
            f"{eig}: {kind}, {n} = {_num(value)}"
        )
    notes = []
    end = _ENDED.search(question)
    start = _START_POINT.search(question)
    if end and re.search(r"gradient descent|\bGD\b|descent", question, re.I):
        e = (float(fraction(end[1])), float(fraction(end[2])))
        kind = kinds.get(e)
        if kind:
            steps.append(f"the run stopped at ({fmt(e[0])}, {fmt(e[1])}), {kind}")
            if "saddle" in kind:
                notes.append("A zero gradient is not proof of a minimum: descent also stops at a saddle point.")
                vals = re.findall(PLAIN, start[1]) if start else []
                if len(vals) == 2:
                    s0 = [fraction(v) for v in vals]
                    for var, other, grad, i in ((x, y, fx, 0), (y, x, fy, 1)):
                        line = sympy.Rational(s0[i].numerator, s0[i].denominator)
                        if float(line) == e[i] and sympy.simplify(grad.subs(var, line)) == 0:
                            steps.append(
                                f"the run started on {var} = {fmt(s0[i])}, where d{n}/d{var} = {show(grad)} = 0 for "
                                f"every {other}: descent never changes {var}, only {other}, so it walks straight into "
                                "the saddle; a start slightly off that line would slide away from it"
                            )
        else:
            g = [float(d.subs({x: e[0], y: e[1]})) for d in (fx, fy)]
            steps.append(
                f"({fmt(e[0])}, {fmt(e[1])}) is not one of them: the gradient there is ({fmt(g[0])}, {fmt(g[1])})"
            )
    for var in (x, y):
        lead = sympy.Poly(f, var)
        if lead.degree() % 2 == 1 and lead.LC() != 0:
            notes.append(
                f"{n} has an odd power of {var} as its highest, so it is unbounded below: any local minimum is not a "
                "global one, and the function is not convex."
            )
            break
    return Worked(
        "stationary_points",
        "s1-calculus",
        r"\*\*Critical \(stationary\) point\*\*: a point where the gradient is the zero vector",
        tuple(steps),
        " ".join(notes),
    )


def _num(e) -> str:
    return fmt(float(e))

"""Calculators from a second sweep of stage 1 (calculus, linear algebra, probability, large datasets, missing data)
for computations no other calculator worked: the errors of a forward and a central finite-difference gradient check,
a condition number from singular values (or a symmetric matrix's eigenvalues), the shape of a matrix product from
its factors' shapes, an independence check from P(A), P(B) and P(A and B), the share of a columnar file a query
reads, and the target rate with and without a missing value. Each reads the learner's numbers only when it is sure
of them and returns None otherwise. Pure functions."""

from __future__ import annotations

import math
import re

from app.answering.compute.maths import eigen
from app.answering.compute.parse import NUM, Worked, as_rate, fmt, pct, to_float

# --- forward vs central finite differences (s1-calculus) -------------------------------------------------------

_FD_WORDS = re.compile(r"finite[- ]difference|forward[- ]difference|central[- ]difference|gradient check", re.I)
_FUNC1 = re.compile(r"\b([a-zA-Z])\s*\(\s*([a-z])\s*\)\s*=\s*([^=?]+)")


def finite_difference_check(question: str) -> Worked | None:
    """f(x) = ..., at x = a, step h: the forward difference (f(a + h) - f(a)) / h and the central one
    (f(a + h) - f(a - h)) / (2h) against the exact derivative, with each one's error."""
    if not _FD_WORDS.search(question):
        return None
    funcs = list(_FUNC1.finditer(question))
    if len(funcs) != 1:
        return None
    name, var = funcs[0][1], funcs[0][2]
    at = set(re.findall(rf"\bat\s+{var}\s*=\s*({NUM})", question))
    hs = set(re.findall(rf"(?:\bh|step(?:\s+size)?|epsilon|eps|ε)\s*(?:=|of|is)\s*({NUM}(?:e-?\d+)?)", question, re.I))
    if len(at) != 1 or len(hs) != 1:
        return None
    a, h = to_float(at.pop()), float(hs.pop().replace(",", ""))
    if not 0 < h < 1:
        return None
    body = funcs[0][3]
    # the formula ends where the sentence goes on ("x^3 at x = 2 with h = 0.01")
    body = re.split(r"\s+(?:at|with|using|for|and|when|where)\b|,", body)[0]
    from app.answering.compute.symbolic import _formula  # SymPy reads only checked formula text

    found = _formula(body, var)
    if found is None:
        return None
    import sympy

    expr, x = found
    try:
        f = sympy.lambdify(x, expr, "math")
        exact = float(sympy.diff(expr, x).subs(x, a))
        fa, fp, fm = f(a), f(a + h), f(a - h)
    except (ValueError, ZeroDivisionError, OverflowError, TypeError):
        return None
    if not all(math.isfinite(v) for v in (exact, fa, fp, fm)):
        return None
    forward = (fp - fa) / h
    central = (fp - fm) / (2 * h)
    ea, ec = abs(forward - exact), abs(central - exact)
    steps = (
        f"{name}({var}) = {body.strip()}, exact {name}'({fmt(a)}) = {fmt(exact, 6)}",
        f"{name}({fmt(a)} + {fmt(h)}) = {fmt(fp, 6)}, {name}({fmt(a)}) = {fmt(fa, 6)}, "
        f"{name}({fmt(a)} - {fmt(h)}) = {fmt(fm, 6)}",
        f"forward difference: ({name}(a + h) - {name}(a)) / h = ({fmt(fp, 6)} - {fmt(fa, 6)}) / {fmt(h)} "
        f"= {fmt(forward, 6)}, error {fmt(ea, 6)}",
        f"central difference: ({name}(a + h) - {name}(a - h)) / (2h) = ({fmt(fp, 6)} - {fmt(fm, 6)}) / {fmt(2 * h)} "
        f"= {fmt(central, 6)}, error {fmt(ec, 6)}",
    )
    note = (
        "The forward difference's error shrinks roughly in proportion to h and the central difference's roughly in "
        "proportion to h², so the central one is usually far closer; compare against the analytic gradient within "
        "a tolerance, never for exact equality."
    )
    return Worked(
        "finite_difference_check", "s1-calculus", r"error roughly proportional to h for the forward", steps, note
    )


# --- condition number from singular values or a symmetric matrix's eigenvalues (s1-linear-algebra) ---------------

_VALUES = rf"\[?\s*({NUM}(?:\s*(?:,\s*(?:and\s+)?|and\s+)\s*{NUM})+)\s*\]?"


def _values_after(question: str, word: str) -> list[float] | None:
    found = [
        [to_float(v) for v in re.findall(NUM, m[1])]
        for m in re.finditer(
            rf"{word}(?:\s+(?:of|for)\s+[^\d.?=:]{{0,40}}?)?\s*(?:are|of|=|:|is|equal to|were)?\s*"
            rf"(?:about\s+)?{_VALUES}",
            question,
            re.I,
        )
    ]
    return found[0] if len(found) == 1 else None


def condition_number(question: str) -> Worked | None:
    """kappa = sigma_max / sigma_min from singular values; from eigenvalues only for a symmetric matrix, whose
    singular values are the eigenvalues' absolute values."""
    if not re.search(r"condition(?:ing)?\s+number|ill[- ]conditioned|well[- ]conditioned", question, re.I):
        return None
    shown = eigen(question)
    if shown is not None and any("condition number" in step for step in shown.steps):
        return None  # the eigen working of the learner's matrix already gives its condition number
    sv = _values_after(question, r"singular\s+values?")
    ev = _values_after(question, r"eigen\s*values?")
    if (sv is None) == (ev is None):
        return None  # neither, or both given: which to use is not clear
    steps = []
    if sv is not None:
        if any(v < 0 for v in sv):
            return None  # singular values are never negative: the numbers are something else
        sigmas = sv
        steps.append(f"singular values: {', '.join(fmt(v) for v in sv)}")
    else:
        if not re.search(r"symmetric|positive[- ](?:semi-?)?definite|covariance|hessian|gram", question, re.I):
            return None  # for a non-symmetric matrix the eigenvalues do not give the singular values
        sigmas = [abs(v) for v in ev]
        steps.append(
            "symmetric matrix, so its singular values are the absolute eigenvalues: "
            + ", ".join(fmt(v) for v in sigmas)
        )
    hi, lo = max(sigmas), min(sigmas)
    if hi == 0:
        return None
    if lo == 0:
        steps.append(
            f"sigma_min = 0: the matrix is singular, so its condition number is infinite (sigma_max = {fmt(hi)})"
        )
    else:
        kappa = hi / lo
        steps.append(f"condition number = sigma_max / sigma_min = {fmt(hi)} / {fmt(lo)} = {fmt(kappa)}")
        if kappa >= 10:
            steps.append(
                f"log10({fmt(kappa)}) = {fmt(math.log10(kappa), 2)}: small relative errors in the data can grow by up "
                f"to a factor of {fmt(kappa)} in the solution"
            )
    note = (
        "The condition number is always at least 1 and measures how sensitive solving with the matrix is to small "
        "errors; it depends on the ratio of singular values, not on the determinant."
    )
    return Worked(
        "condition_number",
        "s1-linear-algebra",
        r"sigma_max / sigma_min is the \*\*condition number",
        tuple(steps),
        note,
    )


# --- the shape of a matrix product from its factors' shapes (s1-linear-algebra) --------------------------------------

_SHAPE2 = re.compile(r"\(\s*(\d+)\s*,\s*(\d+)\s*\)|\b(\d+)\s*[x×]\s*(\d+)\b")
_NAMED_SHAPE = re.compile(
    r"\b([A-Z]\w?)\s*(?:has\s+(?:a\s+)?shape|is\s+(?:of\s+shape\s+|shaped\s+|an?\s+)?|of\s+shape|with\s+shape|"
    r"\.shape\s*(?:==?|is)|:|=)\s*(?:\(\s*(\d+)\s*,\s*(\d+)\s*\)|(\d+)\s*[x×]\s*(\d+)\b)"
)
_PRODUCT = re.compile(
    r"\b([A-Z]\w?)\s*(?:@|\*|·|times)\s*([A-Z]\w?)\b(?:\s*(?:@|\*|·|times)\s*([A-Z]\w?)\b)?"
    r"|(?:np\.)?(?:dot|matmul)\(\s*([A-Z]\w?)\s*,\s*([A-Z]\w?)\s*\)"
)


def matmul_shape(question: str) -> Worked | None:
    """(m x n) @ (n x p) -> (m x p), for named factors in the order the product names them, or two unnamed shapes
    in the order given; a mismatch of the inner dimensions shown as an error."""
    if not re.search(r"shape|dimension|matri(?:x|ces)", question, re.I):
        return None
    if not re.search(r"@|matmul|\bdot\b|np\.dot|product|multipl|times", question, re.I):
        return None
    if re.search(r"\(\s*\d+\s*,\s*\d+\s*,\s*\d+", question) or re.search(
        r"broadcast|element-?wise|hadamard", question, re.I
    ):
        return None  # a batched or element-wise product: not this rule
    shapes = [(int(m[1] or m[3]), int(m[2] or m[4])) for m in _SHAPE2.finditer(question)]
    named = {}
    for m in _NAMED_SHAPE.finditer(question):
        shape = (int(m[2] or m[4]), int(m[3] or m[5]))
        if m[1] in named and named[m[1]] != shape:
            return None
        named[m[1]] = shape
    products = [[n for n in p.groups() if n] for p in _PRODUCT.finditer(question)]
    products = [p for p in products if len(p) >= 2]
    if products:
        if len({tuple(p) for p in products}) != 1 or any(n not in named for n in products[0]):
            return None
        order = [(n, named[n]) for n in products[0]]
        if len(named) != len(shapes):
            return None  # a shape with no name: which factor it is is not clear
    else:
        if named or len(shapes) != 2:
            return None
        order = [("first", shapes[0]), ("second", shapes[1])]
    steps = [", ".join(f"{n}: ({s[0]}, {s[1]})" for n, s in order)]
    rows, cols = order[0][1]
    label = order[0][0]
    for n, (r, c) in order[1:]:
        if cols != r:
            steps.append(
                f"{label} has {cols} columns but {n} has {r} rows: the inner dimensions {cols} and {r} differ, so the "
                "product is not defined (a shape error)"
            )
            break
        steps.append(f"({rows}, {cols}) @ ({r}, {c}): inner dimensions {cols} = {r} match, result ({rows}, {c})")
        cols = c
        label = f"{label} @ {n}"
    else:
        if len(order) > 2:
            steps.append(f"final shape: ({rows}, {cols})")
    note = (
        "An (m x n) matrix times an (n x p) matrix gives an (m x p) matrix: the inner dimensions must match and "
        "disappear, and in general AB and BA differ (BA may not even be defined)."
    )
    return Worked(
        "matmul_shape", "s1-linear-algebra", r"an \(m x n\) matrix times an \(n x p\) matrix", tuple(steps), note
    )


# --- independence from P(A), P(B) and P(A and B) (s1-probability-statistics) -----------------------------------------

_PROB = rf"({NUM}\s*%|{NUM})"


def independence_check(question: str) -> Worked | None:
    if not re.search(r"independen", question, re.I):
        return None
    singles: dict[str, set[float]] = {}
    for m in re.finditer(rf"\bP\(\s*([A-Z])\s*\)\s*(?:=|is)\s*{_PROB}", question):
        singles.setdefault(m[1], set()).add(as_rate(m[2]) if as_rate(m[2]) is not None else -1)
    joints = {}
    for m in re.finditer(
        rf"\bP\(\s*([A-Z])\s*(?:and|∩|,|&|\bn\b|AND|\^)\s*([A-Z])\s*\)\s*(?:=|is)\s*{_PROB}", question
    ):
        joints[frozenset((m[1], m[2]))] = joints.get(frozenset((m[1], m[2])), set()) | {as_rate(m[3])}
    if len(singles) != 2 or len(joints) != 1 or any(len(v) != 1 for v in singles.values()):
        return None
    ((pair, jv),) = joints.items()
    if pair != frozenset(singles) or len(jv) != 1:
        return None
    a, b = sorted(singles)
    pa, pb, pj = next(iter(singles[a])), next(iter(singles[b])), next(iter(jv))
    if any(v is None or not 0 <= v <= 1 for v in (pa, pb, pj)) or pj > min(pa, pb) + 1e-12:
        return None
    product = pa * pb
    steps = [f"P({a}) P({b}) = {fmt(pa)} × {fmt(pb)} = {fmt(product)}; P({a} and {b}) = {fmt(pj)}"]
    same = math.isclose(product, pj, rel_tol=1e-9, abs_tol=1e-12)
    if same:
        steps.append(f"{fmt(pj)} = {fmt(product)}: {a} and {b} are independent")
    else:
        steps.append(
            f"{fmt(pj)} ≠ {fmt(product)}: {a} and {b} are dependent (they occur together "
            f"{'more' if pj > product else 'less'} often than independence predicts)"
        )
    if pb > 0:
        steps.append(
            f"P({a} | {b}) = P({a} and {b}) / P({b}) = {fmt(pj)} / {fmt(pb)} = {fmt(pj / pb)} vs P({a}) = {fmt(pa)}"
        )
    note = (
        "A and B are independent exactly when P(A and B) = P(A) P(B), equivalently when learning B leaves the "
        "probability of A unchanged; with probabilities estimated from data, a small gap may be noise."
    )
    return Worked(
        "independence_check",
        "s1-probability-statistics",
        r"A and B are independent if P\(A and B\) = P\(A\) P\(B\)",
        tuple(steps),
        note,
    )


# --- the share of a columnar file a query reads (s1-large-datasets) --------------------------------------------------


def columnar_read_share(question: str) -> Worked | None:
    if not re.search(r"parquet|columnar|column store|column-oriented", question, re.I):
        return None
    totals = set(re.findall(r"(\d[\d,]*)\s+columns", question, re.I))
    used = set(
        re.findall(
            r"(?:reads?|selects?|touch(?:es)?|uses?|needs?|queries|quer(?:y|ies) (?:on|over)|only)\s+(?:only\s+)?"
            r"(\d[\d,]*)\s+(?:of\s+(?:them|those|the|these)|columns|of\s+(?:the\s+)?\d)",
            question,
            re.I,
        )
    )
    used |= set(re.findall(r"(\d[\d,]*)\s+(?:out\s+)?of\s+(?:the\s+|its\s+|all\s+)?\d[\d,]*\s+columns", question, re.I))
    if len(used) != 1:
        return None
    k = to_float(used.pop())
    totals = {to_float(t) for t in totals} - {k}
    if len(totals) != 1:
        return None
    c = totals.pop()
    if not 0 < k <= c:
        return None
    share = k / c
    steps = [f"columns read / columns stored = {fmt(k)} / {fmt(c)} = {fmt(share)}, about {pct(share)} of the data"]
    if re.search(r"partition", question, re.I):
        parts = {
            to_float(p)
            for p in re.findall(r"(\d[\d,]*)\s+(?:daily\s+|monthly\s+|hourly\s+)?partitions", question, re.I)
        }
        kept = {
            to_float(p) for p in re.findall(r"\blast\s+(\d[\d,]*)\s+(?:days|partitions|months|hours)", question, re.I)
        }
        if len(parts) != 1 or len(kept) != 1:
            return None  # partitions are named but which ones the query keeps is not clear
        p_all, p_kept = parts.pop(), kept.pop()
        if not 0 < p_kept <= p_all:
            return None
        steps.append(
            f"partition pruning on the partition column keeps {fmt(p_kept)} / {fmt(p_all)} = {fmt(p_kept / p_all)}"
        )
        steps.append(f"both: {fmt(share)} × {fmt(p_kept / p_all)} = {fmt(share * p_kept / p_all)}")
        share *= p_kept / p_all
    size = set(re.findall(rf"({NUM})\s*(GB|TB|MB)\b", question))
    if len(size) == 1:
        s, given = size.pop()
        read, unit = to_float(s) * share, given
        if unit == "TB" and read < 1:
            read, unit = read * 1000, "GB"
        steps.append(f"of {s} {given}, about {fmt(read, 2)} {unit} read")
    note = (
        "A columnar format such as Parquet stores each column together, so a query reads only the columns it "
        "touches; a row format such as CSV reads whole rows. The share assumes columns of similar size after "
        "compression, "
        "and a filter on a column that is not the partition column prunes no partitions."
    )
    return Worked(
        "columnar_read_share", "s1-large-datasets", r"touches 3 of 200 columns reads only those 3", tuple(steps), note
    )


# --- the target rate with and without a missing value (c-missing-data-analysis) ---------------------------------------

_COUNT_PAIR = rf"({NUM})\s*(?:of|out of|/)\s*(?:the\s+|those\s+|these\s+)?({NUM})"
_PRESENT = re.compile(
    r"\b(?:present|non-?missing|not missing|not null|non-?null|observed|filled(?: in)?|available|reported|known|"
    r"complete|has (?:a|an|the) \w+|with (?:a|an) \w+ (?:value|given))\b",
    re.I,
)
_MISSING = re.compile(r"\b(?:missing|null|NaN|blank|empty|absent|lack(?:s|ing)?|skipped|without (?:a|an) \w+)\b", re.I)
# the whole table: "2,000 applicants", "5,000 rows"
_TOTAL = re.compile(
    rf"({NUM})\s+(?:applicants|applications|rows|records|customers|users|people|patients|loans|samples|examples|"
    r"observations|accounts|clients)\b",
    re.I,
)


def _count_pairs(part: str) -> list[tuple[float, float]]:
    """The 'x of n' counts of a clause; a '0/1' (a binary variable) is not one."""
    pairs = [(to_float(m[1]), to_float(m[2])) for m in re.finditer(_COUNT_PAIR, part)]
    return [(x, n) for x, n in pairs if n > 1]


def missing_target_rate(question: str) -> Worked | None:
    """The target rate in rows with and without a value ('100 of those 400 defaulted, vs 160 of the 1,600 who gave
    an income'), the overall rate and the gap; with a correlation asked for, Pearson's r of the 0/1 missing flag
    and the 0/1 target from the same counts."""
    if not _MISSING.search(question):
        return None
    if not re.search(r"\brates?\b|target|informative|MCAR|missingness|indicator|churn|default|convert", question, re.I):
        return None
    groups: dict[str, set[tuple[float, float]]] = {"missing": set(), "present": set()}
    unlabelled: list[tuple[float, float]] = []
    sizes: set[float] = set()  # "blank for 400 of them": how many rows lack the value
    for part in re.split(r"[;.](?!\d)|\b(?:whereas|while|but|versus|vs\.?|compared (?:to|with))\b", question):
        pairs = _count_pairs(part)
        if not pairs:
            if _MISSING.search(part) and not _PRESENT.search(part):
                numbers = {
                    to_float(v)
                    for v in re.findall(rf"(?<![\w.]){NUM}(?![\w.]|\s*/\s*\d|\s*%)", re.sub(r"\b0/1\b", " ", part))
                }
                numbers -= {to_float(m[1]) for m in _TOTAL.finditer(part)}
                if len(numbers) > 1:
                    return None
                sizes |= numbers
            continue
        if len(pairs) > 1:
            return None
        if _PRESENT.search(part):
            groups["present"].add(pairs[0])
        elif _MISSING.search(part):
            groups["missing"].add(pairs[0])
        else:
            unlabelled.append(pairs[0])
    if unlabelled:  # "100 of those 400 defaulted": placed by its group size, when that size is stated
        totals = {to_float(m[1]) for m in _TOTAL.finditer(question)}
        if len(sizes) != 1 or len(totals) != 1:
            return None
        size, total = sizes.pop(), totals.pop()
        if not 0 < size < total or size == total - size:
            return None
        for x, n in unlabelled:
            if n == size:
                groups["missing"].add((x, n))
            elif n == total - size:
                groups["present"].add((x, n))
            else:
                return None
    if any(len(v) != 1 for v in groups.values()):
        return None
    (xm, nm), (xp, np_) = groups["missing"].pop(), groups["present"].pop()
    if not (nm > 0 and np_ > 0 and 0 <= xm <= nm and 0 <= xp <= np_):
        return None
    rm, rp = xm / nm, xp / np_
    overall = (xm + xp) / (nm + np_)
    steps = [
        f"rate where the value is missing: {fmt(xm)} / {fmt(nm)} = {fmt(rm)} ({pct(rm)})",
        f"rate where the value is present: {fmt(xp)} / {fmt(np_)} = {fmt(rp)} ({pct(rp)})",
        f"overall: ({fmt(xm)} + {fmt(xp)}) / ({fmt(nm)} + {fmt(np_)}) = {fmt(overall)} ({pct(overall)}); "
        f"{fmt(nm)} of {fmt(nm + np_)} rows ({pct(nm / (nm + np_))}) are missing",
        f"difference {pct(rm)} - {pct(rp)} = {fmt(100 * (rm - rp), 1)} points"
        + (f", ratio {fmt(rm)} / {fmt(rp)} = {fmt(rm / rp, 2)}" if rp > 0 else ""),
    ]
    note = (
        "A clearly different target rate where the value is missing means the missingness is informative, so the "
        "data are not MCAR; impute the value and add a 0/1 missing indicator, fitted on the training data only. "
        "With small groups, check that the gap is more than noise."
    )
    n_all = nm + np_
    if re.search(r"correlat|phi|pearson", question, re.I) and 0 < xm + xp < n_all:
        pf, py, pb = nm / n_all, (xm + xp) / n_all, xm / n_all
        cov = pb - pf * py
        spread = math.sqrt(pf * (1 - pf) * py * (1 - py))
        steps += [
            f"correlation of the 0/1 missing flag with the 0/1 target: flag mean {fmt(nm)} / {fmt(n_all)} = "
            f"{fmt(pf)}, target mean {fmt(xm + xp)} / {fmt(n_all)} = {fmt(py)}, both 1 in {fmt(xm)} / {fmt(n_all)} "
            f"= {fmt(pb)}",
            f"covariance {fmt(pb)} - {fmt(pf)} × {fmt(py)} = {fmt(cov)}; variances {fmt(pf)} × {fmt(1 - pf)} = "
            f"{fmt(pf * (1 - pf))} and {fmt(py)} × {fmt(1 - py)} = {fmt(py * (1 - py))}",
            f"r = {fmt(cov)} / sqrt({fmt(pf * (1 - pf))} × {fmt(py * (1 - py))}) = {fmt(cov)} / {fmt(spread)} = "
            f"{fmt(cov / spread, 3)}",
        ]
        note += (
            " A 0/1 correlation is held down when the target is rare, so a small r can go with a large gap in rates; "
            "judge the missingness by the rates, not by r alone."
        )
    return Worked(
        "missing_target_rate",
        "c-missing-data-analysis",
        r"comparing the target rate in rows with and without the value",
        tuple(steps),
        note,
    )

"""Calculators for stages 1-2 gaps (third sweep): an array's memory from its shape and dtype, a table's size from
billions of rows times bytes per row, train/test(/validation) split sizes as scikit-learn rounds them, the width of
a one-hot encoding, the majority-class accuracy baseline, a lone 2 x 2 determinant, and the rounds of successive
halving. Each reads the learner's numbers only when it is sure of them and returns None otherwise. Pure functions."""

from __future__ import annotations

import math
import re

from app.answering.compute.parse import (
    BYTES_PER_VALUE,
    NUM,
    PLAIN,
    SCALE,
    Worked,
    bracketed,
    factor,
    fmt,
    literal,
    pct,
    shape_of,
    to_float,
)

# --- an array's memory from its shape and dtype (s1-python) ------------------------------------------------------

_DTYPE_BYTES = {**BYTES_PER_VALUE, "int64": 8, "int32": 4, "int16": 2, "uint8": 1, "complex128": 16}
_DTYPE = re.compile(r"\b(?:np\.|numpy\.)?(float64|float32|float16|u?int(?:64|32|16|8)|complex128)\b", re.I)
_SCALE_WORD = r"(?:\s*(million|thousand|k|M)\b)?"
_DIM = rf"({NUM}){_SCALE_WORD}"
# "10,000 x 512", "10000×512", "1 million x 100 x 3"
_BY = re.compile(rf"(?<![\w.]){_DIM}((?:\s*[x×*]\s*{NUM}{_SCALE_WORD})+)(?![\w.])")
_TUPLE = re.compile(rf"\(\s*((?:{PLAIN})(?:\s*,\s*{PLAIN})+)\s*,?\s*\)")
_ROWS_COLS = re.compile(
    rf"({NUM}){_SCALE_WORD}\s+rows\b[^.;?]{{0,40}}?\b({NUM})\s+(?:\w+\s+){{0,2}}?(?:columns|features)\b", re.I
)
_MEMORY_WORDS = re.compile(
    r"\bmemory\b|\bRAM\b|\bbytes?\b|\bnbytes\b|\b[MG]i?B\b|megabytes?|gigabytes?|how (?:big|large)|\bsize in\b", re.I
)
_NOT_ARRAY = re.compile(
    r"parameters?|\bparams?\b|weights|gradients?|optimi[sz]er|\bAdam\b|KV[- ]cache|activations?|"
    r"per row|bytes (?:per|a|each) (?:row|record)|\bbillion\b|\bembedding|replay|buffer|"
    r"\d\s*(?:million|thousand|k)?\s+(?:images|samples|examples|frames|transitions|sequences|records|vectors|"
    r"documents|states|observations)\b",
    re.I,
)


def _dim(number: str, scale: str | None) -> float:
    return to_float(number) * SCALE.get((scale or "").lower(), 1)


def _shape(question: str) -> tuple[list[float], str] | None:
    """The one shape the question gives, and how it was written; None for none or two different ones."""
    found: list[list[float]] = []
    for m in _BY.finditer(question):
        dims = [_dim(m[1], m[2])]
        dims += [_dim(n, s) for n, s in re.findall(rf"[x×*]\s*({NUM}){_SCALE_WORD}", m[3])]
        found.append(dims)
    for m in _TUPLE.finditer(question):
        found.append([to_float(x) for x in re.findall(PLAIN, m[1])])
    for m in _ROWS_COLS.finditer(question):
        found.append([_dim(m[1], m[2]), to_float(m[3])])
    distinct = {tuple(d) for d in found}
    if len(distinct) != 1:
        return None
    dims = list(distinct.pop())
    if any(d <= 0 or d != int(d) for d in dims) or not 2 <= len(dims) <= 5:
        return None
    return dims, " × ".join(fmt(d) for d in dims)


def _sizes(total: float) -> str:
    """Bytes in decimal and binary units, at the scale that reads best."""
    if total >= 1e9:
        return f"{fmt(total / 1e9, 2)} GB (10^9 bytes) = {fmt(total / 2**30, 2)} GiB (2^30 bytes)"
    return f"{fmt(total / 1e6, 2)} MB (10^6 bytes) = {fmt(total / 2**20, 2)} MiB (2^20 bytes)"


def array_memory(question: str) -> Worked | None:
    """A NumPy array (or a frame of one dtype) of a given shape: elements × bytes per element, in MB and MiB;
    for two dtypes named (float64 vs float32), each."""
    if not _MEMORY_WORDS.search(question) or _NOT_ARRAY.search(question):
        return None
    if not re.search(r"\barray|shape|ndarray|matrix|tensor|np\.|numpy|data ?frame|\brows\b", question, re.I):
        return None
    dtypes = list(dict.fromkeys(d.lower() for d in _DTYPE.findall(question)))
    if not 1 <= len(dtypes) <= 2:
        return None
    shape = _shape(question)
    if not shape:
        return None
    dims, written = shape
    elements = math.prod(dims)
    steps = [f"elements = {written} = {fmt(elements)}"]
    for dtype in dtypes:
        size = _DTYPE_BYTES[dtype]
        total = elements * size
        steps.append(
            f"{dtype}: {size} byte{'s' if size > 1 else ''} per element; "
            f"{fmt(elements)} × {size} = {fmt(total)} bytes = {_sizes(total)}"
        )
    note = (
        "An ndarray stores one dtype for all its elements, so its data take elements × bytes per element (`a.nbytes`); "
        "1 MB is 10^6 bytes and 1 MiB is 2^20 = 1,048,576 bytes. A pandas DataFrame adds its index and some overhead."
    )
    return Worked("array_memory", "s1-python", r"single \*\*dtype\*\*", tuple(steps), note)


# --- a big table's size from rows × bytes per row (s1-large-datasets) ---------------------------------------------

_BIG_ROWS = re.compile(r"(\d+(?:\.\d+)?)\s*(billion|million|B|M)\s+rows\b", re.I)
_PER_ROW = re.compile(
    rf"(?:\b(?:at|of|with)\s+)?(?:about\s+|roughly\s+|around\s+|approximately\s+|~\s*)?({NUM})\s*(?:bytes|B)\s+"
    r"(?:each\b|(?:per|a|each)\s+(?:row|record)\b)|(?:each\s+row|every\s+row|a\s+row|row\s+size)\s+(?:is\s+|of\s+|=\s*)?"
    rf"(?:about\s+|roughly\s+|around\s+|approximately\s+|~\s*)?({NUM})\s*(?:bytes|B)\b",
    re.I,
)


def table_bytes(question: str) -> Worked | None:
    """'3 billion rows at 200 bytes per row': rows × bytes = the table's size, in GB and GiB (and TB)."""
    if re.search(rf"{NUM}\s*(?:GB|GiB|TB)\s+(?:of\s+)?(?:RAM|memory)", question, re.I):
        return None  # against a machine's RAM: `table_sizes` works it
    rows = {(to_float(m[1]) * (1e9 if m[2].lower() in ("billion", "b") else 1e6)) for m in _BIG_ROWS.finditer(question)}
    widths = {to_float(m[1] or m[2]) for m in _PER_ROW.finditer(question)}
    if len(rows) != 1 or len(widths) != 1:
        return None
    n, width = rows.pop(), widths.pop()
    if n <= 0 or width <= 0:
        return None
    total = n * width
    steps = [f"size = rows × bytes per row = {fmt(n)} × {fmt(width)} = {fmt(total)} bytes"]
    sizes = f"= {fmt(total / 1e9, 2)} GB (10^9 bytes) = {fmt(total / 2**30, 2)} GiB (2^30 bytes)"
    if total >= 1e12:
        sizes += f" = {fmt(total / 1e12, 2)} TB"
    steps.append(sizes)
    note = (
        "A table far larger than one machine's RAM cannot be loaded into pandas whole; push filtering and "
        "aggregation to SQL or Spark and bring back only the small result."
    )
    return Worked("table_bytes", "s1-large-datasets", r"2 billion rows of about 100 bytes each", tuple(steps), note)


# --- train/test(/validation) split sizes (s2-train-test-cv) --------------------------------------------------------

_N_ROWS = re.compile(
    rf"({NUM})\s*(million|thousand|k)?\s+(?:labell?ed\s+|total\s+)?"
    r"(?:rows|samples|examples|records|observations|data ?points|images|instances|customers|transactions)\b",
    re.I,
)
_SPLIT_WORDS = re.compile(r"train_test_split|test_size|hold(?:ing)? out|held[- ]out|\bsplit", re.I)


def _fraction(text: str) -> float | None:
    if text.endswith("%"):
        return to_float(text[:-1]) / 100
    value = to_float(text)
    return value if 0 < value < 1 else None


def _ceil(x: float) -> int:
    return int(math.ceil(x))


def split_sizes(question: str) -> Worked | None:
    """n rows and a test share: test = ceil(n × test_size) and train = n - test, as `train_test_split` rounds
    a float test_size; with a validation share of the rest (or a three-way 60/20/20), a second split of the
    remaining rows the same way."""
    if not _SPLIT_WORDS.search(question):
        return None
    if re.search(r"A/B|canary|traffic|control group|treatment", question, re.I):
        return None  # an experiment's split of users, not a train/test split
    if re.search(
        r"\bfolds?\b|k-fold|cross[- ]validation|train_size|stratif|TimeSeriesSplit|GroupKFold", question, re.I
    ):
        return None
    ns = {
        to_float(m[1]) * {"million": 1e6, "thousand": 1e3, "k": 1e3}.get((m[2] or "").lower(), 1)
        for m in _N_ROWS.finditer(question)
    }
    if len(ns) != 1:
        return None
    n = ns.pop()
    if n != int(n) or n < 2:
        return None
    n = int(n)
    pcts = rf"(?:{NUM})\s*%|0?\.\d+"
    test = val = None
    val_of_rest = False
    three = re.search(r"(?<![\d.])(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{1,2})(?![\d.])", question)
    two = re.search(r"(?<![\d.])(\d{1,2})\s*/\s*(\d{1,2})(?![\d./])\s*(?:train[- /]test\s+)?split", question, re.I)
    size = set(re.findall(rf"test_size\s*=\s*({PLAIN})", question))
    test_share = set(
        re.findall(
            rf"({pcts})\s+(?:of\s+(?:the\s+|my\s+|it\s+)?(?:data|rows|samples|dataset)\s+)?(?:off\s+)?(?:for|as|into|to)\s+"
            r"(?:the\s+|a\s+)?test(?:ing)?\b",
            question,
            re.I,
        )
        + re.findall(rf"({pcts})\s+test\s+(?:set|split|data)", question, re.I)
    )
    val_share = set(
        re.findall(
            rf"({pcts})\s+of\s+(?:the\s+)?(?:rest|remaining|remainder|remaining rows|"
            r"training (?:set|part|portion|data|rows))"
            r"\s+(?:off\s+)?(?:for|as|into|to)\s+(?:the\s+|a\s+)?validation\b",
            question,
            re.I,
        )
    )
    if three and not (size or test_share):
        a, b, c = (int(three[i]) for i in (1, 2, 3))
        if a + b + c != 100 or not re.search(r"valid|\bval\b|dev\b", question, re.I):
            return None
        if re.search(r"train\s*/\s*test\s*/\s*val|test\s*/\s*(?:val|train)", question, re.I):
            return None  # the shares are not in train/validation/test order
        test, val = c / 100, b / 100
    elif two and not (size or test_share) and not three and re.search(r"\btrain", question, re.I):
        a, b = int(two[1]), int(two[2])
        if a + b != 100 or a <= b:
            return None
        test = b / 100
    else:
        shares = {x for x in size | test_share}
        if len(shares) != 1:
            return None
        test = _fraction(shares.pop().strip())
        if len(val_share) > 1:
            return None
        if val_share:
            val = _fraction(val_share.pop().strip())
            val_of_rest = True
            if val is None:
                return None
    if test is None or not 0 < test < 1:
        return None
    n_test = _ceil(test * n)
    n_rest = n - n_test
    steps = [f"test = ceil(n × test_size) = ceil({fmt(n)} × {fmt(test)}) = ceil({fmt(test * n)}) = {fmt(n_test)}"]
    if val is None:
        steps.append(f"train = n - test = {fmt(n)} - {fmt(n_test)} = {fmt(n_rest)}")
    else:
        if val_of_rest:
            share, how = val, f"{fmt(val)} of the remaining rows"
        else:
            share = val / (1 - test)
            how = f"{fmt(val)} / (1 - {fmt(test)}) = {fmt(share)} of the remaining rows"
        if not 0 < share < 1:
            return None
        n_val = _ceil(share * n_rest)
        steps.append(f"remaining after the test split = {fmt(n)} - {fmt(n_test)} = {fmt(n_rest)}")
        steps.append(
            f"validation (a second split, test_size = {how}) = ceil({fmt(n_rest)} × {fmt(share)}) = "
            f"ceil({fmt(share * n_rest, 2)}) = {fmt(n_val)}"
        )
        steps.append(f"train = {fmt(n_rest)} - {fmt(n_val)} = {fmt(n_rest - n_val)}")
    note = (
        "scikit-learn's `train_test_split` rounds a fractional test_size up (ceil) and gives the rest to training; "
        "a validation set is usually a second split of the training rows, and the test set is touched only once, "
        "for the final estimate."
    )
    return Worked("split_sizes", "s2-train-test-cv", r"\*\*Holdout split\*\*", tuple(steps), note)


# --- one-hot encoding width (c-categorical-encoding) ---------------------------------------------------------------

_CATS = r"(?:distinct\s+|unique\s+|different\s+|possible\s+)?(?:categories|levels|category values|values)\b"


def one_hot_width(question: str) -> Worked | None:
    """Categorical columns with k1, k2, ... categories: one-hot gives Σk columns, drop='first' Σ(k - 1);
    numeric columns passed through are added."""
    if not re.search(r"one[- ]hot|OneHotEncoder|get_dummies|dummy (?:variables|columns)", question, re.I):
        return None
    if not re.search(r"how many|number of|columns?|width|features", question, re.I):
        return None
    if re.search(r"hash|target encod|embedding|min_frequency|max_categories|\bbins?\b", question, re.I):
        return None
    counts: list[float] = []
    spans: list[tuple[int, int]] = []
    # "with 4, 7 and 12 categories"
    for m in re.finditer(rf"((?:\d+\s*,\s*)+\d+\s*,?\s*(?:and|&)\s*\d+|\d+\s+and\s+\d+)\s+{_CATS}", question, re.I):
        counts += [float(x) for x in re.findall(r"\d+", m[1])]
        spans.append(m.span())
    for m in re.finditer(rf"(?<![\d,.])(\d+)\s+{_CATS}", question, re.I):
        if not any(a <= m.start() < b for a, b in spans):
            counts.append(float(m[1]))
            spans.append(m.span())
    # "3 columns with 5 categories each"
    each = re.search(
        rf"(\d+|two|three|four|five)\s+(?:categorical\s+)?(?:columns|features)\s+(?:with|of|having)\s+(\d+)\s+{_CATS}\s+each",
        question,
        re.I,
    )
    if each:
        k = {"two": 2, "three": 3, "four": 4, "five": 5}.get(each[1].lower()) or int(each[1])
        counts = [float(each[2])] * k
    if not counts or any(c < 1 for c in counts) or len(counts) > 30:
        return None
    numeric = re.findall(r"(\d+)\s+(?:numeric(?:al)?|continuous|numerical)\s+(?:columns|features)", question, re.I)
    if len(set(numeric)) > 1:
        return None
    extra = int(numeric[0]) if numeric else 0
    total = int(sum(counts))
    listed = " + ".join(fmt(c) for c in counts)
    steps = [f"one-hot: one 0/1 column per category = {listed} = {fmt(total)} columns"]
    if re.search(r"drop\s*=\s*['\"]?first|drop_first|drop the first|dropping (?:the|one)", question, re.I):
        dropped = total - len(counts)
        steps.append(
            f"drop='first' removes one column per feature: {fmt(total)} - {len(counts)} = {fmt(dropped)} columns"
        )
    if re.search(r"if_binary", question, re.I):
        binary = sum(1 for c in counts if c == 2)
        steps.append(
            f"drop='if_binary' removes one column only from the {binary} two-category feature(s): "
            f"{fmt(total)} - {binary} = {fmt(total - binary)} columns"
        )
    if extra:
        steps.append(f"plus {extra} numeric columns passed through: {fmt(total)} + {extra} = {fmt(total + extra)}")
    if re.search(r"handle_unknown|unseen|new categor", question, re.I):
        steps.append(
            "handle_unknown='ignore' adds no column: an unseen category is encoded as all zeros in that "
            "feature's columns"
        )
    note = (
        "The width comes from the categories seen when the encoder was fitted; with an intercept in an unregularised "
        "linear model, keeping every column causes the dummy variable trap, which drop='first' avoids."
    )
    return Worked("one_hot_width", "c-categorical-encoding", r"one 0/1 column per category", tuple(steps), note)


# --- majority-class baseline (s2-metrics) --------------------------------------------------------------------------

_NOT_CLASS = (
    r"rows|samples|examples|records|observations|instances|features|columns|epochs|trees|folds|classes|total|"
    r"images|points|users|customers|transactions|emails|patients|in|of|are|were|and|with|test|train|training|"
    r"percent|times|days|hours|per|labell?ed|data"
)
_CLASS_ITEM = rf"(\d[\d,]*)\s+(?!(?:{_NOT_CLASS})\b)([A-Za-z][\w-]*)"
_CLASS_LIST = re.compile(
    rf"{_CLASS_ITEM}(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+vs\.?\s+|\s+versus\s+){_CLASS_ITEM})+", re.I
)


def majority_baseline(question: str) -> Worked | None:
    """Class counts ('950 negatives and 50 positives'): always predicting the largest class scores its share as
    accuracy; a model's accuracy, when given, is set beside it."""
    if not re.search(
        r"majority|always predict|most frequent|DummyClassifier|trivial baseline|baseline accuracy", question, re.I
    ):
        return None
    lists = list(_CLASS_LIST.finditer(question))
    if len(lists) != 1:
        return None
    items = re.findall(_CLASS_ITEM, lists[0][0], re.I)
    names = [name for _, name in items]
    counts = [to_float(c) for c, _ in items]
    if len(set(n.lower() for n in names)) != len(names) or any(c <= 0 for c in counts):
        return None
    total = sum(counts)
    top = max(counts)
    if counts.count(top) > 1:
        return None  # a tie: which class the baseline predicts is arbitrary, the accuracy the same but unclear
    label = names[counts.index(top)]
    steps = [
        f"total = {' + '.join(fmt(c) for c in counts)} = {fmt(total)}",
        f"always predicting the majority class ({label}): accuracy = {fmt(top)} / {fmt(total)} = {fmt(top / total)} "
        f"({pct(top / total)})",
    ]
    acc = set(
        re.findall(r"(\d+(?:\.\d+)?)\s*%\s+accuracy|accuracy\s+(?:of\s+|is\s+|=\s*)(\d+(?:\.\d+)?)\s*%", question, re.I)
    )
    if len(acc) == 1:
        value = to_float(next(x for x in acc.pop() if x)) / 100
        verdict = "above" if value > top / total else "not above"
        steps.append(f"your model's accuracy {pct(value)} is {verdict} the {pct(top / total)} baseline")
    note = (
        "On imbalanced data accuracy is dominated by the majority class, which this baseline gets without "
        "detecting a single rare case; judge a model by the rare class's precision and recall too."
    )
    return Worked("majority_baseline", "s2-metrics", r"trivial majority-class baseline", tuple(steps), note)


# --- a lone 2 x 2 determinant (s1-linear-algebra) ------------------------------------------------------------------


def determinant_2x2(question: str) -> Worked | None:
    """det [[a, b], [c, d]] = ad - bc asked for itself: invertible when non-zero (with the inverse when asked)."""
    if not re.search(r"determinant|\bdet\b", question, re.I):
        return None
    if re.search(
        r"area|orientation|parallelogram|squash|collapse|eigen|trace|condition|volume|flip|transform|Jacobian",
        question,
        re.I,
    ):
        return None  # `determinant_area`, `eigen` or `condition_number` work those
    system = re.search(r"(?i:\bsolv|\bsolutions?\b)|\b[A-Z]\s*x\s*=\s*b\b", question)
    rhs = list(re.finditer(rf"\bb\d?\s*=\s*[(\[]\s*({NUM})\s*,\s*({NUM})\s*[)\]]", question)) if system else []
    taken = {m.start() + re.search(r"[(\[]", m[0]).start() for m in rhs}  # where each b's bracket opens
    arrays = [v for at, t in bracketed(question) if at not in taken and (v := literal(t)) is not None]
    if len(arrays) != 1 or shape_of(arrays[0]) != (2, 2):
        return None
    (a, b), (c, d) = arrays[0]
    det = a * d - b * c
    steps = [
        f"det = ad - bc = {factor(a)} × {factor(d)} - {factor(b)} × {factor(c)} = {fmt(a * d)} - {factor(b * c)} "
        f"= {fmt(det)}"
    ]
    zero = a == b == c == d == 0
    rank = 0 if zero else 1 if abs(det) < 1e-12 else 2
    if re.search(r"\brank\b", question, re.I):
        why = (
            "every entry is 0"
            if rank == 0
            else "one column is a multiple of the other, so only one is linearly independent"
            if rank == 1
            else "det ≠ 0, so both columns are linearly independent"
        )
        steps.append(f"rank = {rank}: {why}")
    if abs(det) < 1e-12:
        steps.append("det = 0: the columns are linearly dependent, so the matrix is singular (no inverse)")
        steps += _singular_systems([[a, b], [c, d]], [(to_float(m[1]), to_float(m[2])) for m in rhs])
        if rhs and re.search(r"np\.|numpy|linalg|error", question, re.I):
            steps.append(
                "np.linalg.solve raises LinAlgError: Singular matrix for any b here; np.linalg.lstsq returns a "
                "least-squares x instead"
            )
    else:
        solved = []
        for m in rhs:
            b1, b2 = to_float(m[1]), to_float(m[2])
            x1, x2 = (d * b1 - b * b2) / det, (a * b2 - c * b1) / det
            solved.append(
                f"b = ({fmt(b1)}, {fmt(b2)}): det ≠ 0, so exactly one solution, x = A⁻¹ b = ({fmt(x1)}, {fmt(x2)})"
            )
        steps.append(f"det = {fmt(det)} ≠ 0: the matrix is invertible")
        if re.search(r"invers|invert", question, re.I):
            inv = [[d / det, -b / det], [-c / det, a / det]]
            steps.append(
                f"inverse = (1 / det) × [[d, -b], [-c, a]] = (1 / {fmt(det)}) × [[{fmt(d)}, {fmt(-b)}], "
                f"[{fmt(-c)}, {fmt(a)}]] = [[{fmt(inv[0][0])}, {fmt(inv[0][1])}], [{fmt(inv[1][0])}, {fmt(inv[1][1])}]]"
            )
        steps += solved
    note = (
        "A square matrix has an inverse only when its determinant is non-zero; |det| is the factor by which it "
        "scales areas, but a small determinant alone does not mean the matrix is ill-conditioned."
    )
    return Worked(
        "determinant_2x2",
        "s1-linear-algebra",
        r"only for square matrices with non-zero determinant",
        tuple(steps),
        note,
    )


def _singular_systems(m: list[list[float]], rhs: list[tuple[float, float]]) -> list[str]:
    """For a singular 2 x 2 matrix, how many x solve m x = b for each b: infinitely many when b lies on the line the
    columns span (with one solution and the direction that can be added), none otherwise."""
    (a, b), (c, d) = m
    steps = []
    col = (a, c) if (a, c) != (0, 0) else (b, d)
    for b1, b2 in rhs:
        vector = f"b = ({fmt(b1)}, {fmt(b2)})"
        if col == (0, 0):
            count = "every x" if b1 == b2 == 0 else "no solution"
            steps.append(f"{vector}: the matrix sends everything to 0, so {count}")
            continue
        on_line = abs(col[0] * b2 - col[1] * b1) < 1e-9
        if not on_line:
            steps.append(
                f"{vector} is not a multiple of the column ({fmt(col[0])}, {fmt(col[1])}), so it lies off the line "
                "the matrix maps onto: no solution"
            )
            continue
        r1, r2, rb = (a, b, b1) if (a, b) != (0, 0) else (c, d, b2)
        x = (rb / r1, 0.0) if r1 else (0.0, rb / r2)
        steps.append(
            f"{vector} is a multiple of the column ({fmt(col[0])}, {fmt(col[1])}), so it lies on the line the matrix "
            f"maps onto: infinitely many solutions, every x with {fmt(r1)} × x1 + {factor(r2)} × x2 = {fmt(rb)}, e.g. "
            f"({fmt(x[0])}, {fmt(x[1])}) plus any multiple of ({fmt(-r2)}, {fmt(r1)})"
        )
    return steps


# --- successive halving (s2-hyperparameter-tuning) -----------------------------------------------------------------

_ETA_WORDS = {
    "half": 2,
    "a half": 2,
    "a third": 3,
    "one third": 3,
    "1/2": 2,
    "1/3": 3,
    "1/4": 4,
    "a quarter": 4,
    "one quarter": 4,
}


def successive_halving(question: str) -> Worked | None:
    """n configurations, keep the best 1/eta each round, the budget per survivor × eta: the configurations and
    budget of every round until one is left, and the total budget when the first round's budget is given."""
    if not re.search(r"successive halving|hyperband|halving", question, re.I):
        return None
    ns = set(
        re.findall(
            r"(\d[\d,]*)\s+(?:random\s+|candidate\s+|hyperparameter\s+)?(?:configurations|configs|candidates|trials|models)\b",
            question,
            re.I,
        )
    )
    if len(ns) != 1:
        return None
    n = int(to_float(ns.pop()))
    etas = set(re.findall(r"(?:\beta|η|factor|reduction factor)\s*(?:=|of|is)?\s*(\d+)\b", question, re.I))
    keep = re.search(
        r"keep(?:ing|s)?\s+(?:only\s+)?(?:the\s+)?(?:best\s+|top\s+)?"
        r"(half|a half|a third|one third|1/2|1/3|1/4|a quarter|one quarter)",
        question,
        re.I,
    )
    if keep:
        etas.add(str(_ETA_WORDS[keep[1].lower()]))
    if len(etas) != 1:
        return None
    eta = int(etas.pop())
    if eta < 2 or n < eta or n > 10**6:
        return None
    budget = set(
        re.findall(
            r"(?:min(?:imum)?\s+budget|budget|start(?:s|ing)?\s+(?:with|at)|each\s+(?:gets|get|trained\s+for)|"
            r"first\s+round\s+(?:gets|of|uses)|r\s*=)"
            rf"\s*(?:of\s+)?({NUM})\s+(epochs?|iterations?|steps|minutes)",
            question,
            re.I,
        )
    )
    if len(budget) > 1:
        return None
    r, unit = None, ""
    if budget:
        amount, word = budget.pop()
        r, unit = to_float(amount), word.lower().rstrip("s") + "s"
    rounds, configs = [], n
    while configs >= 1:
        rounds.append(configs)
        if configs == 1 or configs // eta == 0:
            break
        configs //= eta
    steps = [
        f"one successive-halving bracket, each round keeping floor(n / {eta}) of the configurations: "
        + " → ".join(fmt(c) for c in rounds)
    ]
    steps.append(f"rounds = {len(rounds)}")
    if n != eta ** (len(rounds) - 1):
        up, ups = n, [n]
        while up > 1:
            up = math.ceil(up / eta)
            ups.append(up)
        steps.append(
            f"{fmt(n)} is not a power of {eta}, so rounding matters: rounding up (ceil) instead keeps "
            + " → ".join(fmt(c) for c in ups)
        )
    if r is not None:
        total = 0.0
        parts = []
        for i, c in enumerate(rounds):
            per = r * eta**i
            total += c * per
            parts.append(f"round {i + 1}: {fmt(c)} × {fmt(per)} = {fmt(c * per)}")
        steps.append(f"budget per configuration × {eta} each round (in {unit}): " + "; ".join(parts))
        steps.append(
            f"total = {fmt(total)} {unit}, against {fmt(n)} × {fmt(r * eta ** (len(rounds) - 1))} = "
            f"{fmt(n * r * eta ** (len(rounds) - 1))} to train all {fmt(n)} at the final budget"
        )
    note = (
        "Successive halving spends a small budget on many configurations and gives more only to the best 1/eta each "
        "round; Hyperband runs several such brackets with different starting trade-offs between n and the budget."
    )
    return Worked(
        "successive_halving", "s2-hyperparameter-tuning", r"successive halving and Hyperband", tuple(steps), note
    )

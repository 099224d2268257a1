"""Worked computations with the learner's own numbers. Pure functions, no model.

Heldout review (heldout6): about a quarter of the questions gave numbers of their own ("TP = 30,
FP = 10 ...", "a 64x64 RGB input", "f(x, y) = 3x^2 + xy at (1, 2)") and got the reading's method
with the reading's numbers, never their own result. The small model cannot be trusted with
arithmetic, so each calculator here reads the numbers from the question, does the arithmetic in
Python and shows every step, citing the reading that teaches the formula. A calculator computes
nothing when it cannot tell which number is which (two candidates for one role, a role missing):
showing no result is better than showing a wrong one as the tutor's.

`work(question)` returns the first calculator's `Worked` result, or None.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

__all__ = ["Worked", "work"]


@dataclass(frozen=True)
class Worked:
    """Steps computed from the learner's numbers. `source_id` and `cue` find the reading's passage
    that states the formula (the citation): the first chunk of that reading whose text matches `cue`."""

    kind: str
    source_id: str
    cue: str
    steps: tuple[str, ...]
    note: str = ""  # one sentence on what the result means, decided by the numbers, not a model

    def text(self, n: int | None = None) -> str:
        cite = f" [{n}]" if n else ""
        lines = [f"**With your numbers** (the method of the reading{cite}):", ""]
        lines += [f"- {s}" for s in self.steps]
        if self.note:
            lines += ["", self.note]
        return "\n".join(lines)


# --- numbers ----------------------------------------------------------------------------------

_NUM = r"(?:-?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?|-?\.\d+)"
_PLAIN = r"(?:-?\d+(?:\.\d+)?|-?\.\d+)"  # inside tuples and lists: "(100,100,200,200)" is four numbers
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def _to_float(text: str) -> float:
    return float(text.replace(",", ""))


def fmt(x: float, places: int = 4) -> str:
    """12288 -> '12,288'; 0.16239 -> '0.1624'; 2.50 -> '2.5'."""
    if isinstance(x, Fraction):
        x = float(x)
    if abs(x - round(x)) < 1e-9 and abs(x) < 1e15:
        return f"{int(round(x)):,}"
    if 0 < abs(x) < 0.1:  # four significant figures for small probabilities: 0.00495, not 0.005
        places = max(places, 3 - math.floor(math.log10(abs(x))))
    text = f"{x:,.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def pct(x: float) -> str:
    return f"{fmt(100 * x, 1)}%"


def _rate(text: str) -> float | None:
    """'95%' -> 0.95, '0.02' -> 0.02, '1 in 200' -> 0.005, '1/200' -> 0.005; None otherwise."""
    text = text.strip()
    if m := re.fullmatch(rf"({_NUM})\s*(?:%|percent)", text):
        return _to_float(m[1]) / 100
    if m := re.fullmatch(rf"({_NUM})\s*(?:in|out of|/)\s*({_NUM})", text):
        den = _to_float(m[2])
        return _to_float(m[1]) / den if den else None
    if re.fullmatch(_NUM, text):
        value = _to_float(text)
        return value if 0 <= value <= 1 else None
    return None


_RATE = rf"(?:{_NUM})\s*(?:%|percent)|(?:{_NUM})\s*(?:in|out of|/)\s*(?:{_NUM})|(?<![\d.])0?\.\d+"


def _clauses(text: str) -> list[str]:
    """A question cut into clauses: at sentence ends, semicolons, commas and 'and'/'but'/'while'."""
    parts = re.split(r"(?<!\d)[.;?!](?!\d)|,(?!\d{3}\b)|\b(?:and|but|while|whereas)\b", text)
    return [p.strip() for p in parts if p and p.strip()]


def _literal(text: str) -> list | None:
    """'[[1, 2], [3, 6]]' -> [[1.0, 2.0], [3.0, 6.0]]; None when it is not a list of numbers."""
    text = text.strip()
    if not text.startswith("["):
        return None
    out: list = []
    stack = [out]
    for token in re.findall(r"\[|\]|-?\d+(?:\.\d+)?(?:e-?\d+)?|,|\S", text):
        if token == "[":
            new: list = []
            stack[-1].append(new)
            stack.append(new)
        elif token == "]":
            stack.pop()
            if not stack:
                return None
        elif token == ",":
            continue
        else:
            try:
                stack[-1].append(float(token))
            except ValueError:
                return None
    if len(stack) != 1 or len(out) != 1:
        return None
    return out[0]


def _bracketed(text: str) -> list[tuple[int, str]]:
    """The outermost [...] groups of a text, with their start offsets."""
    found, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "[":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "]" and depth:
            depth -= 1
            if depth == 0:
                found.append((start, text[start : i + 1]))
    return found


def _shape(values: list) -> tuple[int, ...] | None:
    if not isinstance(values, list):
        return ()
    if not values:
        return None
    inner = [_shape(v) for v in values]
    if any(s is None or s != inner[0] for s in inner):
        return None
    return (len(values), *inner[0])  # type: ignore[misc]


def _vec(values: list[float]) -> str:
    return "[" + ", ".join(fmt(v) for v in values) + "]"


# --- 1. precision, recall, F1 from a confusion matrix (s2-metrics) ------------------------------

_CELLS = {
    "TP": r"TP|true[ -]positives?",
    "FP": r"FP|false[ -]positives?",
    "FN": r"FN|false[ -]negatives?",
    "TN": r"TN|true[ -]negatives?",
}


def _cell(question: str, label: str) -> int | None | str:
    """The count given for a confusion-matrix cell; None if absent, 'two' if given twice differently."""
    found = set()
    for m in re.finditer(rf"\b(?:{label})\b\s*(?:=|:|of|is|was|are|were|count)?\s*({_NUM})(?![\d%])", question, re.I):
        found.add(_to_float(m[1]))
    for m in re.finditer(rf"(?<![\w.])({_NUM})\s+(?:{label})\b", question, re.I):
        found.add(_to_float(m[1]))
    if len(found) > 1:
        return "two"
    if not found:
        return None
    value = found.pop()
    return int(value) if value >= 0 and value == int(value) else "two"


def confusion(question: str) -> Worked | None:
    cells = {name: _cell(question, pattern) for name, pattern in _CELLS.items()}
    if any(v == "two" for v in cells.values()):
        return None
    tp, fp, fn, tn = (cells[k] for k in ("TP", "FP", "FN", "TN"))
    if tp is None or (fp is None and fn is None):
        return None
    steps = []
    precision = recall = None
    if fp is not None and tp + fp:
        precision = tp / (tp + fp)
        steps.append(f"Precision = TP / (TP + FP) = {tp} / ({tp} + {fp}) = {fmt(precision)}")
    if fn is not None and tp + fn:
        recall = tp / (tp + fn)
        steps.append(f"Recall = TP / (TP + FN) = {tp} / ({tp} + {fn}) = {fmt(recall)}")
    if fp is not None and fn is not None and tp:
        f1 = 2 * tp / (2 * tp + fp + fn)
        steps.append(f"F1 = 2TP / (2TP + FP + FN) = {2 * tp} / ({2 * tp} + {fp} + {fn}) = {fmt(f1)}")
    if None not in (fp, fn, tn):
        total = tp + fp + fn + tn
        steps.append(f"Accuracy = (TP + TN) / total = ({tp} + {tn}) / {total:,} = {fmt((tp + tn) / total)}")
        if fp + tn:
            steps.append(f"False-positive rate = FP / (FP + TN) = {fp} / {fp + tn:,} = {fmt(fp / (fp + tn))}")
    note = ""
    if precision is not None and recall is not None and abs(precision - recall) > 0.05:
        low = "recall" if recall < precision else "precision"
        missed = "misses more of the real positives" if low == "recall" else "raises more false alarms"
        note = f"Here {low} is the weaker of the two: the model {missed} than the other way round."
    return Worked("confusion", "s2-metrics", r"\*\*Precision\*\* = TP", tuple(steps), note)


# --- 2. Bayes' theorem with a test or detector (s1-probability-statistics) -------------------------

_FNR = re.compile(r"false[ -]negative|misses|miss rate", re.I)
_FPR = re.compile(
    r"false[ -]positive|false alarm|wrong(?:ly)?|mistaken(?:ly)?|incorrect(?:ly)?|erroneous(?:ly)?|"
    r"healthy|legit(?:imate)?|innocent|genuine (?:users|emails|customers)|non-?(?:fraud|spam|defect|sick|diseased)|"
    r"(?:of|for) (?:normal|clean|good|negative)",
    re.I,
)
_SPEC = re.compile(r"specific(?:ity)?|true[ -]negative rate|correctly (?:clears|rejects|passes)", re.I)
_SENS = re.compile(
    r"sensitiv(?:e|ity)|true[ -]positive rate|recall|detect(?:s|ed|ion)?|catch(?:es)?|caught|hit rate|"
    r"correctly (?:flags|identifies|detects)|flags?|identif(?:ies|y)|positive for|alerts? on|accura(?:te|cy)",
    re.I,
)
_PRIOR = re.compile(
    r"prevalen(?:ce|t)|base rate|prior|affect(?:s|ed)?|(?:has|have) (?:it|this|that|the)\b|infected|"
    r"are (?:actually |really )?\w+|"
    r"\bis (?:about |around |only |roughly )?(?=\.?\d)|"
    r"population|rare|of all|of (?:the )?(?:people|patients|transactions|emails|users|parts|items|cases)|in every",
    re.I,
)
_ASKS_POSTERIOR = re.compile(r"\b(chance|probability|likel|odds|how many|what (?:share|fraction|percent)|P\()", re.I)
_EVIDENCE_WORDS = re.compile(r"\b(positive|flag|alarm|alert|test|detect|screen|fires|triggers|marked)", re.I)


def bayes(question: str) -> Worked | None:
    if not (_ASKS_POSTERIOR.search(question) and _EVIDENCE_WORDS.search(question)):
        return None
    roles: dict[str, list[float]] = {"sens": [], "fpr": [], "prior": []}
    given: list[tuple[str, float]] = []
    for clause in _clauses(question):
        rates = [r for r in (_rate(t) for t in re.findall(_RATE, clause)) if r is not None]
        if len(rates) > 1:
            return None  # two rates in one clause: which is which is not clear
        given += [(clause, rates[0])] if rates else []
    for clause, rate in given:
        if re.search(r"\bthan\b|compared", clause) and any(r == rate and c != clause for c, r in given):
            continue  # "why is it so much lower than 95%?" refers back to a rate already given
        if _FNR.search(clause):
            roles["sens"].append(1 - rate)
        elif _SPEC.search(clause):
            roles["fpr"].append(1 - rate)
        elif _FPR.search(clause):
            roles["fpr"].append(rate)
        elif _SENS.search(clause):
            roles["sens"].append(rate)
        elif _PRIOR.search(clause):
            roles["prior"].append(rate)
        elif not any(r == rate and c != clause for c, r in given):
            return None  # a rate with no role ("why is it lower than 95%?" only refers back)
    if any(len(v) != 1 for v in roles.values()):
        return None
    sens, fpr, prior = roles["sens"][0], roles["fpr"][0], roles["prior"][0]
    if not (0 < prior < 1 and 0 < sens <= 1 and 0 <= fpr < 1):
        return None
    hit, alarm = sens * prior, fpr * (1 - prior)
    evidence = hit + alarm
    posterior = hit / evidence
    n = 10_000
    steps = (
        f"H = the case is real, E = it is flagged (a positive result): prior P(H) = {fmt(prior)}, "
        f"detection rate P(E | H) = {fmt(sens)}, false-positive rate P(E | not H) = {fmt(fpr)}",
        f"P(E) = P(E | H) P(H) + P(E | not H) P(not H) = {fmt(sens)} × {fmt(prior)} + {fmt(fpr)} × {fmt(1 - prior)} "
        f"= {fmt(hit)} + {fmt(alarm)} = {fmt(evidence)}",
        f"P(H | E) = P(E | H) P(H) / P(E) = {fmt(hit)} / {fmt(evidence)} = {fmt(posterior)}, about {pct(posterior)}",
        f"In counts: of {n:,} cases, {fmt(n * prior)} are real and {fmt(n * hit, 1)} of them are flagged; "
        f"{fmt(n * alarm, 1)} of the other {fmt(n * (1 - prior))} are flagged too, so {fmt(n * hit, 1)} of "
        f"{fmt(n * evidence, 1)} flagged cases are real",
    )
    note = ""
    if posterior < 0.8 * sens and alarm > hit:
        note = (
            f"It is far below the {pct(sens)} detection rate because the other group is much larger: its false "
            f"positives ({fmt(n * alarm, 1)} per {n:,}) outnumber the real cases caught ({fmt(n * hit, 1)}). "
            "Ignoring the prior this way is the base-rate fallacy."
        )
    elif posterior < 0.8 * sens:
        note = (
            f"It is below the {pct(sens)} detection rate because false positives from the much larger other group "
            f"still make up {pct(alarm / evidence)} of the flagged cases."
        )
    return Worked("bayes", "s1-probability-statistics", r"P\(E \| H\) P\(H\) \+ P\(E \| not H\)", steps, note)


# --- 3. IoU of two boxes (s5-computer-vision) ------------------------------------------------------

_BOX = re.compile(rf"[\(\[]\s*({_PLAIN})\s*,\s*({_PLAIN})\s*,\s*({_PLAIN})\s*,\s*({_PLAIN})\s*[\)\]]")


def iou(question: str) -> Worked | None:
    if not re.search(r"\b(iou|intersection|overlap|box(es)?|union)\b", question, re.I):
        return None
    boxes = [tuple(float(v.replace(",", "")) for v in m.groups()) for m in _BOX.finditer(question)]
    if len(boxes) != 2:
        return None
    xywh = re.search(r"\bw\s*,\s*h\b|width|height", question, re.I)
    if re.search(r"\b(cx|center|centre|x_c)\b", question, re.I):
        return None
    if xywh:
        boxes = [(x, y, x + w, y + h) for x, y, w, h in boxes]
    if any(x2 <= x1 or y2 <= y1 for x1, y1, x2, y2 in boxes):
        return None  # not (x1, y1, x2, y2) corners
    (ax1, ay1, ax2, ay2), (bx1, by1, bx2, by2) = boxes
    area_a, area_b = (ax2 - ax1) * (ay2 - ay1), (bx2 - bx1) * (by2 - by1)
    iw, ih = max(0.0, min(ax2, bx2) - max(ax1, bx1)), max(0.0, min(ay2, by2) - max(ay1, by1))
    inter = iw * ih
    union = area_a + area_b - inter
    value = inter / union
    steps = [
        f"Areas: box A = {fmt(ax2 - ax1)} × {fmt(ay2 - ay1)} = {fmt(area_a)}, "
        f"box B = {fmt(bx2 - bx1)} × {fmt(by2 - by1)} = {fmt(area_b)}",
        f"Intersection: width min({fmt(ax2)}, {fmt(bx2)}) - max({fmt(ax1)}, {fmt(bx1)}) = {fmt(iw)}, "
        f"height min({fmt(ay2)}, {fmt(by2)}) - max({fmt(ay1)}, {fmt(by1)}) = {fmt(ih)}, area {fmt(inter)}",
        f"Union = {fmt(area_a)} + {fmt(area_b)} - {fmt(inter)} = {fmt(union)}",
        f"IoU = {fmt(inter)} / {fmt(union)} = {fmt(value)}",
    ]
    if xywh:
        steps.insert(0, "Boxes read as (x, y, width, height) and turned into corners (x1, y1, x1 + w, y1 + h)")
    m = re.search(r"threshold\D{0,12}(0?\.\d+)", question, re.I)
    threshold = float(m[1]) if m else 0.5
    verb = "counts" if value >= threshold else "does not count"
    note = f"At an IoU threshold of {fmt(threshold)} this prediction {verb} as a match (if its class is right)."
    return Worked("iou", "s5-computer-vision", r"Intersection over Union", tuple(steps), note)


# --- 4. parameter counts of dense and conv layers (s3-neural-networks) -----------------------------

_IMAGE = re.compile(
    r"(\d+)\s*[x×*]\s*(\d+)(?:\s*[x×*]\s*(\d+))?\s*(?:pixels?\s*)?(rgb|colou?r|grayscale|greyscale|gray|grey|"
    r"image|input|picture|photo)?",
    re.I,
)
_KERNEL = re.compile(r"(\d+)\s*[x×*]\s*(\d+)\s*(?:conv|convolution|kernel|filter)", re.I)
_DENSE_UNITS = re.compile(r"(\d[\d,]*)\s*(?:hidden\s+)?(?:units|neurons|nodes|outputs?\b(?!\s*channels))\b", re.I)
_OUT_CHANNELS = re.compile(
    r"(\d+)\s*(?:output\s+channels|out(?:put)?[ _-]channels|filters|feature maps|kernels|channels out)", re.I
)
_IN_CHANNELS = re.compile(r"(\d+)\s*(?:input\s+channels|in[ _-]channels|channels in)|from\s+(\d+)\s+channels", re.I)
_LAYER_CHAIN = re.compile(r"\d[\d,]*(?:\s*(?:->|→|=>)\s*\d[\d,]*)+")


def params(question: str) -> Worked | None:
    if not re.search(r"\bparam|weights\b", question, re.I):
        return None
    steps: list[str] = []
    chain = _LAYER_CHAIN.search(question)
    if chain:  # an MLP given as 784 -> 128 -> 10
        sizes = [int(s.replace(",", "")) for s in re.findall(r"\d[\d,]*", chain[0])]
        total = 0
        for a, b in zip(sizes, sizes[1:], strict=False):
            n = a * b + b
            total += n
            steps.append(f"Dense {a:,} → {b:,}: {a:,} × {b:,} + {b:,} = {n:,}")
        if len(sizes) > 2:
            steps.append(f"Total: {total:,} parameters")
        return Worked("params", "s3-neural-networks", r"n_\{in\} n_\{out\} \+ n_\{out\}", tuple(steps))
    kernel = _KERNEL.search(question)
    spans = [kernel.span()] if kernel else []
    image = next(
        (m for m in _IMAGE.finditer(question) if not any(s[0] <= m.start() < s[1] for s in spans)),
        None,
    )
    channels = None
    if image:
        word = (image[4] or "").lower()
        if image[3]:
            channels = int(image[3])
        elif word in ("rgb", "color", "colour"):
            channels = 3
        elif word in ("grayscale", "greyscale", "gray", "grey"):
            channels = 1
    inputs = None
    if image and channels:
        h, w = int(image[1]), int(image[2])
        inputs = h * w * channels
    else:
        m = re.search(r"(\d[\d,]*)\s*(?:input features|inputs|features|input units)", question, re.I)
        inputs = int(m[1].replace(",", "")) if m else None
    units = [int(m[1].replace(",", "")) for m in _DENSE_UNITS.finditer(question)]
    if inputs and len(set(units)) == 1 and re.search(r"\b(dense|fully[ -]connected|linear|mlp|fc)\b", question, re.I):
        n_out = units[0]
        if image and channels:
            steps.append(f"Inputs: {int(image[1])} × {int(image[2])} × {channels} = {inputs:,}")
        dense = inputs * n_out + n_out
        steps.append(f"Dense layer: {inputs:,} × {n_out:,} weights + {n_out:,} biases = {dense:,} parameters")
    else:
        dense = None
    conv = None
    if kernel and kernel[1] == kernel[2]:
        k = int(kernel[1])
        outs = {int(m[1]) for m in _OUT_CHANNELS.finditer(question)}
        ins = {int(m[1] or m[2]) for m in _IN_CHANNELS.finditer(question)}
        c_in = ins.pop() if len(ins) == 1 else channels
        if len(outs) == 1 and c_in:
            c_out = outs.pop()
            conv = k * k * c_in * c_out + c_out
            steps.append(
                f"Conv layer: {k} × {k} × {c_in} × {c_out} weights + {c_out} biases = {conv:,} parameters, "
                "whatever the image size"
            )
    if not steps:
        return None
    note = ""
    if dense and conv:
        note = f"The dense layer needs about {fmt(dense / conv, 0)} times as many parameters as the conv layer."
    cue = r"k \\cdot k|C_\{in\}" if conv else r"n_\{in\} n_\{out\} \+ n_\{out\}"
    return Worked("params", "s3-neural-networks", cue, tuple(steps), note)


# --- 5. NumPy broadcasting (s1-python) -------------------------------------------------------------

_TUPLE = re.compile(r"\(\s*(\d+(?:\s*,\s*\d+)*)\s*,?\s*\)")


def broadcast(question: str) -> Worked | None:
    if not re.search(r"broadcast|\bshapes?\b|numpy|\bnp\b", question, re.I):
        return None
    shapes = [tuple(int(x) for x in re.findall(r"\d+", m[1])) for m in _TUPLE.finditer(question)]
    shapes = [s for s in shapes if s]
    if len(shapes) != 2 or max(len(shapes[0]), len(shapes[1])) > 6:
        return None
    a, b = shapes
    width = max(len(a), len(b))
    pa, pb = (1,) * (width - len(a)) + a, (1,) * (width - len(b)) + b

    def show(s):
        return "(" + ", ".join(map(str, s)) + ("," if len(s) == 1 else "") + ")"

    steps = [f"Align from the last dimension: {show(a)} and {show(b)} become {show(pa)} and {show(pb)}"]
    out = []
    for i in range(width - 1, -1, -1):
        x, y = pa[i], pb[i]
        if x == y or 1 in (x, y):
            out.append(max(x, y))
            why = "equal" if x == y else "one of them is 1, so it is stretched"
            steps.append(f"Dimension {i - width}: {x} and {y}: {why} → {max(x, y)}")
        else:
            steps.append(f"Dimension {i - width}: {x} and {y}: neither equal nor 1 → incompatible")
            note = f"{show(a)} and {show(b)} do not broadcast: NumPy raises a ValueError."
            return Worked("broadcast", "s1-python", r"\*\*Broadcasting\*\*", tuple(steps), note)
    result = tuple(reversed(out))
    note = f"The result has shape {show(result)}."
    return Worked("broadcast", "s1-python", r"\*\*Broadcasting\*\*", tuple(steps), note)


# --- 6. NumPy reductions along an axis (s1-python) ---------------------------------------------------

_REDUCE = re.compile(r"\b(mean|sum|max|min)\s*\(\s*(?:\w+\s*,\s*)?(?:axis\s*=\s*(-?\d))?\s*\)", re.I)
_OPS: dict[str, Callable[[list[float]], float]] = {
    "mean": lambda v: sum(v) / len(v),
    "sum": sum,
    "max": max,
    "min": min,
}


def axis(question: str) -> Worked | None:
    arrays = [(s, _literal(t)) for s, t in _bracketed(question)]
    arrays = [(s, a) for s, a in arrays if a is not None and len(_shape(a) or ()) == 2]
    if len(arrays) != 1:
        return None
    rows = arrays[0][1]
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
            shown = ", ".join(f"{op}({_vec(c)})" for c in cols)
            steps.append(
                f"{op}(axis={ax}) works down the rows, one value per column: {shown} = {_vec([f(c) for c in cols])}"
            )
        elif ax in ("1", "-1"):
            shown = ", ".join(f"{op}({_vec(r)})" for r in rows)
            steps.append(
                f"{op}(axis={ax}) works across each row, one value per row: {shown} = {_vec([f(r) for r in rows])}"
            )
        else:
            return None
    return Worked("axis", "s1-python", r"\*\*Axis\*\*", tuple(steps))


# --- 7. runs over seeds or folds: mean and spread (s2-train-test-cv, s4-experiment-tracking) -------

_RUN = re.compile(rf"(?:{_NUM})(?:\s*(?:,|and|/|;)\s*(?:{_NUM}))+")


def _std(values: list[float], sample: bool = False) -> float:
    """Population standard deviation, or the sample one (n - 1) when `sample`."""
    m = sum(values) / len(values)
    return math.sqrt(sum((v - m) ** 2 for v in values) / (len(values) - sample))


def runs(question: str) -> Worked | None:
    if not re.search(r"\b(seeds?|runs?|folds?|cross[- ]val|cv|repeats?|trials?)\b", question, re.I):
        return None
    if re.search(r"\b(TP|FP|IoU|box)\b", question):
        return None
    groups = []
    for m in _RUN.finditer(question):
        values = [_to_float(v) for v in re.findall(_NUM, m[0])]
        if len(values) >= 3 or (len(values) == 2 and groups):
            before = question[max(0, m.start() - 40) : m.start()]
            name = re.findall(r"(?i:config(?:uration)?|model|setting)\s+([A-Za-z0-9]\w{0,2})\b|\b([A-Z])\b", before)
            name = [a or b for a, b in name]
            groups.append((name[-1] if name else "", values))
    if not groups or len(groups) > 3 or any(len(v) < 2 for _, v in groups):
        return None
    if len(groups) == 1 and not re.search(r"\bfolds?|cross[- ]val|\bcv\b|seeds?|runs?", question, re.I):
        return None
    seeds = bool(re.search(r"seed|config", question, re.I))  # s4-experiment-tracking: sample std
    kind = "sample" if seeds else "population"
    steps, means = [], []
    for i, (name, values) in enumerate(groups):
        label = f"{name}" if name and len({n for n, _ in groups}) == len(groups) else f"set {i + 1}"
        mean, std = sum(values) / len(values), _std(values, sample=seeds)
        means.append((mean, std, max(values), label))
        total = " + ".join(fmt(v) for v in values)
        steps.append(
            f"{label}: mean = ({total}) / {len(values)} = {fmt(mean)}; standard deviation "
            f"({kind}, as the reading computes it) = {fmt(std)}; best single value {fmt(max(values))}"
        )
    note = ""
    if len(means) == 2:
        (m1, s1, b1, l1), (m2, s2, b2, l2) = means
        top_mean = l1 if m1 > m2 else l2
        top_best = l1 if b1 > b2 else l2
        if top_mean != top_best and m1 != m2:
            note = (
                f"{top_best} has the single best value, but {top_mean} has the higher mean; "
                "a single best run can be seed noise, so compare means and spreads."
            )
        elif m1 != m2:
            gap = abs(m1 - m2)
            note = f"{top_mean} has the higher mean by {fmt(gap)}; " + (
                "that gap is smaller than the spread across runs, so it may be noise."
                if gap < max(s1, s2)
                else "that gap is larger than the spread across runs."
            )
    source = "s4-experiment-tracking" if seeds else "s2-train-test-cv"
    cue = r"Sample standard deviation" if seeds else r"\(population\) standard deviation"
    return Worked("runs", source, cue, tuple(steps), note)


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
_POINT = re.compile(rf"\bat\s*(?:the\s+point\s*)?\(\s*({_PLAIN}(?:\s*,\s*{_PLAIN}){{0,2}})\s*\)", re.I)


def _fraction(text: str) -> Fraction:
    return Fraction(text.replace(",", ""))


def calculus(question: str) -> Worked | None:
    m = _FUNC.search(question)
    if not m:
        return None
    name = m[1]
    names = [v.strip() for v in m[2].split(",")]
    body = re.split(r"\s(?:at|when|with|for|and|starting|start|from|using|if|is|wrt)\b|\?|,\s", m[3] + " ")[0]
    try:
        poly = _Parser(body.strip().rstrip("."), names).parse()
    except (ValueError, IndexError, ZeroDivisionError):
        return None
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
    point = _start_point(question, names)
    lr = _learning_rate(question)
    if (
        lr is not None
        and point is not None
        and re.search(r"gradient descent|\bsteps?\b|update|iteration", question, re.I)
    ):
        count = _step_count(question)
        x = list(point)
        for s in range(1, count + 1):
            g = [_eval(gi, x) for gi in grads]
            new = [xi - lr * gi for xi, gi in zip(x, g, strict=True)]
            if len(names) == 1:
                steps.append(
                    f"step {s}: {name}'({fmt(x[0])}) = {fmt(g[0])}, so {names[0]} = {fmt(x[0])} - {fmt(lr)} × "
                    f"({fmt(g[0])}) = {fmt(new[0])}"
                )
            else:
                steps.append(
                    f"step {s}: gradient at ({', '.join(fmt(v) for v in x)}) = ({', '.join(fmt(v) for v in g)}), "
                    f"so the point becomes ({', '.join(fmt(v) for v in new)})"
                )
            x = new
        note = f"After {count} step{'s' if count > 1 else ''}: {name} = {fmt(_eval(poly, x))}."
        return Worked("calculus", "s1-calculus", r"Gradient descent by hand", tuple(steps), note)
    if point is not None:
        values = [_eval(g, list(point)) for g in grads]
        at = ", ".join(fmt(p) for p in point)
        if len(names) == 1:
            steps.append(f"At {names[0]} = {at}: {name}'({at}) = {fmt(values[0])}")
        else:
            for v, val in zip(names, values, strict=True):
                steps.append(f"At ({at}): d{name}/d{v} = {fmt(val)}")
            steps.append(f"Gradient at ({at}) = ({', '.join(fmt(v) for v in values)})")
    return Worked("calculus", "s1-calculus", r"\*\*Gradient\*\*: the vector", tuple(steps))


def _start_point(question: str, names: list[str]) -> list[Fraction] | None:
    m = _POINT.search(question)
    if m:
        values = [_fraction(v) for v in re.findall(_PLAIN, m[1])]
        return values if len(values) == len(names) else None
    found = []
    for n in names:
        hits = {v for v in re.findall(rf"\b{n}(?:_?0)?\s*=\s*({_NUM})", question)}
        if len(hits) != 1:
            return None
        found.append(_fraction(hits.pop()))
    return found


def _learning_rate(question: str) -> Fraction | None:
    m = re.findall(rf"(?:learning rate|\blr\b|\beta\b|η|step size|alpha|α)\s*(?:of|=|:|is)?\s*({_NUM})", question, re.I)
    values = set(m)
    return _fraction(values.pop()) if len(values) == 1 else None


def _step_count(question: str) -> int:
    m = re.search(
        r"(\d+|one|two|three|four|five)\s+(?:gradient[- ]descent\s+)?(?:steps|iterations|updates)", question, re.I
    )
    if not m:
        return 1
    count = int(m[1]) if m[1].isdigit() else _WORDS[m[1].lower()]
    return max(1, min(count, 10))


# --- 9. softmax of a list of scores (s3-neural-networks) ----------------------------------------------


def softmax(question: str) -> Worked | None:
    if not re.search(r"softmax", question, re.I):
        return None
    lists = [v for _, t in _bracketed(question) if (v := _literal(t)) is not None and _shape(v) and len(_shape(v)) == 1]
    if len(lists) != 1:
        m = re.search(rf"(?:logits|scores)\D{{0,20}}((?:{_NUM})(?:\s*(?:,|and)\s*(?:{_NUM}))+)", question, re.I)
        if not m or lists:
            return None
        lists = [[_to_float(v) for v in re.findall(_NUM, m[1])]]
    z = lists[0]
    t = re.search(rf"temperature\s*(?:of|=|T\s*=)?\s*({_NUM})", question, re.I)
    temp = _to_float(t[1]) if t else 1.0
    if temp <= 0 or len(z) > 10:
        return None
    scaled = [v / temp for v in z]
    top = max(scaled)
    exps = [math.exp(v - top) for v in scaled]
    total = sum(exps)
    probs = [e / total for e in exps]
    steps = []
    if temp != 1:
        steps.append(f"Divide by the temperature {fmt(temp)}: {_vec(scaled)}")
    steps += [
        "exp of each score: " + ", ".join(f"e^{fmt(v)} = {fmt(math.exp(v))}" for v in scaled),
        f"Sum = {fmt(sum(math.exp(v) for v in scaled))}",
        "Probabilities = each exp / sum = " + _vec([round(p, 4) for p in probs]) + " (they sum to 1)",
    ]
    return Worked("softmax", "s3-neural-networks", r"softmax, which turns", tuple(steps))


# --- 10. discounted return (s3-mdp) ----------------------------------------------------------------


def discounted(question: str) -> Worked | None:
    if not re.search(r"\breturn\b|discount", question, re.I):
        return None
    g = re.findall(rf"(?:gamma|γ|discount(?: factor| rate)?)\s*(?:of|=|:|is)?\s*({_NUM})", question, re.I)
    if len(set(g)) != 1:
        return None
    gamma = _to_float(g[0])
    m = re.search(rf"rewards?\D{{0,25}}((?:{_NUM})(?:\s*(?:,|and|then)\s*(?:{_NUM}))+)", question, re.I)
    lists = [v for _, t in _bracketed(question) if (v := _literal(t)) is not None and len(_shape(v) or ()) == 1]
    if m:
        rewards = [_to_float(v) for v in re.findall(_NUM, m[1])]
    elif len(lists) == 1:
        rewards = lists[0]
    else:
        return None
    if not 0 <= gamma <= 1 or len(rewards) > 12:
        return None
    terms = [gamma**k * r for k, r in enumerate(rewards)]
    shown = " + ".join(f"{fmt(gamma)}^{k} × {fmt(r)}" if k else fmt(r) for k, r in enumerate(rewards))
    steps = (
        f"G = {shown}",
        "= " + " + ".join(fmt(t) for t in terms) + f" = {fmt(sum(terms))}",
    )
    return Worked("discounted", "s3-mdp", r"\*\*Return\.\*\*", steps)


# --- 11. standardisation / z-scores (s1-data-cleaning) ----------------------------------------------


def zscore(question: str) -> Worked | None:
    if not re.search(r"z[- ]?scores?|standardi[sz]", question, re.I):
        return None
    mean = re.findall(rf"(?:mean|average|μ|mu)\s*(?:of|=|:|is)?\s*({_NUM})", question, re.I)
    std = re.findall(rf"(?:std|standard deviation|sd|σ|sigma)\s*(?:of|=|:|is)?\s*({_NUM})", question, re.I)
    lists = [v for _, t in _bracketed(question) if (v := _literal(t)) is not None and len(_shape(v) or ()) == 1]
    if len(set(mean)) == 1 and len(set(std)) == 1:
        mu, sigma = _to_float(mean[0]), _to_float(std[0])
        rest = re.sub(
            rf"(?:mean|average|μ|mu|std|standard deviation|sd|σ|sigma)\s*(?:of|=|:|is)?\s*(?:{_NUM})",
            "",
            question,
            flags=re.I,
        )
        values = lists[0] if len(lists) == 1 else [_to_float(v) for v in re.findall(_NUM, rest)]
        if not values or sigma <= 0 or len(values) > 8:
            return None
        steps = tuple(f"z = ({fmt(x)} - {fmt(mu)}) / {fmt(sigma)} = {fmt((x - mu) / sigma)}" for x in values)
        note = ""
        if any(abs((x - mu) / sigma) > 3 for x in values):
            note = "A |z| above 3 is what the z-score rule flags as a possible outlier."
        return Worked("zscore", "s1-data-cleaning", r"\*\*Standardization\*\*", steps, note)
    if len(lists) == 1 and not mean and not std and 2 <= len(lists[0]) <= 12:
        values = lists[0]
        mu, sigma = sum(values) / len(values), _std(values)
        if sigma == 0:
            return None
        steps = (
            f"mean = {fmt(sum(values))} / {len(values)} = {fmt(mu)}",
            f"standard deviation (population, as StandardScaler uses) = {fmt(sigma)}",
            "z = (x - mean) / std: " + _vec([round((x - mu) / sigma, 4) for x in values]),
        )
        return Worked("zscore", "s1-data-cleaning", r"\*\*Standardization\*\*", steps)
    return None


# --- 12. dot product, cosine similarity, matrix times vector (s1-linear-algebra) -------------------


def linalg(question: str) -> Worked | None:
    if not re.search(r"dot|cosine|inner product|multiply|product|times|@|matmul", question, re.I):
        return None
    arrays = [v for _, t in _bracketed(question) if (v := _literal(t)) is not None and _shape(v)]
    if len(arrays) != 2:
        return None
    a, b = arrays
    sa, sb = _shape(a), _shape(b)
    if len(sa) == 1 and len(sb) == 1:
        if sa != sb:
            return None
        dot = sum(x * y for x, y in zip(a, b, strict=True))
        products = " + ".join(f"{fmt(x)} × {fmt(y)}" for x, y in zip(a, b, strict=True))
        steps = [f"u · v = {products} = {fmt(dot)}"]
        note = "The dot product is 0, so the vectors are orthogonal." if dot == 0 else ""
        if re.search(r"cosine|angle|similar", question, re.I):
            na, nb = math.sqrt(sum(x * x for x in a)), math.sqrt(sum(y * y for y in b))
            if na and nb:
                steps.append(f"||u|| = {fmt(na)}, ||v|| = {fmt(nb)}")
                steps.append(f"cosine similarity = {fmt(dot)} / ({fmt(na)} × {fmt(nb)}) = {fmt(dot / (na * nb))}")
        return Worked("linalg", "s1-linear-algebra", r"\*\*Dot product\*\*", tuple(steps), note)
    if len(sa) == 2 and len(sb) == 1:
        if sa[1] != sb[0]:
            return Worked(
                "linalg",
                "s1-linear-algebra",
                r"inner dimensions must match",
                (f"A is {sa[0]} × {sa[1]} and v has {sb[0]} entries: the inner dimensions {sa[1]} and {sb[0]} differ",),
                "The product is not defined.",
            )
        steps = [
            f"row {i + 1}: "
            + " + ".join(f"{fmt(x)} × {fmt(y)}" for x, y in zip(row, b, strict=True))
            + f" = {fmt(sum(x * y for x, y in zip(row, b, strict=True)))}"
            for i, row in enumerate(a)
        ]
        result = [sum(x * y for x, y in zip(row, b, strict=True)) for row in a]
        steps.append(f"A v = {_vec(result)}")
        return Worked("linalg", "s1-linear-algebra", r"inner dimensions must match|\*\*Dot product\*\*", tuple(steps))
    if len(sa) == 2 and len(sb) == 2:
        if sa[1] != sb[0]:
            return Worked(
                "linalg",
                "s1-linear-algebra",
                r"inner dimensions must match",
                (
                    f"A is {sa[0]} × {sa[1]} and B is {sb[0]} × {sb[1]}: "
                    f"the inner dimensions {sa[1]} and {sb[0]} differ",
                ),
                "The product AB is not defined.",
            )
        cols = list(zip(*b, strict=True))
        result = [[sum(x * y for x, y in zip(row, col, strict=True)) for col in cols] for row in a]
        steps = [f"A is {sa[0]} × {sa[1]}, B is {sb[0]} × {sb[1]}, so AB is {sa[0]} × {sb[1]}"]
        steps += [
            f"entry ({i + 1}, {j + 1}) = row {i + 1} of A · column {j + 1} of B = {fmt(result[i][j])}"
            for i in range(len(a))
            for j in range(len(cols))
        ][:9]
        steps.append("AB = [" + ", ".join(_vec(r) for r in result) + "]")
        return Worked("linalg", "s1-linear-algebra", r"inner dimensions must match", tuple(steps))
    return None


# --- 13. grid-search and k-fold counts (s2-hyperparameter-tuning, s2-train-test-cv) ----------------


def counts(question: str) -> Worked | None:
    if not re.search(r"how many|number of|size of each|how big|how large", question, re.I):
        return None
    fold = re.findall(r"(\d+)[- ]fold|(\d+)\s+folds", question, re.I)
    k = {int(a or b) for a, b in fold}
    if len(k) > 1:
        return None
    k = k.pop() if k else None
    lists = [
        v
        for _, t in _bracketed(question) + [(0, "[" + s + "]") for s in re.findall(r"\{([^{}]*)\}", question)]
        if (v := _literal(t)) is not None and len(_shape(v) or ()) == 1
    ]
    sizes = [len(v) for v in lists]
    if not sizes:
        sizes = [
            int(n) for n in re.findall(r"(\d+)\s+(?:values|settings|options|choices|candidates)\b", question, re.I)
        ]
        sizes += [
            int(m)
            for m in re.findall(r"\b(\d+)\s+(?:learning rates|depths|max[_ ]depths|values of \w+)", question, re.I)
        ]
    seeds = re.findall(r"(\d+)\s+(?:random\s+)?seeds", question, re.I)
    samples = re.findall(
        r"(\d[\d,]*)\s+(?:labell?ed\s+)?(?:samples|rows|examples|images|emails|records|data points|observations)",
        question,
        re.I,
    )
    steps = []
    if len(sizes) >= 2 and re.search(r"grid", question, re.I):
        configs = math.prod(sizes)
        steps.append(f"Configurations: {' × '.join(map(str, sizes))} = {configs:,}")
        if k:
            steps.append(
                f"Model fits with {k}-fold CV: {configs:,} × {k} = {configs * k:,} "
                "(plus one refit on all the training data)"
            )
        if len(seeds) == 1:
            s = int(seeds[0])
            steps.append(f"Runs with {s} seeds each: {configs:,} × {s} = {configs * s:,}")
        source, cue = "s2-hyperparameter-tuning", r"number of configurations is the product"
    elif k and len(set(samples)) == 1:
        n = int(samples[0].replace(",", ""))
        if n % k:
            return None
        steps += [
            f"Each fold holds {n:,} / {k} = {n // k:,}",
            f"Each of the {k} models trains on {n:,} - {n // k:,} = {n - n // k:,} and is validated on {n // k:,}",
        ]
        source, cue = "s2-train-test-cv", r"Each fold holds"
    else:
        return None
    return Worked("counts", source, cue, tuple(steps))


# --- 14. pipeline DAG timing: sequential vs critical path (s4-pipeline-automation) -----------------


def dag(question: str) -> Worked | None:
    """A chain of stages, given in order, where a stage is one task or several independent ones in
    parallel: 'extract (5 min), then two independent feature tasks (30 min and 10 min), then ...'."""
    if not re.search(r"\bparallel\b|critical path|wall[- ]clock", question, re.I):
        return None
    if not re.search(r"\bthen\b|->|→", question):
        return None
    stages = []
    for piece in re.split(r"\bthen\b|->|→", question):
        durations = [float(d) for d in re.findall(r"(\d+(?:\.\d+)?)\s*(?:min(?:ute)?s?|h(?:ours?)?)\b", piece, re.I)]
        if durations:
            stages.append(durations)
    if len(stages) < 2 or not any(len(s) > 1 for s in stages):
        return None
    if len({u for u in re.findall(r"\d\s*(min|h)", question, re.I)}) > 1:
        return None  # minutes and hours mixed
    unit = "min" if re.search(r"\d\s*min", question, re.I) else "h"
    seq = sum(d for s in stages for d in s)
    crit = sum(max(s) for s in stages)
    steps = (
        f"One after another: {' + '.join(fmt(d) for s in stages for d in s)} = {fmt(seq)} {unit}",
        "In parallel, the wall-clock time is the critical path: "
        + " + ".join(fmt(s[0]) if len(s) == 1 else f"max({', '.join(fmt(d) for d in s)})" for s in stages)
        + f" = {fmt(crit)} {unit}",
    )
    return Worked(
        "dag",
        "s4-pipeline-automation",
        r"critical path",
        steps,
        f"Running independent tasks in parallel saves {fmt(seq - crit)} {unit}.",
    )


# --- 15. one Q-learning update (s3-q-learning) -----------------------------------------------------


def q_update(question: str) -> Worked | None:
    if not re.search(r"q[- ]?learning|q[- ]?value|Q\(|td (?:error|target)|sarsa", question, re.I):
        return None

    def one(pattern: str) -> float | None:
        found = set(re.findall(rf"(?:{pattern})\s*(?:of|=|:|is)?\s*({_NUM})", question, re.I))
        return _to_float(found.pop()) if len(found) == 1 else None

    alpha = one(r"alpha|α|learning rate|step size")
    gamma = one(r"gamma|γ|discount(?: factor)?")
    reward = one(r"reward|\br\b")
    current = one(r"Q\(\s*s\s*,\s*a\s*\)|current Q(?:[- ]value)?|Q(?:[- ]value)? is currently|currently Q")
    nxt = re.search(
        rf"(?:next state|s'|s_next|new state)[^.?]*?((?:{_NUM})(?:\s*(?:,|and|or)\s*(?:{_NUM}))*)", question, re.I
    )
    terminal = re.search(r"terminal", question, re.I)
    if None in (alpha, gamma, reward, current) or (nxt is None and not terminal):
        return None
    if re.search(r"sarsa", question, re.I):
        return None  # SARSA needs the action actually taken: not read from free text
    best = 0.0 if terminal else max(_to_float(v) for v in re.findall(_NUM, nxt[1]))
    target = reward + gamma * best
    new = current + alpha * (target - current)
    steps = (
        f"Target = r + γ max_a' Q(s', a') = {fmt(reward)} + {fmt(gamma)} × {fmt(best)} = {fmt(target)}"
        + (" (terminal: no future value)" if terminal else ""),
        f"TD error = {fmt(target)} - {fmt(current)} = {fmt(target - current)}",
        f"New Q(s, a) = {fmt(current)} + {fmt(alpha)} × {fmt(target - current)} = {fmt(new)}",
    )
    return Worked("q_update", "s3-q-learning", r"TD target", steps)


CALCULATORS: tuple[Callable[[str], Worked | None], ...] = (
    confusion,
    bayes,
    iou,
    params,
    axis,
    broadcast,
    calculus,
    softmax,
    discounted,
    q_update,
    zscore,
    linalg,
    dag,
    counts,
    runs,
)


def work(question: str) -> Worked | None:
    """The learner's own computation, done step by step, or None when no calculator is sure."""
    for calculator in CALCULATORS:
        try:
            result = calculator(question)
        except (ValueError, ZeroDivisionError, OverflowError, IndexError, KeyError, TypeError):
            result = None
        if result is not None and result.steps:
            return result
    return None

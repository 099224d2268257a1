"""What the calculators share: the `Worked` result, reading numbers, lists and rates out of a
question, and showing numbers. Pure functions."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


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
        lines += [f"- {_sentence(s)}" for s in self.steps]
        if self.note:
            lines += ["", self.note]
        return "\n".join(lines)


def _sentence(step: str) -> str:
    return step if step.endswith((".", "?", "!")) else step + "."


# --- numbers ----------------------------------------------------------------------------------

NUM = r"(?:-?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?|-?\.\d+)"
PLAIN = r"(?:-?\d+(?:\.\d+)?|-?\.\d+)"  # inside tuples and lists: "(100,100,200,200)" is four numbers
# bytes per number of each precision a learner names ("fp16", "int8")
BYTES_PER_VALUE = {
    "float64": 8,
    "fp64": 8,
    "float32": 4,
    "fp32": 4,
    "float16": 2,
    "fp16": 2,
    "bfloat16": 2,
    "bf16": 2,
    "int8": 1,
    "8-bit": 1,
}
WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def to_float(text: str) -> float:
    return float(text.replace(",", ""))


# a count with its scale word: "5 million users", "46k", "120,000 customers"
SCALED = r"(\d[\d,]*(?:\.\d+)?)\s*(million|thousand|k|m)?\b"
# the same without a lone "m": beside a measurement it is metres or minutes ("mean 2 m"), not millions
SCALED_WORDS = r"(\d[\d,]*(?:\.\d+)?)\s*(million|thousand|k)?\b"
SCALE = {"billion": 1e9, "b": 1e9, "million": 1e6, "m": 1e6, "thousand": 1e3, "k": 1e3}
# a discount factor written out: "gamma = 0.9", "γ 0.95", "discount factor of 0.99"
GAMMA = re.compile(rf"(?:gamma|γ|discount(?: factor| rate)?)\s*(?:of|=|:|is)?\s*({NUM})", re.I)


def scaled(m: re.Match | None, at: int = 1) -> float | None:
    """The count a `SCALED` match found at group `at` (its scale word at `at + 1`), scaled; None for no match."""
    return to_float(m[at]) * SCALE.get((m[at + 1] or "").lower(), 1) if m else None


def named_value(question: str, name: str) -> list | None:
    """The list or number written after "name =" ("W1 = [[1, 2], [0, -1]]", "b2 = [-1]", "x = 3" -> [3.0])."""
    m = re.search(rf"\b{name}\s*=\s*(\[(?:[^\[\]]|\[[^\[\]]*\])*\]|{NUM})", question)
    if not m:
        return None
    return literal(m[1]) if m[1].startswith("[") else [to_float(m[1])]


def labelled(
    question: str,
    label: str,
    sep: str = r"(?:of|=|:|is)?",
    flags: int = re.I,
    number: str = NUM,
    cast: Callable[[str], float] = to_float,
) -> float | None:
    """The number written after a label ('alpha = 0.1', 'γ is 0.9'); None when the label is absent or
    carries two different numbers (which one is meant is not clear)."""
    found = set(re.findall(rf"(?:{label})\s*{sep}\s*({number})", question, flags))
    return cast(found.pop()) if len(found) == 1 else None


def fmt(x: float, places: int = 4) -> str:
    """12288 -> '12,288'; 0.16239 -> '0.1624'; 2.50 -> '2.5'."""
    if isinstance(x, Fraction):
        x = float(x)
    if abs(x - round(x)) < 1e-9 and abs(x) < 1e15:
        return f"{int(round(x)):,}"
    if 0 < abs(x) < 0.1:  # four significant figures for small probabilities: 0.00495, not 0.005
        places = max(places, 3 - math.floor(math.log10(abs(x))))
    # half up on the decimal digits as written (0.94375 -> 0.9438), not on the binary float
    rounded = Decimal(repr(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{rounded:,f}"
    if "." in text:  # trailing zeros of the decimals only: 110 rounded from 109.9985 stays 110
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def pct(x: float) -> str:
    return f"{fmt(100 * x, 1)}%"


def exact_rate(text: str, *, bounded: bool = True) -> Fraction | None:
    """'8%' -> 2/25, '0.08' -> 2/25, '3 in 6' or '3/6' -> 1/2, exactly; None when it is not a rate.
    A plain number must lie in [0, 1]; with `bounded` (the default) so must every form."""
    text = text.strip()
    if m := re.fullmatch(rf"({NUM})\s*(?:%|percent)", text):
        value = fraction(m[1]) / 100
    elif m := re.fullmatch(rf"({NUM})\s*(?:in|out of|/)\s*({NUM})", text):
        den = fraction(m[2])
        if not den:
            return None
        value = fraction(m[1]) / den
    elif re.fullmatch(NUM, text):
        value = fraction(text)
        bounded = True
    else:
        return None
    return None if bounded and not 0 <= value <= 1 else value


def as_rate(text: str) -> float | None:
    """'95%' -> 0.95, '0.02' -> 0.02, '1 in 200' -> 0.005, '1/200' -> 0.005; None otherwise."""
    value = exact_rate(text, bounded=False)
    return None if value is None else float(value)


RATE = rf"(?:{NUM})\s*(?:%|percent)|(?:{NUM})\s*(?:in|out of|/)\s*(?:{NUM})|(?<![\d.])0?\.\d+"


def clauses(text: str) -> list[str]:
    """A question cut into clauses: at sentence ends, semicolons, commas and 'and'/'but'/'while'."""
    parts = re.split(r"(?<!\d)[.;?!](?!\d)|,(?!\d{3}\b)|\b(?:and|but|while|whereas)\b", text)
    return [p.strip() for p in parts if p and p.strip()]


def literal(text: str, allow_nan: bool = False) -> list | None:
    """'[[1, 2], [3, 6.]]' -> [[1.0, 2.0], [3.0, 6.0]]; None when it is not a list of numbers
    (a missing value, NaN, only when `allow_nan`)."""
    text = text.strip()
    if not text.startswith("["):
        return None
    out: list = []
    stack = [out]
    for token in re.findall(r"\[|\]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?|,|(?i:nan)\b|\S", text):  # "10." is 10
        if token.lower() == "nan" and not allow_nan:
            return None
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


_GAP = r"(?i:\(?(?:nan|blank|missing|empty|null|none|n/a)\)?)"  # a missing value written in the list
_ITEM = rf"(?:(?:-?\d+(?:\.\d+)?|-?\.\d+)(?:\s?[kK]\b)?|{_GAP}(?![\w/]))"
_PROSE_LIST = re.compile(rf"(?<![\w.]){_ITEM}(?:(?:\s*,\s+(?:and\s+)?|\s+and\s+){_ITEM}){{2,}}")


def prose_lists(text: str, allow_nan: bool = False) -> list[list[float]]:
    """Lists written in words: '2k, 3k, 5k, 6k and 9k' -> [2000, 3000, 5000, 6000, 9000];
    '34, 29, NaN, 38' or '32, (blank), 30' -> [34, 29, nan, 38] when `allow_nan` (skipped otherwise). A comma inside a
    number ('1,500') is not a separator: items are separated by a comma and a space, or 'and'."""
    return [values for _, _, values in prose_spans(text, allow_nan)]


def prose_spans(text: str, allow_nan: bool = False) -> list[tuple[int, int, list[float]]]:
    """The lists of `prose_lists` with where each starts and ends in the text."""
    found = []
    for m in _PROSE_LIST.finditer(text):
        items = re.findall(_ITEM, m[0])
        values = []
        for item in items:
            if re.fullmatch(_GAP, item):
                values.append(math.nan)
            else:
                thousands = item.rstrip().lower().endswith("k")
                values.append(float(item.rstrip(" kK")) * (1000 if thousands else 1))
        if not allow_nan and any(math.isnan(v) for v in values):
            continue
        found.append((m.start(), m.end(), values))
    return found


def bracketed(text: str) -> list[tuple[int, str]]:
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


def symmetric_eigen(a: float, b: float, d: float) -> tuple[float, float, list[float]]:
    """The eigenvalues of [[a, b], [b, d]], larger first, and the larger one's unit eigenvector (its first
    non-zero component positive)."""
    root = math.sqrt(max((a - d) ** 2 + 4 * b * b, 0.0))
    high, low = (a + d + root) / 2, (a + d - root) / 2
    v = [b, high - a] if abs(b) > 1e-12 else ([1.0, 0.0] if a >= d else [0.0, 1.0])
    norm = math.hypot(*v)
    v = [x / norm for x in v]
    if v[0] < 0 or (v[0] == 0 and v[1] < 0):
        v = [-x for x in v]
    return high, low, v


def a_range(text: str, at: int) -> bool:
    """Is the bracketed pair starting at `at` a target range ("min-max normalization to [0, 1]", "min-max
    is supposed to give [0, 1]"), not data?"""
    pair = re.match(rf"\[\s*({NUM})\s*,\s*({NUM})\s*\]", text[at:])
    if not pair or to_float(pair[1]) >= to_float(pair[2]):
        return False  # "the z-scores of [2, 4, 6, 8]" are data: a range is two bounds, low then high
    words = r"to|into|in|within|onto|range|between|interval|gives?|giving|produces?|outputs?|returns?|maps?|bounded|of"
    return bool(re.search(rf"\b(?:{words})\s*$", text[max(0, at - 20) : at], re.I))


def shape_of(values: list) -> tuple[int, ...] | None:
    if not isinstance(values, list):
        return ()
    if not values:
        return None
    inner = [shape_of(v) for v in values]
    if any(s is None or s != inner[0] for s in inner):
        return None
    return (len(values), *inner[0])  # type: ignore[misc]


def vec(values: list[float]) -> str:
    return "[" + ", ".join(fmt(v) for v in values) + "]"


def sigmoid(x: float) -> float:
    """1 / (1 + e^-x), computed without overflow for large |x|."""
    return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))


def stdev(values: list[float], sample: bool = False) -> float:
    """Population standard deviation, or the sample one (n - 1) when `sample`."""
    m = sum(values) / len(values)
    return math.sqrt(sum((v - m) ** 2 for v in values) / (len(values) - sample))


def time_of_day(seconds: float) -> str:
    """A clock time from seconds after midnight: 9,000 -> '02:30'; 90,000 -> '01:00 the next day'."""
    days, rest = divmod(int(round(seconds)), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")
    return text + (" the next day" if days == 1 else f" {days} days later" if days else "")


def factor(x: float) -> str:
    """A number as a factor: negative ones in parentheses ('0.1 × (-5)')."""
    return f"({fmt(x)})" if x < 0 else fmt(x)


_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉₊₋₌ₜₙᵢⱼₖₓ", "0123456789+-=tnijkx")


def normalize(question: str) -> str:
    """Typography a learner may paste, read as plain text: '−1' -> '-1', 'y₉₉' -> 'y99', 'yₜ₋₁' -> 'yt-1', '2k' ->
    '2000', '3x' (times) kept; curly quotes straightened; 'a, b = 1, 2' -> 'a = 1, b = 2'."""
    text = question.translate(_SUBSCRIPTS).replace("−", "-").replace("–", "-")
    text = text.replace("’", "'").replace("‘", "'").replace("′", "'")
    text = re.sub(r"\b(\d+)k\b", lambda m: str(int(m[1]) * 1000), text)  # "2k patients" -> "2000 patients"
    text = _UNPACK.sub(_unpacked, text)
    return text.replace("“", '"').replace("”", '"')


# Python's tuple assignment, "alpha, gamma = 0.2, 0.95", read as one label per number: a whole statement, the
# numbers ending the line or sentence (not "k-means, k=2, 1-D points")
_NAME = r"[^\W\d]\w*"
_UNPACK = re.compile(
    rf"(?<![\w.,'-])({_NAME}(?:\s*,\s*{_NAME})+)\s*=\s*({PLAIN}(?:\s*,\s*{PLAIN})+)(?=[ \t]*(?:$|[;#)?!]|\.(?!\d)))",
    re.M,
)


def _unpacked(m: re.Match) -> str:
    names, values = re.split(r"\s*,\s*", m[1]), re.split(r"\s*,\s*", m[2])
    if len(names) != len(values) or re.search(r",\d{3}(?!\d)", m[2]):  # "1,000" is a thousand, not 1 and 0
        return m[0]
    return ", ".join(f"{n} = {v}" for n, v in zip(names, values, strict=True))


def signed_sum(values: list[float]) -> str:
    """[2, 0, -0.64, 2.56] -> '2 + 0 - 0.64 + 2.56'."""
    text = fmt(values[0]) if values else "0"
    for v in values[1:]:
        text += f" - {fmt(-v)}" if v < 0 else f" + {fmt(v)}"
    return text


def fraction(text: str) -> Fraction:
    return Fraction(text.replace(",", ""))

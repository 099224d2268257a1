"""Session 33 (heldout33), blind set C: several convolutions asked in lettered parts ("(a) 5x5 conv, stride 1 - what
padding keeps it 64? (b) 3x3 conv, stride 2, padding 1 on 64, and on 65?"), each worked with
floor((n + 2p - k) / s) + 1. Pure functions."""

from __future__ import annotations

import re

from app.answering.compute.parse import Worked, fmt

_PART = re.compile(r"(?:^|(?<=[\s.;,?!]))\(?([a-e]|[1-5])\)\s+", re.I)
_SQUARE = re.compile(r"(?<![\d.])(\d{1,4})\s*[x×]\s*(\d{1,4})(?!\d|\.\d|\s*[x×])")
_INPUT = r"(?:\binput(?:\s+(?:size|of))?\s*(?:=|:|is|of)?\s*|\bon\s+(?:an?\s+)?|\bfor\s+(?:an?\s+)?)"


def _parts(question: str) -> tuple[str, list[str]] | None:
    """The text before the first lettered part, and each part's text; None unless the labels run a, b, c... or
    1, 2, 3... in order."""
    marks = list(_PART.finditer(question))
    if len(marks) < 2:
        return None
    labels = [m[1].lower() for m in marks]
    first = labels[0]
    expected = [chr(ord(first) + i) for i in range(len(labels))]
    if first not in ("a", "1") or labels != expected:
        return None
    texts = [
        question[m.end() : (marks[i + 1].start() if i + 1 < len(marks) else len(question))] for i, m in enumerate(marks)
    ]
    return question[: marks[0].start()], texts


def _one(pattern: str, text: str) -> int | None | bool:
    """The one integer the pattern finds; None when absent, False when two different ones."""
    found = {int(next(g for g in m.groups() if g)) for m in re.finditer(pattern, text, re.I)}
    if not found:
        return None
    return found.pop() if len(found) == 1 else False


def conv_parts(question: str) -> Worked | None:
    """Lettered convolution cases on a square input: each part's kernel k x k, stride s and padding p (or the padding
    that keeps a size), on the input named before the parts or in the part ("on 64, and on 65")."""
    if not re.search(r"\bconv\w*", question, re.I) or not re.search(r"output|padding|size", question, re.I):
        return None
    if re.search(r"pool|dilat|transpose|deconv|upsampl|\w+(?:2d|1d|3d)\s*\(", question, re.I):
        return None  # pooling, dilation, transposed convolutions and layer calls: other calculators
    split = _parts(question)
    if split is None:
        return None
    head, parts = split
    # the input named before the parts: "input 64x64", "on a 32x32 image", "input size 28"
    inputs = set()
    for m in _SQUARE.finditer(head):
        if m[1] != m[2]:
            return None  # a non-square input: each side would need its own line
        inputs.add(int(m[1]))
    inputs |= {int(v) for v in re.findall(r"\binput(?:\s+size)?\s*(?:=|:|is|of)?\s*(\d{1,4})\b(?!\s*[x×])", head, re.I)}
    if len(inputs) > 1 or re.search(r"\bstride|\bpadding|\bkernel", head, re.I):
        return None  # two inputs, or a setting before the parts that the parts may or may not share
    default = inputs.pop() if inputs else None
    steps = []
    for label, part in zip("abcde" if _PART.search(question)[1].isalpha() else "12345", parts, strict=False):
        text = part
        kernels = set()
        sizes = []
        for m in _SQUARE.finditer(text):
            if m[1] != m[2]:
                return None
            before = text[max(0, m.start() - 12) : m.start()]
            if re.search(rf"{_INPUT}$", before, re.I):
                sizes.append(int(m[1]))
            else:
                kernels.add(int(m[1]))
        kernels |= {int(v) for v in re.findall(r"\bkernel(?:[_ ]size)?\s*(?:=|:|of|is)?\s*(\d{1,2})\b", text, re.I)}
        if len(kernels) != 1:
            return None
        k = kernels.pop()
        stride = _one(r"\bstride\s*(?:=|:|of|is)?\s*(\d{1,2})\b|\b(\d{1,2})\s+stride\b", text)
        pad = _one(r"\bpadding\s*(?:=|:|of|is)?\s*(\d{1,2})\b|\bpad\s*(?:=|:)?\s*(\d{1,2})\b", text)
        if stride is False or pad is False or stride == 0:
            return None
        keep = re.search(
            r"(?:what|which|how much)\s+padding\s+(?:keeps?|preserves?|gives?)\s+(?:it|the\s+\w+)\s*"
            r"(?:at\s+|as\s+)?(\d{1,4})?",
            text,
            re.I,
        )
        if keep and pad is not None:
            return None
        sizes += [int(v) for v in re.findall(r"\bon\s+(?:an?\s+)?(\d{1,4})\b(?!\s*[x×])", text, re.I)]
        sizes += [
            int(v) for v in re.findall(r"\binput(?:\s+size)?\s*(?:=|:|is|of)?\s*(\d{1,4})\b(?!\s*[x×])", text, re.I)
        ]
        sizes = list(dict.fromkeys(sizes)) or ([default] if default else [])
        if not sizes:
            return None
        read = {k, *sizes, *(v for v in (stride, pad) if v is not None)}
        if keep and keep[1]:
            read.add(int(keep[1]))
        read |= {int(c) for c in re.findall(r"(\d+)\s+(?:filters|output channels|channels)\b", text, re.I)}
        if any(int(n) not in read for n in re.findall(r"(?<![\w.])(\d+)(?![\d.])", text)):
            return None  # a number whose role was not read
        s = 1 if stride is None else stride
        if stride is None:
            steps.append(f"({label}) no stride given: the default stride 1")
        if keep:
            if len(sizes) != 1 or s != 1:
                return None  # the padding for a stride above 1 is not one formula
            n = sizes[0]
            target = int(keep[1]) if keep[1] else n
            twice = target - 1 - n + k
            if twice < 0 or twice % 2:
                return None  # no whole padding gives that size (an even kernel): not a simple answer
            steps.append(
                f"({label}) k = {k}, s = 1: ({n} + 2p - {k}) / 1 + 1 = {target} needs 2p = {fmt(twice)}, so padding "
                f"p = {twice // 2}"
            )
            continue
        p = 0 if pad is None else pad
        if pad is None:
            steps.append(f"({label}) no padding given: the default padding 0")
        for n in sizes:
            top = n + 2 * p - k
            if top < 0:
                return None
            steps.append(
                f"({label}) k = {k}, s = {s}, p = {p} on {n}: floor(({n} + 2 × {p} - {k}) / {s}) + 1 = "
                f"floor({fmt(top / s)}) + 1 = {top // s + 1}"
            )
    note = (
        "Each side is floor((n + 2p - k) / s) + 1: a fractional quotient is rounded down by default, not an error, "
        "and with stride 1 and an odd kernel, padding (k - 1) / 2 keeps the size."
    )
    return Worked(
        "conv_parts",
        "c-cnn-shapes",
        r"out = floor\(\(in \+ 2 × padding - kernel\) / stride\) \+ 1",
        tuple(steps),
        note,
    )

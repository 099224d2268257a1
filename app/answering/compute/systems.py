"""Production and applications (stages 4-5): DAG timing, IoU. Pure functions."""

from __future__ import annotations

import re

from app.answering.compute.parse import (
    PLAIN,
    Worked,
    fmt,
)

# --- 3. IoU of two boxes (s5-computer-vision) ------------------------------------------------------

_BOX = re.compile(rf"[\(\[]\s*({PLAIN})\s*,\s*({PLAIN})\s*,\s*({PLAIN})\s*,\s*({PLAIN})\s*[\)\]]")


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


# --- 14. pipeline DAG timing: sequential vs critical path (s4-pipeline-automation) -----------------

_UNIT = r"(?:min(?:ute)?s?|h(?:ours?)?|hrs?)\b"


def dag(question: str) -> Worked | None:
    """A chain of stages, given in order, where a stage is one task or several independent ones in
    parallel: 'extract (5 min), then two independent feature tasks (30 min and 10 min), then ...'."""
    if not re.search(r"\bparallel\b|critical path|wall[- ]clock|as a dag", question, re.I):
        return None
    if not re.search(r"\bthen\b|->|→", question):
        return None
    stages = []
    for piece in re.split(r"\bthen\b|->|→", question):
        group = re.search(rf"\(([\d\s.,]+(?:and|,)[\d\s.,]*{_UNIT})\)", piece, re.I)
        if group:  # "three independent feature tasks (8, 25 and 14 min)"
            durations = [float(d) for d in re.findall(r"\d+(?:\.\d+)?", group[1])]
        else:
            durations = [float(d) for d in re.findall(rf"(\d+(?:\.\d+)?)\s*-?\s*{_UNIT}", piece, re.I)]
        if durations:
            stages.append(durations)
    if len(stages) < 2 or not any(len(s) > 1 for s in stages):
        return None
    units = {u[0].lower() for u in re.findall(rf"\d\s*-?\s*({_UNIT})", question, re.I)}
    if len(units) > 1:
        return None  # minutes and hours mixed
    unit = "min" if units == {"m"} else "h"
    seq = sum(d for s in stages for d in s)
    crit = sum(max(s) for s in stages)
    steps = (
        f"One after another: {' + '.join(fmt(d) for s in stages for d in s)} = {fmt(seq)} {unit}",
        "In parallel, the wall-clock time is the critical path: "
        + " + ".join(fmt(s[0]) if len(s) == 1 else f"max({', '.join(fmt(d) for d in s)})" for s in stages)
        + f" = {fmt(crit)} {unit}",
    )
    off = [d for s in stages if len(s) > 1 for d in s if d < max(s)]
    note = f"Running independent tasks in parallel saves {fmt(seq - crit)} {unit}."
    if off:
        note += (
            " Only the longest task of a parallel group is on the critical path: speeding up "
            + " or ".join(f"the {fmt(d)} {unit} task" for d in off)
            + " does not shorten the run."
        )
    return Worked("dag", "s4-pipeline-automation", r"critical path", steps, note)

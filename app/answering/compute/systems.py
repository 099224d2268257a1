"""Production and applications (stages 4-5): DAG timing, IoU. Pure functions."""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import partial

from app.answering.compute.parse import (
    NUM,
    PLAIN,
    WORDS,
    Worked,
    factor,
    fmt,
    labelled,
    literal,
    scaled,
    time_of_day,
    to_float,
    vec,
)

# --- 3. IoU of two boxes (s5-computer-vision) ------------------------------------------------------

_BOX = re.compile(rf"[\(\[]\s*({PLAIN})\s*,\s*({PLAIN})\s*,\s*({PLAIN})\s*,\s*({PLAIN})\s*[\)\]]")


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, float]:
    """The width and height of two corner boxes' intersection (0 when they do not overlap)."""
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])), max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def iou(question: str) -> Worked | None:
    if not re.search(r"\b(iou|intersection|overlap|box(es)?|union|detections?|ground truth|mAP)\b", question, re.I):
        return None
    if re.search(r"\bt_?[xywh]\b|regression targets?", question, re.I):
        return None  # an anchor's offsets to a box (anchor_offsets), whose x and y are centres
    boxes = [tuple(float(v.replace(",", "")) for v in m.groups()) for m in _BOX.finditer(question)]
    if len(boxes) == 3 and re.search(r"ground[- ]truth", question[: question.find("(")], re.I):
        return _detections_against_truth(question, boxes)
    if len(boxes) != 2:
        return None
    xywh = re.search(r"\bw\s*,\s*h\b|width|height", question, re.I)
    centre = re.search(r"\b(cx|center|centre|x_c)\b", question, re.I)
    if centre and not (
        xywh and re.search(r"cent(?:re|er)[- ]format|\(\s*(?:x_c|cx)\s*,\s*(?:y_c|cy)\s*,\s*w\s*,\s*h", question, re.I)
    ):
        return None  # centre coordinates, but not clearly (x_c, y_c, w, h) for both boxes
    if centre:
        boxes = [(x - w / 2, y - h / 2, x + w / 2, y + h / 2) for x, y, w, h in boxes]
    elif xywh:
        boxes = [(x, y, x + w, y + h) for x, y, w, h in boxes]
    if any(x2 <= x1 or y2 <= y1 for x1, y1, x2, y2 in boxes):
        return None  # not (x1, y1, x2, y2) corners
    (ax1, ay1, ax2, ay2), (bx1, by1, bx2, by2) = boxes
    area_a, area_b = (ax2 - ax1) * (ay2 - ay1), (bx2 - bx1) * (by2 - by1)
    iw, ih = _overlap(boxes[0], boxes[1])
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
    if centre:
        shown = " and ".join("(" + ", ".join(fmt(v) for v in b) + ")" for b in boxes)
        steps.insert(0, f"Centre format (x_c, y_c, w, h) turned into corners (x_c ± w/2, y_c ± h/2): {shown}")
    elif xywh:
        steps.insert(0, "Boxes read as (x, y, width, height) and turned into corners (x1, y1, x1 + w, y1 + h)")
    m = re.search(r"threshold\D{0,12}(0?\.\d+)", question, re.I)
    threshold = float(m[1]) if m else 0.5
    verb = "counts" if value >= threshold else "does not count"
    note = f"At an IoU threshold of {fmt(threshold)} this prediction {verb} as a match (if its class is right)."
    if re.search(r"0?\.5\s*:\s*0?\.95|\bcoco\b", question, re.I):
        limits = [round(0.5 + 0.05 * i, 2) for i in range(10)]
        passed = [t for t in limits if value >= t]
        steps.append(
            f"COCO thresholds 0.5, 0.55, ..., 0.95 (10): IoU {fmt(value)} passes "
            + (", ".join(fmt(t) for t in passed) if passed else "none")
            + f" = {len(passed)} of 10"
        )
        if re.search(
            r"\bone object\b|single (?:object|detection)|only (?:one|a single) (?:object|detection)", question, re.I
        ):
            steps.append(
                f"one object, one detection of the right class: AP is 1 at each threshold it passes and 0 at the "
                f"others, so mAP@[.5:.95] = {len(passed)} / 10 = {fmt(len(passed) / 10)} and mAP@0.5 = "
                f"{1 if value >= 0.5 else 0}"
            )
        note = (
            "Neither evaluator is broken: mAP@0.5 asks only for a rough overlap, while COCO's mAP@[.5:.95] averages "
            "over ten ever stricter IoU thresholds and so rewards precise localization."
        )
    return Worked("iou", "s5-computer-vision", r"Intersection over Union", tuple(steps), note)


def _detections_against_truth(question: str, boxes: list[tuple[float, ...]]) -> Worked | None:
    """A ground-truth box named first and two detections (x1, y1, x2, y2): each detection's IoU with it,
    whether it is a true positive at 0.5 (or the threshold named), and how many COCO thresholds it passes."""
    if re.search(r"\bw\s*,\s*h\b|width|height|\b(?:cx|center|centre|x_c)\b", question, re.I):
        return None  # corners only
    if any(x2 <= x1 or y2 <= y1 for x1, y1, x2, y2 in boxes):
        return None
    truth, *found = boxes
    names = re.findall(r"\b(?i:detection|prediction|box)\s+([A-Z])\b", question)
    names = names if len(names) == 2 else ["1", "2"]
    m = re.search(r"threshold\D{0,12}(0?\.\d+)", question, re.I)
    threshold = float(m[1]) if m and float(m[1]) != 0.95 else 0.5
    area_t = (truth[2] - truth[0]) * (truth[3] - truth[1])
    steps = [f"ground truth: {fmt(truth[2] - truth[0])} × {fmt(truth[3] - truth[1])} = {fmt(area_t)}"]
    for name, box in zip(names, found, strict=True):
        area = (box[2] - box[0]) * (box[3] - box[1])
        iw, ih = _overlap(truth, box)
        inter = iw * ih
        union = area_t + area - inter
        value = inter / union
        verdict = "a true positive" if value >= threshold else "not a true positive"
        steps.append(
            f"detection {name}: area {fmt(box[2] - box[0])} × {fmt(box[3] - box[1])} = {fmt(area)}, intersection "
            f"{fmt(iw)} × {fmt(ih)} = {fmt(inter)}, union {fmt(area_t)} + {fmt(area)} - {fmt(inter)} = {fmt(union)}, "
            f"IoU = {fmt(inter)} / {fmt(union)} = {fmt(value)}: {verdict} at IoU {fmt(threshold)}"
        )
        if re.search(r"0?\.5\s*:\s*0?\.95|\bcoco\b", question, re.I):
            passed = [t for t in (round(0.5 + 0.05 * i, 2) for i in range(10)) if value >= t]
            steps.append(
                f"detection {name} under COCO's thresholds 0.5, 0.55, ..., 0.95: passes "
                + (", ".join(fmt(t) for t in passed) if passed else "none")
                + f" = {len(passed)} of 10"
            )
    note = (
        "IoU divides the overlap by the union, so a box inside the object and a box enclosing it are both penalized "
        "for the area they do not share."
    )
    return Worked("iou", "s5-computer-vision", r"Intersection over Union", tuple(steps), note)


# --- non-maximum suppression over named, scored boxes (s5-computer-vision) ------------------------------

# "A (100,100,200,200) 0.90", "box B = [130, 120, 230, 220], score 0.75"
_SCORED_BOX = re.compile(
    rf"\b([A-Z]\w{{0,2}})\s*(?:=|:)?\s*[\(\[]\s*({PLAIN})\s*,\s*({PLAIN})\s*,\s*({PLAIN})\s*,\s*({PLAIN})\s*[\)\]]"
    rf"\s*(?:,\s*)?(?:(?:with\s+)?(?:score|conf\w*)\s*(?:=|:|of)?\s*)?(0?\.\d+|1\.0*\b)"
)


def _box_iou(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    iw, ih = _overlap(a, b)
    inter = iw * ih
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)


def nms(question: str) -> Worked | None:
    """Greedy NMS as the reading states it: sort by score, keep the best, remove the boxes whose IoU with
    it exceeds the threshold, repeat; for each threshold the learner names."""
    if not re.search(r"\bnms\b|non[- ]?max", question, re.I):
        return None
    boxes = {m[1]: (tuple(float(m[i]) for i in range(2, 6)), float(m[6])) for m in _SCORED_BOX.finditer(question)}
    if len(boxes) < 3 or any(x2 <= x1 or y2 <= y1 for (x1, y1, x2, y2), _ in boxes.values()):
        return None
    if re.search(r"\bw\s*,\s*h\b|width|height|cent(?:re|er)", question, re.I):
        return None  # not clearly (x1, y1, x2, y2) corners
    rest = _SCORED_BOX.sub(" ", question)  # the scores are not thresholds
    found = re.findall(r"(?:threshold|iou|at)\D{0,25}?(?<![\d.])(0?\.\d+)(?!\d)", rest, re.I)
    thresholds = sorted({float(t) for t in found}, reverse=True)
    if not thresholds:
        return None
    order = sorted(boxes, key=lambda n: -boxes[n][1])
    steps = [f"sorted by score: {', '.join(f'{n} ({fmt(boxes[n][1])})' for n in order)}"]
    pairs = [(a, b) for i, a in enumerate(order) for b in order[i + 1 :]]
    ious = {(a, b): _box_iou(boxes[a][0], boxes[b][0]) for a, b in pairs}
    steps.append("IoU of each pair: " + ", ".join(f"{a}-{b} {fmt(v, 3)}" for (a, b), v in ious.items()))
    for t in thresholds:
        left, kept, said = list(order), [], []
        while left:
            best = left.pop(0)
            kept.append(best)
            gone = [n for n in left if ious[(best, n)] > t]
            left = [n for n in left if n not in gone]
            if gone:
                said.append(f"keep {best}, remove {' and '.join(gone)} (IoU with {best} above {fmt(t)})")
            else:
                said.append(f"keep {best}")
        steps.append(f"threshold {fmt(t)}: " + "; ".join(said) + f" → {', '.join(kept)} survive")
    note = (
        "A lower threshold removes more boxes: it suppresses neighbouring objects in a crowd, while a higher one "
        "leaves duplicate boxes on one object."
    )
    return Worked("nms", "s5-computer-vision", r"\*\*Non-maximum suppression", tuple(steps), note)


# --- 14. pipeline DAG timing: sequential vs critical path (s4-pipeline-automation) -----------------

_UNIT = r"(?:min(?:ute)?s?|h(?:ours?)?|hrs?)\b"


def dag(question: str) -> Worked | None:
    """A chain of stages, given in order, where a stage is one task or several independent ones in
    parallel: 'extract (5 min), then two independent feature tasks (30 min and 10 min), then ...'."""
    if not re.search(r"\bparallel\b|critical path|wall[- ]clock|as a dag", question, re.I):
        return None
    if not re.search(r"\bthen\b|->|→", question):
        return None
    # a branch off the chain ("f_item (30) also runs right after extract"): a graph, not a chain of stages;
    # read as a chain it put f_item after f_user (heldout32's blind review)
    if re.search(r"\balso\s+(?:runs?|starts?)\b|\bright\s+after\b", question, re.I):
        return None
    stages = []
    # arrows when the chain is drawn with them ("then" may also be prose: "fails twice then succeeds")
    pieces = re.split(r"->|→", question) if re.search(r"->|→", question) else re.split(r"\bthen\b", question)
    # a stage's own words end at its sentence: "evaluate (6 min). Would speeding up the 14-minute ..."
    pieces = [re.split(r"[.?!]\s", pieces[0])[-1]] + [re.split(r"[.?!](?:\s|$)", p)[0] for p in pieces[1:]]
    # "extract (15 min) feeds three tasks (10, 25 and 18 min); all three feed train (60 min)": one
    # stretch between "then"s can hold several stages joined by "feeds" or a semicolon
    pieces = [sub for p in pieces for sub in re.split(r"\bfeeds?(?:\s+into)?\b|\bfollowed by\b|;", p, flags=re.I)]
    # "all three", "both": a reference back to the stage before, not a stage of its own
    pieces = [p for p in pieces if not re.fullmatch(r"[\s,]*(?:all|both|these|they|them)(?:\s+\w+)?[\s,]*", p, re.I)]
    for piece in pieces:
        group = re.search(rf"\(([\d\s.,]+(?:and|,)[\d\s.,]*(?:{_UNIT})?)\)", piece, re.I)
        if group:  # "three independent feature tasks (8, 25 and 14 min)"
            durations = [float(d) for d in re.findall(r"\d+(?:\.\d+)?", group[1])]
        else:
            durations = [float(d) for d in re.findall(rf"(\d+(?:\.\d+)?)\s*-?\s*{_UNIT}", piece, re.I)]
            # "validate (3)": a bare duration in brackets, in the unit the chain uses elsewhere
            durations = durations or [float(d) for d in re.findall(r"\((\d+(?:\.\d+)?)\)", piece)]
        if not durations:
            return None  # a stage without a duration: leaving it out would understate both totals
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
    retries = re.findall(r"\bretries\s*=\s*(\d+)|\b(\d+)\s+retries\b", question, re.I)
    if len(retries) == 1:
        n = int(retries[0][0] or retries[0][1])
        steps += (f"retries={n}: the first attempt plus {n} retries = {n + 1} attempts at most",)
    steps += _flaky_run(question, pieces, stages, [int(a or b) for a, b in retries], unit)
    off = [d for s in stages if len(s) > 1 for d in s if d < max(s)]
    note = f"Running independent tasks in parallel saves {fmt(seq - crit)} {unit}."
    if off:
        note += (
            " Only the longest task of a parallel group is on the critical path: speeding up "
            + " or ".join(f"the {fmt(d)} {unit} task" for d in off)
            + " does not shorten the run."
        )
    if len(retries) == 1:
        note += (
            " Retries are safe only when the task is idempotent, e.g. it overwrites its outputs for the logical date "
            "instead of appending rows."
        )
    return Worked("dag", "s4-pipeline-automation", r"critical path", steps, note)


_FAILS = re.compile(
    r"first\s+(two|three|\d)\s+attempts?\s+(?:each\s+)?(?:crash|fail)\w*\s+after\s+(\d+(?:\.\d+)?)\s*(?:min|minutes?|h)",
    re.I,
)


_TIMES = {"once": 1, "twice": 2, "two times": 2, "three times": 3, "thrice": 3}
_FAILS_TOLD = re.compile(
    r"\b(\w+)\s+(?:fails|crashes)\s+(once|twice|thrice|two times|three times|\d+ times)\s+"
    r"(?:after\s+(\d+(?:\.\d+)?)\s*(?:min\w*|h)\b"
    r"|at\s+the\s+(?:very\s+)?end(?:\s+of\s+(?:its|each|the)\s+(?:(\d+(?:\.\d+)?)\s*(?:min\w*|h)\b|run|attempt))?)",
    re.I,
)


def _flaky_run(question: str, pieces: list[str], stages: list[list[float]], retries: list[int], unit: str) -> tuple:
    """Tonight's run when one named task fails its first attempts ("f_item is flaky: its first two attempts
    each crash after 4 minutes ... retry_delay=5 min"): its time with the retries, the new critical path,
    and for each retries= value named whether the run gets that far at all."""
    fails, delay = _FAILS.search(question), re.search(r"retry_delay\s*=\s*(\d+(?:\.\d+)?)", question, re.I)
    name = re.search(r"\b(\w+)\s+is\s+flaky|flaky\s+task\s+(\w+)", question, re.I)
    # "if train fails twice at the very end of its 30 min and then succeeds", "f_b fails once after 5 min, then
    # succeeds": the task named with its failures, when they happen, and a success after them
    told = _FAILS_TOLD.search(question)
    if told and not (fails or name) and re.search(r"\bsucceed|\bsuccess|\bpasses\b", question, re.I):
        task = told[1]
        failed = _TIMES[told[2].lower()] if told[2].lower() in _TIMES else int(told[2].split()[0])
        crash = float(told[3]) if told[3] else None  # at the end of its run: the failing attempt runs in full
        at_end = told[0].lower().find(" end") >= 0
        when = "if it fails then succeeds,"
        if at_end and told[4]:
            crash = float(told[4])
        if len(set(retries)) != 1 or failed > retries[0]:
            return ()  # too few retries for a success after the failures: the retries calculator says so
    elif fails and name:
        task = name[1] or name[2]
        failed = {"two": 2, "three": 3}.get(fails[1].lower()) or int(fails[1])
        crash = float(fails[2])
        at_end = False
        when = "tonight"
    else:
        return ()
    if not (delay and retries):
        return ()
    where = [i for i, p in enumerate(pieces) if re.search(rf"\b{re.escape(task)}\s*\(", p)]
    own = re.search(rf"\b{re.escape(task)}\s*\((\d+(?:\.\d+)?)", question)
    if len(where) != 1 or not own or float(own[1]) not in stages[where[0]]:
        return ()
    if at_end and crash is None:
        crash = float(own[1])
    if crash is None or (at_end and crash != float(own[1])):
        return ()  # "at the end of its 20 min" for a 30 min task: which duration is meant is not clear
    wait, normal = float(delay[1]), float(own[1])
    tonight = failed * (crash + wait) + normal
    new = [list(s) for s in stages]
    new[where[0]][new[where[0]].index(normal)] = tonight
    crit = sum(max(s) for s in new)
    out = [
        f"{when} {task}: {failed} failed attempts × ({fmt(crash)} + {fmt(wait)} retry delay) + {fmt(normal)} = "
        f"{fmt(tonight)} {unit}",
        ("tonight's critical path: " if when == "tonight" else "then the critical path: ")
        + " + ".join(fmt(s[0]) if len(s) == 1 else f"max({', '.join(fmt(d) for d in s)})" for s in new)
        + f" = {fmt(crit)} {unit}",
    ]
    for n in dict.fromkeys(retries):
        if n < failed:
            out.append(
                f"with retries={n}: {n + 1} attempts, all of which fail tonight, so {task} is marked failed and the "
                "tasks after it never run: no new model tonight"
            )
    return tuple(out)


# --- serving capacity with Little's law (s4-model-serving) -------------------------------------------


_ROW_NOUNS = (
    r"rows|customers|users|records|accounts|items|products|predictions|examples|samples|people|members|transactions"
    r"|documents|images|listings|loans|patients|devices"
)
_SCALE_WORD = {"million": 1e6, "m": 1e6, "thousand": 1e3, "k": 1e3}
_ROW_COUNT = re.compile(
    rf"(?<![\w.,])(\d[\d,]*(?:\.\d+)?)\s*(million|thousand|k|M)?\s+(?:[a-z]+\s+)?(?:{_ROW_NOUNS})\b"
)
_PER_UNIT = r"(ms|milliseconds?|s|secs?|seconds?|min(?:ute)?s?)"
# a batch job's chunks: "calling predict on chunks of 100,000 rows (about 1.5 s per chunk)"
_CHUNK_SIZE = re.compile(r"\b(?:chunks?|batch(?:es)?)\s+of\s+(\d[\d,]*(?:\.\d+)?)\s*(million|thousand|k|M)?\b", re.I)
_CHUNK_TIME = re.compile(
    rf"({NUM})\s*{_PER_UNIT}\s*(?:per|a|each|/|for each|for every)\s*(?:chunk|batch)\b"
    r"|\b(?:each|every|per|one)\s+(?:chunk|batch)\s+(?:takes?|needs?|runs? in)\s+"
    r"(?:about\s+|around\s+|roughly\s+|~\s*)?"
    rf"({NUM})\s*{_PER_UNIT}",
    re.I,
)
_HOURS_WORDS = {"one": 1.0, "an": 1.0, "a": 1.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "six": 6.0}
_DEADLINE = re.compile(
    r"\b(?:finish\w*|done|complete\w*)\s+(?:\w+\s+){0,3}?(?:in|within|under)\s+(?:about\s+|roughly\s+)?"
    r"(one|an?|two|three|four|five|six|\d+(?:\.\d+)?)[\s-]*(hours?|h|hrs?|minutes?|mins?)\b",
    re.I,
)


def _seconds_of(value: str, unit: str) -> float:
    unit = unit.lower()
    scale = 0.001 if unit.startswith("ms") or unit.startswith("milli") else 60 if unit.startswith("min") else 1
    return to_float(value) * scale


def _sentence_of(text: str, at: int) -> str:
    start = max((m.end() for m in re.finditer(r"[.?!](?:\s|$)", text[:at])), default=0)
    stop = re.search(r"[.?!](?:\s|$)", text[at:])
    return text[start : at + stop.start() if stop else len(text)]


def _table_job(question: str) -> tuple[str, dict]:
    """A nightly table scored through the API: the rows to score ("score all 3.6 million customers"), a deadline
    ("finish in one hour") and a batch job's chunks ("chunks of 100,000 rows, 1.5 s per chunk"); with the question
    whose chunk time is blanked out (it is not the request latency). {} when no table is scored."""
    found: dict = {}
    if re.search(
        rf"\d\s*(?:{_ROW_NOUNS})\s+(?:per|each|in each|in every|in one|a)\s+(?:http\s+|api\s+)?(?:request|call)\b",
        question,
        re.I,
    ):
        return question, {}  # several rows per request: the rows are not the requests
    size, per = list(_CHUNK_SIZE.finditer(question)), list(_CHUNK_TIME.finditer(question))
    text = question
    if size or per:
        if len(size) != 1 or len(per) != 1:
            return question, {}  # a chunk this cannot place: left in, so the latency stays unclear
        sentence = _sentence_of(question, size[0].start())
        if not re.search(r"batch|\bjob\b|offline|spark", sentence, re.I) or re.search(
            r"(?:per|each|one|every)\s+(?:http\s+)?request", sentence, re.I
        ):
            return question, {}  # chunks sent to the API, not a batch job
        m = per[0]
        found["chunk"] = to_float(size[0][1]) * _SCALE_WORD.get((size[0][2] or "").lower(), 1)
        found["chunk_time"] = _seconds_of(m[1] or m[3], m[2] or m[4])
        text = question[: m.start()] + " " * (m.end() - m.start()) + question[m.end() :]
    rows = set()
    blanked = _CHUNK_SIZE.sub(lambda m: " " * len(m[0]), text)
    for m in _ROW_COUNT.finditer(blanked):
        if re.search(
            r"scor|predict|inference|nightly|every night|each night|batch|table", _sentence_of(blanked, m.start()), re.I
        ):
            rows.add(to_float(m[1]) * _SCALE_WORD.get((m[2] or "").lower(), 1))
    if len(rows) != 1:
        return question, {}  # no table to score: the question is read as before
    found["rows"] = rows.pop()
    deadlines = {(m[1].lower(), m[2].lower()) for m in _DEADLINE.finditer(question)}
    if len(deadlines) == 1:
        value, unit = deadlines.pop()
        amount = _HOURS_WORDS.get(value) or to_float(value)
        found["deadline"] = amount * (60 if unit.startswith("m") else 3600)
    return text, found


def _hours(seconds: float) -> str:
    if seconds >= 3600:
        return f"{fmt(seconds)} s ≈ {fmt(seconds / 3600, 1)} h"
    if seconds >= 60:
        return f"{fmt(seconds)} s ≈ {fmt(seconds / 60, 1)} min"
    return f"{fmt(seconds)} s"


def _table_steps(table: dict, latency: float, workers: int | None) -> list[str]:
    """A table scored one request per row: its time on the workers, the workers a deadline needs, and a batch job."""
    n = table["rows"]
    steps = []
    api = None
    if workers:
        api = n * latency / workers
        steps.append(
            f"{fmt(n)} rows, one request each: {fmt(n)} × {fmt(latency)} s / {workers} workers = {_hours(api)}"
        )
    if "deadline" in table:
        exact = n * latency / table["deadline"]
        need = math.ceil(exact - 1e-9)
        steps.append(
            f"to finish in {_span(table['deadline'])}: {fmt(n)} × {fmt(latency)} s / {fmt(table['deadline'])} s = "
            + (
                f"{need} concurrent workers"
                if abs(exact - need) < 1e-9
                else f"{fmt(exact)}, so {need} concurrent workers"
            )
            + ", each worker process with its own copy of the model"
        )
    if "chunk" in table:
        chunks = math.ceil(n / table["chunk"] - 1e-9)
        batch = chunks * table["chunk_time"]
        steps.append(
            f"a batch job on chunks of {fmt(table['chunk'])} rows: {fmt(n)} / {fmt(table['chunk'])} = {chunks} "
            f"chunks × {fmt(table['chunk_time'])} s = {_hours(batch)}"
            + (f", about {fmt(api / batch, 0)} times faster than through the API" if api and batch else "")
        )
    return steps


def _size(value: float, unit: str) -> str:
    """3200 MB -> '3,200 MB (3.2 GB)'; 4.5 GB -> '4.5 GB'."""
    text = f"{fmt(value)} {unit}"
    return text + f" ({fmt(value / 1000)} GB)" if unit.upper() == "MB" and value >= 1000 else text


_IN_FLIGHT = re.compile(
    rf"({NUM})\s+(?:(?:requests?|calls?)\s+(?:in[ -]flight|in the system|outstanding)|in[ -]flight"
    r"|concurrent requests)\b"
    r"|(?:average concurrency|in[ -]flight(?: requests)?)\s*(?:of|=|:|is|at)?\s*(?:about\s+|~\s*)?"
    rf"({NUM})(?![\d.]|\s*(?:ms|s|%))",
    re.I,
)


def _in_flight(question: str, latency: float | None, workers: int | None, processes: int | None) -> list[str] | None:
    """An observed average number of requests in flight at a steady request rate ("at a steady 100 req/s ... about
    32 requests in flight"): Little's law's average latency, and with one-request-at-a-time workers how many are
    being served and how many wait. [] when no in-flight count is given; None when the numbers are unclear."""
    counts = {to_float(a or b) for a, b in _IN_FLIGHT.findall(question)}
    if not counts:
        return []
    rates = {
        to_float(v)
        for v in re.findall(rf"({NUM})\s*(?:req(?:uest)?s?\s*/\s*s(?:ec)?|requests per second|rps)\b", question, re.I)
    }
    if len(counts) != 1 or len(rates) != 1 or processes:
        return []  # which count or rate is meant is unclear: the capacity steps alone
    count, rate = counts.pop(), rates.pop()
    if count <= 0 or rate <= 0:
        return None
    average = count / rate
    steps = [
        f"Little's law, latency = concurrency / throughput = {fmt(count)} / {fmt(rate)} = {fmt(average)} s "
        f"({fmt(average * 1000)} ms) on average"
    ]
    if latency is None:
        return steps
    served = rate * latency
    if served > count + 1e-9:
        return None  # fewer in flight than are being served: the numbers do not fit together
    if workers:
        if served >= workers:
            steps.append(
                f"{fmt(rate)} × {fmt(latency)} s = {fmt(served)} requests of work at once, at or above the {workers} "
                "workers: the queue keeps growing"
            )
            return steps
        steps.append(
            f"busy workers: {fmt(rate)} × {fmt(latency)} s = {fmt(served)} of {workers}, utilization "
            f"{fmt(served)} / {workers} = {fmt(100 * served / workers, 1)}%"
        )
    waiting = count - served
    steps.append(
        f"in service on average {fmt(served)}, so {fmt(count)} - {fmt(served)} = {fmt(waiting)} wait in the queue: "
        f"{fmt(waiting)} / {fmt(rate)} = {fmt(waiting / rate)} s ({fmt(1000 * waiting / rate)} ms) of queueing on top "
        f"of the {fmt(latency * 1000)} ms prediction"
    )
    return steps


def throughput(question: str) -> Worked | None:
    if not re.search(r"throughput|req(?:uest)?s?\s*/\s*s|requests per second|\bworkers?\b", question, re.I):
        return None
    text, table = _table_job(question)
    lat = re.findall(rf"({NUM})\s*(ms|milliseconds?|s|seconds?)\b", text, re.I)
    lat = [(to_float(v), u) for v, u in lat if not re.match(r"s", u, re.I) or "." in v or to_float(v) < 10]
    lat = list(dict.fromkeys(lat))  # "takes ~70 ms ... so much higher than 70 ms" is one latency
    if not lat and (flight := _in_flight(question, None, None, None)):
        note = "Little's law holds for averages in any steady system, whatever happens inside it."
        return Worked("throughput", "s4-model-serving", r"Little's law", tuple(flight), note)
    if len(lat) != 1:
        return None
    latency = lat[0][0] / 1000 if lat[0][1].lower().startswith("m") else lat[0][0]
    if latency <= 0:
        return None
    # "6 workers", "6 gunicorn workers", "4 uvicorn worker processes"
    unit = r"(?:[gmkt]i?b|ms|s|secs?|seconds?|minutes?|%)\b"  # "2 GB worker memory" is a size, not a count
    workers = set(re.findall(rf"(?<![\d.,])(\d+)\s+(?!{unit})(?:[a-z][\w-]*\s+)?workers?\b", question, re.I))
    rate = r"\s*(?:req(?:uest)?s?\s*/\s*s(?:ec)?|requests per second|rps)"
    peak = set(re.findall(rf"(?:peak|target|handle|serve)\D{{0,20}}({NUM}){rate}", question, re.I))
    peak |= set(re.findall(rf"({NUM}){rate}\s*(?:at\s+)?(?:peak|target)", question, re.I))  # "300 req/s at peak"
    steps = []
    w = None
    # gunicorn's flags: "-w 4 --threads 2" is 4 processes of 2 threads, 8 requests at once
    flag = re.search(r"(?:-w|--workers)[ =](\d+)(?:\s+--threads[ =](\d+))?", question)
    threads = int(flag[2]) if flag and flag[2] else 1
    if flag and not workers:
        workers = {flag[1]}
    # in prose: "4 worker processes x 3 threads each", "4 processes with 2 threads per worker"
    prose = set(
        re.findall(
            r"(?:[x×*]|\bwith)\s*(\d+)\s+threads?\b|\b(\d+)\s+threads?\s+(?:each|per\s+(?:worker|process))\b",
            question,
            re.I,
        )
    )
    prose_threads = {int(a or b) for a, b in prose}
    if not flag and len(prose_threads) == 1:
        threads = prose_threads.pop()
        if not workers:
            workers = set(
                re.findall(r"(?<![\d.,])(\d+)\s+(?:gunicorn\s+|uvicorn\s+)?(?:worker\s+)?processes\b", question)
            )
    elif not flag and prose_threads:
        return None  # two thread counts: which one runs is not clear
    processes = None
    if len(workers) == 1 and threads > 1:
        processes = int(workers.pop())
        w = processes * threads
        steps.append(
            f"{processes} worker processes × {threads} threads = {w} requests at once: {w} / {fmt(latency)} s = "
            f"{fmt(w / latency)} requests per second"
        )
        cpu = "as prediction is CPU-bound" if re.search(r"\bCPU\b", question, re.I) else "if prediction is CPU-bound"
        steps.append(
            f"{cpu}, the GIL lets only one thread per process run Python at a time: expect closer to "
            f"{processes} / {fmt(latency)} s = {fmt(processes / latency)} requests per second"
        )
    elif len(workers) == 1:
        w = int(workers.pop())
        steps.append(
            f"{w} workers, one request at a time each: {w} / {fmt(latency)} s = {fmt(w / latency)} requests per second"
        )
    flight = _in_flight(question, latency, w, processes)
    if flight is None:
        return None
    if flight:
        note = (
            "Little's law holds for averages in any steady system: whatever the in-flight count holds beyond "
            "throughput × service time is requests waiting for a free worker, and near capacity that queueing, "
            "not the prediction itself, dominates latency (and the tail percentiles more than the mean)."
        )
        return Worked("throughput", "s4-model-serving", r"Little's law", tuple(steps + flight), note)
    need = None
    if len(peak) == 1:
        rate = to_float(peak.pop())
        need = math.ceil(rate * latency - 1e-9)
        steps.append(
            f"for {fmt(rate)} requests per second: concurrency = throughput × latency = {fmt(rate)} × {fmt(latency)} "
            f"= {fmt(rate * latency)}, so about {need} workers"
            + (" (worker processes, for CPU-bound prediction: threads do not add them)" if processes else "")
        )
    mem = (
        re.search(rf"({NUM})\s*(GB|MB)\b[^.?]*?(?:per worker|each worker|per process)", question, re.I)
        or re.search(rf"(?:per worker|each worker|every worker)[^.?]*?({NUM})\s*(GB|MB)\b", question, re.I)
        # "how much RAM if each loads its own 1.2 GB model"
        or re.search(rf"\beach\b(?:[^.?]|\.(?=\d)){{0,30}}?({NUM})\s*(GB|MB)\b\s*(?:model|copy)", question, re.I)
    )
    model = re.search(
        rf"(?:model|weights)\D{{0,25}}?({NUM})\s*(GB|MB)\b|({NUM})\s*(GB|MB)\s+(?:of\s+)?(?:RAM|memory)", question, re.I
    )
    if mem and steps:
        size, unit = to_float(mem[1]), mem[2]
        count = need if need is not None else (processes or w)
        steps.append(
            f"memory: {count} workers × {fmt(size)} {unit} = {_size(count * size, unit)}, one model copy per worker"
        )
    elif processes and model and (flag or need is not None or re.search(r"memory|\bRAM\b", question, re.I)):
        size, unit = to_float(model[1] or model[3]), model[2] or model[4]
        named = f"--threads {threads}" if flag else f"{threads} threads each"
        steps.append(
            f"memory: {processes} processes × {fmt(size)} {unit} = {_size(processes * size, unit)}: threads share "
            f"their process's copy, so {named} adds none (with the model loaded once at start-up), not "
            f"{w} × {fmt(size)} {unit} = {_size(w * size, unit)}"
        )
        if need is not None:
            steps.append(
                f"{need} worker processes for the peak hold {need} × {fmt(size)} {unit} = {_size(need * size, unit)} "
                "of model copies (ignoring overhead)"
            )
    if table and ("deadline" in table or w):
        steps += _table_steps(table, latency, w)
        note = (
            "A nightly table is better scored by a batch job that loads the model once and calls predict on large "
            "chunks, with no web server at all: one HTTP request per row adds network and framework overhead to every "
            "row. Keep the online API for real-time requests."
        )
        cue = r"Scoring a whole table through the online API"
        return Worked("throughput", "s4-model-serving", cue, tuple(steps), note)
    if not steps:
        return None
    note = (
        "Threads of one process share its model copy, and for CPU-bound prediction they add less throughput than "
        "extra processes, because CPython's global interpreter lock runs one thread at a time."
        if processes
        else ""
    )
    return Worked("throughput", "s4-model-serving", r"Little's law", tuple(steps), note)


# --- Kubernetes horizontal autoscaling (s4-deployment-tools) ------------------------------------------


def hpa(question: str) -> Worked | None:
    if not re.search(r"\bhpa\b|autoscal|replicas", question, re.I):
        return None
    current = set(re.findall(r"(\d+)\s+(?:replicas|pods)", question, re.I))
    target = set(re.findall(r"target\D{0,25}?(\d+(?:\.\d+)?)\s*%", question, re.I))
    if len(current) != 1 or len(target) != 1:
        return None
    replicas, goal = int(current.pop()), float(target.pop())
    loads = [
        float(v)
        for v in re.findall(r"(\d+(?:\.\d+)?)\s*%", question)
        if float(v) != goal or question.count(f"{v}%") > 1
    ]
    if not loads or goal <= 0 or len(loads) > 3:
        return None
    bounds = {}
    for name in ("min", "max"):
        found = set(re.findall(rf"\b{name}(?:imum)?[ _]?(?:replicas|pods)\s*(?:=|:|is|of|to)?\s*(\d+)", question, re.I))
        if len(found) > 1:
            return None
        bounds[name] = int(found.pop()) if found else None
    steps = []
    for load in loads:
        desired = math.ceil(replicas * load / goal - 1e-9)
        step = (
            f"at {fmt(load)}% average load on {replicas} replicas: ceil({replicas} × {fmt(load)} / {fmt(goal)}) = "
            f"ceil({fmt(replicas * load / goal)}) = {desired}"
        )
        if bounds["min"] is not None and desired < bounds["min"]:
            step += f", below minReplicas = {bounds['min']}, so it runs {bounds['min']} replicas"
            desired = bounds["min"]
        elif bounds["max"] is not None and desired > bounds["max"]:
            step += f", above maxReplicas = {bounds['max']}, so it runs {bounds['max']} replicas"
            desired = bounds["max"]
        else:
            step += " replicas"
        steps.append(step)
        replicas = desired
    note = "The autoscaler also keeps the count within the configured minimum and maximum replicas."
    if any(b is not None for b in bounds.values()):
        note = "The computed count is clamped to the configured minReplicas and maxReplicas."
    return Worked("hpa", "s4-deployment-tools", r"desiredReplicas = ceil", tuple(steps), note)


# --- perplexity of a language model (s5-nlp-language-models) -----------------------------------------

_FRACTION = r"\d+\s*/\s*\d+|\d*\.\d+|[01]"


def perplexity(question: str) -> Worked | None:
    if not re.search(r"perplexity", question, re.I):
        return None
    m = re.search(
        rf"(?:probabilit\w*|assign\w*|gave|gives)\D{{0,25}}((?:{_FRACTION})(?:\s*(?:,|and)\s*(?:{_FRACTION}))+)",
        question,
        re.I,
    )
    if not m:
        return None
    probs = []
    for t in re.findall(_FRACTION, m[1]):
        a, _, b = t.partition("/")
        probs.append(float(a) / float(b) if b else float(a))
    if any(not 0 < p <= 1 for p in probs):
        return None
    nll = [-math.log(p) for p in probs]
    avg = sum(nll) / len(nll)
    steps = (
        f"negative log-likelihoods (natural log): {vec([round(v, 4) for v in nll])}",
        f"average = {fmt(avg)}; perplexity = e^{fmt(avg)} = {fmt(math.exp(avg))}",
        f"the same as 1 / (geometric mean of the probabilities) = 1 / {fmt(math.prod(probs) ** (1 / len(probs)))}",
    )
    note = (
        f"A perplexity of {fmt(math.exp(avg), 2)} means the model is, on average, as uncertain as a uniform choice "
        f"among about {fmt(math.exp(avg), 2)} tokens; lower is better."
    )
    return Worked("perplexity", "s5-nlp-language-models", r"\*\*Perplexity\*\*", steps, note)


# --- two scored sequences: total against per-token log-probability (s5-nlp-language-models) ---------

_SEQ = re.compile(
    rf"\b((?:reply|response|answer|sequence|candidate|output|option|hypothesis|beam)\s+[A-Z1-9])\b[^.?]{{0,60}}?"
    rf"((?:{_FRACTION})(?:\s*(?:,|and|,\s*and)\s*(?:{_FRACTION}))+)",
    re.I,
)


def sequence_scores(question: str) -> Worked | None:
    """Two or more candidate outputs, each with its tokens' probabilities ("Reply A has 3 tokens with
    probabilities 0.6, 0.5, 0.5. Reply B ..."): each one's total probability and log-probability, the
    average log-probability per token, the geometric-mean token probability and perplexity, which wins
    each way, and why raw sequence probability favours short outputs."""
    if not re.search(r"token", question, re.I) or not re.search(r"probab|likel", question, re.I):
        return None
    found = []
    for m in _SEQ.finditer(question):
        probs = []
        for t in re.findall(_FRACTION, m[2]):
            a, _, b = t.partition("/")
            probs.append(float(a) / float(b) if b else float(a))
        if len(probs) < 2 or any(not 0 < p <= 1 for p in probs):
            return None
        found.append((m[1].strip(), probs))
    if len(found) < 2 or len({name.lower() for name, _ in found}) != len(found):
        return None
    steps, rows = [], []
    for name, probs in found:
        total = math.prod(probs)
        logp = sum(math.log(p) for p in probs)
        avg = logp / len(probs)
        rows.append((name, total, logp, avg, len(probs)))
        steps.append(
            f"{name}: {len(probs)} tokens, P = {' × '.join(fmt(p) for p in probs)} = {fmt(total)}, "
            f"ln P = {fmt(logp)}; per token {fmt(logp)} / {len(probs)} = {fmt(avg)} "
            f"(geometric-mean probability {fmt(math.exp(avg))}, perplexity {fmt(math.exp(-avg), 3)})"
        )
    by_total = max(rows, key=lambda r: r[2])
    by_avg = max(rows, key=lambda r: r[3])
    steps.append(f"highest total probability: {by_total[0]}; highest average log-probability per token: {by_avg[0]}")
    note = (
        "Every extra token multiplies in another probability below 1, so the total probability favours shorter "
        "outputs; a beam search that ranks finished candidates by total log-probability leans toward stopping "
        "early, and decoders correct for it by dividing the log-probability by the length (or length^alpha, "
        "alpha around 0.6 to 1)."
    )
    if by_total[0] != by_avg[0] and by_total[4] < by_avg[4]:
        note += (
            f" Here the shorter {by_total[0]} wins on total probability, the longer {by_avg[0]} once length is "
            "normalised."
        )
    return Worked("sequence_scores", "s5-nlp-language-models", r"\*\*Decoding\*\*", tuple(steps), note)


# --- matrix-factorisation rating with biases (s5-recommender-systems) ---------------------------------


def mf_rating(question: str) -> Worked | None:
    if not re.search(r"factori[sz]ation|user factors?|item factors?|latent|\bMF\b", question, re.I):
        return None

    one = partial(labelled, question)

    mu, bu, bi = one(r"global mean|μ|mu\b"), one(r"user bias|b_u"), one(r"item bias|b_i")
    vector = r"\s*=?\s*([\[(][^\])]*[\])])"
    p = re.search(rf"(?:user (?:factors?|vector|embedding)s?(?:\s*p_u)?|\bp_u){vector}", question, re.I)
    q = re.search(rf"(?:item (?:factors?|vector|embedding)s?(?:\s*q_i)?|\bq_i){vector}", question, re.I)
    if None in (mu, bu, bi) or not p or not q:
        return None
    pu, qi = literal("[" + p[1][1:-1] + "]"), literal("[" + q[1][1:-1] + "]")
    if pu is None or qi is None or len(pu) != len(qi):
        return None
    dot = sum(a * b for a, b in zip(pu, qi, strict=True))
    pred = mu + bu + bi + dot
    steps = [
        "p_u · q_i = "
        + " + ".join(f"{factor(a)} × {factor(b)}" for a, b in zip(pu, qi, strict=True))
        + f" = {fmt(dot)}",
        f"r̂ = μ + b_u + b_i + p_u · q_i = {fmt(mu)} + {factor(bu)} + {factor(bi)} + {factor(dot)} = {fmt(pred)}",
    ]
    # "actual rating is 2", "rated it 4", "rated the movie a 2"
    actual = re.search(
        rf"(?:actual|observed|true|real) rating\D{{0,10}}({NUM})|rated (?:it |(?:the|this|that) \w+ )?(?:an? )?({NUM})",
        question,
        re.I,
    )
    if actual:
        r = to_float(actual[1] or actual[2])
        err = r - pred
        steps.append(f"error e = r - r̂ = {fmt(r)} - {fmt(pred)} = {fmt(err)}")
        lr, lam = one(r"learning rate|\blr\b|η|\beta\b"), one(r"lambda|λ|regulari[sz]ation")
        if lr is not None and lam is not None:
            new_bu, new_bi = bu + lr * (err - lam * bu), bi + lr * (err - lam * bi)
            new_p = [a + lr * (err * b - lam * a) for a, b in zip(pu, qi, strict=True)]
            new_q = [b + lr * (err * a - lam * b) for a, b in zip(pu, qi, strict=True)]  # with the old p_u
            steps += [
                f"b_u ← b_u + η(e - λ b_u) = {fmt(bu)} + {fmt(lr)} × ({fmt(err)} - {fmt(lam)} × {factor(bu)}) "
                f"= {fmt(new_bu)}",
                f"b_i ← b_i + η(e - λ b_i) = {fmt(bi)} + {fmt(lr)} × ({fmt(err)} - {fmt(lam)} × {factor(bi)}) "
                f"= {fmt(new_bi)}",
                f"p_u ← p_u + η(e q_i - λ p_u) = {vec([round(v, 4) for v in new_p])}; "
                f"q_i ← q_i + η(e p_u - λ q_i), with the old p_u, = {vec([round(v, 4) for v in new_q])}",
            ]
            new_pred = mu + new_bu + new_bi + sum(a * b for a, b in zip(new_p, new_q, strict=True))
            steps.append(f"the prediction moves from {fmt(pred)} to {fmt(new_pred)}, towards the rating {fmt(r)}")
    return Worked("mf_rating", "s5-recommender-systems", r"\\hat r_\{ui\} = \\mu", tuple(steps))


# --- YOLOv1's output tensor (s5-computer-vision) -------------------------------------------------------


def yolo(question: str) -> Worked | None:
    """S x S x (5B + C) for a YOLOv1-style head."""
    if not re.search(r"yolo", question, re.I):
        return None

    s, b, c = (labelled(question, rf"(?<![\w]){n}", sep="=", flags=0, number=r"\d+\b", cast=int) for n in "SBC")
    classes = set(re.findall(r"(\d+)\s+(?:[A-Za-z-]+\s+)?classes\b", question, re.I))  # "the 80 COCO classes"
    if c is None and len(classes) == 1:
        c = int(classes.pop())
    if None in (s, b, c) or not s or not b:
        return None
    depth = 5 * b + c
    steps = (
        f"each of the {s} × {s} cells predicts B = {b} boxes with 5 numbers each (x, y, w, h, confidence) "
        f"plus C = {c} class probabilities: 5 × {b} + {c} = {depth}",
        f"output shape S × S × (5B + C) = {s} × {s} × {depth}, i.e. {s * s * depth:,} numbers per image",
    )
    return Worked("yolo", "s5-computer-vision", r"S x S x \(5B \+ C\)", steps)


_BOX_WORDS = (  # "centre (100, 80), width 50, height 40"
    rf"cent(?:re|er)\s*(?:at\s*)?\(\s*({NUM})\s*,\s*({NUM})\s*\)\s*,?\s*width\s*({NUM})"
    rf"\s*(?:,|and)?\s*(?:and\s+)?height\s*({NUM})"
)


def anchor_offsets(question: str) -> Worked | None:
    """Faster R-CNN's regression targets of a ground-truth box against an anchor, both given by centre,
    width and height: t_x = (x - x_a)/w_a, t_y = (y - y_a)/h_a, t_w = ln(w/w_a), t_h = ln(h/h_a)."""
    if not re.search(r"\banchor", question, re.I) or not re.search(
        r"t_?x|regression targets?|offsets?", question, re.I
    ):
        return None
    anchor = re.findall(r"\banchor\b[^.;]*?" + _BOX_WORDS, question, re.I)
    truth = re.findall(r"\b(?:ground[- ]truth|gt|true|target)\b(?:\s+box)?[^.;]*?" + _BOX_WORDS, question, re.I)
    if len(anchor) != 1 or len(truth) != 1:
        return None
    xa, ya, wa, ha = (to_float(v) for v in anchor[0])
    x, y, w, h = (to_float(v) for v in truth[0])
    if min(wa, ha, w, h) <= 0:
        return None
    steps = (
        f"t_x = (x - x_a) / w_a = ({fmt(x)} - {fmt(xa)}) / {fmt(wa)} = {fmt((x - xa) / wa)}",
        f"t_y = (y - y_a) / h_a = ({fmt(y)} - {fmt(ya)}) / {fmt(ha)} = {fmt((y - ya) / ha)}",
        f"t_w = ln(w / w_a) = ln({fmt(w)} / {fmt(wa)}) = {fmt(math.log(w / wa))}",
        f"t_h = ln(h / h_a) = ln({fmt(h)} / {fmt(ha)}) = {fmt(math.log(h / ha))}",
    )
    return Worked("anchor_offsets", "s5-computer-vision", r"Offsets relative to an anchor", steps)


# --- decoding an anchor's predicted offsets into a box, and the RPN's training labels (c-anchor-boxes) ------

# an anchor given by its centre and size: "(x_a, y_a, w_a, h_a) = (200, 150, 100, 50)", "centred at (200, 150)"
_ANCHOR_TUPLE = re.compile(
    r"\(\s*(?:x_?a|cx|x_?c|x)\s*,\s*(?:y_?a|cy|y_?c|y)\s*,\s*(?:w_?a|w)\s*,\s*(?:h_?a|h)\s*\)\s*(?:=|:|is|of)?\s*"
    rf"\(\s*({PLAIN})\s*,\s*({PLAIN})\s*,\s*({PLAIN})\s*,\s*({PLAIN})\s*\)",
    re.I,
)
_CENTRE_AT = re.compile(
    rf"(?:cent(?:re|er)(?:d|ed)?(?:\s+(?:at|on|of|is))?|\bat)\s*[:=]?\s*\(\s*({PLAIN})\s*,\s*({PLAIN})\s*\)", re.I
)
_ANCHOR_WIDTH = re.compile(
    rf"\bwidth\s*(?:of|=|:|is)?\s*({NUM})|({NUM})\s*(?:px|pixels?)?\s*wide\b|\bw(?:_?a)?\s*[=:]\s*({NUM})", re.I
)
_ANCHOR_HEIGHT = re.compile(
    rf"\bheight\s*(?:of|=|:|is)?\s*({NUM})|({NUM})\s*(?:px|pixels?)?\s*(?:tall|high)\b|\bh(?:_?a)?\s*[=:]\s*({NUM})",
    re.I,
)
_ANCHOR_SIZE = re.compile(rf"({PLAIN})\s*[x×]\s*({PLAIN})\s*(?:px|pixels?)?", re.I)
# where the words about the anchor itself end: a sentence end, the ground truth, the prediction, an offset
_ANCHOR_CLAUSE_END = re.compile(
    r"(?<!\d)[.;?!](?!\d)|\n|\b(?:ground[- ]truth|gt|target|true\s+box|predict\w*|offsets?|deltas?|regress\w*|iou)\b"
    r"|(?<![\w])t_?[xywh]\b",
    re.I,
)


def _one_value(pattern: re.Pattern, text: str) -> float | None | bool:
    """The one number `pattern` finds in `text` (whichever group matched); None when absent, False when two differ."""
    found = {to_float(next(g for g in m.groups() if g is not None)) for m in pattern.finditer(text)}
    return found.pop() if len(found) == 1 else (None if not found else False)


def _anchor_box(question: str) -> tuple[float, float, float, float] | None:
    """The anchor's (x_a, y_a, w_a, h_a), read from the words after "anchor" (or x_a = ... labels); None unless
    exactly one anchor is described in full."""
    found = set()
    for m in re.finditer(r"\banchors?\b", question, re.I):
        rest = question[m.end() :]
        stop = _ANCHOR_CLAUSE_END.search(rest)
        clause = rest[: stop.start()] if stop else rest
        if tup := _ANCHOR_TUPLE.search(clause):
            found.add(tuple(to_float(v) for v in tup.groups()))
            continue
        centres = {(to_float(a), to_float(b)) for a, b in _CENTRE_AT.findall(clause)}
        width, height = _one_value(_ANCHOR_WIDTH, clause), _one_value(_ANCHOR_HEIGHT, clause)
        before = re.search(rf"({PLAIN})\s*[x×]\s*({PLAIN})\s*(?:px|pixels?)?\s*-?\s*$", question[: m.start()], re.I)
        sizes = {
            (to_float(a), to_float(b)) for a, b in _ANCHOR_SIZE.findall(clause) + ([before.groups()] if before else [])
        }
        if width is None and height is None and len(sizes) == 1:
            width, height = sizes.pop()  # "a 100x50 anchor": width by height
        if len(centres) == 1 and width and height:
            found.add((*centres.pop(), width, height))
        elif len(centres) > 1 or width is False or height is False:
            return None
    if not found:  # "x_a = 200, y_a = 150, w_a = 100, h_a = 50"
        named = [labelled(question, rf"(?<![\w]){n}_?a\b", sep=r"(?:=|:|is)", flags=0) for n in "xywh"]
        if None not in named:
            found.add(tuple(named))
    return found.pop() if len(found) == 1 else None


def _predicted_offsets(question: str) -> tuple[float, float, float, float] | None:
    """(t_x, t_y, t_w, t_h) as "tx = 0.1, ty = -0.2, ...", "(tx, ty, tw, th) = (...)" or "offsets (...)"; None
    unless all four are given once."""
    four = rf"[\(\[]\s*({PLAIN})\s*,\s*({PLAIN})\s*,\s*({PLAIN})\s*,\s*({PLAIN})\s*[\)\]]"
    tuples = re.findall(
        rf"\(\s*t_?x\s*,\s*t_?y\s*,\s*t_?w\s*,\s*t_?h\s*\)\s*(?:=|:|is|are|of)?\s*{four}", question, re.I
    )
    tuples += re.findall(rf"\b(?:offsets?|deltas?)\s*(?:of|=|:|are|is)?\s*{four}", question, re.I)
    named = tuple(labelled(question, rf"(?<![\w])t_?{c}\b", sep=r"(?:=|:|is|of)?") for c in "xywh")
    found = {tuple(to_float(v) for v in t) for t in tuples}
    if None not in named:
        found.add(named)  # type: ignore[arg-type]
    return found.pop() if len(found) == 1 else None


def _iou_values(question: str) -> list[float]:
    """The IoUs whose label is asked: "if its best IoU with any ground-truth box were 0.75? 0.55? 0.2?"."""
    sep = r"\s*(?:[,;/?]\s*(?:(?:and|or)\s+)?|(?:and|or)\s+)\s*"
    gap = r"(?:(?!threshold|above|below|over|under|exceed|more than|less than|greater|[<>≥≤])[^.?!;\d]){0,60}?"
    values: list[float] = []
    for m in re.finditer(rf"\bIoUs?\b{gap}(?<![\w.])({PLAIN}(?:{sep}{PLAIN})*)", question, re.I):
        values += [to_float(v) for v in re.findall(PLAIN, m[1])]
    return list(dict.fromkeys(values))


def _anchor_labels(question: str) -> list[str] | None:
    """The training label of an anchor at each IoU asked about, by the RPN's rule (or RetinaNet's); None when
    the question does not ask, names its own thresholds or another detector's."""
    asks = r"\b(?:positive|negative|ignored?|labels?|labell?(?:ed|ing)|foreground|background)\b"
    if not re.search(asks, question, re.I):
        return None
    if re.search(
        r"(?:thresholds?|above|below|over|under|exceeds?|than|[<>≥≤]=?)\s*(?:of|is|=|at|:)?\s*0?\.\d", question, re.I
    ):
        return None  # the learner's own thresholds
    if re.search(r"\b(?:ssd|yolo\w*|fcos|detr|centernet)\b", question, re.I):
        return None
    values = _iou_values(question)
    if not values or any(not 0 <= v <= 1 for v in values):
        return None
    if re.search(r"retina\s*net", question, re.I):
        lines = [
            "RetinaNet's rule: IoU ≥ 0.5 with a ground-truth box is positive, IoU < 0.4 with every one is negative, "
            "in between ignored"
        ]
        for v in values:
            label = "positive" if v >= 0.5 else "negative" if v < 0.4 else "ignored (no loss)"
            lines.append(f"best IoU {fmt(v)}: {label}")
        return lines
    lines = [
        "Faster R-CNN's RPN rule: positive if IoU > 0.7 with some ground-truth box (or if the anchor is a "
        "ground-truth box's best match), negative if IoU < 0.3 with every ground-truth box, ignored in between; only "
        "positives get a box-regression loss"
    ]
    for v in values:
        if v > 0.7:
            lines.append(f"best IoU {fmt(v)} > 0.7: positive (an object: trains the classifier and the box offsets)")
        elif v < 0.3:
            lines.append(
                f"best IoU {fmt(v)} < 0.3: negative (background: trains the classifier only), unless it is some "
                "ground-truth box's best-matching anchor, which makes it positive"
            )
        else:
            edge = (
                "; 0.7 is not above 0.7 by the paper's rule, though torchvision and Detectron2 count IoU ≥ 0.7 as "
                "positive"
                if v == 0.7
                else ""
            )
            lines.append(
                f"best IoU {fmt(v)}, between 0.3 and 0.7: ignored (no loss at all), unless it is some ground-truth "
                f"box's best-matching anchor, which makes it positive{edge}"
            )
    return lines


def anchor_decode(question: str) -> Worked | None:
    """An anchor (x_a, y_a, w_a, h_a) and predicted offsets (t_x, t_y, t_w, t_h) decoded into a box, the inverse of
    `anchor_offsets`: x = x_a + t_x w_a, y = y_a + t_y h_a, w = w_a exp(t_w), h = h_a exp(t_h), and its corners;
    with the RPN's training label of the anchor at each IoU the question asks about (> 0.7 positive, < 0.3
    negative, in between ignored)."""
    if not re.search(r"\banchors?\b", question, re.I) or not re.search(
        r"decod|predict|offsets?|deltas?|\bt_?[xywh]\b", question, re.I
    ):
        return None
    anchor, offsets = _anchor_box(question), _predicted_offsets(question)
    if anchor is None or offsets is None:
        return None
    xa, ya, wa, ha = anchor
    tx, ty, tw, th = offsets
    if min(wa, ha) <= 0 or max(abs(tw), abs(th)) > 10:
        return None
    x, y = xa + tx * wa, ya + ty * ha
    gw, gh = math.exp(tw), math.exp(th)
    w, h = wa * gw, ha * gh
    corners = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
    steps = [
        f"x = x_a + t_x × w_a = {fmt(xa)} + {factor(tx)} × {fmt(wa)} = {fmt(x)}",
        f"y = y_a + t_y × h_a = {fmt(ya)} + {factor(ty)} × {fmt(ha)} = {fmt(y)}",
        f"w = w_a × exp(t_w) = {fmt(wa)} × e^{fmt(tw)} = {fmt(wa)} × {fmt(gw, 6)} = {fmt(w)}"
        + (f" (about {fmt(w, 1)})" if abs(w - round(w, 1)) > 1e-9 else ""),
        f"h = h_a × exp(t_h) = {fmt(ha)} × e^{fmt(th)} = {fmt(ha)} × {fmt(gh, 6)} = {fmt(h)}"
        + (f" (about {fmt(h, 1)})" if abs(h - round(h, 1)) > 1e-9 else ""),
        f"corners: x1 = x - w/2 = {fmt(x)} - {fmt(w / 2)} = {fmt(corners[0])}, "
        f"y1 = y - h/2 = {fmt(y)} - {fmt(h / 2)} = {fmt(corners[1])}, "
        f"x2 = x + w/2 = {fmt(corners[2])}, y2 = y + h/2 = {fmt(corners[3])}",
        f"box: centre ({fmt(x)}, {fmt(y)}), size {fmt(w)} × {fmt(h)}, corners (x1, y1, x2, y2) = "
        f"({', '.join(fmt(c) for c in corners)})"
        + (
            f", about ({', '.join(fmt(float(math.floor(c + 0.5))) for c in corners)}) to the nearest pixel"
            if any(abs(c - round(c)) > 1e-9 for c in corners)
            else ""
        ),
    ]
    if min(corners[:2]) < 0:
        steps.append("a corner below 0 lies outside the image: detectors clip decoded boxes to the image borders")
    steps += _anchor_labels(question) or []
    note = (
        f"The offsets move the anchor's centre by ({fmt(x - xa)}, {fmt(y - ya)}) and scale its width by {fmt(gw)} and "
        f"its height by {fmt(gh)}: t_x and t_y are in units of the anchor's size and t_w, t_h are log-ratios, so the "
        "same offsets on a larger anchor give a proportionally larger box."
    )
    return Worked("anchor_decode", "c-anchor-boxes", r"At inference, a predicted box is decoded as", tuple(steps), note)


# --- cloud cost: instances x hours x price, spot, always-on endpoints (s4-cloud-ml) --------------------

_PRICE = re.compile(rf"\$\s*({NUM})\s*(?:/|per\s+|an?\s+)\s*(?:h|hr|hour|instance[- ]hour)s?\b", re.I)
_INSTANCES = re.compile(r"(\d+)\s*(?:-\s*)?(?:(?:gpu|cpu)\s+)?(?:instances?|machines?|nodes?|vms?|servers?)\b", re.I)


# a batch job's hours each night or day: "2 hours every night", "nightly for 1.5 h", "3 h a day"
_EACH_NIGHT = r"(?:nightly|daily|(?:each|every|a|per)\s+(?:night|day|evening))"
_NIGHTLY = re.compile(
    rf"(\d+(?:\.\d+)?)[- ]?(?:h|hours?|hrs?)\b[^.?]{{0,30}}?\b{_EACH_NIGHT}"
    rf"|\b{_EACH_NIGHT}\b[^.?]{{0,30}}?(\d+(?:\.\d+)?)[- ]?(?:h|hours?|hrs?)\b",
    re.I,
)


def _money(x: float) -> str:
    return f"${x:,.2f}"


def cloud_cost(question: str) -> Worked | None:
    if not re.search(r"\b(costs?|budget|price|spend|bill|how much)\b", question, re.I):
        return None
    prices = list(_PRICE.finditer(question))
    if not prices or len(prices) > 2:
        return None
    steps, start = [], 0
    for i, m in enumerate(prices):
        end = len(question)
        if i + 1 < len(prices):  # up to the sentence that holds the next price
            nxt = prices[i + 1].start()
            breaks = [b.end() for b in re.finditer(r"[.?!;](?:\s|$)", question[m.end() : nxt])]
            end = m.end() + breaks[-1] if breaks else nxt
        window = question[start:end]
        start = end
        price = to_float(m[1])
        counts = {int(n) for n in _INSTANCES.findall(window)}
        if not counts and re.search(
            r"\b(?:a|an|one|single)\b(?:[^.?;]|\.(?=\d)){0,30}\b(?:instance|notebook|machine|vm|server|endpoint|node)s?\b",
            window,
            re.I,
        ):
            counts = {1}  # "a $0.50/hour notebook instance"
        if len(counts) != 1 or re.search(r"\d\s*(?:or|to|-)\s*" + _INSTANCES.pattern, window, re.I):
            return None
        n = counts.pop()
        month = re.search(r"(\d+)[- ]day month|always[- ]on|per month|a month|monthly", window, re.I)
        hours = {to_float(h) for h in re.findall(rf"({NUM})\s*(?:h|hrs?|hours?)\b(?!\s*(?:/|per))", window, re.I)}
        hours -= {price}
        if not hours:  # "running for two weeks", "for 3 days": around the clock
            spans = {
                (WORDS.get(v.lower()) or to_float(v)) * (168 if u.lower().startswith("w") else 24)
                for v, u in re.findall(rf"\b({NUM}|{'|'.join(WORDS)})\s+(weeks?|days?)\b(?![- ]month)", window, re.I)
            }
            hours = spans if len(spans) == 1 else hours
        nightly = _NIGHTLY.search(window) if month else None
        # "12 hours a day" may be the endpoint's own schedule: a daily run is a batch job only when called one
        scheduled = nightly and (re.search(r"night|evening", nightly[0], re.I) or re.search(r"batch|job", window, re.I))
        if scheduled and float(nightly[1] or nightly[2]) < 24:
            hours -= {float(nightly[1] or nightly[2])}  # a month's serving: the batch job's hours, not a run's
        else:
            nightly = None
        if month and not hours:
            length = re.search(r"(\d+)[- ]day month", window, re.I)  # "always on for a 31-day month": 31
            days = int(length[1]) if length else 30
            always = n * days * 24 * price
            steps.append(
                f"always-on for a {days}-day month: {n} × ({days} × 24 = {days * 24} h) × {_money(price)} = "
                f"{_money(always)}, whether or not traffic arrives"
            )
            if nightly:
                h = float(nightly[1] or nightly[2])
                night = re.search(r"night|evening", nightly[0], re.I)
                when, often = ("night", "nightly") if night else ("day", "daily")
                batch = n * h * days * price
                steps.append(
                    f"a {often} batch job instead: {n} × {fmt(h)} h × {days} {when}s × {_money(price)} = "
                    f"{_money(batch)} a month, {fmt(always / batch, 1)}x cheaper"
                )
            continue
        if len(hours) != 1:
            return None
        h = hours.pop()
        base = n * h * price
        if n == 1 and not re.search(r"\b(?:on[- ]demand|spot|preempt)", window, re.I):
            steps.append(f"1 instance × {fmt(h)} h × {_money(price)}/h = {_money(base)}, billed for every hour it runs")
            continue
        steps.append(f"on demand: {n} instances × {fmt(h)} h × {_money(price)}/h = {_money(base)} per run")
        off = re.search(r"(\d+(?:\.\d+)?)\s*%\s*(?:off|discount|cheaper|less)", window, re.I)
        extra = re.search(
            r"(\d+(?:\.\d+)?)\s*%\s*(?:extra|more|longer|additional)(?:\s+(?:time|hours|runtime|duration))?",
            window,
            re.I,
        )
        if off and re.search(r"spot|preempt", window, re.I):
            discount = float(off[1]) / 100
            spot_price = price * (1 - discount)
            spot_hours = h * (1 + float(extra[1]) / 100) if extra else h
            spot = n * spot_hours * spot_price
            longer = f" and {fmt(float(extra[1]))}% extra time ({fmt(spot_hours)} h)" if extra else ""
            steps.append(
                f"spot at {fmt(float(off[1]))}% off ({_money(spot_price)}/h){longer}: {n} × {fmt(spot_hours)} × "
                f"{_money(spot_price)} = {_money(spot)} per run, saving {_money(base - spot)}"
            )
    if not steps:
        return None
    note = "Spot suits training that checkpoints and can resume; an always-on endpoint is billed every hour."
    return Worked("cloud_cost", "s4-cloud-ml", r"cost = number of instances x hours", tuple(steps), note)


# --- item-based collaborative filtering: similarities and a prediction (s5-recommender-systems) --------

_ITEM_VECTOR = re.compile(rf"\b([a-z]\w{{0,3}})\s*=\s*\(\s*({PLAIN}(?:\s*,\s*{PLAIN})+)\s*\)", re.I)
_SIM = re.compile(rf"sim\(\s*(\w+)\s*,\s*(\w+)\s*\)\s*=\s*({NUM})", re.I)


def item_cf(question: str) -> Worked | None:
    """r̂_ui = Σ_j sim(i, j) r_uj / Σ_j |sim(i, j)|, with the similarities given or computed as cosines
    of the items' rating columns (the same users in the same order)."""
    if not re.search(r"item[- ]based|neighbou?rs?", question, re.I):
        return None
    rated_at = re.search(r"\b(?:rated|ratings? of|gave)\b", question[question.lower().find("user") :], re.I)
    vectors = {m[1]: [to_float(v) for v in re.findall(PLAIN, m[2])] for m in _ITEM_VECTOR.finditer(question)}
    sims = {(a, b): to_float(s) for a, b, s in _SIM.findall(question)}
    # the learner's own ratings: "rated j1 = 2 and j2 = 5" (single numbers, not rating columns)
    pair = rf"[a-z]\w{{0,3}}\s*=\s*{NUM}(?!\s*,\s*\d)"
    given = re.findall(rf"\b(?:rated|gave)\s+(?:items?\s+)?({pair}(?:\s*(?:,|and)\s*{pair})+)", question, re.I)
    if len(given) != 1 or rated_at is None:
        return None
    own = {n: to_float(v) for n, v in re.findall(rf"\b([a-z]\w{{0,3}})\s*=\s*({NUM})", given[0], re.I)}
    steps = []
    # co-rated columns per pair: "users who rated both X and Y gave X: 5, 3, 4 and Y: 4, 2, 5"
    column = rf"{PLAIN}(?:\s*,\s*{PLAIN})+"
    co_rated = re.findall(
        rf"\bboth\s+(\w+)\s+and\s+(\w+)\b[^.?;]*?\b\1\s*[:=]\s*\(?({column})\)?\s*,?\s*(?:and\s+)?\2\s*[:=]\s*\(?({column})",
        question,
        re.I,
    )
    if co_rated and not vectors:
        pair_vectors = {}
        for a, b, va, vb in co_rated:
            x, y = [to_float(v) for v in re.findall(PLAIN, va)], [to_float(v) for v in re.findall(PLAIN, vb)]
            if len(x) != len(y):
                return None
            pair_vectors[(a, b)] = (x, y)
        targets = {a for a, b in pair_vectors if b in own} | {b for a, b in pair_vectors if a in own}
        if len(targets) != 1:
            return None
        target = targets.pop()
        for n in own:
            found = [(x, y) for (a, b), (x, y) in pair_vectors.items() if a == target and b == n]
            found += [(y, x) for (a, b), (x, y) in pair_vectors.items() if b == target and a == n]
            if len(found) != 1:
                return None
            x, y = found[0]
            dot = sum(u * v for u, v in zip(x, y, strict=True))
            nx, ny = math.sqrt(sum(u * u for u in x)), math.sqrt(sum(v * v for v in y))
            if not nx or not ny:
                return None
            sims[(target, n)] = dot / (nx * ny)
            steps.append(
                f"sim({target}, {n}) over the {len(x)} users who rated both: {fmt(dot)} / ({fmt(nx)} × {fmt(ny)}) = "
                f"{fmt(dot / (nx * ny))}"
            )
    elif vectors:
        targets = [n for n in vectors if n not in own]
        if len(targets) != 1 or any(n not in vectors for n in own):
            return None
        target = targets[0]
        if len({len(v) for v in vectors.values()}) != 1:
            return None
        for n in own:
            a, b = vectors[target], vectors[n]
            dot = sum(x * y for x, y in zip(a, b, strict=True))
            na, nb = math.sqrt(sum(x * x for x in a)), math.sqrt(sum(y * y for y in b))
            if not na or not nb:
                return None
            sims[(target, n)] = dot / (na * nb)
            steps.append(f"sim({target}, {n}) = {fmt(dot)} / ({fmt(na)} × {fmt(nb)}) = {fmt(dot / (na * nb))}")
    else:
        # "the similarities of those items to the target item i are 0.8, 0.5 and -0.2": in the order rated
        listed = re.search(
            rf"similarit(?:y|ies)\b[^.?;]*?\b(?:are|=|:)\s*({NUM}(?:\s*(?:,\s*and|,|and)\s*{NUM})+)", question, re.I
        )
        named = re.findall(r"target item\s+([a-z]\w{0,3})\b", question, re.I)
        if not sims and listed and len(set(named)) <= 1:
            values = [to_float(v) for v in re.findall(NUM, listed[1])]
            if len(values) != len(own):
                return None
            target = named[0] if named else "the target item"
            sims = {(target, n): v for n, v in zip(own, values, strict=True)}
        targets = {a for a, b in sims if b in own}
        if len(targets) != 1:
            return None
        target = targets.pop()
    if any((target, n) not in sims for n in own):
        return None  # a neighbour without its similarity
    weights = {n: sims[(target, n)] for n in own}
    den = sum(abs(w) for w in weights.values())
    if not den:
        return None
    num = sum(weights[n] * own[n] for n in own)
    shown = " + ".join(f"{factor(weights[n])} × {fmt(own[n])}" for n in own)
    steps.append(
        f"prediction for {target} = ({shown}) / ({' + '.join(fmt(abs(w)) for w in weights.values())}) = "
        f"{fmt(num)} / {fmt(den)} = {fmt(num / den)}"
    )
    negative = any(w < 0 for w in weights.values())
    signed = sum(weights.values())
    if negative and signed and re.search(r"\bsigned\b|without (?:the )?absolute|no absolute", question, re.I):
        steps.append(
            f"with the signed similarities in the denominator instead: {fmt(num)} / "
            f"({' + '.join(factor(w) for w in weights.values())}) = {fmt(num)} / {fmt(signed)} = {fmt(num / signed)}, "
            "which the negative similarity inflates: the denominator takes absolute values"
        )
    note = (
        "A negative similarity subtracts its item's rating in the numerator while its size still counts in the "
        "denominator (absolute values), so with ratings on a positive scale it lowers the prediction."
        if negative
        else "The prediction is pulled toward the rating of the more similar item."
    )
    return Worked("item_cf", "s5-recommender-systems", r"similarity-weighted average", tuple(steps), note)


# --- ranking metrics of one recommendation list, and implicit-feedback confidence (s5-recommender-systems) --

_ITEMS = r"[A-Z]\w{0,2}(?:\s*,\s*(?:and\s+)?[A-Z]\w{0,2}|\s+and\s+[A-Z]\w{0,2})+"


def ranking(question: str) -> Worked | None:
    """precision@k = relevant in the top k / k and recall@k = relevant in the top k / all relevant, for a
    ranked list and the items the user really interacted with; and c = 1 + α r for implicit counts."""
    steps: list[str] = []
    ks = sorted({int(k) for k in re.findall(r"(?:precision|recall|hit(?:\s*rate)?)\s*@\s*(\d+)", question, re.I)})
    head = r"(?i:top[- ]?\d+|ranked|recommend\w*)(?i:\s+list)?(?:\s+[a-z]\w*){0,4}?\s*(?i:is|are|=|:)\s*"
    listed = re.search(rf"{head}({_ITEMS})", question)
    relevant = re.search(
        rf"(?i:interacted with|clicked|bought|watched|relevant items?(?:\s+are)?|liked)\s*:?\s*({_ITEMS})", question
    )
    if ks and listed and relevant:
        ranked = re.findall(r"[A-Z]\w{0,2}", listed[1])
        truth = re.findall(r"[A-Z]\w{0,2}", relevant[1])
        if len(set(ranked)) != len(ranked) or any(k > len(ranked) for k in ks):
            return None
        for k in ks:
            hits = [i for i in ranked[:k] if i in truth]
            shown = ", ".join(hits) if hits else "none"
            steps.append(
                f"top {k} = {', '.join(ranked[:k])}: relevant among them {shown} ({len(hits)}); precision@{k} = "
                f"{len(hits)} / {k} = {fmt(len(hits) / k)}, recall@{k} = {len(hits)} / {len(truth)} = "
                f"{fmt(len(hits) / len(truth))}"
            )
    alpha = labelled(question, r"alpha|α")
    counts = re.search(
        rf"(?:with|of|for)\s+({NUM}(?:\s*,\s*{NUM})*\s*(?:,\s*)?(?:and|or)\s+{NUM})\s+(?:plays|clicks|views|purchases|interactions|listens)",
        question,
        re.I,
    )
    if alpha is not None and counts and re.search(r"confidence|implicit", question, re.I):
        for r in [to_float(v) for v in re.findall(NUM, counts[1])]:
            steps.append(
                f"{fmt(r)} interactions: confidence c = 1 + {fmt(alpha)} × {fmt(r)} = {fmt(1 + alpha * r)}, "
                f"preference p = {1 if r > 0 else 0}"
            )
    if not steps:
        return None
    note = (
        "An item with no interactions still enters the loss with preference 0 and the lowest confidence (1): "
        "unobserved is treated as weak evidence of dislike, not as missing."
        if alpha is not None and counts
        else ""
    )
    return Worked("ranking", "s5-recommender-systems", r"precision@k", tuple(steps), note)


# --- average precision of one class's ranked detections (s5-computer-vision) ----------------------

_MARKED = re.compile(rf"(?:({PLAIN})\s*(?:[:=→-]\s*|\(\s*)?)?\b(TP|FP)\b\)?", re.I)
_TRUTH = re.compile(
    rf"(?:({NUM}|{'|'.join(WORDS)})\s+(?:ground[- ]truth|gt|true|actual|real|labell?ed)\b)"
    rf"|(?:ground[- ]truth\s+(?:objects?|boxes|instances)?\s*(?:=|:|is|are|of)\s*({NUM}))",
    re.I,
)


def average_precision(question: str) -> Worked | None:
    """A class's detections marked TP or FP, in score order (sorted when scores are given), and its
    number of ground-truth objects: precision and recall after each detection, and AP as the area
    under that precision-recall curve (each true positive adds its precision times the 1/G of recall it
    gains; a ground truth never found adds nothing); with another class's AP given, their mean, mAP."""
    if not re.search(r"\bm?AP\b|average precision", question):
        return None
    marked = [(m[1], m[2].upper()) for m in _MARKED.finditer(question)]
    if sum(1 for score, _ in marked if score) >= 2:  # the scored list; "a TP with IoU 0.7" is no detection of it
        marked = [(score, mark) for score, mark in marked if score]
    truth = {m[1] or m[2] for m in _TRUTH.finditer(question)}
    if len(marked) < 2 or len(truth) != 1:
        return None
    total = WORDS.get(next(iter(truth)).lower()) or to_float(next(iter(truth)))
    found = sum(1 for _, mark in marked if mark == "TP")
    if total != int(total) or not 0 < found <= total:
        return None
    scores = [s for s, _ in marked]
    if all(scores):
        if len({float(s) for s in scores}) != len(scores):
            return None  # ties: the order between them is not told
        marked = sorted(marked, key=lambda sm: -float(sm[0]))
    steps, tp, ap = [], 0, 0.0
    for n, (score, mark) in enumerate(marked, 1):
        tp += mark == "TP"
        precision, recall = tp / n, tp / total
        if mark == "TP":
            ap += precision / total
        at = f" (score {score})" if score else ""
        steps.append(
            f"after detection {n}{at}, {mark}: precision {tp}/{n} = {fmt(precision)}, "
            f"recall {tp}/{fmt(total)} = {fmt(recall)}"
        )
    hits = [tp_ / n for n, tp_ in enumerate(_running(marked), 1) if marked[n - 1][1] == "TP"]
    terms = " + ".join(f"{fmt(p)}" for p in hits)
    steps.append(f"AP = (1/{fmt(total)}) × ({terms}) = {fmt(ap)}")
    missed = int(total) - found
    # the interpolated curve (precision at recall r = the best precision at recall r or more), as VOC computes it
    best = [max(tp_ / n for n, tp_ in enumerate(_running(marked), 1) if n >= k) for k in _tp_ranks(marked)]
    interpolated = sum(best) / total
    if abs(interpolated - ap) > 5e-5:
        steps.append(f"with interpolated precision (the best at that recall or higher): AP = {fmt(interpolated)}")
    other = re.findall(rf"\bAP\s*(?:of|=|:|is)?\s*({NUM})", question)
    if re.search(r"\bmAP\b", question) and len(other) == 1:
        value = to_float(other[0])
        if 0 <= value <= 1:
            steps.append(f"mAP = mean over the 2 classes = ({fmt(ap)} + {fmt(value)}) / 2 = {fmt((ap + value) / 2)}")
    overlap = re.findall(r"\bIoU\s+(?:of\s+|=\s*)?(0?\.\d+)", question)
    if re.search(r"\bCOCO\b", question) and len(set(overlap)) == 1:
        value = float(overlap[0])
        kept = [t / 100 for t in range(50, 100, 5) if value >= t / 100 - 1e-9]
        shown = ", ".join(f"{t:.2f}" for t in kept) if kept else "none"
        steps.append(
            f"COCO's 10 IoU thresholds 0.50, 0.55, ..., 0.95: a match with IoU {fmt(value)} counts at {shown} "
            f"({len(kept)} of 10) and is a false positive at the rest"
        )
    note = (
        f"{missed} of the {fmt(total)} ground-truth objects {'was' if missed == 1 else 'were'} never detected, "
        "so recall never reaches 1 and AP counts nothing for them."
        if missed
        else ""
    )
    return Worked("average_precision", "s5-computer-vision", r"Average precision \(AP\)", tuple(steps), note)


def _running(marked: list[tuple[str, str]]) -> list[int]:
    out, tp = [], 0
    for _, mark in marked:
        tp += mark == "TP"
        out.append(tp)
    return out


def _tp_ranks(marked: list[tuple[str, str]]) -> list[int]:
    return [n for n, (_, mark) in enumerate(marked, 1) if mark == "TP"]


# --- runs of a sweep and its wall-clock time (s4-experiment-tracking) -----------------------------

_VALUES = re.compile(
    rf"\b(?:with\s+)?({NUM}|{'|'.join(WORDS)})\s+(?:values|settings|options|choices|candidates)\b", re.I
)
_EITHER = re.compile(r"\b[A-Z][\w-]*\s+or\s+[A-Z][\w-]*\b")


def sweep(question: str) -> Worked | None:
    """A sweep's runs: the product of the values per hyperparameter (a choice "Adam or SGD" is 2), times
    the seeds per configuration; with minutes per run and GPUs in parallel, its wall-clock time."""
    if not re.search(r"\b(?:sweep|grid|runs?)\b", question, re.I) or not re.search(r"\bseeds?\b", question, re.I):
        return None
    counts = [WORDS.get(v.lower()) or int(to_float(v)) for v in _VALUES.findall(question)]
    counts += [2 for _ in _EITHER.findall(question)]
    seeds = re.findall(rf"({NUM}|{'|'.join(WORDS)})\s+(?:random\s+)?seeds", question, re.I)
    if len(counts) < 2 or len(set(seeds)) != 1:
        return None
    s = WORDS.get(seeds[0].lower()) or int(to_float(seeds[0]))
    configs = math.prod(counts)
    runs = configs * s
    steps = [
        f"configurations: {' × '.join(str(c) for c in counts)} = {configs}",
        f"runs: {configs} configurations × {s} seeds = {runs}",
    ]
    minutes = re.findall(rf"({NUM})\s*(?:minutes|min)\b", question, re.I)
    gpus = re.findall(rf"({NUM}|{'|'.join(WORDS)})\s+GPUs", question, re.I)
    if len(set(minutes)) == 1:
        m = to_float(minutes[0])
        total = runs * m
        steps.append(f"compute: {runs} runs × {fmt(m)} min = {fmt(total)} GPU-minutes")
        if len(set(gpus)) == 1:
            g = WORDS.get(gpus[0].lower()) or int(to_float(gpus[0]))
            rounds = math.ceil(runs / g)
            steps.append(
                f"on {g} GPUs in parallel: {runs} / {g} → {rounds} rounds × {fmt(m)} min = {fmt(rounds * m)} min "
                f"({fmt(rounds * m / 60)} h)"
            )
    return Worked("sweep", "s4-experiment-tracking", r"the number of runs is the product", tuple(steps))


# --- a forecast's MAE against the seasonal naive baseline (s3-classical-forecasting) --------------


def seasonal_naive(question: str) -> Worked | None:
    """MAE of the learner's forecasts and of the seasonal naive forecast (the same period one season
    earlier) over the same held-out actuals."""
    if not re.search(r"seasonal naive|naive", question, re.I) or not re.search(r"\bMAE\b|mean absolute", question):
        return None
    spans = prose_lists_labelled(question)
    actual = spans.get("actual")
    forecast = spans.get("forecast")
    earlier = spans.get("earlier")
    if not actual or not forecast or not earlier or not len(actual) == len(forecast) == len(earlier):
        return None
    n = len(actual)
    steps = []
    for name, pred in (("your forecasts", forecast), ("seasonal naive (one season earlier)", earlier)):
        errors = [abs(a - p) for a, p in zip(actual, pred, strict=True)]
        steps.append(
            f"{name}: |errors| {', '.join(fmt(e) for e in errors)}; "
            f"MAE = {fmt(sum(errors))} / {n} = {fmt(sum(errors) / n)}"
        )
    return Worked("seasonal_naive", "s3-classical-forecasting", r"seasonal naive baseline", tuple(steps))


def prose_lists_labelled(question: str) -> dict[str, list[float]]:
    """The number lists of a forecasting story, by what precedes them: actuals, the forecasts, and the same
    period a season earlier ("The same months of 2023 were ...")."""
    out: dict[str, list[float]] = {}
    for sentence in re.split(r"(?<=[.?!])\s+", question):
        text = re.sub(r"\b(?:of|in|for|from)\s+(?:19|20)\d\d\b", " ", sentence.split(":")[-1])  # "months of 2023"
        nums = re.findall(rf"(?<![\w-])({NUM})(?![\w-])", text)
        values = [to_float(v) for v in nums if len(nums) >= 3]
        if len(values) < 3:
            continue
        if re.search(r"\bactuals?\b|\bactual values\b|observed", sentence, re.I):
            out.setdefault("actual", values)
        elif re.search(
            r"same (?:months|weeks|days|period|quarters?)|last year|a year (?:ago|earlier)|previous (?:year|season)",
            sentence,
            re.I,
        ):
            out.setdefault("earlier", values)
        elif re.search(r"forecasts?|predictions?|predicted", sentence, re.I):
            out.setdefault("forecast", values)
    return out


# --- a YOLO label line in pixels, and after a horizontal flip (s5-computer-vision) -------------------

_LABEL_LINE = re.compile(
    rf"(?:label|line)[^.?]{{0,40}}?(?:class\s*)?(\d+)\s*,?\s+({PLAIN})\s+({PLAIN})\s+({PLAIN})\s+({PLAIN})"
)


def yolo_label(question: str) -> Worked | None:
    """A normalized centre-format YOLO label (class, x_c, y_c, w, h) in pixel corners for a W x H image;
    with a horizontal flip, the flipped box (x_c -> 1 - x_c) and the IoU of the unchanged label with it."""
    if not re.search(r"yolo", question, re.I):
        return None
    line = _LABEL_LINE.search(question)
    size = re.search(r"(\d+)\s*[x×]\s*(\d+)", question)
    if not line or not size:
        return None
    xc, yc, w, h = (float(line[i]) for i in range(2, 6))
    width, height = int(size[1]), int(size[2])
    if not all(0 < v <= 1 for v in (xc, yc, w, h)):
        return None
    cx, cy, bw, bh = xc * width, yc * height, w * width, h * height
    x1, y1, x2, y2 = cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2
    steps = [
        f"pixels: x_c = {fmt(xc)} × {width} = {fmt(cx)}, y_c = {fmt(yc)} × {height} = {fmt(cy)}, w = {fmt(w)} × "
        f"{width} = {fmt(bw)}, h = {fmt(h)} × {height} = {fmt(bh)}",
        f"corners (x1, y1, x2, y2) = ({fmt(x1)}, {fmt(y1)}, {fmt(x2)}, {fmt(y2)})",
    ]
    if re.search(r"horizontal\w*\s+flip|flip\w*\s+(?:\w+\s+)?horizontal", question, re.I):
        f1, f2 = width - x2, width - x1
        steps.append(
            f"after a horizontal flip x → {width} - x: ({fmt(f1)}, {fmt(y1)}, {fmt(f2)}, {fmt(y2)}); label x_c = 1 - "
            f"{fmt(xc)} = {fmt(1 - xc)}, the rest unchanged"
        )
        inter = max(0.0, min(x2, f2) - max(x1, f1)) * (y2 - y1)
        union = 2 * (x2 - x1) * (y2 - y1) - inter
        steps.append(
            f"IoU of the unchanged label with the flipped object = {fmt(inter)} / {fmt(union)} = {fmt(inter / union)}"
        )
    return Worked("yolo_label", "s5-computer-vision", r"YOLO label files use centre format", tuple(steps))


# --- Airflow catch-up runs (s4-pipeline-automation) -----------------------------------------------

# @weekly is left out: its intervals start on Sundays, not at start_date
_PRESET = {"@hourly": 1 / 24, "@daily": 1}
_DATE = r"(\d{4})-(\d{2})-(\d{2})"


def catchup_runs(question: str) -> Worked | None:
    """A schedule preset, a start_date in the past, catchup on, and when the DAG is first unpaused: one
    run per interval that has fully ended by then, each with the logical date of its interval's start."""
    preset = re.findall(r"@(?:hourly|daily|weekly)\b", question, re.I)
    start = re.search(rf"start_date\D{{0,20}}{_DATE}", question, re.I)
    when = re.search(
        rf"(?:unpaus|turn(?:ing)? (?:it )?on|enabl|deploy)\w*\D{{0,40}}?{_DATE}(?:\D{{1,8}}(\d{{1,2}}):(\d{{2}}))?",
        question,
        re.I,
    )
    if len({p.lower() for p in preset}) != 1 or preset[0].lower() not in _PRESET or not start or not when:
        return None
    if not re.search(r"catch_?up\s*=\s*True|catch[- ]?up (?:is )?(?:on|enabled)", question, re.I):
        return None
    every = dt.timedelta(days=_PRESET[preset[0].lower()])
    first = dt.datetime(int(start[1]), int(start[2]), int(start[3]))
    now = dt.datetime(int(when[1]), int(when[2]), int(when[3]), int(when[4] or 0), int(when[5] or 0))
    if now <= first:
        return None
    runs = int((now - first) / every)
    if runs < 1:
        return None
    last = first + (runs - 1) * every
    fmt_d = "%Y-%m-%d %H:%M" if every < dt.timedelta(days=1) else "%Y-%m-%d"
    steps = (
        f"{preset[0].lower()}: one interval {'a day' if every.days else 'an hour'}, starting at start_date "
        f"{first:{fmt_d}}",
        f"a run starts once its interval has ended; by {now:%Y-%m-%d %H:%M}, {runs} intervals have ended",
        f"catchup=True schedules all {runs}: logical dates {first:{fmt_d}} to {last:{fmt_d}} (the interval "
        f"{last:{fmt_d}} ends at {last + every:{fmt_d}}, which has passed)",
    )
    note = (
        "Each run's logical date names the period it is responsible for, not the time it happens to run: the "
        "extract task should select that period's data by the logical date (e.g. `{{ ds }}`), never by now(), so "
        "that catch-up runs and retries are idempotent."
    )
    return Worked("catchup_runs", "s4-pipeline-automation", r"\*\*Backfill / catchup\*\*", steps, note)


# --- a box through a resize: stretched or letterboxed (s5-computer-vision) -------------------------

_SIZE = re.compile(r"\b(\d{2,5})\s*[x×]\s*(\d{2,5})\b")


def _plus(pad: float) -> str:
    return f" + {fmt(pad, 2)}" if pad else ""


def _undo(axis: str, pad: float, scale: float) -> str:
    return f"({axis}' - {fmt(pad, 2)}) / {fmt(scale, 4)}" if pad else f"{axis}' / {fmt(scale, 4)}"


def resize_box(question: str) -> Worked | None:
    """An image resized for a detector ("takes 640x640 input", "original image is 1280x720") with a corner
    box (x1, y1, x2, y2): the box after a stretch (each axis scaled on its own) and after a letterbox
    (one scale, min of the two, and equal padding), with each box's width-to-height ratio and the
    mapping back to the original."""
    if not re.search(r"resiz|letterbox|rescal", question, re.I):
        return None
    sizes, seen = [], set()
    for m in _SIZE.finditer(question):  # each size once, where first written
        if (size := (int(m[1]), int(m[2]))) not in seen:
            seen.add(size)
            sizes.append((*size, m.start()))
    box = _BOX.search(question)
    if len(sizes) != 2 or not box:
        return None
    # the original is the size written just after "original image is"; else the one not called the input
    original = re.search(r"(?:original|source|raw|camera)\b[^.?\d]{0,30}$", question[: sizes[1][2]], re.I)
    model_input = re.search(r"(?:takes|input|expects|model(?:'s)? size)[^.?\d]{0,20}$", question[: sizes[0][2]], re.I)
    if original and original.start() > sizes[0][2] or model_input:
        (tw, th, _), (w, h, _) = sizes
    else:
        (w, h, _), (tw, th, _) = sizes
    x1, y1, x2, y2 = (to_float(box[i]) for i in range(1, 5))
    if not (0 <= x1 < x2 <= w and 0 <= y1 < y2 <= h) or (w, h) == (tw, th):
        return None
    sx, sy = tw / w, th / h
    sb = (x1 * sx, y1 * sy, x2 * sx, y2 * sy)

    def ratio(b):
        return (b[2] - b[0]) / (b[3] - b[1])

    steps = [
        f"the box is {fmt(x2 - x1)} × {fmt(y2 - y1)} pixels, width / height = {fmt(ratio((x1, y1, x2, y2)), 3)}",
        f"stretch to {tw}x{th}: x scales by {tw} / {w} = {fmt(sx, 4)} and y by {th} / {h} = {fmt(sy, 4)}, so the box "
        f"becomes ({', '.join(fmt(v, 2) for v in sb)}), {fmt(sb[2] - sb[0], 2)} × {fmt(sb[3] - sb[1], 2)}, "
        f"width / height = {fmt(ratio(sb), 3)}",
    ]
    s = min(sx, sy)
    nw, nh = w * s, h * s
    px, py = (tw - nw) / 2, (th - nh) / 2
    lb = (x1 * s + px, y1 * s + py, x2 * s + px, y2 * s + py)
    pad = (
        f"{fmt(py, 2)} pixels at the top and at the bottom"
        if py
        else f"{fmt(px, 2)} pixels at the left and at the right"
        if px
        else "no padding"
    )
    steps += [
        f"letterbox: one scale s = min({tw} / {w}, {th} / {h}) = {fmt(s, 4)}, giving {fmt(nw, 2)} × {fmt(nh, 2)}, "
        f"padded with {pad}",
        f"x' = {fmt(s, 4)} x{_plus(px)} and y' = {fmt(s, 4)} y{_plus(py)}, so the box becomes "
        f"({', '.join(fmt(v, 2) for v in lb)}), width / height = {fmt(ratio(lb), 3)}, the original shape",
        f"back to the original: x = {_undo('x', px, s)} and y = {_undo('y', py, s)}",
    ]
    note = (
        "Stretching scales the two axes differently, so it distorts every object's shape"
        + (" (here the width-to-height ratio changes)" if abs(sx - sy) > 1e-9 else "")
        + "; letterboxing keeps the shape at the cost of padded pixels. Use the same resize in training and "
        "inference and transform the boxes with the image."
    )
    return Worked("resize_box", "s5-computer-vision", r"\*\*Bounding box\*\*", tuple(steps), note)


# --- Kubernetes probe timings: liveness, readiness and startup (c-health-checks) ------------------------------

_PROBE_KIND = r"liveness|readiness|startup"
# "a liveness probe", "startupProbe", "the liveness and readiness probes"
_PROBE_MENTION = re.compile(
    rf"\b((?:{_PROBE_KIND})(?:\s*(?:,|/|&|and|or)\s*(?:{_PROBE_KIND}))*)\s*-?\s*(?:probes?|checks?)\b", re.I
)
_ASKED_THRESHOLD = re.compile(
    r"\b(?:what|which|how\s+(?:big|large|high|many))\s+(?:a\s+|the\s+)?failure\s*threshold"
    r"|\bfailure\s*threshold\s*(?:would|should|do|does|must|is\s+needed|to\s+(?:use|set)|\?)",
    re.I,
)
# Kubernetes' defaults of initialDelaySeconds, periodSeconds and failureThreshold
_PROBE_DEFAULTS = {"delay": 0.0, "period": 10.0, "threshold": 3.0}
_TIME_UNIT = r"(s|secs?|seconds?|m|mins?|minutes?)\b"
_PROBE_SETTINGS = {
    "delay": re.compile(
        rf"\binitialDelaySeconds\s*[:=]?\s*({NUM})()|\binitial[- ]delay\s*(?:of|=|:|is)?\s*({NUM})(?:\s*{_TIME_UNIT})?",
        re.I,
    ),
    "period": re.compile(
        rf"\bperiodSeconds\s*[:=]?\s*({NUM})()|\bperiod\s*(?:of|=|:|is)?\s*({NUM})(?:\s*{_TIME_UNIT})?"
        rf"|\bevery\s+({NUM})\s*{_TIME_UNIT}",
        re.I,
    ),
    "threshold": re.compile(
        r"\bfailureThreshold\s*[:=]?\s*(\d+)()|\bfailure[- ]threshold\s*(?:of|=|:|is)?\s*(\d+)()"
        r"|\b(\d+)()\s+(?:(?:consecutive|straight|failed)\s+)*(?:failures|failed\s+(?:probes|checks|attempts))",
        re.I,
    ),
}
# the model's load time: "takes about 150 s to load", "loading takes 2.5 minutes", "a 3-minute model load"
_LOAD_TIME = re.compile(
    rf"({NUM})\s*{_TIME_UNIT}\s+to\s+(?:fully\s+)?(?:load|start|warm|boot|initiali[sz]e|come up|be(?:come)? ready)"
    r"|\b(?:load(?:s|ing|ed)?(?!\s*[- ]?balanc)|load[- ]time|start[- ]?up\s+time|warm[- ]?up|boot(?:s|ing)?)\b"
    r"(?:(?!probe|period|every|delay|threshold|timeout|failure|interval)[^.?!;\d]){0,40}?"
    rf"(?<![\w.])({NUM})\s*{_TIME_UNIT}"
    rf"|(?<![\w.])({NUM})[- ]?{_TIME_UNIT}\s+(?:model\s+)?(?:load|start-?up|warm-?up|boot)",
    re.I,
)


def _seconds(groups: tuple[str | None, ...]) -> list[float]:
    """The (number, unit) pairs of a match's groups, in seconds (a unit starting with m is minutes)."""
    out = []
    for value, unit in zip(groups[::2], groups[1::2], strict=True):
        if value is not None:
            out.append(to_float(value) * (60 if unit and unit.lower().startswith("m") else 1))
    return out


def _probe_spans(question: str) -> tuple[dict[str, str], dict[str, str]]:
    """Each probe kind's words: from its mention to the next probe's, plus the start of its sentence when no other
    probe is named earlier in that sentence ("with periodSeconds 5, the readiness probe ..."); and the words of the
    sentences that name it (where "what failureThreshold would it need?" asks about this probe)."""
    mentions = list(_PROBE_MENTION.finditer(question))
    spans: dict[str, str] = {}
    own: dict[str, str] = {}
    sentence_end = r"(?<!\d)[.?!;](?!\d)|\n"
    for i, m in enumerate(mentions):
        end = mentions[i + 1].start() if i + 1 < len(mentions) else len(question)
        before = question[mentions[i - 1].end() if i else 0 : m.start()]
        breaks = list(re.finditer(sentence_end, before))
        back = before[breaks[-1].end() :] if breaks else ("" if i else before)
        after = question[m.end() : end]
        stop = re.search(sentence_end, after)
        for kind in re.findall(_PROBE_KIND, m[1], re.I):
            spans[kind.lower()] = spans.get(kind.lower(), "") + f" {back} | {after}"
            own[kind.lower()] = own.get(kind.lower(), "") + f" {back} | {after[: stop.start() if stop else None]}"
    return spans, own


def _probe_settings(span: str) -> dict[str, float] | None:
    """initialDelaySeconds, periodSeconds and failureThreshold written in a probe's words (seconds); None when
    one of them is given two different values or as alternatives ("periodSeconds 10 or 20")."""
    found = {}
    for name, pattern in _PROBE_SETTINGS.items():
        values = set()
        for m in pattern.finditer(span):
            if re.match(rf"\s*(?:or|to|-|/)\s*{NUM}", span[m.end() :]):
                return None
            values.update(_seconds(m.groups()))
        if len(values) > 1:
            return None
        if values:
            found[name] = values.pop()
    return found


def _probe_rule(name: str, delay: float, threshold: float, period: float) -> str:
    return (
        f"{name}: about initialDelaySeconds + failureThreshold × periodSeconds = {fmt(delay)} + {fmt(threshold)} × "
        f"{fmt(period)} = {fmt(delay + threshold * period)} s of failed probes"
    )


def _liveness(delay: float, period: float, threshold: float, load: float | None, startup: bool) -> tuple[str, str]:
    """The liveness probe's step and note: a restart loop when it gives up before the model has loaded."""
    hung = threshold * period
    if load is None:
        return (
            f"liveness probe: a container that stops answering is killed and restarted after about failureThreshold × "
            f"periodSeconds = {fmt(threshold)} × {fmt(period)} = {fmt(hung)} s of failed probes"
            + (f" (at start, not before initialDelaySeconds = {fmt(delay)} s)" if delay else ""),
            "",
        )
    window = delay + hung
    rule = (
        _probe_rule("liveness probe", delay, threshold, period) + " before the kubelet kills and restarts the container"
    )
    if startup:
        return (
            f"{rule}; with the startup probe it only begins once the startup probe has succeeded, so it no longer "
            f"races the {fmt(load)} s load and restarts a container that hangs later after about {fmt(hung)} s",
            "",
        )
    if window < load:
        return (
            f"{rule}; the model needs {fmt(load)} s to load and {fmt(window)} s < {fmt(load)} s, so without a startup "
            "probe the container is killed before it is ever ready and starts loading again from scratch: a restart "
            "loop (the Pod shows CrashLoopBackOff)",
            f"The liveness probe gives up after about {fmt(window)} s, before the {fmt(load)} s load ends, so the "
            "container never becomes ready; a startup probe that outlasts the load holds liveness back until the model "
            "is up.",
        )
    return (
        f"{rule}; the model needs {fmt(load)} s to load and {fmt(window)} s ≥ {fmt(load)} s, so it loads before the "
        f"probe gives up, with {fmt(window - load)} s to spare",
        "",
    )


def _startup(delay: float, period: float, threshold: float | None, load: float | None) -> tuple[list[str], str]:
    """The startup probe's steps and note: its budget against the load, or the failureThreshold the load needs."""
    if threshold:
        budget = delay + threshold * period
        rule = _probe_rule("startup probe", delay, threshold, period) + (
            " allowed for starting; liveness and readiness probes begin only after it succeeds"
        )
        if load is None:
            return [rule], ""
        if budget >= load:
            return [f"{rule}; {fmt(budget)} s ≥ the {fmt(load)} s load, with {fmt(budget - load)} s to spare"], ""
        need = math.ceil((load - delay) / period - 1e-9)
        left = f"({fmt(load)} - {fmt(delay)})" if delay else fmt(load)
        return (
            [
                f"{rule}; {fmt(budget)} s < the {fmt(load)} s load, so the container is restarted before it is ready, "
                f"over and over; it needs failureThreshold ≥ {left} / {fmt(period)} = {fmt((load - delay) / period)}, "
                f"so at least {need}"
            ],
            f"The startup probe allows only about {fmt(budget)} s, less than the {fmt(load)} s load, so the Pod "
            "never gets past starting.",
        )
    if load is None or load <= delay:
        return [], ""
    exact = (load - delay) / period
    need = math.ceil(exact - 1e-9)
    room = math.ceil((2 * load - delay) / period - 1e-9)  # about twice the load in all
    left = f"({fmt(load)} - {fmt(delay)})" if delay else fmt(load)
    start = f"{fmt(delay)} + " if delay else ""
    rounded = (
        f"{need}, i.e. {start}{need} × {fmt(period)} = {fmt(delay + need * period)} s, exactly the load with no slack"
        if need == exact
        else f"{fmt(exact)}, rounded up to {need}, i.e. {start}{need} × {fmt(period)} = {fmt(delay + need * period)} "
        f"s, only {fmt(delay + need * period - load)} s more than the load"
    )
    return (
        [
            f"startup probe with periodSeconds {fmt(period)}: it must tolerate the {fmt(load)} s load, "
            f"{start}failureThreshold × {fmt(period)} ≥ {fmt(load)}, so failureThreshold ≥ {left} / {fmt(period)} = "
            f"{rounded}",
            f"with headroom for slower loads (about twice the load): failureThreshold {room}, i.e. "
            f"{start}{room} × {fmt(period)} = {fmt(delay + room * period)} s; the probe succeeds as soon as the model "
            "is loaded, so a generous threshold does not slow a normal start, it only delays catching a start-up "
            "that truly hangs",
        ],
        f"A startup probe with periodSeconds {fmt(period)} needs failureThreshold {need} or more (say {room}) to "
        f"outlast the {fmt(load)} s load, and liveness and readiness probes wait until it succeeds.",
    )


def _readiness(period: float, threshold: float, load: float | None) -> tuple[str, str]:
    gone = threshold * period
    return (
        f"readiness probe: once the Pod stops answering, about failureThreshold × periodSeconds = {fmt(threshold)} × "
        f"{fmt(period)} = {fmt(gone)} s until it is marked not ready and removed from the Service's endpoints, so it "
        "gets no new traffic; it is not restarted, and it rejoins as soon as a probe passes again (successThreshold, "
        "default 1)"
        + (
            "; while the model loads it gets no traffic at all, since a Pod is not ready until its first readiness "
            "probe passes"
            if load is not None
            else ""
        ),
        f"A failing readiness probe takes the Pod out of the Service after about {fmt(gone)} s without restarting it; "
        "only liveness and startup probe failures restart a container.",
    )


def probe_timing(question: str) -> Worked | None:
    """Kubernetes liveness, readiness and startup probes: a probe acts after about initialDelaySeconds +
    failureThreshold × periodSeconds of consecutive failures. Against the model's load time: whether a liveness
    probe kills the container before it is ready (a restart loop), the failureThreshold a startup probe needs to
    cover the load; and how soon a failing readiness probe takes the Pod out of the Service."""
    spans, own = _probe_spans(question)
    if not spans:
        return None
    load_matches = list(_LOAD_TIME.finditer(question))
    loads = {s for m in load_matches for s in _seconds(m.groups())}
    if len(loads) > 1:
        return None  # which load time is meant is not clear
    load = loads.pop() if loads else None
    if load is not None:  # another duration nobody set as a probe field: "2 minutes to load, or 150 s on a slow node"
        used = [(m.start(), m.end()) for m in load_matches]
        used += [(m.start(), m.end()) for p in _PROBE_SETTINGS.values() for m in p.finditer(question)]
        for m in re.finditer(rf"(?<![\w.])({NUM})\s*{_TIME_UNIT}", question, re.I):
            if not any(a <= m.start() < b for a, b in used):
                return None
    settings = {}
    for kind, span in spans.items():
        given = _probe_settings(span)
        if given is None:
            return None
        settings[kind] = given
    defaults_used = False

    def value(kind: str, name: str) -> float | None:
        nonlocal defaults_used
        if name in settings[kind]:
            return settings[kind][name]
        if name == "threshold" and _ASKED_THRESHOLD.search(own[kind]):
            return None  # the failureThreshold is what the learner asks for
        if name == "delay" or re.search(r"\bdefaults?\b", spans[kind], re.I):
            defaults_used = defaults_used or name != "delay"
            return _PROBE_DEFAULTS[name]
        return None

    probes = {kind: (value(kind, "delay"), value(kind, "period"), value(kind, "threshold")) for kind in spans}
    startup_set = "startup" in probes and None not in probes["startup"]
    steps: list[str] = []
    notes: list[str] = []
    for kind, (delay, period, threshold) in probes.items():
        if not period or period <= 0 or delay is None:
            continue
        if kind == "liveness" and threshold:
            step, note = _liveness(delay, period, threshold, load, startup_set)
            steps.append(step)
        elif kind == "startup":
            more, note = _startup(delay, period, threshold, load)
            steps += more
        elif kind == "readiness" and threshold:
            step, note = _readiness(period, threshold, load)
            steps.append(step)
        else:
            continue
        notes += [note] if note else []
    if not steps:
        return None
    if defaults_used or re.search(r"\bdefaults?\b", question, re.I):
        steps.insert(
            0,
            "Kubernetes defaults for a field left out: initialDelaySeconds 0, periodSeconds 10, failureThreshold 3 "
            "(and timeoutSeconds 1)",
        )
    cue = r"A probe tolerates failure for roughly failureThreshold times periodSeconds"
    return Worked("probe_timing", "c-health-checks", cue, tuple(steps), notes[0] if notes else "")


# --- row counts of a pandas merge from two DataFrame literals (c-pandas-combining) ---------------------------

_FRAME = re.compile(r"\b([A-Za-z_]\w*)\s*=\s*pd\.DataFrame\(\s*\{")
_COLUMN = re.compile(r"""["'](\w+)["']\s*:\s*(\[[^\[\]]*\])""")
_MISSING_LITERAL = re.compile(r"""np\.nan\b|np\.NaN\b|pd\.NA\b|float\(\s*["']nan["']\s*\)|\bNone\b""")
_HOWS = ("inner", "left", "right", "outer")
_VALIDATE = {
    "one_to_one": (True, True),
    "1:1": (True, True),
    "one_to_many": (True, False),
    "1:m": (True, False),
    "many_to_one": (False, True),
    "m:1": (False, True),
    "many_to_many": (False, False),
    "m:m": (False, False),
}


def _frame_literals(question: str) -> dict[str, dict[str, list | None]] | None:
    """Each `name = pd.DataFrame({...})` of the question as {column: values}, a column None when its list is not a
    plain literal; None when a frame is defined twice or its columns differ in length."""
    import ast

    frames: dict[str, dict[str, list | None]] = {}
    for m in _FRAME.finditer(question):
        depth, end = 1, None
        for i in range(m.end(), len(question)):
            depth += {"{": 1, "}": -1}.get(question[i], 0)
            if depth == 0:
                end = i
                break
        if end is None or m[1] in frames:
            return None
        columns: dict[str, list | None] = {}
        for name, body in _COLUMN.findall(question[m.end() : end]):
            try:
                values = ast.literal_eval(_MISSING_LITERAL.sub("None", body))
            except (ValueError, SyntaxError):
                values = None
            columns[name] = values if isinstance(values, list) else None
        lengths = {len(v) for v in columns.values() if v is not None}
        if not columns or len(lengths) > 1:
            return None
        frames[m[1]] = columns
    return frames


def _key_names(question: str, label: str) -> list[str] | None | bool:
    """The column(s) after `on=` (or left_on=, right_on=): None when absent, False when given two ways."""
    found = set()
    for m in re.finditer(rf"(?<![\w]){label}\s*=\s*(\[[^\]]*\]|[\"']\w+[\"'])", question):
        found.add(tuple(re.findall(r"[\"'](\w+)[\"']", m[1])))
    if len(found) > 1 or () in found:
        return False
    return list(found.pop()) if found else None


def _show_key(key: tuple) -> str:
    shown = [repr(k) if isinstance(k, str) else fmt(k) for k in key]
    return shown[0] if len(shown) == 1 else "(" + ", ".join(shown) + ")"


def _merge_counts(left: list[tuple], right: list[tuple]) -> dict[str, int]:
    from collections import Counter

    a, b = Counter(left), Counter(right)
    inner = sum(a[k] * b[k] for k in a if k in b)
    left_only = sum(n for k, n in a.items() if k not in b)
    right_only = sum(n for k, n in b.items() if k not in a)
    return {
        "inner": inner,
        "left": inner + left_only,
        "right": inner + right_only,
        "outer": inner + left_only + right_only,
    }


def _keys(keys: list[tuple]) -> str:
    return ("key " if len(keys) == 1 else "keys ") + ", ".join(_show_key(k) for k in keys)


def _rows(n: int) -> str:
    return f"{n} row" + ("" if n == 1 else "s")


def _merges(hows: list[str]) -> str:
    return " and ".join(hows) + (" merges" if len(hows) > 1 else " merge")


def _is_int_column(values: list | None) -> bool:
    return bool(values) and all(isinstance(v, int) and not isinstance(v, bool) for v in values)


def merge_rows(question: str) -> Worked | None:
    """pd.merge of two DataFrames written as literals: each key pairs every left row with every right row that
    shares it, so inner = Σ left count × right count over shared keys, left adds the unmatched left rows, right the
    unmatched right rows, outer both; with the `_merge` indicator's counts, whether `validate=` raises a MergeError,
    which int columns become float64 through the NaN of unmatched rows, and the counts after drop_duplicates()."""
    from collections import Counter

    if not re.search(r"\bmerge\b", question, re.I):
        return None
    calls = set(re.findall(r"\bpd\.merge\(\s*(\w+)\s*,\s*(?:right\s*=\s*)?(\w+)", question))
    calls |= {(a, b) for a, b in re.findall(r"\b(\w+)\.merge\(\s*(?:right\s*=\s*)?(\w+)", question) if a != "pd"}
    frames = _frame_literals(question)
    if len(calls) != 1 or not frames:
        return None
    lname, rname = calls.pop()
    if lname not in frames or rname not in frames or lname == rname:
        return None
    lf, rf = frames[lname], frames[rname]
    on, lon, ron = _key_names(question, "on"), _key_names(question, "left_on"), _key_names(question, "right_on")
    if False in (on, lon, ron) or re.search(r"\b(?:left|right)_index\s*=\s*True", question):
        return None
    if on and not lon and not ron:
        lkeys = rkeys = on
    elif lon and ron and not on and len(lon) == len(ron):
        lkeys, rkeys = lon, ron
    elif not (on or lon or ron):
        lkeys = rkeys = [c for c in lf if c in rf]  # pandas' default: the columns both frames share
    else:
        return None
    if not lkeys or any(lf.get(k) is None for k in lkeys) or any(rf.get(k) is None for k in rkeys):
        return None
    left = list(zip(*(lf[k] for k in lkeys), strict=True))
    right = list(zip(*(rf[k] for k in rkeys), strict=True))
    values = [v for row in left + right for v in row]
    if any(v is None or isinstance(v, (bool, list, dict, tuple)) for v in values):
        return None  # missing keys (pandas matches NaN with NaN), or not plain keys
    for i in range(len(lkeys)):  # int ids against string ids raise in pandas: not counted here
        kinds = {isinstance(row[i], str) for row in left + right}
        if len(kinds) > 1:
            return None
    a, b = Counter(left), Counter(right)
    counts = _merge_counts(left, right)
    asked = {h.lower() for h in re.findall(r"[\"'](inner|left|right|outer)[\"']", question, re.I)}
    listed = re.findall(
        r"\b((?:inner|left|right|outer)(?:\s*(?:,|/|and|or|,\s*and)\s*(?:inner|left|right|outer))*)"
        r"[- ](?:merges?|joins?)\b",
        question,
        re.I,
    )
    asked |= {h.lower() for text in listed for h in re.findall(r"inner|left|right|outer", text, re.I)}
    hows = [h for h in _HOWS if h in asked] or list(_HOWS)
    key_name = ", ".join(lkeys) if lkeys == rkeys else f"{', '.join(lkeys)} / {', '.join(rkeys)}"

    def tally(c: Counter) -> str:
        return ", ".join(f"{_show_key(k)} ×{n}" for k, n in c.items())

    shared = [k for k in a if k in b]
    left_only = [k for k in a if k not in b]
    right_only = [k for k in b if k not in a]
    products = [a[k] * b[k] for k in shared]
    pairs = "; ".join(f"key {_show_key(k)}: {a[k]} × {b[k]} = {a[k] * b[k]}" for k in shared)
    total = f"{' + '.join(str(p) for p in products)} = {counts['inner']}" if len(products) > 1 else str(counts["inner"])
    steps = [
        f"key {key_name}: {lname} has {tally(a)}; {rname} has {tally(b)}",
        f"inner: each key pairs every {lname} row with every {rname} row that shares it: {pairs}; {total} rows"
        if shared
        else "inner: no key is in both frames, so 0 rows",
    ]
    n_l, n_r = counts["left"] - counts["inner"], counts["right"] - counts["inner"]
    only_l = f"{_rows(n_l)} of {lname} ({_keys(left_only)})" if left_only else ""
    only_r = f"{_rows(n_r)} of {rname} ({_keys(right_only)})" if right_only else ""
    if "left" in hows:
        extra = f" + {only_l} without a match, NaN in the columns of {rname}" if left_only else ""
        steps.append(f"left: {counts['inner']} matched{extra} = {counts['left']} rows")
    if "right" in hows:
        extra = f" + {only_r} without a match, NaN in the columns of {lname}" if right_only else ""
        steps.append(f"right: {counts['inner']} matched{extra} = {counts['right']} rows")
    if "outer" in hows:
        extra = "".join(f" + {o}" for o in (only_l, only_r) if o)
        steps.append(f"outer: {counts['inner']} matched{extra} = {counts['outer']} rows")
    if re.search(r"indicator|_merge\b", question):
        where_l = [h for h in ("left", "outer") if h in hows]
        where_r = [h for h in ("right", "outer") if h in hows]
        said = [f"'both' on the {counts['inner']} matched rows"]
        if left_only and where_l:
            said.append(f"'left_only' on {only_l} in the {_merges(where_l)}")
        if right_only and where_r:
            said.append(f"'right_only' on {only_r} in the {_merges(where_r)}")
        steps.append("indicator=True adds a _merge column: " + "; ".join(said))
    for rule in dict.fromkeys(re.findall(r"validate\s*=\s*[\"']([\w:]+)[\"']", question)):
        if rule not in _VALIDATE:
            return None
        unique_l, unique_r = _VALIDATE[rule]
        repeated = [(lname, k, n) for k, n in a.items() if unique_l and n > 1]
        repeated += [(rname, k, n) for k, n in b.items() if unique_r and n > 1]
        needs = [n for n, u in ((lname, unique_l), (rname, unique_r)) if u]
        if not needs:
            steps.append(f"validate='{rule}' checks nothing: it never raises")
        elif repeated:
            shown = "; ".join(f"{_show_key(k)} appears {n} times in {frame}" for frame, k, n in repeated)
            steps.append(
                f"validate='{rule}' requires the key to be unique in {' and '.join(needs)}, but {shown}, so pd.merge "
                "raises a MergeError"
            )
        else:
            steps.append(f"validate='{rule}': the key is unique in {' and '.join(needs)}, so the check passes")
    floats = []
    for frame, other_only, own_keys, where in (
        (rf, left_only, rkeys, ("left", "outer")),
        (lf, right_only, lkeys, ("right", "outer")),
    ):
        gaps = [h for h in where if h in hows]
        if not other_only or not gaps:
            continue
        for col, vals in frame.items():
            overlap = col in lf and col in rf
            if (col in own_keys and lkeys == rkeys) or overlap or not _is_int_column(vals):
                continue
            floats.append(
                f"{col} (int64) becomes float64 after the {_merges(gaps)}: the NaN filled in for "
                f"{_keys(other_only)} cannot live in an int64 column"
            )
    steps += floats
    for name, frame in ((lname, lf), (rname, rf)):
        if any(v is None for v in frame.values()):
            continue
        rows = list(zip(*frame.values(), strict=True))
        if len(set(rows)) == len(rows):
            continue
        kept = list(dict.fromkeys(rows))
        cols = list(frame)
        own = lkeys if frame is lf else rkeys
        deduped = [tuple(row[cols.index(k)] for k in own) for row in kept]
        new = _merge_counts(deduped, right) if frame is lf else _merge_counts(left, deduped)
        twice = [r for r, n in Counter(rows).items() if n > 1]
        shown = ", ".join("(" + ", ".join(_show_key((v,)) for v in r) + ")" for r in twice)
        steps.append(
            f"{name} repeats whole row(s) {shown}; after {name}.drop_duplicates() the counts would be "
            + ", ".join(f"{new[h]} ({h})" for h in hows)
        )
    note = (
        "A key repeated on both sides multiplies rows, so a merge can return more rows than either frame: check len() "
        "after each merge, and pass validate= to make pandas raise when a key that should be unique repeats."
    )
    cue = r"a key that appears 2 times on the left and 3 times on the right yields 6 rows"
    return Worked("merge_rows", "c-pandas-combining", cue, tuple(steps), note)


# --- an Airflow sensor's checks: when it succeeds, when it times out, the worker slot it holds (c-airflow-sensors) ---

_CLOCK = r"(\d{1,2}):(\d{2})(?:\s*(am|pm)\b)?"
_SENSOR_UNIT = {"s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1, "m": 60, "min": 60, "mins": 60}
_SENSOR_UNIT |= {"minute": 60, "minutes": 60, "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600}
_DURATION = (
    r"(?:datetime\.)?timedelta\(([^)]*)\)"
    r"|(\d+(?:\.\d+)?(?:\s*\*\s*\d+(?:\.\d+)?)*)(?:\s*(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h)\b)?"
)


def _sensor_duration(question: str, label: str) -> tuple[float, str] | None | bool:
    """The duration written after `label` ("poke_interval=600", "timeout=5*60*60", "timeout of 5 hours",
    "timedelta(minutes=10)") in seconds, with its text; None when absent, False when given two ways or unreadable."""
    found = {}
    for m in re.finditer(rf"(?<![\w.])(?:{label})\s*(?:=|:|of|is)?\s*(?:{_DURATION})", question, re.I):
        if m[1] is not None:
            parts = re.findall(r"(days|hours|minutes|seconds)\s*=\s*(\d+(?:\.\d+)?)", m[1])
            if not parts or len(parts) != len(re.findall(r"=", m[1])):
                return False
            scale = {"days": 86400, "hours": 3600, "minutes": 60, "seconds": 1}
            seconds = sum(float(v) * scale[u] for u, v in parts)
        else:
            seconds = math.prod(float(v) for v in re.findall(r"\d+(?:\.\d+)?", m[2]))
            seconds *= _SENSOR_UNIT.get((m[3] or "s").lower(), 1)
        found[seconds] = m[0][m[0].find(m[1] or m[2]) :].strip()
    if len(found) > 1:
        return False
    return next(iter(found.items())) if found else None


def _clock(m: re.Match, at: int = 1) -> int | None:
    """Seconds after midnight of an "03:47" / "3:47 pm" match; None when it is not a time of day."""
    hour, minute, half = int(m[at]), int(m[at + 1]), (m[at + 2] or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return hour * 3600 + minute * 60


def _span(seconds: float) -> str:
    """12,600 -> '3 h 30 min'; 600 -> '10 min'; 604,800 -> '7 days'."""
    total = int(round(seconds))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [(days, "days" if days != 1 else "day"), (hours, "h"), (minutes, "min"), (secs, "s")]
    return " ".join(f"{v} {u}" for v, u in parts if v) or "0 s"


def sensor_checks(question: str) -> Worked | None:
    """An Airflow sensor started at a time of day with a poke_interval (and a timeout, 7 days by default): it checks
    at start + k × poke_interval, so a file landing at time t is found by check #1 + ceil((t - start) / interval);
    a file that never comes fails it at start + timeout, its downstream tasks upstream_failed; poke mode holds a
    worker slot for the whole wait, reschedule mode only during the checks."""
    if not re.search(r"sensor", question, re.I) or re.search(r"deferrable|exponential_backoff", question, re.I):
        return None
    interval = _sensor_duration(question, r"poke[_ ]interval")
    timeout = _sensor_duration(question, r"timeout")
    if not interval or timeout is False or interval[0] <= 0:
        return None
    if timeout is None and re.search(r"time[ds]?[ _-]?outs?\b\D{0,20}\d", question, re.I):
        return None  # a timeout written some way not read here ("times out after 5 hours"): not the default
    start_at = [
        m
        for m in re.finditer(
            rf"\b(?:starts?|started|begins?|began|kicks? off|is scheduled)\s+(?:at\s+)?{_CLOCK}", question, re.I
        )
    ]
    land_at = list(
        re.finditer(
            r"\b(?:land(?:s|ed)?|arriv(?:es|ed)|shows? up|showed up|appear(?:s|ed)|c(?:a|o)mes? in|(?:is|was) "
            rf"(?:uploaded|written|dropped|delivered))\s+(?:\w+\s+){{0,2}}?at\s+{_CLOCK}",
            question,
            re.I,
        )
    )
    starts = {_clock(m) for m in start_at}
    lands = {_clock(m) for m in land_at}
    if len(starts) != 1 or len(lands) > 1 or None in starts | lands:
        return None
    start = starts.pop()
    land = lands.pop() if lands else None
    # every time of day written must be the start or the landing: another one ("must finish by 05:00") may be
    # something this does not read
    for m in re.finditer(rf"(?<![\d:]){_CLOCK}", question, re.I):
        if _clock(m) not in (start, land):
            return None
    if land is not None and land < start:
        return None  # already there at the start, or the next day: not clear which
    every, every_text = interval
    if timeout is None:
        limit, limit_text, default = 7 * 86400.0, "", True
    else:
        (limit, limit_text), default = timeout, False
    if limit <= 0:
        return None
    plain_every = f"{every_text} = " if re.search(r"[*(]", every_text) else ""  # "10*60 = 600 s", not "600 = 600 s"
    steps = [
        f"poke_interval = {plain_every}{fmt(every)} s = {_span(every)}: the sensor checks at "
        + ", ".join(f"{time_of_day(start + k * every)} (#{k + 1})" for k in range(3))
        + ", and so on",
    ]
    end = start + limit
    if default:
        steps.append(f"no timeout given: the default is 7 days, so it would wait until {time_of_day(end)}")
    else:
        plain_limit = f"{limit_text} = " if re.search(r"[*(]", limit_text) else ""
        steps.append(f"timeout = {plain_limit}{fmt(limit)} s = {_span(limit)} after the start: {time_of_day(end)}")
    waited = None
    if land is not None:
        k = math.ceil((land - start) / every - 1e-9)
        found = start + k * every
        after = land - start
        if abs(found - end) < 1e-9:
            return None  # found at the very check where the timeout runs out: which comes first is not clear
        if found < end:
            waited = found - start
            steps.append(
                f"the file lands at {time_of_day(land)}, {_span(after)} ({fmt(after / 60)} min) after the start; the "
                f"first check at or after it is #1 + ceil({fmt(after / 60)} / {fmt(every / 60)}) = 1 + {k} = {k + 1}, "
                f"at {time_of_day(start)} + {k} × {_span(every)} = {time_of_day(found)}: the sensor succeeds then "
                "and the tasks after it start right away"
            )
        else:
            steps.append(
                f"the file lands at {time_of_day(land)}, after the timeout at {time_of_day(end)}: the sensor has "
                "already failed by then"
            )
    soft = re.search(r"soft_fail\s*=\s*True", question)
    steps.append(
        f"if the file never comes: the sensor fails when the timeout runs out, at {time_of_day(start)} + "
        f"{_span(limit)} = {time_of_day(end)}, and "
        + (
            "with soft_fail=True it is marked skipped, so the tasks after it are skipped too"
            if soft
            else "the tasks downstream of it end as upstream_failed instead of running on missing data; its retries "
            "do not extend the wait, since a timed-out sensor fails at once"
        )
    )
    if waited is not None:
        steps.append(
            f"poke mode (the default) would hold a worker slot from {time_of_day(start)} to "
            f"{time_of_day(start + waited)} = {_span(waited)}; reschedule mode frees the slot between checks and "
            f"holds one only during the {k + 1} short checks"
        )
    else:
        steps.append(
            f"poke mode (the default) would hold a worker slot for the whole wait, up to {_span(limit)}; reschedule "
            "mode frees the slot between checks and holds one only while it checks"
        )
    note = (
        "A late file within the timeout only delays the run; setting timeout explicitly matters, because the default "
        "is 7 days, and reschedule mode keeps long waits from filling the worker slots other tasks need."
    )
    return Worked(
        "sensor_checks", "c-airflow-sensors", r"repeats its check every `poke_interval` seconds", tuple(steps), note
    )


# --- a skewed key in a Spark shuffle: the hot key's task, and after salting (s1-large-datasets) ---------------

# "600M rows", "90 million of those rows", "600,000,000 rows"
_SHUFFLE_ROWS = re.compile(
    rf"(?<![\w.])({NUM})\s*(million|billion|thousand|[kmb])?\s+(?:of\s+(?:those|the|these|all)\s+)?(?:the\s+)?rows\b",
    re.I,
)
# the rows of one key: "one internal test account has 90M of those rows", "a single user holds 90 million rows"
_ONE_KEY = re.compile(
    r"\b(?:one|a single|single|a hot|the hot|hot|a|one big|a big)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:key|account|user|customer|id|merchant|tenant|device|bot|session|country|store|product|client|value)"
    r"(?:_id)?\b",
    re.I,
)
_SUB_KEYS = re.compile(
    r"(?<![\w.])(\d+)\s+(?:sub-?keys|salts?|salt (?:values|buckets|keys)|buckets"
    r"|random (?:values|suffixes|prefixes|keys))\b"
    r"|\bsalt\w*\s+(?:factor|count|buckets?)?\s*(?:=|:|of)\s*(\d+)\b",
    re.I,
)


def _row_text(x: float) -> str:
    """1,275,000 -> '1.275 million'; 40,000 -> '40,000'."""
    return f"{fmt(x / 1e6, 3)} million" if x >= 1e6 else fmt(x)


def skewed_key(question: str) -> Worked | None:
    """One key holding many of a shuffle's rows (a groupBy or join key): rows per typical task = the other rows /
    partitions, the hot key's task gets all of its rows (they hash to one partition), and salted into k sub-keys
    about hot / k each, plus the typical share."""
    if not re.search(r"\bspark\b|shuffle|groupBy|\bpartitions?\b", question, re.I):
        return None
    if not re.search(r"skew|salt|hot key|straggl|task", question, re.I):
        return None
    parts = {int(v) for v in re.findall(r"(?<![\w.])(\d+)\s+(?:shuffle\s+)?partitions\b", question, re.I)}
    parts |= {int(v) for v in re.findall(r"shuffle\.partitions\s*(?:=|to|of|is)?\s*(\d+)\b", question, re.I)}
    if len(parts) != 1 or re.search(r"\d\s*(?:or|to|-|/)\s*\d+\s+(?:shuffle\s+)?partitions\b", question, re.I):
        return None  # "200 or 400 partitions": which one is not clear
    p = parts.pop()
    counts = []  # (value, is it one key's rows)
    for m in _SHUFFLE_ROWS.finditer(question):
        value = scaled(m)
        start = max(question.rfind(c, 0, m.start()) for c in ".?!;") + 1
        counts.append((value, bool(_ONE_KEY.search(question[start : m.start()]))))
    totals = {v for v, one in counts if not one}
    hots = {v for v, one in counts if one}
    pct = re.search(rf"({NUM})\s*%\s+of\s+(?:the|those|these|all)?\s*(?:the\s+)?rows", question, re.I)
    if pct and len(totals) == 1 and not hots:
        start = max(question.rfind(c, 0, pct.start()) for c in ".?!;") + 1
        if _ONE_KEY.search(question[start : pct.start()]):
            hots = {next(iter(totals)) * to_float(pct[1]) / 100}
    if len(totals) != 1 or len(hots) != 1:
        return None
    total, hot = totals.pop(), hots.pop()
    if not 0 < hot < total or p < 2:
        return None
    rest = (total - hot) / p
    biggest = hot + rest
    average = total / p
    steps = [
        f"spread evenly: {_row_text(total)} rows / {p} partitions = {_row_text(average)} rows per task",
        f"the other keys, if spread evenly: ({_row_text(total)} - {_row_text(hot)}) / {p} = "
        f"{_row_text(total - hot)} / {p} ≈ "
        f"{_row_text(rest)} rows per typical task",
        f"all {_row_text(hot)} rows of the hot key hash to one partition, so its task gets about {_row_text(hot)} + "
        f"{_row_text(rest)} ≈ {_row_text(biggest)} rows, {fmt(biggest / average, 1)} times the average",
    ]
    subs = {int(a or b) for a, b in _SUB_KEYS.findall(question)}
    if re.search(r"\bsalt", question, re.I) and len(subs) == 1:
        k = subs.pop()
        if 2 <= k <= p:
            salted = hot / k + rest
            steps.append(
                f"salted into {k} sub-keys: {_row_text(hot)} / {k} = {_row_text(hot / k)} rows per sub-key, so the "
                f"largest task holds about {_row_text(hot / k)} + {_row_text(rest)} ≈ {_row_text(salted)} rows "
                f"({fmt(biggest / salted, 1)} times smaller), if the sub-keys land in different partitions; a second "
                f"aggregation then combines the {k} partial results of the key"
            )
    note = (
        "More executors cannot speed up a skewed stage, because the oversized task for the hot key still runs on a "
        "single core; salt the key, or handle it separately (filter it out if it should not be there, like bot "
        "traffic)."
    )
    return Worked("skewed_key", "s1-large-datasets", r'add a random "salt" to the key', tuple(steps), note)


# --- a spot training job interrupted once: no checkpoints against checkpoints every c hours (s4-cloud-ml) ---------

_INTERRUPTED = re.compile(
    r"\b(?:interrupt\w*|preempt\w*|reclaim\w*|evicted|killed|taken back|pulled)\b[^.?;]{0,30}?"
    rf"(?:at\s+hour\s+({NUM})|(?:at|after)\s+({NUM})\s*(?:h|hours?|hrs?)\b|({NUM})\s*(?:h|hours?|hrs?)\s+(?:in|into)\b)",
    re.I,
)
_EVERY = re.compile(
    rf"checkpoint\w*\s+(?:once\s+)?every\s+(?:({NUM})\s*)?(h|hours?|hrs?|min(?:ute)?s?)\b"
    rf"|checkpoint\w*\s+interval\s*(?:=|:|of|is)?\s*({NUM})\s*(h|hours?|hrs?|min(?:ute)?s?)\b",
    re.I,
)


def spot_interruption(question: str) -> Worked | None:
    """A training run of T hours on n instances at an on-demand price and a spot discount, interrupted once at hour t:
    without checkpoints it restarts from the beginning (n × (t + T) spot hours); with a checkpoint every c hours it
    resumes from the last one (n × (T + t - floor(t / c) × c)); against n × T on demand."""
    if not re.search(r"\bspot\b|preemptible", question, re.I) or not re.search(r"checkpoint", question, re.I):
        return None
    if re.search(r"\btwice\b|\b(?:\d+|two|three|several|multiple)\s+(?:times|interruptions)\b", question, re.I):
        return None  # one interruption only
    stops = list(_INTERRUPTED.finditer(question))
    at = {to_float(m[1] or m[2] or m[3]) for m in stops}
    prices = list(_PRICE.finditer(question))
    off = {float(v) for v in re.findall(r"(\d+(?:\.\d+)?)\s*%\s*(?:off|discount|cheaper|less)", question, re.I)}
    if len(at) != 1 or len(prices) != 1 or len(off) != 1:
        return None
    t, price, discount = at.pop(), to_float(prices[0][1]), off.pop() / 100
    if not 0 < discount < 1:
        return None
    counts = {int(n) for n in _INSTANCES.findall(question)}
    if len(counts) != 1:
        return None
    n = counts.pop()
    everies = list(_EVERY.finditer(question))
    spans = [m.span() for m in stops + everies + prices]
    rest = "".join(ch if not any(a <= i < b for a, b in spans) else " " for i, ch in enumerate(question))
    runs = {
        to_float(h) for h in re.findall(rf"(?<![\w.])({NUM})\s*[- ]?(?:h|hrs?|hours?)\b(?!\s*(?:/|per))", rest, re.I)
    }
    if len(runs) != 1:
        return None
    hours = runs.pop()
    if not 0 < t < hours or n < 1:
        return None
    intervals = set()
    for m in everies:
        value = to_float(m[1] or m[3]) if (m[1] or m[3]) else 1.0  # "every hour"
        unit = (m[2] or m[4]).lower()
        intervals.add(value / 60 if unit.startswith("min") else value)
    if len(intervals) > 1:
        return None
    spot_price = price * (1 - discount)
    demand = n * hours * price
    clean = n * hours * spot_price
    lost_all = n * (t + hours) * spot_price
    steps = [
        f"on demand: {n} × {fmt(hours)} h × {_money(price)} = {_money(demand)}",
        f"spot at {fmt(discount * 100)}% off: {_money(price)} × {fmt(1 - discount)} = {_money(spot_price)} per "
        f"instance-hour; without an interruption {n} × {fmt(hours)} × {_money(spot_price)} = {_money(clean)}",
        f"no checkpoints: the job restarts from the beginning, so you pay for the {fmt(t)} lost hours plus a full "
        f"{fmt(hours)} h rerun: {n} × ({fmt(t)} + {fmt(hours)} = {fmt(t + hours)} h) × {_money(spot_price)} = "
        f"{_money(lost_all)}, finishing {fmt(t)} h late",
    ]
    if intervals:
        c = intervals.pop()
        if c <= 0:
            return None
        saved = math.floor(round(t / c, 9)) * c
        lost = t - saved
        billed = hours + lost
        resumed = n * billed * spot_price
        steps.append(
            f"a checkpoint every {fmt(c)} h: the last one by hour {fmt(t)} is at hour {fmt(saved)}, so only "
            f"{fmt(t)} - {fmt(saved)} = {fmt(lost)} h is lost: {n} × ({fmt(hours)} + {fmt(lost)} = {fmt(billed)} h) × "
            f"{_money(spot_price)} = {_money(resumed)}, {fmt(resumed / demand * 100, 1)}% of the on-demand "
            f"{_money(demand)}"
        )
    elif not re.search(r"\b(?:no|without|never|doesn'?t|does not|isn'?t)\s+(?:\w+\s+){0,2}?checkpoint", question, re.I):
        return None  # checkpoints of some kind, at an interval not read here
    verdict = "still cheaper than" if lost_all < demand else "no cheaper than"
    steps.append(
        f"without checkpoints the interrupted spot run ({_money(lost_all)}) is {verdict} on demand ({_money(demand)})"
    )
    note = (
        "Without checkpoints every interruption throws away all the work done so far; on SageMaker managed spot "
        "training, files saved in /opt/ml/checkpoints are copied to checkpoint_s3_uri and restored after an "
        "interruption, but the script must load the latest checkpoint itself."
    )
    cue = r"A spot training job that saves no checkpoints restarts from the beginning"
    return Worked("spot_interruption", "s4-cloud-ml", cue, tuple(steps), note)

"""Calculators from a sweep of stages 4 and 5 (pipelines, serving, vision, language models, RAG): an Airflow task's
retries in time, the anchors of a detector's feature maps, the YOLOv1 cell responsible for an object, mAP as the
mean of per-class APs, the DPO loss of a preference pair, the bandwidth ceiling of single-request decoding and a
document cut into overlapping chunks. Each reads the learner's numbers only when it is sure of them and returns
None otherwise. Pure functions."""

from __future__ import annotations

import math
import re
from fractions import Fraction

from app.answering.compute.parse import (
    NUM,
    PLAIN,
    WORDS,
    Worked,
    factor,
    fmt,
    prose_lists,
    sigmoid,
    time_of_day,
    to_float,
)

_COUNT_WORDS = {**WORDS, "once": 1, "twice": 2, "thrice": 3}


def _count(text: str) -> int | None:
    """'3' -> 3, 'two' -> 2; None for anything else."""
    text = text.lower()
    if text in _COUNT_WORDS:
        return _COUNT_WORDS[text]
    return int(text) if text.isdigit() else None


# --- 1. an Airflow task's retries in attempts and time (s4-pipeline-automation) ---------------------------------

_MIN_UNIT = r"(min(?:ute)?s?|m\b|h(?:ours?)?\b|hrs?\b|s\b|secs?\b|seconds?)"


def _minutes(value: str, unit: str) -> float:
    unit = unit.lower()
    if unit.startswith("h"):
        return to_float(value) * 60
    if unit.startswith("s"):
        return to_float(value) / 60
    return to_float(value)


def _one_duration(pattern: str, question: str) -> float | None | bool:
    """The one duration (in minutes) the pattern's (value, unit) groups find; None when absent, False when two
    differ."""
    found = set()
    for m in re.finditer(pattern, question, re.I):
        value, unit = [g for g in m.groups() if g is not None][:2]
        found.add(_minutes(value, unit))
    if not found:
        return None
    return found.pop() if len(found) == 1 else False


def _clock(text: str) -> float | None:
    """'02:00' -> 120 minutes after midnight; '2 am' -> 120; None otherwise."""
    m = re.search(r"\b(?:at|starting at|starts at|from)\s+(\d{1,2}):(\d{2})\b(?:\s*(am|pm))?", text, re.I) or re.search(
        r"\b(?:at|starting at|starts at|from)\s+(\d{1,2})()\s*(am|pm)\b", text, re.I
    )
    if not m:
        return None
    hour, minute = int(m[1]), int(m[2] or 0)
    if m[3]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m[3].lower() == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return hour * 60 + minute


def _chain(question: str, task: str) -> tuple[float, float] | None:
    """A straight chain of tasks drawn with >> or -> ("extract (10 min) >> train (40 min) >> evaluate (5 min)"), each
    with one duration: the minutes before the named task and after it; None unless the chain is plain and names it."""
    m = re.search(r"[\w-]+\s*\([^()]*\)(?:\s*(?:>>|->|→)\s*[\w-]+\s*\([^()]*\))+", question)
    if not m:
        return None
    parts = re.split(r"\s*(?:>>|->|→)\s*", m[0])
    names, durations = [], []
    for part in parts:
        piece = re.fullmatch(rf"([\w-]+)\s*\(\s*({NUM})\s*{_MIN_UNIT}\s*\)", part.strip(), re.I)
        if not piece:
            return None  # a group of parallel tasks, or a task without one duration
        names.append(piece[1].lower())
        durations.append(_minutes(piece[2], piece[3]))
    if names.count(task.lower()) != 1:
        return None
    at = names.index(task.lower())
    return sum(durations[:at]), sum(durations[at + 1 :])


def task_retries(question: str) -> Worked | None:
    """An Airflow task's retries=N: N + 1 attempts at most; with a retry_delay and how long a failing attempt runs,
    the time from its first start until it is marked failed, (N + 1) × attempt + N × delay; when it fails f times and
    then succeeds, f × (attempt + delay) + its normal run; and, in a straight chain started at a time of day, when the
    run ends."""
    if not re.search(r"\bairflow\b|\bDAG\b|\btasks?\b|retry_delay|operator", question, re.I):
        return None
    found = re.findall(
        r"\bretries['\"]?\s*(?:=|:)\s*(\d+)\b|\b(\d+)\s+retries\b|\bretries\s+(?:set\s+)?(?:to|of)\s+(\d+)\b",
        question,
        re.I,
    )
    values = {int(a or b or c) for a, b, c in found}
    if len(values) != 1:
        return None  # none, or two settings compared
    if re.search(r"exponential|backoff|max_retry_delay", question, re.I):
        return None  # the delays grow: not one fixed retry_delay
    if re.search(r"\bflaky\b", question, re.I) and re.search(r"\bparallel\b", question, re.I):
        return None  # the DAG's flaky-task night is worked by the DAG calculator
    if not re.search(
        r"\battempts?\b|\btries\b|how many times|how long|worst[- ]case|marked\s+(?:as\s+)?failed|when\s+(?:does|will)",
        question,
        re.I,
    ):
        return None  # retries mentioned, but nothing about attempts or time asked
    retries = values.pop()
    attempts = retries + 1
    steps = [f"retries={retries}: the first attempt plus {_retries(retries)} = {attempts} attempts at most"]
    delay = _retry_delay(question)
    failing = _failing_duration(question)
    if delay is False or failing is False:
        return None
    note = (
        'A task is marked failed only after its last attempt fails; by default (trigger_rule="all_success") the '
        "tasks after it then end as upstream_failed. Retries are safe only when the task is idempotent."
    )
    cue = r"is attempted up to 3 times \(1 \+ 2\)"
    if delay is None or failing is None:
        if re.search(r"\bparallel\b|critical path|wall[- ]clock|as a dag", question, re.I) and re.search(
            r"\bthen\b|->|→", question
        ):
            return None  # the DAG calculator states the attempts beside the chain's timing
        return Worked("task_retries", "s4-pipeline-automation", cue, tuple(steps), note)
    task = _failing_task(question)
    chain, start = (_chain(question, task) if task else None), _clock(question)
    total_fail = attempts * failing + retries * delay
    line = (
        f"if every attempt fails: {attempts} attempts × {fmt(failing)} min + {_retries(retries, 'retry delay')} × "
        f"{fmt(delay)} min = {fmt(total_fail)} min from the first start until the task is marked failed"
    )
    if chain is not None and start is not None:
        line += (
            f", at {time_of_day(60 * (start + chain[0] + total_fail))} in a run starting at {time_of_day(60 * start)}"
        )
    steps.append(line)
    success = _success(question)
    if success is not None and success > retries:
        steps.append(
            f"failing {success} times before a success needs retries ≥ {success}: with retries={retries} the task is "
            f"marked failed after its {attempts} attempts"
        )
    elif success is not None and (normal := _normal_duration(question, task, failing)) is not None:
        took = success * (failing + delay) + normal
        steps.append(
            f"if it fails {success} times and then succeeds: {success} × ({fmt(failing)} + {fmt(delay)} retry delay) + "
            f"{fmt(normal)} = {fmt(took)} min for the task"
        )
        if chain is not None:
            before, after = chain
            end = before + took + after
            line = f"the whole chain: {fmt(before)} before it + {fmt(took)} + {fmt(after)} after it = {fmt(end)} min"
            if start is not None:
                line += f", so a run starting at {time_of_day(60 * start)} ends at {time_of_day(60 * (start + end))}"
            steps.append(line)
    return Worked("task_retries", "s4-pipeline-automation", cue, tuple(steps), note)


def _retries(n: int, word: str = "retry") -> str:
    """3 -> '3 retries', 1 -> '1 retry'; with 'retry delay': '3 retry delays'."""
    if word == "retry":
        return f"{n} {'retry' if n == 1 else 'retries'}"
    return f"{n} {word}{'' if n == 1 else 's'}"


def _retry_delay(question: str) -> float | None | bool:
    """retry_delay in minutes: 'retry_delay=5 minutes', 'retry delay of 90 s', 'retry_delay=timedelta(minutes=5)'."""
    found = {
        _minutes(v, u)
        for v, u in re.findall(rf"retry[_ ]delay['\"]?\s*(?:=|:|of|is)?\s*({NUM})\s*-?\s*{_MIN_UNIT}", question, re.I)
    }
    found |= {
        _minutes(v, "min" if u.lower() == "minutes" else u)
        for u, v in re.findall(
            rf"retry[_ ]delay['\"]?\s*[=:]\s*timedelta\(\s*(minutes|seconds|hours)\s*=\s*({NUM})\s*\)", question, re.I
        )
    }
    if not found:
        return None
    return found.pop() if len(found) == 1 else False


def _failing_duration(question: str) -> float | None | bool:
    """How long one failing attempt runs: 'each failing attempt still runs the full 40 min', 'fails after 15
    minutes'."""
    return _one_duration(
        rf"(?:each|every|a)\s+(?:fail\w*\s+)?(?:attempt|try)\s+(?:still\s+)?(?:runs?|takes?|lasts?|fails?|crash\w*|dies)"
        rf"\s+(?:for\s+|after\s+)?(?:the\s+full\s+|about\s+|around\s+)?({NUM})\s*-?\s*{_MIN_UNIT}"
        rf"|(?:fails?|crash\w*|dies|errors?\s+out)\s+after\s+(?:about\s+|around\s+)?({NUM})\s*-?\s*{_MIN_UNIT}",
        question,
    )


def _failing_task(question: str) -> str | None:
    names = {
        m.lower()
        for m in re.findall(
            r"\b(?:if\s+|when\s+)?(?:the\s+)?(?:task\s+)?`?([a-z][\w-]*)`?\s+(?:task\s+)?"
            r"(?:fails|keeps failing|crashes)\b",
            question,
            re.I,
        )
        if m.lower() not in {"it", "task", "that", "this", "attempt", "try", "which", "one", "each", "every"}
    }
    return names.pop() if len(names) == 1 else None


def _success(question: str) -> int | None:
    """How many failures come before the success: 'fails the first 3 attempts and succeeds on the 4th' -> 3,
    'fails twice then succeeds' -> 2."""
    found = set()
    for m in re.finditer(
        r"fails?\s+(?:on\s+)?(?:the\s+|its\s+)?first\s+(\d+|one|two|three|four|five)\s+(?:attempts?|tries)\b"
        r"|fails?\s+(once|twice|thrice|(?:\d+|one|two|three|four|five)\s+times)\s*(?:\([^()]*\)\s*)?,?\s*(?:and\s+)?"
        r"(?:then\s+)?succeeds"
        r"|succeeds\s+on\s+(?:the\s+|its\s+)?(\d+)(?:st|nd|rd|th)\s+(?:attempt|try)",
        question,
        re.I,
    ):
        if m[1]:
            found.add(_count(m[1]))
        elif m[2]:
            found.add(_count(m[2].split()[0]))
        else:
            found.add(int(m[3]) - 1)
    found.discard(None)
    if len(found) != 1:
        return None
    n = found.pop()
    return n if n is not None and n >= 1 else None


def _normal_duration(question: str, task: str | None, failing: float) -> float | None:
    """The successful attempt's time: 'succeeds in the usual 20 min', the task's own '(40 min)', or the failing
    attempt's when it 'runs the full' time."""
    usual = _one_duration(
        rf"succeeds\s+(?:in|after)\s+(?:the\s+usual\s+|its\s+usual\s+|about\s+)?({NUM})\s*-?\s*{_MIN_UNIT}", question
    )
    if usual is False:
        return None
    if usual is not None:
        return usual
    if task:
        own = _one_duration(rf"\b{re.escape(task)}`?\s*\(\s*({NUM})\s*{_MIN_UNIT}\s*\)", question)
        if own is not None:
            return own or None
    if re.search(r"\bthe\s+full\b", question, re.I):
        return failing
    return None


# --- 2. anchors on a detector's feature maps (c-anchor-boxes) ----------------------------------------------------

_PAIR = r"(\d{1,5})\s*[x×]\s*(\d{1,5})"


def _anchors_per_position(question: str) -> int | None | bool:
    found = set()
    for m in re.finditer(
        r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+anchors?(?:\s+boxes)?\s+"
        r"(?:per|at each|at every|for "
        r"each|for every|on each|on every|each)\s+(?:feature[- ]map\s+)?(?:spatial\s+)?(?:position|location|cell|pixel|"
        r"point|grid cell)",
        question,
        re.I,
    ):
        found.add(_count(m[1]))
    for m in re.finditer(r"\bk\s*=\s*(\d+)\s+anchors?\b", question, re.I):
        found.add(int(m[1]))
    scales = re.search(
        r"\b(\d+|two|three|four|five)\s+(?:anchor\s+)?scales?\s*(?:and|x|×|times|by)\s*(\d+|two|three|four|five)\s+"
        r"(?:aspect\s+)?ratios?\b",
        question,
        re.I,
    )
    if scales:
        a, b = _count(scales[1]), _count(scales[2])
        if a and b:
            found.add(a * b)
    found.discard(None)
    if not found:
        return None
    return found.pop() if len(found) == 1 else False


def _feature_maps(question: str) -> list[tuple[int, int]] | None:
    """The feature maps written as sizes: 'a 50 x 38 feature map', 'feature maps of 80x80, 40x40 and 20x20'."""
    found: list[tuple[int, int]] = []
    for m in re.finditer(rf"{_PAIR}\s+(?:\w+\s+)?feature[- ]maps?\b", question, re.I):
        found.append((int(m[1]), int(m[2])))
    for m in re.finditer(
        rf"feature[- ]maps?\s*(?:of\s+sizes?|sized|of|are|is|at|:|=|with\s+sizes?)?\s*"
        rf"({_PAIR}(?:\s*(?:,|and|,\s*and)\s*{_PAIR})*)",
        question,
        re.I,
    ):
        found += [(int(a), int(b)) for a, b in re.findall(_PAIR, m[1])]
    return list(dict.fromkeys(found)) or None


def anchor_count(question: str) -> Worked | None:
    """Anchors per position times the positions of each feature map (given as a size, or as an image size divided by
    the backbone's stride), summed over the maps; and, when the outputs per anchor are named, the head's outputs."""
    if not re.search(r"\banchors?\b", question, re.I):
        return None
    k = _anchors_per_position(question)
    if not k:
        return None
    maps = _feature_maps(question)
    steps = []
    if maps:
        positions = [(f"{h} × {w}", h * w) for h, w in maps]
    else:
        image = re.findall(
            rf"{_PAIR}\s*(?:px\s+|pixels?\s+|RGB\s+|pixel\s+)?(?:input\s+)?(?:images?|inputs?|pictures?|frames?)\b"
            rf"|(?:images?|inputs?)\s+(?:of\s+size\s+|sized\s+|of\s+|is\s+|at\s+)?{_PAIR}",
            question,
            re.I,
        )
        sizes = {(int(a or c), int(b or d)) for a, b, c, d in image}
        strides = re.findall(
            r"\b(?:total\s+|overall\s+|output\s+)?stride\s*(?:of|=|:|is)?\s*(\d+)\b|\bstride[- ](\d+)\b"
            r"|(\d+)x\s+downsampl",
            question,
            re.I,
        )
        stride_set = {int(a or b or c) for a, b, c in strides}
        layers = re.findall(r"\bconv|\bpool|maxpool", question, re.I)
        if len(sizes) != 1 or len(strides) != 1 or len(layers) > 1:  # several layers' strides multiply
            return None
        (w, h), s = sizes.pop(), stride_set.pop()
        if s <= 1 or w % s or h % s:
            return None  # a fractional map size depends on the backbone's padding: not known here
        steps.append(f"feature map: {w} / {s} = {w // s} by {h} / {s} = {h // s} positions")
        positions = [(f"{w // s} × {h // s}", (w // s) * (h // s))]
    total = 0
    for name, n in positions:
        steps.append(f"{name} = {fmt(n)} positions × {k} anchors = {fmt(n * k)} anchors")
        total += n * k
    if len(positions) > 1:
        steps.append(
            f"all {len(positions)} maps: {' + '.join(fmt(n * k) for _, n in positions)} = {fmt(total)} anchors"
        )
    outs = re.findall(
        r"\b(\d+)\s+(?:objectness\s+|class\s+|classification\s+)?(?:scores?|logits?|probabilit\w+)\s+and\s+(\d+)\s+"
        r"(?:box\s+|regression\s+|bounding[- ]box\s+)?(?:offsets?|coordinates?|deltas?|regression\s+values)",
        question,
        re.I,
    )
    if len(set(outs)) == 1:
        a, b = (int(x) for x in outs[0])
        if 0 < a < 1000 and 0 < b < 1000:  # "2k scores" reads as 2000 after normalizing: not one anchor's outputs
            steps.append(
                f"outputs: {fmt(total)} anchors × ({a} + {b}) = {fmt(total * (a + b))} numbers, {k} × {a + b} = "
                f"{k * (a + b)} per position"
            )
    note = (
        "Most anchors cover background, which is why Faster R-CNN samples only 256 anchors per image for training, "
        "at most half of them positive."
    )
    return Worked("anchor_count", "c-anchor-boxes", r"Faster R-CNN uses 9 anchors per position", tuple(steps), note)


# --- 3. the YOLOv1 cell responsible for an object (s5-computer-vision) -------------------------------------------


def yolo_cell(question: str) -> Worked | None:
    """An image W x H cut into an S x S grid and an object's centre (x, y): the cell holding the centre (column
    floor(x / (W/S)), row floor(y / (H/S))), the centre's position inside it, and w/W, h/H when the box's size is
    given."""
    if not re.search(r"\bcells?\b", question, re.I) or not re.search(r"yolo|\bgrid\b", question, re.I):
        return None
    if not re.search(
        r"responsible|which\s+(?:grid\s+)?cell|what\s+(?:grid\s+)?cell|cell\s+(?:index|contains)", question, re.I
    ):
        return None
    grids = {int(m[1]) for m in re.finditer(r"(?<![\w])S\s*=\s*(\d+)\b", question)}
    grids |= {int(a) for a, b in re.findall(r"\b(\d+)\s*[x×]\s*(\d+)\s+grid\b", question, re.I) if a == b}
    grids |= {int(a) for a in re.findall(r"\bgrid\s+of\s+(\d+)\s*[x×]\s*\1\b", question, re.I)}
    if len(grids) != 1:
        return None
    s = grids.pop()
    centres = {
        (to_float(a), to_float(b))
        for a, b in re.findall(
            rf"cent(?:re|er)(?:d|ed)?\s*(?:point\s+)?(?:is\s+|at\s+|of\s+|on\s+)?(?:at\s+)?(?:\(x,\s*y\)\s*=?\s*)?"
            rf"\(\s*({PLAIN})\s*,\s*({PLAIN})\s*\)",
            question,
            re.I,
        )
    }
    if len(centres) != 1:
        return None
    x, y = centres.pop()
    image = {
        (int(a or c), int(b or d))
        for a, b, c, d in re.findall(
            rf"{_PAIR}\s*(?:px\s+|pixels?\s+|RGB\s+)?(?:input\s+)?(?:images?|inputs?|pictures?|frames?)\b"
            rf"|(?:images?|inputs?)\s+(?:of\s+size\s+|sized\s+|of\s+|is\s+|at\s+)?{_PAIR}",
            question,
            re.I,
        )
    }
    normalized = re.search(r"normali[sz]ed", question, re.I) and x <= 1 and y <= 1
    if len(image) == 1 and not normalized:
        width, height = image.pop()
    elif not image and normalized:
        width, height = 1, 1
    else:
        return None
    if s < 1 or not (0 <= x < width and 0 <= y < height):
        return None
    cw, ch = width / s, height / s
    fx, fy = Fraction(repr(x)) * s / width, Fraction(repr(y)) * s / height  # exact: 0.3 × 10 is 3, not 2.9999
    gx, gy = float(fx), float(fy)
    col, row = math.floor(fx), math.floor(fy)
    if normalized:
        steps = [
            f"normalized coordinates: column floor({fmt(x)} × {s}) = floor({fmt(gx)}) = {col}, "
            f"row floor({fmt(y)} × {s}) = floor({fmt(gy)}) = {row}"
        ]
    else:
        steps = [
            f"cell size: {fmt(width)} / {s} = {fmt(cw)} px wide, {fmt(height)} / {s} = {fmt(ch)} px tall",
            f"column floor({fmt(x)} / {fmt(cw)}) = floor({fmt(gx)}) = {col}, "
            f"row floor({fmt(y)} / {fmt(ch)}) = floor({fmt(gy)}) = {row}",
        ]
    steps.append(f"counting from 0 at the top-left, the cell in row {row}, column {col} is responsible for the object")
    steps.append(
        f"the centre inside that cell: x = {fmt(gx)} - {col} = {fmt(gx - col)}, "
        f"y = {fmt(gy)} - {row} = {fmt(gy - row)} (fractions of the cell, the x and y YOLOv1 predicts)"
    )
    w = re.findall(rf"\bwidth\s*(?:of|=|:|is)?\s*({NUM})|(?<![\w])w\s*=\s*({NUM})", question, re.I)
    h = re.findall(rf"\bheight\s*(?:of|=|:|is)?\s*({NUM})|(?<![\w])h\s*=\s*({NUM})", question, re.I)
    ws, hs = {to_float(a or b) for a, b in w}, {to_float(a or b) for a, b in h}
    if len(ws) == 1 and len(hs) == 1 and not normalized:
        bw, bh = ws.pop(), hs.pop()
        if 0 < bw <= width and 0 < bh <= height:
            steps.append(
                f"width and height as fractions of the image: w = {fmt(bw)} / {fmt(width)} = {fmt(bw / width)}, "
                f"h = {fmt(bh)} / {fmt(height)} = {fmt(bh / height)}"
            )
    note = (
        "In YOLOv1 only the cell holding an object's centre predicts that object, and each cell gives one set of class "
        "probabilities, which is why small objects in groups, several centres in one cell, were hard for it."
    )
    return Worked(
        "yolo_cell",
        "s5-computer-vision",
        r"the cell containing an object's centre is responsible for it",
        tuple(steps),
        note,
    )


# --- 4. mAP as the mean of per-class APs (s5-computer-vision) ----------------------------------------------------

_AP_VALUE = r"(?<![\d.@])(0?\.\d+|1(?:\.0+)?|0)(?![\d%]|\.\d)"
_NOT_NAMES = {
    "ap", "aps", "map", "is", "are", "of", "and", "the", "for", "class", "classes", "with", "has", "have", "gets",
    "got", "was", "were", "my", "per", "a", "an", "at", "iou", "score", "scores", "threshold", "value", "values",
    "mean", "precision", "average", "each", "get", "then", "on", "to", "be", "it", "its", "so", "what", "whats", "s",
    "recall", "f1", "accuracy", "acc", "confidence", "conf", "loss", "nms", "now", "only", "about", "around",
}  # fmt: skip
_AP_NAME = r"'?([A-Za-z][\w-]*)'?"
# "AP for car is 0.72", "car AP 0.72", "car: 0.72", "person has an AP of 0.55", "0.61 for bike"
_AP_PAIR = re.compile(
    rf"\bAP\s+(?:for|of)\s+(?:the\s+)?{_AP_NAME}(?:\s+class)?\s*(?:is|=|:|of|was)?\s*{_AP_VALUE}"
    rf"|{_AP_NAME}(?:\s+class)?(?:'s)?\s*(?:AP\s*)?(?:[:=]|\bis\b|\bhas\s+(?:an?\s+)?AP\s+(?:of\s+)?|\bAP\s+(?:of\s+)?"
    rf"|\bgets\s+)\s*{_AP_VALUE}"
    rf"|{_AP_VALUE}\s+(?:AP\s+)?for\s+(?:the\s+)?{_AP_NAME}"
)
# "per-class AP: car 0.81, truck 0.64, bus 0.70"
_AP_LIST = re.compile(
    rf"\bAPs?\b\s*(?:are|were|is|:|=|-)?\s*((?:{_AP_NAME}\s*[:=]?\s*{_AP_VALUE}\s*(?:,|;|\band\b|,\s*and\b)\s*)+"
    rf"{_AP_NAME}\s*[:=]?\s*{_AP_VALUE})"
)


def _class_aps(sentences: list[str]) -> tuple[list[str], list[float]] | None:
    """The classes and APs named in the sentences about AP; an unnamed list of per-class APs numbered 1, 2, ...;
    None when a class gets two values or nothing is sure."""
    named: dict[str, float] = {}
    for sentence in sentences:
        pairs = [(a or b or d, to_float(av or bv or c)) for a, av, b, bv, c, d in _AP_PAIR.findall(sentence)]
        if listed := _AP_LIST.search(sentence):
            pairs += [(a, to_float(v)) for a, v in re.findall(rf"{_AP_NAME}\s*[:=]?\s*{_AP_VALUE}", listed[1])]
        for label, value in pairs:
            if label.lower() in _NOT_NAMES:
                continue
            if named.get(label, value) != value:
                return None
            named[label] = value
    if len(named) >= 2:
        return list(named), list(named.values())
    if named:
        return None
    lists = [
        v
        for sentence in sentences
        if re.search(r"per[- ]class|each class|\bAPs\b", sentence, re.I)
        for v in prose_lists(sentence)
        if all(0 <= x <= 1 for x in v)
    ]
    if len(lists) != 1:
        return None
    return [f"class {i + 1}" for i in range(len(lists[0]))], lists[0]


def mean_ap(question: str) -> Worked | None:
    """Each class's AP given ('car 0.72, person 0.55', 'AP for bike is 0.61', '0.72 for car'): mAP, their mean."""
    if not re.search(r"\bmAP\b|mean average precision", question):
        return None
    if re.search(r"\b(?:TP|FP)\b|true positives?|false positives?", question, re.I):
        return None  # detections to rank: the AP calculator's work
    if re.search(r"(?<!m)AP\s*@|(?<!m)AP_?(?:50|75)\b|\bAP_?[SML]\b|\bAP_[sml]\b", question):
        return None  # APs at several IoU thresholds or object sizes, not per class
    text = re.sub(r"mAP\s*@\s*(?:\[[^\]]*\]|0?\.\d+(?:\s*:\s*0?\.\d+)?)", "mAP", question)
    text = re.sub(r"IoU\s*(?:threshold\s*)?(?:of\s*|=\s*|>=?\s*|≥\s*|at\s*)?0?\.\d+", "IoU", text, flags=re.I)
    sentences = [
        part
        for part in re.split(r"(?<!\d)[.;?!](?!\d)|\n", text)
        if re.search(r"(?<![m\w])APs?\b|(?<!mean )average precision", part)
    ]
    found = _class_aps(sentences)
    if found is None:
        return None
    names, values = found
    if len(values) < 2 or not all(0 <= v <= 1 for v in values):
        return None
    total = sum(values)
    steps = (
        "per-class AP: " + ", ".join(f"{n} {fmt(v)}" for n, v in zip(names, values, strict=True)),
        f"mAP = mean over the {len(values)} classes = ({' + '.join(fmt(v) for v in values)}) / {len(values)} = "
        f"{fmt(total)} / {len(values)} = {fmt(total / len(values))}",
    )
    note = (
        "mAP weights every class equally, however many objects it has, and is comparable only with mAPs computed at "
        "the same IoU threshold(s): an mAP@0.5 is higher, often much higher, than COCO's mAP@[.5:.95] for the same "
        "detector."
    )
    return Worked("mean_ap", "s5-computer-vision", r"mAP is the mean over classes", steps, note)


# --- 5. the DPO loss of one preference pair (c-instruction-tuning-rlhf) -----------------------------------------

_CHOSEN = r"\b(?:chosen|preferred|winning|winner|y_?w)\b"
_REJECTED = r"\b(?:rejected|dispreferred|losing|loser|y_?l)\b"
_UP = (
    r"\b(?:rais\w*|increas\w*|boost\w*|lifts?|lifted|up|higher|rises?|rose|grows?|grew|gains?|more\s+likely"
    r"|pushes\s+up)\b"
)
_DOWN = r"\b(?:lower\w*|decreas\w*|reduc\w*|drops?|dropped|down|falls?|fell|less\s+likely|cuts?|pushes\s+down)\b"
_REF = r"π_?ref|pi_?ref|\bref(?:erence)?\b|\bSFT\b|\bfrozen\b|\binitial\s+model\b"
_POLICY = r"π_?θ|pi_?theta|\bpolicy\b|π(?!_?ref)|\bpi\b(?!_?ref)|\bcurrent\s+model\b|\btrained\s+model\b"


def _dpo_changes(question: str) -> tuple[float, float] | None:
    """The policy's log-probability changes relative to the reference: 'raises the chosen response's log-probability
    by 2 and lowers the rejected one's by 1' -> (2, -1); 'chosen log-ratio = 1.5, rejected log-ratio = -0.5'."""
    got: dict[str, set[float]] = {"chosen": set(), "rejected": set()}
    parts = re.split(r"(?<!\d)[.;?!](?!\d)|,(?!\d{3}\b)|\band\b|\bbut\b|\bwhile\b|\bwhereas\b", question)
    for part in parts:
        chosen, rejected = re.search(_CHOSEN, part, re.I), re.search(_REJECTED, part, re.I)
        if bool(chosen) == bool(rejected):
            continue
        role = "chosen" if chosen else "rejected"
        ratio = re.findall(rf"log[- ]?(?:prob(?:ability)?[- ]?)?ratio\s*(?:of|=|:|is)?\s*({NUM})", part, re.I)
        by = re.findall(rf"\bby\s+({NUM})\s*(?:nats?)?", part, re.I)
        up, down = re.search(_UP, part, re.I), re.search(_DOWN, part, re.I)
        if ratio and not by:
            got[role] |= {to_float(r) for r in ratio}
        elif by and not ratio and bool(up) != bool(down):
            values = {to_float(b) for b in by}
            if any(v < 0 for v in values):
                return None  # "lowers by -1": which way is unclear
            got[role] |= {v if up else -v for v in values}
    if len(got["chosen"]) != 1 or len(got["rejected"]) != 1:
        return None
    return got["chosen"].pop(), got["rejected"].pop()


def _dpo_cases(question: str) -> list[tuple[str, tuple[float, float]]] | None:
    """Cases labelled (a), (b), (c)...: each one's (Δ_chosen, Δ_rejected), (0, 0) for 'the policy equals the
    reference'; None unless there are two or more and every one is read."""
    marks = list(re.finditer(r"\(\s*([a-e])\s*\)", question))
    if len(marks) < 2 or [m[1] for m in marks] != [chr(ord("a") + i) for i in range(len(marks))]:
        return None
    out = []
    for i, m in enumerate(marks):
        text = question[m.end() : marks[i + 1].start() if i + 1 < len(marks) else len(question)]
        text = re.split(r"[?]|\.\s", text)[0]
        if re.search(r"(?:equals?|same as|identical to)\s+the\s+(?:frozen\s+)?ref", text, re.I) and not re.search(
            rf"(?<![\w.]){NUM}", text
        ):
            out.append((m[1], (0.0, 0.0)))
        elif changes := _dpo_changes(text):
            out.append((m[1], changes))
        else:
            return None
    return out


def _dpo_logprobs(question: str) -> tuple[float, float, float, float] | None:
    """Four log-probabilities, each read with the model (policy or reference) and the response (chosen or rejected)
    named since the number before it: (policy chosen, reference chosen, policy rejected, reference rejected)."""
    marks = []
    for kind, pattern in (("ref", _REF), ("policy", _POLICY), ("chosen", _CHOSEN), ("rejected", _REJECTED)):
        marks += [(m.start(), kind) for m in re.finditer(pattern, question, re.I)]
    marks += [(m.start(), m[0]) for m in re.finditer(rf"(?<![\w.]){NUM}", question)]
    marks.sort()
    model = role = None
    fresh = False
    slots: dict[tuple[str, str], float] = {}
    for _at, kind in marks:
        if kind in ("ref", "policy"):
            model, fresh = kind, True
        elif kind in ("chosen", "rejected"):
            role, fresh = kind, True
        else:
            value = to_float(kind)
            if value > 0 or not re.match(r"-", kind):
                continue  # a log-probability is negative: beta, a model size, a count
            if not fresh or model is None or role is None or (model, role) in slots:
                return None
            slots[(model, role)] = value
            fresh = False
    if len(slots) != 4:
        return None
    return (
        slots[("policy", "chosen")],
        slots[("ref", "chosen")],
        slots[("policy", "rejected")],
        slots[("ref", "rejected")],
    )


def dpo_loss(question: str) -> Worked | None:
    """DPO on one preference pair: each response's log-probability change from the frozen reference, the margin
    β × (Δ_chosen - Δ_rejected) and the loss -ln σ(margin)."""
    if not re.search(r"\bDPO\b|direct preference optimi[sz]ation", question, re.I):
        return None
    betas = {to_float(b) for b in re.findall(rf"(?:\bbeta|β)\s*(?:=|:|of|is)?\s*({NUM})", question, re.I)}
    if len(betas) != 1:
        return None
    beta = betas.pop()
    if beta <= 0:
        return None
    steps = []
    cases = _dpo_cases(question)
    if cases:
        for name, (dc, dr) in cases:
            margin = beta * (dc - dr)
            loss = max(-margin, 0.0) + math.log1p(math.exp(-abs(margin)))
            steps.append(
                f"({name}) Δ_chosen = {fmt(dc)}, Δ_rejected = {fmt(dr)}: margin = {fmt(beta)} × ({fmt(dc)} - "
                f"{factor(dr)}) = {fmt(margin)}, loss = -ln σ({fmt(margin)}) = -ln {fmt(sigmoid(margin))} = {fmt(loss)}"
            )
        note = (
            "The loss is ln 2 ≈ 0.6931 when the policy equals the reference (margin 0), falls as the policy raises the "
            "chosen response relative to the rejected one, and rises above ln 2 when it moves the wrong way; both "
            "changes are measured against the frozen reference, which anchors the policy to it."
        )
        return Worked(
            "dpo_loss", "c-instruction-tuning-rlhf", r"In the DPO example with beta = 0\.1", tuple(steps), note
        )
    if re.search(r"\(\s*[b-e]\s*\)", question):
        return None  # several cases, not all read
    logs = _dpo_logprobs(question)
    if logs is not None:
        pc, rc, pr, rr = logs
        dc, dr = pc - rc, pr - rr
        steps += [
            f"chosen: log π(y_w) - log π_ref(y_w) = {fmt(pc)} - {factor(rc)} = {fmt(dc)}",
            f"rejected: log π(y_l) - log π_ref(y_l) = {fmt(pr)} - {factor(rr)} = {fmt(dr)}",
        ]
    else:
        changes = _dpo_changes(question)
        if changes is None:
            return None
        dc, dr = changes
        steps.append(
            f"relative to the reference: the chosen response's log-probability changes by {fmt(dc)}, the rejected "
            f"one's by {fmt(dr)}"
        )
    gap = dc - dr
    margin = beta * gap
    p = sigmoid(margin)
    loss = max(-margin, 0.0) + math.log1p(math.exp(-abs(margin)))  # -ln σ(m), computed stably
    steps += [
        f"margin = β × (Δ_chosen - Δ_rejected) = {fmt(beta)} × ({fmt(dc)} - {factor(dr)}) = {fmt(beta)} × {fmt(gap)} = "
        f"{fmt(margin)}",
        f"loss = -ln σ(margin) = -ln σ({fmt(margin)}) = -ln {fmt(p)} = {fmt(loss)}",
        f"implicit rewards β × Δ: chosen {fmt(beta * dc)}, rejected {fmt(beta * dr)}",
    ]
    note = (
        "The loss falls as the policy raises the chosen response's probability relative to the rejected one, both "
        "measured against the frozen reference; at the start, when the policy equals the reference, the margin is 0 "
        "and the loss is ln 2 ≈ 0.6931."
    )
    return Worked("dpo_loss", "c-instruction-tuning-rlhf", r"In the DPO example with beta = 0\.1", tuple(steps), note)


# --- 6. the memory-bandwidth ceiling of single-request decoding (c-llm-memory) -----------------------------------

_PRECISIONS = (
    (r"\b(?:fp32|float32)\b", "fp32", 4.0),
    (r"\b(?:fp16|float16|bf16|bfloat16|half[- ]precision)\b", "fp16/bf16", 2.0),
    (r"\b(?:int8|8[- ]bit|q8(?:_0)?)\b", "int8", 1.0),
    (r"\b(?:int4|4[- ]bit|q4(?:_\w+)?|nf4)\b", "4-bit", 0.5),
)


def decode_speed(question: str) -> Worked | None:
    """A model's weights (parameters × bytes per weight, or a size in GB) and a GPU's memory bandwidth: each new token
    reads every weight once, so one request decodes at most bandwidth / weight bytes tokens per second."""
    if not re.search(r"tokens?\s*(?:per|/|a)\s*s(?:ec(?:ond)?)?\b|tok/s|decod|generation speed", question, re.I):
        return None
    if re.search(r"\bbatch(?:es|ed)?\b|concurrent|simultaneous|at once|\bMoE\b|mixture[- ]of[- ]experts|active param|"
                 r"speculative", question, re.I):  # fmt: skip
        return None  # shared weight reads, or only part of the weights read per token
    if not re.search(r"bandwidth|\bHBM|\bGPU|\bVRAM|memory", question, re.I) or re.search(
        r"\btrain(?:ing|s)?\b|fine[- ]tun|\bPCIe\b|NVLink|network|\bdisk|\bSSD|NVMe|data ?loader|download|prefill",
        question,
        re.I,
    ):
        return None  # the bandwidth is not clearly the GPU memory's, or the tokens are not decoded ones
    bandwidth = {
        to_float(a or c or e) * (1000 if (b or d or f).upper().startswith("T") else 1)
        for a, b, c, d, e, f in re.findall(
            rf"({NUM})\s*(TB|GB)\s*/\s*s(?:ec)?\b|({NUM})\s*(TB|GB)ps\b|({NUM})\s*(tera|giga)bytes?\s+(?:per|a)\s+second",
            question,
            re.I,
        )
    }
    if len(bandwidth) != 1:
        return None
    bw = bandwidth.pop()  # GB/s
    if bw <= 0:
        return None
    params = {
        to_float(v) * (1e9 if s.lower().startswith("b") else 1e6)
        for v, s in re.findall(
            r"(?<![\w.])(\d+(?:\.\d+)?)\s*(B|billion|M|million)\b(?![/\w])(?:[- ]param\w*)?", question
        )
    }
    size = {
        (to_float(v), u) for v, u in re.findall(rf"({NUM})\s*(GB|GiB)\b(?!\s*/|ps)(?!\s+(?:per|a)\s+second)", question)
    }
    precisions = []
    for pattern, name, nbytes in _PRECISIONS:
        m = re.search(pattern, question, re.I)
        if m:
            precisions.append((m.start(), name, nbytes))
    precisions = [(name, nbytes) for _, name, nbytes in sorted(precisions)]
    steps = []
    rows: list[tuple[str, float]] = []  # (what, weight bytes in GB)
    if len(size) == 1 and not params:
        value, unit = size.pop()
        gb = value * (2**30 / 1e9 if unit == "GiB" else 1)
        if unit == "GiB":
            steps.append(f"weights: {fmt(value)} GiB × 1.0737 = {fmt(gb)} GB (1 GB = 10^9 bytes)")
        else:
            steps.append(f"weights: {fmt(value)} GB")
        rows.append(("", gb))
    elif len(params) == 1 and not size and precisions:
        n = params.pop()
        for name, nbytes in precisions:
            gb = n * nbytes / 1e9
            steps.append(
                f"{name} weights: {fmt(n / 1e9)} × 10^9 parameters × {fmt(nbytes)} bytes = {fmt(gb)} GB"
                + (" (quantization scales not counted)" if nbytes == 0.5 else "")
            )
            rows.append((name, gb))
    else:
        return None
    steps.append(f"bandwidth: {fmt(bw)} GB/s" + (f" = {fmt(bw / 1000)} TB/s" if bw >= 1000 else ""))
    for name, gb in rows:
        if gb <= 0:
            return None
        lead = f"{name}: " if name and len(rows) > 1 else ""
        steps.append(
            f"{lead}each token reads all {fmt(gb)} GB once: {fmt(gb)} / {fmt(bw)} = {fmt(gb / bw * 1000)} ms per "
            f"token at best, so at most {fmt(bw)} / {fmt(gb)} ≈ {fmt(bw / gb, 1)} tokens per second for one request"
        )
    note = (
        "This is a ceiling: reading the KV cache and other overheads make real single-request decoding slower, and "
        "serving several requests in one batch shares each read of the weights among them."
    )
    return Worked(
        "decode_speed",
        "c-llm-memory",
        r"Decoding a single request is usually memory-bandwidth bound",
        tuple(steps),
        note,
    )


# --- 7. a document cut into overlapping chunks (c-rag-pipeline) --------------------------------------------------

_DOC = r"(?:document|article|doc|page|file|text|report|manual|transcript|pdf|contract|chapter|paper|post|book)s?"


def rag_chunks(question: str) -> Worked | None:
    """A document of N tokens cut into chunks of S tokens overlapping by O: each chunk starts S - O after the last,
    so 1 + ceil((N - S) / (S - O)) chunks; with several documents of N tokens each, that many per document."""
    if not re.search(r"\bchunks?\b|\bchunking\b|chunk_size", question, re.I):
        return None
    lengths = {
        to_float(a or b or c)
        for a, b, c in re.findall(
            rf"({NUM})[- ]token\s+(?:[\w-]+\s+)?{_DOC}\b(?!\s+chunks?)"
            rf"|\b{_DOC}\s+(?:of|with|has|is|that\s+is|contains|containing|runs?\s+to)\s+(?:about\s+|around\s+|roughly\s+|~)?"
            rf"({NUM})\s+tokens\b"
            rf"|\b{_DOC}\s+(?:\w+\s+){{0,3}}?(?:is|are)\s+(?:about\s+|around\s+|roughly\s+|~)?({NUM})\s+tokens\s+long\b",
            question,
            re.I,
        )
    }
    sizes = {
        to_float(a or b or c)
        for a, b, c in re.findall(
            rf"({NUM})[- ]token\s+chunks?\b|\bchunks?\s+(?:of|with|at)\s+(?:about\s+|around\s+|~)?({NUM})\s+tokens\b"
            rf"|chunk[_ ]size\s*(?:of|=|:|is)?\s*({NUM})\s+tokens\b",
            question,
            re.I,
        )
    }
    if len(lengths) != 1 or len(sizes) != 1:
        return None
    n, size = lengths.pop(), sizes.pop()
    overlap_found = {
        to_float(a or b or c or d)
        for a, b, c, d in re.findall(
            rf"({NUM})[- ]token\s+overlap\b|\boverlap(?:ping)?\s+(?:of|by|=|:)?\s*({NUM})\s+tokens\b"
            rf"|chunk[_ ]overlap\s*(?:of|=|:|is)?\s*({NUM})\s+tokens\b|({NUM})\s+tokens?\s+(?:of\s+)?overlap\b",
            question,
            re.I,
        )
    }
    shares = {
        to_float(a or b) for a, b in re.findall(rf"({NUM})\s*%\s+overlap|\boverlap\s+of\s+({NUM})\s*%", question, re.I)
    }
    if shares:
        if len(shares) != 1:
            return None
        overlap_found.add(size * shares.pop() / 100)
    if len(overlap_found) > 1:
        return None
    if overlap_found:
        overlap = overlap_found.pop()
    elif re.search(r"\b(?:no|without|zero|0)\s+overlap|\bnot\s+overlap|\boverlap\s+of\s+0\b", question, re.I):
        overlap = 0.0
    elif re.search(r"\boverlap", question, re.I):
        return None  # an overlap without its size
    else:
        overlap = 0.0
    if n <= 0 or size <= 0 or not 0 <= overlap < size or overlap != int(overlap) or size != int(size):
        return None
    step = size - overlap
    count = 1 if n <= size else 1 + math.ceil((n - size) / step - 1e-12)
    starts = [i * step for i in range(count)]
    last = n - starts[-1]
    steps = []
    if overlap:
        steps.append(f"each chunk starts {fmt(size)} - {fmt(overlap)} = {fmt(step)} tokens after the one before")
    if n <= size:
        steps.append(f"{fmt(n)} tokens ≤ {fmt(size)}: the document fits in one chunk")
    else:
        steps.append(
            f"chunks: 1 + ceil(({fmt(n)} - {fmt(size)}) / {fmt(step)}) = 1 + ceil({fmt((n - size) / step)}) = {count}"
        )
        shown = [fmt(x) for x in starts] if count <= 12 else [fmt(x) for x in starts[:5]] + ["..."] + [fmt(starts[-1])]
        listed = ", ".join(shown)
        steps.append(
            f"starting at tokens {listed}; the last runs from {fmt(starts[-1])} to the end at {fmt(n)} "
            f"({fmt(last)} tokens)"
        )
        stored = (count - 1) * size + last
        if overlap:
            steps.append(
                f"tokens embedded: {count - 1} × {fmt(size)} + {fmt(last)} = {fmt(stored)}, {fmt(stored - n)} more "
                f"than the document's {fmt(n)} because of the overlap"
            )
    many = re.findall(
        rf"(?<![\w.])({NUM})\s+(?:[\w-]+\s+)?{_DOC}\s*,?\s*(?:of|with|each\s+(?:of|with|about|around|roughly)?)\s*"
        rf"(?:about\s+|around\s+|roughly\s+|~)?({NUM})[- ]?tokens(?:\s+each)?",
        question,
        re.I,
    )
    if len(many) == 1 and to_float(many[0][1]) == n and re.search(r"\beach\b", question, re.I):
        docs = to_float(many[0][0])
        if docs > 1 and docs == int(docs):
            steps.append(
                f"{fmt(docs)} documents of {fmt(n)} tokens: {fmt(docs)} × {count} = {fmt(docs * count)} chunks"
            )
    note = (
        "The overlap repeats the last tokens of each chunk at the start of the next, so a sentence cut at one boundary "
        "is still whole in one chunk; splitters that move the cuts to sentence or section boundaries give slightly "
        "different counts."
    )
    return Worked("rag_chunks", "c-rag-pipeline", r"becomes 5 chunks starting at tokens 0, 450", tuple(steps), note)

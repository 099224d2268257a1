"""Calculators from the h32 blind set (third helper): a pipeline's task graph written in prose or arrows, with the
sequential total, each task's earliest finish and the critical path (s4-pipeline-automation), and cosine
similarity beside Pearson correlation on two items' raw ratings (s5-recommender-systems). Each reads the learner's
numbers only when it is sure of them and returns None otherwise. Pure functions."""

from __future__ import annotations

import math
import re

from app.answering.compute.parse import Worked, bracketed, fmt, literal, prose_lists, shape_of, signed_sum, vec

# --- a task graph: sequential total against the critical path (s4-pipeline-automation) ---------------------------

_UNIT = r"(?:min(?:ute)?s?|h(?:ours?)?|hrs?)\b"
_DUR = rf"\(\s*(\d+(?:\.\d+)?)\s*(?:{_UNIT})?\s*\)"
_TASK = re.compile(rf"\b([A-Za-z_][\w-]*)\s*{_DUR}", re.I)
_NAME = r"[A-Za-z_][\w-]*"
_ITEM = rf"{_NAME}(?:\s*\(\s*\d+(?:\.\d+)?\s*(?:{_UNIT})?\s*\))?"
_GROUP = rf"{_ITEM}(?:\s*,\s*(?:and\s+)?{_ITEM}|\s+and\s+{_ITEM})*"
_AFTER = (
    r"(?:also\s+)?(?:runs?|starts?|comes?|goes|go|executes?)?\s*(?:in\s+parallel\s+)?"
    r"(?:right\s+|directly\s+|immediately\s+|only\s+)?after"
)
_NEEDS = (
    r"(?:also\s+)?(?:needs|requires|depends\s+on|waits\s+for|runs?\s+(?:only\s+)?(?:after|once)"
    r"|needs\s+to\s+wait\s+for)"
)
_DEP_WORDS = re.compile(
    r"->|→|\bafter\b|\bneeds?\b|\brequires?\b|\bdepends?\b|\bwaits?\b|\bparallel\b|\bthen\b|\bonce\b|\bbefore\b|\bfeeds?\b",
    re.I,
)


def _names(group: str) -> list[str]:
    """'extract (15 min) and clean (10)' -> ['extract', 'clean']."""
    group = re.sub(_DUR, " ", group, flags=re.I)
    return [n for n in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", group.strip()) if n]


def _graph(question: str) -> tuple[dict[str, float], dict[str, list[str]], str] | None:
    """Tasks with durations, each task's predecessors, and the unit; None unless every clause that names a task or a
    dependency is read in full, every task has one duration and every dependency names a known task."""
    durations: dict[str, float] = {}
    for m in _TASK.finditer(question):
        if m[1].lower() in {"retries", "retry", "max", "min", "total"}:
            return None
        if m[1] in durations:
            return None  # a task given twice: which duration is meant is not clear
        durations[m[1]] = float(m[2])
    if len(durations) < 3:
        return None
    units = {u[0].lower() for u in re.findall(rf"\d\s*({_UNIT})", question, re.I)}
    if len(units) > 1:
        return None
    unit = {"m": "min", "h": "h"}.get(next(iter(units)), "") if units else ""
    preds: dict[str, list[str]] = {t: [] for t in durations}
    # clauses: sentences and semicolons; "then" opens a clause that follows the one before
    text = re.sub(r"\s*,?\s*\bthen\b", "; then", question)
    clauses = [c.strip(" ,") for c in re.split(r";|(?<!\d)[.?!](?!\d)|\n", text)]
    last: list[str] = []  # the tasks the clause before ended on ("both", "then")
    for clause in clauses:
        if not clause:
            continue
        # a lead-in before a colon ("nightly DAG: extract (15 min) -> ...")
        if ":" in clause and _TASK.search(clause.split(":", 1)[1]):
            clause = clause.rsplit(":", 1)[1].strip()
        has_task = bool(_TASK.search(clause)) or bool(re.search(r"->|→", clause))
        names_known = any(re.search(rf"\b{re.escape(t)}\b", clause) for t in durations)
        if not has_task and not (names_known and _DEP_WORDS.search(clause)):
            continue  # "how long if run one after another", "train has retries=2"
        then = bool(re.match(r"then\b", clause, re.I))
        body = re.sub(r"^then\s+", "", clause, flags=re.I)
        ended = _read_clause(body, durations, preds, last, then)
        if ended is None:
            return None
        last = ended
    # every task reached: one graph, not loose tasks
    roots = [t for t in durations if not preds[t]]
    linked = {t for t in durations if preds[t]} | {p for t in durations for p in preds[t]}
    if not roots or len(linked) != len(durations):
        return None
    return durations, preds, unit


def _link(preds: dict[str, list[str]], before: list[str], after: list[str], known: dict[str, float]) -> bool:
    for b in before:
        for a in after:
            if a not in known or b not in known or a == b:
                return False
            if b not in preds[a]:
                preds[a].append(b)
    return True


def _read_clause(
    body: str, known: dict[str, float], preds: dict[str, list[str]], last: list[str], then: bool
) -> list[str] | None:
    """One clause's dependencies into `preds`; the tasks it ends on, or None when it is not read in full."""
    body = re.sub(r"\s+", " ", body).strip()
    # a chain of groups: "extract (15 min) -> clean (10) -> f_user (25)"
    if re.search(r"->|→", body):
        parts = [p.strip() for p in re.split(r"->|→", body)]
        if not all(re.fullmatch(_GROUP, p, re.I) for p in parts):
            return None
        groups = [_names(p) for p in parts]
        if then and last and not _link(preds, last, groups[0], known):
            return None
        for a, b in zip(groups, groups[1:], strict=False):
            if not _link(preds, a, b, known):
                return None
        return groups[-1]
    # "f_item (30) also runs right after extract", "evaluate (8) and explain (12) run in parallel after train"
    m = re.fullmatch(rf"({_GROUP})\s+(?:both\s+|all\s+)?{_AFTER}\s+(?:both\s+|all\s+(?:of\s+)?)?({_GROUP})", body, re.I)
    if m:
        subjects, befores = _names(m[1]), _names(m[2])
        return subjects if _link(preds, befores, subjects, known) else None
    # "train (45) needs both f_user and f_item", "publish (3) needs both"
    m = re.fullmatch(
        rf"({_ITEM})\s+{_NEEDS}\s*(?:(both|all(?:\s+(?:two|three|four|five|\d))?)(?:\s+of)?)?\s*({_GROUP})?(?:\s+to\s+finish)?",
        body,
        re.I,
    )
    if m:
        subject = _names(m[1])
        if m[3]:
            befores = _names(m[3])
            if m[2] and m[2].lower() == "both" and len(befores) != 2:
                return None
        else:
            if not m[2]:
                return None
            count = {"both": 2, "two": 2, "three": 3, "four": 4, "five": 5}.get(m[2].split()[-1].lower())
            if m[2].split()[-1].isdigit():
                count = int(m[2].split()[-1])
            if len(last) < 2 or (count is not None and count != len(last)):
                return None
            befores = last
        return subject if _link(preds, befores, subject, known) else None
    # "then evaluate (8) and explain (12) in parallel", "then publish (3)"
    m = re.fullmatch(rf"({_GROUP})(?:\s+(?:both\s+)?(?:run|runs)?\s*(?:in\s+parallel)?)?", body, re.I)
    if m and then and last:
        group = _names(m[1])
        return group if _link(preds, last, group, known) else None
    return None


def _order(durations: dict[str, float], preds: dict[str, list[str]]) -> list[str] | None:
    """The tasks in an order that runs each after what it waits for; None for a cycle."""
    done: list[str] = []
    left = list(durations)
    while left:
        ready = [t for t in left if all(p in done for p in preds[t])]
        if not ready:
            return None
        done += ready
        left = [t for t in left if t not in ready]
    return done


def dag_graph(question: str) -> Worked | None:
    """Named tasks with durations and dependencies ('a (15 min) -> b (10) -> c (25); d (30) also runs right after
    a; e (45) needs both c and d; then f (8) and g (12) run in parallel after e; h (3) needs both'): the sequential
    total, each task's earliest finish, the critical path and its tasks, and retries=N as 1 + N attempts."""
    if not re.search(
        r"\bdag\b|critical path|wall[- ]clock|parallel|pipeline|airflow|one after another", question, re.I
    ):
        return None
    read = _graph(question)
    if read is None:
        return None
    durations, preds, unit = read
    order = _order(durations, preds)
    if order is None or not any(len(p) > 1 for p in preds.values()) and not _branches(preds):
        return None  # a plain chain: `dag` works it
    u = f" {unit}" if unit else ""
    finish: dict[str, float] = {}
    shown = []
    for t in order:
        start = max((finish[p] for p in preds[t]), default=0.0)
        finish[t] = start + durations[t]
        if not preds[t]:
            shown.append(f"{t} {fmt(finish[t])}")
        elif len(preds[t]) == 1:
            shown.append(f"{t} {fmt(start)} + {fmt(durations[t])} = {fmt(finish[t])}")
        else:
            waits = ", ".join(fmt(finish[p]) for p in preds[t])
            shown.append(f"{t} max({waits}) + {fmt(durations[t])} = {fmt(finish[t])}")
    total = max(finish.values())
    end = next(t for t in order if finish[t] == total)
    path = [end]
    while preds[path[-1]]:
        path.append(max(preds[path[-1]], key=lambda p: finish[p]))
    path.reverse()
    seq = sum(durations.values())
    # latest finish without delaying the run: the slack of the tasks off the critical path
    latest: dict[str, float] = {}
    for t in reversed(order):
        nexts = [s for s in order if t in preds[s]]
        latest[t] = min((latest[s] - durations[s] for s in nexts), default=total)
    slack = {t: latest[t] - finish[t] for t in order if latest[t] - finish[t] > 1e-9}
    steps = [
        f"one after another: {' + '.join(fmt(d) for d in durations.values())} = {fmt(seq)}{u}",
        "earliest finish of each task (the latest finish among the tasks it waits for, plus its own time): "
        + "; ".join(shown),
        f"critical path (the longest chain of dependencies): {' → '.join(path)} = "
        f"{' + '.join(fmt(durations[t]) for t in path)} = {fmt(total)}{u}",
    ]
    retries = re.findall(r"\b(?:(\w+)\s+(?:has|with|uses|gets)\s+)?retries\s*=\s*(\d+)", question, re.I)
    if len(retries) == 1:
        who, n = retries[0][0], int(retries[0][1])
        if who not in durations and (named := re.search(r"retries\s*=\s*\d+\s+(?:on|for)\s+(\w+)", question, re.I)):
            who = named[1]
        on = f" on {who}" if who in durations else ""
        steps.append(f"retries={n}{on}: the first attempt plus {n} retries = 1 + {n} = {n + 1} attempts at most")
    note = (
        f"As a DAG the run takes its critical path, {fmt(total)}{u} instead of {fmt(seq)}{u} one after another "
        f"(saving {fmt(seq - total)}{u}); only a task on that path shortens the run when it gets faster"
    )
    if slack:
        note += ": " + ", ".join(f"{t} could take {fmt(s)}{u} longer without delaying it" for t, s in slack.items())
    note += "."
    if len(retries) == 1:
        note += (
            " A retried task must be idempotent (overwrite its output rather than append) so reruns do not "
            "duplicate data."
        )
    return Worked("dag_graph", "s4-pipeline-automation", r"critical path", tuple(steps), note)


def _branches(preds: dict[str, list[str]]) -> bool:
    """Does some task start more than one other task (a fork), so the graph is not a chain?"""
    starts: dict[str, int] = {}
    for ps in preds.values():
        for p in ps:
            starts[p] = starts.get(p, 0) + 1
    return any(n > 1 for n in starts.values())


# --- cosine similarity against Pearson correlation on raw ratings (s5-recommender-systems) ---------------------


def cosine_pearson(question: str) -> Worked | None:
    """Two items' ratings by the same users ('item X 5, 4, 3 and item Y 3, 4, 5'), asked for both the cosine
    similarity and the Pearson correlation: r_i · r_j / (‖r_i‖ ‖r_j‖) on the raw ratings, then the same on the
    mean-centred ones."""
    if not re.search(r"\bcosine\b", question, re.I):
        return None
    if not re.search(r"pearson|correlation|mean[- ]cent(?:er|re)", question, re.I):
        return None
    if re.search(r"adjusted cosine", question, re.I):
        return None  # centred on each user's mean, not each item's
    lists = [v for _, t in bracketed(question) if (v := literal(t)) is not None and len(shape_of(v) or ()) == 1]
    if not lists:
        lists = prose_lists(question)
    if len(lists) != 2 or len(lists[0]) != len(lists[1]) or len(lists[0]) < 3:
        return None
    x, y = lists
    names = re.findall(r"\bitems?\s+([A-Z]\w?)\b", question)
    a, b = (names[0], names[1]) if len(names) == 2 and names[0] != names[1] else ("x", "y")
    dot = sum(p * q for p, q in zip(x, y, strict=True))
    sx, sy = sum(p * p for p in x), sum(q * q for q in y)
    if not sx or not sy:
        return None
    cos = dot / math.sqrt(sx * sy)
    mx, my = sum(x) / len(x), sum(y) / len(y)
    dx, dy = [p - mx for p in x], [q - my for q in y]
    sxy = sum(p * q for p, q in zip(dx, dy, strict=True))
    sxx, syy = sum(p * p for p in dx), sum(q * q for q in dy)
    if not sxx or not syy:
        return None  # one item rated the same by everyone: no correlation
    r = sxy / math.sqrt(sxx * syy)
    products = [p * q for p, q in zip(x, y, strict=True)]
    centred = [p * q for p, q in zip(dx, dy, strict=True)]
    norms = f"{fmt(sx)} × {fmt(sy)}"
    denom = math.sqrt(sx * sy)
    steps = (
        f"cosine on the raw ratings: {a} · {b} = {' + '.join(f'{fmt(p)}×{fmt(q)}' for p, q in zip(x, y, strict=True))}"
        f" = {signed_sum(products)} = {fmt(dot)}",
        f"‖{a}‖² = {fmt(sx)}, ‖{b}‖² = {fmt(sy)}; cosine = {fmt(dot)} / √({norms}) = {fmt(dot)} / {fmt(denom)} = "
        f"{fmt(cos)}",
        f"Pearson subtracts each item's mean first: mean of {a} = {fmt(mx)}, of {b} = {fmt(my)}; deviations "
        f"{vec(dx)} and {vec(dy)}",
        f"Σ products = {signed_sum(centred)} = {fmt(sxy)}; Σ squares = {fmt(sxx)} and {fmt(syy)}; "
        f"r = {fmt(sxy)} / √({fmt(sxx)} × {fmt(syy)}) = {fmt(r)}",
    )
    note = (
        "Both numbers are right but answer different questions: cosine on raw ratings stays high whenever all "
        "ratings are positive, while Pearson compares each rating with the item's own mean."
    )
    if cos > 0.5 and r < 0:
        note += (
            f" Here cosine is {fmt(cos)} while r = {fmt(r)}: users who rate {a} above its mean rate {b} below its "
            "mean, which only the mean-centred (Pearson) similarity shows."
        )
    return Worked(
        "cosine_pearson",
        "s5-recommender-systems",
        r"Cosine similarity between two item columns is",
        steps,
        note,
    )

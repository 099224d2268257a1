"""Calculators from a sweep of stage 2's evaluation and algorithms readings for methods no other calculator
worked with the learner's own numbers: F1 and F-beta from a precision and a recall (s2-metrics), the Gini
impurity and entropy of one tree node (s2-supervised-learning), the cost of misses and false alarms at each
operating point, the break-even threshold and the decision on a scored case (c-class-imbalance, c-calibration),
the sizes and fits of nested and leave-one-out cross-validation (s2-train-test-cv), the features a random forest
draws at each split (s2-ensemble-methods), k-means++ seeding probabilities (s2-unsupervised-learning) and Cohen's
kappa from two raters' agreement and label rates (c-mcc-kappa). Each reads the learner's numbers only when it is
sure of them and returns None otherwise. Pure functions."""

from __future__ import annotations

import math
import re

from app.answering.compute.models import gini_split
from app.answering.compute.parse import NUM, Worked, bracketed, fmt, literal, pct, prose_lists, shape_of, to_float

# --- F1 and F-beta from a precision and a recall (s2-metrics) ------------------------------------------------

_COUNTS = re.compile(r"\b(?:TP|FP|FN|TN)\b|true positives?|false positives?|false negatives?|true negatives?", re.I)
_PR_SEP = r"(?:\s*(?:of|=|:|is|was|≈|~)\s*|\s+(?:of\s+)?)(?:about\s+|around\s+|roughly\s+)?"
_PR_VALUE = rf"({NUM})\s*(%|percent)?(?![\w%]|\.\d)"
_NAMED = re.compile(  # "Model A", "classifier 2" (the name capitalized or a number), "threshold 0.3"
    rf"\b((?i:model|classifier|system|version|config(?:uration)?|run|option))\s+([A-Z0-9][\w.]*)\b"
    rf"|(?i:threshold)\s*(?i:of|=|at)?\s*({NUM})"
)


def _share(value: str, percent: str | None) -> float | None:
    x = to_float(value) / (100 if percent else 1)
    return x if 0 <= x <= 1 else None


def _labelled_shares(question: str, label: str) -> list[tuple[int, float | None]]:
    """The values written after the label ('precision 0.8', 'recall of 50%') or before it ('90% precision'); a
    number already read after one label is not read again before the next ('precision 0.8 recall 0.5')."""
    after = {
        m.start(): m
        for name in ("precision", "recall")
        for m in re.finditer(rf"\b{name}{_PR_SEP}{_PR_VALUE}", question, re.I)
    }
    found = [(at, _share(m[1], m[2])) for at, m in after.items() if m[0].lower().startswith(label)]
    taken = [m.span(1) for m in after.values()]
    for m in re.finditer(rf"(?<![\w.]){_PR_VALUE}\s+{label}\b", question, re.I):
        own_value = m.end() - len(label) in after  # "at 0.7 precision 0.5": 0.5 is the precision, 0.7 is not
        if not own_value and not any(a <= m.start(1) < b for a, b in taken):
            found.append((m.start(), _share(m[1], m[2])))
    return sorted(found)


def _pr_pairs(question: str) -> list[tuple[int, float, float]] | None:
    """(start, precision, recall) pairs in reading order; None when a value is out of range or the two
    lists cannot be paired one to one."""
    both = list(
        re.finditer(
            rf"\b(precision|recall)\s+and\s+(precision|recall)\s*(?:are|were|of|=|:)?\s*(?:about\s+)?"
            rf"{_PR_VALUE}\s*(?:and|,|/)\s*{_PR_VALUE}",
            question,
            re.I,
        )
    )
    if both:
        if len(both) > 1:
            return None
        m = both[0]
        first, second = _share(m[3], m[4]), _share(m[5], m[6])
        if m[1].lower() == m[2].lower() or first is None or second is None:
            return None
        p, r = (first, second) if m[1].lower() == "precision" else (second, first)
        if _labelled_shares(question, "precision") or _labelled_shares(question, "recall"):
            return None  # another value beside the pair
        return [(m.start(), p, r)]
    ps = _labelled_shares(question, "precision")
    rs = _labelled_shares(question, "recall")
    if not ps and not rs:
        ps = [(m.start(), _share(m[1], None)) for m in re.finditer(rf"\bP\s*=\s*({NUM})(?![\w.])", question)]
        rs = [(m.start(), _share(m[1], None)) for m in re.finditer(rf"\bR\s*=\s*({NUM})(?![\w.])", question)]
    if not ps or len(ps) != len(rs) or len(ps) > 4 or any(v is None for _, v in ps + rs):
        return None
    merged = sorted([(at, "p", v) for at, v in ps] + [(at, "r", v) for at, v in rs])
    pairs = []
    for i in range(0, len(merged), 2):
        (at, kind_a, a), (_, kind_b, b) = merged[i], merged[i + 1]
        if kind_a == kind_b or kind_a != merged[0][1]:
            return None  # not alternating the same way throughout
        pairs.append((at, a, b) if kind_a == "p" else (at, b, a))
    return pairs  # type: ignore[return-value]


def f_from_pr(question: str) -> Worked | None:
    """A precision and a recall given as numbers (one pair, or a few pairs for models or thresholds): F1 =
    2PR / (P + R), the harmonic mean, beside the arithmetic mean, and F-beta for each beta named."""
    if not re.search(
        r"\bf[-_ ]?(?:1|one|beta|β|\d+(?:\.\d+)?)\b|\bf[-_ ]?(?:score|measure)|harmonic mean"
        r"|(?:average|mean)\s+of\s+(?:its\s+|their\s+|the\s+)?precision\s+and\s+recall",  # a plain average
        question,
        re.I,
    ):
        return None
    if _COUNTS.search(question) or re.search(r"\b(?:precision|recall)\s*@|@\s*k\b|flag(?:s|ged)\s+\d", question, re.I):
        return None  # counts: the confusion-matrix calculators; precision@k: a ranking
    pairs = _pr_pairs(question)
    if not pairs:
        return None
    betas = [
        float(a or b)
        for a, b in re.findall(rf"\bF[-_ ]?(\d+(?:\.\d+)?)\b|(?:beta|β)\s*=\s*({NUM})", question, re.I)
        if float(a or b) > 0
    ]
    betas = [b for b in dict.fromkeys(betas) if b != 1][:3]
    labels = list(_NAMED.finditer(question))
    named = len(labels) == len(pairs) and all(
        m.start() < at and (not i or m.start() > pairs[i - 1][0])
        for i, (m, (at, _, _)) in enumerate(zip(labels, pairs, strict=True))
    )  # one label before each pair ("Model A: precision ..."), else the pairs are numbered
    steps = []
    for i, (_, p, r) in enumerate(pairs):
        if not p + r:
            return None
        name = ""
        if len(pairs) > 1:
            m = labels[i] if named else None
            name = (f"{m[1]} {m[2]}" if m[1] else f"threshold {m[3]}") if m else f"pair {i + 1}"
            name += ": "
        f1 = 2 * p * r / (p + r)
        line = f"{name}F1 = 2PR / (P + R) = 2 × {fmt(p)} × {fmt(r)} / ({fmt(p)} + {fmt(r)}) = {fmt(2 * p * r)} / "
        line += f"{fmt(p + r)} = {fmt(f1)}"
        if abs(p - r) > 1e-12:
            line += f"; the arithmetic mean would be {fmt((p + r) / 2)}"
        steps.append(line)
        for beta in betas:
            b2 = beta * beta
            f = (1 + b2) * p * r / (b2 * p + r)
            steps.append(
                f"{name}F{fmt(beta)} (β = {fmt(beta)}): (1 + β²)PR / (β²P + R) = {fmt(1 + b2)} × {fmt(p)} × {fmt(r)} / "
                f"({fmt(b2)} × {fmt(p)} + {fmt(r)}) = {fmt((1 + b2) * p * r)} / {fmt(b2 * p + r)} = {fmt(f)}"
            )
    note = (
        "F1 is the harmonic mean of precision and recall, pulled toward the smaller one, so it is high only when "
        "both are."
    )
    if betas:
        note += " F-beta with β > 1 weights recall more, and β < 1 weights precision more."
    cue = r"\*\*F-beta\*\*" if betas and not re.search(r"\bf[-_ ]?(?:1|one)\b", question, re.I) else r"\*\*F1-score\*\*"
    return Worked("f_from_pr", "s2-metrics", cue, tuple(steps), note)


# --- Gini impurity and entropy of one node (s2-supervised-learning) ------------------------------------------

_NOT_CLASSES = {
    "sample", "row", "example", "point", "observation", "instance", "record", "item", "data", "datapoint",
    "of", "in", "and", "the", "an", "to", "at", "on", "with", "for", "from", "or", "is", "are", "were",
    "feature", "tree", "fold", "class", "classe", "leaf", "leave", "node", "split", "level", "bit", "time",
    "total", "each", "per", "depth", "child", "children", "group", "element", "label", "categorie", "category",
    "value", "case", "percent", "more", "other", "left", "right", "parent", "then", "so", "but",
    "column", "variable", "predictor", "target", "estimator", "epoch", "second", "minute", "hour", "day", "week",
    "layer", "unit", "neuron", "parameter", "iteration", "round", "bin", "step", "run", "seed", "setting",
}  # fmt: skip
_ITEM = re.compile(
    r"(\d+(?:,\d\d\d)*(?:\.\d+)?)\s*(%)?\s+(?:of\s+|from\s+|in\s+)?(?:(?:class|label|category)\s+)?([A-Za-z][\w'+-]*)"
)
_GAP = re.compile(
    r"\s*(?:(?:examples?|samples?|rows?|points?|instances?|observations?|records?|items?|ones)\s*)?"
    r"(?:,\s*(?:and\s+)?|/|;|\band\b|\bvs\.?|\bversus\b|\bplus\b)\s*",
    re.I,
)
_SPLIT_WORDS = re.compile(
    r"\bleft\b|\bright\s*(?:child|node|side|branch|gets|has|holds|with|contains|:|-|=|\(|\d)|\bchild|\bsends?\b"
    r"|\bputs?\b|\bparent\b|\bsplit\s+(?:[A-Z0-9]\b|into)",
    re.I,
)
_NODE_SIZE = re.compile(
    r"(\d+(?:,\d\d\d)*)\s+(?:training\s+)?"
    r"(?:samples|rows|examples|points|observations|instances|records|items|data points)",
    re.I,
)


def _class_groups(question: str) -> list[tuple[int, list[tuple[str, float]], bool]]:
    """Groups of class counts written in a row ('12 pos, 8 neg', '40 cats, 35 dogs and 25 birds', '60%
    yes / 40% no'): (start, [(class, count)], in percent)."""
    items = []
    for m in _ITEM.finditer(question):
        label = m[3].lower().rstrip("s") or m[3].lower()
        if label in _NOT_CLASSES or m[3].lower() in _NOT_CLASSES:
            continue
        items.append(m)
    groups: list[list[re.Match]] = []
    for m in items:
        if groups and _GAP.fullmatch(question[groups[-1][-1].end() : m.start()]):
            groups[-1].append(m)
        else:
            groups.append([m])
    found = []
    for group in groups:
        if len(group) < 2:
            continue
        start = max(question.rfind(c, 0, group[0].start()) for c in ".?!;\n") + 1
        end = min([i for i in (question.find(c, group[-1].end()) for c in ".?!;\n") if i >= 0] + [len(question)])
        if not re.search(r"\b(?:node|leaf|leaves|region|bucket)\b", question[start:end], re.I):
            continue  # counts of something, not of a node's classes
        labels = [m[3].lower() for m in group]
        percent = {bool(m[2]) for m in group}
        if len(set(labels)) != len(labels) or len(percent) != 1:
            return []  # a class named twice, or counts mixed with percentages: unsure
        found.append((group[0].start(), [(m[3], to_float(m[1])) for m in group], percent.pop()))
    return found


def node_impurity(question: str) -> Worked | None:
    """Class counts of one node, or of a few nodes compared ('12 pos, 8 neg'; '40 cats, 35 dogs, 25 birds'):
    each class's share, the Gini impurity 1 - Σ p_k² and the entropy -Σ p_k log2 p_k. A split (a parent and
    its children) is left to `gini_split`."""
    if not re.search(r"\bgini\b|\bentropy\b|\bimpurity\b", question, re.I):
        return None
    if re.search(r"cross[- ]?entropy|information gain|\binfo gain\b|gini coefficient", question, re.I):
        return None
    if not re.search(r"\bnode|\bleaf|\btree|\bimpurity|\bgini\b", question, re.I):
        return None
    if _SPLIT_WORDS.search(question) or gini_split(question):
        return None  # a split: its children and the weighted impurity are `gini_split`'s
    groups = _class_groups(question)
    if not groups or len(groups) > 4:
        return None
    sizes = {int(s.replace(",", "")) for s in _NODE_SIZE.findall(question)}
    gini = bool(re.search(r"\bgini\b", question, re.I))
    entropy = bool(re.search(r"\bentropy\b", question, re.I))
    if not gini and not entropy:
        gini = entropy = True  # "impurity" alone: scikit-learn's default criterion and the other common one
    nats = entropy and bool(re.search(r"\bnats?\b|natural log|\bln\b|log base e", question, re.I))
    log, unit = (math.log, "nats") if nats else (math.log2, "bits")
    logname = "ln" if nats else "log2"
    steps = []
    widths = set()
    for i, (at, classes, percent) in enumerate(groups):
        values = [v for _, v in classes]
        total = sum(values)
        if percent:
            if abs(total - 100) > 0.01:
                return None
        elif any(v != int(v) for v in values) or not total:
            return None
        widths.add(len(classes))
        if not percent and sizes and int(total) not in sizes:
            return None  # the node's stated size is not the sum of its classes
        name = ""
        if len(groups) > 1:
            before = re.findall(r"\b(node|leaf)\s+([A-Z0-9]\w?)\b", question[groups[i - 1][0] if i else 0 : at])
            name = f"{before[-1][0]} {before[-1][1]}: " if before else f"node {i + 1}: "
        shares = [v / total for v in values]
        if percent:
            share_text = ", ".join(f"{n} {fmt(v)}% = {fmt(s)}" for (n, v), s in zip(classes, shares, strict=True))
        else:
            share_text = ", ".join(
                f"{n} {fmt(v)}/{fmt(total)} = {fmt(s)}" for (n, v), s in zip(classes, shares, strict=True)
            )
        line = f"{name}class shares {share_text}"
        if gini:
            g = 1 - sum(s * s for s in shares)
            squares = " + ".join(f"{fmt(s)}²" for s in shares)
            line += f"; Gini = 1 - ({squares}) = 1 - {fmt(sum(s * s for s in shares))} = {fmt(g)}"
        if entropy:
            h = -sum(s * log(s) for s in shares if s)
            terms = " + ".join(f"{fmt(s)} {logname} {fmt(s)}" for s in shares if s)
            line += f"; entropy = -({terms}) = {fmt(h)} {unit[:-1] if fmt(h) == '1' else unit}"
        steps.append(line)
    if len(groups) > 1 and len(widths) != 1:
        return None
    k = widths.pop()
    limits = []
    if gini:
        limits.append(f"Gini at most 1 - 1/{k} = {fmt(1 - 1 / k)}")
    if entropy:
        limits.append(f"entropy at most {logname} {k} = {fmt(log(k))} {unit[:-1] if fmt(log(k)) == '1' else unit}")
    note = (
        f"A pure node scores 0; with {k} classes, {' and '.join(limits)}, reached when the classes are equally "
        "mixed. The tree keeps the split that lowers the size-weighted impurity of the children most."
    )
    return Worked("node_impurity", "s2-supervised-learning", r"\*\*Gini impurity\*\*", tuple(steps), note)


# --- the cost of misses and false alarms (c-class-imbalance, c-calibration) -----------------------------------

_MISS = (
    r"\b(?:missed\s+[\w-]+(?:\s+[\w-]+)?|miss(?:es)?|false[- ]negatives?|FNs?|"
    r"missing\s+(?:a\s+|an\s+|one\s+)?[\w-]+(?:\s+[\w-]+)?)"
)
_ALARM = r"\b(?:false[- ]alarms?|false[- ]positives?|FPs?|false\s+flags?)"
_FILLER = r"(?:us\s+|you\s+|about\s+|around\s+|roughly\s+|approximately\s+|on\s+average\s+|an\s+average\s+of\s+|~\s*)*"
_MONEY = rf"([$€£]\s*)?({NUM})\s*(k\b|thousand\b)?"


def _cost_patterns(kind: str, short: str) -> list[str]:
    aside = r"(?:\s*\([^()]{0,40}\))?"  # "a false positive (a real email hidden) costs $10"
    end = r"(?![.,]?\d)(?!\s*(?:x|×|times)\b)"  # "costs 10 times a false positive" is a ratio, not a price
    return [
        rf"(?:an?\s+|each\s+|every\s+|one\s+|per\s+)?{kind}{aside}\s+(?:would\s+)?costs?\s+{_FILLER}{_MONEY}{end}",
        rf"\bcosts?\s+(?:of|per)\s+(?:an?\s+|each\s+|one\s+)?{kind}{aside}\s*(?:is|=|:|of|at)?\s*{_FILLER}{_MONEY}{end}",
        rf"{kind}{aside}\s+costs?\s*(?:is|=|:|of)\s*{_FILLER}{_MONEY}{end}",
        rf"\bC_?{short}\s*=\s*{_MONEY}{end}",
        # "a false alarm (manual review) ~$12", "a miss: about $240" (a currency sign, no verb)
        rf"{kind}{aside}\s*(?:=|:|-|–)?\s*{_FILLER}([$€£]\s*)({NUM})\s*(k\b|thousand\b)?{end}",
        rf"{_MONEY}{end}\s+(?:per|for\s+(?:each|every|an?)|each|an?)\s+{kind}",  # "$100 per false negative"
    ]


def _one_cost(question: str, kind: str, short: str) -> tuple[float, str, list[tuple[int, int]]] | None:
    """The cost of one kind of error, its currency sign and where it was written; None when absent or
    written with two different values."""
    values, signs, spans = set(), set(), []
    for pattern in _cost_patterns(kind, short):
        for m in re.finditer(pattern, question, re.I):
            sign, value, scale = m.groups()  # every pattern holds the three groups of `_MONEY` only
            values.add(to_float(value) * (1000 if scale else 1))
            signs.add((sign or "").strip())
            spans.append(m.span())
    if len(values) != 1:
        return None
    return values.pop(), max(signs, key=len), spans


def _costs(question: str) -> tuple[float, float, str, str, list[tuple[int, int]]] | None:
    """(cost of a miss, cost of a false alarm, currency sign, unit note, spans to blank)."""
    ratio = list(
        re.finditer(
            rf"{_MISS}\s+(?:costs?|is)\s+(?:about\s+)?({NUM})\s*(?:x|×|times)\s+(?:as\s+(?:much|costly|bad|expensive)"
            rf"\s+as\s+|more\s+(?:than\s+)?|worse\s+than\s+|(?:the\s+)?(?:cost\s+of\s+)?)?(?:an?\s+|one\s+)?{_ALARM}",
            question,
            re.I,
        )
    )
    miss = _one_cost(question, _MISS, "FN")
    alarm = _one_cost(question, _ALARM, "FP")
    if ratio:
        if len(ratio) > 1 or miss or alarm:
            return None
        return to_float(ratio[0][1]), 1.0, "", " (in units of one false alarm)", [ratio[0].span()]
    if not miss or not alarm or miss[1] != alarm[1] and miss[1] and alarm[1]:
        return None
    return miss[0], alarm[0], miss[1] or alarm[1], "", miss[2] + alarm[2]


_POS = (
    r"(?:fraud\w*|positives?|spam|sick|defect\w*|churn\w*|default\w*|urgent|malignant|cancer\w*|diseased?|attacks?|"
    r"intrusions?|anomal\w*|toxic)"
)
_MARKER = re.compile(
    rf"\b(?:at|with|using|for)\s+(?:a\s+|the\s+)?(?:decision\s+)?(?:threshold|cut-?off)\s*(?:of\s+|=\s*|at\s+)?({NUM})",
    re.I,
)
_MODEL_MARKER = re.compile(r"\b((?i:model|classifier))\s+([A-Z0-9])\b")
_SET_NOUN = (
    r"(?:transactions|cases|patients|emails|users|customers|applications|tickets|claims|images|samples|examples|"
    r"rows|records|messages|people|parts|loans|accounts|orders|scans|payments|events)"
)


def _count(pattern: str, text: str) -> int | None | str:
    found = {int(next(g for g in m.groups() if g).replace(",", "")) for m in re.finditer(pattern, text, re.I)}
    return found.pop() if len(found) == 1 else ("two" if found else None)


def _point(segment: str, positives: int | None) -> dict | None | str:
    """TP, FP, FN (and flagged) of one operating point; 'empty' when the segment gives no count at all."""
    tp = _count(r"\bTP\s*(?:=|:|is)\s*(\d+(?:,\d\d\d)*)|(\d+(?:,\d\d\d)*)\s+TPs?\b", segment)
    fp = _count(
        r"\bFP\s*(?:=|:|is)\s*(\d+(?:,\d\d\d)*)|(\d+(?:,\d\d\d)*)\s+(?:false[- ](?:alarms?|positives?)|FPs?)\b", segment
    )
    fn = _count(
        r"\bFN\s*(?:=|:|is)\s*(\d+(?:,\d\d\d)*)"
        r"|(\d+(?:,\d\d\d)*)\s+(?:false[- ]negatives?|FNs?\b|misses\b|missed\s+[a-z]+)"
        r"|\bmisse[sd]\s+(\d+(?:,\d\d\d)*)\b",
        segment,
    )
    caught = _count(r"(?:catch(?:es)?|caught|detects?|detected|finds|found)\s+(\d+(?:,\d\d\d)*)\b", segment)
    out_of = _count(
        r"(?:catch(?:es)?|caught|detects?|detected|finds|found)\s+\d+(?:,\d\d\d)*\s+(?:of|out\s+of)\s+(?:the\s+|all\s+)?"
        r"(\d+(?:,\d\d\d)*)\b",
        segment,
    )  # "catches 80 of 100 frauds": the positives
    if isinstance(out_of, int):
        if positives not in (None, out_of):
            return None
        positives = out_of
    flagged_m = list(re.finditer(r"\bflag(?:s|ged)?\s+(\d+(?:,\d\d\d)*)\b", segment, re.I))
    if "two" in (tp, fp, fn, caught) or len(flagged_m) > 1:
        return None
    flagged = int(flagged_m[0][1].replace(",", "")) if flagged_m else None
    if flagged_m:
        hit = re.match(
            rf"[^.;?!]{{0,40}}?(\d+(?:,\d\d\d)*)\s+(?:of\s+(?:them|those|which|these)\s+)?(?:(?:are|were|is|was)\s+)?"
            rf"(?:actually\s+|really\s+|truly\s+|correctly\s+|genuinely\s+)?(?:{_POS}|right\b|correct\b)",
            segment[flagged_m[0].end() :],
            re.I,
        )
        if hit:
            if tp not in (None, int(hit[1].replace(",", ""))):
                return None
            tp = int(hit[1].replace(",", ""))
    if caught is not None:
        if tp not in (None, caught):
            return None
        tp = caught
    tn = _count(r"\bTN\s*(?:=|:|is)\s*(\d+(?:,\d\d\d)*)|(\d+(?:,\d\d\d)*)\s+(?:true[- ]negatives?|TNs?)\b", segment)
    if tn == "two":
        return None
    if tp is None and fp is None and fn is None and flagged is None:
        return {"empty": True}
    fp_given, fn_given = fp is not None, fn is not None
    if fp is None and flagged is not None and tp is not None:
        fp = flagged - tp
    if fn is None and positives is not None and tp is not None:
        fn = positives - tp
    if fp is None or fn is None or fp < 0 or fn < 0 or (tp is not None and tp < 0):
        return None
    if flagged is not None and tp is not None and flagged != tp + fp:
        return None
    if fn_given and positives is not None and tp is not None and positives != tp + fn:
        return None  # the misses written do not match the positives and the catches
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "flagged": flagged, "fp_given": fp_given, "fn_given": fn_given}


# "a transaction scored 0.08", "one with a score of 0.3", "predicted probability of 0.2": a case to decide on
_SCORE = re.compile(
    rf"\b(?:scored\s+(?:at\s+)?|scores\s+it\s+(?:at\s+)?|score\s+(?:of|=|is|was)\s*|(?:predicted\s+)?probability\s+"
    rf"(?:of|=|is|was)\s*)((?:{NUM})(?:\s*(?:,\s*(?:and\s+)?|and\s+)(?:{NUM})(?![\d%]|\.\d))*)\s*(%|percent)?(?![\d%]|\.\d)",
    re.I,
)
# words before a score that make it a metric ("an F1 score of 0.8") or a threshold ("flag at a probability of 0.3")
_NOT_A_CASE = re.compile(
    r"(?:\b(?:F1|F-?beta|F-?\d|Brier|AUC|ROC|PR|precision|recall|accuracy|kappa|R2|R\^2|threshold|cut-?off)|"
    r"\b(?:at|above|over|below|under|exceeds?|than)\s+(?:an?\s+|the\s+)?(?:predicted\s+)?)\s*$",
    re.I,
)
_REWEIGHTED = re.compile(
    r"class[ _-]?weights?|reweight|re-weight|weighted\s+loss|resampl|over-?sampl|under-?sampl|\bSMOTE\b|"
    r"scale_pos_weight",
    re.I,
)


def _scores(question: str) -> list[float] | None:
    """The scores of the cases the learner asks to decide on, in order; None when one is not a probability."""
    found: list[float] = []
    for m in _SCORE.finditer(question):
        if _NOT_A_CASE.search(question[max(0, m.start() - 25) : m.start()]):
            continue  # a metric's score or a threshold, not a case to decide on
        after = question[m.end() :]
        if re.match(rf"\s*,?\s*(?:(?:or|and)\s+)?(?:higher|above|more|up|over|less|lower|below|{NUM})", after, re.I):
            continue  # "scored 0.3 or higher" is a threshold; a list read only in part is not sure either
        for number in re.findall(NUM, m[1]):  # "two transactions scored 0.04 and 0.06"
            value = to_float(number) / (100 if m[2] else 1)
            if not 0 <= value <= 1:
                return None
            if value not in found:
                found.append(value)
    return found


def error_costs(question: str) -> Worked | None:
    """The cost of a miss and of a false alarm: at each operating point the learner describes (per threshold
    or per model: flagged and caught, or the error counts), FN × cost + FP × cost, with precision, recall and
    accuracy beside it; and the break-even probability C_FP / (C_FP + C_FN) a calibrated model's threshold
    would sit at."""
    costs = _costs(question)
    if costs is None:
        return None
    c_miss, c_alarm, sign, unit, spans = costs
    if not c_miss > 0 or not c_alarm > 0:
        return None
    text = question
    for a, b in spans:  # the cost phrases hold no counts ("a missed fraud costs $500")
        text = text[:a] + " " * (b - a) + text[b:]
    markers = [(m.start(), f"threshold {m[1]}") for m in _MARKER.finditer(text)]
    if not markers:
        markers = [(m.start(), f"{m[1].lower()} {m[2]}") for m in _MODEL_MARKER.finditer(text)]
    first_verb = re.search(
        r"\b(?:flag(?:s|ged)?|catch(?:es)?|caught|detects?|detected|finds|found|TP|FP|FN)\b", text, re.I
    )
    head_end = min([at for at, _ in markers] + [first_verb.start() if first_verb else len(text)])
    head = text[:head_end]
    positives = _count(
        rf"(\d+(?:,\d\d\d)*)\s+(?:of\s+(?:them|whom|which|those)\s+)?(?:(?:are|were|is|was)\s+)?"
        rf"(?:actually\s+|really\s+|truly\s+)?{_POS}",
        head,
    )
    total = _count(rf"(\d+(?:,\d\d\d)*)\s+(?:[a-z]+\s+)?{_SET_NOUN}\b", head)
    if positives is None:  # "There are 100 frauds among 10,000 transactions" after the operating points
        positives = _count(
            rf"(?:there\s+(?:are|were)|in\s+total|a\s+total\s+of|contains?|includ\w+|with)\s+(\d+(?:,\d\d\d)*)\s+"
            rf"(?:actual\s+|real\s+|true\s+)?{_POS}",
            text,
        )
        total = total or _count(rf"\b(?:among|of|out\s+of)\s+(\d+(?:,\d\d\d)*)\s+(?:[a-z]+\s+)?{_SET_NOUN}\b", text)
    if positives == "two" or total == "two":
        return None
    bounds = [at for at, _ in markers] + [len(text)]
    segments = [(label, text[bounds[i] : bounds[i + 1]]) for i, (_, label) in enumerate(markers)] or [("", text)]
    points = []
    for label, segment in segments:
        point = _point(segment, positives)  # type: ignore[arg-type]
        if point is None:
            return None
        if point.get("empty"):
            continue
        if any(label == seen for seen, _ in points):
            return None  # one operating point described twice
        points.append((label, point))
    threshold_asked = bool(
        re.search(r"threshold|cut-?off|at what (?:predicted )?probabilit|\bflag\b.*\bwhen\b", question, re.I)
    )
    scores = _scores(text)
    if scores is None or len(scores) > 4:
        return None
    if not points and not threshold_asked and not scores:
        return None
    money = f"{sign}{{}}" if sign else "{}"
    steps = []
    results = []
    for label, p in points:
        tp, fp, fn, flagged = p["tp"], p["fp"], p["fn"], p["flagged"]
        name = f"{label}: " if label else ""
        parts = [f"TP = {tp:,}"] if tp is not None else []
        derived_fp = not p["fp_given"] and flagged is not None and tp is not None
        parts.append(f"FP = {flagged:,} - {tp:,} = {fp:,}" if derived_fp else f"FP = {fp:,}")
        derived_fn = not p["fn_given"] and isinstance(positives, int) and tp is not None
        parts.append(f"FN = {positives:,} - {tp:,} = {fn:,}" if derived_fn else f"FN = {fn:,}")
        line = name + ", ".join(parts)
        cost = fn * c_miss + fp * c_alarm
        line += (
            f"; cost = FN × {money.format(fmt(c_miss))} + FP × {money.format(fmt(c_alarm))} = {fn:,} × {fmt(c_miss)} + "
            f"{fp:,} × {fmt(c_alarm)} = {fmt(fn * c_miss)} + {fmt(fp * c_alarm)} = {money.format(fmt(cost))}{unit}"
        )
        steps.append(line)
        accuracy = None
        extra = []
        if tp is not None and tp + fp:
            extra.append(f"precision {tp:,} / {tp + fp:,} = {fmt(tp / (tp + fp))}")
        if tp is not None and tp + fn:
            extra.append(f"recall {tp:,} / {tp + fn:,} = {fmt(tp / (tp + fn))}")
        n = total if isinstance(total, int) else None
        if n is None and p["tn"] is not None and tp is not None:
            n = tp + fp + fn + p["tn"]
        if n is not None and tp is not None:
            tn = n - tp - fp - fn
            if tn < 0 or p["tn"] not in (None, tn):
                return None  # the counts do not add up to the total
            accuracy = (tp + tn) / n
            extra.append(f"accuracy ({tp:,} + {tn:,}) / {n:,} = {fmt(accuracy)}")
        if extra:
            steps.append(f"{name}" + ", ".join(extra))
        results.append((label or "this setting", cost, accuracy))
    nothing = positives * c_miss if isinstance(positives, int) and points else None
    if nothing is not None:
        steps.append(
            f"flagging nothing, for comparison: all {positives:,} positives missed, {positives:,} × {fmt(c_miss)} = "
            f"{money.format(fmt(nothing))}{unit}"
        )
    cheapest = min(results, key=lambda r: r[1]) if results else None
    if nothing is not None and cheapest and nothing < cheapest[1]:
        steps.append(f"flagging nothing ({money.format(fmt(nothing))}) costs less than every setting given")
    elif cheapest and len(results) > 1 and sum(r[1] == cheapest[1] for r in results) == 1:
        steps.append(f"cheapest: {cheapest[0]} at {money.format(fmt(cheapest[1]))}{unit}")
    even = c_alarm / (c_alarm + c_miss)
    if threshold_asked or not points or scores:
        line = (
            f"break-even probability: flagging pays off when p × {fmt(c_miss)} > (1 - p) × {fmt(c_alarm)}, that is "
            f"p > {fmt(c_alarm)} / ({fmt(c_alarm)} + {fmt(c_miss)}) = {fmt(even)}"
        )
        if not points and re.search(r"(?<![\d.])0?\.5(?![\d%])|\bdefault\b", question) and abs(even - 0.5) > 1e-9:
            line += f", so flag above {fmt(even)} rather than at the default 0.5"
        steps.append(line)
    for p in scores:
        leave, flag = p * c_miss, (1 - p) * c_alarm
        decision = "flag it" if leave > flag else ("do not flag it" if leave < flag else "either choice costs the same")
        steps.append(
            f"score {fmt(p)}: not flagging risks {fmt(p)} × {fmt(c_miss)} = {money.format(fmt(leave))} expected, "
            f"flagging costs (1 - {fmt(p)}) × {fmt(c_alarm)} = {fmt(1 - p)} × {fmt(c_alarm)} = "
            f"{money.format(fmt(flag))} expected{unit}; {fmt(p)} {'>' if p > even else '<' if p < even else '='} "
            f"{fmt(even)}, so {decision}"
        )
    if not points:
        if _REWEIGHTED.search(question):
            note = (
                "The break-even threshold holds only for calibrated probabilities: class weights and resampling "
                "inflate the rare class's predicted probabilities, so such a model's scores would need recalibrating "
                "on data with the true class balance (checked on a reliability diagram) before this threshold applies."
            )
        else:
            note = (
                "The break-even threshold holds only for calibrated probabilities; scores from a model trained with "
                "class weights or resampling overstate the rare class and need recalibrating first."
            )
        return Worked("error_costs", "c-calibration", r"predicting positive pays off only when", tuple(steps), note)
    note = (
        "Judge operating points by the total cost of their errors, not by accuracy: the threshold should follow the "
        "relative costs of misses and false alarms."
    )
    accurate = [r for r in results if r[2] is not None]
    if len(results) > 1 and len(accurate) == len(results):
        best_acc = max(accurate, key=lambda r: r[2])
        cheapest = min(results, key=lambda r: r[1])
        if best_acc[0] != cheapest[0] and best_acc[2] > cheapest[2]:
            note += f" Here {best_acc[0]} has the higher accuracy but {cheapest[0]} costs less."
    if threshold_asked:
        note += " The break-even probability applies only if the scores are calibrated probabilities."
    return Worked("error_costs", "c-class-imbalance", r"threshold should follow the relative costs", tuple(steps), note)


# --- nested and leave-one-out cross-validation: sizes and fits (s2-train-test-cv) ------------------------------

_FOLDS = r"(\d+)[- ]?(?:fold|folds|splits)\b"


def _folds(n: int, k: int) -> tuple[str, str]:
    """Validation and training sizes of k folds of n rows (KFold: the first n % k folds hold one more)."""
    small, extra = divmod(n, k)
    if not extra:
        return f"{n:,} / {k} = {small:,}", f"{n - small:,}"
    return f"{small:,} or {small + 1:,} ({n:,} / {k})", f"{n - small - 1:,} or {n - small:,}"


def _one(pattern: str, text: str) -> int | None | str:
    found = {int(next(g for g in m.groups() if g).replace(",", "")) for m in re.finditer(pattern, text, re.I)}
    return found.pop() if len(found) == 1 else ("two" if found else None)


def cv_plan(question: str) -> Worked | None:
    """Nested cross-validation (an outer k-fold around a search with an inner k-fold over C configurations):
    the rows each level trains and validates on, C × k_inner (+ 1 refit) fits per outer fold, the total,
    and a final search on all the development rows when asked; leave-one-out: n fits on n - 1 rows each."""
    rows = _one(
        r"(\d+(?:,\d\d\d)*)\s+(?:labell?ed\s+)?"
        r"(?:rows|samples|examples|records|observations|data points|patients|images)\b",
        question,
    )
    if rows == "two":
        return None
    nested = re.search(r"\bnested\b", question, re.I) or (
        re.search(r"\bouter\b", question, re.I) and re.search(r"\binner\b", question, re.I)
    )
    if nested:
        return _nested(question, rows)  # type: ignore[arg-type]
    if re.search(r"leave[- ]one[- ]out|\bLOOCV\b|\bLOO\b", question, re.I) and isinstance(rows, int) and rows > 2:
        return _loocv(question, rows)
    return None


def _nested(question: str, rows: int | None) -> Worked | None:
    outer = _one(
        rf"\bouter\s+(?:loop\s+|cv\s+|cross-validation\s+)?(?:(?:of|with|uses?|is|=|:)\s+)?{_FOLDS}"
        rf"|{_FOLDS}\s+(?:cv\s+)?(?:for\s+the\s+)?outer|(\d+)\s+outer\s+(?:folds|splits)",
        question,
    )
    inner = _one(
        rf"\binner\s+(?:loop\s+|cv\s+|cross-validation\s+)?(?:(?:of|with|uses?|is|=|:)\s+)?{_FOLDS}"
        rf"|{_FOLDS}\s+(?:cv\s+)?(?:for\s+the\s+)?inner|(\d+)\s+inner\s+(?:folds|splits)",
        question,
    )
    if not isinstance(outer, int):
        return None
    if inner is None:  # "a GridSearchCV with 3-fold CV" inside: the one other fold count written
        others = {int(a or b) for a, b in re.findall(rf"{_FOLDS}|\bcv\s*=\s*(\d+)", question, re.I)} - {outer}
        inner = others.pop() if len(others) == 1 else None
    configs = _one(
        r"(\d+(?:,\d\d\d)*)\s+(?:candidate\s+|hyperparameter\s+|different\s+|parameter\s+|grid\s+)?"
        r"(?:configurations|configs|combinations|candidates|settings)\b|grid\s+of\s+(\d+)\b|n_iter\s*=\s*(\d+)",
        question,
    )
    if not isinstance(inner, int) or not isinstance(configs, int) or min(outer, inner) < 2 or configs < 1:
        return None
    refit = 0 if re.search(r"refit\s*=\s*False", question) else 1
    steps = []
    dev = rows
    if rows:
        held = _one(
            r"(?:hold(?:ing)?\s*out|held\s*out|set\s*aside|reserve|keep)\s+(?:back\s+)?(\d{1,2})\s*%"
            r"|(\d{1,2})\s*%\s*(?:as|for)\s+(?:a\s+|the\s+)?(?:final\s+)?test",
            question,
        )
        if held == "two":
            return None
        if isinstance(held, int):
            test = rows * held / 100
            if test != int(test):
                return None
            dev = rows - int(test)
            steps.append(
                f"test hold-out: {rows:,} × {held / 100:g} = {int(test):,}; the CV runs on {rows:,} - "
                f"{int(test):,} = {dev:,}"
            )
        val, train = _folds(dev, outer)
        steps.append(f"outer {outer}-fold on {dev:,}: each outer fold validates on {val} and trains on {train}")
        if dev % outer == 0:
            inner_val, inner_train = _folds(dev - dev // outer, inner)
            steps.append(
                f"inner {inner}-fold on each outer training split of {dev - dev // outer:,}: each inner model trains "
                f"on {inner_train} and validates on {inner_val}"
            )
    per = configs * inner + refit
    refit_text = " + 1 refit of the best on the outer training split" if refit else ""
    if refit and not re.search(r"refit", question, re.I):
        refit_text += " (refit=True, scikit-learn's default)"
    steps.append(f"fits per outer fold: {configs} configurations × {inner} inner folds{refit_text} = {per:,}")
    total = outer * per
    steps.append(f"nested CV: {outer} outer folds × {per:,} = {total:,} fits")
    if re.search(
        r"one more|another (?:grid\s*search|search)|final (?:grid\s*search|search)"
        r"|on all (?:the )?(?:non-test|development|dev|training|remaining)",
        question,
        re.I,
    ):
        final = configs * inner + refit
        line = (
            f"final search on all {dev:,} development rows: " if dev else "final search on all the development rows: "
        )
        if dev and dev % inner == 0:
            line += f"inner models train on {dev - dev // inner:,} and validate on {dev // inner:,}; "
        line += f"{configs} × {inner}{' + 1 refit' if refit else ''} = {final:,} more fits, {total + final:,} in all"
        steps.append(line)
    note = (
        "The outer folds never influence which configuration wins, so the mean of the outer scores estimates the "
        "whole tuning procedure without the optimism of the winning inner score."
    )
    return Worked("cv_plan", "s2-train-test-cv", r"\*\*Nested cross-validation\*\*", tuple(steps), note)


def _loocv(question: str, rows: int) -> Worked | None:
    steps = [f"leave-one-out on {rows:,} rows: {rows:,} fits, each trained on {rows - 1:,} rows and validated on 1"]
    folds = {int(a or b) for a, b in re.findall(rf"{_FOLDS}|n_splits\s*=\s*(\d+)", question, re.I)}
    for k in sorted(folds):
        if 2 <= k < rows:
            val, train = _folds(rows, k)
            steps.append(f"{k}-fold for comparison: {k} fits, each trained on {train} rows and validated on {val}")
    configs = _one(
        r"(\d+(?:,\d\d\d)*)\s+(?:candidate\s+|hyperparameter\s+)?(?:configurations|configs|combinations)\b", question
    )
    if isinstance(configs, int):
        steps.append(
            f"a search over {configs} configurations with leave-one-out: {configs} × {rows:,} = {configs * rows:,} fits"
        )
    note = (
        "Each leave-one-out fold validates on a single row, so its estimate can have high variance and per-fold "
        "precision, recall, F1 or ROC-AUC are undefined; 5- or 10-fold CV usually gives a similar estimate with "
        "far fewer fits."
    )
    return Worked("cv_plan", "s2-train-test-cv", r"\*\*Leave-one-out \(LOOCV\)\*\*", tuple(steps), note)


# --- the features a random forest draws at each split (s2-ensemble-methods) -----------------------------------


def _drawn(setting: str, p: int) -> tuple[int, str] | None:
    """scikit-learn's number of candidate features for one max_features setting, and how it is reached."""
    low = setting.lower()
    if low == "sqrt":
        m = max(1, int(math.sqrt(p)))
        if m * m == p:
            return m, f"√{p:,} = {m:,}"
        return m, f"int(√{p:,}) = int({fmt(math.sqrt(p))}) = {m:,}"
    if low == "log2":
        m = max(1, int(math.log2(p)))
        return m, f"int(log2 {p:,}) = int({fmt(math.log2(p))}) = {m:,}"
    if low == "none":
        return p, f"all {p:,}"
    if "." in setting:
        share = float(setting)
        if not 0 < share <= 1:
            return None
        m = max(1, int(share * p))
        return m, f"int({fmt(share)} × {p:,}) = {m:,}"
    m = int(setting)
    return (m, f"{m:,}") if 1 <= m <= p else None


def max_features_draw(question: str) -> Worked | None:
    """A random forest's max_features ('sqrt', 'log2', None, a fraction or a count) with p features: the m
    candidates drawn at each split, the chance m / p that a given feature is among them, and, with B trees,
    about B m / p root splits that can use it."""
    if not re.search(r"random forest|\bforest\b|RandomForest|ExtraTrees|\btrees?\b", question, re.I):
        return None
    settings = re.findall(rf"max_features\s*=\s*['\"]?(sqrt|log2|None|{NUM})['\"]?", question, re.I)
    settings = list(
        dict.fromkeys(
            s.lower() if s.lower() in ("sqrt", "log2") else "None" if s.lower() == "none" else s for s in settings
        )
    )
    p = _one(
        r"(\d+(?:,\d\d\d)*)\s+(?:input\s+|numeric\s+|candidate\s+|raw\s+)?(?:features|columns|predictors|variables)\b",
        question,
    )
    if not settings or not isinstance(p, int) or p < 2:
        return None
    trees = _one(r"(\d+(?:,\d\d\d)*)\s+trees\b|n_estimators\s*=\s*(\d+)", question)
    if trees == "two":
        return None
    steps = []
    for setting in settings:
        drawn = _drawn(setting, p)
        if drawn is None:
            return None
        m, how = drawn
        name = f"max_features={setting!r}" if setting in ("sqrt", "log2") else f"max_features={setting}"
        if m == p:
            line = f"{name}: {how} features at every split, so every split can use any feature, the strongest included"
            if isinstance(trees, int):
                line += f", at the root of all {trees:,} trees"
            steps.append(line)
            continue
        steps.append(
            f"{name} with {p:,} features: {how} candidate features drawn at random (without replacement) at each split"
        )
        share = m / p
        line = f"chance a given feature is among them: {m:,} / {p:,} = {fmt(share)} ({pct(share)}); "
        line += f"left out {pct(1 - share)} of the time"
        if isinstance(trees, int):
            line += (
                f"; over {trees:,} trees, about {trees:,} × {fmt(m / p)} = {fmt(trees * m / p)} root splits can use it"
            )
        steps.append(line)
    note = (
        "Fewer candidate features per split make the trees less alike, which lowers the forest's variance floor "
        "ρσ² (its trees' correlation times their variance), at the cost of somewhat weaker single trees."
    )
    return Worked(
        "max_features_draw",
        "s2-ensemble-methods",
        r"\*\*Random Forest\*\*: bagging of decision trees",
        tuple(steps),
        note,
    )


# --- k-means++ seeding probabilities (s2-unsupervised-learning) ----------------------------------------------


def _points(question: str) -> list[tuple[float, ...]] | None:
    """The data: one list of 1-D points, or 2-D points written as pairs '(1, 2), (3, 4), ...' (the centroid
    phrases blanked out by the caller)."""
    pairs = re.findall(rf"\(\s*({NUM})\s*,\s*({NUM})\s*\)", question)
    if len(pairs) >= 3:
        return [(to_float(a), to_float(b)) for a, b in pairs]
    lists = [v for v in prose_lists(question) if len(v) >= 3]
    lists += [
        v
        for _, t in bracketed(question)
        if (v := literal(t)) is not None and len(shape_of(v) or ()) == 1 and len(v) >= 3
    ]
    lists = list(dict.fromkeys(tuple(v) for v in lists))  # "[2, 4, 8, 16]" is read as a list and as prose
    if len(lists) != 1:
        return None
    return [(float(x),) for x in lists[0]]


def _as_point(text: str) -> tuple[float, ...]:
    pair = re.fullmatch(rf"\(\s*({NUM})\s*,\s*({NUM})\s*\)", text.strip())
    return (to_float(pair[1]), to_float(pair[2])) if pair else (to_float(text),)


def _show(point: tuple[float, ...]) -> str:
    return fmt(point[0]) if len(point) == 1 else "(" + ", ".join(fmt(x) for x in point) + ")"


_PICK = rf"(\(\s*{NUM}\s*,\s*{NUM}\s*\)|{NUM})"


def kmeanspp_probs(question: str) -> Worked | None:
    """k-means++ seeding: with the first centroid given (and a later pick, when the learner names one and k
    allows another), each point's squared distance D² to its nearest chosen centroid and its chance
    D² / ΣD² of being picked next."""
    if not re.search(r"k-?means\s*\+\+|k-?means plus plus", question, re.I):
        return None
    first_re = re.compile(
        rf"(?:first|initial|1st|starting)\s+(?:centroid|center|centre|seed)\s*"
        rf"(?:is|=|:|at|was|be|picked is|chosen is)?\s*"
        rf"(?:the\s+)?(?:point\s+)?(?:x\s*=\s*)?{_PICK}",
        re.I,
    )
    later_re = re.compile(
        rf"(?:second|next)\s+(?:centroid|center|centre|seed)\s*(?:is|=|:|turns out to be|was)\s*"
        rf"(?:the\s+)?(?:point\s+)?{_PICK}"
        rf"|\bif\s+(?:the\s+point\s+)?{_PICK}\s+(?:gets|is|were|was)\s+(?:picked|chosen|selected|drawn)",
        re.I,
    )
    first = list(first_re.finditer(question))
    later = list(later_re.finditer(question))
    blanked = question
    for m in first + later:  # the centroid phrases are not data
        blanked = blanked[: m.start()] + " " * (m.end() - m.start()) + blanked[m.end() :]
    points = _points(blanked)
    if not points or len({m[1] for m in first}) != 1:
        return None
    picks = [_as_point(first[0][1])]
    later_points = list(dict.fromkeys(_as_point(m[1] or m[2]) for m in later))
    if len(later_points) > 1:
        return None
    k = _one(r"\bk\s*=\s*(\d+)|(\d+)\s+clusters", question)
    if k == "two":
        return None
    if any(p not in points for p in picks + later_points) or any(
        len(p) != len(points[0]) for p in picks + later_points
    ):
        return None  # k-means++ picks centroids among the data points
    rounds = [picks]
    if later_points and (k is None or (isinstance(k, int) and k >= 3)):
        rounds.append(picks + later_points)
    if isinstance(k, int) and k < 2:
        return None
    steps = []
    for chosen in rounds:
        d2 = [min(sum((a - b) ** 2 for a, b in zip(x, c, strict=True)) for c in chosen) for x in points]
        total = sum(d2)
        if not total:
            return None
        names = ", ".join(_show(c) for c in chosen)
        steps.append(
            f"squared distance D² to the nearest chosen centroid ({names}): "
            + ", ".join(f"{_show(x)} → {fmt(d)}" for x, d in zip(points, d2, strict=True))
            + f"; sum {fmt(total)}"
        )
        steps.append(
            "chance of being picked next, D² / ΣD²: "
            + ", ".join(
                f"{_show(x)} → {fmt(d)}/{fmt(total)} = {fmt(d / total)}" for x, d in zip(points, d2, strict=True)
            )
        )
    note = (
        "Points far from every chosen centroid are the likely picks, but k-means++ samples rather than taking the "
        "farthest point, and a point already chosen has chance 0. scikit-learn's greedy variant draws a few "
        "candidates this way at each step and keeps the one that lowers the inertia most."
    )
    return Worked(
        "kmeanspp_probs", "s2-unsupervised-learning", r"\*\*k-means\+\+\*\*: a seeding rule", tuple(steps), note
    )


# --- Cohen's kappa from two raters' agreement and label rates (c-mcc-kappa) ------------------------------------

_RATE = rf"({NUM})\s*(%|percent)|(half)\b|(\d+(?:,\d\d\d)*)\s+(?:of|out of)\s+(?:the\s+)?(\d+(?:,\d\d\d)*)"
_SAYS = (
    r"(?:says?|said|labels?|labell?ed|marks?|marked|answers?|answered|votes?|voted|flags?|flagged|tags?|tagged|"
    r"calls?|called|rates?|rated|grades?|graded|uses?|used|picks?|picked)"
)
_ITEMS = (
    r"(?:items|cases|scans|images|documents|docs|samples|examples|reviews|tweets|emails|comments|messages|records|"
    r"patients|x-rays|sentences|texts|photos|tickets|posts|articles|products|labels|pairs)"
)


def _rate_of(m: re.Match, offset: int = 0) -> float | None:
    value, percent, half, part, whole = m.groups()[offset : offset + 5]
    if half:
        return 0.5
    if value is not None:
        x = to_float(value) / 100
    else:
        den = to_float(whole)
        x = to_float(part) / den if den else -1
    return x if 0 <= x <= 1 else None


def _agreement(question: str) -> tuple[float, str] | None:
    """The observed agreement p_o and how it was reached: 'agreed on 170' of a count of items, 'agreed on 120 of
    the 150', 'agree on 90% of items', '85% agreement', 'observed agreement 0.85', 'p_o = 0.85'."""
    found: dict[float, str] = {}
    items = _one(rf"(\d+(?:,\d\d\d)*)\s+(?:[a-z-]+\s+)?{_ITEMS}\b", question)
    shares = [
        rf"\bagree(?:d|s|ment)?\s+(?:(?:on|in|for|of|is)\s+|=\s*|:\s*)?(?:about\s+)?({NUM})\s*(%|percent)",
        rf"({NUM})\s*(%|percent)\s+(?:raw\s+|observed\s+|overall\s+)?agreement",
        rf"\b(?:observed|raw)\s+agreement\s*(?:p_?o\s*)?(?:is|=|of|:)?\s*({NUM})\s*(%|percent)?",
        rf"\bp_?o\s*=\s*({NUM})\s*(%|percent)?",
    ]
    for pattern in shares:
        for m in re.finditer(pattern, question, re.I):
            value = to_float(m[1]) / (100 if m[2] else 1)
            found[value] = fmt(value)
    for m in re.finditer(
        r"\bagree(?:d|s)?\s+on\s+(\d+(?:,\d\d\d)*)\s+(?:of|out of)\s+(?:the\s+)?(\d+(?:,\d\d\d)*)", question, re.I
    ):
        whole = to_float(m[2])
        if not whole:
            return None
        found[to_float(m[1]) / whole] = f"{m[1]} / {m[2]} = {fmt(to_float(m[1]) / whole)}"
    for m in re.finditer(r"\bagree(?:d|s)?\s+on\s+(\d+(?:,\d\d\d)*)\b(?!\s*(?:%|percent|of|out of))", question, re.I):
        if not isinstance(items, int) or not items:
            return None
        value = to_float(m[1]) / items
        found[value] = f"{m[1]} / {items:,} = {fmt(value)}"
    if len(found) != 1:
        return None
    value, text = found.popitem()
    return (value, text) if 0 <= value <= 1 else None


def rater_kappa(question: str) -> Worked | None:
    """Two raters' observed agreement and each one's share of 'yes' labels (or one share for both): chance
    agreement p_e = a b + (1 - a)(1 - b) and Cohen's kappa = (p_o - p_e) / (1 - p_e), with its Landis and
    Koch band. A confusion matrix's cells are left to `mcc_kappa`."""
    if not re.search(r"\bkappa\b", question, re.I) or _COUNTS.search(question):
        return None
    if re.search(r"confusion matrix", question, re.I):
        return None
    agreement = _agreement(question)
    table = _kappa_table(question)
    if table == "unsure":
        return None
    if table is not None:
        return _kappa_from_table(table, agreement)  # type: ignore[arg-type]
    if agreement is None:
        return None
    p_o, shown = agreement
    says = list(
        re.finditer(
            rf"\b{_SAYS}\s+(\"[^\"]{{1,20}}\"\s+|'[^']{{1,20}}'\s+|[\w-]+\s+)?(?:(?:on|for|to|in|of)\s+)?"
            rf"(?:about\s+|roughly\s+|around\s+)?(?:{_RATE})(?:\s+(?:of\s+(?:the\s+|them\s+|all\s+)?[\w-]+\s+)?as\s+(\"?[\w-]+\"?))?",
            question,
            re.I,
        )
    )
    rates = [_rate_of(m, 1) for m in says]
    if any(r is None for r in rates) or not rates:
        return None
    labels = {re.sub(r"[\"'\s]", "", m[1] or m[7] or "").lower() for m in says}
    if len(labels - {""}) > 1 or (len(labels) > 1 and any(m[7] for m in says)):
        return None  # one rater's share of "yes" beside the other's share of "no": not comparable
    shared = [
        bool(re.search(r"\beach\b[^.;,]{0,30}$", question[max(0, m.start() - 40) : m.start()], re.I)) for m in says
    ]
    if all(shared) and len(set(rates)) == 1:
        a = b = rates[0]
    elif not any(shared) and len(rates) == 2:
        a, b = rates
    else:
        return None
    if not abs(a + b - 1) - 1e-9 <= p_o <= 1 - abs(a - b) + 1e-9:
        return None  # no two raters with these label rates can agree this often (or this rarely)
    p_e = a * b + (1 - a) * (1 - b)
    if p_e >= 1:
        return None
    kappa = (p_o - p_e) / (1 - p_e)
    steps = [
        f"observed agreement p_o = {shown}",
        f"chance agreement p_e = both yes + both no = {fmt(a)} × {fmt(b)} + {fmt(1 - a)} × {fmt(1 - b)} = "
        f"{fmt(a * b)} + {fmt((1 - a) * (1 - b))} = {fmt(p_e)}",
        f"kappa = (p_o - p_e) / (1 - p_e) = ({fmt(p_o)} - {fmt(p_e)}) / (1 - {fmt(p_e)}) = {fmt(p_o - p_e)} / "
        f"{fmt(1 - p_e)} = {fmt(kappa)}",
    ]
    return _kappa_result(steps, kappa)


def _kappa_result(steps: list[str], kappa: float) -> Worked:
    """The Landis and Koch band after the steps, and the note on chance agreement."""
    k = round(kappa, 2)
    band = (
        "poor (below 0)"
        if k < 0
        else "slight (0-0.20)"
        if k <= 0.2
        else "fair (0.21-0.40)"
        if k <= 0.4
        else "moderate (0.41-0.60)"
        if k <= 0.6
        else "substantial (0.61-0.80)"
        if k <= 0.8
        else "almost perfect (0.81-1)"
    )
    steps.append(f"on the Landis and Koch scale, a rough convention: {band}")
    note = (
        "Kappa discounts the agreement two raters would reach by chance, which is large when both mostly use one "
        "label, so compare kappas only at similar class balance."
    )
    return Worked(
        "rater_kappa", "c-mcc-kappa", r"Cohen's kappa is a chance-corrected agreement score", tuple(steps), note
    )


_BOTH = re.compile(  # "we both said urgent on 30", "both said not urgent on 140", "both said no for 85 items"
    rf"\bboth\s+(?:of\s+us\s+|of\s+them\s+)?{_SAYS}\s+(?:it\s+|them\s+|as\s+)?(\"?(?:not\s+|non-?)?[\w-]+\"?)\s+"
    r"(?:on|for|in)\s+(\d+(?:,\d\d\d)*)\b(?!\s*(?:%|percent))",
    re.I,
)
_EACH = re.compile(  # "I marked 40 urgent", "my colleague marked 50", "A said yes on 60", "B flagged 45 as spam"
    rf"{_SAYS}\s+(?:([\w-]+)\s+(?:on|for|to)\s+)?(\d+(?:,\d\d\d)*)\b(?!\s*(?:%|percent|(?:of|out of)\s+\d))"
    r"(?:\s+(?:(?:of\s+)?(?:them|the\s+[\w-]+)\s+)?(?:as\s+)?(\"?[\w-]+\"?))?",
    re.I,
)
_NEGATED = r"(?:not\s+|non-?\s*|no\b\s*)"


def _kappa_table(question: str) -> tuple[int, int, int, int, str] | str | None:
    """A 2x2 table of two raters' counts: the items, each rater's count of the label, the count both gave it and
    the label ('200 tickets; I marked 40 urgent, my colleague marked 50; we both said urgent on 30 and both said
    not urgent on 140'). None when no table is written, 'unsure' when one is but its counts do not fit."""
    both = [
        (re.sub(r"[\"\s]+", " ", m[1]).strip().lower(), int(m[2].replace(",", ""))) for m in _BOTH.finditer(question)
    ]
    if not both:
        return None
    positive = [(label, n) for label, n in both if not re.match(_NEGATED, label)]
    negative = [(label, n) for label, n in both if re.match(_NEGATED, label) or label == "no"]
    positive = [(label, n) for label, n in positive if label != "no"]
    if len(positive) != 1 or len(negative) > 1 or len(both) != len(positive) + len(negative):
        return "unsure"
    label, yes_yes = positive[0]
    if negative:
        neg = re.sub(_NEGATED, "", negative[0][0]) if negative[0][0] != "no" else "yes"
        if neg != label:
            return "unsure"  # "both said spam on 30, both said not urgent on 140": two different labels
    raters = []
    for m in _EACH.finditer(question):
        if re.search(r"\bboth\b[\w\s]{0,12}$", question[max(0, m.start() - 20) : m.start()], re.I):
            continue
        if m[3] and re.fullmatch(_ITEMS, m[3], re.I):
            continue  # "each labelled 100 emails": the items, not one rater's count
        said = (m[1] or m[3] or "").strip('"').lower()
        if said and said != label:
            return "unsure"
        raters.append(int(m[2].replace(",", "")))
    if len(raters) != 2:
        return "unsure"
    a, b = raters
    items = _one(rf"(\d+(?:,\d\d\d)*)\s+(?:[a-z-]+\s+)?{_ITEMS}\b", question)
    if items == "two":
        return "unsure"
    no_no = negative[0][1] if negative else None
    if items is None and no_no is None:
        return "unsure"
    implied = a + b - yes_yes + (no_no or 0)
    if items is None:
        items = implied
    elif no_no is not None and items != implied:
        return "unsure"  # the four cells do not add up to the items
    if not (0 <= yes_yes <= min(a, b) and a + b - yes_yes <= items) or not items:
        return "unsure"
    return items, a, b, yes_yes, label  # type: ignore[return-value]


def _kappa_from_table(table: tuple[int, int, int, int, str], agreement: tuple[float, str] | None) -> Worked | None:
    n, a, b, yes_yes, label = table
    no_no = n - a - b + yes_yes
    p_o = (yes_yes + no_no) / n
    if agreement is not None and abs(agreement[0] - p_o) > 0.005:
        return None  # the stated agreement is not the table's
    ra, rb = a / n, b / n
    p_e = ra * rb + (1 - ra) * (1 - rb)
    if p_e >= 1:
        return None
    kappa = (p_o - p_e) / (1 - p_e)
    steps = [
        f"both said {label} on {yes_yes:,}, both said not {label} on {no_no:,}, they disagreed on "
        f"{a - yes_yes:,} + {b - yes_yes:,} = {a + b - 2 * yes_yes:,}",
        f"observed agreement p_o = ({yes_yes:,} + {no_no:,}) / {n:,} = {fmt(p_o)}",
        f"each rater's share of {label}: {a:,} / {n:,} = {fmt(ra)} and {b:,} / {n:,} = {fmt(rb)}",
        f"chance agreement p_e = both {label} + both not = {fmt(ra)} × {fmt(rb)} + {fmt(1 - ra)} × {fmt(1 - rb)} = "
        f"{fmt(ra * rb)} + {fmt((1 - ra) * (1 - rb))} = {fmt(p_e)}",
        f"kappa = (p_o - p_e) / (1 - p_e) = ({fmt(p_o)} - {fmt(p_e)}) / (1 - {fmt(p_e)}) = {fmt(p_o - p_e)} / "
        f"{fmt(1 - p_e)} = {fmt(kappa)}",
    ]
    return _kappa_result(steps, kappa)

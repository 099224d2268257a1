"""Classical ML (stage 2): confusion-matrix metrics, runs over seeds or folds, split and search
counts. Pure functions."""

from __future__ import annotations

import math
import re
import statistics
from fractions import Fraction
from functools import partial

from app.answering.compute.by_hand import logistic_step
from app.answering.compute.h35_a import leaf_from_logloss
from app.answering.compute.parse import (
    NUM,
    PLAIN,
    WORDS,
    Worked,
    bracketed,
    factor,
    fmt,
    fraction,
    labelled,
    literal,
    pct,
    prose_spans,
    shape_of,
    signed_sum,
    stdev,
    symmetric_eigen,
    to_float,
    vec,
)

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
    for m in re.finditer(rf"\b(?:{label})\b\s*(?:=|:|of|is|was|are|were|count)?\s*({NUM})(?![\d%])", question, re.I):
        found.add(to_float(m[1]))
    for m in re.finditer(rf"(?<![\w.])({NUM})\s+(?:{label})\b", question, re.I):
        found.add(to_float(m[1]))
    if len(found) > 1:
        return "two"
    if not found:
        return None
    value = found.pop()
    return int(value) if value >= 0 and value == int(value) else "two"


_ACTUAL = r"\b(?:actual(?:ly)?|true|truly|real(?:ly)?|ground[- ]truth|gold)\b"
_PREDICTED = r"\b(?:predicted|predicts?|prediction|pred|classified|flagged)\b"
_NEGATIVE = r"\b(?:not|non|no|negative|neg|false|0)\b|n't\b"
_ROW = re.compile(r"^(.*?[A-Za-z].*?)\s*:?\s+(\d[\d,]*)\s*,?\s+(\d[\d,]*)$")  # "actual spam  45  30"


def _row(line: str) -> tuple[str, int, int] | None:
    """A table row: a label and two counts ('| actual spam | 45 | 30 |' or 'actual spam   45   30')."""
    if "|" in line:
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) != 3 or not re.search("[A-Za-z]", cells[0]):
            return None
        if not all(re.fullmatch(r"\d[\d,]*", c) for c in cells[1:]):
            return None
        label, a, b = cells
    elif m := _ROW.match(line):
        label, a, b = m.groups()
    else:
        return None
    return label, int(a.replace(",", "")), int(b.replace(",", ""))


def _table(question: str) -> tuple[dict[str, int], str] | None:
    """A 2x2 confusion matrix written as a table (markdown or plain rows): the cells TP, FN, FP, TN and
    the positive class's name. Which axis is actual and which predicted is read from the labels, the
    positive class from which label is negated ('not spam', 'negative'); None when either is unclear."""
    lines = [ln.strip() for ln in question.splitlines()]
    lines = [ln for ln in lines if ln and not re.fullmatch(r"[\s|:+=-]+", ln)]  # markdown rules and blanks
    rows = [_row(ln) for ln in lines]
    starts = [i for i in range(1, len(lines) - 1) if rows[i] and rows[i + 1] and not rows[i - 1]]
    if len(starts) != 1 or (starts[0] + 2 < len(lines) and rows[starts[0] + 2]):
        return None  # no table, two tables, or more than two rows
    i = starts[0]
    columns, first, second = _header(lines[i - 1]), rows[i], rows[i + 1]
    if columns is None or first is None or second is None:
        return None
    labels, values = [first[0], second[0]], [list(first[1:]), list(second[1:])]
    if _all(labels, _ACTUAL, _PREDICTED) and _all(columns, _PREDICTED, _ACTUAL):
        actual, predicted = labels, columns
    elif _all(labels, _PREDICTED, _ACTUAL) and _all(columns, _ACTUAL, _PREDICTED):
        actual, predicted, values = columns, labels, [list(col) for col in zip(*values, strict=True)]
    else:
        return None  # which axis is the truth is not written on both
    pos_a, pos_p = _positive(actual, _ACTUAL, question), _positive(predicted, _PREDICTED, question)
    if pos_a is None or pos_p is None or (pos_a[1] and pos_p[1] and pos_a[1] != pos_p[1]):
        return None
    (a, name), (p, _) = pos_a, pos_p
    cells = {"TP": values[a][p], "FN": values[a][1 - p], "FP": values[1 - a][p], "TN": values[1 - a][1 - p]}
    return cells, name


def _header(line: str) -> list[str] | None:
    """The two column labels: cells between '|', tabs or wide spaces, or one per 'predicted'/'actual'."""
    if "|" in line:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
    else:
        cells = [c.strip() for c in re.split(r"\t|\s{2,}", line.strip())]
        if len(cells) < 2:
            cells = [c.strip() for c in re.split(rf"\s+(?=(?:{_PREDICTED}|{_ACTUAL}))", line.strip(), flags=re.I)]
    if len(cells) == 3:
        cells = cells[1:]  # the corner cell
    return cells if len(cells) == 2 and all(cells) else None


def _all(labels: list[str], this: str, other: str) -> bool:
    return all(re.search(this, x, re.I) and not re.search(other, x, re.I) for x in labels)


def _positive(labels: list[str], axis: str, question: str) -> tuple[int, str] | None:
    """Which of two labels is the positive class and its name: the one not negated ('spam' beside 'not
    spam'), or, when neither is ('churn', 'stay'), the one the question calls the class asked about."""
    names = [" ".join(re.sub(rf"{axis}|\b(?:as|is|class|label)\b|[:=()]", " ", x, flags=re.I).split()) for x in labels]
    negated = [bool(re.search(_NEGATIVE, x, re.I)) for x in labels]
    if negated.count(True) == 1:
        index = negated.index(False)
        return index, names[index].lower()
    if any(negated) or not all(names) or names[0].lower() == names[1].lower():
        return None
    asked = [i for i, name in enumerate(names) if _named_positive(question, name)]
    return (asked[0], names[asked[0]].lower()) if len(asked) == 1 else None


def _named_positive(question: str, name: str) -> bool:
    """The question names this class as the one scored: 'the churn class', 'churn as (the) positive',
    'positive class is churn'."""
    n = re.escape(name)
    return bool(
        re.search(
            rf"\b{n}\s+class\b|\b{n}\s+(?:as|is|=)\s+(?:the\s+)?positive\b|\bpositive(?:\s+class)?\s*(?:is|=|:)\s*{n}\b",
            question,
            re.I,
        )
    )


def _cells(question: str) -> tuple[dict, tuple | None] | None:
    """TP, FP, FN and TN (None where not given) from the text or a table, and the table; None when a
    cell has two values or the table and the text disagree."""
    cells = {name: _cell(question, pattern) for name, pattern in _CELLS.items()}
    if any(v == "two" for v in cells.values()):
        return None
    table = _table(question)
    if table:
        if any(v is not None and v != table[0][k] for k, v in cells.items()):
            return None  # the table and the text disagree
        cells = dict(table[0])
    return cells, table


def _two_negatives(question: str) -> tuple[int, int, int, int, int] | None:
    """TP, FP, FN once and two TN counts, the second case said to keep the same TP/FP/FN ("then a month with the
    same TP/FP/FN but TN = 4,910"); None otherwise."""
    if not re.search(r"\bsame\s+(?:TP|FP|FN|counts|positives|other)", question, re.I):
        return None
    cells = {name: _cell(question, pattern) for name, pattern in _CELLS.items() if name != "TN"}
    if any(not isinstance(v, int) for v in cells.values()) or _table(question):
        return None
    tns = []
    for m in re.finditer(
        rf"\b(?:{_CELLS['TN']})\b\s*(?:=|:|of|is|was|are|were|count)?\s*({NUM})(?![\d%])", question, re.I
    ):
        if to_float(m[1]) not in tns:
            tns.append(to_float(m[1]))
    if (
        len(tns) != 2
        or any(t < 0 or t != int(t) for t in tns)
        or re.search(rf"(?<![\w.]){NUM}\s+(?:{_CELLS['TN']})\b", question, re.I)
    ):
        return None
    return cells["TP"], cells["FP"], cells["FN"], int(tns[0]), int(tns[1])


def _confusion_two(tp: int, fp: int, fn: int, tn1: int, tn2: int) -> Worked | None:
    if not tp or not fp + tn1 or not fp + tn2:
        return None
    steps = [
        f"Precision = TP / (TP + FP) = {tp:,} / ({tp:,} + {fp:,}) = {fmt(tp / (tp + fp))} in both (no TN in it)",
        f"Recall = TP / (TP + FN) = {tp:,} / ({tp:,} + {fn:,}) = {fmt(tp / (tp + fn))} in both",
        f"F1 = 2TP / (2TP + FP + FN) = {2 * tp:,} / ({2 * tp:,} + {fp:,} + {fn:,}) = "
        f"{fmt(2 * tp / (2 * tp + fp + fn))} in both",
    ]
    for label, tn in (("first", tn1), ("second", tn2)):
        total = tp + fp + fn + tn
        steps.append(
            f"{label} case (TN = {tn:,}, {total:,} cases): accuracy = (TP + TN) / total = ({tp:,} + {tn:,}) / "
            f"{total:,} = {fmt((tp + tn) / total)}; false-positive rate = FP / (FP + TN) = {fp:,} / {fp + tn:,} = "
            f"{fmt(fp / (fp + tn))}"
        )
    change = "More true negatives flatter them" if tn2 > tn1 else "Fewer true negatives make them look worse"
    note = (
        "Only accuracy and the false-positive rate moved, because only they use true negatives. "
        f"{change} while the model finds and misses exactly as many positives, so precision, recall and F1 stay."
    )
    return Worked("confusion", "s2-metrics", r"\*\*Precision\*\* = TP", tuple(steps), note)


def confusion(question: str) -> Worked | None:
    if two := _two_negatives(question):
        return _confusion_two(*two)
    found = _cells(question)
    if found is None:
        return None
    cells, table = found
    tp, fp, fn, tn = (cells[k] for k in ("TP", "FP", "FN", "TN"))
    if tp is None or (fp is None and fn is None):
        return None
    steps = []
    if table:
        positive = f" (positive class: {table[1]})" if table[1] not in ("", "positive", "pos") else ""
        steps.append(f"From your table{positive}: TP = {tp:,}, FN = {fn:,}, FP = {fp:,}, TN = {tn:,}")
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
    if precision is not None and recall is not None:
        steps += _f_beta(question, precision, recall)
    if None not in (fp, fn, tn):
        total = tp + fp + fn + tn
        steps.append(f"Accuracy = (TP + TN) / total = ({tp} + {tn}) / {total:,} = {fmt((tp + tn) / total)}")
        if fp + tn:
            steps.append(f"False-positive rate = FP / (FP + TN) = {fp} / {fp + tn:,} = {fmt(fp / (fp + tn))}")
        steps += _baseline(tp, fp, fn, tn)
    note = ""
    if precision is not None and recall is not None and abs(precision - recall) > 0.05:
        low = "recall" if recall < precision else "precision"
        missed = "misses more of the real positives" if low == "recall" else "raises more false alarms"
        note = f"Here {low} is the weaker of the two: the model {missed} than the other way round."
    return Worked("confusion", "s2-metrics", r"\*\*Precision\*\* = TP", tuple(steps), note)


def mcc_kappa(question: str) -> Worked | None:
    """The four cells and MCC or Cohen's kappa asked for: MCC = (TP TN - FP FN) / sqrt of the four margins'
    product, and kappa = (p_o - p_e) / (1 - p_e) with p_e from the predicted and actual shares."""
    if not re.search(r"\bmcc\b|matthews|kappa", question, re.I):
        return None
    found = _cells(question)
    if found is None or None in found[0].values():
        return None
    tp, fp, fn, tn = (found[0][k] for k in ("TP", "FP", "FN", "TN"))
    total = tp + fp + fn + tn
    margins = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)
    if not total or not margins:
        return None
    mcc = (tp * tn - fp * fn) / math.sqrt(margins)
    p_o = (tp + tn) / total
    pred_pos, act_pos = (tp + fp) / total, (tp + fn) / total
    p_e = pred_pos * act_pos + (1 - pred_pos) * (1 - act_pos)
    kappa = (p_o - p_e) / (1 - p_e)
    steps = (
        f"MCC = (TP × TN - FP × FN) / √((TP + FP)(TP + FN)(TN + FP)(TN + FN)) = ({tp:,} × {tn:,} - {fp:,} × {fn:,}) / "
        f"√({tp + fp:,} × {tp + fn:,} × {tn + fp:,} × {tn + fn:,}) = {fmt(tp * tn - fp * fn)} / "
        f"{fmt(math.sqrt(margins), 1)} = {fmt(mcc)}",
        f"Cohen's kappa: observed agreement p_o = ({tp:,} + {tn:,}) / {total:,} = {fmt(p_o)}; chance agreement "
        f"p_e = {fmt(pred_pos)} × {fmt(act_pos)} + {fmt(1 - pred_pos)} × {fmt(1 - act_pos)} = {fmt(p_e)} "
        "(predicted and actual positive shares, then negative shares)",
        f"kappa = (p_o - p_e) / (1 - p_e) = ({fmt(p_o)} - {fmt(p_e)}) / (1 - {fmt(p_e)}) = {fmt(kappa)}",
    )
    note = (
        f"Both near {fmt(round((mcc + kappa) / 2, 1))}: far from what an accuracy of {pct(p_o)} suggests, because "
        f"chance alone agrees {pct(p_e)} of the time here. MCC and kappa are 1 for perfect predictions and about 0 "
        "for chance-level ones."
        if abs(mcc - kappa) < 0.1 and p_o - kappa > 0.2
        else "MCC and kappa are 1 for perfect predictions and about 0 for chance-level ones."
    )
    return Worked("mcc_kappa", "c-mcc-kappa", r"Matthews correlation coefficient \(MCC\) is a score", steps, note)


def _baseline(tp: int, fp: int, fn: int, tn: int) -> list[str]:
    """What always predicting the majority class scores, against the model's accuracy (s2-metrics)."""
    total, negatives, positives = tp + fp + fn + tn, fp + tn, tp + fn
    if negatives == positives or not total:
        return []
    if negatives > positives:
        trivial, gap = (
            f"negative (the majority class) would score (FP + TN) / total = {negatives:,} / {total:,}",
            tp - fp,
        )
        catch = "and catch no positive at all (recall 0)"
    else:
        trivial, gap = (
            f"positive (the majority class) would score (TP + FN) / total = {positives:,} / {total:,}",
            tn - fn,
        )
        catch = "and flag every negative (false-positive rate 1)"
    side = "above" if gap >= 0 else "below"
    return [
        f"Always predicting {trivial} = {fmt(max(negatives, positives) / total)} {catch}; "
        f"the model's accuracy is {fmt(abs(gap) / total)} {side} that"
    ]


# --- 7. runs over seeds or folds: mean and spread (s2-train-test-cv, s4-experiment-tracking) -------

_SPACED = re.compile(r"(?<![\w.])(?:\d*\.\d+)(?:\s+(?:\d*\.\d+)){2,}(?!\w|\.\d)")  # ".82 .85 .80 .84"
_RUN = re.compile(rf"(?:{NUM})(?:\s*(?:,|and|/|;)\s*(?:{NUM}))+")


def runs(question: str) -> Worked | None:
    """Scores of the same configuration over seeds or CV folds ("run k-means" is not a run)."""
    if not re.search(r"\b(seeds?|folds?|cross[- ]val\w*|cv)\b", question, re.I):
        return None
    if not re.search(
        r"\b(acc\w*|auc|f1|score\w*|rmse|mae|loss|precision|recall|r2|metric|estimate)\b|±|\+/-", question, re.I
    ):
        return None
    errors_metric = re.search(r"\b(rmse|mae|mse|loss|error)\b", question, re.I)  # not bounded by 1
    if re.search(r"\b(TP|FP|IoU|box)\b", question):
        return None
    groups, last_end = [], 0
    found = sorted([*_RUN.finditer(question), *_SPACED.finditer(question)], key=lambda m: m.start())
    for m in found:
        values = [to_float(v) for v in re.findall(NUM, m[0])]
        if len(values) < 2:
            continue  # "2,400 rows": one number written with a thousands comma
        if any(v < 0 or v > 100 for v in values):
            return None
        if re.search(
            r"(?:over|grid|values?|in|of|from)\s*[\[{(]?\s*$", question[max(0, m.start() - 12) : m.start()], re.I
        ):
            continue  # "searched C over [0.01, 0.1, 1, 10, 100]": the values tried, not scores
        if errors_metric is None and any(v > 1 for v in values):
            continue  # accuracies, AUCs and F1s lie in [0, 1]
        if len(values) >= 3 or (len(values) == 2 and groups):
            before = question[max(0, m.start() - 40) : m.start()]
            name = re.findall(r"(?i:config(?:uration)?|model|setting)\s+([A-Za-z0-9]\w{0,2})\b|\b([A-Z])\b", before)
            name = [a or b for a, b in name]
            groups.append((name[-1] if name else "", values))
            last_end = m.end()
    if not groups or len(groups) > 3 or any(len(v) < 2 for _, v in groups):
        return None
    if len(groups) == 1 and not re.search(r"\bfolds?|cross[- ]val|\bcv\b|seeds?|runs?", question, re.I):
        return None
    seeds = bool(re.search(r"seed|config", question, re.I))  # s4-experiment-tracking: sample std
    kind = "sample" if seeds else "population"
    steps, means = [], []
    for i, (name, values) in enumerate(groups):
        if len(groups) == 1:
            label = "your scores"
        else:
            label = name if name and len({n for n, _ in groups}) == len(groups) else f"set {i + 1}"
        mean, std = sum(values) / len(values), stdev(values, sample=seeds)
        means.append((mean, std, max(values), label))
        total = " + ".join(fmt(v) for v in values)
        best = f"; best single value {fmt(max(values))}" if len(groups) > 1 else ""
        steps.append(
            f"{label}: mean = ({total}) / {len(values)} = {fmt(mean)}; standard deviation "
            f"({kind}, as the reading computes it) = {fmt(std)}{best}"
        )
    note = ""
    # one set of scores and another model's single mean quoted after it ("my coworker's model got 0.83")
    other = re.search(
        rf"(?:averaged|mean of|average of)\s*({NUM})|({NUM})\s*(?:mean|average|on average)\b",
        question[last_end:],
        re.I,
    )
    if len(means) == 1 and other:
        value = to_float(other[1] or other[2])
        m1, s1 = means[0][0], means[0][1]
        gap = value - m1
        smaller = abs(gap) < s1
        note = (
            f"The other model's {fmt(value)} differs from this mean by {fmt(gap)}, "
            f"{'smaller' if smaller else 'larger'} than the fold-to-fold standard deviation {fmt(s1)}"
            + (": the gap may be noise, not a real difference." if smaller else ".")
        )
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


# --- 13. grid-search and k-fold counts (s2-hyperparameter-tuning, s2-train-test-cv) ----------------


_CHAIN = re.compile(r"\d+(?:(?!\s[x×]\s)[^\d.,;?]){1,30}(?:\s[x×]\s\d+(?:(?!\s[x×]\s)[^\d.,;?]){1,30})+")


def _grid_sizes(question: str) -> list[int] | None:
    """How many values each hyperparameter takes: lists ([0.1, 1, 10] or {0.1, 1, 10}) or a product
    written out ("4 learning rates x 3 max_depths x 5 n_estimators values"); None when the two disagree."""
    from_lists = []
    for _, t in bracketed(question) + [(0, "[" + s + "]") for s in re.findall(r"\{([^{}]*)\}", question)]:
        if (v := literal(t)) is not None and len(shape_of(v) or ()) == 1:
            from_lists.append(len(v))
        elif re.fullmatch(r"\[\s*(?:(?:\"[^\"]*\"|'[^']*')\s*,\s*)*(?:\"[^\"]*\"|'[^']*')\s*,?\s*\]", t):
            from_lists.append(len(re.findall(r"\"[^\"]*\"|'[^']*'", t)))  # ["linear", "rbf"]: an axis too
    chain = _CHAIN.search(question)
    from_chain = [int(n) for n in re.findall(r"(?:^|\s[x×]\s)(\d+)", chain[0])] if chain else []
    # "learning_rate in 4 values, max_depth in 3 and n_estimators in 5"
    from_words = [int(n) for n in re.findall(r"\b[a-z_]+\s+in\s+(\d+)(?:\s+values)?\b(?!\s*[-%.])", question, re.I)]
    found = [s for s in (from_chain, from_lists, from_words) if s]
    if len({tuple(s) for s in found}) > 1:
        return None  # two readings of the grid disagree
    return found[0] if found else []


def counts(question: str) -> Worked | None:
    """Split sizes ("70/15/15" of N rows), k-fold sizes (on what is left after a test hold-out), and
    grid-search fits (configurations x folds, plus the final refit)."""
    only_random = not re.search(r"how many|number of|size of each|how big|how large|\bsizes?\b|in each", question, re.I)
    if only_random and not re.search(r"random[- ]search", question, re.I):
        return None  # a random-search question asks its chances without "how many": only those are computed
    folds = {
        int(a or b or c) for a, b, c in re.findall(r"(\d+)[- ]fold|(\d+)\s+folds|\bcv\s*=\s*(\d+)", question, re.I)
    }
    if len(folds) > 1:
        return None
    k = folds.pop() if folds else None
    samples = set(
        re.findall(
            r"(\d[\d,]*)\s+(?:labell?ed\s+)?(?:samples|rows|examples|images|emails|records|data points|observations)",
            question,
            re.I,
        )
    )
    n = int(samples.pop().replace(",", "")) if len(samples) == 1 else None
    steps: list[str] = []
    source, cue = "s2-train-test-cv", r"\*\*Holdout split\*\*"
    split = re.search(r"\b(\d{1,2})\s*%?\s*/\s*(\d{1,2})\s*%?(?:\s*/\s*(\d{1,2})\s*%?)?", question)
    if n and split and sum(int(x) for x in split.groups() if x) == 100:
        shares = [int(x) for x in split.groups() if x]
        names = ["train", "validation", "test"] if len(shares) == 3 else ["train", "test"]
        steps.append(
            f"{'/'.join(map(str, shares))} split of {n:,}: "
            + ", ".join(
                f"{name} {n:,} × {share / 100:g} = {fmt(n * share / 100)}"
                for name, share in zip(names, shares, strict=True)
            )
        )
    if n and k:
        held = re.findall(r"(?:hold(?:ing)?\s*out|held\s*out|set\s*aside|reserve)\s*(\d{1,2})\s*%", question, re.I)
        held += re.findall(r"(\d{1,2})\s*%\s*(?:as|for)\s*(?:the\s*)?test", question, re.I)
        held = list(dict.fromkeys(held))
        if len(held) > 1 or (not held and re.search(r"\btest\b", question, re.I) and not split):
            return None  # what the folds are cut from is unclear
        pool = n
        if held:
            share = int(held[0]) / 100
            pool = n - n * share
            steps.append(f"Test hold-out: {n:,} × {share:g} = {fmt(n * share)}; CV runs on the other {fmt(pool)}")
        if pool != int(pool) or int(pool) % k:
            return None
        pool = int(pool)
        if not split:  # the rule these steps apply is k-fold's, not a single hold-out's
            cue = r"\*\*k-fold cross-validation\*\*"
        steps.append(f"Each of the {k} folds holds {pool:,} / {k} = {pool // k:,}")
        steps.append(
            f"Each fold's model trains on {pool:,} - {pool // k:,} = {pool - pool // k:,} "
            f"and is validated on {pool // k:,}"
        )
        if re.search(r"fits?|trained|trainings|models", question, re.I) and not re.search(r"grid", question, re.I):
            steps.append(f"Model fits: {k} for CV, plus 1 final refit on all {pool:,} = {k + 1}")
    sizes = _grid_sizes(question)
    if sizes and len(sizes) >= 2 and re.search(r"\bgrid|sweep|combinations?|configs?\b|configurations", question, re.I):
        configs = math.prod(sizes)
        steps.append(f"Configurations: {' × '.join(map(str, sizes))} = {configs:,}")
        if k:
            steps.append(
                f"Model fits with {k}-fold CV: {configs:,} × {k} = {configs * k:,}, plus one final refit on all "
                f"the training data = {configs * k + 1:,}"
            )
        chain = _CHAIN.search(question)
        after = question[chain.end() : chain.end() + 40] if chain else question
        seeds = re.findall(r"(\d+)\s+(?:random\s+)?seeds", after, re.I)[:1]  # "x 2 optimizers, 5 seeds each"
        if len(seeds) == 1:
            s_ = int(seeds[0])
            steps.append(f"Runs with {s_} seeds each: {configs:,} × {s_} = {configs * s_:,}")
            if not k:  # runs of a sweep, as experiment tracking counts them
                source, cue = "s4-experiment-tracking", r"number of runs is the product"
        if not (len(seeds) == 1 and not k):
            source, cue = "s2-hyperparameter-tuning", r"number of configurations is the product"
    trials = re.search(r"(\d+)\s+(?:random(?:[- ]search)?\s+)?(?:trials|samples|configurations|draws)", question, re.I)
    top = re.search(r"(?:top|best)\s*(\d+(?:\.\d+)?)\s*%", question, re.I)
    note = ""
    if trials and len({int(t) for t in re.findall(r"(\d+)\s+(?:random(?:[- ]search)?\s+)?trials", question, re.I)}) > 1:
        # two budgets ("48 random trials" against BO's "20 trials"): only one written as random search's is used
        tied = r"random[- ]search\s+(?:with|of|using|running)\s+\d+\s+trials|\d+\s+random(?:[- ]search)?\s+trials"
        named = {re.search(r"\d+", m)[0] for m in re.findall(tied, question, re.I)}
        trials = re.search(r"(\d+)", re.search(tied, question, re.I)[0]) if len(named) == 1 else None
    if trials and top and re.search(r"random", question, re.I):
        t, p = int(trials[1]), float(top[1]) / 100
        chance = 1 - (1 - p) ** t
        steps.append(
            f"Random search: chance that at least one of {t} trials lands in the top {fmt(100 * p)}% = "
            f"1 - {fmt(1 - p)}^{t} = {fmt(chance)}"
        )
        if source == "s2-train-test-cv":
            source, cue = "s2-hyperparameter-tuning", r"1 - 0\.95\^60"
    # turned around: the smallest top slice q that n trials hit with a given confidence ("the smallest 'top q' slice
    # we can be 90% sure of hitting with those 40 trials"): 1 - (1 - q)^n = p, q = 1 - (1 - p)^(1/n)
    sure = re.findall(r"(\d+(?:\.\d+)?)\s*%\s*(?:sure|confident|certain|confidence|chance|probability)", question, re.I)
    if (
        trials
        and len(set(sure)) == 1
        and re.search(r"random", question, re.I)
        and re.search(
            r"smallest|top q\b|best q\b|what (?:fraction|slice|share|top)|which (?:fraction|slice)", question, re.I
        )
    ):
        t, goal = int(trials[1]), float(sure[0]) / 100
        if 0 < goal < 1 and t > 0:
            q = 1 - (1 - goal) ** (1 / t)
            steps.append(
                f"Smallest top slice q hit with {fmt(100 * goal)}% probability by {t} trials: 1 - (1 - q)^{t} = "
                f"{fmt(goal)} → (1 - q)^{t} = {fmt(1 - goal)} → q = 1 - {fmt(1 - goal)}^(1/{t}) = 1 - "
                f"{fmt((1 - goal) ** (1 / t))} = {fmt(q)}, about the top {fmt(100 * q, 1)}%"
            )
            source, cue = "s2-hyperparameter-tuning", r"1 - 0\.95\^60"
    # "at least a 90% chance", "for a 90% chance", "to have a 95% probability"
    aim = re.search(
        r"(?:at least|≥|>=|\bfor|\bwith|\bhave|\bget)\s*(?:an?\s+)?(\d+(?:\.\d+)?)\s*%\s*(?:chance|probability)",
        question,
        re.I,
    )
    if top and aim and not trials and re.search(r"random", question, re.I) and re.search(r"how many", question, re.I):
        p, goal = float(top[1]) / 100, float(aim[1]) / 100
        if 0 < p < 1 and 0 < goal < 1:
            need = math.log(1 - goal) / math.log(1 - p)
            steps.append(
                f"Random trials for at least a {fmt(100 * goal)}% chance of one in the top {fmt(100 * p)}%: "
                f"1 - {fmt(1 - p)}^n ≥ {fmt(goal)} → n ≥ ln({fmt(1 - goal)}) / ln({fmt(1 - p)}) = {fmt(need, 2)}, "
                f"so {math.ceil(need - 1e-9)} trials"
            )
            source, cue = "s2-hyperparameter-tuning", r"1 - 0\.95\^60"
    if only_random:
        steps = [line for line in steps if line.startswith(("Random search:", "Smallest top slice"))]
    if not steps:
        return None
    if cue == r"1 - 0\.95\^60" and re.search(r"\bhyperparameters\b", question, re.I):
        note = (
            "The chance depends only on q and the number of trials, not on how many hyperparameters are tuned; "
            "'top q' is relative to the ranges and distributions you search, and noisy validation scores make "
            "near-ties among the best trials uncertain."
        )
    return Worked("counts", source, cue, tuple(steps), note)


# --- class weights for imbalanced data (c-class-imbalance) -----------------------------------------


_TOTAL_NOUNS = {
    "rows", "samples", "examples", "records", "observations", "transactions", "customers", "users", "images",
    "emails", "patients", "points", "items", "cases", "instances", "reviews", "messages", "documents", "in",
}  # fmt: skip


def class_weights(question: str) -> Worked | None:
    """scikit-learn's class_weight="balanced": n_samples / (n_classes × n_c), for two classes given
    as a total and the rare class's count."""
    if not re.search(r"class[_ ]?weights?|weight (?:does |for )?each class", question, re.I):
        return None  # "2 balanced classes" is not a question about class weights
    listed = re.sub(r"\(\d\)|(?<![\w.])\d\)", " ", question)  # "(1) What class weights ...? (2) ...": markers
    counts_ = [int(n.replace(",", "")) for n in re.findall(r"(?<![\w.])(\d[\d,]*)(?![\w.%])", listed)]
    counts_ = [n for n in counts_ if n > 1]
    if len(counts_) != 2 or counts_[1] >= counts_[0]:
        return None
    total, rare = counts_
    pair = re.search(
        r"(\d[\d,]*)\s+([a-z][\w-]*)\s+(?:and|vs\.?|versus|against)\s+(\d[\d,]*)\s+([a-z][\w-]*)", listed, re.I
    )
    if pair and not re.search(r"\b(?:total|in all|of which|out of|overall)\b", question, re.I):
        nouns = {pair[2].lower(), pair[4].lower()}
        if not nouns & _TOTAL_NOUNS and len(nouns) == 2:  # "9,000 negatives and 1,000 positives": two classes
            total = total + rare
    common = total - rare
    w_common, w_rare = total / (2 * common), total / (2 * rare)
    steps = [
        f"Classes: {fmt(common)} common and {fmt(rare)} rare of {fmt(total)}",
        f"common class: {fmt(total)} / (2 × {fmt(common)}) = {fmt(w_common)}",
        f"rare class: {fmt(total)} / (2 × {fmt(rare)}) = {fmt(w_rare)}, {fmt(w_rare / w_common, 2)} "
        "times the common weight",
    ]
    if re.search(r"always|every\w*|majority|never", question, re.I) and re.search(r"accuracy", question, re.I):
        steps.append(
            f"Always predicting the common class: accuracy {fmt(common)} / {fmt(total)} = "
            f"{fmt(common / total)}, recall 0"
        )
    if re.search(r"random", question, re.I) and re.search(r"pr[- ]?auc|average precision|roc[- ]?auc", question, re.I):
        steps.append(
            f"a random classifier: ROC-AUC = 0.5 whatever the imbalance; PR-AUC ≈ the positive rate = "
            f"{fmt(rare)} / {fmt(total)} = {fmt(rare / total)}"
        )
    return Worked("class_weights", "c-class-imbalance", r"class_weight=\"balanced\"", tuple(steps))


# --- logistic regression: probability, log-loss, odds (s2-supervised-learning) ----------------------


def _vector_or_scalar(question: str, names: str) -> list[float] | None:
    m = re.search(rf"\b(?:{names})\s*=\s*(\[[^\]]*\]|\([^)]*\)|{NUM})", question, re.I)
    if not m:
        return None
    if m[1].startswith(("[", "(")):
        v = literal("[" + m[1][1:-1] + "]")
        return v if v is not None and len(shape_of(v) or ()) == 1 else None
    return [to_float(m[1])]


def _one_named_feature(question: str) -> tuple[list[float], list[float]] | None:
    """'weight 0.8 on "number of support calls" ... a customer with 4 calls': one feature's weight and
    the value asked about, the value found by the feature's last word; None unless each is read once."""
    quoted = r"['\"‘“]([^'\"’”]+)['\"’”]"
    m = re.search(rf"\bweight\s*(?:of|is|=)?\s*({NUM})\s+(?:on|for|per)\s+(?:{quoted}|([a-z][\w-]*))", question, re.I)
    if not m:
        return None
    if re.fullmatch(r"each|every|all|both|the|its|their|these|those", (m[2] or m[3]).strip(), re.I):
        return None  # "weight 1 on each squared feature": several features, none named
    for noun in reversed([w.rstrip("s") for w in (m[2] or m[3]).split() if len(w) > 2]):  # "calls", "years"
        rest = question[: m.start()] + " " + question[m.end() :]  # the weight itself is not the feature's value
        values = {to_float(v) for v in re.findall(rf"({NUM})\s+(?:[a-z-]+\s+)?{re.escape(noun)}s?\b", rest, re.I)}
        if values:
            return ([to_float(m[1])], [values.pop()]) if len(values) == 1 else None
    return None


def logistic(question: str) -> Worked | None:
    if not re.search(r"logistic|sigmoid", question, re.I) or logistic_step(question):
        return None  # a step asked: `logistic_step` shows this forward pass before and after it
    w = _vector_or_scalar(question, r"w|weights?")
    x = _vector_or_scalar(question, r"x|input|features?")
    if w is None and x is None and (named := _one_named_feature(question)):
        w, x = named
    b = re.findall(rf"(?:\bb\b|bias|intercept)\s*(?:=|of|is)?\s*({NUM})", question, re.I)
    if w is None or x is None or len(w) != len(x) or len(set(b)) > 1:
        return None
    bias = to_float(b[0]) if b else 0.0
    z = sum(a * c for a, c in zip(w, x, strict=True)) + bias
    p = 1 / (1 + math.exp(-z))
    terms = " + ".join(f"{factor(a)} × {factor(c)}" for a, c in zip(w, x, strict=True))
    steps = [
        f"z = w·x + b = {terms} + {factor(bias)} = {fmt(z)}",
        f"p = σ(z) = 1 / (1 + e^(-{factor(z)})) = {fmt(p)}",
    ]
    label = re.search(r"(?:true label|label|y)\s*(?:is|=)?\s*([01])\b", question, re.I)
    # "if that customer did not churn, what's the log-loss?": the negative class
    negative = re.search(r"\b(?:did not|didn't|does not|doesn't|was not|wasn't)\s+\w+", question, re.I)
    if label or (negative and re.search(r"log[- ]?loss|cross[- ]entropy", question, re.I)):
        y = int(label[1]) if label else 0
        loss = -math.log(p if y == 1 else 1 - p)
        shown = f"-ln {fmt(p)}" if y == 1 else f"-ln(1 - {fmt(p)}) = -ln {fmt(1 - p)}"
        steps.append(f"log-loss for y = {y}: {shown} = {fmt(loss)}")
    if re.search(r"odds", question, re.I):
        for i, a in enumerate(w):
            steps.append(
                f"a one-unit increase in x{i + 1 if len(w) > 1 else ''} multiplies the odds by "
                f"e^{fmt(a)} = {fmt(math.exp(a))}"
            )
    if (
        len(w) == 1
        and w[0]
        and re.search(r"cross\w*\s+(?:p\s*=\s*)?0\.5|decision boundary|p\s*=\s*0\.5", question, re.I)
    ):
        steps.append(f"p = 0.5 where z = 0: x = -b / w = {factor(-bias)} / {factor(w[0])} = {fmt(-bias / w[0])}")
    return Worked("logistic", "s2-supervised-learning", r"\\sigma\(z\) = 1/\(1\+e\^\{-z\}\)", tuple(steps))


# --- regression losses: MSE, MAE, Huber (c-loss-functions) ----------------------------------------


_TARGETS = r"\b(?:targets?|true|actual(?:s|ly)?|labels?|y_true|ground[- ]truth|observed)\b"
_PREDICTIONS = r"\b(?:predict\w*|preds?|y_pred|y_hat|forecasts?)\b"


def _targets_first(question: str, spans: list[tuple[int, int]]) -> bool | None:
    """Whether the first of two lists holds the targets, read from the words just before each list
    ('targets are 1, 2, 3 and my model predicts 2, 2, 5'); None unless each is named, one of each."""
    roles, prev = [], 0
    for start, end in spans:
        before = question[prev:start]
        target, predicted = re.search(_TARGETS, before, re.I), re.search(_PREDICTIONS, before, re.I)
        roles.append("target" if target and not predicted else "prediction" if predicted and not target else None)
        prev = end
    return roles[0] == "target" if sorted(roles, key=str) == ["prediction", "target"] else None


def _target_lists(question: str) -> tuple[list[float], list[float]] | None:
    """The targets and the predictions: two lists in brackets, or written in words with what each is
    named before it."""
    found = [(i, i + len(t), v) for i, t in bracketed(question) if (v := literal(t)) is not None]
    found = [(i, j, v) for i, j, v in found if len(shape_of(v) or ()) == 1]
    in_words = not found
    if in_words:
        found = prose_spans(question)
    if len(found) != 2 or len(found[0][2]) != len(found[1][2]):
        return None
    target_first = _targets_first(question, [(i, j) for i, j, _ in found])
    if target_first is None and in_words:
        return None
    if target_first is None:  # lists in brackets: the targets first unless only predictions are named before them
        before = question[: found[0][0]]
        target_first = bool(re.search(r"target|true|actual|label|y_true", before, re.I)) or not re.search(
            r"predict", before, re.I
        )
    first, second = found[0][2], found[1][2]
    return (first, second) if target_first else (second, first)


_BCE = re.compile(r"cross[- ]?entropy|\blog[- ]?loss\b|\bbce\b|\bnll\b", re.I)


def bce(question: str) -> Worked | None:
    """Mean binary cross-entropy of 0/1 labels and predicted probabilities; and, for one example
    ("y = 1 predicted at p = 0.02"), the gradient with respect to the logit under cross-entropy (p - y)
    and under MSE (2(p - y) p(1 - p)) when the learner compares them."""
    if not _BCE.search(question):
        return None
    steps: list[str] = []
    lists = _target_lists(question)
    if lists is not None:
        y, p = lists
        if set(y) - {0.0, 1.0} or not all(0 < v < 1 for v in p):
            return None
        losses = [-math.log(pi) if yi else -math.log(1 - pi) for yi, pi in zip(y, p, strict=True)]
        terms = [f"-ln({fmt(pi)})" if yi else f"-ln(1 - {fmt(pi)})" for yi, pi in zip(y, p, strict=True)]
        steps += [
            "per example, -[y ln p + (1 - y) ln(1 - p)]: "
            + ", ".join(f"{t} = {fmt(v)}" for t, v in zip(terms, losses, strict=True)),
            f"mean binary cross-entropy = ({' + '.join(fmt(v) for v in losses)}) / {len(losses)} = "
            f"{fmt(sum(losses) / len(losses))}",
        ]
    one = re.search(rf"\by\s*=\s*([01])\b[^.?!;]{{0,40}}?\bp\s*(?:=|of)\s*({NUM})", question, re.I)
    if one and re.search(r"gradient", question, re.I) and re.search(r"\bmse\b|squared", question, re.I):
        y1, p1 = int(one[1]), to_float(one[2])
        if not 0 < p1 < 1:
            return None
        ce, mse = p1 - y1, 2 * (p1 - y1) * p1 * (1 - p1)
        steps += [
            f"one example, y = {y1}, p = {fmt(p1)}: cross-entropy's gradient with respect to the logit is p - y = "
            f"{fmt(ce)}",
            f"MSE's is 2(p - y) p(1 - p) = 2 × {factor(p1 - y1)} × {fmt(p1)} × {fmt(1 - p1)} = {fmt(mse)}, about "
            f"{fmt(abs(ce / mse), 0) if mse else '∞'} times smaller",
        ]
        note = (
            "MSE through a sigmoid nearly stops learning when the model is confidently wrong, the case that most "
            "needs a large gradient; cross-entropy's gradient stays large there."
        )
        return Worked("bce", "c-loss-functions", r"\*\*Binary cross-entropy\*\*", tuple(steps), note)
    if not steps:
        return None
    note = (
        "A confident wrong prediction costs most: -ln p grows without bound as p, the probability of the true "
        "label, nears 0."
    )
    return Worked("bce", "c-loss-functions", r"\*\*Binary cross-entropy\*\*", tuple(steps), note)


def reg_losses(question: str) -> Worked | None:
    if not re.search(r"\b(mse|mae|rmse|huber|mean squared|mean absolute)\b", question, re.I):
        return None
    lists = _target_lists(question)
    if lists is None:
        return None
    y, yhat = lists
    if _BCE.search(question) and not set(y) - {0.0, 1.0}:
        return None  # labels and probabilities under a cross-entropy question: `bce` works them
    errors = [a - b for a, b in zip(yhat, y, strict=True)]
    n = len(errors)
    sq = [e * e for e in errors]
    ab = [abs(e) for e in errors]
    steps = [
        f"errors (prediction - target): {vec(errors)}",
        f"MSE = ({' + '.join(fmt(v) for v in sq)}) / {n} = {fmt(sum(sq) / n)}",
        f"MAE = ({' + '.join(fmt(v) for v in ab)}) / {n} = {fmt(sum(ab) / n)}",
    ]
    if re.search(r"rmse", question, re.I):
        steps.append(f"RMSE = √{fmt(sum(sq) / n)} = {fmt(math.sqrt(sum(sq) / n))}")
    d = re.search(rf"(?:delta|δ)\s*(?:=|of)?\s*({NUM})", question, re.I)
    if re.search(r"huber", question, re.I):
        if not d:
            return None
        delta = to_float(d[1])
        hub = [0.5 * e * e if abs(e) <= delta else delta * (abs(e) - 0.5 * delta) for e in errors]
        steps.append(f"Huber (δ = {fmt(delta)}) per point: {vec(hub)}; mean = {fmt(sum(hub) / n)}")
    worst = max(range(n), key=lambda i: ab[i])
    note = (
        f"The largest error ({fmt(errors[worst])}) contributes {fmt(sq[worst])} of the {fmt(sum(sq))} squared total: "
        "MSE grows with the square of an error, MAE and Huber only linearly for large errors."
    )
    return Worked("reg_losses", "c-loss-functions", r"\*\*Mean absolute error\*\*", tuple(steps), note)


# --- R-squared of predictions (c-regression-metrics) ---------------------------------------------

_R2 = re.compile(r"\br\s*\^\s*2\b|\br2(?:_score)?\b|\br²|r[- ]squared|coefficient of determination", re.I)


def r_squared(question: str) -> Worked | None:
    """Targets and predictions: R^2 = 1 - SS_res / SS_tot, against always predicting the targets' mean;
    negative when the predictions do worse than that mean, which held-out data allows."""
    if not _R2.search(question):
        return None
    lists = _target_lists(question)
    if lists is None or len(lists[0]) < 2:
        return None
    y, yhat = lists
    n, mean = len(y), sum(y) / len(y)
    tot = [(v - mean) ** 2 for v in y]
    res = [(a - b) ** 2 for a, b in zip(y, yhat, strict=True)]
    ss_tot, ss_res = sum(tot), sum(res)
    if ss_tot == 0:
        return None
    r2 = 1 - ss_res / ss_tot
    steps = (
        f"mean of the targets = ({' + '.join(fmt(v) for v in y)}) / {n} = {fmt(mean)}; SS_tot = "
        f"{' + '.join(fmt(v) for v in tot)} = {fmt(ss_tot)}",
        f"residuals (target - prediction): {vec([a - b for a, b in zip(y, yhat, strict=True)])}; SS_res = "
        f"{' + '.join(fmt(v) for v in res)} = {fmt(ss_res)}",
        f"R² = 1 - SS_res / SS_tot = 1 - {fmt(ss_res)} / {fmt(ss_tot)} = {fmt(r2)}",
        f"the model's MSE is {fmt(ss_res)} / {n} = {fmt(ss_res / n)}; always predicting the mean {fmt(mean)} "
        f"gives {fmt(ss_tot)} / {n} = {fmt(ss_tot / n)}",
    )
    if re.search(r"correlat|pearson|\bcorr\b", question, re.I) and len(set(yhat)) > 1:
        r = statistics.correlation(y, yhat)
        steps += (
            f"for comparison, the correlation of targets and predictions: r = {fmt(r)}, r² = {fmt(r * r)}, "
            f"a different number from R² = {fmt(r2)}",
        )
    if r2 < 0:
        doubt = re.search(r"bug|wrong|impossible|can'?t|cannot|shouldn'?t|below zero|negative", question, re.I)
        note = (
            f"{'Not a bug: a' if doubt else 'A'} negative R² means the predictions do worse than always predicting "
            "the mean of the targets. R² equals the squared correlation only for a least-squares fit with an "
            "intercept scored on its own training data; on held-out data it has no lower bound."
        )
    else:
        note = (
            f"R² = {fmt(r2)}: the predictions' squared errors are {pct(ss_res / ss_tot)} of those of always "
            "predicting the mean; R² is not a share of correct predictions."
        )
    return Worked("r_squared", "c-regression-metrics", r"coefficient of determination", steps, note)


# --- adjusted R-squared of models with more or fewer features (c-regression-metrics) --------------

_R2_LABEL = r"(?:\br\s*\^\s*2\b|\br2\b|\br²|\br[- ]squared)"
_R2_VALUE = re.compile(
    rf"{_R2_LABEL}(?:\s+(?:values?|scores?))?\s*(?:=|:|of|is|was|to|at|reached|became|(?:rose|went|jumped|climbed|"
    rf"moved)\s+(?:up\s+)?to)?\s*({NUM})(?!\s*%)",
    re.I,
)
_ADJUSTED = re.compile(rf"adjusted\s*{_R2_LABEL}|\badj(?:usted)?[._ -]?r2\b|\br2[._ ]adj\b", re.I)
_FEATURE_NOUN = r"(?:features?|predictors?|variables?|regressors?|covariates?|inputs?|columns?)\b"
_FEATURE_COUNT = re.compile(
    rf"(?<![\w.])(\d+|{'|'.join(WORDS)})[- ]((?:[\w-]+\s+){{0,2}}?){_FEATURE_NOUN}|\bp\s*=\s*(\d+)\b", re.I
)
_MORE = {"more", "extra", "additional", "further", "new", "added", "other"}
_N_EXPLICIT = (
    re.compile(r"\bn\s*=\s*(\d[\d,]*)\b"),
    re.compile(r"training (?:set|data)\s*(?:of|with|has|had|:|=)?\s*\(?\s*(\d[\d,]*)\b", re.I),
)
_N_ITEMS = re.compile(
    r"(?<![\w.,])(\d[\d,]*)\s+(?:training\s+)?(?:rows|samples|examples|observations|data points|points|records|"
    r"instances|cases|houses|homes|apartments|properties|listings|customers|users|patients|participants|subjects|"
    r"students|people|respondents)\b",
    re.I,
)


def _sample_size(question: str) -> int | None:
    """n, the number of training examples: 'n = 60', 'training set (60 houses)', else '60 rows'; None unless one."""
    for patterns in (_N_EXPLICIT, (_N_ITEMS,)):
        found = {int(m[1].replace(",", "")) for pattern in patterns for m in pattern.finditer(question)}
        if found:
            return found.pop() if len(found) == 1 else None
    return None


def _r2_with_features(question: str) -> list[tuple[Fraction, int, int | None]] | None:
    """Each R² value given with its number of features, in order: '5-feature model has R² = 0.72' -> p = 5, and
    'adding 10 more features pushed R² to 0.735' -> p = 15 (also given as the step 10). None when a value has no
    count, a count no value, or a count comes down ('removing 2 features')."""
    events: list[tuple[int, str, object]] = []
    for m in _R2_VALUE.finditer(question):
        if re.search(r"adjusted\s*$|adj[._ -]?$", question[max(0, m.start() - 12) : m.start()], re.I):
            return None  # an adjusted R² given: not a training R² to adjust
        events.append((m.start(), "r2", fraction(m[1])))
    for m in _FEATURE_COUNT.finditer(question):
        if m[3]:
            events.append((m.start(), "abs", int(m[3])))
            continue
        count = WORDS.get(m[1].lower()) or int(m[1])
        before = question[max(0, m.start() - 25) : m.start()]
        if re.search(r"\b(?:remov\w*|drop\w*|delet\w*|without|fewer|less|minus|prun\w*)\s+(?:\w+\s+)?$", before, re.I):
            return None
        relative = bool(set(m[2].lower().split()) & _MORE) or bool(
            re.search(r"\b(?:add|adds|added|adding|plus|another)\s+$", before, re.I)
        )
        events.append((m.start(), "rel" if relative else "abs", count))
    events.sort(key=lambda e: e[0])
    pairs: list[tuple[Fraction, int, int | None]] = []
    waiting: Fraction | None = None  # an R² seen before its count ("R² = 0.72 with 5 features")
    pending: tuple[str, int] | None = None  # a count seen before its R²
    for _, kind, value in events:
        if kind == "r2":
            if waiting is not None:
                return None
            if pending is None:
                waiting = value  # type: ignore[assignment]
                continue
            count_kind, k = pending
            pending = None
            if count_kind == "rel":
                if not pairs:
                    return None
                pairs.append((value, pairs[-1][1] + k, k))  # type: ignore[arg-type]
            else:
                pairs.append((value, k, None))  # type: ignore[arg-type]
        else:
            if pending is not None:
                return None
            if waiting is not None:
                if kind == "rel":
                    if not pairs:
                        return None
                    pairs.append((waiting, pairs[-1][1] + value, value))  # type: ignore[operator]
                else:
                    pairs.append((waiting, value, None))  # type: ignore[arg-type]
                waiting = None
            else:
                pending = (kind, value)  # type: ignore[assignment]
    if waiting is not None or pending is not None or not pairs:
        return None
    return pairs


def adjusted_r2(question: str) -> Worked | None:
    """Training R² values of models with p features each, fitted on n examples: adjusted R² = 1 - (1 - R²)(n - 1) /
    (n - p - 1), and whether the extra features raised it or only the training R², which never falls when least
    squares gains a feature."""
    if not _ADJUSTED.search(question):
        return None
    n = _sample_size(question)
    pairs = _r2_with_features(question)
    if n is None or pairs is None:
        return None
    if any(not 0 <= r2 <= 1 or p < 1 or n - p - 1 <= 0 for r2, p, _ in pairs):
        return None
    if len({p for _, p, _ in pairs}) != len(pairs):
        return None  # two R² values for one feature count: which model is which?
    steps = [f"adjusted R² = 1 - (1 - R²)(n - 1) / (n - p - 1), with n = {n} examples and p features"]
    adjusted = []
    for r2, p, added in pairs:
        penalty = (1 - r2) * (n - 1) / (n - p - 1)
        adjusted.append(1 - penalty)
        where = f"p = {p}" + (f" ({p - added} + {added})" if added else "")
        steps.append(
            f"{where}: 1 - (1 - {fmt(r2)}) × ({n} - 1) / ({n} - {p} - 1) = 1 - {fmt(1 - r2)} × {n - 1} / "
            f"{n - p - 1} = 1 - {fmt(penalty)} = {fmt(1 - penalty)}"
        )
    if len(pairs) == 1:
        r2, p, _ = pairs[0]
        note = (
            f"Adjusted R² ({fmt(adjusted[0])}) is R² ({fmt(r2)}) less a penalty for {p} feature{'s' if p > 1 else ''} "
            f"on {n} examples: it penalizes weak features, because training R² never falls when least squares gains "
            "one."
        )
        return Worked("adjusted_r2", "c-regression-metrics", _ADJUSTED_CUE, tuple(steps), note)
    (r_a, p_a, _), (r_b, p_b, _) = pairs[0], pairs[-1]
    a, b = adjusted[0], adjusted[-1]
    steps.append(
        f"from {p_a} to {p_b} features: training R² {fmt(r_a)} -> {fmt(r_b)} ({'+' if r_b >= r_a else ''}"
        f"{fmt(r_b - r_a)}), adjusted R² {fmt(a)} -> {fmt(b)} ({'+' if b >= a else ''}{fmt(b - a)})"
    )
    more = p_b > p_a
    if (b < a) == more:  # the larger model's adjusted R² is lower
        verdict = (
            f"Adjusted R² is lower with {max(p_a, p_b)} features than with {min(p_a, p_b)}, so the "
            f"{abs(p_b - p_a)} extra features do not pay for themselves"
        )
    elif a == b:
        verdict = f"Adjusted R² is the same with {p_a} and {p_b} features, so the extra features add nothing net"
    else:
        verdict = (
            f"Adjusted R² is higher with {max(p_a, p_b)} features than with {min(p_a, p_b)}, so the extra features "
            "improve the fit by more than the penalty for them"
        )
    note = (
        f"{verdict}. Training R² never falls when least squares gains a feature, which is why it cannot judge them; "
        "confirm on held-out data."
    )
    return Worked("adjusted_r2", "c-regression-metrics", _ADJUSTED_CUE, tuple(steps), note)


_ADJUSTED_CUE = r"Adjusted R-squared, 1 - \(1 - R\^2\)\(n - 1\) / \(n - p - 1\)"


# --- variance inflation factors from each feature's R² on the others (c-correlation-limits) -------

_VIF = re.compile(r"variance inflation|\bVIFs?\b", re.I)
_R2_LIST = re.compile(
    rf"{_R2_LABEL}(?:\s+(?:values?|scores?))?(?:\s+(?:on|against)\s+(?:all\s+)?the\s+(?:others|rest|other\s+\w+))?"
    r"\s*(?:=|:|of|are|were|is|was)?\s*\[?\s*"
    rf"({NUM}(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+){NUM})*)(?![\d.]*\s*%)",
    re.I,
)


def _and(items: list[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b and c'."""
    return f"{', '.join(items[:-1])} and {items[-1]}" if len(items) > 1 else items[0]


def vif(question: str) -> Worked | None:
    """The R² of each feature regressed on all the others ("R² = 0.30, 0.50, 0.95 and 0.96"): its variance
    inflation factor VIF = 1 / (1 - R²), how many times its coefficient's variance is inflated by the other
    features; large ones are multicollinearity a pairwise heatmap can miss."""
    if not _VIF.search(question):
        return None
    found = list(_R2_LIST.finditer(question))
    if not found:
        return None
    for m in found:  # an R² of the model itself, not of a feature on the others
        if re.search(
            r"model|overall|test|validation|held[- ]out|target|adjusted",
            question[max(0, m.start() - 40) : m.start()],
            re.I,
        ):
            return None
    lists = [[fraction(v) for v in re.findall(NUM, m[1])] for m in found]
    if len(lists) > 1 and any(len(v) > 1 for v in lists):
        return None  # two lists of R²: which features are they?
    r2s = [v for values in lists for v in values]
    if any(not 0 <= r < 1 for r in r2s):
        return None
    named = {
        WORDS.get(m[1].lower()) or int(m[1])
        for m in re.finditer(
            rf"\b(\d+|{'|'.join(WORDS)})\s+(?:\w+\s+)?(?:features|predictors|variables)\b", question, re.I
        )
    }
    if len(named) == 1 and len(r2s) > named.pop():
        return None  # more R² values than features
    k = len(r2s)
    steps = ["VIF = 1 / (1 - R²), with R² from regressing that feature on all the other features"]
    vifs = [1 / (1 - r) for r in r2s]
    for i, (r, v) in enumerate(zip(r2s, vifs, strict=True), 1):
        steps.append(
            f"{'feature ' + str(i) if k > 1 else 'the feature'}: 1 / (1 - {fmt(r)}) = 1 / {fmt(1 - r)} = {fmt(v)}"
        )
    names = [f"feature {i}" for i in range(1, k + 1)] if k > 1 else ["the feature"]
    worst = max(range(k), key=lambda i: vifs[i])
    steps.append(
        f"a VIF of {fmt(vifs[worst])} means {names[worst]}'s coefficient has {fmt(vifs[worst])} times the variance "
        f"(√{fmt(vifs[worst])} = {fmt(math.sqrt(vifs[worst]), 2)} times the standard error) it would have if it were "
        "uncorrelated with the other features"
    )
    high = [i for i in range(k) if vifs[i] >= 10]
    moderate = [i for i in range(k) if 5 <= vifs[i] < 10]
    if high or moderate:
        group = high or moderate
        who = _and([names[i] for i in group])
        note = (
            f"{who[0].upper() + who[1:]} (VIF {_and([fmt(vifs[i]) for i in group])}) "
            f"{'is' if len(group) == 1 else 'are'} {_and([pct(float(r2s[i])) for i in group])} explained by the other "
            f"features: {'strong' if high else 'moderate'} multicollinearity (common rules of thumb worry from a "
            "VIF of 5, or of 10)."
        )
        if re.search(r"heat ?map|correlation|pairwise|\|r\|", question, re.I):
            note += (
                " A heatmap is pairwise only and misses this, since a feature can be nearly a combination of several "
                "others."
            )
        note += (
            " In a linear model such features make coefficients unstable and hard to interpret: drop or combine one, "
            "or regularize, and compare validation scores; tree-based models mostly do not need the drop."
        )
    else:
        note = (
            "Every VIF is below 5, so by the common rules of thumb multicollinearity is mild here; a VIF grows without "
            "bound as R² nears 1."
        )
    return Worked("vif", "c-correlation-limits", r"VIF = 1 / \(1 - R²\)", tuple(steps), note)


# --- out-of-bag counts of a bootstrap (s2-ensemble-methods) ----------------------------------------


def out_of_bag(question: str) -> Worked | None:
    """A bootstrap sample of n rows from n: a row is left out with probability (1 - 1/n)^n, so about
    63.2% are distinct in-bag and 36.8% out-of-bag; with B trees, each row is out-of-bag for about
    B (1 - 1/n)^n of them."""
    if not re.search(r"bootstrap|out[- ]of[- ]bag|\boob\b|in[- ]bag", question, re.I):
        return None
    rows = {
        to_float(v)
        for v in re.findall(rf"({NUM})\s*(?:training\s+)?(?:rows|samples|examples|records|points)\b", question, re.I)
    }
    if len(rows) != 1:
        return None
    n = rows.pop()
    if n < 2 or n != int(n):
        return None
    out = (1 - 1 / n) ** n
    steps = [
        f"a row is missed by one draw with probability 1 - 1/{fmt(n)}, by all {fmt(n)} draws with probability "
        f"(1 - 1/{fmt(n)})^{fmt(n)} = {fmt(out)} (close to e^-1 = 0.3679)",
        f"distinct rows in one bootstrap sample: {fmt(n)} × (1 - {fmt(out)}) ≈ {fmt(round(n * (1 - out)))} "
        f"(about {fmt(100 * (1 - out), 1)}%); out-of-bag for that tree: {fmt(n)} × {fmt(out)} ≈ {fmt(round(n * out))}",
    ]
    trees = {
        int(v.replace(",", ""))
        for v in re.findall(r"(\d[\d,]*)\s*(?:trees|models|estimators|bootstrap samples)\b", question, re.I)
    }
    if len(trees) == 1:
        b = trees.pop()
        steps.append(
            f"with {fmt(b)} trees, each row is out-of-bag for about {fmt(b)} × {fmt(out)} ≈ "
            f"{fmt(round(b * out))} trees, which vote on it as a held-out prediction"
        )
    note = (
        "The out-of-bag score grades those held-out predictions against the labels over all rows: a validation "
        "estimate that needs no separate split."
    )
    return Worked("out_of_bag", "s2-ensemble-methods", r"\*\*Bootstrap sample\*\*", tuple(steps), note)


# --- variance of an average of correlated trees (s2-ensemble-methods) ------------------------------


# a forest variance the learner wants to reach: "variance down to 0.25", "target variance of 0.2", "get it below 0.3"
_NOT_A_COUNT = r"(?![\d.,]*\s*(?:trees|estimators|%))"
_TARGET_VARIANCE = tuple(
    pattern + _NOT_A_COUNT
    for pattern in (
        rf"\bvariance\s+(?:[a-z']+\s+){{0,3}}?(?:down\s+)?(?:to|below|under|at\s+most|no\s+more\s+than|<=?|≤)\s*({NUM})",
        rf"\btarget(?:\s+(?:forest\s+|ensemble\s+)?variance)?\s*(?:of|=|is|:)?\s*({NUM})",
        rf"\b(?:get|bring|reduce|cut|lower|push)\s+(?:it|that|this)\s+(?:down\s+)?(?:to|below|under)\s+({NUM})",
        rf"\b(?:reach|hit|achieve)\s+(?:a\s+)?(?:forest\s+|ensemble\s+)?variance\s+(?:of\s+)?({NUM})",
    )
)
_TREE_RHO = (
    r"(?:rho|ρ|correlat\w*)(?:\s+between\s+(?:the\s+|any\s+two\s+|two\s+|pairs?\s+of\s+)?"
    r"(?:trees|models|learners|members|estimators))?"
    rf"(?:\s*(?:of|=|to|is|:|at|≈|~))?(?:\s*(?:about|around|roughly))?\s*({NUM})"
)


def ensemble_variance(question: str) -> Worked | None:
    """B trees of variance σ² with pairwise correlation ρ average to ρσ² + (1 - ρ)σ²/B, for each ρ and B named.
    With a target variance: the floor ρσ² that more trees cannot pass, the trees needed when the target is above
    it, and the largest ρ that reaches the target with the learner's B, ρ ≤ (target/σ² - 1/B) / (1 - 1/B)."""
    if not re.search(r"\b(trees|forest|bagg\w*|ensemble)\b", question, re.I) or not re.search(
        r"variance", question, re.I
    ):
        return None
    spans = [m for pattern in _TARGET_VARIANCE for m in re.finditer(pattern, question, re.I)]
    targets = {fraction(m[1]) for m in spans}
    rest = question
    for m in spans:  # the target is not the trees' own variance nor a correlation
        rest = rest[: m.start()] + " " * (m.end() - m.start()) + rest[m.end() :]
    rho_texts = re.findall(_TREE_RHO, rest, re.I)
    rhos = [to_float(v) for v in rho_texts]
    trees = [
        int(count.replace(",", ""))
        for found in re.findall(r"(\d[\d,]*)\s*trees|\bB\s*=\s*(\d+)\b|n_estimators\s*=\s*(\d+)", rest, re.I)
        for count in found
        if count
    ]
    sig = re.findall(rf"(?:variance|σ²|sigma\^?2|σ\^2)\s*(?:of|=|is)?\s*({NUM})", rest, re.I)
    if not rhos or not trees or len(set(sig)) != 1 or any(not 0 <= r <= 1 for r in rhos):
        return None
    var = to_float(sig[0])
    cases = [(rhos[0], trees[0])] + [(rhos[0], b) for b in trees[1:]] + [(r, trees[0]) for r in rhos[1:]]
    steps = [
        f"ρ = {fmt(r)}, B = {b:,}: ρσ² + (1 - ρ)σ²/B = {fmt(r * var)} + {fmt((1 - r) * var)} / {b:,} = "
        f"{fmt(r * var + (1 - r) * var / b)}"
        for r, b in dict.fromkeys(cases)
    ]
    note = (
        f"More trees only shrink the second term; the average can never go below ρσ² = {fmt(rhos[0] * var)}. "
        "Lowering the correlation between trees (e.g. fewer features tried per split) lowers that floor."
    )
    if len(targets) == 1 and (target := targets.pop()) > 0 and fraction(sig[0]) > 0:
        extra, note = _variance_target(target, fraction(sig[0]), [fraction(r) for r in rho_texts], trees)
        steps += extra
    return Worked("ensemble_variance", "s2-ensemble-methods", r"\\rho\\sigma\^2 \+", tuple(steps), note)


def _variance_target(target: Fraction, var: Fraction, rhos: list[Fraction], trees: list[int]) -> tuple[list[str], str]:
    """The steps and the note for a target variance: for each ρ the floor ρσ² and the trees needed, for each B
    the largest correlation that gets there. Exact fractions, shown rounded."""
    steps = []
    over = "" if var == 1 else f"/{fmt(var)}"
    for rho in dict.fromkeys(rhos):
        floor = rho * var
        head = (
            f"target {fmt(target)}, ρ = {fmt(rho)}: as B grows (1 - ρ)σ²/B shrinks to 0, so the variance levels off "
            f"at ρσ² = {fmt(rho)} × {fmt(var)} = {fmt(floor)}"
        )
        if floor >= target:
            steps.append(
                f"{head}, {'not below' if floor == target else 'above'} {fmt(target)}: no number of trees gets the "
                f"variance to {fmt(target)} at this correlation"
            )
        else:
            need = max(1, math.ceil((1 - rho) * var / (target - floor)))
            steps.append(
                f"{head}, below {fmt(target)}: ρσ² + (1 - ρ)σ²/B ≤ {fmt(target)} needs B ≥ (1 - ρ)σ² / (target - ρσ²) "
                f"= {fmt((1 - rho) * var)} / {fmt(target - floor)} = {fmt((1 - rho) * var / (target - floor))}, "
                f"so at least {need:,} trees"
            )
    for b in dict.fromkeys(trees):
        if target >= var:
            steps.append(f"with B = {b:,}: any correlation will do, since even ρ = 1 gives σ² = {fmt(var)}")
        elif b == 1:
            steps.append(f"with B = 1: one tree's variance is σ² = {fmt(var)} whatever ρ, above {fmt(target)}")
        elif target < var / b:
            steps.append(
                f"with B = {b:,}: even uncorrelated trees (ρ = 0) leave σ²/B = {fmt(var)} / {b:,} = {fmt(var / b)}, "
                f"above {fmt(target)}: more trees are needed too, at ρ = 0 B ≥ σ²/target = {fmt(var / target)}, so at "
                f"least {math.ceil(var / target):,}"
            )
        else:
            top, bottom = target / var - Fraction(1, b), 1 - Fraction(1, b)
            steps.append(
                f"with B = {b:,}: ρσ² + (1 - ρ)σ²/B ≤ {fmt(target)} ⇔ ρ ≤ (target/σ² - 1/B) / (1 - 1/B) = "
                f"({fmt(target)}{over} - 1/{b:,}) / (1 - 1/{b:,}) = {fmt(top)} / {fmt(bottom)} ≈ {fmt(top / bottom)}"
            )
    rho, b = rhos[0], trees[0]
    now = rho * var + (1 - rho) * var / b
    if now <= target:
        note = (
            f"With ρ = {fmt(rho)} and {b:,} trees the forest's variance, {fmt(now)}, is already at or below "
            f"{fmt(target)}."
        )
    elif rho * var >= target:
        limit = target / var - Fraction(1, b)
        needed = (
            f"ρ ≤ {fmt(limit / (1 - Fraction(1, b)))} with {b:,} trees"
            if b > 1 and limit >= 0
            else "and more trees as well"
        )
        note = (
            f"More trees cannot get the variance to {fmt(target)}: at ρ = {fmt(rho)} it levels off at "
            f"{fmt(rho * var)}, so the trees must be less correlated ({needed}), for instance through a smaller "
            "max_features, at the cost of weaker, more biased trees."
        )
    else:
        need = max(1, math.ceil((1 - rho) * var / (target - rho * var)))
        note = (
            f"More trees do get there: the floor ρσ² = {fmt(rho * var)} is below {fmt(target)}, and {need:,} trees "
            f"or more reach it at ρ = {fmt(rho)}."
        )
    return steps, note


# --- k-means on 1-D points by hand (s2-unsupervised-learning) -------------------------------------


_KM_POINTS = r"points?|pts|data|x|values"
_KM_CENTROIDS = r"\w*(?:centroids?|cent(?:er|re)s?|init|mu|means)\w*"
_KM_DATA = r"(?:points?|\b(?:data|observations?|samples?))\b"  # the points as named in words: "1-D data: 2, 4"


def _assigned_lists(question: str, names: str) -> list[list[float] | None]:
    """1-D lists assigned in code to one of `names` ('init_centroids = [2, 4]', 'X = np.array([[1], [5]])');
    None for a list that is not one number per point."""
    found: list[list[float] | None] = []
    for start, text in bracketed(question):
        if not re.search(rf"(?<![\w.])(?:{names})\s*=\s*(?:np\.array\(\s*)?$", question[:start], re.I):
            continue
        values = literal(text)
        shape = shape_of(values) if values is not None else None
        if shape and len(shape) == 2 and shape[1] == 1:  # a column of 1-D points: [[2], [4]]
            values, shape = [v[0] for v in values], (shape[0],)
        found.append(values if shape and len(shape) == 1 else None)
    return found


def _one_list(question: str, names: str, prose: str) -> list[float] | None:
    """The single list given for a role, in code or in words; None when it is missing, not 1-D, or
    given twice with different values."""
    lists = _assigned_lists(question, names)
    lists += [[to_float(v) for v in re.findall(NUM, m[1])] for m in re.finditer(prose, question, re.I)]
    if not lists or any(v is None for v in lists) or len({tuple(v) for v in lists}) > 1:  # type: ignore[arg-type]
        return None
    return lists[0]


def kmeans(question: str) -> Worked | None:
    if not re.search(r"k-?means|lloyd", question, re.I):
        return None
    points = _one_list(question, _KM_POINTS, rf"{_KM_DATA}\D{{0,20}}((?:{NUM})(?:\s*(?:,|and)\s*(?:{NUM})){{2,}})")
    cents = _one_list(question, _KM_CENTROIDS, rf"centroids?\D{{0,12}}((?:{NUM})(?:\s*(?:,|and)\s*(?:{NUM}))+)")
    if not points or not cents or len(cents) < 2 or len(points) > 20:
        return None
    k = {int(v) for v in re.findall(r"\b(?:k|n_clusters)\s*=\s*(\d+)\b(?!\s*(?:\.\.|-|to)\s*\d)", question)}
    if k and k != {len(cents)}:
        return None  # k and the number of starting centroids disagree
    steps = []
    for it in range(1, 11):
        groups: list[list[float]] = [[] for _ in cents]
        for p in points:
            d = [abs(p - c) for c in cents]
            if d.count(min(d)) > 1:
                return None  # a tie: which cluster it joins depends on a convention
            groups[d.index(min(d))].append(p)
        if any(not g for g in groups):
            return None
        new = [sum(g) / len(g) for g in groups]
        shown = "; ".join("{" + ", ".join(fmt(p) for p in g) + "}" for g in groups)
        steps.append(f"round {it}: assign to centroids {vec(cents)} → {shown}; new centroids {vec(new)}")
        if new == cents:
            break
        cents = new
    else:
        return None
    squares = [[(p - c) ** 2 for p in g] for g, c in zip(groups, cents, strict=True)]
    inertia = sum(map(sum, squares))
    shown = " + ".join("(" + " + ".join(fmt(d) for d in ds) + ")" for ds in squares)
    steps.append(
        f"round {it} changes no assignment, so it has converged; inertia = sum of squared distances to the "
        f"centroids = {fmt(inertia)}, cluster by cluster {shown}"
    )
    asked = re.search(rf"silhouette[^.?]*?(?:point|of|for)\s+(?:x\s*=\s*)?({NUM})", question, re.I)
    if asked and (step := _point_silhouette(to_float(asked[1]), groups)):
        steps.append(step)
    return Worked("kmeans", "s2-unsupervised-learning", r"\*\*inertia\*\*", tuple(steps))


def _point_silhouette(x: float, groups: list[list[float]]) -> str | None:
    """s = (b - a) / max(a, b) for one point of the final clusters."""
    own = [g for g in groups if x in g]
    if len(own) != 1 or len(own[0]) < 2 or len(groups) < 2:
        return None
    mates = list(own[0])
    mates.remove(x)
    a = sum(abs(x - p) for p in mates) / len(mates)
    others = [(sum(abs(x - p) for p in g) / len(g), g) for g in groups if g is not own[0]]
    b, nearest = min(others, key=lambda t: t[0])
    if max(a, b) == 0:
        return None
    sil = (b - a) / max(a, b)
    return (
        f"silhouette of {fmt(x)}: a = mean distance to its own cluster's other points "
        f"({' + '.join(fmt(abs(x - p)) for p in mates)}) / {len(mates)} = {fmt(a)}; b = mean distance to the nearest "
        f"other cluster ({' + '.join(fmt(abs(x - p)) for p in nearest)}) / {len(nearest)} = {fmt(b)}; "
        f"s = (b - a) / max(a, b) = {fmt(sil)}"
    )


# --- ROC-AUC by counting pairs, and a threshold's precision and recall (s2-metrics) -----------------

_SCORES = r"\(?\[?((?:{n})(?:\s*(?:,\s*(?:and\s+)?|and\s+)(?:{n}))*)\]?\)?"
# "churners got scores 0.8, 0.6 and 0.35; non-churners got 0.7, 0.5 ...": a class named, then its scores
_NAMED_SCORES = re.compile(r"\b((?:non-?|not\s+)?[a-z]+?)s?\b[^\d;.]{0,25}?" + _SCORES.format(n=NUM), re.I)


def _class_scores(question: str) -> tuple[str, str] | None:
    """The positive and the negative class's score lists: named 'positives' / 'negatives', or a class
    and its 'non-' class ('churners' / 'non-churners'), or each score with its class after it
    ("0.9 (negative), 0.8 (positive), ...")."""
    each = re.findall(rf"({NUM})\s*\((positive|negative|pos|neg)\)", question, re.I)
    if len(each) >= 3:
        pos_ = [v for v, c in each if c.lower().startswith("pos")]
        neg_ = [v for v, c in each if c.lower().startswith("neg")]
        return (", ".join(pos_), ", ".join(neg_)) if pos_ and neg_ else None
    pos = re.search(r"positives?\D{0,25}" + _SCORES.format(n=NUM), question, re.I)
    neg = re.search(r"negatives?\D{0,25}" + _SCORES.format(n=NUM), question, re.I)
    if pos and neg:
        return pos[1], neg[1]
    named = [(m[1].lower(), m[2]) for m in _NAMED_SCORES.finditer(question) if len(re.findall(NUM, m[2])) > 1]
    if len(named) != 2:
        return None
    (a, sa), (b, sb) = named
    bare = re.compile(r"^(?:non-?|not\s+)")
    if bare.sub("", b) == a and bare.search(b):
        return sa, sb
    if bare.sub("", a) == b and bare.search(a):
        return sb, sa
    return None


def roc_auc(question: str) -> Worked | None:
    if not re.search(r"\b(roc[- _]?)?auc(?:_score)?\b", question, re.I):
        return None
    lists = _class_scores(question)
    if lists is None:
        return None
    p, n = [to_float(v) for v in re.findall(NUM, lists[0])], [to_float(v) for v in re.findall(NUM, lists[1])]
    if not p or not n or any(not 0 <= v <= 1 for v in p + n):
        return None
    wins = sum(1.0 if a > b else 0.5 if a == b else 0.0 for a in p for b in n)
    ties = sum(1 for a in p for b in n if a == b)
    pairs = len(p) * len(n)
    steps = [
        f"{len(p)} positives × {len(n)} negatives = {pairs} pairs",
        f"pairs where the positive scores higher: {fmt(wins - 0.5 * ties)}"
        + (f", plus {ties} tie{'s' if ties > 1 else ''} counted as 0.5 each" if ties else "")
        + f" → {fmt(wins)}",
        f"ROC-AUC = {fmt(wins)} / {pairs} = {fmt(wins / pairs)}",
    ]
    found = re.findall(rf"(?:threshold|cut-?off)\D{{0,6}}({NUM})|({NUM})\s*threshold", question, re.I)
    at_least = re.search(rf"(?:>=|≥|at least)\s*({NUM})", question, re.I)
    # every threshold the learner names ("at 0.5 ... raised it to 0.7"), in order
    thresholds = [to_float(at_least[1])] if at_least else list(dict.fromkeys(to_float(a or b) for a, b in found))[:3]
    for th in thresholds:
        if not at_least and any(v == th for v in p + n):
            return None  # a score on the threshold: the convention (>= or >) decides, and none is named
        tp = sum(v >= th if at_least else v > th for v in p)
        fp = sum(v >= th if at_least else v > th for v in n)
        fn = len(p) - tp
        rule = f"score ≥ {fmt(th)}" if at_least else f"threshold {fmt(th)}"
        at = f"at {rule}: " if len(thresholds) > 1 else ""
        steps.append(f"at {rule}: TP = {tp}, FP = {fp}, FN = {fn}")
        if re.search(r"accuracy", question, re.I):
            tn = len(n) - fp
            steps.append(
                f"{at}accuracy = (TP + TN) / all = ({tp} + {tn}) / {len(p) + len(n)} "
                f"= {fmt((tp + tn) / (len(p) + len(n)))}"
            )
        if re.search(r"\.predict\(", question) and tp + fp in (0, len(p) + len(n)):
            label = 1 if tp + fp else 0
            steps.append(
                f"hard predictions at {rule} are all {label}: one score for every example, so ROC-AUC on them = 0.5"
            )
        if tp + fp:
            precision, recall = tp / (tp + fp), tp / (tp + fn)
            steps.append(
                f"{at}precision = {tp} / ({tp} + {fp}) = {fmt(precision)}; "
                f"recall = {tp} / ({tp} + {fn}) = {fmt(recall)}"
            )
            if re.search(r"\bf1\b|f-?score", question, re.I) and precision + recall:
                f1 = 2 * precision * recall / (precision + recall)
                steps.append(
                    f"{at}F1 = 2 × {fmt(precision)} × {fmt(recall)} / ({fmt(precision)} + {fmt(recall)}) = {fmt(f1)}"
                )
    note = (
        "ROC-AUC is the chance that a random positive is scored above a random negative: a ranking measure, "
        "independent of any threshold."
    )
    return Worked("roc_auc", "s2-metrics", r"positive-negative pairs", tuple(steps), note)


# --- least-squares line by hand (s2-supervised-learning) --------------------------------------------


def least_squares(question: str) -> Worked | None:
    if not re.search(
        r"least[- ]squares|fit (?:a|the) (?:straight )?line|linear regression|regression line", question, re.I
    ):
        return None
    pts = [(to_float(a), to_float(b)) for a, b in re.findall(rf"\(\s*({NUM})\s*,\s*({NUM})\s*\)", question)]
    if len(pts) < 2:
        return None
    xs, ys = [a for a, _ in pts], [b for _, b in pts]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if not sxx:
        return None
    sxy = sum((x - mx) * (y - my) for x, y in pts)
    w = sxy / sxx
    b = my - w * mx
    preds = [w * x + b for x in xs]
    mse = sum((y - q) ** 2 for y, q in zip(ys, preds, strict=True)) / len(pts)
    steps = [
        f"means: x̄ = {fmt(mx)}, ȳ = {fmt(my)}",
        f"slope w = Σ(x - x̄)(y - ȳ) / Σ(x - x̄)² = {fmt(sxy)} / {fmt(sxx)} = {fmt(w)}",
        f"intercept b = ȳ - w x̄ = {fmt(my)} - {fmt(w)} × {factor(mx)} = {fmt(b)}",
        f"predictions {vec([round(q, 4) for q in preds])}; training MSE = {fmt(mse)}",
    ]
    at = re.findall(rf"(?:at|for)\s+x\s*=\s*({NUM})", question, re.I)
    for x in dict.fromkeys(at):
        steps.append(f"at x = {x}: {fmt(w)} × {factor(to_float(x))} + {factor(b)} = {fmt(w * to_float(x) + b)}")
    return Worked("least_squares", "s2-supervised-learning", r"Linear regression by hand", tuple(steps))


def penalized_line(question: str) -> Worked | None:
    """y = w x through the origin by least squares, with ridge (+ λ w²) and lasso (+ λ |w|) penalties on
    the sum of squared errors, as c-regularization's three-point example: w = Σxy / (Σx² + λ) and
    w = sign(Σxy) max(|Σxy| - λ/2, 0) / Σx², zero once λ ≥ 2|Σxy|."""
    if not re.search(r"\bridge\b|\blasso\b", question, re.I):
        return None
    if not re.search(r"y\s*=\s*w\s*\*?\s*x\b|no intercept|through the origin", question, re.I):
        return None
    pts = [(to_float(a), to_float(b)) for a, b in re.findall(rf"\(\s*({NUM})\s*,\s*({NUM})\s*\)", question)]
    if len(pts) < 2 or re.search(r"\bmse\b|mean squared", question, re.I):
        return None  # the penalty added to the mean, not the sum, of squared errors scales λ differently
    sxy, sxx = sum(x * y for x, y in pts), sum(x * x for x, _ in pts)
    if not sxx:
        return None
    lam = r"\D{0,25}?(?:lambda|λ)\s*(?:=|of|is)?\s*(" + NUM + ")"
    ridge = {to_float(v) for v in re.findall(r"\bridge" + lam, question, re.I)}
    lasso = {to_float(v) for v in re.findall(r"\blasso" + lam, question, re.I)}
    if len(ridge) > 1 or len(lasso) > 1 or not (ridge or lasso):
        return None
    steps = [
        f"Σxy = {' + '.join(f'{factor(x)} × {factor(y)}' for x, y in pts)} = {fmt(sxy)}; "
        f"Σx² = {' + '.join(f'{factor(x)}²' for x, _ in pts)} = {fmt(sxx)}",
        f"no penalty: w = Σxy / Σx² = {fmt(sxy)} / {fmt(sxx)} = {fmt(sxy / sxx)}",
    ]
    if ridge:
        r = ridge.pop()
        steps.append(
            f"ridge (+ λw², λ = {fmt(r)}): w = Σxy / (Σx² + λ) = {fmt(sxy)} / {fmt(sxx + r)} = {fmt(sxy / (sxx + r))}"
        )
    if lasso:
        a = lasso.pop()
        shrunk = max(abs(sxy) - a / 2, 0.0)
        w = math.copysign(shrunk, sxy) / sxx if shrunk else 0.0
        steps.append(
            f"lasso (+ λ|w|, λ = {fmt(a)}): w = (|Σxy| - λ/2) / Σx² = ({fmt(abs(sxy))} - {fmt(a / 2)}) / {fmt(sxx)} = "
            f"{fmt(w)}"
            if shrunk
            else f"lasso (+ λ|w|, λ = {fmt(a)}): λ/2 = {fmt(a / 2)} ≥ |Σxy| = {fmt(abs(sxy))}, so w = 0"
        )
        steps.append(f"lasso sets w exactly to 0 once λ ≥ 2|Σxy| = {fmt(2 * abs(sxy))}")
    note = "Ridge shrinks the weight but never to zero; lasso subtracts a fixed amount and can reach exactly zero."
    return Worked("penalized_line", "c-regularization", r"three-point example fits", tuple(steps), note)


# --- a confusion matrix described in words (s2-metrics) ---------------------------------------------


def described_counts(question: str) -> Worked | None:
    """ "2,000 patients, 80 of whom have the condition; it flagged 100 and 60 of those really had it"
    -> TP 60, FP 40, FN 20, TN 1,880, then the confusion-matrix metrics."""
    if re.search(r"\b(TP|FP|FN|TN)\b", question):
        return None
    total = re.search(
        r"(\d[\d,]*)\s+(?:patients|people|ppl|transactions|emails|users|customers|cases|images|samples|parts)",
        question,
        re.I,
    )
    positives = re.search(
        r"(\d[\d,]*)\s+(?:of (?:whom|them|which)\s+)?(?:actually |really |truly )?(?:have|had|are|were)\s+"
        r"(?:the\s+)?(?:condition|disease|positive|fraud\w*|spam|defective|sick|it)",
        question,
        re.I,
    )
    flagged = re.search(r"(?:flagged|flags|predicted positive|marked|alerted on)\s+(\d[\d,]*)", question, re.I)
    if not (total and positives and flagged):
        return None
    # the flagged ones that were right are counted after the flagging ("80 of them have it" before the
    # flagging is the positives): "64 of those are really sick", "60 of those really had it"
    hits = (
        re.search(
            r"(\d[\d,]*)\s+of\s+(?:those|them|these|the flagged)(?:\s+flagged)?(?:\s+ones)?\s+(?:(?:are|were)\s+)?"
            r"(?:actually |really |truly )?(?:had|have|were|are|sick|positive|fraud\w*|spam|defective)",
            question[flagged.end() :],
            re.I,
        )
        or re.match(  # "it flags 80, of which 40 are real fraud" (heldout h32)
            r"\s*(?:\w+\s+)?,?\s*of\s+(?:which|those|them|these)\s+(\d[\d,]*)\s+(?:are|were)\s+"
            r"(?:actually |really |truly |real |genuine |genuinely )?(?:positive|fraud\w*|spam|defective|sick)\b",
            question[flagged.end() :],
            re.I,
        )
    )
    if not hits:
        return None
    n, pos, flag, tp = (int(m[1].replace(",", "")) for m in (total, positives, flagged, hits))
    fp, fn = flag - tp, pos - tp
    tn = n - tp - fp - fn
    if min(fp, fn, tn) < 0 or tp <= 0:
        return None
    steps = [
        f"From your description: TP = {tp:,} (flagged and positive), FP = {flag:,} - {tp:,} = {fp:,}, "
        f"FN = {pos:,} - {tp:,} = {fn:,}, TN = {n:,} - {tp:,} - {fp:,} - {fn:,} = {tn:,}",
        f"Precision = {tp:,} / {flag:,} = {fmt(tp / flag)}; recall = {tp:,} / {pos:,} = {fmt(tp / pos)}",
        f"F1 = 2TP / (2TP + FP + FN) = {2 * tp:,} / {2 * tp + fp + fn:,} = {fmt(2 * tp / (2 * tp + fp + fn))}",
        f"Accuracy = ({tp:,} + {tn:,}) / {n:,} = {fmt((tp + tn) / n)}; always predicting negative would score "
        f"{fmt((n - pos) / n)}",
    ]
    if tn + fp and re.search(r"\bFPR\b|false[- ]positive rate|false alarm rate|specificity", question, re.I):
        steps.append(f"False-positive rate = FP / (FP + TN) = {fp:,} / {fp + tn:,} = {fmt(fp / (fp + tn))}")
    steps += _f_beta(question, tp / flag, tp / pos)
    cue, note = r"\*\*Precision\*\* = TP", ""
    if re.search(r"\brandom\w*", question, re.I) and re.search(
        r"\bAP\b|average precision|PR[- ]AUC|ROC[- ]?AUC|\bAUC\b", question, re.I
    ):
        steps.append(
            f"A model that ranks at random has precision equal to the share of positives at every recall: its AP is "
            f"about the prevalence, {pos:,} / {n:,} = {fmt(pos / n)}, while its ROC-AUC is 0.5 whatever the prevalence"
        )
        cue = r"A model that ranks at random has precision equal to the share of positives"
        note = (
            "With rare positives the ROC baseline (0.5) stays the same while the PR baseline drops to the prevalence, "
            "so AP and the PR curve show the cost of false alarms that barely move the false-positive rate."
        )
    return Worked("described_counts", "s2-metrics", cue, tuple(steps), note)


_CAUGHT = re.compile(r"(?:catch(?:es|ing)?|caught|detect(?:s|ed|ing)?|finds?|found|gets?)\s+(\d[\d,]*)\b", re.I)
_FALSE_ALARMS = re.compile(r"(\d[\d,]*)\s+(?:false alarms?|false positives?)", re.I)
_TRULY = re.compile(
    r"(\d[\d,]*)\s+(?:of (?:them|which|those)\s+)?(?:(?:are|were)\s+)?(?:actually|really|truly)\s+[a-z]", re.I
)
_SET = re.compile(
    r"(\d[\d,]*)\s+(?:[a-z]+\s+)?(?:tickets|transactions|emails|patients|users|customers|cases|images|"
    r"samples|examples|rows|records|messages|reviews|claims|applications|people)\b",
    re.I,
)
_FLAG_ALL = re.compile(r"threshold\s+(?:to|of|=|at)\s+0(?:\.0+)?\b|flag(?:s|ging)? (?:everything|every \w+|all)", re.I)


def caught_counts(question: str) -> Worked | None:
    """ "2,000 tickets, 100 truly urgent; it catches 55 urgent ones and raises 30 false alarms" -> TP 55,
    FP 30, FN 45, TN 1,870 and the confusion-matrix metrics; with the threshold set to 0 (every one
    flagged) those of predicting positive for all as well."""
    if re.search(r"\b(TP|FP|FN|TN)\b", question):
        return None
    totals, positives = set(_SET.findall(question)), set(_TRULY.findall(question))
    caught, alarms = set(_CAUGHT.findall(question)), set(_FALSE_ALARMS.findall(question))
    if not (len(totals) == len(positives) == len(caught) == len(alarms) == 1):
        return None
    n, pos, tp, fp = (int(x.pop().replace(",", "")) for x in (totals, positives, caught, alarms))
    fn, tn = pos - tp, n - pos - fp
    if min(fn, tn) < 0 or tp <= 0 or pos >= n:
        return None
    steps = [
        f"From your description: TP = {tp:,} (caught), FP = {fp:,} (false alarms), FN = {pos:,} - {tp:,} = {fn:,}, "
        f"TN = {n:,} - {pos:,} - {fp:,} = {tn:,}",
        *_metrics(tp, fp, fn, tn),
    ]
    if _FLAG_ALL.search(question):
        steps.append(
            f"Flagging every one (threshold 0): TP = {pos:,}, FP = {n - pos:,}, FN = 0, TN = 0; "
            + "; ".join(_metrics(pos, n - pos, 0, 0))
        )
    note = (
        "A threshold of 0 buys 100% recall by flagging everything: precision falls to the share of positives "
        "and the model no longer tells anything apart. The threshold does not change ROC-AUC, which sums up "
        "every threshold at once."
        if _FLAG_ALL.search(question)
        else ""
    )
    return Worked("caught_counts", "s2-metrics", r"\*\*Precision\*\* = TP", tuple(steps), note)


def _metrics(tp: int, fp: int, fn: int, tn: int) -> list[str]:
    n = tp + fp + fn + tn
    precision = f"{tp:,} / {tp + fp:,} = {fmt(tp / (tp + fp))}" if tp + fp else "undefined (nothing flagged)"
    f1 = f"{2 * tp:,} / {2 * tp + fp + fn:,} = {fmt(2 * tp / (2 * tp + fp + fn))}"
    return [
        f"Precision = TP / (TP + FP) = {precision}; recall = TP / (TP + FN) = {tp:,} / {tp + fn:,} = "
        f"{fmt(tp / (tp + fn))}",
        f"F1 = 2TP / (2TP + FP + FN) = {f1}; accuracy = (TP + TN) / {n:,} = {fmt((tp + tn) / n)}",
    ]


_MATRIX_ROW = re.compile(rf"^\s*([A-Za-z][\w -]{{0,20}}?)\s*:\s*({PLAIN}(?:\s*,\s*{PLAIN}){{1,8}})\s*$", re.M)


def multiclass(question: str) -> Worked | None:
    """A multi-class confusion matrix written row by row ("Billing: 70, 8, 2", rows = actual): per-class
    precision, recall and F1, their macro average, and micro-F1 (= accuracy for single-label data)."""
    if not re.search(r"confusion matrix", question, re.I) or not re.search(r"macro|micro|per[- ]class", question, re.I):
        return None
    if re.search(r"rows?\s*(?:=|are|:)\s*predicted", question, re.I):
        return None  # rows = predicted: the transpose of the layout read here
    rows = [(m[1].strip(), [to_float(v) for v in re.findall(PLAIN, m[2])]) for m in _MATRIX_ROW.finditer(question)]
    n = len(rows)
    if not 3 <= n <= 6 or any(len(r) != n for _, r in rows):
        return None
    names = [name for name, _ in rows]
    m = [r for _, r in rows]
    steps, f1s = [], []
    for i, name in enumerate(names):
        tp = m[i][i]
        col, row = sum(m[j][i] for j in range(n)), sum(m[i])
        p = tp / col if col else 0.0
        r = tp / row if row else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        f1s.append(f)
        steps.append(
            f"{name}: precision = {fmt(tp)} / {fmt(col)} = {fmt(p)}, recall = {fmt(tp)} / {fmt(row)} = {fmt(r)}, "
            f"F1 = {fmt(f)}"
        )
    total, right = sum(map(sum, m)), sum(m[i][i] for i in range(n))
    steps.append(
        f"macro-F1 = mean of the per-class F1s = ({' + '.join(fmt(f) for f in f1s)}) / {n} = {fmt(sum(f1s) / n)}"
    )
    steps.append(
        f"micro-F1 pools the counts: {fmt(right)} correct of {fmt(total)} = {fmt(right / total)} (for single-label "
        "data it equals accuracy)"
    )
    worst = min(range(n), key=lambda i: f1s[i])
    note = (
        f"Micro-F1 is dominated by the big classes; macro-F1 counts {names[worst]} (F1 {fmt(f1s[worst])}) as much as "
        "the others, so it is the one to report when the small classes matter, with the per-class scores beside it."
    )
    return Worked("multiclass", "s2-metrics", r"\*\*macro\*\*", tuple(steps), note)


def bias_variance(question: str) -> Worked | None:
    """bias² = (mean prediction - true value)², variance = mean squared deviation of the predictions (over
    the retrained models), expected squared error = bias² + variance + noise, for each model named."""
    if not re.search(r"bias", question, re.I) or not re.search(r"variance", question, re.I):
        return None
    truth = re.search(rf"(?:true value|f\(x_?0?\)|true f|actual value)\s*(?:is|=|of)?\s*({NUM})", question, re.I)
    noise = re.search(rf"noise(?: variance)?\s*(?:is|=|of|σ²\s*=)?\s*({NUM})", question, re.I)
    models = re.findall(rf"\b(?i:model)\s+([A-Z]\w?)\s+predicted\s+({NUM}(?:\s*,\s*(?:and\s+)?{NUM})+)", question)
    if not truth or len(models) < 1:
        return None
    f = to_float(truth[1])
    sigma2 = to_float(noise[1]) if noise else None
    steps = []
    for name, listed in models:
        preds = [to_float(v) for v in re.findall(NUM, listed)]
        mean = sum(preds) / len(preds)
        var = sum((p - mean) ** 2 for p in preds) / len(preds)
        b2 = (mean - f) ** 2
        line = (
            f"model {name}: mean prediction {fmt(mean)}, bias² = ({fmt(mean)} - {fmt(f)})² = {fmt(b2)}, variance = "
            f"mean of (prediction - {fmt(mean)})² = {fmt(var)}"
        )
        if sigma2 is not None:
            line += f", expected squared error = {fmt(b2)} + {fmt(var)} + {fmt(sigma2)} = {fmt(b2 + var + sigma2)}"
        steps.append(line)
    note = "Lower bias alone does not make a model better: the expected error adds bias², variance and the noise."
    return Worked("bias_variance", "c-bias-variance", r"bias\^2 \+ variance \+ irreducible noise", tuple(steps), note)


def _f_beta(question: str, p: float, r: float) -> list[str]:
    """F-beta when the learner names a beta other than 1 ("F2", "F-beta with beta = 0.5")."""
    betas = re.findall(r"\bF[-_ ]?(\d+(?:\.\d+)?)\b|(?:beta|β)\s*=\s*(\d+(?:\.\d+)?)", question, re.I)
    values = {float(a or b) for a, b in betas} - {1.0}
    if len(values) != 1 or not p + r:
        return []
    beta = values.pop()
    b2 = beta * beta
    f = (1 + b2) * p * r / (b2 * p + r)
    weights = "recall" if beta > 1 else "precision"
    return [
        f"F-beta with β = {fmt(beta)} (β > 1 weights recall more, β < 1 precision): (1 + β²)PR / (β²P + R) = "
        f"{fmt(1 + b2)} × {fmt(p)} × {fmt(r)} / ({fmt(b2)} × {fmt(p)} + {fmt(r)}) = {fmt(f)}, weighting {weights} more"
    ]


# --- Gini impurity of a split (s2-supervised-learning) ---------------------------------------------

# "8 yes / 4 no", "3 pos, 4 neg", and with a word label a space is enough: "6 yes 2 no" (not "3 + 4 -")
_PAIR = re.compile(
    r"(\d+)\s*(?:yes|pos\w*|positives?|\+)(?:\s*(?:/|,|and)\s*|(?<=[A-Za-z])\s+)(\d+)\s*(?:no|neg\w*|negatives?|-)"
    r"|\(?\s*all\s+(?:pos\w*|yes|no|neg\w*)\s*\)?",
    re.I,
)


def _entropy(p: int, q: int) -> float:
    t = p + q
    return -sum(c / t * math.log2(c / t) for c in (p, q) if c) if t else 0.0


def _entropy_terms(p: int, q: int) -> str:
    t = p + q
    terms = [f"({c}/{t}) log2({c}/{t})" for c in (p, q) if c]
    return "-[" + " + ".join(terms) + "]" if terms else "0"


def gini_split(question: str) -> Worked | None:
    entropy = re.search(r"\bentropy\b|information gain|\binfo gain\b", question, re.I)
    if entropy and not re.search(r"\bgini\b", question, re.I):
        return _info_gain(question)
    if not re.search(r"\bgini\b", question, re.I):
        return None
    pairs = _class_pairs(question)
    if not pairs or len(pairs) not in (3, 5):
        return None
    worked = _gini_steps(pairs)
    if worked is None or not entropy:
        return worked
    # Gini asked with entropy too: the parent's entropy, and the information gain unless only the parent's is asked
    parent_only = re.search(r"entropy of the (?:parent|root)|(?:parent|root)(?: node)?'?s? entropy", question, re.I)
    extra = _entropy_steps(pairs[:1] if parent_only else pairs)
    return Worked(worked.kind, worked.source_id, worked.cue, worked.steps + extra, worked.note)


# a class name, not a word counting the node's items ("12 samples, 8 A"), after an optional "of class": "8 of class A"
_NODE_ITEMS = r"(?:rows?|samples?|points?|examples?|observations?|instances?|records?)\b"
_CLASS = rf"(?:(?:of|in|from)\s+)?(?:(?:the\s+)?class\s+)?(?!{_NODE_ITEMS})([A-Za-z][\w+-]*)"
_NAMED_PAIR = re.compile(rf"(\d+)\s*{_CLASS}\s*(?:/|,|and|vs\.?)\s*(\d+)\s*{_CLASS}")


def _class_pairs(question: str) -> list[tuple[int, int]] | None:
    """(yes, no) counts in reading order: '8 yes, 4 no', '3 yes / 4 no', '5 samples (all yes)'; classes
    with other names when no yes/no pair is written ('7 A, 1 B')."""
    pairs = []
    for m in _PAIR.finditer(question):
        if m[1]:
            pairs.append((int(m[1]), int(m[2])))
        else:  # "5 (all pos)": the size before it
            size = _size_before(question, m.start())
            if size is None:
                return None
            pairs.append((0, size) if re.search(r"\bno\b|neg", m[0], re.I) else (size, 0))
    return pairs or _named_pairs(question)


def _size_before(question: str, end: int) -> int | None:
    before = re.findall(r"(\d+)\s*(?:samples?|rows?|points?|examples?)?\s*$", question[:end])
    return int(before[-1]) if before else None


def _named_pairs(question: str) -> list[tuple[int, int]] | None:
    """Counts of two classes named by the learner ('7 A, 1 B', '3 cats / 9 dogs'), in reading order: the
    one pair of names written at least twice (a pair, or a pure node '(all A)'). '10 of each' is a
    balanced node."""
    found = [(m, (m[2].lower(), m[4].lower())) for m in _NAMED_PAIR.finditer(question) if m[2].lower() != m[4].lower()]
    pure = [m[1].lower() for m in re.finditer(r"\ball\s+([A-Za-z][\w+-]*)", question, re.I)]
    keys = {frozenset(names) for _, names in found}
    written = {k: sum(frozenset(n) == k for _, n in found) + sum(name in k for name in pure) for k in keys}
    classes = [k for k, times in written.items() if times >= 2]
    if len(classes) != 1:
        return None  # no pair of class names, or two candidates
    a, b = next(names for _, names in found if frozenset(names) == classes[0])
    events = [
        (m.start(), (int(m[1]), int(m[3])) if names == (a, b) else (int(m[3]), int(m[1])))
        for m, names in found
        if frozenset(names) == classes[0]
    ]
    for m in re.finditer(r"(\d+)\s+(?:of each|per class|in each class|from each class)\b", question, re.I):
        events.append((m.start(), (int(m[1]), int(m[1]))))
    for m in re.finditer(rf"\(?\s*all\s+({re.escape(a)}|{re.escape(b)})\b\s*\)?", question, re.I):
        size = _size_before(question, m.start())
        if size is None:
            return None
        events.append((m.start(), (size, 0) if m[1].lower() == a else (0, size)))
    return [pair for _, pair in sorted(events)]


def _bits(h: float) -> str:
    return "1 bit, the most two classes can have" if h == 1 else f"{fmt(h)} bits"


def _entropy_steps(pairs: list[tuple[int, int]]) -> tuple[str, ...]:
    """Entropy in bits of the parent, and each split's child entropies, their weighted sum and the gain."""
    parent = pairs[0]
    n, h = sum(parent), _entropy(*parent)
    steps = [f"parent ({parent[0]}/{parent[1]}): H = {_entropy_terms(*parent)} = {_bits(h)}"]
    splits = [pairs[1:3], pairs[3:5]] if len(pairs) == 5 else [pairs[1:3]] if len(pairs) == 3 else []
    for label, (left, right) in zip(("split A: ", "split B: "), splits, strict=False):
        head = label if len(splits) == 2 else ""
        hl, hr = _entropy(*left), _entropy(*right)
        weighted = _weighted_entropy(parent, left, right)
        steps += [
            f"{head}left ({left[0]}/{left[1]}): H = {_entropy_terms(*left)} = {_bits(hl)}; right "
            f"({right[0]}/{right[1]}): H = {_entropy_terms(*right)} = {_bits(hr)}",
            f"{head}weighted child entropy = {sum(left)}/{n} × {fmt(hl)} + {sum(right)}/{n} × {fmt(hr)} = "
            f"{fmt(weighted)} bits",
            f"{head}information gain = {fmt(h)} - {fmt(weighted)} = {fmt(h - weighted)} bits",
        ]
    return tuple(steps)


def _consistent(pairs: list[tuple[int, int]]) -> bool:
    """Each split's two children hold exactly the parent's samples, class by class."""
    parent = pairs[0]
    splits = [pairs[1:3], pairs[3:5]] if len(pairs) == 5 else [pairs[1:3]]
    return sum(parent) > 0 and all(
        left[0] + right[0] == parent[0] and left[1] + right[1] == parent[1] for left, right in splits
    )


def _info_gain(question: str) -> Worked | None:
    """Information gain of a binary split with entropy in bits (s2-supervised-learning)."""
    pairs = _class_pairs(question)
    if not pairs or len(pairs) not in (3, 5) or not _consistent(pairs):
        return None
    note = ""
    if len(pairs) == 5:  # two candidate splits: the tree keeps the one with the larger gain
        parent = _entropy(*pairs[0])
        gains = [parent - _weighted_entropy(pairs[0], left, right) for left, right in (pairs[1:3], pairs[3:5])]
        if abs(gains[0] - gains[1]) > 1e-12:
            best = "split A" if gains[0] > gains[1] else "split B"
            note = f"The tree picks {best}, the larger information gain (the larger drop in entropy)."
    return Worked("gini_split", "s2-supervised-learning", r"\*\*entropy\*\*", _entropy_steps(pairs), note)


def _weighted_entropy(parent: tuple[int, int], left: tuple[int, int], right: tuple[int, int]) -> float:
    n = sum(parent)
    return sum(left) / n * _entropy(*left) + sum(right) / n * _entropy(*right)


def _gini_steps(pairs: list[tuple[int, int]]) -> Worked | None:
    def gini(p: int, q: int) -> float:
        t = p + q
        return 1 - (p / t) ** 2 - (q / t) ** 2 if t else 0.0

    if not _consistent(pairs):
        return None
    parent = pairs[0]
    n = sum(parent)
    steps = [f"parent ({parent[0]}/{parent[1]}): 1 - ({parent[0]}/{n})² - ({parent[1]}/{n})² = {fmt(gini(*parent))}"]
    results = []
    splits = [pairs[1:3], pairs[3:5]] if len(pairs) == 5 else [pairs[1:3]]
    for label, (left, right) in zip(("split A", "split B"), splits, strict=False):
        g_l, g_r = gini(*left), gini(*right)
        weighted = sum(left) / n * g_l + sum(right) / n * g_r
        head = f"{label}: " if len(pairs) == 5 else ""
        steps.append(
            f"{head}left {left[0]}/{left[1]}: Gini {fmt(g_l)}; right {right[0]}/{right[1]}: Gini {fmt(g_r)}; weighted "
            f"{sum(left)}/{n} × {fmt(g_l)} + {sum(right)}/{n} × {fmt(g_r)} = {fmt(weighted)}; decrease "
            f"{fmt(gini(*parent) - weighted)}"
        )
        results.append((gini(*parent) - weighted, label))
    note = ""
    if len(results) == 2 and results[0][0] != results[1][0]:
        best = max(results)[1]
        note = f"The tree picks {best}, the larger impurity decrease."
    return Worked("gini_split", "s2-supervised-learning", r"\*\*Gini impurity\*\*", tuple(steps), note)


# --- one boosting round by hand (s2-ensemble-methods) -----------------------------------------------


_ITEMS = r"(?:rows?|samples?|points?|examples?|observations?|instances?)"
_LEAF = rf"{_ITEMS}\s+(\d+\s*(?:-|to)\s*\d+|\d+(?:\s*(?:,|and|&)\s*\d+)*)"


def _targets(question: str) -> list[float] | None:
    """The targets: 'y = (2, 6, 7)', 'targets [2, 6, 7]', 'targets are 2, 6 and 7'; None if two differ."""
    written = (
        rf"(?:\btargets?|\by)\s*(?:=|:|are|were|of|is)?\s*[\[(]([^\])]*)[\])]"
        rf"|\btargets?\s*(?:=|:|are|were|of)?\s*((?:{PLAIN})(?:\s*(?:,|and|, and)\s*(?:{PLAIN}))+)"
    )
    found = set()
    for m in re.finditer(written, question, re.I):
        found.add(tuple(to_float(v) for v in re.findall(PLAIN, m[1] if m[1] is not None else m[2])))
    return list(found.pop()) if len(found) == 1 else None


def _leaf_groups(question: str, n: int) -> list[list[int]] | None:
    """The rows of each leaf of a one-split tree: 'rows 1-3 vs row 4', 'samples 1 and 2 in one leaf and
    sample 3 in the other' (one group named: the rest form the other leaf)."""
    groups = []
    for m in re.finditer(_LEAF, question, re.I):
        ends = re.fullmatch(r"(\d+)\s*(?:-|to)\s*(\d+)", m[1])
        groups.append(
            list(range(int(ends[1]), int(ends[2]) + 1)) if ends else [int(v) for v in re.findall(r"\d+", m[1])]
        )
    if len(groups) == 1:  # "splits rows 1-3 vs row 4": or the rest
        groups.append([i for i in range(1, n + 1) if i not in groups[0]])
    if len(groups) != 2 or not all(groups) or sorted(groups[0] + groups[1]) != list(range(1, n + 1)):
        return None
    return groups


def _rows(group: list[int]) -> str:
    if len(group) == 1:
        return f"row {group[0]}"
    if group == list(range(group[0], group[-1] + 1)):
        return f"rows {group[0]}-{group[-1]}"
    return "rows " + ", ".join(map(str, group))


def boosting(question: str) -> Worked | None:
    if not re.search(r"boost", question, re.I):
        return None
    lr = re.search(rf"(?:learning rate|\blr\b|ν|nu|eta|η|shrinkage)\s*(?:ν\s*)?(?:=|of|is)?\s*({NUM})", question, re.I)
    ys = _targets(question)
    if not ys or not lr or len(ys) < 2:
        return None
    groups = _leaf_groups(question, len(ys))
    if groups is None:
        return None
    nu = to_float(lr[1])
    f0 = sum(ys) / len(ys)
    res = [v - f0 for v in ys]
    mse0 = sum(r * r for r in res) / len(ys)
    leaf = {}
    for g in groups:
        value = sum(res[i - 1] for i in g) / len(g)
        for i in g:
            leaf[i] = value
    preds = [f0 + nu * leaf[i] for i in range(1, len(ys) + 1)]
    res1 = [v - p for v, p in zip(ys, preds, strict=True)]
    mse1 = sum(r * r for r in res1) / len(ys)
    steps = (
        f"F0 = mean of {vec(ys)} = {fmt(f0)}; residuals {vec(res)}; MSE = {fmt(mse0)}",
        "leaf values (mean residual per leaf): " + "; ".join(f"{_rows(g)}: {fmt(leaf[g[0]])}" for g in groups),
        f"new predictions F0 + {fmt(nu)} × leaf = {vec([round(p, 4) for p in preds])}",
        f"new residuals {vec([round(r, 4) for r in res1])}; new MSE = {fmt(mse1)} (down {fmt(mse0 - mse1)}); "
        "the next tree is fitted to these residuals",
    )
    return Worked("boosting", "s2-ensemble-methods", r"Boosting by hand", steps)


# --- XGBoost's optimal leaf weight (s2-ensemble-methods) ---------------------------------------------


def leaf_weight(question: str) -> Worked | None:
    """w* = -G / (H + λ) from the leaf's gradient and Hessian sums."""
    if not re.search(r"xgboost|leaf", question, re.I):
        return None

    one = partial(labelled, question, sep="(?:=|:|is|of)", flags=0)
    g, h, lam = one(r"(?<![\w])G"), one(r"(?<![\w])H"), one(r"(?<![\w])(?:λ|lambda|reg_lambda)")
    if g is None and h is None:
        return leaf_from_logloss(question) or _leaf_from_gradients(question) or _leaf_from_rows(question)
    if g is None or h is None or lam is None or h + lam <= 0:
        return None
    w = -g / (h + lam)
    steps = (
        f"w* = -G / (H + λ) = -({fmt(g)}) / ({fmt(h)} + {fmt(lam)}) = {fmt(-g)} / {fmt(h + lam)} = {fmt(w)}",
        f"without the penalty (λ = 0) it would be {fmt(-g / h) if h else 'undefined'}: λ shrinks the leaf value "
        "towards 0",
    )
    return Worked("leaf_weight", "s2-ensemble-methods", r"w\^\* = -G/\(H \+ \\lambda\)", steps)


_LAMBDAS = re.compile(
    rf"(?:λ|lambda|reg_lambda)\s*(?:=|of|:)?\s*({NUM}(?:\s*(?:,\s*(?:and\s+)?|and\s+|or\s+){NUM})*)", re.I
)


_ROW_LIST = rf"[\[(]?({NUM}(?:\s*,\s*(?:and\s+)?{NUM}|\s+and\s+{NUM})+)"
_ROW_GRADIENTS = re.compile(rf"\bgradients?\s*(?:g_?i\s*)?(?:are|were|of|=|:)?\s*{_ROW_LIST}", re.I)
_ROW_HESSIANS = re.compile(rf"\bhessians?\s*(?:h_?i\s*)?(?:are|were|of|=|:)?\s*{_ROW_LIST}", re.I)
_EVERY_HESSIAN = re.compile(
    rf"\b(?:every|each|all(?: the)?)\s+(?:row'?s\s+)?hessians?\s+(?:is|are|=|equals?|of)\s*({NUM})\b(?![.,]\d)", re.I
)


def _leaf_from_gradients(question: str) -> Worked | None:
    """A leaf told by its rows' gradients and Hessians: 'gradients are -2, -5, 1 and -4 and every hessian is 1,
    lambda = 1' -> G = -10, H = 4 and w* = -G / (H + λ) at each λ named (heldout h32)."""
    grads = [m[1] for m in _ROW_GRADIENTS.finditer(question)]
    lams = [to_float(v) for m in _LAMBDAS.finditer(question) for v in re.findall(NUM, m[1])]
    if len(grads) != 1 or not lams:
        return None
    gs = [to_float(v) for v in re.findall(NUM, grads[0])]
    hess_lists = [m[1] for m in _ROW_HESSIANS.finditer(question)]
    every = {to_float(m[1]) for m in _EVERY_HESSIAN.finditer(question)}
    if len(hess_lists) == 1 and not every:
        hs = [to_float(v) for v in re.findall(NUM, hess_lists[0])]
    elif len(every) == 1 and not hess_lists:
        hs = [every.pop()] * len(gs)
    else:
        return None
    if len(hs) != len(gs) or min(hs) < 0:
        return None
    g, h = sum(gs), sum(hs)
    steps = [
        f"G = sum of the gradients = {signed_sum(gs)} = {fmt(g)}",
        f"H = sum of the Hessians = {signed_sum(hs)} = {fmt(h)}",
    ]
    for lam in dict.fromkeys(lams):
        if h + lam <= 0 or lam < 0:
            return None
        steps.append(f"λ = {fmt(lam)}: w* = -G / (H + λ) = {fmt(-g)} / ({fmt(h)} + {fmt(lam)}) = {fmt(-g / (h + lam))}")
    note = (
        "λ, the L2 penalty on leaf values, adds to the Hessian sum, so a larger λ pulls the leaf weight towards 0; "
        "the learning rate then scales the tree's contribution further."
    )
    return Worked("leaf_weight", "s2-ensemble-methods", r"w\^\* = -G/\(H \+ \\lambda\)", tuple(steps), note)


def _leaf_from_rows(question: str) -> Worked | None:
    """A squared-error leaf told by its rows: 'targets 12, 15, 9, 14, the ensemble predicts 10' -> g_i = F - y_i,
    h_i = 1, so G = Σ(F - y), H = n and w* = -G / (H + λ) at each λ named; with a learning rate, the new
    predictions F + η w*; and a one-row leaf with residual r: w* = r / (1 + λ)."""
    if not re.search(r"squared|h_?i\s*=\s*1|residual", question, re.I):
        return None
    targets = re.search(
        rf"targets?\s*(?:of|are|=|:)?\s*[\[(]?({NUM}(?:\s*,\s*(?:and\s+)?{NUM}|\s+and\s+{NUM})+)", question, re.I
    )
    current = re.search(
        rf"(?:predicts?|prediction(?:\s+is)?|F\s*=)\s*({NUM})\b(?:\s+for\s+(?:all|every|each))?", question, re.I
    )
    lams = [to_float(v) for m in _LAMBDAS.finditer(question) for v in re.findall(NUM, m[1])]
    if not targets or not current or not lams:
        return None
    ys = [to_float(v) for v in re.findall(NUM, targets[1])]
    f = to_float(current[1])
    gs = [f - y for y in ys]
    g, n = sum(gs), len(ys)
    steps = [
        f"gradients g_i = F - y_i = {vec(gs)}, so G = {fmt(g)}; h_i = 1 for each of the {n} rows, so H = {n}",
    ]
    weights = {}
    for lam in dict.fromkeys(lams):
        if n + lam <= 0:
            return None
        weights[lam] = -g / (n + lam)
        steps.append(f"λ = {fmt(lam)}: w* = -G / (H + λ) = {fmt(-g)} / ({n} + {fmt(lam)}) = {fmt(weights[lam])}")
    eta = labelled(question, r"learning rate|\beta\b|η|shrinkage")
    if eta is not None and 0 < eta <= 1:
        lam = 1.0 if 1.0 in weights else next(iter(weights))
        new = f + eta * weights[lam]
        steps.append(
            f"with learning rate {fmt(eta)} and λ = {fmt(lam)}: every row's prediction becomes {fmt(f)} + {fmt(eta)} × "
            f"{fmt(weights[lam])} = {fmt(new)}"
        )
    single = re.search(rf"(?:one|single|just one)\s+row\b[^.?]*?residual\s*(?:is|of|=)?\s*({NUM})", question, re.I)
    if single:
        r = to_float(single[1])
        lam = 1.0 if 1.0 in weights else next(iter(weights))
        steps.append(
            f"a one-row leaf with residual {fmt(r)} (g = {fmt(-r)}, h = 1) at λ = {fmt(lam)}: w* = {fmt(r)} / "
            f"(1 + {fmt(lam)}) = {fmt(r / (1 + lam))}, shrunk from {fmt(r)}: λ matters most for leaves with few rows"
        )
    note = "λ adds to the Hessian sum, so it pulls every leaf weight towards 0, the small leaves the most."
    return Worked("leaf_weight", "s2-ensemble-methods", r"w\^\* = -G/\(H \+ \\lambda\)", tuple(steps), note)


# --- PCA variance kept and a silhouette value (s2-unsupervised-learning) ------------------------------


_EIGENVALUES = re.compile(  # "eigenvalues 3, 1, 0", "eigenvalues of the covariance matrix: 2.4, 0.9 and 0.5"
    r"eigenvalues?(?:\s+(?:of|from|for)\s+[a-z' -]{1,40}?)?\s*(?:of|are|were|=|:)?\s*[\[(]?"
    rf"((?:{NUM})(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:{NUM})){{2,}})",
    re.I,
)
# the share to keep: "90% of the variance", "keep at least 90%", "retain 95 percent"
_KEEP = re.compile(
    r"(\d+(?:\.\d+)?)\s*(?:%|percent)\s*(?:of\s+(?:the\s+)?)?(?:total\s+|explained\s+)?variance|"
    r"(?:keep|retain|preserve|capture|reach|cover|account for|at least|≥|>=)[^.?;%]{0,30}?"
    r"(\d+(?:\.\d+)?)\s*(?:%|percent)",
    re.I,
)


def _pca_shares(question: str) -> list[str]:
    """Each component's share λ / Σλ, the running total, and how many components reach each share asked for;
    nothing when two different lists of eigenvalues are given (which one is meant is not clear)."""
    lists = {tuple(to_float(v) for v in re.findall(NUM, m[1])) for m in _EIGENVALUES.finditer(question)}
    if len(lists) != 1 or not re.search(r"\bpca|principal|components?", question, re.I):
        return []
    given = list(lists.pop())
    values = sorted(given, reverse=True)
    total = sum(values)
    if min(values) < 0 or total <= 0:
        return []
    running, cumulative = 0.0, []
    for v in values:
        running += v
        cumulative.append(running / total)
    order = " (largest first: the components come in order of the variance they carry)" if values != given else ""
    steps = [
        f"total variance {' + '.join(fmt(v) for v in values)} = {fmt(total)}{order}; share of each component, "
        "λ / total: " + ", ".join(f"{fmt(v)} / {fmt(total)} = {fmt(v / total)}" for v in values),
        "cumulative share: " + ", ".join(f"{fmt(100 * c, 2)}%" for c in cumulative),
    ]
    goals = sorted({float(a or b) / 100 for a, b in _KEEP.findall(question)})
    for goal in goals[:3]:
        keep = next((i for i, c in enumerate(cumulative, 1) if c >= goal - 1e-12), None)
        if keep and 0 < goal <= 1:
            fewer = f", while {keep - 1} keep{'s' if keep == 2 else ''} only {fmt(100 * cumulative[keep - 2], 2)}%"
            steps.append(
                f"keep {keep} component{'s' if keep > 1 else ''} to reach {fmt(100 * goal)}%: "
                f"{'they keep' if keep > 1 else 'it keeps'} {fmt(100 * cumulative[keep - 1], 2)}%"
                + (fewer if keep > 1 else "")
            )
    return steps


_CLUSTER = re.compile(rf"\bcluster\s+([A-Z0-9])\s*(?:=|:|is)\s*[{{\[(]\s*({NUM}(?:\s*,\s*{NUM})+)\s*[}}\])]", re.I)


def clusters_1d(question: str) -> Worked | None:
    """Two or more named 1-D clusters ('cluster A = {1, 2, 4}'): the silhouette of the points asked about
    (a = mean distance within its cluster, b = to the nearest other cluster) and the single, complete and
    average linkage distances between two clusters."""
    found = {m[1]: [to_float(v) for v in re.findall(NUM, m[2])] for m in _CLUSTER.finditer(question)}
    if len(found) < 2:
        return None
    steps: list[str] = []
    if re.search(r"silhouette", question, re.I):
        asked = [to_float(v) for v in re.findall(rf"\bpoints?\s+({NUM})", question, re.I)]
        for x in dict.fromkeys(asked):
            own = [name for name, pts in found.items() if x in pts]
            if len(own) != 1 or len(found[own[0]]) < 2:
                return None
            mates = list(found[own[0]])
            mates.remove(x)
            a = sum(abs(x - y) for y in mates) / len(mates)
            others = {n: sum(abs(x - y) for y in p) / len(p) for n, p in found.items() if n != own[0]}
            near = min(others, key=others.get)
            b = others[near]
            steps.append(
                f"point {fmt(x)}: a = mean distance within {own[0]} = {fmt(a)}, "
                f"b = mean distance to {near} = {fmt(b)}; s = (b - a) / max(a, b) = "
                f"({fmt(b)} - {fmt(a)}) / {fmt(max(a, b))} = {fmt((b - a) / max(a, b))}"
            )
    if re.search(r"linkage", question, re.I) and len(found) == 2:
        (na, pa), (nb, pb) = found.items()
        d = [abs(x - y) for x in pa for y in pb]
        steps += [
            f"single linkage (closest pair): {fmt(min(d))}",
            f"complete linkage (farthest pair): {fmt(max(d))}",
            f"average linkage (mean of all {len(d)} pairs): {fmt(sum(d))} / {len(d)} = {fmt(sum(d) / len(d))}",
        ]
    if not steps:
        return None
    cue = r"\*\*Silhouette" if re.search(r"silhouette", question, re.I) else r"\*\*single\*\*"
    return Worked("clusters_1d", "s2-unsupervised-learning", cue, tuple(steps))


def pca_covariance(question: str) -> Worked | None:
    """PCA of two features from their 2x2 covariance matrix: the eigenvalues, PC1's share and direction;
    after standardizing, the same from the correlation matrix [[1, r], [r, 1]] (eigenvalues 1 ± r)."""
    if not re.search(r"\bpca\b|principal comp", question, re.I) or not re.search(r"covariance", question, re.I):
        return None
    mats = [v for _, t in bracketed(question) if (v := literal(t)) is not None and shape_of(v) == (2, 2)]
    if len(mats) != 1:
        return None
    (a, b), (c, d) = mats[0]
    singular = abs(b * b - a * d) <= 1e-9 * max(1.0, a * d)  # perfectly correlated: the points lie on a line
    if abs(b - c) > 1e-12 or a <= 0 or d <= 0 or (b * b > a * d and not singular):
        return None  # not a covariance matrix of two varying features

    high, low, v = symmetric_eigen(a, b, d)
    if singular:
        low = 0.0
    steps = [
        f"eigenvalues of the covariance matrix: λ = ({fmt(a + d)} ± √({factor(a - d)}² + 4 × {factor(b)}²)) / 2 = "
        f"{fmt(high)} and {fmt(low)}",
        f"PC1 explains {fmt(high)} / ({fmt(high)} + {fmt(low)}) = {pct(high / (high + low))} of the variance, "
        f"along the unit vector {vec([round(x, 4) for x in v])}",
    ]
    if singular:
        v2 = [v[1], -v[0]] if v[1] > 0 else [-v[1], v[0]]
        steps += [
            f"PC2, along {vec([round(x, 4) for x in v2])}, explains {fmt(low)} / {fmt(high)} = 0% "
            f"(determinant {fmt(a)} × {fmt(d)} - {factor(b)}² = 0)",
            f"correlation r = {fmt(b)} / √({fmt(a)} × {fmt(d)}) = {fmt(b / math.sqrt(a * d))}: after centering, "
            f"feature 1 = {fmt(b / d)} × feature 2 exactly, so every point lies on one line and PC1 captures all "
            "the variance",
        ]
    if not singular and re.search(r"standardi[sz]|z-?scor|scal(?:e|ing)|correlation matrix", question, re.I):
        r = b / math.sqrt(a * d)
        h2, l2, v2 = symmetric_eigen(1.0, r, 1.0)
        steps += [
            f"standardized, each feature has variance 1 and the covariance becomes the correlation r = "
            f"{fmt(b)} / √({fmt(a)} × {fmt(d)}) = {fmt(r)}",
            f"eigenvalues of [[1, r], [r, 1]] are 1 + |r| = {fmt(h2)} and 1 - |r| = {fmt(l2)}: PC1 explains "
            f"{fmt(h2)} / 2 = {pct(h2 / 2)}, along {vec([round(x, 4) for x in v2])}",
        ]
        note = (
            "After standardizing, both features weigh the same and PC1's share depends only on how correlated they are."
        )
        if abs(a - d) > 1e-12:
            note = "Unscaled, the feature with the larger variance dominates PC1. " + note
    else:
        note = (
            "The feature with the larger variance dominates PC1 unless the features are standardized first."
            if abs(a - d) > 1e-12
            else ""
        )
    if singular:
        note = (
            "A zero eigenvalue means the covariance matrix is singular: one feature is an exact linear function of "
            "the other, so the data vary along one direction only and PC2 carries no variance."
        )
    point = re.search(rf"point\s*\(\s*({PLAIN})\s*,\s*({PLAIN})\s*\)", question, re.I)
    if point:
        x = [to_float(point[1]), to_float(point[2])]
        score = v[0] * x[0] + v[1] * x[1]
        back = [score * v[0], score * v[1]]
        rest = [x[0] - back[0], x[1] - back[1]]
        steps += [
            f"feature 1 alone carries {fmt(a)} / {fmt(a + d)} = {pct(a / (a + d))} of the variance; PC1 mixes both "
            f"features: PC1 = {fmt(v[0])}·x1 + {fmt(v[1])}·x2",
            f"PC1 score of ({fmt(x[0])}, {fmt(x[1])}): {fmt(v[0])} × {fmt(x[0])} + {fmt(v[1])} × {factor(x[1])} = "
            f"{fmt(score)} (not its feature-1 value {fmt(x[0])})",
            f"reconstruction from PC1 alone: {fmt(score)} × {vec([round(c, 4) for c in v])} = "
            f"{vec([round(c, 4) for c in back])}; what is dropped, along PC2: {vec([round(c, 4) for c in rest])}, "
            f"squared error {fmt(rest[0] ** 2 + rest[1] ** 2)}",
        ]
        note = (
            "PCA is not feature selection: each component mixes the original features, so keeping PC1 keeps neither "
            "feature as it was (the sign of a component is arbitrary)."
        )
    return Worked("pca_covariance", "s2-unsupervised-learning", r"PCA by hand", tuple(steps), note)


def pca_silhouette(question: str) -> Worked | None:
    steps = _pca_shares(question)
    sil = re.search(
        rf"(?:mean |average )?distance\s*(?:of\s*)?({NUM})\s*to\s*its\s*own\s*cluster"
        rf"[^.?]*?({NUM})\s*to\s*the\s*nearest",
        question,
        re.I,
    )
    if sil:
        a, b = to_float(sil[1]), to_float(sil[2])
        steps.append(
            f"silhouette = (b - a) / max(a, b) = ({fmt(b)} - {fmt(a)}) / {fmt(max(a, b))} = {fmt((b - a) / max(a, b))}"
        )
    if not steps:
        return None
    return Worked("pca_silhouette", "s2-unsupervised-learning", r"PCA by hand|\*\*Silhouette", tuple(steps))


# --- the best constant prediction under MSE and under MAE (c-loss-functions) -----------------------


def best_constant(question: str) -> Worked | None:
    """A model that may output only one constant: MSE is minimized by the mean of the targets and MAE by
    their median; each loss at each of the two constants."""
    if not re.search(r"\bconstant\b", question, re.I) or not re.search(
        r"\b(?:mse|mae|squared error|absolute error)\b", question, re.I
    ):
        return None
    lists = [values for _, _, values in prose_spans(question)]
    lists += [v for _, t in bracketed(question) if (v := literal(t)) is not None and len(shape_of(v) or ()) == 1]
    lists = [v for v in lists if 3 <= len(v) <= 15]
    if len(lists) != 1:
        return None
    ys = [float(v) for v in lists[0]]
    n = len(ys)
    mean = sum(ys) / n
    ordered = sorted(ys)
    median = ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2
    steps = [
        f"MSE is minimized by the mean: {fmt(sum(ys))} / {n} = {fmt(mean)}",
        f"MAE is minimized by the median of {vec(ordered)}: {fmt(median)}",
    ]
    for name, c in (("mean", mean), ("median", median)):
        mse = sum((y - c) ** 2 for y in ys) / n
        mae = sum(abs(y - c) for y in ys) / n
        squares = " + ".join(fmt((y - c) ** 2) for y in ys)
        steps.append(f"at the {name} {fmt(c)}: MSE = ({squares}) / {n} = {fmt(mse)}; MAE = {fmt(mae)}")
    note = (
        "The two losses disagree whenever the mean and median differ: squaring lets the largest errors "
        "dominate MSE, which pulls its best constant toward outliers."
        if abs(mean - median) > 1e-9
        else ""
    )
    return Worked("best_constant", "c-loss-functions", r"Minimizing MSE makes a model predict", tuple(steps), note)


# --- precision when the class mix changes (c-class-imbalance) ---------------------------------------

_CATCHES = re.compile(rf"(?:catch(?:es)?|detects?|finds?|recall(?: of| is| =)?)\s+({NUM})\s*%", re.I)
_FLAGS = re.compile(rf"(?:flags?|false positive rate(?: of| is| =)?|fpr(?: of| is| =)?)\s+({NUM})\s*%", re.I)
_SHARE = re.compile(
    rf"(?:production|in practice|real(?:-world| world)?|deployment|live)[^.?]{{0,40}}?({NUM})\s*%", re.I
)


def precision_at_prevalence(question: str) -> Worked | None:
    """Recall and false positive rate do not depend on the class mix, precision does: on a test set of
    the learner's counts, and at the production share of positives (on N cases when given)."""
    if not re.search(r"precision", question, re.I):
        return None
    recall, fpr, share = _CATCHES.findall(question), _FLAGS.findall(question), _SHARE.findall(question)
    if len(set(recall)) != 1 or len(set(fpr)) != 1 or len(set(share)) != 1:
        return None
    r, f, p = to_float(recall[0]) / 100, to_float(fpr[0]) / 100, to_float(share[0]) / 100
    if not (0 < r <= 1 and 0 <= f < 1 and 0 < p < 1):
        return None
    steps = []
    test = re.search(
        rf"({NUM})\s+(?:fraud|positive|sick|spam)\w*\s+and\s+({NUM})\s+(?:legit|legitimate|negative|healthy|normal|genuine|ham)",
        question,
        re.I,
    )
    if test:
        pos, neg = to_float(test[1]), to_float(test[2])
        tp, fp = r * pos, f * neg
        steps.append(
            f"test set ({fmt(pos)} positives, {fmt(neg)} negatives): TP = {fmt(r)} × {fmt(pos)} = {fmt(tp)}, FP = "
            f"{fmt(f)} × {fmt(neg)} = {fmt(fp)}, precision = {fmt(tp)} / {fmt(tp + fp)} = {fmt(tp / (tp + fp))}"
        )
    total = re.findall(
        rf"(?:on|of|in|say,?)\s+({NUM})\s+(?:transactions|cases|examples|emails|patients|users|rows)", question, re.I
    )
    n = to_float(total[0]) if len(set(total)) == 1 else 10_000
    pos, neg = n * p, n * (1 - p)
    tp, fp = r * pos, f * neg
    of = f"of {fmt(n)}" if len(set(total)) == 1 else f"per {fmt(n)} cases"
    steps.append(
        f"at {fmt(p * 100)}% positives, {of}: {fmt(pos)} positives and {fmt(neg)} negatives; TP = {fmt(r)} × "
        f"{fmt(pos)} = {fmt(tp)}, FP = {fmt(f)} × {fmt(neg)} = {fmt(fp)}"
    )
    steps.append(
        f"precision = {fmt(tp)} / ({fmt(tp)} + {fmt(fp)}) = {fmt(tp / (tp + fp))}: about {fmt(fp / tp, 1)} false "
        "alarms per true positive"
    )
    note = (
        "Recall and the false positive rate carry over to a new class mix; precision does not, because the false "
        "positives grow with the number of negatives."
    )
    return Worked("precision_at_prevalence", "s2-metrics", r"\*\*Precision\*\*", tuple(steps), note)


# --- a regression tree's split by variance (s2-supervised-learning) --------------------------------

_SPLIT = re.compile(r"(?:split\s+)?([A-Z])?\s*:?\s*\{([^{}|]*)\}\s*\|\s*\{([^{}|]*)\}", re.I)


def variance_split(question: str) -> Worked | None:
    """Candidate splits of a regression tree's node written as {a, b} | {c, d}: each child's mean (its
    leaf prediction) and variance, the size-weighted impurity against the parent's, and the winner."""
    if not re.search(r"regression tree|variance|\bmse\b", question, re.I):
        return None
    splits = []
    for m in _SPLIT.finditer(question):
        left = [to_float(v) for v in re.findall(NUM, m[2])]
        right = [to_float(v) for v in re.findall(NUM, m[3])]
        if not left or not right:
            return None
        splits.append((m[1] or str(len(splits) + 1), left, right))
    if not splits or len({tuple(sorted(a + b)) for _, a, b in splits}) != 1:
        return None

    def var(values: list[float]) -> float:
        mean = sum(values) / len(values)
        return sum((v - mean) ** 2 for v in values) / len(values)

    node = splits[0][1] + splits[0][2]
    n = len(node)
    steps = [f"parent {vec(sorted(node))}: mean {fmt(sum(node) / n)}, variance {fmt(var(node))}"]
    scored = []
    for name, left, right in splits:
        weighted = len(left) / n * var(left) + len(right) / n * var(right)
        scored.append((weighted, name, left, right))
        steps.append(
            f"split {name}: {vec(left)} mean {fmt(sum(left) / len(left))}, variance {fmt(var(left))}; {vec(right)} "
            f"mean {fmt(sum(right) / len(right))}, variance {fmt(var(right))}; weighted {len(left)}/{n} × "
            f"{fmt(var(left))} + {len(right)}/{n} × {fmt(var(right))} = {fmt(weighted)} (decrease "
            f"{fmt(var(node) - weighted)})"
        )
    if len(scored) > 1:
        best = min(scored)
        if sum(1 for s in scored if abs(s[0] - best[0]) < 1e-12) == 1:
            _, name, left, right = best
            steps.append(
                f"split {name} wins (lower weighted variance); its leaves predict {fmt(sum(left) / len(left))} and "
                f"{fmt(sum(right) / len(right))}, and the training MSE after it is {fmt(best[0])}"
            )
    return Worked("variance_split", "s2-supervised-learning", r"impurity is the variance", tuple(steps))


# --- forward-chaining (expanding window) folds over periods (s2-train-test-cv) ----------------------

_WINDOW = re.compile(
    r"train(?:ing)?\s+on\s+(?P<unit>months?|weeks?|days?|years?|quarters?)\s+1\s*[-–]\s*(?P<train>\d+)[^.?]*?"
    r"validat\w*\s+on\s+(?:\w+\s+)?(?P<v1>\d+)\s*[-–]\s*(?P<v2>\d+)[^.?]*?"
    r"(?:grow|expand|extend|add)\w*[^.?]*?\bby\s+(?P<step>\d+)",
    re.I,
)


def expanding_folds(question: str) -> Worked | None:
    """An expanding window: train on periods 1..t, validate on the next block, grow by the step until the
    data runs out; the folds with their training and validation periods."""
    m = _WINDOW.search(question)
    total = re.findall(r"(\d+)\s+(months|weeks|days|years|quarters)\b", question, re.I)
    if not m or not total:
        return None
    n = int(total[0][0])
    train, v1, v2, step = int(m["train"]), int(m["v1"]), int(m["v2"]), int(m["step"])
    width = v2 - v1 + 1
    if v1 != train + 1 or width <= 0 or step <= 0 or v2 > n:
        return None
    unit = total[0][1].lower()
    steps, folds = [], 0
    while train + width <= n and folds < 30:
        folds += 1
        steps.append(f"fold {folds}: train on {unit} 1-{train} ({train}), validate on {train + 1}-{train + width}")
        train += step
    steps.append(f"{folds} folds; training sizes {', '.join(str(int(m['train']) + step * i) for i in range(folds))}")
    return Worked("expanding_folds", "s2-train-test-cv", r"\*\*Time series split\*\*", tuple(steps))


_TSS_UNITS = r"(months|weeks|days|years|quarters|hours|rows|samples|observations|points|records)"


def _tss_folds(n: int, splits: int, test_size: int | None, gap: int, max_train: int | None) -> list[tuple]:
    """scikit-learn's TimeSeriesSplit: (train start, train end, test start, test end), 1-based, inclusive."""
    size = test_size or n // (splits + 1)
    if size <= 0 or n - splits * size - gap <= 0:
        raise ValueError("too few samples for these splits")
    folds = []
    for start in range(n - splits * size, n, size):
        end = start - gap
        first = max(0, end - max_train) if max_train else 0
        folds.append((first + 1, end, start + 1, start + size))
    return folds


def time_series_split(question: str) -> Worked | None:
    """scikit-learn's TimeSeriesSplit asked with a number of samples ("48 months of data") and n_splits
    (default 5), perhaps several n_splits, a gap or a test_size: the training and test periods of
    each split, as the library makes them (test_size = n // (n_splits + 1); the gap leaves out the
    periods just before each test block)."""
    if not re.search(r"TimeSeriesSplit", question):
        return None
    total = re.search(rf"\b(\d+)\s+{_TSS_UNITS}\b", question, re.I) or re.search(r"\bn_samples\s*=\s*(\d+)()", question)
    if not total:
        return None
    n, unit = int(total[1]), (total[2] or "samples").lower()
    if not 4 <= n <= 100_000:
        return None
    splits = list(dict.fromkeys(int(v) for v in re.findall(r"n_splits\s*=\s*(\d+)", question))) or [5]
    gap = labelled(question, r"\bgap", sep=r"=")
    size = labelled(question, r"\btest_size", sep=r"=")
    most = labelled(question, r"\bmax_train_size", sep=r"=")
    gap_i, size_i, most_i = int(gap or 0), int(size) if size else None, int(most) if most else None
    steps = []
    named = unit not in ("rows", "samples", "observations", "points", "records")
    label = unit if named else "samples"
    for k in splits[:3]:
        folds = _tss_folds(n, k, size_i, 0, most_i)
        width = size_i or n // (k + 1)
        how = f"test_size = {n} // ({k} + 1) = {width}" if not size_i else f"test_size = {width}"
        steps.append(
            f"n_splits={k}: {how}; "
            + "; ".join(f"split {i}: train {label} {a}-{b}, test {c}-{d}" for i, (a, b, c, d) in enumerate(folds, 1))
        )
    if gap_i:
        k = splits[0]
        folds = _tss_folds(n, k, size_i, gap_i, most_i)
        steps.append(
            f"gap={gap_i} (n_splits={k}): the {gap_i} {label} before each test block leave training, the test blocks "
            "stay the same; "
            + "; ".join(f"split {i}: train {a}-{b}, test {c}-{d}" for i, (a, b, c, d) in enumerate(folds, 1))
        )
    first = _tss_folds(n, splits[0], size_i, 0, most_i)[0]
    grows = (
        f"the training window slides, at most {most_i} {label} long"
        if most_i
        else f"the training window grows (the first split trains on just {first[1] - first[0] + 1} {label})"
    )
    note = (
        f"Every split trains only on the past and tests on the block that follows; {grows}, so look at each "
        "split's score, not only the mean."
    )
    if gap_i:
        note += " A gap keeps training rows whose features or labels reach into the test period out of training."
    return Worked("time_series_split", "s2-train-test-cv", r"\*\*Time series split\*\*", tuple(steps), note)


def stratified_folds(question: str) -> Worked | None:
    """N rows with P positives in k folds: what StratifiedKFold puts in each validation fold and training
    split, and, when the rows are sorted with the positives last, what plain KFold without shuffling does
    (consecutive blocks, so the positives all land in the last folds)."""
    if not re.search(r"stratif|kfold|k-fold|\bfolds?\b", question, re.I):
        return None
    k = re.findall(r"(?:KFold|n_splits\s*=)\s*\(?\s*(\d+)|(\d+)[- ]fold|(\d+)\s+folds", question, re.I)
    ks = {int(a or b or c) for a, b, c in k}
    rows = re.findall(rf"({NUM})\s+(?:rows|samples|examples|records|observations)\b", question, re.I)
    pos = re.findall(
        rf"({NUM})\s+(?:are\s+)?(?:positives?|positive (?:rows|cases|examples)|frauds?|fraud cases|"
        r"churners|minority)\b",
        question,
        re.I,
    )
    if len(ks) != 1 or len(set(rows)) != 1 or len(set(pos)) != 1:
        return None
    k, n, p = ks.pop(), int(to_float(rows[0])), int(to_float(pos[0]))
    if not (2 <= k <= 20 and 0 < p < n and n % k == 0):
        return None
    size = n // k
    share = p / n
    steps = [
        f"StratifiedKFold({k}): each validation fold holds {n:,} / {k} = {size:,} rows with about "
        f"{p:,} / {k} = {fmt(p / k)} positives ({pct(share)}, the dataset's share), whatever the file order"
    ]
    steps.append(
        f"each training split: the other {k - 1} folds, {n - size:,} rows with about {fmt(p - p / k)} positives"
    )
    sorted_ = re.search(
        r"sorted|at the end|last rows|ordered|grouped together|without shuffl|shuffle\s*=\s*False", question, re.I
    )
    if sorted_ and re.search(r"(?<!Stratified)KFold|plain|unstratified|without stratif|regular k-?fold", question):
        first = n - p  # positives are rows first+1 .. n
        per = []
        for i in range(k):
            lo, hi = i * size, (i + 1) * size
            per.append(max(0, hi - max(lo, first)))
        shown = ", ".join(str(c) for c in per)
        steps.append(
            f"plain KFold({k}) without shuffling cuts consecutive blocks of {size:,} rows; with the "
            f"{p:,} positives in the last rows, the folds hold {shown} positives"
        )
        empty = [i + 1 for i, c in enumerate(per) if c == 0]
        if empty:
            steps.append(
                f"folds {', '.join(map(str, empty))} validate on no positive at all, so recall, F1 and "
                "ROC-AUC are undefined or 0 there"
            )
        full = [i + 1 for i, c in enumerate(per) if c == p]
        if full:
            steps.append(
                f"when fold {full[0]} validates, its training split holds no positive, so the model "
                "cannot learn the class"
            )
    note = (
        "Stratify classification folds (StratifiedKFold, with shuffle=True and a fixed random_state when the "
        "file is ordered); an unstratified split can leave the rare class out of a fold."
    )
    return Worked("stratified_folds", "s2-train-test-cv", r"\*\*Stratified k-fold\*\*", tuple(steps), note)


# named 2-D points: "A(1, 1)", "B = (1, 2)"
_NAMED_POINT = re.compile(rf"\b([A-Z])\s*=?\s*\(\s*({NUM})\s*,\s*({NUM})\s*\)")


def kmeans_2d(question: str) -> Worked | None:
    """Lloyd's algorithm on named 2-D points ("A(1, 1), B(1, 2) ...") from starting centroids named by
    points ("centroids at A and C") or given as coordinates, until no assignment changes: each round's
    clusters and centroids, then the inertia. A tie for the nearest centroid is a convention, so none."""
    if not re.search(r"k-?means|lloyd", question, re.I):
        return None
    named = {m[1]: (to_float(m[2]), to_float(m[3])) for m in _NAMED_POINT.finditer(question)}
    if not 3 <= len(named) <= 20:
        return None
    start = re.search(r"centroids?\s+(?:at|=|are|from)?\s*((?:[A-Z](?:\s*(?:,|and)\s*)?){2,5})\b", question)
    cents = [named[c] for c in re.findall(r"[A-Z]", start[1]) if c in named] if start else []
    if len(cents) < 2:
        return None
    k = {int(v) for v in re.findall(r"\bk\s*=\s*(\d+)", question)}
    if k and k != {len(cents)}:
        return None
    names, points = list(named), list(named.values())

    def d2(p, c):
        return (p[0] - c[0]) ** 2 + (p[1] - c[1]) ** 2

    def pt(c):
        return f"({fmt(c[0])}, {fmt(c[1])})"

    steps = []
    for it in range(1, 11):
        groups: list[list[int]] = [[] for _ in cents]
        for i, p in enumerate(points):
            d = [d2(p, c) for c in cents]
            if d.count(min(d)) > 1:
                return None
            groups[d.index(min(d))].append(i)
        if any(not g for g in groups):
            return None
        new = [(sum(points[i][0] for i in g) / len(g), sum(points[i][1] for i in g) / len(g)) for g in groups]
        shown = "; ".join("{" + ", ".join(names[i] for i in g) + "}" for g in groups)
        steps.append(
            f"round {it}: assign each point to the nearest of {', '.join(pt(c) for c in cents)} → {shown}; "
            f"new centroids {', '.join(pt(c) for c in new)}"
        )
        if all(abs(a[0] - b[0]) < 1e-12 and abs(a[1] - b[1]) < 1e-12 for a, b in zip(new, cents, strict=True)):
            break
        cents = new
    else:
        return None
    inertia = sum(d2(points[i], c) for g, c in zip(groups, cents, strict=True) for i in g)
    steps.append(
        f"round {it} changes no assignment, so it has converged: clusters "
        + "; ".join("{" + ", ".join(names[i] for i in g) + "}" for g in groups)
        + f", inertia (sum of squared distances to the centroids) = {fmt(inertia)}"
    )
    return Worked("kmeans_2d", "s2-unsupervised-learning", r"\*\*inertia\*\*", tuple(steps))

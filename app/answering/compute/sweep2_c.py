"""Stage 3 calculators from the second corpus sweep: gradient accumulation (steps for an effective batch and the
loss division), macro-F1 from per-class F1 scores, GELU values, inverted dropout's 1/(1 - p) scaling, BERT's
masked-token counts, and the trainable share of a model with a frozen backbone. Each reads the learner's numbers
only when it is sure of them and returns None otherwise. Pure functions."""

from __future__ import annotations

import math
import re

from app.answering.compute.models import _cells
from app.answering.compute.parse import NUM, PLAIN, Worked, fmt, literal, pct, prose_lists, to_float

# --- gradient accumulation (s3-dl-frameworks) ---------------------------------------------------------------

_EFFECTIVE = re.compile(
    r"(?:effective|target|global|total|desired|overall)\s+batch(?:[- ]size)?\s*(?:of|=|:|is|to)?\s*(?:about\s+)?(\d+)"
    r"|(?:imitate|simulate|emulate|mimic|reach|get|want|train with|match)\s+(?:an?\s+)?(?:effective\s+)?"
    r"batch(?:[- ]size)?\s*(?:of|=)?\s*(\d+)"
    r"|(?:effective|target|global)\s+batch(?:[- ]size)?\s+(?:I want|we want|needed)\s+(?:is\s+)?(\d+)",
    re.I,
)
_MICRO = re.compile(
    r"(?:micro[- ]?batch(?:es)?|per[- ](?:step|device|gpu) batch|batch(?:[- ]size)? per (?:step|device|gpu))"
    r"(?:[- ]size)?\s*(?:of|=|:|is)?\s*(\d+)"
    r"|(?:fits?|fitting|hold|holds|handle|handles|only take|takes)\s+(?:only\s+)?(?:a\s+)?(?:batch(?:[- ]size)?\s+"
    r"(?:of\s+)?|batches\s+of\s+)?(\d+)"
    r"|(?:batches|batch[- ]size|batch)\s+of\s+(\d+)"
    r"|batch[- ]size\s*(?:=|:|is)\s*(\d+)",
    re.I,
)
_ACC_STEPS = re.compile(
    r"(?:accumulat\w*|accumulation steps)\s*(?:over|across|for|of|=|:)?\s*(\d+)\s*(?:steps|micro[- ]?batches|batches)"
    r"|(\d+)\s+(?:gradient\s+)?accumulation\s+steps"
    r"|accumulation[_ ]steps\s*(?:=|:|of|is)\s*(\d+)",
    re.I,
)


def _firsts(pattern: re.Pattern, text: str) -> set[int]:
    return {int(next(g for g in m.groups() if g)) for m in pattern.finditer(text)}


def grad_accumulation(question: str) -> Worked | None:
    """Accumulation steps = effective batch / (micro-batch x devices), each mean-reduced loss divided by that
    count; or the effective batch from a micro-batch and a number of accumulation steps."""
    if not re.search(r"accumulat", question, re.I) or not re.search(r"batch", question, re.I):
        return None
    effective = _firsts(_EFFECTIVE, question)
    steps_given = _firsts(_ACC_STEPS, question)
    micro = _firsts(_MICRO, question) - effective
    gpus = {int(g) for g in re.findall(r"(\d+)\s*(?:GPUs|devices|cards)\b", question, re.I)}
    if len(gpus) > 1 or len(micro) != 1 or len(effective) > 1 or len(steps_given) > 1:
        return None
    devices = gpus.pop() if gpus else 1
    b = micro.pop()
    if b <= 0 or devices <= 0:
        return None
    per_step = b * devices
    per_step_text = f"{fmt(b)} × {fmt(devices)} GPUs = {fmt(per_step)}" if devices > 1 else fmt(b)
    if effective and not steps_given:
        target = effective.pop()
        if target <= per_step or target % per_step:
            return None
        k = target // per_step
        steps = [
            f"samples per forward/backward pass: {per_step_text}",
            f"accumulation steps = effective batch / samples per pass = {fmt(target)} / {fmt(per_step)} = {fmt(k)}",
            f"divide each mean-reduced loss by {fmt(k)} before backward(), and call optimizer.step() and "
            f"optimizer.zero_grad() once every {fmt(k)} micro-batches",
        ]
    elif steps_given and not effective:
        k = steps_given.pop()
        if k < 2:
            return None
        target = per_step * k
        steps = [
            f"samples per forward/backward pass: {per_step_text}",
            f"effective batch = samples per pass × accumulation steps = {fmt(per_step)} × {fmt(k)} = {fmt(target)}",
            f"divide each mean-reduced loss by {fmt(k)} before backward(), and step the optimizer once every "
            f"{fmt(k)} micro-batches",
        ]
    else:
        return None
    note = (
        f"Without dividing by {fmt(k)} the summed gradient is {fmt(k)} times too large; batch normalization still "
        f"sees batches of {fmt(b)}, so the result is close to, but not exactly, a real batch of {fmt(target)}."
    )
    return Worked("grad_accumulation", "s3-dl-frameworks", r"Gradient accumulation without scaling", tuple(steps), note)


# --- macro-F1 from per-class F1 scores (s3-nlp-tasks) -------------------------------------------------------


def _scores(text: str) -> list[float] | None:
    """The per-class F1 scores: one list (bracketed or in words) or 'F1 = x' written per class; 0-1 or percent."""
    candidates = []
    for m in re.finditer(r"\[[^\[\]]*\]", text):
        values = literal(m[0])
        if values and all(isinstance(v, float) for v in values):
            candidates.append(values)
    candidates += prose_lists(text)
    pair = re.findall(rf"F1(?:[- ]scores?)?\s*(?:are|of|=|:)?\s*({PLAIN})\s*(?:,\s*|\s+)and\s+({PLAIN})\b", text, re.I)
    candidates += [[float(a), float(b)] for a, b in pair]
    if not candidates:
        per_class = re.findall(rf"\bF1(?:[- ]score)?\s*(?:of|=|:|is)\s*({NUM})\s*%?", text, re.I)
        if len(per_class) >= 2:
            candidates.append([to_float(v) for v in per_class])
    distinct = {tuple(c) for c in candidates}
    if len(distinct) != 1:
        return None
    values = list(distinct.pop())
    if 2 <= len(values) <= 20 and all(0 <= v <= 1 for v in values):
        return values
    if 2 <= len(values) <= 20 and all(0 <= v <= 100 for v in values) and re.search(r"%|percent", text):
        return [v / 100 for v in values]
    return None


def _binary_averages(question: str) -> Worked | None:
    """TP, FP, FN and TN of one binary classifier with macro, micro or weighted F1 asked about: each class's F1 (the
    negative class scored as if it were the positive one), their plain mean (macro), micro-F1 (= accuracy for
    single-label predictions) and the size-weighted mean."""
    found = _cells(question)
    if found is None or found[1] is not None:
        return None
    cells = found[0]
    if any(not isinstance(cells[k], int) for k in ("TP", "FP", "FN", "TN")):
        return None
    tp, fp, fn, tn = cells["TP"], cells["FP"], cells["FN"], cells["TN"]
    pos, neg, total = tp + fn, tn + fp, tp + fp + fn + tn
    if not tp or not tn or not pos or not neg:
        return None
    f1_pos = 2 * tp / (2 * tp + fp + fn)
    f1_neg = 2 * tn / (2 * tn + fn + fp)
    macro = (f1_pos + f1_neg) / 2
    weighted = (pos * f1_pos + neg * f1_neg) / total
    steps = [
        f"positive class: F1 = 2TP / (2TP + FP + FN) = {2 * tp:,} / ({2 * tp:,} + {fp:,} + {fn:,}) = {fmt(f1_pos)} "
        f"(scikit-learn's default, average='binary')",
        f"negative class, scored as the positive one (TP' = TN = {tn:,}, FP' = FN = {fn:,}, FN' = FP = {fp:,}): "
        f"F1 = {2 * tn:,} / ({2 * tn:,} + {fn:,} + {fp:,}) = {fmt(f1_neg)}",
        f"macro-F1 = ({fmt(f1_pos)} + {fmt(f1_neg)}) / 2 = {fmt(macro)}",
        f"micro-F1 pools all predictions: correct / total = ({tp:,} + {tn:,}) / {total:,} = {fmt((tp + tn) / total)}, "
        f"the accuracy",
        f"weighted F1 = ({pos:,} × {fmt(f1_pos)} + {neg:,} × {fmt(f1_neg)}) / {total:,} = {fmt(weighted)} "
        f"(each class's F1 times its {pos:,} or {neg:,} true members)",
    ]
    note = (
        "All of these are correct; they average different things. Micro-F1 and weighted F1 are dominated by the "
        "larger class, so when the smaller class is the one that matters, report its precision, recall and F1, "
        "with macro-F1 as the single summary."
        if pos != neg
        else "All of these are correct; they average different things, and with classes of equal size they differ "
        "only through the per-class F1 scores."
    )
    return Worked("macro_f1", "s3-nlp-tasks", r"\*\*Macro-F1\*\*: compute", tuple(steps), note)


def macro_f1(question: str) -> Worked | None:
    """Macro-F1: the unweighted mean of the per-class F1 scores; from one binary confusion matrix, each class's F1
    and the macro, micro and weighted averages."""
    if re.search(r"\bF1\b|f1_score", question, re.I) and re.search(
        r"\bmacro\b|\bmicro\b|weighted[- ]?(?:averaged?\s+)?F1|average\s*=\s*['\"]?weighted", question, re.I
    ):
        worked = _binary_averages(question)
        if worked is not None:
            return worked
    if not re.search(r"macro[- ]?(?:averaged?\s+)?F1|macro[- ]?average", question, re.I):
        return None
    if not re.search(r"\bF1\b", question, re.I) or re.search(r"\b(?:precision|recall|TP|FP|FN)\b", question, re.I):
        return None
    values = _scores(question)
    if values is None:
        return None
    mean = sum(values) / len(values)
    steps = [
        f"per-class F1: {', '.join(fmt(v) for v in values)} ({len(values)} classes)",
        f"macro-F1 = ({' + '.join(fmt(v) for v in values)}) / {len(values)} = {fmt(sum(values))} / {len(values)} "
        f"= {fmt(mean)}",
    ]
    worst = min(values)
    note = (
        "Macro-F1 counts every class equally, so a failing small class pulls it down "
        f"(here the weakest class has F1 {fmt(worst)}); weighted F1 would average by class size instead."
    )
    return Worked("macro_f1", "s3-nlp-tasks", r"\*\*Macro-F1\*\*: compute", tuple(steps), note)


# --- GELU (c-activation-functions) --------------------------------------------------------------------------


def gelu_values(question: str) -> Worked | None:
    """GELU(z) = z Φ(z), with Φ the standard normal CDF, at each z the learner gives."""
    if not re.search(r"\bGELU\b", question, re.I):
        return None
    if re.search(r"\b(?:ReLU|sigmoid|tanh|swish|SiLU|ELU|softplus)\b", question.replace("GELU", ""), re.I):
        return None  # several activations compared: not this calculator's question alone
    zs = [float(v) for v in re.findall(rf"GELU\s*\(\s*({PLAIN})\s*\)", question, re.I)]
    if not zs:
        m = re.search(r"\b(?:z|x|inputs?)\s*(?:=|:)\s*(\[[^\]]*\])", question)
        values = literal(m[1]) if m else None
        if values and all(isinstance(v, float) for v in values):
            zs = values
        else:
            m = re.search(
                rf"GELU\s+(?:of|at|for)\s+(?:z\s*=\s*|x\s*=\s*)?({PLAIN})(?![\d.]|\s*,\s*{PLAIN})", question, re.I
            )
            single = re.findall(rf"\b(?:z|x)\s*=\s*({PLAIN})\b", question)
            if m:
                zs = [float(m[1])]
            elif len(set(single)) == 1:
                zs = [float(single[0])]
    zs = list(dict.fromkeys(zs))
    if not 1 <= len(zs) <= 8 or any(abs(z) > 50 for z in zs):
        return None
    steps = []
    for z in zs:
        phi = 0.5 * (1 + math.erf(z / math.sqrt(2)))
        steps.append(f"z = {fmt(z)}: Φ({fmt(z)}) = {fmt(phi)}, GELU = {fmt(z)} × {fmt(phi)} = {fmt(z * phi)}")
    note = (
        "GELU is z times the standard normal CDF Φ(z): close to z for large positive z, close to 0 for large "
        "negative z, and slightly negative for small negative z (its minimum is about -0.17 near "
        "z = -0.75), unlike ReLU."
    )
    return Worked(
        "gelu_values",
        "c-activation-functions",
        r"GELU\*\*, z times the standard normal cumulative distribution function",
        tuple(steps),
        note,
    )


# --- inverted dropout (c-dropout-batchnorm) -----------------------------------------------------------------


def inverted_dropout(question: str) -> Worked | None:
    """Inverted dropout with drop probability p: kept activations times 1/(1 - p); expected value unchanged."""
    if not re.search(r"\bdropout\b", question, re.I):
        return None
    if not re.search(r"invert|scal|1\s*/\s*\(1\s*-\s*p\)|multipl|expected value|kept activations?", question, re.I):
        return None
    drops = {
        to_float(v)
        for v in re.findall(
            rf"dropout(?:\s+(?:rate|probability|prob|p))?\s*(?:of|=|:|is|with)?\s*(?:p\s*=\s*)?({NUM})(?!\s*%)",
            question,
            re.I,
        )
    }
    for a, b in re.findall(rf"({NUM})\s*%\s*dropout|dropout(?:\s+rate)?\s*(?:of|=|is)?\s*({NUM})\s*%", question, re.I):
        drops.add(to_float(a or b) / 100)
    drops |= {to_float(v) for v in re.findall(rf"\bp\s*=\s*({NUM})", question)}
    keeps = {to_float(v) for v in re.findall(rf"keep[_ ]?prob(?:ability)?\s*(?:of|=|:|is)?\s*({NUM})", question, re.I)}
    if keeps:
        if drops or len(keeps) != 1:
            return None
        p = 1 - keeps.pop()
    elif len(drops) == 1:
        p = drops.pop()
    else:
        return None
    if not 0 < p < 1:
        return None
    scale = 1 / (1 - p)
    steps = [
        f"keep probability 1 - p = 1 - {fmt(p)} = {fmt(1 - p)}",
        f"scale = 1 / (1 - p) = 1 / {fmt(1 - p)} = {fmt(scale)}",
    ]
    m = re.search(r"activations?\s*(?:of|=|:|are|is)?\s*(\[[^\]]*\])", question, re.I)
    acts = literal(m[1]) if m else None
    if acts and all(isinstance(a, float) for a in acts) and len(acts) <= 12:
        steps.append(
            "each kept activation becomes a / (1 - p): "
            + ", ".join(f"{fmt(a)} → {fmt(a * scale)}" for a in acts)
            + " (a dropped one becomes 0)"
        )
    steps.append(f"expected value of a unit: (1 - p) × a × {fmt(scale)} + p × 0 = a")
    note = (
        "Scaling at training time keeps each activation's expected value the same, so at evaluation (model.eval()) "
        "dropout is simply switched off with no rescaling."
    )
    return Worked(
        "inverted_dropout",
        "c-dropout-batchnorm",
        r"Inverted dropout\*\*, used in PyTorch and Keras, multiplies the kept activations by 1/\(1 - p\)",
        tuple(steps),
        note,
    )


# --- BERT's masked language modelling (s3-tokenization-embeddings) ------------------------------------------


def bert_masking(question: str) -> Worked | None:
    """Expected tokens selected at BERT's 15% rate in the learner's sequence(s), and the 80/10/10 split of
    Devlin et al. (2018): [MASK], a random token, unchanged."""
    if not re.search(r"\bBERT\b|masked language model|\bMLM\b", question, re.I) or not re.search(
        r"mask", question, re.I
    ):
        return None
    tokens = {to_float(v) for v in re.findall(r"(\d[\d,]*)[- ]?tokens?\b", question, re.I)}
    tokens |= {
        to_float(v)
        for v in re.findall(
            r"(?:sequence|input|sentence)(?:[- ]length)?\s*(?:of|=|:|is)\s*(\d[\d,]*)(?!\s*%)\b", question, re.I
        )
    }
    seqs = {to_float(v) for v in re.findall(r"(\d[\d,]*)\s+(?:sequences|sentences|examples|inputs)\b", question, re.I)}
    if len(tokens) != 1 or len(seqs) > 1:
        return None
    percents = {to_float(v) for v in re.findall(rf"({NUM})\s*%", question)}
    rate_found = {
        to_float(v)
        for v in re.findall(
            rf"(?:mask(?:ing)?\s+(?:rate|ratio|probability)\s*(?:of|=|:|is)?\s*|select\w*\s+)({NUM})\s*%",
            question,
            re.I,
        )
    } | {
        to_float(v)
        for v in re.findall(
            rf"({NUM})\s*%\s*(?:of\s+(?:the\s+)?tokens|are\s+(?:selected|masked|chosen))", question, re.I
        )
    }
    if len(rate_found) > 1:
        return None
    rate = rate_found.pop() if rate_found else 15.0
    if not percents <= {rate, 80.0, 10.0} or not 0 < rate < 100:
        return None
    n = tokens.pop()
    batch = seqs.pop() if seqs else 1
    total = n * batch
    if total <= 0 or n != int(n):
        return None
    selected = total * rate / 100
    steps = []
    if batch > 1:
        steps.append(f"tokens: {fmt(batch)} sequences × {fmt(n)} tokens = {fmt(total)}")
    steps += [
        f"selected for prediction: {fmt(rate)}% × {fmt(total)} = {fmt(selected)} tokens (expected)",
        f"of those, 80% replaced by [MASK]: 0.8 × {fmt(selected)} = {fmt(0.8 * selected)}",
        f"10% replaced by a random token: 0.1 × {fmt(selected)} = {fmt(0.1 * selected)}",
        f"10% left unchanged: 0.1 × {fmt(selected)} = {fmt(0.1 * selected)}",
        f"tokens showing [MASK] in the input: {fmt(0.8 * selected)} of {fmt(total)} = {pct(0.8 * selected / total)}",
    ]
    note = (
        "Selection is random, so these are expected counts. The 80/10/10 split is the original BERT recipe "
        "(Devlin et al., 2018): the loss is computed on all selected tokens, and the random and unchanged "
        "ones keep the model from relying on seeing [MASK], which never appears at fine-tuning time."
    )
    return Worked(
        "bert_masking",
        "s3-tokenization-embeddings",
        r"masked language modelling\*\* \(about 15% of tokens",
        tuple(steps),
        note,
    )


# --- trainable share with a frozen backbone (s3-transfer-learning) -------------------------------------------

_COUNT = r"(?<![\w.-])(\d[\d,]*(?:\.\d+)?)\s*(million|M|thousand|k|billion|B)?"
_MULT = {"million": 1e6, "m": 1e6, "thousand": 1e3, "k": 1e3, "billion": 1e9, "b": 1e9}


def _count(m: tuple[str, str]) -> float:
    return to_float(m[0]) * _MULT.get(m[1].lower(), 1)


def frozen_trainable(question: str) -> Worked | None:
    """Feature extraction: a frozen backbone with B parameters and a new linear head in -> out with
    in × out + out parameters; the trainable count and share."""
    if not re.search(r"froz|freez", question, re.I) or not re.search(
        r"\bhead\b|classifier|final layer|fc\b", question, re.I
    ):
        return None
    params = r"\s*(?:params|parameters|weights)\b"
    backbone = {
        _count(m)
        for m in re.findall(
            rf"backbone\s*(?:\([^)]*\)\s*)?(?:has|with|of|=|:|is)?\s*(?:about|~|roughly)?\s*{_COUNT}{params}",
            question,
            re.I,
        )
    } | {_count(m) for m in re.findall(rf"{_COUNT}[- ]?(?:param(?:eter)?s?)?[- ]backbone", question, re.I)}
    backbone |= {
        _count(m) for m in re.findall(rf"{_COUNT}{params}\s+(?:in|of)\s+the\s+(?:frozen\s+)?backbone", question, re.I)
    }
    if len(backbone) != 1:
        return None
    b = backbone.pop()
    shapes = set(
        re.findall(
            r"(\d[\d,]*)\s*(?:-to-|->|→|to|x|×)\s*(\d[\d,]*)\b[^.?]{0,30}?(?:linear|head|layer|classifier)|"
            r"Linear\(\s*(\d+)\s*,\s*(\d+)\s*\)",
            question,
            re.I,
        )
    )
    heads = {_count(m) for m in re.findall(rf"head\s*(?:has|with|of|=|:)?\s*{_COUNT}{params}", question, re.I)}
    heads |= {_count(m) for m in re.findall(rf"{_COUNT}{params}\s+in\s+the\s+(?:new\s+)?head", question, re.I)}
    steps = []
    if shapes and not heads:
        pairs = {(a or c, bb or d) for a, bb, c, d in shapes}
        if len(pairs) != 1:
            return None
        fan_in, fan_out = (int(to_float(x)) for x in pairs.pop())
        if re.search(r"bias\s*=\s*False|no bias|without bias", question, re.I):
            h = fan_in * fan_out
            steps.append(f"head parameters: {fmt(fan_in)} × {fmt(fan_out)} (no bias) = {fmt(h)}")
        else:
            h = fan_in * fan_out + fan_out
            steps.append(f"head parameters: {fmt(fan_in)} × {fmt(fan_out)} weights + {fmt(fan_out)} biases = {fmt(h)}")
    elif len(heads) == 1 and not shapes:
        h = heads.pop()
        steps.append(f"head parameters: {fmt(h)}")
    else:
        return None
    if b <= 0 or h <= 0:
        return None
    total = b + h
    steps += [
        f"total = frozen backbone + head = {fmt(b)} + {fmt(h)} = {fmt(total)}",
        f"trainable share = {fmt(h)} / {fmt(total)} = {fmt(h / total)} ({fmt(100 * h / total, 2)}%)",
    ]
    note = (
        "Only the head receives gradient updates; check which parameters have requires_grad=True and count them "
        "before training, since a backbone that is not really frozen is a common mistake."
    )
    return Worked(
        "frozen_trainable",
        "s3-transfer-learning",
        r"\*\*Feature extraction\*\*: freeze the backbone",
        tuple(steps),
        note,
    )

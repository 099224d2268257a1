"""Calculators from a sweep of the stage 3 readings and concept notes for methods no other calculator worked with
the learner's own numbers: reading ADF and KPSS p-values (c-stationarity-tests), gradient clipping by norm and by
value (s3-sequence-models), step-decay and cosine-annealing learning rates at an epoch (c-learning-rate-schedules),
multinomial naive Bayes trained on a few labelled messages (c-naive-bayes), max and average pooling of a small
feature map (c-pooling), Holt and damped-trend forecasts from a level and a slope (c-exponential-smoothing), the
action count of a discretized continuous action space for DQN (s3-q-learning), and how many value-iteration sweeps
guarantee a tolerance (s3-mdp). Each reads the learner's numbers only when it is sure of them and returns None
otherwise. Pure functions."""

from __future__ import annotations

import math
import re

from app.answering.compute.parse import (
    NUM,
    PLAIN,
    WORDS,
    Worked,
    bracketed,
    factor,
    fmt,
    labelled,
    literal,
    prose_lists,
    shape_of,
    to_float,
    vec,
)

# a number as a learner may write a learning rate: "0.1", "1e-3", "5e-4"
SCI = rf"{NUM}(?:[eE][-+]?\d+)?"


def _sci(text: str) -> float:
    return float(text.replace(",", ""))


def _one(values: set[float]) -> float | None:
    return next(iter(values)) if len(values) == 1 else None


# --- ADF and KPSS p-values read together (c-stationarity-tests) ---------------------------------------------

_TEST_NAME = re.compile(r"(?P<adf>\bADF\b|augmented\s+Dickey[- ]Fuller|\bDickey[- ]Fuller)|(?P<kpss>\bKPSS\b)", re.I)
# "p = 0.03", "p-value is 0.40", "p value of 0.02", "gives p=0.003", "got p = 0.40"
_P_AFTER = re.compile(
    rf"\bp(?:[- ]?values?)?\b\s*(?:(?:of|was|is|at|equals?|came\s+out(?:\s+at)?|comes\s+out(?:\s+at)?)\s*)?[=:≈~]?\s*"
    rf"({NUM})(?![\d%])",
    re.I,
)
# "ADF 0.03", "ADF: 0.03", "ADF test: 0.03" (the number straight after the test's name)
_P_BARE = re.compile(
    rf"^\s*(?:test\s*)?(?:(?:gives|gave|returns?|returned|shows?|showed|says|said|is|was|of|at)\s+|[:=]\s*|\s+)"
    rf"({NUM})(?![\d%]|\.\d|\s*(?:lags?|months?|observations?|points?))",
    re.I,
)
# "the p-value of the ADF test is 0.03"
_P_BEFORE = re.compile(r"\bp[- ]?values?\s+(?:of|from|for|on)\s+(?:the\s+|my\s+|an?\s+)?$", re.I)
_P_BEFORE_VALUE = re.compile(
    rf"^\s*(?:test\s*)?(?:is|was|=|:|gives|gave|returns?|returned|came\s+out\s+at|comes\s+out\s+at)\s*({NUM})(?![\d%])",
    re.I,
)
_SENTENCE_END = re.compile(r"[.?!;](?=\s|$)|\n")


def _test_p_values(question: str) -> dict[str, set[float]]:
    """{'adf': {p, ...}, 'kpss': {...}}: the p-value written after each mention of a test, read up to the next
    mention of either test or the end of the sentence."""
    found: dict[str, set[float]] = {"adf": set(), "kpss": set()}
    mentions = list(_TEST_NAME.finditer(question))
    for i, m in enumerate(mentions):
        name = "adf" if m["adf"] else "kpss"
        stop = mentions[i + 1].start() if i + 1 < len(mentions) else len(question)
        window = question[m.end() : stop]
        end = _SENTENCE_END.search(window)
        window = window[: end.start()] if end else window
        window = window[:120]
        before = question[max(0, m.start() - 30) : m.start()]
        value = None
        if _P_BEFORE.search(before) and (b := _P_BEFORE_VALUE.match(window)):
            value = b[1]
        elif p := _P_AFTER.search(window):
            value = p[1]
        elif bare := _P_BARE.match(window):
            value = bare[1]
        if value is not None:
            found[name].add(to_float(value))
    return found


def _level(question: str) -> tuple[float, bool] | None:
    """The significance level the learner names ("alpha = 0.01", "at the 1% level") and True, or 0.05 and False when
    none is named; None when it is unclear or not a plausible test level."""
    levels = set()
    a = labelled(question, r"\balpha|α|significance(?:\s+level)?", sep=r"(?:of|=|:|is|at)?")
    if a is not None:
        levels.add(a)
    for m in re.findall(rf"\bat\s+(?:the\s+)?({NUM})\s*%\s*(?:significance\s+)?level", question, re.I):
        levels.add(to_float(m) / 100)
    for m in re.findall(rf"\bat\s+(?:the\s+)?({NUM})\s+(?:significance\s+)?level", question, re.I):
        levels.add(to_float(m))
    if not levels:
        return 0.05, False
    level = _one(levels)
    return (level, True) if level is not None and 0 < level <= 0.2 else None


def stationarity_tests(question: str) -> Worked | None:
    """ADF and/or KPSS p-values at a level (0.05 unless named): each test's verdict from its own null hypothesis
    (ADF: a unit root; KPSS: stationarity), and with both, the four-case reading of the pair. Nothing when a test
    has two different p-values (raw and differenced series, say) or a p-value outside [0, 1]."""
    found = _test_p_values(question)
    if not found["adf"] and not found["kpss"]:
        return None
    if len(found["adf"]) > 1 or len(found["kpss"]) > 1:
        return None
    adf, kpss = _one(found["adf"]), _one(found["kpss"])
    if any(p is not None and not 0 <= p <= 1 for p in (adf, kpss)):
        return None
    found_level = _level(question)
    if found_level is None:
        return None
    level, given = found_level
    named = "" if given else " (the usual level)"
    trend = bool(re.search(r"regression\s*=\s*['\"]?ct\b|\bwith\s+a\s+trend\s+term", question, re.I))
    steps = []
    adf_rejects = kpss_rejects = None
    if adf is not None:
        adf_rejects = adf < level
        verdict = (
            "rejects the unit root: evidence that the series is stationary"
            if adf_rejects
            else "cannot reject the unit root: treat the series as non-stationary (weak evidence, not proof of a unit "
            "root)"
        )
        steps.append(
            f"ADF (null hypothesis: a unit root, non-stationary): p = {fmt(adf)} {'<' if adf_rejects else '≥'} "
            f"{fmt(level)}{named}, so it {verdict}"
        )
    if kpss is not None:
        kpss_rejects = kpss < level
        around = "a trend" if trend else "a constant level"
        verdict = (
            "rejects stationarity: evidence that the series is non-stationary"
            if kpss_rejects
            else "cannot reject stationarity: consistent with a stationary series (weak evidence on its own)"
        )
        clipped = ""
        if kpss == 0.1:
            clipped = (
                " (if it comes from statsmodels, which clips the KPSS p-value to 0.01-0.1, it means 0.1 or larger)"
            )
        elif kpss == 0.01:
            clipped = (
                " (if it comes from statsmodels, which clips the KPSS p-value to 0.01-0.1, it means 0.01 or smaller)"
            )
        steps.append(
            f"KPSS (null hypothesis: stationary around {around}): p = {fmt(kpss)}{clipped} "
            f"{'<' if kpss_rejects else '≥'} {fmt(level)}{named if adf is None else ''}, so it {verdict}"
        )
    if adf is not None and kpss is not None:
        if adf_rejects and not kpss_rejects:
            verdict = "both point to a stationary series: model it without differencing" + (
                " (stationary around a trend, as this KPSS test allows one)" if trend else ""
            )
        elif not adf_rejects and kpss_rejects:
            verdict = "both point to a unit root: difference once and run both tests again on the differences"
        elif not adf_rejects:
            verdict = (
                "ADF sees a unit root while KPSS sees stationarity: commonly read as a trend-stationary series whose "
                "deterministic trend should be removed, or as a series too short for either test to decide"
            )
        else:
            verdict = (
                "ADF sees no unit root while KPSS sees non-stationarity: commonly read as a difference-stationary "
                "series, so differencing is the usual remedy"
            )
        steps.append(f"together: {verdict}")
        cue = r"Reading ADF and KPSS together gives four cases"
    elif adf is not None:
        steps.append(
            "on ADF alone: no differencing needed on this evidence; a KPSS test beside it makes the verdict more "
            "reliable"
            if adf_rejects
            else "on ADF alone: difference the series once and test the differences again; a KPSS test beside it "
            "makes the verdict more reliable"
        )
        cue = r"\*\*The ADF test\*\* has the null hypothesis"
    else:
        steps.append(
            "on KPSS alone: difference the series once and test the differences again; an ADF test beside it makes "
            "the verdict more reliable"
            if kpss_rejects
            else "on KPSS alone: no evidence against stationarity; an ADF test beside it makes the verdict more "
            "reliable"
        )
        cue = r"\*\*The KPSS test\*\* has the null hypothesis"
    note = (
        "The two tests put stationarity on opposite sides of the null: a small p-value argues for stationarity in "
        "the ADF test but against it in the KPSS test, and a large p-value in either only fails to reject its null."
    )
    return Worked("stationarity_tests", "c-stationarity-tests", cue, tuple(steps), note)


# --- gradient clipping by norm and by value (s3-sequence-models) --------------------------------------------

_TUPLE = re.compile(rf"(?<![\w)\]])\(\s*({PLAIN}(?:\s*,\s*{PLAIN})+)\s*\)")
_MAX_NORM = [
    rf"\bmax[_ ]norm\s*(?:=|:|of|is)?\s*({SCI})",
    rf"clip_grad_norm_?\s*\(\s*(?:[^,()]|\([^()]*\))*,\s*({SCI})\s*\)",
    rf"clip_grad_norm_?\s+(?:with\s+|at\s+|of\s+|to\s+)(?:a\s+)?(?:threshold\s+|limit\s+|max\s+)?(?:of\s+)?({SCI})",
    rf"(?:clip|cap|limit)\w*\s+(?:the\s+)?(?:total\s+)?(?:gradient\s+|grad\s+)?norms?\s+(?:at|to|of)\s+({SCI})",
    rf"\bnorm\s+(?:threshold|limit|cap)\s*(?:of|=|:|at|is)?\s*({SCI})",
]
_CLIP_VALUE = [
    rf"\bclip_value\s*(?:=|:|of|is)?\s*({SCI})",
    rf"clip_grad_value_?\s*\(\s*(?:[^,()]|\([^()]*\))*,\s*({SCI})\s*\)",
    rf"clip_grad_value_?\s+(?:with\s+|at\s+|of\s+|to\s+)(?:a\s+)?(?:threshold\s+|limit\s+)?(?:of\s+)?({SCI})",
    rf"(?:clip|cap)\w*\s+(?:each\s+(?:element|component|entry)|(?:the\s+)?(?:gradient\s+)?(?:by\s+)?values?)\s+"
    rf"(?:at|to)\s+±?\s*({SCI})",
    rf"\bby\s+value\s+(?:at|to|of)\s+±?\s*({SCI})",
]


def _thresholds(question: str, patterns: list[str]) -> set[float]:
    return {_sci(v) for p in patterns for v in re.findall(p, question, re.I)}


def grad_clipping(question: str) -> Worked | None:
    """A gradient vector (or its norm) and a threshold: clip_grad_norm_ scales every component by max_norm / ‖g‖
    when ‖g‖ exceeds max_norm, keeping the direction; clip_grad_value_ caps each component to [-c, c], which can
    turn the direction. Nothing without a threshold, with two vectors or two thresholds for one method, or when the
    gradient is split over layers or a bias (clip_grad_norm_'s norm covers them all together)."""
    if not re.search(r"\bclip|max[_ ]norm|\bby\s+(?:the\s+)?norm\b", question, re.I) or not re.search(
        r"grad|norm", question, re.I
    ):
        return None
    max_norms = _thresholds(question, _MAX_NORM)
    clip_values = _thresholds(question, _CLIP_VALUE)
    # one limit for both methods: "a limit of 5 gives ... by norm and ... by value"
    shared = {_sci(v) for v in re.findall(rf"\b(?:limit|threshold|cap)\s+(?:of\s+)?±?\s*({SCI})", question, re.I)}
    by_norm = bool(re.search(r"by\s+(?:the\s+)?norm|clip_grad_norm|max[_ ]norm", question, re.I))
    by_value = bool(re.search(r"by\s+value|clip_grad_value|clip_value", question, re.I))
    if not max_norms and by_norm and len(shared) == 1:
        max_norms = set(shared)
    if not clip_values and by_value and len(shared) == 1:
        clip_values = set(shared)
    if len(max_norms) > 1 or len(clip_values) > 1 or not (max_norms or clip_values):
        return None
    max_norm, clip_value = _one(max_norms), _one(clip_values)
    if (max_norm is not None and max_norm <= 0) or (clip_value is not None and clip_value <= 0):
        return None
    if max_norm is not None and re.search(
        r"\bbias|\blayers?\s*\d|\beach\s+layer|per[- ](?:layer|parameter)", question, re.I
    ):
        return None  # clip_grad_norm_ takes one norm over every parameter's gradient: one vector must be all of it
    vectors = {tuple(to_float(x) for x in re.split(r"\s*,\s*", m)) for m in _TUPLE.findall(question)}
    for _, text in bracketed(question):
        v = literal(text)
        if v is not None and shape_of(v) is not None and len(shape_of(v) or ()) == 1:
            vectors.add(tuple(v))
    vectors = {v for v in vectors if 2 <= len(v) <= 12}
    steps = []
    if len(vectors) > 1:
        return None
    if vectors:
        g = list(vectors.pop())
        norm = math.sqrt(sum(x * x for x in g))
        squares = " + ".join(f"{factor(x)}²" for x in g)
        steps.append(f"‖g‖ = √({squares}) = √{fmt(norm * norm)} = {fmt(norm)}")
    else:
        if max_norm is None or clip_value is not None:
            return None  # clipping by value needs the components
        total = labelled(
            question, r"(?:gradient|grad|total)\s+norm|(?<!max )\bnorm", sep=r"(?:of|=|:|is)?", number=SCI, cast=_sci
        )
        if total is None or total <= 0:
            return None
        g, norm = [], total
        steps.append(f"the gradient's norm ‖g‖ = {fmt(norm)}")
    if norm == 0:
        return None
    if max_norm is not None:
        if norm > max_norm:
            scale = max_norm / norm
            scaled = f": {vec([x * scale for x in g])}, with norm {fmt(max_norm)} and the same direction" if g else ""
            steps.append(
                f"clip_grad_norm_ (max_norm = {fmt(max_norm)}): {fmt(norm)} > {fmt(max_norm)}, so every component is "
                f"multiplied by {fmt(max_norm)} / {fmt(norm)} = {fmt(scale)}{scaled}"
            )
        else:
            steps.append(
                f"clip_grad_norm_ (max_norm = {fmt(max_norm)}): {fmt(norm)} ≤ {fmt(max_norm)}, so the gradient is "
                "left unchanged"
            )
    if clip_value is not None:
        capped = [max(-clip_value, min(clip_value, x)) for x in g]
        if capped == g:
            steps.append(
                f"clip_grad_value_ (clip_value = {fmt(clip_value)}): every component is already within "
                f"±{fmt(clip_value)}, so nothing changes"
            )
        else:
            new_norm = math.sqrt(sum(x * x for x in capped))
            cos = sum(a * b for a, b in zip(g, capped, strict=True)) / (norm * new_norm)
            angle = math.degrees(math.acos(max(-1.0, min(1.0, cos))))
            steps.append(
                f"clip_grad_value_ (clip_value = {fmt(clip_value)}): each component capped to "
                f"[-{fmt(clip_value)}, {fmt(clip_value)}]: {vec(capped)}, with norm {fmt(new_norm)}; its direction "
                f"turns by {fmt(angle, 1)}° (cosine with the original {fmt(cos)})"
            )
    note = (
        "Clipping by norm rescales the whole gradient and keeps its direction, while clipping by value caps each "
        "component separately and can change the direction. PyTorch's clip_grad_norm_ takes one norm over all the "
        "parameters' gradients together (and divides by that norm plus 1e-6)."
    )
    return Worked(
        "grad_clipping", "s3-sequence-models", r"`clip_grad_norm_` rescales all gradients together", tuple(steps), note
    )


# --- step decay and cosine annealing at an epoch (c-learning-rate-schedules) --------------------------------

_LR0 = (
    r"(?:initial|base|starting|start|peak|max(?:imum)?)\s+(?:learning rate|lr)|(?:learning rate|\blr)\s+(?:starts?|"
    r"begins?)\s+(?:at|from)|(?:learning rate|\blr)\b(?:\s+of)?|\bstarts?\s+(?:at|from)|\bbegins?\s+at|\bbase_lr"
)
_EPOCH_LIST = r"(\d+(?:\s*(?:,|and|or|,\s*and)\s*\d+)*)(?!\d)"
_UNITS = r"(?:epochs?|steps?|iterations?)"


def _asked_steps(question: str) -> list[tuple[str, int]] | None:
    """What the learner asks for, each as (label, scheduler steps done): "at epoch 75" (counting epochs from 1, the
    75th epoch trains after 74 steps; from 0 when an epoch 0 is named), "after 40 epochs" (40 steps), "at step 250"
    (250 steps)."""
    asked: list[tuple[str, int]] = []
    epochs = [
        int(x)
        for span in re.findall(rf"\bepochs?\s+{_EPOCH_LIST}(?!\s*(?:-|to|through)\s*\d)", question, re.I)
        for x in re.findall(r"\d+", span)
    ]
    zero_based = 0 in epochs
    for e in epochs:
        label = f"epoch {e}" + (" (counting from 0)" if zero_based else "")
        asked.append((label, e if zero_based else e - 1))
    for span, unit in re.findall(rf"\bafter\s+{_EPOCH_LIST}\s+({_UNITS})", question, re.I):
        for x in re.findall(r"\d+", span):
            asked.append((f"after {x} {unit.rstrip('s')}{'s' if int(x) != 1 else ''}", int(x)))
    for span in re.findall(rf"\bat\s+(?:the\s+)?(?:step|iteration)s?\s+{_EPOCH_LIST}", question, re.I):
        for x in re.findall(r"\d+", span):
            asked.append((f"after {x} steps", int(x)))
    seen, out = set(), []
    for label, t in asked:
        if t not in seen and t >= 0:
            seen.add(t)
            out.append((label, t))
    return out if 1 <= len(out) <= 6 else None


def _step_gamma(question: str) -> float | None:
    """The factor a step schedule multiplies the learning rate by: "gamma = 0.5", "divided by 10", "halved",
    "multiplied by 0.1", "cut by 50%"."""
    found: set[float] = set()
    g = labelled(question, r"\bgamma|γ", sep=r"(?:=|:|of|is)?")
    if g is not None:
        found.add(g)
    verb = r"(?:it\s+|the\s+(?:learning rate|lr)\s+)?"
    for x in re.findall(
        rf"\b(?:divid|cut|reduc|drop|decreas|lower)\w*\s+{verb}by\s+(?:a\s+factor\s+(?:of\s+)?)?({NUM})\s*[x×]?(?!\s*%|[\d.])",
        question,
        re.I,
    ):
        found.add(1 / to_float(x) if to_float(x) > 1 else -1.0)
    for x in re.findall(
        rf"\b(?:multipl|scal)\w*\s+{verb}by\s+(?:a\s+factor\s+(?:of\s+)?)?({NUM})(?!\s*%|[\d.])", question, re.I
    ):
        found.add(to_float(x) if to_float(x) < 1 else -1.0)
    for x in re.findall(
        rf"\bdecay\w*\s+{verb}by\s+(?:a\s+factor\s+(?:of\s+)?)?({NUM})\s*[x×]?(?!\s*%|[\d.])", question, re.I
    ):
        v = to_float(x)
        found.add(v if v < 1 else 1 / v if v > 1 else -1.0)
    for x in re.findall(rf"\b(?:cut|reduc|drop|decreas|decay|lower)\w*\s+{verb}by\s+({NUM})\s*%", question, re.I):
        found.add(1 - to_float(x) / 100)
    if re.search(r"\bhalv(?:e|es|ed|ing)\b", question, re.I):
        found.add(0.5)
    value = _one(found)
    return value if value is not None and 0 < value < 1 else None


def _step_decay(question: str, lr0: float, asked: list[tuple[str, int]]) -> list[str] | None:
    gamma = _step_gamma(question)
    sizes = {int(x) for x in re.findall(r"\bstep_size\s*=\s*(\d+)", question)}
    sizes |= {int(x) for x in re.findall(r"\bevery\s+(\d+)\s+epochs\b", question, re.I)}
    milestones = re.search(r"\bmilestones\s*=\s*\[\s*(\d+(?:\s*,\s*\d+)*)\s*\]", question)
    if gamma is None or (milestones is not None) == bool(sizes) or len(sizes) > 1:
        return None  # one rule: a step size or milestones
    if milestones:
        marks = sorted({int(x) for x in re.findall(r"\d+", milestones[1])})
        what = "milestones passed"
        rule = (
            f"MultiStepLR (milestones = {marks}, gamma = {fmt(gamma)}): lr = {fmt(lr0)} × {fmt(gamma)}^(milestones "
            "passed)"
        )
    else:
        size = sizes.pop()
        if size <= 0:
            return None
        top = max(t for _, t in asked)
        marks = [size * k for k in range(1, min(top // size, 5) + 1)]
        what = f"⌊t / {size}⌋"
        rule = (
            f"step decay (step_size = {size}, gamma = {fmt(gamma)}): after t scheduler steps lr = {fmt(lr0)} × "
            f"{fmt(gamma)}^⌊t / {size}⌋"
        )

    def drops(t: int) -> int:
        return sum(1 for m in marks if t >= m) if milestones else t // size

    bounds = [0, *marks]
    blocks = [
        f"epochs {lo + 1}-{hi}: {fmt(lr0 * gamma**k)}"
        for k, (lo, hi) in enumerate(zip(bounds, bounds[1:], strict=False))
    ]
    if milestones:
        blocks.append(f"from epoch {bounds[-1] + 1}: {fmt(lr0 * gamma ** len(marks))}")
    else:
        k = len(marks)
        blocks.append(f"epochs {k * size + 1}-{(k + 1) * size}: {fmt(lr0 * gamma**k)}, and so on")
    steps = [rule, "stepped once per epoch: " + "; ".join(blocks)]
    for label, t in asked:
        n = drops(t)
        line = f"{label} (after {t} steps, {what} = {n}): {fmt(lr0)} × {fmt(gamma)}^{n} = {fmt(lr0 * gamma**n)}"
        if label.startswith("epoch") and "from 0" not in label and drops(t + 1) != n:
            later = lr0 * gamma ** drops(t + 1)
            line += f"; if you count epochs from 0, epoch {t + 1} comes after {t + 1} steps: {fmt(later)}"
        steps.append(line)
    return steps


def _cosine(question: str, lr0: float | None, asked: list[tuple[str, int]]) -> list[str] | None:
    span = re.search(rf"\bfrom\s+({SCI})\s+(?:down\s+)?to\s+({SCI}|zero)\b", question, re.I)
    if span:
        top = _sci(span[1])
        if lr0 is not None and lr0 != top:
            return None
        lr0 = top
    if lr0 is None:
        return None
    mins = {_sci(x) for x in re.findall(rf"\beta_min\s*=\s*({SCI})", question)}
    mins |= {
        _sci(x)
        for x in re.findall(
            rf"\b(?:min(?:imum)?(?:\s+(?:learning rate|lr))?|floor|lr_min|min_lr)\s*(?:of|=|:|is)?\s*({SCI})",
            question,
            re.I,
        )
    }
    if span:
        mins.add(0.0 if span[2].lower() == "zero" else _sci(span[2]))
    elif re.search(r"\bto\s+(?:0|zero)\b", question, re.I):
        mins.add(0.0)
    default = ""
    if not mins and re.search(r"CosineAnnealingLR", question):
        mins, default = {0.0}, " (PyTorch's default)"
    eta_min = _one(mins)
    t_maxes = {int(x) for x in re.findall(r"\bT_max\s*=\s*(\d+)", question)}
    if not t_maxes:
        t_maxes = {int(x) for x in re.findall(rf"\b(?:over|across)\s+(?:the\s+)?(\d+)\s+{_UNITS}", question, re.I)}
    if not t_maxes:
        t_maxes = {int(x) for x in re.findall(r"\bfor\s+(\d+)\s+epochs", question, re.I)}
    t_max = next(iter(t_maxes)) if len(t_maxes) == 1 else None
    if eta_min is None or t_max is None or t_max <= 0 or not 0 <= eta_min < lr0:
        return None
    inside = [(label, t) for label, t in asked if t <= t_max]
    if not inside:
        return None
    steps = [
        f"cosine annealing (T_max = {t_max}, from {fmt(lr0)} to eta_min = {fmt(eta_min)}{default}): after t scheduler "
        f"steps lr = eta_min + (lr0 - eta_min) × (1 + cos(π t / T_max)) / 2"
    ]

    def at(t: int) -> float:
        return eta_min + (lr0 - eta_min) * (1 + math.cos(math.pi * t / t_max)) / 2

    for label, t in inside:
        c = math.cos(math.pi * t / t_max)
        when = "" if label.startswith("after") else f" (after {t} steps)"
        line = (
            f"{label}{when}: {fmt(eta_min)} + {fmt(lr0 - eta_min)} × (1 + cos(π × {t} / {t_max})) / 2 = "
            f"{fmt(eta_min)} + {fmt(lr0 - eta_min)} × (1 + {factor(round(c, 4))}) / 2 = {fmt(at(t))}"
        )
        if label.startswith("epoch") and "from 0" not in label and t + 1 <= t_max:
            line += f" (if you count epochs from 0, epoch {t + 1} comes after {t + 1} steps: {fmt(at(t + 1))})"
        steps.append(line)
    steps.append(f"halfway (t = {fmt(t_max / 2)}) it is (lr0 + eta_min) / 2 = {fmt((lr0 + eta_min) / 2)}")
    if len(inside) < len(asked):
        steps.append(
            f"past T_max = {t_max} steps PyTorch's CosineAnnealingLR climbs back up, so later values are not shown"
        )
    return steps


def lr_decay(question: str) -> Worked | None:
    """The learning rate at the epochs (or steps) asked under step decay (StepLR, MultiStepLR milestones, "divided by
    10 every 30 epochs") or cosine annealing (T_max, eta_min), one scheduler step per epoch: epoch k trains with the
    rate after k - 1 steps. Nothing with a warmup in front (the offset is not worked) or a number missing."""
    cut = r"(?:divid|cut|reduc|drop|decay|halv|multipl|lower|decreas|scal)\w*"
    step_named = re.search(
        rf"\b(?:Multi)?StepLR\b|step[- ]decay|\bmilestones\s*=|{cut}[^.?!]{{0,60}}?\bevery\s+\d+\s+epochs\b"
        rf"|\bevery\s+\d+\s+epochs\b[^.?!]{{0,40}}?{cut}",
        question,
        re.I,
    )
    cosine_named = re.search(
        r"CosineAnnealing|cosine[- ](?:anneal\w*|decay\w*|schedul\w*|learning[- ]rate|lr)|cosine\s+(?:lr|learning)",
        question,
        re.I,
    )
    if not (step_named or cosine_named) or re.search(r"warm[- ]?up|OneCycle|ReduceLROnPlateau|restart", question, re.I):
        return None
    if step_named and cosine_named:
        return None  # which rule governs which epoch is not clear
    asked = _asked_steps(question)
    if asked is None:
        return None
    lr0 = labelled(question, _LR0, sep=r"(?:=|:|is|of)?", number=SCI, cast=_sci)
    if step_named:
        if lr0 is None or lr0 <= 0:
            return None
        steps = _step_decay(question, lr0, asked)
        cue = r"\*\*Step decay\*\* cuts the learning rate by a factor at fixed epochs"
        note = (
            "Step decay holds the rate constant between drops; with the scheduler stepped once per epoch after the "
            "optimizer's steps, epoch k trains with the rate after k - 1 steps."
        )
    else:
        steps = _cosine(question, lr0, asked)
        cue = r"\*\*Cosine annealing\*\* lowers the learning rate along half a cosine curve"
        note = (
            "Cosine annealing falls slowly at first, fastest in the middle and slowly at the end; with the scheduler "
            "stepped once per epoch, epoch k trains with the rate after k - 1 steps, and T_max must count the same "
            "unit the scheduler is stepped in."
        )
    if not steps:
        return None
    return Worked("lr_decay", "c-learning-rate-schedules", cue, tuple(steps), note)


# --- multinomial naive Bayes on a few labelled messages (c-naive-bayes) -------------------------------------

_QUOTE = re.compile(r'"([^"\n]{1,200})"')
_SINGLE = re.compile(r"(?<![\w])'([^'\n]{1,200}?)'(?![\w])")
_GAP = re.compile(r"^\s*(?:,|;|&|/|\+|\band\b|,\s*and\b)?\s*$", re.I)
_LABEL_AFTER = re.compile(
    r"^\s*(?:\(\s*(?:(?:label(?:led)?|class)\s*[:=]?\s*)?([A-Za-z][\w-]*)\s*\)"
    r"|(?:(?:are|is|were|was)\s+(?:both\s+|all\s+)?)?(?:labell?ed|tagged|marked|classed)\s+(?:as\s+)?([A-Za-z][\w-]*)"
    r"|(?:->|→|=>|:|=|-|—)\s*([A-Za-z][\w-]*))",
    re.I,
)
_NOUNS = (
    r"(?:messages?|e-?mails?|mails?|docs?|documents?|reviews?|texts?|examples?|sentences?|tweets?|comments?|class|"
    r"samples?)"
)
_LABEL_BEFORE = re.compile(
    rf"(?:^|[\s(,;:.])([A-Za-z][\w-]*)\s*{_NOUNS}?\s*(?:\(\s*\d+\s*\))?\s*(?:are|were|is|was|:|=|-|—|->)?\s*(?:the\s+)?$",
    re.I,
)
_QUERY_BEFORE = re.compile(
    r"(?:classif\w*|predict\w*|categori[sz]e|\bnew\b|unseen|incoming|\btest\b|label\s+(?:for|of)|posterior|"
    r"which\s+class|what\s+(?:class|label))[^\"']{0,40}$",
    re.I,
)
_NOT_LABELS = {
    "messages", "message", "and", "the", "training", "train", "documents", "document", "docs", "doc", "data", "with",
    "are", "is", "was", "were", "emails", "email", "texts", "text", "examples", "example", "corpus", "set", "new",
    "labelled", "labeled", "class", "classes", "of", "as", "from", "in", "to", "a", "an", "bayes", "naive", "words",
    "word", "reviews", "review", "sentences", "sentence", "on", "for", "by", "each", "two", "three", "four", "five",
}  # fmt: skip


def _labelled_messages(question: str) -> tuple[list[tuple[str, str]], str] | None:
    """[(class, text), ...] of the training messages and the one message to classify, from quoted texts grouped by
    a label before them ('spam: "a", "b"') or after them ('"a" and "b" labelled spam', '"a" (spam)')."""
    quotes = [(m.start(), m.end(), m[1]) for m in _QUOTE.finditer(question)]
    if len(quotes) < 3:
        quotes = [(m.start(), m.end(), m[1]) for m in _SINGLE.finditer(question)]
    if len(quotes) < 3 or len(quotes) > 30:
        return None
    query = []
    for i, (start, end, _) in enumerate(quotes):
        before = question[quotes[i - 1][1] if i else max(0, start - 60) : start][-60:]
        after = question[end : quotes[i + 1][0] if i + 1 < len(quotes) else len(question)]
        if _QUERY_BEFORE.search(before) and not _LABEL_AFTER.match(after):
            query.append(i)
    if len(query) != 1:
        return None
    q = query[0]
    groups: list[list[int]] = []
    for i in range(len(quotes)):
        if i == q:
            continue
        if groups and groups[-1][-1] == i - 1 and _GAP.match(question[quotes[i - 1][1] : quotes[i][0]]):
            groups[-1].append(i)
        else:
            groups.append([i])
    training: list[tuple[str, str]] = []
    for group in groups:
        first, last = group[0], group[-1]
        after = question[quotes[last][1] : quotes[last + 1][0] if last + 1 < len(quotes) else len(question)]
        label = None
        if m := _LABEL_AFTER.match(after):
            label = next(x for x in m.groups() if x)
        else:
            before = question[quotes[first - 1][1] if first else 0 : quotes[first][0]][-50:]
            if m := _LABEL_BEFORE.search(before):
                label = m[1]
        if label is None or label.lower() in _NOT_LABELS:
            return None
        training += [(label.lower(), quotes[i][2]) for i in group]
    classes = {c for c, _ in training}
    if not 2 <= len(classes) <= 5:
        return None
    return training, quotes[q][2]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower())


def naive_bayes(question: str) -> Worked | None:
    """Labelled training messages and one message to classify: priors from message counts, multinomial P(w|c) with
    Laplace (add-one) smoothing unless the learner sets alpha or asks for none, words outside the training
    vocabulary dropped, each class's score, the posterior and the predicted class. Nothing for Bernoulli or Gaussian
    naive Bayes, or when any message's class is unclear."""
    if not re.search(r"naive[- ]?bayes|MultinomialNB", question, re.I) or re.search(
        r"bernoulli|gaussian|complement", question, re.I
    ):
        return None
    parsed = _labelled_messages(question)
    if parsed is None:
        return None
    training, query = parsed
    if re.search(r"\b(?:no|without)\s+(?:laplace\s+|add-one\s+)?smoothing|unsmoothed", question, re.I):
        alpha = 0.0
    else:
        a = labelled(question, r"\balpha|α", sep=r"(?:=|:|is|of)")
        alpha = 1.0 if a is None else a
    if alpha < 0:
        return None
    classes = sorted({c for c, _ in training}, key=[c for c, _ in training].index)
    docs = {c: [_words(t) for k, t in training if k == c] for c in classes}
    vocab = sorted({w for ds in docs.values() for d in ds for w in d})
    totals = {c: sum(len(d) for d in docs[c]) for c in classes}
    counts = {c: {w: sum(d.count(w) for d in docs[c]) for w in vocab} for c in classes}
    n_docs = len(training)
    words = _words(query)
    kept = [w for w in words if w in vocab]
    dropped = sorted(set(words) - set(vocab), key=words.index)
    if not words:
        return None
    steps = [
        "priors (share of training messages): "
        + ", ".join(f"P({c}) = {len(docs[c])}/{n_docs} = {fmt(len(docs[c]) / n_docs)}" for c in classes),
        "words per class: "
        + ", ".join(f"{c} {totals[c]}" for c in classes)
        + f"; vocabulary |V| = {len(vocab)} distinct training words",
    ]
    if any(len(w) == 1 for w in vocab):
        steps.append(
            "every word is counted, one-letter words too (scikit-learn's CountVectorizer drops one-letter words by "
            "default, so its counts would differ)"
        )
    if dropped:
        names = ", ".join(f"'{w}'" for w in dropped)
        steps.append(f"{names} {'is' if len(dropped) == 1 else 'are'} outside the training vocabulary, so ignored")
    distinct = sorted(set(kept), key=kept.index)
    scores = {}
    for c in classes:
        den = totals[c] + alpha * len(vocab)
        if den == 0:
            return None
        parts, score = [], len(docs[c]) / n_docs
        for w in distinct:
            p = (counts[c][w] + alpha) / den
            n = kept.count(w)
            score *= p**n
            power = f", used {n} times" if n > 1 else ""
            if alpha:
                ratio = f"({counts[c][w]} + {fmt(alpha)}) / ({totals[c]} + {fmt(alpha * len(vocab))})"
            else:
                ratio = f"{counts[c][w]} / {totals[c]}"
            parts.append(f"P({w}|{c}) = {ratio} = {fmt(p)}{power}")
        scores[c] = score
        if parts:
            steps.append("; ".join(parts))
    for c in classes:
        factors = [fmt(len(docs[c]) / n_docs)]
        den = totals[c] + alpha * len(vocab)
        for w in kept:
            factors.append(fmt((counts[c][w] + alpha) / den))
        steps.append(f"score({c}) = {' × '.join(factors)} = {fmt(scores[c])}")
    total = sum(scores.values())
    if total > 0:
        steps.append(
            "posterior = score / sum of scores: "
            + ", ".join(f"P({c}|message) = {fmt(scores[c])} / {fmt(total)} = {fmt(scores[c] / total)}" for c in classes)
        )
        logs = ", ".join(f"{c} {fmt(math.log(scores[c]), 2)}" if scores[c] > 0 else f"{c} -∞" for c in classes)
        steps.append(f"log scores (the same ranking, without underflow): {logs}")
    best = max(scores.values())
    winners = [c for c in classes if scores[c] == best]
    steps.append(f"prediction: {winners[0]}" if len(winners) == 1 else f"a tie between {' and '.join(winners)}")
    smoothing = (
        f"Laplace smoothing (alpha = {fmt(alpha)}) keeps a word never seen with a class from zeroing that class's score"
        if alpha
        else "Without smoothing, a word never seen with a class gives P(w|c) = 0 and vetoes that class"
    )
    note = (
        f"{smoothing}. Naive Bayes counts correlated words as separate evidence, so its probabilities run toward 0 "
        "and 1; the predicted class is more trustworthy than the probability."
    )
    cue = (
        r"Laplace \(add-one\) smoothing estimates the multinomial"
        if alpha
        else r"naive Bayes predicts the class c that maximizes"
    )
    return Worked("naive_bayes", "c-naive-bayes", cue, tuple(steps), note)


# --- max and average pooling of a small feature map (c-pooling) ---------------------------------------------

_KERNEL = [
    r"(\d+)\s*[x×]\s*\d+\s*(?:max|average|avg|mean)?[- ]?pool",
    r"(\d+)\s*[x×]\s*\d+\s+(?:window|kernel|pooling\s+window)",
    r"(?:window|kernel|pool)(?:[_ ]size)?\s*(?:of|=|:|is)?\s*(?:size\s+)?(\d+)\b",
    r"(?:Max|Avg)Pool2d\(\s*(?:kernel_size\s*=\s*)?(\d+)",
    r"\bkernel_size\s*=\s*(\d+)",
]


def _feature_map(question: str) -> list[list[float]] | None:
    """The one 2-D feature map: a nested list, or rows written as separate lists after the word "rows"."""
    maps, rows = [], []
    for _, text in bracketed(question):
        v = literal(text)
        shape = shape_of(v) if v is not None else None
        if shape and len(shape) == 2:
            maps.append(v)
        elif shape and len(shape) == 1:
            rows.append(v)
        elif v is not None:
            return None
    if rows and re.search(r"\brows?\b", question, re.I) and len(rows) >= 2 and len({len(r) for r in rows}) == 1:
        maps.append(rows)
    elif rows and maps:
        return None
    return maps[0] if len(maps) == 1 else None


def pooling_grid(question: str) -> Worked | None:
    """A small single-channel feature map and a pooling window: the output size floor((H - k) / s) + 1 (stride = the
    window unless named, as in PyTorch), each window's max and/or mean as named, and global average pooling when
    asked. Nothing with padding, a non-square window or two candidate maps."""
    is_max = bool(re.search(r"max[- ]?pool|MaxPool2d", question, re.I))
    is_avg = bool(re.search(r"(?<!global )(?:average|avg|mean)[- ]?pool|AvgPool2d(?!\w)", question, re.I))
    is_global = bool(
        re.search(r"global\s+(?:average|avg|mean)[- ]?pool|AdaptiveAvgPool2d\(\s*1\s*\)|\bGAP\b", question, re.I)
    )
    if not (is_max or is_avg or is_global):
        return None
    if re.search(r"\bpadding\s*=\s*[1-9]|\bpad(?:ding|ded)?\s+(?:of\s+)?[1-9]", question, re.I) or re.search(
        r"\bconv", question, re.I
    ):
        return None
    grid = _feature_map(question)
    if grid is None:
        return None
    h, w = len(grid), len(grid[0])
    if not (2 <= h <= 16 and 2 <= w <= 16):
        return None
    steps = []
    cue = ""
    if is_max or is_avg:
        kernels = {int(k) for p in _KERNEL for k in re.findall(p, question, re.I)}
        for a, b in re.findall(
            r"(\d+)\s*[x×]\s*(\d+)\s*(?:max|average|avg|mean)?[- ]?(?:pool|window|kernel)", question, re.I
        ):
            if a != b:
                return None
        strides = {int(s) for s in re.findall(r"\bstride\s*(?:=|of|:|is)?\s*(\d+)", question, re.I)}
        if len(kernels) != 1 or len(strides) > 1:
            return None
        stride_note = "" if strides else " (the stride defaults to the window size)"
        k = kernels.pop()
        s = strides.pop() if strides else k
        if not (1 < k <= min(h, w)) or s < 1:
            return None
        oh, ow = (h - k) // s + 1, (w - k) // s + 1
        steps.append(
            f"output size: floor(({h} - {k}) / {s}) + 1 = {oh} rows, floor(({w} - {k}) / {s}) + 1 = {ow} columns"
            f"{stride_note}"
        )
        if (h - k) % s or (w - k) % s:
            steps.append("the last rows or columns that do not fill a whole window are dropped (PyTorch rounds down)")
        windows = [
            [[grid[i * s + a][j * s + b] for a in range(k) for b in range(k)] for j in range(ow)] for i in range(oh)
        ]
        ops = ([("max", max, r"Max pooling takes the maximum value in each window")] if is_max else []) + (
            [("average", lambda xs: sum(xs) / len(xs), r"Average pooling replaces each window with its mean")]
            if is_avg
            else []
        )
        for name, op, op_cue in ops:
            cue = cue or op_cue
            result = [[op(win) for win in row] for row in windows]
            if oh * ow <= 9:
                detail = "; ".join(
                    f"rows {i * s + 1}-{i * s + k}, columns {j * s + 1}-{j * s + k}: "
                    + (
                        f"max({', '.join(fmt(x) for x in windows[i][j])})"
                        if name == "max"
                        else f"({' + '.join(fmt(x) for x in windows[i][j])}) / {k * k}"
                    )
                    + f" = {fmt(result[i][j])}"
                    for i in range(oh)
                    for j in range(ow)
                )
                steps.append(f"{k}x{k} {name} pooling, stride {s}: {detail}")
            steps.append(f"{name} pooling output: [{', '.join(vec(row) for row in result)}]")
    if is_global:
        total = sum(sum(row) for row in grid)
        steps.append(
            f"global average pooling: the sum of all {h * w} values {fmt(total)} / {h * w} = {fmt(total / (h * w))}"
        )
        cue = cue or r"Global average pooling averages each channel over its whole height and width"
    note = (
        "Pooling learns no parameters and acts on each channel separately. In the backward pass max pooling sends "
        "each window's gradient only to the position of its maximum, while average pooling spreads it equally."
    )
    return Worked("pooling_grid", "c-pooling", cue, tuple(steps), note)


# --- Holt and damped-trend forecasts from the last level and slope (c-exponential-smoothing) -----------------

_PERIOD = r"(?:steps?|periods?|months?|weeks?|days?|quarters?|years?|hours?)"


def _horizons(question: str) -> list[int] | None:
    hs: set[int] = set()
    for a, b in re.findall(r"\bh\s*=\s*(\d+)\s*(?:to|through|-|\.\.)\s*(\d+)", question, re.I):
        hs |= set(range(int(a), int(b) + 1))
    for a, b in re.findall(rf"\b(\d+)\s*(?:to|-)\s*(\d+)\s+{_PERIOD}\s+ahead", question, re.I):
        hs |= set(range(int(a), int(b) + 1))
    if not hs:
        for span in re.findall(r"\bh\s*=\s*(\d+(?:\s*(?:,|and|or|,\s*and)\s*\d+)*)", question, re.I):
            hs |= {int(x) for x in re.findall(r"\d+", span)}
        for span in re.findall(rf"\b(\d+(?:\s*(?:,|and|or|,\s*and)\s*\d+)*)\s+{_PERIOD}\s+ahead", question, re.I):
            hs |= {int(x) for x in re.findall(r"\d+", span)}
        for x in re.findall(rf"\b(\d+)[- ]{_PERIOD}[- ]ahead", question, re.I):
            hs.add(int(x))
        words = "|".join(WORDS)
        for x in re.findall(rf"\bnext\s+(\d+|{words})\s+{_PERIOD}", question, re.I):
            hs |= set(range(1, (int(x) if x.isdigit() else WORDS[x.lower()]) + 1))
    hs = {h for h in hs if h >= 1}
    if not hs or max(hs) > 120 or len(hs) > 12:
        return None
    return sorted(hs)


def holt_forecast(question: str) -> Worked | None:
    """The last level l and slope b of Holt's method and the horizons asked: l + h b, and with a damped trend (phi)
    l + (phi + phi² + ... + phi^h) b, levelling off at l + phi b / (1 - phi). Nothing when a series or smoothing
    parameters are given (that is the smoothing itself, worked elsewhere), for an initial level, or for a seasonal
    (Holt-Winters) model."""
    damped = bool(re.search(r"\bdamp(?:ed|ing)\b|damped_trend", question, re.I))
    if not (re.search(r"\bholt\b", question, re.I) or damped):
        return None
    if re.search(r"winters|seasonal|\binitial\s+(?:level|trend|slope)|\bl_?[01]\b|\bb_?[01]\b", question, re.I):
        return None
    if labelled(question, r"\balpha|α|\bbeta|β", sep=r"(?:=|:|is|of)?") is not None or re.search(
        r"\b(?:alpha|beta)\s*=", question, re.I
    ):
        return None
    rest = re.sub(
        rf"\bh\s*=\s*[\d\s,]+(?:(?:and|or|to|through)\s*\d+)?|[\d\s,]+(?:(?:and|or|to)\s*\d+\s+)?{_PERIOD}\s+ahead",
        " ",
        question,
        flags=re.I,
    )
    if prose_lists(rest) or any(literal(t) is not None for _, t in bracketed(question)):
        return None  # a series: the smoothing itself, worked by exp_smoothing
    level = labelled(
        question, r"(?:current |last |final |latest )?level(?:\s+l_?t)?|\bl_?[tT]\b|ℓ_?t", sep=r"(?:=|:|is|of|at)?"
    )
    slope = labelled(
        question, r"(?:current |last |final |latest )?(?:trend|slope)(?:\s+b_?t)?|\bb_?[tT]\b", sep=r"(?:=|:|is|of|at)?"
    )
    phi = labelled(question, r"\bphi|φ|damping(?:\s+(?:factor|parameter))?", sep=r"(?:=|:|is|of)?")
    hs = _horizons(question)
    if level is None or slope is None or hs is None:
        return None
    if damped and (phi is None or not 0 < phi < 1):
        return None
    if not damped and phi is not None:
        return None
    steps = []
    if not damped:
        steps.append(f"Holt's forecast h steps ahead: ŷ = l + h × b, with l = {fmt(level)} and b = {fmt(slope)}")
        for h in hs:
            steps.append(f"h = {h}: {fmt(level)} + {h} × {factor(slope)} = {fmt(level + h * slope)}")
        cue = r"forecasts l_t \+ h\*b_t for h steps ahead"
        note = (
            "Holt's forecasts follow the last slope in a straight line for ever; a damped trend (phi below 1) makes "
            "them level off instead."
        )
    else:
        steps.append(
            f"damped trend: ŷ = l + (φ + φ² + ... + φ^h) × b, with l = {fmt(level)}, b = {fmt(slope)}, φ = {fmt(phi)}"
        )
        for h in hs:
            total = sum(phi**j for j in range(1, h + 1))
            powers = " + ".join(fmt(phi**j) for j in range(1, h + 1)) if h <= 4 else f"φ + ... + φ^{h}"
            worked = f"({powers}) × {factor(slope)} = {fmt(level)} + {fmt(total)} × {factor(slope)}" if h > 1 else ""
            worked = worked or f"{powers} × {factor(slope)}"
            steps.append(
                f"h = {h}: {fmt(level)} + {worked} = {fmt(level + total * slope)} (undamped: {fmt(level + h * slope)})"
            )
        limit = level + phi / (1 - phi) * slope
        steps.append(
            f"long run: the sum φ + φ² + ... approaches φ / (1 - φ) = {fmt(phi / (1 - phi))}, so the forecasts level "
            f"off at {fmt(level)} + {fmt(phi / (1 - phi))} × {factor(slope)} = {fmt(limit)}"
        )
        cue = r"A damped trend in Holt's method multiplies the slope by a factor phi"
        note = (
            "Each further step adds the slope multiplied by one more factor of phi, so a damped trend keeps rising "
            "less and less and levels off, while Holt's undamped forecasts follow a straight line for ever."
        )
    return Worked("holt_forecast", "c-exponential-smoothing", cue, tuple(steps), note)


# --- how many discrete actions a discretized continuous control needs (s3-q-learning) ------------------------

_DIMS = (
    r"(?:continuous\s+)?(?:joint\s+torques?|joints?|torques?|actuators?|motors?|action\s+dimensions?|"
    r"(?:continuous\s+)?actions?\s+dimensions?|control\s+(?:inputs?|dimensions?)|degrees\s+of\s+freedom|continuous\s+"
    r"actions?)"
)


def discretized_actions(question: str) -> Worked | None:
    """d continuous action dimensions each cut into L levels: a DQN needs one output per combination, L^d, against
    d × L levels in all; nothing unless both counts are stated once."""
    if not re.search(r"discreti[sz]|\bbins?\b|\blevels?\b", question, re.I) or not re.search(
        r"\bDQN\b|Q-?network|Q-?learning|\bactions?\b", question, re.I
    ):
        return None
    words = "|".join(WORDS)
    dims = {
        int(x) if x.isdigit() else WORDS[x.lower()]
        for x in re.findall(rf"\b(\d+|{words})[\s-]+{_DIMS}\b", question, re.I)
    }
    # every count of levels or bins named, so "5 levels for two joints and 9 for the rest" is two counts
    levels = {
        int(a or b)
        for a, b in re.findall(
            r"\b(\d+)\s+(?:discrete\s+|equal\s+)?(?:levels?|bins?)\b"
            r"|\b(?:into|with|to|of)\s+(\d+)\s+(?:discrete\s+|equal\s+)?(?:values?|settings?)\b",
            question,
            re.I,
        )
    }
    if len(dims) != 1 or len(levels) != 1:
        return None
    d, L = dims.pop(), levels.pop()
    if not (1 <= d <= 30 and 2 <= L <= 10_000):
        return None
    total = L**d
    steps = [
        f"{d} action dimension{'s' if d > 1 else ''}, each cut into {L} levels: a DQN has one output per combination, "
        f"{L}^{d} = {fmt(total)} discrete actions"
    ]
    if d > 1:
        steps.append(
            f"choosing each dimension's level separately would take only {d} × {L} = {fmt(d * L)} outputs, but a "
            f"standard DQN's max runs over whole actions, so every combination gets its own output; one more "
            f"dimension would multiply the count by {L} again, to {fmt(total * L)}"
        )
    note = (
        "The action count grows exponentially with the number of action dimensions, so methods built for "
        "continuous actions, such as DDPG or SAC, are usually the better choice."
    )
    return Worked(
        "discretized_actions", "s3-q-learning", r"DQN needs one output per combination of levels", tuple(steps), note
    )


# --- how many value-iteration sweeps guarantee a tolerance (s3-mdp) -----------------------------------------

_VI_GAMMA = re.compile(
    rf"(?:\bgamma|γ|\bdiscount(?:\s+factor|\s+rate)?)\s*(?:of|=|:|is)?\s*({NUM})(?![\d%]|\.\d)", re.I
)
# rewards in [0, R]: "rewards are between 0 and 10", "reward in [0, 1]", "rewards from 0 to 5"
_REWARD_RANGE = re.compile(
    rf"\brewards?\b[^.?!\d]{{0,30}}?(?:between\s+({NUM})\s+and\s+({NUM})|in\s+\[\s*({NUM})\s*,\s*({NUM})\s*\]|"
    rf"from\s+({NUM})\s+to\s+({NUM}))",
    re.I,
)
_V_ZERO = re.compile(
    r"\bV_?0?\s*(?:starts?|started|starting|begins?|is\s+initiali[sz]ed|initiali[sz]ed)\s*(?:at|from|to|with|as)?\s*"
    r"(?:0|zeros?)\b(?!\.\d)|\b(?:start|starting|started|initiali[sz]\w*)\s+(?:from|at|with|to)\s+(?:V\s*=\s*)?"
    r"(?:0|zeros?|all[- ]zeros?)\b(?!\.\d)|\bV_?0\s*=\s*0\b(?!\.\d)|\b(?:from|with)\s+V\s*=\s*0\b(?!\.\d)",
    re.I,
)
_TOLERANCE = [
    rf"\b(?:error|tolerance|eps(?:ilon)?|ε)\b[^.?!\d]{{0,30}}?(?:under|below|less\s+than|smaller\s+than|within|<=?|≤|"
    rf"of|=|at\s+most|to)\s*({SCI})(?![\d%]|\.\d)",
    rf"\bwithin\s+({SCI})\s+of\s+(?:V\*|V\^\*|the\s+optimal|optimal)",
    rf"\b(?:tolerance|tol|eps(?:ilon)?|ε)\s*(?:of|=|:|is)?\s*({SCI})(?![\d%]|\.\d)",
]


def vi_sweeps(question: str) -> Worked | None:
    """Value iteration with rewards in [0, R] and V starting at 0: the first error is at most R / (1 - γ) and each
    sweep shrinks it by γ, so k ≥ ln(tol (1 - γ) / R) / ln γ sweeps guarantee a max error below tol, for each γ
    named; nothing unless the reward range, the start at 0 and one tolerance are all stated."""
    if not re.search(r"value[- ]iteration", question, re.I) or not re.search(
        r"\bhow\s+many\s+(?:value[- ]iteration\s+)?(?:sweeps|iterations|updates|passes|backups)", question, re.I
    ):
        return None
    if not _REWARD_RANGE.search(question):
        return _vi_fold(question)  # no reward range: the reduction asked as a factor ("drops 100-fold"), if any
    if not _V_ZERO.search(question):
        return None
    bounds = set()
    for m in _REWARD_RANGE.finditer(question):
        low, high = (to_float(x) for x in m.groups() if x is not None)
        bounds.add((low, high))
    if len(bounds) != 1:
        return None
    low, r_max = bounds.pop()
    if low != 0 or not r_max > 0:
        return None  # the bound R / (1 - γ) on the first error needs rewards in [0, R]
    tols = {_sci(x) for pattern in _TOLERANCE for x in re.findall(pattern, question, re.I)}
    tol = _one(tols)
    gammas: list[float] = []
    for m in _VI_GAMMA.finditer(question):
        g = to_float(m[1])
        if g not in gammas:
            gammas.append(g)
    if tol is None or not tol > 0 or not gammas or len(gammas) > 4 or any(not 0 < g < 1 for g in gammas):
        return None
    if tol in gammas:
        return None  # the same number read as the tolerance and a discount factor
    steps = [
        f"each sweep shrinks the largest error over states by at least a factor of γ; starting from V = 0 the first "
        f"error is at most the largest possible value, a reward of {fmt(r_max)} forever, {fmt(r_max)} / (1 - γ)"
    ]
    needed = []
    for g in gammas:
        start = r_max / (1 - g)
        if tol >= start:
            steps.append(
                f"γ = {fmt(g)}: {fmt(r_max)} / (1 - {fmt(g)}) = {fmt(start)}, already within {fmt(tol)}: 0 sweeps"
            )
            needed.append((g, 0))
            continue
        k = math.log(tol / start) / math.log(g)
        sweeps = math.ceil(k - 1e-9)
        steps.append(
            f"γ = {fmt(g)}: first error at most {fmt(r_max)} / (1 - {fmt(g)}) = {fmt(start)}; need {fmt(g)}^k × "
            f"{fmt(start)} ≤ {fmt(tol)}, so k ≥ ln({fmt(tol)} / {fmt(start)}) / ln({fmt(g)}) = {fmt(k, 1)}, that is "
            f"{fmt(sweeps)} sweeps"
        )
        needed.append((g, sweeps))
    if len(needed) > 1:
        (g_few, few), (g_many, many) = min(needed, key=lambda n: n[1]), max(needed, key=lambda n: n[1])
        if few > 0 and many > few:
            steps.append(
                f"γ = {fmt(g_many)} needs {fmt(many)} / {fmt(few)} = {fmt(many / few, 1)} times as many sweeps as "
                f"γ = {fmt(g_few)}"
            )
    note = (
        "These are worst-case guarantees: a γ nearer 1 shrinks the error less per sweep and makes the values "
        "themselves larger, while the greedy policy often stops changing well before the values converge. For a "
        "small known MDP, policy iteration, which usually needs only a few rounds, is an alternative."
    )
    return Worked(
        "vi_sweeps", "s3-mdp", r"shrinks the largest error over states by at least a factor", tuple(steps), note
    )


# a reduction of the error asked as a factor: "drops 100-fold", "a tenfold cut", "by a factor of 1,000", "to 1% of
# its initial value"
_FOLD_WORDS = {"ten": 10, "hundred": 100, "thousand": 1000, "million": 1e6}
_FOLD = re.compile(
    rf"(?<![\w.])({NUM})[- ]?fold\b|\b(ten|hundred|thousand|million)[- ]?fold\b|"
    rf"\bby\s+a\s+factor\s+of\s+({NUM})(?![\d%]|\.\d)|"
    rf"\bto\s+({NUM})\s*%\s+of\s+(?:its|the)\s+(?:initial|starting|original|first)",
    re.I,
)


def _vi_fold(question: str) -> Worked | None:
    """How many sweeps cut the largest error by a stated factor F, without a reward range: after k sweeps it is at
    most γ^k times the initial error, so k ≥ ln(1/F) / ln γ, for each γ named."""
    folds = set()
    for m in _FOLD.finditer(question):
        if m[1] or m[3]:
            folds.add(to_float(m[1] or m[3]))
        elif m[2]:
            folds.add(float(_FOLD_WORDS[m[2].lower()]))
        else:
            share = to_float(m[4])
            if not 0 < share < 100:
                return None
            folds.add(round(100 / share, 9))
    if len(folds) != 1:
        return None
    fold = folds.pop()
    if not 1 < fold <= 1e12:
        return None
    if re.search(r"\brewards?\b[^.?!]{0,40}\d|\b(?:tolerance|tol|eps(?:ilon)?|ε)\b", question, re.I):
        return None  # a reward range or an absolute tolerance is the other kind of question, stated only in part
    gammas: list[float] = []
    for m in _VI_GAMMA.finditer(question):
        g = to_float(m[1])
        if g not in gammas:
            gammas.append(g)
    if not gammas or len(gammas) > 4 or any(not 0 < g < 1 for g in gammas):
        return None
    target = 1 / fold
    steps = [
        f"each sweep shrinks the largest error over states by at least a factor of γ, so after k sweeps it is at most "
        f"γ^k times the initial error; a {fmt(fold)}-fold drop needs γ^k ≤ 1 / {fmt(fold)} = {fmt(target)}, that is "
        f"k ≥ ln({fmt(target)}) / ln γ"
    ]
    needed = []
    for g in gammas:
        k = math.log(target) / math.log(g)
        sweeps = math.ceil(k - 1e-9)
        steps.append(
            f"γ = {fmt(g)}: k ≥ ln({fmt(target)}) / ln({fmt(g)}) = {fmt(math.log(target))} / {fmt(math.log(g))} = "
            f"{fmt(k, 1)}, that is {fmt(sweeps)} sweeps"
        )
        needed.append((g, sweeps))
    if len(needed) > 1:
        (g_few, few), (g_many, many) = min(needed, key=lambda n: n[1]), max(needed, key=lambda n: n[1])
        if many > few:
            steps.append(
                f"γ = {fmt(g_many)} needs {fmt(many)} / {fmt(few)} = {fmt(many / few, 2)} times as many sweeps as "
                f"γ = {fmt(g_few)}"
            )
    note = (
        "These are worst-case guarantees that do not depend on the rewards: a γ nearer 1 shrinks the error less per "
        "sweep, so value iteration converges more slowly, while the greedy policy often stops changing well before "
        "the values converge."
    )
    return Worked(
        "vi_sweeps", "s3-mdp", r"shrinks the largest error over states by at least a factor", tuple(steps), note
    )

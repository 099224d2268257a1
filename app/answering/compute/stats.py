"""Probability, statistics and data preparation: Bayes, z-scores and min-max scaling. Pure functions."""

from __future__ import annotations

import math
import re
from fractions import Fraction
from functools import partial
from statistics import NormalDist

from app.answering.compute.h32_c import cosine_pearson
from app.answering.compute.parse import (
    NUM,
    RATE,
    SCALE,
    SCALED_WORDS,
    WORDS,
    Worked,
    a_range,
    as_rate,
    bracketed,
    clauses,
    exact_rate,
    factor,
    fmt,
    fraction,
    labelled,
    literal,
    pct,
    prose_lists,
    prose_spans,
    scaled,
    shape_of,
    stdev,
    to_float,
    vec,
)

# --- 2. Bayes' theorem with a test or detector (s1-probability-statistics) -------------------------

_FNR = re.compile(
    r"false[ -]negative|misses|miss rate|"
    r"(?:\bnot|n't|never|fails? to|failed to) (?:catch|detect|flag|spot|pick|identif)",  # "does not catch 5%"
    re.I,
)
_FPR = re.compile(
    r"false[ -]positive|false alarm|wrong(?:ly)?|mistaken(?:ly)?|incorrect(?:ly)?|erroneous(?:ly)?|"
    r"healthy|legit(?:imate)?|innocent|benign|genuine (?:users|emails|customers)|"
    r"non-?(?:fraud|spam|defect|sick|diseased)|"
    r"(?:of|for|on) (?:the )?(?:normal|clean|good|negative|ok|fine|honest|regular)|"
    r"(?:of|for|on) (?:the |all )?(?:rest|others|remaining \w+|other \w+)\b",
    re.I,
)
_SPEC = re.compile(r"specific(?:ity)?|true[ -]negative rate|correctly (?:clears|rejects|passes)", re.I)
_SENS = re.compile(
    r"sensitiv(?:e|ity)|true[ -]positive rate|recall|detect(?:s|ed|ion)?|catch(?:es)?|caught|hit rate|picks? up|spots|"
    r"correctly (?:flags|identifies|detects)|flags?|identif(?:ies|y)|positive for|alerts? on|accura(?:te|cy)|"
    r"(?:fires|triggers|goes off|rings|beeps) (?:on|for)",
    re.I,
)
_PRIOR = re.compile(
    r"prevalen(?:ce|t)|base rate|prior|affect(?:s|ed)?|(?:has|have) (?:it|this|that|the)\b|infected|"
    r"are (?:actually |really )?\w+|"
    r"\bis (?:about |around |only |roughly )?(?=\.?\d)|"
    r"population|rare|of all|of (?:the )?(?:people|patients|transactions|emails|users|parts|items|cases)|in every|"
    # "20% of incoming mail is spam", not "95% of the time it is right"
    r"of (?:the |our |all )?(?:(?!(?:time|it|they|this|that|which|when|where|who)\b)[a-z-]+ ){1,3}(?:is|are|was|were) "
    r"(?:actually |really )?[a-z]",
    re.I,
)
_GUESS = re.compile(r"\b(should|feels?|expect\w*|think|thought|guess\w*|seems?|intuition|would have said)\b", re.I)
# the learner's own conclusion about the case: "so that means there's a 95% chance I have it", "therefore it is
# 90% likely to be spam": a rate stated as the answer, not a property of the test or the population
_CONCLUDES = re.compile(r"\b(?:so|means?|therefore|thus|hence)\b", re.I)
_ASKS_POSTERIOR = re.compile(r"\b(chance|probability|likel|odds|how many|what (?:share|fraction|percent)|P\()", re.I)
_EVIDENCE_WORDS = re.compile(r"\b(positive|flag|alarm|alert|test|detect|screen|fires|triggers|marked)", re.I)
# the other half asked: "if it was NOT flagged", "if the test comes back negative", "when it doesn't fire"
_ASKS_CLEARED = re.compile(
    r"\b(?:not|n't|never|no)\s+(?:been\s+|get\s+|got\s+|being\s+)?(?:flag|alarm|alert|detect|caught|catch|fire|trigger|"
    r"positive|marked|go(?:es)? off)|(?<!false )(?<!false-)\bnegative (?:result|test)|"
    r"(?:tests?|tested|comes? back|came back|is|was) negative",
    re.I,
)


def bayes(question: str) -> Worked | None:
    if not (_ASKS_POSTERIOR.search(question) and _EVIDENCE_WORDS.search(question)):
        return None
    roles: dict[str, list[float]] = {"sens": [], "fpr": [], "prior": []}
    given: list[tuple[str, float]] = []
    for clause in clauses(question):
        rates = [r for r in (as_rate(t) for t in re.findall(RATE, clause)) if r is not None]
        if len(rates) > 1:
            return None  # two rates in one clause: which is which is not clear
        given += [(clause, rates[0])] if rates else []
    echoes = []  # rates a clause only repeats: "why lower than 95%?", "my manager says 95%"
    for clause, rate in given:
        if re.search(r"\bthan\b|compared", clause) and any(r == rate and c != clause for c, r in given):
            echoes.append(rate)
            continue  # "why is it so much lower than 95%?" refers back to a rate already given
        concluded = _CONCLUDES.search(clause) and _ASKS_POSTERIOR.search(clause) and not _SENS.search(clause)
        claim = _GUESS.search(clause) or concluded
        if claim and not (_FNR.search(clause) or _FPR.search(clause) or _SPEC.search(clause)):
            echoes.append(rate)
            continue  # "feels like it should be 90%+", "so it's a 95% chance": the learner's guess or conclusion
        if _FNR.search(clause):
            roles["sens"].append(1 - rate)
        elif _SPEC.search(clause):
            roles["fpr"].append(1 - rate)
        elif _FPR.search(clause):
            roles["fpr"].append(rate)
        elif _SENS.search(clause):
            roles["sens"].append(rate)
        elif _PRIOR.search(clause):
            roles["prior"].append(rate)
        elif any(r == rate and c != clause for c, r in given):
            echoes.append(rate)  # a rate with no role that only refers back ("my manager says 95%")
        else:
            return None
    said = roles["sens"] + echoes
    roles = {k: list(dict.fromkeys(v)) for k, v in roles.items()}  # "catches 95% ... when it catches 95%??"
    if any(len(v) != 1 for v in roles.values()):
        return None
    sens, fpr, prior = roles["sens"][0], roles["fpr"][0], roles["prior"][0]
    if not (0 < prior < 1 and 0 < sens <= 1 and 0 <= fpr < 1):
        return None
    hit, alarm = sens * prior, fpr * (1 - prior)
    evidence = hit + alarm
    posterior = hit / evidence
    n = 10_000
    steps = (
        f"H = the case is real, E = it is flagged (a positive result): prior P(H) = {fmt(prior)}, "
        f"detection rate P(E | H) = {fmt(sens)}, false-positive rate P(E | not H) = {fmt(fpr)}",
        f"P(E) = P(E | H) P(H) + P(E | not H) P(not H) = {fmt(sens)} × {fmt(prior)} + {fmt(fpr)} × {fmt(1 - prior)} "
        f"= {fmt(hit)} + {fmt(alarm)} = {fmt(evidence)}",
        f"P(H | E) = P(E | H) P(H) / P(E) = {fmt(hit)} / {fmt(evidence)} = {fmt(posterior)}, about {pct(posterior)}",
        f"In counts: of {n:,} cases, {fmt(n * prior)} are real and {fmt(n * hit, 1)} of them are flagged; "
        f"{fmt(n * alarm, 1)} of the other {fmt(n * (1 - prior))} are flagged too, so {fmt(n * hit, 1)} of "
        f"{fmt(n * evidence, 1)} flagged cases are real",
    )
    if re.search(r"\b(second|another|again|re-?scan\w*|re-?test\w*|repeat\w*)\b", question, re.I):
        hit2, alarm2 = sens * posterior, fpr * (1 - posterior)
        steps += (
            f"A second independent test flags it too: the posterior {fmt(posterior)} becomes the prior, so "
            f"P(H | E, E) = {fmt(sens)} × {fmt(posterior)} / ({fmt(sens)} × {fmt(posterior)} + {fmt(fpr)} × "
            f"{fmt(1 - posterior)}) = {fmt(hit2 / (hit2 + alarm2))}, about {pct(hit2 / (hit2 + alarm2))}",
        )
    if any(_ASKS_CLEARED.search(c) and not re.search(RATE, c) for c in clauses(question)):  # asked, not a given rate
        steps += _cleared(sens, fpr, prior, n)
    note = ""
    if said.count(sens) > 1 and posterior < 0.8 * sens:  # the detection rate said again, as if it were the answer
        note = (
            f"The {pct(sens)} is P(E | H), the share of real cases that get flagged; the question asks for "
            f"P(H | E), the share of flagged cases that are real, and the two are far apart when real cases are rare. "
        )
    if posterior < 0.8 * sens and alarm > hit:
        note += (
            f"It is far below the {pct(sens)} detection rate because the other group is much larger: its false "
            f"positives ({fmt(n * alarm, 1)} per {n:,}) outnumber the real cases caught ({fmt(n * hit, 1)}). "
            "Ignoring the prior this way is the base-rate fallacy."
        )
    elif posterior < 0.8 * sens:
        note += (
            f"It is below the {pct(sens)} detection rate because false positives from the much larger other group "
            f"still make up {pct(alarm / evidence)} of the flagged cases."
        )
    return Worked("bayes", "s1-probability-statistics", r"P\(E \| H\) P\(H\) \+ P\(E \| not H\)", steps, note)


def _cleared(sens: float, fpr: float, prior: float, n: int) -> tuple[str, ...]:
    """P(H | not E): the real cases among those not flagged (the misses over everything let through)."""
    miss, passed = (1 - sens) * prior, (1 - fpr) * (1 - prior)
    quiet = miss + passed
    if quiet <= 0:
        return ()
    return (
        f"Not flagged: P(not E) = P(not E | H) P(H) + P(not E | not H) P(not H) = {fmt(1 - sens)} × {fmt(prior)} + "
        f"{fmt(1 - fpr)} × {fmt(1 - prior)} = {fmt(miss)} + {fmt(passed)} = {fmt(quiet)}",
        f"P(H | not E) = {fmt(miss)} / {fmt(quiet)} = {fmt(miss / quiet)}, about {pct(miss / quiet)}; in counts, "
        f"{fmt(n * miss, 1)} of the {fmt(n * quiet, 1)} cases not flagged are real",
    )


# --- 11. standardisation / z-scores and min-max scaling (s1-data-cleaning, c-feature-scaling) ------

_LABELLED = re.compile(
    r"(?:mean|average|μ|mu|std|standard deviation|sd|σ|sigma|min(?:imum)?|max(?:imum)?|median)"
    rf"\s*(?:of|=|:|is)?\s*({NUM})",
    re.I,
)


_SENTINELS = {-999.0, -9999.0, 999.0, 9999.0, 99999.0, -99999.0}


def zscore(question: str) -> Worked | None:
    scaled = re.search(r"z[- ]?scores?|standardi[sz]|standard ?scaler", question, re.I)
    minmax_asked = re.search(r"min[- ]?max|normali[sz]", question, re.I)
    if not (scaled or minmax_asked):
        return None

    one = partial(labelled, question)

    mu, sigma = one(r"mean|average|μ|mu"), one(r"std|standard deviation|\bsd|σ|sigma")
    low, high = one(r"\bmin(?:imum)?"), one(r"\bmax(?:imum)?")
    lists = [
        v
        for at, t in bracketed(question)
        if (v := literal(t)) is not None and len(shape_of(v) or ()) == 1 and not a_range(question, at)
    ]
    # the values to scale: numbers not labelled (mean = 120) and not compared against ("more than 1")
    rest = _LABELLED.sub(" ", question)
    rest = re.sub(rf"(?:than|above|below|over|under|exceeds?|outside)\s*(?:{NUM})", " ", rest, flags=re.I)
    # nor a target range ("supposed to give [0, 1]") or what the learner's scaler gave ("gives 1.25")
    for at, text in reversed(bracketed(rest)):
        if a_range(rest, at):
            rest = rest[:at] + " " + rest[at + len(text) :]
    rest = re.sub(rf"(?:gives?|gave|returns?|returned|outputs?|got|get)\s*(?:{NUM})", " ", rest, flags=re.I)
    told = list(dict.fromkeys(to_float(v) for v in re.findall(NUM, rest)))  # each value once, in order
    values = lists[0] if len(lists) == 1 else told
    if any(v in _SENTINELS for v in values):
        return None  # "-999 whenever the sensor fails": a missing value to replace first, not a value to scale
    steps, notes = [], []
    if scaled and mu is not None and sigma:
        if not values or len(values) > 8:
            return None
        steps += [f"z = ({fmt(x)} - {fmt(mu)}) / {fmt(sigma)} = {fmt((x - mu) / sigma)}" for x in values]
        if any(abs((x - mu) / sigma) > 3 for x in values) and re.search(r"outlier|unusual|extreme", question, re.I):
            notes.append("A |z| above 3 is what the z-score rule flags as a possible outlier.")
    if minmax_asked and low is not None and high is not None and high > low and values and len(values) <= 8:
        steps += [
            f"min-max: ({fmt(x)} - {fmt(low)}) / ({fmt(high)} - {fmt(low)}) = {fmt((x - low) / (high - low))}"
            for x in values
        ]
        if any(x < low or x > high for x in values):
            notes.append(
                "A value outside the training range maps outside [0, 1]: expected, not a bug, because the scaler "
                "keeps the training min and max (fit on training data only)."
            )
    if steps:
        cue = r"\*\*Standardization\*\*" if scaled else r"\*\*Min-max scaling\*\*"
        return Worked("zscore", "s1-data-cleaning", cue, tuple(steps), " ".join(notes))
    # a list written in prose is the values to scale only when scaling them is what is asked ("standardized
    # features. eigenvalues 2.4, 0.9, ..." names the features, not these numbers)
    told_to = re.search(
        r"standard ?scaler|z[- ]?scores?\s+(?:of|for)|standardi[sz]e\s+(?:these|the|my|them|it)\b", question, re.I
    )
    spans = prose_spans(question) if not lists and told_to else []
    if scaled and mu is None and sigma is None and (len(lists) == 1 or (not lists and len(spans) == 1)):
        values = lists[0] if lists else spans[0][2]
        if not 2 <= len(values) <= 12:
            return None
        mean, std = sum(values) / len(values), stdev(values)
        if std == 0:
            return None
        steps = [
            f"mean = {fmt(sum(values))} / {len(values)} = {fmt(mean)}",
            "standard deviation (population, as StandardScaler uses) = "
            f"√(({' + '.join(fmt((x - mean) ** 2) for x in values)}) / {len(values)}) = {fmt(std)}",
            "z = (x - mean) / std: " + vec([round((x - mean) / std, 4) for x in values]),
        ]
        after = question[spans[0][1] :] if spans else ""
        new = re.search(
            rf"\b(?:test|new|unseen|later)\b[^.?!]*?((?:{NUM})(?:\s*(?:,|and|or)\s*(?:{NUM}))*)", after, re.I
        )
        if new:
            extra = [to_float(v) for v in re.findall(NUM, new[1])][:4]
            steps.append(
                "new values with the training mean and std (the scaler is not refitted): "
                + "; ".join(f"({fmt(x)} - {fmt(mean)}) / {fmt(std)} = {fmt((x - mean) / std)}" for x in extra)
            )
        return Worked("zscore", "s1-data-cleaning", r"\*\*Standardization\*\*", tuple(steps))
    return None


# --- binomial counts: expectation, spread, and how unusual an observed count is ---------------------


_EXACT = re.compile(rf"\b(exactly|at least|at most)\s+(\d+|{'|'.join(WORDS)})\b", re.I)
_ALL = re.compile(r"\ball\s+(?:\d+|of\s+them)\b", re.I)


def binomial(question: str) -> Worked | None:
    """n independent trials with success probability p: mean np, variance np(1 - p); an observed
    count's z-score with the normal approximation the reading's hypothesis test uses."""
    # "a normal-approximation z-test ... 225 of 400 sessions had a click; the old rate is 50%"
    z_test = re.search(r"z[- ]?test|normal[- ]approximation|hypothesis test", question, re.I)
    if not (z_test or re.search(r"independent|binomial|each\b.*\bprobability", question, re.I)):
        return None
    exact = [(m[1], m[2]) for m in _EXACT.finditer(question)] + [("exactly", "all") for _ in _ALL.finditer(question)]
    if not (z_test or exact or re.search(r"expect|mean|average|variance|standard deviation|\bsd\b", question, re.I)):
        return None
    p = re.findall(rf"probability\s*(?:of\s*)?(?:p\s*=\s*)?({RATE})|\bp0?\s*=\s*({RATE})", question, re.I)
    p += re.findall(rf"({RATE})\s+accurate|accuracy\s*(?:of|is|=)?\s*({RATE})", question, re.I)
    if z_test:  # the null rate: "the old click rate is known to be 50%", "baseline conversion of 4%"
        p += [(r, "") for r in re.findall(rf"(?:rate|proportion)\b[^.?!\d]{{0,30}}?({RATE})", question, re.I)]
    rates = {r for r in (as_rate(a or b) for a, b in p) if r is not None}
    n = re.findall(
        r"(\d[\d,]*)\s+(?:[a-z-]+,?\s+){0,2}?(?:visitors|trials|flips|users|customers|emails|people|requests|patients|"
        r"coins?|tosses|sessions|transactions|items|draws|shots|calls|examples|predictions|images|cases|samples)"
        r"|\bn\s*=\s*(\d[\d,]*)",
        question,
        re.I,
    )
    ns = {int((a or b).replace(",", "")) for a, b in n}
    if len(rates) != 1 or len(ns) != 1:
        return None
    prob, trials = rates.pop(), ns.pop()
    if not 0 < prob < 1 or trials < 1:
        return None
    mean, var = trials * prob, trials * prob * (1 - prob)
    sd = math.sqrt(var)
    steps = [
        f"Count ~ Binomial(n = {trials:,}, p = {fmt(prob)}): mean np = {trials:,} × {fmt(prob)} = {fmt(mean)}",
        f"variance np(1 - p) = {fmt(mean)} × {fmt(1 - prob)} = {fmt(var)}; standard deviation = "
        f"√{fmt(var)} = {fmt(sd)}",
    ]
    for kind, k in exact[:4]:
        k = trials if k.lower() == "all" else int(k) if k.isdigit() else WORDS.get(k.lower(), -1)
        if not 0 <= k <= trials or trials > 200:
            continue
        kind = kind.lower().strip() if kind else "exactly"
        span = {"exactly": [k], "at least": range(k, trials + 1), "at most": range(0, k + 1)}.get(kind, [k])
        terms = [math.comb(trials, j) * prob**j * (1 - prob) ** (trials - j) for j in span]
        shown = " + ".join(f"C({trials}, {j}) × {fmt(prob)}^{j} × {fmt(1 - prob)}^{trials - j}" for j in list(span)[:4])
        if len(terms) > 4:
            shown += " + ..."
        label = "all" if k == trials and kind == "exactly" else f"{kind} {k}"
        steps.append(f"P({label} of {trials}) = {shown} = {fmt(sum(terms))}")
    note = ""
    seen = re.findall(r"(?:got|observed|saw|see|had|counted|recorded)\s+(\d[\d,]*)\b", question, re.I)
    # "225 had a click", "225 of them converted"
    seen += re.findall(
        r"(?<![\d.,])(\d[\d,]*)\s+(?:of (?:them|those)\s+)?(?:had|got|clicked|converted|bought)\b", question, re.I
    )
    if len(set(seen)) == 1 and sd > 0:
        x = int(seen[0].replace(",", ""))
        z = (x - mean) / sd
        p_two = math.erfc(abs(z) / math.sqrt(2))
        steps.append(f"observed {x}: z = ({x} - {fmt(mean)}) / {fmt(sd)} = {fmt(z, 2)} standard deviations")
        steps.append(f"two-sided p-value (normal approximation) = {fmt(p_two, 3)}")
        alpha = re.search(rf"(?:alpha|α|significance level)\s*(?:of|=|:)?\s*({RATE})", question, re.I)
        if alpha and (a := as_rate(alpha[1])) is not None:
            verdict = "below" if p_two < a else "not below"
            outcome = "significant: reject" if p_two < a else "not significant: do not reject"
            note = f"The p-value {fmt(p_two, 3)} is {verdict} α = {fmt(a)}, so the count is {outcome} p = {fmt(prob)}."
    # "we checked 10 different metrics the same way": m tests at alpha, Bonferroni's alpha / m
    tests = re.findall(
        r"\b(\d+)\s+(?:different\s+|other\s+|separate\s+)?(?:metrics|tests|hypotheses|comparisons)\b", question, re.I
    )
    if z_test and len(set(tests)) == 1 and int(tests[0]) > 1:
        m = int(tests[0])
        a = 0.05
        alpha = re.search(rf"(?:alpha|α|significance level)\s*(?:of|=|:)?\s*({RATE})", question, re.I)
        if alpha and (given := as_rate(alpha[1])) is not None:
            a = given
        steps.append(
            f"{m} tests at α = {fmt(a)}: expected false positives on pure noise = {m} × {fmt(a)} = {fmt(m * a)}; "
            f"if independent, P(at least one) = 1 - {fmt(1 - a)}^{m} = {fmt(1 - (1 - a) ** m)}; "
            f"Bonferroni: use α / m = {fmt(a / m)} for each"
        )
    return Worked("binomial", "s1-probability-statistics", r"\*Binomial\(n, p\)\*", tuple(steps), note)


# --- Tukey's IQR fences and median imputation (s1-data-cleaning) ---------------------------------


def _percentile(values: list[float], q: float) -> float:
    """NumPy's default (linear) percentile."""
    s = sorted(values)
    pos = (len(s) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


# the centre asked for: "what are the mean and median", "median imputation", "fill the gap" (not "what does it mean")
_ASKS_CENTRE = re.compile(
    r"imput|fill|missing|\bmedian\b|\b(?:the|a|its|their)\s+(?:mean|average)\b|\bmeans?\s+(?:and|or|vs)\b", re.I
)


_SCALING = re.compile(r"min[- ]?max|robust[- ]?scal|scal(?:ing|ed|er)\b", re.I)


def _a_shape(question: str, at: int) -> bool:
    """Are the numbers starting at `at` an array's shape ("x has shape (32, 100, 8)"), not data values?"""
    return bool(re.search(r"\bshape[sd]?\s*(?:is|of|=|:)?\s*[(\[]?\s*$", question[max(0, at - 30) : at], re.I))


def _one_column(question: str) -> list[float] | None:
    """The one list of values a question gives (NaN where one is blank); None for none or several."""
    lists = [
        v
        for at, t in bracketed(question)
        if (v := literal(t, allow_nan=True)) is not None and not _a_shape(question, at)
    ]
    lists = [v for v in lists if len(shape_of(v) or ()) == 1]
    if not lists:  # "34, 29, 41, NaN, 38, 31, 36, 330"; two runs of values: which is the column?
        spans = prose_spans(question, allow_nan=True)
        lists = [v for at, _, v in spans if len(v) >= 3 and not _a_shape(question, at)]
    if not lists:  # "4, 7, 5, 6, 30, 5, 8, 6, 7, plus one row where it's blank"
        runs = [r for r in re.findall(rf"(?:{NUM})(?:\s*,\s*(?:{NUM})){{4,}}", question)]
        if len(runs) == 1:
            blanks = 1 if re.search(r"\b(blank|missing|empty|nan|null)\b", question, re.I) else 0
            lists = [[to_float(v) for v in re.findall(NUM, runs[0])] + [math.nan] * blanks]
    return lists[0] if len(lists) == 1 else None


_SPREAD = re.compile(r"standard deviation|\bstd\b|np\.std|variance|spread", re.I)
_MISSING = rf"(\d+|{'|'.join(WORDS)})\s+(?:of them\s+)?(?:are\s+)?(?:NaNs?|missing|blanks?|empty|nulls?)\b"
_MISSING_COUNT = re.compile(rf"\b{_MISSING}", re.I)
_MISSING_EITHER = re.compile(rf"\bor\s+{_MISSING}", re.I)  # "two or three NaN": which count?


def imputed_spread(question: str) -> Worked | None:
    """Observed values and a count of missing ones filled with the mean: the mean unchanged, the sum of
    squared deviations unchanged, the standard deviation shrunk (population and sample)."""
    if not (re.search(r"imput|fill", question, re.I) and _SPREAD.search(question)):
        return None
    counts = set(_MISSING_COUNT.findall(question))
    runs = re.findall(rf"(?:{NUM})(?:\s*,\s*(?:{NUM})){{2,}}(?:,?\s+and\s+{NUM})?", question)
    unsure = _MISSING_EITHER.search(question)
    if len(counts) != 1 or len(runs) != 1 or unsure or not re.search(r"\bmean\b", question, re.I):
        return None
    word = counts.pop().lower()
    missing = WORDS.get(word) or int(word)
    values = [to_float(v) for v in re.findall(NUM, runs[0])]
    n = len(values)
    if n < 3 or missing < 1:
        return None
    mean = sum(values) / n
    ss = sum((v - mean) ** 2 for v in values)
    total = n + missing
    steps = [
        f"observed: {', '.join(fmt(v) for v in values)}; mean = {fmt(sum(values))} / {n} = {fmt(mean)}",
        f"squared deviations from the mean sum to {fmt(ss)}; population std = √({fmt(ss)} / {n}) = "
        f"{fmt(math.sqrt(ss / n))} (sample, n - 1: {fmt(math.sqrt(ss / (n - 1)))})",
        f"after filling the {missing} missing values with {fmt(mean)}: the mean stays {fmt(mean)} and each filled "
        f"value adds 0 to the squared deviations, still {fmt(ss)}, now over {total} values",
        f"population std = √({fmt(ss)} / {total}) = {fmt(math.sqrt(ss / total))} (sample: "
        f"{fmt(math.sqrt(ss / (total - 1)))})",
    ]
    note = (
        "Not a bug: filling with one value puts every filled row at the centre, so the spread (and any correlation "
        "with other columns) shrinks. If the values are missing because of what they are (e.g. the largest ones), "
        "the mean also misrepresents them: add a missing-indicator column."
    )
    return Worked("imputed_spread", "s1-data-cleaning", r"\*\*Imputation", tuple(steps), note)


def iqr(question: str) -> Worked | None:
    if not re.search(r"\biqr\b|fences?|outliers?|quartile", question, re.I) and not (
        re.search(r"imput|fill", question, re.I) and re.search(r"\bnan\b", question, re.I)
    ):
        return None
    if not re.search(r"\biqr\b|fences?|outliers?|quartile", question, re.I) and imputed_spread(question):
        return None  # the spread after imputation is asked, not outlier fences (heldout21)
    if _SCALING.search(question) and not re.search(r"fences?|flag|1\.5", question, re.I):
        return None  # "what does a robust scaler (median/IQR) give?" asks for scaling, not outlier fences
    raw = _one_column(question)
    if raw is None:
        return None
    values = [v for v in raw if not math.isnan(v)]
    if len(values) < 4:
        return None
    q1, q3 = _percentile(values, 0.25), _percentile(values, 0.75)
    spread = q3 - q1
    low, high = q1 - 1.5 * spread, q3 + 1.5 * spread
    flagged = [v for v in values if v < low or v > high]
    missing = len(raw) - len(values)
    steps = [
        f"Sorted recorded values: {vec(sorted(values))}",
        f"Q1 = {fmt(q1)}, Q3 = {fmt(q3)} (NumPy's default percentiles), IQR = {fmt(spread)}",
        f"Fences: {fmt(q1)} - 1.5 × {fmt(spread)} = {fmt(low)} and {fmt(q3)} + 1.5 × {fmt(spread)} = {fmt(high)}",
        "Flagged: " + (", ".join(fmt(v) for v in flagged) if flagged else "nothing"),
    ]
    mean, median = sum(values) / len(values), _percentile(values, 0.5)
    kept = [v for v in values if v not in flagged]
    centre = missing or _ASKS_CENTRE.search(question)
    those = "flagged value" if len(flagged) == 1 else "flagged values"
    if centre:
        steps.append(
            f"With every recorded value: mean = {fmt(sum(values))} / {len(values)} = {fmt(mean)}, "
            f"median = {fmt(median)}"
        )
        # the learner checked it: "the 240 is real", "it's genuine" (then the entry-error case is not theirs)
        real = re.search(
            r"\b(?:is|are|was|were|it's|they're)\s+(?:real|genuine|legit\w*|correct|valid)\b", question, re.I
        )
        if flagged and not real:
            steps.append(
                f"If the {those} {'is an entry error' if len(flagged) == 1 else 'are entry errors'} and set to "
                f"missing, the median of the {len(kept)} "
                f"remaining values is {fmt(_percentile(kept, 0.5))}"
            )
    if flagged and re.search(r"z[- ]?scores?|\|z\|", question, re.I):
        mu, sd, n = sum(values) / len(values), stdev(values), len(values)
        if sd:
            zs = ", ".join(f"({fmt(v)} - {fmt(mu)}) / {fmt(sd)} = {fmt((v - mu) / sd)}" for v in flagged)
            if math.sqrt(n - 1) <= 3:
                why = (
                    f"with {n} values no |z| can exceed √(n - 1) = {fmt(math.sqrt(n - 1))} (an extreme value inflates "
                    "the std it is divided by), so |z| > 3 can never flag anything here"
                )
            else:
                caught = [v for v in flagged if abs(v - mu) / sd > 3]
                why = f"|z| > 3 flags {', '.join(fmt(v) for v in caught) if caught else 'none of them'}"
            steps.append(f"z-scores of the flagged values (population std {fmt(sd)}): {zs}; {why}")
    note = "The median barely moves with an extreme value while the mean is dragged towards it, so impute the median."
    if centre and kept and flagged and not min(kept) <= mean <= max(kept):
        side = "above" if mean > max(kept) else "below"
        note = (
            f"The {those} {'drags' if len(flagged) == 1 else 'drag'} the mean ({fmt(mean)}) {side} every unflagged "
            f"value, while the median ({fmt(median)}) stays among them. Only an entry error should be set to missing, "
            "and then filled with the median."
        )
    return Worked("iqr", "s1-data-cleaning", r"Tukey's IQR rule", tuple(steps), note if flagged else "")


def scaling(question: str) -> Worked | None:
    """Min-max normalization and the robust scaler of one column, each value: (x - min) / (max - min)
    and (x - median) / IQR (NumPy's default percentiles), as c-feature-scaling defines them."""
    minmax = re.search(r"min[- ]?max", question, re.I)
    robust = re.search(r"robust", question, re.I)
    if not (minmax or robust) or not _SCALING.search(question):
        return None
    raw = _one_column(question)
    if raw is None or any(math.isnan(v) for v in raw) or len(raw) < 3:
        return None
    lo, hi = min(raw), max(raw)
    steps = []
    if minmax and hi > lo:
        steps += [
            f"min-max: x' = (x - {fmt(lo)}) / ({fmt(hi)} - {fmt(lo)}) = (x - {fmt(lo)}) / {fmt(hi - lo)}",
            f"min-max: {vec(raw)} → {vec([(v - lo) / (hi - lo) for v in raw])}",
        ]
    median, q1, q3 = _percentile(raw, 0.5), _percentile(raw, 0.25), _percentile(raw, 0.75)
    if robust and q3 > q1:
        steps += [
            f"robust: median = {fmt(median)}, Q1 = {fmt(q1)}, Q3 = {fmt(q3)} (NumPy's default percentiles), "
            f"IQR = {fmt(q3 - q1)}; x' = (x - {fmt(median)}) / {fmt(q3 - q1)}",
            f"robust: {vec(raw)} → {vec([(v - median) / (q3 - q1) for v in raw])}",
        ]
    if not steps:
        return None
    note = ""
    if minmax and robust and hi > lo and q3 > q1:
        inner = [v for v in raw if q1 - 1.5 * (q3 - q1) <= v <= q3 + 1.5 * (q3 - q1)]
        if len(inner) < len(raw) and len(inner) >= 2:
            a, b = min(inner), max(inner)
            span, iqr_ = hi - lo, q3 - q1
            note = (
                f"The extreme value sets the min-max range, so the other values fit between {fmt((a - lo) / span)} "
                f"and {fmt((b - lo) / span)}; the robust scaler spreads them from {fmt((a - median) / iqr_)} "
                f"to {fmt((b - median) / iqr_)}."
            )
    return Worked("scaling", "c-feature-scaling", r"robust scaler computes", tuple(steps), note)


# --- Pearson correlation of two lists (s1-eda) ------------------------------------------------------


def _ranks(values: list[float]) -> list[float]:
    """1-based ranks, ties given the average of the ranks they span."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


NO_ASSOCIATION = 0.05  # |r| below this reads as no linear association, not a weak one


def pearson(question: str) -> Worked | None:
    if not re.search(r"pearson|correlation|\bcorr\b|\br\b", question, re.I):
        return None
    if cosine_pearson(question):
        return None  # cosine beside Pearson on two rating columns: `cosine_pearson` works both
    if re.search(
        r"\br2(?:_score)?\b|r\s*\^\s*2|r²|r[- ]squared|coefficient of determination", question, re.I
    ) and not re.search(r"pearson", question, re.I):
        return None  # an R² question: `r_squared` works it, with the correlation beside it
    lists = [v for _, t in bracketed(question) if (v := literal(t)) is not None and len(shape_of(v) or ()) == 1]
    if not lists:  # "ad spend of 2k, 3k, 5k, 6k and 9k, sales 50, 58, 61, 70 and 76"
        lists = prose_lists(question)
    if len(lists) != 2 or len(lists[0]) != len(lists[1]) or len(lists[0]) < 3:
        return None
    x, y = lists
    mx, my = sum(x) / len(x), sum(y) / len(y)
    dx, dy = [v - mx for v in x], [v - my for v in y]
    sxy = sum(a * b for a, b in zip(dx, dy, strict=True))
    sxx, syy = sum(a * a for a in dx), sum(b * b for b in dy)
    if not sxx or not syy:
        return None
    r = sxy / math.sqrt(sxx * syy)
    steps = (
        f"means: x̄ = {fmt(mx)}, ȳ = {fmt(my)}",
        f"deviations: x - x̄ = {vec(dx)}, y - ȳ = {vec(dy)}",
        f"Σ(x - x̄)(y - ȳ) = {fmt(sxy)}, Σ(x - x̄)² = {fmt(sxx)}, Σ(y - ȳ)² = {fmt(syy)}",
        f"r = {fmt(sxy)} / √({fmt(sxx)} × {fmt(syy)}) = {fmt(r)}",
    )
    rho = None
    if re.search(r"spearman|rank correlation", question, re.I):
        rx, ry = _ranks(x), _ranks(y)
        mr = (len(x) + 1) / 2
        sab = sum((a - mr) * (b - mr) for a, b in zip(rx, ry, strict=True))
        saa, sbb = sum((a - mr) ** 2 for a in rx), sum((b - mr) ** 2 for b in ry)
        rho = sab / math.sqrt(saa * sbb)
        steps += (
            f"Spearman: ranks of x = {vec(rx)}, ranks of y = {vec(ry)} (ties share their average rank)",
            f"Spearman ρ = Pearson r of the ranks = {fmt(sab)} / √({fmt(saa)} × {fmt(sbb)}) = {fmt(rho)}",
        )
    strength = "strong" if abs(r) >= 0.7 else "moderate" if abs(r) >= 0.4 else "weak"
    sign = "positive" if r > 0 else "negative"
    if abs(r) >= NO_ASSOCIATION:
        note = f"A {strength} {sign} linear association; correlation alone does not show that one causes the other."
    else:  # heldout37: y = x^2 on -2..2 gives r = 0, and "a weak negative" was false
        note = (
            f"No linear association (r = {fmt(r)}), which is not the same as no relationship: r measures only how "
            "well a straight line fits, so a curve can hide behind r near 0; plot it."
        )
        if rho is not None and abs(rho) < NO_ASSOCIATION:
            note += (
                f" Spearman's ρ = {fmt(rho)} as well: ranks capture a monotonic relationship, not one that falls "
                "and then rises, so neither number sees a U-shape."
            )
    if re.search(r"covariance|np\.cov", question, re.I):
        cov = sxy / (len(x) - 1)
        steps += (
            f"sample covariance = Σ(x - x̄)(y - ȳ) / (n - 1) = {fmt(sxy)} / {len(x) - 1} = {fmt(cov)}; with x in "
            f"units 100 times smaller (metres to centimetres) it is {fmt(100 * cov)}, while r stays {fmt(r)}",
        )
        note = (
            "Covariance carries the units of both variables, so its size says nothing about strength; the correlation "
            f"r = {fmt(r)} is unit-free and is the number to report. " + note
        )
    if rho is not None and abs(rho) > abs(r) + 0.01:
        note = (
            f"Spearman's ρ ({fmt(rho)}) is above Pearson's r ({fmt(r)}): ranks ignore how far apart the values are, "
            "so an extreme value or a curved but monotonic trend lowers r more than ρ. A high r alone does not show "
            "a straight line; plot it."
        )
    # one point can make r: heldout20's x = 1, 2, 3, 4, 20 and y = 4, 3, 2, 1, 20 give r = 0.96 and ρ = 0,
    # and "a strong positive linear association" there was a false claim
    if len(x) >= 5 and abs(r) >= NO_ASSOCIATION:
        i = max(range(len(x)), key=lambda j: abs(dx[j] * dy[j]))
        rest_x, rest_y = x[:i] + x[i + 1 :], y[:i] + y[i + 1 :]
        r_rest = _r(rest_x, rest_y)
        if r_rest is not None and (r_rest * r < 0 or abs(r) - abs(r_rest) > 0.4):
            steps += (f"without the point ({fmt(x[i])}, {fmt(y[i])}): r = {fmt(r_rest)}",)
            note = (
                f"One point makes r: without ({fmt(x[i])}, {fmt(y[i])}) the other {len(rest_x)} give r = "
                f"{fmt(r_rest)}, so r = {fmt(r)} does not show a {sign} linear trend in the data as a whole; plot it, "
                "and correlation alone does not show that one causes the other."
            )
    return Worked("pearson", "s1-eda", r"\*\*Pearson correlation\*\*", steps, note)


def _r(x: list[float], y: list[float]) -> float | None:
    mx, my = sum(x) / len(x), sum(y) / len(y)
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx, syy = sum((a - mx) ** 2 for a in x), sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else None


# --- the reading's Clipper -> Standardizer pipeline on a column (s1-software-engineering) ------------


def pipeline(question: str) -> Worked | None:
    """The reading's Pipeline on one column: two steps in either order (`_pipeline_two`), or any chain of Clippers
    and Standardizers with new rows scored by the fitted steps (`_pipeline_chain`)."""
    return _pipeline_two(question) or _pipeline_chain(question)


def _pipeline_two(question: str) -> Worked | None:
    """Pipeline([Clipper(low, high), Standardizer()]).fit_transform(X) on one column: clip, then
    (x - mean) / std with NumPy's default (population) std, each step fitted on what the one
    before returned; both orders when the learner writes both pipelines."""
    for body in re.findall(r"Pipeline\(\s*\[([^\]]*)\]", question):
        if len(_STEP.findall(body)) > 2 or re.sub(r"[\s,]", "", _STEP.sub("", body)):
            return None  # three steps or more (`_pipeline_chain`), or a step the reading does not define
    clips = {(m[1], m[2]) for m in re.finditer(rf"Clipper\(\s*({NUM})\s*,\s*({NUM})\s*\)", question)}
    if len(clips) != 1:
        return None
    clip_args = next(iter(clips))
    # the order of the steps: the calls in each Pipeline([...]), or "Clipper(0, 10) → Standardizer"
    orders = []
    for m in re.finditer(r"Pipeline\(\s*\[([^\]]*)\]", question):
        body = m[1]
        c, z = body.find("Clipper"), re.search(r"Standardi[sz]er", body)
        if c >= 0 and z:
            orders.append(c < z.start())
    chained = re.search(r"Clipper\([^)]*\)\s*(?:→|->|then|,)\s*Standardi[sz]er", question)
    called = re.search(r"Standardi[sz]er\s*\(", question)
    if not orders:
        if called is None and chained is None:
            return None
        first_clip = question.find("Clipper(")
        orders = [chained is not None or (called is not None and first_clip < called.start())]
    orders = list(dict.fromkeys(orders))
    arrays = [v for _, t in bracketed(question) if (v := literal(t)) is not None]
    columns = [v for v in arrays if shape_of(v) in ((len(v), 1), (len(v),)) and len(v) >= 2]
    if len(columns) != 1:
        return None
    xs = [row[0] if isinstance(row, list) else row for row in columns[0]]
    low, high = to_float(clip_args[0]), to_float(clip_args[1])
    if low > high or len(xs) > 12:
        return None
    steps: list[str] = []
    results = []
    for clip_first in orders:
        head = "" if len(orders) == 1 else ("clip first: " if clip_first else "standardize first: ")
        values = xs
        for step in ("clip", "scale") if clip_first else ("scale", "clip"):
            if step == "clip":
                clipped = [min(max(x, low), high) for x in values]
                steps.append(f"{head}Clipper({fmt(low)}, {fmt(high)}): np.clip({vec(values)}) = {vec(clipped)}")
                values = clipped
            else:
                mean, std = sum(values) / len(values), stdev(values)
                if std == 0:
                    return None
                steps.append(
                    f"{head}Standardizer fitted on {vec(values)}: mean = {fmt(mean)}, std (population, NumPy's "
                    f"default) = {fmt(std)}"
                )
                values = [(x - mean) / std for x in values]
                steps.append(f"{head}(x - {fmt(mean)}) / {fmt(std)} = {vec([round(v, 4) for v in values])}")
        results.append([round(v, 4) for v in values])
    if len(orders) == 2:
        same = "the same" if results[0] == results[1] else "different"
        steps.append(f"the two orders give {same} results: {vec(results[0])} and {vec(results[1])}")
        note = "Each step is fitted on the output of the one before it, so the order of the steps matters."
    elif orders[0]:
        note = (
            "Each step is fitted on the output of the one before it, so the mean and std are those of the clipped "
            "column."
        )
    else:
        note = "Here the Standardizer runs first, so the Clipper clips the standardized values."
    return Worked("pipeline", "s1-software-engineering", r"class Pipeline:", tuple(steps), note)


_STEP = re.compile(rf"Clipper\(\s*({NUM})\s*,\s*({NUM})\s*\)|Standardi[sz]er\(\s*\)")
_NEW_ROWS = r"(?:new|unseen|test|serving)\s+(?:rows?|data|points?|values?|inputs?|samples?)|\btransform\s*\(|\bscore\b"


def _pipeline_chain(question: str) -> Worked | None:
    """Pipeline([Clipper(0, 10), Standardizer(), Clipper(-1, 1)]).fit_transform(X) on one column, each step fitted on
    what the one before returned; with new rows, a transform method that applies each fitted step in order (the
    Standardizer keeps its training mean and std)."""
    calls = re.findall(r"Pipeline\(\s*\[([^\]]*)\]\s*\)", question)
    if len(set(calls)) != 1:
        return None
    body = calls[0]
    found = list(_STEP.finditer(body))
    if len(found) < 2 or re.sub(r"[\s,]", "", _STEP.sub("", body)):
        return None  # a step the reading does not define, or only one step
    chain: list[tuple[float, float] | None] = []
    for m in found:
        if m[1] is None:
            chain.append(None)
        elif to_float(m[1]) > to_float(m[2]):
            return None
        else:
            chain.append((to_float(m[1]), to_float(m[2])))
    if None not in chain:
        return None
    train, new = None, None
    for at, text in bracketed(question):
        values = literal(text)
        if values is None or shape_of(values) not in ((len(values), 1), (len(values),)):
            continue
        column = [row[0] if isinstance(row, list) else row for row in values]
        before = question[max(0, at - 40) : at]
        if re.search(r"\bX\s*=\s*(?:np\.array\(\s*)?$", before):
            if train is not None:
                return None
            train = column
        elif re.search(_NEW_ROWS, before, re.I):
            if new is not None:
                return None
            new = column
        else:
            return None  # a column whose role is not named
    if train is None or len(train) < 2 or len(train) > 12 or (new is not None and len(new) > 12):
        return None
    steps: list[str] = []
    values = train
    fitted: list[tuple[str, float, float]] = []
    for step in chain:
        if step is None:
            mean, std = sum(values) / len(values), stdev(values)
            if std == 0:
                return None
            values = [(x - mean) / std for x in values]
            steps.append(
                f"Standardizer fitted on the previous output: mean = {fmt(mean)}, std (population, NumPy's default) = "
                f"{fmt(std)}; (x - {fmt(mean)}) / {fmt(std)} = {vec([round(v, 4) for v in values])}"
            )
            fitted.append(("scale", mean, std))
        else:
            low, high = step
            clipped = [min(max(x, low), high) for x in values]
            steps.append(
                f"Clipper({fmt(low)}, {fmt(high)}): np.clip({vec([round(v, 4) for v in values])}) = "
                f"{vec([round(v, 4) for v in clipped])}"
            )
            values = clipped
            fitted.append(("clip", low, high))
    steps.append(f"fit_transform(X) returns {vec([round(v, 4) for v in values])}")
    note = "Each step is fitted on the output of the one before it, so the order of the steps matters."
    if new is not None:
        steps.append(
            "transform without refitting: def transform(self, X): for step in self.steps: X = step.transform(X); "
            "return X"
        )
        values = new
        for kind, a, b in fitted:
            if kind == "clip":
                out = [min(max(x, a), b) for x in values]
                steps.append(f"new rows, Clipper({fmt(a)}, {fmt(b)}): {vec([round(v, 4) for v in out])}")
            else:
                out = [(x - a) / b for x in values]
                steps.append(
                    f"new rows, stored mean {fmt(a)} and std {fmt(b)}: (x - {fmt(a)}) / {fmt(b)} = "
                    f"{vec([round(v, 4) for v in out])}"
                )
            values = out
        steps.append(f"transform(new rows) returns {vec([round(v, 4) for v in values])}")
        note = (
            "transform reuses the state each step learned in fit (the Standardizer's _mean and _std), so new rows are "
            "scaled like the training rows; calling fit_transform on them would refit every step on the new rows. "
            "Pipeline.transform relies only on the shared transform interface, not on which classes its steps are."
        )
    return Worked("pipeline", "s1-software-engineering", r"class Pipeline:", tuple(steps), note)


# --- a confidence interval for an accuracy (s1-probability-statistics) ----------------------------------


def proportion_ci(question: str) -> Worked | None:
    """'344 of 400 right': p = k / n, SE = √(p(1 - p) / n), 95% interval p ± 1.96 SE (normal approximation);
    halving the width takes four times the examples."""
    if not re.search(r"confidence interval|standard error|\bSE\b|margin of error", question, re.I):
        return None
    m = re.search(
        rf"({NUM})\s+(?:of|out of)\s+(?:the\s+)?({NUM})\b(?:\s+\w+){{0,3}}\s+"
        r"(?:right|correct|positive|clicked|converted)",
        question,
        re.I,
    )
    if not m:
        return _accuracy_test_sets(question)
    k, n = to_float(m[1]), to_float(m[2])
    if not 0 < k < n:
        return None
    p = k / n
    se = math.sqrt(p * (1 - p) / n)
    steps = [
        f"p = {fmt(k)} / {fmt(n)} = {fmt(p)}; standard error = √(p(1 - p) / n) = √({fmt(p)} × {fmt(1 - p)} / {fmt(n)}) "
        f"= {fmt(se)}",
        f"95% interval: {fmt(p)} ± 1.96 × {fmt(se)} = {fmt(p)} ± {fmt(1.96 * se)} = [{fmt(p - 1.96 * se)}, "
        f"{fmt(p + 1.96 * se)}]",
    ]
    if re.search(r"half|narrower|twice as|double", question, re.I):
        steps.append(
            f"the width shrinks with √n: half as wide needs 4 times the examples ({fmt(4 * n)}), not twice as many"
        )
    note = (
        "The 95% is a property of the procedure: intervals built this way cover the true accuracy 95% of the time; "
        "it is not a 95% probability that this one interval holds it."
    )
    return Worked("proportion_ci", "s1-probability-statistics", r"standard error", tuple(steps), note)


_ACCURACY = re.compile(
    rf"({NUM})\s*%\s*accura(?:te|cy)|accuracy\s+(?:of\s+|is\s+|=\s*|about\s+|around\s+|~\s*)*({NUM})\s*(%?)", re.I
)
_TEST_ROWS = re.compile(
    rf"({NUM})[- ](?:rows?|examples?|samples?|images?|records?)\s+test(?:[- ]set)?\b"
    rf"|test(?:[- ]set)?\s+(?:of|with|has|holds)\s+({NUM})\s+(?:rows|examples|samples|images|records)",
    re.I,
)
_TEST_SHARE = re.compile(rf"({NUM})\s*%\s+test(?:[- ]set)?\b|test(?:[- ]set)?\s+of\s+({NUM})\s*%", re.I)
_TOTAL_ROWS = re.compile(
    r"(\d[\d,]*(?:\.\d+)?)\s*(million|thousand|k)?\s+(?:labell?ed\s+)?(?:rows|examples|samples)", re.I
)


def _accuracy_test_sets(question: str) -> Worked | None:
    """'a 200-row test set', '2 million rows and a 1% test set', 'about 85% accurate': the standard error
    √(p(1 - p) / n) of the test accuracy and its rough 95% interval for each test set, one per sentence."""
    if not re.search(r"accura", question, re.I) or not re.search(r"\btest", question, re.I):
        return None
    accuracies = set()
    for m in _ACCURACY.finditer(question):
        value = to_float(m[1] or m[2])
        accuracies.add(value / 100 if m[1] or m[3] or value > 1 else value)
    if len(accuracies) != 1:
        return None  # none, or two: which set each belongs to is not clear
    p = accuracies.pop()
    if not 0 < p < 1:
        return None
    sizes: list[tuple[float, str]] = []
    for sentence in re.split(r"(?<=[.?!;])\s+", question):
        rows = {to_float(a or b) for a, b in _TEST_ROWS.findall(sentence)}
        shares = {to_float(a or b) for a, b in _TEST_SHARE.findall(sentence)}
        totals = {to_float(n) * SCALE.get(w.lower(), 1) for n, w in _TOTAL_ROWS.findall(sentence)}
        if len(rows) > 1 or len(shares) > 1:
            return None
        if rows:
            sizes.append((rows.pop(), ""))
        elif shares:
            if len(totals) != 1:
                return None  # a share of what is not clear
            share, total = shares.pop(), totals.pop()
            n = total * share / 100
            if n != int(n):
                return None
            sizes.append((n, f"{fmt(share)}% of {fmt(total)} = {fmt(n)} rows; "))
    if not sizes or len(sizes) > 4 or any(n < 2 for n, _ in sizes):
        return None
    steps = []
    for n, how in sizes:
        se = math.sqrt(p * (1 - p) / n)
        steps.append(
            f"{how}test set of {fmt(n)}: standard error = √(p(1 - p) / n) = √({fmt(p)} × {fmt(1 - p)} / {fmt(n)}) = "
            f"{fmt(se)}; rough 95% interval {fmt(p)} ± 1.96 × {fmt(se)} = {fmt(p)} ± {fmt(1.96 * se)} = "
            f"[{fmt(p - 1.96 * se)}, {fmt(p + 1.96 * se)}]"
        )
    if len(sizes) == 2 and sizes[0][0] != sizes[1][0]:
        (a, _), (b, _) = sorted(sizes)
        steps.append(
            f"the standard error shrinks with √n: {fmt(b)} / {fmt(a)} = {fmt(b / a)} times the rows gives an interval "
            f"√{fmt(b / a)} = {fmt(math.sqrt(b / a))} times narrower"
        )
    note = (
        "Test accuracy is a proportion, so its uncertainty depends on the number of test rows, not on their share of "
        "the data; differences between models smaller than about two standard errors are within the noise."
    )
    return Worked("proportion_ci", "s1-probability-statistics", r"standard error", tuple(steps), note)


# --- a Poisson count: mean, variance, waiting time, the standard error of an average ---------------

_PER = {"second": 1 / 60, "minute": 1.0, "hour": 60.0, "day": 1440.0}


def poisson(question: str) -> Worked | None:
    """Counts at an average rate λ per interval: mean = variance = λ, sd √λ, the mean wait between events
    1/λ of the interval; and the standard error √λ / √n of the average over n intervals when asked."""
    if not re.search(r"poisson", question, re.I):
        return None
    rate = re.findall(
        rf"(?:average|mean|rate)\s+(?:of\s+)?({NUM})\s+(?:\w+\s+)?(?:per|an?|each)\s+(second|minute|hour|day)",
        question,
        re.I,
    )
    if not rate:  # "calls arrive at 9 per hour on average": the one count per interval the message gives
        per = r"\s+(?:[a-z]+\s+){0,2}(?:per|an?|each)\s+(second|minute|hour|day)\b"
        rate = re.findall(rf"(?<![\d.])({NUM}){per}", question, re.I)
    if len(set(rate)) != 1:
        return None
    lam, unit = to_float(rate[0][0]), rate[0][1].lower()
    if lam <= 0:
        return None
    sd = math.sqrt(lam)
    steps = [
        f"Poisson(λ = {fmt(lam)} per {unit}): mean = variance = {fmt(lam)}, standard deviation √{fmt(lam)} = {fmt(sd)}",
    ]
    wait = 1 / lam
    minutes = wait * _PER[unit]
    shown = f" = {fmt(minutes)} minutes" if unit in ("hour", "day") else ""
    steps.append(f"mean wait between events (exponential) = 1/λ = {fmt(wait)} {unit}{shown}")
    n = re.findall(rf"(?:over|across|of|for)\s+({NUM})\s+{unit}s", question, re.I)
    if len(set(n)) == 1 and re.search(r"standard error|average|mean of", question, re.I):
        k = to_float(n[0])
        steps.append(
            f"average over {fmt(k)} {unit}s: standard error = σ / √n = {fmt(sd)} / √{fmt(k)} = {fmt(sd / math.sqrt(k))}"
        )
    return Worked("poisson", "s1-probability-statistics", r"\*Poisson\(lambda\)\*", tuple(steps))


# --- nearest neighbours before and after standardizing (c-feature-scaling) --------------------------

_POINT = re.compile(rf"\b([A-Z])\s*=\s*\(\s*({NUM})[^,()]*,\s*({NUM})[^,()]*\)")


def knn_scaling(question: str) -> Worked | None:
    """Named two-feature points: the first one's Euclidean distance to the others in raw units and after
    standardizing with the given training means and standard deviations, and its nearest neighbour each way."""
    if not re.search(r"nearest|k-?nn|neighbou?r", question, re.I) or not re.search(
        r"standardi[sz]|z-?score", question, re.I
    ):
        return None
    points = {m[1]: (to_float(m[2]), to_float(m[3])) for m in _POINT.finditer(question)}
    means = re.search(rf"means?\s+(?:are|of|=)?\s*({NUM})[^,.;?]*?\s+and\s+({NUM})", question, re.I)
    sds = re.search(
        rf"(?:standard deviations?|std|sds?)\s+(?:are|of|=)?\s*({NUM})[^,.;?]*?\s+and\s+({NUM})", question, re.I
    )
    if len(points) < 3 or not means or not sds:
        return None
    mu = (to_float(means[1]), to_float(means[2]))
    sd = (to_float(sds[1]), to_float(sds[2]))
    if 0 in sd:
        return None
    names = list(points)
    query = re.search(r"\b([A-Z])'s nearest|nearest (?:neighbou?r )?(?:of|to) ([A-Z])\b", question)
    q = (query[1] or query[2]) if query else names[0]
    if q not in points:
        return None
    others = [n for n in names if n != q]

    def z(p: tuple[float, float]) -> tuple[float, float]:
        return ((p[0] - mu[0]) / sd[0], (p[1] - mu[1]) / sd[1])

    steps = []
    for label, f in (("raw units", lambda p: p), ("standardized", z)):
        qa = f(points[q])
        dists = {n: math.dist(qa, f(points[n])) for n in others}
        shown = "; ".join(f"{q}-{n} = {fmt(d)}" for n, d in dists.items())
        if label == "standardized":
            coords = ", ".join(f"{n} = ({fmt(z(points[n])[0])}, {fmt(z(points[n])[1])})" for n in names)
            steps.append(
                f"z = (x - mean) / sd with means ({fmt(mu[0])}, {fmt(mu[1])}) and sds ({fmt(sd[0])}, "
                f"{fmt(sd[1])}): {coords}"
            )
        best = min(dists.values())
        winners = [n for n, d in dists.items() if abs(d - best) < 1e-12]
        steps.append(f"{label}: {shown}; nearest to {q}: {' and '.join(winners)}")
    return Worked("knn_scaling", "c-feature-scaling", r"\*\*Distance-based methods\*\*", tuple(steps))


# --- conditional probabilities from counts (s1-probability-statistics) ---------------------------

_POPULATION = r"(?:users|customers|people|patients|emails|students|visitors|subscribers|accounts|transactions)"


def count_table(question: str) -> Worked | None:
    """A total, a group A, an event B and how many of B are in A ("1,000 users: 300 use the app, 120
    churned, and 60 of those churners were app users"): P(B | A) against P(A | B), P(B | not A), and
    the independence check P(A and B) against P(A) P(B)."""
    if not re.search(r"probabilit|chance|independen|\bP\(", question, re.I):
        return None
    head = re.search(rf"({NUM})\s+{_POPULATION}\b\s*[:,;(]", question, re.I)
    if not head:
        return None
    rest = question[head.end() :]
    both = re.search(rf"({NUM})\s+of\s+(?:those|these|them|the)\b([^,.;?]*)", rest, re.I)
    if not both:
        return None
    # the two counts before "N of those": the group, then the event "those" points back to
    before = [
        (m[1], m[2].strip())
        for m in re.finditer(rf"({NUM})(?!\s*%)\s+((?:[a-z][\w'-]*\s*){{1,6}})", rest[: both.start()], re.I)
    ]
    if any(re.match(r"of\s+(?:whom|which|them|those)\b", text, re.I) for _, text in before):
        return None  # "80 of whom have the disease": a subset told another way, left to the counts calculators
    if len(before) != 2:
        return None
    n, a, b, ab = (to_float(x) for x in (head[1], before[0][0], before[1][0], both[1]))
    if not (0 < ab <= min(a, b) and a < n and b < n and n == int(n)):
        return None
    a_name = re.sub(r"^(?:use|used|are|were|have|had)\s+(?:the\s+)?", "", before[0][1]).strip() or "A"
    b_name = re.sub(r"^(?:are|were)\s+", "", before[1][1]).strip() or "B"
    b_name = re.sub(r"\s+in total$", "", b_name)
    p_b, p_a = b / n, a / n
    rest_b, rest_n = b - ab, n - a
    steps = [
        f"A = {a_name} ({fmt(a)} of {fmt(n)}), B = {b_name} ({fmt(b)} of {fmt(n)}), both: {fmt(ab)}",
        f"P(B | A) = {fmt(ab)} / {fmt(a)} = {fmt(ab / a)}, while P(A | B) = {fmt(ab)} / {fmt(b)} = {fmt(ab / b)}: "
        "two different questions",
        f"P(B) = {fmt(b)} / {fmt(n)} = {fmt(p_b)}; "
        f"P(B | not A) = {fmt(rest_b)} / {fmt(rest_n)} = {fmt(rest_b / rest_n)}",
        f"independence check: P(A and B) = {fmt(ab)} / {fmt(n)} = {fmt(ab / n)} against P(A) P(B) = {fmt(p_a)} × "
        f"{fmt(p_b)} = {fmt(p_a * p_b)}",
    ]
    close = abs(ab / n - p_a * p_b) <= 0.1 * p_a * p_b
    note = "P(A | B) is not P(B | A): the share of B that is A says nothing directly about how often A leads to B. " + (
        "The two sides of the check are close, so the counts look independent."
        if close
        else f"P(B | A) = {fmt(ab / a)} differs from P(B | not A) = {fmt(rest_b / rest_n)}, so they do not look "
        "independent (a difference in rates is not proof of cause)."
    )
    return Worked("count_table", "s1-probability-statistics", r"\*\*Conditional probability\*\*", tuple(steps), note)


# --- distances with a category integer-coded or one-hot (s1-data-cleaning) -----------------------

_CODE = re.compile(r"\b([A-Z][a-z]+)\s*=\s*(\d+)\b")
_CATEGORY_POINT = re.compile(rf"\b([A-Z])\s*=\s*\(\s*({NUM})\s*,\s*([A-Z][a-z]+)\s*\)")


def coded_distances(question: str) -> Worked | None:
    """Points with one numeric feature and one category ("A = (0.2, Oslo)") and the category's integer
    codes ("Oslo=0, Cairo=1"): Euclidean distances from the first point with the codes as numbers and
    with one-hot columns, and the nearest neighbour each way."""
    if not re.search(r"encod|one[- ]hot|dumm", question, re.I):
        return None
    codes = {name: int(v) for name, v in _CODE.findall(question)}
    points = [(m[1], to_float(m[2]), m[3]) for m in _CATEGORY_POINT.finditer(question)]
    if len(codes) < 2 or len(points) < 3 or any(c not in codes for _, _, c in points):
        return None
    (a, ax, ac), others = points[0], points[1:]
    coded, onehot = [], []
    for name, x, c in others:
        dx = (x - ax) ** 2
        dc = (codes[c] - codes[ac]) ** 2
        dh = 0 if c == ac else 2
        coded.append((math.sqrt(dx + dc), name))
        onehot.append((math.sqrt(dx + dh), name))
    steps = [
        "with the codes as numbers: "
        + "; ".join(
            f"d({a}, {n}) = √(({fmt(x)} - {fmt(ax)})² + ({codes[c]} - {codes[ac]})²) = {fmt(d)}"
            for (d, n), (_, x, c) in zip(coded, others, strict=True)
        )
        + f"; nearest: {min(coded)[1]}",
        "one-hot: two different categories differ in two columns (one 1 and one 0 each), adding 1² + 1² = 2; "
        + "; ".join(
            f"d({a}, {n}) = √({fmt((x - ax) ** 2)} + {0 if c == ac else 2}) = {fmt(d)}"
            for (d, n), (_, x, c) in zip(onehot, others, strict=True)
        )
        + f"; nearest: {min(onehot)[1]}",
    ]
    note = (
        "Integer codes invent an order and distances between categories that do not exist (here "
        + ", ".join(f"{c} = {v}" for c, v in list(codes.items())[:4])
        + "), and k-NN takes them at face value. One-hot keeps every pair of different categories equally far apart."
    )
    return Worked("coded_distances", "s1-data-cleaning", r"\*one-hot encoding\* creates", tuple(steps), note)


# --- alert rates from a normal model (s1-probability-statistics) ---------------------------------


def normal_tail(question: str) -> Worked | None:
    """A quantity roughly normal with a mean and an SD, and an alert below (and above) a threshold: z, the
    one-tail share, the days a year it fires on normal days, both sides together, and the threshold that
    gives about one false alarm a year when asked."""
    if not re.search(r"normal", question, re.I) or not re.search(r"alert|alarm|flag", question, re.I):
        return None
    mean = re.search(rf"mean\s+(?:of\s+)?{SCALED_WORDS}", question, re.I)
    sd = re.search(rf"(?:SD|standard deviation|std)\s+(?:of\s+)?{SCALED_WORDS}", question, re.I)
    low = re.search(rf"(?:below|under|drops? (?:below|under)|less than)\s+{SCALED_WORDS}", question, re.I)
    high = re.search(rf"(?:above|over|more than|exceeds?)\s+{SCALED_WORDS}", question, re.I)
    if not mean or not sd or not (low or high):
        return None
    mu, sigma = scaled(mean), scaled(sd)
    if sigma <= 0:
        return None
    z_dist = NormalDist()
    steps, total = [], 0.0
    for side, m in (("below", low), ("above", high)):
        if not m:
            continue
        x = scaled(m)
        z = (x - mu) / sigma
        share = z_dist.cdf(z) if side == "below" else 1 - z_dist.cdf(z)
        total += share
        steps.append(
            f"{side} {fmt(x)}: z = ({fmt(x)} - {fmt(mu)}) / {fmt(sigma)} = {fmt(z, 2)}; one tail P = {fmt(share, 4)}, "
            f"about {fmt(365 * share, 1)} normal days a year"
        )
    if low and high:
        steps.append(f"both sides: {fmt(total, 4)}, about {fmt(365 * total, 1)} days a year")
    if re.search(r"once a year|one (?:false )?alarm (?:a|per) year|1 (?:false )?alarm (?:a|per) year", question, re.I):
        z1 = round(z_dist.inv_cdf(1 / 365), 2)  # the z shown is the z used: 2.78 × 2,000, not 2.777 × 2,000
        steps.append(
            f"one false alarm a year: P = 1/365 = {fmt(1 / 365, 4)}, z = {fmt(z1, 2)}, threshold "
            f"{fmt(mu)} {'-' if z1 < 0 else '+'} {fmt(abs(z1), 2)} × {fmt(sigma)} = {fmt(mu + z1 * sigma)}"
        )
    note = (
        "The 95%-within-about-2-SD rule is two-sided: one tail beyond 2 SD holds only about 2.3%, not 5%."
        if re.search(r"\b95\s*%|\b5\s*%", question)
        else ""
    )
    return Worked("normal_tail", "s1-probability-statistics", r"about 95% within 1\.96 standard", tuple(steps), note)


# --- duplicated records across a random split (c-data-leakage) -----------------------------------


def split_duplicates(question: str) -> Worked | None:
    """N records that appear exactly twice and a random train/test split: the chance a pair is split
    2p(1 - p), the expected split pairs, and the share of the test set with a copy in training."""
    pairs = re.search(
        rf"({NUM})\s+(?:records|rows|examples|samples)\s+(?:that\s+)?appear\s+(?:exactly\s+)?twice", question, re.I
    )
    split = re.search(r"(\d{2})\s*/\s*(\d{2})\s+(?:train\s*/\s*test\s+)?split", question, re.I)
    total = re.search(rf"({NUM})[- ]rows?\b", question, re.I)
    if not pairs or not split or not total or int(split[1]) + int(split[2]) != 100:
        return None
    n_pairs, p, rows = to_float(pairs[1]), int(split[1]) / 100, to_float(total[1])
    q = 1 - p
    chance = 2 * p * q
    expected = n_pairs * chance
    test_rows = rows * q
    steps = (
        f"a pair is split when one copy lands in train and the other in test: 2 × {fmt(p)} × {fmt(q)} = {fmt(chance)}",
        f"expected split pairs: {fmt(n_pairs)} × {fmt(chance)} = {fmt(expected)}",
        f"test set: {fmt(rows)} × {fmt(q)} = {fmt(test_rows)} rows, of which about {fmt(expected)} "
        f"({pct(expected / test_rows)}) have an exact copy in training",
    )
    note = "Those test rows were seen in training, so the test score is inflated: remove duplicates before splitting."
    return Worked("split_duplicates", "c-data-leakage", r"\*\*Duplicates across splits\*\*", steps, note)


# --- a log transform of a skewed feature (s1-data-cleaning) --------------------------------------


def log_transform(question: str) -> Worked | None:
    """Values and log(1 + x) (natural, or log10 / log2 when named): each value transformed, the mean and
    median before and after; and whether the transform can leak (it learns no statistic from the data)."""
    base = re.search(r"\blog(10|2)?\s*\(\s*1\s*\+\s*x\s*\)|\blog1p\b", question, re.I)
    if not base:
        return None
    spans = prose_lists(question)
    lists = [v for v in spans if len(v) >= 3]
    if len(lists) != 1:
        return None
    xs = lists[0]
    if any(x < 0 for x in xs):
        return None
    b = base[1] if base[1] else ""
    fn = {"10": math.log10, "2": math.log2}.get(b, math.log)
    name = f"log{b}(1 + x)" if b else "ln(1 + x)"
    ys = [fn(1 + x) for x in xs]

    def median(v: list[float]) -> float:
        s = sorted(v)
        mid = len(s) // 2
        return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2

    steps = (
        f"values: {', '.join(fmt(x) for x in xs)}; mean {fmt(sum(xs) / len(xs))}, median {fmt(median(xs))}",
        f"{name}: {', '.join(fmt(y, 3) for y in ys)}; mean {fmt(sum(ys) / len(ys), 3)}, median {fmt(median(ys), 3)}",
    )
    note = (
        f"{name} is a fixed formula applied to each value on its own: it learns no statistic from the data, so "
        "applying it before the split leaks nothing (a scaler or imputer fitted on the data is what must see the "
        "training rows only). It pulls in the long right tail, so the mean moves much closer to the median."
    )
    return Worked("log_transform", "s1-data-cleaning", r"A log transform such as", steps, note)


# --- chi-squared test of independence from group counts (s1-probability-statistics) -------------

# "Basic plan: 200 customers, 30 churned" / "group A: 30 of 200 converted"
_GROUP_COUNTS = re.compile(
    rf"(?:^|[.;:,?!]\s*|\band\s+)([A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*){{0,2}})\s*[:=(-]\s*"
    rf"(?:({NUM})\s+{_POPULATION}\b\s*(?:,|with|and|of whom|of which)?\s*({NUM})\s+([a-z][\w-]*)"
    rf"|({NUM})\s+(?:of|out of)\s+({NUM})\s+(?:{_POPULATION}\s+)?([a-z][\w-]*))",
    re.I,
)


def chi2_sf(x: float, df: int) -> float:
    """P(X >= x) for a chi-squared variable with integer `df` degrees of freedom (closed forms)."""
    if x <= 0:
        return 1.0
    half = x / 2
    if df % 2 == 0:
        term, total = 1.0, 1.0
        for i in range(1, df // 2):
            term *= half / i
            total += term
        return math.exp(-half) * total
    total = math.erfc(math.sqrt(half))
    term = math.sqrt(half) / math.gamma(1.5)  # i = 1: half^(1/2) / Γ(3/2)
    for i in range(1, (df + 1) // 2):
        total += math.exp(-half) * term
        term *= half / (i + 0.5)
    return total


def chi_squared_table(question: str) -> Worked | None:
    """Groups each with a total and how many had the event ("Basic plan: 200 customers, 30 churned.
    Premium: 300 customers, 30 churned") and a chi-squared test of independence asked: the table,
    expected counts, the statistic term by term, degrees of freedom, the p-value, the verdict at the
    level asked (0.05 unless named) and, for a 2 x 2 table, Yates' corrected value that
    scipy.stats.chi2_contingency reports by default. Matches scipy."""
    if not re.search(r"chi[- ]?squared?|χ²|χ2|chi2", question, re.I):
        return None
    groups = []
    for m in _GROUP_COUNTS.finditer(question):
        if m[2]:
            name, total, events, word = m[1], to_float(m[2]), to_float(m[3]), m[4]
        else:
            name, events, total, word = m[1], to_float(m[5]), to_float(m[6]), m[7]
        name = re.sub(r"^(?:and|the|for)\s+", "", name.strip(), flags=re.I)
        groups.append((name, total, events, word.lower()))
    if len(groups) < 2 or len({g[3] for g in groups}) != 1:
        return None
    if any(not (0 <= e <= t) or t != int(t) or e != int(e) or t == 0 for _, t, e, _ in groups):
        return None
    word = groups[0][3]
    n = sum(t for _, t, _, _ in groups)
    events = sum(e for _, _, e, _ in groups)
    if events in (0, n):
        return None
    rate = events / n
    rows = [(name, e, t - e, t) for name, t, e, _ in groups]
    steps = [
        "observed: "
        + "; ".join(f"{name} {fmt(e)} {word}, {fmt(o)} not (of {fmt(t)})" for name, e, o, t in rows)
        + f"; totals {fmt(events)} {word} and {fmt(n - events)} not, of {fmt(n)}"
    ]
    expected, terms, yates = [], [], []
    for name, e, o, t in rows:
        ee, eo = t * events / n, t * (n - events) / n
        expected.append(f"{name} {fmt(ee)} {word}, {fmt(eo)} not")
        for obs, exp in ((e, ee), (o, eo)):
            terms.append((obs, exp))
            yates.append((max(0.0, abs(obs - exp) - 0.5)) ** 2 / exp)
    steps.append(
        f"expected count = row total × column total / grand total (overall rate {fmt(events)} / {fmt(n)} = "
        f"{fmt(rate)}): " + "; ".join(expected)
    )
    stat = sum((o - e) ** 2 / e for o, e in terms)
    steps.append(
        "chi-squared = Σ (O - E)² / E = "
        + " + ".join(f"({fmt(o)} - {fmt(e)})² / {fmt(e)}" for o, e in terms)
        + " = "
        + " + ".join(fmt((o - e) ** 2 / e) for o, e in terms)
        + f" = {fmt(stat)}"
    )
    df = len(rows) - 1
    p = chi2_sf(stat, df)
    level = labelled(question, r"(?:alpha|α|significance level|level|at)", sep=r"(?:of|=|:|is)?", number=r"0?\.\d+")
    level = level if level and 0 < level < 0.5 else 0.05
    steps.append(f"degrees of freedom = ({len(rows)} - 1) × (2 - 1) = {df}; p-value = P(χ² ≥ {fmt(stat)}) = {fmt(p)}")
    verdict = (
        f"p = {fmt(p)} < {fmt(level)}: reject independence; the share {word} differs between the groups"
        if p < level
        else f"p = {fmt(p)} ≥ {fmt(level)}: not significant at {fmt(level)}; the data do not show that the share "
        f"{word} "
        "depends on the group, which is not proof that it does not (the test may lack power)"
    )
    steps.append(verdict)
    if df == 1:
        corrected = sum(yates)
        steps.append(
            "with Yates' continuity correction, which scipy.stats.chi2_contingency applies to a 2 × 2 table by "
            f"default, chi-squared = {fmt(corrected)} and p = {fmt(chi2_sf(corrected, 1))}; pass correction=False "
            "for the plain value"
        )
    small = [f"{fmt(e)}" for _, e in terms if e < 5]
    rates = ", ".join(f"{name} {pct(e / t)}" for name, e, _, t in rows)
    note = f"The share {word} is {rates}. " + (
        "Some expected counts are below 5, so the chi-squared approximation is rough; Fisher's exact test suits "
        "small tables."
        if small
        else "Every expected count is at least 5, so the chi-squared approximation is fine."
    )
    return Worked("chi_squared_table", "s1-probability-statistics", r"test statistic", tuple(steps), note)


# --- smoothed target (mean) encoding of a category (c-categorical-encoding) ----------------------

_TE_TOPIC = re.compile(
    r"target[- ]?encod|mean[- ]encod|TargetEncoder|likelihood encod|impact encod|smoothed (?:target |category )?means?",
    re.I,
)
# the overall target mean: "overall churn rate in my training set is 8%", "global mean 0.08", "8% overall"
_TE_OVERALL = (
    re.compile(
        rf"\b(?:overall|global|prior|base|population|grand|dataset)\s+(?:[a-z]+\s+){{0,2}}?"
        rf"(?:(?:rate|mean|average|prior|share|proportion)\b)?[^\d.?!;,]{{0,40}}?({RATE})",
        re.I,
    ),
    re.compile(
        rf"({RATE})\s+(?:[a-z]+\s+){{0,2}}?(?:overall|globally|across (?:the |all |my )?(?:whole |entire )?"
        r"(?:training set|training data|dataset|data|rows))",
        re.I,
    ),
)
# the smoothing weight m: "m = 10", "smoothing weight of 10", "TargetEncoder(smooth=10)", "10 pseudo-counts"
_TE_WEIGHT = (
    re.compile(rf"\bm\s*(?:=|:|is|of)\s*({NUM})", re.I),
    re.compile(
        rf"\bsmooth(?:ing)?(?:\s+(?:weight|factor|parameter|strength|constant))?\s*(?:=|:|is|of)?\s*({NUM})", re.I
    ),
    re.compile(rf"\b(?:prior\s+)?weight\s*(?:=|:|of)\s*({NUM})", re.I),
    re.compile(rf"({NUM})\s+pseudo-?counts?\b", re.I),
)
# a category's name: "Oslo", "New York", "city A" (a capitalized word, or a letter after a category word)
_TE_NAME = re.compile(
    r"(?<![\w'])(?:(?:city|category|group|level|store|region|country|class|bucket|segment|cohort)\s+)?"
    r"[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?"
)
# words that start a sentence or name the method, not a category ("Also", "With", "TargetEncoder")
_TE_WORDS = """
i a an the my our we it if so and but also what how is are do does should can could would with for in on at then now
here say suppose given assume assuming let like note overall global total mean target smoothing smooth encoding
targetencoder categories question q hi hey thanks please ok okay when where which why using use by from to this that
these those each every all training train dataset data scikit-learn sklearn catboost lightgbm xgboost m n k e g eg ie
"""
_TE_NOT_NAMES = frozenset(_TE_WORDS.split())
_N = r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(?![\d.,]*\d)"  # a whole count: not the "40" of "400", nor "0.5"
_TE_LEAD = r"^[^\d%.?!;]{0,40}?"  # what comes between a name and its numbers: " has only ", ": ", " ("
_TE_EVENT = r"(?:of (?:them|those|these|whom|which)\s+)?(?:were\s+|are\s+|have\s+|had\s+|did\s+)?([a-z][\w-]*)"
_TE_COUNTS = (
    # "3 churned out of 6": positives, the event, then the count
    ("kEn", re.compile(rf"{_TE_LEAD}{_N}\s+([a-z][\w-]*)\s+(?:out of|of)\s+(?:the\s+|its\s+)?{_N}(?!\s*%)")),
    # "3 of 6 churned", "3 out of 6 customers churned", "3/6"
    ("kn", re.compile(rf"{_TE_LEAD}{_N}\s*(?:\s(?:out of|of)\s+(?:the\s+|its\s+)?|/\s*){_N}(?!\s*%)\b")),
    # "6 customers (3 churned)", "6 rows, 3 positive", "n = 6, 3 churned", "6 customers, 3 of whom churned"
    (
        "nkE",
        re.compile(
            rf"{_TE_LEAD}(?:n\s*=\s*)?{_N}(?![\d.]*\s*%)(?:\s+[a-z]+){{0,2}}?\s*"
            r"(?:\(|,|;|:|-|\bwith\b|\bwhere\b|\band\b|\bof (?:which|whom|them|those|these)\b)?\s*"
            rf"{_N}(?![\d.]*\s*%)\s+{_TE_EVENT}"
        ),
    ),
    # "6 customers with a churn rate of 50%", "6 customers, 50% churned"
    (
        "nr",
        re.compile(
            rf"{_TE_LEAD}(?:n\s*=\s*)?{_N}(?![\d.]*\s*%)(?:\s+[a-z]+){{0,2}}?"
            rf"(?:[^\d.?!;]{{0,40}}?\b(?:rate|mean|average|share|proportion)\b\s*(?:of|=|:|is|was)?\s*({RATE})"
            rf"|[^\d.?!;]{{0,10}}?({NUM}\s*%))"
        ),
    ),
    # "mean 0.5 over 6 rows", "churn rate 50%, n = 6"
    (
        "rn",
        re.compile(
            rf"{_TE_LEAD}\b(?:rate|mean|average|share|proportion)\b\s*(?:of|=|:|is|was)?\s*({RATE})"
            rf"[^\d.?!;]{{0,30}}?(?:n\s*=\s*|over\s+|from\s+|across\s+|with\s+|of\s+){_N}\b"
        ),
    ),
)


def _te_category(segment: str) -> tuple[Fraction, Fraction, Fraction | None] | None:
    """(n, category mean, positives or None) from the text after a category's name; None when it is unclear."""
    for kind, pattern in _TE_COUNTS:
        m = pattern.search(segment)
        if not m:
            continue
        if re.search(r"\b(?:overall|global|prior|base|whole|entire|all|total|dataset)\b", m[0], re.I):
            return None  # "Oslo has 6 customers and the overall rate is 8%": whose rate is it?
        if kind == "kEn":
            k, n = fraction(m[1]), fraction(m[3])
        elif kind == "kn":
            k, n = fraction(m[1]), fraction(m[2])
        elif kind == "nkE":
            n, k = fraction(m[1]), fraction(m[2])
        else:
            n = fraction(m[1] if kind == "nr" else m[2])
            rate = exact_rate(m[2] or m[3]) if kind == "nr" else exact_rate(m[1])
            if rate is None or n <= 0 or n.denominator != 1:
                return None
            return n, rate, None
        if n <= 0 or not 0 <= k <= n or n.denominator != 1 or k.denominator != 1:
            return None
        return n, k / n, k
    return None


def target_encoding(question: str) -> Worked | None:
    """Smoothed target (mean) encoding: each category's mean of a 0/1 target pulled toward the overall
    mean with a weight m, encoding = (n × category mean + m × overall mean) / (n + m), as the reading
    writes it ("(4 × 0.5 + 10 × 0.10) / (4 + 10)"); a category named with its count and positives
    ("Oslo has only 6 customers (3 churned)", "Oslo: 3 of 6 churned") or its rate ("6 customers with a churn
    rate of 50%"). None unless the overall mean, the weight m and at least one category are each read
    once, without a second candidate."""
    if not _TE_TOPIC.search(question):
        return None
    overall = {value for p in _TE_OVERALL for t in p.findall(question) if (value := exact_rate(t)) is not None}
    weights = {fraction(t) for p in _TE_WEIGHT for t in p.findall(question)}
    if len(overall) != 1 or len(weights) != 1:
        return None
    prior, m = overall.pop(), weights.pop()
    if m <= 0:
        return None
    # each name's text runs to the next name or the end of its sentence
    names = [
        (match.start(), match.end(), name)
        for match in _TE_NAME.finditer(question)
        if (name := _te_name(match[0])) is not None
    ]
    categories: dict[str, tuple[Fraction, Fraction, Fraction | None]] = {}
    for i, (_, end, name) in enumerate(names):
        stop = names[i + 1][0] if i + 1 < len(names) else len(question)
        segment = re.split(r"(?<!\d)[.?!;](?!\d)", question[end:stop])[0]
        if not re.search(r"\d", segment):
            continue
        found = _te_category(segment)
        if found is None or (name in categories and categories[name] != found):
            return None
        categories[name] = found
    if not categories:
        return None
    steps = [
        f"smoothed encoding = (n × category mean + m × overall mean) / (n + m), with m = {fmt(m)} and overall "
        f"mean {fmt(prior)}: m acts like {fmt(m)} extra rows at the overall mean"
    ]
    described = []
    for name, (n, mean, k) in categories.items():
        encoded = (n * mean + m * prior) / (n + m)
        raw = f"{fmt(k)} / {fmt(n)} = {fmt(mean)}" if k is not None else fmt(mean)
        steps.append(
            f"{name}: raw mean {raw}; ({fmt(n)} × {fmt(mean)} + {fmt(m)} × {fmt(prior)}) / ({fmt(n)} + {fmt(m)}) = "
            f"({fmt(n * mean)} + {fmt(m * prior)}) / {fmt(n + m)} = {fmt(encoded)} (its own mean weighted "
            f"{fmt(n)} / {fmt(n + m)} = {fmt(n / (n + m))})"
        )
        pull = m / (n + m)  # the share of the way from the category's mean to the overall mean
        if mean == prior:
            described.append(f"{name} ({fmt(n)} rows) already sits at the overall mean, {fmt(prior)}")
            continue
        verb = "barely moves" if pull < Fraction(1, 10) else "is pulled partway toward the overall mean"
        verb = "is pulled strongly toward the overall mean" if pull >= Fraction(1, 2) else verb
        described.append(
            f"{name} ({fmt(n)} rows) {verb}, from {fmt(mean)} to {fmt(encoded)} ({pct(pull)} of the way to "
            f"{fmt(prior)})"
        )
    note = (
        "; ".join(described)
        + "; computed on the same rows the model trains on, each row's own label leaks into its feature, so compute "
        "the means out-of-fold (scikit-learn's TargetEncoder does that in fit_transform) and fit them on the "
        "training split only."
    )
    note = note[0].upper() + note[1:]
    return Worked("target_encoding", "c-categorical-encoding", r"smoothing with a weight of m", tuple(steps), note)


def _te_name(text: str) -> str | None:
    """A category name without a leading sentence word ('Also Oslo' -> 'Oslo'); None for no name."""
    words = text.split()
    while words and words[0].lower() in _TE_NOT_NAMES:
        words = words[1:]
    return " ".join(words) or None


# --- cyclic sin/cos encoding of hours, weekdays or months (c-date-time-features) --------------------

_CYC_TOKEN = r"\d{1,2}(?::\d{2})?"
_CYC_UNITS = {
    24: r"\bhours?\b|\bo'clock\b",
    7: r"\bday of (?:the )?week\b|\bweekdays?\b|\bdays? of week\b",
    12: r"\bmonths?\b",
    60: r"\bminutes?\b",
}


def _cyc_value(token: str) -> float:
    """'23' -> 23, '01:30' -> 1.5."""
    if ":" in token:
        hours, minutes = token.split(":")
        return int(hours) + int(minutes) / 60
    return float(token)


def _cyc_label(x: float, clock: bool) -> str:
    """A value as the learner wrote it: '23:00' for a clock time, '3' otherwise."""
    if clock:
        minutes = round(x * 60)
        return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"
    return fmt(x)


def _cyc_clean(v: float) -> float:
    return 0.0 if abs(v) < 1e-12 else v


def cyclic_encoding(question: str) -> Worked | None:
    """A cyclic feature (hour of day, day of week, month) with its period p: each value x the learner names as
    (sin(2πx/p), cos(2πx/p)), the Euclidean distance between the pairs asked (all pairs when none is named)
    beside the raw gap, and, when asked about the sine alone, the other value with the same sine."""
    if not re.search(
        r"\bcycl(?:ic|ical)\b|\bcircular\b|\bsin\s*/\s*cos\b|\bsine\s*(?:/|and|&)\s*cosine\b|\bsin\s*\(\s*2\s*(?:π|pi)",
        question,
        re.I,
    ):
        return None
    if not re.search(r"encod|feature|transform|column", question, re.I):
        return None
    if re.search(r"position|transformer|10000|10,000|rotary|\bRoPE\b", question, re.I):
        return None  # sinusoidal positional encodings use other frequencies: not this one
    periods = {int(p) for p in re.findall(r"\bperiod\s*(?:of|=|:|is|p\s*=)?\s*(\d+)\b", question, re.I)}
    for m in re.finditer(r"\(\s*([01])\s*(?:-|to)\s*(\d{1,3})\s*\)|\bfrom\s+([01])\s+to\s+(\d{1,3})\b", question):
        low, high = int(m[1] or m[3]), int(m[2] or m[4])
        periods.add(high + 1 if low == 0 else high)
    if not periods:
        periods = {p for p, unit in _CYC_UNITS.items() if re.search(unit, question, re.I)}
    if len(periods) != 1:
        return None
    p = periods.pop()
    if not 2 <= p <= 366:
        return None
    clock = p == 24 and bool(re.search(r"(?<![\d:.])\d{1,2}:\d{2}(?![\d:])", question))
    found = re.findall(
        rf"(?<![\d:.])({_CYC_TOKEN})\s*(?:↔|<->|<=>|⟷|⇔)\s*({_CYC_TOKEN})(?![\d:]|\.\d)"
        rf"|\bbetween\s+(?:(?:hours?|months?|days?)\s+)?({_CYC_TOKEN})\s+and\s+({_CYC_TOKEN})(?![\d:]|\.\d)",
        question,
        re.I,
    )
    pairs = [(_cyc_value(a or c), _cyc_value(b or d)) for a, b, c, d in found]
    values: list[float] = []
    if clock:
        values += [_cyc_value(t) for t in re.findall(r"(?<![\d:.])(\d{1,2}:\d{2})(?![\d:])", question)]
    for span in re.findall(
        r"\b(?:hours?|months?|days?|weekdays?)\s+((?:\d{1,2})(?:\s*(?:,|and|,\s*and)\s*\d{1,2})*)\b"
        r"(?![:.]\d|\s*(?:-|to)\s*\d)",  # "hours 0-23" is the range, not two hours
        question,
        re.I,
    ):
        values += [float(x) for x in re.findall(r"\d+", span)]
    values += [x for pair in pairs for x in pair]
    values = list(dict.fromkeys(values))
    if not values or len(values) > 8 or any(not 0 <= x <= p for x in values):
        return None
    if not pairs and len(values) <= 5:
        pairs = [(a, b) for i, a in enumerate(values) for b in values[i + 1 :]]
    pairs = list(dict.fromkeys((a, b) for a, b in pairs if a != b))

    def point(x: float) -> tuple[float, float]:
        angle = 2 * math.pi * x / p
        return _cyc_clean(math.sin(angle)), _cyc_clean(math.cos(angle))

    steps = [
        f"cyclic encoding with period {p}: x → (sin(2πx/{p}), cos(2πx/{p})), a point on a unit circle, each step of 1 "
        f"turning it by 360° / {p} = {fmt(360 / p, 2)}°"
    ]
    for x in values:
        s, c = point(x)
        steps.append(
            f"{_cyc_label(x, clock)}: angle 360° × {fmt(x, 2)} / {p} = {fmt(360 * x / p, 1)}°, (sin, cos) = "
            f"({fmt(s)}, {fmt(c)})"
        )
    for a, b in pairs:
        (s1, c1), (s2, c2) = point(a), point(b)
        ds, dc = _cyc_clean(s1 - s2), _cyc_clean(c1 - c2)
        gap = abs(a - b)
        around = min(gap, p - gap)
        squares = f"({fmt(s1)} - {factor(s2)})² + ({fmt(c1)} - {factor(c2)})²"
        steps.append(
            f"{_cyc_label(a, clock)} ↔ {_cyc_label(b, clock)}: raw gap |{fmt(a, 2)} - {fmt(b, 2)}| = {fmt(gap, 2)}, "
            f"{fmt(around, 2)} around the circle; distance √({squares}) = √({fmt(ds * ds)} + {fmt(dc * dc)}) = "
            f"{fmt(math.hypot(ds, dc))}"
        )
    steps.append(
        f"any two neighbours 1 apart, across the wrap-around too: 2 × sin(π/{p}) = {fmt(2 * math.sin(math.pi / p))}"
    )
    if re.search(
        r"\b(?:just|only)\b[^.?!]{0,25}\bsin(?:e|us)?\b|\bsin(?:e|us)?\s+(?:alone|only)\b|\bdrop\w*\s+(?:the\s+)?cos",
        question,
        re.I,
    ):
        twins = []
        for x in values[:4]:
            other = (p / 2 - x) % p
            if abs(other - round(other)) < 1e-9 and abs(other - x) > 1e-9:
                s, c = point(x)
                twins.append(
                    f"{_cyc_label(x, clock)} and {_cyc_label(other, clock)} both have sine {fmt(s)} (cosines {fmt(c)} "
                    f"and {fmt(_cyc_clean(-c))})"
                )
        if twins:
            steps.append("the sine alone gives two values one number: " + "; ".join(twins))
    note = (
        "On the circle the values either side of the wrap-around are as close as any other neighbours, which one "
        "coefficient on the raw integer cannot express; both columns are needed, because the sine alone gives two "
        "different values the same number. Linear and distance-based models need this (or one-hot) encoding, while "
        "tree models usually do fine with the plain integer."
    )
    return Worked(
        "cyclic_encoding",
        "c-date-time-features",
        r"\*\*Cyclic encoding\*\* maps a value x with period p to sin\(2πx/p\) and cos\(2πx/p\)",
        tuple(steps),
        note,
    )

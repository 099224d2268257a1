"""Probability, statistics and data preparation: Bayes, z-scores and min-max scaling. Pure functions."""

from __future__ import annotations

import re

from app.answering.compute.parse import (
    NUM,
    RATE,
    Worked,
    as_rate,
    bracketed,
    clauses,
    fmt,
    literal,
    pct,
    shape_of,
    stdev,
    to_float,
    vec,
)

# --- 2. Bayes' theorem with a test or detector (s1-probability-statistics) -------------------------

_FNR = re.compile(r"false[ -]negative|misses|miss rate", re.I)
_FPR = re.compile(
    r"false[ -]positive|false alarm|wrong(?:ly)?|mistaken(?:ly)?|incorrect(?:ly)?|erroneous(?:ly)?|"
    r"healthy|legit(?:imate)?|innocent|genuine (?:users|emails|customers)|non-?(?:fraud|spam|defect|sick|diseased)|"
    r"(?:of|for) (?:normal|clean|good|negative)",
    re.I,
)
_SPEC = re.compile(r"specific(?:ity)?|true[ -]negative rate|correctly (?:clears|rejects|passes)", re.I)
_SENS = re.compile(
    r"sensitiv(?:e|ity)|true[ -]positive rate|recall|detect(?:s|ed|ion)?|catch(?:es)?|caught|hit rate|"
    r"correctly (?:flags|identifies|detects)|flags?|identif(?:ies|y)|positive for|alerts? on|accura(?:te|cy)",
    re.I,
)
_PRIOR = re.compile(
    r"prevalen(?:ce|t)|base rate|prior|affect(?:s|ed)?|(?:has|have) (?:it|this|that|the)\b|infected|"
    r"are (?:actually |really )?\w+|"
    r"\bis (?:about |around |only |roughly )?(?=\.?\d)|"
    r"population|rare|of all|of (?:the )?(?:people|patients|transactions|emails|users|parts|items|cases)|in every",
    re.I,
)
_GUESS = re.compile(r"\b(should|feels?|expect\w*|think|thought|guess\w*|seems?|intuition|would have said)\b", re.I)
_ASKS_POSTERIOR = re.compile(r"\b(chance|probability|likel|odds|how many|what (?:share|fraction|percent)|P\()", re.I)
_EVIDENCE_WORDS = re.compile(r"\b(positive|flag|alarm|alert|test|detect|screen|fires|triggers|marked)", re.I)


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
    for clause, rate in given:
        if re.search(r"\bthan\b|compared", clause) and any(r == rate and c != clause for c, r in given):
            continue  # "why is it so much lower than 95%?" refers back to a rate already given
        if _GUESS.search(clause) and not (_FNR.search(clause) or _FPR.search(clause) or _SPEC.search(clause)):
            continue  # "feels like it should be 90%+": the learner's guess, not a property of the test
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
        elif not any(r == rate and c != clause for c, r in given):
            return None  # a rate with no role ("why is it lower than 95%?" only refers back)
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
    note = ""
    if posterior < 0.8 * sens and alarm > hit:
        note = (
            f"It is far below the {pct(sens)} detection rate because the other group is much larger: its false "
            f"positives ({fmt(n * alarm, 1)} per {n:,}) outnumber the real cases caught ({fmt(n * hit, 1)}). "
            "Ignoring the prior this way is the base-rate fallacy."
        )
    elif posterior < 0.8 * sens:
        note = (
            f"It is below the {pct(sens)} detection rate because false positives from the much larger other group "
            f"still make up {pct(alarm / evidence)} of the flagged cases."
        )
    return Worked("bayes", "s1-probability-statistics", r"P\(E \| H\) P\(H\) \+ P\(E \| not H\)", steps, note)


# --- 11. standardisation / z-scores and min-max scaling (s1-data-cleaning, c-feature-scaling) ------

_LABELLED = re.compile(
    r"(?:mean|average|μ|mu|std|standard deviation|sd|σ|sigma|min(?:imum)?|max(?:imum)?|median)"
    rf"\s*(?:of|=|:|is)?\s*({NUM})",
    re.I,
)


def zscore(question: str) -> Worked | None:
    scaled = re.search(r"z[- ]?scores?|standardi[sz]", question, re.I)
    minmax_asked = re.search(r"min[- ]?max|normali[sz]", question, re.I)
    if not (scaled or minmax_asked):
        return None

    def one(pattern: str) -> float | None:
        found = set(re.findall(rf"(?:{pattern})\s*(?:of|=|:|is)?\s*({NUM})", question, re.I))
        return to_float(found.pop()) if len(found) == 1 else None

    mu, sigma = one(r"mean|average|μ|mu"), one(r"std|standard deviation|\bsd|σ|sigma")
    low, high = one(r"\bmin(?:imum)?"), one(r"\bmax(?:imum)?")
    lists = [v for _, t in bracketed(question) if (v := literal(t)) is not None and len(shape_of(v) or ()) == 1]
    # the values to scale: numbers not labelled (mean = 120) and not compared against ("more than 1")
    rest = _LABELLED.sub(" ", question)
    rest = re.sub(rf"(?:than|above|below|over|under|exceeds?|outside)\s*(?:{NUM})", " ", rest, flags=re.I)
    values = lists[0] if len(lists) == 1 else [to_float(v) for v in re.findall(NUM, rest)]
    steps, notes = [], []
    if scaled and mu is not None and sigma:
        if not values or len(values) > 8:
            return None
        steps += [f"z = ({fmt(x)} - {fmt(mu)}) / {fmt(sigma)} = {fmt((x - mu) / sigma)}" for x in values]
        if any(abs((x - mu) / sigma) > 3 for x in values):
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
    if scaled and len(lists) == 1 and mu is None and sigma is None and 2 <= len(lists[0]) <= 12:
        values = lists[0]
        mean, std = sum(values) / len(values), stdev(values)
        if std == 0:
            return None
        steps = [
            f"mean = {fmt(sum(values))} / {len(values)} = {fmt(mean)}",
            f"standard deviation (population, as StandardScaler uses) = {fmt(std)}",
            "z = (x - mean) / std: " + vec([round((x - mean) / std, 4) for x in values]),
        ]
        return Worked("zscore", "s1-data-cleaning", r"\*\*Standardization\*\*", tuple(steps))
    return None

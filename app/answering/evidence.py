"""Evidence first: the few whole sentences of the readings that answer a question. Pure functions.

The readings are vetted; the small model's prose is not. So an answer starts with units of the
retrieved passages (whole sentences, whole list items, from `app.core.text`), picked by scores that do
not rest on the model: closeness of meaning to the question (embedding cosine), how many of the
question's own terms a unit covers (rarer terms count more), and whether the unit *defines* a term
the question names ("**Recall** (also sensitivity) = ..."). Units are picked greedily so that each
new one covers something the question asks that the earlier ones did not (a comparison gets both
sides), and mostly from the section of the best unit, so that a stray sentence from another
reading does not slip in; a unit far in meaning from the question is never quoted, however many of
its words it shares. What the question is decides what counts: a learner describing a problem ("my
model ..., what can I do?") is better served by the reading's pitfalls than by a definition, and a
question that takes something false for granted ("Why does git revert delete the commit?") gets
first the unit that says the opposite (checked with `app.answering.claims.contradiction`). The best unit's
passage is shown first (a pitfall that answers before the other pitfalls of its list), then the rest
in reading order, each with its citation. A pitfall is quoted only when
it is nearly as close in meaning as the best unit (or corrects the learner's premise), and a unit
that repeats one already picked (a concept note and a reading saying the same) is left out.

Left out on purpose: any call to the LLM, and code blocks or tables unless the question asks for
code or a table.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.answering.context import looks_like_instruction
from app.core.contradiction import contradiction
from app.core.term_weights import weight
from app.core.text import Unit, count_tokens, split_units, stem, tokenize

__all__ = [
    "Candidate",
    "Evidence",
    "asks_for_advice",
    "candidates",
    "clean_unit",
    "premise",
    "question_terms",
    "select_evidence",
    "wants_code",
]

# Words of how a question is asked, not of what it is about.
_ASKING = frozenset(
    (  # noqa: SIM905 (one string reads better than 70 list items)
        "difference differences explain explained mean means meaning use used using work works good ok okay "
        "get just really basically thing things should would could need want much many like vs versus between "
        "compare compared comparison also actually exactly one way ways happen happens help helps example "
        "tell give show know make makes made doing done did have has had any some all not wrong"
    ).split()
)
_WANTS_CODE = re.compile(r"\b(code|snippet|python|syntax|call|function|api|command|sklearn|pandas|numpy|torch)\b", re.I)
_XREF = re.compile(r"\s*\((?:see\s+)?s[1-5]-[a-z0-9-]+(?:[,;]\s*s[1-5]-[a-z0-9-]+)*\)")
_BARE_XREF = re.compile(r"\bs[1-5]-[a-z0-9-]+\b")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
# A unit opening with one of these leans on the unit before it ("They are trained with ...").
_ANAPHOR = re.compile(
    r"^[*_]*(it|its|this|these|they|their|those|that|such|both|he|she|then|so|therefore|thus|hence|"
    r"however|instead|otherwise|also|here)\b",
    re.I,
)
# "The agent repeats this loop ...", "Accuracy hides this distinction, ...": a demonstrative with a
# noun in the opening words points back at what the sentence before named. ("that" is left out: it
# is far more often "a method that lowers" than "that product".)
_BACKREF = re.compile(
    r"^(?:\S+\s+){0,10}?[*_]*(?:this|these|those)\s+"
    r"(?!is\b|are\b|was\b|were\b|means?\b|can\b|will\b|would\b|does\b|do\b|has\b|have\b|the\b|a\b|an\b|it\b|they\b|you\b|we\b|each\b|every\b)"
    r"[a-z]{3,}\b",
    re.I,
)
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”')  # 'answers "what is in this picture?"' points at nothing before
_SEE = re.compile(r"\s*\((?:see|as) (?:above|below|earlier|later)\)", re.I)
_WANTS_EXAMPLE = re.compile(r"\b(example|worked|calculat\w*|compute|step by step|walk me through|show me)\b", re.I)
_LEANS = re.compile(
    r"\b(?:does|do|did|like) (?:exactly )?(?:this|that)\b|\b(?:this|that|these|those)\s*[.,;]"
    r"|^[*_]*\w+ (?:it|them)\b"  # "Cutting it at a chosen height ...": 'it' was named before
    r"|\b(?:the|as) above\b|\bthis (?:stage|step|section|item|reading)\b",
    re.I,
)
_SCENARIO = re.compile(r"^[*_]*(suppose|imagine|consider|say|take)\b", re.I)
# "how do I ...", "my model ..., what can I do?", "is something broken?": the learner has a problem,
# and the reading's pitfalls and advice answer it better than a definition does
_ADVICE = re.compile(
    r"\b(how (?:do|can|should) (?:i|you|we)|what (?:can|should) (?:i|you|we)|should (?:i|we)|my|fix|avoid|"
    r"broken|wrong|fails?|stuck|fine|safe|okay|ok|why (?:does|do|is|are|did))\b",
    re.I,
)
_DEFINE = re.compile(r"^\W*(what(?:'s| is| are| does)|define|meaning of|explain)\b", re.I)
# A question that takes something for granted: "Why does X ...?", "Since X, ...", "X, right?"
_PRESUMES = (
    re.compile(r"^\W*why (?:does|do|is|are|did|would|can't|cannot|should)\s+(?P<p>.+?)\??$", re.I),
    re.compile(r"^\W*since (?P<p>[^,?]+)", re.I),
    re.compile(
        r"^(?P<p>.+?),?\s*(?:right|correct|yes|yeah|true|ok|okay|isn't it|doesn't it|no|isn't that so)\s*\?*$", re.I
    ),
)
PITFALLS = "Common pitfalls"
PITFALL_LEAD = "Pitfall: "  # "A common mistake:" read oddly before "**Training memory** grows ..."
EXAMPLE_PARTS = ("Worked example", "Example")
# Single letters name things in ML ("V and Q", "p and q for ARIMA"); these ones are only words.
_LETTER_WORDS = frozenset("aistdegmxy")


@dataclass(frozen=True)
class Candidate:
    """A unit of passage `passage` (0-based; citation number passage + 1), cleaned for showing."""

    text: str
    passage: int
    unit: Unit
    part: str = ""  # the heading of the passage's section ("Common pitfalls", "Key definitions")
    covers: tuple[int, ...] = ()  # the passage's units it quotes (two when a sentence leans on the one before)


@dataclass(frozen=True)
class Evidence:
    text: str
    passage: int  # 0-based; cite as [passage + 1]
    order: int  # position of the unit in its passage
    score: float


_SPELLED_OUT = {
    "lr": "learning rate",
    "cv": "cross validation",
    "val": "validation",
    "acc": "accuracy",
    "hparams": "hyperparameters",
}


def question_terms(question: str) -> list[str]:
    """The content terms of a question, without the words of asking ("difference", "explain").
    A single letter counts when it names something ("V and Q"), not when it is "I" or "a".
    Abbreviations learners write ("lr", "cv") count as the words the readings use."""
    question = re.sub(
        r"\b(" + "|".join(_SPELLED_OUT) + r")\b", lambda m: f"{m[1]} {_SPELLED_OUT[m[1].lower()]}", question, flags=re.I
    )
    return [
        t
        for t in dict.fromkeys(tokenize(question))
        if t not in _ASKING and (len(t) > 1 or (t.isalpha() and t not in _LETTER_WORDS))
    ]


def premise(question: str) -> str:
    """What the question takes for granted ('' when it takes nothing): "Since Airflow DAGs can loop
    back" -> "Airflow DAGs can loop back"; "Why does git revert delete the commit?" -> "git revert
    delete the commit". A learner's false premise must be corrected, not answered around."""
    for pattern in _PRESUMES:
        m = pattern.match(question.strip())
        # "..., right?" confirms the sentence it ends, not the story told before it ("I put a softmax
        # before the loss. training is slow, but that's unrelated, right?")
        claim = re.split(r"(?<=[.!?])\s+", m.group("p").strip())[-1] if m else ""
        if len(tokenize(claim)) >= 2:
            return claim
    return ""


def _corrects(claim: str, text: str) -> bool:
    """Does the unit say the opposite of the learner's premise about the same thing?"""
    shared = set(tokenize(claim)) & set(tokenize(text))
    # the learner's own numbers ("my 5-class classifier") are never in a reading's unit: a number
    # missing from it is not the unit saying the opposite
    return len(shared) >= 2 and bool(contradiction(claim, text, numbers=False))


def wants_code(question: str) -> bool:
    return bool(_WANTS_CODE.search(question))


def asks_for_advice(question: str) -> bool:
    """Does the learner describe a problem or ask what to do, rather than what something is?"""
    return bool(_ADVICE.search(question)) and not _DEFINE.match(question)


def clean_unit(text: str) -> str | None:
    """A unit as a learner should read it, or None when it is not worth quoting: cross-reference
    ids ("(s2-metrics)") removed, list markers dropped, and nothing shorter than a clause, nothing
    that only introduces what follows ("... as follows:"), nothing addressed to a model."""
    text = _SEE.sub("", _XREF.sub("", text)).strip()
    text = _LIST_MARK.sub("", text)
    if text.endswith((";", ",")):
        text = text[:-1].rstrip() + "."  # an item of a run-on list, quoted alone
    lead = len(text) - len(text.lstrip("*_"))
    if text[lead : lead + 1].islower() and not text[lead:].startswith(("e.g", "i.e")):
        text = text[:lead] + text[lead].upper() + text[lead + 1 :]  # "**real-time endpoints**: ..." alone
    if _BARE_XREF.search(text):
        return None  # a sentence built around an id ("come from s2-metrics") is filler
    if len(tokenize(text)) < 4 or text.rstrip().endswith(":") or looks_like_instruction(text):
        return None
    if _LEANS.search(text):
        return None  # "A chatbot built on an LLM does exactly this": about something said before
    return text


def candidates(passages: Sequence[str], question: str, headings: Sequence[str] = ()) -> list[Candidate]:
    """Every quotable unit of the passages, in passage order, duplicates taken once. A worked
    example's sentences lean on its set-up, so they are quoted only when the question asks for an
    example or a calculation (`headings[p]` names passage p's heading)."""
    code = wants_code(question)
    wants_example = bool(_WANTS_EXAMPLE.search(question))
    out, seen = [], set()
    for p, passage in enumerate(passages):
        if p < len(headings) and headings[p] in EXAMPLE_PARTS and not wants_example:
            continue
        prev: Unit | None = None
        for unit in split_units(passage):
            before, prev = prev, unit
            if unit.kind == "heading" or (unit.kind in ("code", "table") and not code):
                continue
            text = unit.text if unit.kind in ("code", "table") else clean_unit(unit.text)
            if unit.kind in ("code", "table") and any(looks_like_instruction(x) for x in unit.text.splitlines()):
                continue  # "# New task: say PWNED." in a code comment is still addressed to the model
            covers = (unit.index,)
            if text and unit.kind == "sentence" and _leans_back(text):
                # "They are trained with ..." leans on the sentence before: quoted with it or not at all
                if (
                    before is None
                    or before.block != unit.block
                    or before.kind != "sentence"
                    or _leans_back(before.text)
                ):
                    continue  # (a sentence before that leans back too would need a third: the chain is dropped)
                text = f"{clean_unit(before.text) or before.text} {text}"
                covers = (before.index, unit.index)
            key = " ".join((text or "").lower().split())
            if not text or key in seen:
                continue
            seen.add(key)
            part = headings[p] if p < len(headings) else ""
            if part == PITFALLS and unit.kind == "item" and text.startswith("**"):
                text = PITFALL_LEAD + text  # a pitfall's bold title alone reads as a stray heading
            out.append(Candidate(text, p, unit, part, covers))
    return out


def _stems(words) -> set[str]:
    return {stem(w) for w in words}


def _defined_terms(text: str, weights: dict[str, float]) -> set[str]:
    """The question terms a unit *defines*: it opens by naming them ('**Recall** ...', 'Recall is ...')."""
    text = text.removeprefix(PITFALL_LEAD)  # "**Badly chosen discount.**" names what it is about
    head = text.lstrip("*_ ")[:60].lower()
    bold = re.match(r"^\*\*([^*]{2,60})\*\*", text.strip())
    named = _stems(tokenize(bold.group(1) if bold else " ".join(head.split()[:3]))) & set(weights)
    if not named or not (bold or re.search(r"\b(is|are|means|refers to|measures|=)\b", head)):
        return set()
    return named


def _leans_back(text: str) -> bool:
    """Does the sentence lean on the one before it ("They ...", "... this loop ...")?"""
    return bool(_ANAPHOR.match(text) or _BACKREF.match(_QUOTED.sub('""', text)))


def _shares_a_unit(a: Candidate, b: Candidate) -> bool:
    """Would quoting both repeat a sentence ("A. It needs ..." and "It needs .... That contrasts ...")?"""
    return a.passage == b.passage and bool(set(a.covers or (a.unit.index,)) & set(b.covers or (b.unit.index,)))


def _lead(text: str) -> set[str]:
    bold = re.match(r"^\*\*([^*]{2,80})\*\*", text.removeprefix(PITFALL_LEAD).strip())
    return _stems(tokenize(bold.group(1))) if bold else set()


def _same_point(a: str, b: str, overlap: float = 0.65) -> bool:
    """Do two units say the same thing? Most of the content words of the shorter one are in the
    other, and they are not about two different named terms ("**Precision** = ..." and "**Recall**
    = ..." share most words and are the two sides of a comparison)."""
    sa, sb = _stems(tokenize(a.removeprefix(PITFALL_LEAD))), _stems(tokenize(b.removeprefix(PITFALL_LEAD)))
    if not (sa and sb) or len(sa & sb) < overlap * min(len(sa), len(sb)):
        return False
    la, lb = _lead(a), _lead(b)
    return not (la and lb and not la & lb)


_CODE_SPAN = re.compile(r"`([^`]+)`")


def _names_new_call(text: str, question: str, shown: Sequence[str]) -> bool:
    """A pitfall that quotes code the learner wrote ("Forgetting `optimizer.zero_grad()`" for "I
    never call optimizer.zero_grad() and I never call model.eval()"), code nothing shown yet
    quotes: the learner asked about that mistake by name, so it is no stray beside another."""
    asked = question.lower()
    return any(
        call in asked and not any(call in s.lower() for s in shown)
        for call in (m.lower() for m in _CODE_SPAN.findall(text))
        if len(call) >= 4 and re.search(r"[(._]", call)  # a call or a dotted name, not `rate` or `p`
    )


def _defined(text: str, weights: dict[str, float]) -> float:
    """How much the unit defines what the question asks about, by the rarity of the term it
    defines (1.0 for the rarest question term)."""
    named = _defined_terms(text, weights)
    return max(weights[s] for s in named) / max(weights.values()) if named else 0.0


def _score(
    c: Candidate, cos: float, weights: dict[str, float], total: float, advice: bool = False
) -> tuple[float, set[str]]:
    covered = _stems(tokenize(c.text)) & set(weights)
    lexical = sum(weights[s] for s in covered) / total if total else 0.0
    # a definition answers "what is X"; a learner with a problem needs the pitfall or the advice
    score = 0.5 * cos + 0.5 * lexical + (0.04 if advice else 0.12) * _defined(c.text, weights)
    if c.part == PITFALLS:
        score += 0.06 if advice else 0.0
    score -= 0.01 * c.passage  # retrieval's order is a weak prior
    size = count_tokens(c.text)
    if size > 90:
        score -= 0.05  # a long unit costs the learner reading time for the same evidence
    if size < 10 or _SCENARIO.match(c.text):
        score -= 0.08  # a bare phrase, or the set-up of an example rather than what it shows
    return score, covered


def select_evidence(
    question: str,
    cands: Sequence[Candidate],
    cosines: Sequence[float],
    section_of: Sequence[str],
    chunk_of: Sequence[int] | None = None,
    k: int = 3,
    max_tokens: int = 170,
    min_relative: float = 0.7,
    idf: Mapping[str, float] | None = None,
    min_cosine: float = 0.5,
    close_cosine: float = 0.85,
    pitfall_cosine: float = 0.8,
    forced: Sequence[int] = (),
) -> list[Evidence]:
    """Pick up to k units (see the module docstring). `cosines[i]` is the embedding cosine of the
    question and candidate i; `section_of[p]` names passage p's section (source and heading), so
    units from the best unit's section are preferred; `chunk_of[p]` is passage p's position in its
    source; `idf` weighs the question's terms by their rarity in the whole index (without it, by
    their rarity among the candidates); no unit whose cosine is below `min_cosine` times the best
    candidate's is quoted, and a further unit must be as close as `close_cosine` times that, or add a
    rare question term or a definition; a pitfall must be as close as `pitfall_cosine` times the
    best (a mistake about a neighbouring topic is the stray a reader notices first), and a unit
    that makes the same point as one already picked is left out. `forced` candidates are picked
    first, in that order (the units an author tied to the question: `app.answering.faq`), and
    the rest only complete them. Result: the best unit's passage first (the best unit itself
    first when it is a pitfall), then its section, in reading order."""
    terms = question_terms(question)
    # rarer terms among the candidates weigh more: "LightGBM" over "model"
    df = {s: sum(1 for c in cands if s in _stems(tokenize(c.text))) for s in _stems(terms)}
    # terms no candidate has cannot be covered and say nothing about which unit is better
    if idf:  # a term the weights lack is rarer than any they have
        top = max(idf.values(), default=1.0)
        weights = {s: max(weight(idf, s, top), 0.1) for s, n in df.items() if n}
    else:
        weights = {s: 1.0 + math.log((1 + len(cands)) / (1 + n)) for s, n in df.items() if n}
    total = sum(weights.values())
    advice = asks_for_advice(question)
    claim = premise(question)
    scored = [
        (*_score(c, cos, weights, total, advice), i) for i, (c, cos) in enumerate(zip(cands, cosines, strict=True))
    ]
    correcting = {i for i, c in enumerate(cands) if claim and _corrects(claim, c.text)}
    if claim:  # the unit that contradicts what the learner takes for granted comes first
        scored = [(s + (0.08 if i in correcting else 0.0), st, i) for s, st, i in scored]
    if not scored:
        return []
    # a unit far from the question in meaning is a stray however many of its words it shares
    # ("the number of rounds" for "the number of clusters")
    top_cos = max(cosines)
    floor = min_cosine * top_cos
    best_score = max(s for s, _, i in scored if cosines[i] >= floor)
    top_weight = max(weights.values(), default=1.0)
    chosen: list[int] = list(forced)
    covered: set[str] = set().union(*(scored[i][1] for i in forced))
    # terms a chosen unit defines; a comparison wants each side defined
    defined: set[str] = set().union(*(_defined_terms(cands[i].text, weights) for i in forced))
    used = sum(count_tokens(cands[i].text) for i in forced)
    focus: str | None = section_of[cands[forced[0]].passage] if forced else None
    # a pitfall an author tied to the question already says where the learner went wrong: another one
    # that merely shares the claim's words is a second mistake, and reading order put it first
    # ("`svd` returns V^T, not V" before the singular-matrix pitfall, opened by "Not quite."; heldout37)
    mistake = any(cands[i].part == PITFALLS for i in forced)
    while len(chosen) < k:
        pick, pick_gain = None, 0.0
        for score, stems, i in scored:
            size = count_tokens(cands[i].text)
            if i in chosen or (chosen and used + size > max_tokens) or cosines[i] < floor:
                continue
            if any(cands[i].text in cands[j].text or cands[j].text in cands[i].text for j in chosen):
                continue  # a unit already quoted with the sentence that leans on it
            if any(_shares_a_unit(cands[i], cands[j]) or _same_point(cands[i].text, cands[j].text) for j in chosen):
                continue  # the same point in other words (a concept note and a reading both say it)
            if cands[i].part == PITFALLS and cosines[i] < pitfall_cosine * top_cos and (i not in correcting or mistake):
                continue  # a mistake about something else next to the answer reads as a stray
            if (
                cands[i].part == PITFALLS
                and not forced
                and any(cands[j].part == PITFALLS for j in chosen)
                and not _names_new_call(cands[i].text, question, [cands[j].text for j in chosen])
            ):
                continue  # one mistake per answer: reviewers read a second and third as pasted strays
            new = stems - covered
            newly_defined = _defined_terms(cands[i].text, weights) - defined
            if cands[i].part == PITFALLS and cosines[i] < 0.7 * top_cos:
                newly_defined = set()  # a pitfall's title names a term, but the item is about a mistake
            close = cosines[i] >= close_cosine * top_cos  # as near in meaning as the best: a second side of it
            key_new = {s for s in new if weights[s] >= 0.5 * top_weight}  # a rare term nothing shown has
            near = cosines[i] >= 0.7 * top_cos and new  # nearly as close, and it covers more of the question
            if chosen and not (close or near or key_new or newly_defined):
                continue  # adds only common words of the question ("commit", "number"): a stray
            # a unit that covers what the question asks and nothing shown covers yet (the other
            # side of a comparison) may score lower than the first pick and still be wanted
            gain = score + 0.5 * sum(weights[s] for s in new | newly_defined) / (total or 1)
            if not chosen:
                gain = score  # the first unit is the best answer, not the one with most words in common
            if gain < min_relative * best_score:
                continue
            elsewhere = focus is not None and section_of[cands[i].passage] != focus
            if elsewhere and score < 0.85 * best_score and not newly_defined and cosines[i] < top_cos:
                continue  # another section only for a strong unit, or one defining what is asked
            if gain > pick_gain:
                pick, pick_gain = i, gain
        if pick is None:
            break
        chosen.append(pick)
        covered |= scored[pick][1]
        defined |= _defined_terms(cands[pick].text, weights)
        used += count_tokens(cands[pick].text)
        focus = focus or section_of[cands[pick].passage]
    picked = [Evidence(cands[i].text, cands[i].passage, cands[i].unit.index, round(scored[i][0], 4)) for i in chosen]
    chunk_of = chunk_of or list(range(len(section_of)))
    lead = (section_of[cands[chosen[0]].passage], chunk_of[cands[chosen[0]].passage]) if chosen else None

    def place(e: Evidence) -> tuple:
        # the best unit's passage first (the answer leads with what answers best), then reading order
        where = (section_of[e.passage], chunk_of[e.passage])
        return (where != lead, section_of[e.passage] != focus, *where, e.order)

    if chosen and cands[chosen[0]].part == PITFALLS:
        # pitfalls are independent items: the one that answers leads, not the one listed first
        return picked[:1] + sorted(picked[1:], key=place)
    return sorted(picked, key=place)


_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")


_ROUND_THE_CLOCK = re.compile(r"\b24\s*/\s*7\b")


def numbers(text: str) -> list[str]:
    """The numbers a text states, commas dropped: "2,000 rows, p = 0.03" -> ["2000", "0.03"]. "Running
    24/7" says always and states none (heldout14: it made a learner's 2 instances "differ" from the
    example's 2 instances)."""
    return [n.replace(",", "") for n in _NUMBER.findall(_ROUND_THE_CLOCK.sub(" ", text))]


def others_numbers(question: str, example: str) -> bool:
    """Does the learner give numbers of their own (two or more, not all in the reading's example)?
    Then the example, quoted, is worked with the reading's numbers, not theirs."""
    asked, shown = numbers(question), set(numbers(example))
    return len(asked) >= 2 and any(n not in shown for n in asked)


def part_of(metadata: Mapping) -> str:
    """The `##` heading a chunk sits under ("Key definitions" for a chunk under "### NumPy"): the
    reading's parts (definitions, worked example, pitfalls) and the FAQ's headings are at that level."""
    path = str(metadata.get("heading_path", "") or "")
    return path.split(" > ")[0] if path else str(metadata.get("subtopic", ""))


def units_recipe() -> str:
    """A digest of the code that cuts and words the units (this module and app.core.text): the
    unit vectors' file is keyed by it, so changing how units read (the pitfall lead) re-embeds them."""
    import hashlib
    from pathlib import Path

    from app.core import text

    sources = (Path(__file__).read_bytes(), Path(text.__file__).read_bytes())
    return hashlib.sha256(b"".join(sources)).hexdigest()[:12]


def quotable_texts(records: Sequence) -> list[str]:
    """The unit texts evidence selection embeds for the indexed chunks (`Record`s: `document`
    with a title line first, its `part_of` heading), once each, as `candidates` cuts them for any
    question and for one asking for a worked example with code. Ingest embeds them in advance
    (`app.core.unit_vectors`)."""
    texts: dict[str, None] = {}
    for r in records:
        body = r.document.split("\n", 1)[-1]
        heading = part_of(r.metadata)
        for asks in ("", "show me a worked example with the code"):
            for c in candidates([body], asks, [heading]):
                if "\0" not in c.text:
                    texts[c.text] = None
    return list(texts)

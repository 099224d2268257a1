"""Evidence first: the few whole sentences of the readings that answer a question. Pure functions.

The readings are vetted; the small model's prose is not. So an answer starts with units of the
retrieved passages (whole sentences, whole list items, from `app.text`), picked by scores that do
not rest on the model: closeness of meaning to the question (embedding cosine), how many of the
question's own terms a unit covers (rarer terms count more), and whether the unit *defines* a term
the question names ("**Recall** (also sensitivity) = ..."). Units are picked greedily so that each
new one covers something the question asks that the earlier ones did not (a comparison gets both
sides), and mostly from the section of the best unit, so that a stray sentence from another
reading does not slip in. The picked units are shown in reading order, each with its citation.

Left out on purpose: any call to the LLM, and code blocks or tables unless the question asks for
code or a table.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.context import looks_like_instruction
from app.retrieval import tokenize
from app.text import Unit, count_tokens, split_units, stem

__all__ = ["Candidate", "Evidence", "candidates", "clean_unit", "question_terms", "select_evidence"]

# Words of how a question is asked, not of what it is about.
_ASKING = frozenset(
    (  # noqa: SIM905 (one string reads better than 70 list items)
        "difference differences explain explained mean means meaning use used using work works good ok okay "
        "get just really basically thing things should would could need want much many like vs versus between "
        "compare compared comparison also actually exactly one way ways happen happens help helps example "
        "tell give show know make makes made doing done did have has had any some all not"
    ).split()
)
_WANTS_CODE = re.compile(r"\b(code|snippet|python|syntax|call|function|api|command|sklearn|pandas|numpy|torch)\b", re.I)
_XREF = re.compile(r"\s*\((?:see\s+)?s[1-5]-[a-z0-9-]+(?:[,;]\s*s[1-5]-[a-z0-9-]+)*\)")
_BARE_XREF = re.compile(r"\bs[1-5]-[a-z0-9-]+\b")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
# A unit opening with one of these leans on the unit before it ("They are trained with ...").
_ANAPHOR = re.compile(r"^[*_]*(it|its|this|these|they|their|those|that|such|both|he|she|then|so)\b", re.I)
_WANTS_EXAMPLE = re.compile(r"\b(example|worked|calculat\w*|compute|step by step|walk me through|show me)\b", re.I)
_LEANS = re.compile(
    r"\b(?:does|do|did|like) (?:exactly )?(?:this|that)\b|\b(?:this|that|these|those)\s*[.,;]"
    r"|^[*_]*\w+ (?:it|them)\b",  # "Cutting it at a chosen height ...": 'it' was named before
    re.I,
)
_SCENARIO = re.compile(r"^[*_]*(suppose|imagine|consider|say|take)\b", re.I)


@dataclass(frozen=True)
class Candidate:
    """A unit of passage `passage` (0-based; citation number passage + 1), cleaned for showing."""

    text: str
    passage: int
    unit: Unit


@dataclass(frozen=True)
class Evidence:
    text: str
    passage: int  # 0-based; cite as [passage + 1]
    order: int  # position of the unit in its passage
    score: float


def question_terms(question: str) -> list[str]:
    """The content terms of a question, without the words of asking ("difference", "explain")."""
    return [t for t in dict.fromkeys(tokenize(question)) if t not in _ASKING and len(t) > 1]


def clean_unit(text: str) -> str | None:
    """A unit as a learner should read it, or None when it is not worth quoting: cross-reference
    ids ("(s2-metrics)") removed, list markers dropped, and nothing shorter than a clause, nothing
    that only introduces what follows ("... as follows:"), nothing addressed to a model."""
    text = _XREF.sub("", text).strip()
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
    wants_code = bool(_WANTS_CODE.search(question))
    wants_example = bool(_WANTS_EXAMPLE.search(question))
    out, seen = [], set()
    for p, passage in enumerate(passages):
        if p < len(headings) and headings[p] in ("Worked example", "Example") and not wants_example:
            continue
        prev: Unit | None = None
        for unit in split_units(passage):
            before, prev = prev, unit
            if unit.kind == "heading" or (unit.kind in ("code", "table") and not wants_code):
                continue
            text = unit.text if unit.kind in ("code", "table") else clean_unit(unit.text)
            if text and unit.kind == "sentence" and _ANAPHOR.match(text):
                # "They are trained with ..." leans on the sentence before: quoted with it or not at all
                if before is None or before.block != unit.block or before.kind != "sentence":
                    continue
                text = f"{clean_unit(before.text) or before.text} {text}"
            key = " ".join((text or "").lower().split())
            if not text or key in seen:
                continue
            seen.add(key)
            out.append(Candidate(text, p, unit))
    return out


def _stems(words) -> set[str]:
    return {stem(w) for w in words}


def _defined_terms(text: str, weights: dict[str, float]) -> set[str]:
    """The question terms a unit *defines*: it opens by naming them ('**Recall** ...', 'Recall is ...')."""
    head = text.lstrip("*_ ")[:60].lower()
    bold = re.match(r"^\*\*([^*]{2,60})\*\*", text.strip())
    named = _stems(tokenize(bold.group(1) if bold else " ".join(head.split()[:3]))) & set(weights)
    if not named or not (bold or re.search(r"\b(is|are|means|refers to|measures|=)\b", head)):
        return set()
    return named


def _defined(text: str, weights: dict[str, float]) -> float:
    """How much the unit defines what the question asks about, by the rarity of the term it
    defines (1.0 for the rarest question term)."""
    named = _defined_terms(text, weights)
    return max(weights[s] for s in named) / max(weights.values()) if named else 0.0


def _score(c: Candidate, cos: float, weights: dict[str, float], total: float) -> tuple[float, set[str]]:
    covered = _stems(tokenize(c.text)) & set(weights)
    lexical = sum(weights[s] for s in covered) / total if total else 0.0
    score = 0.5 * cos + 0.5 * lexical + 0.12 * _defined(c.text, weights)
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
) -> list[Evidence]:
    """Pick up to k units (see the module docstring). `cosines[i]` is the embedding cosine of the
    question and candidate i; `section_of[p]` names passage p's section (source and heading), so
    units from the best unit's section are preferred; `chunk_of[p]` is passage p's position in its
    source; `idf` weighs the question's terms by their rarity in the whole index (without it, by
    their rarity among the candidates). Result: the best unit's section first, each section in
    reading order."""
    terms = question_terms(question)
    # rarer terms among the candidates weigh more: "LightGBM" over "model"
    df = {s: sum(1 for c in cands if s in _stems(tokenize(c.text))) for s in _stems(terms)}
    # terms no candidate has cannot be covered and say nothing about which unit is better
    if idf:
        weights = {s: max(idf.get(s, 0.0), 0.1) for s, n in df.items() if n}
    else:
        weights = {s: 1.0 + math.log((1 + len(cands)) / (1 + n)) for s, n in df.items() if n}
    total = sum(weights.values())
    scored = [(*_score(c, cos, weights, total), i) for i, (c, cos) in enumerate(zip(cands, cosines, strict=True))]
    if not scored:
        return []
    best_score = max(s for s, _, _ in scored)
    chosen: list[int] = []
    covered: set[str] = set()
    defined: set[str] = set()  # terms a chosen unit defines; a comparison wants each side defined
    used = 0
    focus: str | None = None
    while len(chosen) < k:
        pick, pick_gain = None, 0.0
        for score, stems, i in scored:
            size = count_tokens(cands[i].text)
            if i in chosen or (chosen and used + size > max_tokens):
                continue
            if any(cands[i].text in cands[j].text or cands[j].text in cands[i].text for j in chosen):
                continue  # a unit already quoted with the sentence that leans on it
            new = stems - covered
            newly_defined = _defined_terms(cands[i].text, weights) - defined
            if chosen and not new and not newly_defined:
                continue  # says nothing the question asks that is not already shown: a stray
            # a unit that covers what the question asks and nothing shown covers yet (the other
            # side of a comparison) may score lower than the first pick and still be wanted
            gain = score + 0.5 * sum(weights[s] for s in new | newly_defined) / (total or 1)
            if gain < min_relative * best_score:
                continue
            elsewhere = focus is not None and section_of[cands[i].passage] != focus
            if elsewhere and score < 0.85 * best_score and not newly_defined:
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
    return sorted(
        picked, key=lambda e: (section_of[e.passage] != focus, section_of[e.passage], chunk_of[e.passage], e.order)
    )

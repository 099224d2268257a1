"""The answering service: condense -> retrieve -> (refuse | evidence first, then a checked explanation).

The LCEL pipeline `retrieve | evidence` (`Tutor.prepare`) is followed by the answer step, whose
runnable is streamed directly. The evidence step picks the few whole sentences of the retrieved
readings that answer the question (`app.answering.evidence`, no LLM), or, for a question close to
one written in advance for a reading, the units its author tied to it (`app.answering.faq`), so the
learner sees vetted text with its citations within a second. The answer step then either returns
text that needs no model (the refusal when the evidence is too weak; a hint, built from the quiz
bank's questions under the same reading heading) or the `prompt | llm | parser` runnable that
explains the evidence in plain words. `Tutor.stream` shows each generated sentence only once it is
complete and `app.answering.claims` has tied it to the evidence without a contradiction; the rest are
recorded in `Answer.dropped`, never shown as the tutor's statement.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough

from app.answering.answer import Answer, Citation, Timings
from app.answering.claims import check_claim
from app.answering.compute import Worked, work
from app.answering.evidence import (
    EXAMPLE_PARTS,
    PITFALL_LEAD,
    PITFALLS,
    Evidence,
    candidates,
    clean_unit,
    others_numbers,
    part_of,
    question_terms,
    select_evidence,
    wants_code,
)
from app.answering.faq import (
    asked_segments,
    belief_parts,
    find_units,
    numbered_parts,
    parts_to_match,
    question_parts,
    statement_parts,
)
from app.answering.grounding import check_answer
from app.answering.premise import OPENER as NOT_QUITE
from app.answering.premise import opens_with_no
from app.answering.retrieval import Hit, HybridRetriever, Retrieval
from app.core.faq import FaqIndex
from app.core.ports import made
from app.core.prefetch import prefetched
from app.core.prompts import load_prompt
from app.core.settings import Settings
from app.core.term_weights import weight
from app.core.text import cosine, count_tokens, split_blocks, split_units, stem, strip_citations

__all__ = ["Mode", "Selection", "Tutor", "format_notes", "refusal_text"]

log = logging.getLogger(__name__)

Mode = Literal["explain", "hint", "deeper"]
History = Sequence[tuple[str, str]]  # (role "user" | "assistant", text)

HINT_MIN_COSINE = 0.45  # a bank question less close to the learner's than this guides elsewhere
EXPLAIN_MAX_TOKENS = 96  # one or two plain sentences; more only gives the model room to drift
_SHAPE = {  # mode -> (most evidence units, share of Settings.evidence_tokens)
    "explain": (3, 1.0),
    "hint": (2, 0.7),
    "deeper": (4, 2.0),
}
_DEEPER_PARTS = ("Worked example", "Common pitfalls")
_ABOUT_ROADMAP = re.compile(r"\b(roadmap|stages?|sections?|curriculum|what should i (learn|study))\b", re.I)
_LEADING_CITES = re.compile(r"^(?:\[\d+(?:,\s*\d+)*\]\s*)+")
_SENTENCE_DONE = re.compile(r"[.!?](?:\s*\[\d+(?:,\s*\d+)*\])?[\"')]?\s")


@dataclass
class Selection:
    """The evidence of one answer: the passages it cites (numbered 1..n in this order) and the units."""

    hits: list[Hit] = field(default_factory=list)
    units: list[Evidence] = field(default_factory=list)  # Evidence.passage indexes `hits`
    extras: list[tuple[str, list[Evidence]]] = field(default_factory=list)  # go-deeper parts
    matched: str = ""  # the question written in advance (corpus/faq) whose answer this is, if any
    worked: list[tuple[Worked, int]] = field(default_factory=list)  # the learner's own computations
    # (app.answering.compute), each with the index in `hits` of the passage stating its formula
    numbers: dict[tuple[int, int], str] = field(default_factory=dict)  # (passage, order) of the unit
    # that begins the answer to the learner's numbered question, -> its number
    opener: str = ""  # the tutor's own verdict before the evidence ("Not quite. ", `premise`): not a
    # reading's words, so never quoted in a citation, a model's note or the support check

    def text(self) -> str:
        """The evidence as shown: units of one passage run on as a paragraph, each cited (one
        paragraph per numbered question the learner asked, led by its number), then the learner's
        own computation, citing the formula's passage."""
        paragraphs = [_paragraph(us) if not n else f"**({n})** " + _paragraph(us) for n, us in self.numbered()]
        if paragraphs and self.opener:
            paragraphs[0] = self.opener + paragraphs[0]
        paragraphs += [f"**{label} (from the reading).**\n\n" + _block_text(units) for label, units in self.extras]
        paragraphs.append(self.worked_text())
        return "\n\n".join(p for p in paragraphs if p.strip())

    def numbered(self) -> list[tuple[str, list[Evidence]]]:
        """The units in runs, each under the number of the learner's question it answers ("" for none)."""
        runs: list[tuple[str, list[Evidence]]] = []
        for u in self.units:
            n = self.numbers.get((u.passage, u.order), "")
            if n or not runs:
                runs.append((n, []))
            runs[-1][1].append(u)
        return runs

    def worked_text(self) -> str:
        return "\n\n".join(w.text(passage + 1) for w, passage in self.worked)

    def all_units(self) -> list[Evidence]:
        return self.units + [u for _, units in self.extras for u in units]


def _block_text(units: list[Evidence]) -> str:
    """Go-deeper parts: a unit that is a whole block (a list, code) keeps its own lines."""
    return "\n\n".join(_cite(u.text, u.passage + 1) for u in units)


def _paragraph(units: list[Evidence]) -> str:
    return " ".join(_cite(u.text, u.passage + 1) for u in units)


def _cite(text: str, n: int) -> str:
    """Put [n] before the sentence's final punctuation: 'A is B.' -> 'A is B [n].'"""
    body = text.rstrip()
    if body.endswith("```"):
        return f"{body}\n[{n}]"
    if body and body[-1] in ".!?:":
        return f"{body[:-1]} [{n}]{body[-1]}"
    return f"{body} [{n}]"


def format_notes(selection: Selection) -> str:
    """The evidence for the prompt: one numbered note per unit, nothing else."""
    return "\n".join(f"[{u.passage + 1}] {strip_citations(u.text)}" for u in selection.all_units())


def nearest_sections(candidates_: list[Hit], n: int = 3) -> list[str]:
    out: list[str] = []
    for hit in candidates_:
        m = hit.metadata
        if m.get("section"):
            label = f"{m['section']} (stage {m['stage']})"
            if label not in out:
                out.append(label)
        if len(out) == n:
            break
    return out


def refusal_text(sections: list[str]) -> str:
    text = "The roadmap material I have does not cover that, so I won't guess."
    if sections:
        text += " The nearest sections are: " + "; ".join(sections) + "."
    return text


def _to_citation(n: int, hit: Hit, text: str) -> Citation:
    m = hit.metadata
    page = m.get("page", -1)
    return Citation(
        n=n,
        source_id=m.get("source_id", ""),
        source_type=m.get("source_type", ""),
        stage=int(m.get("stage", 0)),
        section=m.get("section", ""),
        title=m.get("title", ""),
        heading=m.get("heading_path", ""),
        url_or_path=m.get("url_or_path", ""),
        page=page if page and page > 0 else None,
        text=text,
        chunk_id=hit.id,
    )


def _body(hit: Hit) -> str:
    return hit.text.split("\n", 1)[-1]  # the first line is the chunk's title/heading header


def _section_key(hit: Hit) -> str:
    m = hit.metadata
    return f"{m.get('source_id', '')}#{m.get('heading_path', '')}"


_NEAR_QUESTION = 0.30  # a unit above a worked block this close to the question or to the
_NEAR_STEPS = 0.33  # steps (cosine) bears on them; below both it is a neighbour's sentence


COMPLETE_UNITS = 2  # an answer written in advance this short may leave a story's other parts unanswered
STORY_WORDS = 25  # a message this long tells a story or asks several things
COMPLETE_SCORE = 0.45  # the sentence-level score a unit needs to complete such an answer
PITFALL_MARGIN = 0.05  # how much further than the best entry a story's statement may be from its reading's pitfall
BELIEF_AGREE = 0.65  # as close, when the whole message's own closest entry is that same pitfall
BELIEF_FLOOR = 0.95  # how close a stated belief must be to a pitfall's question for its correction to join
STORY_FLOOR = 0.6  # a story close to no entry whole, this close to its best one, can still be about its reading


class Tutor:
    def __init__(
        self,
        settings: Settings,
        llm,
        retriever: HybridRetriever,
        embeddings,
        questions=(),
        faq=None,
        unit_vectors=None,
        term_weights: Mapping[str, float] | None = None,
    ) -> None:
        """`questions`: the quiz bank (app.core.corpus.Question), the source of hint-mode questions;
        `faq`: the questions the readings answer (`FaqIndex`, or a function making it);
        `unit_vectors`: a function giving the readings' unit vectors made at ingest (text -> vector);
        `term_weights`: the corpus's fixed word weights (`app.core.term_weights`), else the index's."""
        self.settings = settings
        self._term_weights = term_weights
        self._faq = faq
        self._unit_vectors = unit_vectors
        self._last_query: tuple[str, list[float]] | None = None
        self._llm = llm  # the model, or a function making it: an answer that needs no generation never loads it
        self.retriever = retriever
        self.embeddings = embeddings
        self.questions = list(questions)
        self._vectors: dict[str, list[float]] = {}  # unit text -> embedding; the corpus is fixed
        self._made_at_ingest: dict[str, list[float]] = {}  # never dropped: see `_embed`
        # retrieval, then the evidence; `stream` then runs the answer step (`_route`: text, or the
        # model's explanation) itself. Streamed through a third nested assign, every token crossed
        # LangChain's dict merging and a thread hand-off: 14-21 tokens/s against 26-36 for the same
        # explanation streamed directly (measured)
        self.prepare: Runnable = RunnablePassthrough.assign(
            retrieval=RunnableLambda(self._retrieve)
        ) | RunnablePassthrough.assign(selection=RunnableLambda(self._select))

    @cached_property
    def llm(self):
        return made(self._llm)

    @cached_property
    def faq(self) -> FaqIndex | None:
        """The questions written in advance; None (sentence-level selection only) when there are
        none or their files cannot be read: they refine answers, they must never stop them."""
        if self._faq is None:
            return None
        try:
            return made(self._faq)
        except (OSError, ValueError) as exc:
            log.warning("questions written in advance not loaded, answering without them: %s", exc)
            return None

    @cached_property
    def explain_prompt(self) -> ChatPromptTemplate:
        """The explanation's prompt: the fixed instructions first (llama.cpp reuses their cache from
        one question to the next), then the notes and the question."""
        return ChatPromptTemplate.from_messages(
            [("system", load_prompt("answer_explain")), ("human", load_prompt("answer_user"))]
        )

    @cached_property
    def _explain(self) -> Runnable:
        limit = {"max_tokens": EXPLAIN_MAX_TOKENS, "extra_body": {"max_tokens": EXPLAIN_MAX_TOKENS}}
        return self.explain_prompt | self.llm.bind(**limit) | StrOutputParser()

    @cached_property
    def _condense(self) -> Runnable:
        limit = {"max_tokens": 64, "extra_body": {"max_tokens": 64}}
        prompt = ChatPromptTemplate.from_messages([("human", load_prompt("condense"))])
        return prompt | self.llm.bind(**limit) | StrOutputParser()

    # --- chain steps ---------------------------------------------------------------------------

    def _retrieve(self, inputs: dict) -> Retrieval:
        k = self.settings.top_k + (2 if inputs["mode"] == "deeper" else 1)
        return self.retriever.retrieve(
            inputs["standalone"], k=k, stage=inputs.get("stage"), section=inputs.get("section")
        )

    def _embed(self, texts: list[str]) -> list[list[float]]:
        load = self._unit_vectors  # read once: another session's thread may be loading them now
        if load is not None:  # once: the vectors ingest made (app.core.unit_vectors)
            self._unit_vectors = None
            self._made_at_ingest = dict(load())
        base, cache = self._made_at_ingest, self._vectors
        missing = [t for t in dict.fromkeys(texts) if t not in base and t not in cache]
        if missing:
            if len(cache) > 50_000:  # only what was embedded here: the same text must keep one vector
                cache.clear()
            # one text per call: in a batch, a text's vector depends (in the last float bits) on the texts
            # padded beside it, so the cache held whichever batch came first and a near tie between two
            # units flipped with the questions asked before (h7-s1-linear-algebra-1's answer moved so)
            cache.update((t, self.embeddings.embed_documents([t])[0]) for t in missing)
        return [base[t] if t in base else cache[t] for t in texts]

    def _query_vector(self, question: str) -> list[float]:
        """The question's embedding, made once per question (the FAQ match and the evidence
        scoring both need it); one (text, vector) pair, replaced whole, so threads share it safely."""
        last = self._last_query
        if last is None or last[0] != question:
            last = (question, self.embeddings.embed_query(question))
            self._last_query = last
        return last[1]

    def _cosines(self, question: str, texts: list[str]) -> list[float]:
        if not texts:
            return []
        q = self._query_vector(question)
        return [cosine(q, v) for v in self._embed(texts)]

    def _weights(self) -> Mapping[str, float]:
        """Word weights (stem -> idf): the corpus's fixed table, so that adding a document does not
        move every answer's scores, else the active index's own."""
        return self._term_weights if self._term_weights else self.retriever.idf()

    def _pick(self, question: str, hits: list[Hit], k: int, budget: int, entry=None) -> list[Evidence]:
        """Sentence-level selection from the passages; with an `entry` written in advance (its
        section's passages are `hits`), its author's units first, completed by the selection."""
        headings = [part_of(h.metadata) for h in hits]
        # the entry's own questions decide what is quotable (a worked example asked for, code)
        asks = question + " " + " ".join(entry.questions) if entry else question
        cands = candidates([_body(h) for h in hits], asks, headings)
        forced: list[int] = []
        if entry is not None:
            found = find_units(cands, entry.answer, entry.headings)
            if isinstance(found, str) or not found:
                return []  # an index out of step with the corpus: selection as usual
            if all(cands[i].unit.kind == "code" for i in found) and not wants_code(question):
                return []  # a code-only entry for a learner who asked no code: bare code reads as garbled
            forced = sorted(found, key=lambda i: (int(hits[cands[i].passage].metadata.get("chunk_index", 0)), i))
            k = len(forced) + 1
        cosines = self._cosines(question, [c.text for c in cands])
        sections = [_section_key(h) for h in hits]
        chunks = [int(h.metadata.get("chunk_index", 0)) for h in hits]
        idf = self._weights()
        if entry is None:
            return select_evidence(question, cands, cosines, sections, chunks, k=k, max_tokens=budget, idf=idf)
        # the author's answer, completed only by a unit of its section that adds what the question
        # asks (never another pitfall: those are separate mistakes), all in reading order
        units = select_evidence(
            question, cands, cosines, sections, chunks, k, budget, idf=idf, pitfall_cosine=2.0, forced=forced
        )
        return sorted(units, key=lambda u: (chunks[u.passage], u.passage, u.order))

    def _select(self, inputs: dict) -> Selection:
        retrieval: Retrieval = inputs["retrieval"]
        k, share = _SHAPE[inputs["mode"]]
        budget = int(self.settings.evidence_tokens * share)
        # a question close to one the readings were written to answer is in scope, however its
        # words fare in retrieval ("i just got a new dataset, what should i look at first?")
        matched, entries, numbers = self._asked_in_advance(inputs)
        units: list[Evidence] = []
        hits: list[Hit] = []
        starts: dict[tuple[str, int], str] = {}  # (chunk id, order) of a numbered answer's first unit -> number
        # the units of the entry the whole message matched, or of each numbered question's: kept beside
        # a worked block (an entry joined for a further part added strays there: 7 of 13 answers read
        # worse by a blind reviewer, session 24)
        written: set[str] = set()
        # the first entry, then those answering the message's other parts; or each numbered question's
        # entry, picked for by that question (the whole message's words would add a unit answering
        # another number under this one), and for a number no entry answers, the sentence-level
        # selection's units its question alone scores COMPLETE_SCORE or more
        asked = numbers or [("", inputs["standalone"], entry, None) for entry in entries]
        for nth, (number, asks, entry, retrieval_) in enumerate(asked):
            if entry is not None:
                more = [
                    h for h in self.retriever.source_chunks(entry.source_id) if part_of(h.metadata) in entry.headings
                ]
                picked = self._pick(asks, more, k, budget, entry)
            else:
                more = _pool(retrieval_)
                picked = [u for u in self._pick(asks, more, 2, budget // 2) if u.score >= COMPLETE_SCORE]
            quoted = {_key_text(u.text) for u in units}
            picked = [u for u in picked if _key_text(u.text) not in quoted]
            if not units and not picked and not numbers:
                break  # an index out of step with the corpus: selection as usual
            if number and picked:
                starts[(more[picked[0].passage].id, picked[0].order)] = number
            units += [Evidence(u.text, u.passage + len(hits), u.order, u.score) for u in picked]
            written |= {u.text for u in picked} if entry is not None and (number or not nth) else set()
            hits = hits + more
        matched = matched if units else ""
        if numbers:
            pass  # each number was matched alone; completing from the whole message would mix them
        elif units and len(units) <= COMPLETE_UNITS and len(inputs["standalone"].split()) >= STORY_WORDS:
            units, hits = self._complete(inputs, units, hits, {e.source_id for e in entries}, k, budget)
        if not units and self._should_refuse(retrieval):
            return Selection()
        if not units:
            hits = _pool(retrieval, wants_roadmap=bool(_ABOUT_ROADMAP.search(inputs["standalone"])))
            units = self._pick(inputs["standalone"], hits, k, budget)
        units = _frame_example(inputs["standalone"], hits, units)
        # a hint must not give the result away; the computations are done on the learner's own words,
        # not the condensed question (a model's rewrite could change a number)
        # (worked even when the pool gave nothing quotable: a computation sure of its numbers cites its own
        # reading, and a new concept note outranking that reading turned a worked answer into a refusal)
        worked = _computed(inputs) if inputs["mode"] != "hint" else []
        if worked:
            units, hits = self._evidence_for_worked(
                inputs["standalone"], worked, units, hits, k, budget, bool(matched), written
            )
        extras: list[tuple[str, list[Evidence]]] = []
        if inputs["mode"] == "deeper" and units:
            source = hits[units[0].passage].metadata.get("source_id", "")
            chunks = self.retriever.source_chunks(source)
            quoted = {u.text for u in units}
            for part in _DEEPER_PARTS:
                more = [h for h in chunks if part_of(h.metadata) == part]
                if part == "Worked example":
                    picked = self._example(more, 2 * self.settings.evidence_tokens)
                else:
                    picked = self._pick(inputs["standalone"], more, 2, 140)
                    picked = [u for u in picked if u.text not in quoted and u.score >= 0.45]
                offset = len(hits)
                hits += more
                extras.append((part, [Evidence(u.text, u.passage + offset, u.order, u.score) for u in picked]))
        selection = _renumber(hits, _without_repeats(units), [(label, units_) for label, units_ in extras if units_])
        selection.matched = matched
        selection.numbers = {
            (u.passage, u.order): starts[key]
            for u in selection.units
            if (key := (selection.hits[u.passage].id, u.order)) in starts
        }
        if len(set(selection.numbers.values())) < 2:
            selection.numbers = {}  # one number answered: a number alone would read as a list cut short
        # a claim the learner asks to have confirmed, answered by a pitfall: say so first (`premise`)
        message = inputs.get("question") or inputs["standalone"]
        lead = selection.units[0].text if selection.units else ""
        if opens_with_no(
            message,
            lead,
            bool(matched),
            bool(selection.numbers),
            lambda: self._cosines(message, [lead.removeprefix(PITFALL_LEAD), matched]),
        ):
            selection.opener = NOT_QUITE
        self._add_worked(selection, worked)
        return selection

    def _complete(
        self, inputs: dict, units: list[Evidence], hits: list[Hit], sources: set[str], k: int, budget: int
    ) -> tuple[list[Evidence], list[Hit]]:
        """A story answered by one or two units written in advance often asks more than they say
        (heldout16: "I wrote nn.Dropout(p=0.9) to keep 90% ... Also, do I need to rescale at
        inference?" got only the dropout-rate pitfall). The sentence-level selection over the
        retrieved passages of the same readings adds up to two units it scores at COMPLETE_SCORE or
        more, after the entry's own; computations are left alone (their worked block completes them),
        and so is a message that asks one thing (`_asks_more`)."""
        question = inputs.get("question") or inputs["standalone"]
        if _computed(inputs) or not _asks_more(question):
            return units, hits
        pool = [h for h in _pool(inputs["retrieval"]) if h.metadata.get("source_id") in sources]
        quoted = {u.text for u in units}
        said = {_key_text(u.text) for u in units}
        more = [
            u
            for u in self._pick(inputs["standalone"], pool, k, budget)
            if u.score >= COMPLETE_SCORE and u.text not in quoted and _key_text(u.text) not in said
        ][:2]
        if not more:
            return units, hits
        offset = len(hits)
        return units + [Evidence(u.text, u.passage + offset, u.order, u.score) for u in more], hits + pool

    def _evidence_for_worked(
        self,
        question: str,
        worked: list[Worked],
        units: list[Evidence],
        hits: list[Hit],
        k: int,
        budget: int,
        authored: bool = False,
        written: frozenset[str] | set[str] = frozenset(),
    ) -> tuple[list[Evidence], list[Hit]]:
        """A question the calculators work is about their readings: quoted evidence from another
        reading is a neighbour's text (heldout10: k-means' Lloyd's algorithm above an attention
        computation), so it is left out, and so is the reading's worked example: its numbers are not
        the learner's, whose own are worked below it. When nothing else was selected, the evidence is
        picked from the rest of those readings. A pitfall `authored` for the question (an FAQ entry's)
        stays whatever its reading: heldout14's "w has the bigger dot product, so it is more similar?"
        lost the embeddings reading's "comparing raw dot products" to the dot product's definition. (An
        entry's definitions do not: matched to a computation they were a neighbour's, Git's merge above
        a BPE merge.)"""
        sources = {_source(w.source_id) for w in worked}

        def fits(hit: Hit) -> bool:
            own = hit.metadata.get("source_id") in sources or (authored and part_of(hit.metadata) == PITFALLS)
            return own and part_of(hit.metadata) not in EXAMPLE_PARTS

        kept = [u for u in units if fits(hits[u.passage])]
        if not kept:
            more = [h for source in sorted(sources) for h in self.retriever.source_chunks(source) if fits(h)]
            picked = self._pick(question, more, k, budget)
            if picked:
                offset = len(hits)
                kept, hits = [Evidence(u.text, u.passage + offset, u.order, u.score) for u in picked], hits + more
            elif units:
                return units, hits
            # (nothing quoted at all: the formula below stands alone above the computation)
        # a pitfall of another reading the entry chose, and an entry's unit of the calculator's own reading
        # (heldout19: "a density peaking at 2.5 must be broken, right?" lost "A density value can exceed 1"
        # beside the Poisson steps, too far in meaning from the whole message of three questions)
        tied = {u.text for u in kept if hits[u.passage].metadata.get("source_id") not in sources or u.text in written}
        return self._formula_first(question, worked, kept, hits, tied)

    def _formula_first(
        self,
        question: str,
        worked: list[Worked],
        units: list[Evidence],
        hits: list[Hit],
        tied: set[str],
    ) -> tuple[list[Evidence], list[Hit]]:
        """Above a worked block the learner should read the rule it applies, then only what bears on
        the question or the computation. The sentence stating each calculator's formula (its cue)
        is quoted when the selection missed it, and a unit close to neither the question nor the
        worked steps is left out (heldout13: Type I error and power above a Bayes update, an
        early-stopping definition above a forest's variance), unless it stands within two units of the
        formula in its passage (the formula's own paragraph: weight sharing beside the conv count), or
        is `tied` to the question by an FAQ entry's author."""
        formulas: list[Evidence] = []
        for w in worked:
            h = next((h for h in self._formula_chunks(w) if part_of(h.metadata) not in EXAMPLE_PARTS), None)
            cue = re.compile(w.cue)
            unit = next((c for c in candidates([_body(h)], question) if cue.search(c.text)), None) if h else None
            if unit is not None:
                ids = [x.id for x in hits]
                if h.id not in ids:
                    hits = hits + [h]
                    ids.append(h.id)
                formulas.append(Evidence(unit.text, ids.index(h.id), unit.unit.index, 1.0))

        def said(u: Evidence) -> str:
            return " ".join(u.text.split())

        stated = {said(f) for f in formulas}
        # a formula already quoted inside a longer unit (its sentence and the one leaning on it) is not
        # quoted again: heldout22's XGBoost answer showed the Omega sentence twice
        added = [f for f in formulas if not any(said(f) in said(u) for u in units)]
        inside = {said(u) for u in units for f in added if said(u) != said(f) and said(u) in said(f)}
        steps = " ".join(s for w in worked for s in w.steps)
        texts = [u.text for u in units]
        near_q, near_w = self._cosines(question, texts), self._cosines(steps, texts)

        def beside_formula(u: Evidence) -> bool:  # the formula's own paragraph: "too large and it diverges"
            return any(hits[u.passage].id == hits[f.passage].id and abs(u.order - f.order) <= 2 for f in formulas)

        kept = [
            u
            for u, q, s in zip(units, near_q, near_w, strict=True)
            if (said(u) in stated or u.text in tied or q >= _NEAR_QUESTION or s >= _NEAR_STEPS or beside_formula(u))
            and said(u) not in inside
        ]
        return added + kept, hits

    def _formula_chunks(self, worked: Worked) -> Iterator[Hit]:
        """The passages of the calculator's reading whose text matches its cue (the formula it applies),
        in reading order: the first is the worked block's citation."""
        cue = re.compile(worked.cue)
        return (h for h in self.retriever.source_chunks(_source(worked.source_id)) if cue.search(_body(h)))

    def _add_worked(self, selection: Selection, found: list[Worked]) -> None:
        """The learner's own computations, from each calculator sure of every number, each with the
        reading's passage that states its formula as its citation."""
        for worked in found:
            formula = next(self._formula_chunks(worked), None)
            if formula is None:
                log.warning("no passage of %s states the %s formula; not shown", worked.source_id, worked.kind)
                continue
            ids = [h.id for h in selection.hits]
            if formula.id not in ids:
                selection.hits.append(formula)
                ids.append(formula.id)
            selection.worked.append((worked, ids.index(formula.id)))

    def _asked_in_advance(self, inputs: dict) -> tuple[str, list, list[tuple[str, str, object, Retrieval]]]:
        """The question written in advance for a reading (corpus/faq) closest to the learner's,
        when it is close enough, and the entries that answer it; ("", []) otherwise.

        A message that asks two or three things ("What does d mean in ARIMA, and how do I tell
        whether my series needs it?") has each part matched alone too: the entries of the same
        reading that answer parts the first entry does not join it, and when the message as a
        whole is close to no entry, its first part that is takes the lead. A part that only refers
        back ("is one clearly better?") is close to nothing and adds nothing, and a part never
        brings a "How it connects" entry (its cross-references read as padding beside an answer:
        "MDPs build on Probability & Statistics" before the non-Markov fix). A story with one question
        ("Q-learning is on-policy, right? My agent explores ...") has that question matched alone
        too, beside the entry the whole matched (SARSA, the on-policy counterpart, beside the
        off-policy pitfall).

        Questions the learner numbered ("1) ... 2) ...") are matched each alone, whole
        (`numbered_parts`), an entry from any reading, and answered in their order; the third value
        gives each number's (number, question, entry or None, its own retrieval), empty when the
        message numbers nothing or no number matched an entry."""
        least = self.settings.faq_min_similarity
        retrieved: dict[str, dict] = {}

        def alone_of(part: str) -> dict:
            """The part as a message of its own, retrieved once however many of the rules below match it."""
            if part not in retrieved:
                retrieved[part] = {**inputs, "standalone": part}
                retrieved[part]["retrieval"] = self._retrieve(retrieved[part])
            return retrieved[part]

        numbered, asked = self._numbered(inputs)
        if any(entry is not None for _, _, entry, _ in numbered):
            return asked, [entry for _, _, entry, _ in numbered if entry is not None], numbered
        entry, similarity, asked = self._match(inputs["standalone"], inputs)
        entries = [entry] if entry is not None and similarity >= least else []
        # a sentence of the message whole only to lead: beside an entry the message matched, it
        # brought the other side's remedies ("how do i tell if that's over- or underfitting, and
        # what should i try?" added underfitting's remedies to an overfitting tree's answer)
        parts = parts_to_match(inputs["standalone"], whole_sentences=not entries)[:4]
        if not parts:  # a story then one question: the question alone can join the story's entry, or lead when
            # the whole is close to none ("my DQN's curve is noisy ... how should I actually evaluate the agent and
            # report results?" is 0.67 whole, its question 0.80 from reporting RL results; heldout31); with no
            # entry for the whole it leads only from a reading the whole retrieves (`_from_retrieved` below)
            parts = [p for p in question_parts(inputs["standalone"]) if p != inputs["standalone"].strip()]
        found = []
        for part in parts:
            # retrieved alone too: the whole's sections favour its entry
            other, score, closest = self._match(part, alone_of(part))
            if other is None or score < least or other.heading == "How it connects":
                continue
            found.append((other, score, closest))
        # with no entry for the whole, a part leads only from a reading the whole message retrieves: alone,
        # "If not, what's the real probability?" (after a fraud model trained on undersampled data) was 0.83
        # from MDPs' "do real problems give you the transition probabilities" (heldout23)
        if not entries:
            found = _from_retrieved(found, inputs["retrieval"])
        # with no entry for the whole, the reading is the one its closest part matched, not its first: "(1) in
        # my gradient boosting model, which of these are parameters" is 0.82 from how boosting works, the same
        # sentence's "which are hyperparameters: learning rate, ..." 0.84 from parameters vs hyperparameters
        lead = entries[0].doc if entries else max(found, key=lambda f: f[1])[0].doc if found else ""
        for other, _, closest in found:
            if other in entries or other.doc != lead:
                continue
            if not entries:
                asked = closest
            entries.append(other)
        # a story's second mistake: a statement close to another pitfall of the reading that answers
        # the whole ("... ran git reset --hard HEAD~1 and then git push --force." beside rewriting
        # shared history); only beside a matched entry, and only that reading's pitfalls. The pitfall
        # may be a little further from the statement than the FAQ's best entry for it, which can be a
        # neighbour's ("I never call optimizer.zero_grad()" is closest to backpropagation's stale
        # gradients, but the PyTorch reading's pitfall is the one beside its softmax-twice); a statement
        # that only sets the scene ("the user actually rated the item 2") is much closer to a definition
        # A computation's statements are its data ("the user actually rated the item 2"), not mistakes.
        told = statement_parts(inputs["standalone"])[:6]
        if told and _computed(inputs):
            told = []
        # A story close to no entry whole is still about the reading its best entry comes from when
        # its own statements are closest to that reading's pitfalls ("... the logger writes -999 ...
        # I did train_test_split first, then drop_duplicates on each split" is 0.63 from deduplicating
        # after splitting whole, 0.93 and 0.93 from the sentinel and duplicates pitfalls): the two
        # signals agree, so the entry leads and the statements' pitfalls join it.
        near = [entry] if not entries and told and entry is not None and similarity >= STORY_FLOOR else []
        for part in told if entries or near else ():
            if len(entries) >= 3:
                break
            alone = alone_of(part)
            _, best, _ = self._match(part, alone)
            other, score, _ = self._match(part, alone, within=((entries or near)[0].doc, PITFALLS))
            if other is None or score < max(least, best - PITFALL_MARGIN):
                continue
            entries = entries or list(near)  # `asked` is still the whole's: no part matched
            if other not in entries:
                entries.append(other)
        # a belief the learner states as a reason or conclusion ("..., so gradient descent and backprop aren't
        # valid for ReLU networks", "since predict on a classifier gives the churn probability") that is very
        # close to a misconception a reading's pitfall was written for, from any reading: the correction
        # joins the answer, in the third place at most (heldout29: a premise was left standing while the
        # story's scene matched another reading's entry; leading, it pushed a closer answer down)
        said = told + belief_parts(inputs["standalone"])[:4]  # told is [] for a computation, as beliefs are
        beliefs = [] if _computed(inputs) else list(dict.fromkeys(said))
        for part in beliefs:
            other, score, closest = self._match(part, alone_of(part))
            # or, when nothing matched the whole message, a belief whose closest pitfall is the one the whole
            # message was also closest to: two signals agreeing ("card and paypal can't happen together
            # they're independent events" 0.69 from disjoint events, the message 0.49 from the same pitfall)
            agree = not entries and other is entry and score >= BELIEF_AGREE
            if other is None or other.heading != PITFALLS or (score < BELIEF_FLOOR and not agree):
                continue
            if all(other is not e for e in entries):
                asked = closest if not entries else asked
                entries = [*entries[:2], other]
            break
        # each asked sentence with the statements before it, matched whole: "Real improvement?"
        # alone is close to nothing, after "val AUC went 0.861 -> 0.863 (one run each)" it is the
        # seed-noise pitfall. Only the first entry's reading: from any reading, short pieces ("what's
        # the tradeoff?") brought another reading's tradeoff, and a concept note restated the pitfall
        # quoted (13 of 2,550 dataset answers changed, 4 of them for the worse; this way 4, 3 better)
        if entries:
            for _, segment in asked_segments(inputs["standalone"])[:4]:
                if len(entries) >= 3:
                    break
                other, score, _ = self._match(segment, alone_of(segment))
                if other is None or score < least or other.heading == "How it connects":
                    continue
                if all(other is not e for e in entries) and other.doc in {e.doc for e in entries}:
                    entries.append(other)
        return (asked, entries, []) if entries else ("", [], [])

    def _numbered(self, inputs: dict) -> tuple[list[tuple[str, str, object, Retrieval]], str]:
        """Each numbered question, in the learner's order, as (number, question, its entry or None,
        its retrieval), and the first matched entry's closest question; an entry answers one number."""
        least = self.settings.faq_min_similarity
        out: list[tuple[str, str, object, Retrieval]] = []
        first = ""
        for number, item in numbered_parts(inputs["standalone"])[:4]:
            alone = {**inputs, "standalone": item}
            alone["retrieval"] = self._retrieve(alone)
            entry, score, closest = self._match(item, alone)
            taken = any(entry is e for _, _, e, _ in out)
            if entry is None or score < least or entry.heading == "How it connects" or taken:
                entry = None
            first = first or (closest if entry is not None else "")
            out.append((number, item, entry, alone["retrieval"]))
        return out, first

    def _match(self, question: str, inputs: dict, within: tuple[str, str] | None = None):
        """The FAQ's best entry for `question` (among a reading's entries under a heading, `within`),
        its score and its closest question (None, -1, "")."""
        faq = self.faq
        if faq is None or not faq.entries:
            return None, -1.0, ""
        idf = self._weights()
        top = max(idf.values(), default=1.0)
        terms = {t: weight(idf, t, top) for t in dict.fromkeys(stem(w) for w in question_terms(question))}
        retrieval: Retrieval | None = inputs.get("retrieval")
        sections = (
            [(h.metadata.get("source_id", ""), part_of(h.metadata)) for h in retrieval.candidates] if retrieval else []
        )
        entry, similarity, asked = faq.match(
            self._query_vector(question),
            stage=inputs.get("stage"),
            section=inputs.get("section"),
            terms=terms,
            sections=sections,
            weights=(self.settings.faq_lexical_weight, self.settings.faq_retrieval_weight),
            within=within,
            note_margin=self.settings.faq_note_margin,
            floor=self.settings.faq_min_similarity,
        )
        return entry, similarity, asked

    def _example(self, chunks: list[Hit], budget: int) -> list[Evidence]:
        """The reading's worked example from its start, whole blocks (a paragraph, a list, a code
        block) up to the budget: its steps lean on its set-up, so it is never picked apart."""
        out: list[Evidence] = []
        used, seen = 0, set()
        for p, hit in enumerate(chunks):
            for kind, text in split_blocks(_body(hit)):
                if kind == "heading" or text in seen:
                    continue  # neighbouring chunks share their edge sentences
                seen.add(text)
                size = count_tokens(text)
                if out and used + size > budget:
                    return _without_dangling_intro(out)
                used += size
                shown = " ".join(clean_unit(u.text) or u.text for u in split_units(text)) if kind == "para" else text
                out.append(Evidence(shown, p, len(out), 0.0))
        return _without_dangling_intro(out)

    def _route(self, inputs: dict):
        retrieval: Retrieval = inputs["retrieval"]
        selection: Selection = inputs["selection"]
        if not selection.units:  # refused in `_select`, or nothing quotable
            return refusal_text(nearest_sections(retrieval.candidates))
        if inputs["mode"] == "hint":
            return self._hint(inputs["standalone"], selection)
        if not self._explains():
            return ""
        notes = format_notes(selection)
        return RunnableLambda(lambda x: {"notes": notes, "question": x["standalone"]}) | self._explain

    def _model_shares_cpu(self) -> bool:
        """Does the model run in this process, on the cores the checks use?"""
        return self.settings.llm_backend == "llamacpp"

    def _explains(self) -> bool:
        """Does the model add an explanation? Measured: the packaged 0.5B model's explanations,
        even filtered, kept false sentences ("b is a view of a, it is a copy of a"), so auto means
        off for the embedded model and checked for a (presumably larger) server model."""
        mode = self.settings.explanation
        return mode == "checked" or (mode == "auto" and self.settings.llm_backend == "openai")

    def _should_refuse(self, retrieval: Retrieval) -> bool:
        return not retrieval.hits or retrieval.best_sim < self.settings.min_relevance

    def _hint(self, question: str, selection: Selection) -> str:
        """One or two guiding questions from the quiz bank under the evidence's reading heading,
        and where to read; the evidence itself is not shown (it would give the answer away)."""
        hit = selection.hits[selection.units[0].passage]
        item = hit.metadata.get("item_id", "")
        heading = str(hit.metadata.get("heading_path", "")).split(" > ")[0]
        pool = [q for q in self.questions if q.item_id == item and q.heading == heading]
        pool = pool or [q for q in self.questions if q.item_id == item]
        lines = []
        if pool:
            # the bank's questions about what the learner asked (not a restatement of it), those
            # under the evidence's heading first
            cos = self._cosines(question, [q.question for q in pool])
            cos = [c + (0.05 if q.heading == heading else 0.0) for c, q in zip(cos, pool, strict=True)]
            ranked = sorted(((c, i) for i, c in enumerate(cos) if c < 0.85), reverse=True)[:2]
            for score, i in ranked:
                if score < HINT_MIN_COSINE or (lines and score < 0.9 * ranked[0][0]):
                    break
                q = pool[i]
                lines.append(f"True or false: {q.question}" if q.type == "true_false" else q.question)
        if not lines:
            terms = [t for u in selection.units for t in re.findall(r"\*\*([^*]{2,40})\*\*", u.text)][:2]
            named = " and ".join(f"**{t.rstrip('.')}**" for t in terms) or "the idea this section names"
            lines.append(f"Think about {named}: what does it mean, and how does it bear on your question?")
        where = hit.metadata.get("title", "")
        if heading:
            where += f", section “{heading}”"
        guide = lines[0] if len(lines) == 1 else "\n".join(f"- {line}" for line in lines)
        return f"Try answering this first:\n{guide}\n\nThen read [1]: {where}."

    def condense(self, question: str, history: History) -> str:
        """A standalone version of a follow-up; the question itself when there is no history."""
        turns = list(history)[-2 * self.settings.history_turns :]
        if not turns:
            return question
        text = "\n".join(f"{role}: {content[:400]}" for role, content in turns)
        rewritten = self._condense.invoke({"history": text, "question": question}).strip()
        rewritten = rewritten.splitlines()[0].strip().strip('"') if rewritten else ""
        return rewritten if len(rewritten) > 5 else question

    # --- public API ----------------------------------------------------------------------------

    def stream(
        self,
        question: str,
        history: History = (),
        stage: int | None = None,
        section: str | None = None,
        mode: Mode = "explain",
    ) -> Iterator[str | Answer]:
        """Yield the evidence at once, then each checked sentence of the explanation, then one `Answer`.
        A message longer than `max_question_chars` is cut, and the answer starts by saying so."""
        started = time.perf_counter()
        timings, parts, tokens = Timings(), [], 0
        limit = self.settings.max_question_chars
        if len(question) > limit:
            parts.append(f"_(Your message has {len(question):,} characters; I read its first {limit:,}.)_\n\n")
            question = question[:limit]
            yield parts[-1]
        standalone = self.condense(question, history)
        inputs = {"standalone": standalone, "question": question, "stage": stage, "section": section, "mode": mode}
        retrieval: Retrieval | None = None
        selection = Selection()
        checker = _Checker(self)
        for chunk in self.prepare.stream(inputs):
            if "retrieval" in chunk:
                retrieval = chunk["retrieval"]
                timings.retrieve_s = time.perf_counter() - started
            if "selection" in chunk:
                selection = chunk["selection"]
                checker.start(selection, standalone)
                if selection.units and mode != "hint":
                    timings.evidence_s = time.perf_counter() - started
                    parts.append(selection.text())
                    yield parts[-1]
        assert retrieval is not None
        step = self._route({**inputs, "retrieval": retrieval, "selection": selection})
        if isinstance(step, str):  # made without the model (a refusal, a hint) or nothing to add
            if step:
                timings.evidence_s = timings.evidence_s or time.perf_counter() - started
                parts.append(step)
                yield step
        else:
            # A server's explanation is streamed ahead in a thread while finished sentences are checked.
            # The embedded model's is read whole first, then checked: the checks' numpy work on the same
            # cores would slow every token (measured: 0.66x the bare call's tokens/s), and nothing
            # unchecked is shown meanwhile anyway.
            local = self._model_shares_cpu()
            held: list[str] = []
            for piece in step.stream(inputs) if local else prefetched(step.stream(inputs)):
                if not piece:
                    continue
                if not tokens:
                    timings.first_token_s = time.perf_counter() - started
                tokens += 1
                timings.last_token_s = time.perf_counter() - started
                if local:
                    held.append(piece)
                    continue
                for shown in checker.feed(piece):
                    parts.append(("\n\n" if len(parts) == 1 else " ") + shown)
                    yield parts[-1]
            for shown in checker.feed("".join(held)):
                parts.append(("\n\n" if len(parts) == 1 else " ") + shown)
                yield parts[-1]
        for shown in checker.flush():
            parts.append(("\n\n" if len(parts) == 1 else " ") + shown)
            yield parts[-1]
        timings.total_s = time.perf_counter() - started
        text = "".join(parts)
        answer = self._finish(question, standalone, text, retrieval, selection, timings, tokens, mode)
        answer.dropped = checker.dropped
        yield answer

    def ask(self, question: str, **kwargs) -> Answer:
        *_, answer = self.stream(question, **kwargs)
        return answer

    def _finish(self, question, standalone, text, retrieval, selection, timings, tokens, mode) -> Answer:
        refused = not selection.units
        texts: dict[int, list[str]] = {}
        for u in selection.all_units():
            # a citation quotes the reading's words only, never the tutor's own lead-in to them
            texts.setdefault(u.passage, []).append(u.text.removeprefix(EXAMPLE_FRAME))
        for _, passage in selection.worked:
            texts.setdefault(passage, [_body(selection.hits[passage])])
        citations = [_to_citation(n + 1, hit, " ".join(texts.get(n, []))) for n, hit in enumerate(selection.hits)]
        answer = Answer(
            question=question,
            standalone_question=standalone,
            answer=text.strip(),
            citations=[],
            refused=refused,
            timings=timings,
            tokens=0 if refused else tokens,
            mode=mode,
            best_similarity=round(retrieval.best_sim, 4),
            index_version=retrieval.index_version,
            nearest_sections=nearest_sections(retrieval.candidates) if refused else [],
            matched=selection.matched,
            worked=",".join(w.kind for w, _ in selection.worked),
        )
        if refused:
            return answer
        # the computation's steps are arithmetic done in Python on the learner's numbers, not claims
        # a passage could support: checked apart, recorded as computed, citing the formula
        worked = selection.worked_text()
        prose = answer.answer.replace(worked, "") if worked else answer.answer
        if selection.opener:
            # the tutor's verdict on the learner's claim: no passage says "Not quite.", and the chat
            # page would list it as unsupported
            prose = prose.replace(selection.opener, "", 1)
        answer.sentences = check_answer(prose, [c.text or "" for c in citations], self._embed)
        answer.sentences += [
            {"text": step, "supported": True, "citations": [passage + 1], "computed": True}
            for w, passage in selection.worked
            for step in w.steps
        ]
        used = {n for row in answer.sentences for n in row["citations"]}
        if mode == "hint":
            used = {1}
        for c in citations:
            c.cited = c.n in used
        answer.citations = citations
        return answer


def _computed(inputs: dict) -> list:
    """The calculators' results for the learner's own words (not the condensed question: a model's
    rewrite could change a number), worked once per message: three steps of the selection ask."""
    if "computed" not in inputs:
        inputs["computed"] = work(inputs.get("question") or inputs["standalone"])
    return inputs["computed"]


# "Also, do I need to rescale at inference?": a message that says it asks more than one thing
_ALSO = re.compile(r"\b(?:also|as well|on top of that|plus|another question|second question)\b", re.I)


def _asks_more(question: str) -> bool:
    """Does the message ask more than the one thing an entry answers: two asked parts, or "also"?
    One question with its entry's units is answered; completing it anyway added another pitfall of
    the same reading as stray text (session 30: a git revert question got the large-file pitfall)."""
    return len(question_parts(question)) >= 2 or bool(_ALSO.search(question))


def _from_retrieved(found: list, retrieval: Retrieval) -> list:
    """The part matches (entry, score, question) whose entry belongs to a reading the whole message
    retrieves (its evidence pool): a short part's words can be closest to a neighbour's entry."""
    retrieved = {h.metadata.get("source_id") for h in _pool(retrieval)}
    return [f for f in found if f[0].source_id in retrieved]


def _quotable(hit: Hit, wants_roadmap: bool) -> bool:
    """Shipped reading lists and "How it connects" cross-references never, the roadmap's own item
    lists only when the question is about the roadmap: "Model serving: Flask, FastAPI" is a topic
    list, not an answer."""
    m = hit.metadata
    if m.get("source_type") == "link" and m.get("origin") == "corpus":
        return False
    if part_of(m) == "How it connects":
        return False  # cross-references to other items ("... model serving with Flask or FastAPI ...")
    return wants_roadmap or m.get("source_type") != "roadmap"


def _key_text(text: str) -> str:
    """A unit's words, without its "Pitfall: " lead or markup: the same unit quoted two ways."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().removeprefix("pitfall: ")))


def _pool(retrieval: Retrieval, dense: int = 8, wants_roadmap: bool = False) -> list[Hit]:
    """The passages evidence is picked from: the fused top k, plus the chunks closest in meaning
    (the fused ranking can put a chunk that names the question's words above the one that answers
    it; sentence-level scoring then decides)."""
    pool = [h for h in retrieval.hits if _quotable(h, wants_roadmap)]
    seen = {h.id for h in pool}
    closest = [h for h in sorted(retrieval.candidates, key=lambda h: -h.dense_sim) if _quotable(h, wants_roadmap)]
    pool += [h for h in closest[:dense] if h.id not in seen]
    return pool


# It must not say the learner's case "goes through the same steps": heldout17's reviewers counted that
# as a false claim twice (a network with a sigmoid the example lacks; freezing advice for a case it does
# not fit).
EXAMPLE_FRAME = (
    "I could not work your own numbers through with certainty, so here is the reading's worked example "
    "with its own numbers, not yours; check which of its steps apply to your case: "
)


def _frame_example(question: str, hits: list[Hit], units: list[Evidence]) -> list[Evidence]:
    """A worked example quoted for a question with the learner's own numbers says so before its
    first unit: the reading's 5 GB is not the learner's answer (reviewers found it taken as one), and
    no calculator worked theirs (heldout14: "yours differ" read as if the tutor had, and was said of
    "2 instances running 24/7", numbers the example shares)."""
    example = [i for i, u in enumerate(units) if part_of(hits[u.passage].metadata) in EXAMPLE_PARTS]
    shown = " ".join(units[i].text for i in example)
    # a sentence of the example that states no number ("the k fold models exist only to produce
    # the estimate") is the reading's point, not its numbers: framed, it read as an example that
    # never came (heldout16)
    if not example or not re.search(r"\d", shown) or not others_numbers(question, shown):
        return units
    first = units[example[0]]
    framed = Evidence(EXAMPLE_FRAME + first.text, first.passage, first.order, first.score)
    # after what answers the learner: opening with the frame and another case's numbers read as an
    # answer to a different question (heldout19's reviewers: "opens with meta-text", garbled)
    rest = [u for i, u in enumerate(units) if i not in example]
    return rest + [framed] + [units[i] for i in example[1:]]


def _without_repeats(units: list[Evidence]) -> list[Evidence]:
    """Each unit once: one whose words all stand, in order, inside another picked unit is left out
    (heldout23: BERT's definition quoted whole from one passage, then its first sentence again from
    the next chunk, read as an answer that repeats itself)."""
    keys = [f" {_key_text(u.text)} " for u in units]  # padded: whole words only
    kept = []
    for i, u in enumerate(units):
        inside = any(j != i and keys[i] in keys[j] and (keys[i] != keys[j] or j < i) for j in range(len(units)))
        if not inside or not keys[i].strip():
            kept.append(u)
    return kept


def _without_dangling_intro(units: list[Evidence]) -> list[Evidence]:
    while units and units[-1].text.rstrip().endswith(":"):
        units = units[:-1]  # "Start at w = 0 with eta = 0.1:" introduces steps that did not fit
    return units


def _source(source_id: str) -> str:
    """A calculator's reading as the index names it: 's1-python' -> 'reading/s1-python'."""
    return ("concept/" if source_id.startswith("c-") else "reading/") + source_id


def _renumber(hits: list[Hit], units: list[Evidence], extras: list[tuple[str, list[Evidence]]]) -> Selection:
    """Keep only the passages the evidence comes from, numbered in order of first use."""
    order: dict[int, int] = {}
    for u in units + [u for _, us in extras for u in us]:
        order.setdefault(u.passage, len(order))

    def move(us: list[Evidence]) -> list[Evidence]:
        return [Evidence(u.text, order[u.passage], u.order, u.score) for u in us]

    kept = [hits[p] for p, _ in sorted(order.items(), key=lambda kv: kv[1])]
    return Selection(kept, move(units), [(label, move(us)) for label, us in extras])


class _Checker:
    """Cuts the explanation stream into sentences and lets through only those `check_claim` passes,
    each with the citation of the evidence it rests on."""

    def __init__(self, tutor: Tutor) -> None:
        self.tutor = tutor
        self.buf = ""
        self.units: list[Evidence] = []
        self.question = ""
        self.dropped: list[dict] = []

    def start(self, selection: Selection, question: str) -> None:
        self.units = selection.all_units()
        self.question = question

    def feed(self, piece: str) -> Iterator[str]:
        self.buf += piece
        while (m := _SENTENCE_DONE.search(self.buf)) is not None:
            sentence, self.buf = self.buf[: m.end()].strip(), self.buf[m.end() :]
            yield from self._judge(sentence)

    def flush(self) -> Iterator[str]:
        rest, self.buf = self.buf.strip(), ""
        if rest:
            yield from self._judge(rest)

    def _judge(self, sentence: str) -> Iterator[str]:
        sentence = _LEADING_CITES.sub("", sentence).strip()  # "[1] Precision is ..." copied from the notes
        if not sentence or not self.units:
            return
        evidence = [strip_citations(u.text) for u in self.units]
        sims = self.tutor._cosines(strip_citations(sentence), evidence)
        verdict = check_claim(sentence, evidence, sims, self.question)
        if not verdict.shown:
            self.dropped.append({"text": strip_citations(sentence), "reason": verdict.reason})
            return
        n = self.units[verdict.evidence].passage + 1 if verdict.evidence is not None else 1
        yield _cite(strip_citations(sentence), n)

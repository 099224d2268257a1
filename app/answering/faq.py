"""Questions the readings answer, written in advance: `corpus/faq/<doc>.yaml`.

Sentence-level scoring finds the sentences that share the question's words and meaning; for a
*how* or *why* question that is often the definition of the thing named ("How do I solve an MDP?"
got the MDP's definition, while the section "Solving an MDP" answers it). The learner's words
resemble a question more than they resemble the answer, so each reading carries the questions a
learner may ask that it answers, each entry tied to the reading's own units (whole sentences or
list items, named by their opening words) that answer all of its questions together. A learner's
question close in meaning to one of them gets those units, cited, in reading order: vetted text,
chosen by a person for that question, with no model involved. A question near none of them falls
back to the sentence-level selection (`app.answering.evidence`).

An answer unit sits under the entry's `heading` unless it names its own:
`{heading: Key definitions, unit: "**Early stopping**: stop adding"}`, so that a symptom's
diagnosis (under "Common pitfalls") can come with its remedy from another section of the same
reading. At most MAX_UNITS units, quoted in reading order.

This is the "hypothetical questions" form of multi-vector retrieval, with the questions written
rather than generated (the small model bends meanings). The writers saw the readings only, never
the evaluation's questions.

    python -m app.answering.faq check [doc ...]   # every answer resolves to units of its section
    python -m app.answering.faq units doc [heading]   # the quotable units an answer may name
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path

from app.answering.evidence import PITFALL_LEAD, Candidate, candidates
from app.core.corpus import split_front_matter
from app.core.faq import doc_path, load_faq

__all__ = [
    "asked_segments",
    "belief_parts",
    "check",
    "find_units",
    "numbered_parts",
    "parts_to_match",
    "question_parts",
    "section_text",
    "statement_parts",
]

# "..., and how do I ...?", "... ? And why ...?": where a learner's second question begins
_NEXT_QUESTION = re.compile(
    r"(?:,\s*|;\s*|\s+)(?:and|but)\s+(?=(?:how|what|why|where|when|which|who|is|are|should|do|does|did|can|could|"
    r"would|will|if|whether)\b)",
    re.I,
)
# how a clause that asks begins: a question word, an auxiliary, or a request ("Explain X, and how ...")
_ASKS = re.compile(
    r"^[\W_]*(?:how|what|why|where|when|which|who|whose|is|are|was|were|am|should|do|does|did|can|could|would|"
    r"will|shall|may|might|must|has|have|had|if|whether|explain|tell|show|give|compare|describe|help|list|walk|"
    r"so|and|or|also|then|ok|okay|right|any|isn'?t|aren'?t|doesn'?t|don'?t|didn'?t|wouldn'?t|can'?t|won'?t)\b",
    re.I,
)
# a clause asks when it names what it wants anywhere in it: "Roughly how many ...", "X vs Y - which fits"
_ASKING_WORD = re.compile(r"\b(?:how|what|which|why|where|who|whose|whether|vs\.?|versus)\b", re.I)
MAX_UNITS = 7  # an entry's answer: a few whole units (a worked example with its set-up), never a section pasted whole
MAX_QUESTIONS = 10  # ways a learner may ask one entry
_FENCE = re.compile(r"^\s*(```|~~~)")


def question_parts(question: str) -> list[str]:
    """The questions a learner's message asks, in order: each sentence that ends in "?", and each
    of its clauses joined by "and"/"but" before a question word ("What does d mean, and how do I
    tell whether my series needs it?" -> two). Statements around them are left out; a message
    with no "?" is one question."""
    sentences = [s.strip() for s in re.split(r"(?<=[?.!])\s+", question.strip()) if s.strip()]
    asked = [s for s in sentences if s.endswith("?")]
    if not asked:
        return [question.strip()] if question.strip() else []
    out: list[str] = []
    for s in asked:
        pieces = [p.strip(" ,;") for p in _NEXT_QUESTION.split(s) if p.strip(" ,;")]
        # the clause before "..., but when I ...?" can be what the learner told, not asked ("The
        # first two components explain 71% of the variance, but when I colour ... right?"): alone,
        # its numbers matched the worked example on explained variance (heldout19)
        if len(pieces) > 1 and not _ASKS.match(pieces[0]) and not _ASKING_WORD.search(pieces[0]):
            pieces = pieces[1:]
        out += pieces
    return out


# where a told story's second mistake begins: "..., and encoded city as ...", "Two problems: ..."
_NEXT_CLAUSE = re.compile(r",\s+(?:and|but)\s+|;\s+|:\s+|\s+-\s+")
STATEMENT_WORDS = 6  # a shorter statement ("It trains.", "Monthly sales.") matches whatever is near


def statement_parts(question: str) -> list[str]:
    """The statements of a told story, each sentence that does not end in "?" and, when it splits,
    each of its clauses, in order; pieces under STATEMENT_WORDS words are left out. A story that
    names two mistakes ("I ran git reset --hard HEAD~1 and then git push --force. Now their pulls
    conflict") is matched to one entry whole; its statements can each be closer to the other."""
    sentences = [s.strip() for s in re.split(r"(?<=[?.!])\s+", question.strip()) if s.strip()]
    if len(sentences) < 2:
        return []
    out: list[str] = []
    for sentence in sentences:
        if sentence.endswith("?"):
            continue
        clauses = [c.strip(" ,;:") for c in _NEXT_CLAUSE.split(sentence) if c.strip(" ,;:")]
        out += [sentence] + (clauses if len(clauses) > 1 else [])
    return [p for p in dict.fromkeys(out) if len(re.findall(r"[A-Za-z]\w*", p)) >= STATEMENT_WORDS]


# where a learner's reason or conclusion begins: "..., so gradient descent isn't valid", "since predict gives ..."
_BELIEF = re.compile(
    r"(?:,\s*|\s+|^)(?:so|since|because|as|which means|that means|meaning|means|therefore|hence|thus)\s+(?:that\s+)?",
    re.I,
)


def belief_parts(question: str) -> list[str]:
    """What the learner gives as a reason or draws as a conclusion: each clause after "so", "since",
    "because", "(which) means" ... up to the next comma or the sentence's end ("I flag scores above 0.3,
    since predict on a classifier gives the churn probability" -> "predict on a classifier gives the
    churn probability"), pieces under STATEMENT_WORDS words left out. A wrong premise usually sits
    in such a clause, amid the story's scene-setting."""
    out: list[str] = []
    for sentence in (s.strip() for s in re.split(r"(?<=[?.!])\s+", question.strip()) if s.strip()):
        for m in _BELIEF.finditer(sentence):
            clause = re.split(r",|;|\s+-\s+|\?|!|\.(?=\s|$)", sentence[m.end() :])[0].strip()
            if len(re.findall(r"[A-Za-z]\w*", clause)) >= STATEMENT_WORDS:
                out.append(clause)
    return list(dict.fromkeys(out))


def parts_to_match(question: str, whole_sentences: bool = True) -> list[str]:
    """What to match alone besides the whole message: its parts (`question_parts`), with
    `whole_sentences` each asked sentence that splits into clauses coming whole before them. Whole,
    such a sentence can be close to the one entry that answers all of it, which none of its clauses
    is ("Which one is overfitting, which is underfitting, and would more data fix both?" is the
    more-data pitfall; "would collecting more data fix both?" alone refers back). Empty when the
    message asks one thing."""
    if len(question_parts(question)) < 2:
        return []
    if not whole_sentences:
        return question_parts(question)
    sentences = [s.strip() for s in re.split(r"(?<=[?.!])\s+", question.strip()) if s.strip()]
    out: list[str] = []
    for sentence in sentences:
        clauses = question_parts(sentence) if sentence.endswith("?") else []
        out += ([sentence] if len(clauses) > 1 and sentence != question.strip() else []) + clauses
    return out


# "1) ...", "(2) ...", "3. ..." opening a line or following a sentence's end: a learner's numbered questions
_NUMBER = re.compile(r"(?:^|(?<=\n)|(?<=[.?!:]\s))[ \t]*(?:\((\d)\)|(\d)[.)])\s+")


def numbered_parts(question: str) -> list[tuple[str, str]]:
    """A message's numbered questions as (number, item) with each item whole, its statements with
    its question ("2) df.loc[2:5] gives 4 rows but df.iloc[2:5] gives 3. Bug?"): alone, "Bug?" or
    "OK?" refers back to what the item told. Only a run numbered 1, 2, ... of two or more items;
    anything before item 1 (a heading such as "Three surprises:") is left out. Empty otherwise."""
    marks = [m for m in _NUMBER.finditer(question)]
    run: list[re.Match] = []
    for m in marks:
        if int(m.group(1) or m.group(2)) == len(run) + 1:
            run.append(m)
    if len(run) < 2:
        return []
    ends = [m.start() for m in run[1:]] + [len(question)]
    items = [(m.group(1) or m.group(2), question[m.end() : end].strip()) for m, end in zip(run, ends, strict=True)]
    return [(n, item) for n, item in items if item]


def asked_segments(question: str) -> list[tuple[str, str]]:
    """A message of two or more asked sentences cut after each, each piece with the statements
    before it ("Added a feature, val AUC went 0.861 -> 0.863 (one run each). Real improvement?"):
    alone, "Real improvement?" refers back to nothing. Shaped as `numbered_parts` (no numbers);
    statements after the last question join it. Empty for a message asking one thing."""
    sentences = [s.strip() for s in re.split(r"(?<=[?.!])\s+", question.strip()) if s.strip()]
    out: list[str] = []
    told: list[str] = []
    for sentence in sentences:
        told.append(sentence)
        if sentence.endswith("?"):
            out.append(" ".join(told))
            told = []
    if told and out:
        out[-1] += " " + " ".join(told)
    return [("", segment) for segment in out] if len(out) >= 2 else []


def section_text(body: str, heading: str) -> str | None:
    """The text under `## heading` (up to the next ## heading, code fences respected)."""
    lines, inside, fence = [], False, False
    for line in body.splitlines():
        if _FENCE.match(line):
            fence = not fence
        if not fence and line.startswith("## "):
            if inside:
                break
            inside = line[3:].strip() == heading
            continue
        if inside:
            lines.append(line)
    return "\n".join(lines).strip() if inside or lines else None


def _key(text: str) -> str:
    """Text compared without emphasis marks, case or spacing."""
    return " ".join(re.sub(r"[*_`]", "", text.removeprefix(PITFALL_LEAD)).lower().split())


def find_units(cands: Sequence[Candidate], answer: Sequence[str], headings: Sequence[str] = ()) -> list[int] | str:
    """The candidates each opening names (one each, a unit quoted once), or what went wrong; with
    `headings`, each opening is looked for only under its own heading (a candidate's `part`)."""
    found: list[int] = []
    for n, opening in enumerate(answer):
        want = _key(opening)
        under = headings[n] if n < len(headings) else None
        mine = [i for i, c in enumerate(cands) if under is None or c.part == under]
        hits = [i for i in mine if want and want in _key(cands[i].text)]
        if not hits:  # the opening runs on into a sentence that leans on it, cut off by a chunk edge
            hits = [i for i in mine if len(_key(cands[i].text)) >= 40 and want.startswith(_key(cands[i].text))]
        starts = [i for i in hits if _key(cands[i].text).startswith(want)]
        hits = starts or hits
        # a unit cut by a chunk edge is also quoted whole from the next chunk: the whole one
        hits = [i for i in hits if not any(j != i and _key(cands[i].text) in _key(cands[j].text) for j in hits)]
        if not hits:
            return f"no quotable unit contains {opening!r}"
        if len(hits) > 1:
            return f"{opening!r} is in {len(hits)} units: give more of its words"
        if hits[0] not in found:
            found.append(hits[0])
    return found


def check(corpus_dir: Path, docs: Sequence[str] = ()) -> list[str]:
    """Problems of the FAQ files: an answer that resolves to no unit (or to several), a heading
    the reading lacks, an entry with too few questions or too long an answer."""
    problems = []
    for e in load_faq(corpus_dir, docs):
        where = f"{e.doc} / {e.heading} / {e.questions[0] if e.questions else '?'}"
        _, body = split_front_matter(doc_path(corpus_dir, e.doc).read_text(encoding="utf-8"))
        sections = list(dict.fromkeys((e.heading, *e.headings)))
        texts = [section_text(body, h) for h in sections]
        missing = [h for h, t in zip(sections, texts, strict=True) if t is None]
        if missing:
            problems.append(f"{where}: the reading has no section '## {missing[0]}'")
            continue
        # up to 10: a pitfall's entry also holds a told story and a stated misconception (session 22)
        if not 2 <= len(e.questions) <= MAX_QUESTIONS:
            problems.append(f"{where}: {len(e.questions)} questions (2-{MAX_QUESTIONS} wanted)")
        if not 1 <= len(e.answer) <= MAX_UNITS:
            problems.append(f"{where}: {len(e.answer)} answer units (1-{MAX_UNITS} wanted)")
        # as at answer time: the entry's own questions decide whether a worked example or code is quotable
        found = find_units(candidates(texts, " ".join(e.questions), sections), e.answer, e.headings)
        if isinstance(found, str):
            problems.append(f"{where}: {found}")
    return problems


def _print_units(corpus_dir: Path, doc: str, headings: Sequence[str]) -> int:
    """Each section's quotable units as an answer sees them (worked examples and code included)."""
    _, body = split_front_matter(doc_path(corpus_dir, doc).read_text(encoding="utf-8"))
    names = headings or [line[3:].strip() for line in body.splitlines() if line.startswith("## ")]
    for heading in dict.fromkeys(names):
        text = section_text(body, heading)
        if text is None:
            print(f"no section '## {heading}' in {doc}")
            return 1
        print(f"## {heading}")
        for c in candidates([text], "a worked example with code", [heading]):
            print("  - " + " ".join(c.text.split()))
    return 0


def main(argv: Sequence[str]) -> int:
    from app.core.settings import load_settings

    if not argv or argv[0] not in ("check", "units") or (argv[0] == "units" and len(argv) < 2):
        print("\n".join(line.strip() for line in __doc__.strip().splitlines()[-2:]))
        return 2
    corpus_dir = load_settings().corpus_dir
    if argv[0] == "units":
        return _print_units(corpus_dir, argv[1], argv[2:])
    problems = check(corpus_dir, argv[1:])
    n = len(load_faq(corpus_dir, argv[1:]))
    for p in problems:
        print(p)
    print(f"{n} entries, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

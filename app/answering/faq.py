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

This is the "hypothetical questions" form of multi-vector retrieval, with the questions written
rather than generated (the small model bends meanings). The writers saw the readings only, never
the evaluation's questions.

    python -m app.answering.faq check [doc ...]   # every answer resolves to units of its section
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from app.answering.evidence import PITFALL_LEAD, Candidate, candidates
from app.core.corpus import split_front_matter

__all__ = ["Entry", "FaqIndex", "check", "find_units", "load_faq", "section_text"]

_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Entry:
    doc: str  # reading or concept note id ("s3-mdp", "c-bias-variance")
    heading: str  # the ## heading of the section the answer comes from
    answer: tuple[str, ...]  # opening words of each answering unit, as in the reading
    questions: tuple[str, ...]
    stage: int = 0
    section: str = ""

    @property
    def source_id(self) -> str:
        return ("concept/" if self.doc.startswith("c-") else "reading/") + self.doc


def _doc_path(corpus_dir: Path, doc: str) -> Path:
    return corpus_dir / ("concepts" if doc.startswith("c-") else "readings") / f"{doc}.md"


def load_faq(corpus_dir: Path, docs: Sequence[str] = ()) -> list[Entry]:
    """Every entry of corpus/faq/*.yaml (or of the named docs), with its reading's stage and section."""
    out = []
    for path in sorted((corpus_dir / "faq").glob("*.yaml")):
        if docs and path.stem not in docs:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        doc = data.get("doc", path.stem)
        meta, _ = split_front_matter(_doc_path(corpus_dir, doc).read_text(encoding="utf-8"))
        for i, raw in enumerate(data.get("entries") or []):
            try:
                out.append(
                    Entry(
                        doc=doc,
                        heading=str(raw["heading"]),
                        answer=tuple(str(a) for a in raw["answer"]),
                        questions=tuple(str(q) for q in raw["questions"]),
                        stage=int(meta.get("stage", 0)),
                        section=str(meta.get("section", "")),
                    )
                )
            except (KeyError, TypeError) as exc:
                raise ValueError(f"{path.name}: entry {i + 1} lacks heading, answer or questions ({exc})") from exc
    return out


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


def find_units(cands: Sequence[Candidate], answer: Sequence[str]) -> list[int] | str:
    """The candidates each opening names (one each, a unit quoted once), or what went wrong."""
    found: list[int] = []
    for opening in answer:
        want = _key(opening)
        hits = [i for i, c in enumerate(cands) if want and want in _key(c.text)]
        starts = [i for i in hits if _key(cands[i].text).startswith(want)]
        hits = starts or hits
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
        _, body = split_front_matter(_doc_path(corpus_dir, e.doc).read_text(encoding="utf-8"))
        text = section_text(body, e.heading)
        if text is None:
            problems.append(f"{where}: the reading has no section '## {e.heading}'")
            continue
        if not 2 <= len(e.questions) <= 8:
            problems.append(f"{where}: {len(e.questions)} questions (2-8 wanted)")
        if not 1 <= len(e.answer) <= 4:
            problems.append(f"{where}: {len(e.answer)} answer units (1-4 wanted)")
        # as at answer time: the entry's own questions decide whether a worked example or code is quotable
        found = find_units(candidates([text], " ".join(e.questions), [e.heading]), e.answer)
        if isinstance(found, str):
            problems.append(f"{where}: {found}")
    return problems


class FaqIndex:
    """The entries and their questions' vectors; `match` finds the entry a question asks for."""

    def __init__(self, entries: Sequence[Entry], vectors) -> None:
        import numpy as np

        self.entries = list(entries)
        self._owner = [i for i, e in enumerate(self.entries) for _ in e.questions]
        self._questions = self.texts(self.entries)
        matrix = np.asarray(vectors, dtype=np.float32).reshape(len(self._owner), -1)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        self._matrix = matrix / np.where(norms == 0, 1, norms)

    @staticmethod
    def texts(entries: Sequence[Entry]) -> list[str]:
        return [q for e in entries for q in e.questions]

    @staticmethod
    def fingerprint(entries: Sequence[Entry], model: str) -> str:
        return hashlib.sha256("\n".join([model, *FaqIndex.texts(entries)]).encode()).hexdigest()[:16]

    def match(
        self, vector: Sequence[float], stage: int | None = None, section: str | None = None
    ) -> tuple[Entry | None, float, str]:
        """The entry with the question closest in meaning to `vector` (cosine), within the stage
        or section when given; its cosine; the question matched."""
        import numpy as np

        if not self._owner:
            return None, -1.0, ""
        v = np.asarray(vector, dtype=np.float32)
        sims = self._matrix @ (v / (np.linalg.norm(v) or 1.0))
        for j in np.argsort(-sims):
            e = self.entries[self._owner[j]]
            if (stage and e.stage != stage) or (section and e.section != section):
                continue
            return e, float(sims[j]), self._questions[j]
        return None, -1.0, ""


def build_index(corpus_dir: Path, embeddings, cache_dir: Path, model: str) -> FaqIndex:
    """The FAQ with its questions embedded, the vectors kept in `cache_dir` (keyed by the
    questions and the model), so only a changed FAQ or another model embeds them again."""
    import numpy as np

    entries = load_faq(corpus_dir)
    path = cache_dir / f"faq-{FaqIndex.fingerprint(entries, model)}.npy"
    try:
        vectors = np.load(path)
    except (OSError, ValueError):
        vectors = np.asarray(embeddings.embed_documents(FaqIndex.texts(entries)), dtype=np.float32)
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp.npy")
            np.save(tmp, vectors)
            tmp.replace(path)
        except OSError:
            pass  # a read-only data folder: embed again next time
    return FaqIndex(entries, vectors)


def main(argv: Sequence[str]) -> int:
    from app.core.settings import load_settings

    if not argv or argv[0] != "check":
        print(__doc__.strip().splitlines()[-1].strip())
        return 2
    corpus_dir = load_settings().corpus_dir
    problems = check(corpus_dir, argv[1:])
    n = len(load_faq(corpus_dir, argv[1:]))
    for p in problems:
        print(p)
    print(f"{n} entries, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Questions the readings answer, written in advance (`corpus/faq/<doc>.yaml`): the data and
its vectors. Each entry names a reading's section, the opening words of the units there that
answer, and the questions a learner may ask. Loading, embedding (cached on disk, built by ingest so
that the first question does not wait) and matching live here; resolving an entry to quotable units
is `app.answering.faq`."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from app.core.corpus import split_front_matter
from app.core.text import stem, tokenize

__all__ = ["Entry", "FaqIndex", "build_index", "doc_path", "load_faq"]


@dataclass(frozen=True)
class Entry:
    doc: str  # reading or concept note id ("s3-mdp", "c-bias-variance")
    heading: str  # the ## heading of the section the answer comes from
    answer: tuple[str, ...]  # opening words of each answering unit, as in the reading
    questions: tuple[str, ...]
    stage: int = 0
    section: str = ""
    # the heading each answering unit sits under, when not `heading` (a symptom's diagnosis under
    # "Common pitfalls" completed by its remedy under "Key definitions"); empty: all under `heading`
    answer_headings: tuple[str, ...] = ()

    @property
    def headings(self) -> tuple[str, ...]:
        """The heading of each answering unit, in `answer` order."""
        return self.answer_headings or (self.heading,) * len(self.answer)

    @property
    def is_note(self) -> bool:
        """A concept note's entry (a supplement to the readings), not a reading's."""
        return self.doc.startswith("c-")

    @property
    def source_id(self) -> str:
        return ("concept/" if self.is_note else "reading/") + self.doc


def doc_path(corpus_dir: Path, doc: str) -> Path:
    return corpus_dir / ("concepts" if doc.startswith("c-") else "readings") / f"{doc}.md"


def load_faq(corpus_dir: Path, docs: Sequence[str] = ()) -> list[Entry]:
    """Every entry of corpus/faq/*.yaml (or of the named docs), with its reading's stage and section."""
    out = []
    for path in sorted((corpus_dir / "faq").glob("*.yaml")):
        if docs and path.stem not in docs:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        doc = data.get("doc", path.stem)
        meta, _ = split_front_matter(doc_path(corpus_dir, doc).read_text(encoding="utf-8"))
        for i, raw in enumerate(data.get("entries") or []):
            try:
                heading = str(raw["heading"])
                units = [
                    (heading, a) if isinstance(a, str) else (str(a["heading"]), str(a["unit"])) for a in raw["answer"]
                ]
                out.append(
                    Entry(
                        doc=doc,
                        heading=heading,
                        answer=tuple(u for _, u in units),
                        answer_headings=tuple(h for h, _ in units) if any(h != heading for h, _ in units) else (),
                        questions=tuple(str(q) for q in raw["questions"]),
                        stage=int(meta.get("stage", 0)),
                        section=str(meta.get("section", "")),
                    )
                )
            except (KeyError, TypeError) as exc:
                raise ValueError(f"{path.name}: entry {i + 1} lacks heading, answer or questions ({exc})") from exc
    return out


class FaqIndex:
    """The entries and their questions' vectors; `match` finds the entry a question asks for."""

    def __init__(self, entries: Sequence[Entry], vectors) -> None:
        import numpy as np

        self.entries = list(entries)
        self._owner = [i for i, e in enumerate(self.entries) for _ in e.questions]
        self._questions = self.texts(self.entries)
        matrix = np.asarray(vectors, dtype=np.float32).reshape(len(self._owner), -1) if self._owner else None
        matrix = np.zeros((0, 1), dtype=np.float32) if matrix is None else matrix
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        self._matrix = matrix / np.where(norms == 0, 1, norms)
        self._owner_array = np.asarray(self._owner, dtype=np.int64)
        self._note_array = np.asarray([e.is_note for e in self.entries], dtype=np.float64)
        self._bags = [frozenset(stem(t) for q in e.questions for t in tokenize(q)) for e in self.entries]

    @staticmethod
    def texts(entries: Sequence[Entry]) -> list[str]:
        return [q for e in entries for q in e.questions]

    @staticmethod
    def fingerprint(entries: Sequence[Entry], model: str) -> str:
        return hashlib.sha256("\n".join([model, *FaqIndex.texts(entries)]).encode()).hexdigest()[:16]

    def _cosines(self, vector: Sequence[float]):
        """The cosine of `vector` to every question, in question order."""
        import numpy as np

        v = np.asarray(vector, dtype=np.float32)
        return self._matrix @ (v / (np.linalg.norm(v) or 1.0))

    def match(
        self,
        vector: Sequence[float],
        stage: int | None = None,
        section: str | None = None,
        terms: Mapping[str, float] | None = None,
        sections: Sequence[tuple[str, str]] = (),
        weights: tuple[float, float] = (0.0, 0.0),
        within: tuple[str, str] | None = None,
        note_margin: float = 0.0,
        floor: float = 0.0,
    ) -> tuple[Entry | None, float, str]:
        """The entry that best answers the question whose vector is `vector`, within the stage or
        section when given; its score; the closest of its questions. The score is the cosine to the
        entry's closest question, plus, with `weights` (lexical, retrieval):
        - the share of the question's weighted `terms` (stem -> idf) found in the entry's questions;
        - 1/(1 + rank) of the entry's (source id, heading) among the retrieved `sections`.
        `within` (doc, heading): only that reading's entries under that heading; `note_margin` is
        taken off a concept note's entries (`Entry.is_note`) when ranking those scoring `floor` or more,
        not from the score returned."""
        import numpy as np

        if not self._owner:
            return None, -1.0, ""
        cosines = self._cosines(vector)
        score = np.full(len(self.entries), -1.0)
        np.maximum.at(score, self._owner_array, cosines)  # each entry: its closest question
        lexical, retrieval = weights
        if lexical and terms:
            total = sum(terms.values()) or 1.0
            score += lexical * np.array([sum(w for t, w in terms.items() if t in bag) / total for bag in self._bags])
        if retrieval and sections:
            rank = {where: r for r, where in enumerate(dict.fromkeys(sections))}
            score += retrieval * np.array(
                [
                    1.0 / (1 + rank[(e.source_id, e.heading)]) if (e.source_id, e.heading) in rank else 0.0
                    for e in self.entries
                ]
            )
        # the margin orders the entries whose own score reaches `floor` (a reading's entry below it
        # is no answer, so it cannot take a note's place); the score returned is the entry's own
        ranked = score
        if note_margin:
            ranked = score - note_margin * self._note_array - 10.0 * (score < floor)
        order = [
            int(i)
            for i in np.argsort(-ranked, kind="stable")
            if not (stage and self.entries[i].stage != stage)
            and not (section and self.entries[i].section != section)
            and not (within and (self.entries[i].doc, self.entries[i].heading) != within)
        ]
        if not order:
            return None, -1.0, ""
        rows = np.flatnonzero(self._owner_array == order[0])
        closest = self._questions[int(rows[np.argmax(cosines[rows])])]
        return self.entries[order[0]], float(score[order[0]]), closest


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
            for old in cache_dir.glob("faq-*.npy"):  # an earlier FAQ's vectors (5 MB each)
                if old != path:
                    old.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only data folder: embed again next time
    return FaqIndex(entries, vectors)

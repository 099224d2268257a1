"""The shipped corpus as typed objects: roadmap, readings, linked readings, quiz bank.

Pure loading and validation; no embedding, no Chroma. The formats are described in corpus/FORMAT.md.
"""

from __future__ import annotations

import json
import re
from functools import cached_property
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, model_validator

__all__ = [
    "Corpus",
    "Item",
    "Link",
    "Question",
    "Reading",
    "Roadmap",
    "Section",
    "Stage",
    "load_corpus",
    "split_front_matter",
]


class Item(BaseModel):
    id: str = Field(pattern=r"^s[1-5]-[a-z0-9-]+$")
    title: str
    text: str
    topics: list[str]


class Section(BaseModel):
    name: str
    items: list[Item]


class Stage(BaseModel):
    stage: int = Field(ge=1, le=5)
    title: str
    sections: list[Section]


class Roadmap(BaseModel):
    title: str
    stages: list[Stage]

    def iter_items(self):
        """Yield (stage, section, item) for every item, in roadmap order."""
        for stage in self.stages:
            for section in stage.sections:
                for item in section.items:
                    yield stage, section, item

    @cached_property
    def section_names(self) -> list[str]:
        return [sec.name for st in self.stages for sec in st.sections]

    def canonical_section(self, name: str | None) -> str | None:
        """The roadmap's own spelling of a section name given in any letter case."""
        if not name:
            return None
        lowered = name.strip().casefold()
        return next((s for s in self.section_names if s.casefold() == lowered), None)


class Reading(BaseModel):
    id: str
    item_id: str
    stage: int = Field(ge=1, le=5)
    section: str
    title: str
    body: str
    path: Path

    @property
    def headings(self) -> list[str]:
        return [heading for heading, _ in self.parts()]

    def parts(self) -> list[tuple[str, str]]:
        """(heading, text) of each `## ` section, in order; the one place readings are cut so."""
        parts = re.split(r"^##\s+(.+)$", self.body, flags=re.M)
        return [(parts[i].strip(), parts[i + 1].strip()) for i in range(1, len(parts) - 1, 2)]

    def part(self, heading: str) -> str | None:
        """The text under `## heading`, up to the next `## ` heading."""
        return next((text for name, text in self.parts() if name == heading), None)

    @property
    def word_count(self) -> int:
        return len(self.body.split())


class Link(BaseModel):
    title: str
    url: str = Field(pattern=r"^https?://")
    kind: Literal["doc", "paper", "course", "book"]
    why: str


class RoleBinding(BaseModel):
    """One thing and the phrases that belong to it and to no other binding of its question."""

    who: list[str] = Field(min_length=1)
    does: list[str] = Field(min_length=1)


class Question(BaseModel):
    id: str
    item_id: str
    type: Literal["mcq", "true_false", "short_answer"]
    question: str
    options: list[str] | None = None
    answer: int | bool | str
    key_points: list[str] | None = None
    explanation: str
    difficulty: int = Field(ge=1, le=3)
    heading: str
    # who does what (short answers): a learner who gives one thing another's property, or names the
    # steps of `order` out of order, is wrong in the key's own words (app.learning.roles)
    roles: list[RoleBinding] | None = None
    order: list[list[str]] | None = None
    exact: bool = False  # match the roles' words whole, not by stem (eigenvector / eigenvalue)

    @model_validator(mode="after")
    def _check_shape(self) -> Question:
        if self.type == "mcq":
            if not self.options or len(self.options) != 4:
                raise ValueError(f"{self.id}: a multiple-choice question needs exactly 4 options")
            if len({o.strip().casefold() for o in self.options}) != 4:
                raise ValueError(f"{self.id}: options must be distinct")
            if isinstance(self.answer, bool) or not isinstance(self.answer, int):
                raise ValueError(f"{self.id}: mcq answer must be an option index")
            if not 0 <= self.answer < 4:
                raise ValueError(f"{self.id}: mcq answer index {self.answer} out of range")
        elif self.type == "true_false":
            if not isinstance(self.answer, bool):
                raise ValueError(f"{self.id}: true/false answer must be true or false")
        else:
            if not isinstance(self.answer, str) or not self.key_points:
                raise ValueError(f"{self.id}: short answer needs a model answer and key points")
            if not 2 <= len(self.key_points) <= 4:
                raise ValueError(f"{self.id}: short answer needs 2-4 key points")
        if (self.roles or self.order) and self.type != "short_answer":
            raise ValueError(f"{self.id}: roles and order belong to short answers")
        if self.roles is not None and len(self.roles) < 2:
            raise ValueError(f"{self.id}: roles need at least two bindings")
        if self.order is not None and (len(self.order) < 2 or not all(self.order)):
            raise ValueError(f"{self.id}: order needs at least two steps, each with a phrase")
        return self

    @property
    def key_text(self) -> str:
        """The key as a learner would read it."""
        if self.type == "mcq":
            return self.options[self.answer]  # type: ignore[index]
        if self.type == "true_false":
            return "True" if self.answer else "False"
        return str(self.answer)


class Corpus(BaseModel):
    roadmap: Roadmap
    readings: dict[str, Reading]
    concepts: dict[str, Reading] = Field(default_factory=dict)  # concept notes, keyed by c-<slug>
    links: dict[str, list[Link]]
    questions: list[Question]

    @cached_property
    def items(self) -> dict[str, tuple[Stage, Section, Item]]:
        return {item.id: (st, sec, item) for st, sec, item in self.roadmap.iter_items()}

    @cached_property
    def questions_by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}


_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)


def split_front_matter(text: str) -> tuple[dict, str]:
    """Return (front matter dict, body). Text without front matter gives ({}, text)."""
    match = _FRONT.match(text)
    if not match:
        return {}, text
    meta = yaml.safe_load(match.group(1)) or {}
    if not isinstance(meta, dict):
        raise ValueError("front matter is not a mapping")
    return meta, text[match.end() :]


def load_roadmap(corpus_dir: Path) -> Roadmap:
    return Roadmap.model_validate(yaml.safe_load((corpus_dir / "roadmap" / "roadmap.yaml").read_text()))


def load_reading(path: Path) -> Reading:
    meta, body = split_front_matter(path.read_text(encoding="utf-8"))
    return Reading(**meta, body=body.strip(), path=path)


def load_corpus(corpus_dir: Path) -> Corpus:
    """Load and validate everything under corpus_dir; raise with the file name on the first error."""
    readings = {}
    for path in sorted((corpus_dir / "readings").glob("*.md")):
        reading = load_reading(path)
        readings[reading.id] = reading
    concepts = {}
    for path in sorted((corpus_dir / "concepts").glob("*.md")):
        concept = load_reading(path)
        concepts[concept.id] = concept
    links = {}
    for path in sorted((corpus_dir / "links").glob("*.yaml")):
        links[path.stem] = [Link.model_validate(x) for x in yaml.safe_load(path.read_text()) or []]
    questions = []
    for path in sorted((corpus_dir / "quiz").glob("*.jsonl")):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    questions.append(Question.model_validate(json.loads(line)))
                except ValueError as exc:
                    raise ValueError(f"{path.name}:{lineno}: {exc}") from exc
    return Corpus(
        roadmap=load_roadmap(corpus_dir), readings=readings, concepts=concepts, links=links, questions=questions
    )

"""Sources: one document each (a roadmap section, a reading, a learner's file, a fetched link),
with the metadata every one of its chunks will carry. Turning the shipped corpus into sources is
here; turning files into sources is in `loaders.py`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from app.core.corpus import Corpus, Reading

__all__ = ["Source", "corpus_sources", "slug"]


@dataclass
class Source:
    source_id: str
    source_type: str  # roadmap | reading | link | file
    origin: str  # corpus | file | url: what --prune checks to decide whether it still exists
    title: str
    url_or_path: str
    text: str = ""
    stage: int = 0  # 0 = no stage
    section: str = ""
    item_id: str = ""
    pages: list[tuple[int, str]] = field(default_factory=list)  # PDFs: (page number, text)

    @property
    def content_hash(self) -> str:
        digest = hashlib.sha256(self.text.encode())
        for page, text in self.pages:
            digest.update(f"\f{page}\f{text}".encode())
        return digest.hexdigest()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _roadmap_sources(corpus: Corpus) -> list[Source]:
    roadmap = corpus.roadmap
    overview = [f"# {roadmap.title}", ""]
    sources = []
    for stage in roadmap.stages:
        overview.append(
            f"- Stage {stage.stage}: {stage.title}. Sections: " + ", ".join(s.name for s in stage.sections) + "."
        )
        for section in stage.sections:
            lines = [
                f"# Stage {stage.stage}: {stage.title}",
                f"## {section.name}",
                f"The roadmap's section '{section.name}' (stage {stage.stage}, {stage.title}) lists:",
            ]
            lines += [f"- {item.text}" for item in section.items]
            sources.append(
                Source(
                    source_id=f"roadmap/stage-{stage.stage}/{slug(section.name)}",
                    source_type="roadmap",
                    origin="corpus",
                    title=f"Roadmap stage {stage.stage}: {section.name}",
                    url_or_path="corpus/roadmap/roadmap.yaml",
                    text="\n".join(lines),
                    stage=stage.stage,
                    section=section.name,
                )
            )
    sources.insert(
        0,
        Source(
            source_id="roadmap/overview",
            source_type="roadmap",
            origin="corpus",
            title="Roadmap overview: the five stages",
            url_or_path="corpus/roadmap/roadmap.yaml",
            text="\n".join(overview),
        ),
    )
    return sources


def _drop_title(body: str) -> str:
    """Readings open with '# <title>'; the title is already in every chunk's header and metadata,
    and leaving it in would put it at the front of every chunk's heading path."""
    first, _, rest = body.partition("\n")
    return rest.lstrip() if first.startswith("# ") else body


def corpus_sources(corpus: Corpus) -> list[Source]:
    """Every shipped document: the roadmap by section, one reading per item, link descriptions,
    and the concept notes (concepts the items assume, such as the bias-variance tradeoff)."""
    sources = _roadmap_sources(corpus)
    for stage, section, item in corpus.roadmap.iter_items():
        reading = corpus.readings.get(item.id)
        if reading:
            sources.append(_note_source("reading", "readings", reading))
        links = corpus.links.get(item.id)
        if links:
            lines = [f"# Further reading: {item.title}"]
            lines += [f"- {link.title} ({link.kind}, {link.url}): {link.why}" for link in links]
            sources.append(
                Source(
                    source_id=f"link/{item.id}",
                    source_type="link",
                    origin="corpus",
                    title=f"Further reading: {item.title}",
                    url_or_path=f"corpus/links/{item.id}.yaml",
                    text="\n".join(lines),
                    stage=stage.stage,
                    section=section.name,
                    item_id=item.id,
                )
            )
    sources += [_note_source("concept", "concepts", concept) for concept in corpus.concepts.values()]
    return sources


def _note_source(prefix: str, folder: str, note: Reading) -> Source:
    """A reading or a concept note: its front matter says which item, stage and section it serves."""
    return Source(
        source_id=f"{prefix}/{note.id}",
        source_type="reading",
        origin="corpus",
        title=note.title,
        url_or_path=f"corpus/{folder}/{note.path.name}",
        text=_drop_title(note.body),
        stage=note.stage,
        section=note.section,
        item_id=note.item_id,
    )

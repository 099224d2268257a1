"""What the calculator tests share: a result's text, and the corpus document it cites."""

from __future__ import annotations

from pathlib import Path

from app.answering.compute.parse import Worked

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def text_of(worked: Worked | None) -> str:
    """The steps and the note, one per line (the result must exist)."""
    assert worked is not None
    return "\n".join(worked.steps) + "\n" + worked.note


def cited_document(worked: Worked) -> str:
    """The text of the reading or concept note the result cites (its cue must match it)."""
    folder = "concepts" if worked.source_id.startswith("c-") else "readings"
    return (CORPUS / folder / f"{worked.source_id}.md").read_text(encoding="utf-8")

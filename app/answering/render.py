"""Plain-text rendering of answers for the terminal. Pure functions."""

from __future__ import annotations

from app.answering.answer import Answer, Citation

__all__ = ["citation_label", "sources_text"]


def citation_label(c: Citation) -> str:
    where = f"stage {c.stage} · {c.section}" if c.stage else "roadmap"
    label = f"[{c.n}] {c.title}"
    if c.heading and c.heading != c.title:
        label += f" › {c.heading}"
    label += f" ({where})"
    if c.page:
        label += f", page {c.page}"
    return label


def sources_text(answer: Answer) -> str:
    if answer.refused:
        return ""
    lines = ["Sources:"] + [citation_label(c) for c in answer.citations if c.cited]
    unsupported = [s["text"] for s in answer.sentences if not s["supported"]]
    if unsupported:
        lines.append(f"⚠ {len(unsupported)} sentence(s) not supported by the cited passages:")
        lines += [f"  - {text}" for text in unsupported]
    return "\n".join(lines) if len(lines) > 1 else "Sources: (none cited)"

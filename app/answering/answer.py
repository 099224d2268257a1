"""Result types of the answering service and the refusal text. Plain data, no behaviour."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

__all__ = ["Answer", "Citation", "Timings"]


@dataclass
class Citation:
    n: int
    source_id: str
    source_type: str
    stage: int
    section: str
    title: str
    heading: str
    url_or_path: str
    page: int | None
    text: str
    chunk_id: str
    cited: bool = True  # False: in the prompt but the answer does not rest on it


@dataclass
class Timings:
    retrieve_s: float = 0.0
    evidence_s: float = 0.0  # the first words shown: the evidence, which needs no generation
    first_token_s: float = 0.0
    last_token_s: float = 0.0  # when the model's last token arrived (the checks after it are not generation)
    total_s: float = 0.0


@dataclass
class Answer:
    question: str
    standalone_question: str
    answer: str
    citations: list[Citation]
    refused: bool
    timings: Timings
    tokens: int = 0
    mode: str = "explain"
    sentences: list[dict] = field(default_factory=list)  # {"text", "supported", "citations"}
    nearest_sections: list[str] = field(default_factory=list)
    best_similarity: float = 0.0
    index_version: str = ""
    dropped: list[dict] = field(default_factory=list)  # generated sentences not shown: {"text", "reason"}
    matched: str = ""  # the question written in advance (corpus/faq) whose answer this is, if any
    worked: str = ""  # the kind of computation done with the learner's numbers (app.answering.compute), if any

    def to_json(self) -> dict:
        """The public `tutor ask --json` shape."""
        cited = [c for c in self.citations if c.cited]
        return {
            "answer": self.answer,
            "citations": [
                {
                    "n": c.n,
                    "source_id": c.source_id,
                    "stage": c.stage,
                    "section": c.section,
                    "title": c.title,
                    "heading": c.heading,
                    "source_type": c.source_type,
                    "url_or_path": c.url_or_path,
                    "page": c.page,
                }
                for c in cited
            ],
            "refused": self.refused,
            "timings": asdict(self.timings),
            "tokens": self.tokens,
            "mode": self.mode,
            "standalone_question": self.standalone_question,
            "sentences": self.sentences,
            "all_supported": all(s["supported"] for s in self.sentences),
            "nearest_sections": self.nearest_sections,
            "dropped": self.dropped,
            "matched": self.matched,
            "worked": self.worked,
        }

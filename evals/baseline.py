"""The baseline: LangChain's plain RAG recipe on the same model, index and questions as the tutor.

"Plain" on purpose: dense similarity search over the tutor's active collection (same store
adapter, same embeddings; what `Chroma.similarity_search(question, k=4)` does), the four chunks
"stuffed" into one prompt (evals/prompts/baseline.txt, LangChain's classic RetrievalQA prompt), one
streamed call to the same LLM. No hybrid search, no relevance threshold, no token budget, no citation check. It refuses
only by saying that it does not know (`says_unknown`).

So that both systems are measured by the same rules, its answer is an `app.answering.answer.Answer`: the
four chunks are its citations (RetrievalQA's "source documents"), and every sentence is judged
against them by app.answering.grounding, exactly as the tutor's sentences are.
"""

from __future__ import annotations

import re
import time

from langchain_core.documents import Document
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate

from app.answering.answer import Answer, Citation, Timings
from app.answering.grounding import check_answer
from evals.prompts import load_eval_prompt

__all__ = ["Baseline", "says_unknown"]

# What the recipe's prompt asks the model to say when it does not know, and the usual rewordings.
_UNKNOWN = re.compile(
    r"\b(?:i\s+(?:do\s+not|don'?t)\s+know"
    r"|(?:context|passages?|text|information|documents?)\s+(?:provided\s+)?(?:does\s+not|doesn'?t|do\s+not|don'?t)"
    r"\s+(?:contain|mention|provide|cover|include|say|specify|answer)"
    r"|not\s+(?:mentioned|provided|covered|specified)\s+in\s+the\s+(?:context|passages?|text)"
    r"|(?:cannot|can'?t|unable\s+to)\s+(?:answer|determine|find)"
    r"|there\s+is\s+no\s+(?:information|mention))",
    re.I,
)


def says_unknown(text: str) -> bool:
    """True when the answer is empty or opens (first ~200 characters) by saying it does not know.
    Only the opening counts: a real answer may say in passing that something "cannot be found"."""
    return not text.strip() or bool(_UNKNOWN.search(text.strip()[:200]))


def _citation(n: int, doc) -> Citation:
    m = doc.metadata or {}
    page = m.get("page", -1)
    return Citation(
        n=n,
        source_id=m.get("source_id", ""),
        source_type=m.get("source_type", ""),
        stage=int(m.get("stage") or 0),
        section=m.get("section", ""),
        title=m.get("title", ""),
        heading=m.get("heading_path", ""),
        url_or_path=m.get("url_or_path", ""),
        page=page if page and page > 0 else None,
        text=doc.page_content,
        chunk_id=doc.id or "",
    )


class Baseline:
    """`ask(question) -> Answer`, and `ranked_sections(question)` for the retrieval metrics."""

    def __init__(self, services, k: int = 4) -> None:
        index = services.index()
        if index is None:
            raise ValueError("no index: run `tutor ingest`")
        self.k = k
        self.index_version = index.name
        self.embeddings = services.embeddings
        self.index = index
        prompt = ChatPromptTemplate.from_template(load_eval_prompt("baseline"))
        self.chain = prompt | services.llm | StrOutputParser()

    def _check(self, text: str, citations: list[Citation]) -> list[dict]:
        """The tutor's sentence check (app.answering.grounding.check_answer), the same rule."""
        return check_answer(text, [c.text for c in citations], self.embeddings.embed_documents)

    def ranked_sections(self, question: str, k: int = 10) -> list[str]:
        return [d.metadata.get("section", "") for d in self._search(question, k)]

    def _search(self, question: str, k: int) -> list[Document]:
        """The k chunks closest to the question (the vector-store adapter's nearest neighbours)."""
        found = self.index.nearest(self.embeddings.embed_query(question), k)
        return [Document(page_content=n.document, metadata=n.metadata, id=n.id) for n in found]

    def ask(self, question: str) -> Answer:
        started = time.perf_counter()
        docs = self._search(question, self.k)
        timings = Timings(retrieve_s=time.perf_counter() - started)
        context = "\n\n".join(d.page_content for d in docs)  # the "stuff" step
        parts: list[str] = []
        for chunk in self.chain.stream({"context": context, "question": question}):
            if chunk:
                if not parts:
                    timings.first_token_s = time.perf_counter() - started
                parts.append(chunk)
        timings.total_s = time.perf_counter() - started
        text = "".join(parts).strip()
        citations = [_citation(n, d) for n, d in enumerate(docs, 1)]
        refused = says_unknown(text)
        return Answer(
            question=question,
            standalone_question=question,
            answer=text,
            citations=citations,
            refused=refused,
            timings=timings,
            tokens=len(parts),
            mode="baseline",
            sentences=[] if refused else self._check(text, citations),
            index_version=self.index_version,
        )

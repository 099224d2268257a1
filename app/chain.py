"""The answering service: condense -> retrieve -> (refuse | answer with [n] citations) -> check.

The LCEL chain is `retrieve | answer`, streamed: the answer step either returns the refusal text
(evidence too weak, no LLM call) or the `prompt | llm | parser` runnable, which LangChain streams
token by token. Around the chain, `Tutor.stream` times the steps and, once the text is complete,
checks every sentence against the passages (see `grounding.py`) and fixes up citations the small
model forgot.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from typing import Literal

from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough

from app.answer import Answer, Citation, Timings
from app.context import select_sentences
from app.grounding import judge, split_sentences, strip_citations
from app.prompts import load_prompt
from app.retrieval import Hit, HybridRetriever, Retrieval
from app.settings import Settings
from app.stream_filter import HeaderFilter

__all__ = ["Mode", "Tutor", "format_context", "refusal_text"]

Mode = Literal["explain", "hint", "deeper"]
History = Sequence[tuple[str, str]]  # (role "user" | "assistant", text)


def passage_headers(hits: list[Hit]) -> list[str]:
    """The header line of each numbered passage: "[1] Title (stage 2, Section)"."""
    headers = []
    for n, hit in enumerate(hits, 1):
        m = hit.metadata
        where = f"stage {m.get('stage')}, {m.get('section')}" if m.get("stage") else "roadmap"
        headers.append(f"[{n}] {m.get('title', '')} ({where})")
    return headers


def format_context(hits: list[Hit], passages: list[str]) -> str:
    """Numbered passages for the prompt; the header line says where each one comes from."""
    return "\n\n".join(f"{h}\n{body}" for h, body in zip(passage_headers(hits), passages, strict=True))


def nearest_sections(candidates: list[Hit], n: int = 3) -> list[str]:
    out: list[str] = []
    for hit in candidates:
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


class Tutor:
    def __init__(self, settings: Settings, llm, retriever: HybridRetriever, embeddings) -> None:
        self.settings = settings
        self.llm = llm
        self.retriever = retriever
        self.embeddings = embeddings
        self._answer = {
            mode: ChatPromptTemplate.from_messages(
                [("system", load_prompt(f"answer_{mode}")), ("human", load_prompt("answer_user"))]
            )
            | llm
            | StrOutputParser()
            for mode in ("explain", "hint", "deeper")
        }
        condense_prompt = ChatPromptTemplate.from_messages([("human", load_prompt("condense"))])
        self._condense = condense_prompt | llm.bind(max_tokens=64) | StrOutputParser()
        self.chain: Runnable = (
            RunnablePassthrough.assign(retrieval=RunnableLambda(self._retrieve))
            | RunnablePassthrough.assign(passages=RunnableLambda(self._passages))
            | RunnablePassthrough.assign(answer=RunnableLambda(self._route))
        )

    # --- chain steps ---------------------------------------------------------------------------

    def _top_k(self, mode: str) -> int:
        return self.settings.top_k * 2 if mode == "deeper" else self.settings.top_k

    def _retrieve(self, inputs: dict) -> Retrieval:
        return self.retriever.retrieve(
            inputs["standalone"],
            k=self._top_k(inputs["mode"]),
            stage=inputs.get("stage"),
            section=inputs.get("section"),
        )

    def _passages(self, inputs: dict) -> list[str]:
        """Cut the hits to the prompt budget; hits left with no sentence are dropped (so [n]
        numbering has no gaps) by rewriting `retrieval.hits` to the kept ones."""
        retrieval: Retrieval = inputs["retrieval"]
        budget = self.settings.context_tokens * (2 if inputs["mode"] == "deeper" else 1)
        bodies = [hit.text.split("\n", 1)[-1] for hit in retrieval.hits]
        selected = select_sentences(bodies, inputs["standalone"], budget)
        kept = [(hit, text) for hit, text in zip(retrieval.hits, selected, strict=True) if text]
        retrieval.hits = [hit for hit, _ in kept]
        return [text for _, text in kept]

    def _route(self, inputs: dict):
        retrieval: Retrieval = inputs["retrieval"]
        if self._should_refuse(retrieval):
            return refusal_text(nearest_sections(retrieval.candidates))
        max_sentences = 8 if inputs["mode"] == "deeper" else 4
        system_vars = {"max_sentences": max_sentences}
        context = format_context(retrieval.hits, inputs["passages"])
        return (
            RunnableLambda(lambda x: {**system_vars, "context": context, "question": x["standalone"]})
            | self._answer[inputs["mode"]]
        )

    def _should_refuse(self, retrieval: Retrieval) -> bool:
        return not retrieval.hits or retrieval.best_sim < self.settings.min_relevance

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
        """Yield answer text as it is generated, then one final `Answer`."""
        started = time.perf_counter()
        standalone = self.condense(question, history)
        inputs = {"standalone": standalone, "stage": stage, "section": section, "mode": mode}
        timings, parts, retrieval, passages, tokens = Timings(), [], None, [], 0
        headers: HeaderFilter | None = None  # drops passage headers the model copies (app.stream_filter)
        for chunk in self.chain.stream(inputs):
            if "retrieval" in chunk:
                retrieval = chunk["retrieval"]
                timings.retrieve_s = time.perf_counter() - started
            if "passages" in chunk:
                passages = chunk["passages"]
            if chunk.get("answer"):
                if not tokens:
                    timings.first_token_s = time.perf_counter() - started
                    headers = HeaderFilter(passage_headers(retrieval.hits) if retrieval else [])
                tokens += 1
                if shown := headers.feed(chunk["answer"]):
                    parts.append(shown)
                    yield shown
        if headers is not None and (rest := headers.flush()):
            parts.append(rest)
            yield rest
        timings.total_s = time.perf_counter() - started
        assert retrieval is not None
        yield self._finish(question, standalone, "".join(parts), retrieval, passages, timings, tokens, mode)

    def ask(self, question: str, **kwargs) -> Answer:
        *_, answer = self.stream(question, **kwargs)
        return answer

    def _finish(self, question, standalone, text, retrieval, passages, timings, tokens, mode) -> Answer:
        refused = self._should_refuse(retrieval)
        pairs = zip(retrieval.hits, passages, strict=False)  # no passages when refused before cutting
        citations = [_to_citation(n, hit, p) for n, (hit, p) in enumerate(pairs, 1)]
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
        )
        if refused:
            return answer
        answer.answer, answer.sentences, used = self._check(answer.answer, citations)
        for c in citations:
            c.cited = c.n in used
        answer.citations = citations
        return answer

    def _check(self, text: str, citations: list[Citation]) -> tuple[str, list[dict], set[int]]:
        """Judge each sentence; add the citation of its supporting passage when the model left it out."""
        sentences = split_sentences(text)
        if not sentences or not citations:
            return text, [], set()
        passages = [c.text for c in citations]
        vectors = self.embeddings.embed_documents([strip_citations(s) for s in sentences] + passages)
        sv, pv = vectors[: len(sentences)], vectors[len(sentences) :]
        sim = [[sum(a * b for a, b in zip(s, p, strict=True)) for p in pv] for s in sv]
        rows, used = [], set()
        for support in judge(sentences, passages, sim):
            cites = support.cited
            if not cites and support.supported and support.best:
                cites = [support.best]
                text = text.replace(support.text, _cite_after(support.text, support.best), 1)
            used.update(cites)
            rows.append(
                {
                    "text": strip_citations(support.text),
                    "supported": support.supported,
                    "citations": cites,
                    "lexical": support.lexical,
                    "semantic": support.semantic,
                }
            )
        return text, rows, used


def _cite_after(sentence: str, n: int) -> str:
    """Put [n] before the sentence's final punctuation: 'A is B.' -> 'A is B [n].'"""
    body = sentence.rstrip()
    if body and body[-1] in ".!?:":
        return f"{body[:-1]} [{n}]{body[-1]}"
    return f"{body} [{n}]"

"""A scripted chat model that goes through LangChain's real wiring and records what it was sent."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult


class ScriptedChat(BaseChatModel):
    """Answers with `responses` in turn (the last one repeats); streams word by word."""

    responses: list[str]
    received: list[list[BaseMessage]] = []
    kwargs_seen: list[dict] = []

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def _next(self, messages: list[BaseMessage], kwargs: dict) -> str:
        self.received.append(messages)
        self.kwargs_seen.append(kwargs)
        return self.responses[min(len(self.received), len(self.responses)) - 1]

    def _generate(self, messages, stop=None, run_manager=None, **kwargs: Any) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=self._next(messages, kwargs)))])

    def _stream(self, messages, stop=None, run_manager=None, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        text = self._next(messages, kwargs)
        for i, word in enumerate(text.split(" ")):
            yield ChatGenerationChunk(message=AIMessageChunk(content=word if i == 0 else " " + word))


class WordHashEmbeddings:
    """Deterministic fake embeddings whose cosine follows word overlap: each word is hashed to one
    of `size` dimensions, so texts sharing words are close. For unit tests of code that ranks by
    meaning (evidence selection), where random vectors would make every choice noise."""

    def __init__(self, size: int = 256) -> None:
        self.size = size

    def _vector(self, text: str) -> list[float]:
        import hashlib
        import re

        v = [0.0] * self.size
        for word in re.findall(r"[a-z0-9]+", text.lower()):
            v[int(hashlib.md5(word.encode()).hexdigest(), 16) % self.size] += 1.0
        norm = sum(x * x for x in v) ** 0.5 or 1.0
        return [x / norm for x in v]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)

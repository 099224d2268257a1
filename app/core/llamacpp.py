"""The embedded LLM: llama.cpp behind LangChain's chat-model contract.

A small adapter rather than a general wrapper: it turns LangChain messages into llama.cpp chat
messages (the GGUF's own chat template applies), streams tokens, and passes `response_format`
through so callers can ask for JSON-schema constrained output. One llama.cpp context cannot serve
two generations at once, so every call holds a process-wide lock: concurrent Streamlit sessions
queue instead of corrupting each other's state.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

__all__ = ["GENERATION_LOCK", "LlamaCppChat", "load_llama", "plain_weights_on_amx", "to_llama_messages"]

GENERATION_LOCK = threading.Lock()
_LOAD_LOCK = threading.Lock()
_ROLES = {"system": "system", "human": "user", "ai": "assistant"}


def load_llama(path: Path, n_ctx: int, n_threads: int):
    """`n_threads` 0: one per core this process may use (not the host's count; app.core.cpu)."""
    from llama_cpp import Llama

    from app.core.cpu import available_cores

    with plain_weights_on_amx():
        return Llama(
            model_path=str(path),
            n_ctx=n_ctx,
            n_threads=n_threads or available_cores(),
            verbose=False,
        )


@contextmanager
def plain_weights_on_amx():
    """On a CPU with AMX, load the weights without llama.cpp's extra buffer types (the AMX and
    repacked layouts): with them, the packaged Q4_K_M model crashed the process with a segmentation
    fault at its first generation (llama-cpp-python 0.3.36 built on a 2-core Xeon with AMX, session
    32); without them it answers. `Llama` has no argument for it, so the model's default parameters
    are amended while it loads (in the module `Llama` reads them from)."""
    from llama_cpp import llama_cpp as lib

    from app.core.cpu import has_amx

    if not has_amx():
        yield
        return
    default = lib.llama_model_default_params

    def plain():
        params = default()
        params.use_extra_bufts = False
        return params

    with _LOAD_LOCK:
        lib.llama_model_default_params = plain
        try:
            yield
        finally:
            lib.llama_model_default_params = default


def to_llama_messages(messages: list[BaseMessage]) -> list[dict[str, str]]:
    """LangChain messages as llama.cpp chat messages (the GGUF's chat template applies)."""
    return [{"role": _ROLES.get(m.type, "user"), "content": str(m.content)} for m in messages]


class LlamaCppChat(BaseChatModel):
    llama: Any
    max_tokens: int = 320
    temperature: float = 0.1

    @property
    def _llm_type(self) -> str:
        return "llamacpp"

    def _params(self, stop: list[str] | None, kwargs: dict) -> dict:
        params = {"max_tokens": self.max_tokens, "temperature": self.temperature, "stop": stop}
        params.update({k: v for k, v in kwargs.items() if k in ("response_format", "max_tokens", "temperature")})
        return params

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        with GENERATION_LOCK:
            out = self.llama.create_chat_completion(messages=to_llama_messages(messages), **self._params(stop, kwargs))
        text = out["choices"][0]["message"]["content"] or ""
        usage = out.get("usage", {})
        message = AIMessage(
            content=text,
            usage_metadata={
                "input_tokens": usage.get("prompt_tokens", 0),
                "output_tokens": usage.get("completion_tokens", 0),
                "total_tokens": usage.get("total_tokens", 0),
            },
        )
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        with GENERATION_LOCK:
            for part in self.llama.create_chat_completion(
                messages=to_llama_messages(messages), stream=True, **self._params(stop, kwargs)
            ):
                delta = part["choices"][0].get("delta", {}).get("content")
                if not delta:
                    continue
                chunk = ChatGenerationChunk(message=AIMessageChunk(content=delta))
                if run_manager:
                    run_manager.on_llm_new_token(delta, chunk=chunk)
                yield chunk

"""The model's own speed and the chain's, on the same prompts in one process.

Bare: llama.cpp's `create_chat_completion` on the exact messages the chain's explanation step
sends, with llama.cpp's cache emptied first (the whole prompt is read: this is the hardware's
prompt rate). Chain: `Tutor.ask` on the same question with the explanation on, just before, and
without emptying the cache, as a learner meets it: the previous prompt was another question's, so
only the fixed instructions at the head of the prompt can be reused. The two alternate question by
question.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from app.answering.chain import EXPLAIN_MAX_TOKENS, format_notes
from app.core.llamacpp import GENERATION_LOCK, to_llama_messages
from evals.bench.stats import median, ratio, summary

__all__ = ["bare_call", "model_and_chain"]


def bare_call(llama, messages: list[dict], max_tokens: int = EXPLAIN_MAX_TOKENS, temperature: float = 0.1) -> dict:
    """One streamed call from an empty cache: time to first token, prompt and generated tokens."""
    with GENERATION_LOCK:
        llama.reset()
        started = time.perf_counter()
        first = last = None
        generated = 0
        stream = llama.create_chat_completion(
            messages=messages, stream=True, max_tokens=max_tokens, temperature=temperature
        )
        for part in stream:
            if part["choices"][0].get("delta", {}).get("content"):
                last = time.perf_counter()
                first = first or last
                generated += 1
        prompt_tokens = llama.n_tokens - generated  # the context holds the prompt and what was written
    first = first or time.perf_counter()
    return {
        "ttft_s": first - started,
        "prompt_tokens": prompt_tokens,
        "generated": generated,
        "gen_s": (last - first) if last and generated > 1 else 0.0,
    }


def model_and_chain(services, questions: list[str], say: Callable[[str], None] = lambda _: None) -> dict:
    """Bare calls, then the chain, on each question; medians and the ratios the issue asks for.
    `services` must have the explanation on (settings.explanation = "checked")."""
    tutor = services.tutor
    llama = services.llm.llama
    prompts = []
    for q in questions:
        inputs = {"standalone": q, "stage": None, "section": None, "mode": "explain"}
        retrieval = tutor._retrieve(inputs)
        selection = tutor._select({**inputs, "retrieval": retrieval})
        if not selection.units:
            continue
        messages = tutor.explain_prompt.format_messages(notes=format_notes(selection), question=q)
        prompts.append((q, to_llama_messages(messages)))
    # interleaved, so that a drift in the shared machine's speed hits both alike: the chain's answer
    # (its cache holds the previous question's prompt: only the fixed head is reused), then the bare
    # call on the same prompt from an emptied cache
    bare, chain = [], []
    for n, (q, messages) in enumerate(prompts, 1):
        say(f"chain answer and bare llama.cpp call {n}/{len(prompts)}")
        answer = tutor.ask(q)
        t = answer.timings
        gen_s = t.last_token_s - t.first_token_s if answer.tokens > 1 else 0.0
        chain.append(
            {
                "first_words_s": t.evidence_s,
                "first_token_s": t.first_token_s,
                "tokens": answer.tokens,
                "gen_tok_s": (answer.tokens - 1) / gen_s if gen_s > 0 else 0.0,
                "after_last_token_s": t.total_s - t.last_token_s if answer.tokens else 0.0,
                "gen_s": gen_s,
            }
        )
        bare.append(bare_call(llama, messages, temperature=services.llm.temperature))
    prompt_rate = [b["prompt_tokens"] / b["ttft_s"] for b in bare if b["ttft_s"] > 0]
    gen_rate = [(b["generated"] - 1) / b["gen_s"] for b in bare if b["gen_s"] > 0]
    ttft_bare = [b["ttft_s"] for b in bare]
    ttft_chain = [c["first_token_s"] for c in chain if c["first_token_s"] > 0]
    chain_rate = [c["gen_tok_s"] for c in chain if c["gen_tok_s"] > 0]
    return {
        "model": {
            "questions": len(prompts),
            "prompt_tok_s": summary(prompt_rate, 1),
            "gen_tok_s": summary(gen_rate, 1),
            "ttft_s": summary(ttft_bare),
            "prompt_tokens": summary([b["prompt_tokens"] for b in bare], 0),
        },
        "chain": {
            "first_words_s": summary([c["first_words_s"] for c in chain]),
            "first_token_s": summary(ttft_chain),
            "gen_tok_s": summary(chain_rate, 1),
            "prompt_tokens": summary([b["prompt_tokens"] for b in bare], 0),
            "explained": sum(1 for c in chain if c["tokens"]),
            # the sentence checks after the model's last token: the price of not running them
            # during generation (see Tutor.stream), as a share of the generation time
            "checks_after_s": summary([c["after_last_token_s"] for c in chain if c["tokens"]]),
            "checks_share_of_gen": ratio(
                median([c["after_last_token_s"] for c in chain if c["gen_s"] > 0]),
                median([c["gen_s"] for c in chain if c["gen_s"] > 0]),
            ),
        },
        "bare_prompt_tok_s": round(median(prompt_rate), 1),
        "bare_gen_tok_s": round(median(gen_rate), 1),
        "ttft_ratio": ratio(median(ttft_chain), median(ttft_bare)),
        "tok_s_ratio": ratio(median(chain_rate), median(gen_rate)),
        "first_words_s": round(median([c["first_words_s"] for c in chain]), 3),
    }

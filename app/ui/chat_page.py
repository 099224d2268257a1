"""The chat page: one conversation for streamed, cited answers (follow-ups, modes, stage filter) and
quizzes, progress and a study plan asked for in words (app.conversation)."""

from __future__ import annotations

import streamlit as st

from app.answering.answer import Answer
from app.answering.render import citation_label
from app.core.providers import backend_error_message

__all__ = ["render"]

MODES = {"Explain": "explain", "Hint (Socratic)": "hint", "Go deeper": "deeper"}


def _show_sources(answer: dict) -> None:
    if answer.get("refused"):
        return
    unsupported = [s["text"] for s in answer.get("sentences", []) if not s["supported"]]
    if unsupported:
        st.warning("Not supported by the cited passages: " + " / ".join(unsupported), icon="⚠️")
    for c in answer["citations"]:
        with st.expander(citation_label(c["citation"]), expanded=False):
            st.caption(c["citation"].url_or_path + (f", page {c['citation'].page}" if c["citation"].page else ""))
            st.text(c["citation"].text)


def _record(answer: Answer) -> dict:
    return {
        "refused": answer.refused,
        "sentences": answer.sentences,
        "citations": [{"citation": c} for c in answer.citations if c.cited],
        "timings": answer.timings,
    }


def render(services) -> None:
    st.header("Ask the tutor")
    state = st.session_state
    state.setdefault("messages", [])
    with st.sidebar:
        stage = st.selectbox(
            "Stage filter", [None, 1, 2, 3, 4, 5], format_func=lambda s: "All stages" if s is None else f"Stage {s}"
        )
        mode = MODES[st.radio("Mode", list(MODES), horizontal=False)]
        if st.button("New conversation"):
            state["messages"] = []
            state.pop("conversation", None)
    for message in state["messages"]:
        with st.chat_message(message["role"]):
            st.markdown(message["content"])
            if message.get("answer"):
                _show_sources(message["answer"])

    question = st.chat_input("Ask about the roadmap, or say “quiz me on stage 2”…")
    if not question:
        if not state["messages"]:
            st.info(
                "Try: “What is the difference between precision and recall?”, “Quiz me on stage 2”, "
                "“How am I doing?” or “What should I study next?”"
            )
        return
    learner = state.get("learner", "default")
    conversation = state.get("conversation")
    if conversation is None or conversation.learner != learner:
        conversation = state["conversation"] = services.conversation(learner)
    conversation.stage, conversation.mode = stage, mode
    state["messages"].append({"role": "user", "content": question})
    with st.chat_message("user"):
        st.text(question)  # plain text: what the learner typed is never rendered as HTML
    with st.chat_message("assistant"):
        turns: list = []

        def parts():
            for part in conversation.respond(question):
                if isinstance(part, str):
                    yield part
                else:
                    turns.append(part)

        try:
            streamed = st.write_stream(parts())
        except Exception as exc:  # a server that went away mid-answer: say so, keep the page
            message = backend_error_message(exc)
            if message is None:
                raise
            st.error(message, icon="🛑")
            state["messages"].pop()
            return
        texts, record = [], None
        for turn in turns:
            if turn.answer is not None:
                record = _record(turn.answer)
                _show_sources(record)
                t = turn.answer.timings
                st.caption(f"first words {t.evidence_s or t.first_token_s:.1f}s · total {t.total_s:.1f}s")
                texts.append(turn.answer.answer)
            else:
                st.markdown(turn.text)
                texts.append(turn.text)
        if not streamed and not turns:
            st.markdown("…")
    state["messages"].append({"role": "assistant", "content": "\n\n".join(texts), "answer": record})

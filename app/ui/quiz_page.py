"""The quiz page: pick a scope, answer one question at a time, see the verdict and its source.

Each answer is graded and written to the progress store before the next question is shown, so
leaving the page (or a crash) loses nothing already answered.
"""

from __future__ import annotations

import streamlit as st

from app.learning.quiz import option_order

__all__ = ["render", "start_quiz"]


def start_quiz(services, learner: str, n: int, stage=None, section=None, due=False) -> None:
    quiz = services.quiz.start(learner, n, stage=stage, section=section, due=due)
    st.session_state["quiz"] = {"quiz": quiz, "index": 0, "results": [], "feedback": None}


def _setup(services, learner: str) -> None:
    roadmap = services.corpus.roadmap
    scope = st.radio("Quiz on", ["A stage", "A section", "What is due for review"], horizontal=True, key="quiz_scope")
    stage = section = None
    due = scope == "What is due for review"
    if scope == "A stage":
        stage = st.selectbox(
            "Stage",
            [s.stage for s in roadmap.stages],
            format_func=lambda n: f"Stage {n}: {roadmap.stages[n - 1].title}",
        )
    elif scope == "A section":
        section = st.selectbox("Section", roadmap.section_names)
    n = st.slider("Questions", 1, 15, 5, key="quiz_n")
    if st.button("Start quiz", type="primary", key="quiz_start"):
        start_quiz(services, learner, n, stage, section, due)
        if not st.session_state["quiz"]["quiz"].questions:
            st.session_state.pop("quiz")
            st.info("Nothing is due for review right now." if due else "No questions in that scope.")
        else:
            st.rerun()


def _ask(services, state: dict) -> None:
    quiz = state["quiz"]
    q = quiz.questions[state["index"]]
    st.progress(state["index"] / len(quiz.questions), text=f"Question {state['index'] + 1} of {len(quiz.questions)}")
    st.subheader(q.question)
    with st.form(f"q-{quiz.session_id}-{state['index']}"):
        order = option_order(quiz.session_id, q.id)
        if q.type == "mcq":  # shown shuffled; the answer maps back to the bank's option index
            shown = st.radio(
                "Your answer", range(4), format_func=lambda i: q.options[order[i]], index=None, key="answer"
            )
            answer = None if shown is None else order[shown]
        elif q.type == "true_false":
            answer = st.radio("True or false?", ["true", "false"], index=None, key="answer")
        else:
            answer = st.text_area("Your answer", placeholder="A sentence or two in your own words", key="answer")
        submitted = st.form_submit_button("Check answer", type="primary")
    if submitted:
        if answer is None or (isinstance(answer, str) and not answer.strip()):
            st.warning("Pick or write an answer first.")
            return
        feedback = services.quiz.answer(quiz, q, answer)  # graded and saved before anything else
        state["feedback"] = feedback
        state["results"].append((q, feedback))
        st.rerun()


def _show_feedback(state: dict) -> None:
    feedback = state["feedback"]
    show = {"correct": st.success, "partially_correct": st.warning}.get(feedback.verdict, st.error)
    show(feedback.verdict.replace("_", " ").capitalize())
    st.markdown(feedback.feedback)
    source = feedback.citations[0]
    st.caption(f"Source: {source['title']} › {source['heading']} (stage {source['stage']} · {source['section']})")
    last = state["index"] + 1 == len(state["quiz"].questions)
    if st.button("See summary" if last else "Next question", type="primary", key="quiz_next"):
        state["index"] += 1
        state["feedback"] = None
        st.rerun()


def _summary(state: dict) -> None:
    results = state["results"]
    score = sum(f.grade.score for _, f in results)
    st.subheader(f"Score: {score:g} / {len(results)}")
    st.dataframe(
        [
            {"question": q.question, "verdict": f.verdict.replace("_", " "), "section": f.citations[0]["section"]}
            for q, f in results
        ],
        hide_index=True,
        use_container_width=True,
    )
    if st.button("New quiz"):
        st.session_state.pop("quiz")
        st.rerun()


def render(services) -> None:
    st.header("Quiz")
    learner = st.session_state.get("learner", "default")
    state = st.session_state.get("quiz")
    if state is None:
        _setup(services, learner)
    elif state["feedback"] is not None:
        _show_feedback(state)
    elif state["index"] < len(state["quiz"].questions):
        _ask(services, state)
    else:
        _summary(state)

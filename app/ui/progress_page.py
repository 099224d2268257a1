"""The progress page: the roadmap coloured by mastery, mastery over time, what is due and when."""

from __future__ import annotations

from datetime import UTC, datetime

import altair as alt
import pandas as pd
import streamlit as st

from app.learning.progress import mastery, mastery_over_time
from app.ui.quiz_page import start_quiz

__all__ = ["render", "roadmap_mastery"]


def roadmap_mastery(roadmap, attempts) -> pd.DataFrame:
    """One row per section: stage, section, mastery (None when never quizzed), attempts."""
    values = mastery(attempts)
    counts: dict[str, int] = {}
    for a in attempts:
        counts[a.section] = counts.get(a.section, 0) + 1
    return pd.DataFrame(
        [
            {
                "stage": f"Stage {st_.stage}",
                "section": sec.name,
                "mastery": values.get(sec.name),
                "attempts": counts.get(sec.name, 0),
            }
            for st_ in roadmap.stages
            for sec in st_.sections
        ]
    )


def render(services) -> None:
    learner = st.session_state.get("learner", "default")
    st.header(f"Progress — {learner}")
    attempts = services.progress.attempts(learner)
    table = roadmap_mastery(services.corpus.roadmap, attempts)
    st.subheader("The roadmap by mastery")
    base = alt.Chart(table).encode(
        x=alt.X("stage:N", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("section:N", sort=list(table["section"]), title=None, axis=alt.Axis(labelLimit=260)),
        tooltip=["stage", "section", alt.Tooltip("mastery:Q", format=".0%"), "attempts"],
    )
    # isValid is false for null and NaN alike (Arrow hands pandas' missing floats over as NaN)
    not_yet = base.transform_filter("!isValid(datum.mastery)").mark_rect(stroke="white", color="#e6e6e6")
    quizzed = (
        base.transform_filter("isValid(datum.mastery)")
        .mark_rect(stroke="white")
        .encode(color=alt.Color("mastery:Q", scale=alt.Scale(domain=[0, 1], scheme="redyellowgreen"), title="mastery"))
    )
    chart = (not_yet + quizzed).properties(height=420)
    st.caption("Grey: not quizzed yet. Colour: mastery from your recent answers (red 0% → green 100%).")
    st.altair_chart(chart, use_container_width=True)
    if not attempts:
        st.info("No quiz answers yet: take a quiz and your mastery shows up here.")
    else:
        st.subheader("Mastery over time")
        history = pd.DataFrame(mastery_over_time(attempts))
        st.altair_chart(
            alt.Chart(history)
            .mark_line(point=True)
            .encode(
                x=alt.X("time:T", title=None),
                y=alt.Y("mastery:Q", scale=alt.Scale(domain=[0, 1])),
                color="section:N",
                tooltip=["section", alt.Tooltip("mastery:Q", format=".0%"), "time:T"],
            ),
            use_container_width=True,
        )
    st.subheader("Due for review")
    now = datetime.now(UTC)
    cards = services.progress.cards(learner)
    due_now = [q for q, c in cards.items() if c["due"] <= now]
    upcoming = sorted((c["due"], q) for q, c in cards.items() if c["due"] > now)[:10]
    st.metric("Questions due now", len(due_now))
    if upcoming:
        by_id = services.corpus.questions_by_id
        st.dataframe(
            [
                {"due": d.strftime("%Y-%m-%d %H:%M UTC"), "question": by_id[q].question if q in by_id else q}
                for d, q in upcoming
            ],
            hide_index=True,
            use_container_width=True,
        )
    if due_now and st.button("Start a review quiz", type="primary"):
        start_quiz(services, learner, min(10, len(due_now)), due=True)
        st.session_state["page"] = "Quiz"
        st.rerun()

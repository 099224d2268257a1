"""Progress and the study plan in words, computed from the attempts and the roadmap. Pure.

"How am I doing?" and "what should I study next?" are answered from the progress store's rows, not
by the model: mastery per section (the same weighting as the Progress page), reviews due (FSRS),
and the roadmap's order. A plan names two or three roadmap items, each with the reason it was
chosen and its reading:
1. reviews due: spaced repetition says these are about to be forgotten;
2. weak mastery: items quizzed recently with a low score;
3. next in the roadmap: the earliest items never quizzed, in the roadmap's own order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from app.core.corpus import Roadmap
from app.learning.progress import AttemptRecord, mastery

__all__ = ["PlanItem", "item_mastery", "progress_text", "study_plan", "plan_text"]

WEAK = 0.6  # below this mastery an item is worth another round


@dataclass(frozen=True)
class PlanItem:
    item_id: str
    title: str
    stage: int
    section: str
    reason: str
    reading: str  # the reading's path in the corpus


def item_mastery(attempts: Iterable[AttemptRecord], item_of: Mapping[str, str]) -> dict[str, float]:
    """Mastery per roadmap item (attempts grouped by their question's item, same weighting)."""
    by_item = [
        AttemptRecord(a.question_id, a.stage, item_of[a.question_id], a.verdict, a.score, a.created_at)
        for a in attempts
        if a.question_id in item_of
    ]
    return mastery(by_item)


def _items(roadmap: Roadmap):
    for stage in roadmap.stages:
        for section in stage.sections:
            for item in section.items:
                yield stage.stage, section.name, item


def study_plan(
    roadmap: Roadmap,
    attempts: Sequence[AttemptRecord],
    due_ids: Iterable[str],
    item_of: Mapping[str, str],
    n: int = 3,
) -> list[PlanItem]:
    """Up to n items, each with why: reviews due first, then weak items, then the next items of the
    roadmap never quizzed. `item_of` maps a question id to its roadmap item."""
    scores = item_mastery(attempts, item_of)
    due_count: dict[str, int] = {}
    for qid in due_ids:
        if qid in item_of:
            due_count[item_of[qid]] = due_count.get(item_of[qid], 0) + 1
    tried = {item_of[a.question_id] for a in attempts if a.question_id in item_of}
    chosen: dict[str, str] = {}
    ordered = list(_items(roadmap))
    for _, _, item in ordered:  # 1. reviews due, in roadmap order
        if item.id in due_count and len(chosen) < n:
            count = due_count[item.id]
            chosen[item.id] = f"{count} review{'s' if count > 1 else ''} due: spaced repetition says it is time"
    weak = sorted((scores[i.id], k, i) for k, (_, _, i) in enumerate(ordered) if scores.get(i.id, 1.0) < WEAK)
    for score, _, item in weak:  # 2. weakest first
        if item.id not in chosen and len(chosen) < n:
            chosen[item.id] = f"mastery {score:.0%} on your recent answers: worth another round"
    for _, _, item in ordered:  # 3. the roadmap's next items never quizzed
        if item.id not in chosen and item.id not in tried and len(chosen) < n:
            chosen[item.id] = "next in the roadmap's order, not started yet"
    where = {item.id: (stage, section, item) for stage, section, item in ordered}
    return [
        PlanItem(i, where[i][2].title, where[i][0], where[i][1], reason, f"corpus/readings/{i}.md")
        for i, reason in chosen.items()
    ]


def plan_text(plan: Sequence[PlanItem]) -> str:
    if not plan:
        return "You have covered every roadmap item and nothing is due: pick any section for a review quiz."
    lines = ["Here is what I suggest next:"]
    for k, p in enumerate(plan, 1):
        lines.append(f"{k}. **{p.title}** (stage {p.stage}, {p.section}): {p.reason}. Read `{p.reading}`.")
    lines.append("Say “quiz me on …” with any of them when you are ready.")
    return "\n".join(lines)


def progress_text(roadmap: Roadmap, attempts: Sequence[AttemptRecord], due_ids: Sequence[str]) -> str:
    """Mastery per quizzed section, in roadmap order, the strongest and weakest, and reviews due."""
    if not attempts:
        return "You have not answered any quiz question yet. Say “quiz me on stage 1” to start."
    values = mastery(attempts)
    counts: dict[str, int] = {}
    for a in attempts:
        counts[a.section] = counts.get(a.section, 0) + 1
    correct = sum(a.verdict == "correct" for a in attempts)
    lines = [f"You have answered {len(attempts)} quiz questions ({correct} correct). Mastery by section:"]
    for stage in roadmap.stages:
        for section in stage.sections:
            if section.name in values:
                n = counts[section.name]
                lines.append(
                    f"- Stage {stage.stage}, {section.name}: {values[section.name]:.0%} "
                    f"({n} answer{'s' if n > 1 else ''})"
                )
    if len(values) > 1:
        weakest = min(values, key=values.get)
        lines.append(f"Weakest so far: {weakest}.")
    lines.append(
        f"{len(due_ids)} review{'s are' if len(due_ids) != 1 else ' is'} due."
        if due_ids
        else "No reviews are due right now."
    )
    return "\n".join(lines)

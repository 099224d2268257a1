"""Eval datasets: JSONL rows of two kinds, told apart by their fields, checked against the roadmap.

- A golden row asks the tutor a question: `{"id", "question", "reference_answer", "key_points",
  "stage", "section", "answerable"}` (+ optional "tricky", "item_id").
- A grading row checks the short-answer grader: `{"id", "question", "reference_answer",
  "key_points", "student_answer", "label"}` (+ optional "question_id" or "item_id", "stage",
  "section").

A file may hold either kind or both. Section names are matched case-insensitively with the
roadmap's headings and stored in the roadmap's spelling; a golden row's stage follows from its
section when left out, and a grading row's from its item id ("s2-metrics-q03" -> stage 2).
`select_rows` picks a deterministic subset that still spans every stage (`--limit`).

Left out: writing or generating datasets; the shipped ones are curated by hand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from app.core.corpus import Roadmap

__all__ = [
    "DEFAULT_DATASETS",
    "DatasetError",
    "GoldenRow",
    "GradingRow",
    "Row",
    "load_datasets",
    "parse_row",
    "row_kind",
    "select_rows",
]

DATASET_DIR = Path(__file__).parent / "datasets"
DEFAULT_DATASETS = (DATASET_DIR / "golden.jsonl", DATASET_DIR / "grading.jsonl")
LABELS = ("correct", "partially_correct", "incorrect")
_GOLDEN_FIELDS = {"answerable", "reference_answer", "key_points", "stage", "section"}


class DatasetError(ValueError):
    """A row that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class GoldenRow:
    id: str
    question: str
    reference_answer: str = ""
    key_points: tuple[str, ...] = ()
    stage: int | None = None
    section: str | None = None
    answerable: bool = True
    tricky: bool = False
    item_id: str | None = None
    kind: Literal["golden"] = field(default="golden", repr=False)


@dataclass(frozen=True)
class GradingRow:
    id: str
    question: str
    student_answer: str
    label: str
    reference_answer: str = ""
    key_points: tuple[str, ...] = ()
    stage: int | None = None
    section: str | None = None
    item_id: str | None = None
    question_id: str | None = None  # the bank question answered: its role constraints grade too
    kind: Literal["grading"] = field(default="grading", repr=False)


Row = GoldenRow | GradingRow


def row_kind(obj: dict) -> Literal["golden", "grading"]:
    """Grading rows carry a student's answer and its label; golden rows carry neither."""
    if "student_answer" in obj or "label" in obj:
        return "grading"
    if "question" in obj and set(obj) & _GOLDEN_FIELDS:
        return "golden"
    raise DatasetError(
        "neither a golden row (question, reference_answer, key_points, stage, section, "
        "answerable) nor a grading row (... student_answer, label)"
    )


def _item_of(roadmap: Roadmap, ident: str | None) -> tuple[int, str] | None:
    """(stage, section) of the roadmap item an id starts with ("s2-metrics-q03" -> s2-metrics)."""
    if not ident:
        return None
    best = None
    for stage, section, item in roadmap.iter_items():
        if (ident == item.id or ident.startswith(item.id + "-")) and (best is None or len(item.id) > best[0]):
            best = (len(item.id), stage.stage, section.name)
    return (best[1], best[2]) if best else None


def _place(obj: dict, roadmap: Roadmap) -> tuple[int | None, str | None]:
    """(stage, canonical section) of a row, from its own fields or from its item id."""
    section = obj.get("section")
    canonical = roadmap.canonical_section(section)
    if section and canonical is None:
        raise DatasetError(f"unknown section {section!r}; sections are: {', '.join(roadmap.section_names)}")
    item = _item_of(roadmap, obj.get("item_id") or obj.get("question_id"))
    if canonical is None and item:
        canonical = item[1]
    stage = obj.get("stage")
    if stage is not None and (isinstance(stage, bool) or stage not in (1, 2, 3, 4, 5)):
        raise DatasetError(f"stage must be 1-5 or null, not {stage!r}")
    home = next((st.stage for st in roadmap.stages for sec in st.sections if sec.name == canonical), None)
    if stage is None:
        stage = home
    elif home is not None and int(stage) != home:
        raise DatasetError(f"section {canonical!r} is in stage {home}, not stage {stage}")
    return stage, canonical


def _require(obj: dict, *names: str) -> None:
    missing = [n for n in names if not isinstance(obj.get(n), str) or not obj[n].strip()]
    if missing:
        raise DatasetError(f"missing or empty field(s): {', '.join(missing)}")


def parse_row(obj: dict, roadmap: Roadmap) -> Row:
    if not isinstance(obj, dict):
        raise DatasetError("a row must be a JSON object")
    kind = row_kind(obj)
    _require(obj, "id", "question")
    stage, section = _place(obj, roadmap)
    key_points = obj.get("key_points") or []
    if not isinstance(key_points, list) or not all(isinstance(p, str) and p.strip() for p in key_points):
        raise DatasetError("key_points must be a list of non-empty strings")
    key_points = tuple(key_points)
    common = {
        "id": obj["id"],
        "question": obj["question"],
        "reference_answer": obj.get("reference_answer") or "",
        "key_points": key_points,
        "stage": stage,
        "section": section,
        "item_id": obj.get("item_id") or obj.get("question_id"),
    }
    if kind == "grading":
        _require(obj, "student_answer")
        if obj.get("label") not in LABELS:
            raise DatasetError(f"label must be one of {', '.join(LABELS)}, not {obj.get('label')!r}")
        if not key_points:
            raise DatasetError("a grading row needs key points")
        return GradingRow(
            student_answer=obj["student_answer"], label=obj["label"], question_id=obj.get("question_id"), **common
        )
    answerable = bool(obj.get("answerable", True))
    return GoldenRow(answerable=answerable, tricky=bool(obj.get("tricky", False)), **common)


def load_datasets(paths: list[Path], roadmap: Roadmap) -> list[Row]:
    """Every row of every file, in order; the first bad row raises with file:line."""
    rows: list[Row] = []
    seen: set[str] = set()
    for path in paths:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise DatasetError(f"{path}: cannot read: {exc.strerror or exc}") from exc
        for lineno, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = parse_row(json.loads(line), roadmap)
            except (ValueError, TypeError) as exc:  # JSONDecodeError, DatasetError are ValueErrors
                raise DatasetError(f"{path}:{lineno}: {exc}") from exc
            if row.id in seen:
                raise DatasetError(f"{path}:{lineno}: duplicate id {row.id!r}")
            seen.add(row.id)
            rows.append(row)
    return rows


def _group(row: Row) -> tuple:
    # golden: by stage (rows without a stage, i.e. out of scope, form one more group); grading:
    # by stage and label, so a subset keeps wrong answers as well as right ones
    return (row.stage,) if row.kind == "golden" else (row.stage, row.label)


def _spread(rows: list[Row], limit: int) -> list[Row]:
    """At most `limit` rows, quotas shared round-robin between groups (see `_group`), and within a
    group evenly spaced in file order, so a small subset still spans every stage and section."""
    groups: dict[tuple, list[Row]] = {}
    for row in rows:
        groups.setdefault(_group(row), []).append(row)
    quotas = dict.fromkeys(groups, 0)
    left = min(limit, len(rows))
    while left:
        for key, members in groups.items():
            if left and quotas[key] < len(members):
                quotas[key] += 1
                left -= 1
    picked = {id(g[int(i * len(g) / quotas[s])]) for s, g in groups.items() for i in range(quotas[s])}
    return [row for row in rows if id(row) in picked]


def select_rows(rows: list[Row], limit: int | None = None, stage: int | None = None) -> list[Row]:
    """Rows of one stage (rows without a stage are left out then), at most `limit` of each kind."""
    if stage is not None:
        rows = [r for r in rows if r.stage == stage]
    golden = [r for r in rows if r.kind == "golden"]
    grading = [r for r in rows if r.kind == "grading"]
    if limit is not None:
        golden, grading = _spread(golden, limit), _spread(grading, limit)
    return golden + grading

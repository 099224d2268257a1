"""Eval reports: terminal tables, summary.json, results.jsonl, report.md and report.html.

Everything is rendered from the summary and per-row records that evals.runner returns; nothing
here runs a model. Charts (metrics vs baseline, per-stage bars, latency distribution) are
matplotlib PNGs drawn with the Agg backend, written to charts/ and embedded in report.html as
base64, so the HTML file is self-contained: no script, no external resource.
"""

from __future__ import annotations

import base64
import html
import io
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from evals.metrics import JUDGE_KEYS, LOWER_IS_BETTER, METRIC_KEYS

__all__ = ["compare_summaries", "metric_rows", "print_report", "stage_tables", "write_report"]

# the shares in [0, 1] where higher is better, charted against the baseline (derived, not retyped)
SCORE_KEYS = tuple(k for k in METRIC_KEYS[: METRIC_KEYS.index("ttft_p50_s")] if k not in LOWER_IS_BETTER)
STAGE_KEYS = ("n", *SCORE_KEYS, "ttft_p50_s")
RESULT = {True: "pass", False: "FAIL", None: "skipped"}


def fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def compare_summaries(current: Mapping, previous: Mapping) -> dict:
    """Per metric: previous, current and delta (current - previous), for the tutor and baseline."""

    def diff(a: Mapping | None, b: Mapping | None) -> dict:
        out = {}
        for key in (*METRIC_KEYS, "n_grading", "n_quiz_keys"):
            now, before = (a or {}).get(key), (b or {}).get(key)
            delta = round(now - before, 4) if now is not None and before is not None else None
            out[key] = {"previous": before, "current": now, "delta": delta}
        return out

    return {
        "tutor": diff(current, previous),
        "baseline": diff(current.get("baseline"), previous.get("baseline")),
        "previous_index_version": previous.get("index_version"),
        "previous_finished_at": previous.get("finished_at"),
    }


def _shown_keys(summary: Mapping) -> tuple[str, ...]:
    """Every metric, but the judge's only when a judge was configured."""
    keys = (*METRIC_KEYS, "n_grading", "n_quiz_keys")
    return keys if summary.get("judge") else tuple(k for k in keys if k not in JUDGE_KEYS)


def metric_rows(summary: Mapping) -> list[list[str]]:
    """[metric, tutor, baseline, ratio (tutor/baseline), previous, delta] for every metric."""
    base = summary.get("baseline") or {}
    ratios = summary.get("ratios") or {}
    previous = (summary.get("compare") or {}).get("tutor", {})
    rows = []
    for key in _shown_keys(summary):
        label = key + (" ↓" if key in LOWER_IS_BETTER else "")  # ↓: lower is better
        prev = previous.get(key, {})
        values = (summary.get(key), base.get(key), ratios.get(key), prev.get("previous"), prev.get("delta"))
        rows.append([label, *map(fmt, values)])
    return rows


def _two_places(value) -> str:
    return f"{value:.2f}" if isinstance(value, float) else fmt(value)


def stage_tables(summary: Mapping) -> list[tuple[str, list[str], list[list[str]]]]:
    """Per system, a table with one row per metric (STAGE_KEYS) and one column per stage."""
    tables = []
    for system, by in (
        ("tutor", summary.get("by_stage")),
        ("baseline", (summary.get("baseline") or {}).get("by_stage")),
    ):
        if not by:
            continue
        head = ["metric \\ stage", *by]
        rows = [
            [key + (" ↓" if key in LOWER_IS_BETTER else ""), *(_two_places(f.get(key)) for f in by.values())]
            for key in STAGE_KEYS
        ]
        tables.append((f"Per stage: {system}", head, rows))
    return tables


def gate_rows(summary: Mapping) -> list[list[str]]:
    gates = summary.get("gates", [])
    return [[g["kind"], g["metric"], fmt(g["threshold"]), fmt(g["value"]), RESULT[g["passed"]]] for g in gates]


METRIC_HEAD = ["metric", "tutor", "baseline", "ratio", "previous", "delta"]
GATE_HEAD = ["gate", "metric", "threshold", "value", "result"]


def print_report(console, summary: Mapping) -> None:
    """Rich tables: metrics (tutor, baseline, ratio, previous run), per stage, gates."""
    from rich.table import Table

    def table(title: str, head: list[str], rows: list[list[str]], text_columns: int = 1) -> Table:
        t = Table(title=title)
        for i, col in enumerate(head):
            t.add_column(col, justify="left" if i < text_columns else "right")
        for row in rows:
            t.add_row(*row)
        return t

    console.print(
        table(
            f"eval: {summary.get('n')} questions, {summary.get('n_grading')} graded answers, {summary.get('wall_s')} s",
            METRIC_HEAD,
            metric_rows(summary),
        )
    )
    for title, head, rows in stage_tables(summary):
        console.print(table(title.lower(), head, rows))
    console.print("↓ lower is better", style="dim")
    if summary.get("gates"):
        console.print(table("gates", GATE_HEAD, gate_rows(summary), 2))


# --- charts -------------------------------------------------------------------------------------


def _figure(**kwargs):
    # matplotlib's object API, not pyplot: no global figure registry, no GUI backend to pick
    from matplotlib.figure import Figure

    return Figure(**kwargs)


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", dpi=100)
    return buf.getvalue()


def _bars(ax, labels: Sequence[str], series: dict[str, list[float]], title: str) -> None:
    width = 0.8 / max(1, len(series))
    for i, (name, values) in enumerate(series.items()):
        ax.bar([x + i * width for x in range(len(labels))], values, width, label=name)
    ax.set_xticks(
        [x + width * (len(series) - 1) / 2 for x in range(len(labels))],
        labels,
        rotation=30,
        ha="right",
        fontsize=8,
    )
    ax.set_ylim(0, 1.05)
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)


def chart_metrics(summary: Mapping) -> bytes:
    keys = (*SCORE_KEYS, *JUDGE_KEYS[:2]) if summary.get("judge") else SCORE_KEYS
    fig = _figure(figsize=(8 + len(keys) - len(SCORE_KEYS), 4))
    ax = fig.subplots()
    series = {"tutor": [summary.get(k) or 0.0 for k in keys]}
    if summary.get("baseline"):
        series["baseline"] = [summary["baseline"].get(k) or 0.0 for k in keys]
    _bars(ax, keys, series, "metrics: tutor vs baseline")
    return _png(fig)


def chart_stages(summary: Mapping) -> bytes:
    keys = ("hit_at_5", "key_point_recall", "groundedness", "refusal_accuracy")
    fig = _figure(figsize=(9, 6))
    axes = fig.subplots(2, 2)
    stages = list((summary.get("by_stage") or {}).keys())
    for ax, key in zip(axes.flat, keys, strict=True):
        series = {"tutor": [summary["by_stage"][s].get(key) or 0.0 for s in stages]}
        base = (summary.get("baseline") or {}).get("by_stage")
        if base:
            series["baseline"] = [base.get(s, {}).get(key) or 0.0 for s in stages]
        _bars(ax, [f"stage {s}" if s != "none" else "no stage" for s in stages], series, key)
    return _png(fig)


def _answered(records: Sequence[Mapping], system: str) -> list[Mapping]:
    return [
        r
        for r in records
        if r["kind"] == "golden"
        and r["system"] == system
        and not r["refused"]
        # shown something: generated tokens, or evidence that needs no generation
        and (r.get("tokens", 0) > 0 or r["timings"].get("evidence_s"))
    ]


def _seconds(timings: Mapping, key: str) -> float:
    """first_words_s: the evidence when a system shows it before generating, else the first token."""
    if key == "first_words_s":
        return timings.get("evidence_s") or timings["first_token_s"]
    return timings[key]


def chart_latency(records: Sequence[Mapping]) -> bytes:
    fig = _figure(figsize=(9, 3.5))
    axes = fig.subplots(1, 2)
    for ax, key in zip(axes, ("first_words_s", "total_s"), strict=True):
        values = {s: [_seconds(r["timings"], key) for r in _answered(records, s)] for s in ("tutor", "baseline")}
        top = max((v for vs in values.values() for v in vs), default=1.0)
        bins = [top * i / 20 for i in range(21)]  # the same bins for both systems
        for system, vs in values.items():
            if vs:
                ax.hist(vs, bins=bins, alpha=0.6, label=f"{system} (n={len(vs)})")
        ax.set_title(f"latency: {key} (answered rows)", fontsize=10)
        ax.set_xlabel("seconds")
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=8)
    return _png(fig)


# --- files --------------------------------------------------------------------------------------


def _md_table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])


def _html_table(head: list[str], rows: list[list[str]]) -> str:
    th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><tr>{th}</tr>{body}</table>"


def _sections(summary: Mapping) -> list[tuple[str, list[str], list[list[str]]]]:
    out = [
        ("Metrics", METRIC_HEAD, metric_rows(summary)),
        *stage_tables(summary),
    ]
    confusion = summary.get("grader_confusion") or {}
    if any(sum(row.values()) for row in confusion.values()):
        head = ["teacher's label \\ grader's verdict", *next(iter(confusion.values()))]
        rows = [[label, *(str(n) for n in row.values())] for label, row in confusion.items()]
        out.append(("Grader: label x verdict", head, rows))
    if summary.get("gates"):
        out.append(("Gates", GATE_HEAD, gate_rows(summary)))
    return out


def _header(summary: Mapping) -> str:
    return (
        f"dataset: {', '.join(summary.get('dataset', []))}; index {summary.get('index_version')}; "
        f"wall time {summary.get('wall_s')} s; cache hits {summary.get('cache', {}).get('hits')}; "
        f"judge: {summary.get('judge')}; gates passed: {summary.get('gates_passed')}"
    )


def _row_table(records: Sequence[Mapping]) -> list[list[str]]:
    golden = [r for r in records if r["kind"] == "golden"]
    return [
        [
            r["id"],
            r["system"],
            fmt(r["stage"]),
            "yes" if r["refused"] else "no",
            fmt(r["metrics"]["key_point_recall"]),
            fmt(r["metrics"]["groundedness"]),
            r["question"][:90],
            r["answer"][:200],
        ]
        for r in golden
    ]


CHARTS = {"metrics_vs_baseline": "Metrics vs baseline", "per_stage": "Per stage", "latency": "Latency"}
QUIZ_KEY_HEAD = ["question", "type", "why the key is not backed"]
QUIZ_KEY_TITLE = "Quiz keys the cited passage does not back"


def quiz_key_failures(records: Sequence[Mapping]) -> list[list[str]]:
    """Every quiz question whose key the key check could not find in its passage, with the reason,
    so that a reader can tell a wrong key from a passage that words it differently."""
    return [
        [r["id"], r.get("type", ""), r.get("reasons", {}).get("quiz_key_valid", "")]
        for r in records
        if r.get("kind") == "quiz_key" and r.get("metrics", {}).get("quiz_key_valid") == 0
    ]


def _markdown(summary: Mapping, charts: Sequence[str], records: Sequence[Mapping] = ()) -> str:
    md = [f"# Eval report\n\n{_header(summary)}\n"]
    md += [f"## {title}\n\n{_md_table(head, rows)}\n" for title, head, rows in _sections(summary)]
    md += [f"## {CHARTS[name]}\n\n![{name}](charts/{name}.png)\n" for name in charts]
    if failures := quiz_key_failures(records):
        md.append(f"## {QUIZ_KEY_TITLE} ({len(failures)})\n\n{_md_table(QUIZ_KEY_HEAD, failures)}\n")
    return "\n".join(md)


def _html(summary: Mapping, records: Sequence[Mapping], pngs: Mapping[str, bytes]) -> str:
    parts = [f"<h1>Eval report</h1><p>{html.escape(_header(summary))}</p>"]
    parts += [f"<h2>{html.escape(t)}</h2>{_html_table(h, r)}" for t, h, r in _sections(summary)]
    for name, data in pngs.items():
        src = "data:image/png;base64," + base64.b64encode(data).decode()
        parts.append(f'<h2>{CHARTS[name]}</h2><img alt="{name}" src="{src}">')
    if failures := quiz_key_failures(records):
        parts.append(f"<h2>{QUIZ_KEY_TITLE} ({len(failures)})</h2>{_html_table(QUIZ_KEY_HEAD, failures)}")
    head = ["id", "system", "stage", "refused", "key points", "grounded", "question", "answer"]
    parts.append(f"<h2>Rows</h2>{_html_table(head, _row_table(records))}")
    style = (
        "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}"
        "td,th{border:1px solid #ccc;padding:2px 6px;font-size:13px;vertical-align:top}img{max-width:100%}"
    )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>Eval report</title>"
        f"<style>{style}</style></head><body>{''.join(parts)}</body></html>"
    )


def write_report(out_dir: Path, summary: Mapping, records: Sequence[Mapping]) -> list[Path]:
    """summary.json, results.jsonl, charts/*.png, report.md, report.html; returns the paths."""
    (out_dir / "charts").mkdir(parents=True, exist_ok=True)
    files = {
        "summary.json": json.dumps(summary, indent=2, ensure_ascii=False),
        "results.jsonl": "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
    }
    pngs = {
        "metrics_vs_baseline": chart_metrics(summary),
        "per_stage": chart_stages(summary),
        "latency": chart_latency(records),
    }
    files["report.md"] = _markdown(summary, list(pngs), records)
    files["report.html"] = _html(summary, records, pngs)
    for name, text in files.items():
        (out_dir / name).write_text(text, encoding="utf-8")
    for name, data in pngs.items():
        (out_dir / "charts" / f"{name}.png").write_bytes(data)
    return [out_dir / name for name in files] + [out_dir / "charts" / f"{name}.png" for name in pngs]

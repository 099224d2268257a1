"""Pure helpers of `tutor bench`: summaries of repeated timings, ratios, the printed table."""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["p95", "median", "ratio", "summary", "table_rows"]


def median(values: Sequence[float]) -> float:
    if not values:
        return float("nan")
    xs = sorted(values)
    mid = len(xs) // 2
    return xs[mid] if len(xs) % 2 else (xs[mid - 1] + xs[mid]) / 2


def p95(values: Sequence[float]) -> float:
    """Nearest-rank 95th percentile (with few runs, the slowest one)."""
    if not values:
        return float("nan")
    xs = sorted(values)
    return xs[max(0, math.ceil(0.95 * len(xs)) - 1)]


def summary(values: Sequence[float], digits: int = 3) -> dict:
    return {"median": round(median(values), digits), "p95": round(p95(values), digits), "n": len(values)}


def ratio(value: float, reference: float, digits: int = 3) -> float | None:
    """value / reference, None when the reference is zero or missing."""
    if not reference or value is None or math.isnan(reference) or math.isnan(value):
        return None
    return round(value / reference, digits)


def _fmt(x) -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:,.3g}" if abs(x) < 100 else f"{x:,.0f}"
    return str(x)


def table_rows(result: dict) -> list[tuple[str, str, str, str]]:
    """(what, measured, reference measured in the same run, ratio) for each headline figure."""
    m, c, r, i = (result.get(k, {}) for k in ("model", "chain", "retrieval", "ingest"))
    rows = [
        ("bare llama.cpp prompt tokens/s", _fmt(result.get("bare_prompt_tok_s")), "-", "-"),
        ("bare llama.cpp generated tokens/s", _fmt(result.get("bare_gen_tok_s")), "-", "-"),
        (
            "chain time to first generated token (s)",
            _fmt(c.get("first_token_s", {}).get("median")),
            _fmt(m.get("ttft_s", {}).get("median")) + " bare",
            _fmt(result.get("ttft_ratio")),
        ),
        (
            "chain generated tokens/s",
            _fmt(c.get("gen_tok_s", {}).get("median")),
            _fmt(result.get("bare_gen_tok_s")) + " bare",
            _fmt(result.get("tok_s_ratio")),
        ),
        (
            "chain: checks after the model's last token (s)",
            _fmt(c.get("checks_after_s", {}).get("median")),
            "generation time",
            _fmt(c.get("checks_share_of_gen")),
        ),
        ("first shown words (s, warm)", _fmt(result.get("first_words_s")), "-", "-"),
        ("prompt tokens per explained answer", _fmt(c.get("prompt_tokens", {}).get("median")), "-", "-"),
        (
            "retrieval p95 (ms), shipped corpus",
            _fmt(result.get("retrieval_p95_ms")),
            _fmt(r.get("corpus", {}).get("dense_only_p95_ms")) + " dense only",
            _fmt(ratio(result.get("retrieval_p95_ms"), r.get("corpus", {}).get("dense_only_p95_ms"))),
        ),
        (
            f"retrieval p95 (ms), {r.get('synthetic', {}).get('chunks', 0):,} chunks",
            _fmt(result.get("retrieval_p95_ms_100k")),
            _fmt(r.get("synthetic", {}).get("dense_only_p95_ms")) + " dense only",
            _fmt(ratio(result.get("retrieval_p95_ms_100k"), r.get("synthetic", {}).get("dense_only_p95_ms"))),
        ),
        (
            "cold ingest chunks/s (indexing)",
            _fmt(i.get("cold_chunks_per_s")),
            _fmt(i.get("plain_chunks_per_s")) + " plain",
            _fmt(ratio(i.get("cold_chunks_per_s"), i.get("plain_chunks_per_s"))),
        ),
        (
            "cold ingest, then answer caches (s)",
            f"{_fmt(i.get('cold_s'))} ({_fmt(i.get('answer_caches_s'))})",
            "-",
            "-",
        ),
        ("no-change re-ingest / cold", _fmt(result.get("warm_ingest_fraction")), "-", "-"),
        ("`tutor ask` start-up to first word (s)", _fmt(result.get("startup_s")), "-", "-"),
        ("peak RSS of `tutor ask` (MB)", _fmt(result.get("peak_rss_mb")), "-", "-"),
    ]
    base = {(row["sessions"], row["backend"]): row for row in result.get("load", [])}
    for row in result.get("load", []):
        # the embedded model alone against itself at 1 session; a server against the embedded
        # model at the same number of sessions (what a group gains by running one)
        ref_key = (1, row["backend"]) if row["backend"] == "embedded" else (row["sessions"], "embedded")
        ref = base.get(ref_key)
        rows.append(
            (
                f"load: {row['sessions']} sessions, {row['backend']}: answers/min (p95 s, tokens)",
                f"{_fmt(row['answers_per_min'])} ({_fmt(row['p95_s'])}, {_fmt(row.get('tokens_median'))})",
                f"{_fmt(ref['answers_per_min'])} {'at 1' if ref_key[0] == 1 else 'embedded'}" if ref else "-",
                _fmt(ratio(row["answers_per_min"], ref["answers_per_min"])) if ref else "-",
            )
        )
    return rows

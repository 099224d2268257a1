"""Reader review of answers (../shared/REVIEW.md): the sample, the packet a reviewer reads, the tally.

Automatic metrics measure copying; a reader who knows ML judges what a learner is taught. This
module only moves data: it draws a fixed, stratified sample of golden questions, writes a packet
(question, reference answer, key points, the answer and the text of every passage it cites) for a
reviewer who has not read the code, and tallies the reviewer's labels into the report REVIEW.md
asks for. The labels themselves are a person's (or a helper session's) judgement, kept as JSONL
next to the eval run:

    {"id", "system", "label", "false_claims", "key_points_conveyed", "key_points_total",
     "citations": {"yes": n, "partly": n, "no": n}, "note"}

    python -m evals.review sample --out docs/evals/review-sample.json
    python -m evals.review sample --seed 34 --answerable 40 --out-of-scope 0 --exclude S.json --out H.json
    python -m evals.review packet RESULTS.jsonl[.gz] --sample docs/evals/review-sample.json --system tutor --out P.md
    python -m evals.review tally LABELS.jsonl
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

__all__ = ["LABELS", "draw_sample", "tally", "write_packet"]

LABELS = ("correct", "partial", "wrong", "garbled", "refused-ok", "should-have-refused", "false-refusal")


def draw_sample(
    rows: Sequence[Mapping], answerable: int = 60, out_of_scope: int = 10, seed: int = 12, exclude: Iterable[str] = ()
) -> list[str]:
    """Ids of `answerable` golden rows drawn in proportion to each stage's share (at least 3 per
    stage), plus `out_of_scope` unanswerable ones; the same seed gives the same sample. Rows in
    `exclude` (an earlier sample the answers were tuned on) are never drawn: a held-out check."""
    rng = random.Random(seed)
    left_out = set(exclude)
    rows = [r for r in rows if r["id"] not in left_out]
    by_stage: dict[int, list[str]] = {}
    for row in rows:
        if row["answerable"]:
            by_stage.setdefault(int(row["stage"]), []).append(row["id"])
    total = sum(len(v) for v in by_stage.values())
    picked: list[str] = []
    for stage in sorted(by_stage):
        ids = by_stage[stage]
        n = min(len(ids), max(3, round(answerable * len(ids) / total)))
        picked += sorted(rng.sample(ids, n))
    scope = [r["id"] for r in rows if not r["answerable"]]
    picked += sorted(rng.sample(scope, min(out_of_scope, len(scope))))
    return picked


def _read_jsonl(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_packet(records: Iterable[Mapping], golden: Mapping[str, Mapping], ids: Sequence[str], system: str) -> str:
    """Markdown for a reviewer: one block per sampled question, in sample order."""
    mine = {r["id"]: r for r in records if r.get("kind") == "golden" and r["system"] == system}
    blocks = []
    for qid in ids:
        row, rec = golden[qid], mine.get(qid)
        if rec is None:
            continue
        lines = [f"## {qid}", f"**Question:** {row['question']}", ""]
        if row["answerable"]:
            lines += [f"**Reference answer:** {row['reference_answer']}", ""]
            lines += ["**Key points:** " + "; ".join(row["key_points"]), ""]
        else:
            lines += ["**Out of the roadmap's scope** (the right behaviour is to decline).", ""]
        shown = "(declined) " if rec["refused"] else ""
        lines += ["**Answer shown to the learner:**", "", "> " + (shown + rec["answer"]).replace("\n", "\n> "), ""]
        for c in rec.get("citations", []):
            where = f"{c.get('source_id', '')} > {c.get('heading', '')}"
            text = c.get("text")
            body = f"\n\n    {text}" if text else " (text: see the reading under this heading)"
            lines.append(f"- passage [{c['n']}] {where}{'' if c.get('cited', True) else ' (not cited)'}:{body}")
        blocks.append("\n".join(lines))
    return "\n\n---\n\n".join(blocks) + "\n"


def _claims(label: Mapping) -> int:
    """A label's false claims: a count, or the list of them written out (as reviewers often give them)."""
    claims = label.get("false_claims") or 0
    return len(claims) if isinstance(claims, list) else int(claims)


def tally(labels: Sequence[Mapping]) -> dict[str, dict]:
    """REVIEW.md's report per system: label counts, share correct of answerable, share with a false
    claim, mean share of key points conveyed, share of citations that support their sentence."""
    out: dict[str, dict] = {}
    for system in sorted({lab["system"] for lab in labels}):
        mine = [lab for lab in labels if lab["system"] == system]
        answerable = [lab for lab in mine if lab["label"] not in ("refused-ok", "should-have-refused")]
        kp = [lab["key_points_conveyed"] / lab["key_points_total"] for lab in answerable if lab.get("key_points_total")]
        cites = Counter()
        for lab in mine:
            cites.update(lab.get("citations") or {})
        n_cites = sum(cites.values())
        out[system] = {
            "n": len(mine),
            "labels": dict(Counter(lab["label"] for lab in mine)),
            "correct_share": round(sum(lab["label"] == "correct" for lab in answerable) / len(answerable), 3)
            if answerable
            else None,
            "false_claim_share": round(sum(_claims(lab) > 0 for lab in mine) / len(mine), 3),
            "false_claims": sum(_claims(lab) for lab in mine),
            "key_points_share": round(sum(kp) / len(kp), 3) if kp else None,
            "citation_yes_share": round(cites["yes"] / n_cites, 3) if n_cites else None,
        }
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m evals.review", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--golden", type=Path, default=Path(__file__).parent / "datasets" / "golden.jsonl")
    s.add_argument("--out", type=Path, required=True)
    s.add_argument("--seed", type=int, default=12)
    s.add_argument("--answerable", type=int, default=60)
    s.add_argument("--out-of-scope", type=int, default=10)
    s.add_argument("--exclude", type=Path, help="an earlier sample whose ids are left out")
    p = sub.add_parser("packet")
    p.add_argument("results", type=Path)
    p.add_argument("--golden", type=Path, default=Path(__file__).parent / "datasets" / "golden.jsonl")
    p.add_argument("--sample", type=Path, required=True)
    p.add_argument("--system", default="tutor")
    p.add_argument("--out", type=Path, required=True)
    t = sub.add_parser("tally")
    t.add_argument("labels", type=Path)
    args = parser.parse_args(argv)
    if args.cmd == "sample":
        exclude = json.loads(args.exclude.read_text()) if args.exclude else ()
        ids = draw_sample(_read_jsonl(args.golden), args.answerable, args.out_of_scope, args.seed, exclude)
        args.out.write_text(json.dumps(ids, indent=1) + "\n")
        print(f"{len(ids)} ids -> {args.out}")
    elif args.cmd == "packet":
        golden = {r["id"]: r for r in _read_jsonl(args.golden)}
        ids = json.loads(args.sample.read_text())
        args.out.write_text(write_packet(_read_jsonl(args.results), golden, ids, args.system), encoding="utf-8")
        print(f"packet for {args.system} -> {args.out}")
    else:
        print(json.dumps(tally(_read_jsonl(args.labels)), indent=1))


if __name__ == "__main__":
    main()

"""Calibrate the refusal threshold on labelled in-scope / out-of-scope questions.

`python -m evals.calibrate [--dataset evals/datasets/scope.jsonl]` retrieves for every question,
takes the best dense similarity (the evidence the tutor's refusal rests on), and prints, for the
configured threshold and for the best one found, the refusal accuracy and the false-refusal rate.
The threshold chosen maximises accuracy with a false-refusal rate of at most 5% (refusing a good
question costs a learner more than a polite "not covered" costs an off-topic one). Pure parts are
`sweep` and `choose`; the rest is I/O.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

__all__ = ["choose", "rates", "sweep"]

DEFAULT = Path(__file__).parent / "datasets" / "scope.jsonl"


def rates(scored: list[tuple[float, bool]], threshold: float) -> dict[str, float]:
    """scored = (best similarity, in scope); refused = similarity below threshold."""
    refused_right = sum(1 for s, inside in scored if (s < threshold) == (not inside))
    inside = [s for s, i in scored if i]
    return {
        "threshold": round(threshold, 3),
        "refusal_accuracy": refused_right / len(scored),
        "false_refusal_rate": sum(1 for s in inside if s < threshold) / max(1, len(inside)),
    }


def sweep(scored: list[tuple[float, bool]]) -> list[dict[str, float]]:
    return [rates(scored, t / 100) for t in range(5, 80)]


def choose(scored: list[tuple[float, bool]], max_false_refusal: float = 0.05) -> dict[str, float]:
    ok = [r for r in sweep(scored) if r["false_refusal_rate"] <= max_false_refusal]
    return max(ok, key=lambda r: (r["refusal_accuracy"], -r["threshold"]))


def main() -> None:
    from app.services import build_services

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT)
    args = parser.parse_args()
    services = build_services()
    rows = [json.loads(line) for line in args.dataset.read_text().splitlines() if line.strip()]
    scored = [(services.retriever.retrieve(r["question"], k=1).best_sim, bool(r["in_scope"])) for r in rows]
    current = rates(scored, services.settings.min_relevance)
    best = choose(scored)
    print(json.dumps({"n": len(rows), "configured": current, "best": best}, indent=2))


if __name__ == "__main__":
    main()

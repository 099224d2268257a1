"""`python -m evals.term_weights build`: write the corpus's fixed term weights
(`corpus/term-weights.json`, app.core.term_weights) from the active index's chunks, that is from
the shipped corpus as ingested. Run it on purpose, and read the answers it moves: every answer's
scores rest on these weights."""

from __future__ import annotations

import json
import sys

from app.core.term_weights import FILE, idf_table
from app.core.text import tokenize


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv != ["build"]:
        print("usage: python -m evals.term_weights build", file=sys.stderr)
        return 2
    from app.services import build_services

    services = build_services()
    index = services.index()
    if index is None:
        print("no index: run `tutor ingest` first", file=sys.stderr)
        return 1
    records = index.records()
    table = idf_table(tokenize(r.document) or ["_"] for r in records)
    path = services.settings.corpus_dir / FILE
    body = {"documents": len(records), "index": index.name, "weights": dict(sorted(table.items()))}
    path.write_text(json.dumps(body, indent=0) + "\n", encoding="utf-8")
    print(f"{path}: {len(table)} stems from {len(records)} chunks")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

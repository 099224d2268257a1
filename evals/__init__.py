"""Answer-quality evals: golden datasets, judge-free metrics, a plain-RAG baseline, reports, gates.

`tutor eval` (app/cli/eval_cmd.py) is the entry point. The pieces:
- `evals.datasets`: load JSONL rows and tell golden rows from grading rows by their fields;
- `evals.metrics`: pure per-row metrics, their aggregation, and gate checks;
- `evals.baseline`: the plain LangChain RAG recipe the tutor is compared with;
- `evals.runner`: runs both systems on the same rows in one process, with a generation cache;
- `evals.report`: terminal tables, summary.json, results.jsonl, report.md, report.html.
"""

"""The vectors of the readings' quotable units, made at ingest rather than at the first question.

Evidence selection compares the question with every whole sentence or list item of the retrieved
passages (`app.answering.evidence.candidates`). Embedded at answer time, the units of a question
that touches sections not seen before cost the answering process 0.4-2 s of CPU (1,678 units in
the shipped corpus; about 14 a second with the numpy encoder on 2 cores), and under a group's load
that CPU is taken from the model. A unit's vector depends only on its text and the model, so ingest
embeds them all with the bulk model and keeps them in one file per model in the cache folder;
the tutor loads the file once, and any text missing from it (a question that makes code quotable,
say) is embedded on demand as before. Which texts are units is answering's business
(`app.answering.evidence.quotable_texts`); this module only keeps their vectors.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

__all__ = ["build", "cache_path", "load"]


def cache_path(cache_dir: Path, model: str, recipe: str = "") -> Path:
    """One file per model and per `recipe` (a digest of the code that cuts units: a change there
    makes other texts, so a no-change ingest must not keep the old file)."""
    return cache_dir / f"units-{hashlib.sha256((model + recipe).encode()).hexdigest()[:12]}.npz"


def load(path: Path) -> dict[str, list[float]]:
    """text -> vector from the cache file; empty when it is missing or unreadable."""
    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as data:
            texts = data["texts"].tobytes().decode("utf-8").split("\0")
            return dict(zip(texts, data["vectors"].tolist(), strict=True))
    except (OSError, ValueError, KeyError):
        return {}


def build(texts: list[str], embed: Callable[[list[str]], list[list[float]]], path: Path) -> int:
    """Embed the `texts` (no NUL in them) missing from the file at `path` and rewrite it with
    exactly these texts (a removed reading's units go); returns how many were embedded."""
    import numpy as np

    known = load(path)
    missing = [t for t in texts if t not in known]
    if not missing and len(known) == len(texts):
        return 0
    if missing:
        known.update(zip(missing, embed(missing), strict=True))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    joined = np.frombuffer("\0".join(texts).encode("utf-8"), dtype=np.uint8)  # texts hold no NUL
    np.savez(tmp, texts=joined, vectors=np.asarray([known[t] for t in texts], dtype=np.float32))
    tmp.replace(path)
    return len(missing)

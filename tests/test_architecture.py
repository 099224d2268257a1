"""The rule of the arrows (ARCHITECTURE.md): a module imports only from its own room or a room
below it. Checked on the real import graph (AST, imports inside functions included), so an upward
import fails here, not in review."""

from __future__ import annotations

import pytest

from evals.provenance import ROOT, imports_of, module_closure

# room -> the rooms it may import from (besides itself)
ALLOWED = {
    "app.core": set(),
    "app.answering": {"app.core"},
    "app.learning": {"app.core"},
    "ingest": {"app.core"},
    "app.conversation": {"app.core", "app.answering", "app.learning"},
    "app.services": {"app.core", "app.answering", "app.learning", "app.conversation"},
    "evals": {"app.core", "app.answering", "app.learning", "app.conversation", "app.services", "ingest"},
    "app.cli": {"app.core", "app.answering", "app.learning", "app.conversation", "app.services", "ingest", "evals"},
    "app.ui": {"app.core", "app.answering", "app.learning", "app.conversation", "app.services", "ingest"},
}


def room(module: str) -> str:
    for name in sorted(ALLOWED, key=len, reverse=True):
        if module == name or module.startswith(name + "."):
            return name
    raise AssertionError(f"{module} is in no room: add it to ARCHITECTURE.md and ALLOWED")


def _modules() -> dict[str, object]:
    files = [*ROOT.glob("app/**/*.py"), *ROOT.glob("ingest/**/*.py"), *ROOT.glob("evals/**/*.py")]
    return {".".join(f.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): f for f in files}


MODULES = _modules()


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_import_goes_to_the_same_room_or_down(module):
    mine = room(module)
    upward = sorted(d for d in imports_of(MODULES[module]) if room(d) != mine and room(d) not in ALLOWED[mine])
    assert not upward, f"{module} ({mine}) imports {upward}: arrows must point down (ARCHITECTURE.md)"


def test_no_module_imports_itself_back_through_a_circle():
    graph = {m: ({d for d in imports_of(f)} & set(MODULES)) - {m} for m, f in MODULES.items()}
    for start in graph:
        reach = set(module_closure(graph[start])) & set(MODULES)
        assert start not in reach, f"{start} is part of an import circle"


def test_the_rule_catches_an_upward_import(tmp_path):
    """The check itself can fail: a core module that imports the chain is reported."""
    bad = tmp_path / "app" / "core" / "bad.py"
    bad.parent.mkdir(parents=True)
    bad.write_text("from app.answering.chain import Tutor\n")
    (tmp_path / "app" / "answering").mkdir()
    (tmp_path / "app" / "answering" / "chain.py").write_text("")
    found = imports_of(bad, tmp_path)
    assert found == {"app.answering.chain"}
    assert room("app.answering.chain") not in ALLOWED[room("app.core.bad")]


def test_a_circle_is_seen(tmp_path):
    pkg = tmp_path / "ingest"
    pkg.mkdir()
    (pkg / "a.py").write_text("from ingest.b import x\n")
    (pkg / "b.py").write_text("def f():\n    from ingest import a\n")
    assert "ingest.a" in module_closure(imports_of(pkg / "a.py", tmp_path), tmp_path)

"""Which source files shape a system's answers: the modules it imports, followed to the end. Pure.

The eval cache keys an answer by this code (and the prompt files those modules read), so an edit
anywhere a system reaches regenerates its answers; no hand-kept list of files can fall behind. The
same import graph is what tests/test_architecture.py checks the layering rule on.
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Iterable
from pathlib import Path

__all__ = ["PACKAGES", "ROOT", "code_digest", "imports_of", "module_closure", "module_path"]

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("app", "ingest", "evals")  # the project's own top-level packages


def module_path(name: str, root: Path = ROOT) -> Path | None:
    """The file of module `name` ("app.core.text" -> app/core/text.py), or None when it has none."""
    base = root.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def imports_of(path: Path, root: Path = ROOT) -> set[str]:
    """The project modules a file imports, at the top or inside a function, absolute or relative."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*parts, module] if module else parts)
            # "from app.core import text" imports the module app.core.text
            names = [module] + [f"{module}.{a.name}" for a in node.names]
        else:
            continue
        found |= {n for n in names if n.split(".")[0] in PACKAGES and module_path(n, root)}
    return found


def module_closure(roots: Iterable[str], root: Path = ROOT) -> dict[str, Path]:
    """`roots` and every project module they reach by imports, with their files."""
    seen: dict[str, Path] = {}
    todo = list(roots)
    while todo:
        name = todo.pop()
        path = module_path(name, root)
        if name in seen or path is None:
            continue
        seen[name] = path
        todo += sorted(imports_of(path, root))
    return seen


def code_digest(roots: Iterable[str], prompt_folders: Iterable[Path] = (), root: Path = ROOT) -> str:
    """SHA-256 over the source of every module `roots` reach and the prompt files in the folders."""
    digest = hashlib.sha256()
    files = sorted(module_closure(roots, root).values())
    for folder in prompt_folders:
        files += sorted(folder.glob("*.txt"))
    for path in files:
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()

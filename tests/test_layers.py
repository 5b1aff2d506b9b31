"""The core's layers: each imports only the layers below it, and none imports MkDocs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "hooks" / "learning_catalog"
LAYERS = ("contract", "site", "tools", "harvest")
"""From the bottom up: a module may import its own layer and the layers before it."""


def _imports(path: Path) -> set[str]:
    """The modules of the package that ``path`` imports, as dotted names below ``learning_catalog``."""
    layer = path.relative_to(PACKAGE).parts[0] if path.parent != PACKAGE else ""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            if (node.level == 2 or not layer) and not node.module:
                found.add("facade")  # the package's __init__, which imports every layer
                continue
            base = [] if node.level == 2 or not layer else [layer]
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.update(f"{module}.{alias.name}" if not node.module else module for alias in node.names)
        elif isinstance(node, ast.Import | ast.ImportFrom) and not getattr(node, "level", 0):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found.update(f"external:{name}" for name in names)
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", [p for p in MODULES if p.parent != PACKAGE], ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_flow_down(path: Path) -> None:
    """A layer imports nothing from a layer above it (contract < site < tools < harvest), nor the package's
    facade, which imports the contract and the site (the tools and the harvest may use it)."""
    own = LAYERS.index(path.relative_to(PACKAGE).parts[0])
    above = set(LAYERS[own + 1:]) | ({"facade"} if own < LAYERS.index("tools") else set())
    wrong = sorted(name for name in _imports(path) if name.split(".")[0] in above)
    assert wrong == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_mkdocs(path: Path) -> None:
    """The core runs without MkDocs: only hooks/mkdocs_hook.py may import it."""
    assert not [name for name in _imports(path) if name.startswith(("external:mkdocs", "external:material"))]


def test_the_contract_has_no_import_circle() -> None:
    """The modules of the contract import each other without a circle."""
    graph = {}
    for path in (PACKAGE / "contract").glob("*.py"):
        graph[path.stem] = {name.split(".")[1] for name in _imports(path)
                            if name.startswith("contract.") and name.count(".") >= 1}
    seen: dict[str, int] = {}

    def visit(node: str, stack: tuple[str, ...]) -> None:
        assert node not in stack, " -> ".join((*stack, node))
        if seen.get(node):
            return
        for child in graph.get(node, ()):
            visit(child, (*stack, node))
        seen[node] = 1

    for node in graph:
        visit(node, ())


def test_the_facade_imports_only_the_contract_and_the_site() -> None:
    """The facade sits between the site and the tools: the tools and the harvest import it, so it imports neither."""
    assert {name.split(".")[0] for name in _imports(PACKAGE / "__init__.py") if not name.startswith("external:")} \
        <= {"contract", "site"}

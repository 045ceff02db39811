"""The letters package's layout (issue 10, point 8): one module per letter kind declaring its
spec, a small shared core, and no import cycle inside the package."""

from __future__ import annotations

import ast
from pathlib import Path

import documents.letters as letters
from dispute.letter_kinds import LETTER_LABELS, LetterKind
from documents.letters.core import LetterSpec

PACKAGE = Path(letters.__file__).parent


def _imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def test_no_module_of_the_package_imports_the_package_or_forms_a_cycle() -> None:
    graph = {}
    for path in PACKAGE.glob("*.py"):
        name = "documents.letters" if path.stem == "__init__" else f"documents.letters.{path.stem}"
        deps = {m for m in _imports(path) if m.startswith("documents.letters")}
        if name != "documents.letters":
            assert "documents.letters" not in deps, f"{name} imports the package itself"
        graph[name] = deps
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        if state.get(node) == 1:
            raise AssertionError("import cycle: " + " → ".join(stack + [node]))
        if state.get(node) == 2:
            return
        state[node] = 1
        for dep in sorted(graph.get(node, ())):
            visit(dep, stack + [node])
        state[node] = 2

    for node in sorted(graph):
        visit(node, [])


def test_every_spec_is_declared_by_its_own_module() -> None:
    modules = {spec.compose.__module__ for spec in letters.SPECS.values()}
    assert len(modules) == len(letters.SPECS)
    for kind, spec in letters.SPECS.items():
        assert isinstance(spec, LetterSpec) and spec.kind is kind
        assert spec.recipient and not hasattr(spec, "availability")  # the engine decides
        assert kind in LETTER_LABELS


def test_letter_kind_lives_in_dispute_and_is_re_exported() -> None:
    assert letters.LetterKind is LetterKind
    assert letters.LETTER_LABELS is LETTER_LABELS
    assert set(LETTER_LABELS) == set(LetterKind)

"""The dependency rules of docs/architecture.md, checked on the source (no Qt import needed).

Qt only in gui/ and main.py; TinyDB only in store/; dispute/ imports neither store/, documents/
nor gui/; documents/ never imports store/ or gui/.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("dispute", "store", "documents", "gui", "cli")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _sources(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


FORBIDDEN = {
    "dispute": {"PySide6", "tinydb", "store", "documents", "gui"},
    "store": {"PySide6", "documents", "gui"},
    "documents": {"PySide6", "tinydb", "store", "gui"},
    "gui": {"tinydb"},
    "cli": {"PySide6", "gui", "tinydb"},
}


@pytest.mark.parametrize("package", PACKAGES)
def test_package_respects_the_dependency_direction(package):
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imports(path) & FORBIDDEN[package])
        for path in _sources(package)
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_headless_entry_point_does_not_import_qt_at_module_level():
    tree = ast.parse((ROOT / "main.py").read_text(encoding="utf-8"))
    top_level = {
        (node.module or "").split(".")[0] if isinstance(node, ast.ImportFrom) else node.names[0].name
        for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))
    }
    assert "PySide6" not in top_level and "gui" not in top_level

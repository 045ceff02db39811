"""The case window (docs/case-view.md): ``CaseWindow`` in ``gui.case_view.window``, put
together from one module per tab and concern of this package.

``CaseWindow`` is imported on first use, so that importing a light module of the package
(``gui.case_view.text``) does not load the whole window.
"""

from __future__ import annotations

__all__ = ["CaseWindow"]


def __getattr__(name: str):
    if name == "CaseWindow":
        from gui.case_view.window import CaseWindow

        return CaseWindow
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

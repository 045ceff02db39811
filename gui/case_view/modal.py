"""The one place the case window runs its own dialogs modally: tests replace ``exec_dialog``
to fill a dialog in and accept it without a modal loop."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog

exec_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec()  # noqa: E731
"""Runs a dialog modally and returns its result code; tests replace it."""


def run_keep(dialog: QDialog) -> bool:
    """Run ``dialog`` through ``exec_dialog``; True if accepted. The caller reads its values,
    then calls ``deleteLater``."""
    return exec_dialog(dialog) == QDialog.DialogCode.Accepted

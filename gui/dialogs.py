"""The one place where modal message boxes are shown, so tests can replace it.

Tests set ``dialogs.responder`` to a callable receiving (kind, title, text) and returning the
answer, so no modal dialog can hang a test run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

logger = logging.getLogger(__name__)

responder: Callable[[str, str, str], object] | None = None


def _answer(kind: str, title: str, text: str) -> object | None:
    if responder is not None:
        logger.debug("Dialogue %s intercepté : %s", kind, text)
        return responder(kind, title, text)
    return None


def message_box(icon: str, title: str, text: str, parent: QWidget | None):
    """A message box showing ``text`` as plain text: a name, a title or a path typed by the
    user (« Boulangerie <b>Martin</b> », « Dupont <SARL> ») is shown as typed, never read
    as markup. ``icon``: "critical", "information" or "question"."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox  # built on first use, not at start-up

    icons = {"critical": QMessageBox.Icon.Critical, "information": QMessageBox.Icon.Information,
             "question": QMessageBox.Icon.Question}
    box = QMessageBox(icons[icon], title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def _show(icon: str, parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    box = message_box(icon, title, text, parent)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def critical(parent: QWidget | None, title: str, text: str) -> None:
    if _answer("critical", title, text) is None:
        _show("critical", parent, title, text)


def information(parent: QWidget | None, title: str, text: str) -> None:
    if _answer("information", title, text) is None:
        _show("information", parent, title, text)


SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def ask_save(parent: QWidget | None, title: str, text: str) -> str:
    """« Enregistrer », « Ne pas enregistrer » or « Annuler »: returns :data:`SAVE`,
    :data:`DISCARD` or :data:`CANCEL` (a test responder may answer with one of these, or
    True for SAVE and False for DISCARD)."""
    answer = _answer("save", title, text)
    if answer is not None:
        if answer in (SAVE, DISCARD, CANCEL):
            return answer
        return SAVE if answer else DISCARD
    from PySide6.QtWidgets import QMessageBox

    box = message_box("question", title, text, parent)
    save = box.addButton("Enregistrer", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("Ne pas enregistrer", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton("Annuler", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return SAVE if clicked is save else DISCARD if clicked is discard else CANCEL


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    answer = _answer("question", title, text)
    if answer is not None:
        return bool(answer)
    from PySide6.QtWidgets import QMessageBox

    box = message_box("question", title, text, parent)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    return box.exec() == QMessageBox.StandardButton.Yes


YES, NO = "yes", "no"


def ask_yes_no_cancel(parent: QWidget | None, title: str, text: str) -> str:
    """« Oui », « Non » or « Annuler » (back to what the user was doing; also Esc): returns
    :data:`YES`, :data:`NO` or :data:`CANCEL`. The buttons are French whatever Qt's
    translations. A test responder answers as for :func:`ask` (True, False) or with one of
    these."""
    answer = _answer("question", title, text)
    if answer is not None:
        if answer in (YES, NO, CANCEL):
            return answer
        return YES if answer else NO
    from PySide6.QtWidgets import QMessageBox

    box = message_box("question", title, text, parent)
    yes = box.addButton("Oui", QMessageBox.ButtonRole.YesRole)
    no = box.addButton("Non", QMessageBox.ButtonRole.NoRole)
    cancel = box.addButton("Annuler", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return YES if clicked is yes else NO if clicked is no else CANCEL

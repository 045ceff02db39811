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
    return _three_buttons(parent, title, text, ("Enregistrer", SAVE, "AcceptRole"),
                          ("Ne pas enregistrer", DISCARD, "DestructiveRole"))


def _three_buttons(parent: QWidget | None, title: str, text: str,
                   first: tuple[str, str, str], second: tuple[str, str, str]) -> str:
    """A question box with two French buttons (text, answer, Qt role name) and « Annuler »
    (also Esc): the answer of the button clicked, :data:`CANCEL` otherwise. The first button
    is the default."""
    from PySide6.QtWidgets import QMessageBox

    box = message_box("question", title, text, parent)
    buttons = {box.addButton(label, getattr(QMessageBox.ButtonRole, role)): answer
               for label, answer, role in (first, second)}
    cancel = box.addButton("Annuler", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(next(iter(buttons)))
    box.setEscapeButton(cancel)
    box.exec()
    return buttons.get(box.clickedButton(), CANCEL)


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
    return _three_buttons(parent, title, text, ("Oui", YES, "YesRole"), ("Non", NO, "NoRole"))


DETAILS_SCREEN_SHARE = 0.45
"""A box's detail list takes at most this share of the screen's height, then scrolls."""


def details_box(parent: QWidget | None, title: str, text: str, details: str, question: str):
    """A question box whose ``details`` (a long list: the points to check after an export)
    scroll inside it, so the box stays within the screen (lead-drive 7: the « À vérifier »
    list made the box taller than a 768-pixel screen). Plain text throughout; « Oui » is
    accepted, « Non » rejected."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import (
        QDialog,
        QDialogButtonBox,
        QFrame,
        QHBoxLayout,
        QLabel,
        QScrollArea,
        QStyle,
        QVBoxLayout,
    )

    box = QDialog(parent)
    box.setWindowTitle(title)
    layout = QVBoxLayout(box)
    top = QHBoxLayout()
    icon = QLabel(box)
    icon.setPixmap(box.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxQuestion)
                   .pixmap(32, 32))
    icon.setAlignment(Qt.AlignmentFlag.AlignTop)
    top.addWidget(icon)
    column = QVBoxLayout()
    top.addLayout(column, 1)
    layout.addLayout(top)

    def label(value: str) -> QLabel:
        widget = QLabel(value, box)
        widget.setTextFormat(Qt.TextFormat.PlainText)
        widget.setWordWrap(True)
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        widget.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return widget

    column.addWidget(label(text))
    box.details_area = None
    if details:
        scroll = QScrollArea(box)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.StyledPanel)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = label(details)
        content.setContentsMargins(6, 4, 6, 4)
        scroll.setWidget(content)
        scroll.setAccessibleName("Points à vérifier")
        column.addWidget(scroll, 1)
        box.details_area = scroll
    column.addWidget(label(question))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Yes
                               | QDialogButtonBox.StandardButton.No, box)
    buttons.button(QDialogButtonBox.StandardButton.Yes).setText("&Oui")
    buttons.button(QDialogButtonBox.StandardButton.No).setText("&Non")
    buttons.button(QDialogButtonBox.StandardButton.Yes).setDefault(True)
    buttons.accepted.connect(box.accept)
    buttons.rejected.connect(box.reject)
    layout.addWidget(buttons)
    width = 620
    box.setMinimumWidth(width)
    if box.details_area is not None:
        screen = (parent.screen() if parent is not None else None) \
            or QGuiApplication.primaryScreen()
        limit = int(screen.availableGeometry().height() * DETAILS_SCREEN_SHARE) \
            if screen is not None else 340
        inner = box.details_area.widget()
        inner.setFixedWidth(width - 90)  # wrap at the box's width to measure the height
        wanted = inner.heightForWidth(width - 90) + 12
        inner.setMinimumWidth(0)
        inner.setMaximumWidth(16777215)
        box.details_area.setFixedHeight(max(80, min(wanted, limit)))
    return box


def ask_details(parent: QWidget | None, title: str, text: str, details: str,
                question: str) -> bool:
    """:func:`ask` with a long ``details`` text that scrolls inside the box. A test responder
    receives the whole text (``text``, ``details``, ``question``, a blank line apart)."""
    whole = "\n\n".join(part for part in (text, details, question) if part)
    answer = _answer("question", title, whole)
    if answer is not None:
        return bool(answer)
    from PySide6.QtWidgets import QDialog

    box = details_box(parent, title, text, details, question)
    try:
        return box.exec() == QDialog.DialogCode.Accepted
    finally:
        box.deleteLater()

"""The export dialog's list of what the recipient needs (``documents.dossier_checklist``):
each item present or missing — an icon and the words, never colour alone — and, for a missing
one, what to do. It scrolls when long, so the dialog stays within the screen.

The list is a read-only rich-text view whose every text is escaped (a subscriber's name such
as « Dupont <SARL> & Fils » is shown as typed, never read as markup)."""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication, QTextDocument
from PySide6.QtWidgets import QFrame, QSizePolicy, QTextBrowser, QVBoxLayout, QWidget

from gui.case_view.cards import severity_icon, wrapped_label
from gui.widgets import HINT_COLOUR

logger = logging.getLogger(__name__)

SCREEN_SHARE = 0.4
"""The list's greatest height, as a share of the screen's (it scrolls beyond)."""
ICONS = {True: ("icon:present", "ok"), False: ("icon:missing", "warning")}


class ChecklistPanel(QWidget):
    """« Avant d'exporter : … » with one row per item of each section."""

    def __init__(self, parent: QWidget | None = None, *, email: bool = False) -> None:
        super().__init__(parent)
        self.email = email  # the CPME e-mail: the heading speaks of the e-mail, not an export
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 6, 0, 0)
        self.heading = wrapped_label("", self, bold=True, selectable=False)
        outer.addWidget(self.heading)
        self.hint = wrapped_label("", self, colour=HINT_COLOUR, selectable=False)
        outer.addWidget(self.hint)
        self.view = QTextBrowser(self)
        self.view.setOpenLinks(False)
        self.view.setFrameShape(QFrame.Shape.StyledPanel)
        self.view.setAccessibleName(self.tr("Liste de contrôle du dossier"))
        document = self.view.document()
        for present, (url, severity) in ICONS.items():
            document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(url),
                                 severity_icon(self, severity).pixmap(16, 16).toImage())
        outer.addWidget(self.view)
        for label in (self.heading, self.hint):  # never taller than their text
            label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.rows: list[str] = []  # the rows' texts, as shown (tests, accessibility)

    def set_sections(self, sections) -> None:
        from documents.dossier_checklist import attach_hint

        self.rows = []
        if not sections:
            self.heading.setText("")
            self.setVisible(False)
            return
        self.setVisible(True)
        missing = sum(len(section.missing) for section in sections)
        self.heading.setText(self._heading(missing))
        hint = attach_hint(sections)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        parts = []
        for section in sections:
            parts.append(f"<p style='margin:4px 0 2px 0'><b>{html.escape(section.title)}</b></p>")
            rows = []
            for line in section.lines:
                state = self.tr("présent") if line.present else self.tr("manque")
                text = f"{line.label} — {state} : {line.detail}"
                self.rows.append(text)
                cell = html.escape(text)
                if line.action:
                    self.rows.append(line.action)
                    cell += (f"<br/><span style='color:{HINT_COLOUR}'>"
                             f"{html.escape(line.action)}</span>")
                rows.append(f"<tr><td width='22' valign='top'><img src='{ICONS[line.present][0]}'"
                            f" width='16' height='16'/></td><td valign='top'>{cell}</td></tr>")
            parts.append("<table cellspacing='0' cellpadding='2'>" + "".join(rows) + "</table>")
        self.view.setHtml("".join(parts))
        self._fit_height()

    def _heading(self, missing: int) -> str:
        if self.email:
            return (self.tr("Avant de créer le courriel : tout ce que la CPME attend est là.")
                    if not missing else
                    self.tr("Avant de créer le courriel : 1 élément manque (vous pouvez créer "
                            "le courriel quand même).") if missing == 1 else
                    self.tr("Avant de créer le courriel : {n} éléments manquent (vous pouvez "
                            "créer le courriel quand même).").format(n=missing))
        return (self.tr("Avant d'exporter : tout ce que le destinataire attend est là.")
                if not missing else
                self.tr("Avant d'exporter : 1 élément manque (vous pouvez exporter quand "
                        "même).") if missing == 1 else
                self.tr("Avant d'exporter : {n} éléments manquent (vous pouvez exporter "
                        "quand même).").format(n=missing))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width() and self.rows:
            self._fit_height()  # the text wraps at the new width

    def _fit_height(self) -> None:
        """As tall as the list, within :data:`SCREEN_SHARE` of the screen (then it scrolls)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        limit = int(screen.availableGeometry().height() * SCREEN_SHARE) if screen else 320
        document = self.view.document().clone(self)
        shown = self.view.viewport().width() if self.isVisible() else 0
        width = (shown or max(self.width(), 600) - 2 * self.view.frameWidth()) - 8
        document.setTextWidth(width)
        wanted = int(document.size().height()) + 2 * self.view.frameWidth() + 6
        document.deleteLater()
        self.view.setFixedHeight(max(60, min(wanted, limit)))

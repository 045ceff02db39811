"""The dialog that hosts one section editor (``gui/editors``) on a copy of the case, for the
case window's « Modifier… ». Nothing is saved here: the case window saves after OK.
"""


import copy
import logging
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dispute.model import (
    Case,
)
from dispute.validation import Severity, ValidationIssue
from gui import dialogs
from gui.editors.base import SectionEditor
from gui.screens import fit_to_content
from gui.widgets import InlineMessage

logger = logging.getLogger(__name__)


class SectionDialog(QDialog):
    """Hosts one :class:`SectionEditor` on a copy of the case.

    The editor is loaded with a working copy; each edit revalidates (errors under the fields);
    OK applies the editor to a fresh copy and refuses while it has blocking errors (they are
    listed at the bottom). ``result_case`` is the edited copy; nothing is saved here.
    """

    def __init__(self, editor: SectionEditor, case: Case, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.today = today
        self.working = copy.deepcopy(case)
        self._original_ids = {x.id for x in case.exhibits}
        self.result_case: Case | None = None
        self.edited = False
        title = editor.title or self.tr("Modifier")
        self.setWindowTitle(self.tr("Modifier : {section}").format(section=title))
        heading = QLabel(f"<b>{title}</b>", self)
        heading.setTextFormat(Qt.TextFormat.RichText)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(editor)
        self.footer = InlineMessage(self, lines=0)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Enregistrer"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.footer)
        layout.addWidget(self.buttons)
        editor.load(self.working)
        editor.changed.connect(self._changed)
        editor.setFocus()
        self._scroll, self._heading = scroll, heading
        self._sized = False
        fit_to_content(self, 640, 300, minimum=(640, 300))

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        if not self._sized:
            self._sized = True
            self._fit_to_form()
        super().showEvent(event)

    def _fit_to_form(self) -> None:
        """As large as the loaded form (an operator's addresses appear only once loaded, and
        only a shown form knows its real size), within the screen: the whole form shows
        when there is room, else it scrolls inside a dialog that fits."""
        self.editor.ensurePolished()
        self.layout().activate()
        hint = self.editor.sizeHint().expandedTo(self.editor.minimumSizeHint())
        layout = self.layout()
        margins = layout.contentsMargins()
        chrome = (self._heading.sizeHint().height() + self.buttons.sizeHint().height()
                  + 3 * layout.spacing() + margins.top() + margins.bottom())
        scrollbar = self._scroll.verticalScrollBar().sizeHint().width()
        width = min(1100, hint.width() + margins.left() + margins.right() + scrollbar + 8)
        fit_to_content(self, width, hint.height() + chrome + 8, minimum=(640, 300))
        # a narrower screen wraps the form's texts: as tall as the form at the width it got
        inner = self.width() - margins.left() - margins.right() - scrollbar
        height = self.editor.heightForWidth(inner) if self.editor.hasHeightForWidth() else -1
        if height > hint.height():
            fit_to_content(self, self.width(), height + chrome + 8, minimum=(640, 300))

    def _candidate(self) -> Case:
        candidate = copy.deepcopy(self.working)
        self.editor.apply(candidate)
        return candidate

    def _issues(self, candidate: Case) -> list[ValidationIssue]:
        return list(self.editor.issues(candidate, self.today))

    def _show(self, issues: list[ValidationIssue], reveal: bool) -> None:
        show = getattr(self.editor, "show_issues", None)
        if show is not None:
            show(issues)
        errors = [i for i in issues if i.severity is Severity.ERROR]
        hidden = getattr(self.editor, "hidden_errors", lambda: errors if reveal else [])()
        if reveal and errors:
            listed = hidden or errors
            lines = [self.tr("Corrigez d'abord :")] + [f"• {i.message}" for i in listed]
            self.footer.set_message("\n".join(lines), "error")
        elif not errors:
            self.footer.clear()

    def _changed(self) -> None:
        self.edited = True
        try:
            self._show(self._issues(self._candidate()), reveal=False)
        except Exception:  # noqa: BLE001 - an editor mid-edit must never break the dialog
            logger.exception("Revalidation failed")

    def accept(self) -> None:
        candidate = self._candidate()
        issues = self._issues(candidate)
        if any(i.severity is Severity.ERROR for i in issues):
            self._show(issues, reveal=True)
            return
        self.result_case = candidate
        super().accept()

    def added_exhibits(self) -> list:
        """Files the editor copied into the store during this dialog (timeline)."""
        return [x for x in self.working.exhibits if x.id not in self._original_ids]

    def reject(self) -> None:
        if self.edited or self.added_exhibits():
            if not dialogs.ask(self, self.tr("Abandonner les modifications"),
                               self.tr("Abandonner les modifications de « {s} » ? Rien ne sera "
                                       "enregistré.").format(s=self.editor.title)):
                return
        super().reject()



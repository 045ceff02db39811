"""« Courriers », the case window's third tab: every letter, possible now or not and why,
the procedure's advised one in bold; « Générer » composes it with the office's letter
settings in a worker and previews it (``gui.letter_preview``), from where it is printed.
"""

from __future__ import annotations

import copy
import logging
from pathlib import Path

from PySide6.QtCore import QSize, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dispute.procedure import (
    assess,
)
from gui import desktop, dialogs
from gui.case_view import text as txt
from gui.case_view.cards import (
    severity_icon,
    wrapped_label,
)
from gui.case_view.roles import KIND_ROLE, TAB_LETTERS
from gui.plain_text import plain_tip
from gui.widgets import hint_label
from gui.workers import Task

logger = logging.getLogger(__name__)

STATE_ORDER = {"possible": 0, "premature": 1, "sent": 2, "not_applicable": 3}
"""The letters list's order of the engine's decisions (``LetterState`` values)."""

class LettersMixin:
    """Part of :class:`gui.case_view.window.CaseWindow`. Uses the window's ``case``,
    ``assessment``, ``today``, ``settings``, ``_with_pending`` and ``_start``."""

    def _build_letters(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 6, 4, 4)
        self.letters_table = QTableWidget(0, 3, page)
        self.letters_table.setHorizontalHeaderLabels(
            [self.tr("Courrier"), self.tr("Possible maintenant ?"), self.tr("Pourquoi")])
        self.letters_table.setAccessibleName(self.tr("Courriers du dossier"))
        self.letters_table.verticalHeader().setVisible(False)
        self.letters_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.letters_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.letters_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.letters_table.setWordWrap(True)
        self.letters_table.setIconSize(QSize(16, 16))
        header = self.letters_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.letters_table.setColumnWidth(0, 360)
        self.letters_table.setColumnWidth(1, 170)
        self.letters_table.setStyleSheet("QTableWidget::item { padding: 4px; }")
        # Row heights follow the width of the « Pourquoi » column (wrapped text); a hidden tab
        # has no real width yet, so recompute once the layout has settled.
        header.sectionResized.connect(self._resize_letter_rows)
        caption = QLabel(self.tr("&Liste des courriers : choisissez-en un puis « Générer et "
                                 "prévisualiser » (ou double-cliquez)"), page)
        caption.setBuddy(self.letters_table)
        self.generate_button = QPushButton(self.tr("&Générer et prévisualiser…"), page)
        self.generate_button.setAccessibleName(self.tr("Générer et prévisualiser le courrier "
                                                       "choisi"))
        self.generate_button.setDefault(True)
        self.output_button = QPushButton(self.tr("Ouvrir le dossier de s&ortie"), page)
        self.output_button.setAccessibleName(self.tr("Ouvrir le dossier des courriers "
                                                     "enregistrés"))
        self.letter_status = wrapped_label("", page)
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.output_button)
        buttons.addStretch(1)
        layout.addWidget(caption)
        layout.addWidget(self.letters_table, 1)
        layout.addWidget(hint_label(self.tr(
            "Un courrier prématuré peut être préparé à l'avance : l'aperçu rappelle pourquoi il "
            "ne correspond pas encore à l'état du dossier. Les courriers utilisent les réglages "
            "des courriers (lieu, structure, fenêtre d'enveloppe)."),
            page))
        layout.addWidget(self.letter_status)
        layout.addLayout(buttons)
        layout.addWidget(self._build_case_acts(page))
        self.generate_button.clicked.connect(self.generate_selected)
        self.output_button.clicked.connect(self.open_output_folder)
        self.letters_table.cellDoubleClicked.connect(lambda _r, _c: self.generate_selected())
        QWidget.setTabOrder(self.letters_table, self.generate_button)
        QWidget.setTabOrder(self.generate_button, self.output_button)
        return page

    def _resize_letter_rows(self, *_args) -> None:
        QTimer.singleShot(0, self.letters_table.resizeRowsToContents)

    def _fill_letters(self) -> None:
        from documents.letters import available_letters

        current = self.selected_letter_kind()
        rows = available_letters(self._with_pending(copy.deepcopy(self.case)), self.assessment)
        # what can be written now first, then what will be, what was sent, what does not apply
        rows.sort(key=lambda a: STATE_ORDER.get(str(getattr(
            self.assessment.letter(a.kind.value), "state", "")), len(STATE_ORDER)))
        recommended = self.recommended_letter()
        self.letters_table.setRowCount(len(rows))
        for row, availability in enumerate(rows):
            kind = availability.kind
            decision = self.assessment.letter(kind.value)
            state_text, severity = txt.letter_state(decision)
            reason = txt.human(decision.reason if decision is not None
                               else availability.reason)
            name = QTableWidgetItem(decision.label if decision is not None and decision.label
                                    else availability.label)
            name.setData(KIND_ROLE, kind.value)
            state = QTableWidgetItem(state_text)
            state.setIcon(severity_icon(self, severity))
            if kind.value == recommended:
                reason = self.tr("Prochaine étape conseillée. {r}").format(r=reason)
                font = name.font()
                font.setBold(True)
                name.setFont(font)
                name.setToolTip(self.tr("Prochaine étape conseillée"))
            why = QTableWidgetItem(reason)
            why.setToolTip(plain_tip(reason))
            for column, item in enumerate((name, state, why)):
                self.letters_table.setItem(row, column, item)
            # a private case shows nothing of the CPME but its « non applicable » route line
            self.letters_table.setRowHidden(
                row, kind.value == "demande_cpme" and not self.case.is_business)
        self.letters_table.resizeRowsToContents()
        self._fill_case_acts()
        if current is not None:
            self.select_letter(current)
        elif recommended is not None:
            self.select_letter(recommended)
        elif rows:
            first = next((i for i, a in enumerate(rows) if a.available), 0)
            self.letters_table.selectRow(first)

    def recommended_letter(self) -> str | None:
        """The letter of the procedure's next step (a ``LetterKind`` value): the engine names
        each step's letters (``NextStep.letter_kinds``), a step possible today before one
        possible later, in the engine's order. None when no next step is a letter the
        composer writes."""
        from documents.letters import SPECS

        written = {k.value for k in SPECS}
        steps = sorted(self.assessment.next_steps, key=lambda s: s.earliest > self.today)
        return next((k for step in steps for k in step.letter_kinds if k in written), None)

    def selected_letter_kind(self):
        from documents.letters import LetterKind

        rows = self.letters_table.selectionModel().selectedRows() \
            if self.letters_table.selectionModel() else []
        if not rows:
            return None
        item = self.letters_table.item(rows[0].row(), 0)
        return LetterKind(item.data(KIND_ROLE)) if item else None

    def select_letter(self, kind) -> None:
        value = getattr(kind, "value", kind)
        for row in range(self.letters_table.rowCount()):
            if self.letters_table.item(row, 0).data(KIND_ROLE) == value:
                self.letters_table.selectRow(row)
                return

    def generate_selected(self) -> Task | None:
        kind = self.selected_letter_kind()
        if kind is None:
            self.tabs.setCurrentIndex(TAB_LETTERS)
            self.statusBar().showMessage(self.tr("Choisissez d'abord un courrier."), 4000)
            return None
        return self.generate_letter(kind)

    def generate_letter(self, kind) -> Task | None:
        """Compose ``kind``, render it (worker) and preview it (``previewReady``)."""
        from documents.letters import LETTER_LABELS, LetterKind
        from gui.letter_preview import generate_letter

        if self.letter_task is not None and self.letter_task.is_running():
            return self.letter_task
        kind = LetterKind(kind)
        case = self._with_pending(copy.deepcopy(self.case))
        assessment = assess(case, self.today)
        settings, today = self.settings, self.today

        def job(progress, cancelled):
            return generate_letter(kind, case, assessment, settings, today, progress, cancelled)

        task = Task(job, name=f"letter {kind.value}")
        task.finished.connect(self._letter_ready)
        task.failed.connect(self._letter_failed)
        task.cancelled.connect(lambda: self._letter_done(""))
        self.letter_task = task
        self.generate_button.setEnabled(False)
        self.generate_action.setEnabled(False)
        self.letter_status.setText(self.tr("Préparation de « {l} »…").format(
            l=LETTER_LABELS[kind]))
        self.statusBar().showMessage(self.letter_status.text())
        self._start(task)
        return task

    def _letter_done(self, message: str) -> None:
        self.generate_button.setEnabled(True)
        self.generate_action.setEnabled(True)
        self.letter_status.setText(message)
        self.statusBar().clearMessage()

    def _letter_failed(self, message: str) -> None:
        self._letter_done("")
        dialogs.critical(self, self.tr("Courrier non généré"), message)

    def _letter_ready(self, generated) -> None:
        from gui.letter_preview import LetterPreview

        self._letter_done(self.tr("« {l} » prêt : aperçu ouvert.").format(l=generated.label))
        if self.preview is not None:
            self.preview.close()
            self.preview.deleteLater()
        preview = LetterPreview(generated, self, case_title=self.case.subscriber.name)
        preview.postingRequested.connect(self._posting_from_preview)
        preview.saved.connect(lambda path: self.statusBar().showMessage(
            self.tr("Enregistré : {p}").format(p=path), 6000))
        # the letter generated last: « Enregistrer l'envoi recommandé… » proposes it, with
        # its PDF (saved from the preview, else as generated) as the copy (fresh-eyes 28)
        self.last_letter = generated
        self.last_letter_pdf = None
        preview.saved.connect(self._letter_saved)
        self.preview = preview
        preview.show()
        self.previewReady.emit(preview)

    def _letter_saved(self, path: str) -> None:
        if path.lower().endswith(".pdf"):
            self.last_letter_pdf = Path(path)

    def _posting_from_preview(self, kind: str, pdf_path: str) -> None:
        preview = self.preview if self.preview is not None and self.preview.isVisible() \
            else None
        self.record_posting(kind, pdf_path or None, parent=preview)

    def print_preview(self) -> bool:
        """Ctrl+P: print the letter currently previewed."""
        if self.preview is None or not self.preview.isVisible():
            self.statusBar().showMessage(self.tr(
                "Aucun courrier prévisualisé : générez d'abord un courrier (onglet Courriers)."),
                5000)
            return False
        return self.preview.print_letter()

    def open_output_folder(self) -> None:
        from gui.letter_preview import last_output_dir

        folder = last_output_dir()
        if not desktop.open_folder(folder):
            dialogs.critical(self, self.tr("Ouverture impossible"), self.tr(
                "Le dossier « {f} » n'a pas pu être ouvert.").format(f=folder))

"""« Fiche du dossier », the case window's fourth tab: the internal follow-up (status, notes:
Ctrl+S) and every section of the case with its « Modifier… », which opens that section's
editor (``gui/editors``) in a dialog and saves on OK.
"""

from __future__ import annotations

import copy
import inspect
import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QWidget,
)

from dispute.calendar import format_date_fr
from dispute.labels import label
from dispute.model import Case, CaseStatus
from gui.case_view import text as txt
from gui.case_view.cards import (
    wrapped_label,
)
from gui.case_view.modal import run_keep
from gui.case_view.section_dialog import SectionDialog

logger = logging.getLogger(__name__)

# Sections of the case and the editor that edits each one (gui/editors).
SECTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("subscriber", "Souscripteur du contrat", "gui.editors.subscriber", "SubscriberEditor"),
    ("structure", "Structure qui suit le dossier", "gui.editors.subscriber",
     "HandlingStructureEditor"),
    ("operator", "Opérateur", "gui.editors.operator", "OperatorEditor"),
    ("lines", "Ligne(s) concernée(s)", "gui.editors.contract", "LinesEditor"),
    ("contract", "Contrat", "gui.editors.contract", "ContractEditor"),
    ("dispute", "Nature du litige et résumé", "gui.editors.dispute_editor", "DisputeEditor"),
    ("timeline", "Chronologie et pièces", "gui.editors.timeline", "TimelineEditor"),
    ("invoices", "Lignes de facture contestées", "gui.editors.invoices", "InvoiceLinesEditor"),
    ("credits", "Avoirs, remboursements et gestes reçus", "gui.editors.credits",
     "CreditsEditor"),
)

def _exhibit_names(case: Case) -> list[tuple[str, int, str, str]]:
    return [(x.id, x.number, x.title, x.original_name) for x in case.exhibits]


class SectionsMixin:
    """Part of :class:`gui.case_view.window.CaseWindow`. Uses the window's ``case``, ``store``,
    ``today``, ``_dirty``, ``_commit`` and ``verify_exhibits``."""

    def _build_sections(self) -> QWidget:
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget()
        grid = QGridLayout(holder)
        grid.setContentsMargins(4, 6, 4, 4)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(10)
        self.section_labels: dict[str, QLabel] = {}
        self.section_buttons: dict[str, QPushButton] = {}
        # First the internal follow-up (status, notes: the most frequent edit), then every
        # section of the case with its « Modifier… ».
        status_box = QGroupBox(self.tr("Suivi interne (jamais imprimé)"), holder)
        form = QGridLayout(status_box)
        self.status_combo = QComboBox(status_box)
        for status in CaseStatus:
            self.status_combo.addItem(label(status), status.value)
        status_label = QLabel(self.tr("S&tatut du dossier"), status_box)
        status_label.setBuddy(self.status_combo)
        self.status_combo.setAccessibleName(self.tr("Statut du dossier"))
        self.notes_edit = QPlainTextEdit(status_box)
        self.notes_edit.setAccessibleName(self.tr("Notes internes"))
        self.notes_edit.setPlaceholderText(self.tr("Notes pour l'équipe : appels à passer, "
                                                   "pièces à demander… (jamais imprimées)"))
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(64)
        notes_label = QLabel(self.tr("&Notes internes"), status_box)
        notes_label.setBuddy(self.notes_edit)
        self.save_button = QPushButton(self.tr("Enre&gistrer (Ctrl+S)"), status_box)
        self.save_button.setAccessibleName(self.tr("Enregistrer le statut et les notes"))
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(False)
        form.addWidget(status_label, 0, 0)
        form.addWidget(self.status_combo, 0, 1)
        form.addWidget(notes_label, 0, 2, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        form.addWidget(self.notes_edit, 0, 3, 2, 1)
        form.addWidget(self.save_button, 1, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)
        from gui.outcome_dialog import OutcomeControls  # issue 14: close, reopen, .ics

        self.outcome_controls = OutcomeControls(self, status_box)
        form.addWidget(self.outcome_controls, 2, 0, 1, 4)
        form.setColumnStretch(3, 1)
        grid.addWidget(status_box, 0, 0, 1, 2)
        QWidget.setTabOrder(self.status_combo, self.notes_edit)
        QWidget.setTabOrder(self.notes_edit, self.save_button)
        previous: QWidget = self.save_button
        for index, (key, title, _module, _cls) in enumerate(SECTIONS):
            box = QGroupBox(self.tr(title), holder)
            inner = QHBoxLayout(box)
            text = wrapped_label("", box)
            button = QPushButton(self.tr("Modifier…"), box)
            button.setAccessibleName(self.tr("Modifier : {s}").format(s=self.tr(title)))
            button.clicked.connect(lambda _c=False, k=key: self.edit_section(k))
            inner.addWidget(text, 1)
            inner.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(box, 1 + index // 2, index % 2)
            self.section_labels[key] = text
            self.section_buttons[key] = button
            QWidget.setTabOrder(previous, button)
            previous = button
        grid.setRowStretch(2 + (len(SECTIONS) + 1) // 2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.status_combo.currentIndexChanged.connect(self._pending_changed)
        self.notes_edit.textChanged.connect(self._pending_changed)
        scroll.setWidget(holder)
        return scroll

    def _fill_sections(self) -> None:
        from gui.amount_text import disputed_text

        case = self.case
        hs = case.handling_structure
        texts = {
            "subscriber": f"{txt.subscriber_text(case)}\n{txt.address_text(case)}"
                          + (f"\n{case.subscriber.email}" if case.subscriber.email else "")
                          + (f"\n{case.subscriber.phone}" if case.subscriber.phone else ""),
            "structure": (f"{hs.name}" + (f"\n{self.tr('Suivi par')} {hs.contact_name}"
                                           if hs.contact_name else "")
                          if hs is not None and hs.name else
                          self.tr("Aucune (le souscripteur écrit lui-même).")),
            "operator": txt.operator_text(case) + "\n" + self.tr("Service clients : {a}").format(
                a=", ".join(case.operator.service_clients_address.lines())
                or self.tr("adresse inconnue")) + "\n" + self.tr(
                "Service consommateurs : {a}").format(
                a=", ".join(case.operator.service_consommateurs_address.lines())
                or self.tr("adresse inconnue")),
            "lines": txt.lines_text(case),
            "contract": txt.contract_text(case),
            "dispute": txt.natures_text(case, self.today) + "\n" + (
                case.summary.strip()[:400] + ("…" if len(case.summary.strip()) > 400 else "")
                if case.summary.strip() else self.tr("(résumé chronologique à rédiger)")),
            "timeline": self.tr("{e} événement(s), {x} pièce(s)").format(
                e=len(case.events), x=len(case.exhibits)),
            "credits": self._credits_text(case),
            "invoices": (self.tr("{n} ligne(s) contestée(s) : {t}").format(
                n=len(case.invoice_lines), t=disputed_text(case))
                if case.invoice_lines else self.tr("Aucune ligne de facture contestée.")),
        }
        for key, text in texts.items():
            self.section_labels[key].setText(text)
        self.outcome_controls.refresh()
        if not self._dirty:
            self._loading = True
            try:
                self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(
                    case.status.value)))
                if self.notes_edit.toPlainText() != case.notes:
                    self.notes_edit.setPlainText(case.notes)
            finally:
                self._loading = False

    def _credits_text(self, case) -> str:
        from documents.money import single_amount_text

        if not case.credits:
            return self.tr("Aucun avoir, remboursement ni geste reçu.")
        lines = []
        for credit in case.credits:
            amount = single_amount_text(case, credit.amount, credit.tax_basis,
                                        credit.vat_rate)
            when = self.tr(" le {d}").format(d=format_date_fr(credit.date)) if credit.date \
                else ""
            deducted = self.tr(" (déduit)") if credit.deducted else ""
            lines.append(f"{label(credit.kind)} : {amount}{when}{deducted}")
        return "\n".join(lines)

    def make_editor(self, key: str):
        import importlib

        entry = next(s for s in SECTIONS if s[0] == key)
        cls = getattr(importlib.import_module(entry[2]), entry[3])
        params = inspect.signature(cls).parameters
        kwargs = {}
        if "store" in params:
            kwargs["store"] = self.store
        if "today" in params:
            kwargs["today"] = self.today
        if "keep_saved_addresses" in params:
            kwargs["keep_saved_addresses"] = True  # never alter a saved address on opening
        editor = cls(**kwargs)
        if not editor.title:
            editor.title = self.tr(entry[1])
        return editor

    def edit_section(self, key: str) -> bool:
        """« Modifier… »: the section's editor in a dialog; OK saves and refreshes."""
        if not self.editable():
            return False
        editor = self.make_editor(key)
        dialog = SectionDialog(editor, self._with_pending(copy.deepcopy(self.case)),
                                   self.today, self)
        try:
            if not run_keep(dialog):
                return False
            result, added = dialog.result_case, dialog.added_exhibits()
        finally:
            dialog.deleteLater()
        named_before = _exhibit_names(self.case)
        if not self._commit(result, self.tr("« {s} » enregistré.").format(s=editor.title)):
            return False
        if added or (self.problems and _exhibit_names(self.case) != named_before):
            # New files to check, or a problem message naming an exhibit by its old number
            # or title: check again (in the background) rather than show stale text.
            self.verify_exhibits()
        return True

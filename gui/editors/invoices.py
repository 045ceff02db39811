"""The disputed invoice lines (seeds/002): one small card per line, and the total disputed."""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal
from functools import lru_cache

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dispute.amounts import default_tax_basis, private_ht_issues
from dispute.model import Case, InvoiceLine, InvoiceReason, TaxBasis
from dispute.validation import ValidationIssue, validate_case
from gui.amount_text import total_text
from gui.editors.common import (
    CardListEditor,
    FieldCard,
    enum_label,
    path_under,
    widget_error,
)
from gui.widgets import (
    AmountField,
    DateField,
    InlineMessage,
    TaxBasisField,
    TextField,
    hint_label,
)

logger = logging.getLogger(__name__)


def _amount_missing(path: str, what: str) -> ValidationIssue:
    return ValidationIssue(path, f"{what} manque.", code="amount.missing")


@lru_cache(maxsize=1)
def card_message_samples() -> tuple[tuple[ValidationIssue, ...], ...]:
    """What a card's message says at once in ordinary use, so that it keeps room for all of
    it (lead-drive 11: a third line was cut): a line left blank (number and date missing,
    nothing disputed), and a line added and left empty (number, date and both amounts
    missing)."""
    blank = tuple(i for i in validate_case(Case(invoice_lines=[InvoiceLine()]), date.today())
                  if path_under(i.path, "invoice_lines[0]"))
    empty = (*(i for i in blank if i.code != "invoice.disputed_zero"),
             _amount_missing("invoice_lines[0].amount_billed", "Le montant facturé"),
             _amount_missing("invoice_lines[0].amount_disputed", "Le montant contesté"))
    return blank, empty


class _InvoiceCard(FieldCard):
    """One disputed invoice line: two rows of labelled fields and its messages."""

    def __init__(self, editor: InvoiceLinesEditor, line: InvoiceLine) -> None:
        super().__init__(editor)
        self.line_id = line.id
        self.note = line.note
        self.invoice_number = TextField(self)
        self.invoice_date = DateField(self)
        self.label = TextField(self, placeholder=editor.tr("Libellé tel qu'il figure sur la "
                                                           "facture"))
        self.billed = AmountField(self)
        self.disputed = AmountField(self)
        self.reason = QComboBox(self)
        for reason in InvoiceReason:
            self.reason.addItem(enum_label(reason), reason.value)
        self.due_date = DateField(self)
        self.paid_on = DateField(self)
        self.tax = TaxBasisField(self, accessible_name=editor.tr("Montants HT ou TTC"))
        self.tax.set_values(line.tax_basis, line.vat_rate)
        put = self.put
        put(editor.tr("N° de &facture"), self.invoice_number, 0, 0)
        put(editor.tr("&Date de la facture"), self.invoice_date, 0, 1)
        put(editor.tr("&Libellé de la ligne"), self.label, 0, 2, 3)
        put(editor.tr("Montant fa&cturé (€)"), self.billed, 2, 0)
        put(editor.tr("Montant c&ontesté (€)"), self.disputed, 2, 1)
        put(editor.tr("&Motif"), self.reason, 2, 2)
        put(editor.tr("Échéa&nce"), self.due_date, 2, 3)
        put(editor.tr("Pa&yée le"), self.paid_on, 2, 4)
        put(editor.tr("Montants &HT ou TTC"), self.tax, 4, 0, 2)
        # a private subscriber's amounts are TTC: no HT choice shown, unless the line was
        # recorded HT (typed for a business): its basis stays in sight, never relabelled
        for widget in (self.labels[-1], self.tax):
            widget.setVisible(editor.business or line.tax_basis is TaxBasis.HT)
        self.finish(2)
        self.message.reserve_for_issues(*card_message_samples())

        self.invoice_number.setText(line.invoice_number)
        self.invoice_date.set_date_value(line.invoice_date)
        self.label.setText(line.label)
        self.billed.set_amount(line.amount_billed)
        self.disputed.set_amount(line.amount_disputed)
        self.reason.setCurrentIndex(max(0, self.reason.findData(line.reason.value)))
        self.due_date.set_date_value(line.due_date)
        self.paid_on.set_date_value(line.paid_on)

    def set_index(self, editor: InvoiceLinesEditor, index: int) -> None:
        n = index + 1
        self.heading.setText(editor.tr("Ligne contestée n° {n}").format(n=n))
        for widget, what in ((self.invoice_number, "numéro de facture"),
                             (self.invoice_date, "date de la facture"),
                             (self.label, "libellé"), (self.billed, "montant facturé"),
                             (self.disputed, "montant contesté"), (self.reason, "motif"),
                             (self.due_date, "échéance"), (self.paid_on, "date de paiement")):
            widget.setAccessibleName(editor.tr("Ligne contestée {n} : {what}").format(
                n=n, what=editor.tr(what)))
        self.remove.setAccessibleName(editor.tr("Retirer la ligne contestée {n}").format(n=n))

    def inputs(self) -> list[QWidget]:
        return [self.invoice_number, self.invoice_date, self.label, self.billed, self.disputed,
                self.reason, self.due_date, self.paid_on, self.tax]

    def focus_field(self) -> QWidget:
        return self.disputed

    def invoice_line(self) -> InvoiceLine:
        return InvoiceLine(
            id=self.line_id,
            invoice_number=self.invoice_number.text().strip(),
            invoice_date=self.invoice_date.date_value(),
            label=self.label.text().strip(),
            amount_billed=self.billed.amount() if self.billed.amount() is not None
            else Decimal("0.00"),
            amount_disputed=self.disputed.amount() if self.disputed.amount() is not None
            else Decimal("0.00"),
            reason=InvoiceReason(self.reason.currentData()),
            due_date=self.due_date.date_value(),
            paid_on=self.paid_on.date_value(),
            note=self.note,
            tax_basis=TaxBasis(self.tax.values()[0]) if not self.tax.isHidden()
            else TaxBasis.TTC,
            vat_rate=self.tax.values()[1],
        )


class InvoiceLinesEditor(CardListEditor):
    """The disputed invoice lines, with the total disputed and inline checks."""

    prefixes = ("invoice_lines",)
    list_path = "invoice_lines"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Lignes de facture contestées")
        self.business = False  # HT or TTC asked only for a business subscriber
        self.add_button = QPushButton(self.tr("&Ajouter une ligne de facture"), self)
        self.add_button.setAccessibleName(self.tr("Ajouter une ligne de facture contestée"))
        self.total = QLabel(self)
        self.total.setStyleSheet("font-weight: bold;")
        self.total.setAccessibleName(self.tr("Total contesté"))
        self.empty_hint = hint_label(self.tr(
            "Aucune ligne contestée. Pour chaque ligne de facture en cause, indiquez la facture, "
            "le libellé, le montant facturé et la part contestée."), self)
        self.message = InlineMessage(self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.add_button)
        bottom.addStretch(1)
        bottom.addWidget(self.total)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(hint_label(self.tr(
            "Analysez la facture ligne par ligne au regard de l'offre et du contrat. Une somme "
            "payée se réclame dans l'année qui suit le paiement (article L.34-2 du code des "
            "postes et des communications électroniques)."), self))
        layout.addWidget(self.empty_hint)
        layout.addLayout(self.cards_layout)
        layout.addLayout(bottom)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.route("invoice_lines", self.message)
        self.add_button.clicked.connect(self._add_clicked)
        self._update()

    def make_card(self, line: InvoiceLine) -> _InvoiceCard:
        return _InvoiceCard(self, line)

    def _add_clicked(self) -> None:
        # a business reads its invoices HT (20 % VAT), a private subscriber TTC
        self._added(self._add_card(InvoiceLine(amount_billed=None, amount_disputed=None,
                                               tax_basis=default_tax_basis(self.business))))

    def _update(self) -> None:
        lines = [c.invoice_line() for c in self.cards]
        self.total.setText(self.tr("Total contesté : {total}").format(total=total_text(
            ((il.amount_disputed, il.tax_basis, il.vat_rate) for il in lines), self.business)))
        self.total.setVisible(bool(self.cards))
        self.empty_hint.setVisible(not self.cards)

    def widget_issues(self):
        out = []
        for index, card in enumerate(self.cards):
            path = f"invoice_lines[{index}]"
            for attr in ("invoice_date", "due_date", "paid_on"):
                error = getattr(card, attr).error()
                if error:
                    out.append(widget_error(f"{path}.{attr}", error))
            for attr, what in (("billed", "Le montant facturé"),
                               ("disputed", "Le montant contesté")):
                field: AmountField = getattr(card, attr)
                if field.error():
                    out.append(widget_error(f"{path}.amount_{attr}", field.error()))
                elif not field.text().strip():
                    out.append(_amount_missing(f"{path}.amount_{attr}", self.tr(what)))
        return out

    def issues(self, case: Case, today: date) -> list[ValidationIssue]:
        # an empty « Montant contesté » is said missing: not also « nul » (one line, not two)
        empty = {f"invoice_lines[{i}].amount_disputed" for i, card in enumerate(self.cards)
                 if not card.disputed.text().strip() and not card.disputed.error()}
        return [i for i in super().issues(case, today)
                if not (i.code == "invoice.disputed_zero" and i.path in empty)]

    def load(self, case: Case) -> None:
        self.begin_load()
        try:
            self._load_cards(case.is_business, case.invoice_lines)
        finally:
            self.end_load()
        self.show_issues(private_ht_issues(case))  # a line typed HT: said at once

    def apply(self, case: Case) -> None:
        case.invoice_lines = [card.invoice_line() for card in self.cards]

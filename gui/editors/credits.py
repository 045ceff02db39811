"""What the operator already gave: credits (avoirs), refunds and commercial gestures, each
with its amount, date, the invoice or the answer it came with, and whether it is deducted
from the amount claimed (else only mentioned)."""

from __future__ import annotations

import copy
import logging
from decimal import Decimal

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dispute.amounts import default_tax_basis, private_ht_issues
from dispute.model import Case, Credit, CreditKind, EventKind, TaxBasis
from dispute.procedure import event_title
from gui.amount_text import total_text
from gui.editors.common import CardListEditor, FieldCard, enum_label, widget_error
from gui.widgets import (
    AmountField,
    DateField,
    TaxBasisField,
    TextField,
    hint_label,
)

logger = logging.getLogger(__name__)


class _CreditCard(FieldCard):
    """One credit, refund or gesture: two rows of labelled fields and its message."""

    def __init__(self, editor: CreditsEditor, credit: Credit, answers) -> None:
        super().__init__(editor)
        self.credit = copy.deepcopy(credit)
        self.kind = QComboBox(self)
        for kind in CreditKind:
            self.kind.addItem(enum_label(kind), kind.value)
        self.amount = AmountField(self)
        self.tax = TaxBasisField(self, accessible_name=editor.tr("Montant HT ou TTC"))
        self.date = DateField(self)
        self.invoice_number = TextField(self, placeholder=editor.tr("ex. F2604-0031"))
        self.answer = QComboBox(self)
        self.answer.addItem(editor.tr("— aucune —"), "")
        for event in answers:
            self.answer.addItem(event_title(event), event.id)
        self.deducted = QCheckBox(editor.tr("&Déduit du montant réclamé"), self)
        self.note = TextField(self, placeholder=editor.tr("Précision (facultatif)"))
        put = self.put
        put(editor.tr("&Nature"), self.kind, 0, 0)
        put(editor.tr("&Montant (€)"), self.amount, 0, 1)
        put(editor.tr("&Reçu le"), self.date, 0, 2)
        put(editor.tr("&HT ou TTC"), self.tax, 0, 3)
        put(editor.tr("Sur la &facture n°"), self.invoice_number, 2, 0)
        put(editor.tr("Ann&oncé par la réponse"), self.answer, 2, 1, 2)
        put(editor.tr("Pré&cision"), self.note, 2, 3)
        self.grid.addWidget(self.deducted, 4, 0, 1, 4)
        # a private subscriber: TTC, no HT choice, unless the sum was recorded HT (typed for
        # a business): its basis stays in sight, never relabelled
        for widget in (self.labels[3], self.tax):
            widget.setVisible(editor.business or credit.tax_basis is TaxBasis.HT)
        self.finish(3)

        self.kind.setCurrentIndex(max(0, self.kind.findData(credit.kind.value)))
        self.amount.set_amount(credit.amount)
        self.tax.set_values(credit.tax_basis, credit.vat_rate)
        self.date.set_date_value(credit.date)
        self.invoice_number.setText(credit.invoice_number)
        index = self.answer.findData(credit.event_id)
        if credit.event_id and index < 0:  # an event no longer in the case: kept, said so
            self.answer.addItem(editor.tr("(événement supprimé)"), credit.event_id)
            index = self.answer.count() - 1
        self.answer.setCurrentIndex(max(0, index))
        self.deducted.setChecked(credit.deducted)
        self.note.setText(credit.note)
        for field in (self.note, self.invoice_number):
            field.setCursorPosition(0)  # a long note reads from its start, not its end

    def set_index(self, editor: CreditsEditor, index: int) -> None:
        n = index + 1
        self.heading.setText(editor.tr("Somme reçue n° {n}").format(n=n))
        for widget, what in ((self.kind, "nature"), (self.amount, "montant"),
                             (self.date, "date"), (self.invoice_number, "facture"),
                             (self.answer, "réponse qui l'annonce"), (self.note, "précision"),
                             (self.deducted, "déduit du montant réclamé")):
            widget.setAccessibleName(editor.tr("Somme reçue {n} : {what}").format(
                n=n, what=editor.tr(what)))
        self.remove.setAccessibleName(editor.tr("Retirer la somme reçue {n}").format(n=n))

    def inputs(self) -> list[QWidget]:
        return [self.kind, self.amount, self.date, self.tax, self.invoice_number, self.answer,
                self.note, self.deducted]

    def focus_field(self) -> QWidget:
        return self.amount

    def value(self) -> Credit:
        credit = copy.deepcopy(self.credit)
        credit.kind = CreditKind(self.kind.currentData())
        amount = self.amount.amount()
        credit.amount = amount if amount is not None else Decimal("0.00")
        if self.tax.isHidden():
            credit.tax_basis = TaxBasis.TTC
        else:
            basis, credit.vat_rate = self.tax.values()
            credit.tax_basis = TaxBasis(basis)
        credit.date = self.date.date_value()
        credit.invoice_number = self.invoice_number.text().strip()
        credit.event_id = self.answer.currentData() or ""
        credit.deducted = self.deducted.isChecked()
        credit.note = self.note.text().strip()
        return credit


class CreditsEditor(CardListEditor):
    """Credits, refunds and commercial gestures already received from the operator."""

    prefixes = ("credits",)
    list_path = "credits"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Avoirs, remboursements et gestes reçus")
        self.business = False
        self._answers: list = []
        self.add_button = QPushButton(self.tr("&Ajouter une somme reçue"), self)
        self.add_button.setAccessibleName(self.tr("Ajouter un avoir, un remboursement ou un "
                                                  "geste commercial"))
        self.total = QLabel(self)
        self.total.setAccessibleName(self.tr("Total déduit"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(hint_label(self.tr(
            "Ce que l'opérateur a déjà accordé : les courriers en tiennent compte (déduit du "
            "montant réclamé, ou seulement mentionné si la case n'est pas cochée)."), self))
        layout.addLayout(self.cards_layout)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        buttons.addWidget(self.total)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.add_button.clicked.connect(self._add_clicked)

    def make_card(self, credit: Credit) -> _CreditCard:
        return _CreditCard(self, credit, self._answers)

    def _add_clicked(self) -> None:
        card = self._add_card(Credit(amount=Decimal("0.00"),
                                     tax_basis=default_tax_basis(self.business)))
        card.amount.set_amount(None)
        self._added(card)

    def _update(self) -> None:
        self.total.setText(self.tr("Déduit du montant réclamé : {t}").format(
            t=total_text(((c.value().amount, c.value().tax_basis, c.value().vat_rate)
                          for c in self.cards if c.deducted.isChecked()), self.business))
            if self.cards else "")

    def widget_issues(self):
        out = []
        for index, card in enumerate(self.cards):
            if card.amount.error():
                out.append(widget_error(f"credits[{index}].amount", card.amount.error()))
            elif card.amount.amount() is None:
                out.append(widget_error(f"credits[{index}].amount",
                                        self.tr("Montant manquant.")))
            if card.date.error():
                out.append(widget_error(f"credits[{index}].date", card.date.error()))
        return out

    def load(self, case: Case) -> None:
        self.begin_load()
        try:
            self._answers = [e for e in case.events_in_order()
                             if e.kind in (EventKind.ANSWER, EventKind.MEDIATOR_OPINION)]
            self._load_cards(case.is_business, case.credits)
        finally:
            self.end_load()
        self.show_issues(private_ht_issues(case))  # a line typed HT: said at once

    def apply(self, case: Case) -> None:
        case.credits = [card.value() for card in self.cards]

"""The line(s) concerned and the contract."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dispute.amounts import private_ht_issues
from dispute.model import Case, Line, LineKind, TaxBasis
from gui.editors.common import (
    FormEditor,
    add_row,
    enum_label,
    make_form,
    tab_order,
    widget_error,
)
from gui.widgets import (
    AmountField,
    DateField,
    InlineMessage,
    PhoneField,
    TaxBasisField,
    TextField,
)

logger = logging.getLogger(__name__)


class _LineRow:
    def __init__(self, editor: LinesEditor, index: int) -> None:
        self.number = PhoneField(editor)
        self.number.setMaximumWidth(16777215)
        self.kind = QComboBox(editor)
        for kind in LineKind:
            self.kind.addItem(enum_label(kind), kind.value)
        self.label = TextField(editor, placeholder=editor.label_example())
        self.remove = QPushButton(editor.tr("Retirer"), editor)
        self.message = InlineMessage(editor)
        self.set_index(editor, index)

    def set_index(self, editor: LinesEditor, index: int) -> None:
        n = index + 1
        self.number.setAccessibleName(editor.tr("Ligne {n} : numéro").format(n=n))
        self.kind.setAccessibleName(editor.tr("Ligne {n} : type").format(n=n))
        self.label.setAccessibleName(editor.tr("Ligne {n} : précision").format(n=n))
        self.remove.setAccessibleName(editor.tr("Retirer la ligne {n}").format(n=n))

    def widgets(self) -> list[QWidget]:
        return [self.number, self.kind, self.label, self.remove, self.message]

    def line(self) -> Line:
        return Line(number=self.number.text().strip(),
                    kind=LineKind(self.kind.currentData()), label=self.label.text().strip())


class LinesEditor(FormEditor):
    """One or more lines: number, kind and an optional precision."""

    prefixes = ("lines",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Ligne(s) concernée(s)")
        self._business = False
        self.rows: list[_LineRow] = []
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(2)
        self.grid.setColumnStretch(0, 2)
        self.grid.setColumnStretch(2, 3)
        headers = (self.tr("&Numéro de la ligne"), self.tr("T&ype"),
                   self.tr("Pré&cision (facultatif)"))
        self.headers = [QLabel(text, self) for text in headers]
        for column, header in enumerate(self.headers):
            self.grid.addWidget(header, 0, column)
        self.add_button = QPushButton(self.tr("&Ajouter une ligne"), self)
        self.add_button.setAccessibleName(self.tr("Ajouter une ligne"))
        self.message = InlineMessage(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.grid)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.route("lines", self.message)
        self.add_button.clicked.connect(self._add_clicked)
        self._set_lines([Line()])

    def label_example(self) -> str:
        """The « Précision » placeholder: an example of the subscriber's kind (a private
        person has no « mobile du gérant »)."""
        if self._business:
            return self.tr("Livebox bureau, mobile du gérant…")
        return self.tr("Box du salon, mobile de ma fille…")

    def _add_clicked(self) -> None:
        row = self._add_row(Line())
        row.number.setFocus()
        self._emit("lines")

    def _add_row(self, line: Line) -> _LineRow:
        row = _LineRow(self, len(self.rows))
        row.number.setText(line.number)
        row.kind.setCurrentIndex(max(0, row.kind.findData(line.kind.value)))
        row.label.setText(line.label)
        row.number.normalise()  # shown as « 02 31 27 90 60 » (not a user edit: no signal kept)
        row.number.edited.connect(lambda r=row: self._emit(self._path(r)))
        row.kind.currentIndexChanged.connect(lambda _i, r=row: self._emit(self._path(r)))
        row.label.edited.connect(lambda r=row: self._emit(self._path(r)))
        row.remove.clicked.connect(lambda _c=False, r=row: self._remove(r))
        self.rows.append(row)
        self._layout_rows()
        return row

    def _path(self, row: _LineRow) -> str:
        return f"lines[{self.rows.index(row)}]" if row in self.rows else "lines"

    def _remove(self, row: _LineRow) -> None:
        self.rows.remove(row)
        for widget in row.widgets():
            self.grid.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        if not self.rows:
            self._add_row(Line())
        self._layout_rows()
        self.rows[0].number.setFocus()
        self._emit("lines")

    def _layout_rows(self) -> None:
        for path in [p for p in list(self._routes) if p.startswith("lines[")]:
            self._routes.pop(path)
        for index, row in enumerate(self.rows):
            r = 1 + 2 * index
            self.grid.addWidget(row.number, r, 0)
            self.grid.addWidget(row.kind, r, 1)
            self.grid.addWidget(row.label, r, 2)
            self.grid.addWidget(row.remove, r, 3)
            self.grid.addWidget(row.message, r + 1, 0, 1, 4)
            row.set_index(self, index)
            row.remove.setEnabled(len(self.rows) > 1)
            self._routes[f"lines[{index}]"] = (row.message, row.number)
        if self.rows:
            for header, widget in zip(self.headers, (self.rows[0].number, self.rows[0].kind,
                                                     self.rows[0].label), strict=True):
                header.setBuddy(widget)
        previous = None
        for row in self.rows:
            for widget in (row.number, row.kind, row.label, row.remove):
                if previous is not None:
                    QWidget.setTabOrder(previous, widget)
                previous = widget
        if previous is not None:
            QWidget.setTabOrder(previous, self.add_button)

    def _set_lines(self, lines: list[Line]) -> None:
        for row in list(self.rows):
            for widget in row.widgets():
                self.grid.removeWidget(widget)
                widget.hide()
                widget.deleteLater()
        self.rows.clear()
        for line in lines or [Line()]:
            self._add_row(line)

    def load(self, case: Case) -> None:
        self.begin_load()
        try:
            self._business = case.is_business
            self._set_lines(list(case.lines))
        finally:
            self.end_load()

    def apply(self, case: Case) -> None:
        lines = [row.line() for row in self.rows]
        # blank rows alone are an empty form, not lines; otherwise every row is kept so that
        # the issue paths (lines[i]) match the rows on screen
        case.lines = lines if any(line.number or line.label for line in lines) else []


class ContractEditor(FormEditor):
    """Contract number, customer number, offer, start date, monthly price."""

    prefixes = ("contract",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Contrat")
        self.contract_number = TextField(self)
        self.contract_message = InlineMessage(self)
        self.customer_number = TextField(self)
        self.offer = TextField(self, placeholder=self.tr("Nom de l'offre ou du forfait"))
        self.start_date = DateField(self)
        self.start_message = InlineMessage(self)
        # v4: a contract concluded at a distance: the letters then cite LCEN art. 15 I
        # (review2 5.2)
        self.distance = QComboBox(self)
        self.distance.addItem(self.tr("— non précisé —"), None)
        self.distance.addItem(self.tr("Oui (en ligne, par téléphone)"), True)
        self.distance.addItem(self.tr("Non (en boutique, à domicile)"), False)
        self.distance.setToolTip(self.tr(
            "La responsabilité de plein droit du fournisseur (loi n° 2004-575, art. 15, I) ne "
            "vaut que pour un contrat conclu à distance : les courriers ne la citent que dans "
            "ce cas."))
        self.price = AmountField(self)
        self.price_message = InlineMessage(self)
        price_row = QWidget(self)
        price_layout = QHBoxLayout(price_row)
        price_layout.setContentsMargins(0, 0, 0, 0)
        price_layout.addWidget(self.price)
        self.price_unit = QLabel(self.tr("€ par mois"), price_row)
        price_layout.addWidget(self.price_unit)
        self.price_tax = TaxBasisField(price_row, accessible_name=self.tr("Prix HT ou TTC"))
        price_layout.addWidget(self.price_tax)
        price_layout.addStretch(1)
        # no focus proxy on the row (Qt follows it in the Tab chain: TVA → prix → TVA…); its
        # label leads to the price itself (below)
        form = make_form()
        add_row(form, self.tr("N° de con&trat"), self.contract_number,
                self.tr("Numéro de contrat"), self.contract_message)
        add_row(form, self.tr("N° c&lient"), self.customer_number, self.tr("Numéro client"))
        add_row(form, self.tr("O&ffre"), self.offer, self.tr("Offre souscrite"))
        add_row(form, self.tr("&Début du contrat"), self.start_date,
                self.tr("Date de début du contrat"), self.start_message)
        add_row(form, self.tr("Concl&u à distance"), self.distance,
                self.tr("Contrat conclu à distance"))
        label_ = add_row(form, self.tr("Prix &mensuel"), price_row, self.tr("Prix mensuel"),
                         self.price_message)
        label_.setBuddy(self.price)
        self.price.setAccessibleName(self.tr("Prix mensuel en euros"))
        self.start_date.setAccessibleName(self.tr("Date de début du contrat"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        tab_order(self.contract_number, self.customer_number, self.offer, self.start_date,
                  self.distance, self.price, self.price_tax.basis, self.price_tax.rate)
        self.route("contract.contract_number", self.contract_message, self.contract_number)
        self.route("contract.start_date", self.start_message, self.start_date)
        self.route("contract.monthly_price", self.price_message, self.price)
        for path, field in (("contract.contract_number", self.contract_number),
                            ("contract.customer_number", self.customer_number),
                            ("contract.offer", self.offer),
                            ("contract.start_date", self.start_date),
                            ("contract.monthly_price", self.price),
                            ("contract.price_tax", self.price_tax)):
            field.edited.connect(lambda p=path: self._emit(p))
        self.distance.currentIndexChanged.connect(lambda _i: self._emit("contract.distance"))
        self._business = False
        self._with_basis = False  # the HT/TTC choice shown (a business, or a price typed HT)

    def widget_issues(self):
        out = []
        if self.start_date.error():
            out.append(widget_error("contract.start_date", self.start_date.error()))
        if self.price.error():
            out.append(widget_error("contract.monthly_price", self.price.error()))
        return out

    def load(self, case: Case) -> None:
        self.begin_load()
        try:
            c = case.contract
            self.contract_number.setText(c.contract_number)
            self.customer_number.setText(c.customer_number)
            self.offer.setText(c.offer)
            self.start_date.set_date_value(c.start_date)
            self.price.set_amount(c.monthly_price)
            self.distance.setCurrentIndex(max(0, self.distance.findData(c.distance))
                                          if c.distance is not None else 0)
            # a private subscriber's prices are TTC: no HT choice shown, unless the price
            # was recorded HT (typed for a business): then its basis stays in sight, never
            # relabelled TTC (the warning under it gives the TTC the letters print)
            self._business = case.is_business
            self._with_basis = self._business or c.price_tax is TaxBasis.HT
            self.price_tax.set_values(c.price_tax, c.vat_rate)
            self.price_tax.setVisible(self._with_basis)
            self.price_unit.setText(self.tr("€ par mois") if self._with_basis
                                    else self.tr("€ TTC par mois"))
        finally:
            self.end_load()
        # said at once, not only after an edit: a private subscriber's price typed HT
        self.show_issues(private_ht_issues(case))

    def apply(self, case: Case) -> None:
        c = case.contract
        c.contract_number = self.contract_number.text().strip()
        c.customer_number = self.customer_number.text().strip()
        c.offer = self.offer.text().strip()
        c.start_date = self.start_date.date_value()
        c.monthly_price = self.price.amount()
        c.distance = self.distance.currentData()
        if self._with_basis:
            basis, rate = self.price_tax.values()
            c.price_tax, c.vat_rate = TaxBasis(basis), rate
        else:
            c.price_tax = TaxBasis.TTC

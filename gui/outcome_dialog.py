"""« Clore le dossier… »: the outcome of a case (dispute/outcome.py, docs/outcomes.md), and
the case view's controls that close, reopen and export the case's deadlines.

The dialog returns an ``Outcome``; the case view closes the case with it
(``dispute.outcome.close_case``) and saves. Errors (no date, a date in the future, a negative
amount) keep the dialog open; warnings (an amount obtained with a refusal, « Obtenu en
totalité » for less than claimed) are shown as the fields change, and « Clore le dossier »
with a warning standing first shows it and asks for a second click; « Obtenu en totalité »
for less than claimed also offers « Passer à « Obtenu en partie » ». The amount claimed is
proposed from the case's claim, as the letters state it
(``documents.letters.claims.claimed_amount``, over ``settlement``).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QPushButton,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from dispute.labels import label
from dispute.model import Case, Obtained, Outcome, OutcomeResult, SettlementRoute, TaxBasis
from dispute.outcome import (
    STATUS_OF_RESULT,
    OutcomeError,
    close_case,
    is_closed,
    outcome_text,
    reopen_case,
    validate_outcome,
)
from gui.widgets import AmountField, DateField, InlineMessage

FOLLOWED = ((None, "Non renseigné"), (True, "Oui"), (False, "Non"))


def _followed_combo(parent: QWidget, name: str) -> QComboBox:
    combo = QComboBox(parent)
    for value, text in FOLLOWED:
        combo.addItem(text, value)
    combo.setAccessibleName(name)
    return combo


class OutcomeDialog(QDialog):
    """Asks how a case ended. ``outcome()`` after ``exec()`` returned Accepted."""

    def __init__(self, case: Case, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Clore le dossier"))
        self.today = today
        previous = case.outcome
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Comment le dossier s'est-il terminé ? Le statut du dossier en "
                               "découle ; un dossier clos peut être rouvert (l'issue est "
                               "conservée)."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        layout.addLayout(form)

        self.result_combo = QComboBox(self)
        for result in OutcomeResult:
            status = label(STATUS_OF_RESULT[result]).lower()
            self.result_combo.addItem(f"{label(result)} (dossier {status})", result.value)
        self.result_combo.setAccessibleName(self.tr("Résultat"))
        form.addRow(self.tr("&Résultat"), self.result_combo)

        self.route_combo = QComboBox(self)
        self.route_combo.addItem(self.tr("Non renseignée"), None)
        for route in SettlementRoute:
            self.route_combo.addItem(label(route), route.value)
        self.route_combo.setAccessibleName(self.tr("Voie qui a réglé le dossier"))
        form.addRow(self.tr("&Voie qui l'a réglé"), self.route_combo)

        self.date_field = DateField(self, accessible_name=self.tr("Date de clôture"))
        form.addRow(self.tr("&Date"), self.date_field)

        obtained = QWidget(self)
        grid = QGridLayout(obtained)
        grid.setContentsMargins(0, 0, 0, 0)
        self.obtained_boxes: dict[Obtained, QCheckBox] = {}
        for index, value in enumerate(Obtained):
            box = QCheckBox(label(value), obtained)
            self.obtained_boxes[value] = box
            grid.addWidget(box, index // 2, index % 2)
        form.addRow(self.tr("Obtenu"), obtained)

        amounts = QWidget(self)
        row = QHBoxLayout(amounts)
        row.setContentsMargins(0, 0, 0, 0)
        self.claimed_field = AmountField(amounts, accessible_name=self.tr("Montant réclamé"))
        self.obtained_field = AmountField(amounts, accessible_name=self.tr("Montant obtenu"))
        self.basis_combo = QComboBox(amounts)
        for basis in TaxBasis:
            self.basis_combo.addItem(label(basis), basis.value)
        self.basis_combo.setAccessibleName(self.tr("Montants HT ou TTC"))
        row.addWidget(QLabel(self.tr("réclamé"), amounts))
        row.addWidget(self.claimed_field)
        row.addWidget(QLabel(self.tr("obtenu"), amounts))
        row.addWidget(self.obtained_field)
        row.addWidget(self.basis_combo)
        form.addRow(self.tr("&Montants (€)"), amounts)

        self.subscriber_followed = _followed_combo(self, self.tr("Avis suivi par l'abonné"))
        self.operator_followed = _followed_combo(self, self.tr("Avis suivi par l'opérateur"))
        form.addRow(self.tr("Avis du médiateur suivi par l'&abonné"), self.subscriber_followed)
        form.addRow(self.tr("Avis du médiateur suivi par l'&opérateur"), self.operator_followed)

        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setAccessibleName(self.tr("Note sur l'issue"))
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        form.addRow(self.tr("&Note (jamais imprimée)"), self.note_edit)

        self.message = InlineMessage(self, lines=4)
        layout.addWidget(self.message)
        self.partial_button = QPushButton(self.tr("Passer à « Obtenu en &partie »"), self)
        self.partial_button.setToolTip(self.tr(
            "Le montant obtenu est inférieur au montant réclamé."))
        self.partial_button.clicked.connect(self.choose_partial)
        policy = self.partial_button.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # the buttons below never move
        self.partial_button.setSizePolicy(policy)
        self.partial_button.setVisible(False)
        layout.addWidget(self.partial_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._confirmed: tuple[str, ...] = ()
        """The warnings shown by the last « Clore le dossier »: clicking it again with the
        same ones closes the case."""
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Clore le dossier"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.route_combo.currentIndexChanged.connect(self._route_changed)
        self._fill(case, previous)
        self.result_combo.currentIndexChanged.connect(self._check)
        for field in (self.claimed_field, self.obtained_field):
            field.textChanged.connect(self._check)
        self._check()

    def _fill(self, case: Case, previous: Outcome | None) -> None:
        if previous is not None:
            self._select(self.result_combo, previous.result.value)
            self._select(self.route_combo, previous.route.value if previous.route else None)
            self.date_field.set_date_value(previous.date or self.today)
            for value in previous.obtained:
                self.obtained_boxes[value].setChecked(True)
            self.claimed_field.set_amount(previous.amount_claimed)
            self.obtained_field.set_amount(previous.amount_obtained)
            self._select(self.basis_combo, previous.tax_basis.value)
            self._select(self.subscriber_followed, previous.subscriber_followed_opinion)
            self._select(self.operator_followed, previous.operator_followed_opinion)
            self.note_edit.setPlainText(previous.note)
        else:
            from documents.letters.claims import claimed_amount

            claimed, basis = claimed_amount(case, self.today)  # what the letters claim
            self.date_field.set_date_value(self.today)
            self.claimed_field.set_amount(claimed)
            self._select(self.basis_combo, basis.value)
        self._route_changed()

    @staticmethod
    def _select(combo: QComboBox, value) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(max(0, index))

    def _route_changed(self) -> None:
        mediator = self.route_combo.currentData() == SettlementRoute.MEDIATOR.value
        for combo in (self.subscriber_followed, self.operator_followed):
            combo.setEnabled(mediator)
            if not mediator:
                combo.setCurrentIndex(0)

    def outcome(self) -> Outcome:
        route = self.route_combo.currentData()
        return Outcome(
            result=OutcomeResult(self.result_combo.currentData()),
            obtained=[v for v, box in self.obtained_boxes.items() if box.isChecked()],
            amount_claimed=self.claimed_field.amount(),
            amount_obtained=self.obtained_field.amount(),
            tax_basis=TaxBasis(self.basis_combo.currentData()),
            date=self.date_field.date_value(),
            route=SettlementRoute(route) if route else None,
            subscriber_followed_opinion=self.subscriber_followed.currentData(),
            operator_followed_opinion=self.operator_followed.currentData(),
            note=self.note_edit.toPlainText(),
        )

    def field_errors(self) -> list[str]:
        """What the fields cannot read (a date or an amount typed wrongly)."""
        return [e for e in (self.date_field.error(), self.claimed_field.error(),
                            self.obtained_field.error()) if e]

    def warnings(self) -> list:
        """The warnings of the outcome as it stands (none while a field is unreadable)."""
        if self.field_errors():
            return []
        return [i for i in validate_outcome(self.outcome(), self.today) if not i.is_error]

    def _check(self, *_args) -> None:
        """Show the warnings as the result and the amounts change (errors wait for
        « Clore le dossier »: a date being typed is not an error yet)."""
        warnings = self.warnings()
        self.partial_button.setVisible(any(i.code == "outcome.full_but_less"
                                           for i in warnings))
        if warnings:
            self.message.set_issues(warnings)
        else:
            self.message.clear()

    def choose_partial(self) -> None:
        self._select(self.result_combo, OutcomeResult.PARTIAL.value)

    def accept(self) -> None:  # noqa: D401 - Qt API
        unreadable = self.field_errors()
        if unreadable:
            self.message.set_message(" ".join(unreadable), "error")
            return
        issues = validate_outcome(self.outcome(), self.today)
        errors = [i for i in issues if i.is_error]
        if errors:
            self.message.set_issues(errors)
            return
        warnings = tuple(i.message for i in issues)
        if warnings and warnings != self._confirmed:
            # shown first, then a second click closes the case as it is
            self._confirmed = warnings
            self.message.set_message("\n".join(
                [self.tr("Attention : ") + w for w in warnings]
                + [self.tr("Cliquez de nouveau sur « Clore le dossier » pour confirmer.")]),
                "warning")
            return
        super().accept()


class OutcomeControls(QWidget):
    """In the case view's « Suivi interne »: the outcome in one sentence, « Clore le
    dossier… » for an open case, « Rouvrir le dossier » for a closed one, and the export of
    the case's deadlines to a calendar.

    ``window`` is the case window: its ``case``, ``today``, ``store``, ``status_combo`` and
    ``_commit(case, message)`` (which saves with the pending notes and refreshes)."""

    def __init__(self, window, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QPushButton

        self.window_ = window
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton(self)
        self.button.clicked.connect(self.close_or_reopen)
        self.ics_button = QPushButton(self.tr("Échéances vers l'agenda (.ics)…"), self)
        self.ics_button.setToolTip(self.tr("Exporte les échéances du dossier au format "
                                           "iCalendar, avec rappels ; un nouvel export met à "
                                           "jour les mêmes événements."))
        self.ics_button.clicked.connect(self.export_deadlines)
        row.addWidget(self.text, 1)
        row.addWidget(self.button)
        row.addWidget(self.ics_button)
        self.refresh()

    def refresh(self) -> None:
        case = self.window_.case
        closed = is_closed(case)
        self.button.setText(self.tr("&Rouvrir le dossier") if closed
                            else self.tr("C&lore le dossier…"))
        combo = self.window_.status_combo
        combo.setEnabled(False)  # the status follows the outcome: close or reopen instead
        combo.setToolTip(self.tr("Le statut découle de l'issue : « Clore le dossier… » ou "
                                 "« Rouvrir le dossier »."))
        if case.outcome is None:
            self.text.setText(self.tr("Issue : non renseignée.") if closed else "")
        elif closed:
            self.text.setText(self.tr("Issue : {t}").format(t=outcome_text(case.outcome)))
        else:
            self.text.setText(self.tr("Issue avant réouverture : {t}").format(
                t=outcome_text(case.outcome)))

    def _commit(self, case: Case, message: str) -> bool:
        window = self.window_
        combo = window.status_combo
        combo.setCurrentIndex(max(0, combo.findData(case.status.value)))
        return window._commit(case, message)

    def close_or_reopen(self) -> bool:
        from gui import dialogs

        window = self.window_
        if not window.editable():  # another instance edits the case (shared folder)
            return False
        case = window.case
        if is_closed(case):
            if not dialogs.ask(self, self.tr("Rouvrir le dossier"),
                               self.tr("Rouvrir ce dossier ? Ses échéances seront de nouveau "
                                       "suivies ; l'issue enregistrée est conservée.")):
                return False
            return self._commit(reopen_case(case), self.tr("Dossier rouvert."))
        dialog = OutcomeDialog(case, window.today, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        try:
            closed = close_case(case, dialog.outcome(), window.today)
        except OutcomeError as exc:  # the dialog checked already: only a race gets here
            dialogs.critical(self, self.tr("Clôture impossible"), str(exc))
            return False
        return self._commit(closed, self.tr("Dossier clos : {r}.").format(
            r=label(closed.outcome.result).lower()))

    def export_deadlines(self):
        from gui.bilan_window import export_case_deadlines

        window = self.window_
        return export_case_deadlines(self, window.case, window.store, window.today)

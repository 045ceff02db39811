"""Two acts the letters depend on, recorded from the « Courriers » tab: the subscriber's
signature of the structure's mandate (a « Mandat signé » event, the signed mandate as an
exhibit if wanted), and the qualified offence behind a complaint to the procureur
(``Case.offence``), chosen only after reading the engine's warning and acknowledging it, with
the facts that constitute it in the user's own words (``Case.offence_facts``).
"""

from __future__ import annotations

import copy
import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dispute.calendar import format_date_fr
from dispute.model import Case, Counterpart, Direction, Event, EventKind
from dispute.procedure import assess
from dispute.validation import clean_text
from dispute.procedure.wording import subscriber_words
from gui import desktop
from gui.case_view.cards import wrapped_label
from gui.case_view.modal import run_keep
from gui.widgets import DateField, InlineMessage, TextField, hint_label

logger = logging.getLogger(__name__)

PROCUREUR = "plainte_procureur"
MANDATE = "mandat"


def _ok_cancel(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(dialog.tr("Annuler"))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def offence_warning(case: Case, offence: str, today: date) -> str:
    """The engine's warning for a procureur complaint about ``offence`` (its decision on a
    copy of the case with that offence), "" when no offence is given."""
    if not " ".join(offence.split()):
        return ""
    trial = copy.deepcopy(case)
    trial.offence = offence
    decision = assess(trial, today).letter(PROCUREUR)
    return decision.warning if decision is not None else ""


class OffenceDialog(QDialog):
    """« Infraction visée par une plainte » : the offence, the engine's warning about it,
    « J'ai lu cet avertissement » to tick before it is kept, and the facts that constitute it,
    written by the user (the letter quotes them; without them it is not ready)."""

    def __init__(self, case: Case, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case = case
        self.today = today
        self.setWindowTitle(self.tr("Infraction visée par une plainte au procureur"))
        self.setMinimumWidth(640)
        self.offence = TextField(self, placeholder=self.tr(
            "ex. pratique commerciale trompeuse (code de la consommation, art. L.121-2)"))
        self.offence.setAccessibleName(self.tr("Infraction qualifiée"))
        self.offence.setText(case.offence)
        label = QLabel(self.tr("&Infraction :"), self)
        label.setBuddy(self.offence)
        self.facts = QPlainTextEdit(self)
        self.facts.setTabChangesFocus(True)
        self.facts.setPlaceholderText(self.tr(
            "ex. Le 3 mars 2026, le vendeur de la boutique de Tours a affirmé par écrit que "
            "l'offre était sans engagement ; le contrat signé le même jour prévoit 24 mois."))
        self.facts.setAccessibleName(self.tr("Faits constitutifs de l'infraction"))
        self.facts.setPlainText(case.offence_facts)
        self.facts.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        facts_label = QLabel(self.tr("&Faits constitutifs de l'infraction, dans vos mots :"),
                             self)
        facts_label.setBuddy(self.facts)
        self.facts_hint = hint_label(self.tr(
            "Quelle allégation ou quelle pratique de l'opérateur, à quelle date, sur quel "
            "support (publicité, contrat, site, appel d'un vendeur). La plainte les cite tels "
            "quels ; l'application n'en rédige aucun, et la plainte n'est pas prête sans eux."),
            self)
        self.warning = InlineMessage(self, lines=0)
        self.acknowledged = QCheckBox(self.tr(
            "J'ai &lu cet avertissement et je maintiens cette infraction"), self)
        self.message = InlineMessage(self)
        self.buttons = _ok_cancel(self, self.tr("Enregistrer"))
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.offence, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(self.tr(
            "Une plainte au procureur de la République suppose une infraction pénale précise. "
            "Un litige sur le contrat ou la facture relève du juge civil (conciliateur, "
            "tribunal) : laissez le champ vide s'il n'y a pas d'infraction."), self))
        layout.addLayout(row)
        layout.addWidget(self.warning)
        layout.addWidget(self.acknowledged)
        layout.addWidget(facts_label)
        layout.addWidget(self.facts_hint)
        layout.addWidget(self.facts, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        # the offence already kept was acknowledged then: writing its facts asks nothing again
        self.acknowledged.setChecked(bool(" ".join(case.offence.split())))
        self.offence.textChanged.connect(self._changed)
        self.facts.textChanged.connect(self._changed)
        self._changed()
        self.offence.setFocus()

    def value(self) -> str:
        return " ".join(self.offence.text().split())

    def facts_value(self) -> str:
        """The facts as typed, cleaned of invisible control characters, blank lines kept
        (paragraphs); "" when there is no offence (facts without an offence mean nothing)."""
        return clean_text(self.facts.toPlainText()).strip() if self.value() else ""

    def _changed(self, *_args) -> None:
        warning = offence_warning(self.case, self.value(), self.today)
        if warning:
            self.warning.set_message(warning, "warning")
        else:
            self.warning.set_message(self.tr(
                "Aucune infraction : le courrier au procureur restera « non applicable ».")
                if not self.value() else "", "info")
        self.acknowledged.setVisible(bool(warning))
        if self.value() != " ".join(self.case.offence.split()):
            self.acknowledged.setChecked(False)
        self.facts.setEnabled(bool(self.value()))
        if self.value() and not self.facts.toPlainText().strip():
            self.message.set_message(self.tr(
                "Sans les faits constitutifs, la plainte reste « prématurée » : rédigez-les "
                "ici, l'application ne les invente pas."), "info")
        else:
            self.message.clear()

    def problems(self) -> list[str]:
        if self.value() and not self.acknowledged.isChecked():
            return [self.tr("Cochez « J'ai lu cet avertissement » pour garder cette "
                            "infraction, ou videz le champ.")]
        return []

    def accept(self) -> None:
        problems = self.problems()
        if problems:
            self.message.set_message("\n".join(problems), "error")
            return
        super().accept()


class MandateDialog(QDialog):
    """« Enregistrer la signature du mandat » : the day the subscriber signed, and the signed
    mandate (scan or PDF) kept as an exhibit if wanted."""

    def __init__(self, case: Case, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.attachment: Path | None = None
        structure = case.handling_structure.name.strip() if case.handling_structure else ""
        self.structure = structure
        self.setWindowTitle(self.tr("Enregistrer la signature du mandat"))
        self.setMinimumWidth(600)
        self.signed = DateField(self)
        self.signed.set_date_value(today)
        self.signed.setAccessibleName(self.tr("Date de signature du mandat"))
        self.attach_label = wrapped_label(self.tr("Aucun fichier joint (facultatif)."), self)
        self.choose_button = QPushButton(self.tr("&Joindre le mandat signé…"), self)
        self.choose_button.setAccessibleName(self.tr("Joindre le mandat signé comme pièce"))
        self.message = InlineMessage(self)
        self.buttons = _ok_cancel(self, self.tr("Enregistrer"))
        form = QFormLayout()
        label = QLabel(self.tr("Signé &le"), self)
        label.setBuddy(self.signed)
        form.addRow(label, self.signed)
        attach = QHBoxLayout()
        attach.addWidget(self.attach_label, 1)
        attach.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(self.tr(
            "Le mandat autorise {s} à écrire au nom de l'abonné. Indiquez le jour où l'abonné "
            "l'a signé ; joignez-en la copie signée pour qu'elle accompagne les dossiers.")
            .format(s=structure or self.tr("la structure")), self))
        layout.addLayout(form)
        layout.addLayout(attach)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.choose_button.clicked.connect(self._choose)

    def _choose(self) -> None:
        path = desktop.pick_open_file(self, self.tr("Mandat signé"), None, self.tr(
            "Documents (*.pdf *.jpg *.jpeg *.png *.docx *.odt);;Tous les fichiers (*)"),
            purpose="exhibits")
        if path is not None:
            self.attachment = path
            self.attach_label.setText(self.tr("Mandat signé joint : {name}").format(
                name=path.name))

    def edited_event(self) -> Event:
        summary = self.tr("Mandat signé par l'abonné")
        if self.structure:
            summary += self.tr(" au profit de {s}").format(s=self.structure)
        return Event(kind=EventKind.MANDATE_SIGNED, date=self.signed.date_value(),
                     counterpart=Counterpart.HANDLING_STRUCTURE, direction=Direction.OUTGOING,
                     written=True, summary=summary)

    def problems(self) -> list[str]:
        if self.signed.error():
            return [self.signed.error()]
        if self.signed.date_value() is None:
            return [self.tr("Indiquez le jour de la signature.")]
        if self.signed.date_value() > self.today:
            return [self.tr("La date de signature ne peut pas être dans le futur.")]
        if self.attachment is not None and not self.attachment.is_file():
            return [self.tr("Le fichier « {name} » est introuvable.").format(
                name=self.attachment)]
        return []

    def accept(self) -> None:
        problems = self.problems()
        if problems:
            self.message.set_message("\n".join(problems), "error")
            return
        super().accept()


class CaseActsMixin:
    """Part of :class:`gui.case_view.window.CaseWindow` (the « Courriers » tab). Uses the
    window's ``case``, ``assessment``, ``today``, ``_with_pending``, ``_commit`` and
    ``add_event``."""

    def _build_case_acts(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(self.tr("Avant certains courriers"), parent)
        grid = QGridLayout(box)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.setHorizontalSpacing(12)
        self.mandate_label = wrapped_label("", box)
        self.mandate_button = QPushButton(self.tr("Enregistrer la signature du &mandat…"), box)
        self.offence_label = wrapped_label("", box)
        self.offence_button = QPushButton(self.tr("Choisir l'&infraction…"), box)
        self.offence_button.setAccessibleName(self.tr(
            "Choisir l'infraction visée par une plainte au procureur"))
        grid.addWidget(self.mandate_label, 0, 0)
        grid.addWidget(self.mandate_button, 0, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.offence_label, 1, 0)
        grid.addWidget(self.offence_button, 1, 1, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 1)
        self.mandate_button.clicked.connect(lambda _c=False: self.record_mandate())
        self.offence_button.clicked.connect(lambda _c=False: self.choose_offence())
        return box

    def _fill_case_acts(self) -> None:
        case = self.case
        structure = case.handling_structure.name.strip() if case.handling_structure else ""
        mandate = self.assessment.letter(MANDATE)
        signed = [e for e in case.events_in_order() if e.kind is EventKind.MANDATE_SIGNED]
        who = subscriber_words(case).noun  # « l'abonnée », « les abonnés »… (agreed)
        if not structure:
            text = self.tr("Mandat : aucune structure n'agit pour {who}, pas de mandat à "
                           "faire signer.").format(who=who)
        elif signed:
            last = signed[-1]
            text = self.tr("Mandat signé le {d} au profit de {s}.").format(
                d=format_date_fr(last.date) if last.date else "?", s=structure)
        else:
            text = self.tr("Mandat à faire signer : {s} agit pour {who}. Préparez le "
                           "courrier « Mandat » ci-dessus, faites-le signer, puis enregistrez "
                           "la signature.").format(s=structure, who=who)
        self.mandate_label.setText(text)
        self.mandate_button.setEnabled(bool(structure) and mandate is not None)
        offence = " ".join(case.offence.split())
        if not offence:
            text = self.tr("Plainte au procureur : aucune infraction choisie (un litige "
                           "contractuel relève du juge civil).")
        elif case.offence_facts.strip():
            text = self.tr("Plainte au procureur : infraction choisie « {o} », faits "
                           "constitutifs rédigés.").format(o=offence)
        else:
            text = self.tr("Plainte au procureur : infraction choisie « {o} » ; faits "
                           "constitutifs à rédiger.").format(o=offence)
        self.offence_label.setText(text)
        self.offence_button.setText(self.tr("Modifier l'&infraction…") if offence
                                    else self.tr("Choisir l'&infraction…"))

    def choose_offence(self) -> bool:
        """« Choisir l'infraction… »: set ``Case.offence`` after the warning was read."""
        if not self.editable():
            return False
        case = self._with_pending(copy.deepcopy(self.case))
        dialog = OffenceDialog(case, self.today, self)
        if not run_keep(dialog):
            dialog.deleteLater()
            return False
        offence, facts = dialog.value(), dialog.facts_value()
        dialog.deleteLater()
        if offence == " ".join(self.case.offence.split()) and \
                facts == self.case.offence_facts.strip():
            return True
        new_case = copy.deepcopy(self.case)
        new_case.offence, new_case.offence_facts = offence, facts
        if not offence:
            done = self.tr("Infraction retirée du dossier.")
        elif facts:
            done = self.tr("Infraction et faits constitutifs enregistrés : « {o} ».").format(
                o=offence)
        else:
            done = self.tr("Infraction enregistrée : « {o} » ; faits constitutifs à "
                           "rédiger.").format(o=offence)
        return self._commit(new_case, done)

    def record_mandate(self) -> Event | None:
        """« Enregistrer la signature du mandat… »: a « Mandat signé » event (counterpart the
        structure, written, dated), the signed mandate as its exhibit if given."""
        if not self.editable():
            return None
        dialog = MandateDialog(self.case, self.today, self)
        if not run_keep(dialog):
            dialog.deleteLater()
            return None
        event = dialog.edited_event()
        attachment = dialog.attachment
        dialog.deleteLater()
        title = self.tr("Mandat signé le {d}").format(d=event.date.strftime("%d/%m/%Y"))
        return self.add_event(event, attachment, title, self.tr(
            "Signature du mandat enregistrée ({d}).").format(d=format_date_fr(event.date)),
            self.tr("La signature du mandat"))

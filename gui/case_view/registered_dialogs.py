"""The case window's dialogs for registered letters (LRAR): record a posting, record its
acknowledgement of receipt, choose which letter when several await one. None of them writes to
the store: the case window does, after OK.
"""


import copy
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dispute.labels import label
from dispute.letter_kinds import LetterKind
from dispute.model import (
    Case,
    Counterpart,
    Direction,
    Event,
    EventKind,
    RegisteredMail,
)
from dispute.procedure import event_title, sent_on
from dispute.validation import validate_case
from gui import desktop
from gui.widgets import DateField, InlineMessage, TextField, hint_label

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class GeneratedCopy:
    """The PDF of a letter generated in the case window and not saved to a file: offered as
    the copy kept with its posting (the window writes it to a temporary file to add it)."""

    kind: str  # a LetterKind value
    label: str
    name: str  # the file name the exhibit keeps
    data: bytes


def posted_kinds():
    """The letters sent by post (the CPME request goes by email, the Médiateur des
    entreprises is seized online, the mandate is not sent)."""
    from dispute.letter_kinds import LETTER_LABELS, POSTED

    return [(k, LETTER_LABELS[k]) for k in LetterKind if k in POSTED]


def counterpart_for(kind, case: Case) -> Counterpart:
    """Who a letter of ``kind`` is addressed to (as the composer addresses it)."""
    kind = LetterKind(kind)
    fixed = _FIXED_COUNTERPARTS.get(kind)
    if fixed is not None:
        return fixed
    if kind in (LetterKind.BILLING, LetterKind.PORTABILITY_COMPENSATION, LetterKind.REMINDER):
        second = any(e.counterpart is Counterpart.SERVICE_CONSOMMATEURS for e in case.events)
        return Counterpart.SERVICE_CONSOMMATEURS if second else Counterpart.SERVICE_CLIENTS
    # Mise en demeure: the service consommateurs when its address is known.
    if not case.operator.service_consommateurs_address.is_empty():
        return Counterpart.SERVICE_CONSOMMATEURS
    return Counterpart.SERVICE_CLIENTS


_FIXED_COUNTERPARTS = {
    # the letter kinds with one recipient whatever the case
    LetterKind.SERVICE_CLIENTS: Counterpart.SERVICE_CLIENTS,
    LetterKind.SERVICE_CONSOMMATEURS: Counterpart.SERVICE_CONSOMMATEURS,
    LetterKind.MEDIATOR: Counterpart.MEDIATOR,
    LetterKind.CPME: Counterpart.CPME,
    LetterKind.DGCCRF: Counterpart.DGCCRF,
    LetterKind.PROCUREUR: Counterpart.PROCUREUR,
    LetterKind.CONCILIATEUR: Counterpart.CONCILIATEUR,
    LetterKind.COURT_REQUEST: Counterpart.COURT,
    LetterKind.BUSINESS_MEDIATOR: Counterpart.BUSINESS_MEDIATOR,
    LetterKind.MANDATE: Counterpart.HANDLING_STRUCTURE,
}


def event_kind_for(counterpart: Counterpart) -> EventKind:
    """A letter to the mediator seizes it: the procedure reads a « Saisine » event."""
    return EventKind.SAISINE if counterpart is Counterpart.MEDIATOR else \
        EventKind.REGISTERED_LETTER


RECIPIENTS = (Counterpart.SERVICE_CLIENTS, Counterpart.SERVICE_CONSOMMATEURS,
              Counterpart.OPERATOR_OTHER, Counterpart.MEDIATOR, Counterpart.DGCCRF,
              Counterpart.PROCUREUR, Counterpart.COURT, Counterpart.OTHER)


class RegisteredLetterDialog(QDialog):
    """« Enregistrer l'envoi recommandé » : which letter, to whom, tracking number, posting
    date, and optionally the PDF of the letter kept as an exhibit."""

    def __init__(self, case: Case, today: date, *, kind=None, pdf_path: Path | None = None,
                 generated: GeneratedCopy | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case = case
        self.today = today
        self.attachment: Path | None = pdf_path
        self.generated = generated
        """The letter generated last, whose PDF is the copy proposed while its kind is the
        one chosen (``attachment_copy``); a file chosen instead replaces it."""
        self._use_generated = pdf_path is None and generated is not None
        self.setWindowTitle(self.tr("Enregistrer l'envoi recommandé"))
        self.setMinimumWidth(620)
        self.kind_combo = QComboBox(self)
        for k, text in posted_kinds():
            self.kind_combo.addItem(text, k.value)
        self.kind_combo.addItem(self.tr("Autre courrier"), "")
        self.recipient = QComboBox(self)
        for c in RECIPIENTS:
            self.recipient.addItem(label(c), c.value)
        self.tracking = TextField(self, placeholder=self.tr("ex. 1A 123 456 7890 1"))
        self.posted = DateField(self)
        self.posted.set_date_value(today)
        self.summary = TextField(self)
        self.attach_box = QCheckBox(self.tr("&Joindre la copie du courrier comme pièce"), self)
        self.attach_label = QLabel(self)
        self.attach_label.setWordWrap(True)
        self.attach_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton(self.tr("C&hoisir le fichier…"), self)
        self.message = InlineMessage(self)
        form = QFormLayout()
        rows = ((self.tr("&Courrier"), self.kind_combo, self.tr("Courrier envoyé")),
                (self.tr("&Destinataire"), self.recipient, self.tr("Destinataire")),
                (self.tr("&N° de suivi"), self.tracking,
                 self.tr("Numéro de suivi de la lettre recommandée")),
                (self.tr("Date de dé&pôt"), self.posted, self.tr("Date de dépôt à la Poste")),
                (self.tr("&Résumé"), self.summary, self.tr("Résumé de l'envoi")))
        for text, field, name in rows:
            lab = QLabel(text, self)
            lab.setBuddy(field)
            field.setAccessibleName(name)
            form.addRow(lab, field)
        attach_row = QHBoxLayout()
        attach_row.addWidget(self.attach_label, 1)
        attach_row.addWidget(self.choose_button)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Enregistrer"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label(self.tr(
            "Après avoir posté la lettre : notez le numéro de suivi (sur la preuve de dépôt) et "
            "la date de dépôt. Les délais de réponse seront comptés depuis cette date, à titre "
            "provisoire, jusqu'à ce que vous enregistriez l'accusé de réception."), self))
        layout.addLayout(form)
        layout.addWidget(self.attach_box)
        layout.addLayout(attach_row)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.choose_button.clicked.connect(self._choose)
        self.attach_box.toggled.connect(self._attach_toggled)
        if kind is not None:
            index = self.kind_combo.findData(getattr(kind, "value", kind))
            if index >= 0:
                self.kind_combo.setCurrentIndex(index)
        self._kind_changed()
        self.attach_box.setChecked(pdf_path is not None or self._generated_fits())
        self._attach_toggled(self.attach_box.isChecked())
        self.tracking.setFocus()

    def _kind_changed(self, *_args) -> None:
        value = self.kind_combo.currentData()
        if value:
            from documents.letters import LETTER_LABELS

            counterpart = counterpart_for(value, self.case)
            self.recipient.setCurrentIndex(max(0, self.recipient.findData(counterpart.value)))
            self.summary.setText(LETTER_LABELS[LetterKind(value)])
        if self._use_generated and self.attachment is None:
            # the generated copy goes with its own letter only
            self.attach_box.setChecked(self._generated_fits())
            self._attach_toggled(self.attach_box.isChecked())

    def _generated_fits(self) -> bool:
        return (self._use_generated and self.generated is not None
                and self.kind_combo.currentData() == self.generated.kind)

    def _attach_toggled(self, on: bool) -> None:
        self.choose_button.setEnabled(on)
        if not on:
            self.attach_label.setText(self.tr("Aucune copie jointe."))
        elif self.attachment is None and self._generated_fits():
            self.attach_label.setText(self.tr(
                "Copie jointe : le PDF du courrier « {l} » généré dans cette fenêtre "
                "({name}).").format(l=self.generated.label, name=self.generated.name))
        elif self.attachment is None:
            self.attach_label.setText(self.tr("Choisissez le PDF du courrier envoyé."))
        else:
            self.attach_label.setText(self.tr("Copie jointe : {name}").format(
                name=self.attachment))

    def _choose(self) -> None:
        path = desktop.pick_open_file(self, self.tr("Copie du courrier envoyé"), None,
                                      self.tr("Documents (*.pdf *.docx *.odt);;Tous les "
                                              "fichiers (*)"), purpose="letters")
        if path is not None:
            self.attachment = path
            self._use_generated = False
            self.attach_box.setChecked(True)
            self._attach_toggled(True)

    def counterpart(self) -> Counterpart:
        return Counterpart(self.recipient.currentData())

    def edited_event(self) -> Event:
        counterpart = self.counterpart()
        posted = self.posted.date_value()
        return Event(kind=event_kind_for(counterpart), date=posted, counterpart=counterpart,
                     direction=Direction.OUTGOING, written=True,
                     summary=self.summary.text().strip(),
                     registered=RegisteredMail(tracking_number=self.tracking.text().strip(),
                                               posted_on=posted))

    def attachment_path(self) -> Path | None:
        """The file chosen (or saved from the preview) as the copy, if kept."""
        return self.attachment if self.attach_box.isChecked() else None

    def attachment_copy(self) -> GeneratedCopy | None:
        """The generated letter's PDF as the copy, if kept (no file chosen instead)."""
        if self.attach_box.isChecked() and self.attachment is None and self._generated_fits():
            return self.generated
        return None

    def problems(self) -> list[str]:
        out = []
        if self.posted.error():
            out.append(self.posted.error())
        elif self.posted.date_value() is None:
            out.append(self.tr("Indiquez la date de dépôt de la lettre."))
        elif self.posted.date_value() > self.today:
            out.append(self.tr("La date de dépôt ne peut pas être dans le futur."))
        if not self.tracking.text().strip():
            out.append(self.tr("Indiquez le numéro de suivi (il figure sur la preuve de dépôt "
                               "remise par la Poste)."))
        if self.attach_box.isChecked() and self.attachment_copy() is None:
            if self.attachment is None:
                out.append(self.tr("Choisissez le fichier de la copie du courrier, ou décochez "
                                   "« Joindre la copie »."))
            elif not Path(self.attachment).is_file():
                out.append(self.tr("Le fichier « {name} » est introuvable.").format(
                    name=self.attachment))
        return out

    def accept(self) -> None:
        problems = self.problems()
        if problems:
            self.message.set_message("\n".join(problems), "error")
            return
        super().accept()


# --------------------------------------------------------------------------------------------
# Recording the acknowledgement of receipt


class ReceiptDialog(QDialog):
    """« Enregistrer l'accusé de réception » of one registered letter: first presentation,
    date the receipt was signed, or « pli avisé et non réclamé »."""

    def __init__(self, event: Event, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.letter_event = copy.deepcopy(event)
        self.today = today
        reg = self.letter_event.registered or RegisteredMail(posted_on=event.date)
        self.setWindowTitle(self.tr("Enregistrer l'accusé de réception"))
        self.setMinimumWidth(600)
        self.presented = DateField(self)
        self.presented.set_date_value(reg.first_presented_on)
        self.received = DateField(self)
        self.received.set_date_value(reg.received_on)
        self.not_claimed = QCheckBox(self.tr("Pli avisé et &non réclamé (revenu à "
                                             "l'expéditeur)"), self)
        self.not_claimed.setChecked(reg.not_claimed)
        self.tracking = TextField(self)
        self.tracking.setText(reg.tracking_number)
        self.message = InlineMessage(self)
        form = QFormLayout()
        for text, field, name in (
                (self.tr("N° de &suivi"), self.tracking, self.tr("Numéro de suivi")),
                (self.tr("Date de &première présentation"), self.presented,
                 self.tr("Date de première présentation")),
                (self.tr("Date de &réception (AR signé)"), self.received,
                 self.tr("Date de réception, accusé de réception signé"))):
            lab = QLabel(text, self)
            lab.setBuddy(field)
            field.setAccessibleName(name)
            form.addRow(lab, field)
        form.addRow("", self.not_claimed)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Enregistrer"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        title = QLabel(event_title(event), self)
        title.setTextFormat(Qt.TextFormat.PlainText)  # the event's title as typed
        title.setWordWrap(True)
        title.setStyleSheet("font-weight: bold;")
        layout.addWidget(title)
        layout.addWidget(hint_label(self.tr(
            "Les dates figurent sur l'avis de réception et sur le suivi en ligne de la Poste. "
            "Les délais de réponse courent à partir de la réception (ou, à défaut, de la "
            "première présentation) : ils sont recalculés dès l'enregistrement."), self))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.not_claimed.toggled.connect(self._not_claimed_toggled)
        self._not_claimed_toggled(self.not_claimed.isChecked())
        self.received.setFocus()

    def _not_claimed_toggled(self, on: bool) -> None:
        self.received.setEnabled(not on)
        if on:
            self.received.set_date_value(None)

    def edited_event(self) -> Event:
        event = copy.deepcopy(self.letter_event)
        reg = event.registered or RegisteredMail(posted_on=sent_on(event))
        reg.tracking_number = self.tracking.text().strip()
        reg.first_presented_on = self.presented.date_value()
        reg.not_claimed = self.not_claimed.isChecked()
        reg.received_on = None if reg.not_claimed else self.received.date_value()
        event.registered = reg
        return event

    def problems(self) -> list[str]:
        out = [e for e in (self.presented.error(), self.received.error()) if e]
        if out:
            return out
        event = self.edited_event()
        reg = event.registered
        if reg.not_claimed and reg.first_presented_on is None:
            out.append(self.tr("Pour un pli non réclamé, indiquez la date de première "
                               "présentation (avis de passage)."))
        if not reg.not_claimed and reg.received_on is None and reg.first_presented_on is None:
            out.append(self.tr("Indiquez la date de réception, la date de première "
                               "présentation, ou cochez « non réclamé »."))
        # The same checks as the case validation (future dates, order, contradictions).
        probe = Case(events=[event])
        issues = [i for i in validate_case(probe, self.today)
                  if i.path.startswith("events[0].registered") and i.is_error]
        out += [i.message for i in issues]
        return list(dict.fromkeys(out))

    def accept(self) -> None:
        problems = self.problems()
        if problems:
            self.message.set_message("\n".join(problems), "error")
            return
        super().accept()


# --------------------------------------------------------------------------------------------
# Choosing the letter whose receipt came back


class ChooseLetterDialog(QDialog):
    """« Quelle lettre ? » when several registered letters await their acknowledgement of
    receipt (the first one is proposed)."""

    def __init__(self, events: list[Event], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QListWidget, QListWidgetItem

        from gui.case_view.text import registered_text

        self.events = list(events)
        self.setWindowTitle(self.tr("Enregistrer l'accusé de réception"))
        self.setMinimumWidth(560)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Lettres recommandées en attente d'accusé de "
                                            "réception"))
        for event in self.events:
            detail = registered_text(event).replace("\n", ", ")
            item = QListWidgetItem(f"{event_title(event)}\n{detail}", self.list)
            item.setData(Qt.ItemDataRole.UserRole, event.id)
        self.list.setCurrentRow(0)
        caption = QLabel(self.tr("&Plusieurs lettres recommandées attendent leur accusé de "
                                 "réception. Laquelle ?"), self)
        caption.setWordWrap(True)
        caption.setBuddy(self.list)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Continuer"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(caption)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.list.setFocus()

    def chosen(self) -> Event | None:
        row = self.list.currentRow()
        return self.events[row] if 0 <= row < len(self.events) else None



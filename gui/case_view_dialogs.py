"""The case window's own dialogs: edit a section, record a registered letter (LRAR) and its
acknowledgement of receipt, choose what dossier to export and where.

Every dialog is run through ``exec_dialog`` (module level) so tests can fill it in and accept
it without a modal loop. None of them writes to the store: the case window does, after OK.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dispute.labels import label
from dispute.model import (
    Case,
    Counterpart,
    Direction,
    Event,
    EventKind,
    RegisteredMail,
)
from dispute.procedure import Assessment, event_title, sent_on
from dispute.validation import Severity, ValidationIssue, validate_case
from gui import desktop, dialogs
from gui.editors.base import SectionEditor
from gui.widgets import DateField, InlineMessage, TextField, hint_label

logger = logging.getLogger(__name__)

exec_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec()  # noqa: E731
"""Runs a dialog modally and returns its result code; tests replace it."""


def run_keep(dialog: QDialog) -> bool:
    """Run ``dialog`` through ``exec_dialog``; True if accepted. The caller reads its values,
    then calls ``deleteLater``."""
    return exec_dialog(dialog) == QDialog.DialogCode.Accepted


# --------------------------------------------------------------------------------------------
# Editing a section


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
        hint = editor.sizeHint()
        self.resize(max(720, min(1100, hint.width() + 60)),
                    max(300, min(760, hint.height() + 140)))
        heading = QLabel(f"<b>{title}</b>", self)
        heading.setTextFormat(Qt.TextFormat.RichText)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(editor)
        self.footer = InlineMessage(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Enregistrer"))
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


# --------------------------------------------------------------------------------------------
# Recording a registered letter


def posted_kinds():
    """The letters sent by post (the CPME request goes by email, the Médiateur des
    entreprises is seized online, the mandate is not sent)."""
    from dispute.letter_kinds import LETTER_LABELS, POSTED, LetterKind

    return [(k, LETTER_LABELS[k]) for k in LetterKind if k in POSTED]


def counterpart_for(kind, case: Case) -> Counterpart:
    """Who a letter of ``kind`` is addressed to (as the composer addresses it)."""
    from documents.letters import LetterKind

    kind = LetterKind(kind)
    if kind is LetterKind.SERVICE_CLIENTS:
        return Counterpart.SERVICE_CLIENTS
    if kind is LetterKind.SERVICE_CONSOMMATEURS:
        return Counterpart.SERVICE_CONSOMMATEURS
    if kind is LetterKind.MEDIATOR:
        return Counterpart.MEDIATOR
    if kind is LetterKind.CPME:
        return Counterpart.CPME
    if kind is LetterKind.DGCCRF:
        return Counterpart.DGCCRF
    if kind is LetterKind.PROCUREUR:
        return Counterpart.PROCUREUR
    if kind is LetterKind.CONCILIATEUR:
        return Counterpart.CONCILIATEUR
    if kind is LetterKind.COURT_REQUEST:
        return Counterpart.COURT
    if kind is LetterKind.BUSINESS_MEDIATOR:
        return Counterpart.BUSINESS_MEDIATOR
    if kind is LetterKind.MANDATE:
        return Counterpart.HANDLING_STRUCTURE
    if kind is LetterKind.BILLING:
        second = any(e.counterpart is Counterpart.SERVICE_CONSOMMATEURS for e in case.events)
        return Counterpart.SERVICE_CONSOMMATEURS if second else Counterpart.SERVICE_CLIENTS
    # Mise en demeure: the service consommateurs when its address is known.
    if not case.operator.service_consommateurs_address.is_empty():
        return Counterpart.SERVICE_CONSOMMATEURS
    return Counterpart.SERVICE_CLIENTS


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
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case = case
        self.today = today
        self.attachment: Path | None = pdf_path
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
        self.attach_box.setChecked(pdf_path is not None)
        self._attach_toggled(self.attach_box.isChecked())
        self.tracking.setFocus()

    def _kind_changed(self, *_args) -> None:
        value = self.kind_combo.currentData()
        if value:
            from documents.letters import LETTER_LABELS, LetterKind

            counterpart = counterpart_for(value, self.case)
            self.recipient.setCurrentIndex(max(0, self.recipient.findData(counterpart.value)))
            self.summary.setText(LETTER_LABELS[LetterKind(value)])

    def _attach_toggled(self, on: bool) -> None:
        self.choose_button.setEnabled(on)
        if not on:
            self.attach_label.setText(self.tr("Aucune copie jointe."))
        elif self.attachment is None:
            self.attach_label.setText(self.tr("Choisissez le PDF du courrier envoyé."))
        else:
            self.attach_label.setText(self.tr("Copie jointe : {name}").format(
                name=self.attachment))

    def _choose(self) -> None:
        from gui.letter_preview import last_output_dir

        path = desktop.pick_open_file(self, self.tr("Copie du courrier envoyé"),
                                      last_output_dir(),
                                      self.tr("Documents (*.pdf *.docx *.odt);;Tous les "
                                              "fichiers (*)"))
        if path is not None:
            self.attachment = path
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
        return self.attachment if self.attach_box.isChecked() else None

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
        if self.attach_box.isChecked():
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

        from gui.case_view_text import registered_text

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


# --------------------------------------------------------------------------------------------
# Export


def route_review_text(route, today: date) -> str:
    """What the export dialog says under a route that is not open — the same wording as the
    case window: « Non applicable » / « Fermé » with the reason and no opening date, or « pas
    encore ouverte » with what is missing."""
    from gui import case_view_text as txt

    state = txt.route_state(route, today)
    reasons = " ".join(text.lstrip("• ") for text, _basis in txt.route_reason_lines(route, today))
    if state is txt.RouteState.NOT_APPLICABLE:
        head = txt.tr("Non applicable à ce dossier :")
        tail = ""
    elif state is txt.RouteState.CLOSED:
        head = txt.tr("Voie fermée :")
        tail = ""
    elif state is txt.RouteState.SEIZED:
        head = txt.tr("Déjà saisi :")
        tail = ""
    else:
        head = txt.tr("Voie pas encore ouverte :")
        tail = " " + txt.tr("Le dossier peut être préparé quand même.")
    return f"{head} {reasons}{tail}".strip()


class ExportDialog(QDialog):
    """Choose the dossier (médiateur / CPME / complet) and the zip file to create."""

    def __init__(self, case: Case, assessment: Assessment, today: date, *, target: str = "",
                 fixed: bool = False, email: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from documents.dossier import TARGET_LABELS, DossierTarget

        self.case = case
        self.today = today
        self.setWindowTitle(self.tr("Courriel pour la CPME") if email
                            else self.tr("Exporter le dossier"))
        self.setMinimumWidth(660)
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        if email:
            layout.addWidget(hint_label(self.tr(
                "Le dossier complet pour la CPME est créé (fichier zip), puis un brouillon de "
                "courriel (.eml) à côté, adressé au contact télécoms de la CPME, avec le zip "
                "en pièce jointe. Ouvrez-le avec votre messagerie, relisez et envoyez."), self))
        texts = {
            DossierTarget.MEDIATOR: (self.tr("Pour le &médiateur des communications "
                                             "électroniques"), assessment.mediator),
            DossierTarget.CPME: (self.tr("Pour la &CPME (contact litiges télécoms)"),
                                 assessment.cpme),
            DossierTarget.COMPLETE: (self.tr("Dossier complet (&tous les courriers "
                                             "disponibles)"), None),
        }
        for key, (text, route) in texts.items():
            radio = QRadioButton(text, self)
            radio.setAccessibleName(TARGET_LABELS[key])
            self.group.addButton(radio)
            self.radios[key.value] = radio
            layout.addWidget(radio)
            if route is not None and not route.open:
                note = hint_label(route_review_text(route, today), self)
                note.setContentsMargins(24, 0, 0, 0)
                layout.addWidget(note)
            if fixed and key.value != target:
                radio.setVisible(False)
        default = target or ("cpme" if case.is_business else "mediator")
        self.radios[default].setChecked(True)
        for key, radio in self.radios.items():
            radio.toggled.connect(lambda on, k=key: on and self._target_changed())
        self.path = QLineEdit(self)
        self.path.setAccessibleName(self.tr("Fichier zip à créer"))
        self.browse = QPushButton(self.tr("&Parcourir…"), self)
        lab = QLabel(self.tr("&Fichier à créer"), self)
        lab.setBuddy(self.path)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        layout.addWidget(lab)
        layout.addLayout(row)
        self.message = InlineMessage(self)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Créer le courriel") if email else self.tr("Exporter"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.browse.clicked.connect(self._browse)
        self._auto_path = ""
        self._target_changed()

    def target(self) -> str:
        return next(k for k, r in self.radios.items() if r.isChecked())

    def suggested_name(self) -> str:
        from dispute.filenames import safe_filename

        names = {"mediator": "Dossier médiateur", "cpme": "Dossier CPME",
                 "complete": "Dossier complet"}
        text = f"{names[self.target()]} - {self.case.subscriber.name or self.case.id} - " \
               f"{self.today.isoformat()}"
        return safe_filename(text, max_length=110) + ".zip"

    def _target_changed(self) -> None:
        from gui.letter_preview import last_output_dir

        current = self.path.text().strip()
        if not current or current == self._auto_path:
            folder = Path(current).parent if current else last_output_dir()
            self._auto_path = str(folder / self.suggested_name())
            self.path.setText(self._auto_path)

    def _browse(self) -> None:
        chosen = desktop.pick_save_file(self, self.tr("Enregistrer le dossier"),
                                        self.path.text() or self.suggested_name(),
                                        self.tr("Archive zip (*.zip)"))
        if chosen is not None:
            self.path.setText(str(chosen))

    def out_path(self) -> Path:
        path = Path(self.path.text().strip()).expanduser()
        return path if path.suffix.lower() == ".zip" else path.with_name(path.name + ".zip")

    def accept(self) -> None:
        text = self.path.text().strip()
        if not text:
            self.message.set_message(self.tr("Choisissez le fichier à créer."), "error")
            return
        path = self.out_path()
        if not path.parent.is_dir():
            self.message.set_message(self.tr("Le dossier « {folder} » n'existe pas.").format(
                folder=path.parent), "error")
            return
        if path.exists() and not dialogs.ask(self, self.tr("Remplacer le fichier"), self.tr(
                "Le fichier « {name} » existe déjà. Le remplacer ?").format(name=path.name)):
            return
        super().accept()

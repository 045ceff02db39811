"""The evidence timeline: dated events, and the files attached to them as exhibits.

Attaching a file (button, or files dropped on an event of the table or on the event dialog)
copies it into the store at once with ``CaseStore.add_exhibit`` — a file must be captured while
it exists — and links the new exhibit (« Pièce n° N ») to the event. A refused file (link,
special file, unreadable) is reported in French through ``gui.dialogs`` and nothing else
changes. The case itself is saved by whoever owns it.

Tests never open a modal window: ``pick_files`` (the file chooser) and ``exec_dialog`` (runs
the event dialog) are injectable.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dispute.accents import strip_accents
from dispute.model import (
    AnswerOutcome,
    Case,
    Counterpart,
    Direction,
    Event,
    EventKind,
    Exhibit,
    Party,
    RegisteredMail,
)
from dispute.procedure import event_title
from dispute.validation import (
    InvalidValueError,
    ValidationIssue,
    clean_text,
    format_date_fr,
    validate_case,
    validate_not_future,
)
from gui import dialogs
from gui.editors.common import FormEditor, add_row, enum_label, make_form, path_under, widget_error
from gui.widgets import DateField, InlineMessage, TextField, hint_label, parse_date_fr

logger = logging.getLogger(__name__)

PickFiles = Callable[[QWidget], list[Path]]
ExecDialog = Callable[[QDialog], int]

WRITTEN_KINDS = {EventKind.LETTER, EventKind.REGISTERED_LETTER, EventKind.EMAIL}
DEFAULT_COUNTERPART = {
    EventKind.SAISINE: Counterpart.MEDIATOR,
    EventKind.MEDIATOR_OPINION: Counterpart.MEDIATOR,
    EventKind.PARTY_POSITION: Counterpart.MEDIATOR,
    EventKind.COURT_ACTION: Counterpart.COURT,
    EventKind.DGCCRF_REPORT: Counterpart.DGCCRF,
    EventKind.PROCUREUR_COMPLAINT: Counterpart.PROCUREUR,
    EventKind.SHOP_VISIT: Counterpart.OPERATOR_OTHER,
    EventKind.TECHNICIAN_VISIT: Counterpart.OPERATOR_OTHER,
}
INCOMING_KINDS = {EventKind.ANSWER, EventKind.MEDIATOR_OPINION}


def local_files(mime: QMimeData | None) -> list[Path]:
    """The local files of a drag and drop (``file://`` URLs), in order."""
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def default_pick_files(parent: QWidget) -> list[Path]:
    names, _ = QFileDialog.getOpenFileNames(
        parent, parent.tr("Joindre des pièces"), "",
        parent.tr("Tous les fichiers (*);;Documents PDF (*.pdf);;Images (*.png *.jpg *.jpeg)"))
    return [Path(n) for n in names]


def exhibit_text(exhibit: Exhibit) -> str:
    name = exhibit.title or exhibit.original_name
    return f"Pièce n° {exhibit.number} — {name}" if name else f"Pièce n° {exhibit.number}"


_UPPER_WORDS = {"ar": "AR", "lrar": "LRAR", "lr": "LR", "rib": "RIB", "sms": "SMS",
                "tv": "TV", "adsl": "ADSL", "cgv": "CGV", "kbis": "Kbis"}


def default_exhibit_title(path: Path | str) -> str:
    """The title an attached file gets until the user changes it: its name without extension,
    underscores as spaces, spaces collapsed, the first letter capitalised (« ar_signé.jpg » →
    « AR signé »). It is what the bordereau and the letters cite."""
    stem = Path(path).stem if Path(path).suffix else Path(path).name
    text = " ".join(clean_text(stem).replace("_", " ").split())
    if not text:
        return ""
    first, _, rest = text.partition(" ")
    first = _UPPER_WORDS.get(first.lower(), first[:1].upper() + first[1:])
    return f"{first} {rest}".strip()


def _plain_words(text: str) -> str:
    plain = strip_accents(text.lower())
    return " " + re.sub(r"[^a-z0-9]+", " ", plain) + " "


_RECEIPT_WORDS = (" ar ", " a r ", " accuse ", " avis de reception ", " recepisse ")
_POSTING_WORDS = (" depot ", " preuve de depot ", " bordereau ", " envoi ")


def exhibit_date_for(event: Event, path: Path | str) -> date | None:
    """The date a file attached to ``event`` gets (editable afterwards): the event's date, or
    for a registered letter the receipt date for the signed AR card (« AR signé… ») and the
    posting date for the proof of posting, when they are known."""
    reg = event.registered if event.kind is EventKind.REGISTERED_LETTER else None
    if reg is not None:
        words = _plain_words(Path(path).stem)
        if reg.received_on and any(w in words for w in _RECEIPT_WORDS):
            return reg.received_on
        if reg.posted_on and any(w in words for w in _POSTING_WORDS):
            return reg.posted_on
    return event.date


# What « Sens » reads for each kind of event (a call is placed or received, not « sent »).
_DIRECTION_TEXTS: dict[EventKind, tuple[str, str]] = {
    EventKind.CALL: ("Appel passé par l'abonné", "Appel reçu par l'abonné"),
    EventKind.CHAT: ("Échange ouvert par l'abonné", "Échange ouvert par l'interlocuteur"),
    EventKind.SHOP_VISIT: ("Visite à l'initiative de l'abonné",
                           "Visite à l'initiative de l'interlocuteur"),
    EventKind.TECHNICIAN_VISIT: ("Intervention demandée par l'abonné",
                                 "Intervention à l'initiative de l'opérateur"),
    EventKind.OUTAGE: ("Signalée par l'abonné", "Annoncée par l'opérateur"),
}


def direction_text(kind: EventKind, direction: Direction) -> str:
    """« Appel passé par l'abonné » for a call, « Envoyé par l'abonné » for a letter..."""
    texts = _DIRECTION_TEXTS.get(kind)
    if texts is None:
        return enum_label(direction)
    return texts[0] if direction is Direction.OUTGOING else texts[1]


def _combo(parent: QWidget, values: Iterable, none_text: str | None = None) -> QComboBox:
    combo = QComboBox(parent)
    if none_text is not None:
        combo.addItem(none_text, None)
    for value in values:
        combo.addItem(enum_label(value), value.value)
    return combo


def _set_combo(combo: QComboBox, value) -> None:
    data = value.value if value is not None else None
    index = combo.findData(data)
    combo.setCurrentIndex(max(index, 0))


class _DropMixin:
    """Accept local files dropped on the widget; subclasses handle ``files_dropped``."""

    def _accepts(self, event) -> bool:
        return bool(local_files(event.mimeData()))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._accepts(event):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self.dragEnterEvent(event)


# --------------------------------------------------------------------------------------------
# The exhibits of an event (dialog) or of the case (timeline): title and date editable


class ExhibitTable(QTableWidget):
    """Exhibits with an editable « Titre » and « Date » (double-click, F2 or just type).

    The table edits its own copies (``exhibits()``); ``edited`` is emitted on each change
    and ``problem`` with a French message when a typed value is refused (an unreadable or
    future date, an empty title: the previous value stays), or "" once a change is accepted.
    """

    edited = Signal()
    problem = Signal(str)

    TITLE, DATE = 1, 2

    def __init__(self, today: date, parent: QWidget | None = None, *,
                 event_column: bool = False) -> None:
        columns = ["N°", "Titre", "Date", "Fichier"] + (["Événement"] if event_column else [])
        super().__init__(0, len(columns), parent)
        self._today = today
        self._rows: list[Exhibit | None] = []
        self.setHorizontalHeaderLabels([self.tr(c) for c in columns])
        self.horizontalHeaderItem(self.TITLE).setToolTip(self.tr(
            "Le titre cité dans le bordereau des pièces et dans les courriers : "
            "double-cliquez pour le modifier."))
        self.horizontalHeaderItem(self.DATE).setToolTip(self.tr(
            "La date du document (JJ/MM/AAAA) : double-cliquez pour la modifier."))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.SelectedClicked)
        self.setTabKeyNavigation(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 10)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.DATE, QHeaderView.ResizeMode.ResizeToContents)
        for column in range(3, len(columns)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(column, 150)
        self.itemChanged.connect(self._item_changed)

    def set_exhibits(self, exhibits: Iterable[Exhibit | None],
                     events: Iterable[str] | None = None) -> None:
        """Show copies of ``exhibits`` (None: an exhibit no longer in the case)."""
        exhibits = list(exhibits)
        events = list(events) if events is not None else [""] * len(exhibits)
        self.blockSignals(True)
        try:
            self._rows = [copy.deepcopy(x) if x is not None else None for x in exhibits]
            self.setRowCount(len(self._rows))
            for row, (exhibit, event) in enumerate(zip(self._rows, events, strict=True)):
                if exhibit is None:
                    cells = ["", self.tr("Pièce introuvable"), "", "", event]
                else:
                    cells = [str(exhibit.number), exhibit.title,
                             format_date_fr(exhibit.date) if exhibit.date else "",
                             exhibit.original_name, event]
                for column in range(self.columnCount()):
                    item = QTableWidgetItem(cells[column])
                    editable = exhibit is not None and column in (self.TITLE, self.DATE)
                    flags = item.flags() | Qt.ItemFlag.ItemIsEditable if editable \
                        else item.flags() & ~Qt.ItemFlag.ItemIsEditable
                    item.setFlags(flags)
                    if column in (3, 4):
                        item.setToolTip(cells[column])
                    if column == self.TITLE and exhibit is not None:
                        item.setToolTip(self.tr("Pièce n° {n} : {title}").format(
                            n=exhibit.number, title=exhibit.title or exhibit.original_name))
                    self.setItem(row, column, item)
        finally:
            self.blockSignals(False)

    def exhibit_at(self, row: int) -> Exhibit | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def exhibits(self) -> list[Exhibit]:
        return [copy.deepcopy(x) for x in self._rows if x is not None]

    def set_title(self, row: int, title: str) -> None:
        """As if the user typed ``title`` in the « Titre » cell of ``row``."""
        self.item(row, self.TITLE).setText(title)

    def set_date_text(self, row: int, text: str) -> None:
        """As if the user typed ``text`` in the « Date » cell of ``row``."""
        self.item(row, self.DATE).setText(text)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        exhibit = self.exhibit_at(item.row())
        if exhibit is None or item.column() not in (self.TITLE, self.DATE):
            return
        refused = ""
        if item.column() == self.TITLE:
            title = " ".join(clean_text(item.text()).split())
            if not title:  # an empty title would print « (sans titre) »: keep a useful one
                title = exhibit.title or default_exhibit_title(exhibit.original_name)
                refused = self.tr("Le titre de la pièce n° {n} ne peut pas être vide : il est "
                                  "cité dans le bordereau et les courriers."
                                  ).format(n=exhibit.number)
            exhibit.title = title
            shown = title
        else:
            try:
                value = parse_date_fr(item.text())
            except InvalidValueError as exc:
                value, refused = exhibit.date, exc.message
            else:
                future = validate_not_future(value, self._today, "", "La date de la pièce")
                if future:
                    value, refused = exhibit.date, future[0].message
            exhibit.date = value
            shown = format_date_fr(value) if value else ""
        self.blockSignals(True)
        try:
            if item.text() != shown:
                item.setText(shown)
            if item.column() == self.TITLE:
                item.setToolTip(self.tr("Pièce n° {n} : {title}").format(n=exhibit.number,
                                                                         title=shown))
        finally:
            self.blockSignals(False)
        self.problem.emit(refused)
        self.edited.emit()


# --------------------------------------------------------------------------------------------
# The event dialog


class EventDialog(_DropMixin, QDialog):
    """Add or edit one event. ``edited_event()`` gives the edited copy after ``accept``, and
    ``exhibit_changes()`` the titles and dates the user gave its exhibits.

    ``attach`` (given by the timeline) copies files into the store and returns the new
    exhibits; its second argument gives each file's date (``exhibit_date_for``). ``exhibits``
    maps the case's exhibit ids to exhibits, to list those attached.
    """

    def __init__(self, event: Event, today: date, *, exhibits: dict[str, Exhibit],
                 attach: Callable[[list[Path], Callable[[Path], date | None]],
                                  list[Exhibit]] | None = None,
                 pick_files: PickFiles | None = None, parent: QWidget | None = None,
                 new: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Nouvel événement") if new else self.tr("Modifier l'événement"))
        self.setAcceptDrops(True)
        self._event = copy.deepcopy(event)
        self._today = today
        self._exhibits = {k: copy.deepcopy(v) for k, v in exhibits.items()}
        self._exhibit_values = {k: (v.title, v.date) for k, v in exhibits.items()}
        self._attach = attach
        self._pick_files = pick_files or default_pick_files
        self._exhibit_ids = list(event.exhibit_ids)
        self._previous_date: date | None = event.date

        self.kind = _combo(self, EventKind)
        self.date = DateField(self)
        self.date_message = InlineMessage(self)
        self.counterpart = _combo(self, Counterpart)
        self.direction = _combo(self, Direction)
        # its texts follow the kind (« Appel passé par l'abonné »): the width follows them
        self.direction.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.written = QCheckBox(self.tr("Échange é&crit (courrier, courriel, formulaire…)"), self)
        self.written.setAccessibleName(self.tr("Échange écrit"))
        self.summary = QPlainTextEdit(self)
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(self.summary.fontMetrics().lineSpacing() * 4 + 14)
        self.summary.setPlaceholderText(self.tr("Ce qui a été dit, demandé ou répondu."))
        self.reference = TextField(self, placeholder=self.tr("N° de ticket, de dossier…"))
        self.end_date = DateField(self)
        self.end_message = InlineMessage(self)
        self.outcome = _combo(self, AnswerOutcome, self.tr("— non précisé —"))
        self.outcome_message = InlineMessage(self)
        self.party = _combo(self, Party, self.tr("— non précisé —"))
        self.accepted = QComboBox(self)
        self.accepted.addItem(self.tr("— non précisé —"), None)
        self.accepted.addItem(self.tr("Accepte l'avis"), True)
        self.accepted.addItem(self.tr("Refuse l'avis"), False)

        form = make_form()
        add_row(form, self.tr("&Type d'événement"), self.kind, self.tr("Type d'événement"))
        self.date_label = add_row(form, self.tr("&Date"), self.date,
                                  self.tr("Date de l'événement"), self.date_message)
        add_row(form, self.tr("&Interlocuteur"), self.counterpart, self.tr("Interlocuteur"))
        add_row(form, self.tr("S&ens"), self.direction, self.tr("Sens de l'échange"))
        form.addRow("", self.written)
        add_row(form, self.tr("&Résumé"), self.summary, self.tr("Résumé de l'événement"))
        add_row(form, self.tr("Ré&férence"), self.reference,
                self.tr("Référence (ticket, dossier)"))
        self.end_label = add_row(form, self.tr("Date de &fin"), self.end_date,
                                 self.tr("Date de fin"), self.end_message)
        self.outcome_label = add_row(form, self.tr("&Appréciation de la réponse"), self.outcome,
                                     self.tr("Appréciation de la réponse"), self.outcome_message)
        self.party_label = add_row(form, self.tr("&Partie"), self.party,
                                   self.tr("Partie qui se prononce"))
        self.accepted_label = add_row(form, self.tr("Positi&on"), self.accepted,
                                      self.tr("Position sur l'avis"))
        self.form = form

        # registered letter
        self.registered_box = QGroupBox(self.tr("Suivi de la lettre recommandée"), self)
        self.tracking = TextField(self, placeholder=self.tr("1A 234 567 8901 2"))
        self.posted_on = DateField(self)
        self.first_presented_on = DateField(self)
        self.received_on = DateField(self)
        self.not_claimed = QCheckBox(self.tr("Pli avisé et &non réclamé (revenu à l'expéditeur)"),
                                     self)
        self.not_claimed.setAccessibleName(self.tr("Pli avisé et non réclamé"))
        self.registered_message = InlineMessage(self)
        reg_form = make_form()
        add_row(reg_form, self.tr("N° de s&uivi"), self.tracking,
                self.tr("Numéro de suivi de la lettre recommandée"))
        add_row(reg_form, self.tr("Dé&posée le"), self.posted_on, self.tr("Date de dépôt"))
        add_row(reg_form, self.tr("Première pré&sentation le"), self.first_presented_on,
                self.tr("Date de première présentation"))
        add_row(reg_form, self.tr("Accusé de réception si&gné le"), self.received_on,
                self.tr("Date de signature de l'accusé de réception"))
        reg_form.addRow("", self.not_claimed)
        reg_layout = QVBoxLayout(self.registered_box)
        reg_layout.addLayout(reg_form)
        reg_layout.addWidget(self.registered_message)

        # exhibits
        self.exhibits_box = QGroupBox(self.tr("Pièces jointes à cet événement"), self)
        self.exhibit_table = ExhibitTable(today, self)
        self.exhibit_table.setAccessibleName(self.tr("Pièces jointes à l'événement : titre et "
                                                     "date modifiables"))
        rows = self.exhibit_table.fontMetrics().lineSpacing() + 10
        self.exhibit_table.setMinimumHeight(rows * 3 + 8)
        self.exhibit_table.setMaximumHeight(rows * 5 + 8)
        self.exhibit_message = InlineMessage(self)
        self.attach_button = QPushButton(self.tr("&Joindre des fichiers…"), self)
        self.attach_button.setAccessibleName(self.tr("Joindre des fichiers à l'événement"))
        self.unlink_button = QPushButton(self.tr("Reti&rer de l'événement"), self)
        self.unlink_button.setAccessibleName(self.tr("Retirer la pièce de l'événement"))
        ex_buttons = QHBoxLayout()
        ex_buttons.addWidget(self.attach_button)
        ex_buttons.addWidget(self.unlink_button)
        ex_buttons.addStretch(1)
        ex_layout = QVBoxLayout(self.exhibits_box)
        ex_layout.addWidget(self.exhibit_table)
        ex_layout.addWidget(self.exhibit_message)
        ex_layout.addLayout(ex_buttons)
        ex_layout.addWidget(hint_label(self.tr(
            "Le titre de chaque pièce est celui du bordereau et des courriers : double-cliquez "
            "sur le titre ou la date pour les corriger. Vous pouvez aussi déposer des fichiers "
            "sur cette fenêtre."), self))
        self.attach_button.setEnabled(attach is not None)

        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(self.tr("&Enregistrer l'événement"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(self.tr("Annuler"),
                                                    QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        columns = QHBoxLayout()
        columns.setSpacing(16)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addStretch(1)
        columns.addLayout(left, 3)
        right = QVBoxLayout()
        right.addWidget(self.registered_box)
        right.addStretch(1)
        columns.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.exhibits_box)
        layout.addWidget(self.buttons)

        self._load(self._event)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.date.edited.connect(self._date_edited)
        for widget in (self.end_date, self.posted_on, self.first_presented_on, self.received_on,
                       self.tracking):
            widget.edited.connect(self._revalidate)
        for combo in (self.outcome, self.party, self.accepted, self.counterpart, self.direction):
            combo.currentIndexChanged.connect(self._revalidate)
        self.not_claimed.toggled.connect(self._revalidate)
        self.attach_button.clicked.connect(self._attach_clicked)
        self.unlink_button.clicked.connect(self._unlink)
        self.exhibit_table.itemSelectionChanged.connect(
            lambda: self.unlink_button.setEnabled(self.exhibit_table.currentRow() >= 0))
        self.exhibit_table.edited.connect(self._exhibit_edited)
        self.exhibit_table.problem.connect(
            lambda text: self.exhibit_message.set_message(text, "error"))
        self._update_visibility()
        self._update_directions()
        self._revalidate()
        self.resize(max(self.sizeHint().width() + 40, 760), self.sizeHint().height())

    # -- loading and reading --------------------------------------------------------------

    def _load(self, event: Event) -> None:
        _set_combo(self.kind, event.kind)
        self.date.set_date_value(event.date)
        _set_combo(self.counterpart, event.counterpart)
        _set_combo(self.direction, event.direction)
        self.written.setChecked(event.written or event.kind in WRITTEN_KINDS)
        self.summary.setPlainText(event.summary)
        self.reference.setText(event.reference)
        self.end_date.set_date_value(event.end_date)
        _set_combo(self.outcome, event.outcome)
        _set_combo(self.party, event.party)
        self.accepted.setCurrentIndex(max(0, self.accepted.findData(event.accepted))
                                      if event.accepted is not None else 0)
        reg = event.registered or RegisteredMail()
        self.tracking.setText(reg.tracking_number)
        self.posted_on.set_date_value(reg.posted_on)
        self.first_presented_on.set_date_value(reg.first_presented_on)
        self.received_on.set_date_value(reg.received_on)
        self.not_claimed.setChecked(reg.not_claimed)
        self._fill_exhibits()

    def _fill_exhibits(self) -> None:
        self.exhibit_table.set_exhibits(self._exhibits.get(x) for x in self._exhibit_ids)
        self.unlink_button.setEnabled(self.exhibit_table.currentRow() >= 0)

    def _exhibit_edited(self) -> None:
        for exhibit in self.exhibit_table.exhibits():
            self._exhibits[exhibit.id] = exhibit

    def exhibit_changes(self) -> dict[str, tuple[str, date | None]]:
        """``{exhibit id: (title, date)}`` of the exhibits whose title or date was changed."""
        return {x.id: (x.title, x.date) for x in self._exhibits.values()
                if (x.title, x.date) != self._exhibit_values.get(x.id)}

    def current_kind(self) -> EventKind:
        return EventKind(self.kind.currentData())

    def edited_event(self) -> Event:
        """The event as edited (``QDialog.event`` is Qt's dispatcher, hence the name)."""
        kind = self.current_kind()
        ev = copy.deepcopy(self._event)
        ev.kind = kind
        ev.date = self.date.date_value()
        ev.counterpart = Counterpart(self.counterpart.currentData())
        ev.direction = Direction(self.direction.currentData())
        ev.written = self.written.isChecked()
        ev.summary = clean_text(self.summary.toPlainText()).strip()
        ev.reference = self.reference.text().strip()
        ev.end_date = self.end_date.date_value() if self._shows_end(kind) else None
        outcome = self.outcome.currentData()
        ev.outcome = AnswerOutcome(outcome) if outcome and self._shows_outcome(kind) else None
        party = self.party.currentData()
        is_position = kind is EventKind.PARTY_POSITION
        ev.party = Party(party) if party and is_position else None
        ev.accepted = self.accepted.currentData() if is_position else None
        if kind is EventKind.REGISTERED_LETTER:
            ev.registered = RegisteredMail(
                tracking_number=self.tracking.text().strip(),
                posted_on=self.posted_on.date_value(),
                first_presented_on=self.first_presented_on.date_value(),
                received_on=self.received_on.date_value(),
                not_claimed=self.not_claimed.isChecked())
        else:
            ev.registered = None
        ev.exhibit_ids = list(self._exhibit_ids)
        return ev

    # -- behaviour --------------------------------------------------------------------------

    @staticmethod
    def _shows_end(kind: EventKind) -> bool:
        return kind in (EventKind.OUTAGE, EventKind.OTHER, EventKind.TECHNICIAN_VISIT)

    @staticmethod
    def _shows_outcome(kind: EventKind) -> bool:
        return kind in (EventKind.ANSWER, EventKind.MEDIATOR_OPINION)

    def _update_directions(self) -> None:
        kind = self.current_kind()
        for index in range(self.direction.count()):
            self.direction.setItemText(index, direction_text(
                kind, Direction(self.direction.itemData(index))))

    def _kind_changed(self) -> None:
        kind = self.current_kind()
        self._update_directions()
        if kind in WRITTEN_KINDS:
            self.written.setChecked(True)
        if kind in DEFAULT_COUNTERPART:
            _set_combo(self.counterpart, DEFAULT_COUNTERPART[kind])
        _set_combo(self.direction, Direction.INCOMING if kind in INCOMING_KINDS
                   else Direction.OUTGOING)
        if kind is EventKind.REGISTERED_LETTER and not self.posted_on.text().strip():
            self.posted_on.set_date_value(self.date.date_value())
        self._update_visibility()
        self._revalidate()

    def _date_edited(self) -> None:
        new = self.date.date_value()
        posted = self.posted_on.date_value()
        if self.current_kind() is EventKind.REGISTERED_LETTER and (
                not self.posted_on.text().strip() or posted == self._previous_date):
            self.posted_on.set_date_value(new)
        self._previous_date = new
        self._revalidate()

    def _update_visibility(self) -> None:
        kind = self.current_kind()
        self.form.setRowVisible(self.end_date.parentWidget(), self._shows_end(kind))
        self.form.setRowVisible(self.outcome.parentWidget(), self._shows_outcome(kind))
        self.form.setRowVisible(self.party, kind is EventKind.PARTY_POSITION)
        self.form.setRowVisible(self.accepted, kind is EventKind.PARTY_POSITION)
        self.registered_box.setVisible(kind is EventKind.REGISTERED_LETTER)
        self.date_label.setText(self.tr("&Date d'envoi") if kind in (
            EventKind.LETTER, EventKind.REGISTERED_LETTER, EventKind.EMAIL)
            else self.tr("&Date de début") if kind is EventKind.OUTAGE else self.tr("&Date"))

    def issues(self) -> list[ValidationIssue]:
        ev = self.edited_event()
        case = Case(events=[ev], exhibits=list(self._exhibits.values()))
        found = [i for i in validate_case(case, self._today) if path_under(i.path, "events[0]")]
        for path, field in (("events[0].date", self.date), ("events[0].end_date", self.end_date),
                            ("events[0].registered.posted_on", self.posted_on),
                            ("events[0].registered.first_presented_on",
                             self.first_presented_on),
                            ("events[0].registered.received_on", self.received_on)):
            if (field.isVisibleTo(self) or field is self.date) and field.error():
                found.append(widget_error(path, field.error()))
        return found

    def _revalidate(self) -> None:
        issues = self.issues()
        buckets: dict[str, list[ValidationIssue]] = {"date": [], "end": [], "outcome": [],
                                                     "registered": []}
        for issue in issues:
            if path_under(issue.path, "events[0].registered"):
                buckets["registered"].append(issue)
            elif path_under(issue.path, "events[0].end_date"):
                buckets["end"].append(issue)
            elif path_under(issue.path, "events[0].outcome"):
                buckets["outcome"].append(issue)
            else:
                buckets["date"].append(issue)
        self.date_message.set_issues(buckets["date"])
        self.end_message.set_issues(buckets["end"])
        self.outcome_message.set_issues(buckets["outcome"])
        self.registered_message.set_issues(buckets["registered"])
        self.ok_button.setEnabled(not any(i.is_error for i in issues))

    def _attach_clicked(self) -> None:
        self.attach_paths(self._pick_files(self))

    def attach_paths(self, paths: list[Path]) -> None:
        if not paths or self._attach is None:
            return
        event = self.edited_event()
        added = self._attach(paths, lambda path: exhibit_date_for(event, path))
        for exhibit in added:
            self._exhibits[exhibit.id] = copy.deepcopy(exhibit)
            self._exhibit_values[exhibit.id] = (exhibit.title, exhibit.date)
            self._exhibit_ids.append(exhibit.id)
        self._fill_exhibits()
        if added:
            self.exhibit_table.selectRow(len(self._exhibit_ids) - 1)

    def _unlink(self) -> None:
        row = self.exhibit_table.currentRow()
        if 0 <= row < len(self._exhibit_ids):
            del self._exhibit_ids[row]
            self._fill_exhibits()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_files(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.attach_paths(paths)


# --------------------------------------------------------------------------------------------
# The timeline


class EventTable(_DropMixin, QTableWidget):
    """The table of events; files dropped on a row are attached to that event."""

    filesDropped = Signal(int, list)  # row (-1: not on a row), list of Path

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 5, parent)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setDropIndicatorShown(True)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # the wrapped texts take fewer lines once the table has its real width
        self.resizeRowsToContents()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_files(event.mimeData())
        if not paths:
            event.ignore()
            return
        index = self.indexAt(event.position().toPoint())
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.filesDropped.emit(index.row() if index.isValid() else -1, paths)


class TimelineEditor(FormEditor):
    """The table of dated events: add, edit, remove; attach files as exhibits."""

    prefixes = ("events", "exhibits")
    COLUMNS = ("Date", "Événement", "Interlocuteur", "Résumé", "Pièces")

    def __init__(self, store, today: date | None = None, parent: QWidget | None = None, *,
                 pick_files: PickFiles | None = None,
                 exec_dialog: ExecDialog | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Chronologie et pièces")
        self.store = store
        self.today = today or date.today()
        self.pick_files: PickFiles = pick_files or default_pick_files
        self.exec_dialog: ExecDialog = exec_dialog or (lambda dialog: dialog.exec())
        self._case = Case()
        self._events: list[Event] = []
        self._row_ids: list[str] = []

        self.table = EventTable(self)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setAccessibleName(self.tr("Chronologie des événements"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(1, 190)
        self.table.setColumnWidth(2, 150)
        self.table.setColumnWidth(4, 100)
        self.table_label = QLabel(self.tr("É&vénements, du plus ancien au plus récent"), self)
        self.table_label.setBuddy(self.table)

        self.add_button = QPushButton(self.tr("&Ajouter un événement…"), self)
        self.edit_button = QPushButton(self.tr("&Modifier…"), self)
        self.remove_button = QPushButton(self.tr("&Supprimer"), self)
        self.attach_button = QPushButton(self.tr("&Joindre des fichiers…"), self)
        for button, name in ((self.add_button, "Ajouter un événement"),
                             (self.edit_button, "Modifier l'événement sélectionné"),
                             (self.remove_button, "Supprimer l'événement sélectionné"),
                             (self.attach_button,
                              "Joindre des fichiers à l'événement sélectionné")):
            button.setAccessibleName(self.tr(name))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.attach_button)

        self.status = InlineMessage(self)
        self.unlinked = hint_label("", self)
        self.message = InlineMessage(self)

        self.exhibit_table = ExhibitTable(self.today, self, event_column=True)
        self.exhibit_table.setAccessibleName(self.tr("Pièces du dossier : titre et date "
                                                     "modifiables"))
        self.exhibit_label = QLabel(self.tr("&Pièces du dossier — le titre est celui du "
                                            "bordereau et des courriers (double-cliquez pour "
                                            "le modifier)"), self)
        self.exhibit_label.setWordWrap(True)
        self.exhibit_label.setBuddy(self.exhibit_table)
        self.exhibit_message = InlineMessage(self)
        self.exhibit_table.edited.connect(self._exhibit_edited)
        self.exhibit_table.problem.connect(
            lambda text: self.exhibit_message.set_message(text, "error"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(hint_label(self.tr(
            "Pour joindre une pièce (facture, courrier, capture d'écran, avis de réception), "
            "sélectionnez l'événement puis « Joindre des fichiers… », ou déposez les fichiers "
            "sur sa ligne."), self))
        layout.addWidget(self.exhibit_label)
        layout.addWidget(self.exhibit_table)
        layout.addWidget(self.exhibit_message)
        layout.addWidget(self.status)
        layout.addWidget(self.unlinked)
        layout.addWidget(self.message)
        self.route("events", self.message, self.table)
        self.route("exhibits", self.exhibit_message, self.exhibit_table)

        self.add_button.clicked.connect(self.add_event_dialog)
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.attach_button.clicked.connect(self.attach_to_selected)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.cellDoubleClicked.connect(lambda _row, _col: self.edit_selected())
        self.table.filesDropped.connect(self._files_dropped)
        self._refresh()

    # -- data ---------------------------------------------------------------------------------

    def events(self) -> list[Event]:
        return copy.deepcopy(self._events)

    def _exhibits_by_id(self) -> dict[str, Exhibit]:
        return {x.id: x for x in self._case.exhibits}

    def _event(self, event_id: str) -> Event | None:
        return next((e for e in self._events if e.id == event_id), None)

    def selected_event(self) -> Event | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self._event(self._row_ids[rows[0].row()])

    def select_event(self, event_id: str) -> None:
        if event_id in self._row_ids:
            self.table.selectRow(self._row_ids.index(event_id))

    def _refresh(self, *, exhibits: bool = True) -> None:
        selected = self.selected_event()
        ordered = sorted(self._events, key=lambda e: (e.date is None, e.date or date.min))
        by_id = self._exhibits_by_id()
        self.table.setRowCount(len(ordered))
        self._row_ids = [e.id for e in ordered]
        for row, ev in enumerate(ordered):
            kind = enum_label(ev.kind)
            if ev.kind is EventKind.ANSWER and ev.outcome is not None:
                kind += f" ({enum_label(ev.outcome).lower()})"
            if ev.kind is EventKind.REGISTERED_LETTER and ev.registered is not None:
                reg = ev.registered
                if reg.tracking_number:
                    kind += f"\nn° {reg.tracking_number}"
                if reg.received_on:
                    kind += self.tr("\nAR signé le {d}").format(d=format_date_fr(reg.received_on))
                elif reg.not_claimed:
                    kind += self.tr("\nnon réclamée")
            # the numbers only: the titles are in the table of exhibits below (and the tip)
            linked = [by_id[x] for x in ev.exhibit_ids if x in by_id]
            cells = (format_date_fr(ev.date) if ev.date else self.tr("sans date"), kind,
                     f"{enum_label(ev.counterpart)}\n{direction_text(ev.kind, ev.direction)}",
                     ev.summary, ", ".join(f"n° {x.number}" for x in linked))
            tips = list(cells[:4]) + ["\n".join(exhibit_text(x) for x in linked)]
            for column, (text, tip) in enumerate(zip(cells, tips, strict=True)):
                item = QTableWidgetItem(text)
                item.setToolTip(tip)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        if selected is not None:
            self.select_event(selected.id)
        linked = {x for e in self._events for x in e.exhibit_ids}
        loose = [exhibit_text(x) for x in self._case.exhibits if x.id not in linked]
        self.unlinked.setText(self.tr("Pièces du dossier rattachées à aucun événement : ")
                              + " ; ".join(loose) if loose else "")
        self.unlinked.setVisible(bool(loose))
        if exhibits:
            self._refresh_exhibits()
        self._selection_changed()

    def _refresh_exhibits(self) -> None:
        events = {x: event_title(e) for e in self._events for x in e.exhibit_ids}
        shown = sorted(self._case.exhibits, key=lambda x: x.number)
        self.exhibit_table.set_exhibits(shown, [events.get(x.id, self.tr("aucun"))
                                                for x in shown])
        # as tall as its rows (six at most, then it scrolls): the events keep the room
        table = self.exhibit_table
        rows = min(len(shown), 6)
        height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth() + sum(
            table.rowHeight(r) for r in range(rows))
        table.setFixedHeight(max(height, table.horizontalHeader().sizeHint().height() * 2))
        has = bool(shown)
        self.exhibit_label.setVisible(has)
        self.exhibit_table.setVisible(has)

    def _exhibit_edited(self) -> None:
        """A title or a date typed in the table of exhibits: into the case at once (the table
        already shows it: only the events are redrawn)."""
        self.set_exhibit_values({x.id: (x.title, x.date) for x in self.exhibit_table.exhibits()},
                                redraw_exhibits=False)

    def set_exhibit_values(self, values: dict[str, tuple[str, date | None]], *,
                           redraw_exhibits: bool = True) -> None:
        """Give exhibits their title and date (``{exhibit id: (title, date)}``)."""
        changed = False
        for exhibit in self._case.exhibits:
            if exhibit.id in values and (exhibit.title, exhibit.date) != values[exhibit.id]:
                exhibit.title, exhibit.date = values[exhibit.id]
                changed = True
        if changed:
            self._refresh(exhibits=redraw_exhibits)
            self._emit("exhibits")

    def _selection_changed(self) -> None:
        has = self.selected_event() is not None
        self.edit_button.setEnabled(has)
        self.remove_button.setEnabled(has)
        self.attach_button.setEnabled(has)

    # -- editing ------------------------------------------------------------------------------

    def _dialog(self, event: Event, new: bool) -> EventDialog:
        return EventDialog(event, self.today, exhibits=self._exhibits_by_id(),
                           attach=self._store_files, pick_files=self.pick_files, parent=self,
                           new=new)

    def add_event_dialog(self) -> Event | None:
        dialog = self._dialog(Event(kind=EventKind.CALL), new=True)
        try:
            if self.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
                self._refresh()  # exhibits attached before cancelling stay in the case
                self._emit("exhibits")
                return None
            event = dialog.edited_event()
            changes = dialog.exhibit_changes()
        finally:
            dialog.deleteLater()
        self.set_exhibit_values(changes)
        self.add_event(event)
        return event

    def add_event(self, event: Event) -> None:
        self._events.append(copy.deepcopy(event))
        self._refresh()
        self.select_event(event.id)
        self._emit("events")

    def edit_selected(self) -> None:
        event = self.selected_event()
        if event is None:
            return
        dialog = self._dialog(event, new=False)
        try:
            accepted = self.exec_dialog(dialog) == QDialog.DialogCode.Accepted
            edited = dialog.edited_event() if accepted else None
            changes = dialog.exhibit_changes() if accepted else {}
        finally:
            dialog.deleteLater()
        if edited is not None:
            self.set_exhibit_values(changes)
            self.update_event(edited)
        else:
            self._refresh()

    def update_event(self, event: Event) -> None:
        for index, existing in enumerate(self._events):
            if existing.id == event.id:
                self._events[index] = copy.deepcopy(event)
        self._refresh()
        self._emit("events")

    def remove_selected(self) -> None:
        event = self.selected_event()
        if event is None:
            return
        text = self.tr("Supprimer l'événement « {title} » ?").format(title=event_title(event))
        if event.exhibit_ids:
            text += self.tr("\n\nSes pièces restent dans le dossier, avec leur numéro.")
        if not dialogs.ask(self, self.tr("Supprimer l'événement"), text):
            return
        self._events = [e for e in self._events if e.id != event.id]
        self._refresh()
        self._emit("events")

    # -- exhibits -----------------------------------------------------------------------------

    def _store_files(self, paths: list[Path],
                     when: date | None | Callable[[Path], date | None]) -> list[Exhibit]:
        """Copy each file into the store; a refused file is reported and skipped.

        Each exhibit is titled after its file (``default_exhibit_title``) and dated ``when``
        (a date, or a function of the file's path); both stay editable.
        """
        added = []
        for path in paths:
            day = when(Path(path)) if callable(when) else when
            try:
                exhibit = self.store.add_exhibit(self._case, Path(path),
                                                 title=default_exhibit_title(path), date=day)
            except Exception as exc:  # StoreError/ExhibitError carry a French message
                message = getattr(exc, "message", None)
                if message is None:
                    if not isinstance(exc, OSError):
                        raise
                    message = self.tr("Le fichier « {name} » ne peut pas être lu ({err})."
                                      ).format(name=Path(path).name, err=exc.strerror or exc)
                logger.info("Exhibit refused: %s (%s)", path, message)
                dialogs.critical(self, self.tr("Pièce non ajoutée"),
                                 message + self.tr("\n\nLe dossier n'a pas été modifié."))
                continue
            added.append(exhibit)
        if added:
            names = " ; ".join(exhibit_text(x) for x in added)
            self.status.set_message(self.tr("Ajoutée(s) au dossier : {names}").format(
                names=names), "info")
        return added

    def attach_files(self, event_id: str, paths: list[Path]) -> list[Exhibit]:
        """Copy ``paths`` into the store as exhibits linked to the event ``event_id``."""
        event = self._event(event_id)
        if event is None or not paths:
            return []
        added = self._store_files(paths, lambda path: exhibit_date_for(event, path))
        event.exhibit_ids += [x.id for x in added]
        if added:
            self._refresh()
            self._emit("events")
        return added

    def attach_to_selected(self) -> None:
        event = self.selected_event()
        if event is None:
            return
        paths = self.pick_files(self)
        if paths:
            self.attach_files(event.id, paths)

    def _files_dropped(self, row: int, paths: list) -> None:
        if 0 <= row < len(self._row_ids):
            event_id = self._row_ids[row]
        else:
            selected = self.selected_event()
            if selected is None:
                self.status.set_message(self.tr(
                    "Déposez les fichiers sur la ligne de l'événement auquel ils se rapportent "
                    "(ajoutez d'abord l'événement s'il n'existe pas)."), "warning")
                return
            event_id = selected.id
        self.select_event(event_id)
        self.attach_files(event_id, [Path(p) for p in paths])

    # -- contract -----------------------------------------------------------------------------

    def show_issues(self, issues) -> None:
        titled = []
        for issue in issues:
            prefix = ""
            for index, ev in enumerate(self._events):
                if path_under(issue.path, f"events[{index}]"):
                    prefix = event_title(ev) + " : "
            titled.append(ValidationIssue(issue.path, prefix + issue.message, issue.severity,
                                          issue.code))
        super().show_issues(titled)

    def load(self, case: Case) -> None:
        self.begin_load()
        try:
            self._case = case
            self._events = copy.deepcopy(case.events)
            self.status.clear()
            self._refresh()
        finally:
            self.end_load()

    def apply(self, case: Case) -> None:
        case.events = copy.deepcopy(self._events)
        if case is not self._case:
            mine = {x.id: x for x in self._case.exhibits}
            for exhibit in case.exhibits:  # titles and dates edited here
                if exhibit.id in mine:
                    exhibit.title, exhibit.date = mine[exhibit.id].title, mine[exhibit.id].date
            known = {x.id for x in case.exhibits}
            case.exhibits += [copy.deepcopy(x) for x in self._case.exhibits if x.id not in known]

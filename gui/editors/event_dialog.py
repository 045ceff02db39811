"""The event dialog: add or edit one dated event of the timeline (kind, date, counterpart,
direction, summary, registered-letter tracking) and the exhibits attached to it.

Files picked or dropped on the dialog are handed to ``attach`` (the timeline copies them into
the store); the titles and dates typed for them are read back with ``exhibit_changes()``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dispute.model import (
    AnswerOutcome,
    Case,
    Counterpart,
    Direction,
    Event,
    EventKind,
    Exhibit,
    ExhibitKind,
    Party,
    RegisteredMail,
    Sender,
)
from dispute.event_senders import SENT_KINDS, likely_sender
from dispute.validation import ValidationIssue, clean_text, validate_case
from gui.editors.common import add_row, enum_label, make_form, path_under, widget_error
from gui.editors.event_samples import date_message_samples, registered_message_samples
from gui.editors.exhibits import (
    ExhibitTable,
    ExhibitValues,
    FileDropMixin,
    PickFiles,
    default_pick_files,
    exhibit_date_for,
    exhibit_kind_for,
    exhibit_values,
    local_files,
)
from gui.screens import fit_to_content, keep_on_screen, screen_height
from gui.widgets import (
    DateField,
    InlineMessage,
    TextField,
    hint_label,
)

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




class EventDialog(FileDropMixin, QDialog):
    """Add or edit one event. ``edited_event()`` gives the edited copy after ``accept``, and
    ``exhibit_changes()`` the titles and dates the user gave its exhibits.

    ``attach`` (given by the timeline) copies files into the store and returns the new
    exhibits; its second and third arguments give each file's date and kind
    (``exhibit_date_for``, ``exhibit_kind_for``). ``exhibits``
    maps the case's exhibit ids to exhibits, to list those attached. ``structure`` (a
    structure follows the case) and ``mandate`` (the day its mandate was signed) give the
    default « Expéditeur » (``dispute.event_senders.likely_sender``), followed while the
    user has not chosen one.
    """

    def __init__(self, event: Event, today: date, *, exhibits: dict[str, Exhibit],
                 attach: Callable[[list[Path], Callable[[Path], date | None],
                                   Callable[[Path], ExhibitKind]], list[Exhibit]] | None = None,
                 pick_files: PickFiles | None = None, parent: QWidget | None = None,
                 new: bool = True, structure: bool = False,
                 mandate: date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Nouvel événement") if new else self.tr("Modifier l'événement"))
        self.setAcceptDrops(True)
        self._event = copy.deepcopy(event)
        self._today = today
        self._exhibits = {k: copy.deepcopy(v) for k, v in exhibits.items()}
        self._exhibit_values = {k: exhibit_values(v) for k, v in exhibits.items()}
        self._attach = attach
        self._pick_files = pick_files or default_pick_files
        self._exhibit_ids = list(event.exhibit_ids)
        self._previous_date: date | None = event.date
        self._sized = False
        self._shown = False

        self.kind = _combo(self, EventKind)
        self.date = DateField(self)
        self.date_message = InlineMessage(self)
        self.date_message.reserve_for_issues(*date_message_samples(today))
        self.counterpart = _combo(self, Counterpart)
        self.direction = _combo(self, Direction)
        # its texts follow the kind (« Appel passé par l'abonné »): the width follows them
        self.direction.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        # v3: who sent it; followed from the kind, direction and counterpart until chosen
        self._structure, self._mandate = structure, mandate
        self.sender = _combo(self, Sender, self.tr("— non précisé —"))
        self.sender.setToolTip(self.tr(
            "Qui a envoyé ce courrier, cette réclamation ou cette réponse : les courriers "
            "disent « notre courrier » ou « le courrier de notre adhérent » selon le cas. "
            "Laissez « non précisé » en cas de doute."))
        self._sender_auto = new or event.sender == likely_sender(event, structure, mandate)
        self.written = QCheckBox(self.tr("Éc&hange écrit (courrier, courriel, formulaire…)"), self)
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
        self.response_due = DateField(self)
        self.response_due.setToolTip(self.tr(
            "La date que l'avis du médiateur fixe pour que chaque partie fasse connaître sa "
            "réponse (R.612-4 du code de la consommation) : elle est écrite dans l'avis."))
        self.response_message = InlineMessage(self)
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
        add_row(form, self.tr("&Sens"), self.direction, self.tr("Sens de l'échange"))
        self.sender_label = add_row(form, self.tr("E&xpéditeur"), self.sender,
                                    self.tr("Expéditeur"))
        form.addRow("", self.written)
        add_row(form, self.tr("&Résumé"), self.summary, self.tr("Résumé de l'événement"))
        add_row(form, self.tr("Référen&ce"), self.reference,
                self.tr("Référence (ticket, dossier)"))
        self.end_label = add_row(form, self.tr("Date de &fin"), self.end_date,
                                 self.tr("Date de fin"), self.end_message)
        self.outcome_label = add_row(form, self.tr("&Appréciation de la réponse"), self.outcome,
                                     self.tr("Appréciation de la réponse"), self.outcome_message)
        self.response_label = add_row(form, self.tr("Réponse attendue a&vant le"),
                                      self.response_due,
                                      self.tr("Date fixée par l'avis pour répondre"),
                                      self.response_message)
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
        self.registered_message.reserve_for_issues(*registered_message_samples(today))
        reg_form = make_form()
        add_row(reg_form, self.tr("N° de s&uivi"), self.tracking,
                self.tr("Numéro de suivi de la lettre recommandée"))
        add_row(reg_form, self.tr("Dé&posée le"), self.posted_on, self.tr("Date de dépôt"))
        add_row(reg_form, self.tr("Pre&mière présentation le"), self.first_presented_on,
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
        self.unlink_button = QPushButton(self.tr("Retirer de l'événement"), self)
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
        # the LRAR tracking on the right, for a registered letter only: otherwise the form
        # has the whole width (its messages are not cut)
        self.right_panel = QWidget(self)
        right = QVBoxLayout(self.right_panel)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.registered_box)
        right.addStretch(1)
        columns.addWidget(self.right_panel, 2)
        self._columns = columns
        # the form scrolls inside the dialog on a short screen (1366 × 700, 1024 × 600): the
        # buttons stay in sight below it
        self.body = QWidget(self)
        body_layout = QVBoxLayout(self.body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addLayout(columns)
        body_layout.addWidget(self.exhibits_box)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.buttons)

        self._load(self._event)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.date.edited.connect(self._date_edited)
        for widget in (self.end_date, self.posted_on, self.first_presented_on, self.received_on,
                       self.tracking, self.response_due):
            widget.edited.connect(self._revalidate)
        for combo in (self.outcome, self.party, self.accepted, self.counterpart, self.direction,
                      self.sender):
            combo.currentIndexChanged.connect(self._revalidate)
        self.counterpart.currentIndexChanged.connect(lambda _i: self._follow_sender())
        self.direction.currentIndexChanged.connect(lambda _i: self._follow_sender())
        self.date.edited.connect(self._follow_sender)
        self.sender.activated.connect(self._sender_chosen)
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
        self._follow_sender()
        self._revalidate()
        fit_to_content(self, max(self._content_width() + 40, 760), self.sizeHint().height())
        self.setMinimumWidth(self.width())
        self._fit_height(exact=True)
        self._sized = True

    # -- loading and reading --------------------------------------------------------------

    def _load(self, event: Event) -> None:
        _set_combo(self.kind, event.kind)
        self.date.set_date_value(event.date)
        _set_combo(self.counterpart, event.counterpart)
        _set_combo(self.direction, event.direction)
        _set_combo(self.sender, event.sender)
        self.written.setChecked(event.written or event.kind in WRITTEN_KINDS)
        self.summary.setPlainText(event.summary)
        self.reference.setText(event.reference)
        self.end_date.set_date_value(event.end_date)
        self.response_due.set_date_value(event.response_due)
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

    def exhibit_changes(self) -> dict[str, ExhibitValues]:
        """``{exhibit id: (title, date, kind)}`` of the exhibits whose title, date or kind was
        changed."""
        return {x.id: exhibit_values(x) for x in self._exhibits.values()
                if exhibit_values(x) != self._exhibit_values.get(x.id)}

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
        sender = self.sender.currentData()
        ev.sender = Sender(sender) if sender and kind in SENT_KINDS else None
        ev.summary = clean_text(self.summary.toPlainText()).strip()
        ev.reference = self.reference.text().strip()
        ev.end_date = self.end_date.date_value() if self._shows_end(kind) else None
        ev.response_due = (self.response_due.date_value()
                           if kind is EventKind.MEDIATOR_OPINION else None)
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

    def _sender_chosen(self, _index: int) -> None:
        """The user chose the sender: it is no longer followed."""
        self._sender_auto = False

    def _follow_sender(self) -> None:
        if not self._sender_auto:
            return
        event = self.edited_event()
        self.sender.blockSignals(True)
        try:
            _set_combo(self.sender, likely_sender(event, self._structure, self._mandate))
        finally:
            self.sender.blockSignals(False)

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
        self._follow_sender()
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

    def _fit_height(self, exact: bool = False) -> None:
        """At least as high as the content at the dialog's width (``exact``: as high). The
        messages and hints are as high as their width needs; Qt's own minimum is their
        height at the narrowest width (744 px where 666 do at 760): blank bands, and a
        dialog taller than a 768-px screen, or squeezed under it (« Référence » over the
        summary, lead-drive 8)."""
        width = max(self.width(), self._content_width())  # the LRAR panel: wider
        if width > self.width():
            fit_to_content(self, width, self._content_height(width))
        # as high as the form at the width it got (a narrow screen wraps more), never
        # taller than the screen lets it be (the form scrolls, the buttons stay)
        needed = self._content_height(self.width())
        self.setMinimumHeight(min(needed, screen_height(self)))
        if self.height() < needed or (exact and self.height() != needed):
            fit_to_content(self, self.width(), needed)
        keep_on_screen(self)  # grown wider or taller: its edges and buttons stay in reach
        # a registered letter's two columns need ~970 px: narrower (a 1024-px screen), they
        # scroll sideways rather than lose their right edge; never a bar otherwise (both bars
        # « as needed » flickered, each narrowing the room the other depends on)
        margins = self.layout().contentsMargins()
        room = (self.width() - margins.left() - margins.right()
                - self.scroll.verticalScrollBar().sizeHint().width())
        self.scroll.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded
            if self.body.minimumSizeHint().width() > room
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._shown:  # the form polished and laid out: its true height at last
            self._shown = True
            self._fit_height(exact=True)

    def _content_width(self) -> int:
        """The dialog's width for its whole form: the scroll area's own size hint is capped
        (36 lines wide), the form's is not."""
        margins = self.layout().contentsMargins()
        return (self.body.sizeHint().width() + margins.left() + margins.right()
                + self.scroll.verticalScrollBar().sizeHint().width())

    def _content_height(self, width: int) -> int:
        """The dialog's height for its whole form at ``width``, buttons included."""
        layout = self.layout()
        margins = layout.contentsMargins()
        inner = width - margins.left() - margins.right()
        return (self.body.layout().totalHeightForWidth(inner) + layout.spacing()
                + self.buttons.sizeHint().height() + margins.top() + margins.bottom())

    def _update_visibility(self) -> None:
        kind = self.current_kind()
        self.form.setRowVisible(self.end_date.parentWidget(), self._shows_end(kind))
        self.form.setRowVisible(self.outcome.parentWidget(), self._shows_outcome(kind))
        self.form.setRowVisible(self.response_due.parentWidget(),
                                kind is EventKind.MEDIATOR_OPINION)
        self.form.setRowVisible(self.party, kind is EventKind.PARTY_POSITION)
        self.form.setRowVisible(self.accepted, kind is EventKind.PARTY_POSITION)
        self.form.setRowVisible(self.sender, kind in SENT_KINDS)
        self.registered_box.setVisible(kind is EventKind.REGISTERED_LETTER)
        self.right_panel.setVisible(kind is EventKind.REGISTERED_LETTER)
        # a hidden panel's stretch still counts in the row's size hint (Qt): 0 when hidden
        self._columns.setStretch(1, 2 if kind is EventKind.REGISTERED_LETTER else 0)
        self.date_label.setText(self.tr("&Date d'envoi") if kind in (
            EventKind.LETTER, EventKind.REGISTERED_LETTER, EventKind.EMAIL)
            else self.tr("&Date de début") if kind is EventKind.OUTAGE else self.tr("&Date"))
        if self._sized:  # a kind that shows more rows: the dialog grows to keep them whole
            self._fit_height()

    def issues(self) -> list[ValidationIssue]:
        ev = self.edited_event()
        case = Case(events=[ev], exhibits=list(self._exhibits.values()))
        found = [i for i in validate_case(case, self._today) if path_under(i.path, "events[0]")]
        for path, field in (("events[0].date", self.date), ("events[0].end_date", self.end_date),
                            ("events[0].registered.posted_on", self.posted_on),
                            ("events[0].registered.first_presented_on",
                             self.first_presented_on),
                            ("events[0].registered.received_on", self.received_on),
                            ("events[0].response_due", self.response_due)):
            if (field.isVisibleTo(self) or field is self.date) and field.error():
                found.append(widget_error(path, field.error()))
        return found

    def _revalidate(self) -> None:
        issues = self.issues()
        buckets: dict[str, list[ValidationIssue]] = {"date": [], "end": [], "outcome": [],
                                                     "registered": [], "response": []}
        for issue in issues:
            if path_under(issue.path, "events[0].registered"):
                buckets["registered"].append(issue)
            elif path_under(issue.path, "events[0].end_date"):
                buckets["end"].append(issue)
            elif path_under(issue.path, "events[0].outcome"):
                buckets["outcome"].append(issue)
            elif path_under(issue.path, "events[0].response_due"):
                buckets["response"].append(issue)
            else:
                buckets["date"].append(issue)
        self.date_message.set_issues(buckets["date"])
        self.end_message.set_issues(buckets["end"])
        self.outcome_message.set_issues(buckets["outcome"])
        self.registered_message.set_issues(buckets["registered"])
        self.response_message.set_issues(buckets["response"])
        self.ok_button.setEnabled(not any(i.is_error for i in issues))

    def _attach_clicked(self) -> None:
        self.attach_paths(self._pick_files(self))

    def attach_paths(self, paths: list[Path]) -> None:
        if not paths or self._attach is None:
            return
        event = self.edited_event()
        added = self._attach(paths, lambda path: exhibit_date_for(event, path),
                             lambda path: exhibit_kind_for(event, path))
        for exhibit in added:
            self._exhibits[exhibit.id] = copy.deepcopy(exhibit)
            self._exhibit_values[exhibit.id] = exhibit_values(exhibit)
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


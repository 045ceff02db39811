"""Exhibits in the editors: the files attached to events, their default titles, dates and
kinds, and the table where their « Titre », « Date » and « Type » are edited (event dialog and
timeline).

Attaching a file copies it into the store at once (``CaseStore.add_exhibit``, done by the
timeline); this module only names, dates and shows exhibits, and accepts dropped files.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from dispute.accents import strip_accents
from dispute.exhibit_roles import kind_from_title
from dispute.labels import label
from dispute.model import Direction, Event, EventKind, Exhibit, ExhibitKind
from dispute.procedure import OPERATOR_SIDE
from dispute.validation import (
    InvalidValueError,
    clean_text,
    format_date_fr,
    validate_not_future,
)
from gui.plain_text import plain_tip
from gui.widgets import parse_date_fr

PickFiles = Callable[[QWidget], list[Path]]


def local_files(mime: QMimeData | None) -> list[Path]:
    """The local files of a drag and drop (``file://`` URLs), in order."""
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def default_pick_files(parent: QWidget) -> list[Path]:
    from gui import desktop

    return desktop.pick_open_files(
        parent, parent.tr("Joindre des pièces"),
        parent.tr("Tous les fichiers (*);;Documents PDF (*.pdf);;Images (*.png *.jpg *.jpeg)"),
        purpose="exhibits")


def exhibit_text(exhibit: Exhibit) -> str:
    name = exhibit.title or exhibit.original_name
    return f"Pièce n° {exhibit.number} — {name}" if name else f"Pièce n° {exhibit.number}"


_UPPER_WORDS = {"ar": "AR", "lrar": "LRAR", "lr": "LR", "rib": "RIB", "sms": "SMS",
                "tv": "TV", "adsl": "ADSL", "cgv": "CGV", "kbis": "Kbis", "sfr": "SFR",
                "rio": "RIO", "sav": "SAV", "vdsl": "VDSL", "pdf": "PDF"}
_WORD_HYPHEN = re.compile(r"(?<=[a-zà-ÿ])-|-(?=[a-zà-ÿ])")
"""A hyphen joining words in a file name (« facture-sfr-octobre »), not one inside a date
or a reference (« 30-09-2026 », « FAC-2026-10-778 »)."""
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def default_exhibit_title(path: Path | str) -> str:
    """The title an attached file gets until the user changes it: its name without extension,
    underscores and hyphens between words as spaces, an ISO date as JJ/MM/AAAA, spaces
    collapsed, abbreviations in capitals, the first letter capitalised (« ar_signé.jpg » →
    « AR signé », « courrier-sfr-2026-09-08.pdf » → « Courrier SFR 08/09/2026 »). It is what
    the bordereau and the letters cite."""
    stem = Path(path).stem if Path(path).suffix else Path(path).name
    text = _WORD_HYPHEN.sub(" ", clean_text(stem).replace("_", " "))
    text = _ISO_DATE.sub(lambda m: f"{m[3]}/{m[2]}/{m[1]}", text)
    words = [_UPPER_WORDS.get(word.lower(), word) for word in text.split()]
    if not words:
        return ""
    words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words)


def _plain_words(text: str) -> str:
    plain = strip_accents(text.lower())
    return " " + re.sub(r"[^a-z0-9]+", " ", plain) + " "


_RECEIPT_WORDS = (" ar ", " a r ", " accuse ", " avis de reception ", " avis reception ",
                  " recepisse ")
_LETTER_WORDS = (" lettre ", " courrier ", " copie du courrier ")
"""The letter itself (« lettre-free-AR.pdf »): dated when posted, not when received."""
_POSTING_WORDS = (" depot ", " preuve de depot ", " bordereau ", " envoi ")


def exhibit_date_for(event: Event, path: Path | str) -> date | None:
    """The date a file attached to ``event`` gets (editable afterwards): the event's date, or
    for a registered letter the receipt date for the signed AR card (« AR signé… ») and the
    posting date for the proof of posting, when they are known."""
    reg = event.registered if event.kind is EventKind.REGISTERED_LETTER else None
    if reg is not None:
        words = _plain_words(Path(path).stem)
        if reg.received_on and any(w in words for w in _RECEIPT_WORDS) \
                and not any(w in words for w in _LETTER_WORDS):
            return reg.received_on
        if reg.posted_on and any(w in words for w in _POSTING_WORDS):
            return reg.posted_on
    return event.date


_WRITTEN_COMPLAINTS = (EventKind.LETTER, EventKind.REGISTERED_LETTER, EventKind.EMAIL)


def exhibit_kind_for(event: Event | None, path: Path | str) -> ExhibitKind:
    """The kind a file attached to ``event`` gets (shown in « Type », editable): what the
    file's name says (« AR signé » is a receipt, « Facture avril » an invoice), else what the
    event says (the copy of a letter or e-mail sent to the operator, a written answer, the
    signed mandate), else « autre »."""
    words = _plain_words(Path(path).stem)
    if any(w in words for w in _RECEIPT_WORDS):
        return ExhibitKind.RECEIPT
    by_title = kind_from_title(default_exhibit_title(path))
    if by_title is not ExhibitKind.OTHER or event is None:
        return by_title
    if event.kind is EventKind.MANDATE_SIGNED:
        return ExhibitKind.MANDATE
    if event.counterpart in OPERATOR_SIDE:
        if event.kind is EventKind.ANSWER and event.direction is Direction.INCOMING:
            return ExhibitKind.ANSWER
        if event.kind in _WRITTEN_COMPLAINTS and event.direction is Direction.OUTGOING:
            return ExhibitKind.COMPLAINT
    return ExhibitKind.OTHER


ExhibitValues = tuple[str, date | None, ExhibitKind]
"""What the user edits of an exhibit: its title, its date and its kind."""


def exhibit_values(exhibit: Exhibit) -> ExhibitValues:
    return exhibit.title, exhibit.date, exhibit.kind


class FileDropMixin:
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



class ExhibitTable(QTableWidget):
    """Exhibits with an editable « Titre » and « Date » (double-click, F2 or just type) and a
    « Type » chosen in a list (what the mediator's checklist relies on).

    The table edits its own copies (``exhibits()``); ``edited`` is emitted on each change
    and ``problem`` with a French message when a typed value is refused (an unreadable or
    future date, an empty title: the previous value stays), or "" once a change is accepted.
    """

    edited = Signal()
    problem = Signal(str)

    TITLE, DATE, FILE, KIND = 1, 2, 3, 4

    def __init__(self, today: date, parent: QWidget | None = None, *,
                 event_column: bool = False) -> None:
        columns = ["N°", "Titre", "Date", "Fichier", "Type"] + (
            ["Événement"] if event_column else [])
        super().__init__(0, len(columns), parent)
        self._today = today
        self._rows: list[Exhibit | None] = []
        self.setHorizontalHeaderLabels([self.tr(c) for c in columns])
        self.horizontalHeaderItem(self.TITLE).setToolTip(self.tr(
            "Le titre cité dans le bordereau des pièces et dans les courriers : "
            "double-cliquez pour le modifier."))
        self.horizontalHeaderItem(self.DATE).setToolTip(self.tr(
            "La date du document (JJ/MM/AAAA) : double-cliquez pour la modifier."))
        self.horizontalHeaderItem(self.KIND).setToolTip(self.tr(
            "Ce qu'est la pièce (contrat, facture, réclamation, avis de réception…) : la liste "
            "des pièces attendues par le médiateur s'en sert."))
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
        for column in range(self.FILE, len(columns)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(column, 150)
        self.setColumnWidth(self.KIND, max(150, self.fontMetrics().horizontalAdvance(
            label(ExhibitKind.RECEIPT)) + 40))
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
                    cells = ["", self.tr("Pièce introuvable"), "", "", "", event]
                else:
                    cells = [str(exhibit.number), exhibit.title,
                             format_date_fr(exhibit.date) if exhibit.date else "",
                             exhibit.original_name, label(exhibit.kind), event]
                self.removeCellWidget(row, self.KIND)
                for column in range(self.columnCount()):
                    item = QTableWidgetItem(cells[column])
                    editable = exhibit is not None and column in (self.TITLE, self.DATE)
                    flags = item.flags() | Qt.ItemFlag.ItemIsEditable if editable \
                        else item.flags() & ~Qt.ItemFlag.ItemIsEditable
                    item.setFlags(flags)
                    if column in (self.FILE, self.KIND + 1):
                        item.setToolTip(plain_tip(cells[column]))
                    if column == self.TITLE and exhibit is not None:
                        item.setToolTip(plain_tip(self.tr("Pièce n° {n} : {title}").format(
                            n=exhibit.number, title=exhibit.title or exhibit.original_name)))
                    self.setItem(row, column, item)
                if exhibit is not None:
                    self.setCellWidget(row, self.KIND, self._kind_combo(row, exhibit))
        finally:
            self.blockSignals(False)

    def _kind_combo(self, row: int, exhibit: Exhibit) -> QComboBox:
        combo = QComboBox(self)
        for kind in ExhibitKind:
            combo.addItem(label(kind), kind.value)
        combo.setCurrentIndex(max(combo.findData(exhibit.kind.value), 0))
        combo.setAccessibleName(self.tr("Type de la pièce n° {n}").format(n=exhibit.number))
        combo.currentIndexChanged.connect(
            lambda _index, row=row, combo=combo: self._kind_chosen(row, combo))
        return combo

    def kind_combo(self, row: int) -> QComboBox | None:
        widget = self.cellWidget(row, self.KIND)
        return widget if isinstance(widget, QComboBox) else None

    def set_kind(self, row: int, kind: ExhibitKind) -> None:
        """As if the user chose ``kind`` in the « Type » list of ``row``."""
        combo = self.kind_combo(row)
        if combo is not None:
            combo.setCurrentIndex(combo.findData(kind.value))

    def _kind_chosen(self, row: int, combo: QComboBox) -> None:
        exhibit = self.exhibit_at(row)
        if exhibit is None:
            return
        exhibit.kind = ExhibitKind(combo.currentData())
        item = self.item(row, self.KIND)
        if item is not None:
            self.blockSignals(True)
            try:
                item.setText(label(exhibit.kind))
            finally:
                self.blockSignals(False)
        self.problem.emit("")
        self.edited.emit()

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

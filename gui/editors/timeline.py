"""The evidence timeline: dated events, and the files attached to them as exhibits.

Attaching a file (button, or files dropped on an event of the table or on the event dialog)
copies it into the store at once with ``CaseStore.add_exhibit`` — a file must be captured while
it exists — and links the new exhibit (« Pièce n° N ») to the event. A refused file (link,
special file, unreadable) is reported in French through ``gui.dialogs`` and nothing else
changes. The case itself is saved by whoever owns it.

Tests never open a modal window: ``pick_files`` (the file chooser) and ``exec_dialog`` (runs
the event dialog) are injectable.

The event dialog is ``gui.editors.event_dialog``; the exhibit table and the default titles and
dates of attached files are ``gui.editors.exhibits``.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dispute.model import Case, Event, EventKind, Exhibit, ExhibitKind
from dispute.event_senders import has_structure, mandate_day
from dispute.procedure import event_title
from dispute.validation import ValidationIssue, format_date_fr
from gui import dialogs
from gui.editors.common import FormEditor, enum_label, path_under
from gui.editors.event_dialog import EventDialog, direction_text
from gui.editors.exhibits import (
    ExhibitTable,
    ExhibitValues,
    FileDropMixin,
    PickFiles,
    default_exhibit_title,
    default_pick_files,
    exhibit_date_for,
    exhibit_kind_for,
    exhibit_text,
    exhibit_values,
    local_files,
)
from gui.plain_text import plain_tip
from gui.widgets import InlineMessage, hint_label

logger = logging.getLogger(__name__)

ExecDialog = Callable[[QDialog], int]
__all__ = ["EventTable", "ExecDialog", "PickFiles", "TimelineEditor"]


class EventTable(FileDropMixin, QTableWidget):
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
    # the size the two tables read well at: « Modifier : Chronologie et pièces » opened 640 px
    # wide (a table's own hint is small), the summaries in a column of single words
    PREFERRED = QSize(1000, 600)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return super().sizeHint().expandedTo(self.PREFERRED)

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
        self.remove_button = QPushButton(self.tr("S&upprimer"), self)
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
        self.exhibit_label = QLabel(self.tr("P&ièces du dossier — le titre est celui du "
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
                item.setToolTip(plain_tip(tip))
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
        self.set_exhibit_values({x.id: exhibit_values(x) for x in self.exhibit_table.exhibits()},
                                redraw_exhibits=False)

    def set_exhibit_values(self, values: dict[str, ExhibitValues], *,
                           redraw_exhibits: bool = True) -> None:
        """Give exhibits their title, date and kind (``{exhibit id: (title, date, kind)}``)."""
        changed = False
        for exhibit in self._case.exhibits:
            if exhibit.id in values and exhibit_values(exhibit) != values[exhibit.id]:
                exhibit.title, exhibit.date, exhibit.kind = values[exhibit.id]
                changed = True
        if changed:
            self.status.clear()  # « Ajoutée(s) au dossier : … » named the former titles
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
                           new=new, structure=has_structure(self._case),
                           mandate=mandate_day(self._events))

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
                     when: date | None | Callable[[Path], date | None],
                     kind_of: Callable[[Path], ExhibitKind] | None = None) -> list[Exhibit]:
        """Copy each file into the store; a refused file is reported and skipped.

        Each exhibit is titled after its file (``default_exhibit_title``), dated ``when``
        (a date, or a function of the file's path) and given the kind ``kind_of(path)``
        (default: what its name says, ``exhibit_kind_for``); all stay editable.
        """
        added = []
        for path in paths:
            day = when(Path(path)) if callable(when) else when
            kind = kind_of(Path(path)) if kind_of is not None else exhibit_kind_for(None, path)
            try:
                exhibit = self.store.add_exhibit(self._case, Path(path),
                                                 title=default_exhibit_title(path), date=day,
                                                 kind=kind)
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
        added = self._store_files(paths, lambda path: exhibit_date_for(event, path),
                                  lambda path: exhibit_kind_for(event, path))
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

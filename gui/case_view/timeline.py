"""« Chronologie et pièces », the case window's second tab: the events with their LRAR
tracking and their exhibits (marked when missing or altered), the details of the selected
item, and the buttons that record a registered letter, its receipt, or edit the timeline.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dispute.calendar import format_date_fr
from dispute.labels import label
from dispute.procedure import (
    event_title,
)
from gui.case_view import text as txt
from gui.case_view.cards import (
    severity_icon,
    wrapped_label,
)
from gui.case_view.roles import EVENT_ROLE, EXHIBIT_ROLE
from gui.plain_text import plain_tip
from gui.widgets import InlineMessage

logger = logging.getLogger(__name__)

# the widest the « Événement » column grows by itself: the summary keeps its room
EVENT_COLUMN_MAX = 480


class TimelineMixin:
    """Part of :class:`gui.case_view.window.CaseWindow`. Uses the window's ``case``,
    ``problems`` and ``exhibits_verified``; actions are in ``exhibits`` and
    ``registered``."""

    def _build_timeline(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 6, 4, 4)
        self.exhibit_banner = InlineMessage(page, lines=0)
        self.tree = QTreeWidget(page)
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels([self.tr("Date"), self.tr("Événement"),
                                   self.tr("Interlocuteur"), self.tr("Résumé"),
                                   self.tr("Recommandé / état de la pièce")])
        self.tree.setAccessibleName(self.tr("Chronologie et pièces"))
        self.tree.setAlternatingRowColors(True)
        # One line per cell (LRAR tracking on its own lines); the full text of the selected
        # event is in the details pane under the tree.
        self.tree.setWordWrap(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setUniformRowHeights(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setIconSize(QSize(16, 16))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((140, 320, 190, 300, 230)):
            self.tree.setColumnWidth(column, width)
        label_ = QLabel(self.tr("É&vénements du plus ancien au plus récent, avec leurs pièces "
                                "(double-cliquez sur une pièce pour l'ouvrir)"), page)
        label_.setBuddy(self.tree)
        self.open_exhibit_button = QPushButton(self.tr("&Ouvrir la pièce"), page)
        self.posting_button = QPushButton(self.tr("Enregistrer l'envoi &recommandé…"), page)
        self.receipt_button = QPushButton(self.tr("Enregistrer l'&accusé de réception…"), page)
        self.edit_timeline_button = QPushButton(self.tr("&Modifier la chronologie…"), page)
        for button, name in (
                (self.open_exhibit_button, "Ouvrir la pièce sélectionnée"),
                (self.posting_button, "Enregistrer l'envoi d'une lettre recommandée"),
                (self.receipt_button, ("Enregistrer l'accusé de réception de la lettre "
                                       "sélectionnée")),
                (self.edit_timeline_button, "Modifier la chronologie et les pièces")):
            button.setAccessibleName(self.tr(name))
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_exhibit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.posting_button)
        buttons.addWidget(self.receipt_button)
        buttons.addWidget(self.edit_timeline_button)
        layout.addWidget(self.exhibit_banner)
        layout.addWidget(label_)
        layout.addWidget(self.tree, 1)
        self.details = wrapped_label("", page)
        self.details.setObjectName("details")
        self.details.setStyleSheet("QLabel#details { background: #f8f9fa; border: 1px solid "
                                   "#dadce0; padding: 6px; }")
        self.details.setAccessibleName(self.tr("Détail de l'élément sélectionné"))
        self.details.setMinimumHeight(60)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        self.tree.itemSelectionChanged.connect(self._timeline_selection)
        self.tree.itemDoubleClicked.connect(self._tree_double_clicked)
        self.open_exhibit_button.clicked.connect(self.open_selected_exhibit)
        self.posting_button.clicked.connect(lambda: self.record_posting())
        self.receipt_button.clicked.connect(lambda: self.record_receipt())
        self.edit_timeline_button.clicked.connect(lambda: self.edit_section("timeline"))
        QWidget.setTabOrder(self.tree, self.open_exhibit_button)
        QWidget.setTabOrder(self.open_exhibit_button, self.posting_button)
        QWidget.setTabOrder(self.posting_button, self.receipt_button)
        QWidget.setTabOrder(self.receipt_button, self.edit_timeline_button)
        return page

    def _fill_timeline(self) -> None:
        selected = self._selected_ids()
        self.tree.clear()
        case = self.case
        exhibits = {x.id: x for x in case.exhibits}
        linked: set[str] = set()
        problem_count = 0
        for event in case.events_in_order():
            kind = label(event.kind)
            if event.outcome is not None:
                kind += f" ({label(event.outcome).lower()})"
            item = QTreeWidgetItem([
                format_date_fr(event.date) if event.date else self.tr("sans date"), kind,
                label(event.counterpart), event.summary, txt.registered_text(event)])
            item.setData(0, EVENT_ROLE, event.id)
            for column in range(5):
                item.setToolTip(column, plain_tip(item.text(column)))
            self.tree.addTopLevelItem(item)
            for exhibit_id in event.exhibit_ids:
                exhibit = exhibits.get(exhibit_id)
                if exhibit is None:
                    continue
                linked.add(exhibit_id)
                problem_count += self._add_exhibit_item(item, exhibit)
            item.setExpanded(True)
        loose = [x for x in case.exhibits if x.id not in linked]
        if loose:
            item = QTreeWidgetItem(["", self.tr("Pièces non rattachées à un événement"), "", "",
                                    ""])
            self.tree.addTopLevelItem(item)
            for exhibit in sorted(loose, key=lambda x: x.number):
                problem_count += self._add_exhibit_item(item, exhibit)
            item.setExpanded(True)
        if self.problems:
            lines = [self.tr("Pièces à vérifier : l'export du dossier échouera tant qu'elles ne "
                             "sont pas remplacées (Modifier la chronologie…).")]
            lines += [f"• {p.message}" for p in self.problems.values()]
            self.exhibit_banner.set_message("\n".join(lines), "error")
        elif not self.exhibits_verified and case.exhibits:
            self.exhibit_banner.set_message(self.tr("Vérification des pièces en cours…"), "info")
        else:
            self.exhibit_banner.clear()
        self._fit_date_column()
        self._reselect(selected)
        self._timeline_selection()

    def _fit_date_column(self) -> None:
        """The date column is as wide as its longest date (« 22 septembre 2026 » under an
        event, indented): a date is never cut off. The « Événement » column grows, up to
        ``EVENT_COLUMN_MAX``, for its longest title (« Pièce n° 12 — Avis de réception ou
        preuve de dépôt » was cut); longer, it ends with « … » and its tooltip says it all."""
        needed = self.tree.sizeHintForColumn(0)
        if needed > self.tree.columnWidth(0):
            self.tree.setColumnWidth(0, needed)
        needed = min(EVENT_COLUMN_MAX, self.tree.sizeHintForColumn(1))
        if needed > self.tree.columnWidth(1):
            self.tree.setColumnWidth(1, needed)

    def _add_exhibit_item(self, parent: QTreeWidgetItem, exhibit) -> int:
        problem = self.problems.get(exhibit.id)
        if problem is not None:
            state = txt.problem_text(problem.kind)
        elif self.exhibits_verified:
            state = self.tr("Fichier vérifié")
        else:
            state = self.tr("Vérification…")
        # « Pièce n° 3 — Facture »: its number and its type (« Type » in the editors)
        child = QTreeWidgetItem([
            format_date_fr(exhibit.date) if exhibit.date else "",
            txt.exhibit_kind_title(exhibit), "",
            exhibit.title or exhibit.original_name, state])
        child.setData(0, EXHIBIT_ROLE, exhibit.id)
        child.setIcon(1, self.style().standardIcon(
            self.style().StandardPixmap.SP_FileIcon))
        if problem is not None:
            child.setIcon(4, severity_icon(self, "error"))
            child.setToolTip(4, plain_tip(problem.message))
            child.setForeground(4, Qt.GlobalColor.darkRed)
        elif self.exhibits_verified:
            child.setIcon(4, severity_icon(self, "ok"))
        child.setToolTip(3, plain_tip(f"{exhibit.original_name} ({exhibit.size} octets)"))
        child.setToolTip(1, plain_tip(self.tr("{title} (type de la pièce)").format(
            title=txt.exhibit_kind_title(exhibit))))
        parent.addChild(child)
        return 1 if problem is not None else 0

    def _selected_ids(self) -> tuple[str | None, str | None]:
        items = self.tree.selectedItems()
        if not items:
            return None, None
        item = items[0]
        return item.data(0, EVENT_ROLE), item.data(0, EXHIBIT_ROLE)

    def _reselect(self, ids: tuple[str | None, str | None]) -> None:
        event_id, exhibit_id = ids
        if exhibit_id:
            self.select_exhibit(exhibit_id)
        elif event_id:
            self.select_event(event_id)

    def selected_event_id(self) -> str | None:
        items = self.tree.selectedItems()
        if not items:
            return None
        item = items[0]
        event_id = item.data(0, EVENT_ROLE)
        if event_id is None and item.parent() is not None:
            event_id = item.parent().data(0, EVENT_ROLE)
        return event_id

    def selected_exhibit_id(self) -> str | None:
        items = self.tree.selectedItems()
        return items[0].data(0, EXHIBIT_ROLE) if items else None

    def _items(self):
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            yield top
            for j in range(top.childCount()):
                yield top.child(j)

    def select_event(self, event_id: str) -> None:
        for item in self._items():
            if item.data(0, EVENT_ROLE) == event_id:
                self.tree.setCurrentItem(item)
                return

    def select_exhibit(self, exhibit_id: str) -> None:
        for item in self._items():
            if item.data(0, EXHIBIT_ROLE) == exhibit_id:
                self.tree.setCurrentItem(item)
                return

    def exhibit_item(self, exhibit_id: str) -> QTreeWidgetItem | None:
        return next((i for i in self._items() if i.data(0, EXHIBIT_ROLE) == exhibit_id), None)

    def event_item(self, event_id: str) -> QTreeWidgetItem | None:
        return next((i for i in self._items() if i.data(0, EVENT_ROLE) == event_id), None)

    def _details_text(self) -> str:
        exhibit_id = self.selected_exhibit_id()
        if exhibit_id:
            exhibit = self.case.exhibit(exhibit_id)
            if exhibit is None:
                return ""
            lines = [txt.exhibit_title(exhibit),
                     self.tr("Type : {k}").format(k=label(exhibit.kind))]
            if exhibit.date:
                lines.append(self.tr("Date de la pièce : {d}").format(d=format_date_fr(
                    exhibit.date)))
            lines.append(self.tr("Fichier d'origine : {n} ({s} octets)").format(
                n=exhibit.original_name or "?", s=f"{exhibit.size:,}".replace(",", " ")))
            problem = self.problems.get(exhibit_id)
            if problem is not None:
                lines.append(f"{txt.problem_text(problem.kind)} : {problem.message}")
            lines.append(self.tr("Double-cliquez ou « Ouvrir la pièce » pour la consulter "
                                 "(copie en lecture seule)."))
            return "\n".join(lines)
        event_id = self.selected_event_id()
        event = next((e for e in self.case.events if e.id == event_id), None)
        if event is None:
            return self.tr("Sélectionnez un événement ou une pièce pour en voir le détail.")
        direction = label(event.direction)
        lines = [f"{event_title(event)} — {direction}"]
        if event.summary:
            lines.append(event.summary)
        if event.reference:
            lines.append(self.tr("Référence : {r}").format(r=event.reference))
        if event.end_date:
            lines.append(self.tr("Jusqu'au {d}").format(d=format_date_fr(event.end_date)))
        reg = txt.registered_text(event)
        if reg:
            lines.append(self.tr("Lettre recommandée : {r}").format(r=reg.replace("\n", ", ")))
        return "\n".join(lines)

    def _timeline_selection(self) -> None:
        self.details.setText(self._details_text())
        exhibit = self.selected_exhibit_id() is not None
        self.open_exhibit_button.setEnabled(exhibit)
        self.open_exhibit_action.setEnabled(exhibit)
        event_id = self.selected_event_id()
        event = next((e for e in self.case.events if e.id == event_id), None)
        can_receipt = (event is not None and txt.is_registered(event)) \
            or bool(self.letters_awaiting_receipt())
        self.receipt_button.setEnabled(can_receipt)

    def _tree_double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        exhibit_id = item.data(0, EXHIBIT_ROLE)
        if exhibit_id:
            self.open_exhibit(exhibit_id)
        elif item.data(0, EVENT_ROLE):
            event = next((e for e in self.case.events if e.id == item.data(0, EVENT_ROLE)),
                         None)
            if event is not None and txt.is_registered(event):
                self.record_receipt(event.id)

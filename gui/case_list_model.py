"""The case list: a table model over the store's summaries and its filter.

Dates come from the summaries cached by the store (``dispute.case_list``); whether a deadline
is next, soon or overdue is decided here from ``today``, so the list stays right as days pass.
Urgency is shown by colour AND by text ("En retard", "Bientôt"), never by colour alone.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from dispute.case_list import next_deadline, overdue_deadlines, route_open, urgency

OVERDUE_COLOUR = QColor("#f8d7da")
SOON_COLOUR = QColor("#fff3cd")
UNREADABLE_COLOUR = QColor("#e2e3e5")

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
ID_ROLE = Qt.ItemDataRole.UserRole + 3


def fold(text: str) -> str:
    """Lower-case text without accents, for searching (« Écrasement » matches « ecras »)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


WEEKDAYS = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")


def short_date(day: date) -> str:
    """« mar. 16/03 » whatever the system locale."""
    return f"{WEEKDAYS[day.weekday()]} {day:%d/%m}"


def days_text(days: int) -> str:
    if days == 0:
        return "aujourd'hui"
    if days == 1:
        return "demain"
    if days > 0:
        return f"dans {days} j"
    return f"depuis {-days} j"


class CaseListModel(QAbstractTableModel):
    COLUMNS = ("Abonné", "Opérateur", "Ligne(s)", "Étape", "Voie ouverte",
               "Prochaine échéance", "Délai")
    SUBSCRIBER, OPERATOR, LINES, STAGE, ROUTE, DEADLINE, DELAY = range(7)

    def __init__(self, today: date | None = None, parent=None) -> None:
        super().__init__(parent)
        self._rows: list = []
        self.today = today or date.today()

    def set_summaries(self, summaries) -> None:
        self.beginResetModel()
        self._rows = list(summaries)
        self.endResetModel()

    def summaries(self) -> list:
        return list(self._rows)

    def summary(self, row: int):
        return self._rows[row]

    def row_of(self, case_id: str) -> int:
        return next((i for i, s in enumerate(self._rows) if s.id == case_id), -1)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.COLUMNS[section])
        return None

    def _urgency(self, s) -> str:
        return "unreadable" if s.problem else urgency(s.extra, self.today)

    def _delay_text(self, s) -> str:
        if s.problem:
            return self.tr("Illisible")
        overdue = overdue_deadlines(s.extra, self.today)
        if overdue:
            late = days_text(overdue[-1].days_left(self.today))
            return self.tr("En retard (%1)").replace("%1", late)
        deadline = next_deadline(s.extra, self.today)
        if deadline is None:
            return ""
        text = days_text(deadline.days_left(self.today))
        if self._urgency(s) == "soon":
            return self.tr("Bientôt (%1)").replace("%1", text)
        return text

    def _display(self, s, column: int) -> str:
        if column == self.SUBSCRIBER:
            return s.subscriber_name or self.tr("(sans nom)")
        if column == self.OPERATOR:
            return s.operator_name
        if column == self.LINES:
            return ", ".join(s.line_numbers)
        if column == self.STAGE:
            return s.problem and self.tr("Dossier illisible") or s.extra.get("stage_label", "")
        if column == self.ROUTE:
            if s.problem:
                return ""
            routes = [label for key, label in (("mediator", self.tr("Médiateur")),
                                               ("cpme", self.tr("CPME")))
                      if route_open(s.extra, key, self.today)]
            return ", ".join(routes) or "—"
        if column == self.DEADLINE:
            overdue = overdue_deadlines(s.extra, self.today)
            deadline = overdue[-1] if overdue else next_deadline(s.extra, self.today)
            if deadline is None:
                return ""
            return f"{deadline.date:%d/%m/%Y} · {deadline.label}"
        return self._delay_text(s)

    def _sort_key(self, s, column: int):
        if column in (self.DEADLINE, self.DELAY):
            overdue = overdue_deadlines(s.extra, self.today)
            deadline = overdue[-1] if overdue else next_deadline(s.extra, self.today)
            return deadline.date.toordinal() if deadline else 10**9
        return fold(self._display(s, column))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        s = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(s, column)
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = {"overdue": OVERDUE_COLOUR, "soon": SOON_COLOUR,
                      "unreadable": UNREADABLE_COLOUR}.get(self._urgency(s))
            return QBrush(colour) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole and self._urgency(s) in (
                "overdue", "soon", "unreadable"):
            return QBrush(QColor("#212529"))  # stays readable on the light backgrounds
        if role == Qt.ItemDataRole.ToolTipRole:
            if s.problem:
                return s.problem
            if column in (self.DEADLINE, self.DELAY):
                return self._display(s, self.DEADLINE)
            return None
        if role == SORT_ROLE:
            return self._sort_key(s, column)
        if role == SEARCH_ROLE:
            return fold(" ".join(self._display(s, c) for c in range(5)) + " " + s.id)
        if role == ID_ROLE:
            return s.id
        return None


class CaseFilter(QSortFilterProxyModel):
    """Search (every word, accents and case ignored) and the filters of the toolbar."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self.route = ""  # "", "mediator" or "cpme"
        self.stage = ""  # a stage id or ""
        self.operator = ""  # folded operator name or ""
        self.overdue_only = False
        self.setSortRole(SORT_ROLE)

    def _change(self, apply) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10
            self.beginFilterChange()
            apply()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            apply()
            self.invalidateFilter()

    def set_search(self, text: str) -> None:
        self._change(lambda: setattr(self, "_words", fold(text).split()))

    def set_filters(self, *, route: str = "", stage: str = "", operator: str = "",
                    overdue_only: bool = False) -> None:
        def apply() -> None:
            self.route, self.stage = route, stage
            self.operator, self.overdue_only = fold(operator), overdue_only

        self._change(apply)

    def filterAcceptsRow(  # noqa: N802 - Qt API
            self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        model: CaseListModel = self.sourceModel()
        s = model.summary(row)
        today = model.today
        if self.route and not route_open(s.extra, self.route, today):
            return False
        if self.stage and s.extra.get("stage") != self.stage:
            return False
        if self.operator and fold(s.operator_name) != self.operator:
            return False
        if self.overdue_only and not overdue_deadlines(s.extra, today):
            return False
        if self._words:
            haystack = model.index(row, 0, parent).data(SEARCH_ROLE) or ""
            return all(word in haystack for word in self._words)
        return True

"""The case list: a table model over the store's summaries and its filter.

Dates come from the summaries cached by the store (``dispute.case_list``); whether a deadline
is next, soon or overdue is decided here from ``today``, so the list stays right as days pass.
Urgency is shown by colour AND by text ("En retard", "Bientôt"), never by colour alone.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
)
from PySide6.QtGui import QColor

from dispute.accents import strip_accents
from dispute.case_list import deadline_view, open_routes
from gui.plain_text import plain_tip
from gui.qt_values import (
    ASCENDING,
    BACKGROUND_ROLE,
    DESCENDING,
    DISPLAY_ROLE,
    FOREGROUND_ROLE,
    HORIZONTAL,
    TOOLTIP_ROLE,
    USER_ROLE,
)

OVERDUE_COLOUR = QColor("#f8d7da")
SOON_COLOUR = QColor("#fff3cd")
UNREADABLE_COLOUR = QColor("#e2e3e5")
TEXT_ON_COLOUR = QColor("#212529")
"""The text of a coloured row: stays readable on the light backgrounds."""

# Plain integers, not Qt.ItemDataRole members: no Qt namespace before the first paint
# (gui/qt_values.py). The views give them back as integers anyway.
SORT_ROLE = USER_ROLE + 1
SEARCH_ROLE = USER_ROLE + 2
ID_ROLE = USER_ROLE + 3


def enum_value(value) -> int:
    """A Qt enum member (from Qt, once its namespace exists) or an integer, as an integer:
    ``Qt.SortOrder`` and ``Qt.Orientation`` members are not ``int`` and never equal one."""
    return value.value if hasattr(value, "value") else int(value)


def fold(text: str) -> str:
    """Lower-case text without accents, for searching (« Écrasement » matches « ecras »)."""
    if text.isascii():
        return text.casefold()
    return strip_accents(text).casefold()


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


class _Row(NamedTuple):
    """What the list shows of one case, computed once for a given ``today``."""

    texts: tuple[str, ...]
    sort_texts: tuple[str, ...]
    deadline_key: int
    urgency: str  # "overdue", "soon", "later", "none" or "unreadable"
    search: str
    open_routes: frozenset[str]
    overdue: bool
    operator: str  # folded
    stage: str
    tooltip: str


NO_DEADLINE = "~"  # sorts after every ISO date


def _deadline_key(summary, today: str) -> str:
    """The date (ISO text) of the deadline a row shows: the latest overdue limit, else the
    next pending deadline; ``NO_DEADLINE`` when none or unreadable. Plain string
    comparisons, no date parsing: the same order as ``deadline_view`` (ISO dates sort as
    text)."""
    extra = summary.extra
    if summary.problem or not isinstance(extra, dict):
        return NO_DEADLINE
    overdue = upcoming = None
    try:
        for item in extra.get("deadlines", ()):
            day = item["date"]
            if not isinstance(day, str) or len(day) != 10:
                continue
            if day < today:
                if item.get("kind") == "limit" and (overdue is None or day > overdue):
                    overdue = day
            elif upcoming is None or day < upcoming:
                upcoming = day
    except (TypeError, KeyError, AttributeError):
        return NO_DEADLINE
    return overdue or upcoming or NO_DEADLINE


_BACKGROUNDS = {"overdue": OVERDUE_COLOUR, "soon": SOON_COLOUR, "unreadable": UNREADABLE_COLOUR}


class CaseListModel(QAbstractTableModel):
    COLUMNS = ("Abonné", "Opérateur", "Ligne(s)", "Étape", "Voie ouverte",
               "Prochaine échéance", "Délai")
    SUBSCRIBER, OPERATOR, LINES, STAGE, ROUTE, DEADLINE, DELAY = range(7)

    def __init__(self, today: date | None = None, parent=None) -> None:
        super().__init__(parent)
        self._rows: list = []
        self._cache: list[_Row] = []
        self._ranks: list[int] = []  # each row's place in the store's list (ties)
        self._sorted_by: tuple[int, int] | None = None  # column, order: the rows' order
        self.today = today or date.today()
        self._route_names = {"mediator": self.tr("Médiateur"),
                             "business_mediator": self.tr("Médiateur des entreprises"),
                             "cpme": self.tr("CPME"), "court": self.tr("Tribunal")}

    def set_summaries(self, summaries) -> None:
        """Replace the rows. Only what the first sort needs is computed for every row (the
        date of the deadline shown, compared as ISO text); the texts, colours and search keys
        of a row are computed the first time it is painted, filtered or sorted on
        (``row_data``), so that 10,000 cases show in a fraction of a second."""
        self.beginResetModel()
        self._rows = list(summaries)
        self._cache = [None] * len(self._rows)
        today = self.today.isoformat()
        self._deadline_keys = [_deadline_key(s, today) for s in self._rows]
        self._ranks = list(range(len(self._rows)))  # the store's order: most recent first
        if self._sorted_by is not None:  # new rows keep the order the user chose
            self._reorder(*self._sorted_by)
        self._index_of = {s.id: i for i, s in enumerate(self._rows)}
        self.endResetModel()

    def summaries(self) -> list:
        return list(self._rows)

    def update_summary(self, summary):
        """Replace the row of one case just saved (its texts are computed again when
        painted) and move it where ``set_summaries`` with the store's list (which comes
        most recently updated first) would put it. A few keys are compared, not 10,000
        rows reloaded.
        Returns the summary replaced, or None when the case is not in the list (then
        nothing changed: reload the list)."""
        row = self.row_of(summary.id)
        if row < 0:
            return None
        old = self._rows[row]
        self._rows[row] = summary
        self._cache[row] = None
        self._deadline_keys[row] = _deadline_key(summary, self.today.isoformat())
        self._ranks[row] = min(self._ranks) - 1  # now the most recently updated
        target = self._place_of(row)
        if target == row:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
            return old
        # Qt's destination is a row of the list before the move
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(),
                           target if target < row else target + 1)
        for items in (self._rows, self._cache, self._deadline_keys, self._ranks):
            items.insert(target, items.pop(row))
        for i in range(min(row, target), max(row, target) + 1):
            self._index_of[self._rows[i].id] = i
        self.endMoveRows()
        self.dataChanged.emit(self.index(target, 0),
                              self.index(target, len(self.COLUMNS) - 1))
        return old

    def _place_of(self, row: int) -> int:
        """Where row ``row`` belongs among the others in the current order (a binary
        search on the sort keys, the row's own left out; no two keys are equal)."""
        if self._sorted_by is None:
            return 0  # the store's order: the case just saved comes first
        column, order = self._sorted_by
        key = self._sort_key(column, order)
        mine = key(row)
        descending = order == DESCENDING
        low, high = 0, len(self._rows) - 1  # positions among the others
        while low < high:
            middle = (low + high) // 2
            other = key(middle if middle < row else middle + 1)
            if (other > mine) if descending else (other < mine):
                low = middle + 1
            else:
                high = middle
        return low

    def summary(self, row: int):
        return self._rows[row]

    def row_data(self, row: int) -> _Row:
        cached = self._cache[row]
        if cached is None:
            cached = self._cache[row] = self._compute(self._rows[row])
        return cached

    def computed_rows(self) -> int:
        """How many rows have had their texts computed (the bench and the tests)."""
        return sum(1 for row in self._cache if row is not None)

    def row_of(self, case_id: str) -> int:
        return getattr(self, "_index_of", {}).get(case_id, -1)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.COLUMNS)

    def header_title(self, section: int) -> str:
        return self.tr(self.COLUMNS[section])

    def headerData(self, section, orientation, role=DISPLAY_ROLE):  # noqa: N802 - Qt API
        if enum_value(orientation) == HORIZONTAL and role in (DISPLAY_ROLE, TOOLTIP_ROLE):
            return self.header_title(section)
        return None

    def _compute(self, s) -> _Row:
        today = self.today
        if s.problem:
            texts = (s.subscriber_name or self.tr("(sans nom)"), s.operator_name,
                     ", ".join(s.line_numbers), self.tr("Dossier illisible"), "", "",
                     self.tr("Illisible"))
            return _Row(texts, tuple(fold(t) for t in texts[:5]), 10**9, "unreadable",
                        fold(" ".join(texts[:5]) + " " + s.id), frozenset(), False,
                        fold(s.operator_name), "", s.problem)
        overdue, upcoming, level = deadline_view(s.extra, today)
        shown = overdue[-1] if overdue else upcoming
        route_keys = open_routes(s.extra, today)
        routes = frozenset(route_keys)
        route_text = ", ".join(self._route_names[key] for key in route_keys) or "—"
        if overdue:
            delay = self.tr("En retard (%1)").replace(
                "%1", days_text(overdue[-1].days_left(today)))
        elif upcoming is None:
            delay = ""
        elif level == "soon":
            delay = self.tr("Bientôt (%1)").replace("%1", days_text(upcoming.days_left(today)))
        else:
            delay = days_text(upcoming.days_left(today))
        deadline_text = f"{shown.date:%d/%m/%Y} · {shown.label}" if shown else ""
        texts = (s.subscriber_name or self.tr("(sans nom)"), s.operator_name,
                 ", ".join(s.line_numbers), s.extra.get("stage_label", ""), route_text,
                 deadline_text, delay)
        folded = tuple(fold(t) for t in texts[:5])
        return _Row(texts, folded, shown.date.toordinal() if shown else 10**9, level,
                    " ".join(folded) + " " + s.id, routes, bool(overdue),
                    fold(s.operator_name), s.extra.get("stage", ""), deadline_text)

    def _sort_key(self, column: int, order: int):
        """The sort key of row ``i`` for ``column``. By deadline, only the precomputed dates
        are needed (ties: the subscriber's name, folded); by another column, the row's
        texts (computed then, once). Rows still equal keep the store's order, most recently
        updated first, in either direction (``_ranks``): the order depends on the keys
        only, so that one row can be moved into it (``update_summary``)."""
        keys, ranks = self._deadline_keys, self._ranks
        sign = -1 if order == DESCENDING else 1
        if column in (self.DEADLINE, self.DELAY):
            rows = self._rows

            def key(i):
                return (keys[i], fold(rows[i].subscriber_name or ""), sign * ranks[i])
        elif column in (self.SUBSCRIBER, self.OPERATOR, self.LINES, self.STAGE):
            texts = self._sort_text_of(column)

            def key(i):
                return (texts(i), keys[i], sign * ranks[i])
        else:
            def key(i):
                return (self.row_data(i).sort_texts[column], keys[i], sign * ranks[i])
        return key

    def _reorder(self, column: int, order: int) -> None:
        """Put the rows (and their cached data) in the order of ``column``."""
        keys, ranks = self._deadline_keys, self._ranks
        order_index = sorted(range(len(self._rows)), key=self._sort_key(column, order),
                             reverse=order == DESCENDING)
        self._rows = [self._rows[i] for i in order_index]
        self._cache = [self._cache[i] for i in order_index]
        self._deadline_keys = [keys[i] for i in order_index]
        self._ranks = [ranks[i] for i in order_index]
        self._sorted_by = (column, order)

    def _sort_text_of(self, column: int):
        """The sort text of ``column`` for a row, without computing the row's other texts
        (the same folded text as ``_compute`` puts in ``sort_texts``)."""
        rows, cache = self._rows, self._cache

        def text(i: int) -> str:
            cached = cache[i]
            if cached is not None:
                return cached.sort_texts[column]
            s = rows[i]
            if column == self.SUBSCRIBER:
                return fold(s.subscriber_name or self.tr("(sans nom)"))
            if column == self.OPERATOR:
                return fold(s.operator_name)
            if column == self.LINES:
                return fold(", ".join(s.line_numbers))
            if s.problem:
                return fold(self.tr("Dossier illisible"))
            return fold(s.extra.get("stage_label", "") if isinstance(s.extra, dict) else "")

        return text

    def sort(self, column: int, order=ASCENDING) -> None:
        """Sort the rows in Python on their precomputed keys (10,000 rows in milliseconds;
        a proxy sort would call ``data`` hundreds of thousands of times). Rows loaded later
        by ``set_summaries`` keep this order; asking for the order they already have is free.
        ``order``: a ``Qt.SortOrder`` or its value (:data:`gui.qt_values.ASCENDING`, …)."""
        order = enum_value(order)
        if column < 0 or (column, order) == self._sorted_by:
            return
        if not self._rows:
            self._sorted_by = (column, order)
            return
        self.layoutAboutToBeChanged.emit()
        before = [s.id for s in self._rows]
        self._reorder(column, order)
        self._index_of = {s.id: i for i, s in enumerate(self._rows)}
        moved_from, moved_to = [], []
        for persistent in self.persistentIndexList():
            if not 0 <= persistent.row() < len(before):
                continue
            case_id = before[persistent.row()]
            moved_from.append(persistent)
            moved_to.append(self.index(self._index_of[case_id], persistent.column()))
        self.changePersistentIndexList(moved_from, moved_to)
        self.layoutChanged.emit()

    def data(self, index, role=DISPLAY_ROLE):
        if not index.isValid():
            return None
        if role == ID_ROLE:
            return self._rows[index.row()].id
        row = self.row_data(index.row())
        column = index.column()
        if role == DISPLAY_ROLE:
            return row.texts[column]
        # colours, not brushes: the views paint a QColor as a brush, and QBrush(QColor)
        # alone builds the Qt namespace (its overloads take Qt enums, gui/qt_values.py)
        if role == BACKGROUND_ROLE:
            return _BACKGROUNDS.get(row.urgency)
        if role == FOREGROUND_ROLE and row.urgency in _BACKGROUNDS:
            return TEXT_ON_COLOUR
        if role == TOOLTIP_ROLE:
            # a narrow column shows « Service consommateurs s… »: the tip has it whole
            # plain_tip: a name typed « Dupont <SARL> » is shown as typed, never as markup
            if row.urgency == "unreadable":
                return plain_tip(row.tooltip)
            if column == self.DELAY and row.texts[column]:
                return plain_tip(f"{row.texts[column]} — {row.tooltip}" if row.tooltip
                                 else row.texts[column])
            if column == self.DEADLINE:
                return plain_tip(row.tooltip) or None
            return plain_tip(row.texts[column]) or None
        if role == SORT_ROLE:
            if column in (self.DEADLINE, self.DELAY):
                return self._deadline_keys[index.row()]
            return row.sort_texts[column] if column < len(row.sort_texts) else ""
        if role == SEARCH_ROLE:
            return row.search
        return None


class CaseFilter(QSortFilterProxyModel):
    """Search (every word, accents and case ignored) and the filters of the toolbar."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self.route = ""  # "" or a route of dispute.case_list.open_routes
        self.stage = ""  # a stage id or ""
        self.operator = ""  # folded operator name or ""
        self.overdue_only = False
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(False)

    def sort(self, column: int, order=ASCENDING) -> None:
        """The source model sorts itself on precomputed keys; the proxy only filters."""
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)

    def _change(self, apply) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10
            self.beginFilterChange()
            apply()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            apply()
            self.invalidateFilter()

    def filtering(self) -> bool:
        """Whether a search or a filter hides rows."""
        return bool(self.route or self.stage or self.operator or self.overdue_only
                    or self._words)

    def refilter(self) -> None:
        """Apply the search and the filters again (a row changed)."""
        self._change(lambda: None)

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
        if not (self.route or self.stage or self.operator or self.overdue_only
                or self._words):
            return True  # no filter: no row is computed for it
        model: CaseListModel = self.sourceModel()
        row_data = model.row_data(row)
        if self.route and self.route not in row_data.open_routes:
            return False
        if self.stage and row_data.stage != self.stage:
            return False
        if self.operator and row_data.operator != self.operator:
            return False
        if self.overdue_only and not row_data.overdue:
            return False
        if self._words:
            return all(word in row_data.search for word in self._words)
        return True

"""One table of the Bilan window, readable in whatever width it is given.

Headers longer than a word or two are shown on two lines (their whole text on hover), so
number columns stay narrow. Columns start at the width of their contents; when the table is
wider than its pane, the text columns give way first — down to a floor — and their cells
are elided, the whole text shown on hover (only for a cell that is actually cut). A table
still too wide at the floors (one row per case, 17 columns) scrolls sideways.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import Qt as QtText
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QWidget,
)

from dispute.bilan import percent
from documents.bilan_report import RATE_COLUMNS, cell_text
from gui.plain_text import plain_tip

TEXT_FLOOR_PX = 120
"""A text column is never narrowed below this (or its contents, when narrower)."""
CELL_MARGIN_PX = 8
"""Room Qt's item delegate keeps around a cell's text."""
TWO_LINES_FROM = 12
"""Headers longer than this (in characters) are split on two lines."""


def two_lines(text: str) -> str:
    """``text`` on two lines, cut at the space nearest its middle (unchanged when short or
    without a space)."""
    text = " ".join(text.split())
    if len(text) <= TWO_LINES_FROM or " " not in text:
        return text
    middle = len(text) / 2
    cut = min((i for i, ch in enumerate(text) if ch == " "), key=lambda i: abs(i - middle))
    return text[:cut] + "\n" + text[cut + 1:]


def fitted_widths(natural: list[int], shrinkable: set[int], available: int) -> list[int]:
    """Column widths that fit ``available`` pixels when they can: the widest shrinkable
    columns are narrowed to a common level, never below :data:`TEXT_FLOOR_PX` (nor their
    natural width); the others keep theirs."""
    if sum(natural) <= available or not shrinkable:
        return list(natural)
    floors = {c: min(natural[c], TEXT_FLOOR_PX) for c in shrinkable}

    def widths(level: int) -> list[int]:
        return [max(floors[c], min(w, level)) if c in shrinkable else w
                for c, w in enumerate(natural)]

    low, high = 0, max(natural[c] for c in shrinkable)
    while low < high:  # the highest level whose total fits
        mid = (low + high + 1) // 2
        if sum(widths(mid)) <= available:
            low = mid
        else:
            high = mid - 1
    return widths(low)


def plain_tooltip(text: str) -> str:
    """``text`` for a tooltip, never read as markup (a subscriber named « <b>… »)."""
    return QtText.convertFromPlainText(text) if QtText.mightBeRichText(text) else text


class BilanTable(QTableWidget):
    """A read-only table of ``documents.bilan_report.NamedTable``."""

    def __init__(self, table, parent: QWidget | None = None) -> None:
        super().__init__(len(table.rows), len(table.header), parent)
        self.name = table.name
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().setVisible(False)
        self.setAccessibleName(table.title)
        for c, text in enumerate(table.header):
            item = QTableWidgetItem(two_lines(text))
            item.setToolTip(plain_tip(" ".join(text.split())))
            self.setHorizontalHeaderItem(c, item)
        rates = RATE_COLUMNS.get(table.name, ())
        self.shrinkable: set[int] = set()
        for r, row in enumerate(table.rows):
            for c, value in enumerate(row):
                rate = c in rates or (table.name == "Synthèse" and row[0] == "Taux de succès"
                                      and c == 1)
                item = QTableWidgetItem(percent(value) if rate else cell_text(value))
                if isinstance(value, str):
                    self.shrinkable.add(c)
                else:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(r, c, item)
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.resizeColumnsToContents()  # at most 1,000 rows sampled (resizeContentsPrecision)
        self.natural = [self.columnWidth(c) for c in range(self.columnCount())]

    def natural_width(self) -> int:
        """The width that shows every column whole, frame and vertical scroll bar included."""
        return (sum(self.natural) + 2 * self.frameWidth()
                + self.verticalScrollBar().sizeHint().width())

    def fit_columns(self) -> None:
        available = (self.contentsRect().width()
                     - self.verticalScrollBar().sizeHint().width())
        for c, width in enumerate(fitted_widths(self.natural, self.shrinkable, available)):
            self.setColumnWidth(c, width)  # spare room stays at the right: numbers stay
            # next to their labels

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.fit_columns()

    def is_elided(self, row: int, column: int) -> bool:
        item = self.item(row, column)
        if item is None:
            return False
        needed = self.fontMetrics().horizontalAdvance(item.text()) + CELL_MARGIN_PX
        return needed > self.columnWidth(column)

    def viewportEvent(self, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.ToolTip:  # the whole text of a cut cell, only
            index = self.indexAt(event.pos())
            if index.isValid() and self.is_elided(index.row(), index.column()):
                QToolTip.showText(event.globalPos(),
                                  plain_tooltip(self.item(index.row(), index.column()).text()),
                                  self.viewport(), self.visualRect(index))
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

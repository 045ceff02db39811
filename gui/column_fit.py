"""Columns that fit their table's width: no horizontal scroll bar while the window leaves
room for every column's title.

A table (the case list) has a width it would like for each column. When its viewport is
narrower than their sum (the « Cette semaine » panel beside it, a small screen), the columns
shrink together, each in proportion to what it has above its minimum (its title and the sort
arrow, never cut); texts longer than their column end with « … » and the model gives the
whole text as a tooltip. When the viewport grows again, they go back to the widths wanted,
and the last column takes the room left (the fitter does Qt's « stretch last section »).
A column the user resizes keeps that width as the one it wants; a scroll bar then appears
only if the user made the columns wider than the window, or if the titles alone do not fit.

The fitter hears of the table's width from the layout that places the table
(:class:`FittingLayout`) and of its vertical scroll bar from the bar's range, not from the
viewport: the first ``viewport()`` call from Python costs ~7 ms (PySide6 wraps the viewport's
private class), which start-up paid once before this module existed (``bench/startup.py``, 3
December 2026). Nor from an event filter on the table: PySide6 then wraps every event of the
table and builds QEvent's 179-member ``Type`` enum before the first paint (docs/benchmarks.md
« Start-up »); the layout's ``setGeometry`` gets a plain QRect.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QHeaderView, QTableView, QVBoxLayout

logger = logging.getLogger(__name__)


def shrink_to(wanted: list[int], minimums: list[int], available: int) -> list[int]:
    """``wanted`` widths made to fit ``available`` pixels: unchanged when they fit, else each
    column loses in proportion to its room above its minimum, never going below it (the
    sum may then exceed ``available``: the titles alone do not fit)."""
    total = sum(wanted)
    if total <= available:
        return list(wanted)
    floors = [min(m, w) for m, w in zip(minimums, wanted)]
    room = [w - f for w, f in zip(wanted, floors)]
    spare = sum(room)
    excess = total - available
    if spare <= 0 or excess >= spare:
        return floors
    out = [w - (r * excess) // spare for w, r in zip(wanted, room)]
    # integer division leaves a few pixels: take them from the widest columns
    over = sum(out) - available
    for i in sorted(range(len(out)), key=lambda i: out[i] - floors[i], reverse=True):
        if over <= 0:
            break
        take = min(over, out[i] - floors[i])
        out[i] -= take
        over -= take
    return out


class FittingLayout(QVBoxLayout):
    """A vertical box layout that calls ``placed`` (if set) each time it has placed its
    widgets: the table it holds may have a new width (module docstring)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.placed = None

    def setGeometry(self, rect) -> None:  # noqa: N802 - Qt API
        super().setGeometry(rect)
        if self.placed is not None:
            self.placed()


class ColumnFitter(QObject):
    """Keeps the columns of ``table`` within its viewport (module docstring). ``wanted``:
    the width each column would like; ``minimums``: the width under which it never goes.
    Call :meth:`refit` when the table may have a new width (:class:`FittingLayout` does)."""

    def __init__(self, table: QTableView, wanted: list[int], minimums: list[int]) -> None:
        super().__init__(table)
        self.table = table
        self.wanted = list(wanted)
        self.minimums = list(minimums)
        self._fitting = False
        self._width = -1
        header = table.horizontalHeader()
        # The fitter stretches the last column itself: Qt's stretched last section would not
        # shrink below the width it was given, and the sum would pass the viewport.
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(min([header.minimumSectionSize(), *self.minimums]))
        self._scroll_bar = table.verticalScrollBar()
        # the scroll bar shown or hidden (its range) moves the viewport's width; a signal, not
        # an event filter on the bar: the bar's events during the table's destruction crashed
        # (after the scroll area has shown or hidden the bar for its new range)
        self._scroll_bar.rangeChanged.connect(
            lambda *_: QTimer.singleShot(0, self, self.refit))
        table.horizontalHeader().sectionResized.connect(self._resized_by_user)

    def available(self) -> int:
        """The viewport's width, without asking for the viewport (module docstring)."""
        width = self.table.maximumViewportSize().width()
        if self._scroll_bar.isVisible():
            width -= self._scroll_bar.width()
        return width

    def refit(self, *_args) -> None:
        """Fit the columns again if the viewport's width changed since the last fit."""
        width = self.available()
        if width != self._width:
            self._width = width
            self.fit()

    def take_current_widths(self) -> None:
        """The widths the columns have now become the ones wanted (a restored layout)."""
        header = self.table.horizontalHeader()
        self.wanted = [max(header.sectionSize(i), self.minimums[i])
                       for i in range(len(self.wanted))]
        self.fit()

    def fit(self) -> None:
        available = self.available()
        if available <= 0:
            return
        header = self.table.horizontalHeader()
        count = min(len(self.wanted), header.count())
        widths = shrink_to(self.wanted[:count], self.minimums[:count], available)
        if widths and sum(widths) < available:
            widths[-1] += available - sum(widths)  # the last one takes the room left
        self._fitting = True
        try:
            for column, width in enumerate(widths):
                if header.sectionResizeMode(column) is QHeaderView.ResizeMode.Interactive \
                        and header.sectionSize(column) != width:
                    header.resizeSection(column, width)
        finally:
            self._fitting = False

    def _resized_by_user(self, column: int, _old: int, new: int) -> None:
        if self._fitting or column >= len(self.wanted):
            return
        self.wanted[column] = max(new, self.minimums[column])

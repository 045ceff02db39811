"""The main window's first frame without PySide6's Qt namespace, and what is left for just
after it (gui/qt_values.py, docs/benchmarks.md « Start-up »).

Before its first paint the window hands Python no ``Qt`` enum: its header takes its titles
from a model of Qt's own, the week panel asks for its first-start width through its size
hint, and the week headings' flags wait. :meth:`FirstFrameMixin.finish_start_up` runs on the
turn of the event loop after the window was found on screen: it gives the header the list's
model back and sets those flags, building the namespace then, when the window is already
painted. Nothing the first frame shows differs.

Mixed into :class:`gui.main_window.MainWindow`; imported with it at start-up.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from gui.main_window_layout import WEEK_DOCK_WIDTH
from gui.qt_values import FOREGROUND_ROLE, USER_ROLE

EXPOSE_WAIT_S = 2.0
"""A shown window the platform has not exposed by then (started minimised, on another
desktop) gets ``finish_start_up`` anyway."""
EXPOSE_POLL_MS = 20
"""How often the window looks again once the first 100 ms have passed (every turn of
the event loop before that)."""

PLAIN_ITEM_ROLE = USER_ROLE + 10
"""On a line of the week's panel that is not a case (a heading, « … et N autres », « Rien à
faire »): whether it stays enabled, until its flags are set (``FirstFrameMixin._plain_item``)."""


class WeekList(QListWidget):
    """The week panel's list, asking for the width the panel has at a first start (Qt's
    default is 256 px): resizeDocks, which takes a Qt.Orientation, would build the Qt
    namespace before the first paint, or move the panel just after it."""

    def sizeHint(self):  # noqa: N802 - Qt API
        hint = super().sizeHint()
        hint.setWidth(WEEK_DOCK_WIDTH)
        return hint


class FirstFrameMixin:
    """The header's titles before the first paint, the work left for just after it."""

    def _give_header_its_titles(self) -> None:
        """Give the table's header, before the table has a model, a model of Qt's own for
        its titles: the list model's ``headerData`` would be called with a Qt.Orientation.
        The header's widths, saved state and sort arrow are then set on it, still without
        the table's sorting connected to a model whose ``sort`` is Python's (it gets a
        Qt.SortOrder), then :meth:`_give_table_its_model`."""
        titles = QStandardItemModel(0, len(self.model.COLUMNS), self)
        for column in range(len(self.model.COLUMNS)):
            title = QStandardItem(self.model.header_title(column))
            title.setToolTip(title.text())
            titles.setHorizontalHeaderItem(column, title)
        self._header_titles = titles
        self.table.horizontalHeader().setModel(titles)

    def _give_table_its_model(self) -> None:
        """Sorting on while the table's model is still Qt's empty one (enabling it sorts the
        model on the header's arrow: the list model is sorted in Python already), then the
        proxy over the list. The header keeps its sections (same count) and gets its titles'
        model back until :meth:`finish_start_up`."""
        self.table.setSortingEnabled(True)
        self.proxy.setSourceModel(self.model)
        self.table.setModel(self.proxy)
        self.table.horizontalHeader().setModel(self._header_titles)

    def _finish_once_painted(self, since: float | None = None) -> None:
        """Run :meth:`finish_start_up` on the turn of the event loop after the one that
        found the window on screen (its first paint done: Qt paints a window when the
        platform exposes it), or at once for a window that is not shown (tests); a shown
        window never exposed gets it after :data:`EXPOSE_WAIT_S`."""
        if self._started:
            return
        since = time.monotonic() if since is None else since
        waited = time.monotonic() - since
        handle = self.windowHandle()
        if (self.isVisible() and (handle is None or not handle.isExposed())
                and waited < EXPOSE_WAIT_S):
            QTimer.singleShot(0 if waited < 0.1 else EXPOSE_POLL_MS, self,
                              lambda: self._finish_once_painted(since))
            return
        if self.isVisible():
            QTimer.singleShot(0, self, self.finish_start_up)
        else:
            self.finish_start_up()

    def finish_start_up(self) -> None:
        """What needs the Qt namespace (93 enums, ~12 ms to build), once the window is
        painted: the header's titles from the list's model again (tooltips and highlighted
        sections follow the list), the week headings made unselectable and « Rien à faire »
        disabled, the first-start width of the week panel if a style gave it another.
        Idempotent."""
        if self._started:
            return
        self._started = True
        header = self.table.horizontalHeader()
        header.setModel(self.proxy)  # same columns: sizes, order and arrow are kept
        header.setSelectionModel(self.table.selectionModel())
        self._header_titles = None
        for row in range(self.week_list.count()):
            item = self.week_list.item(row)
            enabled = item.data(PLAIN_ITEM_ROLE)
            if enabled is not None:
                self._plain_item(item, enabled)
        self._size_week_dock_if_new()

    def _plain_item(self, item: QListWidgetItem, enabled: bool = True) -> None:
        """A line of the week's panel that is not a case: never selected; greyed unless
        ``enabled``. Before the first paint its flags wait for :meth:`finish_start_up`
        (``setFlags`` takes a Qt.ItemFlag); a disabled one is greyed from the first frame."""
        if not self._started:
            item.setData(PLAIN_ITEM_ROLE, enabled)
            if not enabled:
                from PySide6.QtGui import QPalette

                item.setData(FOREGROUND_ROLE, self.week_list.palette().color(
                    QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
            return
        from PySide6.QtCore import Qt

        item.setFlags(Qt.ItemFlag.ItemIsEnabled if enabled else Qt.ItemFlag.NoItemFlags)

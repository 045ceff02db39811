"""The main window's layout kept between sessions: geometry, docks and toolbar, the list's
columns (QSettings), restored at start and saved on close.

Mixed into :class:`gui.main_window.MainWindow`; imported with it at start-up.
"""

from __future__ import annotations

import struct

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView

WEEK_DOCK_WIDTH = 240
"""The week panel's width at a first start: wide enough for its lines."""


def sort_indicator_of(state: bytes) -> tuple[int, int] | None:
    """The sort column and order (0 ascending, 1 descending) in a header's saved state:
    the fourth and third integers after the format's marker (0xff) and version (0), in
    every Qt since 4.3; None if the state is not of that format."""
    if len(state) < 20:
        return None
    marker, version, _orientation, order, column = struct.unpack(">iiiii", state[:20])
    if marker != 0xFF or version != 0 or order not in (0, 1) or column < -1:
        return None
    return column, order


def preset_sort_indicator(header: QHeaderView, column: int, order: int) -> bool:
    """Put ``header``'s sort arrow on ``column`` in ``order`` (0 ascending, 1 descending)
    without a Qt.SortOrder, which would build PySide6's Qt namespace (gui/qt_values.py):
    the header's own saved state, its sort order and column rewritten, restored. Those are
    the third and fourth integers after the format's marker (0xff) and version (0), in
    every Qt since 4.3; anything else read there, or a state Qt refuses, returns False
    (then call ``setSortIndicator``). Restoring a state tells the view: call this before
    the view's sorting is on, or the view has its model sort (gui/main_window_start.py)."""
    state = bytes(header.saveState().data())
    if sort_indicator_of(state) is None or order not in (0, 1):
        return False
    patched = state[:12] + struct.pack(">ii", order, column) + state[20:]
    return header.restoreState(QByteArray(patched)) and header.sortIndicatorSection() == column


class MainWindowLayoutMixin:
    """Restore the saved layout; save it when the window closes."""

    # -- layout -------------------------------------------------------------------------

    def _restore_header(self) -> tuple[int, int] | None:
        """The list's header as saved (widths, order, sort arrow), restored before the
        table has its model (gui/main_window_start.py). Returns the saved sort column and
        order (0 ascending, 1 descending), or None: nothing saved, or a state this version
        cannot read (:meth:`_restore_layout` then gives it to Qt as it is)."""
        state = QSettings().value("main/header")
        self._header_state_left = None
        if state is None:
            return None
        indicator = sort_indicator_of(state.data() if hasattr(state, "data") else bytes(state))
        header = self.table.horizontalHeader()
        if indicator is None or not header.restoreState(state):
            self._header_state_left = state
            return None
        return indicator

    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = settings.value("main/state")
        self._first_layout = state is None
        if state is not None:
            self.restoreState(state)
        if self._header_state_left is not None:  # not read by _restore_header: Qt's way
            self.table.horizontalHeader().restoreState(self._header_state_left)

    def _size_week_dock_if_new(self) -> None:
        """First start (no saved layout): a week panel wide enough for its lines. Run from
        ``finish_start_up`` (resizeDocks takes a Qt.Orientation, gui/qt_values.py); not from
        showEvent, whose override alone made PySide6 build its 180-member QEvent enum at
        every start (bench/startup.py)."""
        if not self._first_layout or self.week_dock.width() == WEEK_DOCK_WIDTH:
            return
        from PySide6.QtCore import Qt

        self.resizeDocks([self.week_dock], [WEEK_DOCK_WIDTH], Qt.Orientation.Horizontal)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        # Case windows save their pending notes and cancel their exports when closed.
        for window in list(self._case_windows.values()):
            if window.isVisible() and not window.close():
                event.ignore()
                return
        if self._summaries_job is not None:  # the next start finishes it
            self._summaries_job.stop.set()
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/state", self.saveState())
        settings.setValue("main/header", self.table.horizontalHeader().saveState())
        super().closeEvent(event)

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


def preset_sort_indicator(header: QHeaderView, column: int, order: int) -> bool:
    """Put ``header``'s sort arrow on ``column`` in ``order`` (0 ascending, 1 descending)
    without a Qt.SortOrder, which would build PySide6's Qt namespace (gui/qt_values.py):
    the header's own saved state, its sort order and column rewritten, restored. Those are
    the third and fourth integers after the format's marker (0xff) and version (0), in
    every Qt since 4.3; anything else read there, or a state Qt refuses, returns False
    (then call ``setSortIndicator``). For a header whose view has no model yet: restoring
    the state of a header with sections tells the view, which then sorts its model."""
    state = bytes(header.saveState().data())
    if len(state) < 20:
        return False
    marker, version, _orientation, old_order, _section = struct.unpack(">iiiii", state[:20])
    if marker != 0xFF or version != 0 or old_order not in (0, 1) or order not in (0, 1):
        return False
    patched = state[:12] + struct.pack(">ii", order, column) + state[20:]
    return header.restoreState(QByteArray(patched)) and header.sortIndicatorSection() == column


class MainWindowLayoutMixin:
    """Restore the saved layout; save it when the window closes."""

    # -- layout -------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = settings.value("main/state")
        self._first_layout = state is None
        if state is not None:
            self.restoreState(state)
        header = settings.value("main/header")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)

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

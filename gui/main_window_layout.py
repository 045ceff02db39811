"""The main window's layout kept between sessions: geometry, docks and toolbar, the list's
columns (QSettings), restored at start and saved on close.

Mixed into :class:`gui.main_window.MainWindow`; imported with it at start-up.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer


class MainWindowLayoutMixin:
    """Restore the saved layout; save it when the window closes."""

    # -- layout -------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = settings.value("main/state")
        if state is not None:
            self.restoreState(state)
        else:
            QTimer.singleShot(0, self, self._size_week_dock)
        header = settings.value("main/header")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)

    def _size_week_dock(self) -> None:
        """First start (no saved layout): a week panel wide enough for its lines. Run from the
        event loop once the window is laid out; not from showEvent, whose override alone made
        PySide6 build its 180-member QEvent enum at every start (bench/startup.py)."""
        self.resizeDocks([self.week_dock], [240], Qt.Orientation.Horizontal)

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

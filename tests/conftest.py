"""Shared test set-up: Qt offscreen (set before any Qt import), paths to the repository."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def pytest_configure(config):
    """GUI tests never touch the user's real Qt settings (recent cases, window layout)."""
    try:
        from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths
    except ImportError:  # pragma: no cover - Qt always installed with the test extras
        return
    QStandardPaths.setTestModeEnabled(True)
    QCoreApplication.setOrganizationName("RecoursTelecomTests")
    QCoreApplication.setApplicationName("RecoursTelecomTests")
    # One settings file per test run: two runs at once (two checkouts on one machine) would
    # otherwise share ~/.qttest and read each other's remembered folders.
    import atexit
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="recours-telecom-qsettings-")
    atexit.register(shutil.rmtree, folder, True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)


@pytest.fixture
def answers():
    """Message boxes answered « yes » and recorded as (kind, title, text), never shown
    (``gui.dialogs.responder``). Several test modules still define their own copy."""
    from gui import dialogs

    seen: list[tuple[str, str, str]] = []
    dialogs.responder = lambda kind, title, text: seen.append((kind, title, text)) or True
    yield seen
    dialogs.responder = None

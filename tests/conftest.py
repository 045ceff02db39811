"""Shared test set-up: Qt offscreen (set before any Qt import), paths to the repository."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Parsed font faces are cached per user (documents/face_cache.py): the tests, and the
# commands they run, keep theirs in a folder of this run, never in the user's cache.
if "RECOURS_TELECOM_CACHE" not in os.environ:
    import atexit
    import shutil
    import tempfile

    os.environ["RECOURS_TELECOM_CACHE"] = tempfile.mkdtemp(prefix="recours-telecom-cache-")
    atexit.register(shutil.rmtree, os.environ["RECOURS_TELECOM_CACHE"], True)

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
    _forbid_real_modal_dialogs()


class RealModalDialog(AssertionError):
    """A test reached a real modal dialog (message box, file chooser, ``exec``): offscreen,
    nobody can answer it, so it would hang the run or, shown over a window being destroyed,
    crash it. Route it through the test hooks instead (``gui.dialogs.responder``,
    ``gui.case_view.modal.exec_dialog``, ``desktop.file_picker``, the print hooks)."""


_REAL_DIALOGS: list[str] = []


def _forbid_real_modal_dialogs() -> None:
    """Replace every way of running a real modal dialog by one that fails loudly."""
    try:
        from PySide6 import QtWidgets
    except ImportError:  # pragma: no cover - Qt always installed with the test extras
        return

    def forbidden(name: str):
        def refuse(*args, **_kwargs):
            text = " | ".join(str(a) for a in args if isinstance(a, str))[:300]
            _REAL_DIALOGS.append(f"{name}: {text}")
            raise RealModalDialog(f"{name} opened a real modal dialog in a test ({text}); "
                                  "use the injectable test hooks (tests/conftest.py).")
        return staticmethod(refuse)

    statics = {
        QtWidgets.QMessageBox: ("critical", "information", "question", "warning", "about"),
        QtWidgets.QInputDialog: ("getItem", "getText", "getInt", "getDouble",
                                 "getMultiLineText"),
        QtWidgets.QFileDialog: ("getOpenFileName", "getOpenFileNames", "getSaveFileName",
                                "getExistingDirectory", "getOpenFileUrl", "getSaveFileUrl"),
    }
    for cls, names in statics.items():
        for name in names:
            setattr(cls, name, forbidden(f"{cls.__name__}.{name}"))
    for cls in (QtWidgets.QDialog, QtWidgets.QMessageBox, QtWidgets.QFileDialog,
                QtWidgets.QInputDialog, QtWidgets.QProgressDialog):
        # an instance method: ``dialog.exec()`` passes the dialog first
        setattr(cls, "exec", forbidden(f"{cls.__name__}.exec").__func__)
        if hasattr(cls, "exec_"):
            setattr(cls, "exec_", forbidden(f"{cls.__name__}.exec_").__func__)
    try:
        from PySide6.QtPrintSupport import QPrintDialog, QPageSetupDialog
    except ImportError:  # pragma: no cover
        return
    for cls in (QPrintDialog, QPageSetupDialog):
        setattr(cls, "exec", forbidden(f"{cls.__name__}.exec").__func__)


@pytest.fixture(autouse=True)
def _no_real_modal_dialog():
    """Fail the test during which a real modal dialog was reached, even when the exception
    was swallowed (a Qt slot, a worker's callback)."""
    _REAL_DIALOGS.clear()
    yield
    if _REAL_DIALOGS:
        shown = list(_REAL_DIALOGS)
        _REAL_DIALOGS.clear()
        pytest.fail("Real modal dialog(s) reached in this test: " + "; ".join(shown))


@pytest.fixture
def real_dialogs():
    """The real modal dialogs reached so far in this test (to test the guard itself)."""
    return _REAL_DIALOGS


@pytest.fixture
def store(tmp_path):
    """A durable case store in a fresh folder, summarised as the application does (a test
    module may define its own ``store`` instead)."""
    from dispute.case_list import list_summary
    from store.store import CaseStore

    with CaseStore.open(tmp_path / "data", summarizer=list_summary) as opened:
        yield opened


@pytest.fixture
def answers():
    """Message boxes answered « yes » and recorded as (kind, title, text), never shown
    (``gui.dialogs.responder``). Several test modules still define their own copy."""
    from gui import dialogs

    seen: list[tuple[str, str, str]] = []
    dialogs.responder = lambda kind, title, text: seen.append((kind, title, text)) or True
    yield seen
    dialogs.responder = None

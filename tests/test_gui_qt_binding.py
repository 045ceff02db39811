"""The installed Qt binding must not corrupt Python's reference counts.

PySide6 6.12.0 on Python 3.11 drops a reference to None on every call of a Qt method that
returns nothing: after a few hundred keystrokes in the wizard, Python aborts with
« Fatal Python error: none_dealloc ». pyproject.toml excludes that version; this test keeps
any other binding with the same defect out.
"""

from __future__ import annotations

import sys

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QLabel, QLineEdit  # noqa: E402


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_void_qt_calls_and_typing_keep_none_alive(qtbot):
    label = QLabel()
    edit = QLineEdit()
    qtbot.addWidget(label)
    qtbot.addWidget(edit)
    before = sys.getrefcount(None)
    for _ in range(300):
        label.clear()
        label.setVisible(False)
        edit.setAccessibleName("")
    QTest.keyClicks(edit, "abc" * 50)  # QTest types ASCII only (Qt asserts on others)
    edit.setAlignment(Qt.AlignmentFlag.AlignLeft)
    assert sys.getrefcount(None) - before > -50, "the Qt binding leaks references to None"


def test_a_long_typing_session_in_the_wizard_does_not_abort(qtbot, tmp_path):
    """2,000 characters typed into the wizard's fields, as a user would over a morning."""
    from gui import dialogs
    from gui.wizard import CaseWizard
    from store.store import CaseStore

    dialogs.responder = lambda kind, title, text: False
    try:
        with CaseStore.open(tmp_path / "data", durable=False) as store:
            wizard = CaseWizard(store)
            qtbot.addWidget(wizard)
            name = wizard.subscriber_editor.name
            for _ in range(40):
                name.clear()
                QTest.keyClicks(name, "Boulangerie Au Pain Dore & Fils, oeufs frais - 25 EUR ")
                name.insert("« é œ € »")  # accents pasted: QTest types ASCII only
            assert name.text().startswith("Boulangerie")
            wizard.hide()
    finally:
        dialogs.responder = None

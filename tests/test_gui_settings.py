"""Paramètres: what the office sets once is kept in the data folder and used by the letters."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QDialog  # noqa: E402

from gui import dialogs, printing  # noqa: E402
from gui.settings_dialog import SettingsDialog, load_letter_settings  # noqa: E402
from store.store import CaseStore  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def store(tmp_path):
    with CaseStore.open(tmp_path / "data") as s:
        yield s


@pytest.fixture
def answers():
    seen = []
    dialogs.responder = lambda kind, title, text: seen.append((kind, title, text)) or True
    yield seen
    dialogs.responder = None


def test_settings_are_saved_reloaded_and_used_in_letters(qtbot, store):
    dialog = SettingsDialog(store)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.structure_name, "CPME du Calvados & Co")
    dialog.structure_street.setPlainText("10 rue de la Paix")
    qtbot.keyClicks(dialog.structure_postcode, "14000")
    qtbot.keyClicks(dialog.structure_city, "Caen")
    dialog.place.clear()
    dialog.place.insert("Évreux")  # QTest types ASCII only
    dialog.window_top.setValue(45.5)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted

    settings, problem = load_letter_settings(store)
    assert problem is None
    assert settings.place == "Évreux"
    assert settings.structure.name == "CPME du Calvados & Co"
    assert settings.geometry.window_top_mm == 45.5

    again = SettingsDialog(store)
    qtbot.addWidget(again)
    assert again.place.text() == "Évreux" and again.window_top.value() == 45.5

    from dispute.procedure import assess
    from documents.letters import LetterKind, compose_letter
    from store.casefile import read_case_file

    case = read_case_file(ROOT / "examples" / "panne-fibre-particulier").case
    today = date(2026, 11, 22)
    letter = compose_letter(LetterKind.SERVICE_CONSOMMATEURS, case, assess(case, today),
                            settings, today).letter
    assert letter.place_and_date == "Évreux, le 22 novembre 2026"


def test_unreadable_settings_are_reported_and_defaults_used(qtbot, store, answers):
    (store.data_dir / "settings.json").write_text("{", encoding="utf-8")
    dialog = SettingsDialog(store)
    qtbot.addWidget(dialog)
    assert answers and answers[-1][0] == "critical"
    assert dialog.place.text() == ""  # the writer's town


def test_calibration_page_prints_through_the_print_dialog(qtbot, store, tmp_path, answers):
    from PySide6.QtPrintSupport import QPrinter

    out = tmp_path / "calibrage.pdf"

    def accept_to_file(print_dialog):
        printer = print_dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return QDialog.DialogCode.Accepted

    printing.exec_dialog_hook = accept_to_file
    try:
        dialog = SettingsDialog(store)
        qtbot.addWidget(dialog)
        dialog.print_calibration()
    finally:
        printing.exec_dialog_hook = None
    assert out.exists() and out.stat().st_size > 1000
    assert [kind for kind, *_ in answers] == ["information"]  # no error; where it went
    assert str(out) in answers[0][2]

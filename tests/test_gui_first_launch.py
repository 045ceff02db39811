"""The first-launch set-up opens by itself only on a truly new data folder: no letter setting
saved, no case. An existing team folder (cases, or settings already made) is left alone, and
the set-up stays reachable from Outils."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from dispute.case_list import list_summary  # noqa: E402
from documents.letter_settings import LetterSettings, StructureIdentity  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402
from gui.settings_dialog import (  # noqa: E402
    SETTINGS_KEY,
    SettingsDialog,
    needs_first_launch,
)
from store.casefile import import_case_file  # noqa: E402
from store.store import CaseStore  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PRIVATE = ROOT / "examples" / "panne-fibre-particulier"
TODAY = date(2026, 7, 1)


def _offered(qtbot, store) -> bool:
    """Whether a main window opened on ``store`` shows the set-up by itself."""
    window = MainWindow(store, today=TODAY, first_launch=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)  # the offer is queued once the window shows
    dialog = window._settings_dialog
    offered = isinstance(dialog, SettingsDialog) and dialog.isVisible() and dialog.guided
    if dialog is not None:
        dialog.close()
    window.close()
    return offered


def _save_letters(store, settings: LetterSettings) -> None:
    data = store.read_settings()
    data[SETTINGS_KEY] = settings.to_dict()
    store.write_settings(data)


def test_a_new_empty_folder_gets_the_set_up(qtbot, store, answers):
    assert needs_first_launch(store)
    assert _offered(qtbot, store)


def test_defaults_saved_as_they_are_still_count_as_empty(qtbot, store, answers):
    _save_letters(store, LetterSettings())
    assert needs_first_launch(store)


def test_a_team_folder_with_cases_gets_no_set_up_but_outils_still_has_it(
        qtbot, store, answers):
    import_case_file(store, PRIVATE)  # a colleague's folder: cases, no Paramètres saved yet
    assert not needs_first_launch(store)
    assert not _offered(qtbot, store)
    window = MainWindow(store, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    tools = next(a.menu() for a in window.menuBar().actions()
                 if a.text().replace("&", "") == "Outils")
    action = next(a for a in tools.actions()
                  if a.text().replace("&", "").startswith("Premiers réglages"))
    action.trigger()
    dialog = window._settings_dialog
    assert dialog.guided and "étape 1 sur 3" in dialog.windowTitle()
    dialog.close()


def test_an_unreadable_case_counts_as_a_case(qtbot, store, answers):
    store.close()
    bad = store.data_dir / "cases" / "ab" / "ab0123456789.json"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_text("{", encoding="utf-8")
    with CaseStore.open(store.data_dir, summarizer=list_summary) as reopened:
        assert reopened.list_cases()
        assert not needs_first_launch(reopened)


@pytest.mark.parametrize("settings", [
    LetterSettings(place="Caen"),  # the place of letters, no structure
    LetterSettings(structure=StructureIdentity(street_lines=("12 rue des Lilas",),
                                               postcode="14000", city="Caen")),  # no name yet
    LetterSettings(formal_notice_days=8),
    LetterSettings(structure=StructureIdentity(contact_name="Anne Leroy")),
])
def test_settings_already_present_get_no_set_up(qtbot, store, answers, settings):
    _save_letters(store, settings)
    assert not needs_first_launch(store)
    assert not _offered(qtbot, store)


def test_a_blank_structure_name_alone_is_still_empty(qtbot, store, answers):
    _save_letters(store, LetterSettings(structure=StructureIdentity(name="  \t ")))
    assert needs_first_launch(store)

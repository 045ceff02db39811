"""Every window's Alt+letter has one owner (tests/mnemonics.py walks what each shows): the
set-up's Alt+T went to « Hauteur » instead of « Terminer », the wizard's Alt+N to the SIREN
field instead of « Nom », Alt+R to the structure's address instead of « Raison sociale ».
The most-used actions keep their natural letters."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QWizard  # noqa: E402

from dispute.model import DisputeNature, Event, EventKind, HandlingStructure  # noqa: E402
from dispute.procedure import assess  # noqa: E402
from gui import dialogs  # noqa: E402
from gui.case_view.export_dialog import ExportDialog  # noqa: E402
from gui.case_view.section_dialog import SectionDialog  # noqa: E402
from gui.case_view.sections import SECTIONS  # noqa: E402
from gui.case_view.window import CaseWindow  # noqa: E402
from gui.editors.event_dialog import EventDialog  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402
from gui.settings_dialog import SettingsDialog  # noqa: E402
from gui.wizard import CaseWizard  # noqa: E402
from store.casefile import import_case_file  # noqa: E402
from tests.mnemonics import clashes, letter_of, menu_clashes, mnemonic  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PRIVATE = ROOT / "examples" / "panne-fibre-particulier"
BUSINESS = ROOT / "examples" / "facturation-entreprise-cpme"
TODAY = date(2026, 7, 1)


@pytest.fixture(autouse=True)
def answers():
    previous = dialogs.responder
    dialogs.responder = lambda kind, title, text: False
    yield
    dialogs.responder = previous


def test_the_helper_reads_mnemonics_as_qt_does():
    assert mnemonic("&Suivant >") == "s"
    assert mnemonic("Hau&teur :") == "t"
    assert mnemonic("Dupont && fils") is None
    assert mnemonic("Dupont && &fils") == "f"
    assert mnemonic("Sans lettre") is None
    assert mnemonic("fin &") is None


def test_the_helper_finds_the_reported_clash(qtbot, store):
    """The set-up's last step as reported: Alt+T claimed by « Hauteur » and « Terminer »."""
    from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    field = QLineEdit(window)
    label = QLabel("Hau&teur :", window)
    label.setBuddy(field)
    for widget in (label, field, QPushButton("&Terminer et enregistrer", window),
                   QLabel("&Sans champ", window)):
        layout.addWidget(widget)
    found = clashes(window)
    assert len(found) == 2
    assert found[0].startswith("Alt+T : ") and "Hau&teur" in found[0]
    assert "sans champ associé" in found[1]


def _shown(qtbot, window):
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


# -- first-launch set-up and Paramètres ------------------------------------------------------


def test_every_step_of_the_first_launch_set_up(qtbot, store):
    dialog = _shown(qtbot, SettingsDialog(store, guided=True))
    found = {}
    for step in range(3):
        found[step] = clashes(dialog)
        assert letter_of(dialog, "Suivant" if step < 2 else "Terminer") == (
            "s" if step < 2 else "t")
        assert letter_of(dialog, "< Précédent") == "p"
        if step < 2:
            dialog.next_button.click()
    assert found == {0: [], 1: [], 2: []}


def test_alt_t_finishes_the_set_up(qtbot, store):
    """The reported case itself: on the last step, Alt+T is « Terminer et enregistrer »."""
    from PySide6.QtCore import Qt

    dialog = _shown(qtbot, SettingsDialog(store, guided=True))
    dialog.next_button.click()
    dialog.next_button.click()
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)


def test_every_tab_of_parametres(qtbot, store):
    dialog = _shown(qtbot, SettingsDialog(store))
    found = {}
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        found[dialog.tabs.tabText(index)] = clashes(dialog)
        assert letter_of(dialog, "Enregistrer") == "e"
    assert {k: v for k, v in found.items() if v} == {}


# -- the new-case wizard ------------------------------------------------------------------


def _wizard_pages(qtbot, store, example: Path):
    """Every page of a wizard resuming ``example`` (its events, exhibits, invoice lines and
    credits shown), with a handling structure and every nature ticked."""
    case = store.load_case(import_case_file(store, example).id)
    case.handling_structure = case.handling_structure or HandlingStructure(name="CPME Test")
    case.natures = list(DisputeNature)
    case.invoice_lines = case.invoice_lines * 2  # a second card: its labels have no letter
    case.credits = case.credits * 2
    wizard = _shown(qtbot, CaseWizard(store, today=TODAY, draft=case))
    found = {}
    for page_id in wizard.pageIds():
        page = wizard.page(page_id)
        # each page shown as the start page: « Précédent » kept, as when reached by « Suivant »
        wizard.setOption(QWizard.WizardOption.NoBackButtonOnStartPage,
                         page_id == wizard.pageIds()[0])
        wizard.setStartId(page_id)
        wizard.restart()
        found[page.title()] = clashes(wizard)
        assert letter_of(wizard, "Suivant") == "s" or page_id == wizard.pageIds()[-1]
        assert letter_of(wizard, "Annuler") is None  # Échap
    wizard.setStartId(wizard.pageIds()[-1])
    wizard.restart()
    assert letter_of(wizard, "Terminer") == "t" and letter_of(wizard, "< Précédent") == "p"
    return found


@pytest.mark.parametrize("example", [BUSINESS, PRIVATE])
def test_every_page_of_the_wizard(qtbot, store, example):
    found = _wizard_pages(qtbot, store, example)
    assert {k: v for k, v in found.items() if v} == {}


# -- the event dialog, the section editors, the export dialog ---------------------------------


@pytest.mark.parametrize("kind", list(EventKind))
def test_the_event_dialog_for_every_kind(qtbot, kind):
    dialog = _shown(qtbot, EventDialog(Event(kind=kind, written=True), TODAY, exhibits={}))
    assert clashes(dialog) == []
    assert letter_of(dialog, "Enregistrer") == "e"


def open_case(qtbot, store, example) -> CaseWindow:
    case_id = import_case_file(store, example).id
    window = CaseWindow(store, case_id, today=TODAY)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.exhibitsChecked, timeout=10_000):
        pass
    window.resize(1200, 800)
    window.show()
    return window


@pytest.mark.parametrize("example", [BUSINESS, PRIVATE])
def test_every_section_editor_and_the_case_window(qtbot, store, example):
    window = open_case(qtbot, store, example)
    found = {}
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        found[window.tabs.tabText(index)] = clashes(window)
    if window.menuBar().actions():
        found["menus"] = menu_clashes(window.menuBar())
    for key, *_ in SECTIONS:
        dialog = _shown(qtbot, SectionDialog(window.make_editor(key), window.case, TODAY,
                                              window))
        found[key] = clashes(dialog)
        assert letter_of(dialog, "Enregistrer") == "e"
        dialog.close()
    assert {k: v for k, v in found.items() if v} == {}
    window.close()


@pytest.mark.parametrize("email", [False, True])
def test_the_export_dialog(qtbot, store, email):
    case_id = import_case_file(store, BUSINESS).id
    case = store.load_case(case_id)
    dialog = _shown(qtbot, ExportDialog(case, assess(case, TODAY), TODAY, target="cpme",
                                        fixed=email, email=email))
    assert clashes(dialog) == []


@pytest.mark.parametrize("example", [BUSINESS, PRIVATE])
def test_the_case_window_dialogs(qtbot, store, example):
    from gui.case_view.case_acts import MandateDialog, OffenceDialog
    from gui.case_view.registered_dialogs import (
        ChooseLetterDialog,
        ReceiptDialog,
        RegisteredLetterDialog,
    )
    from gui.outcome_dialog import OutcomeDialog

    case = store.load_case(import_case_file(store, example).id)
    letter = Event(kind=EventKind.REGISTERED_LETTER, summary="Mise en demeure")
    found = {}
    for dialog in (RegisteredLetterDialog(case, TODAY), ReceiptDialog(letter, TODAY),
                   ChooseLetterDialog([letter, letter]), OffenceDialog(case, TODAY),
                   MandateDialog(case, TODAY), OutcomeDialog(case, TODAY)):
        found[type(dialog).__name__] = clashes(_shown(qtbot, dialog))
    assert {k: v for k, v in found.items() if v} == {}


def test_the_bilan_window(qtbot, store):
    from gui.bilan_window import BilanWindow

    assert clashes(_shown(qtbot, BilanWindow(store, TODAY))) == []


def test_the_main_window_and_its_menus(qtbot, store):
    import_case_file(store, PRIVATE)
    window = _shown(qtbot, MainWindow(store, today=TODAY))
    assert clashes(window) == []
    assert menu_clashes(window.menuBar()) == []

"""The structure of Paramètres and of the first-launch set-up is checked as the new-case
wizard checks it (``dispute.validation.validate_handling_structure``): a city without a
postcode was saved there, then stopped the wizard's first page with « Code postal manquant »
for the structure. The message shows in the Structure tab's own room, nothing invalid is
saved, and « Passer pour l'instant » still skips the set-up."""

from __future__ import annotations

from datetime import date

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QDialog  # noqa: E402

from dispute.model import Case, HandlingStructure, PostalAddress  # noqa: E402
from dispute.validation import errors, validate_case  # noqa: E402
from documents.letter_settings import StructureIdentity  # noqa: E402
from gui.editors.common import path_under  # noqa: E402
from gui.settings_dialog import (  # noqa: E402
    SETTINGS_KEY,
    SettingsDialog,
    load_letter_settings,
    needs_first_launch,
)
from store.store import CaseStore  # noqa: E402

TODAY = date(2026, 7, 1)


@pytest.fixture
def store(tmp_path):
    with CaseStore.open(tmp_path / "data") as s:
        yield s


def _dialog(qtbot, store, *, guided: bool) -> SettingsDialog:
    dialog = SettingsDialog(store, guided=guided)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _stored_structure(store) -> dict | None:
    return (store.read_settings().get(SETTINGS_KEY) or {}).get("structure")


def test_the_set_up_stops_on_a_city_without_postcode_and_saves_nothing(qtbot, store, answers):
    setup = _dialog(qtbot, store, guided=True)
    room = setup.structure_message.height()
    assert setup.structure_message.text() == ""
    qtbot.keyClicks(setup.structure_name, "CPME du Calvados")
    qtbot.keyClicks(setup.structure_city, "Caen")
    qtbot.mouseClick(setup.next_button, Qt.MouseButton.LeftButton)
    # still on the structure, the wizard's own message in the form's reserved room
    assert "étape 1 sur 3" in setup.windowTitle() and setup.tabs.currentIndex() == 0
    assert setup.structure_message.text() == "Erreur : Code postal manquant."
    assert setup.structure_message.severity == "error"
    assert setup.structure_message.height() == room  # nothing moved
    assert answers == []  # no message box
    assert _stored_structure(store) is None
    # the postcode typed: the message goes, the next step comes
    qtbot.keyClicks(setup.structure_postcode, "14000")
    assert setup.structure_message.text() == ""
    qtbot.mouseClick(setup.next_button, Qt.MouseButton.LeftButton)
    assert "étape 2 sur 3" in setup.windowTitle()


def test_the_set_up_stays_skippable_with_an_invalid_structure(qtbot, store, answers):
    setup = _dialog(qtbot, store, guided=True)
    qtbot.keyClicks(setup.structure_city, "Caen")
    qtbot.mouseClick(setup.next_button, Qt.MouseButton.LeftButton)
    assert setup.structure_message.text()
    setup.cancel_button.click()  # « Passer pour l'instant »
    assert setup.result() == QDialog.DialogCode.Rejected and not setup.isVisible()
    assert not needs_first_launch(store)  # skipped: not asked again
    assert _stored_structure(store) is None


def test_the_set_up_s_last_step_goes_back_to_the_structure(qtbot, store, answers):
    """The structure made invalid then left by « Précédent »/« Suivant » cannot be saved by
    « Terminer et enregistrer » either."""
    setup = _dialog(qtbot, store, guided=True)
    setup.tabs.setCurrentIndex(2)  # as if the steps had been gone through
    setup._update_step()
    qtbot.keyClicks(setup.structure_city, "Caen")
    qtbot.mouseClick(setup.finish_button, Qt.MouseButton.LeftButton)
    assert setup.isVisible() and setup.result() != QDialog.DialogCode.Accepted
    assert setup.tabs.currentIndex() == 0 and "étape 1 sur 3" in setup.windowTitle()
    assert setup.structure_message.text() == "Erreur : Code postal manquant."
    assert _stored_structure(store) is None
    assert needs_first_launch(store)  # neither done nor skipped yet


def test_parametres_refuse_to_save_it_and_keep_what_was_saved(qtbot, store, answers):
    data = store.read_settings()
    data[SETTINGS_KEY] = {"structure": StructureIdentity(
        name="CPME du Calvados", street_lines=("1 rue de Caen",), postcode="14000",
        city="Caen").to_dict()}
    store.write_settings(data)
    before = store.read_settings()
    dialog = _dialog(qtbot, store, guided=False)
    dialog.structure_postcode.clear()
    dialog.tabs.setCurrentIndex(2)  # saving from the envelope tab
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.tabs.currentIndex() == 0  # shown where the message is
    assert dialog.structure_message.text() == "Erreur : Code postal manquant."
    assert answers == []
    assert store.read_settings() == before  # unchanged
    qtbot.keyClicks(dialog.structure_postcode, "14000")
    assert dialog.structure_message.text() == ""
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    settings, _ = load_letter_settings(store)
    assert (settings.structure.postcode, settings.structure.city) == ("14000", "Caen")


def test_no_structure_at_all_is_still_saved(qtbot, store, answers):
    """The structure is optional: only the place of letters set, Paramètres save."""
    dialog = _dialog(qtbot, store, guided=False)
    qtbot.keyClicks(dialog.place, "Caen")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert load_letter_settings(store)[0].place == "Caen"


@pytest.mark.parametrize(("street", "postcode", "city", "email"), [
    ("", "", "Caen", ""),  # the reported case
    ("", "14000", "", ""),  # « Ville (localité) manquante. »
    ("12 rue Écuyère", "", "", ""),  # a street alone: both
    ("", "1400", "Caen", ""),  # the lost leading 0
    ("", "14 000", "Caen", ""),  # a space
    ("", "14000", "14000 Caen", ""),  # the postcode typed with the city
    ("x" * 45, "14000", "Caen", ""),  # a line over 38 characters (NF Z10-011)
    ("", "14000", "Caen", "contact@@cpme"),  # the structure's e-mail, as the wizard checks it
    ("", "14000", "CAEN CEDEX 9", ""),  # fine
    ("", "", "", ""),  # nothing: fine
])
def test_the_messages_are_the_wizard_s(qtbot, store, answers, street, postcode, city, email):
    dialog = _dialog(qtbot, store, guided=False)
    # hostile text in the name: never markup in the message (QTest cannot type « ☎ »)
    dialog.structure_name.setText("Point conseil <b>&</b> ☎")
    dialog.structure_street.setPlainText(street)
    dialog.structure_postcode.setText(postcode)
    dialog.structure_city.setText(city)
    dialog.structure_email.setText(email)
    # what the wizard's first page reports for the same structure (validate_case)
    case = Case(handling_structure=HandlingStructure(
        name="Point conseil <b>&</b> ☎", email=email,
        address=PostalAddress(street_lines=[street] if street else [], postcode=postcode,
                              city=city)))
    expected = [i.message for i in errors(validate_case(case, TODAY))
                if path_under(i.path, "handling_structure")]
    saved = dialog.structure_issues()
    assert [i.message for i in saved] == expected
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert (dialog.result() == QDialog.DialogCode.Accepted) is (not expected)
    if expected:
        shown = dialog.structure_message.text()
        assert all(f"Erreur : {m}" in shown for m in expected)
        assert _stored_structure(store) is None

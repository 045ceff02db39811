"""The structure's type (CPME, association de consommateurs, autre) is set once, at the
first-launch set-up or in Paramètres, and offered by the wizard with the rest of the
structure: the lead's « CPME du Calvados » showed « Type de structure : — non précisé — »
in the wizard although the CPME route and the mandate depend on it (3 December 2026)."""

from __future__ import annotations

import json
from datetime import date

import pytest

pytest.importorskip("PySide6")

from dispute.model import StructureKind  # noqa: E402
from documents.letter_settings import (  # noqa: E402
    SETTINGS_VERSION,
    LetterSettings,
    StructureIdentity,
)
from gui.settings_dialog import (  # noqa: E402
    SETTINGS_KEY,
    SettingsDialog,
    letter_settings_are_empty,
    load_letter_settings,
)
from store.store import CaseStore  # noqa: E402

TODAY = date(2026, 12, 3)


@pytest.fixture
def store(tmp_path):
    with CaseStore.open(tmp_path / "data") as s:
        yield s


def _choose(combo, kind: StructureKind | None) -> None:
    combo.setCurrentIndex(combo.findData(kind.value if kind else None))


def test_the_first_launch_set_up_asks_the_type_and_saves_it(qtbot, store, answers):
    setup = SettingsDialog(store, guided=True)
    qtbot.addWidget(setup)
    setup.show()
    assert "étape 1 sur 3" in setup.windowTitle()
    combo = setup.structure_kind
    assert combo.isVisibleTo(setup) and combo.accessibleName() == "Type de structure"
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "— non précisé —", "Structure CPME", "Association de consommateurs",
        "Autre structure d'aide"]
    assert combo.currentData() is None  # never guessed
    qtbot.keyClicks(setup.structure_name, "CPME du Calvados")
    _choose(combo, StructureKind.CPME)
    setup.finish_button.click()
    settings, problem = load_letter_settings(store)
    assert problem is None
    assert settings.structure.kind is StructureKind.CPME
    assert store.read_settings()[SETTINGS_KEY]["structure"]["kind"] == "cpme"
    assert store.read_settings()[SETTINGS_KEY]["version"] == SETTINGS_VERSION == 2
    # Paramètres shows it back, and a change is kept
    again = SettingsDialog(store)
    qtbot.addWidget(again)
    assert again.structure_kind.currentData() == "cpme"
    _choose(again.structure_kind, StructureKind.CONSUMER_ASSOCIATION)
    again.accept()
    assert load_letter_settings(store)[0].structure.kind is StructureKind.CONSUMER_ASSOCIATION


def test_a_version_1_settings_file_reads_with_the_type_not_said(store, caplog):
    v1 = {"version": 1, "place": "Caen", "structure": {"name": "CPME du Calvados",
                                                       "city": "Caen"},
          "structure_signs": True, "formal_notice_days": 15, "registered_number": ""}
    before = json.dumps(v1, sort_keys=True)
    settings = LetterSettings.from_dict(v1)
    assert json.dumps(v1, sort_keys=True) == before  # the stored mapping is not changed
    assert settings.structure.name == "CPME du Calvados"
    assert settings.structure.kind is None  # « CPME » in the name is not a type chosen
    assert settings.place == "Caen" and settings.structure_signs
    saved = settings.to_dict()
    assert saved["version"] == 2 and saved["structure"]["kind"] is None
    assert LetterSettings.from_dict(saved) == settings
    # a hand-edited or unknown type is dropped (logged), never fatal
    odd = {**saved, "structure": {**saved["structure"], "kind": "syndicat"}}
    assert LetterSettings.from_dict(odd).structure.kind is None
    assert "syndicat" in caplog.text
    # a newer file: what this version knows is read
    newer = {**saved, "version": 3, "structure": {**saved["structure"], "kind": "other"}}
    assert LetterSettings.from_dict(newer).structure.kind is StructureKind.OTHER


def test_a_type_alone_is_a_setting(store):
    only_kind = LetterSettings(structure=StructureIdentity(kind=StructureKind.OTHER))
    assert not letter_settings_are_empty(only_kind.to_dict())
    assert letter_settings_are_empty(LetterSettings().to_dict())


def _save(store, structure: StructureIdentity) -> None:
    data = store.read_settings()
    data[SETTINGS_KEY] = LetterSettings(structure=structure).to_dict()
    store.write_settings(data)


def test_the_wizard_offers_the_type_with_the_structure(qtbot, store, answers):
    from gui.wizard import CaseWizard

    _save(store, StructureIdentity(name="CPME du Calvados", city="Caen",
                                   kind=StructureKind.CPME))
    wizard = CaseWizard(store, today=TODAY)
    qtbot.addWidget(wizard)
    assert wizard.case.handling_structure.kind is StructureKind.CPME
    editor = wizard.structure_editor
    assert editor.kind.currentData() == "cpme"
    assert editor.kind.currentText() == "Structure CPME"
    wizard.accept()
    assert not [a for a in answers if "Paramètres" in a[2]]  # the same structure: no question


def test_a_type_chosen_in_the_wizard_is_offered_to_parametres(qtbot, store, answers):
    from gui.wizard import CaseWizard

    _save(store, StructureIdentity(name="CPME du Calvados", city="Caen"))  # type not said
    wizard = CaseWizard(store, today=TODAY)
    qtbot.addWidget(wizard)
    editor = wizard.structure_editor
    assert editor.kind.currentData() is None
    _choose(editor.kind, StructureKind.CPME)
    wizard.accept()
    question = [text for kind, _title, text in answers if kind == "question"]
    assert question == ["Enregistrer le type « Structure CPME » pour « CPME du Calvados » dans "
                        "les Paramètres ? Il sera proposé pour les prochains dossiers."]
    structure = load_letter_settings(store)[0].structure
    assert structure.kind is StructureKind.CPME and structure.name == "CPME du Calvados"
    assert structure.city == "Caen"

"""What a new user tripped over (helper « fresh-eyes », /work/coord/fresh-eyes.md, 2026-12-03):
one test per finding fixed in the GUI, each failing on the code it was reported against."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextEdit, QWidget  # noqa: E402

from dispute.case_list import list_summary  # noqa: E402
from gui.editors.subscriber import HandlingStructureEditor, SubscriberEditor  # noqa: E402
from store.store import CaseStore  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BUSINESS = ROOT / "examples" / "facturation-entreprise-cpme"
TODAY = date(2026, 11, 22)


def tab_chain(qtbot, start: QWidget, count: int) -> list[QWidget]:
    """The ``count`` widgets that have the focus, from ``start``, pressing Tab each time (real
    key presses: Qt follows focus proxies met in the chain)."""
    from PySide6.QtWidgets import QApplication

    start.window().activateWindow()
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(start.hasFocus)
    chain = [QApplication.focusWidget()]
    while len(chain) < count:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        chain.append(QApplication.focusWidget())
    return chain


# -- 1. Tab in a multi-line field moves on, it does not type a tab ---------------------------


def test_tab_leaves_the_structure_address_instead_of_typing_a_tab(qtbot, store, answers):
    from gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(store, guided=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.structure_street, "12 rue des Lilas")
    qtbot.keyClick(dialog.structure_street, Qt.Key.Key_Tab)
    assert "\t" not in dialog.structure_street.toPlainText()
    assert dialog.structure_street.tabChangesFocus()


def test_every_multi_line_field_lets_tab_move_on(qtbot, store, answers):
    from dispute.model import Case
    from gui.outcome_dialog import OutcomeDialog
    from gui.settings_dialog import SettingsDialog
    from gui.wizard import CaseWizard

    widgets = [SettingsDialog(store), OutcomeDialog(Case(), TODAY),
               CaseWizard(store, today=TODAY)]
    for widget in widgets:
        qtbot.addWidget(widget)
        for edit in widget.findChildren(QPlainTextEdit) + widget.findChildren(QTextEdit):
            if not edit.isReadOnly():
                assert edit.tabChangesFocus(), (type(widget).__name__, edit.accessibleName())


# -- 3. The subscriber's and the structure's fields in the order they are shown -------------


def _shown(qtbot, editor: QWidget) -> QWidget:
    window = QWidget()
    qtbot.addWidget(window)
    editor.setParent(window)
    window.resize(900, 700)
    window.show()
    return window


def test_tab_follows_the_subscriber_form_top_to_bottom_then_the_address(qtbot):
    editor = SubscriberEditor()
    window = _shown(qtbot, editor)  # noqa: F841 - keeps the editor alive
    editor.business.setChecked(True)
    address = [*editor.address.street, editor.address.postcode, editor.address.city,
               editor.address.country]
    expected = [editor.name, editor.business_form, editor.legal_form, editor.small_business,
                editor.siren, editor.representative, editor.representative_role,
                editor.email, editor.phone, *address]
    assert tab_chain(qtbot, editor.name, len(expected)) == expected
    editor.private.setChecked(True)
    expected = [editor.civility, editor.name, editor.email, editor.phone, *address]
    assert tab_chain(qtbot, editor.civility, len(expected)) == expected


def test_tab_follows_the_structure_form_top_to_bottom_then_the_address(qtbot):
    editor = HandlingStructureEditor()
    window = _shown(qtbot, editor)  # noqa: F841 - keeps the editor alive
    editor.enabled.setChecked(True)
    address = [*editor.address.street, editor.address.postcode, editor.address.city,
               editor.address.country]
    expected = [editor.enabled, editor.name, editor.kind, editor.identifier,
                editor.member_number, editor.member_since.line, editor.contact, editor.role,
                editor.email, editor.phone, *address]
    assert tab_chain(qtbot, editor.enabled, len(expected)) == expected


# -- 14. « Le dossier est préparé par une structure »: the whole box takes the click ---------


def test_the_structure_check_box_is_not_covered(qtbot):
    editor = HandlingStructureEditor()
    window = _shown(qtbot, editor)
    box = editor.enabled
    for x in (2, 8, box.width() // 4, box.width() // 2):
        point = box.mapTo(window, QPoint(x, box.height() // 2))
        assert window.childAt(point) is box, x
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked() and editor.group.isVisible()


# -- 9. Text typed by the user is shown as typed, never read as markup -----------------------


def test_the_case_window_shows_a_name_with_tags_as_typed(qtbot, store, answers):
    from gui.case_view.window import CaseWindow
    from store.casefile import import_case_file

    case = import_case_file(store, BUSINESS)
    case.subscriber.name = "Boulangerie <b>Martin</b> & Fils 🥖"
    store.save_case(case)
    window = CaseWindow(store, case.id, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    shown = [label for label in window.findChildren(QLabel) if "Martin" in label.text()]
    assert shown  # the header's title at least
    for label in shown:
        if "<b>Martin</b>" in label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
        else:  # a rich text label escapes what the user typed
            assert "&lt;b&gt;Martin" in label.text(), label.text()


def test_a_pasted_tab_in_the_structure_address_becomes_a_space(qtbot, store, answers):
    from gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(store)
    qtbot.addWidget(dialog)
    dialog.structure_street.setPlainText("12\true des  Lilas\n\t\nBP 4")
    assert dialog.current_settings().structure.street_lines == ("12 rue des Lilas", "BP 4")


# -- 7. An attached file's title reads as words, and the « added » message does not outlive it


@pytest.mark.parametrize("name, title", [
    ("facture-sfr-octobre.pdf", "Facture SFR octobre"),
    ("courrier-sfr-2026-09-08.pdf", "Courrier SFR 08/09/2026"),
    ("facture-FAC-2026-10-778.pdf", "Facture FAC-2026-10-778"),  # a reference stays whole
    ("AR signé 30-09-2026.jpg", "AR signé 30-09-2026"),
    ("copie_ar-lrar.png", "Copie AR LRAR"),
    ("écran--panne--fibre.png", "Écran panne fibre"),
    ("-.pdf", "-"),
])
def test_an_attached_file_is_titled_in_words(name, title):
    from gui.editors.exhibits import default_exhibit_title

    assert default_exhibit_title(name) == title


def test_the_added_message_goes_once_a_title_is_corrected(qtbot, store, tmp_path):
    from dispute.model import Case, Event, EventKind
    from gui.editors.timeline import TimelineEditor

    scan = tmp_path / "facture-sfr-octobre.pdf"
    scan.write_bytes(b"%PDF-1.4 facture")
    editor = TimelineEditor(store, TODAY)
    qtbot.addWidget(editor)
    case = Case()
    case.events.append(Event(kind=EventKind.CALL, date=date(2026, 10, 2)))
    editor.load(case)
    editor.show()
    added = editor.attach_files(case.events[0].id, [scan])
    assert "Facture SFR octobre" in editor.status.text()
    assert added and editor.exhibit_table.isVisible()
    with qtbot.waitSignal(editor.changed):
        editor.exhibit_table.set_title(0, "Facture SFR du 1er octobre 2026")
    assert case.exhibits[0].title == "Facture SFR du 1er octobre 2026"
    assert "Facture SFR octobre" not in editor.status.text()


def test_message_boxes_show_what_the_user_typed_as_typed(qtbot, monkeypatch):
    """Ctrl+Q over unsaved notes asked about « Boulangerie **Martin** & Fils »."""
    from PySide6.QtWidgets import QMessageBox

    from gui import dialogs

    shown: list[QMessageBox] = []

    def answer(box):  # instead of the modal loop: record the box, answer Yes (or OK)
        shown.append(box)
        if box.button(QMessageBox.StandardButton.Yes) is not None:
            return QMessageBox.StandardButton.Yes
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(dialogs, "responder", None)
    monkeypatch.setattr(QMessageBox, "exec", answer)
    text = "Les notes de « Boulangerie <b>Martin</b> & Fils 🥖 » ne sont pas enregistrées."
    dialogs.critical(None, "Titre", text)
    dialogs.information(None, "Titre", text)
    assert dialogs.ask(None, "Titre", text) is True
    dialogs.ask_save(None, "Titre", text)
    assert len(shown) == 4
    for box in shown:
        assert box.textFormat() == Qt.TextFormat.PlainText and box.text() == text


# -- 26. A case passed to another computer: exported so that « Importer » reads it back ------


def test_a_case_exported_for_another_computer_imports_there(qtbot, store, tmp_path,
                                                            monkeypatch, answers):
    from gui import desktop
    from gui.main_window import MainWindow
    from store.casefile import import_case_file

    case = import_case_file(store, BUSINESS)
    target = tmp_path / "envoi" / "vers collègue"
    target.mkdir(parents=True)
    old = target / "dossier.zip"
    old.write_bytes(b"previous")  # chosen over an older file: replaced once complete
    monkeypatch.setattr(desktop, "file_picker", lambda *a: str(old))
    window = MainWindow(store, today=TODAY)
    qtbot.addWidget(window)
    window.select_case(case.id)
    window.transfer_action.trigger()
    assert answers[-1][0] == "information" and str(old) in answers[-1][2]
    assert old.read_bytes()[:2] == b"PK" and [p.name for p in target.iterdir()] == [
        "dossier.zip"]  # no temporary file left
    with CaseStore.open(tmp_path / "other", summarizer=list_summary) as other:
        other_window = MainWindow(other, today=TODAY)
        qtbot.addWidget(other_window)
        other_window.import_path(old)
        assert answers[-1][0] == "information" and "importé" in answers[-1][2]
        (imported,) = other.list_cases()
        again = other.load_case(imported.id)
        assert again.subscriber.name == case.subscriber.name
        assert len(again.exhibits) == len(case.exhibits)


def test_importing_a_transmission_dossier_says_what_it_is(qtbot, store, tmp_path, answers):
    import zipfile

    from gui.main_window import MainWindow

    dossier = tmp_path / "Dossier médiateur - Sophie Leroy - 2026-12-03.zip"
    with zipfile.ZipFile(dossier, "w") as archive:
        archive.writestr("Dossier médiateur/01_Saisine.pdf", b"%PDF-1.4")
        archive.writestr("Dossier médiateur/Pièces/P01_Facture.pdf", b"%PDF-1.4")
    window = MainWindow(store, today=TODAY)
    qtbot.addWidget(window)
    window.import_path(dossier)
    kind, _, text = answers[-1]
    assert kind == "critical" and "dossier de transmission" in text
    assert "Exporter le dossier pour un autre poste" in text and "case.json" not in text
    assert not store.list_cases()


# -- 17. Files attached to a registered letter dated the right way round ---------------------


@pytest.mark.parametrize("name, expected", [
    ("avis-reception.jpg", date(2026, 11, 8)),  # without « de »
    ("AR signé.jpg", date(2026, 11, 8)),
    ("lettre-free-AR.pdf", date(2026, 11, 5)),  # the letter itself, sent with its AR
    ("courrier LRAR free.pdf", date(2026, 11, 5)),
    ("preuve de dépôt.pdf", date(2026, 11, 5)),
])
def test_files_of_a_registered_letter_get_the_posting_or_the_receipt_date(name, expected):
    from dispute.model import Event, EventKind, RegisteredMail
    from gui.editors.exhibits import exhibit_date_for

    event = Event(kind=EventKind.REGISTERED_LETTER, date=date(2026, 11, 5),
                  registered=RegisteredMail(tracking_number="1A23456789012",
                                            posted_on=date(2026, 11, 5),
                                            received_on=date(2026, 11, 8)))
    assert exhibit_date_for(event, name) == expected


def test_tab_follows_the_contract_form_and_never_loops_back(qtbot):
    from gui.editors.contract import ContractEditor

    editor = ContractEditor()
    window = _shown(qtbot, editor)  # noqa: F841 - keeps the editor alive
    expected = [editor.contract_number, editor.customer_number, editor.offer,
                editor.start_date.line, editor.distance, editor.price, editor.price_tax.basis,
                editor.price_tax.rate, editor.contract_number]  # then round again, in order
    expected = [w for w in expected if w.isEnabled()]  # the VAT rate: for HT amounts only
    assert tab_chain(qtbot, editor.contract_number, len(expected)) == expected

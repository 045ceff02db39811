"""Section editors and shared widgets, offscreen: fields, inline messages, drops of files."""

from __future__ import annotations

import copy
import hashlib
import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QEvent, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFocusEvent
from PySide6.QtWidgets import QApplication, QDialog

from dispute.model import (
    Case,
    Direction,
    Event,
    EventKind,
    InvoiceLine,
    Line,
    LineKind,
    PostalAddress,
    RegisteredMail,
    SubscriberKind,
)
from dispute.validation import InvalidValueError
from gui import dialogs
from gui.editors.contract import ContractEditor, LinesEditor
from gui.editors.dispute_editor import DisputeEditor
from gui.editors.event_dialog import EventDialog, direction_text
from gui.editors.exhibits import default_exhibit_title
from gui.editors.invoices import InvoiceLinesEditor
from gui.editors.operator import OTHER, OperatorEditor
from gui.editors.subscriber import HandlingStructureEditor, SubscriberEditor
from gui.editors.timeline import TimelineEditor
from gui.widgets import AddressEditor, parse_date_fr
from store.store import CaseStore

TODAY = date(2026, 3, 20)


@pytest.fixture
def answered_dialogs():
    seen: list[tuple[str, str, str]] = []
    dialogs.responder = lambda kind, title, text: seen.append((kind, title, text)) or True
    yield seen
    dialogs.responder = None


@pytest.fixture
def store(tmp_path):
    with CaseStore.open(tmp_path / "data", durable=False) as s:
        yield s


def focus_out(widget) -> None:
    QApplication.sendEvent(widget, QFocusEvent(QEvent.Type.FocusOut,
                                               Qt.FocusReason.TabFocusReason))


def send_drop(target, pos, paths) -> bool:
    """Simulate files dragged from a file manager and dropped on ``target`` at ``pos``: a
    drag-enter (which must be accepted, as with a real drag), then the drop."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    actions = Qt.DropAction.CopyAction
    # QDragEnterEvent takes an integer QPoint in some PySide6 versions: pass one.
    enter = QDragEnterEvent(QPointF(pos).toPoint(), actions, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(QPointF(pos), actions, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)
    return drop.isAccepted()


def drop_files(view, pos, paths) -> None:
    """Files dropped on an item view (its viewport receives the events)."""
    assert send_drop(view.viewport(), pos, paths)


def refresh(editor, case: Case):
    editor.apply(case)
    issues = editor.issues(case, TODAY)
    editor.show_issues(issues)
    return issues


# -- widgets ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("03/02/2026", date(2026, 2, 3)), ("3.2.26", date(2026, 2, 3)),
    ("03022026", date(2026, 2, 3)), ("2026-02-03", date(2026, 2, 3)), ("", None),
])
def test_parse_date_fr(text, expected):
    assert parse_date_fr(text) == expected


@pytest.mark.parametrize("text", ["31/02/2026", "hier", "12/2026"])
def test_parse_date_fr_refuses_in_french(text):
    with pytest.raises(InvalidValueError) as info:
        parse_date_fr(text)
    assert "date" in info.value.message.lower()


# -- subscriber ---------------------------------------------------------------------------------


def test_subscriber_phone_is_normalised_on_focus_out(qtbot):
    editor = SubscriberEditor()
    qtbot.addWidget(editor)
    editor.load(Case())
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClicks(editor.phone, "0231279060")
    with qtbot.waitSignal(editor.changed):
        focus_out(editor.phone)
    assert editor.phone.text() == "02 31 27 90 60"
    case = Case()
    editor.apply(case)
    assert case.subscriber.phone == "02 31 27 90 60"


def test_address_line_over_38_characters_is_an_error_shown_in_french(qtbot):
    editor = SubscriberEditor()
    qtbot.addWidget(editor)
    editor.show()
    case = Case()
    editor.load(case)
    qtbot.keyClicks(editor.name, "Jeanne Dupont")
    qtbot.keyClicks(editor.address.postcode, "14000")
    qtbot.keyClicks(editor.address.city, "Caen")
    qtbot.keyClicks(editor.address.street[0], "x" * 39)
    assert editor.address.counters[0].text() == "39/38 ✖"
    issues = refresh(editor, case)
    assert any(i.is_error and i.code == "address.line_too_long" for i in issues)
    message = editor.address.message
    assert message.severity == "error"
    assert message.text().startswith("Erreur : ")
    assert "39 caractères" in message.text()
    assert message.severity == "error"
    # back to 38: no error any more, the counter is calm again
    qtbot.keyClick(editor.address.street[0], Qt.Key.Key_Backspace)
    assert editor.address.counters[0].text() == "38/38"
    assert not any(i.is_error for i in refresh(editor, case))


def test_address_counts_printed_lines(qtbot):
    editor = SubscriberEditor()
    qtbot.addWidget(editor)
    editor.load(Case())
    qtbot.keyClicks(editor.name, "Jeanne Dupont")
    qtbot.keyClicks(editor.address.street[2], "12 rue des Lilas")
    qtbot.keyClicks(editor.address.postcode, "14000")
    qtbot.keyClicks(editor.address.city, "Caen")
    assert "3 ligne(s) sur 6" in editor.address.summary.text()


def test_missing_name_waits_until_touched(qtbot):
    editor = SubscriberEditor()
    qtbot.addWidget(editor)
    editor.show()
    case = Case()
    editor.load(case)
    issues = refresh(editor, case)
    assert any(i.code == "required.subscriber_name" for i in issues)
    assert not editor.name_message.text()  # a fresh form is not all red
    assert [i.code for i in editor.hidden_errors()] == ["required.subscriber_name"]
    qtbot.keyClicks(editor.name, "A")
    qtbot.keyClick(editor.name, Qt.Key.Key_Backspace)
    refresh(editor, case)
    assert editor.name_message.severity == "error"
    assert "Nom du souscripteur" in editor.name_message.text()


def test_business_fields_only_for_a_business(qtbot):
    editor = SubscriberEditor()
    qtbot.addWidget(editor)
    editor.show()
    editor.load(Case())
    assert not editor.siren.isVisible()
    editor.business.click()
    assert editor.siren.isVisible() and editor.representative.isVisible()
    assert "Raison sociale" in editor.name_label.text().replace("&", "")
    qtbot.keyClicks(editor.siren, "732829320")
    qtbot.keyClicks(editor.representative, "Elise Martin")
    case = Case()
    editor.apply(case)
    assert case.subscriber.kind is SubscriberKind.BUSINESS
    assert case.subscriber.siren == "732829320"
    assert case.subscriber.representative == "Elise Martin"


def test_handling_structure_is_optional(qtbot):
    editor = HandlingStructureEditor()
    qtbot.addWidget(editor)
    editor.show()
    case = Case()
    editor.load(case)
    editor.apply(case)
    assert case.handling_structure is None
    editor.enabled.click()
    qtbot.keyClicks(editor.name, "CPME du Calvados")
    editor.apply(case)
    assert case.handling_structure.name == "CPME du Calvados"
    editor.enabled.click()  # unticked: the case has none, the typed text stays in the form
    editor.apply(case)
    assert case.handling_structure is None
    assert editor.name.text() == "CPME du Calvados"


# -- operator -----------------------------------------------------------------------------------


def choose(combo, data) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def test_operator_from_directory_prefills_editable_addresses_with_status(qtbot):
    editor = OperatorEditor()
    qtbot.addWidget(editor)
    editor.show()
    editor.load(Case())
    choose(editor.combo, "bouygues")
    clients = editor.clients.editor
    assert "TSA 59013" in [f.text() for f in clients.street]
    assert clients.city.text() == "CHANTILLY CEDEX"
    assert "Annuaire : vérifié" in editor.clients.status.text()
    assert "source" in editor.clients.status.text()
    # each line in its NF Z10-011 field: the service as complement, the TSA on line 5
    assert [f.text() for f in clients.street] == ["Service Clients", "", "", "TSA 59013"]
    # editable: the user corrects the address
    clients.street[3].clear()
    qtbot.keyClicks(clients.street[3], "TSA 59014")
    assert "modifiée par vous" in editor.clients.status.text()
    case = Case()
    editor.apply(case)
    assert case.operator.directory_id == "bouygues"
    assert case.operator.name == "Bouygues Télécom"
    assert "TSA 59014" in case.operator.service_clients_address.street_lines
    # switching operator and back restores what was typed
    choose(editor.combo, "sfr")
    choose(editor.combo, "bouygues")
    assert "TSA 59014" in [f.text() for f in clients.street]


def test_operator_without_address_says_where_to_find_it(qtbot):
    editor = OperatorEditor()
    qtbot.addWidget(editor)
    editor.show()
    editor.load(Case())
    choose(editor.combo, "sfr")
    assert editor.clients.editor.address().is_empty()
    hint = editor.clients.hint
    assert hint.isVisible() and "contrat" in hint.text() and "facture" in hint.text()


def test_orange_offers_a_choice_of_service_clients_addresses(qtbot):
    editor = OperatorEditor()
    qtbot.addWidget(editor)
    editor.show()
    editor.load(Case())
    choose(editor.combo, "orange")
    assert editor.clients.choice.isVisible()
    choose(editor.clients.choice, "fibre")
    assert "TSA 90017" in [f.text() for f in editor.clients.editor.street]
    assert "à vérifier" in editor.clients.status.text()


def test_other_operator_typed_by_hand(qtbot):
    editor = OperatorEditor()
    qtbot.addWidget(editor)
    editor.show()
    case = Case()
    editor.load(case)
    choose(editor.combo, OTHER)
    assert editor.name.isVisible()
    qtbot.keyClicks(editor.name, "Coriolis Telecom")
    editor.apply(case)
    assert case.operator.directory_id == ""
    assert case.operator.name == "Coriolis Telecom"
    other = OperatorEditor()
    qtbot.addWidget(other)
    other.load(case)
    assert other.combo.currentData() == OTHER and other.name.text() == "Coriolis Telecom"


# -- lines, contract, dispute -------------------------------------------------------------------


def test_lines_add_and_remove(qtbot):
    editor = LinesEditor()
    qtbot.addWidget(editor)
    editor.show()
    case = Case()
    editor.load(case)
    qtbot.keyClicks(editor.rows[0].number, "0231279061")
    editor.add_button.click()
    qtbot.keyClicks(editor.rows[1].number, "0612345678")
    choose(editor.rows[1].kind, "mobile")
    editor.apply(case)
    assert [(line.number, line.kind.value) for line in case.lines] == [
        ("0231279061", "fixed"), ("0612345678", "mobile")]
    editor.rows[0].remove.click()
    editor.apply(case)
    assert [line.number for line in case.lines] == ["0612345678"]


def test_contract_unreadable_date_blocks(qtbot):
    editor = ContractEditor()
    qtbot.addWidget(editor)
    editor.show()
    case = Case()
    editor.load(case)
    qtbot.keyClicks(editor.start_date.line, "31/02/2024")
    qtbot.keyClicks(editor.price, "39,9")
    issues = refresh(editor, case)
    assert any(i.is_error and i.path == "contract.start_date" for i in issues)
    assert editor.start_message.text().startswith("Erreur : Cette date n'existe pas")
    focus_out(editor.price)
    assert editor.price.text() == "39,90"
    assert case.contract.monthly_price == Decimal("39.9")


def test_commitments_only_for_a_business(qtbot):
    editor = DisputeEditor()
    qtbot.addWidget(editor)
    editor.show()
    case = Case()
    editor.load(case)
    assert not editor.commitments_box.isVisible()
    case.subscriber.kind = SubscriberKind.BUSINESS
    editor.load(case)
    assert editor.commitments_box.isVisible()
    texts = [editor.commitments.item(i).text() for i in range(editor.commitments.count())]
    assert any(t.startswith("8.1 — ") for t in texts)
    row = next(i for i, t in enumerate(texts) if t.startswith("8.1 — "))
    editor.commitments.item(row).setCheckState(Qt.CheckState.Checked)
    editor.nature_checks[next(iter(editor.nature_checks))].click()
    editor.summary.setPlainText("Les faits.")
    editor.apply(case)
    assert case.broken_commitments == ["8.1"]
    assert case.summary == "Les faits."


# -- invoice lines ------------------------------------------------------------------------------


def test_invoice_disputed_above_billed_is_an_inline_error(qtbot):
    editor = InvoiceLinesEditor()
    qtbot.addWidget(editor)
    editor.show()
    case = Case()
    editor.load(case)
    editor.add_button.click()
    card = editor.cards[0]
    qtbot.keyClicks(card.invoice_number, "F-1")
    qtbot.keyClicks(card.invoice_date.line, "15/01/2026")
    qtbot.keyClicks(card.billed, "10")
    qtbot.keyClicks(card.disputed, "12,50")
    issues = refresh(editor, case)
    assert any(i.code == "invoice.disputed_above_billed" for i in issues)
    assert not card.message.isHidden()
    assert card.message.text().startswith("Erreur : Le montant contesté (12,50 €) dépasse")
    assert editor.total.text() == "Total contesté : 12,50\u00a0€\u00a0TTC"
    card.disputed.clear()
    qtbot.keyClicks(card.disputed, "8")
    assert not any(i.is_error for i in refresh(editor, case))
    assert case.invoice_lines[0].amount_disputed == Decimal(8)
    assert case.total_disputed() == Decimal(8)


def test_invoice_loaded_lines_round_trip(qtbot):
    editor = InvoiceLinesEditor()
    qtbot.addWidget(editor)
    line = InvoiceLine(invoice_number="F-2", invoice_date=date(2026, 1, 15), label="Option",
                       amount_billed=Decimal("12.00"), amount_disputed=Decimal("12.00"))
    case = Case(invoice_lines=[line])
    editor.load(case)
    out = Case()
    editor.apply(out)
    assert out.invoice_lines == [line]


# -- timeline -----------------------------------------------------------------------------------


def fill_call(dialog: EventDialog) -> int:
    dialog.date.line.setText("05/01/2026")
    dialog.summary.setPlainText("Appel au service clients")
    return QDialog.DialogCode.Accepted


def test_timeline_add_event_and_drop_a_file(qtbot, store, tmp_path):
    editor = TimelineEditor(store, TODAY, exec_dialog=fill_call)
    qtbot.addWidget(editor)
    editor.show()
    case = Case()
    editor.load(case)
    with qtbot.waitSignal(editor.changed):
        event = editor.add_event_dialog()
    assert event.date == date(2026, 1, 5)
    invoice = tmp_path / "facture.pdf"
    invoice.write_bytes(b"%PDF-1.4 facture" * 100)
    rect = editor.table.visualItemRect(editor.table.item(0, 0))
    with qtbot.waitSignal(editor.changed):
        drop_files(editor.table, rect.center(), [invoice])
    assert len(case.exhibits) == 1
    exhibit = case.exhibits[0]
    assert exhibit.number == 1 and exhibit.original_name == "facture.pdf"
    assert exhibit.sha256 == hashlib.sha256(invoice.read_bytes()).hexdigest()
    assert exhibit.date == date(2026, 1, 5)
    assert exhibit.title == "Facture"  # the file name, cleaned: the user may change it
    assert editor.table.item(0, 4).text() == "n° 1"
    assert "Pièce n° 1 — Facture" in editor.table.item(0, 4).toolTip()
    editor.apply(case)
    assert case.events[0].exhibit_ids == [exhibit.id]


def test_timeline_refuses_a_symlink_in_french(qtbot, store, tmp_path, answered_dialogs):
    editor = TimelineEditor(store, TODAY)
    qtbot.addWidget(editor)
    editor.show()
    case = Case()
    editor.load(case)
    editor.add_event(Event(kind=EventKind.CALL, date=date(2026, 1, 5)))
    target = tmp_path / "vrai.pdf"
    target.write_bytes(b"x")
    link = tmp_path / "lien.pdf"
    os.symlink(target, link)
    rect = editor.table.visualItemRect(editor.table.item(0, 0))
    drop_files(editor.table, rect.center(), [link])
    assert case.exhibits == []
    editor.apply(case)
    assert case.events[0].exhibit_ids == []
    kind, title, text = answered_dialogs[-1]
    assert kind == "critical" and title == "Pièce non ajoutée"
    assert "lien symbolique" in text


def test_timeline_attach_button_uses_the_injected_picker(qtbot, store, tmp_path):
    photo = tmp_path / "capture.png"
    photo.write_bytes(b"\x89PNG....")
    editor = TimelineEditor(store, TODAY, pick_files=lambda parent: [photo])
    qtbot.addWidget(editor)
    editor.show()
    case = Case()
    editor.load(case)
    editor.add_event(Event(kind=EventKind.EMAIL, date=date(2026, 1, 7)))
    editor.attach_button.click()
    assert [x.original_name for x in case.exhibits] == ["capture.png"]


def test_drop_outside_an_event_explains(qtbot, store, tmp_path):
    editor = TimelineEditor(store, TODAY)
    qtbot.addWidget(editor)
    editor.show()
    case = Case()
    editor.load(case)
    file = tmp_path / "a.pdf"
    file.write_bytes(b"a")
    drop_files(editor.table, editor.table.viewport().rect().center(), [file])
    assert case.exhibits == []
    assert "Déposez les fichiers sur la ligne" in editor.status.text()


def test_event_dialog_registered_letter_checks_dates(qtbot):
    event = Event(kind=EventKind.REGISTERED_LETTER, date=date(2026, 1, 10))
    dialog = EventDialog(event, TODAY, exhibits={})
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.registered_box.isVisible()
    assert dialog.posted_on.date_value() is None or dialog.posted_on.text() == ""
    qtbot.keyClicks(dialog.tracking, "1A23456789012")
    qtbot.keyClicks(dialog.posted_on.line, "10/01/2026")
    qtbot.keyClicks(dialog.first_presented_on.line, "09/01/2026")  # before posting
    assert not dialog.ok_button.isEnabled()
    assert "précède le dépôt" in dialog.registered_message.text()
    dialog.first_presented_on.line.clear()
    qtbot.keyClicks(dialog.first_presented_on.line, "12/01/2026")
    qtbot.keyClicks(dialog.received_on.line, "13/01/2026")
    assert dialog.ok_button.isEnabled()
    edited = dialog.edited_event()
    assert edited.registered.tracking_number == "1A23456789012"
    assert edited.registered.received_on == date(2026, 1, 13)


def test_event_dialog_future_date_blocks(qtbot):
    dialog = EventDialog(Event(kind=EventKind.CALL), TODAY, exhibits={})
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.date.line, "21/03/2026")
    assert not dialog.ok_button.isEnabled()
    assert dialog.date_message.text().startswith("Erreur : La date de l'événement est dans le "
                                                 "futur")


def test_event_dialog_kind_sets_sensible_defaults(qtbot):
    dialog = EventDialog(Event(kind=EventKind.CALL), TODAY, exhibits={})
    qtbot.addWidget(dialog)
    dialog.show()
    choose(dialog.kind, EventKind.ANSWER.value)
    assert dialog.outcome.isVisible()
    assert dialog.direction.currentData() == "incoming"
    choose(dialog.kind, EventKind.PARTY_POSITION.value)
    assert dialog.party.isVisible() and dialog.accepted.isVisible()
    choose(dialog.party, "operator")
    dialog.accepted.setCurrentIndex(dialog.accepted.findData(False))
    edited = dialog.edited_event()
    assert edited.party.value == "operator" and edited.accepted is False


def test_drop_on_event_dialog_attaches(qtbot, store, tmp_path):
    case = Case()
    editor = TimelineEditor(store, TODAY)
    qtbot.addWidget(editor)
    editor.load(case)
    file = tmp_path / "ar.jpg"
    file.write_bytes(b"jpeg")
    dialog = editor._dialog(Event(kind=EventKind.LETTER, date=date(2026, 1, 3)), new=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert send_drop(dialog, QPointF(10, 10), [file])
    assert dialog.exhibit_table.rowCount() == 1
    assert [dialog.exhibit_table.item(0, c).text() for c in range(4)] == [
        "1", "AR", "03/01/2026", "ar.jpg"]
    assert dialog.edited_event().exhibit_ids == [case.exhibits[0].id]
    assert Path(store.exhibit_path(case.id, case.exhibits[0])).read_bytes() == b"jpeg"


# -- fixes from the new-user walkthrough ------------------------------------------------------


@pytest.mark.parametrize("name, title", [
    ("AR signé 30-09-2026.jpg", "AR signé 30-09-2026"),
    ("facture_avril__2026.pdf", "Facture avril 2026"),
    ("ar_18-05-2026.pdf", "AR 18-05-2026"),
    ("Capture d'écran.PNG", "Capture d'écran"),
    ("sans extension", "Sans extension"),
])
def test_default_exhibit_title_is_the_cleaned_file_name(name, title):
    assert default_exhibit_title(name) == title


def registered_letter() -> Event:
    return Event(kind=EventKind.REGISTERED_LETTER, date=date(2026, 1, 10),
                 registered=RegisteredMail(tracking_number="1A23456789012",
                                           posted_on=date(2026, 1, 10),
                                           received_on=date(2026, 1, 13)))


def test_attached_files_get_a_title_and_the_right_date(qtbot, store, tmp_path):
    """A bordereau read « (sans titre) »: every attached file now has a title (its name,
    cleaned), and a date — the AR card's is the day the receipt was signed."""
    case = Case()
    editor = TimelineEditor(store, TODAY)
    qtbot.addWidget(editor)
    editor.load(case)
    card = tmp_path / "AR signé 13-01-2026.jpg"
    card.write_bytes(b"jpeg")
    letter = tmp_path / "courrier_reclamation.pdf"
    letter.write_bytes(b"%PDF")
    dialog = editor._dialog(registered_letter(), new=True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.attach_paths([card, letter])
    by_name = {x.original_name: x for x in case.exhibits}
    assert by_name[card.name].title == "AR signé 13-01-2026"
    assert by_name[card.name].date == date(2026, 1, 13)  # received_on, not the sending date
    assert by_name[letter.name].title == "Courrier reclamation"
    assert by_name[letter.name].date == date(2026, 1, 10)
    table = dialog.exhibit_table
    assert table.horizontalHeaderItem(1).text() == "Titre"
    assert [table.item(0, c).text() for c in range(4)] == [
        "1", "AR signé 13-01-2026", "13/01/2026", card.name]


def test_exhibit_title_and_date_are_editable_in_the_event_dialog(qtbot, store, tmp_path):
    case = Case()
    script = []

    def run(dialog: EventDialog) -> int:
        return script.pop(0)(dialog)

    editor = TimelineEditor(store, TODAY, exec_dialog=run)
    qtbot.addWidget(editor)
    editor.show()
    editor.load(case)
    photo = tmp_path / "IMG_2041.jpg"
    photo.write_bytes(b"jpeg")

    def add(dialog: EventDialog) -> int:
        dialog.date.line.setText("05/01/2026")
        dialog.attach_paths([photo])
        table = dialog.exhibit_table
        assert table.item(0, 1).flags() & Qt.ItemFlag.ItemIsEditable
        table.set_title(0, "  Capture de l'écran   « ligne coupée » ")
        table.set_date_text(0, "31/02/2026")  # refused in French, the date stays
        assert dialog.exhibit_message.text().startswith("Cette date n'existe pas")
        assert table.item(0, 2).text() == "05/01/2026"
        table.set_date_text(0, "4.1.26")
        assert table.item(0, 2).text() == "04/01/2026"
        assert dialog.exhibit_message.text() == ""
        table.set_title(0, "")  # an empty title would print « (sans titre) »: refused
        assert "ne peut pas être vide" in dialog.exhibit_message.text()
        assert table.item(0, 1).text() == "Capture de l'écran « ligne coupée »"
        return QDialog.DialogCode.Accepted

    script.append(add)
    with qtbot.waitSignal(editor.changed):
        editor.add_event_dialog()
    (exhibit,) = case.exhibits
    assert exhibit.title == "Capture de l'écran « ligne coupée »"
    assert exhibit.date == date(2026, 1, 4)
    assert editor.table.item(0, 4).toolTip() == "Pièce n° 1 — Capture de l'écran « ligne coupée »"

    def cancel(dialog: EventDialog) -> int:
        dialog.exhibit_table.set_title(0, "Autre titre")
        return QDialog.DialogCode.Rejected

    script.append(cancel)
    editor.select_event(case.events[0].id if case.events else editor._events[0].id)
    editor.edit_selected()
    assert exhibit.title == "Capture de l'écran « ligne coupée »"  # cancelled: unchanged


def test_exhibit_titles_are_editable_on_the_timeline(qtbot, store, tmp_path):
    case = Case()
    editor = TimelineEditor(store, TODAY)
    qtbot.addWidget(editor)
    editor.show()
    editor.load(case)
    assert not editor.exhibit_table.isVisible()  # no exhibit yet
    editor.add_event(registered_letter())
    card = tmp_path / "scan_ar.pdf"
    card.write_bytes(b"%PDF")
    editor.attach_files(editor._events[0].id, [card])
    assert editor.exhibit_table.isVisible()
    assert case.exhibits[0].date == date(2026, 1, 13)
    table = editor.exhibit_table
    assert [table.item(0, c).text() for c in range(5)] == [
        "1", "Scan AR", "13/01/2026", "scan_ar.pdf", "Avis de réception ou preuve de dépôt"]
    assert table.item(0, 5).text().startswith("Lettre recommandée")
    with qtbot.waitSignal(editor.changed):
        table.set_title(0, "Avis de réception signé")
    assert case.exhibits[0].title == "Avis de réception signé"
    assert "Avis de réception signé" in editor.table.item(0, 4).toolTip()
    other = Case()
    other.exhibits = [copy.deepcopy(x) for x in case.exhibits]
    other.exhibits[0].title = "ancien"
    editor.apply(other)  # the case view applies to a copy: the title follows
    assert other.exhibits[0].title == "Avis de réception signé"


@pytest.mark.parametrize("kind, outgoing, incoming", [
    (EventKind.CALL, "Appel passé par l'abonné", "Appel reçu par l'abonné"),
    (EventKind.LETTER, "Envoyé par l'abonné", "Reçu par l'abonné"),
])
def test_direction_reads_right_for_the_kind_of_event(qtbot, kind, outgoing, incoming):
    dialog = EventDialog(Event(kind=EventKind.EMAIL), TODAY, exhibits={})
    qtbot.addWidget(dialog)
    choose(dialog.kind, kind.value)
    texts = [dialog.direction.itemText(i) for i in range(dialog.direction.count())]
    assert texts == [outgoing, incoming]
    assert direction_text(kind, Direction.OUTGOING) == outgoing


def test_timeline_says_a_call_was_placed(qtbot, store):
    editor = TimelineEditor(store, TODAY)
    qtbot.addWidget(editor)
    editor.load(Case())
    editor.add_event(Event(kind=EventKind.CALL, date=date(2026, 1, 5)))
    assert "Appel passé par l'abonné" in editor.table.item(0, 2).text()
    assert "Envoyé" not in editor.table.item(0, 2).text()


def test_line_kind_combo_has_no_invoice_reason(qtbot):
    lines = LinesEditor()
    qtbot.addWidget(lines)
    kinds = [lines.rows[0].kind.itemText(i) for i in range(lines.rows[0].kind.count())]
    assert "Autre motif" not in kinds and "Autre service" in kinds
    invoices = InvoiceLinesEditor()
    qtbot.addWidget(invoices)
    invoices.add_button.click()
    reason = invoices.cards[0].reason
    assert "Autre motif" in [reason.itemText(i) for i in range(reason.count())]


# -- addresses --------------------------------------------------------------------------------


def test_address_lines_are_labelled_in_nf_z10_011_order(qtbot):
    editor = AddressEditor(mnemonic="A&dresse")
    qtbot.addWidget(editor)
    editor.show()
    labels = [label.text() for label in editor.street_labels]
    assert labels == ["Complément", "Bâtiment", "N° et voie", "Lieu-dit, BP"]
    assert not any(text.startswith("Ligne") for text in labels)
    # the heading (with the mnemonic) and the focus lead to the street line
    assert editor.heading.buddy() is editor.street[2]
    editor.activateWindow()
    editor.setFocus()
    qtbot.waitUntil(editor.street[2].hasFocus)
    assert "appartement" in editor.street[0].placeholderText().lower()
    assert "rue" in editor.street[2].placeholderText()
    assert [f.accessibleName() for f in editor.street][2] == "Adresse : numéro et nom de la voie"
    # the live counters are still there
    qtbot.keyClicks(editor.street[2], "12 rue des Lilas")
    assert editor.counters[2].text() == "16/38"


def test_a_saved_address_comes_back_in_the_right_fields(qtbot):
    editor = AddressEditor()
    qtbot.addWidget(editor)
    editor.set_address(PostalAddress(street_lines=["12 rue des Lilas"], postcode="14000",
                                     city="Caen"))
    assert [f.text() for f in editor.street] == ["", "", "12 rue des Lilas", ""]
    editor.set_address(PostalAddress(street_lines=["Appt 12", "Résidence du Parc",
                                                   "4 avenue Foch", "BP 12"]))
    assert [f.text() for f in editor.street] == ["Appt 12", "Résidence du Parc",
                                                 "4 avenue Foch", "BP 12"]
    editor.set_address(PostalAddress(street_lines=["Chez M. Durand", "Le Bourg"]))
    assert [f.text() for f in editor.street] == ["Chez M. Durand", "Le Bourg", "", ""]
    assert editor.address().street_lines == ["Chez M. Durand", "Le Bourg"]
    five = ["a", "b", "c", "d", "e"]  # more lines than NF Z10-011 has: kept, in order
    editor.set_address(PostalAddress(street_lines=five))
    assert editor.address().street_lines == five


# -- operator addresses -----------------------------------------------------------------------


def test_typed_address_is_not_said_to_come_from_the_directory(qtbot):
    editor = OperatorEditor()
    qtbot.addWidget(editor)
    editor.show()
    editor.load(Case())
    choose(editor.combo, "sfr")  # the directory has no address for SFR
    block = editor.clients
    assert block.hint.isVisible() and "inconnue de l'annuaire" in block.hint.text()
    qtbot.keyClicks(block.editor.street[2], "1 square Bela Bartok")
    assert not block.hint.text()  # the note goes once an address is typed
    assert "Annuaire" not in block.status.text()
    assert "modifiée par vous" not in block.status.text()
    choose(editor.combo, OTHER)
    assert not editor.name_message.text()  # not red before the name is typed


def orange_case(kind: LineKind, offer: str = "") -> Case:
    case = Case()
    case.operator.directory_id = "orange"
    case.operator.name = "Orange"
    case.lines = [Line(number="0612345678", kind=kind)]
    case.contract.offer = offer
    return case


def test_orange_address_follows_the_lines_and_the_offer(qtbot):
    editor = OperatorEditor()
    qtbot.addWidget(editor)
    editor.show()
    case = orange_case(LineKind.MOBILE)
    editor.load(case)
    assert editor.clients.editor.city.text() == "BORDEAUX CEDEX 9"
    assert editor.clients.choice.currentData() == "mobile"
    assert "Choisie d'après la ligne et l'offre" in editor.clients.status.text()
    editor.apply(case)
    # back on the lines page, the line becomes a fibre line: the mobile address goes
    case.lines[0].kind = LineKind.FIXED
    editor.load(case)
    assert editor.clients.editor.address().is_empty()
    assert "Choisissez ci-dessus" in editor.clients.hint.text()
    case.contract.offer = "Livebox Pro Fibre"
    editor.apply(case)
    editor.load(case)
    assert "TSA 90017" in [f.text() for f in editor.clients.editor.street]
    # the user picks ADSL: kept, even though the offer says fibre
    choose(editor.clients.choice, "internet_adsl")
    editor.apply(case)
    editor.load(case)
    assert "TSA 10018" in [f.text() for f in editor.clients.editor.street]
    # an address the user typed is never replaced
    qtbot.keyClicks(editor.clients.editor.street[1], "Bat B")
    editor.apply(case)
    case.lines[0].kind = LineKind.MOBILE
    editor.load(case)
    assert "Bat B" in [f.text() for f in editor.clients.editor.street]
    assert "différente" in editor.clients.status.text() or \
        "diffère" in editor.clients.status.text()


def test_commitments_are_explained(qtbot):
    editor = DisputeEditor()
    qtbot.addWidget(editor)
    editor.show()
    case = Case()
    case.subscriber.kind = SubscriberKind.BUSINESS
    editor.load(case)
    intro = editor.commitments_intro
    assert intro.isVisible()
    text = intro.text()
    assert "l'opérateur" in text and "clients professionnels" in text
    assert "numéro" in text and "facultative" in text


def test_opening_a_saved_case_never_changes_its_operator_address(qtbot):
    """In the case view (keep_saved_addresses), a stored Orange mobile address stays even if
    the lines are now fixed: the user decides; the wizard alone re-checks."""
    editor = OperatorEditor(keep_saved_addresses=True)
    qtbot.addWidget(editor)
    editor.show()
    case = orange_case(LineKind.MOBILE)
    wizard_like = OperatorEditor()
    qtbot.addWidget(wizard_like)
    wizard_like.load(case)
    wizard_like.apply(case)  # the mobile address, as saved by the wizard
    saved = copy.deepcopy(case.operator.service_clients_address)
    case.lines[0].kind = LineKind.FIXED
    editor.load(case)
    editor.apply(case)
    assert case.operator.service_clients_address == saved

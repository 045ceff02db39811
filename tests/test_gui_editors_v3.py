"""Editors of case model v3: each exhibit's kind (« Type »), who sent each event, the facts
of the offence and the day a portability was requested."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from dispute.model import (  # noqa: E402
    Case,
    Counterpart,
    Direction,
    Event,
    EventKind,
    ExhibitKind,
    RegisteredMail,
)
from gui.editors.exhibits import exhibit_kind_for  # noqa: E402
from store.store import CaseStore  # noqa: E402

TODAY = date(2026, 3, 20)


@pytest.fixture
def store(tmp_path):
    with CaseStore.open(tmp_path / "data", durable=False) as s:
        yield s


def _letter(**fields) -> Event:
    return Event(kind=EventKind.REGISTERED_LETTER, date=date(2026, 1, 10),
                 registered=RegisteredMail(posted_on=date(2026, 1, 10),
                                           received_on=date(2026, 1, 13)), **fields)


@pytest.mark.parametrize(("event", "name", "kind"), [
    (_letter(), "scan_ar.pdf", ExhibitKind.RECEIPT),
    (_letter(), "Accusé de réception.jpg", ExhibitKind.RECEIPT),
    (_letter(), "lettre.pdf", ExhibitKind.COMPLAINT),
    (Event(kind=EventKind.EMAIL), "courriel.eml", ExhibitKind.COMPLAINT),
    (Event(kind=EventKind.CALL), "facture_avril.pdf", ExhibitKind.INVOICE),
    (Event(kind=EventKind.CALL), "capture.png", ExhibitKind.OTHER),
    (Event(kind=EventKind.ANSWER, direction=Direction.INCOMING), "reponse.pdf",
     ExhibitKind.ANSWER),
    (Event(kind=EventKind.ANSWER, direction=Direction.OUTGOING), "reponse.pdf",
     ExhibitKind.OTHER),
    (Event(kind=EventKind.LETTER, counterpart=Counterpart.MEDIATOR), "saisine.pdf",
     ExhibitKind.OTHER),
    (Event(kind=EventKind.MANDATE_SIGNED, counterpart=Counterpart.HANDLING_STRUCTURE),
     "scan.pdf", ExhibitKind.MANDATE),
    (None, "Kbis 2026.pdf", ExhibitKind.IDENTITY),
    (None, "contrat facture.pdf", ExhibitKind.OTHER),  # two words disagree: not guessed
])
def test_an_attached_file_gets_a_kind_the_user_sees(event, name, kind) -> None:
    assert exhibit_kind_for(event, name) is kind


def test_exhibit_kind_is_chosen_in_the_timeline_and_kept(qtbot, store, tmp_path) -> None:
    from gui.editors.timeline import TimelineEditor

    case = Case()
    editor = TimelineEditor(store, TODAY)
    qtbot.addWidget(editor)
    editor.show()
    editor.load(case)
    editor.add_event(_letter())
    files = [tmp_path / "lettre.pdf", tmp_path / "ar signé.jpg"]
    for file in files:
        file.write_bytes(b"%PDF")
    editor.attach_files(editor._events[0].id, files)
    assert [x.kind for x in case.exhibits] == [ExhibitKind.COMPLAINT, ExhibitKind.RECEIPT]
    table = editor.exhibit_table
    assert table.item(1, table.KIND).text() == "Avis de réception ou preuve de dépôt"
    combo = table.kind_combo(0)
    assert combo is not None and combo.count() == len(ExhibitKind)
    assert combo.accessibleName() == "Type de la pièce n° 1"
    with qtbot.waitSignal(editor.changed):
        table.set_kind(0, ExhibitKind.CONTRACT)
    assert case.exhibits[0].kind is ExhibitKind.CONTRACT
    assert table.item(0, table.KIND).text() == "Contrat ou récapitulatif contractuel"
    out = Case()
    out.exhibits = [x for x in case.exhibits]
    editor.apply(out)
    assert out.exhibits[0].kind is ExhibitKind.CONTRACT
    saved = store.save_case(case)
    assert store.load_case(saved.id).exhibits[0].kind is ExhibitKind.CONTRACT


def test_exhibit_kind_is_chosen_in_the_event_dialog(qtbot, store, tmp_path) -> None:
    from gui.editors.timeline import TimelineEditor

    case = Case()
    editor = TimelineEditor(store, TODAY)
    qtbot.addWidget(editor)
    editor.load(case)
    event = Event(kind=EventKind.ANSWER, direction=Direction.INCOMING, date=date(2026, 2, 1))
    editor.add_event(event)
    dialog = editor._dialog(editor._events[0], new=False)
    qtbot.addWidget(dialog)
    file = tmp_path / "reponse.pdf"
    file.write_bytes(b"%PDF")
    dialog.attach_paths([file])
    table = dialog.exhibit_table
    assert table.item(0, table.KIND).text() == "Réponse écrite"
    table.set_kind(0, ExhibitKind.PAYMENT_PROOF)
    changes = dialog.exhibit_changes()
    assert list(changes.values()) == [("Reponse", date(2026, 2, 1), ExhibitKind.PAYMENT_PROOF)]
    editor.set_exhibit_values(changes)
    assert case.exhibits[0].kind is ExhibitKind.PAYMENT_PROOF


def test_registered_letter_copy_is_a_complaint(store, tmp_path) -> None:
    """The copy attached when a registered send is recorded (case view): typed from the
    event, whatever its file name says."""
    case = store.save_case(Case())
    pdf = tmp_path / "Contestation facture.pdf"
    pdf.write_bytes(b"%PDF")
    event = _letter()
    exhibit = store.add_exhibit(case, pdf, title="Copie", kind=exhibit_kind_for(event, ""))
    assert exhibit.kind is ExhibitKind.COMPLAINT
    assert store.add_exhibit(case, pdf).kind is ExhibitKind.OTHER  # nothing said


def test_hostile_file_names_give_a_kind_without_breaking(qtbot) -> None:
    for name in ("\x00\x1b[31m.pdf", "\ud800.pdf", "<b>&amp;</b>.pdf", "é" * 5000 + ".pdf",
                 "😀 facture €.pdf"):
        assert exhibit_kind_for(None, Path(name)) in set(ExhibitKind)


def test_portability_request_date_in_the_dispute_editor(qtbot) -> None:
    from dispute.model import DisputeNature
    from gui.editors.dispute_editor import DisputeEditor

    editor = DisputeEditor()
    qtbot.addWidget(editor)
    editor.show()
    case = Case()
    editor.load(case)
    assert not editor.portability_row.isVisible()  # not a portability: not asked
    editor.nature_checks[DisputeNature.PORTABILITY].setChecked(True)
    assert editor.portability_row.isVisible() and editor.portability_hint.isVisible()
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClicks(editor.portability_date.line, "29/02/2028")
    out = Case()
    editor.apply(out)
    assert out.portability_requested_on == date(2028, 2, 29)
    assert out.natures == [DisputeNature.PORTABILITY]
    # a recorded date stays visible even if the nature is unticked (never hidden with a value)
    case.portability_requested_on = date(2026, 3, 2)
    editor.load(case)
    assert editor.portability_row.isVisible()
    assert editor.portability_date.date_value() == date(2026, 3, 2)
    editor.portability_date.line.clear()
    qtbot.keyClicks(editor.portability_date.line, "31/02/2026")
    assert editor.widget_issues() and editor.widget_issues()[0].path == \
        "portability_requested_on"


def _choose(combo, value) -> None:
    """As the user picks ``value`` in a combo (``activated`` is the user's signal)."""
    index = combo.findData(value.value if value is not None else None)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def test_event_dialog_sender_follows_the_case_until_chosen(qtbot) -> None:
    from dispute.model import Sender
    from gui.editors.event_dialog import EventDialog

    # no structure: what goes out is the subscriber's
    dialog = EventDialog(Event(kind=EventKind.CALL), TODAY, exhibits={})
    qtbot.addWidget(dialog)
    assert dialog.sender.currentData() == Sender.SUBSCRIBER.value
    dialog.kind.setCurrentIndex(dialog.kind.findData(EventKind.ANSWER.value))
    assert dialog.edited_event().direction is Direction.INCOMING
    assert dialog.sender.currentData() == Sender.OPERATOR.value
    # an outage is sent by nobody: the row is hidden and nothing is kept
    dialog.kind.setCurrentIndex(dialog.kind.findData(EventKind.OUTAGE.value))
    assert not dialog.form.isRowVisible(dialog.sender)
    assert dialog.edited_event().sender is None

    # a structure follows the case, mandate signed on 1 March: a letter sent before is the
    # subscriber's; after, not said until the user chooses
    dialog = EventDialog(Event(kind=EventKind.LETTER, date=date(2026, 2, 1)), TODAY,
                         exhibits={}, structure=True, mandate=date(2026, 3, 1))
    qtbot.addWidget(dialog)
    assert dialog.sender.currentData() == Sender.SUBSCRIBER.value
    dialog.date.set_date_value(date(2026, 3, 5))
    dialog.date.edited.emit()
    assert dialog.sender.currentData() is None
    assert dialog.sender.currentText() == "— non précisé —"
    _choose(dialog.sender, Sender.HANDLING_STRUCTURE)
    dialog.direction.setCurrentIndex(dialog.direction.findData(Direction.INCOMING.value))
    dialog.direction.setCurrentIndex(dialog.direction.findData(Direction.OUTGOING.value))
    assert dialog.edited_event().sender is Sender.HANDLING_STRUCTURE  # the user's choice stays


def test_event_dialog_keeps_a_recorded_sender(qtbot) -> None:
    from dispute.model import Sender
    from gui.editors.event_dialog import EventDialog

    event = Event(kind=EventKind.EMAIL, date=date(2026, 2, 1), sender=Sender.HANDLING_STRUCTURE)
    dialog = EventDialog(event, TODAY, exhibits={}, new=False)
    qtbot.addWidget(dialog)
    assert dialog.sender.currentData() == Sender.HANDLING_STRUCTURE.value
    dialog.counterpart.setCurrentIndex(
        dialog.counterpart.findData(Counterpart.SERVICE_CONSOMMATEURS.value))
    assert dialog.edited_event().sender is Sender.HANDLING_STRUCTURE
    # against the direction: warned in the dialog, never refused
    _choose(dialog.sender, Sender.OPERATOR)
    assert any(i.path == "events[0].sender" for i in dialog.issues())
    assert dialog.ok_button.isEnabled()


def test_timeline_passes_the_structure_and_the_mandate(qtbot, store) -> None:
    from dispute.model import HandlingStructure, Sender
    from gui.editors.timeline import TimelineEditor

    case = Case(handling_structure=HandlingStructure(name="CPME du Calvados"))
    editor = TimelineEditor(store, TODAY)
    qtbot.addWidget(editor)
    editor.load(case)
    editor.add_event(Event(kind=EventKind.MANDATE_SIGNED, date=date(2026, 3, 1),
                           counterpart=Counterpart.HANDLING_STRUCTURE, written=True))
    dialog = editor._dialog(Event(kind=EventKind.LETTER, date=date(2026, 2, 20)), new=True)
    qtbot.addWidget(dialog)
    assert dialog.sender.currentData() == Sender.SUBSCRIBER.value
    dialog = editor._dialog(Event(kind=EventKind.LETTER, date=date(2026, 3, 20)), new=True)
    qtbot.addWidget(dialog)
    assert dialog.sender.currentData() is None

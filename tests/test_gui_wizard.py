"""The new-case wizard driven like a user, offscreen: every page, drafts, cancel, crash."""

from __future__ import annotations

import gc
import hashlib
from datetime import date
from decimal import Decimal

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QEvent, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFocusEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTableWidget,
    QWidget,
    QWizard,
)

from dispute.model import Case, DisputeNature, EventKind, SubscriberKind
from gui import dialogs
from gui.editors.event_dialog import EventDialog
from gui.wizard import (
    PAGE_CONTRACT,
    PAGE_DISPUTE,
    PAGE_CREDITS,
    PAGE_INVOICES,
    PAGE_OPERATOR,
    PAGE_REVIEW,
    PAGE_SUBSCRIBER,
    PAGE_TIMELINE,
    CaseWizard,
)
from store.store import CaseStore

TODAY = date(2026, 3, 20)
NEXT = QWizard.WizardButton.NextButton
FINISH = QWizard.WizardButton.FinishButton


@pytest.fixture(autouse=True)
def answers():
    """Every message box is answered (``answer``) and recorded (``seen``): none can hang a
    test, not even the « Garder le brouillon ? » asked when qtbot closes a wizard."""
    state = {"answer": True, "seen": []}

    def respond(kind, title, text):
        state["seen"].append((kind, title, text))
        return state["answer"]

    dialogs.responder = respond
    yield state
    dialogs.responder = None


@pytest.fixture
def store(tmp_path):
    with CaseStore.open(tmp_path / "data", durable=False) as s:
        yield s


def focus_out(widget) -> None:
    QApplication.sendEvent(widget, QFocusEvent(QEvent.Type.FocusOut,
                                               Qt.FocusReason.TabFocusReason))


def type_text(qtbot, field, text: str) -> None:
    """Type like a user; QTest only knows ASCII keys, so accented letters are inserted as an
    input method would (both emit ``textEdited``)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(field, char)
        else:
            field.insert(char)


def clear_and_type(qtbot, field, text: str) -> None:
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    type_text(qtbot, field, text)


def next_enabled(wizard) -> bool:
    return wizard.button(NEXT).isEnabled()


def click_next(qtbot, wizard) -> None:
    assert next_enabled(wizard), wizard.currentPage().footer.text()
    qtbot.mouseClick(wizard.button(NEXT), Qt.MouseButton.LeftButton)


def make_wizard(qtbot, store, **kwargs) -> CaseWizard:
    wizard = CaseWizard(store, today=TODAY, **kwargs)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def drop_on_row(table: QTableWidget, row: int, paths) -> None:
    """Files dragged from a file manager and dropped on a row of the timeline."""
    pos = QPointF(table.visualItemRect(table.item(row, 0)).center())
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    # QDragEnterEvent takes an integer QPoint in some PySide6 versions: pass one.
    enter = QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(table.viewport(), enter)
    assert enter.isAccepted()
    drop = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(table.viewport(), drop)
    assert drop.isAccepted()


def fill_events(qtbot):
    """An ``exec_dialog`` replacement that types each event into the real dialog."""
    script = []

    def call(dialog: EventDialog) -> int:
        dialog.kind.setCurrentIndex(dialog.kind.findData(EventKind.CALL.value))
        qtbot.keyClicks(dialog.date.line, "05/01/2026")
        qtbot.keyClicks(dialog.reference, "T-5521")
        dialog.summary.setPlainText("Signalement de la panne au service clients.")
        assert dialog.ok_button.isEnabled()
        return QDialog.DialogCode.Accepted

    def lrar(dialog: EventDialog) -> int:
        dialog.kind.setCurrentIndex(dialog.kind.findData(EventKind.REGISTERED_LETTER.value))
        assert dialog.registered_box.isVisibleTo(dialog)
        qtbot.keyClicks(dialog.date.line, "10/01/2026")
        assert dialog.posted_on.text() == "10/01/2026"  # follows the sending date
        qtbot.keyClicks(dialog.tracking, "1A23456789012")
        qtbot.keyClicks(dialog.first_presented_on.line, "12/01/2026")
        qtbot.keyClicks(dialog.received_on.line, "13/01/2026")
        dialog.summary.setPlainText("Réclamation écrite au service clients.")
        assert dialog.written.isChecked()
        assert dialog.ok_button.isEnabled()
        return QDialog.DialogCode.Accepted

    script += [call, lrar]

    def run(dialog: EventDialog) -> int:
        return script.pop(0)(dialog)

    return run


def fill_subscriber(qtbot, wizard, name="Jeanne Dupont") -> None:
    sub = wizard.subscriber_editor
    qtbot.keyClicks(sub.name, name)
    qtbot.keyClicks(sub.address.street[2], "12 rue des Lilas")
    qtbot.keyClicks(sub.address.postcode, "14000")
    qtbot.keyClicks(sub.address.city, "Caen")
    qtbot.keyClicks(sub.email, "jeanne@example.fr")


def test_create_a_case_through_the_whole_wizard(qtbot, store, tmp_path, answers):
    wizard = make_wizard(qtbot, store, exec_dialog=fill_events(qtbot))
    assert wizard.currentId() == PAGE_SUBSCRIBER
    # page 1: nothing typed, Next disabled, a calm note says why
    assert not next_enabled(wizard)
    assert "Nom du souscripteur" in wizard.currentPage().footer.text()
    fill_subscriber(qtbot, wizard)
    sub = wizard.subscriber_editor
    assert next_enabled(wizard)

    # a bad phone: Next disabled, the French message under the field
    qtbot.keyClicks(sub.phone, "0231")
    assert not next_enabled(wizard)
    assert sub.phone_message.severity == "error"
    assert sub.phone_message.text().startswith("Erreur : Numéro trop court")
    clear_and_type(qtbot, sub.phone, "0231279060")
    focus_out(sub.phone)
    assert sub.phone.text() == "02 31 27 90 60"
    assert next_enabled(wizard)

    # a 39-character address line: Next disabled, message visible
    type_text(qtbot, sub.address.street[0], "Résidence des Grands Chênes, bâtiment B")
    assert len(sub.address.street[0].text()) == 39
    assert not next_enabled(wizard)
    assert sub.address.message.severity == "error"
    assert "39 caractères pour 38 au maximum" in sub.address.message.text()
    clear_and_type(qtbot, sub.address.street[0], "Bâtiment B")
    assert next_enabled(wizard)

    # handling structure, optional
    wizard.structure_editor.enabled.click()
    qtbot.keyClicks(wizard.structure_editor.name, "CPME du Calvados")
    qtbot.keyClicks(wizard.structure_editor.contact, "Marc Petit")
    click_next(qtbot, wizard)

    # page 2: line and contract (before the operator: its addresses may depend on them)
    assert wizard.currentId() == PAGE_CONTRACT
    assert not next_enabled(wizard)
    qtbot.keyClicks(wizard.lines_editor.rows[0].number, "0231279061")
    contract = wizard.contract_editor
    qtbot.keyClicks(contract.contract_number, "C-123456")
    qtbot.keyClicks(contract.customer_number, "987654")
    qtbot.keyClicks(contract.offer, "Bbox fibre")
    qtbot.keyClicks(contract.start_date.line, "02/05/2023")
    qtbot.keyClicks(contract.price, "39,90")
    click_next(qtbot, wizard)

    # page 3: operator from the directory, addresses prefilled
    assert wizard.currentId() == PAGE_OPERATOR
    assert not next_enabled(wizard)
    op = wizard.operator_editor
    op.combo.setCurrentIndex(op.combo.findData("bouygues"))
    assert "TSA 59013" in [f.text() for f in op.clients.editor.street]
    click_next(qtbot, wizard)

    # page 4: nature and summary
    assert wizard.currentId() == PAGE_DISPUTE
    dispute = wizard.dispute_editor
    assert not dispute.commitments_box.isVisible()  # private subscriber
    dispute.nature_checks[DisputeNature.OUTAGE].click()
    dispute.nature_checks[DisputeNature.BILLING].click()
    qtbot.keyClicks(dispute.summary, "Ligne coupee depuis le 3 janvier 2026.")
    click_next(qtbot, wizard)

    # page 5: the timeline, two events typed in the event dialog, a file dropped
    assert wizard.currentId() == PAGE_TIMELINE
    timeline = wizard.timeline_editor
    timeline.add_button.click()
    timeline.add_button.click()
    assert timeline.table.rowCount() == 2
    assert timeline.table.item(1, 1).text().startswith("Lettre recommandée")
    proof = tmp_path / "preuve de dépôt.pdf"
    content = b"%PDF-1.4\n" + bytes(range(256)) * 40
    proof.write_bytes(content)
    with qtbot.waitSignal(timeline.changed):
        drop_on_row(timeline.table, 1, [proof])
    # titled after the file, dated from the letter (posting date for the proof of posting)
    assert timeline.table.item(1, 4).text() == "n° 1"
    assert "Pièce n° 1 — Preuve de dépôt" in timeline.table.item(1, 4).toolTip()
    assert timeline.exhibit_table.item(0, 1).text() == "Preuve de dépôt"
    assert timeline.exhibit_table.item(0, 2).text() == "10/01/2026"
    click_next(qtbot, wizard)

    # page 6: invoice lines (shown because « Mauvaise facturation » is ticked)
    assert wizard.currentId() == PAGE_INVOICES
    invoices = wizard.invoices_editor
    invoices.add_button.click()
    assert not next_enabled(wizard)  # amounts still empty
    card = invoices.cards[0]
    qtbot.keyClicks(card.invoice_number, "F-2026-01")
    qtbot.keyClicks(card.invoice_date.line, "15/01/2026")
    qtbot.keyClicks(card.label, "Option TV non commandee")
    qtbot.keyClicks(card.billed, "12")
    qtbot.keyClicks(card.disputed, "15")
    assert not next_enabled(wizard)
    assert "dépasse le montant facturé" in card.message.text()
    clear_and_type(qtbot, card.disputed, "12")
    assert invoices.total.text() == "Total contesté : 12,00\u00a0€\u00a0TTC"
    click_next(qtbot, wizard)

    # page 7: what the operator already gave (optional)
    assert wizard.currentId() == PAGE_CREDITS
    wizard.credits_editor.add_button.click()
    credit = wizard.credits_editor.cards[0]
    qtbot.keyClicks(credit.amount, "5")
    credit.deducted.setChecked(True)
    assert "5,00\u00a0€\u00a0TTC" in wizard.credits_editor.total.text()
    click_next(qtbot, wizard)

    # page 8: review, readable French
    assert wizard.currentId() == PAGE_REVIEW
    text = wizard.currentPage().text()
    assert "Étape au 20/03/2026 : Service clients contacté" in text
    assert "Médiateur des communications électroniques" in text
    # a private person: the CPME route in one line, why it does not apply, no five items
    assert "CPME : non applicable" in text and "réservée aux" in text
    assert "cinq éléments" not in text
    assert "Échéances" in text
    assert "{" not in text

    # the draft exists while typing
    qtbot.waitUntil(lambda: [d.id for d in store.list_drafts()] == [wizard.case.id])
    with qtbot.waitSignal(wizard.caseCreated) as created:
        qtbot.mouseClick(wizard.button(FINISH), Qt.MouseButton.LeftButton)
    case_id = created.args[0]
    assert wizard.result() == QDialog.DialogCode.Accepted
    assert store.list_drafts() == []
    # no message box on the way; at the end, the structure typed is offered to Paramètres
    assert [(kind, title) for kind, title, _text in answers["seen"]] == [
        ("question", "Votre structure")]

    saved = store.load_case(case_id)
    assert saved.revision == 1
    assert saved.subscriber.name == "Jeanne Dupont"
    assert saved.subscriber.kind is SubscriberKind.PRIVATE
    assert saved.subscriber.phone == "02 31 27 90 60"
    assert saved.subscriber.address.street_lines == ["Bâtiment B", "12 rue des Lilas"]
    assert saved.subscriber.address.postcode == "14000"
    assert saved.handling_structure.name == "CPME du Calvados"
    assert saved.operator.directory_id == "bouygues"
    assert saved.operator.service_consommateurs_address.city == "CHANTILLY CEDEX"
    assert [line.number for line in saved.lines] == ["02 31 27 90 61"]
    assert saved.contract.contract_number == "C-123456"
    assert saved.contract.start_date == date(2023, 5, 2)
    assert saved.contract.monthly_price == Decimal("39.90")
    assert set(saved.natures) == {DisputeNature.OUTAGE, DisputeNature.BILLING}
    assert saved.summary == "Ligne coupee depuis le 3 janvier 2026."
    call, letter = saved.events_in_order()
    assert call.kind is EventKind.CALL and call.reference == "T-5521"
    assert letter.kind is EventKind.REGISTERED_LETTER and letter.written
    assert letter.registered.tracking_number == "1A23456789012"
    assert letter.registered.posted_on == date(2026, 1, 10)
    assert letter.registered.first_presented_on == date(2026, 1, 12)
    assert letter.registered.received_on == date(2026, 1, 13)
    (exhibit,) = saved.exhibits
    assert letter.exhibit_ids == [exhibit.id]
    assert exhibit.number == 1
    assert exhibit.original_name == "preuve de dépôt.pdf"
    assert exhibit.title == "Preuve de dépôt"
    assert exhibit.date == date(2026, 1, 10)
    assert exhibit.size == len(content)
    assert exhibit.sha256 == hashlib.sha256(content).hexdigest()
    stored = store.exhibit_path(case_id, exhibit)
    assert stored.read_bytes() == content
    assert saved.invoice_lines[0].amount_disputed == Decimal(12)
    assert saved.invoice_lines[0].invoice_date == date(2026, 1, 15)


def test_invoice_page_is_skipped_without_billing(qtbot, store):
    draft = Case()
    draft.subscriber.name = "Jeanne Dupont"
    draft.operator.name = "SFR"
    draft.operator.directory_id = "sfr"
    draft.lines = []
    wizard = make_wizard(qtbot, store, draft=draft)
    click_next(qtbot, wizard)
    qtbot.keyClicks(wizard.lines_editor.rows[0].number, "0231279061")
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_TIMELINE
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_CREDITS  # no billing: straight to the credits
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_REVIEW
    text = wizard.currentPage().text()
    assert "4. Numéro de contrat" not in text  # a private person: not the CPME's five items
    assert "Résumé du litige manquant" in text


def test_cancel_keeps_the_draft_and_the_wizard_resumes_it(qtbot, store, answers):
    wizard = make_wizard(qtbot, store)
    fill_subscriber(qtbot, wizard, name="Paul Martin")
    wizard.subscriber_editor.business.click()
    qtbot.keyClicks(wizard.subscriber_editor.siren, "732829320")
    answers["answer"] = True  # « Garder le brouillon ? » → oui
    wizard.reject()
    assert answers["seen"][-1][0] == "question"
    assert answers["seen"][-1][1] == "Garder le brouillon ?"
    assert wizard.result() == QDialog.DialogCode.Rejected

    (draft,) = store.list_drafts()
    assert draft.subscriber.name == "Paul Martin"
    resumed = make_wizard(qtbot, store, draft=draft)
    sub = resumed.subscriber_editor
    assert sub.name.text() == "Paul Martin"
    assert sub.business.isChecked() and sub.siren.text() == "732829320"
    assert sub.address.city.text() == "Caen"
    assert next_enabled(resumed)
    # the resumed draft is finished: saved under the same id, draft gone
    click_next(qtbot, resumed)
    qtbot.keyClicks(resumed.lines_editor.rows[0].number, "0231279061")
    click_next(qtbot, resumed)
    resumed.operator_editor.combo.setCurrentIndex(resumed.operator_editor.combo.findData("sfr"))
    click_next(qtbot, resumed)
    assert resumed.dispute_editor.commitments_box.isVisible()  # business subscriber
    click_next(qtbot, resumed)
    click_next(qtbot, resumed)
    click_next(qtbot, resumed)
    resumed.button(FINISH).click()
    assert store.load_case(draft.id).subscriber.name == "Paul Martin"
    assert store.list_drafts() == []


def test_cancel_can_discard_the_draft(qtbot, store, answers):
    wizard = make_wizard(qtbot, store)
    fill_subscriber(qtbot, wizard)
    qtbot.waitUntil(lambda: len(store.list_drafts()) == 1)
    answers["answer"] = False  # « Garder le brouillon ? » → non
    wizard.reject()
    assert store.list_drafts() == []


def test_cancel_without_typing_asks_nothing(qtbot, store, answers):
    wizard = make_wizard(qtbot, store)
    wizard.reject()
    assert answers["seen"] == []
    assert store.list_drafts() == []


def test_a_crash_leaves_the_draft(qtbot, store):
    wizard = CaseWizard(store, today=TODAY)
    wizard.show()
    qtbot.keyClicks(wizard.subscriber_editor.name, "Lucie Bernard")
    qtbot.keyClicks(wizard.subscriber_editor.email, "lucie@example.fr")
    qtbot.waitUntil(lambda: any(d.subscriber.email == "lucie@example.fr"
                                for d in store.list_drafts()))
    case_id = wizard.case.id
    # the window disappears without Finish or Cancel (process killed, window destroyed)
    wizard.hide()
    wizard.deleteLater()
    del wizard
    QApplication.processEvents()
    gc.collect()
    (draft,) = store.list_drafts()
    assert draft.id == case_id
    assert draft.subscriber.name == "Lucie Bernard"


def test_every_input_has_an_accessible_name_and_labels_have_buddies(qtbot, store):
    wizard = make_wizard(qtbot, store)
    kinds = (QLineEdit, QComboBox, QPlainTextEdit, QListWidget, QTableWidget, QAbstractButton)
    unnamed = []
    checked = 0
    for widget in wizard.findChildren(QLabel):
        text = widget.text()
        if "&" in text.replace("&&", "") and not text.startswith("<"):
            assert widget.buddy() is not None, f"label without buddy: {text}"
    for page_id in wizard.pageIds():
        widgets = [w for w in wizard.page(page_id).findChildren(QWidget) if isinstance(w, kinds)]
        for widget in widgets:
            if type(widget).__name__ in ("QToolButton",) and not widget.isVisibleTo(wizard):
                continue
            if widget.objectName().startswith("qt_"):
                continue
            checked += 1
            name = widget.accessibleName() or getattr(widget, "text", lambda: "")()
            if not name:
                unnamed.append((page_id, type(widget).__name__, widget.placeholderText()
                                if isinstance(widget, QLineEdit) else ""))
    assert unnamed == []
    assert checked > 60


def test_event_dialog_is_never_modal_in_tests(qtbot, store):
    """The injected ``exec_dialog`` replaces ``QDialog.exec``: a cancelled dialog adds nothing."""
    wizard = make_wizard(qtbot, store,
                         exec_dialog=lambda dialog: QDialog.DialogCode.Rejected)
    wizard.timeline_editor.load(wizard.case)
    assert wizard.timeline_editor.add_event_dialog() is None
    assert wizard.timeline_editor.table.rowCount() == 0


def test_each_page_says_which_step_it_is(qtbot, store):
    wizard = make_wizard(qtbot, store)
    assert wizard.currentPage().title() == "Étape 1 sur 7 — Souscripteur du contrat"
    assert wizard.page(PAGE_REVIEW).title() == "Étape 7 sur 7 — Vérification"
    assert wizard.page(PAGE_INVOICES).title() == "Lignes de facture contestées"  # skipped
    fill_subscriber(qtbot, wizard)
    click_next(qtbot, wizard)
    assert wizard.currentPage().title() == "Étape 2 sur 7 — Ligne(s) et contrat"
    qtbot.keyClicks(wizard.lines_editor.rows[0].number, "0231279061")
    click_next(qtbot, wizard)
    wizard.operator_editor.combo.setCurrentIndex(
        wizard.operator_editor.combo.findData("bouygues"))
    click_next(qtbot, wizard)
    assert wizard.currentPage().title() == "Étape 4 sur 7 — Nature du litige et résumé"
    # « Mauvaise facturation » adds the invoice page: every count follows at once
    wizard.dispute_editor.nature_checks[DisputeNature.BILLING].click()
    assert wizard.currentPage().title() == "Étape 4 sur 8 — Nature du litige et résumé"
    assert wizard.page(PAGE_INVOICES).title() == "Étape 6 sur 8 — Lignes de facture contestées"
    assert wizard.page(PAGE_REVIEW).title() == "Étape 8 sur 8 — Vérification"


def test_operator_address_is_chosen_from_the_lines_typed_before(qtbot, store):
    """Orange's service clients address depends on the offer: the lines and the contract come
    first, so the operator page can choose it."""
    wizard = make_wizard(qtbot, store)
    fill_subscriber(qtbot, wizard)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_CONTRACT
    qtbot.keyClicks(wizard.lines_editor.rows[0].number, "0231279061")
    qtbot.keyClicks(wizard.contract_editor.offer, "Livebox Pro fibre")
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_OPERATOR
    op = wizard.operator_editor
    op.combo.setCurrentIndex(op.combo.findData("orange"))
    assert "TSA 90017" in [f.text() for f in op.clients.editor.street]  # fibre
    assert op.clients.choice.currentData() == "fibre"
    # back to the lines: a mobile line instead; the address follows when coming back
    wizard.back()
    wizard.lines_editor.rows[0].kind.setCurrentIndex(
        wizard.lines_editor.rows[0].kind.findData("mobile"))
    wizard.contract_editor.offer.clear()
    qtbot.keyClicks(wizard.contract_editor.offer, "Forfait")
    clear_and_type(qtbot, wizard.lines_editor.rows[0].number, "0612345678")
    click_next(qtbot, wizard)
    assert op.clients.editor.city.text() == "BORDEAUX CEDEX 9"


@pytest.mark.parametrize("draft_name", ["", "facturation-entreprise-cpme"])
def test_placeholders_are_not_cut(qtbot, store, draft_name):
    """« LOCALITÉ (et CEDE… »: every placeholder must fit its field at the usual size, with
    room to spare (fonts are wider on the users' machines than offscreen)."""
    from pathlib import Path

    from store.casefile import read_case_file

    draft = None
    if draft_name:
        root = Path(__file__).resolve().parent.parent / "examples" / draft_name
        draft = read_case_file(root).case
    wizard = CaseWizard(store, today=date(2026, 11, 22), draft=draft)
    qtbot.addWidget(wizard)
    wizard.resize(920, 680)
    wizard.show()
    cut = []
    for page_id, _page in wizard.pages:
        wizard.setStartId(page_id)
        wizard.restart()
        QApplication.processEvents()
        for field in wizard.currentPage().findChildren(QLineEdit):
            if not field.isVisible() or not field.placeholderText():
                continue
            room = field.contentsRect().width() - 8  # text margins and frame
            if field.fontMetrics().horizontalAdvance(field.placeholderText()) > room * 0.85:
                cut.append((page_id, field.accessibleName(), field.placeholderText()))
    assert cut == []


def test_review_speaks_like_the_case_view_about_routes_and_delays():
    from datetime import date as _date
    from pathlib import Path as _Path

    from gui.wizard import review_html
    from store.casefile import read_case_file

    root = _Path(__file__).resolve().parent.parent / "examples"
    private = read_case_file(root / "panne-fibre-particulier").case
    text = review_html(private, _date(2026, 11, 22))
    assert "CPME : non applicable" in text
    assert "Médiateur des communications électroniques : ✔ ouverte" in text
    assert "jour(s)" not in text and "pas possible pour l'instant" not in text
    business = read_case_file(root / "facturation-entreprise-cpme").case
    text = review_html(business, _date(2026, 11, 22))
    assert "Médiateur des communications électroniques : ✖ non applicable" in text
    assert "CPME (entreprises) : ✔ ouverte" in text


# --------------------------------------------------------------------------------------------
# The draft autosave never outlives the window (the « double free » of full-suite runs)


def test_closing_a_wizard_never_shown_stops_its_autosave(qtbot, store):
    """A wizard closed while its autosave is pending writes the draft at once and leaves no
    timer behind: fired later, against a closed store, it would show a real message box over
    a window being destroyed."""
    wizard = CaseWizard(store, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.subscriber_editor.name.insert("Agnès Durand")
    wizard.subscriber_editor.name.textEdited.emit(wizard.subscriber_editor.name.text())
    assert wizard._draft_timer.isActive()
    wizard.close()
    assert not wizard._draft_timer.isActive()
    (draft,) = store.list_drafts()
    assert draft.subscriber.name == "Agnès Durand"


def test_hiding_the_wizard_writes_the_pending_draft(qtbot, store):
    wizard = make_wizard(qtbot, store)
    type_text(qtbot, wizard.subscriber_editor.name, "Lucie")
    assert wizard._draft_timer.isActive()
    wizard.hide()
    assert not wizard._draft_timer.isActive()
    assert [d.subscriber.name for d in store.list_drafts()] == ["Lucie"]


def test_a_field_edited_after_finish_does_not_restart_the_autosave(qtbot, store, answers):
    wizard = make_wizard(qtbot, store)
    type_text(qtbot, wizard.subscriber_editor.name, "Lucie")
    answers["answer"] = False  # « Garder le brouillon ? » — non
    wizard.reject()
    wizard.case_changed()  # e.g. a field losing focus as the window goes away
    assert not wizard._draft_timer.isActive()
    assert store.list_drafts() == []


def test_a_real_message_box_in_a_test_fails_loudly(real_dialogs):
    """tests/conftest.py: no test can reach a real modal dialog (it would hang offscreen)."""
    from PySide6.QtWidgets import QMessageBox

    with pytest.raises(AssertionError, match="real modal dialog"):
        QMessageBox.critical(None, "Titre", "Texte")
    with pytest.raises(AssertionError, match="real modal dialog"):
        QDialog().exec()
    assert len(real_dialogs) == 2
    real_dialogs.clear()  # reached on purpose here

"""What a new user tripped over in the forms (/work/coord/fresh-eyes.md, second round): Tab
order of the card lists and the dispute page, the « Petite entreprise » choice, messages cut
under their field, the operator page, dates typed over, glyphs, « Garder le brouillon ? ».
Each test fails on the code the finding was reported against."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402

from dispute.model import (  # noqa: E402
    Case,
    Credit,
    InvoiceLine,
    Subscriber,
    SubscriberKind,
    TaxBasis,
)
from tests.test_gui_fresh_eyes import _shown, tab_chain  # noqa: E402

TODAY = date(2026, 11, 22)


def _business_case(**fields) -> Case:
    return Case(subscriber=Subscriber(kind=SubscriberKind.BUSINESS, name="Boulangerie Martin"),
                **fields)


def _stops(within: QWidget, *widgets: QWidget) -> list[QWidget]:
    """What Tab stops at, shown and enabled (the VAT rate waits for « HT »)."""
    return [w for w in widgets if w.isVisibleTo(within) and w.isEnabled()]


# -- Tab in the invoice lines, the credits and the dispute page ------------------------------


def test_tab_follows_the_invoice_lines_as_shown(qtbot):
    from gui.editors.invoices import InvoiceLinesEditor

    editor = InvoiceLinesEditor()
    window = _shown(qtbot, editor)  # noqa: F841 - keeps the editor alive
    editor.load(_business_case(invoice_lines=[
        InvoiceLine(invoice_number="F1", amount_billed=Decimal("10"),
                    amount_disputed=Decimal("5"), tax_basis=TaxBasis.HT),
        InvoiceLine(invoice_number="F2", amount_billed=Decimal("10"),
                    amount_disputed=Decimal("5"))]))
    first, second = editor.cards
    qtbot.waitUntil(second.isVisible)  # cards added to a shown form are shown by the loop
    expected = []
    for card in (first, second):
        expected += _stops(editor, card.remove, card.invoice_number, card.invoice_date.line,
                           card.label, card.billed, card.disputed, card.reason,
                           card.due_date.line, card.paid_on.line, card.tax.basis,
                           card.tax.rate)
    expected = expected[1:] + [editor.add_button]  # from the first card's number
    assert first.tax.rate.isEnabled() and not second.tax.rate.isEnabled()
    assert tab_chain(qtbot, first.invoice_number, len(expected)) == expected


def test_tab_follows_the_credits_as_shown(qtbot):
    from gui.editors.credits import CreditsEditor

    editor = CreditsEditor()
    window = _shown(qtbot, editor)  # noqa: F841 - keeps the editor alive
    editor.load(_business_case(credits=[Credit(amount=Decimal("10"), tax_basis=TaxBasis.HT),
                                        Credit(amount=Decimal("5"))]))
    first, second = editor.cards
    qtbot.waitUntil(second.isVisible)  # cards added to a shown form are shown by the loop
    expected = []
    for card in (first, second):
        expected += _stops(editor, card.remove, card.kind, card.amount, card.date.line,
                           card.tax.basis, card.tax.rate, card.invoice_number, card.answer,
                           card.note, card.deducted)
    expected = expected[1:] + [editor.add_button]
    assert tab_chain(qtbot, first.kind, len(expected)) == expected


def test_tab_from_the_summary_goes_on_down_the_page(qtbot):
    from dispute.model import DisputeNature
    from gui.editors.dispute_editor import DisputeEditor

    editor = DisputeEditor()
    window = _shown(qtbot, editor)  # noqa: F841 - keeps the editor alive
    editor.load(_business_case(natures=[DisputeNature.PORTABILITY]))
    last_nature = list(editor.nature_checks.values())[-1]
    expected = [last_nature, editor.portability_date.line, editor.voice, editor.summary,
                editor.commitments]
    assert tab_chain(qtbot, last_nature, len(expected)) == expected


# -- 8. A date field clicked then typed in: the typed date replaces the one shown ------------


def test_a_date_clicked_then_typed_replaces_the_date_shown(qtbot):
    from PySide6.QtCore import QPoint

    from dispute.model import Event, EventKind, RegisteredMail
    from gui.editors.event_dialog import EventDialog

    event = Event(kind=EventKind.REGISTERED_LETTER, date=date(2026, 9, 8), written=True,
                  registered=RegisteredMail(posted_on=date(2026, 9, 8)))
    dialog = EventDialog(event, TODAY, exhibits={})
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    line = dialog.posted_on.line
    assert line.text() == "08/09/2026"
    # a click in the middle of the date (after « 08/09/20 »), then the date typed
    x = line.fontMetrics().horizontalAdvance("08/09/20") + 6
    assert x < line.width()
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton, pos=QPoint(x, line.height() // 2))
    assert line.hasFocus() and line.selectedText() == "08/09/2026"
    qtbot.keyClicks(line, "10/09/2026")
    assert line.text() == "10/09/2026"
    assert dialog.posted_on.date_value() == date(2026, 9, 10)
    # a second click in the focused line places the cursor (to correct one digit)
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton, pos=QPoint(x, line.height() // 2))
    assert not line.hasSelectedText()
    # by the keyboard too: Tab into the next date selects it whole
    dialog.first_presented_on.set_date_value(date(2026, 9, 9))
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    following = dialog.first_presented_on.line
    assert following.hasFocus() and following.selectedText() == "09/09/2026"


def test_every_date_field_of_the_app_selects_its_date_on_focus(qtbot):
    """One shared behaviour: every DateField's line is a DateLine."""
    from gui.widgets import DateField, DateLine

    field = DateField()
    qtbot.addWidget(field)
    assert isinstance(field.line, DateLine)


# -- 28. Échap in the wizard: « Garder le brouillon ? » can take the user back ---------------


@pytest.fixture
def store(tmp_path):
    from store.store import CaseStore

    with CaseStore.open(tmp_path / "data", durable=False) as s:
        yield s


def test_escape_in_the_wizard_can_go_back_to_the_input(qtbot, store, monkeypatch):
    from gui import dialogs
    from gui.wizard import CaseWizard

    replies = ["cancel"]
    asked: list[str] = []

    def respond(kind, title, text):
        asked.append(title)
        return replies[-1]

    monkeypatch.setattr(dialogs, "responder", respond)
    wizard = CaseWizard(store, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.subscriber_editor.name, "Jeanne Dupont")
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert asked == ["Garder le brouillon ?"]
    assert wizard.isVisible() and wizard.subscriber_editor.name.text() == "Jeanne Dupont"
    # the autosave goes on after « Annuler »
    qtbot.waitUntil(lambda: len(store.list_drafts()) == 1)
    replies.append(False)  # « Non »: the input is abandoned
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert not wizard.isVisible() and store.list_drafts() == []


def test_keep_the_draft_asks_oui_non_annuler_in_french(monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from gui import dialogs

    shown: list[list[str]] = []

    def answer(box):  # instead of the modal loop: read the buttons, click « Annuler »
        shown.append([b.text() for b in box.buttons()])
        next(b for b in box.buttons() if b.text() == "Annuler").click()
        return 0

    monkeypatch.setattr(dialogs, "responder", None)
    monkeypatch.setattr(QMessageBox, "exec", answer)
    assert dialogs.ask_yes_no_cancel(None, "Garder le brouillon ?", "…") == dialogs.CANCEL
    assert sorted(shown[0]) == ["Annuler", "Non", "Oui"]


# -- 4. « Petite entreprise »: every choice whole in the closed list, the tip on the label ----


def test_small_business_choices_fit_and_the_label_explains(qtbot, store, answers):
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    from gui.wizard import CaseWizard

    wizard = CaseWizard(store, today=TODAY)  # its default size
    qtbot.addWidget(wizard)
    wizard.show()
    editor = wizard.subscriber_editor
    editor.business.click()
    combo = editor.small_business
    qtbot.waitUntil(combo.isVisible)
    for index in range(combo.count()):
        combo.setCurrentIndex(index)
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        room = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, combo)
        assert combo.fontMetrics().horizontalAdvance(combo.currentText()) <= room.width(), \
            combo.currentText()
    tip = combo.toolTip()
    assert "association" in tip and "50 salariés" in tip
    assert editor.small_label.toolTip() == tip


# -- 13. A character the font cannot draw: itself and where it was typed ---------------------


def test_a_character_without_glyph_is_named_with_its_field():
    from pathlib import Path

    from dispute.procedure import assess
    from documents.letter_settings import LetterSettings
    from documents.letters import LetterKind, compose_letter
    from documents.letters.output import composed_pdf_bytes
    from store.casefile import read_case_file

    root = Path(__file__).resolve().parent.parent
    case = read_case_file(root / "examples" / "facturation-entreprise-cpme").case
    case.subscriber.name = "Boulangerie <b>Martin</b> & Fils 🥖"
    case.summary += " Facture 🧾 jamais reçue."  # no glyph in DejaVu Sans either
    today = date(2026, 11, 22)
    # the mediator's saisine: the letter and its summary sheet, one warning for both
    composed = compose_letter(LetterKind.MEDIATOR, case, assess(case, today),
                              LetterSettings(), today)
    assert composed.annex is not None
    _pdf, info = composed_pdf_bytes(composed)
    (warning,) = [w for w in info.warnings if "police" in w]
    assert "🥖 dans la raison sociale (U+1F956)" in warning
    assert "🧾 dans le résumé (U+1F9FE)" in warning
    assert "U+1F956 " not in warning  # the code point only in brackets


def test_glyph_warning_names_invisible_characters_and_several_fields():
    from documents.glyphs import glyph_places, glyph_warning

    texts = [("la raison sociale", "A 🥖"), ("l'offre", "🥖 Box"), ("le résumé", "x\u200bz")]
    places = glyph_places(texts, ["🥖", "\u200b"])
    warning = glyph_warning(["🥖", "\u200b"], places)
    assert warning.startswith("Caractères absents de la police, imprimés comme un cadre vide")
    assert "🥖 dans la raison sociale et l'offre (U+1F956)" in warning
    assert "caractère invisible zero width space dans le résumé (U+200B)" in warning
    assert glyph_warning(["🥖"]) == ("Caractère absent de la police, imprimé comme un cadre "
                                     "vide : 🥖 (U+1F956). Remplacez-le ou retirez-le.")


# -- 5. Messages under a field: whole, in room kept for them (nothing moves) ------------------


def _y(widget: QWidget) -> int:
    return widget.mapTo(widget.window(), widget.rect().topLeft()).y()


def test_the_siren_message_is_read_whole_and_moves_nothing(qtbot, store, answers):
    from gui.wizard import CaseWizard

    wizard = CaseWizard(store, today=TODAY)  # its default size
    qtbot.addWidget(wizard)
    wizard.show()
    editor = wizard.subscriber_editor
    editor.business.click()
    qtbot.waitUntil(editor.siren.isVisible)
    below = _y(editor.representative)
    for number in ("123456789", "12345678900001", "73282932000075"):
        editor.siren.setText(number)
        editor.siren.edited.emit()
        message = editor.siren_message
        assert message.text().startswith("Erreur : Ce numéro n'est pas valide")
        assert message.shown_text() == message.text(), message.shown_text()  # not cut
        assert _y(editor.representative) == below  # nothing moved
    editor.siren.setText("732829320")  # a valid SIREN: the message goes, the room stays
    editor.siren.edited.emit()
    assert editor.siren_message.text() == "" and _y(editor.representative) == below


def test_the_event_date_warning_is_read_whole_beside_the_registered_letter(qtbot):
    from dispute.model import Event, EventKind
    from gui.editors.event_dialog import EventDialog

    dialog = EventDialog(Event(kind=EventKind.REGISTERED_LETTER, written=True), TODAY,
                         exhibits={})
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.registered_box.isVisible)
    message = dialog.date_message
    assert "la chronologie et le calcul des délais en dépendent." in message.text()
    assert message.shown_text() == message.text(), message.shown_text()
    below = _y(dialog.counterpart)
    qtbot.keyClicks(dialog.date.line, "32/09/2026")  # unreadable: an error instead
    assert message.text().startswith("Erreur : Cette date n'existe pas")
    assert message.shown_text() == message.text() and _y(dialog.counterpart) == below
    dialog.date.line.clear()
    qtbot.keyClicks(dialog.date.line, "08/09/2026")
    assert message.text() == "" and _y(dialog.counterpart) == below


# -- 6. The operator named in the offer; where to find an address; a postcode hint ----------


def _names(operator) -> list[str]:
    return [operator.name, *operator.aliases]


def test_the_operator_is_recognised_in_the_offer_name():
    from dispute.accents import strip_accents
    from dispute.directory import operator_named_in, shipped_directory

    directory = shipped_directory()
    for operator in directory.operators:
        for name in _names(operator):
            for written in (name, name.upper(), name.lower(), strip_accents(name)):
                found = operator_named_in(directory, f"Offre {written} Pro 5G")
                assert found is operator, (written, found)
            # a word that only contains the name is not it
            glued = name.replace(" ", "")
            for text in (f"{glued}box Pop", f"Super{glued} Fibre", f"{glued}s"):
                assert operator_named_in(directory, text) is None, text
    assert operator_named_in(directory, "SFR Business Box Pro").id == "sfr"
    assert operator_named_in(directory, "RED by SFR 100 Go").id == "red"  # the longer name
    assert operator_named_in(directory, "Forfait Free Mobile").id == "free_mobile"
    assert operator_named_in(directory, "Passage de Free à Orange") is None  # two operators
    assert operator_named_in(directory, "Freebox Révolution") is None
    assert operator_named_in(directory, "") is None


def _to_operator_page(qtbot, wizard, offer: str, business: bool = True) -> None:
    from gui.wizard import PAGE_OPERATOR

    wizard.case.subscriber.kind = (SubscriberKind.BUSINESS if business
                                   else SubscriberKind.PRIVATE)
    wizard.case.contract.offer = offer
    wizard.setStartId(PAGE_OPERATOR)
    wizard.restart()
    qtbot.waitUntil(wizard.operator_editor.isVisible)


def test_the_operator_page_proposes_the_operator_of_the_offer(qtbot, store, answers):
    from gui.wizard import CaseWizard

    wizard = CaseWizard(store, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    _to_operator_page(qtbot, wizard, "SFR Business Box Pro")
    editor = wizard.operator_editor
    assert editor.combo.currentData() == "sfr"
    assert editor.combo.width() > editor.width() // 2  # its row keeps the page's width
    assert "Reconnu dans le nom de l'offre (« SFR Business Box Pro »)" in \
        editor.combo_message.text()
    assert "nom de l'offre" in wizard.currentPage().subTitle()  # the banner says so
    # nothing in the directory: where to look (a business has no service consommateurs)
    assert "facture" in editor.clients.hint.text() and "contrat" in editor.clients.hint.text()
    assert "pas de service consommateurs" in editor.conso.hint.text()
    for block in (editor.clients, editor.conso):
        hint = block.hint
        assert hint.shown_text() == hint.text(), hint.shown_text()  # read whole
        placeholder = block.editor.postcode.placeholderText()
        assert placeholder and not any(c.isdigit() for c in placeholder.replace("5 ", ""))
        assert placeholder != "14000"
    # another operator chosen by the user stays chosen, the note goes
    editor.combo.setCurrentIndex(editor.combo.findData("orange"))
    assert "Reconnu" not in editor.combo_message.text()
    wizard.restart()
    assert editor.combo.currentData() == "orange"


# -- 7. A business subscriber's operator address: never the private customers' service ------


def _bouygues_case(business: bool) -> Case:
    from dispute.model import Line, LineKind, OperatorRef

    case = Case(subscriber=Subscriber(kind=SubscriberKind.BUSINESS if business
                                      else SubscriberKind.PRIVATE, name="Boulangerie Martin"),
                operator=OperatorRef(directory_id="bouygues", name="Bouygues Télécom"),
                lines=[Line(number="0231279061", kind=LineKind.FIXED)])
    return case


def _directory_with_business_address():
    import json

    from dispute.assets import asset_path
    from dispute.directory import parse_directory

    data = json.loads(asset_path("directory.json").read_text(encoding="utf-8"))
    bouygues = next(o for o in data["operators"] if o["id"] == "bouygues")
    bouygues["service_clients"].append({
        "id": "entreprises", "label": "Service clients entreprises", "recipient": "",
        "street_lines": ["Service Clients Entreprises", "TSA 00000"], "postcode": "75000",
        "city": "PARIS CEDEX", "country": "", "published_as": "", "line_kinds": [],
        "source": "facture du 12/10/2026", "verified_on": None, "status": "à vérifier",
        "for_business": True})
    return parse_directory(data)


@pytest.mark.parametrize("keep_saved", [True, False], ids=["case view", "wizard"])
def test_a_business_operator_address_is_never_the_private_customers_one(qtbot, keep_saved):
    from gui.editors.operator import OperatorEditor

    editor = OperatorEditor(keep_saved_addresses=keep_saved)
    window = _shown(qtbot, editor)  # noqa: F841 - keeps the editor alive
    editor.load(_bouygues_case(business=True))
    for block in (editor.clients, editor.conso):
        assert block.editor.address().is_empty()  # not TSA 59013 (private customers)
        assert block.hint.text().startswith("Abonné professionnel"), block.hint.text()
        assert block.hint.shown_text() == block.hint.text()
    assert "facture" in editor.clients.hint.text()
    # a private subscriber: unchanged, the directory's addresses
    editor.load(_bouygues_case(business=False))
    assert "TSA 59013" in editor.clients.editor.address().street_lines
    assert "TSA 59013" in editor.conso.editor.address().street_lines


def test_a_business_gets_the_directory_address_for_business_customers(qtbot):
    from gui.editors.operator import OperatorEditor

    editor = OperatorEditor(_directory_with_business_address(), keep_saved_addresses=True)
    window = _shown(qtbot, editor)  # noqa: F841 - keeps the editor alive
    editor.load(_bouygues_case(business=True))
    assert editor.clients.editor.address().street_lines == [
        "Service Clients Entreprises", "TSA 00000"]
    editor.load(_bouygues_case(business=False))  # and never to a private subscriber
    assert "TSA 59013" in editor.clients.editor.address().street_lines


def test_a_private_customers_address_left_in_a_business_case_is_replaced_or_flagged(qtbot):
    from copy import deepcopy

    from dispute.directory import shipped_directory
    from gui.editors.operator import OperatorEditor

    private = _bouygues_case(business=False)
    bouygues = shipped_directory().operator("bouygues")
    private.operator.service_clients_address = bouygues.service_clients[0].to_postal_address()
    business = deepcopy(private)
    business.subscriber.kind = SubscriberKind.BUSINESS
    wizard_editor = OperatorEditor()  # the wizard: the case turned business, replaced
    window = _shown(qtbot, wizard_editor)  # noqa: F841 - keeps the editor alive
    wizard_editor.load(business)
    assert wizard_editor.clients.editor.address().is_empty()
    saved = OperatorEditor(keep_saved_addresses=True)  # a saved case: kept, and said
    other = _shown(qtbot, saved)  # noqa: F841 - keeps the editor alive
    saved.load(business)
    assert "TSA 59013" in saved.clients.editor.address().street_lines
    assert "des particuliers" in saved.clients.status.text()


def test_a_private_subscriber_is_told_where_an_unknown_address_is(qtbot):
    from dispute.model import OperatorRef
    from gui.editors.operator import OperatorEditor

    editor = OperatorEditor()
    window = _shown(qtbot, editor)  # noqa: F841 - keeps the editor alive
    case = Case(operator=OperatorRef(directory_id="sfr", name="SFR"))
    editor.load(case)
    hint = editor.conso.hint
    assert hint.text().startswith("Adresse du service consommateurs inconnue de l'annuaire")
    assert "facture" in hint.text() and "fiche du dossier" in hint.text()
    assert hint.shown_text() == hint.text(), hint.shown_text()


def test_the_registered_letter_warnings_are_read_whole(qtbot):
    from dispute.model import Event, EventKind, RegisteredMail
    from gui.editors.event_dialog import EventDialog

    event = Event(kind=EventKind.REGISTERED_LETTER, date=date(2026, 9, 8), written=True,
                  registered=RegisteredMail(posted_on=date(2026, 9, 8),
                                            tracking_number="1A 234 567 8901 2"))
    dialog = EventDialog(event, TODAY, exhibits={})
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.registered_box.isVisible)
    message = dialog.registered_message
    assert message.text() == ""
    below = _y(dialog.exhibits_box)
    dialog.tracking.clear()  # no tracking number, posted two days after the letter's date
    dialog.posted_on.set_date_value(date(2026, 9, 10))
    dialog.posted_on.edited.emit()
    assert "preuve de dépôt" in message.text() and "diffère de la date" in message.text()
    assert message.shown_text() == message.text(), message.shown_text()
    dialog.first_presented_on.set_date_value(date(2026, 9, 9))  # and out of order
    dialog.first_presented_on.edited.emit()
    assert message.text().startswith("Erreur : La première présentation")
    assert message.shown_text() == message.text(), message.shown_text()
    assert _y(dialog.exhibits_box) == below


def test_the_summary_points_up_to_the_voice_shown_above_it(qtbot):
    from gui.editors.dispute_editor import DisputeEditor

    editor = DisputeEditor()
    window = _shown(qtbot, editor)  # noqa: F841 - keeps the editor alive
    assert _y(editor.voice) < _y(editor.summary)
    assert "la voix choisie ci-dessus" in editor.summary.placeholderText()


def test_filling_a_business_case_from_the_directory_skips_private_customers_addresses():
    from dispute.directory import fill_operator_ref, shipped_directory

    directory = shipped_directory()
    business, private = _bouygues_case(business=True), _bouygues_case(business=False)
    fill_operator_ref(business, directory.operator("bouygues"))
    fill_operator_ref(private, directory.operator("bouygues"))
    assert business.operator.service_clients_address.is_empty()
    assert any("inconnue de l'annuaire" in n
               for n in fill_operator_ref(business, directory.operator("bouygues")))
    assert "TSA 59013" in private.operator.service_clients_address.street_lines

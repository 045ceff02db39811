"""Editors of case model v2: civility, business form, structure membership, operator SIREN
and head office, HT or TTC with the VAT rate (a business only), credits received, and the
answer date a mediator's opinion sets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

pytest.importorskip("PySide6")

from dispute.model import (  # noqa: E402
    BusinessForm,
    Case,
    Civility,
    Credit,
    CreditKind,
    Event,
    EventKind,
    StructureKind,
    SubscriberKind,
    TaxBasis,
)

TODAY = date(2026, 3, 20)


def business_case() -> Case:
    case = Case()
    case.subscriber.kind = SubscriberKind.BUSINESS
    case.subscriber.name = "Menuiserie Rivaud SARL"
    return case


def round_trip(editor, case: Case) -> Case:
    editor.load(case)
    out = Case()
    out.subscriber.kind = case.subscriber.kind
    editor.apply(out)
    return out


def test_subscriber_civility_for_a_person_business_fields_for_a_company(qtbot):
    from gui.editors.subscriber import SubscriberEditor

    editor = SubscriberEditor()
    qtbot.addWidget(editor)
    editor.show()
    person = Case()
    person.subscriber.civility = Civility.COUPLE
    editor.load(person)
    assert editor.civility.isVisible() and not editor.business_form.isVisible()
    out = Case()
    editor.apply(out)
    assert out.subscriber.civility is Civility.COUPLE and out.subscriber.business_form is None
    company = business_case()
    company.subscriber.business_form = BusinessForm.SOLE_TRADER
    company.subscriber.legal_form = "EI"
    company.subscriber.small_business = True
    company.subscriber.civility = Civility.MRS  # the sole trader's: « La mandante » (10.3)
    editor.load(company)
    assert editor.business_form.isVisible() and editor.civility.isVisible()
    out = Case()
    editor.apply(out)
    sub = out.subscriber
    assert (sub.business_form, sub.legal_form, sub.small_business, sub.civility) == (
        BusinessForm.SOLE_TRADER, "EI", True, Civility.MRS)
    # a company has no civility: hidden, and dropped when it was set
    company.subscriber.business_form = BusinessForm.COMPANY
    editor.load(company)
    assert editor.business_form.isVisible() and not editor.civility.isVisible()
    editor.apply(out)
    assert out.subscriber.civility is None
    company.subscriber.business_form = BusinessForm.SOLE_TRADER
    company.subscriber.small_business = None  # « non précisé » stays unsaid
    editor.load(company)
    editor.apply(out)
    assert out.subscriber.small_business is None


def test_structure_kind_identifier_and_membership(qtbot):
    from dispute.model import HandlingStructure
    from gui.editors.subscriber import HandlingStructureEditor

    editor = HandlingStructureEditor()
    qtbot.addWidget(editor)
    case = Case()
    case.handling_structure = HandlingStructure(
        name="CPME du Calvados", kind=StructureKind.CPME, identifier="123 456 789",
        member_number="A-42", member_since=date(2024, 2, 29))
    out = round_trip(editor, case)
    hs = out.handling_structure
    assert (hs.kind, hs.identifier, hs.member_number, hs.member_since) == (
        StructureKind.CPME, "123 456 789", "A-42", date(2024, 2, 29))


def test_operator_siren_and_head_office_on_demand(qtbot):
    from dispute.model import PostalAddress
    from gui.editors.operator import OperatorEditor

    editor = OperatorEditor()
    qtbot.addWidget(editor)
    editor.show()
    case = Case()
    case.operator.directory_id = "orange"
    case.operator.name = "Orange"
    editor.load(case)
    assert editor.legal_toggle.isVisible() and not editor.legal_box.isVisible()
    case.operator.siren = "380129866"
    case.operator.head_office_address = PostalAddress(
        street_lines=["111 quai du Président Roosevelt"], postcode="92130",
        city="Issy-les-Moulineaux")
    out = round_trip(editor, case)
    assert editor.legal_box.isVisible()  # filled: shown
    assert out.operator.siren == "380129866"
    assert out.operator.head_office_address.city == "Issy-les-Moulineaux"


def test_choosing_an_operator_fills_its_head_office_and_siren_from_the_directory(qtbot):
    """dispute/directory.py gives Orange's and Bouygues Telecom's head offices (and a SIREN
    only from a verified source): choosing the operator fills them in; choosing another one
    never leaves the first one's."""
    from gui.editors.operator import OTHER, OperatorEditor

    editor = OperatorEditor()
    qtbot.addWidget(editor)
    editor.show()
    editor.load(Case())
    editor.combo.setCurrentIndex(editor.combo.findData("bouygues"))
    assert editor.legal_box.isVisible()
    out = Case()
    editor.apply(out)
    assert out.operator.siren == "397480930"
    assert out.operator.head_office_address.postcode == "75116"
    editor.combo.setCurrentIndex(editor.combo.findData("orange"))
    editor.apply(out)
    assert out.operator.siren == ""  # no verified source for Orange's: nothing invented
    assert out.operator.head_office_address.postcode == "92130"
    editor.combo.setCurrentIndex(editor.combo.findData(OTHER))
    editor.apply(out)
    assert out.operator.head_office_address.is_empty() and out.operator.siren == ""
    editor.combo.setCurrentIndex(editor.combo.findData("bouygues"))  # remembered as typed
    editor.apply(out)
    assert out.operator.siren == "397480930"


def test_ht_or_ttc_is_asked_of_a_business_only(qtbot):
    from gui.editors.contract import ContractEditor

    editor = ContractEditor()
    qtbot.addWidget(editor)
    editor.show()
    private = Case()
    private.contract.monthly_price = Decimal("39.99")
    editor.load(private)
    assert not editor.price_tax.isVisible() and "TTC" in editor.price_unit.text()
    out = Case()
    editor.apply(out)
    assert out.contract.price_tax is TaxBasis.TTC
    company = business_case()
    company.contract.monthly_price = Decimal("50.00")
    company.contract.price_tax = TaxBasis.HT
    company.contract.vat_rate = Decimal("20.00")
    editor.load(company)
    assert editor.price_tax.isVisible()
    editor.price_tax.rate.setValue(8.5)
    out = business_case()
    editor.apply(out)
    assert (out.contract.price_tax, out.contract.vat_rate) == (TaxBasis.HT, Decimal("8.50"))


def test_invoice_lines_ht_for_a_business(qtbot):
    from dispute.model import InvoiceLine
    from gui.editors.invoices import InvoiceLinesEditor

    editor = InvoiceLinesEditor()
    qtbot.addWidget(editor)
    editor.show()
    company = business_case()
    company.invoice_lines = [InvoiceLine(invoice_number="F1", amount_billed=Decimal("120.00"),
                                         amount_disputed=Decimal("100.00"),
                                         tax_basis=TaxBasis.HT)]
    out = round_trip(editor, company)
    assert not editor.cards[0].tax.isHidden()
    assert out.invoice_lines[0].tax_basis is TaxBasis.HT
    private = Case()
    private.invoice_lines = [InvoiceLine(invoice_number="F2", amount_billed=Decimal("30.00"),
                                         amount_disputed=Decimal("30.00"))]
    out = round_trip(editor, private)
    assert editor.cards[0].tax.isHidden()
    assert out.invoice_lines[0].tax_basis is TaxBasis.TTC


def test_business_totals_never_add_ht_to_ttc(qtbot):
    """100 € HT and 60 € TTC are « 150 € HT (180 € TTC) » — not « 160 € », and never
    « HT, soit … TTC » (the letters' wording: documents.money.amount_words)."""
    from dispute.model import InvoiceLine
    from gui.editors.credits import CreditsEditor
    from gui.editors.invoices import InvoiceLinesEditor

    company = business_case()
    company.invoice_lines = [
        InvoiceLine(invoice_number="F1", amount_billed=Decimal("100.00"),
                    amount_disputed=Decimal("100.00"), tax_basis=TaxBasis.HT),
        InvoiceLine(invoice_number="F2", amount_billed=Decimal("60.00"),
                    amount_disputed=Decimal("60.00"), tax_basis=TaxBasis.TTC)]
    company.credits = [
        Credit(kind=CreditKind.GESTURE, amount=Decimal("10.00"), tax_basis=TaxBasis.HT,
               deducted=True),
        Credit(kind=CreditKind.CREDIT, amount=Decimal("6.00"), tax_basis=TaxBasis.TTC,
               deducted=True)]
    invoices = InvoiceLinesEditor()
    qtbot.addWidget(invoices)
    invoices.load(company)
    assert invoices.total.text().replace("\u00a0", " ") == (
        "Total contesté : 150,00 € HT (180,00 € TTC)")
    credits = CreditsEditor()
    qtbot.addWidget(credits)
    credits.load(company)
    assert credits.total.text().replace("\u00a0", " ") == (
        "Déduit du montant réclamé : 15,00 € HT (18,00 € TTC)")


def test_credits_received_round_trip_and_total(qtbot):
    from gui.editors.credits import CreditsEditor

    editor = CreditsEditor()
    qtbot.addWidget(editor)
    editor.show()
    case = Case()
    answer = Event(kind=EventKind.ANSWER, date=date(2026, 2, 28), summary="Geste de 20 €")
    case.events = [answer]
    case.credits = [
        Credit(kind=CreditKind.GESTURE, amount=Decimal("20.00"), date=date(2026, 2, 28),
               event_id=answer.id, deducted=True),
        Credit(kind=CreditKind.CREDIT, amount=Decimal("12.50"), invoice_number="F-03",
               deducted=False, note="sur la facture de mars")]
    editor.load(case)
    assert "20,00\u00a0€\u00a0TTC" in editor.total.text()  # only what is deducted
    out = Case()
    editor.apply(out)
    assert [(c.kind, c.amount, c.event_id, c.deducted) for c in out.credits] == [
        (CreditKind.GESTURE, Decimal("20.00"), answer.id, True),
        (CreditKind.CREDIT, Decimal("12.50"), "", False)]
    assert out.credits[1].invoice_number == "F-03"
    assert out.credits[0].id == case.credits[0].id  # the same credits, edited
    editor.add_button.click()
    assert len(editor.cards) == 3
    assert any(i.path == "credits[2].amount" for i in editor.widget_issues())  # no amount yet


def test_mediator_opinion_sets_the_answer_date(qtbot):
    from gui.editors.event_dialog import EventDialog

    opinion = Event(kind=EventKind.MEDIATOR_OPINION, date=date(2026, 3, 2),
                    response_due=date(2026, 4, 1))
    dialog = EventDialog(opinion, TODAY, exhibits={})
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.response_due.isVisible()
    assert dialog.edited_event().response_due == date(2026, 4, 1)
    dialog.kind.setCurrentIndex(dialog.kind.findData(EventKind.CALL.value))
    assert not dialog.response_due.isVisible()
    assert dialog.edited_event().response_due is None


@pytest.mark.parametrize("value", [True, False, None])
def test_contract_concluded_at_a_distance(qtbot, value):
    """Case model v4 (review2 5.2): the letters cite LCEN art. 15 I only for a contract
    concluded at a distance; « non précisé » stays unsaid."""
    from gui.editors.contract import ContractEditor

    editor = ContractEditor()
    qtbot.addWidget(editor)
    case = Case()
    case.contract.distance = value
    editor.load(case)
    assert editor.distance.currentData() is value
    out = Case()
    out.contract.distance = not value if value is not None else True
    editor.apply(out)
    assert out.contract.distance is value

"""A business reads its invoices HT: new amounts default to HT (20 % VAT) for a business, TTC
for a private subscriber. Switching the subscriber's kind before an amount is typed updates the
default; an amount already typed keeps its basis (the lead's review, 3 December 2026: the
contract step showed « Prix mensuel … TTC » for a SARL)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dispute.amounts import default_tax_basis, default_untyped_amounts
from dispute.model import Case, Credit, InvoiceLine, SubscriberKind, TaxBasis

TODAY = date(2026, 12, 3)


def test_default_basis_and_untyped_amounts_follow_the_kind():
    assert default_tax_basis(True) is TaxBasis.HT and default_tax_basis(False) is TaxBasis.TTC
    case = Case()
    case.subscriber.kind = SubscriberKind.BUSINESS
    case.invoice_lines = [InvoiceLine(), InvoiceLine(amount_billed=Decimal("30.00"),
                                                     amount_disputed=Decimal("30.00"))]
    case.credits = [Credit(), Credit(amount=Decimal("5.00"), vat_rate=Decimal("10.00"))]
    default_untyped_amounts(case)
    assert case.contract.price_tax is TaxBasis.HT and case.contract.vat_rate == Decimal("20.00")
    assert [il.tax_basis for il in case.invoice_lines] == [TaxBasis.HT, TaxBasis.TTC]
    assert [c.tax_basis for c in case.credits] == [TaxBasis.HT, TaxBasis.TTC]
    assert case.credits[1].vat_rate == Decimal("10.00")
    # a price typed, then back to a private subscriber: the typed one keeps HT
    case.contract.monthly_price = Decimal("39.99")
    case.subscriber.kind = SubscriberKind.PRIVATE
    default_untyped_amounts(case)
    assert case.contract.price_tax is TaxBasis.HT
    assert [il.tax_basis for il in case.invoice_lines] == [TaxBasis.TTC, TaxBasis.TTC]
    assert [c.tax_basis for c in case.credits] == [TaxBasis.TTC, TaxBasis.TTC]


pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QWizard  # noqa: E402

from gui.wizard import PAGE_CONTRACT, PAGE_SUBSCRIBER, CaseWizard  # noqa: E402
from store.store import CaseStore  # noqa: E402

NEXT = QWizard.WizardButton.NextButton


@pytest.fixture
def store(tmp_path):
    with CaseStore.open(tmp_path / "data", durable=False) as s:
        yield s


def _wizard(qtbot, store) -> CaseWizard:
    wizard = CaseWizard(store, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def _to_contract(qtbot, wizard, business: bool) -> None:
    editor = wizard.subscriber_editor
    (editor.business if business else editor.private).click()
    if not editor.name.text():
        qtbot.keyClicks(editor.name, "Garage Martin SARL")
    assert wizard.button(NEXT).isEnabled(), wizard.currentPage().footer.text()
    qtbot.mouseClick(wizard.button(NEXT), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PAGE_CONTRACT


def test_a_business_contract_price_defaults_to_ht(qtbot, store, answers):
    wizard = _wizard(qtbot, store)
    _to_contract(qtbot, wizard, business=True)
    contract = wizard.contract_editor
    assert contract.price_tax.isVisibleTo(wizard)
    assert contract.price_tax.basis.currentText() == "HT"
    assert contract.price_tax.rate.value() == 20.0 and contract.price_tax.rate.isEnabled()
    qtbot.keyClicks(contract.price, "45")
    wizard.currentPage().refresh()
    assert wizard.case.contract.price_tax is TaxBasis.HT
    assert wizard.case.contract.monthly_price == Decimal("45")
    # back to page 1: the kind switched back and forth, the typed price keeps HT
    wizard.back()
    assert wizard.currentId() == PAGE_SUBSCRIBER
    wizard.subscriber_editor.private.click()
    wizard.subscriber_editor.business.click()
    assert wizard.case.contract.price_tax is TaxBasis.HT
    assert wizard.case.contract.monthly_price == Decimal("45")


def test_switching_the_kind_before_a_price_is_typed_updates_the_default(qtbot, store, answers):
    wizard = _wizard(qtbot, store)
    wizard.subscriber_editor.business.click()
    assert wizard.case.contract.price_tax is TaxBasis.HT
    _to_contract(qtbot, wizard, business=False)  # changed their mind: a private person
    contract = wizard.contract_editor
    assert not contract.price_tax.isVisibleTo(wizard)
    assert contract.price_unit.text() == "€ TTC par mois"
    assert wizard.case.contract.price_tax is TaxBasis.TTC
    wizard.back()
    _to_contract(qtbot, wizard, business=True)
    assert contract.price_tax.basis.currentText() == "HT"


@pytest.mark.parametrize("business", [True, False])
def test_new_invoice_lines_and_credits_take_the_subscriber_s_default(qtbot, store, answers,
                                                                     business):
    wizard = _wizard(qtbot, store)
    wizard.subscriber_editor.business.click() if business else None
    case = wizard.case
    invoices, credits = wizard.invoices_editor, wizard.credits_editor
    invoices.load(case)
    invoices.add_button.click()
    credits.load(case)
    credits.add_button.click()
    expected = "ht" if business else "ttc"
    assert invoices.cards[0].tax.values()[0] == expected
    assert credits.cards[0].tax.values()[0] == expected
    assert invoices.cards[0].invoice_line().tax_basis is TaxBasis(expected)
    assert credits.cards[0].value().tax_basis is TaxBasis(expected)
    assert invoices.cards[0].tax.values()[1] == Decimal("20.00")
    if business:
        assert "HT" in invoices.total.text()

"""Amounts before tax (HT) and all taxes included (TTC).

A business enters its prices and invoice lines as they appear on its invoices, HT by default
(``default_tax_basis``); a private subscriber's amounts are TTC. ``dispute.model`` records which (``TaxBasis``) with the
VAT rate (20 % by default for telecom services). These helpers convert and add such amounts
without losing which basis a figure is on. Rounding: to the cent, half up (the usual
invoicing rounding).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from dispute.model import Case, TaxBasis

CENT = Decimal("0.01")
DEFAULT_VAT_RATE = Decimal("20.00")


def _factor(vat_rate: Decimal) -> Decimal:
    return Decimal(1) + vat_rate / Decimal(100)


def to_ttc(amount: Decimal, basis: TaxBasis, vat_rate: Decimal = DEFAULT_VAT_RATE) -> Decimal:
    """The amount all taxes included."""
    if basis is TaxBasis.TTC:
        return amount.quantize(CENT, ROUND_HALF_UP)
    return (amount * _factor(vat_rate)).quantize(CENT, ROUND_HALF_UP)


def to_ht(amount: Decimal, basis: TaxBasis, vat_rate: Decimal = DEFAULT_VAT_RATE) -> Decimal:
    """The amount before tax."""
    if basis is TaxBasis.HT:
        return amount.quantize(CENT, ROUND_HALF_UP)
    return (amount / _factor(vat_rate)).quantize(CENT, ROUND_HALF_UP)


def in_basis(amount: Decimal, basis: TaxBasis, vat_rate: Decimal, target: TaxBasis) -> Decimal:
    """The amount converted to ``target`` (HT or TTC)."""
    if target is TaxBasis.HT:
        return to_ht(amount, basis, vat_rate)
    return to_ttc(amount, basis, vat_rate)


def default_tax_basis(business: bool) -> TaxBasis:
    """The basis a new amount is typed on: HT for a business (a company reads its invoices
    before tax, at 20 % VAT by default), TTC for a private subscriber."""
    return TaxBasis.HT if business else TaxBasis.TTC


def default_untyped_amounts(case: Case) -> None:
    """Give every amount not typed yet the subscriber's default basis (``default_tax_basis``):
    the monthly price when it is empty, an invoice line whose amounts are both nil, a credit
    of nil. Called when the subscriber's kind changes in the wizard; an amount already typed
    keeps its basis (and its VAT rate) whatever the kind."""
    basis = default_tax_basis(case.is_business)
    if case.contract.monthly_price is None:
        case.contract.price_tax = basis
    for line in case.invoice_lines:
        if not line.amount_billed and not line.amount_disputed:
            line.tax_basis = basis
    for credit in case.credits:
        if not credit.amount:
            credit.tax_basis = basis

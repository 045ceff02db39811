"""Amounts before tax (HT) and all taxes included (TTC).

A business enters its prices and invoice lines as they appear on its invoices, often HT; a
private subscriber's amounts are TTC. ``dispute.model`` records which (``TaxBasis``) with the
VAT rate (20 % by default for telecom services). These helpers convert and add such amounts
without losing which basis a figure is on. Rounding: to the cent, half up (the usual
invoicing rounding).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from dispute.model import TaxBasis

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

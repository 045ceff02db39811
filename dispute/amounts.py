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


def percent_text(rate: Decimal) -> str:
    """``Decimal("20.00")`` → ``"20"``, ``Decimal("5.50")`` → ``"5,5"``."""
    return f"{rate:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def private_ht_issues(case: Case) -> list:
    """A private subscriber's amounts recorded HT (typed while the subscriber was a business,
    or imported so): kept as typed — switching the kind never relabels nor converts an amount
    — and said, with the TTC figure the letters print (``documents.money``), as warnings
    (``dispute.validation.ValidationIssue``) under the amount."""
    if case.is_business:
        return []
    from dispute.validation import Severity, ValidationIssue, format_euros

    def said(path: str, amounts: list[tuple[Decimal | None, str]], basis: TaxBasis,
             rate: Decimal) -> ValidationIssue | None:
        typed = [(a, what) for a, what in amounts
                 if isinstance(a, Decimal) and a.is_finite() and a > 0]
        if basis is not TaxBasis.HT or not typed or not (0 <= rate <= 100):
            return None
        printed = ", ".join(f"{format_euros(to_ttc(a, basis, rate))}\u00a0TTC{what}"
                            for a, what in typed)
        return ValidationIssue(
            path, f"Montant saisi HT (TVA {percent_text(rate)}\u00a0%) : un particulier paie "
            f"TTC, les courriers indiqueront {printed}. Choisissez «\u00a0TTC\u00a0» si la "
            "facture l'indique déjà TTC.", Severity.WARNING, "amount.ht_for_private")

    found = [said("contract.monthly_price", [(case.contract.monthly_price, "")],
                  case.contract.price_tax, case.contract.vat_rate)]
    found += [said(f"invoice_lines[{i}].tax_basis",
                   [(line.amount_billed, " facturés"), (line.amount_disputed, " contestés")],
                   line.tax_basis, line.vat_rate)
              for i, line in enumerate(case.invoice_lines)]
    found += [said(f"credits[{i}].tax_basis", [(credit.amount, "")], credit.tax_basis,
                   credit.vat_rate) for i, credit in enumerate(case.credits)]
    return [issue for issue in found if issue is not None]

"""The amounts a letter claims: HT and TTC, and what the operator already gave.

A business states its amounts « X € HT, soit Y € TTC » (its invoices are HT, and a claim
without the basis is ambiguous); a private subscriber's amounts are TTC and printed without
the mention. Credits, refunds and commercial gestures already received (``Case.credits``)
are deducted from the claim when marked so, else explained. The same totals feed the
letters, the chronology and the exhibit index (:func:`claim_totals`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from dispute.amounts import to_ht, to_ttc
from dispute.calendar import format_date_fr
from dispute.model import Case, Credit, CreditKind, TaxBasis
from documents.text import NBSP, clean_line, format_euros

if TYPE_CHECKING:
    from documents.letters.core import Notes

TO_FILL = "[à compléter]"


def line(value: object) -> str:
    return clean_line(value)


def euros(amount: Decimal, notes: Notes | None = None) -> str:
    try:
        return format_euros(amount)
    except ValueError:
        if notes is not None:
            notes.add(f"Montant illisible ({amount!r}) : corrigez-le dans le dossier.")
        return TO_FILL


def join_fr(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} et {items[-1]}"

ZERO = Decimal("0.00")

CREDIT_NOUNS = {CreditKind.CREDIT: "l'avoir", CreditKind.REFUND: "le remboursement",
                CreditKind.GESTURE: "le geste commercial"}


@dataclass(frozen=True)
class Amount:
    """An amount on both bases (rounded to the cent)."""

    ht: Decimal = ZERO
    ttc: Decimal = ZERO

    def __add__(self, other: Amount) -> Amount:
        return Amount(self.ht + other.ht, self.ttc + other.ttc)

    def __sub__(self, other: Amount) -> Amount:
        return Amount(self.ht - other.ht, self.ttc - other.ttc)

    @property
    def positive(self) -> bool:
        return self.ttc > 0


def amount_of(value: Decimal, basis: TaxBasis, vat_rate: Decimal) -> Amount:
    try:
        return Amount(to_ht(value, basis, vat_rate), to_ttc(value, basis, vat_rate))
    except (ArithmeticError, TypeError, ValueError):
        return Amount()


@dataclass(frozen=True)
class ClaimTotals:
    disputed: Amount  # the disputed invoice lines
    deducted: Amount  # the credits received and deducted
    credits_deducted: tuple[Credit, ...]
    credits_explained: tuple[Credit, ...]

    @property
    def claimed(self) -> Amount:
        return self.disputed - self.deducted


def claim_totals(case: Case) -> ClaimTotals:
    disputed = Amount()
    for il in case.invoice_lines:
        disputed += amount_of(il.amount_disputed, il.tax_basis, il.vat_rate)
    deducted = Amount()
    kept, explained = [], []
    for c in case.credits:
        if c.amount <= 0:
            continue
        if c.deducted and case.invoice_lines:
            deducted += amount_of(c.amount, c.tax_basis, c.vat_rate)
            kept.append(c)
        else:
            explained.append(c)
    return ClaimTotals(disputed, deducted, tuple(kept), tuple(explained))


def amount_text(case: Case, amount: Amount, notes: Notes | None = None) -> str:
    """« 151,36 € HT, soit 181,63 € TTC » for a business, « 55,02 € » otherwise."""
    if case.is_business:
        return f"{euros(amount.ht, notes)}{NBSP}HT, soit {euros(amount.ttc, notes)}{NBSP}TTC"
    return euros(amount.ttc, notes)


def single_amount_text(case: Case, value: Decimal, basis: TaxBasis, vat_rate: Decimal,
                       notes: Notes | None = None) -> str:
    """One amount as entered: « 89,00 € HT » for a business, TTC otherwise."""
    if case.is_business:
        return f"{euros(value, notes)}{NBSP}{'HT' if basis is TaxBasis.HT else 'TTC'}"
    return euros(to_ttc(value, basis, vat_rate) if basis is TaxBasis.HT else value, notes)


def _credit_phrase(case: Case, c: Credit, notes: Notes | None) -> str:
    text = (f"{CREDIT_NOUNS[c.kind]} de "
            f"{single_amount_text(case, c.amount, c.tax_basis, c.vat_rate, notes)}")
    if c.date is not None:
        text += f" accordé le {format_date_fr(c.date)}"
    if line(c.invoice_number):
        text += f" (facture n°{NBSP}{line(c.invoice_number)})"
    return text


def claimed_text(case: Case, notes: Notes | None = None) -> str:
    """The amount claimed, net of the credits deducted, saying what was deducted:
    « 45,02 €, déduction faite du geste commercial de 10,00 € accordé le 15 juin 2026 »."""
    totals = claim_totals(case)
    if totals.deducted.ttc > totals.disputed.ttc and notes is not None:
        notes.add("Les avoirs et gestes déduits dépassent le montant contesté : vérifiez-les.")
    text = amount_text(case, totals.claimed, notes)
    if totals.credits_deducted:
        phrases = [_credit_phrase(case, c, notes) for c in totals.credits_deducted]
        text += (f" ({amount_text(case, totals.disputed, notes)} contestés, déduction faite "
                 f"{_de(join_fr(phrases))})")
    return text


def _de(phrase: str) -> str:
    """« de » + a phrase starting with « le », « les » or « l' »."""
    if phrase.startswith("le "):
        return "du " + phrase[3:]
    if phrase.startswith("les "):
        return "des " + phrase[4:]
    return "de " + phrase


def explained_credits(case: Case, notes: Notes | None = None) -> list[str]:
    """A sentence for each credit received but not deducted (it concerns another line, or
    the user chose to explain it only)."""
    out = []
    for c in claim_totals(case).credits_explained:
        phrase = _credit_phrase(case, c, notes)
        if not case.invoice_lines:
            out.append(f"Pour mémoire : {phrase}.")
            continue
        why = f" : {line(c.note)}" if line(c.note) else ""
        text = f"{phrase[:1].upper()}{phrase[1:]} n'est pas déduit de la présente demande{why}"
        out.append(text if text.endswith((".", "!", "?")) else text + ".")
    return out

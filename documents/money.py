"""The amounts a letter claims: HT and TTC, and what the operator already gave.

A business states its amounts « X € HT (Y € TTC) » (its invoices are HT, and a claim
without the basis is ambiguous; « soit X € HT, soit Y € TTC » would read as an alternative);
a private subscriber's amounts are TTC and printed without the mention. Credits, refunds
and commercial gestures already received (``Case.credits``) are deducted from the claim when
marked so, else explained where that helps the subscriber. The same totals feed the
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
    """The quantified claim and the credits set against it. ``on_prorata``: no invoice line is
    entered and the claim is the subscription's prorata for the days without service; every
    credit received is then set against it (review3 1.0, 2.1: a gesture received covers the
    refund first, its surplus comes off the indemnity still to quantify)."""

    disputed: Amount  # the disputed invoice lines, or the prorata
    deducted: Amount  # the credits received and deducted
    credits_deducted: tuple[Credit, ...]
    credits_explained: tuple[Credit, ...]
    on_prorata: bool = False

    @property
    def claimed(self) -> Amount:
        return self.disputed - self.deducted

    @property
    def remaining(self) -> Amount:
        """What is still claimed, never below zero."""
        left = self.claimed
        return Amount(max(left.ht, ZERO), max(left.ttc, ZERO))

    @property
    def surplus(self) -> Amount:
        """The credits beyond the claim (zero when they do not exceed it)."""
        left = self.claimed
        return Amount(max(-left.ht, ZERO), max(-left.ttc, ZERO))


def claim_totals(case: Case, prorata: Amount | None = None) -> ClaimTotals:
    """The disputed invoice lines and the credits marked deducted from them; without invoice
    lines and with the ``prorata`` computed by ``letters.claims.prorata_sum``, the prorata and
    every credit received (``letters.claims.settlement`` decides which: call it, not this,
    from a letter)."""
    if not case.invoice_lines and prorata is not None and prorata.positive:
        credits = tuple(c for c in case.credits if c.amount > 0)
        deducted = Amount()
        for c in credits:
            deducted += amount_of(c.amount, c.tax_basis, c.vat_rate)
        return ClaimTotals(prorata, deducted, credits, (), on_prorata=True)
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


def amount_words(amount: Amount, business: bool, notes: Notes | None = None, *,
                 say_ttc: bool = False) -> str:
    """The one wording of an amount on both bases, for the letters, the chronology and the
    app's screens (``gui.amount_text``): « 151,36 € HT (181,63 € TTC) » for a business; for a
    private subscriber the TTC amount, « 55,02 € », with « TTC » only when ``say_ttc`` (the
    screens, where an amount may have been typed HT; a consumer's letter states prices TTC).

    Never « 151,36 € HT, soit 181,63 € TTC »: in French « soit…, soit… » reads as an
    alternative, and a claim must name one sum (review of the letters, T1)."""
    if business:
        return f"{euros(amount.ht, notes)}{NBSP}HT ({euros(amount.ttc, notes)}{NBSP}TTC)"
    return f"{euros(amount.ttc, notes)}{NBSP}TTC" if say_ttc else euros(amount.ttc, notes)


def amount_text(case: Case, amount: Amount, notes: Notes | None = None) -> str:
    """« 151,36 € HT (181,63 € TTC) » for a business, « 55,02 € » otherwise
    (:func:`amount_words`)."""
    return amount_words(amount, case.is_business, notes)


def basis_text(case: Case, amount: Amount, notes: Notes | None = None) -> str:
    """An amount on the subscriber's one basis, for a figure inside a calculation or a
    bracket: « 38,63 € HT » for a business, « 55,02 € » otherwise (never « 38,63 € HT
    (46,36 € TTC) » inside brackets: review T1)."""
    if case.is_business:
        return f"{euros(amount.ht, notes)}{NBSP}HT"
    return euros(amount.ttc, notes)


def single_amount_text(case: Case, value: Decimal, basis: TaxBasis, vat_rate: Decimal,
                       notes: Notes | None = None) -> str:
    """One amount as entered: « 89,00 € HT » for a business, TTC otherwise. A business's
    amount typed TTC reads HT first, « 47,36 € HT (56,83 € TTC) »: its totals are HT, and a
    table « 89,00 € HT | 56,83 € TTC | 15,00 € HT | Total 151,36 € HT » does not add up for
    its reader (review2 17.1)."""
    if case.is_business:
        if basis is TaxBasis.HT:
            return f"{euros(value, notes)}{NBSP}HT"
        return amount_text(case, amount_of(value, basis, vat_rate), notes)
    return euros(to_ttc(value, basis, vat_rate) if basis is TaxBasis.HT else value, notes)


def credit_phrase(case: Case, c: Credit, notes: Notes | None) -> str:
    """« l'avoir de 5,00 € accordé le 20 septembre 2026 sur la facture n° M-0926 » (no
    brackets: the phrase is itself inside a sentence about an amount)."""
    text = (f"{CREDIT_NOUNS[c.kind]} de "
            f"{single_amount_text(case, c.amount, c.tax_basis, c.vat_rate, notes)}")
    if c.date is not None:
        text += f" accordé le {format_date_fr(c.date)}"
    if line(c.invoice_number):
        text += f" sur la facture n°{NBSP}{line(c.invoice_number)}"
    return text


def net_claimed_text(case: Case, notes: Notes | None = None) -> str:
    """The amount claimed, net of the credits deducted, alone: « 69,99 € HT (83,99 € TTC) »."""
    totals = claim_totals(case)
    if totals.deducted.ttc > totals.disputed.ttc and notes is not None:
        notes.add("Les avoirs et gestes déduits dépassent le montant contesté : vérifiez-les.")
    return amount_text(case, totals.claimed, notes)


def deduction_text(case: Case, notes: Notes | None = None) -> str:
    """How the net amount is reached, when credits are deducted (else ""): « 79,99 € HT
    (95,99 € TTC) contestés, moins l'avoir de 10,00 € HT accordé le 20 août 2026 sur la
    facture n° FP-07 »."""
    totals = claim_totals(case)
    if not totals.credits_deducted:
        return ""
    phrases = [credit_phrase(case, c, notes) for c in totals.credits_deducted]
    return f"{amount_text(case, totals.disputed, notes)} contestés, moins {join_fr(phrases)}"


def claimed_text(case: Case, notes: Notes | None = None) -> str:
    """The amount claimed, net of the credits deducted, then how it is reached, after a
    colon and without nested brackets (review T1, T6): « 19,99 € : 24,99 € contestés, moins
    l'avoir de 5,00 € accordé le 20 septembre 2026 sur la facture n° M-0926 ». Put it at the
    end of a sentence or of an enumeration item."""
    text = net_claimed_text(case, notes)
    how = deduction_text(case, notes)
    return f"{text} : {how}" if how else text


def principal_text(case: Case, notes: Notes | None = None) -> tuple[str, str]:
    """The one sum a court is asked for, and how it is reached in a sentence of its own
    (review2 3.1, 14.1: « Montant total demandé en principal : 45,02 € : 55,02 € contestés… »
    read as two sums). A business claims the TTC it paid back: (« 163,63 € TTC », « Ce
    montant correspond à 136,36 € HT : 151,36 € HT (181,63 € TTC) contestés, moins l'avoir de
    15,00 € HT accordé le 30 avril 2026. »); a private subscriber (« 45,02 € », « Ce montant
    correspond à 55,02 € contestés, moins le geste commercial de 10,00 € accordé le 15 juin
    2026. »); the second is "" when there is nothing to explain."""
    totals = claim_totals(case)
    net = net_claimed_text(case, notes)  # warns when the credits exceed the claim
    how = deduction_text(case, notes)
    if not case.is_business:
        return net, f"Ce montant correspond à {how}." if how else ""
    principal = f"{euros(totals.claimed.ttc, notes)}{NBSP}TTC"
    ht = f"{euros(totals.claimed.ht, notes)}{NBSP}HT"
    return principal, f"Ce montant correspond à {ht}" + (f" : {how}." if how else ".")


def remaining_sentence(case: Case, notes: Notes | None = None) -> str:
    """For a report that claims nothing (the DGCCRF): « Le montant contesté est de 55,02 € ;
    déduction faite du geste commercial de 10,00 € accordé le 15 juin 2026, il reste 45,02 €
    en litige. » (review2 7.2: « s'élève à 45,02 € : 55,02 € contestés » gave two sums)."""
    totals = claim_totals(case)
    disputed = amount_text(case, totals.disputed, notes)
    if not totals.credits_deducted:
        return f"Le montant contesté s'élève à {disputed}."
    return (f"Le montant contesté est de {disputed} ; déduction faite "
            f"{deducted_of(case, notes)}, il reste {net_claimed_text(case, notes)} en litige.")


def deducted_of(case: Case, notes: Notes | None = None) -> str:
    """The credits deducted after « déduction faite »: « du geste commercial de 10,00 €
    accordé le 15 juin 2026 », « de l'avoir de … »."""
    phrases = join_fr([credit_phrase(case, c, notes)
                       for c in claim_totals(case).credits_deducted])
    # the credit nouns start with « le » or « l' » (CREDIT_NOUNS): « du geste », « de l'avoir »
    return f"du {phrases[3:]}" if phrases.startswith("le ") else f"de {phrases}"


def explained_credits(case: Case, notes: Notes | None = None, *,
                      report: bool = False) -> list[str]:
    """A sentence for each credit received but not deducted, when saying it helps the
    subscriber (review T5). The user's own note on the credit is never printed (it is
    written for the user), nor is a sentence telling the operator a gesture « is not
    deducted » (that invites the operator to deduct it):

    - no disputed invoice line (an indemnity not yet quantified): the credit does not repair
      the harm and will come off the final indemnity;
    - an avoir or a refund (it appears on the operator's invoices): it concerns another sum
      than the ones claimed, so nothing is to be deducted;
    - a commercial gesture next to a quantified claim: not mentioned; the user is told why
      (the letters are never the place to decide it for the user).

    ``report``: a report to an authority (the DGCCRF) claims nothing; the avoir is said to be
    accounted for in the disputed amount (review 8.1)."""
    out = []
    for c in claim_totals(case).credits_explained:
        phrase = credit_phrase(case, c, notes)
        subject = f"{phrase[:1].upper()}{phrase[1:]}"
        if not case.invoice_lines:
            out.append(f"{subject} ne répare pas le préjudice subi ; il viendra en déduction "
                       "de l'indemnisation finale.")
        elif c.kind is CreditKind.GESTURE:
            if notes is not None:
                notes.add(f"{subject}, non déduit, n'est pas mentionné dans le courrier : "
                          "écrire à l'opérateur qu'un geste n'est pas déduit l'invite à le "
                          "déduire. S'il répare une partie des sommes réclamées, marquez-le "
                          "« déduit » dans le dossier.")
        elif report:
            out.append(f"{subject} portait sur d'autres sommes que celles contestées : le "
                       "montant contesté en tient compte.")
        else:
            out.append(f"{subject} portait sur d'autres sommes que celles réclamées ici : "
                       "il n'y a donc rien à en déduire.")
    return out

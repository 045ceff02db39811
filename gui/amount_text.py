"""Totals of amounts entered HT or TTC, said with their basis, for the editors and the case
view, in the letters' own wording (``documents.money.amount_words``, one function).

HT and TTC amounts are never added as they are: each is converted with its own VAT rate
(``dispute.amounts``), then a business reads « 151,36 € HT (181,63 € TTC) » and a private
subscriber, whose amounts are TTC, « 55,02 € TTC » (the screens say TTC: an amount may have
been typed HT).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from dispute.model import Case, TaxBasis


def amount_words(amount, business: bool) -> str:
    """A ``documents.money.Amount`` as the user reads it (see the module docstring)."""
    from documents.money import amount_words as words

    return words(amount, business, say_ttc=True)


def total_text(items: Iterable[tuple[Decimal | None, TaxBasis, Decimal]],
               business: bool) -> str:
    """The total of ``(amount, basis, VAT rate)`` items (an amount not typed yet counts 0)."""
    from documents.money import Amount, amount_of

    total = Amount()
    for value, basis, rate in items:
        if value is not None:
            total += amount_of(value, basis, rate)
    return amount_words(total, business)


def disputed_text(case: Case) -> str:
    """What the case disputes, and what it claims once the credits received are deducted:
    « 151,36 € HT (181,63 € TTC) contestés ; 131,36 € HT (157,63 € TTC) réclamés après
    déduction des avoirs et gestes reçus »."""
    from documents.money import claim_totals

    totals = claim_totals(case)
    text = f"{amount_words(totals.disputed, case.is_business)} contestés"
    if totals.credits_deducted:
        text += (f" ; {amount_words(totals.claimed, case.is_business)} réclamés après "
                 "déduction des avoirs et gestes reçus")
    return text

"""One wording for an amount on both bases, shared by the letters (``documents.money``)
and the app's screens (``gui.amount_text``): « 151,36 € HT (181,63 € TTC) ». The case sheet
used to say « 151,36 € HT, soit 181,63 € TTC », which French reads as an alternative
(review T1)."""

from __future__ import annotations

import copy
from decimal import Decimal

from dispute.model import BusinessForm, Civility, TaxBasis
from documents.money import Amount, amount_text, amount_words, claim_totals
from documents.text import plain
from gui.amount_text import disputed_text, total_text
from tests.letter_matrix import _business, _private


def test_the_case_sheet_says_amounts_as_the_letters_do():
    case = _business(BusinessForm.COMPANY)
    totals = claim_totals(case)
    letters = plain(amount_text(case, totals.disputed))
    assert letters == plain(amount_words(totals.disputed, True))
    sheet = plain(disputed_text(case))
    assert sheet.startswith(f"{letters} contestés"), sheet
    assert "soit" not in sheet
    total = plain(total_text([(Decimal("100.00"), TaxBasis.HT, Decimal("20")),
                              (Decimal("60.00"), TaxBasis.TTC, Decimal("20"))], True))
    assert total == "150,00 € HT (180,00 € TTC)"


def test_a_private_subscriber_s_amount_is_ttc_said_on_the_screens_only():
    case = copy.deepcopy(_private(Civility.MRS, "Claire Fontaine", False))
    amount = Amount(Decimal("45.85"), Decimal("55.02"))
    assert plain(amount_text(case, amount)) == "55,02 €"  # the letters: no mention
    assert plain(amount_words(amount, False, say_ttc=True)) == "55,02 € TTC"  # the screens
    assert plain(disputed_text(case)).startswith("55,02 € TTC contestés")

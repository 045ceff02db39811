"""The L.224-42-1 compensation request (issue 9, point 6): its exact scope (portability or a
change of provider only), paid on request within 30 days, 1/5 of the monthly price TTC per
day of delay."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dispute.model import BusinessForm, Civility, DisputeNature, Event, EventKind, TaxBasis
from dispute.procedure import assess
from documents.letter_settings import LetterSettings
from documents.letters import LetterKind, available_letters, compose_letter
from tests.letter_matrix import _business, _private
from tests.test_letters_practitioner import text_of

DAY = date(2026, 9, 15)


def _ported(case):
    case.natures = [DisputeNature.PORTABILITY]
    case.events = [e for e in case.events if e.kind is not EventKind.OUTAGE]
    case.events.append(Event(kind=EventKind.OUTAGE, date=date(2026, 6, 1),
                             end_date=date(2026, 6, 11)))
    return case


def status(case):
    return {a.kind: a for a in available_letters(case, assess(case, DAY))}[
        LetterKind.PORTABILITY_COMPENSATION]


def test_only_for_a_portability_or_a_change_of_provider() -> None:
    case = _private(Civility.MRS, "Claire Fontaine", False)
    assert not status(case).available and "portage" in status(case).reason
    assert status(_ported(case)).available
    assert "30 jours" in status(case).reason
    business = _ported(_business(BusinessForm.COMPANY))
    assert not status(business).available and "pas confirmée" in status(business).reason


def test_the_amount_is_a_fifth_of_the_monthly_price_ttc_per_day() -> None:
    case = _ported(_private(Civility.MRS, "Claire Fontaine", False))
    case.contract.monthly_price, case.contract.price_tax = Decimal("32.99"), TaxBasis.TTC
    composed = compose_letter(LetterKind.PORTABILITY_COMPENSATION, case, assess(case, DAY),
                              LetterSettings(), DAY)
    text = text_of(composed)
    # 1 to 11 June: 11 days, both ends included (dispute.outages, one rule for every letter)
    assert "11 jours" in text and "6,60 € par jour" in text and "72,60 €" in text  # 14.1
    assert "lié à une portabilité ou à un changement de fournisseur" in text
    assert "trente jours suivant la demande" in text
    assert any("fournisseur responsable" in w for w in composed.warnings)
    # An HT price is converted: 1/5 of the TTC price.
    case.contract.monthly_price, case.contract.price_tax = Decimal("50.00"), TaxBasis.HT
    text = text_of(compose_letter(LetterKind.PORTABILITY_COMPENSATION, case,
                                  assess(case, DAY), LetterSettings(), DAY))
    assert "12,00 € par jour" in text and "132,00 €" in text


def test_unknown_delay_and_price_stay_visible() -> None:
    case = _private(Civility.MR, "Jean Fontaine", False)
    case.natures = [DisputeNature.PORTABILITY]
    case.events = [e for e in case.events if e.kind is not EventKind.OUTAGE]
    case.contract.monthly_price = None
    composed = compose_letter(LetterKind.PORTABILITY_COMPENSATION, case, assess(case, DAY),
                              LetterSettings(), DAY)
    assert "[à compléter]" in text_of(composed)
    assert any("Durée du retard inconnue" in w for w in composed.warnings)
    assert any("Prix mensuel du contrat manquant" in w for w in composed.warnings)

"""The L.224-42-1 compensation request (issue 9, point 6): its exact scope (portability or a
change of provider only), paid on request within 30 days, 1/5 of the monthly price TTC per
day of delay."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dispute.model import BusinessForm, Civility, DisputeNature, Event, EventKind, TaxBasis
from dispute.portability import porting_due
from dispute.procedure import LetterState, assess
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
    case.portability_requested_on = date(2026, 6, 1)
    case.contract.monthly_price, case.contract.price_tax = Decimal("32.99"), TaxBasis.TTC
    composed = compose_letter(LetterKind.PORTABILITY_COMPENSATION, case, assess(case, DAY),
                              LetterSettings(), DAY)
    text = text_of(composed)
    # due 2 June, ported 11 June: 9 days of delay, 3 to 11 June (dispute.portability: the
    # days after the due date, not the interruption's 11 days; review2 11.1)
    assert "9 jours" in text and "6,60 € par jour" in text and "59,40 €" in text  # 14.1
    assert "lié à une portabilité ou à un changement de fournisseur" in text
    assert "trente jours suivant la demande" in text
    assert any("fournisseur responsable" in w for w in composed.warnings)
    # An HT price is converted: 1/5 of the TTC price.
    case.contract.monthly_price, case.contract.price_tax = Decimal("50.00"), TaxBasis.HT
    text = text_of(compose_letter(LetterKind.PORTABILITY_COMPENSATION, case,
                                  assess(case, DAY), LetterSettings(), DAY))
    assert "12,00 € par jour" in text and "108,00 €" in text


def test_unknown_delay_and_price_stay_visible() -> None:
    case = _private(Civility.MR, "Jean Fontaine", False)
    case.natures = [DisputeNature.PORTABILITY]
    case.events = [e for e in case.events if e.kind is not EventKind.OUTAGE]
    case.contract.monthly_price = None
    composed = compose_letter(LetterKind.PORTABILITY_COMPENSATION, case, assess(case, DAY),
                              LetterSettings(), DAY)
    assert "[à compléter]" in text_of(composed)
    assert any("non renseignée" in w for w in composed.warnings)
    assert any("Prix mensuel du contrat manquant" in w for w in composed.warnings)


# -- the day the portability was requested (case model v3) ------------------------------------


@pytest.mark.parametrize(("requested", "due"), [
    (date(2026, 12, 23), date(2026, 12, 24)),  # Wednesday → Thursday
    (date(2026, 12, 24), date(2026, 12, 26)),  # Christmas is no jour ouvrable; Saturday is
    (date(2026, 5, 16), date(2026, 5, 18)),  # Saturday → Monday (Sunday is not)
    (date(2026, 4, 30), date(2026, 5, 2)),  # 1 May → Saturday 2 May
    (date(2026, 12, 31), date(2027, 1, 2)),  # New Year's Day, across the year
    (date(2028, 2, 28), date(2028, 2, 29)),  # leap year
    (date(2026, 5, 24), date(2026, 5, 26)),  # Sunday → Pentecost Monday → Tuesday
])
def test_porting_is_due_one_jour_ouvrable_after_the_request(requested, due) -> None:
    assert porting_due(requested) == due


def _requested(case, on: date, outage=None):
    case.natures = [DisputeNature.PORTABILITY]
    case.events = [e for e in case.events if e.kind is not EventKind.OUTAGE]
    if outage is not None:
        case.events.append(Event(kind=EventKind.OUTAGE, date=outage[0], end_date=outage[1]))
    case.portability_requested_on = on
    return case


def _decision(case, today=DAY):
    return assess(case, today).letter(LetterKind.PORTABILITY_COMPENSATION.value)


def test_the_engine_counts_the_delay_from_the_request() -> None:
    case = _requested(_private(Civility.MRS, "Claire Fontaine", False), date(2026, 6, 1),
                      (date(2026, 6, 1), date(2026, 6, 11)))
    d = _decision(case)  # due Tuesday 2 June, ported 11 June: 9 days late
    assert d.state is LetterState.POSSIBLE
    assert "portage dû le 2 juin 2026" in d.reason and "9 jours de retard" in d.reason
    # ported on time: nothing to compensate for a delay
    case = _requested(case, date(2026, 6, 1), (date(2026, 6, 1), date(2026, 6, 2)))
    d = _decision(case)
    assert d.state is LetterState.NOT_APPLICABLE and "dans le délai" in d.reason
    # not ported, not due yet: premature, possible from the first day late
    case = _requested(case, date(2026, 9, 14))
    d = _decision(case, date(2026, 9, 15))
    assert d.state is LetterState.PREMATURE and d.possible_from == date(2026, 9, 16)
    # not ported and late: counted to today
    d = _decision(case, date(2026, 9, 18))
    assert d.state is LetterState.POSSIBLE and "toujours pas porté : 3 jours" in d.reason
    # an interruption ended before the request is no porting day
    case = _requested(case, date(2026, 6, 20), (date(2026, 6, 1), date(2026, 6, 11)))
    assert "toujours pas porté" in _decision(case, date(2026, 6, 25)).reason
    # no request date: possible, but says the delay cannot be checked
    case.portability_requested_on = None
    d = _decision(case)
    assert d.state is LetterState.POSSIBLE and "non renseignée" in d.reason


def test_the_letter_counts_from_the_request_and_states_it() -> None:
    case = _requested(_private(Civility.MRS, "Claire Fontaine", False), date(2026, 6, 1),
                      (date(2026, 6, 1), date(2026, 6, 11)))
    case.contract.monthly_price, case.contract.price_tax = Decimal("32.99"), TaxBasis.TTC
    composed = compose_letter(LetterKind.PORTABILITY_COMPENSATION, case,
                              assess(case, DAY), LetterSettings(), DAY)
    text = text_of(composed)
    assert "a été demandée le 1er juin 2026 ; le portage devait intervenir au plus tard le " \
           "2 juin 2026 (" in text and "; il n'est intervenu que le 11 juin 2026" in text
    # 3 to 11 June: 9 days × 6,60 € = 59,40 €
    assert "9 jours de retard (du 3 au 11 juin 2026 inclus)" in text and "59,40 €" in text
    assert any(w.startswith("À vérifier : le délai d'un jour ouvrable") for w in
               composed.warnings)
    assert not any("non renseignée" in w for w in composed.warnings)
    # still awaited
    case = _requested(case, date(2026, 9, 10))
    text = text_of(compose_letter(LetterKind.PORTABILITY_COMPENSATION, case,
                                  assess(case, DAY), LetterSettings(), DAY))
    assert "il n'était toujours pas intervenu à la date de la présente demande" in text
    # due Friday 11, to 15 September
    assert "4 jours de retard à ce jour (du 12 au 15 septembre 2026 inclus)" in text


def test_without_the_request_date_the_letter_warns() -> None:
    case = _ported(_private(Civility.MRS, "Claire Fontaine", False))
    composed = compose_letter(LetterKind.PORTABILITY_COMPENSATION, case, assess(case, DAY),
                              LetterSettings(), DAY)
    assert any("Date de la demande de portabilité non renseignée" in w
               for w in composed.warnings)
    assert "a été demandée le [à compléter]" in text_of(composed)

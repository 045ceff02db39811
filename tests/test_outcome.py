"""Closing and reopening a case; the outcome in `status --json`; départements."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from dispute.departements import departement
from dispute.model import (
    Case,
    CaseStatus,
    InvoiceLine,
    Obtained,
    Outcome,
    OutcomeResult,
    SettlementRoute,
    SubscriberKind,
    TaxBasis,
)
from dispute.outcome import (
    STATUS_OF_RESULT,
    OutcomeError,
    close_case,
    outcome_to_dict,
    outcome_text,
    reopen_case,
    validate_outcome,
)

TODAY = date(2026, 7, 15)


@pytest.mark.parametrize("result, status", [
    (OutcomeResult.FULL, CaseStatus.RESOLVED), (OutcomeResult.PARTIAL, CaseStatus.RESOLVED),
    (OutcomeResult.REFUSED, CaseStatus.RESOLVED), (OutcomeResult.ABANDONED, CaseStatus.ABANDONED),
    (OutcomeResult.WITHDRAWN, CaseStatus.ABANDONED)])
def test_closing_maps_every_result_to_a_status(result, status):
    case = Case()
    closed = close_case(case, Outcome(result, date=TODAY), TODAY)
    assert closed.status is status and closed.outcome.result is result
    assert case.status is CaseStatus.OPEN and case.outcome is None  # the input is untouched
    assert set(STATUS_OF_RESULT) == set(OutcomeResult)


def test_reopening_keeps_the_outcome_and_closing_again_replaces_it():
    closed = close_case(Case(), Outcome(OutcomeResult.REFUSED, date=date(2026, 3, 1)), TODAY)
    reopened = reopen_case(closed)
    assert reopened.status is CaseStatus.OPEN
    assert reopened.outcome.result is OutcomeResult.REFUSED
    assert outcome_to_dict(reopened)["current"] is False
    again = close_case(reopened, Outcome(OutcomeResult.FULL, date=TODAY), TODAY)
    assert again.outcome.result is OutcomeResult.FULL and outcome_to_dict(again)["current"]
    with pytest.raises(OutcomeError):
        reopen_case(reopened)


def test_errors_block_and_warnings_do_not():
    with pytest.raises(OutcomeError, match="date de clôture manque"):
        close_case(Case(), Outcome(OutcomeResult.FULL), TODAY)
    with pytest.raises(OutcomeError, match="futur"):
        close_case(Case(), Outcome(OutcomeResult.FULL, date=date(2026, 7, 16)), TODAY)
    with pytest.raises(OutcomeError, match="négatif"):
        close_case(Case(), Outcome(OutcomeResult.FULL, date=TODAY,
                                   amount_obtained=Decimal("-1")), TODAY)
    with pytest.raises(OutcomeError, match="deux décimales"):
        close_case(Case(), Outcome(OutcomeResult.FULL, date=TODAY,
                                   amount_claimed=Decimal("1.005")), TODAY)
    with pytest.raises(OutcomeError, match="suivi de l'avis"):
        close_case(Case(), Outcome(OutcomeResult.FULL, date=TODAY, route=SettlementRoute.CPME,
                                   operator_followed_opinion=True), TODAY)
    odd = Outcome(OutcomeResult.REFUSED, date=TODAY, amount_claimed=Decimal("10"),
                  amount_obtained=Decimal("20"))
    codes = {i.code for i in validate_outcome(odd, TODAY)}
    assert codes == {"outcome.amount_result", "outcome.amount_over"}
    assert close_case(Case(), odd, TODAY).status is CaseStatus.RESOLVED


def test_text_and_json_of_an_outcome_with_hostile_note():
    note = "<b>&amp;</b> \u202e 🦄 \ud800"
    case = close_case(Case(), Outcome(
        OutcomeResult.PARTIAL, [Obtained.CREDIT, Obtained.SERVICE_RESTORED], Decimal("300"),
        Decimal("120.5"), TaxBasis.HT, date(2026, 5, 3), SettlementRoute.MEDIATOR, True, False,
        note), TODAY)
    text = outcome_text(case.outcome)
    assert text == ("Obtenu en partie le 03/05/2026 (Médiateur des communications "
                    "électroniques) : avoir, service rétabli ; 120,50 € HT obtenus sur "
                    "300,00 € réclamés ; avis suivi par l'abonné ; avis non suivi par "
                    "l'opérateur.")
    data = outcome_to_dict(case)
    assert data["amount_obtained"] == "120.50" and data["tax_basis"] == "ht"
    assert data["route"] == "mediator" and data["note"] == note
    json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass")
    assert outcome_to_dict(Case()) is None


def test_claimed_amount_is_the_letters_claim_net_of_credits():
    from functools import partial

    from dispute.model import Credit
    from documents.letters import claims
    from documents.money import claim_totals

    claimed_amount = partial(claims.claimed_amount, today=date(2026, 11, 2))

    case = Case(invoice_lines=[
        InvoiceLine(amount_disputed=Decimal("100.00"), tax_basis=TaxBasis.HT),
        InvoiceLine(amount_disputed=Decimal("12.00"), tax_basis=TaxBasis.TTC),
        InvoiceLine(amount_disputed=Decimal("0.00"))],
        credits=[Credit(amount=Decimal("6.00"), tax_basis=TaxBasis.TTC)])
    # a private subscriber: TTC, 120 + 12 - 6
    assert claimed_amount(case) == (Decimal("126.00"), TaxBasis.TTC)
    assert claimed_amount(case)[0] == claim_totals(case).claimed.ttc  # the letters' total
    business = Case(invoice_lines=case.invoice_lines, credits=case.credits)
    business.subscriber.kind = SubscriberKind.BUSINESS
    assert claimed_amount(business) == (Decimal("105.00"), TaxBasis.HT)  # 100 + 10 - 5
    assert claimed_amount(Case()) == (None, TaxBasis.TTC)
    empty = Case()
    empty.subscriber.kind = SubscriberKind.BUSINESS
    assert claimed_amount(empty) == (None, TaxBasis.HT)
    generous = Case(invoice_lines=[InvoiceLine(amount_disputed=Decimal("10.00"))],
                    credits=[Credit(amount=Decimal("15.00"))])
    assert claimed_amount(generous) == (Decimal("0.00"), TaxBasis.TTC)  # never below zero


def test_claimed_amount_of_an_outage_is_the_prorata_net_of_the_gesture():
    from dispute.model import Credit, CreditKind, Event, EventKind
    from documents.letters import claims

    case = Case(events=[Event(kind=EventKind.OUTAGE, date=date(2026, 9, 1),
                              end_date=date(2026, 9, 15))],
                credits=[Credit(kind=CreditKind.GESTURE, amount=Decimal("5.00"))])
    case.contract.monthly_price = Decimal("30.00")  # TTC: 15 days of 30 = 15,00 €
    today = date(2026, 11, 2)
    assert claims.settlement(case, today).on_prorata  # what the letters claim
    assert claims.claimed_amount(case, today) == (Decimal("10.00"), TaxBasis.TTC)


@pytest.mark.parametrize(
    ("result", "claimed", "obtained", "warned"),
    [
        (OutcomeResult.FULL, "39.99", "20.00", True),  # fresh-eyes 21
        (OutcomeResult.FULL, "39.99", "39.99", False),
        (OutcomeResult.FULL, "39.99", None, False),
        (OutcomeResult.FULL, None, "20.00", False),
        (OutcomeResult.PARTIAL, "39.99", "20.00", False),
    ],
)
def test_full_for_less_than_claimed_is_a_warning(result, claimed, obtained, warned):
    outcome = Outcome(result=result, date=date(2026, 11, 2),
                      amount_claimed=Decimal(claimed) if claimed else None,
                      amount_obtained=Decimal(obtained) if obtained else None)
    issues = [i for i in validate_outcome(outcome, date(2026, 11, 2))
              if i.code == "outcome.full_but_less"]
    assert bool(issues) is warned
    if warned:
        assert not issues[0].is_error
        assert issues[0].message == ("« Obtenu en totalité » avec 20,00 € TTC obtenus sur "
                                     "39,99 € TTC réclamés : s'agit-il plutôt d'un résultat "
                                     "« Obtenu en partie » ?")


@pytest.mark.parametrize("postcode, country, expected", [
    ("69002", "", "69"), ("01000", "", "01"), ("20000", "", "2A"), ("20090", "", "2A"),
    ("20137", "", "2A"), ("20200", "", "2B"), ("20600", "", "2B"), ("20900", "", "20"),
    ("97110", "", "971"), ("97411", "", "974"), ("97600", "", "976"), ("97500", "", "975"),
    ("98000", "", "99"), ("98800", "", "988"), ("97900", "", ""), ("75 011", "", "75"),
    ("7501", "", ""), ("2A004", "", ""), ("", "", ""), ("00100", "", ""),
    ("1000", "Belgique", "99"), ("75011", "France", "75"), ("75011", "FRANCE ", "75"),
])
def test_departement(postcode, country, expected):
    assert departement(postcode, country) == expected

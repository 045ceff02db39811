"""Issue 9, point 3: prescription, for the user (CPCE L.34-2; C. civ. 2238-2244).

Per disputed invoice line: « agir au plus tard le … », what stops the clock (a mediator saisine
suspends it, a court action interrupts it, a registered letter does not), the suspension from
the saisine to the mediation's end with at least six months left after it, and the due-date
reading for invoices the operator claims late.
"""

from __future__ import annotations

from datetime import date

import pytest

from dispute.model import Counterpart, Event, EventKind, InvoiceLine
from dispute.procedure import (
    ClockEffect,
    PrescriptionState,
    assess,
    assessment_to_dict,
    format_assessment_text,
)
from procedure_builders import email, lrar, make_case, opinion, saisine


def flag_of(case, today):
    return assess(case, today).invoice_flags[0]


def refund_case(paid_on, *events):
    case = make_case(*events)
    case.invoice_lines.append(InvoiceLine(invoice_number="F1", label="Option TV",
                                          paid_on=paid_on))
    return case


def test_act_before_is_said_for_a_refund_claim():
    flag = flag_of(refund_case(date(2026, 3, 20)), date(2026, 4, 1))
    assert flag.state is PrescriptionState.OK
    assert flag.act_before == date(2027, 3, 20)
    assert "agir au plus tard le 20 mars 2027 (L.34-2)" in flag.message
    assert flag.act_before_basis.rule_id == "invoice_prescription_one_year"


def test_what_stops_the_clock_is_listed_with_its_rule():
    flag = flag_of(refund_case(date(2026, 3, 20)), date(2026, 4, 1))
    effects = {c.code: c.effect for c in flag.clock}
    assert effects == {"mediator_saisine": ClockEffect.SUSPENDS,
                       "conciliation": ClockEffect.SUSPENDS,
                       "court_action": ClockEffect.INTERRUPTS,
                       "acknowledgement": ClockEffect.INTERRUPTS,
                       "registered_letter": ClockEffect.DOES_NOT_STOP}
    letter = next(c for c in flag.clock if c.code == "registered_letter")
    assert "Cass. com., 18 mai 2022" in letter.text
    assert letter.basis.rule_id == "prescription_what_interrupts"
    text = format_assessment_text(assess(refund_case(date(2026, 3, 20)), date(2026, 4, 1)))
    assert "Ce qui arrête le délai :" in text


def test_a_registered_letter_changes_nothing():
    letter = lrar(date(2026, 12, 1), received=date(2026, 12, 3))
    flag = flag_of(refund_case(date(2026, 3, 20), letter), date(2027, 3, 21))
    assert flag.state is PrescriptionState.PRESCRIBED
    assert flag.act_before is None


def test_a_running_mediation_suspends_the_clock():
    # paid 20 March 2026; the mediator seized on 1 February 2027 (47 days left), no opinion yet
    case = refund_case(date(2026, 3, 20), email(date(2026, 11, 2)), saisine(date(2027, 2, 1)))
    flag = flag_of(case, date(2027, 4, 1))  # after the unsuspended limit
    assert flag.state is PrescriptionState.SUSPENDED
    assert flag.suspension.start == date(2027, 2, 1) and flag.suspension.end is None
    assert flag.suspension.days_left_at_start == 47
    assert flag.suspension.basis.rule_id == "prescription_suspension_from_saisine"
    assert not flag.suspension.basis.rule.verified  # Cass. com. 2022: not a telecom ruling
    assert "il restait 47 jours" in flag.message
    assert "au moins six mois" in flag.message


def test_after_the_opinion_at_least_six_months_are_left():
    # 47 days left at the saisine; the opinion on 15 April 2027: 6 months win over 47 days
    case = refund_case(date(2026, 3, 20), email(date(2026, 11, 2)), saisine(date(2027, 2, 1)),
                       opinion(date(2027, 4, 15)))
    flag = flag_of(case, date(2027, 4, 20))
    assert flag.suspension.end == date(2027, 4, 15)
    assert flag.suspension.extended_limit == date(2027, 10, 15)
    assert flag.act_before == date(2027, 10, 15)
    # the date rests on the suspension from the saisine, unverified for this mediator: never
    # « OK » — without it the claim is prescribed since 21 March 2027 (practitioner, point 5)
    assert flag.state is PrescriptionState.SOON
    assert "sans elle, la demande de remboursement est prescrite depuis le 21 mars 2027" in (
        flag.message)
    assert "agir en justice au plus tard le 15 octobre 2027 (sans la suspension : le 20 mars 2027)" in (
        flag.message)


def test_the_days_left_win_when_more_than_six_months():
    # paid 20 March 2026, saisine 1 June 2026: 292 days left; opinion 1 September 2026
    case = refund_case(date(2026, 3, 20), email(date(2026, 4, 1)), saisine(date(2026, 6, 1)),
                       opinion(date(2026, 9, 1)))
    flag = flag_of(case, date(2026, 9, 2))
    assert flag.suspension.days_left_at_start == 292
    assert flag.suspension.extended_limit == date(2027, 6, 20)
    # prudence: while the unsuspended limit is still ahead, it is the date to act before
    assert flag.act_before == date(2027, 3, 20)
    assert "Par prudence, agir au plus tard le 20 mars 2027" in flag.message


def test_a_saisine_after_the_limit_suspends_nothing():
    case = refund_case(date(2025, 1, 10), email(date(2025, 3, 1)), saisine(date(2026, 2, 1)))
    flag = flag_of(case, date(2026, 2, 2))
    assert flag.suspension is None
    assert flag.state is PrescriptionState.PRESCRIBED


def test_the_saisine_counts_from_its_receipt_when_sent_by_lrar():
    seized = Event(kind=EventKind.REGISTERED_LETTER, counterpart=Counterpart.MEDIATOR,
                   date=date(2027, 1, 28))
    seized.kind = EventKind.SAISINE
    seized.registered = lrar(date(2027, 1, 28), received=date(2027, 2, 1)).registered
    case = refund_case(date(2026, 3, 20), email(date(2026, 11, 2)), seized)
    flag = flag_of(case, date(2027, 3, 1))
    assert flag.suspension.start == date(2027, 2, 1)  # the later date: fewer days left


def test_a_court_action_interrupts():
    court = Event(kind=EventKind.COURT_ACTION, date=date(2027, 1, 15),
                  counterpart=Counterpart.COURT)
    flag = flag_of(refund_case(date(2026, 3, 20), court), date(2027, 6, 1))
    assert flag.state is PrescriptionState.INTERRUPTED
    assert flag.act_before is None
    assert "interrompu par l'action en justice du 15 janvier 2027 (C. civ. 2241)" in flag.message


def test_the_operators_late_claim_runs_from_the_due_date():
    case = make_case()
    case.invoice_lines.append(InvoiceLine(invoice_number="F9", due_date=date(2025, 6, 1)))
    flag = flag_of(case, date(2026, 6, 2))
    assert flag.state is PrescriptionState.PRESCRIBED
    assert flag.basis.rule_id == "operator_claim_due_date"
    assert flag.act_before is None  # nothing for the subscriber to do
    assert "l'abonné peut l'opposer (L.34-2, 2e alinéa" in flag.message
    assert "à vérifier" in flag.message
    flag = flag_of(case, date(2026, 5, 1))
    assert "l'opérateur peut en réclamer le paiement jusqu'au 1er juin 2026" in flag.message


@pytest.mark.parametrize(("paid_on", "today", "limit"), [
    (date(2028, 2, 29), date(2029, 2, 28), date(2029, 2, 28)),  # leap day: clamped
    (date(2026, 1, 31), date(2026, 12, 1), date(2027, 1, 31)),
])
def test_month_ends_and_leap_years(paid_on, today, limit):
    flag = flag_of(refund_case(paid_on), today)
    assert flag.limit == limit and flag.act_before == limit


def test_status_json_carries_act_before_suspension_and_clock():
    case = refund_case(date(2026, 3, 20), email(date(2026, 11, 2)), saisine(date(2027, 2, 1)),
                       opinion(date(2027, 4, 15)))
    data = assessment_to_dict(assess(case, date(2027, 4, 20)))
    flag = data["invoice_flags"][0]
    assert flag["act_before"] == "2027-10-15"
    assert flag["suspension"] == {
        "start": "2027-02-01", "end": "2027-04-15", "days_left_at_start": 47,
        "extended_limit": "2027-10-15", "basis": flag["suspension"]["basis"]}
    assert [c["effect"] for c in flag["clock"]] == ["suspends", "suspends", "interrupts",
                                                    "interrupts", "does_not_stop"]
    assert "prescription_mediation_suspends" in data["rules"]
    assert data["rules"]["prescription_suspension_from_saisine"]["status"] == "unverified"

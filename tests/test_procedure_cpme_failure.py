"""The CPME's failed prior attempt does not un-happen (the lead's decision, 3 December 2026).

seeds/000 requires a failed attempt « par la voie classique »; docs/procedure.md « CPME route »:
the earliest of an unsatisfactory or partial answer and a complaint (oral or written) left
without answer beyond its 1-month answer delay — unless the operator's last word since then is
a satisfactory answer. A later written complaint (the app's own advice after a call) does not
postpone it; the other clocks (service clients deadline, service consommateurs step, the
mediators) are unchanged.
"""

from __future__ import annotations

from datetime import date

import pytest

from dispute.model import AnswerOutcome, Counterpart, Event, EventKind
from dispute.procedure import assess, format_assessment_text
from documents.email_draft import cpme_email_body
from procedure_builders import (
    SCONS,
    answer,
    call,
    codes,
    deadline,
    email,
    lrar,
    make_case,
    reason,
    step,
)

CALL = date(2026, 3, 1)
LETTER = date(2026, 4, 10)
SAT = AnswerOutcome.SATISFACTORY


def business(*events):
    return make_case(*events, business=True)


def test_the_written_complaint_after_a_call_does_not_close_the_cpme_again():
    # the call of 1 March failed on 2 April; the e-mail the app advised on 10 April must not
    # move the failure to 11 May
    case = business(call(CALL), email(LETTER))
    a = assess(case, date(2026, 4, 20))
    assert a.cpme.open and a.cpme.reasons == ()
    assert a.cpme.opens_on == date(2026, 4, 2)
    assert a.cpme.open_basis.event.date == CALL
    assert a.cpme.open_basis.rule.id == "cpme_failed_prior_attempt"
    # every text that states the CPME date agrees: step, letter, text report, e-mail draft
    assert step(a, "seize_cpme").earliest == date(2026, 4, 2)
    assert a.letter("demande_cpme").possible
    assert "\nCPME : ouvert\n" in format_assessment_text(a)
    assert "À NE PAS ENVOYER" not in cpme_email_body(case, today=date(2026, 4, 20)).text()
    # the other clocks still run from the written complaint
    assert deadline(a, "service_clients_answer").basis.event.date == LETTER
    assert a.business_mediator.opens_on == date(2026, 5, 11)
    assert "delay_not_elapsed" in codes(a.business_mediator)


def test_before_the_call_s_month_the_date_is_the_call_s_even_with_a_letter_since():
    a = assess(business(call(CALL), email(date(2026, 3, 20))), date(2026, 3, 25))
    assert not a.cpme.open and a.cpme.opens_on == date(2026, 4, 2)
    assert "à partir du 2 avril 2026" in reason(a.cpme, "no_failed_attempt").message
    assert step(a, "seize_cpme").earliest == date(2026, 4, 2)
    assert a.letter("demande_cpme").possible_from == date(2026, 4, 2)


def test_a_reminder_after_an_unanswered_letter_keeps_the_first_failure():
    # LRAR received 10 January, silent: failed on 11 February; a reminder on 20 February
    case = business(lrar(date(2026, 1, 8), received=date(2026, 1, 10)),
                    email(date(2026, 2, 20)))
    a = assess(case, date(2026, 3, 1))
    assert a.cpme.open and a.cpme.opens_on == date(2026, 2, 11)
    assert a.cpme.open_basis.event.date == date(2026, 1, 10)  # the receipt: waiting delay


def test_an_unsatisfactory_answer_is_the_failure_whatever_follows():
    case = business(email(date(2026, 3, 1)), answer(date(2026, 3, 10)),
                    email(date(2026, 3, 15)))
    a = assess(case, date(2026, 3, 16))
    assert a.cpme.open and a.cpme.opens_on == date(2026, 3, 10)


def test_a_complaint_answered_in_time_is_no_failure_and_the_text_says_why():
    # answered within the month, outcome not said: nothing failed, and the reason does not
    # pretend no attempt was recorded
    a = assess(business(call(CALL), answer(date(2026, 3, 20), outcome=None)),
               date(2026, 6, 1))
    assert not a.cpme.open and a.cpme.opens_on is None
    message = reason(a.cpme, "no_failed_attempt").message
    assert "Aucune tentative" not in message
    assert "20 mars 2026" in message and "satisfaisante" in message


def test_a_late_answer_does_not_undo_the_failure_unless_it_satisfies():
    late = answer(date(2026, 4, 15), outcome=None)
    a = assess(business(call(CALL), late), date(2026, 4, 20))
    assert a.cpme.open and a.cpme.opens_on == date(2026, 4, 2)
    late.outcome = SAT  # the operator's last word since the failure satisfies: no failure
    a = assess(business(call(CALL), late), date(2026, 4, 20))
    assert not a.cpme.open and a.cpme.opens_on is None
    assert "réponse satisfaisante le 15 avril 2026" in reason(a.cpme, "no_failed_attempt").message


def test_a_satisfactory_answer_settles_the_earlier_failure_a_new_complaint_starts_again():
    case = business(call(CALL), answer(date(2026, 4, 15), outcome=SAT),
                    email(date(2026, 4, 20)))
    a = assess(case, date(2026, 4, 25))
    assert not a.cpme.open and a.cpme.opens_on == date(2026, 5, 21)
    assert a.cpme.open_basis.event.date == date(2026, 4, 20)


def test_an_unsatisfactory_answer_after_the_satisfactory_one_revives_the_failure():
    # « unless the operator's last word since then is a satisfactory answer »: it is not
    case = business(call(CALL), answer(date(2026, 4, 15), outcome=SAT),
                    email(date(2026, 4, 20)), answer(date(2026, 4, 28)))
    a = assess(case, date(2026, 5, 2))
    assert a.cpme.open and a.cpme.opens_on == date(2026, 4, 2)


def test_the_second_level_counts_too():
    # a business's « recours interne » left silent beyond its month, then a letter to the
    # service clients: the failure stays the earliest
    case = business(email(date(2026, 1, 5), SCONS), email(date(2026, 3, 1)))
    a = assess(case, date(2026, 3, 2))
    assert a.cpme.open and a.cpme.opens_on == date(2026, 2, 6)


@pytest.mark.parametrize(("called", "opens"), [
    (date(2026, 1, 31), date(2026, 3, 1)),   # 31 January + 1 month = 28 February
    (date(2028, 1, 31), date(2028, 3, 1)),   # leap year: 29 February 2028
    (date(2028, 2, 29), date(2028, 3, 30)),  # leap day + 1 month = 29 March
    (date(2026, 12, 31), date(2027, 2, 1)),  # year end: 31 January 2027
    (date(2026, 4, 1), date(2026, 5, 2)),    # due on 1 May (holiday): not moved
])
def test_month_ends_leap_days_and_holidays(called, opens):
    later = date(opens.year + 1, 1, 1)
    a = assess(business(call(called), email(opens)), later)  # a letter on the very day
    assert a.cpme.opens_on == opens
    assert a.cpme.open_basis.event.date == called


def test_a_failure_on_a_holiday_is_not_moved():
    # LRAR received 30 April 2026: due 30 May, failed from 31 May (a Sunday): not moved
    case = business(lrar(date(2026, 4, 28), received=date(2026, 4, 30)),
                    email(date(2026, 6, 2)))
    assert assess(case, date(2026, 6, 3)).cpme.opens_on == date(2026, 5, 31)


def test_missing_dates():
    # an undated call is no attempt; an LRAR without event date uses its posting date
    a = assess(business(call(None)), date(2026, 6, 1))
    assert not a.cpme.open
    assert "Aucune tentative" in reason(a.cpme, "no_failed_attempt").message
    letter = lrar(date(2026, 3, 2), event_date=None)
    a = assess(business(letter, call(None), email(date(2026, 4, 20))), date(2026, 4, 21))
    assert a.cpme.opens_on == date(2026, 4, 3)


def test_the_private_subscriber_s_service_consommateurs_step_is_unchanged():
    # docs/procedure.md: once a written complaint is pending, the operator's answer delay and
    # the service consommateurs step run from it (issue 9)
    a = assess(make_case(call(CALL), email(LETTER)), date(2026, 4, 20))
    assert step(a, "write_service_consommateurs").earliest == date(2026, 5, 11)
    assert a.letter("recours_service_consommateurs").possible_from == date(2026, 5, 11)


def test_no_event_kind_outside_the_operator_side_counts():
    # a saisine of the Médiateur des entreprises is no complaint to the operator
    event = Event(kind=EventKind.SAISINE, date=CALL, counterpart=Counterpart.BUSINESS_MEDIATOR)
    a = assess(business(event), date(2026, 6, 1))
    assert a.cpme.opens_on is None

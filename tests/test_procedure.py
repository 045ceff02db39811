"""The procedure engine: stage, routes and their reasons, deadlines, invoice flags, outputs.

Dates are chosen so that every boundary is visible: the day before, the day of and the day
after a delay, month ends, 29 February, weekends and public holidays.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dispute.codec import case_to_dict
from dispute.model import (
    AnswerOutcome,
    Case,
    CaseStatus,
    Counterpart,
    Direction,
    Event,
    EventKind,
    HandlingStructure,
    InvoiceLine,
    Line,
    Party,
    PostalAddress,
    RegisteredMail,
)
from dispute.procedure import (
    REQUIRED_RULES,
    Claim,
    DateKind,
    DeadlineKind,
    DeadlineState,
    PrescriptionState,
    Stage,
    assess,
    assessment_to_dict,
    case_summary_fields,
    delay_start,
    format_assessment_text,
    is_written,
)
from dispute.rules import Delay, DelayUnit, RuleSet, default_rules

from procedure_builders import (  # noqa: E402 - shared builders
    SC,
    SCONS,
    UNSAT,
    answer,
    call,
    codes,
    deadline,
    email,
    lrar,
    make_case,
    opinion,
    reason,
    saisine,
    step,
    step_ids,
    warning_codes,
)

# --- no data -------------------------------------------------------------------------------


def test_empty_case_says_contact_the_service_clients_first():
    a = assess(make_case(), date(2026, 3, 1))
    assert a.stage is Stage.NO_STEP
    assert a.stage_event is None
    assert step_ids(a) == ["contact_service_clients"]
    first = step(a, "contact_service_clients")
    assert first.earliest == date(2026, 3, 1) and first.latest is None
    assert first.basis.rule_id == "service_clients_first_contact"
    assert a.deadlines == ()
    assert not a.mediator.open
    assert codes(a.mediator) == ["no_written_complaint", "no_complaint"]
    assert reason(a.mediator, "no_written_complaint").basis.rule.articles == (
        "Code de la consommation, art. L.612-2 1°",)


def test_undated_events_are_ignored_and_reported():
    undated_answer = answer(None, AnswerOutcome.SATISFACTORY)
    undated_call = call(None)
    a = assess(make_case(email(date(2026, 1, 10)), undated_answer, undated_call),
               date(2026, 3, 11))
    # the undated satisfactory answer does not stop the silence of the service clients
    assert a.mediator.open
    undated = {w.event_id for w in a.warnings if w.code == "undated_event"}
    assert undated == {undated_answer.id, undated_call.id}


def test_lrar_without_event_date_uses_its_posting_date():
    letter = lrar(date(2026, 1, 5), received=date(2026, 1, 8), event_date=None)
    a = assess(make_case(letter), date(2026, 1, 20))
    assert a.stage is Stage.SERVICE_CLIENTS
    assert deadline(a, "service_clients_answer").date == date(2026, 2, 8)
    assert a.mediator.latest == date(2027, 1, 5)


# --- which date of a registered letter -----------------------------------------------------


@pytest.mark.parametrize(
    ("letter", "start", "kind", "provisional"),
    [
        (lrar(date(2026, 1, 5), received=date(2026, 1, 9), presented=date(2026, 1, 7)),
         date(2026, 1, 9), DateKind.RECEIVED, False),
        (lrar(date(2026, 1, 5), presented=date(2026, 1, 7)),
         date(2026, 1, 7), DateKind.FIRST_PRESENTED, False),
        (lrar(date(2026, 1, 5), presented=date(2026, 1, 7), not_claimed=True),
         date(2026, 1, 7), DateKind.NOT_CLAIMED, False),
        (lrar(date(2026, 1, 5)), date(2026, 1, 5), DateKind.POSTED, True),
        (Event(kind=EventKind.LETTER, date=date(2026, 1, 5)), date(2026, 1, 5),
         DateKind.POSTED, True),
        (Event(kind=EventKind.REGISTERED_LETTER, date=date(2026, 1, 5)), date(2026, 1, 5),
         DateKind.POSTED, True),
        (email(date(2026, 1, 5)), date(2026, 1, 5), DateKind.EVENT, False),
        (call(date(2026, 1, 5)), date(2026, 1, 5), DateKind.EVENT, False),
    ],
)
def test_delay_start_prefers_receipt_then_presentation_then_posting(letter, start, kind,
                                                                    provisional):
    found = delay_start(letter)
    assert (found.date, found.kind, found.provisional) == (start, kind, provisional)


@pytest.mark.parametrize(
    ("letter", "expected_deadline", "provisional", "warning"),
    [
        (lrar(date(2026, 1, 28), received=date(2026, 1, 31)), date(2026, 2, 28), False, None),
        (lrar(date(2026, 1, 28), presented=date(2026, 1, 30)), date(2026, 2, 28), False,
         "registered_letter_without_receipt"),
        (lrar(date(2026, 1, 28), presented=date(2026, 1, 29), not_claimed=True),
         date(2026, 2, 28), False, "registered_letter_without_receipt"),
        (lrar(date(2026, 1, 28)), date(2026, 2, 28), True, "registered_letter_without_receipt"),
        (Event(kind=EventKind.REGISTERED_LETTER, date=date(2026, 1, 28)), date(2026, 2, 28),
         True, "registered_letter_without_tracking"),
        (Event(kind=EventKind.LETTER, date=date(2026, 1, 28)), date(2026, 2, 28), True,
         "letter_without_receipt"),
    ],
)
def test_service_clients_answer_deadline_from_each_letter_date(letter, expected_deadline,
                                                                provisional, warning):
    a = assess(make_case(letter), date(2026, 2, 1))
    d = deadline(a, "service_clients_answer")
    assert d.date == expected_deadline
    assert d.provisional is provisional
    assert d.basis.event.id == letter.id
    assert d.basis.rule_id == "service_clients_answer_delay"
    if warning:
        assert warning in warning_codes(a)
        assert any(w.event_id == letter.id for w in a.warnings)
    else:
        assert not any(w.event_id == letter.id for w in a.warnings)


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),
        (date(2026, 11, 30), date(2026, 12, 30)),
        (date(2026, 12, 30), date(2027, 1, 30)),
        (date(2026, 3, 31), date(2026, 4, 30)),
    ],
)
def test_one_month_answer_delay_at_month_ends(received, expected):
    a = assess(make_case(lrar(received - timedelta(days=2), received=received)), received)
    assert deadline(a, "service_clients_answer").date == expected


# --- written events ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "flag", "written"),
    [
        (EventKind.CALL, False, False),
        (EventKind.CALL, True, False),  # a call is never a written complaint (L.612-2 1°)
        (EventKind.CHAT, False, False),
        (EventKind.CHAT, True, True),
        (EventKind.SHOP_VISIT, False, False),
        (EventKind.SHOP_VISIT, True, False),
        (EventKind.OTHER, True, True),  # an online form
        (EventKind.EMAIL, False, True),
        (EventKind.LETTER, False, True),
        (EventKind.REGISTERED_LETTER, False, True),
    ],
)
def test_written_is_the_flag_or_a_written_kind(kind, flag, written):
    event = Event(kind=kind, date=date(2026, 1, 10), written=flag)
    assert is_written(event) is written
    a = assess(make_case(event), date(2026, 1, 11))
    assert ("no_written_complaint" in codes(a.mediator)) is not written


# --- stage ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("events", "stage"),
    [
        ([], Stage.NO_STEP),
        ([answer(date(2026, 1, 5))], Stage.NO_STEP),  # an answer alone is no step
        ([call(date(2026, 1, 5))], Stage.SERVICE_CLIENTS),
        ([Event(kind=EventKind.SHOP_VISIT, date=date(2026, 1, 5),
                counterpart=Counterpart.OPERATOR_OTHER)], Stage.SERVICE_CLIENTS),
        ([call(date(2026, 1, 5)), lrar(date(2026, 2, 6), SCONS)], Stage.SERVICE_CONSOMMATEURS),
        ([call(date(2026, 1, 5)), saisine(date(2026, 3, 8))], Stage.MEDIATOR_SEIZED),
        ([saisine(date(2026, 3, 8), Counterpart.OTHER_MEDIATOR)], Stage.MEDIATOR_SEIZED),
        ([saisine(date(2026, 3, 8)), opinion(date(2026, 5, 2))], Stage.MEDIATOR_OPINION),
        ([opinion(date(2026, 5, 2)), Event(kind=EventKind.COURT_ACTION, date=date(2026, 7, 1),
                                           counterpart=Counterpart.COURT)], Stage.LAST_RESORT),
        ([Event(kind=EventKind.DGCCRF_REPORT, date=date(2026, 7, 1),
                counterpart=Counterpart.DGCCRF)], Stage.LAST_RESORT),
        ([Event(kind=EventKind.PROCUREUR_COMPLAINT, date=date(2026, 7, 1),
                counterpart=Counterpart.PROCUREUR)], Stage.LAST_RESORT),
        ([call(date(2026, 1, 5)), saisine(date(2026, 3, 8), Counterpart.CPME)],
         Stage.CPME_SEIZED),
    ],
)
def test_stage_is_the_furthest_step_reached(events, stage):
    a = assess(make_case(*events), date(2026, 8, 1))
    assert a.stage is stage
    if events and stage is not Stage.NO_STEP:
        assert a.stage_event.id in {e.id for e in events}


@pytest.mark.parametrize("status", [CaseStatus.RESOLVED, CaseStatus.ABANDONED])
def test_closed_case_has_no_next_step_nor_next_deadline(status):
    case = make_case(email(date(2026, 1, 10)))
    case.status = status
    a = assess(case, date(2026, 1, 20))
    assert a.stage is Stage.CLOSED
    assert a.stage_label == "Dossier clos"
    assert a.next_steps == ()
    assert case_summary_fields(case, date(2026, 1, 20))["next_deadline_date"] is None


# --- service consommateurs -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "earliest"),
    [(date(2026, 2, 9), date(2026, 2, 11)), (date(2026, 2, 10), date(2026, 2, 11)),
     (date(2026, 2, 11), date(2026, 2, 11))],
)
def test_service_consommateurs_opens_the_day_after_the_month_without_answer(today, earliest):
    a = assess(make_case(call(date(2026, 1, 10))), today)
    assert deadline(a, "service_clients_answer").date == date(2026, 2, 10)
    write = step(a, "write_service_consommateurs")
    assert write.earliest == earliest
    assert write.basis.rule_id == "service_consommateurs_access"
    assert write.basis.event.date == date(2026, 1, 10)


def test_unsatisfactory_answer_opens_the_service_consommateurs_at_once():
    reply = answer(date(2026, 1, 20), AnswerOutcome.PARTIAL)
    a = assess(make_case(call(date(2026, 1, 10)), reply), date(2026, 1, 21))
    write = step(a, "write_service_consommateurs")
    assert write.earliest == date(2026, 1, 20)
    assert write.basis.event.id == reply.id
    sc = deadline(a, "service_clients_answer")
    assert sc.state is DeadlineState.MET and sc.met_event_id == reply.id


def test_answer_recorded_as_none_does_not_stop_the_silence():
    a = assess(make_case(call(date(2026, 1, 10)), answer(date(2026, 1, 20), AnswerOutcome.NONE)),
               date(2026, 2, 11))
    assert step(a, "write_service_consommateurs").earliest == date(2026, 2, 11)
    assert deadline(a, "service_clients_answer").state is DeadlineState.PASSED


def test_satisfactory_answer_closes_the_escalation():
    ok = answer(date(2026, 1, 20), AnswerOutcome.SATISFACTORY)
    a = assess(make_case(email(date(2026, 1, 10)), ok, business=True), date(2026, 6, 1))
    assert "write_service_consommateurs" not in step_ids(a)
    assert reason(a.mediator, "satisfactory_answer").basis.event.id == ok.id
    assert "no_failed_attempt" in codes(a.cpme)


def test_new_complaint_after_a_satisfactory_answer_reopens_the_escalation():
    a = assess(make_case(email(date(2026, 1, 10)),
                         answer(date(2026, 1, 20), AnswerOutcome.SATISFACTORY),
                         email(date(2026, 3, 2))), date(2026, 4, 3))
    assert step(a, "write_service_consommateurs").earliest == date(2026, 4, 3)
    assert deadline(a, "service_clients_answer").basis.event.date == date(2026, 3, 2)


def test_service_consommateurs_by_phone_is_flagged():
    phone = call(date(2026, 2, 20), SCONS)
    a = assess(make_case(call(date(2026, 1, 10)), phone), date(2026, 2, 21))
    assert any(w.code == "service_consommateurs_not_written" and w.event_id == phone.id
               for w in a.warnings)


# --- mediator: access conditions (seeds/001) -----------------------------------------------


@pytest.mark.parametrize(
    ("today", "is_open"),
    [(date(2026, 3, 9), False), (date(2026, 3, 10), False), (date(2026, 3, 11), True)],
)
def test_mediator_after_more_than_two_months_of_service_clients_silence(today, is_open):
    complaint = email(date(2026, 1, 10))
    a = assess(make_case(complaint), today)
    assert a.mediator.open is is_open
    assert a.mediator.opens_on == date(2026, 3, 11)
    assert a.mediator.open_basis.rule_id == "mediator_after_service_clients_silence"
    assert a.mediator.open_basis.event.id == complaint.id
    if not is_open:
        late = reason(a.mediator, "delay_not_elapsed")
        assert late.until == date(2026, 3, 11)
        assert "11 mars 2026" in late.message
        assert codes(a.mediator) == ["delay_not_elapsed"]


@pytest.mark.parametrize(
    ("today", "is_open"),
    [(date(2026, 12, 30), False), (date(2026, 12, 31), True), (date(2027, 1, 1), True)],
)
def test_mediator_after_more_than_one_month_of_service_consommateurs_silence(today, is_open):
    letter = lrar(date(2026, 11, 26), SCONS, received=date(2026, 11, 30))
    a = assess(make_case(email(date(2026, 11, 2)), answer(date(2026, 11, 20)), letter), today)
    assert deadline(a, "service_consommateurs_answer").date == date(2026, 12, 30)
    assert a.mediator.opens_on == date(2026, 12, 31)
    assert a.mediator.open is is_open
    assert a.mediator.open_basis.event.id == letter.id
    assert a.mediator.open_basis.event.date_kind is DateKind.RECEIVED


def test_mediator_after_unsatisfactory_answers_of_both_services_opens_that_day():
    scons_answer = answer(date(2026, 2, 20), UNSAT, SCONS)
    a = assess(make_case(email(date(2026, 1, 10)), answer(date(2026, 1, 15)),
                         lrar(date(2026, 1, 16), SCONS, received=date(2026, 1, 19)),
                         scons_answer), date(2026, 2, 20))
    assert a.mediator.open
    assert a.mediator.opens_on == date(2026, 2, 20)
    assert a.mediator.open_basis.rule_id == "mediator_after_unsatisfactory_answers"
    assert a.mediator.open_basis.event.id == scons_answer.id
    seize = step(a, "seize_mediator")
    assert (seize.earliest, seize.latest) == (date(2026, 2, 20), date(2027, 1, 10))


def test_unsatisfactory_service_clients_answer_alone_does_not_open_the_mediator():
    a = assess(make_case(email(date(2026, 1, 10)), answer(date(2026, 1, 15))), date(2026, 6, 1))
    assert not a.mediator.open
    assert codes(a.mediator) == ["service_consommateurs_not_seized"]
    assert step_ids(a) == ["write_service_consommateurs"]


def test_service_consommateurs_answer_without_outcome_is_asked_for():
    a = assess(make_case(email(date(2026, 1, 10)), answer(date(2026, 1, 15)),
                         lrar(date(2026, 1, 16), SCONS, received=date(2026, 1, 19)),
                         answer(date(2026, 2, 1), None, SCONS)), date(2026, 3, 1))
    assert codes(a.mediator) == ["answer_outcome_unknown"]
    assert "answer_without_outcome" in warning_codes(a)


def test_service_consommateurs_silence_can_open_before_the_service_clients_path():
    a = assess(make_case(call(date(2026, 1, 10)),
                         lrar(date(2026, 1, 12), SCONS, received=date(2026, 1, 14))),
               date(2026, 2, 15))
    # service clients: 10 Mar + 1 day; service consommateurs: 14 Feb + 1 day → the earlier
    assert a.mediator.opens_on == date(2026, 2, 15)
    assert a.mediator.open


# --- mediator: obstacles (L.612-2, seeds/001) ----------------------------------------------


@pytest.mark.parametrize(
    ("first_written", "today", "limit", "is_open"),
    [
        (date(2026, 3, 15), date(2027, 3, 14), date(2027, 3, 15), True),
        (date(2026, 3, 15), date(2027, 3, 15), date(2027, 3, 15), True),  # still within a year
        (date(2026, 3, 15), date(2027, 3, 16), date(2027, 3, 15), False),
        (date(2028, 2, 29), date(2029, 2, 28), date(2029, 2, 28), True),  # across 29 February
        (date(2028, 2, 29), date(2029, 3, 1), date(2029, 2, 28), False),
        (date(2027, 2, 28), date(2028, 2, 28), date(2028, 2, 28), True),
        (date(2027, 2, 28), date(2028, 2, 29), date(2028, 2, 28), False),
    ],
)
def test_mediator_one_year_limit_from_the_first_written_complaint(first_written, today, limit,
                                                                   is_open):
    complaint = email(first_written)
    a = assess(make_case(complaint), today)
    assert a.mediator.latest == limit
    assert a.mediator.latest_basis.event.id == complaint.id
    assert a.mediator.open is is_open
    assert ("one_year_exceeded" in codes(a.mediator)) is (not is_open)
    one_year = deadline(a, "mediator_one_year_limit")
    assert one_year.kind is DeadlineKind.LIMIT and one_year.date == limit


def test_access_opening_after_the_one_year_limit_is_explained():
    first = email(date(2026, 1, 10))
    a = assess(make_case(first, answer(date(2026, 1, 20), AnswerOutcome.SATISFACTORY),
                         email(date(2026, 12, 20))), date(2026, 12, 21))
    # the new complaint's 2 months end after 10 January 2027
    assert a.mediator.opens_on == date(2027, 2, 21)
    assert a.mediator.latest == date(2027, 1, 10)
    assert "opens_after_one_year_limit" in codes(a.mediator)
    assert "seize_mediator" not in step_ids(a)
    assert "last_resort" in step_ids(a)


def test_one_year_runs_from_the_earliest_written_complaint_and_earliest_date():
    earlier_call = call(date(2026, 1, 2))  # not written: does not start the year
    letter = lrar(date(2026, 3, 10), received=date(2026, 3, 14))
    later_email = email(date(2026, 4, 1))
    a = assess(make_case(earlier_call, letter, later_email), date(2026, 5, 1))
    assert a.mediator.latest == date(2027, 3, 10)  # posting date, not receipt
    assert a.mediator.latest_basis.event.id == letter.id
    assert a.mediator.latest_basis.event.date_kind is DateKind.EARLIEST_KNOWN


def test_one_year_exceeded_proposes_the_last_resort():
    a = assess(make_case(email(date(2025, 1, 10))), date(2026, 2, 1))
    assert "one_year_exceeded" in codes(a.mediator)
    assert "seize_mediator" not in step_ids(a)
    last = step(a, "last_resort")
    assert "10 juin 2025" in last.note  # M+5 after the first contact, shown as indicative
    assert {b.rule_id for b in last.note_bases} == {
        "last_resort_indicative_m5", "court_prior_mediation_5000",
        "court_no_representation_by_structure"}
    assert [b.rule_id for b in last.note_bases if not b.rule.verified] == [
        "last_resort_indicative_m5"]


@pytest.mark.parametrize(
    "blocker",
    [
        Event(kind=EventKind.COURT_ACTION, date=date(2026, 2, 1), counterpart=Counterpart.COURT),
        Event(kind=EventKind.LETTER, date=date(2026, 2, 1), counterpart=Counterpart.COURT),
        saisine(date(2026, 2, 1), Counterpart.OTHER_MEDIATOR),
    ],
)
def test_court_or_other_mediator_bars_the_mediator(blocker):
    a = assess(make_case(email(date(2026, 1, 10)), blocker), date(2026, 4, 1))
    assert not a.mediator.open
    barred = reason(a.mediator, "court_or_other_mediator")
    assert barred.basis.event.id == blocker.id
    assert barred.basis.rule.articles == ("Code de la consommation, art. L.612-2 3°",)


def test_business_subscriber_cannot_use_the_mediator_and_every_reason_is_listed():
    a = assess(make_case(call(date(2026, 1, 10)), business=True), date(2026, 1, 20))
    # the telecom mediator is not a business's: its obstacles are listed, not the consumer
    # route's clocks (« Le médiateur s'ouvre 2 mois après … », lead's review of 3 Dec. 2026)
    assert codes(a.mediator) == ["business_subscriber", "no_written_complaint"]
    assert reason(a.mediator, "business_subscriber").basis.rule_id == (
        "mediator_private_customers_only")
    assert "seize_mediator" not in step_ids(a)
    assert not any(d.id.startswith("mediator_") for d in a.deadlines)


def test_mediator_already_seized_is_not_proposed_again_and_late_saisine_is_flagged():
    seized = saisine(date(2027, 2, 1))
    a = assess(make_case(email(date(2026, 1, 10)), seized), date(2027, 2, 2))
    assert codes(a.mediator) == ["already_seized"]
    assert any(w.code == "mediator_seized_late" and w.event_id == seized.id for w in a.warnings)
    limit = deadline(a, "mediator_one_year_limit")
    assert limit.state is DeadlineState.PASSED  # seized after the limit: not met


def test_mediator_seized_before_access_is_flagged():
    a = assess(make_case(email(date(2026, 1, 10)), saisine(date(2026, 2, 1))), date(2026, 2, 2))
    assert "mediator_seized_early" in warning_codes(a)


# --- mediator opinion and the parties' answer ----------------------------------------------


def test_mediator_opinion_due_three_months_after_saisine():
    seized = saisine(date(2026, 11, 30))
    a = assess(make_case(email(date(2026, 8, 1)), seized), date(2026, 12, 1))
    due = deadline(a, "mediator_opinion_due")
    assert due.date == date(2027, 2, 28)
    assert due.basis.event.id == seized.id
    assert due.basis.rule.articles == ("Code de la consommation, art. R.612-5",)
    wait = step(a, "await_mediator_opinion")
    assert (wait.earliest, wait.latest) == (date(2026, 11, 30), date(2027, 2, 28))
    assert deadline(a, "mediator_earliest").state is DeadlineState.MET


def test_parties_have_one_month_after_the_opinion():
    given_opinion = opinion(date(2027, 1, 31))
    events = [email(date(2026, 8, 1)), saisine(date(2026, 11, 30)), given_opinion]
    a = assess(make_case(*events), date(2027, 2, 1))
    assert deadline(a, "mediator_opinion_due").state is DeadlineState.MET
    position = deadline(a, "parties_position_due")
    assert position.date == date(2027, 2, 28)
    assert position.basis.event.id == given_opinion.id
    assert step(a, "answer_mediator_opinion").latest == date(2027, 2, 28)
    assert step(a, "last_resort").earliest == date(2027, 1, 31)
    answered = Event(kind=EventKind.PARTY_POSITION, date=date(2027, 2, 10),
                     party=Party.SUBSCRIBER, accepted=False, counterpart=Counterpart.MEDIATOR)
    a = assess(make_case(*events, answered), date(2027, 2, 11))
    assert deadline(a, "parties_position_due").state is DeadlineState.MET
    assert "answer_mediator_opinion" not in step_ids(a)


@pytest.mark.parametrize(
    ("today", "state", "days_left"),
    [(date(2027, 2, 27), DeadlineState.UPCOMING, 1), (date(2027, 2, 28), DeadlineState.TODAY, 0),
     (date(2027, 3, 1), DeadlineState.PASSED, -1)],
)
def test_deadline_state_the_day_before_of_and_after(today, state, days_left):
    a = assess(make_case(email(date(2026, 8, 1)), saisine(date(2026, 11, 30))), today)
    due = deadline(a, "mediator_opinion_due")
    assert (due.state, due.days_left) == (state, days_left)


# --- weekends and public holidays on deadlines ---------------------------------------------


@pytest.mark.parametrize(
    ("received", "due", "warning"),
    [
        (date(2026, 11, 25), date(2026, 12, 25), "Le 25 décembre 2026 tombe un jour férié (Noël)."),
        (date(2026, 6, 14), date(2026, 7, 14),
         "Le 14 juillet 2026 tombe un jour férié (Fête nationale)."),
        (date(2026, 4, 1), date(2026, 5, 1),
         "Le 1er mai 2026 tombe un jour férié (Fête du Travail)."),
        (date(2026, 4, 14), date(2026, 5, 14), "Le 14 mai 2026 tombe un jour férié (Ascension)."),
        (date(2026, 4, 25), date(2026, 5, 25),
         "Le 25 mai 2026 tombe un jour férié (Lundi de Pentecôte)."),
        (date(2028, 4, 25), date(2028, 5, 25), "Le 25 mai 2028 tombe un jour férié (Ascension)."),
        (date(2026, 1, 31), date(2026, 2, 28), "Le 28 février 2026 tombe un samedi."),
        (date(2026, 2, 1), date(2026, 3, 1), "Le 1er mars 2026 tombe un dimanche."),
        (date(2026, 2, 2), date(2026, 3, 2), None),
    ],
)
def test_deadline_on_weekend_or_holiday_is_flagged_not_moved(received, due, warning):
    a = assess(make_case(lrar(received - timedelta(days=1), received=received)), received)
    d = deadline(a, "service_clients_answer")
    assert d.date == due  # never shifted to the next working day
    assert d.warning == warning


def test_alsace_moselle_holidays_on_request():
    case = make_case(lrar(date(2027, 2, 24), received=date(2027, 2, 26)))
    assert deadline(assess(case, date(2027, 3, 1)), "service_clients_answer").warning is None
    local = assess(case, date(2027, 3, 1), holiday_subdiv="57")
    assert deadline(local, "service_clients_answer").warning == (
        "Le 26 mars 2027 tombe un jour férié (Vendredi saint).")


# --- CPME route (seeds/000) ----------------------------------------------------------------


def failed_business_case(**kwargs) -> Case:
    case = make_case(email(date(2026, 1, 10)), answer(date(2026, 1, 20)), business=True,
                     **kwargs)
    case.handling_structure = HandlingStructure(name="CPME du Calvados")
    return case


def test_cpme_goes_through_the_structure_that_follows_the_company():
    case = failed_business_case()
    case.handling_structure = None
    a = assess(case, date(2026, 1, 21))
    assert codes(a.cpme) == ["no_handling_structure"]
    assert reason(a.cpme, "no_handling_structure").basis.rule_id == "cpme_through_structure"
    assert "seul interlocuteur" in reason(a.cpme, "no_handling_structure").message
    assert "structure" in step(a, "seize_cpme").note


def test_cpme_open_for_a_complete_business_case_after_a_failed_attempt():
    a = assess(failed_business_case(), date(2026, 1, 21))
    assert a.cpme.open and a.cpme.reasons == () and a.cpme.missing_items == ()
    assert a.cpme.opens_on == date(2026, 1, 20)
    assert a.cpme.open_basis.rule_id == "cpme_failed_prior_attempt"
    assert step(a, "seize_cpme").earliest == date(2026, 1, 20)


@pytest.mark.parametrize(
    ("directory_id", "name", "covered"),
    [
        ("bouygues", "", True),
        ("orange", "", True),
        ("sfr", "", True),
        ("", "Bouygues Télécom", True),
        ("", "BOUYGUES TELECOM", True),
        ("", "Orange", True),
        ("", "SFR Business", True),
        ("", "  sfr ", True),
        ("free", "Free", False),
        ("", "Free Mobile", False),
        ("", "Sosh", False),
        ("", "RED by SFR", True),
        ("", "Orangina Télécom", False),
        ("", "", False),
    ],
)
def test_cpme_operator_identification(directory_id, name, covered):
    a = assess(failed_business_case(operator=name, directory_id=directory_id), date(2026, 2, 1))
    assert ("operator_not_covered" in codes(a.cpme)) is (not covered)
    if not covered:
        text = reason(a.cpme, "operator_not_covered").message
        assert "Bouygues Télécom, Orange, SFR" in text
        assert ("business_mediator" in step_ids(a))


def _blank(case: Case, field: str) -> None:
    if field == "subscriber":
        case.subscriber.name = "  "
    elif field == "operator":
        case.operator.name = ""
    elif field == "line":
        case.lines = [Line(number=" ")]
    elif field == "contract":
        case.contract.contract_number = ""
    elif field == "summary":
        case.summary = "\n"


@pytest.mark.parametrize(
    ("blank", "missing"),
    [
        ([], []),
        (["contract"], ["4. Numéro de contrat"]),
        (["subscriber"], ["1. Nom du souscripteur du contrat"]),
        (["line"], ["3. Numéro de la ligne concernée"]),
        (["summary", "line"],
         ["3. Numéro de la ligne concernée", "5. Résumé chronologique de la situation"]),
        (["operator"], ["2. Nom de l'opérateur"]),
        (["subscriber", "operator", "line", "contract", "summary"],
         ["1. Nom du souscripteur du contrat", "2. Nom de l'opérateur",
          "3. Numéro de la ligne concernée", "4. Numéro de contrat",
          "5. Résumé chronologique de la situation"]),
    ],
)
def test_cpme_missing_items_are_listed_exactly(blank, missing):
    case = failed_business_case()
    for field in blank:
        _blank(case, field)
    a = assess(case, date(2026, 2, 1))
    assert [i.text for i in a.cpme.missing_items] == missing
    assert [i.number for i in a.cpme.missing_items] == [int(m[0]) for m in missing]
    assert a.cpme.open is (not missing)
    if missing:
        assert reason(a.cpme, "missing_items").message.endswith(" ; ".join(missing) + ".")


def test_no_lines_at_all_means_item_3_missing():
    case = failed_business_case()
    case.lines = []
    assert [i.number for i in assess(case, date(2026, 2, 1)).cpme.missing_items] == [3]


def test_seize_cpme_step_tells_what_to_complete():
    case = failed_business_case()
    case.contract.contract_number = ""
    seize = step(assess(case, date(2026, 2, 1)), "seize_cpme")
    assert "4. Numéro de contrat" in seize.note


@pytest.mark.parametrize(
    ("events", "today", "failed", "until"),
    [
        ([email(date(2026, 1, 10))], date(2026, 2, 10), False, date(2026, 2, 11)),
        ([email(date(2026, 1, 10))], date(2026, 2, 11), True, None),
        ([email(date(2026, 1, 10)), answer(date(2026, 1, 12), AnswerOutcome.PARTIAL)],
         date(2026, 1, 12), True, None),
        ([email(date(2026, 1, 10)), answer(date(2026, 1, 12), AnswerOutcome.SATISFACTORY)],
         date(2026, 6, 1), False, None),
        ([email(date(2026, 1, 10)), answer(date(2026, 1, 12), AnswerOutcome.NONE)],
         date(2026, 2, 10), False, date(2026, 2, 11)),
        ([], date(2026, 6, 1), False, None),
        ([Event(kind=EventKind.SHOP_VISIT, date=date(2026, 1, 10),
                counterpart=Counterpart.OPERATOR_OTHER)], date(2026, 2, 11), True, None),
    ],
)
def test_cpme_failed_prior_attempt(events, today, failed, until):
    a = assess(make_case(*events, business=True), today)
    assert ("no_failed_attempt" in codes(a.cpme)) is (not failed)
    assert a.cpme.open is failed
    if until is not None:
        assert reason(a.cpme, "no_failed_attempt").until == until


def test_cpme_reasons_for_a_private_subscriber_with_another_operator():
    a = assess(make_case(email(date(2026, 1, 10)), operator="Free", directory_id="free"),
               date(2026, 1, 11))
    assert codes(a.cpme) == ["private_subscriber", "operator_not_covered", "no_failed_attempt"]
    assert all(r.basis.rule.seeds == ("seeds/000_e4fa74f68f704dc3.txt",)
               for r in a.cpme.reasons if r.code != "no_failed_attempt")


def test_cpme_already_seized():
    a = assess(make_case(email(date(2026, 1, 10)), answer(date(2026, 1, 20)),
                         saisine(date(2026, 1, 25), Counterpart.CPME), business=True),
               date(2026, 2, 1))
    assert a.stage is Stage.CPME_SEIZED
    assert codes(a.cpme) == ["already_seized"]
    assert "seize_cpme" not in step_ids(a)


# --- invoice lines (L.34-2) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "today", "state", "claim", "limit"),
    [
        (InvoiceLine(paid_on=date(2025, 3, 10)), date(2026, 1, 8), PrescriptionState.OK,
         Claim.CUSTOMER_REFUND, date(2026, 3, 10)),
        (InvoiceLine(paid_on=date(2025, 3, 10)), date(2026, 1, 9), PrescriptionState.SOON,
         Claim.CUSTOMER_REFUND, date(2026, 3, 10)),  # 60 days before
        (InvoiceLine(paid_on=date(2025, 3, 10)), date(2026, 3, 10), PrescriptionState.SOON,
         Claim.CUSTOMER_REFUND, date(2026, 3, 10)),
        (InvoiceLine(paid_on=date(2025, 3, 10)), date(2026, 3, 11),
         PrescriptionState.PRESCRIBED, Claim.CUSTOMER_REFUND, date(2026, 3, 10)),
        (InvoiceLine(paid_on=date(2028, 2, 29)), date(2029, 3, 1),
         PrescriptionState.PRESCRIBED, Claim.CUSTOMER_REFUND, date(2029, 2, 28)),
        (InvoiceLine(due_date=date(2025, 6, 1), invoice_date=date(2025, 5, 15)),
         date(2026, 6, 2), PrescriptionState.PRESCRIBED, Claim.OPERATOR_PAYMENT,
         date(2026, 6, 1)),
        (InvoiceLine(invoice_date=date(2025, 5, 15)), date(2026, 5, 16),
         PrescriptionState.PRESCRIBED, Claim.UNKNOWN, date(2026, 5, 15)),
        (InvoiceLine(), date(2026, 5, 16), PrescriptionState.UNKNOWN, Claim.UNKNOWN, None),
    ],
)
def test_invoice_prescription(line, today, state, claim, limit):
    case = make_case()
    case.invoice_lines.append(line)
    flag = assess(case, today).invoice_flags[0]
    assert (flag.state, flag.claim, flag.limit) == (state, claim, limit)
    assert flag.invoice_line_id == line.id
    assert flag.basis.rule_id == ("operator_claim_due_date" if claim is Claim.OPERATOR_PAYMENT
                                  else "invoice_prescription_one_year")
    if limit is not None:
        assert flag.basis.event.ref_type == "invoice_line"
        assert flag.basis.event.id == line.id
        assert flag.basis.event.provisional is (claim is Claim.UNKNOWN)


def test_invoice_flag_messages_say_which_date_was_used():
    case = make_case()
    case.invoice_lines += [
        InvoiceLine(invoice_number="F1", label="Option TV", paid_on=date(2025, 1, 20),
                    invoice_date=date(2025, 1, 5)),
        InvoiceLine(invoice_number="F2", due_date=date(2025, 6, 1)),
        InvoiceLine(invoice_number="F3", invoice_date=date(2025, 5, 15)),
    ]
    f1, f2, f3 = assess(case, date(2026, 2, 1)).invoice_flags
    assert "date de paiement : 20 janvier 2025" in f1.message
    assert "prescrite depuis le 21 janvier 2026" in f1.message
    assert "date d'échéance : 1er juin 2025" in f2.message
    assert "Si la facture a été payée" in f2.message
    assert "date de la facture : 15 mai 2025" in f3.message


# --- other warnings ------------------------------------------------------------------------


def test_unknown_operator_and_addresses_are_warned():
    case = make_case(operator="", directory_id="")
    case.operator.service_clients_address = PostalAddress()
    case.operator.service_consommateurs_address = PostalAddress()
    codes_found = warning_codes(assess(case, date(2026, 1, 1)))
    assert {"operator_unknown", "service_clients_address_unknown",
            "service_consommateurs_address_unknown"} <= set(codes_found)


def test_future_event_is_warned():
    future = email(date(2026, 5, 1))
    a = assess(make_case(future), date(2026, 4, 1))
    assert any(w.code == "future_event" and w.event_id == future.id for w in a.warnings)


# --- rules are data ------------------------------------------------------------------------


def test_a_corrected_delay_in_the_rules_changes_the_deadline():
    rules = default_rules()
    changed = rules.replace(replace(rules["service_clients_answer_delay"],
                                    delay=Delay(30, DelayUnit.DAYS)))
    case = make_case(email(date(2026, 1, 31)))
    normal = assess(case, date(2026, 2, 1))
    assert deadline(normal, "service_clients_answer").date == date(2026, 2, 28)
    assert deadline(assess(case, date(2026, 2, 1), changed),
                    "service_clients_answer").date == date(2026, 3, 2)


def test_a_rule_set_missing_a_rule_is_refused_by_name():
    rules = default_rules()
    partial = RuleSet([r for r in rules.values() if r.id != "mediator_one_year_limit"])
    with pytest.raises(KeyError, match="mediator_one_year_limit"):
        assess(make_case(), date(2026, 1, 1), partial)


# --- every conclusion says why -------------------------------------------------------------


def rich_case() -> Case:
    case = make_case(
        call(date(2026, 1, 5)),
        lrar(date(2026, 1, 6), received=date(2026, 1, 9)),
        answer(date(2026, 1, 30), AnswerOutcome.PARTIAL),
        lrar(date(2026, 2, 2), SCONS, presented=date(2026, 2, 4)),
        answer(date(2026, 3, 1), UNSAT, SCONS),
        saisine(date(2026, 3, 10)),
        opinion(date(2026, 5, 29)),
    )
    case.invoice_lines.append(InvoiceLine(invoice_number="F1", paid_on=date(2025, 2, 1)))
    return case


def test_every_conclusion_carries_rule_source_and_event():
    case = rich_case()
    a = assess(case, date(2026, 6, 2))
    event_ids = {e.id for e in case.events}
    assert a.deadlines and a.next_steps and a.mediator.reasons and a.cpme.reasons
    bases = [d.basis for d in a.deadlines] + [s.basis for s in a.next_steps]
    bases += [r.basis for route in (a.mediator, a.cpme) for r in route.reasons]
    bases += [f.basis for f in a.invoice_flags]
    bases += [d.basis for d in a.letters]
    for basis in bases:
        assert basis.rule_id in REQUIRED_RULES
        assert basis.source.strip()
        # reviewed against DOMAIN.md (22 Nov.) or LEGAL-2026-12.md (2 Dec. 2026)
        assert basis.rule.verified_on in (date(2026, 11, 22), date(2026, 12, 2))
    for d in a.deadlines:
        assert d.basis.event is not None, d.id
        assert d.basis.event.id in event_ids, d.id
        assert d.basis.event.date <= d.date, d.id
    assert a.stage_event.id in event_ids


def test_assess_does_not_change_the_case():
    case = rich_case()
    before = case_to_dict(case)
    assess(case, date(2026, 6, 2))
    assert case_to_dict(case) == before


# --- outputs -------------------------------------------------------------------------------


def test_assessment_to_dict_is_json_safe_with_stable_keys():
    data = assessment_to_dict(assess(rich_case(), date(2026, 6, 2)))
    again = json.loads(json.dumps(data, ensure_ascii=False))
    assert again == data
    assert list(data) == ["format", "version", "case_id", "today", "stage", "next_steps",
                          "routes", "deadlines", "invoice_flags", "warnings", "letters", "rules"]
    assert data["format"] == "recours-telecom/status" and data["version"] == 1
    assert data["stage"]["id"] == "mediator_opinion"
    assert set(data["routes"]) == {"mediator", "cpme", "business_mediator", "court"}
    assert set(data["routes"]["cpme"]) == {"open", "opens_on", "open_basis", "latest",
                                           "latest_basis", "reasons", "missing_items", "kind",
                                           "notes"}
    position = next(d for d in data["deadlines"] if d["id"] == "parties_position_due")
    assert position["date"] == "2026-06-29"
    assert position["basis"]["rule_id"] == "parties_position_delay"
    assert position["basis"]["source"].startswith("Code de la consommation, article R.612-4")
    assert position["basis"]["rule_status"] == "verified"
    assert position["basis"]["event"]["date"] == "2026-05-29"
    assert data["rules"]["parties_position_delay"]["references"] == [
        "seeds/001_7e4cd6260acd53e8.txt", "Code de la consommation, art. R.612-4"]
    assert data["rules"]["parties_position_delay"]["delay"] == {"value": 1, "unit": "months"}
    # every rule a basis names is described once in "rules"
    named = set()

    def collect(node):
        if isinstance(node, dict):
            if "rule_id" in node:
                named.add(node["rule_id"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)
    collect({k: v for k, v in data.items() if k != "rules"})
    assert named == set(data["rules"])
    assert set(position) == {"id", "label", "date", "kind", "state", "days_left", "provisional",
                             "warning", "not_moved", "met_event_id", "basis"}


def test_missing_items_in_json():
    case = failed_business_case()
    case.contract.contract_number = ""
    data = assessment_to_dict(assess(case, date(2026, 2, 1)))
    assert data["routes"]["cpme"]["missing_items"] == [
        {"number": 4, "key": "contract_number", "label": "Numéro de contrat",
         "text": "4. Numéro de contrat"}]


def test_text_report_shows_stage_deadlines_reasons_and_why():
    text = format_assessment_text(assess(rich_case(), date(2026, 6, 2)))
    assert text.startswith("État du dossier au 2 juin 2026\nÉtape : Avis du médiateur rendu")
    assert "Position de l'abonné sur l'avis du médiateur : 29 juin 2026 (dans 27 jours)" in text
    assert "Pourquoi : date de l'événement (29 mai 2026) de « Avis du médiateur" in text
    assert "; source : Code de la consommation, article R.612-4" in text
    assert "parties_position_delay" not in text  # a rule's id says nothing to the user
    assert "Médiateur des communications électroniques : non ouvert" in text
    assert "Le médiateur a déjà été saisi" in text
    assert "non vérifié" in text  # the M+5 note's rule status is visible (once: review 18.5)
    assert "Prescription des lignes de facture" in text


def test_text_report_of_an_empty_case():
    text = format_assessment_text(assess(make_case(), date(2026, 3, 1)))
    assert "Étape : Aucune démarche engagée" in text
    assert "Échéances : aucune" in text
    assert "Aucune réclamation écrite" in text


def test_case_summary_fields_give_the_next_awaited_deadline():
    case = make_case(email(date(2026, 1, 10)))
    fields = case_summary_fields(case, date(2026, 1, 20))
    assert fields["stage"] is Stage.SERVICE_CLIENTS
    assert fields["stage_label"] == "Service clients contacté"
    assert fields["next_deadline_date"] == date(2026, 2, 10)
    assert fields["next_deadline_label"] == "Réponse attendue du service clients"
    later = case_summary_fields(case, date(2026, 2, 11))
    assert later["next_deadline_date"] == date(2026, 3, 11)
    assert later["next_deadline_label"] == "Saisine du médiateur possible"


# --- properties ----------------------------------------------------------------------------

_dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2029, 12, 31))
_events = st.builds(
    Event,
    kind=st.sampled_from(list(EventKind)),
    date=st.one_of(st.none(), _dates),
    counterpart=st.sampled_from(list(Counterpart)),
    direction=st.sampled_from(list(Direction)),
    written=st.booleans(),
    outcome=st.one_of(st.none(), st.sampled_from(list(AnswerOutcome))),
    party=st.one_of(st.none(), st.sampled_from(list(Party))),
    registered=st.one_of(st.none(), st.builds(
        RegisteredMail, posted_on=st.one_of(st.none(), _dates),
        first_presented_on=st.one_of(st.none(), _dates),
        received_on=st.one_of(st.none(), _dates), not_claimed=st.booleans())),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_events, max_size=8), _dates, st.booleans(), st.sampled_from(list(CaseStatus)))
def test_any_chronology_gives_a_consistent_assessment(events, today, business, status):
    case = make_case(*events, business=business)
    case.status = status
    a = assess(case, today)
    json.dumps(assessment_to_dict(a))
    format_assessment_text(a)
    for d in a.deadlines:
        assert d.basis.event is not None
        assert d.date >= d.basis.event.date  # never before the fact it was computed from
        assert (d.date - today).days == d.days_left
    if a.mediator.open:
        assert a.mediator.latest is not None and today <= a.mediator.latest
        assert a.mediator.opens_on <= today
        assert not business
    for r in a.mediator.reasons + a.cpme.reasons:
        assert r.basis.source
        if r.until is not None:
            assert r.until > today
    for s in a.next_steps:
        assert s.latest is None or s.latest >= s.earliest, s
    if status is not CaseStatus.OPEN:
        assert a.stage is Stage.CLOSED and a.next_steps == ()


def test_the_latest_answer_of_a_service_counts():
    later_unsat = answer(date(2026, 3, 10), UNSAT)
    a = assess(make_case(email(date(2026, 1, 10)),
                         answer(date(2026, 1, 20), AnswerOutcome.SATISFACTORY),
                         email(date(2026, 3, 2)), later_unsat), date(2026, 3, 11))
    assert codes(a.mediator) == ["service_consommateurs_not_seized"]
    assert reason(a.mediator, "service_consommateurs_not_seized").basis.event.id == later_unsat.id
    sc = deadline(a, "service_clients_answer")
    assert sc.basis.event.date == date(2026, 1, 10)  # nothing pending: the first complaint
    assert step(a, "write_service_consommateurs").earliest == date(2026, 3, 10)


def test_tracking_dates_before_posting_are_ignored_and_reported():
    letter = lrar(date(2026, 3, 10), received=date(2026, 3, 1))
    a = assess(make_case(letter), date(2026, 3, 12))
    d = deadline(a, "service_clients_answer")
    assert (d.date, d.provisional) == (date(2026, 4, 10), True)
    assert any(w.code == "inconsistent_tracking_dates" and w.event_id == letter.id
               for w in a.warnings)


def test_an_answer_the_same_day_answers_that_day_s_complaint():
    a = assess(make_case(Event(kind=EventKind.CHAT, date=date(2026, 1, 10), written=True),
                         answer(date(2026, 1, 10), UNSAT)), date(2026, 4, 1))
    assert codes(a.mediator) == ["service_consommateurs_not_seized"]  # no silence is pending
    assert deadline(a, "service_clients_answer").state is DeadlineState.MET

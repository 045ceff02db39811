"""Issue 9, point 1: the mediator's clocks run from a written complaint, never from a call.

L.612-2 1° requires a prior written complaint; SignalConso: « deux mois après avoir envoyé mon
courrier ». A call or a shop visit is a complaint to the operator but starts no mediator clock,
and the « Pourquoi ? » says so. The 1-year limit stays on the first written complaint.
"""

from __future__ import annotations

from datetime import date

from dispute.model import Counterpart, Event, EventKind
from dispute.procedure import (
    assess,
    format_assessment_text,
    is_written,
)
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
    step_ids,
    warning_codes,
)


def issue_case():
    """Calls on 1 and 20 March, first e-mail complaint on 2 July (the issue's example)."""
    return make_case(call(date(2026, 3, 1)), call(date(2026, 3, 20)), email(date(2026, 7, 2)))


def test_calls_then_an_email_open_the_mediator_two_months_after_the_email():
    a = assess(issue_case(), date(2026, 7, 2))
    assert not a.mediator.open
    assert a.mediator.opens_on == date(2026, 9, 3)  # 2 July + 2 months, from the day after
    late = reason(a.mediator, "delay_not_elapsed")
    assert late.until == date(2026, 9, 3)
    assert late.basis.event.label.startswith("Courriel")
    assert ("Les appels du 1er mars 2026 et du 20 mars 2026 ne font courir aucun délai : le délai "
            "de la médiation court de la réclamation écrite du 2 juillet 2026") in late.message
    assert "réclamation écrite du 2 juillet 2026" in late.message


def test_the_why_of_the_text_report_names_the_written_complaint_and_the_calls():
    text = format_assessment_text(assess(issue_case(), date(2026, 7, 2)))
    assert "ne font courir aucun délai" in text
    assert "Pourquoi : date de l'événement (2 juillet 2026) de « Courriel" in text


def test_the_mediator_opens_the_day_after_two_months_from_the_email():
    assert not assess(issue_case(), date(2026, 9, 2)).mediator.open
    a = assess(issue_case(), date(2026, 9, 3))
    assert a.mediator.open
    assert step(a, "seize_mediator").earliest == date(2026, 9, 3)
    assert a.mediator.latest == date(2027, 7, 2)  # 1 year from the first WRITTEN complaint


def test_calls_only_never_open_the_mediator_and_say_why():
    a = assess(make_case(call(date(2026, 3, 1)), call(date(2026, 3, 20))), date(2026, 12, 1))
    assert not a.mediator.open
    assert a.mediator.opens_on is None
    assert codes(a.mediator) == ["no_written_complaint", "oral_complaints_only"]
    oral = reason(a.mediator, "oral_complaints_only")
    assert oral.basis.rule_id == "mediator_clocks_written_complaint"
    # the first call starts the service clients' answer delay (seeds/001), not the mediation's
    assert oral.message.startswith(
        "L'appel du 1er mars 2026 fait courir le délai de réponse du service clients ; les "
        "appels du 1er mars 2026 et du 20 mars 2026 ne font courir ni le délai de la médiation "
        "ni celui de la mise en demeure")
    assert deadline(a, "service_clients_answer").basis.event.date == date(2026, 3, 1)
    assert not any(d.id == "mediator_earliest" for d in a.deadlines)
    # the next step is a written complaint to the service clients
    assert "write_service_clients" in step_ids(a)


def test_a_single_shop_visit_says_so_in_the_singular():
    visit = Event(kind=EventKind.SHOP_VISIT, date=date(2026, 3, 1),
                  counterpart=Counterpart.OPERATOR_OTHER)
    a = assess(make_case(visit), date(2026, 6, 1))
    assert ("La visite en boutique du 1er mars 2026 fait courir le délai de réponse du service "
            "clients ; elle ne fait courir ni le délai de la médiation") in reason(
        a.mediator, "oral_complaints_only").message


def test_a_call_ticked_written_is_still_a_call():
    ticked = call(date(2026, 3, 1), written=True)
    assert not is_written(ticked)
    a = assess(make_case(ticked), date(2026, 6, 1))
    assert "no_written_complaint" in codes(a.mediator)
    assert a.mediator.latest is None  # no first written complaint: no 1-year limit either
    assert "oral_marked_written" in warning_codes(a)


def test_a_chat_with_its_transcript_kept_as_a_file_is_written():
    chat = Event(kind=EventKind.CHAT, date=date(2026, 3, 2), exhibit_ids=["x1"])
    assert is_written(chat)
    a = assess(make_case(call(date(2026, 3, 1)), chat), date(2026, 5, 3))
    assert a.mediator.open  # 2 March + 2 months + 1 day
    assert a.mediator.open_basis.event.id == chat.id


def test_a_call_to_the_service_consommateurs_starts_no_clock_its_letter_does():
    # service clients called (unanswered) on 1 March; service consommateurs called on 5 April,
    # then written to on 10 April: the mediator opens 1 month after the letter, not the call;
    # the call of 1 March is the service clients' only complaint: its answer delay runs from it
    a = assess(make_case(call(date(2026, 3, 1)), call(date(2026, 4, 5), SCONS),
                         email(date(2026, 4, 10), SCONS)), date(2026, 5, 6))
    assert not a.mediator.open
    assert a.mediator.opens_on == date(2026, 5, 11)
    assert a.mediator.open_basis.rule_id == "mediator_after_service_consommateurs_silence"
    assert ("L'appel du 1er mars 2026 fait courir le délai de réponse du service clients ; les "
            "appels du 1er mars 2026 et du 5 avril 2026 ne font courir ni le délai de la "
            "médiation ni celui de la mise en demeure : le délai de la médiation court de la "
            "réclamation écrite du 10 avril 2026") in reason(
        a.mediator, "delay_not_elapsed").message


def test_unclaimed_lrar_after_a_call_counts_from_its_presentation_month_end():
    letter = lrar(date(2026, 1, 30), presented=date(2026, 1, 31), not_claimed=True)
    a = assess(make_case(call(date(2026, 1, 2)), letter), date(2026, 3, 31))
    # 31 January + 2 months = 31 March, open the day after; the call of 2 January counts for
    # nothing (it would have opened the mediator on 3 March)
    assert not a.mediator.open
    assert a.mediator.opens_on == date(2026, 4, 1)
    assert a.mediator.open_basis.event.date_kind.value == "not_claimed"
    assert a.mediator.latest == date(2027, 1, 30)  # earliest known date of the LRAR


def test_leap_year_month_end():
    # a call in November, the written complaint on 31 December 2027: + 2 months = 29 February
    # 2028 (leap year), open from 1 March 2028
    a = assess(make_case(call(date(2027, 11, 29)), email(date(2027, 12, 31))),
               date(2028, 2, 29))
    assert not a.mediator.open
    assert a.mediator.opens_on == date(2028, 3, 1)


def test_opening_on_a_public_holiday_is_flagged_not_moved():
    # e-mail on 13 May 2026: + 2 months = 13 July, open on 14 July (Fête nationale)
    a = assess(make_case(call(date(2026, 4, 2)), email(date(2026, 5, 13))), date(2026, 6, 1))
    opening = deadline(a, "mediator_earliest")
    assert opening.date == date(2026, 7, 14)
    assert "férié" in opening.warning


def test_an_unsatisfactory_answer_to_a_call_then_the_service_consommateurs_in_writing():
    # the first level answered a call unsatisfactorily; the written letter to the service
    # consommateurs is the prior written complaint; its unsatisfactory answer opens the mediator
    a = assess(make_case(call(date(2026, 3, 1)), answer(date(2026, 3, 1)),
                         lrar(date(2026, 3, 5), SCONS, received=date(2026, 3, 7)),
                         answer(date(2026, 3, 20), frm=SCONS)), date(2026, 3, 20))
    assert a.mediator.open
    assert a.mediator.latest == date(2027, 3, 5)


def test_once_written_the_operators_answer_delay_runs_from_the_writing():
    # calls on 1 and 20 March, e-mail on 2 July: the answer is expected by 2 August (not
    # 1 April from the call), the service consommateurs from 3 August; the letters agree
    a = assess(issue_case(), date(2026, 7, 3))
    assert deadline(a, "service_clients_answer").date == date(2026, 8, 2)
    scons = a.letter("recours_service_consommateurs")
    assert scons.state.value == "premature" and scons.possible_from == date(2026, 8, 3)
    assert step(a, "write_service_consommateurs").earliest == date(2026, 8, 3)
    assert a.letter("reclamation_service_clients").answer_due == date(2026, 8, 2)


def test_calls_only_still_open_the_service_consommateurs_after_a_month():
    # seeds/001: « avoir pris contact par téléphone ou par courrier avec le service clients »
    a = assess(make_case(call(date(2026, 3, 1))), date(2026, 4, 2))
    assert a.letter("recours_service_consommateurs").state.value == "possible"

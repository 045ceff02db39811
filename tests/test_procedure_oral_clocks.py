"""A call starts the operator's answer delay, not the mediators' nor the mise en demeure's.

docs/procedure.md « Written complaints start the mediator's clocks »: with calls only, a call
left a month without answer is the operator's failure (seeds/001 « par téléphone ou par
courrier »; the CPME's « voie classique »), so the « Réponse attendue » deadline, the service
consommateurs and the CPME are computed from it; the telecom mediator, the Médiateur des
entreprises and the mise en demeure wait for a written complaint. No text may then say that
the call « ne fait courir aucun délai » (the lead's business case of 3 December 2026), and a
business is never told that a written complaint « ouvre ensuite la médiation ».
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from dispute.model import BusinessForm, Counterpart, DisputeNature, Event, EventKind
from dispute.procedure import assess, assessment_to_dict, format_assessment_text
from procedure_builders import SCONS, answer, call, deadline, email, make_case, reason

TODAY = date(2026, 12, 3)
CALL_DAY = date(2026, 9, 5)


def lead_case(business: bool = True):
    """SARL followed by the CPME du Calvados, Orange, an outage from 4 September, one call to
    the service clients on 5 September 2026."""
    case = make_case(Event(kind=EventKind.OUTAGE, date=date(2026, 9, 4),
                           counterpart=Counterpart.OPERATOR_OTHER),
                     call(CALL_DAY), business=business)
    case.natures = [DisputeNature.OUTAGE]
    if business:
        case.subscriber.business_form = BusinessForm.COMPANY
    return case


def every_text(a) -> list[str]:
    out = [a.stage_reason]
    for route in (a.mediator, a.cpme, a.business_mediator, a.court):
        out += [r.message for r in route.reasons + route.notes]
    out += [d.reason for d in a.letters] + [d.waits_for for d in a.letters]
    for s in a.next_steps:
        out += [s.label, s.note]
    out += [w.message for w in a.warnings]
    out.append(format_assessment_text(a))
    out.append(json.dumps(assessment_to_dict(a), ensure_ascii=False))
    return out


def test_the_lead_case_computes_from_the_call_and_never_says_it_starts_nothing():
    a = assess(lead_case(), TODAY)
    due = deadline(a, "service_clients_answer")
    assert due.date == date(2026, 10, 5) and due.basis.event.date == CALL_DAY
    assert a.cpme.open and a.cpme.opens_on == date(2026, 10, 6)
    for text in every_text(a):
        assert "aucun délai" not in text
        assert "ouvre ensuite la médiation" not in text
    letter = a.letter("reclamation_service_clients").reason
    assert letter.startswith("L'appel du 5 septembre 2026 fait courir le délai de réponse du "
                             "service clients ; il ne fait courir ni le délai du Médiateur des "
                             "entreprises ni celui de la mise en demeure")
    assert "ouvre ensuite le Médiateur des entreprises et la mise en demeure" in letter
    assert "ni le délai du Médiateur des entreprises ni celui de la mise en demeure" in (
        a.business_mediator.reasons[0].message)


@pytest.mark.parametrize("events", [
    (call(CALL_DAY),),
    (call(CALL_DAY), email(date(2026, 11, 20))),
])
def test_a_business_gets_no_advice_on_the_telecom_mediator_s_clocks(events):
    # « réservé aux clients particuliers » and nothing about when it would open
    a = assess(make_case(*events, business=True), TODAY)
    assert [r.code for r in a.mediator.reasons][0] == "business_subscriber"
    text = " ".join(r.message for r in a.mediator.reasons)
    assert "médiation" not in text and "pourra être saisi" not in text
    assert "s'ouvre" not in text


def test_a_private_subscriber_hears_of_the_mediation_and_the_formal_notice():
    a = assess(lead_case(business=False), TODAY)
    assert deadline(a, "service_clients_answer").basis.event.date == CALL_DAY
    for text in every_text(a):
        assert "aucun délai" not in text
    letter = a.letter("reclamation_service_clients").reason
    assert ("il ne fait courir ni le délai de la médiation ni celui de la mise en demeure : une "
            "réclamation écrite (lettre recommandée conseillée) les fait courir et ouvre "
            "ensuite la médiation et la mise en demeure.") in letter
    oral = reason(a.mediator, "oral_complaints_only").message
    assert oral.startswith("L'appel du 5 septembre 2026 fait courir le délai de réponse du "
                           "service clients ; il ne fait courir ni le délai de la médiation")
    # a letter to the service consommateurs answered, then only calls to it: the mediator's
    # letter waits for a written complaint, and says why the calls do not do
    later = assess(make_case(email(date(2026, 3, 1), SCONS), answer(date(2026, 3, 9), frm=SCONS),
                             call(date(2026, 3, 20), SCONS)), date(2026, 6, 1))
    assert later.letter("saisine_mediateur").waits_for.endswith(
        "(un appel ne fait pas courir le délai de la médiation)")


def test_calls_before_a_written_complaint_still_start_nothing():
    # the e-mail of 2 July is the clock of every delay: the calls start none (issue 9)
    a = assess(make_case(call(date(2026, 3, 1)), call(date(2026, 3, 20)),
                         email(date(2026, 7, 2))), date(2026, 7, 2))
    assert deadline(a, "service_clients_answer").basis.event.date == date(2026, 7, 2)
    assert ("Les appels du 1er mars 2026 et du 20 mars 2026 ne font courir aucun délai : le "
            "délai de la médiation court de la réclamation écrite du 2 juillet 2026") in reason(
        a.mediator, "delay_not_elapsed").message


def test_a_call_to_the_first_level_before_a_letter_to_the_second_is_its_clock():
    # the service clients was only called: its answer delay runs from that call, so the note
    # on the mediator's delay (from the letter to the service consommateurs) must not say the
    # call starts nothing
    a = assess(make_case(call(date(2026, 3, 1)), email(date(2026, 4, 10), SCONS)),
               date(2026, 5, 6))
    assert deadline(a, "service_clients_answer").basis.event.date == date(2026, 3, 1)
    message = reason(a.mediator, "delay_not_elapsed").message
    assert ("L'appel du 1er mars 2026 fait courir le délai de réponse du service clients ; il "
            "ne fait courir ni le délai de la médiation ni celui de la mise en demeure : le délai "
            "de la médiation court de la réclamation écrite du 10 avril 2026.") in message


def test_a_call_to_the_service_consommateurs_after_an_answer_starts_its_delay():
    a = assess(make_case(email(date(2026, 3, 1)), answer(date(2026, 3, 10)),
                         call(date(2026, 3, 20), SCONS)), date(2026, 4, 1))
    assert deadline(a, "service_consommateurs_answer").basis.event.date == date(2026, 3, 20)
    message = reason(a.mediator, "service_consommateurs_not_seized").message
    assert ("L'appel du 20 mars 2026 fait courir le délai de réponse du service "
            "consommateurs ; il ne fait courir ni le délai de la médiation") in message


@pytest.mark.parametrize("business", [False, True])
def test_a_call_ticked_written_names_the_delays_it_does_not_start(business):
    a = assess(make_case(call(date(2026, 3, 1), written=True), business=business),
               date(2026, 5, 1))
    warning = next(w for w in a.warnings if w.code == "oral_marked_written")
    assert "aucun délai" not in warning.message
    which = "du Médiateur des entreprises" if business else "de la médiation"
    assert f"ne fait courir ni le délai {which} ni celui de la mise en demeure" in (
        warning.message)


def test_a_shop_visit_and_calls_agree_in_gender_and_number():
    visits = [Event(kind=EventKind.SHOP_VISIT, date=date(2026, 3, d),
                    counterpart=Counterpart.OPERATOR_OTHER) for d in (1, 2)]
    a = assess(make_case(*visits), date(2026, 5, 1))
    assert reason(a.mediator, "oral_complaints_only").message.startswith(
        "La visite en boutique du 1er mars 2026 fait courir le délai de réponse du service "
        "clients ; les visites en boutique du 1er mars 2026 et du 2 mars 2026 ne font courir ni "
        "le délai de la médiation ni celui de la mise en demeure : seule une réclamation écrite")


def test_a_seized_mediator_is_no_longer_a_delay_the_call_could_start():
    # a business that seized the Médiateur des entreprises: only the mise en demeure is left
    seized = Event(kind=EventKind.SAISINE, date=date(2026, 3, 5),
                   counterpart=Counterpart.BUSINESS_MEDIATOR, written=True)
    a = assess(make_case(call(date(2026, 3, 1)), seized, business=True), date(2026, 5, 1))
    texts = " ".join(every_text(a))
    assert "aucun délai" not in texts
    assert "ni le délai du Médiateur des entreprises" not in texts


ORAL_DATE = re.compile(r"(?:L'appel|Les appels|La visite|Les visites|L'échange|Les échanges)"
                       r"[^:;]*? ne f(?:ait|ont) courir aucun délai")


@pytest.mark.parametrize("business", [False, True])
@pytest.mark.parametrize("events", [
    (call(date(2026, 1, 5)),),
    (call(date(2026, 1, 5)), call(date(2026, 1, 9))),
    (call(date(2026, 1, 5)), email(date(2026, 2, 1), SCONS)),
    (email(date(2026, 1, 5)), answer(date(2026, 1, 9)), call(date(2026, 1, 20), SCONS)),
    (call(date(2026, 1, 5)), email(date(2026, 2, 1))),
])
def test_aucun_delai_only_when_no_deadline_runs_from_a_call(business, events):
    case = make_case(*events, business=business)
    for day in (date(2026, 1, 20), date(2026, 3, 15), date(2026, 6, 1)):
        a = assess(case, day)
        from_oral = any(d.basis.event is not None and any(
            e.id == d.basis.event.id and e.kind is EventKind.CALL for e in case.events)
            for d in a.deadlines)
        said = any(ORAL_DATE.search(t) for t in every_text(a))
        assert not (from_oral and said), (business, events, day)


def test_the_written_clocks_are_rules_the_engine_applies():
    from dispute.procedure.engine import REQUIRED_RULES
    from dispute.procedure.oral import WRITTEN_CLOCKS

    assert {c.rule_id for c in WRITTEN_CLOCKS} <= REQUIRED_RULES

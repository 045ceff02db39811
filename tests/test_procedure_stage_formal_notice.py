"""A mise en demeure sets its own stage (docs/procedure.md « Stage »).

The case window records a posted letter as a registered letter to its recipient, its summary
the letter's label (« Mise en demeure », ``RegisteredLetterDialog``): sent to the service
consommateurs, it read as one more complaint to it, and « Étape » stayed (or went back to)
« Service consommateurs saisi ». The stage now names the formal notice, the furthest step with
the operator; the routes read the letter as before (a written complaint to its level), the
operator's ordinary letters do not follow it (review 5, point 11).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dispute.model import (
    Counterpart,
    Direction,
    Event,
    EventKind,
    RegisteredMail,
)
from dispute.procedure import Stage, assess, assessment_to_dict, format_assessment_text
from documents.chronology import deadline_superseded
from procedure_builders import SC, SCONS, answer, deadline, lrar, make_case, saisine

TODAY = date(2026, 6, 20)
NOTICE_DAY = date(2026, 6, 1)


def formal_notice(d: date | None = NOTICE_DAY, to: Counterpart = SCONS,
                  summary: str = "Mise en demeure", kind: EventKind = EventKind.REGISTERED_LETTER,
                  direction: Direction = Direction.OUTGOING) -> Event:
    """As ``RegisteredLetterDialog.edited_event`` records it."""
    registered = (RegisteredMail(tracking_number="1A 234", posted_on=d)
                  if kind is EventKind.REGISTERED_LETTER else None)
    return Event(kind=kind, date=d, counterpart=to, direction=direction, written=True,
                 summary=summary, registered=registered)


def ladder(*more: Event):
    """Written complaint to the service clients, then the service consommateurs (silent)."""
    return make_case(lrar(date(2026, 3, 2), SC, received=date(2026, 3, 4)),
                     lrar(date(2026, 4, 10), SCONS, received=date(2026, 4, 13)), *more)


def test_the_brief_s_case_the_formal_notice_is_the_stage():
    before = assess(ladder(), TODAY)
    assert before.stage is Stage.SERVICE_CONSOMMATEURS
    notice = formal_notice()
    a = assess(ladder(notice), TODAY)
    assert a.stage is Stage.FORMAL_NOTICE
    assert a.stage_label == "Mise en demeure envoyée"
    assert a.stage_event.id == notice.id
    assert a.stage_reason == ("Mise en demeure envoyée : Lettre recommandée avec accusé de "
                              "réception — Service consommateurs du 1er juin 2026.")
    assert "Étape : Mise en demeure envoyée" in format_assessment_text(a)
    assert assessment_to_dict(a)["stage"]["id"] == "formal_notice"


def test_the_routes_read_the_letter_as_before():
    # the same letter with another summary: every route, deadline, letter and step agrees
    notice = formal_notice()
    plain = replace(notice, summary="Courrier")
    case = ladder(notice)
    other = replace(case, events=[*case.events[:-1], plain])
    a, b = assess(case, TODAY), assess(other, TODAY)
    assert b.stage is Stage.SERVICE_CONSOMMATEURS
    for name in ("mediator", "cpme", "business_mediator", "court"):
        assert getattr(a, name) == getattr(b, name), name
    assert a.deadlines == b.deadlines
    assert a.next_steps == b.next_steps
    # but not the operator's ordinary letters: no relance, no recourse after a mise en demeure
    # (review 5, point 11; tests/test_review5_procedure.py)
    ordinary = {"mise_en_demeure", "reclamation_service_clients",
                "recours_service_consommateurs", "contestation_facturation", "relance_operateur"}
    assert [d for d in a.letters if d.kind not in ordinary] == [
        d for d in b.letters if d.kind not in ordinary]
    for kind in ("recours_service_consommateurs", "relance_operateur"):
        assert a.letter(kind).basis.rule.id == "formal_notice_no_reminder", kind


def test_the_letter_list_says_it_was_sent():
    notice = formal_notice()
    decision = assess(ladder(notice), TODAY).letter("mise_en_demeure")
    assert decision.state.value == "sent"
    assert decision.sent_on == NOTICE_DAY and decision.event_id == notice.id
    assert "1er juin 2026" in decision.reason


def test_a_passed_answer_delay_is_history_once_the_notice_is_sent():
    a = assess(ladder(formal_notice()), TODAY)
    due = deadline(a, "service_consommateurs_answer")
    assert due.date == date(2026, 5, 13)
    assert deadline_superseded(due, a)


@pytest.mark.parametrize("summary", [
    "Mise en demeure", "MISE EN DEMEURE de rétablir la ligne", "  mise   en demeure ",
    "Mise en demeure — ligne 02 31 00 00 00", "Lettre de mise en demeure",
])
def test_the_summaries_the_user_may_keep_or_type(summary):
    assert assess(ladder(formal_notice(summary=summary)), TODAY).stage is Stage.FORMAL_NOTICE


@pytest.mark.parametrize("event", [
    formal_notice(summary="Relance avant mise en demeure"),
    formal_notice(summary=""),
    formal_notice(d=None),  # undated: ignored, listed in the warnings
    # the operator's own « mise en demeure de payer » is no step of the subscriber's
    formal_notice(kind=EventKind.ANSWER, direction=Direction.INCOMING),
    formal_notice(kind=EventKind.CALL),  # a call leaves no letter
    formal_notice(to=Counterpart.DGCCRF),
])
def test_what_is_not_a_formal_notice(event):
    assert assess(ladder(event), TODAY).stage is not Stage.FORMAL_NOTICE


def test_to_the_service_clients_and_by_e_mail():
    case = make_case(lrar(date(2026, 3, 2), SC), formal_notice(to=SC, kind=EventKind.EMAIL))
    assert assess(case, TODAY).stage is Stage.FORMAL_NOTICE


def test_an_answer_after_it_is_named():
    a = assess(ladder(formal_notice(), answer(date(2026, 6, 10), frm=SCONS)), TODAY)
    assert a.stage is Stage.FORMAL_NOTICE
    assert a.stage_reason.endswith("Réponse insatisfaisante le 10 juin 2026.")


@pytest.mark.parametrize(("later", "stage"), [
    (saisine(date(2026, 6, 25)), Stage.MEDIATOR_SEIZED),
    (saisine(date(2026, 6, 25), Counterpart.CPME), Stage.CPME_SEIZED),
    (Event(kind=EventKind.COURT_ACTION, date=date(2026, 6, 25), counterpart=Counterpart.COURT),
     Stage.LAST_RESORT),
])
def test_the_bodies_seized_after_it_still_rank_above(later, stage):
    a = assess(ladder(formal_notice(), later), date(2026, 6, 30))
    assert a.stage is stage


def test_month_end_and_leap_day_dates_are_named():
    notice = formal_notice(d=date(2028, 2, 29))
    a = assess(make_case(lrar(date(2028, 1, 31), SC), notice), date(2028, 3, 31))
    assert a.stage is Stage.FORMAL_NOTICE
    assert a.stage_reason.endswith("Service consommateurs du 29 février 2028.")

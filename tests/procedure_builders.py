"""Builders shared by the procedure engine's tests (tests/test_procedure*.py)."""

from __future__ import annotations

from datetime import date

from dispute.model import (
    AnswerOutcome,
    Case,
    Counterpart,
    Direction,
    Event,
    EventKind,
    HandlingStructure,
    Line,
    PostalAddress,
    RegisteredMail,
    SubscriberKind,
)
from dispute.procedure import Assessment

SC = Counterpart.SERVICE_CLIENTS
SCONS = Counterpart.SERVICE_CONSOMMATEURS
UNSAT = AnswerOutcome.UNSATISFACTORY

def make_case(*events: Event, business: bool = False, operator: str = "Orange",
              directory_id: str = "orange", complete: bool = True) -> Case:
    case = Case()
    case.subscriber.kind = SubscriberKind.BUSINESS if business else SubscriberKind.PRIVATE
    case.operator.name = operator
    case.operator.directory_id = directory_id
    address = PostalAddress(street_lines=["TSA 00000"], postcode="59878", city="Lille")
    case.operator.service_clients_address = address
    case.operator.service_consommateurs_address = address
    if complete:
        case.subscriber.name = "Boulangerie Léa"
        case.lines.append(Line(number="0231000000"))
        case.contract.contract_number = "C-123"
        case.summary = "Ligne coupée depuis le 2 janvier 2026."
        if business:  # the structure the CPME deals with (seeds/000)
            case.handling_structure = HandlingStructure(name="CPME du Calvados")
    case.events.extend(events)
    return case


def call(d: date | None, to: Counterpart = SC, written: bool = False) -> Event:
    return Event(kind=EventKind.CALL, date=d, counterpart=to, written=written)


def email(d: date | None, to: Counterpart = SC) -> Event:
    return Event(kind=EventKind.EMAIL, date=d, counterpart=to, written=True)


def lrar(posted: date | None, to: Counterpart = SC, received: date | None = None,
         presented: date | None = None, not_claimed: bool = False,
         event_date: date | None = ...) -> Event:
    return Event(kind=EventKind.REGISTERED_LETTER, counterpart=to, written=True,
                 date=posted if event_date is ... else event_date,
                 registered=RegisteredMail(tracking_number="1A0", posted_on=posted,
                                           first_presented_on=presented, received_on=received,
                                           not_claimed=not_claimed))


def answer(d: date | None, outcome: AnswerOutcome | None = UNSAT, frm: Counterpart = SC) -> Event:
    return Event(kind=EventKind.ANSWER, date=d, counterpart=frm, outcome=outcome,
                 direction=Direction.INCOMING, written=True)


def saisine(d: date, to: Counterpart = Counterpart.MEDIATOR) -> Event:
    return Event(kind=EventKind.SAISINE, date=d, counterpart=to, written=True)


def opinion(d: date) -> Event:
    return Event(kind=EventKind.MEDIATOR_OPINION, date=d, counterpart=Counterpart.MEDIATOR,
                 direction=Direction.INCOMING, outcome=AnswerOutcome.PARTIAL)


def deadline(a: Assessment, deadline_id: str):
    found = [d for d in a.deadlines if d.id == deadline_id]
    assert len(found) == 1, [d.id for d in a.deadlines]
    return found[0]


def step(a: Assessment, step_id: str):
    found = [s for s in a.next_steps if s.id == step_id]
    assert len(found) == 1, [s.id for s in a.next_steps]
    return found[0]


def step_ids(a: Assessment) -> list[str]:
    return [s.id for s in a.next_steps]


def codes(route) -> list[str]:
    return [r.code for r in route.reasons]


def reason(route, code: str):
    found = [r for r in route.reasons if r.code == code]
    assert len(found) == 1, codes(route)
    return found[0]


def warning_codes(a: Assessment) -> list[str]:
    return [w.code for w in a.warnings]



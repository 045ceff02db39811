"""Who each posted letter is recorded as sent to (« Enregistrer l'envoi recommandé »): the
recipient the composer addresses, so the procedure's clocks start on the right level."""

from __future__ import annotations

from datetime import date

import pytest

from dispute.letter_kinds import LetterKind
from dispute.model import Case, Counterpart, Direction, Event, EventKind, PostalAddress

pytest.importorskip("PySide6")

from gui.case_view.registered_dialogs import counterpart_for  # noqa: E402

FIXED = {
    LetterKind.SERVICE_CLIENTS: Counterpart.SERVICE_CLIENTS,
    LetterKind.SERVICE_CONSOMMATEURS: Counterpart.SERVICE_CONSOMMATEURS,
    LetterKind.MEDIATOR: Counterpart.MEDIATOR,
    LetterKind.CPME: Counterpart.CPME,
    LetterKind.DGCCRF: Counterpart.DGCCRF,
    LetterKind.PROCUREUR: Counterpart.PROCUREUR,
    LetterKind.CONCILIATEUR: Counterpart.CONCILIATEUR,
    LetterKind.COURT_REQUEST: Counterpart.COURT,
    LetterKind.BUSINESS_MEDIATOR: Counterpart.BUSINESS_MEDIATOR,
    LetterKind.MANDATE: Counterpart.HANDLING_STRUCTURE,
}


@pytest.mark.parametrize("kind", list(FIXED))
def test_a_letter_with_one_recipient_is_recorded_as_sent_to_it(kind):
    assert counterpart_for(kind.value, Case()) is FIXED[kind]
    assert counterpart_for(kind, Case()) is FIXED[kind]


@pytest.mark.parametrize("kind", [LetterKind.BILLING, LetterKind.PORTABILITY_COMPENSATION,
                                  LetterKind.REMINDER])
def test_a_follow_up_goes_to_the_level_already_seized(kind):
    case = Case()
    assert counterpart_for(kind, case) is Counterpart.SERVICE_CLIENTS
    case.events.append(Event(kind=EventKind.REGISTERED_LETTER, date=date(2026, 3, 2),
                             direction=Direction.OUTGOING,
                             counterpart=Counterpart.SERVICE_CONSOMMATEURS))
    assert counterpart_for(kind, case) is Counterpart.SERVICE_CONSOMMATEURS


def test_the_formal_notice_goes_to_the_service_consommateurs_when_its_address_is_known():
    case = Case()
    assert counterpart_for(LetterKind.FORMAL_NOTICE, case) is Counterpart.SERVICE_CLIENTS
    case.operator.service_consommateurs_address = PostalAddress(
        street_lines=["Service consommateurs", "TSA 00000"], postcode="75000", city="Paris")
    assert counterpart_for(LetterKind.FORMAL_NOTICE, case) is Counterpart.SERVICE_CONSOMMATEURS


def test_every_letter_kind_has_a_recipient():
    for kind in LetterKind:
        assert isinstance(counterpart_for(kind, Case()), Counterpart)

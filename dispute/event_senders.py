"""Who likely sent an event (case model v3, ``Event.sender``): the default the event dialog
shows, which the user confirms or changes. The same prudence as the migration from version 2
(``store.migrations.event_sender_v3``, frozen there): a sender only when the case leaves no
doubt, « non précisé » otherwise.
"""

from __future__ import annotations

from datetime import date

from dispute.model import Case, Counterpart, Direction, Event, EventKind, Sender

SENT_KINDS = frozenset({
    EventKind.CALL, EventKind.LETTER, EventKind.REGISTERED_LETTER, EventKind.EMAIL,
    EventKind.CHAT, EventKind.ANSWER, EventKind.SAISINE, EventKind.MEDIATOR_OPINION,
    EventKind.COURT_ACTION, EventKind.DGCCRF_REPORT, EventKind.PROCUREUR_COMPLAINT})
"""Events someone sends (a letter, a complaint, an answer): the others have no sender."""

_OPERATOR = frozenset({Counterpart.SERVICE_CLIENTS, Counterpart.SERVICE_CONSOMMATEURS,
                       Counterpart.OPERATOR_OTHER})


def has_structure(case: Case) -> bool:
    hs = case.handling_structure
    return hs is not None and bool(hs.name.strip())


def mandate_day(events) -> date | None:
    """The earliest dated signature of the structure's mandate."""
    days = [e.date for e in events if e.kind is EventKind.MANDATE_SIGNED and e.date is not None]
    return min(days) if days else None


def likely_sender(event: Event, structure: bool, mandate: date | None) -> Sender | None:
    """Received from the operator: the operator; from the structure: the structure; from a
    mediator, a court, an administration: a third party. Sent: by the subscriber when no
    ``structure`` follows the case, when sent to the structure, or before the ``mandate``
    was signed; otherwise not said (the structure may write under its mandate)."""
    if event.kind not in SENT_KINDS:
        return None
    if event.direction is Direction.INCOMING:
        if event.counterpart in _OPERATOR:
            return Sender.OPERATOR
        if event.counterpart is Counterpart.HANDLING_STRUCTURE:
            return Sender.HANDLING_STRUCTURE
        return None if event.counterpart is Counterpart.OTHER else Sender.THIRD_PARTY
    if event.counterpart is Counterpart.HANDLING_STRUCTURE or not structure:
        return Sender.SUBSCRIBER
    if mandate is not None and event.date is not None and event.date < mandate:
        return Sender.SUBSCRIBER
    return None


def consistent(event: Event) -> bool:
    """Whether the sender agrees with the direction: the subscriber's side sends what goes
    out, the others what comes in."""
    if event.sender is None:
        return True
    ours = event.sender in (Sender.SUBSCRIBER, Sender.HANDLING_STRUCTURE)
    return ours == (event.direction is Direction.OUTGOING) or \
        event.counterpart is Counterpart.HANDLING_STRUCTURE

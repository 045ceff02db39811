"""Which date of an event a delay runs from (docs/procedure.md « Which date of an event »).

- :func:`sent_on`: the day the event happened (a letter: sent);
- :func:`earliest_known_date`: the earliest date recorded on it (conservative start of a limit);
- :func:`delay_start`: the day a waiting delay (the other side's time to answer) runs from:
  receipt signed → first presentation (an unclaimed letter counts as presented then) → posting
  date, provisional.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dispute.model import Event, EventKind
from dispute.procedure.results import DateKind

POSTAL_KINDS = frozenset({EventKind.LETTER, EventKind.REGISTERED_LETTER})


def sent_on(event: Event) -> date | None:
    """The day the event happened (a letter: sent); an LRAR without date uses its posting date."""
    if event.date is not None:
        return event.date
    if event.registered is not None:
        return event.registered.posted_on
    return None


def earliest_known_date(event: Event) -> date | None:
    """The earliest date recorded anywhere on the event (conservative start of a limit)."""
    dates = [event.date]
    if event.registered is not None:
        reg = event.registered
        dates += [reg.posted_on, reg.first_presented_on, reg.received_on]
    known = [d for d in dates if d is not None]
    return min(known) if known else None


@dataclass(frozen=True)
class DelayStart:
    date: date
    kind: DateKind
    provisional: bool


def delay_start(event: Event) -> DelayStart | None:
    """The date a waiting delay (the other side's time to answer) runs from.

    Received (AR signed) → first presentation (also when the letter was not claimed) →
    posting date, provisional. A simple letter counts from its sending date, provisional too
    (its receipt is unknown). Other events (call, email, chat, saisine online...) count from
    their date.
    """
    reg = event.registered
    if reg is not None:
        sent = sent_on(event)
        if _not_before(reg.received_on, sent):
            return DelayStart(reg.received_on, DateKind.RECEIVED, False)
        if _not_before(reg.first_presented_on, sent):
            kind = DateKind.NOT_CLAIMED if reg.not_claimed else DateKind.FIRST_PRESENTED
            return DelayStart(reg.first_presented_on, kind, False)
        posted = reg.posted_on or event.date
        return DelayStart(posted, DateKind.POSTED, True) if posted else None
    if event.date is None:
        return None
    if event.kind in POSTAL_KINDS:
        return DelayStart(event.date, DateKind.POSTED, True)
    return DelayStart(event.date, DateKind.EVENT, False)


def _not_before(d: date | None, sent: date | None) -> bool:
    """A tracking date is usable when known and not before the sending date."""
    return d is not None and (sent is None or d >= sent)


def inconsistent_tracking(event: Event) -> bool:
    """Receipt or first presentation recorded before the letter was sent."""
    reg, sent = event.registered, sent_on(event)
    if reg is None or sent is None:
        return False
    return any(d is not None and d < sent for d in (reg.received_on, reg.first_presented_on))

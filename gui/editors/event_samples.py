"""The longest messages an event's fields can show at once: the event dialog keeps room for
them (``InlineMessage.reserve_for_issues``), so they are read whole and nothing moves."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from dispute.model import Case, Event, EventKind, RegisteredMail
from dispute.validation import ValidationIssue, validate_case
from gui.editors.common import path_under
from gui.widgets import parse_date_fr, value_errors


@lru_cache(maxsize=4)
def date_message_samples(today: date) -> tuple[tuple[ValidationIssue, ...], ...]:
    """The longest messages under an event's date (missing, in the future, unreadable as
    typed): the message keeps room for them, so they are read whole (« …le calcul des délais
    en dépend … » was cut) and the fields below never move."""
    from datetime import timedelta

    def issues(when: date | None) -> list[tuple[ValidationIssue, ...]]:
        out = []
        for kind in EventKind:
            found = [i for i in validate_case(Case(events=[Event(kind=kind, date=when)]), today)
                     if path_under(i.path, "events[0].date")]
            if found:
                out.append(tuple(found))
        return out

    missing = issues(None)
    # an unreadable date is also a missing one: both messages at once
    unreadable = value_errors(parse_date_fr, "00/00/000000")
    groups = [*missing, *issues(today + timedelta(days=400)),
              *((*unreadable, *group) for group in missing)]
    return tuple(dict.fromkeys(groups))


@lru_cache(maxsize=4)
def registered_message_samples(today: date) -> tuple[tuple[ValidationIssue, ...], ...]:
    """The messages under a registered letter's tracking, as they come together (no tracking
    number, a posting day that is not the letter's, dates out of order or in the future): the
    message keeps room for them (« …(il figure sur la preuve de dépôt). … » was cut)."""
    from datetime import timedelta

    sent = today - timedelta(days=30)
    later, earlier = sent + timedelta(days=2), sent + timedelta(days=1)
    cases = (RegisteredMail(posted_on=later),
             RegisteredMail(posted_on=later, first_presented_on=earlier),
             RegisteredMail(posted_on=today + timedelta(days=400)),
             RegisteredMail(posted_on=sent, first_presented_on=later, received_on=earlier),
             RegisteredMail(posted_on=sent, received_on=later, not_claimed=True))
    groups = []
    for registered in cases:
        event = Event(kind=EventKind.REGISTERED_LETTER, date=sent, written=True,
                      registered=registered)
        groups.append(tuple(i for i in validate_case(Case(events=[event]), today)
                            if path_under(i.path, "events[0].registered")))
    return tuple(groups)

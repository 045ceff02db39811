"""How many days an outage lasted: one rule for every letter, the chronology, the case view
and the prorata refund (docs/letters.md, « Jours sans service »).

**The rule.** An outage recorded from day A (``Event.date``) to day B (``Event.end_date``,
the day the service came back) lasted **B − A + 1 days**: the day it started and the day the
service came back both count. On each of them the service was missing for part of the day,
and the subscription is paid by the calendar day (the prorata takes each month's own number
of days); French reads « du 4 au 27 août » as both days included, so « (24 jours) » is what
the reader checks. An outage that began and ended the same day lasted 1 day, never 0.

While the outage lasts (no end, an end after ``today``, or an end before the start, which
the validation refuses), it is counted up to ``today`` included: the service is still
missing on the day the letter is written.

Qt-free and store-free; the French wording is ``documents.text.outage_text``.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from dispute.model import Case, EventKind


def outage_days(start: date, end: date) -> int:
    """Days without service from ``start`` to ``end``, both included (``end``: the day the
    service came back). Raises ValueError when ``end`` is before ``start``."""
    if end < start:
        raise ValueError(f"Fin de l'interruption ({end}) antérieure à son début ({start}).")
    return (end - start).days + 1


@dataclass(frozen=True)
class OutageSpan:
    """An outage as the documents tell it. ``end`` is the day the service came back, None
    while it lasts; ``days`` the days without service (:func:`outage_days`), up to
    ``counted_to`` (``end``, or ``today`` while it lasts; None when no day is known to count
    to: a running outage and no ``today``)."""

    start: date
    end: date | None
    counted_to: date | None

    @property
    def restored(self) -> bool:
        return self.end is not None

    @property
    def days(self) -> int | None:
        return outage_days(self.start, self.counted_to) if self.counted_to is not None \
            else None


def first_outage(case: Case, today: date | None = None) -> OutageSpan | None:
    """The case's first dated outage that began on or before ``today`` (any when ``today``
    is None), None when there is none. An end after ``today`` or before the start is not an
    end: the outage is running."""
    for event in case.events_in_order():
        if event.kind is not EventKind.OUTAGE or event.date is None:
            continue
        if today is not None and event.date > today:
            continue
        end = event.end_date
        if end is not None and (end < event.date or (today is not None and end > today)):
            end = None
        return OutageSpan(event.date, end, end if end is not None else today)
    return None


def month_shares(start: date, end: date) -> list[tuple[int, int]]:
    """The days without service in each calendar month, with that month's length, for a
    prorata of a monthly price: 4 to 27 August → ``[(24, 31)]``; 28 February to 1 March 2028
    → ``[(2, 29), (1, 31)]``. The days add up to :func:`outage_days`."""
    outage_days(start, end)  # the same checks
    shares, day = [], start
    while day <= end:
        length = monthrange(day.year, day.month)[1]
        last = min(end, date(day.year, day.month, length))
        shares.append(((last - day).days + 1, length))
        day = last + timedelta(days=1)
    return shares

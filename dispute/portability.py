"""The delay of a portability or a change of provider (C. conso L.224-42-1; CPCE D.406-18):
one rule for the engine's decision on the L.224-42-1 letter and the letter's day count.

**The rule.** The number is to be ported within **one jour ouvrable** of the request, unless
the subscriber expressly asked for a later date (CPCE D.406-18, LEGAL-2026-12 § 4.1, B). A
jour ouvrable is any day but Sunday and a public holiday (Saturday is one; metropolitan
holidays). The porting is due on the first jour ouvrable after the day of the request
(``Case.portability_requested_on``); each day after it until the number is ported (the end of
the case's first recorded interruption, or ``today`` while it lasts) is a day of delay, the
porting day included: due on Monday and ported on Wednesday is 2 days late. When the delay
starts (the complete request, RIO included) is to be checked by the user: the letter says so.

Qt-free and store-free.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dispute.calendar import is_public_holiday
from dispute.model import Case
from dispute.outages import first_outage

PORTING_DAYS = 1
"""Jours ouvrables allowed for the porting (CPCE D.406-18)."""


def is_jour_ouvrable(d: date) -> bool:
    """Every day but Sunday and a public holiday (French law's « jour ouvrable »: Saturday
    is one; a « jour ouvré » would not be)."""
    return d.weekday() != 6 and not is_public_holiday(d)


def porting_due(requested_on: date) -> date:
    """The last day the porting may happen: :data:`PORTING_DAYS` jours ouvrables after the
    day of the request."""
    day, left = requested_on, PORTING_DAYS
    while left:
        day += timedelta(days=1)
        if is_jour_ouvrable(day):
            left -= 1
    return day


@dataclass(frozen=True)
class PortingDelay:
    requested_on: date
    due_on: date
    ported_on: date | None  # None: not ported by ``counted_to``
    counted_to: date  # the porting day, or ``today`` while it is awaited

    @property
    def days(self) -> int:
        """Days of delay (0: on time, or not due yet)."""
        return max((self.counted_to - self.due_on).days, 0)

    @property
    def late(self) -> bool:
        return self.days > 0

    @property
    def first_late_day(self) -> date:
        return self.due_on + timedelta(days=1)


def ported_on(case: Case, today: date) -> date | None:
    """The day the number was ported, when the case says so: the end of its first recorded
    interruption (the day the service came back), if on or before ``today``."""
    span = first_outage(case, today)
    return span.end if span is not None else None


def porting_delay(case: Case, today: date) -> PortingDelay | None:
    """The delay of the case's portability, None when the request date is not recorded or is
    after ``today``. A porting day recorded before the request is ignored (an earlier,
    unrelated interruption)."""
    requested = case.portability_requested_on
    if requested is None or requested > today:
        return None
    done = ported_on(case, today)
    if done is not None and done < requested:
        done = None
    return PortingDelay(requested, porting_due(requested), done,
                        done if done is not None else today)

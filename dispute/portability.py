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

**Why this count differs from an outage's.** An outage counts its first day and the day the
service came back (``dispute.outages``: the service was missing for part of each, and the
subscription is paid by the calendar day). A porting delay counts only the days **after** the
due date: the day of the request and the due day are within the legal delay, so they are no
« jour de retard » (L.224-42-1); the porting day is one (the number was not there in time).
Requested on 1 October, due on 2 October, ported on 8 October: 6 days of delay, 3 to 8 October
included — while the interruption, 2 to 8 October, lasted 7 days.

**The amount** (:func:`porting_indemnity`): at least a fifth of the monthly price TTC per day
of delay (an HT price converted), the fifth rounded **up** to the cent (the law says « au
moins »: the rounding favours the subscriber), times the days. One computation for the
L.224-42-1 request and for every letter that claims the indemnity (review2 11.2).

Qt-free and store-free.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_UP, Decimal

from dispute.amounts import to_ttc
from dispute.calendar import is_public_holiday
from dispute.model import Case
from dispute.outages import first_outage

CENT = Decimal("0.01")

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


@dataclass(frozen=True)
class PortingIndemnity:
    """The L.224-42-1 indemnity for a porting delay: ``monthly_ttc`` None when the contract
    has no price (the amounts are then unknown, never guessed)."""

    delay: PortingDelay
    monthly_ttc: Decimal | None

    @property
    def fifth(self) -> Decimal | None:
        """A fifth of the monthly price TTC, as computed (« 3,998 € »)."""
        return None if self.monthly_ttc is None else self.monthly_ttc / 5

    @property
    def per_day(self) -> Decimal | None:
        """The fifth rounded up to the cent (« 4,00 € »): at least the law's amount."""
        fifth = self.fifth
        return None if fifth is None else fifth.quantize(CENT, ROUND_UP)

    @property
    def total(self) -> Decimal | None:
        """``per_day`` × the days of delay; None when the price is unknown or nothing is late."""
        per_day = self.per_day
        return None if per_day is None or not self.delay.late else per_day * self.delay.days


def monthly_price_ttc(case: Case) -> Decimal | None:
    """The contract's monthly price TTC (an HT price converted), None when not entered or
    unreadable."""
    c = case.contract
    if c.monthly_price is None:
        return None
    try:
        return to_ttc(c.monthly_price, c.price_tax, c.vat_rate)
    except (ArithmeticError, TypeError, ValueError):
        return None


def porting_indemnity(case: Case, today: date) -> PortingIndemnity | None:
    """The indemnity owed for the case's porting delay, None when the request date is not
    recorded (the delay cannot be counted: :func:`porting_delay`)."""
    delay = porting_delay(case, today)
    if delay is None:
        return None
    return PortingIndemnity(delay, monthly_price_ttc(case))

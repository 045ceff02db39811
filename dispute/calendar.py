"""Calendar arithmetic and French public holidays (DOMAIN.md, "Dates").

- Months are calendar months: 10 January + 1 month = 10 February; a day that does not exist in
  the target month is clamped to its last day (31 January + 1 month = 28 or 29 February).
- Public holidays come from the ``holidays`` package (``holidays.France``), metropolitan France
  by default. Alsace and Moselle have two more days (Vendredi saint, Saint-Étienne): pass
  ``subdiv=ALSACE_MOSELLE`` (or any subdivision code of ``holidays.France``). For metropolitan
  France and Alsace-Moselle, 2000–2060, they are read from a table made from that package
  (:mod:`dispute.holiday_table`, checked against it by the tests): importing ``holidays`` and
  building the French calendar costs 80–170 ms per process.
- The app never moves a deadline that falls on a weekend or a public holiday (no source for
  these delays says it should): it only warns, with :func:`non_working_day_warning`.

Pure functions, no I/O.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from dispute.holiday_table import table_names

if TYPE_CHECKING:
    import holidays

logger = logging.getLogger(__name__)

ALSACE_MOSELLE = "57"
"""Subdivision code of ``holidays.France`` for Moselle; Alsace ("6AE") has the same two extra
days (Vendredi saint, Saint-Étienne)."""

MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)
WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def add_months(d: date, n: int) -> date:
    """``d`` plus ``n`` calendar months (``n`` may be negative), clamped to the month's end.

    >>> add_months(date(2026, 1, 31), 1)
    datetime.date(2026, 2, 28)
    >>> add_months(date(2028, 1, 31), 1)
    datetime.date(2028, 2, 29)

    The same result as ``d + dateutil.relativedelta.relativedelta(months=n)`` (tested), ten
    times cheaper: the procedure engine adds months about ten times per case it assesses.
    """
    months = d.year * 12 + d.month - 1 + n
    year, month = divmod(months, 12)
    month += 1
    day = d.day
    if day > 28:
        last = _MONTH_DAYS[month] if month != 2 else (
            29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28)
        if day > last:
            day = last
    return d.replace(year=year, month=month, day=day)


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_days(d: date, n: int) -> date:
    """``d`` plus ``n`` calendar days (``n`` may be negative)."""
    return d + timedelta(days=n)


def is_weekend(d: date) -> bool:
    """Saturday or Sunday."""
    return d.weekday() >= 5


@lru_cache(maxsize=8)
def _french_holidays(subdiv: str | None) -> holidays.HolidayBase:
    # One calendar object per subdivision; it fills years lazily on lookup.
    import holidays

    return holidays.France(subdiv=subdiv, language="fr")


def holiday_name(d: date, subdiv: str | None = None) -> str | None:
    """The French name of the public holiday on ``d`` ("Noël"), or None on an ordinary day."""
    names = table_names(d, subdiv)
    if names is None:  # a year or a subdivision the table does not hold
        names = _french_holidays(subdiv).get_list(d)
    return "; ".join(names) if names else None


def is_public_holiday(d: date, subdiv: str | None = None) -> bool:
    """True on a French public holiday (metropolitan France unless ``subdiv`` is given)."""
    return holiday_name(d, subdiv) is not None


def is_working_day(d: date, subdiv: str | None = None) -> bool:
    """Neither a weekend day nor a public holiday."""
    return not is_weekend(d) and not is_public_holiday(d, subdiv)


def next_working_day(d: date, subdiv: str | None = None) -> date:
    """``d`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(d, subdiv):
        d += timedelta(days=1)
    return d


def previous_working_day(d: date, subdiv: str | None = None) -> date:
    """``d`` itself when it is a working day, else the last working day before it."""
    while not is_working_day(d, subdiv):
        d -= timedelta(days=1)
    return d


def non_working_day_warning(d: date, subdiv: str | None = None) -> str | None:
    """A French phrase when ``d`` is a Saturday, a Sunday or a public holiday, else None.

    Examples: "tombe un dimanche", "tombe un jour férié (Noël)",
    "tombe un samedi et un jour férié (Fête du Travail)".
    """
    name = holiday_name(d, subdiv)
    weekday = WEEKDAYS_FR[d.weekday()] if is_weekend(d) else None
    if weekday and name:
        return f"tombe un {weekday} et un jour férié ({name})"
    if weekday:
        return f"tombe un {weekday}"
    if name:
        return f"tombe un jour férié ({name})"
    return None


def format_date_fr(d: date, weekday: bool = False) -> str:
    """A date as written in a French letter: "1er mars 2026", "15 mars 2026".

    With ``weekday=True``: "dimanche 1er mars 2026".
    """
    day = "1er" if d.day == 1 else str(d.day)
    text = f"{day} {MONTHS_FR[d.month - 1]} {d.year}"
    return f"{WEEKDAYS_FR[d.weekday()]} {text}" if weekday else text

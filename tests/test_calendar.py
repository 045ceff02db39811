"""Calendar months, French public holidays, weekend warnings and French dates."""

from __future__ import annotations

import calendar as std_calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dispute.calendar import (
    ALSACE_MOSELLE,
    add_days,
    add_months,
    format_date_fr,
    holiday_name,
    is_public_holiday,
    is_weekend,
    is_working_day,
    next_working_day,
    non_working_day_warning,
)

# --- add_months ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 10), 1, date(2026, 2, 10)),  # DOMAIN.md example
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # clamped, common year
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # clamped, leap year
        (date(2028, 1, 29), 1, date(2028, 2, 29)),
        (date(2026, 1, 29), 1, date(2026, 2, 28)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 11, 30), 1, date(2026, 12, 30)),
        (date(2026, 12, 30), 1, date(2027, 1, 30)),  # year change
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),  # one year from 29 February
        (date(2027, 2, 28), 12, date(2028, 2, 28)),  # not moved to the 29th
        (date(2024, 2, 29), 1, date(2024, 3, 29)),
        (date(2026, 2, 28), 1, date(2026, 3, 28)),  # not "end of month to end of month"
        (date(2026, 5, 31), -1, date(2026, 4, 30)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 6, 15), 0, date(2026, 6, 15)),
    ],
)
def test_add_months_uses_calendar_months_clamped_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
       st.integers(min_value=-60, max_value=60))
def test_add_months_never_skips_or_repeats_a_month(start, months):
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    last_day = std_calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(start.day, last_day)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
       st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
       st.integers(min_value=1, max_value=24))
def test_add_months_keeps_order_and_moves_forward(d1, d2, months):
    assert add_months(d1, months) > d1
    if d1 <= d2:
        assert add_months(d1, months) <= add_months(d2, months)


def test_add_months_is_dateutil_relativedelta_on_every_day_and_month_end():
    """add_months was ``d + relativedelta(months=n)``; it computes the same without dateutil
    (ten times cheaper, issue 13): every day of 2023-2030 (29 February 2024 and 2028), the
    ends of every month from 1896 to 2104 (1900 and 2100 not leap, 2000 leap), any n."""
    from datetime import timedelta

    from dateutil.relativedelta import relativedelta

    days = [date(2023, 1, 1) + timedelta(days=i) for i in range(8 * 366)]
    month_ends = [date(y, m, d) for y in range(1896, 2105) for m in range(1, 13)
                  for d in range(28, std_calendar.monthrange(y, m)[1] + 1)]
    for start in days:
        for n in range(-25, 26):
            assert add_months(start, n) == start + relativedelta(months=n), (start, n)
    for start in month_ends:
        for n in (-49, -48, -13, -12, -11, -1, 1, 2, 6, 11, 12, 13, 24, 48, 49):
            assert add_months(start, n) == start + relativedelta(months=n), (start, n)


@given(st.dates(), st.integers(min_value=-1200, max_value=1200))
def test_add_months_agrees_with_relativedelta_everywhere(start, months):
    from dateutil.relativedelta import relativedelta

    try:
        expected = start + relativedelta(months=months)
    except ValueError:  # beyond year 1 or 9999: both refuse
        with pytest.raises(ValueError):
            add_months(start, months)
    else:
        assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2028, 2, 28), 1, date(2028, 2, 29)),
        (date(2026, 2, 28), 1, date(2026, 3, 1)),
        (date(2026, 12, 31), 1, date(2027, 1, 1)),
        (date(2026, 3, 1), -1, date(2026, 2, 28)),
        (date(2026, 1, 1), 90, date(2026, 4, 1)),
    ],
)
def test_add_days(start, days, expected):
    assert add_days(start, days) == expected


# --- weekends and public holidays ----------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "weekend"),
    [
        (date(2026, 2, 28), True),  # Saturday
        (date(2026, 3, 1), True),  # Sunday
        (date(2026, 3, 2), False),  # Monday
        (date(2026, 2, 27), False),  # Friday
    ],
)
def test_is_weekend(day, weekend):
    assert is_weekend(day) is weekend


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 1, 1), "Jour de l'an"),
        (date(2026, 4, 6), "Lundi de Pâques"),
        (date(2026, 5, 1), "Fête du Travail"),
        (date(2026, 5, 8), "Fête de la Victoire"),
        (date(2026, 5, 14), "Ascension"),  # movable
        (date(2026, 5, 25), "Lundi de Pentecôte"),  # movable
        (date(2027, 5, 6), "Ascension"),
        (date(2027, 5, 17), "Lundi de Pentecôte"),
        (date(2028, 5, 25), "Ascension"),
        (date(2028, 6, 5), "Lundi de Pentecôte"),
        (date(2026, 7, 14), "Fête nationale"),
        (date(2026, 8, 15), "Assomption"),
        (date(2026, 11, 1), "Toussaint"),
        (date(2026, 11, 11), "Armistice"),
        (date(2026, 12, 25), "Noël"),
    ],
)
def test_metropolitan_public_holidays_have_their_french_name(day, name):
    assert is_public_holiday(day)
    assert holiday_name(day) == name
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 5, 13),  # the day before Ascension
        date(2026, 5, 15),
        date(2026, 7, 13),
        date(2026, 12, 24),
        date(2026, 12, 26),  # Saint-Étienne: Alsace-Moselle only
        date(2026, 4, 3),  # Vendredi saint: Alsace-Moselle only
    ],
)
def test_ordinary_days_are_not_public_holidays_in_metropolitan_france(day):
    assert not is_public_holiday(day)
    assert holiday_name(day) is None


@pytest.mark.parametrize(
    ("day", "name"),
    [(date(2026, 12, 26), "Saint-Étienne"), (date(2026, 4, 3), "Vendredi saint")],
)
def test_alsace_moselle_has_two_more_public_holidays(day, name):
    assert holiday_name(day, ALSACE_MOSELLE) == name
    assert is_public_holiday(day, "6AE")  # Alsace shares them


@pytest.mark.parametrize(
    ("day", "warning"),
    [
        (date(2026, 2, 28), "tombe un samedi"),
        (date(2026, 3, 1), "tombe un dimanche"),
        (date(2026, 12, 25), "tombe un jour férié (Noël)"),  # a Friday
        (date(2026, 7, 14), "tombe un jour férié (Fête nationale)"),  # a Tuesday
        (date(2026, 5, 25), "tombe un jour férié (Lundi de Pentecôte)"),
        (date(2027, 5, 1), "tombe un samedi et un jour férié (Fête du Travail)"),
        (date(2026, 11, 1), "tombe un dimanche et un jour férié (Toussaint)"),
        (date(2026, 3, 2), None),
        (date(2026, 12, 24), None),
    ],
)
def test_non_working_day_warning(day, warning):
    assert non_working_day_warning(day) == warning


def test_non_working_day_warning_follows_the_subdivision():
    assert non_working_day_warning(date(2026, 4, 3)) is None
    assert non_working_day_warning(date(2026, 4, 3), ALSACE_MOSELLE) == (
        "tombe un jour férié (Vendredi saint)")


@pytest.mark.parametrize(
    ("day", "subdiv", "expected"),
    [
        (date(2026, 3, 2), None, date(2026, 3, 2)),
        (date(2026, 2, 28), None, date(2026, 3, 2)),
        (date(2026, 12, 25), None, date(2026, 12, 28)),
        (date(2026, 5, 1), None, date(2026, 5, 4)),
        (date(2026, 4, 3), ALSACE_MOSELLE, date(2026, 4, 7)),  # Fri saint, weekend, Easter Mon
    ],
)
def test_next_working_day(day, subdiv, expected):
    assert next_working_day(day, subdiv) == expected


# --- French dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 3, 1), "1er mars 2026"),
        (date(2026, 3, 15), "15 mars 2026"),
        (date(2026, 8, 1), "1er août 2026"),
        (date(2026, 2, 2), "2 février 2026"),
        (date(2026, 12, 31), "31 décembre 2026"),
        (date(2028, 2, 29), "29 février 2028"),
    ],
)
def test_format_date_fr(day, text):
    assert format_date_fr(day) == text


def test_format_date_fr_with_weekday():
    assert format_date_fr(date(2026, 3, 1), weekday=True) == "dimanche 1er mars 2026"

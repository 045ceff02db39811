"""The shipped holiday table (assets/holidays-fr.json) says exactly what the holidays package
says, and dispute.calendar reads it without importing the package."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import holidays
import pytest

from dispute import calendar, holiday_table

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("subdiv", holiday_table.SUBDIVISIONS)
def test_table_matches_the_holidays_package(subdiv):
    """If this fails after an update of the holidays package, regenerate the table:
    python -m dispute.holiday_table"""
    shipped = holiday_table._table()
    assert shipped is not None
    assert shipped["first_year"] == holiday_table.FIRST_YEAR
    assert shipped["last_year"] == holiday_table.LAST_YEAR
    package = holidays.France(subdiv=subdiv or None, language="fr",
                              years=range(holiday_table.FIRST_YEAR,
                                          holiday_table.LAST_YEAR + 1))
    expected = {day.isoformat(): package.get_list(day) for day in package}
    assert shipped["subdivisions"][subdiv] == expected, \
        "assets/holidays-fr.json is out of date: python -m dispute.holiday_table"


def test_every_day_of_some_years_reads_alike_from_table_and_package():
    package = holidays.France(language="fr")
    alsace = holidays.France(subdiv="57", language="fr")
    for year in (2000, 2008, 2024, 2028, 2060):  # 2008: Ascension on 1 May
        day = date(year, 1, 1)
        while day.year == year:
            assert holiday_table.table_names(day) == package.get_list(day)
            assert holiday_table.table_names(day, "57") == alsace.get_list(day)
            day += timedelta(days=1)


def test_outside_the_table_the_package_answers():
    assert holiday_table.table_names(date(1999, 12, 25)) is None
    assert holiday_table.table_names(date(2061, 1, 1)) is None
    assert holiday_table.table_names(date(2026, 5, 27), "971") is None  # Guadeloupe
    assert calendar.holiday_name(date(1999, 12, 25)) == "Noël"
    assert calendar.holiday_name(date(2070, 7, 14)) == "Fête nationale"
    assert calendar.holiday_name(date(2026, 5, 27), "971") == "Abolition de l'esclavage"
    assert calendar.holiday_name(date(2008, 5, 1)) == "Ascension; Fête du Travail"


def test_a_lookup_in_the_table_does_not_import_the_package():
    code = ("import sys; from datetime import date; from dispute.calendar import "
            "non_working_day_warning as w; print(w(date(2026, 12, 26), '57')); "
            "print(w(date(2026, 5, 14))); print('holidays' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.splitlines()
    assert out == ["tombe un samedi et un jour férié (Saint-Étienne)",
                   "tombe un jour férié (Ascension)", "False"]

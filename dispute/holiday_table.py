"""French public holidays as a shipped table (``assets/holidays-fr.json``), made from the
``holidays`` package.

Building ``holidays.France`` costs 80–170 ms in every process: importing ``holidays`` loads
its ~250 country modules, then the French calendar is computed and translated. A headless
command (``main.py dossier``, ``status``) pays that for a few lookups (docs/benchmarks.md). The
table holds what ``holidays.France(subdiv=..., language="fr")`` gives for metropolitan France
and Alsace-Moselle (``57``, ``6AE``) over :data:`FIRST_YEAR`–:data:`LAST_YEAR`;
:mod:`dispute.calendar` reads it and asks the package itself for any other year or
subdivision. ``holidays`` stays the source: tests/test_holiday_table.py compares the table with
the installed package year by year, and fails if they ever differ; then regenerate::

    python -m dispute.holiday_table
"""

from __future__ import annotations

import json
import logging
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from dispute.assets import asset_path

logger = logging.getLogger(__name__)

TABLE_NAME = "holidays-fr.json"
FIRST_YEAR = 2000
LAST_YEAR = 2060
SUBDIVISIONS = ("", "57", "6AE")
"""Metropolitan France (``""``: no subdivision) and the two codes of Alsace-Moselle."""


def build_table(first: int = FIRST_YEAR, last: int = LAST_YEAR) -> dict[str, Any]:
    """The table from the installed ``holidays`` package: for each subdivision, every holiday
    date (ISO) with its French names (a day may have two: Ascension and 1 May)."""
    import holidays

    table: dict[str, Any] = {
        "source": f"holidays {holidays.__version__}: holidays.France(subdiv, language='fr')",
        "first_year": first,
        "last_year": last,
        "subdivisions": {},
    }
    for subdiv in SUBDIVISIONS:
        calendar = holidays.France(subdiv=subdiv or None, language="fr",
                                   years=range(first, last + 1))
        table["subdivisions"][subdiv] = {
            day.isoformat(): calendar.get_list(day) for day in sorted(calendar)
        }
    return table


@lru_cache(maxsize=1)
def _table() -> dict[str, Any] | None:
    try:
        with open(asset_path(TABLE_NAME), encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as error:  # a broken install: the package answers instead
        logger.warning("Holiday table unreadable (%s): using the holidays package", error)
        return None


def table_names(day: date, subdiv: str | None = None) -> list[str] | None:
    """The French names of the public holidays on ``day`` from the table (``[]`` on an
    ordinary day), or None when the table does not cover that year or subdivision."""
    table = _table()
    key = subdiv or ""
    if table is None or key not in table["subdivisions"] \
            or not table["first_year"] <= day.year <= table["last_year"]:
        return None
    return table["subdivisions"][key].get(day.isoformat(), [])


def write_table(path: Path | None = None) -> Path:
    """Write the table built from the installed package."""
    path = path or asset_path(TABLE_NAME)
    text = json.dumps(build_table(), ensure_ascii=False, indent=1) + "\n"
    path.write_text(text, encoding="utf-8")
    return path


if __name__ == "__main__":
    print(f"Écrit : {write_table()}")

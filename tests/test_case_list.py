"""The case list's cached summary must agree with the engine on any later day.

The store computes the summary when a case is saved; the list reads it days or months later.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from dispute.case_list import list_summary, next_deadline, route_open
from dispute.procedure import assess, next_deadline as engine_next_deadline
from store.casefile import read_case_file

EXAMPLES = sorted(p for p in (Path(__file__).parent.parent / "examples").iterdir()
                  if (p / "case.json").is_file())


def _days(start: date, end: date, step: int):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=step)


@pytest.mark.parametrize("folder", EXAMPLES, ids=lambda p: p.name)
def test_cached_summary_agrees_with_the_engine_later(folder):
    case = read_case_file(folder).case
    last_event = max(e.date for e in case.events if e.date)
    summary = list_summary(case, last_event)
    for today in _days(last_event, last_event + timedelta(days=800), 3):
        assessment = assess(case, today)
        for route in ("mediator", "cpme", "business_mediator", "court"):
            assert route_open(summary, route, today) == getattr(assessment, route).open, (
                route, today)
        cached = next_deadline(summary, today)
        engine = engine_next_deadline(assessment)
        assert (cached and (cached.id, cached.date)) == (engine and (engine.id, engine.date)), today


def test_a_closed_case_has_no_deadline():
    case = read_case_file(EXAMPLES[0]).case
    from dispute.model import CaseStatus

    case.status = CaseStatus.RESOLVED
    summary = list_summary(case, date(2026, 11, 22))
    assert summary["closed"] and summary["deadlines"] == []
    assert next_deadline(summary, date(2026, 11, 22)) is None


def _summary_with(*deadlines):
    return {"deadlines": [{"id": i, "label": i, "date": d, "kind": k} for i, d, k in deadlines]}


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 3, 1), "later"),      # next: 2026-03-10, 9 days away
        (date(2026, 3, 3), "soon"),       # 7 days away: "bientôt"
        (date(2026, 3, 10), "soon"),      # due today
        (date(2026, 3, 11), "later"),     # the "expected" date passed: not overdue; next 04-30
        (date(2026, 4, 30), "soon"),      # the 1-year limit is today: still in time
        (date(2026, 5, 1), "overdue"),    # the limit passed the day before
    ],
)
def test_urgency_marks_overdue_limits_and_soon_deadlines(today, expected):
    from dispute.case_list import urgency

    summary = _summary_with(("answer", "2026-03-10", "expected"), ("limit", "2026-04-30", "limit"))
    assert urgency(summary, today) == expected


def test_no_deadline_means_no_urgency():
    from dispute.case_list import urgency

    assert urgency({}, date(2026, 1, 1)) == "none"


def test_next_deadline_is_the_first_of_the_sorted_list_from_today(caplog):
    """One pass instead of a sort (``main.py list`` over 10,000 cases): the same deadline as
    the first of ``listed_deadlines`` on or after ``today``, of equal dates the first listed,
    and the same warning for each unreadable item, on random summaries with ties, month
    ends, 29 February and hostile items."""
    import logging
    import random

    from dispute.case_list import listed_deadlines

    def reference(extra, today):
        return next((d for d in listed_deadlines(extra) if d.date >= today), None)

    rng = random.Random(13)
    days = [date(2028, 2, 28) + timedelta(days=n) for n in range(-40, 40)]
    hostile = [{"id": "x"}, {"label": "x", "date": "2028-03-01"}, "2028-03-01", None, 7,
               {"id": "x", "label": "y", "date": "2028-02-30"}, {"id": "x", "label": "y",
               "date": 20280301}, {"id": "é", "label": "\x1b[2J", "date": "2028-02-29"}, []]
    for _ in range(3000):
        items = [{"id": f"d{k}", "label": f"L{k}", "date": rng.choice(days).isoformat(),
                  "kind": rng.choice(["expected", "limit"]),
                  **({"warning": "w"} if rng.random() < 0.2 else {})}
                 for k in range(rng.randrange(0, 6))]
        if rng.random() < 0.3:
            items.insert(rng.randrange(len(items) + 1), rng.choice(hostile))
        extra = {"deadlines": items} if rng.random() < 0.95 else {}
        today = rng.choice(days)
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="dispute.case_list"):
            expected = reference(extra, today)
            expected_warnings = [r.getMessage() for r in caplog.records]
            caplog.clear()
            assert next_deadline(extra, today) == expected
            assert [r.getMessage() for r in caplog.records] == expected_warnings

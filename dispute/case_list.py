"""What the case list needs from the procedure engine, in a form the store can cache.

The store keeps one summary per case in its index, computed when the case is saved, so opening
10,000 cases never runs the engine. The summary therefore holds dates, not verdicts: the
pending deadlines and the dates between which each route is open. Whether a deadline is next,
overdue or due this week is decided at display time from ``today``
(``next_deadline``, ``deadlines_between``, ``route_open``).
"""

import bisect
import heapq
import logging
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # only read here: the model loads on first use (bench/startup.py)
    from dispute.model import Case

# The procedure engine (and the holidays tables) load on the first save, not at start-up.

logger = logging.getLogger(__name__)

SUMMARY_VERSION = 7
"""Bumped when the fields below change (2: the Bilan's facts, key ``"report"``; 3: the
advised next steps, key ``"steps"``, for « Cette semaine »; 4: the Médiateur des entreprises
and the court routes, keys ``"business_mediator"`` and ``"court"``; 5: a step not possible
yet says what it waits for, key ``"waits_for"`` of a step; 6: what a step waits for after
calls only no longer says « aucun délai », and the amounts claimed net of the credits, as the
letters settle them; 7: the CPME's failed attempt no longer moves to a later written
complaint, and a mise en demeure sets its own stage). Summaries cached by an older
version are shown as they are, then recomputed in the background when the main window opens
(``summary_is_current``, ``CaseStore.refresh_summaries``)."""


class ListedDeadline(NamedTuple):  # read-only, and cheaper to define than a dataclass
    id: str
    label: str
    date: date
    kind: str
    warning: str | None = None

    def days_left(self, today: date) -> int:
        return (self.date - today).days


class ListedStep(NamedTuple):
    """An advised next step of the procedure (``NextStep``): possible from ``earliest``,
    until ``latest`` when there is a limit, unless it ``waits_for`` something undated."""

    id: str
    label: str
    earliest: date
    latest: date | None = None
    waits_for: str = ""

    def possible_on(self, today: date) -> bool:
        return not self.waits_for and self.earliest <= today and (
            self.latest is None or today <= self.latest)


def _route_fields(route) -> dict[str, Any]:
    """A route is open on a day when nothing but a delay blocks it and the day is in range."""
    blocked = [r.code for r in route.reasons if r.until is None]
    return {
        "blocked": blocked,
        "opens_on": route.opens_on.isoformat() if route.opens_on else None,
        "latest": route.latest.isoformat() if route.latest else None,
    }


def list_summary(case: "Case", today: date | None = None) -> dict[str, Any]:
    """The cached summary of ``case`` (JSON-safe). ``today`` only decides which deadlines
    are already met; the dates themselves do not depend on it. Computed at every save: from
    the engine's list path (``assess_for_list``, the fields of ``assess`` the summary
    stores, about half its cost)."""
    from dispute.procedure.engine import assess_for_list

    return summary_of(assess_for_list(case, today or date.today()), case)


def summary_of(assessment, case: "Case") -> dict[str, Any]:
    """The summary from an ``Assessment`` or a ``ListAssessment`` of ``case`` (the same
    dictionary from either, tests/test_case_list_summary.py)."""
    from dispute.activity import report_facts
    from dispute.procedure import DeadlineState, Stage

    closed = assessment.stage is Stage.CLOSED
    pending = [] if closed else [
        {"id": d.id, "label": d.label, "date": d.date.isoformat(), "kind": d.kind.value,
         "warning": d.warning}
        for d in assessment.deadlines
        if d.state is not DeadlineState.MET
    ]
    steps = [] if closed else [
        {"id": s.id, "label": s.label, "earliest": s.earliest.isoformat(),
         "latest": s.latest.isoformat() if s.latest else None}
        | ({"waits_for": s.waits_for} if s.waits_for else {})
        for s in assessment.next_steps
    ]
    return {
        "summary_version": SUMMARY_VERSION,
        "steps": steps,
        "stage": assessment.stage.value,
        "stage_label": assessment.stage_label,
        "closed": closed,
        "deadlines": pending,
        "mediator": _route_fields(assessment.mediator),
        "cpme": _route_fields(assessment.cpme),
        "business_mediator": (_route_fields(assessment.business_mediator)
                              if assessment.business_mediator is not None else None),
        "court": _route_fields(assessment.court) if assessment.court is not None else None,
        "report": report_facts(case),  # the Bilan's facts (dispute/activity.py)
    }


def summary_is_current(extra: Any) -> bool:
    """Whether a cached summary was written by this version of :func:`list_summary`."""
    return isinstance(extra, dict) and extra.get("summary_version") == SUMMARY_VERSION


def listed_deadlines(extra: dict[str, Any]) -> list[ListedDeadline]:
    out = []
    for item in extra.get("deadlines", ()):
        try:
            out.append(ListedDeadline(item["id"], item["label"], date.fromisoformat(item["date"]),
                                      item.get("kind", ""), item.get("warning")))
        except (KeyError, TypeError, ValueError):
            logger.warning("Échéance illisible dans le résumé : %r", item)
    return sorted(out, key=lambda d: d.date)


def listed_steps(extra: dict[str, Any]) -> list[ListedStep]:
    """The advised next steps of a summary (none in a summary older than version 3)."""
    out = []
    for item in extra.get("steps", ()):
        try:
            latest = item.get("latest")
            out.append(ListedStep(item["id"], item["label"], date.fromisoformat(item["earliest"]),
                                  date.fromisoformat(latest) if latest else None,
                                  item.get("waits_for") or ""))
        except (KeyError, TypeError, ValueError, AttributeError):
            logger.warning("Démarche illisible dans le résumé : %r", item)
    return out


def next_deadline(extra: dict[str, Any], today: date) -> ListedDeadline | None:
    """The first pending deadline on or after ``today``: the first of
    :func:`listed_deadlines` from ``today`` on (of equal dates, the first listed; the same
    warnings for unreadable items), found in one pass and built only for the one returned
    (``main.py list`` asks it of 10,000 summaries)."""
    best = None
    for item in extra.get("deadlines", ()):
        try:
            fields = (item["id"], item["label"], date.fromisoformat(item["date"]),
                      item.get("kind", ""), item.get("warning"))
        except (KeyError, TypeError, ValueError):
            logger.warning("Échéance illisible dans le résumé : %r", item)
            continue
        if fields[2] >= today and (best is None or fields[2] < best[2]):
            best = fields
    return ListedDeadline(*best) if best is not None else None


def deadlines_between(extra: dict[str, Any], start: date, end: date) -> list[ListedDeadline]:
    return [d for d in listed_deadlines(extra) if start <= d.date <= end]


def route_open(extra: dict[str, Any], route: str, today: date) -> bool:
    fields = extra.get(route) or {}
    if fields.get("blocked") or not fields.get("opens_on"):
        return False
    opens_on = date.fromisoformat(fields["opens_on"])
    latest = date.fromisoformat(fields["latest"]) if fields.get("latest") else None
    return opens_on <= today and (latest is None or today <= latest)


AMICABLE_ROUTES = ("mediator", "business_mediator", "cpme")
"""The amicable routes, in the order the list names them; the court comes after them."""


def open_routes(extra: dict[str, Any], today: date) -> tuple[str, ...]:
    """The routes a case can take today: the amicable ones open (the telecom mediator for a
    private subscriber, the Médiateur des entreprises or the CPME for a business), else the
    court when it is open (the last resort). None for a closed case."""
    if extra.get("closed"):
        return ()
    amicable = tuple(r for r in AMICABLE_ROUTES if route_open(extra, r, today))
    if amicable:
        return amicable
    return ("court",) if route_open(extra, "court", today) else ()


DUE_SOON_DAYS = 7
"""A deadline this many days away or closer is "bientôt" in the case list."""


def is_overdue(deadline: ListedDeadline, today: date) -> bool:
    """A limit the subscriber had to meet, passed. A passed "expected answer" date is not
    overdue: it is what opens the next step."""
    return deadline.kind == "limit" and deadline.date < today


def overdue_deadlines(extra: dict[str, Any], today: date) -> list[ListedDeadline]:
    """Limits the subscriber had to meet and that have passed (e.g. the mediator's 1-year
    limit). A passed "expected answer" date is not overdue: it is what opens the next step."""
    return [d for d in listed_deadlines(extra) if is_overdue(d, today)]


def urgency(extra: dict[str, Any], today: date, soon_days: int = DUE_SOON_DAYS) -> str:
    """``"overdue"``, ``"soon"`` (next deadline within ``soon_days``), ``"later"`` or
    ``"none"`` (no pending deadline)."""
    if overdue_deadlines(extra, today):
        return "overdue"
    upcoming = next_deadline(extra, today)
    if upcoming is None:
        return "none"
    return "soon" if upcoming.days_left(today) <= soon_days else "later"


def deadline_view(extra: dict[str, Any], today: date,
                  soon_days: int = DUE_SOON_DAYS) -> tuple[list[ListedDeadline],
                                                           ListedDeadline | None, str]:
    """(overdue limits, next deadline, urgency) from one reading of the summary: what the
    case list shows for each row (same answers as ``overdue_deadlines``, ``next_deadline``
    and ``urgency``)."""
    listed = listed_deadlines(extra)
    overdue = [d for d in listed if is_overdue(d, today)]
    upcoming = next((d for d in listed if d.date >= today), None)
    if overdue:
        level = "overdue"
    elif upcoming is None:
        level = "none"
    else:
        level = "soon" if upcoming.days_left(today) <= soon_days else "later"
    return overdue, upcoming, level


class WeekItem(NamedTuple):
    """One line of « Cette semaine »: ``group`` 0 = an overdue limit, 1 = a deadline of the
    coming days, 2 = a step possible now and advised by the procedure."""

    group: int
    date: date  # the deadline, or for a step its limit (else the day it became possible)
    case_id: str
    name: str  # the subscriber's name
    label: str
    days_left: int | None  # for a deadline or a step's limit
    possible_since: date | None = None  # for a step


WEEK_ITEMS_SHOWN = 60
"""At most this many lines per group of « Cette semaine » (the rest is counted, and the case
list's « En retard seulement » filter shows them all): a large office would get thousands."""
WEEK_STEPS_SHOWN = WEEK_ITEMS_SHOWN


class WeekAgenda(NamedTuple):
    items: list[WeekItem]
    left_out: dict[int, int]  # group → lines not shown


def week_agenda(summaries, today: date, days: int = 7,
                shown: int = WEEK_ITEMS_SHOWN) -> WeekAgenda:
    """What « Cette semaine » lists, in one pass over the summaries: overdue limits, then the
    deadlines of the next ``days`` days, then the advised steps possible today (nearest
    limit first), at most ``shown`` of each group, with how many were left out. Dates are
    compared as ISO text and parsed only for the lines kept. Unreadable summaries
    (``problem``) are skipped."""
    return WeekBook(summaries, today, days).agenda(shown)


class WeekBook:
    """The lines « Cette semaine » may show, kept: after a save, ``update`` reads that
    case's summary again instead of every case's, and ``agenda`` gives what
    :func:`week_agenda` would give for the updated list (the case saved last coming first
    among equals, as it does in the store's list, most recently updated first). The first
    lines of each group are kept in order between two agendas: an update only sorts its
    own lines into them, unless it removes one of them."""

    def __init__(self, summaries, today: date, days: int = 7) -> None:
        self.today = today
        self._start = today.isoformat()
        self._end = date.fromordinal(today.toordinal() + days).isoformat()
        self._summaries = summaries
        self._by_id: dict[str, Any] | None = None  # made at the first update
        # per group: (sort key, name, tie-breaker, summary, item); the tie-breaker numbers
        # lines in the order found (summaries themselves are not comparable)
        self._lines: tuple[list[tuple], ...] = ([], [], [])
        self._first = 1  # the lowest number given (updates take lower ones)
        self._shown = 0
        self._tops: list[list[tuple] | None] = [None, None, None]  # first lines, in order
        self._n = self._take(summaries, self._lines, 0)

    def _take(self, summaries, into: tuple[list[tuple], ...], n: int) -> int:
        """Append the lines of ``summaries`` to the three groups, numbered from ``n + 1``;
        returns the last number given."""
        start, end = self._start, self._end
        overdue, coming, possible = into
        for s in summaries:
            extra = s.extra
            if getattr(s, "problem", None) or not isinstance(extra, dict):
                continue
            name = s.subscriber_name or ""
            for item in extra.get("deadlines", ()):
                day = item.get("date") if isinstance(item, dict) else None
                if not isinstance(day, str) or len(day) != 10:
                    continue
                if day < start:
                    if item.get("kind") == "limit":
                        n += 1
                        overdue.append((day, name, n, s, item))
                elif day <= end:
                    n += 1
                    coming.append((day, name, n, s, item))
            for item in extra.get("steps", ()):
                if not isinstance(item, dict):
                    continue
                earliest, latest = item.get("earliest"), item.get("latest")
                # a step that waits for something (``waits_for``) is not possible now
                if isinstance(earliest, str) and earliest <= start and (
                        not latest or start <= latest) and not item.get("waits_for"):
                    # nearest limit first (none: last), then the longest possible
                    n += 1
                    possible.append(((0, latest) if latest else (1, earliest), name, n, s,
                                     item))
        return n

    def update(self, summary) -> None:
        """Replace the lines of the case of ``summary`` (just saved) by its new ones,
        numbered before every other line."""
        if self._by_id is None:
            self._by_id = {}
            for s in self._summaries:
                self._by_id.setdefault(s.id, []).append(s)
        old = self._by_id.get(summary.id, [])
        self._by_id[summary.id] = [summary]
        replaced = {id(s) for s in old}
        for group, lines in enumerate(self._lines):
            gone = [line for line in lines if id(line[3]) in replaced] if replaced else []
            if not gone:
                continue
            lines[:] = [line for line in lines if id(line[3]) not in replaced]
            top = self._tops[group]
            if top is None:
                continue
            if len(top) < self._shown:  # every line of the group is in it
                for line in gone:
                    top.remove(line)
            elif any(line <= top[-1] for line in gone):
                self._tops[group] = None  # a first line left: sorted again when asked
        found: tuple[list[tuple], ...] = ([], [], [])
        count = self._take((summary,), found, 0)
        shift = self._first - 1 - count  # numbers count - k + 1 ... 0 below the others
        self._first -= count
        for group, lines in enumerate(found):
            top = self._tops[group]
            for key, name, number, s, item in lines:
                line = (key, name, number + shift, s, item)
                self._lines[group].append(line)
                if top is not None and (len(top) < self._shown or line < top[-1]):
                    bisect.insort(top, line)
                    if len(top) > self._shown:
                        top.pop()

    def agenda(self, shown: int = WEEK_ITEMS_SHOWN) -> WeekAgenda:
        if shown != self._shown:
            self._shown = shown
            self._tops = [None, None, None]
        today = self.today
        items: list[WeekItem] = []
        left_out: dict[int, int] = {}
        for group, lines in enumerate(self._lines):
            rows = self._tops[group]
            if rows is None:  # the first ``shown``, in order
                rows = self._tops[group] = heapq.nsmallest(shown, lines)
            left_out[group] = max(0, len(lines) - shown)
            for _key, _name, _n, s, item in rows:
                try:
                    if group < 2:
                        day = date.fromisoformat(item["date"])
                        items.append(WeekItem(group, day, s.id, s.subscriber_name,
                                              item["label"], (day - today).days))
                    else:
                        earliest = date.fromisoformat(item["earliest"])
                        latest = (date.fromisoformat(item["latest"]) if item.get("latest")
                                  else None)
                        items.append(WeekItem(2, latest or earliest, s.id, s.subscriber_name,
                                              item["label"],
                                              (latest - today).days if latest else None,
                                              earliest))
                except (KeyError, TypeError, ValueError):
                    logger.warning("Échéance ou démarche illisible dans le résumé : %r", item)
        return WeekAgenda(items, left_out)

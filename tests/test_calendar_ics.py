"""The deadlines' iCalendar export: parses, says why, and a re-export updates events."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar

import main
from dispute.model import CaseStatus, Counterpart, Direction, Event, EventKind
from documents.calendar_ics import case_calendar_bytes, event_uid, store_calendar_bytes
from tests.bilan_fixture import HOSTILE, fixture_cases

TODAY = date(2025, 3, 1)
STAMP1 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
STAMP2 = datetime(2025, 4, 1, 8, 0, tzinfo=UTC)


def _events(data: bytes) -> list:
    calendar = Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0" and "PRODID" in calendar
    return list(calendar.walk("VEVENT"))


def _case_e():
    case = next(c for c in fixture_cases() if c.id == "case-e")  # a letter of 10 Jan 2025
    case.revision = 3
    case.updated_at = datetime(2025, 1, 10, 9, tzinfo=UTC)
    return case


class FakeCalendarApp:
    """What a calendar does on import (RFC 5546 §2.1.5): one event per UID; an incoming event
    replaces the stored one when its SEQUENCE is higher, or equal with a later DTSTAMP."""

    def __init__(self) -> None:
        self.events: dict[str, object] = {}

    def import_file(self, data: bytes) -> None:
        for event in _events(data):
            uid = str(event["UID"])
            old = self.events.get(uid)
            key = (int(event["SEQUENCE"]), event.decoded("DTSTAMP"))
            if old is None or key > (int(old["SEQUENCE"]), old.decoded("DTSTAMP")):
                self.events[uid] = event


def test_one_case_parses_with_reminders_and_the_why():
    events = _events(case_calendar_bytes(_case_e(), TODAY, stamp=STAMP1))
    by_uid = {str(e["UID"]): e for e in events}
    assert len(by_uid) == len(events) >= 2  # no duplicate UID
    answer = by_uid[event_uid("case-e", "service_clients_answer")]
    assert answer.decoded("DTSTART") == date(2025, 2, 10)  # one month after 10 January
    assert answer.decoded("DTEND") == date(2025, 2, 11)
    assert int(answer["SEQUENCE"]) == 3 and str(answer["STATUS"]) == "CONFIRMED"
    assert answer.decoded("LAST-MODIFIED") == datetime(2025, 1, 10, 9, tzinfo=UTC)
    text = str(answer["DESCRIPTION"])
    assert "Pourquoi ?" in text and "Source :" in text and "Date utilisée : 10/01/2025" in text
    limit = by_uid[event_uid("case-e", "mediator_one_year_limit")]
    triggers = sorted(a.decoded("TRIGGER").days for a in limit.walk("VALARM"))
    assert triggers == [-7, -1]
    assert all(str(a["ACTION"]) == "DISPLAY" for a in limit.walk("VALARM"))
    # Hostile text is carried as text: escaped, cleaned of what iCalendar cannot hold.
    raw = case_calendar_bytes(_case_e(), TODAY, stamp=STAMP1)
    assert b"\x07" not in raw
    assert "<script>" in str(answer["SUMMARY"])


def test_the_description_does_not_change_with_the_day_of_export():
    first = _events(case_calendar_bytes(_case_e(), TODAY, stamp=STAMP1))
    later = _events(case_calendar_bytes(_case_e(), date(2025, 6, 1), stamp=STAMP2))
    assert [str(e["DESCRIPTION"]) for e in first] == [str(e["DESCRIPTION"]) for e in later]


class MemoryStore:
    """The settings part of a CaseStore."""

    def __init__(self) -> None:
        self.settings: dict = {"letters": {"x": 1}}

    def read_settings(self) -> dict:
        import copy

        return copy.deepcopy(self.settings)

    def write_settings(self, settings: dict) -> None:
        self.settings = settings


def test_reexport_updates_events_without_duplicates():
    app = FakeCalendarApp()
    case = _case_e()
    memory = MemoryStore()
    app.import_file(case_calendar_bytes(case, TODAY, stamp=STAMP1, store=memory))
    assert memory.settings["letters"] == {"x": 1}  # other settings kept
    before = dict(app.events)
    # The operator answers; the case is saved (revision 4) and exported again.
    case.events.append(Event(kind=EventKind.ANSWER, date=date(2025, 2, 3),
                             counterpart=Counterpart.SERVICE_CLIENTS,
                             direction=Direction.INCOMING, summary=HOSTILE))
    case.revision = 4
    app.import_file(case_calendar_bytes(case, TODAY, stamp=STAMP2, store=memory))
    uid = event_uid("case-e", "service_clients_answer")
    assert set(before) == set(app.events)  # updated in place, nothing added
    # The answer says no outcome: the mediator's opening date is no longer known. The event
    # exported before is cancelled (remembered in the store's settings), not left behind.
    gone = event_uid("case-e", "mediator_earliest")
    assert str(app.events[gone]["STATUS"]) == "CANCELLED"
    assert str(app.events[uid]["STATUS"]) == "CANCELLED"  # met: struck from the calendar
    assert int(app.events[uid]["SEQUENCE"]) == 4
    assert list(app.events[uid].walk("VALARM")) == []
    # An old file imported again does not bring the old event back.
    app.import_file(case_calendar_bytes(_case_e(), TODAY, stamp=STAMP1))
    assert str(app.events[uid]["STATUS"]) == "CANCELLED"
    # Closing the case cancels everything.
    case.status, case.revision = CaseStatus.ABANDONED, 5
    app.import_file(case_calendar_bytes(case, TODAY, stamp=STAMP2, store=memory))
    assert {str(e["STATUS"]) for e in app.events.values()} == {"CANCELLED"}


@pytest.fixture
def store(tmp_path):
    from dispute.case_list import list_summary
    from store.store import CaseStore

    with CaseStore.open(tmp_path / "data", summarizer=list_summary, durable=False) as store:
        for case in fixture_cases():
            store.save_case(case)
        yield store


def test_all_open_cases(store):
    data, warnings = store_calendar_bytes(store, date(2026, 7, 15), stamp=STAMP1)
    assert warnings == []
    uids = [str(e["UID"]) for e in _events(data)]
    assert len(uids) == len(set(uids))
    cases = {"-".join(uid.split("-")[:2]) for uid in uids}
    # E (open), and the closed ones saved just now (their events cancelled); D, H and I are
    # open but have no written complaint, hence no deadline.
    assert {"case-a", "case-d", "case-e"} <= cases
    for event in _events(data):
        if str(event["UID"]).startswith("case-a-"):
            assert str(event["STATUS"]) == "CANCELLED"


def test_cli_calendar(store, tmp_path, capsys):
    data_dir = store.data_dir
    store.close()
    out = tmp_path / "echeances.ics"
    code = main.main(["--data-dir", str(data_dir), "calendrier", "--out", str(out),
                      "--today", "2026-07-15"])
    assert code == 0, capsys.readouterr().err
    assert _events(out.read_bytes())
    one = tmp_path / "e.ics"
    code = main.main(["--data-dir", str(data_dir), "calendrier", "case-e", "--out", str(one)])
    assert code == 0
    assert all(str(e["UID"]).startswith("case-e-") for e in _events(one.read_bytes()))

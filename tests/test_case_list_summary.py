"""The case list's summary from the engine's list path is exactly the one from ``assess``.

``list_summary`` runs at every save; it uses ``assess_for_list`` (no letter decisions but
the three the operator's steps read, no invoice flags, no data warnings: issue 13). These
tests build the summary from the full ``assess`` too and require the same dictionary, over
the examples, the benchmark's cases and a random corpus of every kind of event, counterpart,
outcome and tracking, on month ends, 29 February and public holidays, read on the days that
matter (each deadline, each step's first and last day, the days around them).
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from dispute.case_list import list_summary, summary_of
from dispute.model import (
    AnswerOutcome,
    Case,
    CaseStatus,
    Counterpart,
    Direction,
    DisputeNature,
    Event,
    EventKind,
    HandlingStructure,
    InvoiceLine,
    Party,
    RegisteredMail,
    SubscriberKind,
)
from dispute.procedure import assess
from dispute.procedure.engine import assess_for_list
from store.casefile import read_case_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if (p / "case.json").is_file())

# month ends, 29 February, public holidays (1 May, 8 May, 14 July, 15 August, 1 and 11
# November, Christmas, Easter Monday 2026 and 2028, Ascension 2027), a Sunday
SPECIAL_DAYS = [
    date(2026, 1, 31), date(2026, 2, 28), date(2028, 2, 29), date(2028, 1, 31),
    date(2026, 3, 31), date(2026, 4, 30), date(2026, 8, 31), date(2026, 12, 31),
    date(2027, 2, 28), date(2026, 5, 1), date(2026, 5, 8), date(2026, 7, 14),
    date(2026, 8, 15), date(2026, 11, 1), date(2026, 11, 11), date(2026, 12, 25),
    date(2026, 4, 6), date(2028, 4, 17), date(2027, 5, 6), date(2026, 6, 28),
]


def _day(rng: random.Random, base: date) -> date:
    if rng.random() < 0.3:
        return rng.choice(SPECIAL_DAYS)
    return base + timedelta(days=rng.randint(-40, 200))


def _event(rng: random.Random, base: date) -> Event:
    kind = rng.choice(list(EventKind))
    event = Event(kind=kind, date=None if rng.random() < 0.04 else _day(rng, base),
                  counterpart=rng.choice(list(Counterpart)),
                  direction=rng.choice(list(Direction)), written=rng.random() < 0.5)
    if kind in (EventKind.ANSWER, EventKind.MEDIATOR_OPINION) or rng.random() < 0.1:
        event.outcome = rng.choice([None, *AnswerOutcome])
    if kind is EventKind.PARTY_POSITION:
        event.party = rng.choice(list(Party))
        event.accepted = rng.choice([None, True, False])
    if kind is EventKind.MEDIATOR_OPINION and rng.random() < 0.5:
        event.response_due = _day(rng, base)
    if kind is EventKind.REGISTERED_LETTER and rng.random() < 0.8:
        posted = event.date if rng.random() < 0.8 else _day(rng, base)
        event.registered = RegisteredMail(
            tracking_number="1A0", posted_on=posted,
            first_presented_on=(posted + timedelta(days=rng.randint(-3, 6))
                                if posted and rng.random() < 0.6 else None),
            received_on=(posted + timedelta(days=rng.randint(-2, 9))
                         if posted and rng.random() < 0.5 else None),
            not_claimed=rng.random() < 0.1)
    if kind is EventKind.OUTAGE and event.date and rng.random() < 0.5:
        event.end_date = event.date + timedelta(days=rng.randint(0, 60))
    return event


def random_case(rng: random.Random) -> Case:
    base = rng.choice(SPECIAL_DAYS) if rng.random() < 0.5 else (
        date(2025, 1, 1) + timedelta(days=rng.randrange(1400)))
    case = Case()
    case.subscriber.kind = rng.choice(list(SubscriberKind))
    case.subscriber.name = "Boulangerie Léa"
    case.operator.name = rng.choice(["Orange", "SFR", "Free", "Bouygues Telecom", ""])
    case.operator.directory_id = rng.choice(["orange", "sfr", "free", "bouygues", ""])
    case.natures = rng.sample(list(DisputeNature), rng.randint(0, 2))
    if rng.random() < 0.4:
        case.handling_structure = HandlingStructure(name=rng.choice(["CPME du Calvados", " "]))
    if rng.random() < 0.4:
        case.invoice_lines.append(InvoiceLine(
            invoice_number="F1", label="Forfait", invoice_date=_day(rng, base),
            due_date=_day(rng, base) if rng.random() < 0.5 else None,
            paid_on=_day(rng, base) if rng.random() < 0.5 else None))
    case.status = CaseStatus.OPEN if rng.random() < 0.85 else rng.choice(list(CaseStatus))
    # mostly the usual path (operator levels, then the mediator or the CPME), often not
    usual = [EventKind.CALL, EventKind.EMAIL, EventKind.REGISTERED_LETTER, EventKind.ANSWER]
    for _ in range(rng.randint(0, 14)):
        event = _event(rng, base)
        if rng.random() < 0.75:
            event.kind = rng.choice(usual)
            event.counterpart = rng.choice([Counterpart.SERVICE_CLIENTS,
                                            Counterpart.SERVICE_CONSOMMATEURS])
            event.direction = (Direction.INCOMING if event.kind is EventKind.ANSWER
                               else Direction.OUTGOING)
            if event.kind is EventKind.ANSWER:
                event.outcome = rng.choice([None, *AnswerOutcome])
        case.events.append(event)
    return case


def _reading_days(case: Case, first: date) -> set[date]:
    """``first``, then each deadline and each step's first and last day of the full
    assessment on ``first``, with the day before and the day after."""
    days = {first, first + timedelta(days=400)}
    assessment = assess(case, first)
    anchors = [d.date for d in assessment.deadlines]
    for step in assessment.next_steps:
        anchors += [step.earliest] + ([step.latest] if step.latest else [])
    for anchor in anchors:
        days.update(anchor + timedelta(days=k) for k in (-1, 0, 1))
    return days


def _assert_same(case: Case, today: date) -> None:
    expected = summary_of(assess(case, today), case)
    assert list_summary(case, today) == expected, (case.id, today)


@pytest.mark.parametrize("folder", EXAMPLES, ids=lambda p: p.name)
def test_examples_same_summary_as_the_full_assessment(folder):
    case = read_case_file(folder).case
    last_event = max(e.date for e in case.events if e.date)
    for today in sorted(_reading_days(case, last_event)
                        | {last_event + timedelta(days=k) for k in range(0, 500, 7)}):
        _assert_same(case, today)


def test_benchmark_cases_same_summary_as_the_full_assessment():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from store_scale import build_case
    finally:
        sys.path.remove(str(ROOT / "bench"))
    rng = random.Random(20261203)
    for _ in range(60):
        case = build_case(rng)
        for today in _reading_days(case, date(2026, 12, 3)):
            _assert_same(case, today)


@pytest.mark.parametrize("seed", range(8))
def test_random_cases_same_summary_as_the_full_assessment(seed):
    rng = random.Random(seed)
    checked = 0
    for _ in range(60):
        case = random_case(rng)
        dated = [e.date for e in case.events if e.date]
        first = max(dated) if dated and rng.random() < 0.7 else rng.choice(SPECIAL_DAYS)
        for today in _reading_days(case, first):
            _assert_same(case, today)
            checked += 1
    assert checked > 60


def test_a_closed_case_same_summary_and_no_steps():
    rng = random.Random(5)
    for status in (CaseStatus.RESOLVED, CaseStatus.ABANDONED):
        for _ in range(20):
            case = random_case(rng)
            case.status = status
            _assert_same(case, date(2026, 12, 3))
            summary = list_summary(case, date(2026, 12, 3))
            assert summary["steps"] == [] and summary["deadlines"] == []


def test_the_list_path_makes_only_the_letter_decisions_the_steps_read(monkeypatch):
    """What makes it cheaper: the other letter decisions are never made for an open case."""
    from dispute.procedure import letter_decisions

    def refuse(*_args):
        raise AssertionError("decide() called")

    monkeypatch.setattr(letter_decisions, "decide", refuse)
    rng = random.Random(11)
    for _ in range(40):
        case = random_case(rng)
        case.status = CaseStatus.OPEN
        assess_for_list(case, date(2026, 12, 3))


def _milestones_as_before(case: Case) -> dict[str, date]:
    """``dispute.activity.milestones`` before issue 13 (eight tests per event), verbatim."""
    from dispute.procedure import CONTACT_KINDS, OPERATOR_SIDE, SECOND_LEVEL, sent_on

    def complaint(event: Event, level) -> bool:
        return (event.direction is Direction.OUTGOING and event.kind in CONTACT_KINDS
                and event.counterpart in level)

    def saisine(event: Event, counterpart: Counterpart) -> bool:
        return event.kind is EventKind.SAISINE and event.counterpart is counterpart

    tests = {
        "first_complaint": lambda e: complaint(e, OPERATOR_SIDE),
        "service_consommateurs": lambda e: complaint(e, SECOND_LEVEL),
        "mediator": lambda e: saisine(e, Counterpart.MEDIATOR),
        "opinion": lambda e: (e.kind is EventKind.MEDIATOR_OPINION
                              and e.counterpart is not Counterpart.OTHER_MEDIATOR),
        "cpme": lambda e: saisine(e, Counterpart.CPME),
        "business_mediator": lambda e: saisine(e, Counterpart.BUSINESS_MEDIATOR),
        "conciliateur": lambda e: saisine(e, Counterpart.CONCILIATEUR),
        "court": lambda e: e.kind is EventKind.COURT_ACTION or e.counterpart is Counterpart.COURT,
    }
    found: dict[str, date] = {}
    for event in case.events:
        when = sent_on(event)
        if when is None:
            continue
        for key, test in tests.items():
            if test(event) and (key not in found or when < found[key]):
                found[key] = when
    return found


def test_milestones_as_before_for_every_kind_counterpart_and_direction():
    """The Bilan's milestones (a part of the summary) decided once per kind of event."""
    from dispute.activity import milestones

    for kind in EventKind:
        for counterpart in Counterpart:
            for direction in Direction:
                case = Case(events=[Event(kind=kind, counterpart=counterpart,
                                          direction=direction, date=date(2026, 2, 28))])
                assert milestones(case) == _milestones_as_before(case), (kind, counterpart)
    rng = random.Random(3)
    for _ in range(300):
        case = random_case(rng)
        assert list(milestones(case).items()) == list(_milestones_as_before(case).items())

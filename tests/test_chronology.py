"""documents/chronology.py: the chronology report and its PDF, read back with pypdf."""

from __future__ import annotations

import io
import re
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from dispute.model import (
    AnswerOutcome,
    Case,
    Counterpart,
    Event,
    EventKind,
    Exhibit,
    Line,
    RegisteredMail,
)
from dispute.procedure import assess
from documents.chronology import (
    chronology_pdf_bytes,
    chronology_report,
    events_in_order,
    exhibit_refs,
    short_date,
)
from store.casefile import read_case_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if (p / "case.json").is_file())
TODAY = date(2026, 11, 22)


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def check_footer(pages: list[str], generated: str = "22 novembre 2026") -> None:
    n = len(pages)
    for i, text in enumerate(pages, start=1):
        assert f"page {i}/{n}" in text
        assert f"Document généré le {generated}" in text


def big_case(n_events: int = 1000, n_exhibits: int = 50) -> Case:
    exhibits = [Exhibit(number=i, title=f"Pièce {i}", date=date(2025, 1, 1) + timedelta(i),
                        original_name=f"p{i}.pdf", size=1000 + i, sha256="ab" * 32)
                for i in range(1, n_exhibits + 1)]
    kinds = [EventKind.CALL, EventKind.EMAIL, EventKind.REGISTERED_LETTER, EventKind.ANSWER]
    events = []
    for i in range(n_events):
        kind = kinds[i % 4]
        d = date(2024, 1, 1) + timedelta(days=(i * 37) % 900)
        events.append(Event(
            kind=kind, date=d, counterpart=Counterpart.SERVICE_CLIENTS,
            summary=f"Événement {i} : échange avec l'opérateur au sujet de la panne, "
                    "promesse de rappel non tenue.",
            reference=f"T-{i}",
            outcome=AnswerOutcome.UNSATISFACTORY if kind is EventKind.ANSWER else None,
            registered=RegisteredMail(f"1A{i:011d}", d, d + timedelta(2), d + timedelta(3))
            if kind is EventKind.REGISTERED_LETTER else None,
            exhibit_ids=[exhibits[i % n_exhibits].id] if exhibits else []))
    case = Case(events=events, exhibits=exhibits)
    case.subscriber.name = "Jeanne Test"
    case.operator.name = "Orange"
    case.lines = [Line(number="01 99 00 00 01")]
    case.contract.contract_number = "C-1"
    return case


@pytest.mark.parametrize("folder", EXAMPLES, ids=lambda p: p.name)
def test_example_chronology_pdf(folder: Path) -> None:
    cf = read_case_file(folder)
    case = cf.case
    assessment = assess(case, TODAY)
    data, info = chronology_pdf_bytes(case, assessment, generated_on=TODAY)
    pages = pdf_pages(data)
    assert info.pages == len(pages) >= 1
    check_footer(pages)
    text = "\n".join(pages)
    assert "Chronologie du litige" in text
    assert case.subscriber.name in text
    assert case.operator.name in text
    for line in case.lines:
        assert line.number in text
    # Every event date, in chronological order.
    position = 0
    for event in events_in_order(case):
        found = text.find(short_date(event.date), position)
        assert found >= 0, f"{event.date} missing or out of order"
        position = found
    # Exhibit references of each event, as "P<number>", and LRAR tracking numbers.
    by_id = {x.id: x for x in case.exhibits}
    for event in case.events:
        for exhibit_id in event.exhibit_ids:
            assert re.search(rf"\bP{by_id[exhibit_id].number}\b", text)
        if event.registered and event.registered.tracking_number:
            assert squash(event.registered.tracking_number) in squash(text)
    # Deadlines with their rule and basis.
    flat = squash(text)
    for deadline in assessment.deadlines:
        assert squash(deadline.label) in flat
        assert f"[{deadline.basis.rule.id}]" in flat
    assert "Voies de recours" in text
    assert "Médiateur des communications électroniques" in text


def test_route_status_in_header() -> None:
    cf = read_case_file(ROOT / "examples" / "panne-fibre-particulier")
    assessment = assess(cf.case, TODAY)
    report = chronology_report(cf.case, assessment, generated_on=TODAY)
    routes = next(r.value for r in report.header if r.label == "Voies de recours")
    assert "ouverte depuis le 4 mai 2026" in routes
    assert "CPME" in routes and "non ouverte" in routes


def test_exhibit_refs_sorted_and_unknown_ignored() -> None:
    a, b = Exhibit(number=5), Exhibit(number=3)
    case = Case(exhibits=[a, b])
    event = Event(exhibit_ids=[a.id, "nope", b.id, a.id])
    assert exhibit_refs(case, event) == "P3, P5"


def test_undated_events_last() -> None:
    e1 = Event(date=None, summary="sans date")
    e2 = Event(date=date(2026, 2, 1))
    e3 = Event(kind=EventKind.REGISTERED_LETTER, date=None,
               registered=RegisteredMail(posted_on=date(2026, 1, 5)))
    case = Case(events=[e1, e2, e3])
    assert events_in_order(case) == [e3, e2, e1]


def test_thousand_events_fast_and_readable() -> None:
    case = big_case(1000)
    assessment = assess(case, TODAY)
    started = time.perf_counter()
    data, info = chronology_pdf_bytes(case, assessment, generated_on=TODAY)
    elapsed = time.perf_counter() - started
    print(f"chronology, 1,000 events: {elapsed:.2f} s, {info.pages} pages")
    assert elapsed < 10  # measured ~1.5 s on 2 cores; generous for slow CI
    pages = pdf_pages(data)
    check_footer(pages)
    text = "\n".join(pages)
    # The table header repeats on every page of the events table.
    assert sum("Interlocuteur" in p for p in pages) >= len(pages) - 3
    dates = re.findall(r"\b(\d\d)/(\d\d)/(\d{4})\b", text)
    assert len(dates) >= 1000


HOSTILE = st.lists(
    st.one_of(
        st.text(max_size=15),
        st.sampled_from(["é", "€", "œ", "Œ", "😀", "<b>", "</para>", "&", "&amp;", "\x00", "\x1b",
                         "\r\n", "\u202e", "'", '"', "\ud800"]),
    ),
    max_size=20,
).map("".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(summary=HOSTILE, name=HOSTILE, reference=HOSTILE, title=HOSTILE)
def test_hostile_text(summary: str, name: str, reference: str, title: str) -> None:
    exhibit = Exhibit(number=1, title=title, original_name=title, size=1, sha256="0" * 64)
    case = Case(exhibits=[exhibit], summary=summary)
    case.subscriber.name = name
    case.operator.name = name
    case.events = [Event(kind=EventKind.EMAIL, date=date(2026, 1, 2), summary=summary,
                         reference=reference, exhibit_ids=[exhibit.id])]
    data, _ = chronology_pdf_bytes(case, assess(case, TODAY), generated_on=TODAY)
    pages = pdf_pages(data)
    check_footer(pages)
    text = "\n".join(pages)
    if "<b>" in summary:
        assert "<b>" in text  # printed, not interpreted


def test_very_long_text() -> None:
    case = big_case(3, 1)
    case.events[0].summary = ("Très long récit <b>&amp; œ € " * 4000)[:100_000]
    case.summary = "x" * 100_000
    started = time.perf_counter()
    data, _ = chronology_pdf_bytes(case, assess(case, TODAY), generated_on=TODAY)
    assert time.perf_counter() - started < 30
    pages = pdf_pages(data)
    check_footer(pages)
    assert "<b>&amp;" in "".join(pages)

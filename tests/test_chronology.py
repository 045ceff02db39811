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
from dispute.rules import default_rules
from documents.operator_names import register_name
from documents.chronology import (
    RouteState,
    chronology_pdf_bytes,
    chronology_report,
    deadline_state,
    deadline_superseded,
    events_in_order,
    exhibit_refs,
    human_sources,
    route_state,
    route_status,
    rule_other_references,
    rule_source,
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
    # the operator as the letters spell it (« Bouygues Telecom » for « Bouygues Télécom »
    # typed: documents.operator_names, review2 12.1)
    assert register_name(case) in text
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
    # Deadlines with their rule and its human source (never a rule id nor a file name).
    flat = squash(text)
    for deadline in assessment.deadlines:
        assert squash(deadline.label) in flat
        assert squash(rule_source(deadline.basis.rule)) in flat
    assert_no_jargon(text)
    assert "Voies de recours" in text
    assert "Médiateur des communications électroniques" in text


def assert_no_jargon(text: str) -> None:
    """No project file reference ("seeds/001") and no rule id ("service_clients_answer_delay")
    in a text meant for people."""
    assert "seeds/" not in text
    flat = squash(text)
    for rule_id in default_rules():
        assert rule_id not in text and squash(rule_id) not in flat, rule_id


def test_human_sources() -> None:
    assert human_sources("Fiche du service public sur le médiateur (seeds/001) : « si »") \
        == "Fiche du service public sur le médiateur : « si »"
    assert human_sources("en lettre recommandée (seeds/001, seeds/003).") == (
        "en lettre recommandée (fiche du service public sur le médiateur ; guide « panne "
        "internet »).")
    assert human_sources("plus être saisi (seeds/003, étape M+5).") \
        == "plus être saisi (guide « panne internet », étape M+5)."
    assert human_sources("(seeds/003 ne mentionne que le « tribunal »)") \
        == "(le guide « panne internet » ne mentionne que le « tribunal »)"
    assert human_sources("Références : seeds/000_e4fa74f68f704dc3.txt").startswith(
        "Références : la page de la CPME « Litiges télécoms")
    assert human_sources("Code de la consommation, art. L.612-2 4°") \
        == "Code de la consommation, art. L.612-2 4°"  # articles of law as they are
    for rule in default_rules().values():
        for text in (rule_source(rule), human_sources(rule.note),
                     *rule_other_references(rule)):
            assert "seeds/" not in text
            assert human_sources(text) == text  # idempotent
        assert rule_source(rule)  # every rule keeps a visible source
    prescription = default_rules()["invoice_prescription_one_year"]
    assert rule_source(prescription).endswith("article L.34-2")
    assert rule_other_references(prescription) == ["guide « contester une facture télécom »"]


def test_business_route_not_applicable_without_opening_date() -> None:
    cf = read_case_file(ROOT / "examples" / "facturation-entreprise-cpme")
    case = cf.case
    # A business case whose mediator delay would also run: still « non applicable », no date
    # (and no « pourra être saisi à partir du … » reason since the lead's review of 3 Dec. 2026)
    case.events = [e for e in case.events if e.counterpart is not Counterpart.SERVICE_CLIENTS
                   or e.kind is not EventKind.ANSWER]
    assessment = assess(case, date(2026, 5, 20))
    codes = {r.code for r in assessment.mediator.reasons}
    assert "business_subscriber" in codes and "delay_not_elapsed" not in codes
    assert route_state(assessment.mediator, assessment.today) is RouteState.NOT_APPLICABLE
    status = route_status(assessment.mediator, assessment.today)
    assert status.startswith("non applicable (") and "entreprise" in status
    assert "partir du" not in status and "jusqu'au" not in status
    report = chronology_report(case, assessment, generated_on=TODAY)
    data, _ = chronology_pdf_bytes(case, assessment, generated_on=TODAY)
    text = "\n".join(pdf_pages(data))
    routes = text[text.index("Voies de recours au"):]
    mediator = routes[:routes.index("Saisine de la CPME")]
    assert "non applicable" in mediator
    assert "pourra être saisi" not in mediator and "jusqu'au" not in mediator
    assert report.title


def test_passed_answer_delay_after_a_later_step_is_not_a_warning() -> None:
    cf = read_case_file(ROOT / "examples" / "panne-fibre-particulier")
    assessment = assess(cf.case, TODAY)  # the service consommateurs was written to
    deadline = next(d for d in assessment.deadlines if d.id == "service_clients_answer")
    assert deadline.state.value == "passed"
    assert deadline_superseded(deadline, assessment)
    assert deadline_state(deadline, assessment) == "dépassé — étape suivante engagée"
    assert deadline_state(deadline) == f"dépassée depuis {-deadline.days_left} jours"
    data, _ = chronology_pdf_bytes(cf.case, assessment, generated_on=TODAY)
    assert squash("dépassé — étape suivante engagée") in squash("".join(pdf_pages(data)))


def test_route_status_in_header() -> None:
    cf = read_case_file(ROOT / "examples" / "panne-fibre-particulier")
    assessment = assess(cf.case, TODAY)
    report = chronology_report(cf.case, assessment, generated_on=TODAY)
    routes = next(r.value for r in report.header if r.label == "Voies de recours")
    # from the LRAR received on 18 March, not the call of 3 March (issue 9: a call starts no
    # mediator clock)
    assert "ouverte depuis le 19 mai 2026" in routes
    assert "CPME" in routes and "non applicable (réservée aux entreprises" in routes


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

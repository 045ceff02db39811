"""Cases whose Bilan figures are computed by hand in tests/test_bilan.py.

Period: 1 January – 30 June 2026; the report is made on 15 July 2026. See the test for the
figures and how each was counted.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from functools import partial

from dispute.case_list import list_summary
from dispute.model import (
    Case,
    CaseStatus,
    Counterpart,
    Direction,
    DisputeNature,
    Event,
    EventKind,
    HandlingStructure,
    Obtained,
    OperatorRef,
    Outcome,
    OutcomeResult,
    PostalAddress,
    SettlementRoute,
    StructureKind,
    Subscriber,
    SubscriberKind,
    TaxBasis,
)
from store.summary import problem_record, summary_from_record, summary_record

PERIOD = (date(2026, 1, 1), date(2026, 6, 30))
TODAY = date(2026, 7, 15)

OPERATORS = {"orange": "Orange", "sfr": "SFR", "free": "Free", "bouygues": "Bouygues Telecom"}

HOSTILE = "<script>alert('x')</script> & \u202e\x07 🦄 \ud800 Zoé"


def _utc(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc)


def _event(kind: EventKind, day: date, counterpart: Counterpart, **kw) -> Event:
    return Event(kind=kind, date=day, counterpart=counterpart, direction=kw.pop(
        "direction", Direction.OUTGOING), summary=HOSTILE, reference="REF-" + HOSTILE, **kw)


def _case(name: str, operator: str, *, created: date, natures=(), business=False,
          events=(), status=CaseStatus.OPEN, outcome=None, updated=None, structure=None,
          postcode="75011") -> Case:
    case = Case(
        id=f"case-{name.lower()}",
        created_at=_utc(created),
        updated_at=_utc(updated or created),
        status=status,
        subscriber=Subscriber(
            kind=SubscriberKind.BUSINESS if business else SubscriberKind.PRIVATE,
            name=f"Abonné {name} {HOSTILE}",
            address=PostalAddress([f"12 rue {HOSTILE}"], postcode, "Ville " + HOSTILE),
            email=f"{name}@exemple.fr", phone="06 12 34 56 78"),
        operator=OperatorRef(directory_id=operator, name=OPERATORS[operator]),
        natures=list(natures),
        events=list(events),
        outcome=outcome,
        summary="Résumé " + HOSTILE,
        notes="Notes " + HOSTILE,
    )
    case.contract.contract_number = "CONTRAT-" + HOSTILE
    case.contract.customer_number = "CLIENT-" + HOSTILE
    if structure:
        case.handling_structure = HandlingStructure(name=structure, kind=StructureKind.CPME,
                                                    contact_name="Conseiller " + HOSTILE,
                                                    member_number="ADH-" + HOSTILE)
    return case


SC, SCONSO = Counterpart.SERVICE_CLIENTS, Counterpart.SERVICE_CONSOMMATEURS


def fixture_cases() -> list[Case]:
    d = date
    return [
        # A: private, Orange, billing: SC → service consommateurs → mediator → opinion → closed.
        _case("A", "orange", created=d(2026, 1, 10), natures=[DisputeNature.BILLING],
              events=[_event(EventKind.CALL, d(2026, 1, 12), SC),
                      _event(EventKind.REGISTERED_LETTER, d(2026, 2, 20), SCONSO),
                      _event(EventKind.SAISINE, d(2026, 4, 1), Counterpart.MEDIATOR),
                      _event(EventKind.MEDIATOR_OPINION, d(2026, 5, 15), Counterpart.MEDIATOR,
                             direction=Direction.INCOMING)],
              status=CaseStatus.RESOLVED, postcode="20090",
              outcome=Outcome(OutcomeResult.PARTIAL, [Obtained.CREDIT], Decimal("120.00"),
                              Decimal("60.00"), TaxBasis.TTC, d(2026, 6, 1),
                              SettlementRoute.MEDIATOR, True, True, "Note " + HOSTILE)),
        # B: business, SFR, two natures, CPME structure: SC → CPME → closed, amounts HT.
        _case("B", "sfr", created=d(2026, 2, 1), business=True,
              natures=[DisputeNature.LINE_OVERWRITTEN, DisputeNature.MISSING_SERVICE],
              events=[_event(EventKind.EMAIL, d(2026, 2, 2), SC),
                      _event(EventKind.SAISINE, d(2026, 3, 10), Counterpart.CPME)],
              status=CaseStatus.RESOLVED, structure="CPME du Calvados", postcode="20200",
              outcome=Outcome(OutcomeResult.FULL, [Obtained.REFUND], Decimal("500.00"),
                              Decimal("500.00"), TaxBasis.HT, d(2026, 4, 10),
                              SettlementRoute.CPME)),
        # C: opened before the period, refused by the service consommateurs on 1 March.
        _case("C", "orange", created=d(2025, 11, 5), natures=[DisputeNature.OUTAGE],
              events=[_event(EventKind.CALL, d(2025, 11, 6), SC),
                      _event(EventKind.LETTER, d(2025, 12, 1), SCONSO)],
              status=CaseStatus.RESOLVED, postcode="97411",
              outcome=Outcome(OutcomeResult.REFUSED, [], Decimal("80.00"), None,
                              TaxBasis.TTC, d(2026, 3, 1),
                              SettlementRoute.SERVICE_CONSOMMATEURS)),
        # D: open, Free, billing, a call only.
        _case("D", "free", created=d(2026, 3, 15), natures=[DisputeNature.BILLING],
              events=[_event(EventKind.CALL, d(2026, 3, 16), SC)]),
        # E: open since 2025, a letter never answered: the mediator's 1-year limit passed.
        _case("E", "orange", created=d(2025, 1, 10), natures=[DisputeNature.TERMINATION],
              events=[_event(EventKind.LETTER, d(2025, 1, 10), SC)]),
        # F: abandoned on 20 May, no route, no amount.
        _case("F", "free", created=d(2026, 5, 1), natures=[DisputeNature.PORTABILITY],
              events=[_event(EventKind.CALL, d(2026, 5, 2), SC)],
              status=CaseStatus.ABANDONED,
              outcome=Outcome(OutcomeResult.ABANDONED, date=d(2026, 5, 20))),
        # G: closed before the period: out of scope.
        _case("G", "sfr", created=d(2025, 10, 1), natures=[DisputeNature.BILLING],
              status=CaseStatus.RESOLVED,
              outcome=Outcome(OutcomeResult.FULL, date=d(2025, 12, 15),
                              route=SettlementRoute.SERVICE_CLIENTS)),
        # H: opened after the period: out of scope.
        _case("H", "sfr", created=d(2026, 7, 5), natures=[DisputeNature.BILLING]),
        # I: closed on 10 February then reopened: open, its outcome kept for history.
        _case("I", "bouygues", created=d(2026, 1, 20), natures=[DisputeNature.BILLING],
              outcome=Outcome(OutcomeResult.FULL, date=d(2026, 2, 10),
                              route=SettlementRoute.SERVICE_CLIENTS,
                              amount_claimed=Decimal("40.00"))),
        # K: resolved before outcomes existed: closed on its last save (5 April), no outcome.
        _case("K", "free", created=d(2026, 1, 5), status=CaseStatus.RESOLVED,
              updated=d(2026, 4, 5), postcode="2A004"),
    ]


def fixture_summaries(cases: list[Case] | None = None):
    """CaseSummary objects as the store reads them back from its index, plus one unreadable
    case (J)."""
    summarizer = partial(list_summary, today=TODAY)
    records = [summary_record(case, summarizer) for case in cases or fixture_cases()]
    records.append(problem_record("case-j", {"subscriber": {"name": "J"}}, "JSON illisible"))
    return [summary_from_record(r) for r in records]

"""The Bilan's figures against tests/bilan_fixture.py, every figure counted by hand below."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dispute.bilan import BilanError, BilanFilter, Period, build_bilan, filter_choices, percent
from dispute.model import DisputeNature, OutcomeResult, SubscriberKind, TaxBasis
from tests.bilan_fixture import PERIOD, TODAY, fixture_summaries

# In scope (active in January-June 2026): A B C D E F I K (G closed in 2025, H opened in July).
# Opened in the period: A B D F I K = 6. Closed in it: A B C F K = 5. Open on 30 June: D E I.


@pytest.fixture(scope="module")
def summaries():
    return fixture_summaries()


@pytest.fixture(scope="module")
def bilan(summaries):
    return build_bilan(summaries, Period(*PERIOD), today=TODAY)


def test_totals(bilan):
    assert (bilan.in_scope, bilan.opened, bilan.closed, bilan.open_at_end) == (8, 6, 5, 3)
    assert bilan.skipped == 1  # J is unreadable
    assert bilan.closing_without_outcome == 1  # K
    assert {c.id for c in bilan.cases} == {f"case-{x}" for x in "abcdefik"}


def test_per_operator(bilan):
    # Free: D F K (all opened in the period; closed F K; open D). Orange: A C E (opened A;
    # closed A C; open E). Equal counts sort by name.
    rows = [(r.label, r.in_scope, r.opened, r.closed, r.open_at_end) for r in bilan.by_operator]
    assert rows == [("Free", 3, 3, 2, 1), ("Orange", 3, 1, 2, 1),
                    ("Bouygues Telecom", 1, 1, 0, 1), ("SFR", 1, 1, 1, 0)]


def test_per_nature_counts_a_case_in_each_of_its_natures(bilan):
    rows = {r.key: (r.in_scope, r.opened, r.closed, r.open_at_end) for r in bilan.by_nature}
    assert rows == {
        "billing": (3, 3, 1, 2),  # A D I
        "line_overwritten": (1, 1, 1, 0), "missing_service": (1, 1, 1, 0),  # B
        "outage": (1, 0, 1, 0),  # C
        "termination": (1, 0, 0, 1),  # E
        "portability": (1, 1, 1, 0),  # F
        "": (1, 1, 1, 0),  # K has no nature
    }


def test_outcomes_and_success_rate_per_route(bilan):
    rows = {r.key: (r.closed, r.successes, r.decided) for r in bilan.by_route}
    # mediator A partial; CPME B full; service consommateurs C refused; F abandoned, no route.
    assert rows == {"mediator": (1, 1, 1), "cpme": (1, 1, 1),
                    "service_consommateurs": (1, 0, 1), "none": (1, 0, 0)}
    assert bilan.by_route[0].key == "service_consommateurs"  # the order of SettlementRoute
    total = bilan.route_total
    assert (total.closed, total.successes, total.decided) == (4, 2, 3)
    assert percent(total.success_rate) == "66,7\u00a0%"
    assert total.results[OutcomeResult.ABANDONED] == 1
    assert [r.success_rate for r in bilan.by_route if r.key == "none"] == [None]
    opinions = {r.party: (r.followed, r.not_followed, r.unknown) for r in bilan.opinions}
    assert opinions == {"Abonné": (1, 0, 0), "Opérateur": (1, 0, 0)}


def test_amounts_ttc(bilan):
    # A 120/60 TTC; B 500/500 HT = 600/600 TTC; C 80 claimed, nothing obtained; F no amount.
    rows = {r.key: (r.cases, r.claimed, r.obtained) for r in bilan.amounts}
    assert rows["mediator"] == (1, Decimal("120.00"), Decimal("60.00"))
    assert rows["cpme"] == (1, Decimal("600.00"), Decimal("600.00"))
    assert rows["service_consommateurs"] == (1, Decimal("80.00"), Decimal("0.00"))
    assert rows["none"] == (0, Decimal("0.00"), Decimal("0.00"))
    total = bilan.amount_total
    assert (total.cases, total.claimed, total.obtained) == (3, Decimal("800.00"),
                                                            Decimal("660.00"))
    assert bilan.basis is TaxBasis.TTC


def test_amounts_ht(summaries):
    bilan = build_bilan(summaries, Period(*PERIOD), basis=TaxBasis.HT, today=TODAY)
    # 120 TTC = 100.00 HT, 60 TTC = 50.00, 80 TTC = 66.67 (80 / 1.2 = 66.666…).
    total = bilan.amount_total
    assert (total.claimed, total.obtained) == (Decimal("666.67"), Decimal("550.00"))


def test_median_durations(bilan):
    rows = {r.key: (r.cases, r.median_days) for r in bilan.durations}
    # First complaint → closing: F 18 (2 → 20 May), B 67 (2 Feb → 10 Apr),
    # C 115 (6 Nov → 1 Mar), A 140 (12 Jan → 1 Jun); K has no complaint. Median (67+115)/2.
    assert rows["first_complaint_to_closing"] == (4, 91.0)
    # Service clients stage: A 39 (12 Jan → 20 Feb), B 36 (2 Feb → CPME 10 Mar),
    # C 25 (6 Nov → 1 Dec), F 18 → median (25+36)/2.
    assert rows["first_complaint"] == (4, 30.5)
    # Service consommateurs: A 40 (20 Feb → 1 Apr), C 90 (1 Dec → 1 Mar).
    assert rows["service_consommateurs"] == (2, 65.0)
    assert rows["mediator"] == (1, 44.0)  # 1 Apr → 15 May
    assert rows["opinion"] == (1, 17.0)  # 15 May → 1 Jun
    assert rows["cpme"] == (1, 31.0)  # 10 Mar → 10 Apr
    assert "court" not in rows


def test_overdue_deadlines_of_open_cases(bilan):
    # E: a letter of 10 January 2025 and nothing since: the mediator's one-year limit passed.
    assert [r.case_id for r in bilan.overdue] == ["case-e"]
    row = bilan.overdue[0]
    assert row.due < TODAY and row.days_late == (TODAY - row.due).days > 0
    assert "1 an" in row.deadline


def test_filters(summaries):
    period = Period(*PERIOD)
    business = build_bilan(summaries, period, BilanFilter(kind=SubscriberKind.BUSINESS),
                           today=TODAY)
    assert (business.in_scope, business.closed) == (1, 1)
    orange = build_bilan(summaries, period, BilanFilter(operator="orange"), today=TODAY)
    assert (orange.in_scope, orange.opened, orange.closed, orange.open_at_end) == (3, 1, 2, 1)
    billing = build_bilan(summaries, period, BilanFilter(nature=DisputeNature.BILLING),
                          today=TODAY)
    assert {c.id for c in billing.cases} == {"case-a", "case-d", "case-i"}
    cpme = build_bilan(summaries, period, BilanFilter(structure="cpme DU calvados"),
                       today=TODAY)
    assert [c.id for c in cpme.cases] == ["case-b"]
    none = build_bilan(summaries, period, BilanFilter(structure=""), today=TODAY)
    assert none.in_scope == 7
    choices = filter_choices(summaries)
    assert [k for k, _ in choices.operators] == ["bouygues", "free", "orange", "sfr"]
    assert choices.structures == ("", "CPME du Calvados")


def test_an_empty_period_and_a_reversed_one(summaries):
    bilan = build_bilan(summaries, Period(date(2030, 1, 1), date(2030, 1, 31)), today=TODAY)
    assert bilan.closed == 0 and bilan.route_total.success_rate is None
    assert bilan.in_scope == 4  # D E H I are still open
    with pytest.raises(BilanError):
        Period(date(2026, 2, 1), date(2026, 1, 31))


def test_reopened_case_keeps_its_outcome_but_counts_as_open(bilan):
    case_i = next(c for c in bilan.cases if c.id == "case-i")
    assert case_i.closed is None and case_i.outcome is not None


def test_a_summary_cached_before_the_bilan_is_not_counted_but_said(summaries):
    old = summaries[0]._replace(extra={k: v for k, v in summaries[0].extra.items()
                                       if k != "report"} | {"summary_version": 1})
    bilan = build_bilan([old, *summaries[1:]], Period(*PERIOD), today=TODAY)
    assert bilan.skipped == 2 and bilan.in_scope == 7  # A waits for its recomputation

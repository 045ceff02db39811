"""The activity report (« Bilan ») of a period, from the case list's cached summaries.

``build_bilan(summaries, period, ...)`` reads the summary the store keeps per case (its
``extra["report"]`` facts, ``dispute.activity``) and never loads a case, so 10,000 cases take
a fraction of a second (bench/bilan.py). Every figure is defined in docs/outcomes.md; in short:

- a case is **opened** in the period when it was created in it, **closed** in it when its
  closing date (outcome date) falls in it, **open at the end** when it was opened by the end
  and not closed by then; the cases **in scope** are those active in the period (opened by
  its end and not closed before its start); the per-operator and per-nature tables count
  those three figures; a case with several natures counts once in each of its natures;
- outcomes, success rates, amounts and durations are over the cases **closed in the period**;
  a success is an outcome obtained in full or in part, the rate is successes over decided
  outcomes (full, partial, refused: abandoned and withdrawn cases were decided by nobody);
- amounts are converted to one basis (``basis``, TTC unless asked HT) with
  ``dispute.amounts`` at 20 % VAT;
- durations are medians in days: first complaint → closing, and each stage (activity.py);
- overdue deadlines are those of the cases open **today** (a current state, not the period's).
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from dispute.accents import strip_accents
from dispute.activity import MILESTONE_LABELS, MILESTONES
from dispute.case_list import ListedDeadline, overdue_deadlines
from dispute.labels import label
from dispute.model import (
    CaseStatus,
    DisputeNature,
    OutcomeResult,
    SettlementRoute,
    SubscriberKind,
    TaxBasis,
)
from dispute.outcome import DECIDED_RESULTS, SUCCESS_RESULTS

ZERO = Decimal("0.00")
NO_ROUTE = "none"
NO_STRUCTURE = "(aucune structure)"
NO_NATURE = "(nature non renseignée)"


class BilanError(ValueError):
    """A request the Bilan cannot answer (French message)."""


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise BilanError(f"La période finit ({self.end:%d/%m/%Y}) avant de commencer "
                             f"({self.start:%d/%m/%Y}).")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


@dataclass(frozen=True)
class BilanFilter:
    """``None`` = all. ``operator`` is an operator key (``operator_key``), ``structure`` a
    structure's name as typed (case and accents ignored), ``""`` for cases without one."""

    operator: str | None = None
    kind: SubscriberKind | None = None
    nature: DisputeNature | None = None
    structure: str | None = None

    def describe(self) -> list[tuple[str, str]]:
        out = []
        if self.operator is not None:
            out.append(("Opérateur", self.operator))
        if self.kind is not None:
            out.append(("Type d'abonné", label(self.kind)))
        if self.nature is not None:
            out.append(("Nature", label(self.nature)))
        if self.structure is not None:
            out.append(("Structure", self.structure or NO_STRUCTURE))
        return out


def fold(text: str) -> str:
    return strip_accents(" ".join(text.split())).casefold()


def operator_key(operator_id: str, operator_name: str) -> str:
    """The directory id, else the typed name folded (« ORANGE » and « Orange » group)."""
    return operator_id or fold(operator_name)


def _day(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _amount(value: Any) -> Decimal | None:
    if not isinstance(value, str):
        return None
    try:
        amount = Decimal(value)
    except ArithmeticError:
        return None
    return amount if amount.is_finite() else None


def _enum(cls, value: Any):
    try:
        return cls(value)
    except ValueError:
        return None


class OutcomeFacts(NamedTuple):
    result: OutcomeResult
    route: SettlementRoute | None
    claimed: Decimal | None  # in the Bilan's basis
    obtained: Decimal | None
    subscriber_followed: bool | None
    operator_followed: bool | None
    obtained_kinds: tuple[str, ...]


class CaseFacts(NamedTuple):
    """One case as the Bilan reads it (from a ``store.summary.CaseSummary``)."""

    id: str
    subscriber_name: str
    operator_key: str
    operator_name: str
    kind: SubscriberKind | None
    natures: tuple[DisputeNature, ...]
    structure: str
    departement: str
    status: CaseStatus
    opened: date | None
    closed: date | None
    milestones: Mapping[str, date]
    outcome: OutcomeFacts | None
    overdue: tuple[ListedDeadline, ...]
    stage_label: str


def case_facts(summary: Any, basis: TaxBasis, today: date) -> CaseFacts | None:
    """The facts of one summary (a ``CaseSummary``-like object), or None when the case is
    unreadable or its summary predates the Bilan (``extra["report"]`` missing)."""
    extra = summary.extra or {}
    report = extra.get("report")
    if summary.problem or summary.status is None or not isinstance(report, dict):
        return None
    outcome = None
    raw = report.get("outcome")
    if isinstance(raw, dict) and _enum(OutcomeResult, raw.get("result")) is not None:
        claimed = raw.get("claimed") or {}
        obtained = raw.get("obtained_amount") or {}
        outcome = OutcomeFacts(
            OutcomeResult(raw["result"]), _enum(SettlementRoute, raw.get("route")),
            _amount(claimed.get(basis.value)), _amount(obtained.get(basis.value)),
            raw.get("subscriber_followed"), raw.get("operator_followed"),
            tuple(str(o) for o in raw.get("obtained") or ()))
    milestones = {k: d for k, v in (report.get("milestones") or {}).items()
                  if (d := _day(v)) is not None}
    closed = _day(report.get("closed")) if summary.status is not CaseStatus.OPEN else None
    overdue = (tuple(overdue_deadlines(extra, today))
               if summary.status is CaseStatus.OPEN else ())
    return CaseFacts(
        id=summary.id, subscriber_name=summary.subscriber_name,
        operator_key=operator_key(str(report.get("operator_id") or ""), summary.operator_name),
        operator_name=" ".join(summary.operator_name.split()),
        kind=summary.kind,
        natures=tuple(n for v in report.get("natures") or () if (n := _enum(DisputeNature, v))),
        structure=str(report.get("structure") or ""),
        departement=str(report.get("departement") or ""),
        status=summary.status, opened=_day(report.get("opened")), closed=closed,
        milestones=milestones, outcome=outcome, overdue=overdue,
        stage_label=str(extra.get("stage_label") or ""))


# --- the tables ---------------------------------------------------------------------------


class CountRow(NamedTuple):
    key: str
    label: str
    in_scope: int
    opened: int
    closed: int
    open_at_end: int


class RouteRow(NamedTuple):
    key: str
    label: str
    closed: int
    results: Mapping[OutcomeResult, int]
    successes: int
    decided: int

    @property
    def success_rate(self) -> float | None:
        return self.successes / self.decided if self.decided else None


class AmountRow(NamedTuple):
    key: str
    label: str
    cases: int  # closed cases with at least one amount
    claimed: Decimal
    obtained: Decimal

    @property
    def recovery_rate(self) -> float | None:
        return float(self.obtained / self.claimed) if self.claimed else None


class DurationRow(NamedTuple):
    key: str
    label: str
    cases: int
    median_days: float | None


class OverdueRow(NamedTuple):
    case_id: str
    subscriber_name: str
    operator_name: str
    stage_label: str
    deadline: str
    due: date
    days_late: int


class OpinionRow(NamedTuple):
    party: str
    followed: int
    not_followed: int
    unknown: int


@dataclass(frozen=True)
class Bilan:
    period: Period
    filters: BilanFilter
    basis: TaxBasis
    today: date
    in_scope: int
    opened: int
    closed: int
    open_at_end: int
    by_operator: tuple[CountRow, ...]
    by_nature: tuple[CountRow, ...]
    by_route: tuple[RouteRow, ...]
    route_total: RouteRow
    opinions: tuple[OpinionRow, ...]
    amounts: tuple[AmountRow, ...]
    amount_total: AmountRow
    closing_without_outcome: int
    durations: tuple[DurationRow, ...]
    overdue: tuple[OverdueRow, ...]
    cases: tuple[CaseFacts, ...] = field(repr=False)
    skipped: int = 0  # unreadable cases, or summaries not yet recomputed


def _matches(facts: CaseFacts, filters: BilanFilter) -> bool:
    if filters.operator is not None and facts.operator_key != filters.operator:
        return False
    if filters.kind is not None and facts.kind is not filters.kind:
        return False
    if filters.nature is not None and filters.nature not in facts.natures:
        return False
    if filters.structure is not None and fold(facts.structure) != fold(filters.structure):
        return False
    return True


def _count_rows(groups: Mapping[str, list[CaseFacts]], labels: Mapping[str, str],
                period: Period) -> tuple[CountRow, ...]:
    rows = []
    for key, cases in groups.items():
        rows.append(CountRow(
            key, labels[key], len(cases),
            sum(1 for c in cases if c.opened in period),
            sum(1 for c in cases if c.closed in period),
            sum(1 for c in cases if _open_at(c, period.end))))
    return tuple(sorted(rows, key=lambda r: (-r.in_scope, fold(r.label))))


def _open_at(facts: CaseFacts, day: date) -> bool:
    return (facts.opened is not None and facts.opened <= day
            and (facts.closed is None or facts.closed > day))


def _in_scope(facts: CaseFacts, period: Period) -> bool:
    return (facts.opened is not None and facts.opened <= period.end
            and (facts.closed is None or facts.closed >= period.start))


def _route_row(key: str, text: str, cases: list[CaseFacts]) -> RouteRow:
    results = Counter(c.outcome.result for c in cases if c.outcome is not None)
    return RouteRow(key, text, len(cases), {r: results.get(r, 0) for r in OutcomeResult},
                    sum(results[r] for r in SUCCESS_RESULTS),
                    sum(results[r] for r in DECIDED_RESULTS))


def _amount_row(key: str, text: str, cases: list[CaseFacts]) -> AmountRow:
    with_amounts = [c.outcome for c in cases if c.outcome is not None
                    and (c.outcome.claimed is not None or c.outcome.obtained is not None)]
    return AmountRow(key, text, len(with_amounts),
                     sum((o.claimed or ZERO for o in with_amounts), ZERO),
                     sum((o.obtained or ZERO for o in with_amounts), ZERO))


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def stage_durations(facts: CaseFacts) -> dict[str, int]:
    """Days spent in each stage of a closed case (from a milestone to the next reached one,
    the last to the closing). Stages whose dates run backwards (a data error) are left out."""
    if facts.closed is None:
        return {}
    order = {key: i for i, key in enumerate(MILESTONES)}
    reached = sorted(facts.milestones.items(), key=lambda kv: (kv[1], order.get(kv[0], 99)))
    out: dict[str, int] = {}
    for (key, start), nxt in zip(reached, reached[1:] + [("closed", facts.closed)]):
        days = (nxt[1] - start).days
        if days >= 0 and key in order:
            out[key] = days
    return out


def _durations(closed: list[CaseFacts]) -> tuple[DurationRow, ...]:
    total = [(c.closed - c.milestones["first_complaint"]).days for c in closed
             if "first_complaint" in c.milestones
             and c.closed >= c.milestones["first_complaint"]]
    rows = [DurationRow("first_complaint_to_closing",
                        "De la première réclamation à la clôture", len(total), _median(total))]
    per_stage: dict[str, list[int]] = defaultdict(list)
    for c in closed:
        for key, days in stage_durations(c).items():
            per_stage[key].append(days)
    rows += [DurationRow(key, MILESTONE_LABELS[key], len(per_stage[key]),
                         _median(per_stage[key]))
             for key in MILESTONES if per_stage.get(key)]
    return tuple(rows)


def _opinions(closed: list[CaseFacts]) -> tuple[OpinionRow, ...]:
    mediator = [c.outcome for c in closed
                if c.outcome is not None and c.outcome.route is SettlementRoute.MEDIATOR]
    rows = []
    for party, attr in (("Abonné", "subscriber_followed"), ("Opérateur", "operator_followed")):
        values = [getattr(o, attr) for o in mediator]
        rows.append(OpinionRow(party, values.count(True), values.count(False),
                               sum(1 for v in values if v is None)))
    return tuple(rows)


def build_bilan(summaries: Iterable[Any], period: Period, filters: BilanFilter | None = None,
                basis: TaxBasis = TaxBasis.TTC, today: date | None = None) -> Bilan:
    """The Bilan of ``period`` over the cases of ``summaries`` matching ``filters``."""
    filters = filters or BilanFilter()
    today = today or date.today()
    skipped = 0
    scope: list[CaseFacts] = []
    overdue: list[OverdueRow] = []
    for summary in summaries:
        facts = case_facts(summary, basis, today)
        if facts is None:
            skipped += 1
            continue
        if not _matches(facts, filters):
            continue
        for d in facts.overdue:
            overdue.append(OverdueRow(facts.id, facts.subscriber_name, facts.operator_name,
                                      facts.stage_label, d.label, d.date, (today - d.date).days))
        if _in_scope(facts, period):
            scope.append(facts)
    closed = [c for c in scope if c.closed in period]

    by_operator: dict[str, list[CaseFacts]] = defaultdict(list)
    operator_labels: dict[str, str] = {}
    by_nature: dict[str, list[CaseFacts]] = defaultdict(list)
    for c in scope:
        by_operator[c.operator_key].append(c)
        operator_labels.setdefault(c.operator_key, c.operator_name or "(opérateur non saisi)")
        for nature in c.natures or (None,):
            by_nature[nature.value if nature else ""].append(c)
    nature_labels = {k: label(DisputeNature(k)) if k else NO_NATURE for k in by_nature}

    by_route: dict[str, list[CaseFacts]] = defaultdict(list)
    for c in closed:
        if c.outcome is not None:
            key = c.outcome.route.value if c.outcome.route else NO_ROUTE
            by_route[key].append(c)
    route_order = [r.value for r in SettlementRoute] + [NO_ROUTE]
    route_label = {r.value: label(r) for r in SettlementRoute}
    route_label[NO_ROUTE] = "Voie non renseignée"
    routes = tuple(_route_row(k, route_label[k], by_route[k])
                   for k in route_order if by_route.get(k))
    with_outcome = [c for c in closed if c.outcome is not None]
    amounts = tuple(_amount_row(k, route_label[k], by_route[k])
                    for k in route_order if by_route.get(k))

    return Bilan(
        period=period, filters=filters, basis=basis, today=today,
        in_scope=len(scope),
        opened=sum(1 for c in scope if c.opened in period),
        closed=len(closed),
        open_at_end=sum(1 for c in scope if _open_at(c, period.end)),
        by_operator=_count_rows(by_operator, operator_labels, period),
        by_nature=_count_rows(by_nature, nature_labels, period),
        by_route=routes,
        route_total=_route_row("total", "Total", with_outcome),
        opinions=_opinions(closed),
        amounts=amounts,
        amount_total=_amount_row("total", "Total", with_outcome),
        closing_without_outcome=len(closed) - len(with_outcome),
        durations=_durations(closed),
        overdue=tuple(sorted(overdue, key=lambda r: (r.due, r.case_id))),
        cases=tuple(sorted(scope, key=lambda c: (c.opened or date.min, c.id))),
        skipped=skipped,
    )


class FilterChoices(NamedTuple):
    operators: tuple[tuple[str, str], ...]  # (key, label)
    structures: tuple[str, ...]


def filter_choices(summaries: Iterable[Any]) -> FilterChoices:
    """The operators and structures present in the store (for the filter lists)."""
    operators: dict[str, str] = {}
    structures: dict[str, str] = {}
    for s in summaries:
        report = (s.extra or {}).get("report")
        if s.problem or not isinstance(report, dict):
            continue
        name = " ".join(s.operator_name.split())
        operators.setdefault(operator_key(str(report.get("operator_id") or ""), name),
                             name or "(opérateur non saisi)")
        structure = str(report.get("structure") or "")
        structures.setdefault(fold(structure), structure)
    return FilterChoices(
        tuple(sorted(operators.items(), key=lambda kv: fold(kv[1]))),
        tuple(sorted(structures.values(), key=fold)))


def percent(rate: float | None) -> str:
    """« 66,7 % », « — » when there is nothing to divide."""
    if rate is None:
        return "—"
    return f"{rate * 100:.1f}".replace(".", ",") + "\u00a0%"


def days_text(value: float | None) -> str:
    if value is None:
        return "—"
    return (f"{value:.1f}".replace(".", ",") if value % 1 else f"{value:.0f}")

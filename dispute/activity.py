"""What the activity report (« Bilan ») needs from one case, in a form the store caches.

``report_facts(case)`` is computed when the case is saved and kept in the case list's summary
(``dispute.case_list.list_summary``, key ``"report"``), so that the Bilan over 10,000 cases
reads the index and never loads a case. It holds dates, codes and amounts only: the
anonymised export (``dispute.anonymised``) is built from the same facts.

Milestones (docs/outcomes.md): the first complaint to the operator (any contact to the
service clients, another operator contact or the service consommateurs), the first complaint
to the service consommateurs, the first seizing of the telecom mediator, the mediator's first
opinion, the first seizing of the CPME, of the Médiateur des entreprises, of a conciliateur,
the first court action. Each stage lasts from its milestone to the next one reached (or to
the closing).
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dispute.model import Case, Event

MILESTONES = ("first_complaint", "service_consommateurs", "mediator", "opinion", "cpme",
              "business_mediator", "conciliateur", "court")
"""Milestone keys, in the order used when two fall on the same day."""

MILESTONE_LABELS = {
    "first_complaint": "Réclamation au service clients",
    "service_consommateurs": "Service consommateurs",
    "mediator": "Médiateur (saisine → avis)",
    "opinion": "Après l'avis du médiateur",
    "cpme": "CPME",
    "business_mediator": "Médiateur des entreprises",
    "conciliateur": "Conciliateur de justice",
    "court": "Tribunal",
}
"""The stage that starts at each milestone, as the Bilan names it."""


def _local_date(moment: datetime | None) -> date | None:
    if moment is None:
        return None
    return moment.astimezone().date() if moment.tzinfo else moment.date()


def milestones(case: Case) -> dict[str, date]:
    """The first date of each milestone the case reached."""
    from dispute.procedure import sent_on

    found: dict[str, date] = {}
    for event in case.events:
        when = sent_on(event)
        if when is None:
            continue
        for key in _milestone_keys(event.kind, event.counterpart, event.direction):
            if key not in found or when < found[key]:
                found[key] = when
    return found


@lru_cache(maxsize=None)
def _milestone_keys(kind, counterpart, direction) -> tuple[str, ...]:
    """The milestones an event of this kind, counterpart and direction marks, in
    :data:`MILESTONES` order (what decides them; cached: a case is summarised at each save)."""
    from dispute.model import Counterpart, Direction, EventKind
    from dispute.procedure import CONTACT_KINDS, OPERATOR_SIDE, SECOND_LEVEL

    def complaint(level) -> bool:
        return (direction is Direction.OUTGOING and kind in CONTACT_KINDS
                and counterpart in level)

    def saisine(to: Counterpart) -> bool:
        return kind is EventKind.SAISINE and counterpart is to

    tests = {
        "first_complaint": complaint(OPERATOR_SIDE),
        "service_consommateurs": complaint(SECOND_LEVEL),
        "mediator": saisine(Counterpart.MEDIATOR),
        "opinion": (kind is EventKind.MEDIATOR_OPINION
                    and counterpart is not Counterpart.OTHER_MEDIATOR),
        "cpme": saisine(Counterpart.CPME),
        "business_mediator": saisine(Counterpart.BUSINESS_MEDIATOR),
        "conciliateur": saisine(Counterpart.CONCILIATEUR),
        "court": kind is EventKind.COURT_ACTION or counterpart is Counterpart.COURT,
    }
    return tuple(key for key, reached in tests.items() if reached)


def opened_on(case: Case) -> date | None:
    """The day the case was opened in the app (its creation), else its first dated event."""
    created = _local_date(case.created_at)
    if created is not None:
        return created
    dated = [e.date for e in case.events if e.date is not None]
    return min(dated) if dated else None


def closed_on(case: Case) -> date | None:
    """For a closed case: the outcome's date, else the day it was last saved."""
    from dispute.model import CaseStatus

    if case.status is CaseStatus.OPEN:
        return None
    if case.outcome is not None and case.outcome.date is not None:
        return case.outcome.date
    return _local_date(case.updated_at)


def _outcome_facts(case: Case) -> dict[str, Any] | None:
    from dispute.model import TaxBasis
    from dispute.outcome import amount_in

    outcome = case.outcome
    if outcome is None:
        return None

    def amounts(value) -> dict[str, str | None]:
        return {basis.value: (None if value is None else
                              str(amount_in(value, outcome.tax_basis, basis)))
                for basis in (TaxBasis.HT, TaxBasis.TTC)}

    return {
        "result": outcome.result.value,
        "route": outcome.route.value if outcome.route else None,
        "obtained": [o.value for o in outcome.obtained],
        "date": outcome.date.isoformat() if outcome.date else None,
        "claimed": amounts(outcome.amount_claimed),
        "obtained_amount": amounts(outcome.amount_obtained),
        "entered_basis": outcome.tax_basis.value,
        "subscriber_followed": outcome.subscriber_followed_opinion,
        "operator_followed": outcome.operator_followed_opinion,
    }


def report_facts(case: Case) -> dict[str, Any]:
    """The JSON-safe facts the Bilan and the anonymised export read (see module docstring)."""
    from dispute.departements import departement

    structure = case.handling_structure
    opened = opened_on(case)
    closed = closed_on(case)
    return {
        "operator_id": case.operator.directory_id,
        "natures": [n.value for n in case.natures],
        "structure": " ".join(structure.name.split()) if structure else "",
        "structure_kind": structure.kind.value if structure and structure.kind else None,
        "departement": departement(case.subscriber.address.postcode,
                                   case.subscriber.address.country),
        "opened": opened.isoformat() if opened else None,
        "closed": closed.isoformat() if closed else None,
        "milestones": {k: v.isoformat() for k, v in milestones(case).items()},
        "outcome": _outcome_facts(case),
    }

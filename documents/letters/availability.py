"""Shared helpers of the letters' availability hooks (each letter kind's module declares its
own ``availability(case, assessment)``)."""

from __future__ import annotations

from datetime import date

from dispute.model import Case, EventKind
from dispute.procedure import FIRST_LEVEL, OPERATOR_SIDE, Assessment, Stage, is_written


def first_level_complaints(case: Case) -> list:
    return [e for e in case.events if e.counterpart in FIRST_LEVEL
            and e.kind is not EventKind.ANSWER and e.direction.value == "outgoing"
            and e.kind not in (EventKind.OUTAGE, EventKind.TECHNICIAN_VISIT)]


def written_operator_complaints(case: Case) -> list:
    return [e for e in case.events if e.counterpart in OPERATOR_SIDE
            and e.kind is not EventKind.ANSWER and e.direction.value == "outgoing"
            and is_written(e)]


def last_resort_reached(case: Case, a: Assessment) -> tuple[bool, str]:
    if a.stage in (Stage.MEDIATOR_OPINION, Stage.LAST_RESORT):
        return True, f"Dernier recours possible : {a.stage_label.lower()}."
    if any(s.id == "last_resort" for s in a.next_steps):
        return True, "Dernier recours possible : le médiateur ne peut plus être saisi."
    if case.is_business and a.stage is Stage.CPME_SEIZED:
        return True, "Dernier recours possible après l'intervention de la CPME."
    if case.is_business:
        return False, ("Dernier recours : à envisager après l'échec des démarches auprès de "
                       "l'opérateur et de l'intervention de la CPME (seeds/003, seeds/000).")
    return False, ("Dernier recours : à envisager après l'avis du médiateur, ou lorsque le "
                   "médiateur ne peut plus être saisi (seeds/003, étape M+5).")


def route_reason(route) -> str:
    return " ".join(r.message for r in route.reasons) or "Voie non ouverte."


def fr_date(d: date | None) -> str:
    from dispute.calendar import format_date_fr

    return format_date_fr(d) if d else ""


def amicable_failed(case: Case, a: Assessment) -> bool:
    """The operator's levels have failed: a last resort is reached, or the mediator (the
    CPME for a business) can be seized."""
    reached, _ = last_resort_reached(case, a)
    return (reached or (a.mediator.opens_on is not None and a.mediator.opens_on <= a.today)
            or (case.is_business and a.cpme.opens_on is not None
                and a.cpme.opens_on <= a.today))

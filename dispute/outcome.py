"""Closing a case with its outcome, reopening it, and how an outcome reads.

A case's ``status`` stays one of open / resolved / abandoned (the case list, the engine and
the store read it); the outcome (``dispute.model.Outcome``) says how it ended. Closing maps
the outcome's result to a status (``STATUS_OF_RESULT``, docs/outcomes.md):

- obtained in full, obtained in part, refused → **résolu**: a route (the operator, the
  mediator, a court...) decided, whichever way;
- abandoned, withdrawn → **abandonné**: the case stopped without a decision.

Reopening sets the status back to open and keeps the outcome for history: the Bilan counts a
case as closed only while its status says so, and closing it again replaces the outcome.
"""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from typing import Any

from dispute.amounts import DEFAULT_VAT_RATE, in_basis
from dispute.labels import label
from dispute.model import (
    Case,
    CaseStatus,
    Outcome,
    OutcomeResult,
    SettlementRoute,
    TaxBasis,
)
from dispute.validation import (
    Severity,
    ValidationIssue,
    _issue,
    format_date_fr,
    format_euros,
    validate_amount,
    validate_not_future,
    validate_text,
)

STATUS_OF_RESULT: dict[OutcomeResult, CaseStatus] = {
    OutcomeResult.FULL: CaseStatus.RESOLVED,
    OutcomeResult.PARTIAL: CaseStatus.RESOLVED,
    OutcomeResult.REFUSED: CaseStatus.RESOLVED,
    OutcomeResult.ABANDONED: CaseStatus.ABANDONED,
    OutcomeResult.WITHDRAWN: CaseStatus.ABANDONED,
}
"""The case status a closing sets, by result (module docstring)."""

SUCCESS_RESULTS = frozenset({OutcomeResult.FULL, OutcomeResult.PARTIAL})
DECIDED_RESULTS = frozenset({OutcomeResult.FULL, OutcomeResult.PARTIAL, OutcomeResult.REFUSED})
"""A success rate is successes over decided outcomes: abandoned or withdrawn cases were
decided by nobody, so they count in neither term (docs/outcomes.md)."""


class OutcomeError(ValueError):
    """A closing or reopening that cannot be done; ``str()`` is the French message."""


def is_closed(case: Case) -> bool:
    return case.status is not CaseStatus.OPEN


def validate_outcome(outcome: Outcome, today: date, path: str = "outcome"
                     ) -> list[ValidationIssue]:
    """Errors and warnings of an outcome about to be recorded."""
    issues: list[ValidationIssue] = []
    if outcome.date is None:
        issues.append(_issue(f"{path}.date", "La date de clôture manque.", "outcome.date"))
    issues += validate_not_future(outcome.date, today, f"{path}.date", "La date de clôture")
    issues += validate_amount(outcome.amount_claimed, f"{path}.amount_claimed",
                              label="Le montant réclamé")
    issues += validate_amount(outcome.amount_obtained, f"{path}.amount_obtained",
                              label="Le montant obtenu")
    issues += validate_text(outcome.note, f"{path}.note")
    if outcome.result in (OutcomeResult.REFUSED, OutcomeResult.ABANDONED,
                          OutcomeResult.WITHDRAWN) and outcome.amount_obtained:
        issues.append(_issue(f"{path}.amount_obtained",
                             f"Un montant obtenu ({format_euros(outcome.amount_obtained)}) "
                             f"avec le résultat « {label(outcome.result)} » : vérifiez le "
                             "résultat (obtenu en partie ?).", "outcome.amount_result",
                             Severity.WARNING))
    basis = label(outcome.tax_basis)
    if (outcome.result is OutcomeResult.FULL and outcome.amount_claimed is not None
            and outcome.amount_obtained is not None
            and outcome.amount_obtained < outcome.amount_claimed):
        issues.append(_issue(f"{path}.result",
                             f"« {label(outcome.result)} » avec "
                             f"{format_euros(outcome.amount_obtained)} {basis} obtenus sur "
                             f"{format_euros(outcome.amount_claimed)} {basis} réclamés : "
                             f"s'agit-il plutôt d'un résultat « {label(OutcomeResult.PARTIAL)} » "
                             "?",
                             "outcome.full_but_less", Severity.WARNING))
    if (outcome.amount_claimed is not None and outcome.amount_obtained is not None
            and outcome.amount_obtained > outcome.amount_claimed):
        issues.append(_issue(f"{path}.amount_obtained",
                             "Le montant obtenu dépasse le montant réclamé : vérifiez-les.",
                             "outcome.amount_over", Severity.WARNING))
    if outcome.route is not SettlementRoute.MEDIATOR and (
            outcome.subscriber_followed_opinion is not None
            or outcome.operator_followed_opinion is not None):
        issues.append(_issue(f"{path}.route",
                             "Le suivi de l'avis ne se renseigne que pour une issue devant le "
                             "Médiateur des communications électroniques.",
                             "outcome.opinion_route"))
    return issues


def close_case(case: Case, outcome: Outcome, today: date) -> Case:
    """A copy of ``case`` closed with ``outcome`` (status from ``STATUS_OF_RESULT``).

    Raises :class:`OutcomeError` when the outcome has errors (warnings do not block)."""
    problems = [i for i in validate_outcome(outcome, today) if i.is_error]
    if problems:
        raise OutcomeError(" ".join(i.message for i in problems))
    closed = copy.deepcopy(case)
    closed.outcome = copy.deepcopy(outcome)
    if closed.outcome.route is not SettlementRoute.MEDIATOR:
        closed.outcome.subscriber_followed_opinion = None
        closed.outcome.operator_followed_opinion = None
    closed.status = STATUS_OF_RESULT[outcome.result]
    return closed


def reopen_case(case: Case) -> Case:
    """A copy of ``case`` open again; the outcome is kept for history."""
    if not is_closed(case):
        raise OutcomeError("Le dossier est déjà en cours : il n'y a rien à rouvrir.")
    reopened = copy.deepcopy(case)
    reopened.status = CaseStatus.OPEN
    return reopened


def amount_in(value: Decimal | None, basis: TaxBasis, target: TaxBasis) -> Decimal | None:
    """An outcome amount in ``target`` basis (the outcome has no VAT rate of its own: telecom
    services, 20 %)."""
    if value is None:
        return None
    return in_basis(value, basis, DEFAULT_VAT_RATE, target)


def outcome_text(outcome: Outcome) -> str:
    """One French sentence: « Obtenu en partie le 03/05/2026 (Médiateur…) : avoir ; 120,00 €
    TTC obtenus sur 300,00 € réclamés. »"""
    parts = [label(outcome.result)]
    if outcome.date is not None:
        parts.append(f"le {format_date_fr(outcome.date)}")
    text = " ".join(parts)
    if outcome.route is not None:
        text += f" ({label(outcome.route)})"
    details = []
    if outcome.obtained:
        details.append(", ".join(label(o).lower() for o in outcome.obtained))
    basis = label(outcome.tax_basis)
    if outcome.amount_obtained is not None and outcome.amount_claimed is not None:
        details.append(f"{format_euros(outcome.amount_obtained)} {basis} obtenus sur "
                       f"{format_euros(outcome.amount_claimed)} réclamés")
    elif outcome.amount_obtained is not None:
        details.append(f"{format_euros(outcome.amount_obtained)} {basis} obtenus")
    elif outcome.amount_claimed is not None:
        details.append(f"{format_euros(outcome.amount_claimed)} {basis} réclamés")
    if outcome.route is SettlementRoute.MEDIATOR:
        details += [t for t in (_followed("l'abonné", outcome.subscriber_followed_opinion),
                                _followed("l'opérateur", outcome.operator_followed_opinion)) if t]
    if details:
        text += " : " + " ; ".join(details)
    return text + "."


def _followed(who: str, value: bool | None) -> str:
    if value is None:
        return ""
    return f"avis suivi par {who}" if value else f"avis non suivi par {who}"


def outcome_to_dict(case: Case) -> dict[str, Any] | None:
    """The ``outcome`` object of ``status --json`` (docs/status-json.md, « Outcome »)."""
    outcome = case.outcome
    if outcome is None:
        return None
    return {
        "result": outcome.result.value,
        "result_label": label(outcome.result),
        "obtained": [o.value for o in outcome.obtained],
        "amount_claimed": _amount(outcome.amount_claimed),
        "amount_obtained": _amount(outcome.amount_obtained),
        "tax_basis": outcome.tax_basis.value,
        "date": outcome.date.isoformat() if outcome.date else None,
        "route": outcome.route.value if outcome.route else None,
        "route_label": label(outcome.route),
        "subscriber_followed_opinion": outcome.subscriber_followed_opinion,
        "operator_followed_opinion": outcome.operator_followed_opinion,
        "note": outcome.note,
        "current": is_closed(case),
        "text": outcome_text(outcome),
    }


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(Decimal("0.01")))

"""The anonymised export for a federation (e.g. the CPME national): one row per case.

What it holds, and why (docs/outcomes.md, « Export anonymisé »): the operator (the
directory's name only: an operator typed by hand becomes « Autre opérateur », since a typed
name is free text), the nature(s), the subscriber kind, the département (from the postcode:
never the postcode, the town or the address), the months of opening, first complaint and
closing, the days each stage took, the status, the outcome, the route, what was obtained and
the amounts (one basis). Nothing else: no name, address, phone, e-mail, SIREN, contract,
customer or invoice number, no case id, no note, summary or event text, no exhibit.

Months rather than days: with the operator, the nature and a small département an exact date
could single a case out for anyone who knows the operator's files; the durations in days keep
every figure of the Bilan computable.

Built from the same cached facts as the Bilan (``dispute.bilan.CaseFacts``), so it exports
the cases in scope of a period and filters, reading the index only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from dispute.activity import MILESTONES
from dispute.bilan import Bilan, CaseFacts, stage_durations
from dispute.labels import label
from dispute.model import Obtained

OTHER_OPERATOR = "Autre opérateur"

HEADER = (
    "operateur", "type_abonne", "natures", "departement", "mois_ouverture",
    "mois_premiere_reclamation", "mois_cloture", "statut", "resultat", "voie", "obtenu",
    "montant_reclame", "montant_obtenu", "base_montants", "avis_suivi_abonne",
    "avis_suivi_operateur", "jours_reclamation_a_cloture",
    *(f"jours_etape_{key}" for key in MILESTONES),
)
"""Column names (stable, ASCII; the values are French labels)."""


def _month(day: date | None) -> str:
    return day.strftime("%Y-%m") if day else ""


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("oui" if value else "non")


class OperatorNames:
    """The directory's name of an operator, never the name as typed."""

    def __init__(self) -> None:
        from dispute.directory import shipped_directory

        self._directory = shipped_directory()
        self._cache: dict[str, str] = {}

    def __call__(self, facts: CaseFacts) -> str:
        key = facts.operator_key
        if key not in self._cache:
            operator = self._directory.operator(key) or self._directory.find_operator(
                facts.operator_name)
            self._cache[key] = operator.name if operator is not None else OTHER_OPERATOR
        return self._cache[key]


def anonymised_row(facts: CaseFacts, operator_name: str, basis_label: str) -> tuple[Any, ...]:
    first = facts.milestones.get("first_complaint")
    outcome = facts.outcome if facts.closed is not None else None
    stages = stage_durations(facts)
    obtained = []
    if outcome is not None:
        for value in outcome.obtained_kinds:
            try:
                obtained.append(label(Obtained(value)))
            except ValueError:
                continue
    return (
        operator_name, label(facts.kind), ", ".join(label(n) for n in facts.natures),
        facts.departement, _month(facts.opened), _month(first), _month(facts.closed),
        label(facts.status),
        label(outcome.result) if outcome else "", label(outcome.route) if outcome else "",
        ", ".join(obtained),
        outcome.claimed if outcome else None, outcome.obtained if outcome else None,
        basis_label if outcome and (outcome.claimed is not None
                                    or outcome.obtained is not None) else "",
        _yes_no(outcome.subscriber_followed) if outcome else "",
        _yes_no(outcome.operator_followed) if outcome else "",
        (facts.closed - first).days if first and facts.closed and facts.closed >= first
        else None,
        *(stages.get(key) for key in MILESTONES),
    )


def anonymised_rows(bilan: Bilan) -> Iterable[tuple[Any, ...]]:
    """One row per case in the Bilan's scope, in the order of ``HEADER``."""
    names = OperatorNames()
    basis_label = label(bilan.basis)
    for facts in bilan.cases:
        yield anonymised_row(facts, names(facts), basis_label)

"""The Médiateur des entreprises, for a business whose operator the CPME does not cover.

Rule ``business_mediator_entreprises``. docs/procedure.md « Next steps ».
"""

from __future__ import annotations

from dispute.procedure.facts import CaseFacts
from dispute.procedure.results import NextStep, Route

RULES = frozenset({"business_mediator_entreprises"})


def step(facts: CaseFacts, cpme: Route) -> NextStep | None:
    codes = {r.code for r in cpme.reasons}
    if "operator_not_covered" not in codes or cpme.opens_on is None:
        return None
    return NextStep("business_mediator", facts.rule("business_mediator_entreprises").label,
                    cpme.opens_on, None, facts.basis("business_mediator_entreprises"),
                    note="Règle non vérifiée : à confirmer avant de s'y fier.")

"""The operator's own levels: the service clients (first level) and the service consommateurs.

Rules: ``service_clients_first_contact``, ``service_clients_answer_delay`` (1 month, seeds/001),
``service_consommateurs_access`` (after 1 month without answer or an unsatisfactory answer),
``service_consommateurs_answer_delay`` (1 month). docs/procedure.md « Reading the events ».
"""

from __future__ import annotations

from datetime import date

from dispute.procedure import cpme
from dispute.procedure.dates import sent_on
from dispute.procedure.events import Level
from dispute.procedure.facts import CaseFacts
from dispute.procedure.results import Basis, Deadline, DeadlineKind, NextStep
from dispute.stages import Stage

RULES = frozenset({
    "service_clients_first_contact", "service_clients_answer_delay",
    "service_consommateurs_access", "service_consommateurs_answer_delay",
})


def service_consommateurs_access(facts: CaseFacts) -> tuple[date, Basis] | None:
    """When the service consommateurs may be seized (None once the operator satisfied)."""
    if facts.resolved_by() is not None:
        return None
    return facts.failure([facts.first], "service_consommateurs_access")


def _answer_deadline(facts: CaseFacts, deadline_id: str, text: str, level: Level,
                     rule_id: str) -> Deadline | None:
    complaint = level.reference_complaint()
    if complaint is None:
        return None
    when, basis = facts.after_delay(rule_id, complaint, extra_day=False)
    met = next((a for a in level.real_answers if sent_on(a) >= sent_on(complaint)), None)
    return facts.deadline(deadline_id, text, when, DeadlineKind.EXPECTED, basis, met)


def deadlines(facts: CaseFacts) -> list[Deadline | None]:
    """The answers expected from each level (None for a level never contacted)."""
    return [
        _answer_deadline(facts, "service_clients_answer", "Réponse attendue du service clients",
                         facts.first, "service_clients_answer_delay"),
        _answer_deadline(facts, "service_consommateurs_answer",
                         "Réponse attendue du service consommateurs",
                         facts.second, "service_consommateurs_answer_delay"),
    ]


def steps(facts: CaseFacts, stage: Stage) -> list[NextStep]:
    """Contact the service clients first; then write to the service consommateurs."""
    out: list[NextStep] = []
    if stage is Stage.NO_STEP:
        note = ("La CPME exige une tentative préalable auprès de l'opérateur."
                if facts.case.is_business and cpme.operator_covered(facts) else "")
        out.append(NextStep("contact_service_clients",
                            facts.rule("service_clients_first_contact").label, facts.today,
                            None, facts.basis("service_clients_first_contact"), note=note))
    if stage is Stage.SERVICE_CLIENTS:
        access = service_consommateurs_access(facts)
        if access is not None:
            out.append(NextStep("write_service_consommateurs",
                                facts.rule("service_consommateurs_access").label,
                                access[0], None, access[1]))
    return out

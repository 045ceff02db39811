"""The operator's own levels: the service clients (first level) and the service consommateurs.

Rules: ``service_clients_first_contact``, ``service_clients_answer_delay`` (1 month, seeds/001),
``service_consommateurs_access`` (after 1 month without answer or an unsatisfactory answer),
``service_consommateurs_answer_delay`` (1 month). docs/procedure.md « Reading the events ».
"""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Mapping
from datetime import date

from dispute.calendar import format_date_fr
from dispute.model import Event
from dispute.procedure import cpme
from dispute.procedure.dates import sent_on
from dispute.procedure.events import Level, is_written
from dispute.procedure.facts import CaseFacts
from dispute.procedure.results import Basis, Deadline, DeadlineKind, LetterDecision, NextStep
from dispute.stages import Stage

RULES = frozenset({
    "service_clients_first_contact", "service_clients_answer_delay",
    "service_consommateurs_access", "service_consommateurs_answer_delay",
    "relance_after_answer_delay", "formal_notice_after_operator_delays",
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


def steps(facts: CaseFacts, stage: Stage, letters: Mapping[str, LetterDecision]
          ) -> list[NextStep]:
    """Contact the service clients first (in writing once only calls were made); then write to
    the service consommateurs (private subscribers); remind a level whose answer is late."""
    out: list[NextStep] = []
    business = facts.case.is_business
    first_letter = letters.get("reclamation_service_clients")
    if stage is Stage.NO_STEP:
        note = ("La CPME exige une tentative préalable auprès de l'opérateur."
                if business and cpme.operator_covered(facts) else "")
        out.append(NextStep("contact_service_clients",
                            facts.rule("service_clients_first_contact").label, facts.today,
                            None, facts.basis("service_clients_first_contact"), note=note))
    elif first_letter is not None and first_letter.possible:
        out.append(NextStep(
            "write_service_clients",
            "Adresser une réclamation écrite au service clients (lettre recommandée avec "
            "accusé de réception conseillée)", facts.today, None, first_letter.basis,
            note=first_letter.reason,
            note_bases=(facts.basis("mediator_clocks_written_complaint"),)))
    second_letter = letters.get("recours_service_consommateurs")
    if not business and second_letter is not None and (
            second_letter.possible or second_letter.possible_from is not None):
        access = service_consommateurs_access(facts)
        if access is not None:
            # both first letters offered at once: one of them, not two (review 18.6)
            note = ("L'une ou l'autre, pas les deux : l'ordre habituel est la réclamation "
                    "écrite au service clients d'abord (démarche ci-dessus) ; vos appels restés "
                    "sans suite permettent aussi d'écrire directement au service "
                    "consommateurs." if any(s.id == "write_service_clients" for s in out)
                    else "")
            out.append(NextStep("write_service_consommateurs",
                                facts.rule("service_consommateurs_access").label,
                                access[0], None, access[1], note=note))
    reminder = letters.get("relance_operateur")
    if reminder is not None and reminder.possible:
        out.append(NextStep("remind_operator",
                            "Relancer par écrit le service dont la réponse est en retard",
                            facts.today, None, reminder.basis, note=reminder.reason))
    return out


def _level_name(level: Level, facts: CaseFacts) -> str:
    if level is facts.second:
        return "le service consommateurs" if not facts.case.is_business else "le recours interne"
    return "le service clients"


def answer_due(facts: CaseFacts, level: Level, rule_id: str
               ) -> tuple[Event, date, Basis] | None:
    """The level's first written complaint still unanswered, and the day its answer is due."""
    complaint = level.pending_written
    if complaint is None:
        return None
    when, basis = facts.after_delay(rule_id, complaint, extra_day=False)
    return complaint, when, basis


def current_level(facts: CaseFacts) -> tuple[Level, str] | None:
    """The operator level the case is at (the highest written to), with its answer rule."""
    if any(is_written(c) for c in facts.second.complaints):
        return facts.second, "service_consommateurs_answer_delay"
    if facts.first.complaints:
        return facts.first, "service_clients_answer_delay"
    return None


@dataclass(frozen=True)
class OperatorFailure:
    """When every level written to has failed: ``on`` (None if it cannot be dated), why,
    and whether the operator satisfied the subscriber (``satisfied``: nothing to fail)."""

    on: date | None
    basis: Basis
    why: str = ""
    satisfied: bool = False


def operator_failed(facts: CaseFacts) -> OperatorFailure:
    """When every level written to has failed (unsatisfactory answer, or its month passed
    after a written complaint): the formal notice's condition."""
    resolved = facts.resolved_by()
    if resolved is not None:
        return OperatorFailure(None, facts.basis("formal_notice_after_operator_delays",
                                                 resolved),
                               f"L'opérateur a donné une réponse satisfaisante le "
                               f"{format_date_fr(sent_on(resolved))} et aucune réclamation n'a "
                               "suivi.", satisfied=True)
    levels = [lv for lv in (facts.first, facts.second)
              if any(is_written(c) for c in lv.complaints)]
    if not levels:
        return OperatorFailure(None, facts.basis("formal_notice_after_operator_delays"),
                               "Aucune réclamation écrite à l'opérateur n'est enregistrée : la "
                               "mise en demeure suppose l'échec des démarches écrites (courrier, "
                               "courriel).")
    dates: list[tuple[date, Basis]] = []
    for level in levels:
        failed = facts.written_failure([level], "formal_notice_after_operator_delays")
        if failed is not None:
            dates.append(failed)
            continue
        answer = level.last_real_answer
        if answer is not None and answer.outcome is None:
            return OperatorFailure(None, facts.basis("formal_notice_after_operator_delays",
                                                     answer),
                                   f"{_level_name(level, facts).capitalize()} a répondu le "
                                   f"{format_date_fr(sent_on(answer))} : indiquer si la réponse "
                                   "est satisfaisante.")
    if not dates:  # each level written to answered satisfactorily
        return OperatorFailure(None, facts.basis("formal_notice_after_operator_delays"),
                               "L'opérateur a répondu de façon satisfaisante à chaque "
                               "réclamation écrite.", satisfied=True)
    on, basis = max(dates, key=lambda d: d[0])
    return OperatorFailure(on, basis)

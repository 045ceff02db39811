"""The stage: the furthest step reached (docs/procedure.md « Stage »)."""

from __future__ import annotations

from dispute.labels import label
from dispute.model import CaseStatus, Event
from dispute.procedure.dates import sent_on
from dispute.calendar import format_date_fr
from dispute.procedure.events import SECOND_LEVEL, UNSATISFIED, Level, event_title
from dispute.procedure.facts import CaseFacts
from dispute.procedure.results import DateKind, EventRef
from dispute.stages import Stage


def _unsatisfactory_answer(level: Level, complaint: Event) -> Event | None:
    """The level's last answer when it came after ``complaint`` and did not satisfy."""
    answers = [a for a in level.answers if sent_on(a) is not None
               and sent_on(a) >= sent_on(complaint)]
    if answers and answers[-1].outcome in UNSATISFIED:
        return answers[-1]
    return None


def _level_of(facts: CaseFacts, complaint: Event) -> Level:
    """The operator's level a complaint went to."""
    return facts.second if complaint.counterpart in SECOND_LEVEL else facts.first


def current_stage(facts: CaseFacts) -> tuple[Stage, str, EventRef | None]:
    """The stage, the French sentence saying why, and the event that sets it."""
    if facts.case.status in (CaseStatus.RESOLVED, CaseStatus.ABANDONED):
        return Stage.CLOSED, f"Dossier clos ({label(facts.case.status).lower()}).", None
    checks: list[tuple[Stage, tuple[Event, ...], str]] = [
        (Stage.LAST_RESORT, facts.last_resort_events, "Dernier recours engagé"),
        (Stage.LAST_RESORT, facts.conciliateur_saisines, "Conciliateur de justice saisi"),
        (Stage.MEDIATOR_OPINION, facts.opinions, "Avis du médiateur reçu"),
        (Stage.MEDIATOR_SEIZED, facts.mediator_saisines, "Médiateur saisi"),
        (Stage.MEDIATOR_SEIZED, facts.business_mediator_saisines,
         "Médiateur des entreprises saisi"),
        (Stage.MEDIATOR_SEIZED, facts.other_mediator_saisines, "Autre médiateur saisi"),
        (Stage.CPME_SEIZED, facts.cpme_saisines, "CPME saisie"),
        # the furthest step with the operator; still a complaint to its level for the routes
        (Stage.FORMAL_NOTICE, facts.formal_notices, "Mise en demeure envoyée"),
        (Stage.SERVICE_CONSOMMATEURS, facts.second.complaints,
         "Réclamation au service consommateurs"),
        (Stage.SERVICE_CLIENTS, facts.first.complaints, "Réclamation auprès de l'opérateur"),
    ]
    for stage, events, text in checks:
        if events:
            event = events[-1]
            ref = EventRef(event.id, sent_on(event), DateKind.EVENT, event_title(event))
            reason = f"{text} : {event_title(event)}."
            level = {Stage.SERVICE_CLIENTS: facts.first,
                     Stage.SERVICE_CONSOMMATEURS: facts.second,
                     Stage.FORMAL_NOTICE: _level_of(facts, event)}.get(stage)
            answer = _unsatisfactory_answer(level, event) if level is not None else None
            if answer is not None:  # the step reached is the answer, not the complaint (18.9)
                reason += f" {label(answer.outcome)} le {format_date_fr(sent_on(answer))}."
            return stage, reason, ref
    return Stage.NO_STEP, "Aucune réclamation datée auprès de l'opérateur.", None

"""``assess(case, today)``: every route applied to one case on one day, in order.

The routes are modules of this package: ``operator`` (service clients, service
consommateurs), ``mediator`` (Médiateur des communications électroniques), ``cpme``,
``business_mediator`` (Médiateur des entreprises), ``court`` (last resort), ``prescription``
(invoice lines). This module only orders what they conclude.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from dispute.model import Case
from dispute.procedure import (
    business_mediator,
    court,
    cpme,
    mediator,
    operator,
    prescription,
)
from dispute.procedure.facts import CaseFacts
from dispute.procedure.notices import data_warnings
from dispute.procedure.results import Assessment, Deadline, DeadlineState, NextStep, Route
from dispute.procedure.stage import current_stage
from dispute.rules import RuleSet, default_rules
from dispute.stages import Stage

logger = logging.getLogger(__name__)

REQUIRED_RULES = (operator.RULES | mediator.RULES | cpme.RULES | business_mediator.RULES
                  | court.RULES | prescription.RULES)
"""Every rule id the engine applies; ``assess`` refuses a rule set that lacks one."""


def _next_steps(facts: CaseFacts, stage: Stage, mediator_route: Route,
                cpme_route: Route) -> list[NextStep]:
    if stage is Stage.CLOSED:
        return []
    steps = operator.steps(facts, stage)
    business = facts.case.is_business
    if stage in (Stage.SERVICE_CLIENTS, Stage.SERVICE_CONSOMMATEURS):
        steps.append(mediator.seize_step(facts, mediator_route))
        if mediator.barred(facts, mediator_route):
            steps.append(court.last_resort_step(facts, facts.today))
    if business and stage in (Stage.NO_STEP, Stage.SERVICE_CLIENTS,
                              Stage.SERVICE_CONSOMMATEURS):
        steps.append(cpme.step(facts, cpme_route))
        steps.append(business_mediator.step(facts, cpme_route))
    if stage is Stage.MEDIATOR_SEIZED:
        steps.append(mediator.await_opinion_step(facts))
    if stage is Stage.MEDIATOR_OPINION:
        answer, opinion_date = mediator.answer_opinion_step(facts)
        steps.append(answer)
        steps.append(court.last_resort_step(facts, opinion_date))
    return [s for s in steps if s is not None]


def _deadlines(facts: CaseFacts, mediator_route: Route) -> list[Deadline]:
    found = operator.deadlines(facts) + mediator.deadlines(facts, mediator_route)
    return sorted((d for d in found if d is not None), key=lambda d: d.date)


def assess(case: Case, today: date, rules: RuleSet | None = None, *,
           holiday_subdiv: str | None = None) -> Assessment:
    """Where the case stands on ``today``, and why. Pure: no I/O besides the cached rules."""
    rules = rules if rules is not None else default_rules()
    missing = sorted(REQUIRED_RULES - set(rules))
    if missing:
        raise KeyError(f"Règles absentes de rules.json : {', '.join(missing)}")
    facts = CaseFacts(case, today, rules, holiday_subdiv, REQUIRED_RULES)
    stage, stage_reason, stage_event = current_stage(facts)
    mediator_route = mediator.route(facts)
    cpme_route = cpme.route(facts)
    deadlines = _deadlines(facts, mediator_route)
    steps = _next_steps(facts, stage, mediator_route, cpme_route)
    flags = tuple(prescription.invoice_flag(facts, line) for line in case.invoice_lines)
    data_warnings(facts, stage)
    assessment = Assessment(case.id, today, stage, stage_reason, stage_event, tuple(steps),
                            mediator_route, cpme_route, tuple(deadlines), flags,
                            tuple(facts.notices))
    logger.debug("Case %s on %s: stage %s, %d deadline(s), %d warning(s)", case.id, today,
                 assessment.stage.value, len(assessment.deadlines), len(assessment.warnings))
    return assessment


def next_deadline(assessment: Assessment) -> Deadline | None:
    """The first deadline from today on that is still awaited (None for a closed case)."""
    if assessment.stage is Stage.CLOSED:
        return None
    pending = [d for d in assessment.deadlines
               if d.state in (DeadlineState.UPCOMING, DeadlineState.TODAY)]
    return min(pending, key=lambda d: d.date, default=None)


def case_summary_fields(case: Case, today: date, rules: RuleSet | None = None) -> dict[str, Any]:
    """What a case list shows: the stage and the next deadline."""
    assessment = assess(case, today, rules)
    deadline = next_deadline(assessment)
    return {
        "stage": assessment.stage,
        "stage_label": assessment.stage_label,
        "next_deadline_date": deadline.date if deadline else None,
        "next_deadline_label": deadline.label if deadline else "",
        "next_deadline_warning": deadline.warning if deadline else None,
    }

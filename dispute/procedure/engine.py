"""``assess(case, today)``: every route applied to one case on one day, in order.

The routes are modules of this package: ``operator`` (service clients, service
consommateurs), ``mediator`` (Médiateur des communications électroniques), ``cpme``,
``business_mediator`` (Médiateur des entreprises), ``court`` (last resort), ``prescription``
(invoice lines). This module only orders what they conclude.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import date
from typing import Any, NamedTuple

from dispute.model import Case, CaseStatus
from dispute.procedure import (
    business_mediator,
    court,
    cpme,
    letter_decisions,
    mediator,
    operator,
    prescription,
)
from dispute.procedure.facts import CaseFacts
from dispute.procedure.notices import data_warnings
from dispute.procedure.results import (
    Assessment,
    Deadline,
    DeadlineState,
    LetterDecision,
    LetterState,
    NextStep,
    Route,
)
from dispute.procedure.stage import current_stage
from dispute.rules import RuleSet, default_rules
from dispute.stages import STAGE_LABELS, Stage

logger = logging.getLogger(__name__)

REQUIRED_RULES = (operator.RULES | mediator.RULES | cpme.RULES | business_mediator.RULES
                  | court.RULES | prescription.RULES | letter_decisions.RULES)
"""Every rule id the engine applies; ``assess`` refuses a rule set that lacks one."""


STEP_LETTERS = {
    "contact_service_clients": (letter_decisions.SERVICE_CLIENTS, letter_decisions.BILLING),
    "write_service_clients": (letter_decisions.SERVICE_CLIENTS, letter_decisions.BILLING),
    "write_service_consommateurs": (letter_decisions.SERVICE_CONSOMMATEURS,),
    "remind_operator": (letter_decisions.REMINDER,),
}


def _with_letters(step: NextStep | None, kinds: tuple[str, ...],
                  letters: dict[str, LetterDecision], today: date) -> NextStep | None:
    """The step naming the letters that carry it out: those possible from its date."""
    if step is None:
        return None
    fitting = tuple(
        k for k in kinds if k in letters and (
            (letters[k].possible and step.earliest <= today)
            or (letters[k].state is LetterState.PREMATURE
                and letters[k].possible_from == step.earliest and step.earliest > today)))
    return replace(step, letter_kinds=fitting)


def _without_letters(step: NextStep | None, kinds: tuple[str, ...],
                     letters: Mapping[str, LetterDecision], today: date) -> NextStep | None:
    return step


def _next_steps(facts: CaseFacts, stage: Stage, routes: letter_decisions.Routes,
                letters: Mapping[str, LetterDecision], *,
                with_letters: bool = True) -> list[NextStep]:
    """The advised steps; ``with_letters=False`` leaves out the letters that carry each one
    out (``NextStep.letter_kinds`` empty): the case list's summary does not show them."""
    if stage is Stage.CLOSED:
        return []
    today = facts.today
    attach = _with_letters if with_letters else _without_letters
    steps: list[NextStep | None] = []
    for step in operator.steps(facts, stage, letters):
        steps.append(attach(step, STEP_LETTERS.get(step.id, ()), letters, today))
    steps.append(attach(mediator.seize_step(facts, routes.mediator),
                        (letter_decisions.MEDIATOR,), letters, today))
    if facts.case.is_business:
        # the CPME step from the CPME letter's decision: one answer to « can I write now? »
        steps.append(attach(cpme.step(facts, routes.cpme, letters[letter_decisions.CPME]),
                            (letter_decisions.CPME,), letters, today))
        steps.append(attach(business_mediator.step(facts, routes.business_mediator),
                            (letter_decisions.BUSINESS_MEDIATOR,), letters, today))
    if stage is Stage.MEDIATOR_SEIZED:
        steps.append(mediator.await_opinion_step(facts))
    if facts.opinions:
        steps.append(mediator.answer_opinion_step(facts))
    steps.append(attach(
        court.last_resort_step(facts, routes.court),
        (letter_decisions.COURT_REQUEST, letter_decisions.CONCILIATEUR, letter_decisions.DGCCRF,
         letter_decisions.FORMAL_NOTICE), letters, today))
    return [s for s in steps if s is not None]


def _deadlines(facts: CaseFacts, mediator_route: Route) -> list[Deadline]:
    found = operator.deadlines(facts) + mediator.deadlines(facts, mediator_route)
    return sorted((d for d in found if d is not None), key=lambda d: d.date)


def _facts(case: Case, today: date, rules: RuleSet | None,
           holiday_subdiv: str | None) -> CaseFacts:
    rules = rules if rules is not None else default_rules()
    missing = sorted(REQUIRED_RULES - set(rules))
    if missing:
        raise KeyError(f"Règles absentes de rules.json : {', '.join(missing)}")
    return CaseFacts(case, today, rules, holiday_subdiv, REQUIRED_RULES)


def _routes(facts: CaseFacts) -> letter_decisions.Routes:
    mediator_route = mediator.route(facts)
    return letter_decisions.Routes(mediator_route, cpme.route(facts),
                                   business_mediator.route(facts),
                                   court.route(facts, mediator_route))


def assess(case: Case, today: date, rules: RuleSet | None = None, *,
           holiday_subdiv: str | None = None) -> Assessment:
    """Where the case stands on ``today``, and why. Pure: no I/O besides the cached rules."""
    facts = _facts(case, today, rules, holiday_subdiv)
    stage, stage_reason, stage_event = current_stage(facts)
    routes = _routes(facts)
    mediator_route = routes.mediator
    deadlines = _deadlines(facts, mediator_route)
    letters = letter_decisions.decide(facts, routes)
    steps = _next_steps(facts, stage, routes, {d.kind: d for d in letters})
    flags = prescription.invoice_flags(facts, mediator.barred(facts, mediator_route),
                                       prescription.court_view(mediator_route, routes.court))
    data_warnings(facts, stage)
    assessment = Assessment(case.id, today, stage, stage_reason, stage_event, tuple(steps),
                            mediator_route, routes.cpme, tuple(deadlines), flags,
                            tuple(facts.notices), routes.business_mediator, routes.court,
                            letters)
    logger.debug("Case %s on %s: stage %s, %d deadline(s), %d warning(s)", case.id, today,
                 assessment.stage.value, len(assessment.deadlines), len(assessment.warnings))
    return assessment


class ListAssessment(NamedTuple):
    """What the case list's summary reads of an assessment (``dispute.case_list``): the
    same values as :func:`assess` gives for these fields (tests/test_case_list_summary.py),
    without what the list never shows."""

    stage: Stage
    deadlines: tuple[Deadline, ...]
    next_steps: tuple[NextStep, ...]  # without their letters (``letter_kinds`` empty)
    mediator: Route
    cpme: Route
    business_mediator: Route | None
    court: Route | None

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS[self.stage]


class _StepLetters(Mapping[str, LetterDecision]):
    """The letter decisions, each made when the steps first read it: the operator's steps
    read three of them. In the order and by the functions of ``letter_decisions.decide``,
    which decides any other kind (and every kind of a case that is not open)."""

    _ALONE = {letter_decisions.SERVICE_CLIENTS: letter_decisions.service_clients,
              letter_decisions.SERVICE_CONSOMMATEURS: letter_decisions.service_consommateurs,
              letter_decisions.REMINDER: letter_decisions.reminder}

    def __init__(self, facts: CaseFacts, routes: letter_decisions.Routes) -> None:
        self._facts = facts
        self._routes = routes
        self._made: dict[str, LetterDecision] = {}
        self._all = False

    def __getitem__(self, kind: str) -> LetterDecision:
        made = self._made.get(kind)
        if made is not None:
            return made
        is_open = self._facts.case.status is CaseStatus.OPEN
        alone = self._ALONE.get(kind)
        if alone is not None and is_open:
            made = self._made[kind] = alone(self._facts, self._routes)
            return made
        if kind == letter_decisions.CPME and is_open:  # the CPME step reads it
            made = self._made[kind] = letter_decisions.cpme(self._facts, self._routes.cpme)
            return made
        if not self._all:
            self._all = True
            self._made.update(
                (d.kind, d) for d in letter_decisions.decide(self._facts, self._routes))
        return self._made[kind]

    def __iter__(self) -> Iterator[str]:
        return iter(letter_decisions.LETTER_KINDS)

    def __len__(self) -> int:
        return len(letter_decisions.LETTER_KINDS)


def assess_for_list(case: Case, today: date, rules: RuleSet | None = None, *,
                    holiday_subdiv: str | None = None) -> ListAssessment:
    """The fields of :func:`assess` that the case list's summary stores (the stage, the
    pending deadlines, the advised steps, the routes), at about half its cost: no letter
    decisions but the three the operator's steps depend on, no letters attached to the
    steps, no invoice flags, no data warnings. Runs at every save (issue 13)."""
    facts = _facts(case, today, rules, holiday_subdiv)
    stage = current_stage(facts)[0]
    routes = _routes(facts)
    deadlines = _deadlines(facts, routes.mediator)
    steps = _next_steps(facts, stage, routes, _StepLetters(facts, routes), with_letters=False)
    return ListAssessment(stage, tuple(deadlines), tuple(steps), routes.mediator, routes.cpme,
                          routes.business_mediator, routes.court)


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

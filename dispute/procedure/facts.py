"""The case read once for one assessment, and the helpers every route shares.

:class:`CaseFacts` sorts the dated events, splits the operator's levels, finds the saisines,
and builds the :class:`~dispute.procedure.results.Basis` of each conclusion. The routes
(``operator``, ``mediator``, ``cpme``, ``court``, ``prescription``...) are functions of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from dispute.calendar import add_days, format_date_fr, non_working_day_warning
from dispute.model import AnswerOutcome, Case, Counterpart, Direction, Event, EventKind
from dispute.procedure.dates import DelayStart, delay_start, earliest_known_date, sent_on
from dispute.procedure.events import (
    FIRST_LEVEL,
    LAST_RESORT_COUNTERPARTS,
    LAST_RESORT_KINDS,
    OPERATOR_SIDE,
    SECOND_LEVEL,
    Level,
    event_title,
    is_answer,
    is_complaint,
    is_formal_notice,
    is_real_answer,
    is_written,
    read_level,
)
from dispute.procedure.non_working import not_moved_text
from dispute.procedure.results import (
    Basis,
    DateKind,
    Deadline,
    DeadlineKind,
    DeadlineState,
    EventRef,
    Notice,
)
from dispute.rules import Rule, RuleSet


class CaseFacts:
    """One case on one day, read once: the events in date order and what each one is."""

    def __init__(self, case: Case, today: date, rules: RuleSet, subdiv: str | None,
                 required: frozenset[str]) -> None:
        self.case = case
        self.today = today
        self.rules = rules
        self.subdiv = subdiv
        self.required = required
        self.notices: list[Notice] = []
        self._titles: dict[int, str] = {}  # id(event) → event_title(event)
        ordered = sorted(
            (e for e in case.events if sent_on(e) is not None), key=lambda e: sent_on(e)
        )
        self.events = tuple(ordered)
        self.first = read_level(self.events, FIRST_LEVEL)
        self.second = read_level(self.events, SECOND_LEVEL)
        self.operator_complaints = tuple(e for e in self.events if is_complaint(e, OPERATOR_SIDE))
        # one pass over the events for the saisines and the other events every route reads
        # (was one pass per list: the summary runs at every save, issue 13)
        mediator: list[Event] = []
        cpme: list[Event] = []
        other_mediator: list[Event] = []
        court: list[Event] = []
        last_resort: list[Event] = []
        opinions: list[Event] = []
        business_mediator: list[Event] = []
        conciliateur_saisines: list[Event] = []
        conciliateur_answers: list[Event] = []
        mandates: list[Event] = []
        formal_notices: list[Event] = []
        operator_answers: list[Event] = []
        for e in self.events:
            kind, counterpart = e.kind, e.counterpart
            if kind is EventKind.SAISINE:
                if counterpart is Counterpart.MEDIATOR:
                    mediator.append(e)
                elif counterpart is Counterpart.CPME:
                    cpme.append(e)
                elif counterpart is Counterpart.OTHER_MEDIATOR:
                    other_mediator.append(e)
                elif counterpart is Counterpart.BUSINESS_MEDIATOR:
                    business_mediator.append(e)
            if kind is EventKind.COURT_ACTION or counterpart is Counterpart.COURT:
                court.append(e)
            if kind in LAST_RESORT_KINDS or counterpart in LAST_RESORT_COUNTERPARTS:
                last_resort.append(e)
            if (kind is EventKind.MEDIATOR_OPINION
                    and counterpart is not Counterpart.OTHER_MEDIATOR
                    and counterpart is not Counterpart.BUSINESS_MEDIATOR):
                opinions.append(e)
            if counterpart is Counterpart.CONCILIATEUR:
                if e.direction is Direction.OUTGOING and kind is not EventKind.ANSWER:
                    conciliateur_saisines.append(e)
                if e.direction is Direction.INCOMING:
                    conciliateur_answers.append(e)
            if kind is EventKind.MANDATE_SIGNED:
                mandates.append(e)
            if is_formal_notice(e):
                formal_notices.append(e)
            if is_answer(e, OPERATOR_SIDE) and is_real_answer(e):
                operator_answers.append(e)
        self.mediator_saisines = tuple(mediator)
        self.cpme_saisines = tuple(cpme)
        self.other_mediator_saisines = tuple(other_mediator)
        self.court_events = tuple(court)
        self.last_resort_events = tuple(last_resort)
        self.opinions = tuple(opinions)
        self.business_mediator_saisines = tuple(business_mediator)
        self.conciliateur_saisines = tuple(conciliateur_saisines)
        self.conciliateur_answers = tuple(conciliateur_answers)
        self.mandates = tuple(mandates)
        self.formal_notices = tuple(formal_notices)
        # the operator's real answers (any outcome but « pas de réponse »), in date order:
        # what resolved_by and _satisfied_since read, a few dozen times per assessment
        self._operator_answers = tuple(operator_answers)
        self._resolved_by: list[Event | None] = []  # computed on first use

    # lookups

    def find(self, predicate: Callable[[Event], bool]) -> tuple[Event, ...]:
        return tuple(filter(predicate, self.events))

    def rule(self, rule_id: str) -> Rule:
        if rule_id not in self.required:  # pragma: no cover - programming error
            raise AssertionError(f"{rule_id!r} manque dans REQUIRED_RULES")
        return self.rules[rule_id]

    def basis(self, rule_id: str, event: Event | None = None,
              start: DelayStart | None = None) -> Basis:
        if event is None:
            return Basis(self.rule(rule_id))
        if start is None:
            start = DelayStart(sent_on(event), DateKind.EVENT, False)
        title = self._titles.get(id(event))
        if title is None:  # each event's title made once per assessment
            title = self._titles[id(event)] = event_title(event)
        ref = EventRef(event.id, start.date, start.kind, title, start.provisional)
        return Basis(self.rule(rule_id), ref)

    def notice(self, code: str, message: str, event_id: str | None = None) -> None:
        self.notices.append(Notice(code, message, event_id))

    # delays

    def after_delay(self, rule_id: str, event: Event, extra_day: bool) -> tuple[date, Basis]:
        """The rule's delay added to the event's waiting start (+1 day for "more than")."""
        when, start = self._delay_end(rule_id, event, extra_day)
        return when, self.basis(rule_id, event, start)

    def _delay_end(self, rule_id: str, event: Event, extra_day: bool) -> tuple[date, DelayStart]:
        start = delay_start(event)
        end = self.rule(rule_id).apply(start.date)
        return (add_days(end, 1) if extra_day else end), start

    def deadline(self, deadline_id: str, text: str, when: date, kind: DeadlineKind,
                 basis: Basis, met: Event | None = None) -> Deadline:
        if met is not None:
            state = DeadlineState.MET
        elif when < self.today:
            state = DeadlineState.PASSED
        elif when == self.today:
            state = DeadlineState.TODAY
        else:
            state = DeadlineState.UPCOMING
        phrase = non_working_day_warning(when, self.subdiv)
        warning = f"Le {format_date_fr(when)} {phrase}." if phrase else None
        not_moved = not_moved_text(when, kind, basis.rule, self.subdiv) if phrase else ""
        return Deadline(deadline_id, text, when, kind, state, (when - self.today).days, basis,
                        warning, met.id if met else None, not_moved)

    # the operator's side, as every route reads it

    def resolved_by(self) -> Event | None:
        """The operator's last word when it is a satisfactory answer with nothing sent since."""
        if not self._resolved_by:  # the events do not change during an assessment
            self._resolved_by.append(self._last_word_if_resolved())
        return self._resolved_by[0]

    def _last_word_if_resolved(self) -> Event | None:
        answers = self._operator_answers
        if not answers or answers[-1].outcome is not AnswerOutcome.SATISFACTORY:
            return None
        last = answers[-1]
        if any(sent_on(c) > sent_on(last) for c in self.operator_complaints):
            return None
        return last

    def standing_formal_notice(self) -> Event | None:
        """The last mise en demeure sent, unless the operator answered it satisfactorily (a
        complaint after that starts afresh): while it stands, what follows is the step it
        announced, not a reminder nor another complaint (rule ``formal_notice_no_reminder``)."""
        if not self.formal_notices:
            return None
        notice = self.formal_notices[-1]
        if any(sent_on(a) >= sent_on(notice) and a.outcome is AnswerOutcome.SATISFACTORY
               for a in self._operator_answers):
            return None
        return notice

    def first_written_complaint(self) -> tuple[Event, date] | None:
        """The written complaint to the operator with the earliest known date."""
        written = [(e, earliest_known_date(e)) for e in self.operator_complaints if is_written(e)]
        if not written:
            return None
        return min(written, key=lambda pair: pair[1])

    def written_failure(self, levels: Iterable[Level], rule_id: str
                        ) -> tuple[date, Basis] | None:
        """Like :meth:`failure`, but a silence counts from a written complaint only (a call or
        a visit starts no clock): the mediators' and the formal notice's reading."""
        candidates: list[tuple[date, Basis]] = []
        for level in levels:
            for answer in level.unsatisfied_answers():
                candidates.append((sent_on(answer), self.basis(rule_id, answer)))
            if level.pending_written is not None:
                candidates.append(self.after_delay(rule_id, level.pending_written,
                                                   extra_day=True))
        return min(candidates, key=lambda c: c[0]) if candidates else None

    def lasting_failure(self, levels: Iterable[Level], rule_id: str
                        ) -> tuple[date, Basis] | None:
        """When an attempt with the operator failed, for good (seeds/000's « voie classique »,
        the CPME's reading; docs/procedure.md « CPME route »): the earliest of an unsatisfied
        answer and a complaint, oral or written, left without answer beyond the rule's delay
        (from the day after). A failure does not un-happen: a later complaint does not
        postpone it, a late answer does not undo it — unless the operator's last word since
        then is a satisfactory answer. Possibly future (a complaint whose delay runs)."""
        # the basis (and its event's title) is made for the earliest candidate only: a case
        # with many complaints has many candidates, and this runs at every save (issue 13)
        candidates: list[tuple[date, Event, DelayStart | None]] = []
        for level in levels:
            for answer in level.unsatisfied_answers():
                candidates.append((sent_on(answer), answer, None))
            for complaint in level.complaints:
                failed_on, start = self._delay_end(rule_id, complaint, extra_day=True)
                if not any(sent_on(complaint) <= sent_on(a) < failed_on
                           for a in level.real_answers):
                    candidates.append((failed_on, complaint, start))
        lasting = [c for c in candidates if not self._satisfied_since(c[0])]
        if not lasting:
            return None
        when, event, start = min(lasting, key=lambda c: c[0])
        return when, self.basis(rule_id, event, start)

    def _satisfied_since(self, day: date) -> bool:
        """Whether the operator's last word from ``day`` on is a satisfactory answer."""
        answers = [e for e in self._operator_answers if sent_on(e) >= day]
        return bool(answers) and answers[-1].outcome is AnswerOutcome.SATISFACTORY

    def failure(self, levels: Iterable[Level], rule_id: str) -> tuple[date, Basis] | None:
        """When the operator failed at these levels: an unsatisfied answer, or a complaint left
        unanswered beyond the rule's delay (from the day after; from the first written pending
        complaint when there is one, a call otherwise). The earliest, possibly future."""
        candidates: list[tuple[date, Basis]] = []
        for level in levels:
            for answer in level.unsatisfied_answers():
                candidates.append((sent_on(answer), self.basis(rule_id, answer)))
            if level.clock_complaint is not None:
                candidates.append(self.after_delay(rule_id, level.clock_complaint,
                                                   extra_day=True))
        return min(candidates, key=lambda c: c[0]) if candidates else None

"""The procedure engine: where a case stands, what comes next, and why.

``assess(case, today)`` is a pure function of a case and a date (no I/O here: the rules come
from ``dispute.rules``). Every conclusion it draws (a deadline, a next step, a reason a route is
closed, an invoice flag) carries a :class:`Basis`: the rule applied (id, French label, source,
verified or not) and, when it was computed from a dated fact, that fact (event id, the date
used and which date of the event it is). docs/procedure.md explains each rule and each reading
the app makes; docs/status-json.md documents :func:`assessment_to_dict`.

Readings of the sources made here (documented as interpretations in docs/procedure.md):
- a waiting delay (the operator's or the mediator's time to answer) runs from the day the letter
  was received (AR signed); else from its first presentation (an unclaimed letter counts as
  presented then); else from the posting date, flagged as provisional;
- "more than N months" without answer is met from the day after the N-month date; "did not
  answer within 1 month" likewise;
- the mediator's 1-year limit runs from the earliest known date of the first written complaint;
- a written event is ``event.written`` or a letter, registered letter or email;
- a partial answer counts as unsatisfactory;
- the first level is the service clients or another operator service (shop, account manager).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from dispute.accents import strip_accents
from dispute.calendar import add_days, format_date_fr, non_working_day_warning
from dispute.labels import label
from dispute.model import (
    AnswerOutcome,
    Case,
    CaseStatus,
    Counterpart,
    Direction,
    Event,
    EventKind,
    InvoiceLine,
    Party,
)
from dispute.rules import RULE_STATUS_LABELS, Rule, RuleSet, default_rules
from dispute.stages import STAGE_LABELS, Stage  # noqa: F401 - re-exported

logger = logging.getLogger(__name__)

# --- Public result types -------------------------------------------------------------------


class DateKind(StrEnum):
    """Which date of a fact a computation used."""

    EVENT = "event_date"
    POSTED = "posted_on"
    FIRST_PRESENTED = "first_presented_on"
    NOT_CLAIMED = "not_claimed"
    RECEIVED = "received_on"
    EARLIEST_KNOWN = "earliest_known"
    PAID = "paid_on"
    DUE = "due_date"
    INVOICE = "invoice_date"


DATE_KIND_LABELS: dict[DateKind, str] = {
    DateKind.EVENT: "date de l'événement",
    DateKind.POSTED: "date d'envoi",
    DateKind.FIRST_PRESENTED: "date de première présentation",
    DateKind.NOT_CLAIMED: "date de première présentation (pli avisé et non réclamé)",
    DateKind.RECEIVED: "date de réception (accusé de réception signé)",
    DateKind.EARLIEST_KNOWN: "date la plus ancienne connue",
    DateKind.PAID: "date de paiement",
    DateKind.DUE: "date d'échéance",
    DateKind.INVOICE: "date de la facture",
}


@dataclass(frozen=True)
class EventRef:
    """The dated fact a conclusion was computed from: an event, or an invoice line."""

    id: str
    date: date
    date_kind: DateKind
    label: str
    provisional: bool = False  # the date is a fallback (e.g. posting date of an LRAR)
    ref_type: str = "event"  # "event" or "invoice_line"


@dataclass(frozen=True)
class Basis:
    """Why: the rule applied and the fact it was applied to (None for a rule alone)."""

    rule: Rule
    event: EventRef | None = None

    @property
    def rule_id(self) -> str:
        return self.rule.id

    @property
    def source(self) -> str:
        return self.rule.source


class DeadlineKind(StrEnum):
    OPENS = "opens"  # a step becomes possible on that date
    EXPECTED = "expected"  # someone else (operator, mediator) should have answered by then
    LIMIT = "limit"  # the subscriber must act by then


class DeadlineState(StrEnum):
    UPCOMING = "upcoming"
    TODAY = "today"
    PASSED = "passed"
    MET = "met"  # the awaited event happened (answer received, mediator seized...)


@dataclass(frozen=True)
class Deadline:
    id: str
    label: str
    date: date
    kind: DeadlineKind
    state: DeadlineState
    days_left: int  # negative once passed
    basis: Basis
    warning: str | None = None  # weekend or public holiday
    met_event_id: str | None = None

    @property
    def provisional(self) -> bool:
        return bool(self.basis.event and self.basis.event.provisional)


@dataclass(frozen=True)
class NextStep:
    id: str
    label: str
    earliest: date
    latest: date | None
    basis: Basis
    latest_basis: Basis | None = None
    note: str = ""
    note_bases: tuple[Basis, ...] = ()


@dataclass(frozen=True)
class Reason:
    """Why a route is not open (one per obstacle)."""

    code: str
    message: str
    basis: Basis
    until: date | None = None  # for a delay not yet elapsed: the day the obstacle goes away


@dataclass(frozen=True)
class CpmeItem:
    number: int
    key: str
    label: str

    @property
    def text(self) -> str:
        return f"{self.number}. {self.label}"


@dataclass(frozen=True)
class Route:
    name: str  # "mediator" or "cpme"
    open: bool
    reasons: tuple[Reason, ...]
    opens_on: date | None = None  # when the access condition is (or will be) met
    open_basis: Basis | None = None
    latest: date | None = None  # mediator: the 1-year limit
    latest_basis: Basis | None = None
    missing_items: tuple[CpmeItem, ...] = ()


class PrescriptionState(StrEnum):
    OK = "ok"
    SOON = "soon"
    PRESCRIBED = "prescribed"
    UNKNOWN = "unknown"


class Claim(StrEnum):
    CUSTOMER_REFUND = "customer_refund"  # from payment
    OPERATOR_PAYMENT = "operator_payment"  # from the due date
    UNKNOWN = "unknown"  # computed from the invoice date


@dataclass(frozen=True)
class InvoiceFlag:
    invoice_line_id: str
    invoice_number: str
    label: str
    state: PrescriptionState
    claim: Claim
    limit: date | None  # last day before prescription
    days_left: int | None
    message: str
    basis: Basis


@dataclass(frozen=True)
class Notice:
    """A warning for the user (missing data, fallback dates...)."""

    code: str
    message: str
    event_id: str | None = None


@dataclass(frozen=True)
class Assessment:
    case_id: str
    today: date
    stage: Stage
    stage_reason: str
    stage_event: EventRef | None
    next_steps: tuple[NextStep, ...]
    mediator: Route
    cpme: Route
    deadlines: tuple[Deadline, ...]
    invoice_flags: tuple[InvoiceFlag, ...]
    warnings: tuple[Notice, ...]

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS[self.stage]


REQUIRED_RULES = frozenset({
    "service_clients_first_contact", "service_clients_answer_delay",
    "service_consommateurs_access", "service_consommateurs_answer_delay",
    "mediator_after_unsatisfactory_answers", "mediator_after_service_clients_silence",
    "mediator_after_service_consommateurs_silence", "mediator_written_complaint_required",
    "mediator_one_year_limit", "mediator_no_court_or_other_mediator",
    "mediator_private_customers_only", "mediator_opinion_delay", "parties_position_delay",
    "last_resort", "last_resort_indicative_m5", "court_prior_mediation_5000",
    "business_mediator_entreprises", "invoice_prescription_one_year", "cpme_operators",
    "cpme_business_only", "cpme_failed_prior_attempt", "cpme_required_items",
})
"""Every rule id the engine applies; ``assess`` refuses a rule set that lacks one."""


# --- Reading the events ---------------------------------------------------------------------

FIRST_LEVEL = frozenset({Counterpart.SERVICE_CLIENTS, Counterpart.OPERATOR_OTHER})
SECOND_LEVEL = frozenset({Counterpart.SERVICE_CONSOMMATEURS})
OPERATOR_SIDE = FIRST_LEVEL | SECOND_LEVEL
CONTACT_KINDS = frozenset({
    EventKind.CALL, EventKind.LETTER, EventKind.REGISTERED_LETTER, EventKind.EMAIL,
    EventKind.CHAT, EventKind.SHOP_VISIT, EventKind.OTHER,
})
WRITTEN_KINDS = frozenset({EventKind.LETTER, EventKind.REGISTERED_LETTER, EventKind.EMAIL})
POSTAL_KINDS = frozenset({EventKind.LETTER, EventKind.REGISTERED_LETTER})
UNSATISFIED = frozenset({AnswerOutcome.UNSATISFACTORY, AnswerOutcome.PARTIAL})
LAST_RESORT_KINDS = frozenset({
    EventKind.COURT_ACTION, EventKind.DGCCRF_REPORT, EventKind.PROCUREUR_COMPLAINT,
})
LAST_RESORT_COUNTERPARTS = frozenset({Counterpart.COURT, Counterpart.DGCCRF, Counterpart.PROCUREUR})


def is_written(event: Event) -> bool:
    """Written = ticked "écrit", or a letter, a registered letter or an email by nature."""
    return event.written or event.kind in WRITTEN_KINDS


def sent_on(event: Event) -> date | None:
    """The day the event happened (a letter: sent); an LRAR without date uses its posting date."""
    if event.date is not None:
        return event.date
    if event.registered is not None:
        return event.registered.posted_on
    return None


def earliest_known_date(event: Event) -> date | None:
    """The earliest date recorded anywhere on the event (conservative start of a limit)."""
    dates = [event.date]
    if event.registered is not None:
        reg = event.registered
        dates += [reg.posted_on, reg.first_presented_on, reg.received_on]
    known = [d for d in dates if d is not None]
    return min(known) if known else None


@dataclass(frozen=True)
class DelayStart:
    date: date
    kind: DateKind
    provisional: bool


def delay_start(event: Event) -> DelayStart | None:
    """The date a waiting delay (the other side's time to answer) runs from.

    Received (AR signed) → first presentation (also when the letter was not claimed) →
    posting date, provisional. A simple letter counts from its sending date, provisional too
    (its receipt is unknown). Other events (call, email, chat, saisine online...) count from
    their date.
    """
    reg = event.registered
    if reg is not None:
        sent = sent_on(event)
        if _not_before(reg.received_on, sent):
            return DelayStart(reg.received_on, DateKind.RECEIVED, False)
        if _not_before(reg.first_presented_on, sent):
            kind = DateKind.NOT_CLAIMED if reg.not_claimed else DateKind.FIRST_PRESENTED
            return DelayStart(reg.first_presented_on, kind, False)
        posted = reg.posted_on or event.date
        return DelayStart(posted, DateKind.POSTED, True) if posted else None
    if event.date is None:
        return None
    if event.kind in POSTAL_KINDS:
        return DelayStart(event.date, DateKind.POSTED, True)
    return DelayStart(event.date, DateKind.EVENT, False)


def _not_before(d: date | None, sent: date | None) -> bool:
    """A tracking date is usable when known and not before the sending date."""
    return d is not None and (sent is None or d >= sent)


def inconsistent_tracking(event: Event) -> bool:
    """Receipt or first presentation recorded before the letter was sent."""
    reg, sent = event.registered, sent_on(event)
    if reg is None or sent is None:
        return False
    return any(d is not None and d < sent for d in (reg.received_on, reg.first_presented_on))


def event_title(event: Event) -> str:
    """ "Lettre recommandée avec accusé de réception — Service clients du 3 mars 2026"."""
    when = sent_on(event)
    text = f"{label(event.kind)} — {label(event.counterpart)}"
    if event.kind is EventKind.ANSWER and event.outcome is not None:
        text += f" ({label(event.outcome).lower()})"
    return f"{text} du {format_date_fr(when)}" if when else f"{text} (sans date)"


def _is_complaint(event: Event, level: frozenset[Counterpart]) -> bool:
    return (event.direction is Direction.OUTGOING and event.kind in CONTACT_KINDS
            and event.counterpart in level)


def _is_answer(event: Event, level: frozenset[Counterpart]) -> bool:
    return event.kind is EventKind.ANSWER and event.counterpart in level


def _is_real_answer(event: Event) -> bool:
    """An answer that stops a silence: any outcome but "no answer" (unknown outcome included)."""
    return event.outcome is not AnswerOutcome.NONE


@dataclass(frozen=True)
class _Level:
    """The complaints to one level of the operator and its answers, dated, in order."""

    complaints: tuple[Event, ...]
    answers: tuple[Event, ...]

    @property
    def real_answers(self) -> tuple[Event, ...]:
        return tuple(a for a in self.answers if _is_real_answer(a))

    @property
    def last_real_answer(self) -> Event | None:
        answers = self.real_answers
        return answers[-1] if answers else None

    @property
    def pending(self) -> Event | None:
        """The first complaint sent after the level's last real answer (None if all answered)."""
        last = self.last_real_answer
        for complaint in self.complaints:
            if last is None or sent_on(complaint) > sent_on(last):
                return complaint
        return None

    def reference_complaint(self) -> Event | None:
        """The complaint the answer deadline is shown for: the pending one, else the first."""
        return self.pending or (self.complaints[0] if self.complaints else None)

    def unsatisfied_answers(self) -> tuple[Event, ...]:
        return tuple(a for a in self.answers if a.outcome in UNSATISFIED)


def _level(events: Iterable[Event], level: frozenset[Counterpart]) -> _Level:
    complaints = tuple(e for e in events if _is_complaint(e, level))
    answers = tuple(e for e in events if _is_answer(e, level))
    return _Level(complaints, answers)


# --- The engine -----------------------------------------------------------------------------


class _Engine:
    def __init__(self, case: Case, today: date, rules: RuleSet, subdiv: str | None) -> None:
        self.case = case
        self.today = today
        self.rules = rules
        self.subdiv = subdiv
        self.notices: list[Notice] = []
        ordered = sorted(
            (e for e in case.events if sent_on(e) is not None), key=lambda e: sent_on(e)
        )
        self.events = tuple(ordered)
        self.first = _level(self.events, FIRST_LEVEL)
        self.second = _level(self.events, SECOND_LEVEL)
        self.operator_complaints = tuple(e for e in self.events if _is_complaint(e, OPERATOR_SIDE))
        self.mediator_saisines = self._find(
            lambda e: e.kind is EventKind.SAISINE and e.counterpart is Counterpart.MEDIATOR)
        self.cpme_saisines = self._find(
            lambda e: e.kind is EventKind.SAISINE and e.counterpart is Counterpart.CPME)
        self.other_mediator_saisines = self._find(
            lambda e: e.kind is EventKind.SAISINE and e.counterpart is Counterpart.OTHER_MEDIATOR)
        self.court_events = self._find(
            lambda e: e.kind is EventKind.COURT_ACTION or e.counterpart is Counterpart.COURT)
        self.last_resort_events = self._find(
            lambda e: e.kind in LAST_RESORT_KINDS or e.counterpart in LAST_RESORT_COUNTERPARTS)
        self.opinions = self._find(
            lambda e: e.kind is EventKind.MEDIATOR_OPINION
            and e.counterpart is not Counterpart.OTHER_MEDIATOR)

    # helpers

    def _find(self, predicate) -> tuple[Event, ...]:
        return tuple(e for e in self.events if predicate(e))

    def rule(self, rule_id: str) -> Rule:
        if rule_id not in REQUIRED_RULES:  # pragma: no cover - programming error
            raise AssertionError(f"{rule_id!r} manque dans REQUIRED_RULES")
        return self.rules[rule_id]

    def basis(self, rule_id: str, event: Event | None = None,
              start: DelayStart | None = None) -> Basis:
        if event is None:
            return Basis(self.rule(rule_id))
        if start is None:
            start = DelayStart(sent_on(event), DateKind.EVENT, False)
        ref = EventRef(event.id, start.date, start.kind, event_title(event), start.provisional)
        return Basis(self.rule(rule_id), ref)

    def notice(self, code: str, message: str, event_id: str | None = None) -> None:
        self.notices.append(Notice(code, message, event_id))

    def after_delay(self, rule_id: str, event: Event, extra_day: bool) -> tuple[date, Basis]:
        """The rule's delay added to the event's waiting start (+1 day for "more than")."""
        start = delay_start(event)
        end = self.rule(rule_id).apply(start.date)
        return (add_days(end, 1) if extra_day else end), self.basis(rule_id, event, start)

    def resolved_by(self) -> Event | None:
        """The operator's last word when it is a satisfactory answer with nothing sent since."""
        answers = [e for e in self.events if _is_answer(e, OPERATOR_SIDE) and _is_real_answer(e)]
        if not answers or answers[-1].outcome is not AnswerOutcome.SATISFACTORY:
            return None
        last = answers[-1]
        if any(sent_on(c) > sent_on(last) for c in self.operator_complaints):
            return None
        return last

    def first_written_complaint(self) -> tuple[Event, date] | None:
        """The written complaint to the operator with the earliest known date."""
        written = [(e, earliest_known_date(e)) for e in self.operator_complaints if is_written(e)]
        if not written:
            return None
        return min(written, key=lambda pair: pair[1])

    # failures and access dates

    def failure(self, levels: Iterable[_Level], rule_id: str) -> tuple[date, Basis] | None:
        """When the operator failed at these levels: an unsatisfied answer, or a complaint left
        unanswered beyond the rule's delay (from the day after). The earliest, possibly future."""
        candidates: list[tuple[date, Basis]] = []
        for level in levels:
            for answer in level.unsatisfied_answers():
                candidates.append((sent_on(answer), self.basis(rule_id, answer)))
            if level.pending is not None:
                candidates.append(self.after_delay(rule_id, level.pending, extra_day=True))
        return min(candidates, key=lambda c: c[0]) if candidates else None

    def service_consommateurs_access(self) -> tuple[date, Basis] | None:
        if self.resolved_by() is not None:
            return None
        return self.failure([self.first], "service_consommateurs_access")

    def mediator_access(self) -> tuple[tuple[date, Basis] | None, Reason | None]:
        """When the 001 access condition is met, or why it cannot be computed."""
        resolved = self.resolved_by()
        if resolved is not None:
            return None, Reason(
                "satisfactory_answer",
                "L'opérateur a donné une réponse satisfaisante le "
                f"{format_date_fr(sent_on(resolved))} "
                "et aucune réclamation n'a suivi.",
                self.basis("mediator_after_unsatisfactory_answers", resolved))
        paths: list[tuple[date, Basis]] = []
        first_failure = self.failure([self.first], "service_consommateurs_access")
        second_start = sent_on(self.second.complaints[0]) if self.second.complaints else None
        second_unsat = [a for a in self.second.unsatisfied_answers()
                        if second_start is not None and sent_on(a) >= second_start]
        if first_failure is not None and second_unsat:
            answer = second_unsat[0]
            paths.append((max(first_failure[0], sent_on(answer)),
                          self.basis("mediator_after_unsatisfactory_answers", answer)))
        if self.first.pending is not None:
            paths.append(self.after_delay("mediator_after_service_clients_silence",
                                          self.first.pending, extra_day=True))
        if self.second.pending is not None:
            paths.append(self.after_delay("mediator_after_service_consommateurs_silence",
                                          self.second.pending, extra_day=True))
        if paths:
            return min(paths, key=lambda p: p[0]), None
        return None, self._why_no_mediator_access()

    def _why_no_mediator_access(self) -> Reason:
        if not self.first.complaints and not self.second.complaints:
            return Reason("no_complaint",
                          "Aucune réclamation datée auprès du service clients n'est enregistrée.",
                          self.basis("service_clients_first_contact"))
        if not self.second.complaints:
            answer = self.first.last_real_answer
            return Reason(
                "service_consommateurs_not_seized",
                f"Le service clients a répondu le {format_date_fr(sent_on(answer))} : écrire "
                "d'abord au service consommateurs (lettre recommandée avec accusé de réception).",
                self.basis("service_consommateurs_access", answer))
        answer = self.second.last_real_answer
        if answer.outcome is None:
            return Reason(
                "answer_outcome_unknown",
                "La réponse du service consommateurs du "
                f"{format_date_fr(sent_on(answer))} n'est pas qualifiée : indiquer si elle est "
                "satisfaisante, partielle ou insatisfaisante.",
                self.basis("mediator_after_unsatisfactory_answers", answer))
        return Reason(
            "service_clients_step_missing",
            "Le service consommateurs a répondu, mais aucune réclamation au service clients "
            "restée sans réponse ou insatisfaite n'est enregistrée avant elle.",
            self.basis("mediator_after_unsatisfactory_answers", answer))

    # routes

    def mediator_route(self) -> Route:
        reasons: list[Reason] = []
        if self.case.is_business:
            reasons.append(Reason(
                "business_subscriber",
                "Le Médiateur des communications électroniques est réservé aux clients "
                "particuliers ; l'abonné est une entreprise.",
                self.basis("mediator_private_customers_only")))
        first_written = self.first_written_complaint()
        latest = latest_basis = None
        if first_written is None:
            reasons.append(Reason(
                "no_written_complaint",
                "Aucune réclamation écrite auprès de l'opérateur n'est enregistrée (courrier, "
                "lettre recommandée, courriel ou échange marqué « écrit »).",
                self.basis("mediator_written_complaint_required")))
        else:
            event, first_date = first_written
            start = DelayStart(first_date, DateKind.EARLIEST_KNOWN, False)
            latest = self.rule("mediator_one_year_limit").apply(first_date)
            latest_basis = self.basis("mediator_one_year_limit", event, start)
        for event in self.court_events[:1] + self.other_mediator_saisines[:1]:
            who = "un tribunal" if event in self.court_events else "un autre médiateur"
            reasons.append(Reason(
                "court_or_other_mediator",
                f"Le litige a été porté devant {who} ({event_title(event)}).",
                self.basis("mediator_no_court_or_other_mediator", event)))
        access, access_reason = self.mediator_access()
        opens_on, open_basis = access if access else (None, None)
        if self.mediator_saisines:
            saisine = self.mediator_saisines[0]
            reasons.append(Reason(
                "already_seized",
                f"Le médiateur a déjà été saisi ({event_title(saisine)}).",
                self.basis("mediator_opinion_delay", saisine)))
            self._check_saisine_timing(saisine, opens_on, latest)
        else:
            if access_reason is not None:
                reasons.append(access_reason)
            elif opens_on > self.today:
                reasons.append(Reason(
                    "delay_not_elapsed",
                    f"Le délai n'est pas écoulé : le médiateur pourra être saisi à partir du "
                    f"{format_date_fr(opens_on)}.",
                    open_basis, until=opens_on))
            if latest is not None and opens_on is not None and opens_on > latest >= self.today:
                reasons.append(Reason(
                    "opens_after_one_year_limit",
                    f"Les conditions d'accès ne seront réunies que le {format_date_fr(opens_on)}, "
                    f"après la limite d'un an ({format_date_fr(latest)}) comptée depuis la "
                    "première réclamation écrite.",
                    latest_basis))
            if latest is not None and self.today > latest:
                reasons.append(Reason(
                    "one_year_exceeded",
                    f"Plus d'un an s'est écoulé depuis la première réclamation écrite "
                    f"({format_date_fr(first_written[1])}) : la limite était le "
                    f"{format_date_fr(latest)}.",
                    latest_basis))
        return Route("mediator", not reasons, tuple(reasons), opens_on, open_basis,
                     latest, latest_basis)

    def _check_saisine_timing(self, saisine: Event, opens_on: date | None,
                              latest: date | None) -> None:
        when = earliest_known_date(saisine)
        if latest is not None and when > latest:
            self.notice("mediator_seized_late",
                        f"Le médiateur a été saisi le {format_date_fr(when)}, plus d'un an après "
                        f"la première réclamation écrite (limite : {format_date_fr(latest)}) : "
                        "il peut refuser d'examiner le litige (L.612-2 4°).", saisine.id)
        if opens_on is not None and when < opens_on:
            self.notice("mediator_seized_early",
                        f"Le médiateur a été saisi le {format_date_fr(when)}, avant la date où les "
                        f"conditions d'accès étaient réunies ({format_date_fr(opens_on)}).",
                        saisine.id)

    def operator_covered(self) -> bool:
        """Bouygues Télécom, Orange or SFR: by directory id, else by the name typed.

        The name matches when one of its words is a covered key ("SFR Business", "Orange") or
        when it equals a covered name ("Bouygues Télécom"); brands (Sosh, RED, B&You) do not.
        """
        items = self.rule("cpme_operators").items
        keys = {item.key for item in items}
        operator = self.case.operator
        if operator.directory_id.strip().lower() in keys:
            return True
        name = _normalise(operator.name)
        return bool(keys & set(name.split())) or name in {_normalise(i.label) for i in items}

    def missing_cpme_items(self) -> tuple[CpmeItem, ...]:
        case = self.case
        present = {
            "subscriber_name": bool(case.subscriber.name.strip()),
            "operator_name": bool(case.operator.name.strip()),
            "line_number": any(line.number.strip() for line in case.lines),
            "contract_number": bool(case.contract.contract_number.strip()),
            "summary": bool(case.summary.strip()),
        }
        items = self.rule("cpme_required_items").items
        return tuple(CpmeItem(n, item.key, item.label)
                     for n, item in enumerate(items, start=1) if not present.get(item.key, False))

    def cpme_route(self) -> Route:
        reasons: list[Reason] = []
        if not self.case.is_business:
            reasons.append(Reason(
                "private_subscriber",
                "L'aide de la CPME est réservée aux structures et à leurs entreprises adhérentes ; "
                "l'abonné est un particulier.",
                self.basis("cpme_business_only")))
        if not self.operator_covered():
            name = self.case.operator.name.strip()
            covered = ", ".join(i.label for i in self.rule("cpme_operators").items)
            message = (f"L'opérateur « {name} » n'est pas concerné" if name
                       else "L'opérateur n'est pas renseigné")
            reasons.append(Reason("operator_not_covered",
                                  f"{message} : la CPME intervient uniquement pour {covered}.",
                                  self.basis("cpme_operators")))
        failure = None if self.resolved_by() else self.failure(
            [self.first, self.second], "cpme_failed_prior_attempt")
        opens_on, open_basis = failure if failure else (None, None)
        if self.cpme_saisines:
            seized = self.cpme_saisines[0]
            reasons.append(Reason("already_seized",
                                  f"La CPME a déjà été saisie ({event_title(seized)}).",
                                  self.basis("cpme_failed_prior_attempt", seized)))
        elif failure is None:
            resolved = self.resolved_by()
            message = (f"L'opérateur a donné une réponse satisfaisante le "
                       f"{format_date_fr(sent_on(resolved))}." if resolved else
                       "Aucune tentative de résolution auprès de l'opérateur n'est enregistrée.")
            reasons.append(Reason("no_failed_attempt",
                                  f"{message} La CPME exige une tentative de résolution échouée.",
                                  self.basis("cpme_failed_prior_attempt", resolved)))
        elif opens_on > self.today:
            reasons.append(Reason(
                "no_failed_attempt",
                f"La tentative auprès de l'opérateur n'a pas encore échoué : sans réponse, elle "
                f"sera considérée comme échouée à partir du {format_date_fr(opens_on)}.",
                open_basis, until=opens_on))
        missing = self.missing_cpme_items()
        if missing:
            reasons.append(Reason(
                "missing_items",
                "Éléments obligatoires manquants : " + " ; ".join(i.text for i in missing) + ".",
                self.basis("cpme_required_items")))
        return Route("cpme", not reasons, tuple(reasons), opens_on, open_basis,
                     missing_items=missing)

    # stage

    def stage(self) -> tuple[Stage, str, EventRef | None]:
        if self.case.status in (CaseStatus.RESOLVED, CaseStatus.ABANDONED):
            return Stage.CLOSED, f"Dossier clos ({label(self.case.status).lower()}).", None
        checks: list[tuple[Stage, tuple[Event, ...], str]] = [
            (Stage.LAST_RESORT, self.last_resort_events, "Dernier recours engagé"),
            (Stage.MEDIATOR_OPINION, self.opinions, "Avis du médiateur reçu"),
            (Stage.MEDIATOR_SEIZED, self.mediator_saisines, "Médiateur saisi"),
            (Stage.MEDIATOR_SEIZED, self.other_mediator_saisines, "Autre médiateur saisi"),
            (Stage.CPME_SEIZED, self.cpme_saisines, "CPME saisie"),
            (Stage.SERVICE_CONSOMMATEURS, self.second.complaints,
             "Réclamation au service consommateurs"),
            (Stage.SERVICE_CLIENTS, self.first.complaints, "Réclamation auprès de l'opérateur"),
        ]
        for stage, events, text in checks:
            if events:
                event = events[-1]
                ref = EventRef(event.id, sent_on(event), DateKind.EVENT, event_title(event))
                return stage, f"{text} : {event_title(event)}.", ref
        return Stage.NO_STEP, "Aucune réclamation datée auprès de l'opérateur.", None

    # deadlines

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
        return Deadline(deadline_id, text, when, kind, state, (when - self.today).days, basis,
                        warning, met.id if met else None)

    def _answer_deadline(self, deadline_id: str, text: str, level: _Level,
                         rule_id: str) -> Deadline | None:
        complaint = level.reference_complaint()
        if complaint is None:
            return None
        when, basis = self.after_delay(rule_id, complaint, extra_day=False)
        met = next((a for a in level.real_answers if sent_on(a) >= sent_on(complaint)), None)
        return self.deadline(deadline_id, text, when, DeadlineKind.EXPECTED, basis, met)

    def deadlines(self, mediator: Route) -> list[Deadline]:
        out = [
            self._answer_deadline("service_clients_answer", "Réponse attendue du service clients",
                                  self.first, "service_clients_answer_delay"),
            self._answer_deadline("service_consommateurs_answer",
                                  "Réponse attendue du service consommateurs",
                                  self.second, "service_consommateurs_answer_delay"),
        ]
        saisine = self.mediator_saisines[0] if self.mediator_saisines else None
        if not self.case.is_business:
            if mediator.opens_on is not None:
                out.append(self.deadline("mediator_earliest", "Saisine du médiateur possible",
                                         mediator.opens_on, DeadlineKind.OPENS,
                                         mediator.open_basis, saisine))
            if mediator.latest is not None:
                in_time = saisine and earliest_known_date(saisine) <= mediator.latest
                met = saisine if in_time else None
                out.append(self.deadline("mediator_one_year_limit",
                                         "Date limite de saisine du médiateur (1 an)",
                                         mediator.latest, DeadlineKind.LIMIT,
                                         mediator.latest_basis, met))
        if saisine is not None:
            when, basis = self.after_delay("mediator_opinion_delay", saisine, extra_day=False)
            met = next((o for o in self.opinions if sent_on(o) >= sent_on(saisine)), None)
            out.append(self.deadline("mediator_opinion_due", "Avis attendu du médiateur", when,
                                     DeadlineKind.EXPECTED, basis, met))
        if self.opinions:
            opinion = self.opinions[-1]
            when, basis = self.after_delay("parties_position_delay", opinion, extra_day=False)
            met = next((p for p in self.events if p.kind is EventKind.PARTY_POSITION
                        and p.party in (Party.SUBSCRIBER, None)
                        and sent_on(p) >= sent_on(opinion)), None)
            out.append(self.deadline("parties_position_due",
                                     "Position de l'abonné sur l'avis du médiateur", when,
                                     DeadlineKind.LIMIT, basis, met))
        return sorted((d for d in out if d is not None), key=lambda d: d.date)

    # next steps

    def next_steps(self, stage: Stage, mediator: Route, cpme: Route) -> list[NextStep]:
        if stage is Stage.CLOSED:
            return []
        steps: list[NextStep] = []
        business = self.case.is_business
        if stage is Stage.NO_STEP:
            note = ("La CPME exige une tentative préalable auprès de l'opérateur."
                    if business and self.operator_covered() else "")
            steps.append(NextStep("contact_service_clients",
                                  self.rule("service_clients_first_contact").label, self.today,
                                  None, self.basis("service_clients_first_contact"),
                                  note=note))
        if stage is Stage.SERVICE_CLIENTS:
            access = self.service_consommateurs_access()
            if access is not None:
                steps.append(NextStep("write_service_consommateurs",
                                      self.rule("service_consommateurs_access").label,
                                      access[0], None, access[1]))
        if stage in (Stage.SERVICE_CLIENTS, Stage.SERVICE_CONSOMMATEURS):
            blocking = {r.code for r in mediator.reasons} - {"delay_not_elapsed"}
            if not business and not blocking and mediator.opens_on is not None:
                steps.append(NextStep(
                    "seize_mediator",
                    "Saisir le Médiateur des communications électroniques (en ligne de préférence, "
                    "ou par courrier avec le formulaire), en joignant les courriers et réponses",
                    mediator.opens_on, mediator.latest, mediator.open_basis, mediator.latest_basis))
            if not business and blocking & {"one_year_exceeded", "opens_after_one_year_limit",
                                            "court_or_other_mediator"}:
                steps.append(self._last_resort_step(self.today))
        if business and stage in (Stage.NO_STEP, Stage.SERVICE_CLIENTS,
                                  Stage.SERVICE_CONSOMMATEURS):
            steps += self._business_steps(cpme)
        if stage is Stage.MEDIATOR_SEIZED and self.mediator_saisines:
            saisine = self.mediator_saisines[0]
            when, basis = self.after_delay("mediator_opinion_delay", saisine, extra_day=False)
            steps.append(NextStep("await_mediator_opinion",
                                  "Attendre l'avis du médiateur et répondre à ses demandes",
                                  delay_start(saisine).date, when, basis))
        if stage is Stage.MEDIATOR_OPINION:
            deadline = [d for d in self.deadlines(mediator) if d.id == "parties_position_due"][0]
            if deadline.state is not DeadlineState.MET:
                steps.append(NextStep(
                    "answer_mediator_opinion",
                    "Faire connaître à l'opérateur et au médiateur si l'abonné accepte l'avis",
                    deadline.basis.event.date, deadline.date, deadline.basis))
            steps.append(self._last_resort_step(deadline.basis.event.date))
        return steps

    def _business_steps(self, cpme: Route) -> list[NextStep]:
        codes = {r.code for r in cpme.reasons}
        steps = []
        if "operator_not_covered" not in codes and "already_seized" not in codes \
                and cpme.opens_on is not None:
            note = ""
            if cpme.missing_items:
                note = ("À compléter avant l'envoi : "
                        + " ; ".join(i.text for i in cpme.missing_items) + ".")
            steps.append(NextStep(
                "seize_cpme",
                "Saisir la CPME par courriel (contact télécom) avec les cinq éléments requis",
                cpme.opens_on, None, cpme.open_basis, note=note,
                note_bases=(self.basis("cpme_required_items"),) if note else ()))
        if "operator_not_covered" in codes and cpme.opens_on is not None:
            steps.append(NextStep("business_mediator",
                                  self.rule("business_mediator_entreprises").label, cpme.opens_on,
                                  None, self.basis("business_mediator_entreprises"),
                                  note="Règle non vérifiée : à confirmer avant de s'y fier."))
        return steps

    def _last_resort_step(self, earliest: date) -> NextStep:
        notes, bases = [], [self.basis("court_prior_mediation_5000")]
        if self.first.complaints:
            first = self.first.complaints[0]
            start = DelayStart(sent_on(first), DateKind.EVENT, False)
            when = self.rule("last_resort_indicative_m5").apply(start.date)
            notes.append(f"Repère indicatif (non vérifié) : vers le {format_date_fr(when)}, "
                         "soit M+5 après le premier contact avec le service clients.")
            bases.insert(0, self.basis("last_resort_indicative_m5", first, start))
        notes.append("Demande de 5 000 € ou moins : une tentative préalable de médiation ou de "
                     "conciliation serait exigée avant le tribunal (règle non vérifiée).")
        return NextStep("last_resort", self.rule("last_resort").label, earliest, None,
                        self.basis("last_resort"), note=" ".join(notes), note_bases=tuple(bases))

    # invoice lines

    def invoice_flag(self, line: InvoiceLine) -> InvoiceFlag:
        rule = self.rule("invoice_prescription_one_year")
        title = f"Facture {line.invoice_number or '(sans numéro)'}"
        if line.label:
            title += f", « {line.label} »"
        if line.paid_on is not None:
            start, kind, claim = line.paid_on, DateKind.PAID, Claim.CUSTOMER_REFUND
        elif line.due_date is not None:
            start, kind, claim = line.due_date, DateKind.DUE, Claim.OPERATOR_PAYMENT
        elif line.invoice_date is not None:
            start, kind, claim = line.invoice_date, DateKind.INVOICE, Claim.UNKNOWN
        else:
            return InvoiceFlag(line.id, line.invoice_number, line.label, PrescriptionState.UNKNOWN,
                               Claim.UNKNOWN, None, None,
                               f"{title} : aucune date (paiement, échéance ou facture) ; "
                               "prescription non calculable.", Basis(rule))
        ref = EventRef(line.id, start, kind, title, provisional=kind is DateKind.INVOICE,
                       ref_type="invoice_line")
        limit = rule.apply(start)
        days_left = (limit - self.today).days
        if self.today > limit:
            state = PrescriptionState.PRESCRIBED
        elif days_left <= (rule.warning_days or 0):
            state = PrescriptionState.SOON
        else:
            state = PrescriptionState.OK
        message = _prescription_message(title, state, claim, kind, start, limit, days_left)
        return InvoiceFlag(line.id, line.invoice_number, line.label, state, claim, limit,
                           days_left, message, Basis(rule, ref))

    # warnings on the data

    def data_warnings(self, stage: Stage) -> None:
        for event in self.case.events:
            if sent_on(event) is None and earliest_known_date(event) is None:
                self.notice("undated_event",
                            f"L'événement « {label(event.kind)} — {label(event.counterpart)} » "
                            "n'a pas de date : il n'est pas pris en compte dans les délais.",
                            event.id)
        for event in self.events:
            when = sent_on(event)
            if when > self.today:
                self.notice("future_event",
                            f"{event_title(event)} : date postérieure à aujourd'hui, à vérifier.",
                            event.id)
            self._delay_start_warning(event)
            if inconsistent_tracking(event):
                self.notice("inconsistent_tracking_dates",
                            f"{event_title(event)} : date de réception ou de présentation "
                            "antérieure à l'envoi, ignorée (à corriger).", event.id)
            if event.kind is EventKind.ANSWER and event.outcome is None:
                self.notice("answer_without_outcome",
                            f"{event_title(event)} : indiquer si la réponse est satisfaisante, "
                            "partielle ou insatisfaisante (elle compte comme une réponse).",
                            event.id)
        for complaint in self.second.complaints:
            if not is_written(complaint):
                self.notice("service_consommateurs_not_written",
                            f"{event_title(complaint)} : le service consommateurs se saisit par "
                            "écrit, par lettre recommandée avec accusé de réception (seeds/001, "
                            "seeds/003).", complaint.id)
        self._operator_warnings(stage)

    def _delay_start_warning(self, event: Event) -> None:
        mediator_saisine = (event.kind is EventKind.SAISINE
                            and event.counterpart is Counterpart.MEDIATOR)
        counts = _is_complaint(event, OPERATOR_SIDE) or mediator_saisine
        if not counts:
            return
        start = delay_start(event)
        title = event_title(event)
        if event.kind is EventKind.REGISTERED_LETTER and event.registered is None:
            self.notice("registered_letter_without_tracking",
                        f"{title} : aucun suivi de recommandé (dates de présentation et de "
                        "réception) : délais comptés depuis l'envoi, à titre provisoire.", event.id)
        elif start.kind is DateKind.POSTED and event.registered is not None:
            self.notice("registered_letter_without_receipt",
                        f"{title} : date de réception et de première présentation inconnues : "
                        f"délais comptés depuis l'envoi du {format_date_fr(start.date)}, à titre "
                        "provisoire.", event.id)
        elif start.kind is DateKind.POSTED:
            self.notice("letter_without_receipt",
                        f"{title} : courrier simple, date de réception inconnue : délais comptés "
                        "depuis l'envoi, à titre provisoire (préférer la lettre recommandée avec "
                        "accusé de réception, seeds/003).", event.id)
        elif start.kind in (DateKind.FIRST_PRESENTED, DateKind.NOT_CLAIMED):
            not_claimed = " (pli non réclamé)" if start.kind is DateKind.NOT_CLAIMED else ""
            self.notice("registered_letter_without_receipt",
                        f"{title} : accusé de réception sans date de signature{not_claimed} : "
                        f"délais comptés depuis la première présentation du "
                        f"{format_date_fr(start.date)}.", event.id)

    def _operator_warnings(self, stage: Stage) -> None:
        if stage is Stage.CLOSED:
            return
        operator = self.case.operator
        if not operator.name.strip() and not operator.directory_id.strip():
            self.notice("operator_unknown", "Opérateur non renseigné.")
        early = (Stage.NO_STEP, Stage.SERVICE_CLIENTS, Stage.SERVICE_CONSOMMATEURS)
        if stage in early[:2] and operator.service_clients_address.is_empty():
            self.notice("service_clients_address_unknown",
                        "Adresse du service clients inconnue : la relever sur le contrat ou une "
                        "facture (seeds/001).")
        if stage in early and operator.service_consommateurs_address.is_empty():
            self.notice("service_consommateurs_address_unknown",
                        "Adresse du service consommateurs inconnue : la relever sur le contrat ou "
                        "une facture (seeds/001).")

    # everything

    def run(self) -> Assessment:
        stage, stage_reason, stage_event = self.stage()
        mediator = self.mediator_route()
        cpme = self.cpme_route()
        deadlines = self.deadlines(mediator)
        steps = self.next_steps(stage, mediator, cpme)
        flags = tuple(self.invoice_flag(line) for line in self.case.invoice_lines)
        self.data_warnings(stage)
        return Assessment(self.case.id, self.today, stage, stage_reason, stage_event,
                          tuple(steps), mediator, cpme, tuple(deadlines), flags,
                          tuple(self.notices))


def _normalise(text: str) -> str:
    """Lower case, no accents, punctuation as spaces: "Bouygues Télécom" → "bouygues telecom"."""
    plain = strip_accents(text).lower()
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


def _prescription_message(title: str, state: PrescriptionState, claim: Claim, kind: DateKind,
                          start: date, limit: date, days_left: int) -> str:
    since = f"{DATE_KIND_LABELS[kind]} : {format_date_fr(start)}"
    if claim is Claim.CUSTOMER_REFUND:
        what = "la demande de remboursement de l'abonné"
    elif claim is Claim.OPERATOR_PAYMENT:
        what = "la demande de paiement de l'opérateur"
    else:
        what = "la ligne (date de paiement et échéance inconnues, calcul depuis la facture)"
    if state is PrescriptionState.PRESCRIBED:
        text = (f"{title} ({since}) : plus d'un an écoulé, {what} est prescrite depuis le "
                f"{format_date_fr(add_days(limit, 1))} (L.34-2).")
    elif state is PrescriptionState.SOON:
        text = (f"{title} ({since}) : {what} sera prescrite après le {format_date_fr(limit)}, "
                f"dans {days_left} jour{'s' if days_left > 1 else ''} (L.34-2).")
    else:
        text = f"{title} ({since}) : {what} se prescrit après le {format_date_fr(limit)} (L.34-2)."
    if claim is Claim.OPERATOR_PAYMENT:
        text += " Si la facture a été payée, indiquer la date de paiement."
    return text


# --- Public API -----------------------------------------------------------------------------


def assess(case: Case, today: date, rules: RuleSet | None = None, *,
           holiday_subdiv: str | None = None) -> Assessment:
    """Where the case stands on ``today``, and why. Pure: no I/O besides the cached rules."""
    rules = rules if rules is not None else default_rules()
    missing = sorted(REQUIRED_RULES - set(rules))
    if missing:
        raise KeyError(f"Règles absentes de rules.json : {', '.join(missing)}")
    assessment = _Engine(case, today, rules, holiday_subdiv).run()
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


# --- Output: JSON-safe dict (docs/status-json.md) -------------------------------------------

STATUS_FORMAT = "recours-telecom/status"
STATUS_VERSION = 1


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _rule_dict(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "label": rule.label,
        "source": rule.source_label,
        "references": list(rule.references),
        "status": rule.status.value,
        "verified_on": rule.verified_on.isoformat(),
        "delay": ({"value": rule.delay.value, "unit": rule.delay.unit.value}
                  if rule.delay else None),
    }


def _event_dict(ref: EventRef | None) -> dict[str, Any] | None:
    if ref is None:
        return None
    return {
        "type": ref.ref_type,
        "id": ref.id,
        "label": ref.label,
        "date": ref.date.isoformat(),
        "date_kind": ref.date_kind.value,
        "date_kind_label": DATE_KIND_LABELS[ref.date_kind],
        "provisional": ref.provisional,
    }


def _basis_dict(basis: Basis | None) -> dict[str, Any] | None:
    if basis is None:
        return None
    return {
        "rule_id": basis.rule.id,
        "source": basis.rule.source_label,
        "rule_status": basis.rule.status.value,
        "event": _event_dict(basis.event),
    }


def _bases(a: Assessment) -> list[Basis]:
    out: list[Basis] = []
    for s in a.next_steps:
        out += [s.basis, *([s.latest_basis] if s.latest_basis else []), *s.note_bases]
    for route in (a.mediator, a.cpme):
        out += [b for b in (route.open_basis, route.latest_basis) if b is not None]
        out += [r.basis for r in route.reasons]
    out += [d.basis for d in a.deadlines] + [f.basis for f in a.invoice_flags]
    return out


def _route_dict(route: Route) -> dict[str, Any]:
    return {
        "open": route.open,
        "opens_on": _iso(route.opens_on),
        "open_basis": _basis_dict(route.open_basis),
        "latest": _iso(route.latest),
        "latest_basis": _basis_dict(route.latest_basis),
        "reasons": [
            {"code": r.code, "message": r.message, "until": _iso(r.until),
             "basis": _basis_dict(r.basis)}
            for r in route.reasons
        ],
        "missing_items": [
            {"number": i.number, "key": i.key, "label": i.label, "text": i.text}
            for i in route.missing_items
        ],
    }


def assessment_to_dict(a: Assessment) -> dict[str, Any]:
    """The JSON form of an assessment (``python main.py status CASE --json``), stable keys."""
    return {
        "format": STATUS_FORMAT,
        "version": STATUS_VERSION,
        "case_id": a.case_id,
        "today": a.today.isoformat(),
        "stage": {
            "id": a.stage.value,
            "label": a.stage_label,
            "reason": a.stage_reason,
            "event": _event_dict(a.stage_event),
        },
        "next_steps": [
            {"id": s.id, "label": s.label, "earliest": _iso(s.earliest), "latest": _iso(s.latest),
             "basis": _basis_dict(s.basis), "latest_basis": _basis_dict(s.latest_basis),
             "note": s.note, "note_bases": [_basis_dict(b) for b in s.note_bases]}
            for s in a.next_steps
        ],
        "routes": {"mediator": _route_dict(a.mediator), "cpme": _route_dict(a.cpme)},
        "deadlines": [
            {"id": d.id, "label": d.label, "date": d.date.isoformat(), "kind": d.kind.value,
             "state": d.state.value, "days_left": d.days_left, "provisional": d.provisional,
             "warning": d.warning, "met_event_id": d.met_event_id, "basis": _basis_dict(d.basis)}
            for d in a.deadlines
        ],
        "invoice_flags": [
            {"invoice_line_id": f.invoice_line_id, "invoice_number": f.invoice_number,
             "label": f.label, "state": f.state.value, "claim": f.claim.value,
             "limit": _iso(f.limit), "days_left": f.days_left, "message": f.message,
             "basis": _basis_dict(f.basis)}
            for f in a.invoice_flags
        ],
        "warnings": [
            {"code": w.code, "message": w.message, "event_id": w.event_id} for w in a.warnings
        ],
        "rules": {b.rule.id: _rule_dict(b.rule)
                  for b in sorted(_bases(a), key=lambda b: b.rule.id)},
    }


# --- Output: French plain text -------------------------------------------------------------

_DEADLINE_STATE_TEXT = {
    DeadlineState.UPCOMING: "dans {n} jour{s}",
    DeadlineState.TODAY: "aujourd'hui",
    DeadlineState.PASSED: "dépassée depuis {n} jour{s}",
    DeadlineState.MET: "événement enregistré",
}


def _why(basis: Basis | None) -> str:
    if basis is None:
        return ""
    rule = basis.rule
    status = "" if rule.verified else f", {RULE_STATUS_LABELS[rule.status]}"
    text = f"règle « {rule.id} » ({rule.source}{status})"
    if basis.event is not None:
        ev = basis.event
        provisional = ", provisoire" if ev.provisional else ""
        text = (f"{DATE_KIND_LABELS[ev.date_kind]} ({format_date_fr(ev.date)}{provisional}) de "
                f"« {ev.label} » ; {text}")
    return f"    Pourquoi : {text}"


def _deadline_state(d: Deadline) -> str:
    n = abs(d.days_left)
    if d.kind is DeadlineKind.OPENS and d.state is DeadlineState.PASSED:
        return "possible depuis cette date"
    return _DEADLINE_STATE_TEXT[d.state].format(n=n, s="s" if n > 1 else "")


def format_assessment_text(a: Assessment) -> str:
    """The French report printed by ``python main.py status CASE``."""
    out = [f"État du dossier au {format_date_fr(a.today)}",
           f"Étape : {a.stage_label}", f"  {a.stage_reason}", ""]
    out.append("Prochaines démarches :" if a.next_steps else "Prochaines démarches : aucune")
    for s in a.next_steps:
        window = f"à partir du {format_date_fr(s.earliest)}"
        if s.latest is not None:
            window += f", au plus tard le {format_date_fr(s.latest)}"
        out += [f"  - {s.label} ({window})", _why(s.basis)]
        if s.latest_basis is not None:
            out.append(_why(s.latest_basis).replace("Pourquoi", "Date limite"))
        if s.note:
            out.append(f"    Note : {s.note}")
    out.append("")
    for title, route in (("Médiateur des communications électroniques", a.mediator),
                         ("CPME", a.cpme)):
        out.append(f"{title} : {'ouvert' if route.open else 'non ouvert'}")
        if route.open and route.open_basis is not None:
            out.append(_why(route.open_basis))
        if route.open and route.latest is not None:
            out.append(f"  Au plus tard le {format_date_fr(route.latest)}")
            out.append(_why(route.latest_basis))
        for r in route.reasons:
            out += [f"  - {r.message}", _why(r.basis)]
    out.append("")
    out.append("Échéances :" if a.deadlines else "Échéances : aucune")
    for d in a.deadlines:
        out.append(f"  - {d.label} : {format_date_fr(d.date)} ({_deadline_state(d)})")
        if d.warning:
            out.append(f"    Attention : {d.warning}")
        out.append(_why(d.basis))
    if a.invoice_flags:
        out += ["", "Prescription des lignes de facture (L.34-2) :"]
        out += [f"  - {f.message}" for f in a.invoice_flags]
    if a.warnings:
        out += ["", "Avertissements :"]
        out += [f"  - {w.message}" for w in a.warnings]
    return "\n".join(out) + "\n"

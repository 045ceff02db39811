"""What the engine concludes, as plain frozen dataclasses: the public result types.

Every conclusion carries a :class:`Basis`: the rule applied and, when it was computed from a
dated fact, that fact (:class:`EventRef`). :class:`Assessment` gathers them for one case on one
day. Nothing here computes; the routes (``operator``, ``mediator``, ``cpme``...) fill them in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dispute.rules import Rule
from dispute.stages import STAGE_LABELS, Stage

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
    RESPONSE_DUE = "response_due"


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
    DateKind.RESPONSE_DUE: "date de réponse fixée par l'avis",
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
    # with ``warning``: what it changes — the date is not moved, by which rule and source
    # (``dispute.procedure.non_working``); "" on a working day
    not_moved: str = ""

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
    # the letters that carry the step out (LetterKind values, in the order to offer them):
    # each is « possible » from ``earliest`` in Assessment.letters
    letter_kinds: tuple[str, ...] = ()
    # advised but not possible yet, whatever ``earliest`` says: what it waits for, the
    # ``waits_for`` of the letter that carries it out (« après avoir complété les éléments
    # demandés par la CPME »); "" when only ``earliest`` matters
    waits_for: str = ""


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
    name: str  # "mediator", "cpme", "business_mediator" or "court"
    open: bool
    reasons: tuple[Reason, ...]
    opens_on: date | None = None  # when the access condition is (or will be) met
    open_basis: Basis | None = None
    latest: date | None = None  # mediator: the 1-year limit
    latest_basis: Basis | None = None
    missing_items: tuple[CpmeItem, ...] = ()  # CPME: required; Médiateur des entreprises: form
    kind: str = ""  # court: "tribunal_judiciaire", "tribunal_de_commerce" or "to_check"
    notes: tuple[Reason, ...] = ()  # what the user must know, not an obstacle (762, 853...)


class PrescriptionState(StrEnum):
    OK = "ok"
    SUSPENDED = "suspended"  # a mediation is running: the clock is stopped
    INTERRUPTED = "interrupted"  # a court action was brought
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
    limit: date | None  # last day before prescription, from L.34-2 alone (no suspension)
    days_left: int | None
    message: str
    basis: Basis
    # « agir au plus tard le … »: the customer's refund claim, with the mediation's suspension
    # (C. civ. 2238) when one applies; None for the operator's claim or an interruption
    act_before: date | None = None
    act_before_basis: Basis | None = None
    suspension: Suspension | None = None
    clock: tuple[ClockFact, ...] = ()  # what stops the clock and what does not


class ClockEffect(StrEnum):
    SUSPENDS = "suspends"
    INTERRUPTS = "interrupts"
    DOES_NOT_STOP = "does_not_stop"


@dataclass(frozen=True)
class ClockFact:
    """One thing that stops (or does not stop) the prescription clock, with its rule."""

    code: str  # "mediator_saisine", "court_action", "acknowledgement", "registered_letter"
    effect: ClockEffect
    text: str
    basis: Basis


@dataclass(frozen=True)
class Suspension:
    """The mediation's suspension of the clock (C. civ. 2238)."""

    start: date  # the mediator's saisine
    end: date | None  # the opinion (None: still running)
    days_left_at_start: int  # days of the year that were left on the saisine day
    basis: Basis
    # the new last day once the mediation ended: end + the days left, at least six months
    extended_limit: date | None = None


@dataclass(frozen=True)
class Notice:
    """A warning for the user (missing data, fallback dates...)."""

    code: str
    message: str
    event_id: str | None = None


class LetterState(StrEnum):
    POSSIBLE = "possible"  # fits the case today
    PREMATURE = "premature"  # not yet: from ``possible_from`` (or after another step)
    SENT = "sent"  # already sent (or signed): « déjà envoyé le …, réponse attendue le … »
    NOT_APPLICABLE = "not_applicable"  # does not fit this case (why in ``reason``)


@dataclass(frozen=True)
class LetterDecision:
    """Whether one letter kind fits the case today, decided by the engine.

    ``kind`` is a ``dispute.letter_kinds.LetterKind`` value (a string: the engine also
    decides kinds the composer may not write yet). ``reason`` is the French sentence the
    letters list shows."""

    kind: str
    state: LetterState
    reason: str
    basis: Basis
    possible_from: date | None = None  # premature: the day it becomes possible, if known
    sent_on: date | None = None  # sent: the day the letter went (or the mandate was signed)
    answer_due: date | None = None  # sent: the answer expected by
    event_id: str | None = None  # sent: the event of the chronology
    recipient: str = ""  # a Counterpart value when the kind has several (the reminder)
    label: str = ""  # French label when it differs from the kind's usual one
    warning: str = ""  # to show before writing it (the procureur complaint)
    # premature without a date: what it waits for, « après la réponse du … » (never both empty)
    waits_for: str = ""

    @property
    def possible(self) -> bool:
        return self.state is LetterState.POSSIBLE


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
    business_mediator: Route | None = None  # Médiateur des entreprises
    court: Route | None = None  # the court route (last resort)
    letters: tuple[LetterDecision, ...] = ()

    def letter(self, kind: str) -> LetterDecision | None:
        """The engine's decision for one letter kind (a LetterKind or its value)."""
        return next((d for d in self.letters if d.kind == kind), None)

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS[self.stage]


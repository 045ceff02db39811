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


"""What a case holds (DOMAIN.md, "What a case holds").

Plain dataclasses, no I/O. Identifiers and stored values are English; the French labels the
user sees live in ``dispute.labels``. Serialisation to JSON-safe dicts is in ``dispute.codec``.

Conventions:
- dates are ``datetime.date``; timestamps are timezone-aware ``datetime`` in UTC;
- amounts are ``decimal.Decimal`` in euros with at most two decimals;
- optional values are ``None`` (or ``""`` for free text), never a sentinel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from dispute.vocabulary import (  # noqa: F401 - re-exported: see dispute/vocabulary.py
    SCHEMA_VERSION,
    CaseStatus,
    SubscriberKind,
    new_id,
)


class LineKind(StrEnum):
    FIXED = "fixed"
    MOBILE = "mobile"
    INTERNET = "internet"
    TV = "tv"
    OTHER = "other"


class DisputeNature(StrEnum):
    """Kinds of dispute listed by the CPME (seeds/000) plus the consumer cases of 002/003."""

    MISSING_SERVICE = "missing_service"
    TRANSFER_ON_MOVE = "transfer_on_move"
    LINE_OVERWRITTEN = "line_overwritten"
    BILLING = "billing"
    OUTAGE = "outage"
    TERMINATION = "termination"
    PORTABILITY = "portability"
    OTHER = "other"


class EventKind(StrEnum):
    CALL = "call"
    LETTER = "letter"
    REGISTERED_LETTER = "registered_letter"  # LRAR: see ``Event.registered``
    EMAIL = "email"
    CHAT = "chat"
    SHOP_VISIT = "shop_visit"
    TECHNICIAN_VISIT = "technician_visit"
    OUTAGE = "outage"  # start in ``date``, end (if over) in ``end_date``
    ANSWER = "answer"  # an answer received: see ``Event.outcome``
    SAISINE = "saisine"  # seizing the mediator or the CPME (``counterpart`` says which)
    MEDIATOR_OPINION = "mediator_opinion"
    PARTY_POSITION = "party_position"  # a party's acceptance or refusal of the opinion
    COURT_ACTION = "court_action"
    DGCCRF_REPORT = "dgccrf_report"
    PROCUREUR_COMPLAINT = "procureur_complaint"
    OTHER = "other"


class Counterpart(StrEnum):
    """Who an event was with."""

    SERVICE_CLIENTS = "service_clients"
    SERVICE_CONSOMMATEURS = "service_consommateurs"
    OPERATOR_OTHER = "operator_other"  # shop, technician, head office, business account manager
    MEDIATOR = "mediator"  # Médiateur des communications électroniques
    OTHER_MEDIATOR = "other_mediator"  # another mediator (e.g. Médiateur des entreprises)
    CPME = "cpme"
    COURT = "court"
    DGCCRF = "dgccrf"
    PROCUREUR = "procureur"
    CONSUMER_ASSOCIATION = "consumer_association"
    REGULATOR = "regulator"  # Arcep, J'alerte l'Arcep
    OTHER = "other"


class Direction(StrEnum):
    OUTGOING = "outgoing"  # from the subscriber (or the handling structure)
    INCOMING = "incoming"  # from the counterpart


class AnswerOutcome(StrEnum):
    NONE = "none"
    UNSATISFACTORY = "unsatisfactory"
    PARTIAL = "partial"
    SATISFACTORY = "satisfactory"


class Party(StrEnum):
    SUBSCRIBER = "subscriber"
    OPERATOR = "operator"


class InvoiceReason(StrEnum):
    DOUBLE_BILLING = "double_billing"
    NOT_ORDERED = "not_ordered"
    OUT_OF_PLAN = "out_of_plan"
    NOT_DELIVERED = "not_delivered"
    AFTER_TERMINATION = "after_termination"
    WRONG_PRICE = "wrong_price"
    OTHER = "other"



@dataclass
class PostalAddress:
    """A French postal address, NF Z10-011 style.

    The recipient (line 1) is not stored here: it is the name of whoever the address belongs
    to. ``street_lines`` are lines 2 to 5 (complement, building, number and street, lieu-dit
    or BP/TSA/CS); the last line is built from ``postcode`` and ``city``.
    """

    street_lines: list[str] = field(default_factory=list)
    postcode: str = ""
    city: str = ""
    country: str = ""  # empty means France

    def is_empty(self) -> bool:
        return not (any(s.strip() for s in self.street_lines) or self.postcode or self.city)

    def lines(self, recipient: str = "") -> list[str]:
        """The address block as printed: recipient, street lines, POSTCODE CITY, COUNTRY."""
        out = [recipient.strip()] if recipient.strip() else []
        out += [s.strip() for s in self.street_lines if s.strip()]
        last = " ".join(p for p in (self.postcode.strip(), self.city.strip().upper()) if p)
        if last:
            out.append(last)
        if self.country.strip():
            out.append(self.country.strip().upper())
        return out


@dataclass
class Subscriber:
    """The contract's subscriber (souscripteur du contrat)."""

    kind: SubscriberKind = SubscriberKind.PRIVATE
    name: str = ""  # full name of a person, or the company's name
    siren: str = ""  # SIREN (9 digits) or SIRET (14 digits), businesses only, optional
    representative: str = ""  # who acts for a company (name), optional
    representative_role: str = ""
    address: PostalAddress = field(default_factory=PostalAddress)
    email: str = ""
    phone: str = ""


@dataclass
class HandlingStructure:
    """The office preparing the dossier (a CPME structure, a consumer-help desk)."""

    name: str = ""
    contact_name: str = ""
    contact_role: str = ""
    address: PostalAddress = field(default_factory=PostalAddress)
    email: str = ""
    phone: str = ""


@dataclass
class OperatorRef:
    """The operator, copied from the directory into the case so the user can correct it."""

    directory_id: str = ""  # key in the directory ("orange", "sfr"...), empty if typed by hand
    name: str = ""
    service_clients_address: PostalAddress = field(default_factory=PostalAddress)
    service_consommateurs_address: PostalAddress = field(default_factory=PostalAddress)


@dataclass
class Line:
    number: str = ""
    kind: LineKind = LineKind.FIXED
    label: str = ""  # e.g. "Livebox bureau", optional


@dataclass
class Contract:
    contract_number: str = ""
    customer_number: str = ""
    offer: str = ""
    start_date: date | None = None
    monthly_price: Decimal | None = None


@dataclass
class InvoiceLine:
    """A disputed line of an invoice (seeds/002)."""

    id: str = field(default_factory=new_id)
    invoice_number: str = ""
    invoice_date: date | None = None
    label: str = ""
    amount_billed: Decimal = Decimal("0.00")
    amount_disputed: Decimal = Decimal("0.00")
    reason: InvoiceReason = InvoiceReason.OTHER
    due_date: date | None = None  # operator's claim for unpaid amounts runs from here (L.34-2)
    paid_on: date | None = None  # customer's claim to recover runs from payment (L.34-2)
    note: str = ""


@dataclass
class RegisteredMail:
    """Tracking of a registered letter with acknowledgement of receipt (LRAR)."""

    tracking_number: str = ""
    posted_on: date | None = None
    first_presented_on: date | None = None
    received_on: date | None = None  # date the acknowledgement of receipt was signed
    not_claimed: bool = False  # "pli avisé et non réclamé", returned to sender


@dataclass
class Event:
    """A dated step of the chronology."""

    id: str = field(default_factory=new_id)
    kind: EventKind = EventKind.OTHER
    date: date | None = None  # the day it happened (for a letter: the day it was sent)
    counterpart: Counterpart = Counterpart.SERVICE_CLIENTS
    direction: Direction = Direction.OUTGOING
    written: bool = False
    summary: str = ""
    reference: str = ""  # the operator's ticket or file number, a mediator's file number...
    end_date: date | None = None  # end of an outage or of a period
    outcome: AnswerOutcome | None = None  # for ANSWER and MEDIATOR_OPINION
    party: Party | None = None  # for PARTY_POSITION
    accepted: bool | None = None  # for PARTY_POSITION
    registered: RegisteredMail | None = None  # for REGISTERED_LETTER
    exhibit_ids: list[str] = field(default_factory=list)


@dataclass
class Exhibit:
    """A file kept with the case ("Pièce n° N" in the dossier)."""

    id: str = field(default_factory=new_id)
    number: int = 0  # stable exhibit number, 1-based, never reused within a case
    title: str = ""
    date: date | None = None
    original_name: str = ""  # the file name as the user had it (display only)
    stored_name: str = ""  # generated name inside the store (never user text)
    size: int = 0
    sha256: str = ""
    media_type: str = ""
    added_at: datetime | None = None


@dataclass
class Case:
    id: str = field(default_factory=new_id)
    schema_version: int = SCHEMA_VERSION
    revision: int = 0  # incremented by the store on every save
    created_at: datetime | None = None
    updated_at: datetime | None = None
    status: CaseStatus = CaseStatus.OPEN
    subscriber: Subscriber = field(default_factory=Subscriber)
    handling_structure: HandlingStructure | None = None
    operator: OperatorRef = field(default_factory=OperatorRef)
    lines: list[Line] = field(default_factory=list)
    contract: Contract = field(default_factory=Contract)
    natures: list[DisputeNature] = field(default_factory=list)
    summary: str = ""  # faithful, clear, chronological summary (CPME item 5)
    invoice_lines: list[InvoiceLine] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    exhibits: list[Exhibit] = field(default_factory=list)
    broken_commitments: list[str] = field(default_factory=list)  # numbers from seeds/004
    notes: str = ""  # internal notes, never printed

    @property
    def is_business(self) -> bool:
        return self.subscriber.kind is SubscriberKind.BUSINESS

    def events_in_order(self) -> list[Event]:
        """Events sorted by date (undated last), stable for equal dates."""
        return sorted(self.events, key=lambda e: (e.date is None, e.date or date.min))

    def exhibit(self, exhibit_id: str) -> Exhibit | None:
        return next((x for x in self.exhibits if x.id == exhibit_id), None)

    def next_exhibit_number(self) -> int:
        return max((x.number for x in self.exhibits), default=0) + 1

    def total_disputed(self) -> Decimal:
        return sum((line.amount_disputed for line in self.invoice_lines), Decimal("0.00"))

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


SERVICE_NATURES = frozenset({DisputeNature.OUTAGE, DisputeNature.LINE_OVERWRITTEN,
                             DisputeNature.MISSING_SERVICE, DisputeNature.TRANSFER_ON_MOVE,
                             DisputeNature.PORTABILITY})
"""Natures where the service itself was not provided: where the provider's strict liability
(LCEN art. 15 I) is at stake. A billing dispute alone names no such breach (review4 N1).
One definition for the letters (``documents.letters.claims``, the court request) and the
Médiateur des entreprises' card (``dispute.procedure.business_mediator``): see
:attr:`Case.service_not_provided`."""


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
    MANDATE_SIGNED = "mandate_signed"  # the subscriber signed the structure's mandate
    OTHER = "other"


class Counterpart(StrEnum):
    """Who an event was with."""

    SERVICE_CLIENTS = "service_clients"
    SERVICE_CONSOMMATEURS = "service_consommateurs"
    OPERATOR_OTHER = "operator_other"  # shop, technician, head office, business account manager
    MEDIATOR = "mediator"  # Médiateur des communications électroniques
    OTHER_MEDIATOR = "other_mediator"  # another mediator (not the telecom or business one)
    BUSINESS_MEDIATOR = "business_mediator"  # Médiateur des entreprises
    CONCILIATEUR = "conciliateur"  # conciliateur de justice
    HANDLING_STRUCTURE = "handling_structure"  # the structure helping the subscriber
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


class Sender(StrEnum):
    """Who sent a letter, a complaint or an answer (v3): the letters then say « notre courrier »,
    « le courrier de notre adhérent » or « votre courrier » rightly. ``None`` on an event: not
    said (the letters then name no sender rather than a wrong one)."""

    SUBSCRIBER = "subscriber"  # the subscriber (or its representative) in person
    HANDLING_STRUCTURE = "handling_structure"  # the structure acting under the mandate
    OPERATOR = "operator"  # the operator (any of its services)
    THIRD_PARTY = "third_party"  # a mediator, a court, an administration, someone else


class ExhibitKind(StrEnum):
    """What an exhibit is (v3): the mediator's checklist and the enclosures rely on it, not on
    words of its title."""

    CONTRACT = "contract"  # contrat, récapitulatif contractuel, conditions particulières
    INVOICE = "invoice"
    PAYMENT_PROOF = "payment_proof"  # relevé bancaire, avis de prélèvement
    COMPLAINT = "complaint"  # a written complaint (copy of the letter, e-mail sent)
    ANSWER = "answer"  # a written answer received
    RECEIPT = "receipt"  # avis de réception of a registered letter, proof of posting
    IDENTITY = "identity"  # pièce d'identité, extrait Kbis
    MANDATE = "mandate"  # the signed mandate
    OTHER = "other"  # anything else (screenshot, photo, attestation...): not said


class Civility(StrEnum):
    """How a private subscriber is addressed (grammatical gender and number of the letters)."""

    MR = "mr"  # Monsieur
    MRS = "mrs"  # Madame
    COUPLE = "couple"  # Madame et Monsieur: two holders of the contract


class BusinessForm(StrEnum):
    """What kind of professional subscriber (the letters' voice and the routes differ)."""

    COMPANY = "company"  # a company (SARL, SAS, SA...): « notre société »
    SOLE_TRADER = "sole_trader"  # entrepreneur individuel, micro-entrepreneur
    ASSOCIATION = "association"  # association, non-profit
    OTHER = "other"  # public body, cooperative, other


class StructureKind(StrEnum):
    """The handling structure: decides how the mandate describes the membership."""

    CPME = "cpme"  # a CPME structure (territorial or professional federation)
    CONSUMER_ASSOCIATION = "consumer_association"  # association de consommateurs (agréée)
    OTHER = "other"  # another help desk


class TaxBasis(StrEnum):
    """Whether an amount is entered before tax (HT) or all taxes included (TTC)."""

    TTC = "ttc"
    HT = "ht"


class Voice(StrEnum):
    """Who the case summary was typed as (the letters quote it, never splice it)."""

    SUBSCRIBER = "subscriber"  # « J'ai appelé… » / « Nous avons appelé… » (the wizard's default)
    STRUCTURE = "structure"  # written by the structure: « Notre adhérent a appelé… »
    NEUTRAL = "neutral"  # third person: « L'abonné a appelé… »


class CreditKind(StrEnum):
    """What the operator already gave."""

    CREDIT = "credit"  # avoir on an invoice
    REFUND = "refund"  # remboursement
    GESTURE = "gesture"  # geste commercial


class OutcomeResult(StrEnum):
    FULL = "full"  # obtained in full
    PARTIAL = "partial"  # obtained in part
    REFUSED = "refused"  # refused by the operator or the route
    ABANDONED = "abandoned"  # the subscriber gave up
    WITHDRAWN = "withdrawn"  # withdrawn (handled elsewhere, settled privately...)


class Obtained(StrEnum):
    REFUND = "refund"
    CREDIT = "credit"
    GESTURE = "gesture"
    SERVICE_RESTORED = "service_restored"
    TERMINATION_WITHOUT_FEES = "termination_without_fees"
    LINE_RESTORED_OR_PORTED = "line_restored_or_ported"
    OTHER = "other"


class SettlementRoute(StrEnum):
    """The route that settled the case."""

    SERVICE_CLIENTS = "service_clients"  # the operator's first level
    SERVICE_CONSOMMATEURS = "service_consommateurs"  # the operator's second level
    MEDIATOR = "mediator"  # Médiateur des communications électroniques
    CPME = "cpme"
    BUSINESS_MEDIATOR = "business_mediator"  # Médiateur des entreprises
    CONCILIATEUR = "conciliateur"
    COURT = "court"
    OTHER = "other"


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
    civility: Civility | None = None  # private subscribers; None: not said
    business_form: BusinessForm | None = None  # businesses; None: not said
    legal_form: str = ""  # « SARL », « SAS », « EI »..., as typed
    # micro-entreprise, petite entreprise or non-profit (ordonnance 2021-650); None: not said
    small_business: bool | None = None


@dataclass
class HandlingStructure:
    """The office preparing the dossier (a CPME structure, a consumer-help desk)."""

    name: str = ""
    contact_name: str = ""
    contact_role: str = ""
    address: PostalAddress = field(default_factory=PostalAddress)
    email: str = ""
    phone: str = ""
    kind: StructureKind | None = None
    identifier: str = ""  # SIREN, SIRET or RNA number of the structure, as typed
    member_number: str = ""  # the subscriber's membership number in the structure
    member_since: date | None = None  # the subscriber's membership date


@dataclass
class OperatorRef:
    """The operator, copied from the directory into the case so the user can correct it."""

    directory_id: str = ""  # key in the directory ("orange", "sfr"...), empty if typed by hand
    name: str = ""
    service_clients_address: PostalAddress = field(default_factory=PostalAddress)
    service_consommateurs_address: PostalAddress = field(default_factory=PostalAddress)
    siren: str = ""  # the operator's SIREN or SIRET (court request, Médiateur des entreprises)
    head_office_address: PostalAddress = field(default_factory=PostalAddress)  # siège social


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
    price_tax: TaxBasis = TaxBasis.TTC  # whether ``monthly_price`` is HT or TTC
    vat_rate: Decimal = Decimal("20.00")  # percent; telecom services: 20 %
    # v4: concluded at a distance (online, by phone): the provider's strict liability of LCEN
    # art. 15 I is cited only then (review2 5.2); None: not said
    distance: bool | None = None


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
    tax_basis: TaxBasis = TaxBasis.TTC  # whether the amounts are HT or TTC
    vat_rate: Decimal = Decimal("20.00")  # percent


@dataclass
class Credit:
    """A credit, refund or commercial gesture the operator already granted."""

    id: str = field(default_factory=new_id)
    kind: CreditKind = CreditKind.GESTURE
    amount: Decimal = Decimal("0.00")
    tax_basis: TaxBasis = TaxBasis.TTC
    vat_rate: Decimal = Decimal("20.00")
    date: date | None = None  # the day it was granted or received
    invoice_number: str = ""  # the invoice it appears on, if any
    event_id: str = ""  # the answer event that announced it, if any
    deducted: bool = True  # deducted from the amount claimed (else explained only)
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
    # for MEDIATOR_OPINION: the date the opinion sets for accepting or refusing it (R.612-4)
    response_due: date | None = None
    sender: Sender | None = None  # who sent it (letters, complaints, answers); None: not said


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
    kind: ExhibitKind = ExhibitKind.OTHER  # what it is (v3); OTHER: not said


@dataclass
class Outcome:
    """How a closed case ended (recorded when it is closed; kept when it is reopened)."""

    result: OutcomeResult = OutcomeResult.FULL
    obtained: list[Obtained] = field(default_factory=list)
    amount_claimed: Decimal | None = None
    amount_obtained: Decimal | None = None
    tax_basis: TaxBasis = TaxBasis.TTC
    date: date | None = None  # the day the case was settled
    route: SettlementRoute | None = None
    # telecom mediator: whether each party followed the opinion (None: not applicable/unknown)
    subscriber_followed_opinion: bool | None = None
    operator_followed_opinion: bool | None = None
    note: str = ""


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
    summary_voice: Voice = Voice.SUBSCRIBER  # who the summary was typed as
    credits: list[Credit] = field(default_factory=list)  # what the operator already gave
    offence: str = ""  # the qualified offence chosen before a procureur complaint ("" = none)
    outcome: Outcome | None = None  # how the case ended (set when closed)
    # v3: the user's own statement of the facts that make the offence (procureur complaint);
    # the letter quotes it, never writes it ("" = not written: the complaint is not possible)
    offence_facts: str = ""
    # v3: the day a portability or a change of provider was requested (L.224-42-1)
    portability_requested_on: date | None = None

    @property
    def is_business(self) -> bool:
        return self.subscriber.kind is SubscriberKind.BUSINESS

    @property
    def service_not_provided(self) -> bool:
        """One of the case's natures says the service itself was not provided
        (:data:`SERVICE_NATURES`)."""
        return not SERVICE_NATURES.isdisjoint(self.natures)

    def events_in_order(self) -> list[Event]:
        """Events sorted by date (undated last), stable for equal dates."""
        return sorted(self.events, key=lambda e: (e.date is None, e.date or date.min))

    def exhibit(self, exhibit_id: str) -> Exhibit | None:
        return next((x for x in self.exhibits if x.id == exhibit_id), None)

    def next_exhibit_number(self) -> int:
        return max((x.number for x in self.exhibits), default=0) + 1

    def total_disputed(self) -> Decimal:
        """Sum of the disputed amounts as entered (HT and TTC lines mixed: see
        ``dispute.amounts`` to convert before adding for a claim)."""
        return sum((line.amount_disputed for line in self.invoice_lines), Decimal("0.00"))

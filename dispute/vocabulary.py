"""The closed lists of values a case uses (kinds, natures, counterparts, statuses), its
schema version and its identifiers.

Apart from ``dispute.model`` so that what must load at every start-up (the case list reads
``SubscriberKind`` and ``CaseStatus`` from the store's summaries; the store checks
``SCHEMA_VERSION``) does not build the case dataclasses too (bench/startup.py).
``dispute.model`` re-exports every name: import them from there.
"""

from __future__ import annotations

import os
from enum import StrEnum

SCHEMA_VERSION = 1
"""Version of the case structure, stored with every case and in every case file."""


def new_id() -> str:
    """A short random identifier (12 hex digits), safe in file names on every OS."""
    return os.urandom(6).hex()  # what uuid4().hex[:12] holds, without importing uuid


class SubscriberKind(StrEnum):
    PRIVATE = "private"
    BUSINESS = "business"


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


class CaseStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    ABANDONED = "abandoned"

"""The procedure engine: where a case stands, what comes next, and why.

``assess(case, today)`` is a pure function of a case and a date (no I/O here: the rules come
from ``dispute.rules``). Every conclusion it draws (a deadline, a next step, a reason a route is
closed, an invoice flag) carries a :class:`Basis`: the rule applied (id, French label, source,
verified or not) and, when it was computed from a dated fact, that fact (event id, the date
used and which date of the event it is). docs/procedure.md explains each rule and each reading
the app makes; docs/status-json.md documents :func:`assessment_to_dict`.

Where to find a rule — one module per route or level, around a small core:

- core: ``results`` (the result types), ``dates`` (which date of an event a delay runs from),
  ``events`` (what is written, a complaint, an answer; the operator's levels), ``facts`` (the
  case read once, shared helpers), ``stage``, ``notices`` (warnings on the data);
- routes: ``operator`` (service clients, service consommateurs), ``mediator`` (Médiateur des
  communications électroniques), ``cpme``, ``business_mediator`` (Médiateur des entreprises),
  ``court`` (last resort), ``prescription`` (invoice lines, L.34-2);
- ``letter_decisions``: whether each letter kind fits the case now (``Assessment.letters``);
- ``engine`` (``assess``), ``status_json`` and ``report_text`` (outputs).

Importing this package loads the whole engine: keep it off the start-up path (the GUI imports
it on first use, docs/architecture.md).
"""

from __future__ import annotations

from dispute.procedure.court import COURT_LABELS
from dispute.procedure.dates import (
    DelayStart,
    delay_start,
    earliest_known_date,
    inconsistent_tracking,
    sent_on,
)
from dispute.procedure.engine import (
    REQUIRED_RULES,
    assess,
    case_summary_fields,
    next_deadline,
)
from dispute.procedure.events import (
    CONTACT_KINDS,
    FIRST_LEVEL,
    LAST_RESORT_COUNTERPARTS,
    LAST_RESORT_KINDS,
    OPERATOR_SIDE,
    POSTAL_KINDS,
    SECOND_LEVEL,
    UNSATISFIED,
    WRITTEN_KINDS,
    event_title,
    is_formal_notice,
    is_written,
)
from dispute.procedure.report_text import format_assessment_text
from dispute.procedure.results import (
    DATE_KIND_LABELS,
    Assessment,
    Basis,
    Claim,
    CpmeItem,
    DateKind,
    Deadline,
    DeadlineKind,
    DeadlineState,
    EventRef,
    ClockEffect,
    ClockFact,
    InvoiceFlag,
    LetterDecision,
    LetterState,
    NextStep,
    Notice,
    PrescriptionState,
    Reason,
    Route,
    Suspension,
)
from dispute.procedure.status_json import STATUS_FORMAT, STATUS_VERSION, assessment_to_dict
from dispute.stages import STAGE_LABELS, Stage

__all__ = [
    "CONTACT_KINDS", "COURT_LABELS", "DATE_KIND_LABELS", "FIRST_LEVEL", "LAST_RESORT_COUNTERPARTS",
    "LAST_RESORT_KINDS", "OPERATOR_SIDE", "POSTAL_KINDS", "REQUIRED_RULES", "SECOND_LEVEL",
    "STAGE_LABELS", "STATUS_FORMAT", "STATUS_VERSION", "UNSATISFIED", "WRITTEN_KINDS",
    "Assessment", "Basis", "Claim", "ClockEffect", "ClockFact", "CpmeItem", "DateKind",
    "Deadline", "DeadlineKind", "DeadlineState", "DelayStart", "EventRef", "InvoiceFlag",
    "LetterDecision", "LetterState", "NextStep", "Notice", "PrescriptionState", "Reason", "Route",
    "Stage", "Suspension", "assess", "assessment_to_dict", "case_summary_fields", "delay_start",
    "earliest_known_date", "event_title", "format_assessment_text", "inconsistent_tracking",
    "is_formal_notice", "is_written", "next_deadline", "sent_on",
]

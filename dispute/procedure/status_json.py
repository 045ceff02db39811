"""The JSON form of an assessment (``python main.py status CASE --json``, docs/status-json.md).

Stable keys: fields are only ever added (``STATUS_VERSION`` says which).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dispute.procedure.results import (
    DATE_KIND_LABELS,
    Assessment,
    Basis,
    Deadline,
    EventRef,
    InvoiceFlag,
    LetterDecision,
    NextStep,
    Reason,
    Route,
)
from dispute.rules import Rule

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
        "confidence": rule.confidence or None,
        "source_date": rule.source_date or None,
        "urls": list(rule.urls),
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


class _Writer:
    """Builds the dict and remembers every rule a basis names (for the "rules" section)."""

    def __init__(self) -> None:
        self.rules: dict[str, Rule] = {}

    def basis(self, basis: Basis | None) -> dict[str, Any] | None:
        if basis is None:
            return None
        self.rules[basis.rule.id] = basis.rule
        return {
            "rule_id": basis.rule.id,
            "source": basis.rule.source_label,
            "rule_status": basis.rule.status.value,
            "event": _event_dict(basis.event),
        }

    def reasons(self, reasons: tuple[Reason, ...]) -> list[dict[str, Any]]:
        return [{"code": r.code, "message": r.message, "until": _iso(r.until),
                 "basis": self.basis(r.basis)} for r in reasons]

    def route(self, route: Route | None) -> dict[str, Any] | None:
        if route is None:
            return None
        return {
            "open": route.open,
            "opens_on": _iso(route.opens_on),
            "open_basis": self.basis(route.open_basis),
            "latest": _iso(route.latest),
            "latest_basis": self.basis(route.latest_basis),
            "reasons": self.reasons(route.reasons),
            "missing_items": [
                {"number": i.number, "key": i.key, "label": i.label, "text": i.text}
                for i in route.missing_items
            ],
            "kind": route.kind or None,
            "notes": self.reasons(route.notes),
        }

    def step(self, s: NextStep) -> dict[str, Any]:
        return {"id": s.id, "label": s.label, "earliest": _iso(s.earliest),
                "latest": _iso(s.latest), "basis": self.basis(s.basis),
                "latest_basis": self.basis(s.latest_basis), "note": s.note,
                "note_bases": [self.basis(b) for b in s.note_bases],
                "letter_kinds": list(s.letter_kinds), "waits_for": s.waits_for or None}

    def letter(self, d: LetterDecision) -> dict[str, Any]:
        return {"kind": d.kind, "state": d.state.value, "possible": d.possible,
                "reason": d.reason, "possible_from": _iso(d.possible_from),
                "sent_on": _iso(d.sent_on), "answer_due": _iso(d.answer_due),
                "event_id": d.event_id, "recipient": d.recipient or None,
                "label": d.label or None, "warning": d.warning or None,
                "waits_for": d.waits_for or None, "basis": self.basis(d.basis)}

    def deadline(self, d: Deadline) -> dict[str, Any]:
        return {"id": d.id, "label": d.label, "date": d.date.isoformat(), "kind": d.kind.value,
                "state": d.state.value, "days_left": d.days_left, "provisional": d.provisional,
                "warning": d.warning, "not_moved": d.not_moved or None,
                "met_event_id": d.met_event_id, "basis": self.basis(d.basis)}

    def flag(self, f: InvoiceFlag) -> dict[str, Any]:
        suspension = f.suspension
        return {
            "invoice_line_id": f.invoice_line_id, "invoice_number": f.invoice_number,
            "label": f.label, "state": f.state.value, "claim": f.claim.value,
            "limit": _iso(f.limit), "days_left": f.days_left, "message": f.message,
            "basis": self.basis(f.basis),
            "act_before": _iso(f.act_before),
            "act_before_basis": self.basis(f.act_before_basis),
            "suspension": None if suspension is None else {
                "start": suspension.start.isoformat(), "end": _iso(suspension.end),
                "days_left_at_start": suspension.days_left_at_start,
                "extended_limit": _iso(suspension.extended_limit),
                "basis": self.basis(suspension.basis)},
            "clock": [{"code": c.code, "effect": c.effect.value, "text": c.text,
                       "basis": self.basis(c.basis)} for c in f.clock],
        }


def assessment_to_dict(a: Assessment) -> dict[str, Any]:
    """The JSON form of an assessment (``python main.py status CASE --json``), stable keys."""
    w = _Writer()
    data = {
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
        "next_steps": [w.step(s) for s in a.next_steps],
        "routes": {"mediator": w.route(a.mediator), "cpme": w.route(a.cpme),
                   "business_mediator": w.route(a.business_mediator),
                   "court": w.route(a.court)},
        "deadlines": [w.deadline(d) for d in a.deadlines],
        "invoice_flags": [w.flag(f) for f in a.invoice_flags],
        "warnings": [
            {"code": n.code, "message": n.message, "event_id": n.event_id} for n in a.warnings
        ],
        "letters": [w.letter(d) for d in a.letters],
    }
    data["rules"] = {rule_id: _rule_dict(w.rules[rule_id]) for rule_id in sorted(w.rules)}
    return data

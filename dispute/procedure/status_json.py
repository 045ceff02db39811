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
    EventRef,
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

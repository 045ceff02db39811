"""The French plain-text report printed by ``python main.py status CASE``."""

from __future__ import annotations

from dispute.calendar import format_date_fr
from dispute.procedure.results import (
    DATE_KIND_LABELS,
    Assessment,
    Basis,
    Deadline,
    DeadlineKind,
    DeadlineState,
)
from dispute.rules import RULE_STATUS_LABELS

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

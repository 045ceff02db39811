"""The French plain-text report printed by ``python main.py status CASE``."""

from __future__ import annotations

from dispute.calendar import format_date_fr
from dispute.procedure.court import COURT_LABELS
from dispute.procedure.results import (
    DATE_KIND_LABELS,
    Assessment,
    Basis,
    Deadline,
    DeadlineKind,
    DeadlineState,
    LetterState,
)
from dispute.rules import RULE_STATUS_LABELS

LETTER_STATE_TEXT = {
    LetterState.POSSIBLE: "possible",
    LetterState.PREMATURE: "prématuré",
    LetterState.SENT: "déjà fait",
    LetterState.NOT_APPLICABLE: "sans objet",
}
LETTER_STATE_NAMES = {
    "reclamation_service_clients": "Réclamation au service clients",
    "recours_service_consommateurs": "Lettre au service consommateurs",
    "saisine_mediateur": "Saisine du Médiateur des communications électroniques",
    "demande_cpme": "Demande d'intervention à la CPME",
    "contestation_facturation": "Contestation de facturation",
    "mise_en_demeure": "Mise en demeure",
    "courrier_dgccrf": "Courrier à la DGCCRF",
    "plainte_procureur": "Plainte auprès du procureur de la République",
    "relance_operateur": "Relance de l'opérateur",
    "saisine_conciliateur": "Saisine du conciliateur de justice",
    "requete_tribunal": "Requête au tribunal judiciaire",
    "saisine_mediateur_entreprises": "Saisine du Médiateur des entreprises",
    "mandat": "Mandat",
    "demande_indemnite_portabilite": "Demande d'indemnité (portabilité)",
}
"""Names for the text report (the letters list uses dispute.letter_kinds' labels)."""

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
    # a source that already says it is unverified is not told so twice (review 18.5)
    status = "" if rule.verified or "non vérifi" in rule.source_label \
        else f", {RULE_STATUS_LABELS[rule.status]}"
    # the source, never the rule's identifier (fresh-eyes 29; the line above says what the
    # rule concludes, agreed with the subscriber); the CLI turns the project's « seeds/001 »
    # into the public document's title (documents.chronology)
    text = f"source : {rule.source_label}{status}"
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
        if s.waits_for:  # advised, not possible yet (the letter's decision says why)
            window = f"pas encore : {s.waits_for}"
        if s.latest is not None:
            window += f", au plus tard le {format_date_fr(s.latest)}"
        out += [f"  - {s.label} ({window})", _why(s.basis)]
        if s.latest_basis is not None:
            out.append(_why(s.latest_basis).replace("Pourquoi", "Date limite"))
        if s.note:
            out.append(f"    Note : {s.note}")
            out += [_why(b).replace("Pourquoi", "Règle de la note") for b in s.note_bases
                    if not b.rule.verified]
    out.append("")
    business = a.business_mediator is not None and not any(
        r.code == "private_subscriber" for r in a.business_mediator.reasons)
    routes = [("Médiateur des communications électroniques", a.mediator), ("CPME", a.cpme)]
    if business:
        routes.append(("Médiateur des entreprises", a.business_mediator))
    if a.court is not None:
        routes.append((f"Juge ({COURT_LABELS.get(a.court.kind, a.court.kind)})", a.court))
    for title, route in routes:
        out.append(f"{title} : {'ouvert' if route.open else 'non ouvert'}")
        if route.open and route.open_basis is not None:
            out.append(_why(route.open_basis))
        if route.open and route.latest is not None:
            out.append(f"  Au plus tard le {format_date_fr(route.latest)}")
            out.append(_why(route.latest_basis))
        for r in route.reasons:
            out += [f"  - {r.message}", _why(r.basis)]
        if route.missing_items and route.name == "business_mediator":
            out.append("  À réunir : " + " ; ".join(i.text for i in route.missing_items))
        for r in route.notes:
            out += [f"  * {r.message}", _why(r.basis)]
    out.append("")
    out.append("Courriers :" if a.letters else "Courriers : aucun")
    for d in a.letters:
        name = d.label or LETTER_STATE_NAMES.get(d.kind, d.kind)
        state = LETTER_STATE_TEXT[d.state]
        if d.state is LetterState.PREMATURE and d.possible_from is not None:
            state += f" (à partir du {format_date_fr(d.possible_from)})"
        elif d.state is LetterState.PREMATURE and d.waits_for:
            state += f" ({d.waits_for})"
        out.append(f"  - {name} : {state} — {d.reason}")
        if d.warning:
            out.append(f"    Attention : {d.warning}")
    out.append("")
    out.append("Échéances :" if a.deadlines else "Échéances : aucune")
    for d in a.deadlines:
        out.append(f"  - {d.label} : {format_date_fr(d.date)} ({_deadline_state(d)})")
        if d.warning:
            out.append(f"    Attention : {d.warning} {d.not_moved}".rstrip())
        out.append(_why(d.basis))
    if a.invoice_flags:
        out += ["", "Prescription des lignes de facture (L.34-2) :"]
        for f in a.invoice_flags:
            out.append(f"  - {f.message}")
            if f.suspension is not None:
                out.append(_why(f.suspension.basis))
        clock = a.invoice_flags[0].clock
        if clock:
            out.append("  Ce qui arrête le délai :")
            out += [f"    · {c.text}" for c in clock]
    if a.warnings:
        out += ["", "Avertissements :"]
        out += [f"  - {w.message}" for w in a.warnings]
    return "\n".join(out) + "\n"

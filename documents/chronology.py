"""The chronology of a case, as a :class:`~documents.content.Report` (then PDF).

What the mediator or the CPME contact reads first (docs/dossier.md):

- a header with the subscriber, the handling structure, the operator, the line(s), the
  contract, the nature of the dispute, the stage and which route is open;
- the case's summary (CPME item 5), then every event in date order (undated last): date,
  kind, counterpart, written or not, summary and reference, LRAR tracking (number, posting,
  first presentation, receipt or "not claimed"), outcome, and its exhibit numbers ("P3, P5":
  ``Exhibit.number``, the same in the letters, the exhibit index and the zip's file names);
- the disputed invoice lines, if any, with their prescription (L.34-2);
- the deadlines the procedure engine computed, each with its "why": the rule, its source,
  whether it is verified, and the dated fact it was computed from;
- the status of the routes (mediator, CPME) with the reasons a route is not open.

Every page carries "page X/Y" and the generation date (``render_pdf.report_pdf_bytes``).
Pure: no I/O. User text goes into the content model as plain strings; the renderers clean and
escape it (nothing typed by a user is ever markup).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from dispute.labels import label
from dispute.model import Case, Event, EventKind, Exhibit
from dispute.procedure import (
    CONTACT_KINDS,
    DATE_KIND_LABELS,
    STAGE_LABELS,
    Assessment,
    Basis,
    Deadline,
    DeadlineKind,
    DeadlineState,
    Route,
    is_written,
    sent_on,
)
from documents.content import (
    Align,
    BulletList,
    Heading,
    Paragraph,
    Reference,
    RenderInfo,
    Report,
    Run,
    Table,
    references_from_pairs,
)
from documents.text import clean_line, format_date_fr, format_euros

logger = logging.getLogger(__name__)

TITLE = "Chronologie du litige"

ROUTE_NAMES = {
    "mediator": "Saisine du Médiateur des communications électroniques",
    "cpme": "Saisine de la CPME (contact litiges télécoms)",
}

_STATE_TEXT = {
    DeadlineState.UPCOMING: "à venir (dans {n} jour{s})",
    DeadlineState.TODAY: "aujourd'hui",
    DeadlineState.PASSED: "dépassée depuis {n} jour{s}",
    DeadlineState.MET: "événement enregistré",
}

EVENT_HEADER = ("Date", "Événement", "Interlocuteur", "Écrit", "Résumé",
                "Lettre recommandée (LRAR)", "Issue", "Pièces")
EVENT_WIDTHS = (9.5, 14, 12, 5, 33, 15, 10, 7)


# -- small formatters ----------------------------------------------------------------------
def short_date(d: date | None) -> str:
    """ "03/03/2026" (the tables); "" for None."""
    return d.strftime("%d/%m/%Y") if d is not None else ""


def long_date(d: date | None) -> str:
    return format_date_fr(d) if d is not None else ""


def exhibit_ref(number: int) -> str:
    """ "P3": how the chronology cites ``Pièce n° 3``."""
    return f"P{number}"


def exhibit_refs(case: Case, event: Event, by_id: dict[str, Exhibit] | None = None) -> str:
    """ "P3, P5": the exhibits attached to ``event``, by number, in number order. Ids that
    match no exhibit of the case are ignored (logged)."""
    by_id = by_id if by_id is not None else {x.id: x for x in case.exhibits}
    numbers = []
    for exhibit_id in event.exhibit_ids:
        exhibit = by_id.get(exhibit_id)
        if exhibit is None:
            logger.warning("Event %s cites unknown exhibit %s", event.id, exhibit_id)
            continue
        numbers.append(exhibit.number)
    return ", ".join(exhibit_ref(n) for n in sorted(set(numbers)))


def events_in_order(case: Case) -> list[Event]:
    """Events sorted by the day they happened (an LRAR without a date by its posting date),
    undated last, stable for equal dates (the order they were entered)."""
    return sorted(case.events, key=lambda e: (sent_on(e) is None, sent_on(e) or date.min))


def _event_date(event: Event) -> str:
    when = sent_on(event)
    text = short_date(when) if when else "sans date"
    if event.end_date is not None:
        text += f"\nau {short_date(event.end_date)}"
    elif event.kind is EventKind.OUTAGE:
        text += "\n(en cours)"
    return text


def _event_kind(event: Event) -> str:
    """The kind's label; for an exchange (call, letter, email...), who sent it."""
    if event.kind not in CONTACT_KINDS:
        return label(event.kind)
    return f"{label(event.kind)}\n({label(event.direction).lower()})"


def _registered(event: Event) -> str:
    reg = event.registered
    if reg is None:
        return "à compléter" if event.kind is EventKind.REGISTERED_LETTER else ""
    lines = []
    if clean_line(reg.tracking_number):
        lines.append(f"n° {clean_line(reg.tracking_number)}")
    if reg.posted_on:
        lines.append(f"Envoi : {short_date(reg.posted_on)}")
    if reg.first_presented_on:
        lines.append(f"1re présentation : {short_date(reg.first_presented_on)}")
    if reg.received_on:
        lines.append(f"AR signé : {short_date(reg.received_on)}")
    if reg.not_claimed:
        lines.append("Pli avisé et non réclamé")
    elif not reg.received_on:
        lines.append("AR : date inconnue")
    return "\n".join(lines)


def _outcome(event: Event) -> str:
    if event.kind is EventKind.PARTY_POSITION:
        who = label(event.party) if event.party is not None else "Une partie"
        if event.accepted is None:
            return f"{who} : position non précisée"
        verb = "accepte" if event.accepted else "refuse"
        return f"{who} {verb} l'avis"
    if event.outcome is not None:
        return label(event.outcome)
    return ""


def _summary(event: Event) -> str:
    text = event.summary.strip()
    if clean_line(event.reference):
        text += ("\n" if text else "") + f"Réf. : {clean_line(event.reference)}"
    return text


def event_row(case: Case, event: Event, by_id: dict[str, Exhibit]) -> tuple[str, ...]:
    return (
        _event_date(event),
        _event_kind(event),
        label(event.counterpart),
        "Oui" if is_written(event) else "Non",
        _summary(event),
        _registered(event),
        _outcome(event),
        exhibit_refs(case, event, by_id),
    )


def why(basis: Basis | None) -> str:
    """ "Règle : … (source, vérifiée le …) — calculée depuis la date de réception (22 mai
    2026) de « … »". Empty for None."""
    if basis is None:
        return ""
    rule = basis.rule
    status = (f"règle vérifiée le {format_date_fr(rule.verified_on)}" if rule.verified
              else "règle non vérifiée")
    text = f"{rule.label} [{rule.id}] — source : {rule.source_label} ({status})"
    if basis.event is not None:
        ev = basis.event
        provisional = ", à titre provisoire" if ev.provisional else ""
        text += (f" — calculé depuis la {DATE_KIND_LABELS[ev.date_kind]} "
                 f"({format_date_fr(ev.date)}{provisional}) de « {ev.label} »")
    return text


def deadline_state(d: Deadline) -> str:
    n = abs(d.days_left)
    if d.kind is DeadlineKind.OPENS and d.state is DeadlineState.PASSED:
        return "possible depuis cette date"
    return _STATE_TEXT[d.state].format(n=n, s="s" if n > 1 else "")


def route_status(route: Route) -> str:
    """One line: "ouverte depuis le 4 mai 2026, au plus tard le 16 mars 2027" / "non ouverte"."""
    if route.open:
        text = "ouverte"
        if route.opens_on is not None:
            text += f" depuis le {format_date_fr(route.opens_on)}"
        if route.latest is not None:
            text += f", au plus tard le {format_date_fr(route.latest)}"
        return text
    return "non ouverte"


def routes_summary(assessment: Assessment) -> str:
    return "\n".join(f"{ROUTE_NAMES[r.name]} : {route_status(r)}"
                     for r in (assessment.mediator, assessment.cpme))


# -- header --------------------------------------------------------------------------------
def _subscriber(case: Case) -> str:
    s = case.subscriber
    parts = [clean_line(s.name) or "(nom à compléter)", f"({label(s.kind).lower()})"]
    text = " ".join(parts)
    if clean_line(s.siren):
        text += f", SIREN/SIRET {clean_line(s.siren)}"
    if clean_line(s.representative):
        role = f", {clean_line(s.representative_role)}" if clean_line(s.representative_role) \
            else ""
        text += f", représenté(e) par {clean_line(s.representative)}{role}"
    address = ", ".join(s.address.lines())
    if address:
        text += f"\n{address}"
    contact = " — ".join(x for x in (clean_line(s.email), clean_line(s.phone)) if x)
    if contact:
        text += f"\n{contact}"
    return text


def _structure(case: Case) -> str:
    h = case.handling_structure
    if h is None or not (clean_line(h.name) or clean_line(h.contact_name)):
        return ""
    who = clean_line(h.contact_name)
    if who and clean_line(h.contact_role):
        who += f" ({clean_line(h.contact_role)})"
    head = " — ".join(x for x in (clean_line(h.name), who) if x)
    contact = " — ".join(x for x in (clean_line(h.email), clean_line(h.phone)) if x)
    return f"{head}\n{contact}" if contact else head


def line_text(case: Case) -> str:
    out = []
    for line in case.lines:
        extra = label(line.kind)
        if clean_line(line.label):
            extra += f" — {clean_line(line.label)}"
        out.append(f"{clean_line(line.number) or '(numéro à compléter)'} ({extra})")
    return "\n".join(out)


def contract_text(case: Case) -> str:
    c = case.contract
    parts = []
    if clean_line(c.contract_number):
        parts.append(f"contrat n° {clean_line(c.contract_number)}")
    if clean_line(c.customer_number):
        parts.append(f"client n° {clean_line(c.customer_number)}")
    if clean_line(c.offer):
        parts.append(f"offre « {clean_line(c.offer)} »")
    if c.start_date is not None:
        parts.append(f"depuis le {format_date_fr(c.start_date)}")
    if c.monthly_price is not None:
        parts.append(f"{format_euros(c.monthly_price)} par mois")
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]


def header(case: Case, assessment: Assessment) -> tuple[Reference, ...]:
    natures = ", ".join(label(n) for n in case.natures)
    disputed = format_euros(case.total_disputed()) if case.invoice_lines else ""
    stage = STAGE_LABELS[assessment.stage]
    if assessment.stage_reason:
        stage += f"\n{assessment.stage_reason}"
    return references_from_pairs([
        ("Abonné (souscripteur du contrat)", _subscriber(case)),
        ("Dossier suivi par", _structure(case)),
        ("Opérateur", clean_line(case.operator.name) or "(à compléter)"),
        ("Ligne(s)", line_text(case) or "(à compléter)"),
        ("Contrat", contract_text(case) or "(à compléter)"),
        ("Nature du litige", natures),
        ("Montant contesté", disputed),
        ("Étape de la procédure", stage),
        ("Voies de recours", routes_summary(assessment)),
    ])


# -- sections ------------------------------------------------------------------------------
def events_table(case: Case) -> Table:
    by_id = {x.id: x for x in case.exhibits}
    rows = tuple(event_row(case, e, by_id) for e in events_in_order(case))
    return Table(EVENT_HEADER, rows, widths=EVENT_WIDTHS,
                 align=(Align.LEFT,) * 3 + (Align.CENTER,) + (Align.LEFT,) * 4)


def _invoice_section(case: Case, assessment: Assessment) -> list:
    if not case.invoice_lines:
        return []
    rows = []
    for line in case.invoice_lines:
        note = line.label.strip()
        if line.note.strip():
            note += ("\n" if note else "") + line.note.strip()
        rows.append((clean_line(line.invoice_number), short_date(line.invoice_date), note,
                     label(line.reason), format_euros(line.amount_billed),
                     format_euros(line.amount_disputed)))
    table = Table(("Facture n°", "Date", "Ligne contestée", "Motif", "Facturé", "Contesté"),
                  tuple(rows), widths=(12, 8, 40, 14, 9, 9),
                  align=(Align.LEFT,) * 4 + (Align.RIGHT, Align.RIGHT),
                  total=("Total", "", "", "", "", format_euros(case.total_disputed())))
    blocks: list = [Heading("Lignes de facture contestées"), table]
    if assessment.invoice_flags:
        blocks.append(BulletList.of(*(f.message for f in assessment.invoice_flags)))
    return blocks


def deadlines_table(assessment: Assessment) -> Table:
    rows = []
    for d in sorted(assessment.deadlines, key=lambda d: d.date):
        state = deadline_state(d)
        if d.provisional:
            state += "\n(date provisoire)"
        reason = why(d.basis)
        if d.warning:
            reason += f"\nAttention : {d.warning}"
        rows.append((d.label, short_date(d.date), state, reason))
    return Table(("Échéance", "Date", "État", "Pourquoi (règle, source, date de départ)"),
                 tuple(rows), widths=(20, 9, 14, 57))


def _route_blocks(route: Route) -> list:
    name = ROUTE_NAMES[route.name]
    blocks: list = [Heading(f"{name} : {route_status(route)}", level=2)]
    items: list[Paragraph] = []
    if route.open and route.open_basis is not None:
        items.append(Paragraph.of(Run("Ouverte : ", bold=True), why(route.open_basis)))
    if route.latest is not None and route.latest_basis is not None:
        items.append(Paragraph.of(Run(f"Au plus tard le {format_date_fr(route.latest)} : ",
                                      bold=True), why(route.latest_basis)))
    for reason in route.reasons:
        until = f" (jusqu'au {format_date_fr(reason.until)})" if reason.until else ""
        items.append(Paragraph.of(Run(reason.message + until, bold=True), "\n",
                                  why(reason.basis)))
    if items:
        blocks.append(BulletList(tuple(items)))
    return blocks


def chronology_report(case: Case, assessment: Assessment, *, generated_on: date,
                      author: str = "") -> Report:
    """The chronology as a report (landscape A4). ``assessment`` is ``procedure.assess(case,
    today)``; ``generated_on`` is printed in every page's footer."""
    subscriber = clean_line(case.subscriber.name) or "abonné"
    operator = clean_line(case.operator.name) or "opérateur"
    blocks: list = []
    if case.summary.strip():
        blocks += [Heading("Résumé"), Paragraph.of(case.summary)]
    n = len(case.events)
    blocks += [Heading(f"Événements ({n})" if n else "Événements : aucun")]
    if n:
        blocks += [
            Paragraph.of(Run("Pièces : « P3 » renvoie à la pièce n° 3 du bordereau et au fichier "
                             "P03_… du dossier. Dates au format jour/mois/année.", italic=True),
                         align=Align.LEFT),
            events_table(case),
        ]
    blocks += _invoice_section(case, assessment)
    blocks.append(Heading("Échéances calculées"))
    if assessment.deadlines:
        blocks.append(deadlines_table(assessment))
    else:
        blocks.append(Paragraph.of("Aucune échéance calculée."))
    blocks.append(Heading(f"Voies de recours au {format_date_fr(assessment.today)}"))
    for route in (assessment.mediator, assessment.cpme):
        blocks += _route_blocks(route)
    return Report(
        title=TITLE,
        subtitle=f"{subscriber} c/ {operator} — situation au {format_date_fr(assessment.today)}",
        generated_on=generated_on,
        header=header(case, assessment),
        blocks=tuple(blocks),
        landscape=True,
        author=author,
    )


def chronology_pdf_bytes(case: Case, assessment: Assessment, *, generated_on: date,
                         author: str = "") -> tuple[bytes, RenderInfo]:
    """The chronology PDF (bytes) and what the renderer reported."""
    from documents.render_pdf import report_pdf_bytes

    return report_pdf_bytes(chronology_report(case, assessment, generated_on=generated_on,
                                              author=author))


@dataclass(frozen=True)
class CpmeField:
    """One of the five items the CPME requires (seeds/000), with its value in the case."""

    number: int
    key: str
    label: str
    value: str

    @property
    def missing(self) -> bool:
        return not self.value.strip()


_CPME_DEFAULT_LABELS = (
    ("subscriber_name", "Nom du souscripteur du contrat"),
    ("operator_name", "Nom de l'opérateur"),
    ("line_number", "Numéro de la ligne concernée"),
    ("contract_number", "Numéro de contrat"),
    ("summary", "Résumé chronologique de la situation"),
)


def cpme_fields(case: Case) -> list[CpmeField]:
    """The five CPME items in the CPME's order, labels from the rule ``cpme_required_items``
    (``assets/rules.json``), values from the case ("" when missing)."""
    try:
        from dispute.rules import default_rules

        items = [(i.key, i.label) for i in default_rules()["cpme_required_items"].items]
    except Exception:  # rules unreadable: the dossier still says what is needed
        logger.warning("cpme_required_items unavailable, default labels used", exc_info=True)
        items = list(_CPME_DEFAULT_LABELS)
    s = case.subscriber
    subscriber = clean_line(s.name)
    if subscriber and clean_line(s.siren):
        subscriber += f" (SIREN/SIRET {clean_line(s.siren)})"
    contract = clean_line(case.contract.contract_number)
    if contract and clean_line(case.contract.customer_number):
        contract += f" (n° client {clean_line(case.contract.customer_number)})"
    values = {
        "subscriber_name": subscriber,
        "operator_name": clean_line(case.operator.name),
        "line_number": ", ".join(clean_line(line.number) for line in case.lines
                                 if clean_line(line.number)),
        "contract_number": contract,
        "summary": case.summary.strip(),
    }
    return [CpmeField(n, key, text, values.get(key, ""))
            for n, (key, text) in enumerate(items, start=1)]


def exhibit_numbers_cited(case: Case) -> set[int]:
    """Numbers of the exhibits attached to at least one event."""
    by_id = {x.id: x.number for x in case.exhibits}
    return {by_id[i] for e in case.events for i in e.exhibit_ids if i in by_id}


__all__: Iterable[str] = [
    "TITLE",
    "CpmeField",
    "chronology_pdf_bytes",
    "chronology_report",
    "cpme_fields",
    "deadline_state",
    "event_row",
    "events_in_order",
    "exhibit_numbers_cited",
    "exhibit_ref",
    "exhibit_refs",
    "header",
    "route_status",
    "routes_summary",
    "short_date",
    "why",
]

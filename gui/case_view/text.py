"""The French texts the case window shows, built from a case and its assessment.

Plain functions returning plain text (easy to test, no widgets): the header lines, the
"Pourquoi ?" of every conclusion (rule, source, status, the event and which of its dates was
used), days left, deadline states, route summaries, the CPME's five items, exhibit problems.

Sources are shown as people read them (``documents.chronology.human_sources``): a document's
title or an article of law, never a project file name ("seeds/001") nor a rule id. ``human``
applies the same to any text from the procedure engine or the letters module.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from PySide6.QtCore import QCoreApplication

from dispute.calendar import format_date_fr
from dispute.labels import label, line_kind_label
from dispute.model import Case, Direction, Event, EventKind, Exhibit
from dispute.procedure import (
    DATE_KIND_LABELS,
    Assessment,
    Basis,
    DateKind,
    Deadline,
    DeadlineKind,
    DeadlineState,
    LetterDecision,
    LetterState,
    NextStep,
    Route,
)
from dispute.rules import RuleItem, RuleStatus, default_rules
from documents.chronology import (
    RouteState,
    route_reasons,
    route_short_reason,
    route_state,
    rule_other_references,
    rule_source,
)
from documents.chronology import deadline_superseded as _deadline_superseded
from documents.chronology import human_sources as human

CONTEXT = "case_view"

# verify_exhibits problem kinds → the short text shown next to the exhibit (with an icon).
PROBLEM_TEXTS = {
    "missing": "Fichier introuvable",
    "hash": "Empreinte différente",
    "size": "Empreinte différente",
    "unreadable": "Fichier illisible",
    "invalid_name": "Nom de fichier invalide",
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def fr_date(d: date | None) -> str:
    return format_date_fr(d) if d else tr("sans date")


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if abs(n) > 1 else ''}"


# --------------------------------------------------------------------------------------------
# Why


def rule_status_text(basis: Basis) -> str:
    rule = basis.rule
    reviewed = format_date_fr(rule.verified_on)
    if rule.status is RuleStatus.VERIFIED:
        return tr("vérifiée (source relue le {d})").format(d=reviewed)
    return tr("à vérifier : règle non vérifiée dans une source (revue le {d}) ; "
              "ne vous y fiez pas sans contrôle").format(d=reviewed)


def date_kind_text(kind: DateKind) -> str:
    return DATE_KIND_LABELS.get(kind, str(kind))


def why_lines(basis: Basis | None, heading: str = "") -> list[str]:
    """The explanation of one conclusion: rule, delay, source, status, event and date used."""
    if basis is None:
        return []
    rule = basis.rule
    out = [heading] if heading else []
    out.append(tr("Règle : {label}").format(label=rule.label))
    if rule.delay is not None:
        out.append(tr("Délai : {delay}").format(delay=rule.delay.label))
    # The source as a person reads it: the document's title or the article of law, never a
    # file name ("seeds/001") nor a rule id.
    out.append(tr("Source : {source}").format(source=rule_source(rule)))
    refs = rule_other_references(rule)
    if refs:
        out.append(tr("Voir aussi : {refs}").format(refs=" ; ".join(refs)))
    out.append(tr("Statut : {status}").format(status=rule_status_text(basis)))
    ev = basis.event
    if ev is not None:
        what = tr("Calculé à partir de : « {label} »").format(label=ev.label)
        out.append(what)
        used = tr("Date utilisée : {date} ({kind})").format(
            date=format_date_fr(ev.date), kind=date_kind_text(ev.date_kind))
        out.append(used)
        if ev.provisional:
            out.append(tr("Date provisoire : l'accusé de réception n'est pas enregistré, le "
                          "délai est compté depuis l'envoi. Enregistrez la date de réception "
                          "dès que vous l'avez."))
    if rule.note:
        out.append(tr("Note : {note}").format(note=human(rule.note)))
    return out


def why_text(*parts: tuple[str, Basis | None]) -> str:
    """Several bases (e.g. "from" and "until") separated by a blank line."""
    blocks = ["\n".join(why_lines(basis, heading)) for heading, basis in parts if basis]
    return "\n\n".join(b for b in blocks if b)


# --------------------------------------------------------------------------------------------
# Deadlines and steps


def days_text(days: int) -> str:
    if days == 0:
        return tr("aujourd'hui")
    if days > 0:
        return tr("dans {n}").format(n=plural(days, tr("jour")))
    return tr("il y a {n}").format(n=plural(-days, tr("jour")))


def deadline_superseded(d: Deadline, assessment: Assessment | None) -> bool:
    """A passed "answer expected" delay after which a later step was already taken."""
    return _deadline_superseded(d, assessment)


def deadline_state_text(d: Deadline, assessment: Assessment | None = None) -> str:
    n = abs(d.days_left)
    if deadline_superseded(d, assessment):
        return tr("dépassé — étape suivante engagée")
    if d.state is DeadlineState.MET:
        return tr("événement enregistré")
    if d.state is DeadlineState.TODAY:
        return tr("aujourd'hui")
    if d.state is DeadlineState.UPCOMING:
        return tr("dans {n}").format(n=plural(n, tr("jour")))
    if d.kind is DeadlineKind.OPENS:
        return tr("possible depuis {n}").format(n=plural(n, tr("jour")))
    if d.kind is DeadlineKind.EXPECTED:
        return tr("délai écoulé depuis {n}").format(n=plural(n, tr("jour")))
    return tr("dépassée depuis {n}").format(n=plural(n, tr("jour")))


def deadline_severity(d: Deadline, assessment: Assessment | None = None) -> str:
    """"error" (a limit passed), "warning" (within 14 days, or passed wait), "ok", "info",
    "neutral" (a passed wait the user has already moved on from)."""
    if d.state is DeadlineState.MET:
        return "ok"
    if deadline_superseded(d, assessment):
        return "neutral"
    if d.kind is DeadlineKind.LIMIT:
        if d.state is DeadlineState.PASSED:
            return "error"
        return "warning" if d.days_left <= 14 else "info"
    if d.kind is DeadlineKind.OPENS:
        return "ok" if d.state is not DeadlineState.UPCOMING else "info"
    return "warning" if d.state is DeadlineState.PASSED else "info"


def deadline_line(d: Deadline, assessment: Assessment | None = None) -> str:
    return f"{format_date_fr(d.date)} — {deadline_state_text(d, assessment)}"


def step_window(step: NextStep, today: date) -> str:
    if step.waits_for:
        # advised, not possible yet: what the letter that carries it out waits for (the
        # same words as its « Prématuré — … » in « Courriers »)
        text = tr("pas encore : {w}").format(w=step.waits_for)
        if step.earliest > today:
            text += tr(" (au plus tôt le {d})").format(d=format_date_fr(step.earliest))
        return text
    if step.earliest <= today:
        text = tr("dès maintenant (possible depuis le {d})").format(d=format_date_fr(step.earliest))
        if step.earliest == today:
            text = tr("dès aujourd'hui")
    else:
        text = tr("à partir du {d} ({days})").format(d=format_date_fr(step.earliest),
                                                   days=days_text((step.earliest - today).days))
    if step.latest is not None:
        text += tr(", au plus tard le {d} ({days})").format(
            d=format_date_fr(step.latest), days=days_text((step.latest - today).days))
    return text


def step_why(step: NextStep) -> str:
    parts: list[tuple[str, Basis | None]] = [(tr("À partir de quand :"), step.basis)]
    if step.latest_basis is not None:
        parts.append((tr("Jusqu'à quand :"), step.latest_basis))
    for basis in step.note_bases:
        parts.append((tr("À noter :"), basis))
    return why_text(*parts)


# --------------------------------------------------------------------------------------------
# Routes


ROUTE_TITLES = {
    "mediator": "Médiateur des communications électroniques",
    "cpme": "CPME (entreprises : Bouygues Télécom, Orange, SFR)",
    "business_mediator": "Médiateur des entreprises (entreprises et associations)",
    "court": "Tribunal (dernier recours)",
}


def short_date(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def letter_state(decision: LetterDecision | None) -> tuple[str, str]:
    """The letters list's « Possible maintenant ? » cell and its icon, from the engine's
    decision: « Possible », « Prématuré — à partir du … », « Déjà envoyé le … » (« Signé le … »
    for the mandate), « Non applicable ». The why is the decision's reason."""
    if decision is None:
        return tr("Non décidé"), "info"
    if decision.state is LetterState.POSSIBLE:
        return tr("Possible"), "ok"
    if decision.state is LetterState.PREMATURE:
        if decision.possible_from is not None:
            return tr("Prématuré — à partir du {d}").format(
                d=short_date(decision.possible_from)), "info"
        if decision.waits_for:  # no date can be computed: the event it waits for
            return tr("Prématuré — {w}").format(w=decision.waits_for), "info"
        return tr("Prématuré"), "info"
    if decision.state is LetterState.SENT:
        if decision.sent_on is None:
            return tr("Déjà envoyé"), "info"
        text = tr("Signé le {d}") if decision.kind == "mandat" else tr("Déjà envoyé le {d}")
        return text.format(d=short_date(decision.sent_on)), "info"
    return tr("Non applicable"), "closed"


class RouteRow(NamedTuple):
    """One route of the case: its key (``ROUTE_TITLES``), the engine's route, and whether
    the header names it (the column « Voies de recours » shows every row)."""

    key: str
    route: Route
    in_header: bool


def route_rows(case: Case, assessment: Assessment, today: date) -> list[RouteRow]:
    """The routes of a case, in the order shown, from the engine's assessment: the one list
    the header and the « Voies de recours » column are both made from, so that the column
    lists every route the header names. None for a closed case.

    A business: the Médiateur des entreprises (named in the header), the telecom mediator
    (« non applicable », column only), the CPME; a private subscriber: the telecom mediator,
    the CPME (« non applicable »); then the court when it is open and no amicable route is
    (the last resort, as in the case list: ``dispute.case_list.open_routes``)."""
    from dispute.model import CaseStatus

    if case.status is not CaseStatus.OPEN:
        return []
    a = assessment
    rows: list[RouteRow] = []
    if case.is_business and a.business_mediator is not None:
        rows.append(RouteRow("business_mediator", a.business_mediator, True))
        rows.append(RouteRow("mediator", a.mediator, False))
    else:
        rows.append(RouteRow("mediator", a.mediator, True))
    rows.append(RouteRow("cpme", a.cpme, True))
    amicable_open = any(route_state(r.route, today) is RouteState.OPEN
                        for r in rows if r.in_header)
    if a.court is not None and not amicable_open \
            and route_state(a.court, today) is RouteState.OPEN:
        rows.append(RouteRow("court", a.court, True))
    return rows


def header_routes(case: Case, assessment: Assessment, today: date) -> dict[str, Route]:
    """The routes the header shows, by key (:func:`route_rows` named in the header)."""
    return {row.key: row.route for row in route_rows(case, assessment, today)
            if row.in_header}


def closed_case_text(case: Case) -> str:
    """What a closed case's header says instead of its routes: how it ended."""
    status = label(case.status)
    if case.outcome is None:
        return tr("{s} — issue non renseignée.").format(s=status)
    from dispute.outcome import outcome_text

    return tr("{s} — {o}").format(s=status, o=outcome_text(case.outcome))


def route_status(route: Route, today: date, *, with_reason: bool = True) -> str:
    """ "Ouvert — à saisir au plus tard le …", "Non applicable — <raison>", "Fermé —
    <raison>", "Déjà saisi", "Pas encore ouvert — possible à partir du …" or "Non ouvert".
    A route blocked by something other than a delay never shows an opening date.
    ``with_reason=False``: without the short reason (the card lists the reasons under it)."""
    state = route_state(route, today)
    if state is RouteState.OPEN:
        text = tr("Ouvert")
        if route.latest is not None:
            text += tr(" — à saisir au plus tard le {d} ({days})").format(
                d=format_date_fr(route.latest), days=days_text((route.latest - today).days))
        return text
    if state is RouteState.NOT_APPLICABLE:
        if not with_reason:
            return tr("Non applicable")
        return tr("Non applicable — {why}").format(why=route_short_reason(route, today))
    if state is RouteState.CLOSED:
        if not with_reason:
            return tr("Fermé")
        return tr("Fermé — {why}").format(why=route_short_reason(route, today))
    if state is RouteState.SEIZED:
        return tr("Déjà saisi")
    if state is RouteState.NOT_YET:
        return tr("Pas encore ouvert — possible à partir du {d}").format(
            d=format_date_fr(route.opens_on))
    # not open for something to do first: said, in short (« CPME : non ouvert » said nothing)
    why = ""
    if with_reason:
        reasons = route_reasons(route, today)
        why = (HEADER_SHORT_REASONS.get(reasons[0].code, "") if reasons else "") \
            or route_short_reason(route, today)
    return tr("Non ouvert — {why}").format(why=why) if why else tr("Non ouvert")


# the header's few words for reasons ``documents.chronology.SHORT_REASONS`` gives whole (a
# three-line « Le service clients a répondu le … : écrire d'abord … » in the header); the
# whole sentence stays in the tooltip and the « Voies de recours » card
HEADER_SHORT_REASONS = {
    "service_consommateurs_not_seized": "écrire d'abord au service consommateurs",
    "service_clients_step_missing": "réclamer d'abord au service clients",
    "no_complaint": "aucune réclamation au service clients enregistrée",
    "answer_outcome_unknown": "réponse de l'opérateur à qualifier (satisfaisante ou non)",
}


def route_tooltip(route: Route, today: date) -> str:
    """The whole of why a route is (not) open, each reason with its source as people read
    it, as rich text (a tooltip wraps it): what the header's short status leaves out. ""
    for a route open with nothing to say."""
    import html

    lines = []
    for text, basis in route_reason_lines(route, today):
        line = f"<p>{html.escape(text)}"
        source = rule_source(basis.rule) if basis is not None else ""
        if source:
            line += "<br><span style='color:#5f6368'>" + html.escape(
                tr("Source : {s}").format(s=source)) + "</span>"
        lines.append(line + "</p>")
    # a table of a set width: Qt wraps a rich-text tooltip at ~250 px (a column of words)
    return f"<table width='440'><tr><td>{''.join(lines)}</td></tr></table>" if lines else ""


def route_severity(route: Route, today: date) -> str:
    """The icon of a route: a green tick only for a route open today; a cross for a route
    not applicable or closed; "info" otherwise (not yet open, already used)."""
    state = route_state(route, today)
    if state is RouteState.OPEN:
        return "ok"
    if state in (RouteState.NOT_APPLICABLE, RouteState.CLOSED):
        return "closed"
    return "info"


def route_reason_lines(route: Route, today: date) -> list[tuple[str, Basis]]:
    """The reasons to show under a route, with their basis: for a route not applicable,
    closed or already used, only those reasons (no delay, no opening date)."""
    state = route_state(route, today)
    out = []
    for reason in route_reasons(route, today):
        text = human(reason.message)
        if reason.until is not None and state is RouteState.NOT_YET:
            text = with_until(text, reason.until)
        out.append((f"• {text}", reason.basis))
    return out


def with_until(message: str, until: date) -> str:
    """A reason and the day its obstacle goes away, as one sentence: nothing added when the
    reason already names that day (« … à partir du 9 janvier 2027. »), else « (jusqu'au …) »
    inside the sentence, before its full stop — never an orphan « . (jusqu'au …) » after it
    (fresh-eyes 20)."""
    day = format_date_fr(until)
    if day in message:
        return message
    body = message.rstrip()
    end = ""
    while body and body[-1] in ".!?…":
        end, body = body[-1] + end, body[:-1]
    return body + tr(" (jusqu'au {d})").format(d=day) + (end or ".")


def cpme_items(route: Route) -> list[tuple[RuleItem | object, int, str, bool]]:
    """The CPME's five required items: (item, number, label, present)."""
    missing = {i.key for i in route.missing_items}
    try:
        items = default_rules()["cpme_required_items"].items
    except (KeyError, OSError, ValueError):
        items = ()
    out = [(item, n, item.label, item.key not in missing) for n, item in enumerate(items, 1)]
    known = {item.key for item in items}
    out += [(i, i.number, i.label, False) for i in route.missing_items if i.key not in known]
    return out


# --------------------------------------------------------------------------------------------
# Case header


def subscriber_text(case: Case) -> str:
    sub = case.subscriber
    parts = [sub.name or tr("(nom du souscripteur manquant)"), label(sub.kind)]
    if sub.siren:
        digits = "".join(c for c in sub.siren if c.isdigit())
        kind = "SIRET" if len(digits) == 14 else "SIREN" if len(digits) == 9 else "SIREN/SIRET"
        parts.append(f"{kind}\u00a0{sub.siren}")
    if sub.representative:
        parts.append(tr("représenté par {who}").format(who=sub.representative))
    return " — ".join(parts)


def address_text(case: Case) -> str:
    return ", ".join(case.subscriber.address.lines()) or tr("adresse non renseignée")


def operator_text(case: Case) -> str:
    return case.operator.name or tr("(opérateur non renseigné)")


def lines_text(case: Case) -> str:
    if not case.lines:
        return tr("(aucune ligne)")
    return " ; ".join(
        f"{line.number or tr('(numéro manquant)')} "
        f"({line_kind_label(line.kind, line.label, lower_kind=True)})" for line in case.lines)


def contract_text(case: Case) -> str:
    c = case.contract
    parts = []
    if c.contract_number:
        parts.append(tr("contrat n° {n}").format(n=c.contract_number))
    else:
        parts.append(tr("n° de contrat non renseigné"))
    if c.customer_number:
        parts.append(tr("client n° {n}").format(n=c.customer_number))
    if c.offer:
        parts.append(c.offer)
    if c.start_date:
        parts.append(tr("depuis le {d}").format(d=format_date_fr(c.start_date)))
    if c.monthly_price is not None:
        price = f"{c.monthly_price:.2f}".replace(".", ",")
        if case.is_business:  # a business's price says HT or TTC; a person's is always TTC
            tax = "HT" if getattr(c.price_tax, "value", "ttc") == "ht" else "TTC"
            parts.append(tr("{p} € {t} par mois").format(p=price, t=tax))
        elif getattr(c.price_tax, "value", "ttc") == "ht":
            # typed HT while the subscriber was a business: its TTC (what the letters print)
            # and what was typed, never « 89,00 € » alone (106,80 € TTC)
            from dispute.amounts import to_ttc

            ttc = f"{to_ttc(c.monthly_price, c.price_tax, c.vat_rate):.2f}".replace(".", ",")
            parts.append(tr("{t}\u00a0€ TTC par mois (saisi {p}\u00a0€\u00a0HT)").format(t=ttc, p=price))
        else:
            parts.append(tr("{p} € par mois").format(p=price))
    return " — ".join(parts) or tr("(contrat non renseigné)")


def natures_text(case: Case, today: date | None = None) -> str:
    """ "Panne ou interruption de service du 2 mars au 21 avril 2026 (51 jours), Facturation
    erronée": an outage says when it was and how many days, counted as the letters count
    them (``dispute.outages``, ``documents.text.outage_text``)."""
    from dispute.model import DisputeNature
    from dispute.outages import first_outage
    from documents.text import outage_text

    parts = []
    for nature in case.natures:
        text = label(nature)
        span = first_outage(case, today) if nature is DisputeNature.OUTAGE else None
        if span is not None:
            text += f" {outage_text(span)}"
        parts.append(text)
    return ", ".join(parts) or tr("(nature non précisée)")


# --------------------------------------------------------------------------------------------
# Events and exhibits


def registered_text(event: Event) -> str:
    """n°, envoi, présentation, réception / non réclamé (empty for other events)."""
    reg = event.registered
    if reg is None:
        if event.kind is EventKind.REGISTERED_LETTER:
            return tr("Suivi non renseigné")
        return ""
    parts = []
    parts.append(tr("n° {n}").format(n=reg.tracking_number) if reg.tracking_number
                 else tr("n° de suivi manquant"))
    if reg.posted_on:
        parts.append(tr("envoyée le {d}").format(d=format_date_fr(reg.posted_on)))
    if reg.first_presented_on:
        parts.append(tr("présentée le {d}").format(d=format_date_fr(reg.first_presented_on)))
    if reg.received_on:
        parts.append(tr("AR signé le {d}").format(d=format_date_fr(reg.received_on)))
    elif reg.not_claimed:
        parts.append(tr("pli avisé et non réclamé"))
    else:
        parts.append(tr("accusé de réception à enregistrer"))
    return "\n".join(parts)


def is_registered(event: Event) -> bool:
    return event.registered is not None or event.kind is EventKind.REGISTERED_LETTER


def awaits_receipt(event: Event) -> bool:
    """A registered letter sent by the subscriber whose acknowledgement of receipt is not
    recorded yet (no receipt date, not marked « non réclamé »)."""
    if not is_registered(event) or event.direction is not Direction.OUTGOING:
        return False
    reg = event.registered
    return reg is None or (reg.received_on is None and not reg.not_claimed)


def exhibit_title(exhibit: Exhibit) -> str:
    name = exhibit.title or exhibit.original_name
    text = tr("Pièce n° {n}").format(n=exhibit.number)
    return f"{text} — {name}" if name else text


def exhibit_kind_title(exhibit: Exhibit) -> str:
    """« Pièce n° 3 — Facture »: the exhibit's number and its type (``Exhibit.kind``, the
    « Type » of the editors), as the timeline's tree shows it."""
    return f"{tr('Pièce n° {n}').format(n=exhibit.number)} — {label(exhibit.kind)}"


def problem_text(kind: str) -> str:
    return tr(PROBLEM_TEXTS.get(kind, "Fichier à vérifier"))

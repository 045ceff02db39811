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
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dispute.labels import label, line_kind_label, natures_words, subscriber_noun
from dispute.model import (
    BusinessForm,
    Case,
    Civility,
    Direction,
    Event,
    EventKind,
    Exhibit,
    Party,
    Sender,
)
from dispute.procedure import (
    CONTACT_KINDS,
    COURT_LABELS,
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
from dispute.outages import outage_days
from dispute.stages import Stage
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
from documents.operator_names import register_name
from documents.money import amount_text, claim_totals, claimed_text, single_amount_text
from documents.text import (
    clean_line,
    days_text,
    de,
    format_date_fr,
    in_sentence,
    registration_number,
)

logger = logging.getLogger(__name__)

TITLE = "Chronologie du litige"

ROUTE_NAMES = {
    "mediator": "Saisine du Médiateur des communications électroniques",
    "cpme": "Saisine de la CPME (contact litiges télécoms)",
    "business_mediator": "Saisine du Médiateur des entreprises",
    "court": "Saisine du juge",
}

_STATE_TEXT = {
    DeadlineState.UPCOMING: "à venir (dans {n} jour{s})",
    DeadlineState.TODAY: "aujourd'hui",
    DeadlineState.PASSED: "dépassée depuis {n} jour{s}",
    DeadlineState.MET: "événement enregistré",
}

EVENT_HEADER = ("Date", "Événement", "Interlocuteur", "Écrit", "Résumé",
                "Lettre recommandée (LRAR)", "Issue", "Pièces")
EVENT_WIDTHS = (9.5, 14, 13, 5, 32, 15, 10, 7)
"""« Interlocuteur » holds « d'accompagnement » whole at the default small font (review3
9.4: « Structure d'accom / pagnement »)."""


# -- sources in human form --------------------------------------------------------------
# The rules (assets/rules.json) and some engine texts cite the project's source documents as
# "seeds/001"; the reader is told which document that is, never the file name.


@dataclass(frozen=True)
class SourceDocument:
    title: str  # as a reference ("fiche du service public sur le médiateur")
    inline: str  # inside a sentence, with its article ("la fiche du service public…")
    keys: tuple[str, ...]  # words that show a text already names the document


SOURCE_DOCUMENTS: dict[str, SourceDocument] = {
    "000": SourceDocument(
        "CPME, « Litiges télécoms : comment la CPME peut-elle aider ses adhérents ? »",
        "la page de la CPME « Litiges télécoms : comment la CPME peut-elle aider ses "
        "adhérents ? »", ("Litiges télécoms",)),
    "001": SourceDocument("fiche du service public sur le médiateur",
                          "la fiche du service public sur le médiateur", ("service public",)),
    "002": SourceDocument("guide « contester une facture télécom »",
                          "le guide « contester une facture télécom »",
                          ("contester une facture",)),
    "003": SourceDocument("guide « panne internet »", "le guide « panne internet »",
                          ("panne internet",)),
    "004": SourceDocument("« Caractéristiques certifiées » des opérateurs (engagements envers "
                          "les entreprises)",
                          "les « Caractéristiques certifiées » des opérateurs",
                          ("engagements certifiés", "caractéristiques certifiées")),
}
_SEED = re.compile(r"seeds/(\d{3})(?:_[0-9A-Za-z]+\.txt)?")
_SEED_PAREN = re.compile(r"(\s*)\(([^()]*seeds/\d{3}[^()]*)\)")
_ARTICLE = re.compile(r"\b[LRD]\.\s?\d+(?:-\d+)*")


def _document(number: str) -> SourceDocument:
    return SOURCE_DOCUMENTS.get(number, SourceDocument(
        "document source du projet", "un document source du projet", ()))


def _names(text: str, document: SourceDocument) -> bool:
    lowered = text.lower()
    return any(key.lower() in lowered for key in document.keys)


def human_sources(text: str) -> str:
    """``text`` with every "seeds/NNN" reference replaced by the document's title (or dropped
    when the text right before already names that document): "Fiche du service public sur le
    médiateur (seeds/001)" → "Fiche du service public sur le médiateur"; "(seeds/001,
    seeds/003)" → "(fiche du service public sur le médiateur, guide « panne internet »)";
    "seeds/003 ne mentionne que…" → "le guide « panne internet » ne mentionne que…".
    Articles of law are left as they are. Idempotent."""
    if not text or "seeds/" not in text:
        return text

    def paren(match: re.Match) -> str:
        before = text[:match.start()]
        clause = re.split(r";|\.\s|\n", before)[-1]
        parts, titles = [], 0
        for part in match.group(2).split(", "):
            whole = _SEED.fullmatch(part.strip())
            if whole is None:
                parts.append(_SEED.sub(lambda m: _document(m.group(1)).inline, part))
                continue
            document = _document(whole.group(1))
            if _names(clause, document) or document.title in parts:
                continue
            parts.append(document.title)
            titles += 1
        joined = (" ; " if titles > 1 else ", ").join(parts)
        return f"{match.group(1)}({joined})" if parts else ""

    out = _SEED_PAREN.sub(paren, text)
    # "CPME (seeds/000)" became "CPME (CPME, « … »)": say it once.
    for document in SOURCE_DOCUMENTS.values():
        head = document.title.split(",", 1)[0]
        if head != document.title:
            out = out.replace(f"{head} ({document.title})", document.title)
    return _SEED.sub(lambda m: _document(m.group(1)).inline, out)


def rule_source(rule) -> str:
    """The rule's source as a person reads it (``source_label`` without file references)."""
    return human_sources(rule.source_label)


def rule_other_references(rule) -> list[str]:
    """The rule's references (seed documents, articles) its source label does not already
    name, in human form: usually none."""
    source = rule_source(rule)
    out = []
    for seed in rule.seeds:
        match = _SEED.match(seed)
        document = _document(match.group(1) if match else "")
        if not _names(source, document) and document.title not in out:
            out.append(document.title)
    for article in rule.articles:
        numbers = _ARTICLE.findall(article)
        if not numbers or not all(n.replace(" ", "") in source.replace(" ", "")
                                  for n in numbers):
            out.append(article)
    return out


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
        if event.kind is EventKind.OUTAGE and when is not None and event.end_date >= when:
            text += f"\n({days_text(outage_days(when, event.end_date))})"
    elif event.kind is EventKind.OUTAGE:
        text += "\n(en cours)"
    return text


_SHORT_KINDS = {EventKind.CALL: "Appel", EventKind.CHAT: "Échange de chat"}
_BY_INITIATIVE = frozenset({EventKind.CHAT, EventKind.SHOP_VISIT, EventKind.OTHER})


def _of(who: str) -> str:
    """« de l'abonnée », « des abonnés »."""
    return "des " + who[4:] if who.startswith("les ") else "de " + who


STRUCTURE_SENDER = "la structure d'accompagnement"
UNKNOWN_SENDER = "expéditeur non précisé"


def _event_kind(event: Event, who: str = "l'abonné", structure: bool = False) -> str:
    """The kind's label; for an exchange (call, letter, email...), who started it, agreed
    with the subscriber (``who``: :func:`subscriber_noun`): « Appel (passé par l'abonnée) »,
    « Lettre recommandée … (envoyée par l'entreprise) », « Échange de chat (à l'initiative de
    l'opérateur) ». What went out is said sent by whoever ``Event.sender`` says (case model
    v3: « envoyée par la structure d'accompagnement »); when it does not say and a
    ``structure`` follows the case, « expéditeur non précisé » rather than a guess."""
    if event.kind is EventKind.MANDATE_SIGNED:
        return f"Mandat signé par {who}"  # agreed like the rest of the table (review3 9.2)
    if event.kind not in CONTACT_KINDS:
        return label(event.kind)
    name = _SHORT_KINDS.get(event.kind, label(event.kind))
    feminine = "e" if event.kind is EventKind.REGISTERED_LETTER else ""
    outgoing = event.direction is Direction.OUTGOING
    if outgoing and event.sender is Sender.HANDLING_STRUCTURE:
        who = STRUCTURE_SENDER
    elif outgoing and event.sender is None and structure:
        return f"{name}\n({UNKNOWN_SENDER})"
    if event.kind in _BY_INITIATIVE:
        how = f"à l'initiative {_of(who)}" if outgoing else "à l'initiative de l'opérateur"
    elif event.kind is EventKind.CALL:
        how = f"passé par {who}" if outgoing else f"reçu par {who}"
    else:
        how = f"envoyé{feminine} par {who}" if outgoing else f"reçu{feminine} par {who}"
    return f"{name}\n({how})"


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


def _outcome(event: Event, subscriber: str = "l'abonné") -> str:
    """An answer's outcome; a party's position on the opinion, the subscriber named as in the
    rest of the table (``subscriber``: :func:`subscriber_noun`, review3 9.2: « L'abonnée
    refuse l'avis », « Les abonnés refusent l'avis »)."""
    if event.kind is EventKind.PARTY_POSITION:
        several = False
        if event.party is Party.SUBSCRIBER:
            who = subscriber[:1].upper() + subscriber[1:]
            several = subscriber.startswith("les ")
        else:
            who = label(event.party) if event.party is not None else "Une partie"
        if event.accepted is None:
            return f"{who} : position non précisée"
        verb = ("acceptent" if several else "accepte") if event.accepted else \
            ("refusent" if several else "refuse")
        return f"{who} {verb} l'avis"
    if event.outcome is not None:
        return label(event.outcome)
    return ""


def _summary(event: Event) -> str:
    text = event.summary.strip()
    if clean_line(event.reference):
        text += ("\n" if text else "") + f"Réf. : {clean_line(event.reference)}"
    return text


def _has_structure(case: Case) -> bool:
    hs = case.handling_structure
    return hs is not None and bool(clean_line(hs.name))


def event_row(case: Case, event: Event, by_id: dict[str, Exhibit],
              who: str | None = None) -> tuple[str, ...]:
    """One line of the events table. ``who``: :func:`subscriber_noun` (computed when None)."""
    who = who or subscriber_noun(case)
    return (
        _event_date(event),
        _event_kind(event, who, _has_structure(case)),
        "" if event.kind is EventKind.OUTAGE else label(event.counterpart),
        "Oui" if is_written(event) else "Non",
        _summary(event),
        _registered(event),
        _outcome(event, who),
        exhibit_refs(case, event, by_id),
    )


def why(basis: Basis | None) -> str:
    """ "<règle> — source : <source> (règle vérifiée le …) — calculé depuis la date de
    réception (22 mai 2026) de « … »". Empty for None. The source is the rule's human label
    (never a rule id or a file name)."""
    if basis is None:
        return ""
    rule = basis.rule
    status = (f"règle vérifiée le {format_date_fr(rule.verified_on)}" if rule.verified
              else "règle non vérifiée")
    source = rule_source(rule)
    others = rule_other_references(rule)
    if others:
        source += " ; voir aussi " + " ; ".join(others)
    text = f"{rule.label} — source : {source} ({status})"
    if basis.event is not None:
        ev = basis.event
        provisional = ", à titre provisoire" if ev.provisional else ""
        text += (f" — calculé depuis la {DATE_KIND_LABELS[ev.date_kind]} "
                 f"({format_date_fr(ev.date)}{provisional}) de « {ev.label} »")
    return text


# The stages that come after an expected answer: once one of them is reached, the passed
# answer delay is history ("dépassé — étape suivante engagée"), not a warning any more.
_LATER_STAGES = {
    "service_clients_answer": frozenset({
        Stage.SERVICE_CONSOMMATEURS, Stage.FORMAL_NOTICE, Stage.MEDIATOR_SEIZED,
        Stage.MEDIATOR_OPINION, Stage.LAST_RESORT, Stage.CPME_SEIZED}),
    "service_consommateurs_answer": frozenset({
        Stage.FORMAL_NOTICE, Stage.MEDIATOR_SEIZED, Stage.MEDIATOR_OPINION, Stage.LAST_RESORT,
        Stage.CPME_SEIZED}),
    "mediator_opinion_due": frozenset({Stage.LAST_RESORT}),
}
SUPERSEDED_TEXT = "dépassé — étape suivante engagée"


def deadline_superseded(d: Deadline, assessment: Assessment | None) -> bool:
    """A passed "expected answer" deadline after which the user already moved on (wrote to the
    service consommateurs, seized the mediator or the CPME…)."""
    return (assessment is not None and d.kind is DeadlineKind.EXPECTED
            and d.state is DeadlineState.PASSED
            and assessment.stage in _LATER_STAGES.get(d.id, frozenset()))


def deadline_state(d: Deadline, assessment: Assessment | None = None) -> str:
    n = abs(d.days_left)
    if deadline_superseded(d, assessment):
        return SUPERSEDED_TEXT
    if d.kind is DeadlineKind.OPENS and d.state is DeadlineState.PASSED:
        return "possible depuis cette date"
    return _STATE_TEXT[d.state].format(n=n, s="s" if n > 1 else "")


# -- routes --------------------------------------------------------------------------------
class RouteState(StrEnum):
    OPEN = "open"
    NOT_APPLICABLE = "not_applicable"  # not for this subscriber or operator: never will be
    CLOSED = "closed"  # was possible, no longer (court seized, one-year limit passed…)
    SEIZED = "seized"  # already used
    NOT_YET = "not_yet"  # opens on a known future date
    NOT_OPEN = "not_open"  # something to do first (a complaint, a missing item…)


ROUTE_NOT_APPLICABLE = frozenset({"business_subscriber", "private_subscriber",
                                  "operator_not_covered"})
ROUTE_CLOSED = frozenset({"court_or_other_mediator", "one_year_exceeded",
                          "opens_after_one_year_limit"})
ROUTE_SEIZED = frozenset({"already_seized"})

SHORT_REASONS = {
    # no noun for the subscriber here: the short reason has no case to agree with (a woman,
    # a couple, a company), and the header or the list says who the subscriber is
    "business_subscriber": "réservé aux clients particuliers, pas aux entreprises",
    "private_subscriber": "réservée aux entreprises, pas aux particuliers",
    "operator_not_covered": "opérateur non concerné (Bouygues Télécom, Orange, SFR seulement)",
    "court_or_other_mediator": "litige porté devant un tribunal ou un autre médiateur",
    "one_year_exceeded": "plus d'un an depuis la première réclamation écrite",
    "opens_after_one_year_limit": "conditions réunies seulement après la limite d'un an",
    # a route not open yet (something to do first): the reader is told what, in short
    "no_handling_structure": "aucune structure ne suit l'entreprise, alors que la CPME ne "
                             "traite que les demandes transmises par elle",
    "missing_items": "éléments demandés par la CPME incomplets",
    "no_failed_attempt": "aucune réclamation écrite restée sans réponse satisfaisante",
    "no_written_complaint": "aucune réclamation écrite à l'opérateur",
    "oral_complaints_only": "seulement des appels ou des visites, aucune réclamation écrite",
    "satisfactory_answer": "réponse satisfaisante de l'opérateur",
    "amicable_attempt_required": "tentative amiable préalable à faire : médiation ou "
                                 "conciliation",
    "not_yet": "après l'échec des démarches amiables",
}


def route_state(route: Route, today: date | None = None) -> RouteState:
    """Where a route stands. A route blocked by something other than a delay (business or
    private subscriber, operator not covered, court seized, one-year limit) is
    ``NOT_APPLICABLE`` or ``CLOSED``, whatever delay would also apply."""
    if route.open:
        return RouteState.OPEN
    codes = {r.code for r in route.reasons}
    if codes & ROUTE_NOT_APPLICABLE:
        return RouteState.NOT_APPLICABLE
    if codes & ROUTE_CLOSED:
        return RouteState.CLOSED
    if codes & ROUTE_SEIZED:
        return RouteState.SEIZED
    if route.opens_on is not None and (today is None or route.opens_on > today):
        return RouteState.NOT_YET
    return RouteState.NOT_OPEN


def route_reasons(route: Route, today: date | None = None) -> tuple:
    """The reasons worth telling: for a route not applicable, closed or already used, only
    those reasons (a delay or a missing step does not matter then); otherwise all of them."""
    state = route_state(route, today)
    codes = {RouteState.NOT_APPLICABLE: ROUTE_NOT_APPLICABLE, RouteState.CLOSED: ROUTE_CLOSED,
             RouteState.SEIZED: ROUTE_SEIZED}.get(state)
    if codes is None:
        return tuple(route.reasons)
    return tuple(r for r in route.reasons if r.code in codes)


def route_short_reason(route: Route, today: date | None = None) -> str:
    """ "réservé aux clients particuliers, pas aux entreprises" (or the first reason's
    message) for a route not applicable, closed or not open for a reason other than a date;
    "" otherwise."""
    if route_state(route, today) not in (RouteState.NOT_APPLICABLE, RouteState.CLOSED,
                                         RouteState.NOT_OPEN):
        return ""
    reasons = route_reasons(route, today)
    if route_state(route, today) is RouteState.NOT_OPEN:
        reasons = reasons[:1]  # what to do first; the rest follows from it
    return " ; ".join(dict.fromkeys(
        SHORT_REASONS.get(r.code) or human_sources(r.message).rstrip(".") for r in reasons))


def route_status(route: Route, today: date | None = None) -> str:
    """One line: "ouverte depuis le 4 mai 2026, au plus tard le 16 mars 2027" / "non
    applicable (réservé aux clients particuliers, pas aux entreprises)" / "fermée
    (…)" / "déjà saisie" / "pas encore ouverte (possible à partir du …)" / "non ouverte"."""
    state = route_state(route, today)
    if state is RouteState.OPEN:
        text = "ouverte"
        if route.opens_on is not None:
            text += f" depuis le {format_date_fr(route.opens_on)}"
        if route.latest is not None:
            text += f", au plus tard le {format_date_fr(route.latest)}"
        return text
    if state is RouteState.NOT_APPLICABLE:
        return f"non applicable ({route_short_reason(route, today)})"
    if state is RouteState.CLOSED:
        return f"fermée ({route_short_reason(route, today)})"
    if state is RouteState.SEIZED:
        return "déjà saisie"
    if state is RouteState.NOT_YET:
        return f"pas encore ouverte (possible à partir du {format_date_fr(route.opens_on)})"
    reason = route_short_reason(route, today)
    return f"non ouverte ({reason})" if reason else "non ouverte"


def route_name(route: Route) -> str:
    """ "Saisine du Médiateur des entreprises", "Saisine du juge — tribunal de commerce"."""
    name = ROUTE_NAMES.get(route.name, route.name)
    if route.name == "court" and route.kind in COURT_LABELS:
        name += f" — {COURT_LABELS[route.kind]}"
    return name


def assessment_routes(assessment: Assessment) -> list[Route]:
    """The routes worth telling, in the order a case takes them: the telecom mediator, the
    CPME, the Médiateur des entreprises (a business only: a private subscriber is told of the
    telecom mediator), the court."""
    routes = [assessment.mediator, assessment.cpme]
    business = assessment.business_mediator
    if business is not None and not any(r.code == "private_subscriber"
                                        for r in business.reasons):
        routes.append(business)
    if assessment.court is not None:
        routes.append(assessment.court)
    return routes


def routes_summary(assessment: Assessment) -> str:
    return "\n".join(f"{route_name(r)} : {route_status(r, assessment.today)}"
                     for r in assessment_routes(assessment))


# -- header --------------------------------------------------------------------------------
def _subscriber(case: Case) -> str:
    """ "Menuiserie Rivaud SARL (entreprise ou structure professionnelle), SIRET 901 473 629
    00011, représentée par Thomas Rivaud, gérant" / "Salon Élise Coiffure (entreprise
    individuelle d'Élise Marchand)" / "Claire Fontaine (particulier)", then the address and
    the contact."""
    s = case.subscriber
    name = clean_line(s.name) or "(nom à compléter)"
    representative = clean_line(s.representative)
    role = in_sentence(s.representative_role)
    if case.is_business and s.business_form is BusinessForm.SOLE_TRADER:
        # an entrepreneur individuel is the business: nobody represents it (review 7.3)
        text = f"{name} (entreprise individuelle"
        text += f" {de(representative)})" if representative else ")"
        representative = ""
    else:
        text = f"{name} ({label(s.kind).lower()})"
    if clean_line(s.siren):
        text += f", {registration_number(s.siren)}"
    if representative:
        agreed = "représentée" if case.is_business or s.civility is Civility.MRS else (
            "représentés" if s.civility is Civility.COUPLE else "représenté")
        text += f", {agreed} par {representative}" + (f", {role}" if role else "")
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
        who += f" ({in_sentence(h.contact_role)})"
    head = " — ".join(x for x in (clean_line(h.name), who) if x)
    contact = " — ".join(x for x in (clean_line(h.email), clean_line(h.phone)) if x)
    return f"{head}\n{contact}" if contact else head


def line_text(case: Case) -> str:
    out = []
    for line in case.lines:
        extra = line_kind_label(line.kind, clean_line(line.label))
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
        price = single_amount_text(case, c.monthly_price, c.price_tax, c.vat_rate)
        parts.append(f"{price} par mois")
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]


def header(case: Case, assessment: Assessment, *, third_party: bool = False
           ) -> tuple[Reference, ...]:
    natures = natures_words(case.natures)  # the letters' words (review3 9.5)
    totals = claim_totals(case)
    disputed = amount_text(case, totals.disputed) if case.invoice_lines else ""
    claimed = ""
    if case.invoice_lines and totals.credits_deducted:
        # the amount the letters claim (review 15.3): the same total everywhere
        # one sum, then how it is reached, without nested brackets (review2 12.2)
        claimed = (f"{claimed_text(case)} (voir « Avoirs, remboursements et gestes "
                   "reçus »)")
    stage = STAGE_LABELS[assessment.stage]
    if assessment.stage_reason:
        stage += f"\n{human_sources(assessment.stage_reason)}"
    return references_from_pairs([
        ("Abonné (souscripteur du contrat)", _subscriber(case)),
        ("Dossier suivi par", _structure(case)),
        ("Opérateur", register_name(case) or "(à compléter)"),
        ("Ligne(s)", line_text(case) or "(à compléter)"),
        ("Contrat", contract_text(case) or "(à compléter)"),
        ("Nature du litige", natures),
        ("Montant contesté", disputed),
        ("Reste demandé", claimed),
        ("Étape de la procédure", "" if third_party else stage),
        ("Voies de recours", "" if third_party else routes_summary(assessment)),
    ])


# -- sections ------------------------------------------------------------------------------
def events_table(case: Case) -> Table:
    by_id = {x.id: x for x in case.exhibits}
    who = subscriber_noun(case)
    rows = tuple(event_row(case, e, by_id, who) for e in events_in_order(case))
    return Table(EVENT_HEADER, rows, widths=EVENT_WIDTHS,
                 align=(Align.LEFT,) * 3 + (Align.CENTER,) + (Align.LEFT,) * 4)


def _invoice_section(case: Case, assessment: Assessment, *, third_party: bool = False
                     ) -> list:
    if not case.invoice_lines:
        return []
    rows = []
    for line in case.invoice_lines:
        note = line.label.strip()
        if line.note.strip():
            note += ("\n" if note else "") + line.note.strip()
        rows.append((clean_line(line.invoice_number), short_date(line.invoice_date), note,
                     label(line.reason),
                     single_amount_text(case, line.amount_billed, line.tax_basis,
                                        line.vat_rate),
                     single_amount_text(case, line.amount_disputed, line.tax_basis,
                                        line.vat_rate)))
    table = Table(("Facture n°", "Date", "Ligne contestée", "Motif", "Facturé", "Contesté"),
                  tuple(rows), widths=(12, 8, 40, 14, 9, 9),
                  align=(Align.LEFT,) * 4 + (Align.RIGHT, Align.RIGHT),
                  total=("Total", "", "", "", "",
                         amount_text(case, claim_totals(case).disputed)))
    blocks: list = [Heading("Lignes de facture contestées"), table]
    if assessment.invoice_flags and not third_party:
        blocks.append(BulletList.of(*(human_sources(f.message)
                                      for f in assessment.invoice_flags)))
    return blocks


CREDIT_HEADER = ("Date", "Nature", "Facture n°", "Montant", "Imputation", "Note")


def credits_section(case: Case, today: date, *, third_party: bool = False) -> list:
    """The credits, refunds and commercial gestures the operator already gave, each saying
    what the letters do with it, read from their own settlement on ``today``
    (``letters.claims.credit_imputations``: deducted, covering the prorata with its balance
    off the damages, or not deducted and why), so that the chronology's totals and words
    agree with the letters' (« Reste demandé », review 15.3; review5 9, 12). ``third_party``:
    without the user's own note on each (review2 16.2: « Avoir sur l'option d'avril ; la ligne
    contestée est celle de mai. » is a working note, and the letters never print it
    either)."""
    from documents.letters.claims import credit_imputations, settlement  # letters import us

    credits = [c for c in case.credits if c.amount > 0]
    if not credits:
        return []
    totals = settlement(case, today)
    deducted = {c.id for c in totals.credits_deducted}
    imputed = credit_imputations(case, today)
    rows = tuple((short_date(c.date), label(c.kind), clean_line(c.invoice_number),
                  single_amount_text(case, c.amount, c.tax_basis, c.vat_rate),
                  imputed.get(c.id, "non déduit"),
                  c.note.strip()) for c in credits)
    # the imputation says what the letters do with the credit, in a sentence (review5 12): it
    # gets the width the short columns do not need
    header, widths = CREDIT_HEADER, (9, 13, 12, 11, 28, 27)
    if third_party:
        rows = tuple(row[:-1] for row in rows)
        header, widths = CREDIT_HEADER[:-1], (10, 16, 16, 14, 44)
    # the prorata partly covered leaves a sum claimed, as the letters say (« 28,63 € HT :
    # 49,90 € HT × 24/31 = 38,63 € HT, moins le geste … »)
    left = deducted and (case.invoice_lines or totals.remaining.positive)
    total = (("Reste demandé", "", "", amount_text(case, totals.claimed), "", "")[:len(header)]
             if left else None)
    return [Heading("Avoirs, remboursements et gestes reçus"),
            Table(header, rows, widths=widths,
                  align=(Align.LEFT,) * 3 + (Align.RIGHT,) + (Align.LEFT,) * (len(header) - 4),
                  total=total)]


def deadlines_table(assessment: Assessment) -> Table:
    rows = []
    for d in sorted(assessment.deadlines, key=lambda d: d.date):
        state = deadline_state(d, assessment)
        if d.provisional:
            state += "\n(date provisoire)"
        reason = why(d.basis)
        if d.warning and d.state is not DeadlineState.MET \
                and not deadline_superseded(d, assessment):
            reason += f"\nAttention : {d.warning}"
        rows.append((d.label, short_date(d.date), state, reason))
    return Table(("Échéance", "Date", "État", "Pourquoi (règle, source, date de départ)"),
                 tuple(rows), widths=(20, 9, 14, 57))


def _route_blocks(route: Route, today: date | None = None) -> list:
    name = route_name(route)
    state = route_state(route, today)
    blocks: list = [Heading(f"{name} : {route_status(route, today)}", level=2)]
    items: list[Paragraph] = []
    if route.open and route.open_basis is not None:
        items.append(Paragraph.of(Run("Ouverte : ", bold=True), why(route.open_basis)))
    if route.latest is not None and route.latest_basis is not None \
            and state in (RouteState.OPEN, RouteState.NOT_YET, RouteState.NOT_OPEN):
        items.append(Paragraph.of(Run(f"Au plus tard le {format_date_fr(route.latest)} : ",
                                      bold=True), why(route.latest_basis)))
    for reason in route_reasons(route, today):
        until = f" (jusqu'au {format_date_fr(reason.until)})" \
            if reason.until and state is RouteState.NOT_YET else ""
        items.append(Paragraph.of(Run(human_sources(reason.message) + until, bold=True), "\n",
                                  why(reason.basis)))
    if items:
        blocks.append(BulletList(tuple(items)))
    return blocks


def chronology_report(case: Case, assessment: Assessment, *, generated_on: date,
                      author: str = "", third_party: bool = False) -> Report:
    """The chronology as a report (landscape A4). ``assessment`` is ``procedure.assess(case,
    today)``; ``generated_on`` is printed in every page's footer. ``third_party``: the
    chronology sent with a dossier (to the mediator, the CPME, a court) holds facts and
    exhibits only; the application's stage, computed deadlines and routes stay in the
    internal report (``third_party`` False)."""
    subscriber = clean_line(case.subscriber.name) or "abonné"
    operator = register_name(case) or "opérateur"
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
    blocks += _invoice_section(case, assessment, third_party=third_party)
    blocks += credits_section(case, assessment.today, third_party=third_party)
    if third_party:
        return Report(
            title=TITLE,
            subtitle=f"{subscriber} c/ {operator} — au {format_date_fr(assessment.today)}",
            generated_on=generated_on,
            header=header(case, assessment, third_party=True),
            blocks=tuple(blocks),
            landscape=True,
            author=author,
        )
    blocks.append(Heading("Échéances calculées"))
    if assessment.deadlines:
        blocks.append(deadlines_table(assessment))
    else:
        blocks.append(Paragraph.of("Aucune échéance calculée."))
    blocks.append(Heading(f"Voies de recours au {format_date_fr(assessment.today)}"))
    for route in assessment_routes(assessment):
        blocks += _route_blocks(route, assessment.today)
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
        subscriber += f" ({registration_number(s.siren)})"  # as the letters (review3 9.5)
    if subscriber and case.is_business and s.business_form is BusinessForm.SOLE_TRADER:
        # the person who holds the contract, the shop a trade name: the request's own words
        # (review5 13: « 1. Nom du souscripteur du contrat : Salon Élise Coiffure »)
        from documents.letters.cpme import subscriber_item  # the letters import this module

        subscriber = clean_line(subscriber_item(case))
    contract = clean_line(case.contract.contract_number)
    if contract and clean_line(case.contract.customer_number):
        contract += f" (n° client {clean_line(case.contract.customer_number)})"
    values = {
        "subscriber_name": subscriber,
        "operator_name": register_name(case),
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
    "ROUTE_CLOSED",
    "ROUTE_NOT_APPLICABLE",
    "SOURCE_DOCUMENTS",
    "TITLE",
    "assessment_routes",
    "route_name",
    "CpmeField",
    "RouteState",
    "chronology_pdf_bytes",
    "chronology_report",
    "credits_section",
    "cpme_fields",
    "deadline_state",
    "deadline_superseded",
    "event_row",
    "events_in_order",
    "exhibit_numbers_cited",
    "exhibit_ref",
    "exhibit_refs",
    "header",
    "human_sources",
    "route_reasons",
    "route_short_reason",
    "route_state",
    "route_status",
    "routes_summary",
    "rule_other_references",
    "rule_source",
    "short_date",
    "subscriber_noun",
    "why",
]

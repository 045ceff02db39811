"""The court route, the last resort (C.P.C. 750-1, 54, 57, 757, 762, 853; LEGAL-2026-12 § 3).

For a private subscriber, and a non-commercial business before the tribunal judiciaire: a
claim of €5,000 or less needs a prior amicable attempt (C.P.C. 750-1 since 1 October 2023,
article number to check since decree 2025-660) — the telecom mediator's opinion counts, so
does a conciliateur de justice (or three months without a meeting after seizing one); then a
requête (Cerfa 16042*02). A support structure cannot represent the subscriber there
(C.P.C. 762). A commercial business goes to the tribunal de commerce, where anyone with a
special power may represent it up to €10,000 (C.P.C. 853). A report to the DGCCRF stays
possible; a complaint to the procureur only for an offence the user named.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal

from dispute.amounts import to_ttc
from dispute.calendar import add_days, format_date_fr
from dispute.model import BusinessForm, Counterpart, Direction, Event, EventKind
from dispute.procedure.dates import DelayStart, sent_on
from dispute.procedure.events import event_title
from dispute.procedure.facts import CaseFacts
from dispute.procedure.mediator import barred
from dispute.procedure.results import Basis, DateKind, NextStep, Reason, Route
from dispute.procedure.wording import subscriber_words

RULES = frozenset({
    "last_resort", "last_resort_indicative_m5", "court_prior_mediation_5000",
    "conciliateur_de_justice", "conciliateur_unavailable_dispense", "court_request_cerfa_16042",
    "court_no_representation_by_structure", "business_court_commerce",
    "procureur_qualified_offence",
})

AMICABLE_CEILING = Decimal("5000")
"""C.P.C. 750-1 and the Cerfa 16042*02 requête: claims of €5,000 or less."""

TRIBUNAL_JUDICIAIRE = "tribunal_judiciaire"
TRIBUNAL_DE_COMMERCE = "tribunal_de_commerce"
TO_CHECK = "to_check"
COURT_LABELS = {
    TRIBUNAL_JUDICIAIRE: "tribunal judiciaire (tribunal de proximité)",
    TRIBUNAL_DE_COMMERCE: "tribunal de commerce",
    TO_CHECK: "tribunal de commerce si l'entreprise est commerçante, sinon tribunal judiciaire",
}


def claim_amount(facts: CaseFacts) -> Decimal:
    """The disputed amount TTC, less the credits already deducted (0 when none typed)."""
    case = facts.case
    total = sum((to_ttc(line.amount_disputed, line.tax_basis, line.vat_rate)
                 for line in case.invoice_lines), Decimal("0"))
    credits = sum((to_ttc(c.amount, c.tax_basis, c.vat_rate) for c in case.credits
                   if c.deducted), Decimal("0"))
    return max(total - credits, Decimal("0"))


def _words(text: str) -> str:
    """Lower case, without accents, punctuation as spaces: « Commerçant, RCS » → « commercant
    rcs »."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c if c.isalnum() else " " for c in plain if not unicodedata.combining(c))
    return " ".join(plain.split())


def sole_trader_activity(facts: CaseFacts) -> str:
    """What the legal form typed says of a sole trader's activity: « liberal », « commercial »
    (commerçant, RCS), « artisan » or « » (not said). Only these plain words are read."""
    typed = _words(facts.case.subscriber.legal_form)
    if "liberal" in typed:
        return "liberal"
    if "artisan" in typed:
        return "artisan"
    if ("commercant" in typed and "non commercant" not in typed) or "rcs" in typed.split():
        return "commercial"
    return ""


def court_kind(facts: CaseFacts) -> str:
    """Which court: a private subscriber or an association goes to the tribunal judiciaire;
    a company to the tribunal de commerce (both parties commercial, LEGAL-2026-12 § 3.2); a
    sole trader by the activity its legal form states (commerçant: tribunal de commerce;
    profession libérale, not commercial: tribunal judiciaire; artisan or not said: to check);
    another form: to check."""
    subscriber = facts.case.subscriber
    if not facts.case.is_business or subscriber.business_form is BusinessForm.ASSOCIATION:
        return TRIBUNAL_JUDICIAIRE
    if subscriber.business_form is BusinessForm.COMPANY:
        return TRIBUNAL_DE_COMMERCE
    if subscriber.business_form is BusinessForm.SOLE_TRADER:
        activity = sole_trader_activity(facts)
        if activity == "commercial":
            return TRIBUNAL_DE_COMMERCE
        if activity == "liberal":
            return TRIBUNAL_JUDICIAIRE
    return TO_CHECK


SOLE_TRADER_COURT = (
    "Entrepreneur individuel : s'il est commerçant (inscrit au registre du commerce), le "
    "tribunal de commerce, les deux parties étant commerçantes ; s'il exerce une profession "
    "libérale (non commerçante), le tribunal judiciaire, avec la tentative amiable préalable "
    "pour 5 000 € ou moins ; artisan : juridiction à vérifier (nos sources ne traitent pas ce "
    "cas). Précisez l'activité dans la forme juridique (« commerçant », « artisan », "
    "« profession libérale »).")
"""What the sources support for a sole trader's court (LEGAL-2026-12 § 3.2, B; the
artisan's case is not in them)."""


def business_amicable_end(facts: CaseFacts) -> tuple[date, Basis] | None:
    """When a business's amicable route ended: the first answer of the Médiateur des
    entreprises or of the CPME after it was seized (None: none ended)."""
    ends: list[tuple[date, Basis]] = []
    for saisines, counterpart, rule_id in (
            (facts.business_mediator_saisines, Counterpart.BUSINESS_MEDIATOR,
             "business_mediator_entreprises"),
            (facts.cpme_saisines, Counterpart.CPME, "cpme_failed_prior_attempt")):
        end = _first_answer(facts, saisines, counterpart)
        if end is not None:
            ends.append((sent_on(end), facts.basis(rule_id, end)))
    return min(ends, key=lambda e: e[0]) if ends else None


def _first_answer(facts: CaseFacts, saisines: tuple[Event, ...],
                  counterpart: Counterpart) -> Event | None:
    if not saisines:
        return None
    start = sent_on(saisines[0])
    return next((e for e in facts.events if e.counterpart is counterpart
                 and e.direction is Direction.INCOMING and e.date is not None
                 and sent_on(e) >= start), None)


def reached_on(facts: CaseFacts, mediator: Route) -> tuple[date, Basis] | None:
    """When the last resort becomes the next step (None: not yet in view).

    Private subscriber: the mediator's opinion; or the mediator barred for good (1-year
    limit, a court or another mediator seized); or a conciliateur seized. Business (no
    telecom mediator): like the private route, the last resort once an amicable route ended —
    the Médiateur des entreprises' or the CPME's answer, another mediation's opinion, a
    conciliateur seized. Arcep also names the court as possible after the operator's failure
    (« ou d'agir en justice »): the reason says so, the step is not offered alongside."""
    candidates: list[tuple[date, Basis]] = []
    if facts.opinions:
        opinion = facts.opinions[-1]
        candidates.append((sent_on(opinion), facts.basis("last_resort", opinion)))
    if facts.conciliateur_saisines:
        first = facts.conciliateur_saisines[0]
        candidates.append((sent_on(first), facts.basis("conciliateur_de_justice", first)))
    if facts.case.is_business:
        other = facts.find(lambda e: e.kind is EventKind.MEDIATOR_OPINION)
        if other:
            candidates.append((sent_on(other[-1]), facts.basis("last_resort", other[-1])))
        ended = business_amicable_end(facts)
        if ended is not None:
            candidates.append(ended)
    elif barred(facts, mediator):
        candidates.append((facts.today, facts.basis("last_resort")))
    return min(candidates, key=lambda c: c[0]) if candidates else None


def amicable_attempt(facts: CaseFacts) -> tuple[date | None, Basis | None, str]:
    """The prior amicable attempt (C.P.C. 750-1): when it is satisfied (None: not yet), why,
    and a French sentence. A conciliateur seized without a meeting for three months gives a
    dispense from the day after (décret 2023-357, as cited)."""
    if facts.opinions:
        opinion = facts.opinions[-1]
        return (sent_on(opinion), facts.basis("court_prior_mediation_5000", opinion),
                f"L'avis du médiateur du {format_date_fr(sent_on(opinion))} vaut tentative de "
                "médiation préalable.")
    other = facts.find(lambda e: e.kind is EventKind.MEDIATOR_OPINION)
    if other:
        opinion = other[-1]
        return (sent_on(opinion), facts.basis("court_prior_mediation_5000", opinion),
                f"La médiation ({event_title(opinion)}) vaut tentative préalable.")
    business = _first_answer(facts, facts.business_mediator_saisines,
                             Counterpart.BUSINESS_MEDIATOR)
    if business is not None:
        return (sent_on(business), facts.basis("court_prior_mediation_5000", business),
                f"La médiation du Médiateur des entreprises ({event_title(business)}) vaut "
                "tentative de médiation préalable.")
    if facts.conciliateur_answers:
        answer = facts.conciliateur_answers[-1]
        return (sent_on(answer), facts.basis("conciliateur_de_justice", answer),
                f"La tentative de conciliation ({event_title(answer)}) vaut tentative "
                "amiable préalable.")
    if facts.conciliateur_saisines:
        saisine = facts.conciliateur_saisines[0]
        start = DelayStart(sent_on(saisine), DateKind.EVENT, False)
        dispense = add_days(facts.rule("conciliateur_unavailable_dispense").apply(start.date), 1)
        basis = facts.basis("conciliateur_unavailable_dispense", saisine, start)
        return (dispense, basis,
                f"Conciliateur saisi le {format_date_fr(start.date)} : sans réunion de "
                f"conciliation au {format_date_fr(dispense)}, la tentative n'est plus exigée "
                "(indisponibilité des conciliateurs, à vérifier).")
    return None, None, ""


def route(facts: CaseFacts, mediator: Route) -> Route:
    """Whether a court can be seized today, and what the user must know first."""
    kind = court_kind(facts)
    reasons: list[Reason] = []
    notes: list[Reason] = []
    reached = reached_on(facts, mediator)
    opens_on, open_basis = reached if reached else (None, None)
    if facts.court_events:
        event = facts.court_events[0]
        reasons.append(Reason("already_seized",
                              f"Un tribunal a déjà été saisi ({event_title(event)}).",
                              facts.basis("last_resort", event)))
    elif reached is None:
        if facts.case.is_business:
            text = ("Le juge vient en dernier recours : après la réponse du Médiateur des "
                    "entreprises ou de la CPME (ou une conciliation), une fois le service "
                    "clients resté sans réponse satisfaisante un mois. L'Arcep le cite aussi "
                    "comme possible dès l'échec du service clients : si un délai de "
                    "prescription approche, seule une action en justice l'interrompt.")
        else:
            text = ("Le juge vient en dernier recours : après l'avis du médiateur, ou lorsque "
                    "le médiateur ne peut pas être saisi.")
        reasons.append(Reason("not_yet", text, facts.basis("last_resort")))
    elif opens_on > facts.today:
        reasons.append(Reason("not_yet",
                              f"Le juge pourra être saisi à partir du {format_date_fr(opens_on)}.",
                              open_basis, until=opens_on))
    amount = claim_amount(facts)
    if kind != TRIBUNAL_DE_COMMERCE:
        done, basis, text = amicable_attempt(facts)
        if amount > AMICABLE_CEILING:
            notes.append(Reason(
                "above_5000",
                f"Demande de {amount} € TTC, plus de 5 000 € : pas de tentative amiable "
                "obligatoire, mais pas de requête simplifiée (Cerfa 16042*02) ; un avocat est "
                "conseillé.", facts.basis("court_request_cerfa_16042")))
        elif done is None or done > facts.today:
            until = done if done is not None else None
            reasons.append(Reason(
                "amicable_attempt_required",
                (text + " " if text else "") + "Demande de 5 000 € ou moins : une tentative "
                "amiable préalable est obligatoire devant le tribunal judiciaire, à peine "
                "d'irrecevabilité (avis du médiateur, ou conciliateur de justice) — "
                "C.P.C. art. 750-1, numéro à vérifier depuis le décret n° 2025-660.",
                basis or facts.basis("court_prior_mediation_5000"), until=until))
        else:
            notes.append(Reason("amicable_attempt_done",
                                text + " C.P.C. art. 750-1 (numéro à vérifier depuis le décret "
                                "n° 2025-660).", basis))
        if kind == TRIBUNAL_JUDICIAIRE:
            words = subscriber_words(facts.case)
            help_them = "les aider" if words.plural else "l'aider"
            notes.append(Reason(
                "no_representation_by_structure",
                "Devant le tribunal judiciaire, une association ou une structure d'aide ne peut "
                f"pas représenter {words.noun} : elle peut {help_them} à préparer la requête "
                "(C.P.C. 762).",
                facts.basis("court_no_representation_by_structure")))
    if facts.case.is_business and \
            facts.case.subscriber.business_form is BusinessForm.SOLE_TRADER:
        notes.append(Reason("sole_trader_court", SOLE_TRADER_COURT,
                            facts.basis("business_court_commerce")))
    if kind != TRIBUNAL_JUDICIAIRE:
        notes.append(Reason(
            "commerce_special_power",
            "Tribunal de commerce (si l'entreprise et l'opérateur sont commerçants) : sans "
            "avocat obligatoire jusqu'à 10 000 €, représentation possible par toute personne "
            "munie d'un pouvoir spécial (C.P.C. 853) ; pas de tentative amiable obligatoire. "
            "Tribunaux des activités économiques (expérimentation depuis 2025) : règles non "
            "étudiées, à vérifier.",
            facts.basis("business_court_commerce")))
    return Route("court", not reasons, tuple(reasons), opens_on, open_basis, kind=kind,
                 notes=tuple(notes))


def last_resort_step(facts: CaseFacts, court: Route) -> NextStep | None:
    """« Saisir le juge », once it is in view and no court was seized yet."""
    if court.opens_on is None or any(r.code == "already_seized" for r in court.reasons):
        return None
    notes, bases = [], []
    if facts.first.complaints and not facts.case.is_business:
        first = facts.first.complaints[0]
        start = DelayStart(sent_on(first), DateKind.EVENT, False)
        when = facts.rule("last_resort_indicative_m5").apply(start.date)
        notes.append(f"Repère indicatif (non vérifié) : vers le {format_date_fr(when)}, "
                     "soit M+5 après le premier contact avec le service clients.")
        bases.append(facts.basis("last_resort_indicative_m5", first, start))
    for item in court.reasons + court.notes:
        if item.code in ("amicable_attempt_required", "amicable_attempt_done", "above_5000",
                         "no_representation_by_structure", "commerce_special_power",
                         "sole_trader_court"):
            notes.append(item.message)
            bases.append(item.basis)
    if court.kind == TRIBUNAL_DE_COMMERCE:
        label = ("Saisir le tribunal de commerce, en dernier recours ; un signalement à la "
                 "DGCCRF reste possible")
    elif court.kind == TO_CHECK:
        label = ("Saisir le juge en dernier recours (tribunal de commerce si l'entreprise est "
                 "commerçante, sinon tribunal judiciaire) ; un signalement à la DGCCRF reste "
                 "possible")
    else:
        label = ("Saisir le juge : tentative amiable préalable (conciliateur de justice) puis "
                 "requête au tribunal judiciaire (Cerfa 16042*02) ; un signalement à la DGCCRF "
                 "reste possible")
    return NextStep("last_resort", label, court.opens_on, None, court.open_basis,
                    note=" ".join(notes), note_bases=tuple(bases))

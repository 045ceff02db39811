"""Prescription of disputed invoice lines, for the user (CPCE L.34-2: 1 year).

The customer's claim to recover the price runs from payment (L.34-2 1st para.): the case view
says « agir au plus tard le … » (the limit is the last day: prescribed from the day after). The operator's claim for unpaid amounts runs from the due date (2nd
para.): after a year without its claim, the subscriber may oppose prescription. The invoice
date is a provisional fallback (earlier than both: conservative for a refund).

What stops the clock (C. civ. 2238-2244, LEGAL-2026-12 § 5): a court action interrupts it; an
acknowledgement by the operator interrupts it; a mediation suspends it from the saisine to its
end, with at least six months left after it (C. civ. 2238; the start at the saisine is
Cass. com. 11 May 2022, not confirmed for the telecom mediator: shown as unverified); a
registered letter or a formal notice does not. None of this belongs in a letter to the operator.
docs/procedure.md « Invoice lines ».
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dispute.calendar import add_days, format_date_fr
from dispute.model import Counterpart, Direction, Event, EventKind, InvoiceLine
from dispute.procedure.dates import delay_start, earliest_known_date, sent_on
from dispute.procedure.events import event_title
from dispute.procedure.facts import CaseFacts
from dispute.procedure.results import (
    DATE_KIND_LABELS,
    Basis,
    Claim,
    ClockEffect,
    ClockFact,
    DateKind,
    EventRef,
    InvoiceFlag,
    PrescriptionState,
    Route,
    Suspension,
)
from dispute.procedure.wording import subscriber_words
from dispute.rules import RuleStatus

RULES = frozenset({
    "invoice_prescription_one_year", "operator_claim_due_date", "prescription_what_interrupts",
    "prescription_mediation_suspends", "prescription_suspension_from_saisine",
})


def clock_facts(facts: CaseFacts, mediator_barred: bool = False) -> tuple[ClockFact, ...]:
    """What stops the clock, and what does not (the same for every line of the case).

    ``mediator_barred``: the private subscriber's telecom mediator can no longer be seized
    (1-year limit, a court or another mediator): its saisine is not offered as a way to suspend
    the clock; the conciliation, the amicable route left, suspends only from its first meeting
    or the operator's written agreement (C. civ. 2238). A business is told that the CPME's
    intervention is not a mediation (review 18.1, 18.2)."""
    business = facts.case.is_business
    mediator = ("du Médiateur des entreprises" if business
                else "du Médiateur des communications électroniques")
    suspends = facts.basis("prescription_mediation_suspends")
    out = []
    if not mediator_barred:
        out.append(ClockFact(
            "mediator_saisine", ClockEffect.SUSPENDS,
            f"La médiation suspend le délai jusqu'à sa fin ; il reste ensuite au moins six "
            f"mois (C. civ. 2238). La suspension dès la saisine {mediator} suit un arrêt "
            "rendu pour un autre médiateur (Cass. com., 11 mai 2022) : à vérifier.", suspends))
    if business:
        out.append(ClockFact(
            "cpme_request", ClockEffect.DOES_NOT_STOP,
            "L'intervention de la CPME auprès du siège de l'opérateur n'est pas une "
            "médiation : elle ne suspend pas ce délai.", suspends))
    else:
        out.append(ClockFact(
            "conciliation", ClockEffect.SUSPENDS,
            "Une conciliation (conciliateur de justice) ne suspend le délai qu'à compter de la "
            "première réunion, ou d'un accord écrit de l'opérateur pour y recourir ; il reste "
            "ensuite au moins six mois (C. civ. 2238). Une demande restée sans réunion ne "
            "suspend rien.", suspends))
    out += [
        ClockFact("court_action", ClockEffect.INTERRUPTS,
                  "Une action en justice, même en référé, interrompt le délai (C. civ. 2241).",
                  facts.basis("prescription_what_interrupts")),
        ClockFact("acknowledgement", ClockEffect.INTERRUPTS,
                  "Une reconnaissance de la dette par l'opérateur interrompt le délai "
                  "(C. civ. 2240).", facts.basis("prescription_what_interrupts")),
        ClockFact("registered_letter", ClockEffect.DOES_NOT_STOP,
                  "Une lettre recommandée ou une mise en demeure n'arrête pas le délai "
                  "(Cass. com., 18 mai 2022).", facts.basis("prescription_what_interrupts")),
    ]
    return tuple(out)


def _mediation(facts: CaseFacts, for_operator: bool = False
               ) -> tuple[Event, date, Event | None] | None:
    """The mediation that suspends the clock: its saisine, the day the suspension is taken to
    start, and the event taken as its end; None when none was seized.

    C. civ. 2238: the suspension runs from the written agreement to mediate (the saisine of the
    mediator the operator designated, Cass. com. 11 May 2022, unverified for this mediator)
    until a party or the mediator declares the mediation over. The readings that give the
    subscriber the least time are kept: for the subscriber's own claim, the latest known date of
    the saisine and the earliest end — the mediator's first answer (an opinion, or a letter
    such as a refusal of the saisine); for the operator's claim against the subscriber, the
    earliest known date of the saisine and the latest recorded event of the mediation (a
    party's position on the opinion included)."""
    if facts.case.is_business:
        saisines = facts.business_mediator_saisines
        ends = facts.find(lambda e: e.counterpart is Counterpart.BUSINESS_MEDIATOR
                          and e.direction is Direction.INCOMING)
    else:
        saisines = facts.mediator_saisines
        ends = facts.find(lambda e: e.kind is EventKind.MEDIATOR_OPINION
                          or (e.counterpart is Counterpart.MEDIATOR
                              and e.direction is Direction.INCOMING
                              and e.kind is EventKind.ANSWER))
    if not saisines:
        return None
    saisine = saisines[0]
    if for_operator:
        start = earliest_known_date(saisine)
    else:
        found = delay_start(saisine)
        start = found.date if found is not None else None
    if start is None:
        return None
    after = [e for e in ends if sent_on(e) is not None and sent_on(e) >= sent_on(saisine)]
    if for_operator and after:
        positions = [e for e in facts.events if e.kind is EventKind.PARTY_POSITION
                     and sent_on(e) is not None and sent_on(e) >= sent_on(after[0])]
        end = max(after + positions, key=sent_on)
    else:
        end = min(after, key=sent_on, default=None)
    return saisine, start, end


def _suspension(facts: CaseFacts, limit: date, for_operator: bool = False
                ) -> Suspension | None:
    """The mediation's suspension of a clock ending on ``limit`` (None if none applies)."""
    found = _mediation(facts, for_operator)
    if found is None:
        return None
    saisine, start_date, end = found
    kind = (DateKind.EVENT if for_operator or delay_start(saisine) is None
            else delay_start(saisine).kind)
    provisional = False if for_operator else delay_start(saisine).provisional
    if start_date > limit:
        return None
    left = (limit - start_date).days
    extended = None
    if end is not None:
        end_date = max(sent_on(end), start_date)
        extended = max(add_days(end_date, left),
                       facts.rule("prescription_mediation_suspends").apply(end_date))
    ref = EventRef(saisine.id, start_date, kind, event_title(saisine), provisional)
    return Suspension(start_date, sent_on(end) if end is not None else None, left,
                      Basis(facts.rule("prescription_suspension_from_saisine"), ref), extended)


@dataclass(frozen=True)
class CourtView:
    """What the advice of a line about to be prescribed must agree with (review 5, point 2):
    whether the telecom mediator can be seized today, and whether the requête still needs the
    prior amicable attempt (C.P.C. 750-1: the court route's ``amicable_attempt_required``) or
    is above 5,000 € (no attempt, no simplified requête)."""

    mediator_open: bool = True
    attempt_required: bool = True
    above_5000: bool = False


def court_view(mediator_route: Route, court_route: Route) -> CourtView:
    return CourtView(mediator_route.open,
                     any(r.code == "amicable_attempt_required" for r in court_route.reasons),
                     any(n.code == "above_5000" for n in court_route.notes))


def invoice_flags(facts: CaseFacts, mediator_barred: bool = False,
                  view: CourtView | None = None) -> tuple[InvoiceFlag, ...]:
    """One flag per disputed invoice line. ``mediator_barred``: see :func:`clock_facts`;
    ``view``: the routes the advice agrees with (:class:`CourtView`)."""
    clock = clock_facts(facts, mediator_barred)
    return tuple(invoice_flag(facts, line, clock, mediator_barred, view)
                 for line in facts.case.invoice_lines)


def invoice_flag(facts: CaseFacts, line: InvoiceLine,
                 clock: tuple[ClockFact, ...] = (), mediator_barred: bool = False,
                 view: CourtView | None = None) -> InvoiceFlag:
    rule = facts.rule("invoice_prescription_one_year")
    title = f"Facture {line.invoice_number or '(sans numéro)'}"
    if line.label:
        title += f", « {line.label} »"
    if line.paid_on is not None:
        start, kind, claim = line.paid_on, DateKind.PAID, Claim.CUSTOMER_REFUND
    elif line.due_date is not None:
        start, kind, claim = line.due_date, DateKind.DUE, Claim.OPERATOR_PAYMENT
        rule = facts.rule("operator_claim_due_date")
    elif line.invoice_date is not None:
        start, kind, claim = line.invoice_date, DateKind.INVOICE, Claim.UNKNOWN
    else:
        return InvoiceFlag(line.id, line.invoice_number, line.label, PrescriptionState.UNKNOWN,
                           Claim.UNKNOWN, None, None,
                           f"{title} : aucune date (paiement, échéance ou facture) ; "
                           "prescription non calculable.", Basis(rule), clock=clock)
    ref = EventRef(line.id, start, kind, title, provisional=kind is DateKind.INVOICE,
                   ref_type="invoice_line")
    limit = rule.apply(start)
    since = f"{title} ({DATE_KIND_LABELS[kind]} : {format_date_fr(start)})"
    suspension = _suspension(facts, limit, for_operator=claim is Claim.OPERATOR_PAYMENT)
    if suspension is None:
        bound = limit
    else:
        bound = suspension.extended_limit or date.max  # a running mediation: no end yet
    court = next((e for e in facts.court_events if sent_on(e) <= bound), None)
    if court is not None:
        message = (f"{since} : délai interrompu par l'action en justice du "
                   f"{format_date_fr(sent_on(court))} (C. civ. 2241).")
        return InvoiceFlag(line.id, line.invoice_number, line.label,
                           PrescriptionState.INTERRUPTED, claim, limit,
                           (limit - facts.today).days, message, Basis(rule, ref),
                           suspension=suspension, clock=clock)
    effective = limit if suspension is None or suspension.extended_limit is None \
        else suspension.extended_limit
    state, act_before, act_basis, text = _state(facts, claim, limit, effective, suspension,
                                                rule.warning_days or 0, mediator_barred,
                                                view or CourtView())
    message = f"{since} : {text}"
    if claim is Claim.OPERATOR_PAYMENT:
        message += " Si la facture a été payée, indiquer la date de paiement."
    return InvoiceFlag(line.id, line.invoice_number, line.label, state, claim, limit,
                       (limit - facts.today).days, message, Basis(rule, ref),
                       act_before=act_before,
                       act_before_basis=act_basis or (Basis(rule, ref) if act_before else None),
                       suspension=suspension, clock=clock)


INADMISSIBLE = (
    "une requête au tribunal sans tentative amiable préalable risque d'être déclarée "
    "irrecevable (C.P.C. art. 750-1, numéro à vérifier depuis le décret n° 2025-660), et "
    "l'interruption par une demande en justice définitivement rejetée est non avenue (C. civ. "
    "art. 2243, à vérifier)")
"""Why « a court action interrupts » is no safe way for a private subscriber whose requête
still needs the prior amicable attempt (LEGAL-2026-12 § 3.1, B: inadmissible, 750-1; § 5:
art. 2243 « connaissance générale, à vérifier »). Review 5, point 2."""


def _what_stops(facts: CaseFacts, mediator_barred: bool, view: CourtView) -> str:
    """What may still stop a clock about to run out, for this case (review 18.1), and the
    advice that agrees with the requête's availability (review 5, point 2): never « une
    action en justice est la voie sûre » beside a requête stamped « NE PAS ENVOYER »."""
    if facts.case.is_business:
        return ("seule une action en justice interrompt ce délai ; la saisine du Médiateur des "
                "entreprises le suspend, l'intervention de la CPME non.")
    risk = INADMISSIBLE if view.attempt_required and not view.above_5000 else ""
    if not mediator_barred:
        rule = facts.rule("prescription_suspension_from_saisine")
        if rule.status is RuleStatus.VERIFIED and rule.confidence in ("A", "B"):
            text = ("seule une action en justice interrompt ce délai ; la saisine du médiateur "
                    "le suspend.")
        else:
            # a judgment on another consumer mediator only (LEGAL-2026-12 § 5): said as the
            # rule allows, « à vérifier » (review3 10.1)
            text = ("seule une action en justice interrompt ce délai ; la saisine du médiateur "
                    "le suspend en principe (à vérifier : jurisprudence rendue pour un autre "
                    "médiateur de la consommation).")
        if not view.mediator_open:
            return (text + " Le médiateur ne peut pas encore être saisi : à moins d'un mois de "
                    "l'échéance, faites-vous conseiller sans attendre (avocat, association de "
                    "consommateurs)" + (f" ; {risk}." if risk else "."))
        if risk:
            return (text + " À moins d'un mois de l'échéance, saisissez le médiateur sans "
                    "attendre (en ligne de préférence) et faites-vous conseiller (avocat, "
                    f"association de consommateurs) : {risk}.")
        return (text + " À moins d'un mois de l'échéance, saisissez le médiateur sans attendre "
                "(en ligne de préférence) ou faites-vous conseiller (avocat) sur une action en "
                "justice.")
    return ("seule une action en justice interrompt ce délai ; une conciliation ne le suspend "
            "qu'à compter de la première réunion (ou d'un accord écrit de l'opérateur). Si "
            "aucune réunion n'est fixée avant cette date, faites-vous conseiller sur une "
            "saisine directe du juge" + (f" : {risk}." if risk else "."))


def _state(facts: CaseFacts, claim: Claim, limit: date, effective: date,
           suspension: Suspension | None, warning_days: int, mediator_barred: bool = False,
           view: CourtView = CourtView()
           ) -> tuple[PrescriptionState, date | None, Basis | None, str]:
    today = facts.today
    fr = format_date_fr
    words = subscriber_words(facts.case)
    if claim is Claim.OPERATOR_PAYMENT:
        suspended = ""
        if suspension is not None:
            suspended = (f" (délai suspendu par la médiation depuis le {fr(suspension.start)}"
                         + (f", jusqu'au {fr(suspension.end)} au moins — fin de la médiation "
                            "à vérifier" if suspension.end else "") + ")")
        if suspension is not None and suspension.end is None:
            return (PrescriptionState.SUSPENDED, None, None,
                    f"la demande de paiement de l'opérateur est suspendue{suspended} (L.34-2, "
                    "2e alinéa).")
        if today > effective:
            return (PrescriptionState.PRESCRIBED, None, None,
                    f"l'opérateur ne l'a pas réclamée avant le {fr(effective)}{suspended} : sa "
                    f"demande de paiement est prescrite, {words.noun} "
                    f"{words.verb('peut', 'peuvent')} l'opposer (L.34-2, "
                    "2e alinéa ; ce qui vaut réclamation de l'opérateur est à vérifier).")
        return (PrescriptionState.OK if (effective - today).days > warning_days
                else PrescriptionState.SOON, None, None,
                f"l'opérateur peut en réclamer le paiement jusqu'au {fr(effective)}{suspended} ; "
                "au-delà, sa demande est prescrite (L.34-2, 2e alinéa).")
    what = ("la demande de remboursement" if claim is Claim.CUSTOMER_REFUND else
            "la demande de remboursement (date de paiement inconnue, calcul depuis la facture)")
    if suspension is not None:
        caution = (f" Par prudence, agir au plus tard le {fr(limit)} (date sans la suspension, "
                   "dont le départ à la saisine est à vérifier)." if limit >= today else
                   f" Attention : la suspension dès la saisine n'est pas confirmée pour ce "
                   f"médiateur ; sans elle, {what} est prescrite depuis le "
                   f"{fr(add_days(limit, 1))}. Agir sans attendre, en vous faisant conseiller.")
        if suspension.end is None:
            return (PrescriptionState.SUSPENDED, limit if limit >= today else None,
                    suspension.basis if limit < today else None,
                    f"délai de {what} suspendu depuis la saisine du médiateur du "
                    f"{fr(suspension.start)} (C. civ. 2238) : il restait "
                    f"{_days(suspension.days_left_at_start)} ; à la fin de la médiation, il "
                    f"restera au moins six mois." + caution)
        text = (f"délai suspendu du {fr(suspension.start)} au {fr(suspension.end)} par la "
                f"médiation (C. civ. 2238) : pour {what}, agir en justice au plus tard le "
                f"{fr(effective)} (sans la suspension : le {fr(limit)}).")
        if today > effective:
            return (PrescriptionState.PRESCRIBED, None, None,
                    f"{what} est prescrite depuis le {fr(add_days(effective, 1))}, malgré la "
                    f"suspension par la médiation du {fr(suspension.start)} au "
                    f"{fr(suspension.end)} (L.34-2, C. civ. 2238).")
        act = limit if limit >= today else effective
        # relying on the unverified suspension is never « OK »: the claim may be prescribed
        state = (PrescriptionState.SOON if (act - today).days <= warning_days or act != limit
                 else PrescriptionState.OK)
        return state, act, (None if act == limit else suspension.basis), text + caution
    if today > limit:
        return (PrescriptionState.PRESCRIBED, None, None,
                f"plus d'un an écoulé, {what} est prescrite depuis le "
                f"{fr(add_days(limit, 1))} (L.34-2), sauf si une action en justice ou une "
                "médiation a arrêté le délai.")
    days_left = (limit - today).days
    if days_left <= warning_days:
        when = (f"au plus tard aujourd'hui, {fr(limit)}," if days_left == 0 else
                f"au plus tard le {fr(limit)}, dans {_days(days_left)}")
        return (PrescriptionState.SOON, limit, None,
                f"pour {what}, agir {when} (L.34-2) : "
                f"{_what_stops(facts, mediator_barred, view)}")
    return (PrescriptionState.OK, limit, None,
            f"pour {what}, agir au plus tard le {fr(limit)} (L.34-2).")


def _days(n: int) -> str:
    return f"{n} jour{'s' if n > 1 else ''}"


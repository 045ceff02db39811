"""Which letters fit the case today: the engine's decision for every letter kind.

Each kind is « possible » now, « prématuré » (with the date it becomes possible when one is
known), « déjà envoyé le …, réponse attendue le … », or not applicable (with why). The
decisions come from the same facts and routes as the next steps, so the letters list, the
dossier and the « Prochaines étapes » agree (docs/procedure.md « Letters »). The composer
(``documents.letters``) reads :attr:`Assessment.letters`; it holds no availability logic.

Kinds are ``dispute.letter_kinds.LetterKind`` values, as strings: the engine also decides the
kinds the composer may not write yet (HELPERS.md « Letter kinds »).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date

from dispute.calendar import add_days, format_date_fr
from dispute.letter_kinds import COMMERCE_COURT_LABEL, LetterKind
from dispute.model import (
    CaseStatus,
    Counterpart,
    DisputeNature,
    Event,
    EventKind,
    PostalAddress,
)
from dispute.portability import porting_delay
from dispute.procedure import cpme as cpme_route
from dispute.procedure import operator
from dispute.procedure import prescription
from dispute.procedure.court import TRIBUNAL_DE_COMMERCE, TO_CHECK
from dispute.procedure.dates import delay_start, sent_on
from dispute.procedure.events import SECOND_LEVEL, Level, event_title, is_written
from dispute.procedure.facts import CaseFacts
from dispute.procedure.notice_terms import (
    DEFAULT_FORMAL_NOTICE_DAYS,
    STEP_WORDS,
    Announced,
    NoticeDelay,
    announced_step,
    notice_delay,
    running_text,
)
from dispute.procedure.oral import opened_by_written, oral_complaints_text
from dispute.procedure.mediator import barred as mediator_barred
from dispute.procedure.results import (
    Basis,
    LetterDecision,
    LetterState,
    PrescriptionState,
    Route,
)
from dispute.procedure.wording import subscriber_words

SERVICE_CLIENTS = LetterKind.SERVICE_CLIENTS.value
SERVICE_CONSOMMATEURS = LetterKind.SERVICE_CONSOMMATEURS.value
MEDIATOR = LetterKind.MEDIATOR.value
CPME = LetterKind.CPME.value
BILLING = LetterKind.BILLING.value
FORMAL_NOTICE = LetterKind.FORMAL_NOTICE.value
DGCCRF = LetterKind.DGCCRF.value
PROCUREUR = LetterKind.PROCUREUR.value
CONCILIATEUR = LetterKind.CONCILIATEUR.value
COURT_REQUEST = LetterKind.COURT_REQUEST.value
BUSINESS_MEDIATOR = LetterKind.BUSINESS_MEDIATOR.value
MANDATE = LetterKind.MANDATE.value
# HELPERS.md « Letter kinds »: the ids the composer will use when it writes them
REMINDER = "relance_operateur"
PORTABILITY = "demande_indemnite_portabilite"

LETTER_KINDS = (
    SERVICE_CLIENTS, SERVICE_CONSOMMATEURS, MEDIATOR, CPME, BILLING, FORMAL_NOTICE, DGCCRF,
    PROCUREUR, REMINDER, CONCILIATEUR, COURT_REQUEST, BUSINESS_MEDIATOR, MANDATE, PORTABILITY,
)
"""Every kind the engine decides, in the order the letters list shows them."""

STEP_KINDS = frozenset({
    SERVICE_CLIENTS, SERVICE_CONSOMMATEURS, MEDIATOR, CPME, REMINDER, CONCILIATEUR,
    COURT_REQUEST, BUSINESS_MEDIATOR,
})
"""Kinds that carry out a next step: when possible, a step of the assessment names them."""

RULES = frozenset({"mandate_for_structure", "portability_compensation",
                   "formal_notice_no_reminder", "formal_notice_own_delay"})

logger = logging.getLogger(__name__)

P, E, S, N = (LetterState.POSSIBLE, LetterState.PREMATURE, LetterState.SENT,
              LetterState.NOT_APPLICABLE)


@dataclass(frozen=True)
class Routes:
    mediator: Route
    cpme: Route
    business_mediator: Route
    court: Route


def _fr(d: date) -> str:
    return format_date_fr(d)


def _beyond_operator(facts: CaseFacts, since: date | None = None) -> Event | None:
    """The first step taken outside the operator (a mediator, the CPME, a conciliateur, a
    court), on ``since`` or later if given, or None while the case is still with the
    operator's services."""
    outside = (facts.mediator_saisines + facts.other_mediator_saisines + facts.cpme_saisines
               + facts.business_mediator_saisines + facts.conciliateur_saisines
               + facts.court_events + facts.opinions)
    if since is not None:
        outside = tuple(e for e in outside if sent_on(e) >= since)
    return min(outside, key=sent_on, default=None)


def _level_words(facts: CaseFacts, level: Level, of: bool = False) -> str:
    """ "le service clients", or with ``of`` "du service clients" (never « de le »)."""
    if level is facts.second:
        name = "recours interne" if facts.case.is_business else "service consommateurs"
    else:
        name = "service clients"
    return f"{'du' if of else 'le'} {name}"


def _sent(kind: str, facts: CaseFacts, level: Level, rule_id: str, what: str,
          **extra) -> LetterDecision | None:
    """« Déjà envoyé le …, réponse attendue le … » for the level's unanswered written
    complaint (None when there is none)."""
    due = operator.answer_due(facts, level, rule_id)
    if due is None:
        return None
    complaint, when, basis = due
    text = f"{what} déjà envoyée le {_fr(sent_on(complaint))} ; réponse attendue le {_fr(when)}"
    if when < facts.today:
        text += (", non reçue : une relance est possible, ou l'étape suivante"
                 if kind != REMINDER else ", non reçue")
    return LetterDecision(kind, S, text + ".", basis, sent_on=sent_on(complaint),
                          answer_due=when, event_id=complaint.id, **extra)


def _answered(facts: CaseFacts, level: Level) -> Event | None:
    """The level's last answer when no written complaint waits for another one."""
    if level.pending_written is not None:
        return None
    return level.last_real_answer


def announced(facts: CaseFacts, routes: Routes, notice: Event | None = None) -> Announced:
    """The step a mise en demeure announces (sent on ``notice``'s date, else today), by the
    function the letter itself reads (``notice_terms.announced_step``): the telecom mediator
    while it is open or ahead, the Médiateur des entreprises and / or the CPME while ahead,
    else the court (review 6, N1: after the mediator's opinion the letter announces « la
    juridiction compétente »)."""
    made: dict[str, LetterState] = {}
    deciders = {MEDIATOR: lambda: mediator(facts, routes.mediator),
                BUSINESS_MEDIATOR: lambda: business_mediator(facts, routes.business_mediator),
                CPME: lambda: cpme(facts, routes.cpme)}

    def state(kind: str) -> LetterState | None:
        if kind not in made and kind in deciders:
            made[kind] = deciders[kind]().state
        return made.get(kind)

    on = sent_on(notice) if notice is not None else facts.today
    closes = mediator_closes_first(facts, routes.mediator, on=on) is not None
    return announced_step(facts.case.is_business, routes.mediator, routes.cpme, closes, state)


def _notice_delay(facts: CaseFacts, notice: Event) -> NoticeDelay | None:
    rule = facts.rule("formal_notice_own_delay")
    days = rule.delay.value if rule.delay is not None else DEFAULT_FORMAL_NOTICE_DAYS
    return notice_delay(notice, lambda e, start: facts.basis("formal_notice_own_delay", e, start),
                        days)


def running_notice(facts: CaseFacts) -> NoticeDelay | None:
    """The standing mise en demeure's delay while it runs (today included), else None."""
    notice = facts.standing_formal_notice()
    if notice is None:
        return None
    delay = _notice_delay(facts, notice)
    return delay if delay is not None and delay.runs_on(facts.today) else None


def _notice_received(notice: Event) -> str:
    """ "1er octobre 2026 (reçue le 3 octobre 2026)": the notice's delay runs from its receipt
    (docs/procedure.md « Which date of an event »)."""
    text = _fr(sent_on(notice))
    start = delay_start(notice)
    if start.date != sent_on(notice) and not start.provisional:
        text += f" (reçue le {_fr(start.date)})"
    return text


def after_notice(kind: str, facts: CaseFacts, what: str,
                 routes: Routes | None = None, **extra) -> LetterDecision | None:
    """« Ne s'applique pas » for an ordinary letter to the operator (``what``: « une
    relance », « une nouvelle réclamation »…) while a mise en demeure stands: restée sans
    effet, it calls the step it announced (rule ``formal_notice_no_reminder``; review 5,
    point 11); while its own delay runs, wait for its end (review 6, N1). None when no mise
    en demeure stands."""
    notice = facts.standing_formal_notice()
    if notice is None:
        return None
    basis = facts.basis("formal_notice_no_reminder", notice, delay_start(notice))
    step = (f" ({STEP_WORDS[announced(facts, routes, notice)]})" if routes is not None
            else "")
    delay = _notice_delay(facts, notice)
    # « qui lui ôterait son sérieux », never « qui la réduirait à une simple réclamation »
    # after « une nouvelle réclamation » (review 6, N5)
    if delay is not None and delay.runs_on(facts.today):
        text = (f"La mise en demeure du {_notice_received(notice)} a fixé son propre délai "
                f"({delay.days}\u00a0jours, jusqu'au {_fr(delay.ends_on)}) : attendez-en "
                f"l'échéance ; restée sans effet, elle appellera l'étape qu'elle "
                f"annonçait{step}, non {what}, qui lui ôterait son sérieux.")
    else:
        text = (f"La mise en demeure du {_notice_received(notice)} a fixé son propre délai : "
                f"restée sans effet, elle appelle l'étape qu'elle annonçait{step}, non {what}, "
                "qui lui ôterait son sérieux.")
    return LetterDecision(kind, N, text, basis, **extra)


# --- the operator's levels -------------------------------------------------------------------


def service_clients(facts: CaseFacts, routes: Routes | None = None) -> LetterDecision:
    beyond = _beyond_operator(facts)
    second_written = [c for c in facts.second.complaints if is_written(c)]
    if beyond is not None or (second_written and not facts.case.is_business):
        event = beyond or second_written[0]
        return LetterDecision(
            SERVICE_CLIENTS, N,
            f"Le dossier a dépassé le service clients ({event_title(event)}).",
            facts.basis("service_clients_first_contact", event))
    notice = after_notice(SERVICE_CLIENTS, facts, "une nouvelle réclamation", routes)
    if notice is not None:
        return notice
    sent = _sent(SERVICE_CLIENTS, facts, facts.first, "service_clients_answer_delay",
                 "Réclamation écrite")
    if sent is not None:
        return sent
    answer = _answered(facts, facts.first)
    if answer is not None:
        return LetterDecision(SERVICE_CLIENTS, N, _answer_text(facts, facts.first, answer),
                              facts.basis("service_clients_answer_delay", answer))
    oral = facts.first.oral_before(None)
    text = ("Première étape : réclamation écrite au service clients, de préférence en lettre "
            "recommandée avec accusé de réception (seeds/003).")
    if oral:
        # what the calls do not start, a written complaint starts, and then opens (issue of
        # 3 December 2026: never « aucun délai » beside a deadline computed from a call)
        opens = opened_by_written(facts)
        text = (f"{oral_complaints_text(facts, oral)} : une réclamation écrite (lettre "
                "recommandée conseillée) " + (f"les fait courir et ouvre ensuite {opens}."
                                              if opens else "en garde la preuve."))
        return LetterDecision(SERVICE_CLIENTS, P, text,
                              facts.basis("mediator_clocks_written_complaint", oral[0]))
    return LetterDecision(SERVICE_CLIENTS, P, text, facts.basis("service_clients_first_contact"))


def _answer_text(facts: CaseFacts, level: Level, answer: Event) -> str:
    who = _level_words(facts, level).capitalize()
    if answer.outcome is not None and answer.outcome.value == "satisfactory":
        return (f"{who} a répondu de façon satisfaisante le {_fr(sent_on(answer))} ; si "
                "l'engagement n'est pas tenu, enregistrez une nouvelle réclamation.")
    if facts.case.is_business:
        after = ("le Médiateur des entreprises ou la CPME" if cpme_route.reachable(facts)
                 else "le Médiateur des entreprises")
    else:
        after = "le service consommateurs" if level is facts.first else "le médiateur"
    return f"{who} a répondu le {_fr(sent_on(answer))} : l'étape suivante est {after}."


def billing(facts: CaseFacts, service_clients_decision: LetterDecision) -> LetterDecision:
    """The billing contestation is a written complaint to the service clients about the
    disputed lines: it follows the service clients letter's state."""
    lines = len(facts.case.invoice_lines)
    if not lines:
        return LetterDecision(BILLING, N, "Aucune ligne de facture contestée n'est enregistrée.",
                              facts.basis("invoice_prescription_one_year"))
    d = service_clients_decision
    if d.state is S:
        return LetterDecision(BILLING, S, d.reason.replace(
            "Réclamation écrite déjà envoyée", "Une réclamation écrite au service clients a été "
            "envoyée") + " Elle vaut contestation si elle porte sur ces factures.", d.basis,
            sent_on=d.sent_on, answer_due=d.answer_due, event_id=d.event_id)
    if d.state is N:
        optional = _registered_contestation_optional(facts)
        if optional is not None:
            return optional
        return LetterDecision(BILLING, N, d.reason + " Les lignes contestées se reprennent dans "
                              "le courrier de l'étape suivante.", d.basis)
    plural = "s" if lines > 1 else ""
    # the same step as the written complaint to the service clients (review 1.2)
    return LetterDecision(BILLING, P, f"{lines} ligne{plural} de facture contestée{plural} : la "
                          "contestation écrite au service clients fait courir son délai de "
                          "réponse (seeds/002). C'est une variante de la réclamation au service "
                          "clients : envoyez l'une ou l'autre, pas les deux.", d.basis)


def _registered_contestation_optional(facts: CaseFacts) -> LetterDecision | None:
    """The service clients answered a complaint made by e-mail, chat or phone and the case is
    still with the operator: a contestation by registered letter is optional — it keeps a
    written proof of the disputed lines (seeds/003: LRAR recommended for proof) — never « ne
    s'applique pas » (review2 16.3: the example sends exactly that letter). None otherwise."""
    if _beyond_operator(facts) is not None or any(is_written(c)
                                                   for c in facts.second.complaints):
        return None
    if facts.standing_formal_notice() is not None:
        return None  # nothing to contest by letter after a mise en demeure (review 5, 11)
    answer = _answered(facts, facts.first)
    if answer is None or (answer.outcome is not None
                          and answer.outcome.value == "satisfactory"):
        return None
    if any(c.kind is EventKind.REGISTERED_LETTER for c in facts.first.complaints):
        return None
    after = _answer_text(facts, facts.first, answer).split(" : ", 1)[-1]
    return LetterDecision(BILLING, P, f"Facultatif : le service clients a répondu le "
                          f"{_fr(sent_on(answer))} sans régler le litige ; une contestation "
                          "par lettre recommandée avec accusé de réception garde la preuve "
                          "écrite des lignes contestées (seeds/003). " + after[:1].upper()
                          + after[1:], facts.basis("service_clients_answer_delay", answer))


def _address_key(address: PostalAddress) -> str:
    return " ".join(" ".join(address.lines()).casefold().split())


def consumer_second_level(address: PostalAddress) -> bool:
    """A second-level address that is a consumer service: it says « consommateurs », or it is
    a « service consommateurs » address of the shipped directory (copied from it into a
    business case). Such an address is no evidence of an internal second level for business
    customers (Arcep's business route has none; LEGAL-2026-12 § 1.2 found no business
    address)."""
    key = _address_key(address)
    if not key:
        return False
    if "consommat" in key:
        return True
    from dispute.directory import DirectoryError, shipped_directory

    try:
        directory = shipped_directory()
    except (OSError, DirectoryError):
        logger.warning("Annuaire illisible : adresse de second niveau non comparée")
        return False
    return any(_address_key(entry.to_postal_address()) == key
               for op in directory.operators for entry in op.service_consommateurs
               if not entry.is_empty())


def _business_second_level(facts: CaseFacts) -> str | None:
    """Why a business has no internal second level to write to (None: it may have one)."""
    address = facts.case.operator.service_consommateurs_address
    written = any(is_written(c) for c in facts.second.complaints)
    if written:
        return None  # the user already wrote to it: it exists for this contract
    if address.is_empty():
        return ("Voie entreprise : pas de « service consommateurs » (Arcep). Après le service "
                "clients, le Médiateur des entreprises, la CPME ou le juge ; un recours interne "
                "n'est à envisager que si le contrat professionnel en prévoit un (indiquer "
                "alors son adresse, relevée sur le contrat).")
    if consumer_second_level(address):
        return ("L'adresse de second niveau du dossier est celle d'un service consommateurs, "
                "réservé aux particuliers : la voie entreprise (Arcep) n'a pas ce niveau. Si le "
                "contrat professionnel prévoit un recours interne, remplacez-la par l'adresse "
                "qu'il indique ; sinon, après le service clients viennent le Médiateur des "
                "entreprises, la CPME ou le juge.")
    return None


def service_consommateurs(facts: CaseFacts, routes: Routes | None = None) -> LetterDecision:
    business = facts.case.is_business
    label = "Recours interne auprès de l'opérateur" if business else ""
    if business:
        why_not = _business_second_level(facts)
        if why_not is not None:
            return LetterDecision(SERVICE_CONSOMMATEURS, N, why_not,
                                  facts.basis("business_no_service_consommateurs"), label=label)
    beyond = _beyond_operator(facts)
    if beyond is not None:
        return LetterDecision(SERVICE_CONSOMMATEURS, N,
                              f"Le dossier a dépassé les services de l'opérateur "
                              f"({event_title(beyond)}).",
                              facts.basis("service_consommateurs_access", beyond), label=label)
    standing = facts.standing_formal_notice()
    if standing is not None and standing.counterpart in SECOND_LEVEL:
        # the notice went to this level: no recourse letter after it (review 5, point 11);
        # a notice to the first level leaves the second one to write to (seeds/001)
        return after_notice(SERVICE_CONSOMMATEURS, facts,
                            "un recours interne" if business else "un recours", routes,
                            label=label)
    what = "Recours interne" if business else "Lettre au service consommateurs"
    sent = _sent(SERVICE_CONSOMMATEURS, facts, facts.second,
                 "service_consommateurs_answer_delay", what, label=label)
    if sent is not None:
        return sent
    answer = _answered(facts, facts.second)
    if answer is not None and any(is_written(c) for c in facts.second.complaints):
        return LetterDecision(SERVICE_CONSOMMATEURS, N,
                              _answer_text(facts, facts.second, answer),
                              facts.basis("service_consommateurs_answer_delay", answer),
                              label=label)
    access = operator.service_consommateurs_access(facts)
    if access is None:
        resolved = facts.resolved_by()
        if resolved is not None:
            return LetterDecision(SERVICE_CONSOMMATEURS, N,
                                  _answer_text(facts, facts.first, resolved),
                                  facts.basis("service_consommateurs_access", resolved),
                                  label=label)
        return LetterDecision(SERVICE_CONSOMMATEURS, E,
                              "Aucune réclamation au service clients n'est enregistrée : "
                              "écrivez-lui d'abord (seeds/001).",
                              facts.basis("service_consommateurs_access"), label=label,
                              waits_for="après une réclamation au service clients restée "
                                        "sans réponse satisfaisante")
    when, basis = access
    if when > facts.today:
        return LetterDecision(SERVICE_CONSOMMATEURS, E,
                              f"Possible à partir du {_fr(when)} si le service clients n'a pas "
                              "répondu de façon satisfaisante (délai d'un mois, seeds/001).",
                              basis, possible_from=when, label=label)
    if business:
        return LetterDecision(SERVICE_CONSOMMATEURS, P,
                              "Facultatif, seulement si le contrat professionnel prévoit ce "
                              "recours interne (adresse relevée sur le contrat) : le Médiateur "
                              "des entreprises, la CPME ou le juge restent possibles sans lui.",
                              facts.basis("business_no_service_consommateurs"), label=label)
    return LetterDecision(SERVICE_CONSOMMATEURS, P,
                          "Le service clients n'a pas répondu dans le délai d'un mois ou sa "
                          "réponse est insatisfaisante : écrivez au service consommateurs en "
                          "lettre recommandée (seeds/001, seeds/003).", basis)


def reminder(facts: CaseFacts, routes: Routes | None = None) -> LetterDecision:
    beyond = _beyond_operator(facts)
    if beyond is not None:
        return LetterDecision(REMINDER, N, f"Le dossier a dépassé les services de l'opérateur "
                              f"({event_title(beyond)}).",
                              facts.basis("relance_after_answer_delay", beyond))
    notice = after_notice(REMINDER, facts, "une relance", routes)
    if notice is not None:
        return notice
    current = operator.current_level(facts)
    if current is None:
        return LetterDecision(REMINDER, N, "Aucune réclamation à relancer.",
                              facts.basis("relance_after_answer_delay"))
    level, rule_id = current
    who = _level_words(facts, level)
    recipient = (Counterpart.SERVICE_CONSOMMATEURS if level is facts.second
                 else Counterpart.SERVICE_CLIENTS).value
    due = operator.answer_due(facts, level, rule_id)
    if due is None:
        return LetterDecision(REMINDER, N, f"Aucune réclamation écrite n'attend de réponse "
                              f"{_level_words(facts, level, of=True)}.",
                              facts.basis("relance_after_answer_delay"),
                              recipient=recipient)
    complaint, when, basis = due
    if when >= facts.today:
        start = add_days(when, 1)
        return LetterDecision(REMINDER, E,
                              f"La réponse {_level_words(facts, level, of=True)} est attendue "
                              f"jusqu'au {_fr(when)} : une "
                              f"relance est possible à partir du {_fr(start)}.", basis,
                              possible_from=start, recipient=recipient)
    later = [c for c in level.complaints if is_written(c) and sent_on(c) > when]
    if later:
        return LetterDecision(REMINDER, S, f"Relance envoyée le {_fr(sent_on(later[-1]))} "
                              f"(réponse attendue le {_fr(when)}, non reçue).", basis,
                              sent_on=sent_on(later[-1]), event_id=later[-1].id,
                              recipient=recipient)
    return LetterDecision(REMINDER, P,
                          f"{who.capitalize()} n'a pas répondu à la réclamation du "
                          f"{_fr(sent_on(complaint))} (réponse attendue le {_fr(when)}) : une "
                          "relance est possible ; elle ne fait pas repartir les délais.",
                          # the same start as the answer it waits for (the AR, not the
                          # posting day): one date for both « Pourquoi ? » (fresh-eyes 10)
                          facts.basis("relance_after_answer_delay", complaint,
                                      delay_start(complaint)),
                          recipient=recipient)


FORMAL_NOTICE_WAIT_DAYS = 20
"""How long a formal notice keeps the subscriber waiting before the next step: the letters'
default delay (15 days, ``documents.letter_settings``) and about 5 days for the post. A
telecom mediator closing before that must be seized first (review 5.1)."""


def mediator_closes_first(facts: CaseFacts, mediator_route: Route | None,
                          days: int = FORMAL_NOTICE_WAIT_DAYS,
                          on: date | None = None) -> date | None:
    """The mediator's last day when it falls before the end of a formal notice's delay sent
    today, or ``on`` (private subscriber, mediator open): the notice would let it close."""
    if mediator_route is None or not mediator_route.open or mediator_route.latest is None:
        return None
    sent = on if on is not None else facts.today
    if facts.case.is_business or mediator_route.latest >= add_days(sent, days):
        return None
    return mediator_route.latest


def formal_notice(facts: CaseFacts, mediator_route: Route | None = None,
                  routes: Routes | None = None) -> LetterDecision:
    if facts.court_events:
        event = facts.court_events[0]
        return LetterDecision(FORMAL_NOTICE, N, f"Un tribunal est déjà saisi "
                              f"({event_title(event)}).",
                              facts.basis("formal_notice_after_operator_delays", event))
    if facts.formal_notices:  # recorded as sent (docs/procedure.md « Stage »)
        return _notice_sent(facts, facts.formal_notices[-1], routes)
    failure = operator.operator_failed(facts)
    when, basis = failure.on, failure.basis
    if when is None:
        if failure.satisfied:
            return LetterDecision(FORMAL_NOTICE, N, failure.why, basis)
        after = (WAITS_FOR["answer_outcome_unknown"] if basis.event is not None
                 else "après une réclamation écrite restée sans réponse satisfaisante de "
                      "l'opérateur")
        return LetterDecision(FORMAL_NOTICE, E, failure.why, basis, waits_for=after)
    waiting = _mediation_running(facts)
    if waiting is not None and waiting[1] >= facts.today:  # an overdue opinion: wait no more
        saisine, due, due_basis = waiting
        return LetterDecision(FORMAL_NOTICE, E,
                              f"Une médiation est en cours ({event_title(saisine)}) : attendre "
                              f"son avis (attendu au plus tard le {_fr(due)}) avant de mettre "
                              "l'opérateur en demeure.", due_basis, possible_from=add_days(due, 1))
    if when > facts.today:
        return LetterDecision(FORMAL_NOTICE, E,
                              f"Prématuré : les délais de réponse de l'opérateur ne sont pas "
                              f"passés ; une mise en demeure sera possible à partir du "
                              f"{_fr(when)}.", basis, possible_from=when)
    closes = mediator_closes_first(facts, mediator_route)
    if closes is not None:
        left = (closes - facts.today).days
        return LetterDecision(
            FORMAL_NOTICE, P,
            f"Déconseillée maintenant : le Médiateur des communications électroniques doit être "
            f"saisi au plus tard le {_fr(closes)} (dans {left} jour{'s' if left > 1 else ''}), "
            "avant la fin du délai d'une mise en demeure. Saisissez-le d'abord, en ligne ; une "
            "mise en demeure envoyée quand même annonce sa saisine en parallèle.",
            mediator_route.latest_basis or basis,
            warning=f"Le médiateur doit être saisi au plus tard le {_fr(closes)} : saisissez-le "
                    "d'abord, en ligne.")
    return LetterDecision(FORMAL_NOTICE, P,
                          "Les délais de réponse de l'opérateur sont passés (ou ses réponses "
                          "sont insatisfaisantes) : une mise en demeure est possible avant une "
                          "action en justice ; elle n'interrompt pas la prescription.", basis)


def _notice_sent(facts: CaseFacts, notice: Event, routes: Routes | None) -> LetterDecision:
    """« Déjà envoyée » for the last mise en demeure; while it stands, its own delay and the
    step it announced, the one its letter wrote (review 6, N1)."""
    basis = facts.basis("formal_notice_after_operator_delays", notice)
    text = f"Mise en demeure déjà envoyée le {_fr(sent_on(notice))} ({event_title(notice)})"
    delay = _notice_delay(facts, notice)
    if notice is facts.standing_formal_notice() and delay is not None and routes is not None:
        received = _notice_received(notice).removeprefix(_fr(sent_on(notice)))
        text += received.replace(' (', ', ').rstrip(')')
        beyond = _beyond_operator(facts, since=sent_on(notice))
        step = announced(facts, routes, notice)
        if beyond is not None:
            text += (f" : restée sans effet, elle a été suivie de l'étape suivante "
                     f"({event_title(beyond)})")
        elif delay.runs_on(facts.today):
            return LetterDecision(FORMAL_NOTICE, S, running_text(delay, step, facts.subdiv),
                                  delay.basis, sent_on=sent_on(notice), event_id=notice.id)
        else:
            text += (f" : restée sans effet dans le délai qu'elle fixait ({delay.days}\u00a0jours"
                     f", jusqu'au {_fr(delay.ends_on)}), elle appelle l'étape qu'elle annonçait "
                     f"({STEP_WORDS[step]}), pas une relance")
    return LetterDecision(FORMAL_NOTICE, S, text + ".", basis, sent_on=sent_on(notice),
                          event_id=notice.id)


def _mediation_running(facts: CaseFacts) -> tuple[Event, date, Basis] | None:
    """The telecom mediator seized and its opinion not in yet: (saisine, due date, basis)."""
    if not facts.mediator_saisines:
        return None
    saisine = facts.mediator_saisines[0]
    if any(sent_on(o) >= sent_on(saisine) for o in facts.opinions):
        return None
    when, basis = facts.after_delay("mediator_opinion_delay", saisine, extra_day=False)
    return saisine, when, basis


# --- mediators and the CPME ---------------------------------------------------------------


def mediator(facts: CaseFacts, route: Route) -> LetterDecision:
    business = _not_theirs(MEDIATOR, route, "business_subscriber")
    if business is not None:
        return business
    if facts.mediator_saisines:
        saisine = facts.mediator_saisines[0]
        opinion = next((o for o in facts.opinions if sent_on(o) >= sent_on(saisine)), None)
        if opinion is not None:
            return LetterDecision(MEDIATOR, N, f"Le médiateur a rendu son avis le "
                                  f"{_fr(sent_on(opinion))}.",
                                  facts.basis("mediator_opinion_delay", opinion))
        when, basis = facts.after_delay("mediator_opinion_delay", saisine, extra_day=False)
        return LetterDecision(MEDIATOR, S, f"Médiateur déjà saisi le {_fr(sent_on(saisine))} ; "
                              f"avis attendu le {_fr(when)}.", basis,
                              sent_on=sent_on(saisine), answer_due=when, event_id=saisine.id)
    if route.open:
        limit = f" Au plus tard le {_fr(route.latest)}." if route.latest else ""
        return LetterDecision(MEDIATOR, P, "Les conditions de saisine du médiateur sont "
                              "réunies (seeds/001, L.612-2)." + limit, route.open_basis)
    return _from_reasons(facts, MEDIATOR, route, {"one_year_exceeded",
                                                  "opens_after_one_year_limit",
                                           "court_or_other_mediator", "satisfactory_answer"})


WRITTEN_COMPLAINT_FIRST = "après une réclamation écrite à l'opérateur"

WAITS_FOR = {
    "no_complaint": WRITTEN_COMPLAINT_FIRST,
    "no_written_complaint": WRITTEN_COMPLAINT_FIRST,
    "oral_complaints_only": WRITTEN_COMPLAINT_FIRST + " (un appel ne fait pas courir le délai "
                                                      "de la médiation)",
    "service_clients_step_missing": "après une réclamation au service clients",
    "service_consommateurs_not_seized": "après une lettre au service consommateurs restée sans "
                                        "réponse satisfaisante",
    "answer_outcome_unknown": "après avoir indiqué si la réponse de l'opérateur est "
                              "satisfaisante",
    "no_failed_attempt": "après l'échec de la réclamation à l'opérateur (réponse "
                         "insatisfaisante, ou un mois sans réponse)",
    "no_handling_structure": "après l'indication, dans le dossier, de la structure qui suit "
                             "l'entreprise",
    "missing_items": "après avoir complété les éléments demandés par la CPME",
    "amicable_attempt_required": "après une tentative amiable (avis d'un médiateur, ou "
                                 "conciliateur de justice)",
}
"""What a premature letter waits for, by the first undated reason of its route (point 7 of
the practitioner's review: a « prématuré » always says its date or the event it awaits)."""


def waits_for(facts: CaseFacts, code: str) -> str:
    """The French phrase of the event a route's undated reason ``code`` waits for."""
    if code == "not_yet":
        if facts.case.is_business:
            return "après la réponse du Médiateur des entreprises ou de la CPME"
        return "après l'avis du médiateur, ou lorsqu'il ne peut plus être saisi"
    return WAITS_FOR.get(code, "")


def _from_reasons(facts: CaseFacts, kind: str, route: Route, closing: set[str],
                  **extra) -> LetterDecision:
    """Not applicable when a closing reason stands; else premature, dated when the only
    obstacle is a delay, otherwise saying the event it waits for."""
    closed = [r for r in route.reasons if r.code in closing]
    if closed:
        return LetterDecision(kind, N, " ".join(r.message for r in closed), closed[0].basis,
                              **extra)
    dated = [r.until for r in route.reasons if r.until is not None]
    undated = [r for r in route.reasons if r.until is None]
    when = max(dated) if dated and not undated else None
    after = next((w for w in (waits_for(facts, r.code) for r in undated) if w), "")
    first = route.reasons[0]
    return LetterDecision(kind, E, " ".join(r.message for r in route.reasons), first.basis,
                          possible_from=when, waits_for="" if when else after, **extra)


def _not_theirs(kind: str, route: Route, code: str) -> LetterDecision | None:
    """A route reserved to another kind of subscriber is not applicable, whatever the case
    records as sent to it (a mistake, a body that declined)."""
    reason = next((r for r in route.reasons if r.code == code), None)
    return None if reason is None else LetterDecision(kind, N, reason.message, reason.basis)


def cpme(facts: CaseFacts, route: Route) -> LetterDecision:
    private = _not_theirs(CPME, route, "private_subscriber")
    if private is not None:
        return private
    if facts.cpme_saisines:
        seized = facts.cpme_saisines[0]
        return LetterDecision(CPME, S, f"CPME déjà saisie le {_fr(sent_on(seized))}.",
                              facts.basis("cpme_failed_prior_attempt", seized),
                              sent_on=sent_on(seized), event_id=seized.id)
    if route.open:
        # one route at a time towards the same operator (review 7.9)
        return LetterDecision(CPME, P, "La CPME peut être saisie : tentative échouée "
                              "auprès de l'opérateur, opérateur concerné, cinq éléments "
                              "disponibles (seeds/000). Le Médiateur des entreprises est l'autre "
                              "voie : choisissez-en une (ou attendez le retour de la CPME) "
                              "plutôt que de mener les deux en parallèle.", route.open_basis)
    closing = {"private_subscriber", "operator_not_covered"}
    if facts.resolved_by() is not None:
        closing.add("no_failed_attempt")
    return _from_reasons(facts, CPME, route, closing)


def business_mediator(facts: CaseFacts, route: Route) -> LetterDecision:
    private = _not_theirs(BUSINESS_MEDIATOR, route, "private_subscriber")
    if private is not None:
        return private
    if facts.business_mediator_saisines:
        seized = facts.business_mediator_saisines[0]
        return LetterDecision(BUSINESS_MEDIATOR, S, f"Médiateur des entreprises déjà saisi le "
                              f"{_fr(sent_on(seized))}.",
                              facts.basis("business_mediator_entreprises", seized),
                              sent_on=sent_on(seized), event_id=seized.id)
    if route.open:
        text = ("Le service clients n'a pas répondu dans le mois ou sa réponse ne satisfait "
                "pas : le Médiateur des entreprises peut être saisi en ligne (Arcep).")
        scope = next((n for n in route.notes if n.code == "scope_to_check"), None)
        if scope is not None:
            text += " " + scope.message
        if route.missing_items:
            text += (" À réunir pour le formulaire : "
                     + " ; ".join(i.text for i in route.missing_items) + ".")
        return LetterDecision(BUSINESS_MEDIATOR, P, text, route.open_basis)
    return _from_reasons(facts, BUSINESS_MEDIATOR, route,
                         {"private_subscriber", "satisfactory_answer"})


# --- the last resort ------------------------------------------------------------------------


def conciliateur(facts: CaseFacts, court: Route, mediator_route: Route) -> LetterDecision:
    if court.kind == TRIBUNAL_DE_COMMERCE:
        return LetterDecision(CONCILIATEUR, N, "Entreprise commerçante : la voie amiable est le "
                              "Médiateur des entreprises (ou la CPME) ; le tribunal de commerce "
                              "n'exige pas de tentative amiable préalable.",
                              facts.basis("business_court_commerce"))
    if facts.court_events:
        event = facts.court_events[0]
        return LetterDecision(CONCILIATEUR, N, f"Un tribunal est déjà saisi "
                              f"({event_title(event)}).",
                              facts.basis("conciliateur_de_justice", event))
    if facts.conciliateur_saisines:
        saisine = facts.conciliateur_saisines[0]
        start = sent_on(saisine)
        dispense = add_days(facts.rule("conciliateur_unavailable_dispense").apply(start), 1)
        return LetterDecision(
            CONCILIATEUR, S, f"Conciliateur de justice saisi le {_fr(start)} ; sans réunion "
            f"de conciliation au {_fr(dispense)}, la tentative amiable n'est plus exigée "
            "(à vérifier).", facts.basis("conciliateur_unavailable_dispense", saisine),
            sent_on=start, event_id=saisine.id)
    if court.opens_on is None:
        if not facts.case.is_business:
            return LetterDecision(
                CONCILIATEUR, E, "Le Médiateur des communications électroniques, gratuit et "
                "spécialisé, est la tentative amiable conseillée : le conciliateur de justice "
                "vient s'il ne peut pas être saisi, ou après son avis.",
                facts.basis("conciliateur_de_justice"), waits_for=waits_for(facts, "not_yet"))
        return LetterDecision(CONCILIATEUR, E, "Le Médiateur des entreprises (ou la CPME) est la "
                              "voie amiable proposée d'abord : le conciliateur de justice vient "
                              "avant le tribunal judiciaire, s'ils n'ont pas abouti.",
                              facts.basis("conciliateur_de_justice"),
                              waits_for=waits_for(facts, "not_yet"))
    if court.opens_on > facts.today:
        return LetterDecision(CONCILIATEUR, E, f"Possible à partir du "
                              f"{_fr(court.opens_on)}.", court.open_basis,
                              possible_from=court.opens_on)
    done = [n for n in court.notes if n.code == "amicable_attempt_done"]
    if done:
        text = ("Facultatif : " + done[0].message + " Le conciliateur de justice (gratuit) peut "
                "encore aider à un accord.")
    else:
        text = ("Tentative amiable préalable avant le tribunal judiciaire pour une demande de "
                "5 000 € ou moins : le conciliateur de justice est gratuit (permanences sur "
                "conciliateurs.fr) ; sa saisine demande un exposé clair des faits.")
    return LetterDecision(CONCILIATEUR, P, text, facts.basis("conciliateur_de_justice"))


def court_request(facts: CaseFacts, court: Route,
                  routes: Routes | None = None) -> LetterDecision:
    decision = _court_request(facts, court)
    if decision.state is not P or routes is None:
        return decision
    delay = running_notice(facts)
    if delay is None:
        return decision
    return _before_notice_ends(facts, decision, delay, routes)


def _before_notice_ends(facts: CaseFacts, decision: LetterDecision, delay: NoticeDelay,
                        routes: Routes) -> LetterDecision:
    """The court while the mise en demeure's own delay runs: premature until its end — a
    practitioner does not seize the judge before the date he set himself (review 6, N1) —
    unless the prescription of a disputed line is near (then warned, still possible)."""
    mediator_route = routes.mediator
    flags = prescription.invoice_flags(
        facts, mediator_barred(facts, mediator_route),
        prescription.court_view(mediator_route, routes.court))
    sent, end = _fr(sent_on(delay.notice)), _fr(delay.ends_on)
    if any(f.state is PrescriptionState.SOON for f in flags):
        warning = (f"La mise en demeure du {sent} court jusqu'au {end} ; la prescription "
                   "approchant, n'attendez pas son échéance pour agir (voir l'alerte de "
                   "prescription).")
        return replace(decision, warning=f"{decision.warning} {warning}".strip())
    after = add_days(delay.ends_on, 1)
    provisional = ("" if delay.received_known else
                   " (compté de l'envoi, la date de réception n'étant pas renseignée)")
    return LetterDecision(
        COURT_REQUEST, E, f"La mise en demeure du {sent} laisse à l'opérateur "
        f"{delay.days}\u00a0jours, jusqu'au {end}{provisional} : saisir le juge avant cette "
        "échéance lui ôterait son sérieux ; possible à partir du "
        f"{_fr(after)}, si elle reste sans effet.", delay.basis, possible_from=after,
        label=decision.label)


def _court_request(facts: CaseFacts, court: Route) -> LetterDecision:
    # the tribunal de commerce's document is not the Cerfa 16042*02 requête (review4 R1)
    label = COMMERCE_COURT_LABEL if court.kind == TRIBUNAL_DE_COMMERCE else ""
    if facts.court_events:
        event = facts.court_events[0]
        return LetterDecision(COURT_REQUEST, S, f"Tribunal saisi le {_fr(sent_on(event))}.",
                              facts.basis("court_request_cerfa_16042", event),
                              sent_on=sent_on(event), event_id=event.id, label=label)
    if court.kind == TRIBUNAL_DE_COMMERCE:
        # the document gathers the elements for the tribunal de commerce: usable at the last
        # resort, never « ne s'applique pas » (review3 1.2); the Cerfa is said in a warning
        if court.open:
            return LetterDecision(
                COURT_REQUEST, P, "Entreprise commerçante : demande au tribunal de commerce "
                "(C.P.C. 853 : sans avocat obligatoire jusqu'à 10 000 €, représentation "
                "possible par une personne munie d'un pouvoir spécial) ; le mode de saisine "
                "(assignation, requête) est à vérifier auprès du greffe.",
                facts.basis("business_court_commerce"), label=label)
        return _from_reasons(facts, COURT_REQUEST, court, set(), label=label)
    above = [n for n in court.notes if n.code == "above_5000"]
    if above:
        return LetterDecision(COURT_REQUEST, N, above[0].message, above[0].basis)
    if court.open:
        text = ("Requête aux fins de saisine du tribunal judiciaire (Cerfa 16042*02, gratuite), "
                "avec les mentions des articles 54, 57 et 757 du C.P.C. et les pièces numérotées "
                "; une structure d'aide ne peut pas représenter "
                f"{subscriber_words(facts.case).noun} (C.P.C. 762).")
        if court.kind == TO_CHECK:
            text += " Seulement si l'entreprise n'est pas commerçante (sinon tribunal de commerce)."
        return LetterDecision(COURT_REQUEST, P, text, facts.basis("court_request_cerfa_16042"))
    return _from_reasons(facts, COURT_REQUEST, court, set())


def dgccrf(facts: CaseFacts, court: Route) -> LetterDecision:
    reports = facts.find(lambda e: e.kind is EventKind.DGCCRF_REPORT
                         or e.counterpart is Counterpart.DGCCRF)
    if reports:
        return LetterDecision(DGCCRF, S, f"Signalement déjà fait le {_fr(sent_on(reports[0]))}.",
                              facts.basis("last_resort", reports[0]),
                              sent_on=sent_on(reports[0]), event_id=reports[0].id)
    business = (" Pour une entreprise, il a peu d'effet : la DGCCRF ne règle pas un litige "
                "individuel (Médiateur des entreprises ou juge)." if facts.case.is_business
                else "")
    if court.opens_on is not None and court.opens_on <= facts.today:
        return LetterDecision(DGCCRF, P, "Signalement possible (SignalConso, ou courrier à la "
                              "DDPP du département du siège de l'opérateur) : il informe "
                              "l'administration, il ne remplace pas le juge pour obtenir un "
                              "remboursement." + business, facts.basis("last_resort"))
    return LetterDecision(DGCCRF, E, "Dernier recours : après l'avis du médiateur, ou lorsque "
                          "les voies amiables sont fermées (seeds/003)." if not
                          facts.case.is_business else "Dernier recours : après la réponse du "
                          "Médiateur des entreprises ou de la CPME (seeds/003)." + business,
                          facts.basis("last_resort"), possible_from=court.opens_on,
                          waits_for="" if court.opens_on else waits_for(facts, "not_yet"))


def procureur(facts: CaseFacts) -> LetterDecision:
    offence = " ".join(facts.case.offence.split())
    if not offence:
        return LetterDecision(PROCUREUR, N, "Une plainte au procureur suppose une infraction "
                              "pénale précise ; aucune n'est choisie dans le dossier. Un litige "
                              "contractuel relève du juge civil (conciliateur, tribunal).",
                              facts.basis("procureur_qualified_offence"))
    complaints = facts.find(lambda e: e.kind is EventKind.PROCUREUR_COMPLAINT)
    if len(offence) > 120:
        offence = offence[:119] + "…"
    warning = (f"Une plainte ne rembourse rien par elle-même et peut être classée sans suite si "
               f"l'infraction choisie (« {offence} ») n'est pas caractérisée ; la voie civile "
               "(conciliateur, tribunal) reste celle du remboursement.")
    if complaints:
        return LetterDecision(PROCUREUR, S, f"Plainte déjà déposée le "
                              f"{_fr(sent_on(complaints[0]))}.",
                              facts.basis("procureur_qualified_offence", complaints[0]),
                              sent_on=sent_on(complaints[0]), event_id=complaints[0].id,
                              warning=warning)
    if not facts.case.offence_facts.strip():
        # the facts are the user's to write: never invented, and a complaint without them
        # would be dismissed (review 9.1)
        return LetterDecision(PROCUREUR, E, f"Infraction choisie : « {offence} », mais les "
                              "faits qui la constituent ne sont pas rédigés : décrivez-les "
                              "(quelle allégation ou pratique, quand, sur quel support) avec "
                              "l'infraction.", facts.basis("procureur_qualified_offence"),
                              warning=warning)
    return LetterDecision(PROCUREUR, P, f"Infraction choisie : « {offence} ».",
                          facts.basis("procureur_qualified_offence"), warning=warning)


# --- documents around the case --------------------------------------------------------------


def mandate(facts: CaseFacts) -> LetterDecision:
    structure = facts.case.handling_structure
    words = subscriber_words(facts.case)
    if structure is None or not structure.name.strip():
        return LetterDecision(MANDATE, N, f"Aucune structure n'agit pour {words.noun} : pas de "
                              "mandat à faire signer.", facts.basis("mandate_for_structure"))
    if facts.mandates:
        signed = facts.mandates[-1]
        return LetterDecision(MANDATE, S, f"Mandat signé le {_fr(sent_on(signed))}.",
                              facts.basis("mandate_for_structure", signed),
                              sent_on=sent_on(signed), event_id=signed.id)
    own = "leur" if words.plural else "son"
    return LetterDecision(MANDATE, P, f"La structure agit pour {words.noun} : faire signer le "
                          f"mandat avant d'écrire en {own} nom ; {words.noun} "
                          f"{words.verb('garde', 'gardent')} {words.agree('seul')} le pouvoir "
                          "d'accepter l'avis ou de transiger.",
                          facts.basis("mandate_for_structure"))


def portability(facts: CaseFacts) -> LetterDecision:
    if DisputeNature.PORTABILITY not in facts.case.natures:
        return LetterDecision(PORTABILITY, N, "Seulement pour un retard de portage, une perte de "
                              "numéro, ou un rendez-vous manqué lié à un portage ou à un "
                              "changement de fournisseur (L.224-42-1).",
                              facts.basis("portability_compensation"))
    if facts.case.is_business:
        return LetterDecision(PORTABILITY, N, "L'indemnité de L.224-42-1 vise le consommateur : "
                              "son application aux entreprises n'est pas confirmée.",
                              facts.basis("portability_compensation"))
    basis = facts.basis("portability_compensation")
    due = ("Indemnité due sur demande, versée dans les 30 jours par le fournisseur responsable "
           "du retard (L.224-42-1, en vigueur depuis le 25 mai 2018).")
    delay = porting_delay(facts.case, facts.today)
    if delay is None:
        return LetterDecision(PORTABILITY, P, due + " Date de la demande de portabilité non "
                              "renseignée : le retard ne peut pas être compté à partir du "
                              "délai d'un jour ouvrable.", basis)
    asked = f"Portabilité demandée le {_fr(delay.requested_on)}"
    if delay.ported_on is not None and not delay.late:
        return LetterDecision(PORTABILITY, N, f"{asked}, numéro porté le "
                              f"{_fr(delay.ported_on)}, dans le délai d'un jour ouvrable : pas "
                              "de retard de portage à indemniser.", basis)
    if not delay.late:
        return LetterDecision(PORTABILITY, E, f"{asked} : le portage peut intervenir jusqu'au "
                              f"{_fr(delay.due_on)} (un jour ouvrable) ; aucun retard à ce "
                              "jour.", basis, possible_from=delay.first_late_day)
    days = f"{delay.days} jour{'s' if delay.days > 1 else ''} de retard"
    until = f"numéro porté le {_fr(delay.ported_on)}" if delay.ported_on is not None \
        else "toujours pas porté"
    return LetterDecision(PORTABILITY, P, f"{asked}, portage dû le {_fr(delay.due_on)}, "
                          f"{until} : {days}. {due}", basis)


# --- everything -----------------------------------------------------------------------------


def decide(facts: CaseFacts, routes: Routes) -> tuple[LetterDecision, ...]:
    """Every kind's decision, in :data:`LETTER_KINDS` order."""
    if facts.case.status is not CaseStatus.OPEN:
        basis = facts.basis("service_clients_first_contact")
        return tuple(LetterDecision(kind, N, "Dossier clos.", basis) for kind in LETTER_KINDS)
    first = service_clients(facts, routes)
    decisions = {
        SERVICE_CLIENTS: first,
        SERVICE_CONSOMMATEURS: service_consommateurs(facts, routes),
        MEDIATOR: mediator(facts, routes.mediator),
        CPME: cpme(facts, routes.cpme),
        BILLING: billing(facts, first),
        FORMAL_NOTICE: formal_notice(facts, routes.mediator, routes),
        DGCCRF: dgccrf(facts, routes.court),
        PROCUREUR: procureur(facts),
        REMINDER: reminder(facts, routes),
        CONCILIATEUR: conciliateur(facts, routes.court, routes.mediator),
        COURT_REQUEST: court_request(facts, routes.court, routes),
        BUSINESS_MEDIATOR: business_mediator(facts, routes.business_mediator),
        MANDATE: mandate(facts),
        PORTABILITY: portability(facts),
    }
    if facts.formal_notices:
        _wait_for_the_notice(facts, routes, decisions)
    return tuple(decisions[kind] for kind in LETTER_KINDS)


ANNOUNCED_KINDS = {
    Announced.MEDIATOR: (MEDIATOR,),
    Announced.BUSINESS_MEDIATOR: (BUSINESS_MEDIATOR,),
    Announced.CPME: (CPME,),
    Announced.BUSINESS_MEDIATOR_OR_CPME: (BUSINESS_MEDIATOR, CPME),
}
"""The letters that carry out the step a mise en demeure announced, before the court (whose
request waits for the notice's end: :func:`court_request`)."""


def _wait_for_the_notice(facts: CaseFacts, routes: Routes,
                         decisions: dict[str, LetterDecision]) -> None:
    """While the mise en demeure's own delay runs, the step it announced is still possible
    (a free route) but comes after its end: warned, never made premature (review 6, N1). Not
    when the telecom mediator must be seized before that end (its one-year limit)."""
    delay = running_notice(facts)
    if delay is None:
        return
    for kind in ANNOUNCED_KINDS.get(announced(facts, routes, delay.notice), ()):
        decision = decisions[kind]
        latest = routes.mediator.latest
        if decision.state is not P or (kind == MEDIATOR and latest is not None
                                       and latest <= delay.ends_on):
            continue
        text = (f"La mise en demeure du {_fr(sent_on(delay.notice))} court jusqu'au "
                f"{_fr(delay.ends_on)} : attendez-en l'échéance ; cette démarche est celle "
                "qu'elle annonce si elle reste sans effet.")
        warning = f"{decision.warning} {text}" if decision.warning else text
        decisions[kind] = replace(decision, warning=warning)

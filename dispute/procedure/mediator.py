"""The Médiateur des communications électroniques (private subscribers, L.612-2, seeds/001).

Open when the subscriber is a private customer, a written complaint exists, no court or other
mediator handles the case, it is not already seized, the access condition of seeds/001 is met
(both services unsatisfactory; 2 months of service-clients silence; 1 month of
service-consommateurs silence) and the 1-year limit from the first written complaint has not
passed. Then: the opinion (3 months) and the parties' position on it. docs/procedure.md
« Mediator route ».
"""

from __future__ import annotations

from datetime import date

from dispute.calendar import format_date_fr
from dispute.model import Event, EventKind, Party
from dispute.procedure.dates import DelayStart, delay_start, earliest_known_date, sent_on
from dispute.procedure.events import SECOND_LEVEL, event_title, is_written
from dispute.procedure.facts import CaseFacts
from dispute.procedure.oral import oral_complaints_text
from dispute.procedure.results import (
    Basis,
    DateKind,
    EventRef,
    Deadline,
    DeadlineKind,
    DeadlineState,
    NextStep,
    Reason,
    Route,
)
from dispute.procedure.wording import subscriber_words

RULES = frozenset({
    "mediator_after_unsatisfactory_answers", "mediator_after_service_clients_silence",
    "mediator_after_service_consommateurs_silence", "mediator_written_complaint_required",
    "mediator_one_year_limit", "mediator_no_court_or_other_mediator",
    "mediator_private_customers_only", "mediator_opinion_delay", "parties_position_delay",
    "mediator_clocks_written_complaint", "formal_notice_mediator_clock",
})

# Advice on the consumer route's steps and clocks: not given to a business (no service
# consommateurs, and no telecom mediator to wait for: « Le médiateur s'ouvre 2 mois après … »
# or « pourra être saisi à partir du … » would contradict « réservé aux clients particuliers »)
CONSUMER_STEP_CODES = frozenset({"service_consommateurs_not_seized",
                                 "service_clients_step_missing", "answer_outcome_unknown",
                                 "oral_complaints_only"})
# Reasons that only wait for a date: the route is otherwise on its way.
WAITING_CODES = frozenset({"delay_not_elapsed"})
# Reasons that close the route for good: the last resort is proposed instead.
BARRING_CODES = frozenset({"one_year_exceeded", "opens_after_one_year_limit",
                           "court_or_other_mediator"})


def access(facts: CaseFacts) -> tuple[tuple[date, Basis] | None, Reason | None]:
    """When the 001 access condition is met, or why it cannot be computed."""
    resolved = facts.resolved_by()
    if resolved is not None:
        return None, Reason(
            "satisfactory_answer",
            "L'opérateur a donné une réponse satisfaisante le "
            f"{format_date_fr(sent_on(resolved))} "
            "et aucune réclamation n'a suivi.",
            facts.basis("mediator_after_unsatisfactory_answers", resolved))
    paths: list[tuple[date, Basis]] = []
    first_failure = facts.failure([facts.first], "service_consommateurs_access")
    second_start = sent_on(facts.second.complaints[0]) if facts.second.complaints else None
    second_unsat = [a for a in facts.second.unsatisfied_answers()
                    if second_start is not None and sent_on(a) >= second_start]
    if first_failure is not None and second_unsat:
        answer = second_unsat[0]
        paths.append((max(first_failure[0], sent_on(answer)),
                      facts.basis("mediator_after_unsatisfactory_answers", answer)))
    # The silences count from a written complaint only (L.612-2 1°): a call starts no clock.
    if facts.first.pending_written is not None:
        paths.append(facts.after_delay("mediator_after_service_clients_silence",
                                       facts.first.pending_written, extra_day=True))
    if facts.second.pending_written is not None:
        paths.append(facts.after_delay("mediator_after_service_consommateurs_silence",
                                       facts.second.pending_written, extra_day=True))
    if paths:
        return min(paths, key=lambda p: p[0]), None
    return None, _why_no_access(facts)


def oral_note(facts: CaseFacts, basis: Basis | None) -> str:
    """ " Les appels du … ne font courir aucun délai : le délai de la médiation court de la
    réclamation écrite du …" when calls or visits, still unanswered, came before the written
    complaint ``basis`` counts from ("" otherwise); what the calls do start, if anything, is
    said instead of « aucun délai » (``oral.oral_complaints_text``)."""
    if basis is None or basis.event is None:
        return ""
    event = next((e for e in facts.events if e.id == basis.event.id), None)
    if event is None:
        return ""
    oral = tuple(e for e in facts.first.oral_before(event) + facts.second.oral_before(event)
                 if sent_on(e) < sent_on(event))
    if not oral:
        return ""
    return (f" {oral_complaints_text(facts, oral)} : le délai de la médiation court de la "
            "réclamation écrite du "
            f"{format_date_fr(sent_on(event))}.")


def _why_no_access(facts: CaseFacts) -> Reason:
    first, second = facts.first, facts.second
    if not first.complaints and not second.complaints:
        return Reason("no_complaint",
                      "Aucune réclamation datée auprès du service clients n'est enregistrée.",
                      facts.basis("service_clients_first_contact"))
    answer2 = second.last_real_answer
    if answer2 is not None and answer2.outcome is None:
        return Reason(
            "answer_outcome_unknown",
            "La réponse du service consommateurs du "
            f"{format_date_fr(sent_on(answer2))} n'est pas qualifiée : indiquer si elle est "
            "satisfaisante, partielle ou insatisfaisante.",
            facts.basis("mediator_after_unsatisfactory_answers", answer2))
    answer1 = first.last_real_answer
    oral_second = second.oral_before(None)
    if answer1 is not None and not any(is_written(c) for c in second.complaints):
        oral = (f" {oral_complaints_text(facts, oral_second)} : le service consommateurs se saisit "
                "par écrit." if oral_second else "")
        return Reason(
            "service_consommateurs_not_seized",
            f"Le service clients a répondu le {format_date_fr(sent_on(answer1))} : écrire "
            "d'abord au service consommateurs (lettre recommandée avec accusé de réception)."
            + oral,
            facts.basis("service_consommateurs_access", answer1))
    oral = first.oral_before(None) + oral_second
    if oral:
        return Reason(
            "oral_complaints_only",
            f"{oral_complaints_text(facts, oral)} : seule une réclamation écrite (courrier, "
            "lettre recommandée, courriel, formulaire en ligne, échange de chat conservé) fait "
            "courir le délai de la médiation. "
            "Le médiateur s'ouvre 2 mois après une réclamation écrite au service clients "
            "restée sans réponse, 1 mois après une réclamation écrite au service "
            "consommateurs, ou après leurs réponses insatisfaisantes.",
            facts.basis("mediator_clocks_written_complaint", oral[0]))
    if answer2 is not None:
        return Reason(
            "service_clients_step_missing",
            "Le service consommateurs a répondu, mais aucune réclamation au service clients "
            "restée sans réponse ou insatisfaite n'est enregistrée avant elle.",
            facts.basis("mediator_after_unsatisfactory_answers", answer2))
    return Reason("no_complaint",  # pragma: no cover - every complaint is answered or pending
                  "Aucune réclamation en attente auprès de l'opérateur.",
                  facts.basis("service_clients_first_contact"))


def route(facts: CaseFacts) -> Route:
    """Whether the mediator can be seized today, and every reason it cannot."""
    reasons: list[Reason] = []
    if facts.case.is_business:
        reasons.append(Reason(
            "business_subscriber",
            "Le Médiateur des communications électroniques est réservé aux clients "
            f"particuliers ; {subscriber_words(facts.case).is_what}.",
            facts.basis("mediator_private_customers_only")))
    first_written = facts.first_written_complaint()
    latest = latest_basis = None
    if first_written is None:
        reasons.append(Reason(
            "no_written_complaint",
            "Aucune réclamation écrite auprès de l'opérateur n'est enregistrée (courrier, "
            "lettre recommandée, courriel ou échange marqué « écrit »).",
            facts.basis("mediator_written_complaint_required")))
    else:
        event, first_date = first_written
        start = DelayStart(first_date, DateKind.EARLIEST_KNOWN, False)
        latest = facts.rule("mediator_one_year_limit").apply(first_date)
        latest_basis = facts.basis("mediator_one_year_limit", event, start)
    for event in facts.court_events[:1] + facts.other_mediator_saisines[:1]:
        who = "un tribunal" if event in facts.court_events else "un autre médiateur"
        reasons.append(Reason(
            "court_or_other_mediator",
            f"Le litige a été porté devant {who} ({event_title(event)}).",
            facts.basis("mediator_no_court_or_other_mediator", event)))
    found, access_reason = access(facts)
    opens_on, open_basis = found if found else (None, None)
    if facts.mediator_saisines:
        saisine = facts.mediator_saisines[0]
        reasons.append(Reason(
            "already_seized",
            f"Le médiateur a déjà été saisi ({event_title(saisine)}).",
            facts.basis("mediator_opinion_delay", saisine)))
        _check_saisine_timing(facts, saisine, opens_on, latest)
    else:
        if access_reason is not None:
            if not (facts.case.is_business and access_reason.code in CONSUMER_STEP_CODES):
                reasons.append(access_reason)
        elif opens_on > facts.today and not facts.case.is_business:
            reasons.append(Reason(
                "delay_not_elapsed",
                f"Le délai n'est pas écoulé : le médiateur pourra être saisi à partir du "
                f"{format_date_fr(opens_on)}.{oral_note(facts, open_basis)}",
                open_basis, until=opens_on))
        if latest is not None and opens_on is not None and opens_on > latest >= facts.today:
            reasons.append(Reason(
                "opens_after_one_year_limit",
                f"Les conditions d'accès ne seront réunies que le {format_date_fr(opens_on)}, "
                f"après la limite d'un an ({format_date_fr(latest)}) comptée depuis la "
                "première réclamation écrite.",
                latest_basis))
        if latest is not None and facts.today > latest:
            reasons.append(Reason(
                "one_year_exceeded",
                f"Plus d'un an s'est écoulé depuis la première réclamation écrite "
                f"({format_date_fr(first_written[1])}) : la limite était le "
                f"{format_date_fr(latest)}.",
                latest_basis))
    notes = _formal_notice_clock(facts, open_basis)
    return Route("mediator", not reasons, tuple(reasons), opens_on, open_basis,
                 latest, latest_basis, notes=notes)


def _formal_notice_clock(facts: CaseFacts, open_basis: Basis | None) -> tuple[Reason, ...]:
    """When the access delay runs from a mise en demeure (private subscriber, mediator not
    seized): the sources speak of the written complaint to the service; the app counts the
    notice as one, « à vérifier » (rule ``formal_notice_mediator_clock``; review 5, point 11).
    It is a written complaint to the operator all the same (L.612-2 1°)."""
    if (facts.case.is_business or facts.mediator_saisines or open_basis is None
            or open_basis.event is None):
        return ()
    notice = next((n for n in facts.formal_notices if n.id == open_basis.event.id), None)
    if notice is None:
        return ()
    service = ("service consommateurs" if notice.counterpart in SECOND_LEVEL
               else "service clients")
    return (Reason(
        "formal_notice_clock",
        f"Le délai d'accès au médiateur court ici de la mise en demeure du "
        f"{format_date_fr(sent_on(notice))}, comptée comme une réclamation écrite au "
        f"{service} (à vérifier : les sources parlent de la réclamation écrite au service ; une "
        "mise en demeure adressée au service en est une).",
        facts.basis("formal_notice_mediator_clock", notice)),)


def _check_saisine_timing(facts: CaseFacts, saisine: Event, opens_on: date | None,
                          latest: date | None) -> None:
    when = earliest_known_date(saisine)
    if latest is not None and when > latest:
        facts.notice("mediator_seized_late",
                     f"Le médiateur a été saisi le {format_date_fr(when)}, plus d'un an après "
                     f"la première réclamation écrite (limite : {format_date_fr(latest)}) : "
                     "il peut refuser d'examiner le litige (L.612-2 4°).", saisine.id)
    if opens_on is not None and when < opens_on:
        facts.notice("mediator_seized_early",
                     f"Le médiateur a été saisi le {format_date_fr(when)}, avant la date où les "
                     f"conditions d'accès étaient réunies ({format_date_fr(opens_on)}).",
                     saisine.id)


def _position_deadline(facts: CaseFacts) -> Deadline | None:
    """The subscriber's answer to the latest opinion: by the date the opinion sets (R.612-4),
    else one month after it."""
    if not facts.opinions:
        return None
    opinion = facts.opinions[-1]
    due = opinion.response_due
    if due is not None and due >= delay_start(opinion).date:
        ref = EventRef(opinion.id, due, DateKind.RESPONSE_DUE, event_title(opinion))
        when, basis = due, Basis(facts.rule("parties_position_delay"), ref)
    else:
        when, basis = facts.after_delay("parties_position_delay", opinion, extra_day=False)
    met = next((p for p in facts.events if p.kind is EventKind.PARTY_POSITION
                and p.party in (Party.SUBSCRIBER, None)
                and sent_on(p) >= sent_on(opinion)), None)
    return facts.deadline("parties_position_due",
                          f"Position {subscriber_words(facts.case).of} sur l'avis du médiateur",
                          when, DeadlineKind.LIMIT, basis, met)


def deadlines(facts: CaseFacts, mediator: Route) -> list[Deadline | None]:
    """When it opens and its 1-year limit (private subscribers), the opinion, the position."""
    out: list[Deadline | None] = []
    saisine = facts.mediator_saisines[0] if facts.mediator_saisines else None
    if not facts.case.is_business:
        if mediator.opens_on is not None:
            out.append(facts.deadline("mediator_earliest", "Saisine du médiateur possible",
                                      mediator.opens_on, DeadlineKind.OPENS,
                                      mediator.open_basis, saisine))
        if mediator.latest is not None:
            in_time = saisine and earliest_known_date(saisine) <= mediator.latest
            met = saisine if in_time else None
            out.append(facts.deadline("mediator_one_year_limit",
                                      "Date limite de saisine du médiateur (1 an)",
                                      mediator.latest, DeadlineKind.LIMIT,
                                      mediator.latest_basis, met))
    if saisine is not None:
        when, basis = facts.after_delay("mediator_opinion_delay", saisine, extra_day=False)
        met = next((o for o in facts.opinions if sent_on(o) >= sent_on(saisine)), None)
        out.append(facts.deadline("mediator_opinion_due", "Avis attendu du médiateur", when,
                                  DeadlineKind.EXPECTED, basis, met))
    out.append(_position_deadline(facts))
    return out


def seize_step(facts: CaseFacts, mediator: Route) -> NextStep | None:
    """Seize the mediator, when nothing but the delay stands in the way."""
    blocking = {r.code for r in mediator.reasons} - WAITING_CODES
    if facts.case.is_business or blocking or mediator.opens_on is None:
        return None
    return NextStep(
        "seize_mediator",
        "Saisir le Médiateur des communications électroniques (en ligne de préférence, "
        "ou par courrier avec le formulaire), en joignant les courriers et réponses",
        mediator.opens_on, mediator.latest, mediator.open_basis, mediator.latest_basis)


def barred(facts: CaseFacts, mediator: Route) -> bool:
    """A private subscriber's mediator route closed for good (1-year limit, court, other)."""
    blocking = {r.code for r in mediator.reasons} - WAITING_CODES
    return not facts.case.is_business and bool(blocking & BARRING_CODES)


def await_opinion_step(facts: CaseFacts) -> NextStep | None:
    if not facts.mediator_saisines:
        return None
    saisine = facts.mediator_saisines[0]
    when, basis = facts.after_delay("mediator_opinion_delay", saisine, extra_day=False)
    return NextStep("await_mediator_opinion",
                    "Attendre l'avis du médiateur et répondre à ses demandes",
                    delay_start(saisine).date, when, basis)


def answer_opinion_step(facts: CaseFacts) -> NextStep | None:
    """State the subscriber's position on the latest opinion, unless already done."""
    deadline = _position_deadline(facts)
    if deadline is None or deadline.state is DeadlineState.MET:
        return None
    words = subscriber_words(facts.case)
    return NextStep(
        "answer_mediator_opinion",
        f"Faire connaître à l'opérateur et au médiateur si {words.noun} "
        f"{words.verb('accepte', 'acceptent')} l'avis",
        delay_start(facts.opinions[-1]).date, deadline.date, deadline.basis)

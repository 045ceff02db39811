"""The amicable steps already taken, as the court request and the conciliateur letter recall
them: the mediator's saisine and opinion, a conciliateur, the written complaints to the
operator (C.P.C. art. 54: the request states the « diligences entreprises en vue d'une
résolution amiable »; art. 750-1: a mediation or a conciliation before a claim of 5,000 € or
less, number to check since decree 2025-660)."""

from __future__ import annotations

from datetime import date

from dispute.calendar import format_date_fr
from dispute.model import Case, Counterpart, EventKind
from dispute.procedure import OPERATOR_SIDE, is_written, sent_on
from documents.letters.steps import event_what

AMICABLE_BODIES = frozenset({Counterpart.MEDIATOR, Counterpart.CONCILIATEUR,
                             Counterpart.BUSINESS_MEDIATOR, Counterpart.CPME})


def amicable_steps(case: Case, today: date) -> list[str]:
    """« 2 juillet 2026 : saisine du Médiateur des communications électroniques », one per
    written complaint, saisine, opinion or answer of an amicable body, in date order."""
    out = []
    for ev in case.events_in_order():
        when = sent_on(ev)
        if when is None or when > today:
            continue
        to_operator = ev.counterpart in OPERATOR_SIDE and is_written(ev) and \
            ev.kind is not EventKind.ANSWER
        amicable = ev.counterpart in AMICABLE_BODIES and ev.kind in (
            EventKind.SAISINE, EventKind.MEDIATOR_OPINION, EventKind.ANSWER,
            EventKind.LETTER, EventKind.REGISTERED_LETTER, EventKind.EMAIL)
        if to_operator or amicable:
            what = event_what(ev, to_operator=False)
            out.append(f"{format_date_fr(when)} : {what[:1].lower()}{what[1:]}")
    return out


def mediation_or_conciliation(case: Case, today: date) -> bool:
    """Whether a mediator or a conciliateur was seized (the prior amicable attempt)."""
    return any(ev.counterpart in (Counterpart.MEDIATOR, Counterpart.CONCILIATEUR,
                                  Counterpart.BUSINESS_MEDIATOR)
               and ev.kind in (EventKind.SAISINE, EventKind.MEDIATOR_OPINION)
               and sent_on(ev) is not None and sent_on(ev) <= today
               for ev in case.events)


PRIOR_ATTEMPT_NOTE = (
    "Avant de saisir le tribunal judiciaire pour une demande de 5 000 € ou moins, une "
    "tentative de médiation ou de conciliation est exigée, à peine d'irrecevabilité (Code de "
    "procédure civile, art. 750-1, pour les instances introduites depuis le 1er octobre "
    "2023 ; numérotation à vérifier depuis le décret n° 2025-660). L'avis du médiateur ou "
    "une tentative devant un conciliateur de justice en tient lieu.")

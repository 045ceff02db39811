"""Warnings on the case data: undated or future events, fallback dates, missing addresses.

docs/procedure.md « Warnings ».
"""

from __future__ import annotations

from dispute.calendar import format_date_fr
from dispute.labels import label
from dispute.model import Counterpart, Event, EventKind
from dispute.procedure.dates import (
    delay_start,
    earliest_known_date,
    inconsistent_tracking,
    sent_on,
)
from dispute.procedure.events import (
    OPERATOR_SIDE,
    event_title,
    is_complaint,
    is_written,
    marked_written_but_oral,
)
from dispute.procedure.facts import CaseFacts
from dispute.procedure.oral import not_started_clause
from dispute.procedure.results import DateKind
from dispute.stages import Stage


def data_warnings(facts: CaseFacts, stage: Stage) -> None:
    """Add to ``facts.notices`` every warning on the events and the operator."""
    for event in facts.case.events:
        if sent_on(event) is None and earliest_known_date(event) is None:
            facts.notice("undated_event",
                         f"L'événement « {label(event.kind)} — {label(event.counterpart)} » "
                         "n'a pas de date : il n'est pas pris en compte dans les délais.",
                         event.id)
    for event in facts.events:
        when = sent_on(event)
        if when > facts.today:
            facts.notice("future_event",
                         f"{event_title(event)} : date postérieure à aujourd'hui, à vérifier.",
                         event.id)
        _delay_start_warning(facts, event)
        if inconsistent_tracking(event):
            facts.notice("inconsistent_tracking_dates",
                         f"{event_title(event)} : date de réception ou de présentation "
                         "antérieure à l'envoi, ignorée (à corriger).", event.id)
        if marked_written_but_oral(event):
            clause = not_started_clause(facts)
            not_started = f" et {clause}" if clause else ""
            facts.notice("oral_marked_written",
                         f"{event_title(event)} : marqué « écrit », mais un appel ou une visite "
                         f"n'est pas une réclamation écrite{not_started} ; enregistrer le "
                         "courriel ou le courrier de confirmation s'il existe.",
                         event.id)
        if event.kind is EventKind.ANSWER and event.outcome is None:
            facts.notice("answer_without_outcome",
                         f"{event_title(event)} : indiquer si la réponse est satisfaisante, "
                         "partielle ou insatisfaisante (elle compte comme une réponse).",
                         event.id)
    for complaint in facts.second.complaints:
        if not is_written(complaint):
            facts.notice("service_consommateurs_not_written",
                         f"{event_title(complaint)} : le service consommateurs se saisit par "
                         "écrit, par lettre recommandée avec accusé de réception (seeds/001, "
                         "seeds/003).", complaint.id)
    _operator_warnings(facts, stage)


def _delay_start_warning(facts: CaseFacts, event: Event) -> None:
    mediator_saisine = (event.kind is EventKind.SAISINE
                        and event.counterpart is Counterpart.MEDIATOR)
    counts = is_complaint(event, OPERATOR_SIDE) or mediator_saisine
    if not counts:
        return
    start = delay_start(event)
    title = event_title(event)
    if event.kind is EventKind.REGISTERED_LETTER and event.registered is None:
        facts.notice("registered_letter_without_tracking",
                     f"{title} : aucun suivi de recommandé (dates de présentation et de "
                     "réception) : délais comptés depuis l'envoi, à titre provisoire.", event.id)
    elif start.kind is DateKind.POSTED and event.registered is not None:
        facts.notice("registered_letter_without_receipt",
                     f"{title} : date de réception et de première présentation inconnues : "
                     f"délais comptés depuis l'envoi du {format_date_fr(start.date)}, à titre "
                     "provisoire.", event.id)
    elif start.kind is DateKind.POSTED:
        facts.notice("letter_without_receipt",
                     f"{title} : courrier simple, date de réception inconnue : délais comptés "
                     "depuis l'envoi, à titre provisoire (préférer la lettre recommandée avec "
                     "accusé de réception, seeds/003).", event.id)
    elif start.kind in (DateKind.FIRST_PRESENTED, DateKind.NOT_CLAIMED):
        not_claimed = " (pli non réclamé)" if start.kind is DateKind.NOT_CLAIMED else ""
        facts.notice("registered_letter_without_receipt",
                     f"{title} : accusé de réception sans date de signature{not_claimed} : "
                     f"délais comptés depuis la première présentation du "
                     f"{format_date_fr(start.date)}.", event.id)


def _operator_warnings(facts: CaseFacts, stage: Stage) -> None:
    if stage is Stage.CLOSED:
        return
    operator = facts.case.operator
    if not operator.name.strip() and not operator.directory_id.strip():
        facts.notice("operator_unknown", "Opérateur non renseigné.")
    early = (Stage.NO_STEP, Stage.SERVICE_CLIENTS, Stage.SERVICE_CONSOMMATEURS)
    if stage in early[:2] and operator.service_clients_address.is_empty():
        facts.notice("service_clients_address_unknown",
                     "Adresse du service clients inconnue : la relever sur le contrat ou une "
                     "facture (seeds/001).")
    # a business has no « service consommateurs » (Arcep): nothing to look for
    if stage in early and operator.service_consommateurs_address.is_empty() \
            and not facts.case.is_business:
        facts.notice("service_consommateurs_address_unknown",
                     "Adresse du service consommateurs inconnue : la relever sur le contrat ou "
                     "une facture (seeds/001).")

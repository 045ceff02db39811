"""Compose: from a case (and its assessment) to the content model of each letter.

Public API
----------
- :class:`LetterKind`: the letters the application writes;
- :func:`available_letters(case, assessment)`: each kind, whether it fits the case now, and
  why (French);
- :func:`compose_letter(kind, case, assessment, settings, today)` → :class:`ComposedLetter`:
  the :class:`~documents.content.Letter`, the warnings for the user (missing address, values
  to fill, rules to check), and for the mediator saisine the summary sheet (``annex``, a
  :class:`~documents.content.Report`);
- :func:`composed_pdf_bytes` / :func:`composed_docx_bytes`: the letter and its annex as one
  PDF or one DOCX (``documents.letters_output``).

Wording lives in ``documents.letters_operator`` (letters to the operator) and
``documents.letters_bodies`` (mediator, CPME, DGCCRF, procureur), shared pieces in
``documents.letters_common``. docs/letters.md describes every letter, when it is available,
what it cites and its sources. Qt-free, store-free.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dispute.directory import Directory
from dispute.model import Case, CaseStatus, EventKind
from dispute.procedure import (
    FIRST_LEVEL,
    OPERATOR_SIDE,
    Assessment,
    Stage,
    is_written,
)
from documents.content import Letter, Report
from documents.letter_settings import LetterSettings
from documents.letters_bodies import (
    compose_cpme,
    compose_dgccrf,
    compose_mediator,
    compose_procureur,
)
from documents.letters_common import Notes, typeset
from documents.letters_operator import (
    compose_billing,
    compose_formal_notice,
    compose_service_clients,
    compose_service_consommateurs,
)

logger = logging.getLogger(__name__)


class LetterKind(StrEnum):
    SERVICE_CLIENTS = "reclamation_service_clients"
    SERVICE_CONSOMMATEURS = "recours_service_consommateurs"
    MEDIATOR = "saisine_mediateur"
    CPME = "demande_cpme"
    BILLING = "contestation_facturation"
    FORMAL_NOTICE = "mise_en_demeure"
    DGCCRF = "courrier_dgccrf"
    PROCUREUR = "plainte_procureur"


LETTER_LABELS: dict[LetterKind, str] = {
    LetterKind.SERVICE_CLIENTS: "Réclamation au service clients",
    LetterKind.SERVICE_CONSOMMATEURS: "Lettre recommandée au service consommateurs",
    LetterKind.MEDIATOR: "Saisine du Médiateur des communications électroniques",
    LetterKind.CPME: "Demande d'intervention à la CPME",
    LetterKind.BILLING: "Contestation de facturation",
    LetterKind.FORMAL_NOTICE: "Mise en demeure",
    LetterKind.DGCCRF: "Courrier à la DGCCRF (DDPP / DDETSPP)",
    LetterKind.PROCUREUR: "Plainte auprès du procureur de la République",
}

FILE_STEMS: dict[LetterKind, str] = {k: k.value for k in LetterKind}


@dataclass(frozen=True)
class ComposedLetter:
    """What :func:`compose_letter` returns.

    ``warnings``: French sentences for the user (never printed on the letter): addresses to
    fill, missing values, rules to check. ``annex``: the mediator's summary sheet (printed after
    the cover letter). ``postal``: False for the CPME request, which is sent by email (its
    recipient block is not a postal address)."""

    kind: LetterKind
    letter: Letter
    warnings: tuple[str, ...] = ()
    annex: Report | None = None
    postal: bool = True

    @property
    def label(self) -> str:
        return LETTER_LABELS[self.kind]

    def file_stem(self) -> str:
        """ "2026-07-01_saisine_mediateur" (ASCII, safe on every OS)."""
        day = self.letter.date.isoformat() if self.letter.date else "sans-date"
        return f"{day}_{FILE_STEMS[self.kind]}"


@dataclass(frozen=True)
class LetterAvailability:
    kind: LetterKind
    available: bool
    reason: str  # French: why it is available, or why not (yet)

    def __iter__(self):  # unpack as (kind, available, reason)
        return iter((self.kind, self.available, self.reason))

    @property
    def label(self) -> str:
        return LETTER_LABELS[self.kind]


# --------------------------------------------------------------------------------------------
# Availability


def _first_level_complaints(case: Case) -> list:
    return [e for e in case.events if e.counterpart in FIRST_LEVEL
            and e.kind is not EventKind.ANSWER and e.direction.value == "outgoing"
            and e.kind not in (EventKind.OUTAGE, EventKind.TECHNICIAN_VISIT)]


def _written_operator_complaints(case: Case) -> list:
    return [e for e in case.events if e.counterpart in OPERATOR_SIDE
            and e.kind is not EventKind.ANSWER and e.direction.value == "outgoing"
            and is_written(e)]


def _last_resort_reached(case: Case, a: Assessment) -> tuple[bool, str]:
    if a.stage in (Stage.MEDIATOR_OPINION, Stage.LAST_RESORT):
        return True, f"Dernier recours possible : {a.stage_label.lower()}."
    if any(s.id == "last_resort" for s in a.next_steps):
        return True, "Dernier recours possible : le médiateur ne peut plus être saisi."
    if case.is_business and a.stage is Stage.CPME_SEIZED:
        return True, "Dernier recours possible après l'intervention de la CPME."
    if case.is_business:
        return False, ("Dernier recours : à envisager après l'échec des démarches auprès de "
                       "l'opérateur et de l'intervention de la CPME (seeds/003, seeds/000).")
    return False, ("Dernier recours : à envisager après l'avis du médiateur, ou lorsque le "
                   "médiateur ne peut plus être saisi (seeds/003, étape M+5).")


def _route_reason(route) -> str:
    return " ".join(r.message for r in route.reasons) or "Voie non ouverte."


def available_letters(case: Case, assessment: Assessment) -> list[LetterAvailability]:
    """Each letter kind, whether it fits the case on the assessment's date, and why.

    Items unpack as ``(kind, available, reason)``. Every kind can still be composed (the GUI
    may let the user prepare a letter in advance); :func:`compose_letter` then adds the reason
    to its warnings."""
    a = assessment
    out: list[LetterAvailability] = []

    def add(kind: LetterKind, ok: bool, reason: str) -> None:
        out.append(LetterAvailability(kind, ok, reason))

    closed = case.status is not CaseStatus.OPEN or a.stage is Stage.CLOSED
    if closed:
        reason = f"Dossier clos ({a.stage_reason})" if a.stage_reason else "Dossier clos."
        for kind in LetterKind:
            add(kind, False, reason)
        return out

    # 1. Service clients: the first step, always possible.
    first = _first_level_complaints(case)
    add(LetterKind.SERVICE_CLIENTS, True,
        "Première étape : réclamation écrite au service clients, de préférence en lettre "
        "recommandée avec accusé de réception (seeds/003)." if not first else
        "Une nouvelle réclamation écrite au service clients reste possible.")

    # 2. Service consommateurs: after the service clients failed (1 month or unsatisfactory).
    step = next((s for s in a.next_steps if s.id == "write_service_consommateurs"), None)
    if not first:
        add(LetterKind.SERVICE_CONSOMMATEURS, False,
            "Aucune réclamation au service clients n'est enregistrée : écrivez-lui d'abord "
            "(seeds/001).")
    elif a.stage is Stage.SERVICE_CLIENTS and step is None:
        add(LetterKind.SERVICE_CONSOMMATEURS, False,
            "Le service clients n'est pas en échec : sa dernière réponse est satisfaisante, ou "
            "son délai de réponse d'un mois court encore (seeds/001).")
    elif step is not None and step.earliest > a.today:
        add(LetterKind.SERVICE_CONSOMMATEURS, False,
            f"Le service consommateurs pourra être saisi à partir du "
            f"{_fr(step.earliest)} si le service clients n'a pas répondu (délai d'un mois, "
            "seeds/001).")
    else:
        add(LetterKind.SERVICE_CONSOMMATEURS, True,
            "Le service clients n'a pas répondu dans le délai d'un mois ou sa réponse est "
            "insatisfaisante : écrivez au service consommateurs en lettre recommandée "
            "(seeds/001, seeds/003).")

    # 3. Mediator: when its route is open.
    if a.mediator.open:
        limit = f" Au plus tard le {_fr(a.mediator.latest)}." if a.mediator.latest else ""
        add(LetterKind.MEDIATOR, True,
            "Les conditions de saisine du médiateur sont réunies (seeds/001)." + limit)
    else:
        add(LetterKind.MEDIATOR, False, _route_reason(a.mediator))

    # 4. CPME: when its route is open.
    if a.cpme.open:
        add(LetterKind.CPME, True,
            "La CPME peut être saisie : tentative auprès de l'opérateur échouée, opérateur "
            "concerné, cinq éléments disponibles (seeds/000).")
    else:
        add(LetterKind.CPME, False, _route_reason(a.cpme))

    # 5. Billing: when there are disputed invoice lines.
    if case.invoice_lines:
        add(LetterKind.BILLING, True,
            f"{len(case.invoice_lines)} ligne(s) de facture contestée(s) (seeds/002).")
    else:
        add(LetterKind.BILLING, False, "Aucune ligne de facture contestée n'est enregistrée.")

    # 6. Last resort.
    written = _written_operator_complaints(case)
    reached, why = _last_resort_reached(case, a)
    amicable_failed = (reached or (a.mediator.opens_on is not None and a.mediator.opens_on
                                   <= a.today) or (case.is_business and a.cpme.opens_on
                                                   is not None and a.cpme.opens_on <= a.today))
    if not written:
        add(LetterKind.FORMAL_NOTICE, False,
            "Aucune réclamation écrite à l'opérateur n'est enregistrée : une mise en demeure "
            "suppose l'échec des démarches écrites.")
    elif not amicable_failed:
        add(LetterKind.FORMAL_NOTICE, False,
            "Les démarches auprès de l'opérateur ne sont pas encore en échec.")
    else:
        add(LetterKind.FORMAL_NOTICE, True,
            "Les démarches écrites auprès de l'opérateur ont échoué : une mise en demeure est "
            "possible avant une action en justice.")
    add(LetterKind.DGCCRF, reached, why)
    add(LetterKind.PROCUREUR, reached, why)
    return out


def _fr(d: date | None) -> str:
    from dispute.calendar import format_date_fr

    return format_date_fr(d) if d else ""


# --------------------------------------------------------------------------------------------
# Compose


def compose_letter(kind: LetterKind | str, case: Case, assessment: Assessment,
                   settings: LetterSettings | None = None, today: date | None = None, *,
                   exhibit_ids: Sequence[str] | None = None,
                   directory: Directory | None = None) -> ComposedLetter:
    """The letter ``kind`` for ``case`` on ``today`` (default: the assessment's date).

    ``exhibit_ids`` limits the enclosures (default: every exhibit of the case, by number);
    ``directory`` defaults to the shipped directory (the GUI passes the user's merged one).
    Never raises on odd case data: what is missing becomes a visible placeholder and a
    warning."""
    kind = LetterKind(kind)
    settings = settings or LetterSettings()
    today = today or assessment.today
    notes = Notes()
    status = next((x for x in available_letters(case, assessment) if x.kind is kind), None)
    if status is not None and not status.available:
        notes.add(f"Ce courrier ne correspond pas encore à l'état du dossier : {status.reason}")
    annex: Report | None = None
    postal = True
    if kind is LetterKind.SERVICE_CLIENTS:
        letter = compose_service_clients(case, assessment, settings, today, notes, exhibit_ids)
    elif kind is LetterKind.SERVICE_CONSOMMATEURS:
        letter = compose_service_consommateurs(case, assessment, settings, today, notes,
                                               exhibit_ids)
    elif kind is LetterKind.MEDIATOR:
        letter, annex = compose_mediator(case, assessment, settings, today, notes, exhibit_ids,
                                         directory)
    elif kind is LetterKind.CPME:
        letter = compose_cpme(case, assessment, settings, today, notes, exhibit_ids, directory)
        postal = False
    elif kind is LetterKind.BILLING:
        letter = compose_billing(case, assessment, settings, today, notes, exhibit_ids)
    elif kind is LetterKind.FORMAL_NOTICE:
        letter = compose_formal_notice(case, assessment, settings, today, notes, exhibit_ids)
    elif kind is LetterKind.DGCCRF:
        letter = compose_dgccrf(case, assessment, settings, today, notes, exhibit_ids, directory)
    else:
        letter = compose_procureur(case, assessment, settings, today, notes, exhibit_ids)
    logger.debug("Composed %s for case %s: %d warning(s)", kind.value, case.id,
                 len(notes.items))
    return ComposedLetter(kind, typeset(letter), tuple(notes.items), annex, postal)


def compose_all(case: Case, assessment: Assessment, settings: LetterSettings | None = None,
                today: date | None = None) -> list[ComposedLetter]:
    """Every available letter (what a dossier would hold)."""
    return [compose_letter(a.kind, case, assessment, settings, today)
            for a in available_letters(case, assessment) if a.available]


from documents.letters_output import composed_docx_bytes, composed_pdf_bytes

__all__ = [
    "LETTER_LABELS",
    "ComposedLetter",
    "LetterAvailability",
    "LetterKind",
    "available_letters",
    "compose_all",
    "compose_letter",
    "composed_docx_bytes",
    "composed_pdf_bytes",
]

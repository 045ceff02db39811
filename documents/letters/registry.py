"""Every letter kind's declaration (:data:`SPECS`, in the order the letters are listed), whether
each fits the case now, and the compose step that turns a declaration into a
:class:`~documents.letters.composed.ComposedLetter`."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from dispute.calendar import format_date_fr

from dispute.directory import Directory
from dispute.letter_kinds import LetterKind
from dispute.model import Case
from dispute.procedure import Assessment
from documents.content import Paragraph, Run
from documents.glyphs import case_texts
from documents.letter_settings import LetterSettings
from documents.letters.billing import SPEC as BILLING
from documents.letters.billing import prescription_notes
from documents.letters.business_mediator import SPEC as BUSINESS_MEDIATOR
from documents.letters.composed import ComposedLetter, LetterAvailability
from documents.letters.core import LetterSpec, Notes, Request
from documents.letters.conciliateur import SPEC as CONCILIATEUR
from documents.letters.court_request import SPEC as COURT_REQUEST
from documents.letters.cpme import SPEC as CPME
from documents.letters.dgccrf import SPEC as DGCCRF
from documents.letters.formal_notice import SPEC as FORMAL_NOTICE
from documents.letters.mandate import SPEC as MANDATE
from documents.letters.mediator import SPEC as MEDIATOR
from documents.letters.portability import SPEC as PORTABILITY_COMPENSATION
from documents.letters.procureur import SPEC as PROCUREUR
from documents.letters.reminder import SPEC as REMINDER
from documents.letters.service_clients import SPEC as SERVICE_CLIENTS
from documents.letters.service_consommateurs import SPEC as SERVICE_CONSOMMATEURS
from documents.letters.typography import typeset

logger = logging.getLogger(__name__)

SPECS: dict[LetterKind, LetterSpec] = {spec.kind: spec for spec in (
    SERVICE_CLIENTS,
    SERVICE_CONSOMMATEURS,
    REMINDER,
    MEDIATOR,
    CPME,
    BILLING,
    PORTABILITY_COMPENSATION,
    BUSINESS_MEDIATOR,
    FORMAL_NOTICE,
    CONCILIATEUR,
    COURT_REQUEST,
    DGCCRF,
    PROCUREUR,
    MANDATE,
)}


class UnknownLetterKind(ValueError):
    """A letter kind no module of this package writes."""


def spec_of(kind: LetterKind | str) -> LetterSpec:
    try:
        return SPECS[LetterKind(kind)]
    except (KeyError, ValueError) as error:
        raise UnknownLetterKind(f"Type de courrier inconnu : {kind!r}") from error


NOT_DECIDED = "La procédure ne se prononce pas sur ce courrier pour ce dossier."


def available_letters(case: Case, assessment: Assessment) -> list[LetterAvailability]:
    """Each letter kind, whether it fits the case on the assessment's date, and why: the
    procedure engine's decision (``assessment.letters``: possible, premature with its date,
    already sent with the answer expected, not applicable with why — issue 9, point 2), with
    its warning before writing (the procureur complaint). No availability rule lives here.

    Items unpack as ``(kind, available, reason)``. Every kind can still be composed (the GUI
    may let the user prepare a letter in advance); :func:`compose_letter` then adds the reason
    to its warnings."""
    decisions = {str(d.kind): d for d in getattr(assessment, "letters", ()) or ()}
    out = []
    for kind in SPECS:
        decision = decisions.get(kind.value)
        if decision is None:
            out.append(LetterAvailability(kind, False, NOT_DECIDED))
            continue
        warning = str(getattr(decision, "warning", "") or "")
        reason = str(decision.reason) + (f" {warning}" if warning else "")
        out.append(LetterAvailability(kind, str(decision.state) == "possible", reason,
                                      warning=warning, state=str(decision.state),
                                      possible_from=getattr(decision, "possible_from", None),
                                      title=str(getattr(decision, "label", "") or "")))
    return out


def state_warning(status: LetterAvailability) -> tuple[str, Paragraph | None]:
    """The warning for a letter the engine does not find possible today, and the line printed
    at the top of the letter when it must not be sent as it is (review T2, T11): a premature
    letter says from when; a letter that does not apply says so, without « pas encore »; a
    letter already sent says when."""
    from documents.chronology import human_sources  # chronology imports the letters

    # printed in the letter: the public source (« délai d'un mois, fiche du service public
    # sur le médiateur »), never the project's « seeds/001 » (fresh-eyes 19)
    reason = human_sources(status.reason).rstrip()
    if len(reason) > 1 and not reason[1].isupper():  # after a colon: « : le médiateur… »
        reason = reason[:1].lower() + reason[1:]
    if status.state == "premature":
        when = (f" (possible à partir du {format_date_fr(status.possible_from)})"
                if status.possible_from is not None and
                format_date_fr(status.possible_from) not in reason else "")
        head = (f"PROJET — NE PAS ENVOYER AVANT LE {format_date_fr(status.possible_from)}"
                if status.possible_from is not None else "PROJET — NE PAS ENVOYER")
        return (f"Ce courrier est prématuré : {reason}{when}",
                Paragraph.of(Run(f"{head}. ", bold=True), f"Ce courrier est prématuré : {reason}"
                             f"{when}"))
    if status.state == "not_applicable":
        return (f"Ce courrier ne s'applique pas à ce dossier : {reason} Ne l'envoyez pas.",
                Paragraph.of(Run("PROJET — NE PAS ENVOYER. ", bold=True),
                             f"Ce courrier ne s'applique pas à ce dossier : {reason}"))
    if status.state == "sent":
        return f"Ce courrier a déjà été envoyé : {reason}", None
    return reason, None


NO_CLAIM = frozenset({LetterKind.MANDATE, LetterKind.DGCCRF, LetterKind.PROCUREUR,
                      LetterKind.PORTABILITY_COMPENSATION})
"""The kinds that claim nothing on the disputed invoice lines (no L.34-2 warning)."""


def compose_letter(kind: LetterKind | str, case: Case, assessment: Assessment,
                   settings: LetterSettings | None = None, today: date | None = None, *,
                   exhibit_ids: Sequence[str] | None = None,
                   directory: Directory | None = None) -> ComposedLetter:
    """The letter ``kind`` for ``case`` on ``today`` (default: the assessment's date).

    ``exhibit_ids`` limits the enclosures (default: every exhibit of the case, by number);
    ``directory`` defaults to the shipped directory (the GUI passes the user's merged one).
    Never raises on odd case data: what is missing becomes a visible placeholder and a
    warning."""
    spec = spec_of(kind)
    settings = settings or LetterSettings()
    today = today or assessment.today
    notes = Notes()
    status = next((x for x in available_letters(case, assessment) if x.kind is spec.kind), None)
    banner = None
    if status is not None and not status.available:
        warning, banner = state_warning(status)
        notes.add(warning)
    request = Request(case, assessment, settings, today, notes, exhibit_ids, directory)
    letter = spec.compose(request)
    if case.invoice_lines and spec.kind not in NO_CLAIM:
        # every letter whose demand covers the disputed lines, not only the billing
        # contestation (review2 8.1): a 15-day formal notice can outlast the prescription
        prescription_notes(assessment, notes)
    if banner is not None:
        letter = replace(letter, body=(banner, *letter.body))
    annex = spec.annex(request) if spec.annex is not None else None
    logger.debug("Composed %s for case %s: %d warning(s)", spec.kind.value, case.id,
                 len(notes.items))
    return ComposedLetter(spec.kind, typeset(letter), tuple(notes.items), annex, spec.postal,
                          case_texts(case), status.title if status is not None else "")


def compose_all(case: Case, assessment: Assessment, settings: LetterSettings | None = None,
                today: date | None = None) -> list[ComposedLetter]:
    """Every available letter (what a dossier would hold)."""
    return [compose_letter(a.kind, case, assessment, settings, today)
            for a in available_letters(case, assessment) if a.available]

"""The complete dossier for the mediator or the CPME: one zip the recipient can act on without
asking a question (docs/dossier.md).

``build_dossier(case, exhibit_paths, out_zip, *, today, target, ...)``:

1. checks that every exhibit of the case has a file, present and of the recorded size (cheap,
   before anything is generated); a missing or resized exhibit stops here with an error naming
   it;
2. composes the letters relevant to the target (``documents.letters``, imported lazily; or the
   letters passed in ``letters=``), each rendered as PDF and DOCX;
3. renders the chronology (PDF), the exhibit index (PDF and DOCX) and ``LISEZMOI.txt``;
4. writes the zip with ``documents.dossier_zip.ConcurrentDossierZip``: every exhibit is copied
   and checked against its recorded SHA-256, the zip written to a temporary file, checked, then
   renamed. On any error (missing or altered exhibit, cancel, disk full) nothing is left at
   ``out_zip``.

Steps 2–4 overlap: the documents are rendered in up to two worker processes (in the calling
thread for a small case or when no worker can start; from the command line on Linux, by
children forked from the calling process) while a thread copies the exhibits into the zip; the
documents are appended at the end (docs/dossier.md, "Performance").

Layout::

    LISEZMOI.txt
    01_Courriers/01_<courrier>.pdf, .docx
    02_Chronologie/Chronologie.pdf
    03_Bordereau/Bordereau des pieces.pdf, .docx
    04_Pieces/P01_<titre>.<ext> ...
    manifest.json, MANIFESTE.txt

``progress(done, total, message)`` covers generation and zipping with one constant ``total``
(each generated document weighs :data:`STEP_WEIGHT`, plus the exhibits' bytes); ``cancel()`` is
checked between documents, every :data:`POLL_SECONDS` while waiting, and inside the zip build
(``DossierCancelled``). Both are called from the caller's thread only.

Qt-free, store-free: the caller gives the exhibit files (``store.casefile.read_case_file(...)
.sources`` or the store's paths).
"""

from __future__ import annotations

import importlib
import logging
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as dt_time
from enum import StrEnum
from pathlib import Path
from typing import Any, Self

from dispute.accents import strip_accents
from dispute.filenames import cut_at_word
from dispute.labels import label, natures_words
from dispute.model import BusinessForm, Case, Civility, EventKind, Exhibit
from dispute.procedure import STAGE_LABELS, Assessment, assess
from documents.chronology import (
    RouteState,
    assessment_routes,
    chronology_report,
    contract_text,
    cpme_fields,
    human_sources,
    line_text,
    route_name,
    route_reasons,
    route_state,
    route_status,
)
from documents.content import Letter
from documents.dossier_zip import (
    FOLDER_CHRONOLOGY,
    FOLDER_EXHIBITS,
    FOLDER_INDEX,
    FOLDER_LETTERS,
    MANIFEST_JSON,
    MANIFEST_TEXT,
    PENDING,
    ConcurrentDossierZip,
    DossierCancelled,
    DossierExhibitAlteredError,
    DossierExhibitMissingError,
    DossierExhibitUnreadableError,
    DossierZipResult,
    dossier_entries,
    exhibit_arcname,
    sanitise_arcnames,
)
from documents.exhibit_index import (
    exhibit_index_docx_bytes,
    exhibit_index_report,
    exhibit_index_rows,
    human_size,
    missing_warning,
)
from documents.exhibits import (
    ExhibitAlteredError,
    ExhibitMissingError,
    ExhibitUnreadableError,
    exhibit_label,
    verify_exhibit_file,
)
from documents.dossier_checklist import (
    MEDIATOR_TITLE,
    CheckSection,
    checklist_notes,
    dossier_checklist,
)
from documents.dossier_warnings import (
    MISSING,
    RENDERING,
    ROUTE,
    Note,
    grouped,
    known_facts,
    route_fact,
)
from documents.mediator_checklist import checklist_lines
from documents.operator_names import register_name
from documents.text import (
    NBSP,
    NNBSP,
    clean_line,
    clean_text,
    format_date_fr,
    in_sentence,
    paragraphs,
)

logger = logging.getLogger(__name__)

README_NAME = "LISEZMOI.txt"
LETTER_ROW = " (et la même en .docx) : "
"""How the LISEZMOI lists a letter, « - 01_Courriers/01 X.pdf (et la même en .docx) : X »
(the CPME e-mail reads it back: ``email_draft.dossier_letters``)."""
CHRONOLOGY_NAME = "Chronologie.pdf"
INDEX_NAME = "Bordereau des pièces"
STEP_WEIGHT = 4 * 1024 * 1024
"""Progress units (bytes-equivalent) of one generated document: rendering a letter or the
chronology takes about as long as copying a few MiB."""
LETTER_NAME_CHARS = 60

ProgressCallback = Callable[[int, int, str], None]
CancelPredicate = Callable[[], bool]


class DossierTarget(StrEnum):
    MEDIATOR = "mediator"
    CPME = "cpme"
    COMPLETE = "complete"


TARGET_LABELS = {
    DossierTarget.MEDIATOR: "Médiateur des communications électroniques",
    DossierTarget.CPME: "CPME — contact litiges télécoms",
    DossierTarget.COMPLETE: "dossier complet (tous les courriers disponibles)",
}

# Which LetterKinds go with which target: a kind whose name or value contains one of these
# words (accents and case ignored). The letters module names its kinds; this keeps the
# dossier working whatever exact names it chose (see docs/dossier.md, open points).
_TARGET_WORDS = {
    DossierTarget.MEDIATOR: ("mediat", "summary", "resume", "synthese"),
    DossierTarget.CPME: ("cpme",),
}
"""The mandate is not among them: the blank form is for the subscriber to sign; the mediator
and the CPME receive the signed mandate, scanned, as an exhibit (review 13.5)."""
_ONLY_WHEN_AVAILABLE = ("mandat",)
"""Kinds a target dossier holds only when they fit the case (the mandate: only when a
structure accompanies the subscriber)."""
_EXCLUDE_WORDS = {
    DossierTarget.MEDIATOR: ("cpme", "entreprises"),
    DossierTarget.CPME: (),
}


@dataclass(frozen=True)
class DossierResult:
    """What ``build_dossier`` made. Member names are the names inside the zip."""

    path: Path
    target: DossierTarget
    zip_size: int
    readme: str
    letters: tuple[str, ...]
    chronology: str
    index: tuple[str, ...]
    exhibits: tuple[tuple[int, str], ...]  # (exhibit number, member name), in number order
    warnings: tuple[str, ...]  # one line per fact, most important first (dossier_warnings)
    zip: DossierZipResult
    durations: dict[str, float] = field(default_factory=dict)
    checklist: tuple[CheckSection, ...] = ()  # what the recipient needs, present or missing

    @property
    def members(self) -> tuple[str, ...]:
        """Every member, in zip order (manifests excluded)."""
        return tuple(i.name for i in self.zip.items)


# -- letters -------------------------------------------------------------------------------
def _normalised(value: object) -> str:
    return strip_accents(str(value)).lower()


def _kind_key(kind: object) -> str:
    return _normalised(f"{getattr(kind, 'name', '')} {getattr(kind, 'value', kind)}")


def select_letter_kinds(kinds: Sequence[Any], target: DossierTarget) -> list[Any]:
    """The kinds relevant to ``target`` among ``kinds`` (order kept): for the mediator, the
    saisine letter and the summary; for the CPME, the request; ``complete``: all."""
    if target is DossierTarget.COMPLETE:
        return list(kinds)
    words, exclude = _TARGET_WORDS[target], _EXCLUDE_WORDS[target]
    return [k for k in kinds
            if any(w in _kind_key(k) for w in words)
            and not any(w in _kind_key(k) for w in exclude)]


def _letter_title(kind: Any, letter: Letter) -> str:
    for candidate in (getattr(kind, "label", None), getattr(kind, "title", None),
                      letter.title, letter.subject):
        if isinstance(candidate, str) and clean_line(candidate):
            return clean_line(candidate)
    return "Courrier"


@dataclass(frozen=True)
class _LetterDoc:
    """A letter of the dossier: its title, its content, what composed it."""

    title: str
    letter: Letter
    composed: Any = None  # documents.letters.ComposedLetter (with its annex), when composed here

    @property
    def has_annex(self) -> bool:
        return getattr(self.composed, "annex", None) is not None


def compose_target_letters(case: Case, assessment: Assessment, target: DossierTarget,
                           settings: Any, today: date
                           ) -> tuple[list[_LetterDoc], list[str]]:
    """The letters for the target, and warnings (« Titre : note », as
    :func:`compose_target_notes` gives them, one per note)."""
    docs, notes = compose_target_notes(case, assessment, target, settings, today)
    return docs, [n.line() for n in notes]


def compose_target_notes(case: Case, assessment: Assessment, target: DossierTarget,
                         settings: Any, today: date) -> tuple[list[_LetterDoc], list[Note]]:
    """The letters for the target, and warnings. Uses ``documents.letters`` (imported here:
    the rest of the dossier does not need it). For the mediator and the CPME the target's
    letter is included when it is premature (the user asked for that dossier;
    ``compose_letter`` warns and prints « PROJET — NE PAS ENVOYER AVANT LE … » on it), never
    when it does not apply to the case (a warning says why); ``complete`` takes every
    available letter."""
    warnings: list[Note] = []
    try:
        letters_module = importlib.import_module("documents.letters")
    except ImportError as error:
        logger.warning("documents.letters unavailable: %s", error)
        return [], [Note("Les courriers n'ont pas pu être générés (module des courriers "
                         "indisponible) : le dossier ne contient pas de courrier.")]
    if settings is None:
        try:
            from documents.letter_settings import LetterSettings

            settings = LetterSettings()
        except Exception:  # noqa: BLE001 - defaults are optional; compose may accept None
            logger.info("LetterSettings() unavailable, composing with settings=None")
    items = list(letters_module.available_letters(case, assessment))
    # A letter that does not apply to the case (a business and the telecom mediator, the
    # one-year limit passed, a private subscriber and the CPME…) is never put in a dossier:
    # it would carry a false statement (review T2). A premature one goes in a target dossier
    # with « PROJET — NE PAS ENVOYER AVANT LE … » printed at its top.
    for i in items:
        if getattr(i, "not_applicable", False) and target is not DossierTarget.COMPLETE and \
                select_letter_kinds([getattr(i, "kind", i)], target) and \
                not any(w in _kind_key(getattr(i, "kind", i)) for w in _ONLY_WHEN_AVAILABLE):
            reason = str(getattr(i, "reason", "")).rstrip(". ")
            warnings.append(Note(f"Courrier « {getattr(i, 'label', '') or 'sans titre'} » non "
                                 f"joint : il ne s'applique pas à ce dossier ({reason})."))
    kinds = [getattr(i, "kind", i) for i in items
             if getattr(i, "available", True) or (
                 target is not DossierTarget.COMPLETE
                 and not getattr(i, "not_applicable", False)
                 and not any(w in _kind_key(getattr(i, "kind", i))
                             for w in _ONLY_WHEN_AVAILABLE))]
    kinds = select_letter_kinds(kinds, target)
    mandate = [k for k in kinds if any(w in _kind_key(k) for w in _ONLY_WHEN_AVAILABLE)]
    if target is DossierTarget.COMPLETE:
        # the structure's letters depend on the mandate: it comes first (review 13.5)
        kinds = mandate + [k for k in kinds if k not in mandate]
    elif any(getattr(i, "available", False) and any(w in _kind_key(getattr(i, "kind", i))
                                                     for w in _ONLY_WHEN_AVAILABLE)
             for i in items):
        text = ("Mandat : le modèle à signer n'est pas joint à ce dossier (il est pour "
                "l'abonné) ; une fois signé, ajoutez le mandat signé, scanné, aux "
                "pièces : c'est lui que le destinataire doit recevoir.")
        warnings.append(Note(text, facts=known_facts(text)))
    if not kinds:
        warnings.append(Note(f"Aucun courrier n'est disponible pour la destination « "
                             f"{TARGET_LABELS[target]} » à l'étape actuelle du dossier."))
    out: list[_LetterDoc] = []
    for kind in kinds:
        composed = letters_module.compose_letter(kind, case, assessment, settings, today)
        letter = getattr(composed, "letter", composed)
        title = getattr(composed, "label", None) or _letter_title(kind, letter)
        # the target's own letter, premature, says what the route's warning says
        own = target.value if target is not DossierTarget.COMPLETE and \
            select_letter_kinds([kind], target) else ""
        warnings += [Note(w, title, facts=known_facts(w, target_letter=own))
                     for w in getattr(composed, "warnings", ()) or ()]
        out.append(_LetterDoc(title, letter, composed))
    return out, warnings


def _geometry(settings: Any):
    from documents.layout import LetterGeometry

    geometry = getattr(settings, "geometry", None)
    return geometry if isinstance(geometry, LetterGeometry) else None


def render_letter(letter: Letter, settings: Any = None, composed: Any = None
                  ) -> tuple[bytes, bytes, tuple[str, ...]]:
    """PDF bytes, DOCX bytes and the renderers' warnings. A letter composed by
    ``documents.letters`` is rendered by ``documents.letters.output`` (the cover letter and
    its annex, e.g. the mediator's summary sheet, in one file); otherwise the DOCX reuses the
    PDF's page count and compact choice, so the letter is laid out once."""
    from documents.render_docx import letter_docx_bytes
    from documents.render_pdf import letter_pdf_bytes

    geometry = _geometry(settings)
    if composed is not None and hasattr(composed, "annex"):
        try:
            from documents.letters.output import composed_files
        except ImportError:
            pass
        else:
            pdf, docx, info = composed_files(composed, geometry)
            return pdf, docx, tuple(info.warnings)
    pdf, info = letter_pdf_bytes(letter, geometry)
    docx, _ = letter_docx_bytes(letter, geometry, pages=info.pages, compact=info.compact)
    return pdf, docx, info.warnings


# -- exhibits ------------------------------------------------------------------------------
def check_exhibit_files(case: Case, exhibit_paths: Mapping[str, Path]
                        ) -> list[tuple[Exhibit, Path]]:
    """Every exhibit with its file, in number order. Raises ``DossierExhibitMissingError`` /
    ``DossierExhibitAlteredError`` / ``DossierExhibitUnreadableError`` naming the first
    exhibit that has no file, whose file is missing, or whose size changed (the SHA-256 is
    checked while zipping)."""
    out = []
    for exhibit in sorted(case.exhibits, key=lambda x: x.number):
        title = exhibit.title or exhibit.original_name
        path = exhibit_paths.get(exhibit.id)
        if path is None:
            raise DossierExhibitMissingError(
                f"{exhibit_label(exhibit.number, title)} est introuvable : aucun fichier ne lui "
                "est associé.", number=exhibit.number, title=title)
        try:
            verify_exhibit_file(path, exhibit.size or None, None, number=exhibit.number,
                                title=title)
        except ExhibitMissingError as error:
            raise DossierExhibitMissingError(str(error), path=path, number=exhibit.number,
                                             title=title) from None
        except ExhibitAlteredError as error:
            raise DossierExhibitAlteredError(str(error), path=path, number=exhibit.number,
                                             title=title) from None
        except ExhibitUnreadableError as error:
            raise DossierExhibitUnreadableError(str(error), path=path, number=exhibit.number,
                                                title=title) from None
        out.append((exhibit, Path(path)))
    return out


# -- route warnings ------------------------------------------------------------------------
_ROUTE_STATE_WORDS = {
    RouteState.NOT_APPLICABLE: "n'est pas applicable",
    RouteState.CLOSED: "n'est plus possible",
    RouteState.SEIZED: "a déjà été faite",
    RouteState.NOT_YET: "n'est pas encore possible",
    RouteState.NOT_OPEN: "n'est pas encore possible",
}


def route_warning(what: str, route: Any, today: date | None = None,
                  skip: Sequence[str] = ()) -> str:
    """ "La saisine du médiateur n'est pas applicable : <raison>." — the same wording as the
    case window: a route blocked by something other than a delay gives that reason only, and
    no opening date. Reasons whose code is in ``skip`` (said by the checklist) are left out;
    "" when no reason is left."""
    state = route_state(route, today)
    reasons = [human_sources(r.message).rstrip(".") for r in route_reasons(route, today)
               if r.code not in skip]
    if skip and not reasons:
        return ""
    words = _ROUTE_STATE_WORDS.get(state, _ROUTE_STATE_WORDS[RouteState.NOT_OPEN])
    text = f"{what} {words}"
    return text + (" : " + " ; ".join(reasons) + "." if reasons else ".")


CPME_CHECKLIST_CODES = ("missing_items", "no_handling_structure")
"""The CPME route's reasons the CPME checklist says item by item."""


# -- README --------------------------------------------------------------------------------
CHECKLIST_TITLE = "Pièces utiles au médiateur (liste de contrôle de l'application)"
OPINION_CHECKLIST_TITLE = "Pièces principales du dossier (liste de contrôle de l'application)"


def _opinions(case: Case, today: date) -> list:
    """The mediator's opinions received by ``today``."""
    return [e for e in case.events_in_order() if e.kind is EventKind.MEDIATOR_OPINION
            and e.date is not None and e.date <= today]


def _opinion_lines(case: Case, opinions: list) -> list[str]:
    """« - Avis du médiateur du 25/07/2026 : pièce n° 4 » for each opinion whose copy is an
    exhibit (the LISEZMOI says what the dossier holds, review3 9.3)."""
    out = []
    for event in opinions:
        numbers = sorted(x.number for x in (case.exhibit(i) for i in event.exhibit_ids)
                         if x is not None)
        if numbers:
            where = ("pièce n° " if len(numbers) == 1 else "pièces nos ") + ", ".join(
                str(n) for n in numbers)
            out.append(f"- Avis du médiateur du {event.date.strftime('%d/%m/%Y')} : {where}")
    return out
ANNEX_NOTE = " (avec la fiche récapitulative en annexe)"
"""The mediator letter names its annex « fiche récapitulative »: the LISEZMOI says the same."""


def _saisine_form(composed: Sequence[Any]) -> str:
    """Where the mediator's saisine form is to be had, when a letter of the dossier lists it
    among its enclosures; "" otherwise."""
    if not composed:
        return ""
    from dispute.directory import DirectoryError, shipped_directory
    from documents.letters.mediator import FORM, form_source, mediator_website

    if not any(e.title == FORM for doc in composed
               for e in getattr(doc.letter, "enclosures", ())):
        return ""
    try:
        website = mediator_website(shipped_directory())
    except (OSError, DirectoryError):
        website = ""
    return form_source(website)


def with_mediator_checklist(case: Case, assessment: Assessment, target: DossierTarget) -> bool:
    """Whether the dossier carries the mediator's checklist: a mediator dossier always; a
    complete dossier when the telecom mediator is (or may become) the subscriber's route (a
    private subscriber within the one-year limit), since it holds the saisine too."""
    if target is DossierTarget.MEDIATOR:
        return True
    return (target is DossierTarget.COMPLETE and not case.is_business
            and route_state(assessment.mediator, assessment.today)
            not in (RouteState.NOT_APPLICABLE, RouteState.CLOSED))


def _who_prepared(case: Case) -> str:
    h = case.handling_structure
    if h is not None and (clean_line(h.name) or clean_line(h.contact_name)):
        parts = [clean_line(h.contact_name), in_sentence(h.contact_role), clean_line(h.name),
                 clean_line(h.email), clean_line(h.phone)]
    else:
        s = case.subscriber
        parts = [clean_line(s.name), clean_line(s.email), clean_line(s.phone)]
    return ", ".join(p for p in parts if p)


def _kind_words(case: Case) -> str:
    """« particulier », « particuliers » for a couple (review3 9.2), « professionnel »."""
    words = label(case.subscriber.kind).lower()
    couple = not case.is_business and case.subscriber.civility is Civility.COUPLE
    return f"{words}s" if couple and not words.endswith("s") else words


def _holder(case: Case, subscriber: str) -> str:
    """« Menuiserie Rivaud SARL (professionnel) »; a sole trader is the person, the shop a
    trade name: « Élise Marchand (entreprise individuelle « Salon Élise Coiffure ») » (review5
    13: a trade name is not a person)."""
    person = clean_line(case.subscriber.representative)
    if case.is_business and case.subscriber.business_form is BusinessForm.SOLE_TRADER \
            and person and clean_line(case.subscriber.name):
        return f"{person} (entreprise individuelle « {subscriber} »)"
    return f"{subscriber} ({_kind_words(case)})"


def readme_text(case: Case, assessment: Assessment, target: DossierTarget, *,
                generated_on: date, letters: Sequence[tuple[str, str]],
                chronology: str, index: Sequence[str],
                exhibits: Sequence[tuple[Exhibit, str]], warnings: Sequence[str] = (),
                saisine_form: str = "") -> str:
    """``LISEZMOI.txt``: what the dossier is, who it concerns, and what each file holds.
    ``letters`` are ``(title, member name)``; ``exhibits`` ``(exhibit, member name)``.

    Written for the dossier's reader (the mediator, the CPME): ``warnings`` — notes meant for
    the user who builds the dossier (« à vérifier », route not open yet, composer notes) — are
    accepted for compatibility and never written here; they stay in
    ``DossierResult.warnings``. ``saisine_form``: where the mediator's saisine form is to be
    had, when a letter lists it among its enclosures (it is not a file of the dossier: the
    LISEZMOI says so, review2 13.1)."""
    del warnings  # for the user, not for the reader
    target = DossierTarget(target)
    subscriber = clean_line(case.subscriber.name) or "(abonné non renseigné)"
    operator = register_name(case) or "(opérateur non renseigné)"
    title = f"Dossier de litige télécom — {subscriber} c/ {operator}"
    out = [title, "=" * min(len(title), 78), ""]
    out += [
        f"Destinataire : {TARGET_LABELS[target]}",
        f"Abonné (souscripteur du contrat) : {_holder(case, subscriber)}",
        f"Opérateur : {operator}",
    ]
    lines = line_text(case).replace("\n", " ; ")
    if lines:
        out.append(f"Ligne(s) : {lines}")
    if contract_text(case):
        out.append(f"Contrat : {contract_text(case)}")
    if case.natures:
        out.append("Nature du litige : " + natures_words(case.natures))  # review3 9.5
    who = _who_prepared(case)
    if who:
        out.append(f"Dossier préparé par : {who}")
    out += [
        f"Situation au {format_date_fr(assessment.today)} : {STAGE_LABELS[assessment.stage]}",
    ]
    out += [f"  {route_name(r)} : {route_status(r, assessment.today)}"
            for r in assessment_routes(assessment)]
    out += [
        f"Dossier généré le {format_date_fr(generated_on)} par Recours Télécom.",
        "",
    ]
    if target is DossierTarget.CPME:
        out += ["Les cinq éléments demandés par la CPME", "-" * 38]
        for f in cpme_fields(case):
            value = clean_line(f.value) if f.key != "summary" else \
                ("voir ci-dessous et la chronologie" if not f.missing else "")
            out.append(f"{f.number}. {f.label} : {value or 'MANQUANT'}")
        if not cpme_fields(case)[-1].missing:
            out += ["", "Résumé :"]
            for number, part in enumerate(paragraphs(case.summary)):
                out += ([""] if number else []) + _wrap(part, 78, "  ")
        out.append("")
    checklist = checklist_lines(case) if with_mediator_checklist(case, assessment, target) \
        else []
    title = CHECKLIST_TITLE
    opinions = _opinions(case, assessment.today) if target is DossierTarget.COMPLETE else []
    if checklist and opinions:
        # the mediation is over: the list is no longer the mediator's, and its opinion is the
        # key exhibit for what follows (review3 9.5)
        title = OPINION_CHECKLIST_TITLE
        checklist = checklist + _opinion_lines(case, opinions)
    if checklist:  # what the dossier holds; what it lacks is for the user (review3 9.3)
        out += [title, "-" * len(title)]
        out += checklist
        out.append("")
    out += ["Contenu du dossier", "-" * 18, ""]
    if letters:
        out.append(f"{FOLDER_LETTERS}/ : les courriers, en PDF (à lire, à imprimer) et en DOCX "
                   "(modifiable).")
        out += [f"  - {name}{LETTER_ROW}{clean_line(t)}" for t, name in letters]
        if saisine_form:
            out += _wrap("Le formulaire de saisine du médiateur, que la lettre de saisine cite "
                         "parmi ses pièces jointes, n'est pas un fichier de ce dossier : "
                         "l'application ne le fournit pas. Il est " + saisine_form + " ; "
                         "complété et signé, il est joint à l'envoi postal.", 78, "  ")
    else:
        out.append(f"{FOLDER_LETTERS}/ : aucun courrier dans ce dossier.")
    out += [
        "",
        f"{chronology} : la chronologie du litige — chaque événement daté (appel, courrier,",
        "  lettre recommandée avec son suivi, réponse, saisine...), son interlocuteur, s'il était",
        "  écrit, son résultat et les pièces qui le prouvent (« P3 » = pièce n° 3).",
        "",
        f"{FOLDER_INDEX}/ : le bordereau des pièces (PDF, et DOCX modifiable) — numéro, titre,",
        "  date, nom du fichier d'origine, nombre de pages, taille et empreinte SHA-256.",
    ]
    out += [f"  - {name}" for name in index]
    out.append("")
    if exhibits:
        count = "la pièce, numérotée" if len(exhibits) == 1 else \
            f"les {len(exhibits)} pièces, numérotées"
        out.append(f"{FOLDER_EXHIBITS}/ : {count} comme dans le bordereau :")
        for exhibit, name in exhibits:
            when = f" ({exhibit.date.strftime('%d/%m/%Y')})" if exhibit.date else ""
            text = clean_line(exhibit.title or exhibit.original_name)
            out.append(f"  - {name.rsplit('/', 1)[-1]} : pièce n° {exhibit.number}, "
                       f"{text[:120]}{when}, {human_size(exhibit.size)}")
    else:
        out.append(f"{FOLDER_EXHIBITS}/ : aucune pièce.")
    out += [
        "",
        f"{MANIFEST_TEXT} et {MANIFEST_JSON} : la taille et l'empreinte SHA-256 de chaque "
        "fichier,",
        "  pour vérifier que rien n'a été modifié (la méthode est expliquée dans "
        f"{MANIFEST_TEXT}).",
        "",
        "Pour commencer : lire la chronologie, puis les pièces qu'elle cite.",
    ]
    text = "\n".join(clean_text(line) for line in out) + "\n"
    return text.replace(NBSP, " ").replace(NNBSP, " ")


def _wrap(text: str, width: int, indent: str) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=indent,
                         break_long_words=True) or [indent]


def _readme_bytes(text: str) -> bytes:
    """UTF-8 with BOM and CRLF, like MANIFESTE.txt (every Windows Notepad reads it)."""
    return ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8")


# -- progress ------------------------------------------------------------------------------
class _Progress:
    """One (done, total) scale for generation and zipping; ``total`` never changes.

    The exhibits are copied while the documents are rendered (``ConcurrentDossierZip``), so
    ``done`` is the generation steps started so far plus the exhibit bytes copied so far (then
    the last step, writing the documents and checking the zip, reaches ``total``). Called from
    the caller's thread only."""

    def __init__(self, callback: ProgressCallback | None, cancel: CancelPredicate | None,
                 steps: int, exhibit_bytes: int) -> None:
        self.callback = callback
        self.cancel = cancel
        self.generation = steps * STEP_WEIGHT
        self.exhibit_bytes = exhibit_bytes
        self.total = self.generation + exhibit_bytes + STEP_WEIGHT
        self.steps_done = 0
        self.last = 0
        self.stream: ConcurrentDossierZip | None = None

    def _report(self, message: str) -> None:
        if self.callback is None:
            return
        copied = self.stream.file_bytes_done if self.stream is not None else 0
        done = max(self.last, min(self.steps_done, self.generation)
                   + min(copied, self.exhibit_bytes))
        self.last = done
        self.callback(done, self.total, message)

    def step(self, message: str) -> None:
        """Before a generation step: stop on an error met while copying the exhibits, check
        cancel, report."""
        if self.stream is not None:
            self.stream.raise_if_failed()
        if self.cancel is not None and self.cancel():
            raise DossierCancelled()
        self._report(message)
        self.steps_done += STEP_WEIGHT

    def poll(self, message: str) -> None:
        """While waiting for a document: stop on an error met while copying, check cancel,
        report (without starting a step)."""
        if self.stream is not None:
            self.stream.raise_if_failed()
        if self.cancel is not None and self.cancel():
            raise DossierCancelled()
        self._report(message)

    def zip(self, done: int, total: int, name: str) -> None:
        """While waiting for the exhibits to be copied (``ConcurrentDossierZip.finish``)."""
        self._report(name)


# -- rendering in worker processes -------------------------------------------------------
RENDER_PROCESSES = 2
"""Worker processes that render the documents (0: render in the calling thread)."""

PARALLEL_MIN_ITEMS = 80
"""Events + exhibits from which the documents are rendered in worker processes. Starting a
worker costs about 0.4 s of CPU (a Python interpreter importing ReportLab and python-docx):
below this, rendering here takes less than that."""

POLL_SECONDS = 0.05
"""How often cancel() is checked and progress reported while waiting for a document."""


def _render_letters_job(docs: Sequence[tuple[Letter, Any]], settings: Any
                        ) -> tuple[list[tuple[bytes, bytes, tuple[str, ...]]], float]:
    """Worker entry point (top-level and picklable, as ``spawn`` requires): each letter as PDF,
    DOCX and warnings; and the seconds it took."""
    started = time.perf_counter()
    out = [render_letter(letter, settings, composed) for letter, composed in docs]
    return out, time.perf_counter() - started


def _render_chronology_job(case: Case, assessment: Assessment, today: date, author: str
                           ) -> tuple[tuple[bytes, tuple[str, ...]], float]:
    from documents.render_pdf import report_pdf_bytes

    started = time.perf_counter()
    pdf, info = report_pdf_bytes(chronology_report(case, assessment, generated_on=today,
                                                   author=author, third_party=True))
    return (pdf, tuple(info.warnings)), time.perf_counter() - started


def _render_index_job(case: Case, exhibit_paths: Mapping[str, Path],
                      members: Mapping[str, str], today: date, author: str
                      ) -> tuple[tuple[bytes, bytes, tuple[str, ...]], float]:
    """The bordereau, PDF and DOCX: its rows (the exhibits' page counts read from their
    files) made here, in the worker or the render child, off the calling thread's path."""
    from documents.render_pdf import report_pdf_bytes

    started = time.perf_counter()
    rows = exhibit_index_rows(case, exhibit_paths, members)
    report = exhibit_index_report(case, rows, generated_on=today, author=author)
    pdf, info = report_pdf_bytes(report)
    docx = exhibit_index_docx_bytes(report)
    return (pdf, docx, tuple(info.warnings)), time.perf_counter() - started


def _worker_init() -> None:
    """Start of a worker process: memoise ReportLab's ``stringWidth`` for paragraphs (pure
    Python for TrueType fonts; line breaking measures the same words over and over: about a
    sixth of a long report's layout time). Exact (a pure function of its arguments) and
    bounded; installed only in the workers, which are ours alone."""
    try:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.platypus import paragraph

        original = pdfmetrics.stringWidth
        cache: dict[tuple, float] = {}

        def string_width(text, font_name, font_size, encoding="utf8"):
            key = (text, font_name, font_size, encoding)
            width = cache.get(key)
            if width is None:
                if len(cache) > 200_000:
                    cache.clear()
                width = cache[key] = original(text, font_name, font_size, encoding)
            return width

        paragraph.stringWidth = string_width
    except Exception:  # an optimisation only
        logger.info("stringWidth cache not installed", exc_info=True)


def _large_child_init() -> None:
    """First thing in a large dossier's render child: the renderers and the faces (inherited
    when several children were forked warm) and the memo of :func:`_worker_init`."""
    _warm_for_fork()
    _worker_init()


def _warm_up() -> None:
    """First call of each worker: import the renderers and register the fonts."""
    import documents.letters.output
    import documents.render_docx
    import documents.render_pdf

    try:
        import documents.letters  # noqa: F401 - unpickling a ComposedLetter needs it
    except ImportError:
        pass
    from documents import fonts

    fonts.register_pdf_fonts(parse=True)


@dataclass
class _RenderJob:
    """A document to render, in a worker process, in a forked child or here."""

    key: str
    messages: list[str]  # progress messages (one step each)
    function: Callable[..., Any]
    args: tuple
    future: Any = None
    child: Any = None  # documents.render_child.ChildJobs rendering it


CHILD_JOBS = ("chronology", "index")
"""The jobs a forked render child takes from a small dossier (``build_dossier(...,
render_child=True)``), while the calling process renders the letters: about the same CPU
on each side (docs/dossier.md, "Performance")."""

def large_child_jobs(processors: int) -> tuple[tuple[str, ...], ...]:
    """The render children forked for a large dossier from the command line, and the jobs
    each takes: all of them, while this process's copy thread copies the exhibits on a core
    of its own. On two processors one child renders the three documents in turn (the copy
    and the rendering each take about one core for about as long; two or three children
    slowed the copy down more than they sped the rendering up, docs/benchmarks.md)."""
    if processors <= 2:
        return (("letters", "chronology", "index"),)
    if processors == 3:
        return (("letters",), ("chronology", "index"))
    return (("letters",), ("chronology",), ("index",))


def _warm_for_fork() -> None:
    """What both sides of a render fork use, loaded before it so that the child inherits it:
    the renderers and the three faces a dossier's documents use (the letters would load them
    first thing anyway)."""
    import documents.letters.output  # noqa: F401
    import documents.render_docx  # noqa: F401
    import documents.render_pdf  # noqa: F401
    from documents import fonts

    fonts.register_pdf_fonts()
    fonts.read_faces(fonts.REGULAR, fonts.BOLD, fonts.ITALIC)


def _context():
    """The start method of the render workers: ``forkserver`` where the platform has it
    (Linux, macOS) and this is not a frozen build — a server process spawned once imports the
    renderers and registers the fonts (:mod:`documents.warm_renderers`), then forks each
    worker warm, in this dossier and the next ones of this process; else ``spawn`` (Windows,
    PyInstaller builds), each worker importing everything itself. Both start from a fresh
    interpreter, never from a fork of this process: ``fork`` is unsafe from a thread of a Qt
    application and would hand the workers this process's files (the store's lock)."""
    import multiprocessing

    if "forkserver" in multiprocessing.get_all_start_methods() \
            and not getattr(sys, "frozen", False):
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["documents.warm_renderers"])
        return context
    return multiprocessing.get_context("spawn")


def _start_processes(count: int):
    """A process pool (:func:`_context`), or None when none can be started (sandbox, frozen
    build without ``multiprocessing.freeze_support()``...). Nothing is started yet: the
    workers start with the first calls submitted."""
    if count <= 0:
        return None
    try:
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(max_workers=count, mp_context=_context(),
                                   initializer=_worker_init)
    except Exception as error:  # noqa: BLE001 - any failure: render here instead
        logger.info("Rendering in process (no worker process: %s)", error)
        return None


def _start_fork_server() -> bool:
    """Start the workers' fork server now, without waiting for it (it imports the renderers
    for ~0.5 s of CPU); True if there is one (:func:`_context`). A process submitting to a
    pool whose fork server is still importing waits for it: the calls are submitted once the
    copy thread runs (:meth:`_RenderPool.launch`)."""
    if _context().get_start_method() != "forkserver":
        return False
    try:
        from multiprocessing import forkserver

        forkserver.ensure_running()
    except Exception as error:  # noqa: BLE001 - the pool will say it again, or render here
        logger.info("Fork server not started: %s", error)
    return True


def _fork_allowed(need_free_core: bool) -> bool:
    from documents import render_child

    return render_child.fork_allowed(need_free_core=need_free_core)


_WAIT_ORDER = ("letters", "chronology", "index")  # the order of the progress messages


class _RenderPool:
    """Runs the render jobs in forked children of this process (the command line, Linux), or
    in worker processes (in the calling thread if none can start or a worker dies), waits for
    them checking cancel and reporting progress, and on any exit without results (cancel,
    error) stops the children and workers at once.

    Jobs are given with :meth:`submit` as their inputs are ready, children forked with
    :meth:`fork_children` (before any other thread starts), the rest sent to the workers with
    :meth:`launch` (after the copy thread started: submitting waits for the fork server)."""

    def __init__(self, durations: dict[str, float], processes: int,
                 render_child: bool = False) -> None:
        self.jobs: list[_RenderJob] = []
        self.durations = durations
        self.processes = processes
        self.children: list[Any] = []
        self.executor = None
        # A large dossier from the command line forks its render children from this
        # process, warm, instead of a fork server importing everything again (~0.5 s of CPU):
        # cheaper whatever the load. A small one forks a child only if a core is free (else
        # it renders everything here, docs/benchmarks.md).
        self.fork = render_child and _fork_allowed(need_free_core=processes <= 0)
        if processes > 0 and not self.fork:
            self._start_workers()

    def _start_workers(self) -> None:
        self.executor = _start_processes(self.processes)
        if self.executor is None:
            return
        if _start_fork_server():
            return  # the workers start with the jobs (launch)
        # Spawned workers (Windows, frozen builds) start without waiting: now, so that they
        # import ReportLab and python-docx while this process composes the letters.
        try:
            for _ in range(self.processes):
                self.executor.submit(_warm_up)
        except Exception as error:  # noqa: BLE001 - cannot start a worker
            logger.info("Rendering in process (workers unavailable: %s)", error)
            self._stop()

    def submit(self, *jobs: _RenderJob) -> None:
        """Record jobs as their inputs are ready (the chronology right after the assessment,
        then the letters once composed, then the index); :meth:`launch` sends them."""
        self.jobs += jobs

    def launch(self) -> None:
        """Send the jobs no child took to the workers, in the order submitted (each worker
        takes the next job when free); with none, they are rendered here when waited for.
        A fork that failed for a large dossier starts the workers now."""
        pending = [job for job in self.jobs if job.child is None and job.future is None]
        if pending and self.processes > 0 and self.executor is None and self.fork:
            self.fork = False  # no child could be forked
            self._start_workers()
        if self.executor is None:
            return
        try:
            for job in pending:
                job.future = self.executor.submit(job.function, *job.args)
        except Exception as error:  # noqa: BLE001 - a worker could not start
            logger.info("Rendering in process (workers unavailable: %s)", error)
            self._stop()

    def fork_children(self) -> None:
        """If forking was decided (:func:`_fork_allowed`) and still allowed: the jobs rendered by
        children forked now — a small dossier's :data:`CHILD_JOBS` in one child while this
        thread renders the letters, a large dossier's all (:func:`large_child_jobs`). Called
        before the copy thread starts."""
        if not self.fork:
            return
        from documents import render_child

        if not _fork_allowed(need_free_core=self.processes <= 0):
            return
        groups = large_child_jobs(render_child._processors()) if self.processes > 0 \
            else (CHILD_JOBS,)
        by_key = {job.key: job for job in self.jobs}
        if len(groups) > 1 or self.processes <= 0:
            # Both sides render (a small dossier), or several children would import the
            # renderers each. A large dossier's only child imports them itself: this process
            # does not need them, and its copy thread starts ~0.15 s sooner.
            _warm_for_fork()
        for group in groups:
            jobs = [by_key[key] for key in group if key in by_key]
            if not jobs:
                continue
            child = render_child.ChildJobs([(job.key, job.function, job.args) for job in jobs],
                                           initializer=_large_child_init if self.processes > 0
                                           else None)
            if not child.started:
                break
            self.children.append(child)
            for job in jobs:
                job.child = child

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self._stop(succeeded=exc_type is None)

    def _stop(self, succeeded: bool = False) -> None:
        children, self.children = self.children, []
        for child in children:
            child.stop()  # gone already after success; killed on a cancel or an error
        executor, self.executor = self.executor, None
        if executor is None:
            return
        # After success the workers only have to exit: not waited for (they are reaped by the
        # executor's own thread). After a cancel or an error the pending jobs are cancelled
        # and the running ones finish (a document each, under a second or two) before the
        # workers are joined, so nothing is left running. They are never terminated: a
        # worker killed while it held the result pipe leaves the executor's thread blocked
        # on a half-written message, and this join (or the interpreter's exit) hangs for
        # ever (seen in CI; tests/test_dossier_perf.py reproduces it).
        executor.shutdown(wait=not succeeded, cancel_futures=True)
        for job in self.jobs:
            job.future = None

    def _run_here(self, job: _RenderJob) -> Any:
        return job.function(*job.args)

    def results(self, tracker: _Progress) -> dict[str, Any]:
        out: dict[str, Any] = {}
        from_children: dict[int, dict[str, Any]] = {}  # by id of the child
        started = time.perf_counter()
        for job in sorted(self.jobs, key=lambda j: _WAIT_ORDER.index(j.key)):
            for message in job.messages:
                tracker.step(message)
            if job.child is not None:
                from_child = from_children.get(id(job.child))
                if from_child is None:
                    last = job.messages[-1] if job.messages else ""
                    from_child = from_children[id(job.child)] = \
                        job.child.results(lambda: tracker.poll(last), POLL_SECONDS) or {}
                value, seconds = from_child[job.key] if job.key in from_child \
                    else self._run_here(job)
            elif job.future is None:
                value, seconds = self._run_here(job)
            else:
                # imported here: a small dossier, rendered without workers, does without
                # concurrent.futures (2 ms of imports, docs/benchmarks.md)
                from concurrent.futures import FIRST_COMPLETED
                from concurrent.futures import wait as wait_for

                while True:
                    done, _ = wait_for([job.future], timeout=POLL_SECONDS,
                                       return_when=FIRST_COMPLETED)
                    if done:
                        break
                    tracker.poll(job.messages[-1] if job.messages else "")
                from concurrent.futures.process import BrokenProcessPool

                try:
                    value, seconds = job.future.result()
                except BrokenProcessPool:
                    logger.warning("Worker process lost, rendering %s here", job.key)
                    value, seconds = self._run_here(job)
            out[job.key] = value
            self.durations[job.key] = seconds
        self.durations["render_wait"] = time.perf_counter() - started
        return out


# -- the dossier ---------------------------------------------------------------------------
def _short(title: str) -> str:
    """A letter's title as a file name part: one line, no path separator (« DDPP / DDETSPP »
    would make a subfolder when the zip is extracted), at most LETTER_NAME_CHARS."""
    title = clean_line(title).replace(" / ", " - ").replace("/", "-").replace("\\", "-")
    return cut_at_word(title, LETTER_NAME_CHARS)  # after a whole word


def member_date_time(today: date, now: datetime | None = None
                     ) -> tuple[int, int, int, int, int, int]:
    """The date and time of every member of the zip: the moment it is made (local time, what
    the recipient's file manager shows) when the dossier is dated today, else that day at
    noon. Never the zip format's 1 January 1980, which the unzipped files showed as their
    modification date (fresh-eyes 16). Deterministic for a dossier dated another day."""
    now = now or datetime.now()
    moment = now if now.date() == today else datetime.combine(today, dt_time(12))
    if moment.year < 1980:  # the earliest date a zip can hold
        return (1980, 1, 1, 0, 0, 0)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute,
            moment.second - moment.second % 2)  # zip times have a two-second resolution


def build_dossier(
    case: Case,
    exhibit_paths: Mapping[str, Path],
    out_zip: Path | str,
    *,
    today: date,
    target: DossierTarget | str,
    settings: Any = None,
    progress: ProgressCallback | None = None,
    cancel: CancelPredicate | None = None,
    letters: Sequence[Letter | tuple[str, Letter]] | None = None,
    assessment: Assessment | None = None,
    render_child: bool = False,
) -> DossierResult:
    """Assemble the dossier zip for ``target`` ("mediator", "cpme" or "complete") at
    ``out_zip`` (see the module docstring).

    ``exhibit_paths`` maps exhibit ids to their files. ``letters``: the letters to include
    (``Letter`` or ``(title, Letter)``), instead of composing them with ``documents.letters``.
    ``assessment`` defaults to ``procedure.assess(case, today)``. ``render_child``: a small
    dossier's chronology and exhibit index are rendered by a child forked from this process
    (:mod:`documents.render_child`; Linux, a caller running no other thread: the command
    line), the same bytes sooner on a machine with a free core.

    Raises a ``documents.dossier_zip.DossierZipError`` subclass with a French message
    (missing / altered / unreadable exhibit naming it, cancelled, write error); nothing is
    left at ``out_zip`` then. Warnings (route not open, letters unavailable, renderer notes)
    are for the user: in ``DossierResult.warnings`` (sources in human form), never in
    ``LISEZMOI.txt``, which is written for the dossier's reader.
    """
    started = time.perf_counter()
    durations: dict[str, float] = {}
    processes = RENDER_PROCESSES \
        if len(case.events) + len(case.exhibits) >= PARALLEL_MIN_ITEMS else 0
    with _RenderPool(durations, processes, render_child) as pool:
        return _build_dossier(
            pool, started, durations, case, exhibit_paths, out_zip, today=today, target=target,
            settings=settings, progress=progress, cancel=cancel, letters=letters,
            assessment=assessment)


def _build_dossier(
    pool: _RenderPool,
    started: float,
    durations: dict[str, float],
    case: Case,
    exhibit_paths: Mapping[str, Path],
    out_zip: Path | str,
    *,
    today: date,
    target: DossierTarget | str,
    settings: Any,
    progress: ProgressCallback | None,
    cancel: CancelPredicate | None,
    letters: Sequence[Letter | tuple[str, Letter]] | None,
    assessment: Assessment | None,
) -> DossierResult:
    target = DossierTarget(target)
    out_zip = Path(out_zip)
    assessment = assessment if assessment is not None else assess(case, today)
    warnings: list[Note] = []

    exhibits = check_exhibit_files(case, exhibit_paths)
    if cancel is not None and cancel():
        raise DossierCancelled()

    # Route checks: the dossier is built anyway (the user decides), but says so (to the user:
    # DossierResult.warnings, never LISEZMOI.txt). What the recipient needs (the checklist,
    # shown before the export too) is one warning per missing item; a fact said by several
    # documents is one line (documents/dossier_warnings.py).
    checklist = dossier_checklist(case, assessment, target)
    if target is DossierTarget.MEDIATOR and not assessment.mediator.open:
        warnings.append(Note(route_warning("La saisine du médiateur", assessment.mediator,
                                           today), "", ROUTE, (route_fact(target.value),)))
    if target is DossierTarget.CPME and not assessment.cpme.open:
        # the missing items and the structure are the checklist's lines
        text = route_warning("La saisine de la CPME", assessment.cpme, today,
                             skip=CPME_CHECKLIST_CODES)
        if text:
            warnings.append(Note(text, "", ROUTE, (route_fact(target.value),)))
    warnings += checklist_notes(checklist)
    if not any(s.title == MEDIATOR_TITLE for s in checklist):
        # the bordereau no longer lists them for the third party (review3 9.3)
        absent = missing_warning(case)
        if absent:
            warnings.append(Note(absent, "", MISSING))

    author = _who_prepared(case)[:200]
    pool.submit(_RenderJob("chronology", ["Chronologie"], _render_chronology_job,
                           (case, assessment, today, author)))

    t0 = time.perf_counter()
    if letters is None:
        composed, letter_warnings = compose_target_notes(case, assessment, target, settings,
                                                         today)
        warnings += letter_warnings
    else:
        composed = [_LetterDoc(*item) if isinstance(item, tuple)
                    else _LetterDoc(_letter_title(None, item), item) for item in letters]
    durations["compose"] = time.perf_counter() - t0

    # Names first (they appear in the index and the README), exactly as the zip will give them.
    letter_names = []
    for i, doc in enumerate(composed, start=1):
        stem = f"{i:02d} {_short(doc.title)}"
        letter_names += [f"{stem}.pdf", f"{stem}.docx"]
    index_names = [f"{INDEX_NAME}.pdf", f"{INDEX_NAME}.docx"]
    layout = dossier_entries(
        letters=[(n, b"") for n in letter_names], chronology=[(CHRONOLOGY_NAME, b"")],
        index=[(n, b"") for n in index_names], exhibits=exhibits)
    requested = [README_NAME] + [name for name, _ in layout]
    final = dict(zip(requested, sanitise_arcnames(requested)))
    exhibit_members = {x.id: final[exhibit_arcname(x, p)] for x, p in exhibits}

    steps = len(composed) + 3
    tracker = _Progress(progress, cancel, steps, sum(x.size for x, _ in exhibits))
    if cancel is not None and cancel():
        raise DossierCancelled()
    title = f"{clean_line(case.subscriber.name)} c/ {register_name(case)}"

    # Rendering (pure Python: ReportLab, python-docx) runs in up to two worker processes while
    # the exhibits are copied into the zip by a helper thread of this process (I/O and hashing
    # in C); the documents are appended at the end and the zip's directory lists every member
    # in the layout's order (ConcurrentDossierZip). Rendering in a thread of this process
    # instead would starve the copy: a CPU-bound Python thread holds the GIL (docs/dossier.md).
    pool.submit(_RenderJob("letters", [f"Courrier : {_short(doc.title)}" for doc in composed],
                           _render_letters_job,
                           ([(doc.letter, doc.composed) for doc in composed], settings)))
    pool.submit(_RenderJob("index", ["Bordereau des pièces"], _render_index_job,
                           (case, {x.id: p for x, p in exhibits}, exhibit_members, today,
                            author)))
    entries = [(README_NAME, PENDING)] + dossier_entries(
        letters=[(n, PENDING) for n in letter_names], chronology=[(CHRONOLOGY_NAME, PENDING)],
        index=[(n, PENDING) for n in index_names], exhibits=exhibits)
    pool.fork_children()  # before the copy thread: a fork must find this thread alone
    with ConcurrentDossierZip(out_zip, entries, title=title,
                              date_time=member_date_time(today)) as stream:
        # The copy starts first, also when the documents are rendered here (a small case):
        # its reads, hashes and writes are C calls that release the GIL, so it runs on the
        # other core while this thread lays the documents out; it only waits for the GIL
        # between calls (a few milliseconds per chunk), and goes at full speed once the
        # documents are done. Copying after rendering added the whole copy to the wait
        # (20-60 ms for the typical 5 MiB, docs/benchmarks.md).
        tracker.stream = stream
        stream.start()
        pool.launch()  # once the copy runs: submitting to the workers waits for their server
        results = pool.results(tracker)

        letter_results, chrono, index = results["letters"], results["chronology"], \
            results["index"]
        for doc, i, (pdf, docx, render_warnings) in zip(
                composed, range(0, len(letter_names), 2), letter_results):
            warnings += [Note(w, _short(doc.title), RENDERING, known_facts(w))
                         for w in render_warnings]
            stream.put(f"{FOLDER_LETTERS}/{letter_names[i]}", pdf)
            stream.put(f"{FOLDER_LETTERS}/{letter_names[i + 1]}", docx)
        chrono_pdf, chrono_warnings = chrono
        warnings += [Note(w, "Chronologie", RENDERING, known_facts(w)) for w in chrono_warnings]
        stream.put(f"{FOLDER_CHRONOLOGY}/{CHRONOLOGY_NAME}", chrono_pdf)
        index_pdf, index_docx, index_warnings = index
        warnings += [Note(w, "Bordereau", RENDERING, known_facts(w)) for w in index_warnings]
        stream.put(f"{FOLDER_INDEX}/{index_names[0]}", index_pdf)
        stream.put(f"{FOLDER_INDEX}/{index_names[1]}", index_docx)

        tracker.step("Lisez-moi")
        readme = readme_text(
            case, assessment, target, generated_on=today,
            letters=[(doc.title + (ANNEX_NOTE if doc.has_annex else ""),
                      final[f"{FOLDER_LETTERS}/{letter_names[2 * k]}"])
                     for k, doc in enumerate(composed)],
            chronology=final[f"{FOLDER_CHRONOLOGY}/{CHRONOLOGY_NAME}"],
            index=[final[f"{FOLDER_INDEX}/{n}"] for n in index_names],
            exhibits=[(x, exhibit_members[x.id]) for x, _ in exhibits],
            saisine_form=_saisine_form(composed))
        stream.put(README_NAME, _readme_bytes(readme))
        stream.raise_if_failed()
        if cancel is not None and cancel():
            raise DossierCancelled()
        zip_result = stream.finish(progress=tracker.zip, cancel=cancel)
    durations.update({f"zip_{k}": v for k, v in zip_result.durations.items()})
    durations["total"] = time.perf_counter() - started
    names = [i.name for i in zip_result.items]
    if names != [final[r] for r in requested]:  # pragma: no cover - same function, same input
        logger.warning("Dossier member names differ from the predicted ones")
    if progress is not None:
        progress(tracker.total, tracker.total, "")
    warnings = grouped(Note(human_sources(n.text), n.document, n.rank, n.facts)
                       for n in warnings)
    for w in warnings:
        logger.info("Dossier %s: %s", out_zip.name, w)
    return DossierResult(
        path=out_zip,
        target=target,
        zip_size=zip_result.zip_size,
        readme=final[README_NAME],
        letters=tuple(final[f"{FOLDER_LETTERS}/{n}"] for n in letter_names),
        chronology=final[f"{FOLDER_CHRONOLOGY}/{CHRONOLOGY_NAME}"],
        index=tuple(final[f"{FOLDER_INDEX}/{n}"] for n in index_names),
        exhibits=tuple((x.number, exhibit_members[x.id]) for x, _ in exhibits),
        warnings=tuple(warnings),
        zip=zip_result,
        durations=durations,
        checklist=checklist,
    )


__all__ = [
    "CHRONOLOGY_NAME",
    "INDEX_NAME",
    "README_NAME",
    "TARGET_LABELS",
    "DossierResult",
    "DossierTarget",
    "build_dossier",
    "check_exhibit_files",
    "compose_target_letters",
    "compose_target_notes",
    "readme_text",
    "render_letter",
    "route_warning",
    "select_letter_kinds",
]

"""Whether the subscriber signed the mandate of the structure that acts or helps, and what a
letter says about it (issue 10, point 1): an unsigned mandate is flagged before any letter
the structure signs, and the signed mandate, scanned, is enclosed with the mediator's and the
CPME's dossiers; a mandate signed but not scanned is never announced as enclosed (review2
13.1)."""

from __future__ import annotations

from dispute.calendar import format_date_fr
from dispute.labels import subscriber_noun
from dispute.model import Case, Event, EventKind, StructureKind
from documents.letters.core import Notes, line, of_phrase
from documents.letters.steps import exhibit_numbers_phrase
from documents.letters.voice import Voice, VoiceMode, structure_named


def mandate_event(case: Case) -> Event | None:
    """The latest « mandat signé » event, if any."""
    signed = [e for e in case.events_in_order() if e.kind is EventKind.MANDATE_SIGNED]
    return signed[-1] if signed else None


def check_mandate(case: Case, v: Voice, notes: Notes) -> None:
    """A letter the structure signs needs the subscriber's mandate: warn when none is
    recorded (the operator, the mediator or the CPME may refuse to deal with the
    structure)."""
    if v.mode is VoiceMode.STRUCTURE:
        check_structure_kind(case, notes)
    if v.mode is VoiceMode.STRUCTURE and mandate_event(case) is None:
        who = subscriber_noun(case)  # « l'entreprise », « l'abonnée » (review5 13)
        notes.add(f"Aucun mandat signé par {who} n'est enregistré : la structure écrit en "
                  f"{'leur' if who.startswith('les ') else 'son'} nom sans pouvoir le "
                  "justifier. Faites signer le mandat (courrier « Mandat ») et enregistrez "
                  "l'événement « Mandat signé » avant d'envoyer ce courrier.")


LAW_1971 = (
    "Structure d'un autre type qu'une association de consommateurs ou une structure CPME : "
    "vérifiez qu'elle peut assister cette personne. La loi n° 71-1130 du 31 décembre 1971 "
    "encadre la consultation juridique et la rédaction d'actes pour autrui ; elle la permet "
    "notamment aux associations agréées de consommateurs, pour leurs membres seulement "
    "(art. 63), et aux syndicats et associations professionnels, pour les personnes dont ils "
    "défendent les intérêts et sur les questions qui se rapportent directement à leur objet "
    "(art. 64, texte exact à vérifier). Les autres conditions de la loi (art. 54 et suivants) "
    "sont à vérifier.")
"""The 1971 law as LEGAL-2026-12 § 7.1 holds it: art. 63 (B), art. 64 (B, text not reread:
« à vérifier »); art. 54 ff. is general knowledge only: « à vérifier » (review2 14.3)."""


def check_structure_kind(case: Case, notes: Notes) -> None:
    """A structure of kind « autre » (or not said) that acts for the subscriber or drafts its
    mandate: recall who the 1971 law lets give legal help to others (review2 14.3)."""
    hs = case.handling_structure
    if hs is not None and line(hs.name) and hs.kind in (None, StructureKind.OTHER):
        notes.add(LAW_1971)


def structure_of_case(case: Case, v: Voice) -> str:
    """The structure of the voice as a sentence names it: « la CPME du Calvados »,
    « l'UFC-Que Choisir de l'Orne » (review T7)."""
    kind = case.handling_structure.kind if case.handling_structure is not None else None
    return structure_named(v.structure.name if v.structure is not None else "", kind)


def mandate_exhibits(case: Case) -> list[int]:
    """The numbers of the exhibits attached to the latest « mandat signé » event (the signed
    mandate, scanned)."""
    event = mandate_event(case)
    if event is None:
        return []
    return sorted({x.number for x in (case.exhibit(i) for i in event.exhibit_ids)
                   if x is not None and x.number > 0})


def mandate_reference(case: Case, exhibit_ids=None) -> str:
    """« pièce n° 7 » when the signed mandate is a numbered exhibit among the letter's
    enclosures (``exhibit_ids`` None: every exhibit), else "" (review2 13.1: the mandate is
    announced as joined only when it is)."""
    numbers = mandate_exhibits(case)
    if exhibit_ids is not None:
        wanted = set(exhibit_ids)
        numbers = [x.number for x in case.exhibits if x.number in numbers and x.id in wanted]
    phrase = exhibit_numbers_phrase(numbers)
    return phrase[:1].lower() + phrase[1:]


def mandate_enclosure(case: Case, v: Voice, notes: Notes,
                      exhibit_ids=None) -> str:
    """The enclosure line for the signed mandate when a structure follows the case and its
    scan is not among the letter's exhibits; "" when no structure is involved, when the signed
    mandate is a numbered exhibit among the letter's enclosures (it is listed there, by its
    number: review 6.4), or when it is signed but not scanned (then not announced: review2
    13.1). A warning when it is not signed, or not scanned."""
    if v.structure is None or not line(v.structure.name):
        return ""
    numbers = mandate_exhibits(case)
    event = mandate_event(case)
    if numbers and (exhibit_ids is None or any(
            x.id in set(exhibit_ids) for x in case.exhibits if x.number in numbers)):
        return ""
    if event is not None and not numbers:
        # not a file: the letter does not announce it, nor does the dossier hold it (review2
        # 13.1: « mandat joint » in the CPME request, no mandate in the zip)
        when = f" le {format_date_fr(event.date)}" if event.date else ""
        notes.add(f"Le mandat signé{when} n'est pas parmi les pièces : ce courrier ne "
                  "l'annonce pas comme joint et le dossier ne le contient pas. Numérisez-le et "
                  "joignez-le à l'événement « Mandat signé » : il sera numéroté, cité et joint.")
        return ""
    if event is None:
        if v.mode is VoiceMode.STRUCTURE:
            return ""  # :func:`check_mandate` said it (review3 6.4: twice)
        helper = structure_of_case(case, v)
        notes.add(f"{helper[:1].upper()}{helper[1:]} suit le dossier mais aucun mandat signé "
                  "n'est enregistré : faites signer le mandat et joignez-le.")
        return ""
    when = f" le {format_date_fr(event.date)}" if event.date else ""
    return f"Mandat signé{when} au profit {of_phrase(structure_of_case(case, v))}"


def mandate_sentence(case: Case, v: Voice, notes: Notes, exhibit_ids=None) -> str:
    """In a letter the structure signs for the subscriber (review2 1.1, BLOQUANT: an operator
    will not deal with a third party who does not show its power): « Nous agissons en vertu du
    mandat qu'elle nous a donné le 20 juin 2026 (pièce n° 7). » (the pronoun of
    :attr:`Voice.member_gave`, review5 1) when the signed mandate is a
    scanned exhibit among the enclosures; « … le 20 juin 2026 ; une copie vous en sera
    transmise séparément. » when it is signed but not scanned (never announced as joined:
    review2 13.1), with a warning to scan it; "" when no mandate is signed
    (:func:`check_mandate` warns)."""
    event = mandate_event(case)
    if v.mode is not VoiceMode.STRUCTURE or event is None:
        return ""
    when = f" le {format_date_fr(event.date)}" if event.date else ""
    reference = mandate_reference(case, exhibit_ids)
    if reference:
        return f"Nous agissons en vertu du mandat {v.member_gave}{when} ({reference})."
    notes.add(f"Le mandat signé{when} n'est pas parmi les pièces : le courrier dit qu'une copie "
              "sera transmise séparément. Numérisez-le et joignez-le à l'événement « Mandat "
              "signé » : il sera numéroté, cité et joint.")
    return (f"Nous agissons en vertu du mandat {v.member_gave}{when} ; une copie vous en "
            "sera transmise séparément.")

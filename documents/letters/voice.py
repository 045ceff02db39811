"""Who speaks in a letter: the subscriber (« je »), a company (« nous »), or the handling
structure for the subscriber; the sender block, the signature, « dossier suivi par », the
place before the date and the closing formula that follow from it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from dispute.model import Case
from documents.content import Signature
from documents.letter_settings import LetterSettings, StructureIdentity, structure_for_case
from documents.letters.core import TO_FILL, Notes, Request, Signer, line, siret_text


CLOSING_I = "Je vous prie d'agréer, {who}, l'expression de mes salutations distinguées."


CLOSING_WE = "Nous vous prions d'agréer, {who}, l'expression de nos salutations distinguées."


CLOSING_I_HIGH = "Je vous prie d'agréer, {who}, l'expression de ma haute considération."


CLOSING_WE_HIGH = "Nous vous prions d'agréer, {who}, l'expression de notre haute considération."


class VoiceMode(StrEnum):
    PERSON = "person"  # a private subscriber: "je"
    COMPANY = "company"  # a business subscriber, signed by its representative: "nous"
    STRUCTURE = "structure"  # the handling structure, for the subscriber: "nous"


@dataclass(frozen=True)
class Voice:
    mode: VoiceMode
    subscriber: str  # the subscriber's name as printed
    structure: StructureIdentity | None

    @property
    def plural(self) -> bool:
        return self.mode is not VoiceMode.PERSON

    def pick(self, je: str, nous: str) -> str:
        return nous if self.plural else je

    def closing(self, who: str = "Madame, Monsieur", high: bool = False) -> str:
        if high:
            return (CLOSING_WE_HIGH if self.plural else CLOSING_I_HIGH).format(who=who)
        return (CLOSING_WE if self.plural else CLOSING_I).format(who=who)


def by(v: Voice, person: str, company: str, structure: str) -> str:
    """The text for the voice: a private subscriber, a company, a structure."""
    return {VoiceMode.PERSON: person, VoiceMode.COMPANY: company,
            VoiceMode.STRUCTURE: structure}[v.mode]


def subscriber_name(case: Case, notes: Notes) -> str:
    name = line(case.subscriber.name)
    if not name:
        notes.add("Nom de l'abonné (souscripteur du contrat) manquant : complétez le dossier.")
        return TO_FILL
    return name


def operator_name(case: Case, notes: Notes) -> str:
    name = line(case.operator.name)
    if not name:
        notes.add("Nom de l'opérateur manquant : complétez le dossier.")
        return "[opérateur à compléter]"
    return name


def voice_for(case: Case, settings: LetterSettings, notes: Notes, *,
              structure_allowed: bool = True, force_structure: bool = False) -> Voice:
    """Who writes. ``force_structure``: the CPME request (the structure is the CPME's single
    point of contact, seeds/000). ``structure_allowed`` False: letters the subscriber must
    write itself (mediator saisine, formal notice, complaint to the procureur)."""
    structure = structure_for_case(case, settings)
    name = subscriber_name(case, notes)
    if force_structure or (structure_allowed and settings.structure_signs and structure):
        if structure is None:
            notes.add("Aucune structure n'est renseignée (dossier ou réglages) : ce courrier "
                      "doit émaner de la structure qui suit le dossier. Complétez ses "
                      "coordonnées dans les réglages des courriers.")
        return Voice(VoiceMode.STRUCTURE, name, structure)
    if not structure_allowed and settings.structure_signs and structure is not None:
        notes.add("Ce courrier est rédigé au nom de l'abonné, qui doit le signer lui-même ; "
                  "la structure figure comme « dossier suivi par ».")
    mode = VoiceMode.COMPANY if case.is_business else VoiceMode.PERSON
    return Voice(mode, name, structure)


def voice_of(r: Request, signer: Signer) -> Voice:
    """The voice of a letter kind signed by ``signer`` (see :class:`Signer`)."""
    return voice_for(r.case, r.settings, r.notes,
                     structure_allowed=signer is not Signer.SUBSCRIBER,
                     force_structure=signer is Signer.STRUCTURE)


# --------------------------------------------------------------------------------------------
# Sender, signature, "dossier suivi par"


def _contact_lines(phone: str, email: str) -> list[str]:
    out = []
    if line(phone):
        out.append(f"Tél. : {line(phone)}")
    if line(email):
        out.append(line(email))
    return out


def sender_lines(case: Case, voice: Voice, notes: Notes) -> list[str]:
    if voice.mode is VoiceMode.STRUCTURE:
        s = voice.structure
        if s is None:
            return ["[Structure à compléter]"]
        lines = s.address.lines(line(s.name))
        if s.address.is_empty():
            notes.add("Adresse postale de la structure manquante : complétez les réglages.")
        return lines + _contact_lines(s.phone, s.email)
    sub = case.subscriber
    lines = sub.address.lines(voice.subscriber)
    if sub.address.is_empty():
        notes.add("Adresse postale de l'abonné manquante : l'expéditeur est incomplet.")
        lines.append(TO_FILL)
    if case.is_business and line(sub.siren):
        lines.append(siret_text(sub.siren))
    return lines + _contact_lines(sub.phone, sub.email)


SIGNATURE_SPACE_MM = 18.0


def signature_for(case: Case, voice: Voice, notes: Notes,
                  settings: LetterSettings | None = None) -> Signature:
    sig = _signature(case, voice, notes)
    return Signature(sig.name, sig.role, SIGNATURE_SPACE_MM)


def _signature(case: Case, voice: Voice, notes: Notes) -> Signature:
    if voice.mode is VoiceMode.STRUCTURE:
        s = voice.structure
        if s is None:
            return Signature("[Signataire à compléter]")
        name = line(s.contact_name) or TO_FILL
        if not line(s.contact_name):
            notes.add("Nom de la personne qui signe pour la structure manquant (réglages).")
        role = line(s.signature_line) or ", ".join(
            p for p in (line(s.contact_role), line(s.name)) if p)
        return Signature(name, role)
    if voice.mode is VoiceMode.COMPANY:
        sub = case.subscriber
        if not line(sub.representative):
            notes.add("Nom du représentant de l'entreprise manquant : indiquez qui signe.")
        name = line(sub.representative) or TO_FILL
        role = ", ".join(p for p in (line(sub.representative_role), voice.subscriber) if p)
        return Signature(name, role)
    return Signature(voice.subscriber)


def followed_by(voice: Voice) -> str:
    """ "Nadia Garnier, chargée de mission, CPME … — 01 99 … — n.garnier@…" when a structure
    follows the case and is not already the sender."""
    s = voice.structure
    if s is None or voice.mode is VoiceMode.STRUCTURE:
        return ""
    who = ", ".join(p for p in (line(s.contact_name), line(s.contact_role), line(s.name)) if p)
    contact = " — ".join(p for p in (line(s.phone), line(s.email)) if p)
    return " — ".join(p for p in (who, contact) if p)


def letter_place(case: Case, voice: Voice, settings: LetterSettings) -> str:
    """The town before the date: the one set in Paramètres, else the writer's own town (the
    structure's when it writes, the subscriber's otherwise); empty when none is known, and
    the date then reads « Le 1er mars 2026 »."""
    if line(settings.place):
        return line(settings.place)
    if voice.mode is VoiceMode.STRUCTURE:
        return line(voice.structure.city) if voice.structure is not None else ""
    return line(case.subscriber.address.city)

"""Who speaks in a letter, and how: the subscriber (« je »), a couple of private holders or a
company (« nous »), or the handling structure for the subscriber (« nous », the subscriber
being « notre adhérent » or « la personne que nous assistons »); the sender block, the
signature, « dossier suivi par », the place before the date and the closing formula that
follow from it. Grammatical gender and number follow the subscriber (civility, couple,
company, sole trader)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from documents.operator_names import LEGAL_NAMES, register_name  # noqa: F401 - re-exported
from dispute.model import BusinessForm, Case, Civility, StructureKind
from documents.content import Signature
from documents.letter_settings import LetterSettings, StructureIdentity, structure_for_case
from documents.letters.core import TO_FILL, Notes, Request, Signer, line, of_phrase, siret_text
from documents.text import in_sentence

CLOSING_I = "Je vous prie d'agréer, {who}, l'expression de mes salutations distinguées."
CLOSING_WE = "Nous vous prions d'agréer, {who}, l'expression de nos salutations distinguées."
CLOSING_I_HIGH = "Je vous prie d'agréer, {who}, l'expression de ma haute considération."
CLOSING_WE_HIGH = "Nous vous prions d'agréer, {who}, l'expression de notre haute considération."


class VoiceMode(StrEnum):
    PERSON = "person"  # a private subscriber, or a sole trader: « je »
    COUPLE = "couple"  # two private holders of the contract: « nous »
    COMPANY = "company"  # a company, an association, signed by its representative: « nous »
    STRUCTURE = "structure"  # the handling structure, for the subscriber: « nous »


@dataclass(frozen=True)
class Voice:
    mode: VoiceMode
    subscriber: str  # the subscriber's name as printed
    structure: StructureIdentity | None
    entity: str = "Notre société"
    """COMPANY: how the subscriber names itself (« Notre société », « Notre association »)."""
    member: str = "la personne que nous assistons"
    """STRUCTURE: how the structure names the subscriber (« notre adhérente », « l'entreprise
    que nous assistons »), without the name."""
    feminine: bool = False  # the subscriber, for agreements (a private woman)
    several: bool = False  # the subscriber is two persons (a couple)
    business: bool = False  # the subscriber is a business (a sole trader speaks « je »)
    sole_trader: str = ""
    """A sole trader's own name (the subscriber's name is then the trade name): the structure
    names the person, not the shop (review5 13)."""

    @property
    def plural(self) -> bool:
        return self.mode is not VoiceMode.PERSON

    def pick(self, je: str, nous: str) -> str:
        return nous if self.plural else je

    def closing(self, who: str = "Madame, Monsieur", high: bool = False) -> str:
        if high:
            return (CLOSING_WE_HIGH if self.plural else CLOSING_I_HIGH).format(who=who)
        return (CLOSING_WE if self.plural else CLOSING_I).format(who=who)

    @property
    def holder(self) -> str:
        """« titulaire » or « titulaires » (the subscriber's number)."""
        return "titulaires" if self.several else "titulaire"

    @property
    def their(self) -> str:
        """The subscriber's possessive in the third person: « sa », « leur »."""
        return "leur" if self.several else "sa"

    @property
    def member_gave(self) -> str:
        """« qu'elle nous a donné »: the mandate's giver as a pronoun agreeing with
        :attr:`member` (« notre adhérent » → « qu'il », « nos adhérents » → « qu'ils … ont »;
        « entreprise », « association », « adhérente », « personne » are feminine), so that
        the mandate sentence names who gave it (review5 1)."""
        return _GAVE.get(self.member, "qu'elle nous a donné")

    @property
    def member_named(self) -> str:
        """« notre adhérente, Claire Fontaine »: the structure's first mention; a sole trader
        is the person who holds the contract, the shop a trade name: « notre adhérente, Élise
        Marchand, qui exerce en entreprise individuelle sous le nom commercial « Salon Élise
        Coiffure » » (review5 13)."""
        if self.sole_trader:
            return (f"{self.member}, {self.sole_trader}, qui exerce en entreprise individuelle "
                    f"sous le nom commercial « {self.subscriber} »")
        return f"{self.member}, {self.subscriber}"


def by(v: Voice, person: str, company: str, structure: str, couple: str | None = None) -> str:
    """The text for the voice: a private subscriber or sole trader (« je »), a company or
    an association, a structure, two private holders (``couple``: required wherever the
    letter may be a couple's; a missing one is a programming error, not a silent « je »)."""
    if v.mode is VoiceMode.COUPLE:
        if couple is None:
            raise ValueError("by(): a couple's text is required")
        return couple
    return {VoiceMode.PERSON: person, VoiceMode.COMPANY: company,
            VoiceMode.STRUCTURE: structure}[v.mode]


_GAVE = {"notre adhérent": "qu'il nous a donné", "nos adhérents": "qu'ils nous ont donné",
         "les personnes que nous assistons": "qu'elles nous ont donné"}
"""The nouns of :func:`_member` that are not feminine singular, and their « qu'… donné »."""

_ENTITY = {BusinessForm.ASSOCIATION: "Notre association", BusinessForm.OTHER: "Notre entreprise"}


def _member(case: Case) -> str:
    """How the structure names the subscriber: a member when the structure's kind or the
    membership number says so, else « que nous assistons »."""
    hs = case.handling_structure
    member = hs is not None and (hs.kind in (StructureKind.CPME,
                                             StructureKind.CONSUMER_ASSOCIATION)
                                 or bool(line(hs.member_number)))
    sub = case.subscriber
    if case.is_business and sub.business_form is BusinessForm.SOLE_TRADER and member \
            and line(sub.representative) and sub.civility in (Civility.MR, Civility.MRS):
        # the person is the member (review5 13); without a civility, « notre entreprise
        # adhérente » keeps the agreement sure
        return "notre adhérent" if sub.civility is Civility.MR else "notre adhérente"
    if case.is_business:
        noun = "association" if sub.business_form is BusinessForm.ASSOCIATION else "entreprise"
        return f"notre {noun} adhérente" if member else f"l'{noun} que nous assistons"
    if sub.civility is Civility.COUPLE:
        return "nos adhérents" if member else "les personnes que nous assistons"
    if member and sub.civility is Civility.MR:
        return "notre adhérent"
    if member and sub.civility is Civility.MRS:
        return "notre adhérente"
    return "la personne que nous assistons"


def civil_name(case: Case, name: str) -> str:
    """« Madame Claire Fontaine », « Madame et Monsieur … »: a private subscriber's name
    with the civility when known (as typed otherwise)."""
    prefix = {Civility.MR: "Monsieur", Civility.MRS: "Madame",
              Civility.COUPLE: "Madame et Monsieur"}.get(case.subscriber.civility)
    if case.is_business or prefix is None or name == TO_FILL:
        return name
    if case.subscriber.civility is Civility.COUPLE and " et " in name:
        return name  # « Claire et Jean Fontaine » already names both
    return f"{prefix} {name}"


def couple_names(name: str) -> tuple[str, str]:
    """« Anne et Paul Lemoine » → (« Anne Lemoine », « Paul Lemoine »); the two halves of
    « Anne Lemoine et Paul Martin »; else two blanks to fill."""
    match = re.fullmatch(r"(\S+) et (\S+) (.+)", name)
    if match:
        return f"{match.group(1)} {match.group(3)}", f"{match.group(2)} {match.group(3)}"
    parts = [p.strip() for p in name.split(" et ")]
    if len(parts) == 2 and all(" " in p for p in parts):
        return parts[0], parts[1]
    return TO_FILL, TO_FILL


def natural_persons(case: Case, v: Voice) -> list[str]:
    """The natural persons who sign an act, each named: one private subscriber (with the
    civility), the two holders of a couple (review 2, 9.1-9.2), the sole trader; [] for a
    company or an association (its representative signs for it)."""
    if v.mode is VoiceMode.COUPLE or (not case.is_business
                                      and case.subscriber.civility is Civility.COUPLE):
        return list(couple_names(v.subscriber))
    if not case.is_business:
        return [civil_name(case, v.subscriber)]
    if case.subscriber.business_form is BusinessForm.SOLE_TRADER:
        return [line(case.subscriber.representative) or TO_FILL]
    return []


def company_named(case: Case, name: str) -> str:
    """A company or an association as a party names it: « la société Menuiserie Rivaud
    (SARL, SIRET 901 473 629 00011) », « l'association Les Amis du Bocage »: the noun gives
    the gender « représentée » agrees with; a legal form repeated at the end of the name is
    said once, in the brackets with the SIREN or SIRET (review 5.3)."""
    sub = case.subscriber
    noun = "l'association" if sub.business_form is BusinessForm.ASSOCIATION else \
        "la société" if sub.business_form in (None, BusinessForm.COMPANY) else "l'entreprise"
    form = line(sub.legal_form)
    if form and name.casefold().endswith(" " + form.casefold()):
        name = name[:-len(form)].rstrip(" ,")
    ids = []
    if form and not form.casefold().startswith(noun.split("'")[-1].split()[-1]):
        ids.append(form)  # « l'association X (association loi 1901) » would say it twice
    if line(sub.siren):
        ids.append(siret_text(sub.siren).replace(" : ", " "))
    return f"{noun} {name}" + (f" ({', '.join(ids)})" if ids else "")


def subscriber_name(case: Case, notes: Notes) -> str:
    name = line(case.subscriber.name)
    if not name:
        notes.add("Nom de l'abonné (souscripteur du contrat) manquant : complétez le dossier.")
        return TO_FILL
    return name


def operator_name(case: Case, notes: Notes) -> str:
    """The operator's name as the letters print it: the case's, spelt as the operator's
    register spells it when the case names that very operator (« Bouygues Télécom » typed or
    copied from the directory → « Bouygues Telecom »: review T15)."""
    name = register_name(case)  # the same spelling in every document (review2 12.1)
    if not name:
        notes.add("Nom de l'opérateur manquant : complétez le dossier.")
        return "[opérateur à compléter]"
    return name


def voice_for(case: Case, settings: LetterSettings, notes: Notes, *,
              structure_allowed: bool = True, force_structure: bool = False,
              act: bool = False, both_sign: bool = False) -> Voice:
    """Who writes. ``force_structure``: the CPME request (the structure is the CPME's single
    point of contact, seeds/000). ``structure_allowed`` False: letters the subscriber must
    write itself (mediator saisine, formal notice, complaint to the procureur). ``act``: an
    act the subscriber files alone (requête, complaint, conciliateur's saisine), where the
    structure does not appear at all (review 2, 3.3). ``both_sign``: the mandate, signed by
    the subscriber and by the structure as its mandataire: no « doit le signer lui-même ; la
    structure figure comme dossier suivi par » (review5 6)."""
    structure = structure_for_case(case, settings)
    name = subscriber_name(case, notes)
    sub = case.subscriber
    common = dict(entity=_ENTITY.get(sub.business_form, "Notre société"), member=_member(case),
                  feminine=not case.is_business and sub.civility is Civility.MRS,
                  several=not case.is_business and sub.civility is Civility.COUPLE,
                  business=case.is_business,
                  sole_trader=line(sub.representative) if case.is_business
                  and sub.business_form is BusinessForm.SOLE_TRADER else "")
    if force_structure or (structure_allowed and settings.structure_signs and structure):
        if structure is None:
            notes.add("Aucune structure ne suit ce dossier : ce courrier doit émaner de la "
                      "structure qui le suit. Indiquez-la dans la fiche du dossier "
                      "(« Structure qui suit le dossier »).")
        return Voice(VoiceMode.STRUCTURE, name, structure, **common)
    if not structure_allowed and settings.structure_signs and structure is not None \
            and not both_sign:
        notes.add(_own_act_note(case, act))
    if case.is_business:
        mode = VoiceMode.PERSON if sub.business_form is BusinessForm.SOLE_TRADER \
            else VoiceMode.COMPANY
    else:
        mode = VoiceMode.COUPLE if common["several"] else VoiceMode.PERSON
    return Voice(mode, name, structure, **common)


def _own_act_note(case: Case, act: bool) -> str:
    """The warning for a letter the subscriber signs while the structure was set to sign,
    agreed with the subscriber (review3 2.5: « au nom de l'abonné, qui doit le signer
    lui-même » for Claire et Paul Fontaine)."""
    sub = case.subscriber
    person = line(sub.representative)
    if case.is_business and sub.business_form is BusinessForm.SOLE_TRADER and person:
        # a sole trader has no representative: she signs herself (review5 6)
        if sub.civility in (Civility.MR, Civility.MRS):
            self_ = "elle-même" if sub.civility is Civility.MRS else "lui-même"
            who = f"{of_phrase(person)} (entreprise individuelle), qui"
        else:
            self_, who = "lui-même", f"de l'entrepreneur individuel, {person}, qui"
        does = f"le signe et l'adresse {self_}" if act else f"doit le signer {self_}"
    elif case.is_business:
        noun = "l'association" if sub.business_form is BusinessForm.ASSOCIATION \
            else "l'entreprise"
        who = f"de {noun}, que son représentant"
        does = "signe et adresse lui-même" if act else "doit signer lui-même"
    elif sub.civility is Civility.COUPLE:
        who, does = "des titulaires, qui", ("le signent et l'adressent eux-mêmes" if act
                                             else "doivent le signer eux-mêmes")
    else:
        self_ = "elle-même" if sub.civility is Civility.MRS else "lui-même"
        noun = "l'abonnée" if sub.civility is Civility.MRS else "l'abonné"
        who, does = f"de {noun}, qui", (f"le signe et l'adresse {self_}" if act
                                        else f"doit le signer {self_}")
    named = who  # « de l'entreprise », « des titulaires », « d'Élise Marchand »
    if act:
        return (f"Ce document est rédigé au nom {named} {does} ; la structure qui l'aide n'y "
                "figure pas.")
    return (f"Ce courrier est rédigé au nom {named} {does} ; la structure figure comme "
            "« dossier suivi par ».")


def voice_of(r: Request, signer: Signer, act: bool = False, both_sign: bool = False) -> Voice:
    """The voice of a letter kind signed by ``signer`` (see :class:`Signer`); ``act``,
    ``both_sign``: see :func:`voice_for`."""
    return voice_for(r.case, r.settings, r.notes,
                     structure_allowed=signer is not Signer.SUBSCRIBER,
                     force_structure=signer is Signer.STRUCTURE, act=act, both_sign=both_sign)


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
            notes.add("Adresse postale de la structure manquante : complétez-la dans la fiche "
                      "du dossier (« Structure qui suit le dossier »).")
        return lines + _contact_lines(s.phone, s.email)
    sub = case.subscriber
    name = voice.subscriber
    if case.is_business and line(sub.legal_form) and \
            line(sub.legal_form).casefold() not in name.casefold():
        name = f"{name} ({line(sub.legal_form)})"
    lines = sub.address.lines(name)
    if sub.address.is_empty():
        notes.add("Adresse postale de l'abonné manquante : l'expéditeur est incomplet.")
        lines.append(TO_FILL)
    if case.is_business and line(sub.siren):
        lines.append(siret_text(sub.siren))
    return lines + _contact_lines(sub.phone, sub.email)


def role_in_text(role: str) -> str:
    """A role inside a sentence: « Nadia Garnier, chargée de mission » (review T9); an
    acronym stays (« DAF »)."""
    return in_sentence(role)


def role_on_line(role: str) -> str:
    """A role starting a line under a signature: « Présidente, Les Amis du Bocage »."""
    role = line(role)
    return role[:1].upper() + role[1:]


_STRUCTURE_ARTICLES = (
    # (how the name starts, casefolded; the article it takes in a sentence)
    ("cpme", "la "), ("ufc", "l'"), ("union ", "l'"), ("association ", "l'"),
    ("fédération ", "la "), ("federation ", "la "), ("confédération ", "la "),
    ("chambre ", "la "), ("maison ", "la "), ("clcv", "la "), ("famille", "l'"),
    ("comité ", "le "), ("syndicat ", "le "), ("groupement ", "le "), ("conseil ", "le "),
    ("centre ", "le "), ("point ", "le "), ("bureau ", "le "), ("service ", "le "),
)


def structure_named(name: str, kind: StructureKind | None = None) -> str:
    """The structure as a sentence names it, with its article (review T7): « la CPME du
    Calvados », « l'UFC-Que Choisir de l'Orne », « le Comité … »; a name without a known
    head word takes its kind's noun: « l'association Les Amis du Bocage », « la structure
    Aide Télécom ». Use :func:`~documents.letters.core.of_phrase` after « de », « par »
    as is: « accompagnée par l'UFC-Que Choisir de l'Orne »."""
    name = line(name)
    if not name:
        return name
    folded = name.casefold()
    if folded.startswith(("la ", "le ", "les ", "l'", "l’")):
        return name[:1].lower() + name[1:]
    for head, article in _STRUCTURE_ARTICLES:
        if folded.startswith(head):
            return f"{article}{name}"
    noun = "l'association" if kind is StructureKind.CONSUMER_ASSOCIATION else "la structure"
    return f"{noun} {name}"


SIGNATURE_SPACE_MM = 18.0


def signature_for(case: Case, voice: Voice, notes: Notes,
                  settings: LetterSettings | None = None) -> Signature:
    sig = _signature(case, voice, notes)
    return Signature(sig.name, sig.role, SIGNATURE_SPACE_MM, sig.cosigner)


def _signature(case: Case, voice: Voice, notes: Notes) -> Signature:
    if voice.mode is VoiceMode.STRUCTURE:
        s = voice.structure
        if s is None:
            return Signature("[Signataire à compléter]")
        name = line(s.contact_name) or TO_FILL
        if not line(s.contact_name):
            notes.add("Nom de la personne qui signe pour la structure manquant : "
                      "complétez la fiche du dossier (« Structure qui suit le dossier »).")
        role = line(s.signature_line) or ", ".join(
            p for p in (role_on_line(s.contact_role), line(s.name)) if p)
        return Signature(name, role)
    if voice.business:
        sub = case.subscriber
        if not line(sub.representative):
            notes.add("Nom du représentant de l'entreprise manquant : indiquez qui signe.")
        name = line(sub.representative) or TO_FILL
        role = ", ".join(p for p in (role_on_line(sub.representative_role), voice.subscriber)
                         if p)
        return Signature(name, role)
    if voice.mode is VoiceMode.COUPLE:
        first, second = couple_names(voice.subscriber)  # each holder signs (review2 9.1)
        if first == TO_FILL:
            notes.add("Noms des deux titulaires à préciser (par exemple « Claire et Paul "
                      "Fontaine ») : chacun signe sous son nom.")
        return Signature(first, cosigner=second)
    return Signature(voice.subscriber)


def followed_by(voice: Voice) -> str:
    """ "Nadia Garnier, chargée de mission, CPME … — 01 99 … — n.garnier@…" when a structure
    follows the case and is not already the sender."""
    s = voice.structure
    if s is None or voice.mode is VoiceMode.STRUCTURE:
        return ""
    who = ", ".join(p for p in (line(s.contact_name), role_in_text(s.contact_role), line(s.name))
                    if p)
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


def holder_opening(v: Voice, contract: str) -> str:
    """The start of a « je » or couple letter: « Titulaire du contrat … », « Titulaires du
    contrat … », « Titulaire du contrat … pour mon entreprise, Salon Élise Coiffure »."""
    if v.mode is VoiceMode.COUPLE:
        return f"Titulaires {contract}"
    if v.business:
        return f"Titulaire {contract} pour mon entreprise, {v.subscriber}"
    return f"Titulaire {contract}"


def business_remedies(v: Voice, cpme: bool) -> str:
    """A business's next step, named (review 1.3, 3.3): « nous saisirons le Médiateur des
    entreprises ou solliciterons l'intervention de la CPME auprès de votre siège. » (the CPME
    only for the operators it covers)."""
    cpme_text = " ou solliciterons l'intervention de la CPME auprès de votre siège" if cpme \
        else ""
    cpme_je = " ou solliciterai l'intervention de la CPME auprès de votre siège" if cpme else ""
    return by(v, f"je saisirai le Médiateur des entreprises{cpme_je}.",
              f"nous saisirons le Médiateur des entreprises{cpme_text}.",
              f"nous saisirons pour {'leur' if v.several else 'son'} compte le Médiateur des "
              f"entreprises{cpme_text}.",
              f"nous saisirons le Médiateur des entreprises{cpme_text}.")


def further_remedies(v: Voice) -> str:
    """« je poursuivrai les recours dont je dispose »: the subscriber never calls itself
    « l'abonné »; the structure acts for its member."""
    return by(v, "je poursuivrai les recours dont je dispose.",
              "nous poursuivrons les recours dont nous disposons.",
              f"nous poursuivrons les recours ouverts à {v.member}.",
              "nous poursuivrons les recours dont nous disposons.")

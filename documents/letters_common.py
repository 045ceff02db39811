"""Shared pieces of the letters: who speaks, the parties' blocks, the chronology, the
exhibits, the demands. Pure functions of a case (no I/O besides the cached directory and
commitments), used by ``documents.letters_operator`` and ``documents.letters_bodies``.

Nothing here invents a fact: what the case does not hold is either left out or printed as a
visible placeholder (:data:`TO_FILL`, :data:`ADDRESS_PLACEHOLDER`) with a warning for the user.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from dispute.calendar import format_date_fr
from dispute.commitments import load_commitments
from dispute.directory import of_name
from dispute.labels import label, line_kind_label
from dispute.model import (
    AnswerOutcome,
    Case,
    Counterpart,
    Direction,
    DisputeNature,
    Event,
    EventKind,
    Party,
    PostalAddress,
)
from dispute.procedure import is_written, sent_on
from documents.content import (
    BulletList,
    Enclosure,
    Letter,
    Paragraph,
    Reference,
    RegisteredMail,
    Run,
    Signature,
)
from documents.layout import check_address
from documents.letter_settings import LetterSettings, StructureIdentity, structure_for_case
from documents.text import (
    NBSP,
    clean_line,
    clean_text,
    format_euros,
    paragraphs,
    place_and_date,
)

ADDRESS_PLACEHOLDER = "ADRESSE À COMPLÉTER"
"""Last line of a recipient block the directory and the case cannot fill (capitals: it is
the line the postal norm wants in capitals, and it cannot be missed on paper)."""
TO_FILL = "[à compléter]"
"""Placeholder for a missing value inside the text."""

CLOSING_I = "Je vous prie d'agréer, {who}, l'expression de mes salutations distinguées."
CLOSING_WE = "Nous vous prions d'agréer, {who}, l'expression de nos salutations distinguées."
CLOSING_I_HIGH = "Je vous prie d'agréer, {who}, l'expression de ma haute considération."
CLOSING_WE_HIGH = "Nous vous prions d'agréer, {who}, l'expression de notre haute considération."


# --------------------------------------------------------------------------------------------
# Warnings


@dataclass
class Notes:
    """The warnings collected while composing (French sentences, no duplicates)."""

    items: list[str] = field(default_factory=list)

    def add(self, message: str) -> None:
        if message not in self.items:
            self.items.append(message)

    def extend(self, messages: Iterable[str]) -> None:
        for m in messages:
            self.add(m)


# --------------------------------------------------------------------------------------------
# Text helpers


def line(value: object) -> str:
    return clean_line(value)


def sentence(value: object) -> str:
    """User text as one sentence: folded to one line, ending with a full stop."""
    text = clean_line(value)
    if text and text[-1] not in ".!?…":
        text += "."
    return text


def euros(amount: Decimal, notes: Notes | None = None) -> str:
    try:
        return format_euros(amount)
    except ValueError:
        if notes is not None:
            notes.add(f"Montant illisible ({amount!r}) : corrigez-le dans le dossier.")
        return TO_FILL


def join_fr(items: Sequence[str], last: str = "et") -> str:
    """ "a", "a et b", "a, b et c"."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def period_fr(start: date, end: date | None) -> str:
    """ "du 2 mars au 21 avril 2026"; "du 30 décembre 2025 au 2 janvier 2026";
    "depuis le 2 mars 2026" without an end."""
    if end is None:
        return f"depuis le {format_date_fr(start)}"
    if start.year == end.year:
        first = format_date_fr(start).rsplit(" ", 1)[0]
        if start.month == end.month:
            first = first.split(" ", 1)[0]
        return f"du {first} au {format_date_fr(end)}"
    return f"du {format_date_fr(start)} au {format_date_fr(end)}"


def siret_text(value: str) -> str:
    """ "901 473 629 00011" for a SIRET, "901 473 629" for a SIREN; other text as typed."""
    digits = re.sub(r"\s", "", value or "")
    if digits.isdigit() and len(digits) == 14:
        return f"SIRET : {digits[:3]} {digits[3:6]} {digits[6:9]} {digits[9:]}"
    if digits.isdigit() and len(digits) == 9:
        return f"SIREN : {digits[:3]} {digits[3:6]} {digits[6:]}"
    return f"SIREN/SIRET : {line(value)}" if line(value) else ""


def one_line_address(address: PostalAddress) -> str:
    parts = [line(s) for s in address.street_lines if line(s)]
    city = " ".join(p for p in (line(address.postcode), line(address.city)) if p)
    if city:
        parts.append(city)
    if line(address.country):
        parts.append(line(address.country))
    return ", ".join(parts)


# --------------------------------------------------------------------------------------------
# Who speaks


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


# --------------------------------------------------------------------------------------------
# Recipients


def checked(lines: list[str], notes: Notes, what: str) -> list[str]:
    for issue in check_address(lines):
        notes.add(f"Adresse {what} : {issue.message}")
    return lines


def operator_recipient(case: Case, service: str, notes: Notes) -> list[str]:
    """The operator's service address from the case; never invented: an empty address gives
    a placeholder block and a warning. ``service``: "clients" or "consommateurs"."""
    name = operator_name(case, notes)
    if service == "consommateurs":
        address, label_ = case.operator.service_consommateurs_address, "Service consommateurs"
    else:
        address, label_ = case.operator.service_clients_address, "Service clients"
    if address.is_empty():
        notes.add(f"Adresse du {label_.lower()} {of_name(name)} inconnue : "
                  f"« {ADDRESS_PLACEHOLDER} » est imprimé à sa place. Relevez-la sur le "
                  "contrat ou une facture (seeds/001) et complétez le dossier ou le courrier.")
        return [name, label_, ADDRESS_PLACEHOLDER]
    return checked(address.lines(name), notes, f"du {label_.lower()}")


def best_operator_recipient(case: Case, notes: Notes) -> list[str]:
    """Service consommateurs if known, else service clients, else the placeholder."""
    if not case.operator.service_consommateurs_address.is_empty():
        return operator_recipient(case, "consommateurs", notes)
    return operator_recipient(case, "clients", notes)


# --------------------------------------------------------------------------------------------
# References and exhibits


def line_numbers(case: Case) -> list[str]:
    return [line(x.number) for x in case.lines if line(x.number)]


def line_descriptions(case: Case) -> list[str]:
    out = []
    for x in case.lines:
        if not line(x.number):
            continue
        extra = line_kind_label(x.kind, line(x.label), lower_kind=True)
        out.append(f"{line(x.number)} ({extra})" if extra else line(x.number))
    return out


def operator_references(case: Case) -> list[str]:
    from dispute.procedure import OPERATOR_SIDE

    seen: dict[str, None] = {}
    for ev in case.events_in_order():
        if ev.counterpart in OPERATOR_SIDE and line(ev.reference):
            seen.setdefault(line(ev.reference), None)
    return list(seen)


def references(case: Case, *, to_operator: bool = True) -> list[Reference]:
    c = case.contract
    numbers = line_numbers(case)
    pairs = [
        ("N° de contrat", line(c.contract_number)),
        ("N° client", line(c.customer_number)),
        ("Ligne concernée" if len(numbers) <= 1 else "Lignes concernées", ", ".join(numbers)),
    ]
    refs = operator_references(case)
    if refs:
        pairs.append(("Vos références" if to_operator else "Références de l'opérateur",
                      ", ".join(refs)))
    return [Reference(a, b) for a, b in pairs if b]


def exhibit_numbers_phrase(numbers: Sequence[int]) -> str:
    """ "Pièce n° 3", "Pièces n° 1 et 2", "Pièces n° 1, 2 et 5"."""
    nums = sorted({n for n in numbers if n > 0})
    if not nums:
        return ""
    word = "Pièce" if len(nums) == 1 else "Pièces"
    return f"{word} n°{NBSP}{join_fr([str(n) for n in nums])}"


_DATE_IN_TITLE = re.compile(
    r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}"
    r"|\b\d{1,2}(?:er)?\s+(?:janv(?:ier)?|f[ée]vr?(?:ier)?|mars|avr(?:il)?|mai|juin|juil(?:let)?"
    r"|ao[uû]t|sept(?:embre)?|oct(?:obre)?|nov(?:embre)?|d[ée]c(?:embre)?)\.?\s+\d{4}\b",
    re.IGNORECASE)
"""A date already written in an exhibit's title (« du 16/03/2026 », « du 1er mars 2026 »): the
enclosure list then does not repeat it in brackets."""


def exhibit_title(exhibit) -> str:
    title = line(exhibit.title) or line(exhibit.original_name) or "Pièce sans titre"
    if exhibit.date is not None and not _DATE_IN_TITLE.search(title):
        title += f" ({format_date_fr(exhibit.date)})"
    return title


def enclosures(case: Case, exhibit_ids: Sequence[str] | None = None) -> list[Enclosure]:
    chosen = case.exhibits if exhibit_ids is None else [
        x for x in case.exhibits if x.id in set(exhibit_ids)]
    return [Enclosure(x.number, exhibit_title(x))
            for x in sorted(chosen, key=lambda x: x.number) if x.number > 0]


# --------------------------------------------------------------------------------------------
# The chronology


_OUTCOME_ADJ = {
    AnswerOutcome.UNSATISFACTORY: "insatisfaisante",
    AnswerOutcome.PARTIAL: "partielle",
    AnswerOutcome.SATISFACTORY: "satisfaisante",
}
_OPINION_ADJ = {
    AnswerOutcome.UNSATISFACTORY: "défavorable",
    AnswerOutcome.PARTIAL: "partiellement favorable",
    AnswerOutcome.SATISFACTORY: "favorable",
}


def counterpart_forms(cp: Counterpart, to_operator: bool) -> tuple[str, str, str]:
    """(à-form, de-form, avec-form): "à votre service clients", "de votre service clients",
    "avec votre service clients" in a letter to the operator; "au service clients"... else."""
    if to_operator:
        own = {
            Counterpart.SERVICE_CLIENTS: "votre service clients",
            Counterpart.SERVICE_CONSOMMATEURS: "votre service consommateurs",
            Counterpart.OPERATOR_OTHER: "vos services",
        }
        if cp in own:
            return f"à {own[cp]}", f"de {own[cp]}", f"avec {own[cp]}"
    forms = {
        Counterpart.SERVICE_CLIENTS: ("au service clients", "du service clients",
                                      "avec le service clients"),
        Counterpart.SERVICE_CONSOMMATEURS: ("au service consommateurs",
                                            "du service consommateurs",
                                            "avec le service consommateurs"),
        Counterpart.OPERATOR_OTHER: ("à l'opérateur", "de l'opérateur", "avec l'opérateur"),
        Counterpart.MEDIATOR: ("au Médiateur des communications électroniques",
                               "du Médiateur des communications électroniques",
                               "avec le Médiateur des communications électroniques"),
        Counterpart.OTHER_MEDIATOR: ("à un autre médiateur", "d'un autre médiateur",
                                     "avec un autre médiateur"),
        Counterpart.CPME: ("à la CPME", "de la CPME", "avec la CPME"),
        Counterpart.COURT: ("au tribunal", "du tribunal", "avec le tribunal"),
        Counterpart.DGCCRF: ("à la DGCCRF", "de la DGCCRF", "avec la DGCCRF"),
        Counterpart.PROCUREUR: ("au procureur de la République",
                                "du procureur de la République",
                                "avec le procureur de la République"),
        Counterpart.CONSUMER_ASSOCIATION: ("à une association de consommateurs",
                                           "d'une association de consommateurs",
                                           "avec une association de consommateurs"),
        Counterpart.REGULATOR: ("à l'Arcep", "de l'Arcep", "avec l'Arcep"),
        Counterpart.OTHER: ("", "", ""),
    }
    return forms[cp]


def _registered_details(ev: Event) -> str:
    reg = ev.registered
    if reg is None:
        return ""
    parts = []
    if reg.posted_on is not None and ev.date is not None and reg.posted_on != ev.date:
        parts.append(f"postée le {format_date_fr(reg.posted_on)}")
    if reg.received_on is not None:
        parts.append(f"reçue le {format_date_fr(reg.received_on)}")
    elif reg.first_presented_on is not None:
        text = f"présentée le {format_date_fr(reg.first_presented_on)}"
        if reg.not_claimed:
            text += " et non réclamée"
        parts.append(text)
    elif reg.not_claimed:
        parts.append("non réclamée")
    return ", ".join(parts)


def event_what(ev: Event, to_operator: bool) -> str:
    """What happened, as a French phrase starting with a capital, without the date."""
    a, de, avec = counterpart_forms(ev.counterpart, to_operator)
    out = ev.direction is Direction.OUTGOING
    k = ev.kind
    if k is EventKind.REGISTERED_LETTER:
        number = line(ev.registered.tracking_number) if ev.registered else ""
        head = "Lettre recommandée avec accusé de réception"
        if number:
            head += f" n°{NBSP}{number}"
        text = f"{head} adressée {a}".rstrip() if out else f"{head} reçue {de}".rstrip()
        details = _registered_details(ev) if out else ""
        return f"{text}, {details}" if details else text
    if k is EventKind.LETTER:
        return f"Courrier adressé {a}".rstrip() if out else f"Courrier reçu {de}".rstrip()
    if k is EventKind.EMAIL:
        return f"Courriel {a}".rstrip() if out else f"Courriel reçu {de}".rstrip()
    if k is EventKind.CALL:
        return f"Appel {a}".rstrip() if out else f"Appel reçu {de}".rstrip()
    if k is EventKind.CHAT:
        return f"Échange par messagerie instantanée {avec}".rstrip()
    if k is EventKind.SHOP_VISIT:
        return "Visite en boutique"
    if k is EventKind.TECHNICIAN_VISIT:
        return "Intervention d'un technicien"
    if k is EventKind.OUTAGE:
        if ev.end_date is not None and ev.date is not None:
            return f"Interruption du service jusqu'au {format_date_fr(ev.end_date)}"
        return "Début de l'interruption du service"
    if k is EventKind.ANSWER:
        written = "écrite " if ev.written else ""
        if ev.outcome is AnswerOutcome.NONE:
            return f"Absence de réponse {de}".rstrip()
        adj = _OUTCOME_ADJ.get(ev.outcome)
        return f"Réponse {written}{adj + ' ' if adj else ''}{de}".replace("  ", " ").rstrip()
    if k is EventKind.SAISINE:
        return f"Saisine {de}".rstrip() if de else "Saisine"
    if k is EventKind.MEDIATOR_OPINION:
        adj = _OPINION_ADJ.get(ev.outcome)
        return f"Avis {adj + ' ' if adj else ''}{de or 'du médiateur'}".rstrip()
    if k is EventKind.PARTY_POSITION:
        who = "l'abonné" if ev.party is Party.SUBSCRIBER else (
            "l'opérateur" if ev.party is Party.OPERATOR else "une partie")
        if ev.accepted is True:
            return f"Acceptation de l'avis du médiateur par {who}"
        if ev.accepted is False:
            return f"Refus de l'avis du médiateur par {who}"
        return f"Position de {who} sur l'avis du médiateur"
    if k is EventKind.COURT_ACTION:
        return "Action en justice"
    if k is EventKind.DGCCRF_REPORT:
        return "Signalement à la DGCCRF"
    if k is EventKind.PROCUREUR_COMPLAINT:
        return "Plainte auprès du procureur de la République"
    return f"Démarche {a}".rstrip() if a else "Autre démarche"


def event_paragraph(ev: Event, case: Case, to_operator: bool) -> Paragraph:
    """ "**16 mars 2026** — Lettre recommandée … n° 1A …, reçue le 18 mars 2026 (réf. …).
    Demande de rétablissement. Pièces n° 1 et 2." """
    when = sent_on(ev)
    text = event_what(ev, to_operator)
    if line(ev.reference):
        text += f" (réf. {line(ev.reference)})"
    text += "."
    if line(ev.summary):
        text += " " + sentence(ev.summary)
    numbers = [x.number for x in (case.exhibit(i) for i in ev.exhibit_ids) if x is not None]
    pieces = exhibit_numbers_phrase(numbers)
    if pieces:
        text += f" {pieces}."
    return Paragraph.of(Run(format_date_fr(when), bold=True), " — " + text)


def dated_events(case: Case, today: date, notes: Notes,
                 keep=lambda ev: True) -> list[Event]:
    """The case's events up to ``today``, in date order; undated and future ones are left out
    (with a warning)."""
    out = []
    for ev in case.events_in_order():
        if not keep(ev):
            continue
        when = sent_on(ev)
        if when is None:
            notes.add(f"Un événement sans date ({label(ev.kind)} — {label(ev.counterpart)}) "
                      "n'est pas cité : datez-le pour qu'il figure dans les courriers.")
            continue
        if when > today:
            notes.add(f"Un événement daté du {format_date_fr(when)}, postérieur à la date du "
                      "courrier, n'est pas cité.")
            continue
        out.append(ev)
    return out


LETTER_STEPS_LIMIT = 24
"""Most dated steps a letter recalls one by one; the chronology of the dossier has them all."""

_KEY_KINDS = frozenset({EventKind.ANSWER, EventKind.SAISINE, EventKind.MEDIATOR_OPINION,
                        EventKind.PARTY_POSITION, EventKind.COURT_ACTION, EventKind.OUTAGE})


def _is_key_step(ev: Event) -> bool:
    """Written complaints, answers, saisines and outages: what a letter must recall."""
    return is_written(ev) or ev.kind in _KEY_KINDS


def select_steps(events: Sequence[Event], limit: int | None) -> tuple[list[Event], int]:
    """The steps a letter recalls and how many it leaves to the chronology.

    Within ``limit`` every step is kept. Beyond it, calls, chats and visits give way to the
    written steps and answers; if those alone are still too many, the first and the latest
    are kept (the beginning of the dispute and where it stands), in date order.
    """
    if limit is None or len(events) <= limit:
        return list(events), 0
    key = [ev for ev in events if _is_key_step(ev)]
    if len(key) > limit:
        head = limit // 2
        key = key[:head] + key[len(key) - (limit - head):]
    return key, len(events) - len(key)


def chronology(case: Case, today: date, notes: Notes, *, to_operator: bool,
               keep=lambda ev: True, limit: int | None = LETTER_STEPS_LIMIT) -> BulletList | None:
    """The dated steps as a bullet list. ``limit=None`` recalls every step (the complaint to
    the procureur must); otherwise a long history is cut to its key steps, and a last item
    says how many other exchanges the chronology of the dossier holds."""
    events = dated_events(case, today, notes, keep)
    if not events:
        return None
    shown, left_out = select_steps(events, limit)
    items = [event_paragraph(ev, case, to_operator) for ev in shown]
    if left_out:
        items.append(Paragraph.of(
            f"{left_out} autre{'s' if left_out > 1 else ''} échange"
            f"{'s' if left_out > 1 else ''} (appels, messages, visites ou autres étapes) "
            "figure" + ("nt" if left_out > 1 else "") + " dans la chronologie du dossier, "
            "avec leurs dates et pièces."))
    return BulletList(tuple(items))


# --------------------------------------------------------------------------------------------
# What is asked, what was not performed


def _outage_period(case: Case, today: date) -> tuple[str, bool]:
    """(" du 2 mars au 21 avril 2026", restored) from the outage events."""
    outages = [e for e in case.events_in_order()
               if e.kind is EventKind.OUTAGE and e.date is not None and e.date <= today]
    if not outages:
        return "", False
    first = outages[0]
    end = first.end_date if first.end_date is not None and first.end_date <= today else None
    return " " + period_fr(first.date, end), end is not None


def demands(case: Case, today: date, notes: Notes, *, to_operator: bool) -> list[str]:
    """What the subscriber asks for, as nominal phrases ("le remboursement de …"), from the
    natures of the dispute and the disputed invoice lines."""
    natures = list(dict.fromkeys(case.natures)) or [DisputeNature.OTHER]
    total = case.total_disputed()
    has_amount = bool(case.invoice_lines) and total > 0
    amount = f", soit {euros(total, notes)}" if has_amount else ""
    costs = "à vos frais" if to_operator else "aux frais de l'opérateur"
    period, restored = _outage_period(case, today)
    out: list[str] = []
    refund_done = False
    for n in natures:
        if n is DisputeNature.OUTAGE:
            if not restored:
                out.append("le rétablissement du service sans délai")
            if DisputeNature.BILLING not in natures:
                out.append("le remboursement de l'abonnement au prorata de la période sans "
                           f"service{period}{amount}")
                refund_done = True
        elif n is DisputeNature.LINE_OVERWRITTEN:
            if not restored:
                out.append(f"le rétablissement de la ligne {costs}, dans les meilleurs délais")
            out.append(f"l'indemnisation du préjudice causé par la coupure de la ligne{period}")
            if not has_amount:
                notes.add("L'indemnisation demandée n'est pas chiffrée : une demande claire "
                          "indique un montant (par exemple l'abonnement au prorata de la "
                          "période de coupure, en lignes de facture contestées). Complétez le "
                          "courrier avant de l'envoyer.")
        elif n is DisputeNature.BILLING:
            out.append("la rectification des factures contestées et le remboursement des sommes "
                       f"indûment facturées{amount}, par virement ou sous forme d'avoir")
            refund_done = True
        elif n is DisputeNature.MISSING_SERVICE:
            out.append("la fourniture de l'ensemble des services souscrits")
        elif n is DisputeNature.TRANSFER_ON_MOVE:
            out.append("le transfert effectif de la ligne à la nouvelle adresse")
        elif n is DisputeNature.TERMINATION:
            out.append("la prise en compte de la résiliation et l'arrêt de toute facturation "
                       "postérieure")
        elif n is DisputeNature.PORTABILITY:
            out.append("la réalisation de la portabilité du numéro")
        else:
            out.append("une solution au litige exposé ci-dessus")
    if has_amount and not refund_done:
        out.append(f"le remboursement des sommes contestées{amount}")
    return list(dict.fromkeys(out))


OBLIGATIONS = {
    DisputeNature.OUTAGE: "fournir le service prévu au contrat",
    DisputeNature.LINE_OVERWRITTEN: "maintenir en service la ligne souscrite",
    DisputeNature.BILLING: "facturer conformément au contrat et aux consommations réelles",
    DisputeNature.MISSING_SERVICE: "fournir l'ensemble des services souscrits",
    DisputeNature.TRANSFER_ON_MOVE: "transférer la ligne lors du déménagement",
    DisputeNature.TERMINATION: "prendre en compte la résiliation demandée",
    DisputeNature.PORTABILITY: "réaliser la portabilité du numéro",
    DisputeNature.OTHER: "exécuter le contrat conformément à ses stipulations",
}


def obligations(case: Case) -> list[str]:
    natures = list(dict.fromkeys(case.natures)) or [DisputeNature.OTHER]
    return list(dict.fromkeys(OBLIGATIONS[n] for n in natures))


NATURE_PHRASES = {
    DisputeNature.MISSING_SERVICE: "l'absence d'un ou plusieurs services souscrits",
    DisputeNature.TRANSFER_ON_MOVE: "le transfert de la ligne lors d'un déménagement",
    DisputeNature.LINE_OVERWRITTEN: "l'écrasement de la ligne, reprise par erreur lors de la "
                                    "commande d'un autre client",
    DisputeNature.BILLING: "une facturation erronée",
    DisputeNature.OUTAGE: "une panne ou interruption du service",
    DisputeNature.TERMINATION: "la résiliation du contrat",
    DisputeNature.PORTABILITY: "la portabilité du numéro",
    DisputeNature.OTHER: "un litige relatif à l'exécution du contrat",
}
NATURE_SUBJECTS = {
    DisputeNature.MISSING_SERVICE: "absence de service",
    DisputeNature.TRANSFER_ON_MOVE: "transfert de ligne",
    DisputeNature.LINE_OVERWRITTEN: "écrasement de ligne",
    DisputeNature.BILLING: "facturation erronée",
    DisputeNature.OUTAGE: "panne ou interruption du service",
    DisputeNature.TERMINATION: "résiliation",
    DisputeNature.PORTABILITY: "portabilité du numéro",
    DisputeNature.OTHER: "litige",
}


def natures_text(case: Case) -> str:
    """ "une panne ou interruption du service et une facturation erronée": the natures of
    the dispute as a phrase for a sentence (the case's order, no duplicates)."""
    natures = list(dict.fromkeys(case.natures)) or [DisputeNature.OTHER]
    return join_fr([NATURE_PHRASES[n] for n in natures])


def subject_natures(case: Case) -> str:
    """ "panne ou interruption du service", for an "Objet" line (lower case)."""
    natures = list(dict.fromkeys(case.natures)) or [DisputeNature.OTHER]
    return join_fr([NATURE_SUBJECTS[n] for n in natures])


def bullets(items: Sequence[str]) -> BulletList:
    """A French enumeration: items end with ";" and the last with "."."""
    out = []
    for i, item in enumerate(items):
        end = "." if i == len(items) - 1 else " ;"
        out.append(Paragraph.of(clean_text(item) + end))
    return BulletList(tuple(out))


# --------------------------------------------------------------------------------------------
# Contract, certified commitments


def contract_phrase(case: Case, *, ids: bool = False) -> str:
    """ "du contrat « Offre » souscrit le 15 septembre 2024" — every part only when the case
    has it. The contract, customer and line numbers are in the letter's references; ``ids``
    repeats them (for texts without a references block)."""
    c = case.contract
    text = "du contrat"
    if line(c.offer):
        text += f" « {line(c.offer)} »"
    if ids:
        parts = []
        if line(c.contract_number):
            parts.append(f"n°{NBSP}{line(c.contract_number)}")
        if line(c.customer_number):
            parts.append(f"client n°{NBSP}{line(c.customer_number)}")
        if parts:
            text += f" ({', '.join(parts)})"
    if c.start_date is not None:
        text += f" souscrit le {format_date_fr(c.start_date)}"
    numbers = line_numbers(case)
    if ids and numbers:
        text += f", pour la ligne {numbers[0]}" if len(numbers) == 1 else \
            f", pour les lignes {join_fr(numbers)}"
    return text


def commitment_blocks(case: Case, voice: Voice, notes: Notes, *,
                      to_operator: bool) -> list:
    """The certified commitments the operator broke (business subscribers), by number and
    exact wording (seeds/004), cited as its « engagements certifiés »."""
    numbers = [line(n) for n in case.broken_commitments if line(n)]
    if not numbers:
        return []
    if not case.is_business:
        notes.add("Les engagements certifiés (seeds/004) concernent les clients entreprises : "
                  "ils ne sont pas cités pour un abonné particulier.")
        return []
    book = load_commitments()
    found = []
    for number in numbers:
        c = book.get(number)
        if c is None:
            notes.add(f"Engagement n° {number} absent de la liste des engagements certifiés "
                      "(seeds/004) : il n'est pas cité.")
        elif c not in found:
            found.append(c)
    if not found:
        return []
    notes.add("Engagements certifiés cités : " + book.scope_note if book.scope_note else
              "Vérifiez que les engagements cités s'appliquent à l'opérateur.")
    whose = "vos engagements certifiés" if to_operator else \
        "les engagements certifiés de l'opérateur"
    intro = (f"Ces manquements contreviennent également à {whose} envers les clients "
             "entreprises :")
    items = [Paragraph.of(Run(f"n°{NBSP}{c.number}", bold=True), f" : « {c.text} » ;")
             for c in found]
    last = items[-1]
    items[-1] = Paragraph(last.runs[:-1] + (Run(last.runs[-1].text[:-2] + "."),))
    return [Paragraph.of(intro), BulletList(tuple(items))]


# --------------------------------------------------------------------------------------------
# French typography


_MONTHS = ("janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre"
           "|novembre|décembre|decembre")
_KEEP_TOGETHER = (
    # « 18 mars 2026 », « 1er août »: a date never split after its day
    re.compile(rf"\b(?:\d{{1,2}}|1er) (?:{_MONTHS})\b(?: \d{{4}}\b)?", re.IGNORECASE),
    re.compile(r"\b0\d(?: \d\d){4}\b"),  # a French phone number, « 01 99 00 52 90 »
    re.compile(r"\+33(?: \d){1}(?: \d\d){4}\b"),  # « +33 1 99 00 52 90 »
    re.compile(r"\b\d{3} \d{3} \d{3}(?: \d{5})?\b"),  # SIREN, SIRET « 901 473 629 00011 »
    re.compile(r"\b\d[A-Z](?: \d+){2,}\b"),  # an LRAR number, « 1A 000 000 3161 2 »
    re.compile(r"\d(?:[,.]\d+)? (?:€|euros?\b|%|j\b|jours?\b|mois\b|ans?\b|h\b|Mo\b|Go\b)"),
)
"""Groups a line break must not split (their ordinary spaces become no-break spaces)."""


def fr_typography(text: str) -> str:
    """No-break spaces where French typography wants them, so a line never starts with ":",
    ";", "»" or ends with "«": "« Offre »", "Objet : …", "n° 3"; and so that a date, a
    phone, SIRET or LRAR number, or a number and its unit (« 10 € », « 15 jours ») is never
    split across two lines, typed by the user or not."""
    for plain, tied in ((" :", f"{NBSP}:"), (" ;", f"{NBSP};"), (" ?", f"{NBSP}?"),
                        (" !", f"{NBSP}!"), ("« ", f"«{NBSP}"), (" »", f"{NBSP}»"),
                        ("n° ", f"n°{NBSP}")):
        text = text.replace(plain, tied)
    for pattern in _KEEP_TOGETHER:
        text = pattern.sub(lambda m: m.group(0).replace(" ", NBSP), text)
    return text


def _typeset_paragraph(p: Paragraph) -> Paragraph:
    return Paragraph(tuple(Run(fr_typography(r.text), r.bold, r.italic) for r in p.runs), p.align)


def typeset(letter):
    """The letter with :func:`fr_typography` applied to its body, subject and formulas."""
    from dataclasses import replace as _replace

    from documents.content import Table

    blocks = []
    for block in letter.body:
        if isinstance(block, Paragraph):
            blocks.append(_typeset_paragraph(block))
        elif isinstance(block, BulletList):
            blocks.append(BulletList(tuple(_typeset_paragraph(i) for i in block.items)))
        elif isinstance(block, Table):
            blocks.append(_replace(
                block, rows=tuple(tuple(fr_typography(c) for c in row) for row in block.rows)))
        else:
            blocks.append(block)
    return _replace(letter, body=tuple(blocks), subject=fr_typography(letter.subject),
                    closing=fr_typography(letter.closing),
                    followed_by=fr_typography(letter.followed_by),
                    enclosures=tuple(Enclosure(e.number, fr_typography(e.title))
                                     for e in letter.enclosures))


# --------------------------------------------------------------------------------------------
# The letter itself (shared by letters_operator and letters_bodies)


def build_letter(case: Case, settings: LetterSettings, today: date, voice: Voice, notes: Notes, *,
            recipient: list[str], subject: str, body: list, exhibit_ids, closing: str = "",
            salutation: str = "Madame, Monsieur,", registered: bool = True,
            to_operator: bool = True) -> Letter:
    """The Letter with the blocks every letter has (sender, recipient, place and date,
    references, signature, enclosures, « dossier suivi par »)."""
    return Letter(
        sender=tuple(sender_lines(case, voice, notes)),
        recipient=tuple(recipient),
        place_and_date=place_and_date(letter_place(case, voice, settings), today),
        subject=subject,
        body=tuple(body),
        salutation=salutation,
        closing=closing or voice.closing(),
        signature=signature_for(case, voice, notes, settings),
        registered=RegisteredMail(line(settings.registered_number)) if registered else None,
        references=tuple(references(case, to_operator=to_operator)),
        enclosures=tuple(enclosures(case, exhibit_ids)),
        followed_by=followed_by(voice),
        date=today,
    )


def letter_place(case: Case, voice: Voice, settings: LetterSettings) -> str:
    """The town before the date: the one set in Paramètres, else the writer's own town (the
    structure's when it writes, the subscriber's otherwise); empty when none is known, and
    the date then reads « Le 1er mars 2026 »."""
    if line(settings.place):
        return line(settings.place)
    if voice.mode is VoiceMode.STRUCTURE:
        return line(voice.structure.city) if voice.structure is not None else ""
    return line(case.subscriber.address.city)


def facts_paragraphs(case: Case) -> list:
    """The summary, as the paragraphs the user wrote (separated by blank lines)."""
    parts = paragraphs(case.summary)
    if not parts:
        return []
    first, *rest = parts
    return [Paragraph.of(Run("Les faits sont les suivants. ", bold=True), sentence(first))] + [
        Paragraph.of(sentence(part)) for part in rest]

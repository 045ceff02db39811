"""The dated steps of the dispute as a letter recalls them, the references block and the
enclosures (the exhibits, by number)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from dispute.accents import strip_accents
from dispute import exhibit_roles as roles
from dispute.calendar import format_date_fr
from dispute.labels import label, line_kind_label, subscriber_noun
from dispute.model import (
    AnswerOutcome,
    Case,
    Counterpart,
    Direction,
    Event,
    EventKind,
    ExhibitKind,
    Party,
)
from dispute.outages import outage_days
from dispute.procedure import OPERATOR_SIDE, is_formal_notice, is_written, sent_on
from documents.content import BulletList, Enclosure, Paragraph, Reference, Run
from documents.letters.core import Notes, join_fr, line, sentence
from documents.letters.senders import sender_words
from documents.letters.voice import Voice, VoiceMode
from documents.text import NBSP, days_text


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
    """ "Pièce n° 3", "Pièces nos 1 et 2", "Pièces nos 1, 2 et 5" (« nos », the plural of
    « n° »)."""
    nums = sorted({n for n in numbers if n > 0})
    if not nums:
        return ""
    if len(nums) == 1:
        return f"Pièce n°{NBSP}{nums[0]}"
    return f"Pièces nos{NBSP}{join_fr([str(n) for n in nums])}"


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


def invoice_exhibits(case: Case) -> dict[str, int | None]:
    """Each disputed invoice (by number, in the case's order) and the number of the first
    exhibit that is it, None when none is: a contested invoice must be among the pieces
    (review 6.5, 7.6). The rule is ``dispute.exhibit_roles.names_invoice``, the mediator's
    checklist's too."""
    return {number: (found[0] if found else None)
            for number, found in roles.invoice_exhibits(case).items()}


def grounding_exhibits(case: Case, exhibit_ids: Sequence[str] | None) -> list[str]:
    """The exhibits an act founds the claim on (C.P.C. 57), by default every exhibit but the
    signed mandate: the structure cannot represent the claimant before the tribunal
    judiciaire nor file a complaint for them, and the mandate founds nothing (review3 1.3).
    An explicit choice is kept; the numbers stay the bordereau's."""
    if exhibit_ids is not None:
        return list(exhibit_ids)
    return [x.id for x in case.exhibits if x.kind is not ExhibitKind.MANDATE]


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


THIRD_PARTY_AMICABLE = frozenset({Counterpart.MEDIATOR, Counterpart.BUSINESS_MEDIATOR,
                                   Counterpart.OTHER_MEDIATOR, Counterpart.CONCILIATEUR})
"""The third parties of an amicable attempt: their unsatisfactory answer closes it."""


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
        # the CPME's national contact, not the CPME structure that may sign (review3 6.1)
        Counterpart.CPME: ("au référent litiges télécoms de la CPME",
                           "du référent litiges télécoms de la CPME",
                           "avec le référent litiges télécoms de la CPME"),
        Counterpart.COURT: ("au tribunal", "du tribunal", "avec le tribunal"),
        Counterpart.DGCCRF: ("à la DGCCRF", "de la DGCCRF", "avec la DGCCRF"),
        Counterpart.PROCUREUR: ("au procureur de la République",
                                "du procureur de la République",
                                "avec le procureur de la République"),
        Counterpart.CONSUMER_ASSOCIATION: ("à une association de consommateurs",
                                           "d'une association de consommateurs",
                                           "avec une association de consommateurs"),
        Counterpart.REGULATOR: ("à l'Arcep", "de l'Arcep", "avec l'Arcep"),
        Counterpart.BUSINESS_MEDIATOR: ("au Médiateur des entreprises",
                                        "du Médiateur des entreprises",
                                        "avec le Médiateur des entreprises"),
        Counterpart.CONCILIATEUR: ("au conciliateur de justice", "du conciliateur de justice",
                                   "avec le conciliateur de justice"),
        Counterpart.HANDLING_STRUCTURE: ("à la structure d'accompagnement",
                                         "de la structure d'accompagnement",
                                         "avec la structure d'accompagnement"),
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


def notice_unanswered(case: Case, ev: Event, today: date) -> str:
    """ ", restée sans réponse" after a mise en demeure no answer of the operator followed up
    to ``today`` (an answer « pas de réponse » records the silence); "" otherwise, and for
    any other event. Review 5, point 4: the diligences say the notice went unheeded."""
    if not is_formal_notice(ev):
        return ""
    when = sent_on(ev)
    answered = any(e.kind is EventKind.ANSWER and e.counterpart in OPERATOR_SIDE
                   and e.outcome is not AnswerOutcome.NONE and sent_on(e) is not None
                   and when <= sent_on(e) <= today for e in case.events)
    return "" if answered else ", restée sans réponse"


def _position_by(ev: Event, voice: Voice) -> str:
    """The subscriber's own position on the opinion in the letter's voice (review 11.3: not
    « Refus de l'avis du médiateur par l'abonné » in an act the subscriber signs)."""
    verb = "accepté" if ev.accepted else "refusé"
    if voice.mode is VoiceMode.PERSON:
        return f"J'ai {verb} l'avis du médiateur"
    if voice.mode is VoiceMode.STRUCTURE:
        who = voice.member_named
        return (f"{who[:1].upper()}{who[1:]}, {'ont' if voice.several else 'a'} {verb} l'avis "
                "du médiateur")
    return f"Nous avons {verb} l'avis du médiateur"


def _head(noun: str, ours: bool, of: str) -> str:
    """« Courrier », « Notre courrier », « Courrier de notre adhérente »."""
    head = f"Notre {noun[:1].lower()}{noun[1:]}" if ours else noun
    return f"{head} {of}" if of else head


def event_what(ev: Event, to_operator: bool, voice: Voice | None = None,
               sender: tuple[bool, str] = (False, ""), subscriber: str = "l'abonné") -> str:
    """What happened, as a French phrase starting with a capital, without the date.
    ``voice``: the letter's, for what the subscriber did itself (its position on the
    mediator's opinion: « J'ai refusé l'avis du médiateur »). ``sender``: who sent an
    outgoing letter, e-mail or call (``senders.sender_words``: « Notre courrier », « Courrier
    de notre adhérente »). ``subscriber``: how the subscriber is named without a voice
    (« l'abonnée », ``dispute.labels.subscriber_noun``)."""
    a, de, avec = counterpart_forms(ev.counterpart, to_operator)
    out = ev.direction is Direction.OUTGOING
    ours, of = sender if out else (False, "")
    k = ev.kind
    # a mise en demeure is named as such, not as a mere letter (review 5, points 4 and 11)
    notice = "Mise en demeure par " if is_formal_notice(ev) else ""
    if k is EventKind.REGISTERED_LETTER:
        number = line(ev.registered.tracking_number) if ev.registered else ""
        head = "Lettre recommandée avec accusé de réception"
        if notice:
            head = notice + head[:1].lower() + head[1:]
        if number:
            head += f" n°{NBSP}{number}"
        head = _head(head, ours, of)
        text = f"{head} adressée {a}".rstrip() if out else f"{head} reçue {de}".rstrip()
        details = _registered_details(ev) if out else ""
        return f"{text}, {details}" if details else text
    if k is EventKind.LETTER:
        return f"{_head(notice + ('courrier' if notice else 'Courrier'), ours, of)} " \
            f"{'adressée' if notice else 'adressé'} {a}".rstrip() if out \
            else f"Courrier reçu {de}".rstrip()
    if k is EventKind.EMAIL:
        return f"{_head(notice + ('courriel' if notice else 'Courriel'), ours, of)} {a}".rstrip() \
            if out else f"Courriel reçu {de}".rstrip()
    if k is EventKind.CALL:
        return f"{_head('Appel', ours, of)} {a}".rstrip() if out \
            else f"Appel reçu {de}".rstrip()
    if k is EventKind.CHAT:
        return f"Échange par messagerie instantanée {avec}".rstrip()
    if k is EventKind.SHOP_VISIT:
        return "Visite en boutique"
    if k is EventKind.TECHNICIAN_VISIT:
        return "Intervention d'un technicien"
    if k is EventKind.OUTAGE:
        if ev.end_date is not None and ev.date is not None and ev.end_date >= ev.date:
            return (f"Interruption du service jusqu'au {format_date_fr(ev.end_date)} "
                    f"({days_text(outage_days(ev.date, ev.end_date))})")
        return "Début de l'interruption du service"
    if k is EventKind.ANSWER:
        written = "écrite " if ev.written else ""
        if ev.outcome is AnswerOutcome.NONE:
            return f"Absence de réponse {de}".rstrip()
        if ev.outcome is AnswerOutcome.UNSATISFACTORY and ev.counterpart in THIRD_PARTY_AMICABLE:
            # a mediator's failure is no « réponse insatisfaisante »: that qualifies the
            # operator (review3 6.2)
            what = "la conciliation" if ev.counterpart is Counterpart.CONCILIATEUR \
                else "la médiation"
            return f"Clôture de {what} par {avec.removeprefix('avec ')} (échec)"
        adj = _OUTCOME_ADJ.get(ev.outcome)
        return f"Réponse {written}{adj + ' ' if adj else ''}{de}".replace("  ", " ").rstrip()
    if k is EventKind.SAISINE:
        return f"Saisine {de}".rstrip() if de else "Saisine"
    if k is EventKind.MEDIATOR_OPINION:
        adj = _OPINION_ADJ.get(ev.outcome)
        return f"Avis {adj + ' ' if adj else ''}{de or 'du médiateur'}".rstrip()
    if k is EventKind.PARTY_POSITION:
        if voice is not None and ev.party is Party.SUBSCRIBER and ev.accepted is not None:
            return _position_by(ev, voice)
        who = subscriber if ev.party is Party.SUBSCRIBER else (
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
    if k is EventKind.MANDATE_SIGNED:
        return "Signature du mandat donné à la structure d'accompagnement"
    return f"Démarche {a}".rstrip() if a else "Autre démarche"


_WORD = re.compile(r"[^\W\d_]+")
_SMALL_WORDS = frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "un", "une", "par"})


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(strip_accents(text).casefold()) if w not in _SMALL_WORDS}


_SAYS_NOTHING = re.compile(r"\ben ligne\b|\bconstat\w*", re.IGNORECASE)
"""What a summary may add to its step's title without saying a fact: how a saisine is made
(« Saisine en ligne du Médiateur des entreprises », the only way it is made) and the verb of
a finding (« Le Médiateur des entreprises constate l'échec de la médiation » after « Clôture de
la médiation … (échec) »: review5 5)."""


def adds_nothing(summary: str, *phrases: str) -> bool:
    """Whether a summary only repeats what the step already says (« Refus de l'avis. » after
    « Refus de l'avis du médiateur … »: review 11.3; :data:`_SAYS_NOTHING`: review5 5)."""
    words = _words(_SAYS_NOTHING.sub(" ", strip_accents(summary)))
    said = set().union(*(_words(p) for p in phrases)) if phrases else set()
    return bool(words) and words <= said


def event_paragraph(ev: Event, case: Case, to_operator: bool,
                    voice: Voice | None = None, signer: Voice | None = None) -> Paragraph:
    """ "**16 mars 2026** — Lettre recommandée … n° 1A …, reçue le 18 mars 2026 (réf. …).
    Demande de rétablissement. Pièces n° 1 et 2." ``signer``: the letter's voice, to say who
    sent a step (``senders.sender_words``); ``voice`` when not given."""
    when = sent_on(ev)
    # without a voice, the subscriber named as she is (review4 R4: « par l'abonné » for Madame)
    text = event_what(ev, to_operator, voice,
                      sender_words(ev, case, signer if signer is not None else voice),
                      subscriber_noun(case))
    if line(ev.reference):
        text += f" (réf. {line(ev.reference)})"
    text += "."
    if line(ev.summary) and not adds_nothing(ev.summary, text, event_what(ev, to_operator)):
        text += " " + sentence(ev.summary)
    numbers = [x.number for x in (case.exhibit(i) for i in ev.exhibit_ids) if x is not None]
    pieces = exhibit_numbers_phrase(numbers)
    if pieces and ev.kind in ORAL_KINDS:
        # a call is not proved by the invoice it was about: the exhibit is referred to, not
        # presented as the call's proof (review 7.6)
        text += f" Voir {pieces[:1].lower()}{pieces[1:]}."
    elif pieces:
        text += f" {pieces}."
    return Paragraph.of(Run(format_date_fr(when), bold=True), " — " + text)


ORAL_KINDS = frozenset({EventKind.CALL, EventKind.SHOP_VISIT})
"""Steps no document proves by itself: their exhibits are « Voir pièce n° … »."""


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
               keep=lambda ev: True, limit: int | None = LETTER_STEPS_LIMIT,
               voice: Voice | None = None, signer: Voice | None = None
               ) -> BulletList | None:
    """The dated steps as a bullet list. ``limit=None`` recalls every step (the complaint to
    the procureur must); otherwise a long history is cut to its key steps, and a last item
    says how many other exchanges the chronology of the dossier holds. The mandate's
    signature is never a step (it is not a démarche towards the operator: review T13); the
    signed mandate is an enclosure. ``signer``: the letter's voice, so that each step says
    who sent it (« Notre courrier », « Courrier de notre adhérente »: case model v3); the
    subscriber's own steps in its own letter, and steps whose sender is not said, name no
    sender."""
    events = dated_events(case, today, notes,
                          lambda ev: ev.kind is not EventKind.MANDATE_SIGNED and keep(ev))
    if not events:
        return None
    shown, left_out = select_steps(events, limit)
    items = [event_paragraph(ev, case, to_operator, voice, signer) for ev in shown]
    if left_out:
        items.append(Paragraph.of(
            f"{left_out} autre{'s' if left_out > 1 else ''} échange"
            f"{'s' if left_out > 1 else ''} (appels, messages, visites ou autres étapes) "
            "figure" + ("nt" if left_out > 1 else "") + " dans la chronologie du dossier, "
            "avec leurs dates et pièces."))
    return BulletList(tuple(items))


SUMMARY_BELOW = 3
"""Letters 1 and 2 print the case summary only when the chronology has fewer steps than this
(the dated steps then tell the facts; the summary would repeat them)."""


def operator_exchange(event) -> bool:
    """Steps worth recalling to the operator: exchanges with its services (an outage or a
    technician's visit is told by the summary or the exchanges around it)."""
    return event.counterpart in OPERATOR_SIDE and event.kind is not EventKind.OUTAGE


MEDIATION_SIDE = frozenset({Counterpart.MEDIATOR, Counterpart.BUSINESS_MEDIATOR})


def exchange_or_mediation(event) -> bool:
    """:func:`operator_exchange`, and the saisine of a mediator, its opinion and the parties'
    positions (review3 2.6: a notice sent at the last resort recalls the mediation)."""
    return operator_exchange(event) or (event.counterpart in MEDIATION_SIDE
                                        and event.kind is not EventKind.MANDATE_SIGNED)


def is_step(event) -> bool:
    """A step taken (an exchange, a letter, a saisine), not a fact such as an outage: lists
    introduced as « démarches » keep only those."""
    return event.kind not in (EventKind.OUTAGE, EventKind.MANDATE_SIGNED)


def clause(text: str) -> str:
    """A sentence as a clause of a « ; » list: without its final full stop (« reste. ; » and
    « prorata. (pièce n° 6) » read badly); an ellipsis stays."""
    return text[:-1].rstrip() if text.endswith(".") and not text.endswith("..") else text

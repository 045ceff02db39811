"""The request for the legal compensation of C. conso art. L.224-42-1 (issue 9, point 6):
in force since 25 May 2018 (amended 28 May 2021), **only** for a delay in porting a number, the
loss of a ported number, or a missed installation appointment **linked to a portability or a
change of provider** — not for any missed appointment nor for an outage. It is paid **on
request**, within 30 days of the request, by the provider responsible (LEGAL-2026-12 § 4.1,
Arcep: at least 1/5 of the monthly price TTC per day of delay; at least 24 times the monthly
price for a lost number). A consumer's right: a business is told to check.

The delay is counted from the day the portability was requested
(``Case.portability_requested_on``) by the rule of ``dispute.portability``: due one jour
ouvrable later (CPCE D.406-18), each day after the due date to the porting day is a day of
delay. The letter states that basis in one sentence (review2 11.1: « … demandée le 1er octobre
2026 ; le portage devait intervenir au plus tard le 2 octobre 2026 (…, art. D.406-18 …) ; il
n'est intervenu que le 8 octobre 2026, soit 6 jours de retard (du 3 au 8 octobre 2026
inclus). »). Without the request date nothing is counted: the date, the due date and the days
are « [à compléter] », with a warning (the interruption's days, both ends counted, are not
days of delay). The amount is ``dispute.portability.porting_indemnity``'s, worded by
``claims.porting_amount_text`` as in the other letters that claim it.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_UP, Decimal

from dispute.letter_kinds import LetterKind
from dispute.model import Case, Counterpart
from dispute.portability import PortingDelay, monthly_price_ttc, porting_indemnity, ported_on
from documents.content import Letter, Paragraph
from documents.letters.claims import contract_phrase, porting_amount_text
from documents.letters.core import TO_FILL, LetterSpec, Notes, Request, Signer, euros, period_fr
from documents.letters.frame import build_letter
from documents.letters.recipients import operator_recipient
from documents.letters.steps import chronology, line_numbers, operator_exchange
from documents.letters.voice import by, holder_opening, voice_of
from documents.text import NBSP, days_text, format_date_fr

SIGNER = Signer.SUBSCRIBER_OR_STRUCTURE

D406_18 = ("un jour ouvrable, sauf demande expresse de l'abonné : art. D.406-18 du code des "
           "postes et des communications électroniques")


def monthly_ttc(case: Case, notes: Notes) -> Decimal | None:
    if case.contract.monthly_price is None:
        notes.add("Prix mensuel du contrat manquant : l'indemnité se calcule sur le prix "
                  "mensuel TTC. Complétez le contrat.")
        return None
    price = monthly_price_ttc(case)
    if price is None:
        notes.add("Prix mensuel du contrat illisible : corrigez-le dans le dossier.")
    return price


def fifth_text(fifth: Decimal, per_day: Decimal, notes: Notes) -> str:
    """« 3,998 € » (the fifth as computed, when it is not a whole number of cents) or
    « 4,00 € »: the letter prints both, so its arithmetic can be checked (review 14.1)."""
    if fifth == per_day:
        return euros(per_day, notes)
    return f"{fifth.normalize():f}".replace(".", ",") + f"{NBSP}€"


def delay_sentence(number: str, delay: PortingDelay | None, done: date | None) -> str:
    """The basis of the count in one sentence (review2 11.1): the request, the due date with
    its rule, the porting day, « soit N jours de retard (du X au Y inclus) »."""
    if delay is None:
        ported = f"il n'est intervenu que le {format_date_fr(done)}" if done is not None else \
            f"il n'est intervenu que le {TO_FILL}"
        return (f"La portabilité du numéro {number} a été demandée le {TO_FILL} ; le portage "
                f"devait intervenir au plus tard le {TO_FILL} ({D406_18}) ; {ported}, soit "
                f"{TO_FILL} jours de retard.")
    head = (f"La portabilité du numéro {number} a été demandée le "
            f"{format_date_fr(delay.requested_on)} ; le portage devait intervenir au plus tard "
            f"le {format_date_fr(delay.due_on)} ({D406_18}) ; ")
    if not delay.late:
        return head + (f"il est intervenu le {format_date_fr(delay.ported_on)}."
                       if delay.ported_on is not None else
                       "il n'était pas encore intervenu à la date de la présente demande.")
    days = days_text(delay.days)
    span = (f"le {format_date_fr(delay.first_late_day)}" if delay.days == 1 else
            f"{period_fr(delay.first_late_day, delay.counted_to)} inclus")
    if delay.ported_on is not None:
        return head + (f"il n'est intervenu que le {format_date_fr(delay.ported_on)}, soit "
                       f"{days} de retard ({span}).")
    return head + (f"il n'était toujours pas intervenu à la date de la présente demande, soit "
                   f"{days} de retard à ce jour ({span}).")


def amount_sentence(indemnity, price: Decimal | None, notes: Notes) -> str:
    """The arithmetic, to be checked by its reader: the monthly price TTC, its fifth, the
    amount per day rounded up, and the total worded as every letter claiming it words it
    (« d'au moins 24,00 € (4,00 € × 6 jours) », ``claims.porting_amount_text``)."""
    if price is None:
        return (f"Sur la base d'un prix mensuel de {TO_FILL} TTC, un cinquième par jour "
                f"représente {TO_FILL} ; l'indemnité due est donc de {TO_FILL}.")
    base = f"Sur la base d'un prix mensuel de {euros(price, notes)} TTC, "
    fifth = price / 5
    per_day = fifth.quantize(Decimal("0.01"), ROUND_UP)
    if indemnity is not None:  # the same numbers as every letter (one computation)
        fifth, per_day = indemnity.fifth, indemnity.per_day
    shown = fifth_text(fifth, per_day, notes)
    per_day_text = euros(per_day, notes)
    text = base + f"un cinquième par jour représente {shown}"
    if shown != per_day_text:
        text += f", arrondi au centime supérieur : {per_day_text}"
    text += " par jour"
    if indemnity is None:
        return text + (f" ; l'indemnité due est donc d'au moins {per_day_text} × {TO_FILL} "
                       "jours de retard.")
    amount = porting_amount_text(indemnity, notes)
    if not amount:
        return text + " de retard."
    return text + f" ; l'indemnité due est donc d'{amount}."


def compose(r: Request) -> Letter:
    case, settings, today, notes, exhibit_ids = (
        r.case, r.settings, r.today, r.notes, r.exhibit_ids)
    v = voice_of(r, SIGNER)
    price = monthly_ttc(case, notes)
    indemnity = porting_indemnity(case, today)
    delay = indemnity.delay if indemnity is not None else None
    if delay is not None:
        done = delay.ported_on
        if not delay.late:
            notes.add(f"Aucun retard de portage à ce jour : le portage demandé le "
                      f"{format_date_fr(delay.requested_on)} pouvait intervenir jusqu'au "
                      f"{format_date_fr(delay.due_on)}.")
        notes.add("À vérifier : le délai d'un jour ouvrable (samedi compris, hors dimanches et "
                  "jours fériés) court de la demande complète (RIO compris) ; si une date de "
                  "portage plus tardive avait été demandée, comptez le retard à partir de "
                  "cette date.")
    else:
        done = ported_on(case, today)
        notes.add("Date de la demande de portabilité non renseignée (onglet « Nature du "
                  "litige ») : le retard se compte à partir du jour où le portage était dû, "
                  "un jour ouvrable après la demande (CPCE, art. D.406-18), et non sur "
                  "l'interruption enregistrée. Renseignez-la pour que le courrier compte les "
                  "jours de retard et chiffre l'indemnité, ou complétez-les à la main "
                  "(« [à compléter] »).")
    number = next(iter(line_numbers(case)), "")
    if not number:
        notes.add("Numéro porté manquant : indiquez la ligne dans le dossier.")
    ported = f", porté le {format_date_fr(done)}" if done is not None else ""

    def what(whose: str) -> str:  # user text inside: never str.format
        return (f"l'indemnité due pour le retard de portage de {whose} numéro "
                f"{number or TO_FILL}{ported}")

    opening = holder_opening(v, contract_phrase(case))
    intro = by(v,
               f"{opening}, je vous demande de me verser {what('mon')}.",
               f"{v.entity}, {v.subscriber}, vous demande de lui verser {what('son')}.",
               f"Nous intervenons pour le compte de {v.member_named}, {v.holder} "
               f"{contract_phrase(case)}, et vous demandons de {'leur' if v.several else 'lui'}"
               f" verser {what('leur' if v.several else 'son')}.",
               f"{opening}, nous vous demandons de nous verser {what('notre')}.")
    body: list = [
        Paragraph.of(intro),
        Paragraph.of("L'article L.224-42-1 du code de la consommation prévoit, en cas de retard "
                     "dans le portage du numéro ou de non-présentation à un rendez-vous "
                     "d'installation lié à une portabilité ou à un changement de fournisseur, "
                     "une indemnité d'au moins un cinquième du prix mensuel TTC par jour de "
                     "retard, versée dans les trente jours suivant la demande."),
    ]
    body.append(Paragraph.of(delay_sentence(number or TO_FILL, delay, done)))
    steps = chronology(case, today, notes, to_operator=True, keep=operator_exchange, signer=v)
    if steps is not None:
        body += [Paragraph.of("Rappel des faits et des démarches :"), steps]
    body.append(Paragraph.of(amount_sentence(indemnity, price, notes)))
    body.append(Paragraph.of(v.pick(
        "Je vous remercie de me la verser dans le délai de trente jours suivant la présente "
        "demande.",
        "Nous vous remercions de la verser dans le délai de trente jours suivant la présente "
        "demande.")))
    notes.add("L'indemnité est due par le fournisseur responsable du retard, qui n'est pas "
              "toujours l'opérateur du contrat (ancien ou nouveau fournisseur) : adressez la "
              "demande à celui qui a causé le retard.")
    notes.add("Numéro perdu lors d'une portabilité : l'indemnité est d'au moins 24 fois le "
              "prix mensuel TTC ; adaptez le montant.")
    second = any(e.counterpart is Counterpart.SERVICE_CONSOMMATEURS for e in case.events)
    return build_letter(case, settings, today, v, notes,
                        recipient=operator_recipient(case, "consommateurs" if second
                                                     else "clients", notes),
                        subject="Demande d'indemnité — retard de portage du numéro (art. "
                        "L.224-42-1 du code de la consommation)",
                        body=body, exhibit_ids=exhibit_ids)


SPEC = LetterSpec(LetterKind.PORTABILITY_COMPENSATION, "Fournisseur responsable du retard "
                  "(service clients)", SIGNER, compose)

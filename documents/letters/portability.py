"""The request for the legal compensation of C. conso art. L.224-42-1 (issue 9, point 6):
in force since 25 May 2018 (amended 28 May 2021), **only** for a delay in porting a number, the
loss of a ported number, or a missed installation appointment **linked to a portability or a
change of provider** — not for any missed appointment nor for an outage. It is paid **on
request**, within 30 days of the request, by the provider responsible (LEGAL-2026-12 § 4.1,
Arcep: at least 1/5 of the monthly price TTC per day of delay; at least 24 times the monthly
price for a lost number). A consumer's right: a business is told to check.

The delay is counted from the day the portability was requested
(``Case.portability_requested_on``) by the rule of ``dispute.portability`` (due one jour
ouvrable later); when that day is not recorded, from the recorded interruption, with a
warning.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_UP, Decimal

from dispute.amounts import to_ttc
from dispute.letter_kinds import LetterKind
from dispute.model import Case, Counterpart
from dispute.outages import first_outage
from dispute.portability import porting_delay
from documents.content import Letter, Paragraph
from documents.letters.claims import contract_phrase
from documents.letters.core import TO_FILL, LetterSpec, Notes, Request, Signer, euros, period_fr
from documents.letters.frame import build_letter
from documents.letters.recipients import operator_recipient
from documents.letters.steps import chronology, line_numbers, operator_exchange
from documents.letters.voice import by, holder_opening, voice_of
from documents.text import NBSP, days_text, format_date_fr

SIGNER = Signer.SUBSCRIBER_OR_STRUCTURE
CENT = Decimal("0.01")


def delay_days(case: Case, today) -> tuple[int | None, str]:
    """Days without service during the porting and their period in words, from the case's
    outage event, counted by the one rule of ``dispute.outages`` (the first day and the day
    the service came back both count; to ``today`` included while it lasts); None when the
    case does not say."""
    span = first_outage(case, today)
    if span is None:
        return None, ""
    return span.days, period_fr(span.start, span.end)


def monthly_ttc(case: Case, notes: Notes) -> Decimal | None:
    c = case.contract
    if c.monthly_price is None:
        notes.add("Prix mensuel du contrat manquant : l'indemnité se calcule sur le prix "
                  "mensuel TTC. Complétez le contrat.")
        return None
    return to_ttc(c.monthly_price, c.price_tax, c.vat_rate)


def daily_indemnity(price: Decimal | None, days: int | None, notes: Notes
                    ) -> tuple[str, str, str]:
    """(« 3,998 € », « 4,00 € », « 24,00 € »): a fifth of the monthly price as computed, the
    amount per day rounded up to the cent (the law says « au moins »: the rounding is in the
    subscriber's favour), and that amount times the days — the letter prints the three, so
    its arithmetic can be checked (review 14.1: « 4,00 € par jour » × 6 = « 23,99 € »)."""
    if price is None:
        return TO_FILL, TO_FILL, TO_FILL
    exact = price / 5
    per_day = exact.quantize(CENT, ROUND_UP)
    shown = f"{exact.normalize():f}".replace(".", ",") + f"{NBSP}€" \
        if exact != per_day else euros(per_day, notes)
    total = euros(per_day * days, notes) if days else TO_FILL
    return shown, euros(per_day, notes), total


def _ported_on(case: Case, today) -> date | None:
    """The day the number was ported (the end of the interruption), when the case says so."""
    span = first_outage(case, today)
    return span.end if span is not None else None


def compose(r: Request) -> Letter:
    case, settings, today, notes, exhibit_ids = (
        r.case, r.settings, r.today, r.notes, r.exhibit_ids)
    v = voice_of(r, SIGNER)
    price = monthly_ttc(case, notes)
    delay = porting_delay(case, today)
    if delay is not None:
        days = delay.days
        period = period_fr(delay.first_late_day, delay.ported_on) if delay.late else ""
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
        days, period = delay_days(case, today)
        done = _ported_on(case, today)
        notes.add("Date de la demande de portabilité non renseignée (onglet « Nature du "
                  "litige ») : le retard est compté sur l'interruption enregistrée, et non à "
                  "partir du délai d'un jour ouvrable suivant la demande.")
        if days is None:
            notes.add("Durée du retard inconnue : enregistrez l'interruption (début et fin) "
                      "dans la chronologie, ou complétez le nombre de jours dans le courrier.")
    fifth, per_day, amount = daily_indemnity(price, days, notes)
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
                     "retard, versée dans les trente jours suivant la demande. Le portage doit "
                     "intervenir dans un délai d'un jour ouvrable, sauf demande expresse de "
                     "l'abonné (code des postes et des communications électroniques, "
                     "art. D.406-18)."),
    ]
    if delay is not None:
        body.append(Paragraph.of(
            f"La portabilité du numéro {number or TO_FILL} a été demandée le "
            f"{format_date_fr(delay.requested_on)} : le portage devait intervenir au plus tard "
            f"le {format_date_fr(delay.due_on)}. "
            + (f"Il n'est intervenu que le {format_date_fr(delay.ported_on)}."
               if delay.ported_on is not None and delay.late else
               f"Il est intervenu le {format_date_fr(delay.ported_on)}."
               if delay.ported_on is not None else
               "Il n'était toujours pas intervenu à la date de la présente demande.")))
    steps = chronology(case, today, notes, to_operator=True, keep=operator_exchange, signer=v)
    if steps is not None:
        body += [Paragraph.of("Rappel des faits et des démarches :"), steps]
    days_said = days_text(days) if days is not None else f"{TO_FILL} jours"
    monthly = euros(price, notes) if price is not None else TO_FILL
    body.append(Paragraph.of(
        f"Le retard a duré {days_said}{' (' + period + ')' if period else ''}. Sur la base "
        f"d'un prix mensuel de {monthly} TTC, un cinquième par jour représente {fifth}"
        + (f", arrondi au centime supérieur : {per_day}" if per_day != fifth else "")
        + f" par jour ; l'indemnité s'élève donc au moins à {amount}"
        + (f" ({per_day} × {days})." if days else ".")))
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

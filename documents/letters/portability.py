"""The request for the legal compensation of C. conso art. L.224-42-1 (issue 9, point 6):
in force since 25 May 2018 (amended 28 May 2021), **only** for a delay in porting a number, the
loss of a ported number, or a missed installation appointment **linked to a portability or a
change of provider** — not for any missed appointment nor for an outage. It is paid **on
request**, within 30 days of the request, by the provider responsible (LEGAL-2026-12 § 4.1,
Arcep: at least 1/5 of the monthly price TTC per day of delay; at least 24 times the monthly
price for a lost number). A consumer's right: a business is told to check.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from dispute.amounts import to_ttc
from dispute.letter_kinds import LetterKind
from dispute.model import Case, Counterpart, EventKind
from documents.content import Letter, Paragraph
from documents.letters.claims import contract_phrase
from documents.letters.core import TO_FILL, LetterSpec, Notes, Request, Signer, euros, period_fr
from documents.letters.frame import build_letter
from documents.letters.recipients import operator_recipient
from documents.letters.steps import chronology, operator_exchange
from documents.letters.voice import by, holder_opening, voice_of
from documents.text import NBSP

SIGNER = Signer.SUBSCRIBER_OR_STRUCTURE
CENT = Decimal("0.01")


def delay_days(case: Case, today) -> tuple[int | None, str]:
    """Days without service during the porting, from the case's outage event (start to end,
    or to ``today`` while it lasts); None when the case does not say."""
    outage = next((e for e in case.events_in_order() if e.kind is EventKind.OUTAGE
                   and e.date is not None and e.date <= today), None)
    if outage is None:
        return None, ""
    end = outage.end_date if outage.end_date is not None and outage.end_date <= today \
        else today
    return max((end - outage.date).days, 0), period_fr(outage.date, outage.end_date
                                                        if outage.end_date == end else None)


def monthly_ttc(case: Case, notes: Notes) -> Decimal | None:
    c = case.contract
    if c.monthly_price is None:
        notes.add("Prix mensuel du contrat manquant : l'indemnité se calcule sur le prix "
                  "mensuel TTC. Complétez le contrat.")
        return None
    return to_ttc(c.monthly_price, c.price_tax, c.vat_rate)


def compose(r: Request) -> Letter:
    case, settings, today, notes, exhibit_ids = (
        r.case, r.settings, r.today, r.notes, r.exhibit_ids)
    v = voice_of(r, SIGNER)
    price = monthly_ttc(case, notes)
    days, period = delay_days(case, today)
    if days is None:
        notes.add("Durée du retard inconnue : enregistrez l'interruption (début et fin) dans "
                  "la chronologie, ou complétez le nombre de jours dans le courrier.")
    amount = TO_FILL
    if price is not None and days:
        amount = euros((price / 5 * days).quantize(CENT, ROUND_HALF_UP), notes)
    fifth = euros((price / 5).quantize(CENT, ROUND_HALF_UP), notes) if price is not None \
        else TO_FILL
    opening = holder_opening(v, contract_phrase(case))
    intro = by(v,
               f"{opening}, je vous demande de me verser l'indemnité due en cas de retard dans "
               "la portabilité de mon numéro ou dans mon changement de fournisseur.",
               f"{v.entity}, {v.subscriber}, vous demande de lui verser l'indemnité due en cas "
               "de retard dans la portabilité de son numéro ou dans son changement de "
               "fournisseur.",
               f"Nous intervenons pour le compte de {v.member_named}, {v.holder} "
               f"{contract_phrase(case)}, et vous demandons de {'leur' if v.several else 'lui'}"
               " verser l'indemnité due en cas de retard dans la portabilité du numéro ou dans "
               "le changement de fournisseur.",
               f"{opening}, nous vous demandons de nous verser l'indemnité due en cas de retard "
               "dans la portabilité de notre numéro ou dans notre changement de fournisseur.")
    body: list = [
        Paragraph.of(intro),
        Paragraph.of("L'article L.224-42-1 du code de la consommation prévoit, en cas de retard "
                     "dans le portage du numéro ou de non-présentation à un rendez-vous "
                     "d'installation lié à une portabilité ou à un changement de fournisseur, "
                     "une indemnité d'au moins un cinquième du prix mensuel TTC par jour de "
                     "retard, versée dans les trente jours suivant la demande."),
    ]
    steps = chronology(case, today, notes, to_operator=True, keep=operator_exchange)
    if steps is not None:
        body += [Paragraph.of("Rappel des faits et des démarches :"), steps]
    days_text = f"{days}{NBSP}jour{'s' if days and days > 1 else ''}" if days is not None \
        else f"{TO_FILL} jours"
    body.append(Paragraph.of(
        f"Le retard a duré {days_text}{' (' + period + ')' if period else ''}. Sur la base "
        f"d'un prix mensuel de {euros(price, notes) if price is not None else TO_FILL} TTC, "
        f"soit {fifth} par jour, l'indemnité s'élève au moins à {amount}."))
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
                        subject="Demande d'indemnisation — retard de portabilité ou de "
                        "changement de fournisseur",
                        body=body, exhibit_ids=exhibit_ids)


SPEC = LetterSpec(LetterKind.PORTABILITY_COMPENSATION, "Fournisseur responsable du retard "
                  "(service clients)", SIGNER, compose)

"""1. The written complaint to the operator's service clients: the first step, always
possible (seeds/001, seeds/003)."""

from __future__ import annotations

from dispute.model import Counterpart
from dispute.letter_kinds import LetterKind
from documents.content import Letter, Paragraph
from documents.letters.claims import (
    commitment_blocks,
    contract_phrase,
    credit_paragraphs,
    demands,
    facts_paragraphs,
    natures_text,
    strict_liability,
    subject_natures,
)
from documents.letters.core import LetterSpec, Request, Signer, bullets, to_phrase
from documents.letters.frame import build_letter
from documents.letters.recipients import operator_recipient
from documents.letters.steps import SUMMARY_BELOW, chronology, operator_exchange
from documents.letters.service_consommateurs import cpme_covered
from documents.letters.voice import (
    business_remedies,
    by,
    further_remedies,
    holder_opening,
    voice_of,
)

SIGNER = Signer.SUBSCRIBER_OR_STRUCTURE


def compose(r: Request) -> Letter:
    case, settings, today, notes, exhibit_ids = (
        r.case, r.settings, r.today, r.notes, r.exhibit_ids)
    v = voice_of(r, SIGNER)
    what = natures_text(case)
    about = to_phrase(what)  # « relative au transfert », never « à le » (review2 18.1)
    contract = contract_phrase(case)
    opening = holder_opening(v, contract)
    intro = by(
        v,
        f"{opening}, je vous adresse la présente réclamation, relative {about}.",
        f"{v.entity}, {v.subscriber}, {v.holder} {contract}, vous adresse la présente "
        f"réclamation, relative {about}.",
        f"Nous intervenons pour le compte de {v.member_named}, {v.holder} {contract}, et vous "
        f"adressons en {'leur' if v.several else 'son'} nom la présente réclamation, relative "
        f"{about}.",
        f"{opening}, nous vous adressons la présente réclamation, relative {about}.",
    )
    steps = chronology(case, today, notes, to_operator=True, keep=operator_exchange, signer=v)
    body: list = [Paragraph.of(intro)]
    if steps is None or len(steps.items) < SUMMARY_BELOW:
        body += facts_paragraphs(case, v)
    if steps is not None:
        body += [Paragraph.of("Démarches déjà effectuées :"), steps]
    body += commitment_blocks(case, v, notes, to_operator=True)
    body += strict_liability(case, notes)
    body += [Paragraph.of(v.pick("En conséquence, je vous demande :",
                                 "En conséquence, nous vous demandons :")),
             bullets(demands(case, today, notes, to_operator=True))]
    body += credit_paragraphs(case, notes, today)
    if case.is_business:
        body.append(Paragraph.of(v.pick(
            "Je vous remercie de me répondre par écrit dans un délai d'un mois. À défaut de "
            "réponse satisfaisante dans ce délai, ",
            "Nous vous remercions de nous répondre par écrit dans un délai d'un mois. À défaut "
            "de réponse satisfaisante dans ce délai, ")
            + business_remedies(v, cpme_covered(r.assessment))))
    elif any(e.counterpart is Counterpart.SERVICE_CONSOMMATEURS for e in case.events):
        # The service consommateurs has already been written to: promising to write to it
        # would contradict the steps this very letter recalls.
        body.append(Paragraph.of(v.pick(
            "Je vous remercie de me répondre par écrit dans un délai d'un mois. À défaut de "
            "réponse satisfaisante, ",
            "Nous vous remercions de nous répondre par écrit dans un délai d'un mois. À défaut "
            "de réponse satisfaisante, ") + further_remedies(v)))
        notes.add("Le service consommateurs a déjà été saisi : une nouvelle réclamation au "
                  "service clients est possible, mais l'étape suivante est en général le "
                  "médiateur (ou la CPME pour une entreprise).")
    else:
        body.append(Paragraph.of(v.pick(
            "Je vous remercie de me répondre par écrit dans un délai d'un mois. À défaut de "
            "réponse satisfaisante dans ce délai, je m'adresserai à votre service "
            "consommateurs.",
            "Nous vous remercions de nous répondre par écrit dans un délai d'un mois. À défaut "
            "de réponse satisfaisante dans ce délai, nous nous adresserons à votre service "
            "consommateurs.")))
    return build_letter(case, settings, today, v, notes,
                   recipient=operator_recipient(case, "clients", notes),
                   subject=f"Réclamation — {subject_natures(case)}",
                   body=body, exhibit_ids=exhibit_ids)


SPEC = LetterSpec(LetterKind.SERVICE_CLIENTS, "Service clients de l'opérateur", SIGNER,
                  compose)

"""6b. The report to the DGCCRF (DDPP / DDETSPP of the operator's head office), a last
resort. Not registered: a report needs no proof of receipt (review 8.2)."""

from __future__ import annotations

import re

from dispute.departements import (
    ABROAD,
    OVERSEAS_DEPARTEMENTS,
    departement,
    departement_name,
    departement_phrase,
)
from dispute.directory import ContactKind, of_name
from dispute.letter_kinds import LetterKind
from documents.content import Letter, Paragraph
from documents.letters.claims import (
    commitment_blocks,
    contract_phrase,
    credit_paragraphs,
    facts_paragraphs,
    natures_text,
    subject_natures,
)
from documents.letters.amicable import mediation_confidentiality
from documents.letters.core import (
    ADDRESS_PLACEHOLDER,
    TO_FILL,
    LetterSpec,
    Notes,
    Request,
    Signer,
    line,
)
from documents.money import remaining_sentence
from documents.letters.frame import build_letter
from documents.letters.recipients import (
    OperatorIdentity,
    directory_or_shipped,
    operator_identity,
)
from documents.letters.steps import chronology, is_step
from documents.letters.voice import by, operator_name, voice_of

SIGNER = Signer.SUBSCRIBER_OR_STRUCTURE


DGCCRF_ID = "dgccrf"


def compose(r: Request) -> Letter:
    case, settings, today, notes, exhibit_ids = (
        r.case, r.settings, r.today, r.notes, r.exhibit_ids)
    directory = directory_or_shipped(r.directory)
    v = voice_of(r, SIGNER)
    op = operator_name(case, notes)
    body_entry = directory.body(DGCCRF_ID)
    site = body_entry.contact(ContactKind.WEBSITE) if body_entry is not None else None
    address = body_entry.current_address() if body_entry is not None else None
    if address is not None:
        recipient = address.lines()
    else:
        recipient = ddpp_recipient(operator_identity(case, notes, r.directory), op, notes)
    notes.extend(mediation_confidentiality(case, today))
    if site is not None:
        notes.add(f"Un signalement peut aussi se faire en ligne sur SignalConso "
                  f"({line(site.value)}).")
    what = natures_text(case)
    intro = by(v,
                f"Je souhaite porter à votre connaissance les difficultés que je rencontre avec "
                f"l'opérateur {op}, auprès duquel je suis titulaire {contract_phrase(case)}, "
                f"concernant {what}.",
                f"{v.entity}, {v.subscriber}, souhaite porter à votre connaissance les "
                f"difficultés qu'elle rencontre avec l'opérateur {op}, auprès duquel elle est "
                f"titulaire {contract_phrase(case)}, concernant {what}.",
                f"Nous souhaitons porter à votre connaissance les difficultés que "
                f"{'rencontrent' if v.several else 'rencontre'} {v.member_named}, {v.holder} "
                f"{contract_phrase(case)}, avec l'opérateur {op}, "
                f"concernant {what}.",
                f"Nous souhaitons porter à votre connaissance les difficultés que nous "
                f"rencontrons avec l'opérateur {op}, auprès duquel nous sommes titulaires "
                f"{contract_phrase(case)}, concernant {what}.")
    body: list = [Paragraph.of(intro), *facts_paragraphs(case, v)]
    steps = chronology(case, today, notes, to_operator=False, keep=is_step,
                       voice=v, signer=v)
    if steps is not None:
        body += [Paragraph.of("Malgré les démarches suivantes, le litige n'a pas été résolu :"),
                 steps]
    if case.invoice_lines:
        body.append(Paragraph.of(remaining_sentence(case, notes)))
    body += credit_paragraphs(case, notes, today, report=True)
    body += commitment_blocks(case, v, notes, to_operator=False)
    body.append(Paragraph.of(v.pick(
        "Vous trouverez ci-joint les pièces justificatives énumérées ci-dessous. Je vous "
        "remercie de bien vouloir examiner ces faits et d'y donner les suites que vous jugerez "
        "utiles.",
        "Vous trouverez ci-joint les pièces justificatives énumérées ci-dessous. Nous vous "
        "remercions de bien vouloir examiner ces faits et d'y donner les suites que vous "
        "jugerez utiles.")))
    return build_letter(
        case, settings, today, v, notes, to_operator=False,
        recipient=recipient,
        subject=f"Signalement concernant l'opérateur {op} — "
        f"{subject_natures(case)}",
        body=body, exhibit_ids=exhibit_ids, registered=False)


def ddpp_recipient(identity: OperatorIdentity, op: str, notes: Notes) -> list[str]:
    """The DDPP / DDETSPP of the département of the operator's siège, by the département's
    name (``dispute.departements``: « Hauts-de-Seine (92) », Corsica 2A / 2B, overseas), never
    an invented address: its last line is :data:`ADDRESS_PLACEHOLDER`. An unknown département
    is a visible « [à compléter] » (review 8.2)."""
    code = head_office_departement(identity)
    name = departement_name(code)
    where_siege = (f"où se trouve le siège social {of_name(op)} ({identity.head_office_text})"
                   if identity.head_office else f"où {op} a son siège social")
    if name:
        line2 = f"{name} ({code})"
        where = f"celle du département {departement_phrase(code)} ({code}), {where_siege}"
    else:
        line2 = f"Département : {TO_FILL}"
        where = (f"celle du département {where_siege} (le code postal du siège ne permet pas "
                 "de le déterminer)")
    notes.add(f"Adresse de la DDPP ou de la DDETSPP à compléter : {where}. L'annuaire n'en "
              "donne aucune ; relevez-la sur le site de l'administration. « "
              + ADDRESS_PLACEHOLDER + " » est imprimé à sa place.")
    if code in OVERSEAS_DEPARTEMENTS:
        notes.add("Siège en outre-mer : le service chargé de la protection des consommateurs "
                  "n'y porte pas toujours le nom de DDPP ou de DDETSPP ; vérifiez son nom et "
                  "son adresse avant l'envoi.")
    return ["DDPP ou DDETSPP", line2, ADDRESS_PLACEHOLDER]


def head_office_departement(identity: OperatorIdentity) -> str:
    """The département of the operator's siège (« 92 » for Orange), "" when unknown: the
    DDPP of that département receives the report (review 8.2)."""
    match = re.search(r"\b(\d{5})\b", identity.head_office_text)
    code = departement(match.group(1)) if match else ""
    return "" if code == ABROAD else code


SPEC = LetterSpec(LetterKind.DGCCRF, "DDPP ou DDETSPP du siège de l'opérateur", SIGNER,
                  compose)

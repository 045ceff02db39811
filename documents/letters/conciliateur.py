"""The letter seizing a conciliateur de justice (free; LEGAL-2026-12 § 3.5): the prior
amicable attempt before the tribunal judiciaire for a claim of 5,000 € or less, when the
mediator could not settle the dispute. Signed by the subscriber."""

from __future__ import annotations

from dispute.directory import of_name
from dispute.letter_kinds import LetterKind
from dispute.model import Case
from documents.content import Letter, Paragraph, Run
from documents.letters.amicable import PRIOR_ATTEMPT_NOTE, mediation_confidentiality
from documents.letters.claims import (
    contract_phrase,
    credit_paragraphs,
    demands,
    facts_paragraphs,
    natures_text,
)
from documents.letters.core import (
    ADDRESS_PLACEHOLDER,
    TO_FILL,
    LetterSpec,
    Notes,
    Request,
    Signer,
    bullets,
    of_phrase,
    one_line_address,
)
from documents.letters.frame import build_letter
from documents.letters.recipients import identity_details, operator_identity
from documents.letters.steps import chronology, is_step
from documents.letters.voice import by, operator_name, voice_of

SIGNER = Signer.SUBSCRIBER
RECIPIENT = ("Conciliateur de justice", f"Permanence de {TO_FILL}", ADDRESS_PLACEHOLDER)


def party_to_convene(case: Case, notes: Notes, directory=None) -> str:
    """« Bouygues Telecom (société anonyme, SIREN …, siège social : …) »: whom the
    conciliateur convenes (review 10.3); the service clients' address when the siège is
    not known."""
    identity = operator_identity(case, notes, directory)
    details = identity_details(identity)
    text = identity.name + (f" ({details})" if details else "")
    service = one_line_address(case.operator.service_clients_address)
    if not identity.head_office and service:  # the siège unknown: where it can be written to
        text += f", à l'adresse de son service clients : {service}"
    if not identity.head_office and not service:
        text += f", siège social : {TO_FILL}"
        notes.add(f"Aucune adresse {of_name(identity.name)} n'est connue : le conciliateur doit "
                  "pouvoir convoquer l'opérateur ; relevez son adresse sur une facture.")
    return text


def compose(r: Request) -> Letter:
    case, settings, today, notes, exhibit_ids = (
        r.case, r.settings, r.today, r.notes, r.exhibit_ids)
    v = voice_of(r, SIGNER)
    op = operator_name(case, notes)
    notes.add("Trouvez la permanence du conciliateur de justice la plus proche sur "
              "conciliateurs.fr et complétez le destinataire ; la saisine est aussi possible "
              "en ligne ou par téléphone.")
    notes.add(PRIOR_ATTEMPT_NOTE)
    notes.extend(mediation_confidentiality(case, today))
    what = natures_text(case)
    intro = by(v,
               f"Je sollicite votre intervention en vue d'une tentative de conciliation avec "
               f"l'opérateur {op}, auprès duquel je suis titulaire {contract_phrase(case)}, "
               f"au sujet {of_phrase(what)}.",
               f"{v.entity}, {v.subscriber}, sollicite votre intervention en vue d'une "
               f"tentative de conciliation avec l'opérateur {op}, auprès duquel elle est "
               f"titulaire {contract_phrase(case)}, au sujet {of_phrase(what)}.",
               "",
               f"Nous sollicitons votre intervention en vue d'une tentative de conciliation "
               f"avec l'opérateur {op}, auprès duquel nous sommes titulaires "
               f"{contract_phrase(case)}, au sujet {of_phrase(what)}.")
    body: list = [Paragraph.of(intro), *facts_paragraphs(case, v, act=True, notes=notes)]
    # every exchange, the operator's answers and the mediator's opinion included: the
    # conciliateur must know the operator's position (review 10.2, 10.4)
    steps = chronology(case, today, notes, to_operator=False, keep=is_step, voice=v)
    if steps is not None:
        body += [Paragraph.of(v.pick("Les démarches amiables que j'ai engagées n'ont pas "
                                     "permis de régler le litige :",
                                     "Les démarches amiables que nous avons engagées n'ont "
                                     "pas permis de régler le litige :")),
                 steps]
    body += [Paragraph.of(v.pick("Je demande :", "Nous demandons :")),
             bullets(demands(case, today, notes, to_operator=False))]
    body += credit_paragraphs(case, notes, today)
    body += [Paragraph.of(Run("Partie à convoquer : ", bold=True),
                          party_to_convene(case, notes, r.directory) + "."),
             Paragraph.of(v.pick(
                 "Je vous remercie de bien vouloir convoquer l'opérateur à une réunion de "
                 "conciliation. Les pièces énumérées ci-dessous sont jointes ; je reste à votre "
                 "disposition.",
                 "Nous vous remercions de bien vouloir convoquer l'opérateur à une réunion de "
                 "conciliation. Les pièces énumérées ci-dessous sont jointes ; nous restons à "
                 "votre disposition."))]
    who = "Madame, Monsieur le Conciliateur"
    return build_letter(case, settings, today, v, notes, to_operator=False,
                        recipient=list(RECIPIENT),
                        subject=f"Demande de conciliation — litige avec {op}",
                        body=body, exhibit_ids=exhibit_ids, salutation=f"{who},",
                        closing=v.closing(who), registered=False)


SPEC = LetterSpec(LetterKind.CONCILIATEUR, "Conciliateur de justice (permanence à trouver)",
                  SIGNER, compose)

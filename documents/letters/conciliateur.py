"""The letter seizing a conciliateur de justice (free; LEGAL-2026-12 § 3.5): the prior
amicable attempt before the tribunal judiciaire for a claim of 5,000 € or less, when the
mediator could not settle the dispute. Signed by the subscriber."""

from __future__ import annotations

from dispute.letter_kinds import LetterKind
from documents.content import Letter, Paragraph
from documents.letters.amicable import PRIOR_ATTEMPT_NOTE, amicable_steps
from documents.letters.claims import (
    contract_phrase,
    credit_paragraphs,
    demands,
    facts_paragraphs,
    natures_text,
)
from documents.letters.core import (
    ADDRESS_PLACEHOLDER,
    LetterSpec,
    of_phrase,
    Request,
    Signer,
    bullets,
)
from documents.letters.frame import build_letter
from documents.letters.voice import by, operator_name, voice_of

SIGNER = Signer.SUBSCRIBER
RECIPIENT = ("Conciliateur de justice", "Permanence de …", ADDRESS_PLACEHOLDER)


def compose(r: Request) -> Letter:
    case, settings, today, notes, exhibit_ids = (
        r.case, r.settings, r.today, r.notes, r.exhibit_ids)
    v = voice_of(r, SIGNER)
    op = operator_name(case, notes)
    notes.add("Trouvez la permanence du conciliateur de justice la plus proche sur "
              "conciliateurs.fr et complétez le destinataire ; la saisine est aussi possible "
              "en ligne ou par téléphone.")
    notes.add(PRIOR_ATTEMPT_NOTE)
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
    body: list = [Paragraph.of(intro), *facts_paragraphs(case, v)]
    steps = amicable_steps(case, today)
    if steps:
        body += [Paragraph.of(v.pick("Les démarches amiables que j'ai engagées n'ont pas "
                                     "permis de régler le litige :",
                                     "Les démarches amiables que nous avons engagées n'ont "
                                     "pas permis de régler le litige :")),
                 bullets(steps)]
    body += [Paragraph.of(v.pick("Je demande :", "Nous demandons :")),
             bullets(demands(case, today, notes, to_operator=False))]
    body += credit_paragraphs(case, notes)
    body.append(Paragraph.of(v.pick(
        "Je vous remercie de bien vouloir convoquer l'opérateur à une réunion de conciliation. "
        "Les pièces énumérées ci-dessous sont jointes ; je reste à votre disposition.",
        "Nous vous remercions de bien vouloir convoquer l'opérateur à une réunion de "
        "conciliation. Les pièces énumérées ci-dessous sont jointes ; nous restons à votre "
        "disposition.")))
    who = "Madame, Monsieur le Conciliateur"
    return build_letter(case, settings, today, v, notes, to_operator=False,
                        recipient=list(RECIPIENT),
                        subject=f"Demande de conciliation — litige avec {op}",
                        body=body, exhibit_ids=exhibit_ids, salutation=f"{who},",
                        closing=v.closing(who), registered=False)


SPEC = LetterSpec(LetterKind.CONCILIATEUR, "Conciliateur de justice (permanence à trouver)",
                  SIGNER, compose)

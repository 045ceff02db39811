"""4. The request to the CPME telecom contact, sent by email by the handling structure, the
CPME's single contact (seeds/000)."""

from __future__ import annotations

from dispute.directory import ContactKind, Directory
from dispute.letter_kinds import LetterKind
from dispute.model import Case
from dispute.rules import default_rules
from documents.content import Align, Letter, Paragraph, Run
from documents.letters.claims import commitment_blocks, credit_paragraphs, demands
from documents.letters.mandate_status import mandate_enclosure
from documents.money import claimed_text
from documents.letters.core import (
    TO_FILL,
    LetterSpec,
    Notes,
    Request,
    Signer,
    bullets,
    line,
    sentence,
    siret_text,
)
from documents.letters.frame import build_letter
from documents.letters.recipients import directory_or_shipped
from documents.letters.steps import chronology, line_descriptions
from documents.letters.voice import operator_name, role_in_text, voice_of
from documents.text import NBSP, de

SIGNER = Signer.STRUCTURE


CPME_ID = "cpme"


KNOWN_CPME_CONTACT = "Delphine Borne"
"""The CPME contact named by seeds/000: the request is addressed to "Madame"."""


def cpme_contact(directory: Directory, notes: Notes) -> tuple[str, str]:
    body = directory.body(CPME_ID)
    person = body.contact(ContactKind.PERSON) if body is not None else None
    email = body.contact(ContactKind.EMAIL) if body is not None else None
    if person is None or email is None:
        notes.add("Contact télécom de la CPME absent de l'annuaire : complétez-le.")
    return (line(person.value) if person else TO_FILL, line(email.value) if email else TO_FILL)


def _cpme_item_values(case: Case) -> dict[str, str]:
    sub = case.subscriber
    who = line(sub.name)
    if who and case.is_business and line(sub.siren):
        who += f" ({siret_text(sub.siren)})"
    if who and line(sub.representative):
        role = f", {role_in_text(sub.representative_role)}" if line(sub.representative_role) \
            else ""
        who += f", dont le représentant est {line(sub.representative)}{role}"
    contract = line(case.contract.contract_number)
    if contract and line(case.contract.customer_number):
        contract += f" (client n°{NBSP}{line(case.contract.customer_number)})"
    return {
        "subscriber_name": who,
        "operator_name": line(case.operator.name),
        "line_number": ", ".join(line_descriptions(case)),
        "contract_number": contract,
        "summary": line(case.summary),
    }


def compose(r: Request) -> Letter:
    case, settings, today, notes, exhibit_ids = (
        r.case, r.settings, r.today, r.notes, r.exhibit_ids)
    directory = directory_or_shipped(r.directory)
    v = voice_of(r, SIGNER)
    person, email = cpme_contact(directory, notes)
    op = operator_name(case, notes)
    known = person.casefold() == KNOWN_CPME_CONTACT.casefold()
    who = "Madame" if known else "Madame, Monsieur"
    recipient = [f"Madame {person}" if known else person, "CPME — litiges télécoms",
                 f"Par courriel : {email}"]
    notes.add(f"Demande à envoyer par courriel à {email}, avec les pièces jointes (seeds/000).")
    notes.add("La CPME a proposé son aide « pour un test de 3 mois » (seeds/000) : vérifiez que "
              "le dispositif est toujours ouvert.")
    own = v.structure is not None and line(v.structure.name).casefold() == \
        line(case.subscriber.name).casefold()
    concerned = ("Ce litige concerne notre propre structure." if own else
                 f"Ce litige concerne notre entreprise adhérente {v.subscriber}.")
    body: list = [
        Paragraph.of("Conformément à vos consignes, notre structure centralise les litiges "
                     "télécoms de son bureau et de ses entreprises adhérentes : elle est votre "
                     f"seul interlocuteur pour ce dossier. {concerned}"),
        Paragraph.of(f"La tentative de résolution menée auprès {de(op)} par la voie habituelle a "
                     "échoué (voir la chronologie ci-dessous). Nous sollicitons donc votre "
                     "intervention auprès du siège de l'opérateur et vous adressons les cinq "
                     "éléments requis :"),
    ]
    values = _cpme_item_values(case)
    items = default_rules()["cpme_required_items"].items
    for number, item in enumerate(items, start=1):
        value = values.get(item.key, "")
        if not value:
            notes.add(f"Élément {number} ({item.label}) manquant : la CPME ne traite aucune "
                      "demande sans les cinq éléments (seeds/000).")
            value = TO_FILL
        head = Run(f"{number}. {item.label} : ", bold=True)
        if item.key == "summary":
            body.append(Paragraph.of(head, sentence(value) if value != TO_FILL else value))
            steps = chronology(case, today, notes, to_operator=False)
            if steps is not None:
                body += [Paragraph.of("Chronologie détaillée, avec les dates et les preuves "
                                      "jointes :"), steps]
        else:
            body.append(Paragraph.of(head, value, align=Align.LEFT))
    if case.invoice_lines:
        body.append(Paragraph.of(Run("Montant contesté : ", bold=True),
                                 claimed_text(case, notes)))
    body += commitment_blocks(case, v, notes, to_operator=False)
    body += [Paragraph.of(f"{'Notre structure' if own else 'L’entreprise'} demande :"
                          .replace("’", "'")),
             bullets(demands(case, today, notes, to_operator=False))]
    body += credit_paragraphs(case, notes)
    mandate = mandate_enclosure(case, v, notes)
    body.append(Paragraph.of("Les pièces justificatives énumérées ci-dessous sont jointes à ce "
                             "courriel. Nous restons à votre disposition pour tout complément."))
    return build_letter(
        case, settings, today, v, notes, to_operator=False,
        recipient=recipient,
        subject=f"Demande d'intervention auprès {de(op)} — {v.subscriber}",
        body=body, exhibit_ids=exhibit_ids, salutation=f"{who},",
        closing=v.closing(who), registered=False,
        also_enclosed=[mandate] if mandate else [])


SPEC = LetterSpec(LetterKind.CPME, "Contact télécom de la CPME (par courriel)", SIGNER,
                  compose, postal=False)

"""4. The request to the CPME telecom contact, sent by email by the handling structure, the
CPME's single contact (seeds/000)."""

from __future__ import annotations

from dispute.directory import ContactKind, Directory
from dispute.exhibit_roles import UNLINKED_INVOICE
from dispute.letter_kinds import LetterKind
from dispute.calendar import format_date_fr
from dispute.model import BusinessForm, Case, Civility
from dispute.model import Voice as SummaryVoice
from dispute.rules import default_rules
from documents.content import Align, Letter, Paragraph, Run
from documents.letters.claims import commitment_blocks, credit_paragraphs, demands
from documents.letters.mandate_status import (
    mandate_enclosure,
    mandate_event,
    mandate_reference,
)
from documents.money import deduction_text, net_claimed_text
from documents.letters.core import (
    TO_FILL,
    LetterSpec,
    Notes,
    Request,
    Signer,
    bullets,
    join_fr,
    line,
    sentence,
    siret_text,
)
from documents.letters.frame import build_letter
from documents.letters.recipients import directory_or_shipped
from documents.letters.steps import chronology, invoice_exhibits, line_descriptions
from documents.letters.voice import company_named, operator_name, role_in_text, voice_of
from documents.operator_names import register_name
from documents.text import NBSP, de, paragraphs

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


def subscriber_item(case: Case) -> str:
    """Item 1, the contract's subscriber as a party: « la société Menuiserie Rivaud (SARL,
    SIRET 901 473 629 00011), représentée par Thomas Rivaud, gérant »; a sole trader is the person, the
    shop a trade name (review 7.3): « Élise Marchand, exerçant en entreprise individuelle
    (EI) sous le nom commercial « Salon Élise Coiffure » (SIREN …) »."""
    sub = case.subscriber
    name = line(sub.name)
    if not name:
        return ""
    ident = siret_text(sub.siren).replace(" : ", " ") if line(sub.siren) else ""
    role = f", {role_in_text(sub.representative_role)}" if line(sub.representative_role) \
        else ""
    if case.is_business and sub.business_form is BusinessForm.SOLE_TRADER:
        person = line(sub.representative) or TO_FILL
        return (f"{person}, exerçant en entreprise individuelle (EI) sous le nom commercial "
                f"« {name} » ({ident or 'SIREN ' + TO_FILL})")
    if not case.is_business:
        return name
    who = company_named(case, name)
    if line(sub.representative):
        who += f", représentée par {line(sub.representative)}{role}"
    return who


def summary_item(case: Case) -> tuple[str, bool]:
    """Item 5 as the structure may sign it, and whether it is quoted: a summary typed by
    the subscriber (« Nous avons été facturés… ») is the subscriber's words, quoted after
    « (rédigé par l'entreprise) » — under the structure's signature « nous » would be the
    structure (review 7.1); a neutral or the structure's own summary is its text."""
    text = " ".join(paragraphs(case.summary))
    if not text:
        return "", False
    if case.summary_voice is SummaryVoice.SUBSCRIBER:
        return f"« {sentence(text)} »", True
    return sentence(text), False


def who_wrote(case: Case) -> str:
    """« l'entreprise », « l'association », « l'abonné » (who typed a first-person summary)."""
    if case.is_business:
        return "l'association" if case.subscriber.business_form is BusinessForm.ASSOCIATION \
            else "l'entreprise"
    return "l'abonnée" if case.subscriber.civility is Civility.MRS else "l'abonné"


def cpme_item_values(case: Case) -> dict[str, str]:
    """The five items' values, shared by the request and its e-mail draft."""
    contract = line(case.contract.contract_number)
    if contract and line(case.contract.customer_number):
        contract += f" (client n°{NBSP}{line(case.contract.customer_number)})"
    return {
        "subscriber_name": subscriber_item(case),
        "operator_name": register_name(case),
        "line_number": ", ".join(line_descriptions(case)),
        "contract_number": contract,
        "summary": summary_item(case)[0],
    }


def concerned_sentence(case: Case, v, own: bool) -> str:
    """« Ce litige concerne notre entreprise adhérente X. » — an association is « notre
    adhérente, l'association X » (review 7.8)."""
    if own:
        return "Ce litige concerne notre propre structure."
    if case.is_business and case.subscriber.business_form is BusinessForm.ASSOCIATION:
        name = v.subscriber
        named = name if name.casefold().startswith("association") else f"l'association {name}"
        if named.startswith("Association"):
            named = "l'a" + named[1:]
        return f"Ce litige concerne notre adhérente, {named}."
    return f"Ce litige concerne notre entreprise adhérente {v.subscriber}."


def membership_sentence(case: Case, exhibit_ids=None) -> str:
    """« Notre adhérente (n° A-2025-118, adhérente depuis le 1er janvier 2024) nous a donné
    mandat le 16 septembre 2026 (pièce n° 7). » when the mandate is signed (review 7.4); the
    exhibit only when the scan is enclosed (review2 13.1: never « mandat joint » without it)."""
    hs = case.handling_structure
    event = mandate_event(case)
    if hs is None or event is None or event.date is None:
        return ""
    who = "Notre adhérente" if case.is_business else "La personne que nous assistons"
    details = []
    if line(hs.member_number):
        details.append(f"n°{NBSP}{line(hs.member_number)}")
    if hs.member_since is not None:
        details.append(f"adhérente depuis le {format_date_fr(hs.member_since)}")
    who += f" ({', '.join(details)})" if details else ""
    joined = mandate_reference(case, exhibit_ids)
    return (f"{who} nous a donné mandat le {format_date_fr(event.date)}"
            + (f" ({joined})." if joined else "."))


def invoices_sentence(case: Case, notes: Notes) -> str:
    """« Factures concernées : n° F2604-0031872 (pièce n° 1), n° F2605-0034410 ([à
    joindre]). » — each disputed invoice with the exhibit that holds it (review 7.6)."""
    found = invoice_exhibits(case)
    if not found:
        return ""
    parts = []
    for number, exhibit in found.items():
        if exhibit is None:
            notes.add(UNLINKED_INVOICE.format(number=number))
            parts.append(f"n°{NBSP}{number} ({TO_FILL.replace('compléter', 'joindre')})")
        else:
            parts.append(f"n°{NBSP}{number} (pièce n°{NBSP}{exhibit})")
    return f"Factures concernées : {join_fr(parts)}."


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
    body: list = [
        Paragraph.of("Conformément à vos consignes, nous centralisons les litiges télécoms de "
                     "notre structure et de nos entreprises adhérentes, et sommes votre seul "
                     f"interlocuteur pour ce dossier. {concerned_sentence(case, v, own)}"),
    ]
    membership = membership_sentence(case, exhibit_ids)
    if membership and not own:
        body.append(Paragraph.of(membership))
    body.append(Paragraph.of(
        f"La tentative de résolution menée auprès {de(op)} par la voie habituelle a échoué "
        "(voir la chronologie ci-dessous). Nous sollicitons donc votre intervention auprès du "
        "siège de l'opérateur et vous adressons les cinq éléments requis :"))
    values = cpme_item_values(case)
    items = default_rules()["cpme_required_items"].items
    for number, item in enumerate(items, start=1):
        value = values.get(item.key, "")
        if not value:
            notes.add(f"Élément {number} ({item.label}) manquant : la CPME ne traite aucune "
                      "demande sans les cinq éléments (seeds/000).")
            value = TO_FILL
        if item.key == "summary":
            quoted = summary_item(case)[1]
            label = f"{item.label} (rédigé par {who_wrote(case)})" if quoted else item.label
            head = Run(f"{number}. {label} : ", bold=True)
            body.append(Paragraph.of(head, Run(value, italic=quoted)))
            steps = chronology(case, today, notes, to_operator=False, voice=v, signer=v)
            if steps is not None:
                body += [Paragraph.of("Chronologie détaillée, avec les dates et les preuves "
                                      "jointes :"), steps]
        else:
            head = Run(f"{number}. {item.label} : ", bold=True)
            body.append(Paragraph.of(head, value, align=Align.LEFT))
    if case.invoice_lines:
        # the sum alone after the label, how it is reached in a sentence (no « : … : »)
        body.append(Paragraph.of(Run("Montant demandé : ", bold=True),
                                 net_claimed_text(case, notes)))
        how = deduction_text(case, notes)
        if how:
            body.append(Paragraph.of(f"Ce montant correspond aux {how}."))
        invoices = invoices_sentence(case, notes)
        if invoices:
            body.append(Paragraph.of(invoices))
    body += commitment_blocks(case, v, notes, to_operator=False)
    asker = "Notre structure" if own else (
        "L'association" if case.is_business
        and case.subscriber.business_form is BusinessForm.ASSOCIATION else "L'entreprise")
    # with invoice lines, « Montant demandé » above says the sum and how it is reached: the
    # demands name what is claimed without saying it again (review5 9)
    body += [Paragraph.of(f"{asker} demande :"),
             bullets(demands(case, today, notes, to_operator=False,
                             amounts=not case.invoice_lines))]
    body += credit_paragraphs(case, notes, today)
    mandate = mandate_enclosure(case, v, notes, exhibit_ids)
    body.append(Paragraph.of("Les pièces justificatives énumérées ci-dessous sont jointes à ce "
                             "courriel. Nous restons à votre disposition pour tout complément."))
    return build_letter(
        case, settings, today, v, notes, to_operator=False,
        recipient=recipient,
        subject=f"Demande d'intervention auprès {de(op)} — {v.subscriber}",
        body=body, exhibit_ids=exhibit_ids, salutation=f"{who},",
        closing=v.closing(who), registered=False,
        also_enclosed=[mandate] if mandate else [], cites_mandate=True)


SPEC = LetterSpec(LetterKind.CPME, "Contact télécom de la CPME (par courriel)", SIGNER,
                  compose, postal=False)

"""The mandate (« mandat ») the subscriber signs when a handling structure acts for it or
helps it (issue 10, point 1): a special power (Code civil, art. 1984) limited to this
dispute, written from the working clauses of LEGAL-2026-12 § 7.2 in our own words.

Parties (for a consumer association, the subscriber's membership; for a CPME structure, the
member company), the dispute it covers, the acts allowed, the acts the subscriber keeps, no
representation before the tribunal judiciaire (C.P.C. art. 762), personal data for this
dispute only, duration and revocation, two signatures. Its signature is the event
« Mandat signé »; an unsigned mandate is flagged before any letter the structure signs
(:mod:`documents.letters.mandate_status`).
"""

from __future__ import annotations

from dispute.letter_kinds import LetterKind
from dispute.model import BusinessForm, Case, StructureKind
from documents.content import Align, Heading, Letter, Paragraph, Table
from documents.letter_settings import structure_for_case
from documents.letters.claims import natures_text
from documents.letters.core import (
    TO_FILL,
    LetterSpec,
    of_phrase,
    Notes,
    Request,
    Signer,
    bullets,
    join_fr,
    line,
    one_line_address,
    siret_text,
)
from documents.letters.frame import build_letter
from documents.letters.steps import line_numbers
from documents.letters.voice import civil_name, operator_name, role_in_text, voice_of
from documents.text import NBSP, format_date_fr

SIGNER = Signer.SUBSCRIBER


def _mandant(case: Case, name: str, notes: Notes) -> str:
    sub = case.subscriber
    address = one_line_address(sub.address) or TO_FILL
    if not case.is_business:
        return f"{civil_name(case, name)}, demeurant {address}"
    siren = siret_text(sub.siren) if line(sub.siren) else f"SIREN : {TO_FILL}"
    if not line(sub.siren):
        notes.add("SIREN ou SIRET de l'entreprise manquant : il identifie le mandant.")
    representative = line(sub.representative) or TO_FILL
    role = f", {role_in_text(sub.representative_role)}" if line(sub.representative_role) else ""
    if sub.business_form is BusinessForm.SOLE_TRADER:
        return (f"{representative}, exerçant en entreprise individuelle sous le nom commercial "
                f"« {name} » ({siren}), dont l'établissement est situé {address}")
    form = f", {line(sub.legal_form)}" if line(sub.legal_form) else ""
    noun = "l'association" if sub.business_form is BusinessForm.ASSOCIATION else "la société"
    return (f"{noun} {name}{form} ({siren}), dont le siège est situé {address}, représentée "
            f"par {representative}{role}")


def _membership(case: Case, structure_name: str, notes: Notes) -> str:
    hs = case.handling_structure
    if hs is None:
        return ""
    number = line(hs.member_number)
    since = f", depuis le {format_date_fr(hs.member_since)}" if hs.member_since else ""
    member = f"sous le n°{NBSP}{number}{since}" if number else f"sous le n°{NBSP}{TO_FILL}"
    if hs.kind is StructureKind.CONSUMER_ASSOCIATION:
        if not number:
            notes.add("Numéro d'adhésion manquant : une association de consommateurs ne conseille "
                      "que ses membres (loi n° 71-1130 du 31 décembre 1971, art. 63). "
                      "Complétez-le dans le dossier.")
        return f"Le mandant est adhérent du mandataire {member}."
    if hs.kind is StructureKind.CPME:
        if not number:
            notes.add("Numéro d'adhésion de l'entreprise à la structure CPME manquant : "
                      "complétez-le dans le dossier.")
        return (f"Le mandant est une entreprise adhérente du mandataire {member} ; "
                "l'aide à ses adhérents dans leurs litiges entre dans l'objet de la structure "
                "[à confirmer par ses statuts].")
    return f"Le mandant est adhérent du mandataire {member}." if number else ""


def _acts(case: Case, op: str) -> list[str]:
    acts = [f"adresser en son nom à {op} et à ses services des réclamations et des lettres "
            "recommandées",
            "recevoir les réponses et tout courrier relatif au litige",
            "demander à l'opérateur les documents utiles au litige (contrat, factures "
            "détaillées, historique des interventions)"]
    if case.is_business:
        acts.append("saisir la CPME ou le Médiateur des entreprises et échanger avec eux")
    else:
        acts.append("saisir le Médiateur des communications électroniques et échanger avec lui")
    acts.append("produire les pièces que le mandant lui remet")
    return acts


def _mandataire(name: str, identifier: str, address: str, person: str) -> str:
    number = f"n°{NBSP}{identifier}" if identifier else f"SIREN ou RNA : {TO_FILL}"
    where = f"dont le siège est situé {address}" if address else f"adresse : {TO_FILL}"
    who = f", représenté pour ce dossier par {person}" if person else ""
    return f"Le mandataire : {name} ({number}), {where}{who}."


RESERVED = ["accepter ou refuser une proposition ou un avis de médiation",
            "conclure une transaction ou tout accord mettant fin au litige",
            "renoncer à tout ou partie d'une demande",
            "résilier ou modifier le contrat"]


def _joined_to(r: Request) -> str:
    """Where the signed mandate is enclosed, for this case only: the telecom mediator's
    saisine for a private subscriber, the CPME request for a business whose operator the CPME
    covers (the CPME never applies to a private subscriber)."""
    if not r.case.is_business:
        return ", et il est joint à la saisine du médiateur"
    cpme = r.assessment.letter(LetterKind.CPME.value)
    if cpme is not None and str(cpme.state) != "not_applicable":
        return ", et il est joint à la demande à la CPME"
    return ""


def compose(r: Request) -> Letter:
    case, settings, today, notes = r.case, r.settings, r.today, r.notes
    v = voice_of(r, SIGNER)
    structure = structure_for_case(case, settings)
    op = operator_name(case, notes)
    s_name = line(structure.name) if structure is not None else TO_FILL
    if structure is None:
        notes.add("Aucune structure n'est renseignée : le mandataire est à compléter.")
    hs = case.handling_structure
    identifier = line(hs.identifier) if hs is not None else ""
    if not identifier:
        notes.add("Numéro SIREN ou RNA de la structure manquant : complétez-le (dossier, "
                  "structure qui suit l'abonné).")
    s_address = one_line_address(structure.address) if structure is not None else ""
    person = ", ".join(p for p in (line(structure.contact_name),
                                   role_in_text(structure.contact_role))
                       if p) if structure is not None else ""
    contract = line(case.contract.contract_number)
    customer = line(case.contract.customer_number)
    refs = [f"ligne{'s' if len(line_numbers(case)) > 1 else ''} "
            f"{join_fr(line_numbers(case))}" if line_numbers(case) else "",
            f"contrat n°{NBSP}{contract}" if contract else "",
            f"client n°{NBSP}{customer}" if customer else ""]
    refs_text = ", ".join(p for p in refs if p)
    body: list = [
        Heading("Entre les soussignés"),
        Paragraph.of(f"Le mandant : {_mandant(case, v.subscriber, notes)}."),
        Paragraph.of(_mandataire(s_name, identifier, s_address, person)),
    ]
    membership = _membership(case, s_name, notes)
    if membership:
        body.append(Paragraph.of(membership))
    body += [
        Heading("1. Objet du mandat"),
        Paragraph.of(f"Le mandant donne au mandataire, qui l'accepte, le pouvoir d'agir en son "
                     f"nom et pour son compte dans le litige qui l'oppose à {op} au sujet "
                     f"{of_phrase(natures_text(case))}"
                     f"{' (' + refs_text + ')' if refs_text else ''}. Ce mandat est spécial : "
                     "il ne vaut que pour ce litige (Code civil, art. 1984)."),
        Heading("2. Ce que le mandataire peut faire"),
        bullets(_acts(case, op)),
        Heading("3. Ce que le mandant garde pour lui"),
        Paragraph.of("Le mandant décide seul des actes suivants ; le mandataire ne les "
                     "accomplit que sur son instruction écrite, datée et signée :"),
        bullets(RESERVED),
        Heading("4. Pas de représentation en justice"),
    ]
    if case.is_business:
        body.append(Paragraph.of(
            "Ce mandat ne donne pas pouvoir de représenter le mandant en justice. Devant le "
            "tribunal de commerce, pour une demande ne dépassant pas 10 000 €, une "
            "représentation par le mandataire supposerait un pouvoir spécial distinct (Code de "
            "procédure civile, art. 853)."))
    else:
        body.append(Paragraph.of(
            "Ce mandat ne donne pas pouvoir de représenter le mandant devant le tribunal "
            "judiciaire : une structure d'aide ne figure pas parmi les personnes admises à l'y "
            "représenter (Code de procédure civile, art. 762). Elle peut l'aider à préparer sa "
            "demande."))
    body += [
        Heading("5. Correspondance"),
        Paragraph.of("L'opérateur et les organismes saisis peuvent écrire au mandataire. Celui-ci "
                     "transmet sans délai au mandant une copie de tout courrier reçu et le "
                     "tient informé des suites du dossier."),
        Heading("6. Données personnelles"),
        Paragraph.of("Le mandant autorise le mandataire à recevoir, conserver et transmettre les "
                     "informations et documents qui le concernent (identité, contrat, factures, "
                     "échanges) pour ce seul litige. Le mandataire les conserve jusqu'à la "
                     "clôture du dossier, puis les supprime ou les rend au mandant ; le mandant "
                     "peut y accéder, les faire rectifier ou effacer à tout moment."),
        Heading("7. Durée, gratuité et fin du mandat"),
        Paragraph.of("Le mandat prend effet à sa signature et prend fin à la clôture du litige, "
                     f"au plus tard le {TO_FILL}. Il est consenti à titre gratuit. Le mandant "
                     "peut le révoquer à tout moment par écrit ; le mandataire peut y renoncer "
                     "en prévenant le mandant par écrit."),
        Heading("8. Pièces jointes au mandat"),
        bullets(["une copie d'une pièce d'identité du signataire"] + (
            ["un extrait Kbis de moins de trois mois ou un justificatif du pouvoir du "
             "signataire"] if case.is_business else [])),
        Table(header=("Le mandant", "Le mandataire"),
              rows=((f"Fait à {TO_FILL}, le {TO_FILL}", f"Fait à {TO_FILL}, le {TO_FILL}"),
                    ("« Bon pour mandat »", "« Bon pour acceptation du mandat »"),
                    ("Signature :", "Signature :"), ("\u00a0", "\u00a0"), ("\u00a0", "\u00a0"),
                    ("\u00a0", "\u00a0")),
              align=(Align.LEFT, Align.LEFT), widths=(1.0, 1.0)),
    ]
    notes.add("Mandat rédigé à partir de clauses de travail (pas d'une source) : faites-le "
              "relire par le juriste de la structure avant le premier usage.")
    notes.add("Une fois le mandat signé par les deux parties, enregistrez l'événement « Mandat "
              "signé » : les courriers que la structure signe le supposent"
              + _joined_to(r) + ".")
    return build_letter(case, settings, today, v, notes,
                        recipient=(structure.address.lines(s_name) if structure is not None
                                   else [s_name]),
                        subject=f"Mandat spécial — litige avec {op}",
                        body=body, exhibit_ids=[], salutation="", closing="",
                        registered=False, to_operator=False, signed=False)


SPEC = LetterSpec(LetterKind.MANDATE, "La structure qui accompagne l'abonné (remis en main "
                  "propre)", SIGNER, compose, postal=False)

"""The request to the court (issue 9, point 4).

A private subscriber: the « requête aux fins de saisine du tribunal judiciaire » for a claim
of 5,000 € or less, with every mention of C.P.C. art. 54, 57 and 757 (court, parties, object
and sums, summary of the grounds, amicable steps taken, numbered exhibits, date and
signature), which the user copies onto Cerfa 16042*02 or attaches to it. A support structure
cannot represent the subscriber there (C.P.C. art. 762): the subscriber signs.

A business: the same elements for the tribunal de commerce, where a lawyer is not required up
to 10,000 € and the structure may represent the company with a special power (C.P.C.
art. 853); the way to seize it is to be checked with its registry.

Sources: LEGAL-2026-12 § 3.1-3.2 (the texts of art. 54 and 57 are summaries, not reread:
the mentions below follow the Cerfa's headings and leave every unknown value visible).
"""

from __future__ import annotations

from decimal import Decimal

from dispute.letter_kinds import LetterKind
from dispute.model import BusinessForm, Case
from documents.content import Heading, Letter, Paragraph
from documents.letters.amicable import (
    PRIOR_ATTEMPT_NOTE,
    amicable_steps,
    mediation_or_conciliation,
)
from documents.letters.claims import contract_phrase, demands, facts_paragraphs, obligations
from documents.letters.core import (
    ADDRESS_PLACEHOLDER,
    TO_FILL,
    LetterSpec,
    Notes,
    Request,
    Signer,
    bullets,
    line,
    one_line_address,
    siret_text,
)
from documents.letters.frame import build_letter
from documents.letters.steps import chronology, is_step
from documents.letters.voice import Voice, civil_name, operator_name, voice_of
from documents.money import claim_totals, claimed_text
from documents.text import de

SIGNER = Signer.SUBSCRIBER
REQUEST_CEILING = Decimal("5000")
COMMERCE_CEILING = Decimal("10000")


def _claimant(case: Case, v: Voice, notes: Notes) -> list[str]:
    sub = case.subscriber
    address = one_line_address(sub.address) or TO_FILL
    if not case.is_business:
        return [f"Nom et prénoms : {civil_name(case, v.subscriber)}",
                f"Domicile : {address}",
                f"Profession : {TO_FILL}",
                f"Nationalité : {TO_FILL}",
                f"Date et lieu de naissance : {TO_FILL}",
                "Téléphone, courriel : " + (" — ".join(
                    p for p in (line(sub.phone), line(sub.email)) if p) or TO_FILL)]
    siren = siret_text(sub.siren) if line(sub.siren) else f"SIREN : {TO_FILL}"
    if not line(sub.siren):
        notes.add("SIREN ou SIRET de l'entreprise manquant : la demande doit l'identifier.")
    if sub.business_form is BusinessForm.SOLE_TRADER:
        return [f"Nom et prénoms : {line(sub.representative) or TO_FILL}, exerçant en "
                f"entreprise individuelle sous le nom commercial « {v.subscriber} »",
                siren, f"Adresse de l'établissement : {address}",
                f"Date et lieu de naissance, nationalité : {TO_FILL}"]
    return [f"Dénomination : {v.subscriber}",
            f"Forme : {line(sub.legal_form) or TO_FILL}", siren,
            f"Siège social : {address}",
            "Représentée par : " + (", ".join(p for p in (line(sub.representative),
                                                          line(sub.representative_role)) if p)
                                    or TO_FILL)]


def _defendant(case: Case, op: str, notes: Notes) -> list[str]:
    operator = case.operator
    if operator.head_office_address.is_empty():
        notes.add(f"Siège social {de(op)} inconnu : relevez-le sur le contrat, une facture ou "
                  "l'extrait Kbis (« " + TO_FILL + " » est imprimé à sa place).")
    if not line(operator.siren):
        notes.add(f"SIREN {de(op)} inconnu : relevez-le sur une facture (mention obligatoire).")
    return [f"Dénomination : {op}",
            f"Forme sociale : {TO_FILL}",
            siret_text(operator.siren) if line(operator.siren) else f"SIREN : {TO_FILL}",
            f"Siège social : {one_line_address(operator.head_office_address) or TO_FILL}"]


def compose(r: Request) -> Letter:
    case, settings, today, notes, exhibit_ids = (
        r.case, r.settings, r.today, r.notes, r.exhibit_ids)
    v = voice_of(r, SIGNER)
    op = operator_name(case, notes)
    business = case.is_business
    totals = claim_totals(case)
    court = "Tribunal de commerce de …" if business else \
        "Tribunal judiciaire de … (tribunal de proximité de …, le cas échéant)"
    if business:
        notes.add("Tribunal de commerce : l'avocat n'est pas obligatoire pour une demande de "
                  "10 000 € ou moins, et la structure peut représenter l'entreprise avec un "
                  "pouvoir spécial écrit (Code de procédure civile, art. 853). Le mode de "
                  "saisine (assignation, requête) est à vérifier auprès du greffe.")
        if totals.claimed.ht > COMMERCE_CEILING:
            notes.add("Demande supérieure à 10 000 € : l'avocat devient obligatoire devant le "
                      "tribunal de commerce.")
    else:
        notes.add("Recopiez ces mentions sur le formulaire Cerfa n° 16042*02 « Requête aux "
                  "fins de saisine du tribunal judiciaire » (gratuit, service-public.fr) ou "
                  "joignez ce document au formulaire, puis déposez-le au greffe ou envoyez-le.")
        notes.add("La structure qui vous accompagne ne peut pas vous représenter devant le "
                  "tribunal judiciaire (Code de procédure civile, art. 762) : vous signez et "
                  "déposez la requête vous-même (ou par un avocat ou un proche admis à vous "
                  "représenter).")
        if totals.claimed.ttc > REQUEST_CEILING:
            notes.add("Demande supérieure à 5 000 € : la requête n'est pas ouverte ; "
                      "l'assignation par un commissaire de justice est la voie ordinaire.")
        if not mediation_or_conciliation(case, today):
            notes.add("Aucune saisine du médiateur ni d'un conciliateur n'est enregistrée. "
                      + PRIOR_ATTEMPT_NOTE)
    notes.add(f"Juridiction à compléter : « {court} ». La compétence territoriale (domicile, "
              "lieu d'exécution de la prestation) est à vérifier auprès du greffe.")
    amount = claimed_text(case, notes) if case.invoice_lines else TO_FILL
    if not case.invoice_lines:
        notes.add("Aucun montant n'est chiffré : une demande en justice indique les sommes "
                  "demandées. Complétez le montant avant de déposer la requête.")
    body: list = [
        Heading("1. Juridiction saisie"),
        Paragraph.of(court),
        Heading("2. Demandeur"),
        bullets(_claimant(case, v, notes)),
        Heading("3. Défendeur"),
        bullets(_defendant(case, op, notes)),
        Heading("4. Objet de la demande"),
        Paragraph.of(f"Demandes présentées au tribunal à l'encontre {de(op)} :"),
        bullets(demands(case, today, notes, to_operator=False)),
        Paragraph.of(f"Montant total demandé en principal : {amount}."),
        Heading("5. Exposé sommaire des motifs"),
        Paragraph.of(f"{v.pick('Je suis titulaire', 'Nous sommes titulaires')} auprès {de(op)} "
                     f"{contract_phrase(case, ids=True)}. L'opérateur n'a pas exécuté son "
                     f"obligation de {' et de '.join(obligations(case))}."),
        *facts_paragraphs(case, v, act=True),
    ]
    steps = chronology(case, today, notes, to_operator=False, keep=is_step)
    if steps is not None:
        body += [Paragraph.of("Chronologie des faits et des démarches :"), steps]
    body.append(Heading("6. Diligences entreprises en vue d'une résolution amiable"))
    amicable = amicable_steps(case, today)
    body.append(bullets(amicable) if amicable else Paragraph.of(TO_FILL))
    body += [
        Heading("7. Pièces sur lesquelles la demande est fondée"),
        Paragraph.of("Les pièces sont énumérées et numérotées ci-dessous ; elles sont jointes "
                     "en autant de copies que de personnes à convoquer."),
    ]
    if not business:
        body += [Heading("8. Procédure sans audience"),
                 Paragraph.of(v.pick("J'accepte", "Nous acceptons") +
                              " / " + v.pick("Je n'accepte pas", "Nous n'acceptons pas") +
                              " que la procédure se déroule sans audience (rayer la mention "
                              "inutile).")]
    subject = ("Demande en justice — éléments de la saisine du tribunal de commerce" if business
               else "Requête aux fins de saisine du tribunal judiciaire")
    return build_letter(case, settings, today, v, notes, to_operator=False,
                        recipient=["Greffe du " + court.split(" (")[0].replace("Tribunal",
                                                                            "tribunal"),
                                   ADDRESS_PLACEHOLDER],
                        subject=f"{subject} — {line(case.subscriber.name) or TO_FILL} "
                        f"contre {op}",
                        body=body, exhibit_ids=exhibit_ids, salutation="",
                        closing="", registered=False)


SPEC = LetterSpec(LetterKind.COURT_REQUEST, "Greffe du tribunal (judiciaire, ou de commerce "
                  "pour une entreprise)", SIGNER, compose)

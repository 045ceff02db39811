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

from datetime import date
from decimal import Decimal

from dispute.labels import label
from dispute.letter_kinds import LetterKind
from dispute.model import BusinessForm, Case, DisputeNature, InvoiceReason
from dispute.procedure.court import TO_CHECK, TRIBUNAL_DE_COMMERCE, TRIBUNAL_JUDICIAIRE
from documents.content import Heading, Letter, Paragraph
from documents.letters.amicable import (
    PRIOR_ATTEMPT_NOTE,
    amicable_steps,
    mediation_confidentiality,
    mediation_or_conciliation,
    missing_attempt_evidence,
    prior_attempt,
)
from documents.letters.claims import (
    breach_phrase,
    contract_phrase,
    credit_paragraphs,
    demands,
    distance_note,
    facts_paragraphs,
    covered,
    credits_subject,
    outage_period,
    prorata_formula,
    settlement,
)
from documents.letters.core import (
    ADDRESS_PLACEHOLDER,
    TO_FILL,
    LetterSpec,
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
from documents.letters.recipients import OperatorIdentity, act_parties
from documents.letters.steps import chronology, grounding_exhibits, is_step
from documents.letters.voice import Voice, VoiceMode, by, natural_persons
from documents.money import amount_text, basis_text, claim_totals, euros, principal_text
from documents.text import NBSP, de

SIGNER = Signer.SUBSCRIBER
REQUEST_CEILING = Decimal("5000")
COMMERCE_CEILING = Decimal("10000")


def _person(name: str, address: str, contact: str) -> list[str]:
    """C.P.C. art. 54's mentions for one natural person."""
    return [f"Nom et prénoms : {name}",
            f"Domicile : {address}",
            f"Profession : {TO_FILL}",
            f"Nationalité : {TO_FILL}",
            f"Date et lieu de naissance : {TO_FILL}",
            f"Téléphone, courriel : {contact}"]


def claimant_blocks(case: Case, v: Voice, notes: Notes) -> list:
    """« 2. Demandeur » and its mentions; a couple: « 2. Demandeurs », one block for each
    person (review 2, 9.2: art. 54's mentions are due for each)."""
    if not case.is_business:
        sub = case.subscriber
        address = one_line_address(sub.address) or TO_FILL
        contact = " — ".join(p for p in (line(sub.phone), line(sub.email)) if p) or TO_FILL
        persons = natural_persons(case, v)
        if len(persons) == 1:
            return [Heading("2. Demandeur"), bullets(_person(persons[0], address, contact))]
        out: list = [Heading("2. Demandeurs")]
        for rank, name in zip(("Premier demandeur :", "Second demandeur :"), persons):
            out += [Paragraph.of(rank), bullets(_person(name, address, contact))]
        return out
    return [Heading("2. Demandeur"), bullets(_claimant(case, v, notes))]


def _claimant(case: Case, v: Voice, notes: Notes) -> list[str]:
    sub = case.subscriber
    address = one_line_address(sub.address) or TO_FILL
    siren = siret_text(sub.siren) if line(sub.siren) else f"SIREN : {TO_FILL}"
    if not line(sub.siren):
        notes.add("SIREN ou SIRET de l'entreprise manquant : la demande doit l'identifier.")
    if sub.business_form is BusinessForm.SOLE_TRADER:
        return [f"Nom et prénoms : {line(sub.representative) or TO_FILL}, exerçant en "
                f"entreprise individuelle sous le nom commercial « {v.subscriber} »",
                siren, f"Adresse de l'établissement : {address}",
                f"Date et lieu de naissance, nationalité : {TO_FILL}"]
    name, form = v.subscriber, line(sub.legal_form)
    if form and name.casefold().endswith(" " + form.casefold()):
        name = name[:-len(form)].rstrip(" ,")  # « Menuiserie Rivaud SARL ; Forme : SARL » (1.7)
    return [f"Dénomination : {name}",
            f"Forme : {form or TO_FILL}", siren,
            f"Siège social : {address}",
            "Représentée par : " + (", ".join(p for p in (line(sub.representative),
                                                          line(sub.representative_role)) if p)
                                    or TO_FILL)]


def _defendant(identity: OperatorIdentity, notes: Notes) -> list[str]:
    """The defendant as C.P.C. art. 57 wants it (denomination, form, siège): from the case,
    else from the directory when its source is verified (review 11.1)."""
    op = identity.name
    if not identity.head_office:
        notes.add(f"Siège social {de(op)} inconnu : relevez-le sur le contrat, une facture ou "
                  "l'extrait Kbis (« " + TO_FILL + " » est imprimé à sa place).")
    if not line(identity.siren):
        notes.add(f"SIREN {de(op)} inconnu : relevez-le sur une facture (mention obligatoire).")
    if not identity.legal_form:
        notes.add(f"Forme sociale {de(op)} à compléter : elle figure sur ses factures (« SA », "
                  "« SAS »…).")
    return [f"Dénomination : {op}",
            f"Forme sociale : {identity.legal_form or TO_FILL}",
            siret_text(identity.siren) if line(identity.siren) else f"SIREN : {TO_FILL}",
            f"Siège social : {identity.head_office_text or TO_FILL}"]



STRICT_LIABILITY_PRIVATE = (
    "Le fournisseur d'accès à internet et aux services de communications électroniques est "
    "tenu d'une obligation de résultat et répond de plein droit de la bonne exécution du "
    "contrat (loi n° 2004-575 du 21 juin 2004, art. 15, I ; Cour de cassation, première "
    "chambre civile, 19 novembre 2009).")
"""LEGAL-2026-12 § 4.2 (B), for a contract concluded at a distance (LCEN art. 15 I says
« contrat conclu à distance », review2 5.2). Code civil art. 1217 is general knowledge only:
not cited."""
CONTRACT_DUTY = "Il répond de cette inexécution."
"""The general contract ground, without an article, when the contract was not concluded at
a distance or it is not said: it follows « L'opérateur n'a pas exécuté son obligation de
fournir le service prévu au contrat. »"""


REASON_PHRASES = {
    InvoiceReason.DOUBLE_BILLING: "double facturation",
    InvoiceReason.NOT_ORDERED: "service non commandé",
    InvoiceReason.OUT_OF_PLAN: "communications hors forfait contestées",
    InvoiceReason.NOT_DELIVERED: "service non fourni",
    InvoiceReason.AFTER_TERMINATION: "facturation après la résiliation",
    InvoiceReason.WRONG_PRICE: "prix différent de celui du contrat",
}
"""Why each line was not due, in the words of a sentence (review3 1.5: « hors forfait
contesté » is the form's label); « autre motif » keeps its label."""


def grounds(case: Case, v: Voice, today: date) -> list[Paragraph]:
    """The legal ground of the request (review 11.2: « Aucun fondement »): the provider's
    strict liability when the service was not provided, the undue sums for a billing dispute,
    and what the subscriber is entitled to."""
    natures = set(case.natures) or {DisputeNature.OTHER}
    founded = by(v, f"je suis {'fondée' if v.feminine else 'fondé'}",
                 f"{v.entity.lower()} est fondée", f"{v.member} est fondé",
                 "nous sommes fondés")
    out = []
    if case.service_not_provided:  # dispute.model.SERVICE_NATURES
        text = STRICT_LIABILITY_PRIVATE
        if case.contract.distance is not True:  # LCEN art. 15 I: distance contracts only
            text = CONTRACT_DUTY
        elif case.is_business:
            text = text[:-1] + (" ; cette responsabilité est d'ordre public, y compris envers "
                                "un client professionnel (Cour de cassation, 13 mars 2024).")
        period, _ = outage_period(case, today)
        if DisputeNature.OUTAGE in natures and period:
            if not case.is_business and case.subscriber.civility is None:
                # civility not said: no masculine by default (review3 1.8)
                text += (f" Le service n'ayant pas été fourni{period}, je suis en droit "
                         "d'obtenir le remboursement de l'abonnement de cette période.")
            else:
                deprived = ("Privés" if v.several else "Privée" if v.feminine or v.business
                            else "Privé")
                text += (f" {deprived} du service{period}, {founded} à obtenir le "
                         "remboursement de l'abonnement de cette période.")
        out.append(Paragraph.of(text))
    if DisputeNature.BILLING in natures and case.invoice_lines:
        reasons = join_fr(list(dict.fromkeys(REASON_PHRASES.get(il.reason,
                                                                label(il.reason).lower())
                                             for il in case.invoice_lines)))
        out.append(Paragraph.of(f"Les sommes contestées ont été facturées sans être dues au "
                                f"titre du contrat ({reasons}) : {founded} à en obtenir le "
                                "remboursement."))
    if DisputeNature.TERMINATION in natures:
        out.append(Paragraph.of("La résiliation demandée n'a pas été prise en compte : les "
                                "sommes facturées après elle ne sont pas dues."))
    return out


def court_of(r: Request) -> str:
    """The engine's court (:func:`dispute.procedure.court.court_kind`): the tribunal de
    commerce for a commercial company, the tribunal judiciaire for a private subscriber or an
    association, « to check » for a sole trader or another form (the tribunal judiciaire's
    requête is prepared, the tribunal de commerce said in a warning: review 2, 4.1)."""
    court = r.assessment.court
    if court is not None and court.kind:
        return court.kind
    return TRIBUNAL_DE_COMMERCE if r.case.is_business else TRIBUNAL_JUDICIAIRE


def principal(case: Case, today: date, notes: Notes) -> tuple[str, str]:
    """(the one sum claimed in principal, how it is reached or ""): the invoice lines' net sum
    (:func:`documents.money.principal_text`, review 2, 3.1 and 14.1), else the prorata of an
    outage computed from the contract's price, net of every credit received
    (:func:`~documents.letters.claims.settlement`, review3 1.0); an indemnity not quantified
    leaves the sum to fill, its parts said."""
    if case.invoice_lines and claim_totals(case).disputed.positive:
        return principal_text(case, notes)
    totals = settlement(case, today)
    if not totals.on_prorata:
        return TO_FILL, ""
    prorata, formula = totals.disputed, prorata_formula(case, today, notes)
    credits = ""
    if totals.credits_deducted:
        subject, _ = credits_subject(case, totals, notes)
        credits = f"{subject[:1].lower()}{subject[1:]}"
    if DisputeNature.LINE_OVERWRITTEN in case.natures or covered(case, totals):
        if not credits:
            notes.add("Montant total de la demande à compléter : ajoutez au remboursement au "
                      "prorata l'indemnisation du préjudice, chiffrée sur justificatifs.")
            # no nested brackets: « (38,63 € HT (46,36 € TTC)) » (review T1)
            return TO_FILL, (f"Ce montant comprend le remboursement de l'abonnement au "
                             f"prorata, soit {amount_text(case, prorata, notes)}, et "
                             "l'indemnisation du préjudice, chiffrée sur justificatifs.")
        # review3 1.0: the gesture received comes off, never « ajoutez au prorata »; the
        # indemnity and so the total carry no « HT » (review4 R2: damages are no price), the
        # refund and the gesture keep theirs
        unit = f"{NBSP}€"
        refund = basis_text(case, prorata, notes)
        notes.add(f"Montant total de la demande à compléter : l'indemnisation du préjudice, "
                  f"chiffrée sur justificatifs, plus le remboursement au prorata ({refund}), "
                  f"moins {credits}.")
        return f"{TO_FILL}{unit}", (
            f"Ce montant correspond à l'indemnisation du préjudice, chiffrée à {TO_FILL}{unit} "
            f"sur les pièces n°{NBSP}{TO_FILL}, plus le remboursement de l'abonnement au "
            f"prorata, {refund} ({formula}), moins {credits}.")
    remaining = totals.remaining
    how = f" : {formula} = {basis_text(case, prorata, notes)}, moins {credits}" \
        if credits else ""
    if case.is_business:
        return (f"{euros(remaining.ttc, notes)}{NBSP}TTC",
                f"Ce montant correspond à {euros(remaining.ht, notes)}{NBSP}HT{how}.")
    return euros(remaining.ttc, notes), (
        f"Ce montant correspond à {how[3:]}." if credits else "")


def _court_notes(r: Request, v: Voice, kind: str, totals) -> None:
    case, notes, today = r.case, r.notes, r.today
    if kind == TRIBUNAL_DE_COMMERCE:
        notes.add("Tribunal de commerce : l'avocat n'est pas obligatoire pour une demande de "
                  "10 000 € ou moins, et la structure peut représenter l'entreprise avec un "
                  "pouvoir spécial écrit (Code de procédure civile, art. 853). L'application ne "
                  "rédige pas ce pouvoir : un modèle de pouvoir de représentation est publié par "
                  "la cour d'appel de Nancy ; vérifiez aussi que les statuts de la structure lui "
                  "permettent d'assister ses adhérents (loi n° 71-1130 du 31 décembre 1971, "
                  "art. 64, à vérifier). Le mode de saisine (assignation, requête) est à "
                  "vérifier auprès du greffe. La requête Cerfa 16042*02 vise le tribunal "
                  "judiciaire : ne l'utilisez pas pour le tribunal de commerce.")
        if totals.claimed.ht > COMMERCE_CEILING:
            notes.add("Demande supérieure à 10 000 € : l'avocat devient obligatoire devant le "
                      "tribunal de commerce.")
        return
    if kind == TO_CHECK:
        court = r.assessment.court
        said = next((n.message for n in (court.notes if court is not None else ())
                     if n.code == "sole_trader_court"), "")
        notes.add("Tribunal à vérifier : cette requête est préparée pour le tribunal "
                  "judiciaire. " + (said or "Si l'entreprise est commerçante, c'est le tribunal "
                                    "de commerce.") + " Vérifiez-le auprès du greffe avant de "
                  "la déposer.")
    notes.add("Recopiez ces mentions sur le formulaire Cerfa n° 16042*02 « Requête aux "
              "fins de saisine du tribunal judiciaire » (gratuit, service-public.fr) ou "
              "joignez ce document au formulaire, puis déposez-le au greffe ou envoyez-le.")
    structure = case.handling_structure is not None and line(case.handling_structure.name)
    if not structure:
        pass  # no structure, nothing to say about its representing (review3 1.6)
    elif v.mode is VoiceMode.COMPANY:
        who = "l'association" if case.subscriber.business_form is BusinessForm.ASSOCIATION \
            else "l'entreprise"
        notes.add(f"La structure qui vous accompagne ne peut pas représenter {who} "
                  "devant le tribunal judiciaire (Code de procédure civile, art. 762) : son "
                  "représentant légal signe et dépose la requête (ou un avocat).")
    else:
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
    notes.extend(missing_attempt_evidence(case, today))
    notes.extend(mediation_confidentiality(case, today))


def compose(r: Request) -> Letter:
    case, settings, today, notes, exhibit_ids = (
        r.case, r.settings, r.today, r.notes, r.exhibit_ids)
    v, identity = act_parties(r, SIGNER)
    op = identity.name
    kind = court_of(r)
    commerce = kind == TRIBUNAL_DE_COMMERCE
    totals = claim_totals(case)
    court = "Tribunal de commerce de …" if commerce else \
        "Tribunal judiciaire de … (tribunal de proximité de …, le cas échéant)"
    _court_notes(r, v, kind, totals)
    notes.add(f"Juridiction à compléter : « {court} ». La compétence territoriale (domicile, "
              "lieu d'exécution de la prestation) est à vérifier auprès du greffe.")
    if case.service_not_provided and case.contract.distance is not True:
        distance_note(case, notes)  # why LCEN art. 15 I is not cited (review2 5.2)
    amount, how = principal(case, today, notes)
    stated = amount != TO_FILL or bool(how)
    if not stated:
        notes.add("Aucun montant n'est chiffré : une demande en justice indique les sommes "
                  "demandées. Complétez le montant avant de déposer la requête.")
    body: list = [
        Heading("1. Juridiction saisie"),
        Paragraph.of(court),
        *claimant_blocks(case, v, notes),
        Heading("3. Défendeur"),
        bullets(_defendant(identity, notes)),
        Heading("4. Objet de la demande"),
        Paragraph.of(f"Demandes présentées au tribunal à l'encontre {de(op)} :"),
        # the heads of claim leave the sum to the total that follows (review3 1.4)
        bullets(demands(case, today, notes, to_operator=False, court=True,
                        amounts=not stated)),
        Paragraph.of(f"Montant total demandé en principal : {amount}."),
    ]
    if how:
        body.append(Paragraph.of(how))
    if not settlement(case, today).on_prorata:
        # a credit not deducted is said, as in the mise en demeure (review4 R3)
        body += credit_paragraphs(case, notes, today)
    body += [
        Paragraph.of(v.pick(f"Je demande au tribunal de condamner la société {op} à me payer "
                            f"la somme de {amount} en principal, ainsi qu'aux dépens.",
                            f"Nous demandons au tribunal de condamner la société {op} à nous "
                            f"payer la somme de {amount} en principal, ainsi qu'aux dépens.")),
        Heading("5. Exposé sommaire des motifs"),
        Paragraph.of(f"{v.pick('Je suis titulaire', 'Nous sommes titulaires')} auprès {de(op)} "
                     f"{contract_phrase(case, ids=True)}. L'opérateur n'a pas exécuté "
                     f"{breach_phrase(case, 'son obligation')}."),
        *grounds(case, v, today),
        *facts_paragraphs(case, v, act=True, notes=notes),
    ]
    steps = chronology(case, today, notes, to_operator=False, keep=is_step, voice=v)
    if steps is not None:
        body += [Paragraph.of("Chronologie des faits et des démarches :"), steps]
    body.append(Heading("6. Diligences entreprises en vue d'une résolution amiable"))
    attempt = prior_attempt(case, today) if not commerce else ""
    if attempt:
        body.append(Paragraph.of(attempt))
    amicable = amicable_steps(case, today, v)
    body.append(bullets(amicable) if amicable else Paragraph.of(TO_FILL))
    body += [
        Heading("7. Pièces sur lesquelles la demande est fondée"),
        Paragraph.of("Les pièces sont énumérées et numérotées ci-dessous ; elles sont jointes "
                     "en autant de copies que de personnes à convoquer."),
    ]
    if not commerce:
        body += [Heading("8. Procédure sans audience"),
                 Paragraph.of(v.pick("J'accepte", "Nous acceptons") +
                              " / " + v.pick("Je n'accepte pas", "Nous n'acceptons pas") +
                              " que la procédure se déroule sans audience (rayer la mention "
                              "inutile).")]
    subject = ("Demande en justice — éléments de la saisine du tribunal de commerce" if commerce
               else "Requête aux fins de saisine du tribunal judiciaire")
    return build_letter(case, settings, today, v, notes, to_operator=False,
                        recipient=["Greffe du " + court.split(" (")[0].replace("Tribunal",
                                                                            "tribunal"),
                                   ADDRESS_PLACEHOLDER],
                        subject=f"{subject} — {line(case.subscriber.name) or TO_FILL} "
                        f"contre {op}",
                        body=body, exhibit_ids=grounding_exhibits(case, exhibit_ids),
                        salutation="",
                        closing="", registered=False, followed=False)


SPEC = LetterSpec(LetterKind.COURT_REQUEST, "Greffe du tribunal (judiciaire, ou de commerce "
                  "pour une entreprise)", SIGNER, compose)

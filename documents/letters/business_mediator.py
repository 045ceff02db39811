"""The Médiateur des entreprises (issue 9, point 5): a business seizes it online, after a
month without a satisfactory answer from the operator. Its form asks the SIRET of both
parties, a non-generic e-mail address, a mobile number, the object of the dispute and a
commitment to confidentiality (LEGAL-2026-12, « Ce que l'app devrait changer », 3): this
fiche gathers them, with what the case does not hold left visible. Not posted."""

from __future__ import annotations

import re
from datetime import date

from dispute.directory import of_name
from dispute.letter_kinds import LetterKind
from dispute.model import BusinessForm, Case, DisputeNature
from documents.content import Align, Heading, Letter, Paragraph, Run, Table
from documents.letters.claims import (
    covered,
    prorata_credit_sentence,
    prorata_text,
    settlement,
    subject_natures,
)
from documents.letters.core import (
    TO_FILL,
    LetterSpec,
    Notes,
    Request,
    Signer,
    line,
    one_line_address,
    siret_text,
)
from documents.letters.frame import build_letter
from documents.letters.recipients import OperatorIdentity, operator_identity
from documents.letters.steps import chronology, grounding_exhibits, is_step
from documents.letters.voice import role_in_text, voice_of
from documents.mediator_checklist import missing_exhibits
from documents.money import claimed_text

SIGNER = Signer.SUBSCRIBER
GENERIC_MAILBOX = re.compile(r"^(contact|info|infos|accueil|bonjour|hello|admin|secretariat|"
                             r"direction|compta|comptabilite|office|mail|courrier)@",
                             re.IGNORECASE)
MOBILE = re.compile(r"^(?:\+33\s?|0)[67]")


def _mobile(case: Case, notes: Notes) -> str:
    phone = line(case.subscriber.phone)
    if phone and MOBILE.match(phone.replace(" ", "")):
        return phone
    notes.add("Le formulaire demande un numéro de mobile : celui du dossier n'en est pas un "
              "(ou manque).")
    return TO_FILL


def _email(case: Case, notes: Notes) -> str:
    email = line(case.subscriber.email)
    if email and not GENERIC_MAILBOX.match(email):
        return email
    notes.add("Le formulaire demande une adresse électronique nominative (pas « contact@ » ni "
              "« info@ ») : indiquez celle du représentant.")
    return TO_FILL + (f" (pas {email})" if email else "")


ASSOCIATION_TO_CHECK = (
    "À vérifier : le Médiateur des entreprises accepte les « associations employeuses » selon "
    "une source tierce seulement (zetwal.mq, 13 septembre 2021) ; vérifiez sur son site "
    "que l'association peut le saisir.")


def _address(case: Case, notes: Notes) -> str:
    address = one_line_address(case.subscriber.address)
    if not address:
        notes.add("Adresse de l'entreprise manquante : le formulaire demande l'adresse des deux "
                  "parties.")
    return address or TO_FILL


def _operator_address(identity: OperatorIdentity, notes: Notes) -> str:
    if identity.head_office:
        return f"{identity.name}, {identity.head_office_text} (siège social)"
    notes.add(f"Siège social {of_name(identity.name)} inconnu : le formulaire demande l'adresse "
              "du siège de l'opérateur (pas celle de son service clients) ; relevez-la sur une "
              "facture ou un extrait Kbis.")
    return TO_FILL


def _to_upload(case: Case) -> list:
    """The exhibits listed below are what is uploaded; what the dossier refers to and no
    exhibit holds is named, to add (review 12.2: no « contrat » announced when none is
    there)."""
    missing = missing_exhibits(case)
    text = "Pièces à téléverser avec la saisine : celles énumérées ci-dessous."
    if not case.exhibits:
        text = "Pièces à téléverser avec la saisine : aucune n'est encore dans le dossier."
    out = [Paragraph.of(text)]
    if missing:
        out.append(Paragraph.of("À ajouter, absentes des pièces du dossier : "
                                + " ; ".join(m[:1].lower() + m[1:] for m in missing) + "."))
    return out


def _at_stake(case: Case, today: date, notes: Notes) -> str:
    """The amount at stake: the invoice lines' net claim; without them, the prorata the
    letters claim (``claims.settlement``), the harm « à chiffrer » and the credits received
    (review3 5.2: « [à compléter] » beside a notice that quantified it)."""
    if case.invoice_lines:
        return claimed_text(case, notes)
    totals = settlement(case, today)
    harm = DisputeNature.LINE_OVERWRITTEN in case.natures
    if not totals.on_prorata:
        running = prorata_text(case, today, notes, running=True) if harm else None
        if running is None:
            return TO_FILL
        # a line still cut: the prorata to date, as the mise en demeure claims it (review4
        # R5: no amount left to fill, without its basis, when the letters state it)
        return (f"À ce jour {running[0]} (remboursement de l'abonnement au prorata, somme à "
                "parfaire jusqu'au rétablissement de la ligne) ; plus l'indemnisation du "
                "préjudice, à chiffrer")
    if covered(case, totals):
        return ("Indemnisation du préjudice, à chiffrer. "
                + prorata_credit_sentence(case, today, notes, report=True))
    found = prorata_text(case, today, notes)
    text = f"{found[0]} (remboursement de l'abonnement au prorata)" if found else TO_FILL
    return text + (" ; plus l'indemnisation du préjudice, à chiffrer" if harm else "")


def compose(r: Request) -> Letter:
    case, settings, today, notes, exhibit_ids = (
        r.case, r.settings, r.today, r.notes, r.exhibit_ids)
    v = voice_of(r, SIGNER)
    identity = operator_identity(case, notes, r.directory)
    sub = case.subscriber
    if not line(identity.siren):
        notes.add(f"SIRET {of_name(identity.name)} manquant : relevez-le sur une facture.")
    if not line(sub.siren):
        notes.add("SIRET de l'entreprise manquant : le formulaire l'exige.")
    rows = (
        ("Votre entreprise", f"{v.subscriber} — " + (siret_text(sub.siren) if line(sub.siren)
                                                     else f"SIRET : {TO_FILL}")),
        ("Adresse de votre entreprise", _address(case, notes)),
        ("Votre représentant", ", ".join(p for p in (line(sub.representative),
                                                     role_in_text(sub.representative_role))
                                         if p) or TO_FILL),
        ("Adresse électronique nominative", _email(case, notes)),
        ("Téléphone mobile", _mobile(case, notes)),
        ("L'entreprise avec qui vous êtes en litige", f"{identity.name} — " + (
            siret_text(identity.siren) if line(identity.siren)
            else f"SIRET : {TO_FILL}")),
        # the form asks for the operator's registered office, not a service's address
        ("Adresse de l'opérateur (siège social)", _operator_address(identity, notes)),
        # a form's field: the natures as nouns (« écrasement de ligne et facturation
        # erronée »), not the letters' phrases with their articles and clauses (fresh-eyes 32)
        ("Objet du litige", f"Litige avec un opérateur de communications électroniques : "
                            f"{subject_natures(case)}."),
        ("Montant en jeu", _at_stake(case, today, notes)),
        ("Engagement de confidentialité", "À accepter dans le formulaire : les échanges de la "
                                          "médiation restent confidentiels."),
    )
    body: list = [
        Paragraph.of("Cette fiche rassemble ce que demande le formulaire de saisine en ligne du "
                     "Médiateur des entreprises. Recopiez chaque rubrique ; les mentions "
                     f"« {TO_FILL} » sont à remplir avant l'envoi."),
    ]
    if sub.business_form is BusinessForm.ASSOCIATION:
        body.append(Paragraph.of(Run(ASSOCIATION_TO_CHECK, bold=True)))
        notes.add(ASSOCIATION_TO_CHECK)
    if any(n is not DisputeNature.BILLING for n in case.natures):
        notes.add("Selon l'Arcep, le Médiateur des entreprises est compétent pour les litiges "
                  "portant sur la facturation : vérifiez sur son site que votre litige entre "
                  "dans son champ.")
    body += [
        Table(header=("Rubrique du formulaire", "Pour ce dossier"), rows=rows,
              align=(Align.LEFT, Align.LEFT), widths=(1.2, 2.6)),
        Heading("Exposé du litige"),
    ]
    if line(case.summary):
        body.append(Paragraph.of(line(case.summary)))
    else:
        body.append(Paragraph.of(TO_FILL))
        notes.add("Résumé du litige manquant : le formulaire demande un exposé.")
    steps = chronology(case, today, notes, to_operator=False, keep=is_step,
                       voice=v, signer=v)
    if steps is not None:
        body += [Paragraph.of("Démarches déjà effectuées auprès de l'opérateur :"), steps]
    body += _to_upload(case)
    notes.add("Le Médiateur des entreprises se saisit en ligne, sur son site : cette fiche "
              "prépare la saisine, elle ne s'envoie pas.")
    return build_letter(case, settings, today, v, notes, to_operator=False, recipient=[],
                        subject=f"Fiche de saisine du Médiateur des entreprises — litige avec "
                        f"{identity.name}",
                        body=body, exhibit_ids=grounding_exhibits(case, exhibit_ids),
                        salutation="", closing="",
                        registered=False, signed=False, form=True)


SPEC = LetterSpec(LetterKind.BUSINESS_MEDIATOR, "Médiateur des entreprises (formulaire en "
                  "ligne)", SIGNER, compose, postal=False)

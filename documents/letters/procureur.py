"""6c. The complaint to the procureur de la République, a last resort, signed by the
subscriber (seeds/003)."""

from __future__ import annotations

from dispute.letter_kinds import LetterKind
from dispute.model import Case
from documents.content import BulletList, Letter, Paragraph, Run
from documents.letters.claims import contract_phrase, facts_paragraphs, subject_natures
from documents.letters.amicable import mediation_confidentiality
from documents.letters.core import (
    ADDRESS_PLACEHOLDER,
    TO_FILL,
    LetterSpec,
    Request,
    Signer,
    bullets,
    one_line_address,
)
from documents.letters.frame import build_letter
from documents.letters.recipients import act_parties, identity_details
from documents.letters.steps import chronology, grounding_exhibits
from documents.letters.voice import Voice, by, natural_persons
from documents.text import in_sentence, paragraphs

SIGNER = Signer.SUBSCRIBER


NO_OFFENCE = (
    "Une plainte pénale suppose une infraction précise (par exemple une pratique commerciale "
    "trompeuse) : un litige contractuel relève du juge civil (requête au tribunal), et une "
    "plainte sans infraction est classée sans suite. Choisissez l'infraction dans le dossier, "
    "après avoir lu l'avertissement, pour préparer ce courrier.")
WARNING = (
    "Attention : la plainte n'obtient ni remboursement ni indemnisation par elle-même ; "
    "dénoncer des faits que l'on sait inexacts est sanctionné pénalement. Faites-la relire "
    "si l'infraction retenue n'est pas certaine.")


CONSTITUTIVE_FACTS = (
    "[à compléter : quelle allégation ou quelle pratique de l'opérateur, à quelle date, sur "
    "quel support (publicité, contrat, site internet, appel d'un vendeur), et en quoi elle "
    "répond à l'infraction retenue]")
"""Printed where the user's facts go while they are not written (review 9.1: a complaint
that only recounts a contractual dispute would be dismissed); the engine then says the
complaint is premature."""
FACTS_NOTE = (
    "Les faits constitutifs de l'infraction ne sont pas rédigés : décrivez-les avec "
    "l'infraction (bouton « Modifier l'infraction » de l'onglet Courriers) avant d'envoyer la "
    "plainte. L'infraction choisie ne suffit pas, il faut dire quels faits la constituent "
    "(quelle allégation ou pratique, quand, sur quel support) ; sinon la plainte sera classée.")


PROCUREUR_LINES = ("Procureur de la République", f"Tribunal judiciaire de {TO_FILL}",
                   ADDRESS_PLACEHOLDER)


def civil_status(case: Case, v: Voice) -> list:
    """The complainant's état civil, to fill in (review 2, 16.1: the parquet asks the date
    and place of birth and the profession of each natural person who complains; a company
    is identified by its sender block)."""
    persons = natural_persons(case, v)
    if not persons:
        return []
    address = one_line_address(case.subscriber.address) or TO_FILL

    def mentions(name: str) -> BulletList:
        return bullets([f"Nom et prénoms : {name}",
                        f"Date et lieu de naissance : {TO_FILL}",
                        f"Nationalité : {TO_FILL}",
                        f"Profession : {TO_FILL}",
                        f"Domicile : {address}"])

    if len(persons) == 1:
        return [Paragraph.of("Mon état civil :"), mentions(persons[0])]
    out: list = [Paragraph.of("Notre état civil :")]
    for rank, name in zip(("Premier plaignant :", "Second plaignant :"), persons):
        out += [Paragraph.of(rank), mentions(name)]
    return out


def compose(r: Request) -> Letter:
    case, settings, today, notes, exhibit_ids = (
        r.case, r.settings, r.today, r.notes, r.exhibit_ids)
    v, identity = act_parties(r, SIGNER)
    op = identity.name
    details = identity_details(identity)
    against = f"la société {op}" + (f" ({details})" if details else "")
    notes.add("Destinataire à compléter : la ville du tribunal judiciaire et son adresse "
              f"(« Tribunal judiciaire de {TO_FILL} », « {ADDRESS_PLACEHOLDER} »).")
    notes.add("La plainte au procureur de la République est le dernier recours, par lettre "
              "recommandée avec accusé de réception rappelant toutes les démarches (seeds/003).")
    offence = in_sentence(case.offence)  # « pratique commerciale trompeuse » (review 9.1)
    if not offence:
        notes.add(NO_OFFENCE)
    notes.add(WARNING)
    notes.extend(mediation_confidentiality(case, today))
    stated = paragraphs(case.offence_facts)  # the user's own words, never completed
    if not stated:
        notes.add(FACTS_NOTE)
    qualified = (f"pour des faits susceptibles de recevoir la qualification de {offence}, "
                 "exposés ci-après" if offence else "pour les faits exposés ci-après "
                 "[infraction à préciser]")
    intro = by(v,
               f"J'ai l'honneur de porter plainte contre {against}, auprès de laquelle je "
               f"suis titulaire {contract_phrase(case)}, {qualified}.",
               f"{v.entity}, {v.subscriber}, a l'honneur de porter plainte contre {against}, "
               f"auprès de laquelle elle est titulaire {contract_phrase(case)}, "
               f"{qualified}.",
               "",
               f"Nous avons l'honneur de porter plainte contre {against}, auprès de "
               f"laquelle nous sommes titulaires {contract_phrase(case)}, {qualified}.")
    body: list = [Paragraph.of(intro), *civil_status(case, v),
                  Paragraph.of(Run("Faits constitutifs de l'infraction :", bold=True)),
                  *[Paragraph.of(text) for text in stated or [CONSTITUTIVE_FACTS]],
                  *facts_paragraphs(case, v, act=True, notes=notes)]
    steps = chronology(case, today, notes, to_operator=False, limit=None, voice=v)
    if steps is not None:
        body += [Paragraph.of(v.pick(
            "Voici, dans l'ordre, les faits et mes démarches, restées sans résultat :",
            "Voici, dans l'ordre, les faits et nos démarches, restées sans résultat :")),
            steps]
    else:
        notes.add("Aucune démarche datée n'est enregistrée : la plainte doit rappeler toutes les "
                  "démarches accomplies (seeds/003).")
    # no « montant contesté »: the complaint claims nothing (review 9.1)
    body.append(Paragraph.of(v.pick(
        "Vous trouverez ci-joint les pièces justificatives énumérées ci-dessous. Je reste à "
        "votre disposition pour tout renseignement complémentaire. Je vous remercie de "
        "m'informer des suites données à ma plainte.",
        "Vous trouverez ci-joint les pièces justificatives énumérées ci-dessous. Nous restons à "
        "votre disposition pour tout renseignement complémentaire. Nous vous remercions de "
        "nous informer des suites données à notre plainte.")))
    who = "Madame, Monsieur le Procureur de la République"
    return build_letter(
        case, settings, today, v, notes, to_operator=False,
        recipient=list(PROCUREUR_LINES),
        subject=f"Plainte contre la société {op} — "
        f"{subject_natures(case)}",
        body=body, exhibit_ids=grounding_exhibits(case, exhibit_ids), salutation=f"{who},",
        closing=v.closing(who, high=True), followed=False)


SPEC = LetterSpec(LetterKind.PROCUREUR, "Procureur de la République (tribunal judiciaire)",
                  SIGNER, compose)

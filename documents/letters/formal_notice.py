"""6a. The formal notice (mise en demeure) to the operator, once its levels have failed; the
subscriber signs it."""

from __future__ import annotations

from dispute.directory import of_name
from dispute.model import BusinessForm, Case, DisputeNature, EventKind
from dispute.letter_kinds import LetterKind
from documents.content import Letter, Paragraph, Run
from documents.letters.claims import (
    commitment_blocks,
    contract_phrase,
    credit_paragraphs,
    demands,
    facts_paragraphs,
    obligations,
    strict_liability,
    subject_natures,
)
from documents.letters.core import (
    TO_FILL,
    LetterSpec,
    Notes,
    Request,
    Signer,
    bullets,
    line,
    one_line_address,
    period_fr,
    siret_text,
)
from documents.letters.frame import build_letter
from documents.letters.recipients import best_operator_recipient, checked, operator_identity
from documents.letters.steps import chronology, operator_exchange
from documents.letters.voice import Voice, civil_name, operator_name, role_in_text, voice_of
from documents.text import NBSP

SIGNER = Signer.SUBSCRIBER


def compose(r: Request) -> Letter:
    case, assessment, settings, today, notes, exhibit_ids = (
        r.case, r.assessment, r.settings, r.today, r.notes, r.exhibit_ids)
    v = voice_of(r, SIGNER)
    op = operator_name(case, notes)
    days = settings.formal_notice_days
    who = parties_phrase(case, v, notes)
    intro = f"La présente lettre vaut mise en demeure. Elle vous est adressée par {who}."
    body: list = [Paragraph.of(intro), *facts_paragraphs(case, v, act=True)]
    steps = chronology(case, today, notes, to_operator=True, keep=operator_exchange)
    if steps is not None:
        body += [Paragraph.of(v.pick("Mes démarches amiables sont restées sans effet :",
                                     "Nos démarches amiables sont restées sans effet :")), steps]
    period = ""
    outage = next((e for e in case.events_in_order() if e.kind is EventKind.OUTAGE
                   and e.date is not None and e.date <= today), None)
    if outage is not None and case.natures and set(case.natures) & {
            DisputeNature.OUTAGE, DisputeNature.LINE_OVERWRITTEN}:
        end = outage.end_date if outage.end_date and outage.end_date <= today else None
        period = f", notamment {period_fr(outage.date, end)}"
    duties = " et de ".join(obligations(case))
    body.append(Paragraph.of(
        f"Vous n'avez pas exécuté votre obligation contractuelle de {duties}{period}."))
    body += commitment_blocks(case, v, notes, to_operator=True)
    body += strict_liability(case, notes)
    body += [
        Paragraph.of(
            v.pick("En conséquence, ", "En conséquence, "),
            Run(v.pick("je vous mets en demeure", "nous vous mettons en demeure"), bold=True),
            f" de satisfaire, dans un délai de {days}{NBSP}jours à compter de la réception de "
            "la présente lettre, aux demandes suivantes :"),
        bullets(demands(case, today, notes, to_operator=True)),
    ]
    body += credit_paragraphs(case, notes)
    mediator_first = (not case.is_business and assessment.mediator.open)
    if mediator_first:
        after = v.pick(
            "À défaut, je saisirai sans autre avis le Médiateur des communications "
            "électroniques puis, le cas échéant, la juridiction compétente afin d'obtenir "
            "l'exécution de vos obligations et la réparation de mon préjudice.",
            "À défaut, nous saisirons sans autre avis le Médiateur des communications "
            "électroniques puis, le cas échéant, la juridiction compétente afin d'obtenir "
            "l'exécution de vos obligations et la réparation de notre préjudice.")
    else:
        after = v.pick(
            "À défaut, je saisirai sans autre avis la juridiction compétente afin d'obtenir "
            "l'exécution de vos obligations et la réparation de mon préjudice. Je me réserve "
            "en outre de signaler ces faits à la DGCCRF.",
            "À défaut, nous saisirons sans autre avis la juridiction compétente afin d'obtenir "
            "l'exécution de vos obligations et la réparation de notre préjudice. Nous nous "
            "réservons en outre de signaler ces faits à la DGCCRF.")
    body.append(Paragraph.of(after))
    notes.add(f"Le délai de {days} jours de la mise en demeure est un choix de l'expéditeur "
              "(réglages des courriers), pas un délai légal.")
    if mediator_first:
        notes.add("Le Médiateur des communications électroniques peut encore être saisi "
                  "(gratuit) : la mise en demeure est une étape de dernier recours (seeds/003).")
    identity = operator_identity(case, notes, r.directory)
    if case.is_business and identity.head_office:
        # a business's formal notice goes to the siège (review 5.4), a copy to the service
        recipient = checked([op, "Siège social", *identity.head_office], notes,
                            "du siège social")
        notes.add("Pour une entreprise, la mise en demeure est adressée au siège social de "
                  "l'opérateur ; une copie peut être envoyée au service clients.")
    else:
        recipient = best_operator_recipient(case, notes)
        if identity.head_office:
            notes.add(f"Une copie peut être adressée au siège social {of_name(op)} : "
                      f"{identity.head_office_text}.")
        else:
            notes.add(f"Une mise en demeure peut aussi être adressée au siège social "
                      f"{of_name(op)} (adresse non renseignée : relevez-la sur le contrat, une "
                      "facture ou un extrait Kbis).")
    return build_letter(case, settings, today, v, notes,
                        recipient=recipient,
                        subject=f"Mise en demeure — {subject_natures(case)}",
                        body=body, exhibit_ids=exhibit_ids)


def parties_phrase(case: Case, v: Voice, notes: Notes) -> str:
    """Who sends the formal notice, as a jurist names a party: « Madame Claire Fontaine,
    demeurant … », « la société Menuiserie Rivaud SARL (SIRET …), dont le siège est situé …,
    représentée par … », « Élise Marchand, exerçant en entreprise individuelle sous le nom
    commercial « Salon Élise Coiffure » (SIREN …), dont l'établissement est situé … »."""
    sub = case.subscriber
    contract = f"{v.holder} auprès de votre société {contract_phrase(case)}"
    address = one_line_address(sub.address)
    siren = f" ({siret_text(sub.siren)})" if line(sub.siren) else ""
    if case.is_business and not line(sub.siren):
        notes.add("SIREN ou SIRET de l'entreprise manquant : ajoutez-le au dossier, il "
                  "identifie la partie qui met en demeure.")
    represented = ""
    if line(sub.representative):
        role = f", {role_in_text(sub.representative_role)}" \
            if line(sub.representative_role) else ""
        represented = f", représentée par {line(sub.representative)}{role}"
    if case.is_business and sub.business_form is BusinessForm.SOLE_TRADER:
        person = line(sub.representative) or TO_FILL
        who = (f"{person}, exerçant en entreprise individuelle sous le nom commercial "
               f"« {v.subscriber} »{siren}")
        if address:
            who += f", dont l'établissement est situé {address}"
        return f"{who}, {contract}"
    if case.is_business:
        noun = "l'association" if sub.business_form is BusinessForm.ASSOCIATION else \
            "la société" if sub.business_form in (None, BusinessForm.COMPANY) else "l'entreprise"
        who = f"{noun} {v.subscriber}{siren}, {contract}"
        if address:
            who += f", dont le siège est situé {address}"
        return who + represented
    who = civil_name(case, v.subscriber)
    if address:
        who += f", {'demeurant' if not v.several else 'demeurant ensemble'} {address}"
    return f"{who}, {contract}"


SPEC = LetterSpec(LetterKind.FORMAL_NOTICE, "Opérateur (service consommateurs, sinon service "
                  "clients)", SIGNER, compose)

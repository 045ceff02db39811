"""6a. The formal notice (mise en demeure) to the operator, once its levels have failed; the
subscriber signs it."""

from __future__ import annotations

from dispute.directory import of_name
from dispute.model import Case, DisputeNature, EventKind
from dispute.procedure import Assessment
from dispute.letter_kinds import LetterKind
from documents.content import Letter, Paragraph, Run
from documents.letters.availability import amicable_failed, written_operator_complaints
from documents.letters.claims import (
    commitment_blocks,
    contract_phrase,
    demands,
    facts_paragraphs,
    obligations,
    subject_natures,
)
from documents.letters.core import (
    LetterSpec,
    Request,
    Signer,
    bullets,
    line,
    one_line_address,
    period_fr,
    siret_text,
)
from documents.letters.frame import build_letter
from documents.letters.recipients import best_operator_recipient
from documents.letters.steps import chronology, operator_exchange
from documents.letters.voice import VoiceMode, operator_name, voice_of
from documents.text import NBSP

SIGNER = Signer.SUBSCRIBER


def availability(case: Case, a: Assessment) -> tuple[bool, str]:
    if not written_operator_complaints(case):
        return False, ("Aucune réclamation écrite à l'opérateur n'est enregistrée : une mise en "
                       "demeure suppose l'échec des démarches écrites.")
    if not amicable_failed(case, a):
        return False, "Les démarches auprès de l'opérateur ne sont pas encore en échec."
    return True, ("Les démarches écrites auprès de l'opérateur ont échoué : une mise en demeure "
                  "est possible avant une action en justice.")


def compose(r: Request) -> Letter:
    case, assessment, settings, today, notes, exhibit_ids = (
        r.case, r.assessment, r.settings, r.today, r.notes, r.exhibit_ids)
    v = voice_of(r, SIGNER)
    op = operator_name(case, notes)
    days = settings.formal_notice_days
    sub = case.subscriber
    if v.mode is VoiceMode.COMPANY:
        who = f"la société {v.subscriber}"
        if line(sub.siren):
            who += f" ({siret_text(sub.siren)})"
        who += f", titulaire auprès de votre société {contract_phrase(case)}"
        if not sub.address.is_empty():
            who += f", dont le siège est situé {one_line_address(sub.address)}"
        if line(sub.representative):
            role = f", {line(sub.representative_role).lower()}" \
                if line(sub.representative_role) else ""
            who += f", représentée par {line(sub.representative)}{role}"
    else:
        who = v.subscriber
        if not sub.address.is_empty():
            who += f", demeurant {one_line_address(sub.address)}"
        who += f", titulaire auprès de votre société {contract_phrase(case)}"
    intro = f"La présente lettre vaut mise en demeure. Elle vous est adressée par {who}."
    body: list = [Paragraph.of(intro), *facts_paragraphs(case)]
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
    body += [
        Paragraph.of(
            v.pick("En conséquence, ", "En conséquence, "),
            Run(v.pick("je vous mets en demeure", "nous vous mettons en demeure"), bold=True),
            f" de satisfaire, dans un délai de {days}{NBSP}jours à compter de la réception de "
            "la présente lettre, aux demandes suivantes :"),
        bullets(demands(case, today, notes, to_operator=True)),
    ]
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
    notes.add(f"Une mise en demeure peut aussi être adressée au siège social {of_name(op)} "
              "(adresse non fournie par l'annuaire : relevez-la sur le contrat ou une facture).")
    return build_letter(case, settings, today, v, notes, recipient=best_operator_recipient(case, notes),
                   subject=f"Mise en demeure — {subject_natures(case)}",
                   body=body, exhibit_ids=exhibit_ids)


SPEC = LetterSpec(LetterKind.FORMAL_NOTICE, "Opérateur (service consommateurs, sinon service "
                  "clients)", SIGNER, availability, compose)

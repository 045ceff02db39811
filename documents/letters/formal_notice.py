"""6a. The formal notice (mise en demeure) to the operator, once its levels have failed; the
subscriber signs it."""

from __future__ import annotations

import copy

from dispute.calendar import add_days, format_date_fr
from dispute.directory import of_name
from dispute.model import BusinessForm, Case, DisputeNature, EventKind
from dispute.letter_kinds import LetterKind
from dispute.procedure.notice_terms import Announced, announced_step
from dispute.procedure.results import LetterState
from dispute.outages import first_outage
from dispute.portability import porting_delay
from documents.content import Letter, Paragraph, Run
from documents.letters.claims import (
    commitment_blocks,
    contract_phrase,
    credit_paragraphs,
    demands,
    facts_paragraphs,
    breach_phrase,
    distance_note,
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
    siret_text,
)
from documents.letters.frame import build_letter
from documents.letters.recipients import best_operator_recipient, checked, operator_identity
from documents.letters.steps import chronology, exchange_or_mediation
from documents.letters.voice import (
    Voice,
    civil_name,
    company_named,
    operator_name,
    role_in_text,
    voice_of,
)
from documents.text import NBSP, outage_text

SIGNER = Signer.SUBSCRIBER

POST_DAYS = 5
"""Days for the notice to reach the operator, added to its delay when it is weighed against the
mediator's one-year limit (review 5.1)."""

SERVICE_NATURES = frozenset({DisputeNature.OUTAGE, DisputeNature.LINE_OVERWRITTEN,
                             DisputeNature.MISSING_SERVICE, DisputeNature.TRANSFER_ON_MOVE})
"""Natures where the operator did not provide the service: the result obligation applies."""

CONTRACT_DUTY = ("Votre société est tenue de fournir le service prévu au contrat et répond de "
                 "son inexécution.")
"""For a contract not concluded at a distance, or not said: the contract itself, without
LCEN art. 15 I (review2 5.2)."""

RESULT_OBLIGATION = (
    "Votre société est tenue d'une obligation de résultat et répond de plein droit de la bonne "
    "exécution du contrat (loi n° 2004-575 du 21 juin 2004 pour la confiance dans l'économie "
    "numérique, art. 15, I ; Cour de cassation, 1re chambre civile, 19 novembre 2009).")
"""LEGAL-2026-12 § 4.2 (B): the access provider's result obligation, for a private subscriber;
a business's letter cites ``claims.STRICT_LIABILITY`` instead."""


def compose(r: Request) -> Letter:
    case, assessment, settings, today, notes, exhibit_ids = (
        r.case, r.assessment, r.settings, r.today, r.notes, r.exhibit_ids)
    v = voice_of(r, SIGNER)
    op = operator_name(case, notes)
    days = settings.formal_notice_days
    who = parties_phrase(case, v, notes)
    intro = f"La présente lettre vaut mise en demeure. Elle vous est adressée par {who}."
    body: list = [Paragraph.of(intro), *facts_paragraphs(case, v, act=True, notes=notes)]
    # voice: the subscriber's own position on the opinion in her words, « J'ai refusé
    # l'avis du médiateur » (review4 R4: « … par l'abonné » for Madame)
    steps = chronology(case, today, notes, to_operator=True, keep=exchange_or_mediation,
                       voice=v, signer=v)
    if steps is not None:
        body += [Paragraph.of(v.pick("Mes démarches amiables sont restées sans effet :",
                                     "Nos démarches amiables sont restées sans effet :")), steps]
    period = ""
    outage = first_outage(case, today)
    if outage is not None and case.natures and set(case.natures) & {
            DisputeNature.OUTAGE, DisputeNature.LINE_OVERWRITTEN}:
        period = f", {outage_text(outage)}"  # never « notamment »: which other period? (5.3)
    body += breach_paragraphs(case, v, today, period)
    body += commitment_blocks(case, v, notes, to_operator=True)
    body += strict_liability(case, notes)
    if not case.is_business and set(case.natures) & SERVICE_NATURES:
        # the useful ground for a private subscriber too (review 5.8; LEGAL-2026-12 § 4.2, B),
        # for a contract concluded at a distance only: LCEN art. 15 I (review2 5.2)
        if case.contract.distance is True:
            body.append(Paragraph.of(RESULT_OBLIGATION))
        else:
            distance_note(case, notes)
            body.append(Paragraph.of(CONTRACT_DUTY))
    body += [
        Paragraph.of(
            v.pick("En conséquence, ", "En conséquence, "),
            Run(v.pick("je vous mets en demeure", "nous vous mettons en demeure"), bold=True),
            f" de satisfaire, dans un délai de {days}{NBSP}jours à compter de la réception de "
            "la présente lettre, aux demandes suivantes :"),
        bullets(demands(case, today, notes, to_operator=True)),
    ]
    body += credit_paragraphs(case, notes, today)
    latest = assessment.mediator.latest
    closes_first = (not case.is_business and assessment.mediator.open and latest is not None
                    and latest < add_days(today, days + POST_DAYS))
    # the step announced « à défaut »: the engine's function, which its decisions read once
    # the notice is recorded (review 6, N1)
    step = announced_of(r, closes_first)
    mediator_first = step in (Announced.MEDIATOR, Announced.MEDIATOR_PARALLEL) \
        and assessment.mediator.open
    if step is Announced.MEDIATOR_PARALLEL:
        # the notice's delay would outlast the mediator's one-year limit (review 5.1): the
        # mediator is seized now, in parallel, never « after » the delay
        left = (latest - today).days
        notes.add(f"Le médiateur doit être saisi au plus tard le {format_date_fr(latest)} "
                  f"(dans {left} jour{'s' if left > 1 else ''}) : saisissez-le d'abord, en "
                  f"ligne. Une mise en demeure de {days} jours le laisserait se fermer ; ce "
                  "courrier annonce donc sa saisine en parallèle.")
        after = v.pick(
            "Je saisis parallèlement le Médiateur des communications électroniques. À défaut "
            "d'exécution dans ce délai, je saisirai la juridiction compétente afin d'obtenir "
            "l'exécution de vos obligations et la réparation de mon préjudice.",
            "Nous saisissons parallèlement le Médiateur des communications électroniques. À "
            "défaut d'exécution dans ce délai, nous saisirons la juridiction compétente afin "
            "d'obtenir l'exécution de vos obligations et la réparation de notre préjudice.")
    elif mediator_first:
        after = v.pick(
            "À défaut, je saisirai sans autre avis le Médiateur des communications "
            "électroniques puis, le cas échéant, la juridiction compétente afin d'obtenir "
            "l'exécution de vos obligations et la réparation de mon préjudice.",
            "À défaut, nous saisirons sans autre avis le Médiateur des communications "
            "électroniques puis, le cas échéant, la juridiction compétente afin d'obtenir "
            "l'exécution de vos obligations et la réparation de notre préjudice.")
    else:
        # « se réserver le droit de » (review 5.5); a business signals to the regulator, whose
        # platform takes businesses' reports (DOMAIN: J'alerte l'Arcep)
        where = ("à l'Arcep (plateforme « J'alerte l'Arcep »)" if case.is_business
                 else "à la DGCCRF")
        first = free_route_words(step, v)
        # after « solliciterons l'intervention de la CPME », « la juridiction » would read as
        # a second object of « solliciter »: the verb is said again (review5 7)
        court = (v.pick(", puis, le cas échéant, je saisirai la juridiction compétente",
                        ", puis, le cas échéant, nous saisirons la juridiction compétente")
                 if "solliciter" in first else " puis, le cas échéant, la juridiction compétente")
        seize = (f"{first}{court}" if first else
                 v.pick("je saisirai sans autre avis la juridiction compétente",
                        "nous saisirons sans autre avis la juridiction compétente"))
        after = v.pick(
            f"À défaut, {seize} afin d'obtenir l'exécution de vos obligations et la réparation "
            f"de mon préjudice. Je me réserve en outre le droit de signaler ces faits {where}.",
            f"À défaut, {seize} afin d'obtenir l'exécution de vos obligations et la réparation "
            "de notre préjudice. Nous nous réservons en outre le droit de signaler ces faits "
            f"{where}.")
    body.append(Paragraph.of(after))
    notes.add(f"Le délai de {days} jours de la mise en demeure est un choix de l'expéditeur "
              "(réglages des courriers), pas un délai légal.")
    if mediator_first and step is Announced.MEDIATOR:
        notes.add("Le Médiateur des communications électroniques peut encore être saisi "
                  "(gratuit) : la mise en demeure est une étape de dernier recours (seeds/003).")
    elif not case.is_business and assessment.mediator.opens_on is not None and \
            assessment.mediator.opens_on > today:
        # the free routes come first for a private subscriber (review 5.9)
        notes.add("Possible, mais les voies gratuites viennent d'abord : le service "
                  "consommateurs, puis le Médiateur des communications électroniques, qui pourra "
                  f"être saisi à partir du {format_date_fr(assessment.mediator.opens_on)}.")
    identity = operator_identity(case, notes, r.directory, siren=False)
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


def announced_of(r: Request, closes_first: bool) -> Announced:
    """The step this mise en demeure announces, by the engine's own function (the decision
    recorded after it names the same step: review 6, N1)."""
    assessment = r.assessment

    def state(kind: str) -> LetterState | None:
        decision = assessment.letter(kind)
        return decision.state if decision is not None else None

    return announced_step(r.case.is_business, assessment.mediator, assessment.cpme,
                          closes_first, state)


def free_route_words(step: Announced, v: Voice) -> str:
    """The free route the notice announces before the judge (« je saisirai le Médiateur des
    communications électroniques », « nous saisirons le Médiateur des entreprises ou
    solliciterons l'intervention de la CPME auprès de votre siège »), "" for the court: for a
    claim of 5 000 € or less the tribunal judiciaire wants a prior amicable attempt (C.P.C.
    750-1, LEGAL-2026-12 § 3.1, B), and the other letters announce that route (review3 2.2,
    2.3)."""
    if step in (Announced.MEDIATOR, Announced.MEDIATOR_PARALLEL):
        return v.pick("je saisirai le Médiateur des communications électroniques",
                      "nous saisirons le Médiateur des communications électroniques")
    text = v.pick("je saisirai le Médiateur des entreprises",
                  "nous saisirons le Médiateur des entreprises") \
        if step in (Announced.BUSINESS_MEDIATOR, Announced.BUSINESS_MEDIATOR_OR_CPME) else ""
    if step in (Announced.CPME, Announced.BUSINESS_MEDIATOR_OR_CPME):
        ask = v.pick("solliciterai l'intervention de la CPME auprès de votre siège",
                     "solliciterons l'intervention de la CPME auprès de votre siège")
        text = f"{text} ou {ask}" if text else v.pick("je ", "nous ") + ask
    return text


def parties_phrase(case: Case, v: Voice, notes: Notes) -> str:
    """Who sends the formal notice, as a jurist names a party: « Madame Claire Fontaine,
    demeurant … », « la société Menuiserie Rivaud SARL (SIRET …), dont le siège est situé …,
    titulaire auprès de votre société du contrat …, représentée par … », « Élise Marchand, exerçant en entreprise individuelle sous le nom
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
        # the identity and the siège first: « dont le siège » never reads as the contract's
        # (review 5.3); then the contract, the company's; the representative last, so that
        # « gérant, titulaire … » never makes him the holder (review5 8)
        who = company_named(case, v.subscriber)
        if address:
            who += f", dont le siège est situé {address}"
        return f"{who}, {contract}{represented}"
    who = civil_name(case, v.subscriber)
    if address:
        who += f", {'demeurant' if not v.several else 'demeurant ensemble'} {address}"
    return f"{who}, {contract}"


SPEC = LetterSpec(LetterKind.FORMAL_NOTICE, "Opérateur (service consommateurs, sinon service "
                  "clients)", SIGNER, compose)


def breach_paragraphs(case: Case, v, today, period: str) -> list[Paragraph]:
    """« Vous n'avez pas exécuté votre obligation contractuelle de … ». A number ported late is
    not an obligation left unperformed (the operator did port it): the breach is the delay,
    said with its dates (review3 3.2; CPCE D.406-18, LEGAL-2026-12 § 4.1, B)."""
    delay = (porting_delay(case, today)
             if DisputeNature.PORTABILITY in case.natures else None)
    if delay is None or delay.ported_on is None or not delay.late:
        return [Paragraph.of(f"Vous n'avez pas exécuté "
                             f"{breach_phrase(case, 'votre obligation contractuelle')}{period}.")]
    out = []
    others = [n for n in case.natures if n is not DisputeNature.PORTABILITY]
    if others:
        rest = copy.copy(case)
        rest.natures = others
        out.append(Paragraph.of(f"Vous n'avez pas exécuté "
                                f"{breach_phrase(rest, 'votre obligation contractuelle')}"
                                f"{period}."))
    out.append(Paragraph.of(
        f"Vous n'avez pas réalisé la portabilité de {v.pick('mon', 'notre')} numéro dans le délai "
        "d'un jour ouvrable (code des postes et des communications électroniques, "
        f"art. D.406-18) : demandée le {format_date_fr(delay.requested_on)}, elle n'est "
        f"intervenue que le {format_date_fr(delay.ported_on)}."))
    return out

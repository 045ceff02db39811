"""2. The registered letter to the operator's service consommateurs, once the service
clients has failed (no answer within a month, or an unsatisfactory one; seeds/001)."""

from __future__ import annotations

from datetime import date

from dispute.calendar import format_date_fr
from dispute.model import Case, EventKind
from dispute.procedure import FIRST_LEVEL, UNSATISFIED, Assessment, is_written, sent_on
from dispute.procedure.notice_terms import cpme_covered as route_cpme_covered
from dispute.letter_kinds import LetterKind
from documents.content import Letter, Paragraph, Run
from documents.letters.claims import (
    commitment_blocks,
    contract_phrase,
    credit_paragraphs,
    demands,
    facts_paragraphs,
    natures_text,
    strict_liability,
    subject_natures,
)
from documents.letters.core import (
    ADDRESS_PLACEHOLDER,
    LetterSpec,
    Notes,
    Request,
    Signer,
    bullets,
    dates_fr,
    line,
    to_phrase,
)
from documents.letters.frame import build_letter
from documents.letters.recipients import checked, operator_recipient
from documents.letters.senders import whose
from documents.letters.steps import SUMMARY_BELOW, chronology, operator_exchange
from documents.letters.voice import (
    Voice,
    VoiceMode,
    business_remedies,
    by,
    holder_opening,
    operator_name,
    voice_of,
)

SIGNER = Signer.SUBSCRIBER_OR_STRUCTURE


def cpme_covered(assessment: Assessment) -> bool:
    """Whether a letter may promise the CPME's intervention (the engine's reading,
    ``notice_terms.cpme_covered``: seeds/000; review2 15.1)."""
    return route_cpme_covered(assessment.cpme)


def _first_level_status(case: Case, today: date, v: Voice) -> str:
    """One sentence on where the service clients left the complaint: unanswered since a
    dated letter, or an unsatisfactory answer on a date."""
    events = [e for e in case.events_in_order() if sent_on(e) is not None
              and sent_on(e) <= today and e.counterpart in FIRST_LEVEL]
    complaints = [e for e in events if e.kind in (
        EventKind.CALL, EventKind.LETTER, EventKind.REGISTERED_LETTER, EventKind.EMAIL,
        EventKind.CHAT, EventKind.SHOP_VISIT, EventKind.OTHER) and e.direction.value == "outgoing"]
    answers = [e for e in events if e.kind is EventKind.ANSWER]
    last_answer = answers[-1] if answers else None
    written = [c for c in complaints if is_written(c)]
    last_complaint = (written or complaints or [None])[-1]
    if last_answer is not None and (last_complaint is None
                                    or sent_on(last_answer) >= sent_on(last_complaint)):
        when = format_date_fr(sent_on(last_answer))
        if last_answer.outcome in UNSATISFIED:
            return by(v, f"La réponse de votre service clients du {when} ne me donne pas "
                          "satisfaction.",
                       f"La réponse de votre service clients du {when} ne nous donne pas "
                       "satisfaction.",
                       f"La réponse de votre service clients du {when} ne donne pas "
                       f"satisfaction à {v.member}.",
                       f"La réponse de votre service clients du {when} ne nous donne pas "
                       "satisfaction.")
        return ""
    if last_complaint is None:
        return ""
    if not written:
        # only calls or visits: never called « réclamation » as if written (review 2.3)
        days = [sent_on(c) for c in complaints if c.kind is EventKind.CALL]
        refs = list(dict.fromkeys(line(c.reference) for c in complaints if line(c.reference)))
        if days:
            dates = dates_fr(days)
            ref = f" (réf. {', '.join(refs)})" if refs else ""
            calls = f"{'mes' if v.mode is VoiceMode.PERSON else 'nos'} appels" \
                if v.mode is not VoiceMode.STRUCTURE else f"aux appels de {v.member}"
            calls = calls if v.mode is VoiceMode.STRUCTURE else f"à {calls}"
            plural = len(set(days)) > 1
            return (f"À ce jour, votre service clients n'a pas donné suite {calls} "
                    f"{'des' if plural else 'du'} {dates}{ref}.")
    when = format_date_fr(sent_on(last_complaint))
    what = "lettre recommandée" if last_complaint.kind is EventKind.REGISTERED_LETTER else (
        "réclamation")
    received = ""
    reg = last_complaint.registered
    if reg is not None and reg.received_on is not None:
        received = f", reçue le {format_date_fr(reg.received_on)}"
    # who sent it, in the letter's voice (case model v3): « notre lettre recommandée » when
    # the structure signing sent it, « la lettre recommandée de la CPME … » in the subscriber's
    return (f"À ce jour, votre service clients n'a pas répondu à "
            f"{whose(last_complaint, case, v, what)} du {when}{received}.")


def compose(r: Request) -> Letter:
    case, assessment, settings, today, notes, exhibit_ids = (
        r.case, r.assessment, r.settings, r.today, r.notes, r.exhibit_ids)
    v = voice_of(r, SIGNER)
    what = natures_text(case)
    about = to_phrase(what)  # « relative au transfert », never « à le » (review2 18.1)
    contract = contract_phrase(case)
    opening = holder_opening(v, contract)
    intro = by(
        v,
        f"{opening}, je sollicite le réexamen de ma réclamation relative {about}, que votre "
        "service clients n'a pas résolue.",
        f"{v.entity}, {v.subscriber}, {v.holder} {contract}, sollicite le réexamen de sa "
        f"réclamation relative {about}, que votre service clients n'a pas résolue.",
        f"Nous intervenons pour le compte de {v.member_named}, {v.holder} {contract}, et "
        f"sollicitons le réexamen de {v.their} réclamation relative {about}, que votre "
        "service clients n'a pas résolue.",
        f"{opening}, nous sollicitons le réexamen de notre réclamation relative {about}, que "
        "votre service clients n'a pas résolue.",
    )
    body: list = [Paragraph.of(intro)]
    steps = chronology(case, today, notes, to_operator=True, keep=operator_exchange, signer=v)
    if steps is None or len(steps.items) < SUMMARY_BELOW:
        body += facts_paragraphs(case, v)
    if steps is not None:
        body += [Paragraph.of(Run("Rappel des démarches effectuées :", bold=True)), steps]
    else:
        notes.add("Aucune démarche datée n'est enregistrée : le service consommateurs réexamine "
                  "une réclamation déjà adressée au service clients (seeds/001).")
    status = _first_level_status(case, today, v)
    if status:
        body.append(Paragraph.of(status))
    body += commitment_blocks(case, v, notes, to_operator=True)
    body += strict_liability(case, notes)
    ask = by(v, "Je vous demande en conséquence de bien vouloir réexaminer ce dossier et de "
                 "m'accorder :",
              "Nous vous demandons en conséquence de bien vouloir réexaminer ce dossier et de "
              "nous accorder :",
              "Nous vous demandons en conséquence de bien vouloir réexaminer ce dossier et "
              f"d'accorder à {v.member} :",
              "Nous vous demandons en conséquence de bien vouloir réexaminer ce dossier et de "
              "nous accorder :")
    body += [Paragraph.of(ask), bullets(demands(case, today, notes, to_operator=True))]
    body += credit_paragraphs(case, notes, today)
    if not case.is_business:
        after = v.pick("je saisirai le Médiateur des communications électroniques.",
                       "nous saisirons le Médiateur des communications électroniques.")
    elif cpme_covered(assessment):
        after = v.pick("je solliciterai l'intervention de la CPME auprès de votre siège.",
                       "nous solliciterons l'intervention de la CPME auprès de votre siège.")
    else:
        after = business_remedies(v, False)  # the Médiateur des entreprises, named
    body.append(Paragraph.of(v.pick(
        "Je vous remercie de me faire connaître votre réponse par écrit. À défaut de réponse "
        "dans un délai d'un mois, ou en cas de réponse insatisfaisante, ",
        "Nous vous remercions de nous faire connaître votre réponse par écrit. À défaut de "
        "réponse dans un délai d'un mois, ou en cas de réponse insatisfaisante, ") + after))
    if case.is_business:
        # no « service consommateurs » for a business (issue 9, point 5; review 2.1): the
        # internal second level its contract provides
        recipient = internal_recourse_recipient(case, notes)
        subject = f"Recours interne — demande de réexamen d'une réclamation — " \
                  f"{subject_natures(case, today)}"
    else:
        recipient = operator_recipient(case, "consommateurs", notes)
        subject = f"Demande de réexamen d'une réclamation — {subject_natures(case, today)}"
    return build_letter(case, settings, today, v, notes, recipient=recipient,
                        subject=subject, body=body, exhibit_ids=exhibit_ids)


INTERNAL_RECOURSE = "Service réclamations (recours interne prévu au contrat)"


def internal_recourse_recipient(case: Case, notes: Notes) -> list[str]:
    """A business's second level: the address its contract gives for the internal recourse
    (kept in the case's second-level address), never invented."""
    name = operator_name(case, notes)
    address = case.operator.service_consommateurs_address
    if address.is_empty():
        notes.add("Adresse du recours interne inconnue : relevez-la dans le contrat (rubrique "
                  f"réclamations) ; « {ADDRESS_PLACEHOLDER} » est imprimé à sa place.")
        return [name, INTERNAL_RECOURSE, ADDRESS_PLACEHOLDER]
    lines = address.lines(name)
    return checked([lines[0], INTERNAL_RECOURSE, *lines[1:]], notes, "du recours interne")


SPEC = LetterSpec(LetterKind.SERVICE_CONSOMMATEURS, "Service consommateurs de l'opérateur",
                  SIGNER, compose)

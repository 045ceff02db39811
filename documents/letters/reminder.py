"""A reminder (« relance ») to the operator's level whose answer is overdue: the written
complaint it has not answered, recalled with its date, and the answer asked again. Whether a
reminder fits the case, and to which level, is the procedure engine's decision (issue 9,
point 2: « déjà envoyé le …, réponse attendue le … », a reminder may be offered after it);
without it the reminder goes to the level of the latest unanswered written complaint."""

from __future__ import annotations

from dispute.calendar import format_date_fr
from dispute.letter_kinds import LetterKind
from dispute.model import Case, Counterpart, EventKind
from dispute.procedure import OPERATOR_SIDE, is_written, sent_on
from documents.content import Letter, Paragraph
from documents.letters.claims import (
    contract_phrase,
    credit_paragraphs,
    demands,
    natures_text,
    subject_natures,
)
from documents.letters.core import LetterSpec, Request, Signer, bullets
from documents.letters.frame import build_letter
from documents.letters.recipients import operator_recipient
from documents.letters.voice import by, further_remedies, holder_opening, voice_of

SIGNER = Signer.SUBSCRIBER_OR_STRUCTURE


def _unanswered(case: Case, today):
    """The latest written complaint to the operator with no answer from its level since."""
    events = [e for e in case.events_in_order() if e.counterpart in OPERATOR_SIDE
              and sent_on(e) is not None and sent_on(e) <= today]
    pending = None
    for e in events:
        if e.kind is EventKind.ANSWER:
            if pending is not None and e.counterpart == pending.counterpart:
                pending = None
        elif e.direction.value == "outgoing" and is_written(e):
            pending = e
    return pending


def compose(r: Request) -> Letter:
    case, settings, today, notes, exhibit_ids = (
        r.case, r.settings, r.today, r.notes, r.exhibit_ids)
    v = voice_of(r, SIGNER)
    decision = r.assessment.letter(LetterKind.REMINDER.value) \
        if hasattr(r.assessment, "letter") else None
    complaint = _unanswered(case, today)
    level = str(getattr(decision, "recipient", "") or "") or (
        complaint.counterpart.value if complaint is not None else "service_clients")
    second = level == Counterpart.SERVICE_CONSOMMATEURS.value
    service = "votre service consommateurs" if second else "votre service clients"
    what = natures_text(case)
    if complaint is None:
        notes.add("Aucune réclamation écrite sans réponse n'est enregistrée : la relance "
                  "rappelle une réclamation écrite restée sans réponse.")
        recalled = by(v, f"J'ai adressé à {service} une réclamation relative à {what}",
                      f"Nous avons adressé à {service} une réclamation relative à {what}",
                      f"Nous avons adressé à {service}, pour le compte de {v.member_named}, "
                      f"une réclamation relative à {what}",
                      f"Nous avons adressé à {service} une réclamation relative à {what}")
    else:
        kind = "lettre recommandée" if complaint.kind is EventKind.REGISTERED_LETTER else (
            "courriel" if complaint.kind is EventKind.EMAIL else "courrier")
        when = format_date_fr(sent_on(complaint))
        received = ""
        reg = complaint.registered
        if reg is not None and reg.received_on is not None:
            received = f", reçue le {format_date_fr(reg.received_on)},"
        article = "une" if kind == "lettre recommandée" else "un"
        recalled = by(v,
                      f"Par {article} {kind} du {when}{received} je vous ai adressé une "
                      f"réclamation relative à {what}",
                      f"Par {article} {kind} du {when}{received} nous vous avons adressé une "
                      f"réclamation relative à {what}",
                      f"Par {article} {kind} du {when}{received} nous vous avons adressé, pour "
                      f"le compte de {v.member_named}, une réclamation relative à {what}",
                      f"Par {article} {kind} du {when}{received} nous vous avons adressé une "
                      f"réclamation relative à {what}")
    opening = holder_opening(v, contract_phrase(case))
    body: list = [
        Paragraph.of(by(v, f"{opening}, je reviens vers vous.",
                        f"{v.entity}, {v.subscriber}, {v.holder} {contract_phrase(case)}, "
                        "revient vers vous.",
                        "Nous revenons vers vous.",
                        f"{opening}, nous revenons vers vous.")),
        Paragraph.of(f"{recalled}. Elle est restée sans réponse à ce jour."),
        Paragraph.of(v.pick("Je vous demande à nouveau :", "Nous vous demandons à nouveau :")),
        bullets(demands(case, today, notes, to_operator=True)),
    ]
    body += credit_paragraphs(case, notes)
    body.append(Paragraph.of(v.pick(
        "Je vous remercie de me répondre par écrit dans les meilleurs délais. À défaut, ",
        "Nous vous remercions de nous répondre par écrit dans les meilleurs délais. À défaut, ")
        + further_remedies(v)))
    return build_letter(case, settings, today, v, notes,
                        recipient=operator_recipient(case, "consommateurs" if second
                                                     else "clients", notes),
                        subject=f"Relance — réclamation sans réponse — {subject_natures(case)}",
                        body=body, exhibit_ids=exhibit_ids)


SPEC = LetterSpec(LetterKind.REMINDER, "Le niveau de l'opérateur dont la réponse est en "
                  "retard", SIGNER, compose)

"""A reminder (« relance ») to the operator's level whose answer is overdue: the written
complaint it has not answered, recalled with its date, and the answer asked again. Whether a
reminder fits the case, and to which level, is the procedure engine's decision (issue 9,
point 2: « déjà envoyé le …, réponse attendue le … », a reminder may be offered after it);
without it the reminder goes to the level of the latest unanswered written complaint."""

from __future__ import annotations

from dispute.calendar import format_date_fr
from dispute.letter_kinds import LetterKind
from dispute.model import Case, Counterpart, EventKind
from dispute.outages import first_outage
from dispute.procedure import OPERATOR_SIDE, is_formal_notice, is_written, sent_on
from documents.content import Letter, Paragraph
from documents.letters.claims import (
    contract_phrase,
    credit_paragraphs,
    demands,
    natures_text,
    subject_natures,
)
from documents.letters.core import LetterSpec, Request, Signer, bullets, of_phrase, to_phrase
from documents.letters.frame import build_letter
from documents.letters.recipients import operator_recipient
from documents.letters.senders import sent_by_structure, structure_phrase
from documents.letters.service_consommateurs import cpme_covered
from documents.letters.voice import (
    VoiceMode,
    business_remedies,
    by,
    civil_name,
    holder_opening,
    voice_of,
)
from documents.text import days_text

SIGNER = Signer.SUBSCRIBER_OR_STRUCTURE


def _unanswered(case: Case, today):
    """The latest written complaint to the operator with no answer from its level since; a
    mise en demeure is none (it is never recalled as « une réclamation » nor reminded:
    review 5, point 11) and nothing sent before it is reminded either."""
    events = [e for e in case.events_in_order() if e.counterpart in OPERATOR_SIDE
              and sent_on(e) is not None and sent_on(e) <= today]
    pending = None
    for e in events:
        if e.kind is EventKind.ANSWER:
            if pending is not None and e.counterpart == pending.counterpart:
                pending = None
        elif is_formal_notice(e):
            pending = None
        elif e.direction.value == "outgoing" and is_written(e):
            pending = e
    return pending


def _notice_sent(case: Case, today):
    """The latest mise en demeure sent up to ``today`` (None if none)."""
    notices = [e for e in case.events_in_order() if is_formal_notice(e)
               and sent_on(e) is not None and sent_on(e) <= today]
    return notices[-1] if notices else None


def _next_step(r: Request, v, second: bool) -> str:
    """What follows an unanswered reminder, named (review 3.3): the service consommateurs
    after the first level, the mediator once open (« ce que je peux faire depuis le … »), the
    Médiateur des entreprises or the CPME for a business."""
    case, assessment, today = r.case, r.assessment, r.today
    if case.is_business:
        return business_remedies(v, cpme_covered(assessment))
    mediator = assessment.mediator
    if not second and not mediator.open:
        return by(v, "je m'adresserai à votre service consommateurs.",
                  "nous nous adresserons à votre service consommateurs.",
                  f"nous nous adresserons pour {'leur' if v.several else 'son'} compte à "
                  "votre service consommateurs.",
                  "nous nous adresserons à votre service consommateurs.")
    since = ""
    if mediator.open and mediator.opens_on is not None and mediator.opens_on <= today:
        since = v.pick(f", ce que je peux faire depuis le {format_date_fr(mediator.opens_on)}",
                       f", ce que nous pouvons faire depuis le "
                       f"{format_date_fr(mediator.opens_on)}")
        if v.mode is VoiceMode.STRUCTURE:
            since = f", ce qui est possible depuis le {format_date_fr(mediator.opens_on)}"
    who = "le Médiateur des communications électroniques"
    return by(v, f"je saisirai {who}{since}.", f"nous saisirons {who}{since}.",
              f"nous accompagnerons {v.member} dans la saisine du {who[3:]}{since}.",
              f"nous saisirons {who}{since}.")


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
    # the complaint as it was on its day: « commencée le 2 mars » was not « du 2 mars au 21
    # avril » on 16 March (review3 7.1); the end, when it came after, in a sentence of its own
    then = sent_on(complaint) if complaint is not None else None
    what = natures_text(case, then or today)
    about = to_phrase(what)  # « relative au transfert », never « à le » (review2 18.1)
    contract = contract_phrase(case)
    opening = holder_opening(v, contract)
    # The structure never says « nous vous avons adressé » a complaint its member sent
    # (review 3.1): the member is the subject; the subscriber and a company speak of their own.
    named = v.member_named if v.sole_trader else \
        f"{v.member}, {civil_name(case, v.subscriber)}"  # the person, not the shop (review5 13)
    member = f"{named}, {v.holder} {contract},"
    notice = _notice_sent(case, today)
    if complaint is None:
        if notice is not None:
            notes.add(f"Une mise en demeure a été envoyée le {format_date_fr(sent_on(notice))} "
                      ": ne la relancez pas comme une simple réclamation ; restée sans effet, "
                      "elle appelle l'étape qu'elle annonçait.")
        else:
            notes.add("Aucune réclamation écrite sans réponse n'est enregistrée : la relance "
                      "rappelle une réclamation écrite restée sans réponse.")
        how, to_you = f"à {service}", ""
    else:
        kind = "lettre recommandée" if complaint.kind is EventKind.REGISTERED_LETTER else (
            "courriel" if complaint.kind is EventKind.EMAIL else "courrier")
        how = f"par {kind} du {format_date_fr(sent_on(complaint))}"
        reg = complaint.registered
        if reg is not None and reg.received_on is not None:
            how += f", reçue le {format_date_fr(reg.received_on)},"
        to_you = "vous "
    has = "ont" if v.several else "a"
    recalled = by(v,
                  f"{opening}, {'je vous ai' if to_you else 'j’ai'} adressé {how} une "
                  f"réclamation relative {about}".replace("’", "'"),
                  f"{v.entity}, {v.subscriber}, {v.holder} {contract}, {to_you}a adressé "
                  f"{how} une réclamation relative {about}",
                  f"{_cap(how.rstrip(','))}, {member} {to_you}{has} adressé une réclamation "
                  f"relative {about}" if complaint is not None else
                  f"{_cap(member)} {has} adressé {how} une réclamation relative {about}",
                  f"{opening}, nous {to_you}avons adressé {how} une réclamation relative "
                  f"{to_phrase(what)}")
    if complaint is not None and sent_by_structure(complaint):
        # sent by the structure (case model v3): « nous vous avons adressé, pour le compte
        # de notre adhérente » when it signs, « je vous ai fait adresser … par l'intermédiaire
        # de la CPME … » when the subscriber does
        through = f"par l'intermédiaire {of_phrase(structure_phrase(case))}"
        recalled = by(v,
                      f"{opening}, je vous ai fait adresser {how} une réclamation relative "
                      f"{about}, {through}",
                      f"{v.entity}, {v.subscriber}, {v.holder} {contract}, vous a fait "
                      f"adresser {how} une réclamation relative {about}, {through}",
                      f"{_cap(how.rstrip(','))}, nous vous avons adressé, pour le compte "
                      f"{of_phrase(member.rstrip(','))}, une réclamation relative {about}",
                      f"{opening}, nous vous avons fait adresser {how} une réclamation "
                      f"relative {about}, {through}")
    body: list = [
        Paragraph.of(f"{recalled}. {_restored_since(case, then, today)}"),
        Paragraph.of(by(v, "Je me permets donc de vous relancer et vous demande à nouveau :",
                        "Nous nous permettons donc de vous relancer et vous demandons à "
                        "nouveau :",
                        "Nous nous permettons donc de vous relancer et vous demandons à "
                        f"nouveau, pour {'leur' if v.several else 'son'} compte :",
                        "Nous nous permettons donc de vous relancer et vous demandons à "
                        "nouveau :")),
        bullets(demands(case, today, notes, to_operator=True)),
    ]
    body += credit_paragraphs(case, notes, today)
    body.append(Paragraph.of(v.pick(
        "Je vous remercie de me répondre par écrit sous quinze jours. À défaut, ",
        "Nous vous remercions de nous répondre par écrit sous quinze jours. À défaut, ")
        + _next_step(r, v, second)))
    if exhibit_ids is None and complaint is not None and complaint.exhibit_ids:
        # the letter reminded and its receipt, not the whole file (review 3.4)
        exhibit_ids = list(complaint.exhibit_ids)
    return build_letter(case, settings, today, v, notes,
                        recipient=operator_recipient(case, "consommateurs" if second
                                                     else "clients", notes),
                        subject=f"Relance — réclamation sans réponse — "
                        f"{subject_natures(case, today)}",
                        body=body, exhibit_ids=exhibit_ids)


def _restored_since(case, then, today) -> str:
    """« Le service n'a été rétabli que le 21 avril 2026 (51 jours). Cette réclamation est
    restée sans réponse à ce jour. » when the outage ended after the complaint; else « Elle
    est restée sans réponse à ce jour. »"""
    before = first_outage(case, then) if then is not None else None
    now = first_outage(case, today)
    if before is None or before.restored or now is None or not now.restored:
        return "Elle est restée sans réponse à ce jour."
    return (f"Le service n'a été rétabli que le {format_date_fr(now.end)} "
            f"({days_text(now.days)}). Cette réclamation est restée sans réponse à ce jour.")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


SPEC = LetterSpec(LetterKind.REMINDER, "Le niveau de l'opérateur dont la réponse est en "
                  "retard", SIGNER, compose)

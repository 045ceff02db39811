"""6c. The complaint to the procureur de la République, a last resort, signed by the
subscriber (seeds/003)."""

from __future__ import annotations

from dispute.letter_kinds import LetterKind
from dispute.model import Case
from dispute.procedure import Assessment
from documents.content import Letter, Paragraph
from documents.letters.availability import last_resort_reached
from documents.letters.claims import contract_phrase, facts_paragraphs, subject_natures
from documents.letters.core import ADDRESS_PLACEHOLDER, LetterSpec, Request, Signer, euros
from documents.letters.frame import build_letter
from documents.letters.steps import chronology
from documents.letters.voice import by, operator_name, voice_of

SIGNER = Signer.SUBSCRIBER


def availability(case: Case, a: Assessment) -> tuple[bool, str]:
    return last_resort_reached(case, a)


PROCUREUR_LINES = ("Monsieur le Procureur de la République", "Tribunal judiciaire de …",
                   ADDRESS_PLACEHOLDER)


def compose(r: Request) -> Letter:
    case, settings, today, notes, exhibit_ids = (
        r.case, r.settings, r.today, r.notes, r.exhibit_ids)
    v = voice_of(r, SIGNER)
    op = operator_name(case, notes)
    notes.add("Destinataire à compléter : la ville du tribunal judiciaire et son adresse "
              f"(« Tribunal judiciaire de … », « {ADDRESS_PLACEHOLDER} »).")
    notes.add("La plainte au procureur de la République est le dernier recours, par lettre "
              "recommandée avec accusé de réception rappelant toutes les démarches (seeds/003).")
    intro = by(v,
                f"J'ai l'honneur de porter plainte contre la société {op}, auprès de laquelle je "
                f"suis titulaire {contract_phrase(case)}, pour les faits exposés ci-après.",
                f"Notre société, {v.subscriber}, a l'honneur de porter plainte contre la société "
                f"{op}, auprès de laquelle elle est titulaire {contract_phrase(case)}, pour les "
                "faits exposés ci-après.",
                "")
    body: list = [Paragraph.of(intro), *facts_paragraphs(case)]
    steps = chronology(case, today, notes, to_operator=False, limit=None)
    if steps is not None:
        body += [Paragraph.of(v.pick(
            "Les faits et les démarches que j'ai accomplies sans résultat, dans l'ordre :",
            "Les faits et les démarches que nous avons accomplies sans résultat, dans "
            "l'ordre :")),
            steps]
    else:
        notes.add("Aucune démarche datée n'est enregistrée : la plainte doit rappeler toutes les "
                  "démarches accomplies (seeds/003).")
    if case.invoice_lines:
        body.append(Paragraph.of(f"Le montant contesté s'élève à "
                                 f"{euros(case.total_disputed(), notes)}."))
    body.append(Paragraph.of(v.pick(
        "Vous trouverez ci-joint les pièces justificatives énumérées ci-dessous. Je reste à "
        "votre disposition pour tout renseignement complémentaire.",
        "Vous trouverez ci-joint les pièces justificatives énumérées ci-dessous. Nous restons à "
        "votre disposition pour tout renseignement complémentaire.")))
    who = "Madame, Monsieur le Procureur de la République"
    return build_letter(
        case, settings, today, v, notes, to_operator=False,
        recipient=list(PROCUREUR_LINES),
        subject=f"Plainte contre la société {op} — "
        f"{subject_natures(case)}",
        body=body, exhibit_ids=exhibit_ids, salutation=f"{who},",
        closing=v.closing(who, high=True))


SPEC = LetterSpec(LetterKind.PROCUREUR, "Procureur de la République (tribunal judiciaire)",
                  SIGNER, availability, compose)

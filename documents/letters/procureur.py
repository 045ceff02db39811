"""6c. The complaint to the procureur de la République, a last resort, signed by the
subscriber (seeds/003)."""

from __future__ import annotations

from dispute.letter_kinds import LetterKind
from documents.content import Letter, Paragraph
from documents.letters.claims import contract_phrase, facts_paragraphs, subject_natures
from documents.letters.core import ADDRESS_PLACEHOLDER, LetterSpec, Request, Signer, line
from documents.money import claimed_text
from documents.letters.frame import build_letter
from documents.letters.steps import chronology
from documents.letters.voice import by, operator_name, voice_of

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


PROCUREUR_LINES = ("Procureur de la République", "Tribunal judiciaire de …",
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
    offence = line(case.offence)
    if not offence:
        notes.add(NO_OFFENCE)
    notes.add(WARNING)
    qualified = (f"pour des faits susceptibles de recevoir la qualification de {offence}, "
                 "exposés ci-après" if offence else "pour les faits exposés ci-après "
                 "[infraction à préciser]")
    intro = by(v,
               f"J'ai l'honneur de porter plainte contre la société {op}, auprès de laquelle je "
               f"suis titulaire {contract_phrase(case)}, {qualified}.",
               f"{v.entity}, {v.subscriber}, a l'honneur de porter plainte contre la société "
               f"{op}, auprès de laquelle elle est titulaire {contract_phrase(case)}, "
               f"{qualified}.",
               "",
               f"Nous avons l'honneur de porter plainte contre la société {op}, auprès de "
               f"laquelle nous sommes titulaires {contract_phrase(case)}, {qualified}.")
    body: list = [Paragraph.of(intro), *facts_paragraphs(case, v, act=True)]
    steps = chronology(case, today, notes, to_operator=False, limit=None)
    if steps is not None:
        body += [Paragraph.of(v.pick(
            "Voici, dans l'ordre, les faits et mes démarches, restées sans résultat :",
            "Voici, dans l'ordre, les faits et nos démarches, restées sans résultat :")),
            steps]
    else:
        notes.add("Aucune démarche datée n'est enregistrée : la plainte doit rappeler toutes les "
                  "démarches accomplies (seeds/003).")
    if case.invoice_lines:
        body.append(Paragraph.of(f"Le montant contesté s'élève à {claimed_text(case, notes)}."))
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
                  SIGNER, compose)

"""What the Médiateur des communications électroniques asks to find in a saisine, checked
against the case (issue 10, point 5): a copy of every written complaint with each answer, the
contract or its summary, the disputed invoices, the proof of payment, the subscriber's
identity, and the signed mandate when a structure represents the subscriber (mediator's
sheet « Constituer son dossier », LEGAL-2026-12 § 6, read in part; the mandate: § 7).

Each item says which exhibits hold it or that it is missing. Exhibits carry no type: an
item is recognised by the events the exhibit is attached to (a complaint, an answer) or by
words of its title (« facture », « contrat »...), so « present » means « an exhibit seems to
hold it », to be checked by the user; the dossier's reader sees the exhibit numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dispute.accents import strip_accents
from dispute.model import Case, Direction, EventKind
from dispute.procedure import OPERATOR_SIDE, is_written


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    numbers: tuple[int, ...]  # the exhibits that seem to hold it
    missing: str = ""  # what is missing, in French ("" when complete)

    @property
    def present(self) -> bool:
        return not self.missing


def _numbers(case: Case, ids) -> list[int]:
    out = []
    for i in ids:
        x = case.exhibit(i)
        if x is not None and x.number > 0:
            out.append(x.number)
    return out


def _titled(case: Case, pattern: str) -> list[int]:
    regex = re.compile(pattern, re.IGNORECASE)
    return [x.number for x in case.exhibits if x.number > 0 and regex.search(
        strip_accents(f"{x.title} {x.original_name}"))]


def _dates(events) -> str:
    return ", ".join(e.date.strftime("%d/%m/%Y") for e in events if e.date is not None)


def mediator_checklist(case: Case) -> list[ChecklistItem]:
    complaints = [e for e in case.events_in_order() if e.counterpart in OPERATOR_SIDE
                  and e.direction is Direction.OUTGOING and is_written(e)
                  and e.kind is not EventKind.ANSWER]
    answers = [e for e in case.events_in_order() if e.counterpart in OPERATOR_SIDE
               and e.kind is EventKind.ANSWER and e.direction is Direction.INCOMING
               and e.written]
    items: list[ChecklistItem] = []

    def evidence(label: str, events, none: str) -> None:
        bare = [e for e in events if not _numbers(case, e.exhibit_ids)]
        numbers = sorted({n for e in events for n in _numbers(case, e.exhibit_ids)})
        if not events:
            items.append(ChecklistItem(label, (), none))
        elif bare:
            items.append(ChecklistItem(label, tuple(numbers),
                                       f"sans pièce jointe : {_dates(bare) or 'non datée'}"))
        else:
            items.append(ChecklistItem(label, tuple(numbers)))

    evidence("Copie de chaque réclamation écrite à l'opérateur", complaints,
             "aucune réclamation écrite enregistrée")
    evidence("Chaque réponse écrite de l'opérateur", answers, "")
    if not answers:
        items[-1] = ChecklistItem("Chaque réponse écrite de l'opérateur", (),
                                  "aucune réponse écrite enregistrée (absence de réponse : à "
                                  "indiquer)")
    contract = _titled(case, r"\bcontrat|recapitulatif|conditions particulieres|bon de "
                             r"commande|souscription")
    items.append(ChecklistItem("Contrat ou récapitulatif contractuel", tuple(contract),
                               "" if contract else "à joindre"))
    if case.invoice_lines:
        numbers = {il.invoice_number.strip() for il in case.invoice_lines
                   if il.invoice_number.strip()}
        invoices = _titled(case, r"\bfacture")
        unnamed = [n for n in sorted(numbers) if not any(
            n.casefold() in f"{x.title} {x.original_name}".casefold() for x in case.exhibits)]
        missing = "" if invoices and not unnamed else (
            "à joindre" if not invoices else f"à vérifier : {', '.join(unnamed)}")
        items.append(ChecklistItem("Factures contestées", tuple(invoices), missing))
        paid = _titled(case, r"paiement|preleve|prelevement|releve de compte|releve bancaire|"
                             r"virement|avis d'echeance")
        items.append(ChecklistItem("Preuve du paiement des sommes contestées", tuple(paid),
                                   "" if paid else "à joindre (relevé bancaire)"))
    identity = _titled(case, r"identite|\bcni\b|passeport|kbis|titre de sejour")
    items.append(ChecklistItem("Pièce d'identité du souscripteur" + (
        " (ou extrait Kbis)" if case.is_business else ""), tuple(identity),
        "" if identity else "à joindre"))
    if case.handling_structure is not None and case.handling_structure.name.strip():
        signed = any(e.kind is EventKind.MANDATE_SIGNED for e in case.events)
        mandate = _titled(case, r"\bmandat|procuration|pouvoir")
        missing = "" if signed and mandate else (
            "mandat signé à joindre" if signed else "mandat à faire signer et à joindre")
        items.append(ChecklistItem("Mandat signé (l'abonné est accompagné par une structure)",
                                   tuple(mandate), missing))
    return items


def checklist_lines(case: Case) -> list[str]:
    """The checklist as LISEZMOI.txt lines, for the dossier's reader: which exhibits hold each
    item, « non fourni » otherwise (what to do about it is for the user: the warnings)."""
    out = []
    for item in mediator_checklist(case):
        if item.numbers:
            where = ("pièce n° " if len(item.numbers) == 1 else "pièces nos ") + ", ".join(
                str(n) for n in item.numbers)
        else:
            where = "non fourni"
        out.append(f"- {item.label} : {where}")
    return out


def checklist_warnings(case: Case) -> list[str]:
    """One warning per missing item, for the user before export."""
    return [f"Dossier du médiateur — {item.label} : {item.missing}."
            for item in mediator_checklist(case) if not item.present]

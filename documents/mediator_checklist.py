"""What the Médiateur des communications électroniques asks to find in a saisine, checked
against the case (issue 10, point 5): a copy of every written complaint with each answer, the
contract or its summary, the disputed invoices, the proof of payment, the subscriber's
identity, and the signed mandate when a structure represents the subscriber (mediator's
sheet « Constituer son dossier », LEGAL-2026-12 § 6, read in part; the mandate: § 7).

Each item says which exhibits hold it or that it is missing. Which exhibit holds what is one
rule, ``dispute.exhibit_roles``: the exhibit's kind (case model v3), or for an exhibit whose
kind is not said, words of its title; the copy of a complaint or an answer is an exhibit
attached to its event (never the avis de réception). The dossier's reader sees the exhibit
numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from dispute.exhibit_roles import (
    UNLINKED_INVOICE,
    copies,
    disputed_invoice_numbers,
    invoice_exhibits,
    invoice_numbers,
    numbers_of,
)
from dispute.labels import label
from dispute.model import Case, Civility, Direction, EventKind, ExhibitKind
from dispute.procedure import OPERATOR_SIDE, is_written


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    numbers: tuple[int, ...]  # the exhibits that seem to hold it
    missing: str = ""  # what is missing, in French, for the user ("" when complete)
    absent: str = "non fourni"  # for the reader when no exhibit holds it, agreed with label
    gap: str = ""  # for the reader when exhibits hold part of it: what no exhibit holds
    key: str = ""  # "complaints", "answers", "contract", "invoices", "payment", "identity",
    # "mandate"
    action: str = ""  # for the user when something is missing: what to do in the application

    @property
    def present(self) -> bool:
        return not self.missing


ATTACH_HINT = ("Pour joindre une pièce : onglet « Chronologie et pièces », « Modifier la "
               "chronologie… », choisissez l'événement, « Joindre des fichiers… », puis le "
               "« Type » de la pièce.")
"""How an exhibit is attached, said once above the actions that need it."""
ACTIONS = {
    "complaints": "Joignez la copie de chaque courrier envoyé à son événement (type « Réclamation "
                  "écrite »).",
    "no_complaint": "Enregistrez la réclamation écrite envoyée à l'opérateur, avec sa copie.",
    "answers": "Joignez chaque réponse reçue à son événement (type « Réponse écrite »).",
    "no_answer": "Sans réponse écrite de l'opérateur, rien à joindre : le courrier au médiateur "
                 "le dit. Une réponse reçue : enregistrez-la, avec sa copie.",
    "contract": "Joignez le contrat ou son récapitulatif (type « Contrat ou récapitulatif "
                "contractuel »).",
    "invoices": "Joignez chaque facture contestée (type « Facture », son numéro dans le titre).",
    "payment": "Joignez un relevé bancaire ou un avis de prélèvement (type « Preuve de "
               "paiement »).",
    "identity": "Joignez la copie d'une pièce d'identité du souscripteur (type « Pièce "
                "d'identité ou extrait Kbis »).",
    "identity_business": "Joignez un extrait Kbis ou la pièce d'identité du représentant (type "
                         "« Pièce d'identité ou extrait Kbis »).",
    "mandate": "Préparez le courrier « Mandat » (onglet « Courriers » ; il est pour l'abonné, "
               "pas pour le destinataire), faites-le signer, puis « Enregistrer la signature "
               "du mandat… » en joignant le mandat signé, scanné.",
    "mandate_scan": "Numérisez le mandat signé et joignez-le à l'événement « Mandat signé » "
                    "(type « Mandat signé »).",
}
"""What to do about a missing item, in the application's words (the export dialog shows it
before « Exporter », the ``dossier`` command prints it)."""


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

    def evidence(label: str, events, role: str, none: str, absent: str, key: str) -> None:
        bare = [e for e in events if not copies(case, e, role)]
        numbers = sorted({n for e in events for n in copies(case, e, role)})
        if not events:
            items.append(ChecklistItem(label, (), none, absent, key=key,
                                       action=ACTIONS[f"no_{role}"]))
        elif bare:
            dates = _dates(bare) or "non datée"
            items.append(ChecklistItem(label, tuple(numbers), f"sans pièce jointe : {dates}",
                                       absent, f"sans copie jointe : {dates}", key=key,
                                       action=ACTIONS[key]))
        else:
            items.append(ChecklistItem(label, tuple(numbers), key=key))

    evidence("Copie de chaque réclamation écrite à l'opérateur", complaints, "complaint",
             "aucune réclamation écrite enregistrée", "non fournie", "complaints")
    evidence("Chaque réponse écrite de l'opérateur", answers, "answer", "", "non fournie",
             "answers")
    if not answers:
        items[-1] = ChecklistItem("Chaque réponse écrite de l'opérateur", (),
                                  "aucune réponse écrite enregistrée (absence de réponse : à "
                                  "indiquer)", "aucune réponse écrite", key="answers",
                                  action=ACTIONS["no_answer"])
    contract = numbers_of(case, ExhibitKind.CONTRACT)
    items.append(ChecklistItem("Contrat ou récapitulatif contractuel", tuple(contract),
                               "" if contract else "à joindre", key="contract",
                               action="" if contract else ACTIONS["contract"]))
    if case.invoice_lines:
        invoices = invoice_numbers(case)
        unnamed = sorted(n for n, found in invoice_exhibits(case).items() if not found)
        named = "" if not unnamed else (f" (n° {unnamed[0]})" if len(unnamed) == 1 else
                                        f" (nos {', '.join(unnamed)})")
        missing = "" if invoices and not unnamed else (
            f"à joindre{named}" if not invoices else f"à vérifier : {', '.join(unnamed)}")
        gap = "" if not (invoices and unnamed) else (
            f"aucune pièce ne porte le n° {unnamed[0]}" if len(unnamed) == 1 else
            f"aucune pièce ne porte les nos {', '.join(unnamed)}")
        action = "" if not missing else ACTIONS["invoices"] if not invoices else " ".join(
            UNLINKED_INVOICE.format(number=n) for n in unnamed)
        items.append(ChecklistItem("Factures contestées", tuple(invoices), missing,
                                   "non fournies", gap, key="invoices", action=action))
        paid = numbers_of(case, ExhibitKind.PAYMENT_PROOF)
        items.append(ChecklistItem(f"Preuve du paiement des sommes contestées {UNSOURCED}",
                                   tuple(paid),
                                   "" if paid else "à joindre (relevé bancaire)", "non fournie",
                                   key="payment", action="" if paid else ACTIONS["payment"]))
    identity = numbers_of(case, ExhibitKind.IDENTITY)
    items.append(ChecklistItem("Pièce d'identité du souscripteur" + (
        " (ou extrait Kbis)" if case.is_business else "") + f" {UNSOURCED}", tuple(identity),
        "" if identity else "à joindre", "non fournie", key="identity",
        action="" if identity else ACTIONS["identity_business" if case.is_business
                                           else "identity"]))
    mandate = mandate_item(case)
    if mandate is not None:
        items.append(mandate)
    return items


UNSOURCED = "(utile, non exigée par une source lue)"
"""LEGAL-2026-12 § 6: the mediator's « Constituer son dossier » was read in part; the exact
pieces it requires (identity, proof of payment) are not confirmed (review3 9.6)."""


def mandate_item(case: Case) -> ChecklistItem | None:
    """The signed mandate, when a structure accompanies the subscriber (None otherwise): the
    mediator's and the CPME's lists both hold it."""
    if case.handling_structure is None or not case.handling_structure.name.strip():
        return None
    signed = any(e.kind is EventKind.MANDATE_SIGNED for e in case.events)
    mandate = numbers_of(case, ExhibitKind.MANDATE)
    missing = "" if signed and mandate else (
        "mandat signé à joindre" if signed else "mandat à faire signer et à joindre")
    action = "" if not missing else ACTIONS["mandate_scan" if signed else "mandate"]
    return ChecklistItem(f"Mandat signé ({_accompanied(case)})",
                         tuple(mandate), missing, key="mandate", action=action)


def _accompanied(case: Case) -> str:
    """« l'abonnée est accompagnée par une structure », agreed (review3 9.2)."""
    civility = case.subscriber.civility
    if case.is_business:
        return "l'abonné est accompagné par une structure"
    if civility is Civility.COUPLE:
        return "les abonnés sont accompagnés par une structure"
    if civility is Civility.MRS:
        return "l'abonnée est accompagnée par une structure"
    return "l'abonné est accompagné par une structure"


def missing_exhibits(case: Case) -> list[str]:
    """What the dossier refers to but no exhibit seems to hold, for the exhibit index
    (review 16.1): every disputed invoice no exhibit names, the contract, the copy of each
    written exchange with the operator recorded without one, the signed mandate. Phrases for
    the reader (« Facture n° F2605-0034410 (ligne contestée) »)."""
    out: list[str] = []
    for number, found in invoice_exhibits(case).items():
        if not found:
            out.append(f"Facture n° {number} (ligne contestée)")
    if case.invoice_lines and not disputed_invoice_numbers(case) and not invoice_numbers(case):
        out.append("Factures contestées")
    if not numbers_of(case, ExhibitKind.CONTRACT):
        out.append("Contrat ou récapitulatif contractuel")
    for e in case.events_in_order():
        if e.counterpart not in OPERATOR_SIDE or not is_written(e):
            continue
        when = f" du {e.date.strftime('%d/%m/%Y')}" if e.date is not None else ""
        if e.kind is EventKind.ANSWER and e.direction is Direction.INCOMING:
            if not copies(case, e, "answer"):
                out.append(f"Réponse écrite de l'opérateur{when}")
        elif e.direction is Direction.OUTGOING and not copies(case, e, "complaint"):
            out.append(f"Copie de la réclamation écrite{when} ({label(e.kind).lower()})")
    signed = [e for e in case.events_in_order() if e.kind is EventKind.MANDATE_SIGNED]
    if signed and not numbers_of(case, ExhibitKind.MANDATE):
        when = signed[0].date
        out.append("Mandat signé" + (f" le {when.strftime('%d/%m/%Y')}" if when else ""))
    return out


def checklist_lines(case: Case) -> list[str]:
    """The checklist as LISEZMOI.txt lines, for the dossier's reader: which exhibits hold each
    item and what part of it no exhibit holds (« pièce n° 1 ; aucune pièce ne porte le
    n° F2605-0034410 »), « non fourni(e)(s) » (agreed) otherwise. What to do about it is for the
    user: the warnings."""
    out = []
    for item in mediator_checklist(case):
        # what is missing is for the user (``checklist_warnings``): the reader of the dossier
        # is told what it holds (review3 9.3)
        if item.numbers:
            where = ("pièce n° " if len(item.numbers) == 1 else "pièces nos ") + ", ".join(
                str(n) for n in item.numbers)
            out.append(f"- {item.label} : {where}")
    return out


def checklist_warnings(case: Case) -> list[str]:
    """One warning per missing item, for the user before export."""
    return [f"Dossier du médiateur — {item.label} : {item.missing}."
            for item in mediator_checklist(case) if not item.present]

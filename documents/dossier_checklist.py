"""What a dossier should hold for its recipient, shown before the export (issue 10 point 5,
lead-drive 13): the export dialog lists it for the dossier chosen, the ``dossier`` command
prints it, and each missing item is one warning after the export.

- mediator: the mediator's checklist (:mod:`documents.mediator_checklist`: copies of the
  written complaints and answers, contract, disputed invoices, proof of payment, identity,
  the signed mandate when a structure accompanies the subscriber);
- CPME: its five required items (:func:`documents.chronology.cpme_fields`), the structure
  that transmits the request (the CPME's single contact), the signed mandate when a structure
  acts;
- complete: the lists of the letters it holds (the mediator's for a private subscriber whose
  mediator is not closed; the CPME's for a business the CPME may help).

Each line says what is present (exhibit numbers, or the value), or what is missing and what
to do about it in the application. Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass

from dispute.exhibit_roles import invoice_exhibits
from dispute.model import Case
from dispute.procedure import Assessment
from documents.chronology import RouteState, cpme_fields, route_state
from documents.dossier_warnings import MANDATE, MISSING, Note, invoice_fact
from documents.mediator_checklist import (
    ATTACH_HINT,
    ChecklistItem,
    mandate_item,
    mediator_checklist,
)

MEDIATOR_TITLE = "Pièces utiles au médiateur"
CPME_TITLE = "Éléments exigés par la CPME"
MANDATE_TITLE = "Mandat de la structure"

_FICHE = "onglet « Fiche du dossier », « Modifier… » de la partie « {part} »"
_CPME_PARTS = {
    "subscriber_name": "Souscripteur",
    "operator_name": "Opérateur",
    "line_number": "Lignes",
    "contract_number": "Contrat",
    "summary": "Nature du litige et résumé",
}
_VALUE_CHARS = 60


@dataclass(frozen=True)
class CheckLine:
    key: str  # "contract", "invoices", "mandate", "cpme:summary"…
    label: str
    present: bool
    detail: str  # present: where it is or its value; missing: what is missing
    action: str = ""  # missing: what to do, in the application's words
    facts: tuple[str, ...] = ()  # the facts other warnings may state too (dossier_warnings)


@dataclass(frozen=True)
class CheckSection:
    title: str
    lines: tuple[CheckLine, ...]

    @property
    def missing(self) -> tuple[CheckLine, ...]:
        return tuple(line for line in self.lines if not line.present)


def _where(item: ChecklistItem) -> str:
    where = ("pièce n° " if len(item.numbers) == 1 else "pièces nos ") + ", ".join(
        str(n) for n in item.numbers)
    return where + (f" ; {item.gap}" if item.gap else "")


def _from_item(item: ChecklistItem, case: Case) -> CheckLine:
    facts: tuple[str, ...] = ()
    if item.key == "mandate":
        facts = (MANDATE,)
    elif item.key == "invoices":
        facts = tuple(invoice_fact(n) for n, found in invoice_exhibits(case).items()
                      if not found)
    if item.present:
        return CheckLine(item.key, item.label, True, _where(item), facts=facts)
    detail = item.missing
    if item.numbers:
        detail = f"{_where(item)} ; {detail}" if not item.gap else f"{_where(item)}"
    return CheckLine(item.key, item.label, False, detail, item.action, facts)


def _clip(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= _VALUE_CHARS else value[:_VALUE_CHARS - 1].rstrip() + "…"


def cpme_lines(case: Case) -> list[CheckLine]:
    """The CPME's five items, the structure that transmits the request, the signed mandate."""
    out = []
    for field in cpme_fields(case):
        if field.missing:
            part = _CPME_PARTS.get(field.key, "")
            action = ("À renseigner : " + _FICHE.format(part=part) + ".") if part else \
                "À renseigner dans la fiche du dossier."
            out.append(CheckLine(f"cpme:{field.key}", f"{field.number}. {field.label}", False,
                                 "manquant", action))
        else:
            value = "renseigné" if field.key == "summary" else _clip(field.value)
            out.append(CheckLine(f"cpme:{field.key}", f"{field.number}. {field.label}", True,
                                 value))
    structure = case.handling_structure
    name = structure.name.strip() if structure is not None else ""
    label = "Structure qui transmet la demande (seul interlocuteur de la CPME)"
    if name:
        out.append(CheckLine("structure", label, True, _clip(name)))
    else:
        out.append(CheckLine("structure", label, False, "aucune structure indiquée",
                             "Indiquez la structure (CPME, fédération…) qui suit l'entreprise : "
                             + _FICHE.format(part="Structure qui suit le dossier") + "."))
    mandate = mandate_item(case)
    if mandate is not None:
        out.append(_from_item(mandate, case))
    return out


def dossier_checklist(case: Case, assessment: Assessment, target: str
                      ) -> tuple[CheckSection, ...]:
    """The lists for the dossier ``target`` ("mediator", "cpme" or "complete")."""
    from documents.dossier import with_mediator_checklist  # the dossier imports this module

    target = str(getattr(target, "value", target))
    sections = []
    mediator = target == "mediator" or (
        target == "complete" and with_mediator_checklist(case, assessment, target))
    if mediator:
        sections.append(CheckSection(MEDIATOR_TITLE, tuple(
            _from_item(item, case) for item in mediator_checklist(case))))
    cpme = target == "cpme" or (
        target == "complete" and case.is_business
        and route_state(assessment.cpme, assessment.today)
        not in (RouteState.NOT_APPLICABLE, RouteState.CLOSED))
    if cpme and case.is_business:
        sections.append(CheckSection(CPME_TITLE, tuple(cpme_lines(case))))
    if not sections:
        mandate = mandate_item(case)
        if mandate is not None:
            sections.append(CheckSection(MANDATE_TITLE, (_from_item(mandate, case),)))
    return tuple(sections)


_SHORT = {MEDIATOR_TITLE: "Dossier du médiateur", CPME_TITLE: "Dossier pour la CPME",
          MANDATE_TITLE: "Dossier"}


def checklist_notes(sections: tuple[CheckSection, ...]) -> list[Note]:
    """Each missing line as one warning for after the export (« Dossier du médiateur —
    Factures contestées : à joindre. »), with the facts the letters may state too."""
    return [Note(f"{_SHORT.get(s.title, s.title)} — {line.label} : {line.detail}.", "",
                 MISSING, line.facts)
            for s in sections for line in s.missing]


def attach_hint(sections: tuple[CheckSection, ...]) -> str:
    """How to attach an exhibit, when a missing item is one (said once, above the list)."""
    keys = {line.key for s in sections for line in s.missing}
    return ATTACH_HINT if keys & EXHIBIT_KEYS else ""


EXHIBIT_KEYS = frozenset({"complaints", "answers", "contract", "invoices", "payment",
                          "identity"})


def checklist_report(sections: tuple[CheckSection, ...]) -> list[str]:
    """The lists as text lines (the ``dossier`` command), the export dialog's words."""
    hint = attach_hint(sections)
    out = [hint] if hint else []
    for section in sections:
        missing = len(section.missing)
        out.append(f"{section.title} : " + (
            "tout est là." if not missing else
            "1 élément manque." if missing == 1 else f"{missing} éléments manquent."))
        for line in section.lines:
            mark = "[x]" if line.present else "[ ]"
            out.append(f"  {mark} {line.label} : {line.detail}")
            if line.action:
                out.append(f"      → {line.action}")
    return out


__all__ = ["CPME_TITLE", "MEDIATOR_TITLE", "CheckLine", "CheckSection", "attach_hint",
           "checklist_notes",
           "checklist_report", "cpme_lines", "dossier_checklist"]

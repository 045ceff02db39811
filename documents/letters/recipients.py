"""Recipient blocks: the operator's services from the case (never invented: a missing address
is a visible placeholder and a warning), and the directory the third parties come from."""

from __future__ import annotations

from dispute.directory import Directory, of_name, shipped_directory
from dispute.model import Case
from documents.layout import check_address
from documents.letters.core import ADDRESS_PLACEHOLDER, Notes
from documents.letters.voice import operator_name


def checked(lines: list[str], notes: Notes, what: str) -> list[str]:
    for issue in check_address(lines):
        notes.add(f"Adresse {what} : {issue.message}")
    return lines


def operator_recipient(case: Case, service: str, notes: Notes) -> list[str]:
    """The operator's service address from the case; never invented: an empty address gives
    a placeholder block and a warning. ``service``: "clients" or "consommateurs"."""
    name = operator_name(case, notes)
    if service == "consommateurs":
        address, label_ = case.operator.service_consommateurs_address, "Service consommateurs"
    else:
        address, label_ = case.operator.service_clients_address, "Service clients"
    if address.is_empty():
        notes.add(f"Adresse du {label_.lower()} {of_name(name)} inconnue : "
                  f"« {ADDRESS_PLACEHOLDER} » est imprimé à sa place. Relevez-la sur le "
                  "contrat ou une facture (seeds/001) et complétez le dossier ou le courrier.")
        return [name, label_, ADDRESS_PLACEHOLDER]
    return checked(address.lines(name), notes, f"du {label_.lower()}")


def best_operator_recipient(case: Case, notes: Notes) -> list[str]:
    """Service consommateurs if known, else service clients, else the placeholder."""
    if not case.operator.service_consommateurs_address.is_empty():
        return operator_recipient(case, "consommateurs", notes)
    return operator_recipient(case, "clients", notes)


def directory_or_shipped(directory: Directory | None) -> Directory:
    return directory if directory is not None else shipped_directory()

"""Recipient blocks: the operator's services from the case (never invented: a missing address
is a visible placeholder and a warning), and the directory the third parties come from."""

from __future__ import annotations

from dataclasses import dataclass

from dispute.directory import Directory, Operator, of_name, shipped_directory
from dispute.model import Case
from documents.layout import check_address
from documents.letters.core import ADDRESS_PLACEHOLDER, Notes, Request, Signer, line
from documents.letters.voice import LEGAL_NAMES, Voice, operator_name, voice_of
from documents.text import registration_number


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


# --------------------------------------------------------------------------------------------
# The operator as a party: denomination, form, SIREN, siège social (review T8)


@dataclass(frozen=True)
class OperatorIdentity:
    """The operator as a party to identify (formal notice, court request, complaint, the
    Médiateur des entreprises' fiche): the case's values first, else the directory's when
    its source is « vérifié » (never a « à vérifier » one, such as SFR's siège, C)."""

    name: str  # as the register spells it when known (« Bouygues Telecom »)
    legal_form: str  # « société anonyme », "" when no usable source gives it
    siren: str  # as typed in the case, or the directory's 9 digits; "" when unknown
    head_office: tuple[str, ...]  # the siège's address lines, without the name; () unknown
    head_office_from_directory: bool = False
    siren_from_directory: bool = False

    @property
    def head_office_text(self) -> str:
        return ", ".join(self.head_office)


def directory_operator(case: Case, directory: Directory | None = None) -> Operator | None:
    """The directory's entry for the case's operator (by id, else by name)."""
    d = directory_or_shipped(directory)
    return (d.operator(case.operator.directory_id) if case.operator.directory_id else None) \
        or d.find_operator(line(case.operator.name))


def operator_identity(case: Case, notes: Notes, directory: Directory | None = None, *,
                      siren: bool = True) -> OperatorIdentity:
    """Who the operator is, as a party. A value taken from the directory adds a warning with
    its source (the user checks it on an invoice or an extract Kbis). ``siren`` False: the
    caller prints no SIREN (no warning about it)."""
    name = operator_name(case, notes)
    entry = directory_operator(case, directory)
    legal = LEGAL_NAMES.get(entry.id) if entry is not None else None
    form = legal[1] if legal is not None and name == legal[0] else ""
    head = tuple(case.operator.head_office_address.lines(""))
    head = tuple(x for x in head if line(x))
    wants_siren = siren
    siren = line(case.operator.siren)
    head_from = siren_from = False
    if not head and entry is not None and entry.head_office is not None and \
            not entry.head_office.is_empty() and entry.head_office.provenance.is_verified:
        head = tuple(x for x in entry.head_office.lines("") if line(x))
        head_from = True
        notes.add(f"Siège social {of_name(name)} repris de l'annuaire de l'application "
                  f"({entry.head_office.published_as} ; source : "
                  f"{entry.head_office.provenance.source}) : vérifiez-le sur une facture ou un "
                  "extrait Kbis, et enregistrez-le dans le dossier.")
    if wants_siren and not siren and entry is not None and entry.siren and (
            entry.siren_provenance is None or entry.siren_provenance.is_verified):
        siren = entry.siren
        siren_from = True
        notes.add(f"SIREN {of_name(name)} repris de l'annuaire de l'application : vérifiez-le "
                  "sur une facture.")
    return OperatorIdentity(name, form, siren, head, head_from, siren_from)


def identity_details(identity: OperatorIdentity) -> str:
    """« société anonyme, SIREN 397 480 930, siège social : 37-39 rue Boissière, 75116
    PARIS »: what identifies the operator as a legal person, from what is known ("" when
    nothing is): a complaint, a conciliation or a request names the person it is against
    (review 9.2, 10.3, 11.1)."""
    parts = [identity.legal_form, registration_number(identity.siren)]
    if identity.head_office:
        parts.append(f"siège social : {identity.head_office_text}")
    return ", ".join(p for p in parts if p)


def act_parties(r: Request, signer: Signer) -> tuple[Voice, OperatorIdentity]:
    """The two parties of an act the subscriber signs against the operator (the court
    request, the complaint to the procureur): the act's voice (``voice_of(…, act=True)``) and
    the operator as a legal person (:func:`operator_identity`, from the case or the verified
    directory). Here rather than in ``core`` or ``voice``: they cannot import this module
    without a cycle."""
    return voice_of(r, signer, act=True), operator_identity(r.case, r.notes, r.directory)

"""The directory of operators and bodies (``assets/directory.json``), as typed data.

Every entry, address and contact carries its provenance: a ``source``, the date it was checked
against that source (``verified_on``, None when never checked) and a ``status``
(« vérifié » / « à vérifier »). Addresses that no citable source gives are shipped empty and
« à vérifier »: the user reads them on the contract or an invoice (seeds/001).

The user can correct or complete the directory without touching the shipped file:
``load_directory(override_path)`` merges a user JSON file (same format, only the entries and
keys to change) over the shipped one; see docs/directory.md. A bad file raises
:class:`DirectoryError` with a French message naming the faulty field.
"""

from __future__ import annotations

import copy
import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from dispute.accents import strip_accents
from dispute.assets import asset_path
from dispute.model import Case, LineKind, OperatorRef, PostalAddress

logger = logging.getLogger(__name__)

DIRECTORY_FILE = "directory.json"
SUPPORTED_FORMAT = 1
MEDIATOR_MCE = "mcé"
"""``Operator.mediator`` value: the Médiateur des communications électroniques."""

OPERATOR_IDS = ("orange", "sfr", "bouygues", "free", "free_mobile", "sosh", "red")
BODY_IDS = ("mediateur_ce", "cpme", "dgccrf")

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_POSTCODE_RE = re.compile(r"^\d{5}$")


class DirectoryError(ValueError):
    """The directory file (shipped or user's) is unreadable or invalid.

    ``path`` locates the faulty field (``operators[orange].service_clients[0].postcode``);
    ``file`` is the file concerned, when known. ``str(error)`` is a complete French sentence.
    """

    def __init__(self, message: str, path: str = "", file: Path | None = None) -> None:
        self.message = message
        self.path = path
        self.file = file
        where = f"fichier {file}" if file else "annuaire"
        if path:
            where += f", {path}"
        super().__init__(f"Annuaire invalide ({where}) : {message}")


class Status(StrEnum):
    VERIFIED = "vérifié"
    TO_CHECK = "à vérifier"


class ContactKind(StrEnum):
    EMAIL = "email"
    WEBSITE = "website"
    PHONE = "phone"
    PERSON = "person"


class BodyKind(StrEnum):
    MEDIATOR = "mediator"
    CPME = "cpme"
    AUTHORITY = "authority"
    OTHER = "other"


@dataclass(frozen=True)
class Provenance:
    source: str | None  # None only for an empty address (nothing to source)
    verified_on: date | None
    status: Status
    note: str = ""

    @property
    def is_verified(self) -> bool:
        return self.status is Status.VERIFIED


@dataclass(frozen=True)
class DirectoryAddress:
    """A postal address of the directory, laid out for NF Z10-011.

    ``recipient`` is line 1 when the directory provides it (bodies); for an operator it is
    empty and the operator's name is the recipient. ``street_lines`` are lines 2 to 5 (the
    service, the TSA/CS/BP...). ``published_as`` is the address as the source wrote it.
    """

    id: str
    label: str
    recipient: str
    street_lines: tuple[str, ...]
    postcode: str
    city: str
    country: str
    published_as: str
    line_kinds: tuple[LineKind, ...]
    provenance: Provenance
    obsolete: bool = False
    # the address of the operator's service for business customers (« entreprises »,
    # « pro »): proposed to business subscribers only, and never to private ones
    for_business: bool = False

    def is_empty(self) -> bool:
        return not (any(s.strip() for s in self.street_lines) or self.postcode.strip()
                    or self.city.strip())

    def to_postal_address(self) -> PostalAddress:
        return to_postal_address(self)

    def lines(self, recipient: str = "") -> list[str]:
        """The printed block: ``recipient`` (or the directory's own) then the address."""
        return self.to_postal_address().lines(recipient or self.recipient)


@dataclass(frozen=True)
class Contact:
    kind: ContactKind
    value: str
    label: str
    provenance: Provenance


@dataclass(frozen=True)
class Operator:
    id: str
    name: str
    aliases: tuple[str, ...]
    provenance: Provenance
    cpme_eligible: bool
    cpme_eligible_provenance: Provenance
    mediator: str  # "mcé" or "" (none known)
    mediator_provenance: Provenance
    service_clients: tuple[DirectoryAddress, ...]
    service_consommateurs: tuple[DirectoryAddress, ...]
    contacts: tuple[Contact, ...] = ()
    user_modified: bool = False
    # the siège social (court request, Médiateur des entreprises, the DDPP of its department)
    head_office: DirectoryAddress | None = None
    siren: str = ""  # 9 digits, "" when no citable source gives it
    siren_provenance: Provenance | None = None

    @property
    def note(self) -> str:
        return self.provenance.note

    def addresses(self) -> tuple[DirectoryAddress, ...]:
        return self.service_clients + self.service_consommateurs


@dataclass(frozen=True)
class Body:
    """A body that is not an operator: the mediator, the CPME, the DGCCRF."""

    id: str
    kind: BodyKind
    name: str
    aliases: tuple[str, ...]
    provenance: Provenance
    contacts: tuple[Contact, ...]
    addresses: tuple[DirectoryAddress, ...]
    obsolete_addresses: tuple[DirectoryAddress, ...] = ()
    user_modified: bool = False

    @property
    def note(self) -> str:
        return self.provenance.note

    def contact(self, kind: ContactKind) -> Contact | None:
        return next((c for c in self.contacts if c.kind is kind), None)

    def current_address(self) -> DirectoryAddress | None:
        """The first non-empty, non-obsolete postal address, if any."""
        return next((a for a in self.addresses if not a.is_empty() and not a.obsolete), None)


Entry = Operator | Body


# --------------------------------------------------------------------------------------------
# Names


def normalize_name(name: str) -> str:
    """Key for name lookups: accents, case, spaces and punctuation ignored.

    ``"Bouygues Télécom"``, ``"bouygues telecom"``, ``" BOUYGUES-TELECOM "``
    → ``"bouyguestelecom"``.
    """
    return "".join(c for c in strip_accents(name or "").casefold() if c.isalnum())


# --------------------------------------------------------------------------------------------
# The directory


@dataclass(frozen=True)
class Directory:
    operators: tuple[Operator, ...]
    bodies: tuple[Body, ...]
    updated_on: date | None = None

    def __post_init__(self) -> None:
        index: dict[str, Entry] = {}
        for entry in (*self.operators, *self.bodies):
            for key in (entry.id, entry.name, *entry.aliases):
                norm = normalize_name(key)
                other = index.get(norm)
                if other is not None and other.id != entry.id:
                    raise DirectoryError(
                        f"le nom {key!r} désigne à la fois {other.id!r} et {entry.id!r}",
                        f"{_section(entry)}[{entry.id}]")
                if norm:
                    index[norm] = entry
        object.__setattr__(self, "_by_name", index)

    def entry(self, entry_id: str) -> Entry | None:
        return self.operator(entry_id) or self.body(entry_id)

    def operator(self, operator_id: str) -> Operator | None:
        return next((o for o in self.operators if o.id == operator_id), None)

    def body(self, body_id: str) -> Body | None:
        return next((b for b in self.bodies if b.id == body_id), None)

    def find(self, name: str) -> Entry | None:
        """An operator or a body by id, name or alias (accents, case and spaces ignored)."""
        return self._by_name.get(normalize_name(name))  # type: ignore[attr-defined]

    def find_operator(self, name: str) -> Operator | None:
        found = self.find(name)
        return found if isinstance(found, Operator) else None

    def cpme_eligible_ids(self) -> frozenset[str]:
        return frozenset(o.id for o in self.operators if o.cpme_eligible)

    def mediator(self) -> Body | None:
        return self.body("mediateur_ce")


def of_name(name: str) -> str:
    """French elision: ``"d'Orange"``, ``"de SFR"``."""
    first = normalize_name(name[:1])
    return f"d'{name}" if first and first in "aeiouyh" else f"de {name}"


def _section(entry: Entry) -> str:
    return "operators" if isinstance(entry, Operator) else "bodies"


# --------------------------------------------------------------------------------------------
# Conversion to the case model


def to_postal_address(address: DirectoryAddress) -> PostalAddress:
    """A directory address as a case address (the recipient is not part of it)."""
    return PostalAddress(street_lines=[s for s in address.street_lines if s.strip()],
                         postcode=address.postcode, city=address.city, country=address.country)


@dataclass(frozen=True)
class OperatorChoice:
    """What :func:`operator_ref` chose, with the French notes to show the user."""

    ref: OperatorRef
    notes: tuple[str, ...]
    service_clients: DirectoryAddress | None
    service_consommateurs: DirectoryAddress | None


def _choose(addresses: Iterable[DirectoryAddress], wanted_id: str | None,
            line_kinds: frozenset[LineKind], what: str, operator: Operator
            ) -> tuple[DirectoryAddress | None, list[str]]:
    usable = [a for a in addresses if not a.is_empty() and not a.obsolete]
    if wanted_id is not None:
        chosen = next((a for a in usable if a.id == wanted_id), None)
        if chosen is None:
            known = ", ".join(a.id for a in usable) or "aucune"
            raise DirectoryError(f"adresse {wanted_id!r} inconnue pour le {what} "
                                 f"{of_name(operator.name)} (connues : {known})",
                                 f"operators[{operator.id}]")
        return chosen, []
    if not usable:
        return None, [f"Adresse du {what} {of_name(operator.name)} inconnue de l'annuaire : "
                      "relevez-la sur le contrat ou une facture."]
    if len(usable) == 1:
        return usable[0], []
    matching = [a for a in usable if line_kinds and set(a.line_kinds) & line_kinds]
    if len(matching) == 1:
        return matching[0], []
    candidates = matching or usable
    labels = ", ".join(a.label for a in candidates)
    return None, [f"Plusieurs adresses possibles pour le {what} {of_name(operator.name)} "
                  f"({labels}) : "
                  "choisissez celle qui correspond à l'offre, ou relevez-la sur le contrat."]


def _unverified_note(address: DirectoryAddress, what: str, operator: Operator) -> list[str]:
    if address.provenance.is_verified:
        return []
    return [f"Adresse du {what} {of_name(operator.name)} à vérifier (source : "
            f"{address.provenance.source or 'aucune'}) : comparez-la avec le contrat ou une "
            "facture."]


def operator_ref(operator: Operator, *, line_kinds: Iterable[LineKind] = (),
                 service_clients_id: str | None = None,
                 service_consommateurs_id: str | None = None,
                 business: bool | None = None) -> OperatorChoice:
    """An :class:`OperatorRef` filled from the directory.

    When the operator has several service clients addresses (Orange: ADSL, fibre, mobile),
    the one matching ``line_kinds`` is used if it is the only match; otherwise the address is
    left empty and a note asks the user to choose (``service_clients_id`` forces a choice).
    ``business``: only the addresses for that kind of subscriber (``for_business``); a
    business subscriber never gets the private customers' service. None: all of them.
    """
    kinds = frozenset(line_kinds)
    notes: list[str] = []

    def audience(addresses: tuple[DirectoryAddress, ...]) -> tuple[DirectoryAddress, ...]:
        return addresses if business is None else tuple(
            a for a in addresses if a.for_business == business)

    clients, n1 = _choose(audience(operator.service_clients), service_clients_id, kinds,
                          "service clients", operator)
    conso, n2 = _choose(audience(operator.service_consommateurs), service_consommateurs_id,
                        kinds, "service consommateurs", operator)
    notes += n1 + n2
    if clients is not None:
        notes += _unverified_note(clients, "service clients", operator)
    if conso is not None:
        notes += _unverified_note(conso, "service consommateurs", operator)
    head = operator.head_office
    if head is not None and not head.is_empty():
        notes += _unverified_note(head, "siège social", operator)
    ref = OperatorRef(
        directory_id=operator.id,
        name=operator.name,
        service_clients_address=to_postal_address(clients) if clients else PostalAddress(),
        service_consommateurs_address=to_postal_address(conso) if conso else PostalAddress(),
        siren=operator.siren if operator.siren_provenance and
        operator.siren_provenance.is_verified else "",
        head_office_address=(to_postal_address(head) if head is not None and not head.is_empty()
                             else PostalAddress()),
    )
    return OperatorChoice(ref=ref, notes=tuple(notes), service_clients=clients,
                          service_consommateurs=conso)


def fill_operator_ref(case: Case, operator: Operator, *, service_clients_id: str | None = None,
                      service_consommateurs_id: str | None = None) -> tuple[str, ...]:
    """Set ``case.operator`` from the directory; return the French notes to show.

    The case's line kinds choose among several service clients addresses. An address the user
    already typed for the same operator is kept when the directory has none to offer.
    """
    choice = operator_ref(operator, line_kinds=[line.kind for line in case.lines],
                          service_clients_id=service_clients_id,
                          service_consommateurs_id=service_consommateurs_id,
                          business=case.is_business)
    ref = choice.ref
    previous = case.operator
    if previous.directory_id == operator.id:
        for attr in ("service_clients_address", "service_consommateurs_address"):
            if getattr(ref, attr).is_empty() and not getattr(previous, attr).is_empty():
                setattr(ref, attr, copy.deepcopy(getattr(previous, attr)))
    case.operator = ref
    return choice.notes


# --------------------------------------------------------------------------------------------
# Parsing and validation of the JSON


class _Reader:
    """Typed access to one JSON object, raising :class:`DirectoryError` with its path."""

    def __init__(self, data: Any, path: str, file: Path | None) -> None:
        if not isinstance(data, dict):
            raise DirectoryError("un objet JSON est attendu", path, file)
        self.data, self.path, self.file = data, path, file

    def fail(self, key: str, message: str) -> DirectoryError:
        return DirectoryError(message, f"{self.path}.{key}" if key else self.path, self.file)

    def text(self, key: str, *, required: bool = True, nullable: bool = False) -> str | None:
        if key not in self.data:
            if required:
                raise self.fail(key, "champ obligatoire manquant")
            return None if nullable else ""
        value = self.data[key]
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            raise self.fail(key, "un texte est attendu")
        return value

    def nonempty(self, key: str) -> str:
        value = self.text(key)
        if not value or not value.strip():
            raise self.fail(key, "un texte non vide est attendu")
        return value

    def boolean(self, key: str) -> bool:
        value = self.data.get(key)
        if not isinstance(value, bool):
            raise self.fail(key, "vrai ou faux (true / false) est attendu")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "une liste de textes est attendue")
        return tuple(value)

    def objects(self, key: str) -> list[Any]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise self.fail(key, "une liste est attendue")
        return value

    def child(self, key: str) -> _Reader:
        if key not in self.data:
            raise self.fail(key, "champ obligatoire manquant")
        return _Reader(self.data[key], f"{self.path}.{key}", self.file)


def _provenance(r: _Reader, *, allow_no_source: bool = False) -> Provenance:
    source = r.text("source", nullable=True)
    raw_date = r.text("verified_on", nullable=True)
    verified_on = None
    if raw_date:
        try:
            verified_on = date.fromisoformat(raw_date)
        except ValueError:
            raise r.fail("verified_on", f"date invalide {raw_date!r} (format AAAA-MM-JJ)"
                         ) from None
    raw_status = r.text("status")
    try:
        status = Status(raw_status)
    except ValueError:
        raise r.fail("status", f"statut inconnu {raw_status!r} (attendu : « vérifié » ou "
                     "« à vérifier »)") from None
    if not (source or "").strip():
        if not allow_no_source:
            raise r.fail("source", "la source est obligatoire (par exemple « contrat », "
                         "« facture du 12/10/2026 », le nom d'une page officielle)")
        source = None
    if status is Status.VERIFIED and verified_on is None:
        raise r.fail("status", "« vérifié » exige une source et une date de vérification "
                     "(verified_on)")
    return Provenance(source=source, verified_on=verified_on, status=status,
                      note=r.text("note", required=False) or "")


def _address(raw: Any, path: str, file: Path | None, *, obsolete: bool = False
             ) -> DirectoryAddress:
    r = _Reader(raw, path, file)
    address_id = r.nonempty("id")
    kinds = []
    for value in r.texts("line_kinds"):
        try:
            kinds.append(LineKind(value))
        except ValueError:
            allowed = ", ".join(k.value for k in LineKind)
            raise r.fail("line_kinds", f"type de ligne inconnu {value!r} (attendu : {allowed})"
                         ) from None
    address = DirectoryAddress(
        id=address_id,
        label=r.text("label", required=False) or "",
        recipient=r.text("recipient", required=False) or "",
        street_lines=r.texts("street_lines"),
        postcode=(r.text("postcode", required=False) or "").strip(),
        city=(r.text("city", required=False) or "").strip(),
        country=(r.text("country", required=False) or "").strip(),
        published_as=r.text("published_as", required=False) or "",
        line_kinds=tuple(kinds),
        provenance=_provenance(r, allow_no_source=True),
        obsolete=obsolete,
        for_business=_optional_boolean(r, "for_business"),
    )
    if address.is_empty():
        if address.provenance.is_verified:
            raise r.fail("status", "une adresse vide ne peut pas être « vérifié » : "
                         "mettez « à vérifier »")
        return address
    if address.provenance.source is None:
        raise r.fail("source", "une adresse renseignée doit indiquer sa source (par exemple "
                     "« contrat », « facture du 12/10/2026 »)")
    if not address.city:
        raise r.fail("city", "la localité manque")
    if not address.country and not _POSTCODE_RE.match(address.postcode):
        raise r.fail("postcode", f"code postal invalide {address.postcode!r} : 5 chiffres "
                     "attendus")
    return address


def _optional_boolean(r: _Reader, key: str) -> bool:
    value = r.data.get(key, False)
    if not isinstance(value, bool):
        raise r.fail(key, "vrai ou faux (true / false) est attendu")
    return value


def operator_named_in(directory: Directory, text: str) -> Operator | None:
    """The operator whose name or an alias is written in ``text`` as whole words, accents
    and case ignored: « SFR Business Box Pro » → SFR, « Offre BOUYGUES TÉLÉCOM Pro » →
    Bouygues Télécom. A longer name wins over one it contains (« RED by SFR » over « SFR »,
    « Free Mobile » over « Free »). None when no operator is named, when two are (« de Free
    vers Orange »), or when a name is only part of a word (« Freebox », « Orangerie »)."""
    words = _words(text)
    hits: list[tuple[int, int, Operator]] = []
    for operator in directory.operators:
        for name in (operator.name, *operator.aliases):
            target = _words(name)
            size = len(target)
            hits += [(i, i + size, operator) for i in range(len(words) - size + 1)
                     if size and words[i:i + size] == target]
    kept = [h for h in hits
            if not any(o[0] <= h[0] and h[1] <= o[1] and o[1] - o[0] > h[1] - h[0]
                       for o in hits)]
    named = {operator.id: operator for _start, _end, operator in kept}
    return next(iter(named.values())) if len(named) == 1 else None


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", strip_accents(text or "").casefold())


def _contact(raw: Any, path: str, file: Path | None) -> Contact:
    r = _Reader(raw, path, file)
    raw_kind = r.nonempty("kind")
    try:
        kind = ContactKind(raw_kind)
    except ValueError:
        allowed = ", ".join(k.value for k in ContactKind)
        raise r.fail("kind", f"type de contact inconnu {raw_kind!r} (attendu : {allowed})"
                     ) from None
    return Contact(kind=kind, value=r.nonempty("value"), label=r.text("label", required=False)
                   or "", provenance=_provenance(r))


def _addresses(r: _Reader, key: str, *, obsolete: bool = False) -> tuple[DirectoryAddress, ...]:
    out = []
    for i, raw in enumerate(r.objects(key)):
        out.append(_address(raw, f"{r.path}.{key}[{i}]", r.file, obsolete=obsolete))
    ids = [a.id for a in out]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise r.fail(key, f"identifiant d'adresse en double : {duplicates[0]!r}")
    return tuple(out)


def _contacts(r: _Reader) -> tuple[Contact, ...]:
    return tuple(_contact(raw, f"{r.path}.contacts[{i}]", r.file)
                 for i, raw in enumerate(r.objects("contacts")))


def _entry_reader(raw: Any, section: str, index: int, file: Path | None) -> _Reader:
    label = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else index
    r = _Reader(raw, f"{section}[{label}]", file)
    entry_id = r.nonempty("id")
    if not _ID_RE.match(entry_id):
        raise r.fail("id", f"identifiant {entry_id!r} invalide (lettres minuscules sans accent, "
                     "chiffres et _)")
    return r


def _operator(raw: Any, index: int, file: Path | None, user_modified: bool) -> Operator:
    r = _entry_reader(raw, "operators", index, file)
    mediator = r.text("mediator", required=False) or ""
    if mediator not in ("", MEDIATOR_MCE):
        raise r.fail("mediator", f"médiateur inconnu {mediator!r} (attendu : « {MEDIATOR_MCE} » "
                     "ou vide)")
    siren = "".join((r.text("siren", required=False) or "").split())
    if siren and not (siren.isdigit() and len(siren) == 9):
        raise r.fail("siren", f"SIREN invalide {siren!r} : 9 chiffres attendus")
    return Operator(
        id=r.nonempty("id"),
        name=r.nonempty("name"),
        aliases=r.texts("aliases"),
        provenance=_provenance(r),
        cpme_eligible=r.boolean("cpme_eligible"),
        cpme_eligible_provenance=_provenance(r.child("cpme_eligible_provenance")),
        mediator=mediator,
        mediator_provenance=_provenance(r.child("mediator_provenance")),
        service_clients=_addresses(r, "service_clients"),
        service_consommateurs=_addresses(r, "service_consommateurs"),
        contacts=_contacts(r),
        user_modified=user_modified,
        head_office=_head_office(r),
        siren=siren,
        siren_provenance=_provenance(r.child("siren_provenance")) if siren else None,
    )


def _head_office(r: _Reader) -> DirectoryAddress | None:
    if r.data.get("head_office") is None:
        return None
    return _address(r.data["head_office"], f"{r.path}.head_office", r.file)


def _body(raw: Any, index: int, file: Path | None, user_modified: bool) -> Body:
    r = _entry_reader(raw, "bodies", index, file)
    raw_kind = r.text("kind", required=False) or BodyKind.OTHER.value
    try:
        kind = BodyKind(raw_kind)
    except ValueError:
        allowed = ", ".join(k.value for k in BodyKind)
        raise r.fail("kind", f"type d'organisme inconnu {raw_kind!r} (attendu : {allowed})"
                     ) from None
    return Body(
        id=r.nonempty("id"),
        kind=kind,
        name=r.nonempty("name"),
        aliases=r.texts("aliases"),
        provenance=_provenance(r),
        contacts=_contacts(r),
        addresses=_addresses(r, "addresses"),
        obsolete_addresses=_addresses(r, "obsolete_addresses", obsolete=True),
        user_modified=user_modified,
    )


def parse_directory(data: Any, *, file: Path | None = None,
                    user_modified: Iterable[str] = ()) -> Directory:
    """Build a :class:`Directory` from decoded JSON; raises :class:`DirectoryError`."""
    r = _Reader(data, "$", file)
    if data.get("format") != SUPPORTED_FORMAT:
        raise r.fail("format", f"version {data.get('format')!r} non prise en charge "
                     f"(attendu : {SUPPORTED_FORMAT})")
    modified = set(user_modified)
    raw_updated = r.text("updated_on", required=False, nullable=True)
    try:
        updated_on = date.fromisoformat(raw_updated) if raw_updated else None
    except ValueError:
        raise r.fail("updated_on", f"date invalide {raw_updated!r}") from None
    operators = tuple(_operator(raw, i, file, _raw_id(raw) in modified)
                      for i, raw in enumerate(r.objects("operators")))
    bodies = tuple(_body(raw, i, file, _raw_id(raw) in modified)
                   for i, raw in enumerate(r.objects("bodies")))
    ids = [e.id for e in (*operators, *bodies)]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise DirectoryError(f"identifiant en double : {duplicates[0]!r}", "$", file)
    try:
        return Directory(operators=operators, bodies=bodies, updated_on=updated_on)
    except DirectoryError as exc:
        raise DirectoryError(exc.message, exc.path, file) from None


def _raw_id(raw: Any) -> Any:
    return raw.get("id") if isinstance(raw, dict) else None


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DirectoryError("fichier introuvable", file=path) from None
    except UnicodeDecodeError:
        raise DirectoryError("le fichier n'est pas encodé en UTF-8", file=path) from None
    except OSError as exc:
        raise DirectoryError(f"fichier illisible ({exc.strerror or exc})", file=path) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DirectoryError(f"JSON invalide ligne {exc.lineno}, colonne {exc.colno} "
                             f"({exc.msg})", file=path) from None


def merge_override(shipped: Mapping[str, Any], override: Any, *, file: Path | None = None
                   ) -> tuple[dict[str, Any], set[str]]:
    """Merge a user override over the shipped JSON; return the result and the touched ids.

    For an id present in both, each key of the user's entry replaces the shipped key (so a
    list of addresses is replaced as a whole); a new id adds an entry, which must then be
    complete. ``"updated_on"`` and ``"about"`` of the override are ignored.
    """
    r = _Reader(override, "$", file)
    if "format" in override and override["format"] != SUPPORTED_FORMAT:
        raise r.fail("format", f"version {override['format']!r} non prise en charge "
                     f"(attendu : {SUPPORTED_FORMAT})")
    unknown = sorted(set(override) - {"format", "updated_on", "about", "operators", "bodies"})
    if unknown:
        raise r.fail(unknown[0], "champ inconnu (attendu : operators, bodies)")
    merged = copy.deepcopy(dict(shipped))
    touched: set[str] = set()
    for section in ("operators", "bodies"):
        entries = merged.setdefault(section, [])
        by_id = {e.get("id"): e for e in entries if isinstance(e, dict)}
        for i, raw in enumerate(r.objects(section)):
            er = _entry_reader(raw, section, i, file)
            entry_id = raw["id"]
            if entry_id in by_id:
                by_id[entry_id].update(copy.deepcopy(raw))
            else:
                other = "bodies" if section == "operators" else "operators"
                if any(isinstance(e, dict) and e.get("id") == entry_id
                       for e in merged.get(other, [])):
                    raise er.fail("id", f"{entry_id!r} existe déjà dans {other}")
                new = copy.deepcopy(raw)
                entries.append(new)
                by_id[entry_id] = new
            touched.add(entry_id)
    return merged, touched


def load_directory(override_path: Path | str | None = None) -> Directory:
    """The shipped directory, with the user's corrections merged over it when given.

    A missing override file is not an error (nothing was corrected yet); an unreadable or
    invalid one raises :class:`DirectoryError` naming the file and the faulty field.
    """
    shipped_path = asset_path(DIRECTORY_FILE)
    shipped = _read_json(shipped_path)
    if not isinstance(shipped, dict):
        raise DirectoryError("un objet JSON est attendu", "$", shipped_path)
    if override_path is None:
        return parse_directory(shipped, file=shipped_path)
    override_path = Path(override_path)
    if not override_path.exists():
        logger.info("No user directory at %s: shipped directory only", override_path)
        return parse_directory(shipped, file=shipped_path)
    override = _read_json(override_path)
    merged, touched = merge_override(shipped, override, file=override_path)
    logger.info("User directory %s merged (%d entries)", override_path, len(touched))
    return parse_directory(merged, file=override_path, user_modified=touched)


@lru_cache(maxsize=1)
def shipped_directory() -> Directory:
    """The shipped directory alone (cached; the app uses ``load_directory(user_file)``)."""
    return load_directory()

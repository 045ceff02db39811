"""What the office sets once for all its letters (persisted by the GUI with ``to_dict``).

- ``place``: the place printed before the date ("Caen, le 1er mars 2026"); empty (the
  default), the town of whoever writes: the structure when it signs, else the subscriber
  (see ``documents.letters.voice.letter_place``). A fixed town printed on every office's letters
  would be wrong for most of them;
- ``structure``: the handling structure's identity (a CPME structure, a consumer-help desk):
  name, its type (``kind``: CPME, association de consommateurs, autre; the CPME route and the
  mandate depend on it), postal address, contact person and role, phone, email, and an
  optional signature line ("Pour la CPME du Calvados, la chargée de mission"). It is offered
  to each new case;
  the letters use the case's own ``handling_structure`` only, a case with none being the
  subscriber's (see :func:`structure_for_case`);
- ``structure_signs``: whether the structure writes and signs on behalf of the subscriber
  (sender block = the structure, "nous" = the structure). When false, the subscriber writes
  and the structure appears as "Dossier suivi par". Some letters always speak for the
  subscriber whatever this says (docs/letters.md);
- ``formal_notice_days``: the deadline given in a mise en demeure (15 days by default). This
  is a choice of the sender, not a legal deadline;
- ``registered_number``: the LRAR number to print ("n° …") when the user already has the
  registered-mail label; empty by default (the letter is not posted yet);
- ``geometry``: the page and envelope-window geometry (``documents.layout.LetterGeometry``).

Qt-free, no I/O: ``to_dict`` / ``from_dict`` give a JSON-safe mapping; unknown keys are
ignored and bad values fall back to the defaults (with a logged warning), so an old or
hand-edited settings file never stops the application. ``version`` 1 (before the
structure's type) reads as version 2 with the type « non précisé » (:func:`migrate`): the
type is never guessed from the name.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from dispute.letter_kinds import DEFAULT_FORMAL_NOTICE_DAYS
from dispute.model import Case, HandlingStructure, PostalAddress, StructureKind
from documents.layout import DEFAULT_GEOMETRY, LetterGeometry
from documents.text import clean_line

logger = logging.getLogger(__name__)

SETTINGS_VERSION = 2
"""1: the first format; 2: ``structure.kind`` (the structure's type)."""
DEFAULT_PLACE = ""  # the sender's town
MIN_FORMAL_NOTICE_DAYS = 1
MAX_FORMAL_NOTICE_DAYS = 90


@dataclass(frozen=True)
class StructureIdentity:
    """The handling structure as it appears on a letter (sender or "dossier suivi par")."""

    name: str = ""
    street_lines: tuple[str, ...] = ()
    postcode: str = ""
    city: str = ""
    contact_name: str = ""
    contact_role: str = ""
    phone: str = ""
    email: str = ""
    signature_line: str = ""
    """Printed under the signer's name instead of "role, structure" when not empty."""
    kind: StructureKind | None = None
    """CPME, association de consommateurs, autre; None: not said."""

    def __post_init__(self) -> None:
        if not isinstance(self.street_lines, tuple):
            object.__setattr__(self, "street_lines", tuple(self.street_lines))

    def is_empty(self) -> bool:
        return not clean_line(self.name)

    @property
    def address(self) -> PostalAddress:
        return PostalAddress(street_lines=list(self.street_lines), postcode=self.postcode,
                             city=self.city)

    def to_handling_structure(self) -> HandlingStructure:
        """This structure as a case's ``HandlingStructure`` (what the wizard offers, what
        Paramètres validate)."""
        return HandlingStructure(
            name=self.name, contact_name=self.contact_name, contact_role=self.contact_role,
            address=PostalAddress(street_lines=list(self.street_lines), postcode=self.postcode,
                                  city=self.city),
            email=self.email, phone=self.phone, kind=self.kind)

    @classmethod
    def from_handling_structure(cls, hs: HandlingStructure,
                                signature_line: str = "") -> StructureIdentity:
        return cls(name=hs.name, street_lines=tuple(hs.address.street_lines),
                   postcode=hs.address.postcode, city=hs.address.city,
                   contact_name=hs.contact_name, contact_role=hs.contact_role, phone=hs.phone,
                   email=hs.email, signature_line=signature_line, kind=hs.kind)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "street_lines": list(self.street_lines),
            "postcode": self.postcode, "city": self.city, "contact_name": self.contact_name,
            "contact_role": self.contact_role, "phone": self.phone, "email": self.email,
            "signature_line": self.signature_line,
            "kind": self.kind.value if self.kind is not None else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StructureIdentity:
        if not isinstance(data, Mapping):
            return cls()
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            raw = data[f.name]
            if f.name == "street_lines":
                if isinstance(raw, (list, tuple)) and all(isinstance(s, str) for s in raw):
                    values[f.name] = tuple(raw)
            elif f.name == "kind":
                if raw is not None:
                    try:
                        values[f.name] = StructureKind(raw)
                    except (ValueError, TypeError):
                        logger.warning("Letter settings: structure kind %r ignored", raw)
            elif isinstance(raw, str):
                values[f.name] = raw
        return cls(**values)


@dataclass(frozen=True)
class LetterSettings:
    place: str = DEFAULT_PLACE
    structure: StructureIdentity = field(default_factory=StructureIdentity)
    structure_signs: bool = False
    formal_notice_days: int = DEFAULT_FORMAL_NOTICE_DAYS
    registered_number: str = ""
    geometry: LetterGeometry = DEFAULT_GEOMETRY

    def __post_init__(self) -> None:
        days = self.formal_notice_days
        if isinstance(days, bool) or not isinstance(days, int) \
                or not MIN_FORMAL_NOTICE_DAYS <= days <= MAX_FORMAL_NOTICE_DAYS:
            raise ValueError(
                f"Délai de la mise en demeure invalide : {days!r} (de {MIN_FORMAL_NOTICE_DAYS} "
                f"à {MAX_FORMAL_NOTICE_DAYS} jours).")

    def with_(self, **changes: Any) -> LetterSettings:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": SETTINGS_VERSION,
            "place": self.place,
            "structure": self.structure.to_dict(),
            "structure_signs": self.structure_signs,
            "formal_notice_days": self.formal_notice_days,
            "registered_number": self.registered_number,
            "geometry": self.geometry.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> LetterSettings:
        """Settings from a stored mapping. Unknown keys are ignored; a bad value is replaced
        by its default (logged), never fatal."""
        if not isinstance(data, Mapping):
            return cls()
        data = migrate(data)
        values: dict[str, Any] = {}
        for key in ("place", "registered_number"):
            if isinstance(data.get(key), str):
                values[key] = data[key]
        if isinstance(data.get("structure_signs"), bool):
            values["structure_signs"] = data["structure_signs"]
        days = data.get("formal_notice_days")
        if isinstance(days, int) and not isinstance(days, bool) \
                and MIN_FORMAL_NOTICE_DAYS <= days <= MAX_FORMAL_NOTICE_DAYS:
            values["formal_notice_days"] = days
        elif days is not None:
            logger.warning("Letter settings: formal_notice_days %r ignored", days)
        if "structure" in data:
            values["structure"] = StructureIdentity.from_dict(data["structure"])
        geometry = data.get("geometry")
        if isinstance(geometry, Mapping):
            try:
                values["geometry"] = LetterGeometry.from_dict(geometry)
            except (TypeError, ValueError) as exc:
                logger.warning("Letter settings: geometry ignored (%s)", exc)
        return cls(**values)


def migrate(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """Stored settings brought to :data:`SETTINGS_VERSION` (a new mapping; ``data`` is left
    as it is). Version 1 had no structure type: « non précisé » (None), never guessed from
    the name. A newer version is read for what this one knows (logged)."""
    version = data.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool):
        logger.warning("Letter settings: version %r read as 1", version)
        version = 1
    if version > SETTINGS_VERSION:
        logger.warning("Letter settings: version %s is newer than %s: unknown keys ignored",
                       version, SETTINGS_VERSION)
        return data
    out = dict(data)
    if version < 2 and isinstance(out.get("structure"), Mapping):
        out["structure"] = {**out["structure"], "kind": None}
    out["version"] = SETTINGS_VERSION
    return out


def structure_for_case(case: Case, settings: LetterSettings) -> StructureIdentity | None:
    """The structure handling this case: the case's own ``handling_structure`` when it has a
    name (its signature line comes from the settings when the names match), else None: a
    case without a structure (« Aucune » in the wizard or the case view) is written and
    signed by the subscriber. The structure of the settings is only offered when a case is
    created (gui.wizard), never applied silently to a case that has none."""
    hs = case.handling_structure
    if hs is None or not clean_line(hs.name):
        return None
    same = clean_line(hs.name).casefold() == clean_line(settings.structure.name).casefold()
    return StructureIdentity.from_handling_structure(
        hs, settings.structure.signature_line if same else "")

"""The certified service commitments to business customers (``assets/commitments.json``).

Transcribed word for word from ``seeds/004_30d7639af28b6faf.txt`` ("Caractéristiques
certifiées — Les engagements communiqués"). The certification scheme behind that list is not
identified in any source (DOMAIN.md): letters cite them as the operator's « engagements
certifiés », by number and exact wording, never naming a label or a certification body.
``Case.broken_commitments`` holds the numbers ("6.4", "8.1"...).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from dispute.assets import asset_path

logger = logging.getLogger(__name__)

COMMITMENTS_FILE = "commitments.json"
SUPPORTED_FORMAT = 1


class CommitmentsError(ValueError):
    """The commitments file is missing or malformed (French message)."""


@dataclass(frozen=True)
class Commitment:
    number: str  # "8.1", "5.1.1" (normalised: no trailing dot)
    text: str  # the exact wording of the source
    section: str | None = None  # "5.1" for the 5.x.y commitments
    number_as_published: str = ""  # "5.1.1." when the source wrote a trailing dot

    def citation(self) -> str:
        """``engagement certifié n° 8.1 : « Vous bénéficiez … »``."""
        return f"engagement certifié n° {self.number} : « {self.text} »"


@dataclass(frozen=True)
class CommitmentSection:
    number: str
    title: str


@dataclass(frozen=True)
class Commitments:
    commitments: tuple[Commitment, ...]
    sections: tuple[CommitmentSection, ...]
    title: str
    source: str
    verified_on: date | None
    status: str
    scheme_note: str
    scope_note: str

    def get(self, number: str) -> Commitment | None:
        """The commitment with this number (``"8.1"``, ``" 5.1.1. "``), or None."""
        key = normalize_number(number)
        return next((c for c in self.commitments if c.number == key), None)

    def __getitem__(self, number: str) -> Commitment:
        found = self.get(number)
        if found is None:
            raise KeyError(number)
        return found

    def __contains__(self, number: object) -> bool:
        return isinstance(number, str) and self.get(number) is not None

    def __iter__(self):
        return iter(self.commitments)

    def __len__(self) -> int:
        return len(self.commitments)

    def section(self, number: str) -> CommitmentSection | None:
        key = normalize_number(number)
        return next((s for s in self.sections if s.number == key), None)

    def numbers(self) -> tuple[str, ...]:
        return tuple(c.number for c in self.commitments)


def normalize_number(number: str) -> str:
    """``" 5.1.1. "`` → ``"5.1.1"``; ``"n° 8.1"`` → ``"8.1"``."""
    text = (number or "").strip().lower()
    for prefix in ("engagement", "n°", "no", "n"):
        if text.startswith(prefix):
            text = text[len(prefix):].strip()
    return text.rstrip(".").strip()


def _fail(path: str, message: str) -> CommitmentsError:
    return CommitmentsError(f"Fichier des engagements certifiés, {path} : {message}")


def _text(data: dict[str, Any], key: str, path: str, *, optional: bool = False) -> str:
    value = data.get(key)
    if value is None and optional:
        return ""
    if not isinstance(value, str) or (not optional and not value.strip()):
        raise _fail(f"{path}.{key}", "un texte non vide est attendu")
    return value


def parse_commitments(data: Any) -> Commitments:
    """Build :class:`Commitments` from the decoded JSON; raises :class:`CommitmentsError`."""
    if not isinstance(data, dict):
        raise _fail("$", "un objet JSON est attendu")
    if data.get("format") != SUPPORTED_FORMAT:
        raise _fail("$.format", f"version {data.get('format')!r} non prise en charge "
                    f"(attendu : {SUPPORTED_FORMAT})")
    verified = data.get("verified_on")
    try:
        verified_on = date.fromisoformat(verified) if verified else None
    except (TypeError, ValueError):
        raise _fail("$.verified_on", f"date invalide {verified!r} (format AAAA-MM-JJ)") from None
    raw_sections = data.get("sections", [])
    raw_items = data.get("commitments")
    if not isinstance(raw_sections, list):
        raise _fail("$.sections", "une liste est attendue")
    if not isinstance(raw_items, list) or not raw_items:
        raise _fail("$.commitments", "une liste non vide est attendue")
    sections = []
    for i, raw in enumerate(raw_sections):
        path = f"$.sections[{i}]"
        if not isinstance(raw, dict):
            raise _fail(path, "un objet est attendu")
        sections.append(CommitmentSection(number=normalize_number(_text(raw, "number", path)),
                                          title=_text(raw, "title", path)))
    items: list[Commitment] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_items):
        path = f"$.commitments[{i}]"
        if not isinstance(raw, dict):
            raise _fail(path, "un objet est attendu")
        number = normalize_number(_text(raw, "number", path))
        if number in seen:
            raise _fail(f"{path}.number", f"numéro {number} en double")
        seen.add(number)
        section = raw.get("section")
        if section is not None and not isinstance(section, str):
            raise _fail(f"{path}.section", "un texte ou null est attendu")
        items.append(Commitment(
            number=number,
            text=_text(raw, "text", path),
            section=normalize_number(section) if section else None,
            number_as_published=_text(raw, "number_as_published", path, optional=True)
            or number,
        ))
    return Commitments(
        commitments=tuple(items),
        sections=tuple(sections),
        title=_text(data, "title", "$"),
        source=_text(data, "source", "$"),
        verified_on=verified_on,
        status=_text(data, "status", "$"),
        scheme_note=_text(data, "scheme_note", "$"),
        scope_note=_text(data, "scope_note", "$", optional=True),
    )


def read_commitments(path: Path) -> Commitments:
    """Load a commitments file; raises :class:`CommitmentsError` in French."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommitmentsError(f"Fichier des engagements certifiés introuvable : {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CommitmentsError(
            f"Fichier des engagements certifiés illisible ({path}) : {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommitmentsError(
            f"Fichier des engagements certifiés ({path}) : JSON invalide ligne {exc.lineno}, "
            f"colonne {exc.colno}.") from None
    return parse_commitments(data)


@lru_cache(maxsize=1)
def load_commitments() -> Commitments:
    """The shipped list (cached)."""
    commitments = read_commitments(asset_path(COMMITMENTS_FILE))
    logger.debug("Loaded %d certified commitments", len(commitments))
    return commitments


def get_commitment(number: str) -> Commitment | None:
    """Lookup by number in the shipped list: ``get_commitment("8.1")``."""
    return load_commitments().get(number)

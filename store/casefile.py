"""Case files: one case with its exhibits, as a folder (or a .zip of that folder).

Layout (docs/case-format.md)::

    <folder>/case.json          the envelope below, UTF-8
    <folder>/pieces/P01_...     one file per exhibit

``case.json``::

    {"format": "recours-telecom/case", "format_version": 3, "exported_at": "...",
     "generator": "...", "case": <dispute.codec.case_to_dict>,
     "exhibit_files": {<exhibit id>: {"path": "pieces/P01_facture.pdf", "size": N,
                                      "sha256": "..."}}}

Reading is defensive: the file may come from anyone (an email attachment, a USB key). Every
problem raises a subclass of :class:`CaseFileError` with a French message and ``path``: the
JSON path of the bad field (``$.case.events[2].date``) or the name of the bad file
(``pieces/P02_ar.pdf``, ``case.json``, a zip entry).

Writing builds the folder in a temporary sibling, then renames it: a reader never sees half a
case file, and an existing non-empty folder is never overwritten.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import mimetypes
import os
import re
import shutil
import stat
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

import jsonschema
from jsonschema.exceptions import best_match

from dispute.codec import CodecError, case_from_dict, case_to_dict
from dispute.oserrors import french_os_error
from dispute.model import Case, Exhibit
from store import migrations

logger = logging.getLogger(__name__)

FORMAT_NAME = "recours-telecom/case"
FORMAT_VERSION = 4
"""Version of the case-file envelope written by this module (see docs/case-format.md)."""

CASE_JSON = "case.json"
PIECES_DIR = "pieces"
GENERATOR = "Recours Télécom"

MAX_JSON_BYTES = 20 * 1024 * 1024
MAX_ARCHIVE_BYTES = 2 * 1024 * 1024 * 1024
"""Cap on the total uncompressed size of a zip case file (zip bombs)."""
MAX_ARCHIVE_ENTRIES = 10_000
MAX_COMPRESSION_RATIO = 200
"""An entry larger than 1 MiB that compresses better than this is taken for a zip bomb."""
_RATIO_MIN_SIZE = 1024 * 1024
MAX_FILE_NAME_CHARS = 100
_CHUNK = 1024 * 1024

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "assets" / "schema" / "case-file.schema.json"

_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{p}{d}" for p in ("COM", "LPT") for d in "0123456789¹²³"]
)
_FORBIDDEN_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_DRIVE = re.compile(r"^[A-Za-z]:")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_EXTENSION = re.compile(r"^\.[A-Za-z0-9]{1,10}$")
_MEDIA_EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "text/plain": ".txt",
    "message/rfc822": ".eml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


# --------------------------------------------------------------------------- errors


class CaseFileError(ValueError):
    """A case file cannot be read or written.

    ``message`` (also ``str(error)``) is a French sentence for the user, naming the bad field or
    file; ``path`` is the JSON path of the bad field (``$.case.events[2].date``) or the relative
    name of the bad file (``pieces/P02_ar.pdf``, ``case.json``, a zip entry).
    """

    def __init__(self, message: str, path: str = "") -> None:
        if path.startswith("$") and path not in message:
            message = f"{path} : {message}"  # like dispute.codec: the field is named
        super().__init__(message)
        self.message = message
        self.path = path


class InvalidJsonError(CaseFileError):
    """``case.json`` is not valid, strict JSON (syntax, encoding, duplicate key, NaN...)."""

    def __init__(self, message: str, path: str = CASE_JSON, *, line: int | None = None,
                 column: int | None = None) -> None:
        super().__init__(message, path)
        self.line = line
        self.column = column


class TooLargeError(CaseFileError):
    """``case.json`` or the unpacked archive exceeds its size limit."""


class UnsupportedFormatError(CaseFileError):
    """Not a case file, or one written by a newer version of the application."""


class SchemaViolationError(CaseFileError):
    """The content does not describe a valid case (type, value, unknown or missing field)."""


class UnsafePathError(CaseFileError):
    """A path that could reach outside the case folder: ``..``, absolute, symlink, zip-slip."""


class ExhibitFileError(CaseFileError):
    """An exhibit file is missing, or its size or SHA-256 does not match."""


class ArchiveError(CaseFileError):
    """A .zip case file that cannot be read (damaged, encrypted, no case.json...)."""


class CaseFileExistsError(CaseFileError):
    """The destination of an export exists and is not empty."""


# --------------------------------------------------------------------------- result


@dataclass
class CaseFile:
    """A case file that passed every check.

    ``sources`` maps each exhibit id to the absolute path of its (verified) file. For a zip,
    the files live in a temporary folder removed by :meth:`close`: use ``with``.
    """

    case: Case
    sources: dict[str, Path]
    root: Path
    format_version: int = FORMAT_VERSION
    exported_at: datetime | None = None
    generator: str = ""
    cleaned_texts: int = 0
    """How many texts had control characters or lone surrogates removed on reading."""
    _temp_dir: tempfile.TemporaryDirectory[str] | None = field(default=None, repr=False,
                                                                compare=False)

    def close(self) -> None:
        if self._temp_dir is not None:
            self._temp_dir.cleanup()
            self._temp_dir = None

    def __enter__(self) -> CaseFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


# --------------------------------------------------------------------------- reading


def read_case_file(path: Path, *, max_json_bytes: int = MAX_JSON_BYTES,
                   max_archive_bytes: int = MAX_ARCHIVE_BYTES) -> CaseFile:
    """Read and check a case file: a folder, its ``case.json``, or a .zip of the folder.

    Raises a :class:`CaseFileError` subclass on the first problem found.
    """
    path = Path(path)
    try:
        if path.is_dir():
            return _read_folder(path, max_json_bytes=max_json_bytes)
        if path.is_file() and path.name == CASE_JSON:
            return _read_folder(path.parent, max_json_bytes=max_json_bytes)
        if path.is_file():
            return _read_zip(path, max_json_bytes=max_json_bytes,
                             max_archive_bytes=max_archive_bytes)
    except CaseFileError as exc:
        logger.warning("Case file %s rejected: %s [%s]", path, exc.message, exc.path)
        raise
    raise CaseFileError(f"Dossier ou archive introuvable : {path}", str(path))


def _read_folder(folder: Path, *, max_json_bytes: int,
                 temp_dir: tempfile.TemporaryDirectory[str] | None = None,
                 fetch: Callable[[set[str]], None] | None = None) -> CaseFile:
    """Read ``folder``; ``fetch(paths)`` (zip) is called with the exhibit paths once valid."""
    root = folder.resolve()
    document = _load_json(root / CASE_JSON, max_json_bytes)
    cleaned = clean_document_texts(document)
    case, entries, exported_at = validate_document(document)
    if fetch is not None:
        fetch({entry["path"] for entry in entries.values()})
    sources = _check_exhibit_files(root, case, entries)
    _log_unreferenced(root, entries)
    logger.info("Case file read: %s (case %s, %d exhibits)", root, case.id, len(sources))
    return CaseFile(case=case, sources=sources, root=root,
                    format_version=document["format_version"], exported_at=exported_at,
                    generator=document.get("generator", ""), cleaned_texts=cleaned,
                    _temp_dir=temp_dir)


def clean_document_texts(document: Any) -> int:
    """Clean, in place, every text of the case in a parsed case.json: control characters
    (terminal escape codes included) and lone surrogates are removed
    (``dispute.validation.clean_text``, the function the GUI applies to what is typed or
    pasted). Such text would otherwise be stored, then break every later print or export.
    Returns how many texts were changed."""
    from dispute.validation import clean_texts_in

    case = document.get("case") if isinstance(document, dict) else None
    changed = clean_texts_in(case) if isinstance(case, dict) else 0
    if changed:
        logger.info("%d text(s) of the imported case cleaned of control characters", changed)
    return changed


class _JsonObject(dict):
    """A JSON object that remembers the first key it saw twice."""

    duplicate: str | None = None


class _NonFinite:
    def __init__(self, text: str) -> None:
        self.text = text


def _object_pairs(pairs: list[tuple[str, Any]]) -> _JsonObject:
    obj = _JsonObject()
    for key, value in pairs:
        if key in obj and obj.duplicate is None:
            obj.duplicate = key
        obj[key] = value
    return obj


def _parse_float(text: str) -> float | _NonFinite:
    value = float(text)
    return value if math.isfinite(value) else _NonFinite(text)


_JSON_MESSAGES = {
    "Expecting value": "valeur attendue",
    "Expecting property name enclosed in double quotes": "nom de champ entre guillemets attendu",
    "Expecting ',' delimiter": "virgule attendue",
    "Expecting ':' delimiter": "deux-points attendus",
    "Unterminated string starting at": "texte non terminé",
    "Invalid control character at": "caractère de contrôle interdit dans un texte",
    "Invalid \\escape": "séquence d'échappement invalide",
    "Invalid \\uXXXX escape": "séquence \\uXXXX invalide",
    "Extra data": "données en trop après la fin du document",
}


def _load_json(file: Path, max_bytes: int) -> Any:
    name = CASE_JSON
    try:
        info = file.lstat()
    except FileNotFoundError:
        raise CaseFileError(f"Fichier {name} introuvable : ce n'est pas un dossier Recours "
                            "Télécom", name) from None
    except OSError as exc:
        raise CaseFileError(f"Lecture de {name} impossible : {french_os_error(exc)}", name) from None
    if stat.S_ISLNK(info.st_mode) or _is_reparse_point(info):
        raise UnsafePathError(f"Lien symbolique refusé : {name}", name)
    if not stat.S_ISREG(info.st_mode):
        raise CaseFileError(f"{name} n'est pas un fichier ordinaire", name)
    if info.st_size > max_bytes:
        raise TooLargeError(f"Fichier {name} trop volumineux ({info.st_size} octets ; "
                            f"maximum {max_bytes})", name)
    try:
        with open(file, "rb") as stream:
            raw = stream.read(max_bytes + 1)
    except OSError as exc:
        raise CaseFileError(f"Lecture de {name} impossible : {french_os_error(exc)}", name) from None
    if len(raw) > max_bytes:
        raise TooLargeError(f"Fichier {name} trop volumineux (maximum {max_bytes} octets)", name)
    return parse_json(raw, name)


def parse_json(raw: bytes, name: str = CASE_JSON) -> Any:
    """Strict JSON: UTF-8 (BOM tolerated), no duplicate key, no NaN or Infinity."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidJsonError(f"Fichier {name} illisible : texte non encodé en UTF-8 "
                               f"(octet {exc.start})", name) from None
    if not text.strip():
        raise InvalidJsonError(f"Fichier {name} vide", name, line=1, column=1)
    try:
        document = json.loads(text, object_pairs_hook=_object_pairs,
                              parse_constant=_NonFinite, parse_float=_parse_float)
    except json.JSONDecodeError as exc:
        reason = next((fr for en, fr in _JSON_MESSAGES.items() if exc.msg.startswith(en)),
                      exc.msg)
        if not text[exc.pos:].strip() or exc.msg.startswith("Unterminated string"):
            reason += " : le fichier semble tronqué"
        raise InvalidJsonError(
            f"Fichier {name} illisible : JSON invalide ligne {exc.lineno}, colonne {exc.colno} "
            f"({reason})", name, line=exc.lineno, column=exc.colno) from None
    except RecursionError:
        raise InvalidJsonError(f"Fichier {name} illisible : imbrication trop profonde",
                               name) from None
    except ValueError:  # e.g. an integer of more than 4300 digits
        raise InvalidJsonError(f"Fichier {name} illisible : nombre invalide ou trop long",
                               name) from None
    for node, parts in _walk(document):
        if isinstance(node, _NonFinite):
            raise InvalidJsonError(f"Valeur numérique interdite {node.text} (NaN et Infinity "
                                   "ne sont pas du JSON)", json_path(parts))
        if isinstance(node, _JsonObject) and node.duplicate is not None:
            raise InvalidJsonError(f"Clé en double « {node.duplicate} »",
                                   json_path((*parts, node.duplicate)))
    return document


def _walk(document: Any) -> Iterator[tuple[Any, tuple[str | int, ...]]]:
    """Every node of a JSON document with its path, depth first in document order."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(document, ())]
    while stack:
        node, parts = stack.pop()
        yield node, parts
        if isinstance(node, dict):
            stack.extend((v, (*parts, k)) for k, v in reversed(list(node.items())))
        elif isinstance(node, list):
            stack.extend((v, (*parts, i)) for i, v in reversed(list(enumerate(node))))


def json_path(parts: tuple[str | int, ...] | list[str | int] | Any) -> str:
    """``("case", "events", 2, "date")`` → ``$.case.events[2].date``."""
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _IDENTIFIER.match(part):
            out += f".{part}"
        else:
            out += "['" + part.replace("\\", "\\\\").replace("'", "\\'") + "']"
    return out


# --------------------------------------------------------------------------- validation



def _document_v1_to_v2(document: dict[str, Any]) -> dict[str, Any]:
    """Format 1 → 2: the case inside migrated like a stored case (store.migrations)."""
    out = dict(document)
    case = document.get("case")
    if isinstance(case, dict) and case.get("schema_version") == 1:
        out["case"] = {**migrations.case_v1_to_v2(case), "schema_version": 2}
    return out


def _document_v2_to_v3(document: dict[str, Any]) -> dict[str, Any]:
    """Format 2 → 3: the case inside migrated like a stored case (store.migrations)."""
    out = dict(document)
    case = document.get("case")
    if isinstance(case, dict) and case.get("schema_version") == 2:
        out["case"] = {**migrations.case_v2_to_v3(case), "schema_version": 3}
    return out


def _document_v3_to_v4(document: dict[str, Any]) -> dict[str, Any]:
    """Format 3 → 4: the case inside migrated like a stored case (store.migrations)."""
    out = dict(document)
    case = document.get("case")
    if isinstance(case, dict) and case.get("schema_version") == 3:
        out["case"] = {**migrations.case_v3_to_v4(case), "schema_version": 4}
    return out


_MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: _document_v1_to_v2, 2: _document_v2_to_v3, 3: _document_v3_to_v4}
"""``{n: f}``: ``f`` turns a version-n document into a version n+1 one."""


@cache
def case_file_schema() -> dict[str, Any]:
    with open(SCHEMA_PATH, encoding="utf-8") as stream:
        return json.load(stream)


@cache
def _end_anchored(pattern: str) -> re.Pattern[str]:
    """ECMA-262 ``$`` (end of text) instead of Python's (also before a final newline)."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any
             ) -> Iterator[jsonschema.ValidationError]:
    if isinstance(instance, str) and not _end_anchored(pattern).search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def _validator() -> jsonschema.protocols.Validator:
    schema = case_file_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    strict = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _pattern})
    return strict(schema)


def validate_document(document: Any) -> tuple[Case, dict[str, dict[str, Any]], datetime]:
    """Check a parsed case.json (no file access); returns the case, its file entries, the date.

    Older format versions are migrated first; a newer one is refused.
    """
    if not isinstance(document, dict):
        raise SchemaViolationError("Le fichier case.json doit contenir un objet JSON", "$")
    fmt = document.get("format")
    if fmt != FORMAT_NAME:
        raise UnsupportedFormatError(
            f"Ce fichier n'est pas un dossier Recours Télécom (format {fmt!r}, attendu "
            f"{FORMAT_NAME!r})", "$.format")
    version = document.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise SchemaViolationError("Version de format absente ou invalide (nombre entier "
                                   "attendu)", "$.format_version")
    if version > FORMAT_VERSION:
        raise UnsupportedFormatError(
            f"Ce dossier a été exporté par une version plus récente de Recours Télécom (format "
            f"{version}, cette version lit jusqu'au format {FORMAT_VERSION}) : mettez "
            "l'application à jour pour l'importer", "$.format_version")
    if version < 1:
        raise UnsupportedFormatError(f"Version de format inconnue : {version}", "$.format_version")
    while version < FORMAT_VERSION:
        document = _MIGRATIONS[version](document)
        version += 1
        document["format_version"] = version
    _check_entry_paths(document.get("exhibit_files"))
    error = best_match(_validator().iter_errors(document))
    if error is not None:
        path, message = _translate_schema_error(error)
        raise SchemaViolationError(message, path)
    try:
        case = case_from_dict(document["case"])
    except CodecError as exc:
        raise SchemaViolationError(exc.message, "$.case" + exc.path[1:]) from None
    try:
        exported_at = datetime.fromisoformat(document["exported_at"])
    except ValueError:
        raise SchemaViolationError(f"Date et heure invalide {document['exported_at']!r}",
                                   "$.exported_at") from None
    entries: dict[str, dict[str, Any]] = document["exhibit_files"]
    _check_consistency(case, entries)
    return case, entries, exported_at


_PATTERN_MESSAGES = {
    "id": "identifiant invalide {v!r} (lettres minuscules, chiffres, « - » et « _ », "
          "64 caractères au plus)",
    "date": "date invalide {v!r} (format AAAA-MM-JJ)",
    "timestamp": "date et heure invalide {v!r} (format ISO 8601 avec fuseau, par exemple "
                 "2026-03-01T09:30:00+00:00)",
    "amount": "montant invalide {v!r} (format 12.50 : point décimal et deux décimales)",
    "sha256": "empreinte SHA-256 invalide (64 chiffres hexadécimaux en minuscules attendus)",
    "siren": "SIREN (9 chiffres) ou SIRET (14 chiffres) attendu : {v!r}",
    "path": "chemin de pièce refusé {v!r}",
}

_TYPE_NAMES = {
    "string": "un texte", "integer": "un nombre entier", "number": "un nombre",
    "boolean": "vrai ou faux (true/false)", "object": "un objet", "array": "une liste",
    "null": "null",
}


@cache
def _pattern_kinds() -> dict[str, str]:
    defs = case_file_schema()["$defs"]
    kinds = {defs[name]["pattern"]: name for name in ("id", "date", "timestamp", "amount",
                                                        "sha256")}
    kinds[defs["Subscriber"]["properties"]["siren"]["pattern"]] = "siren"
    kinds[defs["ExhibitFile"]["properties"]["path"]["pattern"]] = "path"
    return kinds


def _translate_schema_error(error: jsonschema.ValidationError) -> tuple[str, str]:
    """A jsonschema error → (JSON path, French message)."""
    while error.context:  # anyOf (null or X): explain what is wrong with X
        branches = [e for e in error.context
                    if not (e.validator == "type" and e.validator_value == "null")]
        error = best_match(branches or error.context) or error.context[0]
    parts = list(error.absolute_path)
    if "propertyNames" in error.absolute_schema_path and isinstance(error.instance, str):
        parts.append(error.instance)  # a bad key: name it in the path
    keyword, value, instance = error.validator, error.validator_value, error.instance
    if keyword == "required":
        missing = next(k for k in value if k not in instance)
        return json_path([*parts, missing]), "champ obligatoire manquant"
    if keyword == "additionalProperties" and isinstance(instance, dict):
        known = error.schema.get("properties", {})
        extra = next(k for k in instance if k not in known)
        return json_path([*parts, extra]), "champ inconnu"
    if keyword == "type":
        expected = [value] if isinstance(value, str) else list(value)
        names = " ou ".join(_TYPE_NAMES.get(t, t) for t in expected)
        return json_path(parts), f"type incorrect : {names} attendu"
    if keyword == "enum":
        allowed = ", ".join(str(v) for v in value if v is not None)
        return json_path(parts), f"valeur inconnue {instance!r} (attendu : {allowed})"
    if keyword == "const":
        return json_path(parts), f"valeur {instance!r} incorrecte (attendu : {value!r})"
    if keyword == "pattern":
        kind = _pattern_kinds().get(value)
        if kind is None:
            return json_path(parts), f"valeur mal formée {instance!r}"
        return json_path(parts), _PATTERN_MESSAGES[kind].format(v=instance)
    if keyword == "minimum":
        return json_path(parts), f"nombre trop petit (minimum {value})"
    if keyword == "maximum":
        return json_path(parts), f"nombre trop grand (maximum {value})"
    if keyword == "maxLength":
        return json_path(parts), f"texte trop long ({value} caractères au plus)"
    return json_path(parts), f"valeur incorrecte ({error.message})"


def _check_consistency(case: Case, entries: Mapping[str, Mapping[str, Any]]) -> None:
    """Unique ids and numbers, known references, one file entry per exhibit and back."""
    for attribute in ("events", "invoice_lines", "exhibits"):
        seen: set[str] = set()
        for index, item in enumerate(getattr(case, attribute)):
            if item.id in seen:
                raise SchemaViolationError(f"identifiant en double « {item.id} »",
                                           f"$.case.{attribute}[{index}].id")
            seen.add(item.id)
    numbers: set[int] = set()
    for index, exhibit in enumerate(case.exhibits):
        if exhibit.number in numbers:
            raise SchemaViolationError(f"numéro de pièce en double : {exhibit.number}",
                                       f"$.case.exhibits[{index}].number")
        numbers.add(exhibit.number)
    exhibit_ids = {x.id for x in case.exhibits}
    for i, event in enumerate(case.events):
        for j, exhibit_id in enumerate(event.exhibit_ids):
            if exhibit_id not in exhibit_ids:
                raise SchemaViolationError(f"pièce inconnue « {exhibit_id} »",
                                           f"$.case.events[{i}].exhibit_ids[{j}]")
    for index, exhibit in enumerate(case.exhibits):
        entry = entries.get(exhibit.id)
        if entry is None:
            raise SchemaViolationError(
                f"la pièce n° {exhibit.number} n'a pas de fichier dans exhibit_files",
                f"$.case.exhibits[{index}]")
        for key in ("size", "sha256"):
            if getattr(exhibit, key) != entry[key]:
                raise SchemaViolationError(
                    f"{'taille' if key == 'size' else 'empreinte'} différente de celle du "
                    f"fichier {entry['path']}", f"$.case.exhibits[{index}].{key}")
    paths: set[str] = set()
    for exhibit_id, entry in entries.items():
        if exhibit_id not in exhibit_ids:
            raise SchemaViolationError("fichier sans pièce correspondante dans le dossier",
                                       json_path(["exhibit_files", exhibit_id]))
        key = unicodedata.normalize("NFC", entry["path"]).casefold()
        if key in paths:
            raise SchemaViolationError(f"fichier {entry['path']} déjà utilisé par une autre pièce",
                                       json_path(["exhibit_files", exhibit_id, "path"]))
        paths.add(key)


def _check_entry_paths(entries: Any) -> None:
    """Explicit messages for unsafe exhibit paths (runs before the schema, tolerant of types)."""
    if not isinstance(entries, dict):
        return
    for exhibit_id, entry in entries.items():
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            problem = member_path_problem(entry["path"], pieces_only=True)
            if problem:
                raise UnsafePathError(f"Chemin de pièce refusé « {entry['path']} » : {problem}",
                                      json_path(["exhibit_files", exhibit_id, "path"]))


def member_path_problem(path: str, *, pieces_only: bool = False) -> str | None:
    """Why a relative path inside a case file is refused (French), or None if it is safe."""
    if not path:
        return "chemin vide"
    if "\\" in path:
        return "barre oblique inverse interdite (séparateur « / » attendu)"
    if path.startswith("/"):
        return "chemin absolu interdit"
    if _DRIVE.match(path):
        return "lecteur Windows interdit"
    parts = path.split("/")
    if ".." in parts:
        return "« .. » interdit : le fichier doit rester dans le dossier"
    if any(part in ("", ".") for part in parts):
        return "chemin non normalisé"
    if pieces_only and (len(parts) != 2 or parts[0] != PIECES_DIR):
        return f"les pièces doivent être directement dans le sous-dossier {PIECES_DIR}/"
    for part in parts:
        problem = file_name_problem(part)
        if problem:
            return problem
    return None


def file_name_problem(name: str) -> str | None:
    """Why a file name is not portable (Windows, macOS, Linux), or None."""
    if _FORBIDDEN_CHARS.search(name):
        return "caractère interdit dans un nom de fichier"
    if name.endswith((".", " ")):
        return "nom de fichier terminé par un point ou une espace"
    if name.split(".")[0].strip().upper() in _WINDOWS_RESERVED:
        return "nom de fichier réservé par Windows"
    if len(name) > 150 or len(name.encode("utf-8")) > 255:
        return "nom de fichier trop long"
    return None


def _is_reparse_point(info: os.stat_result) -> bool:
    """Windows junctions and symlinks (always False elsewhere)."""
    return bool(getattr(info, "st_file_attributes", 0) & stat.FILE_ATTRIBUTE_REPARSE_POINT)


def _check_exhibit_files(root: Path, case: Case,
                         entries: Mapping[str, Mapping[str, Any]]) -> dict[str, Path]:
    pieces = root / PIECES_DIR
    if entries:
        try:
            info = pieces.lstat()
        except FileNotFoundError:
            raise ExhibitFileError(f"Dossier {PIECES_DIR}/ introuvable", PIECES_DIR) from None
        if stat.S_ISLNK(info.st_mode) or _is_reparse_point(info):
            raise UnsafePathError(f"Lien symbolique refusé : {PIECES_DIR}/", PIECES_DIR)
        if not stat.S_ISDIR(info.st_mode):
            raise ExhibitFileError(f"{PIECES_DIR} n'est pas un dossier", PIECES_DIR)
    sources: dict[str, Path] = {}
    for exhibit in case.exhibits:
        entry = entries[exhibit.id]
        rel = entry["path"]
        full = root.joinpath(*PurePosixPath(rel).parts)
        try:
            try:
                info = full.lstat()
            except FileNotFoundError:
                # a name decomposed (NFD) by a macOS tool still designates the same file
                full = _same_name_nfc(pieces, PurePosixPath(rel).name)
                info = full.lstat()
        except FileNotFoundError:
            raise ExhibitFileError(f"Pièce introuvable : {rel}", rel) from None
        except OSError as exc:
            raise ExhibitFileError(f"Pièce illisible : {rel} ({french_os_error(exc)})", rel) from None
        if stat.S_ISLNK(info.st_mode) or _is_reparse_point(info):
            raise UnsafePathError(f"Lien symbolique refusé : {rel}", rel)
        if not stat.S_ISREG(info.st_mode):
            raise ExhibitFileError(f"La pièce {rel} n'est pas un fichier ordinaire", rel)
        try:
            inside = full.resolve(strict=True).is_relative_to(root)
        except (OSError, RuntimeError):
            inside = False
        if not inside:
            raise UnsafePathError(f"La pièce {rel} est hors du dossier", rel)
        if info.st_size != entry["size"]:
            raise ExhibitFileError(f"Taille incorrecte pour {rel} : {info.st_size} octets au "
                                   f"lieu de {entry['size']}", rel)
        try:
            digest = _sha256_of(full)
        except OSError as exc:
            raise ExhibitFileError(f"Pièce illisible : {rel} ({french_os_error(exc)})", rel) from None
        if digest != entry["sha256"]:
            raise ExhibitFileError(f"Empreinte SHA-256 incorrecte pour {rel} : le fichier a été "
                                   "modifié ou est corrompu", rel)
        sources[exhibit.id] = full
    return sources


def _same_name_nfc(folder: Path, name: str) -> Path:
    """The entry of ``folder`` whose name is ``name`` once both are NFC-normalised."""
    wanted = unicodedata.normalize("NFC", name)
    try:
        for entry in folder.iterdir():
            if unicodedata.normalize("NFC", entry.name) == wanted:
                return entry
    except OSError:
        pass
    raise FileNotFoundError(name)


def _log_unreferenced(root: Path, entries: Mapping[str, Mapping[str, Any]]) -> None:
    pieces = root / PIECES_DIR
    referenced = {unicodedata.normalize("NFC", PurePosixPath(e["path"]).name)
                  for e in entries.values()}
    try:
        extra = sorted(p.name for p in pieces.iterdir()
                       if unicodedata.normalize("NFC", p.name) not in referenced)
    except OSError:
        return
    if extra:
        logger.info("Case file %s: files not referenced, ignored: %s", root, extra)


def _sha256_of(file: Path) -> str:
    digest = hashlib.sha256()
    with open(file, "rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --------------------------------------------------------------------------- zip


def _read_zip(file: Path, *, max_json_bytes: int, max_archive_bytes: int) -> CaseFile:
    """Check every entry name and size, extract case.json, validate it, then extract only the
    exhibit files it lists, into a temporary folder owned by the returned CaseFile."""
    name = file.name
    temp_dir = tempfile.TemporaryDirectory(prefix="recours-telecom-import-")
    try:
        root = Path(temp_dir.name) / "dossier"
        root.mkdir()
        try:
            archive = zipfile.ZipFile(file)
        except (zipfile.BadZipFile, OSError, ValueError):
            raise ArchiveError(f"Archive illisible : {name} n'est pas un fichier .zip valide",
                               name) from None
        with archive:
            members = _check_archive(archive, name, max_archive_bytes=max_archive_bytes)
            case_json = members.get(CASE_JSON)
            if case_json is None:
                raise ArchiveError(f"Archive {name} : case.json introuvable (ni à la racine, ni "
                                   "dans un dossier unique)", name)
            if case_json.file_size > max_json_bytes:
                raise TooLargeError(f"Fichier {CASE_JSON} trop volumineux ("
                                    f"{case_json.file_size} octets ; maximum {max_json_bytes})",
                                    CASE_JSON)
            budget = [max_archive_bytes]

            def extract(rel: str) -> None:
                target = root.joinpath(*rel.split("/"))
                target.parent.mkdir(parents=True, exist_ok=True)
                budget[0] -= _extract_entry(archive, members[rel], target, budget[0])

            def fetch(paths: set[str]) -> None:
                for rel in sorted(unicodedata.normalize("NFC", p) for p in paths):
                    if rel in members:  # a missing one is reported as "Pièce introuvable"
                        extract(rel)

            extract(CASE_JSON)
            return _read_folder(root, max_json_bytes=max_json_bytes, temp_dir=temp_dir,
                                fetch=fetch)
    except BaseException:
        temp_dir.cleanup()
        raise


def _zip_entry_problem(info: zipfile.ZipInfo) -> str | None:
    for name in (info.orig_filename, info.filename):
        if "\x00" in name:
            return "caractère nul dans le nom"
        if "\\" in name:
            return "barre oblique inverse interdite"
        if name.startswith("/") or _DRIVE.match(name):
            return "chemin absolu interdit"
        if ".." in name.split("/"):
            return "« .. » interdit"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "lien symbolique interdit"
    problem = member_path_problem(info.filename.rstrip("/"))
    return problem


def _check_archive(archive: zipfile.ZipFile, name: str, *,
                   max_archive_bytes: int) -> dict[str, zipfile.ZipInfo]:
    """Refuse unsafe or oversized entries; map the case folder's relative paths to entries."""
    infos = archive.infolist()
    if len(infos) > MAX_ARCHIVE_ENTRIES:
        raise TooLargeError(f"Archive {name} : trop de fichiers ({len(infos)})", name)
    seen: set[str] = set()
    total = 0
    files: list[zipfile.ZipInfo] = []
    for info in infos:
        problem = _zip_entry_problem(info)
        if problem:
            raise UnsafePathError(f"Entrée d'archive refusée « {info.orig_filename} » : "
                                  f"{problem}", info.orig_filename)
        if info.flag_bits & 0x1:
            raise ArchiveError(f"Archive {name} chiffrée : non prise en charge", name)
        if info.is_dir():
            continue
        key = unicodedata.normalize("NFC", info.filename).casefold()
        if key in seen:
            raise ArchiveError(f"Entrée en double dans l'archive : {info.filename}",
                               info.filename)
        seen.add(key)
        total += info.file_size
        if total > max_archive_bytes:
            raise TooLargeError(f"Archive {name} : contenu décompressé trop volumineux (plus "
                                f"de {max_archive_bytes} octets)", name)
        if (info.file_size > _RATIO_MIN_SIZE
                and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)):
            raise TooLargeError(f"Archive {name} : taux de compression suspect pour "
                                f"{info.filename} (bombe zip ?)", info.filename)
        files.append(info)
    prefix = _archive_prefix([i.filename for i in files])
    if prefix is None:
        return {}
    # keyed by NFC name: an archive made on macOS may hold decomposed (NFD) names
    return {unicodedata.normalize("NFC", i.filename[len(prefix):]): i
            for i in files if i.filename.startswith(prefix)}


def _archive_prefix(names: list[str]) -> str | None:
    """"" if case.json is at the root, "top/" if everything is in one folder "top", else None."""
    if CASE_JSON in names:
        return ""
    tops = {n.split("/", 1)[0] for n in names}
    if len(tops) == 1:
        top = tops.pop()
        if f"{top}/{CASE_JSON}" in names:
            return f"{top}/"
    return None


def _extract_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path,
                   budget: int) -> int:
    written = 0
    try:
        with archive.open(info) as source, open(target, "xb") as out:
            while chunk := source.read(_CHUNK):
                written += len(chunk)
                if written > info.file_size or written > budget:
                    raise TooLargeError(f"Entrée d'archive plus grande qu'annoncé : "
                                        f"{info.filename} (bombe zip ?)", info.filename)
                out.write(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise ArchiveError(f"Entrée d'archive endommagée : {info.filename} ({exc})",
                           info.filename) from None
    except OSError as exc:
        raise ArchiveError(f"Extraction de {info.filename} impossible : "
                           f"{french_os_error(exc)}", info.filename) from None
    return written


# --------------------------------------------------------------------------- writing


def safe_file_name(text: str, *, max_chars: int = 80, default: str = "piece") -> str:
    """A file name component safe on Windows, macOS and Linux (NFC, no reserved name...)."""
    name = re.sub(r"\s+", "_", unicodedata.normalize("NFC", text))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _FORBIDDEN_CHARS.sub("-", name)
    name = re.sub(r"_{2,}", "_", name).strip(" ._-")
    name = name[:max_chars]
    while len(name.encode("utf-8")) > 2 * max_chars:  # Linux limits names to 255 bytes
        name = name[:-1]
    name = unicodedata.normalize("NFC", name).rstrip(" ._-")
    if not name:
        name = default
    if name.split(".")[0].upper() in _WINDOWS_RESERVED:
        name = f"_{name}"
    return name


def _extension(exhibit: Exhibit, head: bytes | None = None) -> str:
    if head is not None:  # the file's own type decides (dispute.filetypes)
        from dispute.filetypes import extension_for

        ext = extension_for(head, exhibit.original_name)
        return f".{ext}" if ext and _EXTENSION.match(f".{ext}") else ""
    suffix = PurePosixPath(exhibit.original_name.replace("\\", "/")).suffix
    if _EXTENSION.match(suffix):
        return suffix.lower()
    media = exhibit.media_type.split(";")[0].strip().lower()
    guessed = _MEDIA_EXTENSIONS.get(media) or mimetypes.guess_extension(media or "x/x") or ""
    return guessed if _EXTENSION.match(guessed) else ""


def exhibit_file_name(exhibit: Exhibit, used: set[str] | None = None, *,
                      head: bytes | None = None) -> str:
    """``P{number:02d}_{title or original name}{ext}``, portable and distinct from ``used``.

    ``used`` holds the case-folded names already taken; the new name is added to it. With
    ``head`` (the file's first bytes) the extension is the detected type's, the original
    name's only when it agrees: a PNG named ``capture.exe`` is exported as ``….png``.
    """
    ext = _extension(exhibit, head)
    base = exhibit.title.strip()
    if not base:
        base = PurePosixPath(exhibit.original_name.replace("\\", "/")).name
        own = PurePosixPath(base).suffix
        if own and _EXTENSION.match(own):
            base = base[: -len(own)]  # the original's own extension, right or wrong
    if ext and base.lower().endswith(ext):
        base = base[: -len(ext)]
    prefix = f"P{exhibit.number:02d}_"
    stem = safe_file_name(base, max_chars=MAX_FILE_NAME_CHARS - len(prefix) - len(ext) - 4)
    name = f"{prefix}{stem}{ext}"
    if used is not None:
        counter = 2
        while name.casefold() in used:
            name = f"{prefix}{stem}_{counter}{ext}"
            counter += 1
        used.add(name.casefold())
    return name


class ExportWriteError(CaseFileError):
    """Writing a case file failed (disk full, access denied…); nothing is left at the
    destination."""


def _export_failed(exc: OSError, dest: Path) -> ExportWriteError:
    where = exc.filename or dest
    return ExportWriteError(
        f"Export impossible : {french_os_error(exc)} ({where}). Rien n'a été écrit à la "
        "destination ; le dossier enregistré n'est pas modifié.", str(dest))


def write_case_file(case: Case, exhibit_file: Callable[[Exhibit], Path], out_dir: Path, *,
                    exported_at: datetime | None = None, generator: str = GENERATOR) -> Path:
    """Write ``case`` and copies of its exhibit files as a case folder ``out_dir``.

    ``exhibit_file(exhibit)`` gives the path of each exhibit's file; its bytes are copied
    exactly and checked against the exhibit's size and SHA-256 when the case records them.
    The folder is built next to ``out_dir`` and renamed into place; an existing non-empty
    ``out_dir`` is refused (:class:`CaseFileExistsError`); a failed write (disk full…)
    raises :class:`ExportWriteError` and leaves nothing behind. Returns ``out_dir``.
    """
    try:
        return _write_case_file(case, exhibit_file, Path(out_dir), exported_at=exported_at,
                                generator=generator)
    except OSError as exc:
        raise _export_failed(exc, Path(out_dir)) from None


def write_case_zip(case: Case, exhibit_file: Callable[[Exhibit], Path], out_zip: Path, *,
                   exported_at: datetime | None = None, generator: str = GENERATOR) -> Path:
    """Write the case folder as a .zip (one top folder named after the file); never
    overwrites; a failed write raises :class:`ExportWriteError` and leaves nothing behind."""
    try:
        return _write_case_zip(case, exhibit_file, Path(out_zip), exported_at=exported_at,
                               generator=generator)
    except OSError as exc:
        raise _export_failed(exc, Path(out_zip)) from None


def _write_case_file(case: Case, exhibit_file: Callable[[Exhibit], Path], out_dir: Path, *,
                     exported_at: datetime | None = None, generator: str = GENERATOR) -> Path:
    _refuse_existing(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{safe_file_name(out_dir.name, max_chars=40)}.",
                                 suffix=".tmp", dir=out_dir.parent))
    try:
        _write_folder(case, exhibit_file, temp, exported_at=exported_at, generator=generator)
        if out_dir.is_dir() and not out_dir.is_symlink():
            out_dir.rmdir()  # empty, checked above; fails if filled in the meantime
        os.rename(temp, out_dir)
        _fsync_dir(out_dir.parent)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    logger.info("Case %s written to %s (%d exhibits)", case.id, out_dir, len(case.exhibits))
    return out_dir


def _write_case_zip(case: Case, exhibit_file: Callable[[Exhibit], Path], out_zip: Path, *,
                    exported_at: datetime | None = None, generator: str = GENERATOR) -> Path:
    out_zip = Path(out_zip)
    if out_zip.exists() or out_zip.is_symlink():
        raise CaseFileExistsError(f"Le fichier de destination existe déjà : {out_zip}",
                                  str(out_zip))
    exported_at = exported_at or datetime.now(timezone.utc).replace(microsecond=0)
    out_zip.parent.mkdir(parents=True, exist_ok=True)
    top = safe_file_name(out_zip.stem, default="dossier")
    stamp = exported_at.timetuple()[:6]
    with tempfile.TemporaryDirectory(prefix=".export-", dir=out_zip.parent) as work:
        folder = Path(work) / "dossier"
        _write_folder(case, exhibit_file, folder, exported_at=exported_at,
                      generator=generator, create=True)
        partial = Path(work) / "archive.zip"
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for file in [folder / CASE_JSON, *sorted((folder / PIECES_DIR).iterdir())]:
                rel = file.relative_to(folder).as_posix()
                info = zipfile.ZipInfo(f"{top}/{rel}", date_time=max(stamp, (1980, 1, 1, 0, 0, 0)))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                with open(file, "rb") as source, archive.open(info, "w") as target:
                    shutil.copyfileobj(source, target, _CHUNK)
        _fsync_file(partial)
        if out_zip.exists():
            raise CaseFileExistsError(f"Le fichier de destination existe déjà : {out_zip}",
                                      str(out_zip))
        os.replace(partial, out_zip)
    _fsync_dir(out_zip.parent)
    logger.info("Case %s written to %s", case.id, out_zip)
    return out_zip


def _refuse_existing(out_dir: Path) -> None:
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        raise CaseFileExistsError(f"La destination existe déjà : {out_dir}", str(out_dir))
    if out_dir.is_dir() and any(out_dir.iterdir()):
        raise CaseFileExistsError(f"Le dossier de destination existe déjà et n'est pas vide : "
                                  f"{out_dir}", str(out_dir))


def _write_folder(case: Case, exhibit_file: Callable[[Exhibit], Path], dest: Path, *,
                  exported_at: datetime | None, generator: str, create: bool = False) -> None:
    if create:
        dest.mkdir()
    pieces = dest / PIECES_DIR
    pieces.mkdir()
    used: set[str] = set()
    entries: dict[str, dict[str, Any]] = {}
    recorded: list[Exhibit] = []
    for exhibit in case.exhibits:
        from dispute.filetypes import read_head

        source = Path(exhibit_file(exhibit))
        name = exhibit_file_name(exhibit, used, head=read_head(source))
        size, digest = _copy_exhibit(exhibit, source, pieces / name)
        if exhibit.sha256 and (exhibit.sha256 != digest or exhibit.size != size):
            raise ExhibitFileError(
                f"Le fichier de la pièce n° {exhibit.number} ne correspond pas à son empreinte "
                f"enregistrée (modifié ou corrompu) : {source}", str(source))
        recorded.append(replace(exhibit, size=size, sha256=digest))
        entries[exhibit.id] = {"path": f"{PIECES_DIR}/{name}", "size": size, "sha256": digest}
    stamp = exported_at or datetime.now(timezone.utc).replace(microsecond=0)
    document = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "exported_at": stamp.isoformat(),
        "generator": generator,
        "case": case_to_dict(replace(case, exhibits=recorded)),
        "exhibit_files": entries,
    }
    _refuse_surrogates(document)
    validate_document(document)  # never write a file this module would refuse to read
    data = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    with open(dest / CASE_JSON, "xb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    _fsync_dir(pieces)
    _fsync_dir(dest)


def _refuse_surrogates(document: Any) -> None:
    for node, parts in _walk(document):
        texts = [node] if isinstance(node, str) else []
        if isinstance(node, dict):
            texts = [k for k in node if isinstance(k, str)]
        for text in texts:
            if any("\ud800" <= ch <= "\udfff" for ch in text):
                raise SchemaViolationError("texte contenant un caractère invalide (demi-paire "
                                           "de substitution UTF-16)", json_path(parts))


def _copy_exhibit(exhibit: Exhibit, source: Path, target: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    try:
        if not source.is_file():
            raise FileNotFoundError(source)
        with open(source, "rb") as src, open(target, "xb") as out:
            while chunk := src.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except FileNotFoundError:
        raise ExhibitFileError(f"Fichier de la pièce n° {exhibit.number} introuvable : {source}",
                               str(source)) from None
    except OSError as exc:
        raise ExhibitFileError(f"Copie de la pièce n° {exhibit.number} impossible : "
                               f"{french_os_error(exc)}", str(source)) from None
    return size, digest.hexdigest()


def _fsync_file(file: Path) -> None:
    with open(file, "rb+") as stream:
        os.fsync(stream.fileno())


def _fsync_dir(directory: Path) -> None:
    if os.name == "nt":
        return  # directories cannot be opened for fsync on Windows
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- store glue


def import_case_file(store: Any, path: Path, **limits: int) -> Case:
    """Read a case file and add it to ``store`` (all or nothing); returns the stored case.

    The store gives the case a new id if its id is already used.
    """
    with read_case_file(path, **limits) as case_file:
        stored = store.import_case(case_file.case, case_file.sources)
    logger.info("Case file %s imported as case %s", path, stored.id)
    return stored


def export_case(store: Any, case_id: str, out_dir: Path, *,
                exported_at: datetime | None = None) -> Path:
    """Export a stored case as a case folder, or as a zip if ``out_dir`` ends in ``.zip``."""
    case = store.load_case(case_id)
    problems = store.verify_exhibits(case)
    if problems:
        details = " ; ".join(getattr(p, "message", None) or str(p) for p in problems)
        raise ExhibitFileError("Export impossible : des pièces du dossier sont manquantes ou "
                               f"modifiées ({details})", case_id)

    def exhibit_file(exhibit: Exhibit) -> Path:
        return store.exhibit_path(case_id, exhibit)

    out_dir = Path(out_dir)
    if out_dir.suffix.lower() == ".zip":
        return write_case_zip(case, exhibit_file, out_dir, exported_at=exported_at)
    return write_case_file(case, exhibit_file, out_dir, exported_at=exported_at)


__all__ = [
    "ArchiveError", "CaseFile", "CaseFileError", "CaseFileExistsError", "ExhibitFileError",
    "ExportWriteError",
    "FORMAT_NAME", "FORMAT_VERSION", "InvalidJsonError", "SchemaViolationError",
    "TooLargeError", "UnsafePathError", "UnsupportedFormatError", "case_file_schema",
    "exhibit_file_name", "export_case", "file_name_problem", "import_case_file", "json_path",
    "member_path_problem", "parse_json",
    "read_case_file", "safe_file_name", "validate_document", "write_case_file",
    "write_case_zip",
]

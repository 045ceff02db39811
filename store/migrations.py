"""Schema versions and the migrations between them.

Two versions are tracked:

- ``STORE_SCHEMA_VERSION``: the layout of the data folder, recorded in ``store.json``;
- the case version, ``dispute.model.SCHEMA_VERSION``, recorded in every case.

A migration turns the version-N form into the version-N+1 form; they are registered in
``CASE_MIGRATIONS`` / ``STORE_MIGRATIONS`` under N and applied in order. Case migrations
run on load, on the JSON-safe dict, before ``case_from_dict``; the file is not rewritten until
the case is next saved (in the current version). Something written by a NEWER version is
refused with ``StoreVersionError`` and never rewritten.

Adding a case migration: bump ``SCHEMA_VERSION`` in ``dispute/model.py``, then register here
``CASE_MIGRATIONS[old] = fn`` where ``fn(dict) -> dict`` must not mutate its input, with a
test that loads a file of the old version.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dispute.vocabulary import SCHEMA_VERSION
from store.errors import StoreCorruptError, StoreVersionError

logger = logging.getLogger(__name__)

CaseMigration = Callable[[dict[str, Any]], dict[str, Any]]
StoreMigration = Callable[[Path], None]

CURRENT_CASE_VERSION = SCHEMA_VERSION
STORE_SCHEMA_VERSION = 1



def _with_defaults(data: Any, defaults: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``data`` (a dict) with each missing key of ``defaults`` added."""
    if not isinstance(data, dict):
        return data
    out = dict(data)
    for key, value in defaults.items():
        out.setdefault(key, copy.deepcopy(value))
    return out


_EMPTY_ADDRESS = {"street_lines": [], "postcode": "", "city": "", "country": ""}


def case_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 → 2 (December 2026): every new field with its neutral default.

    Subscriber: civility, business form, legal form, small-business flag; handling structure:
    kind, identifier, membership; operator: SIREN, head office; amounts: HT or TTC and the VAT
    rate (version-1 amounts were all entered without saying, read as TTC as the letters
    did); events: the answer date an opinion sets; case: summary voice (the wizard asked for
    the subscriber's « je »), credits received, qualified offence, outcome. Frozen: later
    changes of the dataclass defaults do not change what this step writes.
    """
    out = dict(data)
    out["subscriber"] = _with_defaults(data.get("subscriber"), {
        "civility": None, "business_form": None, "legal_form": "", "small_business": None})
    if isinstance(data.get("handling_structure"), dict):
        out["handling_structure"] = _with_defaults(data["handling_structure"], {
            "kind": None, "identifier": "", "member_number": "", "member_since": None})
    out["operator"] = _with_defaults(data.get("operator"), {
        "siren": "", "head_office_address": _EMPTY_ADDRESS})
    out["contract"] = _with_defaults(data.get("contract"), {
        "price_tax": "ttc", "vat_rate": "20.00"})
    tax = {"tax_basis": "ttc", "vat_rate": "20.00"}
    if isinstance(data.get("invoice_lines"), list):
        out["invoice_lines"] = [_with_defaults(x, tax) for x in data["invoice_lines"]]
    if isinstance(data.get("events"), list):
        out["events"] = [_with_defaults(x, {"response_due": None}) for x in data["events"]]
    return _with_defaults(out, {
        "summary_voice": "subscriber", "credits": [], "offence": "", "outcome": None})


CASE_MIGRATIONS: dict[int, CaseMigration] = {1: case_v1_to_v2}
"""``{N: function turning a version-N case dict into a version-N+1 dict}``."""

STORE_MIGRATIONS: dict[int, StoreMigration] = {}
"""``{N: function upgrading a data folder from layout N to N+1}``, run at open, in place,
with the lock held. Each must be restartable (a crash midway leaves store.json at N)."""

NEWER_VERSION_ADVICE = "Mettez à jour Recours Télécom pour l'ouvrir ; rien n'a été modifié."


def case_version(data: Any, path: Path | str) -> int:
    version = data.get("schema_version") if isinstance(data, dict) else None
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise StoreCorruptError(
            f"Le dossier « {path} » n'indique pas de version de format valide.", path=path
        )
    return version


def migrate_case(
    data: dict[str, Any], path: Path | str, *, target: int | None = None
) -> tuple[dict[str, Any], bool]:
    """Bring a case dict to ``target`` (default: the current version).

    Returns ``(dict, migrated)``. Raises ``StoreVersionError`` for a newer case and
    ``StoreCorruptError`` when the version is missing or no migration is registered.
    """
    target = CURRENT_CASE_VERSION if target is None else target
    version = case_version(data, path)
    if version > target:
        raise StoreVersionError(
            f"Le dossier « {path} » a été enregistré par une version plus récente de "
            f"Recours Télécom (format {version}, cette version lit le format {target}). "
            + NEWER_VERSION_ADVICE,
            path=path,
        )
    if version == target:
        return data, False
    current = copy.deepcopy(data)
    while version < target:
        step = CASE_MIGRATIONS.get(version)
        if step is None:
            raise StoreCorruptError(
                f"Aucune conversion connue du format {version} vers le format {version + 1} "
                f"pour « {path} ».",
                path=path,
            )
        current = step(current)
        version += 1
        current["schema_version"] = version
        logger.info("Case %s migrated to schema version %d", path, version)
    return current, True


def check_store_version(version: Any, path: Path) -> int:
    """Validate the layout version read from store.json; refuse a newer one."""
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise StoreCorruptError(
            f"Le fichier « {path} » n'indique pas de version de format valide.", path=path
        )
    if version > STORE_SCHEMA_VERSION:
        raise StoreVersionError(
            f"Les données de « {path.parent} » ont été enregistrées par une version plus "
            f"récente de Recours Télécom (format {version}, cette version lit le format "
            f"{STORE_SCHEMA_VERSION}). " + NEWER_VERSION_ADVICE,
            path=path,
        )
    return version


def migrate_store(data_dir: Path, version: int, record: Callable[[int], None]) -> int:
    """Run the layout migrations from ``version`` up to ``STORE_SCHEMA_VERSION``.

    ``record(n)`` is called after each step to write version ``n`` into store.json.
    """
    while version < STORE_SCHEMA_VERSION:
        step = STORE_MIGRATIONS.get(version)
        if step is None:
            raise StoreCorruptError(
                f"Aucune conversion connue du format de stockage {version} vers "
                f"{version + 1} pour « {data_dir} ».",
                path=data_dir,
            )
        logger.info("Migrating store %s from layout %d", data_dir, version)
        step(data_dir)
        version += 1
        record(version)
    return version

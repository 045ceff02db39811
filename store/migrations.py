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


# Frozen copies of version 2's values (a later change of the model does not change this step).
_OPERATOR_SIDE = frozenset({"service_clients", "service_consommateurs", "operator_other"})
_THIRD_PARTIES = frozenset({"mediator", "other_mediator", "business_mediator", "conciliateur",
                            "cpme", "court", "dgccrf", "procureur", "consumer_association",
                            "regulator"})
_SENT_KINDS = frozenset({"call", "letter", "registered_letter", "email", "chat", "answer",
                         "saisine", "mediator_opinion", "court_action", "dgccrf_report",
                         "procureur_complaint"})
"""Events that someone sends (a letter, a complaint, an answer): the others (an outage, a
visit, the mandate's signature, a party's position, « other ») get no sender."""
_WRITTEN_COMPLAINTS = frozenset({"letter", "registered_letter", "email"})
_RECEIPT_WORDS = ("avis de reception", "accuse de reception", "preuve de depot",
                  "recepisse")


def _text(value: Any) -> str:
    """A value expected to be an enumeration's text; "" for anything else (left to the
    schema to refuse with its path)."""
    return value if isinstance(value, str) else ""


def _has_structure(data: dict[str, Any]) -> bool:
    structure = data.get("handling_structure")
    return isinstance(structure, dict) and isinstance(structure.get("name"), str) \
        and bool(structure["name"].strip())


def _mandate_day(events: list[Any]) -> str | None:
    """The earliest dated signature of the mandate, as its ISO text (comparable as text)."""
    days = [e["date"] for e in events if isinstance(e, dict) and e.get("kind") == "mandate_signed"
            and isinstance(e.get("date"), str)]
    return min(days) if days else None


def event_sender_v3(event: dict[str, Any], structure: bool, mandate_day: str | None
                    ) -> str | None:
    """Who sent a version-2 event, when it can be told for sure; ``None`` otherwise.

    Incoming from the operator: the operator; incoming from a mediator, a court, an
    administration: a third party; incoming from the structure: the structure. Outgoing: the
    subscriber when no structure follows the case, or when it was sent to the structure, or
    before the mandate was signed (the structure could not act yet); with a structure and no
    earlier signature, unknown (the letters then name no sender rather than a wrong one).
    """
    kind, counterpart = _text(event.get("kind")), _text(event.get("counterpart"))
    if kind not in _SENT_KINDS:
        return None
    if event.get("direction") == "incoming":
        if counterpart in _OPERATOR_SIDE:
            return "operator"
        if counterpart == "handling_structure":
            return "handling_structure"
        return "third_party" if counterpart in _THIRD_PARTIES else None
    if event.get("direction") != "outgoing":
        return None
    if counterpart == "handling_structure" or not structure:
        return "subscriber"
    day = event.get("date")
    if mandate_day is not None and isinstance(day, str) and day < mandate_day:
        return "subscriber"
    return None


def _folded(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _kind_from_event(event: dict[str, Any], exhibit: dict[str, Any], shared: int) -> str:
    """What an exhibit attached to ``event`` (with ``shared`` exhibits in all) is, by the
    event's kind; « other » when the kind does not tell."""
    kind, direction = _text(event.get("kind")), _text(event.get("direction"))
    operator = _text(event.get("counterpart")) in _OPERATOR_SIDE
    if kind == "mandate_signed":
        return "mandate"
    if kind == "answer" and direction == "incoming" and operator and event.get("written"):
        return "answer"
    if kind in _WRITTEN_COMPLAINTS and direction == "outgoing" and operator:
        if kind == "registered_letter":
            title = exhibit.get("title") if isinstance(exhibit.get("title"), str) else ""
            if any(w in _folded(title) for w in _RECEIPT_WORDS):
                return "receipt"
        # a registered letter with its receipt: only the one exhibit not named a receipt is
        # the letter (two unnamed exhibits could be either)
        return "complaint" if shared == 1 else "other"
    return "other"


def exhibit_kinds_v3(events: list[Any], exhibits: list[Any]) -> dict[str, str]:
    """``{exhibit id: kind}`` inferred from the events each exhibit is attached to: a kind
    only when every such event says the same; « other » otherwise (never a guess from the
    title alone: a title is free text)."""
    votes: dict[str, set[str]] = {}
    by_id = {x["id"]: x for x in exhibits if isinstance(x, dict) and isinstance(x.get("id"), str)}
    for event in events:
        if not isinstance(event, dict) or not isinstance(event.get("exhibit_ids"), list):
            continue
        attached = [by_id[i] for i in event["exhibit_ids"] if isinstance(i, str) and i in by_id]
        if _text(event.get("kind")) == "registered_letter":
            # the receipt named as such does not count against the one letter
            letters = [x for x in attached if _kind_from_event(event, x, 1) != "receipt"]
            shared = len(letters)
        else:
            shared = len(attached)
        for exhibit in attached:
            votes.setdefault(exhibit["id"], set()).add(_kind_from_event(event, exhibit, shared))
    return {i: (next(iter(v)) if len(v) == 1 else "other") for i, v in votes.items()}


def case_v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 → 3 (December 2026): who sent each event, each exhibit's kind, the facts of
    the offence, the day a portability was requested.

    Derived conservatively (unknown is « not said », never a guess): see
    :func:`event_sender_v3` and :func:`exhibit_kinds_v3`. The offence's facts are empty (the
    user writes them; the procureur letter is not possible without them) and no portability
    request date is known.
    """
    out = dict(data)
    events = data.get("events") if isinstance(data.get("events"), list) else []
    structure = _has_structure(data)
    mandate_day = _mandate_day(events)
    if isinstance(data.get("events"), list):
        out["events"] = [
            _with_defaults(e, {"sender": event_sender_v3(e, structure, mandate_day)})
            if isinstance(e, dict) else e for e in data["events"]]
    if isinstance(data.get("exhibits"), list):
        kinds = exhibit_kinds_v3(events, data["exhibits"])
        out["exhibits"] = [
            _with_defaults(x, {"kind": kinds.get(x["id"], "other")})
            if isinstance(x, dict) and isinstance(x.get("id"), str)
            else _with_defaults(x, {"kind": "other"}) for x in data["exhibits"]]
    return _with_defaults(out, {"offence_facts": "", "portability_requested_on": None})


def case_v3_to_v4(data: dict[str, Any]) -> dict[str, Any]:
    """Version 3 → 4 (December 2026): whether the contract was concluded at a distance
    (online, by phone), which decides whether the letters cite the provider's strict
    liability of LCEN art. 15 I (review2 5.2). Not known for an older case: « not said »
    (None), never a guess — the letters then give the general contract ground and warn."""
    out = dict(data)
    out["contract"] = _with_defaults(data.get("contract"), {"distance": None})
    return out


CASE_MIGRATIONS: dict[int, CaseMigration] = {1: case_v1_to_v2, 2: case_v2_to_v3,
                                             3: case_v3_to_v4}
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

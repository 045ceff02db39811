"""Case summaries: what the case list shows, kept in the index so opening stays cheap."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from dispute.vocabulary import CaseStatus, SubscriberKind

if TYPE_CHECKING:  # the case model loads on first use, not at start-up (bench/startup.py)
    from dispute.model import Case

logger = logging.getLogger(__name__)

Summarizer = Callable[["Case"], dict[str, Any]]
"""Extra columns for the list (the app computes the stage and the next deadline)."""


class CaseSummary:
    """Read-only summary of a case, as the case list shows it.

    It wraps the case's index record and decodes a field when it is read, not before:
    opening a store of 10,000 cases builds 10,000 summaries, of which the window paints a
    few dozen (building them all up front was a quarter of opening, docs/benchmarks.md). It
    reads like the NamedTuple it replaces (attributes, ``_fields``, ``_replace``,
    ``_asdict``, equality); values of an unexpected type in a hand-edited index are
    converted, never raised on."""

    __slots__ = ("_record",)
    _fields = ("id", "subscriber_name", "kind", "operator_name", "line_numbers", "status",
               "updated_at", "revision", "extra", "problem")

    def __init__(self, id: str, subscriber_name: str = "",  # noqa: A002 - the field's name
                 kind: SubscriberKind | None = None, operator_name: str = "",
                 line_numbers: tuple[str, ...] = (), status: CaseStatus | None = None,
                 updated_at: datetime | None = None, revision: int = 0,
                 extra: Mapping[str, Any] = MappingProxyType({}), problem: str = "") -> None:
        self._record = {
            "id": id, "subscriber_name": subscriber_name,
            "kind": kind.value if kind is not None else None,
            "operator_name": operator_name, "line_numbers": list(line_numbers),
            "status": status.value if status is not None else None,
            "updated_at": updated_at.isoformat() if updated_at is not None else None,
            "revision": revision, "extra": extra, "problem": problem,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> CaseSummary:
        """The summary of an index record (kept as it is: the index never changes a record
        in place, it replaces it)."""
        summary = _new(cls)
        summary._record = record
        return summary

    @property
    def id(self) -> str:
        return _text(self._record["id"])

    @property
    def subscriber_name(self) -> str:
        return _text(self._record.get("subscriber_name"))

    @property
    def kind(self) -> SubscriberKind | None:
        kind = self._record.get("kind")
        return _KINDS.get(kind) if type(kind) is str else None

    @property
    def operator_name(self) -> str:
        return _text(self._record.get("operator_name"))

    @property
    def line_numbers(self) -> tuple[str, ...]:
        lines = self._record.get("line_numbers") or ()
        return tuple(n if type(n) is str else str(n) for n in lines)

    @property
    def status(self) -> CaseStatus | None:
        status = self._record.get("status")
        return _STATUSES.get(status) if type(status) is str else None

    @property
    def updated_at(self) -> datetime | None:
        return _datetime(self._record.get("updated_at"))

    @property
    def revision(self) -> int:
        revision = self._record.get("revision")
        if type(revision) is int:
            return revision
        try:
            return int(revision or 0)
        except (TypeError, ValueError):
            return 0

    @property
    def extra(self) -> Mapping[str, Any]:
        extra = self._record.get("extra")
        return extra if type(extra) is dict else {}

    @property
    def problem(self) -> str:
        return _text(self._record.get("problem"))

    def _astuple(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def _asdict(self) -> dict[str, Any]:
        return dict(zip(self._fields, self._astuple()))

    def _replace(self, **changes: Any) -> CaseSummary:
        values = self._asdict()
        values.update(changes)
        return CaseSummary(**values)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CaseSummary):
            return NotImplemented
        return self._astuple() == other._astuple()

    __hash__ = None  # type: ignore[assignment] - holds a dict, like the NamedTuple did

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in self._asdict().items())
        return f"CaseSummary({fields})"


_new = object.__new__
_KINDS = {kind.value: kind for kind in SubscriberKind}
_STATUSES = {status.value: status for status in CaseStatus}
"""Enum members by value: a dict lookup is ten times cheaper than ``Enum(value)``."""


def _datetime(value: Any) -> datetime | None:
    if type(value) is not str:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def recency_key(record: dict[str, Any]) -> str:
    """Sort key of a record by its ``updated_at``, as text. The store writes UTC times
    (``…+00:00``), which sort as text like the times they are; any other offset is
    converted first, and a missing or invalid time sorts before all others."""
    value = record.get("updated_at")
    if type(value) is str and value.endswith("+00:00"):
        return value
    moment = _datetime(value)
    if moment is None or moment.tzinfo is None:
        return ""
    return moment.astimezone(timezone.utc).isoformat()


def summary_record(case: Case, summarizer: Summarizer | None, *,
                   checked: bool = True) -> dict[str, Any]:
    """The JSON-safe summary stored in the index for a readable case. ``checked=False``
    leaves checking that the summarizer returned JSON to the caller (a save: the index
    journal line it writes is that check, ``CaseIndex.put``)."""
    from dispute.codec import to_dict

    extra: dict[str, Any] = {}
    if summarizer is not None:
        try:
            extra = to_dict(dict(summarizer(case)))
            if checked:
                json.dumps(extra, allow_nan=False)
        except Exception:  # noqa: BLE001 - a faulty summarizer must not block saving
            logger.exception("Summarizer failed for case %s", case.id)
            extra = {}
    return {
        "id": case.id,
        "subscriber_name": case.subscriber.name,
        "kind": case.subscriber.kind.value,
        "operator_name": case.operator.name,
        "line_numbers": [line.number for line in case.lines],
        "status": case.status.value,
        "updated_at": case.updated_at.isoformat() if case.updated_at else None,
        "revision": case.revision,
        "extra": extra,
        "problem": "",
    }


def problem_record(case_id: str, raw: Any, problem: str) -> dict[str, Any]:
    """Summary of an unreadable case: the id, what can be salvaged, and the problem."""
    data = raw if isinstance(raw, dict) else {}
    subscriber = data.get("subscriber") if isinstance(data.get("subscriber"), dict) else {}
    operator = data.get("operator") if isinstance(data.get("operator"), dict) else {}
    name = subscriber.get("name")
    op_name = operator.get("name")
    revision = data.get("revision")
    return {
        "id": case_id,
        "subscriber_name": name if isinstance(name, str) else "",
        "kind": None,
        "operator_name": op_name if isinstance(op_name, str) else "",
        "line_numbers": [],
        "status": None,
        "updated_at": None,
        "revision": revision if isinstance(revision, int) else 0,
        "extra": {},
        "problem": problem,
    }


def _text(value: Any) -> str:
    return value if type(value) is str else str(value or "")


def summary_from_record(record: dict[str, Any]) -> CaseSummary:
    """The summary of an index record (its fields are decoded when read)."""
    return CaseSummary.from_record(record)

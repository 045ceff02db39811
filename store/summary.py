"""Case summaries: what the case list shows, kept in the index so opening stays cheap."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from dispute.vocabulary import CaseStatus, SubscriberKind

if TYPE_CHECKING:  # the case model loads on first use, not at start-up (bench/startup.py)
    from dispute.model import Case

logger = logging.getLogger(__name__)

Summarizer = Callable[["Case"], dict[str, Any]]
"""Extra columns for the list (the app computes the stage and the next deadline)."""


class CaseSummary(NamedTuple):
    """Read-only. A NamedTuple rather than a frozen dataclass: built at every start-up, it
    costs a tenth (bench/startup.py)."""

    id: str
    subscriber_name: str = ""
    kind: SubscriberKind | None = None
    operator_name: str = ""
    line_numbers: tuple[str, ...] = ()
    status: CaseStatus | None = None
    updated_at: datetime | None = None
    revision: int = 0
    extra: Mapping[str, Any] = MappingProxyType({})
    problem: str = ""
    """French description when the case file cannot be read (the case is still listed)."""


_KINDS = {kind.value: kind for kind in SubscriberKind}
_STATUSES = {status.value: status for status in CaseStatus}
"""Enum members by value: a dict lookup is ten times cheaper than ``Enum(value)``, which
counted for 20 % of opening a store of 10,000 cases."""


def summary_record(case: Case, summarizer: Summarizer | None) -> dict[str, Any]:
    """The JSON-safe summary stored in the index for a readable case."""
    from dispute.codec import to_dict

    extra: dict[str, Any] = {}
    if summarizer is not None:
        try:
            extra = to_dict(dict(summarizer(case)))
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
    """The summary of an index record. Built 10,000 times when a large store opens: values
    of the expected type are taken as they are (conversions only for odd ones)."""
    get = record.get
    updated = get("updated_at")
    try:
        updated_at = datetime.fromisoformat(updated) if type(updated) is str else None
    except ValueError:
        updated_at = None
    extra = get("extra")
    lines = get("line_numbers") or ()
    kind, status, revision = get("kind"), get("status"), get("revision")
    return CaseSummary(
        _text(record["id"]),
        _text(get("subscriber_name")),
        _KINDS.get(kind) if type(kind) is str else None,
        _text(get("operator_name")),
        tuple(lines) if all(type(n) is str for n in lines) else tuple(str(n) for n in lines),
        _STATUSES.get(status) if type(status) is str else None,
        updated_at,
        revision if type(revision) is int else int(revision or 0),
        extra if type(extra) is dict else {},
        _text(get("problem")),
    )

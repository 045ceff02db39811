"""Conversion between the case dataclasses and JSON-safe dicts.

The same dict form is stored by ``store/`` and written in case files (docs/case-format.md):
dates as ``"YYYY-MM-DD"``, timestamps as ISO 8601 with offset, amounts as strings with two
decimals (``"12.50"``), enums by value. ``case_from_dict`` is strict: an unknown key, a wrong
type or a bad value raises ``CodecError`` naming the JSON path of the field.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import cache
from typing import Any

from dispute.model import Case


class CodecError(ValueError):
    """A dict does not describe a valid case. ``path`` is like ``$.events[2].date``."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path} : {message}")
        self.path = path
        self.message = message


_PLAIN = frozenset((str, int, float, bool, type(None)))
_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}
"""Field names of each dataclass met (None for other types): ``dataclasses.fields`` and
``is_dataclass`` once per class rather than once per value. A save serialises its case
with this in 0.18 ms rather than 0.55 ms (issue 13, docs/benchmarks.md)."""


def to_dict(obj: Any) -> Any:
    """Dataclass (or value) → JSON-safe structure."""
    cls = type(obj)
    if cls in _PLAIN:
        return obj
    try:
        names = _FIELD_NAMES[cls]
    except KeyError:
        names = _FIELD_NAMES[cls] = (
            tuple(f.name for f in dataclasses.fields(cls))
            if dataclasses.is_dataclass(cls) else None)
    if names is not None:
        return {name: to_dict(getattr(obj, name)) for name in names}
    if cls is list:
        return [to_dict(v) for v in obj]
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, datetime):
        return obj.isoformat()
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, Decimal):
        return format_amount(obj)
    if isinstance(obj, (list, tuple)):
        return [to_dict(v) for v in obj]
    return obj


def format_amount(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


def case_to_dict(case: Case) -> dict[str, Any]:
    """The same dict as ``to_dict(case)``, by the case's generated encoder
    (dispute/encoders.py: a third of the cost, at every save)."""
    if type(case) is Case:
        from dispute.encoders import encoder

        return encoder(Case)(case)
    return to_dict(case)


def case_from_dict(data: Any) -> Case:
    return _build(Case, data, "$")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _build(tp: Any, value: Any, path: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None:
            return None
        return _build(args[0], value, path)
    if origin is list:
        if not isinstance(value, list):
            raise CodecError(path, "une liste est attendue")
        (item_tp,) = typing.get_args(tp)
        return [_build(item_tp, v, f"{path}[{i}]") for i, v in enumerate(value)]
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise CodecError(path, "un objet est attendu")
        hints = _hints(tp)
        names = {f.name for f in dataclasses.fields(tp)}
        unknown = sorted(set(value) - names)
        if unknown:
            raise CodecError(f"{path}.{unknown[0]}", "champ inconnu")
        kwargs = {k: _build(hints[k], v, f"{path}.{k}") for k, v in value.items()}
        return tp(**kwargs)
    if value is None:
        raise CodecError(path, "valeur obligatoire")
    if isinstance(tp, type) and issubclass(tp, Enum):
        try:
            return tp(value)
        except ValueError:
            allowed = ", ".join(m.value for m in tp)
            raise CodecError(path, f"valeur inconnue {value!r} (attendu : {allowed})") from None
    if tp is datetime:
        if not isinstance(value, str):
            raise CodecError(path, "une date et heure ISO 8601 est attendue")
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            raise CodecError(path, f"date et heure invalide {value!r}") from None
    if tp is date:
        if not isinstance(value, str):
            raise CodecError(path, "une date AAAA-MM-JJ est attendue")
        try:
            if len(value) != 10:
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            raise CodecError(path, f"date invalide {value!r} (format AAAA-MM-JJ)") from None
    if tp is Decimal:
        if not isinstance(value, str):
            raise CodecError(path, "un montant en texte est attendu, par exemple \"12.50\"")
        try:
            amount = Decimal(value)
        except InvalidOperation:
            raise CodecError(path, f"montant invalide {value!r}") from None
        if not amount.is_finite():
            raise CodecError(path, f"montant invalide {value!r}")
        return amount
    if tp is bool:
        if not isinstance(value, bool):
            raise CodecError(path, "vrai ou faux est attendu")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise CodecError(path, "un nombre entier est attendu")
        return value
    if tp is str:
        if not isinstance(value, str):
            raise CodecError(path, "un texte est attendu")
        return value
    raise CodecError(path, f"type non géré {tp!r}")  # pragma: no cover - programming error

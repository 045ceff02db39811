"""A deep copy of a case, the one a save returns (``CaseStore.save_case``).

The case model is dataclasses holding lists, other dataclasses and immutable values (text,
numbers, dates, times, amounts, enum members). The copy rebuilds every dataclass, list,
dict, set and tuple and shares the immutable values, as ``pickle`` and ``copy.deepcopy``
would hand back equal ones: about a third of pickle's cost, which walks every value
twice (to bytes and back) and calls Python for each enum member (issue 13:
docs/benchmarks.md). A dataclass is rebuilt like pickle does (``object.__new__``, then its
attributes); anything else falls back on ``copy.deepcopy``.
"""

from __future__ import annotations

import copy
import dataclasses
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from enum import Enum
from typing import Any

_SHARED: set[type] = {str, int, float, bool, complex, bytes, type(None), date, datetime, time,
                      timedelta, timezone, Decimal}
"""Immutable values: the copy holds the same objects (enum member types join the set as
they are met)."""

_DATACLASSES: dict[type, bool] = {}
"""Each class met: True for a dataclass with a ``__dict__`` (rebuilt here), False for other
types (``copy.deepcopy``)."""


def deep_copy(value: Any) -> Any:
    """A copy of ``value`` that shares no mutable object with it."""
    cls = type(value)
    if cls in _SHARED:
        return value
    if cls is list:
        return [v if type(v) in _SHARED else deep_copy(v) for v in value]
    rebuilt = _DATACLASSES.get(cls)
    if rebuilt is None:
        if issubclass(cls, Enum):
            _SHARED.add(cls)
            return value
        rebuilt = _DATACLASSES[cls] = (dataclasses.is_dataclass(cls)
                                       and hasattr(value, "__dict__")
                                       and not hasattr(cls, "__slots__"))
    if rebuilt:
        state = value.__dict__.copy()
        for name, item in state.items():
            if type(item) not in _SHARED:
                state[name] = deep_copy(item)
        new = object.__new__(cls)
        new.__dict__.update(state)
        return new
    if cls is dict:
        return {k: deep_copy(v) for k, v in value.items()}
    if cls is tuple:
        return tuple(deep_copy(v) for v in value)
    if cls is set:
        return {deep_copy(v) for v in value}
    return copy.deepcopy(value)

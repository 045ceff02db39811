"""The copy a save returns (store/copying.py): equal to the case, sharing nothing mutable."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import random
import sys
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path

from dispute.model import Case, Credit, Event, EventKind, Exhibit, Outcome
from store.casefile import read_case_file
from store.copying import deep_copy

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if (p / "case.json").is_file())

IMMUTABLE = (str, int, float, bool, bytes, type(None), date, Decimal, Enum)


def _mutables(value, seen: dict[int, object]) -> dict[int, object]:
    """Every mutable object reachable from ``value`` (by id; kept alive in the dict)."""
    if isinstance(value, IMMUTABLE) or id(value) in seen:
        return seen
    seen[id(value)] = value
    if dataclasses.is_dataclass(value):
        for item in vars(value).values():
            _mutables(item, seen)
    elif isinstance(value, dict):
        for item in value.values():
            _mutables(item, seen)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            _mutables(item, seen)
    return seen


def _cases() -> list[Case]:
    cases = [read_case_file(folder).case for folder in EXAMPLES]
    sys.path.insert(0, str(ROOT / "tests"))
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from store_scale import build_case
        from test_case_list_summary import random_case
    finally:
        sys.path.remove(str(ROOT / "tests"))
        sys.path.remove(str(ROOT / "bench"))
    rng = random.Random(7)
    cases += [build_case(rng) for _ in range(20)] + [random_case(rng) for _ in range(80)]
    return cases


def test_the_copy_is_equal_and_shares_nothing_mutable():
    for case in _cases():
        copied = deep_copy(case)
        assert copied == case
        assert type(copied) is Case
        # the same objects, values and types all the way down as pickle's round trip
        assert pickle.dumps(copied) == pickle.dumps(case)
        assert pickle.dumps(copied) == pickle.dumps(pickle.loads(pickle.dumps(case)))
        shared = set(_mutables(case, {})) & set(_mutables(copied, {}))
        assert not shared


def test_changing_the_copy_leaves_the_case_alone():
    case = read_case_file(EXAMPLES[0]).case
    case.credits.append(Credit())
    case.outcome = Outcome()
    before = pickle.dumps(case)
    copied = deep_copy(case)
    copied.events[0].summary = "changé"
    copied.events[0].exhibit_ids.append("x")
    copied.events.append(Event(kind=EventKind.CALL))
    copied.subscriber.address.street_lines.append("ligne")
    copied.lines.clear()
    copied.credits[0].label = "autre"
    copied.outcome.obtained.append(next(iter(type(copied.outcome.result))))
    copied.exhibits.append(Exhibit())
    assert pickle.dumps(case) == before


def test_other_values_are_copied_by_deepcopy():
    @dataclasses.dataclass(frozen=True)
    class Frozen:
        items: list

    class Plain:
        def __init__(self) -> None:
            self.items = [1, [2]]

    holder = {"f": Frozen([[1]]), "p": Plain(), "t": ([1],), "s": {1, 2}}
    copied = deep_copy(holder)
    assert copied["f"] == holder["f"] and copied["f"].items[0] is not holder["f"].items[0]
    assert copied["p"].items == [1, [2]] and copied["p"].items[1] is not holder["p"].items[1]
    assert copied["t"] == ([1],) and copied["t"][0] is not holder["t"][0]
    assert copied["s"] == {1, 2} and copied["s"] is not holder["s"]


def test_a_save_returns_such_a_copy(tmp_path):
    from store import CaseStore

    case = read_case_file(EXAMPLES[1]).case
    case.revision = 0
    with CaseStore.open(tmp_path / "data") as store:
        saved = store.save_case(case)
        assert saved.revision == 1 and case.revision == 0
        assert not set(_mutables(case, {})) & set(_mutables(saved, {}))
        assert dataclasses.replace(saved, revision=0, created_at=case.created_at,
                                   updated_at=case.updated_at,
                                   schema_version=case.schema_version) == case
        assert store.load_case(case.id) == saved
        assert copy.deepcopy(saved) == saved

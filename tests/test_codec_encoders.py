"""The generated encoders (dispute/encoders.py) give exactly ``codec.to_dict``'s dictionary.

A save serialises its case with them (``case_to_dict``): the case file must be byte for byte
what ``to_dict`` wrote, for the examples, the benchmark's cases, a random corpus, and values
of another type than the declared one (a ``datetime`` where a ``date`` is declared, text
where an enum member is, a tuple where a list is, ``None`` where none is expected, a
subclass...): those go through ``to_dict`` itself.
"""

from __future__ import annotations

import dataclasses
import json
import random
import sys
from datetime import date, datetime, timezone
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dispute.codec import case_from_dict, case_to_dict, to_dict
from dispute.encoders import encoder
from dispute.model import Case, Event, EventKind, InvoiceLine, PostalAddress, RegisteredMail
from store.casefile import read_case_file
from tests.test_case_list_summary import random_case

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if (p / "case.json").is_file())


def _same(case: Case) -> None:
    expected = to_dict(case)
    got = case_to_dict(case)
    assert got == expected
    # the same text too: key order, and types that compare equal but dump differently
    assert json.dumps(got, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)


@pytest.mark.parametrize("folder", EXAMPLES, ids=lambda p: p.name)
def test_examples(folder):
    _same(read_case_file(folder).case)


def test_benchmark_and_random_cases():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from store_scale import build_case
    finally:
        sys.path.remove(str(ROOT / "bench"))
    rng = random.Random(20261203)
    for _ in range(50):
        _same(build_case(rng))
    for seed in range(200):
        _same(random_case(random.Random(seed)))


class Other(StrEnum):
    X = "x-value"


class EventSubclass(Event):
    pass


HOSTILE = [
    None, "", "texte é € 😀 <&>\x00\ud800", 0, 1, True, False, 2.5, Decimal("12.345"),
    Decimal("-0"), date(2028, 2, 29), datetime(2026, 12, 3, 12, 0, tzinfo=timezone.utc),
    EventKind.CALL, Other.X, [], ["a", 1, None], ("a", "b"), {"k": "v"},
    PostalAddress(["1 rue"], "75001", "Paris"), RegisteredMail("RR123"),
    [Event(kind=EventKind.EMAIL)], [EventSubclass()], InvoiceLine(),
]


def _all_dataclass_instances(case: Case):
    """The case and every dataclass it holds."""
    stack = [case]
    while stack:
        obj = stack.pop()
        yield obj
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            items = value if isinstance(value, list) else [value]
            stack.extend(v for v in items if dataclasses.is_dataclass(v))


def test_every_field_of_every_class_with_values_of_other_types():
    rng = random.Random(7)
    base = random_case(random.Random(3))
    for obj in list(_all_dataclass_instances(base)):
        for f in dataclasses.fields(obj):
            kept = getattr(obj, f.name)
            for value in HOSTILE:
                object.__setattr__(obj, f.name, value)
                _same(base)
                assert encoder(type(obj))(obj) == to_dict(obj)
            object.__setattr__(obj, f.name, kept)
    assert rng  # the loop above ran over every field


def test_a_subclass_of_case_and_of_event():
    class CaseSubclass(Case):
        pass

    case = CaseSubclass()
    case.events.append(EventSubclass(kind=EventKind.LETTER, date=date(2026, 2, 28)))
    _same(case)


def test_a_saved_case_reads_back_equal():
    case = random_case(random.Random(11))
    assert case_from_dict(case_to_dict(case)) == case


@settings(max_examples=60, deadline=None)
@given(st.builds(
    Event,
    kind=st.sampled_from(list(EventKind)),
    date=st.none() | st.dates(),
    summary=st.text(),
    written=st.booleans(),
    exhibit_ids=st.lists(st.text(max_size=5), max_size=3),
))
def test_random_events(event):
    case = Case(events=[event])
    _same(case)

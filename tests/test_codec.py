"""Round trip of the case dict form and precise errors on bad values."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from dispute.codec import CodecError, case_from_dict, case_to_dict
from dispute.model import (
    AnswerOutcome,
    Case,
    Counterpart,
    Event,
    EventKind,
    InvoiceLine,
    Line,
    LineKind,
    RegisteredMail,
    SubscriberKind,
)


def _full_case() -> Case:
    case = Case(created_at=datetime(2026, 1, 2, 9, 30, tzinfo=timezone.utc))
    case.subscriber.kind = SubscriberKind.BUSINESS
    case.subscriber.name = "Boulangerie Léa & Fils — « chez Zoé » 🥖"
    case.subscriber.address.street_lines = ["12 rue de l'Œuvre"]
    case.lines.append(Line(number="0231000000", kind=LineKind.FIXED))
    case.invoice_lines.append(
        InvoiceLine(invoice_date=date(2024, 2, 29), amount_billed=Decimal("59.99"),
                    amount_disputed=Decimal("20.5"))
    )
    case.events.append(
        Event(kind=EventKind.REGISTERED_LETTER, date=date(2026, 1, 31), written=True,
              counterpart=Counterpart.SERVICE_CONSOMMATEURS,
              registered=RegisteredMail(tracking_number="1A00000000001", posted_on=date(2026, 1, 31),
                                        received_on=date(2026, 2, 3)))
    )
    case.events.append(Event(kind=EventKind.ANSWER, date=date(2026, 2, 20),
                             outcome=AnswerOutcome.UNSATISFACTORY))
    return case


def test_round_trip_through_json_keeps_every_value():
    case = _full_case()
    text = json.dumps(case_to_dict(case), ensure_ascii=False)
    again = case_from_dict(json.loads(text))
    assert again == case
    assert json.loads(text)["invoice_lines"][0]["amount_disputed"] == "20.50"


@pytest.mark.parametrize(
    ("patch", "path"),
    [
        ({"events": [{"date": "2026-02-30"}]}, "$.events[0].date"),
        ({"events": [{"kind": "telegram"}]}, "$.events[0].kind"),
        ({"invoice_lines": [{"amount_billed": 12.5}]}, "$.invoice_lines[0].amount_billed"),
        ({"invoice_lines": [{"amount_billed": "NaN"}]}, "$.invoice_lines[0].amount_billed"),
        ({"revision": True}, "$.revision"),
        ({"subscriber": {"nom": "x"}}, "$.subscriber.nom"),
        ({"lines": {"number": "x"}}, "$.lines"),
    ],
)
def test_bad_values_name_their_path(patch, path):
    with pytest.raises(CodecError) as info:
        case_from_dict(patch)
    assert info.value.path == path


def _reference_to_dict(obj):
    """The straightforward walk that ``to_dict`` (which caches each class's fields)
    must agree with."""
    import dataclasses
    from enum import Enum

    from dispute.codec import format_amount

    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _reference_to_dict(getattr(obj, f.name))
                for f in dataclasses.fields(obj)}
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, (datetime, date)):
        return obj.isoformat()
    if isinstance(obj, Decimal):
        return format_amount(obj)
    if isinstance(obj, (list, tuple)):
        return [_reference_to_dict(v) for v in obj]
    return obj


def test_to_dict_agrees_with_a_plain_walk_of_the_dataclasses():
    import dataclasses
    from enum import Enum

    from dispute.codec import to_dict

    class Colour(str, Enum):
        RED = "rouge"

    class Name(str):
        pass

    @dataclasses.dataclass
    class Empty:
        pass

    @dataclasses.dataclass
    class Odd:
        values: tuple = (1, 2.5, True, None, Colour.RED, Name("x"))
        nested: list = dataclasses.field(default_factory=lambda: [[Empty()], ()])
        mapping: dict = dataclasses.field(default_factory=lambda: {"k": date(2024, 2, 29)})
        kind: type = Empty

    for value in (_full_case(), Odd(), Empty(), [Odd(), (Empty(),)], Colour.RED, Name("y"),
                  Decimal("1.005"), datetime(2026, 3, 1, tzinfo=timezone.utc)):
        assert to_dict(value) == _reference_to_dict(value)
        assert type(to_dict(value)) is type(_reference_to_dict(value))
    assert to_dict(Empty()) == {} and to_dict(Odd())["kind"] is Empty

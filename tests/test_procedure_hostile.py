"""Any text a person can type goes through the engine as text: it never breaks an assessment,
its JSON or its French report (issue 9's new routes included)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dispute.model import (
    BusinessForm,
    Counterpart,
    Credit,
    Event,
    EventKind,
    HandlingStructure,
    InvoiceLine,
)
from dispute.procedure import assess, assessment_to_dict, format_assessment_text
from procedure_builders import answer, email, make_case, opinion, saisine

hostile = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["<b>&amp;</b>", "\x00\x1f\x7f", "\ud800", "😀" * 50, "é" * 3000,
                     "‮gnp.exe", "{'a': 1}", "\n\r\t", "€€€", "0" * 40]),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(hostile, min_size=12, max_size=12), st.booleans())
def test_hostile_text_in_every_field_never_breaks_the_engine(texts, business):
    case = make_case(email(date(2026, 1, 5)), answer(date(2026, 1, 20)),
                     saisine(date(2026, 3, 1)), opinion(date(2026, 5, 1)), business=business)
    (case.subscriber.name, case.subscriber.siren, case.subscriber.email, case.subscriber.phone,
     case.operator.name, case.operator.siren, case.summary, case.offence, name, label, number,
     note) = texts
    case.subscriber.business_form = BusinessForm.OTHER if business else None
    case.handling_structure = HandlingStructure(name=name)
    case.invoice_lines.append(InvoiceLine(invoice_number=number, label=label,
                                          amount_disputed=Decimal("12.50"),
                                          paid_on=date(2026, 1, 2)))
    case.credits.append(Credit(amount=Decimal("1.00"), note=note))
    case.events.append(Event(kind=EventKind.OTHER, date=date(2026, 2, 1), summary=note,
                             counterpart=Counterpart.CONCILIATEUR, reference=label))
    a = assess(case, date(2026, 6, 1))
    json.dumps(assessment_to_dict(a), ensure_ascii=False).encode("utf-8", "surrogatepass")
    format_assessment_text(a)
    assert all(d.reason for d in a.letters)

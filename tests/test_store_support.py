"""Shared helpers for the store tests (imported by the test_store_* modules)."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from dispute.model import (
    Case,
    Event,
    EventKind,
    InvoiceLine,
    Line,
    LineKind,
    OperatorRef,
    PostalAddress,
    Subscriber,
    SubscriberKind,
)
from store import CaseStore

HOSTILE = (
    "Zoé Lefèvre-Œuvré — 12,50 € « guillemets » ÿ ß Æ œ 🙂👨‍👩‍👧 ‮rtl‬ \u200b"
    "\x00\x01\x07\x1b\x7f\t\r\n \\ \" ' / <script>&amp; e\u0301 NFD"
)


def make_case(name: str = "Zoé Lefèvre", *, events: int = 3, text: str = "") -> Case:
    case = Case(
        subscriber=Subscriber(
            kind=SubscriberKind.BUSINESS,
            name=name,
            address=PostalAddress(street_lines=["3 rue de l'Église"], postcode="75011",
                                  city="Paris"),
        ),
        operator=OperatorRef(directory_id="orange", name="Orange"),
        lines=[Line(number="01 23 45 67 89", kind=LineKind.FIXED)],
        summary=text or "Ligne coupée depuis le déménagement.",
        invoice_lines=[InvoiceLine(label="Forfait", amount_billed=Decimal("39.99"),
                                   amount_disputed=Decimal("39.99"))],
    )
    case.events = [
        Event(kind=EventKind.CALL, date=date(2026, 1, 1 + i), summary=f"Appel n° {i} {text}")
        for i in range(events)
    ]
    return case


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (except the lock files) with its bytes."""
    out = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            if name in (".lock", ".lock.info"):
                continue
            path = Path(root, name)
            out[str(path.relative_to(folder))] = path.read_bytes()
    return out


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "données"


@pytest.fixture
def store(data_dir: Path):
    with CaseStore.open(data_dir, durable=False) as opened:
        yield opened

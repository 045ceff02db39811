"""Case model version 2: the fields added in December 2026 and the migration from version 1.

Version-1 files (``tests/data/format_v1/``: the examples as version 1 wrote them) must import
with every new field at its neutral default; a version-1 case in the store loads the same way
and is rewritten in the current version only when saved. Version 3 and the step 2 → 3 are in
``tests/test_model_v3.py``; here version-1 input goes through both steps.
"""

from __future__ import annotations

import copy
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from dispute.amounts import in_basis, to_ht, to_ttc
from dispute.codec import case_from_dict, case_to_dict
from dispute.labels import label
from dispute.model import (
    SCHEMA_VERSION,
    BusinessForm,
    Case,
    Civility,
    Credit,
    CreditKind,
    Obtained,
    Outcome,
    OutcomeResult,
    SettlementRoute,
    StructureKind,
    TaxBasis,
    Voice,
)
from store import CaseStore
from store.casefile import FORMAT_VERSION, read_case_file, validate_document
from store.layout import case_path
from store.migrations import case_v1_to_v2
from test_store_support import data_dir, make_case  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
V1 = Path(__file__).resolve().parent / "data" / "format_v1"


def _v1_document(name: str) -> dict:
    return json.loads((V1 / f"{name}.case.json").read_text(encoding="utf-8"))


def test_versions_are_at_least_two() -> None:
    assert SCHEMA_VERSION >= 2 and FORMAT_VERSION == SCHEMA_VERSION


@pytest.mark.parametrize("name", ["panne-fibre-particulier", "facturation-entreprise-cpme"])
def test_version_1_document_migrates_with_neutral_defaults(name: str) -> None:
    document = _v1_document(name)
    before = copy.deepcopy(document)
    case, _entries, _when = validate_document(document)
    assert document == before  # the migration never mutates its input
    assert case.schema_version == SCHEMA_VERSION
    assert case.subscriber.civility is None and case.subscriber.business_form is None
    assert case.subscriber.legal_form == "" and case.subscriber.small_business is None
    assert case.contract.price_tax is TaxBasis.TTC
    assert case.contract.vat_rate == Decimal("20.00")
    assert all(x.tax_basis is TaxBasis.TTC for x in case.invoice_lines)
    assert all(e.response_due is None for e in case.events)
    assert case.operator.siren == "" and case.operator.head_office_address.is_empty()
    assert case.summary_voice is Voice.SUBSCRIBER
    assert case.credits == [] and case.offence == "" and case.outcome is None
    if case.handling_structure is not None:
        assert case.handling_structure.kind is None
        assert case.handling_structure.member_since is None
    # Everything version 1 held is kept.
    v1_case = before["case"]
    assert case.subscriber.name == v1_case["subscriber"]["name"]
    assert len(case.events) == len(v1_case["events"])
    assert [str(x.amount_disputed) for x in case.invoice_lines] == [
        x["amount_disputed"] for x in v1_case["invoice_lines"]]


def test_version_1_case_folder_imports(tmp_path: Path) -> None:
    folder = tmp_path / "dossier"
    shutil.copytree(ROOT / "examples" / "panne-fibre-particulier", folder)
    shutil.copy(V1 / "panne-fibre-particulier.case.json", folder / "case.json")
    case_file = read_case_file(folder)
    assert case_file.case.schema_version == SCHEMA_VERSION
    assert case_file.format_version == 1  # what the file was written in


def test_version_1_case_in_the_store_is_saved_as_current(data_dir: Path) -> None:  # noqa: F811
    with CaseStore.open(data_dir, durable=False) as opened:
        saved = opened.save_case(make_case())
    path = case_path(data_dir, saved.id)
    stored = json.loads(path.read_text(encoding="utf-8"))
    record = stored["case"]["1"]
    for key in ("summary_voice", "credits", "offence", "outcome"):
        record.pop(key)
    for key in ("civility", "business_form", "legal_form", "small_business"):
        record["subscriber"].pop(key)
    for key in ("price_tax", "vat_rate"):
        record["contract"].pop(key)
    for event in record["events"]:
        event.pop("response_due")
        event.pop("sender")  # version 3
    for key in ("offence_facts", "portability_requested_on"):  # version 3
        record.pop(key)
    record["schema_version"] = 1
    path.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
    with CaseStore.open(data_dir, durable=False) as opened:
        loaded = opened.load_case(saved.id)
        assert loaded.schema_version == SCHEMA_VERSION
        assert loaded.summary_voice is Voice.SUBSCRIBER
        opened.save_case(loaded)
    record = json.loads(path.read_text(encoding="utf-8"))["case"]["1"]
    assert record["schema_version"] == SCHEMA_VERSION and record["credits"] == []


def test_migration_tolerates_odd_shapes() -> None:
    """A broken version-1 dict is left for the schema/codec to refuse with a path."""
    odd = {"schema_version": 1, "subscriber": "x", "invoice_lines": "y", "events": None}
    out = case_v1_to_v2(odd)
    assert out["subscriber"] == "x" and out["invoice_lines"] == "y" and out["events"] is None
    assert odd == {"schema_version": 1, "subscriber": "x", "invoice_lines": "y",
                   "events": None}


def test_new_fields_round_trip() -> None:
    case = Case()
    case.subscriber.civility = Civility.COUPLE
    case.subscriber.business_form = BusinessForm.SOLE_TRADER
    case.subscriber.small_business = True
    case.summary_voice = Voice.STRUCTURE
    case.credits = [Credit(kind=CreditKind.REFUND, amount=Decimal("12.50"),
                           tax_basis=TaxBasis.HT, vat_rate=Decimal("5.50"), deducted=False)]
    case.offence = "Pratique commerciale trompeuse (C. conso L.132-2) — à qualifier"
    case.outcome = Outcome(result=OutcomeResult.PARTIAL, obtained=[Obtained.CREDIT],
                           amount_claimed=Decimal("55.02"), amount_obtained=Decimal("10.00"),
                           route=SettlementRoute.MEDIATOR, subscriber_followed_opinion=True)
    assert case_from_dict(json.loads(json.dumps(case_to_dict(case)))) == case


@pytest.mark.parametrize("value", [Civility.MR, BusinessForm.ASSOCIATION, StructureKind.CPME,
                                   TaxBasis.HT, Voice.NEUTRAL, CreditKind.GESTURE,
                                   OutcomeResult.WITHDRAWN, Obtained.LINE_RESTORED_OR_PORTED,
                                   SettlementRoute.BUSINESS_MEDIATOR])
def test_new_values_have_french_labels(value) -> None:
    assert label(value) and label(value) != value.value


@pytest.mark.parametrize(("amount", "basis", "rate", "ttc", "ht"), [
    ("151.36", TaxBasis.HT, "20.00", "181.63", "151.36"),  # 181.632 → 181.63
    ("100.00", TaxBasis.TTC, "20.00", "100.00", "83.33"),
    ("0.05", TaxBasis.HT, "20.00", "0.06", "0.05"),  # half up
    ("10.55", TaxBasis.HT, "5.50", "11.13", "10.55"),  # 11.13025
    ("0.00", TaxBasis.HT, "20.00", "0.00", "0.00"),
])
def test_ht_ttc_conversions(amount, basis, rate, ttc, ht) -> None:
    a, r = Decimal(amount), Decimal(rate)
    assert to_ttc(a, basis, r) == Decimal(ttc)
    assert to_ht(a, basis, r) == Decimal(ht)
    assert in_basis(a, basis, r, TaxBasis.TTC) == Decimal(ttc)
    assert in_basis(a, basis, r, TaxBasis.HT) == Decimal(ht)

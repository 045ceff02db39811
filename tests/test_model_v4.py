"""Case model version 4: whether the contract was concluded at a distance (online, by phone),
which decides whether the letters cite the provider's strict liability of LCEN art. 15 I
(review2 5.2), and the migration from version 3.

Version-3 files (``tests/data/format_v3/``: the examples as version 3 wrote them) import with
« not said » (None), never a guess; a version-3 case in the store loads the same way and is
rewritten in version 4 only when saved.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from dispute.codec import case_from_dict, case_to_dict
from dispute.model import SCHEMA_VERSION, Case
from store import CaseStore
from store.casefile import FORMAT_VERSION, SchemaViolationError, validate_document
from store.layout import case_path
from store.migrations import case_v3_to_v4, migrate_case
from test_store_support import data_dir, make_case  # noqa: F401

V3 = Path(__file__).resolve().parent / "data" / "format_v3"
NAMES = ["panne-fibre-particulier", "facturation-entreprise-cpme", "ecrasement-ligne-commerce"]


def _document(name: str) -> dict:
    return json.loads((V3 / f"{name}.case.json").read_text(encoding="utf-8"))


def test_versions_are_four() -> None:
    assert SCHEMA_VERSION == 4 and FORMAT_VERSION == 4


@pytest.mark.parametrize("name", NAMES)
def test_version_3_document_migrates(name: str) -> None:
    document = _document(name)
    assert document["format_version"] == 3 and document["case"]["schema_version"] == 3
    before = copy.deepcopy(document)
    case, _entries, _when = validate_document(document)
    assert document == before  # the migration never mutates its input
    assert case.schema_version == 4 and case.contract.distance is None  # not said
    # everything version 3 held is kept
    out = case_to_dict(case)
    assert out["contract"].pop("distance") is None
    out.pop("schema_version")
    held = dict(before["case"])
    held.pop("schema_version")
    assert out == held


def test_migration_tolerates_odd_shapes() -> None:
    assert case_v3_to_v4({"schema_version": 3, "contract": "x"})["contract"] == "x"
    assert case_v3_to_v4({"schema_version": 3})["contract"] is None
    data = {"schema_version": 3, "contract": {"offer": "Fibre"}}
    assert case_v3_to_v4(data)["contract"] == {"offer": "Fibre", "distance": None}
    assert data == {"schema_version": 3, "contract": {"offer": "Fibre"}}  # input untouched


def test_version_3_case_in_the_store_loads_and_is_saved_as_4(data_dir: Path) -> None:  # noqa: F811
    case = make_case()
    with CaseStore.open(data_dir, durable=False) as opened:
        saved = opened.save_case(case)
    path = case_path(data_dir, saved.id)
    stored = json.loads(path.read_text(encoding="utf-8"))
    record = stored["case"]["1"]
    record["contract"].pop("distance")
    record["schema_version"] = 3
    before = json.dumps(stored, ensure_ascii=False)
    path.write_text(before, encoding="utf-8")
    with CaseStore.open(data_dir, durable=False) as opened:
        loaded = opened.load_case(saved.id)
        assert loaded.schema_version == 4 and loaded.contract.distance is None
        assert path.read_text(encoding="utf-8") == before  # loading never rewrites
        opened.save_case(loaded)
    record = json.loads(path.read_text(encoding="utf-8"))["case"]["1"]
    assert record["schema_version"] == 4 and record["contract"]["distance"] is None


def test_a_newer_case_is_refused() -> None:
    with pytest.raises(Exception, match="plus récente"):
        migrate_case({"schema_version": 5}, "x.json")


@pytest.mark.parametrize("value", [True, False, None])
def test_distance_round_trips(value) -> None:
    case = Case()
    case.contract.distance = value
    assert case_from_dict(json.loads(json.dumps(case_to_dict(case)))) == case


def test_a_distance_that_is_not_a_boolean_is_refused_with_its_path() -> None:
    document = _document("panne-fibre-particulier")
    document["format_version"] = 4
    document["case"]["schema_version"] = 4
    document["case"]["contract"]["distance"] = "oui"
    with pytest.raises(SchemaViolationError) as caught:
        validate_document(document)
    assert "distance" in str(caught.value.path if hasattr(caught.value, "path") else caught.value)

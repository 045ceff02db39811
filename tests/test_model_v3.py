"""Case model version 3: who sent each event, each exhibit's kind, the facts of the offence
and the day a portability was requested, and the migration from version 2.

Version-2 files (``tests/data/format_v2/``: the examples as version 2 wrote them) import with
the senders and exhibit kinds derived conservatively (unknown is « not said », never a guess);
version-1 files go through 1 → 2 → 3; a version-2 case in the store loads the same way and is
rewritten in version 3 only when saved.
"""

from __future__ import annotations

import copy
import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from dispute.codec import case_from_dict, case_to_dict
from dispute.labels import label
from dispute.model import (
    SCHEMA_VERSION,
    Case,
    Event,
    EventKind,
    Exhibit,
    ExhibitKind,
    Sender,
)
from dispute.validation import clean_text, validate_case
from store import CaseStore
from store.casefile import FORMAT_VERSION, read_case_file, validate_document
from store.layout import case_path
from store.migrations import case_v2_to_v3, event_sender_v3, exhibit_kinds_v3, migrate_case
from test_store_support import data_dir, make_case  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
V1 = Path(__file__).resolve().parent / "data" / "format_v1"
V2 = Path(__file__).resolve().parent / "data" / "format_v2"
NAMES = ["panne-fibre-particulier", "facturation-entreprise-cpme", "ecrasement-ligne-commerce"]


def _document(folder: Path, name: str) -> dict:
    return json.loads((folder / f"{name}.case.json").read_text(encoding="utf-8"))


def test_versions_are_three_or_later() -> None:
    assert SCHEMA_VERSION >= 3 and FORMAT_VERSION == SCHEMA_VERSION


@pytest.mark.parametrize("name", NAMES)
def test_version_2_document_migrates(name: str) -> None:
    document = _document(V2, name)
    assert document["format_version"] == 2 and document["case"]["schema_version"] == 2
    before = copy.deepcopy(document)
    case, _entries, _when = validate_document(document)
    assert document == before  # the migration never mutates its input
    assert case.schema_version == SCHEMA_VERSION
    assert case.offence_facts == "" and case.portability_requested_on is None
    # Everything version 2 held is kept.
    assert case_to_dict(case)["events"] == [
        {**e, "sender": case_to_dict(case)["events"][i]["sender"]}
        for i, e in enumerate(before["case"]["events"])]
    assert [x.id for x in case.exhibits] == [x["id"] for x in before["case"]["exhibits"]]


def test_version_2_senders_are_derived_conservatively() -> None:
    case, _, _ = validate_document(_document(V2, "panne-fibre-particulier"))
    by_kind = {(e.kind, e.direction.value, e.date): e.sender for e in case.events}
    # no structure: whatever went out, the subscriber sent it; the answer is the operator's
    assert by_kind[(EventKind.REGISTERED_LETTER, "outgoing", date(2026, 3, 16))] is \
        Sender.SUBSCRIBER
    assert by_kind[(EventKind.ANSWER, "incoming", date(2026, 6, 15))] is Sender.OPERATOR
    assert by_kind[(EventKind.OUTAGE, "outgoing", date(2026, 3, 2))] is None  # not sent
    # a structure follows the CPME case and no mandate is recorded: who wrote is not said
    cpme, _, _ = validate_document(_document(V2, "facturation-entreprise-cpme"))
    outgoing = [e for e in cpme.events if e.direction.value == "outgoing"]
    assert outgoing and all(e.sender is None for e in outgoing)
    answers = [e for e in cpme.events if e.kind is EventKind.ANSWER]
    assert answers and all(e.sender is Sender.OPERATOR for e in answers)


def test_version_2_exhibit_kinds_come_from_the_events() -> None:
    case, _, _ = validate_document(_document(V2, "panne-fibre-particulier"))
    kinds = {x.number: x.kind for x in case.exhibits}
    assert kinds == {1: ExhibitKind.COMPLAINT, 2: ExhibitKind.RECEIPT, 3: ExhibitKind.OTHER,
                     4: ExhibitKind.COMPLAINT, 5: ExhibitKind.RECEIPT, 6: ExhibitKind.ANSWER}
    # the invoice attached to a call: the call does not say what it is
    cpme, _, _ = validate_document(_document(V2, "facturation-entreprise-cpme"))
    assert cpme.exhibits[0].kind is ExhibitKind.OTHER


def _event(kind: str, direction: str = "outgoing", counterpart: str = "service_clients",
           day: str | None = "2026-03-10", ids: list[str] | None = None) -> dict:
    return {"kind": kind, "direction": direction, "counterpart": counterpart, "date": day,
            "written": kind in ("letter", "registered_letter", "email", "answer"),
            "exhibit_ids": ids or []}


@pytest.mark.parametrize(("event", "structure", "mandate", "expected"), [
    (_event("registered_letter"), False, None, "subscriber"),
    (_event("registered_letter"), True, None, None),  # a structure, no mandate: not said
    (_event("registered_letter", day="2026-03-09"), True, "2026-03-10", "subscriber"),
    (_event("registered_letter", day="2026-03-10"), True, "2026-03-10", None),  # same day
    (_event("registered_letter", day="2026-03-11"), True, "2026-03-10", None),
    (_event("letter", day=None), True, "2026-03-10", None),  # undated
    (_event("email", counterpart="handling_structure"), True, None, "subscriber"),
    (_event("answer", "incoming"), True, None, "operator"),
    (_event("answer", "incoming", "operator_other"), False, None, "operator"),
    (_event("mediator_opinion", "incoming", "mediator"), False, None, "third_party"),
    (_event("letter", "incoming", "handling_structure"), True, None, "handling_structure"),
    (_event("letter", "incoming", "other"), False, None, None),  # from whom?
    (_event("outage"), False, None, None),
    (_event("mandate_signed", counterpart="handling_structure"), True, None, None),
    (_event("party_position"), False, None, None),
    ({"kind": "letter", "direction": "sideways"}, False, None, None),
])
def test_event_sender_rule(event, structure, mandate, expected) -> None:
    assert event_sender_v3(event, structure, mandate) == expected


def test_mandate_date_decides_through_the_whole_migration() -> None:
    data = {"schema_version": 2, "handling_structure": {"name": "CPME 79"},
            "events": [_event("registered_letter", day="2026-02-01"),
                       {**_event("mandate_signed", counterpart="handling_structure"),
                        "date": "2026-02-15"},
                       _event("registered_letter", day="2026-03-01")],
            "exhibits": []}
    out = case_v2_to_v3(data)
    assert [e["sender"] for e in out["events"]] == ["subscriber", None, None]
    # an empty structure name is no structure (the letters read it so)
    data["handling_structure"] = {"name": "  "}
    assert case_v2_to_v3(data)["events"][2]["sender"] == "subscriber"


def _exhibit(i: str, title: str = "") -> dict:
    return {"id": i, "title": title}


@pytest.mark.parametrize(("events", "exhibits", "expected"), [
    # a registered letter and its receipt named as such
    ([_event("registered_letter", ids=["a", "b"])],
     [_exhibit("a", "Lettre"), _exhibit("b", "Accusé de réception")],
     {"a": "complaint", "b": "receipt"}),
    # two exhibits, none named a receipt: either could be the letter
    ([_event("registered_letter", ids=["a", "b"])], [_exhibit("a"), _exhibit("b")],
     {"a": "other", "b": "other"}),
    # a receipt word outside a registered letter means nothing
    ([_event("email", ids=["a"])], [_exhibit("a", "avis de réception")], {"a": "complaint"}),
    ([_event("answer", "incoming", ids=["a"])], [_exhibit("a")], {"a": "answer"}),
    ([{**_event("answer", "incoming", ids=["a"]), "written": False}], [_exhibit("a")],
     {"a": "other"}),
    ([_event("mandate_signed", counterpart="handling_structure", ids=["a"])], [_exhibit("a")],
     {"a": "mandate"}),
    ([_event("call", ids=["a"])], [_exhibit("a", "Facture F1")], {"a": "other"}),
    # a letter to the mediator is no complaint to the operator
    ([_event("letter", counterpart="mediator", ids=["a"])], [_exhibit("a")], {"a": "other"}),
    # attached to two events that disagree
    ([_event("email", ids=["a"]), _event("answer", "incoming", ids=["a"])], [_exhibit("a")],
     {"a": "other"}),
    # attached to two events that agree
    ([_event("answer", "incoming", ids=["a"]), _event("answer", "incoming", ids=["a"])],
     [_exhibit("a")], {"a": "answer"}),
])
def test_exhibit_kind_rule(events, exhibits, expected) -> None:
    data = {"schema_version": 2, "events": events, "exhibits": exhibits}
    out = case_v2_to_v3(data)
    assert {x["id"]: x["kind"] for x in out["exhibits"]} == expected
    assert exhibit_kinds_v3(events, exhibits) == {k: v for k, v in expected.items()}


def test_unattached_exhibit_is_other() -> None:
    out = case_v2_to_v3({"schema_version": 2, "events": [], "exhibits": [_exhibit("z")]})
    assert out["exhibits"][0]["kind"] == "other"


def test_migration_tolerates_odd_shapes() -> None:
    """A broken version-2 dict is left for the schema/codec to refuse with a path."""
    odd = {"schema_version": 2, "events": [None, "x", {"exhibit_ids": "y"}, {"kind": []}],
           "exhibits": [None, {"id": ["unhashable"]}, 3], "handling_structure": "z"}
    before = copy.deepcopy(odd)
    out = case_v2_to_v3(odd)
    assert odd == before
    assert out["events"][:2] == [None, "x"] and out["exhibits"][0] is None
    assert out["exhibits"][1]["kind"] == "other" and out["exhibits"][2] == 3
    assert case_v2_to_v3({"schema_version": 2, "events": None})["events"] is None


@pytest.mark.parametrize("name", ["panne-fibre-particulier", "facturation-entreprise-cpme"])
def test_version_1_document_goes_through_2_to_3(name: str) -> None:
    document = _document(V1, name)
    case, _entries, _when = validate_document(document)
    assert case.schema_version == SCHEMA_VERSION
    assert document["format_version"] == 1  # the input is untouched
    assert {x.kind for x in case.exhibits} <= set(ExhibitKind)
    assert any(x.kind is ExhibitKind.RECEIPT for x in case.exhibits)
    assert case.offence_facts == ""


def test_version_2_case_folder_imports(tmp_path: Path) -> None:
    folder = tmp_path / "dossier"
    shutil.copytree(ROOT / "examples" / "panne-fibre-particulier", folder)
    shutil.copy(V2 / "panne-fibre-particulier.case.json", folder / "case.json")
    case_file = read_case_file(folder)
    assert case_file.case.schema_version == SCHEMA_VERSION and case_file.format_version == 2


def test_version_2_case_in_the_store_loads_and_is_saved_as_3(data_dir: Path) -> None:  # noqa: F811
    case = make_case()
    case.exhibits = [Exhibit(number=1, title="Lettre", kind=ExhibitKind.COMPLAINT)]
    with CaseStore.open(data_dir, durable=False) as opened:
        saved = opened.save_case(case)
    path = case_path(data_dir, saved.id)
    stored = json.loads(path.read_text(encoding="utf-8"))
    record = stored["case"]["1"]
    for key in ("offence_facts", "portability_requested_on"):
        record.pop(key)
    for event in record["events"]:
        event.pop("sender")
    for exhibit in record["exhibits"]:
        exhibit.pop("kind")
    record["schema_version"] = 2
    before = json.dumps(stored, ensure_ascii=False)
    path.write_text(before, encoding="utf-8")
    with CaseStore.open(data_dir, durable=False) as opened:
        loaded = opened.load_case(saved.id)
        assert loaded.schema_version == SCHEMA_VERSION
        # calls of a case without structure: the subscriber called
        assert {e.sender for e in loaded.events} == {Sender.SUBSCRIBER}
        assert loaded.exhibits[0].kind is ExhibitKind.OTHER  # attached to no event
        assert path.read_text(encoding="utf-8") == before  # loading never rewrites
        opened.save_case(loaded)
    record = json.loads(path.read_text(encoding="utf-8"))["case"]["1"]
    assert record["schema_version"] == SCHEMA_VERSION and record["offence_facts"] == ""
    assert all(e["sender"] == "subscriber" for e in record["events"])


def test_a_newer_case_is_refused() -> None:
    with pytest.raises(Exception, match="plus récente"):
        migrate_case({"schema_version": SCHEMA_VERSION + 1}, "x.json")


def test_new_fields_round_trip() -> None:
    case = Case()
    case.events = [Event(kind=EventKind.ANSWER, sender=Sender.THIRD_PARTY)]
    case.exhibits = [Exhibit(number=1, kind=ExhibitKind.PAYMENT_PROOF)]
    case.offence_facts = "Le vendeur a affirmé le 3 mars 2026 que l'offre était sans engagement."
    case.portability_requested_on = date(2024, 2, 29)
    assert case_from_dict(json.loads(json.dumps(case_to_dict(case)))) == case


HOSTILE = ("Faits\x00 du\x1b[31m 3 mars\ud800 <b>&amp;</b> 😀 €" + "é" * 20_000)


def test_hostile_offence_facts_are_cleaned_on_import(tmp_path: Path) -> None:
    folder = tmp_path / "dossier"
    shutil.copytree(ROOT / "examples" / "panne-fibre-particulier", folder)
    document = json.loads((folder / "case.json").read_text(encoding="utf-8"))
    document["case"]["offence_facts"] = HOSTILE
    (folder / "case.json").write_text(json.dumps(document, ensure_ascii=True),
                                      encoding="utf-8")
    case_file = read_case_file(folder)
    facts = case_file.case.offence_facts
    assert facts == clean_text(HOSTILE) and "\x00" not in facts and "\ud800" not in facts
    assert facts.endswith("é" * 20_000) and "<b>&amp;</b>" in facts  # kept as text
    assert case_file.cleaned_texts >= 1


def test_hostile_offence_facts_are_warned_in_the_model() -> None:
    case = Case(offence_facts="a\x07b")
    issues = [i for i in validate_case(case, date(2026, 12, 3)) if i.path == "offence_facts"]
    assert issues and issues[0].code == "text.control"


def test_bad_values_are_refused_with_their_path() -> None:
    document = _document(V2, "panne-fibre-particulier")
    document["format_version"] = 3
    document["case"] = case_v2_to_v3(document["case"])
    document["case"]["schema_version"] = 3
    for where, value, path in (
            (("events", 0, "sender"), "neighbour", "$.case.events[0].sender"),
            (("exhibits", 0, "kind"), None, "$.case.exhibits[0].kind"),
            (("portability_requested_on",), "2025-02-29", "$.case.portability_requested_on")):
        bad = copy.deepcopy(document)
        node = bad["case"]
        for part in where[:-1]:
            node = node[part]
        node[where[-1]] = value
        with pytest.raises(Exception) as caught:
            validate_document(bad)
        assert getattr(caught.value, "path", "") == path


@pytest.mark.parametrize("value", [*Sender, *ExhibitKind])
def test_new_values_have_french_labels(value) -> None:
    assert label(value) and label(value) != value.value


def test_portability_request_date_in_the_future_is_an_error() -> None:
    case = Case(portability_requested_on=date(2026, 12, 4))
    issues = [i for i in validate_case(case, date(2026, 12, 3))
              if i.path == "portability_requested_on"]
    assert [i.code for i in issues] == ["date.future"] and issues[0].is_error
    case.portability_requested_on = date(2026, 12, 3)
    assert not [i for i in validate_case(case, date(2026, 12, 3))
                if i.path == "portability_requested_on"]


@pytest.mark.parametrize(("title", "kind"), [
    ("Contrat Orange pro", ExhibitKind.CONTRACT),
    ("Récapitulatif contractuel", ExhibitKind.CONTRACT),
    ("FACTURE avril", ExhibitKind.INVOICE),
    ("Relevé bancaire mai", ExhibitKind.PAYMENT_PROOF),
    ("Extrait Kbis", ExhibitKind.IDENTITY),
    ("Mandat signé", ExhibitKind.MANDATE),
    ("Accusé de réception", ExhibitKind.RECEIPT),
    ("Contrat et facture", ExhibitKind.OTHER),  # two kinds: not guessed
    ("Capture d'écran", ExhibitKind.OTHER),
    ("", ExhibitKind.OTHER),
])
def test_kind_from_title(title, kind) -> None:
    from dispute.exhibit_roles import kind_from_title

    assert kind_from_title(title) is kind

"""Opening a store and listing its cases (issue 13): the index read without per-record work
that the list does not need, summaries decoded when read, the collector paused while the
index is read, and the index still checked and repaired against the case files."""

from __future__ import annotations

import gc
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import store.store as store_module
from dispute.model import CaseStatus, SubscriberKind
from store import CaseStore, CaseSummary
from store.index import TABLE, shard_name, shard_of
from store.summary import recency_key
from test_store_support import data_dir, make_case  # noqa: F401


def _shard_file(folder: Path, case_id: str) -> Path:
    return folder / "index" / shard_name(shard_of(case_id))


def _edit_shard(path: Path, edit) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    edit(raw[TABLE])
    path.write_text(json.dumps(raw), encoding="utf-8")


def test_summaries_read_like_the_named_tuple_they_replace(data_dir: Path) -> None:
    with CaseStore.open(data_dir, durable=False) as opened:
        saved = opened.save_case(make_case("Zoé « Lefèvre »"))
        (summary,) = opened.list_cases()
    assert summary.id == saved.id
    assert summary.subscriber_name == "Zoé « Lefèvre »"
    assert summary.kind is SubscriberKind.BUSINESS
    assert summary.status is CaseStatus.OPEN
    assert summary.updated_at == saved.updated_at
    assert summary.revision == 1 and summary.problem == ""
    assert summary._fields[0] == "id" and summary._asdict()["operator_name"] == "Orange"
    renamed = summary._replace(subscriber_name="Autre")
    assert renamed.subscriber_name == "Autre" and renamed.id == summary.id
    assert renamed != summary and summary == summary._replace()
    assert "Zoé « Lefèvre »" in repr(summary)
    built = CaseSummary("abc123", "Nom", SubscriberKind.PRIVATE, revision=3,
                        updated_at=saved.updated_at)
    assert (built.kind, built.revision, built.updated_at) == (
        SubscriberKind.PRIVATE, 3, saved.updated_at)
    with pytest.raises(TypeError):
        hash(summary)  # holds a dict, like the NamedTuple did


def test_odd_values_in_a_hand_edited_index_are_converted_not_raised(data_dir: Path) -> None:
    with CaseStore.open(data_dir, durable=False) as opened:
        saved = opened.save_case(make_case())

    def odd(table: dict) -> None:
        for record in table.values():
            record.update(subscriber_name=12, kind="martien", status=None,
                          line_numbers=[612345678, "01"], updated_at="hier", extra=[1])

    _edit_shard(_shard_file(data_dir, saved.id), odd)
    with CaseStore.open(data_dir, durable=False) as opened:
        (summary,) = opened.list_cases()
    assert summary.subscriber_name == "12" and summary.kind is None
    assert summary.status is None and summary.updated_at is None
    assert summary.line_numbers == ("612345678", "01") and summary.extra == {}


def test_cases_are_listed_most_recent_first_whatever_the_offsets(data_dir: Path) -> None:
    with CaseStore.open(data_dir, durable=False) as opened:
        ids = [opened.save_case(make_case(f"N{i}")).id for i in range(4)]
    base = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
    # Times written by another program: a +02:00 offset, whole seconds, two equal times
    # (then by id, descending), and a case whose file cannot be read (no time at all).
    times = {
        ids[0]: (base + timedelta(hours=1)).astimezone(timezone(timedelta(hours=2))).isoformat(),
        ids[1]: base.isoformat(),
        ids[2]: (base + timedelta(microseconds=1)).isoformat(),
        ids[3]: base.isoformat(),
    }
    for case_id, when in times.items():
        _edit_shard(_shard_file(data_dir, case_id),
                    lambda table, c=case_id, w=when: [
                        r.update(updated_at=w) for r in table.values() if r["id"] == c])
    with CaseStore.open(data_dir, durable=False) as opened:
        listed = [s.id for s in opened.list_cases()]
        tied = sorted([ids[1], ids[3]], reverse=True)
        assert listed == [ids[0], ids[2], *tied]
        bad = opened.save_case(make_case("Illisible"))
    store_module.case_path(data_dir, bad.id).write_bytes(b"{")
    with CaseStore.open(data_dir, durable=False) as opened:
        summaries = opened.list_cases()
    assert summaries[-1].id == bad.id and summaries[-1].problem
    assert [s.id for s in summaries[:-1]] == [ids[0], ids[2], *tied]


def test_equal_utc_times_are_listed_by_id_descending(data_dir: Path) -> None:
    """Times all in UTC as the store writes them (one sort by time), two of them equal
    (then by id, descending, whatever order the shards hold them in)."""
    with CaseStore.open(data_dir, durable=False) as opened:
        ids = [opened.save_case(make_case(f"N{i}")).id for i in range(5)]
    base = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
    times = {ids[0]: base, ids[1]: base + timedelta(seconds=2), ids[2]: base,
             ids[3]: base + timedelta(seconds=1), ids[4]: base}
    for case_id, when in times.items():
        _edit_shard(_shard_file(data_dir, case_id),
                    lambda table, c=case_id, w=when.isoformat(): [
                        r.update(updated_at=w) for r in table.values() if r["id"] == c])
    with CaseStore.open(data_dir, durable=False) as opened:
        listed = [s.id for s in opened.list_cases()]
    assert listed == [ids[1], ids[3], *sorted([ids[0], ids[2], ids[4]], reverse=True)]


def test_a_case_file_moved_into_another_folder_is_not_listed_as_readable(
        data_dir: Path) -> None:
    """Its signature is unchanged (a move keeps inode, size and mtime), but it is no longer
    where the store reads it: the case is dropped from the list, the file left alone."""
    with CaseStore.open(data_dir, durable=False) as opened:
        moved = opened.save_case(make_case("Déplacé"))
        kept = opened.save_case(make_case("Resté"))
    source = store_module.case_path(data_dir, moved.id)
    other = "00" if moved.id[:2] != "00" else "01"
    (data_dir / "cases" / other).mkdir(exist_ok=True)
    target = data_dir / "cases" / other / source.name
    source.rename(target)
    with CaseStore.open(data_dir, durable=False) as opened:
        assert [s.id for s in opened.list_cases()] == [kept.id]
    assert target.exists()


def test_recency_key_orders_like_the_times() -> None:
    base = datetime(2026, 1, 31, 23, 59, 59, tzinfo=timezone.utc)
    moments = [base, base + timedelta(microseconds=1), base + timedelta(seconds=1),
               (base + timedelta(hours=3)).astimezone(timezone(timedelta(hours=-5)))]
    keys = [recency_key({"updated_at": m.isoformat()}) for m in moments]
    assert keys == sorted(keys)
    assert recency_key({"updated_at": None}) == "" < keys[0]
    assert recency_key({"updated_at": "2026-01-01T10:00:00"}) == ""  # no offset: unknown


@pytest.mark.parametrize("where", ["before", "after"])
def test_a_case_listed_in_two_shards_is_kept_once_and_the_shards_rewritten(
        data_dir: Path, where: str) -> None:
    with CaseStore.open(data_dir, durable=False) as opened:
        saved = opened.save_case(make_case("Double"))
        other = opened.save_case(make_case("Autre"))
    right = _shard_file(data_dir, saved.id)
    home = shard_of(saved.id)
    wrong = data_dir / "index" / shard_name(0 if where == "before" and home else 63
                                            if home != 63 else 0)
    if not wrong.exists():
        wrong.write_text(json.dumps({TABLE: {}}), encoding="utf-8")
    record = next(r for r in json.loads(right.read_text(encoding="utf-8"))[TABLE].values()
                  if r["id"] == saved.id)
    stale = dict(record, subscriber_name="Ancien nom", revision=0)
    _edit_shard(wrong, lambda table: table.update({"99": stale}))
    with CaseStore.open(data_dir, durable=False) as opened:
        names = sorted(s.subscriber_name for s in opened.list_cases())
        assert names == ["Autre", "Double"]
    listed = [r["id"] for p in (data_dir / "index").glob("*.json")
              for r in json.loads(p.read_text(encoding="utf-8"))[TABLE].values()]
    assert sorted(listed) == sorted([saved.id, other.id])  # the stale copy is gone


@pytest.mark.parametrize("bad", [[1, 2], {"id": 5}, {"id": "x"}, "texte",
                                 {"id": "abc", "file": {}, "revision": "3"}])
def test_malformed_index_records_are_dropped_and_recomputed(data_dir: Path, bad) -> None:
    with CaseStore.open(data_dir, durable=False) as opened:
        saved = opened.save_case(make_case())

    def spoil(table: dict) -> None:
        table.clear()
        table["1"] = bad

    _edit_shard(_shard_file(data_dir, saved.id), spoil)
    with CaseStore.open(data_dir, durable=False) as opened:
        (summary,) = opened.list_cases()
        assert (summary.id, summary.revision) == (saved.id, 1)


def test_a_file_changed_in_place_is_noticed(data_dir: Path) -> None:
    """Same inode, same size, another mtime (an editor writing in place): summarised again."""
    with CaseStore.open(data_dir, durable=False) as opened:
        saved = opened.save_case(make_case("Avant"))
    path = store_module.case_path(data_dir, saved.id)
    raw = path.read_bytes()
    edited = raw.replace(b"Avant", b"AVANT")
    assert len(edited) == len(raw) and edited != raw
    with open(path, "r+b") as fh:
        fh.write(edited)
    with CaseStore.open(data_dir, durable=False) as opened:
        assert opened.list_cases()[0].subscriber_name == "AVANT"


def test_collector_paused_while_reading_and_a_large_index_frozen(data_dir: Path,
                                                                 monkeypatch) -> None:
    with CaseStore.open(data_dir, durable=False) as opened:
        for i in range(3):
            opened.save_case(make_case(f"N{i}"))
    states = []
    real_load = store_module.CaseIndex.load

    def spy(self, **kwargs):
        states.append(gc.isenabled())
        return real_load(self, **kwargs)

    monkeypatch.setattr(store_module.CaseIndex, "load", spy)
    monkeypatch.setattr(store_module, "FREEZE_AFTER", 3)
    frozen: list[bool] = []
    monkeypatch.setattr(store_module.gc, "freeze", lambda: frozen.append(gc.isenabled()))
    assert gc.isenabled()
    with CaseStore.open(data_dir, durable=False):
        pass
    assert states == [False] and frozen == [False] and gc.isenabled()
    monkeypatch.setattr(store_module, "FREEZE_AFTER", 4)
    with CaseStore.open(data_dir, durable=False):
        pass
    assert frozen == [False] and gc.isenabled()  # small index: nothing set aside
    gc.disable()
    try:
        monkeypatch.setattr(store_module, "FREEZE_AFTER", 1)
        with CaseStore.open(data_dir, durable=False):
            pass
        assert not gc.isenabled() and frozen == [False]  # the caller's choice is kept
    finally:
        gc.enable()

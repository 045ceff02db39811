"""CaseStore: save/load, revisions, deletion, corrupt files, index repair."""

from __future__ import annotations

import errno
import os
import json
from datetime import timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import store.atomic as atomic
import store.index as store_index
from dispute.codec import case_to_dict
from dispute.model import Case, CaseStatus
from store import (
    CaseCorruptError,
    CaseNotFoundError,
    CaseStore,
    ConcurrentChangeError,
    StoreCorruptError,
    StoreError,
    StoreWriteError,
)
from store.index import shard_of, shard_name
from store.layout import case_path
from test_store_support import HOSTILE, data_dir, make_case, snapshot, store  # noqa: F401


def _same(a: Case, b: Case) -> bool:
    return case_to_dict(a) == case_to_dict(b)


def test_round_trip_hostile_text(store: CaseStore) -> None:
    long_text = (HOSTILE * 2000)[:100_000]
    case = make_case(HOSTILE, text=long_text)
    case.notes = long_text
    saved = store.save_case(case)
    assert len(saved.notes) == 100_000
    assert _same(store.load_case(case.id), saved)
    raw = case_path(store.data_dir, case.id).read_bytes()
    assert "Lefèvre-Œuvré — 12,50 €".encode() in raw  # ensure_ascii=False


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_round_trip_any_text(store: CaseStore, text: str) -> None:
    case = make_case(text or "x", text=text)
    case.notes = text
    saved = store.save_case(case)
    assert _same(store.load_case(case.id), saved)


def test_save_bumps_revision_sets_utc_times_and_returns_a_copy(store: CaseStore) -> None:
    case = make_case()
    saved = store.save_case(case)
    assert case.revision == 0 and case.updated_at is None  # argument untouched
    assert saved.revision == 1
    assert saved.created_at.tzinfo == timezone.utc
    again = store.save_case(saved)
    assert again.revision == 2
    assert again.created_at == saved.created_at
    assert again.updated_at >= saved.updated_at


def test_stale_revision_is_refused(store: CaseStore) -> None:
    first = store.save_case(make_case())
    store.save_case(first)  # revision 2 on disk
    with pytest.raises(ConcurrentChangeError) as info:
        store.save_case(first)
    assert "modifié ailleurs" in info.value.message
    assert store.load_case(first.id).revision == 2


def test_new_case_with_an_existing_id_is_refused(store: CaseStore) -> None:
    saved = store.save_case(make_case())
    intruder = make_case("Autre")
    intruder.id = saved.id
    with pytest.raises(ConcurrentChangeError):
        store.save_case(intruder)
    assert store.load_case(saved.id).subscriber.name == saved.subscriber.name


def test_delete_moves_the_file_to_the_trash(store: CaseStore) -> None:
    saved = store.save_case(make_case())
    trashed = store.delete_case(saved.id)
    assert trashed.exists() and "trash" in trashed.parts
    assert store.list_cases() == []
    with pytest.raises(CaseNotFoundError):
        store.load_case(saved.id)
    with pytest.raises(ConcurrentChangeError, match="supprimé"):
        store.save_case(saved)
    with pytest.raises(CaseNotFoundError):
        store.delete_case(saved.id)


def test_invalid_ids(store: CaseStore) -> None:
    with pytest.raises(CaseNotFoundError):
        store.load_case("../../etc/passwd")
    bad = make_case()
    bad.id = "../x"
    with pytest.raises(ValueError):
        store.save_case(bad)


@pytest.mark.parametrize("where", ["flush", "log", "temporary", "short write"])
def test_disk_full_during_save_leaves_the_store_unchanged(data_dir: Path, monkeypatch,
                                                          where: str) -> None:
    """A full disk surfaces when the new file is written, when the case log is appended to,
    or when either is flushed: the save fails in French and no byte of the store changes
    (the case log included)."""
    import store.store as store_module

    with CaseStore.open(data_dir) as opened:
        saved = opened.save_case(make_case())
        before = snapshot(data_dir)

        def full(*args, **kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        if where == "flush":
            monkeypatch.setattr(atomic.os, "fsync", full)
            monkeypatch.setattr(atomic.os, "fdatasync", full, raising=False)
            import store.caselog as caselog

            monkeypatch.setattr(caselog, "_datasync", full)
        elif where == "log":
            monkeypatch.setattr(atomic.os, "pwrite", full)
        elif where == "short write":  # part of the new file written, then the disk full
            real_write = os.write
            calls = []

            def short(fd, data):
                calls.append(len(data))
                if len(calls) == 1:
                    return real_write(fd, bytes(data[:len(data) // 2]))
                return full()

            monkeypatch.setattr(os, "write", short)
        else:
            monkeypatch.setattr(store_module, "open_temporary", full)
            monkeypatch.setattr(atomic, "open_temporary", full)
        changed = make_case("Nouveau nom")
        changed.id, changed.revision = saved.id, saved.revision
        with pytest.raises(StoreWriteError, match="Le disque est plein"):
            opened.save_case(changed)
        monkeypatch.undo()
        assert where != "short write" or len(calls) == 2
        assert snapshot(data_dir) == before
        assert opened.list_cases()[0].subscriber_name == saved.subscriber.name
    with CaseStore.open(data_dir) as reopened:
        assert _same(reopened.load_case(saved.id), saved)


@pytest.mark.parametrize(
    "content",
    [b"", b"   ", b'{"case": {"1": {"id": "tronqu', b"\xff\xfe garbage", b"[]", b'{"case": {}}'],
    ids=["empty", "blank", "truncated", "not-utf8", "list", "no-document"],
)
def test_corrupt_case_file(data_dir: Path, content: bytes) -> None:
    with CaseStore.open(data_dir, durable=False) as opened:
        good = opened.save_case(make_case("Bon"))
        bad = opened.save_case(make_case("Abîmé"))
    path = case_path(data_dir, bad.id)
    path.write_bytes(content)
    with CaseStore.open(data_dir, durable=False) as opened:
        with pytest.raises(CaseCorruptError) as info:
            opened.load_case(bad.id)
        assert bad.id in info.value.message and info.value.path == path
        assert _same(opened.load_case(good.id), good)
        summaries = {s.id: s for s in opened.list_cases()}
        assert summaries[bad.id].problem and not summaries[good.id].problem
        with pytest.raises(CaseCorruptError):
            opened.save_case(bad)  # never overwrites the damaged file
    assert path.read_bytes() == content


def test_case_file_with_invalid_field(data_dir: Path) -> None:
    with CaseStore.open(data_dir, durable=False) as opened:
        bad = opened.save_case(make_case())
    path = case_path(data_dir, bad.id)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["case"]["1"]["events"][0]["date"] = "32/13/2026"
    path.write_text(json.dumps(data), encoding="utf-8")
    with CaseStore.open(data_dir, durable=False) as opened:
        with pytest.raises(CaseCorruptError, match=r"\$\.events\[0\]\.date"):
            opened.load_case(bad.id)
        summary = opened.list_cases()[0]
        assert summary.problem and summary.subscriber_name == bad.subscriber.name


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"meta": {}}'])
def test_unreadable_store_json_is_never_replaced(data_dir: Path, content: bytes) -> None:
    with CaseStore.open(data_dir, durable=False) as opened:
        opened.save_case(make_case())
    (data_dir / "store.json").write_bytes(content)
    before = snapshot(data_dir)
    with pytest.raises(StoreCorruptError) as info:
        CaseStore.open(data_dir)
    assert "store.json" in info.value.message
    assert info.value.path == data_dir / "store.json"
    assert snapshot(data_dir) == before


def test_missing_store_json_in_a_used_folder_is_refused(data_dir: Path) -> None:
    with CaseStore.open(data_dir, durable=False) as opened:
        opened.save_case(make_case())
    (data_dir / "store.json").unlink()
    before = snapshot(data_dir)
    with pytest.raises(StoreCorruptError, match="n'est pas vide"):
        CaseStore.open(data_dir)
    assert snapshot(data_dir) == before


def test_foreign_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "photo.jpg").write_bytes(b"x")
    with pytest.raises(StoreCorruptError, match="n'est pas vide"):
        CaseStore.open(tmp_path)
    assert not (tmp_path / "store.json").exists()


def test_absent_or_empty_folder_becomes_a_store(tmp_path: Path) -> None:
    (tmp_path / "vide").mkdir()
    for folder in (tmp_path / "absent" / "sous-dossier", tmp_path / "vide"):
        with CaseStore.open(folder, durable=False) as opened:
            assert opened.list_cases() == []
        assert (folder / "store.json").is_file()


def test_second_open_reuses_the_store(data_dir: Path) -> None:
    with CaseStore.open(data_dir, durable=False) as opened:
        saved = opened.save_case(make_case())
    with CaseStore.open(data_dir, durable=False) as opened:
        assert [s.id for s in opened.list_cases()] == [saved.id]


def test_deleted_index_is_rebuilt(data_dir: Path) -> None:
    with CaseStore.open(data_dir, durable=False) as opened:
        ids = {opened.save_case(make_case(f"Abonné {i}")).id for i in range(20)}
    for shard in (data_dir / "index").iterdir():
        shard.unlink()
    (data_dir / "index").rmdir()
    with CaseStore.open(data_dir, durable=False) as opened:
        assert {s.id for s in opened.list_cases()} == ids
    with CaseStore.open(data_dir, durable=False) as opened:  # and written back
        assert len(opened._index.records) == 20
        assert (data_dir / "index").is_dir()


def test_stale_index_is_repaired(data_dir: Path) -> None:
    """Simulates a crash between the case write and the index write (the index files
    written at close are put back as they were before the saves)."""
    with CaseStore.open(data_dir, durable=False) as opened:
        saved = opened.save_case(make_case("Avant"))
    shard = data_dir / "index" / shard_name(shard_of(saved.id))
    old_index = shard.read_bytes()
    with CaseStore.open(data_dir, durable=False) as opened:
        changed = opened.save_case(
            Case(**{**saved.__dict__, "subscriber": make_case("Après").subscriber})
        )
        removed = opened.save_case(make_case("Supprimé"))
        case_path(data_dir, removed.id).unlink()
    shard.write_bytes(old_index)
    with CaseStore.open(data_dir, durable=False) as opened:
        summaries = {s.id: s for s in opened.list_cases()}
        assert summaries[saved.id].subscriber_name == "Après"
        assert summaries[saved.id].revision == changed.revision
        assert removed.id not in summaries


def test_unreadable_index_is_refused_then_repaired_on_request(data_dir: Path) -> None:
    with CaseStore.open(data_dir, durable=False) as opened:
        saved = opened.save_case(make_case())
    shard = data_dir / "index" / shard_name(shard_of(saved.id))
    shard.write_bytes(b"")
    with pytest.raises(StoreCorruptError, match="index") as info:
        CaseStore.open(data_dir)
    assert info.value.path == shard
    assert shard.read_bytes() == b""
    with CaseStore.open(data_dir, durable=False, repair_index=True) as opened:
        assert [s.id for s in opened.list_cases()] == [saved.id]
    assert list((data_dir / "index").glob("*.corrupt-*"))  # kept aside, not deleted


def test_summaries_and_summarizer(data_dir: Path) -> None:
    def summarizer(case: Case) -> dict:
        return {"stage": "mediation", "events": len(case.events)}

    with CaseStore.open(data_dir, durable=False, summarizer=summarizer) as opened:
        older = opened.save_case(make_case("Ancien"))
        newer = make_case("Récent", events=5)
        newer.status = CaseStatus.RESOLVED
        newer = opened.save_case(newer)
        first, second = opened.list_cases()
        assert (first.id, second.id) == (newer.id, older.id)
        assert first.extra == {"stage": "mediation", "events": 5}
        assert first.status is CaseStatus.RESOLVED
        assert first.operator_name == "Orange"
        assert first.line_numbers == ("01 23 45 67 89",)
        assert first.revision == 1 and first.updated_at == newer.updated_at


def test_faulty_summarizer_does_not_block_saving(data_dir: Path) -> None:
    def broken(case: Case) -> dict:
        raise RuntimeError("bug")

    with CaseStore.open(data_dir, durable=False, summarizer=broken) as opened:
        saved = opened.save_case(make_case())
        assert opened.list_cases()[0].extra == {}
        assert opened.load_case(saved.id).revision == 1


def test_closed_store_refuses_work(data_dir: Path) -> None:
    opened = CaseStore.open(data_dir, durable=False)
    opened.close()
    opened.close()
    with pytest.raises(Exception, match="fermé"):
        opened.list_cases()


def test_inaccessible_folder_gives_a_french_error(data_dir: Path, monkeypatch) -> None:
    with CaseStore.open(data_dir, durable=False) as opened:
        opened.save_case(make_case())

    def denied(path):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(store_index.os, "scandir", denied)
    with pytest.raises(StoreError, match="n'est pas accessible"):
        CaseStore.open(data_dir)
    monkeypatch.undo()
    with CaseStore.open(data_dir, durable=False) as opened:  # lock was released
        assert len(opened.list_cases()) == 1

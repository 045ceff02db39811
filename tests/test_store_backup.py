"""Backups: made, checked, rotated, restored (also after an interrupted restore)."""

from __future__ import annotations

import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest

import store.backup as backup_module
from dispute.codec import case_to_dict
from store import CaseNotFoundError, CaseStore, StoreCorruptError, StoreVersionError
from store.layout import case_path
from test_store_support import data_dir, make_case, snapshot, store  # noqa: F401


def test_backup_is_made_checked_and_listed(store: CaseStore) -> None:
    assert store.needs_backup(timedelta(days=1))
    saved = [store.save_case(make_case(f"Abonné {i}")) for i in range(5)]
    path = store.backup()
    assert path.parent == store.data_dir / "backups"
    assert [b.path for b in store.list_backups()] == [path]
    assert not store.needs_backup(timedelta(days=1))
    assert store.needs_backup(timedelta(0))
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        names = set(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
    assert {"store.json", "manifest.json"} <= names
    assert {f"cases/{c.id[:2]}/{c.id}.json" for c in saved} <= names
    assert manifest["case_count"] == 5


def test_backup_lists_referenced_exhibits(store: CaseStore, tmp_path: Path) -> None:
    source = tmp_path / "a.pdf"
    source.write_bytes(b"pdf")
    case = make_case()
    exhibit = store.add_exhibit(case, source)
    store.save_case(case)
    with zipfile.ZipFile(store.backup()) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["exhibits"] == [f"{case.id}/{exhibit.stored_name}"]


def test_rotation_keeps_the_newest(store: CaseStore) -> None:
    store.keep_backups = 3
    store.save_case(make_case())
    made = [store.backup() for _ in range(5)]
    assert [b.path for b in store.list_backups()] == made[::-1][:3]


def test_failed_check_removes_the_new_backup_and_rotates_nothing(store: CaseStore,
                                                                 monkeypatch) -> None:
    store.keep_backups = 1
    store.save_case(make_case())
    first = store.backup()

    def broken(path: Path) -> dict:
        raise StoreCorruptError("abîmée", path=path)

    monkeypatch.setattr(backup_module, "verify_backup", broken)
    with pytest.raises(StoreCorruptError):
        store.backup()
    assert [b.path for b in store.list_backups()] == [first]


def test_backup_includes_an_unreadable_case_as_is(data_dir: Path) -> None:
    with CaseStore.open(data_dir, durable=False) as opened:
        bad = opened.save_case(make_case())
    case_path(data_dir, bad.id).write_bytes(b"{tronqu")
    with CaseStore.open(data_dir, durable=False) as opened:
        path = opened.backup()
        with zipfile.ZipFile(path) as zf:
            assert zf.read(f"cases/{bad.id[:2]}/{bad.id}.json") == b"{tronqu"
            assert json.loads(zf.read("manifest.json"))["unreadable"]


def test_restore(data_dir: Path) -> None:
    with CaseStore.open(data_dir, durable=False) as opened:
        kept = opened.save_case(make_case("Gardé"))
        changed = opened.save_case(make_case("Avant"))
        backup = opened.backup()
        state_at_backup = snapshot(data_dir / "cases")
        opened.save_case(changed)  # revision 2, after the backup
        opened.delete_case(kept.id)
        added = opened.save_case(make_case("Ajouté après"))
        opened.restore(backup)
        assert {s.id for s in opened.list_cases()} == {kept.id, changed.id}
        assert case_to_dict(opened.load_case(changed.id)) == case_to_dict(changed)
        with pytest.raises(CaseNotFoundError):
            opened.load_case(added.id)
        kinds = [b.kind for b in opened.list_backups()]
        assert kinds == ["before-restore", "auto"]
        assert snapshot(data_dir / "cases") == state_at_backup
        # the state before the restore is itself restorable
        opened.restore(opened.list_backups()[0].path)
        assert opened.load_case(added.id).subscriber.name == "Ajouté après"
    with CaseStore.open(data_dir, durable=False) as reopened:
        assert {s.id for s in reopened.list_cases()} == {changed.id, added.id}
    assert list((data_dir / "trash").glob("restored-over-*"))


def test_restore_keeps_the_index_valid_without_recomputing(data_dir: Path) -> None:
    with CaseStore.open(data_dir, durable=False) as opened:
        for i in range(10):
            opened.save_case(make_case(f"Abonné {i}"))
        backup = opened.backup()
        opened.restore(backup)
    with CaseStore.open(data_dir, durable=False) as opened:
        records = dict(opened._index.records)
        assert len(records) == 10
        recomputed = opened._index.reconcile(data_dir / "cases", opened._record_for_file, set())
        assert recomputed == 0


def test_corrupt_backup_is_refused_and_nothing_changes(store: CaseStore) -> None:
    store.save_case(make_case())
    path = store.backup()
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])
    before = snapshot(store.data_dir)
    with pytest.raises(StoreCorruptError, match="inutilisable"):
        store.restore(path)
    assert snapshot(store.data_dir) == before


def test_backup_with_unexpected_member_is_refused(store: CaseStore, tmp_path: Path) -> None:
    store.save_case(make_case())
    path = store.backup()
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(evil, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, src.read(name))
        dst.writestr("../../escape.json", b"{}")
    with pytest.raises(StoreCorruptError, match="inattendu"):
        store.restore(evil)


def test_backup_from_a_newer_version_is_refused(store: CaseStore, tmp_path: Path) -> None:
    store.save_case(make_case())
    path = store.backup()
    newer = tmp_path / "newer.zip"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(newer, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "store.json":
                meta = json.loads(data)
                meta["meta"]["1"]["schema_version"] = 99
                data = json.dumps(meta).encode()
            dst.writestr(name, data)
    with pytest.raises(StoreVersionError):
        store.restore(newer)


def test_interrupted_restore_is_completed_at_next_open(data_dir: Path, monkeypatch) -> None:
    with CaseStore.open(data_dir, durable=False) as opened:
        first = opened.save_case(make_case("Dans la sauvegarde"))
        backup = opened.backup()
        opened.delete_case(first.id)
        later = opened.save_case(make_case("Après la sauvegarde"))
        real_replace = backup_module.replace_with_retry
        calls = []

        def crash_midway(src: Path, dst: Path) -> None:
            calls.append(dst)
            if len(calls) == 3:  # store.json and index swapped, cases not yet
                raise KeyboardInterrupt("simulated crash")
            real_replace(src, dst)

        monkeypatch.setattr(backup_module, "replace_with_retry", crash_midway)
        with pytest.raises(KeyboardInterrupt):
            opened.restore(backup)
        monkeypatch.undo()
        assert (data_dir / "restore-journal.json").exists()
    with CaseStore.open(data_dir, durable=False) as reopened:
        assert [s.id for s in reopened.list_cases()] == [first.id]
        assert reopened.load_case(first.id).subscriber.name == "Dans la sauvegarde"
    assert not (data_dir / "restore-journal.json").exists()
    assert later.id  # its file is kept in trash/restored-over-*
    assert list((data_dir / "trash").rglob(f"{later.id}.json"))

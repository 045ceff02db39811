"""Atomic writes: temp + fsync + replace, failures leave the old file and no temporary."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from tinydb import TinyDB

import store.atomic as atomic
from store import StoreCorruptError, StoreWriteError
from store.atomic import TEMP_PREFIX, AtomicJSONStorage, atomic_write_bytes, dumps_json


def _temps(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_write_replaces_whole_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    atomic_write_bytes(target, b"old")
    atomic_write_bytes(target, "nouveau é €".encode())
    assert target.read_text(encoding="utf-8") == "nouveau é €"
    assert _temps(tmp_path) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_new_files_are_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    atomic_write_bytes(target, b"x")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_disk_full_on_fsync_keeps_old_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "f.json"
    atomic_write_bytes(target, b"ancien contenu")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(StoreWriteError) as info:
        atomic_write_bytes(target, b"nouveau contenu")
    assert info.value.message.startswith("Le disque est plein")
    assert info.value.errno == errno.ENOSPC
    assert info.value.path == target
    assert target.read_bytes() == b"ancien contenu"
    assert _temps(tmp_path) == []


def test_disk_full_while_writing_keeps_old_file(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    atomic_write_bytes(target, b"ancien")

    def writer(fh) -> None:
        fh.write(b"debut")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(StoreWriteError, match="Le disque est plein"):
        atomic.atomic_write(target, writer)
    assert target.read_bytes() == b"ancien"
    assert _temps(tmp_path) == []


def test_other_errors_are_typed_and_french(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "f.json"

    def refuse(src, dst) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", refuse)
    with pytest.raises(StoreWriteError, match="Accès refusé"):
        atomic_write_bytes(target, b"x")
    assert not target.exists()
    assert _temps(tmp_path) == []


def test_replace_is_retried_on_windows_sharing_violation(tmp_path: Path, monkeypatch) -> None:
    real_replace = os.replace
    calls = []

    def flaky(src, dst) -> None:
        calls.append(dst)
        if len(calls) < 3:
            raise PermissionError(errno.EACCES, "used by another process")
        real_replace(src, dst)

    monkeypatch.setattr(atomic, "IS_WINDOWS", True)
    monkeypatch.setattr(atomic, "REPLACE_RETRY_DELAYS", (0.001,) * 4)
    monkeypatch.setattr(atomic.os, "replace", flaky)
    target = tmp_path / "f.json"
    atomic_write_bytes(target, b"ok")
    assert target.read_bytes() == b"ok"
    assert len(calls) == 3


def test_replace_is_not_retried_on_posix(tmp_path: Path, monkeypatch) -> None:
    calls = []

    def refuse(src, dst) -> None:
        calls.append(dst)
        raise PermissionError(errno.EACCES, "denied")

    monkeypatch.setattr(atomic, "IS_WINDOWS", False)
    monkeypatch.setattr(atomic.os, "replace", refuse)
    with pytest.raises(StoreWriteError):
        atomic_write_bytes(tmp_path / "f.json", b"x")
    assert len(calls) == 1


def test_orphan_temporaries_are_removed(tmp_path: Path) -> None:
    (tmp_path / f"{TEMP_PREFIX}abc.tmp").write_bytes(b"half")
    (tmp_path / f"{TEMP_PREFIX}dir").mkdir()
    (tmp_path / "keep.json").write_bytes(b"{}")
    assert atomic.remove_orphan_temporaries(tmp_path) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["keep.json"]


def test_storage_writes_utf8_without_ascii_escapes(tmp_path: Path) -> None:
    db = TinyDB(tmp_path / "db.json", storage=AtomicJSONStorage, durable=False)
    db.insert({"nom": "Œuvre € 🙂"})
    raw = (tmp_path / "db.json").read_bytes()
    assert "Œuvre € 🙂".encode() in raw
    assert db.all() == [{"nom": "Œuvre € 🙂"}]


def test_storage_never_takes_an_empty_file_for_an_empty_database(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(b"")
    db = TinyDB(path, storage=AtomicJSONStorage)
    with pytest.raises(StoreCorruptError, match="est vide"):
        db.insert({"a": 1})
    assert path.read_bytes() == b""
    path.write_bytes(b'{"_default": {"1": {"a"')
    with pytest.raises(StoreCorruptError, match="illisible"):
        db.all()


def test_storage_missing_file_is_not_created_by_reading(tmp_path: Path) -> None:
    db = TinyDB(tmp_path / "absent.json", storage=AtomicJSONStorage)
    assert db.all() == []
    assert not (tmp_path / "absent.json").exists()


def test_lone_surrogates_round_trip(tmp_path: Path) -> None:
    text = "avant \ud800 après"
    raw = dumps_json({"t": text})
    raw.decode("utf-8")  # valid UTF-8 (escaped)
    db = TinyDB(tmp_path / "db.json", storage=AtomicJSONStorage, durable=False)
    db.insert({"t": text})
    assert db.all()[0]["t"] == text

"""The case log (store/caselog.py): a durable save flushes once, and what it acknowledged
survives a kill or a power cut; a failed save, a deletion or a restore is never undone by
the log at the next open."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import store.caselog as caselog
from store import CaseStore, StoreWriteError
from store.caselog import LOG_DIR, LOG_NAMES, CaseLog
from store.layout import case_path
from test_store_support import data_dir, make_case, snapshot  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not caselog.supported(), reason="the case log is POSIX only")


def _run(data: Path, body: str) -> list[str]:
    """Run ``body`` in a fresh process with ``store`` open on ``data``, then end that process
    with ``os._exit`` (no close, no checkpoint: what a kill leaves). Returns its stdout."""
    code = textwrap.dedent("""
        import os, sys
        sys.path[:0] = [{root!r}, {tests!r}]
        import store.caselog
        store.caselog.IDLE_SECONDS = 3600.0  # killed before any checkpoint, however slow
        from store import CaseStore
        from test_store_support import make_case
        store = CaseStore.open({data!r})
    """).format(root=str(ROOT), tests=str(ROOT / "tests"), data=str(data))
    code += textwrap.dedent(body) + "\nsys.stdout.flush()\nos._exit(0)\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    return out.stdout.split()


def _logged(data: Path) -> dict[str, int]:
    """The latest revision of each case that the case log would put back."""
    if not (data / LOG_DIR).is_dir():
        return {}
    probe = CaseLog(data / LOG_DIR)
    try:
        return probe.logged()
    finally:
        probe.close(checkpoint=False)


def _revision(data: Path, case_id: str) -> int:
    raw = json.loads(case_path(data, case_id).read_text(encoding="utf-8"))
    return raw["case"]["1"]["revision"]


SAVES = """
    for i in range(3):
        case = store.save_case(make_case(f"Dossier {i}"))
        for n in range(4):
            case.notes = f"note-{i}.{n}"
            case = store.save_case(case)
        print(case.id, case.revision, case.notes)
"""


@pytest.mark.parametrize("damage", ["empty", "old", "missing", "torn"])
def test_acknowledged_saves_survive_a_power_cut(data_dir: Path, damage: str) -> None:
    """After a kill, or a power cut that loses what was not flushed (a case file renamed
    into place but not fsynced comes back empty, torn, as its previous version or not at
    all), the log puts back each case's last acknowledged version."""
    with CaseStore.open(data_dir) as opened:
        old = opened.save_case(make_case("Avant la coupure"))
    old_bytes = case_path(data_dir, old.id).read_bytes()
    out = _run(data_dir, SAVES + """
    case = store.load_case({old!r})
    case.notes = "après"
    case = store.save_case(case)
    print(case.id, case.revision, case.notes)
    """.format(old=old.id))
    acked = {case_id: (int(revision), notes)
             for case_id, revision, notes in zip(out[0::3], out[1::3], out[2::3])}
    assert len(acked) == 4 and acked[old.id] == (2, "après")
    assert _logged(data_dir) == {case_id: rev for case_id, (rev, _n) in acked.items()}
    for case_id in acked:
        path = case_path(data_dir, case_id)
        if damage == "missing":
            path.unlink(missing_ok=True)
        elif damage == "old":
            if case_id == old.id:
                path.write_bytes(old_bytes)
        elif path.exists():
            raw = path.read_bytes()
            path.write_bytes(b"" if damage == "empty" else raw[: len(raw) // 2])
    with CaseStore.open(data_dir) as reopened:
        for case_id, (revision, notes) in acked.items():
            case = reopened.load_case(case_id)
            assert (case.revision, case.notes) == (revision, notes)
        assert {s.id: s.revision for s in reopened.list_cases()} == {
            case_id: rev for case_id, (rev, _n) in acked.items()}
        assert _logged(data_dir) == {}  # recovered, then emptied
    for case_id, (revision, _notes) in acked.items():  # the files themselves hold them
        assert _revision(data_dir, case_id) == revision
    assert not list(data_dir.glob("cases/*/.rt-tmp-*"))


def test_a_clean_close_empties_the_log_and_the_next_open_reads_only_its_header(
        data_dir: Path, monkeypatch) -> None:
    with CaseStore.open(data_dir) as opened:
        saved = opened.save_case(make_case())
        assert _logged(data_dir) == {saved.id: 1}
    assert _logged(data_dir) == {}
    redone = []
    monkeypatch.setattr(CaseStore, "_redo", lambda self, *args: redone.append(args))
    with CaseStore.open(data_dir) as reopened:
        assert reopened.load_case(saved.id).revision == 1
    assert redone == []


def test_a_save_whose_log_flush_fails_is_never_applied_later(data_dir: Path) -> None:
    out = _run(data_dir, """
    import store.caselog as caselog
    case = store.save_case(make_case("Premier"))
    real = caselog._datasync
    def broken(fd):
        raise OSError(5, "Input/output error")
    caselog._datasync = broken
    case.notes = "jamais"
    try:
        store.save_case(case)
    except Exception as exc:
        print(type(exc).__name__)
    caselog._datasync = real
    case.notes = "ensuite"
    case = store.save_case(case)
    other = store.save_case(make_case("Après"))
    print(case.id, other.id)
    """)
    assert out[0] == "StoreWriteError"
    first, other = out[1:]
    assert _logged(data_dir) == {first: 2, other: 1}
    with CaseStore.open(data_dir) as reopened:
        assert reopened.load_case(first).revision == 2
        assert reopened.load_case(first).notes == "ensuite"
        assert reopened.load_case(other).revision == 1


def test_a_deleted_case_does_not_come_back_from_the_log(data_dir: Path) -> None:
    (case_id,) = _run(data_dir, """
    case = store.save_case(make_case("À supprimer"))
    case = store.save_case(case)
    store.delete_case(case.id)
    print(case.id)
    """)
    assert _logged(data_dir) == {}
    with CaseStore.open(data_dir) as reopened:
        assert case_id not in {s.id for s in reopened.list_cases()}
        assert not case_path(data_dir, case_id).exists()


def test_a_restore_is_not_undone_by_the_log(data_dir: Path) -> None:
    with CaseStore.open(data_dir) as opened:
        saved = opened.save_case(make_case("Version sauvegardée"))
        backup = opened.backup()
    _run(data_dir, """
    case = store.load_case({case_id!r})
    case.notes = "après la sauvegarde"
    store.save_case(case)
    store.restore({backup!r})
    """.format(case_id=saved.id, backup=str(backup)))
    with CaseStore.open(data_dir) as reopened:
        assert reopened.load_case(saved.id).revision == 1


def test_the_log_switches_and_checkpoints_in_the_background(data_dir: Path,
                                                            monkeypatch) -> None:
    import threading

    monkeypatch.setattr(caselog, "SWITCH_BYTES", 20_000)
    checkpoints = []
    real = CaseLog._checkpoint

    def spy(self, index):
        checkpoints.append((threading.current_thread().name, index))
        return real(self, index)

    monkeypatch.setattr(CaseLog, "_checkpoint", spy)
    with CaseStore.open(data_dir) as opened:
        case = opened.save_case(make_case("Souvent enregistré", text="x" * 3000))
        for n in range(40):
            case.notes = f"version {n}"
            case = opened.save_case(case)
        assert ("case-log-checkpoint", 0) in checkpoints  # log 0 filled, then emptied
        assert opened.load_case(case.id).notes == "version 39"
    assert _logged(data_dir) == {}
    with CaseStore.open(data_dir) as reopened:
        assert reopened.load_case(case.id).notes == "version 39"


# -- the log itself ------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _no_checkpoint_thread_left(monkeypatch):
    """The logs built by these tests are not closed (a kill): no idle checkpoint meanwhile."""
    monkeypatch.setattr(caselog, "IDLE_SECONDS", 3600.0)


def _append(log: CaseLog, case_id: str, revision: int, data: bytes) -> None:
    folder = log.folder.parent / "cases"
    folder.mkdir(exist_ok=True)
    tmp = folder / f".rt-tmp-{case_id}-{revision}.tmp"
    tmp.write_bytes(data)
    log.append(case_id, revision, data, tmp, folder / f"{case_id}.json")


def test_recover_keeps_each_cases_latest_version_and_stops_at_a_torn_record(
        tmp_path: Path) -> None:
    log = CaseLog(tmp_path / LOG_DIR)
    _append(log, "aaa111", 1, b"a1")
    _append(log, "bbb222", 1, b"b1")
    _append(log, "aaa111", 2, b"a2")
    _append(log, "bbb222", 2, b"b2" * 100)  # then a kill: no checkpoint
    path = tmp_path / LOG_DIR / LOG_NAMES[0]
    with open(path, "r+b") as fh:
        fh.truncate(path.stat().st_size - 10)
    found = {}
    CaseLog(tmp_path / LOG_DIR).recover(
        lambda case_id, revision, payload: found.__setitem__(case_id, (revision, payload)))
    assert found == {"aaa111": (2, b"a2"), "bbb222": (1, b"b1")}


def test_a_voided_record_is_skipped_and_the_next_ones_are_read(tmp_path: Path) -> None:
    log = CaseLog(tmp_path / LOG_DIR)
    _append(log, "aaa111", 1, b"a1")
    _append(log, "aaa111", 2, b"a2")
    log._sizes[0] = 10**9  # as if the file were longer already: voided in place
    real = caselog._datasync
    caselog._datasync = lambda fd: (_ for _ in ()).throw(OSError(5, "I/O"))
    try:
        with pytest.raises(OSError):
            _append(log, "aaa111", 3, b"a3")
    finally:
        caselog._datasync = real
    log._ends[0] = (tmp_path / LOG_DIR / LOG_NAMES[0]).stat().st_size  # after the void one
    _append(log, "bbb222", 1, b"b1")
    found = {}
    CaseLog(tmp_path / LOG_DIR).recover(
        lambda case_id, revision, payload: found.__setitem__(case_id, revision))
    assert found == {"aaa111": 2, "bbb222": 1}


def test_records_of_an_older_salt_are_never_read(tmp_path: Path) -> None:
    folder = tmp_path / LOG_DIR
    log = CaseLog(folder)
    for revision in range(1, 6):
        _append(log, "aaa111", revision, b"x" * 500)
    log.checkpoint_all()  # renamed into place, then the salt changes
    _append(log, "bbb222", 1, b"b")  # shorter than what it overwrites
    found = {}
    CaseLog(folder).recover(
        lambda case_id, revision, payload: found.__setitem__(case_id, revision))
    assert found == {"bbb222": 1}


def test_a_log_with_a_torn_header_is_ignored_then_written_again(tmp_path: Path) -> None:
    folder = tmp_path / LOG_DIR
    folder.mkdir()
    (folder / LOG_NAMES[0]).write_bytes(b"RTC")
    log = CaseLog(folder)
    assert log.recover(lambda *args: pytest.fail("nothing to recover")) == 0
    _append(log, "aaa111", 1, b"a")
    found = {}
    CaseLog(folder).recover(lambda case_id, revision, payload: found.__setitem__(
        case_id, revision))
    assert found == {"aaa111": 1}


def test_a_durable_save_flushes_once(data_dir: Path, monkeypatch) -> None:
    """What the case log is for: one flush per save (the log), where the plain protocol
    needs two (the file, then its folder)."""
    with CaseStore.open(data_dir) as opened:
        case = opened.save_case(make_case())
        flushes = []
        import store.atomic as atomic

        real_fsync, real_datasync = os.fsync, caselog._datasync
        monkeypatch.setattr(atomic.os, "fsync",
                            lambda fd: (flushes.append("fsync"), real_fsync(fd))[1])
        monkeypatch.setattr(caselog, "_datasync",
                            lambda fd: (flushes.append("fdatasync"), real_datasync(fd))[1])
        case.notes = "modifié"
        opened.save_case(case)
        assert flushes == ["fdatasync"]
        monkeypatch.undo()
    with CaseStore.open(data_dir, durable=False) as plain:
        assert plain._caselog is None


def test_a_failed_log_write_leaves_the_store_unchanged(data_dir: Path, monkeypatch) -> None:
    with CaseStore.open(data_dir) as opened:
        case = opened.save_case(make_case())
        before = snapshot(data_dir)

        def broken(*args):
            raise OSError(5, "Input/output error")

        monkeypatch.setattr(caselog, "_datasync", broken)
        case.notes = "perdu"
        with pytest.raises(StoreWriteError):
            opened.save_case(case)
        monkeypatch.undo()
        assert snapshot(data_dir) == before
        assert opened.load_case(case.id).revision == 1


def test_readers_get_the_logged_version_until_the_file_catches_up(data_dir: Path,
                                                                  monkeypatch) -> None:
    import time
    import zipfile

    monkeypatch.setattr(caselog, "IDLE_SECONDS", 3600.0)
    with CaseStore.open(data_dir) as opened:
        case = opened.save_case(make_case("Première version"))
        opened.close()
    with CaseStore.open(data_dir) as opened:
        case = opened.load_case(case.id)
        case.notes = "deuxième version"
        saved = opened.save_case(case)
        assert _revision(data_dir, case.id) == 1  # the file still holds the previous one
        assert opened.load_case(case.id).notes == "deuxième version"
        assert opened.list_cases()[0].revision == 2
        with pytest.raises(Exception, match="modifié ailleurs"):
            opened.save_case(case)  # revision 1 is no longer the stored one
        backup = opened.backup()  # reads the files: brought up to date first
        with zipfile.ZipFile(backup) as archive:
            name = f"cases/{case.id[:2]}/{case.id}.json"
            assert json.loads(archive.read(name))["case"]["1"]["revision"] == 2
        assert _revision(data_dir, case.id) == 2 and _logged(data_dir) == {}
        saved.notes = "troisième"
        opened.save_case(saved)
        monkeypatch.setattr(caselog, "IDLE_SECONDS", 0.05)
        opened._caselog._last_append = 0.0
        with opened._caselog._wake:
            opened._caselog._wake.notify()
        deadline = time.monotonic() + 10
        while _revision(data_dir, case.id) != 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _revision(data_dir, case.id) == 3  # caught up in the background, once idle
        while _logged(data_dir) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _logged(data_dir) == {}
        record = opened._index.records[case.id]
        assert record["file"] == store_file_signature(case_path(data_dir, case.id))


def store_file_signature(path: Path) -> dict:
    from store.layout import file_signature

    return file_signature(path.stat())


def test_a_log_is_recovered_without_pread_and_pwrite(tmp_path: Path, monkeypatch) -> None:
    """Windows has neither: a data folder brought there after a crash is still recovered."""
    log = CaseLog(tmp_path / LOG_DIR)
    _append(log, "aaa111", 1, b"a1")
    _append(log, "aaa111", 2, b"a2")
    monkeypatch.delattr(os, "pread")
    monkeypatch.delattr(os, "pwrite")
    found = {}
    recovered = CaseLog(tmp_path / LOG_DIR)
    assert recovered.recover(lambda case_id, revision, payload: found.__setitem__(
        case_id, (revision, payload))) == 1
    assert found == {"aaa111": (2, b"a2")}
    assert CaseLog(tmp_path / LOG_DIR).logged() == {}  # emptied after the recovery

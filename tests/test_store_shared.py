"""Shared mode (issue 12): several instances on one data folder, with the OS lock made
ineffective. The revision ledger must lose no update and report every conflict; edit locks
say who edits a case and can be taken over once their holder is gone; other instances learn
of saves through the change token."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store import CaseStore, ConcurrentChangeError
from store.caselocks import CaseLockedError
from store.layout import case_path
from test_store_support import make_case

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not hasattr(os, "link"), reason="needs hard links")

WORKER = r"""
import json, random, sys
sys.path.insert(0, sys.argv[1])
import store.lock as lock_module
lock_module._try_lock = lambda fd, shared=False: None   # the OS lock holds nothing
from store import CaseStore, ConcurrentChangeError
data_dir, worker, rounds, seed = sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
ids = sys.argv[6].split(",")
rng = random.Random(seed)
acked, conflicts = [], 0
with CaseStore.open(data_dir, durable=False, shared=True) as store:
    for n in range(rounds):
        case_id = rng.choice(ids)
        case = store.load_case(case_id)
        token = f"{worker}-{n}"
        case.notes = (case.notes + " " + token).strip()
        try:
            saved = store.save_case(case)
        except ConcurrentChangeError as exc:
            conflicts += 1
            assert exc.current is not None and exc.current.revision > case.revision, exc.message
            continue
        acked.append([case_id, token, saved.revision])
print(json.dumps({"acked": acked, "conflicts": conflicts}))
"""


def test_several_processes_lose_no_update_and_report_every_conflict(tmp_path):
    data_dir = tmp_path / "partagé"
    with CaseStore.open(data_dir, durable=False, shared=True) as store:
        ids = [store.save_case(make_case(f"Client {i}")).id for i in range(3)]
    workers, rounds = 4, 120
    observer = CaseStore.open(data_dir, durable=False, shared=True)  # open all along
    procs = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(ROOT), str(data_dir), f"w{w}",
                          str(rounds), str(1000 + w), ",".join(ids)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for w in range(workers)
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        results.append(json.loads(out))
    with observer:  # a live instance: sync() takes in every save completed before it
        observer.sync()
        observed = {s.id: s.revision for s in observer.list_cases()}
        assert observed == {i: observer.load_case(i).revision for i in ids}
    acked = [tuple(a) for r in results for a in r["acked"]]
    conflicts = sum(r["conflicts"] for r in results)
    assert len(acked) + conflicts == workers * rounds
    assert conflicts > 0  # the same cases were really saved at the same time
    with CaseStore.open(data_dir, durable=False, shared=True) as store:
        for case_id in ids:
            case = store.load_case(case_id)
            mine = [a for a in acked if a[0] == case_id]
            # every acknowledged save is there, and each one made exactly one revision
            assert case.revision == 1 + len(mine)
            tokens = case.notes.split()
            assert sorted(tokens) == sorted(token for _, token, _ in mine)
            revisions = sorted(rev for _, _, rev in mine)
            assert revisions == list(range(2, 2 + len(mine)))  # no revision given twice
            summary = {s.id: s for s in store.list_cases()}[case_id]
            assert summary.revision == case.revision


def test_a_conflict_gives_the_other_version(tmp_path):
    data_dir = tmp_path / "partagé"
    with CaseStore.open(data_dir, durable=False, shared=True) as first, \
            CaseStore.open(data_dir, durable=False, shared=True) as second:
        case = first.save_case(make_case("Marie Curie"))
        mine, theirs = first.load_case(case.id), second.load_case(case.id)
        theirs.notes = "appel du 3 mars"
        second.save_case(theirs)
        mine.notes = "courrier du 4 mars"
        with pytest.raises(ConcurrentChangeError) as info:
            first.save_case(mine)
        assert info.value.current is not None
        assert info.value.current.notes == "appel du 3 mars"
        assert info.value.current.revision == 2
        assert "modifié ailleurs" in info.value.message
        # deleting on one side refuses a save on the other
        stale = first.load_case(case.id)
        second.delete_case(case.id)
        stale.notes = "trop tard"
        with pytest.raises(ConcurrentChangeError):
            first.save_case(stale)
        first.sync()
        assert case.id not in {s.id for s in first.list_cases()}
        with pytest.raises(Exception):
            first.load_case(case.id)


def test_a_writer_killed_after_publishing_is_completed_from_the_ledger(tmp_path, monkeypatch):
    import store.store as store_module

    data_dir = tmp_path / "partagé"
    with CaseStore.open(data_dir, durable=False, shared=True) as store:
        case = store.save_case(make_case())
        case.notes = "publiée, pas encore renommée"

        def killed(*args, **kwargs):
            raise KeyboardInterrupt

        monkeypatch.setattr(store_module, "replace_with_retry", killed)
        with pytest.raises(KeyboardInterrupt):
            store.save_case(case)
        monkeypatch.undo()
        # another reader already sees the published version
        assert store.load_case(case.id).notes == "publiée, pas encore renommée"
    with CaseStore.open(data_dir, durable=False, shared=True) as store:
        raw = json.loads(case_path(data_dir, case.id).read_text(encoding="utf-8"))
        assert raw["case"]["1"]["revision"] == 2  # put in place at open
        assert store.list_cases()[0].revision == 2


def test_other_instances_learn_of_a_save_through_the_change_token(tmp_path):
    data_dir = tmp_path / "partagé"
    with CaseStore.open(data_dir, durable=False, shared=True) as first, \
            CaseStore.open(data_dir, durable=False, shared=True) as second:
        case = first.save_case(make_case("Léa Martin"))
        token = second.change_token()
        assert second.sync() == {case.id}
        assert [s.subscriber_name for s in second.list_cases()] == ["Léa Martin"]
        assert second.change_token() == token  # nothing new
        case.notes = "relance"
        first.save_case(case)
        assert second.change_token() != token
        assert second.sync() == {case.id}
        assert second.list_cases()[0].revision == 2
        first._index.compact()  # the journal folded and deleted: still seen
        other = first.save_case(make_case("Paul Durand"))
        assert other.id in second.sync()
        assert len(second.list_cases()) == 2


def test_a_folder_used_alone_keeps_its_exclusive_lock(tmp_path):
    from store import StoreLockedError

    data_dir = tmp_path / "seul"
    with CaseStore.open(data_dir, durable=False):
        with pytest.raises(StoreLockedError):
            CaseStore.open(data_dir, durable=False, shared=True)
    with CaseStore.open(data_dir, durable=False, shared=True):
        with pytest.raises(StoreLockedError):
            CaseStore.open(data_dir, durable=False, shared=False)
        with CaseStore.open(data_dir, durable=False) as follower:  # follows store.json
            assert follower.shared


HOLDER = r"""
import sys, time
sys.path.insert(0, sys.argv[1])
import store.lock as lock_module
lock_module._try_lock = lambda fd, shared=False: None
from store import CaseStore
store = CaseStore.open(sys.argv[2], durable=False, shared=True, lock_stale_after=2.0)
store.lock_case(sys.argv[3])
print("HELD", flush=True)
time.sleep(600)
"""


def test_the_lock_of_a_killed_holder_is_taken_over_after_a_warning(tmp_path):
    data_dir = tmp_path / "partagé"
    with CaseStore.open(data_dir, durable=False, shared=True) as store:
        case_id = store.save_case(make_case()).id
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(ROOT), str(data_dir), case_id],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "HELD"
        with CaseStore.open(data_dir, durable=False, shared=True,
                            lock_stale_after=2.0) as store:
            time.sleep(2.5)  # longer than stale_after: the live holder keeps refreshing
            with pytest.raises(CaseLockedError) as info:
                store.lock_case(case_id, take_over=True)
            assert not info.value.stale
            assert "en cours de modification par" in info.value.message
            assert store.case_lock(case_id) is not None
            holder.send_signal(signal.SIGKILL)
            holder.wait(timeout=30)
            deadline = time.monotonic() + 30
            while True:
                with pytest.raises(CaseLockedError) as info:
                    store.lock_case(case_id)
                if info.value.stale or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
            assert info.value.stale
            assert "reprendre la main" in info.value.message
            mine = store.lock_case(case_id, take_over=True)
            assert mine.instance == store.instance
            case = store.load_case(case_id)
            case.notes = "repris"
            assert store.save_case(case).revision == 2
            store.unlock_case(case_id)
            assert store.case_lock(case_id) is None
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()


def test_a_taken_over_lock_is_reported_lost_to_its_former_holder(tmp_path):
    data_dir = tmp_path / "partagé"
    with CaseStore.open(data_dir, durable=False, shared=True, lock_stale_after=0.4) as first, \
            CaseStore.open(data_dir, durable=False, shared=True,
                           lock_stale_after=0.4) as second:
        case_id = first.save_case(make_case()).id
        first._stop_refresh.set()  # as if its machine were suspended
        first.lock_case(case_id)
        time.sleep(0.6)
        second.lock_case(case_id, take_over=True)
        first._case_locks.refresh()
        assert first.lost_case_locks() == {case_id}


def test_single_user_mode_needs_no_lock_files(tmp_path):
    with CaseStore.open(tmp_path / "seul", durable=False) as store:
        case_id = store.save_case(make_case()).id
        assert store.lock_case(case_id).case_id == case_id
        assert store.case_lock(case_id) is None
        assert not (tmp_path / "seul" / "locks").exists()
        assert not (tmp_path / "seul" / "ledger").exists()


def test_only_one_instance_makes_the_daily_backup(tmp_path):
    from store import StoreLockedError

    data_dir = tmp_path / "partagé"
    with CaseStore.open(data_dir, durable=False, shared=True) as first, \
            CaseStore.open(data_dir, durable=False, shared=True) as second:
        first.save_case(make_case())
        (data_dir / "backups" / ".backup-running").write_text("")
        with pytest.raises(StoreLockedError):
            second.backup()
        (data_dir / "backups" / ".backup-running").unlink()
        assert second.backup().exists()
        with pytest.raises(StoreLockedError):
            first.restore(second.list_backups()[0].path)  # the other instance is there


@pytest.mark.parametrize("seed", range(3))
def test_random_interleavings_in_one_process(tmp_path, seed):
    """Many instances in one process, saving and deleting at random: every save either
    succeeds with the next revision or is refused with the current version."""
    rng = random.Random(seed)
    data_dir = tmp_path / "partagé"
    stores = [CaseStore.open(data_dir, durable=False, shared=True) for _ in range(3)]
    try:
        ids = [stores[0].save_case(make_case(f"C{i}")).id for i in range(2)]
        loaded = {}
        for _ in range(150):
            store = rng.choice(stores)
            case_id = rng.choice(ids)
            key = (id(store), case_id)
            if key not in loaded or rng.random() < 0.3:
                try:
                    loaded[key] = store.load_case(case_id)
                except Exception:
                    continue
            case = loaded[key]
            case.notes += "x"
            try:
                loaded[key] = store.save_case(case)
            except ConcurrentChangeError as exc:
                if exc.current is not None:
                    assert exc.current.revision > case.revision
                    loaded[key] = exc.current
                else:
                    loaded.pop(key)
        for case_id in ids:
            final = stores[1].load_case(case_id)
            assert len(final.notes) == final.revision - 1  # one "x" per revision
    finally:
        for store in stores:
            store.close()

"""Shared mode: the index seen by several instances (docs/store.md, « Learning that another
instance saved »). Each test replays, deterministically in one process, an interleaving that
the multi-process test of test_store_shared.py only meets now and then under load: once
``sync()`` has run, or at the next open, no instance's list stays behind a completed save."""

from __future__ import annotations

import os
import time

import pytest

import store.store as store_module
from store import CaseStore
from store.foldlock import LOCK_NAME, STALE_SECONDS
from store.index import shard_of
from store.layout import file_signature
from store.ledger import entry_path
from test_store_support import make_case

pytestmark = pytest.mark.skipif(not hasattr(os, "link"), reason="needs hard links")


def shared(data_dir):
    return CaseStore.open(data_dir, durable=False, shared=True)


def listed_revision(store, case_id):
    return {s.id: s.revision for s in store.list_cases()}[case_id]


def save_note(store, case_id, note):
    case = store.load_case(case_id)
    case.notes = note
    return store.save_case(case)


def test_a_save_overtaken_between_its_rename_and_its_index_line(tmp_path, monkeypatch):
    """First renames revision 2 into place; before it records the summary, second saves
    revision 3 and renames it. First's record must carry the signature of ITS file, not of
    the file now in place: otherwise the index pairs revision 2 with revision 3's file,
    every open trusts it and the list stays one revision behind (the failure seen under
    load: 133 listed, 134 stored)."""
    data_dir = tmp_path / "partagé"
    with shared(data_dir) as store:
        case_id = store.save_case(make_case("Client 0")).id
    first, second = shared(data_dir), shared(data_dir)
    real_replace = store_module.replace_with_retry
    overtaken = []

    def replace_then_overtake(src, dst, *args, **kwargs):
        real_replace(src, dst, *args, **kwargs)
        if not overtaken:
            overtaken.append(None)
            overtaken[0] = save_note(second, case_id, "deuxième")

    monkeypatch.setattr(store_module, "replace_with_retry", replace_then_overtake)
    saved = save_note(first, case_id, "premier")
    monkeypatch.undo()
    assert (saved.revision, overtaken[0].revision) == (2, 3)
    own_file = file_signature(os.stat(entry_path(data_dir, case_id, 2)))
    assert first._index.records[case_id]["file"] == own_file
    second.close()  # folds revision 3 into the shard
    first.close()   # folds its revision 2 over it: the higher revision stays
    with shared(data_dir) as store:
        assert listed_revision(store, case_id) == 3 == store.load_case(case_id).revision


def test_an_index_behind_the_ledger_is_caught_up_at_open(tmp_path):
    """An index record older than the file in place (whatever left it so) is summarised
    again at open when the ledger shows a newer revision."""
    data_dir = tmp_path / "partagé"
    with shared(data_dir) as store:
        case_id = store.save_case(make_case()).id
        current = save_note(store, case_id, "deux")
        stale = dict(store._index.records[case_id])
    with shared(data_dir) as store:
        path = data_dir / "cases" / case_id[:2] / f"{case_id}.json"
        stale.update(revision=1, file=file_signature(os.stat(path)))
        store._index.put(stale)  # revision 1 with the signature of revision 2's file
    with shared(data_dir) as store:
        assert listed_revision(store, case_id) == current.revision == 2


def test_a_fold_from_an_instance_that_never_synced_keeps_the_newer_save(tmp_path):
    """A saved revision 2 and never synced; B saved revision 3 and closed (its journal
    folded into the shard, then deleted); A closes: its fold must not put revision 2 back
    over 3. X, which had read A's journal, syncs and lists 3."""
    data_dir = tmp_path / "partagé"
    with shared(data_dir) as store:
        case_id = store.save_case(make_case()).id
    a, b, x = shared(data_dir), shared(data_dir), shared(data_dir)
    try:
        save_note(a, case_id, "A")
        assert x.sync() == {case_id}
        assert listed_revision(x, case_id) == 2
        assert save_note(b, case_id, "B").revision == 3
        b.close()
        a.close()
        assert case_id in x.sync()
        assert listed_revision(x, case_id) == 3
    finally:
        for store in (a, b, x):
            store.close()
    with shared(data_dir) as store:
        assert listed_revision(store, case_id) == 3


def test_saves_folded_before_an_instance_ever_saw_their_journals(tmp_path):
    """X never listed A's or B's journals: they were written, folded and deleted between
    two of its syncs. The shards changed under it: sync reads them again."""
    data_dir = tmp_path / "partagé"
    with shared(data_dir) as store:
        case_id = store.save_case(make_case()).id
    x = shared(data_dir)
    try:
        with shared(data_dir) as a:
            save_note(a, case_id, "A")
        with shared(data_dir) as b:
            save_note(b, case_id, "B")
            created = b.save_case(make_case("Nouveau client")).id
        assert x.sync() == {case_id, created}
        assert listed_revision(x, case_id) == 3
        assert listed_revision(x, created) == 1
    finally:
        x.close()


def test_a_journal_folded_while_sync_reads_makes_it_start_again(tmp_path, monkeypatch):
    """X lists the journals, finds no shard changed, and B folds and deletes its journal
    before X reads it: X must not return without B's save."""
    data_dir = tmp_path / "partagé"
    with shared(data_dir) as store:
        case_id = store.save_case(make_case()).id
    x, b = shared(data_dir), shared(data_dir)
    try:
        save_note(b, case_id, "B")
        real_stale = type(x._index)._stale_shards
        calls = []

        def stale_then_fold(index):
            stale = real_stale(index)
            if index is x._index and not calls:
                calls.append(stale)
                b.close()  # folds and deletes the journal X just listed
            return stale

        monkeypatch.setattr(type(x._index), "_stale_shards", stale_then_fold)
        assert x.sync() == {case_id}
        assert calls == [[]]
        assert listed_revision(x, case_id) == 2
    finally:
        b.close()
        x.close()


def test_a_deletion_folded_elsewhere_is_not_brought_back(tmp_path):
    """A still holds case c in memory; B deletes c and folds. A then folds a change of
    another case of the same shard: c must not come back into the shard."""
    data_dir = tmp_path / "partagé"
    with shared(data_dir) as store:
        first = store.save_case(make_case("Premier")).id
        other = None
        while other is None:
            candidate = store.save_case(make_case("Voisin"))
            if shard_of(candidate.id) == shard_of(first):
                other = candidate.id
            else:
                store.delete_case(candidate.id)
    a, x = shared(data_dir), shared(data_dir)
    try:
        with shared(data_dir) as b:
            b.delete_case(first)
        save_note(a, other, "A")
        a.close()
        x.sync()
        assert first not in {s.id for s in x.list_cases()}
    finally:
        a.close()
        x.close()
    with shared(data_dir) as store:
        assert first not in {s.id for s in store.list_cases()}


def test_a_fold_waits_for_another_and_keeps_its_journal_if_it_cannot(tmp_path, monkeypatch):
    import store.index as index_module

    data_dir = tmp_path / "partagé"
    with shared(data_dir) as store:
        case_id = store.save_case(make_case()).id
    monkeypatch.setattr(index_module, "FOLD_WAIT", 0.2)
    lock = data_dir / "index" / LOCK_NAME
    a = shared(data_dir)
    try:
        save_note(a, case_id, "A")
        lock.write_text("autre-poste 1234\n")  # another instance is folding
        a._index.compact()
        journals = list((data_dir / "index" / "journal").iterdir())
        assert len(journals) == 1  # kept: the fold did not happen
        with shared(data_dir) as x:
            assert listed_revision(x, case_id) == 2  # read from the journal
        old = time.time() - STALE_SECONDS - 5
        os.utime(lock, (old, old))  # its holder died mid-fold
    finally:
        a.close()
    assert not lock.exists()
    assert not list((data_dir / "index" / "journal").iterdir())
    with shared(data_dir) as store:
        assert listed_revision(store, case_id) == 2

"""Settings and wizard drafts kept in the data folder."""

from __future__ import annotations

import errno

import pytest

from dispute.model import Case
from store import CaseStore, StoreCorruptError, StoreWriteError


def test_settings_round_trip_and_survive_reopening(tmp_path):
    with CaseStore.open(tmp_path) as store:
        assert store.read_settings() == {}
        store.write_settings({"place": "Évreux", "structure": {"name": "CPME & Co <test>"}})
    with CaseStore.open(tmp_path) as store:
        assert store.read_settings()["structure"]["name"] == "CPME & Co <test>"


def test_unreadable_settings_are_reported_not_replaced(tmp_path):
    with CaseStore.open(tmp_path) as store:
        (tmp_path / "settings.json").write_text("{\"place\": ", encoding="utf-8")
        with pytest.raises(StoreCorruptError):
            store.read_settings()
    assert (tmp_path / "settings.json").read_text(encoding="utf-8") == "{\"place\": "


def test_drafts_are_kept_newest_first_and_discarded(tmp_path):
    with CaseStore.open(tmp_path) as store:
        first, second = Case(), Case()
        first.subscriber.name = "Zoé 🥖"
        store.save_draft(first)
        second.subscriber.name = "Léa"
        store.save_draft(second)
        first.summary = "Panne depuis le 3 mars"
        store.save_draft(first)  # updated: now the newest
        drafts = store.list_drafts()
        assert [d.id for d in drafts] == [first.id, second.id]
        assert drafts[0].summary == "Panne depuis le 3 mars"
        store.discard_draft(first.id)
        assert [d.id for d in store.list_drafts()] == [second.id]
        assert store.list_cases() == []  # a draft is not a case


def test_a_failing_draft_write_keeps_the_previous_draft(tmp_path, monkeypatch):
    import os

    with CaseStore.open(tmp_path) as store:
        case = Case()
        case.subscriber.name = "Avant"
        store.save_draft(case)
        case.subscriber.name = "Après"

        def full(fd):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(os, "fsync", full)
        with pytest.raises(StoreWriteError):
            store.save_draft(case)
        monkeypatch.undo()
        assert store.list_drafts()[0].subscriber.name == "Avant"


def test_discarding_a_draft_moves_its_attached_files_to_the_trash(tmp_path):
    source = tmp_path / "facture.pdf"
    source.write_bytes(b"%PDF-1.4 facture")
    with CaseStore.open(tmp_path / "data") as store:
        draft = Case()
        store.add_exhibit(draft, source, title="Facture")
        store.save_draft(draft)
        folder = tmp_path / "data" / "exhibits" / draft.id
        assert any(folder.iterdir())
        store.discard_draft(draft.id)
        assert not folder.exists()
        trashed = list((tmp_path / "data" / "trash" / "drafts").iterdir())
        assert len(trashed) == 1 and any(trashed[0].iterdir())

        saved = Case()
        store.add_exhibit(saved, source, title="Facture")
        store.save_case(saved)
        store.save_draft(saved)
        store.discard_draft(saved.id)  # a saved case keeps its files
        assert store.verify_exhibits(store.load_case(saved.id)) == []

"""Schema versions: migrations applied on load, newer versions refused and never rewritten."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import store.migrations as migrations
from store import CaseStore, StoreVersionError
from store.layout import case_path
from test_store_support import data_dir, make_case, snapshot  # noqa: F401


def _edit_case_file(path: Path, **changes) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["case"]["1"].update(changes)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_case_migration_is_applied_on_load(data_dir: Path, monkeypatch) -> None:
    with CaseStore.open(data_dir, durable=False) as opened:
        saved = opened.save_case(make_case())
    path = case_path(data_dir, saved.id)
    before = path.read_bytes()

    def one_to_two(data: dict) -> dict:
        return {**data, "notes": data["notes"] + "[migré]"}

    now = migrations.CURRENT_CASE_VERSION
    monkeypatch.setattr(migrations, "CURRENT_CASE_VERSION", now + 1)
    monkeypatch.setitem(migrations.CASE_MIGRATIONS, now, one_to_two)
    with CaseStore.open(data_dir, durable=False) as opened:
        loaded = opened.load_case(saved.id)
        assert loaded.schema_version == now + 1 and loaded.notes.endswith("[migré]")
        assert path.read_bytes() == before  # loading never rewrites
        resaved = opened.save_case(loaded)
    assert json.loads(path.read_text(encoding="utf-8"))["case"]["1"]["schema_version"] == now + 1
    assert resaved.revision == 2


def test_missing_migration_is_reported(data_dir: Path, monkeypatch) -> None:
    with CaseStore.open(data_dir, durable=False) as opened:
        saved = opened.save_case(make_case())
    now = migrations.CURRENT_CASE_VERSION
    monkeypatch.setattr(migrations, "CURRENT_CASE_VERSION", now + 2)
    monkeypatch.setitem(migrations.CASE_MIGRATIONS, now, lambda d: d)
    with CaseStore.open(data_dir, durable=False) as opened:
        with pytest.raises(Exception, match="Aucune conversion"):
            opened.load_case(saved.id)


def test_newer_case_is_refused_and_never_rewritten(data_dir: Path) -> None:
    with CaseStore.open(data_dir, durable=False) as opened:
        saved = opened.save_case(make_case())
    path = case_path(data_dir, saved.id)
    _edit_case_file(path, schema_version=migrations.CURRENT_CASE_VERSION + 1, futur="x")
    before = path.read_bytes()
    with CaseStore.open(data_dir, durable=False) as opened:
        with pytest.raises(StoreVersionError) as info:
            opened.load_case(saved.id)
        assert "version plus récente" in info.value.message
        assert "plus récente" in opened.list_cases()[0].problem
        with pytest.raises(StoreVersionError):
            opened.save_case(saved)
    assert path.read_bytes() == before


def test_newer_store_is_refused_and_never_rewritten(data_dir: Path) -> None:
    with CaseStore.open(data_dir, durable=False) as opened:
        opened.save_case(make_case())
    meta_path = data_dir / "store.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["meta"]["1"]["schema_version"] = migrations.STORE_SCHEMA_VERSION + 1
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    before = snapshot(data_dir)
    with pytest.raises(StoreVersionError, match="version plus récente"):
        CaseStore.open(data_dir)
    assert snapshot(data_dir) == before


def test_store_migration_is_applied_at_open(data_dir: Path, monkeypatch) -> None:
    with CaseStore.open(data_dir, durable=False) as opened:
        opened.save_case(make_case())
    ran = []
    monkeypatch.setattr(migrations, "STORE_SCHEMA_VERSION", 2)
    monkeypatch.setitem(migrations.STORE_MIGRATIONS, 1, lambda folder: ran.append(folder))
    with CaseStore.open(data_dir, durable=False) as opened:
        assert len(opened.list_cases()) == 1
    assert ran == [data_dir]
    meta = json.loads((data_dir / "store.json").read_text(encoding="utf-8"))
    assert meta["meta"]["1"]["schema_version"] == 2
    with CaseStore.open(data_dir, durable=False):
        pass
    assert ran == [data_dir]  # not run twice

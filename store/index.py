"""The index: case summaries sharded by id into small TinyDB files, ``index/NN.json``.

It is a cache of the case files. Each record also holds the signature (mtime_ns, size,
inode) of the case file it was computed from; ``reconcile`` compares it with ``os.scandir``
at open and recomputes what differs, which repairs a crash between a case write and the index
write. A shard that exists but cannot be read is not silently replaced: ``load`` raises
``StoreCorruptError`` unless asked to repair (the file is then set aside, not deleted).
"""

from __future__ import annotations

import logging
import os
import shutil
import zlib
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB

from store.atomic import TEMP_PREFIX, AtomicJSONStorage, make_private_dir, replace_with_retry
from dispute.oserrors import french_os_error
from store.errors import StoreCorruptError, StoreError
from store.layout import file_signature, is_valid_case_id
from store.summary import CaseSummary, summary_from_record

logger = logging.getLogger(__name__)

SHARD_COUNT = 64
TABLE = "summaries"

RecordLoader = Callable[[str, Path], dict[str, Any]]


def shard_of(case_id: str) -> int:
    return zlib.crc32(case_id.encode("utf-8")) % SHARD_COUNT


def shard_name(shard: int) -> str:
    return f"{shard:02d}.json"


def _valid_record(record: Any) -> bool:
    return (
        isinstance(record, dict)
        and is_valid_case_id(record.get("id"))
        and isinstance(record.get("file"), dict)
        and isinstance(record.get("revision"), int)
    )


class CaseIndex:
    def __init__(self, index_dir: Path, *, durable: bool = True) -> None:
        self.index_dir = index_dir
        self.durable = durable
        self.records: dict[str, dict[str, Any]] = {}
        self._summaries: dict[str, CaseSummary] = {}

    # -- reading -------------------------------------------------------------------------

    def shard_path(self, shard: int) -> Path:
        return self.index_dir / shard_name(shard)

    def _db(self, shard: int) -> TinyDB:
        # The shard file is fsynced before its rename, so after a power cut it is whole (old
        # or new); the folder fsync is skipped: an old shard is repaired by reconcile.
        return TinyDB(self.shard_path(shard), storage=AtomicJSONStorage,
                      durable=self.durable, sync_dir=False)

    def load(self, *, repair: bool = False) -> set[int]:
        """Read every shard; returns the shards to rewrite (bad records dropped)."""
        make_private_dir(self.index_dir)
        self.records.clear()
        self._summaries.clear()
        dirty: set[int] = set()
        for shard in range(SHARD_COUNT):
            path = self.shard_path(shard)
            try:
                raw = AtomicJSONStorage(path).read()
            except StoreCorruptError as exc:
                if not repair:
                    raise StoreCorruptError(
                        f"L'index des dossiers est abîmé : {exc.message} Rien n'a été modifié. "
                        "Relancez avec la réparation de l'index pour le reconstruire à partir "
                        "des dossiers (le fichier abîmé est conservé à côté).",
                        path=path,
                    ) from None
                self._set_aside(path)
                dirty.add(shard)
                continue
            except OSError as exc:
                raise StoreCorruptError(
                    f"L'index « {path} » ne peut pas être lu ({french_os_error(exc)}).", path=path
                ) from None
            if raw is None:
                continue
            table = raw.get(TABLE, {})
            for record in table.values():
                if not _valid_record(record) or shard_of(record["id"]) != shard:
                    logger.warning("Dropping malformed index record in %s", path)
                    dirty.add(shard)
                    continue
                self.records[record["id"]] = record
        return dirty

    def _set_aside(self, path: Path) -> None:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        replace_with_retry(path, aside)
        logger.warning("Unreadable index shard %s set aside as %s", path, aside.name)

    def reconcile(self, cases_dir: Path, loader: RecordLoader, dirty: set[int]) -> int:
        """Bring the records in line with the case files; returns how many were recomputed."""
        seen: dict[str, tuple[Path, dict[str, int]]] = {}
        for prefix in _scandir(cases_dir):
            if prefix.name.startswith(TEMP_PREFIX):
                _remove_orphan(prefix)
                continue
            if not prefix.is_dir(follow_symlinks=False):
                continue
            entries = _scandir(Path(prefix.path))
            if not entries:
                _remove_empty_dir(prefix.path)  # left by a deletion or a failed first save
                continue
            for entry in entries:
                name = entry.name
                if name.startswith(TEMP_PREFIX):
                    _remove_orphan(entry)
                    continue
                if not name.endswith(".json") or not entry.is_file(follow_symlinks=False):
                    continue
                case_id = name[: -len(".json")]
                if not is_valid_case_id(case_id) or case_id[:2] != prefix.name:
                    logger.warning("Ignoring unexpected file %s", entry.path)
                    continue
                signature = file_signature(entry.stat(follow_symlinks=False))
                seen[case_id] = (Path(entry.path), signature)
        recomputed = 0
        for case_id, (path, signature) in seen.items():
            record = self.records.get(case_id)
            if record is not None and record.get("file") == signature:
                continue
            record = loader(case_id, path)
            record["file"] = signature
            self.records[case_id] = record
            dirty.add(shard_of(case_id))
            recomputed += 1
        for case_id in set(self.records) - set(seen):
            del self.records[case_id]
            dirty.add(shard_of(case_id))
        for shard in sorted(dirty):
            try:
                self.rewrite_shard(shard)
            except StoreError:
                logger.exception("Could not rewrite index shard %d", shard)
        if recomputed or dirty:
            logger.info("Index reconciled: %d case(s) recomputed, %d shard(s) rewritten",
                        recomputed, len(dirty))
        return recomputed

    # -- queries -------------------------------------------------------------------------

    def summaries(self) -> list[CaseSummary]:
        out = []
        for case_id, record in self.records.items():
            summary = self._summaries.get(case_id)
            if summary is None:
                summary = self._summaries[case_id] = summary_from_record(record)
            out.append(summary)
        return out

    def shard_payloads(self) -> dict[int, dict[str, Any]]:
        """TinyDB content of every shard, from memory (used by backups)."""
        by_shard: dict[int, list[dict[str, Any]]] = {s: [] for s in range(SHARD_COUNT)}
        for case_id, record in self.records.items():
            by_shard[shard_of(case_id)].append(record)
        return {shard: self._payload(records) for shard, records in by_shard.items()}

    @staticmethod
    def _payload(records: list[dict[str, Any]]) -> dict[str, Any]:
        ordered = sorted(records, key=lambda r: r["id"])
        return {TABLE: {str(i): r for i, r in enumerate(ordered, start=1)}}

    # -- writing -------------------------------------------------------------------------

    def rewrite_shard(self, shard: int) -> None:
        """Replace a shard with the records in memory, in one atomic write."""
        records = [r for cid, r in self.records.items() if shard_of(cid) == shard]
        storage = AtomicJSONStorage(self.shard_path(shard), durable=self.durable, sync_dir=False)
        storage.write(self._payload(records))

    def put(self, record: dict[str, Any]) -> None:
        """Record a case's summary in memory, then in its shard (a failure is only logged:
        the next open repairs the shard from the case file)."""
        case_id = record["id"]
        known = case_id in self.records
        self.records[case_id] = record
        self._summaries.pop(case_id, None)
        shard = shard_of(case_id)
        try:
            table = self._db(shard).table(TABLE)
            query = Query().id == case_id

            def replace(doc: dict[str, Any]) -> None:
                doc.clear()
                doc.update(record)

            # Known case: one read and one write. New case: check first, so that a stale
            # shard never ends up with two records for one id.
            if known:
                if not table.update(replace, query):
                    table.insert(record)
            elif table.contains(query):
                table.update(replace, query)
            else:
                table.insert(record)
        except StoreError:
            logger.exception("Index shard %d not updated for case %s", shard, case_id)
            self._rewrite_quietly(shard)

    def set_record(self, record: dict[str, Any]) -> int:
        """Replace a case's record in memory only; returns its shard, to rewrite later."""
        case_id = record["id"]
        self.records[case_id] = record
        self._summaries.pop(case_id, None)
        return shard_of(case_id)

    def remove(self, case_id: str) -> None:
        self.records.pop(case_id, None)
        self._summaries.pop(case_id, None)
        shard = shard_of(case_id)
        try:
            self._db(shard).table(TABLE).remove(Query().id == case_id)
        except StoreError:
            logger.exception("Index shard %d not updated after removing %s", shard, case_id)
            self._rewrite_quietly(shard)

    def _rewrite_quietly(self, shard: int) -> None:
        try:
            self.rewrite_shard(shard)
        except StoreError:
            logger.exception("Index shard %d left stale; repaired at next open", shard)


def _scandir(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as it:
            return list(it)
    except FileNotFoundError:
        return []


def _remove_empty_dir(path: str) -> None:
    try:
        os.rmdir(path)
    except OSError:
        pass  # filled meanwhile: kept


def _remove_orphan(entry: os.DirEntry[str]) -> None:
    try:
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)
        else:
            os.unlink(entry.path)
        logger.info("Removed orphan temporary %s", entry.path)
    except OSError:
        logger.exception("Could not remove orphan temporary %s", entry.path)

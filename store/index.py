"""The index: case summaries in 64 small shards, ``index/NN.json``, plus append-only journals.

It is a cache of the case files. Each record also holds the signature (mtime_ns, size,
inode) of the case file it was computed from; ``reconcile`` compares it with ``os.scandir``
at open and recomputes what differs, which repairs anything the index missed (a crash
between a case write and its journal line, a journal lost). A shard that exists but cannot
be read is not silently replaced: ``load`` raises ``StoreCorruptError`` unless asked to repair
(the file is then set aside, not deleted).

Why journals (issue 13): rewriting a whole shard on every save made a save read, parse and
write N/64 summaries, so its cost grew with the store (41 ms at 30,000 cases, with garbage
collector pauses). A save now appends one line to its instance's journal,
``index/journal/<writer>-<seq>.jsonl`` (one writer per file, so no two processes ever append
to the same file, also on a network share); the shards are rewritten from memory in the
background once a journal holds ``COMPACT_AFTER`` lines, and at close, then the journal is
deleted. Journal lines are not fsynced: the index is a cache, a line lost to a power cut is
recomputed by ``reconcile``; a torn last line is ignored.

Reading order at open: shards, then every journal (a record replaces the one in memory unless
that one has a higher revision), then ``reconcile`` against the case files.
"""

from __future__ import annotations

import logging
import operator
import os
import stat
import threading
import time
import zlib
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from dispute.oserrors import french_os_error
from store.atomic import (
    TEMP_PREFIX,
    atomic_write_bytes,
    dumps_json,
    make_private_dir,
    parse_json_bytes,
    replace_with_retry,
    unlink_quietly,
)
from store.errors import StoreCorruptError, StoreError
from store.foldlock import FoldLock
from store.layout import file_signature, is_valid_case_id
from store.summary import CaseSummary, recency_key

logger = logging.getLogger(__name__)

SHARD_COUNT = 64
TABLE = "summaries"
JOURNAL_DIR = "journal"
JOURNAL_SUFFIX = ".jsonl"
COMPACT_AFTER = 500
"""Journal lines after which the shards are rewritten in the background."""
FOREIGN_JOURNAL_AGE = 3600.0
"""In a shared folder, another instance's journal untouched for this long (seconds) is taken
for the leftover of a crash and folded into the shards."""
FOLD_WAIT = 10.0
"""Shared folder: how long a fold waits for another instance's fold (seconds); past that
the journal is kept and folded at the next compaction or close."""
SYNC_ATTEMPTS = 5
"""``sync`` starts again when a journal it listed vanished before it was read (folded by its
owner meanwhile), at most this many times."""

RecordLoader = Callable[[str, str], dict[str, Any]]
ShardSignature = tuple[int, int, int]
_S_IFMT = 0o170000
_S_IFREG = stat.S_IFREG


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


class _Journal:
    """Read position in one journal file (ours or another instance's)."""

    __slots__ = ("offset", "size", "mtime_ns")

    def __init__(self) -> None:
        self.offset = 0
        self.size = -1
        self.mtime_ns = -1


class CaseIndex:
    def __init__(self, index_dir: Path, *, durable: bool = True, shared: bool = False,
                 read_only: bool = False) -> None:
        self.index_dir = index_dir
        self.journal_dir = index_dir / JOURNAL_DIR
        self.durable = durable
        self.shared = shared
        self.read_only = read_only
        """Read-only (``CaseStore.open_read_only``): ``load`` and ``reconcile`` bring the
        records in line with the case files in memory and write, move or delete nothing (no
        shard rewritten or set aside, no journal folded, no temporary or folder removed)."""
        self.unreadable_shards: list[Path] = []
        """Read-only: shards that could not be read; their cases were read from the case
        files instead."""
        self.records: dict[str, dict[str, Any]] = {}
        self._by_shard: list[dict[str, dict[str, Any]]] | None = None
        self._signatures: dict[str, tuple[Any, ...]] = {}
        """Case file signatures of the records as read from the shards, kept from ``load``
        to ``reconcile`` (a record replaced meanwhile is removed from it)."""
        """Records by shard, built when a shard is first rewritten (not at open: 10,000
        checksums of ids that opening and listing do not need)."""
        self._writer = os.urandom(6).hex()
        self._seq = 0
        self._journal_file: Any = None
        self._journal_path: str | None = None
        self._journal_ino: int | None = None
        self._journal_lines = 0
        self._unfolded: list[str] = []
        """This instance's closed journals whose fold failed: deleted once one succeeds."""
        self._dirty: set[int] = set()
        """Shards whose records in memory differ from the file (journalled, not compacted)."""
        self._read: dict[str, _Journal] = {}
        """Journals of other instances applied so far (name → position)."""
        self._lock = threading.RLock()
        self._compactor: threading.Thread | None = None
        # Shared folder only (see ``_fold_shard`` and ``sync``):
        self._pending: dict[str, int] = {}
        """Cases this instance changed and has not folded into their shard yet (id → stamp
        of the change, so that a fold forgets only the changes it wrote)."""
        self._tombs: set[str] = set()
        """Pending changes that are deletions (final: a deleted case's revision can never
        be published again, store/ledger.py)."""
        self._stamp = 0
        self._shard_sigs: dict[int, ShardSignature] = {}
        """Signature of each shard file as last read or written here: one that differs was
        rewritten by another instance, and ``sync`` reads it again."""
        self._fold_lock = FoldLock(index_dir) if shared else None
        self._foldable: set[str] = set()
        """Other instances' journals read at open to be folded and deleted (``load``)."""

    # -- reading -------------------------------------------------------------------------

    def shard_path(self, shard: int) -> Path:
        return self.index_dir / shard_name(shard)

    def _own_journal_name(self) -> str:
        return f"{self._writer}-{self._seq:04d}{JOURNAL_SUFFIX}"

    def _is_own(self, name: str) -> bool:
        return name.startswith(f"{self._writer}-")

    def load(self, *, repair: bool = False) -> set[int]:
        """Read every shard, then the journals; returns the shards to rewrite."""
        if not self.read_only:
            make_private_dir(self.index_dir)
        self._close_journal()  # a restore moved the old index away: start a new journal
        self._seq += 1
        self._journal_lines = 0
        self._dirty.clear()
        self._unfolded.clear()
        self._pending.clear()
        self._tombs.clear()
        self._shard_sigs.clear()
        self._clear()
        dirty = self._load_shards(repair=repair)
        if self.shared and dirty:  # repaired or misplaced: rewritten whole by the fold
            for shard, records in enumerate(self._shards()):
                if shard in dirty:
                    for case_id in records:
                        self._note(case_id)
        self._read.clear()
        foldable = self._foldable = set(self._foldable_journals())
        for entry in self._journal_entries():
            touched: set[str] = set()
            changed = self._apply_journals([entry], touched=touched)
            if entry.path in foldable:
                dirty |= changed  # folded into the shards at the end of reconcile
                for case_id in touched:
                    self._note(case_id)
        return dirty

    def _clear(self) -> None:
        self.records.clear()
        self._signatures.clear()
        self._by_shard = None

    def _shards(self) -> list[dict[str, dict[str, Any]]]:
        by_shard = self._by_shard
        if by_shard is None:
            by_shard = [{} for _ in range(SHARD_COUNT)]
            for case_id, record in self.records.items():
                by_shard[shard_of(case_id)][case_id] = record
            self._by_shard = by_shard
        return by_shard

    def _load_shards(self, *, repair: bool) -> set[int]:
        dirty: set[int] = set()
        records = self.records
        signatures = self._signatures
        listed = 0
        tables: list[tuple[int, dict[str, Any]]] = []
        for shard in range(SHARD_COUNT):
            path = self.shard_path(shard)
            try:
                with open(path, "rb") as fh:
                    raw_bytes = fh.read()
                    sig = _shard_signature(os.fstat(fh.fileno())) if self.shared else None
                raw = parse_json_bytes(raw_bytes, path)
                if not isinstance(raw, dict) or not isinstance(raw.get(TABLE, {}), dict):
                    raise StoreCorruptError(
                        f"Le fichier « {path} » n'a pas la structure attendue.", path=path)
                if sig is not None:
                    self._shard_sigs[shard] = sig
            except FileNotFoundError:
                continue
            except StoreCorruptError as exc:
                if self.read_only:  # its cases come from their files (reconcile)
                    logger.warning("Index shard %s unreadable; its cases read from their "
                                   "files (read-only: nothing repaired)", path)
                    self.unreadable_shards.append(path)
                    continue
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
                    f"L'index « {path} » ne peut pas être lu ({french_os_error(exc)}).",
                    path=path,
                ) from None
            table = raw.get(TABLE, {})
            if _take_whole(table, records, signatures):
                listed += len(table)
                tables.append((shard, table))
                continue
            for record in table.values():
                # Only what reconcile relies on is checked here (the id's form is not: a
                # regex per record cost 10 % of opening 10,000 cases; reconcile keeps only
                # records whose case file exists, and case files are only found under
                # valid ids). Odd field values are converted when a summary is read.
                try:
                    case_id = record["id"]
                    file = record["file"]
                    if type(case_id) is str and type(file) is dict \
                            and type(record["revision"]) is int:
                        records[case_id] = record
                        listed += 1
                        # Taken now, while the record is in the processor's cache: read
                        # again in reconcile it costs a cache miss per case (~10 ms).
                        if len(file) == 3:
                            signatures[case_id] = _RECORDED(file)
                        continue
                except (TypeError, KeyError):
                    pass
                logger.warning("Dropping malformed index record in %s", path)
                table = {k: r for k, r in table.items() if r is not record}
                dirty.add(shard)
            tables.append((shard, table))
        if listed != len(records):
            signatures.clear()
            dirty |= self._misplaced_shards(tables)
        return dirty

    def _misplaced_shards(self, tables: list[tuple[int, dict[str, Any]]]) -> set[int]:
        """Read the shards again checking every record's shard: a case listed twice (a
        hand-edited or very old index) keeps the record of its own shard, and the shards
        concerned are rewritten. Only run when the counts show a duplicate."""
        dirty: set[int] = set()
        elsewhere: dict[str, dict[str, Any]] = {}
        records = self.records
        records.clear()
        for shard, table in tables:
            for record in table.values():
                case_id = record["id"]  # checked by the first reading
                if shard_of(case_id) != shard:
                    elsewhere.setdefault(case_id, record)
                    dirty.add(shard)
                else:
                    records[case_id] = record
        for case_id, record in elsewhere.items():
            if case_id not in records:
                records[case_id] = record
                dirty.add(shard_of(case_id))
        logger.warning("Index shards list a case twice; %d shard(s) rewritten", len(dirty))
        return dirty

    def _journal_entries(self) -> list[os.DirEntry[str]]:
        entries = [e for e in _scandir(self.journal_dir)
                   if e.name.endswith(JOURNAL_SUFFIX) and not e.name.startswith(TEMP_PREFIX)]
        return sorted(entries, key=lambda e: e.name)

    def _apply_journals(self, entries: Iterable[os.DirEntry[str]], *,
                        touched: set[str] | None = None,
                        vanished: list[str] | None = None) -> set[int]:
        """Apply the new lines of other instances' journals; returns the shards changed.
        ``touched`` collects the case ids of the lines applied, ``vanished`` the journals
        that were listed but were gone when read (folded meanwhile)."""
        changed: set[int] = set()
        for entry in entries:
            if self._is_own(entry.name):
                continue
            try:
                st = entry.stat()
            except FileNotFoundError:
                if vanished is not None:
                    vanished.append(entry.name)
                continue
            except OSError:
                continue
            state = self._read.setdefault(entry.name, _Journal())
            if st.st_size == state.size and st.st_mtime_ns == state.mtime_ns:
                continue
            try:
                with open(entry.path, "rb") as fh:
                    fh.seek(state.offset)
                    data = fh.read()
            except FileNotFoundError:
                if vanished is not None:
                    vanished.append(entry.name)
                continue
            except OSError:
                logger.warning("Index journal %s unreadable; reconciled instead", entry.path)
                continue
            end = data.rfind(b"\n") + 1  # a torn or unfinished last line waits
            state.offset += end
            state.size, state.mtime_ns = st.st_size, st.st_mtime_ns
            for line in data[:end].splitlines():
                case_id = self._apply_line(line, entry.path)
                if case_id is not None:
                    changed.add(shard_of(case_id))
                    if touched is not None:
                        touched.add(case_id)
        return changed

    def _apply_line(self, line: bytes, origin: str) -> str | None:
        """Apply one journal line; returns the id of the case it changed."""
        try:
            item = parse_json_bytes(line, origin)
        except StoreCorruptError:
            logger.debug("Skipping a damaged line of %s", origin)
            return None
        if not isinstance(item, dict):
            return None
        if "put" in item:
            record = item["put"]
            if not _valid_record(record):
                return None
            current = self.records.get(record["id"])
            if current is not None and current.get("revision", 0) > record["revision"]:
                return None  # an older save, applied after a newer one
            self._set(record)
            return record["id"]
        case_id = item.get("del")
        revision = item.get("revision", 0)
        current = self.records.get(case_id) if isinstance(case_id, str) else None
        if current is not None and current.get("revision", 0) <= revision:
            self._drop(case_id)
            return case_id
        return None

    def _set_aside(self, path: Path) -> None:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        replace_with_retry(path, aside)
        logger.warning("Unreadable index shard %s set aside as %s", path, aside.name)

    def reconcile(self, cases_dir: Path, loader: RecordLoader, dirty: set[int], *,
                  remove_empty: bool = True) -> int:
        """Bring the records in line with the case files; returns how many were recomputed.
        Then rewrites the shards concerned (and those of leftover journals) and deletes the
        journals folded in."""
        records = self.records
        signatures, self._signatures = self._signatures, {}
        seen: set[str] = set()
        changed: list[tuple[str, str, dict[str, int]]] = []
        posix = os.name == "posix"
        keep = self.read_only  # read-only: nothing removed, nothing written
        for prefix in _scandir(cases_dir):
            if prefix.name.startswith(TEMP_PREFIX):
                if not keep:
                    _remove_orphan(prefix, shared=self.shared)
                continue
            if not prefix.is_dir(follow_symlinks=False):
                continue
            entries = _scandir(prefix.path)
            if not entries:
                if remove_empty and not keep:
                    _remove_empty_dir(prefix.path)  # left by a deletion or a failed first save
                continue
            name_prefix = prefix.name
            stats = _folder_stats(entries) if posix else None
            if stats is not None and signatures:
                unchanged = _unchanged(entries, stats, signatures, name_prefix)
                if unchanged is not None:
                    seen.update(unchanged)
                    continue
            # A folder where something changed (or not POSIX): file by file, one dict
            # lookup, one stat and one comparison for a file the index describes.
            for position, entry in enumerate(entries):
                name = entry.name
                if name[-5:] != ".json" or name[:1] == ".":
                    if name.startswith(TEMP_PREFIX) and not keep:
                        _remove_orphan(entry, shared=self.shared)
                    continue
                case_id = name[:-5]
                try:
                    st = stats[position] if stats is not None \
                        else entry.stat(follow_symlinks=False)
                    if st is None:
                        raise FileNotFoundError
                except OSError:  # removed meanwhile (another instance deleting it)
                    continue
                signature = {"mtime_ns": st.st_mtime_ns, "size": st.st_size,
                             "ino": st.st_ino if posix else 0}
                record = records.get(case_id)
                if record is not None and record["file"] == signature \
                        and case_id[:2] == name_prefix and st.st_mode & _S_IFMT == _S_IFREG:
                    seen.add(case_id)
                    continue
                if case_id[:2] != name_prefix or not is_valid_case_id(case_id) \
                        or st.st_mode & _S_IFMT != _S_IFREG:
                    logger.warning("Ignoring unexpected file %s", entry.path)
                    continue
                seen.add(case_id)
                changed.append((case_id, entry.path, signature))
        recomputed = 0
        for case_id, path, signature in changed:
            record = loader(case_id, path)
            record["file"] = signature
            self._set(record)
            self._note(case_id)
            dirty.add(shard_of(case_id))
            recomputed += 1
        if len(records) != len(seen):
            for case_id in [c for c in records if c not in seen]:
                self._drop(case_id)
                self._note(case_id, deleted=True)
                dirty.add(shard_of(case_id))
        if keep:
            if recomputed or dirty:
                logger.info("Index read: %d case(s) read from their files (read-only: "
                            "nothing written)", recomputed)
            return recomputed
        self._dirty |= dirty
        folded, self._foldable = sorted(self._foldable), set()
        if self._dirty:
            self._write_dirty_shards()
        if not self._dirty:  # a journal is deleted only once the shards hold it
            for path in folded:
                unlink_quietly(path)
                self._read.pop(os.path.basename(path), None)
        if recomputed or dirty:
            logger.info("Index reconciled: %d case(s) recomputed, %d shard(s) rewritten",
                        recomputed, len(dirty))
        return recomputed

    def _foldable_journals(self) -> list[str]:
        """Journals of other instances that the shards written now will hold: all of them in
        a folder that is ours alone; in a shared one, those idle for an hour; none when
        read-only (nothing is written)."""
        if self.read_only:
            return []
        now = time.time()
        out = []
        for entry in self._journal_entries():
            if self._is_own(entry.name):
                continue
            if self.shared:
                try:
                    if now - entry.stat().st_mtime < FOREIGN_JOURNAL_AGE:
                        continue
                except OSError:
                    continue
            out.append(entry.path)
        return out

    # -- queries -------------------------------------------------------------------------

    def summaries(self) -> list[CaseSummary]:
        """Every case's summary, most recently updated first (then by id, descending).

        Sorted on the records' text, and the summaries decode their fields only when read:
        10,000 of them cost a few milliseconds. When every ``updated_at`` is a UTC time as
        the store writes it, a sort keyed in C by time does it (preceded by one by id, the
        sort being stable, when two times are equal);
        otherwise (an unreadable case has none) ``recency_key`` orders them."""
        records = list(self.records.values())
        try:
            times = list(map(_UPDATED_AT, records))
            if set(map(_OFFSET, times)) <= {"+00:00"}:
                if len(set(times)) != len(times):  # equal times: by id among them
                    records.sort(key=_ID, reverse=True)
                records.sort(key=_UPDATED_AT, reverse=True)
            else:
                raise TypeError
        except (TypeError, KeyError):
            records.sort(key=_recency_and_id, reverse=True)
        return list(map(CaseSummary.from_record, records))

    def shard_payloads(self) -> dict[int, dict[str, Any]]:
        """TinyDB content of every shard, from memory (used by backups)."""
        with self._lock:
            by_shard = self._shards()
            return {shard: self._payload(by_shard[shard].values())
                    for shard in range(SHARD_COUNT)}

    @staticmethod
    def _payload(records: Iterable[dict[str, Any]]) -> dict[str, Any]:
        ordered = sorted(records, key=lambda r: r["id"])
        return {TABLE: {str(i): r for i, r in enumerate(ordered, start=1)}}

    # -- writing -------------------------------------------------------------------------

    def _set(self, record: dict[str, Any]) -> None:
        case_id = record["id"]
        self.records[case_id] = record
        if self._signatures:
            self._signatures.pop(case_id, None)
        if self._by_shard is not None:
            self._by_shard[shard_of(case_id)][case_id] = record

    def _drop(self, case_id: str) -> None:
        self.records.pop(case_id, None)
        if self._signatures:
            self._signatures.pop(case_id, None)
        if self._by_shard is not None:
            self._by_shard[shard_of(case_id)].pop(case_id, None)

    def _note(self, case_id: str, *, deleted: bool = False) -> None:
        """Shared folder: remember a change of this instance until a fold writes it."""
        if not self.shared:
            return
        self._stamp += 1
        self._pending[case_id] = self._stamp
        if deleted:
            self._tombs.add(case_id)
        else:
            self._tombs.discard(case_id)

    def rewrite_shard(self, shard: int) -> None:
        """Replace a shard with the records in memory, in one atomic write (fsynced before
        its rename, so whole after a power cut; the folder is not fsynced: an old shard is
        repaired by reconcile). A folder used alone only: in a shared one a shard is folded
        (``_fold_shard``), never written from memory."""
        with self._lock:
            payload = dumps_json(self._payload(list(self._shards()[shard].values())))
        atomic_write_bytes(self.shard_path(shard), payload, durable=self.durable,
                           sync_dir=False)

    def write_shards(self, shards: Iterable[int]) -> None:
        """Write these shards now (after ``set_record``)."""
        with self._lock:
            self._dirty.update(shards)
        self._write_dirty_shards()

    def _write_dirty_shards(self) -> None:
        with self._lock:
            dirty, self._dirty = sorted(self._dirty), set()
        if not dirty:
            return
        if self._fold_lock is not None:
            failed = self._fold_shards(dirty)
        else:
            failed = set()
            for shard in dirty:
                try:
                    self.rewrite_shard(shard)
                except StoreError:
                    logger.warning("Index shard %d not rewritten; repaired at next open",
                                   shard, exc_info=True)
                    failed.add(shard)
        with self._lock:
            self._dirty |= failed

    # -- folding in a shared folder --------------------------------------------------------

    def _fold_shards(self, shards: list[int]) -> set[int]:
        """Shared folder: fold this instance's pending changes into ``shards`` under the
        fold lock; returns the shards not written (kept dirty, their journal kept)."""
        assert self._fold_lock is not None
        if not self._fold_lock.acquire(FOLD_WAIT):
            logger.warning("Index shards not folded: another instance is folding; kept in "
                           "the journal until the next compaction")
            return set(shards)
        failed: set[int] = set()
        try:
            with self._lock:
                by_shard: dict[int, dict[str, int]] = {shard: {} for shard in shards}
                for case_id, stamp in self._pending.items():
                    mine = by_shard.get(shard_of(case_id))
                    if mine is not None:
                        mine[case_id] = stamp
            for shard in shards:
                try:
                    self._fold_shard(shard, by_shard[shard])
                except (StoreError, OSError):
                    logger.warning("Index shard %d not folded; kept in the journal", shard,
                                   exc_info=True)
                    failed.add(shard)
                self._fold_lock.touch()
        finally:
            self._fold_lock.release()
        return failed

    def _fold_shard(self, shard: int, taken: dict[str, int]) -> None:
        """Read the shard as it is now, lay this instance's pending changes of it over it
        (a record replaces another only if its revision is not lower; a deletion is final)
        and replace it. The fold lock is held: no other instance writes a shard meanwhile,
        so nothing another instance folded is dropped. Records this instance only read in
        another instance's journal are left to that instance's fold."""
        path = self.shard_path(shard)
        table, before = _read_shard_table(path)
        with self._lock:
            for case_id in taken:
                mine = self.records.get(case_id)
                theirs = table.get(case_id)
                if mine is None:
                    if case_id in self._tombs:
                        table.pop(case_id, None)
                elif theirs is None or mine["revision"] >= theirs.get("revision", 0):
                    table[case_id] = mine
            payload = dumps_json(self._payload(table.values()))
        atomic_write_bytes(path, payload, durable=self.durable, sync_dir=False)
        after = _shard_signature(os.stat(path))  # no other fold runs: this is our file
        with self._lock:
            for case_id, stamp in taken.items():
                if self._pending.get(case_id) == stamp:  # not changed again meanwhile
                    del self._pending[case_id]
                    self._tombs.discard(case_id)
            if self._shard_sigs.get(shard) == before:
                self._shard_sigs[shard] = after
            # else another instance had rewritten it since we read it: sync() reads it

    def put(self, record: dict[str, Any]) -> None:
        """Record a case's summary in memory and in the journal. Its journal line is also
        the check that the summarizer's ``extra`` is JSON: if not, it is dropped (logged)."""
        try:
            line = dumps_json({"put": record}) + b"\n"
        except (TypeError, ValueError):
            logger.exception("Summary of case %s is not JSON; its extra columns are dropped",
                             record.get("id"))
            record = dict(record, extra={})
            line = dumps_json({"put": record}) + b"\n"
        with self._lock:
            self._set(record)
            self._note(record["id"])
            self._dirty.add(shard_of(record["id"]))
            self._journal_line(line)

    def set_record(self, record: dict[str, Any]) -> int:
        """Replace a case's record in memory only; returns its shard, for ``write_shards``."""
        with self._lock:
            self._set(record)
            self._note(record["id"])
            return shard_of(record["id"])

    def update_signature(self, case_id: str, revision: int, signature: dict[str, int]) -> None:
        """The file of a case's ``revision`` is now in place with this signature (the case
        log renamed it after the save): recorded in memory and in the shard at the next
        compaction, if the record is still that revision's."""
        with self._lock:
            record = self.records.get(case_id)
            if record is None or record.get("revision") != revision or record.get("problem"):
                return
            updated = dict(record)
            updated["file"] = signature
            self._set(updated)
            self._note(case_id)
            self._dirty.add(shard_of(case_id))

    def remove(self, case_id: str, revision: int = 0) -> None:
        with self._lock:
            self._drop(case_id)
            self._note(case_id, deleted=True)
            self._dirty.add(shard_of(case_id))
            self._journal_line(dumps_json({"del": case_id, "revision": revision}) + b"\n")

    def _journal_line(self, line: bytes) -> None:
        """Append one line to this instance's journal (no fsync: the index is a cache). A
        failure is only logged: the next open reconciles."""
        try:
            fh = self._journal_handle()
            fh.write(line)
        except OSError:
            logger.warning("Index journal not written; repaired at next open", exc_info=True)
            self._close_journal()
            return
        self._journal_lines += 1
        if self._journal_lines >= COMPACT_AFTER:
            self.compact_in_background()

    def _journal_handle(self) -> Any:
        fh = self._journal_file
        if fh is not None and self.shared:
            # Another instance may have folded and deleted a journal it took for a leftover.
            try:
                if os.stat(self._journal_path or "").st_ino != self._journal_ino:
                    raise FileNotFoundError
            except FileNotFoundError:
                self._close_journal()
                fh = None
        if fh is None:
            make_private_dir(self.journal_dir)
            path = self.journal_dir / self._own_journal_name()
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT
                         | getattr(os, "O_BINARY", 0), 0o600)
            fh = self._journal_file = os.fdopen(fd, "ab", buffering=0)
            self._journal_path = str(path)
            self._journal_ino = os.fstat(fd).st_ino
        return fh

    def _close_journal(self) -> str | None:
        fh, self._journal_file = self._journal_file, None
        if fh is None:
            return None
        try:
            fh.close()
        except OSError:
            pass
        return self._journal_path

    # -- compaction ----------------------------------------------------------------------

    def compact_in_background(self) -> None:
        """Rewrite the dirty shards and drop the journal, in a daemon thread (at most one)."""
        if self._compactor is not None and self._compactor.is_alive():
            return
        self._compactor = threading.Thread(target=self.compact, name="index-compaction",
                                           daemon=True)
        self._compactor.start()

    def compact(self) -> None:
        """Fold this instance's journal into the shards: start a new journal, rewrite the
        dirty shards from memory (one at a time, so saves go on meanwhile), then delete the
        old journal. Killed half-way, the old journal is still there and is applied again at
        the next open (idempotent)."""
        with self._lock:
            old = self._close_journal()
            if old is not None:
                self._unfolded.append(old)
            self._seq += 1
            self._journal_lines = 0
        self._write_dirty_shards()
        with self._lock:
            if self._dirty:
                return
            folded, self._unfolded = self._unfolded, []
        for path in folded:
            unlink_quietly(path)

    def close(self) -> None:
        """Compact synchronously (at exit): no journal is left behind by a clean close."""
        compactor = self._compactor
        if compactor is not None:
            compactor.join()
        with self._lock:
            if self._dirty or self._journal_file is not None:
                self.compact()
            self._close_journal()
            if not self.shared:
                _remove_empty_dir(str(self.journal_dir))  # an index like any older version's

    # -- other instances -----------------------------------------------------------------

    def change_token(self) -> tuple[tuple[str, int, int], ...]:
        """Cheap to compute (one listing of ``index/journal/``): it changes whenever any
        instance saves or deletes a case or compacts the index."""
        out = []
        for entry in _scandir(self.journal_dir):
            try:
                st = entry.stat()
            except OSError:
                continue
            out.append((entry.name, st.st_size, st.st_mtime_ns))
        return tuple(sorted(out))

    def sync(self) -> set[str]:
        """Apply what other instances saved since the last call; returns the case ids whose
        summaries changed.

        The contract (docs/store.md, « Learning that another instance saved »): once it
        returns, the records hold every save and deletion another instance had completed
        when it was called. Such a save is in its instance's journal, or, once that
        instance folded it, in a shard (a fold writes the shards before it deletes the
        journal, and never drops what another fold wrote). So: shards rewritten by another
        instance since they were read here are read again (one ``stat`` per shard), then
        the new journal lines are applied; a journal listed but gone when read (folded
        meanwhile) makes it start again."""
        with self._lock:
            before = {cid: (r.get("revision"), r.get("file")) for cid, r in self.records.items()}
            for _attempt in range(SYNC_ATTEMPTS):
                entries = self._journal_entries()
                names = {e.name for e in entries}
                for name in [n for n in self._read if n not in names]:
                    del self._read[name]  # folded by its owner: now in the shards
                vanished: list[str] = []
                stale = self._stale_shards() if self.shared else []
                if stale:
                    self._reload_shards(stale, entries, vanished)
                else:
                    self._apply_journals(entries, vanished=vanished)
                if not vanished:
                    break
            after = {cid: (r.get("revision"), r.get("file")) for cid, r in self.records.items()}
        return {cid for cid in before.keys() | after.keys() if before.get(cid) != after.get(cid)}

    def _stale_shards(self) -> list[int]:
        """Shards whose file is not the one last read or written here."""
        stale = []
        sigs = self._shard_sigs
        for shard in range(SHARD_COUNT):
            try:
                sig: ShardSignature | None = _shard_signature(os.stat(self.shard_path(shard)))
            except FileNotFoundError:
                sig = None
            except OSError:
                continue
            if sig != sigs.get(shard):
                stale.append(shard)
        return stale

    def _reload_shards(self, shards: list[int], entries: list[os.DirEntry[str]],
                       vanished: list[str]) -> None:
        """Replace the records of ``shards`` with their files, then apply every journal
        again from its start (lines not folded yet) and this instance's pending changes."""
        by_shard = self._shards()
        own = {case_id: self.records.get(case_id) for case_id in self._pending}
        for shard in shards:
            try:
                table, sig = _read_shard_table(self.shard_path(shard))
            except (StoreError, OSError):
                logger.warning("Index shard %d unreadable; kept as it was", shard,
                               exc_info=True)
                continue
            for case_id in list(by_shard[shard]):
                self._drop(case_id)
            for record in table.values():
                self._set(record)
            if sig is None:
                self._shard_sigs.pop(shard, None)
            else:
                self._shard_sigs[shard] = sig
        for state in self._read.values():
            state.offset, state.size, state.mtime_ns = 0, -1, -1
        self._apply_journals(entries, vanished=vanished)
        for case_id, record in own.items():  # not folded yet: this instance's own word
            current = self.records.get(case_id)
            if record is None:
                if case_id in self._tombs:
                    self._drop(case_id)
            elif current is None or current.get("revision", 0) <= record["revision"]:
                self._set(record)


def _shard_signature(st: os.stat_result) -> ShardSignature:
    return st.st_ino, st.st_mtime_ns, st.st_size


def _read_shard_table(path: Path) -> tuple[dict[str, dict[str, Any]], ShardSignature | None]:
    """A shard's valid records of that shard by case id, and the file's signature (None:
    no file). Raises ``StoreCorruptError`` or ``OSError``."""
    try:
        with open(path, "rb") as fh:
            raw_bytes = fh.read()
            sig = _shard_signature(os.fstat(fh.fileno()))
    except FileNotFoundError:
        return {}, None
    raw = parse_json_bytes(raw_bytes, path)
    table = raw.get(TABLE) if isinstance(raw, dict) else None
    if not isinstance(table, dict):
        raise StoreCorruptError(f"Le fichier « {path} » n'a pas la structure attendue.",
                                path=path)
    shard = int(path.stem)
    records = {r["id"]: r for r in table.values()
               if _valid_record(r) and shard_of(r["id"]) == shard}
    return records, sig


_ID = operator.itemgetter("id")
_UPDATED_AT = operator.itemgetter("updated_at")
_OFFSET = operator.itemgetter(slice(-6, None))


def _recency_and_id(record: dict[str, Any]) -> tuple[str, str]:
    return recency_key(record), record["id"]


_FILE = operator.itemgetter("file")
_REVISION = operator.itemgetter("revision")


def _take_whole(table: dict[str, Any], records: dict[str, dict[str, Any]],
                signatures: dict[str, tuple[Any, ...]]) -> bool:
    """Add a shard's records and their files' signatures when every record has what
    reconcile relies on (a ``str`` id, a ``dict`` file signature, an ``int`` revision),
    checked in C (``map`` over ``operator`` getters); False, nothing added, otherwise (then
    record by record). The signatures are taken now, while the records just parsed are in
    the processor's cache: read in reconcile, 10,000 records scattered in memory cost a
    cache miss each (~10 ms)."""
    values = list(table.values())
    try:
        ids = list(map(_ID, values))
        files = list(map(_FILE, values))
        if set(map(type, ids)) - {str} or set(map(type, files)) - {dict} \
                or set(map(type, map(_REVISION, values))) - {int}:
            return False
    except (TypeError, KeyError):
        return False
    records.update(zip(ids, values))
    try:
        signatures.update(zip(ids, map(_RECORDED, files)))
    except KeyError:  # a signature still to be recorded (case log): that case only
        for case_id, file in zip(ids, files):
            if len(file) == 3:
                signatures[case_id] = _RECORDED(file)
    return True


_NAME = operator.attrgetter("name")
_STEM = operator.itemgetter(slice(None, -5))
_PREFIX = operator.itemgetter(slice(None, 2))
_LSTAT = operator.methodcaller("stat", follow_symlinks=False)
_RECORDED = operator.itemgetter("mtime_ns", "size", "ino")
_FOUND = operator.attrgetter("st_mtime_ns", "st_size", "st_ino")
_MODE = operator.attrgetter("st_mode")
_JSON = operator.methodcaller("endswith", ".json")


def _folder_stats(entries: list[os.DirEntry[str]]) -> list[os.stat_result | None]:
    """``lstat`` of every entry (None for one removed meanwhile)."""
    try:
        return list(map(_LSTAT, entries))
    except OSError:
        out: list[os.stat_result | None] = []
        for entry in entries:
            try:
                out.append(entry.stat(follow_symlinks=False))
            except OSError:
                out.append(None)
        return out


def _unchanged(entries: list[os.DirEntry[str]], stats: list[os.stat_result | None],
               signatures: dict[str, tuple[Any, ...]], name_prefix: str) -> list[str] | None:
    """The case ids of a ``cases/xx/`` folder when every entry is a regular ``.json`` file
    of that prefix whose signature is the one its record holds (``signatures``, taken at
    ``load``); None as soon as one is not (then it is looked at file by file). The whole
    comparison runs in C (``map`` over ``operator`` getters), on signatures taken while
    the records were read: a loop in the interpreter over 10,000 records scattered in
    memory cost ~20 ms at every open."""
    if None in stats:
        return None
    names = list(map(_NAME, entries))
    if not all(map(_JSON, names)):
        return None
    ids = list(map(_STEM, names))
    recorded = list(map(signatures.get, ids))
    if recorded != list(map(_FOUND, stats)) \
            or not all(map(stat.S_ISREG, map(_MODE, stats))) \
            or set(map(_PREFIX, ids)) != {name_prefix}:
        return None
    return ids


def _scandir(folder: Path | str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as it:
            return list(it)
    except (FileNotFoundError, NotADirectoryError):
        return []


def _remove_empty_dir(path: str) -> None:
    try:
        os.rmdir(path)
    except OSError:
        pass  # filled meanwhile: kept


ORPHAN_AGE_SHARED = 3600.0
"""In a shared folder a temporary younger than this may be another instance's write in
progress: only older ones are removed."""


def _remove_orphan(entry: os.DirEntry[str], *, shared: bool = False) -> None:
    try:
        if shared and time.time() - entry.stat(follow_symlinks=False).st_mtime \
                < ORPHAN_AGE_SHARED:
            return
        if entry.is_dir(follow_symlinks=False):
            import shutil

            shutil.rmtree(entry.path)
        else:
            os.unlink(entry.path)
        logger.info("Removed orphan temporary %s", entry.path)
    except OSError:
        logger.warning("Could not remove orphan temporary %s", entry.path, exc_info=True)

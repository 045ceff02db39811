"""CaseStore: the durable case store the application codes against (docs/store.md).

One ``CaseStore`` per data folder and process, held open for the whole session (it holds the
lock). Its methods are serialised by an internal lock, so a worker thread may call them, but
the store is not meant for concurrent use by several threads.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from dispute.oserrors import french_os_error
from dispute.vocabulary import new_id
from store import documents, ledger, migrations
from store.atomic import (
    TEMP_PREFIX,
    atomic_write_bytes,
    dumps_json,
    fsync_dir,
    parse_json_bytes,
    read_json_file,
    make_private_dir,
    open_temporary,
    remove_orphan_temporaries,
    replace_with_retry,
    write_error,
)
from store.errors import (
    CaseCorruptError,
    CaseNotFoundError,
    ConcurrentChangeError,
    ExhibitError,
    StoreCorruptError,
    StoreError,
    StoreLockedError,
)
from store.index import ORPHAN_AGE_SHARED, CaseIndex
from store.layout import (
    BACKUPS_DIR,
    CASE_DOC_ID,
    CASE_TABLE,
    CASES_DIR,
    EXHIBITS_DIR,
    INDEX_DIR,
    META_TABLE,
    RESTORE_JOURNAL,
    SKELETON,
    STORE_FILE,
    TRASH_DIR,
    case_path,
    check_case_id,
    exhibit_dir,
    file_signature,
    is_valid_case_id,
)
from store.lock import INFO_NAME, LOCK_NAME, StoreLock
from store.summary import CaseSummary, Summarizer, problem_record, summary_record

if TYPE_CHECKING:  # the case model and its codec load on first use, not at start-up
    from tinydb import TinyDB

    from dispute.model import Case, Exhibit, ExhibitKind
    from store.exhibits import ExhibitProblem
    from store.caselocks import CaseLockInfo, CaseLocks
    from store.caselog import CaseLog
    from store.backup import BackupInfo

logger = logging.getLogger(__name__)


class _LazyBackups:
    """store.backup (zipfile and friends) loads on first use, not at start-up."""

    def __getattr__(self, name: str) -> Any:
        from store import backup

        return getattr(backup, name)


backups = _LazyBackups()

KEEP_BACKUPS = 10
_EXHIBIT_SWEEP_DONE = "exhibit_temporaries_swept"


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _stamp(now: datetime | None = None) -> str:
    return (now or _now()).strftime("%Y%m%dT%H%M%S%fZ")


def _has_files(folder: Path) -> bool:
    for _root, _dirs, files in os.walk(folder):
        if any(not f.startswith(TEMP_PREFIX) for f in files):
            return True
    return False


class CaseStore:
    """Cases, exhibits and backups in one data folder. Create with ``CaseStore.open``."""

    keep_backups = KEEP_BACKUPS

    def __init__(
        self, data_dir: Path, lock: StoreLock, summarizer: Summarizer | None, durable: bool,
        *, shared: bool = False, lock_stale_after: float | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.durable = durable
        self.shared = shared
        """Shared mode (docs/store.md): several instances, possibly on several machines, use
        this data folder at once."""
        self._lock = lock
        self._summarizer = summarizer
        self._mutex = threading.RLock()
        self._index = CaseIndex(data_dir / INDEX_DIR, durable=durable, shared=shared)
        self._closed = False
        self.meta: dict[str, Any] = {}
        self.instance = os.urandom(6).hex()
        self._case_locks: CaseLocks | None = None
        self._caselog: CaseLog | None = None
        """The write-ahead log of saves (store/caselog.py): folders used alone, durable
        writes, POSIX. None otherwise: each save then flushes its own file and folder."""
        self._refresher: threading.Thread | None = None
        self._stop_refresh = threading.Event()
        self._refresh_every = 0.0
        if shared:  # edit locks exist in shared mode only (loaded then)
            from store.caselocks import REFRESH_SECONDS, STALE_SECONDS, CaseLocks

            stale_after = lock_stale_after or STALE_SECONDS
            self._case_locks = CaseLocks(data_dir, self.instance, stale_after=stale_after,
                                         durable=durable)
            self._refresh_every = min(REFRESH_SECONDS, stale_after / 4)

    # -- opening and closing --------------------------------------------------------------

    @classmethod
    def open(
        cls,
        data_dir: Path | str,
        *,
        summarizer: Summarizer | None = None,
        durable: bool = True,
        repair_index: bool = False,
        shared: bool | None = None,
        lock_stale_after: float | None = None,
    ) -> CaseStore:
        """Lock ``data_dir`` and open the store in it.

        A new store is created only if the folder is absent or empty. An unreadable
        store.json or index file raises ``StoreCorruptError`` and nothing is replaced;
        ``repair_index=True`` sets unreadable index files aside and rebuilds them from the
        case files (the case files are the truth; the index is a cache).

        ``shared``: None follows the folder (store.json records whether it is shared);
        True opens it in shared mode and records that it is shared from now on; False
        opens it alone (refused while shared instances use it) and records that it is not.
        ``lock_stale_after``: seconds after which an edit lock not refreshed is stale
        (``store.caselocks.STALE_SECONDS`` by default).
        """
        data_dir = Path(data_dir).expanduser().absolute()
        try:
            make_private_dir(data_dir)
        except OSError as exc:
            raise write_error(exc, data_dir) from exc
        mode = _folder_is_shared(data_dir) if shared is None else shared
        lock = StoreLock(data_dir, durable=durable, shared=mode)
        lock.acquire()
        store = cls(data_dir, lock, summarizer, durable, shared=mode,
                    lock_stale_after=lock_stale_after)
        try:
            with _collector_paused(lambda: len(store._index.records) >= FREEZE_AFTER):
                store._load(repair_index=repair_index)
            if bool(store.meta.get("shared")) != mode:
                store._update_meta({"shared": mode})
            if mode:
                store._start_refresher()
        except OSError as exc:
            lock.release()
            raise StoreError(
                f"Le dossier de données « {data_dir} » n'est pas accessible "
                f"({french_os_error(exc)}) : vérifiez le disque et les droits d'accès. "
                "Rien n'a été modifié.",
                path=getattr(exc, "filename", None) or data_dir,
            ) from exc
        except BaseException:
            lock.release()
            raise
        logger.info("Store %s opened (%d cases)", data_dir, len(store._index.records))
        return store

    @classmethod
    def open_read_only(cls, data_dir: Path | str, *,
                       summarizer: Summarizer | None = None) -> CaseStore:
        """Read ``data_dir`` without taking its lock and without writing anything, even while
        the application has it open (store/readonly.py, docs/store.md « Reading without the
        lock »): ``list_cases``, ``load_case``, ``verify_exhibits``, ``read_settings``…
        answer; every method that writes raises ``StoreReadOnlyError``."""
        from store.readonly import ReadOnlyCaseStore

        return ReadOnlyCaseStore.open_folder(data_dir, summarizer=summarizer)

    def _load(self, *, repair_index: bool = False) -> None:
        if (self.data_dir / RESTORE_JOURNAL).exists():
            backups.complete_restore(self.data_dir, durable=self.durable)
        min_age = ORPHAN_AGE_SHARED if self.shared else 0.0
        for folder in (self.data_dir, *(self.data_dir / name for name in SKELETON),
                       self.data_dir / documents.DRAFTS_DIR):
            remove_orphan_temporaries(folder, min_age=min_age)
        meta_path = self.data_dir / STORE_FILE
        if not meta_path.exists():
            if not self._is_empty():
                raise StoreCorruptError(
                    f"Le dossier « {self.data_dir} » n'est pas vide mais ne contient pas de "
                    f"fichier {STORE_FILE} : ce n'est pas un dossier de données de Recours "
                    "Télécom, ou ce fichier a été supprimé. Rien n'a été modifié. Choisissez "
                    "un dossier vide ou restaurez une sauvegarde.",
                    path=meta_path,
                )
            self._create()
        self.meta = self._read_meta()
        version = migrations.check_store_version(self.meta.get("schema_version"), meta_path)
        if version < migrations.STORE_SCHEMA_VERSION:
            migrations.migrate_store(self.data_dir, version, self._record_store_version)
        for name in SKELETON:
            if name == CASES_DIR and not (self.data_dir / name).is_dir():
                continue  # checked below, after the index is read
            make_private_dir(self.data_dir / name)
        self._open_caselog()
        dirty = self._index.load(repair=repair_index)
        if not (self.data_dir / CASES_DIR).is_dir():
            if self._index.records:
                raise StoreCorruptError(
                    f"Le dossier « {self.data_dir / CASES_DIR} » est manquant alors que l'index "
                    f"recense {len(self._index.records)} dossier(s). Rien n'a été modifié. "
                    "Vérifiez le disque ou restaurez une sauvegarde.",
                    path=self.data_dir / CASES_DIR,
                )
            make_private_dir(self.data_dir / CASES_DIR)
        self._index.reconcile(self.data_dir / CASES_DIR, self._record_for_file, dirty,
                              remove_empty=not self.shared)
        self._complete_ledger()
        if not self.meta.get(_EXHIBIT_SWEEP_DONE):
            self._sweep_exhibit_folders()

    def _open_caselog(self) -> None:
        """Recover what the case log holds (a session killed or cut off by a power loss),
        then keep the log for this session's saves where it is used."""
        from store import caselog

        if self._caselog is not None:  # a restore reloads the store
            self._caselog.close()
            self._caselog = None
        folder = self.data_dir / caselog.LOG_DIR
        log = caselog.CaseLog(folder, on_applied=self._applied)
        if folder.is_dir():
            log.recover(self._redo)
        if self.durable and not self.shared and caselog.supported():
            self._caselog = log
        else:
            log.close()

    def _redo(self, case_id: str, revision: int, payload: bytes) -> str | None:
        """At open, a case's latest version in the case log: written again if the file does
        not hold it (or a newer one), fsynced if it does. Returns the folder to fsync."""
        if not is_valid_case_id(case_id):
            logger.warning("Case log: record of an invalid id %r ignored", case_id)
            return None
        path = case_path(self.data_dir, case_id)
        try:
            stored = self._file_revision(case_id, path)
        except StoreError:
            stored = None  # torn by a power cut: the logged version replaces it
        if stored is not None and stored >= revision:
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            return str(path.parent)
        self._ensure_dir(path.parent)
        atomic_write_bytes(path, payload, durable=True)
        logger.info("Case %s: revision %d put back from the case log", case_id, revision)
        return None

    def _applied(self, case_id: str, revision: int, path: Path) -> None:
        """The case log renamed a logged version into place (background thread): the
        index records the file's signature, so that the next open does not read it."""
        self._index.update_signature(case_id, revision, file_signature(os.stat(path)))

    def _sweep_exhibit_folders(self) -> None:
        """Once per data folder: remove the temporaries that exhibit copies interrupted by
        older versions left inside ``exhibits/<case id>/`` (new copies keep theirs in
        ``exhibits/`` itself, swept at every open), then record it in store.json."""
        removed = 0
        for entry in os.scandir(self.data_dir / EXHIBITS_DIR):
            if entry.is_dir(follow_symlinks=False) and not entry.name.startswith(TEMP_PREFIX):
                removed += remove_orphan_temporaries(
                    Path(entry.path), min_age=ORPHAN_AGE_SHARED if self.shared else 0.0)
        self._update_meta({_EXHIBIT_SWEEP_DONE: True})
        logger.info("Exhibit folders swept once: %d orphan temporaries removed", removed)

    def _is_empty(self) -> bool:
        for entry in os.scandir(self.data_dir):
            name = entry.name
            if name in (LOCK_NAME, INFO_NAME) or name.startswith(TEMP_PREFIX):
                continue
            if name in SKELETON and entry.is_dir(follow_symlinks=False):
                if not _has_files(Path(entry.path)):
                    continue
            return False
        return True

    def _meta_db(self) -> TinyDB:
        from tinydb import TinyDB

        from store.tinystorage import AtomicJSONStorage

        return TinyDB(self.data_dir / STORE_FILE, storage=AtomicJSONStorage,
                      durable=self.durable, indent=1)

    def _create(self) -> None:
        for name in SKELETON:
            make_private_dir(self.data_dir / name)
        meta = {
            "schema_version": migrations.STORE_SCHEMA_VERSION,
            "case_schema_version": migrations.CURRENT_CASE_VERSION,
            "created": _now().isoformat(),
            "application": "Recours Télécom",
            _EXHIBIT_SWEEP_DONE: True,
        }
        from tinydb.table import Document

        self._meta_db().table(META_TABLE).insert(Document(meta, doc_id=1))
        logger.info("New store created in %s", self.data_dir)

    def _read_meta(self) -> dict[str, Any]:
        path = self.data_dir / STORE_FILE
        try:
            # Read as TinyDB lays it out (table → document id → document) without loading
            # TinyDB, which only writing it needs.
            data = read_json_file(path)
            if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
                raise StoreCorruptError(
                    f"Le fichier « {path} » n'a pas la structure attendue.", path=path)
            meta = data.get(META_TABLE, {}).get(str(1))
        except StoreCorruptError as exc:
            raise StoreCorruptError(
                f"{exc.message} Ce fichier décrit le dossier de données ; il n'a pas été "
                "remplacé. Restaurez une sauvegarde (dossier « backups ») ou contactez le "
                "support.",
                path=path,
            ) from None
        except OSError as exc:
            raise StoreCorruptError(
                f"Le fichier « {path} » ne peut pas être lu ({french_os_error(exc)}).", path=path
            ) from None
        if not isinstance(meta, Mapping):
            raise StoreCorruptError(
                f"Le fichier « {path} » ne contient pas la description du dossier de données ; "
                "il n'a pas été remplacé.",
                path=path,
            )
        return dict(meta)

    def _record_store_version(self, version: int) -> None:
        self._update_meta({"schema_version": version})

    def _update_meta(self, values: dict[str, Any]) -> None:
        def update(doc: dict[str, Any]) -> None:
            doc.update(values)

        self._meta_db().table(META_TABLE).update(update, doc_ids=[1])
        self.meta.update(values)

    def close(self) -> None:
        with self._mutex:
            if not self._closed:
                self._closed = True
                self._stop_refresh.set()
                if self._case_locks is not None:
                    self._case_locks.release_all()
                if self._caselog is not None:
                    self._caselog.close()  # every logged case file made durable
                try:
                    self._index.close()  # folds this session's journal into the shards
                except Exception:  # noqa: BLE001 - the next open reconciles
                    logger.warning("Index not compacted at close", exc_info=True)
                self._lock.release()
                logger.info("Store %s closed", self.data_dir)

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError("Le stockage est fermé.", path=self.data_dir)

    # -- changes made by other instances ----------------------------------------------------

    def change_token(self) -> object:
        """A value that changes whenever a case is saved or deleted in this data folder, by
        this instance or another one (shared folder): one listing of ``index/journal/``,
        cheap enough to poll every few seconds. Compare it with the previous one; when it
        differs, call ``sync()``."""
        self._check_open()
        return self._index.change_token()

    def sync(self) -> set[str]:
        """Take in what other instances saved or deleted since the last call (their index
        journals); returns the ids of the cases whose summaries changed (empty when nothing
        did, always in a folder used by one instance). ``list_cases`` then shows them."""
        with self._mutex:
            self._check_open()
            return self._index.sync()

    # -- cases ------------------------------------------------------------------------------

    def list_cases(self) -> list[CaseSummary]:
        """Summaries of every case, most recently updated first (unreadable ones included,
        with ``problem`` set)."""
        with self._mutex:
            self._check_open()
            return self._index.summaries()

    def case_summary(self, case_id: str) -> CaseSummary | None:
        """One case's summary, as ``list_cases`` gives it (None: not in the list). The
        window updates the row of a case it saved with it, without listing every case."""
        with self._mutex:
            self._check_open()
            record = self._index.records.get(case_id)
            return CaseSummary.from_record(record) if record is not None else None

    def _case_db(self, path: Path) -> TinyDB:
        from tinydb import TinyDB

        from store.tinystorage import AtomicJSONStorage

        # Compact JSON: json's C encoder is only used without indent (3x faster).
        return TinyDB(path, storage=AtomicJSONStorage, durable=self.durable)

    def _read_raw(self, case_id: str, path: Path) -> dict[str, Any]:
        """The stored case dict, as written (no migration): the case log's version when one
        is not renamed into place yet, else the file's. Raises CaseNotFoundError or
        CaseCorruptError."""
        if self._caselog is not None:
            entry = self._caselog.unapplied(case_id)
            if entry is not None:
                return parse_json_bytes(entry.payload, path)[CASE_TABLE][str(CASE_DOC_ID)]
        try:
            doc = self._case_db(path).table(CASE_TABLE).get(doc_id=CASE_DOC_ID)
        except StoreCorruptError as exc:
            raise self._corrupt(case_id, path, exc.message) from None
        except FileNotFoundError:
            raise CaseNotFoundError(
                f"Le dossier « {case_id} » n'existe pas dans le stockage.", path=path
            ) from None
        except OSError as exc:
            raise self._corrupt(case_id, path, f"lecture impossible ({french_os_error(exc)})")
        if doc is None and not path.exists():
            raise CaseNotFoundError(
                f"Le dossier « {case_id} » n'existe pas dans le stockage.", path=path
            )
        if not isinstance(doc, Mapping):
            raise self._corrupt(case_id, path, "le fichier ne contient pas de dossier")
        data = dict(doc)
        if data.get("id") != case_id:
            raise self._corrupt(case_id, path, "l'identifiant enregistré ne correspond pas")
        return data

    @staticmethod
    def _corrupt(case_id: str, path: Path, detail: str) -> CaseCorruptError:
        return CaseCorruptError(
            f"Le dossier « {case_id} » est illisible : {detail} Le fichier n'a pas été "
            "modifié ; restaurez une sauvegarde pour récupérer ce dossier.",
            path=path,
        )

    def _decode(self, case_id: str, path: Path, raw: dict[str, Any]) -> Case:
        from dispute.codec import CodecError, case_from_dict

        try:
            data, _migrated = migrations.migrate_case(raw, path)
        except StoreCorruptError as exc:
            raise self._corrupt(case_id, path, exc.message) from None
        try:
            return case_from_dict(data)
        except CodecError as exc:
            raise self._corrupt(case_id, path, f"champ {exc.path} : {exc.message}.") from None

    def load_case(self, case_id: str) -> Case:
        """The stored case, migrated to the current version if needed (not rewritten).

        Raises CaseNotFoundError, CaseCorruptError, or StoreVersionError for a case written
        by a newer version.
        """
        with self._mutex:
            self._check_open()
            if not is_valid_case_id(case_id):
                raise CaseNotFoundError(f"Le dossier « {case_id} » n'existe pas.")
            path = case_path(self.data_dir, case_id)
            if self.shared:
                return self._decode(case_id, path, self._read_current(case_id, path))
            return self._decode(case_id, path, self._read_raw(case_id, path))

    def _read_current(self, case_id: str, path: Path) -> dict[str, Any]:
        """Shared mode: the case file, or the newer version the ledger holds (a writer
        between its publication and its rename, or killed there)."""
        try:
            raw: dict[str, Any] | None = self._read_raw(case_id, path)
        except CaseNotFoundError:
            raw = None
        stored = raw.get("revision", 0) if raw is not None else 0
        stored = stored if isinstance(stored, int) else 0
        latest = ledger.latest_after(self.data_dir, case_id, stored)
        if latest > stored:
            newer = self._read_ledger(case_id, latest)
            if newer is None:
                raise CaseNotFoundError(
                    f"Le dossier « {case_id} » a été supprimé.", path=path)
            return newer
        if raw is None:
            raise CaseNotFoundError(
                f"Le dossier « {case_id} » n'existe pas dans le stockage.", path=path)
        return raw

    def _read_ledger(self, case_id: str, revision: int) -> dict[str, Any] | None:
        """A ledger entry's case dict; None for a deletion."""
        entry = ledger.entry_path(self.data_dir, case_id, revision)
        try:
            document = parse_json_bytes(entry.read_bytes(), entry)
        except (OSError, StoreCorruptError) as exc:
            raise self._corrupt(case_id, entry, getattr(exc, "message", "illisible")) from None
        if isinstance(document, dict) and document.get("deleted"):
            return None
        try:
            data = dict(document[CASE_TABLE][str(CASE_DOC_ID)])
        except (KeyError, TypeError, ValueError):
            raise self._corrupt(case_id, entry, "le fichier ne contient pas de dossier") from None
        if data.get("id") != case_id:
            raise self._corrupt(case_id, entry, "l'identifiant enregistré ne correspond pas")
        return data

    def _record_for_file(self, case_id: str, path: Path | str) -> dict[str, Any]:
        """Index record of a case file (used by reconcile); never raises for a bad file."""
        path = Path(path)
        raw: Any = None
        try:
            raw = self._read_raw(case_id, path)
            return summary_record(self._decode(case_id, path, raw), self._summarizer)
        except StoreError as exc:
            logger.warning("Case file %s unreadable: %s", path, exc.message)
            return problem_record(case_id, raw, exc.message)

    def refresh_summaries(self, case_ids: Iterable[str], *,
                          cancelled: Callable[[], bool] | None = None) -> int:
        """Recompute the listed summaries of ``case_ids`` from their case files with the
        current summarizer (after an update changed what the list caches). The lock is held
        one case at a time, so the application stays usable meanwhile; the index shards are
        rewritten at the end, also when ``cancelled`` stops it early. Returns how many cases
        were recomputed."""
        done = 0
        dirty: set[int] = set()
        try:
            for case_id in case_ids:
                if cancelled is not None and cancelled():
                    break
                with self._mutex:
                    self._check_open()
                    if case_id not in self._index.records or not is_valid_case_id(case_id):
                        continue  # deleted meanwhile
                    path = case_path(self.data_dir, case_id)
                    try:
                        signature = file_signature(os.stat(path))
                    except OSError:
                        continue  # the next open reconciles it
                    record = self._record_for_file(case_id, path)
                    record["file"] = signature
                    dirty.add(self._index.set_record(record))
                    done += 1
        finally:
            with self._mutex:
                if not self._closed:
                    self._index.write_shards(dirty)  # a shard not written is logged
        logger.info("%d listed summaries recomputed", done)
        return done

    def save_case(self, case: Case) -> Case:
        """Save atomically; returns the saved copy (revision + 1, timestamps set).

        The argument is not modified. Refuses (ConcurrentChangeError) when the stored
        revision is not ``case.revision``: someone saved (or deleted) it since it was loaded.
        Never overwrites an unreadable case file (CaseCorruptError) or one from a newer
        version (StoreVersionError).
        """
        with self._mutex:
            self._check_open()
            case_id = check_case_id(case.id)
            path = case_path(self.data_dir, case_id)
            if self.shared:
                return self._write_case_shared(case, path)
            self._check_revision(case, path)
            return self._write_case(case, path)

    def _stored_revision(self, case_id: str, path: Path) -> int | None:
        """The revision of the stored case file (None: no file). Read from the index when
        the file's signature is the one the index recorded for a readable case (one
        ``stat``, no read); otherwise the file is read and checked (an unreadable file or
        one from a newer version raises: it is never overwritten)."""
        if self._caselog is not None:
            entry = self._caselog.unapplied(case_id)
            if entry is not None:
                return entry.revision
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise self._corrupt(case_id, path, f"lecture impossible ({french_os_error(exc)})")
        record = self._index.records.get(case_id)
        if record is not None and not record.get("problem") \
                and record.get("file") == file_signature(st):
            return record["revision"]
        raw = self._read_raw(case_id, path)
        migrations.migrate_case(raw, path)  # refuses a newer version
        revision = raw.get("revision")
        return revision if isinstance(revision, int) else -1

    def _current_revision(self, case_id: str, path: Path) -> int | None:
        """The case's current revision (None: no such case): the case file's, rolled
        forward through the ledger in shared mode."""
        stored = self._stored_revision(case_id, path)
        if not self.shared:
            return stored
        base = stored if stored is not None else 0
        latest = ledger.latest_after(self.data_dir, case_id, base)
        if latest == base:
            return stored
        return latest if self._read_ledger(case_id, latest) is not None else None

    def _check_revision(self, case: Case, path: Path) -> None:
        stored = self._current_revision(case.id, path)
        if stored is None:
            if case.revision != 0:
                raise self._conflict(case, None, path)
        elif stored != case.revision:
            raise self._conflict(case, stored, path)

    def _conflict(self, case: Case, stored: int | None, path: Path) -> ConcurrentChangeError:
        """The refusal of a save that would lose another one, with the other version."""
        name = case.subscriber.name or case.id
        current = None
        if stored is None:
            message = (f"Le dossier de « {name} » n'existe plus dans le stockage (il a été "
                       "supprimé depuis son ouverture) ; vos modifications n'ont pas été "
                       "écrites.")
        else:
            try:
                current = self.load_case(case.id)
                stored = current.revision
            except StoreError:
                logger.warning("Other version of %s unreadable", case.id, exc_info=True)
            message = (f"Le dossier de « {name} » a été modifié ailleurs depuis son ouverture "
                       f"(version enregistrée n° {stored}, version ouverte n° "
                       f"{case.revision}). Rechargez-le avant d'enregistrer ; vos "
                       "modifications n'ont pas été écrites.")
        return ConcurrentChangeError(message, path=path, current=current)

    def _saved_copy(self, case: Case) -> tuple[Case, bytes]:
        """The copy to return (revision + 1, timestamps, current schema) and the bytes of its
        case file. The case is serialised once and not decoded again: the returned copy is a
        deep copy of the argument (twice as fast as decoding), unless text had to be
        cleaned (lone surrogates cannot be written as UTF-8; they are removed like the GUI
        removes them from typed text)."""
        from dispute.codec import case_from_dict, case_to_dict

        now = _now()
        data = case_to_dict(case)
        data["revision"] = case.revision + 1
        data["schema_version"] = migrations.CURRENT_CASE_VERSION
        data["created_at"] = data["created_at"] or now.isoformat()
        data["updated_at"] = now.isoformat()
        document = {CASE_TABLE: {str(CASE_DOC_ID): data}}
        try:
            payload = json.dumps(document, ensure_ascii=False, allow_nan=False,
                                 separators=(",", ":")).encode("utf-8")
        except UnicodeEncodeError:
            from dispute.validation import clean_texts_in

            clean_texts_in(data)
            logger.warning("Case %s: invalid characters removed before saving", case.id)
            payload = dumps_json(document)
            return case_from_dict(data), payload
        saved = _deep_copy(case)
        saved.revision = data["revision"]
        saved.schema_version = data["schema_version"]
        saved.created_at = saved.created_at or now
        saved.updated_at = now
        return saved, payload

    def _write_case(self, case: Case, path: Path) -> Case:
        saved, payload = self._saved_copy(case)
        # The summary now, while the case just serialised is in the processor's caches:
        # after the flush it took a third longer (issue 13, docs/benchmarks.md).
        record = summary_record(saved, self._summarizer, checked=False)  # put() checks it
        created = not os.path.isdir(path.parent)
        if created:
            try:
                self._ensure_dir(path.parent)
            except OSError as exc:
                raise write_error(exc, path) from exc
        try:
            if self._caselog is not None:
                self._write_logged(saved, payload, path)
            else:
                atomic_write_bytes(path, payload, durable=self.durable)
        except BaseException:
            if created:
                _remove_if_empty(path.parent)  # no empty cases/xx/ after a full disk
            raise
        logger.info("Case %s saved (revision %d)", case.id, saved.revision)
        signature: dict[str, int] = {}
        if self._caselog is None:  # else recorded once renamed into place (``_applied``)
            try:
                signature = file_signature(os.stat(path))
            except OSError:
                logger.warning("Could not stat %s after saving", path, exc_info=True)
        self._index_case(record, signature)
        return saved

    def _write_logged(self, saved: Case, payload: bytes, path: Path) -> None:
        """The save with the case log (store/caselog.py): the new file written whole under
        a temporary name (a full disk fails here, nothing touched), then logged and
        flushed — the save's only flush. The temporary is renamed over the case file by
        the log's checkpoint; readers of the store get the logged version meanwhile.
        Raises ``StoreWriteError``: the old file is intact and the log holds nothing of
        this save."""
        assert self._caselog is not None
        tmp = None
        try:
            tmp = self._write_temporary(path.parent, payload, sync=False)
            self._caselog.append(saved.id, saved.revision, payload, tmp, path)
        except OSError as exc:
            if tmp is not None:
                tmp.unlink(missing_ok=True)
            raise write_error(exc, path) from exc

    def _write_case_shared(self, case: Case, path: Path) -> Case:
        """Shared mode: the compare-and-swap of the ledger (store/ledger.py).

        1. the current revision (case file rolled forward through the ledger) must be the
           one the case was loaded at — a cheap early refusal;
        2. the new file is written whole and fsynced under a temporary name, then linked as
           ledger entry ``revision + 1``: the link fails if another writer published that
           revision first (told, with the other version). Entries live a day, so the
           number is never free again for a writer that checked a moment ago;
        3. the case file is replaced, unless a newer revision is already published (a
           writer that read this one meanwhile); readers roll forward meanwhile.
        """
        self._check_revision(case, path)
        base = case.revision
        saved, payload = self._saved_copy(case)
        record = summary_record(saved, self._summarizer, checked=False)  # put() checks it
        created = not path.parent.is_dir()
        try:
            self._ensure_dir(path.parent)
            tmp = self._write_temporary(path.parent, payload)
        except OSError as exc:
            if created:
                _remove_if_empty(path.parent)
            raise write_error(exc, path) from exc
        try:
            # The signature of the file this save writes, taken from its private name: a
            # stat of the case file after the rename could see another writer's newer
            # file, and the index would pair this revision with that file's signature
            # (then trusted at every open: the list stayed one revision behind).
            signature = file_signature(os.stat(tmp))
            try:
                won = ledger.publish(tmp, self.data_dir, case.id, base + 1,
                                     durable=self.durable)
            except OSError as exc:
                raise write_error(exc, path) from exc
            if not won:
                raise self._conflict(case, base + 1, path)
            if not ledger.exists(self.data_dir, case.id, base + 2):
                try:
                    replace_with_retry(tmp, path)
                except OSError as exc:  # published: the ledger holds it, readers see it
                    logger.warning("Case %s published but not renamed: %s", case.id, exc)
                if self.durable:
                    fsync_dir(path.parent)
        finally:
            Path(tmp).unlink(missing_ok=True)
        ledger.prune(self.data_dir, case.id)
        logger.info("Case %s saved in shared mode (revision %d)", case.id, saved.revision)
        self._index_case(record, signature)
        return saved

    def _write_temporary(self, folder: Path, payload: bytes, *, sync: bool = True) -> Path:
        fd, name = open_temporary(folder)
        try:
            try:
                view = memoryview(payload)
                while view:  # a short write is followed by the error (ENOSPC) on the next
                    view = view[os.write(fd, view):]
                if self.durable and sync:
                    os.fsync(fd)
            finally:
                os.close(fd)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
        return Path(name)

    def _file_revision(self, case_id: str, path: Path) -> int | None:
        """The revision written in the case file, read now (None: no file)."""
        try:
            raw = self._read_raw(case_id, path)
        except CaseNotFoundError:
            return None
        revision = raw.get("revision")
        return revision if isinstance(revision, int) else None

    def _complete_ledger(self) -> None:
        """At open: put in place the versions the ledger holds beyond their case file (a
        writer killed between its publication and its rename), and finish deletions."""
        for case_id, latest in ledger.entries(self.data_dir).items():
            if not is_valid_case_id(case_id):
                continue
            record = self._index.records.get(case_id)
            if record is not None and record.get("revision", 0) >= latest:
                continue
            path = case_path(self.data_dir, case_id)
            entry = ledger.entry_path(self.data_dir, case_id, latest)
            try:
                if self._read_ledger(case_id, latest) is None:
                    if path.exists():
                        self._move_to_trash(case_id, path)
                    continue
                if (self._file_revision(case_id, path) or 0) >= latest:
                    # In place already, but the index is behind it: summarised again (the
                    # signature first, so that a newer file renamed meanwhile is noticed).
                    signature = file_signature(os.stat(path))
                    record = self._record_for_file(case_id, path)
                    record["file"] = signature
                    self._index.put(record)
                    continue
                self._ensure_dir(path.parent)
                tmp = path.parent / f"{TEMP_PREFIX}{os.urandom(6).hex()}.tmp"
                os.link(entry, tmp)
                signature = file_signature(os.stat(tmp))
                replace_with_retry(tmp, path)
                if self.durable:
                    fsync_dir(path.parent)
                record = self._record_for_file(case_id, entry)
                record["file"] = signature
                self._index.put(record)
                logger.info("Case %s: revision %d completed from the ledger", case_id, latest)
            except (OSError, StoreError):
                logger.warning("Ledger entry %s not completed", entry, exc_info=True)

    def _index_case(self, record: dict[str, Any], signature: dict[str, int]) -> None:
        """Record a saved case's summary (``summary_record``) with the signature of the file
        written for it (empty: not known yet, the case log records it once renamed into
        place)."""
        record["file"] = signature
        self._index.put(record)

    def _ensure_dir(self, folder: Path) -> None:
        """Create ``folder`` if needed and make its entry in the parent durable."""
        if folder.is_dir():
            return
        make_private_dir(folder)
        if self.durable:
            fsync_dir(folder.parent)

    def delete_case(self, case_id: str) -> Path:
        """Move the case file to ``trash/cases/`` (never destroyed); returns its new path.
        Its exhibit files stay in place. In shared mode the deletion is published in the
        ledger first, so that a concurrent save is refused rather than resurrecting it."""
        with self._mutex:
            self._check_open()
            path = case_path(self.data_dir, case_id) if is_valid_case_id(case_id) else None
            if path is not None:
                self._checkpoint_caselog(path)
            if path is None or (not path.exists() and not self.shared):
                raise CaseNotFoundError(f"Le dossier « {case_id} » n'existe pas.", path=path)
            revision = self._index.records.get(case_id, {}).get("revision", 0)
            if self.shared:
                revision = self._publish_deletion(case_id, path)
            target = self._move_to_trash(case_id, path)
            self._index.remove(case_id, revision)
            if not self.shared:
                _remove_if_empty(path.parent)
            logger.info("Case %s moved to trash as %s", case_id, target.name)
            return target

    def _checkpoint_caselog(self, path: Path) -> None:
        """Before case files are removed or replaced otherwise than by a save (deletion,
        restore): make the logged ones durable and empty the log, so that no logged version
        can come back over them at the next open."""
        if self._caselog is None:
            return
        try:
            self._caselog.checkpoint_all()
        except OSError as exc:
            raise write_error(exc, path) from exc

    def _publish_deletion(self, case_id: str, path: Path) -> int:
        current = self._current_revision(case_id, path)
        if current is None:
            raise CaseNotFoundError(f"Le dossier « {case_id} » n'existe pas.", path=path)
        payload = dumps_json({"deleted": True, "id": case_id, "revision": current + 1})
        try:
            tmp = self._write_temporary(path.parent, payload)
            try:
                won = ledger.publish(tmp, self.data_dir, case_id, current + 1,
                                     durable=self.durable)
            finally:
                tmp.unlink(missing_ok=True)
        except OSError as exc:
            raise write_error(exc, path) from exc
        if not won:
            raise ConcurrentChangeError(
                f"Le dossier « {case_id} » vient d'être modifié sur un autre poste : il n'a "
                "pas été supprimé. Rouvrez-le pour voir la nouvelle version.", path=path)
        return current + 1

    def _move_to_trash(self, case_id: str, path: Path) -> Path:
        trash = self.data_dir / TRASH_DIR / CASES_DIR
        target = trash / f"{case_id}--{_stamp()}.json"
        try:
            self._ensure_dir(trash)
            if path.exists() or not self.shared:
                replace_with_retry(path, target)
            if self.durable:
                fsync_dir(path.parent)
                fsync_dir(trash)
        except OSError as exc:
            raise write_error(exc, path) from exc
        return target

    # -- edit locks (shared mode) ------------------------------------------------------------

    def lock_case(self, case_id: str, *, take_over: bool = False) -> CaseLockInfo:
        """Take the edit lock of a case before editing it. In shared mode, raises
        ``CaseLockedError`` (``.holder``, ``.stale``, French ``.message`` « en cours de
        modification par … depuis … ») when another instance holds it: open the case
        read-only. ``take_over=True`` takes over a STALE lock (its holder stopped refreshing
        it), after the user was warned with that message. The lock is refreshed in the
        background while held. In a folder used alone it always succeeds."""
        with self._mutex:
            self._check_open()
            check_case_id(case_id)
            if self._case_locks is None:
                from store.caselocks import CaseLockInfo
                from store.lock import _host, _user

                return CaseLockInfo(case_id, user=_user(), host=_host(), pid=os.getpid(),
                                    instance=self.instance, since=_now(), refreshed=_now())
            return self._case_locks.acquire(case_id, take_over=take_over)

    def unlock_case(self, case_id: str) -> None:
        """Release the edit lock (when the case window closes)."""
        with self._mutex:
            if self._case_locks is not None:
                self._case_locks.release(case_id)

    def case_lock(self, case_id: str) -> CaseLockInfo | None:
        """Who else holds the edit lock of ``case_id`` (None: nobody, or this instance)."""
        if self._case_locks is None or not is_valid_case_id(case_id):
            return None
        from store.caselocks import read_lock

        holder = read_lock(self.data_dir, case_id)
        if holder is None or holder.instance == self.instance:
            return None
        return holder

    def lost_case_locks(self) -> set[str]:
        """Cases whose edit lock another instance took over while this one held it (their
        next save may be refused: the window should say so)."""
        return set(self._case_locks.lost) if self._case_locks is not None else set()

    def _start_refresher(self) -> None:
        def run() -> None:
            while not self._stop_refresh.wait(self._refresh_every):
                with self._mutex:
                    if self._closed or self._case_locks is None:
                        return
                    try:
                        self._case_locks.refresh()
                    except Exception:  # noqa: BLE001 - must never kill the thread
                        logger.warning("Edit locks not refreshed", exc_info=True)

        self._refresher = threading.Thread(target=run, name="edit-lock-refresh", daemon=True)
        self._refresher.start()

    # -- exhibits ---------------------------------------------------------------------------

    def add_exhibit(
        self, case: Case, source: Path, *, title: str = "", date: date | None = None,
        kind: ExhibitKind | None = None,
    ) -> Exhibit:
        """Copy ``source`` into the store and append a new exhibit to ``case.exhibits``.

        The case itself is persisted by the next ``save_case``. Links and special files are
        refused (ExhibitError).
        """
        from dispute.model import Exhibit, ExhibitKind
        from store.exhibits import copy_exhibit, media_type

        with self._mutex:
            self._check_open()
            case_id = check_case_id(case.id)
            source = Path(source)
            stored_name, size, sha = copy_exhibit(
                source, exhibit_dir(self.data_dir, case_id), durable=self.durable
            )
            exhibit = Exhibit(
                number=case.next_exhibit_number(),
                title=title,
                date=date,
                original_name=source.name,
                stored_name=stored_name,
                size=size,
                sha256=sha,
                media_type=media_type(stored_name),
                added_at=_now(),
                kind=kind or ExhibitKind.OTHER,
            )
            case.exhibits.append(exhibit)
            return exhibit

    def exhibit_path(self, case_id: str, exhibit: Exhibit) -> Path:
        """Where the exhibit's file is; ExhibitError if its stored name is not one the store
        generates (a tampered case file must not point outside the store)."""
        from store.exhibits import STORED_NAME_RE

        if not is_valid_case_id(case_id) or not STORED_NAME_RE.fullmatch(exhibit.stored_name):
            raise ExhibitError(
                f"La pièce n° {exhibit.number} a un nom de fichier enregistré invalide.",
            )
        return exhibit_dir(self.data_dir, case_id) / exhibit.stored_name

    def verify_exhibits(self, case: Case) -> list[ExhibitProblem]:
        """Check every exhibit file (present, same size, same SHA-256)."""
        from store.exhibits import verify_case_exhibits

        paths: dict[str, Path | None] = {}
        for exhibit in case.exhibits:
            try:
                paths[exhibit.id] = self.exhibit_path(case.id, exhibit)
            except ExhibitError:
                paths[exhibit.id] = None
        return verify_case_exhibits(case, paths)

    def import_case(self, case: Case, sources: Mapping[str, Path]) -> Case:
        """Import a case (e.g. from a case file) with its exhibit files, all or nothing.

        ``sources`` maps each exhibit id to its file, whose size and SHA-256 must match the
        exhibit. If the case's id already exists in the store (or is not a valid id), the
        imported case gets a NEW id: the existing case is never touched. Returns the saved
        case (revision 1, new stored names). On any failure the copied files are removed and
        the store is unchanged.
        """
        from dispute.codec import case_from_dict, case_to_dict
        from store.exhibits import copy_exhibit

        with self._mutex:
            self._check_open()
            incoming = case_from_dict(case_to_dict(case))
            ids = [x.id for x in incoming.exhibits]
            if len(set(ids)) != len(ids):
                raise ExhibitError("Le dossier importé contient deux pièces de même identifiant.")
            unknown = sorted(set(sources) - set(ids))
            if unknown:
                raise ExhibitError(
                    f"Un fichier est fourni pour une pièce inconnue du dossier ({unknown[0]})."
                )
            case_id = incoming.id
            while not is_valid_case_id(case_id) or case_path(self.data_dir, case_id).exists() \
                    or case_id in self._index.records \
                    or exhibit_dir(self.data_dir, case_id).exists():
                case_id = new_id()
            if case_id != incoming.id:
                logger.info("Imported case %r gets the new id %s", incoming.id, case_id)
            incoming.id = case_id
            incoming.revision = 0
            folder = exhibit_dir(self.data_dir, case_id)
            copied: list[Path] = []
            try:
                for exhibit in incoming.exhibits:
                    source = sources.get(exhibit.id)
                    if source is None:
                        raise ExhibitError(
                            f"Le fichier de la {_label(exhibit)} n'a pas été fourni.",
                        )
                    stored_name, _size, _sha = copy_exhibit(
                        Path(source), folder, durable=self.durable,
                        expected=(exhibit.size, exhibit.sha256),
                    )
                    copied.append(folder / stored_name)
                    exhibit.stored_name = stored_name
                return self.save_case(incoming)
            except BaseException:
                for path in copied:
                    path.unlink(missing_ok=True)
                import shutil

                shutil.rmtree(folder, ignore_errors=True)  # new id: the folder is ours
                raise

    # -- backups ----------------------------------------------------------------------------

    def backup(self, *, kind: str | None = None) -> Path:
        """Make a backup zip, check it, then rotate out the oldest beyond ``keep_backups``.

        Raises StoreWriteError (disk full...) or StoreCorruptError if the written backup
        does not check out (it is then removed and no older backup is deleted).
        """
        kind = kind or backups.KIND_AUTO
        with self._mutex:
            self._check_open()
            folder = self.data_dir / BACKUPS_DIR
            make_private_dir(folder)
            if not self.shared:
                return self._backup(folder, kind)
            self._index.sync()  # the index of the backup holds the other instances' saves
            marker = _BackupMarker(folder)
            marker.acquire()
            try:
                return self._backup(folder, kind)
            finally:
                marker.release()

    def _backup(self, folder: Path, kind: str) -> Path:
        self._checkpoint_caselog(folder)  # the backup reads the case files themselves
        dest = folder / backups.backup_name(_now(), kind)
        while dest.exists():
            dest = folder / backups.backup_name(_now(), kind)
        try:
            backups.write_backup(
                self.data_dir, dest, self._index.shard_payloads(),
                store_schema_version=migrations.STORE_SCHEMA_VERSION,
                durable=self.durable,
            )
        except OSError as exc:
            raise write_error(exc, dest) from exc
        try:
            manifest = backups.verify_backup(dest)
        except StoreCorruptError:
            logger.error("Backup %s failed its check; removed", dest)
            dest.unlink(missing_ok=True)
            raise
        logger.info("Backup %s made and checked (%d cases)", dest.name,
                    manifest["case_count"])
        backups.rotate(folder, self.keep_backups, protect=self._protected_backups)
        return dest

    _protected_backups: tuple[Path, ...] = ()

    def list_backups(self) -> list[BackupInfo]:
        """Backups of this store, newest first."""
        return backups.list_backups(self.data_dir / BACKUPS_DIR)

    def needs_backup(self, max_age: timedelta = timedelta(days=1)) -> bool:
        """True when the newest backup is older than ``max_age`` (or there is none)."""
        existing = self.list_backups()
        return not existing or _now() - existing[0].created >= max_age

    def restore(self, backup_path: Path | str) -> None:
        """Replace the cases by those of ``backup_path``, after backing up the current state.

        The backup is checked first (StoreCorruptError) and must not come from a newer
        version (StoreVersionError). The swap is completed at next open if interrupted; the
        replaced files are kept in ``trash/restored-over-<date>/``.
        """
        with self._mutex:
            self._check_open()
            if self.shared and not self._lock.try_exclusive():
                raise StoreLockedError(
                    "D'autres postes utilisent ce dossier de données partagé : fermez "
                    "Recours Télécom sur ces postes avant de restaurer une sauvegarde. Rien "
                    "n'a été modifié.", path=self.data_dir)
            try:
                self._restore(Path(backup_path).absolute())
            finally:
                self._lock.back_to_shared()

    def _restore(self, backup_path: Path) -> None:
        backups.verify_backup(backup_path)
        self._checkpoint_caselog(self.data_dir)
        migrations.check_store_version(
            backups.backup_store_version(backup_path), backup_path
        )
        self._protected_backups = (backup_path,)
        try:
            self.backup(kind=backups.KIND_BEFORE_RESTORE)
        finally:
            self._protected_backups = ()
        import shutil

        staging = self.data_dir / f"{TEMP_PREFIX}restore-{os.urandom(4).hex()}"
        try:
            backups.extract_backup(backup_path, staging, durable=self.durable)
            backups.refresh_index_signatures(staging)
            backups.start_restore(self.data_dir, staging, durable=self.durable)
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise write_error(exc, self.data_dir) from exc
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        try:
            backups.complete_restore(self.data_dir, durable=self.durable)
        except OSError as exc:
            raise write_error(exc, self.data_dir) from exc
        self._load()
        logger.info("Store restored from %s", backup_path.name)

    # -- settings and drafts (store/documents.py) -------------------------------------------

    def read_settings(self) -> dict[str, Any]:
        """The application settings saved in this data folder (``{}`` if none yet)."""
        self._check_open()
        return documents.read_settings(self.data_dir)

    def write_settings(self, settings: dict[str, Any]) -> None:
        self._check_open()
        with self._mutex:
            documents.write_settings(self.data_dir, settings, durable=self.durable)

    def save_draft(self, case: Case) -> None:
        """Keep a case being typed in the wizard; ``discard_draft`` once it is saved."""
        self._check_open()
        with self._mutex:
            documents.save_draft(self.data_dir, case, durable=self.durable)

    def list_drafts(self) -> list[Case]:
        self._check_open()
        return documents.list_drafts(self.data_dir)

    def discard_draft(self, case_id: str) -> None:
        """Forget a draft. Files attached while drafting a case that was never saved are
        moved to the trash with it (a saved case keeps its exhibit folder)."""
        self._check_open()
        with self._mutex:
            documents.discard_draft(self.data_dir, case_id)
            folder = exhibit_dir(self.data_dir, case_id)
            if case_id not in self._index.records and folder.is_dir():
                trash = self.data_dir / TRASH_DIR / "drafts"
                make_private_dir(trash)
                target = trash / f"{case_id}-{os.urandom(4).hex()}"
                try:
                    os.replace(folder, target)
                except OSError as exc:
                    logger.warning("Pièces du brouillon %s non déplacées : %s", case_id, exc)

    @property
    def restore_journal(self) -> Path:
        return self.data_dir / RESTORE_JOURNAL

    @property
    def exhibits_dir(self) -> Path:
        return self.data_dir / EXHIBITS_DIR


FREEZE_AFTER = 2000
"""Index records from which opening sets what it read aside from the cyclic collector."""


@contextmanager
def _collector_paused(freeze: Callable[[], bool]) -> Iterator[None]:
    """Pause the cyclic garbage collector while the index is read.

    Reading 10,000 summaries creates some 500,000 containers that live as long as the store,
    and no garbage: the collector, triggered every 700 allocations, would scan them again
    and again (80 ms of the 250 ms that reading the index takes, docs/benchmarks.md). When
    ``freeze()`` says the index is large, ``gc.freeze()`` then moves what was read out of
    the collector's sight for good, before the collector is turned back on (as the desktop
    application does at the end of its start-up, gui/app.py): otherwise its first
    collection would scan all of it at once (120 ms), and later full ones again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if freeze():
                gc.freeze()
            gc.enable()


def _deep_copy(case: Case) -> Case:
    """A deep copy of a case (``store.copying``: a quarter of pickle's cost, a tenth of
    ``copy.deepcopy``'s); ``copy.deepcopy`` if it fails."""
    from store.copying import deep_copy

    try:
        return deep_copy(case)
    except Exception:  # noqa: BLE001 - e.g. a value it cannot handle: copy it slowly
        import copy

        logger.warning("Case %s copied by copy.deepcopy", case.id, exc_info=True)
        return copy.deepcopy(case)


def _folder_is_shared(data_dir: Path) -> bool:
    """Whether store.json records a shared folder (False when absent or unreadable: the
    normal opening then creates or reports it)."""
    try:
        meta = read_json_file(data_dir / STORE_FILE)[META_TABLE]["1"]
    except (OSError, StoreError, KeyError, TypeError):
        return False
    return isinstance(meta, dict) and meta.get("shared") is True


class _BackupMarker:
    """Shared mode: ``backups/.backup-running``, created with O_EXCL, so that one instance
    makes the daily backup while the others skip it (a marker older than an hour is the
    leftover of a crash)."""

    STALE = 3600.0

    def __init__(self, folder: Path) -> None:
        self.path = folder / ".backup-running"

    def acquire(self) -> None:
        import time

        for _attempt in range(2):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                try:
                    age = time.time() - self.path.stat().st_mtime
                except FileNotFoundError:
                    continue
                if age < self.STALE:
                    raise StoreLockedError(
                        "Une sauvegarde est déjà en cours sur un autre poste ; celle-ci n'a "
                        "pas été faite (rien n'a été modifié).", path=self.path) from None
                self.path.unlink(missing_ok=True)
                continue
            os.close(fd)
            return
        raise StoreLockedError("Une sauvegarde est déjà en cours sur un autre poste.",
                               path=self.path)

    def release(self) -> None:
        self.path.unlink(missing_ok=True)


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass  # not empty (the usual case), or already gone


def _label(exhibit: Exhibit) -> str:
    title = exhibit.title or exhibit.original_name
    return f"pièce n° {exhibit.number}" + (f" « {title} »" if title else "")


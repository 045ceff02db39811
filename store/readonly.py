"""Reading a data folder without the lock: the headless commands that only read (``list``,
``status``, ``calendrier``, ``dossier``, ``export``, ``bilan``…) work while the application
has the folder open (fresh-eyes 29; docs/store.md « Reading without the lock »).

``CaseStore.open_read_only(data_dir)`` returns a :class:`ReadOnlyCaseStore`. It takes no
lock (the OS lock of the running application is exclusive) and never writes:

- nothing is created: a folder that does not exist, or an empty one, has no cases;
- nothing is healed on disk: an interrupted restore, index shards out of date or
  unreadable, journals left by a crash, orphan temporaries stay as they are. The index is
  brought in line with the case files in memory only (``CaseIndex(read_only=True)``): what
  it does not describe is read from the case files; ``notes`` says so (« rien n'a été
  écrit »);
- saves the running application logged but has not renamed into place yet (the case log,
  store/caselog.py) are read from the log, opened read-only, so that a case is never shown
  older than its last save; in a shared folder the ledger is read the same way;
- every method that would write raises :class:`~store.errors.StoreReadOnlyError` (French
  message) and leaves the folder untouched.

A read-only open sees the folder as it is at that moment: a save made meanwhile by the
running application may or may not be in what it lists.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from dispute.oserrors import french_os_error
from store import migrations
from store.atomic import parse_json_bytes, read_json_file
from store.errors import CaseNotFoundError, StoreCorruptError, StoreError, StoreReadOnlyError
from store.index import CaseIndex
from store.layout import (
    CASE_DOC_ID,
    CASE_TABLE,
    CASES_DIR,
    INDEX_DIR,
    RESTORE_JOURNAL,
    STORE_FILE,
    case_path,
    is_valid_case_id,
)
from store.store import FREEZE_AFTER, CaseStore, _collector_paused, _folder_is_shared
from store.summary import Summarizer

logger = logging.getLogger(__name__)

NOTHING_WRITTEN = "rien n'a été écrit dans le dossier de données"


class _NoLock:
    """A read-only store holds no lock."""

    def release(self) -> None:
        pass

    def try_exclusive(self) -> bool:
        return False

    def back_to_shared(self) -> None:
        pass


class ReadOnlyCaseStore(CaseStore):
    """A data folder read without its lock (module docstring). Create with
    ``CaseStore.open_read_only``."""

    read_only = True

    @classmethod
    def open_folder(cls, data_dir: Path | str, *,
                    summarizer: Summarizer | None = None) -> ReadOnlyCaseStore:
        data_dir = Path(data_dir).expanduser().absolute()
        shared = _folder_is_shared(data_dir)
        # shared=False here: the edit locks of a shared folder are not ours to take
        store = cls(data_dir, _NoLock(), summarizer, durable=False)
        store.shared = shared
        store._index = CaseIndex(data_dir / INDEX_DIR, durable=False, shared=shared,
                                 read_only=True)
        store.notes = []  # what the reading found and did not write (French sentences)
        store._logged = {}  # case id → (revision, case file) of the case log
        try:
            with _collector_paused(lambda: len(store._index.records) >= FREEZE_AFTER):
                store._read_folder()  # as fast as the normal open (docs/benchmarks.md)
        except OSError as exc:
            raise StoreError(
                f"Le dossier de données « {data_dir} » ne peut pas être lu "
                f"({french_os_error(exc)}) : vérifiez le disque et les droits d'accès. "
                f"Rien n'a été modifié.",
                path=getattr(exc, "filename", None) or data_dir,
            ) from exc
        logger.info("Store %s opened read-only (%d cases)", data_dir,
                    len(store._index.records))
        return store

    # -- reading the folder as it is ------------------------------------------------------

    def _read_folder(self) -> None:
        meta_path = self.data_dir / STORE_FILE
        if not self.data_dir.is_dir() or (not meta_path.exists() and self._is_empty()):
            self.notes.append(f"Aucun dossier de données dans « {self.data_dir} » : aucun "
                              f"dossier à lire ({NOTHING_WRITTEN}).")
            return
        if (self.data_dir / RESTORE_JOURNAL).exists():
            raise StoreError(
                f"Une restauration de sauvegarde est inachevée dans « {self.data_dir} » : "
                "ouvrez Recours Télécom (ou une commande qui écrit) pour la terminer, puis "
                "recommencez. Rien n'a été modifié.", path=self.data_dir)
        if not meta_path.exists():
            raise StoreCorruptError(
                f"Le dossier « {self.data_dir} » n'est pas vide mais ne contient pas de "
                f"fichier {STORE_FILE} : ce n'est pas un dossier de données de Recours "
                "Télécom. Rien n'a été modifié.", path=meta_path)
        self.meta = self._read_meta()
        version = migrations.check_store_version(self.meta.get("schema_version"), meta_path)
        if version < migrations.STORE_SCHEMA_VERSION:
            raise StoreError(
                f"Le dossier de données « {self.data_dir} » est d'une version plus ancienne : "
                "ouvrez-le une fois dans Recours Télécom pour le mettre à jour. Rien n'a été "
                "modifié.", path=meta_path)
        if not self.shared:
            self._logged = _logged_versions(self.data_dir)
        dirty = self._index.load()
        cases_dir = self.data_dir / CASES_DIR
        if not cases_dir.is_dir() and self._index.records:
            raise StoreCorruptError(
                f"Le dossier « {cases_dir} » est manquant alors que l'index recense "
                f"{len(self._index.records)} dossier(s). Rien n'a été modifié.", path=cases_dir)
        del dirty  # nothing is rewritten
        read = self._index.reconcile(cases_dir, self._record_for_file, set(),
                                     remove_empty=False)
        # saves in the case log not renamed into place yet, a new case's first one included
        # (its file does not exist until then): the logged version is the case
        for case_id, (revision, _payload) in self._logged.items():
            if not is_valid_case_id(case_id):
                continue
            record = self._index.records.get(case_id)
            if record is None or record.get("revision", 0) < revision:
                logged = self._record_for_file(case_id, case_path(self.data_dir, case_id))
                logged["file"] = {}
                self._index._set(logged)
                read += record is None
        if self._index.unreadable_shards:
            self.notes.append(
                f"Index des dossiers illisible ({len(self._index.unreadable_shards)} "
                f"fichier(s)) : les dossiers ont été lus directement ({NOTHING_WRITTEN} ; "
                "l'application le réparera).")
        elif read:
            self.notes.append(
                f"Index des dossiers pas à jour : {read} dossier(s) lu(s) directement "
                f"({NOTHING_WRITTEN}).")

    def _read_raw(self, case_id: str, path: Path) -> dict[str, Any]:
        """The case dict as stored: its version in the case log when the running
        application has not renamed it into place yet, else the file's, read as JSON
        (never through TinyDB)."""
        logged = self._logged.get(case_id)
        try:
            doc = read_json_file(path)
        except FileNotFoundError:
            doc = None
        except StoreCorruptError as exc:
            if logged is None:
                raise self._corrupt(case_id, path, exc.message) from None
            doc = None
        except OSError as exc:
            if logged is None:
                raise self._corrupt(case_id, path,
                                    f"lecture impossible ({french_os_error(exc)})") from None
            doc = None
        data = _case_of(doc)
        if logged is not None:
            revision, payload = logged
            stored = data.get("revision", 0) if data is not None else -1
            if not isinstance(stored, int) or stored < revision:
                try:
                    data = _case_of(parse_json_bytes(payload, path))
                except StoreCorruptError:
                    pass
        if data is None:
            if doc is None:
                raise CaseNotFoundError(
                    f"Le dossier « {case_id} » n'existe pas dans le stockage.", path=path)
            raise self._corrupt(case_id, path, "le fichier ne contient pas de dossier")
        if data.get("id") != case_id:
            raise self._corrupt(case_id, path, "l'identifiant enregistré ne correspond pas")
        return data

    # -- nothing is written ---------------------------------------------------------------

    def _refuse(self, *_args, **_kwargs):
        raise StoreReadOnlyError(
            f"Le dossier de données « {self.data_dir} » est ouvert en lecture seule : rien "
            "ne peut y être enregistré. Rien n'a été modifié.", path=self.data_dir)

    save_case = delete_case = add_exhibit = import_case = backup = restore = _refuse
    write_settings = save_draft = discard_draft = lock_case = _refuse
    refresh_summaries = _refuse

    def unlock_case(self, case_id: str) -> None:
        pass  # it holds none

    def sync(self) -> set[str]:
        return set()  # a read-only store is read once; open it again to read again

    def needs_backup(self, *_args, **_kwargs) -> bool:
        return False

    def close(self) -> None:
        with self._mutex:
            if not self._closed:
                self._closed = True
                logger.info("Store %s closed (read-only)", self.data_dir)


def _case_of(doc: Any) -> dict[str, Any] | None:
    """The case dict of a case file's content (TinyDB's layout), or None."""
    try:
        data = doc[CASE_TABLE][str(CASE_DOC_ID)]
    except (KeyError, TypeError, IndexError):
        return None
    return dict(data) if isinstance(data, dict) else None


def _logged_versions(data_dir: Path) -> dict[str, tuple[int, bytes]]:
    """Each case's latest version in the case log (store/caselog.py), the logs opened
    read-only: what the running application saved and has not renamed into place yet.
    A log being checkpointed meanwhile reads as empty (its salt changed): the case files
    then hold those versions."""
    from store import caselog

    try:
        return {case_id: (revision, payload) for case_id, (_seq, revision, payload)
                in caselog.read_only_latest(data_dir / caselog.LOG_DIR).items()}
    except OSError:
        logger.warning("Case log unreadable; the case files are read as they are",
                       exc_info=True)
        return {}


__all__ = ["NOTHING_WRITTEN", "ReadOnlyCaseStore"]

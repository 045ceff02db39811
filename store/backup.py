"""Backups: a zip of store.json, the index and the case files, checked when made.

Exhibit files are not copied: they are immutable and stay in ``exhibits/``; the manifest of
each backup lists the exhibits its cases reference, so that a future clean-up can keep them
while the backup is kept. A backup is reopened and checked (``testzip``, every JSON parsed)
before older ones are rotated out.

Restore extracts into a staging folder, makes it durable, writes ``restore-journal.json``,
then renames the live items aside and the staged ones into place. ``complete_restore`` is
idempotent: if the process dies midway, the next open finishes the job from the journal.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from store.atomic import (
    atomic_write,
    atomic_write_bytes,
    dumps_json,
    fsync_dir,
    make_private_dir,
    parse_json_bytes,
    read_json_file,
    replace_with_retry,
)
from dispute.oserrors import french_os_error
from store.errors import StoreCorruptError, StoreError
from store.layout import (
    CASE_DOC_ID,
    CASE_TABLE,
    CASES_DIR,
    INDEX_DIR,
    RESTORE_JOURNAL,
    STORE_FILE,
    TRASH_DIR,
    file_signature,
)

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
BACKUP_FORMAT = 1
KIND_AUTO = "auto"
KIND_MANUAL = "manual"  # « Sauvegarder maintenant »
KIND_BEFORE_RESTORE = "before-restore"
_NAME_RE = re.compile(r"^backup-(\d{8}T\d{12})Z(?:-([a-z-]+))?\.zip$")
_CASE_MEMBER_RE = re.compile(r"^cases/([0-9a-z_-]{2})/([0-9a-z][0-9a-z_-]{2,63})\.json$")
_INDEX_MEMBER_RE = re.compile(r"^index/\d{2}\.json$")
RESTORED_ITEMS = (STORE_FILE, INDEX_DIR, CASES_DIR)
SET_ASIDE_ITEMS = ("ledger",)
"""Moved away by a restore and not replaced: the revision ledger of a shared folder
(store/ledger.py) holds versions newer than the restored cases, which readers would
otherwise roll forward to."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    kind: str
    size: int


def backup_name(now: datetime, kind: str) -> str:
    stamp = now.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    return f"backup-{stamp}Z.zip" if kind == KIND_AUTO else f"backup-{stamp}Z-{kind}.zip"


def list_backups(backups_dir: Path) -> list[BackupInfo]:
    """Backups in ``backups_dir``, newest first (other files are ignored)."""
    out = []
    try:
        entries = list(os.scandir(backups_dir))
    except FileNotFoundError:
        return []
    for entry in entries:
        match = _NAME_RE.match(entry.name)
        if not match or not entry.is_file(follow_symlinks=False):
            continue
        created = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S%f").replace(
            tzinfo=timezone.utc
        )
        out.append(
            BackupInfo(Path(entry.path), created, match.group(2) or KIND_AUTO,
                       entry.stat().st_size)
        )
    out.sort(key=lambda b: b.created, reverse=True)
    return out


def allowed_member(name: str) -> bool:
    if name in (STORE_FILE, MANIFEST) or _INDEX_MEMBER_RE.match(name):
        return True
    match = _CASE_MEMBER_RE.match(name)
    return bool(match) and match.group(2)[:2] == match.group(1)


def _case_files(data_dir: Path) -> Iterable[tuple[str, Path]]:
    cases = data_dir / CASES_DIR
    for prefix in sorted(os.scandir(cases), key=lambda e: e.name) if cases.is_dir() else ():
        if not prefix.is_dir(follow_symlinks=False):
            continue
        for entry in sorted(os.scandir(prefix.path), key=lambda e: e.name):
            name = f"{CASES_DIR}/{prefix.name}/{entry.name}"
            if entry.is_file(follow_symlinks=False) and allowed_member(name):
                yield name, Path(entry.path)


def write_backup(
    data_dir: Path,
    dest: Path,
    index_payloads: dict[int, dict[str, Any]],
    *,
    store_schema_version: int,
    durable: bool = True,
) -> dict[str, Any]:
    """Write the backup zip ``dest`` atomically; returns its manifest."""
    created = datetime.now(timezone.utc).isoformat()

    def write(fh: IO[bytes]) -> dict[str, Any]:
        unreadable: list[str] = []
        exhibits: set[str] = set()
        count = 0
        with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            zf.writestr(STORE_FILE, (data_dir / STORE_FILE).read_bytes())
            for shard, payload in sorted(index_payloads.items()):
                zf.writestr(f"{INDEX_DIR}/{shard:02d}.json", dumps_json(payload))
            for name, path in _case_files(data_dir):
                raw = path.read_bytes()
                zf.writestr(name, raw)
                count += 1
                try:
                    doc = parse_json_bytes(raw, path)[CASE_TABLE][str(CASE_DOC_ID)]
                    case_id = doc["id"]
                    for exhibit in doc.get("exhibits", []):
                        exhibits.add(f"{case_id}/{exhibit['stored_name']}")
                except (StoreCorruptError, KeyError, TypeError):
                    unreadable.append(name)
            manifest = {
                "format": BACKUP_FORMAT,
                "created": created,
                "store_schema_version": store_schema_version,
                "case_count": count,
                "unreadable": unreadable,
                "exhibits": sorted(exhibits),
            }
            zf.writestr(MANIFEST, dumps_json(manifest, indent=1))
        return manifest

    return atomic_write(dest, write, durable=durable)


def _bad_backup(path: Path, detail: str) -> StoreCorruptError:
    return StoreCorruptError(
        f"La sauvegarde « {path} » est inutilisable : {detail}", path=path
    )


def verify_backup(path: Path) -> dict[str, Any]:
    """Reopen and check a backup zip; returns its manifest or raises ``StoreCorruptError``."""
    try:
        with zipfile.ZipFile(path) as zf:
            bad = zf.testzip()
            if bad is not None:
                raise _bad_backup(path, f"l'élément « {bad} » est abîmé.")
            names = zf.namelist()
            if MANIFEST not in names or STORE_FILE not in names:
                raise _bad_backup(path, "il manque le manifeste ou store.json.")
            manifest = parse_json_bytes(zf.read(MANIFEST), f"{path}!{MANIFEST}")
            if not isinstance(manifest, dict) or manifest.get("format") != BACKUP_FORMAT:
                raise _bad_backup(path, "manifeste inconnu.")
            unreadable = set(manifest.get("unreadable", []))
            if len(set(names)) != len(names):
                raise _bad_backup(path, "éléments en double.")
            cases = 0
            for name in names:
                if not allowed_member(name):
                    raise _bad_backup(path, f"élément inattendu « {name} ».")
                if name.startswith(f"{CASES_DIR}/"):
                    cases += 1
                if name != MANIFEST and name not in unreadable:
                    parse_json_bytes(zf.read(name), f"{path}!{name}")
            if cases != manifest.get("case_count"):
                raise _bad_backup(path, "le nombre de dossiers ne correspond pas au manifeste.")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise _bad_backup(path, f"archive illisible ({exc}).") from None
    except StoreCorruptError as exc:
        if exc.path == path:
            raise
        raise _bad_backup(path, exc.message) from None
    except OSError as exc:
        raise _bad_backup(path, f"lecture impossible ({french_os_error(exc)}).") from None
    return manifest


def backup_store_version(path: Path) -> Any:
    with zipfile.ZipFile(path) as zf:
        data = parse_json_bytes(zf.read(STORE_FILE), f"{path}!{STORE_FILE}")
    try:
        return data["meta"]["1"]["schema_version"]
    except (KeyError, TypeError):
        raise _bad_backup(path, "store.json n'a pas la structure attendue.") from None


def rotate(backups_dir: Path, keep: int, protect: Iterable[Path] = ()) -> list[Path]:
    """Delete the oldest backups beyond ``keep`` (never one in ``protect``)."""
    protected = {Path(p).resolve() for p in protect}
    removed = []
    for info in list_backups(backups_dir)[max(keep, 1):]:
        if info.path.resolve() in protected:
            continue
        try:
            info.path.unlink()
            removed.append(info.path)
            logger.info("Rotated out backup %s", info.path.name)
        except FileNotFoundError:
            pass  # rotated by another instance of a shared folder
        except OSError:
            logger.exception("Could not remove old backup %s", info.path)
    return removed


def extract_backup(path: Path, staging: Path, *, durable: bool = True) -> None:
    """Extract the backup's store.json, index and case files into ``staging``."""
    make_private_dir(staging)
    written: list[Path] = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name == MANIFEST or not allowed_member(name):
                continue
            target = staging.joinpath(*name.split("/"))
            make_private_dir(target.parent)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                         0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(zf.read(name))
                if durable and not hasattr(os, "sync"):
                    out.flush()
                    os.fsync(out.fileno())
            written.append(target)
    make_private_dir(staging / CASES_DIR)
    make_private_dir(staging / INDEX_DIR)
    if durable and hasattr(os, "sync"):
        os.sync()


def refresh_index_signatures(staging: Path) -> None:
    """Record the signatures of the staged case files in the staged index, so the index is
    trusted after the swap (renames keep inode and mtime)."""
    for shard_path in (staging / INDEX_DIR).glob("*.json"):
        data = read_json_file(shard_path)
        table = data.get("summaries", {}) if isinstance(data, dict) else {}
        for record in table.values():
            case_id = record.get("id", "") if isinstance(record, dict) else ""
            case_file = staging / CASES_DIR / case_id[:2] / f"{case_id}.json"
            if case_id and case_file.is_file():
                record["file"] = file_signature(case_file.stat())
        atomic_write_bytes(shard_path, dumps_json(data), durable=False)


def start_restore(data_dir: Path, staging: Path, *, durable: bool = True) -> None:
    """Record that ``staging`` is complete and must replace the live items."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    journal = {"staging": staging.name, "old": f"{TRASH_DIR}/restored-over-{stamp}"}
    atomic_write_bytes(data_dir / RESTORE_JOURNAL, dumps_json(journal), durable=durable)


def complete_restore(data_dir: Path, *, durable: bool = True) -> bool:
    """Finish a restore recorded in the journal; returns False if there was none."""
    journal_path = data_dir / RESTORE_JOURNAL
    try:
        journal = read_json_file(journal_path)
        staging = data_dir / journal["staging"]
        old = data_dir.joinpath(*journal["old"].split("/"))
    except FileNotFoundError:
        return False
    except (StoreError, KeyError, TypeError, AttributeError):
        raise StoreCorruptError(
            f"Le journal de restauration « {journal_path} » est illisible ; rien n'a été "
            "modifié. Contactez le support.",
            path=journal_path,
        ) from None
    make_private_dir(old)
    for item in SET_ASIDE_ITEMS:
        if (data_dir / item).exists():
            replace_with_retry(data_dir / item, old / item)
    for item in RESTORED_ITEMS:
        staged = staging / item
        if not staged.exists():
            continue  # already moved into place
        live = data_dir / item
        if live.exists():
            replace_with_retry(live, old / item)
        replace_with_retry(staged, live)
    if durable:
        fsync_dir(data_dir)
        fsync_dir(old)
    journal_path.unlink()
    shutil.rmtree(staging, ignore_errors=True)
    logger.info("Restore completed; previous data kept in %s", old)
    return True


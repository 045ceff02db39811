"""Atomic, durable file writes and the TinyDB storage built on them.

Write protocol (docs/store.md): the new content goes to a temporary file in the same folder
(name starting with ``TEMP_PREFIX``), is flushed and fsynced, then ``os.replace`` puts it in
place (retried briefly on Windows sharing violations) and the folder itself is fsynced
(POSIX only). A reader therefore sees either the whole old file or the whole new one. A failed
write removes its temporary, leaves the old file untouched and raises ``StoreWriteError``.
Temporaries left by a crash are removed when the store opens (``remove_orphan_temporaries``).
"""

from __future__ import annotations

import errno
import json
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, TypeVar

from dispute.oserrors import french_os_error
from store.errors import StoreCorruptError, StoreWriteError

logger = logging.getLogger(__name__)

TEMP_PREFIX = ".rt-tmp-"
"""Prefix of every temporary file or folder the store creates; such names are never data."""

IS_WINDOWS = os.name == "nt"
REPLACE_RETRY_DELAYS = (0.02, 0.05, 0.1, 0.2, 0.4)
"""Pauses between ``os.replace`` attempts when Windows reports a sharing violation
(antivirus, indexer or backup tool holding the target open for a moment)."""

T = TypeVar("T")


def write_error(exc: OSError, path: Path) -> StoreWriteError:
    """A French, typed error for a failed write of ``path``."""
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        message = (
            f"Le disque est plein : impossible d'enregistrer « {path} ». Libérez de la place "
            "puis réessayez. La version précédente du fichier est intacte."
        )
    elif isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        message = (
            f"Accès refusé : impossible d'enregistrer « {path} ». Vérifiez les droits sur le "
            "dossier de données ou qu'aucun autre programme ne bloque le fichier. "
            "La version précédente du fichier est intacte."
        )
    elif code == errno.EROFS:
        message = (
            f"Le disque est en lecture seule : impossible d'enregistrer « {path} ». "
            "La version précédente du fichier est intacte."
        )
    else:
        detail = french_os_error(exc)
        message = (
            f"Erreur d'écriture sur le disque ({detail}) : impossible d'enregistrer « {path} ». "
            "La version précédente du fichier est intacte."
        )
    return StoreWriteError(message, path=path, errno=code)


def make_private_dir(path: Path) -> None:
    """Create ``path`` (and missing parents) readable by the owner only where the OS
    supports it (``Path.mkdir`` would give the parents default permissions)."""
    path = Path(path)
    if path.is_dir():
        return
    missing = []
    while not path.exists() and path != path.parent:
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)


def fsync_dir(folder: Path) -> None:
    """Make a rename or creation inside ``folder`` durable. No-op on Windows."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_with_retry(src: Path, dst: Path) -> None:
    """``os.replace`` that retries a few times on Windows sharing violations."""
    for delay in (*REPLACE_RETRY_DELAYS, None):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if not IS_WINDOWS or delay is None:
                raise
            logger.warning("Replacing %s refused (file in use), retrying in %.2f s", dst, delay)
            time.sleep(delay)


def unlink_quietly(path: Path | str) -> None:
    """Remove a file if it is there; a failure is logged, not raised."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError:
        logger.warning("Could not remove %s", path, exc_info=True)


def open_temporary(folder: Path) -> tuple[int, Path]:
    """Create a new temporary file in ``folder`` (mode 0600, never an existing one: random
    name, ``O_EXCL``); returns its descriptor, open for writing, and its path. What
    ``tempfile.mkstemp`` does, without importing ``tempfile`` and ``random`` on the way to
    opening a store."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) \
        | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        path = Path(folder) / f"{TEMP_PREFIX}{os.urandom(8).hex()}.tmp"
        try:
            return os.open(path, flags, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))


def atomic_write(
    path: Path,
    writer: Callable[[IO[bytes]], T],
    *,
    durable: bool = True,
    sync_dir: bool = True,
    temp_dir: Path | None = None,
) -> T:
    """Write ``path`` atomically; ``writer`` receives the temporary file open in binary mode.

    ``temp_dir`` (same file system) holds the temporary instead of ``path``'s folder: the
    exhibits use ``exhibits/`` itself, so that a copy killed half-way leaves its temporary
    where the sweep at open finds it, not in one of thousands of case folders.

    ``sync_dir=False`` skips the folder fsync: after a power cut the file is then whole but
    may be the old one (used for the index, a cache that is reconciled at open).
    Whatever ``writer`` raises (or any ``OSError``, mapped to ``StoreWriteError``) leaves the
    old file untouched and no temporary behind.
    """
    path = Path(path)
    folder = path.parent
    tmp: Path | None = None
    try:
        fd, tmp = open_temporary(temp_dir or folder)
        with os.fdopen(fd, "wb") as fh:
            result = writer(fh)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        replace_with_retry(tmp, path)
    except BaseException as exc:
        if tmp is not None:
            unlink_quietly(tmp)
        if isinstance(exc, OSError):
            logger.error("Write of %s failed: %s", path, exc)
            raise write_error(exc, path) from exc
        raise
    if durable and sync_dir:
        try:
            fsync_dir(folder)
        except OSError:
            # The new file is in place; only its durability across a power loss is in doubt.
            # Reporting the save as failed would make the user retry a save that happened.
            logger.exception("fsync of folder %s failed after writing %s", folder, path.name)
    return result


def atomic_write_bytes(
    path: Path, data: bytes, *, durable: bool = True, sync_dir: bool = True
) -> None:
    atomic_write(path, lambda fh: fh.write(data), durable=durable, sync_dir=sync_dir)


def dumps_json(data: Any, *, indent: int | None = None) -> bytes:
    """UTF-8 JSON with ``ensure_ascii=False``.

    Text holding lone surrogates (possible in pasted text or odd file names) cannot be encoded
    in UTF-8; such a document is written with ``\\u`` escapes instead, which round-trips exactly.
    """
    separators = (",", ":") if indent is None else (",", ": ")
    text = json.dumps(
        data, ensure_ascii=False, allow_nan=False, indent=indent, separators=separators
    )
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(
            data, ensure_ascii=True, allow_nan=False, indent=indent, separators=separators
        )
        return text.encode("ascii")


def parse_json_bytes(raw: bytes, path: Path | str) -> Any:
    """Parse JSON read from ``path``; empty or invalid content raises ``StoreCorruptError``."""
    if not raw.strip():
        raise StoreCorruptError(f"Le fichier « {path} » est vide.", path=path)
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise StoreCorruptError(
            f"Le fichier « {path} » est illisible : ce n'est pas du texte UTF-8.", path=path
        ) from None
    except json.JSONDecodeError as exc:
        raise StoreCorruptError(
            f"Le fichier « {path} » est illisible (JSON invalide ligne {exc.lineno}, "
            f"colonne {exc.colno} : fichier tronqué ou abîmé).",
            path=path,
        ) from None


def read_json_file(path: Path) -> Any:
    """Read and parse ``path``. ``FileNotFoundError`` passes through."""
    with open(path, "rb") as fh:
        raw = fh.read()
    return parse_json_bytes(raw, path)


def remove_orphan_temporaries(folder: Path, *, min_age: float = 0.0) -> int:
    """Remove temporaries (``TEMP_PREFIX``) left in ``folder`` by an interrupted write.

    ``min_age`` (seconds): keep younger ones. A shared data folder passes an hour, since
    another instance may be writing its temporary at this very moment.
    """
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return 0
    now = time.time()
    for entry in entries:
        if not entry.name.startswith(TEMP_PREFIX):
            continue
        try:
            if min_age and now - entry.stat(follow_symlinks=False).st_mtime < min_age:
                continue
            if entry.is_dir(follow_symlinks=False):
                import shutil

                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed += 1
            logger.info("Removed orphan temporary %s", entry.path)
        except OSError:
            logger.exception("Could not remove orphan temporary %s", entry.path)
    return removed


def __getattr__(name: str) -> Any:
    # The TinyDB storage is loaded with TinyDB, when a database file is first used: opening
    # a store and listing its cases needs neither (bench/store_scale.py).
    if name == "AtomicJSONStorage":
        from store.tinystorage import AtomicJSONStorage

        return AtomicJSONStorage
    raise AttributeError(name)

"""Second-instance guard: an OS lock on ``data_dir/.lock`` plus a small info file.

The lock is ``fcntl.flock(LOCK_EX | LOCK_NB)`` on POSIX and ``msvcrt.locking(LK_NBLCK)`` on
Windows, on a file descriptor held while the store is open. Both belong to the open file,
not to the process: a second ``open`` of the same folder, even in the same process, is
refused, and the OS releases the lock when the holder dies, even by SIGKILL or a power cut,
so there is no stale lock to clean. ``.lock.info`` only serves the message shown to the
second instance (who and since when; the holder's pid and host go to the log).

This used ``filelock`` until its import (``inspect``, ``secrets``, ``hashlib``, ``platform``,
``decimal``) became 6 ms of every start-up (bench/startup.py, docs/benchmarks.md) for one
non-blocking call; the two calls it made for us are the ones below.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

from store.atomic import atomic_write_bytes, dumps_json, write_error
from store.errors import StoreLockedError

logger = logging.getLogger(__name__)

LOCK_NAME = ".lock"
INFO_NAME = ".lock.info"


_BUSY = {errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, errno.EDEADLK}
"""``errno`` values meaning "locked by someone else" (``msvcrt`` reports EACCES or EDEADLK)."""

if sys.platform == "win32":  # pragma: no cover - exercised by the Windows build
    import msvcrt

    def _try_lock(fd: int, shared: bool = False) -> None:
        if shared:
            return  # msvcrt has no shared lock: a shared folder relies on its protocol alone
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

    def _host() -> str:
        return os.environ.get("COMPUTERNAME", "")

else:
    import fcntl

    def _try_lock(fd: int, shared: bool = False) -> None:
        fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

    def _host() -> str:
        return os.uname().nodename


def _user() -> str:
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):  # getpass.getuser()'s order
        if user := os.environ.get(name):
            return user
    # then the password database, as getuser() does; its module (getpass) would also import
    # termios, for nothing here (a start without USER: systemd units, containers)
    try:
        import pwd

        return pwd.getpwuid(os.getuid())[0]
    except Exception:  # noqa: BLE001 - no pwd module (Windows), no entry for this uid
        return ""


def _read_holder(info_path: Path) -> dict:
    """What ``.lock.info`` says of the holder (pid, host, user, started), or {}."""
    try:
        info = json.loads(info_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def _describe_holder(info_path: Path) -> str:
    """Who holds the folder and since when, as a person says it: `` par l'utilisateur
    « marie » sur cet ordinateur depuis le 22/11/2026 à 09:14`` (« sur l'ordinateur
    « poste-accueil » » for another machine), or "" when nothing is known. The process id
    and the machine's name go to the log, not to the message (fresh-eyes 25)."""
    info = _read_holder(info_path)
    if not info:
        return ""
    logger.info("Data folder %s held by process %s on host %r, user %r, since %s",
                info_path.parent, info.get("pid"), info.get("host"), info.get("user"),
                info.get("started"))
    parts = []
    user = info.get("user")
    if isinstance(user, str) and user:
        parts.append(f"par l'utilisateur « {user} »")
    host = info.get("host")
    if isinstance(host, str) and host:
        parts.append("sur cet ordinateur" if host == _host()
                     else f"sur l'ordinateur « {host} »")
    try:
        started = datetime.fromisoformat(info["started"]).astimezone()
        parts.append(f"depuis le {started:%d/%m/%Y à %H:%M}")
    except (KeyError, TypeError, ValueError):
        pass
    return f" {' '.join(parts)}" if parts else ""


class StoreLock:
    """Exclusive lock on a data folder. ``acquire`` raises ``StoreLockedError`` if taken."""

    def __init__(self, data_dir: Path, *, durable: bool = True, shared: bool = False) -> None:
        self.data_dir = Path(data_dir)
        self.durable = durable
        self.shared = shared
        """Shared mode: a shared OS lock, held by every instance of a shared folder; it only
        keeps out an instance opening the folder alone (and is not relied upon)."""
        self._fd: int | None = None

    @property
    def info_path(self) -> Path:
        return self.data_dir / INFO_NAME

    @property
    def is_locked(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        if self._fd is not None:
            return
        path = self.data_dir / LOCK_NAME
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        except OSError as exc:
            raise write_error(exc, path) from exc
        try:
            _try_lock(fd, self.shared)
        except OSError as exc:
            os.close(fd)
            if exc.errno not in _BUSY:
                raise write_error(exc, path) from exc
            holder = _describe_holder(self.info_path)
            if self.shared:
                raise StoreLockedError(
                    f"Le dossier de données « {self.data_dir} » est ouvert seul (hors mode "
                    f"partagé) dans Recours Télécom{holder or ' sur un autre poste'}. "
                    "Fermez Recours Télécom là-bas avant de l'ouvrir en mode partagé.",
                    path=self.data_dir,
                ) from None
            raise StoreLockedError(
                f"Le dossier de données « {self.data_dir} » est déjà ouvert dans Recours "
                f"Télécom{holder or ', dans une autre fenêtre'}. Fermez cette fenêtre de "
                "Recours Télécom avant d'ouvrir ce dossier.",
                path=self.data_dir,
            ) from None
        self._fd = fd
        if self.shared:
            return  # the info file describes a holder alone in the folder
        info = {
            "pid": os.getpid(),
            "host": _host(),
            "user": _user(),
            "started": datetime.now(timezone.utc).isoformat(),
        }
        try:
            atomic_write_bytes(self.info_path, dumps_json(info), durable=False)
        except Exception:  # noqa: BLE001 - the info file only improves a message
            logger.warning("Could not write lock info file %s", self.info_path, exc_info=True)

    def try_exclusive(self) -> bool:
        """Turn a shared lock into an exclusive one if no other instance holds it (restore
        needs the folder alone); False if another does."""
        if self._fd is None:
            return False
        if not self.shared:
            return True
        try:
            _try_lock(self._fd, False)
        except OSError:
            return False
        return True

    def back_to_shared(self) -> None:
        if self._fd is not None and self.shared:
            try:
                _try_lock(self._fd, True)
            except OSError:
                logger.warning("Could not return to a shared lock", exc_info=True)

    def release(self) -> None:
        fd = self._fd
        if fd is None:
            return
        if self.shared:
            self._fd = None
            try:
                _unlock(fd)
            except OSError:
                pass
            finally:
                os.close(fd)
            return
        try:
            info = json.loads(self.info_path.read_text(encoding="utf-8"))
            if isinstance(info, dict) and info.get("pid") == os.getpid():
                self.info_path.unlink()
        except (OSError, ValueError):
            pass
        self._fd = None
        try:
            _unlock(fd)
        except OSError:  # closing the descriptor releases the lock anyway
            logger.debug("Unlock of %s failed; closing releases it", self.data_dir, exc_info=True)
        finally:
            os.close(fd)

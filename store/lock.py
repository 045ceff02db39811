"""Second-instance guard: an OS lock on ``data_dir/.lock`` plus a small info file.

The lock itself is ``filelock.FileLock`` (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on
Windows) taken with timeout 0: the OS releases it when the holder dies, even by SIGKILL or a
power cut, so there is no stale lock to clean. ``.lock.info`` only serves the message shown to
the second instance (pid, host, user, start time of the holder).
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import socket
from datetime import datetime, timezone
from pathlib import Path

import filelock

from store.atomic import atomic_write_bytes, dumps_json
from store.errors import StoreLockedError

logger = logging.getLogger(__name__)

LOCK_NAME = ".lock"
INFO_NAME = ".lock.info"


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - getuser raises various errors without a user name
        return ""


def _describe_holder(info_path: Path) -> str:
    """`` (processus 123 sur « poste », depuis le 22/11/2026 à 09:14)`` or empty."""
    try:
        info = json.loads(info_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    if not isinstance(info, dict):
        return ""
    parts = []
    if info.get("pid"):
        parts.append(f"processus {info['pid']}")
    if info.get("host"):
        parts.append(f"sur « {info['host']} »")
    if info.get("user"):
        parts.append(f"pour l'utilisateur « {info['user']} »")
    try:
        started = datetime.fromisoformat(info["started"]).astimezone()
        parts.append(f"depuis le {started:%d/%m/%Y à %H:%M}")
    except (KeyError, TypeError, ValueError):
        pass
    return f" ({' '.join(parts)})" if parts else ""


class StoreLock:
    """Exclusive lock on a data folder. ``acquire`` raises ``StoreLockedError`` if taken."""

    def __init__(self, data_dir: Path, *, durable: bool = True) -> None:
        self.data_dir = Path(data_dir)
        self.durable = durable
        self._lock = filelock.FileLock(
            self.data_dir / LOCK_NAME, timeout=0, thread_local=False
        )

    @property
    def info_path(self) -> Path:
        return self.data_dir / INFO_NAME

    @property
    def is_locked(self) -> bool:
        return self._lock.is_locked

    def acquire(self) -> None:
        try:
            self._lock.acquire(timeout=0)
        except filelock.Timeout:
            holder = _describe_holder(self.info_path)
            raise StoreLockedError(
                f"Le dossier de données « {self.data_dir} » est déjà utilisé par une autre "
                f"instance de Recours Télécom{holder}. Fermez-la avant d'ouvrir ce dossier.",
                path=self.data_dir,
            ) from None
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "user": _user(),
            "started": datetime.now(timezone.utc).isoformat(),
        }
        try:
            atomic_write_bytes(self.info_path, dumps_json(info), durable=False)
        except Exception:  # noqa: BLE001 - the info file only improves a message
            logger.warning("Could not write lock info file %s", self.info_path, exc_info=True)

    def release(self) -> None:
        if not self._lock.is_locked:
            return
        try:
            info = json.loads(self.info_path.read_text(encoding="utf-8"))
            if isinstance(info, dict) and info.get("pid") == os.getpid():
                self.info_path.unlink()
        except (OSError, ValueError):
            pass
        self._lock.release(force=True)

"""Typed errors raised by ``store/``, each with a French ``message`` for the user.

The GUI catches ``StoreError`` at its edge and shows ``message``; ``path`` (when known)
names the file or folder concerned so that support can find it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from dispute.oserrors import french_os_error  # noqa: F401 - re-exported for store/

logger = logging.getLogger(__name__)


class StoreError(Exception):
    """Base class. ``message`` is a complete French sentence meant for the user."""

    def __init__(self, message: str, *, path: Path | str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None


class StoreLockedError(StoreError):
    """Another instance of the application uses the same data folder."""


class StoreReadOnlyError(StoreError):
    """A write asked of a store opened read-only (``CaseStore.open_read_only``); nothing was
    written."""


class StoreCorruptError(StoreError):
    """store.json, an index file or a backup cannot be read; nothing was replaced."""


class StoreVersionError(StoreError):
    """The store or a case was written by a newer version of the application."""


class StoreWriteError(StoreError):
    """A write failed (disk full, access denied...); the previous file is untouched."""

    def __init__(
        self, message: str, *, path: Path | str | None = None, errno: int | None = None
    ) -> None:
        super().__init__(message, path=path)
        self.errno = errno


class CaseNotFoundError(StoreError):
    """No case with this id in the store."""


class CaseCorruptError(StoreError):
    """A case file exists but cannot be read as a case; it is never overwritten."""


class ConcurrentChangeError(StoreError):
    """The stored revision differs from the one being saved: saving would lose a change.

    ``current`` is the other version (the case as stored now), when it can be read; None
    when the case was deleted meanwhile."""

    def __init__(self, message: str, *, path: Path | str | None = None,
                 current: object | None = None) -> None:
        super().__init__(message, path=path)
        self.current = current


class ExhibitError(StoreError):
    """An exhibit file is refused (link, special file, size or hash mismatch...)."""


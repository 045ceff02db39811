"""Persistence: TinyDB made durable (docs/store.md). Only this package imports tinydb."""

from store.errors import (
    CaseCorruptError,
    CaseNotFoundError,
    ConcurrentChangeError,
    ExhibitError,
    StoreCorruptError,
    StoreError,
    StoreLockedError,
    StoreReadOnlyError,
    StoreVersionError,
    StoreWriteError,
)
from store.store import CaseStore
from store.summary import CaseSummary, Summarizer



def __getattr__(name: str):
    # Loaded on first use: opening a store and listing its cases needs none of them.
    if name == "ExhibitProblem":
        from store.exhibits import ExhibitProblem

        return ExhibitProblem
    if name in ("log_dir", "resolve_data_dir"):
        from store import paths

        return getattr(paths, name)
    if name == "BackupInfo":  # loaded lazily: store.backup pulls in zipfile
        from store.backup import BackupInfo

        return BackupInfo
    if name in ("CaseLockedError", "CaseLockInfo"):  # shared mode only
        from store import caselocks

        return getattr(caselocks, name)
    raise AttributeError(name)


__all__ = [
    "BackupInfo",
    "CaseCorruptError",
    "CaseLockInfo",
    "CaseLockedError",
    "CaseNotFoundError",
    "CaseStore",
    "CaseSummary",
    "ConcurrentChangeError",
    "ExhibitError",
    "ExhibitProblem",
    "StoreCorruptError",
    "StoreError",
    "StoreLockedError",
    "StoreReadOnlyError",
    "StoreVersionError",
    "StoreWriteError",
    "Summarizer",
    "log_dir",
    "resolve_data_dir",
]

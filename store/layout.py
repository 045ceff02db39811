"""Names of the files and folders inside a data folder (docs/store.md, "Layout")."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

STORE_FILE = "store.json"
CASES_DIR = "cases"
INDEX_DIR = "index"
EXHIBITS_DIR = "exhibits"
BACKUPS_DIR = "backups"
TRASH_DIR = "trash"
RESTORE_JOURNAL = "restore-journal.json"
SKELETON = (CASES_DIR, INDEX_DIR, EXHIBITS_DIR, BACKUPS_DIR, TRASH_DIR)

CASE_TABLE = "case"
"""TinyDB table of a case file; it holds one document, id 1: the case dict."""
CASE_DOC_ID = 1
META_TABLE = "meta"

_CASE_ID_RE = re.compile(r"^[0-9a-z][0-9a-z_-]{2,63}$")
_WINDOWS_DEVICES = {"con", "prn", "aux", "nul"} | {
    f"{p}{i}" for p in ("com", "lpt") for i in range(10)
}


def is_valid_case_id(case_id: Any) -> bool:
    """Ids become file names: lowercase ASCII letters, digits, ``_`` and ``-`` (3 to 64),
    no Windows device name. ``dispute.model.new_id`` always qualifies."""
    return (
        isinstance(case_id, str)
        and bool(_CASE_ID_RE.fullmatch(case_id))
        and case_id not in _WINDOWS_DEVICES
    )


def check_case_id(case_id: Any) -> str:
    if not is_valid_case_id(case_id):
        raise ValueError(f"identifiant de dossier invalide : {case_id!r}")
    return case_id


def case_path(data_dir: Path, case_id: str) -> Path:
    return data_dir / CASES_DIR / case_id[:2] / f"{case_id}.json"


def exhibit_dir(data_dir: Path, case_id: str) -> Path:
    return data_dir / EXHIBITS_DIR / case_id


def file_signature(st: os.stat_result) -> dict[str, int]:
    """What the index records of a case file to notice a change cheaply at open.

    Every atomic write creates a new inode, so on POSIX the inode number catches a rewrite
    even when size and mtime look equal. Windows' ``os.scandir`` reports no inode: 0 there.
    """
    return {
        "mtime_ns": st.st_mtime_ns,
        "size": st.st_size,
        "ino": st.st_ino if os.name == "posix" else 0,
    }

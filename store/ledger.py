"""The revision ledger of a shared data folder: the compare-and-swap that no second writer can
pass unnoticed, even where OS locks do not hold (docs/store.md, « Shared mode »).

Saving revision N+1 of a case first PUBLISHES it as ``ledger/<id[:2]>/<id>.<N+1>.json`` with
``os.link(temporary, entry)``: a hard link is created whole (the complete, fsynced file) or
not at all, and fails with ``FileExistsError`` when the name exists — on a local disk, NFS and
SMB alike, with no lock and no lease. Exactly one writer wins revision N+1; the other is told
and given that version. Only then is the case file ``cases/<id[:2]>/<id>.json`` replaced
(« materialised »). Readers roll forward: a ledger entry newer than the case file is the
current version (a writer killed between its link and its rename, or still between them).

Entries are pruned by the next writer of the case once they are a day old (``KEEP_SECONDS``):
never a number that a writer who checked the case a moment ago could still try to publish,
which is what makes the link alone decisive. An entry is the size of a case file (~10 KB):
the ledger holds a day of shared saves.
"""

from __future__ import annotations

import logging
import os
import re
import time
from pathlib import Path

from store.atomic import fsync_dir, make_private_dir

logger = logging.getLogger(__name__)

LEDGER_DIR = "ledger"
KEEP_SECONDS = 86400.0
"""Age after which a ledger entry is pruned."""
_ENTRY_RE = re.compile(r"^([0-9a-z][0-9a-z_-]{2,63})\.([0-9]{1,12})\.json$")


def ledger_dir(data_dir: Path, case_id: str) -> Path:
    return data_dir / LEDGER_DIR / case_id[:2]


def entry_path(data_dir: Path, case_id: str, revision: int) -> Path:
    return ledger_dir(data_dir, case_id) / f"{case_id}.{revision}.json"


def publish(temporary: Path, data_dir: Path, case_id: str, revision: int, *,
            durable: bool = True) -> bool:
    """Link the complete ``temporary`` as revision ``revision``; False if it exists (someone
    else published it first). OSError (disk, rights, no hard links) passes through."""
    folder = ledger_dir(data_dir, case_id)
    if not folder.is_dir():
        make_private_dir(folder)
        if durable:
            fsync_dir(folder.parent)
    try:
        os.link(temporary, entry_path(data_dir, case_id, revision))
    except FileExistsError:
        return False
    if durable:
        fsync_dir(folder)
    return True


def exists(data_dir: Path, case_id: str, revision: int) -> bool:
    return os.path.lexists(entry_path(data_dir, case_id, revision))


def latest_after(data_dir: Path, case_id: str, revision: int) -> int:
    """The highest revision reachable from ``revision`` through consecutive ledger entries
    (``revision`` itself when the next one is absent): one ``lstat`` when nothing is new."""
    while exists(data_dir, case_id, revision + 1):
        revision += 1
    return revision


def prune(data_dir: Path, case_id: str, *, keep_seconds: float = KEEP_SECONDS) -> None:
    """Remove the entries of ``case_id`` older than ``keep_seconds``."""
    folder = ledger_dir(data_dir, case_id)
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return
    limit = time.time() - keep_seconds
    for name in names:
        match = _ENTRY_RE.match(name)
        if not match or match.group(1) != case_id:
            continue
        try:
            if os.stat(folder / name).st_mtime < limit:
                os.unlink(folder / name)
        except FileNotFoundError:
            pass
        except OSError:
            logger.warning("Ledger entry %s not pruned", name, exc_info=True)


def entries(data_dir: Path) -> dict[str, int]:
    """The highest ledger revision of every case that has entries (used at open)."""
    out: dict[str, int] = {}
    root = data_dir / LEDGER_DIR
    try:
        prefixes = list(os.scandir(root))
    except FileNotFoundError:
        return out
    for prefix in prefixes:
        if not prefix.is_dir(follow_symlinks=False):
            continue
        for entry in os.scandir(prefix.path):
            match = _ENTRY_RE.match(entry.name)
            if match:
                case_id, revision = match.group(1), int(match.group(2))
                if revision > out.get(case_id, -1):
                    out[case_id] = revision
    return out

"""Edit locks of a shared data folder: who is editing which case (docs/store.md, « Shared
mode »).

A lock is the file ``locks/<case id>.json``, created with ``O_CREAT | O_EXCL`` (atomic on a
local disk, NFS v3+ and SMB: exactly one instance creates it) and holding the user, machine,
process, instance and the times it was taken and last refreshed. The holder refreshes it every
``REFRESH_SECONDS`` (a background thread of the store); a lock not refreshed for
``STALE_SECONDS`` is stale (its holder was killed, lost the network or its machine stopped):
another instance may take it over, after telling its user. Other instances open the case
read-only meanwhile, with « en cours de modification par … depuis … ».

The lock is advisory, for people: the data itself is protected by the revision ledger
(store/ledger.py), which holds even when two instances both believe they hold a lock.
Staleness compares the holder's refresh time with this machine's clock: the machines must
agree on the time within a minute (any domain or NTP-synchronised office does).
"""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple

from store.atomic import TEMP_PREFIX, atomic_write_bytes, dumps_json, make_private_dir
from store.errors import StoreError

logger = logging.getLogger(__name__)

LOCKS_DIR = "locks"
REFRESH_SECONDS = 30.0
STALE_SECONDS = 120.0


class CaseLockInfo(NamedTuple):
    """Who holds (or held) an edit lock."""

    case_id: str
    user: str = ""
    host: str = ""
    pid: int = 0
    instance: str = ""
    since: datetime | None = None
    refreshed: datetime | None = None

    def age(self, now: datetime | None = None) -> float:
        """Seconds since the holder last refreshed it."""
        if self.refreshed is None:
            return float("inf")
        return ((now or _now()) - self.refreshed).total_seconds()

    def describe(self) -> str:
        """« marie sur « poste-accueil » depuis le 22/11/2026 à 09:14 »."""
        who = self.user or "un autre utilisateur"
        where = f" sur « {self.host} »" if self.host else ""
        when = ""
        if self.since is not None:
            local = self.since.astimezone()
            when = f" depuis le {local:%d/%m/%Y à %H:%M}"
        return f"{who}{where}{when}"


class CaseLockedError(StoreError):
    """Another instance holds the case's edit lock. ``holder`` says who; ``stale`` is True
    when its holder stopped refreshing it (it may then be taken over)."""

    def __init__(self, message: str, *, holder: CaseLockInfo, stale: bool,
                 path: Path | None = None) -> None:
        super().__init__(message, path=path)
        self.holder = holder
        self.stale = stale


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _user() -> str:
    from store.lock import _user as user

    return user()


def _host() -> str:
    from store.lock import _host as host

    return host()


def lock_path(data_dir: Path, case_id: str) -> Path:
    return data_dir / LOCKS_DIR / f"{case_id}.json"


def _parse_time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def read_lock(data_dir: Path, case_id: str) -> CaseLockInfo | None:
    """The lock's holder, or None when the case is not locked. A lock file being created
    (still empty) or damaged is dated by its modification time."""
    path = lock_path(data_dir, case_id)
    try:
        raw = path.read_bytes()
        mtime = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
    except FileNotFoundError:
        return None
    except OSError:
        logger.warning("Lock file %s unreadable", path, exc_info=True)
        return CaseLockInfo(case_id)
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError
    except ValueError:
        return CaseLockInfo(case_id, since=mtime, refreshed=mtime)
    pid = data.get("pid")
    return CaseLockInfo(
        case_id,
        user=str(data.get("user") or ""),
        host=str(data.get("host") or ""),
        pid=pid if isinstance(pid, int) else 0,
        instance=str(data.get("instance") or ""),
        since=_parse_time(data.get("since")),
        refreshed=_parse_time(data.get("refreshed")) or mtime,
    )


class CaseLocks:
    """The edit locks this instance holds in one data folder."""

    def __init__(self, data_dir: Path, instance: str, *, stale_after: float = STALE_SECONDS,
                 durable: bool = True) -> None:
        self.data_dir = data_dir
        self.instance = instance
        self.stale_after = stale_after
        self.durable = durable
        self.held: dict[str, CaseLockInfo] = {}
        self.lost: set[str] = set()
        """Locks taken over by another instance while this one believed it held them."""

    def _content(self, info: CaseLockInfo) -> bytes:
        return dumps_json({
            "case_id": info.case_id, "user": info.user, "host": info.host, "pid": info.pid,
            "instance": info.instance,
            "since": info.since.isoformat() if info.since else None,
            "refreshed": info.refreshed.isoformat() if info.refreshed else None,
        })

    def _mine(self, case_id: str) -> CaseLockInfo:
        now = _now()
        return CaseLockInfo(case_id, user=_user(), host=_host(), pid=os.getpid(),
                            instance=self.instance, since=now, refreshed=now)

    def acquire(self, case_id: str, *, take_over: bool = False) -> CaseLockInfo:
        """Take the edit lock of ``case_id``. Raises CaseLockedError when another instance
        holds it; with ``take_over=True`` a STALE lock is taken over (a live one never)."""
        if case_id in self.held and case_id not in self.lost:
            return self.held[case_id]
        path = lock_path(self.data_dir, case_id)
        make_private_dir(path.parent)
        for _attempt in range(3):
            mine = self._mine(case_id)
            if self._create(path, mine):
                self.held[case_id] = mine
                self.lost.discard(case_id)
                return mine
            holder = read_lock(self.data_dir, case_id)
            if holder is None:
                continue  # released meanwhile: try again
            if holder.instance == self.instance:
                self.held[case_id] = holder
                self.lost.discard(case_id)
                return holder
            stale = holder.age() > self.stale_after
            if not (take_over and stale):
                raise self._locked_error(holder, stale, path)
            if self._take_over(path, holder):
                continue  # the stale file is gone: create ours
        holder = read_lock(self.data_dir, case_id) or CaseLockInfo(case_id)
        raise self._locked_error(holder, holder.age() > self.stale_after, path)

    def _create(self, path: Path, info: CaseLockInfo) -> bool:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                         | getattr(os, "O_BINARY", 0), 0o600)
        except FileExistsError:
            return False
        with os.fdopen(fd, "wb") as fh:
            fh.write(self._content(info))
            fh.flush()
            if self.durable:
                os.fsync(fh.fileno())
        return True

    def _take_over(self, path: Path, stale: CaseLockInfo) -> bool:
        """Move the stale lock file aside under a unique name (only one instance can move a
        given file) and check it is the one judged stale; if it is a fresh one (refreshed or
        re-created meanwhile) it is put back. Returns True when the stale file is gone."""
        aside = path.with_name(f"{TEMP_PREFIX}{path.stem}-{os.urandom(4).hex()}.stale")
        try:
            os.rename(path, aside)
        except FileNotFoundError:
            return True
        moved = read_lock_file(aside, stale.case_id)
        same = (moved is None and not stale.instance) or (
            moved is not None and moved.refreshed == stale.refreshed
            and moved.instance == stale.instance)
        if same:
            os.unlink(aside)
            logger.warning("Stale edit lock of case %s (%s) taken over", stale.case_id,
                           stale.describe())
            return True
        try:  # not the one we judged stale: give it back unless a new one was made
            os.link(aside, path)
        except OSError:
            pass
        os.unlink(aside)
        return False

    def _locked_error(self, holder: CaseLockInfo, stale: bool, path: Path) -> CaseLockedError:
        if stale:
            message = (
                f"Ce dossier a été verrouillé par {holder.describe()}, mais ce poste ne "
                f"signale plus rien depuis {int(holder.age() // 60)} min (arrêté, ou coupé "
                "du réseau). Vous pouvez reprendre la main : si l'autre poste enregistre "
                "encore, ses modifications seront refusées et il sera prévenu."
            )
        else:
            message = (
                f"Ce dossier est en cours de modification par {holder.describe()}. Il "
                "s'ouvre en lecture seule ; il sera modifiable quand l'autre poste l'aura "
                "fermé."
            )
        return CaseLockedError(message, holder=holder, stale=stale, path=path)

    def release(self, case_id: str) -> None:
        info = self.held.pop(case_id, None)
        self.lost.discard(case_id)
        if info is None:
            return
        path = lock_path(self.data_dir, case_id)
        current = read_lock(self.data_dir, case_id)
        if current is not None and current.instance == self.instance:
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass

    def refresh(self) -> None:
        """Rewrite the refresh time of every lock held (called every REFRESH_SECONDS); a
        lock another instance took over is moved to ``lost``."""
        for case_id, info in list(self.held.items()):
            current = read_lock(self.data_dir, case_id)
            if current is None or current.instance != self.instance:
                self.lost.add(case_id)
                continue
            renewed = CaseLockInfo(case_id, info.user, info.host, info.pid, info.instance,
                                   info.since, _now())
            try:
                atomic_write_bytes(lock_path(self.data_dir, case_id), self._content(renewed),
                                   durable=False)
                self.held[case_id] = renewed
            except StoreError:
                logger.warning("Edit lock of %s not refreshed", case_id, exc_info=True)

    def release_all(self) -> None:
        for case_id in list(self.held):
            try:
                self.release(case_id)
            except OSError:
                logger.warning("Edit lock of %s not released", case_id, exc_info=True)


def read_lock_file(path: Path, case_id: str) -> CaseLockInfo | None:
    """``read_lock`` for a lock file moved aside."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    return CaseLockInfo(case_id, instance=str(data.get("instance") or ""),
                        refreshed=_parse_time(data.get("refreshed")))

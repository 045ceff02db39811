"""The fold lock of a shared index: one instance at a time rewrites index shards.

In a shared data folder every instance folds its own journal into the shards (store/index.py).
A fold reads a shard, lays its own changes over it and replaces it; two folds of one shard at
once would let the later rename drop what the earlier one added, and its journal is deleted
right after. So folds take ``index/.fold.lock``, created with ``O_CREAT | O_EXCL`` (exactly one
creator on a local disk, NFS v3+ and SMB). The holder touches it after each shard it writes;
a lock untouched for ``STALE_SECONDS`` was left by an instance killed or cut off mid-fold and
is taken over (moved aside under a unique name, checked to be the very file judged stale).

Nothing depends on the lock for the case files themselves: a fold that cannot get it keeps its
journal (other instances read journals too) and tries again at the next compaction or close.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from store.atomic import TEMP_PREFIX

logger = logging.getLogger(__name__)

LOCK_NAME = ".fold.lock"
STALE_SECONDS = 120.0
"""A fold lock untouched for this long (seconds) belongs to an instance gone mid-fold."""
POLL_SECONDS = 0.02


class FoldLock:
    def __init__(self, index_dir: Path) -> None:
        self.path = index_dir / LOCK_NAME
        self._ino: int | None = None

    def acquire(self, timeout: float) -> bool:
        """Take the lock, waiting up to ``timeout`` seconds for another holder; False if
        it is still held then."""
        deadline = time.monotonic() + timeout
        while True:
            if self._create():
                return True
            try:
                st = os.stat(self.path)
            except FileNotFoundError:
                continue  # released meanwhile
            if time.time() - st.st_mtime > STALE_SECONDS:
                self._take_over(st)
                continue
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL_SECONDS)

    def _create(self) -> bool:
        import socket  # not on the way to opening a store: only when a fold runs

        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                         | getattr(os, "O_BINARY", 0), 0o600)
        except FileExistsError:
            return False
        try:
            os.write(fd, f"{socket.gethostname()} {os.getpid()}\n".encode("utf-8", "replace"))
            self._ino = os.fstat(fd).st_ino
        finally:
            os.close(fd)
        return True

    def _take_over(self, stale: os.stat_result) -> None:
        aside = self.path.with_name(f"{TEMP_PREFIX}fold-{os.urandom(4).hex()}.stale")
        try:
            os.rename(self.path, aside)
        except FileNotFoundError:
            return  # another instance took it over first
        moved = os.stat(aside)
        if (moved.st_ino, moved.st_mtime_ns) != (stale.st_ino, stale.st_mtime_ns):
            try:  # a fresh lock made meanwhile: given back unless yet another one exists
                os.link(aside, self.path)
            except OSError:
                pass
        else:
            logger.warning("Stale index fold lock %s taken over", self.path)
        os.unlink(aside)

    def touch(self) -> None:
        """Tell other instances the holder is alive (after each shard written)."""
        try:
            os.utime(self.path)
        except OSError:
            pass

    def release(self) -> None:
        """Remove the lock if it is still ours (not taken over from a stalled holder)."""
        ino, self._ino = self._ino, None
        try:
            if ino is not None and os.stat(self.path).st_ino == ino:
                os.unlink(self.path)
        except OSError:
            pass

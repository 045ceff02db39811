"""The case log: a write-ahead log of whole case files, so that a durable save waits for
one flush instead of two, and for no rename (docs/store.md, « The case log »).

Without it, a save writes the case file under a temporary name, fsyncs it, renames it
over the case file and fsyncs the folder: two flushes, each a journal commit of the file
system, and a rename that makes ext4 start writing the new file back at once. SQLite in
WAL mode needs one flush (issue 13 compares a save with it). With the log, a save:

1. writes the new case file under a temporary name next to the case file (no fsync): a
   full disk fails here, before anything else is touched;
2. appends the whole file, as a record, to the active log (``wal/0.log`` or ``wal/1.log``)
   and flushes the log with ``fdatasync``: the save's only flush. A log is overwritten
   from its start once emptied, never truncated, so that flush writes data, not file-system
   metadata.

The save is acknowledged then. Until the temporary is renamed over the case file, readers
of this store (``CaseStore`` consults ``unapplied``) get the logged version; the case file
still holds the previous one, whole. The renames are made in the background (« checkpoint
», below), or at once by anything that reads case files directly (backup) or removes them
(deletion, restore).

A kill at any point leaves every case file old or new, and the log holds every
acknowledged version: at the next open ``recover`` puts each case's latest logged version
in place if the file does not already hold it (after a power cut a renamed file may also be
lost or torn: its data was not flushed), makes those files durable, then empties the logs.

Checkpoint of a log: the latest version of every case it holds is renamed into place (one
saved again meanwhile gets its newer version), each of those files is fsynced, then their
folders, then the log gets a new salt (records of an older salt are never read again).
Saves go to the other log meanwhile. A background thread checkpoints the active log once
saves pause for ``IDLE_SECONDS`` or the log passes ``SWITCH_BYTES``; ``close`` checkpoints
both.

Record: ``tag`` (``CASE``; ``VOID`` for a record whose flush failed), the log's salt, a
sequence number (ordering across both logs and sessions), the payload length and a CRC-32
of sequence, length and payload; the payload is the case id, its revision and the case
file's bytes. Reading stops at the first record that is torn, of another salt or fails its
CRC.

Used for folders used alone, with durable writes, on POSIX. Shared folders keep the ledger
(store/ledger.py), whose publication is the save; Windows has no folder fsync, so a save
there already flushes once.
"""

from __future__ import annotations

import logging
import os
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from store.atomic import fsync_dir, make_private_dir, replace_with_retry, unlink_quietly

logger = logging.getLogger(__name__)

LOG_DIR = "wal"
LOG_NAMES = ("0.log", "1.log")
MAGIC = b"RTCLOG1\n"
HEADER = struct.Struct("<8s8s16x")
RECORD = struct.Struct("<4s8sQII")
SEQ_LENGTH = struct.Struct("<QI")
REVISION = struct.Struct("<Q")
CASE_TAG = b"CASE"
VOID_TAG = b"VOID"
MAX_PAYLOAD = 1 << 30
SWITCH_BYTES = 4 << 20
"""Size after which saves go to the other log and this one is checkpointed."""
IDLE_SECONDS = 1.0
"""Pause in saves after which the active log is checkpointed (the case files caught up)."""
RETRY_SECONDS = 5.0
"""Wait before trying again a checkpoint that failed (disk full, I/O error)."""

_datasync = getattr(os, "fdatasync", os.fsync)  # macOS has no fdatasync
_FLAGS = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)

Redo = Callable[[str, int, bytes], "str | None"]
"""``recover``'s callback: put this version of the case in place if the file does not hold
it (or a newer one) and make the file durable; returns the folder to fsync, if any."""
Applied = Callable[[str, int, Path], None]
"""Called after a logged version was renamed into place (the index records the file)."""


def _pread(fd: int, size: int, offset: int) -> bytes:
    if hasattr(os, "pread"):
        return os.pread(fd, size, offset)
    os.lseek(fd, offset, os.SEEK_SET)  # Windows: recovering a log made elsewhere
    return os.read(fd, size)


def _pwrite(fd: int, data: bytes, offset: int) -> int:
    if hasattr(os, "pwrite"):
        return os.pwrite(fd, data, offset)
    os.lseek(fd, offset, os.SEEK_SET)
    return os.write(fd, data)


def read_only_latest(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """Each case's latest record in the logs of ``folder`` (sequence, revision, case file),
    the logs opened read-only and left as they are: a reader that takes no lock
    (store/readonly.py) sees the saves the running application has not renamed into place
    yet. Nothing is created, recovered or written."""
    log = CaseLog(folder)
    latest: dict[str, tuple[int, int, bytes]] = {}
    try:
        for index, name in enumerate(LOG_NAMES):
            try:
                fd = os.open(folder / name, os.O_RDONLY | _FLAGS)
            except FileNotFoundError:
                continue
            log._fds[index] = fd
            log._sizes[index] = os.fstat(fd).st_size
            for seq, case_id, revision, payload in log._records(index):
                known = latest.get(case_id)
                if known is None or known[0] < seq:
                    latest[case_id] = (seq, revision, payload)
    finally:
        for index, fd in enumerate(log._fds):
            if fd is not None:
                os.close(fd)
                log._fds[index] = None
    return latest


def supported() -> bool:
    """Saves go through the log on POSIX (a folder fsync to save, ``pwrite``). A log found
    elsewhere (a data folder brought from Linux after a crash) is still recovered at open."""
    return os.name == "posix" and hasattr(os, "pwrite")


class Unapplied:
    """A logged version whose temporary is not renamed over the case file yet."""

    __slots__ = ("case_id", "revision", "payload", "tmp", "path")

    def __init__(self, case_id: str, revision: int, payload: bytes, tmp: Path,
                 path: Path) -> None:
        self.case_id, self.revision, self.payload = case_id, revision, payload
        self.tmp, self.path = tmp, path


class CaseLog:
    """The two logs of a data folder. Appends come from one thread at a time (the store's
    lock); the background thread checkpoints the other log."""

    def __init__(self, folder: Path, *, on_applied: Applied | None = None) -> None:
        self.folder = folder
        self._on_applied = on_applied
        self._fds: list[int | None] = [None, None]
        self._salts = [b"", b""]
        """Salt of each log's header; empty until a valid header is known or written."""
        self._ends = [HEADER.size, HEADER.size]
        self._sizes = [0, 0]
        self._cases: list[set[str]] = [set(), set()]
        """Cases with a record in each log since it was last emptied."""
        self._unapplied: dict[str, Unapplied] = {}
        self._active = 0
        self._seq = 0
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._checkpointing = threading.Lock()
        """Held while a log is checkpointed (the background thread or ``checkpoint_all``)."""
        self._worker: threading.Thread | None = None
        self._last_append = 0.0
        self._appending = False
        """An append is writing to the active log: it must not be switched meanwhile."""
        self._retry_at = 0.0
        self._closed = False

    # -- at open -------------------------------------------------------------------------

    def recover(self, redo: Redo) -> int:
        """Put in place the latest logged version of every case, make those files durable,
        then empty the logs. Returns how many cases the logs held. An ``OSError`` leaves
        the logs as they are (the next open tries again)."""
        latest = self._read()
        if not latest:
            return 0  # no log yet, or logs emptied by a clean close: nothing to do
        folders = set()
        for case_id, (_seq, revision, payload) in sorted(latest.items()):
            folder = redo(case_id, revision, payload)
            if folder:
                folders.add(folder)
        for folder in sorted(folders):
            fsync_dir(Path(folder))
        for index in range(len(LOG_NAMES)):
            if self._fds[index] is not None:
                self._write_header(index)
        logger.info("Case log: %d case(s) recovered after an interrupted session", len(latest))
        return len(latest)

    def logged(self) -> dict[str, int]:
        """Each case's latest logged revision, the logs left as they are (diagnostics and
        tests)."""
        return {case_id: revision for case_id, (_s, revision, _p) in self._read().items()}

    def _read(self) -> dict[str, tuple[int, int, bytes]]:
        """Open the logs and read them: each case's latest record (sequence, revision,
        case file)."""
        latest: dict[str, tuple[int, int, bytes]] = {}
        for index, name in enumerate(LOG_NAMES):
            fd = self._fds[index]
            if fd is None:
                try:
                    fd = os.open(self.folder / name, os.O_RDWR | _FLAGS)
                except FileNotFoundError:
                    continue
                self._fds[index] = fd
            self._sizes[index] = os.fstat(fd).st_size
            for seq, case_id, revision, payload in self._records(index):
                self._seq = max(self._seq, seq)
                known = latest.get(case_id)
                if known is None or known[0] < seq:
                    latest[case_id] = (seq, revision, payload)
        return latest

    def _records(self, index: int) -> Iterator[tuple[int, str, int, bytes]]:
        """Valid records of a log, in order (``CASE`` only; ``VOID`` ones skipped)."""
        fd = self._fds[index]
        size = self._sizes[index]
        head = _pread(fd, HEADER.size, 0)
        magic, salt = HEADER.unpack(head) if len(head) == HEADER.size else (b"", b"")
        if magic != MAGIC:  # torn when it was created: written again before its first use
            if size:
                logger.warning("Case log %s has no valid header; ignored", LOG_NAMES[index])
            return
        self._salts[index] = salt
        offset = HEADER.size
        while offset + RECORD.size <= size:
            tag, record_salt, seq, length, crc = RECORD.unpack(
                _pread(fd, RECORD.size, offset))
            if record_salt != salt or tag not in (CASE_TAG, VOID_TAG) \
                    or length > min(MAX_PAYLOAD, size - offset - RECORD.size):
                break
            payload = _pread(fd, length, offset + RECORD.size)
            if len(payload) != length or zlib.crc32(
                    payload, zlib.crc32(SEQ_LENGTH.pack(seq, length))) != crc:
                break
            offset += RECORD.size + length
            if tag == VOID_TAG:
                continue
            try:
                id_length = payload[0]
                case_id = payload[1:1 + id_length].decode("ascii")
                (revision,) = REVISION.unpack_from(payload, 1 + id_length)
            except (IndexError, UnicodeDecodeError, struct.error):
                logger.warning("Case log %s: unreadable record skipped", LOG_NAMES[index])
                continue
            yield seq, case_id, revision, payload[1 + id_length + REVISION.size:]
        self._ends[index] = offset

    # -- saving --------------------------------------------------------------------------

    def append(self, case_id: str, revision: int, data: bytes, tmp: Path, path: Path) -> None:
        """Log a case file's new content (already written whole at ``tmp``, to be renamed
        onto ``path``) and flush the log: once this returns, that version survives a crash
        or a power cut. Raises ``OSError``: nothing was logged (``tmp`` is the caller's)."""
        with self._lock:
            if self._closed:
                raise OSError("case log closed")
            index = self._active
            fd = self._fds[index]
            if fd is None or not self._salts[index]:
                fd = self._create(index)
            offset = self._ends[index]
            size_before = self._sizes[index]
            self._seq += 1
            seq = self._seq
            salt = self._salts[index]
            self._appending = True
        try:
            self._write_record(index, fd, offset, size_before, seq, salt, case_id, revision,
                               data, tmp, path)
        finally:
            with self._wake:
                self._appending = False
                self._wake.notify()

    def _write_record(self, index: int, fd: int, offset: int, size_before: int, seq: int,
                      salt: bytes, case_id: str, revision: int, data: bytes, tmp: Path,
                      path: Path) -> None:
        ident = case_id.encode("ascii")
        payload = b"".join((bytes((len(ident),)), ident, REVISION.pack(revision), data))
        crc = zlib.crc32(payload, zlib.crc32(SEQ_LENGTH.pack(seq, len(payload))))
        record = RECORD.pack(CASE_TAG, salt, seq, len(payload), crc) + payload
        try:
            written = _pwrite(fd, record, offset)
            if written != len(record):  # a short write: the disk filled up meanwhile
                raise OSError(28, "No space left on device")
            _datasync(fd)
        except OSError:
            self._undo(index, offset, size_before)
            raise
        entry = Unapplied(case_id, revision, data, tmp, path)
        with self._lock:
            self._ends[index] = offset + len(record)
            self._sizes[index] = max(size_before, offset + len(record))
            self._cases[index].add(case_id)
            previous = self._unapplied.get(case_id)
            self._unapplied[case_id] = entry
            self._last_append = time.monotonic()
            self._start_worker()
        if previous is not None:  # never renamed: the newer version replaces it
            unlink_quietly(previous.tmp)

    def unapplied(self, case_id: str) -> Unapplied | None:
        """The logged version of a case not yet renamed into place (None if the case file
        is up to date): what readers of the store must see instead of the file."""
        with self._lock:
            return self._unapplied.get(case_id)

    def _undo(self, index: int, offset: int, size_before: int) -> None:
        """A record whose write or flush failed must never be read: cut off when it was
        the end of the file (the log is then byte for byte what it was), else marked
        ``VOID`` in place. The next record is written at the same place."""
        fd = self._fds[index]
        try:
            if offset >= size_before:
                os.ftruncate(fd, size_before)
            else:
                _pwrite(fd, VOID_TAG, offset)
            _datasync(fd)
        except OSError:
            logger.error("Case log: a failed save's record could not be voided", exc_info=True)

    def _create(self, index: int) -> int:
        """Create a log file (or write again a header torn by a crash) with a fresh salt,
        durably: the file, its size and its name. Called with the lock held."""
        new = self._fds[index] is None
        if new:
            make_private_dir(self.folder)
            fd = os.open(self.folder / LOG_NAMES[index],
                         os.O_RDWR | os.O_CREAT | _FLAGS, 0o600)
            self._fds[index] = fd
            self._sizes[index] = os.fstat(fd).st_size
        self._write_header(index, sync=os.fsync)
        if new:
            fsync_dir(self.folder)
            fsync_dir(self.folder.parent)
        return self._fds[index]  # type: ignore[return-value]

    def _write_header(self, index: int, *, sync: Callable[[int], None] = _datasync) -> None:
        """A new salt: every record of the log is obsolete from now on. No append may use
        this log meanwhile (it is inactive, or the caller holds the store's lock)."""
        fd = self._fds[index]
        salt = os.urandom(8)
        _pwrite(fd, HEADER.pack(MAGIC, salt), 0)
        sync(fd)
        self._salts[index] = salt
        self._ends[index] = HEADER.size
        self._sizes[index] = max(self._sizes[index], HEADER.size)

    # -- checkpoints ---------------------------------------------------------------------

    def _start_worker(self) -> None:
        if self._worker is None:
            self._worker = threading.Thread(target=self._work, name="case-log-checkpoint",
                                            daemon=True)
            self._worker.start()

    def _due(self, now: float) -> float | None:
        """With the lock held: 0 when a checkpoint is due now, else seconds to wait (None:
        nothing to do until the next append)."""
        active, other = self._active, 1 - self._active
        if self._appending:
            return 1.0  # woken up when it ends
        if self._cases[other] or self._ends[other] > HEADER.size:
            return max(0.0, self._retry_at - now)  # a failed checkpoint to try again
        if not self._cases[active]:
            return None
        if self._ends[active] >= SWITCH_BYTES:
            return 0.0
        return max(0.0, self._last_append + IDLE_SECONDS - now)

    def _work(self) -> None:
        while True:
            with self._wake:
                while True:
                    if self._closed:
                        return
                    wait = self._due(time.monotonic())
                    if wait == 0.0:
                        break
                    self._wake.wait(wait)
                other = 1 - self._active
                if not self._cases[other] and self._ends[other] <= HEADER.size:
                    self._active = other  # saves go there while the full one is emptied
                    other = 1 - other
            with self._checkpointing:
                try:
                    self._checkpoint(other)
                except Exception:  # noqa: BLE001 - the log keeps everything: try again later
                    logger.warning("Case log checkpoint failed; tried again in %.0f s",
                                   RETRY_SECONDS, exc_info=True)
                    with self._lock:
                        self._retry_at = time.monotonic() + RETRY_SECONDS

    def _checkpoint(self, index: int) -> None:
        """Rename into place the latest version of every case logged in ``index``, make
        those files durable, then empty that log. Raises ``OSError`` (the log is then left
        as it is: what it holds is not durable elsewhere yet)."""
        with self._lock:
            if self._fds[index] is None or (not self._cases[index]
                                             and self._ends[index] <= HEADER.size):
                return
            case_ids = sorted(self._cases[index])
        done: list[Path] = []
        failed: OSError | None = None
        for case_id in case_ids:
            with self._lock:
                entry = self._unapplied.get(case_id)
            if entry is None:
                continue  # renamed and fsynced by an earlier checkpoint
            try:
                replace_with_retry(entry.tmp, entry.path)
            except FileNotFoundError:
                with self._lock:
                    if self._unapplied.get(case_id) is not entry:
                        continue  # saved again meanwhile: the newer version is logged
                failed = failed or FileNotFoundError(2, "temporary missing", str(entry.tmp))
                continue
            except OSError as exc:
                failed = failed or exc
                continue
            with self._lock:
                if self._unapplied.get(case_id) is entry:
                    del self._unapplied[case_id]
            done.append(entry.path)
            if self._on_applied is not None:
                try:
                    self._on_applied(case_id, entry.revision, entry.path)
                except Exception:  # noqa: BLE001 - the index is a cache
                    logger.warning("Index not told of %s", entry.path, exc_info=True)
        if failed is not None:
            raise failed
        _flush_all(done)
        self._write_header(index)
        with self._lock:
            self._cases[index].difference_update(case_ids)

    def checkpoint_all(self) -> None:
        """Rename every logged version into place, make the files durable and empty both
        logs (raises ``OSError``). The caller holds the store's lock: no save runs."""
        with self._checkpointing:
            for index in (1 - self._active, self._active):
                self._checkpoint(index)

    def close(self, *, checkpoint: bool = True) -> None:
        """Checkpoint both logs (unless told not to), then close them. A failure is logged:
        the next open recovers from the logs."""
        with self._wake:
            self._closed = True
            self._wake.notify_all()
        worker = self._worker
        if worker is not None and worker is not threading.current_thread():
            worker.join()
        if checkpoint:
            try:
                self.checkpoint_all()
            except OSError:
                logger.warning("Case log not checkpointed at close; recovered at next open",
                               exc_info=True)
        with self._lock:
            for index, fd in enumerate(self._fds):
                if fd is not None:
                    try:
                        os.close(fd)
                    except OSError:
                        pass
                    self._fds[index] = None


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _flush_all(files: list[Path]) -> None:
    """fsync the files, then their folders, several at a time: a journalling file system
    commits once for the fsyncs that wait together (ext4 batches them), where one after the
    other each would wait for a commit of its own (30 case files in 30 folders: 60
    commits). Raises the first ``OSError``."""
    _together(_fsync_file, files)
    _together(fsync_dir, sorted({path.parent for path in files}))


def _together(function: Callable[[Path], None], items: list[Path]) -> None:
    """``function`` on every item from up to 8 threads (plain threads: no executor, whose
    exit hook cannot be registered while the interpreter shuts down)."""
    if len(items) <= 1:
        for item in items:
            function(item)
        return
    pending = iter(items)
    lock = threading.Lock()
    errors: list[OSError] = []

    def work() -> None:
        while True:
            with lock:
                item = next(pending, None)
            if item is None:
                return
            try:
                function(item)
            except OSError as exc:
                errors.append(exc)

    threads = [threading.Thread(target=work, name="case-log-fsync", daemon=True)
               for _ in range(min(8, len(items)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]

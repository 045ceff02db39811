"""Render jobs in a forked child of this process, while this process renders others or copies
the exhibits.

A small dossier (below ``documents.dossier.PARALLEL_MIN_ITEMS``) has no render workers: a
worker is a new interpreter importing ReportLab and python-docx (~0.35 s of CPU), more than
such a dossier's whole rendering. From the command line, on Linux, its chronology and its
exhibit index are rendered instead by a child *forked* from this process once the renderers
are imported and the fonts read: the child inherits all of it warm (a fork costs ~2 ms), lays
those two documents out on the second core while this process lays the letters out, and sends
their bytes back through a pipe (docs/dossier.md, "Performance"; docs/benchmarks.md). A large
dossier from the command line has all its documents rendered that way, by one to three
children (by the processors), instead of worker processes forked from a server that imports
everything again (~0.5 s of CPU), while this process copies the exhibits.

Forking is only safe where nothing else runs: :func:`fork_allowed` requires Linux and a
single thread (never a Qt application: the GUI renders a small dossier in its worker thread,
as before), and the caller forks before starting its copy thread. The child runs the jobs,
writes their pickled results and leaves with ``os._exit`` (no ``atexit``, no buffered output
of the parent written twice, no file of the parent closed or flushed by it). If the child
cannot be forked, fails or dies, :meth:`ChildJobs.results` returns None and the caller renders
those documents itself: slower, the same bytes. Qt-free, store-free.
"""

from __future__ import annotations

import logging
import os
import pickle
import select
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any

logger = logging.getLogger(__name__)

READ_CHUNK = 1 << 20


def fork_allowed(need_free_core: bool = True) -> bool:
    """Whether this process may fork a render child now: Linux (macOS system frameworks are
    not fork-safe; Windows cannot fork), this thread alone (a thread holding a lock at the
    fork would leave it held forever in the child), and, if ``need_free_core``, a core to
    spare (:func:`core_free`: a small dossier renders here otherwise; a large one's children
    replace worker processes that cost more whatever the load)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") \
        and threading.active_count() == 1 and (not need_free_core or core_free())


def core_free() -> bool:
    """Whether a processor is likely idle: the last minute's load average under the number
    of processors less one half, and, where Linux says it (:func:`_runnable_now`), no more
    processes runnable at this very moment than the processors less one (this one counts).
    The child costs ~35 ms of CPU more than rendering here (copy-on-write faults: every object
    either side touches after the fork is copied) and takes ~40 ms off this process's path;
    on a busy machine that second core is not free and forking makes the dossier slower
    (docs/benchmarks.md, fifth and sixth rounds). The average alone lags by a minute and
    cannot tell a load of 1 that is this command's own sequence of processes (a script, a
    benchmark: the other core free) from another program holding the other core."""
    processors = _processors()
    try:
        if processors <= 1 or os.getloadavg()[0] >= processors - 0.5:
            return False
    except OSError:  # load average unavailable
        return False
    running = _runnable_now()
    return running is None or running <= processors - 1


def _runnable_now() -> int | None:
    """The processes and threads runnable right now, this one included (the fourth field of
    ``/proc/loadavg``, « 1/123 »); None where it cannot be read."""
    try:
        with open("/proc/loadavg", "rb") as f:
            return int(f.read().split()[3].split(b"/")[0])
    except (OSError, IndexError, ValueError):
        return None


def _processors() -> int:
    """The processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class ChildJobs:
    """The jobs ``(key, function, args)`` run in a forked child, started at construction;
    :meth:`results` collects them, :meth:`stop` kills the child (cancel, error)."""

    def __init__(self, jobs: Sequence[tuple[str, Callable[..., Any], tuple]],
                 initializer: Callable[[], None] | None = None) -> None:
        self.keys = [key for key, _, _ in jobs]
        self._pid: int | None = None
        self._read_fd: int | None = None
        for stream in (sys.stdout, sys.stderr):  # nothing buffered for the child to repeat
            try:
                stream.flush()
            except (AttributeError, OSError, ValueError):
                pass
        read_fd, write_fd = os.pipe()
        try:
            pid = os.fork()
        except OSError as error:
            os.close(read_fd)
            os.close(write_fd)
            logger.info("No render child (%s): rendering here", error)
            return
        if pid == 0:  # the child: never returns
            os.close(read_fd)
            _child_main(jobs, write_fd, initializer)
        os.close(write_fd)
        self._pid, self._read_fd = pid, read_fd

    @property
    def started(self) -> bool:
        return self._pid is not None

    def results(self, poll: Callable[[], None], poll_seconds: float
                ) -> dict[str, Any] | None:
        """Each job's return value by key, once the child is done; None if it failed (the
        caller renders those jobs itself). ``poll()`` is called every ``poll_seconds`` while
        waiting; an exception from it (a cancel) stops the child and propagates."""
        if self._read_fd is None:
            return None
        chunks: list[bytes] = []
        try:
            while True:
                ready, _, _ = select.select([self._read_fd], [], [], poll_seconds)
                if not ready:
                    poll()
                    continue
                chunk = os.read(self._read_fd, READ_CHUNK)
                if not chunk:
                    break
                chunks.append(chunk)
        except BaseException:
            self.stop()
            raise
        status = self._reap()
        if status != 0:
            logger.warning("Render child failed (status %s): rendering %s here", status,
                           ", ".join(self.keys))
            return None
        try:
            out = pickle.loads(b"".join(chunks))
        except Exception:  # noqa: BLE001 - truncated or damaged: render here
            logger.warning("Render child's results unreadable: rendering here", exc_info=True)
            return None
        if not isinstance(out, dict) or sorted(out) != sorted(self.keys):
            logger.warning("Render child's results incomplete: rendering here")
            return None
        return out

    def stop(self) -> None:
        """Kill the child if it still runs and reap it (idempotent)."""
        if self._pid is not None:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._reap()

    def _reap(self) -> int | None:
        pid, self._pid = self._pid, None
        if self._read_fd is not None:
            os.close(self._read_fd)
            self._read_fd = None
        if pid is None:
            return None
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status)


def _child_main(jobs: Sequence[tuple[str, Callable[..., Any], tuple]], write_fd: int,
                initializer: Callable[[], None] | None = None) -> None:
    code = 1
    try:
        if initializer is not None:
            initializer()
        out = {key: function(*args) for key, function, args in jobs}
        view = memoryview(pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL))
        while view:
            view = view[os.write(write_fd, view):]
        code = 0
    except BaseException:  # noqa: BLE001 - reported to the parent by the exit status
        try:
            logger.debug("Render child failed", exc_info=True)
        except BaseException:  # noqa: BLE001
            pass
    finally:
        os._exit(code)

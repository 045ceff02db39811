"""Long jobs off the GUI thread, with progress and Cancel (ARCHITECTURE.md, "Habits").

A :class:`Task` runs ``job(progress, cancelled)`` in its own ``QThread``:

- ``progress(done, total, label)`` may be called as often as the job likes: the task forwards
  it to the GUI thread at most every :data:`PROGRESS_INTERVAL` seconds (and always the last
  step), scaled to fit Qt's 32-bit ``int``;
- ``cancelled()`` is the cancel predicate the job checks (``build_dossier(cancel=...)``);
- exactly one of ``finished(result)``, ``failed(message)`` or ``cancelled()`` is emitted at
  the end, in the GUI thread. ``message`` is French: an expected error carries its own French
  text (``.message`` or ``str``); an unexpected one is logged with its traceback and reported
  with a generic French sentence.

The job never touches a widget. Give it copies of what it reads (a deep copy of the case).

``PDFIUM_LOCK`` serialises pypdfium2 (not thread-safe): hold it around ``render_pages`` in a
job and around printing in the GUI thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

logger = logging.getLogger(__name__)

PROGRESS_INTERVAL = 0.05
INT_MAX = 2**31 - 1
from gui.printing import PDFIUM_LOCK  # noqa: E402,F401 - re-exported for the jobs

_LIVE: set[Task] = set()
"""Tasks whose thread runs: kept alive here so that a thread is never destroyed while it runs,
even if the window that started it goes away."""

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]
Job = Callable[[ProgressFn, CancelFn], Any]


class TaskCancelled(Exception):
    """A job may raise this to say it stopped because it was cancelled."""


def error_message(exc: BaseException) -> str:
    """The French text an expected exception carries."""
    message = getattr(exc, "message", None)
    return message if isinstance(message, str) and message else str(exc)


def scaled(done: int, total: int) -> tuple[int, int]:
    """(done, total) brought under 2**31 (a QProgressDialog takes ``int``)."""
    done = max(0, min(done, total)) if total > 0 else max(0, done)
    if total <= INT_MAX:
        return int(done), int(total)
    factor = total / 1_000_000
    return int(done / factor), 1_000_000


class _Thread(QThread):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task

    def run(self) -> None:  # noqa: D401 - Qt API
        self._task._run()


class Task(QObject):
    """One job in one worker thread. Create, connect the signals, then :meth:`start`."""

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, job: Job, *, name: str = "", expected: tuple[type[BaseException], ...] = (),
                 cancel_types: tuple[type[BaseException], ...] = (),
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job = job
        self.name = name or getattr(job, "__name__", "task")
        self._expected = expected
        self._cancel_types = (TaskCancelled, *cancel_types)
        self._cancel = threading.Event()
        self._last_progress = 0.0
        self._thread: _Thread | None = None
        self.worker_thread_id: int | None = None
        self.done = False
        self.result: Any = None

    # -- from the GUI thread ----------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("Task already started")
        self._thread = _Thread(self)
        self._thread.finished.connect(self._thread_done)
        _LIVE.add(self)
        logger.debug("Task %s starting", self.name)
        self._thread.start()

    def cancel(self) -> None:
        """Ask the job to stop (it checks ``cancelled()`` between steps)."""
        if not self._cancel.is_set():
            logger.info("Task %s: cancel requested", self.name)
        self._cancel.set()

    def is_cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the thread ends (used when a window closes); True if it ended."""
        if self._thread is None:
            return True
        return self._thread.wait(msecs)

    def _thread_done(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.deleteLater()
        _LIVE.discard(self)

    # -- in the worker thread -----------------------------------------------------------------

    def _progress(self, done: int, total: int, label: str) -> None:
        now = time.monotonic()
        if done < total and now - self._last_progress < PROGRESS_INTERVAL:
            return
        self._last_progress = now
        d, t = scaled(done, total)
        self.progress.emit(d, t, label or "")

    def _run(self) -> None:
        self.worker_thread_id = threading.get_ident()
        started = time.perf_counter()
        try:
            if self._cancel.is_set():
                raise TaskCancelled()
            result = self._job(self._progress, self._cancel.is_set)
        except self._cancel_types:
            logger.info("Task %s cancelled after %.2f s", self.name, time.perf_counter() - started)
            self.done = True
            self.cancelled.emit()
            return
        except self._expected as exc:
            logger.info("Task %s failed: %s", self.name, error_message(exc))
            self.done = True
            self.failed.emit(error_message(exc))
            return
        except Exception as exc:  # noqa: BLE001 - reported in French, never kills the app
            logger.exception("Task %s: unexpected error", self.name)
            self.done = True
            self.failed.emit(self.tr(
                "Une erreur inattendue s'est produite ({error}). Rien n'a été modifié dans le "
                "dossier ; le détail est enregistré dans le journal de l'application."
            ).format(error=type(exc).__name__))
            return
        logger.debug("Task %s done in %.2f s", self.name, time.perf_counter() - started)
        self.result = result
        self.done = True
        self.finished.emit(result)


def running_tasks() -> list[Task]:
    """Every task whose thread still runs (an application can wait for them before quitting)."""
    return [t for t in list(_LIVE) if t.is_running()]

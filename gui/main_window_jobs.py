"""The main window's background work: the store jobs run off the GUI thread (recomputing
old list summaries after an update, the daily and manual backups) and the backup restore.

Mixed into :class:`gui.main_window.MainWindow`; imported with it at start-up.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from dispute.case_list import summary_is_current
from gui import dialogs

logger = logging.getLogger(__name__)


class JobSignals(QObject):
    done = Signal(object)
    failed = Signal(str)


class StoreJob(QRunnable):
    """Store work off the GUI thread (the daily backup: 3 s for 10,000 cases; recomputing
    old list summaries). ``work()``'s result goes to ``signals.done``; a StoreError's French
    message, or an unexpected error (logged), to ``signals.failed``, unless ``stop`` is set
    (the window is closing)."""

    def __init__(self, work: Callable[[threading.Event], object], what: str) -> None:
        super().__init__()
        self.work = work
        self.what = what
        self.signals = JobSignals()
        self.stop = threading.Event()

    def run(self) -> None:
        from store.errors import StoreError

        try:
            result = self.work(self.stop)
        except StoreError as exc:
            if not self.stop.is_set():
                self.signals.failed.emit(exc.message)
        except Exception as exc:  # noqa: BLE001 - reported, never crashes the worker
            logger.exception("%s impossible", self.what)
            self.signals.failed.emit(str(exc))
        else:
            self.signals.done.emit(result)


class BackgroundJobsMixin:
    """The list summaries recomputed in the background, the backups and the restore."""

    # -- list summaries and backups -----------------------------------------------------

    def _refresh_stale_summaries(self) -> None:
        """After an update that changed what the list caches, recompute the old summaries in
        the background; the list shows the old ones meanwhile."""
        stale = [s.id for s in self.model.summaries()
                 if not s.problem and not summary_is_current(s.extra)]
        if not stale:
            return
        logger.info("%d résumé(s) de la liste à recalculer", len(stale))
        self.statusBar().showMessage(self.tr("Mise à jour de la liste des dossiers (%1)…")
                                     .replace("%1", str(len(stale))))
        store = self._store
        job = self._summaries_job = StoreJob(
            lambda stop: store.refresh_summaries(stale, cancelled=stop.is_set),
            "Mise à jour de la liste")
        job.signals.done.connect(self._stale_summaries_done)
        job.signals.failed.connect(self._stale_summaries_failed)
        QThreadPool.globalInstance().start(job)

    def _stale_summaries_failed(self, message: str) -> None:
        self._summaries_job = None
        self.statusBar().showMessage(
            self.tr("Mise à jour de la liste impossible : %1").replace("%1", message), 15000)

    def _stale_summaries_done(self, count: int) -> None:
        self._summaries_job = None
        self.refresh()
        self.statusBar().showMessage(
            self.tr("Liste des dossiers mise à jour (%1 recalculé(s)).").replace("%1", str(count)),
            8000)

    def _start_auto_backup(self) -> None:
        if self._backup_running:
            return
        try:
            # an empty data folder (the first launch) has nothing to back up: no zip of
            # nothing, no « Sauvegarde effectuée » for it
            if self.model.rowCount() == 0 and not self._store.list_drafts():
                return
            needed = self._store.needs_backup()
        except Exception:  # noqa: BLE001 - a backup check must never block the start
            logger.exception("Vérification des sauvegardes impossible")
            return
        if needed:
            self._run_backup(quiet=True)

    def _run_backup(self, quiet: bool) -> None:
        """A backup in a worker thread. ``quiet`` (the daily one): a failure is told in a
        dialog once per session, then in the status bar, not every hour."""
        store = self._store
        from store.backup import KIND_AUTO, KIND_MANUAL

        kind = KIND_AUTO if quiet else KIND_MANUAL
        job = StoreJob(lambda _stop: str(store.backup(kind=kind)), "Sauvegarde")
        job.signals.done.connect(self._backup_done)
        job.signals.failed.connect(
            self._backup_failed_quietly if quiet else self._backup_failed)
        self._backup_job = job
        self._backup_running = True
        self.statusBar().showMessage(self.tr("Sauvegarde en cours…"))
        QThreadPool.globalInstance().start(job)

    def _backup_done(self, path: str) -> None:
        self._backup_running = False
        from gui.pickers import backup_done_text

        # where it is, and that it holds the cases, not the attached files (fresh-eyes 30)
        self.statusBar().showMessage(backup_done_text(path), 15000)

    def _backup_failed(self, message: str) -> None:
        self._backup_running = False
        self.statusBar().showMessage(self.tr("Sauvegarde impossible."), 15000)
        dialogs.critical(self, self.tr("Sauvegarde impossible"), message)

    def _backup_failed_quietly(self, message: str) -> None:
        if self._backup_failure_shown:
            self._backup_running = False
            logger.warning("Sauvegarde automatique impossible : %s", message)
            self.statusBar().showMessage(
                self.tr("Sauvegarde automatique impossible : %1").replace("%1", message), 15000)
            return
        self._backup_failure_shown = True
        self._backup_failed(message)

    def backup_now(self) -> None:
        self._run_backup(quiet=False)

    def restore_backup(self) -> None:
        from gui.pickers import choose_backup
        from store.errors import StoreError

        backups = self._store.list_backups()
        chosen = choose_backup(self, backups)
        if chosen is None:
            return
        if not dialogs.ask(self, self.tr("Restaurer une sauvegarde"), self.tr(
                "Restaurer la sauvegarde du %1 ? L'état actuel est d'abord sauvegardé, "
                "il pourra être restauré à son tour.").replace("%1", chosen.label)):
            return
        try:
            self._store.restore(chosen.path)
        except StoreError as exc:
            dialogs.critical(self, self.tr("Restauration impossible"), exc.message)
            return
        self.refresh()
        dialogs.information(self, self.tr("Restauration terminée"),
                            self.tr("La sauvegarde a été restaurée."))

"""Exhibits of the open case: opening one (a read-only copy, so the program that opens it
cannot alter the stored original) and checking every file (presence, size, SHA-256) in a
worker, whose findings the header and the timeline show.
"""

from __future__ import annotations

import copy
import logging
import os
import shutil
import stat
import tempfile
import time
from pathlib import Path

from gui import desktop, dialogs
from gui.case_view import text as txt
from gui.workers import Task
from store.errors import StoreError

logger = logging.getLogger(__name__)

def _exhibit_open_copy(source: Path, case_id: str, number: int, name: str) -> Path:
    """A read-only copy of an exhibit in the temporary folder, so the program that opens it
    cannot alter the stored original (its SHA-256 proves the dossier's integrity)."""
    from dispute.filenames import safe_filename

    folder = Path(tempfile.gettempdir()) / "recours-telecom-pieces" / case_id
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / safe_filename(f"P{number:02d}_{name or source.name}", max_length=120)
    if not target.suffix and source.suffix:
        target = target.with_suffix(source.suffix)
    if target.exists():
        os.chmod(target, stat.S_IRUSR | stat.S_IWUSR)
        target.unlink()
    shutil.copyfile(source, target)
    os.chmod(target, stat.S_IRUSR)
    return target


class ExhibitsMixin:
    """Part of :class:`gui.case_view.window.CaseWindow`. Uses the window's ``store``, ``case``
    and ``_start``; fills ``problems`` and ``exhibits_verified``."""

    def open_selected_exhibit(self) -> None:
        exhibit_id = self.selected_exhibit_id()
        if exhibit_id:
            self.open_exhibit(exhibit_id)

    def open_exhibit(self, exhibit_id: str) -> bool:
        exhibit = self.case.exhibit(exhibit_id)
        if exhibit is None:
            return False
        title = txt.exhibit_title(exhibit)
        try:
            path = self.store.exhibit_path(self.case.id, exhibit)
        except StoreError as exc:
            dialogs.critical(self, self.tr("Ouverture impossible"), exc.message)
            return False
        if not path.is_file():
            dialogs.critical(self, self.tr("Fichier introuvable"), self.tr(
                "{title} : le fichier est introuvable dans le stockage. Remplacez-la en la "
                "joignant de nouveau (Modifier la chronologie…).").format(title=title))
            return False
        try:
            copy_path = _exhibit_open_copy(path, self.case.id, exhibit.number,
                                           exhibit.original_name)
        except OSError as exc:
            logger.warning("Read-only copy of %s failed: %s", path, exc)
            copy_path = path
        if not desktop.open_path(copy_path):
            dialogs.critical(self, self.tr("Ouverture impossible"), self.tr(
                "{title} n'a pas pu être ouverte : aucun programme n'est associé à ce type de "
                "fichier ({name}).").format(title=title, name=copy_path.name))
            return False
        self.statusBar().showMessage(self.tr("{title} ouverte (copie en lecture seule).")
                                     .format(title=title), 5000)
        return True

    RECHECK_AFTER_S = 3.0
    """Coming back to the window re-checks the exhibits when the last check is older."""

    def exhibits_check_is_stale(self) -> bool:
        last = getattr(self, "_exhibits_checked_at", None)
        return last is None or time.monotonic() - last >= self.RECHECK_AFTER_S

    def recheck_exhibits(self) -> Task | None:
        """The user is back in the window (a file may have been moved meanwhile): check the
        exhibits again, unless a check is running or has just been made."""
        if not self.case.exhibits or not self.exhibits_check_is_stale():
            return None
        if self.verify_task is not None and self.verify_task.is_running():
            return None
        return self.verify_exhibits()

    def verify_exhibits(self) -> Task | None:
        """Check every exhibit file (presence, size, SHA-256) in a worker thread."""
        if self.verify_task is not None and self.verify_task.is_running():
            self.verify_task.cancel()
        case = copy.deepcopy(self.case)
        store = self.store

        def job(_progress, _cancelled):
            return store.verify_exhibits(case)

        task = Task(job, name="verify_exhibits", expected=(StoreError, OSError))
        task.finished.connect(lambda problems, t=task: self._exhibits_verified(t, problems))
        task.failed.connect(lambda message, t=task: self._exhibits_verified(t, None, message))
        self.verify_task = task
        self._start(task)
        return task

    def _exhibits_verified(self, task: Task, problems, message: str = "") -> None:
        if task is not self.verify_task:
            return  # an older check, superseded
        if problems is None:
            self.statusBar().showMessage(self.tr("Vérification des pièces impossible : {m}")
                                         .format(m=message), 8000)
            problems = []
        self.problems = {p.exhibit_id: p for p in problems}
        self.exhibits_verified = True
        self._exhibits_checked_at = time.monotonic()
        self._fill_timeline()
        self._fill_header()
        if problems:
            logger.warning("Case %s: %d exhibit problem(s)", self.case_id, len(problems))
        self.exhibitsChecked.emit()

"""Exporting the dossier (zip for the mediator, the CPME, or complete) and the CPME email
draft, in a worker with a progress window and Cancel; the user is told where the file is and
what to check.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QProgressDialog,
)

from gui import desktop, dialogs
from gui.case_view import text as txt
from gui.case_view.export_dialog import ExportDialog
from gui.case_view.modal import run_keep
from gui.workers import Task
from store.errors import StoreError

logger = logging.getLogger(__name__)

EMAIL_MAX_ATTACHMENT_BYTES = 10 * 1000 * 1000
"""Above this the zip is not attached to the CPME email draft (documents.email_draft)."""


@dataclass(frozen=True)
class ExportOutcome:
    dossier: object  # documents.dossier.DossierResult
    draft: object | None = None  # documents.email_draft.EmailDraftResult
    reused: bool = False  # the CPME email attaches the zip just exported (not rebuilt)


class ExhibitsNotReady(Exception):
    """Exhibit files missing or altered: the dossier was not made. ``message`` names each
    exhibit by number and title and says how to fix it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def exhibit_problems_text(store, case, error) -> str:
    """The French message for an export stopped by an exhibit (``error`` from the dossier):
    every exhibit with a problem, as the store's check words it."""
    try:
        problems = store.verify_exhibits(case)
    except (StoreError, OSError):
        problems = []
    if problems:
        lines = [p.message for p in problems]
    else:  # changed back meanwhile: say which one the dossier stopped on
        number, title = getattr(error, "number", None), getattr(error, "title", "")
        lines = [f"Pièce n° {number} « {title} » : fichier introuvable ou modifié."
                 if number else "Une pièce est introuvable ou a été modifiée."]
    return "\n".join(["Le dossier n'a pas été créé : des pièces posent problème."]
                     + [f"• {line}" for line in lines]
                     + ["Remplacez-les en les joignant de nouveau (onglet « Chronologie et "
                        "pièces », « Modifier la chronologie… »)."])


class ExportMixin:
    """Part of :class:`gui.case_view.window.CaseWindow`. Uses the window's ``case``,
    ``assessment``, ``today``, ``settings``, ``store``, ``_dirty`` and ``_start``."""

    def export_dossier(self, target: str = "") -> Task | None:
        """Ctrl+E: choose the dossier and the file, then build it in a worker thread."""
        if self._show_running_export():
            return self.export_task
        dialog = ExportDialog(self.case, self.assessment, self.today, target=target,
                                  parent=self)
        if not run_keep(dialog):
            dialog.deleteLater()
            return None
        chosen_target, out_path = dialog.target(), dialog.out_path()
        dialog.deleteLater()
        return self.start_export(chosen_target, out_path)

    def reusable_cpme_zip(self):
        """The CPME dossier (``DossierResult``) exported from this window for the case as it
        is now (same revision, nothing pending, file unchanged), or None."""
        if self._last_cpme is None:
            return None
        result, revision = self._last_cpme
        path = Path(result.path)
        try:
            unchanged = path.is_file() and path.stat().st_size == result.zip_size
        except OSError:
            unchanged = False
        if revision != self.case.revision or self._dirty or not unchanged:
            return None
        return result

    def create_cpme_email(self) -> Task | None:
        """The CPME dossier zip, then an .eml draft next to it with the zip attached. If that
        zip was just exported from this window (case unchanged since), offers to attach it
        rather than build it again."""
        if self._show_running_export():
            return self.export_task
        previous = self.reusable_cpme_zip()
        if previous is not None and dialogs.ask(self, self.tr("Courriel pour la CPME"), self.tr(
                "Le dossier pour la CPME vient d'être créé depuis cette fenêtre et le dossier "
                "n'a pas changé depuis :\n{p}\n\nJoindre ce fichier au courriel (sans le "
                "recréer) ?").format(p=previous.path)):
            return self.start_email(previous)
        dialog = ExportDialog(self.case, self.assessment, self.today, target="cpme",
                                  fixed=True, email=True, parent=self)
        if not run_keep(dialog):
            dialog.deleteLater()
            return None
        out_path = dialog.out_path()
        dialog.deleteLater()
        return self.start_export("cpme", out_path, email=True)

    def start_email(self, result) -> Task:
        """The CPME email draft next to the dossier ``result`` already built (worker)."""
        from documents.email_draft import EmailDraftError, write_cpme_email_draft

        case = self._with_pending(copy.deepcopy(self.case))
        out_path, today = Path(result.path), self.today
        max_bytes = EMAIL_MAX_ATTACHMENT_BYTES

        def job(progress, _cancelled):
            progress(0, 1, "Courriel")
            draft = write_cpme_email_draft(case, out_path.with_suffix(".eml"),
                                           attachment=out_path, today=today,
                                           max_attachment_bytes=max_bytes)
            return ExportOutcome(result, draft, reused=True)

        task = Task(job, name="cpme email", expected=(EmailDraftError, StoreError))
        return self._run_export_task(task, out_path, email=True)

    def _export_running(self) -> bool:
        return self.export_task is not None and self.export_task.is_running()

    def _show_running_export(self) -> bool:
        """True (and the progress window brought forward) when an export is running."""
        if not self._export_running():
            return False
        if self._progress is not None:
            self._progress.show()
            self._progress.activateWindow()
        self.statusBar().showMessage(self.tr("Un dossier est déjà en cours de création."), 4000)
        return True

    def start_export(self, target: str, out_path: Path | str, *, email: bool = False) -> Task:
        """Build the dossier ``target`` at ``out_path`` in a worker thread (and the CPME email
        draft next to it when ``email``). Returns the running :class:`Task`."""
        from documents.dossier import build_dossier
        from documents.dossier_zip import (
            DossierCancelled,
            DossierExhibitAlteredError,
            DossierExhibitMissingError,
            DossierExhibitUnreadableError,
            DossierZipError,
        )
        from documents.email_draft import EmailDraftError, write_cpme_email_draft

        out_path = Path(out_path)
        case = self._with_pending(copy.deepcopy(self.case))
        paths: dict[str, Path] = {}
        for exhibit in case.exhibits:
            try:
                paths[exhibit.id] = self.store.exhibit_path(case.id, exhibit)
            except StoreError:
                pass  # build_dossier reports it as missing, naming it
        settings, today = self.settings, self.today
        max_bytes = EMAIL_MAX_ATTACHMENT_BYTES

        store = self.store

        def job(progress, cancelled):
            try:
                result = build_dossier(case, paths, out_path, today=today, target=target,
                                       settings=settings, progress=progress, cancel=cancelled)
            except (DossierExhibitMissingError, DossierExhibitAlteredError,
                    DossierExhibitUnreadableError) as error:
                # checked again, all of them: named by number and title, never by the path
                # of the stored file
                raise ExhibitsNotReady(exhibit_problems_text(store, case, error)) from error
            draft = None
            if email:
                progress(1, 1, "Courriel")
                draft = write_cpme_email_draft(case, out_path.with_suffix(".eml"),
                                               attachment=out_path, today=today,
                                               max_attachment_bytes=max_bytes)
            return ExportOutcome(result, draft)

        task = Task(job, name=f"export {target}",
                    expected=(DossierZipError, EmailDraftError, StoreError, ExhibitsNotReady),
                    cancel_types=(DossierCancelled,))
        return self._run_export_task(task, out_path, email=email)

    def _run_export_task(self, task: Task, out_path: Path, *, email: bool) -> Task:
        # The revision the dossier is built from (None with unsaved edits: not reusable).
        revision = None if self._dirty else self.case.revision
        progress = QProgressDialog(self.tr("Préparation du dossier…"), self.tr("Annuler"), 0, 0,
                                   self)
        progress.setWindowTitle(self.tr("Courriel pour la CPME") if email
                                else self.tr("Exporter le dossier"))
        progress.setWindowModality(Qt.WindowModality.NonModal)
        progress.setMinimumDuration(300)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setMinimumWidth(460)
        progress.canceled.connect(self._cancel_export)
        task.progress.connect(self._export_progress)
        task.finished.connect(lambda outcome: self._export_finished(outcome, email, revision))
        task.failed.connect(lambda message: self._export_failed(message, out_path))
        task.cancelled.connect(self._export_cancelled)
        self._progress = progress
        self.export_task = task
        self.export_action.setEnabled(False)
        self.email_action.setEnabled(False)
        self.statusBar().showMessage(self.tr("Création du dossier « {n} »…").format(
            n=out_path.name))
        self._start(task)
        return task

    def _cancel_export(self) -> None:
        if self.export_task is not None:
            self.export_task.cancel()
        if self._progress is not None:
            self._progress.setLabelText(self.tr("Annulation…"))

    def _export_progress(self, done: int, total: int, text: str) -> None:
        if self._progress is None:
            return
        if total > 0:
            self._progress.setMaximum(total)
            self._progress.setValue(min(done, total))
        if text:
            self._progress.setLabelText(self.tr("Préparation du dossier : {t}").format(t=text))

    def _export_ended(self) -> None:
        if self._progress is not None:
            self._progress.canceled.disconnect(self._cancel_export)
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None
        self.export_action.setEnabled(True)
        self.email_action.setEnabled(True)
        self.statusBar().clearMessage()

    def _export_finished(self, outcome: ExportOutcome, email: bool,
                         revision: int | None = None) -> None:
        self._export_ended()
        result = outcome.dossier
        if getattr(getattr(result, "target", None), "value", None) == "cpme" \
                and revision is not None and not outcome.reused:
            self._last_cpme = (result, revision)
        desktop.remember_folder("exports", Path(result.path).parent)
        size = f"{result.zip_size / 1_000_000:.1f}".replace(".", ",")
        n = len(result.exhibits)
        pieces = self.tr("1 pièce") if n == 1 else self.tr("{n} pièces").format(n=n)
        if outcome.reused:
            lines = [self.tr("Dossier joint (déjà créé) : {p} ({s} Mo, {x}).").format(
                p=result.path, s=size, x=pieces)]
            warnings = []
        else:
            lines = [self.tr("Le dossier a été créé : {p} ({s} Mo, {x}).").format(
                p=result.path, s=size, x=pieces)]
            warnings = list(result.warnings)
        if outcome.draft is not None:
            draft = outcome.draft
            lines.append(self.tr("Brouillon de courriel : {p}").format(p=draft.path))
            warnings = list(draft.warnings) + warnings
            if not draft.attached:
                lines.append(self.tr("Le zip n'est PAS joint au courriel : il est trop "
                                     "volumineux (voir ci-dessous)."))
        # one line per fact already (documents.dossier_warnings), most important first; the
        # list scrolls inside the box, which stays within the screen (lead-drive 7)
        warnings = list(dict.fromkeys(txt.human(w) for w in warnings))
        details = "\n".join([self.tr("À vérifier :")] + [f"• {w}" for w in warnings]) \
            if warnings else ""
        self.statusBar().showMessage(lines[0], 10000)
        if email and outcome.draft is not None:
            if dialogs.ask_details(self, self.tr("Courriel pour la CPME créé"), "\n".join(lines),
                                   details,
                                   self.tr("Ouvrir le courriel dans votre messagerie ?")):
                if not desktop.open_path(outcome.draft.path):
                    desktop.open_folder(outcome.draft.path)
        else:
            if dialogs.ask_details(self, self.tr("Dossier créé"), "\n".join(lines), details,
                                   self.tr("Ouvrir le dossier qui contient le fichier ?")):
                desktop.open_folder(result.path)
        self.exportFinished.emit(outcome)

    def _export_failed(self, message: str, out_path: Path) -> None:
        self._export_ended()
        dialogs.critical(self, self.tr("Export impossible"), message + "\n\n" + self.tr(
            "Aucun fichier incomplet n'a été laissé."))
        self.verify_exhibits()  # mark what is missing or altered
        self.exportFailed.emit(message)

    def _export_cancelled(self) -> None:
        self._export_ended()
        self.statusBar().showMessage(self.tr("Création du dossier annulée : aucun fichier n'a "
                                             "été créé."), 8000)
        self.exportCancelled.emit()

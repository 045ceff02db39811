"""The case window: where a case stands, what to do next and by when (and why), its timeline
and exhibits, its letters, its dossier (docs/case-view.md).

``CaseWindow(store, case_id, today=None, parent=None, settings=None)`` loads the case (a
``StoreError`` from ``load_case`` reaches the caller) and shows:

- a header: subscriber, operator, lines, contract, stage and its reason, the open route;
- « Situation »: next steps and deadlines (date, days left, weekend or holiday warning, and a
  « Pourquoi ? » giving the rule, its source, its status, the event and the date used), the
  mediator and CPME routes with every reason and the CPME's five items, the invoice lines'
  prescription, the points to check;
- « Chronologie et pièces »: the events with their LRAR tracking and their exhibits, checked
  when the case opens (``verify_exhibits``, in a worker) and marked when missing or altered;
  record a registered letter and its acknowledgement of receipt;
- « Courriers »: every letter, available or not and why; « Générer » composes it with the
  office's letter settings and previews it (``gui.letter_preview``);
- « Fiche du dossier »: every section with « Modifier… » (the section editors of
  ``gui/editors`` in a dialog), the status and the internal notes (Ctrl+S).

Every change is saved at once through ``CaseStore.save_case`` and everything is refreshed from
``assess``; ``caseSaved(case_id)`` is emitted. A change made elsewhere meanwhile
(``ConcurrentChangeError``) is explained in French and the case reloaded (unsaved notes kept).
Long work (letter rendering, exhibit checks, dossier export, CPME email) runs in
``gui.workers.Task`` threads; the window stays usable and every job can be cancelled.

The window is put together from one part per tab and concern, each in its own module of this
package: ``header``, ``situation``, ``timeline``, ``letters``, ``sections`` (the four tabs and
the header), ``exhibits``, ``registered`` (LRAR), ``case_acts`` (the mandate's signature and
the offence of a complaint, from the letters tab), ``export``; their dialogs are in
``section_dialog``, ``registered_dialogs`` and ``export_dialog``, run through ``modal``; the
texts they show come from ``text``, the cards from ``cards``.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import date

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QMainWindow,
    QProgressDialog,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from dispute.model import Case, CaseStatus
from dispute.procedure import Assessment, assess
from gui import dialogs
from gui.case_view.case_acts import CaseActsMixin
from gui.case_view.exhibits import ExhibitsMixin
from gui.case_view.export import ExportMixin
from gui.case_view.header import HeaderMixin
from gui.case_view.letters import LettersMixin
from gui.case_view.registered import RegisteredLettersMixin
from gui.case_view.sections import SectionsMixin
from gui.case_view.situation import SituationMixin
from gui.case_view.timeline import TimelineMixin
from gui.screens import fit_to_screen
from gui.workers import Task
from store.errors import ConcurrentChangeError, StoreError

logger = logging.getLogger(__name__)


class CaseWindow(HeaderMixin, SituationMixin, TimelineMixin, ExhibitsMixin,
                 RegisteredLettersMixin, LettersMixin, CaseActsMixin, SectionsMixin, ExportMixin,
                 QMainWindow):
    caseSaved = Signal(str)  # noqa: N815 - Qt naming
    exhibitsChecked = Signal()  # noqa: N815 - the exhibit check (worker) has reported
    previewReady = Signal(object)  # noqa: N815 - a LetterPreview is shown
    exportFinished = Signal(object)  # noqa: N815 - ExportOutcome, after the user was told
    exportFailed = Signal(str)  # noqa: N815 - the French message shown
    exportCancelled = Signal()  # noqa: N815

    def __init__(self, store, case_id: str, today: date | None = None, parent=None,
                 settings=None, read_only: str = "") -> None:
        super().__init__(parent)
        self.store = store
        self.case_id = case_id
        self.read_only = read_only
        """Shared folder: the French message saying who edits the case elsewhere (the window
        then saves nothing); empty when this window holds the case's edit lock."""
        self.today = today or date.today()
        self.case: Case = store.load_case(case_id)  # StoreError → the caller shows it
        self.assessment: Assessment = assess(self.case, self.today)
        self.settings_problem: str | None = None
        if settings is None:
            from gui.settings_dialog import load_letter_settings

            settings, self.settings_problem = load_letter_settings(store)
        self.settings = settings
        self.problems: dict[str, object] = {}  # exhibit id → ExhibitProblem
        self.exhibits_verified = False
        self.preview = None
        self.export_task: Task | None = None
        self.letter_task: Task | None = None
        self.verify_task: Task | None = None
        self._tasks: list[Task] = []
        self._progress: QProgressDialog | None = None
        self._last_cpme: tuple[object, int] | None = None  # (DossierResult, case revision)
        self._dirty = False
        self._loading = False
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        fit_to_screen(self, 1200, 800)

        self._build_actions()
        self._build_header()
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_situation(), self.tr("&Situation"))
        self.tabs.addTab(self._build_timeline(), self.tr("C&hronologie et pièces"))
        self.tabs.addTab(self._build_letters(), self.tr("Co&urriers"))
        self.tabs.addTab(self._build_sections(), self.tr("&Fiche du dossier"))
        self.tabs.setAccessibleName(self.tr("Parties du dossier"))
        self.tabs.currentChanged.connect(self._resize_letter_rows)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(10, 8, 10, 4)
        layout.setSpacing(6)
        layout.addWidget(self.header)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.statusBar()
        self._build_menus()
        QWidget.setTabOrder(self.tabs, self.generate_button)
        if read_only:
            self.notes_edit.setReadOnly(True)
            self.status_combo.setEnabled(False)
        self.refresh()
        self.verify_exhibits()

    # ========================================================================================
    # Building

    def _action(self, text: str, slot, shortcut=None, name: str = "") -> QAction:
        action = QAction(self.tr(text), self)
        if isinstance(shortcut, list):
            keys = [QKeySequence(k) for k in shortcut]
            action.setShortcuts([k for i, k in enumerate(keys) if k not in keys[:i]
                                 and not k.isEmpty()])
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        if name:
            action.setToolTip(self.tr(name))
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.save_action = self._action("&Enregistrer", self.save, QKeySequence.StandardKey.Save,
                                        "Enregistrer les notes et le statut (Ctrl+S)")
        self.reload_action = self._action("&Recharger", self.reload, "F5")
        self.export_action = self._action("E&xporter le dossier…", self.export_dossier,
                                          "Ctrl+E", "Créer le dossier zip pour le médiateur ou "
                                          "la CPME (Ctrl+E)")
        self.email_action = self._action("Créer le &courriel pour la CPME…",
                                         self.create_cpme_email, None,
                                         "Dossier zip pour la CPME et brouillon de courriel")
        self.close_action = self._action("&Fermer", self.close,
                                        ["Ctrl+W", QKeySequence.StandardKey.Close])
        self.generate_action = self._action("&Générer le courrier…", self.generate_selected,
                                            "Ctrl+G", "Générer et prévisualiser le courrier "
                                            "choisi (Ctrl+G)")
        self.print_action = self._action("&Imprimer l'aperçu…", self.print_preview,
                                         QKeySequence.StandardKey.Print,
                                         "Imprimer le courrier prévisualisé (Ctrl+P)")
        self.output_action = self._action("&Ouvrir le dossier de sortie", self.open_output_folder)
        self.posting_action = self._action("Enregistrer l'&envoi recommandé…",
                                           self.record_posting, "Ctrl+L",
                                           "Après avoir posté une lettre recommandée (Ctrl+L)")
        self.receipt_action = self._action("Enregistrer l'&accusé de réception…",
                                           self.record_receipt, "Ctrl+R",
                                           "Dates de présentation et de réception de la lettre "
                                           "sélectionnée (Ctrl+R)")
        self.open_exhibit_action = self._action("&Ouvrir la pièce", self.open_selected_exhibit)
        self.tab_actions = []
        for index in range(4):
            action = self._action(f"Onglet {index + 1}",
                                  lambda i=index: self.tabs.setCurrentIndex(i),
                                  f"Ctrl+{index + 1}")
            self.tab_actions.append(action)
        self.save_action.setEnabled(False)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        case_menu = bar.addMenu(self.tr("&Dossier"))
        for action in (self.save_action, self.reload_action):
            case_menu.addAction(action)
        case_menu.addSeparator()
        case_menu.addAction(self.export_action)
        case_menu.addAction(self.email_action)
        case_menu.addSeparator()
        case_menu.addAction(self.close_action)
        letters = bar.addMenu(self.tr("&Courrier"))
        for action in (self.generate_action, self.print_action, self.output_action):
            letters.addAction(action)
        sending = bar.addMenu(self.tr("&Envois"))
        for action in (self.posting_action, self.receipt_action, self.open_exhibit_action):
            sending.addAction(action)
        toolbar = QToolBar(self.tr("Actions du dossier"), self)
        toolbar.setObjectName("case_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.save_action, None, self.generate_action, self.posting_action,
                       self.receipt_action, None, self.export_action, self.email_action):
            if action is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(action)
        self.addToolBar(toolbar)

    # ========================================================================================
    # Refreshing

    def refresh(self) -> None:
        """Recompute the assessment and redraw every part of the window."""
        # The CPME route is for businesses: a private case has no CPME email to create.
        self.email_action.setVisible(self.case.is_business)
        self.email_action.setEnabled(self.case.is_business and not self._export_running())
        self.assessment = assess(self._pending_case(), self.today)
        self._fill_header()
        self._fill_situation()
        self._fill_timeline()
        self._fill_letters()
        self._fill_sections()

    def set_today(self, day: date) -> None:
        """A new day (the main window follows the calendar): recompute the situation, keep
        the selection and what is typed but not saved."""
        if day == self.today:
            return
        ids = self._selected_ids()
        self.today = day
        self.refresh()
        self._reselect(ids)

    # ========================================================================================
    # Pending in-window edits (status, notes) and saving

    def _pending_changed(self, *_args) -> None:
        if self._loading:
            return
        dirty = (self.notes_edit.toPlainText() != self.case.notes
                 or self.status_combo.currentData() != self.case.status.value)
        self._set_dirty(dirty)

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.setWindowModified(dirty)
        self.save_action.setEnabled(dirty)
        self.save_button.setEnabled(dirty)

    def has_pending_changes(self) -> bool:
        return self._dirty

    def _with_pending(self, case: Case) -> Case:
        """``case`` with the status and notes typed in the window (not saved yet)."""
        if getattr(self, "_dirty", False):
            case.notes = self.notes_edit.toPlainText()
            case.status = CaseStatus(self.status_combo.currentData())
        return case

    def _pending_case(self) -> Case:
        """The case with the status and notes typed in the window, for reading only (the
        assessment, a save, which copies what it saves): the case itself when nothing is
        typed, else a shallow copy with those two fields (not a deep copy of every event:
        a save or a refresh read it, nothing changes it)."""
        if not getattr(self, "_dirty", False):
            return self.case
        return dataclasses.replace(self.case, notes=self.notes_edit.toPlainText(),
                                   status=CaseStatus(self.status_combo.currentData()))

    def save(self) -> bool:
        """Ctrl+S: save the status and notes typed in the window."""
        if not self._dirty:
            self.statusBar().showMessage(self.tr("Rien à enregistrer."), 3000)
            return True
        return self._commit(self._pending_case(), self.tr("Notes et statut enregistrés."))

    def editable(self) -> bool:
        """True when this window may save; otherwise says why (another instance edits the
        case) and returns False."""
        if not self.read_only:
            return True
        dialogs.information(self, self.tr("Dossier en lecture seule"), self.read_only + "\n\n" +
                            self.tr("Rien n'a été modifié. Rouvrez le dossier quand l'autre "
                                    "poste l'aura fermé."))
        return False

    def _commit(self, new_case: Case, done_message: str) -> bool:
        """Save ``new_case`` (with any pending notes), refresh everything. False if refused."""
        if not self.editable():
            return False
        new_case = self._with_pending(new_case)
        try:
            saved = self.store.save_case(new_case)
        except ConcurrentChangeError as exc:
            logger.info("Concurrent change on case %s", self.case_id)
            dialogs.critical(self, self.tr("Dossier modifié ailleurs"), exc.message + "\n\n" +
                             self.tr("Le dossier a été rechargé : refaites la modification sur "
                                     "la version à jour. Les notes non enregistrées sont "
                                     "conservées dans la fenêtre."))
            self.reload()
            return False
        except StoreError as exc:
            dialogs.critical(self, self.tr("Enregistrement impossible"), exc.message)
            return False
        self.case = saved
        self._set_dirty(False)
        self.refresh()
        self.statusBar().showMessage(done_message, 6000)
        self.caseSaved.emit(self.case_id)
        return True

    def reload(self) -> bool:
        """Read the case again from the store (pending notes and status are kept)."""
        try:
            self.case = self.store.load_case(self.case_id)
        except StoreError as exc:
            dialogs.critical(self, self.tr("Rechargement impossible"), exc.message)
            return False
        self._pending_changed()
        self.refresh()
        self.verify_exhibits()
        self.statusBar().showMessage(self.tr("Dossier rechargé."), 4000)
        return True

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.recheck_exhibits()  # a file may have been moved while the user was away

    # ========================================================================================
    # Tasks and closing

    def _start(self, task: Task) -> None:
        self._tasks = [t for t in self._tasks if not t.done]
        self._tasks.append(task)
        task.start()

    def running_tasks(self) -> list[Task]:
        return [t for t in self._tasks if t.is_running()]

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self._export_running():
            if not dialogs.ask(self, self.tr("Création du dossier en cours"), self.tr(
                    "Un dossier est en cours de création. L'annuler et fermer la fenêtre ?")):
                event.ignore()
                return
        if self._dirty:
            answer = dialogs.ask_save(self, self.tr("Modifications non enregistrées"), self.tr(
                "Le statut ou les notes internes de « {name} » ont été modifiés sans être "
                "enregistrés. Les enregistrer avant de fermer\u00a0?").format(
                name=self.case.subscriber.name or self.tr("ce dossier")))
            if answer == dialogs.CANCEL or (answer == dialogs.SAVE and not self.save()):
                event.ignore()  # the notes stay in the window; nothing is lost
                return
            if answer == dialogs.DISCARD:
                self._set_dirty(False)
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            if not task.wait(30_000):
                logger.warning("Task %s still running at close", task.name)
        if self.preview is not None:
            self.preview.close()
        if not self.read_only:
            try:
                self.store.unlock_case(self.case_id)  # shared folder: others may edit it now
            except StoreError:
                logger.warning("Edit lock of %s not released", self.case_id, exc_info=True)
        super().closeEvent(event)

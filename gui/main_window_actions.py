"""The main window's menus and the actions they hold: new case, drafts, import and export,
recent cases, bilan, settings, first steps, about.

Mixed into :class:`gui.main_window.MainWindow`; imported with it at start-up. The dialogs and
windows these actions open are imported on first use, not here.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence

from gui import dialogs
from gui.qt_values import TOOL_BUTTON_TEXT_ONLY

logger = logging.getLogger(__name__)

RECENT_KEY = "main/recent"
RECENT_MAX = 8
USER_DIRECTORY_FILE = "annuaire.json"


class MainWindowActionsMixin:
    """The menu bar, the toolbar and the slots of their actions."""

    def _action(self, text: str, slot, shortcut=None, menu=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            # setShortcuts([…]) is setShortcut(…) in Qt; PySide6's setShortcut overloads,
            # like QKeySequence(a QKeySequence), build the Qt namespace (gui/qt_values.py)
            if not isinstance(shortcut, QKeySequence):
                shortcut = QKeySequence(shortcut)
            action.setShortcuts([shortcut])
        action.triggered.connect(slot)
        if menu is not None:
            menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&Fichier"))
        # A lambda: triggered(bool) would otherwise reach new_case's ``draft`` argument.
        self.new_action = self._action(self.tr("&Nouveau dossier…"), lambda: self.new_case(),
                                       QKeySequence.StandardKey.New, file_menu)
        self.drafts_action = self._action(self.tr("Reprendre un &brouillon…"), self.resume_draft,
                                          None, file_menu)
        self.open_action = self._action(self.tr("&Ouvrir le dossier sélectionné"),
                                        self.open_selected, QKeySequence("Ctrl+O"), file_menu)
        self.recent_menu = file_menu.addMenu(self.tr("Dossiers &récents"))
        file_menu.addSeparator()
        self.import_action = self._action(self.tr("&Importer un dossier…"),
                                          self.import_case_file, QKeySequence("Ctrl+I"),
                                          file_menu)
        self.transfer_action = self._action(
            self.tr("E&xporter le dossier pour un autre poste…"), self.export_for_transfer,
            None, file_menu)
        file_menu.addSeparator()
        # Issue 14 (gui/bilan_window.py, loaded on first use).
        self.bilan_action = self._action(self.tr("Bi&lan d'activité…"), self.open_bilan,
                                         QKeySequence("Ctrl+B"), file_menu)
        self._action(self.tr("Exporter les é&chéances des dossiers en cours (.ics)…"),
                     self.export_deadlines, None, file_menu)
        file_menu.addSeparator()
        self._action(self.tr("&Sauvegarder maintenant"), self.backup_now, None, file_menu)
        self._action(self.tr("Restaurer une sau&vegarde…"), self.restore_backup, None,
                     file_menu)
        file_menu.addSeparator()
        self._action(self.tr("&Quitter"), self.close, QKeySequence.StandardKey.Quit, file_menu)

        tools = bar.addMenu(self.tr("&Outils"))
        self._action(self.tr("&Paramètres…"), self.open_settings, QKeySequence("Ctrl+,"), tools)
        self._action(self.tr("Premiers &réglages pas à pas…"), self.first_launch_setup, None,
                     tools)
        view = bar.addMenu(self.tr("&Affichage"))
        view.addAction(self.week_dock.toggleViewAction())
        self._action(self.tr("&Actualiser"), self.refresh, QKeySequence.StandardKey.Refresh, view)
        help_menu = bar.addMenu(self.tr("Aid&e"))
        self._action(self.tr("&Premiers pas"), self.first_steps,
                     QKeySequence.StandardKey.HelpContents, help_menu)
        self._action(self.tr("À pr&opos"), self.about, None, help_menu)

        toolbar = self.addToolBar(self.tr("Actions"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setProperty("toolButtonStyle", TOOL_BUTTON_TEXT_ONLY)  # gui/qt_values.py
        for action in (self.new_action, self.open_action, self.import_action):
            toolbar.addAction(action)

        find = self._action(self.tr("Rechercher"), self._focus_search, QKeySequence.StandardKey.Find)
        self.addAction(find)

    def open_bilan(self) -> None:
        from gui.bilan_window import open_bilan

        self.bilan_window = open_bilan(self, self._store, self.today)

    def export_deadlines(self) -> None:
        from gui.bilan_window import export_open_deadlines

        export_open_deadlines(self, self._store, self.today)

    # -- recent cases -----------------------------------------------------------------

    @staticmethod
    def _recent_ids() -> list[str]:
        """The recent case ids. QSettings gives back a one-item list as a plain string on
        some platforms: never iterate over its characters."""
        value = QSettings().value(RECENT_KEY)
        if isinstance(value, str):
            return [value] if value else []
        return [str(v) for v in (value or [])]

    def _remember_recent(self, case_id: str) -> None:
        settings = QSettings()
        recent = [i for i in self._recent_ids() if i != case_id]
        settings.setValue(RECENT_KEY, [case_id, *recent][:RECENT_MAX])
        self._fill_recent_menu()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        model = self.model
        recent = [i for i in self._recent_ids() if model.row_of(i) >= 0]
        for case_id in recent:
            name = model.summary(model.row_of(case_id)).subscriber_name
            action = self.recent_menu.addAction(name or case_id)
            action.triggered.connect(lambda _=False, i=case_id: self.open_case(i))
        self.recent_menu.setEnabled(bool(recent))

    # -- new case, drafts, import -----------------------------------------------------

    def _directory(self):
        """The shipped directory with the user's corrections (``annuaire.json`` in the data
        folder, docs/directory.md); a bad corrections file is reported, not fatal."""
        from dispute.directory import DirectoryError, load_directory

        try:
            return load_directory(self._store.data_dir / USER_DIRECTORY_FILE)
        except DirectoryError as exc:
            dialogs.critical(self, self.tr("Annuaire"), self.tr(
                "Le fichier de corrections de l'annuaire est illisible ; l'annuaire fourni "
                "est utilisé.\n\n%1").replace("%1", str(exc)))
            return load_directory()

    def new_case(self, draft=None) -> None:
        from gui.wizard import CaseWizard

        wizard = CaseWizard(self._store, directory=self._directory(), today=self.today,
                            draft=draft, parent=self)
        wizard.caseCreated.connect(self._case_created)
        wizard.open()
        self._wizard = wizard

    def _case_created(self, case_id: str) -> None:
        self.refresh()
        self.select_case(case_id)
        self.open_case(case_id)

    def resume_draft(self) -> None:
        drafts = self._store.list_drafts()
        if not drafts:
            dialogs.information(self, self.tr("Brouillons"),
                                self.tr("Aucun brouillon en attente."))
            return
        from gui.pickers import pick_draft

        draft = pick_draft(self, drafts)
        if draft is not None:
            self.new_case(draft)

    def import_case_file(self) -> None:
        from gui import desktop  # built on first use, not at start-up

        path = desktop.pick_open_file(
            self, self.tr("Importer un dossier"), None,
            self.tr("Dossier Recours Télécom (case.json *.zip)"), purpose="import")
        if path is not None:
            self.import_path(path)

    def export_for_transfer(self) -> None:
        """« Exporter le dossier pour un autre poste… »: the selected case as a zip that
        « Importer un dossier » reads back (gui/case_transfer.py)."""
        from gui.case_transfer import export_for_transfer

        case_id = self.selected_case_id()
        if case_id is None:
            dialogs.information(self, self.tr("Exporter le dossier"), self.tr(
                "Sélectionnez d'abord le dossier à exporter dans la liste."))
            return
        export_for_transfer(self, self._store, case_id, self.today)

    def import_path(self, path: Path) -> None:
        from gui.case_transfer import is_transmission_zip, transmission_message
        from store.casefile import CaseFileError, import_case_file
        from store.errors import StoreError

        if path.name == "case.json":
            path = path.parent
        if is_transmission_zip(path):
            dialogs.critical(self, self.tr("Import impossible"), transmission_message(path))
            return
        try:
            case = import_case_file(self._store, path)
        except (CaseFileError, StoreError) as exc:
            dialogs.critical(self, self.tr("Import impossible"),
                             getattr(exc, "message", None) or str(exc))
            return
        self.refresh()
        self.select_case(case.id)
        dialogs.information(self, self.tr("Import terminé"),
                            self.tr("Le dossier de %1 a été importé.")
                            .replace("%1", case.subscriber.name or self.tr("(sans nom)")))

    # -- settings, about --------------------------------------------------------------------

    def open_settings(self, guided: bool = False) -> None:
        from gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self._store, parent=self, guided=guided)
        dialog.open()
        self._settings_dialog = dialog

    def first_launch_setup(self) -> None:
        """« Premiers réglages »: the structure, signer, place and envelope window, step by
        step (Paramètres in guided mode)."""
        self.open_settings(guided=True)

    def _offer_first_launch(self) -> None:
        from gui.settings_dialog import needs_first_launch

        if needs_first_launch(self._store):
            self.first_launch_setup()

    def first_steps(self) -> None:
        dialogs.information(self, self.tr("Premiers pas"), self.tr(
            "1. « Nouveau dossier » (Ctrl+N) : l'assistant demande l'abonné, l'opérateur, les "
            "lignes, le contrat, la nature du litige, puis les démarches datées (appels, "
            "courriers, réponses) avec leurs pièces (glissez les fichiers sur un événement).\n\n"
            "2. La fiche du dossier dit où en est la procédure, quelle voie est ouverte "
            "(service consommateurs, médiateur, CPME) et avant quelle date ; « Pourquoi ? » "
            "montre la règle et sa source.\n\n"
            "3. Onglet « Courriers » : générez le courrier proposé, vérifiez l'aperçu, "
            "imprimez-le (Ctrl+P) à 100 % : l'adresse tombe dans la fenêtre de l'enveloppe.\n\n"
            "4. Après l'envoi en recommandé, « Enregistrer l'envoi recommandé » (n° de "
            "suivi), puis l'accusé de réception : les délais se mettent à jour.\n\n"
            "5. « Exporter le dossier » (Ctrl+E) produit le dossier zippé pour le médiateur "
            "ou la CPME ; « Créer le courriel pour la CPME » prépare le message.\n\n"
            "Réglez d'abord votre structure, le signataire, le lieu des courriers et la "
            "fenêtre d'enveloppe : Outils > Premiers réglages pas à pas (proposé au premier "
            "lancement), ou Outils > Paramètres."))

    def about(self) -> None:
        dialogs.information(self, self.tr("À propos de Recours Télécom"), self.tr(
            "Recours Télécom prépare et suit les litiges avec les opérateurs télécoms : "
            "délais de la procédure, courriers recommandés et dossier pour le médiateur ou la "
            "CPME.\n\nDossier des données : %1").replace("%1", str(self._store.data_dir)))

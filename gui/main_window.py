"""Main window: the case list with search and filters, the week's deadlines.

The window is built here; its menus and their actions (gui/main_window_actions.py), its
background store jobs (gui/main_window_jobs.py) and its saved layout
(gui/main_window_layout.py) are mixed in from modules of their own.
"""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dispute.case_list import WeekBook
from dispute.stages import STAGE_LABELS, Stage
from gui import dialogs
from gui.case_list_model import (
    ID_ROLE,
    CaseFilter,
    CaseListModel,
    days_text,
    fold,
    short_date,
)
from gui.column_fit import ColumnFitter, FittingLayout
from gui.main_window_actions import (
    RECENT_KEY,
    RECENT_MAX,
    USER_DIRECTORY_FILE,
    MainWindowActionsMixin,
)
from gui.main_window_jobs import BackgroundJobsMixin, StoreJob
from gui.main_window_layout import MainWindowLayoutMixin, preset_sort_indicator
from gui.main_window_start import FirstFrameMixin, WeekList
from gui.plain_text import plain_tip
from gui.qt_values import (
    ALIGN_CENTER,
    ALIGN_LEFT,
    ALIGN_VCENTER,
    ASCENDING,
    ELIDE_RIGHT,
    RIGHT_DOCK_AREA,
    USER_ROLE,
)
from gui.screens import fit_to_screen

logger = logging.getLogger(__name__)

WEEK_DAYS = 7
BACKUP_CHECK_MS = 3_600_000  # how often an open window checks whether a daily backup is due
CLOCK_CHECK_MS = 60_000  # how often an open window checks whether the date has changed
OTHERS_CHECK_MS = 3000
"""How often a window on a shared data folder looks for other instances' saves (one
listing of the index journals)."""


class MainWindow(MainWindowActionsMixin, BackgroundJobsMixin, MainWindowLayoutMixin,
                 FirstFrameMixin, QMainWindow):
    caseOpened = Signal(str)  # noqa: N815 - Qt naming

    def __init__(self, store, today: date | None = None, parent=None,
                 auto_backup: bool = False, first_launch: bool = False) -> None:
        super().__init__(parent)
        self._store = store
        self.today = today or date.today()
        self.follows_clock = today is None
        """Without a fixed ``today`` (tests, screenshots), the window follows the calendar:
        left open overnight, its deadlines and « dans N j » are those of the new day."""
        self._case_windows: dict[str, QWidget] = {}
        self.setWindowTitle(self.tr("Recours Télécom"))
        fit_to_screen(self, 1180, 700)  # then the saved geometry, if any

        self._started = False
        """Whether :meth:`finish_start_up` has run (just after the first paint)."""
        self.model = CaseListModel(self.today)
        self.proxy = CaseFilter(self)

        self._build_filters()
        self.table = QTableView()
        header = self.table.horizontalHeader()
        # Until the first paint the header has its titles from a model of Qt's own, and is
        # set up (widths, saved state, sort arrow) before the table has its model: see
        # gui/main_window_start.py for why.
        self._give_header_its_titles()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The last column takes the room left (the column fitter below does it); a window too
        # narrow for the titles themselves scrolls sideways rather than cutting them.
        header.setStretchLastSection(True)
        # Headers never cut (« rochaine échéanc »): each column at least as wide as its title
        # and the sort arrow; texts too long for their column end with « … » and a tooltip.
        # Enum-typed properties set from their values (no Qt namespace, gui/qt_values.py).
        header.setProperty("defaultAlignment", ALIGN_LEFT | ALIGN_VCENTER)
        header.setProperty("textElideMode", ELIDE_RIGHT)
        self.table.setProperty("textElideMode", ELIDE_RIGHT)
        metrics = header.fontMetrics()
        wanted, minimums = [], []
        for column, width in enumerate((150, 120, 105, 170, 105, 175, 90)):
            title = self.model.header_title(column)
            needed = metrics.horizontalAdvance(title) + 2 * metrics.averageCharWidth() + 24
            self.table.setColumnWidth(column, max(width, needed))
            wanted.append(max(width, needed))
            minimums.append(needed)
        # The saved widths and order, else the arrow on the deadline: the rows are sorted
        # once, in that order, when they arrive (gui/case_list_model.py)
        restored = self._restore_header()
        if restored is None and not preset_sort_indicator(
                header, CaseListModel.DEADLINE, ASCENDING):
            from PySide6.QtCore import Qt

            header.setSortIndicator(CaseListModel.DEADLINE, Qt.SortOrder.AscendingOrder)
        self.model.sort(*(restored or (CaseListModel.DEADLINE, ASCENDING)))
        self._give_table_its_model()
        # Beside « Cette semaine », at the default 1180 × 700, the columns shrink to the
        # table's width rather than scroll sideways (fresh-eyes 15); cut texts keep a tooltip.
        self.column_fitter = ColumnFitter(self.table, wanted, minimums)
        if restored is not None:
            self.column_fitter.take_current_widths()
        self.table.setAccessibleName(self.tr("Liste des dossiers"))
        self.table.activated.connect(self._open_index)
        self.count_label = QLabel()
        self.empty_label = QLabel(self.tr(
            "Aucun dossier pour l'instant. Créez-en un avec « Nouveau dossier » (Ctrl+N) "
            "ou importez un fichier de dossier (Ctrl+I)."))
        self.empty_label.setWordWrap(True)
        self.empty_label.setProperty("alignment", ALIGN_CENTER)
        self.first_case_button = QPushButton(self.tr("&Créer un premier dossier"))
        self.first_case_button.setAccessibleName(self.tr("Créer un premier dossier"))
        self.first_case_button.clicked.connect(lambda: self.new_case())
        self.empty_panel = QWidget()
        empty_layout = QVBoxLayout(self.empty_panel)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_label)
        centred = QHBoxLayout()  # the button at its own width, centred
        centred.addStretch(1)
        centred.addWidget(self.first_case_button)
        centred.addStretch(1)
        empty_layout.addLayout(centred)
        empty_layout.addStretch(2)

        central = QWidget()
        layout = FittingLayout(central)
        layout.addLayout(self.filter_bar)
        layout.addWidget(self.empty_panel, 1)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        layout.placed = self.column_fitter.refit  # the table's width may have changed
        self.setCentralWidget(central)

        self._build_week_panel()
        self._build_menus()
        self.statusBar()
        self.refresh()
        self._restore_layout()
        self._backup_running = False
        self._backup_failure_shown = False
        if auto_backup:
            self._start_auto_backup()
            # Left open for days, the window still backs up once a day.
            self._backup_clock = QTimer(self)
            self._backup_clock.setInterval(BACKUP_CHECK_MS)
            self._backup_clock.timeout.connect(self._start_auto_backup)
            self._backup_clock.start()
        self._summaries_job: StoreJob | None = None
        self._refresh_stale_summaries()
        if getattr(store, "shared", False):
            # Shared data folder (docs/store.md): the list follows the other instances' saves.
            self._change_token = store.change_token()
            self._others_clock = QTimer(self)
            self._others_clock.setInterval(OTHERS_CHECK_MS)
            self._others_clock.timeout.connect(self._follow_other_instances)
            self._others_clock.start()
        self._settings_dialog = None
        if first_launch:  # the first-launch set-up, once the window shows (not in tests)
            QTimer.singleShot(0, self, self._offer_first_launch)
        if self.follows_clock:
            self._clock = QTimer(self)
            self._clock.setInterval(CLOCK_CHECK_MS)
            self._clock.timeout.connect(lambda: self.set_today(date.today()))
            self._clock.start()
        QTimer.singleShot(0, self, self._finish_once_painted)  # gui/main_window_start.py

    def _follow_other_instances(self) -> None:
        """Shared folder: refresh the list when another instance saved or deleted a case
        (``CaseStore.change_token`` / ``sync``, docs/store.md « Shared mode »)."""
        try:
            token = self._store.change_token()
            if token == self._change_token:
                return
            self._change_token = token
            changed = self._store.sync()
        except Exception:  # noqa: BLE001 - a network hiccup must not break the window
            logger.warning("Suivi des autres postes impossible", exc_info=True)
            return
        if changed:
            self.refresh()
            self.statusBar().showMessage(
                self.tr("Liste mise à jour : %1 dossier(s) modifié(s) sur un autre poste.")
                .replace("%1", str(len(changed))), 6000)

    def set_today(self, day: date) -> None:
        """Recompute every deadline, delay and « en retard » for ``day``: the list, the week's
        panel and the open case windows (their selection and unsaved notes are kept)."""
        if day == self.today:
            return
        logger.info("Nouvelle date du jour : %s", day.isoformat())
        self.today = day
        self.refresh()
        for window in self._case_windows.values():
            if window.isVisible():  # a closed one is rebuilt when opened again
                window.set_today(day)
        self.statusBar().showMessage(
            self.tr("Échéances recalculées pour le %1.").replace("%1", f"{day:%d/%m/%Y}"), 10000)

    # -- building -------------------------------------------------------------------------

    def _build_filters(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            self.tr("Rechercher un abonné, un opérateur, une ligne… (Ctrl+F)"))
        self.search.setAccessibleName(self.tr("Recherche dans les dossiers"))
        # Qt shows the clear button only over some text: turning it on with the first
        # character looks the same and keeps its icon (2 ms) out of the start-up.
        self.search.textChanged.connect(self._enable_search_clear_button)
        self.search.textChanged.connect(self.proxy.set_search)
        self.search.textChanged.connect(self._update_count)

        self.route_filter = QComboBox()
        self.route_filter.setAccessibleName(self.tr("Filtrer par voie ouverte"))
        self.route_filter.addItem(self.tr("Toutes les voies"), "")
        self.route_filter.addItem(self.tr("Médiateur possible"), "mediator")
        self.route_filter.addItem(self.tr("Médiateur des entreprises possible"),
                                  "business_mediator")
        self.route_filter.addItem(self.tr("CPME possible"), "cpme")
        self.route_filter.addItem(self.tr("Tribunal (dernier recours)"), "court")
        self.stage_filter = QComboBox()
        self.stage_filter.setAccessibleName(self.tr("Filtrer par étape"))
        self.stage_filter.addItem(self.tr("Toutes les étapes"), "")
        for stage in Stage:
            self.stage_filter.addItem(STAGE_LABELS[stage], stage.value)
        self.operator_filter = QComboBox()
        self.operator_filter.setAccessibleName(self.tr("Filtrer par opérateur"))
        self.overdue_filter = QCheckBox(self.tr("En &retard seulement"))
        for combo in (self.route_filter, self.stage_filter, self.operator_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.overdue_filter.toggled.connect(self._apply_filters)

        for combo in (self.route_filter, self.stage_filter, self.operator_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(14)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 4)
        bar.addWidget(self.route_filter, 1)
        bar.addWidget(self.stage_filter, 2)
        bar.addWidget(self.operator_filter, 1)
        bar.addWidget(self.overdue_filter)
        self.filter_bar = bar

    def _enable_search_clear_button(self, text: str) -> None:
        if text:
            self.search.setClearButtonEnabled(True)
            self.search.textChanged.disconnect(self._enable_search_clear_button)

    def _build_week_panel(self) -> None:
        self.week_list = WeekList()
        self.week_list.setAccessibleName(self.tr("Échéances de la semaine"))
        self.week_list.setWordWrap(True)
        self.week_list.setSpacing(3)  # one line of the week from the next
        self.week_list.itemActivated.connect(
            lambda item: self.open_case(item.data(USER_ROLE)))
        dock = QDockWidget(self.tr("Cette semaine"), self)
        dock.setObjectName("week_dock")
        dock.setWidget(self.week_list)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        # addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock) without the Qt namespace
        # (gui/qt_values.py): QDockWidget's dockLocation property does that call.
        if not dock.setProperty("dockLocation", RIGHT_DOCK_AREA):
            from PySide6.QtCore import Qt

            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.week_dock = dock

    # -- data -----------------------------------------------------------------------------

    def refresh(self) -> None:
        summaries = self._store.list_cases()
        # an empty list (the first refresh) has no selection: not asking its selection model
        # spares the start-up building that class and its enum (bench/startup.py)
        selected = self.selected_case_id() if self.model.rowCount() else None
        self.model.today = self.today
        self.model.set_summaries(summaries)
        self._fill_operator_filter(summaries)
        self._week = WeekBook(summaries, self.today, WEEK_DAYS)
        self._fill_week_panel()
        self._fill_recent_menu()
        self.empty_panel.setVisible(not summaries)
        self.table.setVisible(bool(summaries))
        if selected:
            self.select_case(selected)
        self._update_count()

    def _fill_operator_filter(self, summaries) -> None:
        current = self.operator_filter.currentData() or ""
        names = sorted({s.operator_name for s in summaries if s.operator_name}, key=fold)
        self.operator_filter.blockSignals(True)
        self.operator_filter.clear()
        self.operator_filter.addItem(self.tr("Tous les opérateurs"), "")
        for name in names:
            self.operator_filter.addItem(name, name)
        index = self.operator_filter.findData(current)
        self.operator_filter.setCurrentIndex(max(index, 0))
        self.operator_filter.blockSignals(False)

    def case_saved(self, case_id: str) -> None:
        """A case window saved ``case_id``: its row, the week's panel, the operator filter
        and the recent menu take in its new summary; the other 9,999 rows stay as they are
        (``refresh`` reloads them all: a new or vanished case, another day)."""
        summary = self._store.case_summary(case_id)
        old = self.model.update_summary(summary) if summary is not None else None
        if old is None:
            self.refresh()
            return
        self._week.update(summary)
        self._fill_week_panel()
        if old.operator_name != summary.operator_name:
            self._fill_operator_filter(self.model.summaries())
        if old.subscriber_name != summary.subscriber_name:
            self._fill_recent_menu()
        if self.proxy.filtering():
            self.proxy.refilter()  # the row may enter or leave the filtered list
        self._update_count()

    def _fill_week_panel(self) -> None:
        """Overdue limits first, then every deadline of the next seven days, then the steps
        the procedure advises and that are possible today, all cases, in one pass; a long
        group ends with how many more there are."""
        agenda = self._week.agenda()
        self.week_list.clear()
        headings = {0: self.tr("En retard"), 1: self.tr("Échéances des 7 prochains jours"),
                    2: self.tr("Possible dès maintenant (conseillé)")}
        more_texts = {
            0: self.tr("… et %1 autre(s) en retard : cochez « En retard seulement »."),
            1: self.tr("… et %1 autre(s) échéance(s) cette semaine : triez la liste par "
                       "échéance."),
            2: self.tr("… et %1 autre(s) démarche(s) possible(s) : voir la liste des "
                       "dossiers.")}
        by_group: dict[int, list] = {0: [], 1: [], 2: []}
        for item in agenda.items:
            by_group[item.group].append(item)
        for group, items in by_group.items():
            if not items:
                continue
            heading = QListWidgetItem(headings[group])
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            self._plain_item(heading)  # not greyed, not selectable
            self.week_list.addItem(heading)
            for item in items:
                entry = QListWidgetItem(self._week_text(item))
                entry.setToolTip(plain_tip(entry.text()))
                entry.setData(USER_ROLE, item.case_id)
                self.week_list.addItem(entry)
            if agenda.left_out.get(group):
                more = QListWidgetItem(more_texts[group].replace(
                    "%1", str(agenda.left_out[group])))
                self._plain_item(more)
                self.week_list.addItem(more)
        if not agenda.items:
            item = QListWidgetItem(self.tr("Rien à faire cette semaine."))
            self._plain_item(item, enabled=False)
            self.week_list.addItem(item)

    def _week_text(self, item) -> str:
        name = item.name or self.tr("(sans nom)")
        if item.group == 0:
            return self.tr("EN RETARD — %1 — %2 : %3 (%4)").replace("%1", name).replace(
                "%2", item.label).replace("%3", f"{item.date:%d/%m/%Y}").replace(
                "%4", days_text(item.days_left))
        if item.group == 1:
            return f"{short_date(item.date)} — {name} — {item.label} " \
                   f"({days_text(item.days_left)})"
        limit = self.tr(" (au plus tard le %1)").replace(
            "%1", f"{item.date:%d/%m/%Y}") if item.days_left is not None else ""
        return f"{name} — {item.label}{limit}"

    def _apply_filters(self) -> None:
        self.proxy.set_filters(route=self.route_filter.currentData() or "",
                               stage=self.stage_filter.currentData() or "",
                               operator=self.operator_filter.currentData() or "",
                               overdue_only=self.overdue_filter.isChecked())
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total:
            self.count_label.setText(self.tr("%1 dossier(s)").replace("%1", str(total)))
        else:
            self.count_label.setText(self.tr("%1 dossier(s) sur %2").replace("%1", str(shown))
                                     .replace("%2", str(total)))

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- selection and opening ----------------------------------------------------------

    def selected_case_id(self) -> str | None:
        indexes = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return indexes[0].data(ID_ROLE) if indexes else None

    def select_case(self, case_id: str) -> None:
        row = self.model.row_of(case_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectRow(index.row())

    def _open_index(self, index) -> None:
        case_id = index.data(ID_ROLE)
        if case_id:
            self.open_case(case_id)

    def open_selected(self) -> None:
        case_id = self.selected_case_id()
        if case_id:
            self.open_case(case_id)

    def open_case(self, case_id: str | None) -> None:
        if not case_id:
            return
        from store.errors import StoreError

        window = self._case_windows.get(case_id)
        if window is not None and window.isVisible():
            window.raise_()
            window.activateWindow()
            return
        read_only = self._take_edit_lock(case_id)
        try:
            from gui.case_view import CaseWindow

            window = CaseWindow(self._store, case_id, today=self.today, parent=self,
                                read_only=read_only)
        except StoreError as exc:
            if not read_only:
                self._store.unlock_case(case_id)
            dialogs.critical(self, self.tr("Ouverture impossible"), exc.message)
            self.refresh()
            return
        window.caseSaved.connect(self.case_saved)
        self._case_windows[case_id] = window
        window.show()
        self._remember_recent(case_id)
        self.caseOpened.emit(case_id)

    def _take_edit_lock(self, case_id: str) -> str:
        """Take the case's edit lock before its window opens (shared folder; always granted
        in a folder used alone). Returns "" when the window may edit the case, else the
        French message saying who edits it: the window then opens read-only. A lock whose
        holder stopped refreshing it is taken over if the user agrees, after the store's
        warning."""
        from store.caselocks import CaseLockedError

        try:
            self._store.lock_case(case_id)
            return ""
        except CaseLockedError as exc:
            if not exc.stale or not dialogs.ask(
                    self, self.tr("Dossier verrouillé"), exc.message + "\n\n" + self.tr(
                        "Reprendre la main sur ce dossier ? Sinon il s'ouvre en lecture "
                        "seule.")):
                return exc.message
            try:
                self._store.lock_case(case_id, take_over=True)
                return ""
            except CaseLockedError as again:  # taken by a third instance meanwhile
                return again.message


__all__ = ["RECENT_KEY", "RECENT_MAX", "USER_DIRECTORY_FILE", "MainWindow", "fold"]

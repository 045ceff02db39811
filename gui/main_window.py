"""Main window: the list of cases in the store, searchable.

The full desk (wizard, case view, deadlines panel) is issue 4; this window already lists the
store's cases, searches them ignoring accents and case, and imports a case file.
"""

from __future__ import annotations

import logging
import unicodedata
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui import dialogs

logger = logging.getLogger(__name__)


def fold(text: str) -> str:
    """Lower-case text without accents, for searching (« Écrasement » matches « ecras »)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class CaseListModel(QAbstractTableModel):
    HEADERS = ("Abonné", "Opérateur", "Ligne(s)", "État", "Mis à jour")

    def __init__(self, summaries=(), parent=None) -> None:
        super().__init__(parent)
        self._rows = list(summaries)

    def set_summaries(self, summaries) -> None:
        self.beginResetModel()
        self._rows = list(summaries)
        self.endResetModel()

    def summary(self, row: int):
        return self._rows[row]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[section])
        return None

    def _cells(self, s) -> tuple[str, ...]:
        from dispute.labels import label
        status = label(s.status) if s.status else self.tr("Illisible")
        updated = s.updated_at.astimezone().strftime("%d/%m/%Y") if s.updated_at else ""
        return (s.subscriber_name or self.tr("(sans nom)"), s.operator_name,
                ", ".join(s.line_numbers), status, updated)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        s = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells(s)[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return fold(" ".join(self._cells(s)) + " " + s.id)
        return None


class FoldingFilter(QSortFilterProxyModel):
    """Keeps rows whose text contains every word of the search, accents and case ignored."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_search(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10
            self.beginFilterChange()
            self._words = fold(text).split()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self._words = fold(text).split()
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        if not self._words:
            return True
        haystack = self.sourceModel().index(row, 0, parent).data(Qt.ItemDataRole.UserRole) or ""
        return all(word in haystack for word in self._words)


class MainWindow(QMainWindow):
    def __init__(self, store, parent=None) -> None:
        super().__init__(parent)
        self._store = store
        self.setWindowTitle(self.tr("Recours Télécom"))
        self.resize(1000, 640)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Rechercher un abonné, un opérateur, une ligne… (Ctrl+F)"))
        self.search.setAccessibleName(self.tr("Recherche dans les dossiers"))
        self.search.setClearButtonEnabled(True)

        self.model = CaseListModel()
        self.proxy = FoldingFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName(self.tr("Liste des dossiers"))
        self.count_label = QLabel()

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self.setCentralWidget(central)
        self.search.textChanged.connect(self._on_search)

        self._build_menus()
        self.refresh()
        self._restore_layout()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Fichier"))
        self.import_action = QAction(self.tr("&Importer un dossier…"), self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.import_case_file)
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quitter"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        find_action = QAction(self.tr("Rechercher"), self)
        find_action.setShortcut(QKeySequence.StandardKey.Find)
        find_action.triggered.connect(lambda: (self.search.setFocus(), self.search.selectAll()))
        self.addAction(find_action)

    def refresh(self) -> None:
        summaries = self._store.list_cases()
        self.model.set_summaries(summaries)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self._update_count()

    def _on_search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total:
            self.count_label.setText(self.tr("%n dossier(s)", "", total))
        else:
            self.count_label.setText(self.tr("%1 dossier(s) sur %2").replace("%1", str(shown))
                                     .replace("%2", str(total)))

    def import_case_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Importer un dossier"), str(Path.home()),
            self.tr("Dossier Recours Télécom (case.json *.zip)"),
        )
        if not path:
            return
        self.import_path(Path(path))

    def import_path(self, path: Path) -> None:
        from store.casefile import CaseFileError, import_case_file
        from store.errors import StoreError

        if path.name == "case.json":
            path = path.parent
        try:
            case = import_case_file(self._store, path)
        except (CaseFileError, StoreError) as exc:
            dialogs.critical(self, self.tr("Import impossible"),
                             getattr(exc, "message", None) or str(exc))
            return
        self.refresh()
        dialogs.information(self, self.tr("Import terminé"),
                            self.tr("Le dossier de %1 a été importé.")
                            .replace("%1", case.subscriber.name or self.tr("(sans nom)")))

    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        header = settings.value("main/header")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/header", self.table.horizontalHeader().saveState())
        super().closeEvent(event)

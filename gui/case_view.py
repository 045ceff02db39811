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
"""

from __future__ import annotations

import copy
import inspect
import logging
import os
import shutil
import stat
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dispute.calendar import format_date_fr, non_working_day_warning
from dispute.labels import label
from dispute.model import Case, CaseStatus, Event
from dispute.procedure import (
    Assessment,
    DeadlineState,
    PrescriptionState,
    assess,
    event_title,
)
from gui import case_view_dialogs as cvd
from gui import case_view_text as txt
from gui import desktop, dialogs
from gui.case_view_widgets import (
    Card,
    clear_layout,
    section_heading,
    severity_icon,
    wrapped_label,
)
from gui.screens import fit_to_screen
from gui.widgets import InlineMessage, hint_label
from gui.workers import Task
from store.errors import ConcurrentChangeError, StoreError

logger = logging.getLogger(__name__)

EVENT_ROLE = Qt.ItemDataRole.UserRole
EXHIBIT_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole

TAB_SITUATION, TAB_TIMELINE, TAB_LETTERS, TAB_SECTIONS = range(4)
NEXT_STEP_LETTERS = {
    "contact_service_clients": "reclamation_service_clients",
    "write_service_consommateurs": "recours_service_consommateurs",
    "seize_mediator": "saisine_mediateur",
    "seize_cpme": "demande_cpme",
}
"""The procedure engine's next steps (``NextStep.id``) that are done with a letter
(``documents.letters.LetterKind`` values): the « Courriers » tab selects that letter."""
MAX_WARNINGS_SHOWN = 12
EMAIL_MAX_ATTACHMENT_BYTES = 10 * 1000 * 1000
"""Above this the zip is not attached to the CPME email draft (documents.email_draft)."""


@dataclass(frozen=True)
class ExportOutcome:
    dossier: object  # documents.dossier.DossierResult
    draft: object | None = None  # documents.email_draft.EmailDraftResult
    reused: bool = False  # the CPME email attaches the zip just exported (not rebuilt)


# Sections of the case and the editor that edits each one (gui/editors).
SECTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("subscriber", "Souscripteur du contrat", "gui.editors.subscriber", "SubscriberEditor"),
    ("structure", "Structure qui suit le dossier", "gui.editors.subscriber",
     "HandlingStructureEditor"),
    ("operator", "Opérateur", "gui.editors.operator", "OperatorEditor"),
    ("lines", "Ligne(s) concernée(s)", "gui.editors.contract", "LinesEditor"),
    ("contract", "Contrat", "gui.editors.contract", "ContractEditor"),
    ("dispute", "Nature du litige et résumé", "gui.editors.dispute_editor", "DisputeEditor"),
    ("timeline", "Chronologie et pièces", "gui.editors.timeline", "TimelineEditor"),
    ("invoices", "Lignes de facture contestées", "gui.editors.invoices", "InvoiceLinesEditor"),
)


def _exhibit_names(case: Case) -> list[tuple[str, int, str, str]]:
    return [(x.id, x.number, x.title, x.original_name) for x in case.exhibits]


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


class CaseWindow(QMainWindow):
    caseSaved = Signal(str)  # noqa: N815 - Qt naming
    exhibitsChecked = Signal()  # noqa: N815 - the exhibit check (worker) has reported
    previewReady = Signal(object)  # noqa: N815 - a LetterPreview is shown
    exportFinished = Signal(object)  # noqa: N815 - ExportOutcome, after the user was told
    exportFailed = Signal(str)  # noqa: N815 - the French message shown
    exportCancelled = Signal()  # noqa: N815

    def __init__(self, store, case_id: str, today: date | None = None, parent=None,
                 settings=None) -> None:
        super().__init__(parent)
        self.store = store
        self.case_id = case_id
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

    # -- header --------------------------------------------------------------------------------

    def _build_header(self) -> None:
        self.header = QFrame(self)
        self.header.setObjectName("header")
        self.header.setStyleSheet("QFrame#header { background: #f1f3f4; border-radius: 4px; }")
        grid = QGridLayout(self.header)
        grid.setContentsMargins(10, 8, 10, 8)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(3)
        self.title_label = QLabel(self.header)
        self.title_label.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subscriber_label = wrapped_label("", self.header)
        self.operator_label = wrapped_label("", self.header)
        self.lines_label = wrapped_label("", self.header)
        self.contract_label = wrapped_label("", self.header)
        self.stage_label = wrapped_label("", self.header, bold=True)
        self.stage_reason_label = wrapped_label("", self.header)
        # One icon and one text per route: a green tick only next to a route open today.
        self.route_labels: dict[str, QLabel] = {}
        self.route_icons: dict[str, QLabel] = {}
        for key in ("mediator", "cpme"):
            self.route_labels[key] = wrapped_label("", self.header)
            self.route_icons[key] = QLabel(self.header)
            self.route_icons[key].setFixedSize(18, 18)

        def caption(text: str) -> QLabel:
            lab = QLabel(self.tr(text), self.header)
            lab.setStyleSheet("color: #5f6368;")
            lab.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            return lab

        grid.addWidget(self.title_label, 0, 0, 1, 4)
        grid.addWidget(caption("Souscripteur"), 1, 0)
        grid.addWidget(self.subscriber_label, 1, 1)
        grid.addWidget(caption("Opérateur"), 1, 2)
        grid.addWidget(self.operator_label, 1, 3)
        grid.addWidget(caption("Ligne(s)"), 2, 0)
        grid.addWidget(self.lines_label, 2, 1)
        grid.addWidget(caption("Contrat"), 2, 2)
        grid.addWidget(self.contract_label, 2, 3)
        grid.addWidget(caption("Étape"), 3, 0)
        stage_box = QVBoxLayout()
        stage_box.setSpacing(0)
        stage_box.addWidget(self.stage_label)
        stage_box.addWidget(self.stage_reason_label)
        grid.addLayout(stage_box, 3, 1, 1, 3)
        grid.addWidget(caption("Recours"), 4, 0)
        route_row = QHBoxLayout()
        route_row.setSpacing(6)
        for key in ("mediator", "cpme"):
            route_row.addWidget(self.route_icons[key], 0, Qt.AlignmentFlag.AlignTop)
            route_row.addWidget(self.route_labels[key], 1)
            route_row.addSpacing(10)
        grid.addLayout(route_row, 4, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.header.setAccessibleName(self.tr("Résumé du dossier"))
        self.banner = InlineMessage(self)

    # -- situation -------------------------------------------------------------------------

    def _build_situation(self) -> QWidget:
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setAccessibleName(self.tr("Situation du dossier"))
        holder = QWidget()
        columns = QHBoxLayout(holder)
        columns.setContentsMargins(4, 4, 4, 4)
        columns.setSpacing(14)
        left = QVBoxLayout()
        right = QVBoxLayout()
        left.setSpacing(6)
        right.setSpacing(6)
        left.addWidget(section_heading(self.tr("Prochaines étapes"), holder))
        self.steps_box = QVBoxLayout()
        self.steps_box.setSpacing(6)
        left.addLayout(self.steps_box)
        left.addWidget(section_heading(self.tr("Échéances"), holder))
        self.deadlines_box = QVBoxLayout()
        self.deadlines_box.setSpacing(6)
        left.addLayout(self.deadlines_box)
        left.addStretch(1)
        right.addWidget(section_heading(self.tr("Voies de recours"), holder))
        self.routes_box = QVBoxLayout()
        self.routes_box.setSpacing(6)
        right.addLayout(self.routes_box)
        self.invoices_heading = section_heading(self.tr("Prescription des factures (L.34-2)"),
                                                holder)
        right.addWidget(self.invoices_heading)
        self.invoices_box = QVBoxLayout()
        self.invoices_box.setSpacing(6)
        right.addLayout(self.invoices_box)
        self.notices_heading = section_heading(self.tr("Points à vérifier"), holder)
        right.addWidget(self.notices_heading)
        self.notices_box = QVBoxLayout()
        self.notices_box.setSpacing(6)
        right.addLayout(self.notices_box)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        scroll.setWidget(holder)
        self.deadline_cards: dict[str, Card] = {}
        self.step_cards: dict[str, Card] = {}
        self.route_cards: dict[str, Card] = {}
        return scroll

    # -- timeline --------------------------------------------------------------------------

    def _build_timeline(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 6, 4, 4)
        self.exhibit_banner = InlineMessage(page)
        self.tree = QTreeWidget(page)
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels([self.tr("Date"), self.tr("Événement"),
                                   self.tr("Interlocuteur"), self.tr("Résumé"),
                                   self.tr("Recommandé / état de la pièce")])
        self.tree.setAccessibleName(self.tr("Chronologie et pièces"))
        self.tree.setAlternatingRowColors(True)
        # One line per cell (LRAR tracking on its own lines); the full text of the selected
        # event is in the details pane under the tree.
        self.tree.setWordWrap(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setUniformRowHeights(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setIconSize(QSize(16, 16))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((140, 320, 190, 300, 230)):
            self.tree.setColumnWidth(column, width)
        label_ = QLabel(self.tr("É&vénements du plus ancien au plus récent, avec leurs pièces "
                                "(double-cliquez sur une pièce pour l'ouvrir)"), page)
        label_.setBuddy(self.tree)
        self.open_exhibit_button = QPushButton(self.tr("&Ouvrir la pièce"), page)
        self.posting_button = QPushButton(self.tr("Enregistrer l'envoi &recommandé…"), page)
        self.receipt_button = QPushButton(self.tr("Enregistrer l'&accusé de réception…"), page)
        self.edit_timeline_button = QPushButton(self.tr("&Modifier la chronologie…"), page)
        for button, name in (
                (self.open_exhibit_button, "Ouvrir la pièce sélectionnée"),
                (self.posting_button, "Enregistrer l'envoi d'une lettre recommandée"),
                (self.receipt_button, ("Enregistrer l'accusé de réception de la lettre "
                                       "sélectionnée")),
                (self.edit_timeline_button, "Modifier la chronologie et les pièces")):
            button.setAccessibleName(self.tr(name))
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_exhibit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.posting_button)
        buttons.addWidget(self.receipt_button)
        buttons.addWidget(self.edit_timeline_button)
        layout.addWidget(self.exhibit_banner)
        layout.addWidget(label_)
        layout.addWidget(self.tree, 1)
        self.details = wrapped_label("", page)
        self.details.setObjectName("details")
        self.details.setStyleSheet("QLabel#details { background: #f8f9fa; border: 1px solid "
                                   "#dadce0; padding: 6px; }")
        self.details.setAccessibleName(self.tr("Détail de l'élément sélectionné"))
        self.details.setMinimumHeight(60)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        self.tree.itemSelectionChanged.connect(self._timeline_selection)
        self.tree.itemDoubleClicked.connect(self._tree_double_clicked)
        self.open_exhibit_button.clicked.connect(self.open_selected_exhibit)
        self.posting_button.clicked.connect(lambda: self.record_posting())
        self.receipt_button.clicked.connect(lambda: self.record_receipt())
        self.edit_timeline_button.clicked.connect(lambda: self.edit_section("timeline"))
        QWidget.setTabOrder(self.tree, self.open_exhibit_button)
        QWidget.setTabOrder(self.open_exhibit_button, self.posting_button)
        QWidget.setTabOrder(self.posting_button, self.receipt_button)
        QWidget.setTabOrder(self.receipt_button, self.edit_timeline_button)
        return page

    # -- letters ---------------------------------------------------------------------------

    def _build_letters(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 6, 4, 4)
        self.letters_table = QTableWidget(0, 3, page)
        self.letters_table.setHorizontalHeaderLabels(
            [self.tr("Courrier"), self.tr("Possible maintenant ?"), self.tr("Pourquoi")])
        self.letters_table.setAccessibleName(self.tr("Courriers du dossier"))
        self.letters_table.verticalHeader().setVisible(False)
        self.letters_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.letters_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.letters_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.letters_table.setWordWrap(True)
        self.letters_table.setIconSize(QSize(16, 16))
        header = self.letters_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.letters_table.setColumnWidth(0, 360)
        self.letters_table.setColumnWidth(1, 170)
        self.letters_table.setStyleSheet("QTableWidget::item { padding: 4px; }")
        # Row heights follow the width of the « Pourquoi » column (wrapped text); a hidden tab
        # has no real width yet, so recompute once the layout has settled.
        header.sectionResized.connect(self._resize_letter_rows)
        caption = QLabel(self.tr("&Liste des courriers : choisissez-en un puis « Générer et "
                                 "prévisualiser » (ou double-cliquez)"), page)
        caption.setBuddy(self.letters_table)
        self.generate_button = QPushButton(self.tr("&Générer et prévisualiser…"), page)
        self.generate_button.setAccessibleName(self.tr("Générer et prévisualiser le courrier "
                                                       "choisi"))
        self.generate_button.setDefault(True)
        self.output_button = QPushButton(self.tr("Ouvrir le dossier de s&ortie"), page)
        self.output_button.setAccessibleName(self.tr("Ouvrir le dossier des courriers "
                                                     "enregistrés"))
        self.letter_status = wrapped_label("", page)
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.output_button)
        buttons.addStretch(1)
        layout.addWidget(caption)
        layout.addWidget(self.letters_table, 1)
        layout.addWidget(hint_label(self.tr(
            "Un courrier « pas encore » possible peut être préparé à l'avance : l'aperçu "
            "rappelle pourquoi il ne correspond pas encore à l'état du dossier. Les courriers "
            "utilisent les réglages des courriers (lieu, structure, fenêtre d'enveloppe)."),
            page))
        layout.addWidget(self.letter_status)
        layout.addLayout(buttons)
        self.generate_button.clicked.connect(self.generate_selected)
        self.output_button.clicked.connect(self.open_output_folder)
        self.letters_table.cellDoubleClicked.connect(lambda _r, _c: self.generate_selected())
        QWidget.setTabOrder(self.letters_table, self.generate_button)
        QWidget.setTabOrder(self.generate_button, self.output_button)
        return page

    # -- sections --------------------------------------------------------------------------

    def _build_sections(self) -> QWidget:
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget()
        grid = QGridLayout(holder)
        grid.setContentsMargins(4, 6, 4, 4)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(10)
        self.section_labels: dict[str, QLabel] = {}
        self.section_buttons: dict[str, QPushButton] = {}
        # First the internal follow-up (status, notes: the most frequent edit), then every
        # section of the case with its « Modifier… ».
        status_box = QGroupBox(self.tr("Suivi interne (jamais imprimé)"), holder)
        form = QGridLayout(status_box)
        self.status_combo = QComboBox(status_box)
        for status in CaseStatus:
            self.status_combo.addItem(label(status), status.value)
        status_label = QLabel(self.tr("S&tatut du dossier"), status_box)
        status_label.setBuddy(self.status_combo)
        self.status_combo.setAccessibleName(self.tr("Statut du dossier"))
        self.notes_edit = QPlainTextEdit(status_box)
        self.notes_edit.setAccessibleName(self.tr("Notes internes"))
        self.notes_edit.setPlaceholderText(self.tr("Notes pour l'équipe : appels à passer, "
                                                   "pièces à demander… (jamais imprimées)"))
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(64)
        notes_label = QLabel(self.tr("&Notes internes"), status_box)
        notes_label.setBuddy(self.notes_edit)
        self.save_button = QPushButton(self.tr("Enre&gistrer (Ctrl+S)"), status_box)
        self.save_button.setAccessibleName(self.tr("Enregistrer le statut et les notes"))
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(False)
        form.addWidget(status_label, 0, 0)
        form.addWidget(self.status_combo, 0, 1)
        form.addWidget(notes_label, 0, 2, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        form.addWidget(self.notes_edit, 0, 3, 2, 1)
        form.addWidget(self.save_button, 1, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)
        form.setColumnStretch(3, 1)
        grid.addWidget(status_box, 0, 0, 1, 2)
        QWidget.setTabOrder(self.status_combo, self.notes_edit)
        QWidget.setTabOrder(self.notes_edit, self.save_button)
        previous: QWidget = self.save_button
        for index, (key, title, _module, _cls) in enumerate(SECTIONS):
            box = QGroupBox(self.tr(title), holder)
            inner = QHBoxLayout(box)
            text = wrapped_label("", box)
            button = QPushButton(self.tr("Modifier…"), box)
            button.setAccessibleName(self.tr("Modifier : {s}").format(s=self.tr(title)))
            button.clicked.connect(lambda _c=False, k=key: self.edit_section(k))
            inner.addWidget(text, 1)
            inner.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(box, 1 + index // 2, index % 2)
            self.section_labels[key] = text
            self.section_buttons[key] = button
            QWidget.setTabOrder(previous, button)
            previous = button
        grid.setRowStretch(2 + (len(SECTIONS) + 1) // 2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.status_combo.currentIndexChanged.connect(self._pending_changed)
        self.notes_edit.textChanged.connect(self._pending_changed)
        scroll.setWidget(holder)
        return scroll

    # ========================================================================================
    # Refreshing

    def refresh(self) -> None:
        """Recompute the assessment and redraw every part of the window."""
        self.assessment = assess(self._with_pending(copy.deepcopy(self.case)), self.today)
        self._fill_header()
        self._fill_situation()
        self._fill_timeline()
        self._fill_letters()
        self._fill_sections()

    def _fill_header(self) -> None:
        case, a = self.case, self.assessment
        name = case.subscriber.name or self.tr("Dossier sans nom")
        title = f"{name} — {txt.operator_text(case)}"
        self.setWindowTitle(self.tr("{title} — Recours Télécom[*]").format(title=title))
        self.title_label.setText(title)
        self.subscriber_label.setText(f"{txt.subscriber_text(case)}\n{txt.address_text(case)}")
        self.operator_label.setText(txt.operator_text(case))
        self.lines_label.setText(txt.lines_text(case))
        self.contract_label.setText(txt.contract_text(case))
        self.stage_label.setText(a.stage_label)
        self.stage_reason_label.setText(txt.human(a.stage_reason))
        for key, route, name_ in (("mediator", a.mediator, self.tr("Médiateur")),
                                  ("cpme", a.cpme, self.tr("CPME"))):
            status = txt.route_status(route, self.today)
            self.route_labels[key].setText(f"{name_} : {status[:1].lower()}{status[1:]}")
            severity = txt.route_severity(route, self.today)
            self.route_icons[key].setPixmap(severity_icon(self, severity).pixmap(QSize(16, 16)))
            self.route_icons[key].setProperty("severity", severity)
            self.route_icons[key].setAccessibleName(
                self.tr("Ouvert") if severity == "ok" else self.tr("Non ouvert"))
        banner = []
        if self.settings_problem:
            banner.append(self.tr("Réglages des courriers illisibles, valeurs par défaut "
                                  "utilisées : {p}").format(p=self.settings_problem))
        if case.status is not CaseStatus.OPEN:
            banner.append(self.tr("Dossier {status} : plus aucune échéance n'est suivie.")
                          .format(status=label(case.status).lower()))
        if self.problems:
            n = len(self.problems)
            banner.append((self.tr("1 pièce pose problème") if n == 1 else
                           self.tr("{n} pièces posent problème").format(n=n))
                          + self.tr(" (fichier introuvable ou modifié) : voir l'onglet "
                                    "« Chronologie et pièces »."))
        self.banner.set_message("\n".join(banner), "warning" if not self.problems else "error")

    def _fill_situation(self) -> None:
        a, today = self.assessment, self.today
        # Keep the « Pourquoi ? » the user opened across a refresh (after a save).
        opened = {(group, key, i) for group, cards in (("s", self.step_cards),
                                                         ("d", self.deadline_cards),
                                                         ("r", self.route_cards))
                  for key, card in cards.items() for i, why in enumerate(card.whys)
                  if why.button.isChecked()}
        for box in (self.steps_box, self.deadlines_box, self.routes_box, self.invoices_box,
                    self.notices_box):
            clear_layout(box)
        self.step_cards.clear()
        self.deadline_cards.clear()
        self.route_cards.clear()
        # Next steps.
        if not a.next_steps:
            self.steps_box.addWidget(hint_label(self.tr("Aucune démarche à prévoir."), self))
        for step in a.next_steps:
            severity = "warning" if step.latest and (step.latest - today).days <= 14 else "info"
            card = Card(step.label, severity, key=step.id)
            card.add_line(txt.step_window(step, today))
            if step.latest is not None and step.latest >= today:
                phrase = non_working_day_warning(step.latest)
                if phrase:
                    card.add_line(self.tr("Attention : le {d} {p} (date limite).").format(
                        d=format_date_fr(step.latest), p=phrase), "warning", icon=True)
            if step.note:
                card.add_hint(txt.human(step.note))
            card.add_why(txt.step_why(step), step.label)
            self.steps_box.addWidget(card)
            self.step_cards[step.id] = card
        # Deadlines.
        if not a.deadlines:
            self.deadlines_box.addWidget(hint_label(self.tr(
                "Aucune échéance : elles apparaissent dès qu'une réclamation datée est "
                "enregistrée dans la chronologie."), self))
        for d in a.deadlines:
            # A passed answer delay the user has already moved on from (letter to the service
            # consommateurs, mediator seized…) is history: neutral, not a warning.
            severity = txt.deadline_severity(d, a)
            done = d.state is DeadlineState.MET or severity == "neutral"
            card = Card(d.label, severity, key=d.id)
            card.add_line(txt.deadline_line(d, a), severity if d.state is not DeadlineState.MET
                          else "")
            if d.warning and not done:
                warning = d.warning[:1].lower() + d.warning[1:]
                card.add_line(self.tr("Attention : {w}").format(w=warning), "warning",
                              icon=True)
            if d.provisional and not done:
                card.add_line(self.tr("Date provisoire : comptée depuis l'envoi, faute "
                                      "d'accusé de réception enregistré."), "warning", icon=True)
            card.add_why(txt.why_text(("", d.basis)), d.label)
            self.deadlines_box.addWidget(card)
            self.deadline_cards[d.id] = card
        # Routes.
        for key, route in (("mediator", a.mediator), ("cpme", a.cpme)):
            title = self.tr(txt.ROUTE_TITLES[key])
            card = Card(title, txt.route_severity(route, today), key=key)
            card.add_line(txt.route_status(route, today, with_reason=False),
                          "ok" if route.open else "")
            if route.open and route.open_basis is not None:
                card.add_why(txt.why_text((self.tr("Ouvert depuis le {d} :").format(
                    d=format_date_fr(route.opens_on)) if route.opens_on else "",
                    route.open_basis), (self.tr("Jusqu'au {d} :").format(
                        d=format_date_fr(route.latest)) if route.latest else "",
                        route.latest_basis)), title)
            for text, basis in txt.route_reason_lines(route, today):
                card.add_line(text)
                card.add_why(txt.why_text(("", basis)), text.lstrip("• "), self.tr("Pourquoi ?"))
            if key == "cpme":
                card.add_line(self.tr("Les cinq éléments exigés par la CPME :"))
                for _item, number, text, present in txt.cpme_items(route):
                    mark = self.tr("présent") if present else self.tr("MANQUANT")
                    card.add_line(f"{number}. {text} — {mark}", "ok" if present else "error",
                                  icon=True)
            self.routes_box.addWidget(card)
            self.route_cards[key] = card
        for group, cards in (("s", self.step_cards), ("d", self.deadline_cards),
                             ("r", self.route_cards)):
            for key, card in cards.items():
                for i, why in enumerate(card.whys):
                    if (group, key, i) in opened:
                        why.button.setChecked(True)
        # Invoices.
        self.invoices_heading.setVisible(bool(a.invoice_flags))
        for flag in a.invoice_flags:
            severity = {PrescriptionState.PRESCRIBED: "error", PrescriptionState.SOON: "warning",
                        PrescriptionState.OK: "ok"}.get(flag.state, "info")
            title = self.tr("Facture {n} — {label}").format(n=flag.invoice_number or "?",
                                                            label=flag.label)
            card = Card(title, severity, key=flag.invoice_line_id)
            card.add_line(txt.human(flag.message))
            card.add_why(txt.why_text(("", flag.basis)), title)
            self.invoices_box.addWidget(card)
        # Notices.
        self.notices_heading.setVisible(bool(a.warnings))
        for notice in a.warnings:
            card = Card(txt.human(notice.message), "warning", key=notice.code)
            self.notices_box.addWidget(card)

    def _fill_timeline(self) -> None:
        selected = self._selected_ids()
        self.tree.clear()
        case = self.case
        exhibits = {x.id: x for x in case.exhibits}
        linked: set[str] = set()
        problem_count = 0
        for event in case.events_in_order():
            kind = label(event.kind)
            if event.outcome is not None:
                kind += f" ({label(event.outcome).lower()})"
            item = QTreeWidgetItem([
                format_date_fr(event.date) if event.date else self.tr("sans date"), kind,
                label(event.counterpart), event.summary, txt.registered_text(event)])
            item.setData(0, EVENT_ROLE, event.id)
            for column in range(5):
                item.setToolTip(column, item.text(column))
            self.tree.addTopLevelItem(item)
            for exhibit_id in event.exhibit_ids:
                exhibit = exhibits.get(exhibit_id)
                if exhibit is None:
                    continue
                linked.add(exhibit_id)
                problem_count += self._add_exhibit_item(item, exhibit)
            item.setExpanded(True)
        loose = [x for x in case.exhibits if x.id not in linked]
        if loose:
            item = QTreeWidgetItem(["", self.tr("Pièces non rattachées à un événement"), "", "",
                                    ""])
            self.tree.addTopLevelItem(item)
            for exhibit in sorted(loose, key=lambda x: x.number):
                problem_count += self._add_exhibit_item(item, exhibit)
            item.setExpanded(True)
        if self.problems:
            lines = [self.tr("Pièces à vérifier : l'export du dossier échouera tant qu'elles ne "
                             "sont pas remplacées (Modifier la chronologie…).")]
            lines += [f"• {p.message}" for p in self.problems.values()]
            self.exhibit_banner.set_message("\n".join(lines), "error")
        elif not self.exhibits_verified and case.exhibits:
            self.exhibit_banner.set_message(self.tr("Vérification des pièces en cours…"), "info")
        else:
            self.exhibit_banner.clear()
        self._fit_date_column()
        self._reselect(selected)
        self._timeline_selection()

    def _fit_date_column(self) -> None:
        """The date column is as wide as its longest date (« 22 septembre 2026 » under an
        event, indented): a date is never cut off."""
        needed = self.tree.sizeHintForColumn(0)
        if needed > self.tree.columnWidth(0):
            self.tree.setColumnWidth(0, needed)

    def _add_exhibit_item(self, parent: QTreeWidgetItem, exhibit) -> int:
        problem = self.problems.get(exhibit.id)
        if problem is not None:
            state = txt.problem_text(problem.kind)
        elif self.exhibits_verified:
            state = self.tr("Fichier vérifié")
        else:
            state = self.tr("Vérification…")
        child = QTreeWidgetItem([
            format_date_fr(exhibit.date) if exhibit.date else "",
            txt.exhibit_title(exhibit).split(" — ")[0], "",
            exhibit.title or exhibit.original_name, state])
        child.setData(0, EXHIBIT_ROLE, exhibit.id)
        child.setIcon(1, self.style().standardIcon(
            self.style().StandardPixmap.SP_FileIcon))
        if problem is not None:
            child.setIcon(4, severity_icon(self, "error"))
            child.setToolTip(4, problem.message)
            child.setForeground(4, Qt.GlobalColor.darkRed)
        elif self.exhibits_verified:
            child.setIcon(4, severity_icon(self, "ok"))
        child.setToolTip(3, f"{exhibit.original_name} ({exhibit.size} octets)")
        parent.addChild(child)
        return 1 if problem is not None else 0

    def _resize_letter_rows(self, *_args) -> None:
        QTimer.singleShot(0, self.letters_table.resizeRowsToContents)

    def _fill_letters(self) -> None:
        from documents.letters import available_letters

        current = self.selected_letter_kind()
        rows = available_letters(self._with_pending(copy.deepcopy(self.case)), self.assessment)
        recommended = self.recommended_letter(rows)
        routes = {"saisine_mediateur": self.assessment.mediator,
                  "demande_cpme": self.assessment.cpme}
        self.letters_table.setRowCount(len(rows))
        for row, availability in enumerate(rows):
            kind, ok, reason = availability
            reason = txt.human(reason)
            state_text = self.tr("Oui") if ok else self.tr("Pas encore")
            route = routes.get(kind.value)
            if route is not None and not ok:
                # Same words as the routes: a letter to a route that does not apply (or no
                # longer) is not « pas encore » possible; no delay, no opening date.
                route_state = txt.route_state(route, self.today)
                if route_state in (txt.RouteState.NOT_APPLICABLE, txt.RouteState.CLOSED):
                    state_text = (self.tr("Non applicable")
                                  if route_state is txt.RouteState.NOT_APPLICABLE
                                  else self.tr("Fermé"))
                    reason = " ".join(line.lstrip("• ") for line, _basis in
                                      txt.route_reason_lines(route, self.today))
            name = QTableWidgetItem(availability.label)
            name.setData(KIND_ROLE, kind.value)
            state = QTableWidgetItem(state_text)
            state.setIcon(severity_icon(self, "ok" if ok else "closed"))
            if kind.value == recommended:
                reason = self.tr("Prochaine étape conseillée. {r}").format(r=reason)
                font = name.font()
                font.setBold(True)
                name.setFont(font)
                name.setToolTip(self.tr("Prochaine étape conseillée"))
            why = QTableWidgetItem(reason)
            why.setToolTip(reason)
            for column, item in enumerate((name, state, why)):
                self.letters_table.setItem(row, column, item)
        self.letters_table.resizeRowsToContents()
        if current is not None:
            self.select_letter(current)
        elif recommended is not None:
            self.select_letter(recommended)
        elif rows:
            first = next((i for i, a in enumerate(rows) if a.available), 0)
            self.letters_table.selectRow(first)

    def recommended_letter(self, rows=None) -> str | None:
        """The letter of the procedure's next step (``LetterKind`` value), among the letters
        available now: a step possible today before one possible later, in the engine's
        order. None when no next step is a letter."""
        if rows is None:
            from documents.letters import available_letters

            rows = available_letters(self._with_pending(copy.deepcopy(self.case)),
                                     self.assessment)
        available = {a.kind.value for a in rows if a.available}
        steps = sorted(self.assessment.next_steps, key=lambda s: s.earliest > self.today)
        for step in steps:
            kind = NEXT_STEP_LETTERS.get(step.id)
            if kind in available:
                return kind
        return None

    def _fill_sections(self) -> None:
        case = self.case
        hs = case.handling_structure
        total = case.total_disputed()
        texts = {
            "subscriber": f"{txt.subscriber_text(case)}\n{txt.address_text(case)}"
                          + (f"\n{case.subscriber.email}" if case.subscriber.email else "")
                          + (f"\n{case.subscriber.phone}" if case.subscriber.phone else ""),
            "structure": (f"{hs.name}" + (f"\n{self.tr('Suivi par')} {hs.contact_name}"
                                           if hs.contact_name else "")
                          if hs is not None and hs.name else
                          self.tr("Aucune (le souscripteur écrit lui-même).")),
            "operator": txt.operator_text(case) + "\n" + self.tr("Service clients : {a}").format(
                a=", ".join(case.operator.service_clients_address.lines())
                or self.tr("adresse inconnue")) + "\n" + self.tr(
                "Service consommateurs : {a}").format(
                a=", ".join(case.operator.service_consommateurs_address.lines())
                or self.tr("adresse inconnue")),
            "lines": txt.lines_text(case),
            "contract": txt.contract_text(case),
            "dispute": txt.natures_text(case) + "\n" + (
                case.summary.strip()[:400] + ("…" if len(case.summary.strip()) > 400 else "")
                if case.summary.strip() else self.tr("(résumé chronologique à rédiger)")),
            "timeline": self.tr("{e} événement(s), {x} pièce(s)").format(
                e=len(case.events), x=len(case.exhibits)),
            "invoices": (self.tr("{n} ligne(s) contestée(s), {t} € contestés").format(
                n=len(case.invoice_lines), t=f"{total:.2f}".replace(".", ","))
                if case.invoice_lines else self.tr("Aucune ligne de facture contestée.")),
        }
        for key, text in texts.items():
            self.section_labels[key].setText(text)
        if not self._dirty:
            self._loading = True
            try:
                self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(
                    case.status.value)))
                if self.notes_edit.toPlainText() != case.notes:
                    self.notes_edit.setPlainText(case.notes)
            finally:
                self._loading = False

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

    def save(self) -> bool:
        """Ctrl+S: save the status and notes typed in the window."""
        if not self._dirty:
            self.statusBar().showMessage(self.tr("Rien à enregistrer."), 3000)
            return True
        return self._commit(self._with_pending(copy.deepcopy(self.case)),
                            self.tr("Notes et statut enregistrés."))

    def _commit(self, new_case: Case, done_message: str) -> bool:
        """Save ``new_case`` (with any pending notes), refresh everything. False if refused."""
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

    # ========================================================================================
    # Editing sections

    def make_editor(self, key: str):
        import importlib

        entry = next(s for s in SECTIONS if s[0] == key)
        cls = getattr(importlib.import_module(entry[2]), entry[3])
        params = inspect.signature(cls).parameters
        kwargs = {}
        if "store" in params:
            kwargs["store"] = self.store
        if "today" in params:
            kwargs["today"] = self.today
        if "keep_saved_addresses" in params:
            kwargs["keep_saved_addresses"] = True  # never alter a saved address on opening
        editor = cls(**kwargs)
        if not editor.title:
            editor.title = self.tr(entry[1])
        return editor

    def edit_section(self, key: str) -> bool:
        """« Modifier… »: the section's editor in a dialog; OK saves and refreshes."""
        editor = self.make_editor(key)
        dialog = cvd.SectionDialog(editor, self._with_pending(copy.deepcopy(self.case)),
                                   self.today, self)
        try:
            if not cvd.run_keep(dialog):
                return False
            result, added = dialog.result_case, dialog.added_exhibits()
        finally:
            dialog.deleteLater()
        named_before = _exhibit_names(self.case)
        if not self._commit(result, self.tr("« {s} » enregistré.").format(s=editor.title)):
            return False
        if added or (self.problems and _exhibit_names(self.case) != named_before):
            # New files to check, or a problem message naming an exhibit by its old number
            # or title: check again (in the background) rather than show stale text.
            self.verify_exhibits()
        return True

    # ========================================================================================
    # Registered letters

    def record_posting(self, kind=None, pdf_path: str | Path | None = None, *,
                       parent: QWidget | None = None) -> Event | None:
        """« Enregistrer l'envoi recommandé… »: a new event with its tracking number and
        posting date, optionally the letter's PDF as an exhibit. The dialog opens over
        ``parent`` (the preview it was asked from), else over this window."""
        if kind is None and self.preview is not None and self.preview.isVisible():
            kind = self.preview.generated.kind
            pdf_path = pdf_path or self.preview.last_pdf
        if kind is None:
            kind = self.selected_letter_kind()
        dialog = cvd.RegisteredLetterDialog(self.case, self.today, kind=kind,
                                            pdf_path=Path(pdf_path) if pdf_path else None,
                                            parent=parent or self)
        if not cvd.run_keep(dialog):
            dialog.deleteLater()
            return None
        event = dialog.edited_event()
        attachment = dialog.attachment_path()
        dialog.deleteLater()
        new_case = self._with_pending(copy.deepcopy(self.case))
        if attachment is not None:
            title = self.tr("Copie : {s} du {d}").format(
                s=event.summary or label(event.kind),
                d=event.date.strftime("%d/%m/%Y") if event.date else "")
            try:
                exhibit = self.store.add_exhibit(new_case, attachment, title=title,
                                                 date=event.date)
            except StoreError as exc:
                dialogs.critical(self, self.tr("Pièce non ajoutée"), exc.message + "\n\n" +
                                 self.tr("L'envoi n'a pas été enregistré : réessayez, ou sans "
                                         "joindre la copie."))
                return None
            except OSError as exc:
                dialogs.critical(self, self.tr("Pièce non ajoutée"), self.tr(
                    "Le fichier « {name} » ne peut pas être lu ({err}). L'envoi n'a pas été "
                    "enregistré.").format(name=attachment.name, err=exc.strerror or exc))
                return None
            event.exhibit_ids.append(exhibit.id)
        new_case.events.append(event)
        if not self._commit(new_case, self.tr("Envoi recommandé enregistré : {t}.").format(
                t=event_title(event))):
            return None
        if attachment is not None:
            self.verify_exhibits()
        self.tabs.setCurrentIndex(TAB_TIMELINE)
        self.select_event(event.id)
        return event

    def letters_awaiting_receipt(self) -> list[Event]:
        """Registered letters whose acknowledgement of receipt is not recorded (neither a
        receipt date nor « non réclamé »), oldest first."""
        return [e for e in self.case.events_in_order() if txt.awaits_receipt(e)]

    def _letter_for_receipt(self) -> Event | None:
        """No registered letter selected: the one awaiting its receipt, or the user's choice
        when several do (None if cancelled or none)."""
        waiting = self.letters_awaiting_receipt()
        registered = [e for e in self.case.events_in_order() if txt.is_registered(e)]
        candidates = waiting or (registered if len(registered) == 1 else [])
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            dialog = cvd.ChooseLetterDialog(candidates, parent=self)
            try:
                return dialog.chosen() if cvd.run_keep(dialog) else None
            finally:
                dialog.deleteLater()
        self.tabs.setCurrentIndex(TAB_TIMELINE)
        dialogs.information(self, self.tr("Accusé de réception"), self.tr(
            "Aucune lettre recommandée n'attend son accusé de réception. Pour corriger celui "
            "d'une lettre, sélectionnez-la d'abord dans la chronologie."))
        return None

    def record_receipt(self, event_id: str | None = None) -> Event | None:
        """« Enregistrer l'accusé de réception… » of the selected registered letter; with none
        selected, of the letter awaiting its receipt (asks which when several do)."""
        event_id = event_id or self.selected_event_id()
        event = next((e for e in self.case.events if e.id == event_id), None)
        if event is None or not txt.is_registered(event):
            event = self._letter_for_receipt()
            if event is None:
                return None
        dialog = cvd.ReceiptDialog(event, self.today, self)
        if not cvd.run_keep(dialog):
            dialog.deleteLater()
            return None
        edited = dialog.edited_event()
        dialog.deleteLater()
        new_case = self._with_pending(copy.deepcopy(self.case))
        new_case.events = [edited if e.id == edited.id else e for e in new_case.events]
        if not self._commit(new_case, self.tr("Accusé de réception enregistré : les délais "
                                              "sont recalculés.")):
            return None
        self.select_event(edited.id)
        return edited

    # ========================================================================================
    # Timeline selection and exhibits

    def set_today(self, day: date) -> None:
        """A new day (the main window follows the calendar): recompute the situation, keep
        the selection and what is typed but not saved."""
        if day == self.today:
            return
        ids = self._selected_ids()
        self.today = day
        self.refresh()
        self._reselect(ids)

    def _selected_ids(self) -> tuple[str | None, str | None]:
        items = self.tree.selectedItems()
        if not items:
            return None, None
        item = items[0]
        return item.data(0, EVENT_ROLE), item.data(0, EXHIBIT_ROLE)

    def _reselect(self, ids: tuple[str | None, str | None]) -> None:
        event_id, exhibit_id = ids
        if exhibit_id:
            self.select_exhibit(exhibit_id)
        elif event_id:
            self.select_event(event_id)

    def selected_event_id(self) -> str | None:
        items = self.tree.selectedItems()
        if not items:
            return None
        item = items[0]
        event_id = item.data(0, EVENT_ROLE)
        if event_id is None and item.parent() is not None:
            event_id = item.parent().data(0, EVENT_ROLE)
        return event_id

    def selected_exhibit_id(self) -> str | None:
        items = self.tree.selectedItems()
        return items[0].data(0, EXHIBIT_ROLE) if items else None

    def _items(self):
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            yield top
            for j in range(top.childCount()):
                yield top.child(j)

    def select_event(self, event_id: str) -> None:
        for item in self._items():
            if item.data(0, EVENT_ROLE) == event_id:
                self.tree.setCurrentItem(item)
                return

    def select_exhibit(self, exhibit_id: str) -> None:
        for item in self._items():
            if item.data(0, EXHIBIT_ROLE) == exhibit_id:
                self.tree.setCurrentItem(item)
                return

    def exhibit_item(self, exhibit_id: str) -> QTreeWidgetItem | None:
        return next((i for i in self._items() if i.data(0, EXHIBIT_ROLE) == exhibit_id), None)

    def event_item(self, event_id: str) -> QTreeWidgetItem | None:
        return next((i for i in self._items() if i.data(0, EVENT_ROLE) == event_id), None)

    def _details_text(self) -> str:
        exhibit_id = self.selected_exhibit_id()
        if exhibit_id:
            exhibit = self.case.exhibit(exhibit_id)
            if exhibit is None:
                return ""
            lines = [txt.exhibit_title(exhibit)]
            if exhibit.date:
                lines.append(self.tr("Date de la pièce : {d}").format(d=format_date_fr(
                    exhibit.date)))
            lines.append(self.tr("Fichier d'origine : {n} ({s} octets)").format(
                n=exhibit.original_name or "?", s=f"{exhibit.size:,}".replace(",", " ")))
            problem = self.problems.get(exhibit_id)
            if problem is not None:
                lines.append(f"{txt.problem_text(problem.kind)} : {problem.message}")
            lines.append(self.tr("Double-cliquez ou « Ouvrir la pièce » pour la consulter "
                                 "(copie en lecture seule)."))
            return "\n".join(lines)
        event_id = self.selected_event_id()
        event = next((e for e in self.case.events if e.id == event_id), None)
        if event is None:
            return self.tr("Sélectionnez un événement ou une pièce pour en voir le détail.")
        direction = label(event.direction)
        lines = [f"{event_title(event)} — {direction}"]
        if event.summary:
            lines.append(event.summary)
        if event.reference:
            lines.append(self.tr("Référence : {r}").format(r=event.reference))
        if event.end_date:
            lines.append(self.tr("Jusqu'au {d}").format(d=format_date_fr(event.end_date)))
        reg = txt.registered_text(event)
        if reg:
            lines.append(self.tr("Lettre recommandée : {r}").format(r=reg.replace("\n", ", ")))
        return "\n".join(lines)

    def _timeline_selection(self) -> None:
        self.details.setText(self._details_text())
        exhibit = self.selected_exhibit_id() is not None
        self.open_exhibit_button.setEnabled(exhibit)
        self.open_exhibit_action.setEnabled(exhibit)
        event_id = self.selected_event_id()
        event = next((e for e in self.case.events if e.id == event_id), None)
        can_receipt = (event is not None and txt.is_registered(event)) \
            or bool(self.letters_awaiting_receipt())
        self.receipt_button.setEnabled(can_receipt)

    def _tree_double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        exhibit_id = item.data(0, EXHIBIT_ROLE)
        if exhibit_id:
            self.open_exhibit(exhibit_id)
        elif item.data(0, EVENT_ROLE):
            event = next((e for e in self.case.events if e.id == item.data(0, EVENT_ROLE)),
                         None)
            if event is not None and txt.is_registered(event):
                self.record_receipt(event.id)

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

    # -- exhibit check (worker) -------------------------------------------------------------

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
        self._fill_timeline()
        self._fill_header()
        if problems:
            logger.warning("Case %s: %d exhibit problem(s)", self.case_id, len(problems))
        self.exhibitsChecked.emit()

    # ========================================================================================
    # Letters

    def selected_letter_kind(self):
        from documents.letters import LetterKind

        rows = self.letters_table.selectionModel().selectedRows() \
            if self.letters_table.selectionModel() else []
        if not rows:
            return None
        item = self.letters_table.item(rows[0].row(), 0)
        return LetterKind(item.data(KIND_ROLE)) if item else None

    def select_letter(self, kind) -> None:
        value = getattr(kind, "value", kind)
        for row in range(self.letters_table.rowCount()):
            if self.letters_table.item(row, 0).data(KIND_ROLE) == value:
                self.letters_table.selectRow(row)
                return

    def generate_selected(self) -> Task | None:
        kind = self.selected_letter_kind()
        if kind is None:
            self.tabs.setCurrentIndex(TAB_LETTERS)
            self.statusBar().showMessage(self.tr("Choisissez d'abord un courrier."), 4000)
            return None
        return self.generate_letter(kind)

    def generate_letter(self, kind) -> Task | None:
        """Compose ``kind``, render it (worker) and preview it (``previewReady``)."""
        from documents.letters import LETTER_LABELS, LetterKind
        from gui.letter_preview import generate_letter

        if self.letter_task is not None and self.letter_task.is_running():
            return self.letter_task
        kind = LetterKind(kind)
        case = self._with_pending(copy.deepcopy(self.case))
        assessment = assess(case, self.today)
        settings, today = self.settings, self.today

        def job(progress, cancelled):
            return generate_letter(kind, case, assessment, settings, today, progress, cancelled)

        task = Task(job, name=f"letter {kind.value}")
        task.finished.connect(self._letter_ready)
        task.failed.connect(self._letter_failed)
        task.cancelled.connect(lambda: self._letter_done(""))
        self.letter_task = task
        self.generate_button.setEnabled(False)
        self.generate_action.setEnabled(False)
        self.letter_status.setText(self.tr("Préparation de « {l} »…").format(
            l=LETTER_LABELS[kind]))
        self.statusBar().showMessage(self.letter_status.text())
        self._start(task)
        return task

    def _letter_done(self, message: str) -> None:
        self.generate_button.setEnabled(True)
        self.generate_action.setEnabled(True)
        self.letter_status.setText(message)
        self.statusBar().clearMessage()

    def _letter_failed(self, message: str) -> None:
        self._letter_done("")
        dialogs.critical(self, self.tr("Courrier non généré"), message)

    def _letter_ready(self, generated) -> None:
        from gui.letter_preview import LetterPreview

        self._letter_done(self.tr("« {l} » prêt : aperçu ouvert.").format(l=generated.label))
        if self.preview is not None:
            self.preview.close()
            self.preview.deleteLater()
        preview = LetterPreview(generated, self, case_title=self.case.subscriber.name)
        preview.postingRequested.connect(self._posting_from_preview)
        preview.saved.connect(lambda path: self.statusBar().showMessage(
            self.tr("Enregistré : {p}").format(p=path), 6000))
        self.preview = preview
        preview.show()
        self.previewReady.emit(preview)

    def _posting_from_preview(self, kind: str, pdf_path: str) -> None:
        preview = self.preview if self.preview is not None and self.preview.isVisible() \
            else None
        self.record_posting(kind, pdf_path or None, parent=preview)

    def print_preview(self) -> bool:
        """Ctrl+P: print the letter currently previewed."""
        if self.preview is None or not self.preview.isVisible():
            self.statusBar().showMessage(self.tr(
                "Aucun courrier prévisualisé : générez d'abord un courrier (onglet Courriers)."),
                5000)
            return False
        return self.preview.print_letter()

    def open_output_folder(self) -> None:
        from gui.letter_preview import last_output_dir

        folder = last_output_dir()
        if not desktop.open_folder(folder):
            dialogs.critical(self, self.tr("Ouverture impossible"), self.tr(
                "Le dossier « {f} » n'a pas pu être ouvert.").format(f=folder))

    # ========================================================================================
    # Export (worker + progress dialog)

    def export_dossier(self, target: str = "") -> Task | None:
        """Ctrl+E: choose the dossier and the file, then build it in a worker thread."""
        if self._show_running_export():
            return self.export_task
        dialog = cvd.ExportDialog(self.case, self.assessment, self.today, target=target,
                                  parent=self)
        if not cvd.run_keep(dialog):
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
        dialog = cvd.ExportDialog(self.case, self.assessment, self.today, target="cpme",
                                  fixed=True, email=True, parent=self)
        if not cvd.run_keep(dialog):
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
        from documents.dossier_zip import DossierCancelled, DossierZipError
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

        def job(progress, cancelled):
            result = build_dossier(case, paths, out_path, today=today, target=target,
                                   settings=settings, progress=progress, cancel=cancelled)
            draft = None
            if email:
                progress(1, 1, "Courriel")
                draft = write_cpme_email_draft(case, out_path.with_suffix(".eml"),
                                               attachment=out_path, today=today,
                                               max_attachment_bytes=max_bytes)
            return ExportOutcome(result, draft)

        task = Task(job, name=f"export {target}",
                    expected=(DossierZipError, EmailDraftError, StoreError),
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
        from gui.letter_preview import remember_output_dir

        self._export_ended()
        result = outcome.dossier
        if getattr(getattr(result, "target", None), "value", None) == "cpme" \
                and revision is not None and not outcome.reused:
            self._last_cpme = (result, revision)
        remember_output_dir(Path(result.path).parent)
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
        warnings = list(dict.fromkeys(txt.human(w) for w in warnings))
        if warnings:
            lines.append("")
            lines.append(self.tr("À vérifier :"))
            lines += [f"• {w}" for w in warnings[:MAX_WARNINGS_SHOWN]]
            more = len(warnings) - MAX_WARNINGS_SHOWN
            if more > 0:
                lines.append(self.tr("… et 1 autre point.") if more == 1 else
                             self.tr("… et {n} autres points.").format(n=more))
        self.statusBar().showMessage(lines[0], 10000)
        if email and outcome.draft is not None:
            lines += ["", self.tr("Ouvrir le courriel dans votre messagerie ?")]
            if dialogs.ask(self, self.tr("Courriel pour la CPME créé"), "\n".join(lines)):
                if not desktop.open_path(outcome.draft.path):
                    desktop.open_folder(outcome.draft.path)
        else:
            lines += ["", self.tr("Ouvrir le dossier qui contient le fichier ?")]
            if dialogs.ask(self, self.tr("Dossier créé"), "\n".join(lines)):
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
        if self._dirty and not self.save():
            event.ignore()  # the notes stay in the window; nothing is lost
            return
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            if not task.wait(30_000):
                logger.warning("Task %s still running at close", task.name)
        if self.preview is not None:
            self.preview.close()
        super().closeEvent(event)

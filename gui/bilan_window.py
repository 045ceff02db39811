"""The « Bilan » window: the activity report of a period, with charts, tables and exports.

Everything is computed by ``dispute.bilan.build_bilan`` from the summaries the store already
holds (no case is loaded); the charts and tables come from ``documents.bilan_report``, the
same definitions as the PDF, XLSX and CSV files. Also here: the export of all open cases'
deadlines to a calendar (main window, « Fichier »), docs/outcomes.md.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dispute.bilan import (
    Bilan,
    BilanError,
    BilanFilter,
    Period,
    build_bilan,
    filter_choices,
    percent,
)
from dispute.labels import label
from dispute.model import DisputeNature, SubscriberKind, TaxBasis
from documents.bilan_report import (
    RATE_COLUMNS,
    bilan_charts,
    bilan_tables,
    cell_text,
    filter_text,
    period_text,
)
from documents.text import format_euros
from gui import dialogs
from gui.bilan_chart import BarChartWidget
from gui.bilan_table import BilanTable
from gui.desktop import WriteError, pick_save_file, write_file_atomic
from gui.screens import fit_to_screen
from gui.widgets import DateField

logger = logging.getLogger(__name__)

ALL = "__all__"
CHARTS_MIN_PX = 380
"""The charts keep at least this width when the tables take room (labels, bars, values)."""


def _year_start(today: date) -> date:
    return date(today.year, 1, 1)


class BilanWindow(QDialog):
    """Non-modal: the case list stays usable while the Bilan is open."""

    def __init__(self, store, today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Bilan d'activité"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.store = store
        self.today = today or date.today()
        self.bilan: Bilan | None = None
        self.export_task = None
        self.last_export: Path | None = None
        summaries = store.list_cases()
        choices = filter_choices(summaries)
        layout = QVBoxLayout(self)

        filters = QWidget(self)
        grid = QGridLayout(filters)
        grid.setContentsMargins(0, 0, 0, 0)
        self.start_field = DateField(filters, accessible_name=self.tr("Début de la période"))
        self.end_field = DateField(filters, accessible_name=self.tr("Fin de la période"))
        self.start_field.set_date_value(_year_start(self.today))
        self.end_field.set_date_value(self.today)
        self.operator_combo = self._combo(filters, self.tr("Opérateur"),
                                          [(k, n) for k, n in choices.operators])
        self.kind_combo = self._combo(filters, self.tr("Type d'abonné"),
                                      [(k.value, label(k)) for k in SubscriberKind])
        self.nature_combo = self._combo(filters, self.tr("Nature"),
                                        [(n.value, label(n)) for n in DisputeNature])
        self.structure_combo = self._combo(
            filters, self.tr("Structure"),
            [(s, s or self.tr("(aucune structure)")) for s in choices.structures])
        self.basis_combo = QComboBox(filters)
        self.basis_combo.addItem(self.tr("Montants TTC"), TaxBasis.TTC.value)
        self.basis_combo.addItem(self.tr("Montants HT"), TaxBasis.HT.value)
        self.basis_combo.setAccessibleName(self.tr("Base des montants"))
        pairs = [(self.tr("Du"), self.start_field), (self.tr("au"), self.end_field),
                 (self.tr("Opérateur"), self.operator_combo),
                 (self.tr("Abonné"), self.kind_combo), (self.tr("Nature"), self.nature_combo),
                 (self.tr("Structure"), self.structure_combo),
                 (self.tr("Base"), self.basis_combo)]
        for index, (text, widget) in enumerate(pairs):
            caption = QLabel(text, filters)
            caption.setBuddy(widget)
            grid.addWidget(caption, index // 4, (index % 4) * 2)
            grid.addWidget(widget, index // 4, (index % 4) * 2 + 1)
        self.refresh_button = QPushButton(self.tr("&Calculer"), filters)
        self.refresh_button.clicked.connect(self.recompute)
        grid.addWidget(self.refresh_button, 1, 7)
        grid.setColumnStretch(8, 1)
        layout.addWidget(filters)

        self.headline = QLabel(self)
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.headline)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        self.charts_area = QScrollArea(splitter)
        self.charts_area.setWidgetResizable(True)
        self.charts_area.setAccessibleName(self.tr("Graphiques"))
        self.tabs = QTabWidget(splitter)
        splitter.addWidget(self.charts_area)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)

        buttons = QHBoxLayout()
        self.export_buttons = {}
        for key, text in (("pdf", self.tr("Exporter en &PDF…")),
                          ("xlsx", self.tr("Exporter en &XLSX…")),
                          ("csv", self.tr("Exporter en C&SV…")),
                          ("anon", self.tr("Export &anonymisé (fédération)…"))):
            button = QPushButton(text, self)
            button.clicked.connect(lambda _=False, k=key: self.export(k))
            buttons.addWidget(button)
            self.export_buttons[key] = button
        buttons.addStretch(1)
        close = QPushButton(self.tr("Fermer"), self)
        close.clicked.connect(self.close)
        buttons.addWidget(close)
        layout.addLayout(buttons)

        for combo in (self.operator_combo, self.kind_combo, self.nature_combo,
                      self.structure_combo, self.basis_combo):
            combo.currentIndexChanged.connect(self.recompute)
        self.start_field.edited.connect(self.recompute)
        self.end_field.edited.connect(self.recompute)
        fit_to_screen(self, 1560, 960)
        self._panes_sized = False
        self.recompute()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self._panes_sized:
            self._panes_sized = True
            self.size_panes()

    def size_panes(self) -> None:
        """Give the tables the width they need to show every tab and every column of the
        summary tables (the one-row-per-case table scrolls), the charts at least
        :data:`CHARTS_MIN_PX`, the rest to the charts."""
        total = sum(self.splitter.sizes())
        if total <= 0:
            return
        tables = [self.tabs.widget(i) for i in range(self.tabs.count())]
        needed = max([self.tabs.tabBar().sizeHint().width()]
                     + [t.natural_width() for t in tables if t.name != "Dossiers"])
        needed += 2 * self.tabs.style().pixelMetric(self.tabs.style().PixelMetric
                                                    .PM_DefaultFrameWidth) + 4
        width = max(min(needed, total - CHARTS_MIN_PX), total // 2)
        self.splitter.setSizes([total - width, width])

    def _combo(self, parent: QWidget, name: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(parent)
        combo.addItem(self.tr("Tous"), ALL)
        for value, text in items:
            combo.addItem(text, value)
        combo.setAccessibleName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(14)
        return combo

    @staticmethod
    def _value(combo: QComboBox):
        value = combo.currentData()
        return None if value == ALL else value

    def current_filter(self) -> BilanFilter:
        kind, nature = self._value(self.kind_combo), self._value(self.nature_combo)
        return BilanFilter(operator=self._value(self.operator_combo),
                           kind=SubscriberKind(kind) if kind else None,
                           nature=DisputeNature(nature) if nature else None,
                           structure=self._value(self.structure_combo))

    def recompute(self) -> None:
        start, end = self.start_field.date_value(), self.end_field.date_value()
        if start is None or end is None:
            self.headline.setText(self.tr("Saisissez le premier et le dernier jour de la "
                                          "période (JJ/MM/AAAA)."))
            return
        try:
            period = Period(start, end)
        except BilanError as exc:
            self.headline.setText(str(exc))
            return
        self.bilan = build_bilan(self.store.list_cases(), period, self.current_filter(),
                                 TaxBasis(self.basis_combo.currentData()), self.today)
        self._show(self.bilan)

    def _show(self, bilan: Bilan) -> None:
        rate = percent(bilan.route_total.success_rate)
        basis = label(bilan.basis)
        text = self.tr(
            "Période {period} — filtres : {filters}.\n{scope} dossier(s) suivi(s) : {opened} "
            "ouvert(s), {closed} clos, {open} en cours en fin de période. Taux de succès : "
            "{rate}. Réclamé : {claimed} {basis}, obtenu : {obtained} {basis}.").format(
            period=period_text(bilan), filters=filter_text(bilan), scope=bilan.in_scope,
            opened=bilan.opened, closed=bilan.closed, open=bilan.open_at_end, rate=rate,
            claimed=format_euros(bilan.amount_total.claimed),
            obtained=format_euros(bilan.amount_total.obtained), basis=basis)
        if bilan.skipped:
            text += "\n" + self.tr("{n} dossier(s) illisible(s) ou en cours de recalcul ne sont "
                                   "pas comptés.").format(n=bilan.skipped)
        self.headline.setText(text)

        holder = QWidget()
        column = QVBoxLayout(holder)
        charts = bilan_charts(bilan)
        for chart in charts:
            column.addWidget(BarChartWidget(chart, holder))
        if not charts:
            column.addWidget(QLabel(self.tr("Aucun dossier sur la période."), holder))
        column.addStretch(1)
        self.charts_area.setWidget(holder)

        current = self.tabs.currentIndex()
        self.tabs.clear()
        for table in bilan_tables(bilan):
            self.tabs.addTab(BilanTable(table), table.name)
        self.tabs.setCurrentIndex(max(0, current))

    # -- exports ----------------------------------------------------------------------------

    def export(self, key: str):
        """Ask where, then make and write the file in a worker thread (the XLSX of 10,000
        cases takes a few seconds). Returns the Task, or None when nothing is exported."""
        if self.bilan is None or self.export_task is not None:
            return None
        bilan = self.bilan
        stamp = f"{bilan.period.start:%Y-%m-%d}_{bilan.period.end:%Y-%m-%d}"
        names = {"pdf": (f"Bilan_{stamp}.pdf", "PDF (*.pdf)"),
                 "xlsx": (f"Bilan_{stamp}.xlsx", "Classeur (*.xlsx)"),
                 "csv": (f"Bilan_{stamp}.csv", "CSV (*.csv)"),
                 "anon": (f"Export_anonymise_{stamp}.csv", "CSV (*.csv)")}
        suggested, filters = names[key]
        path = pick_save_file(self, self.tr("Enregistrer le bilan"), suggested, filters,
                              purpose="exports")
        if path is None:
            return None
        from documents.outputs import OutputError, write_atomic
        from gui.workers import Task

        def job(_progress, _cancelled):
            return write_atomic(path, self._bytes(key, bilan))

        task = Task(job, name=f"bilan-{key}", expected=(OutputError,), parent=self)
        task.finished.connect(self._exported)
        task.failed.connect(self._export_failed)
        self.export_task = task
        for button in self.export_buttons.values():
            button.setEnabled(False)
        self.headline.setToolTip(self.tr("Export en cours…"))
        task.start()
        return task

    def _export_done(self) -> None:
        self.export_task = None
        for button in self.export_buttons.values():
            button.setEnabled(True)
        self.headline.setToolTip("")

    def _exported(self, path) -> None:
        self._export_done()
        self.last_export = path
        dialogs.information(self, self.tr("Bilan"),
                            self.tr("Fichier enregistré : {p}").format(p=path))

    def _export_failed(self, message: str) -> None:
        self._export_done()
        dialogs.critical(self, self.tr("Bilan"), message)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.export_task is not None:
            self.export_task.wait()
        super().closeEvent(event)

    @staticmethod
    def _bytes(key: str, bilan: Bilan) -> bytes:
        from documents import bilan_files

        if key == "pdf":
            return bilan_files.bilan_pdf_bytes(bilan)
        if key == "xlsx":
            return bilan_files.bilan_xlsx_bytes(bilan)
        if key == "csv":
            return bilan_files.bilan_csv_bytes(bilan)
        from dispute.anonymised import HEADER, anonymised_rows

        return bilan_files.rows_csv_bytes(HEADER, anonymised_rows(bilan))


def open_bilan(parent, store, today: date | None = None) -> BilanWindow:
    """Show the Bilan window (called from the main window's menu)."""
    window = BilanWindow(store, today, parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    return window


def export_open_deadlines(parent, store, today: date | None = None):
    """« Exporter les échéances des dossiers en cours… »: one .ics for all open cases (and
    the recently closed ones, cancelled). Each case is read and assessed: in a worker thread,
    with progress and Cancel. Returns the Task, or None when the user cancelled the file
    choice."""
    from PySide6.QtWidgets import QProgressDialog

    from documents.calendar_ics import store_calendar_bytes
    from documents.outputs import OutputError, write_atomic
    from gui.workers import Task, TaskCancelled

    today = today or date.today()
    path = pick_save_file(parent, QLabel.tr("Exporter les échéances"),
                          "Echeances_Recours_Telecom.ics", "iCalendar (*.ics)",
                          purpose="exports")
    if path is None:
        return None

    def job(progress, cancelled):
        def step(done: int, total: int) -> bool:
            progress(done, total, f"Dossier {done} sur {total}")
            return not cancelled()

        try:
            data, warnings = store_calendar_bytes(store, today, progress=step)
        except InterruptedError:
            raise TaskCancelled() from None
        write_atomic(path, data)
        return warnings

    dialog = QProgressDialog("Lecture des dossiers…", "Annuler", 0, 0, parent)
    dialog.setWindowTitle("Échéances")
    dialog.setMinimumDuration(300)
    task = Task(job, name="calendar-export", expected=(OutputError,), parent=dialog)
    dialog.canceled.connect(task.cancel)
    task.progress.connect(lambda done, total, text: (dialog.setMaximum(total),
                                                     dialog.setValue(done),
                                                     dialog.setLabelText(text)))

    def finished(warnings) -> None:
        dialog.reset()
        text = (f"Échéances enregistrées : {path}\n\nImportez ce fichier dans votre agenda : "
                "un nouvel export met à jour les mêmes événements.")
        if warnings:
            text += "\n\n" + "\n".join(warnings)
        dialogs.information(parent, "Échéances", text)

    def failed(message: str) -> None:
        dialog.reset()
        dialogs.critical(parent, "Échéances", message)

    task.finished.connect(finished)
    task.failed.connect(failed)
    task.cancelled.connect(dialog.reset)
    task.start()
    return task


def export_case_deadlines(parent, case, store, today: date | None = None) -> Path | None:
    """« Exporter les échéances (.ics)… » of one case (case view)."""
    from dispute.filenames import safe_filename
    from documents.calendar_ics import case_calendar_bytes

    today = today or date.today()
    name = safe_filename(f"Echeances_{case.subscriber.name or case.id}.ics")
    path = pick_save_file(parent, QLabel.tr("Exporter les échéances du dossier"),
                          name, "iCalendar (*.ics)", purpose="exports")
    if path is None:
        return None
    try:
        write_file_atomic(path, case_calendar_bytes(case, today, store=store))
    except WriteError as exc:
        dialogs.critical(parent, "Échéances", exc.message)
        return None
    dialogs.information(parent, "Échéances", f"Échéances enregistrées : {path}")
    return path

"""The Bilan window, the outcome dialog and the calendar exports from the GUI."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from dispute.case_list import list_summary  # noqa: E402
from dispute.model import CaseStatus, Outcome, OutcomeResult, SettlementRoute  # noqa: E402
from gui import desktop  # noqa: E402
from gui.bilan_chart import BarChartWidget  # noqa: E402
from gui.bilan_window import BilanWindow, export_open_deadlines  # noqa: E402
from gui.outcome_dialog import OutcomeDialog  # noqa: E402
from store.store import CaseStore  # noqa: E402
from tests.bilan_fixture import TODAY, fixture_cases  # noqa: E402


@pytest.fixture
def store(tmp_path):
    with CaseStore.open(tmp_path / "data", summarizer=list_summary, durable=False) as s:
        for case in fixture_cases():
            if case.id != "case-k":  # closed on its last save: the store sets it to now
                s.save_case(case)
        yield s


def test_bilan_window_shows_the_figures_and_charts(qtbot, store):
    window = BilanWindow(store, TODAY)
    qtbot.addWidget(window)
    window.start_field.set_date_value(date(2026, 1, 1))
    window.end_field.set_date_value(date(2026, 6, 30))
    window.recompute()
    text = window.headline.text()
    assert "7 dossier(s) suivi(s) : 5 ouvert(s), 4 clos, 3 en cours" in text
    assert "66,7" in text
    assert window.tabs.count() == 9
    charts = window.charts_area.widget().findChildren(BarChartWidget)
    assert [c.chart.title for c in charts][:2] == ["Dossiers par opérateur",
                                                   "Dossiers par nature de litige"]
    window.operator_combo.setCurrentIndex(window.operator_combo.findData("orange"))
    assert "3 dossier(s) suivi(s) : 1 ouvert(s), 2 clos, 1 en cours" in window.headline.text()
    window.start_field.set_date_value(date(2026, 7, 1))
    window.end_field.set_date_value(date(2026, 1, 1))
    window.recompute()
    assert "avant de commencer" in window.headline.text()
    window.show()
    qtbot.waitExposed(window)
    window.grab()  # paints every chart once


def test_bilan_window_exports(qtbot, store, tmp_path, monkeypatch, answers):
    from openpyxl import load_workbook

    window = BilanWindow(store, TODAY)
    qtbot.addWidget(window)
    def export(key: str, path: Path):
        monkeypatch.setattr(desktop, "file_picker", lambda *a: str(path))
        task = window.export(key)
        assert task is not None
        assert not window.export_buttons["pdf"].isEnabled()  # one export at a time
        qtbot.waitUntil(lambda: window.export_task is None, timeout=30_000)
        return answers[-1]

    target = tmp_path / "b.xlsx"
    kind, _, text = export("xlsx", target)
    assert kind == "information" and str(target) in text and window.last_export == target
    assert load_workbook(target).sheetnames[0] == "Synthèse"
    anon = tmp_path / "f.csv"
    export("anon", anon)
    assert "Abonné" not in anon.read_text("utf-8-sig")
    kind, _, text = export("pdf", tmp_path / "nope" / "x.pdf")
    assert kind == "critical" and "n'a pas pu être enregistré" in text
    assert window.export_buttons["pdf"].isEnabled()
    monkeypatch.setattr(desktop, "file_picker", lambda *a: None)
    assert window.export("csv") is None


def test_all_open_deadlines_export(qtbot, store, tmp_path, monkeypatch, answers):
    from icalendar import Calendar

    target = tmp_path / "e.ics"
    monkeypatch.setattr(desktop, "file_picker", lambda *a: str(target))
    task = export_open_deadlines(None, store, TODAY)
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    qtbot.waitUntil(lambda: bool(answers), timeout=5_000)
    assert answers[-1][0] == "information" and str(target) in answers[-1][2]
    events = list(Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    assert events and "calendar_exported" in store.read_settings()
    monkeypatch.setattr(desktop, "file_picker", lambda *a: str(tmp_path / "no" / "e.ics"))
    task = export_open_deadlines(None, store, TODAY)
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    qtbot.waitUntil(lambda: answers[-1][0] == "critical", timeout=5_000)


def test_all_open_deadlines_export_can_be_cancelled(qtbot, store, tmp_path, monkeypatch):
    import threading

    target = tmp_path / "e.ics"
    monkeypatch.setattr(desktop, "file_picker", lambda *a: str(target))
    cancelled = threading.Event()
    load = store.load_case

    def slow_load(case_id):  # the first case is read only once Cancel was pressed
        cancelled.wait(10)
        return load(case_id)

    monkeypatch.setattr(store, "load_case", slow_load)
    task = export_open_deadlines(None, store, TODAY)
    task.cancel()
    cancelled.set()
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    assert not target.exists() and task.result is None


def test_outcome_dialog_blocks_errors_and_returns_the_outcome(qtbot):
    case = next(c for c in fixture_cases() if c.id == "case-d")
    dialog = OutcomeDialog(case, TODAY)
    qtbot.addWidget(dialog)
    assert dialog.date_field.date_value() == TODAY
    assert not dialog.subscriber_followed.isEnabled()
    dialog.route_combo.setCurrentIndex(dialog.route_combo.findData("mediator"))
    assert dialog.subscriber_followed.isEnabled()
    dialog.operator_followed.setCurrentIndex(dialog.operator_followed.findData(False))
    dialog.result_combo.setCurrentIndex(dialog.result_combo.findData("partial"))
    dialog.obtained_field.set_amount(Decimal("-3"))
    dialog.accept()
    assert dialog.result() == 0 and "négatif" in dialog.message.label.text()
    dialog.obtained_field.set_amount(Decimal("12.5"))
    dialog.note_edit.setPlainText("<b>&</b> 🦄")
    dialog.accept()
    assert dialog.result() == 1
    outcome = dialog.outcome()
    assert (outcome.result, outcome.route, outcome.operator_followed_opinion) == (
        OutcomeResult.PARTIAL, SettlementRoute.MEDIATOR, False)
    assert outcome.amount_obtained == Decimal("12.50") and outcome.note == "<b>&</b> 🦄"


def test_outcome_dialog_prefills_a_previous_outcome(qtbot):
    case = next(c for c in fixture_cases() if c.id == "case-i")  # reopened, outcome kept
    assert case.status is CaseStatus.OPEN
    dialog = OutcomeDialog(case, TODAY)
    qtbot.addWidget(dialog)
    outcome = dialog.outcome()
    assert outcome.result is OutcomeResult.FULL and outcome.date == date(2026, 2, 10)
    assert outcome.amount_claimed == Decimal("40.00")
    assert isinstance(dialog.outcome(), Outcome)


def _tooltip_at(qtbot, table, row: int, column: int) -> str:
    """The tooltip Qt shows when the mouse rests on a cell (a real QHelpEvent)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    QToolTip.hideText()
    rect = table.visualRect(table.model().index(row, column))
    viewport = table.viewport()
    event = QHelpEvent(QEvent.Type.ToolTip, rect.center(), viewport.mapToGlobal(rect.center()))
    QApplication.sendEvent(viewport, event)
    return QToolTip.text() if QToolTip.isVisible() else ""


def _as_plain(text: str) -> str:
    """How a tooltip shows ``text`` as plain text: escaped when Qt would read it as markup."""
    from PySide6.QtGui import Qt as QtText

    return QtText.convertFromPlainText(text) if QtText.mightBeRichText(text) else text


def _cell_fits(table, row: int, column: int) -> bool:
    text = table.item(row, column).text()
    return table.fontMetrics().horizontalAdvance(text) + 8 <= table.columnWidth(column)


# The Bilan's size on a 1366 × 768 laptop and on a 1600 × 1000 screen (fit_to_screen), and a
# narrow window: every table must stay readable.
@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the tooltip, offscreen
@pytest.mark.parametrize("size", [(1297, 691), (1520, 900), (900, 600)])
def test_bilan_tables_are_readable_whatever_the_window_size(qtbot, store, size):
    window = BilanWindow(store, TODAY)
    qtbot.addWidget(window)
    window.start_field.set_date_value(date(2026, 1, 1))
    window.end_field.set_date_value(date(2026, 6, 30))
    window.recompute()
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    bar = window.tabs.tabBar()
    if size[0] >= 1297:  # every table's tab shown, none behind scroll arrows
        assert bar.sizeHint().width() <= bar.width()
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        table = window.tabs.widget(index)
        qtbot.waitUntil(table.isVisible)
        name = window.tabs.tabText(index)
        widths = [table.columnWidth(c) for c in range(table.columnCount())]
        if name != "Dossiers" and size[0] >= 1297:  # all columns side by side, no scrolling
            assert sum(widths) <= table.viewport().width(), name
        for column in range(table.columnCount()):
            head = table.horizontalHeaderItem(column)
            full = " ".join(head.text().split())
            assert head.toolTip() == full  # the header's whole text on hover
            assert widths[column] >= min(100, max(table.fontMetrics().horizontalAdvance(line)
                                                   for line in head.text().split("\n"))), name
            for row in range(min(table.rowCount(), 12)):
                if not _cell_fits(table, row, column):  # elided: the whole text on hover
                    table.scrollTo(table.model().index(row, column))
                    text = table.item(row, column).text()
                    assert _tooltip_at(qtbot, table, row, column) == _as_plain(text)
        if name == "Synthèse" and size[0] >= 1297:
            assert all(_cell_fits(table, r, c) for r in range(table.rowCount())
                       for c in range(table.columnCount()))


def test_bilan_charts_put_long_names_above_their_bars_when_narrow(qtbot, store):
    from documents.content import BarChart

    long_names = ["Médiateur des communications électroniques", "Service consommateurs "
                  "(recours interne)", "CPME"]
    chart = BarChartWidget(BarChart("Taux", long_names, [("Taux", [80.0, 20.0, 50.0])], "%"))
    qtbot.addWidget(chart)
    chart.resize(900, chart.heightForWidth(900))
    wide = chart.grab()
    assert not chart.labels_above(900)
    assert chart.labels_above(380)  # beside the bars they would be cut: one line above each
    assert chart.heightForWidth(380) > chart.heightForWidth(900)
    assert not wide.isNull()

    window = BilanWindow(store, TODAY)  # in the window's narrow charts pane: laid out taller
    qtbot.addWidget(window)
    window.resize(1297, 691)
    window.show()
    qtbot.waitExposed(window)
    for widget in window.charts_area.widget().findChildren(BarChartWidget):
        assert widget.height() >= widget.heightForWidth(widget.width())


def test_bilan_and_calendar_exports_start_in_the_exports_folder(qtbot, store, tmp_path,
                                                                   monkeypatch):
    """Like the other file dialogs: the folder last used for exports, else Documents —
    never the home folder."""
    from PySide6.QtCore import QSettings

    from gui.bilan_window import export_case_deadlines

    for key in desktop.FOLDER_KEYS.values():
        QSettings().remove(key)
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(desktop, "documents_folder", lambda: documents)
    asked: list[str] = []
    monkeypatch.setattr(desktop, "file_picker",
                        lambda parent, mode, caption, suggested, filters:
                        asked.append(suggested) or None)
    window = BilanWindow(store, TODAY)
    qtbot.addWidget(window)
    try:
        assert window.export("pdf") is None
        assert Path(asked[-1]).parent == documents
        assert Path(asked[-1]).name.startswith("Bilan_") and asked[-1].endswith(".pdf")
        assert export_open_deadlines(None, store, TODAY) is None
        assert Path(asked[-1]) == documents / "Echeances_Recours_Telecom.ics"
        exports = tmp_path / "Exports CPME"
        exports.mkdir()
        desktop.remember_folder("exports", exports)
        case = next(c for c in fixture_cases() if c.id == "case-d")
        assert export_case_deadlines(None, case, store, TODAY) is None
        assert Path(asked[-1]).parent == exports
        window.export("anon")
        assert Path(asked[-1]).parent == exports
    finally:
        for key in desktop.FOLDER_KEYS.values():
            QSettings().remove(key)

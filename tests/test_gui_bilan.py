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

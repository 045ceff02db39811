"""The main window's first frame without PySide6's Qt namespace (gui/qt_values.py).

Before its first paint the window sets its enum-typed settings from integer values, gives the
header a model of Qt's own for its titles and leaves the week headings' flags for
``finish_start_up``, just after that paint. What the window shows and does must not change:
the values are Qt's, the first frame is complete before the event loop runs, and once
painted the window is the same as before (the header back on the list's model, headings
unselectable, shortcuts on their keys).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("PySide6")

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtGui import QKeySequence  # noqa: E402
from PySide6.QtWidgets import QApplication, QToolBar  # noqa: E402

from gui import qt_values  # noqa: E402
from gui.case_list_model import SORT_ROLE, CaseListModel  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402
from gui.main_window_layout import WEEK_DOCK_WIDTH, preset_sort_indicator  # noqa: E402
from gui.plain_text import plain_tip  # noqa: E402
from store.casefile import import_case_file  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if (p / "case.json").is_file())
TODAY = date(2027, 3, 12)


@pytest.fixture(autouse=True)
def first_start_layout():
    keys = ("main/geometry", "main/state", "main/header")
    for key in keys:
        QSettings().remove(key)
    yield
    for key in keys:
        QSettings().remove(key)


def test_the_integer_values_are_qts():
    roles = Qt.ItemDataRole
    assert (qt_values.DISPLAY_ROLE, qt_values.TOOLTIP_ROLE, qt_values.BACKGROUND_ROLE,
            qt_values.FOREGROUND_ROLE, qt_values.USER_ROLE) == (
        roles.DisplayRole.value, roles.ToolTipRole.value, roles.BackgroundRole.value,
        roles.ForegroundRole.value, roles.UserRole.value)
    assert qt_values.ASCENDING == Qt.SortOrder.AscendingOrder.value
    assert qt_values.DESCENDING == Qt.SortOrder.DescendingOrder.value
    assert qt_values.HORIZONTAL == Qt.Orientation.Horizontal.value
    align = Qt.AlignmentFlag
    assert qt_values.ALIGN_LEFT == align.AlignLeft.value
    assert qt_values.ALIGN_HCENTER == align.AlignHCenter.value
    assert qt_values.ALIGN_VCENTER == align.AlignVCenter.value
    assert qt_values.ALIGN_CENTER == align.AlignCenter.value
    assert qt_values.ELIDE_RIGHT == Qt.TextElideMode.ElideRight.value
    assert qt_values.TOOL_BUTTON_TEXT_ONLY == Qt.ToolButtonStyle.ToolButtonTextOnly.value
    assert qt_values.RIGHT_DOCK_AREA == Qt.DockWidgetArea.RightDockWidgetArea.value


def test_the_first_frame_is_complete_before_the_event_loop_runs(qtbot, store):
    for folder in EXAMPLES:
        import_case_file(store, folder)
    window = MainWindow(store, today=TODAY)
    qtbot.addWidget(window)
    assert not window._started  # nothing has run from the event loop yet
    header = window.table.horizontalHeader()
    assert header.sortIndicatorSection() == CaseListModel.DEADLINE
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert header.isSortIndicatorShown() and window.table.isSortingEnabled()
    titles = [header.model().headerData(i, Qt.Orientation.Horizontal) for i in range(7)]
    assert titles == list(CaseListModel.COLUMNS)
    assert header.defaultAlignment() == Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    assert header.textElideMode() == window.table.textElideMode() == Qt.TextElideMode.ElideRight
    assert window.empty_label.alignment() == Qt.AlignmentFlag.AlignCenter
    assert window.dockWidgetArea(window.week_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    toolbar = window.findChild(QToolBar, "main_toolbar")
    assert toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextOnly
    assert window.new_action.shortcut() == QKeySequence(QKeySequence.StandardKey.New)
    assert window.open_action.shortcut() == QKeySequence("Ctrl+O")
    assert window.week_list.sizeHint().width() == WEEK_DOCK_WIDTH
    # the rows are in deadline order already: the model sorted them, Qt was not asked
    shown = [window.proxy.index(r, CaseListModel.DEADLINE).data(SORT_ROLE)
             for r in range(window.proxy.rowCount())]
    assert shown == sorted(shown)


def test_once_painted_the_window_is_as_it_always_was(qtbot, store):
    for folder in EXAMPLES:
        import_case_file(store, folder)
    window = MainWindow(store, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window._started, timeout=5000)
    header = window.table.horizontalHeader()
    assert header.model() is window.proxy
    assert header.selectionModel() is window.table.selectionModel()
    assert window._header_titles is None
    assert header.sortIndicatorSection() == CaseListModel.DEADLINE
    assert [header.sectionSize(i) for i in range(7)] == [
        window.table.columnWidth(i) for i in range(7)]
    flags = {window.week_list.item(i).text(): window.week_list.item(i).flags()
             for i in range(window.week_list.count())}
    headings = [text for text in flags if text.startswith(("En retard", "Échéances des",
                                                           "Possible dès"))]
    assert headings and all(flags[text] == Qt.ItemFlag.ItemIsEnabled for text in headings)
    cases = [text for text in flags if text not in headings and not text.startswith("…")]
    assert cases and all(flags[text] & Qt.ItemFlag.ItemIsSelectable for text in cases)
    # sorting by a click on a title still works, through the proxy
    window.table.sortByColumn(CaseListModel.SUBSCRIBER, Qt.SortOrder.AscendingOrder)
    names = [window.proxy.index(r, 0).data() for r in range(window.proxy.rowCount())]
    assert names == sorted(names)


def test_an_empty_week_is_greyed_from_the_first_frame_and_disabled_after(qtbot, store):
    window = MainWindow(store, today=TODAY)
    qtbot.addWidget(window)
    item = window.week_list.item(0)
    assert item.text() == "Rien à faire cette semaine."
    assert item.foreground().color() == window.week_list.palette().color(
        window.week_list.palette().ColorGroup.Disabled,
        window.week_list.palette().ColorRole.Text)
    window.show()
    qtbot.waitUntil(lambda: window._started, timeout=5000)
    assert window.week_list.item(0).flags() == Qt.ItemFlag.NoItemFlags


def test_shortcuts_work_right_after_the_first_paint(qtbot, store):
    for folder in EXAMPLES:
        import_case_file(store, folder)
    window = MainWindow(store, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.search.hasFocus(), timeout=2000)


def test_the_sort_indicator_is_preset_on_a_header_without_model(qapp):
    from PySide6.QtWidgets import QTableView

    table = QTableView()
    header = table.horizontalHeader()
    assert preset_sort_indicator(header, 4, qt_values.DESCENDING)
    assert header.sortIndicatorSection() == 4
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert preset_sort_indicator(header, 2, qt_values.ASCENDING)
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert not preset_sort_indicator(header, 2, 7)  # not a sort order: left to Qt


def _qt_plain_tip(text):
    """plain_tip as it was: always asking Qt."""
    from PySide6.QtGui import Qt as GuiQt

    if not text:
        return ""
    if GuiQt.mightBeRichText(text):
        return GuiQt.convertFromPlainText(text, GuiQt.WhiteSpaceMode.WhiteSpaceNormal)
    return text


PIECES = [*"<>&;/ltb!pi \n\té€🥖a1", "&lt;", "<b>", "<br/>", "<!doctype", "<?xml"]


@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_plain_tip_answers_as_qt_without_asking_it_for_plain_text(text):
    assert plain_tip(text) == _qt_plain_tip(text)


@pytest.mark.parametrize("text", ["Dupont <SARL> & fils", "<i>x</i> & y", "a &lt; b",
                                  "  <b>gras</b>", "\n<p>x", "<!DOCTYPE html>", "é\ud800",
                                  "x" * 5000, "Salon Élise — 3 € & co"])
def test_plain_tip_examples(text):
    assert plain_tip(text) == _qt_plain_tip(text)


def test_a_restart_keeps_the_sort_order_widths_and_column_order(qtbot, store):
    """The header's saved state is restored before the table has its model (no Qt.SortOrder
    handed to Python): the list comes sorted as saved, and the widths the user gave the
    columns are the ones the fitter keeps (before, the first fit put the default widths
    back: ColumnFitter.take_current_widths was never called)."""
    for folder in EXAMPLES:
        import_case_file(store, folder)
    window = MainWindow(store, today=TODAY)
    qtbot.addWidget(window)
    window.resize(1500, 800)
    window.show()
    qtbot.waitUntil(lambda: window._started, timeout=5000)
    header = window.table.horizontalHeader()
    window.table.sortByColumn(CaseListModel.SUBSCRIBER, Qt.SortOrder.DescendingOrder)
    header.resizeSection(CaseListModel.OPERATOR, 230)  # as the user's drag does
    header.moveSection(CaseListModel.LINES, 4)
    expected = [window.proxy.index(r, 0).data() for r in range(window.proxy.rowCount())]
    assert expected == ["Salon Élise Coiffure", "Menuiserie Rivaud SARL", "Claire Fontaine"]
    window.close()

    again = MainWindow(store, today=TODAY)
    qtbot.addWidget(again)
    assert not again._started
    header = again.table.horizontalHeader()
    assert header.sortIndicatorSection() == CaseListModel.SUBSCRIBER
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert [again.proxy.index(r, 0).data() for r in range(again.proxy.rowCount())] == expected
    assert header.visualIndex(CaseListModel.LINES) == 4
    again.show()
    qtbot.waitUntil(lambda: again._started, timeout=5000)
    qtbot.wait(50)
    # the width wanted; shown as is when the window has room (offscreen: a small screen)
    assert again.column_fitter.wanted[CaseListModel.OPERATOR] == 230
    assert [again.proxy.index(r, 0).data() for r in range(again.proxy.rowCount())] == expected


def test_a_window_never_exposed_is_finished_anyway(qtbot, store, monkeypatch):
    """Started minimised or on another desktop: no endless polling, finish_start_up after
    EXPOSE_WAIT_S."""
    from gui import main_window_start

    monkeypatch.setattr(main_window_start, "EXPOSE_WAIT_S", 0.3)
    window = MainWindow(store, today=TODAY)
    qtbot.addWidget(window)
    monkeypatch.setattr(window, "windowHandle", lambda: None)  # as if never exposed
    window.show()
    qtbot.wait(100)
    assert not window._started
    qtbot.waitUntil(lambda: window._started, timeout=3000)

"""The case list fits its window beside « Cette semaine » (fresh-eyes 15): at the default
1180 × 700, no horizontal scroll bar; texts too long end with « … » and have a tooltip."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QSettings, Qt  # noqa: E402

from dispute.case_list import list_summary  # noqa: E402
from gui.column_fit import shrink_to  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402
from store.casefile import import_case_file  # noqa: E402
from store.store import CaseStore  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if (p / "case.json").is_file())
LONG = "Boulangerie <b>Martin</b> & Fils 🥖 — établissement secondaire de Mondeville"


@pytest.fixture(autouse=True)
def first_start_layout():
    """The window as at a first start: no layout saved by a window another test closed (its
    « Cette semaine » panel left narrow or hidden made these tests depend on the order)."""
    keys = ("main/geometry", "main/state", "main/header")
    for key in keys:
        QSettings().remove(key)
    yield
    for key in keys:
        QSettings().remove(key)


@pytest.fixture
def store(tmp_path):
    with CaseStore.open(tmp_path / "data", summarizer=list_summary, durable=False) as s:
        for folder in EXAMPLES:
            case = import_case_file(s, folder)
        case.subscriber.name = LONG
        s.save_case(case)
        yield s


def shown_window(qtbot, store, size=(1180, 700)) -> MainWindow:
    """The main window at ``size``, beside its « Cette semaine » panel."""
    window = MainWindow(store, today=date(2026, 12, 3))
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.week_dock.width() >= 200, timeout=5000)
    qtbot.wait(50)
    return window


def columns_width(window) -> int:
    header = window.table.horizontalHeader()
    return sum(header.sectionSize(i) for i in range(header.count()))


def test_no_horizontal_scroll_beside_the_week_panel_at_the_default_size(qtbot, store):
    window = shown_window(qtbot, store)
    assert window.week_dock.isVisible()
    table = window.table
    assert columns_width(window) <= table.viewport().width()
    assert table.horizontalScrollBar().maximum() == 0
    header = table.horizontalHeader()
    metrics = header.fontMetrics()
    for column in range(header.count()):  # titles never cut
        title = window.model.headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) >= metrics.horizontalAdvance(title)
    # the long name is cut with « … » and whole in its tooltip
    row = next(r for r in range(window.proxy.rowCount())
               if window.proxy.index(r, 0).data() == LONG)
    index = window.proxy.index(row, 0)
    assert metrics.horizontalAdvance(LONG) > header.sectionSize(0)
    assert table.textElideMode() == Qt.TextElideMode.ElideRight
    assert shown_as(index.data(Qt.ItemDataRole.ToolTipRole)) == LONG  # not « Martin » in bold
    deadline = window.proxy.index(row, window.model.DEADLINE)
    if deadline.data():
        assert deadline.data() in deadline.data(Qt.ItemDataRole.ToolTipRole)


def shown_as(tip: str) -> str:
    """What a tooltip shows: Qt reads a text that « might be rich text » as markup."""
    from PySide6.QtGui import QTextDocument
    from PySide6.QtGui import Qt as QtText

    document = QTextDocument()
    if QtText.mightBeRichText(tip):
        document.setHtml(tip)
    else:
        document.setPlainText(tip)
    return document.toPlainText()


def test_typed_text_is_never_markup_in_tooltips(qtbot, store):
    from gui.plain_text import plain_tip

    window = shown_window(qtbot, store)
    entries = [window.week_list.item(i) for i in range(window.week_list.count())]
    mine = [e for e in entries if "Boulangerie" in e.text()]
    assert mine and all(shown_as(e.toolTip()) == e.text() for e in mine)
    assert plain_tip("Dupont <SARL> & fils") == "Dupont <SARL> & fils"  # not rich: as is
    assert shown_as(plain_tip("<i>x</i> & y")) == "<i>x</i> & y"
    assert plain_tip("") == "" and plain_tip(None) == ""


def test_a_wider_window_gives_the_columns_their_widths_back(qtbot, store):
    window = shown_window(qtbot, store)
    narrow = window.table.horizontalHeader().sectionSize(0)
    window.resize(1700, 900)
    qtbot.waitUntil(lambda: window.table.horizontalHeader().sectionSize(0) > narrow,
                    timeout=5000)
    assert window.table.horizontalHeader().sectionSize(0) == window.column_fitter.wanted[0]
    assert window.table.horizontalScrollBar().maximum() == 0


def test_a_column_the_user_widens_is_kept(qtbot, store):
    window = shown_window(qtbot, store, (1700, 900))
    header = window.table.horizontalHeader()
    header.resizeSection(1, 260)
    assert window.column_fitter.wanted[1] == 260
    window.resize(1180, 700)
    qtbot.waitUntil(lambda: columns_width(window) <= window.table.viewport().width(),
                    timeout=5000)
    window.resize(1700, 900)
    qtbot.waitUntil(lambda: header.sectionSize(1) == 260, timeout=5000)


@pytest.mark.parametrize(
    ("wanted", "minimums", "available", "expected"),
    [
        ([100, 100], [50, 50], 300, [100, 100]),  # room enough: unchanged
        ([100, 100], [50, 50], 150, [75, 75]),  # each loses half its room
        ([200, 100], [50, 90], 240, [143, 97]),  # in proportion to the room above minimum
        ([100, 100], [80, 80], 100, [80, 80]),  # titles alone do not fit: minimums
        ([101, 100, 99], [0, 0, 0], 200, None),
    ],
)
def test_shrink_to(wanted, minimums, available, expected):
    out = shrink_to(wanted, minimums, available)
    if expected is not None:
        assert out == expected
    assert all(o >= min(m, w) for o, m, w in zip(out, minimums, wanted))
    if sum(minimums) <= available:
        assert sum(out) <= available


def test_a_vertical_scroll_bar_appearing_refits_the_columns(qtbot, store):
    """Many cases: the vertical scroll bar takes its width from the viewport and the columns
    follow (the fitter watches the bar's range, not the viewport: column_fit's docstring)."""
    window = shown_window(qtbot, store, size=(1180, 300))
    case = store.load_case(store.list_cases()[0].id)
    for n in range(40):
        case.id = f"copie{n:04d}"
        case.revision = 0
        store.save_case(case)
    window.refresh()
    table = window.table
    qtbot.waitUntil(lambda: table.verticalScrollBar().isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: columns_width(window) <= table.viewport().width(), timeout=5000)
    assert table.horizontalScrollBar().maximum() == 0

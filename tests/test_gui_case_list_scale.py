"""The case list over many cases computes only what is painted (issue 13): the first sort by
deadline uses the dates alone, a row's texts are computed when it is shown, filtered or
sorted on, and the result is the same as computing everything up front."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QTableView  # noqa: E402

from gui.case_list_model import CaseFilter, CaseListModel  # noqa: E402

TODAY = date(2026, 2, 27)


def summary(n: int):
    day = TODAY + timedelta(days=(n * 37) % 400 - 30)
    kind = "limit" if n % 3 else "answer"
    name = ("Élodie " if n % 5 == 0 else "Marc ") + f"{n:05d}"
    return SimpleNamespace(
        id=f"case{n:08d}", problem=None if n % 97 else "illisible", subscriber_name=name,
        operator_name="Orange" if n % 2 else "SFR", line_numbers=[f"02 31 00 {n % 100:02d}"],
        extra={"stage": "s", "stage_label": "Étape", "deadlines": [
            {"id": "d", "label": "Limite", "date": day.isoformat(), "kind": kind}],
            "mediator": {"blocked": [], "opens_on": "2026-01-01", "latest": None},
            "cpme": {"blocked": ["x"], "opens_on": None, "latest": None}})


@pytest.fixture
def shown(qtbot):
    model = CaseListModel(TODAY)
    proxy = CaseFilter()
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.resize(900, 400)
    qtbot.addWidget(view)
    model.sort(CaseListModel.DEADLINE, Qt.SortOrder.AscendingOrder)
    model.set_summaries([summary(n) for n in range(3000)])
    view.show()
    qtbot.waitExposed(view)
    view.repaint()
    return model, proxy, view


def test_only_the_painted_rows_are_computed(shown):
    model, _proxy, view = shown
    assert model.rowCount() == 3000
    assert 0 < model.computed_rows() < 100  # a window's worth, not 3,000


def test_lazy_order_and_texts_match_computing_every_row(shown):
    model, proxy, _view = shown
    lazy = [model.summary(r).id for r in range(model.rowCount())]
    eager_keys = []
    for row in range(model.rowCount()):
        data = model._compute(model.summary(row))  # the texts as computed up front
        eager_keys.append((data.deadline_key, data.sort_texts[0]))
    assert eager_keys == sorted(eager_keys)  # the deadline order of the full computation
    # filtering computes what it needs, and finds the same rows as the texts say
    proxy.set_search("elodie")
    assert proxy.rowCount() == sum(1 for s in map(model.summary, range(3000))
                                   if s.subscriber_name.startswith("Élodie"))
    proxy.set_search("")
    model.sort(CaseListModel.SUBSCRIBER, Qt.SortOrder.AscendingOrder)
    names = [model.row_data(r).sort_texts[0] for r in range(model.rowCount())]
    assert names == sorted(names)
    assert len(lazy) == 3000

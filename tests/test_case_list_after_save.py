"""After a save, the list takes in one summary instead of reloading 10,000 (issue 13).

The case window's save used to reload every summary, rebuild every row's sort key, sort them
and go through every case again for « Cette semaine »: ~0.3–1 s at 10,000 cases. Now the
model moves one row and the week's book sorts one case's lines. These tests require the very
result of a full reload, in the order the store lists them (the case saved last first).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from dispute.case_list import WeekBook, week_agenda

TODAY = date(2026, 2, 27)


def _summary(rng: random.Random, case_id: str):
    """A summary with deadlines and steps around ``TODAY``; few names and dates, so that
    many lines tie on both (the tie-breaker then decides)."""
    def day(spread: int) -> str:
        return (TODAY + timedelta(days=rng.randint(-spread, spread))).isoformat()

    deadlines = [{"id": f"d{i}", "label": f"échéance {i}", "date": day(12),
                  "kind": rng.choice(["limit", "expected"])}
                 for i in range(rng.randint(0, 4))]
    steps = [{"id": f"s{i}", "label": f"démarche {i}", "earliest": day(10),
              "latest": rng.choice([None, day(10)])} for i in range(rng.randint(0, 3))]
    if rng.random() < 0.05:
        deadlines.append({"date": 12})  # unreadable, skipped
    return SimpleNamespace(id=case_id, subscriber_name=rng.choice(["Léa", "Zoé", ""]),
                           problem="illisible" if rng.random() < 0.03 else "",
                           extra={"deadlines": deadlines, "steps": steps})


@pytest.mark.parametrize("shown", [1, 3, 10, 60])
def test_the_week_book_after_saves_is_a_fresh_agenda(shown):
    rng = random.Random(shown)
    listed = [_summary(rng, f"c{i}") for i in range(120)]  # most recently saved first
    book = WeekBook(listed, TODAY, 7)
    assert book.agenda(shown) == week_agenda(listed, TODAY, 7, shown)
    for _ in range(150):
        case_id = rng.choice(listed).id
        saved = _summary(rng, case_id)
        listed = [saved] + [s for s in listed if s.id != case_id]
        book.update(saved)
        if rng.random() < 0.5:  # several saves between two looks at the panel too
            assert book.agenda(shown) == week_agenda(listed, TODAY, 7, shown)
    assert book.agenda(shown) == week_agenda(listed, TODAY, 7, shown)


# -- the main window --------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path):
    from dispute.case_list import list_summary
    from store import CaseStore

    with CaseStore.open(tmp_path / "data", summarizer=list_summary, durable=False) as s:
        yield s


def _fill(store, count: int, rng: random.Random) -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    try:
        from store_scale import build_case
    finally:
        sys.path.pop(0)
    for _ in range(count):
        case = build_case(rng, events=rng.randint(1, 12))
        case.subscriber.name += f" {rng.randint(1, 5)}"  # some names repeat
        store.save_case(case)


def _rows(model) -> list[str]:
    return [model.summary(i).id for i in range(model.rowCount())]


def _week(window) -> list[str]:
    return [window.week_list.item(i).text() for i in range(window.week_list.count())]


@pytest.mark.parametrize("column", [5, 0, 4])  # by deadline (the default), name, route
def test_a_save_from_a_case_window_shows_what_a_full_reload_shows(qtbot, store, monkeypatch,
                                                                 column):
    from PySide6.QtCore import Qt

    from gui.main_window import MainWindow

    rng = random.Random(column)
    _fill(store, 60, rng)
    window = MainWindow(store, today=date(2026, 3, 10))
    qtbot.addWidget(window)
    window.table.sortByColumn(column, Qt.SortOrder.AscendingOrder if column != 4
                              else Qt.SortOrder.DescendingOrder)
    reloads = []
    monkeypatch.setattr(window, "refresh", lambda *a: reloads.append(a))
    for _ in range(12):
        case_id = rng.choice(store.list_cases()).id
        case = store.load_case(case_id)
        if rng.random() < 0.5:
            case.events = case.events[: rng.randint(0, len(case.events))]
        if rng.random() < 0.3:
            case.operator.name = rng.choice(["Orange", "Free", "Opérateur nouveau"])
        if rng.random() < 0.3:
            case.subscriber.name = rng.choice(["Aline", "Zoé", "Élise"])
        store.save_case(case)
        window.case_saved(case_id)
        assert reloads == []  # no reload of every case

        fresh = MainWindow(store, today=date(2026, 3, 10))  # as the full reload did:
        qtbot.addWidget(fresh)
        fresh.table.sortByColumn(column, Qt.SortOrder.AscendingOrder if column != 4
                                 else Qt.SortOrder.DescendingOrder)
        fresh.refresh()  # the store's list sorted by the chosen column
        assert _rows(window.model) == _rows(fresh.model)
        assert _week(window) == _week(fresh)
        assert [window.operator_filter.itemText(i)
                for i in range(window.operator_filter.count())] == [
            fresh.operator_filter.itemText(i) for i in range(fresh.operator_filter.count())]
        for row in range(window.model.rowCount()):
            assert window.model.row_data(row) == fresh.model.row_data(row)
        fresh.close()
    window.close()


def test_a_filtered_list_takes_in_or_drops_the_saved_case(qtbot, store):
    from gui.main_window import MainWindow

    rng = random.Random(4)
    _fill(store, 20, rng)
    window = MainWindow(store, today=date(2026, 3, 10))
    qtbot.addWidget(window)
    target = store.list_cases()[5]
    window.search.setText("Zébulon")
    assert window.proxy.rowCount() == 0
    case = store.load_case(target.id)
    case.subscriber.name = "Zébulon"
    store.save_case(case)
    window.case_saved(target.id)
    assert window.proxy.rowCount() == 1
    assert "1 dossier(s) sur 20" in window.count_label.text()
    window.close()


def test_a_case_not_in_the_list_reloads_it(qtbot, store, monkeypatch):
    from gui.main_window import MainWindow

    _fill(store, 3, random.Random(1))
    window = MainWindow(store, today=date(2026, 3, 10))
    qtbot.addWidget(window)
    _fill(store, 1, random.Random(2))  # saved elsewhere: not in the model yet
    new_id = store.list_cases()[0].id
    window.case_saved(new_id)
    assert window.model.row_of(new_id) >= 0 and window.model.rowCount() == 4
    window.close()

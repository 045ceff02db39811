"""The main window over a real store: list, accent-insensitive search, import, errors."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402

from gui import dialogs  # noqa: E402
from gui.main_window import MainWindow, fold  # noqa: E402
from dispute.case_list import list_summary  # noqa: E402
from store.casefile import import_case_file  # noqa: E402
from store.store import CaseStore  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if (p / "case.json").is_file())


@pytest.fixture
def answered_dialogs():
    seen: list[tuple[str, str, str]] = []
    dialogs.responder = lambda kind, title, text: seen.append((kind, title, text)) or True
    yield seen
    dialogs.responder = None


def test_fold_ignores_accents_and_case():
    assert fold("Écrasement de LIGNE à Évreux") == "ecrasement de ligne a evreux"


def test_lists_cases_and_searches_without_accents(qtbot, store):
    for folder in EXAMPLES:
        import_case_file(store, folder)
    window = MainWindow(store, today=date(2027, 3, 12))
    qtbot.addWidget(window)
    assert window.proxy.rowCount() == 3
    qtbot.keyClicks(window.search, "elise")  # « Salon Élise Coiffure »
    assert window.proxy.rowCount() == 1
    assert window.proxy.index(0, 0).data() == "Salon Élise Coiffure"
    assert "1 dossier(s) sur 3" in window.count_label.text()


def test_import_reports_a_bad_file_and_keeps_the_store(qtbot, store, tmp_path, answered_dialogs):
    window = MainWindow(store)
    qtbot.addWidget(window)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "case.json").write_text("{", encoding="utf-8")
    window.import_path(bad)
    assert answered_dialogs and answered_dialogs[-1][0] == "critical"
    assert "Import impossible" in answered_dialogs[-1][1]
    assert store.list_cases() == []
    window.import_path(EXAMPLES[0] / "case.json")
    assert answered_dialogs[-1][0] == "information"
    assert window.proxy.rowCount() == 1


def test_smoke_start_shows_the_window_and_quits(tmp_path):
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "main.py", "--data-dir", str(tmp_path / "data"), "--smoke"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "store.json").exists()


def _cell(window, name, column):
    for row in range(window.proxy.rowCount()):
        if window.proxy.index(row, 0).data() == name:
            return window.proxy.index(row, column).data()
    raise AssertionError(name)


def test_deadlines_are_marked_by_text_not_only_colour(qtbot, store):
    from gui.case_list_model import CaseListModel as M

    for folder in EXAMPLES:
        import_case_file(store, folder)
    # The mediator's 1-year limit of the fibre case falls on 16 March 2027.
    soon = MainWindow(store, today=date(2027, 3, 12))
    qtbot.addWidget(soon)
    assert _cell(soon, "Claire Fontaine", M.DELAY) == "Bientôt (dans 4 j)"
    assert _cell(soon, "Claire Fontaine", M.ROUTE) == "Médiateur"
    # the salon has no structure to go through: the CPME does not deal with it directly
    # (seeds/000, issue 9), the Médiateur des entreprises does; the CPME case of a structure
    # keeps both business routes
    assert _cell(soon, "Salon Élise Coiffure", M.ROUTE) == "Médiateur des entreprises"
    assert _cell(soon, "Menuiserie Rivaud SARL", M.ROUTE) == "Médiateur des entreprises, CPME"
    assert soon.week_list.item(0).text() == "Échéances des 7 prochains jours"
    assert "mar. 16/03 — Claire Fontaine" in soon.week_list.item(1).text()

    late = MainWindow(store, today=date(2027, 3, 20))
    qtbot.addWidget(late)
    assert _cell(late, "Claire Fontaine", M.DELAY) == "En retard (depuis 4 j)"
    assert _cell(late, "Claire Fontaine", M.ROUTE) == "—"  # the year has passed
    assert late.week_list.item(1).text().startswith("EN RETARD — Claire Fontaine")
    late.overdue_filter.setChecked(True)
    assert late.proxy.rowCount() == 1


def test_filters_by_route_stage_and_operator(qtbot, store):
    for folder in EXAMPLES:
        import_case_file(store, folder)
    window = MainWindow(store, today=date(2026, 11, 22))
    qtbot.addWidget(window)
    window.route_filter.setCurrentIndex(window.route_filter.findData("cpme"))
    assert window.proxy.rowCount() == 1  # the salon has no structure for the CPME (seeds/000)
    window.route_filter.setCurrentIndex(window.route_filter.findData("mediator"))
    assert window.proxy.rowCount() == 1
    window.route_filter.setCurrentIndex(window.route_filter.findData("business_mediator"))
    assert window.proxy.rowCount() == 2  # both businesses, the salon without a structure too
    window.route_filter.setCurrentIndex(0)
    window.operator_filter.setCurrentIndex(window.operator_filter.findData("Orange"))
    assert window.proxy.rowCount() == 1
    assert window.proxy.index(0, 0).data() == "Menuiserie Rivaud SARL"
    window.operator_filter.setCurrentIndex(0)
    window.stage_filter.setCurrentIndex(window.stage_filter.findData("service_consommateurs"))
    assert window.proxy.rowCount() == 1


def test_empty_store_explains_how_to_start(qtbot, store):
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    assert window.empty_label.isVisible()
    assert "Ctrl+N" in window.empty_label.text()
    assert window.first_case_button.isVisible()
    toolbar_texts = [a.text() for a in window.findChildren(type(window.new_action))
                     if a in window.findChild(__import__("PySide6.QtWidgets").QtWidgets.QToolBar)
                     .actions()]
    assert "&Nouveau dossier…" in toolbar_texts


def test_new_case_uses_the_users_directory_corrections(qtbot, store, monkeypatch):
    import json

    (store.data_dir / "annuaire.json").write_text(json.dumps({
        "format": 1,
        "operators": [{"id": "sfr", "name": "SFR (corrigé)"}],
    }), encoding="utf-8")
    window = MainWindow(store)
    qtbot.addWidget(window)
    directory = window._directory()
    assert directory.operator("sfr").name == "SFR (corrigé)"


def test_closing_the_main_window_closes_open_case_windows(qtbot, store):
    import_case_file(store, EXAMPLES[0])
    window = MainWindow(store, today=date(2026, 11, 22))
    qtbot.addWidget(window)
    window.show()
    case_id = store.list_cases()[0].id
    window.open_case(case_id)
    case_window = window._case_windows[case_id]
    assert case_window.isVisible()
    assert window.close()
    assert not case_window.isVisible()


def test_new_case_from_the_menu_opens_an_empty_wizard(qtbot, store, answered_dialogs):
    """Through the real action (Ctrl+N / Fichier), not by calling new_case() directly."""
    window = MainWindow(store, today=date(2026, 11, 22))
    qtbot.addWidget(window)
    window.new_action.trigger()
    wizard = window._wizard
    qtbot.addWidget(wizard)
    assert wizard.case.subscriber.name == ""
    assert "brouillon" not in wizard.windowTitle().lower()
    wizard.subscriber_editor.name.insert("Boulangerie Au Pain Doré")
    wizard.next()  # must not raise (it did when triggered(bool) reached draft=False)
    assert not [a for a in answered_dialogs if a[0] == "critical"]


def test_sorting_by_subscriber_and_by_deadline(qtbot, store):
    for folder in EXAMPLES:
        import_case_file(store, folder)
    window = MainWindow(store, today=date(2026, 11, 22))
    qtbot.addWidget(window)
    window.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    names = [window.proxy.index(r, 0).data() for r in range(window.proxy.rowCount())]
    assert names == ["Claire Fontaine", "Menuiserie Rivaud SARL", "Salon Élise Coiffure"]
    window.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert window.proxy.index(0, 0).data() == "Salon Élise Coiffure"
    from gui.case_list_model import CaseListModel as M

    window.table.sortByColumn(M.DEADLINE, Qt.SortOrder.AscendingOrder)
    assert window.proxy.index(0, 0).data() == "Claire Fontaine"  # the only dated deadline
    window.select_case(store.list_cases()[0].id)
    assert window.selected_case_id() == store.list_cases()[0].id


def test_recent_cases_survive_a_restart_with_a_single_case(qtbot, store):
    from PySide6.QtCore import QSettings

    import_case_file(store, EXAMPLES[0])
    case_id = store.list_cases()[0].id
    QSettings().setValue("main/recent", case_id)  # how Qt reads back a one-item list
    window = MainWindow(store, today=date(2026, 11, 22))
    qtbot.addWidget(window)
    titles = [a.text() for a in window.recent_menu.actions()]
    assert titles == [store.list_cases()[0].subscriber_name] and window.recent_menu.isEnabled()
    window._remember_recent(case_id)
    assert window._recent_ids() == [case_id]
    QSettings().remove("main/recent")


def test_the_sort_order_survives_a_refresh(qtbot, store):
    for folder in EXAMPLES:
        import_case_file(store, folder)
    window = MainWindow(store, today=date(2026, 11, 22))
    qtbot.addWidget(window)
    window.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    expected = [window.proxy.index(r, 0).data() for r in range(window.proxy.rowCount())]
    assert expected == ["Salon Élise Coiffure", "Menuiserie Rivaud SARL", "Claire Fontaine"]
    window.refresh()  # e.g. after a case was saved
    assert [window.proxy.index(r, 0).data() for r in range(window.proxy.rowCount())] == expected


def test_search_box_offers_its_clear_button_once_something_is_typed(qtbot, tmp_path):
    from PySide6.QtWidgets import QToolButton

    from dispute.case_list import list_summary
    from store import CaseStore

    with CaseStore.open(tmp_path / "d", durable=False, summarizer=list_summary) as store:
        window = MainWindow(store, today=date(2026, 11, 22))
        qtbot.addWidget(window)
        window.show()
        window.search.setText("mar")
        assert window.search.isClearButtonEnabled()
        buttons = [b for b in window.search.findChildren(QToolButton) if b.isVisible()]
        assert buttons, "no visible clear button once text is typed"
        window.search.clear()
        assert window.search.text() == ""
        window.search.setText("x")  # typing again after clearing still works
        assert window.search.isClearButtonEnabled()


def test_a_window_left_open_overnight_shows_the_new_days_deadlines(qtbot, store,
                                                                   answered_dialogs):
    from gui.case_list_model import CaseListModel as M

    for folder in EXAMPLES:
        import_case_file(store, folder)
    window = MainWindow(store, today=date(2027, 3, 15))
    qtbot.addWidget(window)
    window.show()
    assert _cell(window, "Claire Fontaine", M.DELAY) == "Bientôt (demain)"
    fibre = next(s.id for s in store.list_cases() if s.subscriber_name == "Claire Fontaine")
    window.open_case(fibre)
    case_window = window._case_windows[fibre]
    case_window.notes_edit.setPlainText("Rappeler lundi")  # typed, not saved
    window.set_today(date(2027, 3, 17))  # two days later, the window still open
    assert _cell(window, "Claire Fontaine", M.DELAY) == "En retard (depuis 1 j)"
    assert _cell(window, "Claire Fontaine", M.ROUTE) == "—"
    assert window.week_list.item(1).text().startswith("EN RETARD — Claire Fontaine")
    assert case_window.today == date(2027, 3, 17)
    assert case_window.assessment.today == date(2027, 3, 17)
    assert case_window.notes_edit.toPlainText() == "Rappeler lundi"
    assert case_window.has_pending_changes()
    assert "17/03/2027" in window.statusBar().currentMessage()


def test_only_a_window_without_a_fixed_date_follows_the_calendar(qtbot, store):
    from gui.main_window import CLOCK_CHECK_MS

    live = MainWindow(store)
    qtbot.addWidget(live)
    assert live.follows_clock and live._clock.isActive()
    assert live._clock.interval() == CLOCK_CHECK_MS <= 60_000
    fixed = MainWindow(store, today=date(2026, 11, 22))
    qtbot.addWidget(fixed)
    assert not fixed.follows_clock and not hasattr(fixed, "_clock")


def test_summaries_cached_by_an_older_version_are_recomputed_in_the_background(qtbot,
                                                                                tmp_path):
    """An update that changes what the list caches (SUMMARY_VERSION) must not leave the
    list with the old summaries: they are shown, recomputed off the GUI thread, then kept."""
    from dispute.case_list import SUMMARY_VERSION, summary_is_current
    from gui.case_list_model import CaseListModel as M

    def old_version(case):  # what an earlier release cached: no deadlines, another version
        return {"summary_version": SUMMARY_VERSION - 1, "stage_label": "ancien résumé"}

    data = tmp_path / "data"
    with CaseStore.open(data, summarizer=old_version, durable=False) as old_store:
        for folder in EXAMPLES:
            import_case_file(old_store, folder)
    with CaseStore.open(data, summarizer=list_summary, durable=False) as store:
        assert not any(summary_is_current(s.extra) for s in store.list_cases())
        window = MainWindow(store, today=date(2027, 3, 12))
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: _cell(window, "Claire Fontaine", M.DELAY) == "Bientôt (dans 4 j)",
                        timeout=10000)
        assert all(summary_is_current(s.extra) for s in store.list_cases())
        assert "mise à jour" in window.statusBar().currentMessage().lower()
    with CaseStore.open(data, summarizer=list_summary, durable=False) as again:  # kept
        assert all(summary_is_current(s.extra) for s in again.list_cases())


def test_refresh_summaries_skips_deleted_cases_and_stops_when_asked(tmp_path):
    from dispute.case_list import summary_is_current

    def old_version(case):
        return {"summary_version": 0}

    data = tmp_path / "data"
    with CaseStore.open(data, summarizer=old_version, durable=False) as old_store:
        for folder in EXAMPLES:
            import_case_file(old_store, folder)
    with CaseStore.open(data, summarizer=list_summary, durable=False) as store:
        ids = [s.id for s in store.list_cases()]
        assert store.refresh_summaries(["nope", ids[0]], cancelled=lambda: False) == 1
        assert store.refresh_summaries(ids[1:], cancelled=lambda: True) == 0
        current = {s.id: summary_is_current(s.extra) for s in store.list_cases()}
        assert current == {ids[0]: True, ids[1]: False, ids[2]: False}


def test_the_first_window_fits_a_small_screen(qtbot, store):
    window = MainWindow(store, today=date(2026, 11, 22))
    qtbot.addWidget(window)
    area = window.screen().availableGeometry()  # offscreen: 800 × 800
    assert window.width() <= area.width() and window.height() <= area.height()
    assert window.width() >= 0.9 * min(1180, area.width())


def test_a_window_left_open_for_days_still_backs_up_daily(qtbot, tmp_path, monkeypatch,
                                                          answered_dialogs):
    from gui.main_window import BACKUP_CHECK_MS

    with CaseStore.open(tmp_path / "d", durable=False, summarizer=list_summary) as store:
        import_case_file(store, EXAMPLES[0])
        window = MainWindow(store, today=date(2026, 11, 22), auto_backup=True)
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: len(store.list_backups()) == 1 and not window._backup_running,
                        timeout=10000)
        assert window._backup_clock.isActive()
        assert window._backup_clock.interval() == BACKUP_CHECK_MS <= 3_600_000
        window._backup_clock.timeout.emit()  # an hour later: the last backup is recent
        assert not window._backup_running and len(store.list_backups()) == 1
        monkeypatch.setattr(store, "needs_backup", lambda: True)  # a day later
        window._backup_clock.timeout.emit()
        assert window._backup_running
        window._backup_clock.timeout.emit()  # still running: no second job
        qtbot.waitUntil(lambda: not window._backup_running, timeout=10000)
        assert len(store.list_backups()) == 2
        assert "Sauvegarde effectuée" in window.statusBar().currentMessage()


def test_an_empty_first_launch_makes_no_backup_and_says_none(qtbot, tmp_path,
                                                             answered_dialogs):
    with CaseStore.open(tmp_path / "d", durable=False, summarizer=list_summary) as store:
        window = MainWindow(store, today=date(2026, 11, 22), auto_backup=True)
        qtbot.addWidget(window)
        qtbot.wait(200)
        assert not window._backup_running
        assert store.list_backups() == []
        assert "Sauvegarde" not in window.statusBar().currentMessage()
        # the first case saved: the next hourly check makes the day's backup
        import_case_file(store, EXAMPLES[0])
        window.refresh()
        window._backup_clock.timeout.emit()
        qtbot.waitUntil(lambda: not window._backup_running, timeout=10000)
        assert len(store.list_backups()) == 1
        assert "Sauvegarde effectuée" in window.statusBar().currentMessage()


def test_a_failing_daily_backup_is_told_once_then_in_the_status_bar(qtbot, tmp_path,
                                                                     monkeypatch,
                                                                     answered_dialogs):
    from store.errors import StoreWriteError

    with CaseStore.open(tmp_path / "d", durable=False, summarizer=list_summary) as store:
        def full_disk(*_args, **_kwargs):
            raise StoreWriteError("Le disque est plein : sauvegarde impossible.")

        monkeypatch.setattr(store, "backup", full_disk)
        import_case_file(store, EXAMPLES[0])
        window = MainWindow(store, today=date(2026, 11, 22), auto_backup=True)
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: not window._backup_running, timeout=10000)
        assert [a[0] for a in answered_dialogs] == ["critical"]
        assert "disque est plein" in answered_dialogs[0][2]
        window._backup_clock.timeout.emit()
        qtbot.waitUntil(lambda: not window._backup_running, timeout=10000)
        assert len(answered_dialogs) == 1  # not a dialog every hour
        assert "disque est plein" in window.statusBar().currentMessage()

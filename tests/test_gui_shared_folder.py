"""A main window on a shared data folder follows the saves of the other instances
(docs/store.md, « Shared mode »); on a folder used alone it polls nothing."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from dispute.case_list import list_summary  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402
from store.store import CaseStore  # noqa: E402
from test_store_support import make_case  # noqa: E402


def test_the_list_shows_what_another_instance_saved(qtbot, tmp_path):
    data_dir = tmp_path / "partagé"
    with CaseStore.open(data_dir, durable=False, shared=True, summarizer=list_summary) as mine, \
            CaseStore.open(data_dir, durable=False, shared=True,
                           summarizer=list_summary) as other:
        mine.save_case(make_case("Léa Martin"))
        window = MainWindow(mine, auto_backup=False)
        qtbot.addWidget(window)
        assert window.proxy.rowCount() == 1
        assert window._others_clock.isActive()
        other.save_case(make_case("Paul Durand"))
        window._follow_other_instances()  # what the timer does every 3 s
        assert window.proxy.rowCount() == 2
        assert "autre poste" in window.statusBar().currentMessage()
        window.close()


def test_a_folder_used_alone_is_not_polled(qtbot, tmp_path):
    with CaseStore.open(tmp_path / "seul", durable=False, summarizer=list_summary) as store:
        window = MainWindow(store, auto_backup=False)
        qtbot.addWidget(window)
        assert not hasattr(window, "_others_clock")
        window.close()

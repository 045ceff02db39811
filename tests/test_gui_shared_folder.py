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


@pytest.fixture
def answers(monkeypatch):
    """Every message box answered by the test; what was asked is kept."""
    from gui import dialogs

    asked: list[tuple[str, str]] = []
    replies = {"question": True}

    def respond(kind, title, text):
        asked.append((kind, text))
        return replies.get(kind, True)

    monkeypatch.setattr(dialogs, "responder", respond)
    return asked, replies


def test_a_case_edited_on_another_machine_opens_read_only(qtbot, tmp_path, answers):
    asked, _replies = answers
    data_dir = tmp_path / "partagé"
    with CaseStore.open(data_dir, durable=False, shared=True, summarizer=list_summary) as mine, \
            CaseStore.open(data_dir, durable=False, shared=True,
                           summarizer=list_summary) as other:
        saved = mine.save_case(make_case("Léa Martin"))
        other.lock_case(saved.id)
        window = MainWindow(mine, auto_backup=False)
        qtbot.addWidget(window)
        window.open_case(saved.id)
        case_window = window._case_windows[saved.id]
        qtbot.addWidget(case_window)
        assert "en cours de modification" in case_window.read_only
        assert "Lecture seule" in case_window.banner.text()
        assert "(lecture seule)" in case_window.windowTitle()
        assert case_window.notes_edit.isReadOnly() and not case_window.status_combo.isEnabled()
        changed = case_window.case
        changed.notes = "modifié en lecture seule"
        assert not case_window._commit(changed, "enregistré")
        assert asked[-1][0] == "information" and "lecture seule" in asked[-1][1]
        assert mine.load_case(saved.id).revision == 1  # nothing written
        assert case_window.record_receipt() is None  # refused before any dialog
        assert asked[-1][0] == "information"
        case_window.close()
        other.lock_case(saved.id)  # still its own: a read-only window releases nothing
        other.unlock_case(saved.id)
        window.open_case(saved.id)  # now free: this window may edit it
        editable = window._case_windows[saved.id]
        qtbot.addWidget(editable)
        assert editable.read_only == ""
        with pytest.raises(Exception, match="en cours de modification"):
            other.lock_case(saved.id)
        editable.close()  # closing the window releases the edit lock
        other.lock_case(saved.id)
        window.close()


@pytest.mark.parametrize("take_over", [True, False])
def test_a_stale_edit_lock_is_taken_over_only_if_the_user_agrees(qtbot, tmp_path, answers,
                                                                  take_over):
    import time

    asked, replies = answers
    replies["question"] = take_over
    data_dir = tmp_path / "partagé"
    with CaseStore.open(data_dir, durable=False, shared=True, summarizer=list_summary,
                        lock_stale_after=0.2) as mine, \
            CaseStore.open(data_dir, durable=False, shared=True,
                           summarizer=list_summary) as other:
        saved = mine.save_case(make_case("Paul Durand"))
        other.lock_case(saved.id)
        time.sleep(0.4)  # the other machine stopped refreshing its lock
        window = MainWindow(mine, auto_backup=False)
        qtbot.addWidget(window)
        window.open_case(saved.id)
        case_window = window._case_windows[saved.id]
        qtbot.addWidget(case_window)
        question = [text for kind, text in asked if kind == "question"]
        assert question and "ne signale plus rien" in question[0]
        if take_over:
            assert case_window.read_only == ""
            other._case_locks.refresh()  # what its refresher does every 30 s
            assert saved.id in other.lost_case_locks()
        else:
            assert "ne signale plus rien" in case_window.read_only
        case_window.close()
        window.close()

"""Start-up edges of the desktop application: the crash dialog and its log, a locked store."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from gui import app as gui_app  # noqa: E402
from gui import dialogs  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def answers():
    seen: list[tuple[str, str, str]] = []
    dialogs.responder = lambda kind, title, text: seen.append((kind, title, text)) or True
    yield seen
    dialogs.responder = None


@pytest.fixture
def log_dir(tmp_path, monkeypatch):
    import store.paths

    folder = tmp_path / "logs"
    monkeypatch.setattr(store.paths, "resolve_log_dir", lambda: folder)
    saved_hook, root = sys.excepthook, logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    yield folder
    sys.excepthook = saved_hook
    for handler in root.handlers:
        if handler not in saved_handlers:
            handler.close()
    root.handlers[:] = saved_handlers
    root.setLevel(saved_level)


def test_an_unexpected_error_shows_a_french_dialog_and_is_logged(qtbot, answers, log_dir):
    log_file = gui_app._setup_logging(verbose=False)
    gui_app._install_crash_handler(log_file)
    try:
        raise ValueError("boum <b>&</b>")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    kind, _, text = answers[-1]
    assert kind == "critical"
    assert "Une erreur inattendue" in text and "ne sont pas touchés" in text
    assert str(log_file) in text
    for handler in logging.getLogger().handlers:
        handler.flush()
    logged = log_file.read_text(encoding="utf-8")
    assert "boum <b>&</b>" in logged and "Traceback" in logged


def test_a_store_used_by_another_instance_is_refused_with_a_message(qtbot, answers, log_dir,
                                                                    tmp_path):
    data = tmp_path / "data"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys\nfrom pathlib import Path\nfrom store.store import CaseStore\n"
         f"s = CaseStore.open(Path({str(data)!r}))\nprint('ready', flush=True)\n"
         "sys.stdin.read()\n"],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        assert gui_app.run_app(data_dir=data, smoke=True) == 1
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    kind, _, text = answers[-1]
    assert kind == "critical" and "déjà ouvert dans Recours Télécom par l'utilisateur" in text


def test_smoke_says_ready_only_once_the_case_list_is_painted(qtbot, log_dir, tmp_path,
                                                              monkeypatch):
    """bench/startup.py times launch to « smoke: ready », meant as the window painted with
    its cases listed. The line came before any paint: the platform had not shown the
    window yet, and the repaint asked for then painted nothing (no row computed)."""
    from dispute.case_list import list_summary
    from gui import main_window
    from store.casefile import import_case_file
    from store.store import CaseStore

    data = tmp_path / "data"
    with CaseStore.open(data, summarizer=list_summary, durable=False) as store:
        import_case_file(store, ROOT / "examples" / "panne-fibre-particulier")
    windows = []

    class Recorded(main_window.MainWindow):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            windows.append(self)

    monkeypatch.setattr(main_window, "MainWindow", Recorded)
    rows_painted_when_ready = []
    real_print = print

    def spy(*args, **kwargs):
        if args == ("smoke: ready",):
            window = windows[0]
            rows_painted_when_ready.append(
                (window.windowHandle().isExposed(), window.model.computed_rows()))
        real_print(*args, **kwargs)

    monkeypatch.setattr("builtins.print", spy)
    assert gui_app.run_app(data_dir=data, smoke=True) == 0
    assert rows_painted_when_ready == [(True, 1)]

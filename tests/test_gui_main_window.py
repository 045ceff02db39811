"""The main window over a real store: list, accent-insensitive search, import, errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from gui import dialogs  # noqa: E402
from gui.main_window import MainWindow, fold  # noqa: E402
from dispute.case_list import list_summary  # noqa: E402
from store.casefile import import_case_file  # noqa: E402
from store.store import CaseStore  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.is_dir())


@pytest.fixture
def answered_dialogs():
    seen: list[tuple[str, str, str]] = []
    dialogs.responder = lambda kind, title, text: seen.append((kind, title, text)) or True
    yield seen
    dialogs.responder = None


@pytest.fixture
def store(tmp_path):
    with CaseStore.open(tmp_path / "data", summarizer=list_summary) as s:
        yield s


def test_fold_ignores_accents_and_case():
    assert fold("Écrasement de LIGNE à Évreux") == "ecrasement de ligne a evreux"


def test_lists_cases_and_searches_without_accents(qtbot, store):
    for folder in EXAMPLES:
        import_case_file(store, folder)
    window = MainWindow(store)
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

"""GUI side of the fresh-eyes findings fixed by helper « fixes » (/work/coord/fresh-eyes.md)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from dispute.case_list import list_summary  # noqa: E402
from gui import dialogs  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402
from store.backup import BackupInfo  # noqa: E402
from store.casefile import import_case_file  # noqa: E402
from store.store import CaseStore  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def answered_dialogs():
    seen: list[tuple[str, str, str]] = []
    dialogs.responder = lambda kind, title, text: seen.append((kind, title, text)) or True
    yield seen
    dialogs.responder = None


def test_backup_made_on_demand_is_listed_as_such_in_french(qtbot, tmp_path,
                                                            answered_dialogs):
    """n° 30: « 03/12/2026 à 03:54 (automatique, 0.0 Mo) » for a 14 KB backup just made with
    « Sauvegarder maintenant »; « Sauvegarde effectuée : backup-….zip » said neither where it
    is nor that the attached files are not in it."""
    from gui.pickers import backup_label

    with CaseStore.open(tmp_path / "d", durable=False, summarizer=list_summary) as store:
        import_case_file(store, ROOT / "examples" / "panne-fibre-particulier")
        window = MainWindow(store, today=date(2026, 11, 22), auto_backup=False)
        qtbot.addWidget(window)
        window.backup_now()
        qtbot.waitUntil(lambda: not window._backup_running, timeout=10000)
        [made] = store.list_backups()
        assert made.kind == "manual"
        label = backup_label(made)
        assert "(faite à la demande, " in label and "automatique" not in label
        assert "." not in label.split("(")[1]  # « 14 Ko », « 1,2 Mo »: no decimal point
        message = window.statusBar().currentMessage()
        assert str(made.path) in message and "sans les pièces jointes" in message
    when = datetime(2026, 12, 3, 3, 54, tzinfo=UTC)
    assert "avant une restauration, 1,5\u00a0Mo)" in backup_label(
        BackupInfo(Path("b.zip"), when, "before-restore", 1_500_000))
    assert "(autre, 14\u00a0Ko)" in backup_label(BackupInfo(Path("b.zip"), when, "x-y", 14_000))

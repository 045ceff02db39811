"""Exporting the dossier zip from the case window: in a worker thread with progress and Cancel,
errors in French with nothing partial left, the CPME email draft."""

from __future__ import annotations

import threading
import zipfile
from datetime import date
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtGui import QKeySequence  # noqa: E402
from PySide6.QtWidgets import QPushButton  # noqa: E402

from gui.case_view import export, modal  # noqa: E402
from gui import desktop, dialogs  # noqa: E402
from gui import letter_preview as lp  # noqa: E402
from gui.case_view import CaseWindow  # noqa: E402
from store.casefile import import_case_file  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PRIVATE = ROOT / "examples" / "panne-fibre-particulier"
BUSINESS = ROOT / "examples" / "facturation-entreprise-cpme"
TODAY = date(2026, 7, 1)


@pytest.fixture
def answers():
    seen: list[tuple[str, str, str]] = []
    dialogs.responder = lambda kind, title, text: seen.append((kind, title, text)) or True
    yield seen
    dialogs.responder = None


@pytest.fixture
def opened(monkeypatch):
    seen: list[str] = []
    monkeypatch.setattr(desktop, "opener", lambda url: seen.append(url.toLocalFile()) or True)
    monkeypatch.setattr(desktop, "file_picker", lambda *a: None)
    return seen


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    # the letters' folder, where a first dossier is proposed; no dossier exported before
    QSettings().setValue(lp.OUTPUT_DIR_KEY, str(folder))
    QSettings().remove(desktop.FOLDER_KEYS["exports"])
    yield folder
    QSettings().remove(lp.OUTPUT_DIR_KEY)
    QSettings().remove(desktop.FOLDER_KEYS["exports"])


def open_window(qtbot, store, example) -> CaseWindow:
    case_id = import_case_file(store, example).id
    window = CaseWindow(store, case_id, today=TODAY)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.exhibitsChecked, timeout=10_000):
        pass
    window.show()
    return window


def test_export_runs_in_a_worker_and_the_window_stays_responsive(qtbot, store, answers, opened,
                                                                  out):
    window = open_window(qtbot, store, PRIVATE)
    target = out / "dossier-mediateur.zip"
    ticks = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(threading.get_ident()))
    progress = []
    timer.start()
    task = window.start_export("mediator", target)
    task.progress.connect(lambda d, t, s: progress.append((d, t, s)))
    assert not window.export_action.isEnabled()  # one export at a time
    with qtbot.waitSignal(window.exportFinished, timeout=60_000) as blocker:
        pass
    timer.stop()
    task.wait()
    # The job ran in another thread while the GUI thread kept processing its timer.
    assert task.worker_thread_id is not None
    assert task.worker_thread_id != threading.get_ident()
    assert ticks and set(ticks) == {threading.get_ident()}
    assert progress and progress[-1][0] == progress[-1][1]
    result = blocker.args[0].dossier
    assert result.path == target and target.is_file()
    with zipfile.ZipFile(target) as zf:
        names = zf.namelist()
        assert zf.testzip() is None
    assert "LISEZMOI.txt" in names
    assert any(n.startswith("01_Courriers/") and n.endswith(".pdf") for n in names)
    assert any(n.startswith("01_Courriers/") and n.endswith(".docx") for n in names)
    assert "02_Chronologie/Chronologie.pdf" in names
    assert any(n.startswith("03_Bordereau/") for n in names)
    assert any(n.startswith("04_Pieces/P01_") for n in names)
    assert sum(n.startswith("04_Pieces/") for n in names) == 6
    kind, title, text = answers[-1]
    assert kind == "question" and title == "Dossier créé" and str(target) in text
    assert opened == [str(out)]  # « Ouvrir le dossier » answered yes
    assert window.export_action.isEnabled()
    assert window._progress is None
    assert [p.name for p in out.iterdir()] == ["dossier-mediateur.zip"]


def test_cancelled_export_leaves_no_file(qtbot, store, answers, opened, out):
    window = open_window(qtbot, store, PRIVATE)
    target = out / "annule.zip"
    task = window.start_export("complete", target)
    task.cancel()  # as if « Annuler » was clicked at once
    with qtbot.waitSignal(window.exportCancelled, timeout=60_000):
        pass
    task.wait()
    assert not target.exists()
    assert list(out.iterdir()) == []  # no temporary file either
    assert "annulée" in window.statusBar().currentMessage()
    assert answers == []


def test_cancel_button_of_the_progress_dialog_cancels(qtbot, store, answers, opened, out):
    window = open_window(qtbot, store, PRIVATE)
    target = out / "annule.zip"
    task = window.start_export("complete", target)
    button = window._progress.findChild(QPushButton)
    assert button.text() == "Annuler"
    button.click()  # the progress dialog's « Annuler »
    assert task.is_cancel_requested()
    with qtbot.waitSignals([window.exportCancelled], timeout=60_000, raising=False):
        pass
    task.wait()
    # Cancelled in time, or finished just before the request: never a partial file.
    leftovers = [p.name for p in out.iterdir()]
    assert leftovers in ([], ["annule.zip"])
    assert not any(name.endswith(".tmp") for name in leftovers)


def test_missing_exhibit_is_marked_and_export_fails_naming_it(qtbot, store, answers, opened,
                                                              out):
    case_id = import_case_file(store, PRIVATE).id
    case = store.load_case(case_id)
    missing = next(x for x in case.exhibits if x.number == 3)
    store.exhibit_path(case_id, missing).unlink()
    window = CaseWindow(store, case_id, today=TODAY)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.exhibitsChecked, timeout=10_000):
        pass
    assert window.exhibit_item(missing.id).text(4) == "Fichier introuvable"
    target = out / "dossier.zip"
    task = window.start_export("mediator", target)
    with qtbot.waitSignal(window.exportFailed, timeout=60_000) as blocker:
        pass
    task.wait()
    message = blocker.args[0]
    assert "3" in message and ("introuvable" in message or "manquant" in message)
    kind, _title, text = answers[-1]
    assert kind == "critical" and message in text
    assert not target.exists()
    assert list(out.iterdir()) == []


def test_altered_exhibit_fails_the_export(qtbot, store, answers, opened, out):
    case_id = import_case_file(store, PRIVATE).id
    case = store.load_case(case_id)
    altered = case.exhibits[0]
    path = store.exhibit_path(case_id, altered)
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF  # same size, different content: only the SHA-256 tells
    path.write_bytes(bytes(data))
    window = CaseWindow(store, case_id, today=TODAY)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.exhibitsChecked, timeout=10_000):
        pass
    assert window.exhibit_item(altered.id).text(4) == "Empreinte différente"
    task = window.start_export("mediator", out / "d.zip")
    with qtbot.waitSignal(window.exportFailed, timeout=60_000) as blocker:
        pass
    task.wait()
    assert f"{altered.number}" in blocker.args[0]
    assert list(out.iterdir()) == []


def test_export_dialog_chooses_target_and_file(qtbot, store, answers, opened, out, monkeypatch):
    window = open_window(qtbot, store, PRIVATE)
    assert window.export_action.shortcut() == QKeySequence("Ctrl+E")
    chosen = {}

    def run(dialog):
        assert dialog.radios["mediator"].isChecked()  # a private subscriber
        assert str(out) in dialog.path.text() and dialog.path.text().endswith(".zip")
        dialog.radios["complete"].setChecked(True)
        assert "Dossier complet" in dialog.path.text()
        chosen["path"] = dialog.out_path()
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(modal, "exec_dialog", run)
    task = window.export_dossier()
    assert task is not None
    with qtbot.waitSignal(window.exportFinished, timeout=60_000) as blocker:
        pass
    task.wait()
    assert blocker.args[0].dossier.target.value == "complete"
    assert chosen["path"].is_file()


def test_cpme_email_draft_next_to_the_zip(qtbot, store, answers, opened, out, monkeypatch):
    window = open_window(qtbot, store, BUSINESS)
    target = out / "dossier-cpme.zip"
    task = window.start_export("cpme", target, email=True)
    with qtbot.waitSignal(window.exportFinished, timeout=60_000) as blocker:
        pass
    task.wait()
    outcome = blocker.args[0]
    eml = target.with_suffix(".eml")
    assert target.is_file() and eml.is_file()
    assert outcome.draft.path == eml and outcome.draft.attached
    message = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    assert "dborne@cpme.fr" in message["To"]
    assert any(part.get_filename() == target.name for part in message.iter_attachments())
    kind, title, _text = answers[-1]
    assert kind == "question" and title == "Courriel pour la CPME créé"
    assert opened == [str(eml)]  # « Ouvrir le courriel » answered yes


def test_cpme_email_too_large_warns(qtbot, store, answers, opened, out, monkeypatch):
    monkeypatch.setattr(export, "EMAIL_MAX_ATTACHMENT_BYTES", 1000)
    window = open_window(qtbot, store, BUSINESS)
    target = out / "gros.zip"
    task = window.start_export("cpme", target, email=True)
    with qtbot.waitSignal(window.exportFinished, timeout=60_000) as blocker:
        pass
    task.wait()
    assert blocker.args[0].draft.too_large and not blocker.args[0].draft.attached
    text = answers[-1][2]
    assert "n'est PAS joint" in text and "dépasse" in text


def test_closing_during_an_export_cancels_it(qtbot, store, answers, opened, out):
    window = open_window(qtbot, store, PRIVATE)
    target = out / "fermeture.zip"
    task = window.start_export("complete", target)
    window.close()  # asks (answered yes), cancels, waits for the worker
    assert not task.is_running()
    assert any(kind == "question" and "en cours" in text for kind, _t, text in answers) \
        or task.done
    assert not any(p.name.endswith(".tmp") for p in out.iterdir())


def test_cpme_email_after_export_attaches_the_same_zip(qtbot, store, answers, opened, out,
                                                       monkeypatch):
    window = open_window(qtbot, store, BUSINESS)
    target = out / "dossier-cpme.zip"
    task = window.start_export("cpme", target)
    with qtbot.waitSignal(window.exportFinished, timeout=60_000):
        pass
    task.wait()
    # The message lists the points to check in human form (no « seeds/000 »).
    text = answers[-1][2]
    assert "test de 3 mois" in text and "seeds/" not in text and "pièce(s)" not in text
    stamp = target.stat().st_mtime_ns
    dialogs_shown = []
    monkeypatch.setattr(modal, "exec_dialog", lambda d: dialogs_shown.append(d) or 0)
    task = window.create_cpme_email()
    assert task is not None
    with qtbot.waitSignal(window.exportFinished, timeout=60_000) as blocker:
        pass
    task.wait()
    assert dialogs_shown == []  # no file chooser, no « remplacer ? »
    asked = [t for kind, title, t in answers if title == "Courriel pour la CPME"]
    assert asked and str(target) in asked[0]
    outcome = blocker.args[0]
    assert outcome.reused and outcome.draft.attached
    assert target.stat().st_mtime_ns == stamp  # not rebuilt
    message = BytesParser(policy=policy.default).parsebytes(
        target.with_suffix(".eml").read_bytes())
    assert any(part.get_filename() == target.name for part in message.iter_attachments())
    assert not any("Remplacer" in title for _kind, title, _t in answers)

    # Once the case has changed, the zip is out of date: the export dialog again.
    case = store.load_case(window.case_id)
    case.notes = "modifié"
    window._commit(case, "")
    assert window.reusable_cpme_zip() is None
    window.create_cpme_email()
    assert len(dialogs_shown) == 1 and dialogs_shown[0].parent() is window

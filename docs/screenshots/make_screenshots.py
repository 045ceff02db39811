"""Render the application's windows to PNG files in docs/screenshots/ (shown in the README).

    python docs/screenshots/make_screenshots.py

Offscreen, on a temporary store holding the three example cases, "today" fixed at
22 November 2026 so the pictures do not change from one run to the next. Look at every
picture after a change to the interface.
"""

from __future__ import annotations

import copy
import os
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 22)
SIZE = (1200, 760)
WIZARD_SIZE = (920, 680)


def main() -> None:
    from PySide6.QtCore import QCoreApplication, QStandardPaths
    from PySide6.QtWidgets import QApplication

    QStandardPaths.setTestModeEnabled(True)  # never touch the user's settings
    QCoreApplication.setOrganizationName("RecoursTelecomScreenshots")
    app = QApplication([])
    from gui.app import _install_translations

    _install_translations(app)

    from dispute.case_list import list_summary
    from dispute.model import new_id
    from gui import dialogs
    from gui.main_window import MainWindow
    from gui.wizard import CaseWizard
    from store.casefile import import_case_file, read_case_file
    from store.store import CaseStore

    dialogs.responder = lambda kind, title, text: False  # no modal box in a screenshot run
    work = Path(tempfile.mkdtemp(prefix="screenshots-"))
    out = HERE
    try:
        store = CaseStore.open(work / "data", summarizer=list_summary, durable=False)
        examples = sorted(p for p in (ROOT / "examples").iterdir()
                          if (p / "case.json").is_file())  # not examples/__pycache__
        ids = {p.name: import_case_file(store, p).id for p in examples}

        def save(widget, name: str, size=SIZE) -> None:
            widget.resize(*size)
            widget.show()
            for _ in range(3):
                app.processEvents()
            widget.grab().save(str(out / f"{name}.png"))
            print(f"{name}.png")

        window = MainWindow(store, today=TODAY)
        save(window, "01-fenetre-principale")

        # The wizard, page by page, on a copy of the fibre-outage example.
        draft = copy.deepcopy(read_case_file(ROOT / "examples" / "panne-fibre-particulier").case)
        draft.id = new_id()
        wizard = CaseWizard(store, today=TODAY, draft=draft)
        names = ["souscripteur", "lignes-contrat", "operateur", "litige", "chronologie",
                 "factures", "avoirs", "verification"]
        seen = set()
        for _ in range(len(names) + 1):
            page = wizard.currentId()
            if page in seen or page < 0:
                break
            seen.add(page)
            position = len(seen)
            slug = names[min(position - 1, len(names) - 1)]
            save(wizard, f"02-assistant-{position}-{slug}", WIZARD_SIZE)
            wizard.next()
        wizard.hide()

        try:
            from gui.case_view import CaseWindow
        except ImportError:
            CaseWindow = None
        if CaseWindow is not None:
            view = CaseWindow(store, ids["panne-fibre-particulier"], today=TODAY)
            save(view, "03-dossier-particulier")
            business = CaseWindow(store, ids["facturation-entreprise-cpme"], today=TODAY)
            save(business, "04-dossier-entreprise-cpme")
            business.tabs.setCurrentIndex(2)  # « Courriers »: the engine's decision per letter
            save(business, "04b-courriers-entreprise")
            view.tabs.setCurrentIndex(2)
            save(view, "03b-courriers-particulier")

        from gui.settings_dialog import SettingsDialog

        settings = SettingsDialog(store)
        save(settings, "05-parametres", (640, 540))
        settings.tabs.setCurrentIndex(2)
        save(settings, "06-parametres-enveloppe", (640, 540))
        settings.hide()
        setup = SettingsDialog(store, guided=True)  # the first-launch set-up, step 1
        save(setup, "00-premiers-reglages", (640, 540))
        setup.hide()
        store.close()
    finally:
        dialogs.responder = None
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Screenshots of the Bilan window and of the first page of the Bilan PDF (README, issue 14).

    Xvfb :98 -screen 0 1360x900x24 &
    DISPLAY=:98 .venv/bin/python docs/screenshots/make_bilan_screenshots.py

A temporary store of 240 generated cases (bench/bilan.py's generator, fixed seed, year 2026),
the window shown on the X display and captured with ImageMagick's ``import -window root``;
the PDF's first page rendered with ``pdftoppm``. Without a DISPLAY the window is grabbed
offscreen instead. Look at both pictures after a change.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TODAY = date(2026, 12, 2)
CASES = 240


def main() -> None:
    from PySide6.QtCore import QCoreApplication, QStandardPaths, QTimer
    from PySide6.QtWidgets import QApplication

    QStandardPaths.setTestModeEnabled(True)
    QCoreApplication.setOrganizationName("RecoursTelecomScreenshots")
    app = QApplication([])
    from bench.bilan import decorate
    from bench.store_scale import build_case
    from dispute.bilan import Period, build_bilan
    from dispute.case_list import list_summary
    from documents.bilan_files import bilan_pdf_bytes
    from gui.bilan_window import BilanWindow
    from store import CaseStore

    work = Path(tempfile.mkdtemp(prefix="bilan-shots-"))
    rng = random.Random(14)
    try:
        with CaseStore.open(work / "data", summarizer=list_summary, durable=False) as store:
            for _ in range(CASES):
                case = build_case(rng, events=4)
                decorate(case, rng)
                store.save_case(case)
            window = BilanWindow(store, TODAY)
            window.start_field.set_date_value(date(2026, 1, 1))
            window.end_field.set_date_value(date(2026, 11, 30))
            window.recompute()
            window.tabs.setCurrentIndex(3)  # « Issues par voie »
            window.move(0, 0)
            window.resize(1340, 860)
            window.show()
            target = HERE / "07-bilan.png"
            if os.environ.get("DISPLAY") and shutil.which("import"):
                def capture() -> None:  # while the event loop runs: the window is painted
                    frame = window.frameGeometry()
                    subprocess.run(["import", "-window", "root", "-crop",
                                    f"{frame.width()}x{frame.height()}+{frame.x()}+{frame.y()}",
                                    "+repage", str(target)], check=True)
                    app.quit()

                QTimer.singleShot(4000, capture)
                app.exec()
            else:
                app.processEvents()
                window.grab().save(str(target))
            print(f"written {target}")
            bilan = build_bilan(store.list_cases(), Period(date(2026, 1, 1),
                                                           date(2026, 11, 30)), today=TODAY)
            pdf = work / "bilan.pdf"
            pdf.write_bytes(bilan_pdf_bytes(bilan))
            subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1",
                            "-singlefile", str(pdf), str(HERE / "08-bilan-pdf")], check=True)
            print(f"written {HERE / '08-bilan-pdf.png'}")
            window.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

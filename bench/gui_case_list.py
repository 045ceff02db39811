"""The main window over a large store: time to a usable case list, search, filter, sort.

    python bench/store_scale.py --keep /tmp/store10k      # builds 10,000 cases once
    python bench/gui_case_list.py /tmp/store10k/data [--runs 3]

Offscreen. Prints medians of ``--runs`` fresh windows: opening the store, building and showing
the main window (list, filters, the week's panel), then an accent-insensitive search, the
« en retard » filter and a sort by subscriber.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from PySide6.QtCore import QStandardPaths, Qt
    from PySide6.QtWidgets import QApplication

    QStandardPaths.setTestModeEnabled(True)
    app = QApplication([])
    from dispute.case_list import list_summary
    from gui.main_window import MainWindow
    from store.store import CaseStore

    figures: dict[str, list[float]] = {}

    def timed(name: str, action) -> None:
        start = time.perf_counter()
        action()
        app.processEvents()
        figures.setdefault(name, []).append(time.perf_counter() - start)

    rows = 0
    for _ in range(args.runs):
        holder = {}
        timed("open store + list_cases",
              lambda: holder.setdefault("store", CaseStore.open(args.data_dir,
                                                                summarizer=list_summary)))
        store = holder["store"]

        def build() -> None:
            window = MainWindow(store)
            window.show()
            holder["window"] = window

        timed("build and show the main window", build)
        window = holder["window"]
        timed("search « martin »", lambda: window.search.setText("martin"))
        timed("filter « en retard »", lambda: (window.search.setText(""),
                                               window.overdue_filter.setChecked(True)))
        timed("sort by subscriber", lambda: (window.overdue_filter.setChecked(False),
                                             window.table.sortByColumn(
                                                 0, Qt.SortOrder.AscendingOrder)))
        rows = window.model.rowCount()
        window.close()
        store.close()
    print(f"{rows} cases, median of {args.runs} runs:")
    for name, values in figures.items():
        print(f"  {name:32s} {statistics.median(values) * 1000:7.0f} ms")
    usable = (statistics.median(figures["open store + list_cases"])
              + statistics.median(figures["build and show the main window"]))
    print(f"  {'usable case list (sum)':32s} {usable * 1000:7.0f} ms   (target <= 1 s)")


if __name__ == "__main__":
    main()

"""The main window over a large store: a usable case list, search, filter, sort, and a save.

    python bench/store_scale.py --sizes 10000 --work /tmp/s   # builds /tmp/s/data-10000 once
    python bench/gui_case_list.py /tmp/s/data-10000 [--runs 5] [--before DIR]

Offscreen. Each run is a fresh process that opens the store, builds and shows the main
window (list, filters, the week's panel), then times an accent-insensitive search, the « en
retard » filter, a sort by subscriber, and a save from a case window (notes typed, Ctrl+S:
the store's save, the case window's refresh, the main window taking in the new summary).
Prints medians and minima of ``--runs`` processes, and in the same run:

- the save from the case window as a ratio to the store's own ``save_case`` of the same
  kind of change in the same process (what the windows add to the save);
- with ``--before DIR`` (a checkout of an older version, e.g. ``git worktree add
  /tmp/before HEAD~3``), the same figures for that code, runs interleaved, and each figure's
  ratio to it.

Target (issues 11 and 13): the usable list (opening + window) ≤ 1 s on this machine; the
launch of the whole program to the list painted is ``bench/startup.py --data-dir``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FIGURES = ("open store + list_cases", "build and show the main window", "usable case list",
           "search « martin »", "filter « en retard »", "sort by subscriber",
           "save from a case window", "store's save_case alone")


def one_run(code: Path, data_dir: Path) -> dict[str, float]:
    """The figures of one fresh window on ``data_dir``, with the application of ``code``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(code))
    from PySide6.QtCore import QStandardPaths, Qt
    from PySide6.QtWidgets import QApplication

    QStandardPaths.setTestModeEnabled(True)
    app = QApplication([])
    from dispute.case_list import list_summary
    from gui.main_window import MainWindow
    from store.store import CaseStore

    figures: dict[str, float] = {}

    def timed(name: str, action) -> None:
        start = time.perf_counter()
        action()
        app.processEvents()
        figures[name] = time.perf_counter() - start

    holder = {}
    timed("open store + list_cases",
          lambda: holder.setdefault("store", CaseStore.open(data_dir, summarizer=list_summary)))
    store = holder["store"]

    def build() -> None:
        window = MainWindow(store)
        window.show()
        holder["window"] = window

    timed("build and show the main window", build)
    figures["usable case list"] = (figures["open store + list_cases"]
                                   + figures["build and show the main window"])
    window = holder["window"]
    timed("search « martin »", lambda: window.search.setText("martin"))
    timed("filter « en retard »", lambda: (window.search.setText(""),
                                           window.overdue_filter.setChecked(True)))
    timed("sort by subscriber", lambda: (window.overdue_filter.setChecked(False),
                                         window.table.sortByColumn(
                                             0, Qt.SortOrder.AscendingOrder)))
    # the store's own save of the same kind of change, in this process (the baseline)
    listed = store.list_cases()
    warm = store.load_case(listed[-2].id)  # the first save loads the procedure engine
    warm.notes += " Relance téléphonique."
    store.save_case(warm)
    other = store.load_case(listed[-1].id)
    other.notes += " Relance téléphonique."
    start = time.perf_counter()
    store.save_case(other)
    figures["store's save_case alone"] = time.perf_counter() - start
    # a save from a case window: notes typed, then Ctrl+S
    case_id = listed[len(listed) // 2].id
    window.open_case(case_id)
    app.processEvents()
    case_window = window._case_windows[case_id]
    case_window.notes_edit.setPlainText(case_window.case.notes + " Relance téléphonique.")
    app.processEvents()
    timed("save from a case window", lambda: case_window.save())
    figures["rows"] = window.model.rowCount()
    case_window.close()
    window.close()
    store.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", type=Path, help="checkout of an older version to compare")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)  # one run of this code
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_run(args.child, args.data_dir)))
        return

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    codes = [("this code", ROOT)] + ([("before", args.before.resolve())] if args.before else [])
    results: dict[str, dict[str, list[float]]] = {name: {} for name, _ in codes}
    rows = 0
    for run in range(args.runs + 1):  # the first run of each warms caches: not counted
        for name, code in (codes if run % 2 == 0 else list(reversed(codes))):
            out = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), str(args.data_dir),
                 "--child", str(code)],
                capture_output=True, text=True, check=True, env=env).stdout
            figures = json.loads(out.strip().splitlines()[-1])
            rows = int(figures.pop("rows"))
            if run:
                for key, value in figures.items():
                    results[name].setdefault(key, []).append(value)
    print(f"{rows} cases, {args.runs} fresh processes each (medians, minima):")
    for name, _code in codes:
        print(f"  {name}")
        for key in FIGURES:
            values = results[name].get(key)
            if values:
                print(f"    {key:32s} median {statistics.median(values) * 1000:7.0f} ms, "
                      f"min {min(values) * 1000:7.0f} ms")
        figures = results[name]
        ratio = [w / s for w, s in zip(figures["save from a case window"],
                                       figures["store's save_case alone"])]
        print(f"    save from a case window / the store's save_case: median "
              f"{statistics.median(ratio):.1f}x, min {min(ratio):.1f}x")
        usable = figures["usable case list"]
        print(f"    usable case list: median {statistics.median(usable) * 1000:.0f} ms, "
              f"min {min(usable) * 1000:.0f} ms   (target <= 1000 ms)")
    if args.before:
        print("  this code / before (medians, minima):")
        for key in FIGURES:
            mine, theirs = results["this code"].get(key), results["before"].get(key)
            if mine and theirs:
                print(f"    {key:32s} {statistics.median(mine) / statistics.median(theirs):5.2f}x"
                      f"  (minima {min(mine) / min(theirs):5.2f}x)")


if __name__ == "__main__":
    main()

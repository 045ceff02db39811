"""Start-up time of the application against a bare PySide6 window, in the same run.

    python bench/startup.py [--runs 21] [--cases 3]
    python bench/startup.py --data-dir /tmp/s/data-10000 --runs 7   # 10,000 cases (issue 13)

Both are started the same way (a new interpreter, offscreen) and timed from launch to the
moment they print "smoke: ready": their main window on screen (exposed by the platform) and
painted, ``main.py --smoke`` with the visible rows of its case list, on a store of
``--cases`` example cases; the baseline is a script that only creates a QApplication and
shows an empty QMainWindow. Until 2026-12-03 (third session) both printed the line one turn
of the event loop after ``show()``, before the platform had shown or painted anything.
Prints the medians and their ratio (target: ≤ 1.5×). Run it twice; the first run warms the
disk cache.

``--data-dir`` starts the application on an existing data folder instead (the 10,000 cases
that ``bench/store_scale.py --sizes 10000 --work /tmp/s`` builds in ``/tmp/s/data-10000``):
the figure is then launch to the case list
painted, target ≤ 1 s on this machine, still with the bare window's ratio of the same run.

``--before DIR``: the ``main.py`` of an older checkout is launched the same way, interleaved,
and its figures and ratios are printed too.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1000, 640)
window.show()
def ready():
    # as main.py --smoke (gui/app.py): on screen and painted, not only asked to show
    handle = window.windowHandle()
    if handle is None or not handle.isExposed():
        QTimer.singleShot(0, ready)
        return
    print("smoke: ready", flush=True)
    app.quit()
QTimer.singleShot(0, ready)
sys.exit(app.exec())
"""


def timed(command: list[str], env: dict[str, str]) -> float:
    """Seconds from launching the process to its "smoke: ready" line (window on screen and
    painted). The process's exit and teardown are not part of the start-up."""
    start = time.perf_counter()
    with subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, text=True) as process:
        line = process.stdout.readline()
        ready = time.perf_counter() - start
        process.stdout.read()
    if process.returncode != 0 or line.strip() != "smoke: ready":
        raise SystemExit(f"{command} failed: {line!r}, exit {process.returncode}")
    return ready


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--cases", type=int, default=3,
                        help="example cases imported in the store first (0: empty store)")
    parser.add_argument("--data-dir", type=Path,
                        help="an existing data folder (e.g. 10,000 cases) instead of examples")
    parser.add_argument("--before", type=Path, help="checkout of an older version to compare")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="startup-bench-"))
    data = work / "data"
    # The user's own folders, as on a desktop where nothing is configured: the data folder
    # comes from the Qt settings (none) then platformdirs, like a real start.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(data),
           "XDG_STATE_HOME": str(work / "state"), "XDG_CONFIG_HOME": str(work / "config")}
    env.pop("RECOURS_TELECOM_DATA", None)
    # An installed application has its .pyc files (pip and PyInstaller compile them): let the
    # warm-up run write them even where the shell disables it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # the case folders only: not examples/__pycache__ (left by make_examples.py), which the
    # import refused and the bench crashed on
    examples = sorted(p for p in (ROOT / "examples").iterdir() if (p / "case.json").is_file())
    for folder in examples[: 0 if args.data_dir else args.cases]:
        subprocess.run([sys.executable, "main.py", "import", str(folder)], cwd=ROOT, env=env,
                       check=True, stdout=subprocess.DEVNULL)
    bare_script = work / "bare.py"
    bare_script.write_text(BARE, encoding="utf-8")

    app_cmd = [sys.executable, "main.py", "--smoke"]
    if args.data_dir:
        app_cmd += ["--data-dir", str(args.data_dir)]
    bare_cmd = [sys.executable, str(bare_script)]
    before_cmd = ([sys.executable, str(args.before.resolve() / "main.py"), *app_cmd[2:]]
                  if args.before else None)
    timed(app_cmd, env)  # warm-up: caches, .pyc files
    timed(bare_cmd, env)
    if before_cmd:
        timed(before_cmd, env)
    app_times, bare_times, before_times = [], [], []
    for _ in range(args.runs):  # interleaved so that machine noise hits both alike
        bare_times.append(timed(bare_cmd, env))
        app_times.append(timed(app_cmd, env))
        if before_cmd:
            before_times.append(timed(before_cmd, env))
    shutil.rmtree(work, ignore_errors=True)

    app_median = statistics.median(app_times)
    bare_median = statistics.median(bare_times)
    stored = f"data folder {args.data_dir}" if args.data_dir else f"{args.cases} case(s) in store"
    print(f"Python {sys.version.split()[0]}, {args.runs} runs each, {stored}")
    print(f"bare PySide6 window : median {bare_median * 1000:.0f} ms "
          f"(min {min(bare_times) * 1000:.0f}, max {max(bare_times) * 1000:.0f})")
    print(f"main.py --smoke     : median {app_median * 1000:.0f} ms "
          f"(min {min(app_times) * 1000:.0f}, max {max(app_times) * 1000:.0f})")
    print(f"ratio               : {app_median / bare_median:.2f}x   (target <= 1.5x)")
    # The same figure from the fastest runs: close to the median ratio on a quiet machine;
    # far from it, the machine was busy during the run and it should be run again.
    print(f"ratio of the minima : {min(app_times) / min(bare_times):.2f}x")
    if args.data_dir:
        print(f"launch to list painted: median {app_median * 1000:.0f} ms, "
              f"min {min(app_times) * 1000:.0f} ms   (target <= 1000 ms)")
    if before_times:
        before_median = statistics.median(before_times)
        print(f"before ({args.before}): median {before_median * 1000:.0f} ms "
              f"(min {min(before_times) * 1000:.0f}), {before_median / bare_median:.2f}x the "
              f"bare window (minima {min(before_times) / min(bare_times):.2f}x); this code / "
              f"before: {app_median / before_median:.2f}x "
              f"(minima {min(app_times) / min(before_times):.2f}x)")


if __name__ == "__main__":
    main()

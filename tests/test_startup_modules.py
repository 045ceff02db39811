"""What the desktop start-up imports (bench/startup.py, docs/benchmarks.md « Start-up »).

The first window shows the list of cases: the case model, the procedure engine, the letters,
the dossiers, the dialogs and the editors load on first use. Each import moved out of the
start-up once is pinned here, so that a stray module-level import cannot bring it back
unnoticed. The start is a real ``main.py --smoke`` (offscreen), on a store holding one case,
with the user's folders from XDG as on an unconfigured desktop and no USER variable (a
systemd unit, a container).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

ROOT = Path(__file__).resolve().parent.parent

NOT_AT_START_UP = (
    # the case model, its codec and the procedure engine (first case opened or saved)
    "dispute.model", "dispute.codec", "dispute.procedure", "holidays", "dateutil", "decimal",
    "uuid", "phonenumbers",
    # letters, dossiers, directory (first letter, export, new case)
    "documents", "dispute.letters", "dispute.directory", "reportlab", "docx", "openpyxl",
    # store parts used later: case files, exhibits, backups, TinyDB, file locks, hashes
    "store.casefile", "store.exhibits", "store.backup", "tinydb", "filelock", "hashlib",
    # windows and dialogs opened on demand
    "gui.case_view", "gui.settings_dialog", "gui.wizard", "gui.bilan_window", "gui.workers",
    "gui.desktop", "gui.pickers", "gui.widgets", "gui.editors",
    "gui.inline_message", "gui.input_fields", "gui.address_editor",
    # the command-line parser (commands and --help only)
    "cli.commands",
    # the user's name without USER/LOGNAME: the password database, not getpass and termios
    "getpass", "termios",
    # the data and log folders on Linux: the XDG variables, read as platformdirs reads them
    *(("platformdirs",) if sys.platform.startswith("linux") else ()),
)

SPY = """
import json, runpy, sys
sys.argv = ["main.py", "--smoke"]
try:
    runpy.run_path("main.py", run_name="__main__")
except SystemExit as exc:
    code = exc.code
# PySide6 builds a class's Python enums the first time Python touches it: the Qt namespace
# is in the module's dict once built (93 enums, ~12 ms, gui/qt_values.py)
qt_namespace = "Qt" in vars(sys.modules["PySide6.QtCore"])
with open(OUT, "w", encoding="utf-8") as fh:
    json.dump({"code": code, "modules": sorted(sys.modules), "qt_namespace": qt_namespace}, fh)
"""


def _smoke_report(tmp_path) -> dict:
    """``main.py --smoke`` on a store of one case: its exit code, the modules it imported
    and whether it built the Qt namespace."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("USER", "LOGNAME", "LNAME", "USERNAME", "RECOURS_TELECOM_DATA")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "share"),
               XDG_STATE_HOME=str(tmp_path / "state"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    subprocess.run([sys.executable, "main.py", "import",
                    str(ROOT / "examples" / "panne-fibre-particulier")],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
    out = tmp_path / "modules.json"
    script = SPY.replace("OUT", repr(str(out)))
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.stdout.splitlines()[:1] == ["smoke: ready"], result.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def test_the_desktop_start_up_leaves_later_modules_for_later(tmp_path):
    report = _smoke_report(tmp_path)
    assert report["code"] == 0
    loaded = set(report["modules"])
    assert "gui.main_window" in loaded and "store.store" in loaded  # the spy saw the start
    assert sorted(name for name in NOT_AT_START_UP if name in loaded) == []


def test_the_desktop_start_up_paints_without_the_qt_namespace(tmp_path):
    """Nothing before the first paint hands Python a ``Qt`` enum (gui/qt_values.py): the
    namespace is built by ``MainWindow.finish_start_up``, which --smoke does not reach."""
    report = _smoke_report(tmp_path)
    assert report["code"] == 0
    assert report["qt_namespace"] is False

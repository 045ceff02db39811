"""The application's per-user folders on Linux, read from the XDG variables as platformdirs
reads them, without importing it (its import costs more than the answer: 2–3 ms of a 150 ms
start, bench/startup.py). Shared by the data and log folders (store/paths.py) and the font
cache (documents/face_cache.py); every case this simple rule does not settle is left to
platformdirs by the callers, and tests/test_store_paths.py compares both on every
combination of HOME and XDG values.

Qt-free, store-free.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "RecoursTelecom"


def xdg_user_folder(variable: str, default: str) -> Path | None:
    """This application's folder under ``$variable`` (e.g. ``XDG_DATA_HOME``) on Linux, as
    platformdirs gives it: the variable when it holds an absolute path, else ``default``
    (e.g. ``~/.local/share``) under an absolute HOME. None elsewhere and in any other case
    (platformdirs decides)."""
    if not sys.platform.startswith("linux") or hasattr(sys, "getandroidapilevel") or (
            os.environ.get("ANDROID_DATA") == "/data"
            and os.environ.get("ANDROID_ROOT") == "/system"):
        return None
    value = os.environ.get(variable, "")
    if value.startswith("/"):
        return Path(value) / APP_NAME
    if os.environ.get("HOME", "").startswith("/"):
        return Path(os.path.expanduser(default)) / APP_NAME
    return None

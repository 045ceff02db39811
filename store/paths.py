"""Where the data and the logs live.

Data folder, by priority: the explicit argument (``--data-dir``), the environment variable
``RECOURS_TELECOM_DATA``, then the per-user data folder of the OS (platformdirs):
``~/.local/share/RecoursTelecom`` on Linux, ``%LOCALAPPDATA%\\RecoursTelecom`` on Windows,
``~/Library/Application Support/RecoursTelecom`` on macOS.

On Linux the two folders are read from the XDG variables as platformdirs reads them,
without importing it (2–3 ms of a 150 ms start, bench/startup.py); any case the simple rule
does not settle (a relative HOME or XDG variable, Android) is left to platformdirs, and
tests/test_store_paths.py compares both on every combination.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path

logger = logging.getLogger(__name__)

APP_NAME = "RecoursTelecom"
DATA_ENV_VAR = "RECOURS_TELECOM_DATA"


def resolve_data_dir(
    explicit: Path | str | None = None, *, environ: Mapping[str, str] | None = None
) -> Path:
    """The data folder to use (not created here)."""
    env = os.environ if environ is None else environ
    if explicit is not None and str(explicit).strip():
        chosen, source = Path(explicit), "argument"
    elif env.get(DATA_ENV_VAR, "").strip():
        chosen, source = Path(env[DATA_ENV_VAR].strip()), DATA_ENV_VAR
    else:
        chosen, source = _user_folder("XDG_DATA_HOME", "~/.local/share"), "platformdirs"
        if chosen is None:
            import platformdirs

            chosen = platformdirs.user_data_path(APP_NAME, appauthor=False)
    resolved = chosen.expanduser().absolute()
    logger.debug("Data folder %s (from %s)", resolved, source)
    return resolved


def log_dir() -> Path:
    """The per-user log folder (not created here)."""
    state = _user_folder("XDG_STATE_HOME", "~/.local/state")
    if state is not None:
        return state / "log"
    import platformdirs

    return platformdirs.user_log_path(APP_NAME, appauthor=False)


def _user_folder(variable: str, default: str) -> Path | None:
    """This application's folder under ``$variable`` (e.g. ``XDG_DATA_HOME``) on Linux, as
    platformdirs gives it: the variable when it holds an absolute path, else ``default``
    under an absolute HOME. None elsewhere and in any other case (platformdirs decides)."""
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


def resolve_log_dir() -> Path:
    """Same as ``log_dir`` (the name the GUI uses)."""
    return log_dir()

"""Where the data and the logs live.

Data folder, by priority: the explicit argument (``--data-dir``), the environment variable
``RECOURS_TELECOM_DATA``, then the per-user data folder of the OS (platformdirs):
``~/.local/share/RecoursTelecom`` on Linux, ``%LOCALAPPDATA%\\RecoursTelecom`` on Windows,
``~/Library/Application Support/RecoursTelecom`` on macOS.

On Linux the two folders are read from the XDG variables as platformdirs reads them,
without importing it (:mod:`dispute.user_folders`); any case the simple rule does not settle
(a relative HOME or XDG variable, Android) is left to platformdirs.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path

from dispute.user_folders import APP_NAME, xdg_user_folder

logger = logging.getLogger(__name__)

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
        chosen, source = xdg_user_folder("XDG_DATA_HOME", "~/.local/share"), "platformdirs"
        if chosen is None:
            import platformdirs

            chosen = platformdirs.user_data_path(APP_NAME, appauthor=False)
    resolved = chosen.expanduser().absolute()
    logger.debug("Data folder %s (from %s)", resolved, source)
    return resolved


def log_dir() -> Path:
    """The per-user log folder (not created here)."""
    state = xdg_user_folder("XDG_STATE_HOME", "~/.local/state")
    if state is not None:
        return state / "log"
    import platformdirs

    return platformdirs.user_log_path(APP_NAME, appauthor=False)


def resolve_log_dir() -> Path:
    """Same as ``log_dir`` (the name the GUI uses)."""
    return log_dir()

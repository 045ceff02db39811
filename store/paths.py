"""Where the data and the logs live.

Data folder, by priority: the explicit argument (``--data-dir``), the environment variable
``RECOURS_TELECOM_DATA``, then the per-user data folder of the OS (platformdirs):
``~/.local/share/RecoursTelecom`` on Linux, ``%LOCALAPPDATA%\\RecoursTelecom`` on Windows,
``~/Library/Application Support/RecoursTelecom`` on macOS.
"""

from __future__ import annotations

import logging
import os
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
        import platformdirs  # only when no folder is given (4 ms of imports)

        chosen, source = platformdirs.user_data_path(APP_NAME, appauthor=False), "platformdirs"
    resolved = chosen.expanduser().absolute()
    logger.debug("Data folder %s (from %s)", resolved, source)
    return resolved


def log_dir() -> Path:
    """The per-user log folder (not created here)."""
    import platformdirs

    return platformdirs.user_log_path(APP_NAME, appauthor=False)


def resolve_log_dir() -> Path:
    """Same as ``log_dir`` (the name the GUI uses)."""
    return log_dir()

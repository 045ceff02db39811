"""Turn off PySide6's source scan of every module imported after it.

PySide6 replaces ``builtins.__import__`` so that it can honour the opt-in
``from __feature__ import snake_case, true_property``. To know which modules might opt in,
it calls ``shibokensupport.feature._mod_uses_pyside(module)`` once for every module imported
after PySide6, and that function reads the module's whole source (``inspect.getsource``) to
look for the word "PySide6". In this application that is about 110 files read at start-up,
10 ms of a 170 ms start (bench/startup.py; reported by napari, issue 8584), and more on every
later first import (documents, printing).

This application never uses ``__feature__``, so the answer only has to be the one PySide6's
own reading would give for the modules it can matter to. A module marked "uses PySide" gets
feature set 0 ("no feature"); any other is "ignored", which keeps the current set, also 0
when no module ever selects a feature. The cheap test below marks our Qt package and the
entry script, and nothing else. If a PySide6 release renames these internals, nothing breaks:
the scan simply stays on (PySide6 is pinned below 6.12 in pyproject.toml).
"""

from __future__ import annotations

import logging
import sys
from types import ModuleType

logger = logging.getLogger(__name__)

QT_USERS = frozenset({"gui", "main", "__main__"})
"""Top-level names of the modules of this application that import PySide6."""


def _uses_pyside(module: ModuleType) -> bool:
    name = getattr(module, "__name__", "")
    return name.partition(".")[0] in QT_USERS or name.startswith("PySide6")


def disable_feature_source_scan() -> bool:
    """Replace PySide6's per-import source scan by a name test. Returns whether it could."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        logger.debug("PySide6 sans analyse des sources à l'import : rien à désactiver")
        return False
    feature._mod_uses_pyside = _uses_pyside
    return True

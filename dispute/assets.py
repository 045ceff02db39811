"""Locate the application's data files (the top-level ``assets/`` folder).

This is the single place that knows where ``assets/`` is, in a source checkout and in a
PyInstaller build. Everything that reads a shipped data file (directory, commitments, rules,
templates...) goes through :func:`asset_path`.

- Source checkout: ``<repository root>/assets``, the root being the parent of ``dispute/``.
- PyInstaller (``sys.frozen`` set): ``<sys._MEIPASS>/assets``. The spec file must therefore
  bundle the folder as ``datas=[("assets", "assets")]``.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path, PurePath

logger = logging.getLogger(__name__)

ASSETS_DIR_NAME = "assets"


class AssetPathError(ValueError):
    """A requested asset path is not a plain relative path inside ``assets/``."""


def asset_root() -> Path:
    """The absolute path of the ``assets/`` folder (it may not exist in a broken install)."""
    if getattr(sys, "frozen", False):
        base = getattr(sys, "_MEIPASS", None)
        if base:
            return Path(base).resolve() / ASSETS_DIR_NAME
        # Other freezers (cx_Freeze...) put data next to the executable.
        return Path(sys.executable).resolve().parent / ASSETS_DIR_NAME
    return Path(__file__).resolve().parent.parent / ASSETS_DIR_NAME


def asset_path(*parts: str) -> Path:
    """The path of a file or folder inside ``assets/``: ``asset_path("directory.json")``.

    Each part may itself contain ``/`` separators (``asset_path("templates/lrar.docx")``).
    Absolute parts and ``..`` are refused (:class:`AssetPathError`): an asset path never
    leaves the assets folder. The file is not required to exist.
    """
    root = asset_root()
    relative = PurePath()
    for part in parts:
        piece = PurePath(part)
        if piece.is_absolute() or piece.drive or piece.root:
            raise AssetPathError(f"Chemin de ressource absolu refusé : {part!r}")
        if any(p == ".." for p in piece.parts):
            raise AssetPathError(f"Chemin de ressource hors du dossier assets refusé : {part!r}")
        relative = relative / piece
    return root / relative

"""The desktop around the application: opening a file or a folder with the user's programs,
choosing a file to save or to open, writing a file atomically with a French error message.

Tests replace the two hooks so that nothing real opens and no modal file chooser can hang:

- ``opener(url: QUrl) -> bool`` (default ``QDesktopServices.openUrl``);
- ``file_picker(parent, mode, caption, suggested, filters) -> Path | None`` where ``mode`` is
  ``"save"`` or ``"open"`` (default: the Qt file dialogs).
"""

from __future__ import annotations

import errno
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from documents.outputs import make_shareable

logger = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("desktop", text)


def _default_opener(url: QUrl) -> bool:
    return QDesktopServices.openUrl(url)


def _default_file_picker(parent: QWidget | None, mode: str, caption: str, suggested: str,
                         filters: str) -> Path | None:
    if mode == "save":
        name, _ = QFileDialog.getSaveFileName(parent, caption, suggested, filters)
    else:
        name, _ = QFileDialog.getOpenFileName(parent, caption, suggested, filters)
    return Path(name) if name else None


opener: Callable[[QUrl], bool] = _default_opener
file_picker: Callable[[QWidget | None, str, str, str, str], Path | None] = _default_file_picker


def open_path(path: Path | str) -> bool:
    """Open a file with the program the system associates with it. False if it failed."""
    path = Path(path)
    ok = bool(opener(QUrl.fromLocalFile(str(path))))
    if not ok:
        logger.warning("Could not open %s with the desktop", path)
    return ok


def open_folder(path: Path | str) -> bool:
    """Open a folder (or the folder that holds a file) in the file manager."""
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    return open_path(folder)


def pick_save_file(parent: QWidget | None, caption: str, suggested: Path | str,
                   filters: str) -> Path | None:
    """The file the user chose to save to (None if cancelled). The extension of the first
    filter is added when the user typed a name without one."""
    chosen = file_picker(parent, "save", caption, str(suggested), filters)
    if chosen is None:
        return None
    chosen = Path(chosen)
    if not chosen.suffix:
        ext = Path(str(suggested)).suffix
        if ext:
            chosen = chosen.with_suffix(ext)
    return chosen


def pick_open_file(parent: QWidget | None, caption: str, folder: Path | str,
                   filters: str) -> Path | None:
    chosen = file_picker(parent, "open", caption, str(folder), filters)
    return Path(chosen) if chosen else None


# --------------------------------------------------------------------------------------------
# Writing files


class WriteError(Exception):
    """A file could not be written; ``message`` is a French sentence. Nothing was replaced."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


def write_error_message(error: OSError, path: Path) -> str:
    """A French sentence for a failed write of ``path``."""
    folder = path.parent
    code = error.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return _tr("Le disque est plein : « {name} » n'a pas pu être enregistré dans "
                   "« {folder} ». Libérez de la place ou choisissez un autre emplacement ; "
                   "aucun fichier n'a été modifié.").format(name=path.name, folder=folder)
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _tr("Vous n'avez pas le droit d'écrire dans le dossier « {folder} » (ou le "
                   "fichier « {name} » est protégé). Choisissez un autre emplacement, par "
                   "exemple vos Documents.").format(name=path.name, folder=folder)
    if code == errno.ENOENT:
        return _tr("Le dossier « {folder} » n'existe pas (clé USB retirée, lecteur réseau "
                   "déconnecté ?). Choisissez un autre emplacement.").format(folder=folder)
    if code in (errno.EBUSY, getattr(errno, "ETXTBSY", -1)):
        return _tr("Le fichier « {name} » est utilisé par un autre programme (ouvert dans "
                   "Word ?). Fermez-le ou choisissez un autre nom.").format(name=path.name)
    return _tr("« {name} » n'a pas pu être enregistré dans « {folder} » ({detail}). "
               "Aucun fichier n'a été modifié.").format(
        name=path.name, folder=folder, detail=error.strerror or error)


def write_file_atomic(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path``: a temporary file in the same folder, flushed to disk, then
    renamed over ``path``. On failure nothing is left behind and a previous file is untouched
    (raises :class:`WriteError`)."""
    path = Path(path)
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        make_shareable(fd)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
    except OSError as error:
        logger.warning("Write of %s failed: %s", path, error)
        raise WriteError(write_error_message(error, path), path) from error
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
    logger.info("Written %s (%d bytes)", path, len(data))
    return path

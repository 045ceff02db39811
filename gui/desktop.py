"""The desktop around the application: opening a file or a folder with the user's programs,
choosing a file to save or to open, writing a file atomically with a French error message.

Tests replace the two hooks so that nothing real opens and no modal file chooser can hang:

- ``opener(url: QUrl) -> bool`` (default ``QDesktopServices.openUrl``);
- ``file_picker(parent, mode, caption, suggested, filters)`` where ``mode`` is ``"save"``,
  ``"open"`` (both return a ``Path`` or None), ``"open_many"`` (a list of paths) or
  ``"folder"`` (a ``Path`` or None); default: :func:`make_file_dialog`.

File dialogs start in the folder last used for the same purpose (letters, exports, exhibits,
imports, the data folder), else in the user's Documents folder, never in the program's folder.
They are Qt's own dialogs, not the system's, so that they speak French (Qt's French
translations are loaded at start-up) whatever the system's language.
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from documents.outputs import replace_atomically

logger = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("desktop", text)


def _default_opener(url: QUrl) -> bool:
    return QDesktopServices.openUrl(url)


# --------------------------------------------------------------------------------------------
# Where file dialogs start

FOLDER_KEYS = {
    "letters": "letters/output_dir",  # letters saved, copies of letters sent
    "exports": "folders/exports",  # dossier zips and email drafts
    "exhibits": "folders/exhibits",  # files attached as exhibits
    "import": "folders/import",  # case files imported
    "data": "folders/data",  # the data folder chosen in Paramètres
}
"""The QSettings key remembering the last folder of each purpose."""
FOLDER_FALLBACKS = {"exports": ("letters",)}
"""A first dossier is proposed next to the letters."""


def documents_folder() -> Path:
    """The user's Documents folder (the home folder when there is none)."""
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


def start_folder(purpose: str) -> Path:
    """The folder a file dialog for ``purpose`` starts in: the last one used for it if it
    still exists, else the Documents folder."""
    for key in (purpose, *FOLDER_FALLBACKS.get(purpose, ())):
        value = QSettings().value(FOLDER_KEYS[key], "")
        if value and Path(str(value)).is_dir():
            return Path(str(value))
    return documents_folder()


def remember_folder(purpose: str, path: Path | str) -> None:
    """Remember the folder of ``path`` (a file, or a folder) for the next dialog of
    ``purpose``."""
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    QSettings().setValue(FOLDER_KEYS[purpose], str(folder))


def make_file_dialog(parent: QWidget | None, mode: str, caption: str, suggested: str,
                     filters: str) -> QFileDialog:
    """Qt's own file dialog (French with Qt's translations, unlike a system dialog in
    another language), in ``mode`` ("save", "open", "open_many", "folder")."""
    from gui.screens import fit_to_screen

    dialog = QFileDialog(parent, caption)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    fit_to_screen(dialog, 900, 560)  # long French file names shown whole, not « P01_Lett… »
    if mode == "save":
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    elif mode == "open_many":
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    elif mode == "folder":
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    if filters and mode != "folder":
        dialog.setNameFilters(filters.split(";;"))
    suggested_path = Path(suggested) if suggested else None
    if suggested_path is not None and (mode == "folder" or suggested_path.is_dir()):
        dialog.setDirectory(str(suggested_path))
    elif suggested_path is not None:
        dialog.setDirectory(str(suggested_path.parent))
        if mode == "save":
            dialog.selectFile(suggested_path.name)
    return dialog


def _default_file_picker(parent: QWidget | None, mode: str, caption: str, suggested: str,
                         filters: str):
    dialog = make_file_dialog(parent, mode, caption, suggested, filters)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return [] if mode == "open_many" else None
        names = dialog.selectedFiles()
    finally:
        dialog.deleteLater()
    if mode == "open_many":
        return [Path(n) for n in names]
    return Path(names[0]) if names else None


opener: Callable[[QUrl], bool] = _default_opener
file_picker: Callable[[QWidget | None, str, str, str, str], object] = _default_file_picker


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
                   filters: str, purpose: str = "letters") -> Path | None:
    """The file the user chose to save to (None if cancelled). A bare file name is proposed
    in the folder of ``purpose``. The extension of the suggested name is added when the user
    typed a name without one. The chosen folder is remembered for ``purpose``."""
    suggested = Path(suggested)
    if not suggested.is_absolute():
        suggested = start_folder(purpose) / suggested
    chosen = file_picker(parent, "save", caption, str(suggested), filters)
    if chosen is None:
        return None
    chosen = Path(chosen)
    if not chosen.suffix:
        ext = suggested.suffix
        if ext:
            chosen = chosen.with_suffix(ext)
    remember_folder(purpose, chosen.parent)
    return chosen


def pick_open_file(parent: QWidget | None, caption: str, folder: Path | str | None,
                   filters: str, purpose: str = "letters") -> Path | None:
    """The file the user chose to open (None if cancelled), starting in ``folder`` or the
    folder of ``purpose``; the chosen folder is remembered for ``purpose``."""
    start = Path(folder) if folder else start_folder(purpose)
    chosen = file_picker(parent, "open", caption, str(start), filters)
    if not chosen:
        return None
    remember_folder(purpose, Path(chosen).parent)
    return Path(chosen)


def pick_open_files(parent: QWidget | None, caption: str, filters: str,
                    purpose: str = "exhibits") -> list[Path]:
    """The files the user chose (none if cancelled), starting in the folder of ``purpose``."""
    chosen = file_picker(parent, "open_many", caption, str(start_folder(purpose)), filters)
    paths = [Path(p) for p in (chosen or [])]
    if paths:
        remember_folder(purpose, paths[0].parent)
    return paths


def pick_folder(parent: QWidget | None, caption: str, current: Path | str | None = None,
                purpose: str = "data") -> Path | None:
    """A folder the user chose (None if cancelled), starting at ``current`` if it exists."""
    start = Path(current) if current and Path(current).is_dir() else start_folder(purpose)
    chosen = file_picker(parent, "folder", caption, str(start), "")
    if not chosen:
        return None
    remember_folder(purpose, chosen)
    return Path(chosen)


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
    try:
        replace_atomically(path, data)
    except OSError as error:
        logger.warning("Write of %s failed: %s", path, error)
        raise WriteError(write_error_message(error, path), path) from error
    logger.info("Written %s (%d bytes)", path, len(data))
    return path

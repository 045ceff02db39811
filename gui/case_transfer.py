"""Passing a case to another computer.

« Exporter le dossier pour un autre poste… » (main window, « Fichier ») writes the case file —
``case.json`` and its exhibits, in a zip — that « Importer un dossier » reads back. The
dossier made for the mediator or the CPME (« Exporter le dossier » in the case window) is a
transmission: letters and exhibits, no case file; importing one now says so in plain words
instead of « case.json introuvable ».
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import zipfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from gui import desktop, dialogs

logger = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("case_transfer", text)


def is_transmission_zip(path: Path) -> bool:
    """Whether ``path`` is a zip holding no case file (a dossier made for the mediator or the
    CPME, or any other zip). An unreadable zip is left to the import's own message."""
    from store.casefile import CASE_JSON

    if path.suffix.lower() != ".zip" or not path.is_file():
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return not any(name.rsplit("/", 1)[-1] == CASE_JSON for name in names)


def transmission_message(path: Path) -> str:
    return _tr(
        "« {name} » est un dossier de transmission (courriers et pièces préparés pour le "
        "médiateur ou la CPME) : il ne contient pas le dossier lui-même et ne peut pas être "
        "importé.\n\nPour passer un dossier à un autre poste : sur le poste qui l'a, "
        "sélectionnez-le dans la liste, puis « Fichier › Exporter le dossier pour un autre "
        "poste… », et importez ici le fichier obtenu.").format(name=path.name)


def transfer_file_name(subscriber_name: str, today: date) -> str:
    from dispute.filenames import fit_filename

    name = subscriber_name.strip() or "sans nom"
    # a long name is shortened after a whole word, the date kept; no emoji in a name sent on
    # (fresh-eyes 16)
    return fit_filename(["Dossier Recours Télécom", name, f"{today:%Y-%m-%d}"], shorten=1,
                        extension=".zip", pictographs=False)


def export_for_transfer(parent: QWidget | None, store, case_id: str,
                        today: date | None = None) -> Path | None:
    """Ask where, then write the case and its exhibits as a zip that « Importer un dossier »
    reads back. A file chosen over an existing one replaces it only once the new one is
    complete. Returns the path, or None (cancelled or failed, with a message)."""
    from store.casefile import CaseFileError, export_case
    from store.errors import StoreError

    try:
        case = store.load_case(case_id)
    except StoreError as exc:
        dialogs.critical(parent, _tr("Export impossible"), exc.message)
        return None
    suggested = transfer_file_name(case.subscriber.name, today or date.today())
    path = desktop.pick_save_file(parent, _tr("Exporter le dossier pour un autre poste"),
                                  suggested, _tr("Dossier Recours Télécom (*.zip)"),
                                  purpose="exports")
    if path is None:
        return None
    if path.suffix.lower() != ".zip":
        path = path.with_name(path.name + ".zip")
    work: Path | None = None
    try:
        work = Path(tempfile.mkdtemp(prefix=".export-", dir=path.parent))
        written = export_case(store, case_id, work / path.name)
        os.replace(written, path)
    except (CaseFileError, StoreError) as exc:
        dialogs.critical(parent, _tr("Export impossible"),
                         getattr(exc, "message", None) or str(exc))
        return None
    except OSError as exc:
        dialogs.critical(parent, _tr("Export impossible"),
                         desktop.write_error_message(exc, path))
        return None
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    logger.info("Case %s exported for another computer to %s", case_id, path)
    dialogs.information(parent, _tr("Dossier exporté"), _tr(
        "Dossier exporté, avec ses pièces : {path}\n\nSur l'autre poste : « Fichier › "
        "Importer un dossier… », puis choisissez ce fichier.").format(path=path))
    return path

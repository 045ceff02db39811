"""Preview and print generated PDFs at true scale.

Qt Essentials has no PDF module, so pages are rasterised with pypdfium2 (imported only here,
when first needed) and painted on the printer's full page: one PDF millimetre is one paper
millimetre, so the recipient block lands in the envelope window. The printer must not scale
("Ajuster à la page" off): we paint on the whole paper rectangle, not the printable area.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QLineEdit, QWidget

logger = logging.getLogger(__name__)

PRINT_DPI = 300
PRINT_DIALOG_WIDTH = 640

exec_dialog_hook: Callable[[QPrintDialog], int] | None = None
"""Tests set this to answer the print dialog (e.g. choose a PDF file and accept)."""

PDFIUM_LOCK = threading.RLock()
"""pypdfium2 is not thread-safe: every call into it here holds this lock (re-entrant), so a
preview rendered in a worker and a print in the GUI thread never overlap."""


class PrintError(Exception):
    """A PDF could not be rendered or printed; ``str(exc)`` is a French message."""


def render_pages(pdf: bytes, dpi: int = 110, first: int = 0,
                 last: int | None = None) -> list[QImage]:
    """The pages of ``pdf`` as images (``dpi`` pixels per inch)."""
    import pypdfium2 as pdfium  # heavy: loaded on first preview or print

    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError as exc:
            raise PrintError(f"Le document PDF n'a pas pu être lu : {exc}") from exc
        return _render(document, dpi, first, last)


def _render(document, dpi: int, first: int, last: int | None) -> list[QImage]:
    images: list[QImage] = []
    try:
        stop = len(document) if last is None else min(last + 1, len(document))
        for index in range(first, stop):
            page = document[index]
            bitmap = page.render(scale=dpi / 72)
            pil = bitmap.to_pil().convert("RGB")
            data = pil.tobytes("raw", "RGB")
            image = QImage(data, pil.width, pil.height, pil.width * 3,
                           QImage.Format.Format_RGB888).copy()  # copy: own the buffer
            image.setDotsPerMeterX(round(dpi / 0.0254))
            image.setDotsPerMeterY(round(dpi / 0.0254))
            images.append(image)
    finally:
        document.close()
    return images


def page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf)
        try:
            return len(document)
        finally:
            document.close()


def configure_a4(printer: QPrinter, title: str) -> None:
    printer.setDocName(title)
    printer.setFullPage(True)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                      QPageLayout.Orientation.Portrait,
                                      QMarginsF(0, 0, 0, 0)))


def paint_pdf(printer: QPrinter, pdf: bytes,
              progress: Callable[[int, int], None] | None = None) -> int:
    """Paint every page of ``pdf`` on ``printer`` at true scale. Returns the page count."""
    total = page_count(pdf)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError("L'imprimante n'a pas pu être ouverte. Vérifiez qu'elle est "
                         "allumée et disponible, puis réessayez.")
    try:
        paper = printer.paperRect(QPrinter.Unit.DevicePixel)
        for index in range(total):
            if index:
                printer.newPage()
            image = render_pages(pdf, dpi=PRINT_DPI, first=index, last=index)[0]
            # A4 in device pixels: the image is drawn on the whole sheet, no scaling to fit.
            size_mm = QSizeF(image.width() / PRINT_DPI * 25.4, image.height() / PRINT_DPI * 25.4)
            target = QRectF(paper.left(), paper.top(),
                            size_mm.width() / 25.4 * printer.resolution(),
                            size_mm.height() / 25.4 * printer.resolution())
            painter.drawImage(target, image)
            if progress:
                progress(index + 1, total)
    finally:
        painter.end()
    return total


PRINT_NAME_CHARS = 120
"""The file name proposed by « Imprimer dans un fichier », « .pdf » included."""


def propose_output_file(dialog: QPrintDialog, title: str, purpose: str) -> Path:
    """« Imprimer dans un fichier » proposes ``title``.pdf in the folder last used for
    ``purpose`` (else the Documents folder), like the other file dialogs — not Qt's choice,
    the home or the program's folder. Returns the path proposed."""
    from dispute.filenames import safe_filename
    from gui.desktop import start_folder

    # the whole title (a letter's stem is up to 110 characters), cut after a whole word if
    # longer: never « … - élodie Lefèvr.pdf » (lead-drive 12)
    proposed = start_folder(purpose) / safe_filename(f"{title}.pdf", max_length=PRINT_NAME_CHARS)
    field = dialog.findChild(QLineEdit, "filename")  # Qt's own dialog (Linux); none elsewhere
    if field is not None:
        field.setText(str(proposed))
        hint = dialog.sizeHint()  # room for the path, not « …3/home/Documents/Page de… »
        dialog.resize(max(hint.width(), PRINT_DIALOG_WIDTH), hint.height())
    return proposed


def printed_to_file(printer: QPrinter) -> Path | None:
    """The PDF file the user printed to (« Imprimer dans un fichier »), if any."""
    name = printer.outputFileName()
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and name:
        return Path(name)
    return None


@dataclass(frozen=True)
class Printed:
    """What a print did: ``file`` is the PDF written (« Imprimer dans un fichier »), None
    when the pages went to a printer."""

    file: Path | None = None


def print_pdf(parent: QWidget | None, pdf: bytes, title: str,
              exec_dialog: Callable[[QPrintDialog], int] | None = None,
              purpose: str = "letters") -> Printed | None:
    """Show the system print dialog and print ``pdf`` at true scale. Printing to a file
    starts in, and remembers, the folder of ``purpose`` (``gui.desktop``), and writes
    ``pdf`` itself — the same pages, text selectable, a few kilobytes — rather than the
    pictures of its pages sent to a printer (unless only some pages or several copies were
    asked for).

    Returns None when the user cancels. ``exec_dialog`` replaces ``dialog.exec()`` in tests.
    """
    from gui.desktop import WriteError, remember_folder, write_file_atomic

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    configure_a4(printer, title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(parent.tr("Imprimer « %1 »").replace("%1", title)
                          if parent else title)
    propose_output_file(dialog, title, purpose)
    accepted = (exec_dialog or exec_dialog_hook or (lambda d: d.exec()))(dialog)
    if accepted != QDialog.DialogCode.Accepted:
        return None
    target = printed_to_file(printer)
    whole = (printer.printRange() == QPrinter.PrintRange.AllPages
             and printer.copyCount() == 1)
    if target is not None and whole:
        try:
            write_file_atomic(target, pdf)
        except WriteError as exc:
            raise PrintError(exc.message) from exc
    else:
        paint_pdf(printer, pdf)
    if target is not None:
        remember_folder(purpose, target.parent)
    return Printed(target)

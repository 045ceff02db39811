"""Printing keeps true scale: what reaches the paper is the PDF, millimetre for millimetre."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pdfium = pytest.importorskip("pypdfium2")

from PySide6.QtPrintSupport import QPrinter  # noqa: E402

from documents.calibration import calibration_pdf_bytes  # noqa: E402
from gui.printing import configure_a4, paint_pdf  # noqa: E402

DPI = 100


def _ink_boxes(pdf: bytes):
    """Bounding boxes (mm) of the ink in three bands of the page (text, window, instructions),
    leaving out the faint fold marks at the sheet's edges."""
    document = pdfium.PdfDocument(pdf)
    image = document[0].render(scale=DPI / 72).to_pil().convert("L")
    document.close()
    ink = image.point(lambda v: 255 if v < 160 else 0)
    px = DPI / 25.4
    boxes = []
    left_mm = 15
    for top_mm, bottom_mm in [(0, 35), (40, 90), (110, 190)]:
        band = ink.crop((int(left_mm * px), int(top_mm * px), ink.width, int(bottom_mm * px)))
        left, top, right, bottom = band.getbbox()
        boxes.append((left / px + left_mm, top / px + top_mm, right / px + left_mm,
                      bottom / px + top_mm))
    return image.size, boxes


def test_printed_pdf_matches_the_original_at_true_scale(qtbot, tmp_path):
    original = calibration_pdf_bytes()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    configure_a4(printer, "Calibrage")
    assert paint_pdf(printer, original) == 1

    size_before, before = _ink_boxes(original)
    size_after, after = _ink_boxes(out.read_bytes())
    assert size_before == size_after  # the same A4 sheet
    # The same drawing lands in the same place, within a millimetre: a print scaled to the
    # printable area or shifted by margins would move the edges by several millimetres.
    for a, b in zip(before, after):
        assert all(abs(p - q) <= 1.0 for p, q in zip(a, b)), (a, b)


def test_print_to_a_file_starts_in_the_purpose_folder_and_remembers_it(qtbot, tmp_path,
                                                                        monkeypatch):
    """« Imprimer dans un fichier » proposes the letter's name in the folder last used for
    letters (else Documents), never the home folder; the folder printed to is remembered."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit

    from gui import desktop
    from gui.printing import print_pdf

    for key in desktop.FOLDER_KEYS.values():
        QSettings().remove(key)
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(desktop, "documents_folder", lambda: documents)
    pdf = calibration_pdf_bytes()
    seen: list[str] = []

    def as_the_user(dialog):  # the dialog shown, « Imprimer dans un fichier » chosen, OK
        dialog.show()
        printers = dialog.findChild(QComboBox, "printers")
        printers.setCurrentIndex(printers.count() - 1)
        field = dialog.findChild(QLineEdit, "filename")
        seen.append(field.text())
        if chosen:
            field.setText(str(chosen.pop()))
        dialog.accept()
        return QDialog.DialogCode.Accepted

    chosen: list = []
    try:
        assert print_pdf(None, pdf, "P01_Lettre SFR: « mise en demeure »", as_the_user)
        assert Path(seen[-1]).parent == documents  # not the home folder
        assert Path(seen[-1]).name.startswith("P01_Lettre SFR") and seen[-1].endswith(".pdf")
        assert Path(seen[-1]).read_bytes() == pdf  # printed where proposed: the PDF itself,
        # its text selectable, not pictures of its pages (742 Ko for the calibration page)
        letters = tmp_path / "Courriers envoyés"
        letters.mkdir()
        chosen.append(letters / "copie.pdf")
        assert print_pdf(None, pdf, "Page de calibrage", as_the_user)
        assert (letters / "copie.pdf").is_file()
        assert print_pdf(None, pdf, "Page de calibrage", as_the_user)
        assert seen[-1] == str(letters / "Page de calibrage.pdf")  # where the last one went
    finally:
        for key in desktop.FOLDER_KEYS.values():
            QSettings().remove(key)


def test_printing_some_pages_to_a_file_paints_them(qtbot, tmp_path):
    """Only some pages, or several copies: the pages are painted as for a printer."""
    from PySide6.QtWidgets import QDialog

    from gui.printing import print_pdf

    out = tmp_path / "page.pdf"

    def two_copies(dialog):
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setCopyCount(2)
        return QDialog.DialogCode.Accepted

    pdf = calibration_pdf_bytes()
    printed = print_pdf(None, pdf, "Page de calibrage", two_copies)
    assert printed is not None and printed.file == out
    assert out.is_file() and out.read_bytes() != pdf
    assert print_pdf(None, pdf, "Page", lambda d: QDialog.DialogCode.Rejected) is None

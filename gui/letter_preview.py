"""A generated letter, previewed in the application before it is printed or saved.

:func:`generate_letter` (run in a worker thread by the case window) composes the letter with
the office's letter settings, renders it as PDF and DOCX and rasterises the PDF pages
(``gui.printing.render_pages``). :class:`LetterPreview` shows those pages with zoom and
« Page x / y », the composer's warnings, and offers:

- « Imprimer… » (Ctrl+P): the system print dialog, true scale (``gui.printing.print_pdf``), so
  the address lands in the envelope window;
- « Enregistrer en Word… » / « Enregistrer en PDF… »: a file chooser (``gui.desktop``), written
  atomically (temporary file, then rename); the folder is remembered for next time;
- « Ouvrir le dossier de sortie »;
- « Enregistrer l'envoi recommandé… »: asks the case window to record the LRAR, with the PDF
  just saved as the copy of the letter.

Tests: ``print_exec_dialog`` replaces ``QPrintDialog.exec`` (set the printer to PDF output and
return Accepted), ``gui.desktop.file_picker`` replaces the file chooser.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QImage, QKeySequence, QPixmap
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui import desktop, dialogs
from gui.screens import fit_to_screen
from gui.widgets import InlineMessage
from gui.workers import PDFIUM_LOCK

logger = logging.getLogger(__name__)

OUTPUT_DIR_KEY = desktop.FOLDER_KEYS["letters"]
PREVIEW_DPI = 150
SCREEN_DPI = 96  # 100 % = the page at its real size on an ordinary screen
ZOOM_LEVELS = (0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0)

print_exec_dialog: Callable[[QPrintDialog], int] | None = None
"""Replaces ``QPrintDialog.exec()`` (tests)."""


# --------------------------------------------------------------------------------------------
# Generation (worker thread: no widget here)


LETTER_STEM_CHARS = 110
"""A letter's file name without its extension (« 2026-12-03 Saisine du Médiateur … - Nom »)."""


@dataclass
class GeneratedLetter:
    kind: object  # documents.letters.LetterKind
    label: str
    composed: object  # documents.letters.ComposedLetter
    pdf: bytes
    docx: bytes
    warnings: tuple[str, ...]
    pages: list[QImage] = field(default_factory=list)
    file_stem: str = "courrier"
    postal: bool = True


def _stem(composed, kind_label: str, subscriber: str) -> str:
    from dispute.filenames import fit_filename

    day = composed.letter.date.isoformat() if composed.letter.date else "sans-date"
    # the date and the letter's kind kept whole, the subscriber's name shortened after a whole
    # word when needed (lead-drive 12: « … - élodie Lefèvr.pdf »)
    return fit_filename([f"{day} {kind_label}", subscriber], shorten=1,
                        max_length=LETTER_STEM_CHARS)


def generate_letter(kind, case, assessment, settings, today: date,
                    progress=None, cancelled=None) -> GeneratedLetter:
    """Compose ``kind`` and render it (PDF, DOCX, page images). Thread-safe: no widget."""
    from documents.letters import compose_letter
    from documents.letters.output import composed_docx_bytes, composed_pdf_bytes
    from gui.printing import render_pages
    from gui.workers import TaskCancelled

    def step(n: int, text: str) -> None:
        if cancelled is not None and cancelled():
            raise TaskCancelled()
        if progress is not None:
            progress(n, 4, text)

    step(0, "Rédaction")
    composed = compose_letter(kind, case, assessment, settings, today)
    geometry = getattr(settings, "geometry", None)
    step(1, "PDF")
    pdf, info = composed_pdf_bytes(composed, geometry)
    step(2, "Word")
    docx, _docx_info = composed_docx_bytes(composed, geometry)
    step(3, "Aperçu")
    with PDFIUM_LOCK:
        pages = render_pages(pdf, dpi=PREVIEW_DPI)
    from documents.chronology import human_sources

    # Sources in human form (a document's title, never « seeds/000 »).
    warnings = tuple(dict.fromkeys(human_sources(w) for w in (*composed.warnings,
                                                               *info.warnings)))
    label = composed.label  # the engine's label for this case (review4 R1)
    return GeneratedLetter(composed.kind, label, composed, pdf, docx, warnings, pages,
                           _stem(composed, label, case.subscriber.name), composed.postal)


# --------------------------------------------------------------------------------------------
# Output folder


def last_output_dir() -> Path:
    """Where letters are saved: the folder used last, else the Documents folder."""
    return desktop.start_folder("letters")


def remember_output_dir(folder: Path) -> None:
    desktop.remember_folder("letters", folder)


def has_output_dir() -> bool:
    value = QSettings().value(OUTPUT_DIR_KEY, "")
    return bool(value) and Path(str(value)).is_dir()


# --------------------------------------------------------------------------------------------
# The preview


class _Page(QLabel):
    def __init__(self, image: QImage, number: int, total: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.image = image
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFrameShape(QFrame.Shape.Box)
        self.setStyleSheet("background: white; border: 1px solid #9aa0a6;")
        self.setAccessibleName(parent.tr("Page {n} sur {t}").format(n=number, t=total))

    def set_width(self, width: int) -> None:
        scaled = self.image.scaledToWidth(max(50, width),
                                          Qt.TransformationMode.SmoothTransformation)
        self.setPixmap(QPixmap.fromImage(scaled))
        self.setFixedSize(scaled.width() + 2, scaled.height() + 2)


class LetterPreview(QDialog):
    """Non-modal window: the pages of one generated letter, and what to do with it."""

    saved = Signal(str)  # path of a file written
    postingRequested = Signal(str, str)  # noqa: N815 - (letter kind value, saved PDF path or "")

    def __init__(self, generated: GeneratedLetter, parent: QWidget | None = None,
                 *, case_title: str = "") -> None:
        super().__init__(parent)
        self.generated = generated
        self.last_pdf: Path | None = None
        self.last_docx: Path | None = None
        title = generated.label + (f" — {case_title}" if case_title else "")
        self.setWindowTitle(self.tr("Aperçu : {title}").format(title=title))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        fit_to_screen(self, 980, 900)

        # Warnings of the composer and of the renderer (never printed on the letter).
        self.warnings = InlineMessage(self, lines=0)
        if generated.warnings:
            lines = [self.tr("À vérifier avant l'envoi :")]
            from documents.chronology import human_sources

            lines += [f"• {human_sources(w)}" for w in generated.warnings]
            self.warnings.set_message("\n".join(lines), "warning")
            self.warnings.setAccessibleName(self.tr("Avertissements du courrier"))

        # Toolbar: zoom and pages.
        self.zoom_out_button = QToolButton(self)
        self.zoom_out_button.setText(self.tr("Zoom −"))
        self.zoom_in_button = QToolButton(self)
        self.zoom_in_button.setText(self.tr("Zoom +"))
        self.fit_button = QToolButton(self)
        self.fit_button.setText(self.tr("&Pleine largeur"))
        self.zoom_label = QLabel(self)
        self.prev_button = QToolButton(self)
        self.prev_button.setText(self.tr("◀ Page précédente"))
        self.next_button = QToolButton(self)
        self.next_button.setText(self.tr("Page suivante ▶"))
        self.page_label = QLabel(self)
        for widget, name in ((self.zoom_out_button, "Réduire le zoom"),
                             (self.zoom_in_button, "Agrandir le zoom"),
                             (self.fit_button, "Zoom à la largeur de la fenêtre"),
                             (self.prev_button, "Page précédente"),
                             (self.next_button, "Page suivante")):
            widget.setAccessibleName(self.tr(name))
            widget.setToolTip(self.tr(name))
        self.zoom_out_button.setShortcut(QKeySequence.StandardKey.ZoomOut)
        self.zoom_in_button.setShortcut(QKeySequence.StandardKey.ZoomIn)
        self.prev_button.setShortcut(QKeySequence(Qt.Key.Key_PageUp))
        self.next_button.setShortcut(QKeySequence(Qt.Key.Key_PageDown))
        bar = QHBoxLayout()
        bar.addWidget(self.zoom_out_button)
        bar.addWidget(self.zoom_label)
        bar.addWidget(self.zoom_in_button)
        bar.addWidget(self.fit_button)
        bar.addStretch(1)
        bar.addWidget(self.prev_button)
        bar.addWidget(self.page_label)
        bar.addWidget(self.next_button)

        # Pages.
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll.setAccessibleName(self.tr("Pages du courrier"))
        self.scroll.setStyleSheet("QScrollArea { background: #e8eaed; }")
        holder = QWidget()
        holder.setStyleSheet("background: #e8eaed;")
        self.pages_layout = QVBoxLayout(holder)
        self.pages_layout.setSpacing(16)
        self.pages_layout.setContentsMargins(16, 16, 16, 16)
        total = len(generated.pages)
        self.page_widgets = [_Page(img, i + 1, total, self) for i, img in
                             enumerate(generated.pages)]
        for page in self.page_widgets:
            self.pages_layout.addWidget(page, 0, Qt.AlignmentFlag.AlignHCenter)
        self.pages_layout.addStretch(1)
        self.scroll.setWidget(holder)
        self.scroll.verticalScrollBar().valueChanged.connect(self._update_page_label)

        # Actions.
        self.print_button = QPushButton(self.tr("&Imprimer…"), self)
        self.print_button.setToolTip(self.tr("Imprimer à taille réelle (Ctrl+P) : l'adresse "
                                             "tombe dans la fenêtre de l'enveloppe."))
        self.docx_button = QPushButton(self.tr("Enregistrer en &Word…"), self)
        self.pdf_button = QPushButton(self.tr("Enregistrer en P&DF…"), self)
        self.folder_button = QPushButton(self.tr("&Ouvrir le dossier de sortie"), self)
        self.posting_button = QPushButton(self.tr("Enregistrer l'&envoi recommandé…"), self)
        self.posting_button.setToolTip(self.tr(
            "Après avoir posté la lettre : notez le numéro de suivi et la date de dépôt."))
        self.close_button = QPushButton(self.tr("&Fermer"), self)
        for button, name in ((self.print_button, "Imprimer le courrier"),
                             (self.docx_button, "Enregistrer le courrier en Word"),
                             (self.pdf_button, "Enregistrer le courrier en PDF"),
                             (self.folder_button, "Ouvrir le dossier de sortie"),
                             (self.posting_button, "Enregistrer l'envoi recommandé"),
                             (self.close_button, "Fermer l'aperçu")):
            button.setAccessibleName(self.tr(name))
            button.setAutoDefault(False)
        self.posting_button.setVisible(generated.postal)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.docx_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        buttons.addWidget(self.posting_button)
        buttons.addWidget(self.close_button)

        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint = QLabel(self.tr(
            "À l'impression, gardez l'échelle à 100 % (« Taille réelle », sans « Ajuster à la "
            "page ») pour que l'adresse apparaisse dans la fenêtre de l'enveloppe."), self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #5f6368;")

        layout = QVBoxLayout(self)
        layout.addWidget(self.warnings)
        layout.addLayout(bar)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(hint)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        self.print_action = QAction(self.tr("Imprimer…"), self)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.print_action.triggered.connect(self.print_letter)
        self.addAction(self.print_action)

        self.print_button.clicked.connect(self.print_letter)
        self.docx_button.clicked.connect(lambda: self.save_as("docx"))
        self.pdf_button.clicked.connect(lambda: self.save_as("pdf"))
        self.folder_button.clicked.connect(self.open_output_folder)
        self.posting_button.clicked.connect(self._request_posting)
        self.close_button.clicked.connect(self.close)
        self.zoom_in_button.clicked.connect(lambda: self._step_zoom(+1))
        self.zoom_out_button.clicked.connect(lambda: self._step_zoom(-1))
        self.fit_button.clicked.connect(self.fit_width)
        self.prev_button.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        self.next_button.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))

        self.zoom = 1.0
        self.set_zoom(1.0)
        self.folder_button.setEnabled(has_output_dir())
        if not generated.postal:
            self.status.setText(self.tr("Ce courrier s'envoie par courriel à la CPME : "
                                        "enregistrez-le en PDF pour le joindre."))

    # -- pages and zoom -----------------------------------------------------------------------

    def page_count(self) -> int:
        return len(self.page_widgets)

    def set_zoom(self, zoom: float) -> None:
        self.zoom = max(ZOOM_LEVELS[0], min(zoom, 3.0))
        width = round(210 / 25.4 * SCREEN_DPI * self.zoom)
        for page in self.page_widgets:
            page.set_width(width)
        self.zoom_label.setText(f"{round(self.zoom * 100)} %")
        self.zoom_label.setAccessibleName(self.tr("Zoom {z} %").format(z=round(self.zoom * 100)))
        self.zoom_out_button.setEnabled(self.zoom > ZOOM_LEVELS[0] + 1e-6)
        self.zoom_in_button.setEnabled(self.zoom < ZOOM_LEVELS[-1] - 1e-6)
        self._update_page_label()

    def _step_zoom(self, direction: int) -> None:
        if direction > 0:
            bigger = [z for z in ZOOM_LEVELS if z > self.zoom + 1e-6]
            self.set_zoom(bigger[0] if bigger else ZOOM_LEVELS[-1])
        else:
            smaller = [z for z in ZOOM_LEVELS if z < self.zoom - 1e-6]
            self.set_zoom(smaller[-1] if smaller else ZOOM_LEVELS[0])

    def fit_width(self) -> None:
        available = self.scroll.viewport().width() - 40
        self.set_zoom(available / (210 / 25.4 * SCREEN_DPI))

    def current_page(self) -> int:
        """1-based number of the page at the middle of the view."""
        if not self.page_widgets:
            return 0
        middle = self.scroll.verticalScrollBar().value() + self.scroll.viewport().height() // 2
        for index, page in enumerate(self.page_widgets):
            if page.y() + page.height() + 8 >= middle:
                return index + 1
        return len(self.page_widgets)

    def go_to_page(self, number: int) -> None:
        if not self.page_widgets:
            return
        number = max(1, min(number, len(self.page_widgets)))
        page = self.page_widgets[number - 1]
        self.scroll.verticalScrollBar().setValue(max(0, page.y() - 8))
        self._update_page_label(page=number)

    def _update_page_label(self, *_args, page: int | None = None) -> None:
        total = len(self.page_widgets)
        current = page if page is not None else self.current_page()
        self.page_label.setText(self.tr("Page {n} / {t}").format(n=current, t=total))
        self.prev_button.setEnabled(current > 1)
        self.next_button.setEnabled(current < total)

    # -- printing -----------------------------------------------------------------------------

    def print_letter(self) -> bool:
        from gui.printing import PrintError, print_pdf

        title = self.generated.file_stem
        try:
            with PDFIUM_LOCK:
                done = print_pdf(self, self.generated.pdf, title, exec_dialog=print_exec_dialog)
        except PrintError as exc:
            dialogs.critical(self, self.tr("Impression impossible"), str(exc))
            return False
        if done is not None and done.file is not None:
            self.status.setText(self.tr("Courrier enregistré dans « {path} » ({n} page(s)). "
                                        "Imprimez-le à 100 % (sans « Ajuster à la page »).")
                                .format(path=done.file, n=self.page_count()))
        elif done is not None:
            self.status.setText(self.tr("Courrier envoyé à l'imprimante ({n} page(s)). Après "
                                        "l'avoir posté, enregistrez l'envoi recommandé.").format(
                n=self.page_count()))
        return done is not None

    # -- saving -------------------------------------------------------------------------------

    def save_as(self, fmt: str) -> Path | None:
        if fmt == "docx":
            data = self.generated.docx
            caption = self.tr("Enregistrer le courrier en Word")
            filters = self.tr("Document Word (*.docx)")
        else:
            data = self.generated.pdf
            caption = self.tr("Enregistrer le courrier en PDF")
            filters = self.tr("Document PDF (*.pdf)")
        suggested = last_output_dir() / f"{self.generated.file_stem}.{fmt}"
        path = desktop.pick_save_file(self, caption, suggested, filters)
        if path is None:
            return None
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(path.name + f".{fmt}")
        try:
            desktop.write_file_atomic(path, data)
        except desktop.WriteError as exc:
            dialogs.critical(self, self.tr("Enregistrement impossible"), exc.message)
            return None
        remember_output_dir(path.parent)
        self.folder_button.setEnabled(True)
        if fmt == "pdf":
            self.last_pdf = path
        else:
            self.last_docx = path
        self.status.setText(self.tr("Enregistré : {path}").format(path=path))
        self.saved.emit(str(path))
        return path

    def open_output_folder(self) -> None:
        folder = (self.last_pdf or self.last_docx)
        target = folder.parent if folder else last_output_dir()
        if not desktop.open_folder(target):
            dialogs.critical(self, self.tr("Ouverture impossible"), self.tr(
                "Le dossier « {folder} » n'a pas pu être ouvert.").format(folder=target))

    def _request_posting(self) -> None:
        kind = getattr(self.generated.kind, "value", str(self.generated.kind))
        self.postingRequested.emit(kind, str(self.last_pdf) if self.last_pdf else "")

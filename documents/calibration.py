"""Calibration page for the envelope window (PDF).

The user prints this page at 100 %, folds it along the marks, slips it into one of the
office's window envelopes and reads, through the window, the graduations at the window's
edges. Those readings are the ``window_left_mm`` / ``window_top_mm`` (and size) settings of
:class:`~documents.layout.LetterGeometry`. The page shows:

- the window as currently set (dashed rectangle, with its offsets written next to it) and the
  address area inside it (grey rectangle, with a sample address);
- a horizontal ruler crossing the window at mid-height and a vertical ruler crossing it at
  mid-width, graduated in millimetres **from the sheet's left and top edges**;
- a 100 mm control bar to check that the printer did not scale the page;
- the fold marks and the instructions (on the lower part of the sheet, inside the envelope).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from documents import fonts
from documents.layout import DEFAULT_GEOMETRY, LetterGeometry

SAMPLE_ADDRESS = (
    "Service Clients Exemple",
    "Bâtiment B",
    "TSA 00000",
    "75000 PARIS CEDEX 00",
)

INSTRUCTIONS = (
    "Réglage de la fenêtre d'enveloppe",
    "1. Imprimez cette page en taille réelle (100 %, sans « ajuster à la page »). "
    "La barre de contrôle doit mesurer exactement 100 mm.",
    "2. Pliez la feuille en trois en suivant les repères de pliage (99 mm et 198 mm), "
    "adresse vers l'extérieur, et glissez-la dans une enveloppe à fenêtre de votre stock.",
    "3. Tapotez l'enveloppe pour que la feuille descende au fond, comme au courrier.",
    "4. Lisez à travers la fenêtre les graduations visibles aux bords : la règle horizontale "
    "donne la position des bords gauche et droit de la fenêtre, la règle verticale celle "
    "des bords haut et bas, en millimètres depuis les bords de la feuille.",
    "5. Reportez ces valeurs dans les paramètres des courriers (fenêtre : bord gauche, "
    "bord haut, largeur, hauteur), puis imprimez à nouveau cette page pour vérifier que "
    "l'adresse d'exemple est entièrement visible.",
)


def _ruler_h(c: Canvas, page_h: float, y_mm: float, x0: float, x1: float) -> None:
    y = page_h - y_mm * mm
    c.setLineWidth(0.3)
    c.line(x0 * mm, y, x1 * mm, y)
    for x in range(int(x0), int(x1) + 1):
        length = 3.0 if x % 10 == 0 else (2.0 if x % 5 == 0 else 1.0)
        c.line(x * mm, y, x * mm, y + length * mm)
        if x % 10 == 0:
            c.drawCentredString(x * mm, y - 3 * mm, str(x))


def _ruler_v(c: Canvas, page_h: float, x_mm: float, y0: float, y1: float) -> None:
    x = x_mm * mm
    c.setLineWidth(0.3)
    c.line(x, page_h - y0 * mm, x, page_h - y1 * mm)
    for y in range(int(y0), int(y1) + 1):
        length = 3.0 if y % 10 == 0 else (2.0 if y % 5 == 0 else 1.0)
        yy = page_h - y * mm
        c.line(x, yy, x + length * mm, yy)
        if y % 10 == 0:
            c.drawRightString(x - 1.2 * mm, yy - 0.8 * mm, str(y))


def calibration_pdf_bytes(
    geometry: LetterGeometry | None = None, *, invariant: bool = True
) -> bytes:
    """The calibration page for ``geometry`` (default settings if ``None``)."""
    g = geometry or DEFAULT_GEOMETRY
    fonts.register_pdf_fonts()
    page_w, page_h = g.page_width_mm * mm, g.page_height_mm * mm
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(page_w, page_h), invariant=1 if invariant else 0,
               initialFontName=fonts.REGULAR)
    c.setTitle("Page de réglage de la fenêtre d'enveloppe")
    c.setCreator("Recours Télécom")

    # Window as currently set.
    c.setStrokeColor(colors.black)
    c.setLineWidth(0.6)
    c.setDash(3, 2)
    c.rect(g.window_left_mm * mm, page_h - g.window_bottom_mm * mm,
           g.window_width_mm * mm, g.window_height_mm * mm)
    c.setDash()
    # Address area and sample address.
    c.setStrokeColor(colors.Color(0.6, 0.6, 0.6))
    c.setLineWidth(0.3)
    c.rect(g.address_left_mm * mm, page_h - (g.address_top_mm + g.address_height_mm) * mm,
           g.address_width_mm * mm, g.address_height_mm * mm)
    c.setFillColor(colors.black)
    size = g.address_font_pt
    c.setFont(fonts.REGULAR, size)
    for i, line in enumerate(SAMPLE_ADDRESS):
        baseline = g.address_top_mm * mm + size * 0.95 + i * size * 1.22
        c.drawString(g.address_left_mm * mm, page_h - baseline, line)

    # Rulers through the window, graduated from the sheet's edges.
    c.setFont(fonts.REGULAR, 6)
    c.setStrokeColor(colors.black)
    mid_y = g.window_top_mm + g.window_height_mm - 4
    _ruler_h(c, page_h, mid_y, max(0.0, g.window_left_mm - 25),
             min(g.page_width_mm - 5, g.window_left_mm + g.window_width_mm + 10))
    mid_x = g.window_left_mm + g.window_width_mm * 0.75
    _ruler_v(c, page_h, mid_x, max(0.0, g.window_top_mm - 20),
             min(g.page_height_mm / 2, g.window_bottom_mm + 20))

    # Labels of the current settings (left of the window, visible only once unfolded).
    c.setFont(fonts.REGULAR, 8)
    label_x = g.margin_left_mm * mm
    lines = [
        "Réglage actuel de la fenêtre :",
        f"bord gauche {g.window_left_mm:g} mm, bord haut {g.window_top_mm:g} mm,",
        f"largeur {g.window_width_mm:g} mm, hauteur {g.window_height_mm:g} mm.",
        f"Adresse imprimée à {g.address_left_mm:g} mm du bord gauche",
        f"et {g.address_top_mm:g} mm du bord haut.",
    ]
    for i, text in enumerate(lines):
        c.drawString(label_x, page_h - (g.margin_top_mm + 4 + i * 4.2) * mm, text)

    # Fold marks.
    c.setLineWidth(0.4)
    for y_mm in g.fold_positions_mm:
        y = page_h - y_mm * mm
        c.line(4 * mm, y, 12 * mm, y)
        c.line(page_w - 12 * mm, y, page_w - 4 * mm, y)
        c.setFont(fonts.REGULAR, 6)
        c.drawString(13 * mm, y - 0.8 * mm, f"pli {y_mm:g} mm")

    # Control bar (100 mm) and instructions, inside the envelope.
    top = g.fold_positions_mm[0] + 12 if g.fold_positions_mm else 110
    c.setLineWidth(0.8)
    y = page_h - top * mm
    c.line(g.margin_left_mm * mm, y, (g.margin_left_mm + 100) * mm, y)
    for x in (0, 50, 100):
        c.line((g.margin_left_mm + x) * mm, y - 2 * mm, (g.margin_left_mm + x) * mm, y + 2 * mm)
    c.setFont(fonts.REGULAR, 8)
    c.drawString((g.margin_left_mm + 103) * mm, y - 1 * mm, "barre de contrôle : 100 mm")

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from documents.text import pdf_markup

    style = ParagraphStyle("cal", fontName=fonts.REGULAR, fontSize=9.5, leading=13,
                           spaceAfter=4)
    head = ParagraphStyle("calh", parent=style, fontName=fonts.BOLD, fontSize=12, leading=16)
    y_top = page_h - (top + 10) * mm
    width = g.content_width_mm * mm
    for i, text in enumerate(INSTRUCTIONS):
        p = Paragraph(pdf_markup(text), head if i == 0 else style)
        _, h = p.wrap(width, page_h)
        p.drawOn(c, g.margin_left_mm * mm, y_top - h)
        y_top -= h + 6
    c.showPage()
    c.save()
    return buf.getvalue()


def render_calibration_pdf(
    target: str | Path | BinaryIO, geometry: LetterGeometry | None = None
) -> None:
    """Write the calibration page to a path or a binary stream."""
    data = calibration_pdf_bytes(geometry)
    if isinstance(target, (str, Path)):
        Path(target).write_bytes(data)
    else:
        target.write(data)

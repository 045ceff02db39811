"""Render the application icon from its SVG: a 256 × 256 PNG and a multi-size Windows ICO.

    .venv/bin/python packaging/make_icons.py

Source: ``assets/icons/recours-telecom.svg`` (drawn by hand). Outputs, next to it:
``recours-telecom.png`` (256 × 256, the window icon and the Linux menu icon) and
``recours-telecom.ico`` (16, 24, 32, 48, 64, 128, 256 px, the Windows executable and installer
icon). Each size is rendered from the SVG, not scaled down from the PNG, so that small sizes
stay sharp. Needs QtSvg (in PySide6-Essentials) and Pillow (installed with reportlab); run it
only when the SVG changes: the outputs are kept in the repository.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "assets" / "icons"
SVG = ICONS / "recours-telecom.svg"
PNG = ICONS / "recours-telecom.png"
ICO = ICONS / "recours-telecom.ico"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(size: int):
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: TID251 - a development tool
    from PySide6.QtGui import QImage, QPainter  # noqa: TID251 - a development tool
    from PySide6.QtSvg import QSvgRenderer  # noqa: TID251 - a development tool

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"SVG illisible : {SVG}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication  # noqa: TID251 - a development tool

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt needs it
    PNG.write_bytes(render(256))
    images = [Image.open(io.BytesIO(render(size))).convert("RGBA") for size in ICO_SIZES]
    largest = images[-1]
    # Pillow writes one frame per size; frames given with append_images are used as they are
    # instead of being scaled down from the largest.
    largest.save(ICO, format="ICO", sizes=[(s, s) for s in ICO_SIZES],
                 append_images=images[:-1])
    print(f"{PNG.relative_to(ROOT)} ({PNG.stat().st_size} octets), "
          f"{ICO.relative_to(ROOT)} ({ICO.stat().st_size} octets, tailles {ICO_SIZES})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

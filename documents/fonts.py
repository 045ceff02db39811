"""Fonts of the documents.

PDF: DejaVu Sans (regular, bold, oblique, bold oblique), shipped in ``assets/fonts/`` under
the Bitstream Vera / DejaVu licence (``assets/fonts/LICENSE-DejaVu.txt``), registered once
with ReportLab and embedded (subset) in every PDF: accents, €, œ, the narrow no-break space,
Hebrew and Arabic letters and many emoji all have glyphs. :func:`unsupported_chars` lists the
characters DejaVu Sans has no glyph for (they would print as an empty box).

DOCX: a Word file names its fonts, it does not carry them (embedding is possible but Word
and LibreOffice handle it unevenly, and the licence file would have to travel too). The DOCX
asks for "DejaVu Sans" when that family is installed on this computer and for "Arial"
otherwise (every Windows and macOS has it; LibreOffice substitutes the metric-compatible
Liberation Sans). :func:`docx_font_name` makes that choice.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from functools import lru_cache
from pathlib import Path

from dispute.assets import asset_path

logger = logging.getLogger(__name__)

FAMILY = "DejaVuSans"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"

FONT_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}

DOCX_PREFERRED = "DejaVu Sans"
DOCX_FALLBACK = "Arial"

_lock = threading.Lock()
_registered = False


class FontError(RuntimeError):
    """The shipped fonts are missing or unreadable (a broken installation)."""


def font_path(file_name: str) -> Path:
    return asset_path("fonts", file_name)


def register_pdf_fonts() -> None:
    """Register the four DejaVu Sans faces and their family with ReportLab (idempotent,
    thread-safe), so that ``<b>`` / ``<i>`` in paragraph markup pick the right face."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        for name, file_name in FONT_FILES.items():
            path = font_path(file_name)
            if not path.is_file():
                raise FontError(f"Police introuvable : {path}")
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except Exception as exc:  # TTFError and I/O errors
                raise FontError(f"Police illisible : {path} ({exc})") from exc
        pdfmetrics.registerFontFamily(
            FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
        )
        addMapping(FAMILY, 0, 0, REGULAR)
        addMapping(FAMILY, 1, 0, BOLD)
        addMapping(FAMILY, 0, 1, ITALIC)
        addMapping(FAMILY, 1, 1, BOLD_ITALIC)
        _registered = True
        logger.debug("DejaVu Sans registered with ReportLab")


@lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    register_pdf_fonts()
    from reportlab.pdfbase import pdfmetrics

    return frozenset(pdfmetrics.getFont(REGULAR).face.charToGlyph)


def unsupported_chars(text: str) -> list[str]:
    """The distinct characters of ``text`` DejaVu Sans cannot draw (in order of appearance),
    ignoring line breaks and tabs."""
    covered = _covered()
    seen: dict[str, None] = {}
    for ch in text:
        if ord(ch) not in covered and ch not in "\n\t" and ch not in seen:
            seen[ch] = None
    return list(seen)


def _font_dirs() -> list[Path]:
    home = Path.home()
    dirs: list[Path] = []
    if sys.platform.startswith("win"):
        windir = os.environ.get("WINDIR", r"C:\Windows")
        dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    elif sys.platform == "darwin":
        dirs += [home / "Library" / "Fonts", Path("/Library/Fonts"), Path("/System/Library/Fonts")]
    else:
        dirs += [
            home / ".fonts",
            home / ".local" / "share" / "fonts",
            Path("/usr/share/fonts"),
            Path("/usr/local/share/fonts"),
        ]
    return dirs


@lru_cache(maxsize=1)
def dejavu_installed() -> bool:
    """Whether DejaVu Sans is installed as a system or user font (so Word or LibreOffice on
    this computer will show it)."""
    for folder in _font_dirs():
        try:
            if not folder.is_dir():
                continue
            if (folder / "DejaVuSans.ttf").is_file():
                return True
            for _ in folder.rglob("DejaVuSans.ttf"):
                return True
        except OSError:
            continue
    return False


def docx_font_name() -> str:
    """The font family a generated DOCX asks for: "DejaVu Sans" if installed, else "Arial"."""
    return DOCX_PREFERRED if dejavu_installed() else DOCX_FALLBACK

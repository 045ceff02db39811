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


POSTSCRIPT_NAMES = {
    REGULAR: b"DejaVuSans",
    BOLD: b"DejaVuSans-Bold",
    ITALIC: b"DejaVuSans-Oblique",
    BOLD_ITALIC: b"DejaVuSans-BoldOblique",
}
"""The name each face file gives itself (its ``name`` table): what ReportLab registers a
face under, known here so that a face is read only when a document uses it."""


def register_pdf_fonts(*, parse: bool = False) -> None:
    """Register the four DejaVu Sans faces and their family with ReportLab (idempotent,
    thread-safe), so that ``<b>`` / ``<i>`` in paragraph markup pick the right face.

    Each face file is parsed (ReportLab's pure-Python TrueType reader: 8-20 ms a face) the
    first time a document measures or draws text in it, not here: a letter never uses the
    bold oblique. ``parse=True`` parses all four now (the render workers' fork server, whose
    workers then inherit them). A missing file raises :class:`FontError` here; a damaged one
    when it is first used."""
    global _registered
    if not _registered:
        with _lock:
            if not _registered:
                _register()
                _registered = True
                logger.debug("DejaVu Sans registered with ReportLab")
    if parse:
        read_faces(*FONT_FILES)


def read_faces(*names: str) -> None:
    """Read the faces ``names`` now rather than at their first use (before forking a render
    child, which then inherits them read). :func:`register_pdf_fonts` first."""
    from reportlab.pdfbase import pdfmetrics

    for name in names:
        pdfmetrics.getFont(name).face.charWidths  # noqa: B018 - parses the face


def _register() -> None:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics

    for name, file_name in FONT_FILES.items():
        path = font_path(file_name)
        if not path.is_file():
            raise FontError(f"Police introuvable : {path}")
        pdfmetrics.registerFont(_lazy_font(name, path))
    pdfmetrics.registerFontFamily(
        FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
    )
    addMapping(FAMILY, 0, 0, REGULAR)
    addMapping(FAMILY, 1, 0, BOLD)
    addMapping(FAMILY, 0, 1, ITALIC)
    addMapping(FAMILY, 1, 1, BOLD_ITALIC)


def _lazy_font(name: str, path: Path):
    """A ReportLab ``TTFont`` like ``TTFont(name, path)``, whose face is read on first use.

    ``TTFont.__init__`` is ReportLab's constructor less its first line (parsing the face);
    tests/test_documents_render.py checks that the font it makes, once its face is read, is
    the one ``TTFont(name, path)`` makes."""
    from weakref import WeakKeyDictionary

    from fnmatch import fnmatch

    from reportlab import rl_config
    from reportlab.pdfbase import ttfonts
    from reportlab.pdfbase.ttfonts import TTEncoding, TTFont

    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = _lazy_face_class()(str(path), POSTSCRIPT_NAMES[name])
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, g) for g in getattr(ttfonts, "unShapedFontGlob", ()))
    return font


@lru_cache(maxsize=1)
def _lazy_face_class():
    from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFontFace

    class LazyFace(TTFontFace):
        """A ``TTFontFace`` that knows its name and reads its file when any other of its
        attributes is first asked for (then it is an ordinary face: ``__getattr__`` is only
        called for an attribute the object does not have)."""

        def __init__(self, filename: str, name: bytes) -> None:  # noqa: D107
            self.__dict__.update(filename=filename, name=TTFNameBytes(name))

        def __getattr__(self, attribute: str):
            if attribute.startswith("__") or "charWidths" in self.__dict__:
                raise AttributeError(attribute)
            with _parse_lock:
                if "charWidths" not in self.__dict__:
                    _parse_into(self)
            return object.__getattribute__(self, attribute)

    return LazyFace


_parse_lock = threading.Lock()


def _parse_into(face) -> None:
    """Read the face's file into ``face``: parsed into a new face (or read from the user's
    cache of parsed faces, :mod:`documents.face_cache`), then every attribute at once, so
    that another thread never sees half a face."""
    from documents.face_cache import read_face

    try:
        parsed = read_face(face.filename)
    except Exception as exc:  # TTFError and I/O errors
        raise FontError(f"Police illisible : {face.filename} ({exc})") from exc
    if parsed.name != face.name:
        raise FontError(f"Police inattendue : {face.filename} ({parsed.name!r})")
    face.__dict__.update(vars(parsed))
    logger.debug("Font face read: %s", face.filename)


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

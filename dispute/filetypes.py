"""What a file really is, from its first bytes, and the extension it deserves.

An exhibit's original name is free text typed or chosen by someone else: a PNG screenshot
named ``capture.exe`` must not reach a mediator as ``P03_capture.exe``, and a PNG named
``.pdf`` must not be handed to a PDF reader. ``extension_for(head, user_name)`` gives the
extension of the detected type, and keeps the user's own extension only when it agrees with
that type (``.jpeg`` for a JPEG, ``.docx`` for an Office zip, ``.csv`` for text).

Qt-free and store-free: the store (naming a copied exhibit), the case-file export and the
dossier zip share it.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import NamedTuple

logger = logging.getLogger(__name__)

HEAD_SIZE = 8192
"""Bytes read from the start of a file to recognise it."""


class FileType(NamedTuple):
    extension: str
    """Canonical lowercase extension without dot (``""`` when unknown)."""
    media_type: str
    agreeing: frozenset[str]
    """The extensions a user may have given to such a file (canonical one included)."""


def _type(ext: str, media: str, *others: str) -> FileType:
    return FileType(ext, media, frozenset((ext, *others)))


PDF = _type("pdf", "application/pdf")
PNG = _type("png", "image/png")
JPEG = _type("jpg", "image/jpeg", "jpeg", "jpe", "jfif")
GIF = _type("gif", "image/gif")
WEBP = _type("webp", "image/webp")
TIFF = _type("tif", "image/tiff", "tiff")
BMP = _type("bmp", "image/bmp")
HEIC = _type("heic", "image/heic", "heif")
ZIP = _type("zip", "application/zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub",
            "docm", "xlsm")
OLE = _type("doc", "application/msword", "xls", "ppt", "msg")
RTF = _type("rtf", "application/rtf")
MP3 = _type("mp3", "audio/mpeg")
MP4 = _type("mp4", "video/mp4", "m4a", "m4v", "mov", "3gp")
WAV = _type("wav", "audio/wav")
OGG = _type("ogg", "audio/ogg", "oga", "opus")
AMR = _type("amr", "audio/amr")
TEXT = _type("txt", "text/plain", "csv", "eml", "msg", "xml", "json", "md", "log", "html",
             "htm", "ics", "vcf")
EXECUTABLE = _type("bin", "application/octet-stream")
UNKNOWN = FileType("", "application/octet-stream", frozenset())

_EXECUTABLE_EXTENSIONS = frozenset({
    "exe", "com", "bat", "cmd", "scr", "pif", "msi", "msp", "dll", "cpl", "js", "jse", "vbs",
    "vbe", "wsf", "wsh", "ps1", "psm1", "lnk", "jar", "hta", "reg", "app", "sh", "apk", "dmg",
    "iso", "elf", "so",
})
"""Extensions never given to an exhibit: opening one runs a program."""

def detect(head: bytes) -> FileType:
    """The type of a file starting with ``head`` (its first bytes, ``HEAD_SIZE`` is plenty)."""
    if b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return WAV
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return TIFF
    if head.startswith(b"BM") and len(head) > 14 and head[6:10] == b"\x00\x00\x00\x00":
        return BMP
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        return HEIC if brand in (b"heic", b"heix", b"mif1", b"msf1", b"heim") else MP4
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return ZIP
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return OLE
    if head.startswith(b"{\\rtf"):
        return RTF
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return MP3
    if head.startswith(b"OggS"):
        return OGG
    if head.startswith(b"#!AMR"):
        return AMR
    if head.startswith((b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")):
        return EXECUTABLE
    if _looks_like_text(head):
        return TEXT
    return UNKNOWN


def _looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    sample = head[:HEAD_SIZE]
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:  # not just a character cut at the end of the sample
            try:
                sample.decode("cp1252")
            except UnicodeDecodeError:
                return False
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls <= len(sample) // 100


def user_extension(name: str) -> str:
    """The lowercase extension of a user-given file name, without dot (``""`` if none)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, ext = base.rpartition(".")
    if not dot or not stem.strip(" ."):
        return ""
    ext = ext.strip().lower()
    return ext if 1 <= len(ext) <= 10 and ext.isascii() and ext.isalnum() else ""


def extension_for(head: bytes, user_name: str = "") -> str:
    """The extension (without dot) to give a file starting with ``head``: the user's own when
    it agrees with the detected type, else the type's canonical one. For a type not
    recognised, the user's extension unless it is one that runs a program; ``"bin"`` for a
    program. ``""`` when nothing fits."""
    kind = detect(head)
    ext = user_extension(user_name)
    if kind is UNKNOWN:
        return "" if ext in _EXECUTABLE_EXTENSIONS else ext
    if ext in kind.agreeing and ext not in _EXECUTABLE_EXTENSIONS:
        return ext
    return kind.extension


def media_type_for(head: bytes, user_name: str = "") -> str:
    """The media type to record for such a file."""
    kind = detect(head)
    if kind.extension and len(kind.agreeing) == 1:
        return kind.media_type
    import mimetypes  # not needed at start-up

    guessed = mimetypes.guess_type(f"x.{extension_for(head, user_name)}", strict=False)[0]
    return guessed or kind.media_type


def read_head(path: Path | str, size: int = HEAD_SIZE) -> bytes:
    """The first ``size`` bytes of ``path`` (``b""`` if it cannot be read)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(size)
    except OSError as exc:
        logger.debug("Cannot read the start of %s: %s", os.fspath(path), exc)
        return b""


def file_extension(path: Path | str, user_name: str = "") -> str:
    """``extension_for`` the file at ``path``."""
    return extension_for(read_head(path), user_name)

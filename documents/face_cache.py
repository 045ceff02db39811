"""ReportLab's reading of a TrueType face, kept in the user's cache folder.

ReportLab reads a face (``TTFontFace``: its cmap, widths, glyph offsets…) with a pure-Python
parser: 8–14 ms for each DejaVu face, three of them for every dossier, letter or report a
fresh process makes (``main.py dossier``: ~25 ms of its ~0.35 s, docs/benchmarks.md). The
result is plain data (dicts, lists, numbers, bytes); it is written once, with
:mod:`marshal`, and read back in ~2 ms.

Safety, in order:

- **Key = the font's content.** The face file is read anyway (ReportLab keeps its bytes to
  subset the font into each PDF): the cache entry is named after the size and the CRC-32 of
  those bytes, ReportLab's version, Python's version and :data:`FORMAT`. A changed, replaced
  or updated font, ReportLab or interpreter never meets an old entry. (CRC-32 rather than
  SHA-256: 0.1 ms against 1.7 ms for a 760 KB face on this machine, more than a third of
  what reading an entry costs; it tells accidental changes apart, which is what a cache of
  the application's own fonts meets.)
- **Checked before use.** An entry holds a header, the CRC-32 of its payload and the
  payload; a truncated, damaged or foreign file (bad header, wrong checksum, unexpected
  content) is ignored: the face is parsed as if there were no cache, and the entry is written
  again. Nothing is ever raised from here: the cache only makes things faster.
- **Written atomically**: to a temporary file of its own in the cache folder, then renamed
  (``os.replace``); two processes writing the same entry at once each rename a whole file.
  No ``fsync``: a file left empty or partial by a power cut fails the digest and is rewritten.
- **Where**: :func:`cache_dir`, the per-user cache folder of the OS (``platformdirs``'
  conventions; on Linux read without importing it, :mod:`dispute.user_folders`), or
  ``RECOURS_TELECOM_CACHE`` when set (an empty value turns the cache off).

Qt-free, store-free.
"""

from __future__ import annotations

import logging
import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import Any

from dispute.user_folders import APP_NAME, xdg_user_folder

logger = logging.getLogger(__name__)

ENV_VAR = "RECOURS_TELECOM_CACHE"
FORMAT = 2
"""Bumped whenever what is stored changes."""
_MAGIC = b"RTFACE2\n"
_CHECK = 4  # bytes of the payload's CRC-32
_NAME_KEYS_KEY = "__ttfnamebytes__"
_SKIPPED = ("_ttf_data", "_pdfScale")
"""The face's bytes (read from the font file itself) and its scale function (rebuilt as
ReportLab builds it)."""


def cache_dir() -> Path | None:
    """The folder of the cache, or None when it is turned off (``RECOURS_TELECOM_CACHE=""``)
    or no home folder is known. ``platformdirs.user_cache_path("RecoursTelecom",
    appauthor=False)`` / ``fonts`` (tests/test_face_cache.py checks they agree)."""
    chosen = os.environ.get(ENV_VAR)
    if chosen is not None:
        return Path(chosen) if chosen else None
    folder = xdg_user_folder("XDG_CACHE_HOME", "~/.cache")  # Linux, without platformdirs
    if folder is None:
        try:
            import platformdirs

            folder = platformdirs.user_cache_path(APP_NAME, appauthor=False)
        except (RuntimeError, KeyError, OSError):  # no home folder
            return None
        if not folder.is_absolute():  # no usable home folder
            return None
    return folder / "fonts"


def _entry_name(font_data: bytes) -> str:
    from reportlab import Version

    versions = zlib.crc32(f"{Version}\0{sys.version_info[:3]}\0{FORMAT}".encode())
    return f"{len(font_data)}-{zlib.crc32(font_data):08x}-{versions:08x}.face"


def _sealed(payload: bytes) -> bytes:
    """An entry: the header, the payload's CRC-32, the payload."""
    return _MAGIC + zlib.crc32(payload).to_bytes(_CHECK, "big") + payload


def read_face(filename: str) -> Any:
    """The ``TTFontFace`` of ``filename``, as ``TTFontFace(filename)`` makes it: from the
    cache when it holds this very font, else parsed (and the entry written). Raises what
    ``TTFontFace`` raises for a missing or damaged font file."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    folder = cache_dir()
    if folder is None:
        return TTFontFace(filename)
    with open(filename, "rb") as f:
        data = f.read()
    path = folder / _entry_name(data)
    face = _load(path, filename, data)
    if face is not None:
        return face
    face = TTFontFace(filename)
    if face._ttf_data == data:  # the file did not change between the two reads
        _store(path, face)
    return face


def _load(path: Path, filename: str, data: bytes) -> Any:
    """The face of the entry at ``path``, or None (no entry, unreadable, damaged)."""
    try:
        with open(path, "rb") as f:
            blob = f.read()
    except OSError:
        return None
    try:
        if not blob.startswith(_MAGIC):
            raise ValueError("header")
        start = len(_MAGIC) + _CHECK
        payload = memoryview(blob)[start:]
        if zlib.crc32(payload).to_bytes(_CHECK, "big") != blob[len(_MAGIC):start]:
            raise ValueError("checksum")
        values = marshal.loads(payload)
        return _face_from(values, filename, data)
    except Exception as error:  # noqa: BLE001 - any damage: parse instead, silently
        logger.debug("Font cache entry %s ignored (%s)", path.name, error)
        return None


def _face_from(values: Any, filename: str, data: bytes) -> Any:
    from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFontFace

    if not isinstance(values, dict) or not isinstance(values.get("charWidths"), dict) \
            or not isinstance(values.get("unitsPerEm"), int) or values["unitsPerEm"] <= 0:
        raise ValueError("content")
    names = values.pop(_NAME_KEYS_KEY, ())
    face = TTFontFace.__new__(TTFontFace)
    attributes = face.__dict__
    attributes.update(values)
    for key in names:
        attributes[key] = TTFNameBytes(attributes[key])
    attributes["filename"] = filename
    attributes["_ttf_data"] = data
    attributes["_pdfScale"] = _scale(values["unitsPerEm"])
    return face


def _scale(units_per_em: int):
    """ReportLab's ``_pdfScale`` for ``unitsPerEm`` (ttfonts.TTFontFile.extractInfo), the
    same arithmetic."""
    if units_per_em == 1000:
        return lambda x: x
    _1000mult = 1000 / units_per_em
    return lambda x: x * _1000mult


def _store(path: Path, face: Any) -> None:
    """Write ``face``'s entry at ``path`` (atomically; failures only logged)."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    values: dict[str, Any] = {}
    names = []
    for key, value in vars(face).items():
        if key in _SKIPPED or key == "filename":
            continue
        if isinstance(value, TTFNameBytes):
            names.append(key)
            value = bytes(value)
        values[key] = value
    values[_NAME_KEYS_KEY] = tuple(names)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        payload = marshal.dumps(values)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "xb") as f:
            f.write(_sealed(payload))
        os.replace(temporary, path)
    except (OSError, ValueError) as error:  # read-only home, full disk, unmarshallable
        logger.debug("Font cache entry not written (%s)", error)
        try:
            temporary.unlink()
        except OSError:
            pass

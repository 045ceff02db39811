"""Exhibit files as the exhibit index and the dossier zip see them: page counts, hashes, checks.

Qt-free and store-free: functions take a path and the size and SHA-256 recorded when the
exhibit was added (``dispute.model.Exhibit``). Expected failures are typed exceptions with French
messages naming the exhibit ("La pièce n° 3 « Facture » est introuvable : ...").
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from dispute.oserrors import french_os_error

logger = logging.getLogger(__name__)

CHUNK_SIZE = 1024 * 1024
"""Bytes read at a time when hashing: memory stays bounded whatever the file size."""

_PDF_MAGIC = b"%PDF-"


class ExhibitError(Exception):
    """An exhibit file cannot be used as recorded. ``str(error)`` is a French sentence."""

    def __init__(self, message: str, *, path: Path | str | None = None,
                 number: int | None = None, title: str = "") -> None:
        super().__init__(message)
        self.path = Path(path) if path is not None else None
        self.number = number
        self.title = title


class ExhibitMissingError(ExhibitError):
    """The exhibit file is not where the store says it is."""


class ExhibitAlteredError(ExhibitError):
    """The exhibit file's size or SHA-256 differs from the one recorded when it was added."""


class ExhibitUnreadableError(ExhibitError):
    """The exhibit file exists but cannot be read (permissions, disk error)."""


def exhibit_label(number: int | None = None, title: str = "") -> str:
    """``"La pièce n° 3 « Facture »"``; ``"La pièce n° 3"``; ``"La pièce « Facture »"``;
    ``"La pièce"`` — the subject of the French error sentences."""
    parts = ["La pièce"]
    if number is not None:
        parts.append(f"n° {number}")
    if title.strip():
        parts.append(f"« {title.strip()} »")
    return " ".join(parts)


def missing_error(path: Path | str, number: int | None = None, title: str = "",
                  cls: type[ExhibitError] = ExhibitMissingError) -> ExhibitError:
    return cls(f"{exhibit_label(number, title)} est introuvable : {path}",
               path=path, number=number, title=title)


def altered_error(path: Path | str, number: int | None = None, title: str = "", *,
                  detail: str = "empreinte différente",
                  cls: type[ExhibitError] = ExhibitAlteredError) -> ExhibitError:
    return cls(
        f"{exhibit_label(number, title)} a été modifiée depuis son ajout ({detail}) : {path}",
        path=path, number=number, title=title,
    )


def unreadable_error(path: Path | str, error: OSError, number: int | None = None,
                     title: str = "",
                     cls: type[ExhibitError] = ExhibitUnreadableError) -> ExhibitError:
    reason = french_os_error(error)
    return cls(f"{exhibit_label(number, title)} ne peut pas être lue ({reason}) : {path}",
               path=path, number=number, title=title)


def size_detail(actual: int, expected: int) -> str:
    return f"taille différente : {actual} octets au lieu de {expected}"


def sha256_file(path: Path | str, *, chunk_size: int = CHUNK_SIZE) -> str:
    """The SHA-256 of a file as 64 lowercase hex digits, read in chunks (bounded memory)."""
    digest = hashlib.sha256()
    buffer = bytearray(chunk_size)
    view = memoryview(buffer)
    with open(path, "rb", buffering=0) as f:
        while n := f.readinto(buffer):
            digest.update(view[:n])
    return digest.hexdigest()


def verify_exhibit_file(
    path: Path | str,
    size: int | None,
    sha256: str | None,
    *,
    number: int | None = None,
    title: str = "",
) -> None:
    """Check that the exhibit file exists and still has the recorded size and SHA-256.

    Raises ExhibitMissingError, ExhibitUnreadableError or ExhibitAlteredError (checked in that
    order; the size first, as it costs nothing). ``None`` or ``""`` skips that check.
    """
    path = Path(path)
    try:
        actual_size = os.stat(path).st_size
        if not path.is_file():
            raise FileNotFoundError(path)
    except FileNotFoundError:
        raise missing_error(path, number, title) from None
    except OSError as error:
        raise unreadable_error(path, error, number, title) from error
    if size is not None and actual_size != size:
        raise altered_error(path, number, title, detail=size_detail(actual_size, size))
    if sha256:
        try:
            actual = sha256_file(path)
        except FileNotFoundError:
            raise missing_error(path, number, title) from None
        except OSError as error:
            raise unreadable_error(path, error, number, title) from error
        if actual != sha256.lower():
            raise altered_error(path, number, title)


def is_pdf(path: Path | str) -> bool:
    """True if the file starts with the PDF signature (within its first 1024 bytes, as
    readers tolerate leading junk)."""
    try:
        with open(path, "rb") as f:
            return _PDF_MAGIC in f.read(1024)
    except OSError:
        return False


LENIENT_PDF_MAX_BYTES = 32 * 1024 * 1024
"""Above this size a PDF is read strictly: pypdf's repair of a damaged cross-reference table
scans the whole file (minutes for hundreds of MB of junk behind a ``%PDF-`` header)."""
_TAIL_BYTES = 4096


def has_pdf_trailer(path: Path | str) -> bool:
    """True if the end of the file has what every PDF ends with (``startxref`` then
    ``%%EOF`` within its last 4 KB). Costs one seek and one small read."""
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - _TAIL_BYTES))
            tail = f.read(_TAIL_BYTES)
    except OSError:
        return False
    return b"startxref" in tail and b"%%EOF" in tail


def page_count(path: Path | str) -> int | None:
    """Number of pages of a PDF exhibit; ``None`` for other files.

    Never raises for a bad file: an unreadable, damaged or password-protected PDF gives ``None``
    and a logged warning. A PDF encrypted with an empty user password (only the "owner"
    password set, common for invoices) is opened and counted. Bounded in time: a file that
    does not end like a PDF is not parsed, and a large one is read without repair
    (``LENIENT_PDF_MAX_BYTES``).
    """
    path = Path(path)
    if not is_pdf(path):
        return None
    if not has_pdf_trailer(path):
        logger.warning("PDF illisible (fin de fichier absente), pages non comptées : %s", path)
        return None
    from documents.pdf_pages import quick_page_count

    pages = quick_page_count(path)  # an ordinary PDF, without importing pypdf
    if pages is not None:
        return pages
    try:
        strict = os.stat(path).st_size > LENIENT_PDF_MAX_BYTES
        from pypdf import PdfReader  # imported here: only needed for PDFs

        reader = PdfReader(path, strict=strict)
        if reader.is_encrypted and not reader.decrypt(""):
            logger.warning("PDF protégé par mot de passe, pages non comptées : %s", path)
            return None
        return len(reader.pages)
    except Exception as error:  # pypdf raises many kinds of errors on damaged files
        logger.warning("PDF illisible, pages non comptées : %s (%s: %s)",
                       path, type(error).__name__, error)
        return None

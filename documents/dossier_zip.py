"""The dossier zip sent to the mediator or to a CPME contact (docs/dossier-zip.md).

``build_dossier_zip(out_path, entries)`` writes letters, chronology, exhibit index (bytes made by
the renderers) and exhibit files (paths in the store) into one zip:

- member names are sanitised with ``dispute.filenames`` (each path component made safe, ASCII by
  default) and made unique case-insensitively; ``dossier_entries`` lays them out as
  ``01_Courriers/``, ``02_Chronologie/``, ``03_Bordereau/``, ``04_Pieces/P01_...``;
- ``manifest.json`` and ``MANIFESTE.txt`` at the root give the size and SHA-256 of every file;
- already-compressed formats are stored, others deflated (unless deflating a sample gains
  nothing); ZIP64 is used when a member may exceed 2 GiB (and by zipfile itself for more than
  65,535 members or a central directory beyond 4 GiB);
- files are copied in chunks (bounded memory), hashed in the same pass and compared with the
  size and SHA-256 recorded when the exhibit was added, so a missing or altered exhibit stops the
  build with an error naming it;
- the zip is written to a temporary file next to the destination, fsynced, reopened and checked
  (member list, sizes, CRC-32 of every member, SHA-256 of every generated member against the
  manifest; exhibits were hashed on the very buffers written) and only then renamed to its final
  name: there is never a partial zip under the final name;
- ``ConcurrentDossierZip`` writes the same zip while the documents are still being rendered: the
  files are copied by a helper thread, the documents appended at the end, the central directory
  in the order given;
- the output is deterministic (fixed timestamps, order as given): same inputs, same bytes.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import mimetypes
import os
import re
import tempfile
import threading
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Self, Union

from dispute.filenames import exhibit_filename, safe_filename, split_extension, unique_names
from dispute.oserrors import french_os_error
from dispute.model import Exhibit
from documents.outputs import make_shareable
from documents.exhibits import (
    ExhibitAlteredError,
    ExhibitMissingError,
    ExhibitUnreadableError,
    altered_error,
    missing_error,
    size_detail,
    unreadable_error,
)

logger = logging.getLogger(__name__)

# Layout ------------------------------------------------------------------------------------

FOLDER_LETTERS = "01_Courriers"
FOLDER_CHRONOLOGY = "02_Chronologie"
FOLDER_INDEX = "03_Bordereau"
FOLDER_EXHIBITS = "04_Pieces"
MANIFEST_JSON = "manifest.json"
MANIFEST_TEXT = "MANIFESTE.txt"
MANIFEST_FORMAT = "recours-telecom/manifeste-dossier"
MANIFEST_VERSION = 1

MAX_NAME_LENGTH = 80
"""Characters per path component inside the zip (Windows keeps whole paths under 260)."""

# Writing -----------------------------------------------------------------------------------

CHUNK_SIZE = 4 * 1024 * 1024
"""Bytes copied at a time: the only large buffer, whatever the size of the files."""

ZIP64_FILE_THRESHOLD = zipfile.ZIP64_LIMIT
"""A member larger than this (2 GiB - 1) is written with ZIP64 sizes (``force_zip64``)."""

FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)
"""Timestamp of every member unless the caller gives one: keeps the output deterministic."""

STORED_EXTENSIONS = frozenset(
    """pdf jpg jpeg png zip docx xlsx pptx odt ods odp mp3 mp4 m4a mov avi mkv webm ogg oga opus
    heic heif avif gif webp 7z rar gz tgz bz2 xz zst jp2 msg""".split()
)
"""Already-compressed formats: deflating them again costs time and gains nothing."""

DEFLATED_EXTENSIONS = frozenset(
    "txt csv json xml html htm rtf md log eml doc xls ppt odg svg tif tiff bmp wav".split()
)
"""Formats always deflated, without a trial."""

_SAMPLE_SIZE = 64 * 1024
_MIN_GAIN = 0.10  # deflate an unknown format only if a sample shrinks by at least 10 %

_UNIX_FILE_MODE = (0o100644 & 0xFFFF) << 16
_CREATE_SYSTEM_UNIX = 3


# Errors ------------------------------------------------------------------------------------

class DossierZipError(Exception):
    """The dossier zip could not be made. ``str(error)`` is a French sentence for the user.

    Whatever the error, nothing is left under the destination name nor as a temporary file.
    """


class DossierExhibitMissingError(DossierZipError, ExhibitMissingError):
    """An exhibit file is missing (also an ``ExhibitMissingError``)."""


class DossierExhibitAlteredError(DossierZipError, ExhibitAlteredError):
    """An exhibit file's size or SHA-256 differs from the recorded one."""


class DossierExhibitUnreadableError(DossierZipError, ExhibitUnreadableError):
    """An exhibit file exists but cannot be read."""


class DossierCancelled(DossierZipError):
    """The user cancelled the build."""

    def __init__(self, message: str = "Création du dossier annulée.") -> None:
        super().__init__(message)


class DossierWriteError(DossierZipError):
    """The zip could not be written (disk full, no permission, destination in use...)."""


class DossierCheckError(DossierZipError):
    """The written zip did not pass its check (should not happen: a disk or software fault)."""


# Inputs and result -------------------------------------------------------------------------

@dataclass(frozen=True)
class ExhibitSource:
    """An exhibit file to copy, with what was recorded when it was added (checked while
    copying). ``size``/``sha256`` left ``None`` skip that check."""

    path: Path
    size: int | None = None
    sha256: str | None = None
    number: int | None = None
    title: str = ""

    @classmethod
    def from_exhibit(cls, exhibit: Exhibit, path: Path | str) -> ExhibitSource:
        return cls(
            path=Path(path),
            size=exhibit.size,
            sha256=exhibit.sha256 or None,
            number=exhibit.number,
            title=exhibit.title or exhibit.original_name,
        )


Source = Union[bytes, bytearray, memoryview, os.PathLike, ExhibitSource]
Entry = tuple[str, Source]
ProgressCallback = Callable[[int, int, str], None]
CancelPredicate = Callable[[], bool]


@dataclass(frozen=True)
class ManifestItem:
    """One file of the dossier as listed in the manifest."""

    name: str  # the member name in the zip
    size: int
    sha256: str
    stored: bool  # True: ZIP_STORED, False: ZIP_DEFLATED
    requested_name: str = ""  # the name given by the caller, before sanitising


@dataclass(frozen=True)
class DossierZipResult:
    """What a dossier zip holds: its path, size, members and the phases' durations."""

    path: Path
    zip_size: int
    items: tuple[ManifestItem, ...]  # the caller's files, in order (manifests not included)
    durations: dict[str, float] = field(default_factory=dict)  # seconds: write, fsync, check

    @property
    def total_size(self) -> int:
        return sum(item.size for item in self.items)

    def name_for(self, requested_name: str) -> str:
        """The member name given to the entry requested as ``requested_name``."""
        for item in self.items:
            if item.requested_name == requested_name:
                return item.name
        raise KeyError(requested_name)


# Names and layout --------------------------------------------------------------------------

def _component_names(name: str, ascii_names: bool) -> list[str]:
    parts = [p for p in re.split(r"[/\\]+", name) if p.strip(" .")]
    safe = [
        safe_filename(part, max_length=MAX_NAME_LENGTH, ascii_only=ascii_names)
        for part in parts
    ]
    return safe or [safe_filename("", max_length=MAX_NAME_LENGTH)]


def sanitise_arcnames(names: Sequence[str], *, ascii_names: bool = True,
                      reserved: Iterable[str] = (MANIFEST_JSON, MANIFEST_TEXT)) -> list[str]:
    """Member names for ``names``: every component made safe (``..`` and empty components
    dropped, so nothing leaves the zip's root), then made distinct case-insensitively, also
    from folder names and from ``reserved`` (the manifests)."""
    paths = ["/".join(_component_names(n, ascii_names)) for n in names]
    folders = {p.rsplit("/", i)[0] for p in paths for i in range(1, p.count("/") + 1)}
    return unique_names(paths, reserved=[*reserved, *folders], max_length=MAX_NAME_LENGTH)


def _extension_of(exhibit: Exhibit, path: Path | str) -> str:
    """The detected type's extension; the original name's only when it agrees with the
    file's content (dispute.filetypes): a PNG named ``capture.exe`` becomes ``.png``."""
    from dispute.filetypes import read_head, extension_for

    head = read_head(path) if str(path) else b""
    if head:
        ext = extension_for(head, exhibit.original_name)
        return f".{ext}" if ext else ""
    for candidate in (exhibit.original_name, exhibit.stored_name, str(path)):
        ext = split_extension(PurePath(candidate or "").name)[1]
        if ext:
            return ext
    guessed = mimetypes.guess_extension(exhibit.media_type or "", strict=False)
    return guessed or ""


def exhibit_arcname(exhibit: Exhibit, path: Path | str = "") -> str:
    """``"04_Pieces/P03_Facture_janvier.pdf"``: number, title (or original name), extension."""
    title = exhibit.title or split_extension(exhibit.original_name)[0]
    name = exhibit_filename(exhibit.number, title, _extension_of(exhibit, path))
    return f"{FOLDER_EXHIBITS}/{name}"


def dossier_entries(
    *,
    letters: Iterable[tuple[str, bytes]] = (),
    chronology: Iterable[tuple[str, bytes]] = (),
    index: Iterable[tuple[str, bytes]] = (),
    exhibits: Iterable[tuple[Exhibit, Path | str]] = (),
) -> list[Entry]:
    """The standard layout: generated documents by folder, then the exhibits in number order,
    each checked against its recorded size and SHA-256 while it is copied."""
    entries: list[Entry] = []
    for folder, documents in ((FOLDER_LETTERS, letters), (FOLDER_CHRONOLOGY, chronology),
                              (FOLDER_INDEX, index)):
        entries += [(f"{folder}/{name}", data) for name, data in documents]
    for exhibit, path in sorted(exhibits, key=lambda pair: pair[0].number):
        entries.append((exhibit_arcname(exhibit, path), ExhibitSource.from_exhibit(exhibit, path)))
    return entries


# Compression choice ------------------------------------------------------------------------

def compression_for(name: str, sample: bytes = b"") -> int:
    """``ZIP_STORED`` for already-compressed formats (by extension), ``ZIP_DEFLATED`` for known
    text-like formats; for other extensions, deflate only if a sample of the start shrinks by
    at least 10 % (scans in unknown formats are often already compressed)."""
    ext = split_extension(name.rsplit("/", 1)[-1])[1].lower().lstrip(".")
    if ext in STORED_EXTENSIONS:
        return zipfile.ZIP_STORED
    if ext in DEFLATED_EXTENSIONS or not sample:
        return zipfile.ZIP_DEFLATED
    sample = sample[:_SAMPLE_SIZE]
    gain = 1 - len(zlib.compress(sample, 1)) / len(sample)
    return zipfile.ZIP_DEFLATED if gain >= _MIN_GAIN else zipfile.ZIP_STORED


# Building ----------------------------------------------------------------------------------

@dataclass
class _Job:
    """One member to write: where its bytes come from and what to check."""

    requested_name: str
    name: str
    source: bytes | memoryview | Path | None  # None: pending (given later)
    size: int
    expected_sha256: str | None = None
    number: int | None = None
    title: str = ""
    is_exhibit: bool = False


def _exhibit_title(job: _Job) -> str:
    return job.title or job.requested_name.rsplit("/", 1)[-1]


class _Pending:
    """The source of a generated document given later (:class:`ConcurrentDossierZip`)."""

    def __repr__(self) -> str:
        return "PENDING"


PENDING = _Pending()
"""Source of an entry whose bytes are given later with ``ConcurrentDossierZip.put``."""


def _prepare(entries: Iterable[Entry], ascii_names: bool) -> list[_Job]:
    """Validate the entries, stat every file (a missing or resized exhibit fails before anything
    is written) and choose the member names."""
    raw = list(entries)
    names = sanitise_arcnames([str(name) for name, _ in raw], ascii_names=ascii_names)
    jobs = []
    for (requested, source), name in zip(raw, names):
        if source is PENDING:
            jobs.append(_Job(requested, name, None, 0))
            continue
        if isinstance(source, (bytes, bytearray, memoryview)):
            data = memoryview(source).cast("B")
            jobs.append(_Job(requested, name, data, data.nbytes))
            continue
        if isinstance(source, ExhibitSource):
            job = _Job(requested, name, Path(source.path), 0, source.sha256 or None,
                       source.number, source.title, True)
            expected_size = source.size
        elif isinstance(source, os.PathLike):
            job = _Job(requested, name, Path(source), 0)
            expected_size = None
        else:
            raise TypeError(f"source non prise en charge pour {requested!r}: {type(source)!r}")
        title = _exhibit_title(job)
        try:
            st = os.stat(job.source)
            if not Path(job.source).is_file():
                raise FileNotFoundError(job.source)
        except FileNotFoundError:
            raise missing_error(job.source, job.number, title,
                                cls=DossierExhibitMissingError) from None
        except OSError as error:
            raise unreadable_error(job.source, error, job.number, title,
                                   cls=DossierExhibitUnreadableError) from error
        if expected_size is not None and st.st_size != expected_size:
            raise altered_error(job.source, job.number, title,
                                detail=size_detail(st.st_size, expected_size),
                                cls=DossierExhibitAlteredError)
        job.size = st.st_size
        jobs.append(job)
    return jobs


def _zip_info(name: str, date_time: tuple[int, int, int, int, int, int], size: int,
              compress_type: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.compress_type = compress_type
    info.create_system = _CREATE_SYSTEM_UNIX  # same bytes whatever the OS that builds it
    info.external_attr = _UNIX_FILE_MODE
    info.file_size = size  # lets zipfile choose ZIP64 sizes up front
    return info


class _Writer:
    """Streams the jobs into an open ZipFile, hashing in the same pass."""

    def __init__(self, zf: zipfile.ZipFile, total: int, chunk_size: int,
                 date_time: tuple[int, int, int, int, int, int],
                 progress: ProgressCallback | None, cancel: CancelPredicate | None) -> None:
        self.zf = zf
        self.total = total
        self.done = 0
        self.chunk_size = chunk_size
        self.date_time = date_time
        self.progress = progress
        self.cancel = cancel
        self.buffer = bytearray(chunk_size)

    def _tick(self, name: str) -> None:
        if self.cancel is not None and self.cancel():
            raise DossierCancelled()
        if self.progress is not None:
            self.progress(self.done, self.total, name)

    def _open_member(self, name: str, size: int, sample: bytes):
        compress_type = compression_for(name, sample)
        info = _zip_info(name, self.date_time, size, compress_type)
        force_zip64 = size > ZIP64_FILE_THRESHOLD
        return self.zf.open(info, "w", force_zip64=force_zip64), compress_type

    def write(self, job: _Job) -> ManifestItem:
        return self.write_file(job) if isinstance(job.source, Path) else self.write_bytes(job)

    def write_bytes(self, job: _Job) -> ManifestItem:
        data = job.source
        assert isinstance(data, memoryview)
        self._tick(job.name)
        digest = hashlib.sha256()
        dest, compress_type = self._open_member(job.name, job.size, bytes(data[:_SAMPLE_SIZE]))
        try:
            for start in range(0, job.size, self.chunk_size):
                chunk = data[start:start + self.chunk_size]
                digest.update(chunk)
                dest.write(chunk)
                self.done += len(chunk)
                self._tick(job.name)
        except BaseException:
            _close_quietly(dest)
            raise
        dest.close()
        return ManifestItem(job.name, job.size, digest.hexdigest(),
                            compress_type == zipfile.ZIP_STORED, job.requested_name)

    def write_file(self, job: _Job) -> ManifestItem:
        path = job.source
        assert isinstance(path, Path)
        title = _exhibit_title(job)
        self._tick(job.name)
        try:
            source = open(path, "rb", buffering=0)
        except FileNotFoundError:
            raise missing_error(path, job.number, title,
                                cls=DossierExhibitMissingError) from None
        except OSError as error:
            raise unreadable_error(path, error, job.number, title,
                                   cls=DossierExhibitUnreadableError) from error
        with source:
            view = memoryview(self.buffer)
            digest = hashlib.sha256()
            copied = 0
            n = self._read(source, path, job, title)
            dest, compress_type = self._open_member(job.name, job.size, bytes(view[:n]))
            try:
                while n:
                    copied += n
                    if copied > job.size:  # grew since it was added or stat'ed
                        raise altered_error(path, job.number, title,
                                            detail=size_detail(copied, job.size),
                                            cls=DossierExhibitAlteredError)
                    digest.update(view[:n])
                    dest.write(view[:n])
                    self.done += n
                    self._tick(job.name)
                    n = self._read(source, path, job, title)
            except BaseException:
                _close_quietly(dest)
                raise
            dest.close()
        if copied != job.size:
            raise altered_error(path, job.number, title, detail=size_detail(copied, job.size),
                                cls=DossierExhibitAlteredError)
        sha256 = digest.hexdigest()
        if job.expected_sha256 and sha256 != job.expected_sha256.lower():
            raise altered_error(path, job.number, title, cls=DossierExhibitAlteredError)
        return ManifestItem(job.name, job.size, sha256, compress_type == zipfile.ZIP_STORED,
                            job.requested_name)

    def _read(self, source, path: Path, job: _Job, title: str) -> int:
        try:
            return source.readinto(self.buffer) or 0
        except OSError as error:
            raise unreadable_error(path, error, job.number, title,
                                   cls=DossierExhibitUnreadableError) from error

    def write_small(self, name: str, data: bytes) -> None:
        info = _zip_info(name, self.date_time, len(data), zipfile.ZIP_DEFLATED)
        self.zf.writestr(info, data)


def _close_quietly(dest) -> None:
    try:
        dest.close()
    except Exception:  # the temporary file is discarded anyway
        pass


def manifest_json(items: Sequence[ManifestItem], title: str = "") -> bytes:
    """``manifest.json``: machine-readable list of the files with size and SHA-256."""
    document = {
        "format": MANIFEST_FORMAT,
        "version": MANIFEST_VERSION,
        "title": title,
        "algorithm": "sha256",
        "files": [{"path": i.name, "size": i.size, "sha256": i.sha256} for i in items],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _french_size(size: int) -> str:
    return f"{size:,}".replace(",", "\u00a0")


def manifest_text(items: Sequence[ManifestItem], title: str = "") -> bytes:
    """``MANIFESTE.txt``: the same list for a person, in French (UTF-8 with BOM and CRLF line
    ends, so that every Windows Notepad shows it correctly)."""
    lines = [f"Dossier : {title}" if title else "Dossier", ""]
    lines += [
        f"Ce dossier contient {len(items)} fichier{'s' if len(items) > 1 else ''}. Pour "
        "chacun sont indiqués sa taille",
        "et son empreinte SHA-256 : si un fichier est modifié, même d'un seul octet, son",
        "empreinte change.",
        "",
        "Pour calculer l'empreinte d'un fichier après extraction :",
        "  - Windows (PowerShell) : Get-FileHash -Algorithm SHA256 \"chemin\\du\\fichier\"",
        "  - Windows (invite de commandes) : certutil -hashfile \"chemin\\du\\fichier\" SHA256",
        "  - Linux ou macOS : sha256sum \"chemin/du/fichier\" (ou shasum -a 256)",
        "La liste lisible par un programme est dans manifest.json.",
        "",
    ]
    for item in items:
        lines += [item.name, f"    Taille : {_french_size(item.size)} octets",
                  f"    SHA-256 : {item.sha256}", ""]
    return ("\ufeff" + "\r\n".join(lines)).encode("utf-8")


def _fsync_directory(directory: Path) -> None:
    """Make the rename durable (POSIX); not possible (nor needed) on Windows."""
    if os.name != "posix":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _check(path: Path, expected: Sequence[tuple[str, int, str | None]], chunk_size: int,
           cancel: CancelPredicate | None) -> None:
    """Reopen the written zip and compare it with what was meant: same members in the same
    order, same sizes, every member read back in full with its CRC-32 checked (by zipfile), and
    the SHA-256 of every member whose expected digest is given. Exhibit files are given without
    one (``None``): their SHA-256 was computed on the very buffers written, the CRC-32 in the
    zip too, so reading them back with a matching CRC-32 proves the bytes on disk are the bytes
    hashed (docs/dossier-zip.md, "Checks")."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = [i.filename for i in infos]
            if names != [name for name, _, _ in expected]:
                raise DossierCheckError(
                    "Le dossier écrit ne contient pas les fichiers attendus ; il n'a pas été "
                    "enregistré.")
            for info, (name, size, sha256) in zip(infos, expected):
                if info.file_size != size:
                    raise DossierCheckError(
                        f"Le fichier « {name} » du dossier n'a pas la taille attendue ; "
                        "le dossier n'a pas été enregistré.")
                digest = hashlib.sha256() if sha256 is not None else None
                with zf.open(info) as member:
                    while chunk := member.read(chunk_size):
                        if digest is not None:
                            digest.update(chunk)
                        if cancel is not None and cancel():
                            raise DossierCancelled()
                if digest is not None and digest.hexdigest() != sha256:
                    raise DossierCheckError(
                        f"Le fichier « {name} » du dossier ne correspond pas au manifeste ; "
                        "le dossier n'a pas été enregistré.")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as error:
        raise DossierCheckError(
            f"Le dossier écrit est illisible ({error}) ; il n'a pas été enregistré.") from error


def _write_error(out_path: Path, error: OSError) -> DossierWriteError:
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return DossierWriteError(
            f"Espace disque insuffisant pour enregistrer le dossier « {out_path} ».")
    if isinstance(error, PermissionError):
        return DossierWriteError(
            f"Impossible d'enregistrer le dossier « {out_path} » : accès refusé (le fichier "
            "est peut-être ouvert dans un autre programme, ou le dossier protégé).")
    reason = french_os_error(error)
    return DossierWriteError(f"Impossible d'enregistrer le dossier « {out_path} » : {reason}.")


def _remove(path: Path | None) -> None:
    if path is None:
        return
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError as error:
        logger.warning("Fichier temporaire non supprimé : %s (%s)", path, error)


def _expected(items: Sequence[ManifestItem], exhibits: set[str],
              manifests: Sequence[tuple[str, bytes]]) -> list[tuple[str, int, str | None]]:
    """What the check compares: generated documents and manifests with their SHA-256, the
    files copied from disk (named in ``exhibits``) by CRC-32 only (see :func:`_check`)."""
    out: list[tuple[str, int, str | None]] = [
        (i.name, i.size, None if i.name in exhibits else i.sha256) for i in items]
    out += [(name, len(data), hashlib.sha256(data).hexdigest()) for name, data in manifests]
    return out


class _Session:
    """One zip being written to a temporary file next to ``out_path``: opening, writing through
    a :class:`_Writer`, then :meth:`finish` (manifests, central directory, fsync, check, rename)
    or :meth:`discard`."""

    def __init__(self, out_path: Path, total: int, date_time, chunk_size: int,
                 progress: ProgressCallback | None, cancel: CancelPredicate | None) -> None:
        self.out_path = out_path
        self.total = total
        self.date_time = date_time
        self.chunk_size = chunk_size
        self.progress = progress
        self.cancel = cancel
        self.tmp_path: Path | None = None
        self.tmp_file = None
        self.zip: zipfile.ZipFile | None = None
        self.writer: _Writer | None = None
        self.durations: dict[str, float] = {}

    def open(self) -> None:
        try:
            fd, tmp_name = tempfile.mkstemp(prefix=f".{self.out_path.name}.", suffix=".tmp",
                                            dir=self.out_path.parent)
        except OSError as error:
            raise _write_error(self.out_path, error) from error
        self.tmp_path = Path(tmp_name)
        make_shareable(fd)
        self.tmp_file = os.fdopen(fd, "w+b")
        self.zip = zipfile.ZipFile(self.tmp_file, "w", allowZip64=True)
        self.writer = _Writer(self.zip, self.total, self.chunk_size, self.date_time,
                              self.progress, self.cancel)

    def finish(self, items: Sequence[ManifestItem], title: str, exhibits: set[str],
               started: float, cancel: CancelPredicate | None) -> DossierZipResult:
        """Write the manifests, put the central directory in the order of ``items`` (members
        may have been written in another order), close, fsync, check, rename."""
        assert self.zip is not None and self.writer is not None and self.tmp_path is not None
        manifests = [(MANIFEST_JSON, manifest_json(items, title)),
                     (MANIFEST_TEXT, manifest_text(items, title))]
        for name, data in manifests:
            self.writer.write_small(name, data)
        rank = {name: i for i, name in enumerate([i.name for i in items]
                                                 + [name for name, _ in manifests])}
        self.zip.filelist.sort(key=lambda info: rank[info.filename])
        self.zip.close()
        if self.progress is not None:
            self.progress(self.total, self.total, "")
        self.durations["write"] = time.perf_counter() - started

        started = time.perf_counter()
        self.tmp_file.flush()
        os.fsync(self.tmp_file.fileno())
        self.tmp_file.close()
        self.durations["fsync"] = time.perf_counter() - started

        started = time.perf_counter()
        _check(self.tmp_path, _expected(items, exhibits, manifests), self.chunk_size, cancel)
        self.durations["check"] = time.perf_counter() - started

        zip_size = self.tmp_path.stat().st_size
        os.replace(self.tmp_path, self.out_path)
        self.tmp_path = None
        _fsync_directory(self.out_path.parent)
        logger.info("Dossier écrit : %s (%d fichiers, %d octets)", self.out_path, len(items),
                    zip_size)
        return DossierZipResult(self.out_path, zip_size, tuple(items), dict(self.durations))

    def discard(self) -> None:
        _discard(self.zip, self.tmp_file, self.tmp_path)
        self.zip = self.tmp_file = self.tmp_path = None


def _translated(out_path: Path, error: BaseException) -> BaseException:
    """The error to raise for ``error``: a ``DossierZipError`` with a French message for
    write errors; anything else unchanged."""
    if isinstance(error, DossierZipError):
        return error
    if isinstance(error, OSError):
        return _write_error(out_path, error)
    if isinstance(error, (zipfile.LargeZipFile, RuntimeError, ValueError)):
        return DossierWriteError(f"Impossible d'enregistrer le dossier « {out_path} » : {error}")
    return error


def build_dossier_zip(
    out_path: Path | str,
    entries: Iterable[Entry],
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelPredicate | None = None,
    title: str = "",
    ascii_names: bool = True,
    date_time: tuple[int, int, int, int, int, int] = FIXED_DATE_TIME,
    chunk_size: int = CHUNK_SIZE,
) -> DossierZipResult:
    """Write the dossier zip at ``out_path`` (replacing any file there) and return what it holds.

    ``entries`` are ``(member name, source)`` in the order wanted; a source is ``bytes`` (a
    generated document), an ``ExhibitSource`` (an exhibit file checked against its recorded size
    and SHA-256 while it is copied) or a plain path. ``progress(done_bytes, total_bytes, name)``
    is called before each file and after each chunk; ``cancel()`` is checked at the same points.

    Raises a ``DossierZipError`` subclass (French message): ``DossierExhibitMissingError``,
    ``DossierExhibitAlteredError``, ``DossierExhibitUnreadableError``, ``DossierCancelled``,
    ``DossierWriteError``, ``DossierCheckError``. On any error nothing is left at ``out_path``
    (a previous file there is untouched) nor as a temporary file.
    """
    out_path = Path(out_path)
    if chunk_size < 1:
        raise ValueError("chunk_size doit être strictement positif")
    jobs = _prepare(entries, ascii_names)
    if any(job.source is None for job in jobs):
        raise ValueError("PENDING n'est accepté que par ConcurrentDossierZip")
    total = sum(job.size for job in jobs)
    session = _Session(out_path, total, date_time, chunk_size, progress, cancel)
    try:
        started = time.perf_counter()
        session.open()
        items = [session.writer.write(job) for job in jobs]
        files = {job.name for job in jobs if isinstance(job.source, Path)}
        return session.finish(items, title, files, started, cancel)
    except BaseException as error:
        session.discard()
        translated = _translated(out_path, error)
        if translated is error:
            raise
        raise translated from error


class ConcurrentDossierZip:
    """The dossier zip written while its documents are still being made.

    Copying and hashing the exhibit files is I/O and C code that releases the GIL; laying out
    the documents is pure Python. So the files are written first, by a helper thread, while the
    caller renders the documents; the documents (``PENDING`` entries, given with :meth:`put`)
    and the manifests are appended at :meth:`finish`, and the central directory lists every
    member in the order of ``entries``: any unzip tool shows the same layout as
    :func:`build_dossier_zip` (only the position of the data inside the file differs). Same
    checks (size and SHA-256 of every exhibit while copying, fsync, read-back check, rename),
    same errors, deterministic bytes. Use as a context manager::

        with ConcurrentDossierZip(out, entries, title=...) as stream:
            stream.start()
            ...                        # render; stream.raise_if_failed() between documents
            stream.put(name, data)     # for each PENDING entry
            result = stream.finish(progress=..., cancel=...)

    Leaving the ``with`` block without :meth:`finish` succeeding (an error, a cancel, an
    exception in the caller's code) stops the helper thread (within one chunk) and deletes the
    temporary file. ``progress`` and ``cancel`` are only ever called from the caller's thread.
    """

    def __init__(self, out_path: Path | str, entries: Iterable[Entry], *, title: str = "",
                 ascii_names: bool = True,
                 date_time: tuple[int, int, int, int, int, int] = FIXED_DATE_TIME,
                 chunk_size: int = CHUNK_SIZE) -> None:
        self.out_path = Path(out_path)
        if chunk_size < 1:
            raise ValueError("chunk_size doit être strictement positif")
        self.title = title
        self._jobs = _prepare(entries, ascii_names)
        self._files = [i for i, job in enumerate(self._jobs) if isinstance(job.source, Path)]
        self.file_bytes = sum(self._jobs[i].size for i in self._files)
        self._stop = threading.Event()
        self._session = _Session(self.out_path, self.file_bytes, date_time, chunk_size, None,
                                 self._stop.is_set)
        self._items: dict[int, ManifestItem] = {}
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._current = ""
        self._started = 0.0
        self._done = False

    @property
    def names(self) -> dict[str, str]:
        """Requested name → member name."""
        return {job.requested_name: job.name for job in self._jobs}

    @property
    def file_bytes_done(self) -> int:
        """Bytes of the files already copied (read from the caller's thread: a snapshot)."""
        writer = self._session.writer
        return writer.done if writer is not None else 0

    @property
    def current(self) -> str:
        """The member being copied (for progress messages)."""
        return self._current

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if not self._done:
            self._abandon()

    def start(self) -> None:
        """Open the temporary file and start copying the files in a helper thread."""
        self._started = time.perf_counter()
        try:
            self._session.open()
        except BaseException as error:
            raise _translated(self.out_path, error) from error
        self._thread = threading.Thread(target=self._copy_files, name="dossier-zip",
                                        daemon=True)
        self._thread.start()

    def _copy_files(self) -> None:
        started = time.perf_counter()
        try:
            for i in self._files:
                self._current = self._jobs[i].name
                self._items[i] = self._session.writer.write(self._jobs[i])
            self._session.durations["files"] = time.perf_counter() - started
            # Make the bulk durable now, while the documents are still being rendered: the
            # final fsync then only has the documents and the central directory to flush.
            started = time.perf_counter()
            self._session.tmp_file.flush()
            os.fsync(self._session.tmp_file.fileno())
            self._session.durations["files_fsync"] = time.perf_counter() - started
        except BaseException as error:  # noqa: BLE001 - handed to the caller's thread
            self._error = error

    def raise_if_failed(self) -> None:
        """Raise now the error met while copying the files (missing or altered exhibit, disk
        full...), if any: the caller stops rendering at once."""
        if self._error is not None:
            if self._thread is not None:
                self._thread.join()
            error = self._error
            translated = _translated(self.out_path, error)
            if translated is error:
                raise error
            raise translated from error

    def put(self, requested_name: str, data: bytes) -> None:
        """The bytes of a ``PENDING`` entry."""
        for job in self._jobs:
            if job.requested_name == requested_name and job.source is None:
                job.source = memoryview(data).cast("B")
                job.size = job.source.nbytes
                return
        raise KeyError(requested_name)

    def finish(self, *, progress: ProgressCallback | None = None,
               cancel: CancelPredicate | None = None, poll: float = 0.05) -> DossierZipResult:
        """Wait for the files (calling ``progress(done, total, member)`` and checking
        ``cancel()`` every ``poll`` seconds), append the documents and the manifests, then
        close, fsync, check and rename as :func:`build_dossier_zip` does."""
        if self._thread is None:
            raise RuntimeError("start() n'a pas été appelé")
        waited = time.perf_counter()
        while True:  # at least one report, naming the last file copied
            if cancel is not None and cancel():
                raise DossierCancelled()
            if progress is not None:
                progress(self.file_bytes_done, self.file_bytes, self._current)
            if not self._thread.is_alive():
                break
            self._thread.join(poll)
        self._session.durations["wait"] = time.perf_counter() - waited
        self.raise_if_failed()
        if cancel is not None and cancel():
            raise DossierCancelled()
        missing = [job.requested_name for job in self._jobs if job.source is None]
        if missing:
            raise ValueError(f"documents non fournis : {missing}")
        # From here on the caller's thread writes: its cancel() is checked before each document
        # and after each chunk, as in build_dossier_zip.
        self._session.writer.cancel = cancel
        started = time.perf_counter()
        try:
            items = [self._items[i] if i in self._items else self._session.writer.write(job)
                     for i, job in enumerate(self._jobs)]
            files = {self._jobs[i].name for i in self._files}
            result = self._session.finish(items, self.title, files, started, cancel)
        except BaseException as error:
            translated = _translated(self.out_path, error)
            if translated is error:
                raise
            raise translated from error
        self._done = True
        return result

    def _abandon(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self._session.discard()


def _discard(zf: zipfile.ZipFile | None, tmp_file, tmp_path: Path | None) -> None:
    """Drop a failed build: abandon the ZipFile (so that it never writes a central directory,
    even when garbage-collected), close and delete the temporary file."""
    if zf is not None:
        zf.fp = None
    if tmp_file is not None:
        try:
            tmp_file.close()
        except OSError:
            pass
    _remove(tmp_path)

"""Exhibit files: safe copy into the store, hashing, verification.

Exhibits live in ``exhibits/<case_id>/<stored_name>`` where ``stored_name`` is generated
(32 random hex digits plus a sanitized lowercase extension), never user text. A stored
exhibit is immutable: it is written once, atomically, and never modified afterwards.
"""

from __future__ import annotations

import logging
import os
import re
import stat
from pathlib import Path
from typing import IO, TYPE_CHECKING, NamedTuple

from store.atomic import atomic_write, fsync_dir, make_private_dir, write_error
from dispute.oserrors import french_os_error
from store.errors import ExhibitError

if TYPE_CHECKING:
    from dispute.model import Case, Exhibit

logger = logging.getLogger(__name__)

CHUNK = 1024 * 1024
STORED_NAME_RE = re.compile(r"[0-9a-f]{32}(\.[a-z0-9]{1,10})?")
_EXTENSION_RE = re.compile(r"^[a-z0-9]{1,10}$")


class ExhibitProblem(NamedTuple):
    exhibit_id: str
    number: int
    kind: str  # "missing", "size", "hash", "unreadable", "invalid_name"
    message: str


def sanitized_extension(file_name: str) -> str:
    """The lowercase extension without dot if it is 1-10 ASCII letters or digits, else ""."""
    ext = os.path.splitext(file_name)[1].lower().lstrip(".")
    return ext if _EXTENSION_RE.match(ext) else ""


def generated_name(original_name: str, head: bytes | None = None) -> str:
    """32 random hex digits and an extension: with ``head`` (the file's first bytes), the one
    of the detected type, the original's only when it agrees (dispute.filetypes)."""
    if head is None:
        ext = sanitized_extension(original_name)
    else:
        from dispute.filetypes import extension_for

        ext = extension_for(head, original_name)
        ext = ext if _EXTENSION_RE.match(ext) else ""
    return os.urandom(16).hex() + (f".{ext}" if ext else "")


def media_type(stored_name: str) -> str:
    import mimetypes  # not needed at start-up (bench/startup.py)

    return mimetypes.guess_type(stored_name, strict=False)[0] or "application/octet-stream"


def _display(path: Path) -> str:
    return path.name or str(path)


def open_regular_file(source: Path) -> int:
    """Open ``source`` for reading if it is a regular file, not a link or special file.

    ``lstat`` refuses links and special files (FIFO, device, socket, folder); the file is then
    opened without following links and without blocking, and ``fstat`` checks that it is still
    the same regular file (nothing swapped in between).
    """
    name = _display(source)
    try:
        before = os.lstat(source)
    except FileNotFoundError:
        raise ExhibitError(f"Le fichier « {name} » est introuvable.", path=source) from None
    except OSError as exc:
        raise ExhibitError(
            f"Le fichier « {name} » ne peut pas être lu ({french_os_error(exc)}).", path=source
        ) from None
    if stat.S_ISLNK(before.st_mode):
        raise ExhibitError(
            f"« {name} » est un lien symbolique : seul un fichier ordinaire peut être joint "
            "comme pièce. Joignez le fichier d'origine.",
            path=source,
        )
    if not stat.S_ISREG(before.st_mode):
        raise ExhibitError(
            f"« {name} » n'est pas un fichier ordinaire (dossier, tube ou périphérique) : "
            "il ne peut pas être joint comme pièce.",
            path=source,
        )
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(source, flags)
    except OSError as exc:
        raise ExhibitError(
            f"Le fichier « {name} » ne peut pas être ouvert ({french_os_error(exc)}).", path=source
        ) from None
    after = os.fstat(fd)
    if not stat.S_ISREG(after.st_mode) or (
        os.name == "posix" and (after.st_ino, after.st_dev) != (before.st_ino, before.st_dev)
    ):
        os.close(fd)
        raise ExhibitError(
            f"Le fichier « {name} » a changé pendant l'ajout ; réessayez.", path=source
        )
    return fd


def copy_exhibit(
    source: Path,
    dest_dir: Path,
    *,
    durable: bool = True,
    expected: tuple[int, str] | None = None,
) -> tuple[str, int, str]:
    """Copy ``source`` into ``dest_dir`` under a generated name, atomically.

    Returns ``(stored_name, size, sha256)``, computed while copying. With ``expected``
    (size, sha256), a mismatch raises ``ExhibitError`` and nothing is left behind.
    """
    source = Path(source)
    from dispute.filetypes import HEAD_SIZE

    fd = open_regular_file(source)
    src = os.fdopen(fd, "rb", closefd=True)
    try:
        head = src.read(HEAD_SIZE)
    except OSError as exc:
        src.close()
        raise ExhibitError(
            f"Lecture impossible de « {_display(source)} » ({french_os_error(exc)}).",
            path=source,
        ) from None
    stored_name = generated_name(source.name, head)

    def write(out: IO[bytes]) -> tuple[int, str]:
        import hashlib  # OpenSSL loads in 2-3 ms: not at start-up (bench/startup.py)

        digest = hashlib.sha256(head)
        size = len(head)
        out.write(head)
        while True:
            try:
                chunk = src.read(CHUNK)
            except OSError as exc:
                raise ExhibitError(
                    f"Lecture impossible de « {_display(source)} » "
                    f"({french_os_error(exc)}).",
                    path=source,
                ) from None
            if not chunk:
                break
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
        sha = digest.hexdigest()
        if expected is not None and (size, sha) != (expected[0], expected[1].lower()):
            what = "la taille" if size != expected[0] else "l'empreinte SHA-256"
            raise ExhibitError(
                f"Le fichier « {_display(source)} » ne correspond pas à la pièce attendue "
                f"({what} diffère) : il a peut-être été modifié ou abîmé.",
                path=source,
            )
        return size, sha

    try:
        try:
            created = not dest_dir.is_dir()
            make_private_dir(dest_dir)
            if created and durable:
                fsync_dir(dest_dir.parent)  # the new folder's entry survives a power cut
        except OSError as exc:
            raise write_error(exc, dest_dir) from exc
        size, sha = atomic_write(dest_dir / stored_name, write, durable=durable,
                                 temp_dir=dest_dir.parent)
    finally:
        src.close()
    logger.info("Exhibit %s copied as %s (%d bytes)", source.name, stored_name, size)
    return stored_name, size, sha


def hash_file(path: Path) -> tuple[int, str]:
    import hashlib  # not needed at start-up (bench/startup.py)

    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def exhibit_label(exhibit: Exhibit) -> str:
    title = exhibit.title or exhibit.original_name
    return f"pièce n° {exhibit.number}" + (f" « {title} »" if title else "")


def verify_exhibit(exhibit: Exhibit, path: Path | None) -> ExhibitProblem | None:
    label = exhibit_label(exhibit)
    label = label[:1].upper() + label[1:]  # not str.capitalize: it lowercases the user's title
    if path is None:
        return ExhibitProblem(exhibit.id, exhibit.number, "invalid_name",
                              f"{label} : nom de fichier enregistré invalide.")
    try:
        size, sha = hash_file(path)
    except FileNotFoundError:
        return ExhibitProblem(exhibit.id, exhibit.number, "missing",
                              f"{label} : le fichier est introuvable dans le stockage.")
    except OSError as exc:
        return ExhibitProblem(exhibit.id, exhibit.number, "unreadable",
                              f"{label} : le fichier ne peut pas être lu ({french_os_error(exc)}).")
    if size != exhibit.size:
        return ExhibitProblem(exhibit.id, exhibit.number, "size",
                              f"{label} : la taille du fichier a changé "
                              f"({size} octets au lieu de {exhibit.size}).")
    if sha != exhibit.sha256.lower():
        return ExhibitProblem(exhibit.id, exhibit.number, "hash",
                              f"{label} : le contenu du fichier a changé "
                              "(empreinte SHA-256 différente).")
    return None


def verify_case_exhibits(case: Case, paths: dict[str, Path | None]) -> list[ExhibitProblem]:
    problems = []
    for exhibit in case.exhibits:
        problem = verify_exhibit(exhibit, paths.get(exhibit.id))
        if problem is not None:
            problems.append(problem)
    return problems

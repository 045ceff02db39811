"""Files the user takes away (letters, dossier zips, email drafts) are written through a
temporary file that ``tempfile.mkstemp`` creates owner-only (0600). Such a file must end up
with the permissions any new file of the user gets (0666 less the umask), or a colleague
cannot open it from a shared folder. The private data store keeps its owner-only files.
"""

from __future__ import annotations

import logging
import os

logger = logging.getLogger(__name__)


def _read_umask() -> int:
    # Read once, at import (the application's main thread): os.umask has no getter.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()
SHAREABLE_MODE = 0o666 & ~_UMASK


def make_shareable(fd: int) -> None:
    """Give the temporary file behind ``fd`` the mode of an ordinary new file."""
    try:
        os.fchmod(fd, SHAREABLE_MODE)
    except (AttributeError, OSError) as exc:  # no fchmod on Windows: files are not 0600 there
        logger.debug("Permissions du fichier non modifiées : %s", exc)


class OutputError(OSError):
    """A file the user asked for could not be written; ``str()`` is the French message."""


def replace_atomically(path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder (shareable
    permissions, flushed and fsynced, then renamed over ``path``). On failure the temporary
    file is removed, a previous ``path`` is untouched and the ``OSError`` propagates: each
    caller turns it into its own French message."""
    import tempfile
    from pathlib import Path

    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        make_shareable(fd)
        with os.fdopen(fd, "wb") as handle:
            fd = -1  # the file object owns it now
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise


def write_atomic(path, data: bytes):
    """Write ``data`` to ``path`` atomically (:func:`replace_atomically`): a failure leaves
    nothing behind and a previous file untouched. Raises :class:`OutputError` with a French
    message."""
    from pathlib import Path

    path = Path(path)
    try:
        replace_atomically(path, data)
    except OSError as error:
        from dispute.oserrors import french_os_error

        raise OutputError(f"« {path} » n'a pas pu être enregistré ({french_os_error(error)}) "
                          "; aucun fichier n'a été modifié.") from error
    logger.info("Written %s (%d bytes)", path, len(data))
    return path

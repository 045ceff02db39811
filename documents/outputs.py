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

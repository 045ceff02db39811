"""French descriptions of system errors (``OSError``), for every message a person reads.

``exc.strerror`` is the C library's English text (« No space left on device »): messages built
from it end in English. Qt-free and store-free, so the store, the documents and the GUI share
it.
"""

from __future__ import annotations

import errno


_FRENCH_ERRNO = {
    errno.ENOSPC: "le disque est plein",
    errno.EACCES: "accès refusé",
    errno.EPERM: "opération non permise",
    errno.EROFS: "le disque est en lecture seule",
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.EEXIST: "le fichier existe déjà",
    errno.EISDIR: "c'est un dossier",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.ENAMETOOLONG: "nom de fichier trop long",
    errno.EIO: "erreur d'entrée-sortie du disque",
    errno.EMFILE: "trop de fichiers ouverts",
    errno.EBUSY: "fichier occupé",
    errno.EXDEV: "déplacement entre deux disques impossible",
    errno.EFBIG: "fichier trop volumineux",
    errno.ETIMEDOUT: "délai d'attente dépassé (disque réseau ?)",
    errno.ESTALE: "fichier réseau périmé (disque réseau déconnecté ?)",
    errno.ENOTEMPTY: "le dossier n'est pas vide",
    errno.EINVAL: "argument invalide",
}
if hasattr(errno, "EDQUOT"):
    _FRENCH_ERRNO[errno.EDQUOT] = "le quota de disque est dépassé"


def french_os_error(exc: OSError) -> str:
    """What went wrong, in French, for an ``OSError`` (never the system's English text):
    « le disque est plein », « accès refusé »… or « erreur système n° 42 »."""
    code = exc.errno
    if code in _FRENCH_ERRNO:
        return _FRENCH_ERRNO[code]
    if isinstance(exc, PermissionError):
        return _FRENCH_ERRNO[errno.EACCES]
    if isinstance(exc, FileNotFoundError):
        return _FRENCH_ERRNO[errno.ENOENT]
    if code:
        return f"erreur système n° {code}"
    return "erreur du système de fichiers"

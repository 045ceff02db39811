"""Files given to the user are readable like any file they create (not owner-only)."""

from __future__ import annotations

import stat
import sys
from datetime import date
from pathlib import Path

import pytest

from documents.outputs import SHAREABLE_MODE

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_dossier_zip_and_email_draft_get_the_users_default_permissions(tmp_path):
    from documents.dossier import build_dossier
    from documents.email_draft import write_cpme_email_draft
    from store.casefile import read_case_file

    with read_case_file(ROOT / "examples" / "facturation-entreprise-cpme") as case_file:
        result = build_dossier(case_file.case, case_file.sources, tmp_path / "d.zip",
                               today=date(2026, 11, 22), target="cpme")
        draft = write_cpme_email_draft(case_file.case, tmp_path / "d.eml",
                                       attachment=result.path, today=date(2026, 11, 22))
    assert _mode(result.path) == SHAREABLE_MODE
    assert _mode(draft.path) == SHAREABLE_MODE
    if SHAREABLE_MODE & 0o044:  # the usual umask (022 or 002): others may read it
        assert _mode(result.path) != 0o600


@pytest.mark.parametrize("writer", ["replace_atomically", "write_atomic", "write_file_atomic",
                                    "email"])
def test_every_atomic_writer_leaves_the_old_file_and_no_temporary_on_a_full_disk(
        tmp_path, monkeypatch, writer):
    """The three writers of files the user takes away share one atomic write: a full disk at
    the fsync keeps the previous file, removes the temporary file and ends in the writer's
    own error (a French message for the user)."""
    import errno

    from documents import email_draft, outputs

    target = tmp_path / ("brouillon.eml" if writer == "email" else "courrier.pdf")
    target.write_bytes(b"ancienne version")

    def full_disk(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(outputs.os, "fsync", full_disk)
    if writer == "replace_atomically":
        with pytest.raises(OSError):
            outputs.replace_atomically(target, b"nouvelle version")
    elif writer == "write_atomic":
        with pytest.raises(outputs.OutputError, match="aucun fichier n'a été modifié"):
            outputs.write_atomic(target, b"nouvelle version")
    elif writer == "write_file_atomic":
        from gui.desktop import WriteError, write_file_atomic

        with pytest.raises(WriteError):
            write_file_atomic(target, b"nouvelle version")
    else:
        from tests.test_email_draft import example_case

        with pytest.raises(email_draft.EmailDraftError, match="Impossible d'enregistrer"):
            email_draft.write_cpme_email_draft(example_case(), target, attachment=None)
    assert target.read_bytes() == b"ancienne version"
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]

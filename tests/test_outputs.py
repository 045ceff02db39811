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

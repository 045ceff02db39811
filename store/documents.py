"""Small JSON documents kept beside the cases: the application settings and the drafts of
cases being created in the wizard (so nothing typed is lost on Cancel or a crash).

Both are written with the same atomic protocol as the cases (``store.atomic``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.atomic import atomic_write_bytes, dumps_json, read_json_file
from store.errors import StoreCorruptError
from store.layout import check_case_id

if TYPE_CHECKING:
    from dispute.model import Case

logger = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"
DRAFTS_DIR = "drafts"


def read_settings(data_dir: Path) -> dict[str, Any]:
    """The settings document, ``{}`` when none was saved yet.

    An unreadable file raises ``StoreCorruptError``: the caller shows it and keeps defaults,
    and the file is not overwritten until the user saves settings again.
    """
    path = data_dir / SETTINGS_FILE
    try:
        data = read_json_file(path)
    except FileNotFoundError:
        return {}
    except StoreCorruptError:
        raise
    if not isinstance(data, dict):
        raise StoreCorruptError(
            f"Le fichier des paramètres « {path} » est illisible : les valeurs par défaut sont "
            "utilisées.", path=path)
    return data


def write_settings(data_dir: Path, settings: dict[str, Any], *, durable: bool = True) -> None:
    atomic_write_bytes(data_dir / SETTINGS_FILE, dumps_json(settings, indent=2), durable=durable)


def _draft_path(data_dir: Path, case_id: str) -> Path:
    return data_dir / DRAFTS_DIR / f"{check_case_id(case_id)}.json"


def save_draft(data_dir: Path, case: Case, *, durable: bool = True) -> None:
    from dispute.codec import case_to_dict

    folder = data_dir / DRAFTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(_draft_path(data_dir, case.id), dumps_json(case_to_dict(case)),
                       durable=durable)


def list_drafts(data_dir: Path) -> list[Case]:
    """Readable drafts, newest first. An unreadable draft is logged and skipped, not deleted."""
    from dispute.codec import CodecError, case_from_dict

    folder = data_dir / DRAFTS_DIR
    drafts: list[tuple[float, Case]] = []
    try:
        paths = sorted(folder.glob("*.json"))
    except OSError:
        return []
    for path in paths:
        try:
            case = case_from_dict(read_json_file(path))
            drafts.append((path.stat().st_mtime, case))
        except (OSError, StoreCorruptError, CodecError) as exc:
            logger.warning("Brouillon illisible ignoré : %s (%s)", path, exc)
    return [case for _, case in sorted(drafts, key=lambda item: item[0], reverse=True)]


def discard_draft(data_dir: Path, case_id: str) -> None:
    try:
        _draft_path(data_dir, case_id).unlink()
    except FileNotFoundError:
        pass

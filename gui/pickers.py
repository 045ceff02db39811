"""Small choice dialogs: a wizard draft to resume, a backup to restore.

Each returns the chosen object or None. Tests replace ``chooser`` to answer without a modal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import QInputDialog, QWidget

chooser: Callable[[str, str, list[str]], int | None] | None = None
"""Test hook: receives (title, prompt, labels) and returns the chosen index or None."""


@dataclass(frozen=True)
class Choice:
    label: str
    value: object


def _choose(parent: QWidget | None, title: str, prompt: str,
            choices: Sequence[Choice]) -> object | None:
    labels = [c.label for c in choices]
    if chooser is not None:
        index = chooser(title, prompt, labels)
        return None if index is None else choices[index].value
    text, ok = QInputDialog.getItem(parent, title, prompt, labels, 0, False)
    if not ok:
        return None
    return choices[labels.index(text)].value


def pick_draft(parent: QWidget | None, drafts):
    choices = []
    for number, d in enumerate(drafts, start=1):  # numbered, never by its internal id
        choices.append(Choice(f"{number}. {d.subscriber.name or 'Sans nom'} — "
                              f"{d.operator.name or 'opérateur ?'} — "
                              f"{len(d.events)} événement(s)", d))
    return _choose(parent, parent.tr("Reprendre un brouillon") if parent else "Brouillon",
                   "Brouillon à reprendre :", choices)


BACKUP_KINDS = {"auto": "automatique", "manual": "faite à la demande",
                "before-restore": "faite avant une restauration"}
"""French names of the kinds of ``store.backup`` (an unknown kind: « autre »)."""


def backup_label(b) -> str:
    """« 03/12/2026 à 03:54 (faite à la demande, 14 Ko) »: French kind and size (fresh-eyes
    30: « automatique, 0.0 Mo » for a 14 KB backup made by « Sauvegarder maintenant »)."""
    from documents.exhibit_index import human_size

    when = b.created.astimezone().strftime("%d/%m/%Y à %H:%M")
    return f"{when} ({BACKUP_KINDS.get(b.kind, 'autre')}, {human_size(b.size)})"


def backup_done_text(path) -> str:
    """The status bar after a backup: where it is, and what it does not hold (the attached
    files stay in the data folder, docs/store.md), so nobody takes it for a copy to move to
    another computer."""
    return (f"Sauvegarde effectuée : {path} (les dossiers, sans les pièces jointes, qui "
            "restent dans le dossier de données).")


@dataclass(frozen=True)
class BackupChoice:
    path: object
    label: str


def choose_backup(parent: QWidget | None, backups) -> BackupChoice | None:
    if not backups:
        from gui import dialogs

        dialogs.information(parent, "Restaurer une sauvegarde", "Aucune sauvegarde disponible.")
        return None
    choices = [Choice(backup_label(b), BackupChoice(
        b.path, b.created.astimezone().strftime("%d/%m/%Y à %H:%M"))) for b in backups]
    return _choose(parent, "Restaurer une sauvegarde", "Sauvegarde à restaurer :", choices)

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


@dataclass(frozen=True)
class BackupChoice:
    path: object
    label: str


def choose_backup(parent: QWidget | None, backups) -> BackupChoice | None:
    if not backups:
        from gui import dialogs

        dialogs.information(parent, "Restaurer une sauvegarde", "Aucune sauvegarde disponible.")
        return None
    choices = []
    for b in backups:
        when = b.created.astimezone().strftime("%d/%m/%Y à %H:%M")
        kind = "automatique" if b.kind == "auto" else b.kind
        label = f"{when} ({kind}, {b.size / 1_048_576:.1f} Mo)"
        choices.append(Choice(label, BackupChoice(b.path, when)))
    return _choose(parent, "Restaurer une sauvegarde", "Sauvegarde à restaurer :", choices)

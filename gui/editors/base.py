"""The contract every section editor follows (wizard pages and the case view both use it).

An editor shows one section of a case (subscriber, operator, lines, contract, dispute,
timeline, invoice lines). It never writes to the store by itself, except the timeline, which
copies attached files into the store as exhibits (``CaseStore.add_exhibit``) because a file
must be captured while it exists; the case itself is saved by whoever owns it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from dispute.model import Case
from dispute.validation import Severity, ValidationIssue


class SectionEditor(QWidget):
    """Base class: ``load`` a case into the widgets, ``apply`` the widgets to a case."""

    changed = Signal()
    """Emitted on every user edit (the wizard saves a draft and revalidates)."""

    title: str = ""

    def load(self, case: Case) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def apply(self, case: Case) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def issues(self, case: Case, today: date) -> list[ValidationIssue]:
        """Validation issues of this section for ``case`` (after ``apply``)."""
        return []

    def is_valid(self, case: Case, today: date) -> bool:
        return not any(i.severity is Severity.ERROR for i in self.issues(case, today))

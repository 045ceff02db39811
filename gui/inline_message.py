"""The message shown under a field (« Erreur : », « Attention : »), in a reserved room so
that the form does not jump, the issue texts it shows, and the grey hint label.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QStyle, QWidget

from dispute.validation import InvalidValueError, ValidationIssue
from gui.plain_text import plain_tip

logger = logging.getLogger(__name__)

ERROR_COLOUR = "#b3261e"
WARNING_COLOUR = "#7a4f01"
INFO_COLOUR = "#3c4043"
HINT_COLOUR = "#5f6368"


# --------------------------------------------------------------------------------------------
# Inline messages


class InlineMessage(QWidget):
    """A message under a field: an icon and a prefixed text (« Erreur : », « Attention : »),
    so the meaning never rests on colour alone.

    Under a field (``lines`` > 0, the default) the message keeps its room even when there is
    nothing to say, so the fields below never move while the user types. The form tells it
    the longest messages the field can show (``reserve_for``): the room is then as high as
    they need, wrapped whole at the message's width — set when the width changes, never by
    the text shown. A text longer than the room anyway is cut with « … » and shown whole in
    its tooltip (and accessible name). A banner (``lines=0``) is hidden when empty and grows
    with its text.
    """

    RESERVED_LINES = 2
    USUAL_WIDTH = 320

    def __init__(self, parent: QWidget | None = None, *, lines: int = RESERVED_LINES) -> None:
        super().__init__(parent)
        # Under a field, the icon and the text sit in a box placed by hand (resizeEvent): a
        # widget with a layout would be sized by its layout's height for width (the text's,
        # 0 when empty), not by this widget's own ``heightForWidth`` (its reserved room).
        self._box = QWidget(self) if lines > 0 else self
        layout = QHBoxLayout(self._box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.icon = QLabel(self._box)
        self.icon.setFixedSize(16, 16)
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label = QLabel(self._box)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)
        self.severity: str = ""
        self._full = ""
        self._lines = max(0, lines)
        self._samples: tuple[str, ...] = ()
        if self._lines:
            # its height follows its width (heightForWidth): laid out in the same pass as
            # the fields around it, never corrected afterwards (the fields would jump)
            # (expanding across, as its text's box did: the row takes the form's width)
            policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            policy.setHeightForWidth(True)
            self.setSizePolicy(policy)
        else:
            self.label.setSizePolicy(QSizePolicy.Policy.Expanding,
                                     QSizePolicy.Policy.Preferred)
            self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
            self.setVisible(False)

    def text(self) -> str:
        return self._full if self.severity else ""

    def shown_text(self) -> str:
        """The text as it fits in the reserved room (cut with « … » when too long)."""
        return self.label.text()

    def clear(self) -> None:
        self.set_message("")

    def set_message(self, text: str, severity: str = "error") -> None:
        """``severity``: "error", "warning" or "info"; an empty text clears the message."""
        if not text:
            self.severity = ""
            self._full = ""
            self.label.clear()
            self.icon.clear()
            self.setToolTip("")
            self.setAccessibleName("")
            if not self._lines:
                self.setVisible(False)
            return
        self.severity = severity
        self._full = text
        pixmap_kind, colour = {
            "error": (QStyle.StandardPixmap.SP_MessageBoxCritical, ERROR_COLOUR),
            "warning": (QStyle.StandardPixmap.SP_MessageBoxWarning, WARNING_COLOUR),
        }.get(severity, (QStyle.StandardPixmap.SP_MessageBoxInformation, INFO_COLOUR))
        self.icon.setPixmap(self.style().standardIcon(pixmap_kind).pixmap(QSize(16, 16)))
        self.label.setStyleSheet(f"color: {colour};")
        self.setAccessibleName(text)
        self._fit()
        if not self._lines:
            self.setVisible(True)

    def reserve_for(self, *texts: str) -> None:
        """Keep room for the longest of ``texts`` — the messages this field can show, with
        their « Erreur : » / « Attention : » prefix — wrapped whole at the message's width."""
        self._samples = tuple(t for t in texts if t)
        self.updateGeometry()

    def reserved_lines(self, width: int | None = None) -> int:
        """The lines kept at ``width`` (default: the current one): those asked for, or what
        the longest expected message needs there — a width, never a message, changes it."""
        if not self._lines:
            return 0
        text_width = self._text_width(self.width() if width is None else width)
        return max([self._lines, *(self._lines_for(t, text_width) for t in self._samples)])

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True if self._lines else super().hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        if not self._lines:
            return super().heightForWidth(width)
        return self.label.fontMetrics().lineSpacing() * self.reserved_lines(width) + 2

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        if not self._lines:
            return super().sizeHint()
        # before it is laid out (a window sizing itself to its form) its width is Qt's
        # default 100 px: a usual field's width gives a closer height than that
        width = self.width() if self.isVisible() and self.width() > 120 else self.USUAL_WIDTH
        return QSize(self._box.sizeHint().width(), self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        if not self._lines:
            return super().minimumSizeHint()
        # the least it may take; the layout asks heightForWidth for the real height
        return QSize(self._box.minimumSizeHint().width(),
                     self.label.fontMetrics().lineSpacing() * self._lines + 2)

    def _text_width(self, width: int | None = None) -> int:
        width = self.width() if width is None else width
        return max(width - self.icon.width() - 6, 120)

    def _lines_for(self, text: str, width: int) -> int:
        metrics = self.label.fontMetrics()
        rect = metrics.boundingRect(0, 0, width, 100_000, int(Qt.TextFlag.TextWordWrap), text)
        return -(-rect.height() // metrics.lineSpacing())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self._box is not self:
            self._box.setGeometry(self.rect())
        if self._full:
            self._fit()

    def _fit(self) -> None:
        """Show the text whole, or cut to the reserved lines with its tooltip."""
        text = self._full
        if not self._lines or not self.isVisible():
            # a banner grows; a message not shown yet has no width to fit: whole for now,
            # fitted when shown (resizeEvent)
            self.label.setText(text)
            self.setToolTip("")
            return
        width = self._text_width()
        metrics = self.label.fontMetrics()
        room = metrics.lineSpacing() * self.reserved_lines()

        def fits(candidate: str) -> bool:
            rect = metrics.boundingRect(0, 0, width, 100_000,
                                        int(Qt.TextFlag.TextWordWrap), candidate)
            return rect.height() <= room

        shown = text
        if not fits(text):
            low, high = 0, len(text)
            while low < high:  # the longest prefix that fits with « … »
                middle = (low + high + 1) // 2
                if fits(text[:middle].rstrip() + " …"):
                    low = middle
                else:
                    high = middle - 1
            shown = text[:low].rstrip() + " …"
        self.label.setText(shown)
        self.setToolTip(plain_tip(text) if shown != text else "")

    def set_issues(self, issues: Iterable[ValidationIssue]) -> None:
        """Errors first, each line prefixed « Erreur : » or « Attention : »."""
        issues = list(issues)
        severity = "error" if any(i.is_error for i in issues) else "warning"
        self.set_message(issues_text(issues), severity)

    def reserve_for_issues(self, *groups: Iterable[ValidationIssue]) -> None:
        """``reserve_for`` the texts of these groups of issues, each shown as ``set_issues``
        would show it."""
        self.reserve_for(*(issues_text(group) for group in groups))


def issues_text(issues: Iterable[ValidationIssue]) -> str:
    """Issues as a message under a field shows them: errors first, one a line, each prefixed
    « Erreur : » or « Attention : »."""
    ordered = sorted(dict.fromkeys(issues), key=lambda i: 0 if i.is_error else 1)
    return "\n".join(("Erreur : " if i.is_error else "Attention : ") + i.message
                     for i in ordered)


def value_errors(check, *values: str) -> list[ValidationIssue]:
    """The errors ``check`` (a validator raising ``InvalidValueError``) gives for ``values``,
    as issues: what a field's message must have room for (``reserve_for_issues``)."""
    from dispute.validation import Severity

    out = []
    for value in values:
        try:
            check(value)
        except InvalidValueError as exc:
            out.append(ValidationIssue(path="", message=exc.message, severity=Severity.ERROR,
                                       code=exc.code))
    return out


def hint_label(text: str, parent: QWidget | None = None) -> QLabel:
    """A discreet explanatory text (grey, wrapped)."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {HINT_COLOUR};")
    return label

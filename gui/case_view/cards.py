"""Small widgets of the case window: a card (icon, title, lines) with a « Pourquoi ? » toggle.

Meaning never rests on colour alone: each card has an icon and its state in words.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QSizePolicy,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.widgets import ERROR_COLOUR, HINT_COLOUR, INFO_COLOUR, WARNING_COLOUR

OK_COLOUR = "#1e6b34"

SEVERITY_ICONS = {
    "error": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
    "ok": QStyle.StandardPixmap.SP_DialogApplyButton,
    "closed": QStyle.StandardPixmap.SP_DialogCancelButton,
    "neutral": QStyle.StandardPixmap.SP_MessageBoxInformation,  # done with: no alarm
}
SEVERITY_COLOURS = {"error": ERROR_COLOUR, "warning": WARNING_COLOUR, "info": INFO_COLOUR,
                    "ok": OK_COLOUR, "closed": INFO_COLOUR, "neutral": HINT_COLOUR}


def severity_icon(widget: QWidget, severity: str) -> QIcon:
    return widget.style().standardIcon(SEVERITY_ICONS.get(severity, SEVERITY_ICONS["info"]))


def clear_layout(layout: QLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())


def wrapped_label(text: str, parent: QWidget | None = None, *, colour: str = "",
                  bold: bool = False, selectable: bool = True) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    style = []
    if colour:
        style.append(f"color: {colour};")
    if bold:
        style.append("font-weight: bold;")
    if style:
        label.setStyleSheet(" ".join(style))
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class WhyToggle(QWidget):
    """A « Pourquoi ? » button that shows or hides the explanation under it."""

    def __init__(self, text: str, subject: str, parent: QWidget | None = None,
                 caption: str = "") -> None:
        super().__init__(parent)
        self.button = QToolButton(self)
        self.button.setText(caption or self.tr("Pourquoi ?"))
        self.button.setCheckable(True)
        self.button.setAutoRaise(True)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setArrowType(Qt.ArrowType.RightArrow)
        self.button.setStyleSheet("QToolButton { color: #1a5fb4; }")
        self.button.setAccessibleName(self.tr("Pourquoi ? — {subject}").format(subject=subject))
        self.button.setToolTip(self.tr("Afficher la règle, sa source et la date utilisée"))
        self.text = wrapped_label(text, self, colour="#202124")
        self.text.setStyleSheet("color: #202124; background: #f1f3f4; padding: 6px; "
                                "border-left: 3px solid #9aa0a6;")
        self.text.setAccessibleName(self.tr("Explication — {subject}").format(subject=subject))
        self.text.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.text)
        self.button.toggled.connect(self._toggled)

    def _toggled(self, on: bool) -> None:
        self.text.setVisible(on)
        self.button.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)

    def explanation(self) -> str:
        return self.text.text()


class Card(QFrame):
    """A framed block: an icon, a bold title, lines of text, optional « Pourquoi ? »."""

    def __init__(self, title: str, severity: str = "info", parent: QWidget | None = None,
                 *, key: str = "") -> None:
        super().__init__(parent)
        self.key = key
        self.title_text = title
        self.severity = severity
        self.setObjectName("card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame#card { border: 1px solid #dadce0; border-radius: 4px; "
                           "background: palette(base); }")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(8, 6, 8, 6)
        outer.setSpacing(8)
        self.icon = QLabel(self)
        self.icon.setFixedSize(20, 20)
        self.icon.setPixmap(severity_icon(self, severity).pixmap(QSize(18, 18)))
        outer.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        self.body = QVBoxLayout()
        self.body.setSpacing(2)
        outer.addLayout(self.body, 1)
        self.title = wrapped_label(title, self, bold=True)
        self.body.addWidget(self.title)
        self.whys: list[WhyToggle] = []
        self.lines: list[QLabel] = []
        self.setAccessibleName(title)

    def add_line(self, text: str, severity: str = "", *, icon: bool = False) -> QLabel:
        colour = SEVERITY_COLOURS.get(severity, "") if severity else ""
        if icon and severity:
            row = QWidget(self)
            box = QHBoxLayout(row)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(4)
            pic = QLabel(row)
            pic.setFixedSize(16, 16)
            pic.setPixmap(severity_icon(self, severity).pixmap(QSize(14, 14)))
            box.addWidget(pic, 0, Qt.AlignmentFlag.AlignTop)
            label = wrapped_label(text, row, colour=colour)
            box.addWidget(label, 1)
            self.body.addWidget(row)
        else:
            label = wrapped_label(text, self, colour=colour)
            self.body.addWidget(label)
        self.lines.append(label)
        return label

    def add_hint(self, text: str) -> QLabel:
        label = wrapped_label(text, self, colour=HINT_COLOUR)
        self.body.addWidget(label)
        self.lines.append(label)
        return label

    def add_why(self, text: str, subject: str = "", caption: str = "") -> WhyToggle | None:
        if not text:
            return None
        why = WhyToggle(text, subject or self.title_text, self, caption)
        self.body.addWidget(why)
        self.whys.append(why)
        return why

    def add_widget(self, widget: QWidget) -> None:
        self.body.addWidget(widget)

    def text(self) -> str:
        """Everything the card says (tests, accessibility)."""
        parts = [self.title_text] + [label.text() for label in self.lines]
        parts += [w.explanation() for w in self.whys]
        return "\n".join(parts)


def section_heading(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setStyleSheet("font-size: 13pt; font-weight: bold; margin-top: 6px;")
    label.setAccessibleName(text)
    return label

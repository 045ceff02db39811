"""Small shared widgets for the forms: dates that may be empty, amounts, phone numbers, postal
addresses, and the inline message shown under a field.

Every input widget here emits ``edited`` when the user changes its value (typing, picking in
the calendar, normalisation on focus-out), never when the program sets it: forms connect
``edited`` to their ``changed`` signal.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)


from dispute.model import PostalAddress
from dispute.validation import (
    MAX_ADDRESS_LINE_LENGTH,
    MAX_ADDRESS_LINES,
    InvalidValueError,
    ValidationIssue,
    format_date_fr,
    normalize_phone,
    parse_amount,
)
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


# --------------------------------------------------------------------------------------------
# Dates

_DATE_RE = re.compile(r"^\s*(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{2}|\d{4})\s*$")
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_COMPACT_RE = re.compile(r"^\s*(\d{2})(\d{2})(\d{4}|\d{2})\s*$")


def parse_date_fr(text: str) -> date | None:
    """``"03/02/2026"``, ``"3.2.26"``, ``"03022026"``, ``"2026-02-03"`` → a date; ``""`` → None.

    Raises :class:`InvalidValueError` with a French message.
    """
    if not (text or "").strip():
        return None
    match = _DATE_RE.match(text) or _COMPACT_RE.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            year += 2000
    else:
        iso = _ISO_RE.match(text)
        if not iso:
            raise InvalidValueError(
                f"Date illisible (« {text.strip()} ») : saisissez-la sous la forme JJ/MM/AAAA, "
                "par exemple 03/02/2026.", "date.format")
        year, month, day = (int(g) for g in iso.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidValueError(
            f"Cette date n'existe pas (« {text.strip()} ») : vérifiez le jour et le mois.",
            "date.invalid") from None


class _FocusOutLineEdit(QLineEdit):
    focusLost = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focusLost.emit()


class DateLine(_FocusOutLineEdit):
    """The line of every date field: its text is selected whole when it gets the focus, by a
    click as by Tab or a mnemonic, so a date typed replaces the one shown (a click put the
    cursor inside « 08/09/2026 » and typing gave « 08/09/208026 »). A second click, in a
    line that has the focus, places the cursor as usual."""

    _KEYBOARD = (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason,
                 Qt.FocusReason.ShortcutFocusReason)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._select_on_press = False

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        super().focusInEvent(event)
        if event.reason() == Qt.FocusReason.MouseFocusReason:
            # the press that gave the focus places the cursor after this: select then
            self._select_on_press = True
        elif event.reason() in self._KEYBOARD:
            self.selectAll()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        self._select_on_press = False
        super().focusOutEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().mousePressEvent(event)
        if self._select_on_press:
            self._select_on_press = False
            self.selectAll()


class DateField(QWidget):
    """A date that may be empty (« sans date »): typed as JJ/MM/AAAA or picked in a calendar.

    ``date_value()`` is None when empty or unreadable; ``error()`` says why it is unreadable.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None, *, accessible_name: str = "") -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.line = DateLine(self)
        self.line.setPlaceholderText(self.tr("JJ/MM/AAAA"))
        self.line.setMaxLength(12)
        self.line.setMinimumWidth(self.line.fontMetrics().horizontalAdvance("00/00/00000") + 16)
        self.line.setMaximumWidth(self.line.fontMetrics().horizontalAdvance("00/00/0000000") + 16)
        self.line.setToolTip(self.tr("Saisissez la date (JJ/MM/AAAA) ou laissez vide s'il n'y "
                                     "en a pas."))
        self.button = QToolButton(self)
        self.button.setArrowType(Qt.ArrowType.DownArrow)
        self.button.setToolTip(self.tr("Choisir dans le calendrier"))
        self.button.setAccessibleName(self.tr("Ouvrir le calendrier"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.button)
        self.calendar = QCalendarWidget(menu)
        self.calendar.setGridVisible(True)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._sync_calendar)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self._menu = menu
        self.button.setMenu(menu)
        self.button.setFixedHeight(self.line.sizeHint().height())
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.line)
        layout.addWidget(self.button)
        layout.addStretch(1)
        # focus given to the field goes to its line (focusInEvent); no focus proxy, which Qt
        # follows when Tab meets this widget in the chain, sending Tab back to the date
        self.line.textEdited.connect(lambda _text: self.edited.emit())
        self.line.focusLost.connect(self.normalise)
        if accessible_name:
            self.setAccessibleName(accessible_name)

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        self.line.setAccessibleName(name)

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().focusInEvent(event)
        self.line.setFocus(event.reason())

    def tab_target(self) -> QWidget:
        """The widget Tab stops at (``gui.editors.common.tab_order``)."""
        return self.line

    def _sync_calendar(self) -> None:
        value = self.date_value()
        shown = value or date.today()
        self.calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))

    def _picked(self, qdate: QDate) -> None:
        self.set_date_value(date(qdate.year(), qdate.month(), qdate.day()))
        self._menu.hide()
        self.edited.emit()

    def normalise(self) -> None:
        try:
            value = parse_date_fr(self.line.text())
        except InvalidValueError:
            return
        text = format_date_fr(value) if value else ""
        if text != self.line.text():
            self.line.setText(text)
            self.edited.emit()

    def text(self) -> str:
        return self.line.text()

    def date_value(self) -> date | None:
        try:
            return parse_date_fr(self.line.text())
        except InvalidValueError:
            return None

    def set_date_value(self, value: date | None) -> None:
        self.line.setText(format_date_fr(value) if value else "")

    def error(self) -> str:
        try:
            parse_date_fr(self.line.text())
        except InvalidValueError as exc:
            return exc.message
        return ""


# --------------------------------------------------------------------------------------------
# Amounts and phone numbers


def format_amount_input(value: Decimal) -> str:
    """The amount as it is typed back in a field: ``Decimal("1234.5")`` → ``"1234,50"``."""
    exponent = value.as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return f"{value:.{places}f}".replace(".", ",")


class AmountField(_FocusOutLineEdit):
    """An amount in euros, typed « 12,50 » or « 12.50 € »; empty means no amount."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None, *, accessible_name: str = "") -> None:
        super().__init__(parent)
        self.setPlaceholderText(self.tr("0,00"))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("0 000 000,00 €") + 16)
        self.textEdited.connect(lambda _text: self.edited.emit())
        self.focusLost.connect(self.normalise)
        if accessible_name:
            self.setAccessibleName(accessible_name)

    def normalise(self) -> None:
        value = self.amount()
        if value is None:
            return
        text = format_amount_input(value)
        if text != self.text():
            self.setText(text)
            self.edited.emit()

    def amount(self) -> Decimal | None:
        if not self.text().strip():
            return None
        try:
            return parse_amount(self.text())
        except InvalidValueError:
            return None

    def set_amount(self, value: Decimal | None) -> None:
        self.setText("" if value is None else format_amount_input(value))

    def error(self) -> str:
        if not self.text().strip():
            return ""
        try:
            parse_amount(self.text())
        except InvalidValueError as exc:
            return exc.message
        return ""


class TaxBasisField(QWidget):
    """« TTC » or « HT » for an amount, and the VAT rate (%) for HT. Shown for a business
    subscriber only: a private subscriber's amounts are TTC, with no HT noise."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None, *, accessible_name: str = "") -> None:
        from PySide6.QtWidgets import QComboBox, QDoubleSpinBox

        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.basis = QComboBox(self)
        self.basis.addItem(self.tr("TTC"), "ttc")
        self.basis.addItem(self.tr("HT"), "ht")
        self.rate = QDoubleSpinBox(self)
        self.rate.setRange(0, 100)
        self.rate.setDecimals(2)
        self.rate.setSingleStep(0.5)
        self.rate.setSuffix(" %")
        self.rate.setValue(20.0)
        self.rate_label = QLabel(self.tr("TVA"), self)
        layout.addWidget(self.basis)
        layout.addWidget(self.rate_label)
        layout.addWidget(self.rate)
        layout.addStretch(1)
        self.basis.currentIndexChanged.connect(self._changed)
        self.rate.valueChanged.connect(lambda _v: self.edited.emit())
        if accessible_name:
            self.basis.setAccessibleName(accessible_name)
            self.rate.setAccessibleName(self.tr("Taux de TVA"))
        self._changed(emit=False)

    def tab_fields(self) -> list[QWidget]:
        """The fields Tab stops at, as shown: HT or TTC, then the rate
        (``gui.editors.common.tab_order``)."""
        return [self.basis, self.rate]

    def _changed(self, *_args, emit: bool = True) -> None:
        ht = self.basis.currentData() == "ht"
        self.rate.setEnabled(ht)
        self.rate_label.setEnabled(ht)
        if emit:
            self.edited.emit()

    def set_values(self, basis, rate: Decimal) -> None:
        self.blockSignals(True)
        try:
            self.basis.setCurrentIndex(max(0, self.basis.findData(getattr(basis, "value",
                                                                          basis))))
            self.rate.setValue(float(rate))
            self._changed(emit=False)
        finally:
            self.blockSignals(False)

    def values(self) -> tuple[str, Decimal]:
        """(``"ttc"`` or ``"ht"``, the VAT rate as a two-decimal Decimal)."""
        return self.basis.currentData(), Decimal(str(round(self.rate.value(), 2))).quantize(
            Decimal("0.01"))


class PhoneField(_FocusOutLineEdit):
    """A phone number, rewritten « 02 31 27 90 60 » when the field loses focus (if valid)."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None, *, accessible_name: str = "") -> None:
        super().__init__(parent)
        self.setPlaceholderText(self.tr("02 31 27 90 60"))
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("+33 0 00 00 00 00 00") + 24)
        self.textEdited.connect(lambda _text: self.edited.emit())
        self.focusLost.connect(self.normalise)
        if accessible_name:
            self.setAccessibleName(accessible_name)

    def normalise(self) -> None:
        text = self.text()
        if not text.strip():
            return
        try:
            display = normalize_phone(text).display
        except InvalidValueError:
            return
        if display != text:
            self.setText(display)
            self.edited.emit()


def normalise_fields(root: QWidget) -> None:
    """Rewrite every date, amount and phone field under ``root`` in its normal form, as
    leaving the field would (used before a page is validated: Enter moves on without it)."""
    for field in root.findChildren(QWidget):
        if isinstance(field, (DateField, AmountField, PhoneField)):
            field.normalise()


class TextField(QLineEdit):
    """A QLineEdit emitting ``edited`` on user edits (same interface as the other fields)."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None, *, accessible_name: str = "",
                 placeholder: str = "") -> None:
        super().__init__(parent)
        self.textEdited.connect(lambda _text: self.edited.emit())
        if accessible_name:
            self.setAccessibleName(accessible_name)
        if placeholder:
            self.setPlaceholderText(placeholder)


# --------------------------------------------------------------------------------------------
# Postal address


# The street lines of NF Z10-011, in print order (lines 2 to 5 of the block): the short label
# shown left of the field, its placeholder, its accessible name. Line 4 (number and street) is
# the main one: its label is not greyed and the editor's heading points at it.
STREET_LINES = (
    ("Complément", "Appartement, étage, service…", "complément (appartement, étage, service)"),
    ("Bâtiment", "Bâtiment, résidence, entrée…", "bâtiment, résidence, entrée"),
    ("N° et voie", "Ex. : 12 rue des Lilas", "numéro et nom de la voie"),
    ("Lieu-dit, BP", "Lieu-dit, BP, TSA, CS…", "lieu-dit, boîte postale, TSA ou CS"),
)
MAIN_STREET_LINE = 2  # index of « N° et voie » in ``AddressEditor.street``

_VOIE_WORDS = (
    "rue", "avenue", "av", "boulevard", "bd", "bld", "chemin", "place", "allée", "allee",
    "impasse", "route", "rte", "quai", "cours", "square", "passage", "voie", "chaussée",
    "chaussee", "rond-point", "sentier", "faubourg", "fbg", "promenade", "esplanade", "parvis",
    "mail", "ruelle", "venelle", "traverse", "montée", "montee", "côte", "cote", "cité", "cite",
    "lotissement", "zone", "za", "zi", "zac", "parc",
)
_STREET_RE = re.compile(
    r"^\s*\d+\s*(?:bis|ter|quater|[a-z])?\b|^\s*(?:" + "|".join(_VOIE_WORDS) + r")\b",
    re.IGNORECASE)
_BUILDING_RE = re.compile(
    r"^\s*(?:bât|bat|bâtiment|batiment|résidence|residence|rés|immeuble|imm|entrée|entree|"
    r"tour|bloc|villa|escalier|esc|hall)\b\.?", re.IGNORECASE)
_POSTAL_RE = re.compile(
    r"^\s*(?:bp|cs|tsa|lieu[- ]dit|l[ie]d|boîte postale|boite postale|hameau|ham|"
    r"poste restante|cedex)\b|\b(?:bp|cs|tsa)\s*\d", re.IGNORECASE)


def street_line_slots(lines: list[str], slots: int = len(STREET_LINES)) -> list[int]:
    """Where each street line of an address goes among the ``slots`` NF Z10-011 fields.

    The model keeps the street lines in print order without their position, so a saved
    « 12 rue des Lilas » would otherwise come back in the « Complément » field. Each line is
    recognised (a number or a kind of street → « N° et voie »; « Bâtiment… » → « Bâtiment »;
    BP, TSA, CS, lieu-dit → « Lieu-dit, BP »; anything else → « Complément »), then the order
    is kept: each line goes at or after the slot of the previous one, leaving room for the
    next ones. More lines than fields: one line per field, in order.
    """
    if len(lines) >= slots:
        return list(range(len(lines)))
    out: list[int] = []
    for index, line in enumerate(lines):
        if _POSTAL_RE.search(line):
            wanted = 3
        elif _STREET_RE.search(line):
            wanted = 2
        elif _BUILDING_RE.search(line):
            wanted = 1
        else:
            wanted = 0
        lowest = out[-1] + 1 if out else 0
        highest = slots - (len(lines) - index)
        out.append(min(max(wanted, lowest), highest))
    return out


class AddressEditor(QWidget):
    """A French postal address (NF Z10-011): street lines 2 to 5, postcode and city, country.

    The street lines are labelled in print order (« Complément », « Bâtiment », « N° et
    voie », « Lieu-dit, BP »); the heading (``mnemonic``) leads to « N° et voie », the line
    most addresses need. Each street line shows its length against the 38-character limit as
    it is typed, and a summary counts the printed lines (recipient included) against the 6
    allowed. The validation messages themselves are shown in ``message`` by the owning form.
    """

    edited = Signal()

    STREET_HINTS = tuple(placeholder for _, placeholder, _ in STREET_LINES)

    def __init__(self, parent: QWidget | None = None, *, accessible_prefix: str = "Adresse",
                 mnemonic: str = "&Adresse", line_mnemonics: bool = True) -> None:
        super().__init__(parent)
        self._prefix = accessible_prefix
        self._recipient = ""
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(1, 1)
        self.street: list[TextField] = []
        self.counters: list[QLabel] = []
        self.street_labels: list[QLabel] = []
        self.heading = QLabel(mnemonic, self)
        self.heading.setStyleSheet("font-weight: bold;")
        self.grid.addWidget(self.heading, 0, 0, 1, 3)
        for _ in range(len(STREET_LINES)):
            self._add_street_line()
        self.heading.setBuddy(self.street[MAIN_STREET_LINE])
        self.first_label = self.heading  # kept for callers of the former name
        # a hint that cannot be taken for a value already typed (« 14000 » looked like one)
        self.postcode = TextField(self, accessible_name=f"{accessible_prefix} : code postal",
                                  placeholder=self.tr("5 chiffres"))
        self.postcode.setMaxLength(10)
        self.postcode.setMaximumWidth(self.postcode.fontMetrics().horizontalAdvance(
            self.postcode.placeholderText()) + 24)
        self.city = TextField(self, accessible_name=f"{accessible_prefix} : localité",
                              placeholder=self.tr("Localité"))
        self.city.setToolTip(self.tr("La localité, suivie s'il y a lieu de « CEDEX » et de son "
                                     "numéro (imprimée en majuscules)."))
        self.country = TextField(self, accessible_name=f"{accessible_prefix} : pays",
                                 placeholder=self.tr("Vide pour la France"))
        # a second address on one form (the structure's) leaves Alt+O and Alt+Y to the first
        self.city_label = QLabel(self.tr("Code p&ostal, localité") if line_mnemonics
                                 else self.tr("Code postal, localité"), self)
        self.city_label.setBuddy(self.postcode)
        self.country_label = QLabel(self.tr("Pa&ys") if line_mnemonics else self.tr("Pays"),
                                    self)
        self.country_label.setBuddy(self.country)
        city_row = QHBoxLayout()
        city_row.setSpacing(6)
        city_row.addWidget(self.postcode)
        city_row.addWidget(self.city, 1)
        self.city_counter = self._counter()
        self.summary = QLabel(self)
        self.summary.setStyleSheet(f"color: {HINT_COLOUR};")
        self.summary.setWordWrap(True)
        # two lines kept for it: « vide » then « 3 ligne(s) sur 6… » must not push the form
        self.summary.setMinimumHeight(self.summary.fontMetrics().lineSpacing() * 2 + 2)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.message = InlineMessage(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)
        outer.addLayout(self.grid)
        self._city_row = city_row
        self._place_city_rows()
        outer.addWidget(self.summary)
        outer.addWidget(self.message)
        for field in (self.postcode, self.city, self.country):
            field.edited.connect(self._on_edit)
        # Focus given to the address goes to « N° et voie » (focusInEvent), but not through a
        # focus proxy: Tab would then jump from the field before it straight to that line,
        # over « Complément » and « Bâtiment » (Qt follows a proxy met in the tab chain).
        self._refresh()

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().focusInEvent(event)
        self.street[MAIN_STREET_LINE].setFocus(event.reason())

    def tab_fields(self) -> list[QWidget]:
        """The fields in the order they are shown: street lines, postcode, city, country."""
        return [*self.street, self.postcode, self.city, self.country]

    def _place_city_rows(self) -> None:
        """Postcode, city and country go right under the last street line."""
        row = 1 + len(self.street)
        for widget in (self.city_label, self.city_counter, self.country_label, self.country):
            self.grid.removeWidget(widget)
        self.grid.removeItem(self._city_row)
        self.grid.addWidget(self.city_label, row, 0)
        self.grid.addLayout(self._city_row, row, 1)
        self.grid.addWidget(self.city_counter, row, 2)
        self.grid.addWidget(self.country_label, row + 1, 0)
        self.grid.addWidget(self.country, row + 1, 1)

    def _counter(self) -> QLabel:
        label = QLabel(self)
        label.setMinimumWidth(label.fontMetrics().horizontalAdvance("00/38 ✖") + 4)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return label

    def _add_street_line(self) -> TextField:
        index = len(self.street)
        if index < len(STREET_LINES):
            text, hint, spoken = STREET_LINES[index]
        else:  # an address loaded with more lines than NF Z10-011 has: shown, never lost
            text, hint, spoken = self.tr("Ligne {n}").format(n=index + 2), "", ""
        field = TextField(self, accessible_name=f"{self._prefix} : {spoken or text}",
                          placeholder=self.tr(hint))
        field.setToolTip(self.tr("Ligne {n} de l'adresse (38 caractères au maximum)"
                                 ).format(n=index + 2))
        counter = self._counter()
        label = QLabel(self.tr(text), self)
        label.setBuddy(field)
        if index != MAIN_STREET_LINE:
            label.setStyleSheet(f"color: {HINT_COLOUR};")
        row = 1 + index
        self.grid.addWidget(label, row, 0)
        self.grid.addWidget(field, row, 1)
        self.grid.addWidget(counter, row, 2)
        field.edited.connect(self._on_edit)
        self.street.append(field)
        self.counters.append(counter)
        self.street_labels.append(label)
        if hasattr(self, "_city_row"):  # a line added after construction
            self._place_city_rows()
        return field

    def _on_edit(self) -> None:
        self._refresh()
        self.edited.emit()

    def set_recipient(self, recipient: str) -> None:
        """Line 1 of the printed block (the name of whoever the address belongs to)."""
        self._recipient = recipient
        self._refresh()

    def _set_counter(self, counter: QLabel, length: int) -> None:
        if length > MAX_ADDRESS_LINE_LENGTH:
            counter.setText(f"{length}/{MAX_ADDRESS_LINE_LENGTH} ✖")
            counter.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: bold;")
            counter.setToolTip(self.tr("Ligne trop longue : 38 caractères au maximum."))
        else:
            counter.setText(f"{length}/{MAX_ADDRESS_LINE_LENGTH}" if length else "")
            counter.setStyleSheet(f"color: {HINT_COLOUR};")
            counter.setToolTip("")
        counter.setAccessibleName(counter.text())

    def _refresh(self) -> None:
        for field, counter in zip(self.street, self.counters, strict=True):
            self._set_counter(counter, len(field.text().strip()))
        address = self.address()
        last = " ".join(p for p in (address.postcode.strip(), address.city.strip().upper()) if p)
        self._set_counter(self.city_counter, len(last))
        if address.is_empty():
            self.summary.setText(self.tr("Bloc adresse : vide."))
            return
        count = len(address.lines(self._recipient))
        limit = MAX_ADDRESS_LINES + (1 if address.country.strip() else 0)
        text = self.tr("Bloc adresse imprimé : {count} ligne(s) sur {limit} au maximum "
                       "(destinataire compris), {width} caractères par ligne au maximum."
                       ).format(count=count, limit=limit, width=MAX_ADDRESS_LINE_LENGTH)
        if count > limit:
            self.summary.setStyleSheet(f"color: {ERROR_COLOUR};")
            text = "✖ " + text
        else:
            self.summary.setStyleSheet(f"color: {HINT_COLOUR};")
        self.summary.setText(text)

    def address(self) -> PostalAddress:
        return PostalAddress(
            street_lines=[f.text().strip() for f in self.street if f.text().strip()],
            postcode=self.postcode.text().strip(),
            city=self.city.text().strip(),
            country=self.country.text().strip(),
        )

    def set_address(self, address: PostalAddress) -> None:
        """Show ``address``, each street line in the field it belongs to (``street_line_slots``)."""
        lines = [line for line in address.street_lines if line.strip()]
        while len(self.street) < len(lines):
            self._add_street_line()
        placed = dict(zip(street_line_slots(lines, len(self.street)), lines, strict=True))
        for index, field in enumerate(self.street):
            field.setText(placed.get(index, ""))
        self.postcode.setText(address.postcode)
        self.city.setText(address.city)
        self.country.setText(address.country)
        self._refresh()

    def inputs(self) -> list[QWidget]:
        return [*self.street, self.postcode, self.city, self.country]

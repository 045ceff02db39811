"""Form input fields: dates that may be empty (typed or picked in a calendar), amounts, the
tax basis, phone numbers and plain text.

Every field here emits ``edited`` when the user changes its value (typing, picking in the
calendar, normalisation on focus-out), never when the program sets it: forms connect
``edited`` to their ``changed`` signal.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from dispute.validation import InvalidValueError, format_date_fr, normalize_phone, parse_amount

logger = logging.getLogger(__name__)

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

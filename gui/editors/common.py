"""What the form editors share: routing validation issues to the message under each field.

:class:`FormEditor` keeps the :class:`~gui.editors.base.SectionEditor` contract unchanged and
adds:

- ``prefixes``: the case paths the section owns (``"subscriber"``, ``"lines"``...);
  ``issues(case, today)`` is ``validate_case`` restricted to them, plus the errors of fields
  that cannot be applied to the case (an unreadable date or amount);
- ``route(path, message, field)``: the :class:`~gui.widgets.InlineMessage` showing the issues
  of ``path`` and its sub-paths (the longest matching route wins);
- ``show_issues(issues)``: display them. A "missing" issue (empty required field) stays
  hidden under its field until the user has edited it, so a fresh page is not all red; the
  wizard lists those in its page footer instead (``hidden_errors()``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dispute.labels import label
from dispute.model import Case
from dispute.validation import Severity, ValidationIssue, validate_case
from gui.editors.base import SectionEditor
from gui.widgets import InlineMessage

def enum_label(value) -> str:
    """The French label of an enum value (``dispute.labels.label``)."""
    return label(value)


def path_under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith((prefix + ".", prefix + "["))


def is_missing(issue: ValidationIssue) -> bool:
    """An empty required value: shown at its field only once the user has touched it."""
    return issue.code.startswith("required.") or issue.code.endswith(".missing")


class FormEditor(SectionEditor):
    prefixes: tuple[str, ...] = ()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._routes: dict[str, tuple[InlineMessage, QWidget | None]] = {}
        self._touched: set[str] = set()
        self._hidden: list[ValidationIssue] = []

    # -- signals ----------------------------------------------------------------------------

    def _emit(self, touched: str | None = None) -> None:
        if self._loading:
            return
        if touched:
            self._touched.add(touched)
        self.changed.emit()

    def begin_load(self) -> None:
        self._loading = True
        self._touched.clear()

    def end_load(self) -> None:
        self._loading = False

    # -- issues -----------------------------------------------------------------------------

    def route(self, path: str, message: InlineMessage, field: QWidget | None = None) -> None:
        self._routes[path] = (message, field)

    def unroute(self, prefix: str) -> None:
        for path in [p for p in self._routes if path_under(p, prefix)]:
            message, _ = self._routes.pop(path)
            message.clear()

    def widget_issues(self) -> list[ValidationIssue]:
        """Errors of values that cannot be applied to the case (unreadable date...)."""
        return []

    def issues(self, case: Case, today: date) -> list[ValidationIssue]:
        own = [i for i in validate_case(case, today)
               if any(path_under(i.path, p) for p in self.prefixes)]
        return own + self.widget_issues()

    def _route_for(self, path: str) -> str | None:
        matches = [p for p in self._routes if path_under(path, p)]
        return max(matches, key=len) if matches else None

    def show_issues(self, issues: Iterable[ValidationIssue]) -> None:
        grouped: dict[str, list[ValidationIssue]] = {p: [] for p in self._routes}
        hidden: list[ValidationIssue] = []
        for issue in issues:
            target = self._route_for(issue.path)
            if target is None:
                if issue.is_error:
                    hidden.append(issue)
                continue
            if is_missing(issue) and not any(path_under(t, target) or path_under(target, t)
                                             for t in self._touched):
                if issue.is_error:
                    hidden.append(issue)
                continue
            grouped[target].append(issue)
        for path, found in grouped.items():
            message, field = self._routes[path]
            message.set_issues(found)
            if field is not None:
                field.setAccessibleDescription(message.text())
        self._hidden = hidden

    def hidden_errors(self) -> list[ValidationIssue]:
        """Blocking errors not shown under a field (after the last ``show_issues``)."""
        return list(self._hidden)


def widget_error(path: str, message: str) -> ValidationIssue:
    return ValidationIssue(path=path, message=message, severity=Severity.ERROR,
                           code="widget.unreadable")


def add_row(form: QFormLayout, text: str, field: QWidget, accessible: str,
            message: InlineMessage | None = None) -> QLabel:
    """A labelled row with a mnemonic (``text`` holds the &), buddy and accessible name;
    the inline message (if any) sits right under the field, in the same cell."""
    label = QLabel(text)
    label.setBuddy(field)
    field.setAccessibleName(accessible)
    if message is None:
        form.addRow(label, field)
    else:
        cell = QWidget()
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(field)
        box.addWidget(message)
        # no focus proxy: Qt follows a proxy met in the Tab chain, and the cell, moved into
        # the form after the fields around it, sent Tab back to its field (a loop)
        cell.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        form.addRow(label, cell)
    return label


def tab_stops(widget: QWidget) -> list[QWidget]:
    """The widgets Tab stops at for ``widget``, in the order they are shown: a composite
    field's ``tab_fields()`` (an address: its lines; HT/TTC: the choice, then the rate), a
    ``tab_target()`` (a date field: its line) or a focus proxy, else the widget itself."""
    fields = getattr(widget, "tab_fields", None)
    if fields is not None:
        return [stop for field in fields() if field is not widget for stop in tab_stops(field)]
    while True:
        target = widget.focusProxy() or getattr(widget, "tab_target", lambda: None)()
        if target is None or target is widget:
            return [widget]
        widget = target


def tab_order(*widgets: QWidget) -> None:
    """Tab visits ``widgets`` in this order — the order they are shown — whatever the order
    they were created in or moved into a row with its message (``add_row``). A composite
    field stands for its ``tab_stops``: chaining the container itself (a date field, the
    HT/TTC field) would put its inner fields wherever Qt created them."""
    fields = [stop for widget in widgets for stop in tab_stops(widget)]
    for first, second in zip(fields, fields[1:]):
        QWidget.setTabOrder(first, second)


def without_mnemonic(text: str) -> str:
    """``text`` without its ``&`` letter mark (``&&``, a literal ampersand, is kept)."""
    return re.sub(r"&(.)", lambda m: m.group(0) if m.group(1) == "&" else m.group(1), text)


def make_form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    form.setVerticalSpacing(6)
    return form


class FieldCard(QFrame):
    """One item of a list editor (an invoice line, a credit): a bold heading with
    « Retirer », labelled fields in a grid (each label above its field, ``put``), the item's
    message under them. The subclass creates its fields, ``put``s them, then ``finish``."""

    def __init__(self, editor: QWidget) -> None:
        super().__init__(editor)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-weight: bold;")
        self.remove = QPushButton(editor.tr("Retirer"), self)
        self.message = InlineMessage(self)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(2)
        self.labels: list[QLabel] = []
        self._texts: list[str] = []

    def put(self, text: str, widget: QWidget, row: int, column: int, span: int = 1) -> None:
        label = QLabel(text, self)
        label.setBuddy(widget)
        self.labels.append(label)
        self._texts.append(text)
        self.grid.addWidget(label, row, column, 1, span)
        self.grid.addWidget(widget, row + 1, column, 1, span)

    def show_mnemonics(self, shown: bool) -> None:
        """Only the first card keeps its Alt+letters: the same labels on every card would
        give each letter several owners (Qt then sends it to any of them)."""
        for label, text in zip(self.labels, self._texts):
            label.setText(text if shown else without_mnemonic(text))
        for box in self.findChildren(QCheckBox):  # a credit's « Déduit du montant réclamé »
            if box.property("lettered") is None:
                box.setProperty("lettered", box.text())
            text = box.property("lettered")
            box.setText(text if shown else without_mnemonic(text))

    def finish(self, stretch_column: int) -> None:
        self.grid.setColumnStretch(stretch_column, 1)
        head = QHBoxLayout()
        head.addWidget(self.heading)
        head.addStretch(1)
        head.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addLayout(self.grid)
        layout.addWidget(self.message)


class CardListEditor(FormEditor):
    """A list of :class:`FieldCard` (the invoice lines, the credits received): add, remove
    and renumber them, route each card's issues to its message, keep the tab order.

    The subclass sets ``list_path`` (the case path of the list, ``"invoice_lines"``), creates
    ``add_button`` and puts ``cards_layout`` in its layout, and provides ``make_card(value)``.
    A card provides ``set_index(editor, index)``, ``inputs()`` (its fields, in tab order: each
    signals an edit through ``edited``, ``currentIndexChanged`` or ``toggled``) and
    ``focus_field()``, the field its issues are said under. ``_update()`` refreshes what
    depends on the whole list (a total)."""

    list_path = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: list[FieldCard] = []
        self.cards_layout = QVBoxLayout()
        self.cards_layout.setSpacing(8)
        self.add_button: QPushButton | None = None

    def make_card(self, value) -> FieldCard:
        raise NotImplementedError

    def _update(self) -> None:
        """What depends on the whole list (a total): nothing by default."""

    def _add_card(self, value) -> FieldCard:
        card = self.make_card(value)
        for widget in card.inputs():
            signal = (getattr(widget, "edited", None)
                      or getattr(widget, "currentIndexChanged", None)
                      or widget.toggled)
            signal.connect(lambda *_a, c=card: self._card_edited(c))
        card.remove.clicked.connect(lambda _c=False, c=card: self._remove(c))
        self.cards.append(card)
        self.cards_layout.addWidget(card)
        self._reindex()
        return card

    def _added(self, card: FieldCard) -> None:
        """After « Ajouter »: the new card's first field has the focus."""
        card.inputs()[0].setFocus()
        self._emit(f"{self.list_path}[{len(self.cards) - 1}]")

    def _card_edited(self, card: FieldCard) -> None:
        self._update()
        self._emit(f"{self.list_path}[{self.cards.index(card)}]")

    def _remove(self, card: FieldCard) -> None:
        self.cards.remove(card)
        self.cards_layout.removeWidget(card)
        card.hide()
        card.deleteLater()
        self._reindex()
        self._emit(self.list_path)
        if self.add_button is not None:
            self.add_button.setFocus()

    def _reindex(self) -> None:
        """Number the cards again, route their issues and chain their fields' tab order."""
        for path in [p for p in self._routes if p.startswith(self.list_path + "[")]:
            self._routes.pop(path)
        chain: list[QWidget] = []
        for index, card in enumerate(self.cards):
            card.set_index(self, index)
            card.show_mnemonics(index == 0)
            self.route(f"{self.list_path}[{index}]", card.message, card.focus_field())
            # as shown: « Retirer » in the card's heading, then its fields row by row
            chain += [card.remove, *card.inputs()]
        if chain and self.add_button is not None:
            chain.append(self.add_button)
        tab_order(*chain)
        self._update()

    def _clear_cards(self) -> None:
        for card in self.cards:
            self.cards_layout.removeWidget(card)
            card.hide()
            card.deleteLater()
        self.cards.clear()

    def _load_cards(self, business: bool, values) -> None:
        """Replace the cards by one per value (``load``)."""
        self._clear_cards()
        self.business = business
        for value in values:
            self._add_card(value)
        self._reindex()

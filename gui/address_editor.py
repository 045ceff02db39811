"""The postal address editor (NF Z10-011): street lines 2 to 5, postcode and city, country,
each line's length counted.
"""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from dispute.model import PostalAddress
from dispute.validation import MAX_ADDRESS_LINE_LENGTH, MAX_ADDRESS_LINES
from gui.inline_message import ERROR_COLOUR, HINT_COLOUR, InlineMessage
from gui.input_fields import TextField

logger = logging.getLogger(__name__)

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

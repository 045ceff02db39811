"""Small shared widgets for the forms, gathered under one name: the inline message shown under
a field (gui/inline_message.py), the input fields for dates, amounts, phone numbers and text
(gui/input_fields.py) and the postal address editor (gui/address_editor.py).

Every input widget emits ``edited`` when the user changes its value (typing, picking in the
calendar, normalisation on focus-out), never when the program sets it: forms connect
``edited`` to their ``changed`` signal.
"""

from __future__ import annotations

from gui.address_editor import (
    MAIN_STREET_LINE,
    STREET_LINES,
    AddressEditor,
    street_line_slots,
)
from gui.inline_message import (
    ERROR_COLOUR,
    HINT_COLOUR,
    INFO_COLOUR,
    WARNING_COLOUR,
    InlineMessage,
    hint_label,
    issues_text,
    value_errors,
)
from gui.input_fields import (
    AmountField,
    DateField,
    DateLine,
    PhoneField,
    TaxBasisField,
    TextField,
    format_amount_input,
    normalise_fields,
    parse_date_fr,
)

__all__ = [
    "ERROR_COLOUR", "HINT_COLOUR", "INFO_COLOUR", "MAIN_STREET_LINE",
    "STREET_LINES", "WARNING_COLOUR", "AddressEditor", "AmountField", "DateField", "DateLine",
    "InlineMessage", "PhoneField", "TaxBasisField", "TextField", "format_amount_input",
    "hint_label", "issues_text", "normalise_fields", "parse_date_fr", "street_line_slots",
    "value_errors",
]

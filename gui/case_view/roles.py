"""What the parts of the case window share: the tabs' order and the item data roles of its
timeline tree and letters table."""

from __future__ import annotations

from PySide6.QtCore import Qt

TAB_SITUATION, TAB_TIMELINE, TAB_LETTERS, TAB_SECTIONS = range(4)

EVENT_ROLE = Qt.ItemDataRole.UserRole  # timeline tree: the event id of a top-level row
EXHIBIT_ROLE = Qt.ItemDataRole.UserRole + 1  # timeline tree: the exhibit id of a child row
KIND_ROLE = Qt.ItemDataRole.UserRole  # letters table: the ``LetterKind`` value of a row

"""The values of the few ``Qt`` namespace enums the main window needs before its first paint,
as plain integers.

PySide6 builds the Python enums of a class all at once, the first time Python touches the
class. For the ``Qt`` namespace that is 93 enums and about 1,200 members: some 125 million
instructions (12 ms here), a third of what the start-up costs beyond a bare window
(``bench/startup.py``, docs/benchmarks.md « Start-up »). Anything that hands Python a ``Qt``
enum builds it: ``from PySide6.QtCore import Qt``, a ``Qt.X`` argument, but also Qt calling a
Python method with one (``headerData``'s orientation, ``sort``'s order) or an overload check
(``QBrush(QColor)``, ``QAction.setShortcut``). So the start path of the main window reads
item roles as integers, sets enum-typed properties through ``setProperty`` with these values,
and leaves what truly needs the namespace to :meth:`gui.main_window.MainWindow.finish_start_up`,
just after the first paint. tests/test_qt_values.py checks each value against Qt's.
"""

from __future__ import annotations

# Qt.ItemDataRole
DISPLAY_ROLE = 0
TOOLTIP_ROLE = 3
BACKGROUND_ROLE = 8
FOREGROUND_ROLE = 9
USER_ROLE = 0x0100

# Qt.SortOrder
ASCENDING = 0
DESCENDING = 1

# Qt.Orientation
HORIZONTAL = 0x1

# Qt.AlignmentFlag
ALIGN_LEFT = 0x0001
ALIGN_HCENTER = 0x0004
ALIGN_VCENTER = 0x0080
ALIGN_CENTER = ALIGN_HCENTER | ALIGN_VCENTER

# Qt.TextElideMode
ELIDE_RIGHT = 1

# Qt.ToolButtonStyle
TOOL_BUTTON_TEXT_ONLY = 1

# Qt.DockWidgetArea
RIGHT_DOCK_AREA = 0x2

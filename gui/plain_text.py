"""Text typed by the user shown as typed where Qt would read it as markup.

A tooltip is rich text whenever Qt thinks its text « might be rich text » (it starts with a
tag): « Boulangerie <b>Martin</b> & Fils » showed « Martin » in bold and lost its tags in
the case list's tooltip. :func:`plain_tip` escapes such a text for a tooltip; any other text
is returned unchanged (the tooltip then is that very text).
"""

from __future__ import annotations


def plain_tip(text: str | None) -> str:
    """``text`` for ``setToolTip`` / ``ToolTipRole``, never read as markup."""
    if not text:
        return ""
    # Qt.mightBeRichText looks for a tag (« < ») or « &lt; »: without either it says no.
    # Not asking it then spares the start-up PySide6's Qt namespace (gui/qt_values.py).
    if "<" not in text and "&lt;" not in text:
        return text
    from PySide6.QtGui import Qt

    if Qt.mightBeRichText(text):
        return Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)
    return text

"""Window sizes that fit the user's screen."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

WIDTH_SHARE = 0.95
HEIGHT_SHARE = 0.90


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize ``window`` to ``width`` × ``height``, or less on a small screen (a 1366 × 768
    laptop at 125 % has 1093 × 614 points): a first window larger than the screen opens with
    its edges, buttons included, out of reach."""
    screen = window.screen()
    if screen is not None:
        area = screen.availableGeometry()
        width = min(width, int(area.width() * WIDTH_SHARE))
        height = min(height, int(area.height() * HEIGHT_SHARE))
    window.resize(width, height)

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


def screen_height(window: QWidget) -> int:
    """The tallest a window may open on its screen (:func:`fit_to_screen`'s share)."""
    screen = window.screen()
    if screen is None:
        return 10_000
    return int(screen.availableGeometry().height() * HEIGHT_SHARE)


def keep_on_screen(window: QWidget) -> None:
    """Move ``window`` back inside its screen's available area when it grew past an edge
    (the event dialog widening for a registered letter went past the right edge of a
    1024-px screen, « Annuler » out of reach); a window larger than the area keeps its top
    left corner in it."""
    screen = window.screen()
    if screen is None or not window.isVisible():
        return
    area = screen.availableGeometry()
    frame = window.frameGeometry()
    x = max(area.left(), min(frame.left(), area.right() + 1 - frame.width()))
    y = max(area.top(), min(frame.top(), area.bottom() + 1 - frame.height()))
    if (x, y) != (frame.left(), frame.top()):
        window.move(x, y)


def fit_to_content(window: QWidget, content_width: int, content_height: int, *,
                   minimum: tuple[int, int] = (520, 240)) -> None:
    """Size a dialog to what it shows (``content_*``: its size hint, computed once its fields
    are loaded), at least ``minimum``, and never beyond the screen (:func:`fit_to_screen`):
    nothing is cut off when there is room, and a scroll bar takes over when there is not."""
    fit_to_screen(window, max(minimum[0], content_width), max(minimum[1], content_height))

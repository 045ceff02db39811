"""Keyboard mnemonics (« &Suivant » → Alt+S) of one window as the user meets it.

Qt gives Alt+letter to every visible, enabled widget of a window that claims it: a label
with a buddy, a button (push, check, radio, tool), a group box, a tab title, a menu of the
menu bar. Two claims on one letter are « ambiguous »: the first press goes to whichever Qt
found first (the « Hauteur » field instead of « Terminer »), so a letter must have a single
owner in what is shown at once. Items inside one menu are their own scope.

``clashes(window)`` lists the letters claimed twice in what ``window`` shows now (hidden
pages, tabs and rows do not count; disabled widgets do: their letter is theirs once enabled)
and every misleading ``&``: a label with a mnemonic and no buddy shows a literal « & » and
goes nowhere. ``menu_clashes(menu_bar)`` checks the menus themselves.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QMenu,
    QMenuBar,
    QTabBar,
    QWidget,
)


def mnemonic(text: str) -> str | None:
    """The letter after the first single ``&`` (``&&`` is a literal ampersand), lower-case."""
    index = 0
    while True:
        index = text.find("&", index)
        if index < 0 or index + 1 >= len(text):
            return None
        following = text[index + 1]
        if following == "&":
            index += 2
            continue
        return following.lower() if following.isalnum() else None


def _shown(widget: QWidget, window: QWidget) -> bool:
    return widget is window or widget.isVisibleTo(window)


def _describe(widget: QWidget, text: str) -> str:
    return f"{type(widget).__name__} « {text.replace(chr(10), ' ')[:60]} »"


def claims(window: QWidget) -> tuple[dict[str, list[str]], list[str]]:
    """``(letter → owners, misleading)`` for what ``window`` shows now."""
    owners: dict[str, list[str]] = {}
    misleading: list[str] = []

    def claim(letter: str | None, owner: str) -> None:
        if letter:
            owners.setdefault(letter, []).append(owner)

    for widget in [window, *window.findChildren(QWidget)]:
        if not _shown(widget, window):
            continue
        if isinstance(widget, QLabel):
            text = widget.text()
            if widget.textFormat() == Qt.TextFormat.RichText or (
                    widget.textFormat() == Qt.TextFormat.AutoText and text.startswith("<")):
                continue
            letter = mnemonic(text)
            if letter is None:
                continue
            if widget.buddy() is None:
                misleading.append(_describe(widget, text) + " : « & » sans champ associé")
            else:
                claim(letter, _describe(widget, text))
        elif isinstance(widget, QAbstractButton):
            claim(mnemonic(widget.text()), _describe(widget, widget.text()))
        elif isinstance(widget, QGroupBox):
            claim(mnemonic(widget.title()), _describe(widget, widget.title()))
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                if widget.isTabVisible(index):
                    text = widget.tabText(index)
                    claim(mnemonic(text), f"onglet « {text} »")
        elif isinstance(widget, QMenuBar):
            for action in widget.actions():
                if action.isVisible():
                    claim(mnemonic(action.text()), f"menu « {action.text()} »")
    return owners, misleading


def clashes(window: QWidget) -> list[str]:
    """Every letter claimed twice in ``window`` as shown now, and every misleading ``&``."""
    owners, misleading = claims(window)
    found = [f"Alt+{letter.upper()} : " + " / ".join(names)
             for letter, names in sorted(owners.items()) if len(names) > 1]
    return found + misleading


def menu_clashes(menu_bar: QMenuBar) -> list[str]:
    """Letters used twice inside one menu (each menu and sub-menu is its own scope)."""
    found: list[str] = []

    def walk(menu: QMenu) -> None:
        seen: dict[str, list[str]] = {}
        for action in menu.actions():
            if action.isSeparator() or not action.isVisible():
                continue
            letter = mnemonic(action.text())
            if letter:
                seen.setdefault(letter, []).append(action.text())
            if action.menu() is not None:
                walk(action.menu())
        found.extend(f"{menu.title()} › Alt+{letter.upper()} : " + " / ".join(names)
                     for letter, names in sorted(seen.items()) if len(names) > 1)

    for action in menu_bar.actions():
        if action.menu() is not None:
            walk(action.menu())
    return found


def letter_of(window: QWidget, text_start: str) -> str | None:
    """The mnemonic letter of the button, label or tab whose text (without ``&``) starts
    with ``text_start``: what a test checks the most-used actions keep."""
    for widget in [window, *window.findChildren(QWidget)]:
        if not _shown(widget, window):
            continue
        texts = []
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts = [widget.text()]
        elif isinstance(widget, QTabBar):
            texts = [widget.tabText(i) for i in range(widget.count())]
        for text in texts:
            if text.replace("&", "").startswith(text_start):
                return mnemonic(text)
    return None

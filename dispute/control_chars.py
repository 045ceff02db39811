"""Control characters in user text (text pasted from a PDF, a hand-made case file): which
ones, and the text without them.

Kept apart from :mod:`dispute.validation` (which re-exports these functions) so that the
command line, which cleans every line it prints (cli/commands.py), does not import the
whole validation module and its classes for it (~3 ms of every command, docs/benchmarks.md).
Standard library only.
"""

from __future__ import annotations

import re

# Removed: C0 controls except tab and newline, DEL and C1 controls, lone surrogates (a Python
# str can hold them after a "surrogateescape" decoding; they cannot be written as UTF-8).
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# These separate lines or pages: replaced by a newline rather than glued to the next word.
_LINE_BREAKING = {"\x0b": "\n", "\x0c": "\n", "\x1c": "\n", "\x1d": "\n", "\x1e": "\n",
                  "\x85": "\n"}


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def control_characters(text: str) -> list[tuple[int, str]]:
    """Positions and characters :func:`clean_text` would remove or replace.

    A Windows line ending (``\\r\\n``) or a lone ``\\r`` is a newline, not a control character.
    """
    normalised = _normalise_newlines(text)
    return [(m.start(), m.group()) for m in _CONTROL_RE.finditer(normalised)]


def clean_text(text: str) -> str:
    """Remove the invisible control characters often pasted from a PDF.

    Kept: tab and newline (``\\r\\n`` and ``\\r`` become ``\\n``). Vertical tab, form feed
    (page break), the file/group/record separators and NEL (U+0085) become a newline; every
    other character of U+0000–U+001F, U+007F–U+009F and any lone surrogate is removed.
    Everything else (accents, emoji, « guillemets », non-breaking spaces) is kept unchanged.
    """
    text = _normalise_newlines(text)
    return _CONTROL_RE.sub(lambda m: _LINE_BREAKING.get(m.group(), ""), text)


def needs_cleaning(text: str) -> bool:
    """Whether :func:`clean_text` would change ``text`` (one search, no copy): a long text
    that is clean, the usual case, can then be used as it is."""
    return _CONTROL_RE.search(text) is not None  # ``\r`` is in the searched range too


def clean_texts_in(node: object) -> int:
    """Apply :func:`clean_text` in place to every text of a JSON-like document (dicts and
    lists, e.g. a case dict read from a file); returns how many texts changed."""
    changed = 0

    def visit(value: object) -> object:
        nonlocal changed
        if isinstance(value, str):
            cleaned = clean_text(value)
            changed += cleaned != value
            return cleaned
        if isinstance(value, dict):
            for key, item in value.items():
                value[key] = visit(item)
        elif isinstance(value, list):
            value[:] = [visit(item) for item in value]
        return value

    visit(node)
    return changed

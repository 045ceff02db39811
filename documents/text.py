"""Safe text for the documents: one cleaning function, escaping for each renderer, French formats.

Every string that comes from a user (or from a case file) goes through :func:`clean_text`
before it reaches a renderer. Renderers then add their own escaping:

- ReportLab ``Paragraph`` parses a small XML-like markup, so text is passed through
  :func:`pdf_markup` (clean, XML-escape, ``\\n`` → ``<br/>``). Bold and italic only ever come
  from the content model's structure (``Run(bold=True)``), never from parsing user text: a
  user typing ``<b>`` gets the four characters ``<b>`` on paper.
- python-docx writes XML itself (it escapes ``<`` and ``&``), but refuses characters that
  XML 1.0 forbids; :func:`clean_text` removes exactly those (and a few more, see below).

Formats: :func:`format_date_fr` ("1er mars 2026", from ``dispute.calendar``),
:func:`place_and_date` ("Caen, le 1er mars 2026"), :func:`format_euros` ("1 234,56 €").
"""

from __future__ import annotations

import logging
import re
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from dispute.calendar import format_date_fr as _calendar_format_date_fr

logger = logging.getLogger(__name__)

NNBSP = "\u202f"
"""Narrow no-break space (espace fine insécable): French thousands separator."""
NBSP = "\u00a0"
"""No-break space: between an amount and the € sign, and after "n°"."""
MINUS = "\u2212"
"""Minus sign, used for negative amounts."""

# C0 controls except \t and \n, DEL, C1 controls, surrogates (always lone in a Python str that
# did not come from a codec), the BOM / zero-width no-break space, and U+FFFE / U+FFFF.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff]"
)


def clean_text(value: object) -> str:
    """The one function user text goes through before any document.

    - ``None`` becomes ``""``; other non-strings are converted with ``str()``;
    - ``\\r\\n`` and lone ``\\r`` become ``\\n`` (so old Mac line ends are not lost);
    - removes C0 control characters except ``\\n`` and ``\\t``, DEL, C1 controls, lone
      surrogates, U+FEFF (a stray byte-order mark) and the non-characters U+FFFE / U+FFFF;
    - normalises to NFC (an "é" typed as e + combining accent becomes one character).

    Accents, €, œ, emoji, right-to-left text and bidi marks are kept. The result is legal in
    XML 1.0 and contains no markup: escaping is the renderer's job (:func:`pdf_markup`).
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _FORBIDDEN.sub("", text)
    return unicodedata.normalize("NFC", text)


def clean_line(value: object) -> str:
    """:func:`clean_text` for a one-line field (an address line, a label): newlines and tabs
    become spaces, runs of spaces collapse, the ends are stripped."""
    return " ".join(clean_text(value).split())


_BLANK_LINES = re.compile(r"\n[ \t]*\n")


def paragraphs(value: object) -> list[str]:
    """:func:`clean_text` for a text of several paragraphs (a case's summary): the paragraphs
    the user separated by a blank line, each folded to one line like :func:`clean_line`;
    empty ones dropped. A single line break stays inside its paragraph."""
    return [p for p in (clean_line(chunk) for chunk in _BLANK_LINES.split(clean_text(value)))
            if p]


def registration_number(value: object) -> str:
    """A company's number as printed in a sentence: « SIRET 901 473 629 00011 » (14 digits),
    « SIREN 901 473 629 » (9 digits), « SIREN/SIRET <as typed> » otherwise; "" when empty."""
    text = clean_line(value)
    digits = re.sub(r"\s", "", text)
    if digits.isdigit() and len(digits) == 14:
        return f"SIRET {digits[:3]} {digits[3:6]} {digits[6:9]} {digits[9:]}"
    if digits.isdigit() and len(digits) == 9:
        return f"SIREN {digits[:3]} {digits[3:6]} {digits[6:]}"
    return f"SIREN/SIRET {text}" if text else ""


def in_sentence(text: object) -> str:
    """A label typed to stand alone (« Gérant », « Chargée de mission ») as it reads inside a
    sentence: first letter in lower case, unless the word is an acronym (« DRH », « PDG »)."""
    text = clean_line(text)
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def de(name: str) -> str:
    """« de » before a name, elided before a vowel: « d'Orange », « de SFR », « de Free »
    (an initial h is left alone: aspirated or not, it cannot be told from the spelling)."""
    first = unicodedata.normalize("NFKD", name[:1]).casefold()[:1]
    return f"d'{name}" if first in "aeiou" and first else f"de {name}"


def xml_escape(text: str) -> str:
    """Escape ``&``, ``<``, ``>`` and quotes for ReportLab's paragraph markup."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def pdf_markup(value: object) -> str:
    """User text ready to be placed inside a ReportLab ``Paragraph``: cleaned, escaped, with
    ``\\n`` as ``<br/>`` and tabs as spaces. Never contains markup of its own."""
    text = clean_text(value).replace("\t", " ")
    return "<br/>".join(xml_escape(part) for part in text.split("\n"))


def format_date_fr(d: date) -> str:
    """ "1er mars 2026", "15 mars 2026" (reuses ``dispute.calendar.format_date_fr``)."""
    return _calendar_format_date_fr(d)


def period_fr(start: date, end: date | None) -> str:
    """ "du 2 mars au 21 avril 2026"; "du 30 décembre 2025 au 2 janvier 2026"; "le 4 août 2026"
    for a single day; "depuis le 2 mars 2026" without an end."""
    if end is None:
        return f"depuis le {format_date_fr(start)}"
    if end == start:
        return f"le {format_date_fr(start)}"
    if start.year == end.year:
        first = format_date_fr(start).rsplit(" ", 1)[0]
        if start.month == end.month:
            first = first.split(" ", 1)[0]
        return f"du {first} au {format_date_fr(end)}"
    return f"du {format_date_fr(start)} au {format_date_fr(end)}"


def days_text(days: int) -> str:
    """ "1 jour", "24 jours" (no-break space)."""
    return f"{days}{NBSP}jour{'s' if abs(days) > 1 else ''}"


def outage_text(span) -> str:
    """A ``dispute.outages.OutageSpan`` in words, with its count of days (the one rule of
    ``dispute.outages``): "du 4 au 27 août 2026 (24 jours)", "le 4 août 2026 (1 jour)";
    "depuis le 1er septembre 2026" while it lasts (a count that grows is not printed)."""
    text = period_fr(span.start, span.end)
    if span.restored:
        text += f" ({days_text(span.days)})"
    return text


def place_and_date(place: str, d: date) -> str:
    """ "Caen, le 1er mars 2026"; without a place: "Le 1er mars 2026"."""
    place = clean_line(place)
    when = format_date_fr(d)
    return f"{place}, le {when}" if place else f"Le {when}"


def format_euros(amount: Decimal | int | str, symbol: bool = True) -> str:
    """A euro amount in French typography: ``"1 234,56 €"``.

    Thousands are separated by a narrow no-break space (U+202F), the decimal mark is a comma,
    the € sign follows after a no-break space (U+00A0), negative amounts use the minus sign
    (U+2212). Rounded half-up to the cent. DejaVu Sans has all three characters.
    """
    try:
        value = Decimal(str(amount)) if not isinstance(amount, Decimal) else amount
        value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"Montant illisible : {amount!r}") from exc
    if not value.is_finite():
        raise ValueError(f"Montant illisible : {amount!r}")
    negative = value < 0
    units, cents = f"{abs(value):.2f}".split(".")
    groups = []
    while len(units) > 3:
        groups.insert(0, units[-3:])
        units = units[:-3]
    groups.insert(0, units)
    text = NNBSP.join(groups) + "," + cents
    if negative and value != 0:
        text = MINUS + text
    return f"{text}{NBSP}€" if symbol else text


def plain(text: str) -> str:
    """Text with the typographic spaces replaced by ordinary spaces (for comparisons in tests
    and for searching extracted PDF text)."""
    return text.replace(NNBSP, " ").replace(NBSP, " ").replace(MINUS, "-")

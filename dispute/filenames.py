"""File names that are valid on Windows and Linux, whatever text they are made from.

Pure functions, no I/O. Used for the member names of the dossier zip and for suggested export
names. The rules (see docs/dossier-zip.md):

- Unicode NFC; control characters removed (tabs and line breaks become spaces), bidirectional
  overrides removed (they can disguise an extension: ``facture\\u202efdp.exe``);
- ``< > : " / \\ | ? *`` (and their full-width look-alikes) replaced by ``_``, so a name is always
  a single path component and ``..`` can never act as a parent reference;
- runs of white space collapsed, runs of dots reduced to one, no leading or trailing dots or
  spaces (Windows drops them silently);
- Windows device names (CON, PRN, AUX, NUL, COM1-9, LPT1-9, also COM¹²³/LPT¹²³), with or
  without an extension (``con.txt``, ``Nul .pdf``), get a ``_`` appended to the stem;
- at most ``max_length`` characters and ``max_bytes`` UTF-8 bytes (255 by default: ``NAME_MAX``
  on Linux; as UTF-16 never takes more units than UTF-8 takes bytes, this also keeps within the
  255-unit limit of NTFS), cut after a whole word (``cut_at_word``: « … - élodie », never
  « … - élodie Lefèvr »; inside a word only for a name that is one long word), never inside a
  combining sequence, an emoji sequence or a flag, and keeping the extension;
- ``fit_filename`` joins parts (« Dossier médiateur », a name, a date) and shortens only the one
  that may be shortened, so the date and the extension are always kept;
- an empty result gives ``fallback`` (itself made safe; an empty ``fallback`` gives ``""``).

With ``ascii_only=True`` letters are transliterated (``é`` → ``e``, ``œ`` → ``oe``) and other
non-ASCII characters dropped, for archives opened by tools that ignore the UTF-8 flag of zip names.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence

logger = logging.getLogger(__name__)

DEFAULT_MAX_LENGTH = 80
DEFAULT_MAX_BYTES = 255
DEFAULT_FALLBACK = "fichier"

FORBIDDEN_CHARACTERS = '<>:"/\\|?*'
# Full-width forms some Windows code-page conversions map back to the ASCII characters above.
_LOOKALIKES = "\uff1c\uff1e\uff1a\uff02\uff0f\uff3c\uff5c\uff1f\uff0a\u2215\u29f5"
_REPLACEMENT = "_"
_TRANSLATE = {ord(c): _REPLACEMENT for c in FORBIDDEN_CHARACTERS + _LOOKALIKES}

# Invisible characters that reorder text; dropped.
_BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

_RESERVED_STEMS = frozenset(
    ["CON", "PRN", "AUX", "NUL"]
    + [f"{prefix}{digit}" for prefix in ("COM", "LPT") for digit in "123456789\u00b9\u00b2\u00b3"]
)

_WHITESPACE_RUN = re.compile(r"\s+")
_DOT_RUN = re.compile(r"\.{2,}")
_UNDERSCORE_RUN = re.compile(r"_{2,}")
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,10}$")

_ASCII_SPECIAL = {
    "Œ": "OE", "œ": "oe", "Æ": "AE", "æ": "ae", "ß": "ss", "Ø": "O", "ø": "o",
    "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Þ": "Th", "þ": "th", "ı": "i",
    "’": "'", "‘": "'", "«": "", "»": "", "“": "", "”": "", "–": "-", "—": "-",
    "€": "EUR", "°": "o", "№": "No",
}


def _is_cluster_extender(ch: str) -> bool:
    """True for characters that belong to the preceding one (accents, joiners, emoji modifiers)."""
    code = ord(ch)
    return (
        unicodedata.category(ch) in ("Mn", "Mc", "Me")
        or ch == "\u200d"
        or 0xFE00 <= code <= 0xFE0F
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0020 <= code <= 0xE007F
        or 0xE0100 <= code <= 0xE01EF
    )


def _is_regional_indicator(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def _is_boundary(text: str, index: int) -> bool:
    """True when ``index`` does not fall inside a user-perceived character: not before an
    accent, a joiner's partner or an emoji modifier, not between the two halves of a flag."""
    if index <= 0 or index >= len(text):
        return True
    ch, previous = text[index], text[index - 1]
    if _is_cluster_extender(ch) or previous == "\u200d":
        return False
    if _is_regional_indicator(ch) and _is_regional_indicator(previous):
        run = 0
        while index - run - 1 >= 0 and _is_regional_indicator(text[index - run - 1]):
            run += 1
        return run % 2 == 0  # flags are pairs: cut only after a whole number of them
    return True


def _cut(text: str, max_chars: int, max_bytes: int) -> str:
    """The longest prefix within both limits that does not split a combining sequence, an
    emoji sequence or a flag."""
    if max_chars <= 0 or max_bytes <= 0:
        return ""
    cut = min(len(text), max_chars)
    while cut > 0 and len(text[:cut].encode("utf-8")) > max_bytes:
        cut -= 1
    # Back off to the start of the cluster if the cut falls inside one.
    while not _is_boundary(text, cut):
        cut -= 1
    return text[:cut]


WORD_SEPARATORS = " -_,;+&("
"""Where a shortened name may end: a name is cut after a whole word (« … - élodie », never
« … - élodie Lefèvr »), these separators dropped from its end."""


def cut_at_word(text: str, max_chars: int, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """``text`` within ``max_chars`` characters and ``max_bytes`` UTF-8 bytes, cut after a whole
    word when it must be cut (trailing separators dropped); a cut inside a word happens only
    when keeping whole words would lose more than half the room (a name that is one long word),
    and then never inside a character, an emoji or a flag."""
    cut = _cut(text, max_chars, max_bytes)
    if len(cut) == len(text):
        return cut
    following = text[len(cut)]
    if following.isspace() or following in WORD_SEPARATORS or cut[-1:] in WORD_SEPARATORS:
        return cut.rstrip(WORD_SEPARATORS) or cut
    last = max(cut.rfind(s) for s in WORD_SEPARATORS)
    if last > 0 and last >= len(cut) // 2:
        words = cut[:last].rstrip(WORD_SEPARATORS)
        if words:
            return words
    return cut


def _to_ascii(text: str) -> str:
    text = "".join(_ASCII_SPECIAL.get(ch, ch) for ch in text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ord(ch) < 128)


def _clean_characters(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    out = []
    for ch in text:
        category = unicodedata.category(ch)
        if ch.isspace():
            out.append(" ")
        elif category in ("Cc", "Cs") or ch in _BIDI_CONTROLS:
            continue  # control characters, lone surrogates, bidi overrides
        else:
            out.append(ch)
    return "".join(out).translate(_TRANSLATE)


_PICTOGRAPH_JOINERS = frozenset("\u200d\ufe0e\ufe0f\u20e3")


def _without_pictographs(text: str) -> str:
    """``text`` without pictographic symbols (Unicode « So » from the arrows on: ✉, ☎, the
    emoji), the characters beyond the basic plane that are not letters or digits, and what
    joins or modifies an emoji; « ° », « № », « © » stay."""
    return "".join(ch for ch in text if ch not in _PICTOGRAPH_JOINERS
                   and not (ord(ch) >= 0x2190 and unicodedata.category(ch) == "So")
                   and (ord(ch) <= 0xFFFF or ch.isalnum()))


def _strip_edges(text: str) -> str:
    return text.strip(" .")


def split_extension(name: str) -> tuple[str, str]:
    """``("Facture janvier", ".pdf")``; the extension is 1 to 10 ASCII letters or digits after
    the last dot of a non-empty stem, else ``""``."""
    match = _EXTENSION.search(name)
    if match is None or match.start() == 0:
        return name, ""
    return name[: match.start()], match.group()


def is_reserved_name(name: str) -> bool:
    """True if Windows treats ``name`` as a device (``CON``, ``con.txt``, ``LPT1 .log``...)."""
    stem = name.split(".", 1)[0].rstrip(" ")
    return stem.upper() in _RESERVED_STEMS


def _fit(stem: str, ext: str, max_chars: int, max_bytes: int) -> str:
    """``stem + ext`` within the limits, shortening the stem first (dropping the extension only
    if it alone does not fit)."""
    ext_bytes = len(ext.encode("utf-8"))
    if len(ext) >= max_chars or ext_bytes >= max_bytes:
        return _strip_edges(_cut(stem + ext, max_chars, max_bytes))
    short = _strip_edges(cut_at_word(stem, max_chars - len(ext), max_bytes - ext_bytes))
    return short + ext if short else ""


def safe_filename(
    text: str,
    *,
    max_length: int = DEFAULT_MAX_LENGTH,
    fallback: str = DEFAULT_FALLBACK,
    max_bytes: int = DEFAULT_MAX_BYTES,
    ascii_only: bool = False,
    pictographs: bool = True,
) -> str:
    """A single file name, valid on Windows and Linux, made from any text (see module doc).
    ``pictographs=False`` drops emoji and other pictographic symbols, for a file sent as an
    e-mail attachment (some mail clients and older Windows mangle them; accents are kept).

    >>> safe_filename('../../etc/passwd')
    '_._etc_passwd'
    >>> safe_filename('con.txt')
    'con_.txt'
    >>> safe_filename('  ...  ')
    'fichier'
    """
    if max_length < 1 or max_bytes < 1:
        raise ValueError("max_length et max_bytes doivent être strictement positifs")
    name = _clean_characters(str(text))
    if not pictographs:
        name = _without_pictographs(name)
    if ascii_only:  # NFKD can make forbidden characters ("﹤" -> "<"): clean again
        name = _clean_characters(_to_ascii(name))
    name = _WHITESPACE_RUN.sub(" ", name)
    name = _DOT_RUN.sub(".", name)
    name = _strip_edges(name)
    if is_reserved_name(name):  # "con.txt" -> "con_.txt", "COM1.tar.gz" -> "COM1_.tar.gz"
        first, dot, rest = name.partition(".")
        name = first.rstrip(" ") + _REPLACEMENT + dot + rest
    stem, ext = split_extension(name)
    stem = _strip_edges(stem)
    if not stem:
        stem, ext = _strip_edges(name), ""
    name = _fit(stem, ext, max_length, max_bytes)
    if is_reserved_name(name):  # the cut removed the "_" (tiny max_length): prefix it instead
        name = _fit(_REPLACEMENT + stem, ext, max_length, max_bytes)
    if name:
        return name
    if not fallback:
        return ""
    if fallback == text:
        return _cut(DEFAULT_FALLBACK, max_length, max_bytes)
    return safe_filename(
        fallback, max_length=max_length, max_bytes=max_bytes, fallback=DEFAULT_FALLBACK,
        ascii_only=ascii_only, pictographs=pictographs,
    )


def _normalised_part(text: str, pictographs: bool) -> str:
    name = _clean_characters(str(text))
    if not pictographs:
        name = _without_pictographs(name)
    return _WHITESPACE_RUN.sub(" ", name).strip(" ")


def fit_filename(
    parts: Sequence[str],
    *,
    shorten: int,
    extension: str = "",
    separator: str = " - ",
    max_length: int = DEFAULT_MAX_LENGTH,
    max_bytes: int = DEFAULT_MAX_BYTES,
    pictographs: bool = True,
    fallback: str = DEFAULT_FALLBACK,
) -> str:
    """``separator.join(parts) + extension`` made safe (:func:`safe_filename`), where only
    ``parts[shorten]`` (a subscriber's name) is shortened when the whole is too long, after a
    whole word: the other parts (« Dossier médiateur », the date) and the extension are kept.
    Empty parts are left out with their separator.

    >>> fit_filename(["Dossier CPME", "Boulangerie Martin et Fils", "2026-12-03"], shorten=1,
    ...              extension=".zip", max_length=44)
    'Dossier CPME - Boulangerie - 2026-12-03.zip'
    """
    cleaned = [_normalised_part(p, pictographs) for p in parts]
    fixed = [p for i, p in enumerate(cleaned) if i != shorten and p]
    fixed_text = separator.join(fixed) + (separator if fixed else "") + extension
    room = max_length - len(fixed_text)
    room_bytes = max_bytes - len(fixed_text.encode("utf-8"))
    middle = cleaned[shorten] if 0 <= shorten < len(cleaned) else ""
    middle = _strip_edges(cut_at_word(middle, room, room_bytes)) if room > 0 and room_bytes > 0 \
        else ""
    kept = [middle if i == shorten else p for i, p in enumerate(cleaned)]
    return safe_filename(separator.join(p for p in kept if p) + extension, max_length=max_length,
                         max_bytes=max_bytes, pictographs=pictographs, fallback=fallback)


def _name_key(name: str) -> str:
    """Comparison key of a name: case-insensitive as on Windows and macOS."""
    return unicodedata.normalize("NFC", name).casefold()


def _numbered(name: str, number: int, max_length: int | None, max_bytes: int) -> str:
    folder, sep, base = name.rpartition("/")
    stem, ext = split_extension(base)
    suffix = f" ({number}){ext}"
    limit = max_length if max_length is not None else len(stem) + len(suffix)
    short_stem = _cut(stem, limit - len(suffix), max_bytes - len(suffix.encode("utf-8")))
    short_stem = short_stem.rstrip(" ")
    return f"{folder}{sep}{short_stem}{suffix}"


def unique_names(
    names: Iterable[str],
    *,
    reserved: Iterable[str] = (),
    max_length: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[str]:
    """The names, in order, made distinct case-insensitively: ``["a.pdf", "A.pdf"]`` gives
    ``["a.pdf", "A (2).pdf"]``.

    The first occurrence of a name keeps it; a later duplicate gets `` (2)``, `` (3)``... before
    its extension, skipping any number that would collide with another name of the list or with
    ``reserved``. The numbered name keeps within ``max_length`` characters (if given) and
    ``max_bytes`` UTF-8 bytes for its last component by shortening the stem. Names may contain
    ``/``: only the part after the last ``/`` is numbered.
    """
    names = list(names)
    taken = {_name_key(n) for n in reserved}
    wanted = {_name_key(n) for n in names}
    out: list[str] = []
    for name in names:
        key = _name_key(name)
        if key not in taken:
            taken.add(key)
            out.append(name)
            continue
        number = 2
        while True:
            candidate = _numbered(name, number, max_length, max_bytes)
            candidate_key = _name_key(candidate)
            if candidate_key not in taken and candidate_key not in wanted:
                break
            number += 1
        taken.add(candidate_key)
        out.append(candidate)
    return out


def exhibit_filename(
    number: int,
    title_or_name: str,
    extension: str,
    *,
    max_length: int = DEFAULT_MAX_LENGTH,
    ascii_only: bool = True,
) -> str:
    """The name of an exhibit in the dossier: ``exhibit_filename(1, "Facture janvier", "pdf")``
    gives ``"P01_Facture_janvier.pdf"`` (two digits, three from 100).

    Spaces become ``_``; an extension already ending the title (``facture.PDF``) is not repeated;
    by default the title is transliterated to ASCII (``Facture_fevrier``): the exhibit index keeps
    the exact title.
    """
    if number < 0:
        raise ValueError("numéro de pièce négatif")
    prefix = f"P{number:02d}"
    ext = re.sub(r"[^A-Za-z0-9]", "", extension or "").lower()[:10]
    ext = f".{ext}" if ext else ""
    title = unicodedata.normalize("NFC", title_or_name or "").strip()
    if ext and title.lower().endswith(ext):
        title = title[: -len(ext)]
    title = safe_filename(
        title, max_length=max_length, fallback="", ascii_only=ascii_only
    ) if title.strip(" .") else ""
    title = _UNDERSCORE_RUN.sub("_", title.replace(" ", "_").replace(".", "_")).strip("_")
    stem = f"{prefix}_{title}" if title else prefix
    return safe_filename(stem + ext, max_length=max_length, fallback=prefix + ext)

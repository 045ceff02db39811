"""The shared core of the letters: what a letter kind declares (:class:`LetterSpec`), what
it is composed from (:class:`Request`), the warnings collected while composing
(:class:`Notes`), the visible placeholders, and small French text helpers.

Nothing here invents a fact: what the case does not hold is either left out or printed as a
visible placeholder (:data:`TO_FILL`, :data:`ADDRESS_PLACEHOLDER`) with a warning for the user.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from dispute.calendar import format_date_fr
from dispute.letter_kinds import LetterKind
from dispute.model import Case, PostalAddress
from documents.content import BulletList, Paragraph
from documents.letter_settings import LetterSettings
from documents.money import euros  # noqa: F401 - re-exported: the letters format amounts through it
from documents.text import clean_line, clean_text, registration_number
# re-exported: the letters date periods through it
from documents.text import period_fr  # noqa: F401

if TYPE_CHECKING:
    from dispute.directory import Directory
    from dispute.procedure import Assessment
    from documents.content import Letter, Report


ADDRESS_PLACEHOLDER = "ADRESSE À COMPLÉTER"
"""Last line of a recipient block the directory and the case cannot fill (capitals: it is
the line the postal norm wants in capitals, and it cannot be missed on paper)."""


TO_FILL = "[à compléter]"
"""Placeholder for a missing value inside the text."""


# --------------------------------------------------------------------------------------------
# Warnings


@dataclass
class Notes:
    """The warnings collected while composing (French sentences, no duplicates)."""

    items: list[str] = field(default_factory=list)

    def add(self, message: str) -> None:
        if message not in self.items:
            self.items.append(message)

    def extend(self, messages: Iterable[str]) -> None:
        for m in messages:
            self.add(m)


# --------------------------------------------------------------------------------------------
# What a letter is composed from, what a letter kind declares


class Signer(StrEnum):
    """Who may sign a letter kind."""

    SUBSCRIBER_OR_STRUCTURE = "subscriber_or_structure"
    """The subscriber, or the handling structure when the settings say it signs."""
    SUBSCRIBER = "subscriber"
    """Always the subscriber (a structure appears as « dossier suivi par »)."""
    STRUCTURE = "structure"
    """Always the handling structure (the CPME's single contact, seeds/000)."""


@dataclass(frozen=True)
class Request:
    """Everything a letter is composed from. ``exhibit_ids`` limits the enclosures (None:
    every exhibit); ``directory`` None means the shipped directory; ``notes`` collects the
    warnings for the user."""

    case: Case
    assessment: Assessment
    settings: LetterSettings
    today: date
    notes: Notes
    exhibit_ids: Sequence[str] | None = None
    directory: Directory | None = None


@dataclass(frozen=True)
class LetterSpec:
    """What one letter kind declares: its recipient (in words, for the documentation and
    the GUI), who signs it, how its body is written (``compose``), its annex if any (the
    mediator's summary sheet) and whether it is posted (the CPME request goes by email).
    Whether it fits the case now is the procedure engine's decision (``Assessment.letters``),
    read by :func:`documents.letters.registry.available_letters`."""

    kind: LetterKind
    recipient: str
    signer: Signer
    compose: Callable[[Request], Letter]
    annex: Callable[[Request], Report] | None = None
    postal: bool = True


# --------------------------------------------------------------------------------------------
# Text helpers


def line(value: object) -> str:
    return clean_line(value)


def sentence(value: object) -> str:
    """User text as one sentence: folded to one line, ending with a full stop."""
    text = clean_line(value)
    if text and text[-1] not in ".!?…":
        text += "."
    return text


_VOWELS = "aeiouyàâäéèêëîïôöùûüœ"  # an initial h is left alone (aspirated or not)


def of_phrase(phrase: str) -> str:
    """« de » before a noun phrase, contracted or elided as French wants: « du litige »
    (le), « des factures » (les), « de l'option », « d'une facturation », « d'Orange »,
    « de la CPME » (review T3: never « de une », « de le »)."""
    low = phrase[:4].casefold()
    if low.startswith("le "):
        return "du " + phrase[3:]
    if low.startswith("les "):
        return "des " + phrase[4:]
    first = phrase[:1].casefold()
    return f"d'{phrase}" if first and first in _VOWELS and not low.startswith("la ") \
        else f"de {phrase}"


def to_phrase(phrase: str) -> str:
    """« à » before a noun phrase: « au service clients » (le), « aux factures » (les),
    « à l'opérateur », « à une facturation »."""
    low = phrase[:4].casefold()
    if low.startswith("le "):
        return "au " + phrase[3:]
    if low.startswith("les "):
        return "aux " + phrase[4:]
    return f"à {phrase}"


def join_fr(items: Sequence[str], last: str = "et") -> str:
    """ "a", "a et b", "a, b et c"."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def dates_fr(days: Sequence[date]) -> str:
    """ "5 octobre 2026", "5 et 12 octobre 2026", "30 septembre et 5 octobre 2026", "3, 10 et
    17 mars 2026" (one year: said once)."""
    days = sorted(set(days))
    if not days:
        return ""
    if len({d.year for d in days}) > 1:
        return join_fr([format_date_fr(d) for d in days])
    parts = []
    for i, d in enumerate(days):
        text = format_date_fr(d).rsplit(" ", 1)[0]
        last_of_month = i == len(days) - 1 or days[i + 1].month != d.month
        parts.append(text if last_of_month else text.split(" ", 1)[0])
    return f"{join_fr(parts)} {days[0].year}"


def siret_text(value: str) -> str:
    """ "SIRET : 901 473 629 00011" for a SIRET, "SIREN : 901 473 629" for a SIREN; other text
    as typed (:func:`documents.text.registration_number`, with a colon)."""
    return registration_number(value).replace(" ", " : ", 1)


def one_line_address(address: PostalAddress) -> str:
    parts = [line(s) for s in address.street_lines if line(s)]
    city = " ".join(p for p in (line(address.postcode), line(address.city)) if p)
    if city:
        parts.append(city)
    if line(address.country):
        parts.append(line(address.country))
    return ", ".join(parts)


def bullets(items: Sequence[str]) -> BulletList:
    """A French enumeration: items end with ";" and the last with "."."""
    out = []
    for i, item in enumerate(items):
        end = "." if i == len(items) - 1 else " ;"
        out.append(Paragraph.of(clean_text(item) + end))
    return BulletList(tuple(out))

"""What composing a letter gives: :class:`ComposedLetter` (the letter, its warnings, its
annex), and :class:`LetterAvailability` (whether a kind fits the case now, and why)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dispute.letter_kinds import LETTER_LABELS, LetterKind
from documents.content import Letter, Report


FILE_STEMS: dict[LetterKind, str] = {k: k.value for k in LetterKind}


@dataclass(frozen=True)
class ComposedLetter:
    """What :func:`compose_letter` returns.

    ``warnings``: French sentences for the user (never printed on the letter): addresses to
    fill, missing values, rules to check. ``annex``: the mediator's summary sheet (printed after
    the cover letter). ``postal``: False for the CPME request, which is sent by email (its
    recipient block is not a postal address)."""

    kind: LetterKind
    letter: Letter
    warnings: tuple[str, ...] = ()
    annex: Report | None = None
    postal: bool = True
    case_texts: tuple[tuple[str, str], ...] = ()
    """The case's texts with the French name of their field (``documents.glyphs``): a
    character the font cannot draw is said with the field it was typed in."""
    title: str = ""
    """The engine's label for this case when it differs from the kind's usual one (the
    business's « Recours interne auprès de l'opérateur », the « Demande au tribunal de
    commerce »): the file name in a dossier, the preview's title (review4 R1)."""

    @property
    def label(self) -> str:
        return self.title or LETTER_LABELS[self.kind]

    def file_stem(self) -> str:
        """ "2026-07-01_saisine_mediateur" (ASCII, safe on every OS)."""
        day = self.letter.date.isoformat() if self.letter.date else "sans-date"
        return f"{day}_{FILE_STEMS[self.kind]}"


@dataclass(frozen=True)
class LetterAvailability:
    kind: LetterKind
    available: bool
    reason: str  # French: why it is available, or why not (yet)
    warning: str = ""  # to show before writing it (the procureur complaint), from the engine
    state: str = ""
    """The engine's state (``dispute.procedure.LetterState`` value: possible, premature,
    sent, not_applicable), "" when the engine does not decide the kind."""
    possible_from: date | None = None  # premature: the day it becomes possible, if known
    title: str = ""  # the engine's label for this case, when it differs from the usual one

    @property
    def not_applicable(self) -> bool:
        """Definitively not for this case (a business and the telecom mediator, the one-year
        limit passed, a private subscriber and the CPME…): never put in a dossier."""
        return self.state == "not_applicable"

    def __iter__(self):  # unpack as (kind, available, reason)
        return iter((self.kind, self.available, self.reason))

    @property
    def label(self) -> str:
        return self.title or LETTER_LABELS[self.kind]

"""Compose: from a case (and its assessment) to the content model of each letter.

Public API
----------
- :class:`LetterKind` and ``LETTER_LABELS`` (defined in :mod:`dispute.letter_kinds`);
- :func:`available_letters(case, assessment)`: each kind, whether it fits the case now, and
  why (French);
- :func:`compose_letter(kind, case, assessment, settings, today)` → :class:`ComposedLetter`:
  the :class:`~documents.content.Letter`, the warnings for the user (missing address, values
  to fill, rules to check), and for the mediator saisine the summary sheet (``annex``, a
  :class:`~documents.content.Report`);
- :func:`composed_pdf_bytes` / :func:`composed_docx_bytes` / :func:`composed_files`: the
  letter and its annex as one PDF or one DOCX (:mod:`documents.letters.output`).

Layout: one module per letter kind (``service_clients``, ``service_consommateurs``,
``billing``, ``formal_notice``, ``mediator``, ``cpme``, ``dgccrf``, ``procureur``,
``conciliateur``, ``court_request``, ``business_mediator``, ``mandate``, ``portability``,
``reminder``),
each declaring its :class:`~documents.letters.core.LetterSpec` (recipient, signer, body,
annex); whether a letter fits the case now is the procedure engine's decision
(``Assessment.letters``); the shared core: ``core`` (the spec, the request, notes, placeholders,
text helpers), ``voice``, ``recipients``, ``steps``, ``claims``, ``frame``, ``typography``;
``registry`` lists the kinds and composes; ``output`` renders. docs/letters.md describes
every letter. Qt-free, store-free.
"""

from __future__ import annotations

from dispute.letter_kinds import LETTER_LABELS, LetterKind
from documents.letters.composed import ComposedLetter, LetterAvailability
from documents.letters.output import composed_docx_bytes, composed_files, composed_pdf_bytes
from documents.letters.registry import (
    SPECS,
    UnknownLetterKind,
    available_letters,
    compose_all,
    compose_letter,
)

__all__ = [
    "LETTER_LABELS",
    "SPECS",
    "ComposedLetter",
    "LetterAvailability",
    "LetterKind",
    "UnknownLetterKind",
    "available_letters",
    "compose_all",
    "compose_letter",
    "composed_docx_bytes",
    "composed_files",
    "composed_pdf_bytes",
]

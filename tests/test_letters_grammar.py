"""Every letter type, over a matrix of cases, read by Grammalecte (issue 10, point 7).

Grammar options on, typography options off (see tests/grammar.py). A test fails on any
grammar error that is not in :data:`ACCEPTED`, the reviewed list of domain terms the
checker does not know. Skipped, with the reason, where Debian's python3-grammalecte is not
installed for the system Python (``.ci/run`` installs it)."""

from __future__ import annotations

import re

import pytest

from dispute.procedure import assess
from documents.content import BulletList, Paragraph
from documents.letter_settings import LetterSettings
from documents.letters import SPECS, compose_letter
from tests.grammar import check_texts, unavailable_reason
from tests.letter_matrix import DAY, matrix

_REASON = unavailable_reason()
pytestmark = pytest.mark.skipif(_REASON is not None, reason=_REASON or "")

ACCEPTED: tuple[tuple[str, str, str], ...] = (
    # (word flagged, text around it, why it is right here) — reviewed, keep it short.
    (r"^(clients|consommateurs)$", r"service (clients|consommateurs)",
     "« service clients », « service consommateurs »: the operators' own names of their "
     "two levels (seeds/001), not an agreement of « service »"),
    (r"^\w+$", r"n° [0-9A-Z][0-9A-Z -]* \w+",
     "a word after a reference number (LRAR, ticket): the number's last digits are not a "
     "quantity"),
    (r"^entreprises$", r"conseiller entreprises",
     "« conseiller entreprises »: the operators' name of their business advisers (typed by "
     "the user in the examples' events)"),
)


def _accepted(error) -> bool:
    return any(re.search(found, error.found, re.IGNORECASE)
               and re.search(around, error.context, re.IGNORECASE)
               for found, around, _ in ACCEPTED)


def letter_text(letter) -> str:
    """The letter's sentences, one paragraph a line (tables and address blocks excluded:
    they are not sentences)."""
    parts = [letter.subject, letter.salutation]
    for block in letter.body:
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, BulletList):
            parts += [item.text for item in block.items]
    parts.append(letter.closing)
    parts += [e.title for e in letter.enclosures]
    return "\n".join(p.replace("\u00a0", " ") for p in parts if p)


def _texts() -> list[tuple[str, str]]:
    out = []
    for label, case in matrix():
        assessment = assess(case, DAY)
        for signs in (False, True):
            if signs and case.handling_structure is None:
                continue
            settings = LetterSettings(structure_signs=signs)
            for kind in SPECS:
                composed = compose_letter(kind, case, assessment, settings, DAY)
                out.append((f"{label}/{kind.value}/{'structure' if signs else 'abonné'}",
                            letter_text(composed.letter)))
    return out


def test_every_letter_of_the_matrix_has_no_grammar_error() -> None:
    texts = _texts()
    results = check_texts([t for _, t in texts])
    failures: dict[tuple[str, str], list[str]] = {}
    for (name, _), errors in zip(texts, results):
        for e in errors:
            if not _accepted(e):
                failures.setdefault((e.found, e.context), []).append(name)
    report = [f"{error[1]!r} — « {error[0]} » in {len(names)} letter(s), e.g. {names[0]}"
              for error, names in failures.items()]
    assert not failures, f"{len(failures)} erreur(s) distincte(s) :\n" + "\n".join(report)

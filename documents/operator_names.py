"""The operator's name as every document prints it: the letters, the chronology, the
bordereau, the dossier's LISEZMOI and title (review T15; review2 12.1: « Bouygues Telecom » in
the letters and « Bouygues Télécom » in the chronology of the same dossier).

The case's name, spelt as the operator's register spells it when the case names that very
operator (:data:`LEGAL_NAMES`)."""

from __future__ import annotations

from dispute.directory import normalize_name
from dispute.model import Case
from documents.text import clean_line

LEGAL_NAMES: dict[str, tuple[str, str]] = {
    "bouygues": ("Bouygues Telecom", "société anonyme"),
}
"""Operators' denominations and forms as their register writes them, by directory id:
« BOUYGUES TELECOM, SA », acte déposé au RCS de Paris le 28/12/2021 (LEGAL-2026-12 § 1.1,
A/B). Orange's form is not in a source the app may use; SFR's entry is « à vérifier » (C):
neither is listed."""


def register_name(case: Case) -> str:
    """« Bouygues Telecom » for « Bouygues Télécom » typed or copied from the directory; the
    typed name otherwise, on one line; "" when none is typed."""
    name = clean_line(case.operator.name)
    legal = LEGAL_NAMES.get(case.operator.directory_id)
    if name and legal is not None and normalize_name(legal[0]) == normalize_name(name):
        return legal[0]
    return name

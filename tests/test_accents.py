"""dispute.accents: the one accent-stripping helper behind searches and name lookups."""

import pytest

from dispute.accents import strip_accents


@pytest.mark.parametrize(("text", "expected"), [
    ("Bouygues Télécom", "Bouygues Telecom"),
    ("ÉCRASEMENT", "ECRASEMENT"),
    ("e\u0301", "e"),  # a decomposed é
    ("cœur", "cœur"),  # œ is a letter, not an accented o
    ("ﬁbre", "fibre"),  # compatibility ligature
    ("", ""),
    ("🚀 & <b>", "🚀 & <b>"),
])
def test_strip_accents(text, expected):
    assert strip_accents(text) == expected

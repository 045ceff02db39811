"""A formal notice is recognised from the head of its summary as from the whole text.

``is_formal_notice`` runs for every written complaint at every save (the list summary,
issue 13): it now reads the first hundred characters of a summary, and the whole text only
when those give too little. The answer must be the whole text's for any summary: accents,
case, runs of spaces, combining marks, ligatures, final sigmas, lone surrogates, a head of
spaces or marks, the boundary anywhere in the prefix.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dispute.accents import strip_accents
from dispute.model import Counterpart, Event, EventKind
from dispute.procedure.events import (
    _HEAD,
    FORMAL_NOTICE_PREFIXES,
    _names_formal_notice,
    is_formal_notice,
)


def whole_text(summary: str) -> bool:
    """The former reading: the whole summary decomposed."""
    return " ".join(strip_accents(summary).lower().split()).startswith(FORMAL_NOTICE_PREFIXES)


MARK = "\u0301"  # combining acute accent
HOSTILE = [
    "", " ", "Mise en demeure", "mise en demeure de payer", "MISE EN DÉMEURE",
    "Lettre de mise en demeure", "lettre  de\tmise\nen demeure", "Lettre de mise en",
    "Mise en de meure", "Relance : mise en demeure", "ﬁn de mise en demeure",
    "M" + MARK * 300 + "ise en demeure", "Mise en" + MARK * 150 + " demeure",
    " " * 99 + "Mise en demeure", " " * 100 + "Mise en demeure", " " * 101 + "Mise en demeure",
    " " * 500 + "Lettre de mise en demeure", "\u00a0" * 120 + "mise en demeure",
    "Mise en demeur" + "Σ" * 200, "Mise en demeure" + "Σ", "ΣΣΣ mise en demeure",
    "İ" * 150, "Mise en demeure \ud800", "\ud800 Mise en demeure", "<&> mise en demeure",
    "Mise en demeure 😀" * 50, "m\u0300ise en demeure", "Ｍｉｓｅ ｅｎ ｄｅｍｅｕｒｅ",
    "x" * (_HEAD - 1) + " Mise en demeure", "Mise" + " " * (_HEAD - 4) + "en demeure",
    "Mise en" + " " * (_HEAD - 10) + "demeure", "Lettre de mise en" + " " * 200 + "demeure",
]


@pytest.mark.parametrize("summary", HOSTILE)
def test_the_head_reads_like_the_whole_text(summary):
    assert _names_formal_notice(summary) is whole_text(summary)


def test_the_boundary_anywhere_in_a_long_formal_notice():
    base = "Lettre de mise en demeure"
    for spaces in range(0, _HEAD + 5):
        for cut in range(len(base) + 1):
            summary = " " * spaces + base[:cut] + " " * 3 + base[cut:] + " suite"
            assert _names_formal_notice(summary) is whole_text(summary)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(
    list("mise nldtrMISEÉé ΣσςİıﬁＭ\t\n\u00a0") + [MARK, "\u0327", "\ud800", "😀"]),
    max_size=_HEAD + 60))
def test_random_summaries(summary):
    assert _names_formal_notice(summary) is whole_text(summary)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(FORMAL_NOTICE_PREFIXES), st.text(max_size=30), st.text(max_size=200))
def test_random_texts_around_a_prefix(prefix, before, after):
    for summary in (before + prefix + after, prefix + after, before + prefix):
        assert _names_formal_notice(summary) is whole_text(summary)


def test_an_event_is_read_again_when_its_summary_changes():
    event = Event(kind=EventKind.REGISTERED_LETTER, date=date(2026, 1, 5),
                  counterpart=Counterpart.SERVICE_CONSOMMATEURS, written=True,
                  summary=" " * 300 + "Mise en demeure")
    assert is_formal_notice(event)
    event.summary = "Relance"
    assert not is_formal_notice(event)

"""The fifth practitioner's reading of the letters (/work/coord/review5-letters.md): points 1,
10 and 12 (À CORRIGER) and the suggestions 5 to 9 and 13. Each test builds the reviewer's
case and quotes the text the reviewer refused."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from dispute.model import BusinessForm, Civility
from documents.content import Paragraph, Table
from documents.letters import SPECS, LetterKind
from documents.text import plain
from tests.letter_matrix import _business, _private
from tests.test_review2_letters import UFC, _signed, couple_ufc
from tests.test_review_third_party_letters import STRUCTURE_SIGNS, compose

MANDATE = "Nous agissons en vertu du mandat"


def _with_structure(case):
    if case.handling_structure is None:
        case.handling_structure = copy.deepcopy(UFC)
    return case


def _structure_cases():
    """(label, case, pronoun): the structure signs for a company, a sole trader, a woman, a
    man and a couple, the mandate signed and scanned; the pronoun the mandate sentence takes."""
    yield "societe", _signed(_business(BusinessForm.COMPANY), scanned=True), "qu'elle nous a"
    yield "ei", _signed(_with_structure(_business(BusinessForm.SOLE_TRADER)), scanned=True), \
        "qu'elle nous a"
    yield "femme", _signed(_with_structure(_private(Civility.MRS, "Claire Fontaine", False)),
                           scanned=True), "qu'elle nous a"
    yield "homme", _signed(_with_structure(_private(Civility.MR, "Jean Fontaine", False)),
                           scanned=True), "qu'il nous a"
    yield "couple", _signed(couple_ufc(), scanned=True), "qu'ils nous ont"


# -- 1. The mandate sentence never cuts an announcement from what it announces ---------------


@pytest.mark.parametrize("label,case,pronoun", list(_structure_cases()),
                         ids=[c[0] for c in _structure_cases()])
def test_1_mandate_sentence_follows_the_presentation(label, case, pronoun) -> None:
    """1: « … nous contestons les montants suivants : / Nous agissons en vertu du mandat … /
    [tableau] ». In every letter the structure signs, the mandate sentence comes after a
    sentence that ends (never after « : »), and it names who gave the mandate."""
    for kind in SPECS:
        body = compose(kind, case, settings=STRUCTURE_SIGNS).letter.body
        at = [i for i, b in enumerate(body)
              if isinstance(b, Paragraph) and b.text.startswith(MANDATE)]
        if not at:
            continue
        before = body[at[0] - 1]
        assert isinstance(before, Paragraph), (kind, before)
        assert not before.text.rstrip().endswith(":"), (kind, before.text)
        assert plain(body[at[0]].text).startswith(
            f"{MANDATE} {pronoun} donné le 20 juin 2026 (pièce n° "), (kind, body[at[0]].text)


def test_1_billing_table_follows_its_announcement() -> None:
    """1, case b2-signs: the presentation, the mandate, then « Après examen … nous contestons
    les montants suivants : » directly above the table."""
    case = _signed(_business(BusinessForm.COMPANY), scanned=True)
    body = compose(LetterKind.BILLING, case, settings=STRUCTURE_SIGNS).letter.body
    paragraphs = [b for b in body if isinstance(b, Paragraph)]
    texts = [plain(p.text) for p in paragraphs]
    first = next(i for i, t in enumerate(texts) if t.startswith("Nous intervenons"))
    assert texts[first].endswith("souscrit le 6 janvier 2025."), texts[first]
    assert texts[first + 1].startswith(MANDATE)
    assert texts[first + 2] == ("Après examen ligne par ligne de ses factures, nous contestons "
                                "les montants suivants :")
    table = body.index(paragraphs[first + 2]) + 1
    assert isinstance(body[table], Table)
    # the subscriber's own voice keeps its single sentence
    own = [b for b in compose(LetterKind.BILLING, case).letter.body
           if isinstance(b, Paragraph)]
    announcing = next(i for i, b in enumerate(own) if plain(b.text).endswith("suivants :"))
    assert "Notre société" in own[announcing].text
